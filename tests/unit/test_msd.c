/*
 * test_msd.c - the FFT MSD engine against direct O(T^2) sums over every
 * origin, the trajectory store (single-precision displacements, drift
 * shift, axes, frame ranges, threads), the window fit and log lags.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msd.h"
#include "rng.h"
#include "t.h"

static uint64_t rng = 0x9e3779b97f4a7c15u;

/* Uniform in (0, 1). */
static double
uni(void)
{
	return hop_rng_uniform(&rng);
}

/* Direct S(m) = sum_t (x(t+m) - x(t))^2 for one series. */
static void
direct_s(const double *x, size_t n, double *s)
{
	size_t m, t;

	for (m = 0; m < n; m++) {
		s[m] = 0;
		for (t = 0; t + m < n; t++)
			s[m] += (x[t + m] - x[t]) * (x[t + m] - x[t]);
	}
}

/* Largest relative difference, ignoring values below floor. */
static double
max_rel(const double *got, const double *want, size_t n, double floor)
{
	double worst = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		double d = fabs(got[i] - want[i]);
		double w = fabs(want[i]) > floor ? fabs(want[i]) : floor;

		if (!(d / w <= worst))
			worst = d / w;
	}
	return worst;
}

static void
test_fft(void)
{
	static const size_t lens[] = {1, 2, 3, 7, 100, 257, 1000};
	size_t li;

	for (li = 0; li < sizeof(lens) / sizeof(lens[0]); li++) {
		size_t n = lens[li], i, k;
		struct hop_err err;
		struct hop_msd_fft *f = hop_msd_fft_new(n, &err);
		double *x = malloc(n * sizeof(double));
		double *want = calloc(n, sizeof(double));
		double *one = malloc(n * sizeof(double));
		double *got = malloc(n * sizeof(double));
		char name[80];

		/* Three random walks far from the origin, summed. */
		for (k = 0; k < 3; k++) {
			double r = 1000.0 * (double)(k + 1);

			for (i = 0; i < n; i++) {
				r += uni() - 0.5;
				x[i] = r;
			}
			hop_msd_fft_add(f, x);
			direct_s(x, n, one);
			for (i = 0; i < n; i++)
				want[i] += one[i];
		}
		hop_msd_fft_take(f, got);
		snprintf(name, sizeof(name), "fft S(m) equals the direct sum "
		    "to 1e-9, n=%zu", n);
		T_OK(name, max_rel(got, want, n, 1e-300) <= 1e-9);
		snprintf(name, sizeof(name), "fft S(0) is exactly 0, n=%zu", n);
		T_OK(name, got[0] == 0);
		/* take starts again from zero. */
		hop_msd_fft_add(f, x);
		hop_msd_fft_take(f, got);
		snprintf(name, sizeof(name), "fft take resets, n=%zu", n);
		T_OK(name, max_rel(got, one, n, 1e-300) <= 1e-9);
		hop_msd_fft_free(f);
		free(x);
		free(want);
		free(one);
		free(got);
	}
	{
		struct hop_err err = {""};

		T_OK("fft refuses an empty series",
		    hop_msd_fft_new(0, &err) == NULL &&
		    strstr(err.msg, "0 frames") != NULL);
	}
}

/* Direct tracer and collective MSD over frames [first, first+n) of
 * positions p (T x N x 3), axes in mask, shift s (T x 3) subtracted. */
static void
direct_msd(const double *p, const double *s, size_t N, size_t first,
    size_t n, unsigned mask, double *self, double *coll)
{
	size_t m, t, i, a;

	for (m = 0; m < n; m++) {
		double ss = 0, sc = 0;

		for (t = first; t + m < first + n; t++) {
			double tot[3] = {0, 0, 0};

			for (i = 0; i < N; i++)
				for (a = 0; a < 3; a++) {
					double d;

					if (!(mask & (1u << a)))
						continue;
					d = (p[((t + m) * N + i) * 3 + a] -
					    (s ? s[(t + m) * 3 + a] : 0)) -
					    (p[(t * N + i) * 3 + a] -
					    (s ? s[t * 3 + a] : 0));
					ss += d * d;
					tot[a] += d;
				}
			sc += tot[0] * tot[0] + tot[1] * tot[1] +
			    tot[2] * tot[2];
		}
		self[m] = ss / (double)(N * (n - m));
		coll[m] = sc / (double)(N * (n - m));
	}
}

/* Random walks of N ions over T frames; on a grid of 2^-12 A when grid
 * is set, so that every displacement is exact in single precision. */
