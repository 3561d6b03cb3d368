/*
 * fuzz_h5.c - libFuzzer driver for the HDF5 trajectory reader (h52bin).
 *
 * Raw mutated HDF5 bytes mostly exercise the HDF5 library's own parser,
 * which in Debian's 1.10 allocates gigabytes from a corrupt object header
 * size (the first finding of a byte-level driver, in H5C_protect): not
 * our code.  So the bytes here are a recipe instead: they choose which
 * groups, datasets and attributes a vaspout.h5 or an H5MD file has, their
 * ranks, shapes, types (float32 or float64, fixed or variable strings),
 * counts, units and values (NaN, infinities and zero among them).  The
 * file is written with the HDF5 library into memory (the core driver, no
 * disk), and its image read back through hop_h5traj_open_memory and every
 * frame: what is fuzzed is our use of the library, shapes, counts,
 * strings, attributes and the frame loop, which must refuse every
 * inconsistency without a crash and hand out only finite values.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "h5traj.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct h5f_cur {
	const uint8_t *p;
	size_t n;
};

/* The next byte, 0 once the input is used up. */
static unsigned
h5f_u8(struct h5f_cur *c)
{
	if (c->n == 0)
		return 0;
	c->n--;
	return *c->p++;
}

/* A number from a table of the interesting ones. */
static double
h5f_num(struct h5f_cur *c)
{
	static const double v[] = {0.25, 0.5, 0.75, 1, 2, 10, 0, -1, -0.25,
	    1e-300, 1e300, 0.999999, 3, 8, 0.1};
	unsigned k = h5f_u8(c);

	if (k == 255)
		return NAN;
	if (k == 254)
		return INFINITY;
	return v[k % (sizeof(v) / sizeof(v[0]))];
}

/* Create path's parent groups too. */
static hid_t
h5f_lcpl(void)
{
	hid_t p = H5Pcreate(H5P_LINK_CREATE);

	H5Pset_create_intermediate_group(p, 1);
	return p;
}

/* A dataset of rank r and dims d at path: numbers (float32 when f32),
 * integers (ints), values from the recipe.  Returns it (to add
 * attributes to) or -1. */
static hid_t
h5f_dataset(hid_t f, const char *path, int r, const hsize_t *d, int ints,
    int f32, struct h5f_cur *c)
{
	hid_t sp, ds, lp = h5f_lcpl();
	hsize_t n = 1, i;
	int k;

	for (k = 0; k < r; k++)
		n *= d[k];
	sp = r == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(r, d, NULL);
	ds = H5Dcreate2(f, path, ints ? H5T_NATIVE_INT : f32 ?
	    H5T_NATIVE_FLOAT : H5T_NATIVE_DOUBLE, sp, lp, H5P_DEFAULT,
	    H5P_DEFAULT);
	H5Pclose(lp);
	if (ds >= 0 && n > 0 && n < 100000) {
		double *v = malloc(n * sizeof(double));
		int *iv = malloc(n * sizeof(int));

		if (v != NULL && iv != NULL) {
			for (i = 0; i < n; i++) {
				v[i] = h5f_num(c);
				iv[i] = (int)(h5f_u8(c) % 5) - 1;
			}
			if (ints)
				H5Dwrite(ds, H5T_NATIVE_INT, H5S_ALL, H5S_ALL,
				    H5P_DEFAULT, iv);
			else
				H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL,
				    H5S_ALL, H5P_DEFAULT, v);
		}
		free(v);
		free(iv);
	}
	H5Sclose(sp);
	return ds;
}

/* n strings from a table, fixed-length or variable-length, as a dataset
 * at path (obj < 0) or as attribute name of obj. */
static void
h5f_strings(hid_t f, const char *path, hid_t obj, const char *name, int n,
    struct h5f_cur *c)
{
	static const char *const s[] = {"Li", "O", "periodic", "none", "nm",
	    "A", "ps", "fs", "", "  S ", "furlong", "Angstrom", "pm",
	    "\xc3\x85", "ns", "Zr"};
	const char *v[4];
	char fixed[4][16];
	hsize_t d = (hsize_t)n;
	hid_t ty = H5Tcopy(H5T_C_S1), sp, o;
	int k, vlen = h5f_u8(c) & 1;

	if (n < 1 || n > 4) {
		H5Tclose(ty);
		return;
	}
	memset(fixed, 0, sizeof(fixed));
	for (k = 0; k < n; k++) {
		v[k] = s[h5f_u8(c) % 16];
		strncpy(fixed[k], v[k], sizeof(fixed[k]) - 1);
	}
	H5Tset_size(ty, vlen ? H5T_VARIABLE : 15);
	if (h5f_u8(c) & 1)
		H5Tset_cset(ty, H5T_CSET_UTF8);
	sp = n == 1 && (h5f_u8(c) & 1) ? H5Screate(H5S_SCALAR) :
	    H5Screate_simple(1, &d, NULL);
	if (obj < 0) {
		hid_t lp = h5f_lcpl();

		o = H5Dcreate2(f, path, ty, sp, lp, H5P_DEFAULT, H5P_DEFAULT);
		H5Pclose(lp);
		if (o >= 0) {
			H5Dwrite(o, ty, H5S_ALL, H5S_ALL, H5P_DEFAULT,
			    vlen ? (const void *)v : (const void *)fixed);
			H5Dclose(o);
		}
	} else {
		o = H5Acreate2(obj, name, ty, sp, H5P_DEFAULT, H5P_DEFAULT);
		if (o >= 0) {
			H5Awrite(o, ty, vlen ? (const void *)v :
			    (const void *)fixed);
			H5Aclose(o);
		}
	}
	H5Sclose(sp);
	H5Tclose(ty);
}

