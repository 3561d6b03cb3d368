/*
 * rng.c - see rng.h.
 */
#include <math.h>

#include "rng.h"

uint64_t
hop_rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint64_t
hop_rng_seed(uint64_t seed, uint64_t stream)
{
	uint64_t s = seed;
	uint64_t a = hop_rng_next(&s);

	s = a ^ (stream * 0xd1342543de82ef95ull);
	return hop_rng_next(&s);
}

size_t
hop_rng_below(uint64_t *s, size_t n)
{
#if defined(__SIZEOF_INT128__)
	return (size_t)(((unsigned __int128)hop_rng_next(s) * n) >> 64);
#else
	return (size_t)(hop_rng_next(s) % n);
#endif
}

double
hop_rng_uniform(uint64_t *s)
{
	return ((double)(hop_rng_next(s) >> 11) + 0.5) * 0x1p-53;
}

double
hop_rng_gauss(uint64_t *s)
{
	double u = hop_rng_uniform(s);

	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * hop_rng_uniform(s));
}
