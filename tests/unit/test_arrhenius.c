/*
 * test_arrhenius.c - the Arrhenius library: a known Ea recovered from
 * exact points; noisy weighted points against the weighted least-squares
 * formulas written out here; the prediction's standard error against
 * its formula; resolved values and upper bounds (issue 12's CaF2 case);
 * the fit's refusal with one resolved point; the conductivity's fit of
 * sigma T; tables by column name (summary.tsv's shape), without a header
 * (the old positional form) and bad lines with their exact messages; the
 * figure.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arrhenius.h"
#include "t.h"

#define KB HOP_ARR_KB_EV

/* A temporary file holding text; its path in path (size 64). */
static int
tmp_text(char *path, const char *text)
{
	int fd;
	FILE *fp;

	snprintf(path, 64, "/tmp/hoptools-arr.XXXXXX");
	if ((fd = mkstemp(path)) < 0)
		return -1;
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		return -1;
	}
	fputs(text, fp);
	return fclose(fp) == 0 ? 0 : -1;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* A point with only T, D and dD known. */
static struct hop_arr_point
pt_of(const char *name, double T, double D, double dD)
{
	struct hop_arr_point p;

	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "%s", name);
	p.T = T;
	p.D = D;
	p.dD = dD;
	p.D_coll = p.dD_coll = p.sigma = p.dsigma = NAN;
	p.haven = p.dhaven = p.D_bound = p.sigma_bound = NAN;
	return p;
}

/*
 * Weighted least squares of y = c0 + c1 x, written out: with
 * S = sum w, Sx = sum w x, Sy = sum w y, Sxx = sum w x^2,
 * Sxy = sum w x y and Delta = S Sxx - Sx^2,
 *   c1 = (S Sxy - Sx Sy) / Delta,   c0 = (Sxx Sy - Sx Sxy) / Delta,
 *   cov00 = Sxx / Delta, cov11 = S / Delta, cov01 = -Sx / Delta,
 * and chi2 = sum w (y - c0 - c1 x)^2.
 */
static void
wls(const double *x, const double *y, const double *w, int n, double c[2],
    double cov[3], double *chi2)
{
	double S = 0, Sx = 0, Sy = 0, Sxx = 0, Sxy = 0, d;
	int i;

	for (i = 0; i < n; i++) {
		S += w[i];
		Sx += w[i] * x[i];
		Sy += w[i] * y[i];
		Sxx += w[i] * x[i] * x[i];
		Sxy += w[i] * x[i] * y[i];
	}
	d = S * Sxx - Sx * Sx;
	c[1] = (S * Sxy - Sx * Sy) / d;
	c[0] = (Sxx * Sy - Sx * Sxy) / d;
	cov[0] = Sxx / d;
	cov[1] = -Sx / d;
	cov[2] = S / d;
	*chi2 = 0;
	for (i = 0; i < n; i++) {
		double r = y[i] - c[0] - c[1] * x[i];

		*chi2 += w[i] * r * r;
	}
}

static void
test_exact(void)
{
	double T[5] = {600, 800, 1000, 1200, 1500}, D[5], dD[5];
	struct hop_arr_fit f;
	struct hop_arr_pred pr;
	int i;

	for (i = 0; i < 5; i++) {
		D[i] = 2e-3 * exp(-0.45 / (KB * T[i]));
		dD[i] = 0.05 * D[i] * (1 + i);
	}
	T_OK("exact: fitted", hop_arr_fit_values(T, D, dD, 5, 0, &f,
	    NULL) == 0);
	T_NEAR("exact: Ea", f.Ea, 0.45, 1e-10);
	T_NEAR("exact: D0", f.pre / 2e-3, 1, 1e-10);
	{
		double flat[2] = {1e-5, 1e-5}, dflat[2] = {1e-6, 1e-6};
		struct hop_arr_fit g;
		char buf[32];

		snprintf(buf, sizeof(buf), "%g", hop_arr_fit_values(T, flat,
		    dflat, 2, 0, &g, NULL) == 0 ? g.Ea : NAN);
		T_OK("flat: Ea prints as 0, not -0", strcmp(buf, "0") == 0);
	}
	T_OK("exact: weighted, chi2 ~ 0, scale 1", f.weighted &&
	    f.chi2 < 1e-20 && f.scale == 1 && f.n == 5 && f.dof == 3);
	T_OK("exact: range", f.Tmin == 600 && f.Tmax == 1500);
	hop_arr_predict(&f, 300, &pr);
	T_NEAR("exact: D(300 K)", pr.value / (2e-3 * exp(-0.45 /
	    (KB * 300))), 1, 1e-9);
	T_OK("exact: interval around the value", pr.lo < pr.value &&
	    pr.value < pr.hi && pr.se > 0);
	/* sigma T follows the law: sigma = A / T exp(-Ea / kT). */
	for (i = 0; i < 5; i++)
		D[i] = 50.0 / T[i] * exp(-0.3 / (KB * T[i]));
	T_OK("exact sigma: fitted", hop_arr_fit_values(T, D, NULL, 5, 1, &f,
	    NULL) == 0 && f.of_sigma && !f.weighted);
	T_NEAR("exact sigma: Ea", f.Ea, 0.3, 1e-10);
	T_NEAR("exact sigma: (sigma T)0", f.pre / 50, 1, 1e-10);
	hop_arr_predict(&f, 400, &pr);
	T_NEAR("exact sigma: sigma(400 K) is sigma, not sigma T",
	    pr.value / (50.0 / 400 * exp(-0.3 / (KB * 400))), 1, 1e-10);
}

