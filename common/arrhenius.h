/*
 * arrhenius.h - the Arrhenius analysis of diffusion coefficients and
 * conductivities measured at several temperatures: a table reader, the
 * classification of each value as resolved or as an upper bound, the
 * weighted fit of ln D (and of ln(sigma T)) against 1/T with its
 * covariance, predictions at any temperature with propagated
 * uncertainty, the Arrhenius figure, and the report the tools (msd
 * --arrhenius, arrhenius) print: the table and its summary line, written
 * to a FILE * the tool gives.  Warnings are the tool's to print
 * (hop_arr_upper_note words them).
 *
 * The law fitted is y(T) = y0 exp(-Ea / (kB T)), as the straight line
 *     ln y = c0 + c1 / T,   Ea = -kB c1,   y0 = exp(c0),
 * with y = D (cm^2/s), or y = sigma T (S K/cm) for the conductivity
 * (Nernst-Einstein: sigma T follows the collective D's Arrhenius law).
 *
 * Resolved or upper bound.  A value v with standard uncertainty dv is
 * resolved when v > 2 dv (zero is then outside its 95 % interval), or
 * when dv is unknown (NaN) and v > 0.  Any other value is kept as an
 * upper bound
 *     bound = max(v, 0) + 2 dv
 * (the top of its 95 % interval; NaN when dv is unknown or v is not a
 * number), shown as such in tables and figures, and left out of the fit.
 * Only resolved values enter a fit: ln v is meaningless for v <= 0 and
 * its uncertainty dv / v is not small for v <= 2 dv.
 *
 * Weights.  var(ln v) = (dv / v)^2, so each point weighs (v / dv)^2.
 * When every fitted point has a finite dv > 0 the fit is weighted
 * (gsl_fit_wlinear) and its covariance comes from the weights, scaled by
 * chi2 / dof when that exceeds 1: the block uncertainties of D come from
 * a handful of blocks and may understate the scatter, which then sets
 * the uncertainty; a chi2 / dof below 1 does not shrink the weights'
 * covariance (with few points a small chi2 is chance).  With two points
 * (dof = 0) the covariance is the weights' alone.  When some fitted
 * point has no uncertainty the fit is unweighted (gsl_fit_linear) and
 * the covariance comes from the scatter, RSS / (n - 2); with two points
 * it is unknown (NaN).
 */
#ifndef HOP_ARRHENIUS_H
#define HOP_ARRHENIUS_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "svg.h"

#define HOP_ARR_KB_EV 8.617333262e-5 /* Boltzmann constant, eV/K */
#define HOP_ARR_T_DEFAULT 300.0      /* K: the default prediction */
#define HOP_ARR_NAME_MAX 300
#define HOP_ARR_MATERIAL_MAX 64

/* One temperature: a run, or a row of a table.  Unknown values are NaN. */
struct hop_arr_point {
	char name[HOP_ARR_NAME_MAX];  /* the run, or "table:line" */
	char material[HOP_ARR_MATERIAL_MAX]; /* a table's material, or "" */
	double T;                     /* K, > 0 */
	double D, dD;                 /* tracer D* and uncertainty, cm^2/s */
	double D_coll, dD_coll;       /* collective D, cm^2/s */
	double sigma, dsigma;         /* conductivity, S/cm */
	double haven, dhaven;         /* Haven ratio D* / D_coll */
	/* Set by hop_arr_classify. */
	int upper;                    /* D is not resolved: an upper bound */
	double D_bound;               /* then its bound, else NaN */
	int sigma_upper;              /* a sigma that is not resolved */
	double sigma_bound;           /* then its bound, else NaN */
};

/* Whether v (uncertainty dv, NaN when unknown) is resolved, as above:
 * 1 or 0.  A negative dv counts as its absolute value. */
int hop_arr_resolved(double v, double dv);

/* The upper bound max(v, 0) + 2 |dv| of a value that is not resolved;
 * NaN when v or dv is not a number. */
double hop_arr_bound(double v, double dv);

/*
 * Set upper, D_bound, sigma_upper and sigma_bound of the n points.  A D
 * that is not resolved (NaN included) is an upper bound; a sigma is one
 * only when it is a number (a NaN sigma is no conductivity, not a
 * bound).  Returns the number of points whose D is an upper bound.
 */
size_t hop_arr_classify(struct hop_arr_point *pt, size_t n);

/*
 * The warning for a point whose D is an upper bound, into buf (size
 * len, always terminated), without program name or newline:
 *   "run1 (1000 K): D* = 2.3e-09 +- 7.8e-08 cm^2/s is not resolved
 *    (D* <= 2 dD*): kept as an upper bound D* < 1.6e-07 cm^2/s and left
 *    out of the fit"
 */
void hop_arr_upper_note(const struct hop_arr_point *p, char *buf,
    size_t len);

