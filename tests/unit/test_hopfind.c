/*
 * test_hopfind.c - kmeans-hops' method on made-up trajectories: hops
 * from labels worked out by hand (start and end at the non-vibrating
 * runs, centres and positions as origin + displacement, a back-hop, two
 * changes within one run merged into one hop, one cluster), the
 * reference mode (two sites, a still atom, the bounds change nothing),
 * the adaptive mode (sites from the measured vibration), the plateau of a
 * species, the workspace reused, and mode names.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hopfind.h"
#include "rng.h"
#include "t.h"

static const double origin[3] = {10, 20, 30};
static uint64_t rng;

static double
gauss(void)
{
	double u = ((double)(hop_rng_next(&rng) >> 11) + 0.5) * 0x1p-53,
	    v = ((double)(hop_rng_next(&rng) >> 11) + 0.5) * 0x1p-53;

	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

/* A workspace for n frames and its trajectory, set from xs (n values of
 * x; y = ys or 0, z = 0). */
static struct hop_find_ws *
ws_with(size_t n, const struct hop_find_opts *o, const double *xs,
    const double *ys)
{
	struct hop_find_ws *w = hop_find_ws_new(n, o);
	float *x, *y, *z;
	size_t i;

	if (w == NULL)
		return NULL;
	hop_find_ws_traj(w, &x, &y, &z);
	for (i = 0; i < n; i++) {
		x[i] = (float)xs[i];
		y[i] = ys ? (float)ys[i] : 0;
		z[i] = 0;
	}
	return w;
}

static void
identity(struct hop_find_result *r)
{
	memset(r, 0, sizeof(*r));
	r->a.atom = 7;
	r->a.slot = 3;
	r->a.species = 1;
}

