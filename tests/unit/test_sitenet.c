/*
 * test_sitenet.c - the contract of common/sitenet.h on planted data:
 * sites at known positions in a cubic and in a triclinic cell, ions
 * vibrating about them (Gaussian, sigma 0.2 A per axis, independent
 * frames) and hopping between them on a known schedule, unwrapped as a
 * real trajectory (each hop by the minimum-image vector, so ions leave
 * the cell).  hop_sitenet_build must find every site, and no other,
 * each within 5 sigma / sqrt(n) of its planted position (n the pooled
 * positions it holds); hop_sitenet_nearest must see sites through the
 * cell's boundary with the right image; hop_sitenet_assign must give
 * back the planted path frame by frame, with the image the ion was at;
 * hop_sitenet_tally must count the residences; a site one ion visits
 * once for a tenth of the run, 4.9 sigma beside the busy site it lives
 * on, must be found with both hops; and the documented errors must come
 * back as errors.  Only the header's contract is
 * tested, not how the sites are found.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "posstore.h"
#include "rng.h"
#include "sitenet.h"
#include "t.h"

#define NS 8          /* planted sites */
#define NI 8          /* ions */
#define NF 2000       /* frames */
#define DWELL 400     /* frames between hops */
#define SIGMA 0.2     /* A per axis */

/* Ion i's planted site at frame t: one site further every DWELL frames. */
static size_t
planted(size_t i, size_t t)
{
	return (i + t / DWELL) % NS;
}

/* The planted run in cell over the fractional sites frac: the store of
 * the ions' unwrapped positions, and every ion's planted site centre
 * (unwrapped, Cartesian) per frame in centre[(i NF + t) 3]. */
static struct hop_posstore *
plant(const double cell[9], const double frac[NS][3], double *centre,
    uint64_t seed)
{
	struct hop_posstore *ps = hop_posstore_new(3 * NI, NULL);
	double c[NI][3], v[3 * NI];
	uint64_t rng = hop_rng_seed(seed, 0);
	size_t i, t;
	int k;

	for (i = 0; i < NI; i++)
		hop_frac_to_cart(frac[planted(i, 0)], cell, c[i]);
	for (t = 0; t < NF; t++) {
		for (i = 0; i < NI; i++) {
			if (t > 0 && planted(i, t) != planted(i, t - 1)) {
				double df[3], d[3];

				for (k = 0; k < 3; k++)
					df[k] = frac[planted(i, t)][k] -
					    frac[planted(i, t - 1)][k];
				hop_min_image_frac(df);
				hop_frac_to_cart(df, cell, d);
				for (k = 0; k < 3; k++)
					c[i][k] += d[k];
			}
			for (k = 0; k < 3; k++) {
				centre[3 * (i * NF + t) + k] = c[i][k];
				v[3 * i + k] = c[i][k] +
				    SIGMA * hop_rng_gauss(&rng);
			}
		}
		hop_posstore_add(ps, v, NULL, NULL);
	}
	return ps;
}

static double
dist(const double *a, const double *b)
{
	return sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) *
	    (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
}

/* Minimum-image distance of two fractional points in cell (a brute
 * force over the 27 neighbouring images, right for any cell shape). */
static double
min_image(const double cell[9], const double *fa, const double *fb)
{
	double best = INFINITY, df[3], d[3];
	int a, b, c, k;

	for (a = -1; a <= 1; a++)
		for (b = -1; b <= 1; b++)
			for (c = -1; c <= 1; c++) {
				double x;

				df[0] = fb[0] - fa[0] + a;
				df[1] = fb[1] - fa[1] + b;
				df[2] = fb[2] - fa[2] + c;
				for (k = 0; k < 3; k++)
					df[k] -= round(fb[k] - fa[k]);
				hop_frac_to_cart(df, cell, d);
				x = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
				if (x < best)
					best = x;
			}
	return best;
}

