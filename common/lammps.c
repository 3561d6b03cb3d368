/*
 * lammps.c - see lammps.h.
 *
 * A frame's atom lines are first stored in the order they come (buffers
 * that grow as lines arrive, so that a NUMBER OF ATOMS that lies costs no
 * memory), then scattered by id, which also catches duplicate ids.
 * Positions are converted as each line is parsed, since the frame's box
 * comes before its atoms.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "lammps.h"
#include "numparse.h"
#include "stream.h"

/* Position columns, in order of preference within a kind. */
enum pos_kind { K_XU, K_XSU, K_X, K_XS };
static const char *const pos_cols[4][3] = {
	{"xu", "yu", "zu"}, {"xsu", "ysu", "zsu"}, {"x", "y", "z"},
	{"xs", "ys", "zs"}
};
static const char *const img_cols[3] = {"ix", "iy", "iz"};

struct hop_lammps {
	struct hop_input *in;
	const char *name;
	struct hop_lmp_info info;
	char columns[32];

	/* Layout of an atom line, from the first frame's ATOMS line. */
	char *atoms_item;     /* that line, which later frames must repeat */
	uint32_t ncols;
	uint32_t col_id, col_type, col_pos[3], col_img[3], col_element;
	int kind;             /* enum pos_kind */
	int use_img;
	const char **tok;     /* ncols token starts of the current line */

	/* The current frame. */
	uint64_t ordinal;     /* of the next frame to read */
	uint64_t line;
	int64_t step;
	double cell[9], inv[9], origin[3], origin0[3];
	uint32_t natoms;

	/* Atom lines in file order (capacity cap), then by id. */
	size_t cap;
	uint32_t *ids, *types;
	double *rows;
	double *pos;          /* 3 x natoms by id */
	uint32_t *type0;      /* the first frame's types, by id */
	uint64_t *stamp;      /* frame ordinal + 1 where an id was last seen */
	uint32_t *row_of;     /* its row in that frame */

	char **element;       /* max_type names by type, or NULL */
	uint32_t max_type;
	int pending;          /* the first frame is read, not yet returned */
};

/* Next line; 1, 0 at the end, -1 on error. */
static int
get(struct hop_lammps *l, char **s, struct hop_err *err)
{
	size_t len;

	return hop_input_line(l->in, s, &len, err);
}

static uint64_t
lineno(const struct hop_lammps *l)
{
	return hop_input_lineno(l->in);
}

static const char *
skip_blank(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* If s is "ITEM: <key>...", the rest after key (blanks skipped), else
 * NULL.  key must end at a blank or the end of the line. */
static const char *
item(const char *s, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(s, "ITEM:", 5) != 0)
		return NULL;
	s = skip_blank(s + 5);
	if (strncmp(s, key, n) != 0 ||
	    (s[n] != '\0' && s[n] != ' ' && s[n] != '\t'))
		return NULL;
	return skip_blank(s + n);
}