/* A fit of ln y = c0 + c1 / T. */
struct hop_arr_fit {
	int of_sigma;         /* 0: y = D (cm^2/s); 1: y = sigma T (S K/cm) */
	double c0, c1;
	double cov00, cov01, cov11; /* covariance of (c0, c1), as used */
	double chi2;          /* weighted: sum w r^2; unweighted: sum r^2 */
	size_t n, dof;        /* points fitted, n - 2 */
	int weighted;         /* 1: by the uncertainties; 0: by the scatter */
	double scale;         /* covariance factor applied to the weights'
	                       * (max(1, chi2/dof), 1 when dof = 0; NaN
	                       * unweighted) */
	double Ea, dEa;       /* eV: -kB c1, kB sqrt(cov11) */
	double pre, dlnpre;   /* y0 = exp(c0) and sqrt(cov00), the standard
	                       * error of ln y0 */
	double Tmin, Tmax;    /* K: the fitted points' range */
};

/*
 * The fit of ln(y[i] T[i]^of_sigma) against 1/T[i] over all n points,
 * weighted by dy (may be NULL: unweighted) as above.  Every y must be
 * positive and finite and every T positive; the caller has left out the
 * values that are not resolved.  Returns 0, or -1 with err set (a y or
 * T out of range, fewer than two distinct temperatures, out of memory).
 */
int hop_arr_fit_values(const double *T, const double *y, const double *dy,
    size_t n, int of_sigma, struct hop_arr_fit *f, struct hop_err *err);

/*
 * The Arrhenius fit of D over the points whose D is resolved (whether or
 * not hop_arr_classify ran).  Returns 0, or -1 with err set when fewer
 * than two distinct temperatures have a resolved D; the message says so
 * and names the resolved points and the upper bounds, e.g.
 *   "an Arrhenius fit needs D* resolved (D* > 2 dD*) at two or more
 *    temperatures; resolved: run2 (1600 K); upper bounds: run1 (1000 K)"
 */
int hop_arr_fit_D(const struct hop_arr_point *pt, size_t n,
    struct hop_arr_fit *f, struct hop_err *err);

/*
 * The same for sigma T over the points whose sigma is resolved by
 * dsigma.  -1 with err set (worded as above, for sigma) when fewer than
 * two temperatures qualify; tools usually report the conductivity's
 * Arrhenius numbers as NaN then rather than fail.
 */
int hop_arr_fit_sigma(const struct hop_arr_point *pt, size_t n,
    struct hop_arr_fit *f, struct hop_err *err);

/* A prediction of the fit at one temperature. */
struct hop_arr_pred {
	double T;         /* K */
	double ln, se;    /* ln y(T) = c0 + c1 / T and its standard error */
	double value;     /* D(T) in cm^2/s, or sigma(T) = y(T) / T in S/cm */
	double lo, hi;    /* the 68 % interval: exp(ln -+ se), / T for sigma */
};

/*
 * Predict at T > 0 from the fit's covariance:
 *   se^2 = cov00 + cov11 / T^2 + 2 cov01 / T.
 * Returns 0, or -1 when T is not positive and finite (p all NaN).
 */
int hop_arr_predict(const struct hop_arr_fit *f, double T,
    struct hop_arr_pred *p);

/*
 * Read a table of temperatures, one row per line, as msd --arrhenius
 * prints and as examples/database's summary.tsv is, with the one table
 * reader (table.h: comments, separators and the spellings of NaN are
 * its).  When the first line that is not a comment does not start with
 * a number it is a header and columns are picked by name:
 *   T_K (required), D_self_cm2_s or D_cm2_s (required), dD_self_cm2_s or
 *   dD_cm2_s, D_coll_cm2_s, dD_coll_cm2_s, sigma_S_cm, dsigma_S_cm,
 *   haven, dhaven, material, run (the point's name);
 * other columns, text or numbers, any number of them, are ignored.
 * Without a header, rows are
 *   T D [dD [sigma dsigma]]
 * blank- or tab-separated.  T must be a positive number and D a number;
 * uncertainties must not be negative.  Names are the run column's text
 * or "FILE:LINE".
 *
 * material NULL keeps every row, but a table whose material column holds
 * two different values is refused (an Arrhenius fit is per material);
 * otherwise only the rows of that material are kept, and a table without
 * any is refused.
 *
 * On success *pt (malloc'ed, free it; NULL when *n = 0) holds *n points,
 * not yet classified, and 0 is returned.  -1 with err set, worded
 * "FILE:LINE: what", e.g. "t.tsv:4: field 3 (dD_self_cm2_s): 'x' is not
 * a number".
 */
int hop_arr_read_table(const char *path, const char *material,
    struct hop_arr_point **pt, size_t *n, struct hop_err *err);

/*
 * The same over several tables (path "-": standard input), their rows in
 * order; the material rules hold over them all (with material, the
 * tables together must hold rows of it).
 */
