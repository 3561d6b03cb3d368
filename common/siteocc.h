/*
 * siteocc.h - which site each mobile ion is on, frame by frame, and what
 * follows from it: occupancy, residences, jumps between sites, the
 * transition matrix between site types, jump types with their rates and
 * Poisson intervals, the jump diffusivity and the fraction of jumps that
 * go back.
 *
 * Assignment.  In every frame each ion is on the nearest site when that
 * site lies within the radius (minimum image, the frame's cell; sites
 * are fractional, so they follow the cell), else between sites.
 *
 * The flicker filter (min_visit = N frames).  An ion's current site
 * changes only when it has been seen on another site for N frames with no
 * frame on a third site or on the current one in between (frames between
 * sites neither count nor break the run); the arrival is the first frame
 * of that run, and the ion left its old site at its last frame there
 * before it.  Shorter visits elsewhere are flickers: no jump, and their
 * frames count as between sites.  An ion away from its site that comes
 * back has not jumped.  Until its first confirmed site an ion has none.
 * N = 1 keeps every change of nearest site.  site-analysis'
 * filter_length fills short gaps instead; GEMDAT's minimal_residence
 * asks the residence after a jump to last so long, as this does.
 *
 * Occupancy of a site: the mean number of ions on it, counting the
 * frames an ion is on the site and the site is (or becomes, by the
 * filter) its current site.  Residence: from arrival to the last frame
 * on the site before the next jump; residences cut by the start or the
 * end of the run are counted apart ("edge") and left out of the
 * residence statistics, as site-analysis does.
 *
 * Pure computation: no I/O.  -1 means an error in err (out of memory).
 */
#ifndef HOP_SITEOCC_H
#define HOP_SITEOCC_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "siteref.h"

/* One jump between two sites. */
struct hop_jump {
	uint32_t ion;        /* 0-based among the ions followed */
	uint32_t from, to;   /* sites */
	uint64_t left;       /* last frame on from (0-based ordinal) */
	uint64_t arrived;    /* first frame of the residence on to */
	double vec[3];       /* from -> to, minimum image, Angstrom, in the
	                      * first frame's cell */
};

/* One residence of an ion on a site. */
struct hop_residence {
	uint32_t ion, site;
	uint64_t first, last; /* frames, inclusive */
	int edge;             /* cut by the start or the end of the run */
};

struct hop_siteocc;

/*
 * An assigner for nions ions over the sites s (kept by pointer: s must
 * outlive it) in a run whose first frame's cell is cell, with the radius
 * (Angstrom, > 0) and the filter min_visit (>= 1).  NULL with err set.
 */
struct hop_siteocc *hop_siteocc_new(const struct hop_siteset *s,
    const double cell[9], uint32_t nions, double radius, unsigned min_visit,
    struct hop_err *err);
void hop_siteocc_free(struct hop_siteocc *o);

/*
 * The next frame: pos holds nions x 3 Cartesian positions (unwrapped or
 * not), cell the frame's cell (NULL: the first frame's).  sites (may be
 * NULL) gets each ion's raw site this frame (-1 between sites).  0, or
 * -1 with err set (a singular cell, out of memory).
 */
int hop_siteocc_frame(struct hop_siteocc *o, const double *pos,
    const double *cell, int32_t *sites, struct hop_err *err);

/*
 * The next nframes frames at once: pos holds nframes x nions x 3
 * Cartesian positions, cells nframes x 9 (NULL: every frame in the first
 * frame's cell).  nthreads >= 1 threads find the ions' sites (the frames
 * split between them), then the filter runs over the frames in order: the
 * result is that of hop_siteocc_frame frame by frame, whatever nthreads.
 * 0, or -1 with err set (a singular cell, out of memory).
 */
int hop_siteocc_batch(struct hop_siteocc *o, const double *pos,
    const double *cells, size_t nframes, unsigned nthreads,
    struct hop_err *err);

/* Close the last residences after the last frame.  0 or -1. */
int hop_siteocc_finish(struct hop_siteocc *o, struct hop_err *err);

