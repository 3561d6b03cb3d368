/*
 * cp2kcell.c - see cp2kcell.h.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cp2kcell.h"
#include "numparse.h"

struct hop_cp2kcell {
	struct hop_input *in;
	const char *name;
	int have_line;        /* a line read but not used yet: */
	int64_t line_step;    /* its step, */
	double line_time;     /* time */
	double line_cell[9];  /* and cell */
	int have_prev;
	int64_t prev_step;    /* the last line's step, for the order check */
};

static const char *
skip_blank(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static const char *
token_end(const char *p)
{
	while (*p != '\0' && *p != ' ' && *p != '\t')
		p++;
	return p;
}

/* A whole number (optional sign, digits) from p to q. 0 or -1. */
static int
parse_i64(const char *p, const char *q, int64_t *v)
{
	char buf[32], *end;
	long long x;

	if (q - p <= 0 || q - p >= (long)sizeof(buf))
		return -1;
	memcpy(buf, p, (size_t)(q - p));
	buf[q - p] = '\0';
	if (!isdigit((unsigned char)buf[buf[0] == '-' || buf[0] == '+']))
		return -1;
	errno = 0;
	x = strtoll(buf, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*v = x;
	return 0;
}

/* After "key" and blanks, an '=' and blanks: the value's start, or NULL. */
static const char *
after_key(const char *s, const char *key)
{
	const char *p = s;
	size_t n = strlen(key);

	for (;;) {
		p = skip_blank(p);
		if (strncmp(p, key, n) == 0) {
			const char *q = skip_blank(p + n);

			if (*q == '=')
				return skip_blank(q + 1);
		}
		/* On to the next comma-separated field. */
		if ((p = strchr(p, ',')) == NULL)
			return NULL;
		p++;
	}
}

int
hop_cp2k_comment(const char *s, int64_t *step, double *time_fs)
{
	const char *p, *q;

	if ((p = after_key(s, "i")) == NULL)
		return -1;
	q = p;
	while (*q != '\0' && *q != ',' && *q != ' ' && *q != '\t')
		q++;
	if (parse_i64(p, q, step) != 0)
		return -1;
	*time_fs = NAN;
	if ((p = after_key(s, "time")) != NULL) {
		q = p;
		while (*q != '\0' && *q != ',' && *q != ' ' && *q != '\t')
			q++;
		if (hop_parse_double(p, q, time_fs) != q || !isfinite(*time_fs))
			return -1;
	}
	return 0;
}

struct hop_cp2kcell *
hop_cp2kcell_open(struct hop_input *in, struct hop_err *err)
{
	struct hop_cp2kcell *c = calloc(1, sizeof(*c));

	if (c == NULL) {
		hop_err_set(err, "%s: out of memory", hop_input_name(in));
		return NULL;
	}
	c->in = in;
	c->name = hop_input_name(in);
	return c;
}

/* The next data line, parsed into c->line_*.  1, 0 at the end, -1. */
static int
next_line(struct hop_cp2kcell *c, struct hop_err *err)
{
	unsigned long long ln;
	double v[11];
	const char *p, *q;
	char *s;
	size_t len;
	int r, n;

	for (;;) {
		if ((r = hop_input_line(c->in, &s, &len, err)) <= 0)
			return r;
		p = skip_blank(s);
		if (*p != '\0' && *p != '#')
			break;
	}
	ln = (unsigned long long)hop_input_lineno(c->in);
	q = token_end(p);
	if (parse_i64(p, q, &c->line_step) != 0) {
		hop_err_set(err, "%s:%llu: the step '%.*s' is not a whole "
		    "number", c->name, ln, (int)(q - p > 40 ? 40 : q - p), p);
		return -1;
	}
	for (n = 0; ; n++) {
		p = skip_blank(q);
		if (*p == '\0')
			break;
		q = token_end(p);
		if (n == 11) {
			n++;
			break;
		}
		if (hop_parse_double(p, q, &v[n]) != q || !isfinite(v[n])) {
			hop_err_set(err, "%s:%llu: '%.*s' is not a finite "
			    "number", c->name, ln,
			    (int)(q - p > 40 ? 40 : q - p), p);
			return -1;
		}
	}
	/* The volume is optional (10 or 11 numbers after the step). */
	if (n != 10 && n != 11) {
		hop_err_set(err, "%s:%llu: expected 12 numbers (step, time, 9 "
		    "cell components, volume), got %s%d", c->name, ln,
		    n > 11 ? "more than " : "", n > 11 ? 12 : n + 1);
		return -1;
	}
	if (c->have_prev && c->line_step <= c->prev_step) {
		hop_err_set(err, "%s:%llu: step %lld does not follow step %lld "
		    "(steps must increase: a restarted run appended to the "
		    "file?)", c->name, ln, (long long)c->line_step,
		    (long long)c->prev_step);
		return -1;
	}
	c->prev_step = c->line_step;
	c->have_prev = 1;
	c->line_time = v[0];
	memcpy(c->line_cell, v + 1, sizeof(c->line_cell));
	c->have_line = 1;
	return 1;
}

int
hop_cp2kcell_find(struct hop_cp2kcell *c, int64_t step, double cell[9],
    double *time_fs, struct hop_err *err)
{
	int r;

	for (;;) {
		if (!c->have_line) {
			if ((r = next_line(c, err)) < 0)
				return -1;
			if (r == 0) {
				if (c->have_prev)
					hop_err_set(err, "%s: no step %lld: the "
					    "file ends at step %lld", c->name,
					    (long long)step,
					    (long long)c->prev_step);
				else
					hop_err_set(err, "%s: no step %lld: no "
					    "cell line in the file", c->name,
					    (long long)step);
				return -1;
			}
		}
		if (c->line_step == step)
			break;
		if (c->line_step > step) {
			hop_err_set(err, "%s:%llu: no step %lld: the file goes "
			    "on to step %lld", c->name,
			    (unsigned long long)hop_input_lineno(c->in),
			    (long long)step, (long long)c->line_step);
			return -1;
		}
		c->have_line = 0;
	}
	memcpy(cell, c->line_cell, sizeof(c->line_cell));
	*time_fs = c->line_time;
	return 1;
}

void
hop_cp2kcell_free(struct hop_cp2kcell *c)
{
	free(c);
}
