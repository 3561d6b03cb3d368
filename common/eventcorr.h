/*
 * eventcorr.h - correlations between hop events, as IonDiff's
 * analyze_correlations defines them, computed without dense matrices.
 *
 * Event e (a hop from frame start to frame end, inclusive, in a run of
 * nframes frames) is the signal x_t = 1 for start <= t <= end, else 0,
 * smoothed by a Gaussian whose FWHM is the number of frames the hop spans,
 * w = end - start + 1, as IonDiff takes it (the count of the signal's
 * non-zero frames): sigma = w / 2.355, so a one-frame hop is smoothed too.
 * The kernel is sampled at integer lags, cut where it falls below 1e-12 of its
 * peak (|k| <= ceil(sigma sqrt(2 ln 1e12))) and normalised to sum 1; the
 * signal is zero outside the run.  (Pearson correlations do not change
 * when a signal is rescaled, so the rescaling to a peak of 1 is implied.)
 *
 * Each smoothed signal is non-zero on a window of about w + 7.4 sigma
 * frames only, so a correlation needs S = sum y, Q = sum y^2 per event and
 * P = sum y_i y_j over the overlap of two windows:
 *     r_ij = (T P - S_i S_j) / sqrt((T Q_i - S_i^2)(T Q_j - S_j^2)),
 * and a pair whose windows do not overlap has r_ij = -u_i u_j with
 * u = S / sqrt(T Q - S^2).  A signal of zero variance (an event covering
 * the whole of a very short run) has no defined correlation: it is never
 * correlated with another event and is left out of means.
 */
#ifndef HOP_EVENTCORR_H
#define HOP_EVENTCORR_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* FWHM = 2 sqrt(2 ln 2) sigma; IonDiff uses the rounded 2.355. */
#define HOP_EVCORR_FWHM 2.355
/* The kernel is cut where exp(-k^2 / 2 sigma^2) < HOP_EVCORR_CUT. */
#define HOP_EVCORR_CUT 1e-12
/* Most smoothed values held at once (8 bytes each: 1 GiB). */
#define HOP_EVCORR_MAX_VALUES ((uint64_t)1 << 27)

struct hop_eventcorr;

/*
 * Smooth n events (start[i] <= end[i] < nframes) and prepare their sums.
 * NULL with err set when a count is out of range or memory runs out.
 */
struct hop_eventcorr *hop_eventcorr_new(const uint64_t *start, const uint64_t *end,
    size_t n, uint64_t nframes, struct hop_err *err);
void hop_eventcorr_free(struct hop_eventcorr *c);

/* The Pearson correlation of events i and j (1 when i == j), NaN when
 * undefined. */
double hop_eventcorr_r(const struct hop_eventcorr *c, size_t i, size_t j);

/* The mean of r_ij over ordered pairs i != j of defined correlations;
 * NaN with fewer than two such events. */
double hop_eventcorr_mean(const struct hop_eventcorr *c);

/* N[i] = 1 + the number of events j != i with r_ij > thr (NaN thr: 1). */
void hop_eventcorr_counts(const struct hop_eventcorr *c, double thr, uint32_t *N);

/*
 * Call fn(ctx, i, j, r_ij) for every pair i < j with r_ij > thr, in no
 * particular order; stops and returns fn's value when it is non-zero.
 */
int hop_eventcorr_pairs(const struct hop_eventcorr *c, double thr,
    int (*fn)(void *ctx, size_t i, size_t j, double r), void *ctx);

/*
 * The reference computation, for checking: every smoothed signal over
 * every frame (a T x n matrix, with IonDiff's rescaling to peak 1), then
 * the n x n Pearson matrix R (row-major, NaN where undefined) by centred
 * sums.  Refuses (-1) when T n exceeds HOP_EVCORR_MAX_VALUES.
 */
int hop_eventcorr_dense(const uint64_t *start, const uint64_t *end, size_t n,
    uint64_t nframes, double *R, struct hop_err *err);
/* hop_eventcorr_mean and hop_eventcorr_counts on a dense matrix. */
double hop_eventcorr_dense_mean(const double *R, size_t n);
void hop_eventcorr_dense_counts(const double *R, size_t n, double thr,
    uint32_t *N);

/*
 * The random reference threshold: the mean off-diagonal correlation of n
 * events from start to start + dur each (dur < nframes; each spans dur + 1
 * frames and is smoothed as such), placed with starts drawn uniformly from
 * 0 .. nframes - 1 - dur, averaged over trials sets
 * (seeded by seed).  dense selects hop_eventcorr_dense (for checking).
 * Returns 0 with *thr set (NaN when n < 2), or -1.
 */
int hop_eventcorr_random_threshold(size_t n, uint64_t dur, uint64_t nframes,
    unsigned trials, uint64_t seed, int dense, double *thr,
    struct hop_err *err);

/*
 * IonDiff's N for each of n events of one run, as hopcorr computes it:
 * the threshold is thr_given when finite, else the random reference
 * (hop_eventcorr_random_threshold with events lasting the mean of
 * end - start, rounded, at most nframes - 1); N[i] as hop_eventcorr_counts.
 * *thr gets the threshold used.  0, or -1 with err set.
 */
int hop_eventcorr_iondiff_counts(const uint64_t *start, const uint64_t *end,
    size_t n, uint64_t nframes, double thr_given, unsigned trials,
    uint64_t seed, double *thr, uint32_t *N, struct hop_err *err);

#endif
