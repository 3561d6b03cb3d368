/*
 * xdatcar.c - see xdatcar.h.
 *
 * The file is a header block (title, scale, three lattice lines, species
 * names in VASP 5, counts) and configurations, each a "Direct
 * configuration=" line and one line of three coordinates per atom.  In a
 * variable-cell file the block comes again before every configuration.
 * Which kind a file is shows only after the first configuration: the line
 * that follows is either the next configuration line or the title again.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "numparse.h"
#include "vaspscale.h"
#include "xdatcar.h"

struct hop_xdatcar {
	struct hop_input *in;
	const char *name;
	struct hop_xdat_info info;
	char *title;
	struct hop_species *species;
	uint32_t *counts;       /* first block's counts, for repeats */

	double cell[9];         /* current block's cell, scale applied */
	double first_cell[9];   /* the first configuration's */
	double inv[9];          /* its inverse, for Cartesian frames */
	double cscale[3];       /* factor for Cartesian components */
	uint64_t cell_line;     /* line of the first lattice vector */
	double *pos;

	char *pend;             /* a line read ahead and pushed back */
	size_t pendlen, pendcap;
	uint64_t pendline;
	int has_pend;
	uint64_t lineno;        /* line last returned */

	uint64_t ordinal;       /* of the next configuration */
	uint64_t frame_line;
	int frame_cart;
	int first_ready;        /* configuration 0 parsed, not yet handed out */
	int at_end;
};

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static int
get_line(struct hop_xdatcar *x, char **line, size_t *len,
    struct hop_err *err)
{
	int r;

	if (x->has_pend) {
		x->has_pend = 0;
		*line = x->pend;
		*len = x->pendlen;
		x->lineno = x->pendline;
		return 1;
	}
	r = hop_input_line(x->in, line, len, err);
	if (r == 1)
		x->lineno = hop_input_lineno(x->in);
	return r;
}

/* Keep line for the next get_line (its buffer is reused meanwhile). */
static int
push_back(struct hop_xdatcar *x, const char *line, size_t len,
    struct hop_err *err)
{
	if (len + 1 > x->pendcap) {
		char *p = realloc(x->pend, len + 1);

		if (p == NULL) {
			hop_err_set(err, "%s: out of memory", x->name);
			return -1;
		}
		x->pend = p;
		x->pendcap = len + 1;
	}
	memcpy(x->pend, line, len + 1);
	x->pendlen = len;
	x->pendline = x->lineno;
	x->has_pend = 1;
	return 0;
}

/* The next line that is not blank; 0 at the end of the input. */
static int
get_nonblank(struct hop_xdatcar *x, char **line, size_t *len,
    struct hop_err *err)
{
	int r;
	size_t i;

	for (;;) {
		if ((r = get_line(x, line, len, err)) != 1)
			return r;
		for (i = 0; i < *len && isspace((unsigned char)(*line)[i]); i++)
			;
		if (i < *len)
			return 1;
	}
}

/* Reading one line more than there is: the message names the line that
 * is missing. */
static int
need_line(struct hop_xdatcar *x, char **line, size_t *len, const char *what,
    struct hop_err *err)
{
	int r = get_line(x, line, len, err);

	if (r == 0)
		hop_err_set(err, "%s:%llu: file ends where %s was expected",
		    x->name, (unsigned long long)x->lineno + 1, what);
	return r == 1 ? 0 : -1;
}

/* The line without its leading and trailing blanks, as [*p, *q). */
static void
trimmed(const char *line, size_t len, const char **p, const char **q)
{
	*p = line;
	*q = line + len;
	while (*p < *q && isspace((unsigned char)**p))
		(*p)++;
	while (*q > *p && isspace((unsigned char)(*q)[-1]))
		(*q)--;
}

/* The line from its first non-blank character, for messages. */
static const char *
shown(const char *line)
{
	while (is_blank((unsigned char)*line))
		line++;
	return line;
}

