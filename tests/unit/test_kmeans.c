/*
 * test_kmeans.c - k-means and silhouettes against hand-computed cases and
 * a plain O(n^2) double-precision silhouette, and the bounds against the
 * exact values.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans.h"
#include "rng.h"
#include "t.h"

/* Points on the x axis. */
static struct hop_pts
line(const float *x, size_t n)
{
	static float zero[64];
	struct hop_pts p = {x, zero, zero, n};

	return p;
}

static double
sil1(const struct hop_pts *p, const uint8_t *lab, unsigned k)
{
	const uint8_t *l[1] = {lab};
	double s = NAN;

	if (hop_silhouette(p, l, &k, 1, &s) != 0)
		return NAN;
	return s;
}

static void
test_silhouette_by_hand(void)
{
	static const float a[] = {0, 1, 4, 5}, b[] = {0, 1, 10},
	    c[] = {0, 1, 5, 6, 20}, same[] = {3, 3, 3, 3};
	static const uint8_t la[] = {0, 0, 1, 1}, lb[] = {0, 0, 1},
	    lc[] = {0, 0, 1, 1, 2}, lone[] = {1, 1, 1, 1};
	struct hop_pts p;

	/* a = 1 everywhere; b = 4.5, 3.5, 3.5, 4.5. */
	p = line(a, 4);
	T_NEAR("silhouette: two pairs", sil1(&p, la, 2),
	    (7.0 / 9 + 5.0 / 7) / 2, 1e-6);
	/* The lone point at 10 scores 0. */
	p = line(b, 3);
	T_NEAR("silhouette: a cluster of one scores 0", sil1(&p, lb, 2),
	    (0.9 + 8.0 / 9) / 3, 1e-6);
	/* b is the nearer of two other clusters: 316/495. */
	p = line(c, 5);
	T_NEAR("silhouette: b is the smallest mean over other clusters",
	    sil1(&p, lc, 3), 316.0 / 495, 1e-6);
	/* a = b = 0: 0, as numpy's nan_to_num makes it. */
	p = line(same, 4);
	T_NEAR("silhouette: identical points score 0", sil1(&p, la, 2), 0,
	    0);
	T_NEAR("silhouette: one non-empty cluster scores -1",
	    sil1(&p, lone, 3), -1, 0);
	/* The same value when labels are swapped. */
	{
		static const uint8_t sw[] = {1, 1, 0, 0};

		p = line(a, 4);
		T_NEAR("silhouette: label names do not matter",
		    sil1(&p, sw, 2), (7.0 / 9 + 5.0 / 7) / 2, 1e-6);
	}
}

