/*
 * test_diffusion.c - the maximum-likelihood diffusion estimator of
 * common/diffusion.c against a dense computation on small cases (the
 * exact Gaussian likelihood of the tridiagonal increment covariance by
 * Cholesky: its maximum, its gradient and its Fisher information), its
 * recovery of known (a, b) over many seeds, the edge cases of the
 * accumulator, the sandwich covariance, and hop_diff_estimate /
 * hop_diff_choose on a stored trajectory of walkers of known D.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diffusion.h"
#include "msd.h"
#include "rng.h"
#include "t.h"

/*
 * One coordinate of a diffusing particle seen every frame: a Brownian
 * walk whose steps have variance a, plus white noise of variance b,
 * about an origin x0.  Its increments at stride 1 have exactly the
 * covariance the estimator assumes.
 */
static void
walk(uint64_t *st, size_t n, double x0, double a, double b, double *x)
{
	double w = x0, sa = sqrt(a), sb = sqrt(b);
	size_t t;

	for (t = 0; t < n; t++) {
		if (t > 0)
			w += sa * hop_rng_gauss(st);
		x[t] = w + sb * hop_rng_gauss(st);
	}
}

/* tr(X Y) of two square matrices. */
static double
tr_prod(const gsl_matrix *x, const gsl_matrix *y)
{
	double s = 0;
	size_t i, j;

	for (i = 0; i < x->size1; i++)
		for (j = 0; j < x->size2; j++)
			s += gsl_matrix_get(x, i, j) * gsl_matrix_get(y, j, i);
	return s;
}

/* The dense results for a set of series, summed over series and offsets. */
struct dense {
	double l;        /* log-likelihood without the 2 pi constant */
	double g[2];     /* its gradient in (a, b) */
	double gs[2];    /* the magnitude of the terms that cancel in g */
	double fi[2][2]; /* the Fisher information */
};

/*
 * The exact Gaussian log-likelihood of the increments d[0 .. M-1] of one
 * offset of one series, with Sigma = (a + 2b) I - b (I_{+1} + I_{-1})
 * built explicitly and factorised by Cholesky, and (with dSigma/da = I,
 * dSigma/db = T = 2 I - I_{+1} - I_{-1}, z = Sigma^-1 d)
 *     l   = -1/2 (ln det Sigma + d^T z)
 *     g_a = 1/2 z^T z - 1/2 tr(Sigma^-1)
 *     g_b = 1/2 z^T T z - 1/2 tr(Sigma^-1 T)
 *     I   = 1/2 tr(Sigma^-1 dSigma_i Sigma^-1 dSigma_j),
 * added into r.  -1 when Sigma is not positive definite.
 */
static int
dense_one(const double *d, size_t M, double a, double b, struct dense *r)
{
	gsl_matrix *S = gsl_matrix_calloc(M, M), *T = gsl_matrix_calloc(M, M);
	gsl_matrix *B = gsl_matrix_alloc(M, M);
	double *z = malloc(M * sizeof(double)), lndet = 0, dz = 0, zz = 0;
	double ztz = 0;
	size_t i, j;
	int ret = -1;

	for (i = 0; i < M; i++) {
		gsl_matrix_set(S, i, i, a + 2 * b);
		gsl_matrix_set(T, i, i, 2);
		if (i + 1 < M) {
			gsl_matrix_set(S, i, i + 1, -b);
			gsl_matrix_set(S, i + 1, i, -b);
			gsl_matrix_set(T, i, i + 1, -1);
			gsl_matrix_set(T, i + 1, i, -1);
		}
	}
	if (gsl_linalg_cholesky_decomp1(S) != GSL_SUCCESS)
		goto out;
	for (i = 0; i < M; i++)
		lndet += 2 * log(gsl_matrix_get(S, i, i));
	if (gsl_linalg_cholesky_invert(S) != GSL_SUCCESS)
		goto out;
	/* S now holds Sigma^-1. */
	for (i = 0; i < M; i++) {
		z[i] = 0;
		for (j = 0; j < M; j++)
			z[i] += gsl_matrix_get(S, i, j) * d[j];
		dz += d[i] * z[i];
		zz += z[i] * z[i];
	}
	for (i = 0; i < M; i++)
		for (j = 0; j < M; j++)
			ztz += z[i] * gsl_matrix_get(T, i, j) * z[j];
	/* B = Sigma^-1 T. */
	for (i = 0; i < M; i++)
		for (j = 0; j < M; j++) {
			double s = 2 * gsl_matrix_get(S, i, j);

			if (j > 0)
				s -= gsl_matrix_get(S, i, j - 1);
			if (j + 1 < M)
				s -= gsl_matrix_get(S, i, j + 1);
			gsl_matrix_set(B, i, j, s);
		}
	{
		double tra = 0, trb = 0;

		for (i = 0; i < M; i++) {
			tra += gsl_matrix_get(S, i, i);
			trb += gsl_matrix_get(B, i, i);
		}
		r->l += -0.5 * (lndet + dz);
		r->g[0] += 0.5 * zz - 0.5 * tra;
		r->g[1] += 0.5 * ztz - 0.5 * trb;
		r->gs[0] += 0.5 * zz + 0.5 * fabs(tra);
		r->gs[1] += 0.5 * fabs(ztz) + 0.5 * fabs(trb);
	}
	r->fi[0][0] += 0.5 * tr_prod(S, S);
	r->fi[0][1] += 0.5 * tr_prod(S, B);
	r->fi[1][1] += 0.5 * tr_prod(B, B);
	r->fi[1][0] = r->fi[0][1];
	ret = 0;
out:
	gsl_matrix_free(S);
	gsl_matrix_free(T);
	gsl_matrix_free(B);
	free(z);
	return ret;
}

