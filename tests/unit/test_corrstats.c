/*
 * test_corrstats.c - Spearman correlation, p-values and bootstrap intervals
 * against closed forms and values from scipy.stats.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "corrstats.h"
#include "kmeans.h"
#include "rng.h"
#include "t.h"

static void
test_ranks(void)
{
	double x[6] = {3, 1, 2, 2, 5, 2}, r[6];

	T_OK("ranks: ok", hop_ranks(x, 6, r) == 0);
	T_NEAR("ranks: largest", r[4], 6, 0);
	T_NEAR("ranks: smallest", r[1], 1, 0);
	T_NEAR("ranks: three ties share 3", r[2] + r[3] + r[5], 9, 0);
	T_NEAR("ranks: tie", r[5], 3, 0);
	T_NEAR("ranks: after ties", r[0], 5, 0);
}

static void
test_spearman(void)
{
	/* scipy.stats.spearmanr([1,2,3,4,5], [5,6,7,8,7]) */
	double x[5] = {1, 2, 3, 4, 5}, y[5] = {5, 6, 7, 8, 7};
	double mono[5] = {1, 8, 27, 64, 125}, flat[5] = {2, 2, 2, 2, 2}, rho;

	T_OK("spearman: ok", hop_spearman(x, y, 5, &rho) == 0);
	T_NEAR("spearman: scipy's example", rho, 0.8207826816681233, 1e-12);
	T_NEAR("spearman: p of scipy's example", hop_corr_pvalue(rho, 5),
	    0.0885870053135438, 1e-9);
	hop_spearman(x, mono, 5, &rho);
	T_NEAR("spearman: monotonic is 1", rho, 1, 1e-15);
	hop_spearman(mono, x, 5, &rho);
	T_NEAR("spearman: symmetric", rho, 1, 1e-15);
	hop_spearman(x, flat, 5, &rho);
	T_OK("spearman: constant sample is nan", isnan(rho));
	hop_spearman(x, y, 1, &rho);
	T_OK("spearman: one point is nan", isnan(rho));
}

static void
test_pvalue(void)
{
	/* df = 1: p = 1 - 2 atan(t) / pi; r = 0.5, n = 3: t = 1/sqrt(3). */
	T_NEAR("p: df 1", hop_corr_pvalue(0.5, 3), 2.0 / 3, 1e-12);
	/* df = 2: p = 1 - t / sqrt(2 + t^2); r = 0.5, n = 4: p = 0.5. */
	T_NEAR("p: df 2", hop_corr_pvalue(0.5, 4), 0.5, 1e-12);
	T_NEAR("p: sign does not matter", hop_corr_pvalue(-0.5, 4), 0.5,
	    1e-12);
	/* Numerical integration of Student's t density (Simpson, 2e5
	 * intervals), as scipy.stats.pearsonr gives. */
	T_NEAR("p: r 0.3 n 100", hop_corr_pvalue(0.3, 100),
	    0.002425733462554258, 1e-10);
	T_NEAR("p: r -0.9 n 10", hop_corr_pvalue(-0.9, 10),
	    0.0003871562499849768, 1e-11);
	T_NEAR("p: r 0", hop_corr_pvalue(0, 50), 1, 1e-12);
	T_NEAR("p: r 1", hop_corr_pvalue(1, 5), 0, 0);
	T_OK("p: n 2 is nan", isnan(hop_corr_pvalue(0.5, 2)));
	T_OK("p: nan r is nan", isnan(hop_corr_pvalue(NAN, 20)));
}

static void
test_betainc(void)
{
	T_NEAR("betainc: I_x(a, 1) = x^a", hop_betainc(2.5, 1, 0.3),
	    pow(0.3, 2.5), 1e-13);
	T_NEAR("betainc: I_x(1, b) = 1 - (1-x)^b", hop_betainc(1, 7, 0.2),
	    1 - pow(0.8, 7), 1e-13);
	T_NEAR("betainc: symmetric at 1/2", hop_betainc(40, 40, 0.5), 0.5,
	    1e-12);
	T_NEAR("betainc: reflection", hop_betainc(3, 5, 0.7),
	    1 - hop_betainc(5, 3, 0.3), 1e-13);
	/*
	 * Against scipy.special.betainc (scipy 1.10.1, Debian 12), computed
	 * once: betainc(a, b, x) for each (a, b, x) below.  hop_betainc is
	 * GSL's gsl_sf_beta_inc; relative agreement 1e-11, or 1e-9 for the
	 * huge a of a p-value over half a million points.
	 */
	{
		static const double ref[][4] = {
			{0.5, 0.5, 0.3, 0.3690101195655454},
			{2.5, 0.5, 0.9, 0.4895897445644274},
			{49, 0.5, 0.2, 5.047365511004839e-36},
			{100, 0.5, 0.999, 0.6550435163244297},
			{0.5, 3, 1e-6, 0.0018749987500003753},
			{300, 300, 0.45, 0.007051586108964223},
			{4, 0.5, 0.999999, 0.9978125021874672},
		};
		size_t k;

		for (k = 0; k < sizeof(ref) / sizeof(ref[0]); k++) {
			char name[80];

			snprintf(name, sizeof(name), "betainc: scipy I_%g(%g, %g)",
			    ref[k][2], ref[k][0], ref[k][1]);
			T_NEAR(name, hop_betainc(ref[k][0], ref[k][1],
			    ref[k][2]), ref[k][3], 1e-11 * ref[k][3]);
		}
		T_NEAR("betainc: scipy I_0.99999(5e5, 0.5)", hop_betainc(5e5,
		    0.5, 0.99999), 0.0015653640068791653, 1e-9 *
		    0.0015653640068791653);
		/* 2 * scipy.stats.t.sf(t, 98), t = 0.77 sqrt(98 / (1 -
		 * 0.77^2)): a p-value far in the tail keeps its digits. */
		T_NEAR("p: scipy r 0.77 n 100", hop_corr_pvalue(0.77, 100),
		    7.783033468260779e-21, 1e-11 * 7.783033468260779e-21);
		T_NEAR("betainc: underflow is 0", hop_betainc(1e9, 0.5, 0.5),
		    0, 0);
	}
	T_OK("betainc: outside is nan", isnan(hop_betainc(1, 1, 1.5)) &&
	    isnan(hop_betainc(0, 1, 0.5)));
}

