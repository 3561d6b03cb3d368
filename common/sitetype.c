/*
 * sitetype.c - site types by environment signature (see sitetype.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "sitetype.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The k smallest distances from site i to the points (skipping the site
 * itself when the points are the sites), sorted, into sig. */
static void
signature(const struct hop_siteset *s, size_t i, const double cell[9],
    const double *pts, size_t npts, int self, unsigned k, double *best)
{
	size_t j;
	unsigned m = 0, q;

	for (j = 0; j < npts; j++) {
		double df[3], r[3], d;
		int c;

		if (self && j == i)
			continue;
		for (c = 0; c < 3; c++)
			df[c] = pts[3 * j + c] - s->frac[3 * i + c];
		d = hop_frac_min_image(df, cell, r);
		if (m < k)
			best[m++] = d;
		else if (d < best[k - 1])
			best[k - 1] = d;
		else
			continue;
		/* Keep best sorted (insertion of the new last value). */
		for (q = m - 1; q > 0 && best[q] < best[q - 1]; q--) {
			double t = best[q];

			best[q] = best[q - 1];
			best[q - 1] = t;
		}
	}
}

struct tcount {
	size_t n, first;
	unsigned old;
};

static int
cmp_tcount(const void *a, const void *b)
{
	const struct tcount *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return (x->first > y->first) - (x->first < y->first);
}

int
hop_sitetype_env(struct hop_siteset *s, const double cell[9],
    const double *env, size_t nenv, unsigned k, double tol_A,
    struct hop_err *err)
{
	int self = env == NULL || nenv == 0;
	const double *pts = self ? s->frac : env;
	size_t npts = self ? s->n : nenv, i, t, nt = 0;
	double *sig = NULL;
	size_t *rep = NULL;
	unsigned *newid = NULL;
	struct tcount *tc = NULL;
	char (*names)[HOP_SITE_LABEL_MAX + 1] = NULL;
	int ret = -1;

	(void)cmp_double;
	if (k < 1 || k > HOP_SITETYPE_KMAX || npts < k + (size_t)self) {
		hop_err_set(err, "%zu environment points, fewer than the %u "
		    "distances a site type compares", npts - (size_t)self, k);
		return -1;
	}
	sig = malloc((s->n ? s->n : 1) * k * sizeof(double));
	rep = malloc((s->n ? s->n : 1) * sizeof(size_t));
	tc = calloc(s->n ? s->n : 1, sizeof(*tc));
	newid = malloc((s->n ? s->n : 1) * sizeof(unsigned));
	names = calloc(s->n ? s->n : 1, sizeof(*names));
	if (sig == NULL || rep == NULL || tc == NULL || newid == NULL ||
	    names == NULL) {
		hop_err_set(err, "out of memory");
		goto out;
	}
	for (i = 0; i < s->n; i++) {
		double *a = &sig[i * k];

		signature(s, i, cell, pts, npts, self, k, a);
		for (t = 0; t < nt; t++) {
			const double *b = &sig[rep[t] * k];
			unsigned q;

			for (q = 0; q < k; q++)
				if (fabs(a[q] - b[q]) > tol_A)
					break;
			if (q == k)
				break;
		}
		if (t == nt) {
			rep[nt] = i;
			tc[nt].first = i;
			tc[nt].old = (unsigned)nt;
			nt++;
		}
		tc[t].n++;
		s->type[i] = (uint32_t)t;
	}
	qsort(tc, nt, sizeof(*tc), cmp_tcount);
	for (t = 0; t < nt; t++)
		newid[tc[t].old] = (unsigned)t;
	for (i = 0; i < s->n; i++)
		s->type[i] = newid[s->type[i]];
	/* Names. */
	for (t = 0; t < nt; t++) {
		const char *lab = NULL;
		int one = 1, shared = 0;
		size_t u;

		for (i = 0; i < s->n; i++) {
			if (s->type[i] != t)
				continue;
			if (lab == NULL)
				lab = s->label[i];
			else if (strcmp(lab, s->label[i]) != 0)
				one = 0;
		}
		if (lab == NULL || lab[0] == '\0' || !one) {
			if (t < 26)
				snprintf(names[t], sizeof(names[t]), "%c",
				    (char)('A' + t));
			else
				snprintf(names[t], sizeof(names[t]), "T%zu",
				    t + 1);
			continue;
		}
		for (u = 0; u < nt && !shared; u++)
			for (i = 0; i < s->n; i++)
				if (u != t && s->type[i] == u &&
				    strcmp(s->label[i], lab) == 0) {
					shared = 1;
					break;
				}
		if (shared)
			snprintf(names[t], sizeof(names[t]), "%.*s-%u",
			    HOP_SITE_LABEL_MAX - 8, lab, (unsigned)(t + 1) % 100000u);
		else
			snprintf(names[t], sizeof(names[t]), "%s", lab);
	}
	free(s->type_name);
	s->type_name = names;
	names = NULL;
	s->ntypes = nt ? nt : 1;
	if (nt == 0) {
		s->type_name = calloc(1, sizeof(*s->type_name));
		if (s->type_name == NULL) {
			hop_err_set(err, "out of memory");
			goto out;
		}
		strcpy(s->type_name[0], "A");
	}
	ret = 0;
out:
	free(sig);
	free(rep);
	free(tc);
	free(newid);
	free(names);
	return ret;
}
