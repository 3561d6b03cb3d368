/*
 * h5traj.c - see h5traj.h.
 *
 * Every HDF5 call that can fail is checked; on failure the deepest entry
 * of HDF5's error stack (the library's own words, "truncated file: eof =
 * ...") is added to our message.  Automatic error printing is switched off
 * once, at the first open.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hdf5.h>

#include "cell.h"
#include "h5traj.h"
#include "outfile.h"

/* Bytes of positions read per block of frames. */
#define BLOCK_BYTES (4u << 20)

struct hop_h5traj {
	char *name;
	hid_t file;
	struct hop_h5_opts o;
	struct hop_h5_info info;
	char group[256];
	char where[320];         /* the position dataset's path */
	hid_t pos, cell, image;  /* datasets; cell -1 when fixed */
	int cell_rank;           /* of one frame's cell: 1 or 2 */
	double fixed[9];         /* the fixed cell */
	double len_f, cell_f;    /* Angstrom per unit */
	hid_t time, step;        /* -1 when absent */
	int time_scalar, step_scalar;
	double time0, dtime, time_f; /* scalar time: offset, increment */
	int64_t step0, dstep;    /* first step and spacing */
	int check;               /* 1 time, 2 step: check the spacing */
	uint64_t next;           /* next frame to hand out */
	uint64_t b0, bn, bcap;   /* frames [b0, b0 + bn) in the buffers */
	double *pbuf, *cbuf, *ibuf, *tbuf;
	int64_t *sbuf;
	double *out;             /* one frame made fractional or unwrapped */
	double cellv[9];
	struct hop_species *sp;
	uint32_t *atom_species;
};

/* The deepest description on HDF5's error stack, or "". */
static herr_t
walk_cb(unsigned n, const H5E_error2_t *e, void *data)
{
	if (n == 0 && e->desc != NULL)
		snprintf(data, 200, "%s", e->desc);
	return 0;
}

static const char *
h5_reason(char buf[200])
{
	buf[0] = '\0';
	H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, walk_cb, buf);
	H5Eclear2(H5E_DEFAULT);
	return buf;
}

/* Set err to "NAME: what (HDF5: reason)". */
static void
h5_fail(const struct hop_h5traj *t, struct hop_err *err, const char *what)
{
	char r[200];

	h5_reason(r);
	if (r[0] != '\0')
		hop_err_set(err, "%s: %s (HDF5: %s)", t->name, what, r);
	else
		hop_err_set(err, "%s: %s", t->name, what);
}

/* Whether every component of path exists (H5Lexists fails on a missing
 * parent, so each is asked in turn).  1, 0. */
static int
exists(hid_t loc, const char *path)
{
	char buf[512];
	char *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return 0;
	for (p = buf; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (H5Lexists(loc, buf, H5P_DEFAULT) <= 0)
			return 0;
		*p = '/';
	}
	return H5Lexists(loc, buf, H5P_DEFAULT) > 0;
}

/* The kind of object at path: H5I_GROUP, H5I_DATASET, or H5I_BADID when
 * absent. */
static H5I_type_t
kind_of(hid_t loc, const char *path)
{
	H5I_type_t k;
	hid_t o;

	if (!exists(loc, path) || (o = H5Oopen(loc, path, H5P_DEFAULT)) < 0) {
		H5Eclear2(H5E_DEFAULT);
		return H5I_BADID;
	}
	k = H5Iget_type(o);
	H5Oclose(o);
	return k;
}

/*
 * Open the numeric dataset at path with rank between rmin and rmax; its
 * dimensions in dims (rank in *rank).  Returns the dataset, or -1 with err
 * set (absent, a group, not a number, wrong rank).
 */
static hid_t
open_ds(struct hop_h5traj *t, const char *path, int rmin, int rmax,
    int *rank, hsize_t dims[4], const char *shape, struct hop_err *err)
{
	hid_t ds, sp, ty;
	H5T_class_t cl;
	int r;

	switch (kind_of(t->file, path)) {
	case H5I_DATASET:
		break;
	case H5I_BADID:
		hop_err_set(err, "%s: no dataset %s", t->name, path);
		return -1;
	default:
		hop_err_set(err, "%s: %s is not a dataset", t->name, path);
		return -1;
	}
	if ((ds = H5Dopen2(t->file, path, H5P_DEFAULT)) < 0) {
		h5_fail(t, err, "cannot open a dataset");
		return -1;
	}
	ty = H5Dget_type(ds);
	cl = H5Tget_class(ty);
	H5Tclose(ty);
	if (cl != H5T_FLOAT && cl != H5T_INTEGER) {
		hop_err_set(err, "%s: %s is not numeric", t->name, path);
		H5Dclose(ds);
		return -1;
	}
	sp = H5Dget_space(ds);
	r = H5Sget_simple_extent_ndims(sp);
	if (r >= 0 && r <= 4)
		H5Sget_simple_extent_dims(sp, dims, NULL);
	H5Sclose(sp);
	if (r < rmin || r > rmax) {
		hop_err_set(err, "%s: %s has rank %d, want %s", t->name, path, r,
		    shape);
		H5Dclose(ds);
		return -1;
	}
	*rank = r;
	return ds;
}

/*
 * Read nf frames from frame f0 of ds (rank dimensions dims, frames first)
 * into buf as type mem (a whole dataset when rank 0).  0 or -1.
 */
static int
read_frames(struct hop_h5traj *t, hid_t ds, int rank, const hsize_t *dims,
    hsize_t f0, hsize_t nf, hid_t mem, void *buf, const char *path,
    struct hop_err *err)
{
	hsize_t start[4] = {0, 0, 0, 0}, count[4];
	hid_t fs, ms;
	herr_t e;
	int k;

	fs = H5Dget_space(ds);
	if (rank == 0) {
		ms = H5Screate(H5S_SCALAR);
	} else {
		for (k = 0; k < rank; k++)
			count[k] = dims[k];
		start[0] = f0;
		count[0] = nf;
		H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count,
		    NULL);
		ms = H5Screate_simple(rank, count, NULL);
	}
	e = H5Dread(ds, mem, ms, fs, H5P_DEFAULT, buf);
	H5Sclose(ms);
	H5Sclose(fs);
	if (e < 0) {
		char what[600];

		snprintf(what, sizeof(what), "cannot read %.500s", path);
		h5_fail(t, err, what);
		return -1;
	}
	return 0;
}

/* A scalar (or one-element) numeric dataset as a double.  1 read, 0
 * absent, -1 error. */
static int
scalar(struct hop_h5traj *t, const char *path, double *v, struct hop_err *err)
{
	hsize_t dims[4];
	hid_t ds;
	int rank, r;

	if (kind_of(t->file, path) == H5I_BADID)
		return 0;
	if ((ds = open_ds(t, path, 0, 1, &rank, dims, "a scalar", err)) < 0)
		return -1;
	if (rank == 1 && dims[0] != 1) {
		hop_err_set(err, "%s: %s has %llu values, want one", t->name,
		    path, (unsigned long long)dims[0]);
		H5Dclose(ds);
		return -1;
	}
	r = read_frames(t, ds, rank, dims, 0, 1, H5T_NATIVE_DOUBLE, v, path,
	    err);
	H5Dclose(ds);
	if (r == 0 && !isfinite(*v)) {
		hop_err_set(err, "%s: %s is not a finite number", t->name, path);
		return -1;
	}
	return r == 0 ? 1 : -1;
}

