/*
 * nullmodel.h - is a count more than chance?  The null model keeps each
 * ion's own hops (their order, spacing, durations, sites and positions)
 * and breaks the timing between ions: every ion's hop times are shifted
 * circularly by its own uniform random offset in [0, T) frames,
 * t -> (t + u_ion) mod T.  Counts from many such trials give each
 * observed count an expected value, a spread and a one-sided p-value;
 * the Benjamini-Hochberg procedure controls the false-discovery rate
 * across the counts tested together.
 */
#ifndef HOP_NULLMODEL_H
#define HOP_NULLMODEL_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "mechanism.h"

/*
 * The offsets of trial `trial` (0-based) of seed: shift[a] uniform in
 * [0, nframes) for every slot a < natoms, each from its own stream, so
 * that a trial does not depend on which trials ran before it.
 */
void hop_null_offsets(uint64_t seed, uint64_t trial, uint32_t natoms,
    uint64_t nframes, uint64_t *shift);

/*
 * The one-sided p-value of an observed count from trials null counts of
 * which ge were at least as large: (1 + ge) / (1 + trials), never 0 (the
 * observation counts as one of the draws).
 */
double hop_null_pvalue(uint64_t ge, uint64_t trials);

/*
 * Benjamini-Hochberg adjusted p-values: with the m finite p-values sorted
 * p_(1) <= ... <= p_(m), q_(i) = min over k >= i of min(1, m p_(k) / k);
 * a test is significant at false-discovery rate alpha when q <= alpha.
 * NaN p-values are not tested (their q is NaN).  0, or -1 when out of
 * memory.
 */
int hop_bh(const double *p, size_t n, double *q);

/* The null distribution of the groups per class. */
struct hop_null_classes {
	uint64_t trials;
	double expected[HOP_MECH_NCLASS]; /* mean groups per trial */
	double sd[HOP_MECH_NCLASS];       /* their standard deviation */
	uint64_t ge[HOP_MECH_NCLASS];     /* trials with >= observed */
	double p[HOP_MECH_NCLASS];        /* hop_null_pvalue */
	double mean_ions;                 /* mean over trials of the
					     hop-weighted mean N */
};

/*
 * Run trials null trials (hop_null_offsets(seed, t, ...), t = 0 ..
 * trials - 1) of hop_mech_find on workspace m (whose last result is
 * overwritten: call hop_mech_find(m, NULL) again for the observed one)
 * and compare with observed[c], the observed groups per class.  0, or -1
 * with err set when out of memory.
 */
int hop_null_classes(struct hop_mech *m, uint32_t natoms, uint64_t nframes,
    const uint64_t observed[HOP_MECH_NCLASS], uint64_t trials,
    uint64_t seed, struct hop_null_classes *r, struct hop_err *err);

#endif
