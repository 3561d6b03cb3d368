/*
 * arrhenius.c - see arrhenius.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_fit.h>

#include "arrhenius.h"
#include "json.h"
#include "outfile.h"
#include "table.h"

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
		hop_err_set(err, "the Arrhenius fit failed (its numbers "
		    "overflow: temperatures too close together, or values "
		    "far apart)");
		goto out;
	}
	/* + 0.0: a flat fit's -0 printed as 0. */
	f->Ea = -HOP_ARR_KB_EV * f->c1 + 0.0;
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

/* A table without a header: T D [dD [sigma dsigma]], the names its
 * fields have in messages. */
static const char *const positional[] = {"T", "D", "dD", "sigma",
    "dsigma", NULL};
static const int positional_col[5] = {C_T, C_D, C_DD, C_SIG, C_DSIG};

/* Text columns: taken as they are, not parsed. */
#define IS_TEXT(k) ((k) == C_MAT || (k) == C_RUN)

/* The name of column k in messages: its header name, or its position. */
static const char *
col_label(const struct hop_table *t, int k)
{
	int j;

	if (hop_table_has_header(t))
		return col_name[k][0];
	for (j = 0; j < 5; j++)
		if (positional_col[j] == k)
			return positional[j];
	return col_name[k][0];
}

/*
 * The field of each column (col[k], -1 for none): by name from the
 * header, by position without one.  0, or -1 with err set (a column
 * twice, no T_K or no D).
 */
static int
find_columns(const struct hop_table *t, int *col, struct hop_err *err)
{
	int k, j, c;

	for (k = 0; k < NCOL; k++)
		col[k] = -1;
	if (!hop_table_has_header(t)) {
		for (j = 0; j < 5; j++)
			col[positional_col[j]] = j;
		return 0;
	}
	for (k = 0; k < NCOL; k++)
		for (j = 0; j < 2; j++) {
			if (col_name[k][j] == NULL ||
			    (c = hop_table_col(t, col_name[k][j])) == -1)
				continue;
			if (c == -2 || col[k] >= 0) {
				hop_table_err(t, err, "column '%s' appears "
				    "twice%s%s%s", col_name[k][0],
				    col_name[k][1] ? " (or also as '" : "",
				    col_name[k][1] ? col_name[k][1] : "",
				    col_name[k][1] ? "')" : "");
				return -1;
			}
			col[k] = c;
		}
	if (col[C_T] < 0) {
		hop_table_err(t, err, "no T_K column in the header");
		return -1;
	}
	if (col[C_D] < 0) {
		hop_table_err(t, err, "no D_self_cm2_s (or D_cm2_s) column in "
		    "the header");
		return -1;
	}
	return 0;
}

/* Copy field k of t (NULL, or -1 for none: "") into buf of size len. */
static void
copy_text(const struct hop_table *t, int k, char *buf, size_t len)
{
	const char *f = k >= 0 ? hop_table_field(t, (size_t)k) : NULL;

	snprintf(buf, len, "%s", f != NULL ? f : "");
}

/* The current row of t into pt.  0 or -1. */
static int
read_row(const struct hop_table *t, const int *col,
    struct hop_arr_point *pt, struct hop_err *err)
{
	static const int unc[4] = {C_DD, C_DDC, C_DSIG, C_DHAV};
	size_t nf = hop_table_nfields(t), f;
	double v[NCOL];
	int k;