/* Noisy points with known uncertainties: the fit is the weighted least
 * squares written out above; the covariance is scaled by chi2 / dof only
 * when that exceeds 1. */
static void
test_noisy(void)
{
	static const double T[5] = {600, 800, 1000, 1200, 1500};
	static const double eps[5] = {0.08, -0.05, 0.03, -0.1, 0.06};
	static const double rel[5] = {0.10, 0.05, 0.08, 0.04, 0.12};
	double D[5], dD[5], x[5], y[5], w[5], c[2], cov[3], chi2, sc;
	struct hop_arr_fit f;
	struct hop_arr_pred pr;
	int i, pass;

	for (pass = 0; pass < 2; pass++) {
		/* Pass 0: error bars smaller than the scatter (chi2/dof >
		 * 1); pass 1: ten times larger (chi2/dof < 1). */
		double k = pass == 0 ? 1 : 10;
		const char *tag = pass == 0 ? "noisy, chi2/dof > 1" :
		    "noisy, chi2/dof < 1";
		char name[80];

		for (i = 0; i < 5; i++) {
			D[i] = 2e-3 * exp(-0.45 / (KB * T[i]) + eps[i]);
			dD[i] = k * rel[i] * D[i];
			x[i] = 1 / T[i];
			y[i] = log(D[i]);
			w[i] = 1 / (k * rel[i] * k * rel[i]);
		}
		wls(x, y, w, 5, c, cov, &chi2);
		sc = chi2 / 3 > 1 ? chi2 / 3 : 1;
		T_OK(tag, hop_arr_fit_values(T, D, dD, 5, 0, &f, NULL) == 0);
		snprintf(name, sizeof(name), "%s: scale", tag);
		T_OK(name, pass == 0 ? sc > 1 && fabs(f.scale - sc) <
		    1e-9 * sc : f.scale == 1 && sc == 1);
		snprintf(name, sizeof(name), "%s: c0", tag);
		T_NEAR(name, f.c0, c[0], 1e-9 * fabs(c[0]));
		snprintf(name, sizeof(name), "%s: c1", tag);
		T_NEAR(name, f.c1, c[1], 1e-9 * fabs(c[1]));
		snprintf(name, sizeof(name), "%s: chi2", tag);
		T_NEAR(name, f.chi2, chi2, 1e-9 * chi2);
		snprintf(name, sizeof(name), "%s: cov00", tag);
		T_NEAR(name, f.cov00, sc * cov[0], 1e-9 * sc * cov[0]);
		snprintf(name, sizeof(name), "%s: cov01", tag);
		T_NEAR(name, f.cov01, sc * cov[1], 1e-9 * sc * fabs(cov[1]));
		snprintf(name, sizeof(name), "%s: cov11", tag);
		T_NEAR(name, f.cov11, sc * cov[2], 1e-9 * sc * cov[2]);
		snprintf(name, sizeof(name), "%s: Ea and dEa", tag);
		T_OK(name, fabs(f.Ea + KB * c[1]) < 1e-9 &&
		    fabs(f.dEa - KB * sqrt(sc * cov[2])) < 1e-12);
		/* The prediction's standard error, by the formula; and, for
		 * the weights' covariance, by the equivalent
		 * (Sxx - 2 x Sx + x^2 S) / Delta. */
		hop_arr_predict(&f, 300, &pr);
		snprintf(name, sizeof(name), "%s: ln D(300 K)", tag);
		T_NEAR(name, pr.ln, c[0] + c[1] / 300, 1e-9);
		snprintf(name, sizeof(name), "%s: se(300 K)", tag);
		T_NEAR(name, pr.se, sqrt(sc * (cov[0] + cov[2] / (300.0 * 300)
		    + 2 * cov[1] / 300)), 1e-9 * pr.se);
		snprintf(name, sizeof(name), "%s: 68 %% interval", tag);
		T_OK(name, fabs(pr.lo / exp(pr.ln - pr.se) - 1) < 1e-12 &&
		    fabs(pr.hi / exp(pr.ln + pr.se) - 1) < 1e-12);
	}
	{
		double S = 0, Sx = 0, Sxx = 0, d, xp = 1 / 450.0;

		for (i = 0; i < 5; i++) {
			w[i] = 1 / (10 * rel[i] * 10 * rel[i]);
			S += w[i];
			Sx += w[i] * x[i];
			Sxx += w[i] * x[i] * x[i];
		}
		d = S * Sxx - Sx * Sx;
		hop_arr_predict(&f, 450, &pr);
		T_NEAR("prediction variance, second form", pr.se * pr.se,
		    (Sxx - 2 * xp * Sx + xp * xp * S) / d, 1e-9 * pr.se *
		    pr.se);
	}
	/* Unweighted (one point without an uncertainty): ordinary least
	 * squares, covariance from the scatter RSS / (n - 2). */
	dD[2] = NAN;
	for (i = 0; i < 5; i++)
		w[i] = 1;
	wls(x, y, w, 5, c, cov, &chi2);
	T_OK("unweighted: fitted", hop_arr_fit_values(T, D, dD, 5, 0, &f,
	    NULL) == 0 && !f.weighted && isnan(f.scale));
	T_NEAR("unweighted: c1", f.c1, c[1], 1e-9 * fabs(c[1]));
	T_NEAR("unweighted: cov11", f.cov11, cov[2] * chi2 / 3,
	    1e-9 * cov[2] * chi2 / 3);
	T_OK("unweighted, two points: no uncertainty",
	    hop_arr_fit_values(T, D, NULL, 2, 0, &f, NULL) == 0 &&
	    isnan(f.dEa) && isfinite(f.Ea));
	hop_arr_predict(&f, 300, &pr);
	T_OK("unweighted, two points: value without interval",
	    isfinite(pr.value) && isnan(pr.se) && isnan(pr.lo));
	{
		struct hop_err err;

		T_OK("one temperature refused", hop_arr_fit_values(T, D, NULL,
		    1, 0, &f, &err) == -1 && strcmp(err.msg, "an Arrhenius "
		    "fit needs two or more temperatures, got 1 point at "
		    "600 K") == 0);
		D[1] = 0;
		T_OK("a D <= 0 refused", hop_arr_fit_values(T, D, NULL, 2, 0,
		    &f, &err) == -1 && strcmp(err.msg, "D* = 0 at 800 K is "
		    "not positive: no logarithm to fit") == 0);
	}
	T_OK("predict: T <= 0 refused", hop_arr_predict(&f, 0, &pr) == -1 &&
	    isnan(pr.value));
}

