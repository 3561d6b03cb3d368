/*
 * test_siteocc.c - site assignment, the flicker filter, occupancy,
 * residences, jump types, D_jump and returns on a hand-made trajectory
 * of one and two ions over three sites in a line, worked by hand; the
 * Garwood intervals against tabulated values; the density grid's
 * integral and nearest-point binning; a POSCAR read and repeated to a
 * supercell; hop_siteocc_batch (threads, a changing cell) against frame
 * by frame.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "density.h"
#include "poisson.h"
#include "rng.h"
#include "siteocc.h"
#include "siteref.h"
#include "sitetype.h"
#include "t.h"

/* Three sites on x in a 30 A cubic cell: x = 3, 6 and 12 A. */
static void
make_sites(struct hop_siteset *s)
{
	static const double x[3] = {3, 6, 12};
	size_t i;

	hop_siteset_alloc(s, 3, NULL);
	for (i = 0; i < 3; i++) {
		s->frac[3 * i] = x[i] / 30;
		s->frac[3 * i + 1] = 0.5;
		s->frac[3 * i + 2] = 0.5;
	}
	strcpy(s->label[0], "a");
	strcpy(s->label[1], "a");
	strcpy(s->label[2], "b");
	hop_siteset_types_from_labels(s, NULL);
}

/*
 * hop_siteocc_batch against hop_siteocc_frame frame by frame: 7 ions
 * wandering over the three sites in a cell that breathes (every frame its
 * own cell, the positions scaled with it), with 1 and 3 threads: the same
 * jumps, residences, occupancies and between-site frames.
 */
static void
test_batch(const struct hop_siteset *s)
{
	enum { NI = 7, NF = 40 };
	static const double xs[4] = {3, 6, 12, 4.5};
	double pos[NF][NI][3], cells[NF][9], cell0[9] = {30, 0, 0, 0, 30, 0,
	    0, 0, 30};
	struct hop_siteocc *o[3];
	struct hop_err err;
	unsigned th[3] = {0, 1, 3};
	size_t f, i, k, n[3], m[3];
	int same = 1;

	for (f = 0; f < NF; f++) {
		double sc = 1 + 0.01 * sin(0.7 * (double)f);

		for (k = 0; k < 9; k++)
			cells[f][k] = cell0[k] * sc;
		for (i = 0; i < NI; i++) {
			pos[f][i][0] = xs[(f / (2 + i) + i) % 4] * sc;
			pos[f][i][1] = 15 * sc;
			pos[f][i][2] = 15 * sc;
		}
	}
	for (k = 0; k < 3; k++)
		o[k] = hop_siteocc_new(s, cell0, NI, 1.2, 2, &err);
	for (f = 0; f < NF; f++)
		hop_siteocc_frame(o[0], &pos[f][0][0], cells[f], NULL, &err);
	/* Batches of uneven lengths. */
	for (k = 1; k < 3; k++)
		for (f = 0; f < NF; f += 13)
			T_OK("batch", hop_siteocc_batch(o[k], &pos[f][0][0],
			    cells[f], f + 13 < NF ? 13 : NF - f, th[k],
			    &err) == 0);
	for (k = 0; k < 3; k++)
		hop_siteocc_finish(o[k], &err);
	for (k = 1; k < 3; k++) {
		const struct hop_jump *a = hop_siteocc_jumps(o[0], &n[0]),
		    *b = hop_siteocc_jumps(o[k], &n[k]);
		const struct hop_residence *ra = hop_siteocc_residences(o[0],
		    &m[0]), *rb = hop_siteocc_residences(o[k], &m[k]);

		same = n[0] == n[k] && m[0] == m[k] && n[0] > 5 &&
		    hop_siteocc_between_frames(o[0]) ==
		    hop_siteocc_between_frames(o[k]) &&
		    hop_siteocc_flicker_frames(o[0]) ==
		    hop_siteocc_flicker_frames(o[k]);
		for (i = 0; same && i < n[0]; i++)
			same = a[i].ion == b[i].ion && a[i].from == b[i].from &&
			    a[i].to == b[i].to && a[i].left == b[i].left &&
			    a[i].arrived == b[i].arrived &&
			    memcmp(a[i].vec, b[i].vec, sizeof(a[i].vec)) == 0;
		for (i = 0; same && i < m[0]; i++)
			same = ra[i].ion == rb[i].ion &&
			    ra[i].site == rb[i].site &&
			    ra[i].first == rb[i].first &&
			    ra[i].last == rb[i].last &&
			    ra[i].edge == rb[i].edge;
		for (i = 0; same && i < s->n; i++)
			same = hop_siteocc_site_frames(o[0], i) ==
			    hop_siteocc_site_frames(o[k], i) &&
			    hop_siteocc_site_visits(o[0], i) ==
			    hop_siteocc_site_visits(o[k], i);
		T_OK(k == 1 ? "batch of 1 thread = frame by frame" :
		    "batch of 3 threads = frame by frame", same);
	}
	for (k = 0; k < 3; k++)
		hop_siteocc_free(o[k]);
}

