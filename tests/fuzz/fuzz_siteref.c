/*
 * fuzz_siteref.c - libFuzzer driver for hopsites' reference sites
 * (common/siteref): the bytes as a file, read as a POSCAR/CONTCAR or an
 * (extended) XYZ frame with three choices of species; what reads is
 * fitted to its own cell and to a 2 x 1 x 3 supercell of it (or to a
 * cubic cell when it has none), and the same bytes are read as a labels
 * file for it and for a set of 6 sites made of 2 copies of 3.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzzfile.h"
#include "siteref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fit r to cell; a set that fits gets the labels of path. */
static void
fit_one(const struct hop_siteref *r, const double cell[9], const char *path)
{
	struct hop_siteset set;
	struct hop_err err;
	unsigned rep[3];
	size_t i;

	hop_siteset_init(&set);
	if (hop_siteref_fit(r, cell, &set, rep, &err) == 0) {
		if (set.n != r->n * rep[0] * rep[1] * rep[2])
			abort();
		for (i = 0; i < 3 * set.n; i++)
			if (!(set.frac[i] >= 0 && set.frac[i] < 1))
				abort();
		(void)hop_siteref_labels(path, r->n, &set, &err);
		for (i = 0; i < set.n; i++)
			if (set.type[i] >= set.ntypes)
				abort();
	}
	hop_siteset_free(&set);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *species[] = {NULL, "Li", "Li,S"};
	static const double cubic[9] = {10, 0, 0, 0, 10, 0, 0, 0, 10};
	struct hop_siteref r;
	struct hop_siteset set;
	struct hop_err err;
	char path[64];
	size_t k, i;

	if (fuzz_file("siteref", data, size, path, sizeof(path)) != 0)
		return 0;
	for (k = 0; k < sizeof(species) / sizeof(species[0]); k++) {
		if (hop_siteref_read(path, species[k], "Li", &r, &err) != 0)
			continue;
		if (r.n == 0)
			abort();
		for (i = 0; i < 3 * r.n; i++)
			if (!(r.cart[i] - r.cart[i] == 0))
				abort();
		if (r.have_cell) {
			double sup[9];

			fit_one(&r, r.cell, path);
			for (i = 0; i < 9; i++)
				sup[i] = r.cell[i] * (i < 3 ? 2 : i < 6 ? 1 : 3);
			fit_one(&r, sup, path);
		} else
			fit_one(&r, cubic, path);
		hop_siteref_free(&r);
	}
	/* The bytes as a labels file for 2 copies of 3 sites. */
	hop_siteset_init(&set);
	if (hop_siteset_alloc(&set, 6, &err) == 0) {
		(void)hop_siteref_labels(path, 3, &set, &err);
		for (i = 0; i < set.n; i++)
			if (set.type[i] >= set.ntypes)
				abort();
	}
	hop_siteset_free(&set);
	unlink(path);
	return 0;
}
