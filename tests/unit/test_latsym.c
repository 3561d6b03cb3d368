/*
 * test_latsym.c - the framework's lattice translations: a face-centred
 * framework in a 2 x 2 x 2 supercell has 32 (8 cells x 4 centrings),
 * found through thermal noise, in a triclinic cell too; an anti-site swap
 * keeps them; one displaced atom removes them; a species that moves is
 * left out of the framework, and one that does not bounds them (the F
 * sublattice of fluorite alone has more translations than the crystal).
 * A 10 x 10 x 10 fluorite supercell (12000 atoms) has its 4000, each a
 * true symmetry (most are sums of the few checked against every atom),
 * and loses them all to one displaced atom.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "latsym.h"
#include "rng.h"
#include "t.h"

/* Fluorite AB2 in conventional cells of a0: A on the fcc lattice, B at the
 * 8 (1/4 1/4 1/4) positions.  The supercell is rep x rep x rep cells,
 * cell rows a, b, c (a0 rep times the unit matrix, sheared by shear).
 * Positions into pos (3 each), species into spec (0 A, 1 B); returns the
 * count. */
static size_t
fluorite(int rep, double shear, double noise, uint64_t seed, double cell[9],
    double *pos, int *spec)
{
	static const double fcc[4][3] = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5},
	    {.5, .5, 0}};
	uint64_t rng;
	size_t n = 0;
	int i, j, l, q, s, k;

	rng = hop_rng_seed(seed, 0);
	memset(cell, 0, 9 * sizeof(double));
	cell[0] = cell[4] = cell[8] = 5.46 * rep;
	cell[3] = shear * 5.46 * rep; /* b = (shear, 1, 0) */
	for (i = 0; i < rep; i++)
		for (j = 0; j < rep; j++)
			for (l = 0; l < rep; l++)
				for (q = 0; q < 4; q++)
					for (s = 0; s < 3; s++) {
						double f[3];

						/* s 0: A; 1, 2: B at +-1/4. */
						for (k = 0; k < 3; k++)
							f[k] = (fcc[q][k] + (s ==
							    0 ? 0 : s == 1 ?
							    .25 : .75) + (k == 0 ?
							    i : k == 1 ? j : l)) /
							    rep;
						hop_frac_to_cart(f, cell, pos +
						    3 * n);
						for (k = 0; k < 3; k++)
							pos[3 * n + k] += noise *
							    hop_rng_gauss(&rng);
						spec[n++] = s == 0 ? 0 : 1;
					}
	return n;
}

/* Whether t maps every position onto one within tol (a brute check). */
static int
maps(const double *pos, size_t n, const double cell[9], const double t[3],
    double tol)
{
	double inv[9];
	size_t i, j;

	hop_cell_inverse(cell, inv);
	for (i = 0; i < n; i++) {
		double fi[3], best = INFINITY;

		hop_cart_to_frac(pos + 3 * i, inv, fi);
		for (j = 0; j < n; j++) {
			double fj[3], d[3], r[3];
			int k;

			hop_cart_to_frac(pos + 3 * j, inv, fj);
			for (k = 0; k < 3; k++)
				d[k] = fi[k] + t[k] - fj[k];
			hop_min_image_frac(d);
			hop_frac_to_cart(d, cell, r);
			if (sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]) <
			    best)
				best = sqrt(r[0] * r[0] + r[1] * r[1] + r[2] *
				    r[2]);
		}
		if (!(best <= tol))
			return 0;
	}
	return 1;
}

static void
check_set(const char *what, const double *pos, size_t n, const double cell[9],
    size_t want)
{
	struct hop_err err;
	double *tr = NULL;
	size_t nt = hop_latsym_translations(pos, n, cell, 0, &tr, &err), q;
	char name[160];
	int ok = nt > 0 && tr[0] == 0 && tr[1] == 0 && tr[2] == 0, k;

	snprintf(name, sizeof(name), "%s: %zu translations", what, want);
	T_EQ_U(name, nt, want);
	snprintf(name, sizeof(name), "%s: the identity first", what);
	T_OK(name, ok);
	/* Each is a true symmetry (within 0.45 A: the noise of two atoms,
	 * far below the 2.4 A between neighbours), distinct, in range. */
	for (q = 0, ok = 1; q < nt; q++) {
		size_t p;

		for (k = 0; k < 3; k++)
			ok &= tr[3 * q + k] >= -0.5 && tr[3 * q + k] < 0.5;
		ok &= maps(pos, n, cell, tr + 3 * q, 0.45);
		for (p = 0; p < q; p++) {
			double d[3] = {tr[3 * q] - tr[3 * p], tr[3 * q + 1] -
			    tr[3 * p + 1], tr[3 * q + 2] - tr[3 * p + 2]};

			hop_min_image_frac(d);
			ok &= fabs(d[0]) + fabs(d[1]) + fabs(d[2]) > 0.05;
		}
	}
	snprintf(name, sizeof(name), "%s: each maps the framework, distinct",
	    what);
	T_OK(name, ok);
	free(tr);
}

/*
 * 10 x 10 x 10 cells: 4000 translations, distinct and in range, each a
 * vector of the fcc lattice (in units of a0 / 2, integers of even sum):
 * so exactly the crystal's translation group.  Then one atom displaced
 * by 1 A: the identity alone.
 */
