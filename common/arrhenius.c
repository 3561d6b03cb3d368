/*
 * arrhenius.c - see arrhenius.h.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_fit.h>

#include "arrhenius.h"
#include "input.h"
#include "numparse.h"

int
hop_arr_resolved(double v, double dv)
{
	if (!isfinite(v))
		return 0;
	if (isnan(dv))
		return v > 0;
	return v > 2 * fabs(dv);
}

double
hop_arr_bound(double v, double dv)
{
	if (isnan(v) || isnan(dv))
		return NAN;
	return fmax(v, 0) + 2 * fabs(dv);
}

size_t
hop_arr_classify(struct hop_arr_point *pt, size_t n)
{
	size_t i, nup = 0;

	for (i = 0; i < n; i++) {
		struct hop_arr_point *p = &pt[i];

		p->upper = !hop_arr_resolved(p->D, p->dD);
		p->D_bound = p->upper ? hop_arr_bound(p->D, p->dD) : NAN;
		p->sigma_upper = !isnan(p->sigma) &&
		    !hop_arr_resolved(p->sigma, p->dsigma);
		p->sigma_bound = p->sigma_upper ?
		    hop_arr_bound(p->sigma, p->dsigma) : NAN;
		nup += p->upper != 0;
	}
	return nup;
}

void
hop_arr_upper_note(const struct hop_arr_point *p, char *buf, size_t len)
{
	double b = hop_arr_bound(p->D, p->dD);

	if (len == 0)
		return;
	if (isnan(b))
		snprintf(buf, len, "%s (%g K): D* = %.2g cm^2/s without an "
		    "uncertainty is not positive: no bound known, left out "
		    "of the fit", p->name, p->T, p->D);
	else
		snprintf(buf, len, "%s (%g K): D* = %.2g +- %.2g cm^2/s is "
		    "not resolved (D* <= 2 dD*): kept as an upper bound "
		    "D* < %.2g cm^2/s and left out of the fit", p->name, p->T,
		    p->D, fabs(p->dD), b);
}

int
hop_arr_fit_values(const double *T, const double *y, const double *dy,
    size_t n, int of_sigma, struct hop_arr_fit *f, struct hop_err *err)
{
	double *x, *ly, *w;
	size_t i;
	int distinct = 0, ret = -1;

	memset(f, 0, sizeof(*f));
	f->of_sigma = of_sigma != 0;
	for (i = 0; i < n; i++) {
		if (!(T[i] > 0) || !isfinite(T[i])) {
			hop_err_set(err, "T = %g K is not a positive "
			    "temperature", T[i]);
			return -1;
		}
		if (!(y[i] > 0) || !isfinite(y[i])) {
			hop_err_set(err, "%s = %g at %g K is not positive: "
			    "no logarithm to fit", of_sigma ? "sigma" : "D*",
			    y[i], T[i]);
			return -1;
		}
		distinct |= T[i] != T[0];
	}
	if (!distinct) {
		if (n == 0)
			hop_err_set(err, "an Arrhenius fit needs two or more "
			    "temperatures, got no points");
		else
			hop_err_set(err, "an Arrhenius fit needs two or more "
			    "temperatures, got %zu point%s at %g K", n,
			    n == 1 ? "" : "s", T[0]);
		return -1;
	}
	if ((x = malloc(3 * n * sizeof(double))) == NULL) {
		hop_err_set(err, "out of memory");
		return -1;
	}
	ly = x + n;
	w = ly + n;
	f->weighted = dy != NULL;
	f->Tmin = f->Tmax = T[0];
	for (i = 0; i < n; i++) {
		x[i] = 1.0 / T[i];
		ly[i] = log(of_sigma ? y[i] * T[i] : y[i]);
		/* var(ln y) = (dy / y)^2: the same for y and for y T. */
		if (dy != NULL) {
			w[i] = (y[i] / dy[i]) * (y[i] / dy[i]);
			if (!(dy[i] > 0) || !isfinite(w[i]))
				f->weighted = 0;
		}
		f->Tmin = fmin(f->Tmin, T[i]);
		f->Tmax = fmax(f->Tmax, T[i]);
	}
	f->n = n;
	f->dof = n - 2;
	if (f->weighted) {
		gsl_fit_wlinear(x, 1, w, 1, ly, 1, n, &f->c0, &f->c1,
		    &f->cov00, &f->cov01, &f->cov11, &f->chi2);
		f->scale = 1;
		if (f->dof > 0 && f->chi2 / (double)f->dof > 1)
			f->scale = f->chi2 / (double)f->dof;
		f->cov00 *= f->scale;
		f->cov01 *= f->scale;
		f->cov11 *= f->scale;
	} else {
		gsl_fit_linear(x, 1, ly, 1, n, &f->c0, &f->c1, &f->cov00,
		    &f->cov01, &f->cov11, &f->chi2);
		f->scale = NAN;
		if (f->dof == 0)
			f->cov00 = f->cov01 = f->cov11 = NAN;
	}
	if (!isfinite(f->c0) || !isfinite(f->c1)) {
		hop_err_set(err, "the Arrhenius fit failed (temperatures too "
		    "close together)");
		goto out;
	}
	f->Ea = -HOP_ARR_KB_EV * f->c1;
	f->dEa = HOP_ARR_KB_EV * sqrt(f->cov11);
	f->pre = exp(f->c0);
	f->dlnpre = sqrt(f->cov00);
	ret = 0;
