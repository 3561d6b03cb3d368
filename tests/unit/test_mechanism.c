/*
 * test_mechanism.c - union-find against a naive labelling, every class
 * rule on hand-made groups (and the priority between them), the links'
 * time and distance rules at their edges, the minimum image across the
 * cell, the null model's p-value and the Benjamini-Hochberg q-values
 * against values worked by hand.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mechanism.h"
#include "nullmodel.h"
#include "t.h"

static struct hop_event ev[16];
static size_t nev;

/* A hop of slot a from frame s to e, from site f to site t (A). */
static void
hop(uint32_t a, uint64_t s, uint64_t e, double fx, double fy, double fz,
    double tx, double ty, double tz)
{
	struct hop_event *h = &ev[nev++];

	memset(h, 0, sizeof(*h));
	h->atom = h->slot = a;
	h->start = s;
	h->end = e;
	h->from_centre[0] = h->start_pos[0] = fx;
	h->from_centre[1] = h->start_pos[1] = fy;
	h->from_centre[2] = h->start_pos[2] = fz;
	h->to_centre[0] = h->end_pos[0] = tx;
	h->to_centre[1] = h->end_pos[1] = ty;
	h->to_centre[2] = h->end_pos[2] = tz;
}

static const double cell[9] = {30, 0, 0, 0, 30, 0, 0, 0, 30};

/* Groups and classes of the hops made so far, cutoff 4.5, match 1.5,
 * lag 5; nev reset. */
static const struct hop_mech_groups *
find(struct hop_mech **m)
{
	struct hop_mech_params p = {4.5, 1.5, 0.5, 5, 256};
	struct hop_err err;

	*m = hop_mech_new(ev, nev, 16, cell, 1000, &p, &err);
	nev = 0;
	if (*m == NULL) {
		printf("fail\thop_mech_new: %s\n", err.msg);
		exit(1);
	}
	return hop_mech_find(*m, NULL);
}

/* One group of the given class and size, from the hops made so far. */
static void
one_group(const char *name, unsigned cls, unsigned ions)
{
	struct hop_mech *m;
	const struct hop_mech_groups *g = find(&m);
	char buf[128];

	snprintf(buf, sizeof(buf), "%s: one group", name);
	T_EQ_U(buf, g->ngroups, 1);
	snprintf(buf, sizeof(buf), "%s: class %s", name,
	    hop_mech_class_name(cls));
	T_EQ_U(buf, g->cls[0], cls);
	snprintf(buf, sizeof(buf), "%s: ions", name);
	T_EQ_U(buf, g->ions[0], ions);
	hop_mech_free(m);
}

static void
test_uf(void)
{
	struct hop_uf u;
	uint32_t lab[200], i, j;
	int ok = 1;
	uint64_t x = 7;

	T_OK("uf: init", hop_uf_init(&u, 200) == 0);
	for (i = 0; i < 200; i++)
		lab[i] = i;
	for (j = 0; j < 150; j++) {
		uint32_t a, b, la, lb;

		x = x * 6364136223846793005u + 1442695040888963407u;
		a = (uint32_t)((x >> 33) % 200);
		x = x * 6364136223846793005u + 1442695040888963407u;
		b = (uint32_t)((x >> 33) % 200);
		la = lab[a];
		lb = lab[b];
		if (hop_uf_union(&u, a, b) != (la != lb))
			ok = 0;
		for (i = 0; i < 200; i++)
			if (lab[i] == lb)
				lab[i] = la;
	}
	for (i = 0; i < 200 && ok; i++)
		for (j = 0; j < 200; j++)
			if ((lab[i] == lab[j]) !=
			    (hop_uf_find(&u, i) == hop_uf_find(&u, j)))
				ok = 0;
	T_OK("uf: the same partition as a naive labelling", ok);
	hop_uf_reset(&u);
	T_OK("uf: reset makes singletons", hop_uf_find(&u, 5) == 5 &&
	    hop_uf_union(&u, 5, 6) == 1 && hop_uf_union(&u, 6, 5) == 0);
	hop_uf_free(&u);
}

