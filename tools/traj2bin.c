/*
 * traj2bin - convert an ASE trajectory (.traj) into a hop stream.  It
 * streams: one frame in memory at a time (two at the start), whatever
 * the length of the run, reading each frame where the file's offset
 * table says it is.
 *
 * common/ulm.c reads the file; this file names species from atomic
 * numbers, turns Cartesian positions into fractional ones, and takes the
 * time per frame and the temperature from the file's MD description
 * unless the options give them; common/convert.c writes the stream.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cell.h"
#include "cli.h"
#include "convert.h"
#include "elements.h"
#include "ulm.h"

static const char *prog = "traj2bin";

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: traj2bin [options] [FILE]\n"
	    "Convert an ASE trajectory (FILE, a regular file, or standard "
	    "input redirected from one) into a hop stream on standard "
	    "output.\n"
	    HOP_CONV_HELP_ATOMS
	    "  -d, --dt=FS            time between frames in the file, in fs "
	    "(default: timestep x interval from the file's MD description)\n"
	    "  -e, --every=N          keep every Nth frame from --first on "
	    "(default: 1)\n"
	    "  -f, --first=N          first frame kept, counted from 0 "
	    "(default: 0)\n"
	    "  -h, --help             show this help and exit\n"
	    "  -l, --last=N           last frame kept, inclusive (default: "
	    "the file's last)\n"
	    "  -q, --quiet            no warnings on standard error\n"
	    "  -s, --species=LIST     keep only these species, "
	    "comma-separated (default: all)\n"
	    "  -t, --temperature=K    temperature in K (default: the MD "
	    "description's temperature_K, else unknown)\n"
	    "  -v, --variable-cell    declare the cell variable (default: "
	    "variable when the first two frames' cells differ)\n"
	    "  -V, --version          show the version and exit\n");
	hop_cli_exit(prog, status);
}

/* What the converter's callback needs. */
struct ctx {
	struct hop_ulm *u;
	const char *name;
	uint32_t natoms;
	double *frac;         /* one frame made fractional */
};

/* The reader's next frame, its positions made fractional. */
static int
next_frame(void *arg, struct hop_conv_frame *fr, struct hop_err *err)
{
	struct ctx *c = arg;
	struct hop_ulm_frame uf;
	double inv[9];
	size_t i;
	int r = hop_ulm_next(c->u, &uf, err);

	if (r != 1)
		return r;
	fr->line = uf.index;
	fr->step = 0;
	fr->cell = uf.cell;
	if (hop_cell_inverse(uf.cell, inv) != 0) {
		hop_err_set(err, "%s: frame %llu: the cell is singular (a "
		    "trajectory without a cell along every axis cannot be "
		    "converted)", c->name, (unsigned long long)uf.index);
		return -1;
	}
	for (i = 0; i < 3 * (size_t)c->natoms; i += 3)
		hop_cart_to_frac(uf.pos + i, inv, c->frac + i);
	fr->pos = c->frac;
	return 1;
}

/*
 * The species table, one species per element in order of first
 * appearance, and each atom's species.  The caller frees both.
 */
static void
species_of(const struct hop_ulm_info *info, struct hop_species **sp,
    uint32_t *nsp, uint32_t **atom_species)
{
	uint32_t i, s, n = 0;
	int index[HOP_MAX_Z + 1];

	for (i = 0; i <= HOP_MAX_Z; i++)
		index[i] = -1;
	*sp = hop_xreallocarray(NULL, HOP_MAX_Z, sizeof(**sp));
	*atom_species = hop_xreallocarray(NULL, info->natoms, sizeof(uint32_t));
	for (i = 0; i < info->natoms; i++) {
		int64_t z = info->numbers[i]; /* 1 .. HOP_MAX_Z: ulm.c checked */

		if (index[z] < 0) {
			index[z] = (int)n;
			memset(&(*sp)[n], 0, sizeof(**sp));
			snprintf((*sp)[n].name, sizeof((*sp)[n].name), "%s",
			    hop_element_symbol(z));
			n++;
		}
		s = (uint32_t)index[z];
		(*sp)[s].count++;
		(*atom_species)[i] = s;
	}
	*nsp = n;
}

/*
 * traj2bin's own options, for hop_conv_getopt (ctx unused): none but the
 * global ones, and no --member: a .traj is read by seeking, never from an
 * archive.
 */
static int
option(void *ctx, int c, const char *arg)
{
	(void)ctx;
	(void)arg;
	if (c == 'm')
		usage(stderr, HOP_EXIT_USAGE);
	return hop_cli_global(c);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		HOP_CONV_LONGOPTS,
		{"variable-cell", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0},
	};
	struct hop_conv_opts o;
	struct hop_conv_src src;
	struct hop_err err;
	const struct hop_ulm_info *info;
	struct hop_species *sp = NULL;
	uint32_t *atom_species = NULL, nsp;
	struct ctx ctx;
	const char *path;
	int r, fd = -1, status = HOP_EXIT_DATA;

	memset(&ctx, 0, sizeof(ctx));
	hop_cli_init(prog, usage);
	hop_conv_opts_init(&o, prog, argc, argv);
	if ((r = hop_conv_getopt(&o, argc, argv, HOP_CONV_OPTSTR "v", longopts,
	    option, NULL, &err)) != 0)
		hop_usage_exit(&err, r == HOP_CONV_USAGE);
	path = optind < argc ? argv[optind] : "-";
	ctx.name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	setvbuf(stdout, NULL, _IOFBF, 1u << 20);

	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
	} else if ((fd = open(path, O_RDONLY)) < 0) {
		hop_err_set(&err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if ((ctx.u = hop_ulm_open_fd(fd, ctx.name, &err)) == NULL)
		goto fail;
	info = hop_ulm_info(ctx.u);
	ctx.natoms = info->natoms;
	if (isnan(o.dt_fs)) {
		o.dt_fs = info->dt_fs;
	} else if (!isnan(info->dt_fs) &&
	    fabs(o.dt_fs - info->dt_fs) > 1e-9 * info->dt_fs) {
		hop_warn("%s: --dt %g fs replaces the file's %g fs (%s "
		    "timestep x interval)", ctx.name, o.dt_fs, info->dt_fs,
		    info->md_type ? info->md_type : "MD");
	}
	if (isnan(o.temperature_K))
		o.temperature_K = info->temperature_K;
	ctx.frac = hop_xreallocarray(NULL, 3 * (size_t)info->natoms,
	    sizeof(double));
	species_of(info, &sp, &nsp, &atom_species);
	memset(&src, 0, sizeof(src));
	src.name = ctx.name;
	src.title = ctx.name;
	src.natoms = info->natoms;
	src.nspecies = nsp;
	src.species = sp;
	src.atom_species = atom_species;
	src.coords = HOP_COORDS_FRACTIONAL;
	src.line_is_frame = 1;
	src.periodic = info->pbc;
	src.periodic_hint = "(pbc is false along it in the trajectory)";
	src.next = next_frame;
	src.ctx = &ctx;
	if (hop_conv_run(&src, &o, stdout, NULL, &err) != 0)
		goto fail;
	status = HOP_EXIT_OK;
fail:
	if (status != HOP_EXIT_OK)
		hop_error("%s", err.msg);
	hop_ulm_free(ctx.u);
	if (fd > STDIN_FILENO)
		close(fd);
	free(ctx.frac);
	free(sp);
	free(atom_species);
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