int hop_arr_read_tables(const char *const *paths, size_t npaths,
    const char *material, struct hop_arr_point **pt, size_t *n,
    struct hop_err *err);

/*
 * The Arrhenius figure: D* against 1000/T on a log axis.  Resolved
 * points are circles with error bars D -+ dD (cut at the axis bottom
 * when D - dD <= 0); upper bounds are downward triangles with an arrow
 * at their bound, labelled "upper bound"; the fit f (NULL: none) is a
 * solid line over the fitted temperatures and dashed from there to Tpred
 * (when outside them), where the prediction is a diamond with its 68 %
 * interval as error bar.  The y range covers the data with their error
 * bars, the bounds and the prediction's interval, and no more.  Labels:
 * "1000/T (K⁻¹)", "D* (cm² s⁻¹)"; title "Arrhenius plot of D*".
 * NULL when out of memory.
 */
struct hop_svg *hop_arr_svg(const struct hop_arr_point *pt, size_t n,
    const struct hop_arr_fit *f, double Tpred);

/* hop_arr_svg written to path atomically (hop_svg_write).  0, or -1 with
 * err set. */
int hop_arr_svg_write(const struct hop_arr_point *pt, size_t n,
    const struct hop_arr_fit *f, double Tpred, const char *path,
    struct hop_err *err);

/* The analysis of a set of points: the fits of D and of sigma T and
 * their predictions at one temperature. */
struct hop_arr_result {
	struct hop_arr_fit fd, fs;
	struct hop_arr_pred pd, ps;
	int have_sigma;   /* fs and ps hold a fit (else the summary's sigma
	                   * numbers are NaN) */
	size_t nupper;    /* points whose D is an upper bound */
};

/*
 * Classify the points, pass note (may be NULL) the hop_arr_upper_note of
 * each upper bound, fit D (and note when some of the points fitted have
 * an uncertainty and others none, which makes the fit unweighted) and
 * predict it at T, and fit sigma T and
 * predict it when two or more temperatures have a resolved sigma.  0, or
 * -1 with err set when D has no fit (hop_arr_fit_D); the notes come
 * first either way.
 */
int hop_arr_analyse(struct hop_arr_point *pt, size_t n, double T,
    void (*note)(const char *msg), struct hop_arr_result *res,
    struct hop_err *err);

/*
 * The table to fp, one row per point,
 *   T_K D_self_cm2_s dD_self_cm2_s D_coll_cm2_s dD_coll_cm2_s haven
 *   dhaven sigma_S_cm dsigma_S_cm bound D_bound_cm2_s run
 * tab-separated (bound: "resolved" or "upper"), then the summary line
 *   # Ea_eV=... dEa_eV=... D0_cm2_s=... D_300K_cm2_s=... D_300K_lo=...
 *   D_300K_hi=... Ea_sigma_eV=... dEa_sigma_eV=... sigma_300K_S_cm=...
 *   sigma_300K_lo=... sigma_300K_hi=... points=... upper=...
 *   weighted=yes|no chi2=... dof=... scale=...
 * (300: the prediction's temperature).  Unknown numbers are "nan".
 */
void hop_arr_print(FILE *fp, const struct hop_arr_point *pt, size_t n,
    const struct hop_arr_result *res);

/*
 * The same as one JSON object to fp: T_K (the prediction's), Ea_eV,
 * dEa_eV, D_cm2_s_at_T, D_at_T_lo, D_at_T_hi, D0_cm2_s, Ea_sigma_eV,
 * dEa_sigma_eV, sigma_S_cm_at_T, sigma_at_T_lo, sigma_at_T_hi, points,
 * upper, weighted, chi2, dof, scale, and rows: an object per point with
 * the table's columns (and its material).  Unknown numbers are null.
 */
void hop_arr_json(FILE *fp, const struct hop_arr_point *pt, size_t n,
    const struct hop_arr_result *res);

/* What hop_arr_report does besides the table. */
struct hop_arr_report {
	double T;            /* K: the prediction's temperature */
	const char *svg;     /* the figure's file, NULL: none */
	const char *json;    /* hop_arr_json's file, "-": to out instead of
	                      * the table, NULL: none */
	/* The figure's title and axis labels: NULL keeps hop_arr_svg's,
	 * "" leaves it out. */
	const char *title, *xlabel, *ylabel;
	void (*note)(const char *msg); /* as for hop_arr_analyse */
};

/*
 * The whole report of a tool: hop_arr_analyse, hop_arr_print to out (or
 * hop_arr_json, as r->json says), and the figure into r->svg.  0, or -1 with err set (no fit: nothing
 * printed; the figure not written: the table is printed).
 */
int hop_arr_report(struct hop_arr_point *pt, size_t n,
    const struct hop_arr_report *r, FILE *out, struct hop_err *err);

#endif