static void
big_supercell(void)
{
	enum { REP = 10, N = 12 * REP * REP * REP };
	double cell[9], *pos = malloc(3 * N * sizeof(*pos)), *tr = NULL;
	int *spec = malloc(N * sizeof(*spec)), ok = 1, k;
	struct hop_err err;
	size_t n, nt, q;
	uint64_t *key = NULL;

	if (pos == NULL || spec == NULL) {
		T_OK("big supercell: memory", 0);
		goto out;
	}
	n = fluorite(REP, 0, 0.05, 5, cell, pos, spec);
	nt = hop_latsym_translations(pos, n, cell, 0, &tr, &err);
	T_EQ_U("fluorite 10x10x10: 4000 translations", nt, 4000);
	/* Distinct: each is a multiple of 1/(2 REP) in every component, so
	 * their rounded keys must all differ. */
	key = malloc((nt ? nt : 1) * sizeof(*key));
	for (q = 0; key != NULL && q < nt; q++) {
		uint64_t kq = 0;
		long sum = 0;

		for (k = 0; k < 3; k++) {
			double m = tr[3 * q + k] * 2 * REP;

			ok &= tr[3 * q + k] >= -0.5 && tr[3 * q + k] < 0.5;
			ok &= fabs(m - round(m)) < 0.05;
			kq = kq * 64 + (uint64_t)((long)round(m) + 2 * REP);
			sum += (long)round(m);
		}
		ok &= sum % 2 == 0;
		key[q] = kq;
	}
	for (q = 0; key != NULL && q < nt; q++) {
		size_t p;

		for (p = 0; p < q; p++)
			ok &= key[p] != key[q];
	}
	T_OK("fluorite 10x10x10: distinct fcc lattice vectors, in range",
	    ok && key != NULL);
	free(tr);
	tr = NULL;
	pos[3 * 7 + 1] += 1.0;
	nt = hop_latsym_translations(pos, n, cell, 0, &tr, &err);
	T_EQ_U("fluorite 10x10x10, one atom displaced: the identity", nt, 1);
out:
	free(tr);
	free(key);
	free(pos);
	free(spec);
}

int
main(void)
{
	double cell[9], pos[3 * 12 * 27], *tr = NULL, sums[6 * 12 * 8];
	int spec[12 * 27];
	struct hop_err err;
	size_t n, i, nt, aonly;
	int k;

	/* Fluorite: the A sublattice alone is fcc (4 per cell); A and B
	 * together have the same translations; B alone is simple cubic of
	 * a0 / 2 (8 per cell). */
	n = fluorite(2, 0, 0.05, 1, cell, pos, spec);
	T_EQ_U("fluorite 2x2x2: 96 atoms", n, 96);
	check_set("fluorite 2x2x2", pos, n, cell, 32);
	for (i = aonly = 0; i < n; i++)
		if (spec[i] == 0)
			memcpy(pos + 3 * aonly++, pos + 3 * i, 3 * sizeof(double));
	check_set("its A sublattice", pos, aonly, cell, 32);
	n = fluorite(2, 0, 0.05, 1, cell, pos, spec);
	for (i = aonly = 0; i < n; i++)
		if (spec[i] == 1)
			memcpy(pos + 3 * aonly++, pos + 3 * i, 3 * sizeof(double));
	check_set("its B sublattice", pos, aonly, cell, 64);
	/* 3 x 3 x 3 in a sheared cell. */
	n = fluorite(3, 0.3, 0.05, 2, cell, pos, spec);
	check_set("fluorite 3x3x3, sheared cell", pos, n, cell, 108);
	/* One atom 1 A off its place: no translation but the identity. */
	n = fluorite(2, 0, 0.05, 3, cell, pos, spec);
	pos[3 * 5] += 1.0;
	check_set("one atom displaced by 1 A", pos, n, cell, 1);
	/* Too few atoms, a singular cell. */
	check_set("one atom", pos, 1, cell, 1);
	memset(cell, 0, sizeof(cell));
	T_EQ_U("singular cell: 0", hop_latsym_translations(pos, 4, cell, 0,
	    &tr, &err), 0);
	T_OK("singular cell: message", strstr(err.msg, "singular") != NULL);
	T_OK("singular cell: nothing allocated", tr == NULL);

	big_supercell();

	/* hop_latsym_framework from sums over 10 frames.  The B atoms
	 * still: the crystal's 32 translations.  One B atom moving (rms
	 * 2 A): B leaves the framework, whose A atoms give the same 32.
	 * Both species moving: only the identity. */
	n = fluorite(2, 0, 0.02, 4, cell, pos, spec);
	for (i = 0; i < n; i++)
		for (k = 0; k < 3; k++) {
			sums[6 * i + k] = 10 * pos[3 * i + k];
			sums[6 * i + 3 + k] = 10 * (pos[3 * i + k] *
			    pos[3 * i + k] + 0.01);
		}
	nt = hop_latsym_framework(sums, 10, spec, n, 0.75, cell, &tr, &err);
	T_EQ_U("framework of still atoms: 32", nt, 32);
	free(tr);
	for (k = 0; k < 3; k++)
		sums[6 * 1 + 3 + k] += 10 * 4.0 / 3 * 1.1; /* atom 1 is B */
	T_OK("atom 1 is of species B", spec[1] == 1);
	nt = hop_latsym_framework(sums, 10, spec, n, 0.75, cell, &tr, &err);
	T_EQ_U("B moving: the A framework's 32", nt, 32);
	free(tr);
	for (k = 0; k < 3; k++)
		sums[3 + k] += 10 * 4.0 / 3 * 1.1; /* atom 0 is A */
	nt = hop_latsym_framework(sums, 10, spec, n, 0.75, cell, &tr, &err);
	T_EQ_U("both moving: the identity alone", nt, 1);
	free(tr);
	return t_done();
}
