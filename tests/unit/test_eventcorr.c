/*
 * test_eventcorr.c - the windowed (sparse) event correlations against the
 * dense computation: every r_ij, the mean, the counts above positive and
 * negative thresholds, the correlated pairs and the random threshold.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eventcorr.h"
#include "t.h"

static uint64_t lcg = 12345;

static uint64_t
rnd(uint64_t m)
{
	lcg = lcg * 6364136223846793005u + 1442695040888963407u;
	return (lcg >> 33) % m;
}

struct pairctx {
	const double *R;
	size_t n, count;
	int bad;
};

static int
on_pair(void *ctx, size_t i, size_t j, double r)
{
	struct pairctx *p = ctx;

	p->count++;
	if (!(i < j) || fabs(r - p->R[i * p->n + j]) > 1e-9)
		p->bad = 1;
	return 0;
}

/* Compare everything for n random events over T frames. */
static void
check_case(const char *name, size_t n, uint64_t T, uint64_t maxdur)
{
	uint64_t *st = malloc(n * sizeof(*st)), *en = malloc(n * sizeof(*en));
	double *R = malloc(n * n * sizeof(*R)), maxd = 0, thr[3];
	uint32_t *Ns = malloc(n * sizeof(uint32_t)), *Nd = malloc(n *
	    sizeof(uint32_t));
	struct hop_eventcorr *c;
	struct hop_err err;
	char buf[160];
	size_t i, j, k;
	int same;

	for (i = 0; i < n; i++) {
		uint64_t d = rnd(maxdur + 1);

		st[i] = rnd(T - d);
		en[i] = st[i] + d;
	}
	c = hop_eventcorr_new(st, en, n, T, &err);
	T_OK(name, c != NULL);
	if (c == NULL)
		return;
	T_OK(name, hop_eventcorr_dense(st, en, n, T, R, &err) == 0);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			double d = fabs(hop_eventcorr_r(c, i, j) - R[i * n + j]);

			if (d > maxd || isnan(d))
				maxd = isnan(d) ? INFINITY : d;
		}
	snprintf(buf, sizeof(buf), "%s: every r_ij as the dense one", name);
	T_NEAR(buf, maxd, 0, 1e-9);
	snprintf(buf, sizeof(buf), "%s: mean r as the dense one", name);
	T_NEAR(buf, hop_eventcorr_mean(c), hop_eventcorr_dense_mean(R, n), 1e-10);
	/* The mean itself, a negative threshold that makes pairs without
	 * overlap count, and a positive one. */
	thr[0] = hop_eventcorr_mean(c);
	thr[1] = -0.01;
	thr[2] = 0.3;
	for (k = 0; k < 3; k++) {
		struct pairctx pc = {R, n, 0, 0};
		size_t want = 0, sum = 0;

		hop_eventcorr_counts(c, thr[k], Ns);
		hop_eventcorr_dense_counts(R, n, thr[k], Nd);
		same = memcmp(Ns, Nd, n * sizeof(uint32_t)) == 0;
		snprintf(buf, sizeof(buf), "%s: counts above %g as dense",
		    name, thr[k]);
		T_OK(buf, same);
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n; j++)
				want += R[i * n + j] > thr[k];
		for (i = 0; i < n; i++)
			sum += Ns[i] - 1;
		hop_eventcorr_pairs(c, thr[k], on_pair, &pc);
		snprintf(buf, sizeof(buf), "%s: pairs above %g as dense",
		    name, thr[k]);
		T_OK(buf, pc.count == want && !pc.bad && sum == 2 * want);
	}
	hop_eventcorr_free(c);
	free(st);
	free(en);
	free(R);
	free(Ns);
	free(Nd);
}

