/*
 * atomrange.h - a set of atoms named by their original 0-based indices
 * (a stream's orig_index), as the --atoms option of kmeans-hops, msd,
 * hopsplit and the converters writes it: comma-separated single indices
 * and inclusive ranges, "0-999", "1000-1999,2500".
 *
 * The set is kept as sorted, disjoint, non-adjacent intervals, so that a
 * membership test is a binary search whatever the number of atoms.
 */
#ifndef HOP_ATOMRANGE_H
#define HOP_ATOMRANGE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* The largest index a RANGE may name (a stream holds fewer atoms). */
#define HOP_ATOMRANGE_MAX (UINT32_MAX - 1u)

struct hop_atomrange_iv {
	uint32_t lo, hi; /* inclusive */
};

struct hop_atomrange {
	size_t n;                    /* intervals */
	struct hop_atomrange_iv *iv; /* sorted by lo, disjoint, and never
	                              * adjacent (touching ones are joined) */
};

/* The empty set. */
void hop_atomrange_init(struct hop_atomrange *r);
void hop_atomrange_free(struct hop_atomrange *r);

/*
 * Parse s: items separated by commas, each an index N or a range N-M
 * with N <= M (decimal digits only, no blanks, no sign), in any order.
 * Items that overlap are refused ("ranges 0-10 and 5-20 overlap"), as
 * are an empty item, a reversed range ("range 9-3 is reversed"), and an
 * index above HOP_ATOMRANGE_MAX.  Items that merely touch (0-9,10-19)
 * are joined.  The messages name no option: the caller adds it.  r is
 * replaced.  0, or -1 with err set (and r empty).
 */
int hop_atomrange_parse(struct hop_atomrange *r, const char *s,
    struct hop_err *err);

/* Whether index i is in r. */
int hop_atomrange_has(const struct hop_atomrange *r, uint32_t i);

/* How many indices r holds. */
uint64_t hop_atomrange_count(const struct hop_atomrange *r);

/*
 * The set of the n indices idx (any order, repeats allowed) into r
 * (replaced).  0, or -1 with err set (out of memory).
 */
int hop_atomrange_from_indices(struct hop_atomrange *r, const uint32_t *idx,
    size_t n, struct hop_err *err);

/*
 * r written as a RANGE that hop_atomrange_parse reads back ("0-431,864",
 * "" for the empty set), in a new string the caller frees.  NULL when
 * out of memory.
 */
char *hop_atomrange_format(const struct hop_atomrange *r);

/*
 * Whether a and b share an index: 0 when not, else 1 with *first the
 * smallest index they share.
 */
int hop_atomrange_overlap(const struct hop_atomrange *a,
    const struct hop_atomrange *b, uint32_t *first);

#endif
