/*
 * cell.c - see cell.h.
 */
#include <math.h>

#include "cell.h"

double
hop_cell_det(const double m[9])
{
	return m[0] * (m[4] * m[8] - m[5] * m[7]) -
	    m[1] * (m[3] * m[8] - m[5] * m[6]) +
	    m[2] * (m[3] * m[7] - m[4] * m[6]);
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
