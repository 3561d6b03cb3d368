/*
 * ulm.h - a reader of ASE trajectories (.traj), the "ulm" container of
 * ase/io/ulm.py as ase/io/trajectory.py fills it, one frame at a time by
 * the offsets the file keeps, in memory independent of the number of
 * frames.
 *
 * The layout (ulm version 3): bytes 0-7 the magic "- of Ulm", 8-23 the
 * tag ("ASE-Trajectory", blank-padded), then little-endian int64s:
 * version (3), number of items, position of the offset table; the table
 * holds one int64 per item, the file position of that item: an int64
 * length n followed by n bytes of JSON.  The JSON names the item's
 * values; an array is stored in binary elsewhere in the file and named by
 * a key ending in "." whose value is {"ndarray": [shape, dtype, offset]}.
 * Each item is one frame: "positions." (natoms x 3 float64, Angstrom)
 * and "cell" (three rows, Angstrom, a JSON list, or an ndarray "cell.");
 * the first item also carries "numbers." (atomic numbers, int64 or
 * int32), "pbc" (three booleans) and, when ASE's molecular dynamics
 * wrote the file, "description" with "timestep" (ASE time units),
 * "interval" (steps between frames) and possibly "temperature_K".  A
 * later item that carries "numbers." again (ASE writes it when the atoms
 * change) must carry the same numbers.
 *
 * Refused: another magic, tag or version; "_little_endian": false (data
 * written on a big-endian machine); positions or cells not float64;
 * shapes that disagree with the number of atoms; offsets or lengths
 * outside the file; JSON that cJSON cannot parse (ASE writes NaN as a
 * bare NaN token, which is not JSON: such a frame is refused too);
 * non-finite positions or cells.
 */
#ifndef HOP_ULM_H
#define HOP_ULM_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* ASE's femtosecond in its own time unit, Angstrom sqrt(amu / eV)
 * (ase.units.fs, CODATA 2014: 1e-5 sqrt(e / amu)). */
#define HOP_ASE_FS 0.09822694788464063

/* The largest JSON description of one item accepted (bytes). */
#define HOP_ULM_MAX_JSON (64u << 20)

/* What the first item says. */
struct hop_ulm_info {
	uint32_t natoms;
	const int64_t *numbers; /* natoms atomic numbers, in file order */
	int pbc[3];             /* 1: periodic along a, b, c */
	uint64_t nframes;       /* items in the file */
	double dt_fs;           /* description's timestep x interval, in
	                         * fs; NaN when the file does not say */
	double temperature_K;   /* description's temperature_K, or NaN */
	const char *md_type;    /* description's "md-type" (e.g. "Langevin"),
	                         * or NULL */
};

/* One frame, as a view valid until the next call. */
struct hop_ulm_frame {
	uint64_t index;      /* 0-based item number */
	const double *cell;  /* 9: rows a, b, c in Angstrom */
	const double *pos;   /* 3 x natoms, Cartesian, Angstrom */
};

struct hop_ulm;

/*
 * Open the trajectory in the regular file open on fd (not owned: the
 * caller closes it after hop_ulm_free), reading its header and first
 * item.  name is used in messages.  Returns NULL with err set ("x.traj:
 * not an ASE trajectory (no '- of Ulm' magic)").
 */
struct hop_ulm *hop_ulm_open_fd(int fd, const char *name,
    struct hop_err *err);

/* As hop_ulm_open_fd, on the len bytes at buf (which must stay valid
 * until hop_ulm_free); for fuzzing and tests. */
struct hop_ulm *hop_ulm_open_memory(const void *buf, size_t len,
    const char *name, struct hop_err *err);

const struct hop_ulm_info *hop_ulm_info(const struct hop_ulm *u);

/*
 * The next frame (the first one first).  Returns 1 with *fr set, 0 after
 * the last item, -1 with err set ("x.traj: frame 12: ...").
 */
int hop_ulm_next(struct hop_ulm *u, struct hop_ulm_frame *fr,
    struct hop_err *err);

void hop_ulm_free(struct hop_ulm *u);

#endif