static void
test_hops_by_hand(void)
{
	/* Site 0 at x = 0 (frames 0-4), a transit frame on each side,
	 * site 1 at x = 2.7 (frames 7-11). */
	static const double x1[12] = {0, 0, 0, 0, 0, 1.0, 1.7, 2.7, 2.7, 2.7,
	    2.7, 2.7};
	static const uint8_t l1[12] = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
	/* Two changes within one run of non-vibrating frames (3-6). */
	static const double x2[10] = {0, 0, 0, 0.9, 1.35, 1.35, 1.8, 2.7, 2.7,
	    2.7};
	static const double y2[10] = {0, 0, 0, 0, 0.5, -0.5, 0, 0, 0, 0};
	static const uint8_t l2[10] = {0, 0, 0, 0, 1, 1, 2, 2, 2, 2};
	/* There and back, clean jumps. */
	static const double x3[9] = {0, 0, 0, 2.7, 2.7, 2.7, 0, 0, 0};
	static const uint8_t l3[9] = {0, 0, 0, 1, 1, 1, 0, 0, 0};
	struct hop_find_opts o;
	struct hop_find_clustering cl = {2, 0.9, l1, NAN, NAN};
	struct hop_find_result r;
	struct hop_find_ws *w;
	double c0 = 1.0 / 6, c1 = (1.7 + 5 * 2.7) / 6;

	hop_find_opts_init(&o);
	w = ws_with(12, &o, x1, NULL);
	identity(&r);
	T_OK("by hand: one hop",
	    w != NULL && hop_find_hops(w, &cl, origin, &o, &r) == 0 &&
	    r.nhops == 1 && r.a.nhops == 1);
	if (r.nhops == 1) {
		const struct hop_event *hp = &r.hops[0];

		T_OK("by hand: from the last frame on site 0 to the first "
		    "on site 1 that do not vibrate", hp->start == 5 &&
		    hp->end == 6);
		T_OK("by hand: the hop carries the atom's identity",
		    hp->atom == 7 && hp->slot == 3 && hp->species == 1 &&
		    hp->flags == 0);
		T_OK("by hand: clusters", hp->from_cluster == 0 &&
		    hp->to_cluster == 1);
		T_NEAR("by hand: from centre x, origin + mean",
		    hp->from_centre[0], 10 + c0, 1e-6);
		T_NEAR("by hand: to centre x", hp->to_centre[0], 10 + c1,
		    1e-6);
		T_OK("by hand: centres y, z at the origin",
		    hp->from_centre[1] == 20 && hp->to_centre[2] == 30);
		T_NEAR("by hand: start position", hp->start_pos[0], 11.0,
		    1e-6);
		T_NEAR("by hand: end position", hp->end_pos[0], 11.7, 1e-6);
	}
	T_OK("by hand: the per-atom record", r.a.nclusters == 2 &&
	    r.a.silhouette == 0.9 && r.a.atom == 7);
	T_NEAR("by hand: site separation", r.a.site_sep_A, c1 - c0, 1e-6);
	T_NEAR("by hand: vibration RMS, frames to their centres",
	    r.a.vib_rms_A, sqrt((5 * c0 * c0 + (1 - c0) * (1 - c0) +
	    (c1 - 1.7) * (c1 - 1.7) + 5 * (2.7 - c1) * (2.7 - c1)) / 12),
	    1e-6);
	free(r.hops);
	hop_find_ws_free(w);

	w = ws_with(10, &o, x2, y2);
	identity(&r);
	cl.labels = l2;
	cl.k = 3;
	T_OK("by hand: two changes in one run are one hop",
	    w != NULL && hop_find_hops(w, &cl, origin, &o, &r) == 0 &&
	    r.nhops == 1);
	if (r.nhops == 1) {
		T_OK("by hand: ... over the run", r.hops[0].start == 3 &&
		    r.hops[0].end == 6);
		T_OK("by hand: ... from the first cluster to the last",
		    r.hops[0].from_cluster == 0 &&
		    r.hops[0].to_cluster == 2);
		T_NEAR("by hand: ... to the last one's centre",
		    r.hops[0].to_centre[0], 10 + (1.8 + 3 * 2.7) / 4, 1e-6);
	}
	free(r.hops);
	hop_find_ws_free(w);

	w = ws_with(9, &o, x3, NULL);
	identity(&r);
	cl.labels = l3;
	cl.k = 2;
	T_OK("by hand: there and back",
	    w != NULL && hop_find_hops(w, &cl, origin, &o, &r) == 0 &&
	    r.nhops == 2);
	if (r.nhops == 2)
		T_OK("by hand: the hop back is flagged, the first not",
		    r.hops[0].flags == 0 && r.hops[1].flags == HOP_EVENT_BACK &&
		    r.hops[0].start == 2 && r.hops[0].end == 3 &&
		    r.hops[1].start == 5 && r.hops[1].end == 6);
	free(r.hops);
	/* A radius wider than the jump: every frame vibrates, and the
	 * hop is the two frames of the change. */
	cl.dist = 5;
	identity(&r);
	T_OK("by hand: the clustering's radius is used",
	    hop_find_hops(w, &cl, origin, &o, &r) == 0 && r.nhops == 2 &&
	    r.hops[0].start == 2 && r.hops[0].end == 3);
	free(r.hops);
	cl = (struct hop_find_clustering){1, NAN, NULL, NAN, 0.25};
	identity(&r);
	T_OK("by hand: one cluster, no hop",
	    hop_find_hops(w, &cl, origin, &o, &r) == 0 && r.nhops == 0 &&
	    r.hops == NULL && r.a.nclusters == 1 && isnan(r.a.site_sep_A) &&
	    r.a.vib_rms_A == 0.25);
	hop_find_ws_free(w);
}

/* n frames: the first half on site 0 at the origin, the rest on site 1
 * at (2.7, 0, 0), with noise sigma per axis; or all on site 0. */