out:
	free(x);
	return ret;
}

/* Append "name (T K)" to a list in buf of size len, separated by ", ";
 * "..." once the list would not fit. */
static void
list_add(char *buf, size_t len, int *cut, const struct hop_arr_point *p)
{
	size_t used = strlen(buf);
	char item[HOP_ARR_NAME_MAX + 40];

	if (*cut)
		return;
	snprintf(item, sizeof(item), "%s%s (%g K)", used ? ", " : "",
	    p->name, p->T);
	if (used + strlen(item) + 5 >= len) {
		snprintf(buf + used, len - used, "%s...", used ? ", " : "");
		*cut = 1;
		return;
	}
	memcpy(buf + used, item, strlen(item) + 1);
}

/* The fit of D (of_sigma 0) or of sigma T over the resolved points. */
static int
fit_points(const struct hop_arr_point *pt, size_t n, int of_sigma,
    struct hop_arr_fit *f, struct hop_err *err)
{
	const char *q = of_sigma ? "sigma" : "D*";
	double *T = malloc(3 * (n ? n : 1) * sizeof(double)), *y, *dy;
	char res[200] = "", up[200] = "";
	size_t i, m = 0;
	int distinct = 0, cr = 0, cu = 0, ret = -1;

	if (T == NULL) {
		hop_err_set(err, "out of memory");
		return -1;
	}
	y = T + n;
	dy = y + n;
	for (i = 0; i < n; i++) {
		double v = of_sigma ? pt[i].sigma : pt[i].D;
		double dv = of_sigma ? pt[i].dsigma : pt[i].dD;

		if (!hop_arr_resolved(v, dv)) {
			if (!of_sigma || !isnan(v))
				list_add(up, sizeof(up), &cu, &pt[i]);
			continue;
		}
		list_add(res, sizeof(res), &cr, &pt[i]);
		T[m] = pt[i].T;
		y[m] = v;
		dy[m] = dv;
		distinct |= T[m] != T[0];
		m++;
	}
	if (!distinct) {
		hop_err_set(err, "an Arrhenius fit needs %s resolved (%s > 2 "
		    "d%s) at two or more temperatures; resolved: %s; upper "
		    "bounds: %s", q, q, q, m ? res : "none",
		    up[0] ? up : "none");
		goto out;
	}
	ret = hop_arr_fit_values(T, y, dy, m, of_sigma, f, err);
out:
	free(T);
	return ret;
}

