/*
 * sitematch.c - one-to-one matching of data sites to reference sites by
 * increasing distance (see sitematch.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "sitematch.h"

/* Minimum-image distance between two fractional points in cell. */
static double
dist(const double *a, const double *b, const double cell[9])
{
	double df[3], r[3];
	int k;

	for (k = 0; k < 3; k++)
		df[k] = b[k] - a[k];
	return hop_frac_min_image(df, cell, r);
}

double
hop_sitematch_tol(const struct hop_siteset *ref, const double cell[9])
{
	double best = INFINITY;
	size_t i, j;

	for (i = 0; i < ref->n; i++)
		for (j = i + 1; j < ref->n; j++) {
			double d = dist(&ref->frac[3 * i], &ref->frac[3 * j],
			    cell);

			if (d > 1e-6 && d < best)
				best = d;
		}
	return isinf(best) ? NAN : best / 2;
}

struct cand {
	double d;
	uint32_t i, j;
};

static int
cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->d != y->d)
		return x->d < y->d ? -1 : 1;
	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	return (x->j > y->j) - (x->j < y->j);
}

int
hop_sitematch(const struct hop_siteset *data, const struct hop_siteset *ref,
    const double cell[9], double tol, struct hop_sitematch *m,
    struct hop_err *err)
{
	struct cand *c = NULL;
	size_t nc = 0, cap = 0, i, j;
	double sum = 0;

	memset(m, 0, sizeof(*m));
	m->ndata = data->n;
	m->nref = ref->n;
	m->tol = tol;
	m->mean_dist = m->max_dist = NAN;
	m->ref = malloc((data->n ? data->n : 1) * sizeof(*m->ref));
	m->dist = malloc((data->n ? data->n : 1) * sizeof(*m->dist));
	m->nearest = malloc((data->n ? data->n : 1) * sizeof(*m->nearest));
	m->data = malloc((ref->n ? ref->n : 1) * sizeof(*m->data));
	if (m->ref == NULL || m->dist == NULL || m->nearest == NULL ||
	    m->data == NULL)
		goto oom;
	for (j = 0; j < ref->n; j++)
		m->data[j] = HOP_MATCH_NONE;
	for (i = 0; i < data->n; i++) {
		m->ref[i] = m->nearest[i] = HOP_MATCH_NONE;
		m->dist[i] = NAN;
		for (j = 0; j < ref->n; j++) {
			double d = dist(&data->frac[3 * i], &ref->frac[3 * j],
			    cell);

			if (!(d >= m->dist[i])) {
				m->dist[i] = d;
				m->nearest[i] = (uint32_t)j;
			}
			if (!(d <= tol))
				continue;
			if (nc == cap) {
				size_t nn = cap ? 2 * cap : 256;
				void *p = realloc(c, nn * sizeof(*c));

				if (p == NULL)
					goto oom;
				c = p;
				cap = nn;
			}
			c[nc].d = d;
			c[nc].i = (uint32_t)i;
			c[nc].j = (uint32_t)j;
			nc++;
		}
	}
	qsort(c, nc, sizeof(*c), cmp_cand);
	for (i = 0; i < nc; i++) {
		if (m->ref[c[i].i] != HOP_MATCH_NONE ||
		    m->data[c[i].j] != HOP_MATCH_NONE)
			continue;
		m->ref[c[i].i] = c[i].j;
		m->data[c[i].j] = c[i].i;
		m->dist[c[i].i] = c[i].d;
		m->matched++;
		sum += c[i].d;
		if (!(c[i].d <= m->max_dist))
			m->max_dist = c[i].d;
	}
	if (m->matched > 0)
		m->mean_dist = sum / (double)m->matched;
	free(c);
	return 0;
oom:
	free(c);
	hop_sitematch_free(m);
	hop_err_set(err, "out of memory");
	return -1;
}

void
hop_sitematch_free(struct hop_sitematch *m)
{
	free(m->ref);
	free(m->dist);
	free(m->nearest);
	free(m->data);
	memset(m, 0, sizeof(*m));
}
