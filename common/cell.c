/*
 * cell.c - see cell.h.
 */
#include <math.h>
#include <string.h>

#include "cell.h"

double
hop_cell_det(const double m[9])
{
	return m[0] * (m[4] * m[8] - m[5] * m[7]) -
	    m[1] * (m[3] * m[8] - m[5] * m[6]) +
	    m[2] * (m[3] * m[7] - m[4] * m[6]);
}

double
hop_cell_width(const double m[9])
{
	double v = fabs(hop_cell_det(m)), w = INFINITY;
	int i;

	for (i = 0; i < 3; i++) {
		const double *u = m + 3 * ((i + 1) % 3),
		    *t = m + 3 * ((i + 2) % 3);
		double n[3] = {u[1] * t[2] - u[2] * t[1],
		    u[2] * t[0] - u[0] * t[2], u[0] * t[1] - u[1] * t[0]},
		    h = v / sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);

		if (h < w)
			w = h;
	}
	return v > 0 && isfinite(w) ? w : NAN;
}

int
hop_cell_inverse(const double m[9], double inv[9])
{
	double d = hop_cell_det(m);
	int i;

	if (!isfinite(d) || fabs(d) < 1e-12)
		return -1;
	inv[0] = (m[4] * m[8] - m[5] * m[7]) / d;
	inv[1] = (m[2] * m[7] - m[1] * m[8]) / d;
	inv[2] = (m[1] * m[5] - m[2] * m[4]) / d;
	inv[3] = (m[5] * m[6] - m[3] * m[8]) / d;
	inv[4] = (m[0] * m[8] - m[2] * m[6]) / d;
	inv[5] = (m[2] * m[3] - m[0] * m[5]) / d;
	inv[6] = (m[3] * m[7] - m[4] * m[6]) / d;
	inv[7] = (m[1] * m[6] - m[0] * m[7]) / d;
	inv[8] = (m[0] * m[4] - m[1] * m[3]) / d;
	for (i = 0; i < 9; i++)
		if (!isfinite(inv[i]))
			return -1;
	return 0;
}

void
hop_frac_to_cart(const double f[3], const double m[9], double r[3])
{
	int j;

	for (j = 0; j < 3; j++)
		r[j] = f[0] * m[j] + f[1] * m[3 + j] + f[2] * m[6 + j];
}

void
hop_cart_to_frac(const double r[3], const double inv[9], double f[3])
{
	int k;

	for (k = 0; k < 3; k++)
		f[k] = r[0] * inv[k] + r[1] * inv[3 + k] + r[2] * inv[6 + k];
}

void
hop_min_image_frac(double d[3])
{
	int k;

	for (k = 0; k < 3; k++)
		d[k] -= floor(d[k] + 0.5);
}

double
hop_frac_min_image(double f[3], const double cell[9], double r[3])
{
	double best[3], b2, g[3], v[3], v2;
	int n[3], sh[3] = {0, 0, 0}, k;

	hop_min_image_frac(f);
	hop_frac_to_cart(f, cell, best);
	b2 = best[0] * best[0] + best[1] * best[1] + best[2] * best[2];
	/* With the axes along x, y and z (a diagonal cell) the components'
	 * images are independent: the rounded vector is the shortest.
	 * Else one of the 26 images one cell away can be shorter. */
	if (cell[1] != 0 || cell[2] != 0 || cell[3] != 0 || cell[5] != 0 ||
	    cell[6] != 0 || cell[7] != 0)
		for (n[0] = -1; n[0] <= 1; n[0]++)
			for (n[1] = -1; n[1] <= 1; n[1]++)
				for (n[2] = -1; n[2] <= 1; n[2]++) {
					for (k = 0; k < 3; k++)
						g[k] = f[k] + n[k];
					hop_frac_to_cart(g, cell, v);
					v2 = v[0] * v[0] + v[1] * v[1] +
					    v[2] * v[2];
					if (v2 < b2) {
						b2 = v2;
						memcpy(best, v, sizeof(v));
						memcpy(sh, n, sizeof(sh));
					}
				}
	for (k = 0; k < 3; k++)
		f[k] += sh[k];
	if (r != NULL)
		memcpy(r, best, sizeof(best));
	return sqrt(b2);
}

double
hop_min_image(double d[3], const double cell[9], const double inv[9])
{
	double f[3];

	hop_cart_to_frac(d, inv, f);
	return hop_frac_min_image(f, cell, d);
}
