/*
 * vanhove.h - the functions the field uses to show cooperative motion,
 * from an unwrapped trajectory held in a hop_msd_traj (common/msd.h):
 *
 *   the self van Hove function   G_s(r, t) = 1/N sum_i < delta(r - |r_i(t0+t) - r_i(t0)|) >
 *   the distinct van Hove function G_d(r, t) = 1/N sum_i sum_{j != i}
 *                                       < delta(r - |r_j(t0+t) - r_i(t0)|_mic) >
 *   the non-Gaussian parameter    alpha2(t) = d <dr^4> / ((d+2) <dr^2>^2) - 1
 *   the time-resolved Haven ratio H_R(t) = MSD_self(t) / MSD_coll(t)
 *
 * with < > the average over time origins t0 and d the number of axes.
 * alpha2 is 0 for Gaussian displacements; a positive peak marks a few
 * fast (hopping) ions among slow ones.  G_d is returned over rho =
 * (N-1)/V, so that it is g(r) at t = 0 and tends to 1 at large r.
 *
 * Pure functions: no I/O, no global state; -1 with err set means out of
 * memory or an argument outside its stated range.
 */
#ifndef HOP_VANHOVE_H
#define HOP_VANHOVE_H

#include <stddef.h>

#include "err.h"
#include "msd.h"

/* Self part and alpha2 at one lag. */
struct hop_vh_self {
	size_t lag;       /* frames */
	double r2, r4;    /* <dr^2> (A^2) and <dr^4> (A^4) */
	double alpha2;    /* non-Gaussian parameter */
	double dalpha2;   /* its jackknife standard error over blocks of
	                     ions; NaN with fewer than 2 ions */
	double beyond;    /* fraction of displacements past rmax */
	size_t samples;   /* ion x origin pairs averaged */
};

/*
 * G_s and alpha2 at nlags lags (frames, 1 <= lag < frames of t, any
 * order) with every stride-th frame as an origin (stride >= 1).  hist
 * (nlags x nbins, row per lag, may be NULL) gets 4 pi r^2 G_s(r, t): the
 * probability density of |dr| in 1/A over nbins bins of width rmax /
 * nbins (rmax > 0); it integrates to 1 - beyond.  out gets nlags rows.
 * The jackknife leaves out one of nblocks (>= 2, at most the ions)
 * contiguous blocks of ions at a time.  nthreads >= 1 share the ions.
 */
int hop_vanhove_self(const struct hop_msd_traj *t, const size_t *lags,
    size_t nlags, size_t stride, double rmax, size_t nbins, size_t nblocks,
    unsigned nthreads, double *hist, struct hop_vh_self *out,
    struct hop_err *err);

/*
 * G_d(r, t) / rho at nlags lags (frames, 0 <= lag < frames; lag 0 gives
 * the pair distribution g(r)), over norigins >= 1 origins spread evenly
 * over the frames each lag allows, into gd (nlags x nbins, row per lag;
 * bin b covers [b, b+1) rmax / nbins).  t must keep all three axes.
 * pos0 holds the ions' positions at the first frame (N x 3, A, as added
 * to t, any shift already subtracted) and cells the cell of every frame
 * (frames x 9, rows a, b, c): distances are minimum-image in the cell of
 * the later frame, so rmax must not exceed half the smallest distance
 * between opposite faces of any cell used (err names the limit).  rho =
 * (N-1)/V with V the mean volume of the later frames' cells.  Needs at
 * least 2 ions.  nthreads >= 1 share the origins.
 */
int hop_vanhove_distinct(const struct hop_msd_traj *t, const double *pos0,
    const double *cells, const size_t *lags, size_t nlags, size_t norigins,
    double rmax, size_t nbins, unsigned nthreads, double *gd,
    struct hop_err *err);

/* The largest rmax hop_vanhove_distinct takes for this cell: half the
 * smallest distance between opposite faces. */
double hop_vanhove_rmax(const double *cell);

/* The time-resolved Haven ratio at one lag. */
struct hop_vh_haven {
	size_t lag;     /* frames */
	double self;    /* MSD_self, A^2 */
	double coll;    /* MSD_coll (N x the centre of mass's MSD), A^2 */
	double haven;   /* self / coll */
	double dhaven;  /* standard error from nblocks consecutive blocks of
	                   frames (their spread / sqrt(blocks)); NaN when the
	                   lag exceeds half a block */
};

/*
 * H_R(t) at nlags lags (1 <= lag < frames): the MSDs of all origins
 * (hop_msd_traj_compute), and the spread of the ratio over nblocks >= 2
 * blocks of consecutive frames.  out gets nlags rows.
 */
int hop_vanhove_haven(const struct hop_msd_traj *t, const size_t *lags,
    size_t nlags, size_t nblocks, unsigned nthreads,
    struct hop_vh_haven *out, struct hop_err *err);

#endif
