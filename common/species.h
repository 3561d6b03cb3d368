/*
 * species.h - choosing atoms by species, and the "family" of a run.
 */
#ifndef HOP_SPECIES_H
#define HOP_SPECIES_H

#include "err.h"
#include "stream.h"

/*
 * Parse a comma-separated list of species names ("Li,Na") against h's
 * species table: keep[s] = 1 for each named species, 0 otherwise (keep has
 * h->nspecies entries).  list NULL or "" selects every species.  Returns 0,
 * or -1 with err naming the unknown species and listing the known ones.
 */
int hop_species_select(const struct hop_header *h, const char *list,
    unsigned char *keep, struct hop_err *err);

/*
 * Whether the species names a and b denote one element: the same up to
 * a '_' or '/' suffix (VASP's POTCAR names: "F_s", "F/77cd" and "F" are
 * one element, "Fe" is not "F"), the rule hop_family_species uses.
 */
int hop_species_same_element(const char *a, const char *b);

/*
 * The mobile species that names the run's family, as the reference
 * implementation chooses it: the first of Li, Na, Ag, Cu, Cl, I, Br, F, O
 * present in the run (matching a name up to a '_' or '/' suffix, so
 * "Li_sv" is Li).  Returns the species index, or -1 when none is present.
 */
int hop_family_species(const struct hop_header *h);

/*
 * The family's name: "Li-based", "Na-based", "Ag-based", "Cu-based",
 * "O-based", "Halide-based" (Cl, I, Br, F) or "Other".
 */
const char *hop_family_name(const struct hop_header *h);

/*
 * The one species an analysis is about (msd, vanhove, hopsites): the one
 * named in list, or with list NULL the family's (hop_family_species); it
 * must have atoms.  Returns its index, or -1 with err set, each message
 * starting "NAME: ": hop_species_select's, "--species takes one species,
 * not 'LIST'", "no mobile species (Li, Na, Ag, Cu, Cl, I, Br, F, O) in
 * the input; name one with --species" or "species 'X' has no atoms".
 */
int hop_species_one(const struct hop_header *h, const char *list,
    const char *name, struct hop_err *err);

/*
 * The framework a drift correction follows: frame[s] = 1 for each species
 * in list (NULL: every species) other than sp, and the names of those with
 * atoms, comma-separated, in names (room for len bytes, cut to fit).
 * A list that names sp is refused.  Returns 0, or -1 with err set,
 * starting "NAME: ": hop_species_select's message, "the framework 'LIST'
 * holds X, the species analysed: name the other species", or "no
 * framework atoms to take the drift from (only 'X' is selected)".
 */
int hop_species_framework(const struct hop_header *h, const char *list,
    int sp, const char *name, unsigned char *frame, char *names, size_t len,
    struct hop_err *err);

/*
 * The framework a drift correction follows by default: for the run's
 * mobile species (sp is hop_family_species(h)), every other species with
 * atoms (frame[s] = 1, their names in names as hop_species_framework
 * gives them); none for another species (the mobile ions would be in its
 * reference), none when there is no other species, and none when the
 * stream is a part of hopsplit(1) that holds only some of a framework
 * species' atoms (its centroid would not be the run's).  Without one
 * frame is all 0 and names "", and *split is 1 in the last case (0 else).
 * 0, or -1 with err set (a hopsplit note that does not parse, out of
 * memory).
 */
int hop_species_framework_auto(const struct hop_header *h, int sp,
    unsigned char *frame, char *names, size_t len, int *split,
    struct hop_err *err);

/*
 * The framework of a drift correction asked for as drift says: 0 none
 * (frame all 0, names ""), above 0 hop_species_framework's of list, below
 * 0 hop_species_framework_auto's (*split as it says; 0 otherwise).  0,
 * or -1 with err set, starting "NAME: ".
 */
int hop_species_drift_framework(const struct hop_header *h, int drift,
    const char *list, int sp, const char *name, unsigned char *frame,
    char *names, size_t len, int *split, struct hop_err *err);
/* What a tool warns when *split: the correction left out. */
#define HOP_DRIFT_SPLIT_WARNING "a part of hopsplit holds only some of " \
	"the framework's atoms: no drift correction (the collective " \
	"motion in the centre-of-mass frame; split with --atoms on the " \
	"run's stream to keep it)"

#endif
