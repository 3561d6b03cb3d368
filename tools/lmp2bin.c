/*
 * lmp2bin - convert a LAMMPS text dump (dump custom or atom) into a hop
 * stream.  It streams: one frame in memory at a time (two at the start),
 * whatever the length of the run.
 *
 * common/lammps.c parses the dump and puts atoms in id order; common/
 * convert.c decides the header from the first two frames and writes the
 * selected ones.  This file maps atom types to species names.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "convert.h"
#include "input.h"
#include "lammps.h"

static const char *prog = "lmp2bin";

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: lmp2bin [options] [FILE]\n"
	    "Convert a LAMMPS text dump (FILE, plain, compressed or in an "
	    "archive, or standard input) into a hop stream on standard "
	    "output.\n"
	    HOP_CONV_HELP_ATOMS
	    "  -d, --dt=FS            time between frames in the file, in fs "
	    "(default: from --timestep)\n"
	    "  -D, --timestep=FS      MD time step in fs: the time between "
	    "frames is the TIMESTEP difference times FS (default: none)\n"
	    "  -e, --every=N          keep every Nth frame from --first on "
	    "(default: 1)\n"
	    "  -f, --first=N          first frame kept, counted from 0 "
	    "(default: 0)\n"
	    "  -h, --help             show this help and exit\n"
	    "  -l, --last=N           last frame kept, inclusive (default: "
	    "the file's last)\n"
	    "  -m, --member=NAME      archive member holding the dump "
	    "(default: the first file in the archive)\n"
	    "  -q, --quiet            no warnings on standard error\n"
	    "  -s, --species=LIST     keep only these species, "
	    "comma-separated (default: all)\n"
	    "  -t, --temperature=K    temperature in K (default: unknown)\n"
	    "  -n, --types=LIST       species names of atom types 1, 2, ..., "
	    "comma-separated (default: the element column, else the type "
	    "numbers)\n"
	    "  -v, --variable-cell    declare the cell variable (default: "
	    "variable when the first two frames' boxes differ)\n"
	    "  -V, --version          show the version and exit\n");
	hop_cli_exit(prog, status);
}

/* Hand the parser's frames to the converter. */
static int
next_frame(void *ctx, struct hop_conv_frame *fr, struct hop_err *err)
{
	struct hop_lmp_frame lf;
	int r = hop_lammps_next(ctx, &lf, err);

	if (r == 1) {
		fr->line = lf.line;
		fr->step = lf.step;
		fr->cell = lf.cell;
		fr->pos = lf.pos;
	}
	return r;
}

/*
 * The species table and each atom's species.  --types names the types
 * (*sp holds those names, one species per type).  Otherwise an element
 * column names them, types of one element making one species; otherwise
 * the species are "1", "2", ... up to the largest type present.  Types
 * without atoms become species without atoms, which the converter drops.
 * 0, or -1 with err set.
 */
static int
species_of_types(const struct hop_lmp_info *info, struct hop_species **sp,
    uint32_t *nsp, uint32_t **atom_species, struct hop_err *err)
{
	uint32_t i, t, s, *of_type;

	if ((of_type = calloc(info->ntypes, sizeof(uint32_t))) == NULL)
		goto nomem;
	if (*sp != NULL) {
		for (t = 0; t < info->ntypes; t++)
			of_type[t] = t;
	} else {
		if ((*sp = calloc(info->ntypes, sizeof(**sp))) == NULL)
			goto nomem;
		*nsp = 0;
		for (t = 0; t < info->ntypes; t++) {
			char num[16];
			const char *name = num;

			if (info->element != NULL) {
				if (info->element[t] == NULL)
					continue; /* no atoms of type t */
				name = info->element[t];
			} else {
				snprintf(num, sizeof(num), "%u", t + 1);
			}
			for (s = 0; s < *nsp; s++)
				if (strcmp((*sp)[s].name, name) == 0)
					break;
			if (s == *nsp)
				snprintf((*sp)[(*nsp)++].name,
				    sizeof((*sp)[0].name), "%s", name);
			of_type[t] = s;
		}
	}
	if ((*atom_species = malloc((size_t)info->natoms *
	    sizeof(uint32_t))) == NULL)
		goto nomem;
	/* The parser refused types above the names given. */
	for (i = 0; i < info->natoms; i++)
		(*atom_species)[i] = of_type[info->type[i] - 1];
	free(of_type);
	return 0;
nomem:
	free(of_type);
	hop_err_set(err, "out of memory for %u atoms", info->natoms);
	return -1;
}

/* lmp2bin's own options, for hop_conv_getopt: ctx is --types. */
static int
option(void *ctx, int c, const char *arg)
{
	if (hop_cli_global(c))
		return 1;
	if (c == 'n') {
		*(const char **)ctx = arg;
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		HOP_CONV_LONGOPTS,
		{"timestep", required_argument, NULL, 'D'},
		{"types", required_argument, NULL, 'n'},
		{"variable-cell", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0},
	};
	struct hop_conv_opts o;
	struct hop_conv_src src;
	struct hop_conv_report rep;
	struct hop_err err;
	struct hop_input *in = NULL;
	struct hop_lammps *l = NULL;
	const struct hop_lmp_info *info;
	struct hop_species *sp = NULL;
	uint32_t nsp = 0, *atom_species = NULL;
	const char *path, *types = NULL;
	int r, status = HOP_EXIT_DATA;

	hop_cli_init(prog, usage);
	hop_conv_opts_init(&o, prog, argc, argv);
	if ((r = hop_conv_getopt(&o, argc, argv, HOP_CONV_OPTSTR "D:n:v",
	    longopts, option, &types, &err)) != 0)
		hop_usage_exit(&err, r == HOP_CONV_USAGE);
	if (types != NULL &&
	    hop_conv_parse_names(types, &sp, &nsp, &err) != 0) {
		hop_error("--types '%.64s': %s", types, err.msg);
		return HOP_EXIT_USAGE;
	}
	path = optind < argc ? argv[optind] : "-";
	setvbuf(stdout, NULL, _IOFBF, 1u << 20);

	if ((in = hop_input_open(path, o.member, NULL, &err)) == NULL ||
	    (l = hop_lammps_open(in, sp != NULL ? nsp : HOP_LMP_MAX_TYPE,
	    &err)) == NULL)
		goto fail;
	info = hop_lammps_info(l);
	if (species_of_types(info, &sp, &nsp, &atom_species, &err) != 0)
		goto fail;
	memset(&src, 0, sizeof(src));
	src.name = hop_input_name(in);
	src.title = src.name;
	src.natoms = info->natoms;
	src.nspecies = nsp;
	src.species = sp;
	src.atom_species = atom_species;
	src.coords = info->coords;
	src.has_steps = 1;
	/* Fractional positions along a non-periodic axis (f, s or m) are
	 * taken as they are, and refused where unwrap would carry an atom
	 * across it; unwrapped positions need no check. */
	src.periodic = info->periodic;
	src.periodic_hint = "(its BOX BOUNDS flag is not pp; dump xu yu zu, "
	    "or x y z with ix iy iz, to convert such a run)";
	src.next = next_frame;
	src.ctx = l;
	if (hop_conv_run(&src, &o, stdout, &rep, &err) != 0)
		goto fail;
	hop_cli_conv_warn(in, &src, &rep);
	status = HOP_EXIT_OK;
fail:
	if (status != HOP_EXIT_OK)
		hop_error("%s", err.msg);
	hop_lammps_free(l);
	hop_input_close(in);
	free(sp);
	free(atom_species);
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