static double
gauss(uint64_t *s)
{
	double u = ((double)(hop_rng_next(s) >> 11) + 0.5) * 0x1p-53;
	double v = ((double)(hop_rng_next(s) >> 11) + 0.5) * 0x1p-53;

	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

/* The definition, in double, pair by pair. */
static double
naive(const struct hop_pts *p, const uint8_t *lab, unsigned k)
{
	size_t i, j, cnt[HOP_LABELS_MAX] = {0};
	double s = 0;

	for (i = 0; i < p->n; i++)
		cnt[lab[i]]++;
	for (i = 0; i < p->n; i++) {
		double sum[HOP_LABELS_MAX] = {0}, a, b = INFINITY;
		unsigned c;

		if (cnt[lab[i]] < 2)
			continue;
		for (j = 0; j < p->n; j++) {
			double dx = (double)p->x[i] - p->x[j],
			    dy = (double)p->y[i] - p->y[j],
			    dz = (double)p->z[i] - p->z[j];

			sum[lab[j]] += sqrt(dx * dx + dy * dy + dz * dz);
		}
		a = sum[lab[i]] / (double)(cnt[lab[i]] - 1);
		for (c = 0; c < k; c++)
			if (c != lab[i] && cnt[c] > 0 &&
			    sum[c] / (double)cnt[c] < b)
				b = sum[c] / (double)cnt[c];
		s += (b - a) / (a > b ? a : b);
	}
	return s / (double)p->n;
}

/* Random clouds: several labellings at once match the definition, and
 * the bounds hold, for blobs and for clearly separated sites. */
static void
test_silhouette_vs_naive(void)
{
	enum { N = 700 };
	static float x[N], y[N], z[N];
	static uint8_t lab[3][N];
	const uint8_t *l[3] = {lab[0], lab[1], lab[2]};
	unsigned k[3] = {2, 4, 7}, q, bad_lo = 0, bad_hi = 0, loose = 0;
	struct hop_pts p = {x, y, z, N};
	uint64_t s = 42;
	double got[3];
	size_t i;
	int trial;

	for (trial = 0; trial < 6; trial++) {
		double sep = trial % 2 ? 3.0 : 0.0;

		for (i = 0; i < N; i++) {
			unsigned site = (unsigned)(i * 3 / N);

			x[i] = (float)(site * sep + 0.3 * gauss(&s));
			y[i] = (float)(0.3 * gauss(&s));
			z[i] = (float)(0.3 * gauss(&s));
			/* k-means-like labels, random ones, and by site. */
			lab[0][i] = x[i] > sep ? 1 : 0;
			lab[1][i] = (uint8_t)hop_rng_below(&s, 4);
			lab[2][i] = (uint8_t)(site + 3 * (y[i] > 0));
		}
		if (hop_silhouette(&p, l, k, 3, got) != 0) {
			T_OK("silhouette: runs", 0);
			return;
		}
		for (q = 0; q < 3; q++) {
			double want = naive(&p, lab[q], k[q]), lo, hi;
			int refine;

			if (fabs(got[q] - want) > 1e-5) {
				T_NEAR("silhouette: float sums match the "
				    "definition", got[q], want, 1e-5);
				return;
			}
			for (refine = 0; refine < 2; refine++) {
				hop_silhouette_bounds(&p, lab[q], k[q], refine,
				    &lo, &hi);
				bad_lo += lo > want + 1e-9;
				bad_hi += hi < want - 1e-9;
				loose += hi - lo > 1.5;
			}
		}
	}
	T_OK("silhouette: several labellings at once match the definition",
	    1);
	T_EQ_U("silhouette bounds: lower bound never above the value",
	    bad_lo, 0);
	T_EQ_U("silhouette bounds: upper bound never below the value",
	    bad_hi, 0);
	T_EQ_U("silhouette bounds: never wider than 1.5", loose, 0);
}

/* A blob scores well below 0.7 and its upper bound says so; two sites
 * 2.7 A apart score above it and the lower bound says so. */
static void
test_bounds_decide(void)
{
	enum { N = 2000 };
	static float x[N], y[N], z[N];
	static uint8_t lab[N];
	struct hop_pts p = {x, y, z, N};
	uint64_t s = 7;
	double lo, hi, lo1, hi1, ex;
	size_t i;
	struct hop_km_opts o = {10, 300, 1e-4};
	struct hop_km_result r;

	for (i = 0; i < N; i++) {
		x[i] = (float)(0.25 * gauss(&s));
		y[i] = (float)(0.25 * gauss(&s));
		z[i] = (float)(0.25 * gauss(&s));
	}
	hop_kmeans(&p, 4, &o, &s, lab, &r);
	hop_silhouette_bounds(&p, lab, 4, 0, &lo, &hi);
	ex = sil1(&p, lab, 4);
	T_OK("bounds: a blob's k-means split is provably below 0.7",
	    hi < 0.7 && ex < hi && ex > lo);
	for (i = 0; i < N; i++)
		x[i] += i >= N / 2 ? 2.7f : 0;
	hop_kmeans(&p, 2, &o, &s, lab, &r);
	hop_silhouette_bounds(&p, lab, 2, 0, &lo, &hi);
	hop_silhouette_bounds(&p, lab, 2, 1, &lo1, &hi1);
	ex = sil1(&p, lab, 2);
	T_OK("bounds: two sites are provably above 0.7", lo > 0.7 &&
	    ex >= lo && ex <= hi);
	T_OK("bounds: refining only tightens", lo1 >= lo - 1e-12 &&
	    hi1 <= hi + 1e-12 && ex >= lo1 && ex <= hi1);
}

static void
test_kmeans_by_hand(void)
{
	static const float a[] = {0, 1, 10, 11};
	static const float same[] = {5, 5, 5, 5};
	static const float dup[] = {0, 0, 0, 10, 10, 20};
	struct hop_km_opts o = {10, 300, 1e-4}, one = {1, 300, 1e-4};
	struct hop_km_result r;
	struct hop_pts p = line(a, 4);
	uint8_t lab[8];
	uint64_t s = hop_rng_seed(1, 2);
	unsigned seed, ok = 0;

	T_OK("kmeans: runs", hop_kmeans(&p, 2, &o, &s, lab, &r) == 0);
	T_OK("kmeans: two pairs split", lab[0] == lab[1] && lab[2] == lab[3] &&
	    lab[0] != lab[2]);
	T_NEAR("kmeans: inertia of two pairs", r.inertia, 1.0, 1e-9);
	T_NEAR("kmeans: centre is the members' mean",
	    r.centre[lab[2]][0], 10.5, 1e-6);

	/* Identical points: every distance ties, so all take label 0, and
	 * the empty cluster re-seeded on a point changes nothing. */
	p = line(same, 4);
	T_OK("kmeans: identical points run", hop_kmeans(&p, 2, &o, &s, lab,
	    &r) == 0);
	T_OK("kmeans: ties go to the lowest label", lab[0] == 0 &&
	    lab[1] == 0 && lab[2] == 0 && lab[3] == 0);
	T_NEAR("kmeans: identical points have inertia 0", r.inertia, 0, 0);

	/* Three places, three clusters: whichever frames a single restart
	 * starts from (two at the same place leave a cluster empty), the
	 * re-seeding reaches the exact fit. */
	p = line(dup, 6);
	for (seed = 0; seed < 40; seed++) {
		s = hop_rng_seed(seed, 0);
		if (hop_kmeans(&p, 3, &one, &s, lab, &r) == 0 &&
		    r.inertia == 0 && lab[0] == lab[1] && lab[1] == lab[2] &&
		    lab[3] == lab[4] && lab[0] != lab[3] && lab[5] != lab[0] &&
		    lab[5] != lab[3])
			ok++;
	}
	T_EQ_U("kmeans: empty clusters are re-seeded (40 single restarts)",
	    ok, 40);

	T_OK("kmeans: k above n is refused", hop_kmeans(&p, 7, &o, &s, lab,
	    &r) != 0);
	T_OK("kmeans: k = 1 is refused", hop_kmeans(&p, 1, &o, &s, lab,
	    &r) != 0);
}

/* After max_iter = 1 the labels are recomputed against the final
 * centres, as scikit-learn does when it stops without converging. */
static void
test_kmeans_final_estep(void)
{
	enum { N = 500 };
	static float x[N], y[N], z[N];
	static uint8_t lab[N], lab2[N];
	struct hop_pts p = {x, y, z, N};
	struct hop_km_opts o = {1, 1, 0};
	struct hop_km_result r, r2;
	uint64_t s = 3, s1, s2;
	size_t i, bad = 0;

	for (i = 0; i < N; i++) {
		x[i] = (float)gauss(&s);
		y[i] = (float)gauss(&s);
		z[i] = (float)gauss(&s);
	}
	s = 9;
	hop_kmeans(&p, 5, &o, &s, lab, &r);
	T_EQ_U("kmeans: max_iter caps the iterations", r.n_iter, 1);
	for (i = 0; i < N; i++) {
		unsigned c, best = 0;
		double bd = INFINITY;

		for (c = 0; c < 5; c++) {
			double dx = x[i] - (float)r.centre[c][0],
			    dy = y[i] - (float)r.centre[c][1],
			    dz = z[i] - (float)r.centre[c][2],
			    d = dx * dx + dy * dy + dz * dz;

			if (d < bd) {
				bd = d;
				best = c;
			}
		}
		bad += best != lab[i];
	}
	T_EQ_U("kmeans: labels are those of the final centres", bad, 0);

	/* The same seed gives the same clustering; restarts keep the
	 * lowest inertia. */
	o.n_init = 10;
	o.max_iter = 300;
	o.tol = 1e-4;
	s1 = s2 = hop_rng_seed(5, 77);
	hop_kmeans(&p, 4, &o, &s1, lab, &r);
	hop_kmeans(&p, 4, &o, &s2, lab2, &r2);
	T_OK("kmeans: same seed, same labels", memcmp(lab, lab2, N) == 0 &&
	    r.inertia == r2.inertia);
	/* Restarts draw their first centres one after another from the
	 * stream, so ten single restarts replay the ten. */
	o.n_init = 1;
	{
		uint64_t t = hop_rng_seed(5, 77);
		double low = INFINITY;
		struct hop_km_result one;

		for (i = 0; i < 10; i++) {
			hop_kmeans(&p, 4, &o, &t, lab2, &one);
			if (one.inertia < low)
				low = one.inertia;
		}
		T_OK("kmeans: the best of ten restarts is kept",
		    low == r.inertia);
	}
	T_OK("kmeans: tolerance stops early", r.n_iter < 300);
}

static void
test_rng(void)
{
	uint64_t a = hop_rng_seed(1, 5), b = hop_rng_seed(1, 5),
	    c = hop_rng_seed(1, 6), d = hop_rng_seed(2, 5);
	size_t i, out = 0, hist[3] = {0};

	T_OK("rng: a stream is reproducible", hop_rng_next(&a) ==
	    hop_rng_next(&b));
	T_OK("rng: streams and seeds differ", a != c && a != d && c != d);
	for (i = 0; i < 30000; i++) {
		size_t v = hop_rng_below(&a, 3);

		if (v >= 3)
			out++;
		else
			hist[v]++;
	}
	T_EQ_U("rng: below(n) stays below n", out, 0);
	T_OK("rng: below(3) is uniform", hist[0] > 9500 && hist[1] > 9500 &&
	    hist[2] > 9500);
}

int
main(void)
{
	test_silhouette_by_hand();
	test_silhouette_vs_naive();
	test_bounds_decide();
	test_kmeans_by_hand();
	test_kmeans_final_estep();
	test_rng();
	return t_done();
}
