/*
 * fit.c - see fit.h.
 */
#include <math.h>

#include "fit.h"

int
hop_fit_line(const double *x, const double *y, const double *w, size_t n,
    struct hop_linfit *fit)
{
	double sw = 0, sx = 0, sy = 0, mx, my, sxx = 0, sxy = 0, syy = 0;
	double rss = 0;
	size_t i;

	fit->n = n;
	fit->a = fit->b = fit->da = fit->db = fit->r2 = NAN;
	if (n < 2)
		return -1;
	for (i = 0; i < n; i++) {
		double wi = w != NULL ? w[i] : 1.0;

		sw += wi;
		sx += wi * x[i];
		sy += wi * y[i];
	}
	mx = sx / sw;
	my = sy / sw;
	/* Centred sums: stable when x is far from 0 (1/T, lags in ps). */
	for (i = 0; i < n; i++) {
		double wi = w != NULL ? w[i] : 1.0;
		double dx = x[i] - mx, dy = y[i] - my;

		sxx += wi * dx * dx;
		sxy += wi * dx * dy;
		syy += wi * dy * dy;
	}
	if (!(sxx > 0))
		return -1;
	fit->b = sxy / sxx;
	fit->a = my - fit->b * mx;
	for (i = 0; i < n; i++) {
		double wi = w != NULL ? w[i] : 1.0;
		double r = y[i] - fit->a - fit->b * x[i];

		rss += wi * r * r;
	}
	fit->r2 = syy > 0 ? 1.0 - rss / syy : 1.0;
	if (w != NULL) {
		fit->db = sqrt(1.0 / sxx);
		fit->da = sqrt(1.0 / sw + mx * mx / sxx);
	} else if (n > 2) {
		double s2 = rss / (double)(n - 2);

		fit->db = sqrt(s2 / sxx);
		fit->da = sqrt(s2 * (1.0 / (double)n + mx * mx / sxx));
	}
	return 0;
}

/*
 * For a fixed C, the best A and B of y = A + B e^(-C x) by ordinary least
 * squares on the two basis functions; returns the residual sum of squares
 * (infinite when the basis is degenerate at this C).
 */
static double
exp_linear(const double *x, const double *y, size_t n, double C, double *A,
    double *B)
{
	double me = 0, my = 0, see = 0, sey = 0, rss = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		me += exp(-C * x[i]);
		my += y[i];
	}
	me /= (double)n;
	my /= (double)n;
	for (i = 0; i < n; i++) {
		double de = exp(-C * x[i]) - me;

		see += de * de;
		sey += de * (y[i] - my);
	}
	if (!(see > 0))
		return INFINITY;
	*B = sey / see;
	*A = my - *B * me;
	for (i = 0; i < n; i++) {
		double r = y[i] - *A - *B * exp(-C * x[i]);

		rss += r * r;
	}
	return rss;
}

/* Invert a symmetric positive 3x3 matrix by cofactors. 0 or -1. */
static int
inv3(const double m[9], double inv[9])
{
	double det;
	int i;

	inv[0] = m[4] * m[8] - m[5] * m[7];
	inv[1] = m[2] * m[7] - m[1] * m[8];
	inv[2] = m[1] * m[5] - m[2] * m[4];
	inv[3] = m[5] * m[6] - m[3] * m[8];
	inv[4] = m[0] * m[8] - m[2] * m[6];
	inv[5] = m[2] * m[3] - m[0] * m[5];
	inv[6] = m[3] * m[7] - m[4] * m[6];
	inv[7] = m[1] * m[6] - m[0] * m[7];
	inv[8] = m[0] * m[4] - m[1] * m[3];
	det = m[0] * inv[0] + m[1] * inv[3] + m[2] * inv[6];
	if (!(fabs(det) > 0) || !isfinite(det))
		return -1;
	for (i = 0; i < 9; i++)
		inv[i] /= det;
	return 0;
}

int
hop_fit_exp(const double *x, const double *y, size_t n,
    struct hop_expfit *fit)
{
	enum { GRID = 400 };
	const double gr = 0.5 * (sqrt(5.0) - 1.0);
	double lmin = log(HOP_EXPFIT_CMIN), lmax = log(HOP_EXPFIT_CMAX);
	double best = INFINITY, a, b, c, d, fc, fd, A, B, C, my = 0, tss = 0;
	double jtj[9] = {0}, cov[9];
	size_t i, distinct = 0;
	int g, ibest = -1, it;

	fit->n = n;
	fit->A = fit->B = fit->C = fit->dA = fit->dB = fit->dC = NAN;
	fit->r2 = fit->rss = NAN;
	for (i = 0; i < n; i++) {
		size_t j;

		for (j = 0; j < i && x[j] != x[i]; j++)
			;
		distinct += j == i;
	}
	if (n < 3 || distinct < 3)
		return -1;
	/* A coarse logarithmic grid finds the basin; the RSS is smooth in
	 * log C, so golden-section search then narrows it. */
	for (g = 0; g <= GRID; g++) {
		double r = exp_linear(x, y, n, exp(lmin + (lmax - lmin) * g /
		    GRID), &A, &B);

		if (r < best) {
			best = r;
			ibest = g;
		}
	}
	if (ibest < 0)
		return -1;
	a = lmin + (lmax - lmin) * (ibest > 0 ? ibest - 1 : 0) / GRID;
	b = lmin + (lmax - lmin) * (ibest < GRID ? ibest + 1 : GRID) / GRID;
	c = b - gr * (b - a);
	d = a + gr * (b - a);
	fc = exp_linear(x, y, n, exp(c), &A, &B);
	fd = exp_linear(x, y, n, exp(d), &A, &B);
	for (it = 0; it < 200 && b - a > 1e-13; it++) {
		if (fc < fd) {
			b = d, d = c, fd = fc;
			c = b - gr * (b - a);
			fc = exp_linear(x, y, n, exp(c), &A, &B);
		} else {
			a = c, c = d, fc = fd;
			d = a + gr * (b - a);
			fd = exp_linear(x, y, n, exp(d), &A, &B);
		}
	}
	C = exp(0.5 * (a + b));
	fit->rss = exp_linear(x, y, n, C, &A, &B);
	if (!isfinite(fit->rss))
		return -1;
	fit->A = A;
	fit->B = B;
	fit->C = C;
	for (i = 0; i < n; i++)
		my += y[i];
	my /= (double)n;
	for (i = 0; i < n; i++)
		tss += (y[i] - my) * (y[i] - my);
	fit->r2 = tss > 0 ? 1.0 - fit->rss / tss : 1.0;
	if (n < 4)
		return 0;
	for (i = 0; i < n; i++) {
		double e = exp(-C * x[i]);
		double j3[3] = {1.0, e, -B * x[i] * e};
		int p, q;

		for (p = 0; p < 3; p++)
			for (q = 0; q < 3; q++)
				jtj[3 * p + q] += j3[p] * j3[q];
	}
	if (inv3(jtj, cov) == 0) {
		double s2 = fit->rss / (double)(n - 3);

		/* An ill-conditioned fit can leave a negative variance:
		 * no standard error then, rather than a "-nan". */
		fit->dA = cov[0] >= 0 ? sqrt(s2 * cov[0]) : NAN;
		fit->dB = cov[4] >= 0 ? sqrt(s2 * cov[4]) : NAN;
		fit->dC = cov[8] >= 0 ? sqrt(s2 * cov[8]) : NAN;
	}
	return 0;
}