/* Every series of xs (q series of n frames) at stride s, each offset o
 * taken as a series of its own as the estimator does.  0 or -1. */
static int
dense_all(const double *xs, size_t q, size_t n, size_t s, double a,
    double b, struct dense *r)
{
	size_t M = (n - s) / s, i, o, j;
	double d[64];

	memset(r, 0, sizeof(*r));
	for (i = 0; i < q; i++)
		for (o = 0; o < s; o++) {
			const double *x = xs + i * n;

			for (j = 0; j < M; j++)
				d[j] = x[o + (j + 1) * s] - x[o + j * s];
			if (dense_one(d, M, a, b, r) != 0)
				return -1;
		}
	return 0;
}

/* The dense log-likelihood alone. */
static double
dense_l(const double *xs, size_t q, size_t n, size_t s, double a, double b)
{
	struct dense r;

	return dense_all(xs, q, n, s, a, b, &r) == 0 ? r.l : -INFINITY;
}

static void
test_dense(void)
{
	static const struct {
		size_t n, s, q;
	} cases[] = {
		{12, 1, 3}, {12, 2, 4}, {17, 1, 2}, {25, 2, 3}, {33, 1, 5},
		{40, 2, 3}, {40, 3, 2},
	};
	size_t ci;

	gsl_set_error_handler_off();
	for (ci = 0; ci < sizeof(cases) / sizeof(cases[0]); ci++) {
		size_t n = cases[ci].n, s = cases[ci].s, q = cases[ci].q, i;
		uint64_t st = hop_rng_seed(20240611, ci);
		double *xs = malloc(q * n * sizeof(double));
		struct hop_err err = {""};
		struct hop_dml *m = hop_dml_new(n, s, &err);
		struct hop_dml_fit f, g;
		struct dense r, rp;
		double sa, sb, u[2], fdet, inv[2][2], lo, hi, h;
		double pts[2][2] = {{1.0, 0.3}, {0.6, 0.55}};
		int p, ok;
		char name[160];

		for (i = 0; i < q; i++) {
			walk(&st, n, 5.0 * (double)i, 1.0, 0.3, xs + i * n);
			hop_dml_add(m, xs + i * n);
		}
		snprintf(name, sizeof(name), "dense n=%zu s=%zu: %zu "
		    "increments per offset", n, s, (n - s) / s);
		T_EQ_U(name, hop_dml_increments(m), (n - s) / s);
		snprintf(name, sizeof(name), "dense n=%zu s=%zu: solve", n, s);
		T_OK(name, hop_dml_solve(m, (double)(q * s), &f, &err) == 0);
		dense_all(xs, q, n, s, f.a, f.b, &r);
		sa = sqrt(f.cov[0][0]);
		sb = sqrt(f.cov[1][1]);

		/*
		 * (i) A maximum of the exact likelihood.  A step of 1e-3 of
		 * the value costs about (1e-3 a / SE)^2 / 2, some 1e-6 here,
		 * far above the rounding of l (1e-14 |l|); the slack of
		 * 1e-12 |l| covers a b so near 0 that its step is lost in
		 * rounding.
		 */
		ok = 1;
		for (p = -1; p <= 1; p += 2) {
			double k = 1 + 1e-3 * p;

			ok &= r.l >= dense_l(xs, q, n, s, f.a * k, f.b) -
			    1e-12 * fabs(r.l);
			ok &= r.l >= dense_l(xs, q, n, s, f.a, f.b * k) -
			    1e-12 * fabs(r.l);
		}
		snprintf(name, sizeof(name), "dense n=%zu s=%zu: the fit is "
		    "a maximum of the dense likelihood against steps of 1e-3",
		    n, s);
		T_OK(name, ok);
		/*
		 * The gradient there, by central differences with steps of
		 * 1e-4 standard errors, in units of 1/SE (a point one SE
		 * from the maximum has a gradient of order 1): truncation
		 * (h^2 l'''/6) and rounding (1e-16 |l| / h) are both below
		 * 1e-9, the solver's convergence (1e-12 relative) far below.
		 */
		h = 1e-4 * sa;
		lo = dense_l(xs, q, n, s, f.a - h, f.b);
		hi = dense_l(xs, q, n, s, f.a + h, f.b);
		snprintf(name, sizeof(name), "dense n=%zu s=%zu: "
		    "finite-difference dl/da ~ 0 at the fit (in 1/SE)", n, s);
		T_NEAR(name, (hi - lo) / (2 * h) * sa, 0, 1e-6);
		h = 1e-4 * sb;
		lo = dense_l(xs, q, n, s, f.a, f.b - h);
		hi = dense_l(xs, q, n, s, f.a, f.b + h);
		snprintf(name, sizeof(name), "dense n=%zu s=%zu: "
		    "finite-difference dl/db ~ 0 at the fit (in 1/SE)", n, s);
		T_NEAR(name, (hi - lo) / (2 * h) * sb, 0, 1e-6);
		snprintf(name, sizeof(name), "dense n=%zu s=%zu: analytic "
		    "dense gradient ~ 0 at the fit (in 1/SE)", n, s);
		T_OK(name, fabs(r.g[0] * sa) <= 1e-6 &&
		    fabs(r.g[1] * sb) <= 1e-6);

		/*
		 * (ii) The sine-transform spectrum is the dense one: the
		 * score at points away from the maximum equals the dense
		 * gradient to 1e-8 of the terms that cancel in it (both sides
		 * round at 1e-15 of those, times the condition of Sigma).
		 */
		for (p = 0; p < 2; p++) {
			g = f;
			g.a = pts[p][0];
			g.b = pts[p][1];
			hop_dml_score(m, &g, u);
			dense_all(xs, q, n, s, g.a, g.b, &rp);
			snprintf(name, sizeof(name), "dense n=%zu s=%zu: score "
			    "d/da at (%g, %g) equals the dense gradient", n, s,
			    g.a, g.b);
			T_NEAR(name, u[0], rp.g[0], 1e-8 * rp.gs[0]);
			snprintf(name, sizeof(name), "dense n=%zu s=%zu: score "
			    "d/db at (%g, %g) equals the dense gradient", n, s,
			    g.a, g.b);
			T_NEAR(name, u[1], rp.g[1], 1e-8 * rp.gs[1]);
		}

		/*
		 * (iii) cov with qeff = every series and offset added is the
		 * inverse of the dense Fisher information summed over them,
		 * to 1e-8 (a 2 x 2 inverse of a well-conditioned matrix on
		 * both sides); off-diagonal relative to sqrt(cov_aa cov_bb).
		 */
		fdet = r.fi[0][0] * r.fi[1][1] - r.fi[0][1] * r.fi[1][0];
		inv[0][0] = r.fi[1][1] / fdet;
		inv[1][1] = r.fi[0][0] / fdet;
		inv[0][1] = -r.fi[0][1] / fdet;
		snprintf(name, sizeof(name), "dense n=%zu s=%zu: cov_aa is the "
		    "inverse dense Fisher information", n, s);
		T_NEAR(name, f.cov[0][0], inv[0][0], 1e-8 * inv[0][0]);
		snprintf(name, sizeof(name), "dense n=%zu s=%zu: cov_bb is the "
		    "inverse dense Fisher information", n, s);
		T_NEAR(name, f.cov[1][1], inv[1][1], 1e-8 * inv[1][1]);
		snprintf(name, sizeof(name), "dense n=%zu s=%zu: cov_ab is the "
		    "inverse dense Fisher information", n, s);
		T_NEAR(name, f.cov[0][1], inv[0][1],
		    1e-8 * sqrt(inv[0][0] * inv[1][1]));
		snprintf(name, sizeof(name), "dense n=%zu s=%zu: cov is "
		    "symmetric", n, s);
		T_OK(name, f.cov[0][1] == f.cov[1][0]);
		hop_dml_free(m);
		free(xs);
	}
}