/*
 * The strings of a dataset (attr < 0) or of attribute attr (obj unused),
 * fixed-length or variable-length, each trimmed of blanks and NULs, into
 * out[0..max) of HOP_MAX_NAME + 1 bytes.  Returns the count, or -1 with
 * err set.  what names the object in messages.
 */
static int
strings(struct hop_h5traj *t, hid_t obj, int is_attr, char (*out)[HOP_MAX_NAME + 1],
    int max, const char *what, struct hop_err *err)
{
	hid_t ty, sp, mem;
	hssize_t n;
	size_t size, i;
	herr_t e;
	int vlen, ret = -1;
	char *buf = NULL;

	ty = is_attr ? H5Aget_type(obj) : H5Dget_type(obj);
	sp = is_attr ? H5Aget_space(obj) : H5Dget_space(obj);
	n = H5Sget_simple_extent_npoints(sp);
	if (H5Tget_class(ty) != H5T_STRING) {
		hop_err_set(err, "%s: %s is not text", t->name, what);
		goto out;
	}
	if (n < 1 || n > max) {
		hop_err_set(err, "%s: %s holds %lld strings, want 1 to %d",
		    t->name, what, (long long)n, max);
		goto out;
	}
	vlen = H5Tis_variable_str(ty) > 0;
	size = vlen ? sizeof(char *) : H5Tget_size(ty);
	if (size == 0 || (buf = calloc((size_t)n, size + 1)) == NULL) {
		hop_err_set(err, "%s: out of memory", t->name);
		goto out;
	}
	mem = H5Tcopy(H5T_C_S1);
	H5Tset_size(mem, vlen ? H5T_VARIABLE : size);
	/* h5py writes UTF-8, Fortran codes ASCII: read as the file is. */
	H5Tset_cset(mem, H5Tget_cset(ty));
	H5Tset_strpad(mem, vlen ? H5T_STR_NULLTERM : H5Tget_strpad(ty));
	e = is_attr ? H5Aread(obj, mem, buf) : H5Dread(obj, mem, H5S_ALL,
	    H5S_ALL, H5P_DEFAULT, buf);
	if (e < 0) {
		char w[600];

		H5Tclose(mem);
		snprintf(w, sizeof(w), "cannot read %.500s", what);
		h5_fail(t, err, w);
		goto out;
	}
	for (i = 0; i < (size_t)n; i++) {
		const char *s = vlen ? ((char **)(void *)buf)[i] : buf + i * size;
		size_t len = 0, b = 0;

		if (s != NULL) {
			len = vlen ? strlen(s) : strnlen(s, size);
			while (b < len && (s[b] == ' ' || s[b] == '\t'))
				b++;
			while (len > b && (s[len - 1] == ' ' ||
			    s[len - 1] == '\t'))
				len--;
		}
		if (len - b > HOP_MAX_NAME)
			len = b + HOP_MAX_NAME;
		memcpy(out[i], s != NULL ? s + b : "", len - b);
		out[i][len - b] = '\0';
	}
	if (vlen)
		H5Dvlen_reclaim(mem, sp, H5P_DEFAULT, buf);
	H5Tclose(mem);
	ret = (int)n;
out:
	free(buf);
	H5Sclose(sp);
	H5Tclose(ty);
	return ret;
}

/* The "unit" attribute of dataset ds, into u (empty when absent).  0, -1. */
static int
unit_of(struct hop_h5traj *t, hid_t ds, const char *path, char *u,
    struct hop_err *err)
{
	char s[1][HOP_MAX_NAME + 1], what[400];
	hid_t a;
	int r;

	u[0] = '\0';
	if (H5Aexists(ds, "unit") <= 0) {
		H5Eclear2(H5E_DEFAULT);
		return 0;
	}
	if ((a = H5Aopen(ds, "unit", H5P_DEFAULT)) < 0) {
		h5_fail(t, err, "cannot open a unit attribute");
		return -1;
	}
	snprintf(what, sizeof(what), "the unit attribute of %s", path);
	r = strings(t, a, 1, s, 1, what, err);
	H5Aclose(a);
	if (r < 0)
		return -1;
	snprintf(u, HOP_MAX_NAME + 1, "%s", s[0]);
	return 0;
}

/* Angstrom per length unit u of dataset path; 0 with err set when
 * unknown or absent without opts->length_A. */
static double
length_factor(struct hop_h5traj *t, const char *u, const char *path,
    struct hop_err *err)
{
	if (u[0] == '\0') {
		if (!isnan(t->o.length_A))
			return t->o.length_A;
		hop_err_set(err, "%s: %s has no unit attribute (give "
		    "--length-unit nm or A)", t->name, path);
		return 0;
	}
	if (strcmp(u, "nm") == 0)
		return 10;
	if (strcmp(u, "pm") == 0)
		return 0.01;
	if (strcmp(u, "fm") == 0)
		return 1e-5;
	if (strcmp(u, "A") == 0 || strcmp(u, "Angstrom") == 0 ||
	    strcmp(u, "angstrom") == 0 || strcmp(u, "\xc3\x85") == 0 ||
	    strcmp(u, "AA") == 0)
		return 1;
	hop_err_set(err, "%s: %s: length unit '%s' is not one h52bin knows "
	    "(nm, pm, fm, Angstrom, A)", t->name, path, u);
	return 0;
}

/* fs per time unit u; 0 when unknown or absent. */
static double
time_factor(const char *u)
{
	if (strcmp(u, "fs") == 0)
		return 1;
	if (strcmp(u, "ps") == 0)
		return 1e3;
	if (strcmp(u, "ns") == 0)
		return 1e6;
	return 0;
}

/* The symbols of elements 1 to 118. */
static const char *const element[] = {
	"H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg",
	"Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca", "Sc", "Ti", "V", "Cr",
	"Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr",
	"Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd",
	"In", "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd",
	"Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf",
	"Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po",
	"At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm",
	"Bk", "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs",
	"Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og"
};

/* Apply --types (opts->names) to a table of n species. 0 or -1. */
static int
rename_species(struct hop_h5traj *t, uint32_t n, const char *what,
    struct hop_err *err)
{
	uint32_t s;

	if (t->o.names == NULL)
		return 0;
	if (t->o.nnames != n) {
		hop_err_set(err, "%s: %u species names given for the %u %s",
		    t->name, t->o.nnames, n, what);
		return -1;
	}
	for (s = 0; s < n; s++)
		memcpy(t->sp[s].name, t->o.names[s].name, HOP_MAX_NAME + 1);
	return 0;
}

/* ---- vaspout.h5 ---- */

/* The species of a vaspout.h5: ion_types and number_ion_types from
 * results/positions, else input/poscar.  0 or -1. */
