/*
 * h5traj.h - a streaming reader of the two HDF5 trajectory layouts MD
 * codes write: VASP 6's vaspout.h5 and H5MD (LAMMPS dump h5md, MDAnalysis,
 * GROMACS plugins).  It tells them apart by their groups, reads through
 * the HDF5 C library in blocks of frames (hyperslabs of at most a few MB),
 * so that memory does not grow with the number of frames, and turns every
 * library failure into one message "FILE: what is wrong" (HDF5's own
 * error printing is switched off).
 *
 * vaspout.h5 (paths as py4vasp's schema names them):
 *   intermediate/ion_dynamics/position_ions    frames x atoms x 3, fractional
 *   intermediate/ion_dynamics/lattice_vectors  frames x 3 x 3 (or 3 x 3),
 *                                              rows a, b, c in Angstrom
 *   intermediate/ion_dynamics/scale            optional, multiplies them
 *   results/positions/ion_types, number_ion_types  (else input/poscar/...)
 *   input/incar/POTIM, ML_OUTBLOCK, NBLOCK, TEBEG  optional scalars
 * Each stored frame is one ionic step (times ML_OUTBLOCK when present):
 * the time per frame is POTIM x ML_OUTBLOCK.
 *
 * H5MD (version 1.x; root group h5md with its version attribute):
 *   particles/GROUP/position/value  frames x atoms x 3, Cartesian, with a
 *                                   unit attribute (nm, pm or Angstrom)
 *   particles/GROUP/position/step, time  arrays of frames values or
 *                                   scalar increments (with offset)
 *   particles/GROUP/box             boundary attribute: all periodic
 *   particles/GROUP/box/edges       a 3-vector or 3 x 3 matrix (rows), as
 *                                   a dataset or a time-dependent group
 *                                   (edges/value, frames x ...)
 *   particles/GROUP/image/value     optional: frames x atoms x 3 images
 *   particles/GROUP/species         optional integers, fixed or
 *                                   time-dependent (the first frame's)
 * With image data the positions come out Cartesian unwrapped (r + image
 * edges), else fractional through each frame's box.
 */
#ifndef HOP_H5TRAJ_H
#define HOP_H5TRAJ_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "stream.h"

enum hop_h5_kind { HOP_H5_VASP = 1, HOP_H5_H5MD = 2 };

/* What the caller asks of the reader. */
struct hop_h5_opts {
	const char *group;       /* H5MD particles group; NULL: the only one */
	const struct hop_species *names; /* species names to use, or NULL */
	uint32_t nnames;
	int atomic_numbers;      /* H5MD species values are atomic numbers */
	double length_A;         /* Angstrom per length without a unit
	                          * attribute; NaN: such lengths are refused */
	double step_fs;          /* H5MD: the MD time step (NaN: unknown),
	                          * used when position has steps, no times */
	int check_time;          /* check that frames are evenly spaced in
	                          * the times the time per frame came from */
};

/* What the file says, valid until hop_h5traj_free. */
struct hop_h5_info {
	int kind;                /* enum hop_h5_kind */
	const char *group;       /* H5MD: the particles group read */
	uint64_t nframes;
	uint32_t natoms;
	uint32_t nspecies;
	const struct hop_species *species; /* names and counts */
	const uint32_t *atom_species;      /* each atom's species index */
	uint32_t coords;         /* HOP_COORDS_* of the positions */
	double dt_fs;            /* time per stored frame; NaN: unknown */
	const char *dt_from;     /* where dt_fs came from, for messages */
	double temperature_K;    /* TEBEG; NaN when unknown */
	uint64_t nblock;         /* VASP: INCAR NBLOCK, 0 when absent */
};

/* One frame, as a view valid until the next call. */
struct hop_h5_frame {
	uint64_t ordinal;        /* 0-based */
	int64_t step;            /* H5MD step (else the ordinal) */
	const double *cell;      /* 9: rows a, b, c in Angstrom */
	const double *pos;       /* 3 x natoms, of kind info->coords */
};

struct hop_h5traj;

/*
 * Open the HDF5 file at path (a regular file: HDF5 cannot read a pipe,
 * and compressed files are refused with a message saying so), tell the
 * layout, and check every shape, count and unit before any frame is
 * read.  Returns NULL with err set ("run/vaspout.h5: no dataset
 * intermediate/ion_dynamics/position_ions").
 */
struct hop_h5traj *hop_h5traj_open(const char *path,
    const struct hop_h5_opts *opts, struct hop_err *err);

/*
 * As hop_h5traj_open, reading the len bytes at buf (an HDF5 file image,
 * copied) through HDF5's in-memory driver; name is shown in messages.
 * For fuzzing and tests.
 */
struct hop_h5traj *hop_h5traj_open_memory(const void *buf, size_t len,
    const char *name, const struct hop_h5_opts *opts, struct hop_err *err);

const struct hop_h5_info *hop_h5traj_info(const struct hop_h5traj *t);

/*
 * The next frame.  Returns 1 with *fr set, 0 after the last frame, -1
 * with err set (a read error, a value that is not finite, a singular
 * cell, a time or step off the spacing when opts->check_time).
 */
int hop_h5traj_next(struct hop_h5traj *t, struct hop_h5_frame *fr,
    struct hop_err *err);

void hop_h5traj_free(struct hop_h5traj *t);

#endif