static struct hop_find_ws *
two_sites(size_t n, const struct hop_find_opts *o, double sigma, int hop)
{
	struct hop_find_ws *w = hop_find_ws_new(n, o);
	float *x, *y, *z;
	size_t i;

	if (w == NULL)
		return NULL;
	hop_find_ws_traj(w, &x, &y, &z);
	for (i = 0; i < n; i++) {
		x[i] = (float)((hop && i >= n / 2 ? 2.7 : 0) + sigma * gauss());
		y[i] = (float)(sigma * gauss());
		z[i] = (float)(sigma * gauss());
	}
	return w;
}

static void
test_reference(void)
{
	struct hop_find_opts o;
	struct hop_find_clustering cl, cl2;
	struct hop_find_result r, r2;
	struct hop_find_ws *w;
	uint64_t s = 5;

	hop_find_opts_init(&o);
	o.n_init = 3;
	rng = hop_rng_seed(3, 0);
	w = two_sites(400, &o, 0.1, 1);
	identity(&r);
	T_OK("reference: two sites",
	    w != NULL && hop_find_reference(w, &o, &s, &cl) == 0 &&
	    cl.k == 2 && cl.silhouette > 0.7 && isnan(cl.dist));
	T_OK("reference: one hop at the middle",
	    hop_find_hops(w, &cl, origin, &o, &r) == 0 && r.nhops == 1 &&
	    r.hops[0].start <= 200 && r.hops[0].end >= 199 &&
	    r.hops[0].end - r.hops[0].start <= 2);
	T_NEAR("reference: site separation", r.a.site_sep_A, 2.7, 0.05);
	identity(&r2);
	T_OK("reference: hop_find_atom does the same, the workspace reused",
	    hop_find_atom(w, &o, 5, origin, &cl2, &r2) == 0 &&
	    r2.nhops == 1 && cl2.k == 2 &&
	    cl2.silhouette == cl.silhouette &&
	    memcmp(r.hops, r2.hops, sizeof(r.hops[0])) == 0 &&
	    memcmp(&r.a, &r2.a, sizeof(r.a)) == 0);
	free(r2.hops);
	o.no_bounds = 1;
	identity(&r2);
	T_OK("reference: without the bounds, the same hop",
	    hop_find_atom(w, &o, 5, origin, NULL, &r2) == 0 &&
	    r2.nhops == 1 &&
	    memcmp(r.hops, r2.hops, sizeof(r.hops[0])) == 0);
	free(r2.hops);
	o.no_bounds = 0;
	o.exact_max = 100;
	hop_find_ws_free(w);
	rng = hop_rng_seed(3, 0);
	w = two_sites(400, &o, 0.1, 1);
	identity(&r2);
	T_OK("reference: silhouettes on 100 strided frames, the same hop",
	    w != NULL && hop_find_atom(w, &o, 5, origin, NULL, &r2) == 0 &&
	    r2.nhops == 1 &&
	    memcmp(r.hops, r2.hops, sizeof(r.hops[0])) == 0);
	free(r.hops);
	free(r2.hops);
	hop_find_ws_free(w);

	hop_find_opts_init(&o);
	o.n_init = 3;
	w = two_sites(300, &o, 0.1, 0);
	identity(&r);
	T_OK("reference: a still atom has one cluster and no hop",
	    w != NULL && hop_find_atom(w, &o, 1, origin, &cl, &r) == 0 &&
	    cl.k == 1 && cl.labels == NULL && r.nhops == 0 &&
	    r.a.nclusters == 1);
	T_NEAR("reference: ... vibration RMS sqrt(3) sigma", r.a.vib_rms_A,
	    sqrt(3) * 0.1, 0.01);
	hop_find_ws_free(w);

	w = hop_find_ws_new(2, &o);
	identity(&r);
	T_OK("reference: two frames, no k to try",
	    w != NULL && hop_find_atom(w, &o, 1, origin, &cl, &r) == 0 &&
	    cl.k == 1 && r.nhops == 0);
	hop_find_ws_free(w);
}

