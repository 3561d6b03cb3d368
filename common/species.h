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

#endif