/* Everything the contract promises, on one cell. */
static void
check_cell(const char *name, const double cell[9], const double frac[NS][3],
    uint64_t seed)
{
	double *centre = malloc(3 * NI * NF * sizeof(double));
	struct hop_posstore *ps = plant(cell, frac, centre, seed);
	struct hop_sitenet_opts so;
	struct hop_sitenet *net;
	struct hop_sitenet_ws *ws;
	struct hop_err err;
	size_t ions[NI], i, j, t, match[NS];
	char what[160];
	int ok;

	for (i = 0; i < NI; i++)
		ions[i] = i;
	hop_sitenet_opts_init(&so);
	net = hop_sitenet_build(ps, ions, NULL, NI, cell, &so, 1, &err);
	snprintf(what, sizeof(what), "sitenet %s: sites built", name);
	T_OK(what, net != NULL);
	if (net == NULL) {
		printf("# %s\n", err.msg);
		hop_posstore_free(ps);
		free(centre);
		return;
	}
	snprintf(what, sizeof(what), "sitenet %s: %d sites found", name, NS);
	T_EQ_U(what, net->nsites, NS);
	/* Threads share the pooling and the paths: the same sites, bit for
	 * bit, whatever their number (more threads than ions too). */
	{
		static const unsigned nt[] = {2, 3, NI + 5};
		size_t q;

		for (q = 0; q < sizeof(nt) / sizeof(nt[0]); q++) {
			struct hop_sitenet *mt = hop_sitenet_build(ps, ions,
			    NULL, NI, cell, &so, nt[q], &err);

			snprintf(what, sizeof(what), "sitenet %s: %u threads "
			    "give the same sites, bit for bit", name, nt[q]);
			T_OK(what, mt != NULL && mt->nsites == net->nsites &&
			    mt->ncand == net->ncand &&
			    memcmp(&mt->vib, &net->vib, sizeof(net->vib)) == 0 &&
			    memcmp(mt->site, net->site, net->nsites *
			    sizeof(*net->site)) == 0);
			hop_sitenet_free(mt);
		}
	}
	snprintf(what, sizeof(what), "sitenet %s: the vibration measured "
	    "(sigma %.3f A, planted %.1f)", name, net->vib.sigma, SIGMA);
	T_NEAR(what, net->vib.sigma, SIGMA, 0.15 * SIGMA);
	/* Each planted site has a found one within 5 sigma / sqrt(n). */
	for (j = 0; j < NS; j++) {
		double best = INFINITY, tol;
		size_t bi = 0;

		for (i = 0; i < net->nsites; i++) {
			double d = min_image(cell, frac[j], net->site[i].frac);

			if (d < best) {
				best = d;
				bi = i;
			}
		}
		match[j] = bi;
		tol = 5 * SIGMA / sqrt((double)(net->site[bi].points ?
		    net->site[bi].points : 1));
		snprintf(what, sizeof(what), "sitenet %s: planted site %zu "
		    "found (%.4f A off, 5 sigma/sqrt(n) = %.4f)", name, j,
		    best, tol);
		T_OK(what, best <= tol);
		/* Folded into the cell, and pos is frac in Cartesian. */
		{
			double x[3];
			int k, in = 1;

			for (k = 0; k < 3; k++)
				in &= net->site[bi].frac[k] >= 0 &&
				    net->site[bi].frac[k] < 1;
			hop_frac_to_cart(net->site[bi].frac, cell, x);
			snprintf(what, sizeof(what), "sitenet %s: site %zu "
			    "folded into the cell, pos = frac x cell", name,
			    bi);
			T_OK(what, in && dist(x, net->site[bi].pos) < 1e-9);
		}
	}
	for (j = 0, ok = 1; j < NS; j++)
		for (i = j + 1; i < NS; i++)
			ok &= match[i] != match[j];
	snprintf(what, sizeof(what), "sitenet %s: one found site per planted "
	    "site", name);
	T_OK(what, ok);

	/* Nearest through the boundary: a site seen from another image. */
	for (j = 0; j < NS; j++) {
		const struct hop_site *s = &net->site[match[j]];
		static const int32_t shift[3] = {1, -1, -2};
		double r[3], got_d, e[3];
		int32_t img[3];
		uint32_t got;
		int k;

		for (k = 0; k < 3; k++)
			r[k] = s->pos[k] + shift[0] * cell[k] +
			    shift[1] * cell[3 + k] + shift[2] * cell[6 + k] +
			    0.1 * (k + 1);
		got = hop_sitenet_nearest(net, r, &got_d, img);
		for (k = 0; k < 3; k++)
			e[k] = 0.1 * (k + 1);
		snprintf(what, sizeof(what), "sitenet %s: nearest of site %zu's "
		    "image (1, -1, -2) is the site, at the offset, with that "
		    "image", name, (size_t)match[j]);
		T_OK(what, got == match[j] && fabs(got_d - dist(e,
		    (double[3]){0, 0, 0})) < 1e-6 && img[0] == shift[0] &&
		    img[1] == shift[1] && img[2] == shift[2]);
	}

	/* Assignment: the planted path, frame by frame. */
	ws = hop_sitenet_ws_new(net, NF);
	snprintf(what, sizeof(what), "sitenet %s: a workspace", name);
	T_OK(what, ws != NULL);
	{
		float *x = malloc(NF * sizeof(float));
		float *y = malloc(NF * sizeof(float));
		float *z = malloc(NF * sizeof(float));
		size_t wrong = 0, off = 0, nres = 0;
		uint64_t visits = 0, frames = 0;

		for (i = 0; i < NI && ws != NULL; i++) {
			struct hop_sitenet_path p;
			double o[3];
			int k;

			for (k = 0; k < 3; k++)
				o[k] = hop_posstore_origin(ps, 3 * i + k);
			hop_posstore_get(ps, 3 * i, 0, NF, x);
			hop_posstore_get(ps, 3 * i + 1, 0, NF, y);
			hop_posstore_get(ps, 3 * i + 2, 0, NF, z);
			if (hop_sitenet_assign(net, ws, o, x, y, z, NF, &p,
			    &err) != 0) {
				printf("# %s\n", err.msg);
				wrong += NF;
				continue;
			}
			for (t = 0; t < NF; t++) {
				const struct hop_sitenet_state *st =
				    &p.states[p.state[t]];

				wrong += st->site != match[planted(i, t)];
				off += dist(st->centre,
				    &centre[3 * (i * NF + t)]) > 0.05;
			}
			nres += p.nres;
			hop_sitenet_tally(net, &p);
		}
		snprintf(what, sizeof(what), "sitenet %s: every frame on its "
		    "planted site (%zu wrong)", name, wrong);
		T_EQ_U(what, wrong, 0);
		snprintf(what, sizeof(what), "sitenet %s: every frame at the "
		    "planted image of its site (%zu off)", name, off);
		T_EQ_U(what, off, 0);
		snprintf(what, sizeof(what), "sitenet %s: %d residences per "
		    "ion", name, NF / DWELL);
		T_EQ_U(what, nres, NI * (NF / DWELL));
		for (j = 0; j < net->nsites; j++) {
			visits += net->site[j].visits;
			frames += net->site[j].frames;
		}
		snprintf(what, sizeof(what), "sitenet %s: tally: residences "
		    "and frames over the sites", name);
		T_OK(what, visits == NI * (NF / DWELL) &&
		    frames == (uint64_t)NI * NF);
		free(x);
		free(y);
		free(z);
	}
	hop_sitenet_ws_free(ws);
	hop_sitenet_free(net);
	hop_posstore_free(ps);
	free(centre);
}