/* A signed decimal integer filling [p, end).  0 or -1. */
static int
parse_i64(const char *p, const char *end, int64_t *out)
{
	int neg = 0;
	uint64_t v = 0;

	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	if (p == end)
		return -1;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

static const char *
token_end(const char *p)
{
	while (*p != '\0' && *p != ' ' && *p != '\t')
		p++;
	return p;
}

/* Shown in messages: at most 40 bytes of s. */
#define SHOW(s) (int)(strlen(s) > 40 ? 40 : strlen(s)), (s)

/* A line holding one integer. 0 or -1. */
static int
int_line(struct hop_lammps *l, const char *what, int64_t *v,
    struct hop_err *err)
{
	char *s;
	const char *p, *e;
	int r = get(l, &s, err);

	if (r < 0)
		return -1;
	if (r == 0) {
		hop_err_set(err, "%s:%llu: truncated frame: no %s line",
		    l->name, (unsigned long long)lineno(l) + 1, what);
		return -1;
	}
	p = skip_blank(s);
	e = token_end(p);
	if (parse_i64(p, e, v) != 0 || *skip_blank(e) != '\0') {
		hop_err_set(err, "%s:%llu: %s '%.*s' is not an integer",
		    l->name, (unsigned long long)lineno(l), what, SHOW(s));
		return -1;
	}
	return 0;
}

/* The next line, which must be the item key ("NUMBER OF ATOMS"); *rest
 * gets what follows the key.  0 or -1. */
static int
expect_item(struct hop_lammps *l, const char *key, const char **rest,
    struct hop_err *err)
{
	char *s;
	int r = get(l, &s, err);

	if (r < 0)
		return -1;
	if (r == 0) {
		hop_err_set(err, "%s:%llu: truncated frame: no 'ITEM: %s' "
		    "line", l->name, (unsigned long long)lineno(l) + 1, key);
		return -1;
	}
	if ((*rest = item(s, key)) == NULL) {
		hop_err_set(err, "%s:%llu: expected 'ITEM: %s', got '%.*s'",
		    l->name, (unsigned long long)lineno(l), key, SHOW(s));
		return -1;
	}
	return 0;
}

/* Exactly n finite numbers on the next line. 0 or -1. */
static int
numbers_line(struct hop_lammps *l, int n, double *v, struct hop_err *err)
{
	char *s;
	const char *p, *q;
	int r = get(l, &s, err), k;

	if (r < 0)
		return -1;
	if (r == 0) {
		hop_err_set(err, "%s:%llu: truncated frame: box bounds line "
		    "missing", l->name, (unsigned long long)lineno(l) + 1);
		return -1;
	}
	p = skip_blank(s);
	for (k = 0; k < n; k++) {
		q = token_end(p);
		if (p == q) {
			hop_err_set(err, "%s:%llu: box bounds: expected %d "
			    "numbers, got %d", l->name,
			    (unsigned long long)lineno(l), n, k);
			return -1;
		}
		if (hop_parse_double(p, q, &v[k]) != q || !isfinite(v[k])) {
			hop_err_set(err, "%s:%llu: box bounds: '%.*s' is not "
			    "a finite number", l->name,
			    (unsigned long long)lineno(l), (int)(q - p > 40 ?
			    40 : q - p), p);
			return -1;
		}
		p = skip_blank(q);
	}
	if (*p != '\0') {
		hop_err_set(err, "%s:%llu: box bounds: more than %d numbers",
		    l->name, (unsigned long long)lineno(l), n);
		return -1;
	}
	return 0;
}

/*
 * The boundary flags after "ITEM: BOX BOUNDS" (and its "xy xz yz" or
 * "abc origin"): none (dumps before LAMMPS 2009, taken as periodic) or
 * three, one per axis, each "pp" or two of f, s, m (LAMMPS's boundary
 * command: a side is periodic only with the other).  per[k] = 1 for a
 * periodic axis.  0, or -1 with err set.
 */
static int
read_boundary(struct hop_lammps *l, const char *rest, int per[3],
    struct hop_err *err)
{
	const char *p = skip_blank(rest), *q;
	int k;

	if (strncmp(p, "xy xz yz", 8) == 0)
		p = skip_blank(p + 8);
	else if (strncmp(p, "abc origin", 10) == 0)
		p = skip_blank(p + 10);
	if (*p == '\0') {
		per[0] = per[1] = per[2] = 1;
		return 0;
	}
	for (k = 0; k < 3; k++) {
		q = token_end(p);
		if (q - p != 2 || strchr("pfsm", p[0]) == NULL ||
		    strchr("pfsm", p[1]) == NULL || p[0] == '\0' ||
		    p[1] == '\0' || ((p[0] == 'p') != (p[1] == 'p'))) {
			hop_err_set(err, "%s:%llu: box bounds: '%.*s' is not a "
			    "LAMMPS boundary of %c (want pp, or two of f, s "
			    "and m)", l->name, (unsigned long long)lineno(l),
			    (int)(q - p > 20 ? 20 : q - p), p, "xyz"[k]);
			return -1;
		}
		per[k] = p[0] == 'p';
		p = skip_blank(q);
	}
	if (*p != '\0') {
		hop_err_set(err, "%s:%llu: box bounds: '%.20s' after the three "
		    "boundaries", l->name, (unsigned long long)lineno(l), p);
		return -1;
	}
	return 0;
}

/*
 * The box: orthogonal "lo hi" lines; LAMMPS's restricted triclinic
 * "xy xz yz" form, whose lo/hi are a bounding box that the tilts widen
 * (undone as the LAMMPS manual's Howto triclinic says); or the general
 * triclinic "abc origin" form, one edge vector and an origin component
 * per line.
 */
static int
read_box(struct hop_lammps *l, struct hop_err *err)
{
	const char *rest;
	double v[3][4], inv[9];
	int k, tri, gen, per[3];
	uint64_t at;

	if (expect_item(l, "BOX BOUNDS", &rest, err) != 0 ||
	    read_boundary(l, rest, per, err) != 0)
		return -1;
	at = lineno(l);
	if (l->ordinal == 0) {
		memcpy(l->info.periodic, per, sizeof(per));
	} else if (memcmp(l->info.periodic, per, sizeof(per)) != 0) {
		hop_err_set(err, "%s:%llu: box bounds: the boundaries differ "
		    "from the first frame's", l->name,
		    (unsigned long long)at);
		return -1;
	}
	tri = strncmp(rest, "xy xz yz", 8) == 0;
	gen = strncmp(rest, "abc origin", 10) == 0;
	for (k = 0; k < 3; k++)
		if (numbers_line(l, gen ? 4 : tri ? 3 : 2, v[k], err) != 0)
			return -1;
	memset(l->cell, 0, sizeof(l->cell));
	if (gen) {
		for (k = 0; k < 3; k++) {
			memcpy(l->cell + 3 * k, v[k], 3 * sizeof(double));
			l->origin[k] = v[k][3];
		}
	} else {
		double xy = tri ? v[0][2] : 0, xz = tri ? v[1][2] : 0;
		double yz = tri ? v[2][2] : 0;
		double lo = fmin(fmin(0.0, xy), fmin(xz, xy + xz));
		double hi = fmax(fmax(0.0, xy), fmax(xz, xy + xz));
		double xlo = v[0][0] - lo, xhi = v[0][1] - hi;
		double ylo = v[1][0] - fmin(0.0, yz);
		double yhi = v[1][1] - fmax(0.0, yz);

		l->cell[0] = xhi - xlo;
		l->cell[3] = xy;
		l->cell[4] = yhi - ylo;
		l->cell[6] = xz;
		l->cell[7] = yz;
		l->cell[8] = v[2][1] - v[2][0];
		l->origin[0] = xlo;
		l->origin[1] = ylo;
		l->origin[2] = v[2][0];
	}
	if (hop_cell_inverse(l->cell, inv) != 0 || hop_cell_det(l->cell) <= 0) {
		hop_err_set(err, "%s:%llu: the box is degenerate (zero or "
		    "negative volume)", l->name, (unsigned long long)at);
		return -1;
	}
	memcpy(l->inv, inv, sizeof(inv));
	return 0;
}

/* Index of column name among the n columns names[], or UINT32_MAX. */
static uint32_t
col_index(char **names, uint32_t n, const char *name)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return UINT32_MAX;
}

