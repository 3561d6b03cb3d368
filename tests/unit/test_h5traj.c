/*
 * test_h5traj.c - the HDF5 trajectory reader on small files written here
 * with the HDF5 library into memory: an H5MD file in nm and ps with image
 * data (positions r + i a in Angstrom, the time per frame from the times,
 * species from their values) and a vaspout.h5 (fractional positions,
 * POTIM x ML_OUTBLOCK, TEBEG, ion types), then refusals: counts that
 * disagree, a NaN, times off their spacing.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "h5traj.h"
#include "t.h"

/* A dataset of doubles (or ints) at path, parents created. */
static hid_t
put(hid_t f, const char *path, int rank, const hsize_t *d, const void *v,
    int ints)
{
	hid_t lp = H5Pcreate(H5P_LINK_CREATE), sp, ds;
	hid_t ty = ints ? H5T_NATIVE_INT : H5T_NATIVE_DOUBLE;

	H5Pset_create_intermediate_group(lp, 1);
	sp = rank ? H5Screate_simple(rank, d, NULL) : H5Screate(H5S_SCALAR);
	ds = H5Dcreate2(f, path, ty, sp, lp, H5P_DEFAULT, H5P_DEFAULT);
	H5Dwrite(ds, ty, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
	H5Sclose(sp);
	H5Pclose(lp);
	return ds;
}

static void
put_close(hid_t f, const char *path, int rank, const hsize_t *d,
    const void *v, int ints)
{
	H5Dclose(put(f, path, rank, d, v, ints));
}

/* A string attribute. */
static void
attr(hid_t obj, const char *name, const char *s)
{
	hid_t ty = H5Tcopy(H5T_C_S1), sp = H5Screate(H5S_SCALAR), a;

	H5Tset_size(ty, strlen(s) + 1);
	a = H5Acreate2(obj, name, ty, sp, H5P_DEFAULT, H5P_DEFAULT);
	H5Awrite(a, ty, s);
	H5Aclose(a);
	H5Sclose(sp);
	H5Tclose(ty);
}

static hid_t
mem_file(void)
{
	hid_t fapl = H5Pcreate(H5P_FILE_ACCESS), f;

	H5Pset_fapl_core(fapl, 1u << 16, 0);
	f = H5Fcreate("t.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
	H5Pclose(fapl);
	return f;
}

/* Close f and open its image with the reader. */
static struct hop_h5traj *
reopen(hid_t f, const struct hop_h5_opts *o, struct hop_err *err)
{
	struct hop_h5traj *t;
	ssize_t n;
	void *img;

	H5Fflush(f, H5F_SCOPE_GLOBAL);
	n = H5Fget_file_image(f, NULL, 0);
	img = malloc((size_t)n);
	H5Fget_file_image(f, img, (size_t)n);
	H5Fclose(f);
	t = hop_h5traj_open_memory(img, (size_t)n, "t.h5", o, err);
	free(img);
	return t;
}

/* H5MD: 2 frames, 3 atoms, box 1 x 2 x 3 nm, times 0 and 0.004 ps. */
static hid_t
h5md(double t1)
{
	hid_t f = mem_file(), g, ds;
	hsize_t two = 2, d3[3] = {2, 3, 3}, d1 = 3, dt = 2;
	int ver[2] = {1, 1}, sp[3] = {8, 3, 8};
	int img[18] = {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, -1, 2, 0, 0, 0, 0, 0};
	double e[3] = {1, 2, 3}, tm[2] = {0, t1};
	double r[18] = {0.1, 0.2, 0.3, 0.5, 1.5, 2.5, 0.9, 1.9, 2.9,
	    0.2, 0.2, 0.3, 0.4, 1.5, 2.5, 0.9, 1.9, 0.1};
	hid_t a, s;

	g = H5Gcreate2(f, "h5md", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	s = H5Screate_simple(1, &two, NULL);
	a = H5Acreate2(g, "version", H5T_NATIVE_INT, s, H5P_DEFAULT,
	    H5P_DEFAULT);
	H5Awrite(a, H5T_NATIVE_INT, ver);
	H5Aclose(a);
	H5Sclose(s);
	H5Gclose(g);
	ds = put(f, "particles/all/box/edges", 1, &d1, e, 0);
	attr(ds, "unit", "nm");
	H5Dclose(ds);
	ds = put(f, "particles/all/position/value", 3, d3, r, 0);
	attr(ds, "unit", "nm");
	H5Dclose(ds);
	ds = put(f, "particles/all/position/time", 1, &dt, tm, 0);
	attr(ds, "unit", "ps");
	H5Dclose(ds);
	put_close(f, "particles/all/image/value", 3, d3, img, 1);
	put_close(f, "particles/all/species", 1, &d1, sp, 1);
	return f;
}

static void
test_h5md(void)
{
	struct hop_h5_opts o = {0};
	struct hop_h5traj *t;
	struct hop_h5_frame fr;
	struct hop_err err;
	const struct hop_h5_info *in;

	o.length_A = NAN;
	o.step_fs = NAN;
	o.check_time = 1;
	o.atomic_numbers = 1;
	t = reopen(h5md(0.004), &o, &err);
	T_OK("h5md: opens", t != NULL);
	if (t == NULL)
		return;
	in = hop_h5traj_info(t);
	T_OK("h5md: kind, group", in->kind == HOP_H5_H5MD &&
	    strcmp(in->group, "all") == 0);
	T_EQ_U("h5md: 2 frames", in->nframes, 2);
	T_EQ_U("h5md: 3 atoms", in->natoms, 3);
	T_OK("h5md: image data: unwrapped Cartesian",
	    in->coords == HOP_COORDS_CARTESIAN_UNWRAPPED);
	T_NEAR("h5md: 0.004 ps = 4 fs a frame", in->dt_fs, 4, 1e-12);
	T_OK("h5md: species 3 then 8, by element: Li, O",
	    in->nspecies == 2 && strcmp(in->species[0].name, "Li") == 0 &&
	    strcmp(in->species[1].name, "O") == 0 &&
	    in->species[1].count == 2 && in->atom_species[0] == 1 &&
	    in->atom_species[1] == 0);
	T_OK("h5md: frame 0", hop_h5traj_next(t, &fr, &err) == 1);
	T_NEAR("h5md: cell a in A", fr.cell[0], 10, 1e-12);
	T_NEAR("h5md: cell c in A", fr.cell[8], 30, 1e-12);
	/* Atom 1: (0.5 + 1 x 1 nm) x 10. */
	T_NEAR("h5md: r + i a, x", fr.pos[3], 15, 1e-12);
	T_NEAR("h5md: r, y", fr.pos[4], 15, 1e-12);
	T_OK("h5md: frame 1", hop_h5traj_next(t, &fr, &err) == 1);
	/* Frame 1, atom 0: z 0.3 nm - 1 x 3 nm. */
	T_NEAR("h5md: r + i c, z", fr.pos[2], -27, 1e-12);
	T_NEAR("h5md: r + 2 a, x", fr.pos[3], 24, 1e-12);
	T_OK("h5md: then the end", hop_h5traj_next(t, &fr, &err) == 0);
	hop_h5traj_free(t);

	t = reopen(h5md(0.005), &o, &err);
	T_OK("h5md: a second time off a one-frame spacing is still the "
	    "spacing", t != NULL && hop_h5traj_info(t)->dt_fs == 5);
	hop_h5traj_free(t);
}

/* vaspout.h5: 3 frames, Li 1 + O 2 atoms, NaN at frame nan_at. */
static hid_t
vasp(int count_o, int nan_at)
{
	hid_t f = mem_file(), ty, sp, ds;
	hsize_t d3[3] = {3, 3, 3}, dl[3] = {3, 3, 3}, two = 2;
	int counts[2] = {1, count_o};
	char names[2][2] = {{'L', 'i'}, {'O', ' '}};
	double lat[27], pos[27], potim = 1.5, ob = 2, te = 900;
	int k;

	for (k = 0; k < 27; k++) {
		lat[k] = (k % 9) % 4 == 0 ? 5 : 0;
		pos[k] = 0.1 * (k % 9) + 0.01 * (k / 9);
	}
	if (nan_at >= 0)
		pos[9 * nan_at + 4] = NAN;
	put_close(f, "intermediate/ion_dynamics/position_ions", 3, d3, pos,
	    0);
	put_close(f, "intermediate/ion_dynamics/lattice_vectors", 3, dl, lat,
	    0);
	put_close(f, "results/positions/number_ion_types", 1, &two, counts,
	    1);
	ty = H5Tcopy(H5T_C_S1);
	H5Tset_size(ty, 2);
	sp = H5Screate_simple(1, &two, NULL);
	ds = H5Dcreate2(f, "results/positions/ion_types", ty, sp,
	    H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	H5Dwrite(ds, ty, H5S_ALL, H5S_ALL, H5P_DEFAULT, names);
	H5Dclose(ds);
	H5Sclose(sp);
	H5Tclose(ty);
	put_close(f, "input/incar/POTIM", 0, NULL, &potim, 0);
	put_close(f, "input/incar/ML_OUTBLOCK", 0, NULL, &ob, 0);
	put_close(f, "input/incar/TEBEG", 0, NULL, &te, 0);
	return f;
}

static void
test_vasp(void)
{
	struct hop_h5_opts o = {0};
	struct hop_h5traj *t;
	struct hop_h5_frame fr;
	struct hop_err err;
	const struct hop_h5_info *in;
	int n = 0;

	o.length_A = NAN;
	o.step_fs = NAN;
	o.check_time = 1;
	t = reopen(vasp(2, -1), &o, &err);
	T_OK("vasp: opens", t != NULL);
	if (t == NULL)
		return;
	in = hop_h5traj_info(t);
	T_OK("vasp: kind, fractional", in->kind == HOP_H5_VASP &&
	    in->coords == HOP_COORDS_FRACTIONAL);
	T_NEAR("vasp: dt = POTIM x ML_OUTBLOCK", in->dt_fs, 3, 0);
	T_NEAR("vasp: TEBEG", in->temperature_K, 900, 0);
	T_OK("vasp: ion types, blanks trimmed",
	    strcmp(in->species[0].name, "Li") == 0 &&
	    strcmp(in->species[1].name, "O") == 0 &&
	    in->species[1].count == 2);
	while (hop_h5traj_next(t, &fr, &err) == 1) {
		if (n == 2) {
			T_NEAR("vasp: frame 2 position", fr.pos[4], 0.42, 1e-15);
			T_NEAR("vasp: cell", fr.cell[4], 5, 0);
		}
		n++;
	}
	T_EQ_U("vasp: 3 frames", (unsigned)n, 3);
	hop_h5traj_free(t);

	t = reopen(vasp(3, -1), &o, &err);
	T_OK("vasp: counts adding up to 4 for 3 atoms refused",
	    t == NULL && strstr(err.msg, "number_ion_types adds up to 4") !=
	    NULL);
	t = reopen(vasp(2, 1), &o, &err);
	T_OK("vasp: NaN opens (frames are read later)", t != NULL);
	if (t != NULL) {
		T_OK("vasp: frame 0 fine", hop_h5traj_next(t, &fr, &err) == 1);
		T_OK("vasp: frame 1's NaN refused",
		    hop_h5traj_next(t, &fr, &err) == -1 && strcmp(err.msg,
		    "t.h5: intermediate/ion_dynamics/position_ions: frame 1, "
		    "atom 1: not a finite number") == 0);
		hop_h5traj_free(t);
	}
}

int
main(void)
{
	test_h5md();
	test_vasp();
	return t_done();
}