/*
 * A site one ion visits once beside the busy site it lives on, as in
 * the generated runs of tests/bench/network-accuracy.sh at rms/sep 0.35:
 * sites 2.7 A apart, sigma 0.55 A per axis (4.9 sigma), ion 0 on A but
 * for RARE_N frames on B; three more ions, each on a site of its own far
 * away, so that the vibration is the species'.  Two Gaussians of sigma
 * holding 2700 and 300 positions 4.9 sigma apart fall between them to
 * 0.26 of the smaller peak, below the half of the dip test: B is a
 * site, and ion 0 hops A -> B at RARE_T0 and back at RARE_T0 + RARE_N
 * (found in 20 of 20 seeds).
 *
 * A known limit, not asserted: with 140 frames on B (4.7 % of the run)
 * B is found in 9 of 20 seeds only, though the two Gaussians fall to
 * 0.35 of it.  Smoothed by the 0.85 sigma kernel (a Gaussian of 1.31
 * sigma about each site) the density falls only to 0.96 of B's peak
 * between B and A, so that sampling noise often leaves B no maximum of
 * its own (a 0.6 sigma kernel finds it, but also makes sites of the F
 * excursions in CaF2 at 1000 K).  When B is a candidate, its mean
 * within the radius holds A's tail and lies towards A (0.42 A in the
 * bench's case), and the dip test between the means may merge it.
 */
