/*
 * cell.h - small geometry of a periodic cell whose rows are the lattice
 * vectors a, b, c (Angstrom): r = f0 a + f1 b + f2 c.
 */
#ifndef HOP_CELL_H
#define HOP_CELL_H

/* Determinant of the row matrix: the signed cell volume in A^3. */
double hop_cell_det(const double cell[9]);

/* The least distance between two opposite faces, A: no two lattice
 * points are closer.  NaN for a singular cell. */
double hop_cell_width(const double cell[9]);

/* inv such that f = r inv (row vectors).  Returns 0, or -1 when the cell
 * is singular or not finite. */
int hop_cell_inverse(const double cell[9], double inv[9]);

/* r = f cell. */
void hop_frac_to_cart(const double f[3], const double cell[9], double r[3]);

/* f = r inv, with inv from hop_cell_inverse (f may not alias r). */
void hop_cart_to_frac(const double r[3], const double inv[9], double f[3]);

/* Each fractional component of d to its nearest image, in [-1/2, 1/2]:
 * the minimum image of a vector shorter than half the cell's width in
 * any cell, of any vector in a cell of orthogonal axes (else
 * hop_frac_min_image). */
void hop_min_image_frac(double d[3]);

/*
 * The minimum image of the fractional vector f (replaced in place by the
 * image's fractional components), its Cartesian vector into r (unless
 * NULL) and its length, A.  Each component is taken to [-1/2, 1/2]
 * (hop_min_image_frac), which is the shortest image when the axes are
 * orthogonal, or when the vector is shorter than half the least distance
 * between two opposite faces; unless the cell is diagonal (axes along x,
 * y and z) the 26 images one cell away are compared too (a skewed cell:
 * hexagonal, rhombohedral, monoclinic, triclinic).
 * Exact for a reduced cell (Niggli, as crystallographic and MD cells
 * are); a cell far from reduced (axes at a few degrees) can still have
 * a shorter image further away.
 */
double hop_frac_min_image(double f[3], const double cell[9], double r[3]);

/* The same for the Cartesian vector d (replaced in place) in the cell
 * with inverse inv; returns its length. */
double hop_min_image(double d[3], const double cell[9], const double inv[9]);

#endif
