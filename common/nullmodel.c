/*
 * nullmodel.c - see nullmodel.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nullmodel.h"
#include "rng.h"

void
hop_null_offsets(uint64_t seed, uint64_t trial, uint32_t natoms,
    uint64_t nframes, uint64_t *shift)
{
	uint64_t st = hop_rng_seed(seed, trial);
	uint32_t a;

	for (a = 0; a < natoms; a++)
		shift[a] = hop_rng_below(&st, (size_t)nframes);
}

double
hop_null_pvalue(uint64_t ge, uint64_t trials)
{
	return (1.0 + (double)ge) / (1.0 + (double)trials);
}

struct pidx {
	double p;
	size_t i;
};

static int
cmp_pidx(const void *pa, const void *pb)
{
	const struct pidx *a = pa, *b = pb;

	if (a->p != b->p)
		return (a->p > b->p) - (a->p < b->p);
	return (a->i > b->i) - (a->i < b->i);
}

int
hop_bh(const double *p, size_t n, double *q)
{
	struct pidx *v = malloc((n > 0 ? n : 1) * sizeof(*v));
	size_t m = 0, k;
	double run = 1;

	if (v == NULL)
		return -1;
	for (k = 0; k < n; k++) {
		q[k] = NAN;
		if (isfinite(p[k])) {
			v[m].p = p[k];
			v[m].i = k;
			m++;
		}
	}
	qsort(v, m, sizeof(*v), cmp_pidx);
	for (k = m; k > 0; k--) {
		double x = v[k - 1].p * (double)m / (double)k;

		if (x < run)
			run = x;
		q[v[k - 1].i] = run;
	}
	free(v);
	return 0;
}

int
hop_null_classes(struct hop_mech *m, uint32_t natoms, uint64_t nframes,
    const uint64_t observed[HOP_MECH_NCLASS], uint64_t trials,
    uint64_t seed, struct hop_null_classes *r, struct hop_err *err)
{
	uint64_t *shift = malloc((natoms > 0 ? natoms : 1) * sizeof(*shift));
	double s1[HOP_MECH_NCLASS] = {0}, s2[HOP_MECH_NCLASS] = {0}, mi = 0;
	uint64_t t;
	unsigned c;

	if (shift == NULL) {
		hop_err_set(err, "out of memory");
		return -1;
	}
	memset(r, 0, sizeof(*r));
	r->trials = trials;
	for (t = 0; t < trials; t++) {
		const struct hop_mech_groups *g;
		double mean, se;

		hop_null_offsets(seed, t, natoms, nframes, shift);
		g = hop_mech_find(m, shift);
		for (c = 0; c < HOP_MECH_NCLASS; c++) {
			double x = (double)g->groups_in[c];

			s1[c] += x;
			s2[c] += x * x;
			r->ge[c] += g->groups_in[c] >= observed[c];
		}
		hop_mech_mean_ions(g, 0, 0, &mean, &se);
		mi += mean;
	}
	for (c = 0; c < HOP_MECH_NCLASS; c++) {
		double mu = trials > 0 ? s1[c] / (double)trials : NAN;

		r->expected[c] = mu;
		r->sd[c] = trials > 1 ? sqrt(fmax(0, (s2[c] - s1[c] * mu) /
		    (double)(trials - 1))) : NAN;
		r->p[c] = trials > 0 ? hop_null_pvalue(r->ge[c], trials) : NAN;
	}
	r->mean_ions = trials > 0 ? mi / (double)trials : NAN;
	free(shift);
	return 0;
}