/* Do all three columns of set exist?  Their indices into col[3]. */
static int
have3(char **names, uint32_t n, const char *const set[3], uint32_t col[3])
{
	int k;

	for (k = 0; k < 3; k++)
		if ((col[k] = col_index(names, n, set[k])) == UINT32_MAX)
			return 0;
	return 1;
}

/* Learn the layout of atom lines from the first frame's ATOMS line. */
static int
parse_columns(struct hop_lammps *l, const char *rest, struct hop_err *err)
{
	char *copy = strdup(rest), *p, **names = NULL;
	uint32_t n = 0, i, j;
	int ret = -1, k;
	static const int order[4] = {K_XU, K_XSU, K_X, K_XS};

	if (copy == NULL)
		goto nomem;
	for (p = copy; *p; ) {
		p = (char *)skip_blank(p);
		if (*p == '\0')
			break;
		n++;
		p = (char *)token_end(p);
	}
	if (n == 0 || n > 4096) {
		hop_err_set(err, "%s:%llu: %u ATOMS columns", l->name,
		    (unsigned long long)lineno(l), n);
		goto out;
	}
	if ((names = calloc(n, sizeof(*names))) == NULL ||
	    (l->tok = calloc(n, sizeof(*l->tok))) == NULL)
		goto nomem;
	for (i = 0, p = copy; i < n; i++) {
		p = (char *)skip_blank(p);
		names[i] = p;
		p = (char *)token_end(p);
		if (*p != '\0')
			*p++ = '\0';
		for (j = 0; j < i; j++)
			if (strcmp(names[j], names[i]) == 0) {
				hop_err_set(err, "%s:%llu: ATOMS column '%.*s' "
				    "given twice", l->name,
				    (unsigned long long)lineno(l),
				    SHOW(names[i]));
				goto out;
			}
	}
	l->ncols = n;
	l->col_id = col_index(names, n, "id");
	l->col_type = col_index(names, n, "type");
	if (l->col_id == UINT32_MAX || l->col_type == UINT32_MAX) {
		hop_err_set(err, "%s:%llu: the ATOMS columns have no '%s'",
		    l->name, (unsigned long long)lineno(l),
		    l->col_id == UINT32_MAX ? "id" : "type");
		goto out;
	}
	l->use_img = have3(names, n, img_cols, l->col_img);
	l->kind = -1;
	for (k = 0; k < 4 && l->kind < 0; k++)
		if (have3(names, n, pos_cols[order[k]], l->col_pos))
			l->kind = order[k];
	if (l->kind < 0) {
		hop_err_set(err, "%s:%llu: the ATOMS columns have no positions "
		    "(x y z, xs ys zs, xu yu zu or xsu ysu zsu)", l->name,
		    (unsigned long long)lineno(l));
		goto out;
	}
	if (l->kind == K_XU || l->kind == K_XSU)
		l->use_img = 0;
	l->col_element = col_index(names, n, "element");
	if (l->col_element != UINT32_MAX) {
		if ((l->element = calloc(l->max_type, sizeof(char *))) == NULL)
			goto nomem;
		l->info.element = (const char *const *)l->element;
	}
	l->info.coords = (l->kind == K_XU || l->kind == K_XSU || l->use_img) ?
	    HOP_COORDS_CARTESIAN_UNWRAPPED : HOP_COORDS_FRACTIONAL;
	snprintf(l->columns, sizeof(l->columns), "%s %s %s%s",
	    pos_cols[l->kind][0], pos_cols[l->kind][1], pos_cols[l->kind][2],
	    l->use_img ? " + ix iy iz" : "");
	l->info.columns = l->columns;
	ret = 0;
	goto out;
nomem:
	hop_err_set(err, "%s: out of memory", l->name);
out:
	free(names);
	free(copy);
	return ret;
}