static void
test_bounds(void)
{
	struct hop_arr_point p[4];
	struct hop_arr_fit f;
	struct hop_err err;
	char note[400];

	T_OK("resolved: D > 2 dD", hop_arr_resolved(2.0001, 1));
	T_OK("not resolved: D = 2 dD", !hop_arr_resolved(2, 1));
	T_OK("not resolved: D <= 0", !hop_arr_resolved(-1e-9, 1e-12) &&
	    !hop_arr_resolved(0, 0));
	T_OK("resolved: D > 0 without uncertainty",
	    hop_arr_resolved(1e-9, NAN) && !hop_arr_resolved(-1e-9, NAN));
	T_OK("not resolved: NaN D", !hop_arr_resolved(NAN, 1));
	T_NEAR("bound of a positive D", hop_arr_bound(1, 3), 7, 0);
	T_NEAR("bound of a negative D", hop_arr_bound(-1, 3), 6, 0);
	T_OK("no bound without an uncertainty", isnan(hop_arr_bound(-1,
	    NAN)));
	/* Issue 12: CaF2 at 1000 K, D 34 times smaller than its
	 * uncertainty, and at 1600 K resolved. */
	p[0] = pt_of("CaF2/1000K", 1000, 2.3e-9, 34 * 2.3e-9);
	p[1] = pt_of("CaF2/1600K", 1600, 4.1e-6, 3e-7);
	T_EQ_U("CaF2: one upper bound", hop_arr_classify(p, 2), 1);
	T_OK("CaF2: 1000 K is the bound", p[0].upper && !p[1].upper &&
	    fabs(p[0].D_bound - (2.3e-9 + 2 * 34 * 2.3e-9)) < 1e-20 &&
	    isnan(p[1].D_bound));
	hop_arr_upper_note(&p[0], note, sizeof(note));
	T_OK("CaF2: the warning", strcmp(note, "CaF2/1000K (1000 K): D* = "
	    "2.3e-09 +- 7.8e-08 cm^2/s is not resolved (D* <= 2 dD*): kept "
	    "as an upper bound D* < 1.6e-07 cm^2/s and left out of the fit")
	    == 0);
	T_OK("CaF2: no fit", hop_arr_fit_D(p, 2, &f, &err) == -1);
	T_OK("CaF2: the reason", strcmp(err.msg, "an Arrhenius fit needs D* "
	    "resolved (D* > 2 dD*) at two or more temperatures; resolved: "
	    "CaF2/1600K (1600 K); upper bounds: CaF2/1000K (1000 K)") == 0);
	/* A negative D (the "better window") is a bound too, not an error;
	 * with a third, resolved temperature the fit uses two points. */
	p[0].D = -1e-8;
	p[2] = pt_of("CaF2/1300K", 1300, 3e-7, 4e-8);
	T_EQ_U("negative D: an upper bound", hop_arr_classify(p, 3), 1);
	T_NEAR("negative D: bound 2 dD", p[0].D_bound, 2 * 34 * 2.3e-9,
	    1e-20);
	T_OK("two resolved: fitted", hop_arr_fit_D(p, 3, &f, &err) == 0 &&
	    f.n == 2 && f.dof == 0 && f.scale == 1 && f.weighted &&
	    f.Tmin == 1300 && f.Tmax == 1600);
	T_NEAR("two resolved: the line through them", f.c1,
	    (log(4.1e-6) - log(3e-7)) / (1 / 1600.0 - 1 / 1300.0), 1e-9);
	/* Two resolved at one temperature are not enough either. */
	p[2].T = 1600;
	T_OK("one temperature: no fit", hop_arr_fit_D(p, 3, &f, &err) == -1 &&
	    strstr(err.msg, "resolved: CaF2/1600K (1600 K), CaF2/1300K "
	    "(1600 K); upper bounds: CaF2/1000K (1000 K)") != NULL);
	T_OK("nothing: no fit", hop_arr_fit_D(p, 0, &f, &err) == -1 &&
	    strstr(err.msg, "resolved: none; upper bounds: none") != NULL);
	/* The conductivity: its own rule by dsigma; a NaN sigma is no
	 * conductivity, not a bound. */
	p[0].sigma = 1e-5;
	p[0].dsigma = 1e-5;
	p[1].sigma = 0.02;
	p[1].dsigma = 0.001;
	p[2].T = 1300;
	p[2].sigma = 3e-3;
	p[2].dsigma = NAN;
	p[3] = pt_of("other", 1100, 1e-7, 1e-8);
	T_EQ_U("sigma: classified", hop_arr_classify(p, 4), 1);
	T_OK("sigma: bounds", p[0].sigma_upper && !p[1].sigma_upper &&
	    !p[2].sigma_upper && !p[3].sigma_upper &&
	    fabs(p[0].sigma_bound - 3e-5) < 1e-18 && isnan(p[3].sigma_bound));
	T_OK("sigma: fitted unweighted over two", hop_arr_fit_sigma(p, 4, &f,
	    &err) == 0 && f.n == 2 && !f.weighted && f.of_sigma);
	T_NEAR("sigma: slope of ln(sigma T)", f.c1, (log(0.02 * 1600) -
	    log(3e-3 * 1300)) / (1 / 1600.0 - 1 / 1300.0), 1e-9);
	p[2].sigma = NAN;
	T_OK("sigma: one resolved, no fit", hop_arr_fit_sigma(p, 4, &f,
	    &err) == -1 && strcmp(err.msg, "an Arrhenius fit needs sigma "
	    "resolved (sigma > 2 dsigma) at two or more temperatures; "
	    "resolved: CaF2/1600K (1600 K); upper bounds: CaF2/1000K "
	    "(1000 K)") == 0);
}

