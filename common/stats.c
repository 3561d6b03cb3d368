/*
 * stats.c - see stats.h.
 */
#include <math.h>
#include <stdlib.h>

#include "stats.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double
hop_quantile(const double *sorted, size_t n, double q)
{
	double h;
	size_t lo;

	if (n == 0)
		return NAN;
	h = q * (double)(n - 1);
	lo = (size_t)floor(h);
	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

void
hop_summary(double *v, size_t n, struct hop_summary *s)
{
	double sum = 0, ss = 0;
	size_t i;

	s->n = n;
	s->min = s->max = s->mean = s->median = s->std = NAN;
	if (n == 0)
		return;
	qsort(v, n, sizeof(*v), cmp_double);
	for (i = 0; i < n; i++)
		sum += v[i];
	s->mean = sum / (double)n;
	/* Two passes: the centred sum does not cancel for values far from 0. */
	for (i = 0; i < n; i++)
		ss += (v[i] - s->mean) * (v[i] - s->mean);
	s->min = v[0];
	s->max = v[n - 1];
	s->median = hop_quantile(v, n, 0.5);
	if (n > 1)
		s->std = sqrt(ss / (double)(n - 1));
}

double
hop_stddev(const double *v, size_t n)
{
	double m = 0, s = 0;
	size_t i;

	if (n < 2)
		return NAN;
	for (i = 0; i < n; i++)
		m += v[i];
	m /= (double)n;
	for (i = 0; i < n; i++)
		s += (v[i] - m) * (v[i] - m);
	return sqrt(s / (double)(n - 1));
}

size_t
hop_fd_bins(const double *sorted, size_t n, size_t maxbins)
{
	double range, iqr, width, nb;

	if (n == 0 || maxbins == 0)
		return 1;
	range = sorted[n - 1] - sorted[0];
	if (!(range > 0))
		return 1;
	iqr = hop_quantile(sorted, n, 0.75) - hop_quantile(sorted, n, 0.25);
	if (iqr > 0) {
		width = 2.0 * iqr / cbrt((double)n);
		nb = ceil(range / width);
	} else {
		nb = ceil(log2((double)n)) + 1;
	}
	if (!(nb >= 1))
		nb = 1;
	return nb > (double)maxbins ? maxbins : (size_t)nb;
}

double
hop_pearson(const double *x, const double *y, size_t n)
{
	double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
	size_t i;

	if (n < 2)
		return NAN;
	for (i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= (double)n;
	my /= (double)n;
	for (i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		syy += (y[i] - my) * (y[i] - my);
		sxy += (x[i] - mx) * (y[i] - my);
	}
	if (!(sxx > 0) || !(syy > 0))
		return NAN;
	return sxy / sqrt(sxx * syy);
}

double
hop_kde(const double *v, size_t n, const double *grid, size_t ng,
    double *out)
{
	double mean = 0, ss = 0, bw, norm;
	size_t i, j;

	if (n == 0)
		return NAN;
	for (i = 0; i < n; i++)
		mean += v[i];
	mean /= (double)n;
	for (i = 0; i < n; i++)
		ss += (v[i] - mean) * (v[i] - mean);
	bw = n > 1 ? sqrt(ss / (double)(n - 1)) * pow((double)n, -0.2) : 0;
	if (!(bw > 0))
		bw = fabs(mean) > 0 ? 1e-3 * fabs(mean) : 1e-3;
	norm = 1.0 / ((double)n * bw * 2.5066282746310002);
	for (j = 0; j < ng; j++) {
		double s = 0;

		for (i = 0; i < n; i++) {
			double z = (grid[j] - v[i]) / bw;

			s += exp(-0.5 * z * z);
		}
		out[j] = s * norm;
	}
	return bw;
}