static double *
walks(size_t N, size_t T, int grid)
{
	double *p = malloc(T * N * 3 * sizeof(double));
	size_t t, i;

	for (i = 0; i < N * 3; i++)
		p[i] = grid ? floor(20 * uni() * 4096) / 4096 : 20 * uni();
	for (t = 1; t < T; t++)
		for (i = 0; i < N * 3; i++) {
			double step = uni() - 0.5;

			if (grid)
				step = floor(step * 4096) / 4096;
			p[t * N * 3 + i] = p[(t - 1) * N * 3 + i] + step;
		}
	return p;
}

static void
test_traj(void)
{
	const size_t N = 5, T = 200;
	double *p = walks(N, T, 1), *q = walks(N, T, 0);
	double *shift = malloc(T * 3 * sizeof(double));
	double ws[200], wc[200], gs[200], gc[200], g2[200];
	struct hop_err err;
	struct hop_msd_traj *tr;
	size_t t;

	for (t = 0; t < T; t++) {
		shift[3 * t] = 0.25 * (double)t;
		shift[3 * t + 1] = -0.125 * (double)t;
		shift[3 * t + 2] = 0;
	}
	/* Exact in float: the whole pipeline matches to 1e-9. */
	tr = hop_msd_traj_new((uint32_t)N, 7, &err);
	for (t = 0; t < T; t++)
		hop_msd_traj_add(tr, p + t * N * 3, NULL, &err);
	T_EQ_U("traj frames", hop_msd_traj_frames(tr), T);
	T_EQ_U("traj dims", hop_msd_traj_dims(tr), 3);
	T_OK("compute", hop_msd_traj_compute(tr, 0, T, 1, gs, gc, &err) == 0);
	direct_msd(p, NULL, N, 0, T, 7, ws, wc);
	T_OK("tracer MSD equals the direct O(T^2) sum to 1e-9",
	    max_rel(gs, ws, T, 1e-300) <= 1e-9);
	T_OK("collective MSD equals the direct O(T^2) sum to 1e-9",
	    max_rel(gc, wc, T, 1e-300) <= 1e-9);
	T_OK("compute a sub-range", hop_msd_traj_compute(tr, 37, 101, 1, gs,
	    gc, &err) == 0);
	direct_msd(p, NULL, N, 37, 101, 7, ws, wc);
	T_OK("sub-range tracer MSD to 1e-9", max_rel(gs, ws, 101, 1e-300) <=
	    1e-9);
	T_OK("sub-range collective MSD to 1e-9",
	    max_rel(gc, wc, 101, 1e-300) <= 1e-9);
	hop_msd_traj_compute(tr, 37, 101, 4, g2, NULL, &err);
	T_OK("four threads give the one-thread result",
	    max_rel(g2, gs, 101, 1e-300) <= 1e-12);
	T_OK("a range past the end is refused",
	    hop_msd_traj_compute(tr, 150, 51, 1, gs, gc, &err) == -1 &&
	    strstr(err.msg, "not in the 200 stored") != NULL);
	hop_msd_traj_free(tr);

	/* Arbitrary positions: single precision costs about 1e-7. */
	tr = hop_msd_traj_new((uint32_t)N, 7, &err);
	for (t = 0; t < T; t++)
		hop_msd_traj_add(tr, q + t * N * 3, NULL, &err);
	hop_msd_traj_compute(tr, 0, T, 2, gs, gc, &err);
	direct_msd(q, NULL, N, 0, T, 7, ws, wc);
	T_OK("tracer MSD of arbitrary positions to 1e-6",
	    max_rel(gs + 1, ws + 1, T - 1, 1e-300) <= 1e-6);
	T_OK("collective MSD of arbitrary positions to 1e-6",
	    max_rel(gc + 1, wc + 1, T - 1, 1e-300) <= 1e-6);
	hop_msd_traj_free(tr);

	/* A drift shift and two axes. */
	tr = hop_msd_traj_new((uint32_t)N, HOP_MSD_X | HOP_MSD_Z, &err);
	for (t = 0; t < T; t++)
		hop_msd_traj_add(tr, p + t * N * 3, shift + 3 * t, &err);
	T_EQ_U("two axes kept", hop_msd_traj_dims(tr), 2);
	hop_msd_traj_compute(tr, 0, T, 1, gs, gc, &err);
	direct_msd(p, shift, N, 0, T, HOP_MSD_X | HOP_MSD_Z, ws, wc);
	T_OK("shifted x,z tracer MSD to 1e-9", max_rel(gs, ws, T, 1e-300) <=
	    1e-9);
	T_OK("shifted x,z collective MSD to 1e-9",
	    max_rel(gc, wc, T, 1e-300) <= 1e-9);
	q[7] = NAN;
	T_OK("a non-finite coordinate is refused",
	    hop_msd_traj_add(tr, q, NULL, &err) == -1 &&
	    strstr(err.msg, "ion 3 has a non-finite") != NULL);
	T_EQ_U("a refused frame is not stored", hop_msd_traj_frames(tr), T);
	hop_msd_traj_free(tr);
	T_OK("no axes is refused", hop_msd_traj_new(3, 0, &err) == NULL);
	free(p);
	free(q);
	free(shift);
}