int
hop_arr_fit_D(const struct hop_arr_point *pt, size_t n,
    struct hop_arr_fit *f, struct hop_err *err)
{
	return fit_points(pt, n, 0, f, err);
}

int
hop_arr_fit_sigma(const struct hop_arr_point *pt, size_t n,
    struct hop_arr_fit *f, struct hop_err *err)
{
	return fit_points(pt, n, 1, f, err);
}

int
hop_arr_predict(const struct hop_arr_fit *f, double T,
    struct hop_arr_pred *p)
{
	double var, div;

	p->T = T;
	if (!(T > 0) || !isfinite(T)) {
		p->ln = p->se = p->value = p->lo = p->hi = NAN;
		return -1;
	}
	div = f->of_sigma ? T : 1;
	p->ln = f->c0 + f->c1 / T;
	var = f->cov00 + f->cov11 / (T * T) + 2 * f->cov01 / T;
	/* Rounding can make a tiny variance negative near the centroid. */
	p->se = var > 0 ? sqrt(var) : isnan(var) ? NAN : 0;
	p->value = exp(p->ln) / div;
	p->lo = exp(p->ln - p->se) / div;
	p->hi = exp(p->ln + p->se) / div;
	return 0;
}

/* --- the table --- */

enum col {
	C_T, C_D, C_DD, C_DC, C_DDC, C_SIG, C_DSIG, C_HAV, C_DHAV, C_MAT,
	C_RUN, NCOL
};

/* Column names; a second name is the old spelling of the same column. */
static const char *const col_name[NCOL][2] = {
	{"T_K", NULL}, {"D_self_cm2_s", "D_cm2_s"},
	{"dD_self_cm2_s", "dD_cm2_s"}, {"D_coll_cm2_s", NULL},
	{"dD_coll_cm2_s", NULL}, {"sigma_S_cm", NULL},
	{"dsigma_S_cm", NULL}, {"haven", NULL}, {"dhaven", NULL},
	{"material", NULL}, {"run", NULL}
};

/* Text columns: taken as they are, not parsed. */
#define IS_TEXT(k) ((k) == C_MAT || (k) == C_RUN)

/* The reader's state, so that helpers can word errors "FILE:LINE: ". */
struct table {
	struct hop_input *in;
	int tabs;           /* fields separated by single tabs */
	int header;         /* a header gave the columns */
	int ncols;          /* fields per row with a header */
	int col[NCOL];      /* field index of each wanted column, or -1 */
};