static int
vasp_species(struct hop_h5traj *t, struct hop_err *err)
{
	static const char *const grp[] = {"results/positions",
	    "input/poscar"};
	char path[128], tpath[128];
	char (*names)[HOP_MAX_NAME + 1] = NULL;
	long long *cnt = NULL;
	hsize_t dims[4];
	hid_t ds = -1;
	uint64_t total = 0;
	int rank, g, n = -1, ret = -1;
	uint32_t s;

	for (g = 0; g < 2; g++) {
		snprintf(path, sizeof(path), "%s/number_ion_types", grp[g]);
		if (kind_of(t->file, path) != H5I_BADID)
			break;
	}
	if (g == 2) {
		hop_err_set(err, "%s: no dataset results/positions/"
		    "number_ion_types or input/poscar/number_ion_types: the "
		    "species are unknown", t->name);
		return -1;
	}
	if ((ds = open_ds(t, path, 1, 1, &rank, dims, "1 (ion types)",
	    err)) < 0)
		return -1;
	if (dims[0] < 1 || dims[0] > HOP_MAX_SPECIES) {
		hop_err_set(err, "%s: %s has %llu ion types, want 1 to %u",
		    t->name, path, (unsigned long long)dims[0],
		    HOP_MAX_SPECIES);
		goto out;
	}
	n = (int)dims[0];
	cnt = calloc((size_t)n, sizeof(*cnt));
	names = calloc((size_t)n + 1, sizeof(*names));
	t->sp = calloc((size_t)n, sizeof(*t->sp));
	if (cnt == NULL || names == NULL || t->sp == NULL) {
		hop_err_set(err, "%s: out of memory", t->name);
		goto out;
	}
	if (read_frames(t, ds, 1, dims, 0, dims[0], H5T_NATIVE_LLONG, cnt,
	    path, err) != 0)
		goto out;
	for (s = 0; s < (uint32_t)n; s++) {
		if (cnt[s] < 1 || cnt[s] > (long long)HOP_MAX_ATOMS) {
			hop_err_set(err, "%s: %s[%u] = %lld is not a count of "
			    "atoms", t->name, path, s, cnt[s]);
			goto out;
		}
		t->sp[s].count = (uint32_t)cnt[s];
		total += (uint64_t)cnt[s];
	}
	if (total > HOP_MAX_ATOMS) {
		hop_err_set(err, "%s: %s adds up to %llu atoms, more than %u",
		    t->name, path, (unsigned long long)total, HOP_MAX_ATOMS);
		goto out;
	}
	t->info.natoms = (uint32_t)total;
	t->info.nspecies = (uint32_t)n;
	snprintf(tpath, sizeof(tpath), "%s/ion_types", grp[g]);
	H5Dclose(ds);
	ds = -1;
	if (kind_of(t->file, tpath) != H5I_DATASET) {
		if (t->o.names == NULL) {
			hop_err_set(err, "%s: no dataset %s: name the %d ion "
			    "types with --types", t->name, tpath, n);
			goto out;
		}
	} else {
		int m;

		if ((ds = H5Dopen2(t->file, tpath, H5P_DEFAULT)) < 0) {
			h5_fail(t, err, "cannot open ion_types");
			goto out;
		}
		if ((m = strings(t, ds, 0, names, n + 1, tpath, err)) < 0)
			goto out;
		if (m != n) {
			hop_err_set(err, "%s: %s has %d names, %s %d counts",
			    t->name, tpath, m, path, n);
			goto out;
		}
		for (s = 0; s < (uint32_t)n; s++) {
			if (names[s][0] == '\0' && t->o.names == NULL) {
				hop_err_set(err, "%s: %s[%u] is empty", t->name,
				    tpath, s);
				goto out;
			}
			memcpy(t->sp[s].name, names[s], HOP_MAX_NAME + 1);
		}
	}
	if (rename_species(t, (uint32_t)n, "ion types", err) != 0)
		goto out;
	ret = 0;
out:
	if (ds >= 0)
		H5Dclose(ds);
	free(cnt);
	free(names);
	return ret;
}

/* POTIM, ML_OUTBLOCK, NBLOCK and TEBEG from input/incar.  0 or -1. */
static int
vasp_incar(struct hop_h5traj *t, struct hop_err *err)
{
	double potim, outblock = 1, nblock, tebeg;
	int r;

	t->info.dt_fs = NAN;
	t->info.temperature_K = NAN;
	if ((r = scalar(t, "input/incar/ML_OUTBLOCK", &outblock, err)) < 0)
		return -1;
	if (r == 1 && (outblock < 1 || outblock != floor(outblock) ||
	    outblock > 1e9)) {
		hop_err_set(err, "%s: input/incar/ML_OUTBLOCK = %g is not a "
		    "whole number of at least 1", t->name, outblock);
		return -1;
	}
	if ((r = scalar(t, "input/incar/POTIM", &potim, err)) < 0)
		return -1;
	if (r == 1 && potim <= 0) {
		hop_err_set(err, "%s: input/incar/POTIM = %g is not a positive "
		    "time step", t->name, potim);
		return -1;
	}
	if (r == 1) {
		t->info.dt_fs = potim * outblock;
		t->info.dt_from = outblock > 1 ? "POTIM x ML_OUTBLOCK" :
		    "POTIM";
	}
	if ((r = scalar(t, "input/incar/NBLOCK", &nblock, err)) < 0)
		return -1;
	if (r == 1 && nblock >= 1 && nblock < 1e18)
		t->info.nblock = (uint64_t)nblock;
	/* The temperature is a label: one out of range is left unknown. */
	if (scalar(t, "input/incar/TEBEG", &tebeg, err) == 1 && tebeg >= 0)
		t->info.temperature_K = tebeg;
	return 0;
}

static int
vasp_open(struct hop_h5traj *t, struct hop_err *err)
{
	static const char *pp = "intermediate/ion_dynamics/position_ions";
	static const char *lp = "intermediate/ion_dynamics/lattice_vectors";
	hsize_t pd[4], ld[4];
	double scale = 1;
	int rank, lrank, k;

	if (vasp_species(t, err) != 0)
		return -1;
	if ((t->pos = open_ds(t, pp, 3, 3, &rank, pd,
	    "3 (frames x atoms x 3)", err)) < 0)
		return -1;
	if (pd[2] != 3 || pd[1] != t->info.natoms) {
		hop_err_set(err, "%s: %s is %llu x %llu x %llu; want frames x "
		    "%u x 3 (number_ion_types adds up to %u atoms)", t->name,
		    pp, (unsigned long long)pd[0], (unsigned long long)pd[1],
		    (unsigned long long)pd[2], t->info.natoms, t->info.natoms);
		return -1;
	}
	t->info.nframes = pd[0];
	snprintf(t->where, sizeof(t->where), "%s", pp);
	if ((t->cell = open_ds(t, lp, 2, 3, &lrank, ld,
	    "3 (frames x 3 x 3) or 2 (3 x 3)", err)) < 0)
		return -1;
	if (ld[lrank - 1] != 3 || ld[lrank - 2] != 3 ||
	    (lrank == 3 && ld[0] != pd[0])) {
		hop_err_set(err, "%s: %s is %llu x %llu x %llu; want %llu x 3 "
		    "x 3 (one cell per frame of position_ions)", t->name, lp,
		    (unsigned long long)ld[0], (unsigned long long)ld[1],
		    (unsigned long long)(lrank == 3 ? ld[2] : 1),
		    (unsigned long long)pd[0]);
		return -1;
	}
	if (scalar(t, "intermediate/ion_dynamics/scale", &scale, err) < 0)
		return -1;
	if (scale <= 0) {
		hop_err_set(err, "%s: intermediate/ion_dynamics/scale = %g is "
		    "not positive", t->name, scale);
		return -1;
	}
	t->cell_f = scale;
	t->len_f = 1;
	t->cell_rank = 2;
	if (lrank == 2) {
		if (read_frames(t, t->cell, 2, ld, 0, 3, H5T_NATIVE_DOUBLE,
		    t->fixed, lp, err) != 0)
			return -1;
		for (k = 0; k < 9; k++)
			t->fixed[k] *= scale;
		H5Dclose(t->cell);
		t->cell = -1;
	}
	t->info.coords = HOP_COORDS_FRACTIONAL;
	return vasp_incar(t, err);
}