/*
 * The raw site of every ion against a search of every site (the nearest
 * within the radius in the frame's cell, minimum image): 150 random
 * sites in a triclinic cell that breathes and shears from frame to frame,
 * down to 0.85 of its first size, where a site within the radius can lie
 * two bins off.
 */
static void
test_lookup(void)
{
	enum { NS = 150, NI = 400, NF = 30 };
	static const double cell0[9] = {16, 0, 0, 4, 15, 0, 3, 2, 14};
	struct hop_siteset s;
	struct hop_siteocc *o;
	struct hop_err err;
	uint64_t rng = hop_rng_seed(17, 0);
	double *pos = malloc(NI * 3 * sizeof(double)), radius;
	int32_t got[NI];
	size_t i, j, f, bad = 0, within = 0;
	int k;

	hop_siteset_init(&s);
	hop_siteset_alloc(&s, NS, NULL);
	for (i = 0; i < 3 * NS; i++)
		s.frac[i] = hop_rng_uniform(&rng);
	radius = 1.5;
	o = hop_siteocc_new(&s, cell0, NI, radius, 1, &err);
	T_OK("lookup: an assigner over 150 random sites", o != NULL);
	for (f = 0; f < NF && o != NULL; f++) {
		double c[9], inv[9], sc = 1 - 0.15 * (double)f / (NF - 1);

		for (k = 0; k < 9; k++)
			c[k] = cell0[k] * sc;
		c[3] += 0.5 * (double)(f % 3);
		hop_cell_inverse(c, inv);
		for (i = 0; i < NI; i++) {
			double fr[3];

			for (k = 0; k < 3; k++)
				fr[k] = 4 * hop_rng_uniform(&rng) - 1.5;
			hop_frac_to_cart(fr, c, &pos[3 * i]);
		}
		if (hop_siteocc_frame(o, pos, c, got, &err) != 0) {
			bad++;
			break;
		}
		for (i = 0; i < NI; i++) {
			double fr[3], best = radius * radius;
			int32_t want = -1;

			hop_cart_to_frac(&pos[3 * i], inv, fr);
			for (j = 0; j < NS; j++) {
				double df[3], r[3], d2;

				for (k = 0; k < 3; k++)
					df[k] = fr[k] - s.frac[3 * j + k];
				hop_min_image_frac(df);
				hop_frac_to_cart(df, c, r);
				d2 = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
				if (d2 < best) {
					best = d2;
					want = (int32_t)j;
				}
			}
			bad += got[i] != want;
			within += want >= 0;
		}
	}
	T_EQ_U("lookup: 12000 raw sites, each that of a search of every "
	    "site", bad, 0);
	printf("# %zu of %d points within the radius (%.2f A) of a site\n",
	    within, NI * NF, radius);
	T_OK("lookup: points both within and beyond the radius", within >
	    NI * NF / 4 && within < NI * NF);
	hop_siteocc_free(o);
	hop_siteset_free(&s);
	free(pos);
}

/*
 * In a skewed cell the environment is measured by the true minimum image.
 * A 4 x 4 x 4 supercell of the rhombohedral primitive cell of an fcc
 * lattice (edges 12 A at 60 degrees) holds 64 sites on that lattice and
 * 8 framework points on every other one: the sites fall into 3 types by
 * their 6 nearest framework distances (worked out by brute force over
 * the images with numpy), where rounding the fractional differences
 * alone (the old way) made 4.  The least distance between two sites is
 * the lattice's 3 A.
 */