/* Make room for row k of the current frame (buffers grow only as lines
 * arrive). 0 or -1. */
static int
grow(struct hop_lammps *l, size_t k, struct hop_err *err)
{
	size_t ncap;
	void *a, *b, *c;

	if (k < l->cap)
		return 0;
	ncap = l->cap ? 2 * l->cap : 1024;
	if (ncap > l->natoms)
		ncap = l->natoms;
	a = realloc(l->ids, ncap * sizeof(*l->ids));
	if (a != NULL)
		l->ids = a;
	b = realloc(l->types, ncap * sizeof(*l->types));
	if (b != NULL)
		l->types = b;
	c = realloc(l->rows, 3 * ncap * sizeof(*l->rows));
	if (c != NULL)
		l->rows = c;
	if (a == NULL || b == NULL || c == NULL) {
		hop_err_set(err, "%s: out of memory for %u atoms", l->name,
		    l->natoms);
		return -1;
	}
	l->cap = ncap;
	return 0;
}

/* Position of one atom line in the output kind (see lammps.h). */
static void
convert(const struct hop_lammps *l, const double v[3], const double img[3],
    double out[3])
{
	double s[3], r[3];
	int k;

	switch (l->kind) {
	case K_XU:
		for (k = 0; k < 3; k++)
			out[k] = v[k] - l->origin0[k];
		return;
	case K_XSU:
	case K_XS:
		if (l->kind == K_XS && !l->use_img) {
			memcpy(out, v, 3 * sizeof(double));
			return;
		}
		for (k = 0; k < 3; k++)
			s[k] = v[k] + img[k];
		hop_frac_to_cart(s, l->cell, r);
		for (k = 0; k < 3; k++)
			out[k] = r[k] + l->origin[k] - l->origin0[k];
		return;
	default: /* K_X */
		if (l->use_img) {
			hop_frac_to_cart(img, l->cell, r);
			for (k = 0; k < 3; k++)
				out[k] = v[k] + r[k] - l->origin0[k];
		} else {
			for (k = 0; k < 3; k++)
				s[k] = v[k] - l->origin[k];
			hop_cart_to_frac(s, l->inv, out);
		}
	}
}