/* Results, valid after hop_siteocc_finish. */
uint64_t hop_siteocc_frames(const struct hop_siteocc *o);
uint32_t hop_siteocc_ions(const struct hop_siteocc *o);
/* Ion-frames spent on site i (filtered), and its confirmed arrivals. */
uint64_t hop_siteocc_site_frames(const struct hop_siteocc *o, size_t i);
uint64_t hop_siteocc_site_visits(const struct hop_siteocc *o, size_t i);
/* Ion-frames between sites or in flickers (or before a first site). */
uint64_t hop_siteocc_between_frames(const struct hop_siteocc *o);
/* Raw frames on a site that the filter discarded as flickers. */
uint64_t hop_siteocc_flicker_frames(const struct hop_siteocc *o);
const struct hop_jump *hop_siteocc_jumps(const struct hop_siteocc *o,
    size_t *n);
const struct hop_residence *hop_siteocc_residences(
    const struct hop_siteocc *o, size_t *n);
/* The radius in use. */
double hop_siteocc_radius(const struct hop_siteocc *o);

/*
 * The smallest distance between two sites (minimum image, cell), NaN for
 * fewer than two sites: half of it is the default radius, so that no
 * two sites' spheres overlap.
 */
double hop_siteset_min_distance(const struct hop_siteset *s,
    const double cell[9]);

/* --- the analysis of the jumps --- */

/* A jump type: jumps from one site type to another over one distance
 * class. */
struct hop_jumptype {
	uint32_t from, to;      /* site types */
	double dist_A;          /* the class's mean distance */
	double dmin_A, dmax_A;  /* its range */
	uint64_t count;
	double rate_ion_ps;     /* count / (N t): per ion and ps */
	double rate_ion_lo, rate_ion_hi; /* its Garwood 95 % interval */
	double drate_ion_ps;    /* sqrt(count) / (N t), its standard error */
	double rate_ps;         /* count / t: of the whole cell */
	double rate_from_ps;    /* count / (ion time on from-type sites):
	                         * per occupied site, GEMDAT's rate */
	double returns;         /* fraction of its jumps that go back to the
	                         * site the ion came from (NaN: no jump with a
	                         * predecessor) */
	char name[3 * HOP_SITE_LABEL_MAX + 32]; /* "48h-48h@2.38" */
};

/* Residence statistics of one site type (complete residences only). */
struct hop_restats {
	uint64_t n, edge;       /* complete and edge residences */
	double mean_ps, sem_ps, median_ps, q25_ps, q75_ps, max_ps;
};

struct hop_sitejumps {
	size_t ntypes;            /* site types */
	uint64_t *trans;          /* ntypes x ntypes: counts from row type
	                           * to column type */
	double *occ_type;         /* ntypes: mean ions on the type's sites */
	double *occ_per_site;     /* ntypes: that divided by its sites */
	size_t *nsites_type;      /* ntypes */
	struct hop_restats *res;  /* ntypes */
	double *site_res_ps;      /* per site: mean complete residence (ps),
	                           * NaN without one */
	uint64_t *site_res_n;     /* per site: complete residences */
	size_t njt;
	struct hop_jumptype *jt;  /* njt, by from, to, distance */
	uint64_t njumps;
	double t_ps;              /* the run's length: frames x dt */
	double d_jump, dd_jump;   /* A^2/ps: sum lambda^2 / (2 d N t), and
	                           * sqrt(sum lambda^4) / (2 d N t) */
	double returns;           /* fraction of jumps (with a predecessor)
	                           * back to the site before */
	uint64_t nreturn_pairs;   /* jumps with a predecessor */
	double between;           /* fraction of ion-frames between sites */
};

/*
 * The analysis of o's jumps over the site set s: the transition counts
 * between types, jump types (the jumps between each ordered pair of
 * types split into distance classes wherever consecutive sorted
 * distances differ by more than tol_A), rates with dt_ps the time
 * between frames, D_jump in dims dimensions, returns, residences per
 * type.  0, or -1 with err set.  Free with hop_sitejumps_free.
 */
int hop_sitejumps_analyse(const struct hop_siteocc *o,
    const struct hop_siteset *s, double dt_ps, unsigned dims, double tol_A,
    struct hop_sitejumps *r, struct hop_err *err);
void hop_sitejumps_free(struct hop_sitejumps *r);

#endif