/* Length of the blank-delimited token at p, capped for messages. */
static int
toklen(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && !is_blank((unsigned char)*q) && q - p < 40)
		q++;
	return (int)(q - p);
}

/*
 * Read up to max numbers from [p, end), separated by blanks or run
 * together where Fortran's sign filled the field.  Returns how many were
 * read; *stop is where reading stopped (end, or the first character that
 * does not begin a number, after blanks).
 */
static int
scan_numbers(const char *p, const char *end, double *v, int max,
    const char **stop)
{
	int n = 0;

	for (;;) {
		const char *q;

		while (p < end && is_blank((unsigned char)*p))
			p++;
		if (p == end || n == max)
			break;
		q = hop_parse_double(p, end, &v[n]);
		if (q == NULL || (q < end && !is_blank((unsigned char)*q) &&
		    *q != '-' && *q != '+'))
			break;
		n++;
		p = q;
	}
	*stop = p;
	return n;
}

/* Why the text at stop is not the number expected there. */
static void
not_number(struct hop_xdatcar *x, const char *stop, const char *end,
    int got, int want, const char *what, struct hop_err *err)
{
	if (stop == end)
		hop_err_set(err, "%s:%llu: expected %d %s, got %d", x->name,
		    (unsigned long long)x->lineno, want, what, got);
	else if (*stop == '*')
		hop_err_set(err, "%s:%llu: '%.*s' is a Fortran field overflow "
		    "(a value too large for its format)", x->name,
		    (unsigned long long)x->lineno, toklen(stop, end), stop);
	else
		hop_err_set(err, "%s:%llu: '%.*s' is not a number", x->name,
		    (unsigned long long)x->lineno, toklen(stop, end), stop);
}

/* n finite numbers and nothing else on the line. 0 or -1. */
static int
exact_numbers(struct hop_xdatcar *x, const char *line, size_t len, double *v,
    int n, const char *what, struct hop_err *err)
{
	const char *stop, *end = line + len;
	int got = scan_numbers(line, end, v, n, &stop), i;

	if (got < n) {
		not_number(x, stop, end, got, n, what, err);
		return -1;
	}
	if (stop != end) {
		hop_err_set(err, "%s:%llu: expected %d %s, found more: '%.40s'",
		    x->name, (unsigned long long)x->lineno, n, what,
		    shown(line));
		return -1;
	}
	for (i = 0; i < n; i++)
		if (!isfinite(v[i])) {
			hop_err_set(err, "%s:%llu: %s out of range", x->name,
			    (unsigned long long)x->lineno, what);
			return -1;
		}
	return 0;
}

/* Is this a "Direct configuration=" (or "Cartesian ...") line?  Returns
 * 1 for Direct, 2 for Cartesian, 0 otherwise. */
static int
config_kind(const char *line, size_t len)
{
	static const struct { const char *w; size_t n; int kind; } kw[] = {
		{"direct", 6, 1}, {"cartesian", 9, 2},
	};
	const char *p, *q;
	size_t i, k;

	trimmed(line, len, &p, &q);
	for (k = 0; k < 2; k++) {
		if ((size_t)(q - p) < kw[k].n)
			continue;
		for (i = 0; i < kw[k].n; i++)
			if (tolower((unsigned char)p[i]) != kw[k].w[i])
				break;
		if (i == kw[k].n && (p + i == q ||
		    !isalnum((unsigned char)p[i])))
			return kw[k].kind;
	}
	return 0;
}

/* Is the line the title again (the start of a repeated header block)? */
static int
is_title(const struct hop_xdatcar *x, const char *line, size_t len)
{
	const char *p, *q;

	trimmed(line, len, &p, &q);
	return (size_t)(q - p) == strlen(x->title) &&
	    memcmp(p, x->title, (size_t)(q - p)) == 0;
}

