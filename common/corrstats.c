/*
 * corrstats.c - Spearman correlation, p-values and bootstrap intervals.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>

#include "corrstats.h"
#include "rng.h"
#include "stats.h"

struct keyed {
	double v;
	size_t i;
};

static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

int
hop_ranks(const double *x, size_t n, double *rank)
{
	struct keyed *k;
	size_t i, j, t;

	if (n == 0)
		return 0;
	if (n > SIZE_MAX / sizeof(*k) || (k = malloc(n * sizeof(*k))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		k[i].v = x[i];
		k[i].i = i;
	}
	qsort(k, n, sizeof(*k), cmp_keyed);
	/* A run of equal values i..j-1 shares the mean of ranks i+1..j. */
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && k[j].v == k[i].v; j++)
			;
		for (t = i; t < j; t++)
			rank[k[t].i] = 0.5 * (double)(i + 1 + j);
	}
	free(k);
	return 0;
}

int
hop_spearman(const double *x, const double *y, size_t n, double *rho)
{
	double *rx, *ry;

	*rho = NAN;
	if (n < 2)
		return 0;
	if (n > SIZE_MAX / (2 * sizeof(double)) ||
	    (rx = malloc(2 * n * sizeof(double))) == NULL)
		return -1;
	ry = rx + n;
	if (hop_ranks(x, n, rx) != 0 || hop_ranks(y, n, ry) != 0) {
		free(rx);
		return -1;
	}
	*rho = hop_pearson(rx, ry, n);
	free(rx);
	return 0;
}

double
hop_betainc(double a, double b, double x)
{
	gsl_sf_result r;

	if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1))
		return NAN;
	if (x == 0 || x == 1)
		return x;
	/* GSL's default error handler aborts; common/ must never. */
	gsl_set_error_handler_off();
	switch (gsl_sf_beta_inc_e(a, b, x, &r)) {
	case GSL_SUCCESS:
		return r.val;
	case GSL_EUNDRFLW:
		return 0; /* below the smallest double */
	default:
		return NAN; /* no convergence (not seen for a p-value) */
	}
}

double
hop_corr_pvalue(double r, size_t n)
{
	double df, t2;

	if (isnan(r) || n < 3)
		return NAN;
	if (fabs(r) >= 1)
		return 0;
	/* P(|T| > t) = I_{df / (df + t^2)}(df / 2, 1 / 2). */
	df = (double)(n - 2);
	t2 = r * r * df / (1 - r * r);
	return hop_betainc(df / 2, 0.5, df / (df + t2));
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
hop_corr_bootstrap(const double *x, const double *y, size_t n,
    int spearman, size_t nboot, uint64_t seed, double level, double *lo,
    double *hi, size_t *used)
{
	double *bx, *by, *val, r;
	uint64_t rng = hop_rng_seed(seed, 0);
	size_t b, i, j, nval = 0;
	int rc = 0;

	*lo = *hi = NAN;
	if (used != NULL)
		*used = 0;
	if (n < 2 || nboot == 0)
		return 0;
	if (n > SIZE_MAX / (2 * sizeof(double)) ||
	    nboot > SIZE_MAX / sizeof(double))
		return -1;
	bx = malloc(2 * n * sizeof(double));
	val = malloc(nboot * sizeof(double));
	if (bx == NULL || val == NULL) {
		free(bx);
		free(val);
		return -1;
	}
	by = bx + n;
	for (b = 0; b < nboot; b++) {
		for (i = 0; i < n; i++) {
			j = hop_rng_below(&rng, n);
			bx[i] = x[j];
			by[i] = y[j];
		}
		if (spearman) {
			if (hop_spearman(bx, by, n, &r) != 0) {
				rc = -1;
				break;
			}
		} else {
			r = hop_pearson(bx, by, n);
		}
		if (!isnan(r))
			val[nval++] = r;
	}
	if (rc == 0 && nval >= 10) {
		qsort(val, nval, sizeof(*val), cmp_double);
		*lo = hop_quantile(val, nval, (1 - level) / 2);
		*hi = hop_quantile(val, nval, (1 + level) / 2);
	}
	if (used != NULL)
		*used = nval;
	free(bx);
	free(val);
	return rc;
}
