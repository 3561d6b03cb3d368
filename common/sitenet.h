/*
 * sitenet.h - the sites of one species found from the pooled data of all
 * its ions, and each ion's path over them: kmeans-hops --mode network and
 * hopsites' "sites from the data".  No reference structure is needed.
 *
 * The method (man/kmeans-hops.1 states it with its assumptions; it
 * numbers the framework's translations, latsym.h's, as step 2, so that
 * steps 2 to 6 here are its steps 3 to 7):
 *
 *  1. The vibration.  Every ion's vibration curve is measured as the
 *     adaptive mode does (sites.h: hop_vib_curve); the species' plateau
 *     lag is read off the median curve, each ion's sigma and tau at it,
 *     and the species' vibration is the median over its ions.  An ion
 *     that hops often cannot move a median.  opts.sigma overrides it.
 *  2. The density.  Every position of every ion (at most opts.max_points
 *     of them, evenly strided in time) is folded into the first frame's
 *     cell (fractional coordinates in [0, 1)) and counted on a grid of
 *     about sigma / 2 Angstrom per bin along each cell axis; the counts
 *     are smoothed by a Gaussian of sigma (separably along the fractional
 *     axes, periodically).  With opts.trans, every position is counted
 *     once more at each of its translates (at most opts.max_points in
 *     all): a site then holds the positions of all its copies in the
 *     supercell, and a site too rarely visited to show in one copy shows
 *     in their sum.  A site is a local maximum of that density
 *     over its 26 neighbours, so any cell, any species and any number of
 *     sites are handled alike and no k is chosen.
 *  3. The refinement.  Each maximum moves to the mean of the folded
 *     positions within the vibration radius (RADIUS = 2.7955 sigma, 95% of
 *     a 3-D Gaussian vibration), nearest site first, minimum image, until
 *     it settles (a mean shift with a flat kernel).  Sites closer than
 *     the merge tolerance (opts.merge; default 3 sigma, the adaptive
 *     mode's SEP_MIN) are merged, the more visited absorbing the other,
 *     and a site holding fewer positions than one confirmed residence
 *     (3 tau frames) is dropped.  With opts.trans, a site must also hold
 *     3 tau positions of its own copy within half the distance to its
 *     nearest neighbour (the pool places sites; it does not make an
 *     excursion a site).
 *  4. The vibration again.  With the sites known, sigma is measured once
 *     more from the pooled positions themselves: sigma^2 = median of the
 *     squared distance to the nearest site / 2.366 (the median of chi^2
 *     with 3 degrees of freedom).  The vibration curve of step 1 also
 *     holds motion within a cage or between near sites; this one is the
 *     vibration about a site.  When it differs from the first by more
 *     than 10%, steps 2 and 3 run once more with it (unless opts.sigma
 *     was given).
 *  5. The visits.  Every ion's path over the sites (below); a site where
 *     no ion has a residence is dropped.  A passage is no residence
 *     here: at most PASS_MAX (32) frames at a site whose centre lies on
 *     the segment between the sites before and after it (within its
 *     radius of it), whose frames, with as many of theirs on each side,
 *     a straight passage between those two fits no worse than a stop
 *     there (a path that also stops at it) by more than PASS_LR = 3
 *     samples (2 sigma^2 tau each; the 5 % level of chi^2 with the
 *     stop's two more change points).  The pooled crossings of many ions
 *     can make a maximum of the density between two sites, and an ion
 *     lingering on its way through it does not make it a site.
 *  6. The time order.  Without translations, a site one ion visited for a
 *     long while beside busy ones can hold too few positions to make a
 *     maximum of its own (a wide vibration about sites 2.7 A apart, say):
 *     the adaptive mode finds it from that ion's frames in time order, and
 *     so does this step.  A dwell is a stretch of an ion's path out of
 *     every site's radius (returns within one shorter than 3 frames
 *     allowed, and returns shorter than tau between two such stretches
 *     whose means lie within the merge tolerance of each other: a wide
 *     vibration about the place reaches into a neighbour's radius now and
 *     then) of more than 3 tau frames and at least 9 (an ion crossing
 *     between two sites stays out of both for a few frames), whose
 *     positions scatter about their mean by at most 1.5 sigma per axis (a
 *     vibration, not a passage), that mean farther than the merge tolerance
 *     from every site.  An ion with such a stretch (a dwell or not: its
 *     frames may run on into a walk to a neighbour) also has its own sites
 *     found, as the adaptive mode finds them but starting from the species'
 *     vibration; each one's frames within the radius of it are judged as a
 *     stretch is, and a stretch within the merge tolerance of such a dwell
 *     is dropped (it also holds the walks to and from the place).  The
 *     dwells of all ions, longest first, each absorb the others within the
 *     merge tolerance (their frame-weighted mean), and each one then
 *     farther than it from every site is a site.  With translations the
 *     step is not taken: the density holds every copy of a site, and a
 *     place seen in one copy only is not one (step 3).
 *
 * Assignment of one ion (hop_sitenet_assign) uses the adaptive mode's
 * time-aware model with the shared sites as its states: every image of
 * a site within CAND_RADIUS (2 x the radius, at least the nearest site)
 * of a frame is a candidate state for that frame; the most probable path
 * (Viterbi: Gaussian vibration of sigma about a site, tau frames per
 * independent sample, a change of site costing log(n / tau)) picks one
 * per frame; a residence is confirmed by more than tau and more than 3
 * frames within the radius of its site (more than tau when cut by the
 * start or end of the run), or by more than 1 when it lies between two
 * confirmed residences at one other state (an excursion and return), and
 * by at least opts.min_frames frames; the frames between two confirmed
 * residences go to the two sites split at one change point (one hop,
 * however the ion wandered), or all to the one site when both are the
 * same (a shorter excursion).  Last, the short visits the path did not
 * take: it weighs a frame at 1 / tau of a sample, so a visit of fewer
 * than tau frames seldom pays for two changes.  A run of more than 1
 * frame within the radius of one other site (nearest it), inside a
 * residence, goes to that site when one of its frames, as one sample,
 * lies within that site's median vibration radius (1.538 sigma) and
 * favours it over the residence's by more than two changes:
 * (|x - a|^2 - |x - b|^2) / (2 sigma^2) > 2 log(n / tau); but only for
 * a species that makes significantly more such visits than its vibration
 * alone would (net->short_visits, hop_sitenet_short_decide).  A frame
 * farther than its site's radius from it is "between sites" (at = 0)
 * while still belonging to that residence.
 *
 * Units: Angstrom and frames.  Positions are unwrapped Cartesian
 * coordinates; sites are Cartesian in the first frame's cell, folded into
 * it.  A cell that changes during the run (NPT) is folded with the first
 * frame's cell: the sites then blur by the cell's strain.
 *
 * No I/O, no global state.  hop_sitenet_build shares its per-ion work
 * among threads when asked (jobs.h); the results do not depend on how
 * many.  hop_sitenet_assign is reentrant: ions can be assigned in
 * parallel with one workspace per thread.
 */
