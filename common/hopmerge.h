/*
 * hopmerge.h - the hop streams of a run split by atoms (kmeans-hops on
 * each part) joined into the one stream a single process writes on the
 * whole run: the whole run's header, and each atom's record and hops in
 * the whole run's atom order, with the slot and species of the whole
 * run.  What ties the parts to their run, and what must agree, is
 * splitrun.h's.
 */
#ifndef HOP_HOPMERGE_H
#define HOP_HOPMERGE_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

/*
 * Read the n >= 1 hop streams paths and write their merge on out (named
 * outname in messages) with a provenance entry for prog run as argv.
 * Refused, with err naming the files: a part that is not a hop stream
 * (frames), parts that are not of one run analysed one way
 * (hop_split_compatible), an atom in two parts, and parts that leave out
 * atoms of an analysed species (a species with a per-atom record in any
 * part): "the parts miss 108 of the 216 F atoms (first 216): is a part
 * missing?".  Nothing reaches out before every part is read and checked.
 * Memory: every record of every part.  0, or -1 with err set.
 */
int hop_merge_streams(const char *const *paths, size_t n, FILE *out,
    const char *outname, const char *prog, const char *version, int argc,
    char **argv, struct hop_err *err);

#endif