	for (k = 0; k < NCOL; k++)
		v[k] = NAN;
	/* In the order of the fields, so that the first bad one is named. */
	for (f = 0; f < nf; f++)
		for (k = 0; k < NCOL; k++) {
			if (col[k] != (int)f || IS_TEXT(k) ||
			    hop_table_number(t, f, &v[k]) == 0)
				continue;
			hop_table_err(t, err, "field %zu (%s): '%.40s' is not "
			    "a number", f + 1, col_label(t, k),
			    hop_table_field(t, f));
			return -1;
		}
	if (!hop_table_has_header(t) && (nf < 2 || nf > 5)) {
		hop_table_err(t, err, "expected T D [dD [sigma dsigma]], got "
		    "%zu field%s", nf, nf == 1 ? "" : "s");
		return -1;
	}
	/* The temperatures --at and hopsites -t take. */
	if (!(v[C_T] >= 1 && v[C_T] <= 1e5)) {
		hop_table_err(t, err, "%s = %g is not a temperature of 1 to "
		    "100000 K", col_label(t, C_T), v[C_T]);
		return -1;
	}
	if (!isfinite(v[C_D])) {
		hop_table_err(t, err, "%s = %g: every row needs a D*",
		    col_label(t, C_D), v[C_D]);
		return -1;
	}
	/* Beyond these no diffusion coefficient in cm^2/s: a unit wrong,
	 * or a number broken (a zero D* is an upper bound of its dD). */
	for (k = 0; k < 2; k++) {
		double d = v[k ? C_DD : C_D];

		if (fabs(d) > 1e2 || (d != 0 && fabs(d) < 1e-30)) {
			hop_table_err(t, err, "%s = %g is no diffusion "
			    "coefficient in cm^2/s (at most 100 in size, and "
			    "0 or at least 1e-30)", col_label(t, k ? C_DD :
			    C_D), d);
			return -1;
		}
	}
	if (v[C_D] == 0 && !(v[C_DD] > 0)) {
		hop_table_err(t, err, "%s = 0 without a positive uncertainty: "
		    "neither a value nor an upper bound", col_label(t, C_D));
		return -1;
	}
	for (k = 0; k < 4; k++)
		if (v[unc[k]] < 0) {
			hop_table_err(t, err, "%s = %g: an uncertainty cannot "
			    "be negative", col_label(t, unc[k]), v[unc[k]]);
			return -1;
		}
	memset(pt, 0, sizeof(*pt));
	copy_text(t, col[C_RUN], pt->name, sizeof(pt->name));
	if (pt->name[0] == '\0')
		snprintf(pt->name, sizeof(pt->name), "%s:%llu",
		    hop_table_name(t),
		    (unsigned long long)hop_table_line(t));
	copy_text(t, col[C_MAT], pt->material, sizeof(pt->material));
	pt->T = v[C_T];
	pt->D = v[C_D];
	pt->dD = v[C_DD];
	pt->D_coll = v[C_DC];
	pt->dD_coll = v[C_DDC];
	pt->sigma = v[C_SIG];
	pt->dsigma = v[C_DSIG];
	pt->haven = v[C_HAV];
	pt->dhaven = v[C_DHAV];
	pt->D_bound = pt->sigma_bound = NAN;
	return 0;
}

/* The points read so far, and the first material met (for the check
 * that every row is of one material). */
struct points {
	struct hop_arr_point *pt;
	size_t n, cap;
	char first[HOP_ARR_MATERIAL_MAX]; /* "" before the first */
	char where[HOP_ARR_NAME_MAX];     /* its "FILE:LINE" */
	size_t table;                     /* the table it is in */
	unsigned long long line;          /* its line there */
};

/* Refuse row (line of table number table) when its material differs
 * from the first.  0 or -1. */
static int
one_material(struct points *p, const struct hop_table *t, size_t table,
    const struct hop_arr_point *row, struct hop_err *err)
{
	unsigned long long line = hop_table_line(t);

	if (p->where[0] == '\0') {
		snprintf(p->first, sizeof(p->first), "%s", row->material);
		snprintf(p->where, sizeof(p->where), "%s:%llu",
		    hop_table_name(t), line);
		p->table = table;
		p->line = line;
		return 0;
	}
	if (strcmp(p->first, row->material) == 0)
		return 0;
	if (p->table == table)
		hop_err_set(err, "%s: rows of several materials ('%s' at line "
		    "%llu, '%s' at line %llu): an Arrhenius fit is per "
		    "material", hop_table_name(t), p->first, p->line,
		    row->material, line);
	else
		hop_err_set(err, "rows of several materials ('%s' at %s, "
		    "'%s' at %s:%llu): an Arrhenius fit is per material",
		    p->first, p->where, row->material, hop_table_name(t),
		    line);
	return -1;
}

/* Append the rows of the table at path (number table) to p; alone: the
 * only table, which must then hold rows of material.  0 or -1. */
static int
read_one(const char *path, size_t table, int alone, const char *material,
    struct points *p, struct hop_err *err)
{
	struct hop_table *t = hop_table_open(path, positional, err);
	struct hop_arr_point row;
	size_t before = p->n;
	int col[NCOL], st, ret = -1;