/* Read text as a table; 0 or -1 with err set. */
static int
read_text(const char *text, const char *material, char *path,
    struct hop_arr_point **pt, size_t *n, struct hop_err *err)
{
	int rc;

	if (tmp_text(path, text) != 0) {
		hop_err_set(err, "cannot write a temporary file");
		return -1;
	}
	rc = hop_arr_read_table(path, material, pt, n, err);
	unlink(path);
	return rc;
}

/* Whether reading text fails with exactly "PATH:" + want. */
static int
fails_with(const char *text, const char *want)
{
	struct hop_arr_point *pt = NULL;
	struct hop_err err;
	char path[64], full[HOP_ERR_MAX];
	size_t n;
	int rc = read_text(text, NULL, path, &pt, &n, &err);

	free(pt);
	snprintf(full, sizeof(full), "%s%s", path, want);
	if (rc == 0 || strcmp(err.msg, full) != 0) {
		printf("# got '%s'\n# want '%s'\n", rc == 0 ? "success" :
		    err.msg, full);
		return 0;
	}
	return 1;
}

static void
test_table(void)
{
	/* summary.tsv's shape (examples/database/db.sh), with its
	 * provenance line, text columns, nan and a dsigma column. */
	static const char summary[] =
	    "family\tmaterial\tT_K\tspecies\tions\tframes\tdt_fs\thops\t"
	    "hop_rate_ps\tlength_A\tduration_ps\twait_ps\tD_self_cm2_s\t"
	    "dD_self_cm2_s\tD_coll_cm2_s\tdD_coll_cm2_s\thaven\tsigma_S_cm\t"
	    "dsigma_S_cm\tP_N2\trun\n"
	    "fluorides\tCaF2\t1000\tF\t64\t2000\t2\t3\t1e-05\t2.7\t0.1\t"
	    "nan\t2.3e-09\t7.8e-08\t1e-08\t2e-07\tnan\t1e-05\t2e-4\tnan\t"
	    "out/fluorides/CaF2/1000K\n"
	    "fluorides\tCaF2\t1600\tF\t64\t2000\t2\t812\t0.003\t2.7\t0.1\t"
	    "0.5\t4.1e-06\t3e-07\t5e-06\t1e-06\t0.82\t0.02\t0.004\t0.12\t"
	    "out/fluorides/CaF2/1600K\n"
	    "# provenance: db.sh (hoptools) 1.0: db.sh summary\n";
	static const char two[] =
	    "material\tT_K\tD_self_cm2_s\n"
	    "CaF2\t1000\t1e-8\n"
	    "LiF\t1000\t1e-7\n"
	    "CaF2 \t1200\t1e-7\n"
	    "LiF\t1200\t1e-6\n";
	struct hop_arr_point *pt = NULL;
	struct hop_err err;
	char path[64];
	size_t n = 0;

	T_OK("summary.tsv: read", read_text(summary, NULL, path, &pt, &n,
	    &err) == 0 && n == 2);
	if (n == 2) {
		T_OK("summary.tsv: values by name", pt[0].T == 1000 &&
		    pt[0].D == 2.3e-9 && pt[0].dD == 7.8e-8 &&
		    pt[1].D_coll == 5e-6 && pt[1].dD_coll == 1e-6 &&
		    pt[1].haven == 0.82 && isnan(pt[0].haven) &&
		    pt[1].sigma == 0.02 && pt[1].dsigma == 0.004 &&
		    isnan(pt[1].dhaven));
		T_OK("summary.tsv: names and material from their columns",
		    strcmp(pt[1].name, "out/fluorides/CaF2/1600K") == 0 &&
		    strcmp(pt[0].material, "CaF2") == 0);
		T_EQ_U("summary.tsv: the 1000 K row is a bound",
		    hop_arr_classify(pt, n), 1);
	}
	free(pt);
	pt = NULL;
	T_OK("several materials refused", read_text(two, NULL, path, &pt, &n,
	    &err) == -1);
	{
		char want[200];

		snprintf(want, sizeof(want), "%s: rows of several materials "
		    "('CaF2' at line 2, 'LiF' at line 3): an Arrhenius fit is "
		    "per material", path);
		T_OK("several materials: the message", strcmp(err.msg,
		    want) == 0);
	}
	T_OK("one material picked", read_text(two, "LiF", path, &pt, &n,
	    &err) == 0 && n == 2 && pt[0].D == 1e-7 && pt[1].D == 1e-6);
	free(pt);
	pt = NULL;
	/* Tab-separated: a blank inside a field belongs to it. */
	T_OK("tab-separated text keeps blanks", read_text(two, "CaF2 ", path,
	    &pt, &n, &err) == 0 && n == 1 && pt[0].T == 1200);
	free(pt);
	pt = NULL;
	T_OK("no rows of a material", read_text(two, "NaCl", path, &pt, &n,
	    &err) == -1 && strstr(err.msg, ": no rows of material 'NaCl'") !=
	    NULL);
	/* msd --arrhenius's old output: blank- or tab-separated, old
	 * names, the run last. */
	T_OK("old names", read_text("T_K D_cm2_s dD_cm2_s sigma_S_cm "
	    "dsigma_S_cm D_coll_cm2_s dD_coll_cm2_s haven run\n"
	    "1000 1e-7 1e-8 nan nan 2e-7 -nan 0.5 a.bin\n"
	    "  1200 1e-6 NaN 1e-3 1e-4 nan nan nan b.bin  \n", NULL, path,
	    &pt, &n, &err) == 0 && n == 2 && pt[0].dD == 1e-8 &&
	    pt[0].D_coll == 2e-7 && isnan(pt[0].dD_coll) && isnan(pt[1].dD) &&
	    pt[1].sigma == 1e-3 && strcmp(pt[1].name, "b.bin") == 0);
	free(pt);
	pt = NULL;
	/* Without a header: T D [dD [sigma dsigma]]. */
	T_OK("no header", read_text("# T D dD\n\n1000 1e-7\n1200\t1e-6 1e-7\n"
	    "1400 1e-5 1e-6 0.1 0.01\n", NULL, path, &pt, &n, &err) == 0 &&
	    n == 3 && isnan(pt[0].dD) && pt[1].dD == 1e-7 &&
	    pt[2].dsigma == 0.01 && isnan(pt[2].haven));
	if (n == 3) {
		char want[80];

		snprintf(want, sizeof(want), "%s:3", path);
		T_OK("no header: names FILE:LINE", strcmp(pt[0].name,
		    want) == 0);
	}
	free(pt);
	pt = NULL;
	T_OK("empty table: no rows", read_text("# nothing\n", NULL, path, &pt,
	    &n, &err) == 0 && n == 0 && pt == NULL);
	/* Bad lines. */
	T_OK("bad: not a number", fails_with("1000 1e-7\n1200 abc\n",
	    ":2: field 2 (D): 'abc' is not a number"));
	T_OK("bad: named column not a number", fails_with(
	    "x\tT_K\tD_self_cm2_s\tdD_self_cm2_s\n"
	    "a b\t1000\t1e-7\t1e-8x\n",
	    ":2: field 4 (dD_self_cm2_s): '1e-8x' is not a number"));
	/* An empty field of a tab-separated table is no value (table.h). */
	T_OK("bad: empty numeric field", fails_with(
	    "T_K\tD_self_cm2_s\tdD_self_cm2_s\n1000\t\t1\n",
	    ":2: D_self_cm2_s = nan: every row needs a D*"));
	T_OK("bad: no T_K", fails_with("# c\nTemp D_self_cm2_s\n",
	    ":2: no T_K column in the header"));
	T_OK("bad: no D", fails_with("T_K dD_cm2_s\n",
	    ":1: no D_self_cm2_s (or D_cm2_s) column in the header"));
	T_OK("bad: a column twice", fails_with("T_K D_cm2_s D_self_cm2_s\n",
	    ":1: column 'D_self_cm2_s' appears twice (or also as "
	    "'D_cm2_s')"));
	T_OK("bad: fields and header differ", fails_with(
	    "material\tT_K\tD_self_cm2_s\nCaF2\t1000\n",
	    ":2: 2 fields, the header has 3"));
	T_OK("bad: too many positional fields", fails_with(
	    "1000 1 2 3 4 5\n", ":1: expected T D [dD [sigma dsigma]], got 6 "
	    "fields"));
	T_OK("bad: one positional field", fails_with("1000\n",
	    ":1: expected T D [dD [sigma dsigma]], got 1 field"));
	T_OK("bad: negative temperature", fails_with("1000 1\n-5 1e-7\n",
	    ":2: T = -5 is not a temperature of 1 to 100000 K"));
	T_OK("bad: nan temperature", fails_with("nan 1e-7\n",
	    ":1: T = nan is not a temperature of 1 to 100000 K"));
	T_OK("bad: a temperature too high", fails_with("1e300 1e-7\n",
	    ":1: T = 1e+300 is not a temperature of 1 to 100000 K"));
	T_OK("bad: a temperature below 1 K", fails_with("1000 1e-5\n"
	    "0.5 1e-7\n", ":2: T = 0.5 is not a temperature of 1 to 100000 "
	    "K"));
	T_OK("bad: a D* far too small", fails_with("1000 1e-320 1e-321\n",
	    ":1: D = 9.99989e-321 is no diffusion coefficient in cm^2/s (at "
	    "most 100 in size, and 0 or at least 1e-30)"));
	T_OK("bad: a D* far too large", fails_with("1000 1e300\n",
	    ":1: D = 1e+300 is no diffusion coefficient in cm^2/s (at most "
	    "100 in size, and 0 or at least 1e-30)"));
	T_OK("bad: a dD* far too large", fails_with("1000 1e-5 1e200\n",
	    ":1: dD = 1e+200 is no diffusion coefficient in cm^2/s (at most "
	    "100 in size, and 0 or at least 1e-30)"));
	T_OK("bad: a D* of 0 without an uncertainty", fails_with(
	    "1000 0 0\n", ":1: D = 0 without a positive uncertainty: neither "
	    "a value nor an upper bound"));
	T_OK("bad: nan D", fails_with("T_K D_cm2_s\n1000 nan\n",
	    ":2: D_self_cm2_s = nan: every row needs a D*"));
	T_OK("bad: negative uncertainty", fails_with("1000 1e-7 -1e-8\n",
	    ":1: dD = -1e-08: an uncertainty cannot be negative"));
	T_OK("bad: missing file", hop_arr_read_table("/nonexistent/t.tsv",
	    NULL, &pt, &n, &err) == -1 && strstr(err.msg,
	    "/nonexistent/t.tsv") != NULL);
	T_OK("bad: no material column to pick by", read_text("T_K D_cm2_s\n",
	    "x", path, &pt, &n, &err) == -1 && strstr(err.msg,
	    ":1: no material column to pick 'x' by") != NULL);
}