#ifndef HOP_SITENET_H
#define HOP_SITENET_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "posstore.h"
#include "sites.h"

/* A frame's site when it belongs to none (hop_sitenet_nearest finds no
 * site, or a net without sites). */
#define HOP_SITE_NONE UINT32_MAX

struct hop_sitenet_opts {
	double sigma;      /* vibration per axis, A; 0: measured (steps 1, 4) */
	double merge;      /* merge tolerance, A; 0: 3 sigma */
	double radius;     /* a frame is at its site within this, A; 0:
	                      2.7955 sigma, at most half the distance to the
	                      site's nearest neighbour */
	size_t max_points; /* pooled positions for the density; 0: all */
	size_t min_frames; /* a residence lasts at least this many frames
	                      (a flicker filter as site-analysis'
	                      filter_length); 0: none beyond the vibration's
	                      confirmation */
	const double *trans; /* ntrans lattice translations (fractional, 3
	                      each; latsym.h) over which every position is
	                      also counted in steps 2 and 3, so that the sites
	                      repeat with the framework; NULL: none */
	size_t ntrans;
	int no_short_test; /* hop_sitenet_build: leave the short visits
	                      undecided (HOP_SHORT_COUNT), not simulating
	                      the vibration, for a caller that assigns no
	                      hops with the net (the sites are the same) */
	int no_dwells;     /* skip step 6: no sites from dwells (the
	                      reduce step's choice in a split run) */
	unsigned threads;  /* threads sharing steps 2 and 3 (the density's
	                      smoothing, the mean shifts); 0: one.  The sites
	                      do not depend on it. */
};

