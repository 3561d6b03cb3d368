/*
 * sites.h - the sites one ion dwells on and the frames it spends on each,
 * found from its own trajectory alone: kmeans-hops --mode adaptive.
 *
 * The ion's vibration (amplitude and correlation time) is measured from
 * short-lag displacements; every scale the method needs is a multiple of
 * it.  Sites are then found by segmental k-means: frames are assigned to
 * sites by the most probable path of a hidden Markov model (Gaussian
 * vibration about each site, a fixed cost for every change of site),
 * centres move to their frames' mean, and sites closer than the
 * vibration can tell apart are merged, until nothing changes.
 * man/kmeans-hops.1 states the method, its assumptions and its limits.
 *
 * Pure functions: no I/O, no global state; -1 means out of memory.
 */
#ifndef HOP_SITES_H
#define HOP_SITES_H

#include <stddef.h>
#include <stdint.h>

#include "kmeans.h"

/* The ion's vibration, as measured from its trajectory. */
struct hop_vib {
	double sigma; /* vibration amplitude per axis, A (0 for a still ion) */
	double tau;   /* integrated correlation time of the vibration, frames
	                 (1 when successive frames are independent) */
	double lag;   /* the lag (frames) at which sigma was read off */
};

/* What hop_sites_find decides for one ion. */
struct hop_sites {
	struct hop_vib vib;
	unsigned k;       /* sites, numbered in order of first visit */
	double radius;    /* a frame "vibrates" when within this of its site */
	double sep;       /* smallest distance between two sites, NaN if k < 2 */
	double centre[HOP_LABELS_MAX][3];
};

/* Lags (frames) at which the vibration is measured: 1, 2, 3, 4, 6, 8,
 * 11, 16, ... 256, about sqrt(2) apart. */
#define HOP_VIB_NLAGS 16
unsigned hop_vib_lag(size_t i);

/*
 * The vibration curve of the n points p (one ion's frames in time
 * order): q[i] = median of |x(t + L) - x(t)|^2 at lag L = hop_vib_lag(i),
 * for the lags up to n / 2 (over at most 8192 evenly strided t).  The
 * vibration about a site raises q until successive positions decorrelate;
 * hops hardly move a median (few pairs straddle one) until long lags.
 * scratch holds n floats.  Returns the number of lags measured.
 */
size_t hop_vib_curve(const struct hop_pts *p, float *scratch, double *q);

/*
 * Where a curve of nl lags reaches its plateau: the first i at which
 * ln q rises by less than 0.15 ln L to lag i + 1 (less than 5% per step
 * of the ladder); failing that, the flattest step before the slope climbs
 * 0.5 above the least seen (hops raising q).  Pass the median curve of a
 * species' ions to read one time scale off all of them.
 */
size_t hop_vib_plateau(const double *q, size_t nl);

/*
 * The vibration from a curve with its plateau at lag index at: sigma^2 =
 * q / (2 * 2.366) with q the mean of q[at] and q[at + 1] (2.366 is the
 * median of chi^2 with 3 degrees of freedom), and tau = 1 + 2 sum over
 * L below the plateau of (1 - q(L) / q), q interpolated between lags.
 * No lag gives sigma = 0.
 */
void hop_vib_from_curve(const double *q, size_t nl, size_t at,
    struct hop_vib *v);

/* hop_vib_curve, hop_vib_plateau and hop_vib_from_curve for one ion. */
void hop_vib_measure(const struct hop_pts *p, float *scratch,
    struct hop_vib *v);

/* Workspace for ions of up to n frames. */
struct hop_sites_ws;

struct hop_sites_ws *hop_sites_ws_new(size_t n);
void hop_sites_ws_free(struct hop_sites_ws *w);

/*
 * Find p's sites and label each frame with its site (labels: p->n
 * bytes), with the vibration vib (NULL: measure it with
 * hop_vib_measure); s->k = 1 with every label 0 when the ion never left
 * its site.  p->n must not exceed the workspace's n.  Returns 0, or -1
 * when out of memory.
 */
int hop_sites_find(struct hop_sites_ws *w, const struct hop_pts *p,
    const struct hop_vib *vib, uint8_t *labels, struct hop_sites *s);

#endif