/*
 * The log10 values at the bottom and top of the first panel's y axis of
 * an SVG: from the frame and the first two y ticks (a path "M.. ..h-5"
 * followed by its label).  0 or -1.
 */
/*
 * The value of a tick label as the figure writes it: a plain number,
 * 10 with a superscript exponent (10⁻⁹), or m×10ⁿ.  NaN when it is none.
 */
static double
tick_value(const char *s)
{
	static const char *const sup[10] = {"\xe2\x81\xb0", "\xc2\xb9",
	    "\xc2\xb2", "\xc2\xb3", "\xe2\x81\xb4", "\xe2\x81\xb5",
	    "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8",
	    "\xe2\x81\xb9"};
	double m = 1;
	char *end;
	int e = 0, neg = 0, digits = 0, d;

	if (strncmp(s, "10\xe2\x81", 4) != 0 && strncmp(s, "10\xc2", 3) != 0) {
		m = strtod(s, &end);
		if (end == s)
			return NAN;
		if (strncmp(end, "\xc3\x97" "10", 4) != 0)
			return m;
		s = end + 2;
	}
	s += 2;
	if (strncmp(s, "\xe2\x81\xbb", 3) == 0) {
		neg = 1;
		s += 3;
	}
	for (;;) {
		for (d = 0; d < 10; d++)
			if (strncmp(s, sup[d], strlen(sup[d])) == 0)
				break;
		if (d == 10)
			break;
		e = 10 * e + d;
		s += strlen(sup[d]);
		digits++;
	}
	return digits ? m * pow(10, neg ? -e : e) : NAN;
}