/* Pairs with a population correlation of rho (Box-Muller normals). */
static void
correlated(double *x, double *y, size_t n, double rho, uint64_t seed)
{
	uint64_t s = hop_rng_seed(seed, 1);
	size_t i;

	for (i = 0; i < n; i++) {
		double u1 = ((double)(hop_rng_next(&s) >> 11) + 0.5) * 0x1p-53;
		double u2 = ((double)(hop_rng_next(&s) >> 11) + 0.5) * 0x1p-53;
		double g1 = sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
		double g2 = sqrt(-2 * log(u1)) * sin(6.283185307179586 * u2);

		x[i] = g1;
		y[i] = rho * g1 + sqrt(1 - rho * rho) * g2;
	}
}

static void
test_bootstrap(void)
{
	double x[400], y[400], lo, hi, lo2, hi2;
	double line[8] = {1, 2, 3, 4, 5, 6, 7, 8}, dbl[8];
	size_t used, i, cover = 0;

	for (i = 0; i < 8; i++)
		dbl[i] = 2 * line[i] + 1;
	T_OK("bootstrap: ok", hop_corr_bootstrap(line, dbl, 8, 0, 500, 1,
	    0.95, &lo, &hi, &used) == 0);
	T_NEAR("bootstrap: a line gives [1, 1] (lo)", lo, 1, 1e-12);
	T_NEAR("bootstrap: a line gives [1, 1] (hi)", hi, 1, 1e-12);
	/* Of 3 points, a resample repeats one point with probability 1/9
	 * and then has no r. */
	hop_corr_bootstrap(line, dbl, 3, 0, 900, 1, 0.95, &lo, &hi, &used);
	T_OK("bootstrap: degenerate resamples left out", used > 750 &&
	    used < 850);

	correlated(x, y, 400, 0.6, 7);
	hop_corr_bootstrap(x, y, 400, 0, 1000, 3, 0.95, &lo, &hi, &used);
	T_OK("bootstrap: pearson interval holds 0.6", lo < 0.6 && hi > 0.6);
	/* The standard error of r is about (1 - rho^2) / sqrt(n) = 0.032. */
	T_NEAR("bootstrap: width about 4 standard errors", hi - lo, 0.125,
	    0.03);
	hop_corr_bootstrap(x, y, 400, 0, 1000, 3, 0.95, &lo2, &hi2, NULL);
	T_OK("bootstrap: same seed, same interval", lo == lo2 && hi == hi2);
	hop_corr_bootstrap(x, y, 400, 0, 1000, 4, 0.95, &lo2, &hi2, NULL);
	T_OK("bootstrap: another seed, another interval", lo != lo2);
	T_OK("bootstrap: spearman ok", hop_corr_bootstrap(x, y, 400, 1,
	    300, 3, 0.9, &lo, &hi, NULL) == 0 && lo < hi && lo > 0.4 &&
	    hi < 0.75);

	/* Coverage: 95% intervals of samples of 30 should hold the true
	 * correlation about 95% of the time (percentile intervals run a
	 * little short for small n). */
	for (i = 0; i < 100; i++) {
		correlated(x, y, 30, 0.5, 100 + i);
		hop_corr_bootstrap(x, y, 30, 0, 400, i, 0.95, &lo, &hi, NULL);
		cover += lo < 0.5 && hi > 0.5;
	}
	T_OK("bootstrap: coverage of 95% intervals 85-100%", cover >= 85);

	hop_corr_bootstrap(line, dbl, 1, 0, 100, 1, 0.95, &lo, &hi, &used);
	T_OK("bootstrap: one point gives nan", isnan(lo) && isnan(hi) &&
	    used == 0);
	hop_corr_bootstrap(line, dbl, 8, 0, 5, 1, 0.95, &lo, &hi, &used);
	T_OK("bootstrap: under 10 resamples gives nan", isnan(lo) &&
	    used == 5);
}

int
main(void)
{
	test_ranks();
	test_spearman();
	test_pvalue();
	test_betainc();
	test_bootstrap();
	return t_done();
}
