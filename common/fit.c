/*
 * fit.c - see fit.h.  The numerics are GSL's: gsl_fit_linear and
 * gsl_fit_wlinear for straight lines (and for A, B of the exponential at a
 * fixed C), GSL's golden-section minimiser for C, and
 * gsl_multifit_nlinear_covar for the covariance.  GSL's default error
 * handler aborts; it is switched off before GSL is called, and inputs are
 * checked so that it never errs.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_statistics_double.h>

#include "fit.h"

/* 1 when every x[i] equals x[0] (no slope can be fitted). */
static int
all_equal(const double *x, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (x[i] != x[0])
			return 0;
	return 1;
}

int
hop_fit_line(const double *x, const double *y, const double *w, size_t n,
    struct hop_linfit *fit)
{
	double c0, c1, c00, c01, c11, rss, tss;

	fit->n = n;
	fit->a = fit->b = fit->da = fit->db = fit->r2 = NAN;
	if (n < 2 || all_equal(x, n))
		return -1;
	gsl_set_error_handler_off();
	/* Both compute centred sums: stable when x is far from 0 (1/T, lags
	 * in ps). */
	if (w != NULL) {
		gsl_fit_wlinear(x, 1, w, 1, y, 1, n, &c0, &c1, &c00, &c01,
		    &c11, &rss);
		tss = gsl_stats_wtss(w, 1, y, 1, n);
	} else {
		gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &c00, &c01, &c11,
		    &rss);
		tss = gsl_stats_tss(y, 1, n);
	}
	if (!isfinite(c0) || !isfinite(c1))
		return -1;
	fit->a = c0;
	fit->b = c1;
	fit->r2 = tss > 0 ? 1.0 - rss / tss : 1.0;
	/* With weights the errors come from them (GSL's covariance of
	 * wlinear); without, from the scatter, which needs n > 2. */
	if (w != NULL || n > 2) {
		fit->da = c00 >= 0 ? sqrt(c00) : NAN;
		fit->db = c11 >= 0 ? sqrt(c11) : NAN;
	}
	return 0;
}

/* What the profile over C needs: the data and room for e^(-C x). */
struct prof {
	const double *x, *y;
	double *e;
	size_t n;
	double A, B; /* at the last C evaluated */
};

/*
 * For C = e^u, the best A and B of y = A + B e^(-C x) by ordinary least
 * squares on the two basis functions (a straight line in e^(-C x));
 * returns the residual sum of squares, infinite when the basis is
 * degenerate at this C (every e^(-C x) equal, or underflowed to 0).
 */
static double
profile(double u, void *ctx)
{
	struct prof *p = ctx;
	double C = exp(u), c00, c01, c11, rss;
	size_t i;

	for (i = 0; i < p->n; i++)
		p->e[i] = exp(-C * p->x[i]);
	if (all_equal(p->e, p->n))
		return INFINITY;
	gsl_fit_linear(p->e, 1, p->y, 1, p->n, &p->A, &p->B, &c00, &c01,
	    &c11, &rss);
	return isfinite(rss) && isfinite(p->A) && isfinite(p->B) ? rss :
	    INFINITY;
}

/*
 * The index of the first smallest profile value on m + 1 points evenly
 * spaced over [lo, hi]; f[] gets the values.
 */
static size_t
grid_min(struct prof *p, double lo, double hi, size_t m, double *f)
{
	size_t k, best = 0;

	for (k = 0; k <= m; k++) {
		f[k] = profile(lo + (hi - lo) * (double)k / (double)m, p);
		if (f[k] < f[best])
			best = k;
	}
	return best;
}

/*
 * GSL's golden-section minimiser from a bracket a < m < b with f(m) below
 * f(a) and f(b), down to a bracket of 1e-13; returns the minimiser in
 * u = ln C.  (Brent's method stops at sqrt(DBL_EPSILON) |u|, which leaves
 * visible digits in A on exact data; golden section only compares values,
 * which keeps narrowing while the RSS still tells points apart.)
 */
static double
refine(struct prof *p, double a, double fa, double m, double fm, double b,
    double fb)
{
	gsl_min_fminimizer *s = gsl_min_fminimizer_alloc(
	    gsl_min_fminimizer_goldensection);
	gsl_function F = {profile, p};
	double u = m;
	int it;

	if (s == NULL)
		return m;
	if (gsl_min_fminimizer_set_with_values(s, &F, m, fm, a, fa, b, fb) ==
	    GSL_SUCCESS) {
		for (it = 0; it < 200; it++) {
			if (gsl_min_fminimizer_iterate(s) != GSL_SUCCESS)
				break;
			if (gsl_min_test_interval(
			    gsl_min_fminimizer_x_lower(s),
			    gsl_min_fminimizer_x_upper(s), 1e-13, 0) ==
			    GSL_SUCCESS)
				break;
		}
		u = gsl_min_fminimizer_x_minimum(s);
	}
	gsl_min_fminimizer_free(s);
	return u;
}

