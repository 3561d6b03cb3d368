/*
 * hopfind.h - finding one atom's hops in its trajectory, kmeans-hops'
 * method (man/kmeans-hops.1 states it and where it departs from IonDiff).
 *
 * A mode turns the trajectory into a clustering (k, labels, silhouette):
 * the reference mode is IonDiff's identify_diffusion (k-means for every
 * k, the best mean silhouette), the adaptive mode the sites of sites.h,
 * the network mode the path over its species' shared sites (sitenet.h).
 * What follows is shared by every mode: centres, vibrating frames, hops
 * from the label changes, back-hops and the per-atom record.
 *
 * The trajectory is the atom's positions relative to its first one, in
 * single precision (a position store's series, posstore.h), and origin
 * the first position: results are origin + the float displacements, so
 * they do not depend on where the atom sits in the cell.
 *
 * No I/O and no threads: a caller analyses atoms in parallel with one
 * workspace per thread.  The results of an atom depend only on its
 * trajectory, the options and the random state given.
 */
#ifndef HOP_HOPFIND_H
#define HOP_HOPFIND_H

#include <stddef.h>
#include <stdint.h>

#include "kmeans.h"
#include "sitenet.h"
#include "sites.h"
#include "stream.h"

/* The modes, numbered from 0. */
enum { HOP_FIND_REFERENCE, HOP_FIND_ADAPTIVE, HOP_FIND_NETWORK,
	HOP_FIND_NMODES };

/* Labels are bytes: at most this many clusters or sites. */

struct hop_find_opts {
	int mode;            /* HOP_FIND_* */
	double dist;         /* vibrating radius (A); reference mode, or
	                        both when dist_set */
	int dist_set;        /* dist overrides the adaptive mode's radius */
	/* The reference mode: */
	unsigned kmax;       /* k = 2 .. kmax, at most HOP_LABELS_MAX */
	unsigned n_init;     /* k-means restarts for each k */
	double sil_min;      /* best mean silhouette below: one cluster */
	size_t exact_max;    /* silhouettes on at most this many frames */
	int no_bounds;       /* compute every silhouette exactly */
};

/* IonDiff's defaults: reference mode, dist 0.4 A, kmax 10, n_init 10,
 * sil_min 0.7, exact_max 10000, with the bounds. */
void hop_find_opts_init(struct hop_find_opts *o);

/* "reference", "adaptive", "network"; NULL for an unknown mode. */
const char *hop_find_mode_name(int mode);
/* The mode of that name, or -1. */
int hop_find_mode_parse(const char *name);

/* What a mode decides for one atom. */
struct hop_find_clustering {
	unsigned k;            /* 1: one site, no hop */
	double silhouette;     /* NaN when not computed */
	const uint8_t *labels; /* n labels below k when k > 1, else NULL;
	                          valid until the workspace's next use */
	double dist;           /* vibrating radius; NaN: the options' dist */
	double vib_rms;        /* vibration estimate; NaN: the RMS distance
	                          of the frames to their centres */
};

/* One atom's per-atom record and hops. */
struct hop_find_result {
	struct hop_atom a;     /* atom, slot, species: set by the caller */
	struct hop_event *hops;  /* nhops, malloc'ed; the caller frees */
	size_t nhops;
};

struct hop_find_ws;

/*
 * Scratch memory of O(n) for trajectories of n frames under options o
 * (what it holds depends on the mode and exact_max).  NULL when out of
 * memory.
 */
struct hop_find_ws *hop_find_ws_new(size_t n, const struct hop_find_opts *o);
void hop_find_ws_free(struct hop_find_ws *w);

/*
 * The workspace's trajectory: n floats per axis, displacements from the
 * atom's first position, which the caller fills before analysing it.
 */
void hop_find_ws_traj(struct hop_find_ws *w, float **x, float **y,
    float **z);

/*
 * Adaptive mode, first pass: the vibration curve of the trajectory
 * (hop_vib_curve) into q, HOP_VIB_NLAGS values.  Returns the number of
 * lags, the same for every trajectory of n frames.
 */