	if (t == NULL)
		return -1;
	if (find_columns(t, col, err) != 0)
		goto out;
	if (material != NULL && hop_table_has_header(t) && col[C_MAT] < 0) {
		hop_table_err(t, err, "no material column to pick '%s' by",
		    material);
		goto out;
	}
	while ((st = hop_table_next(t, err)) == 1) {
		if (read_row(t, col, &row, err) != 0)
			goto out;
		if (material != NULL) {
			if (strcmp(row.material, material) != 0)
				continue;
		} else if (col[C_MAT] >= 0 &&
		    one_material(p, t, table, &row, err) != 0) {
			goto out;
		}
		if (p->n == p->cap) {
			size_t nc = p->cap ? 2 * p->cap : 16;
			struct hop_arr_point *np = nc > 1000000 ? NULL :
			    realloc(p->pt, nc * sizeof(*np));

			if (np == NULL) {
				hop_err_set(err, "%s: out of memory after %zu "
				    "rows", hop_table_name(t), p->n);
				goto out;
			}
			p->pt = np;
			p->cap = nc;
		}
		p->pt[p->n++] = row;
	}
	if (st == 0 && alone && material != NULL && p->n == before)
		hop_err_set(err, "%s: no rows of material '%s'",
		    hop_table_name(t), material);
	else if (st == 0)
		ret = 0;
out:
	hop_table_close(t);
	return ret;
}

int
hop_arr_read_tables(const char *const *paths, size_t npaths,
    const char *material, struct hop_arr_point **out, size_t *nout,
    struct hop_err *err)
{
	struct points p;
	size_t i;

	memset(&p, 0, sizeof(p));
	*out = NULL;
	*nout = 0;
	for (i = 0; i < npaths; i++)
		if (read_one(paths[i], i, npaths == 1, material, &p, err) != 0)
			goto fail;
	if (material != NULL && p.n == 0) {
		hop_err_set(err, "no rows of material '%s' in the %zu tables",
		    material, npaths);
		goto fail;
	}
	*out = p.pt;
	*nout = p.n;
	return 0;
fail:
	free(p.pt);
	return -1;
}

int
hop_arr_read_table(const char *path, const char *material,
    struct hop_arr_point **pt, size_t *n, struct hop_err *err)
{
	const char *paths[1];

	paths[0] = path != NULL ? path : "-";
	return hop_arr_read_tables(paths, 1, material, pt, n, err);
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

static int report_svg(const struct hop_arr_point *pt, size_t n,
    const struct hop_arr_fit *f, const struct hop_arr_report *r,
    struct hop_err *err);

int
hop_arr_svg_write(const struct hop_arr_point *pt, size_t n,
    const struct hop_arr_fit *f, double Tpred, const char *path,
    struct hop_err *err)
{
	struct hop_arr_report r = {Tpred, path, NULL, NULL, NULL, NULL,
	    NULL};