/*
 * Known (a, b): 64 series of 2000 frames per seed, 20 seeds.  Each
 * estimate lies within 4 of its Fisher standard errors of the truth (a
 * 4-sigma miss has probability 6e-5 per estimate), and the fraction
 * within one standard error is near 68 %: with 20 seeds its binomial
 * spread is 10 %, so [0.45, 0.9] is about 2 sigma either side, and
 * holds for these seeds.
 */
static void
test_known(void)
{
	const size_t n = 2000, q = 64, nseed = 20;
	const double a = 0.04, b = 0.05;
	double *x = malloc(n * sizeof(double)), worst[2] = {0, 0};
	size_t seed, i, in1[2] = {0, 0};
	struct hop_err err = {""};
	struct hop_dml *m = hop_dml_new(n, 1, &err);
	int solved = 1;
	char name[160];

	for (seed = 0; seed < nseed; seed++) {
		struct hop_dml_fit f;
		double za, zb;

		hop_dml_reset(m);
		for (i = 0; i < q; i++) {
			uint64_t st = hop_rng_seed(1000 + seed, i);

			walk(&st, n, 0, a, b, x);
			hop_dml_add(m, x);
		}
		if (hop_dml_solve(m, (double)q, &f, &err) != 0) {
			solved = 0;
			continue;
		}
		za = fabs(f.a - a) / sqrt(f.cov[0][0]);
		zb = fabs(f.b - b) / sqrt(f.cov[1][1]);
		if (!(za <= worst[0]))
			worst[0] = za;
		if (!(zb <= worst[1]))
			worst[1] = zb;
		in1[0] += za <= 1;
		in1[1] += zb <= 1;
	}
	T_OK("known: every seed solves", solved);
	snprintf(name, sizeof(name), "known: a within 4 SE for every seed "
	    "(worst %.2f SE)", worst[0]);
	T_OK(name, worst[0] <= 4);
	snprintf(name, sizeof(name), "known: b within 4 SE for every seed "
	    "(worst %.2f SE)", worst[1]);
	T_OK(name, worst[1] <= 4);
	snprintf(name, sizeof(name), "known: fraction of a within 1 SE "
	    "(%zu of %zu) in [0.45, 0.9]", in1[0], nseed);
	T_OK(name, in1[0] >= 9 && in1[0] <= 18);
	snprintf(name, sizeof(name), "known: fraction of b within 1 SE "
	    "(%zu of %zu) in [0.45, 0.9]", in1[1], nseed);
	T_OK(name, in1[1] >= 9 && in1[1] <= 18);
	hop_dml_free(m);
	free(x);
}

