/*
 * vasprun.h - a streaming reader of VASP's vasprun.xml: the run's
 * parameters and species, then one ionic step at a time, in memory
 * independent of the number of steps (libxml2's xmlTextReader walks the
 * file; the tree is never built).
 *
 * Read: <generator>'s version; from <incar> and <parameters> (the
 * latter, VASP's values in effect, wins) SYSTEM, IBRION, ISIF, POTIM,
 * NBLOCK, TEBEG, ML_OUTBLOCK; from <atominfo> the atom count, the
 * "atomtypes" array (atoms per type, element) and the "atoms" array (each
 * atom's element and type); and from every <calculation>, as pymatgen's
 * Vasprun.structures (its ionic_steps) does, the <structure> it holds:
 * <crystal>'s varray "basis" (rows a, b, c in Angstrom) and the varray
 * "positions" (fractional).  The structures named "initialpos" and
 * "finalpos" outside the calculations are not frames: the first is the
 * first calculation's, the last the next step's, which no calculation
 * has.  Everything else (scsteps, forces, stress, energies, eigenvalues,
 * DOS) is skipped.
 *
 * An ionic step is a frame once its </calculation> is read: a file cut
 * inside a calculation (a running or killed job) ends after its last
 * complete one, and the reader says so (hop_vasprun_cut).
 */
#ifndef HOP_VASPRUN_H
#define HOP_VASPRUN_H

#include <stdint.h>

#include "err.h"
#include "input.h"
#include "stream.h"

/* What the file says before its first calculation.  A number the file
 * does not give is NaN (doubles) or -1 (integers). */
struct hop_vasprun_info {
	const char *title;      /* SYSTEM, blanks trimmed; "" when absent */
	const char *version;    /* <generator>'s version; "" when absent */
	uint32_t natoms;
	uint32_t nspecies;      /* the atomtypes rows */
	const struct hop_species *species; /* names and atoms per type; a
	                         * name may be two types' (two POTCARs of
	                         * one element) */
	const uint32_t *atom_species; /* natoms indices into species */
	uint64_t atominfo_line; /* line of <atominfo>, for messages */
	double potim;           /* POTIM, fs */
	double tebeg;           /* TEBEG, K */
	int64_t ibrion;         /* 0: molecular dynamics */
	int64_t isif;           /* 3 or more: the cell moves */
	int64_t nblock;         /* NBLOCK (does not thin vasprun.xml) */
	int64_t ml_outblock;    /* ML_OUTBLOCK (does, from VASP 6.4.3) */
};

/* One ionic step, as a view valid until the next call. */
struct hop_vasprun_frame {
	uint64_t ordinal;     /* 0-based: the calculation's */
	uint64_t line;        /* line of its <calculation> */
	const double *cell;   /* 9: rows a, b, c in Angstrom */
	const double *pos;    /* 3 x natoms fractional coordinates */
};

struct hop_vasprun;

/*
 * Read in up to the first <calculation> (in is used, not owned: close it
 * after hop_vasprun_free).  Returns NULL with err set ("run.xml:12: ...")
 * when the input is not XML, not a vasprun.xml, or its <atominfo> is
 * missing or inconsistent.
 */
struct hop_vasprun *hop_vasprun_open(struct hop_input *in,
    struct hop_err *err);

const struct hop_vasprun_info *hop_vasprun_info(const struct hop_vasprun *v);

/*
 * The next ionic step (the first one first).  Returns 1 with *fr set, 0
 * at the end of the file (or of its last complete calculation when it is
 * cut: see hop_vasprun_cut), -1 with err set on malformed input (a file
 * cut before its first complete calculation included).
 */
int hop_vasprun_next(struct hop_vasprun *v, struct hop_vasprun_frame *fr,
    struct hop_err *err);

/*
 * After hop_vasprun_next returned 0: 1 when the file was cut (the XML
 * ends before </modeling>), with err set to where and how ("run.xml:812:
 * the file ends inside a <calculation> (Premature end of data in tag
 * ...)"); 0 when it ended properly.
 */
int hop_vasprun_cut(const struct hop_vasprun *v, struct hop_err *err);

/*
 * The time between two calculations, in fs: POTIM, times ML_OUTBLOCK
 * when that is above 1 and the file was written by VASP 6.4.3 or later
 * (which thin vasprun.xml by it; NBLOCK thins XDATCAR only).  0, or -1
 * with err set: POTIM missing or not positive, IBRION not 0 (not
 * molecular dynamics), ML_OUTBLOCK above 1 with an unknown version.
 */
int hop_vasprun_dt(const struct hop_vasprun *v, double *dt_fs,
    struct hop_err *err);

void hop_vasprun_free(struct hop_vasprun *v);

#endif
