/*
 * select.h - what a trajectory converter (xdat2bin, and lmp2bin or
 * xyz2bin after it) keeps of its input: a range of frames, thinned, and
 * the atoms of some species.
 *
 * Frames are counted by their 0-based ordinal in the input file.  Atoms of
 * the output are grouped by species in the order of the input's species
 * table (a name given twice there is one species); each keeps its input
 * index in the header's orig_index.
 */
#ifndef HOP_SELECT_H
#define HOP_SELECT_H

#include <stdint.h>

#include "atomrange.h"
#include "err.h"
#include "stream.h"

/* Frames first, first + every, ... up to last (inclusive). */
struct hop_frame_sel {
	uint64_t first; /* default 0 */
	uint64_t last;  /* default UINT64_MAX: to the end */
	uint64_t every; /* default 1; never 0 */
};

/* Every frame: first 0, last UINT64_MAX, every 1. */
void hop_frame_sel_init(struct hop_frame_sel *s);

/* 1 when frame ordinal is kept, 0 when skipped, -1 when it is past the
 * last one (so that no later frame can be kept: stop reading). */
int hop_frame_sel_keep(const struct hop_frame_sel *s, uint64_t ordinal);

/* Which input atoms go where in each output frame. */
struct hop_atom_sel {
	uint32_t nin;     /* atoms in an input frame */
	uint32_t nout;    /* atoms in an output frame */
	uint32_t *from;   /* nout input indices, in output order */
	int identity;     /* every atom kept in input order: no copy needed */
};

/*
 * Fill h's species table, natoms and orig_index (other fields untouched;
 * h's old tables are freed) from an input of nin atoms whose species
 * table is sp[0..nsp) (names and counts), keeping the species named in
 * the comma-separated list (NULL or "" keeps all).  atom_species gives
 * each input atom's index in sp, or is NULL when the input's atoms are
 * grouped by species in table order (as in an XDATCAR).  Entries of sp
 * with one name (exactly the same string: "Li" twice, as in an XDATCAR
 * written from unsorted atoms; "Li" and "Li_sv" stay two) are one
 * species of the output, in the first entry's place, its atoms in input
 * order.  Species left with no atoms are dropped from the output table,
 * which holds each name once.  Returns 0, or -1 with err set (unknown
 * species in list, counts that disagree with nin, out of memory).
 */
int hop_atom_sel_build(struct hop_header *h, struct hop_atom_sel *sel,
    const struct hop_species *sp, uint32_t nsp, uint32_t nin,
    const uint32_t *atom_species, const char *list, struct hop_err *err);

/*
 * Keep of a selection built by hop_atom_sel_build (h its header) only
 * the atoms whose original index (h->orig_index) is in r: --atoms, whose
 * meaning with --species is the intersection.  Species left with no atoms
 * are dropped from h's table; order is kept.  A selection left empty is
 * not an error here (the caller words it).  0, or -1 with err set (out of
 * memory).
 */
int hop_atom_sel_restrict(struct hop_header *h, struct hop_atom_sel *sel,
    const struct hop_atomrange *r, struct hop_err *err);

/*
 * The positions of an output frame: out (3 x nout doubles) from in (3 x
 * nin doubles).  Returns in itself when the selection is the identity,
 * else fills and returns out.
 */
const double *hop_atom_sel_gather(const struct hop_atom_sel *sel,
    const double *in, double *out);

void hop_atom_sel_free(struct hop_atom_sel *sel);

#endif