/*
 * The scale line and the lattice: set x->cell (scaled), its inverse and
 * the factors for Cartesian coordinates.  0 or -1.
 */
static int
read_cell(struct hop_xdatcar *x, struct hop_err *err)
{
	double sc[3], lat[9], vol, norms = 1;
	char *line;
	size_t len;
	int n, i;

	if (need_line(x, &line, &len, "the scale factor", err) != 0)
		return -1;
	if (hop_vasp_scale_parse(x->name, x->lineno, line, len, sc, &n,
	    err) != 0)
		return -1;
	for (i = 0; i < 3; i++) {
		if (need_line(x, &line, &len, "a lattice vector", err) != 0)
			return -1;
		if (i == 0)
			x->cell_line = x->lineno;
		if (exact_numbers(x, line, len, lat + 3 * i, 3,
		    "lattice vector components", err) != 0)
			return -1;
	}
	for (i = 0; i < 3; i++)
		norms *= sqrt(lat[3 * i] * lat[3 * i] +
		    lat[3 * i + 1] * lat[3 * i + 1] +
		    lat[3 * i + 2] * lat[3 * i + 2]);
	vol = fabs(hop_cell_det(lat));
	/* Relative to the vectors' lengths, so that units do not matter. */
	if (!(vol > 1e-9 * norms) || !isfinite(vol)) {
		hop_err_set(err, "%s:%llu: the lattice vectors on lines "
		    "%llu-%llu are linearly dependent (singular cell)", x->name,
		    (unsigned long long)x->cell_line,
		    (unsigned long long)x->cell_line,
		    (unsigned long long)x->cell_line + 2);
		return -1;
	}
	hop_vasp_scale_apply(sc, n, lat, x->cell, x->cscale);
	if (hop_cell_inverse(x->cell, x->inv) != 0) {
		hop_err_set(err, "%s:%llu: the scaled cell is singular or out "
		    "of range", x->name, (unsigned long long)x->cell_line);
		return -1;
	}
	return 0;
}

/* Split [p, end) at blanks into at most max tokens: starts and lengths. */
static uint64_t
tokens(const char *p, const char *end, const char **tok, size_t *tlen,
    uint64_t max)
{
	uint64_t n = 0;

	for (;;) {
		const char *q;

		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p == end)
			return n;
		for (q = p; q < end && !isspace((unsigned char)*q); q++)
			;
		if (n < max) {
			tok[n] = p;
			tlen[n] = (size_t)(q - p);
		}
		n++;
		p = q;
	}
}

/*
 * The species names line (VASP 5; absent in VASP 4) and the counts line.
 * The first time, fill the species table; after that, check that the
 * repeated block says the same.  0 or -1.
 */