int
main(void)
{
	struct hop_err err;
	double a, b;

	check_case("short hops, long run", 60, 3000, 12);
	check_case("long hops, short run", 40, 200, 80);
	check_case("zero-length hops", 30, 100, 0);

	/* Two identical events correlate fully; disjoint far ones do not. */
	{
		uint64_t st[3] = {10, 10, 150}, en[3] = {14, 14, 154};
		struct hop_eventcorr *c = hop_eventcorr_new(st, en, 3, 200, &err);
		uint32_t N[3];

		T_NEAR("identical events: r = 1", hop_eventcorr_r(c, 0, 1), 1,
		    1e-12);
		T_OK("far events: r < 0", hop_eventcorr_r(c, 0, 2) < 0);
		hop_eventcorr_counts(c, 0.5, N);
		T_OK("counts: 2, 2, 1", N[0] == 2 && N[1] == 2 && N[2] == 1);
		hop_eventcorr_free(c);
	}
	/*
	 * IonDiff's width: the FWHM is the number of frames a hop spans,
	 * end - start + 1, so one-frame hops in adjacent frames are smoothed
	 * into each other.  The values come from scipy 1.10.1:
	 *   x[s:t+1] = 1; sigma = (t - s + 1) / 2.355;
	 *   gaussian_filter1d(x, sigma, mode='constant', cval=0,
	 *       radius=ceil(sigma * sqrt(2 ln 1e12)));
	 *   numpy.corrcoef over 50 frames.
	 * (The width end - start left the one-frame hops unsmoothed, r < 0.)
	 */
	{
		uint64_t st[4] = {10, 11, 20, 22}, en[4] = {10, 11, 24, 30};
		struct hop_eventcorr *c = hop_eventcorr_new(st, en, 4, 50, &err);
		double R[16];

		T_NEAR("FWHM t - s + 1: one-frame hops", hop_eventcorr_r(c, 0, 1),
		    0.10141274615901831, 1e-12);
		T_NEAR("FWHM t - s + 1: overlapping hops", hop_eventcorr_r(c, 2,
		    3), 0.6102615244819621, 1e-12);
		T_OK("FWHM t - s + 1: dense", hop_eventcorr_dense(st, en, 4, 50, R,
		    &err) == 0);
		T_NEAR("FWHM t - s + 1: dense one-frame hops", R[1],
		    0.10141274615901831, 1e-12);
		hop_eventcorr_free(c);
	}
	/* A flat signal has no correlation, and is never counted. */
	{
		uint64_t st[2] = {0, 0}, en[2] = {1, 0};
		struct hop_eventcorr *c = hop_eventcorr_new(st, en, 2, 2, &err);
		uint32_t N[2];

		T_OK("flat event: r undefined", isnan(hop_eventcorr_r(c, 0, 1)));
		hop_eventcorr_counts(c, -1, N);
		T_OK("flat event: N = 1", N[0] == 1 && N[1] == 1);
		T_OK("flat event: no mean", isnan(hop_eventcorr_mean(c)));
		hop_eventcorr_free(c);
	}
	T_OK("event past the run refused",
	    hop_eventcorr_new((uint64_t[]){5}, (uint64_t[]){10}, 1, 10, &err) ==
	    NULL && strstr(err.msg, "outside") != NULL);
	T_OK("random threshold: sparse", hop_eventcorr_random_threshold(50, 6,
	    800, 5, 7, 0, &a, &err) == 0);
	T_OK("random threshold: dense", hop_eventcorr_random_threshold(50, 6,
	    800, 5, 7, 1, &b, &err) == 0);
	T_NEAR("random threshold: sparse = dense", a, b, 1e-10);
	/* Hops long against the run: most windows cut by its ends. */
	hop_eventcorr_random_threshold(30, 150, 400, 4, 3, 0, &a, &err);
	hop_eventcorr_random_threshold(30, 150, 400, 4, 3, 1, &b, &err);
	T_NEAR("random threshold, long hops: sparse = dense", a, b, 1e-10);
	T_OK("random threshold: one event has none",
	    hop_eventcorr_random_threshold(1, 6, 800, 5, 7, 0, &a, &err) == 0 &&
	    isnan(a));
	return t_done();
}