static int
y_axis(const char *svg, double *bot, double *top)
{
	double y0 = NAN, ph = NAN, py[2], lv[2], a, b, c, d;
	const char *l, *next;
	int k = 0;

	for (l = svg; l != NULL; l = next) {
		next = strchr(l, '\n');
		next = next != NULL ? next + 1 : NULL;
		/* %n: sscanf counts conversions, not the literal text
		 * after them. */
		int m = 0;

		if (sscanf(l, "<rect x=\"%lf\" y=\"%lf\" width=\"%lf\" "
		    "height=\"%lf\" fill=\"none\"%n", &a, &b, &c, &d,
		    &m) == 4 && m > 0) {
			y0 = b;
			ph = d;
		}
		/* A y tick; its label is the next line's text. */
		m = 0;
		if (k < 2 && next != NULL && sscanf(l, "<path d=\"M%lf "
		    "%lfh-5\"%n", &a, &b, &m) == 2 && m > 0 &&
		    strchr(next, '>') != NULL) {
			py[k] = b;
			lv[k] = log10(tick_value(strchr(next, '>') + 1));
			k++;
		}
	}
	if (k < 2 || isnan(y0) || py[0] == py[1])
		return -1;
	/* log10 value per px, from the two ticks. */
	a = (lv[1] - lv[0]) / (py[1] - py[0]);
	*bot = lv[0] + (y0 + ph - py[0]) * a;
	*top = lv[0] + (y0 - py[0]) * a;
	return 0;
}

