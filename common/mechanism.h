/*
 * mechanism.h - which hops belong together, in space and time, and by
 * what mechanism: hops linked into correlated groups (the connected
 * components of a union-find over linked pairs), each group given one
 * mechanism class by written geometric rules.  man/hopmech.1 states the
 * rules for users; this header is their contract.
 *
 * Links.  Hops i and j (any ions, the same ion included) are linked when
 *   time:  max(s_i, s_j) <= min(e_i, e_j) + lag   (they overlap, or one
 *          starts at most lag frames after the other ends), and
 *   space: |mic(p_j - p_i)| <= cutoff, p the positions at the hops'
 *          starts (start_pos), mic the minimum image in the cell.
 *
 * Sites.  A hop goes from site F (from_centre) to site E (to_centre);
 * two sites are the same when |mic(A - B)| <= r_match.  A hand-off
 * i -> j (ions differ) is E_i = F_j: i ends where j started.
 *
 * Classes, tested in this order (the first that fits wins):
 *   isolated        one hop;
 *   back-and-forth  every ion of the group ends where it started (the
 *                   last of its hops in the group ends at the first's F);
 *   exchange        two hops by two ions with hand-offs both ways;
 *   knock-off       two hops by two ions, one hand-off;
 *   string          three or more hops by distinct ions whose hand-offs
 *                   form one path (or one ring) through all of them;
 *   concerted       two or more hops by distinct ions, no hand-off, every
 *                   two of them overlapping in time (no lag) with
 *                   displacements E - F at cos > cos_min;
 *   other           anything else, and every group of more than
 *                   max_classify hops.
 */
#ifndef HOP_MECHANISM_H
#define HOP_MECHANISM_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "stream.h"

/* --- union-find --- */

/* Disjoint sets over 0..n-1 with union by rank and path halving. */
struct hop_uf {
	uint32_t *parent;
	uint8_t *rank;
	size_t n;
};

/* Allocate n singletons. 0, or -1 when out of memory (or n > 2^32). */
int hop_uf_init(struct hop_uf *u, size_t n);
/* Make every element a singleton again. */
void hop_uf_reset(struct hop_uf *u);
/* The representative of x's set. */
uint32_t hop_uf_find(struct hop_uf *u, uint32_t x);
/* Join the sets of a and b: 1 when they were apart, 0 when already one. */
int hop_uf_union(struct hop_uf *u, uint32_t a, uint32_t b);
void hop_uf_free(struct hop_uf *u);

/* --- classes --- */

enum hop_mech_class {
	HOP_MECH_ISOLATED,
	HOP_MECH_BACK,
	HOP_MECH_EXCHANGE,
	HOP_MECH_KNOCKOFF,
	HOP_MECH_STRING,
	HOP_MECH_CONCERTED,
	HOP_MECH_OTHER,
	HOP_MECH_NCLASS
};

/* "isolated", "back-and-forth", "exchange", "knock-off", "string",
 * "concerted", "other"; NULL past the end. */
const char *hop_mech_class_name(unsigned c);

struct hop_mech_params {
	double cutoff;       /* A: linking distance */
	double r_match;      /* A: two sites are one */
	double cos_min;      /* concerted: displacements at cos above this */
	uint64_t lag;        /* frames a hop may follow another's end */
	size_t max_classify; /* larger groups are "other" */
};

/* Defaults that do not depend on the data. */
#define HOP_MECH_COS_MIN 0.5
#define HOP_MECH_CUTOFF_FACTOR 1.5
#define HOP_MECH_MATCH_FACTOR 0.5
#define HOP_MECH_MAX_CLASSIFY 256

/*
 * The data's site separation s: the median of |to_centre - from_centre|
 * over the hops where it is positive, else the median of |end_pos -
 * start_pos| over those where that is.  Then, unless already set
 * (finite, resp. lag != UINT64_MAX): cutoff = 1.5 s, r_match = 0.5 s,
 * lag = the median of end - start (frames, rounded down); cos_min and
 * max_classify get their defaults when NaN / 0.  -1 with err set when s
 * is needed and no hop has a positive length (with no hops at all: 0, s
 * and the distances left NaN).
 */
int hop_mech_defaults(const struct hop_event *hops, size_t n,
    struct hop_mech_params *p, double *site_sep, struct hop_err *err);

/* What hop_mech_find found: groups numbered 0.. in the order of their
 * first hop's (shifted) start. */
struct hop_mech_groups {
	size_t nhops, ngroups;
	uint32_t *group;  /* per hop: its group */
	uint32_t *member; /* hops grouped: group g's are member[first[g] ..
			     first[g] + hops[g] - 1], by start */
	uint32_t *first;  /* per group */
	uint32_t *hops;   /* per group: hops */
	uint32_t *ions;   /* per group: distinct ions */
	uint8_t *cls;     /* per group: enum hop_mech_class */
	uint64_t groups_in[HOP_MECH_NCLASS]; /* groups per class */
	uint64_t hops_in[HOP_MECH_NCLASS];   /* hops per class */
	uint64_t links;   /* linked pairs */
};

struct hop_mech;

/*
 * A workspace for the n hops of one run (copied) in a cell (rows a, b, c
 * in A, used for every minimum image) over nframes frames (every hop's
 * end < nframes).  NULL with err set when the cell is singular, a hop
 * lies outside the run or its slot is not below natoms, or memory runs
 * out.
 */
struct hop_mech *hop_mech_new(const struct hop_event *hops, size_t n,
    uint32_t natoms, const double cell[9], uint64_t nframes,
    const struct hop_mech_params *p, struct hop_err *err);
void hop_mech_free(struct hop_mech *m);

/*
 * Link, group and classify.  shift (NULL: none) holds one offset per
 * atom slot: each hop of slot a then starts at (start + shift[a]) mod
 * nframes and lasts as long as before, the circular time shift of the
 * null model.  The result lives in m until the next call.
 */
const struct hop_mech_groups *hop_mech_find(struct hop_mech *m,
    const uint64_t *shift);

/* The (shifted) start and end of hop i in the last hop_mech_find. */
void hop_mech_times(const struct hop_mech *m, size_t i, int64_t *s,
    int64_t *e);

/*
 * The mean over hops of the number of ions in the hop's group (the
 * spatially resolved N), and its standard error from nboot bootstrap
 * resamples of the groups (seeded by seed); *se is NaN with fewer than
 * two groups.
 */
void hop_mech_mean_ions(const struct hop_mech_groups *g, unsigned nboot,
    uint64_t seed, double *mean, double *se);

#endif