/* Two fits equal to rel of each value (0: bitwise). */
static int
fit_same(const struct hop_dml_fit *f, const struct hop_dml_fit *g,
    double rel)
{
	double fv[6] = {f->a, f->b, f->cov[0][0], f->cov[0][1],
	    f->cov[1][0], f->cov[1][1]};
	double gv[6] = {g->a, g->b, g->cov[0][0], g->cov[0][1],
	    g->cov[1][0], g->cov[1][1]};
	int i;

	for (i = 0; i < 6; i++)
		if (!(fabs(fv[i] - gv[i]) <= rel * fabs(gv[i])))
			return 0;
	return 1;
}

static void
test_edges(void)
{
	struct hop_err err = {""};
	struct hop_dml *m, *m1, *m2, *all, *fresh;
	struct hop_dml_fit f, g;
	double x[300];
	uint64_t st = hop_rng_seed(77, 0);
	size_t i;
	int r;

	/* A series that never moves: a = b = 0 and no uncertainty. */
	m = hop_dml_new(100, 2, &err);
	for (i = 0; i < 100; i++)
		x[i] = 3.75;
	hop_dml_add(m, x);
	hop_dml_add(m, x);
	r = hop_dml_solve(m, 2, &f, &err);
	T_OK("still: solve succeeds", r == 0);
	T_OK("still: a = b = 0 exactly", f.a == 0 && f.b == 0);
	T_OK("still: cov is zero", f.cov[0][0] == 0 && f.cov[0][1] == 0 &&
	    f.cov[1][0] == 0 && f.cov[1][1] == 0);
	hop_dml_free(m);

	/* Fewer than 3 increments per offset are refused; 3 are taken. */
	err.msg[0] = '\0';
	T_OK("new: 11 frames at stride 3 (2 increments) refused",
	    hop_dml_new(11, 3, &err) == NULL &&
	    strstr(err.msg, "fewer than 3 increments") != NULL);
	err.msg[0] = '\0';
	T_OK("new: 3 frames at stride 1 refused",
	    hop_dml_new(3, 1, &err) == NULL &&
	    strstr(err.msg, "fewer than 3 increments") != NULL);
	err.msg[0] = '\0';
	T_OK("new: stride 0 refused", hop_dml_new(100, 0, &err) == NULL &&
	    err.msg[0] != '\0');
	err.msg[0] = '\0';
	T_OK("new: a stride longer than the series refused",
	    hop_dml_new(10, 1000, &err) == NULL && err.msg[0] != '\0');
	/*
	 * A stride s = SIZE_MAX/4 + 2 > n: 4 s wraps to 4, so n < 4 s does
	 * not refuse it, and n - s wraps so that (n - s) / s is 3.  Taken,
	 * such an accumulator would read x[s] and beyond in hop_dml_add.
	 */
	err.msg[0] = '\0';
	m = hop_dml_new(10, (SIZE_MAX >> 2) + 2, &err);
	T_OK("new: a stride near SIZE_MAX/4 with 10 frames refused",
	    m == NULL && err.msg[0] != '\0');
	hop_dml_free(m);
	m = hop_dml_new(12, 3, &err);
	T_OK("new: 12 frames at stride 3 give 3 increments", m != NULL &&
	    hop_dml_increments(m) == 3);
	hop_dml_free(m);

	/* Nothing added: an error, not a fit. */
	m = hop_dml_new(300, 1, &err);
	err.msg[0] = '\0';
	T_OK("solve: nothing added is an error",
	    hop_dml_solve(m, 1, &f, &err) == -1 && err.msg[0] != '\0');
	hop_dml_free(m);

	/*
	 * Merge: 3 series into m1 and 4 into m2, merged, against all 7 in
	 * one accumulator.  The sums differ only in the order of addition,
	 * so the fits agree to 1e-12 (a handful of roundings of 1e-16,
	 * amplified by the condition of the 2 x 2 fit).
	 */
	m1 = hop_dml_new(300, 2, &err);
	m2 = hop_dml_new(300, 2, &err);
	all = hop_dml_new(300, 2, &err);
	fresh = hop_dml_new(300, 2, &err);
	for (i = 0; i < 7; i++) {
		walk(&st, 300, 10.0 * (double)i, 0.2, 0.1, x);
		hop_dml_add(i < 3 ? m1 : m2, x);
		hop_dml_add(all, x);
	}
	hop_dml_merge(m1, m2);
	T_OK("merge: solve the merged", hop_dml_solve(m1, 7, &f, &err) == 0);
	T_OK("merge: solve the whole", hop_dml_solve(all, 7, &g, &err) == 0);
	T_OK("merge: merged fit equals the one-accumulator fit to 1e-12",
	    fit_same(&f, &g, 1e-12));
	{
		double u1[2], u2[2];

		hop_dml_score(m1, &g, u1);
		hop_dml_score(all, &g, u2);
		T_OK("merge: merged score equals the one-accumulator score",
		    fabs(u1[0] - u2[0]) <= 1e-9 * fabs(u2[0]) + 1e-9 &&
		    fabs(u1[1] - u2[1]) <= 1e-9 * fabs(u2[1]) + 1e-9);
	}

	/*
	 * Reset forgets: nothing to fit after it, and after adding one
	 * series the fit is bitwise that of a fresh accumulator.
	 */
	hop_dml_reset(all);
	err.msg[0] = '\0';
	T_OK("reset: nothing left to fit",
	    hop_dml_solve(all, 1, &f, &err) == -1 && err.msg[0] != '\0');
	walk(&st, 300, 0, 0.2, 0.1, x);
	hop_dml_add(all, x);
	hop_dml_add(fresh, x);
	hop_dml_solve(all, 2, &f, &err);
	hop_dml_solve(fresh, 2, &g, &err);
	T_OK("reset: then one series fits bitwise as in a fresh accumulator",
	    fit_same(&f, &g, 0) && f.iterations == g.iterations);
	hop_dml_free(m1);
	hop_dml_free(m2);
	hop_dml_free(all);
	hop_dml_free(fresh);
}