/*
 * Check the element column's token p for an atom of type t: a species
 * name (printable, no blank or comma, at most HOP_MAX_NAME bytes), the
 * same for every atom of the type.  The first one seen is kept.
 */
static int
type_element(struct hop_lammps *l, uint32_t t, const char *p,
    struct hop_err *err)
{
	const char *e = token_end(p), *q;
	size_t len = (size_t)(e - p);
	char **name = &l->element[t - 1];

	for (q = p; q < e; q++)
		if (*q < '!' || *q > '~' || *q == ',')
			break;
	if (q < e || len > HOP_MAX_NAME) {
		hop_err_set(err, "%s:%llu: element '%.*s' is not a species "
		    "name (printable, no comma, at most %u bytes)", l->name,
		    (unsigned long long)lineno(l), (int)(len > 40 ? 40 : len),
		    p, HOP_MAX_NAME);
		return -1;
	}
	if (*name == NULL) {
		if ((*name = malloc(len + 1)) == NULL) {
			hop_err_set(err, "%s: out of memory", l->name);
			return -1;
		}
		memcpy(*name, p, len);
		(*name)[len] = '\0';
	} else if (strlen(*name) != len || memcmp(*name, p, len) != 0) {
		hop_err_set(err, "%s:%llu: atom type %u is element '%.*s' "
		    "here but '%s' on an earlier line", l->name,
		    (unsigned long long)lineno(l), t, (int)len, p, *name);
		return -1;
	}
	return 0;
}

/* Parse atom line s (row k of the frame) into the row buffers. */
static int
atom_line(struct hop_lammps *l, char *s, size_t k, struct hop_err *err)
{
	const char *p = skip_blank(s), *e;
	uint32_t n = 0;
	int64_t id, type, iv;
	double v[3], img[3] = {0, 0, 0};
	int j;

	while (*p != '\0') {
		if (n < l->ncols)
			l->tok[n] = p;
		n++;
		p = skip_blank(token_end(p));
	}
	if (n != l->ncols) {
		hop_err_set(err, "%s:%llu: expected %u fields, got %u",
		    l->name, (unsigned long long)lineno(l), l->ncols, n);
		return -1;
	}
	p = l->tok[l->col_id];
	e = token_end(p);
	if (parse_i64(p, e, &id) != 0) {
		hop_err_set(err, "%s:%llu: atom id '%.*s' is not an integer",
		    l->name, (unsigned long long)lineno(l),
		    (int)(e - p > 40 ? 40 : e - p), p);
		return -1;
	}
	if (id < 1 || id > l->natoms) {
		hop_err_set(err, "%s:%llu: atom id %lld is outside 1..%u (ids "
		    "must run from 1 to the number of atoms)", l->name,
		    (unsigned long long)lineno(l), (long long)id, l->natoms);
		return -1;
	}
	p = l->tok[l->col_type];
	e = token_end(p);
	if (parse_i64(p, e, &type) != 0 || type < 1) {
		hop_err_set(err, "%s:%llu: atom type '%.*s' is not a positive "
		    "integer", l->name, (unsigned long long)lineno(l),
		    (int)(e - p > 40 ? 40 : e - p), p);
		return -1;
	}
	if (type > l->max_type) {
		hop_err_set(err, "%s:%llu: atom type %lld %s %u", l->name,
		    (unsigned long long)lineno(l), (long long)type,
		    l->max_type == HOP_LMP_MAX_TYPE ? "is above the limit of" :
		    "has no name: names given for types 1 to", l->max_type);
		return -1;
	}
	if (l->element != NULL &&
	    type_element(l, (uint32_t)type, l->tok[l->col_element], err) != 0)
		return -1;
	for (j = 0; j < 3; j++) {
		p = l->tok[l->col_pos[j]];
		e = token_end(p);
		if (hop_parse_double(p, e, &v[j]) != e || !isfinite(v[j])) {
			hop_err_set(err, "%s:%llu: coordinate '%.*s' is not a "
			    "finite number", l->name,
			    (unsigned long long)lineno(l),
			    (int)(e - p > 40 ? 40 : e - p), p);
			return -1;
		}
		if (!l->use_img)
			continue;
		p = l->tok[l->col_img[j]];
		e = token_end(p);
		if (parse_i64(p, e, &iv) != 0 || iv < -(1 << 30) ||
		    iv > (1 << 30)) {
			hop_err_set(err, "%s:%llu: image flag '%.*s' is not an "
			    "integer", l->name, (unsigned long long)lineno(l),
			    (int)(e - p > 40 ? 40 : e - p), p);
			return -1;
		}
		img[j] = (double)iv;
	}
	l->ids[k] = (uint32_t)id;
	l->types[k] = (uint32_t)type;
	convert(l, v, img, l->rows + 3 * k);
	return 0;
}

