/*
 * poisson.h - exact (Garwood) confidence intervals for a Poisson count,
 * for rates estimated from counted events.
 *
 * For n events the central interval of confidence level 1 - alpha for
 * the mean mu is
 *     lo = chi2^-1(alpha/2; 2n) / 2,   hi = chi2^-1(1 - alpha/2; 2n + 2) / 2
 * (Garwood, Biometrika 28, 437 (1936)), with lo = 0 for n = 0; the
 * quantiles are GSL's (gsl_cdf_chisq_Pinv) up to 100000 counts, and
 * beyond, where GSL's fail, the Wilson-Hilferty approximation (within
 * 2e-10 relative there).  The interval is exact in
 * the sense that it covers mu with at least the stated probability.
 */
#ifndef HOP_POISSON_H
#define HOP_POISSON_H

#include <stdint.h>

/* The interval of level conf (0 < conf < 1, e.g. 0.95) for n counts. */
void hop_poisson_interval(uint64_t n, double conf, double *lo, double *hi);

/* The one-sided upper bound of level conf for n counts:
 * chi2^-1(conf; 2n + 2) / 2 (3.00 for n = 0 at 95 %). */
double hop_poisson_upper(uint64_t n, double conf);

#endif
