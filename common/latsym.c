/*
 * latsym.c - the translations of a cell that map its framework onto
 * itself (latsym.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "latsym.h"

/* The default tolerance: TOL_FRAC of the least distance between two
 * atoms, at most TOL_MAX Angstrom. */
#define TOL_FRAC (1.0 / 3)
#define TOL_MAX 0.75
/* Atoms are binned in boxes at least BOX_MIN Angstrom across, so that a
 * pair closer than that is always in neighbouring boxes. */
#define BOX_MIN 2.0

/* The framework in fractional coordinates, binned in g[0] x g[1] x g[2]
 * boxes: box b holds atoms idx[off[b] .. off[b + 1]). */
struct bins {
	unsigned g[3];
	size_t *off, *idx;
	double *f;          /* 3 n, folded into [0, 1) */
};

static void
fold(double f[3])
{
	int k;

	for (k = 0; k < 3; k++) {
		f[k] -= floor(f[k]);
		if (f[k] >= 1)
			f[k] = 0;
	}
}

static size_t
box_of(const struct bins *b, const double f[3], long c[3])
{
	int k;

	for (k = 0; k < 3; k++) {
		c[k] = (long)(f[k] * b->g[k]);
		if (c[k] >= (long)b->g[k])
			c[k] = (long)b->g[k] - 1;
	}
	return (size_t)c[0] + b->g[0] * ((size_t)c[1] + b->g[1] *
	    (size_t)c[2]);
}

static int
bins_build(struct bins *b, const double *pos, size_t n, const double cell[9],
    const double inv[9])
{
	double vol = fabs(hop_cell_det(cell)), w = cbrt(vol / (double)n);
	size_t nb, i, *cnt;
	long c[3];
	int k;

	memset(b, 0, sizeof(*b));
	if (w < BOX_MIN)
		w = BOX_MIN;
	for (k = 0; k < 3; k++) {
		double sp = 1 / sqrt(inv[k] * inv[k] + inv[3 + k] * inv[3 + k] +
		    inv[6 + k] * inv[6 + k]);

		b->g[k] = sp / w < 1 ? 1 : (unsigned)(sp / w);
	}
	nb = (size_t)b->g[0] * b->g[1] * b->g[2];
	b->f = malloc(3 * n * sizeof(*b->f));
	b->idx = malloc(n * sizeof(*b->idx));
	b->off = calloc(nb + 1, sizeof(*b->off));
	cnt = calloc(nb + 1, sizeof(*cnt));
	if (b->f == NULL || b->idx == NULL || b->off == NULL || cnt == NULL) {
		free(cnt);
		return -1;
	}
	for (i = 0; i < n; i++) {
		hop_cart_to_frac(pos + 3 * i, inv, b->f + 3 * i);
		fold(b->f + 3 * i);
		b->off[box_of(b, b->f + 3 * i, c) + 1]++;
	}
	for (i = 0; i < nb; i++)
		b->off[i + 1] += b->off[i];
	for (i = 0; i < n; i++) {
		size_t q = box_of(b, b->f + 3 * i, c);

		b->idx[b->off[q] + cnt[q]++] = i;
	}
	free(cnt);
	return 0;
}

static void
bins_free(struct bins *b)
{
	free(b->f);
	free(b->idx);
	free(b->off);
}

/*
 * The atom nearest the fractional point q (folded) within
 * the boxes around it, other than skip, and its minimum-image distance
 * into *d and fractional offset q - atom into dq.  SIZE_MAX when none.
 */