static void
test_skewed_types(void)
{
	const double h = sqrt(3) / 2, a = 12;
	/* a along x, b at 60 degrees in xy, c at 60 degrees to both */
	double cell[9] = {a, 0, 0, a / 2, a * h, 0, a / 2, a / (2 * sqrt(3)),
	    a * sqrt(2.0 / 3)}, env[24];
	struct hop_siteset s;
	struct hop_err err;
	size_t i, j, l, n = 0;

	hop_siteset_init(&s);
	if (hop_siteset_alloc(&s, 64, &err) != 0) {
		printf("fail\tskewed: alloc\n");
		return;
	}
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			for (l = 0; l < 4; l++) {
				s.frac[3 * n] = i / 4.0;
				s.frac[3 * n + 1] = j / 4.0;
				s.frac[3 * n + 2] = l / 4.0;
				if (i % 2 == 0 && j % 2 == 0 && l % 2 == 0) {
					size_t e = i / 2 * 4 + j / 2 * 2 + l / 2;

					env[3 * e] = i / 4.0;
					env[3 * e + 1] = j / 4.0;
					env[3 * e + 2] = l / 4.0;
				}
				n++;
			}
	T_OK("skewed cell: the 64 sites typed by 8 framework points",
	    hop_sitetype_env(&s, cell, env, 8, 6, 0.05, &err) == 0);
	T_OK("skewed cell: 3 types, as the true minimum image has it",
	    s.ntypes == 3);
	T_NEAR("skewed cell: least site distance, the lattice's",
	    hop_siteset_min_distance(&s, cell), 3.0, 1e-9);
	hop_siteset_free(&s);
}