/* Put the rows in id order, checking ids and types. 0 or -1. */
static int
scatter(struct hop_lammps *l, uint64_t first_line, struct hop_err *err)
{
	uint32_t k, n = l->natoms, a;
	uint64_t stamp = l->ordinal + 1;

	if (l->pos == NULL) {
		if ((l->pos = malloc(3 * (size_t)n * sizeof(double))) == NULL ||
		    (l->type0 = malloc((size_t)n * sizeof(uint32_t))) == NULL ||
		    (l->stamp = calloc(n, sizeof(uint64_t))) == NULL ||
		    (l->row_of = malloc((size_t)n * sizeof(uint32_t))) == NULL) {
			hop_err_set(err, "%s: out of memory for %u atoms",
			    l->name, n);
			return -1;
		}
	}
	for (k = 0; k < n; k++) {
		a = l->ids[k] - 1;
		if (l->stamp[a] == stamp) {
			hop_err_set(err, "%s:%llu: atom id %u given twice in "
			    "this frame (also on line %llu)", l->name,
			    (unsigned long long)(first_line + k), a + 1,
			    (unsigned long long)(first_line + l->row_of[a]));
			return -1;
		}
		l->stamp[a] = stamp;
		l->row_of[a] = k;
		if (l->ordinal == 0) {
			l->type0[a] = l->types[k];
			if (l->types[k] > l->info.ntypes)
				l->info.ntypes = l->types[k];
		} else if (l->type0[a] != l->types[k]) {
			hop_err_set(err, "%s:%llu: atom id %u has type %u, but "
			    "type %u in the first frame", l->name,
			    (unsigned long long)(first_line + k), a + 1,
			    l->types[k], l->type0[a]);
			return -1;
		}
		memcpy(l->pos + 3 * (size_t)a, l->rows + 3 * (size_t)k,
		    3 * sizeof(double));
	}
	return 0;
}

