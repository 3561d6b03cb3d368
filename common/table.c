/*
 * table.c - see table.h.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "numparse.h"
#include "table.h"

/* A split line: its text (a copy, NUL at each field's end) and fields. */
struct row {
	char *buf;
	size_t cap;
	char **f;
	size_t n, fcap;
};

struct hop_table {
	struct hop_input *in;
	int tabs;              /* fields separated by single tabs */
	int header;            /* a header named the columns */
	int pending;           /* the first data row is already in cur */
	struct row head, cur;  /* the header's names, the current row */
	const char *const *positional;
	size_t npositional;
	uint64_t line;
};

static const char *
skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * Split [p, end) into r, as table.h says: at every tab when tabs, else at
 * runs of blanks and tabs.  0, or -1 with err set.
 */
static int
split(struct hop_table *t, struct row *r, const char *p, const char *end,
    struct hop_err *err)
{
	size_t len = (size_t)(end - p), i, start = 0;
	char *b;

	if (len + 1 > r->cap) {
		if ((b = realloc(r->buf, len + 1)) == NULL)
			goto oom;
		r->buf = b;
		r->cap = len + 1;
	}
	memcpy(r->buf, p, len);
	r->buf[len] = '\0';
	r->n = 0;
	b = r->buf;
	for (i = 0; i <= len; i++) {
		int sep = i == len || b[i] == '\t' || (!t->tabs && b[i] == ' ');

		if (!sep)
			continue;
		if (t->tabs || i > start) {
			if (r->n == HOP_TABLE_MAX_FIELDS) {
				hop_table_err(t, err, "more than %d fields",
				    HOP_TABLE_MAX_FIELDS);
				return -1;
			}
			if (r->n == r->fcap) {
				size_t nc = r->fcap ? 2 * r->fcap : 32;
				char **nf = realloc(r->f, nc * sizeof(*nf));

				if (nf == NULL)
					goto oom;
				r->f = nf;
				r->fcap = nc;
			}
			r->f[r->n++] = b + start;
		}
		if (i < len)
			b[i] = '\0';
		start = i + 1;
	}
	return 0;
oom:
	hop_table_err(t, err, "out of memory");
	return -1;
}

/* "nan" in any case, signed or not, or "NA": no value. */
static int
is_nan_word(const char *p, size_t n)
{
	if (n == 2 && p[0] == 'N' && p[1] == 'A')
		return 1;
	if (n > 0 && (*p == '-' || *p == '+')) {
		p++;
		n--;
	}
	return n == 3 && (p[0] == 'n' || p[0] == 'N') &&
	    (p[1] == 'a' || p[1] == 'A') && (p[2] == 'n' || p[2] == 'N');
}

/* The next line that is neither blank nor a comment, as [*p, *end):
 * 1, 0 at the end, -1 with err set. */
static int
next_line(struct hop_table *t, const char **p, const char **end,
    struct hop_err *err)
{
	char *line;
	size_t len;
	int st;

	while ((st = hop_input_line(t->in, &line, &len, err)) == 1) {
		const char *q = skip_blanks(line, line + len);

		t->line = hop_input_lineno(t->in);
		if (q == line + len || *q == '#')
			continue;
		*p = line;
		*end = line + len;
		return 1;
	}
	return st;
}

struct hop_table *
hop_table_open(const char *path, const char *const *positional,
    struct hop_err *err)
{
	struct hop_table *t = calloc(1, sizeof(*t));
	const char *p, *end;
	int st;

	if (t == NULL) {
		hop_err_set(err, "%s: out of memory", path ? path : "<stdin>");
		return NULL;
	}
	if ((t->in = hop_input_open(path ? path : "-", NULL, NULL, err)) ==
	    NULL) {
		free(t);
		return NULL;
	}
	t->positional = positional;
	while (positional != NULL && positional[t->npositional] != NULL)
		t->npositional++;
	if ((st = next_line(t, &p, &end, err)) < 0)
		goto fail;
	if (st == 0) {
		if (positional != NULL)
			return t;
		hop_err_set(err, "%s: no header line with column names",
		    hop_table_name(t));
		goto fail;
	}
	if (positional != NULL) {
		/* A first line that starts with a number is data. */
		const char *a = skip_blanks(p, end), *b = a;
		double v;

		while (b < end && *b != ' ' && *b != '\t')
			b++;
		if (hop_parse_double(a, b, &v) != NULL ||
		    is_nan_word(a, (size_t)(b - a))) {
			if (split(t, &t->cur, p, end, err) != 0)
				goto fail;
			t->pending = 1;
			return t;
		}
	}
	t->header = 1;
	t->tabs = memchr(p, '\t', (size_t)(end - p)) != NULL;
	if (split(t, &t->head, p, end, err) != 0)
		goto fail;
	return t;
fail:
	hop_table_close(t);
	return NULL;
}

void
hop_table_close(struct hop_table *t)
{
	if (t == NULL)
		return;
	hop_input_close(t->in);
	free(t->head.buf);
	free(t->head.f);
	free(t->cur.buf);
	free(t->cur.f);
	free(t);
}

int
hop_table_has_header(const struct hop_table *t)
{
	return t->header;
}

size_t
hop_table_ncols(const struct hop_table *t)
{
	return t->header ? t->head.n : 0;
}

int
hop_table_col(const struct hop_table *t, const char *name)
{
	size_t k, n = t->header ? t->head.n : t->npositional;
	int found = -1;

	for (k = 0; k < n; k++)
		if (strcmp(hop_table_colname(t, k), name) == 0) {
			if (found >= 0)
				return -2;
			found = (int)k;
		}
	return found;
}

const char *
hop_table_colname(const struct hop_table *t, size_t k)
{
	if (t->header)
		return k < t->head.n ? t->head.f[k] : NULL;
	return k < t->npositional ? t->positional[k] : NULL;
}

int
hop_table_next(struct hop_table *t, struct hop_err *err)
{
	const char *p, *end;
	int st;

	if (t->pending) {
		t->pending = 0;
		return 1;
	}
	if ((st = next_line(t, &p, &end, err)) != 1)
		return st;
	if (split(t, &t->cur, p, end, err) != 0)
		return -1;
	if (t->header && t->cur.n != t->head.n) {
		hop_table_err(t, err, "%zu field%s, the header has %zu",
		    t->cur.n, t->cur.n == 1 ? "" : "s", t->head.n);
		return -1;
	}
	return 1;
}

size_t
hop_table_nfields(const struct hop_table *t)
{
	return t->cur.n;
}

const char *
hop_table_field(const struct hop_table *t, size_t k)
{
	return k < t->cur.n ? t->cur.f[k] : NULL;
}

int
hop_table_number(const struct hop_table *t, size_t k, double *v)
{
	const char *s = hop_table_field(t, k), *end;

	if (s == NULL)
		return -1;
	end = s + strlen(s);
	if ((s == end && t->tabs) || is_nan_word(s, (size_t)(end - s))) {
		*v = NAN;
		return 0;
	}
	return s < end && hop_parse_double(s, end, v) == end &&
	    isfinite(*v) ? 0 : -1;
}

const char *
hop_table_name(const struct hop_table *t)
{
	return hop_input_name(t->in);
}

uint64_t
hop_table_line(const struct hop_table *t)
{
	return t->line;
}

void
hop_table_err(const struct hop_table *t, struct hop_err *err,
    const char *fmt, ...)
{
	char what[HOP_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	hop_err_set(err, "%s:%llu: %s", hop_table_name(t),
	    (unsigned long long)t->line, what);
}