static size_t
nearest(const struct bins *b, const double q[3], size_t skip,
    const double cell[9], double *d, double dq[3])
{
	long c[3], o[3];
	size_t best = SIZE_MAX;
	double bd = INFINITY;

	box_of(b, q, c);
	for (o[2] = -1; o[2] <= 1; o[2]++)
		for (o[1] = -1; o[1] <= 1; o[1]++)
			for (o[0] = -1; o[0] <= 1; o[0]++) {
				size_t box = 0, mul = 1, e;
				int k;

				for (k = 0; k < 3; k++) {
					long g = (long)b->g[k],
					    x = ((c[k] + o[k]) % g + g) % g;

					box += (size_t)x * mul;
					mul *= (size_t)g;
				}
				for (e = b->off[box]; e < b->off[box + 1]; e++) {
					size_t j = b->idx[e];
					double df[3], r[3], dd;

					if (j == skip)
						continue;
					for (k = 0; k < 3; k++)
						df[k] = q[k] - b->f[3 * j + k];
					hop_min_image_frac(df);
					hop_frac_to_cart(df, cell, r);
					dd = r[0] * r[0] + r[1] * r[1] +
					    r[2] * r[2];
					if (dd < bd) {
						bd = dd;
						best = j;
						memcpy(dq, df, sizeof(df));
					}
				}
			}
	*d = sqrt(bd);
	return best;
}

/*
 * Whether translation t (fractional) maps every atom of b onto an atom
 * within tol; if so, t refined by the mean of the offsets into tr.
 */
static int
maps_all(const struct bins *b, size_t n, const double cell[9], double tol,
    const double t[3], double tr[3])
{
	double mean[3] = {0, 0, 0};
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		double q[3], dq[3], d;

		for (k = 0; k < 3; k++)
			q[k] = b->f[3 * i + k] + t[k];
		fold(q);
		if (nearest(b, q, SIZE_MAX, cell, &d, dq) == SIZE_MAX ||
		    !(d <= tol))
			return 0;
		for (k = 0; k < 3; k++)
			mean[k] += dq[k];
	}
	for (k = 0; k < 3; k++)
		tr[k] = t[k] - mean[k] / (double)n;
	hop_min_image_frac(tr);
	return 1;
}

/*
 * The translations found so far: a group.  t holds nt of them (3 each),
 * the identity first; at[j] is the one that carries atom 0 onto atom j,
 * or SIZE_MAX.  gen lists the ngen that were checked against every atom;
 * the others are sums of those.
 */
struct group {
	double *t;
	size_t nt, cap, *at, *gen, ngen;
};

/* Add translation v, which carries atom 0 onto atom j.  0 or -1. */
static int
group_add(struct group *g, const double v[3], size_t j)
{
	if (g->nt == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 16;
		double *nn = realloc(g->t, 3 * cap * sizeof(*nn));

		if (nn == NULL)
			return -1;
		g->t = nn;
		g->cap = cap;
	}
	memcpy(g->t + 3 * g->nt, v, 3 * sizeof(*v));
	g->at[j] = g->nt++;
	return 0;
}

/*
 * Close the group under the sums of its members with its checked
 * translations: the sum of two translations of the framework is one, so
 * it is taken without checking every atom again (the sum of two refined
 * translations is as exact as either).  A sum that carries atom 0 onto
 * no atom within tol is left out.  0 or -1.
 */
static int
group_close(struct group *g, const struct bins *b, const double cell[9],
    double tol)
{
	size_t i, e;
	int k;

	for (i = 0; i < g->nt; i++)
		for (e = 0; e < g->ngen; e++) {
			double v[3], q[3], dq[3], d;
			size_t j;

			for (k = 0; k < 3; k++)
				v[k] = g->t[3 * i + k] + g->t[3 * g->gen[e] + k];
			hop_min_image_frac(v);
			for (k = 0; k < 3; k++)
				q[k] = b->f[k] + v[k];
			fold(q);
			j = nearest(b, q, SIZE_MAX, cell, &d, dq);
			if (j == SIZE_MAX || !(d <= tol) || g->at[j] != SIZE_MAX)
				continue;
			if (group_add(g, v, j) != 0)
				return -1;
		}
	return 0;
}

