/*
 * lammps.h - a streaming reader of LAMMPS text dumps (dump custom or
 * atom): one frame at a time, in memory independent of the number of
 * frames.
 *
 * Each frame is "ITEM: TIMESTEP", "ITEM: NUMBER OF ATOMS", "ITEM: BOX
 * BOUNDS" (orthogonal "xlo xhi" lines, triclinic "xy xz yz" bounding-box
 * lines, or general triclinic "abc origin" lines) and "ITEM: ATOMS"
 * followed by one line per atom, in any order; "ITEM: UNITS" and "ITEM:
 * TIME" may come before the TIMESTEP.  The ATOMS columns must include id
 * and type, and positions as x y z, xs ys zs, xu yu zu or xsu ysu zsu,
 * optionally with image flags ix iy iz and an element column (dump_modify
 * element), which must name the same element for every atom of a type;
 * other columns are ignored.
 *
 * The boundary flags after "BOX BOUNDS" (pp, or two of f, s, m per axis;
 * none in old dumps, taken as periodic) must be the same in every frame;
 * they are given in hop_lmp_info.periodic.
 *
 * Atoms are returned in id order: ids must be 1 .. N, each once per
 * frame, and an atom keeps its type and N stays the same in every frame.
 *
 * Positions come out in one of two kinds, chosen from the columns of the
 * first frame, the unwrapped kind preferred when both are available:
 *   - Cartesian unwrapped (HOP_COORDS_CARTESIAN_UNWRAPPED), in Angstrom
 *     relative to the first frame's box origin (xlo, ylo, zlo), from
 *     xu yu zu; xsu ysu zsu; or x y z (or xs ys zs) with ix iy iz, as
 *     r = x + ix a + iy b + iz c;
 *   - fractional (HOP_COORDS_FRACTIONAL), not wrapped here: xs ys zs
 *     as they are, or x y z through the frame's inverse box.
 */
#ifndef HOP_LAMMPS_H
#define HOP_LAMMPS_H

#include <stdint.h>

#include "err.h"
#include "input.h"

/* The largest atom type accepted (types index a species table). */
#define HOP_LMP_MAX_TYPE 1024u

/* What the first frame says. */
struct hop_lmp_info {
	uint32_t natoms;
	uint32_t ntypes;         /* the largest type in the first frame */
	const uint32_t *type;    /* natoms types (1-based), in id order */
	uint32_t coords;         /* HOP_COORDS_* of the positions */
	const char *columns;     /* the position columns used: "xs ys zs",
	                          * "x y z + ix iy iz", ... */
	int periodic[3];         /* 1 for an axis whose BOX BOUNDS flag is
	                          * pp (or that has no flags), 0 for f, s
	                          * or m on either side */
	const char *const *element; /* ntypes: type t's element name at
	                          * [t - 1] (NULL for a type without atoms),
	                          * or NULL: no element column */
};

/* One frame, as a view valid until the next call. */
struct hop_lmp_frame {
	uint64_t ordinal;        /* 0-based ordinal in the file */
	uint64_t line;           /* line of its "ITEM: TIMESTEP" */
	int64_t step;            /* the TIMESTEP value */
	const double *cell;      /* 9: rows a, b, c in Angstrom */
	const double *origin;    /* 3: (xlo, ylo, zlo) */
	const double *pos;       /* 3 x natoms, in id order */
};

struct hop_lammps;

/*
 * Read the first frame from in (used, not owned: close it after
 * hop_lammps_free).  Atom types above max_type (at most
 * HOP_LMP_MAX_TYPE; the number of type names a caller has) are errors.
 * Returns NULL with err set ("dump.gz:12: ...") when the input does not
 * start with a well-formed frame.
 */
struct hop_lammps *hop_lammps_open(struct hop_input *in, uint32_t max_type,
    struct hop_err *err);

const struct hop_lmp_info *hop_lammps_info(const struct hop_lammps *l);

/*
 * The next frame (the first one first).  Returns 1 with *fr set, 0 at
 * the end of the input, -1 with err set on malformed input (a truncated
 * last frame included).
 */
int hop_lammps_next(struct hop_lammps *l, struct hop_lmp_frame *fr,
    struct hop_err *err);

void hop_lammps_free(struct hop_lammps *l);

#endif