static int
read_species(struct hop_xdatcar *x, int first, struct hop_err *err)
{
	const char **tok = NULL;
	size_t *tlen = NULL;
	uint64_t nnames = 0, ncounts, i, total = 0;
	uint64_t names_line = 0;
	int has_names, ret = -1;
	char *line;
	size_t len;

	if ((tok = malloc((HOP_MAX_SPECIES + 1) * sizeof(*tok))) == NULL ||
	    (tlen = malloc((HOP_MAX_SPECIES + 1) * sizeof(*tlen))) == NULL) {
		hop_err_set(err, "%s: out of memory", x->name);
		goto out;
	}
	if (need_line(x, &line, &len, "the species names or counts", err) != 0)
		goto out;
	ncounts = tokens(line, line + len, tok, tlen, HOP_MAX_SPECIES + 1);
	has_names = !(ncounts > 0 && isdigit((unsigned char)tok[0][0]));
	if (!first && has_names != x->info.has_names) {
		hop_err_set(err, "%s:%llu: this header block %s a species names "
		    "line, the first one %s", x->name,
		    (unsigned long long)x->lineno, has_names ? "has" : "lacks",
		    has_names ? "did not" : "did");
		goto out;
	}
	if (has_names) {
		nnames = ncounts;
		names_line = x->lineno;
		if (nnames == 0 || nnames > HOP_MAX_SPECIES) {
			hop_err_set(err, "%s:%llu: expected 1 to %u species "
			    "names, found %llu", x->name,
			    (unsigned long long)x->lineno, HOP_MAX_SPECIES,
			    (unsigned long long)nnames);
			goto out;
		}
		for (i = 0; i < nnames; i++) {
			if (tlen[i] > HOP_MAX_NAME) {
				hop_err_set(err, "%s:%llu: species name "
				    "'%.40s...' is longer than %u bytes",
				    x->name, (unsigned long long)x->lineno,
				    tok[i], HOP_MAX_NAME);
				goto out;
			}
			if (first) {
				memcpy(x->species[i].name, tok[i], tlen[i]);
				x->species[i].name[tlen[i]] = '\0';
			} else if (i >= x->info.nspecies ||
			    strlen(x->species[i].name) != tlen[i] ||
			    memcmp(x->species[i].name, tok[i], tlen[i]) != 0) {
				hop_err_set(err, "%s:%llu: species names differ "
				    "from those of the first header (line %llu)",
				    x->name, (unsigned long long)x->lineno,
				    (unsigned long long)x->info.counts_line - 1);
				goto out;
			}
		}
		if (need_line(x, &line, &len, "the species counts", err) != 0)
			goto out;
		ncounts = tokens(line, line + len, tok, tlen,
		    HOP_MAX_SPECIES + 1);
	}
	if (ncounts == 0 || ncounts > HOP_MAX_SPECIES) {
		hop_err_set(err, "%s:%llu: expected 1 to %u atom counts, found "
		    "%llu", x->name, (unsigned long long)x->lineno,
		    HOP_MAX_SPECIES, (unsigned long long)ncounts);
		goto out;
	}
	if (has_names && ncounts != nnames) {
		hop_err_set(err, "%s:%llu: %llu atom counts for the %llu species "
		    "names on line %llu", x->name,
		    (unsigned long long)x->lineno, (unsigned long long)ncounts,
		    (unsigned long long)nnames,
		    (unsigned long long)names_line);
		goto out;
	}
	if (!first && ncounts != x->info.nspecies) {
		hop_err_set(err, "%s:%llu: %llu atom counts where the first "
		    "header (line %llu) has %u", x->name,
		    (unsigned long long)x->lineno, (unsigned long long)ncounts,
		    (unsigned long long)x->info.counts_line, x->info.nspecies);
		goto out;
	}
	for (i = 0; i < ncounts; i++) {
		uint64_t c = 0;
		size_t k;

		for (k = 0; k < tlen[i]; k++) {
			if (!isdigit((unsigned char)tok[i][k]))
				break;
			c = c * 10 + (uint64_t)(tok[i][k] - '0');
			if (c > HOP_MAX_ATOMS)
				break;
		}
		if (k < tlen[i] || c == 0) {
			if (k < tlen[i] && isdigit((unsigned char)tok[i][k]))
				hop_err_set(err, "%s:%llu: atom count '%.*s' "
				    "is more than the limit of %u atoms",
				    x->name, (unsigned long long)x->lineno,
				    toklen(tok[i], line + len), tok[i],
				    HOP_MAX_ATOMS);
			else
				hop_err_set(err, "%s:%llu: atom count '%.*s' "
				    "is not a positive whole number", x->name,
				    (unsigned long long)x->lineno,
				    toklen(tok[i], line + len), tok[i]);
			goto out;
		}
		total += c;
		if (first) {
			x->counts[i] = (uint32_t)c;
			x->species[i].count = (uint32_t)c;
		} else if (x->counts[i] != c) {
			hop_err_set(err, "%s:%llu: atom counts differ from those "
			    "of the first header (line %llu)", x->name,
			    (unsigned long long)x->lineno,
			    (unsigned long long)x->info.counts_line);
			goto out;
		}
	}
	if (total > HOP_MAX_ATOMS) {
		hop_err_set(err, "%s:%llu: %llu atoms in all, more than the "
		    "limit of %u", x->name, (unsigned long long)x->lineno,
		    (unsigned long long)total, HOP_MAX_ATOMS);
		goto out;
	}
	if (first) {
		x->info.nspecies = (uint32_t)ncounts;
		x->info.has_names = has_names;
		x->info.counts_line = x->lineno;
		x->info.natoms = (uint32_t)total;
	}
	ret = 0;
out:
	free(tok);
	free(tlen);
	return ret;
}

