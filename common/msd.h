/*
 * msd.h - mean-squared displacements over every time origin at once, by
 * FFT (FFTW3), and the diffusion coefficients fitted to them.  No I/O:
 * the caller feeds frames and gets arrays back.
 *
 * Two layers.  hop_msd_fft works on one-dimensional series of a fixed
 * length n: for each series x added it accumulates
 *     S(m) = sum_{t=0}^{n-m-1} (x(t+m) - x(t))^2,   m = 0 .. n-1,
 * in O(n log n) (the sum of squares by a running sum, the cross term as
 * an autocorrelation through a zero-padded real FFT).  Power spectra of
 * all series are summed before one inverse transform, so N series cost N
 * forward transforms and one inverse.
 *
 * hop_msd_traj stores the trajectory of one set of ions as single
 * precision displacements from the first frame in a position store
 * (posstore.h; 12 bytes per ion and frame instead of 24 for the
 * positions as doubles) and the sum of the
 * displacements over the ions in double precision, then computes the
 * tracer and collective MSD of any contiguous range of frames.
 */
#ifndef HOP_MSD_H
#define HOP_MSD_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "fit.h"

/* Axis bits for hop_msd_traj_new. */
#define HOP_MSD_X 1u
#define HOP_MSD_Y 2u
#define HOP_MSD_Z 4u

/* The longest series (frames) the engine accepts: the padded transform
 * length must stay far below what FFTW's int sizes allow. */
#define HOP_MSD_MAX_FRAMES (1u << 28)

struct hop_msd_fft;

/* An engine for series of n >= 1 values.  NULL with err set (n out of
 * range, out of memory, no FFTW plan). */
struct hop_msd_fft *hop_msd_fft_new(size_t n, struct hop_err *err);
/* Add the displacement sums S(m) of the series x[0..n-1]. */
void hop_msd_fft_add(struct hop_msd_fft *f, const double *x);
/* s[m] = the sum of S(m) over the series added since the last take
 * (n values; s[0] is exactly 0), and start again from zero. */
void hop_msd_fft_take(struct hop_msd_fft *f, double *s);
void hop_msd_fft_free(struct hop_msd_fft *f);

struct hop_msd_traj;

/*
 * Storage for nions >= 1 ions, keeping the axes in the mask axes (a
 * non-empty combination of HOP_MSD_X, _Y, _Z).  NULL with err set.
 */
struct hop_msd_traj *hop_msd_traj_new(uint32_t nions, unsigned axes,
    struct hop_err *err);
/*
 * Append one frame: pos holds nions x 3 Cartesian coordinates; shift (3
 * values, or NULL) is subtracted from every ion first, which is how a
 * drift of the framework is taken out.  0, or -1 with err set (out of
 * memory, more than HOP_MSD_MAX_FRAMES frames, a non-finite value).
 */
int hop_msd_traj_add(struct hop_msd_traj *t, const double *pos,
    const double *shift, struct hop_err *err);
size_t hop_msd_traj_frames(const struct hop_msd_traj *t);
uint32_t hop_msd_traj_ions(const struct hop_msd_traj *t);
/* Number of axes kept (1 to 3). */
unsigned hop_msd_traj_dims(const struct hop_msd_traj *t);
/*
 * The store holding t's frames (posstore.h): series i dims + d is ion i's
 * d-th kept axis, shift removed, so that with every axis kept and no
 * shift it is what hop_posstore_add of the positions would have made.
 * For reading only, while no frame is added.
 */
struct hop_posstore;
const struct hop_posstore *hop_msd_traj_store(const struct hop_msd_traj *t);
/*
 * MSDs over the frames [first, first + n) with every origin in that range,
 * summed over the kept axes, for lags m = 0 .. n-1:
 *     self[m] = 1/(N (n-m)) sum_i sum_t |r_i(t+m) - r_i(t)|^2
 *     coll[m] = 1/(N (n-m)) sum_t |sum_i (r_i(t+m) - r_i(t))|^2
 * Either output may be NULL.  nthreads >= 1 threads share the ions.
 * 0, or -1 with err set (range outside the frames, out of memory).
 */
int hop_msd_traj_compute(const struct hop_msd_traj *t, size_t first,
    size_t n, unsigned nthreads, double *self, double *coll,
    struct hop_err *err);
void hop_msd_traj_free(struct hop_msd_traj *t);
/*
 * Copy one stored series over frames [first, first + n) into x (n
 * doubles): for ion i (0-based among the stored ions) and kept axis d
 * (0 .. dims-1), the displacement from the first frame.  With
 * ion == HOP_MSD_SUM, the displacement summed over every ion instead
 * (the collective coordinate).  The range must lie within the frames.
 */
#define HOP_MSD_SUM UINT32_MAX
void hop_msd_traj_series(const struct hop_msd_traj *t, uint32_t ion,
    unsigned d, size_t first, size_t n, double *x);

/*
 * Straight-line fit of msd[m] against lag[m] (the lag times) over the lags
 * m with from * (n-1) <= m <= to * (n-1), fractions of the longest lag
 * (0 <= from < to <= 1).  *slope gets the slope, NaN when the window
 * holds fewer than two lags.  fit (may be NULL) gets the whole fit.
 * Returns the number of lags used.
 */
size_t hop_msd_fit_window(const double *lag, const double *msd, size_t n,
    double from, double to, double *slope, struct hop_linfit *fit);

/* The fewest frames a block of hop_msd_block_sd is fitted over. */
#define HOP_MSD_MIN_BLOCK 10

/*
 * Block uncertainties of window fits (IonDiff's): the frames of t cut
 * into nblocks consecutive blocks of len = frames / nblocks frames (the
 * remainder left out); in each, the tracer and collective MSDs
 * (hop_msd_traj_compute) fitted over each of the nwin windows [from[w],
 * to[w]] (fractions of the block's longest lag, hop_msd_fit_window, with
 * lag the lag times of at least len lags).  sd_self[w] and sd_coll[w]
 * get the sample standard deviation of the window's slopes over the
 * blocks (hop_stddev: NaN when any slope is).  Returns the number of
 * blocks used; 0 when nblocks < 2 or len < HOP_MSD_MIN_BLOCK (sd_self
 * and sd_coll all NaN); -1 with err set (out of memory).
 */
int hop_msd_block_sd(const struct hop_msd_traj *t, const double *lag,
    size_t nblocks, const double *from, const double *to, size_t nwin,
    unsigned nthreads, double *sd_self, double *sd_coll,
    struct hop_err *err);

/*
 * Lags for a table thinned to about count log-spaced lags between 1 and
 * n-1, written in increasing order without repeats into lags (room for
 * count values).  Returns how many were written.
 */
size_t hop_msd_log_lags(size_t n, size_t count, size_t *lags);

#endif
