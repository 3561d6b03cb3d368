/*
 * test_sites.c - the adaptive mode's building blocks: the vibration
 * measured from independent and from correlated noise, the plateau of a
 * vibration curve, and sites and residences on made-up trajectories
 * (two sites, one site seen as two clouds, excursions too short to be a
 * residence, one at the end of the run, hops straight through the
 * midpoint, a tour of more sites than k-means allows, and degenerate
 * input).
 */
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "sites.h"
#include "t.h"

static uint64_t rng;

static double
gauss(void)
{
	double u = ((double)(hop_rng_next(&rng) >> 11) + 0.5) * 0x1p-53,
	    v = ((double)(hop_rng_next(&rng) >> 11) + 0.5) * 0x1p-53;

	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

struct traj {
	float *x, *y, *z;
	size_t n;
	double u[3]; /* the correlated noise's state */
};

static void
traj_init(struct traj *t, size_t n)
{
	t->x = calloc(n ? n : 1, sizeof(float));
	t->y = calloc(n ? n : 1, sizeof(float));
	t->z = calloc(n ? n : 1, sizeof(float));
	t->n = n;
	memset(t->u, 0, sizeof(t->u));
}

static void
traj_free(struct traj *t)
{
	free(t->x);
	free(t->y);
	free(t->z);
}

/* Frames [a, b) at (cx, cy, cz) plus noise of sigma per axis, correlated
 * with coefficient phi from frame to frame (0: independent). */
static void
dwell(struct traj *t, size_t a, size_t b, double cx, double cy, double cz,
    double sigma, double phi)
{
	size_t i;
	int d;

	for (i = a; i < b; i++) {
		for (d = 0; d < 3; d++)
			t->u[d] = phi * t->u[d] +
			    sqrt(1 - phi * phi) * sigma * gauss();
		t->x[i] = (float)(cx + t->u[0]);
		t->y[i] = (float)(cy + t->u[1]);
		t->z[i] = (float)(cz + t->u[2]);
	}
}

/* Frames [a, b) moving in a straight line from c0 towards c1 (reaching
 * it at frame b), plus independent noise of sigma per axis. */
static void
walk(struct traj *t, size_t a, size_t b, const double *c0, const double *c1,
    double sigma)
{
	size_t i;

	for (i = a; i < b; i++) {
		double f = (double)(i - a) / (double)(b - a);

		t->x[i] = (float)(c0[0] + f * (c1[0] - c0[0]) + sigma * gauss());
		t->y[i] = (float)(c0[1] + f * (c1[1] - c0[1]) + sigma * gauss());
		t->z[i] = (float)(c0[2] + f * (c1[2] - c0[2]) + sigma * gauss());
	}
}

static size_t
changes(const uint8_t *lab, size_t n)
{
	size_t i, c = 0;

	for (i = 1; i < n; i++)
		c += lab[i] != lab[i - 1];
	return c;
}

static void
test_vibration(void)
{
	struct traj t;
	struct hop_vib v;
	struct hop_pts p;
	float *scratch = malloc(4000 * sizeof(float));
	double phi = exp(-1.0 / 8);

	rng = hop_rng_seed(1, 0);
	traj_init(&t, 4000);
	dwell(&t, 0, 4000, 5, 5, 5, 0.2, 0);
	p = (struct hop_pts){t.x, t.y, t.z, t.n};
	hop_vib_measure(&p, scratch, &v);
	T_NEAR("vibration: independent noise: sigma", v.sigma, 0.2, 0.01);
	T_NEAR("vibration: independent noise: tau is 1 frame", v.tau, 1,
	    0.5);
	/* AR(1): tau = (1 + phi) / (1 - phi) = 16 frames. */
	t.u[0] = t.u[1] = t.u[2] = 0;
	dwell(&t, 0, 4000, 5, 5, 5, 0.2, phi);
	hop_vib_measure(&p, scratch, &v);
	T_NEAR("vibration: correlated noise: sigma", v.sigma, 0.2, 0.02);
	T_NEAR("vibration: correlated noise: tau", v.tau,
	    (1 + phi) / (1 - phi), 4);
	T_OK("vibration: correlated noise: read off past the correlation",
	    v.lag >= 16 && v.lag <= 64);
	/* A still ion and too few frames. */
	memset(t.x, 0, 4000 * sizeof(float));
	memset(t.y, 0, 4000 * sizeof(float));
	memset(t.z, 0, 4000 * sizeof(float));
	hop_vib_measure(&p, scratch, &v);
	T_OK("vibration: a still ion has sigma 0", v.sigma == 0);
	p.n = 1;
	hop_vib_measure(&p, scratch, &v);
	T_OK("vibration: one frame has sigma 0, tau 1", v.sigma == 0 &&
	    v.tau == 1);
	traj_free(&t);
	free(scratch);
}

static void
test_plateau(void)
{
	/* Lags 1 2 3 4 6 8 11 16 23 32 45 64 ... */
	const double flat[6] = {1, 1.01, 0.99, 1, 1.02, 1};
	const double rise[10] = {0.1, 0.2, 0.3, 0.4, 0.55, 0.7, 0.85, 0.98,
	    1.0, 1.01};
	/* Rising with the vibration, never flat, then hops take over (a
	 * steep rise) and q settles at the distance between sites. */
	const double hops[14] = {0.1, 0.18, 0.25, 0.31, 0.42, 0.52, 0.66,
	    0.82, 0.98, 1.2, 3, 9, 9.2, 9.3};

	T_EQ_U("plateau: flat from the first lag", hop_vib_plateau(flat, 6),
	    0);
	T_EQ_U("plateau: the first flat step (16 -> 23)",
	    hop_vib_plateau(rise, 10), 7);
	T_EQ_U("plateau: the flattest step before hops raise q (16 -> 23)",
	    hop_vib_plateau(hops, 14), 7);
	T_EQ_U("plateau: no lag", hop_vib_plateau(flat, 0), 0);
}

/* Run hop_sites_find on t with its own vibration measure. */
static int
find(struct traj *t, uint8_t *lab, struct hop_sites *s)
{
	struct hop_sites_ws *w = hop_sites_ws_new(t->n);
	struct hop_pts p = {t->x, t->y, t->z, t->n};
	int rc;

	if (w == NULL)
		return -1;
	rc = hop_sites_find(w, &p, NULL, lab, s);
	hop_sites_ws_free(w);
	return rc;
}

static void
test_sites(void)
{
	struct hop_sites s;
	struct traj t;
	uint8_t *lab = malloc(20000);
	size_t i, wrong = 0, k2, nch;
	uint64_t seed;

	/* Two sites 2.7 A apart, sigma 0.3: one hop at frame 1000. */
	rng = hop_rng_seed(2, 0);
	traj_init(&t, 2000);
	dwell(&t, 0, 1000, 0, 0, 0, 0.3, 0);
	dwell(&t, 1000, 2000, 2.7, 0, 0, 0.3, 0);
	T_OK("sites: two sites: found", find(&t, lab, &s) == 0);
	T_EQ_U("sites: two sites", s.k, 2);
	for (i = 0; i < 2000; i++)
		wrong += lab[i] != (i >= 1000);
	T_OK("sites: two sites: every frame on its site, numbered by first "
	    "visit", wrong <= 2);
	T_NEAR("sites: two sites: separation", s.sep, 2.7, 0.05);
	T_NEAR("sites: two sites: vibrating radius 2.8 sigma", s.radius,
	    2.7955 * 0.3, 0.05);
	T_NEAR("sites: two sites: centre of the second", s.centre[1][0], 2.7,
	    0.05);

	/* Two equal clouds 3 sigma apart are one site: the density of
	 * positions has no minimum deep enough between them. */
	dwell(&t, 1000, 2000, 0.9, 0, 0, 0.3, 0);
	find(&t, lab, &s);
	T_EQ_U("sites: clouds 3 sigma apart are one site", s.k, 1);
	T_EQ_U("sites: ... with every label 0", changes(lab, 2000), 0);

	/* Excursions: 20 frames at another site count (a residence holds
	 * more than 3 correlation times), 2 frames do not. */
	dwell(&t, 0, 2000, 0, 0, 0, 0.3, 0);
	dwell(&t, 500, 520, 0, 2.7, 0, 0.3, 0);
	dwell(&t, 1500, 1502, 0, -2.7, 0, 0.3, 0);
	find(&t, lab, &s);
	T_EQ_U("sites: a 20-frame residence is a site", s.k, 2);
	T_EQ_U("sites: ... there and back, the 2-frame excursion no hop",
	    changes(lab, 2000), 2);

	/* Correlated vibration (tau about 16 frames): a 20-frame visit is
	 * no residence, a 300-frame one is. */
	dwell(&t, 0, 2000, 0, 0, 0, 0.3, exp(-1.0 / 8));
	dwell(&t, 500, 520, 0, 2.7, 0, 0.3, exp(-1.0 / 8));
	dwell(&t, 520, 1200, 0, 0, 0, 0.3, exp(-1.0 / 8));
	dwell(&t, 1200, 1500, 2.7, 0, 0, 0.3, exp(-1.0 / 8));
	find(&t, lab, &s);
	T_EQ_U("sites: correlated: the 300-frame residence only", s.k, 2);
	T_EQ_U("sites: correlated: two hops", changes(lab, 2000), 2);
	T_OK("sites: correlated: tau measured", s.vib.tau > 8 &&
	    s.vib.tau < 30);
	traj_free(&t);

	/* A visit of 40 frames (2.5 tau) in the middle of the run is no
	 * residence, but at its end, where it may go on, it is. */
	traj_init(&t, 2000);
	dwell(&t, 0, 2000, 0, 0, 0, 0.3, exp(-1.0 / 8));
	dwell(&t, 1960, 2000, 2.7, 0, 0, 0.3, exp(-1.0 / 8));
	find(&t, lab, &s);
	T_EQ_U("sites: correlated: 40 frames at the end: a hop",
	    changes(lab, 2000), 1);
	T_OK("sites: ... at frame 1960", lab[1955] == 0 && lab[1965] == 1);
	traj_free(&t);

	/* Hops of 5 frames, straight through the middle, with independent
	 * noise: 2 or 3 frames near the midpoint each time, which is no
	 * site (a hop split in two); residences need more than 3 tau.
	 * Twelve runs of 14 hops back and forth. */
	traj_init(&t, 3000);
	for (seed = 1, k2 = nch = 0; seed <= 12; seed++) {
		rng = hop_rng_seed(seed, 0);
		for (i = 0; i < 15; i++) {
			double a[3] = {0, 0, 0}, b[3] = {0, 2.7, 0};

			dwell(&t, 200 * i, 200 * i + 195, 0, i % 2 ? 2.7 : 0, 0,
			    0.234, 0);
			walk(&t, 200 * i + 195, 200 * i + 200, i % 2 ? b : a,
			    i % 2 ? a : b, 0.234);
		}
		find(&t, lab, &s);
		k2 += s.k == 2;
		nch += changes(lab, 3000);
	}
	T_EQ_U("sites: straight hops: 2 sites in each run", k2, 12);
	T_EQ_U("sites: ... 12 x 14 hops, none split", nch, 12 * 14);
	traj_free(&t);

	/* A tour of 100 sites, more than k-means' 64 labels. */
	traj_init(&t, 10000);
	for (i = 0; i < 100; i++)
		dwell(&t, 100 * i, 100 * (i + 1), 2.7 * (double)(i % 10),
		    2.7 * (double)(i / 10), 0, 0.2, 0);
	find(&t, lab, &s);
	T_EQ_U("sites: a tour of 100 sites", s.k, 100);
	T_EQ_U("sites: ... 99 hops", changes(lab, 10000), 99);
	traj_free(&t);

	/* More sites than labels: capped, no crash. */
	traj_init(&t, 20000);
	for (i = 0; i < 400; i++)
		dwell(&t, 50 * i, 50 * (i + 1), 2.7 * (double)(i % 20),
		    2.7 * (double)(i / 20), 0, 0.2, 0);
	T_OK("sites: 400 sites: no failure", find(&t, lab, &s) == 0);
	T_OK("sites: 400 sites: at most 255", s.k >= 2 &&
	    s.k <= HOP_LABELS_MAX);
	traj_free(&t);

	/* Degenerate input: no frame, one, two, a still ion. */
	for (i = 0; i < 3; i++) {
		traj_init(&t, i);
		T_OK("sites: 0, 1 or 2 frames: one site", find(&t, lab, &s) ==
		    0 && s.k == 1 && isnan(s.sep));
		traj_free(&t);
	}
	traj_init(&t, 100);
	find(&t, lab, &s);
	T_OK("sites: a still ion: one site, sigma 0", s.k == 1 &&
	    s.vib.sigma == 0 && changes(lab, 100) == 0);
	traj_free(&t);
	free(lab);
}

int
main(void)
{
	test_vibration();
	test_plateau();
	test_sites();
	return t_done();
}
