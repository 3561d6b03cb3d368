/*
 * extxyz.c - see extxyz.h.
 *
 * The first frame's buffers grow as its atom lines arrive, so that an
 * atom count that lies costs no memory; later frames must have the same
 * count and reuse them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extxyz.h"
#include "numparse.h"

/* Shown in messages: at most 40 bytes of s. */
#define SHOW(s) (int)(strlen(s) > 40 ? 40 : strlen(s)), (s)

struct hop_extxyz {
	struct hop_input *in;
	const char *name;
	struct hop_xyz_info info;

	/* Atom line layout, from the current frame's Properties. */
	uint32_t ncols, col_species, col_pos;
	const char **tok;     /* ncols token starts of the current line */
	uint32_t tokcap;

	/* The current frame. */
	uint64_t ordinal;     /* of the next frame to read */
	uint64_t line;
	double cell[9];
	int has_cell;
	int pbc[3];           /* pbc=, 1 1 1 without it */
	uint32_t natoms;

	size_t cap;           /* atoms the buffers below hold */
	double *pos;
	uint32_t *atom_species;
	struct hop_species *species;
	uint32_t nspecies;

	char *scratch;        /* words of the comment line */
	size_t scratchcap;
	const char **keys;    /* its keys that have a value */
	size_t keycap;
	char *comment;        /* the comment line as written */
	size_t commentcap;
	int pending;          /* the first frame is read, not yet returned */
};

static uint64_t
lineno(const struct hop_extxyz *x)
{
	return hop_input_lineno(x->in);
}

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

static const char *
skip_blank(const char *p)
{
	while (blank(*p))
		p++;
	return p;
}

static const char *
token_end(const char *p)
{
	while (*p != '\0' && !blank(*p))
		p++;
	return p;
}

/*
 * Copy the word at *pp into *w (NUL-terminated) and advance both: a
 * "quoted" word, with \" and \\ escaped, or a bare one that ends at a
 * blank, or at '=' when stop_eq.  0, or -1 for a quote left open.
 */
static int
word(const char **pp, char **w, int stop_eq)
{
	const char *p = *pp;
	char *o = *w;

	if (*p == '"') {
		for (p++; *p != '"'; p++) {
			if (*p == '\0')
				return -1;
			if (*p == '\\' && p[1] != '\0')
				p++;
			*o++ = *p;
		}
		p++;
	} else {
		while (*p != '\0' && !blank(*p) && !(stop_eq && *p == '='))
			*o++ = *p++;
	}
	*o++ = '\0';
	*pp = p;
	*w = o;
	return 0;
}

/* Exactly n finite numbers separated by blanks in s. 0 or -1. */
static int
numbers(const char *s, int n, double *v)
{
	const char *p = skip_blank(s), *q;
	int k;

	for (k = 0; k < n; k++) {
		q = token_end(p);
		if (p == q || hop_parse_double(p, q, &v[k]) != q ||
		    !isfinite(v[k]))
			return -1;
		p = skip_blank(q);
	}
	return *p == '\0' ? 0 : -1;
}