/*
 * One configuration: its "Direct configuration=" line (already read, in
 * line) and a line of coordinates per atom, into x->pos as fractional
 * coordinates.  0 or -1.
 */
static int
read_frame(struct hop_xdatcar *x, const char *line, size_t len,
    struct hop_err *err)
{
	uint32_t n = x->info.natoms, i;
	double *v = x->pos;
	char *l;
	size_t ll;
	int r;

	x->frame_cart = config_kind(line, len) == 2;
	if (!x->frame_cart && config_kind(line, len) != 1) {
		hop_err_set(err, "%s:%llu: expected a 'Direct configuration=' "
		    "line, found '%.40s'", x->name,
		    (unsigned long long)x->lineno, shown(line));
		return -1;
	}
	x->frame_line = x->lineno;
	for (i = 0; i < n; i++, v += 3) {
		const char *stop, *end;
		int got;

		if ((r = get_line(x, &l, &ll, err)) != 1) {
			if (r == 0)
				hop_err_set(err, "%s:%llu: file ends inside the "
				    "configuration of line %llu, after %u of "
				    "%u atoms", x->name,
				    (unsigned long long)x->lineno + 1,
				    (unsigned long long)x->frame_line, i, n);
			return -1;
		}
		end = l + ll;
		got = scan_numbers(l, end, v, 3, &stop);
		if (got == 3 && isfinite(v[0]) && isfinite(v[1]) &&
		    isfinite(v[2]))
			continue; /* any further columns are ignored */
		if (config_kind(l, ll) != 0 ||
		    (x->info.variable_cell && is_title(x, l, ll))) {
			hop_err_set(err, "%s:%llu: the configuration of line "
			    "%llu ends after %u of %u atoms", x->name,
			    (unsigned long long)x->lineno,
			    (unsigned long long)x->frame_line, i, n);
			return -1;
		}
		if (got < 3) {
			not_number(x, stop, end, got, 3, "coordinates", err);
			return -1;
		}
		/* Three numbers, one of them beyond a double: name it. */
		for (stop = l, got = 0; got < 3; got++) {
			double d;
			const char *q;

			while (is_blank((unsigned char)*stop))
				stop++;
			q = hop_parse_double(stop, end, &d);
			if (!isfinite(d))
				break;
			stop = q;
		}
		hop_err_set(err, "%s:%llu: coordinate '%.*s' is out of range",
		    x->name, (unsigned long long)x->lineno,
		    toklen(stop, end), stop);
		return -1;
	}
	if (x->frame_cart) {
		/* Scale as VASP does, then f = r inv (row vectors). */
		for (i = 0, v = x->pos; i < n; i++, v += 3) {
			double r[3] = {v[0] * x->cscale[0],
			    v[1] * x->cscale[1], v[2] * x->cscale[2]};

			hop_cart_to_frac(r, x->inv, v);
		}
	}
	return 0;
}