#define RARE_NF 3000
#define RARE_T0 1000
#define RARE_N 300
#define RARE_SEP 2.7
#define RARE_SIGMA 0.55
#define RARE_SEEDS 3

static void
check_rare(uint64_t seed)
{
	static const double cell[9] = {24, 0, 0, 0, 24, 0, 0, 0, 24};
	static const double home[4][3] = {{6, 6, 6}, {18, 6, 6}, {6, 18, 6},
	    {6, 6, 18}};
	struct hop_posstore *ps = hop_posstore_new(12, NULL);
	uint64_t rng = hop_rng_seed(seed, 0);
	struct hop_sitenet_opts so;
	struct hop_sitenet *net;
	struct hop_sitenet_ws *ws = NULL;
	struct hop_sitenet_path p;
	struct hop_err err;
	size_t ions[4] = {0, 1, 2, 3}, t, i, nb = 0, nch = 0;
	long ch[2] = {0, 0};
	float *x = malloc(RARE_NF * sizeof(float)),
	    *y = malloc(RARE_NF * sizeof(float)),
	    *z = malloc(RARE_NF * sizeof(float));
	double v[12], o[3], b[3] = {6 + RARE_SEP, 6, 6};
	uint32_t sa = HOP_SITE_NONE, sb = HOP_SITE_NONE;
	char what[160];
	int k, ok;

	for (t = 0; t < RARE_NF; t++) {
		int onb = t >= RARE_T0 && t < RARE_T0 + RARE_N;

		for (i = 0; i < 4; i++)
			for (k = 0; k < 3; k++)
				v[3 * i + k] = (i == 0 && onb ? b[k] :
				    home[i][k]) + RARE_SIGMA *
				    hop_rng_gauss(&rng);
		hop_posstore_add(ps, v, NULL, NULL);
	}
	hop_sitenet_opts_init(&so);
	net = hop_sitenet_build(ps, ions, NULL, 4, cell, &so, 1, &err);
	snprintf(what, sizeof(what), "sitenet rare (seed %llu): sites built",
	    (unsigned long long)seed);
	T_OK(what, net != NULL);
	if (net == NULL) {
		printf("# %s\n", err.msg);
		goto out;
	}
	/* The site nearest each planted one, and the rare one apart. */
	for (i = 0; i < net->nsites; i++)
		if (dist(net->site[i].pos, b) < 1)
			nb++;
	sa = hop_sitenet_nearest(net, home[0], NULL, NULL);
	sb = hop_sitenet_nearest(net, b, NULL, NULL);
	snprintf(what, sizeof(what), "sitenet rare (seed %llu): 5 sites, the "
	    "rarely visited one of %d frames found beside the busy one "
	    "(%zu sites, %zu within 1 A of it)", (unsigned long long)seed,
	    RARE_N, net->nsites, nb);
	T_OK(what, net->nsites == 5 && nb == 1 && sa != sb);
	/* Ion 0's path: A, B, A, changing at the planted frames. */
	ws = hop_sitenet_ws_new(net, RARE_NF);
	for (k = 0; k < 3; k++)
		o[k] = hop_posstore_origin(ps, k);
	hop_posstore_get(ps, 0, 0, RARE_NF, x);
	hop_posstore_get(ps, 1, 0, RARE_NF, y);
	hop_posstore_get(ps, 2, 0, RARE_NF, z);
	ok = ws != NULL && hop_sitenet_assign(net, ws, o, x, y, z, RARE_NF,
	    &p, &err) == 0;
	for (t = 1; ok && t < RARE_NF; t++)
		if (p.state[t] != p.state[t - 1] && nch++ < 2)
			ch[nch - 1] = (long)t;
	snprintf(what, sizeof(what), "sitenet rare (seed %llu): the ion's "
	    "two hops, to the rare site at frame %d and back at %d (%zu "
	    "residences; changes at %ld, %ld)", (unsigned long long)seed,
	    RARE_T0, RARE_T0 + RARE_N, ok ? p.nres : 0, ch[0], ch[1]);
	T_OK(what, ok && p.nres == 3 && p.states[p.state[0]].site == sa &&
	    p.states[p.state[RARE_T0 + RARE_N / 2]].site == sb &&
	    p.states[p.state[RARE_NF - 1]].site == sa &&
	    ch[0] + 2 >= RARE_T0 && ch[0] <= RARE_T0 + 2 &&
	    ch[1] + 2 >= RARE_T0 + RARE_N && ch[1] <= RARE_T0 + RARE_N + 2);
out:
	hop_sitenet_ws_free(ws);
	hop_sitenet_free(net);
	hop_posstore_free(ps);
	free(x);
	free(y);
	free(z);
}

