/*
 * sitematch.h - sites found from the data matched to a reference site
 * set one to one, so that the data's sites take the reference's labels.
 *
 * Every pair of a data site and a reference site closer than tol
 * (minimum image, fractional positions in one cell) is a candidate; the
 * pairs are taken in order of increasing distance (ties by data site,
 * then reference site), each accepted while neither site is taken yet.
 * So each data site has at most one reference site and each reference
 * site at most one data site, and the closest pairs win.  A data site
 * left without a reference site is unmatched (an interstitial the data
 * show, or a site the reference misplaces); a reference site left
 * without one was never resolved by the data (never visited, or merged
 * with a neighbour).  The default tolerance hop_sitematch_tol gives is
 * half the least distance between two reference sites: then no data
 * site lies within tol of two reference sites.
 *
 * No I/O.  -1 means an error in err (out of memory).
 */
#ifndef HOP_SITEMATCH_H
#define HOP_SITEMATCH_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "siteref.h"

#define HOP_MATCH_NONE UINT32_MAX

struct hop_sitematch {
	size_t ndata, nref;
	double tol;           /* A */
	uint32_t *ref;        /* ndata: the matched reference site, or
	                       * HOP_MATCH_NONE */
	double *dist;         /* ndata: the distance to the matched site;
	                       * unmatched: to the nearest reference site */
	uint32_t *nearest;    /* ndata: the nearest reference site */
	uint32_t *data;       /* nref: the matched data site, or NONE */
	size_t matched;       /* pairs */
	double mean_dist, max_dist; /* over the pairs (NaN without) */
};

/*
 * The default tolerance: half the least distance between two sites of
 * ref (minimum image in cell), NaN with fewer than two distinct sites.
 */
double hop_sitematch_tol(const struct hop_siteset *ref,
    const double cell[9]);

/*
 * Match the sites of data to those of ref, both fractional in cell, with
 * tol > 0 (A).  0, or -1 with err set (out of memory).  Free with
 * hop_sitematch_free.
 */
int hop_sitematch(const struct hop_siteset *data,
    const struct hop_siteset *ref, const double cell[9], double tol,
    struct hop_sitematch *m, struct hop_err *err);
void hop_sitematch_free(struct hop_sitematch *m);

#endif