size_t hop_find_vib_curve(struct hop_find_ws *w, double *q);

/*
 * The plateau lag of a species, read off the median over its atoms'
 * vibration curves (curve[a] for the natoms atoms with member[a] set,
 * nlags lags each): how long the vibration takes to decorrelate is a
 * property of the species, which one atom that hops often cannot blur.
 * *plateau is 0 when no atom is a member.  0, or -1 when out of memory.
 */
int hop_find_plateau(const double (*curve)[HOP_VIB_NLAGS],
    const unsigned char *member, size_t natoms, size_t nlags,
    size_t *plateau);

/*
 * Adaptive mode: the atom's vibration, read from its curve q (nlags
 * lags) at its species' plateau, for the next hop_find_adaptive.
 */
void hop_find_set_vib(struct hop_find_ws *w, const double *q, size_t nlags,
    size_t plateau);

/*
 * The reference mode: k-means for every k = 2 .. kmax (and k <= n - 1)
 * with the random state *rng, the k of the best mean silhouette if it
 * reaches sil_min, else one cluster.  0, or -1 when out of memory.
 */
int hop_find_reference(struct hop_find_ws *w, const struct hop_find_opts *o,
    uint64_t *rng, struct hop_find_clustering *cl);

/*
 * The adaptive mode: sites and residences by segmental k-means scaled
 * by the vibration hop_find_set_vib gave.  0, or -1 when out of memory.
 */
int hop_find_adaptive(struct hop_find_ws *w, const struct hop_find_opts *o,
    struct hop_find_clustering *cl);

/*
 * From a clustering of the workspace's trajectory to hops: centres are
 * their frames' means; a frame vibrates when closer than the radius to
 * its own centre; each label change t -> t + 1 is a hop from the first
 * frame of the non-vibrating run that ends at t (or t itself if it
 * vibrates) to the last frame of the non-vibrating run that starts at
 * t + 1 (or t + 1 if it vibrates), consecutive changes with the same
 * start and end being one hop; a hop back to the cluster the previous
 * hop left is flagged HOP_EVENT_BACK.  Fills r->a (but its atom, slot and
 * species, which the hops copy) and r->hops, positions and centres as
 * origin (3 values) + displacements.  0, or -1 when out of memory.
 */
int hop_find_hops(struct hop_find_ws *w, const struct hop_find_clustering *cl,
    const double *origin, const struct hop_find_opts *o,
    struct hop_find_result *r);

/*
 * The network mode: the hops of the workspace's trajectory (origin +
 * displacements) from its path over the species' sites net
 * (hop_sitenet_assign of the same frames), by hop_find_hops' rule with
 * the path's states as labels: a frame vibrates when the path has it
 * within its site's radius (within o->dist when o->dist_set); but a hop
 * starts no earlier than the one before it ends (a site the path visits
 * without a frame within its radius makes two changes in one run of
 * frames between sites; the two hops touch, they do not overlap); cluster
 * numbers are site indices in net and centres the images of the sites
 * the atom was at, unwrapped as its positions.  Fills r->a (but atom,
 * slot and species) and r->hops.  cl gets a clustering to draw: the
 * sites in order of first visit (from the 255th on, one label).  0, or
 * -1 when out of memory.
 */
int hop_find_network(struct hop_find_ws *w, const struct hop_sitenet *net,
    const struct hop_sitenet_path *path, const double *origin,
    const struct hop_find_opts *o, struct hop_find_clustering *cl,
    struct hop_find_result *r);

/*
 * The whole analysis of one atom (reference or adaptive mode): the mode of o (the adaptive mode after
 * hop_find_set_vib), then hop_find_hops.  rng seeds the reference mode.
 * cl (may be NULL) gets the clustering.  0, or -1 when out of memory.
 */
int hop_find_atom(struct hop_find_ws *w, const struct hop_find_opts *o,
    uint64_t rng, const double *origin, struct hop_find_clustering *cl,
    struct hop_find_result *r);

#endif
