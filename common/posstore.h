/*
 * posstore.h - a trajectory held series by series in single precision:
 * the store behind kmeans-hops (three series per atom) and msd's
 * hop_msd_traj (one series per ion and kept axis).
 *
 * Each series keeps its first value (its origin) in double precision and
 * every value as a float displacement from it.  Displacements stay small,
 * so their rounding (2^-24 relative) stays below the 1e-8 fractional
 * digits a trajectory file carries, while the store takes 4 bytes per
 * value instead of 8.  Frames are kept in chunks of a fixed number of
 * frames, each chunk laid out series by series, so that appending a frame
 * touches one chunk, reading a series back walks memory forward, and no
 * large reallocation ever happens.
 */
#ifndef HOP_POSSTORE_H
#define HOP_POSSTORE_H

#include <stddef.h>

#include "err.h"

struct hop_posstore;

/*
 * An empty store for nseries series.  nseries may be 0: the store then
 * only counts frames.  NULL with err set (out of memory).
 */
struct hop_posstore *hop_posstore_new(size_t nseries, struct hop_err *err);

/*
 * Append one frame, v[s] for every series s.  The first frame sets each
 * series' origin.  0, or -1 with err set: out of memory, or a value that
 * is not finite or whose displacement from the origin does not fit a
 * float; then *bad (when bad is not NULL) is that series, else SIZE_MAX.
 * Nothing is stored by a failed call.
 */
int hop_posstore_add(struct hop_posstore *s, const double *v, size_t *bad,
    struct hop_err *err);

size_t hop_posstore_frames(const struct hop_posstore *s);
size_t hop_posstore_nseries(const struct hop_posstore *s);

/* The first value of series i (0 before any frame). */
double hop_posstore_origin(const struct hop_posstore *s, size_t i);

/*
 * Copy the displacements of series i over frames [first, first + n) into
 * x, as stored (floats) or widened to doubles.  The range must lie within
 * the frames.
 */
void hop_posstore_get(const struct hop_posstore *s, size_t i, size_t first,
    size_t n, float *x);
void hop_posstore_get_double(const struct hop_posstore *s, size_t i,
    size_t first, size_t n, double *x);

void hop_posstore_free(struct hop_posstore *s);

#endif
