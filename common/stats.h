/*
 * stats.h - descriptive statistics of samples: summaries, quantiles,
 * histogram bins, Pearson correlation and kernel density estimates.
 */
#ifndef HOP_STATS_H
#define HOP_STATS_H

#include <stddef.h>

/* A sample's summary; every field NaN when the sample is empty. */
struct hop_summary {
	size_t n;
	double min, max, mean, median;
	double std; /* sample standard deviation (n - 1); NaN when n < 2 */
};

/*
 * Summarise the n values of v, sorting v in place (ascending) on the way.
 * NaN values must have been removed by the caller.
 */
void hop_summary(double *v, size_t n, struct hop_summary *s);

/* The sample standard deviation (n - 1) of the n values of v, summed in
 * their order; NaN when n < 2 or any value is NaN. */
double hop_stddev(const double *v, size_t n);

/* Quantile q in [0, 1] of n sorted values, interpolated linearly between
 * order statistics (numpy's default).  NaN when n is 0. */
double hop_quantile(const double *sorted, size_t n, double q);

/*
 * The number of histogram bins over [sorted[0], sorted[n-1]] by the
 * Freedman-Diaconis rule (width 2 IQR n^(-1/3)), at least 1 and at most
 * maxbins.  Sturges' rule (ceil(log2 n) + 1) stands in when the
 * interquartile range is 0; a sample whose values are all equal gets 1.
 */
size_t hop_fd_bins(const double *sorted, size_t n, size_t maxbins);

/* Pearson correlation of x and y over n points; NaN when either has zero
 * variance or n < 2. */
double hop_pearson(const double *x, const double *y, size_t n);

/*
 * Gaussian kernel density estimate of the n values v at the ng points
 * grid, with Scott's bandwidth (std n^(-1/5); a sample of equal values
 * gets a bandwidth of 1e-3 of its magnitude, or 1e-3).  out[i] integrates
 * to 1 over the real line.  Returns the bandwidth, NaN when n is 0.
 */
double hop_kde(const double *v, size_t n, const double *grid, size_t ng,
    double *out);

#endif
