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
