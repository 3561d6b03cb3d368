/*
 * vaspscale.h - the scale line of a VASP POSCAR, CONTCAR or XDATCAR
 * header, read as VASP reads it, for every reader of those headers
 * (xdatcar.c, siteref.c).
 *
 * The line holds one number or three.  One positive number multiplies
 * the three lattice vectors that follow and, in Cartesian mode, the
 * positions; a negative one is the volume the cell is to have (A^3), the
 * factor being found from the vectors.  Three numbers, each positive,
 * multiply the x, y and z components of the lattice vectors and of
 * Cartesian positions (VASP's POSCAR page: "individual scaling factors
 * for the x-, y- and z-Cartesian coordinates").
 */
#ifndef HOP_VASPSCALE_H
#define HOP_VASPSCALE_H

#include <stddef.h>

#include "err.h"

/*
 * Read the scale line (len bytes at line, line lineno of the file name):
 * 1 or 3 numbers separated by blanks (or run together where a sign
 * begins the next, as Fortran writes them) and nothing else; one finite
 * and non-zero, or three finite and positive.  sc gets them, *n their
 * count.  0, or -1 with err "NAME:LINE: expected the scale factor (1 or
 * 3 numbers), found '2.0 1.0'" or "NAME:LINE: invalid scale factor '0'
 * (one non-zero number, or three positive ones)".
 */
int hop_vasp_scale_parse(const char *name, unsigned long long lineno,
    const char *line, size_t len, double sc[3], int *n,
    struct hop_err *err);

/*
 * The cell of the lattice rows lat (as written; they must span a volume
 * for a negative scale) with the scale sc of n numbers from
 * hop_vasp_scale_parse: cell gets the scaled rows, cscale (may be NULL)
 * the factors for the x, y and z of a Cartesian position.  The caller
 * checks that cell is finite and not singular.
 */
void hop_vasp_scale_apply(const double sc[3], int n, const double lat[9],
    double cell[9], double cscale[3]);

#endif