	return report_svg(pt, n, f, &r, err);
}

/* --- the report --- */

/* NaN without a sign: 0/0 is a negative NaN on x86, which printf shows
 * as "-nan". */
static double
num(double v)
{
	return isnan(v) ? NAN : v;
}

void
hop_arr_print(FILE *fp, const struct hop_arr_point *pt, size_t n,
    const struct hop_arr_result *r)
{
	const struct hop_arr_fit *fd = &r->fd, *fs = &r->fs;
	const struct hop_arr_pred *pd = &r->pd, *ps = &r->ps;
	double T = pd->T;
	int s = r->have_sigma;
	size_t i;

	fprintf(fp, "T_K\tD_self_cm2_s\tdD_self_cm2_s\tD_coll_cm2_s\t"
	    "dD_coll_cm2_s\thaven\tdhaven\tsigma_S_cm\tdsigma_S_cm\tbound\t"
	    "D_bound_cm2_s\trun\n");
	for (i = 0; i < n; i++)
		fprintf(fp, "%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t"
		    "%.6g\t%s\t%.6g\t%s\n", pt[i].T, num(pt[i].D),
		    num(pt[i].dD), num(pt[i].D_coll), num(pt[i].dD_coll),
		    num(pt[i].haven), num(pt[i].dhaven), num(pt[i].sigma),
		    num(pt[i].dsigma), pt[i].upper ? "upper" : "resolved",
		    num(pt[i].D_bound), pt[i].name);
	fprintf(fp, "# Ea_eV=%.6g dEa_eV=%.6g D0_cm2_s=%.6g D_%gK_cm2_s=%.6g "
	    "D_%gK_lo=%.6g D_%gK_hi=%.6g", fd->Ea, num(fd->dEa), fd->pre, T,
	    num(pd->value), T, num(pd->lo), T, num(pd->hi));
	fprintf(fp, " Ea_sigma_eV=%.6g dEa_sigma_eV=%.6g "
	    "sigma_%gK_S_cm=%.6g sigma_%gK_lo=%.6g sigma_%gK_hi=%.6g",
	    num(s ? fs->Ea : NAN), num(s ? fs->dEa : NAN), T,
	    num(s ? ps->value : NAN), T, num(s ? ps->lo : NAN), T,
	    num(s ? ps->hi : NAN));
	fprintf(fp, " points=%zu upper=%zu weighted=%s chi2=%.4g dof=%zu "
	    "scale=%.4g\n", fd->n, r->nupper, fd->weighted ? "yes" : "no",
	    num(fd->chi2), fd->dof, num(fd->scale));
}

/* The fit f and its prediction p as members of the current object,
 * the names beginning with pre ("" or "sigma_"). */
static void
json_fit(struct hop_json *j, const char *pre, const struct hop_arr_fit *f,
    const struct hop_arr_pred *p)
{
	char k[40];

	snprintf(k, sizeof(k), "Ea_%seV", pre);
	hop_json_number(j, k, f->Ea);
	snprintf(k, sizeof(k), "dEa_%seV", pre);
	hop_json_number(j, k, f->dEa);
	snprintf(k, sizeof(k), "%s_at_T", *pre ? "sigma_S_cm" : "D_cm2_s");
	hop_json_number(j, k, p->value);
	snprintf(k, sizeof(k), "%s_at_T_lo", *pre ? "sigma" : "D");
	hop_json_number(j, k, p->lo);
	snprintf(k, sizeof(k), "%s_at_T_hi", *pre ? "sigma" : "D");
	hop_json_number(j, k, p->hi);
}

void
hop_arr_json(FILE *fp, const struct hop_arr_point *pt, size_t n,
    const struct hop_arr_result *r)
{
	static const struct hop_arr_fit nofit = {1, NAN, NAN, NAN, NAN, NAN,
	    NAN, 0, 0, 0, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
	static const struct hop_arr_pred nopred = {NAN, NAN, NAN, NAN, NAN,
	    NAN};
	struct hop_json j;
	size_t i;

	hop_json_begin(&j, fp);
	hop_json_string(&j, "program", "arrhenius");
	hop_json_number(&j, "T_K", r->pd.T);
	json_fit(&j, "", &r->fd, &r->pd);
	hop_json_number(&j, "D0_cm2_s", r->fd.pre);
	json_fit(&j, "sigma_", r->have_sigma ? &r->fs : &nofit,
	    r->have_sigma ? &r->ps : &nopred);
	hop_json_uint(&j, "points", r->fd.n);
	hop_json_uint(&j, "upper", r->nupper);
	hop_json_bool(&j, "weighted", r->fd.weighted);
	hop_json_number(&j, "chi2", r->fd.chi2);
	hop_json_uint(&j, "dof", r->fd.dof);
	hop_json_number(&j, "scale", r->fd.scale);
	hop_json_array(&j, "rows");
	for (i = 0; i < n; i++) {
		hop_json_object(&j, NULL);
		hop_json_string(&j, "run", pt[i].name);
		hop_json_string(&j, "material", pt[i].material);
		hop_json_number(&j, "T_K", pt[i].T);
		hop_json_number(&j, "D_self_cm2_s", pt[i].D);
		hop_json_number(&j, "dD_self_cm2_s", pt[i].dD);
		hop_json_number(&j, "D_coll_cm2_s", pt[i].D_coll);
		hop_json_number(&j, "dD_coll_cm2_s", pt[i].dD_coll);
		hop_json_number(&j, "haven", pt[i].haven);
		hop_json_number(&j, "dhaven", pt[i].dhaven);
		hop_json_number(&j, "sigma_S_cm", pt[i].sigma);
		hop_json_number(&j, "dsigma_S_cm", pt[i].dsigma);
		hop_json_string(&j, "bound", pt[i].upper ? "upper" :
		    "resolved");
		hop_json_number(&j, "D_bound_cm2_s", pt[i].D_bound);
		hop_json_close(&j);
	}
	hop_json_close(&j);
	hop_json_finish(&j);
}

/* A figure's text: NULL keeps def, "" leaves it out. */
static const char *
fig_text(const char *given, const char *def)
{
	if (given == NULL)
		return def;
	return *given == '\0' ? NULL : given;
}

/* The figure of r into r->svg.  0, or -1 with err set. */
static int
report_svg(const struct hop_arr_point *pt, size_t n,
    const struct hop_arr_fit *f, const struct hop_arr_report *r,
    struct hop_err *err)
{
	struct hop_svg *s = hop_arr_svg(pt, n, f, r->T);
	int ret;

	if (s == NULL) {
		hop_err_set(err, "%s: out of memory", r->svg);
		return -1;
	}
	if (r->title != NULL)
		hop_svg_title(s, fig_text(r->title, NULL));
	if (r->xlabel != NULL || r->ylabel != NULL)
		hop_svg_labels(hop_svg_panel(s, 0, 0), NULL,
		    fig_text(r->xlabel, "1000/T (K\xe2\x81\xbb\xc2\xb9)"),
		    fig_text(r->ylabel, "D* (cm\xc2\xb2 s\xe2\x81\xbb\xc2\xb9)"));
	ret = hop_svg_write(s, r->svg, err);
	hop_svg_free(s);
	return ret;
}

int
hop_arr_analyse(struct hop_arr_point *pt, size_t n, double T,
    void (*note)(const char *msg), struct hop_arr_result *res,
    struct hop_err *err)
{
	char msg[800];
	size_t i;

	memset(res, 0, sizeof(*res));
	res->nupper = hop_arr_classify(pt, n);
	for (i = 0; note != NULL && i < n; i++)
		if (pt[i].upper) {
			hop_arr_upper_note(&pt[i], msg, sizeof(msg));
			note(msg);
		}
	if (hop_arr_fit_D(pt, n, &res->fd, err) != 0)
		return -1;
	if (note != NULL && !res->fd.weighted) {
		size_t m = 0, k = 0;

		for (i = 0; i < n; i++)
			if (hop_arr_resolved(pt[i].D, pt[i].dD)) {
				m++;
				k += !(pt[i].dD > 0 && isfinite(pt[i].dD));
			}
		/* Some points weighed, others not: say why none is. */
		if (k > 0 && k < m) {
			snprintf(msg, sizeof(msg), "%zu of the %zu points "
			    "fitted have no uncertainty of D* (missing, nan "
			    "or 0): the fit is unweighted, its errors from "
			    "the scatter", k, m);
			note(msg);
		}
	}
	hop_arr_predict(&res->fd, T, &res->pd);
	res->have_sigma = hop_arr_fit_sigma(pt, n, &res->fs, NULL) == 0;
	if (res->have_sigma)
		hop_arr_predict(&res->fs, T, &res->ps);
	return 0;
}

int
hop_arr_report(struct hop_arr_point *pt, size_t n,
    const struct hop_arr_report *r, FILE *out, struct hop_err *err)
{
	struct hop_arr_result res;

	if (hop_arr_analyse(pt, n, r->T, r->note, &res, err) != 0)
		return -1;
	if (r->json == NULL || strcmp(r->json, "-") != 0)
		hop_arr_print(out, pt, n, &res);
	if (r->json != NULL && strcmp(r->json, "-") == 0) {
		hop_arr_json(out, pt, n, &res);
	} else if (r->json != NULL) {
		struct hop_outfile of;

		if (hop_outfile_open(&of, r->json, err) != 0)
			return -1;
		hop_arr_json(of.fp, pt, n, &res);
		if (hop_outfile_commit(&of, err) != 0)
			return -1;
	}
	if (r->svg != NULL && report_svg(pt, n, &res.fd, r, err) != 0)
		return -1;
	return 0;
}