/* ---- H5MD ---- */

static int dims_of(hid_t ds, hsize_t d[4]);

/* Collect the names of the particles groups (the first 32). */
struct groups {
	char name[32][256];
	int n;
};

static herr_t
group_cb(hid_t loc, const char *name, const H5L_info_t *li, void *data)
{
	struct groups *g = data;

	(void)loc;
	(void)li;
	if (g->n < 32)
		snprintf(g->name[g->n], sizeof(g->name[0]), "%s", name);
	g->n++;
	return 0;
}

/* The particles group: opts->group, else the only one.  0 or -1. */
static int
h5md_group(struct hop_h5traj *t, struct hop_err *err)
{
	struct groups g;
	hid_t p;
	char list[400];
	size_t len = 0;
	int i;

	if (kind_of(t->file, "particles") != H5I_GROUP) {
		hop_err_set(err, "%s: H5MD file without a particles group",
		    t->name);
		return -1;
	}
	g.n = 0;
	p = H5Gopen2(t->file, "particles", H5P_DEFAULT);
	H5Literate(p, H5_INDEX_NAME, H5_ITER_INC, NULL, group_cb, &g);
	H5Gclose(p);
	list[0] = '\0';
	for (i = 0; i < g.n && i < 32 && len < 300; i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
		    i ? ", " : "", g.name[i]);
	if (t->o.group != NULL) {
		for (i = 0; i < g.n && i < 32; i++)
			if (strcmp(g.name[i], t->o.group) == 0)
				break;
		if (i == g.n || i == 32) {
			hop_err_set(err, "%s: no particles group '%.64s' (the "
			    "file has %s)", t->name, t->o.group,
			    g.n ? list : "none");
			return -1;
		}
	} else if (g.n != 1) {
		if (g.n == 0)
			hop_err_set(err, "%s: the particles group is empty",
			    t->name);
		else
			hop_err_set(err, "%s: %d particles groups (%s): choose "
			    "one with --particles", t->name, g.n, list);
		return -1;
	}
	snprintf(t->group, sizeof(t->group), "%s", t->o.group != NULL ?
	    t->o.group : g.name[0]);
	t->info.group = t->group;
	return 0;
}

/* The h5md group's version attribute: major 1.  0 or -1. */
static int
h5md_version(struct hop_h5traj *t, struct hop_err *err)
{
	int v[2] = {0, 0};
	hid_t a, sp;
	hssize_t n;

	if (H5Aexists_by_name(t->file, "h5md", "version", H5P_DEFAULT) <= 0) {
		H5Eclear2(H5E_DEFAULT);
		hop_err_set(err, "%s: the h5md group has no version attribute",
		    t->name);
		return -1;
	}
	a = H5Aopen_by_name(t->file, "h5md", "version", H5P_DEFAULT,
	    H5P_DEFAULT);
	sp = H5Aget_space(a);
	n = H5Sget_simple_extent_npoints(sp);
	H5Sclose(sp);
	if (n != 2 || H5Aread(a, H5T_NATIVE_INT, v) < 0) {
		H5Aclose(a);
		H5Eclear2(H5E_DEFAULT);
		hop_err_set(err, "%s: the h5md version attribute is not two "
		    "integers", t->name);
		return -1;
	}
	H5Aclose(a);
	if (v[0] != 1) {
		hop_err_set(err, "%s: H5MD version %d.%d: h52bin reads 1.x",
		    t->name, v[0], v[1]);
		return -1;
	}
	return 0;
}

/*
 * Open the step or time of the position element: an array of one value
 * per frame, or a scalar increment with an optional offset attribute.
 * Returns the dataset (or -1 when absent: *present 0), -1 with err set on
 * error (*present 1).
 */
static hid_t
h5md_clock(struct hop_h5traj *t, const char *what, int *scalar_, double *off,
    double *inc, int *present, struct hop_err *err)
{
	char path[400];
	hsize_t dims[4];
	hid_t ds;
	int rank;

	snprintf(path, sizeof(path), "particles/%s/position/%s", t->group,
	    what);
	*present = kind_of(t->file, path) != H5I_BADID;
	if (!*present)
		return -1;
	if ((ds = open_ds(t, path, 0, 1, &rank, dims,
	    "1 (frames) or 0 (an increment)", err)) < 0)
		return -1;
	*scalar_ = rank == 0;
	*off = 0;
	if (rank == 1 && dims[0] != t->info.nframes) {
		hop_err_set(err, "%s: %s has %llu values for %llu frames",
		    t->name, path, (unsigned long long)dims[0],
		    (unsigned long long)t->info.nframes);
		H5Dclose(ds);
		return -1;
	}
	if (rank == 0) {
		if (read_frames(t, ds, 0, dims, 0, 1, H5T_NATIVE_DOUBLE, inc,
		    path, err) != 0) {
			H5Dclose(ds);
			return -1;
		}
		if (H5Aexists(ds, "offset") > 0) {
			hid_t a = H5Aopen(ds, "offset", H5P_DEFAULT);

			H5Aread(a, H5T_NATIVE_DOUBLE, off);
			H5Aclose(a);
		}
		H5Eclear2(H5E_DEFAULT);
		if (!isfinite(*inc) || !isfinite(*off) || *inc <= 0) {
			hop_err_set(err, "%s: %s: increment %g is not positive",
			    t->name, path, *inc);
			H5Dclose(ds);
			return -1;
		}
	}
	return ds;
}

