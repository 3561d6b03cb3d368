/*
 * cascade.c - see cascade.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cascade.h"
#include "cell.h"
#include "nullmodel.h"

struct work {
	const struct hop_event *h;
	size_t n;
	double cell[9], *f0; /* fractional start positions */
	int64_t *s;
	uint32_t *order;
};

static const int64_t *sort_s;

static int
cmp_start(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	if (sort_s[a] != sort_s[b])
		return (sort_s[a] > sort_s[b]) - (sort_s[a] < sort_s[b]);
	return (a > b) - (a < b);
}

/* Pairs per bin for the starts in w->s, into cnt (zeroed here). */
static void
count(struct work *w, const struct hop_cascade *c, uint64_t *cnt)
{
	size_t a, b, n = w->n;
	double r2max = c->rmax * c->rmax;

	memset(cnt, 0, c->nr * c->nt * sizeof(*cnt));
	for (a = 0; a < n; a++)
		w->order[a] = (uint32_t)a;
	sort_s = w->s;
	qsort(w->order, n, sizeof(*w->order), cmp_start);
	for (a = 0; a < n; a++) {
		uint32_t i = w->order[a];

		for (b = a + 1; b < n; b++) {
			uint32_t j = w->order[b];
			uint64_t tau = (uint64_t)(w->s[j] - w->s[i]);
			double f[3], r[3], d2;
			size_t ir, it;
			int k;

			if (tau > c->tmax)
				break;
			if (w->h[i].slot == w->h[j].slot)
				continue;
			for (k = 0; k < 3; k++) {
				f[k] = w->f0[3 * j + k] - w->f0[3 * i + k];
				f[k] -= floor(f[k] + 0.5);
			}
			hop_frac_to_cart(f, w->cell, r);
			d2 = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
			if (d2 >= r2max)
				continue;
			ir = (size_t)(sqrt(d2) / c->rmax * (double)c->nr);
			if (ir >= c->nr)
				ir = c->nr - 1;
			it = (size_t)(tau / c->tw);
			cnt[ir * c->nt + it]++;
		}
	}
}

void
hop_cascade_free(struct hop_cascade *c)
{
	free(c->obs);
	free(c->expect);
	free(c->ge);
	free(c->p);
	free(c->q);
	memset(c, 0, sizeof(*c));
}

int
hop_cascade_run(const struct hop_event *h, size_t n, uint32_t natoms,
    const double cell[9], uint64_t T, double rmax, size_t nr,
    uint64_t tmax, size_t nt, uint64_t trials, uint64_t seed,
    struct hop_cascade *c, struct hop_err *err)
{
	struct work w;
	double inv[9];
	uint64_t *cnt = NULL, *shift = NULL, t;
	size_t k, nb = nr * nt, n1 = n > 0 ? n : 1;
	int rc = -1;

	memset(c, 0, sizeof(*c));
	memset(&w, 0, sizeof(w));
	if (!(rmax > 0) || !isfinite(rmax) || nr == 0 || nt == 0 ||
	    nr > 10000 || nt > 10000 || T == 0) {
		hop_err_set(err, "bad cascade bins");
		return -1;
	}
	if (hop_cell_inverse(cell, inv) != 0) {
		hop_err_set(err, "the cell is singular or not finite");
		return -1;
	}
	c->nr = nr;
	c->nt = nt;
	c->rmax = rmax;
	c->tmax = tmax;
	c->tw = (tmax + 1 + nt - 1) / nt;
	c->trials = trials;
	c->obs = calloc(nb, sizeof(*c->obs));
	c->expect = calloc(nb, sizeof(*c->expect));
	c->ge = calloc(nb, sizeof(*c->ge));
	c->p = calloc(nb, sizeof(*c->p));
	c->q = calloc(nb, sizeof(*c->q));
	cnt = calloc(nb, sizeof(*cnt));
	shift = calloc(natoms > 0 ? natoms : 1, sizeof(*shift));
	w.h = h;
	w.n = n;
	memcpy(w.cell, cell, sizeof(w.cell));
	w.f0 = malloc(3 * n1 * sizeof(double));
	w.s = malloc(n1 * sizeof(int64_t));
	w.order = malloc(n1 * sizeof(uint32_t));
	if (c->obs == NULL || c->expect == NULL || c->ge == NULL ||
	    c->p == NULL || c->q == NULL || cnt == NULL || shift == NULL ||
	    w.f0 == NULL || w.s == NULL || w.order == NULL) {
		hop_err_set(err, "out of memory");
		goto done;
	}
	for (k = 0; k < n; k++) {
		if (h[k].slot >= natoms || h[k].end >= T) {
			hop_err_set(err, "hop %zu: outside the run or its atoms",
			    k + 1);
			goto done;
		}
		hop_cart_to_frac(h[k].start_pos, inv, &w.f0[3 * k]);
		w.s[k] = (int64_t)h[k].start;
	}
	count(&w, c, c->obs);
	for (t = 0; t < trials; t++) {
		hop_null_offsets(seed, t, natoms, T, shift);
		for (k = 0; k < n; k++)
			w.s[k] = (int64_t)((h[k].start + shift[h[k].slot]) % T);
		count(&w, c, cnt);
		for (k = 0; k < nb; k++) {
			c->expect[k] += (double)cnt[k];
			c->ge[k] += cnt[k] >= c->obs[k];
		}
	}
	for (k = 0; k < nb; k++) {
		c->expect[k] = trials > 0 ? c->expect[k] / (double)trials : NAN;
		c->p[k] = trials > 0 ? hop_null_pvalue(c->ge[k], trials) : NAN;
		/* A bin past tau_max (when nt w > tau_max + 1) holds no pair
		 * and is no test. */
		if ((k % nt) * c->tw > tmax)
			c->p[k] = NAN;
	}
	if (hop_bh(c->p, nb, c->q) != 0) {
		hop_err_set(err, "out of memory");
		goto done;
	}
	rc = 0;
done:
	free(cnt);
	free(shift);
	free(w.f0);
	free(w.s);
	free(w.order);
	if (rc != 0)
		hop_cascade_free(c);
	return rc;
}
