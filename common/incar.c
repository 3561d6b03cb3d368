/*
 * incar.c - see incar.h.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "incar.h"
#include "numparse.h"

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static char *
dup_range(const char *p, const char *q)
{
	size_t n = (size_t)(q - p);
	char *d = malloc(n + 1);

	if (d != NULL) {
		memcpy(d, p, n);
		d[n] = '\0';
	}
	return d;
}

/* Trim blanks from both ends of [*p, *q). */
static void
trim(const char **p, const char **q)
{
	while (*p < *q && is_blank((unsigned char)**p))
		(*p)++;
	while (*q > *p && is_blank((unsigned char)(*q)[-1]))
		(*q)--;
}

/* Add the statement [p, q) of line lineno, if it has the form KEY = value. */
static int
add_statement(struct hop_incar *inc, size_t *cap, const char *p,
    const char *q, uint64_t lineno)
{
	const char *eq = memchr(p, '=', (size_t)(q - p)), *kp = p, *kq = eq;
	const char *vp = eq, *vq = q;
	struct hop_incar_tag *t;
	char *s;

	if (eq == NULL)
		return 0;
	trim(&kp, &kq);
	vp++;
	trim(&vp, &vq);
	if (kp == kq)
		return 0;
	if (inc->ntags == *cap) {
		size_t ncap = *cap ? *cap * 2 : 32;

		if ((t = realloc(inc->tags, ncap * sizeof(*t))) == NULL)
			return -1;
		inc->tags = t;
		*cap = ncap;
	}
	t = &inc->tags[inc->ntags];
	t->key = dup_range(kp, kq);
	t->value = dup_range(vp, vq);
	t->line = lineno;
	if (t->key == NULL || t->value == NULL) {
		free(t->key);
		free(t->value);
		return -1;
	}
	for (s = t->key; *s; s++)
		*s = (char)toupper((unsigned char)*s);
	inc->ntags++;
	return 0;
}

int
hop_incar_parse(const char *text, size_t len, const char *name,
    struct hop_incar *inc, struct hop_err *err)
{
	const char *p = text, *end = text + len;
	uint64_t lineno = 0;
	size_t cap = 0;

	memset(inc, 0, sizeof(*inc));
	if ((inc->name = dup_range(name, name + strlen(name))) == NULL)
		goto nomem;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl != NULL ? nl : end, *c, *s;

		lineno++;
		/* The comment, if any, ends the useful part of the line. */
		for (c = p; c < le && *c != '!' && *c != '#'; c++)
			;
		for (s = p; s < c;) {
			const char *semi = memchr(s, ';', (size_t)(c - s));
			const char *se = semi != NULL ? semi : c;

			if (add_statement(inc, &cap, s, se, lineno) != 0)
				goto nomem;
			s = se + 1;
		}
		p = le + 1;
	}
	return 0;
nomem:
	hop_err_set(err, "%s: out of memory", name);
	hop_incar_free(inc);
	return -1;
}

int
hop_incar_find(const struct hop_incar *inc, const char *key,
    const struct hop_incar_tag **tag, struct hop_err *err)
{
	const struct hop_incar_tag *found = NULL;
	size_t i;
	char up[64];

	for (i = 0; key[i] != '\0' && i < sizeof(up) - 1; i++)
		up[i] = (char)toupper((unsigned char)key[i]);
	up[i] = '\0';
	for (i = 0; i < inc->ntags; i++) {
		if (strcmp(inc->tags[i].key, up) != 0)
			continue;
		if (found != NULL) {
			hop_err_set(err, "%s:%llu: %s given twice (also on "
			    "line %llu)", inc->name,
			    (unsigned long long)inc->tags[i].line, up,
			    (unsigned long long)found->line);
			return -1;
		}
		found = &inc->tags[i];
	}
	if (found == NULL)
		return 0;
	*tag = found;
	return 1;
}

int
hop_incar_double(const struct hop_incar *inc, const char *key,
    double *out, struct hop_err *err)
{
	const struct hop_incar_tag *t;
	const char *end, *q;
	double v;
	int r = hop_incar_find(inc, key, &t, err);

	if (r <= 0)
		return r;
	end = t->value + strlen(t->value);
	q = hop_parse_double(t->value, end, &v);
	if (q != end || !isfinite(v)) {
		hop_err_set(err, "%s:%llu: %s = '%.40s' is not a number",
		    inc->name, (unsigned long long)t->line, t->key, t->value);
		return -1;
	}
	*out = v;
	return 1;
}

int
hop_incar_u64(const struct hop_incar *inc, const char *key, uint64_t *out,
    struct hop_err *err)
{
	const struct hop_incar_tag *t;
	const char *s;
	uint64_t v = 0;
	int r = hop_incar_find(inc, key, &t, err);

	if (r <= 0)
		return r;
	s = t->value;
	if (*s == '+')
		s++;
	if (*s == '\0')
		goto bad;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_C(1) << 62) / 5)
			goto bad;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 1;
bad:
	hop_err_set(err, "%s:%llu: %s = '%.40s' is not a whole number",
	    inc->name, (unsigned long long)t->line, t->key, t->value);
	return -1;
}

void
hop_incar_free(struct hop_incar *inc)
{
	size_t i;

	for (i = 0; i < inc->ntags; i++) {
		free(inc->tags[i].key);
		free(inc->tags[i].value);
	}
	free(inc->tags);
	free(inc->name);
	memset(inc, 0, sizeof(*inc));
}