int
main(void)
{
	/* A 12 A cube, sites on a 2 x 2 x 2 grid 6 A apart, some of them
	 * 0.24 A inside a face so that their ions cross it. */
	static const double cube[9] = {12, 0, 0, 0, 12, 0, 0, 0, 12};
	static const double fcube[NS][3] = {
		{0.02, 0.25, 0.25}, {0.52, 0.25, 0.25}, {0.02, 0.75, 0.25},
		{0.52, 0.75, 0.25}, {0.02, 0.25, 0.98}, {0.52, 0.25, 0.98},
		{0.02, 0.75, 0.98}, {0.52, 0.75, 0.48}};
	/* A triclinic cell (angles 72, 77 and 73 degrees), the same
	 * fractional pattern. */
	static const double tri[9] = {10, 0, 0, 3, 9.5, 0, 2, 1.5, 9};
	static const double fixed[6] = {1, 2, 3, 1, 2, 3};
	static const double sing[9] = {10, 0, 0, 20, 0, 0, 0, 0, 10};
	struct hop_sitenet_opts so;
	struct hop_posstore *ps;
	struct hop_err err;
	size_t ions[2] = {0, 1}, t;
	double *centre = malloc(3 * NI * NF * sizeof(double));

	check_cell("cubic", cube, fcube, 1);
	check_cell("triclinic", tri, fcube, 2);
	for (t = 1; t <= RARE_SEEDS; t++)
		check_rare(t);

	/* The documented errors. */
	hop_sitenet_opts_init(&so);
	ps = hop_posstore_new(6, NULL);
	err.msg[0] = 0;
	T_OK("sitenet: no frame is an error",
	    hop_sitenet_build(ps, ions, NULL, 2, cube, &so, 1, &err) == NULL &&
	    strstr(err.msg, "no positions to find sites from") != NULL);
	for (t = 0; t < 50; t++)
		hop_posstore_add(ps, fixed, NULL, NULL);
	err.msg[0] = 0;
	T_OK("sitenet: no ion is an error",
	    hop_sitenet_build(ps, ions, NULL, 0, cube, &so, 1, &err) == NULL &&
	    strstr(err.msg, "no positions to find sites from") != NULL);
	err.msg[0] = 0;
	T_OK("sitenet: a still species is an error",
	    hop_sitenet_build(ps, ions, NULL, 2, cube, &so, 1, &err) == NULL &&
	    strstr(err.msg, "the ions do not move") != NULL);
	hop_posstore_free(ps);
	ps = plant(cube, fcube, centre, 3);
	err.msg[0] = 0;
	T_OK("sitenet: a singular cell is an error",
	    hop_sitenet_build(ps, ions, NULL, 2, sing, &so, 1, &err) == NULL &&
	    err.msg[0] != 0);
	printf("# singular: %s\n", err.msg);
	hop_posstore_free(ps);
	free(centre);
	return t_done();
}