static void
test_sandwich(void)
{
	const size_t n = 500, k = 256;
	double x[500], uu[3] = {0, 0, 0}, u[2], cov[2][2], want[2][2], j[2][2];
	double sc = (double)k / (double)(k - 1);
	struct hop_err err = {""};
	struct hop_dml *pool = hop_dml_new(n, 1, &err);
	struct hop_dml *one = hop_dml_new(n, 1, &err);
	struct hop_dml_fit f;
	uint64_t st;
	size_t i, r, c, p;
	char name[160];

	for (i = 0; i < k; i++) {
		st = hop_rng_seed(555, i);
		walk(&st, n, 0, 0.3, 0.2, x);
		hop_dml_add(pool, x);
	}
	T_OK("sandwich: pooled fit", hop_dml_solve(pool, (double)k, &f,
	    &err) == 0);
	for (i = 0; i < k; i++) {
		st = hop_rng_seed(555, i);
		walk(&st, n, 0, 0.3, 0.2, x);
		hop_dml_reset(one);
		hop_dml_add(one, x);
		hop_dml_score(one, &f, u);
		uu[0] += u[0] * u[0];
		uu[1] += u[0] * u[1];
		uu[2] += u[1] * u[1];
	}
	hop_dml_sandwich(pool, &f, uu, k, cov);
	/*
	 * Gaussian independent series: the sandwich estimates the same
	 * variance as the Fisher information.  Its own relative spread is
	 * about sqrt(2 / k) = 9 % with 256 clusters, so 30 % is over 3
	 * sigma.
	 */
	snprintf(name, sizeof(name), "sandwich: var(a) within 30%% of the "
	    "Fisher variance (ratio %.3f)", cov[0][0] / f.cov[0][0]);
	T_NEAR(name, cov[0][0] / f.cov[0][0], 1, 0.3);
	snprintf(name, sizeof(name), "sandwich: var(b) within 30%% of the "
	    "Fisher variance (ratio %.3f)", cov[1][1] / f.cov[1][1]);
	T_NEAR(name, cov[1][1] / f.cov[1][1], 1, 0.3);
	T_OK("sandwich: symmetric", cov[0][1] == cov[1][0]);
	/*
	 * And it is H^-1 J H^-1 exactly: at stride 1 with qeff = k,
	 * f.cov is H^-1, so f.cov J f.cov to 1e-10 (2 x 2 products).
	 */
	j[0][0] = sc * uu[0];
	j[0][1] = j[1][0] = sc * uu[1];
	j[1][1] = sc * uu[2];
	for (r = 0; r < 2; r++)
		for (c = 0; c < 2; c++) {
			want[r][c] = 0;
			for (i = 0; i < 2; i++)
				for (p = 0; p < 2; p++)
					want[r][c] += f.cov[r][i] * j[i][p] *
					    f.cov[p][c];
		}
	T_NEAR("sandwich: cov_aa = (H^-1 J H^-1)_aa", cov[0][0], want[0][0],
	    1e-10 * want[0][0]);
	T_NEAR("sandwich: cov_ab = (H^-1 J H^-1)_ab", cov[0][1], want[0][1],
	    1e-10 * sqrt(want[0][0] * want[1][1]));
	T_NEAR("sandwich: cov_bb = (H^-1 J H^-1)_bb", cov[1][1], want[1][1],
	    1e-10 * want[1][1]);
	hop_dml_free(pool);
	hop_dml_free(one);
}

/*
 * A trajectory of nions independent walkers of diffusion coefficient D
 * (A^2/ps) seen every dt ps, with noise of variance b (A^2) per axis.
 */