static void
test_fit(void)
{
	double lag[3001], msd[3001], slope;
	size_t lags[40], k, n, ok = 1;
	struct hop_linfit lf;

	for (k = 0; k < 3001; k++) {
		lag[k] = 0.01 * (double)k;
		/* Not a line before the window: the fit must not see it. */
		msd[k] = k < 1200 ? 50.0 : 0.5 + 0.6 * lag[k];
	}
	n = hop_msd_fit_window(lag, msd, 3001, 0.4, 1.0, &slope, &lf);
	T_EQ_U("window 40-100% of 3000 lags holds lags 1200..3000", n, 1801);
	T_NEAR("window slope", slope, 0.6, 1e-12);
	T_NEAR("window intercept", lf.a, 0.5, 1e-9);
	n = hop_msd_fit_window(lag, msd, 3001, 0.2, 0.5, &slope, NULL);
	T_EQ_U("window 20-50% holds lags 600..1500", n, 901);
	T_OK("a window of one lag has no slope",
	    hop_msd_fit_window(lag, msd, 3, 0.6, 0.9, &slope, NULL) == 0 &&
	    isnan(slope));
	n = hop_msd_log_lags(20000, 40, lags);
	for (k = 1; k < n; k++)
		if (lags[k] <= lags[k - 1])
			ok = 0;
	T_OK("log lags increase", ok && n > 30 && n <= 40);
	T_OK("log lags span 1 to n-1", lags[0] == 1 && lags[n - 1] == 19999);
	T_EQ_U("log lags of a short run are every lag",
	    hop_msd_log_lags(6, 40, lags), 5);
}

/*
 * Block errors by hand: one ion moving along x at speed v_k in block k
 * has MSD(m) = v_k^2 m^2 there (lags in frames), and a straight line
 * fitted over the lags a..b of a parabola has slope (a + b) v_k^2.  With
 * v = 1, 2, 3 the slopes' standard deviation is (a + b) sd(1, 4, 9) =
 * (a + b) 7 / sqrt(3).
 */
static void
test_blocks(void)
{
	struct hop_err err;
	struct hop_msd_traj *t = hop_msd_traj_new(1, HOP_MSD_X, &err);
	double lag[62], pos[3] = {0, 0, 0}, ss[2], sc[2];
	/* [0.5, 1] of 19 lags: 10..19; [0, 1]: 0..19. */
	double from[2] = {0.5, 0}, to[2] = {1, 1};
	size_t f;

	for (f = 0; f < 62; f++) {
		lag[f] = (double)f;
		if (f > 0)
			pos[0] += (double)(1 + (f < 60 ? f / 20 : 2));
		if (t != NULL)
			hop_msd_traj_add(t, pos, NULL, &err);
	}
	T_OK("blocks: a trajectory", t != NULL &&
	    hop_msd_traj_frames(t) == 62);
	if (t == NULL)
		return;
	T_EQ_U("blocks: three of 20 frames (2 left out)", hop_msd_block_sd(t,
	    lag, 3, from, to, 2, 1, ss, sc, &err), 3);
	T_NEAR("blocks: tracer, window 10..19", ss[0], 29 * 7 / sqrt(3),
	    1e-9);
	T_NEAR("blocks: collective of one ion alike", sc[0], ss[0], 1e-9);
	T_NEAR("blocks: window 0..19", ss[1], 19 * 7 / sqrt(3), 1e-9);
	T_OK("blocks: one block is none", hop_msd_block_sd(t, lag, 1, from,
	    to, 2, 1, ss, sc, &err) == 0 && isnan(ss[0]) && isnan(sc[1]));
	T_OK("blocks: blocks under HOP_MSD_MIN_BLOCK frames are none",
	    hop_msd_block_sd(t, lag, 7, from, to, 2, 1, ss, sc, &err) == 0 &&
	    isnan(ss[1]));
	hop_msd_traj_free(t);
}

int
main(void)
{
	test_fft();
	test_traj();
	test_fit();
	test_blocks();
	return t_done();
}
