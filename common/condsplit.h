/*
 * condsplit.h - the collective mean-squared displacement of the hopping
 * species split by mechanism, exactly.
 *
 * Each ion's site trajectory s_i(t) changes by the hop's displacement
 * D_h = to_centre - from_centre at the frame e_h where hop h ends.  Over
 * a window of m frames from origin t0, the collective displacement of the
 * N ions is
 *     dR = sum_i (r_i(t0 + m) - r_i(t0)) = S + V,
 *     S = sum of D_h over the hops with t0 < e_h <= t0 + m,
 * V the rest (vibration, hops under way at the window's ends, centres
 * that do not chain).  Then
 *     |dR|^2 = sum_h |D_h|^2                      hop self terms
 *            + sum over h != h' of one group      within groups, by the
 *                  D_h . D_h'                        group's class
 *            + sum over h, h' of one ion in       between groups, one ion
 *                  different groups D_h . D_h'
 *            + sum over h, h' of different ions   between groups, distinct
 *                  in different groups D_h . D_h'    ions
 *            + |dR|^2 - |S|^2                     vibration and the rest,
 * every term divided by N and averaged over the T - m origins, so that
 * they add up to MSD_coll(m) = 1/N <|dR|^2> as msd(1) defines it.
 */
#ifndef HOP_CONDSPLIT_H
#define HOP_CONDSPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "mechanism.h"
#include "stream.h"

/* The terms: self, the within-group term of each class, between groups
 * (one ion, distinct ions), the rest. */
enum {
	HOP_CS_SELF = 0,
	HOP_CS_WITHIN = 1, /* + class */
	HOP_CS_SAME_ION = 1 + HOP_MECH_NCLASS,
	HOP_CS_DISTINCT,
	HOP_CS_REST,
	HOP_CS_NTERMS
};

/* "hop_self", "within_CLASS", "between_groups_same_ion",
 * "between_groups_distinct_ions", "vibration_and_rest"; NULL past the
 * end. */
const char *hop_cs_term_name(unsigned k);

struct hop_condsplit {
	uint64_t window, origins;
	unsigned blocks;
	double total, total_se;            /* MSD_coll(m), A^2 */
	double value[HOP_CS_NTERMS];       /* A^2 */
	double se[HOP_CS_NTERMS];          /* block standard errors */
	double share[HOP_CS_NTERMS];       /* value / total */
	double share_se[HOP_CS_NTERMS];
	double hops_per_window;            /* mean hops ending in a window */
};

/*
 * Split MSD_coll at window m (1 <= m < T) for the n hops of the run
 * (group[h] their groups, cls[g] the groups' classes, as hop_mech_find
 * gives them), nions ions, and C: the sum of the ions' unwrapped
 * positions in each of the T frames (3 T doubles), less nions times the
 * framework's centroid when the caller sees them from the framework
 * (hopmech --split does by default, as msd).  The uncertainties
 * are the standard errors of the means of `blocks` (>= 2) runs of
 * consecutive origins.  0, or -1 with err set (m out of range, fewer
 * origins than blocks, out of memory).
 */
int hop_condsplit(const struct hop_event *hops, size_t n,
    const uint32_t *group, size_t ngroups, const uint8_t *cls,
    uint32_t nions, const double *C, uint64_t T, uint64_t m,
    unsigned blocks, struct hop_condsplit *out, struct hop_err *err);

#endif