static struct hop_msd_traj *
walkers(uint32_t nions, unsigned axes, size_t n, double D, double dt,
    double b, uint64_t seed)
{
	struct hop_err err;
	struct hop_msd_traj *t = hop_msd_traj_new(nions, axes, &err);
	double *site = malloc(nions * 3 * sizeof(double));
	double *pos = malloc(nions * 3 * sizeof(double));
	double sa = sqrt(2 * D * dt), sb = sqrt(b);
	uint64_t st = hop_rng_seed(seed, 0);
	size_t f, i;

	for (i = 0; i < nions * 3; i++)
		site[i] = 10 * hop_rng_uniform(&st);
	for (f = 0; f < n; f++) {
		for (i = 0; i < nions * 3; i++) {
			if (f > 0)
				site[i] += sa * hop_rng_gauss(&st);
			pos[i] = site[i] + sb * hop_rng_gauss(&st);
		}
		if (hop_msd_traj_add(t, pos, NULL, &err) != 0)
			break;
	}
	free(site);
	free(pos);
	return t;
}

static void
test_estimate(void)
{
	const double D = 0.05, dt = 0.1, b = 0.01;
	const size_t n = 2000;
	struct hop_msd_traj *t = walkers(32, 7, n, D, dt, b, 4242);
	struct hop_msd_traj *few = walkers(5, HOP_MSD_X | HOP_MSD_Y, n, D, dt,
	    b, 4343);
	struct hop_diff_est e, e3, ladder[64];
	struct hop_err err = {""};
	size_t nl, chosen, i;
	int ok;
	char name[160];

	/*
	 * n / (HOP_DML_MIN_INCREMENTS + 1): the longest stride leaving that
	 * many increments.  Written through the macro (it went from 20 to
	 * 4) so that the checks follow the constant.
	 */
	{
		static const size_t ns[] = {0, 20, 21, 41, 42, 100, 2000};
		const size_t k = HOP_DML_MIN_INCREMENTS + 1;

		for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
			size_t s = hop_diff_max_stride(ns[i]);

			snprintf(name, sizeof(name), "max stride of %zu frames "
			    "is n/%zu", ns[i], k);
			T_EQ_U(name, s, ns[i] / k);
			if (s > 0) {
				snprintf(name, sizeof(name), "max stride of %zu "
				    "frames leaves %d increments", ns[i],
				    HOP_DML_MIN_INCREMENTS);
				T_OK(name, (ns[i] - s) / s >=
				    HOP_DML_MIN_INCREMENTS);
			}
			if (ns[i] >= s + 1) {
				snprintf(name, sizeof(name), "max stride + 1 of "
				    "%zu frames leaves fewer", ns[i]);
				T_OK(name, (ns[i] - s - 1) / (s + 1) <
				    HOP_DML_MIN_INCREMENTS);
			}
		}
	}

	/*
	 * 32 ions x 3 axes x 2000 frames: D_self and D_coll within 4 of
	 * their standard errors of the truth (the walkers are independent,
	 * so D_coll = D); the noise is recovered as well.
	 */
	T_OK("estimate: stride 1", hop_diff_estimate(t, 0, n, 1, dt, 1, 1, &e,
	    &err) == 0);
	T_EQ_U("estimate: stride recorded", e.stride, 1);
	T_EQ_U("estimate: increments recorded", e.increments, n - 1);
	snprintf(name, sizeof(name), "estimate: D_self %.5f +- %.5f within 4 "
	    "SE of %g", e.d_self, e.dd_self, D);
	T_OK(name, e.dd_self > 0 && fabs(e.d_self - D) <= 4 * e.dd_self);
	snprintf(name, sizeof(name), "estimate: D_coll %.5f +- %.5f within 4 "
	    "SE of %g", e.d_coll, e.dd_coll, D);
	T_OK(name, e.dd_coll > 0 && fabs(e.d_coll - D) <= 4 * e.dd_coll);
	/* 96 series of 2000 frames pin b to about 1 %; 10 % is loose. */
	snprintf(name, sizeof(name), "estimate: noise_self %.5f within 10%% "
	    "of %g", e.noise_self, b);
	T_NEAR(name, e.noise_self, b, 0.1 * b);
	T_OK("estimate: 32 ions give the robust (sandwich) SE", e.robust == 1);
	ok = 1;
	for (i = 0; i < 3; i++)
		ok &= isfinite(e.d_axis[i]) && e.dd_axis[i] > 0 &&
		    fabs(e.d_axis[i] - D) <= 4 * e.dd_axis[i];
	T_OK("estimate: per_axis fills each axis, within 4 SE of D", ok);
	/* Threads only split the sums: equal to 1e-12. */
	T_OK("estimate: 3 threads", hop_diff_estimate(t, 0, n, 1, dt, 1, 3,
	    &e3, &err) == 0);
	T_OK("estimate: 3 threads agree with 1 to 1e-12",
	    fabs(e3.d_self - e.d_self) <= 1e-12 * e.d_self &&
	    fabs(e3.dd_self - e.dd_self) <= 1e-12 * e.dd_self &&
	    fabs(e3.d_axis[2] - e.d_axis[2]) <= 1e-12 * e.d_axis[2] &&
	    e3.d_coll == e.d_coll);

	/* At stride 4 on a sub-range, still within 4 SE. */
	T_OK("estimate: stride 4 of frames 100..1599",
	    hop_diff_estimate(t, 100, 1500, 4, dt, 0, 2, &e, &err) == 0);
	T_EQ_U("estimate: stride 4 increments", e.increments, (1500 - 4) / 4);
	snprintf(name, sizeof(name), "estimate: stride 4 D_self %.5f +- %.5f "
	    "within 4 SE of %g", e.d_self, e.dd_self, D);
	T_OK(name, fabs(e.d_self - D) <= 4 * e.dd_self);
	T_OK("estimate: no per_axis leaves d_axis NaN",
	    isnan(e.d_axis[0]) && isnan(e.d_axis[1]) && isnan(e.d_axis[2]) &&
	    isnan(e.dd_axis[0]));

	/* Five ions on two axes: Fisher SE, and the third axis not there. */
	T_OK("estimate: 5 ions", hop_diff_estimate(few, 0, n, 1, dt, 1, 1, &e,
	    &err) == 0);
	T_OK("estimate: 5 ions give the Fisher SE (robust 0)", e.robust == 0);
	snprintf(name, sizeof(name), "estimate: 5 ions D_self %.5f +- %.5f "
	    "within 4 SE of %g", e.d_self, e.dd_self, D);
	T_OK(name, fabs(e.d_self - D) <= 4 * e.dd_self);
	snprintf(name, sizeof(name), "estimate: 5 ions D_coll %.5f +- %.5f "
	    "within 4 SE of %g", e.d_coll, e.dd_coll, D);
	T_OK(name, fabs(e.d_coll - D) <= 4 * e.dd_coll);
	T_OK("estimate: two kept axes fill d_axis[0..1] only",
	    isfinite(e.d_axis[0]) && isfinite(e.d_axis[1]) &&
	    isnan(e.d_axis[2]) && isnan(e.dd_axis[2]));

	/* Refusals. */
	err.msg[0] = '\0';
	T_OK("estimate: a stride above the max stride refused",
	    hop_diff_estimate(t, 0, 100, hop_diff_max_stride(100) + 1, dt, 0,
	    1, &e, &err) == -1 &&
	    strstr(err.msg, "stride") != NULL);
	err.msg[0] = '\0';
	T_OK("estimate: frames past the end refused",
	    hop_diff_estimate(t, 1000, 1001, 1, dt, 0, 1, &e, &err) == -1 &&
	    err.msg[0] != '\0');

	/*
	 * Choose: a pure random walk with white noise is the model at
	 * every stride, so stride 1 (the most efficient) agrees with 2 and
	 * 4 and is chosen; the ladder is 1, 2, 4, ... up to the max stride
	 * (1 .. 256 for 2000 frames at n/5).
	 */
	T_OK("choose: runs", hop_diff_choose(t, 0, n, dt, 2, ladder, &nl,
	    &chosen, &err) == 0);
	{
		size_t want = 0, s;

		for (s = 1; s <= hop_diff_max_stride(n); s *= 2)
			want++;
		T_EQ_U("choose: one ladder rung per power of 2 up to the max "
		    "stride", nl, want);
	}
	ok = 1;
	for (i = 0; i < nl && i < 64; i++)
		ok &= ladder[i].stride == (size_t)1 << i &&
		    ladder[i].increments == (n - ladder[i].stride) /
		    ladder[i].stride;
	T_OK("choose: ladder strides 1, 2, 4, ... with their increments", ok);
	T_EQ_U("choose: stride 1 chosen on a pure random walk", chosen, 0);
	err.msg[0] = '\0';
	T_OK("choose: too few frames for stride 1 refused",
	    hop_diff_choose(t, 0, HOP_DML_MIN_INCREMENTS, dt, 1, ladder, &nl,
	    &chosen, &err) == -1 && err.msg[0] != '\0');
	hop_msd_traj_free(t);
	hop_msd_traj_free(few);
}