/* Defaults: everything measured, max_points 4000000, min_frames 0, no
 * translations, one thread. */
void hop_sitenet_opts_init(struct hop_sitenet_opts *o);

/* One site. */
struct hop_site {
	double pos[3];     /* Cartesian, A, folded into the first frame's cell */
	double frac[3];    /* the same in fractional coordinates, [0, 1) */
	double spread;     /* rms distance (A) to pos of the pooled positions
	                      within radius of it */
	double radius;     /* a frame is at this site within radius of pos */
	uint64_t points;   /* pooled positions within radius (step 3);
	                      with translations, their mean over the copies */
	/* Filled by hop_sitenet_tally over the ions' paths (0 before): */
	uint64_t visits;   /* residences, passages not counted */
	uint64_t frames;   /* frames of those residences in total */
	double mean_res;   /* frames / visits, frames; NaN with no visit */
};

struct hop_sitenet_grid; /* private: nearest-site lookup */

/* The sites of one species. */
struct hop_sitenet {
	double cell[9], inv[9]; /* the first frame's cell and its inverse */
	struct hop_vib vib;     /* the species' vibration used: sigma (step 4
	                           or opts), tau and plateau lag (step 1) */
	double sigma_curve;     /* sigma of step 1 (the vibration curves);
	                           NaN when opts.sigma was given */
	double merge;           /* merge tolerance used, A */
	double radius;          /* 2.7955 sigma, or opts.radius */
	double sep;             /* least distance between two sites (minimum
	                           image), A; NaN with fewer than two */
	size_t min_frames;      /* opts.min_frames */
	size_t ntrans;          /* translations the positions were pooled
	                           over, the identity included (1: none) */
	size_t nions, nframes;  /* the data the sites came from */
	size_t nsites;
	size_t ncand;           /* candidates of steps 1 to 4, before step 5
	                           dropped the unvisited (0 for sites from a
	                           file) */
	struct hop_site *site;  /* nsites, in order of x, then y, then z of
	                           frac (a stable numbering) */
	int short_visits;       /* HOP_SHORT_*: whether hop_sitenet_assign
	                           takes the short visits */
	uint64_t short_found;   /* after hop_sitenet_short_decide: the short
	                           visits its ions made, and the mean of */
	double short_null;      /* those the vibration alone makes */
	struct hop_sitenet_grid *grid;
};

/*
 * Whether a net's assignment takes the short visits (its last step).
 * HOP_SHORT_COUNT, a net not yet decided (0, as made): takes them and
 * counts them and those the vibration alone makes into the path.
 */
enum {
	HOP_SHORT_COUNT = 0,
	HOP_SHORT_TAKE,
	HOP_SHORT_SKIP
};

