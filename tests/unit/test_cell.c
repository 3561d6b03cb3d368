/*
 * test_cell.c - cell geometry: the determinant, the inverse, the two
 * conversions between fractional and Cartesian coordinates, and the
 * minimum image, on an orthorhombic and a triclinic cell with values
 * worked out by hand.
 */
#include <math.h>

#include "cell.h"
#include "t.h"

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
	return t_done();
}