/* The box: boundary all periodic, edges fixed or per frame.  0 or -1. */
static int
h5md_box(struct hop_h5traj *t, struct hop_err *err)
{
	char box[300], path[400], u[HOP_MAX_NAME + 1];
	char b[3][HOP_MAX_NAME + 1];
	hsize_t dims[4];
	hid_t a;
	int rank, r, k, per;

	snprintf(box, sizeof(box), "particles/%s/box", t->group);
	if (kind_of(t->file, box) != H5I_GROUP) {
		hop_err_set(err, "%s: no group %s", t->name, box);
		return -1;
	}
	if (H5Aexists_by_name(t->file, box, "boundary", H5P_DEFAULT) > 0) {
		snprintf(path, sizeof(path), "the boundary attribute of %s",
		    box);
		a = H5Aopen_by_name(t->file, box, "boundary", H5P_DEFAULT,
		    H5P_DEFAULT);
		r = strings(t, a, 1, b, 3, path, err);
		H5Aclose(a);
		if (r < 0)
			return -1;
		if (r != 3) {
			hop_err_set(err, "%s: %s has %d entries, want 3",
			    t->name, path, r);
			return -1;
		}
		for (k = 0; k < 3; k++)
			if (strcmp(b[k], "periodic") != 0) {
				hop_err_set(err, "%s: %s: axis %c is '%s', not "
				    "periodic (h52bin reads periodic boxes)",
				    t->name, box, "xyz"[k], b[k]);
				return -1;
			}
	}
	H5Eclear2(H5E_DEFAULT);
	snprintf(path, sizeof(path), "%s/edges", box);
	per = kind_of(t->file, path) == H5I_GROUP;
	if (per)
		snprintf(path, sizeof(path), "%s/edges/value", box);
	if ((t->cell = open_ds(t, path, per ? 2 : 1, per ? 3 : 2, &rank, dims,
	    per ? "2 (frames x 3) or 3 (frames x 3 x 3)" :
	    "1 (3) or 2 (3 x 3)", err)) < 0)
		return -1;
	t->cell_rank = rank - per;
	if (dims[rank - 1] != 3 || (t->cell_rank == 2 && dims[rank - 2] != 3) ||
	    (per && dims[0] != t->info.nframes)) {
		hop_err_set(err, "%s: %s has shape %llu x %llu%s; want %s3%s",
		    t->name, path, (unsigned long long)dims[0],
		    (unsigned long long)(rank > 1 ? dims[1] : 1),
		    rank > 2 ? " x ..." : "", per ? "frames x " : "",
		    t->cell_rank == 2 ? " x 3" : "");
		return -1;
	}
	if (unit_of(t, t->cell, path, u, err) != 0 ||
	    (t->cell_f = length_factor(t, u, path, err)) == 0)
		return -1;
	if (!per) {
		double v[9];

		if (read_frames(t, t->cell, rank, dims, 0, dims[0],
		    H5T_NATIVE_DOUBLE, v, path, err) != 0)
			return -1;
		memset(t->fixed, 0, sizeof(t->fixed));
		for (k = 0; k < 9; k++)
			if (t->cell_rank == 2)
				t->fixed[k] = v[k] * t->cell_f;
			else if (k < 3)
				t->fixed[4 * k] = v[k] * t->cell_f;
		H5Dclose(t->cell);
		t->cell = -1;
	}
	return 0;
}

/* Species from particles/GROUP/species (a dataset, or a time-dependent
 * group whose first frame is taken); names as h5traj.h says.  0 or -1. */
static int
h5md_species(struct hop_h5traj *t, struct hop_err *err)
{
	char path[400];
	hsize_t dims[4];
	long long *v = NULL, *val = NULL;
	hid_t ds = -1;
	uint32_t i, s, n = 0, na = t->info.natoms;
	int rank, per, ret = -1;

	snprintf(path, sizeof(path), "particles/%s/species", t->group);
	per = kind_of(t->file, path) == H5I_GROUP;
	if (kind_of(t->file, path) == H5I_BADID) {
		/* One species for every atom. */
		if ((t->sp = calloc(1, sizeof(*t->sp))) == NULL ||
		    (t->atom_species = calloc(na, sizeof(uint32_t))) == NULL)
			goto nomem;
		strcpy(t->sp[0].name, "X");
		t->sp[0].count = na;
		t->info.nspecies = 1;
		return rename_species(t, 1, "species (the file has none)",
		    err);
	}
	if (per)
		snprintf(path, sizeof(path), "particles/%s/species/value",
		    t->group);
	if ((ds = open_ds(t, path, 1 + per, 1 + per, &rank, dims,
	    per ? "2 (frames x atoms)" : "1 (atoms)", err)) < 0)
		return -1;
	if (dims[per] != na) {
		hop_err_set(err, "%s: %s has %llu atoms, position %u", t->name,
		    path, (unsigned long long)dims[per], na);
		goto out;
	}
	if ((v = malloc((size_t)na * sizeof(*v))) == NULL ||
	    (val = malloc((size_t)HOP_MAX_SPECIES * sizeof(*val))) == NULL ||
	    (t->atom_species = malloc((size_t)na * sizeof(uint32_t))) == NULL)
		goto nomem;
	if (read_frames(t, ds, rank, dims, 0, per ? 1 : dims[0],
	    H5T_NATIVE_LLONG, v, path, err) != 0)
		goto out;
	/* The distinct values in increasing order, then each atom's. */
	for (i = 0; i < na; i++) {
		for (s = 0; s < n && val[s] < v[i]; s++)
			;
		if (s < n && val[s] == v[i])
			continue;
		if (n == HOP_MAX_SPECIES) {
			hop_err_set(err, "%s: %s has more than %u distinct "
			    "values", t->name, path, HOP_MAX_SPECIES);
			goto out;
		}
		memmove(val + s + 1, val + s, (n - s) * sizeof(*val));
		val[s] = v[i];
		n++;
	}
	if ((t->sp = calloc(n, sizeof(*t->sp))) == NULL)
		goto nomem;
	for (i = 0; i < na; i++) {
		uint32_t lo = 0, hi = n;

		while (hi - lo > 1) {
			uint32_t mid = (lo + hi) / 2;

			if (val[mid] <= v[i])
				lo = mid;
			else
				hi = mid;
		}
		t->atom_species[i] = lo;
		t->sp[lo].count++;
	}
	for (s = 0; s < n; s++) {
		if (t->o.atomic_numbers && (val[s] < 1 || val[s] > 118)) {
			hop_err_set(err, "%s: %s: %lld is not an atomic number",
			    t->name, path, val[s]);
			goto out;
		}
		if (t->o.atomic_numbers)
			snprintf(t->sp[s].name, sizeof(t->sp[s].name), "%s",
			    element[val[s] - 1]);
		else
			snprintf(t->sp[s].name, sizeof(t->sp[s].name), "%lld",
			    val[s]);
	}
	t->info.nspecies = n;
	if (rename_species(t, n, "distinct species values", err) != 0)
		goto out;
	ret = 0;
	goto out;
nomem:
	hop_err_set(err, "%s: out of memory", t->name);
out:
	if (ds >= 0)
		H5Dclose(ds);
	free(v);
	free(val);
	return ret;
}

/* Whether dataset ds holds 32-bit floats. */
static int
is_float32(hid_t ds)
{
	hid_t ty = H5Dget_type(ds);
	int r = H5Tget_class(ty) == H5T_FLOAT && H5Tget_size(ty) == 4;

	H5Tclose(ty);
	return r;
}

