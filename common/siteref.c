/*
 * siteref.c - site sets, and reading them from a POSCAR or an XYZ frame
 * (see siteref.h).
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "extxyz.h"
#include "input.h"
#include "list.h"
#include "numparse.h"
#include "siteref.h"
#include "species.h"
#include "vaspscale.h"

#define PI 3.14159265358979323846

void
hop_siteset_init(struct hop_siteset *s)
{
	memset(s, 0, sizeof(*s));
}

void
hop_siteset_free(struct hop_siteset *s)
{
	free(s->frac);
	free(s->label);
	free(s->type);
	free(s->type_name);
	hop_siteset_init(s);
}

int
hop_siteset_alloc(struct hop_siteset *s, size_t n, struct hop_err *err)
{
	hop_siteset_init(s);
	s->frac = calloc(n ? 3 * n : 1, sizeof(double));
	s->label = calloc(n ? n : 1, sizeof(*s->label));
	s->type = calloc(n ? n : 1, sizeof(uint32_t));
	s->type_name = calloc(1, sizeof(*s->type_name));
	if (s->frac == NULL || s->label == NULL || s->type == NULL ||
	    s->type_name == NULL) {
		hop_siteset_free(s);
		hop_err_set(err, "out of memory");
		return -1;
	}
	s->n = n;
	s->ntypes = 1;
	strcpy(s->type_name[0], "A");
	return 0;
}

int
hop_siteset_types_from_labels(struct hop_siteset *s, struct hop_err *err)
{
	size_t i, k, nt = 0;
	char (*names)[HOP_SITE_LABEL_MAX + 1];

	names = calloc(s->n ? s->n : 1, sizeof(*names));
	if (names == NULL) {
		hop_err_set(err, "out of memory");
		return -1;
	}
	for (i = 0; i < s->n; i++) {
		for (k = 0; k < nt; k++)
			if (strcmp(names[k], s->label[i]) == 0)
				break;
		if (k == nt)
			memcpy(names[nt++], s->label[i], sizeof(names[0]));
		s->type[i] = (uint32_t)k;
	}
	if (nt == 0)
		strcpy(names[nt++], "A");
	free(s->type_name);
	s->type_name = names;
	s->ntypes = nt;
	return 0;
}

void
hop_siteref_free(struct hop_siteref *r)
{
	free(r->cart);
	free(r->label);
	memset(r, 0, sizeof(*r));
}

/* The blank-separated words of line into w (at most max); their count. */
static size_t
split_words(char *line, char **w, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		w[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

/* The whole word w as a finite number. 0 or -1. */
static int
word_double(const char *w, double *v)
{
	const char *end = w + strlen(w);
	const char *p = hop_parse_double(w, end, v);

	return p == end && isfinite(*v) ? 0 : -1;
}

/* Next line of in (its length into *lenp unless NULL), or an error
 * "FILE:LINE: unexpected end of file (WANT)".  1 with a line, -1 on
 * error. */
static int
need_line_len(struct hop_input *in, char **line, size_t *lenp,
    const char *want, struct hop_err *err)
{
	size_t len;
	int st = hop_input_line(in, line, &len, err);

	if (lenp != NULL)
		*lenp = len;

	if (st == 1)
		return 1;
	if (st == 0)
		hop_err_set(err, "%s:%llu: unexpected end of file (want %s)",
		    hop_input_name(in),
		    (unsigned long long)hop_input_lineno(in) + 1, want);
	return -1;
}

static int
need_line(struct hop_input *in, char **line, const char *want,
    struct hop_err *err)
{
	return need_line_len(in, line, NULL, want, err);
}

/* Whether the species name sp is chosen by the list (NULL: all). */
static int
chosen(const struct hop_list *l, const char *sp)
{
	return l->n == 0 || hop_list_find(l, sp) >= 0;
}

/* Every name of l must be among the nsp names; an empty l with several
 * species takes fallback when it is among them, else the one of them of
 * fallback's element (hop_species_same_element: "F_s" ions take the
 * sites of a reference's F, F ions those of its "F/77cd").  0 or -1. */
static int
check_chosen(struct hop_list *l, char names[][HOP_SITE_LABEL_MAX + 1],
    size_t nsp, const char *fallback, const char *file, struct hop_err *err)
{
	size_t i, k;
	char known[512];

	known[0] = '\0';
	for (k = 0; k < nsp; k++) {
		size_t len = strlen(known);

		snprintf(known + len, sizeof(known) - len, "%s%s",
		    k ? ", " : "", names[k]);
	}
	for (i = 0; i < l->n; i++) {
		for (k = 0; k < nsp; k++)
			if (strcmp(l->v[i], names[k]) == 0)
				break;
		if (k == nsp) {
			hop_err_set(err, "%s: no species '%s' (it has %s)",
			    file, l->v[i], known);
			return -1;
		}
	}
	if (l->n == 0 && nsp > 1 && fallback != NULL) {
		size_t pick = nsp, hit = nsp, same = 0;

		for (k = 0; k < nsp; k++) {
			if (strcmp(names[k], fallback) == 0)
				pick = k;
			else if (hop_species_same_element(names[k],
			    fallback)) {
				/* A name written twice is one species. */
				if (same == 0 || strcmp(names[k],
				    names[hit]) != 0)
					same++;
				hit = k;
			}
		}
		/* Else by element, when one species alone is of it. */
		if (pick == nsp && same == 1)
			pick = hit;
		if (pick < nsp) {
			if (hop_list_add(l, names[pick]) != 0) {
				hop_err_set(err, "out of memory");
				return -1;
			}
			return 0;
		}
	}
	if (l->n == 0 && nsp > 1) {
		hop_err_set(err, "%s: %zu species (%s): choose the sites' species "
		    "with --site-species", file, nsp, known);
		return -1;
	}
	return 0;
}

/*
 * A site's coordinates v (cart: Cartesian, A, else fractional) beyond
 * HOP_SITE_CART_MAX or HOP_SITE_FRAC_MAX in size: -1 with err
 * "FILE:LINE: coordinate 'W' is out of range (more than 1e+06 A from
 * the origin)", W the word written (words[d]; the value when words is
 * NULL), the parenthesis ended by more; else 0.
 */
static int
out_of_range(const double v[3], char *const *words, int cart,
    const char *name, unsigned long long line, const char *more,
    struct hop_err *err)
{
	double max = cart ? HOP_SITE_CART_MAX : HOP_SITE_FRAC_MAX;
	char num[32];
	int d;

	for (d = 0; d < 3; d++)
		if (!(fabs(v[d]) <= max))
			break;
	if (d == 3)
		return 0;
	if (words == NULL)
		snprintf(num, sizeof(num), "%.9g", v[d]);
	hop_err_set(err, "%s:%llu: coordinate '%.40s' is out of range (more "
	    "than %g %s from the origin%s)", name, line,
	    words != NULL ? words[d] : num, max, cart ? "A" : "cells", more);
	return -1;
}

#define POSCAR_MAX_SPECIES 64

/* Room for twice the sites r holds (at least 64): 0 or -1. */
static int
grow(struct hop_siteref *r, size_t *cap)
{
	size_t n = *cap ? 2 * *cap : 64;
	double *c;
	char (*l)[HOP_SITE_LABEL_MAX + 1];

	if (n > SIZE_MAX / (3 * sizeof(double)))
		return -1;
	if ((c = realloc(r->cart, 3 * n * sizeof(double))) == NULL)
		return -1;
	r->cart = c;
	if ((l = realloc(r->label, n * sizeof(*l))) == NULL)
		return -1;
	r->label = l;
	*cap = n;
	return 0;
}

static int
read_poscar(struct hop_input *in, struct hop_list *want, const char *fb,
    struct hop_siteref *r, struct hop_err *err)
{
	char *line, *w[POSCAR_MAX_SPECIES + 1];
	char names[POSCAR_MAX_SPECIES][HOP_SITE_LABEL_MAX + 1];
	unsigned long long count[POSCAR_MAX_SPECIES];
	size_t nsp, i, k, nw, total = 0, atom, cap = 0, len;
	double sc[3], cscale[3], raw[9], lat[9], inv[9], vol;
	int cart = 0, nsc;
	const char *name = hop_input_name(in);

	if (need_line(in, &line, "the comment line", err) < 0)
		return -1;
	if (need_line_len(in, &line, &len, "the scale factor", err) < 0)
		return -1;
	if (hop_vasp_scale_parse(name, hop_input_lineno(in), line, len, sc,
	    &nsc, err) != 0)
		return -1;
	for (i = 0; i < 3; i++) {
		if (need_line(in, &line, "a lattice vector", err) < 0)
			return -1;
		if (split_words(line, w, 3) < 3 ||
		    word_double(w[0], &raw[3 * i]) ||
		    word_double(w[1], &raw[3 * i + 1]) ||
		    word_double(w[2], &raw[3 * i + 2])) {
			hop_err_set(err, "%s:%llu: expected a lattice vector "
			    "(3 numbers)", name,
			    (unsigned long long)hop_input_lineno(in));
			return -1;
		}
	}
	vol = hop_cell_det(raw);
	if (!(fabs(vol) > 0)) {
		hop_err_set(err, "%s: the lattice vectors span no volume",
		    name);
		return -1;
	}
	hop_vasp_scale_apply(sc, nsc, raw, lat, cscale);
	if (!isfinite(hop_cell_det(lat)) || hop_cell_inverse(lat, inv) != 0) {
		hop_err_set(err, "%s: the lattice vectors times the scale "
		    "factor are not a finite cell", name);
		return -1;
	}
	if (need_line(in, &line, "the species names", err) < 0)
		return -1;
	nsp = split_words(line, w, POSCAR_MAX_SPECIES + 1);
	for (k = 0; k < nsp && w[k][strspn(w[k], "0123456789")] == '\0'; k++)
		;
	/* VASP 4 has the counts here: every word an integer. */
	if (nsp == 0 || k == nsp) {
		hop_err_set(err, "%s:%llu: expected a line of species names "
		    "(VASP 5 format)", name,
		    (unsigned long long)hop_input_lineno(in));
		return -1;
	}
	if (nsp > POSCAR_MAX_SPECIES) {
		hop_err_set(err, "%s:%llu: more than %d species", name,
		    (unsigned long long)hop_input_lineno(in),
		    POSCAR_MAX_SPECIES);
		return -1;
	}
	for (k = 0; k < nsp; k++) {
		if (strlen(w[k]) > HOP_SITE_LABEL_MAX) {
			hop_err_set(err, "%s:%llu: species name '%s' longer "
			    "than %d bytes", name,
			    (unsigned long long)hop_input_lineno(in), w[k],
			    HOP_SITE_LABEL_MAX);
			return -1;
		}
		snprintf(names[k], sizeof(names[k]), "%s", w[k]);
	}
	if (need_line(in, &line, "the species counts", err) < 0)
		return -1;
	nw = split_words(line, w, POSCAR_MAX_SPECIES + 1);
	if (nw != nsp) {
		hop_err_set(err, "%s:%llu: %zu counts for %zu species", name,
		    (unsigned long long)hop_input_lineno(in), nw, nsp);
		return -1;
	}
	for (k = 0; k < nsp; k++) {
		char *end;

		count[k] = strtoull(w[k], &end, 10);
		if (*end != '\0' || !isdigit((unsigned char)w[k][0]) ||
		    count[k] > 10000000u) {
			hop_err_set(err, "%s:%llu: bad species count '%s'",
			    name, (unsigned long long)hop_input_lineno(in),
			    w[k]);
			return -1;
		}
		total += count[k];
	}
	if (check_chosen(want, names, nsp, fb, name, err) != 0)
		return -1;
	if (need_line(in, &line, "Direct or Cartesian", err) < 0)
		return -1;
	while (*line == ' ' || *line == '\t')
		line++;
	if (*line == 'S' || *line == 's') {
		if (need_line(in, &line, "Direct or Cartesian", err) < 0)
			return -1;
		while (*line == ' ' || *line == '\t')
			line++;
	}
	if (strchr("CcKk", *line) != NULL && *line)
		cart = 1;
	else if (*line != 'D' && *line != 'd') {
		hop_err_set(err, "%s:%llu: expected Direct or Cartesian",
		    name, (unsigned long long)hop_input_lineno(in));
		return -1;
	}
	/* The arrays grow with the atoms read, never to the counts a
	 * damaged header claims. */
	r->n = 0;
	k = 0;
	atom = 0;
	for (i = 0; i < total; i++) {
		double v[3];

		while (atom >= count[k]) {
			k++;
			atom = 0;
		}
		atom++;
		if (need_line(in, &line, "an atom's coordinates", err) < 0)
			return -1;
		if (split_words(line, w, 3) < 3 || word_double(w[0], &v[0]) ||
		    word_double(w[1], &v[1]) || word_double(w[2], &v[2])) {
			hop_err_set(err, "%s:%llu: expected 3 coordinates",
			    name, (unsigned long long)hop_input_lineno(in));
			return -1;
		}
		/* Every atom's, chosen or not: a file so damaged is not
		 * one to take sites from. */
		if (cart) {
			size_t d;

			for (d = 0; d < 3; d++)
				v[d] *= cscale[d];
			if (!isfinite(v[0]) || !isfinite(v[1]) ||
			    !isfinite(v[2])) {
				hop_err_set(err, "%s:%llu: the position is not "
				    "finite (times the scale factor)", name,
				    (unsigned long long)hop_input_lineno(in));
				return -1;
			}
		}
		if (out_of_range(v, w, cart, name, hop_input_lineno(in),
		    cart ? ", times the scale factor" : "", err) != 0)
			return -1;
		if (!chosen(want, names[k]))
			continue;
		if (r->n == cap && grow(r, &cap) != 0) {
			hop_err_set(err, "out of memory");
			return -1;
		}
		if (cart)
			memcpy(&r->cart[3 * r->n], v, sizeof(v));
		else
			hop_frac_to_cart(v, lat, &r->cart[3 * r->n]);
		if (!isfinite(r->cart[3 * r->n]) ||
		    !isfinite(r->cart[3 * r->n + 1]) ||
		    !isfinite(r->cart[3 * r->n + 2])) {
			hop_err_set(err, "%s:%llu: the position is not finite "
			    "(times the lattice)", name,
			    (unsigned long long)hop_input_lineno(in));
			return -1;
		}
		memcpy(r->label[r->n], names[k], sizeof(names[k]));
		r->n++;
	}
	memcpy(r->cell, lat, sizeof(lat));
	r->have_cell = 1;
	strcpy(r->format, "POSCAR");
	return 0;
}

static int
read_xyz(struct hop_input *in, struct hop_list *want, const char *fb,
    struct hop_siteref *r, struct hop_err *err)
{
	struct hop_extxyz *x = hop_extxyz_open(in, err);
	const struct hop_xyz_info *info;
	struct hop_xyz_frame fr;
	char names[POSCAR_MAX_SPECIES][HOP_SITE_LABEL_MAX + 1];
	size_t i, nsp;
	int ret = -1;

	if (x == NULL)
		return -1;
	info = hop_extxyz_info(x);
	nsp = info->nspecies;
	if (nsp > POSCAR_MAX_SPECIES) {
		hop_err_set(err, "%s: more than %d species",
		    hop_input_name(in), POSCAR_MAX_SPECIES);
		goto out;
	}
	for (i = 0; i < nsp; i++) {
		if (strlen(info->species[i].name) > HOP_SITE_LABEL_MAX) {
			hop_err_set(err, "%s: species name '%s' longer than "
			    "%d bytes", hop_input_name(in),
			    info->species[i].name, HOP_SITE_LABEL_MAX);
			goto out;
		}
		memcpy(names[i], info->species[i].name,
		    strlen(info->species[i].name) + 1);
	}
	if (check_chosen(want, names, nsp, fb, hop_input_name(in), err) != 0)
		goto out;
	if (hop_extxyz_next(x, &fr, err) != 1)
		goto out;
	r->cart = calloc(info->natoms ? 3 * (size_t)info->natoms : 1,
	    sizeof(double));
	r->label = calloc(info->natoms ? info->natoms : 1, sizeof(*r->label));
	if (r->cart == NULL || r->label == NULL) {
		hop_err_set(err, "out of memory");
		goto out;
	}
	r->n = 0;
	for (i = 0; i < info->natoms; i++) {
		const char *sp = names[info->atom_species[i]];

		/* Atom i is on line i + 3 of its frame. */
		if (out_of_range(&fr.pos[3 * i], NULL, 1, hop_input_name(in),
		    (unsigned long long)fr.line + 2 + i, "", err) != 0)
			goto out;
		if (!chosen(want, sp))
			continue;
		memcpy(&r->cart[3 * r->n], &fr.pos[3 * i], 3 * sizeof(double));
		snprintf(r->label[r->n], sizeof(r->label[0]), "%s", sp);
		r->n++;
	}
	r->have_cell = fr.cell != NULL;
	if (fr.cell != NULL)
		memcpy(r->cell, fr.cell, sizeof(r->cell));
	strcpy(r->format, "extxyz");
	ret = 0;
out:
	hop_extxyz_free(x);
	return ret;
}

int
hop_siteref_read(const char *path, const char *species,
    const char *fallback, struct hop_siteref *r, struct hop_err *err)
{
	struct hop_input *in;
	struct hop_list want = {NULL, 0};
	char *line, *end;
	size_t len;
	int st, ret = -1;

	memset(r, 0, sizeof(*r));
	if (species != NULL && hop_list_parse(&want, species, err) != 0)
		return -1;
	/* Peek at the first line to tell the format, then reopen. */
	if ((in = hop_input_open(path, NULL, NULL, err)) == NULL)
		goto out;
	st = hop_input_line(in, &line, &len, err);
	if (st <= 0) {
		if (st == 0)
			hop_err_set(err, "%s: empty file", hop_input_name(in));
		hop_input_close(in);
		goto out;
	}
	/* A whole number alone, negative too (the XYZ reader says what is
	 * wrong with that count, where a POSCAR would want a scale). */
	while (*line == ' ' || *line == '\t')
		line++;
	if (*line == '-')
		line++;
	for (end = line; isdigit((unsigned char)*end); end++)
		;
	st = end > line && end[strspn(end, " \t")] == '\0';
	hop_input_close(in);
	if ((in = hop_input_open(path, NULL, NULL, err)) == NULL)
		goto out;
	ret = st ? read_xyz(in, &want, fallback, r, err) :
	    read_poscar(in, &want, fallback, r, err);
	hop_input_close(in);
	if (ret == 0 && r->n == 0) {
		hop_err_set(err, "%s: no sites (no atoms of the species "
		    "chosen)", path);
		ret = -1;
	}
out:
	if (ret != 0)
		hop_siteref_free(r);
	hop_list_free(&want);
	return ret;
}

static double
norm3(const double *v)
{
	return sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}

double
hop_siteset_closest(const struct hop_siteset *s, size_t n,
    const double cell[9], size_t pair[2])
{
	double best = INFINITY;
	size_t i, j;

	if (n > s->n)
		n = s->n;
	if (n < 2)
		return NAN;
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			double d[3], len;
			int k;

			for (k = 0; k < 3; k++)
				d[k] = s->frac[3 * j + k] - s->frac[3 * i + k];
			len = hop_frac_min_image(d, cell, NULL);
			if (len < best) {
				best = len;
				if (pair != NULL) {
					pair[0] = i;
					pair[1] = j;
				}
			}
		}
	return best;
}

int
hop_siteref_fit(const struct hop_siteref *r, const double cell[9],
    struct hop_siteset *s, unsigned rep[3], struct hop_err *err)
{
	unsigned m[3] = {1, 1, 1};
	double inv[9], rinv[9];
	size_t i, n;
	unsigned d, i0, i1, i2;

	if (hop_cell_inverse(cell, inv) != 0) {
		hop_err_set(err, "the run's cell is singular");
		return -1;
	}
	if (r->have_cell) {
		for (d = 0; d < 3; d++) {
			double la = norm3(&r->cell[3 * d]);
			double lb = norm3(&cell[3 * d]);
			double q = lb / la, c;
			double dot = 0;
			unsigned k;

			for (k = 0; k < 3; k++)
				dot += r->cell[3 * d + k] * cell[3 * d + k];
			c = dot / (la * lb);
			/* 0 (refused below) for a ratio lround cannot take. */
			m[d] = q >= 0.5 && q < 65 ? (unsigned)lround(q) : 0;
			if (m[d] < 1 || m[d] > 64 ||
			    fabs(q - m[d]) > 0.03 * m[d] ||
			    c < cos(3 * PI / 180)) {
				hop_err_set(err, "the reference's cell (a %.4g "
				    "b %.4g c %.4g A) is not the run's (a %.4g "
				    "b %.4g c %.4g A) nor a supercell of it",
				    norm3(&r->cell[0]), norm3(&r->cell[3]),
				    norm3(&r->cell[6]), norm3(&cell[0]),
				    norm3(&cell[3]), norm3(&cell[6]));
				return -1;
			}
		}
		if (hop_cell_inverse(r->cell, rinv) != 0) {
			hop_err_set(err, "the reference's cell is singular");
			return -1;
		}
	}
	n = r->n * m[0] * m[1] * m[2];
	if (hop_siteset_alloc(s, n, err) != 0)
		return -1;
	n = 0;
	for (i0 = 0; i0 < m[0]; i0++)
	for (i1 = 0; i1 < m[1]; i1++)
	for (i2 = 0; i2 < m[2]; i2++)
		for (i = 0; i < r->n; i++) {
			double f[3];
			unsigned sh[3] = {i0, i1, i2};

			hop_cart_to_frac(&r->cart[3 * i], r->have_cell ? rinv :
			    inv, f);
			for (d = 0; d < 3; d++) {
				f[d] -= floor(f[d]);
				f[d] = (f[d] + sh[d]) / m[d];
				if (f[d] >= 1 || f[d] < 0)
					f[d] -= floor(f[d]);
				s->frac[3 * n + d] = f[d];
			}
			memcpy(s->label[n], r->label[i], sizeof(s->label[0]));
			n++;
		}
	if (rep != NULL)
		for (d = 0; d < 3; d++)
			rep[d] = m[d];
	/* The same site twice (a structure written with a copy of an
	 * atom, or two near copies) would be an empty site for ever, or
	 * a radius of nothing.  The reference's own sites are the first
	 * copy's. */
	{
		size_t pair[2];
		double dd = hop_siteset_closest(s, r->n, cell, pair);

		if (dd < HOP_SITE_DUP_A) {
			hop_err_set(err, "sites %zu and %zu are %.3g A apart: "
			    "one site twice? (no two sites of a structure are "
			    "closer than %g A)", pair[0] + 1, pair[1] + 1, dd,
			    HOP_SITE_DUP_A);
			hop_siteset_free(s);
			return -1;
		}
	}
	if (hop_siteset_types_from_labels(s, err) != 0) {
		hop_siteset_free(s);
		return -1;
	}
	return 0;
}

int
hop_siteref_labels(const char *path, size_t nref, struct hop_siteset *s,
    struct hop_err *err)
{
	struct hop_input *in;
	char *line, *w[256];
	size_t len, i, nw, got = 0;
	char (*lab)[HOP_SITE_LABEL_MAX + 1];
	int st, ret = -1;

	if (nref == 0 || s->n % nref != 0) {
		hop_err_set(err, "%s: the sites are not copies of %zu "
		    "reference sites", path, nref);
		return -1;
	}
	if ((lab = calloc(nref, sizeof(*lab))) == NULL) {
		hop_err_set(err, "out of memory");
		return -1;
	}
	if ((in = hop_input_open(path, NULL, NULL, err)) == NULL)
		goto out;
	while ((st = hop_input_line(in, &line, &len, err)) == 1) {
		char *hash = strchr(line, '#');

		if (hash != NULL)
			*hash = '\0';
		nw = split_words(line, w, 256);
		if (nw == 256) {
			hop_err_set(err, "%s:%llu: more than 255 labels on a "
			    "line", hop_input_name(in),
			    (unsigned long long)hop_input_lineno(in));
			goto out;
		}
		for (i = 0; i < nw; i++) {
			if (strlen(w[i]) > HOP_SITE_LABEL_MAX) {
				hop_err_set(err, "%s:%llu: label '%s' longer "
				    "than %d bytes", hop_input_name(in),
				    (unsigned long long)hop_input_lineno(in),
				    w[i], HOP_SITE_LABEL_MAX);
				goto out;
			}
			if (got < nref)
				snprintf(lab[got], sizeof(lab[0]), "%s", w[i]);
			got++;
		}
	}
	if (st < 0)
		goto out;
	if (got != nref) {
		hop_err_set(err, "%s: %zu labels for %zu sites",
		    hop_input_name(in), got, nref);
		goto out;
	}
	for (i = 0; i < s->n; i++)
		memcpy(s->label[i], lab[i % nref], sizeof(lab[0]));
	ret = hop_siteset_types_from_labels(s, err);
out:
	if (in != NULL)
		hop_input_close(in);
	free(lab);
	return ret;
}