/*
 * Build the sites from the nions ions whose positions store s holds:
 * ion i's unwrapped Cartesian x, y and z are the series 3 ions[i],
 * 3 ions[i] + 1 and 3 ions[i] + 2 (as kmeans-hops stores them: each
 * series' origin plus its float displacements), over every frame of s.
 * key: the ions' keys (original atom indices, distinct; they order the
 * pool as a split run's parts do), or NULL for 0, 1, ... nions - 1.
 * cell: the first frame's cell (rows a, b, c).  The pooling and step 5's
 * paths are shared by nthreads threads (at most one per ion; 0 or 1:
 * the calling thread alone); the sites are the same, bit for bit,
 * whatever nthreads.  Step 5's paths also count the short visits, which
 * decide net->short_visits (hop_sitenet_short_decide; left undecided
 * with opts.no_short_test).  Returns a new net, or NULL with err set: no
 * ion or no frame ("no positions to find sites from"), a singular cell,
 * a still species (sigma 0 and no opts.sigma: "the ions do not move: no
 * vibration to scale the sites by"), no site found, a key twice, out of
 * memory.
 */
struct hop_sitenet *hop_sitenet_build(const struct hop_posstore *s,
    const size_t *ions, const uint32_t *key, size_t nions,
    const double cell[9], const struct hop_sitenet_opts *o,
    unsigned nthreads, struct hop_err *err);

void hop_sitenet_free(struct hop_sitenet *net);

/*
 * The same build in steps, for a run split by atoms (kmeans-hops
 * --pool-out, --visits-out; man/kmeans-hops.1):
 *
 *   accumulate  each part pools its ions (hop_sitepool_add): every ion's
 *               vibration curve (step 1) and its positions at frames 0,
 *               stride, 2 stride, ... (steps 2 to 4);
 *   finish      the parts' pools together (hop_sitepool_merge), the
 *               candidate sites (hop_sitenet_from_pool: steps 1 to 4);
 *   prune       each part's residences on the candidates
 *               (hop_sitenet_assign, hop_sitenet_tally), summed, drop the
 *               sites no ion resides on (hop_sitenet_prune: step 5),
 *               and add those where one dwelt (step 6); the parts'
 *               short visits, summed, decide whether the sites' paths
 *               take them (hop_sitenet_short_decide).
 *
 * hop_sitenet_build is exactly these steps over one pool of every ion,
 * so that the parts' sites equal one process's, bit for bit, whatever
 * the split: the ions are taken in the order of their keys (original
 * atom indices), and the stride depends only on the species' number of
 * ions and frames and max_points (hop_sitenet_stride), a power of two, so
 * that a part's stride divides the whole run's.
 */

/* The pooled data of some ions of one species. */
struct hop_sitepool {
	double cell[9];     /* the first frame's cell */
	size_t nframes;     /* frames of every ion */
	size_t stride;      /* positions kept at frames 0, stride, ... */
	size_t npts;        /* positions kept per ion: ceil(nframes / stride) */
	size_t nlags;       /* lags of the curves (hop_vib_curve) */
	size_t nions, cap;
	size_t total;       /* the species' ions in the whole run, when
	                       known (0 else): a part of a split run keeps
	                       the whole run's stride, so that it holds only
	                       its share of the positions */
	uint32_t *key;      /* nions: the ions' keys (original indices),
	                       each once in a species */
	double (*curve)[HOP_VIB_NLAGS]; /* nions: vibration curves, 0 past
	                       nlags */
	double (*pt)[3];    /* nions x npts: ion i's unwrapped Cartesian
	                       positions at the kept frames, pt[i npts + m]
	                       at frame m stride (origin + float displacement
	                       as posstore gives them, summed in double) */
};

/* The stride for nions ions of nframes frames: 1 when nions x nframes is
 * at most max_points (or max_points is 0), else the least power of two
 * that keeps at most max_points positions (one more per ion at most). */
size_t hop_sitenet_stride(size_t nions, size_t nframes, size_t max_points);

/* An empty pool for ions of nframes frames in cell, keeping every
 * stride-th frame (stride >= 1).  NULL with err set: a singular cell, no
 * frame, out of memory. */
struct hop_sitepool *hop_sitepool_new(const double cell[9], size_t nframes,
    size_t stride, struct hop_err *err);

/* Pool the nions ions of store s listed in ions (series 3 ions[i] ..
 * 3 ions[i] + 2, as hop_sitenet_build), with keys key[i], over every
 * frame of s (pool->nframes of them).  0, or -1 with err set (out of
 * memory, a store of another length). */
