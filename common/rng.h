/*
 * rng.h - random numbers: splitmix64, small, fast and the same on every
 * machine, so that a seed names one result everywhere.
 */
#ifndef HOP_RNG_H
#define HOP_RNG_H

#include <stddef.h>
#include <stdint.h>

/* A generator state for stream number `stream` of seed `seed`, so that
 * each atom (or trial) can have its own sequence whatever thread runs
 * it. */
uint64_t hop_rng_seed(uint64_t seed, uint64_t stream);

/* The next 64 random bits. */
uint64_t hop_rng_next(uint64_t *state);

/* A uniform integer in [0, n), n >= 1 (multiply-shift; the bias, n / 2^64,
 * is immaterial here). */
size_t hop_rng_below(uint64_t *state, size_t n);

/* A uniform double in the open interval (0, 1). */
double hop_rng_uniform(uint64_t *state);

/* A standard normal deviate (Box-Muller, one of the pair). */
double hop_rng_gauss(uint64_t *state);

#endif
