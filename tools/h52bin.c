/*
 * h52bin - convert an HDF5 trajectory, VASP 6's vaspout.h5 or an H5MD
 * file (LAMMPS dump h5md, MDAnalysis, GROMACS plugins), into a hop
 * stream: the same stream xdat2bin writes for the same trajectory.  It
 * streams: a block of frames of a few MB in memory, whatever the length
 * of the run.
 *
 * common/h5traj.c reads the file through the HDF5 library and tells the
 * two layouts apart; common/convert.c decides the header from the first
 * two frames and writes the selected ones, as for the other converters.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "convert.h"
#include "h5traj.h"

static const char *prog = "h52bin";

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: h52bin [options] FILE\n"
	    "Convert a VASP vaspout.h5 or an H5MD trajectory (FILE, an "
	    "uncompressed HDF5 file) into a hop stream on standard output.\n"
	    HOP_CONV_HELP_ATOMS
	    "  -d, --dt=FS            time between frames in the file, in fs "
	    "(default: POTIM x ML_OUTBLOCK, or the H5MD position/time)\n"
	    "  -D, --timestep=FS      H5MD without times: the MD time step; "
	    "the time between frames is the position/step difference times "
	    "FS (default: none)\n"
	    "  -e, --every=N          keep every Nth frame from --first on "
	    "(default: 1)\n"
	    "  -f, --first=N          first frame kept, counted from 0 "
	    "(default: 0)\n"
	    "  -h, --help             show this help and exit\n"
	    "  -l, --last=N           last frame kept, inclusive (default: "
	    "the file's last)\n"
	    "  -L, --length-unit=U    H5MD lengths without a unit attribute "
	    "are in U: nm, pm or A (default: refused)\n"
	    "  -P, --particles=GROUP  H5MD particles group to read (default: "
	    "the only one)\n"
	    "  -q, --quiet            no warnings on standard error\n"
	    "  -s, --species=LIST     keep only these species, "
	    "comma-separated (default: all)\n"
	    "  -t, --temperature=K    temperature in K (default: TEBEG, else "
	    "unknown)\n"
	    "  -n, --types=LIST       species names, comma-separated: one per "
	    "VASP ion type, or per distinct H5MD species value in increasing "
	    "order (default: ion_types; the H5MD values)\n"
	    "  -v, --variable-cell    declare the cell variable (default: "
	    "variable when the first two frames' cells differ)\n"
	    "  -V, --version          show the version and exit\n"
	    "  -Z, --atomic-numbers   H5MD species values are atomic numbers: "
	    "name species by element (default: the values)\n");
	hop_cli_exit(prog, status);
}

/* Hand the reader's frames to the converter. */
static int
next_frame(void *ctx, struct hop_conv_frame *fr, struct hop_err *err)
{
	struct hop_h5_frame hf;
	int r = hop_h5traj_next(ctx, &hf, err);

	if (r == 1) {
		fr->line = hf.ordinal;
		fr->step = hf.step;
		fr->cell = hf.cell;
		fr->pos = hf.pos;
	}
	return r;
}

/* Angstrom per unit of --length-unit, or 0. */
static double
length_unit(const char *u)
{
	if (strcmp(u, "nm") == 0)
		return 10;
	if (strcmp(u, "pm") == 0)
		return 0.01;
	if (strcmp(u, "A") == 0 || strcmp(u, "Angstrom") == 0)
		return 1;
	return 0;
}

/*
 * The time per frame when --dt does not give it: the file's, else an
 * error saying what is missing.  0 or -1.
 */
static int
frame_time(const struct hop_h5_info *info, const char *name,
    struct hop_conv_opts *o, struct hop_err *err)
{
	if (!isnan(o->dt_fs))
		return 0;
	if (!isnan(info->dt_fs)) {
		o->dt_fs = info->dt_fs;
		if (info->kind == HOP_H5_VASP && info->nblock > 1)
			hop_warn("%s: NBLOCK = %llu thins XDATCAR only: "
			    "vaspout.h5 keeps every ionic step, so frames are "
			    "%g fs apart (%s); give --dt FS if not", name,
			    (unsigned long long)info->nblock, info->dt_fs,
			    info->dt_from);
		return 0;
	}
	if (info->kind == HOP_H5_VASP)
		hop_err_set(err, "%s: no input/incar/POTIM: the time per frame "
		    "is unknown (give --dt FS)", name);
	else if (info->nframes == 1)
		hop_err_set(err, "%s: one frame only: no time difference to "
		    "take the time per frame from (give --dt FS)", name);
	else
		hop_err_set(err, "%s: particles/%s/position has no time with "
		    "a unit: the time per frame is unknown (give --dt FS, or "
		    "--timestep FS to use position/step)", name, info->group);
	return -1;
}