struct hop_xdatcar *
hop_xdatcar_open(struct hop_input *in, struct hop_err *err)
{
	struct hop_xdatcar *x = calloc(1, sizeof(*x));
	const char *p, *q;
	char *line;
	size_t len;
	int r;

	if (x == NULL) {
		hop_err_set(err, "%s: out of memory", hop_input_name(in));
		return NULL;
	}
	x->in = in;
	x->name = hop_input_name(in);
	if (need_line(x, &line, &len, "the title", err) != 0)
		goto fail;
	trimmed(line, len, &p, &q);
	if ((x->title = malloc((size_t)(q - p) + 1)) == NULL ||
	    (x->species = calloc(HOP_MAX_SPECIES, sizeof(*x->species))) ==
	    NULL ||
	    (x->counts = calloc(HOP_MAX_SPECIES, sizeof(*x->counts))) == NULL) {
		hop_err_set(err, "%s: out of memory", x->name);
		goto fail;
	}
	memcpy(x->title, p, (size_t)(q - p));
	x->title[q - p] = '\0';
	if (read_cell(x, err) != 0 || read_species(x, 1, err) != 0)
		goto fail;
	/* The counts were checked against HOP_MAX_ATOMS: this fits. */
	if ((x->pos = malloc((size_t)x->info.natoms * 3 * sizeof(double))) ==
	    NULL) {
		hop_err_set(err, "%s: out of memory for %u atoms", x->name,
		    x->info.natoms);
		goto fail;
	}
	if (need_line(x, &line, &len, "the first 'Direct configuration=' "
	    "line", err) != 0 || read_frame(x, line, len, err) != 0)
		goto fail;
	x->info.title = x->title;
	x->info.species = x->species;
	memcpy(x->first_cell, x->cell, sizeof(x->first_cell));
	x->info.cell = x->first_cell;
	/* What follows the first configuration tells the kind of file. */
	r = get_nonblank(x, &line, &len, err);
	if (r < 0)
		goto fail;
	if (r == 0) {
		x->at_end = 1;
	} else {
		if (config_kind(line, len) == 0) {
			if (!is_title(x, line, len)) {
				hop_err_set(err, "%s:%llu: expected the next "
				    "'Direct configuration=' line or the title "
				    "'%.40s' of a repeated header, found "
				    "'%.40s'", x->name,
				    (unsigned long long)x->lineno, x->title,
				    shown(line));
				goto fail;
			}
			x->info.variable_cell = 1;
		}
		if (push_back(x, line, len, err) != 0)
			goto fail;
	}
	x->first_ready = 1;
	return x;
fail:
	hop_xdatcar_free(x);
	return NULL;
}

const struct hop_xdat_info *
hop_xdatcar_info(const struct hop_xdatcar *x)
{
	return &x->info;
}

int
hop_xdatcar_next(struct hop_xdatcar *x, struct hop_xdat_frame *fr,
    struct hop_err *err)
{
	char *line;
	size_t len;
	int r;

	if (x->first_ready) {
		x->first_ready = 0;
	} else {
		if (x->at_end)
			return 0;
		if ((r = get_nonblank(x, &line, &len, err)) <= 0) {
			x->at_end = r == 0;
			return r;
		}
		if (x->info.variable_cell) {
			if (!is_title(x, line, len)) {
				hop_err_set(err, "%s:%llu: expected the title "
				    "'%.40s' of the next header block, found "
				    "'%.40s'", x->name,
				    (unsigned long long)x->lineno, x->title,
				    shown(line));
				return -1;
			}
			if (read_cell(x, err) != 0 ||
			    read_species(x, 0, err) != 0 ||
			    need_line(x, &line, &len, "a 'Direct "
			    "configuration=' line", err) != 0)
				return -1;
		}
		if (read_frame(x, line, len, err) != 0)
			return -1;
	}
	fr->ordinal = x->ordinal++;
	fr->line = x->frame_line;
	fr->cell = x->cell;
	fr->pos = x->pos;
	fr->cartesian = x->frame_cart;
	return 1;
}

void
hop_xdatcar_free(struct hop_xdatcar *x)
{
	if (x == NULL)
		return;
	free(x->title);
	free(x->species);
	free(x->counts);
	free(x->pos);
	free(x->pend);
	free(x);
}
