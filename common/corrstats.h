/*
 * corrstats.h - correlation between two samples with its significance: the
 * Spearman rank correlation, two-sided p-values of a correlation
 * coefficient, and bootstrap percentile intervals.  (The Pearson
 * coefficient itself is hop_pearson in stats.h.)
 */
#ifndef HOP_CORRSTATS_H
#define HOP_CORRSTATS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Ranks 1..n of the n values of x, ties sharing the mean of their ranks
 * (as scipy.stats.rankdata's "average").  0, or -1 when out of memory.
 */
int hop_ranks(const double *x, size_t n, double *rank);

/*
 * Spearman's rank correlation of x and y: the Pearson correlation of
 * their ranks.  0 with *rho set (NaN when either sample's ranks do not
 * vary or n < 2), or -1 when out of memory.
 */
int hop_spearman(const double *x, const double *y, size_t n, double *rho);

/*
 * Two-sided p-value of a correlation coefficient r over n points under
 * the null hypothesis of no correlation, from Student's t with n - 2
 * degrees of freedom, t = r sqrt((n - 2) / (1 - r^2)) (exact for Pearson
 * with normal samples; the usual approximation for Spearman, as in
 * scipy).  NaN when r is NaN or n < 3; 0 when |r| = 1.
 */
double hop_corr_pvalue(double r, size_t n);

/* The regularised incomplete beta function I_x(a, b), a, b > 0, 0 <= x
 * <= 1 (NaN outside). */
double hop_betainc(double a, double b, double x);

/*
 * A bootstrap percentile interval of the correlation of x and y: nboot
 * resamples of n pairs drawn with replacement (seeded with seed, the same
 * everywhere), each giving a Pearson (spearman = 0) or Spearman
 * coefficient; resamples whose coefficient is undefined (a sample that
 * does not vary) are left out, and *lo, *hi are the (1 - level) / 2 and
 * (1 + level) / 2 quantiles of the others.  *used (may be NULL) gets
 * their number.  Both NaN when fewer than 10 resamples are usable.
 * 0, or -1 when out of memory.
 */
int hop_corr_bootstrap(const double *x, const double *y, size_t n,
    int spearman, size_t nboot, uint64_t seed, double level, double *lo,
    double *hi, size_t *used);

#endif