/* Read one frame. 1, 0 at a clean end of input, -1 on error. */
static int
read_frame(struct hop_lammps *l, struct hop_err *err)
{
	char *s;
	const char *rest;
	int64_t v;
	uint64_t first_line;
	size_t k;
	int r;

	/* Blank lines between frames; UNITS and TIME items before one. */
	for (;;) {
		if ((r = get(l, &s, err)) <= 0)
			return r;
		if (*skip_blank(s) == '\0')
			continue;
		if ((rest = item(s, "UNITS")) != NULL && *rest == '\0') {
			if ((r = get(l, &s, err)) < 0)
				return -1;
			if (r == 0 || (strcmp(skip_blank(s), "real") != 0 &&
			    strcmp(skip_blank(s), "metal") != 0)) {
				hop_err_set(err, "%s:%llu: units '%.*s': only "
				    "real and metal units give lengths in "
				    "Angstrom", l->name,
				    (unsigned long long)lineno(l),
				    SHOW(r ? s : ""));
				return -1;
			}
			continue;
		}
		if ((rest = item(s, "TIME")) != NULL && *rest == '\0') {
			/* The elapsed time, in the run's units: unused. */
			if ((r = get(l, &s, err)) < 0)
				return -1;
			if (r == 0) {
				hop_err_set(err, "%s:%llu: truncated frame: no "
				    "TIME line", l->name,
				    (unsigned long long)lineno(l) + 1);
				return -1;
			}
			continue;
		}
		break;
	}
	if ((rest = item(s, "TIMESTEP")) == NULL || *rest != '\0') {
		hop_err_set(err, "%s:%llu: expected 'ITEM: TIMESTEP', got "
		    "'%.*s'", l->name, (unsigned long long)lineno(l), SHOW(s));
		return -1;
	}
	l->line = lineno(l);
	if (int_line(l, "TIMESTEP", &l->step, err) != 0 ||
	    expect_item(l, "NUMBER OF ATOMS", &rest, err) != 0 ||
	    int_line(l, "NUMBER OF ATOMS", &v, err) != 0)
		return -1;
	if (v < 1 || (uint64_t)v > HOP_MAX_ATOMS) {
		hop_err_set(err, "%s:%llu: atom count '%lld' is outside 1..%u",
		    l->name, (unsigned long long)lineno(l), (long long)v,
		    HOP_MAX_ATOMS);
		return -1;
	}
	if (l->ordinal > 0 && (uint32_t)v != l->natoms) {
		hop_err_set(err, "%s:%llu: %lld atoms, but %u in the first "
		    "frame", l->name, (unsigned long long)lineno(l),
		    (long long)v, l->natoms);
		return -1;
	}
	l->natoms = (uint32_t)v;
	if (read_box(l, err) != 0 ||
	    expect_item(l, "ATOMS", &rest, err) != 0)
		return -1;
	if (l->ordinal == 0) {
		if (parse_columns(l, rest, err) != 0)
			return -1;
		if ((l->atoms_item = strdup(rest)) == NULL) {
			hop_err_set(err, "%s: out of memory", l->name);
			return -1;
		}
		memcpy(l->origin0, l->origin, sizeof(l->origin0));
	} else if (strcmp(rest, l->atoms_item) != 0) {
		hop_err_set(err, "%s:%llu: the ATOMS columns differ from the "
		    "first frame's", l->name, (unsigned long long)lineno(l));
		return -1;
	}
	first_line = lineno(l) + 1;
	for (k = 0; k < l->natoms; k++) {
		if ((r = get(l, &s, err)) < 0)
			return -1;
		if (r == 0 || strncmp(s, "ITEM:", 5) == 0) {
			hop_err_set(err, "%s:%llu: truncated frame: %zu of %u "
			    "atom lines", l->name, (unsigned long long)lineno(l) +
			    (r == 0), k, l->natoms);
			return -1;
		}
		if (grow(l, k, err) != 0 || atom_line(l, s, k, err) != 0)
			return -1;
	}
	if (scatter(l, first_line, err) != 0)
		return -1;
	l->ordinal++;
	return 1;
}

struct hop_lammps *
hop_lammps_open(struct hop_input *in, uint32_t max_type,
    struct hop_err *err)
{
	struct hop_lammps *l = calloc(1, sizeof(*l));
	int r;

	if (l == NULL) {
		hop_err_set(err, "%s: out of memory", hop_input_name(in));
		return NULL;
	}
	l->in = in;
	l->name = hop_input_name(in);
	l->max_type = max_type < HOP_LMP_MAX_TYPE ? max_type :
	    HOP_LMP_MAX_TYPE;
	if ((r = read_frame(l, err)) <= 0) {
		if (r == 0)
			hop_err_set(err, "%s: no LAMMPS dump frame in the input",
			    l->name);
		hop_lammps_free(l);
		return NULL;
	}
	l->info.natoms = l->natoms;
	l->info.type = l->type0;
	l->pending = 1;
	return l;
}

const struct hop_lmp_info *
hop_lammps_info(const struct hop_lammps *l)
{
	return &l->info;
}

int
hop_lammps_next(struct hop_lammps *l, struct hop_lmp_frame *fr,
    struct hop_err *err)
{
	int r;

	if (l->pending)
		l->pending = 0;
	else if ((r = read_frame(l, err)) <= 0)
		return r;
	fr->ordinal = l->ordinal - 1;
	fr->line = l->line;
	fr->step = l->step;
	fr->cell = l->cell;
	fr->origin = l->origin;
	fr->pos = l->pos;
	return 1;
}

void
hop_lammps_free(struct hop_lammps *l)
{
	uint32_t t;

	if (l == NULL)
		return;
	if (l->element != NULL)
		for (t = 0; t < l->max_type; t++)
			free(l->element[t]);
	free(l->element);
	free(l->atoms_item);
	free(l->tok);
	free(l->ids);
	free(l->types);
	free(l->rows);
	free(l->pos);
	free(l->type0);
	free(l->stamp);
	free(l->row_of);
	free(l);
}