/* The first value of a per-frame clock dataset and the difference of
 * the first two (0 with one frame).  0 or -1. */
static int
first_two(struct hop_h5traj *t, hid_t ds, const char *what, double *v0,
    double *d, struct hop_err *err)
{
	double v[2] = {0, 0};
	hsize_t dims[4];
	uint64_t n = t->info.nframes > 1 ? 2 : 1;
	int r = dims_of(ds, dims);

	if (read_frames(t, ds, r, dims, 0, n, H5T_NATIVE_DOUBLE, v, what,
	    err) != 0)
		return -1;
	if (!isfinite(v[0]) || !isfinite(v[1])) {
		hop_err_set(err, "%s: particles/%s/position/%s: not a finite "
		    "number", t->name, t->group, what);
		return -1;
	}
	*v0 = v[0];
	*d = n > 1 ? v[1] - v[0] : 0;
	return 0;
}

static int
h5md_open(struct hop_h5traj *t, struct hop_err *err)
{
	char path[400], u[HOP_MAX_NAME + 1];
	hsize_t pd[4], id[4];
	double off, inc;
	int rank, present;

	if (h5md_version(t, err) != 0 || h5md_group(t, err) != 0)
		return -1;
	snprintf(path, sizeof(path), "particles/%s/position", t->group);
	if (kind_of(t->file, path) != H5I_GROUP) {
		hop_err_set(err, "%s: no group %s (time-dependent positions)",
		    t->name, path);
		return -1;
	}
	snprintf(t->where, sizeof(t->where), "particles/%s/position/value",
	    t->group);
	if ((t->pos = open_ds(t, t->where, 3, 3, &rank, pd,
	    "3 (frames x atoms x 3)", err)) < 0)
		return -1;
	if (pd[2] != 3 || pd[1] < 1 || pd[1] > HOP_MAX_ATOMS) {
		hop_err_set(err, "%s: %s is %llu x %llu x %llu; want frames x "
		    "atoms x 3", t->name, t->where, (unsigned long long)pd[0],
		    (unsigned long long)pd[1], (unsigned long long)pd[2]);
		return -1;
	}
	t->info.nframes = pd[0];
	t->info.natoms = (uint32_t)pd[1];
	if (unit_of(t, t->pos, t->where, u, err) != 0 ||
	    (t->len_f = length_factor(t, u, t->where, err)) == 0)
		return -1;
	if (h5md_box(t, err) != 0 || h5md_species(t, err) != 0)
		return -1;
	snprintf(path, sizeof(path), "particles/%s/image/value", t->group);
	if (kind_of(t->file, path) != H5I_BADID) {
		if ((t->image = open_ds(t, path, 3, 3, &rank, id,
		    "3 (frames x atoms x 3)", err)) < 0)
			return -1;
		if (id[0] != pd[0] || id[1] != pd[1] || id[2] != 3) {
			hop_err_set(err, "%s: %s is %llu x %llu x %llu, "
			    "position %llu x %llu x 3", t->name, path,
			    (unsigned long long)id[0],
			    (unsigned long long)id[1],
			    (unsigned long long)id[2],
			    (unsigned long long)pd[0],
			    (unsigned long long)pd[1]);
			return -1;
		}
	}
	t->info.coords = t->image >= 0 ? HOP_COORDS_CARTESIAN_UNWRAPPED :
	    HOP_COORDS_FRACTIONAL;

	/* The clock: times with a unit first, else steps x --timestep. */
	t->info.dt_fs = NAN;
	t->info.temperature_K = NAN;
	t->time = h5md_clock(t, "time", &t->time_scalar, &off, &inc,
	    &present, err);
	if (present && t->time < 0)
		return -1;
	if (t->time >= 0) {
		if (unit_of(t, t->time, "time", u, err) != 0)
			return -1;
		t->time_f = time_factor(u);
		if (t->time_f == 0 && u[0] != '\0') {
			hop_err_set(err, "%s: particles/%s/position/time: time "
			    "unit '%s' is not one h52bin knows (fs, ps, ns)",
			    t->name, t->group, u);
			return -1;
		}
		t->time0 = off;
		t->dtime = inc;
	}
	t->step = h5md_clock(t, "step", &t->step_scalar, &off, &inc,
	    &present, err);
	if (present && t->step < 0)
		return -1;
	if (t->step >= 0 && t->step_scalar) {
		t->step0 = (int64_t)off;
		t->dstep = (int64_t)inc;
	}
	if (t->time >= 0 && t->time_f > 0) {
		if (!t->time_scalar && first_two(t, t->time, "time", &t->time0,
		    &t->dtime, err) != 0)
			return -1;
		t->check = t->time_scalar ? 0 : 1;
		if (t->info.nframes > 1 || t->time_scalar)
			t->info.dt_fs = t->dtime * t->time_f;
		/* Times stored as float32 (MDAnalysis writes them so) hold
		 * 0.002 ps as 0.0020000000949949: the time per frame is given
		 * to float32's 7 significant digits. */
		if (is_float32(t->time) && isfinite(t->info.dt_fs)) {
			char b[32];

			snprintf(b, sizeof(b), "%.7g", t->info.dt_fs);
			t->info.dt_fs = strtod(b, NULL);
		}
		t->info.dt_from = "position/time";
	} else if (t->step >= 0 && !isnan(t->o.step_fs)) {
		t->check = t->step_scalar ? 0 : 2;
		if (t->info.nframes > 1 || t->step_scalar)
			t->info.dt_fs = (double)t->dstep * t->o.step_fs;
		t->info.dt_from = "position/step x --timestep";
	}
	if (t->step >= 0 && !t->step_scalar) {
		double s0, ds;

		if (first_two(t, t->step, "step", &s0, &ds, err) != 0)
			return -1;
		t->step0 = (int64_t)s0;
		t->dstep = (int64_t)ds;
		if (t->check == 2 && t->info.nframes > 1)
			t->info.dt_fs = (double)t->dstep * t->o.step_fs;
	}
	if (t->info.nframes > 1 && !isnan(t->info.dt_fs) &&
	    !(t->info.dt_fs > 0)) {
		hop_err_set(err, "%s: particles/%s/%s: the first two frames are "
		    "not in increasing order (give --dt FS)", t->name, t->group,
		    t->check == 2 ? "position/step" : "position/time");
		return -1;
	}
	if (!t->o.check_time)
		t->check = 0;
	return 0;
}

/* ---- both ---- */

