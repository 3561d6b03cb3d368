/*
 * test_cell.c - cell geometry: the determinant, the inverse, the two
 * conversions between fractional and Cartesian coordinates, and the
 * minimum image, on an orthorhombic and a triclinic cell with values
 * worked out by hand, and against brute force in five skewed cells.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cell.h"
#include "t.h"

/* The shortest image by brute force: every image within 4 cells. */
static double
brute(const double f[3], const double cell[9])
{
	double best = INFINITY, g[3], v[3], l;
	int i, j, k;

	for (i = -4; i <= 4; i++)
		for (j = -4; j <= 4; j++)
			for (k = -4; k <= 4; k++) {
				g[0] = f[0] + i;
				g[1] = f[1] + j;
				g[2] = f[2] + k;
				hop_frac_to_cart(g, cell, v);
				l = sqrt(v[0] * v[0] + v[1] * v[1] +
				    v[2] * v[2]);
				if (l < best)
					best = l;
			}
	return best;
}

/* A cell of edges a, b, c (A) and angles alpha, beta, gamma (degrees),
 * a along x, b in the xy plane. */
static void
cell_of(double a, double b, double c, double al, double be, double ga,
    double m[9])
{
	const double rad = 3.14159265358979323846 / 180;
	double ca = cos(al * rad), cb = cos(be * rad), cg = cos(ga * rad),
	    sg = sin(ga * rad), cy;

	cy = (ca - cb * cg) / sg;
	m[0] = a;
	m[1] = 0;
	m[2] = 0;
	m[3] = b * cg;
	m[4] = b * sg;
	m[5] = 0;
	m[6] = c * cb;
	m[7] = c * cy;
	m[8] = c * sqrt(1 - cb * cb - cy * cy);
}

/* In skewed cells (hexagonal, rhombohedral, monoclinic, triclinic) the
 * minimum image is the brute-force shortest for random vectors, where
 * rounding the fractional components alone is not. */
static void
skewed(void)
{
	static const double par[][6] = {
		{10, 10, 12, 90, 90, 120},  /* hexagonal */
		{9, 9, 9, 60, 60, 60},      /* rhombohedral (fcc primitive) */
		{8, 11, 9, 90, 104, 90},    /* monoclinic */
		{7, 8, 9, 75, 68, 61},      /* triclinic */
		{10, 10, 10, 109.47, 109.47, 109.47}, /* bcc primitive */
	};
	const char *name[] = {"hexagonal", "rhombohedral", "monoclinic",
	    "triclinic", "bcc primitive"};
	unsigned long long x = 88172645463325252ULL;
	size_t c;

	for (c = 0; c < sizeof(par) / sizeof(par[0]); c++) {
		double m[9], inv[9];
		char msg[128];
		int i, exact = 1, rounded_wrong = 0, same = 1;

		cell_of(par[c][0], par[c][1], par[c][2], par[c][3], par[c][4],
		    par[c][5], m);
		hop_cell_inverse(m, inv);
		for (i = 0; i < 2000; i++) {
			double f[3], g[3], r[3], d[3], want, got, l0;
			int k;

			for (k = 0; k < 3; k++) {
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				f[k] = (double)(x % 2000001) / 1e6 - 1;
			}
			want = brute(f, m);
			memcpy(g, f, sizeof(g));
			hop_min_image_frac(g);
			hop_frac_to_cart(g, m, r);
			l0 = sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
			rounded_wrong += l0 > want + 1e-9;
			memcpy(g, f, sizeof(g));
			got = hop_frac_min_image(g, m, r);
			exact &= fabs(got - want) < 1e-9;
			/* g is an image of f and r its vector */
			for (k = 0; k < 3; k++)
				same &= fabs(g[k] - f[k] - floor(g[k] - f[k] +
				    0.5)) < 1e-9;
			hop_frac_to_cart(g, m, d);
			same &= fabs(d[0] - r[0]) + fabs(d[1] - r[1]) +
			    fabs(d[2] - r[2]) < 1e-9;
			hop_frac_to_cart(f, m, d);
			same &= fabs(hop_min_image(d, m, inv) - want) < 1e-9;
		}
		snprintf(msg, sizeof(msg), "min image, %s cell: the shortest "
		    "of all images, 2000 random vectors", name[c]);
		T_OK(msg, exact && same);
		/* The test can fail: rounding alone misses some. */
		snprintf(msg, sizeof(msg), "min image, %s cell: rounding "
		    "alone is not the shortest for some", name[c]);
		T_OK(msg, rounded_wrong > 0);
	}
}

int
main(void)
{
	/* Orthorhombic 10 x 20 x 30. */
	static const double ortho[9] = {10, 0, 0, 0, 20, 0, 0, 0, 30};
	/* Triclinic: a = (10, 0, 0), b = (5, 10, 0), c = (1, 2, 8). */
	static const double tri[9] = {10, 0, 0, 5, 10, 0, 1, 2, 8};
	double inv[9], f[3], r[3], d[3], len;

	T_NEAR("det, orthorhombic", hop_cell_det(ortho), 6000, 1e-9);
	T_NEAR("det, triclinic", hop_cell_det(tri), 800, 1e-9);
	T_NEAR("least width, orthorhombic", hop_cell_width(ortho), 10, 1e-12);
	/* Face heights 800 / |b x c| = 8.944, 800 / |c x a| = 9.701 and
	 * 800 / |a x b| = 8. */
	T_NEAR("least width, triclinic", hop_cell_width(tri), 8, 1e-12);
	T_OK("a singular cell has no width",
	    isnan(hop_cell_width((const double[9]){1, 0, 0, 2, 0, 0, 0, 0,
	    1})));
	T_OK("a singular cell has no inverse",
	    hop_cell_inverse((const double[9]){1, 0, 0, 2, 0, 0, 0, 0, 1},
	    inv) != 0);

	T_OK("inverse, triclinic", hop_cell_inverse(tri, inv) == 0);
	/* f = (0.5, 0.25, 0.5): r = 0.5 a + 0.25 b + 0.5 c = (6.75, 3.5, 4). */
	hop_frac_to_cart((const double[3]){0.5, 0.25, 0.5}, tri, r);
	T_NEAR("frac to cart x", r[0], 6.75, 1e-12);
	T_NEAR("frac to cart y", r[1], 3.5, 1e-12);
	T_NEAR("frac to cart z", r[2], 4, 1e-12);
	hop_cart_to_frac(r, inv, f);
	T_NEAR("cart to frac a", f[0], 0.5, 1e-12);
	T_NEAR("cart to frac b", f[1], 0.25, 1e-12);
	T_NEAR("cart to frac c", f[2], 0.5, 1e-12);

	d[0] = 0.7;
	d[1] = -0.51;
	d[2] = 0.5;
	hop_min_image_frac(d);
	T_NEAR("min image of 0.7 is -0.3", d[0], -0.3, 1e-12);
	T_NEAR("min image of -0.51 is 0.49", d[1], 0.49, 1e-12);
	T_OK("min image of 0.5 is within [-1/2, 1/2]", fabs(d[2]) <= 0.5);

	/* (9, 1, -29) in the 10 x 20 x 30 box is (-1, 1, 1) apart. */
	T_OK("inverse, orthorhombic", hop_cell_inverse(ortho, inv) == 0);
	d[0] = 9;
	d[1] = 1;
	d[2] = -29;
	len = hop_min_image(d, ortho, inv);
	T_NEAR("min image length", len, sqrt(3), 1e-12);
	T_NEAR("min image vector x", d[0], -1, 1e-12);
	T_NEAR("min image vector z", d[2], 1, 1e-12);
	skewed();
	return t_done();
}