int hop_sitepool_add(struct hop_sitepool *pool, const struct hop_posstore *s,
    const size_t *ions, const uint32_t *key, size_t nions,
    struct hop_err *err);

/* Append src's ions to dst, keeping dst's stride: src must be of dst's
 * cell and frames and its stride divide dst's.  0, or -1 with err set
 * (what differs; out of memory). */
int hop_sitepool_merge(struct hop_sitepool *dst,
    const struct hop_sitepool *src, struct hop_err *err);

void hop_sitepool_free(struct hop_sitepool *pool);

/*
 * Steps 1 to 4 over the pool: the candidate sites, before step 5.  The
 * pool's stride must be hop_sitenet_stride(pool->nions, pool->nframes,
 * o->max_points).  NULL with err set: as hop_sitenet_build, an ion's key
 * twice ("atom K is pooled twice"), a pool of another stride.
 */
struct hop_sitenet *hop_sitenet_from_pool(const struct hop_sitepool *pool,
    const struct hop_sitenet_opts *o, struct hop_err *err);

/*
 * Step 5: keep the sites with visits (hop_sitenet_tally over every ion's
 * path on these sites, or the parts' visits summed: visits[i] for site
 * i), renumbered in their order, radii and lookup made again; every
 * site's visits, frames and mean_res are reset.  o: the options the sites
 * were found with.  0, or -1 with err set (out of memory).
 */
int hop_sitenet_prune(struct hop_sitenet *net, const uint64_t *visits,
    const struct hop_sitenet_opts *o, struct hop_err *err);

/*
 * A net from sites already found (a sites file): the fields of net other
 * than grid set by the caller, site[] (nsites, malloc'd, owned by net
 * from now on) with pos, frac and radius set.  Makes the inverse cell and
 * the lookup.  0, or -1 with err set (a singular cell, out of memory).
 */
int hop_sitenet_ready(struct hop_sitenet *net, struct hop_err *err);

/*
 * The site nearest to the Cartesian point r (any image), and in *d (may
 * be NULL) its minimum-image distance and in img (may be NULL) the lattice
 * translation that puts the site's image nearest r: site image =
 * pos + img[0] a + img[1] b + img[2] c.  HOP_SITE_NONE when the net has no
 * site.
 */
uint32_t hop_sitenet_nearest(const struct hop_sitenet *net, const double r[3],
    double *d, int32_t img[3]);

/* One state of an ion's path: a site and the image of it the ion was at. */
struct hop_sitenet_state {
	uint32_t site;     /* index into net->site */
	int32_t img[3];    /* lattice translation of that image */
	double centre[3];  /* the image's Cartesian position (unwrapped, as
	                      the ion's positions) */
};

/* One ion's path over the sites, as hop_sitenet_assign gives it.  Every
 * array lives in the workspace and is valid until its next use. */
struct hop_sitenet_path {
	size_t n;                /* frames */
	const uint32_t *state;   /* n: each frame's residence, an index into
	                            states; consecutive equal states are one
	                            residence */
	const unsigned char *at; /* n: 1 when the frame lies within its site's
	                            radius, 0 "between sites" */
	const unsigned char *pass; /* n: 1 for the frames of a residence that
	                            is a passage (step 5 above): at most 32
	                            frames at a site on the segment between
	                            the sites before and after it, which a
	                            straight passage between them fits about
	                            as well as a stop there; step 5 does not
	                            count it as a visit */
	const struct hop_sitenet_state *states;
	size_t nstates;
	size_t nres;             /* residences (changes of state + 1) */
	/* With net->short_visits HOP_SHORT_COUNT (0 else): the short
	 * visits taken, and those taken in hop_sitenet_short_reps(net)
	 * simulations of the ion's vibration about the same residences
	 * (a Gaussian AR(1) of the species' sigma and the ion's frame-to-
	 * frame correlation, its median step within a residence). */
	uint64_t short_found, short_null;
};