static void
test_svg(void)
{
	struct hop_arr_point p[4];
	struct hop_arr_fit f;
	struct hop_svg *s;
	struct hop_err err;
	char *buf = NULL, path[64], file[80];
	size_t len = 0;
	FILE *fp;

	p[0] = pt_of("a", 1000, 2.3e-9, 34 * 2.3e-9);
	p[1] = pt_of("b", 1600, 4.1e-6, 3e-7);
	p[2] = pt_of("c", 1300, 3e-7, 1.2e-7);
	p[3] = pt_of("d", 1450, 1.5e-6, 5e-7);
	hop_arr_classify(p, 4);
	T_OK("figure: fitted", hop_arr_fit_D(p, 4, &f, &err) == 0 &&
	    f.n == 3);
	s = hop_arr_svg(p, 4, &f, 300);
	fp = open_memstream(&buf, &len);
	T_OK("figure: drawn", s != NULL && hop_svg_print(s, fp) == 0);
	fclose(fp);
	if (buf == NULL)
		return;
	/* 3 resolved + 1 bound + the prediction. */
	T_EQ_U("figure: markers", count(buf, "class=\"pt\""), 5);
	T_EQ_U("figure: error bars of 3 points and the prediction",
	    count(buf, "class=\"ebar\""), 4);
	T_EQ_U("figure: upper-limit marker and its legend",
	    count(buf, "stroke-width=\"1.2\" stroke-opacity"), 2);
	T_EQ_U("figure: dashed extrapolation and its legend",
	    count(buf, "stroke-dasharray"), 2);
	T_OK("figure: labels", strstr(buf, ">Arrhenius plot of D*<") != NULL &&
	    strstr(buf, ">1000/T (K\xe2\x81\xbb\xc2\xb9)<") != NULL &&
	    strstr(buf, ">D* (cm\xc2\xb2 s\xe2\x81\xbb\xc2\xb9)<") != NULL &&
	    strstr(buf, ">upper bound<") != NULL &&
	    strstr(buf, ">D*(300 K), 68 % interval<") != NULL);
	T_OK("figure: no file names", strstr(buf, ">a<") == NULL);
	/* The y range: the data with their bars, the bound and the
	 * prediction's interval, plus 5 % of the span on each side. */
	{
		struct hop_arr_pred pr;
		double top = NAN, bot = NAN, span;

		hop_arr_predict(&f, 300, &pr);
		T_OK("figure: y axis read", y_axis(buf, &bot, &top) == 0);
		span = log10(4.1e-6 + 3e-7) - log10(pr.lo);
		T_NEAR("figure: y axis bottom at the prediction's interval",
		    bot, log10(pr.lo) - 0.05 * span, 0.01);
		T_NEAR("figure: y axis top at the highest error bar", top,
		    log10(4.1e-6 + 3e-7) + 0.05 * span, 0.01);
	}
	free(buf);
	hop_svg_free(s);
	/* Points alone (no fit), written to a file. */
	snprintf(path, sizeof(path), "/tmp/hoptools-arr-svg.XXXXXX");
	close(mkstemp(path));
	unlink(path);
	snprintf(file, sizeof(file), "%s.svg", path);
	T_OK("figure: written without a fit", hop_arr_svg_write(p, 4, NULL,
	    300, file, &err) == 0 && access(file, R_OK) == 0);
	unlink(file);
	T_OK("figure: unwritable path", hop_arr_svg_write(p, 4, &f, 300,
	    "/nonexistent/a.svg", &err) == -1 && strstr(err.msg,
	    "/nonexistent/a.svg") != NULL);
}

int
main(void)
{
	test_exact();
	test_noisy();
	test_bounds();
	test_table();
	test_svg();
	return t_done();
}