static void
test_classes(void)
{
	struct hop_mech *m;
	const struct hop_mech_groups *g;

	hop(0, 10, 18, 0, 0, 0, 3, 0, 0);
	one_group("isolated", HOP_MECH_ISOLATED, 1);
	/* Out and back within the lag (gap 2 <= 5). */
	hop(0, 10, 18, 0, 0, 0, 3, 0, 0);
	hop(0, 21, 29, 3, 0, 0, 0, 0, 0);
	one_group("back-and-forth alone", HOP_MECH_BACK, 1);
	hop(0, 10, 18, 0, 0, 0, 3, 0, 0);
	hop(0, 21, 29, 3, 0, 0, 0, 0, 0);
	hop(1, 12, 20, 0, 3, 0, 0, 6, 0);
	hop(1, 22, 30, 0, 6, 0, 0, 3, 0);
	one_group("back-and-forth in a pair", HOP_MECH_BACK, 2);
	hop(0, 10, 18, 0, 0, 0, 3, 0, 0);
	hop(1, 10, 18, 3, 0, 0, 0, 0, 0);
	one_group("exchange", HOP_MECH_EXCHANGE, 2);
	/* 1 pushes 2 on: 1 ends where 2 started. */
	hop(1, 10, 18, 0, 0, 0, 3, 0, 0);
	hop(2, 13, 21, 3, 0, 0, 6, 0, 0);
	one_group("knock-off", HOP_MECH_KNOCKOFF, 2);
	/* The vacancy order: 2 leaves first, 1 fills in after the lag
	 * window's edge (starts 5 frames after 2 ends). */
	hop(2, 10, 18, 3, 0, 0, 6, 0, 0);
	hop(1, 23, 31, 0, 0, 0, 3, 0, 0);
	one_group("knock-off, vacancy first, at the lag", HOP_MECH_KNOCKOFF,
	    2);
	hop(2, 10, 18, 3, 0, 0, 6, 0, 0);
	hop(1, 24, 32, 0, 0, 0, 3, 0, 0);
	{
		g = find(&m);
		T_EQ_U("one frame past the lag: two groups", g->ngroups, 2);
		hop_mech_free(m);
	}
	hop(0, 10, 18, 0, 0, 0, 3, 0, 0);
	hop(1, 13, 21, 3, 0, 0, 6, 0, 0);
	hop(2, 16, 24, 6, 0, 0, 9, 0, 0);
	hop(3, 19, 27, 9, 0, 0, 12, 0, 0);
	one_group("string of 4", HOP_MECH_STRING, 4);
	/* A ring of three: 0 -> 1's site -> 2's site -> 0's site. */
	hop(0, 10, 18, 0, 0, 0, 3, 0, 0);
	hop(1, 10, 18, 3, 0, 0, 3, 3, 0);
	hop(2, 10, 18, 3, 3, 0, 0, 0, 0);
	one_group("ring of 3", HOP_MECH_STRING, 3);
	/* Side by side, parallel, overlapping. */
	hop(0, 10, 18, 0, 0, 0, 3, 0, 0);
	hop(1, 12, 20, 0, 3, 0, 3, 3, 0);
	one_group("concerted", HOP_MECH_CONCERTED, 2);
	/* At 90 degrees: cos 0 is not above 0.5. */
	hop(0, 10, 18, 0, 0, 0, 3, 0, 0);
	hop(1, 12, 20, 0, 3, 0, 0, 6, 0);
	one_group("perpendicular: other", HOP_MECH_OTHER, 2);
	/* Parallel but one after the other (within the lag, no overlap). */
	hop(0, 10, 18, 0, 0, 0, 3, 0, 0);
	hop(1, 20, 28, 0, 3, 0, 3, 3, 0);
	one_group("parallel, not overlapping: other", HOP_MECH_OTHER, 2);
	/* An ion hopping on twice. */
	hop(0, 10, 18, 0, 0, 0, 3, 0, 0);
	hop(0, 20, 28, 3, 0, 0, 6, 0, 0);
	one_group("two hops on: other", HOP_MECH_OTHER, 1);
	/* Across the periodic boundary: 29 and 1 are 2 A apart in a 30 A
	 * cell, and the site 30 is the site 0. */
	hop(0, 10, 18, 28.5, 0, 0, 31.5, 0, 0);
	hop(1, 13, 21, 1.5, 0, 0, 4.5, 0, 0);
	one_group("knock-off across the boundary", HOP_MECH_KNOCKOFF, 2);
	/* Beyond the cutoff (4.5): 4.6 A apart. */
	hop(0, 10, 18, 0, 0, 0, 3, 0, 0);
	hop(1, 10, 18, 0, 4.6, 0, 3, 4.6, 0);
	{
		g = find(&m);
		T_EQ_U("4.6 A apart: two groups", g->ngroups, 2);
		T_EQ_U("4.6 A apart: isolated twice",
		    g->groups_in[HOP_MECH_ISOLATED], 2);
		hop_mech_free(m);
	}
	/* Groups numbered by first start; the shift of the null model
	 * pulls a pair apart. */
	hop(0, 100, 108, 0, 0, 0, 3, 0, 0);
	hop(1, 100, 108, 3, 0, 0, 0, 0, 0);
	hop(2, 50, 58, 15, 15, 15, 18, 15, 15);
	{
		uint64_t shift[16] = {0, 500, 0};

		g = find(&m);
		T_EQ_U("numbered by start: the lone hop first",
		    g->cls[0], HOP_MECH_ISOLATED);
		T_EQ_U("numbered by start: the exchange second",
		    g->cls[1], HOP_MECH_EXCHANGE);
		T_EQ_U("group of hop 0", g->group[0], 1);
		g = hop_mech_find(m, shift);
		T_EQ_U("shifted: three groups", g->ngroups, 3);
		{
			int64_t s, e;

			hop_mech_times(m, 1, &s, &e);
			T_EQ_U("shifted start", (uint64_t)s, 600);
			T_EQ_U("shifted end", (uint64_t)e, 608);
		}
		shift[1] = 950; /* (100 + 950) mod 1000 */
		g = hop_mech_find(m, shift);
		{
			int64_t s, e;

			hop_mech_times(m, 1, &s, &e);
			T_EQ_U("shift wraps: start", (uint64_t)s, 50);
			T_EQ_U("shift wraps: end", (uint64_t)e, 58);
		}
		hop_mech_free(m);
	}
}