/* hop_diff_run: the rule's stride, --start, the halves, too-short runs. */
static void
test_run(void)
{
	const double D = 0.05, dt = 0.1;
	struct hop_msd_traj *t = walkers(16, 7, 400, D, dt, 0.01, 77);
	struct hop_msd_traj *tiny = walkers(4, 7, 4, D, dt, 0.01, 78);
	struct hop_diff_est lad[HOP_DIFF_LADDER_MAX];
	struct hop_diff_run r;
	struct hop_err err;
	size_t nl, ch;

	T_OK("run: the rule", hop_diff_run(t, dt, 0, 0, 2, &r, &err) == 0);
	T_OK("run: ... the same stride as hop_diff_choose",
	    hop_diff_choose(t, 0, 400, dt, 2, lad, &nl, &ch, &err) == 0 &&
	    nl == r.nladder && ch == r.chosen &&
	    r.est.stride == lad[ch].stride && r.est.d_self == lad[ch].d_self);
	T_NEAR("run: start_ps is the stride in ps", r.start_ps,
	    (double)r.est.stride * dt, 1e-12);
	T_OK("run: halves of 200 frames each", r.have_half &&
	    r.half[0].stride == r.est.stride && !r.too_short);
	T_OK("run: D within 4 standard errors",
	    fabs(r.est.d_self - D) <= 4 * r.est.dd_self);

	T_OK("run: --start 0.42 ps", hop_diff_run(t, dt, 0.42, 1, 1, &r,
	    &err) == 0);
	T_OK("run: ... rounds to 4 frames, judged against 8, per axis",
	    r.est.stride == 4 && r.nladder == 2 && r.ladder[1].stride == 8 &&
	    !isnan(r.est.d_axis[2]));
	T_OK("run: ... a random walk's D settled there: no plateau flag",
	    !r.no_plateau);
	T_OK("run: --start beyond the run", hop_diff_run(t, dt, 1000, 0, 1,
	    &r, &err) == 0);
	T_OK("run: ... the longest stride, too short, no halves",
	    r.est.stride == hop_diff_max_stride(400) && r.too_short &&
	    !r.have_half);

	T_OK("run: 4 frames", hop_diff_run(tiny, dt, 0, 0, 1, &r, &err) == 0);
	T_OK("run: ... no D, too short", isnan(r.est.d_self) &&
	    isnan(r.est.dd_coll) && isnan(r.start_ps) && r.too_short &&
	    r.nladder == 0);
	hop_msd_traj_free(t);
	hop_msd_traj_free(tiny);
}