/* A unit attribute on ds, or none. */
static void
h5f_unit(hid_t ds, struct h5f_cur *c)
{
	if (ds >= 0 && (h5f_u8(c) % 4) != 0)
		h5f_strings(-1, NULL, ds, "unit", 1, c);
}

static void
h5f_closeds(hid_t ds)
{
	if (ds >= 0)
		H5Dclose(ds);
}

/* A scalar number dataset at path, or none. */
static void
h5f_scalar(hid_t f, const char *path, struct h5f_cur *c)
{
	if (h5f_u8(c) % 3 != 0)
		h5f_closeds(h5f_dataset(f, path, 0, NULL, 0, 0, c));
}

static void
h5f_vaspout(hid_t f, hsize_t fr, hsize_t na, struct h5f_cur *c)
{
	hsize_t d[3], nt = h5f_u8(c) % 3 + (h5f_u8(c) & 1);
	const char *g = h5f_u8(c) & 1 ? "input/poscar" : "results/positions";
	char path[64];

	if (h5f_u8(c) % 8 != 0) {
		snprintf(path, sizeof(path), "%s/number_ion_types", g);
		h5f_closeds(h5f_dataset(f, path, 1, &nt, 1, 0, c));
	}
	if (h5f_u8(c) % 4 != 0) {
		snprintf(path, sizeof(path), "%s/ion_types", g);
		h5f_strings(f, path, -1, NULL, (int)nt + (h5f_u8(c) % 4 == 0), c);
	}
	if (h5f_u8(c) % 8 != 0) {
		d[0] = fr;
		d[1] = na;
		d[2] = h5f_u8(c) % 6 ? 3 : h5f_u8(c) % 4;
		h5f_closeds(h5f_dataset(f, "intermediate/ion_dynamics/position_ions",
		    h5f_u8(c) % 6 ? 3 : 2, d, 0, h5f_u8(c) & 1, c));
	}
	if (h5f_u8(c) % 8 != 0) {
		int r = h5f_u8(c) % 4 ? 3 : 2;

		d[0] = r == 3 ? fr + (h5f_u8(c) % 6 == 0) : 3;
		d[1] = 3;
		d[2] = h5f_u8(c) % 8 ? 3 : 2;
		h5f_closeds(h5f_dataset(f, "intermediate/ion_dynamics/lattice_vectors",
		    r, d, 0, 0, c));
	}
	h5f_scalar(f, "intermediate/ion_dynamics/scale", c);
	h5f_scalar(f, "input/incar/POTIM", c);
	h5f_scalar(f, "input/incar/NBLOCK", c);
	h5f_scalar(f, "input/incar/TEBEG", c);
	h5f_scalar(f, "input/incar/ML_OUTBLOCK", c);
}

/* A step or time: one value per frame, or a scalar increment. */
static void
h5f_clock(hid_t f, const char *path, hsize_t fr, int ints, struct h5f_cur *c)
{
	hid_t ds;

	if (h5f_u8(c) % 4 == 0)
		return;
	ds = h5f_dataset(f, path, h5f_u8(c) % 3 ? 1 : 0, &fr, ints, h5f_u8(c) & 1, c);
	if (!ints)
		h5f_unit(ds, c);
	h5f_closeds(ds);
}

