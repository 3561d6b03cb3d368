/*
 * splitrun.h - a run split by atoms (kmeans-hops --atoms, msd --atoms,
 * hopsplit) and put together again (hopcat --merge, msd --reduce): what
 * ties the parts to their run, and the check that parts belong together.
 *
 * The whole run.  A part made by --atoms on the run's own stream carries
 * the run's header, whose species table and orig_index are the whole
 * run's.  A stream of hopsplit holds only its part's atoms, so hopsplit
 * appends a note to its provenance command line, after a shell comment
 * sign so that the line stays a command one can run:
 *     hopsplit --parts 2 -o P run.bin # part 1 of 2: atoms
 *     432-863,1728-2591 of Ca=0-863 F=864-2591
 * (one line): the part, its atoms and the whole run's atoms by species,
 * in the run's species order (atoms of a species in increasing index, as
 * the converters write them).
 *
 * Parts belong together when their headers agree (coordinates, flags,
 * time step, temperature, cell, frames, title, the whole run) and their
 * provenance is the same programs with the same command lines apart from
 * what legitimately differs between parts: --atoms and its value, the
 * files named (operands), the hopsplit note, and options that do not
 * change results (--jobs, --quiet, --max-memory).  Options are told from
 * operands without knowing each program: a bare option ("-k", "--mode")
 * takes the next word as its value unless it is one of the toolkit's
 * options without a value (HOP_SPLIT_FLAGS in splitrun.c).
 */
#ifndef HOP_SPLITRUN_H
#define HOP_SPLITRUN_H

#include <stddef.h>
#include <stdint.h>

#include "atomrange.h"
#include "err.h"
#include "stream.h"

/* The atoms of a whole run, by species in the run's order. */
struct hop_split_universe {
	uint32_t nspecies;
	char (*name)[HOP_MAX_NAME + 1];
	struct hop_atomrange *atoms; /* nspecies sets */
};

/*
 * The note hopsplit appends for part (0-based) of nparts holding atoms,
 * of the run whose header is whole: " # part I of K: atoms R of S=R ...",
 * I 1-based, in a new string.  NULL when out of memory.
 */
char *hop_split_note(size_t part, size_t nparts,
    const struct hop_atomrange *atoms, const struct hop_header *whole);

/*
 * The whole run a stream of header h belongs to: the note of the last
 * hopsplit entry of its provenance, else h's own species and atoms.
 * part (may be NULL) gets the part's atoms: the note's, else every atom
 * of h.  0, or -1 with err set (a note that does not parse, atoms of a
 * species not in increasing order, out of memory).
 */
int hop_split_universe(const struct hop_header *h,
    struct hop_split_universe *u, struct hop_atomrange *part,
    struct hop_err *err);
/* 1 when a and b are the same run's atoms, else 0. */
int hop_split_universe_equal(const struct hop_split_universe *a,
    const struct hop_split_universe *b);
/* The index of species name in u, or -1. */
int hop_split_universe_species(const struct hop_split_universe *u,
    const char *name);
void hop_split_universe_free(struct hop_split_universe *u);

/*
 * cmdline without what may differ between the parts of one run (see
 * above), words joined by single blanks, in a new string; NULL when out
 * of memory.
 */
char *hop_split_cmdline_key(const char *cmdline);

/*
 * Whether streams a and b (headers ha, hb; names an, bn for messages)
 * are parts of one run analysed the same way.  0, or -1 with err saying
 * what differs: "a.bin and b.bin are not parts of one run: dt_fs 10 and
 * 5", "... provenance entry 3 (kmeans-hops) differs: '--mode adaptive'
 * and '--mode reference'".
 */
int hop_split_compatible(const struct hop_header *ha, const char *an,
    const struct hop_header *hb, const char *bn, struct hop_err *err);

#endif