/*
 * Walkers whose vibration about their site is correlated over frames (an
 * AR(1) of coefficient phi, variance b per axis): D at short strides is
 * biased, so the rule settles past stride 1.
 */
static struct hop_msd_traj *
sticky(uint32_t nions, size_t n, double D, double dt, double b, double phi,
    uint64_t seed)
{
	struct hop_err err;
	struct hop_msd_traj *t = hop_msd_traj_new(nions, 7, &err);
	double *site = calloc(nions * 3, sizeof(double));
	double *vib = calloc(nions * 3, sizeof(double));
	double *pos = malloc(nions * 3 * sizeof(double));
	double sa = sqrt(2 * D * dt), sv = sqrt(b * (1 - phi * phi));
	uint64_t st = hop_rng_seed(seed, 0);
	size_t f, i;

	for (f = 0; f < n; f++) {
		for (i = 0; i < nions * 3; i++) {
			site[i] += f > 0 ? sa * hop_rng_gauss(&st) : 0;
			vib[i] = phi * vib[i] + sv * hop_rng_gauss(&st);
			pos[i] = site[i] + vib[i];
		}
		if (hop_msd_traj_add(t, pos, NULL, &err) != 0)
			break;
	}
	free(site);
	free(vib);
	free(pos);
	return t;
}

/*
 * hop_diff_run_settled: the stride, D and halves that the whole ladder
 * gives under the same rule (hop_diff_run's ladder, hop_diff_settled,
 * then hop_diff_run at that stride), from no more than two strides past
 * the chosen one.
 */
static void
test_run_settled(void)
{
	const double dt = 0.1;
	struct hop_msd_traj *tr[2] = {walkers(16, 7, 1600, 0.05, dt, 0.01,
	    91), sticky(16, 1600, 0.01, dt, 0.3, 0.8, 92)};
	const double rule[3][2] = {{HOP_DIFF_Z, HOP_DIFF_REL},
	    {HOP_DIFF_Z, 0}, {0, 0}};
	struct hop_diff_run full, at, r;
	struct hop_err err;
	size_t ti, ri, k, past = 0;
	char name[160];

	for (ti = 0; ti < 2; ti++)
	for (ri = 0; ri < 3; ri++) {
		double z = rule[ri][0], rel = rule[ri][1];
		int ok = hop_diff_run(tr[ti], dt, 0, 0, 2, &full, &err) == 0;
		size_t nl = full.nladder;

		k = hop_diff_settled(full.ladder, nl, z, rel);
		past += k > 0;
		ok = ok && hop_diff_run(tr[ti], dt, (double)full.ladder[k].stride *
		    dt, 0, 2, &at, &err) == 0;
		ok = ok && hop_diff_run_settled(tr[ti], dt, z, rel, 2, &r,
		    &err) == 0;
		snprintf(name, sizeof(name), "run_settled: trajectory %zu, z "
		    "%g rel %g: rung %zu of %zu, ladder %zu", ti, z, rel,
		    k + 1, nl, r.nladder);
		T_OK(name, ok && r.chosen == k && r.est.stride ==
		    full.ladder[k].stride && r.nladder == (k + 3 < nl ? k + 3 :
		    nl) && r.start_ps == at.start_ps &&
		    r.have_half == at.have_half &&
		    r.half[0].d_self == at.half[0].d_self &&
		    r.half[1].dd_self == at.half[1].dd_self &&
		    r.no_plateau == (nl > 1 && k + 1 == nl));
		snprintf(name, sizeof(name), "run_settled: trajectory %zu, z "
		    "%g rel %g: D and its error", ti, z, rel);
		T_OK(name, r.est.d_self == full.ladder[k].d_self &&
		    r.est.dd_self == (r.no_plateau ?
		    hypot(full.ladder[k].dd_self, full.ladder[k].d_self -
		    full.ladder[k - 1].d_self) : full.ladder[k].dd_self));
	}
	/* Not a vacuous check: the correlated walkers settle past stride
	 * 1, and z 0 never settles. */
	T_OK("run_settled: some rules settle past the first stride", past >=
	    3);
	hop_msd_traj_free(tr[0]);
	hop_msd_traj_free(tr[1]);
}

int
main(void)
{
	test_dense();
	test_known();
	test_edges();
	test_sandwich();
	test_estimate();
	test_run();
	test_run_settled();
	return t_done();
}