static void table_err(const struct table *t, struct hop_err *err,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
table_err(const struct table *t, struct hop_err *err, const char *fmt, ...)
{
	char what[HOP_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	hop_err_set(err, "%s:%llu: %s", hop_input_name(t->in),
	    (unsigned long long)hop_input_lineno(t->in), what);
}

static const char *
skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * Split [p, end) into fields and call fn on each (with its 0-based
 * index), stopping at the first that returns -1.  Tab-separated text
 * splits at every tab (empty fields count); otherwise runs of blanks and
 * tabs separate, and leading and trailing ones are ignored.  Returns the
 * number of fields, or -1.
 */
static int
split(const struct table *t, const char *p, const char *end,
    int (*fn)(void *, int, const char *, const char *), void *arg)
{
	int field = 0;

	if (!t->tabs && (p = skip_blanks(p, end)) == end)
		return 0;
	for (;;) {
		const char *q = p;

		while (q < end && *q != '\t' && (t->tabs || *q != ' '))
			q++;
		if (field == 100000 || fn(arg, field, p, q) != 0)
			return -1;
		field++;
		if (q == end)
			return field;
		p = t->tabs ? q + 1 : skip_blanks(q, end);
		if (!t->tabs && p == end)
			return field;
	}
}

struct header_ctx {
	struct table *t;
	struct hop_err *err;
};

static int
header_field(void *arg, int field, const char *p, const char *q)
{
	struct header_ctx *h = arg;
	size_t len = (size_t)(q - p);
	int k, j;

	for (k = 0; k < NCOL; k++)
		for (j = 0; j < 2; j++) {
			const char *name = col_name[k][j];

			if (name == NULL || strlen(name) != len ||
			    memcmp(p, name, len) != 0)
				continue;
			if (h->t->col[k] >= 0) {
				table_err(h->t, h->err, "column '%s' appears "
				    "twice%s%s%s", col_name[k][0],
				    col_name[k][1] ? " (or also as '" : "",
				    col_name[k][1] ? col_name[k][1] : "",
				    col_name[k][1] ? "')" : "");
				return -1;
			}
			h->t->col[k] = field;
		}
	return 0;
}

/* Read the header line [p, end): the field index of each wanted column. */
static int
read_header(struct table *t, const char *p, const char *end,
    struct hop_err *err)
{
	struct header_ctx h = {t, err};
	int k;

	t->tabs = memchr(p, '\t', (size_t)(end - p)) != NULL;
	t->header = 1;
	for (k = 0; k < NCOL; k++)
		t->col[k] = -1;
	if ((t->ncols = split(t, p, end, header_field, &h)) < 0)
		return -1;
	if (t->col[C_T] < 0) {
		table_err(t, err, "no T_K column in the header");
		return -1;
	}
	if (t->col[C_D] < 0) {
		table_err(t, err, "no D_self_cm2_s (or D_cm2_s) column in "
		    "the header");
		return -1;
	}
	return 0;
}

/* "nan" in any case, signed or not, as printf and numpy write an
 * unknown value. */
static int
is_nan_word(const char *p, size_t n)
{
	if (n > 0 && (*p == '-' || *p == '+')) {
		p++;
		n--;
	}
	return n == 3 && (p[0] == 'n' || p[0] == 'N') &&
	    (p[1] == 'a' || p[1] == 'A') && (p[2] == 'n' || p[2] == 'N');
}

/* The name of column k in messages: its header name, or its position. */
static const char *
col_label(const struct table *t, int k)
{
	if (t->header)
		return col_name[k][0];
	switch (k) {
	case C_T:
		return "T";
	case C_D:
		return "D";
	case C_DD:
		return "dD";
	case C_SIG:
		return "sigma";
	default:
		return "dsigma";
	}
}

/* Column of each field of a headerless row: T D dD sigma dsigma. */
static const int positional[5] = {C_T, C_D, C_DD, C_SIG, C_DSIG};

struct row_ctx {
	struct table *t;
	struct hop_err *err;
	double v[NCOL];
	const char *text[NCOL];
	size_t tlen[NCOL];
};

static int
row_field(void *arg, int field, const char *p, const char *q)
{
	struct row_ctx *r = arg;
	int k, want = -1;

	if (r->t->header) {
		for (k = 0; k < NCOL; k++)
			if (r->t->col[k] == field)
				want = k;
	} else if (field < 5) {
		want = positional[field];
	}
	if (want < 0)
		return 0;
	if (IS_TEXT(want)) {
		r->text[want] = p;
		r->tlen[want] = (size_t)(q - p);
		return 0;
	}
	if (p < q && hop_parse_double(p, q, &r->v[want]) == q)
		return 0;
	if (is_nan_word(p, (size_t)(q - p))) {
		r->v[want] = NAN;
		return 0;
	}
	table_err(r->t, r->err, "field %d (%s): '%.*s' is not a number",
	    field + 1, col_label(r->t, want), (int)(q - p > 40 ? 40 : q - p),
	    p);
	return -1;
}

/* Parse one data row [p, end) into pt.  0 or -1. */
static int
read_row(struct table *t, const char *p, const char *end,
    struct hop_arr_point *pt, struct hop_err *err)
{
	static const int unc[4] = {C_DD, C_DDC, C_DSIG, C_DHAV};
	struct row_ctx r;
	int k, nf;

	memset(&r, 0, sizeof(r));
	r.t = t;
	r.err = err;
	for (k = 0; k < NCOL; k++)
		r.v[k] = NAN;
	if ((nf = split(t, p, end, row_field, &r)) < 0)
		return -1;
	if (t->header && nf != t->ncols) {
		table_err(t, err, "%d field%s, the header has %d", nf,
		    nf == 1 ? "" : "s", t->ncols);
		return -1;
	}
	if (!t->header && (nf < 2 || nf > 5)) {
		table_err(t, err, "expected T D [dD [sigma dsigma]], got %d "
		    "field%s", nf, nf == 1 ? "" : "s");
		return -1;
	}
	if (!(r.v[C_T] > 0) || !isfinite(r.v[C_T])) {
		table_err(t, err, "%s = %g is not a positive temperature",
		    col_label(t, C_T), r.v[C_T]);
		return -1;
	}
	if (!isfinite(r.v[C_D])) {
		table_err(t, err, "%s = %g: every row needs a D*",
		    col_label(t, C_D), r.v[C_D]);
		return -1;
	}
	for (k = 0; k < 4; k++)
		if (r.v[unc[k]] < 0) {
			table_err(t, err, "%s = %g: an uncertainty cannot be "
			    "negative", col_label(t, unc[k]), r.v[unc[k]]);
			return -1;
		}
	memset(pt, 0, sizeof(*pt));
	if (r.text[C_RUN] != NULL && r.tlen[C_RUN] > 0)
		snprintf(pt->name, sizeof(pt->name), "%.*s",
		    (int)(r.tlen[C_RUN] < HOP_ARR_NAME_MAX ? r.tlen[C_RUN] :
		    HOP_ARR_NAME_MAX - 1), r.text[C_RUN]);
	else
		snprintf(pt->name, sizeof(pt->name), "%s:%llu",
		    hop_input_name(t->in),
		    (unsigned long long)hop_input_lineno(t->in));
	if (r.text[C_MAT] != NULL)
		snprintf(pt->material, sizeof(pt->material), "%.*s",
		    (int)(r.tlen[C_MAT] < HOP_ARR_MATERIAL_MAX ?
		    r.tlen[C_MAT] : HOP_ARR_MATERIAL_MAX - 1), r.text[C_MAT]);
	pt->T = r.v[C_T];
	pt->D = r.v[C_D];
	pt->dD = r.v[C_DD];
	pt->D_coll = r.v[C_DC];
	pt->dD_coll = r.v[C_DDC];
	pt->sigma = r.v[C_SIG];
	pt->dsigma = r.v[C_DSIG];
	pt->haven = r.v[C_HAV];
	pt->dhaven = r.v[C_DHAV];
	pt->D_bound = pt->sigma_bound = NAN;
	return 0;
}

int
hop_arr_read_table(const char *path, const char *material,
    struct hop_arr_point **out, size_t *nout, struct hop_err *err)
{
	struct table t;
	struct hop_arr_point *pt = NULL, row;
	size_t n = 0, cap = 0, len;
	unsigned long long first_line = 0;
	char first[HOP_ARR_MATERIAL_MAX] = "", *line;
	int seen = 0, st;

	*out = NULL;
	*nout = 0;
	memset(&t, 0, sizeof(t));
	if ((t.in = hop_input_open(path, NULL, NULL, err)) == NULL)
		return -1;
	while ((st = hop_input_line(t.in, &line, &len, err)) == 1) {
		const char *end = line + len, *p = skip_blanks(line, end);
		const char *q = p;
		double v;

		if (p == end || *p == '#')
			continue;
		while (q < end && *q != ' ' && *q != '\t')
			q++;
		/* A first line that does not start with a number is the
		 * header. */
		if (!seen++ && hop_parse_double(p, q, &v) == NULL &&
		    !is_nan_word(p, (size_t)(q - p))) {
			if (read_header(&t, line, end, err) != 0)
				goto fail;
			if (material != NULL && t.col[C_MAT] < 0) {
				table_err(&t, err, "no material column to "
				    "pick '%s' by", material);
				goto fail;
			}
			continue;
		}
		if (read_row(&t, line, end, &row, err) != 0)
			goto fail;
		if (material != NULL) {
			if (strcmp(row.material, material) != 0)
				continue;
		} else if (t.header && t.col[C_MAT] >= 0) {
			if (first_line == 0) {
				snprintf(first, sizeof(first), "%s",
				    row.material);
				first_line = hop_input_lineno(t.in);
			} else if (strcmp(first, row.material) != 0) {
				hop_err_set(err, "%s: rows of several materials "
				    "('%s' at line %llu, '%s' at line %llu): an "
				    "Arrhenius fit is per material",
				    hop_input_name(t.in), first, first_line,
				    row.material, (unsigned long long)
				    hop_input_lineno(t.in));
				goto fail;
			}
		}
		if (n == cap) {
			size_t nc = cap ? 2 * cap : 16;
			struct hop_arr_point *np = nc > 1000000 ? NULL :
			    realloc(pt, nc * sizeof(*pt));

			if (np == NULL) {
				hop_err_set(err, "%s: out of memory after %zu "
				    "rows", hop_input_name(t.in), n);
				goto fail;
			}
			pt = np;
			cap = nc;
		}
		pt[n++] = row;
	}
	if (st < 0)
		goto fail;
	if (material != NULL && n == 0) {
		hop_err_set(err, "%s: no rows of material '%s'",
		    hop_input_name(t.in), material);
		goto fail;
	}
	hop_input_close(t.in);
	*out = pt;
	*nout = n;
	return 0;
fail:
	hop_input_close(t.in);
	free(pt);
	return -1;
}

/* --- the figure --- */

/* Widen the log10 range [*lo, *hi] to hold v, when v can be drawn. */
static void
widen(double *lo, double *hi, double v)
{
	if (v > 0 && isfinite(v)) {
		*lo = fmin(*lo, log10(v));
		*hi = fmax(*hi, log10(v));
	}
}

/* Two-point line from (1000/Ta, y(Ta)) to (1000/Tb, y(Tb)). */
static void
fit_line(struct hop_svg_panel *p, const struct hop_arr_fit *f, double Ta,
    double Tb, const struct hop_svg_style *st, const char *legend)
{
	double x[2] = {1000.0 / Ta, 1000.0 / Tb};
	double y[2] = {exp(f->c0 + f->c1 / Ta), exp(f->c0 + f->c1 / Tb)};

	hop_svg_line(p, x, y, 2, st, legend);
}

struct hop_svg *
hop_arr_svg(const struct hop_arr_point *pt, size_t n,
    const struct hop_arr_fit *f, double Tpred)
{
	static const struct hop_svg_style dots = {0, HOP_MARK_CIRCLE, 4, 0,
	    0, 0};
	static const struct hop_svg_style bars = {0, HOP_MARK_NONE, 4, 0, 1.2,
	    0};
	static const struct hop_svg_style ups = {1, HOP_MARK_UPPER, 5, 0, 0,
	    0};
	static const struct hop_svg_style solid = {-1, HOP_MARK_NONE, 0, 0,
	    1.5, 0};
	static const struct hop_svg_style dashed = {-1, HOP_MARK_NONE, 0, 1,
	    1.5, 0};
	static const struct hop_svg_style pred = {2, HOP_MARK_DIAMOND, 5, 0,
	    0, 0};
	static const struct hop_svg_style pbar = {2, HOP_MARK_NONE, 5, 0, 1.5,
	    0};
	struct hop_svg *s = hop_svg_new(1, 1, 640, 460, "Arrhenius plot of D*");
	struct hop_svg_panel *p;
	double *x = malloc(6 * (n ? n : 1) * sizeof(double));
	double *y, *lo, *hi, *ux, *uy, ylo = INFINITY, yhi = -INFINITY;
	size_t i, nr = 0, nu = 0;

	if (s == NULL || x == NULL) {
		hop_svg_free(s);
		free(x);
		return NULL;
	}
	y = x + n;
	lo = y + n;
	hi = lo + n;
	ux = hi + n;
	uy = ux + n;
	p = hop_svg_panel(s, 0, 0);
	hop_svg_labels(p, NULL, "1000/T (K\xe2\x81\xbb\xc2\xb9)",
	    "D* (cm\xc2\xb2 s\xe2\x81\xbb\xc2\xb9)");
	hop_svg_log_y(p, 1);
	for (i = 0; i < n; i++) {
		const struct hop_arr_point *q = &pt[i];

		if (!(q->T > 0) || !isfinite(q->T))
			continue;
		if (hop_arr_resolved(q->D, q->dD)) {
			double e = fabs(q->dD);

			x[nr] = 1000.0 / q->T;
			y[nr] = q->D;
			lo[nr] = isnan(e) ? NAN : q->D - e;
			hi[nr] = isnan(e) ? NAN : q->D + e;
			widen(&ylo, &yhi, y[nr]);
			widen(&ylo, &yhi, lo[nr]);
			widen(&ylo, &yhi, hi[nr]);
			nr++;
		} else {
			double b = hop_arr_bound(q->D, q->dD);

			if (!(b > 0) || !isfinite(b))
				continue;
			ux[nu] = 1000.0 / q->T;
			uy[nu] = b;
			widen(&ylo, &yhi, b);
			nu++;
		}
	}
	if (f != NULL) {
		struct hop_arr_pred pr;
		char leg[120];

		if (isfinite(f->dEa))
			snprintf(leg, sizeof(leg), "fit: Ea = %.3g \xc2\xb1 "
			    "%.2g eV", f->Ea, f->dEa);
		else
			snprintf(leg, sizeof(leg), "fit: Ea = %.3g eV", f->Ea);
		fit_line(p, f, f->Tmax, f->Tmin, &solid, leg);
		if (hop_arr_predict(f, Tpred, &pr) == 0) {
			double px = 1000.0 / Tpred;

			if (Tpred < f->Tmin)
				fit_line(p, f, f->Tmin, Tpred, &dashed,
				    "extrapolation");
			else if (Tpred > f->Tmax)
				fit_line(p, f, Tpred, f->Tmax, &dashed,
				    "extrapolation");
			snprintf(leg, sizeof(leg), "D*(%g K), 68 %% interval",
			    Tpred);
			hop_svg_errorbars(p, &px, &pr.lo, &pr.hi, 1, &pbar,
			    NULL);
			hop_svg_points(p, &px, &pr.value, 1, &pred, leg);
			widen(&ylo, &yhi, pr.value);
			widen(&ylo, &yhi, pr.lo);
			widen(&ylo, &yhi, pr.hi);
		}
	}
	hop_svg_errorbars(p, x, lo, hi, nr, &bars, NULL);
	if (nr > 0)
		hop_svg_points(p, x, y, nr, &dots, "D* \xc2\xb1 dD*");
	if (nu > 0)
		hop_svg_points(p, ux, uy, nu, &ups, "upper bound");
	if (ylo <= yhi) {
		/* The data, their error bars, the bounds and the prediction,
		 * with a margin; whole decades when less than one, so that
		 * the axis has a labelled tick. */
		double m = yhi > ylo ? 0.05 * (yhi - ylo) : 0.5;

		ylo -= m;
		yhi += m;
		if (floor(yhi) < ceil(ylo)) {
			ylo = floor(ylo);
			yhi = ceil(yhi);
		}
		hop_svg_ylim(p, pow(10, ylo), pow(10, yhi));
	}
	free(x);
	return s;
}

int
hop_arr_svg_write(const struct hop_arr_point *pt, size_t n,
    const struct hop_arr_fit *f, double Tpred, const char *path,
    struct hop_err *err)
{
	struct hop_svg *s = hop_arr_svg(pt, n, f, Tpred);
	int ret;

	if (s == NULL) {
		hop_err_set(err, "%s: out of memory", path);
		return -1;
	}
	ret = hop_svg_write(s, path, err);
	hop_svg_free(s);
	return ret;
}
