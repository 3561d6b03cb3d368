/*
 * sitetype.h - site types from the environment alone: sites whose
 * surroundings look alike are one type, so that jump types exist without
 * a reference structure.
 *
 * A site's signature is the sorted distances (minimum image) to its k
 * nearest environment points: the framework atoms (time-averaged
 * positions of the species that do not move), or, without any, the other
 * sites.  Sites are taken in order; each joins the first type whose
 * first site's signature differs from its own by at most tol_A in every
 * distance, else it starts a new type.  Types are then numbered by
 * decreasing size.  A type whose sites all carry one reference label,
 * which no other type carries, is named by it; otherwise by the label
 * and a number ("48h-2"), or without labels "A", "B", ... (then "T27"
 * on).
 */
#ifndef HOP_SITETYPE_H
#define HOP_SITETYPE_H

#include <stddef.h>

#include "err.h"
#include "siteref.h"

/* The most environment distances a signature holds. */
#define HOP_SITETYPE_KMAX 32

/*
 * Type the sites of s (type[], ntypes, type_name[] replaced): env holds
 * nenv fractional points (NULL or nenv 0: the other sites), k (1 to
 * HOP_SITETYPE_KMAX) distances per signature, in the cell.  0, or -1
 * with err set (out of memory, fewer than k environment points).
 */
int hop_sitetype_env(struct hop_siteset *s, const double cell[9],
    const double *env, size_t nenv, unsigned k, double tol_A,
    struct hop_err *err);

#endif