/* Columns from a Properties value ("species:S:1:pos:R:3"). 0 or -1. */
static int
properties(struct hop_extxyz *x, const char *v, struct hop_err *err)
{
	char name[128], type[8];
	const char *p = v;
	uint64_t ncols = 0;
	int have_sp = 0, have_pos = 0;

	while (*p != '\0') {
		size_t nl = strcspn(p, ":"), tl;
		const char *q;
		char *end;
		unsigned long cnt;

		if (nl == 0 || nl >= sizeof(name) || p[nl] != ':')
			goto bad;
		memcpy(name, p, nl);
		name[nl] = '\0';
		q = p + nl + 1;
		tl = strcspn(q, ":");
		if (tl != 1 || q[1] != ':' || strchr("SRIL", q[0]) == NULL)
			goto bad;
		type[0] = q[0];
		type[1] = '\0';
		q += 2;
		if (*q < '1' || *q > '9')
			goto bad;
		cnt = strtoul(q, &end, 10);
		if (cnt > 1000 || (*end != ':' && *end != '\0'))
			goto bad;
		if (strcmp(name, "species") == 0) {
			if (type[0] != 'S' || cnt != 1)
				goto bad;
			x->col_species = (uint32_t)ncols;
			have_sp = 1;
		} else if (strcmp(name, "pos") == 0) {
			if (type[0] != 'R' || cnt != 3)
				goto bad;
			x->col_pos = (uint32_t)ncols;
			have_pos = 1;
		}
		if ((ncols += cnt) > 4096)
			goto bad;
		p = *end == ':' ? end + 1 : end;
	}
	if (!have_sp || !have_pos) {
		hop_err_set(err, "%s:%llu: Properties has no %s column",
		    x->name, (unsigned long long)lineno(x),
		    !have_sp ? "species:S:1" : "pos:R:3");
		return -1;
	}
	x->ncols = (uint32_t)ncols;
	return 0;
bad:
	hop_err_set(err, "%s:%llu: Properties '%.*s' is not a list of "
	    "name:type:count with species:S:1 and pos:R:3", x->name,
	    (unsigned long long)lineno(x), SHOW(v));
	return -1;
}

