/*
 * cell.h - small geometry of a periodic cell whose rows are the lattice
 * vectors a, b, c (Angstrom): r = f0 a + f1 b + f2 c.
 */
#ifndef HOP_CELL_H
#define HOP_CELL_H

/* Determinant of the row matrix: the signed cell volume in A^3. */
double hop_cell_det(const double cell[9]);

/* inv such that f = r inv (row vectors).  Returns 0, or -1 when the cell
 * is singular or not finite. */
int hop_cell_inverse(const double cell[9], double inv[9]);

/* r = f cell. */
void hop_frac_to_cart(const double f[3], const double cell[9], double r[3]);

#endif