static void
test_defaults(void)
{
	struct hop_mech_params p = {NAN, NAN, NAN, UINT64_MAX, 0};
	struct hop_err err;
	double s;

	nev = 0;
	hop(0, 0, 10, 0, 0, 0, 2, 0, 0);
	hop(1, 0, 4, 0, 0, 0, 3, 0, 0);
	hop(2, 0, 6, 0, 0, 0, 0, 0, 0); /* zero length: not counted */
	hop(3, 0, 20, 0, 0, 0, 0, 4, 0);
	T_OK("defaults: ok", hop_mech_defaults(ev, nev, &p, &s, &err) == 0);
	T_NEAR("defaults: site separation (median of 2, 3, 4)", s, 3, 0);
	T_NEAR("defaults: cutoff 1.5 s", p.cutoff, 4.5, 1e-12);
	T_NEAR("defaults: match 0.5 s", p.r_match, 1.5, 1e-12);
	T_EQ_U("defaults: lag, lower median of 4, 6, 10, 20", p.lag, 6);
	T_NEAR("defaults: cos_min", p.cos_min, 0.5, 0);
	nev = 0;
	hop(0, 0, 10, 0, 0, 0, 0, 0, 0);
	p.cutoff = p.r_match = NAN;
	T_OK("defaults: no positive length refused",
	    hop_mech_defaults(ev, nev, &p, &s, &err) == -1 &&
	    strstr(err.msg, "--cutoff") != NULL);
	nev = 0;
}

static void
test_bh(void)
{
	/* p = .01 .04 .03 .005, m = 4: sorted .005 .01 .03 .04 give
	 * .02 .02 .04 .04. */
	double p[5] = {0.01, 0.04, 0.03, 0.005, NAN}, q[5];
	double p2[3] = {0.5, 0.01, 0.02}, q2[3];

	T_OK("bh: ok", hop_bh(p, 5, q) == 0);
	T_NEAR("bh: q1", q[0], 0.02, 1e-15);
	T_NEAR("bh: q2", q[1], 0.04, 1e-15);
	T_NEAR("bh: q3", q[2], 0.04, 1e-15);
	T_NEAR("bh: q4", q[3], 0.02, 1e-15);
	T_OK("bh: NaN not tested", isnan(q[4]));
	/* .01 .02 .5: .03 .03 .5 (monotone from the top). */
	hop_bh(p2, 3, q2);
	T_NEAR("bh: monotone q(.01)", q2[1], 0.03, 1e-15);
	T_NEAR("bh: monotone q(.02)", q2[2], 0.03, 1e-15);
	T_NEAR("bh: q(.5)", q2[0], 0.5, 1e-15);
	T_NEAR("pvalue: none at least as large", hop_null_pvalue(0, 999),
	    0.001, 1e-15);
	T_NEAR("pvalue: all", hop_null_pvalue(999, 999), 1, 0);
}

static void
test_offsets(void)
{
	uint64_t a[50], b[50];
	int ok = 1, k;

	hop_null_offsets(3, 7, 50, 1000, a);
	hop_null_offsets(3, 7, 50, 1000, b);
	for (k = 0; k < 50; k++)
		ok &= a[k] == b[k] && a[k] < 1000;
	T_OK("offsets: reproducible and below T", ok);
	hop_null_offsets(3, 8, 50, 1000, b);
	T_OK("offsets: another trial differs", memcmp(a, b, sizeof(a)) != 0);
}

int
main(void)
{
	test_uf();
	test_classes();
	test_defaults();
	test_bh();
	test_offsets();
	return t_done();
}