/* What h52bin's own options set, for option(). */
struct own {
	struct hop_h5_opts *ho;
	const char *types;    /* --types, or NULL */
};

/* h52bin's own options, for hop_conv_getopt: ctx is a struct own. */
static int
option(void *ctx, int c, const char *arg)
{
	struct own *own = ctx;

	switch (c) {
	case 'L':
		if ((own->ho->length_A = length_unit(arg)) == 0)
			hop_usage_bad("length-unit", arg, "nm, pm or A");
		return 1;
	case 'n':
		own->types = arg;
		return 1;
	case 'P':
		if (*arg == '\0' || strchr(arg, '/') != NULL)
			hop_usage_bad("particles", arg,
			    "the name of a group under particles/");
		own->ho->group = arg;
		return 1;
	case 'Z':
		own->ho->atomic_numbers = 1;
		return 1;
	default:
		return hop_cli_global(c);
	}
}

int
main(int argc, char **argv)
{
	/* The converters' options (convert.h) but --member: an HDF5 file
	 * is not an archive. */
	static const struct option longopts[] = {
		HOP_LONGOPTS_GLOBAL,
		HOP_LONGOPT_SPECIES,
		HOP_LONGOPT_TEMPERATURE,
		HOP_LONGOPT_ATOMS,
		{"atomic-numbers", no_argument, NULL, 'Z'},
		{"dt", required_argument, NULL, 'd'},
		{"every", required_argument, NULL, 'e'},
		{"first", required_argument, NULL, 'f'},
		{"last", required_argument, NULL, 'l'},
		{"length-unit", required_argument, NULL, 'L'},
		{"particles", required_argument, NULL, 'P'},
		{"timestep", required_argument, NULL, 'D'},
		{"types", required_argument, NULL, 'n'},
		{"variable-cell", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0},
	};
	struct hop_conv_opts o;
	struct hop_conv_src src;
	struct hop_conv_report rep;
	struct hop_h5_opts ho;
	struct hop_err err;
	struct hop_h5traj *t = NULL;
	const struct hop_h5_info *info;
	struct hop_species *names = NULL;
	struct own own;
	const char *types;
	int r, status = HOP_EXIT_DATA;

	hop_cli_init(prog, usage);
	hop_conv_opts_init(&o, prog, argc, argv);
	memset(&ho, 0, sizeof(ho));
	ho.length_A = NAN;
	o.need_path = "HDF5 files are read from a path";
	own.ho = &ho;
	own.types = NULL;
	if ((r = hop_conv_getopt(&o, argc, argv, HOP_OPTSTR_GLOBAL
	    "D:d:e:f:L:l:n:P:s:t:vZ", longopts, option, &own, &err)) != 0)
		hop_usage_exit(&err, r == HOP_CONV_USAGE);
	types = own.types;
	if (types != NULL &&
	    hop_conv_parse_names(types, &names, &ho.nnames, &err) != 0) {
		hop_error("--types '%.64s': %s", types, err.msg);
		return HOP_EXIT_USAGE;
	}
	if (types != NULL && ho.atomic_numbers) {
		hop_error("--types and --atomic-numbers both name the species: "
		    "give one");
		free(names);
		return HOP_EXIT_USAGE;
	}
	ho.names = names;
	ho.step_fs = o.step_fs;
	ho.check_time = isnan(o.dt_fs);
	setvbuf(stdout, NULL, _IOFBF, 1u << 20);

	if ((t = hop_h5traj_open(argv[optind], &ho, &err)) == NULL)
		goto fail;
	info = hop_h5traj_info(t);
	if (frame_time(info, argv[optind], &o, &err) != 0)
		goto fail;
	if (isnan(o.temperature_K))
		o.temperature_K = info->temperature_K;
	memset(&src, 0, sizeof(src));
	src.name = argv[optind];
	src.title = argv[optind];
	src.natoms = info->natoms;
	src.nspecies = info->nspecies;
	src.species = info->species;
	src.atom_species = info->atom_species;
	src.coords = info->coords;
	src.next = next_frame;
	src.ctx = t;
	if (hop_conv_run(&src, &o, stdout, &rep, &err) != 0)
		goto fail;
	hop_cli_conv_warn(NULL, &src, &rep);
	status = HOP_EXIT_OK;
fail:
	if (status != HOP_EXIT_OK)
		hop_error("%s", err.msg);
	hop_h5traj_free(t);
	free(names);
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