/* Refuse what HDF5 cannot open, saying why.  0 or -1. */
static int
check_path(const char *path, struct hop_err *err)
{
	static const struct {
		const char *magic, *what;
		size_t len;
	} comp[] = {
		{"\x1f\x8b", "gzip", 2}, {"\xfd" "7zXZ", "xz", 5},
		{"BZh", "bzip2", 3}, {"\x28\xb5\x2f\xfd", "zstd", 4},
	};
	unsigned char head[8];
	struct stat st;
	size_t n, i;
	FILE *fp;

	if (strcmp(path, "-") == 0) {
		hop_err_set(err, "<stdin>: HDF5 files are read from a path, "
		    "not standard input (save it to a file)");
		return -1;
	}
	if (stat(path, &st) != 0) {
		hop_err_set(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		hop_err_set(err, "%s: not a regular file (HDF5 needs one it "
		    "can seek in; save a pipe to a file)", path);
		return -1;
	}
	if ((fp = fopen(path, "rb")) == NULL) {
		hop_err_set(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = fread(head, 1, sizeof(head), fp);
	if (hop_outfile_protect(fileno(fp), path, err) != 0) {
		fclose(fp);
		return -1;
	}
	fclose(fp);
	for (i = 0; i < sizeof(comp) / sizeof(comp[0]); i++)
		if (n >= comp[i].len && memcmp(head, comp[i].magic,
		    comp[i].len) == 0) {
			hop_err_set(err, "%s: %s-compressed: h52bin reads HDF5 "
			    "files uncompressed (decompress it first)", path,
			    comp[i].what);
			return -1;
		}
	return 0;
}

/* A new reader named name, its file not yet open; NULL when out of
 * memory. */
static struct hop_h5traj *
new_reader(const char *name, const struct hop_h5_opts *opts,
    struct hop_err *err)
{
	struct hop_h5traj *t;

	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    (t->name = strdup(name)) == NULL) {
		free(t);
		hop_err_set(err, "%s: out of memory", name);
		return NULL;
	}
	t->o = *opts;
	t->file = t->pos = t->cell = t->image = t->time = t->step = -1;
	return t;
}

static struct hop_h5traj *layout(struct hop_h5traj *t, struct hop_err *err);

struct hop_h5traj *
hop_h5traj_open(const char *path, const struct hop_h5_opts *opts,
    struct hop_err *err)
{
	struct hop_h5traj *t;
	htri_t is;

	H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
	if (check_path(path, err) != 0 ||
	    (t = new_reader(path, opts, err)) == NULL)
		return NULL;
	if ((is = H5Fis_hdf5(path)) <= 0) {
		if (is == 0)
			hop_err_set(err, "%s: not an HDF5 file", path);
		else
			h5_fail(t, err, "cannot read as HDF5");
		hop_h5traj_free(t);
		return NULL;
	}
	if ((t->file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT)) < 0) {
		h5_fail(t, err, "cannot open as HDF5 (truncated or damaged?)");
		hop_h5traj_free(t);
		return NULL;
	}
	return layout(t, err);
}

struct hop_h5traj *
hop_h5traj_open_memory(const void *buf, size_t len, const char *name,
    const struct hop_h5_opts *opts, struct hop_err *err)
{
	struct hop_h5traj *t;
	hid_t fapl;

	H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
	if ((t = new_reader(name, opts, err)) == NULL)
		return NULL;
	/* The core driver reads a copy of the bytes; nothing is written. */
	fapl = H5Pcreate(H5P_FILE_ACCESS);
	if (fapl < 0 || H5Pset_fapl_core(fapl, 1u << 16, 0) < 0 ||
	    H5Pset_file_image(fapl, (void *)(uintptr_t)buf, len) < 0 ||
	    (t->file = H5Fopen(name, H5F_ACC_RDONLY, fapl)) < 0)
		h5_fail(t, err, "cannot open as HDF5 (truncated or damaged?)");
	if (fapl >= 0)
		H5Pclose(fapl);
	if (t->file < 0) {
		hop_h5traj_free(t);
		return NULL;
	}
	return layout(t, err);
}

/* Tell the layout of t's open file and check it; t, or NULL (t freed)
 * with err set. */
static struct hop_h5traj *
layout(struct hop_h5traj *t, struct hop_err *err)
{
	const char *path = t->name;
	uint64_t fb;
	size_t n;

	if (kind_of(t->file, "h5md") == H5I_GROUP) {
		t->info.kind = HOP_H5_H5MD;
		if (h5md_open(t, err) != 0)
			goto fail;
	} else if (kind_of(t->file, "intermediate/ion_dynamics") ==
	    H5I_GROUP) {
		t->info.kind = HOP_H5_VASP;
		if (vasp_open(t, err) != 0)
			goto fail;
	} else {
		hop_err_set(err, "%s: neither H5MD (no group h5md) nor a VASP "
		    "vaspout.h5 with ionic steps (no group "
		    "intermediate/ion_dynamics)", path);
		goto fail;
	}
	if (t->info.nframes == 0) {
		hop_err_set(err, "%s: %s holds no frames", path, t->where);
		goto fail;
	}
	if (t->info.kind == HOP_H5_VASP) {
		/* XDATCAR order: atoms grouped by ion type. */
		uint32_t s, i, a = 0;

		if ((t->atom_species = malloc((size_t)t->info.natoms *
		    sizeof(uint32_t))) == NULL)
			goto nomem;
		for (s = 0; s < t->info.nspecies; s++)
			for (i = 0; i < t->sp[s].count; i++)
				t->atom_species[a++] = s;
	}
	t->info.species = t->sp;
	t->info.atom_species = t->atom_species;
	/* The buffers: a block of frames of each per-frame dataset. */
	fb = 3 * (uint64_t)t->info.natoms * sizeof(double);
	t->bcap = BLOCK_BYTES / fb ? BLOCK_BYTES / fb : 1;
	if (t->bcap > t->info.nframes)
		t->bcap = t->info.nframes;
	n = (size_t)t->bcap * 3 * t->info.natoms;
	if ((t->pbuf = malloc(n * sizeof(double))) == NULL ||
	    (t->out = malloc(3 * (size_t)t->info.natoms *
	    sizeof(double))) == NULL ||
	    (t->cell >= 0 && (t->cbuf = malloc((size_t)t->bcap * 9 *
	    sizeof(double))) == NULL) ||
	    (t->image >= 0 && (t->ibuf = malloc(n * sizeof(double))) ==
	    NULL) ||
	    (t->tbuf = malloc((size_t)t->bcap * sizeof(double))) == NULL ||
	    (t->sbuf = malloc((size_t)t->bcap * sizeof(int64_t))) == NULL)
		goto nomem;
	return t;
nomem:
	hop_err_set(err, "%s: out of memory for %u atoms", path,
	    t->info.natoms);
fail:
	hop_h5traj_free(t);
	return NULL;
}

const struct hop_h5_info *
hop_h5traj_info(const struct hop_h5traj *t)
{
	return &t->info;
}

/* The dimensions of ds (rank at most 4); its rank. */
static int
dims_of(hid_t ds, hsize_t d[4])
{
	hid_t sp = H5Dget_space(ds);
	int r = H5Sget_simple_extent_ndims(sp);

	H5Sget_simple_extent_dims(sp, d, NULL);
	H5Sclose(sp);
	return r;
}

/* Read the block of frames starting at f0.  0 or -1. */
static int
load(struct hop_h5traj *t, uint64_t f0, struct hop_err *err)
{
	uint64_t nf = t->info.nframes - f0;
	hsize_t d[4];
	int r;

	if (nf > t->bcap)
		nf = t->bcap;
	r = dims_of(t->pos, d);
	if (read_frames(t, t->pos, r, d, f0, nf, H5T_NATIVE_DOUBLE, t->pbuf,
	    t->where, err) != 0)
		return -1;
	if (t->cell >= 0) {
		r = dims_of(t->cell, d);
		if (read_frames(t, t->cell, r, d, f0, nf, H5T_NATIVE_DOUBLE,
		    t->cbuf, "the cells", err) != 0)
			return -1;
	}
	if (t->image >= 0) {
		r = dims_of(t->image, d);
		if (read_frames(t, t->image, r, d, f0, nf, H5T_NATIVE_DOUBLE,
		    t->ibuf, "the images", err) != 0)
			return -1;
	}
	if (t->time >= 0 && !t->time_scalar) {
		r = dims_of(t->time, d);
		if (read_frames(t, t->time, r, d, f0, nf, H5T_NATIVE_DOUBLE,
		    t->tbuf, "the times", err) != 0)
			return -1;
	}
	if (t->step >= 0 && !t->step_scalar) {
		r = dims_of(t->step, d);
		if (read_frames(t, t->step, r, d, f0, nf, H5T_NATIVE_INT64,
		    t->sbuf, "the steps", err) != 0)
			return -1;
	}
	t->b0 = f0;
	t->bn = nf;
	return 0;
}

/* The clock of frame f (at block index i): its step, and checks of the
 * spacing the time per frame came from.  0 or -1. */
static int
clock(struct hop_h5traj *t, uint64_t f, uint64_t i, int64_t *step,
    struct hop_err *err)
{
	*step = (int64_t)f;
	if (t->step >= 0)
		*step = t->step_scalar ? t->step0 + (int64_t)f * t->dstep :
		    t->sbuf[i];
	if (t->time >= 0 && !t->time_scalar && !isfinite(t->tbuf[i])) {
		hop_err_set(err, "%s: particles/%s/position/time: frame %llu: "
		    "not a finite number", t->name, t->group,
		    (unsigned long long)f);
		return -1;
	}
	if (f >= 1 && t->check == 1) {
		double want = t->time0 + (double)f * t->dtime;

		if (!(t->dtime > 0) || fabs(t->tbuf[i] - want) >
		    1e-4 * t->dtime) {
			hop_err_set(err, "%s: particles/%s/position/time: frame "
			    "%llu: time %.10g breaks the spacing of %.10g "
			    "between frames (give --dt FS to ignore the "
			    "times)", t->name, t->group, (unsigned long long)f,
			    t->tbuf[i], t->dtime);
			return -1;
		}
	}
	if (f >= 1 && t->check == 2 && (t->dstep <= 0 ||
	    *step != t->step0 + (int64_t)f * t->dstep)) {
		hop_err_set(err, "%s: particles/%s/position/step: frame %llu: "
		    "step %lld breaks the spacing of %lld between frames (give "
		    "--dt FS to ignore the steps)", t->name, t->group,
		    (unsigned long long)f, (long long)*step,
		    (long long)t->dstep);
		return -1;
	}
	return 0;
}

int
hop_h5traj_next(struct hop_h5traj *t, struct hop_h5_frame *fr,
    struct hop_err *err)
{
	uint64_t f = t->next, i;
	size_t n = 3 * (size_t)t->info.natoms, k;
	const double *p, *img = NULL;
	double inv[9];

	if (f >= t->info.nframes)
		return 0;
	if ((f < t->b0 || f >= t->b0 + t->bn || t->bn == 0) &&
	    load(t, f, err) != 0)
		return -1;
	i = f - t->b0;
	p = t->pbuf + i * n;
	if (t->cell < 0) {
		memcpy(t->cellv, t->fixed, sizeof(t->cellv));
	} else if (t->cell_rank == 2) {
		for (k = 0; k < 9; k++)
			t->cellv[k] = t->cbuf[i * 9 + k] * t->cell_f;
	} else {
		memset(t->cellv, 0, sizeof(t->cellv));
		for (k = 0; k < 3; k++)
			t->cellv[4 * k] = t->cbuf[i * 3 + k] * t->cell_f;
	}
	for (k = 0; k < 9; k++)
		if (!isfinite(t->cellv[k])) {
			hop_err_set(err, "%s: frame %llu: the cell is not finite",
			    t->name, (unsigned long long)f);
			return -1;
		}
	if (hop_cell_inverse(t->cellv, inv) != 0) {
		hop_err_set(err, "%s: frame %llu: the cell is singular",
		    t->name, (unsigned long long)f);
		return -1;
	}
	for (k = 0; k < n; k++)
		if (!isfinite(p[k])) {
			hop_err_set(err, "%s: %s: frame %llu, atom %zu: not a "
			    "finite number", t->name, t->where,
			    (unsigned long long)f, k / 3);
			return -1;
		}
	if (t->image >= 0)
		img = t->ibuf + i * n;
	if (clock(t, f, i, &fr->step, err) != 0)
		return -1;
	if (t->info.kind == HOP_H5_VASP) {
		fr->pos = p;
	} else if (img != NULL) {
		/* r + image . edges, in Angstrom. */
		for (k = 0; k < n; k += 3) {
			int c;

			for (c = 0; c < 3; c++)
				t->out[k + c] = p[k + c] * t->len_f +
				    img[k] * t->cellv[c] +
				    img[k + 1] * t->cellv[3 + c] +
				    img[k + 2] * t->cellv[6 + c];
		}
		fr->pos = t->out;
	} else {
		double r[3];

		for (k = 0; k < n; k += 3) {
			r[0] = p[k] * t->len_f;
			r[1] = p[k + 1] * t->len_f;
			r[2] = p[k + 2] * t->len_f;
			hop_cart_to_frac(r, inv, t->out + k);
		}
		fr->pos = t->out;
	}
	if (img != NULL)
		for (k = 0; k < n; k++)
			if (!isfinite(img[k])) {
				hop_err_set(err, "%s: particles/%s/image/value: "
				    "frame %llu, atom %zu: not a finite number",
				    t->name, t->group, (unsigned long long)f,
				    k / 3);
				return -1;
			}
	fr->ordinal = f;
	fr->cell = t->cellv;
	t->next++;
	return 1;
}

void
hop_h5traj_free(struct hop_h5traj *t)
{
	if (t == NULL)
		return;
	if (t->pos >= 0)
		H5Dclose(t->pos);
	if (t->cell >= 0)
		H5Dclose(t->cell);
	if (t->image >= 0)
		H5Dclose(t->image);
	if (t->time >= 0)
		H5Dclose(t->time);
	if (t->step >= 0)
		H5Dclose(t->step);
	if (t->file >= 0)
		H5Fclose(t->file);
	free(t->pbuf);
	free(t->cbuf);
	free(t->ibuf);
	free(t->tbuf);
	free(t->sbuf);
	free(t->out);
	free(t->sp);
	free(t->atom_species);
	free(t->name);
	free(t);
}
