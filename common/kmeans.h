/*
 * kmeans.h - k-means clustering and silhouette scores of 3-D points, as
 * scikit-learn's KMeans(init="random", algorithm="lloyd") and
 * silhouette_score define them, made fast enough to run for every atom of
 * a trajectory.  Pure functions: no I/O, no global state; a function
 * that allocates returns -1 when memory runs out.
 *
 * Points are held as three float arrays (x, y, z), so the inner loops run
 * over contiguous memory; sums and centres are kept in double.
 */
#ifndef HOP_KMEANS_H
#define HOP_KMEANS_H

#include <stddef.h>
#include <stdint.h>

#include "label.h"

/* n points, one coordinate per array. */
struct hop_pts {
	const float *x, *y, *z;
	size_t n;
};

/* --- k-means --- */

struct hop_km_opts {
	unsigned n_init;   /* restarts; the one with the lowest inertia wins */
	unsigned max_iter; /* Lloyd iterations per restart */
	double tol;        /* stop when the summed squared centre shift is at
	                      most tol times the mean per-axis variance */
};

struct hop_km_result {
	unsigned k;
	unsigned n_iter;  /* iterations of the winning restart */
	double inertia;   /* sum of squared distances to the centres */
	double centre[HOP_LABELS_MAX][3];
};

/*
 * Cluster p into k groups (2 <= k <= HOP_LABELS_MAX, k <= p->n) with Lloyd's
 * algorithm as scikit-learn runs it: each restart starts from k distinct
 * points drawn with *rng; an iteration assigns every point to its nearest
 * centre (the lowest index on a tie), moves each centre to its members'
 * mean and re-seeds an empty cluster with the point farthest from its
 * centre; a restart ends when no label changed, or when the summed squared
 * centre shift is at most tol * (mean per-axis variance), after which the
 * labels are recomputed against the final centres.  labels gets n bytes.
 * Returns 0, or -1 when out of memory.
 */
int hop_kmeans(const struct hop_pts *p, unsigned k,
    const struct hop_km_opts *o, uint64_t *rng, uint8_t *labels,
    struct hop_km_result *res);

/* --- silhouette --- */

/*
 * The mean silhouette coefficient of each of nl labellings of p (label
 * values below k[l]), exactly as sklearn.metrics.silhouette_score defines
 * it with Euclidean distances: for point i in cluster A, a = mean distance
 * to the other members of A, b = the smallest mean distance to the members
 * of another non-empty cluster, s = (b - a) / max(a, b), 0 when A = {i} or
 * a = b = 0.  A labelling with fewer than two non-empty clusters scores -1
 * (scikit-learn refuses it).  Every pair distance is computed once for all
 * labellings; memory is O(n * sum of k).  Returns 0, or -1 when out of
 * memory.
 */
int hop_silhouette(const struct hop_pts *p, const uint8_t *const *labels,
    const unsigned *k, size_t nl, double *score);

/*
 * Bounds lo <= score <= hi on the mean silhouette of one labelling (the
 * score hop_silhouette gives), by Jensen's and the triangle inequality
 * from each cluster's mean, mean squared and mean distance to the mean
 * (O(n k)); with refine set, tighter ones from each cluster's sorted
 * distances to its mean as well (O(n k log n)).  See kmeans.c for the
 * inequalities.  They hold in exact arithmetic; callers compare them with
 * a margin that covers rounding.  Returns 0, or -1 when out of memory.
 */
int hop_silhouette_bounds(const struct hop_pts *p, const uint8_t *labels,
    unsigned k, int refine, double *lo, double *hi);

#endif