static void
h5f_h5md(hid_t f, hsize_t fr, hsize_t na, struct h5f_cur *c)
{
	hsize_t d[3], two = 2;
	hid_t g, ds, sp, a;
	int v[2] = {1, 1}, per;
	const char *grp = h5f_u8(c) & 1 ? "particles/all" : "particles/b";

	if (h5f_u8(c) % 8 != 0) {
		hid_t lp = h5f_lcpl();

		g = H5Gcreate2(f, "h5md", lp, H5P_DEFAULT, H5P_DEFAULT);
		H5Pclose(lp);
		if (h5f_u8(c) % 6 != 0) {
			v[0] = h5f_u8(c) % 5 ? 1 : 2;
			sp = H5Screate_simple(1, &two, NULL);
			a = H5Acreate2(g, "version", H5T_NATIVE_INT, sp,
			    H5P_DEFAULT, H5P_DEFAULT);
			H5Awrite(a, H5T_NATIVE_INT, v);
			H5Aclose(a);
			H5Sclose(sp);
		}
		H5Gclose(g);
	}
	if (h5f_u8(c) % 5 == 0) {
		hid_t lp = h5f_lcpl();

		H5Gclose(H5Gcreate2(f, "particles/other", lp, H5P_DEFAULT,
		    H5P_DEFAULT));
		H5Pclose(lp);
	}
	{
		char box[64], path[96];
		hid_t lp = h5f_lcpl();

		snprintf(box, sizeof(box), "%s/box", grp);
		g = H5Gcreate2(f, box, lp, H5P_DEFAULT, H5P_DEFAULT);
		H5Pclose(lp);
		if (h5f_u8(c) & 1)
			h5f_strings(-1, NULL, g, "boundary", 1 + h5f_u8(c) % 3 + 1, c);
		H5Gclose(g);
		per = h5f_u8(c) % 3 == 0;
		snprintf(path, sizeof(path), "%s/edges%s", box,
		    per ? "/value" : "");
		d[0] = per ? fr + (h5f_u8(c) % 8 == 0) : 3;
		d[1] = 3;
		d[2] = 3;
		if (h5f_u8(c) % 8 != 0) {
			int r = per + (h5f_u8(c) % 3 == 0 ? 2 : 1);

			if (!per)
				d[0] = h5f_u8(c) % 8 ? 3 : 2;
			ds = h5f_dataset(f, path, r, d, 0, h5f_u8(c) & 1, c);
			h5f_unit(ds, c);
			h5f_closeds(ds);
		}
		snprintf(path, sizeof(path), "%s/position/value", grp);
		d[0] = fr;
		d[1] = na;
		d[2] = h5f_u8(c) % 8 ? 3 : 2;
		if (h5f_u8(c) % 8 != 0) {
			ds = h5f_dataset(f, path, h5f_u8(c) % 8 ? 3 : 2, d, 0,
			    h5f_u8(c) & 1, c);
			h5f_unit(ds, c);
			h5f_closeds(ds);
		}
		snprintf(path, sizeof(path), "%s/position/time", grp);
		h5f_clock(f, path, fr, 0, c);
		snprintf(path, sizeof(path), "%s/position/step", grp);
		h5f_clock(f, path, fr, 1, c);
		if (h5f_u8(c) % 3 == 0) {
			snprintf(path, sizeof(path), "%s/image/value", grp);
			d[0] = fr;
			d[1] = na + (h5f_u8(c) % 8 == 0);
			d[2] = 3;
			h5f_closeds(h5f_dataset(f, path, 3, d, h5f_u8(c) & 1, 0, c));
		}
		if (h5f_u8(c) % 3 != 0) {
			int tdep = h5f_u8(c) % 3 == 0;

			snprintf(path, sizeof(path), "%s/species%s", grp,
			    tdep ? "/value" : "");
			d[0] = fr;
			d[1] = na + (h5f_u8(c) % 8 == 0);
			h5f_closeds(h5f_dataset(f, path, 1 + tdep, tdep ? d : d + 1,
			    1, 0, c));
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct h5f_cur c = {data, size};
	struct hop_h5_opts o = {0};
	struct hop_h5traj *t;
	struct hop_h5_frame fr;
	struct hop_err err;
	const struct hop_h5_info *info;
	hid_t fapl, f;
	ssize_t len;
	void *img;
	hsize_t nf, na;
	uint64_t n;
	int kind, pass;

	H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
	kind = h5f_u8(&c) & 1;
	nf = h5f_u8(&c) % 4;
	na = 1 + h5f_u8(&c) % 4;
	fapl = H5Pcreate(H5P_FILE_ACCESS);
	H5Pset_fapl_core(fapl, 1u << 16, 0);
	f = H5Fcreate("fuzz-recipe.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
	H5Pclose(fapl);
	if (f < 0)
		return 0;
	if (kind)
		h5f_h5md(f, nf, na, &c);
	else
		h5f_vaspout(f, nf, na, &c);
	H5Fflush(f, H5F_SCOPE_GLOBAL);
	len = H5Fget_file_image(f, NULL, 0);
	img = len > 0 ? malloc((size_t)len) : NULL;
	if (img != NULL && H5Fget_file_image(f, img, (size_t)len) != len)
		len = 0;
	H5Fclose(f);
	for (pass = 0; img != NULL && len > 0 && pass < 2; pass++) {
		o.length_A = pass ? NAN : 10;
		o.step_fs = pass ? NAN : 1;
		o.check_time = !pass;
		o.atomic_numbers = pass;
		o.group = pass && (size & 1) ? "b" : NULL;
		if ((t = hop_h5traj_open_memory(img, (size_t)len, "fuzz.h5", &o,
		    &err)) == NULL)
			continue;
		info = hop_h5traj_info(t);
		n = 0;
		while (hop_h5traj_next(t, &fr, &err) == 1) {
			size_t k;

			/* Every value handed out is finite. */
			for (k = 0; k < 3 * (size_t)info->natoms; k++)
				if (!isfinite(fr.pos[k]))
					abort();
			for (k = 0; k < 9; k++)
				if (!isfinite(fr.cell[k]))
					abort();
			if (++n > info->nframes)
				abort();
		}
		hop_h5traj_free(t);
	}
	free(img);
	return 0;
}