int
main(void)
{
	static const double cell[9] = {30, 0, 0, 0, 30, 0, 0, 0, 30};
	/* Ion 0's x per frame: site 0 (3) for 3 frames, a 1-frame flicker
	 * to site 1, back, between sites (4.5), then site 1 for 4 frames,
	 * then site 2 (12) for 3 frames and back to site 1 for 3 frames.
	 * Ion 1 stays on site 2 throughout. */
	static const double x0[] = {3, 3, 3, 6, 3, 4.5, 6, 6, 6, 6, 12, 12,
	    12, 6, 6, 6};
	const size_t nf = sizeof(x0) / sizeof(x0[0]);
	struct hop_siteset s;
	struct hop_siteocc *o;
	struct hop_sitejumps r;
	struct hop_err err;
	const struct hop_jump *j;
	const struct hop_residence *res;
	size_t nj, nres, t, k;
	double lo, hi;
	int32_t got[2];

	make_sites(&s);
	T_NEAR("min distance of the sites", hop_siteset_min_distance(&s,
	    cell), 3, 1e-12);
	o = hop_siteocc_new(&s, cell, 2, 1.2, 2, &err);
	T_OK("assigner", o != NULL);
	for (t = 0; t < nf; t++) {
		double pos[6] = {x0[t], 15, 15, 12.3, 15, 15};

		hop_siteocc_frame(o, pos, NULL, got, &err);
		if (t == 5)
			T_OK("between sites beyond the radius", got[0] == -1);
		if (t == 3)
			T_OK("nearest site", got[0] == 1 && got[1] == 2);
	}
	T_OK("finish", hop_siteocc_finish(o, &err) == 0);
	j = hop_siteocc_jumps(o, &nj);
	T_EQ_U("the flicker is no jump: 3 jumps", nj, 3);
	T_OK("jump 0 -> 1, left at 4 (the return), arrived at 6",
	    j[0].from == 0 && j[0].to == 1 && j[0].left == 4 &&
	    j[0].arrived == 6);
	T_OK("jump 1 -> 2 at 10", j[1].from == 1 && j[1].to == 2 &&
	    j[1].left == 9 && j[1].arrived == 10);
	T_OK("jump 2 -> 1 at 13", j[2].from == 2 && j[2].to == 1 &&
	    j[2].arrived == 13);
	T_NEAR("jump vector", j[1].vec[0], 6, 1e-12);
	/* Occupancy: ion 0 on site 0 frames 0-2 and 4 (4), site 1 frames
	 * 6-9 and 13-15 (7), site 2 frames 10-12 (3); the flicker (3) and
	 * the between frame (5) count as between; ion 1 on site 2 (16). */
	T_EQ_U("frames on site 0", hop_siteocc_site_frames(o, 0), 4);
	T_EQ_U("frames on site 1", hop_siteocc_site_frames(o, 1), 7);
	T_EQ_U("frames on site 2", hop_siteocc_site_frames(o, 2), 19);
	T_EQ_U("between frames", hop_siteocc_between_frames(o), 2);
	T_EQ_U("flicker frames", hop_siteocc_flicker_frames(o), 1);
	T_EQ_U("site frames + between = ions x frames",
	    hop_siteocc_site_frames(o, 0) + hop_siteocc_site_frames(o, 1) +
	    hop_siteocc_site_frames(o, 2) + hop_siteocc_between_frames(o),
	    2 * nf);
	res = hop_siteocc_residences(o, &nres);
	T_EQ_U("residences: 4 of ion 0, 1 of ion 1", nres, 5);
	for (k = 0, t = 0; k < nres; k++)
		t += res[k].edge;
	T_EQ_U("three cut by the run's ends", t, 3);

	T_OK("analyse", hop_sitejumps_analyse(o, &s, 0.5, 3, 0.2, &r,
	    &err) == 0);
	T_EQ_U("two types", r.ntypes, 2);
	T_EQ_U("a -> a", r.trans[0], 1);
	T_EQ_U("a -> b", r.trans[1], 1);
	T_EQ_U("b -> a", r.trans[2], 1);
	T_EQ_U("three jump types", r.njt, 3);
	T_OK("jump type names", strcmp(r.jt[0].name, "a-a@3.00") == 0 &&
	    strcmp(r.jt[1].name, "a-b@6.00") == 0);
	/* t = 15 frames x 0.5 ps; N = 2: sum lambda^2 = 9 + 36 + 36. */
	T_NEAR("D_jump", r.d_jump, 81.0 / (6 * 2 * 7.5), 1e-12);
	T_NEAR("dD_jump", r.dd_jump, sqrt(81 + 1296 + 1296) / (6 * 2 * 7.5),
	    1e-12);
	T_NEAR("rate per ion", r.jt[0].rate_ion_ps, 1 / 15.0, 1e-12);
	T_NEAR("returns: 1 of 2", r.returns, 0.5, 1e-12);
	T_NEAR("occupancy of type a", r.occ_type[0], 11 / 16.0, 1e-12);
	/* Complete residence: ion 0 on site 1 frames 6-9 (4 frames = 2
	 * ps) and on site 2 frames 10-12 (1.5 ps). */
	T_EQ_U("complete residences on a", r.res[0].n, 1);
	T_NEAR("residence on a", r.res[0].mean_ps, 2, 1e-12);
	T_NEAR("residence on b", r.res[1].mean_ps, 1.5, 1e-12);
	hop_sitejumps_free(&r);
	hop_siteocc_free(o);

	/* --min-visit 1: the flicker is two jumps. */
	o = hop_siteocc_new(&s, cell, 1, 1.2, 1, &err);
	for (t = 0; t < nf; t++) {
		double pos[3] = {x0[t], 15, 15};

		hop_siteocc_frame(o, pos, NULL, NULL, &err);
	}
	hop_siteocc_finish(o, &err);
	hop_siteocc_jumps(o, &nj);
	T_EQ_U("min-visit 1 keeps the flicker: 5 jumps", nj, 5);
	hop_siteocc_free(o);

	/* Types from the environment: sites 0 and 1 have a framework atom
	 * 1 A away, site 2 none within 2 A. */
	{
		double env[9] = {4.0 / 30, 0.5, 0.5, 7.0 / 30, 0.5, 0.5,
		    20.0 / 30, 0.5, 0.5};

		T_OK("environment types", hop_sitetype_env(&s, cell, env, 3,
		    1, 0.1, &err) == 0);
		T_OK("sites 0 and 1 one type, 2 another", s.ntypes == 2 &&
		    s.type[0] == s.type[1] && s.type[2] != s.type[0]);
		T_OK("named by their labels", strcmp(s.type_name[s.type[2]],
		    "b") == 0);
	}
	test_batch(&s);
	test_lookup();
	hop_siteset_free(&s);
	test_skewed_types();

	/* Garwood 95 % intervals (tabulated: n = 0: 0, 3.689; n = 1: 0.0253,
	 * 5.572; n = 10: 4.795, 18.39). */
	hop_poisson_interval(0, 0.95, &lo, &hi);
	T_NEAR("Garwood n=0", lo + hi, 3.6889, 1e-4);
	hop_poisson_interval(1, 0.95, &lo, &hi);
	T_NEAR("Garwood n=1 lo", lo, 0.0253, 1e-4);
	T_NEAR("Garwood n=1 hi", hi, 5.5716, 1e-4);
	hop_poisson_interval(10, 0.95, &lo, &hi);
	T_NEAR("Garwood n=10 lo", lo, 4.7954, 1e-4);
	T_NEAR("Garwood n=10 hi", hi, 18.390, 1e-3);
	T_NEAR("one-sided bound n=0", hop_poisson_upper(0, 0.95), 2.9957,
	    1e-4);

	/* The density: points go to the nearest grid point, and the
	 * integral is the number of points per frame. */
	{
		struct hop_density g;
		unsigned n[3];
		double f[6] = {0.49, 0.0, 0.99, 0.2, 0.3, 0.4};

		hop_density_dims(cell, 3, n);
		T_OK("10 points per 30 A edge", n[0] == 10 && n[1] == 10 &&
		    n[2] == 10);
		/* The default spacing stays when its grid is small enough,
		 * and grows to the least (within 1 %) that fits when not. */
		T_NEAR("0.2 A kept in 30 A (150^3 voxels)",
		    hop_density_spacing(cell, 0.2, 1u << 24), 0.2, 0);
		{
			static const double big[9] = {259.2, 0, 0, 0, 259.2, 0,
			    0, 0, 259.2};
			static const double rod[9] = {1000, 0, 0, 0, 10, 0, 0,
			    3, 10};
			unsigned m[3];
			double sp = hop_density_spacing(big, 0.2, 1u << 24);

			hop_density_dims(big, sp, m);
			T_OK("259.2 A: 256^3 voxels", m[0] == 256 &&
			    m[1] == 256 && m[2] == 256);
			T_OK("259.2 A: the least spacing, 1.0125 A",
			    sp >= 259.2 / 256 && sp <= 259.2 / 256 * (1 + 1e-9));
			sp = hop_density_spacing(rod, 0.01, 1000);
			hop_density_dims(rod, sp, m);
			T_OK("a rod of 1000 x 10 x 10.4 A fits 1000 voxels",
			    (uint64_t)m[0] * m[1] * m[2] <= 1000);
			hop_density_dims(rod, sp * (1 - 1e-9), m);
			T_OK("... and a finer one does not",
			    (uint64_t)m[0] * m[1] * m[2] > 1000);
			sp = hop_density_spacing(big, 0.2, 1);
			hop_density_dims(big, sp, m);
			T_OK("one voxel", m[0] == 1 && m[1] == 1 && m[2] == 1);
		}
		hop_density_init(&g, n, &err);
		hop_density_add(&g, f, 2);
		hop_density_frame(&g);
		T_EQ_U("0.49, 0, 0.99 -> point (5, 0, 0)",
		    g.count[(5 * 10 + 0) * 10 + 0], 1);
		T_EQ_U("0.2, 0.3, 0.4 -> point (2, 3, 4)",
		    g.count[(2 * 10 + 3) * 10 + 4], 1);
		hop_density_free(&g);
		T_EQ_U("Z of Li_sv", hop_element_z("Li_sv"), 3);
		T_EQ_U("Z of F1", hop_element_z("F1"), 9);
		T_EQ_U("Z of 48h", hop_element_z("48h"), 0);
	}

	/* A POSCAR of one site in a 5 A cell, repeated into a 10 A run. */
	{
		const char *path = "test_siteocc.vasp";
		FILE *fp = fopen(path, "w");
		struct hop_siteref ref;
		static const double big[9] = {10, 0, 0, 0, 10, 0, 0, 0, 10};
		unsigned rep[3];

		fprintf(fp, "t\n1.0\n5 0 0\n0 5 0\n0 0 5\nCa 24d\n1 2\n"
		    "Selective dynamics\nDirect\n0 0 0 T T T\n0.5 0 0\n"
		    "0.25 0.5 0\n");
		fclose(fp);
		T_OK("a POSCAR of two species needs a choice",
		    hop_siteref_read(path, NULL, NULL, &ref, &err) != 0 &&
		    strstr(err.msg, "choose") != NULL);
		T_OK("read 24d", hop_siteref_read(path, "24d", NULL, &ref,
		    &err) == 0 && ref.n == 2);
		T_NEAR("Cartesian from Direct", ref.cart[3], 1.25, 1e-12);
		T_OK("fit to a 2 x 2 x 2 supercell", hop_siteref_fit(&ref,
		    big, &s, rep, &err) == 0 && s.n == 16 && rep[0] == 2);
		T_NEAR("repeated fractional", s.frac[3 * 2], 0.25, 1e-12);
		T_OK("labelled", strcmp(s.label[5], "24d") == 0 &&
		    s.ntypes == 1);
	hop_siteset_free(&s);
		hop_siteref_free(&ref);
		remove(path);
	}
	return t_done();
}
