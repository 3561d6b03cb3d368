/*
 * posstore.c - see posstore.h.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "posstore.h"

/*
 * Frames per chunk: a power of two from CF_MIN to CF_MAX, the largest
 * whose chunk stays within CHUNK_FLOATS (4 MiB).  A partly filled last
 * chunk so wastes at most 4 MiB, or CF_MIN - 1 frames for very many
 * series; and a series is read back in runs of at least CF_MIN floats.
 */
#define CF_MIN 16
#define CF_MAX 1024
#define CHUNK_FLOATS ((size_t)1 << 20)

struct hop_posstore {
	size_t nseries;
	size_t cf;          /* frames per chunk */
	size_t frames;
	float **chunks;     /* chunk c: series i at chunks[c] + i * cf */
	size_t nchunks, capchunks;
	double *origin;     /* nseries first values */
};

struct hop_posstore *
hop_posstore_new(size_t nseries, struct hop_err *err)
{
	struct hop_posstore *s = calloc(1, sizeof(*s));

	if (s == NULL)
		goto nomem;
	s->nseries = nseries;
	for (s->cf = CF_MAX; s->cf > CF_MIN &&
	    nseries > CHUNK_FLOATS / s->cf;)
		s->cf /= 2;
	if (nseries > SIZE_MAX / sizeof(float) / s->cf)
		goto nomem;
	if ((s->origin = calloc(nseries ? nseries : 1, sizeof(double))) ==
	    NULL)
		goto nomem;
	return s;
nomem:
	hop_err_set(err, "out of memory for %zu series", nseries);
	hop_posstore_free(s);
	return NULL;
}

/* Make room for one more frame. 0 or -1. */
static int
grow(struct hop_posstore *s)
{
	if (s->frames % s->cf != 0)
		return 0;
	if (s->nchunks == s->capchunks) {
		size_t cap = s->capchunks ? 2 * s->capchunks : 16;
		float **c = realloc(s->chunks, cap * sizeof(*c));

		if (c == NULL)
			return -1;
		s->chunks = c;
		s->capchunks = cap;
	}
	s->chunks[s->nchunks] = malloc(s->nseries * s->cf * sizeof(float));
	if (s->chunks[s->nchunks] == NULL)
		return -1;
	s->nchunks++;
	return 0;
}

int
hop_posstore_add(struct hop_posstore *s, const double *v, size_t *bad,
    struct hop_err *err)
{
	size_t i, off = s->frames % s->cf;
	float *chunk;

	if (bad != NULL)
		*bad = SIZE_MAX;
	if (s->nseries == 0) {
		s->frames++;
		return 0;
	}
	/* Every value is checked before anything is stored. */
	for (i = 0; i < s->nseries; i++) {
		double o = s->frames == 0 ? v[i] : s->origin[i];

		/* A double beyond the float range has no float value. */
		if (!isfinite(v[i]) || !(fabs(v[i] - o) <= FLT_MAX)) {
			if (bad != NULL)
				*bad = i;
			hop_err_set(err, "frame %zu: series %zu: a non-finite "
			    "or huge value", s->frames + 1, i);
			return -1;
		}
	}
	if (grow(s) != 0) {
		hop_err_set(err, "out of memory storing frame %zu of %zu "
		    "series", s->frames + 1, s->nseries);
		return -1;
	}
	chunk = s->chunks[s->nchunks - 1];
	for (i = 0; i < s->nseries; i++) {
		if (s->frames == 0)
			s->origin[i] = v[i];
		chunk[i * s->cf + off] = (float)(v[i] - s->origin[i]);
	}
	s->frames++;
	return 0;
}

size_t
hop_posstore_frames(const struct hop_posstore *s)
{
	return s->frames;
}

size_t
hop_posstore_nseries(const struct hop_posstore *s)
{
	return s->nseries;
}

double
hop_posstore_origin(const struct hop_posstore *s, size_t i)
{
	return s->origin[i];
}

void
hop_posstore_get(const struct hop_posstore *s, size_t i, size_t first,
    size_t n, float *x)
{
	size_t fr = first, end = first + n;

	while (fr < end) {
		size_t c = fr / s->cf, off = fr % s->cf;
		size_t k = s->cf - off < end - fr ? s->cf - off : end - fr;

		memcpy(x, s->chunks[c] + i * s->cf + off, k * sizeof(float));
		x += k;
		fr += k;
	}
}

void
hop_posstore_get_double(const struct hop_posstore *s, size_t i,
    size_t first, size_t n, double *x)
{
	size_t fr = first, end = first + n;

	while (fr < end) {
		size_t c = fr / s->cf, off = fr % s->cf;
		size_t k = s->cf - off < end - fr ? s->cf - off : end - fr;
		const float *src = s->chunks[c] + i * s->cf + off;
		size_t j;

		for (j = 0; j < k; j++)
			*x++ = src[j];
		fr += k;
	}
}

void
hop_posstore_free(struct hop_posstore *s)
{
	size_t c;

	if (s == NULL)
		return;
	for (c = 0; c < s->nchunks; c++)
		free(s->chunks[c]);
	free(s->chunks);
	free(s->origin);
	free(s);
}