static int
key_cmp(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* key as the *n-th key of the comment line. 0 or -1. */
static int
add_key(struct hop_extxyz *x, size_t *n, const char *key,
    struct hop_err *err)
{
	if (*n == x->keycap) {
		size_t nc = x->keycap ? 2 * x->keycap : 16;
		const char **nk = realloc(x->keys, nc * sizeof(*nk));

		if (nk == NULL) {
			hop_err_set(err, "%s: out of memory", x->name);
			return -1;
		}
		x->keys = nk;
		x->keycap = nc;
	}
	x->keys[(*n)++] = key;
	return 0;
}

/*
 * The n keys of a comment line, each given a value: a key given twice
 * (in any case, as keys are matched) is an error, not the last value
 * silently winning.  0 or -1.
 */
static int
unique_keys(struct hop_extxyz *x, size_t n, struct hop_err *err)
{
	const char *first = NULL;
	size_t i, j;

	if (n < 2)
		return 0; /* x->keys may be NULL */
	qsort(x->keys, n, sizeof(*x->keys), key_cmp);
	/* Named as first written: the keys lie in line order in scratch. */
	for (i = 0; i < n; i = j) {
		const char *m = x->keys[i];

		for (j = i + 1; j < n && key_cmp(&x->keys[i],
		    &x->keys[j]) == 0; j++)
			if (x->keys[j] < m)
				m = x->keys[j];
		if (j - i > 1 && (first == NULL || m < first))
			first = m;
	}
	if (first != NULL) {
		hop_err_set(err, "%s:%llu: key '%.*s' is given twice in the "
		    "comment line", x->name, (unsigned long long)lineno(x),
		    SHOW(first));
		return -1;
	}
	return 0;
}

/* pbc's value s, three booleans (T, F, True, False, 1, 0, in any case),
 * into b.  0, or -1 when it is not that. */
static int
booleans(const char *s, int b[3])
{
	char w[8];
	int k, n;

	for (k = 0; k < 3; k++) {
		s = skip_blank(s);
		for (n = 0; *s != '\0' && *s != ' ' && *s != '\t' &&
		    n + 1 < (int)sizeof(w); s++)
			w[n++] = *s;
		w[n] = '\0';
		if (strcasecmp(w, "T") == 0 || strcasecmp(w, "True") == 0 ||
		    strcmp(w, "1") == 0)
			b[k] = 1;
		else if (strcasecmp(w, "F") == 0 ||
		    strcasecmp(w, "False") == 0 || strcmp(w, "0") == 0)
			b[k] = 0;
		else
			return -1;
	}
	return *skip_blank(s) == '\0' ? 0 : -1;
}

/* Read the comment line s: Lattice, pbc and Properties. 0 or -1. */
static int
comment(struct hop_extxyz *x, const char *s, size_t len, struct hop_err *err)
{
	const char *p = s, *key, *val;
	char *w;
	size_t nkeys = 0;
	int props = 0;

	if (2 * len + 2 > x->scratchcap) {
		char *nb = realloc(x->scratch, 2 * len + 2);

		if (nb == NULL) {
			hop_err_set(err, "%s: out of memory", x->name);
			return -1;
		}
		x->scratch = nb;
		x->scratchcap = 2 * len + 2;
	}
	w = x->scratch;
	x->has_cell = 0;
	x->pbc[0] = x->pbc[1] = x->pbc[2] = 1;
	for (;;) {
		p = skip_blank(p);
		if (*p == '\0')
			break;
		key = w;
		val = NULL;
		if (word(&p, &w, 1) != 0)
			goto open_quote;
		p = skip_blank(p);
		if (*p == '=') {
			p = skip_blank(p + 1);
			val = w;
			if (word(&p, &w, 0) != 0)
				goto open_quote;
			if (add_key(x, &nkeys, key, err) != 0)
				return -1;
		}
		if (strcasecmp(key, "Lattice") == 0) {
			if (val == NULL || numbers(val, 9, x->cell) != 0) {
				hop_err_set(err, "%s:%llu: Lattice '%.*s' is "
				    "not 9 finite numbers", x->name,
				    (unsigned long long)lineno(x),
				    SHOW(val != NULL ? val : ""));
				return -1;
			}
			x->has_cell = 1;
		} else if (strcasecmp(key, "pbc") == 0) {
			if (val == NULL || booleans(val, x->pbc) != 0) {
				hop_err_set(err, "%s:%llu: pbc '%.*s' is not "
				    "three of T and F", x->name,
				    (unsigned long long)lineno(x),
				    SHOW(val != NULL ? val : ""));
				return -1;
			}
		} else if (strcasecmp(key, "Properties") == 0) {
			if (properties(x, val != NULL ? val : "", err) != 0)
				return -1;
			props = 1;
		}
	}
	if (unique_keys(x, nkeys, err) != 0)
		return -1;
	if (!props) {
		/* Plain XYZ: species x y z. */
		x->ncols = 4;
		x->col_species = 0;
		x->col_pos = 1;
	}
	if (x->ncols > x->tokcap) {
		const char **nt = realloc(x->tok, x->ncols * sizeof(*nt));

		if (nt == NULL) {
			hop_err_set(err, "%s: out of memory", x->name);
			return -1;
		}
		x->tok = nt;
		x->tokcap = x->ncols;
	}
	return 0;
open_quote:
	hop_err_set(err, "%s:%llu: a quote in the comment line is not closed",
	    x->name, (unsigned long long)lineno(x));
	return -1;
}

/* Room for atom k of the first frame. 0 or -1. */
static int
grow(struct hop_extxyz *x, size_t k, struct hop_err *err)
{
	size_t ncap;
	void *a, *b;

	if (k < x->cap)
		return 0;
	ncap = x->cap ? 2 * x->cap : 1024;
	if (ncap > x->natoms)
		ncap = x->natoms;
	a = realloc(x->pos, 3 * ncap * sizeof(*x->pos));
	if (a != NULL)
		x->pos = a;
	b = realloc(x->atom_species, ncap * sizeof(*x->atom_species));
	if (b != NULL)
		x->atom_species = b;
	if (a == NULL || b == NULL) {
		hop_err_set(err, "%s: out of memory for %u atoms", x->name,
		    x->natoms);
		return -1;
	}
	x->cap = ncap;
	return 0;
}

/* The species index of name sp (len bytes) for atom k. 0 or -1. */
static int
species_of(struct hop_extxyz *x, const char *sp, size_t len, size_t k,
    struct hop_err *err)
{
	uint32_t s;

	if (x->ordinal > 0) {
		s = x->atom_species[k];
		if (strlen(x->species[s].name) == len &&
		    memcmp(x->species[s].name, sp, len) == 0)
			return 0;
		hop_err_set(err, "%s:%llu: atom %zu is '%.*s', but '%s' in the "
		    "first frame", x->name, (unsigned long long)lineno(x),
		    k + 1, (int)(len > 40 ? 40 : len), sp, x->species[s].name);
		return -1;
	}
	for (s = 0; s < x->nspecies; s++)
		if (strlen(x->species[s].name) == len &&
		    memcmp(x->species[s].name, sp, len) == 0)
			break;
	if (s == x->nspecies) {
		struct hop_species *ns;

		if (len > HOP_MAX_NAME || s == HOP_MAX_SPECIES) {
			hop_err_set(err, "%s:%llu: species '%.*s': %s",
			    x->name, (unsigned long long)lineno(x),
			    (int)(len > 40 ? 40 : len), sp,
			    len > HOP_MAX_NAME ? "name too long" :
			    "too many species");
			return -1;
		}
		if ((ns = realloc(x->species, (s + 1) * sizeof(*ns))) == NULL) {
			hop_err_set(err, "%s: out of memory", x->name);
			return -1;
		}
		x->species = ns;
		memcpy(ns[s].name, sp, len);
		ns[s].name[len] = '\0';
		ns[s].count = 0;
		x->nspecies++;
	}
	x->species[s].count++;
	x->atom_species[k] = s;
	return 0;
}

/* Parse atom line s, atom k of the frame. 0 or -1. */
static int
atom_line(struct hop_extxyz *x, const char *s, size_t k, struct hop_err *err)
{
	const char *p = skip_blank(s), *e;
	uint32_t n = 0;
	int j;

	while (*p != '\0') {
		if (n < x->ncols)
			x->tok[n] = p;
		n++;
		p = skip_blank(token_end(p));
	}
	if (n != x->ncols) {
		hop_err_set(err, "%s:%llu: expected %u fields, got %u",
		    x->name, (unsigned long long)lineno(x), x->ncols, n);
		return -1;
	}
	p = x->tok[x->col_species];
	if (species_of(x, p, (size_t)(token_end(p) - p), k, err) != 0)
		return -1;
	for (j = 0; j < 3; j++) {
		double *v = x->pos + 3 * k + j;

		p = x->tok[x->col_pos + (uint32_t)j];
		e = token_end(p);
		if (hop_parse_double(p, e, v) != e || !isfinite(*v)) {
			hop_err_set(err, "%s:%llu: coordinate '%.*s' is not a "
			    "finite number", x->name,
			    (unsigned long long)lineno(x),
			    (int)(e - p > 40 ? 40 : e - p), p);
			return -1;
		}
	}
	return 0;
}

/* Read one frame. 1, 0 at a clean end of input, -1 on error. */
static int
read_frame(struct hop_extxyz *x, struct hop_err *err)
{
	char *s;
	const char *p, *e;
	size_t len, k;
	uint64_t n = 0;
	int r, neg;

	do { /* blank lines between frames */
		if ((r = hop_input_line(x->in, &s, &len, err)) <= 0)
			return r;
	} while (*skip_blank(s) == '\0');
	x->line = lineno(x);
	p = skip_blank(s);
	e = token_end(p);
	/* A negative count is a whole number outside the range. */
	if ((neg = *p == '-' && e - p > 1))
		p++;
	/* Saturate: a count past the limit is refused, whatever its size. */
	for (; p < e && *p >= '0' && *p <= '9'; p++)
		if ((n = n * 10 + (uint64_t)(*p - '0')) > HOP_MAX_ATOMS)
			n = (uint64_t)HOP_MAX_ATOMS + 1;
	if (p != e || e == skip_blank(s) || *skip_blank(e) != '\0') {
		if (x->ordinal > 0)
			hop_err_set(err, "%s:%llu: expected the next frame's "
			    "atom count, got '%.*s'", x->name,
			    (unsigned long long)x->line, SHOW(s));
		else
			hop_err_set(err, "%s:%llu: the atom count '%.*s' is "
			    "not a whole number", x->name,
			    (unsigned long long)x->line, SHOW(s));
		return -1;
	}
	if (neg || n < 1 || n > HOP_MAX_ATOMS) {
		hop_err_set(err, "%s:%llu: atom count '%.*s' is outside "
		    "1..%u", x->name, (unsigned long long)x->line,
		    SHOW(skip_blank(s)), HOP_MAX_ATOMS);
		return -1;
	}
	if (x->ordinal > 0 && n != x->natoms) {
		hop_err_set(err, "%s:%llu: %llu atoms, but %u in the first "
		    "frame", x->name, (unsigned long long)x->line,
		    (unsigned long long)n, x->natoms);
		return -1;
	}
	x->natoms = (uint32_t)n;
	if ((r = hop_input_line(x->in, &s, &len, err)) < 0)
		return -1;
	if (r == 0) {
		hop_err_set(err, "%s:%llu: truncated frame: no comment line",
		    x->name, (unsigned long long)x->line + 1);
		return -1;
	}
	if (len + 1 > x->commentcap) {
		char *nb = realloc(x->comment, len + 1);

		if (nb == NULL) {
			hop_err_set(err, "%s: out of memory", x->name);
			return -1;
		}
		x->comment = nb;
		x->commentcap = len + 1;
	}
	memcpy(x->comment, s, len + 1);
	if (comment(x, s, len, err) != 0)
		return -1;
	for (k = 0; k < x->natoms; k++) {
		if ((r = hop_input_line(x->in, &s, &len, err)) < 0)
			return -1;
		if (r == 0) {
			hop_err_set(err, "%s:%llu: truncated frame: %zu of %u "
			    "atom lines", x->name,
			    (unsigned long long)lineno(x) + 1, k, x->natoms);
			return -1;
		}
		if (grow(x, k, err) != 0 || atom_line(x, s, k, err) != 0)
			return -1;
	}
	x->ordinal++;
	return 1;
}

struct hop_extxyz *
hop_extxyz_open(struct hop_input *in, struct hop_err *err)
{
	struct hop_extxyz *x = calloc(1, sizeof(*x));
	int r;

	if (x == NULL) {
		hop_err_set(err, "%s: out of memory", hop_input_name(in));
		return NULL;
	}
	x->in = in;
	x->name = hop_input_name(in);
	if ((r = read_frame(x, err)) <= 0) {
		if (r == 0)
			hop_err_set(err, "%s: no XYZ frame in the input",
			    x->name);
		hop_extxyz_free(x);
		return NULL;
	}
	x->info.natoms = x->natoms;
	x->info.nspecies = x->nspecies;
	x->info.species = x->species;
	x->info.atom_species = x->atom_species;
	x->pending = 1;
	return x;
}

const struct hop_xyz_info *
hop_extxyz_info(const struct hop_extxyz *x)
{
	return &x->info;
}

int
hop_extxyz_next(struct hop_extxyz *x, struct hop_xyz_frame *fr,
    struct hop_err *err)
{
	int r;

	if (x->pending)
		x->pending = 0;
	else if ((r = read_frame(x, err)) <= 0)
		return r;
	fr->ordinal = x->ordinal - 1;
	fr->line = x->line;
	fr->cell = x->has_cell ? x->cell : NULL;
	fr->pbc = x->pbc;
	fr->pos = x->pos;
	fr->comment = x->comment;
	return 1;
}

void
hop_extxyz_free(struct hop_extxyz *x)
{
	if (x == NULL)
		return;
	free(x->tok);
	free(x->pos);
	free(x->atom_species);
	free(x->species);
	free(x->scratch);
	free(x->keys);
	free(x->comment);
	free(x);
}
