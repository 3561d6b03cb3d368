/*
 * density.h - the time-averaged number density of a species on a grid
 * over the periodic cell, and the volumetric files that carry it: VASP
 * CHGCAR format (VESTA, OVITO, ASE's VaspChargeDensity) and Gaussian
 * cube (VESTA, VMD, ASE's read_cube_data).
 *
 * The grid has n0 x n1 x n2 points along a, b, c, at the fractional
 * coordinates (i0 / n0, i1 / n1, i2 / n2) as VASP and cube files place
 * them; each position, folded into the cell (fractional coordinates
 * modulo 1), adds one count to the nearest point, that is to the voxel
 * centred on it.  The density of voxel v is
 *     rho_v = count_v / (frames * V / (n0 n1 n2))    (ions per A^3),
 * so that sum_v rho_v dV = the number of ions.  A CHGCAR holds
 * rho_v * V (VASP's convention: values times the cell volume, so their
 * mean is the number of ions), x (a) fastest, five values a line; a cube
 * file holds rho_v in ions per bohr^3, z (c) fastest, six a line, with
 * the grid's origin and voxel vectors in bohr.
 */
#ifndef HOP_DENSITY_H
#define HOP_DENSITY_H

#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "stream.h"

struct hop_density {
	unsigned n[3];
	uint64_t *count;   /* n0 n1 n2 voxels, index (i0 n1 + i1) n2 + i2 */
	uint64_t frames;
	uint64_t nadded;   /* positions added */
};

/*
 * The voxels per axis for a spacing of about spacing_A: ceil(width /
 * spacing) along each lattice vector's length, at least 1, at most 1000.
 */
void hop_density_dims(const double cell[9], double spacing_A, unsigned n[3]);

/*
 * The spacing for a grid of at most max_voxels (at least 1): spacing_A
 * when its grid (hop_density_dims) holds no more, else the smallest
 * spacing whose grid does (found by bisection, to 2^-60 of it).  For a
 * default that must not turn a large cell into a file of gigabytes.
 */
double hop_density_spacing(const double cell[9], double spacing_A,
    uint64_t max_voxels);

/* A zero grid of n[0] x n[1] x n[2] voxels.  0 or -1 (out of memory,
 * more than 2^30 voxels). */
int hop_density_init(struct hop_density *g, const unsigned n[3],
    struct hop_err *err);
void hop_density_free(struct hop_density *g);

/* Add the m points f (fractional, m x 3, any values: folded here). */
void hop_density_add(struct hop_density *g, const double *f, uint32_t m);
/* Count a frame (call once per frame added). */
void hop_density_frame(struct hop_density *g);

/* The structure written with the volume: atoms by species (in order,
 * counts from species[]), fractional positions. */
struct hop_dens_struct {
	const char *title;
	double cell[9];
	uint32_t nspecies;
	const struct hop_species *species;
	const double *frac; /* sum of counts x 3 */
};

/* Write the CHGCAR (POSCAR header in Direct coordinates, a blank line,
 * the grid and its values).  nthreads >= 1 threads format the values;
 * the text is the same for any number of them.  0, or -1 (nothing
 * framed, out of memory, a write error). */
int hop_density_write_chgcar(const struct hop_density *g,
    const struct hop_dens_struct *st, unsigned nthreads, FILE *fp,
    struct hop_err *err);
/* Write the cube file (atoms numbered by their element's symbol, 0 when
 * the species name is no element), nthreads as for the CHGCAR. */
int hop_density_write_cube(const struct hop_density *g,
    const struct hop_dens_struct *st, unsigned nthreads, FILE *fp,
    struct hop_err *err);

/* The atomic number of a species name ("Li", "Li_sv", "F1" give 3, 3,
 * 9), 0 when it names no element. */
int hop_element_z(const char *name);

#endif
