/*
 * atomrange.c - see atomrange.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomrange.h"

void
hop_atomrange_init(struct hop_atomrange *r)
{
	r->n = 0;
	r->iv = NULL;
}

void
hop_atomrange_free(struct hop_atomrange *r)
{
	free(r->iv);
	hop_atomrange_init(r);
}

static int
cmp_iv(const void *a, const void *b)
{
	const struct hop_atomrange_iv *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* One decimal index at *s, advancing *s past it.  0 or -1. */
static int
parse_index(const char **s, uint32_t *v)
{
	uint64_t x = 0;
	const char *p = *s;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		x = x * 10 + (uint64_t)(*p - '0');
		if (x > HOP_ATOMRANGE_MAX)
			return -1;
	}
	*v = (uint32_t)x;
	*s = p;
	return 0;
}

/* Sort the n intervals of r and join touching ones; overlapping ones are
 * an error when refuse is set, else joined too.  0 or -1. */
static int
normalise(struct hop_atomrange *r, int refuse, struct hop_err *err)
{
	size_t i, k = 0;

	if (r->n == 0)
		return 0;
	qsort(r->iv, r->n, sizeof(*r->iv), cmp_iv);
	for (i = 1; i < r->n; i++) {
		struct hop_atomrange_iv *a = &r->iv[k], *b = &r->iv[i];

		if (b->lo <= a->hi) {
			if (refuse) {
				hop_err_set(err, "ranges %u-%u and %u-%u "
				    "overlap", a->lo, a->hi, b->lo, b->hi);
				return -1;
			}
			if (b->hi > a->hi)
				a->hi = b->hi;
		} else if (b->lo == a->hi + 1)
			a->hi = b->hi;
		else
			r->iv[++k] = *b;
	}
	r->n = k + 1;
	return 0;
}

int
hop_atomrange_parse(struct hop_atomrange *r, const char *s,
    struct hop_err *err)
{
	struct hop_atomrange t;
	size_t cap = 0;
	const char *p = s;

	hop_atomrange_free(r);
	hop_atomrange_init(&t);
	if (*s == '\0') {
		hop_err_set(err, "an empty list of atoms");
		return -1;
	}
	for (;;) {
		struct hop_atomrange_iv iv;
		const char *item = p;

		if (parse_index(&p, &iv.lo) != 0) {
			p = item;
			goto bad;
		}
		iv.hi = iv.lo;
		if (*p == '-') {
			p++;
			if (parse_index(&p, &iv.hi) != 0) {
				p = item;
				goto bad;
			}
			if (iv.hi < iv.lo) {
				hop_err_set(err, "range %u-%u is reversed",
				    iv.lo, iv.hi);
				goto fail;
			}
		}
		if (*p != ',' && *p != '\0') {
			p = item;
			goto bad;
		}
		if (t.n == cap) {
			struct hop_atomrange_iv *v;

			cap = cap ? 2 * cap : 8;
			if ((v = realloc(t.iv, cap * sizeof(*v))) == NULL) {
				hop_err_set(err, "out of memory");
				goto fail;
			}
			t.iv = v;
		}
		t.iv[t.n++] = iv;
		if (*p == '\0')
			break;
		p++;
	}
	if (normalise(&t, 1, err) != 0)
		goto fail;
	*r = t;
	return 0;
bad:
	{
		size_t len = strcspn(p, ",");

		if (len == 0)
			hop_err_set(err, "an empty item in '%.64s'", s);
		else
			hop_err_set(err, "'%.*s' is not an index or a range "
			    "N-M (0 to %u)", (int)(len > 64 ? 64 : len), p,
			    HOP_ATOMRANGE_MAX);
	}
fail:
	hop_atomrange_free(&t);
	return -1;
}

int
hop_atomrange_has(const struct hop_atomrange *r, uint32_t i)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (i < r->iv[mid].lo)
			hi = mid;
		else if (i > r->iv[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

uint64_t
hop_atomrange_count(const struct hop_atomrange *r)
{
	uint64_t c = 0;
	size_t i;

	for (i = 0; i < r->n; i++)
		c += (uint64_t)r->iv[i].hi - r->iv[i].lo + 1;
	return c;
}

int
hop_atomrange_from_indices(struct hop_atomrange *r, const uint32_t *idx,
    size_t n, struct hop_err *err)
{
	struct hop_atomrange t;
	size_t i;

	hop_atomrange_free(r);
	hop_atomrange_init(&t);
	if (n == 0)
		return 0;
	if ((t.iv = malloc(n * sizeof(*t.iv))) == NULL) {
		hop_err_set(err, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		t.iv[i].lo = t.iv[i].hi = idx[i];
	t.n = n;
	normalise(&t, 0, err);
	*r = t;
	return 0;
}

char *
hop_atomrange_format(const struct hop_atomrange *r)
{
	size_t cap = r->n * 24 + 1, len = 0, i;
	char *s = malloc(cap);

	if (s == NULL)
		return NULL;
	s[0] = '\0';
	for (i = 0; i < r->n; i++) {
		const struct hop_atomrange_iv *v = &r->iv[i];

		if (v->lo == v->hi)
			len += (size_t)snprintf(s + len, cap - len, "%s%u",
			    i ? "," : "", v->lo);
		else
			len += (size_t)snprintf(s + len, cap - len, "%s%u-%u",
			    i ? "," : "", v->lo, v->hi);
	}
	return s;
}

int
hop_atomrange_overlap(const struct hop_atomrange *a,
    const struct hop_atomrange *b, uint32_t *first)
{
	size_t i = 0, j = 0;

	while (i < a->n && j < b->n) {
		const struct hop_atomrange_iv *x = &a->iv[i], *y = &b->iv[j];

		if (x->hi < y->lo)
			i++;
		else if (y->hi < x->lo)
			j++;
		else {
			*first = x->lo > y->lo ? x->lo : y->lo;
			return 1;
		}
	}
	return 0;
}