int
hop_fit_exp(const double *x, const double *y, size_t n,
    struct hop_expfit *fit)
{
	enum { GRID = 400, FINE = 40 };
	const double ulo = log(HOP_EXPFIT_CMIN), uhi = log(HOP_EXPFIT_CMAX);
	double f[GRID + 1], a, b, u, h, C, A, B, my = 0, tss = 0;
	double flo, fhi, best, tol;
	struct prof p = {x, y, NULL, n, NAN, NAN};
	gsl_matrix *J = NULL, *cov = NULL;
	size_t i, distinct = 0, k, j;

	fit->n = n;
	fit->A = fit->B = fit->C = fit->dA = fit->dB = fit->dC = NAN;
	fit->r2 = fit->rss = NAN;
	fit->at_edge = 0;
	for (i = 0; i < n; i++) {
		for (j = 0; j < i && x[j] != x[i]; j++)
			;
		distinct += j == i;
	}
	if (n < 3 || distinct < 3)
		return -1;
	if ((p.e = malloc(n * sizeof(double))) == NULL)
		return -1;
	gsl_set_error_handler_off();
	/* A coarse logarithmic grid finds the basin, a finer one around its
	 * best point brackets the minimum, and golden section narrows it;
	 * the RSS is smooth in ln C.  A minimum on the range's end stays
	 * there and is reported as such. */
	k = grid_min(&p, ulo, uhi, GRID, f);
	if (!isfinite(f[k])) {
		free(p.e);
		return -1;
	}
	flo = f[0];
	fhi = f[GRID];
	h = (uhi - ulo) / GRID;
	a = k > 0 ? ulo + h * (double)(k - 1) : ulo;
	b = k < GRID ? ulo + h * (double)(k + 1) : uhi;
	j = grid_min(&p, a, b, FINE, f);
	u = a + (b - a) * (double)j / FINE;
	if (j > 0 && j < FINE && f[j] < f[j - 1] && f[j] < f[j + 1])
		u = refine(&p, a + (b - a) * (double)(j - 1) / FINE, f[j - 1],
		    u, f[j], a + (b - a) * (double)(j + 1) / FINE, f[j + 1]);
	/* At an edge when the best RSS is no better than an end's, to
	 * rounding: C is then not told apart from CMIN or CMAX (a straight
	 * line; a decay steeper than the range, whose RSS falls to rounding
	 * noise well before CMAX). */
	for (i = 0; i < n; i++)
		my += y[i];
	my /= (double)n;
	for (i = 0; i < n; i++)
		tss += (y[i] - my) * (y[i] - my);
	best = profile(u, &p);
	tol = 1e-9 * best + 1e-14 * tss;
	if (u <= ulo || flo <= best + tol) {
		u = ulo;
		fit->at_edge = -1;
	} else if (u >= uhi || fhi <= best + tol) {
		u = uhi;
		fit->at_edge = 1;
	}
	C = exp(u);
	fit->rss = profile(u, &p);
	A = p.A;
	B = p.B;
	free(p.e);
	if (!isfinite(fit->rss))
		return -1;
	fit->A = A;
	fit->B = B;
	fit->C = C;
	fit->r2 = tss > 0 ? 1.0 - fit->rss / tss : 1.0;
	if (n < 4)
		return 0;
	/* cov = RSS / (n - 3) (J^T J)^-1 with the Jacobian J = [1, e^(-Cx),
	 * -B x e^(-Cx)] at the optimum, by GSL's QR of J. */
	J = gsl_matrix_alloc(n, 3);
	cov = gsl_matrix_alloc(3, 3);
	if (J != NULL && cov != NULL) {
		for (i = 0; i < n; i++) {
			double e = exp(-C * x[i]);

			gsl_matrix_set(J, i, 0, 1.0);
			gsl_matrix_set(J, i, 1, e);
			gsl_matrix_set(J, i, 2, -B * x[i] * e);
		}
		if (gsl_multifit_nlinear_covar(J, 0.0, cov) == GSL_SUCCESS) {
			double s2 = fit->rss / (double)(n - 3), *d[3] = {
			    &fit->dA, &fit->dB, &fit->dC};
			int q;

			/* A rank-deficient J leaves a zero variance, an
			 * ill-conditioned one a useless number: no standard
			 * error then, rather than a 0 or a "-nan". */
			for (q = 0; q < 3; q++) {
				double v = gsl_matrix_get(cov, q, q);

				*d[q] = v > 0 && isfinite(v) ? sqrt(s2 * v) :
				    NAN;
			}
		}
	}
	gsl_matrix_free(J);
	gsl_matrix_free(cov);
	return 0;
}