/* Workspace for ions of up to n frames. */
struct hop_sitenet_ws;

struct hop_sitenet_ws *hop_sitenet_ws_new(const struct hop_sitenet *net,
    size_t n);
void hop_sitenet_ws_free(struct hop_sitenet_ws *w);

/*
 * One ion's path over net's sites: its n frames at origin + (x[t], y[t],
 * z[t]) (unwrapped Cartesian, as posstore gives them), n at most the
 * workspace's.  The site of frame t is path->states[path->state[t]].site.
 * An ion that never comes within CAND_RADIUS of a site still gets the
 * nearest one.  With no site in net, path->nstates is 0 and state and at
 * are NULL.  0, or -1 with err set (out of memory).
 */
int hop_sitenet_assign(const struct hop_sitenet *net, struct hop_sitenet_ws *w,
    const double origin[3], const float *x, const float *y, const float *z,
    size_t n, struct hop_sitenet_path *path, struct hop_err *err);

/* The simulations per ion hop_sitenet_assign counts the vibration's
 * short visits over: enough for 2 million frames of the species, 1 to
 * 40 (depends on net->nions and net->nframes only). */
unsigned hop_sitenet_short_reps(const struct hop_sitenet *net);

/*
 * Decide from found short visits by the species' ions and null by the
 * simulations (the paths' sums) whether net's assignment takes them: when
 * a Poisson count of mean (null + 1) / hop_sitenet_short_reps(net) is
 * found or more with a probability below 0.05 (HOP_SHORT_TAKE; else
 * HOP_SHORT_SKIP).  Sets net->short_visits, short_found and short_null
 * (that mean).  Returns net->short_visits.
 */
int hop_sitenet_short_decide(struct hop_sitenet *net, uint64_t found,
    uint64_t null);

/*
 * Add a path's residences to its sites' visits and frames and set their
 * mean_res (call once per ion, not concurrently).  Residences cut by the
 * start or the end of the run count as visits like the others; passages
 * (path->pass) do not.
 */
void hop_sitenet_tally(struct hop_sitenet *net,
    const struct hop_sitenet_path *path);

/*
 * Step 6 (above), in pieces as step 5: each ion's dwells found on the
 * candidate sites with its path there (hop_sitenet_dwells_find, beside
 * hop_sitenet_tally), all ions' dwells gathered (hop_sitenet_dwells_cat
 * for threads or the parts of a split run; their order does not matter),
 * and, after hop_sitenet_prune, made sites (hop_sitenet_dwell_sites).
 */
struct hop_sitenet_dwell {
	double frac[3];  /* mean position, fractional, folded into [0, 1) */
	double frames;   /* its frames: out of every radius (a chain), or
	                    within the radius of one of the ion's own sites */
};

struct hop_sitenet_dwells {
	struct hop_sitenet_dwell *d;
	size_t n, cap;
};

/* Append the dwells of one ion's path (hop_sitenet_assign's, on net, with
 * the same frames) to out; none when net was pooled over translations.
 * 0, or -1 (out of memory). */
int hop_sitenet_dwells_find(const struct hop_sitenet *net,
    const struct hop_sitenet_path *path, const double origin[3],
    const float *x, const float *y, const float *z,
    struct hop_sitenet_dwells *out);

/* Append src's dwells to dst.  0, or -1 (out of memory). */
int hop_sitenet_dwells_cat(struct hop_sitenet_dwells *dst,
    const struct hop_sitenet_dwells *src);

/*
 * Add the sites the dwells make to net (after hop_sitenet_prune), in
 * net's order, radii and lookup made again; dw is sorted and merged in
 * place (dw->n becomes the merged dwells').  o: as for the prune.  0, or
 * -1 with err set (out of memory).
 */
int hop_sitenet_dwell_sites(struct hop_sitenet *net,
    struct hop_sitenet_dwells *dw, const struct hop_sitenet_opts *o,
    struct hop_err *err);

void hop_sitenet_dwells_clear(struct hop_sitenet_dwells *dw);

#endif
