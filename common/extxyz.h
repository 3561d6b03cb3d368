/*
 * extxyz.h - a streaming reader of XYZ and extended XYZ trajectories:
 * one frame at a time, in memory independent of the number of frames.
 *
 * A frame is an atom count line, a comment line and one line per atom.
 * In extended XYZ (as ASE writes it) the comment line holds key=value
 * pairs, values "quoted" when they contain blanks: Lattice="ax ay az bx
 * by bz cx cy cz" gives the cell (rows a, b, c, Angstrom) and
 * Properties=species:S:1:pos:R:3:... the atom columns (name:type:count;
 * types S, R, I, L); pbc="T T F" which cell vectors are periodic;
 * keys are matched in any case and other keys are ignored, but a key
 * given a value twice in one comment line (in any case: "Lattice=...
 * lattice=...") is an error, not the last value silently taken.
 * Without Properties the columns are "species x y z" (plain XYZ, whose
 * comment is free text: words without '=' are not keys), and a frame
 * without Lattice has no cell.
 *
 * Species are per atom and need not be grouped: the species table lists
 * them in order of first appearance; every frame must have the same
 * atoms with the same species in the same order.
 */
#ifndef HOP_EXTXYZ_H
#define HOP_EXTXYZ_H

#include <stdint.h>

#include "err.h"
#include "input.h"
#include "stream.h"

/* What the first frame says. */
struct hop_xyz_info {
	uint32_t natoms;
	uint32_t nspecies;
	const struct hop_species *species; /* names and counts */
	const uint32_t *atom_species;      /* natoms indices into species */
};

/* One frame, as a view valid until the next call. */
struct hop_xyz_frame {
	uint64_t ordinal;    /* 0-based ordinal in the file */
	uint64_t line;       /* line of its atom count */
	const double *cell;  /* 9: rows a, b, c from Lattice, or NULL */
	const int *pbc;      /* 3: 1 for a periodic cell vector, 0 not
	                      * (pbc="T T F"; without pbc, all 1) */
	const double *pos;   /* 3 x natoms Cartesian positions, Angstrom */
	const char *comment; /* the comment line as written (without its
	                      * newline), for formats that keep more in it
	                      * (CP2K's "i = 5, time = 2.5, E = ...") */
};

struct hop_extxyz;

/*
 * Read the first frame from in (used, not owned: close it after
 * hop_extxyz_free).  Returns NULL with err set ("traj.xyz:2: ...") when
 * the input does not start with a well-formed frame.
 */
struct hop_extxyz *hop_extxyz_open(struct hop_input *in,
    struct hop_err *err);

const struct hop_xyz_info *hop_extxyz_info(const struct hop_extxyz *x);

/*
 * The next frame (the first one first).  Returns 1 with *fr set, 0 at
 * the end of the input, -1 with err set on malformed input (a truncated
 * last frame included).
 */
int hop_extxyz_next(struct hop_extxyz *x, struct hop_xyz_frame *fr,
    struct hop_err *err);

void hop_extxyz_free(struct hop_extxyz *x);

#endif