size_t
hop_latsym_translations(const double *pos, size_t n, const double cell[9],
    double tol, double **tr, struct hop_err *err)
{
	struct bins b;
	struct group g;
	double inv[9], *out = NULL;
	size_t nout = 0, i, j;

	*tr = NULL;
	memset(&g, 0, sizeof(g));
	memset(&b, 0, sizeof(b));
	if (hop_cell_inverse(cell, inv) != 0) {
		hop_err_set(err, "the cell is singular: no translation can be "
		    "sought");
		return 0;
	}
	if (n < 2) {
		if ((out = calloc(3, sizeof(*out))) == NULL)
			goto nomem;
		*tr = out;
		return 1;
	}
	if (bins_build(&b, pos, n, cell, inv) != 0)
		goto nomem;
	if (!(tol > 0)) {
		double dmin = INFINITY, dq[3], d;

		for (i = 0; i < n; i++)
			if (nearest(&b, b.f + 3 * i, i, cell, &d, dq) !=
			    SIZE_MAX && d < dmin)
				dmin = d;
		tol = dmin * TOL_FRAC < TOL_MAX ? dmin * TOL_FRAC : TOL_MAX;
	}
	g.at = malloc(n * sizeof(*g.at));
	g.gen = malloc(n * sizeof(*g.gen));
	if (g.at == NULL || g.gen == NULL)
		goto nomem;
	for (j = 0; j < n; j++)
		g.at[j] = SIZE_MAX;
	{
		double zero[3] = {0, 0, 0};

		if (group_add(&g, zero, 0) != 0)
			goto nomem;
	}
	/* Each atom j not yet reached gives a candidate: the vector from
	 * atom 0 to it, kept when it maps every atom. */
	for (j = 1; j < n; j++) {
		double t[3], rt[3];
		int k;

		if (g.at[j] != SIZE_MAX)
			continue;
		for (k = 0; k < 3; k++)
			t[k] = b.f[3 * j + k] - b.f[k];
		hop_min_image_frac(t);
		if (!maps_all(&b, n, cell, tol, t, rt))
			continue;
		if (group_add(&g, rt, j) != 0)
			goto nomem;
		g.gen[g.ngen++] = g.nt - 1;
		if (group_close(&g, &b, cell, tol) != 0)
			goto nomem;
	}
	/* In the order of the atoms they carry atom 0 onto: the identity
	 * first, and the same order whichever were checked. */
	if ((out = malloc(3 * g.nt * sizeof(*out))) == NULL)
		goto nomem;
	for (j = 0; j < n; j++)
		if (g.at[j] != SIZE_MAX)
			memcpy(out + 3 * nout++, g.t + 3 * g.at[j],
			    3 * sizeof(*out));
	bins_free(&b);
	free(g.t);
	free(g.at);
	free(g.gen);
	*tr = out;
	return nout;
nomem:
	bins_free(&b);
	free(g.t);
	free(g.at);
	free(g.gen);
	free(out);
	hop_err_set(err, "out of memory seeking the lattice translations of "
	    "%zu atoms", n);
	return 0;
}

size_t
hop_latsym_framework(const double *sums, size_t nframes, const int *spec,
    size_t natoms, double max_rms, const double cell[9], double **tr,
    struct hop_err *err)
{
	double *pos = malloc((natoms ? 3 * natoms : 1) * sizeof(*pos));
	unsigned char *moves = NULL;
	size_t i, n = 0, nt;
	int k, smax = 0;

	*tr = NULL;
	for (i = 0; i < natoms; i++)
		if (spec[i] > smax)
			smax = spec[i];
	if (pos == NULL || (moves = calloc((size_t)smax + 1, 1)) == NULL) {
		free(pos);
		hop_err_set(err, "out of memory seeking the lattice "
		    "translations of %zu atoms", natoms);
		return 0;
	}
	/* A species moves when one of its atoms does. */
	for (i = 0; i < natoms; i++) {
		double var = 0, m;

		for (k = 0; k < 3 && nframes > 0; k++) {
			m = sums[6 * i + k] / (double)nframes;
			var += sums[6 * i + 3 + k] / (double)nframes - m * m;
		}
		if (nframes == 0 || !(var <= max_rms * max_rms))
			moves[spec[i] < 0 ? 0 : spec[i]] = 1;
	}
	for (i = 0; i < natoms; i++) {
		if (moves[spec[i] < 0 ? 0 : spec[i]])
			continue;
		for (k = 0; k < 3; k++)
			pos[3 * n + k] = sums[6 * i + k] / (double)nframes;
		n++;
	}
	nt = hop_latsym_translations(pos, n, cell, 0, tr, err);
	free(pos);
	free(moves);
	return nt;
}
