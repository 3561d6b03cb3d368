/*
 * cascade.h - time-lagged hop cascades: a spatiotemporal hop-hop
 * correlation function g(r, tau) relative to the null model.
 *
 * Every pair of hops i, j of two different ions whose starts are tau =
 * |s_j - s_i| frames apart (tau <= tau_max) and whose start positions are
 * r = |mic(p_j - p_i)| apart (r < r_max) is counted in its (r, tau) bin:
 * r bins of width r_max / nr from 0, tau bins of w = ceil((tau_max + 1) /
 * nt) frames from 0.  g(r, tau) = the observed pairs / their mean over
 * the trials of the null model (nullmodel.h: each ion's hop times shifted
 * circularly by its own offset), the relative rate at which a hop at
 * distance r is followed by another ion's hop tau later.  Each bin's
 * one-sided p-value is (1 + trials with at least the observed pairs) /
 * (1 + trials), and Benjamini-Hochberg q-values are taken over the bins
 * (a bin starting past tau_max, when nt w > tau_max + 1, is no test: its
 * p and q are NaN).
 */
#ifndef HOP_CASCADE_H
#define HOP_CASCADE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "stream.h"

struct hop_cascade {
	size_t nr, nt;       /* bins */
	double rmax;         /* A */
	uint64_t tmax, tw;   /* frames: the largest tau, a bin's width */
	uint64_t trials;
	uint64_t *obs;       /* nr x nt, r major: [ir * nt + it] */
	double *expect;      /* mean pairs over the trials */
	uint64_t *ge;        /* trials with at least obs */
	double *p, *q;       /* NaN where untested (no trials) */
};

/*
 * Count the n hops' pairs (slots below natoms, ends below T) in the cell
 * and run `trials` null trials with hop_null_offsets(seed, t, ...).
 * 0, or -1 with err set (bad arguments, out of memory).
 */
int hop_cascade_run(const struct hop_event *h, size_t n, uint32_t natoms,
    const double cell[9], uint64_t T, double rmax, size_t nr,
    uint64_t tmax, size_t nt, uint64_t trials, uint64_t seed,
    struct hop_cascade *c, struct hop_err *err);
void hop_cascade_free(struct hop_cascade *c);

#endif