static void
test_adaptive(void)
{
	struct hop_find_opts o;
	struct hop_find_clustering cl;
	struct hop_find_result r;
	struct hop_find_ws *w, *wr;
	double q[HOP_VIB_NLAGS];
	size_t nl;

	hop_find_opts_init(&o);
	o.mode = HOP_FIND_ADAPTIVE;
	rng = hop_rng_seed(4, 0);
	w = two_sites(2000, &o, 0.35, 1);
	identity(&r);
	T_OK("adaptive: a workspace", w != NULL);
	if (w == NULL)
		return;
	nl = hop_find_vib_curve(w, q);
	T_OK("adaptive: a vibration curve", nl > 4 && q[0] > 0);
	hop_find_set_vib(w, q, nl, hop_vib_plateau(q, nl));
	T_OK("adaptive: two sites, one hop",
	    hop_find_adaptive(w, &o, &cl) == 0 && cl.k == 2 &&
	    isnan(cl.silhouette) && cl.dist > 0 &&
	    hop_find_hops(w, &cl, origin, &o, &r) == 0 && r.nhops == 1);
	if (r.nhops == 1)
		T_OK("adaptive: ... at the middle", r.hops[0].start <= 1000 &&
		    r.hops[0].end >= 999);
	T_NEAR("adaptive: the measured vibration, sqrt(3) sigma",
	    r.a.vib_rms_A, sqrt(3) * 0.35, 0.05);
	free(r.hops);
	o.dist_set = 1;
	o.dist = 0.01;
	T_OK("adaptive: --dist overrides the radius",
	    hop_find_adaptive(w, &o, &cl) == 0 && cl.dist == 0.01);
	hop_find_ws_free(w);

	/* A workspace made for the reference mode cannot run the adaptive
	 * one (it has no room for sites). */
	o.mode = HOP_FIND_REFERENCE;
	wr = hop_find_ws_new(10, &o);
	T_OK("adaptive: refused on a reference workspace",
	    wr != NULL && hop_find_adaptive(wr, &o, &cl) == -1);
	hop_find_ws_free(wr);
}

static void
test_plateau(void)
{
	double curve[5][HOP_VIB_NLAGS];
	unsigned char none[5] = {0}, one[5] = {0, 0, 1, 0, 0},
	    odd[5] = {1, 0, 1, 0, 1};
	size_t i, a, p;

	/* A curve that rises to lag 4 and then stays flat; atom 3's rises
	 * for ever (a frequent hopper). */
	for (a = 0; a < 5; a++)
		for (i = 0; i < HOP_VIB_NLAGS; i++)
			curve[a][i] = a == 3 ? 1.0 + (double)i :
			    i < 4 ? 0.1 * (double)(i + 1) : 0.4;
	T_OK("plateau: no member, 0",
	    hop_find_plateau(curve, none, 5, 12, &p) == 0 && p == 0);
	T_OK("plateau: one member, its own curve's",
	    hop_find_plateau(curve, one, 5, 12, &p) == 0 &&
	    p == hop_vib_plateau(curve[2], 12));
	T_OK("plateau: the median of the members",
	    hop_find_plateau(curve, odd, 5, 12, &p) == 0 &&
	    p == hop_vib_plateau(curve[0], 12));
	odd[3] = 1;
	odd[4] = 0;
	T_OK("plateau: one hopper cannot move the species' plateau",
	    hop_find_plateau(curve, odd, 5, 12, &p) == 0 &&
	    p == hop_vib_plateau(curve[0], 12));
}

int
main(void)
{
	T_OK("mode names", strcmp(hop_find_mode_name(HOP_FIND_REFERENCE),
	    "reference") == 0 && strcmp(hop_find_mode_name(
	    HOP_FIND_ADAPTIVE), "adaptive") == 0 &&
	    hop_find_mode_name(HOP_FIND_NMODES) == NULL);
	T_OK("mode parse", hop_find_mode_parse("adaptive") ==
	    HOP_FIND_ADAPTIVE && hop_find_mode_parse("reference") ==
	    HOP_FIND_REFERENCE && hop_find_mode_parse("iondiff") == -1);
	test_hops_by_hand();
	test_reference();
	test_adaptive();
	test_plateau();
	return t_done();
}
