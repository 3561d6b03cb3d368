/*
 * vasprun2bin - convert VASP's vasprun.xml into a hop stream, the same
 * stream xdat2bin writes for the same trajectory.  It streams: one ionic
 * step in memory at a time, whatever the length of the run.
 *
 * common/vasprun.c reads the file (species, POTIM, TEBEG, ISIF, each
 * calculation's structure) and says when it was cut; common/convert.c
 * selects and writes the steps, as for the other converters.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "convert.h"
#include "input.h"
#include "vasprun.h"

static const char *prog = "vasprun2bin";

enum { OPT_STRICT = 256 };

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: vasprun2bin [options] [FILE]\n"
	    "Convert a VASP vasprun.xml (FILE, plain, compressed or in an "
	    "archive, or standard input) into a hop stream on standard "
	    "output.\n"
	    HOP_CONV_HELP_ATOMS
	    "  -d, --dt=FS          time between ionic steps in the file, in "
	    "fs (default: POTIM, x ML_OUTBLOCK from VASP 6.4.3)\n"
	    "  -e, --every=N        keep every Nth ionic step from --first on "
	    "(default: 1)\n"
	    "  -f, --first=N        first ionic step kept, counted from 0 "
	    "(default: 0)\n"
	    "  -h, --help           show this help and exit\n"
	    "  -l, --last=N         last ionic step kept, inclusive "
	    "(default: the file's last)\n"
	    "  -m, --member=NAME    archive member holding the file "
	    "(default: the first named vasprun*)\n"
	    "  -q, --quiet          no warnings on standard error\n"
	    "  -s, --species=LIST   keep only these species, comma-separated "
	    "(default: all)\n"
	    "      --strict         a cut file is an error (default: convert "
	    "its complete steps, with a warning)\n"
	    "  -t, --temperature=K  temperature in K (default: TEBEG, else "
	    "unknown)\n"
	    "  -v, --variable-cell  declare the cell variable (default: when "
	    "ISIF >= 3 or the first two cells differ)\n"
	    "  -V, --version        show the version and exit\n");
	hop_cli_exit(prog, status);
}

/* What the converter's callback needs. */
struct ctx {
	struct hop_vasprun *v;
	int strict;
};

/* Hand the reader's ionic steps to the converter; at a cut, warn (or,
 * with --strict, fail). */
static int
next_frame(void *arg, struct hop_conv_frame *fr, struct hop_err *err)
{
	struct ctx *c = arg;
	struct hop_vasprun_frame vf;
	int r = hop_vasprun_next(c->v, &vf, err);

	if (r == 1) {
		fr->line = vf.line;
		fr->step = 0;
		fr->cell = vf.cell;
		fr->pos = vf.pos;
		return 1;
	}
	if (r == 0 && hop_vasprun_cut(c->v, err)) {
		if (c->strict) {
			size_t n = strlen(err->msg);

			snprintf(err->msg + n, sizeof(err->msg) - n,
			    " (--strict)");
			return -1;
		}
		hop_warn("%s; the complete ionic steps before it are "
		    "converted", err->msg);
	}
	return r;
}

/* The temperature: TEBEG when --temperature is not given (a negative one
 * is only a warning: the temperature is a label). */
static double
temperature(const struct hop_vasprun_info *info, double given)
{
	if (!isnan(given))
		return given;
	if (!isnan(info->tebeg) && info->tebeg < 0) {
		hop_warn("TEBEG = %g is negative; temperature unknown (give "
		    "--temperature K)", info->tebeg);
		return NAN;
	}
	return info->tebeg;
}

/* vasprun2bin's own options, for hop_conv_getopt: ctx is the struct ctx
 * --strict sets. */
static int
option(void *ctx, int c, const char *arg)
{
	(void)arg;
	if (c == OPT_STRICT) {
		((struct ctx *)ctx)->strict = 1;
		return 1;
	}
	return hop_cli_global(c);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		HOP_CONV_LONGOPTS,
		{"strict", no_argument, NULL, OPT_STRICT},
		{"variable-cell", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0},
	};
	struct hop_conv_opts o;
	struct hop_conv_src src;
	struct hop_err err;
	struct hop_input *in = NULL;
	const struct hop_vasprun_info *info;
	struct ctx ctx;
	const char *path;
	int r, status = HOP_EXIT_DATA;

	memset(&ctx, 0, sizeof(ctx));
	hop_cli_init(prog, usage);
	hop_conv_opts_init(&o, prog, argc, argv);
	if ((r = hop_conv_getopt(&o, argc, argv, HOP_CONV_OPTSTR "v", longopts,
	    option, &ctx, &err)) != 0)
		hop_usage_exit(&err, r == HOP_CONV_USAGE);
	path = optind < argc ? argv[optind] : "-";
	setvbuf(stdout, NULL, _IOFBF, 1u << 20);

	if ((in = hop_input_open(path, o.member, "vasprun*", &err)) == NULL ||
	    (ctx.v = hop_vasprun_open(in, &err)) == NULL)
		goto fail;
	info = hop_vasprun_info(ctx.v);
	if (isnan(o.dt_fs) && hop_vasprun_dt(ctx.v, &o.dt_fs, &err) != 0)
		goto fail;
	o.temperature_K = temperature(info, o.temperature_K);
	/* As XDATCAR repeats its header from ISIF = 3 on (xdat2bin). */
	if (info->isif >= 3)
		o.variable_cell = 1;
	memset(&src, 0, sizeof(src));
	src.name = hop_input_name(in);
	src.title = info->title;
	src.natoms = info->natoms;
	src.nspecies = info->nspecies;
	src.species = info->species;
	src.atom_species = info->atom_species;
	src.coords = HOP_COORDS_FRACTIONAL;
	src.frame_word = "ionic step";
	src.input_word = "file";
	src.next = next_frame;
	src.ctx = &ctx;
	if (hop_conv_run(&src, &o, stdout, NULL, &err) != 0)
		goto fail;
	status = HOP_EXIT_OK;
fail:
	if (status != HOP_EXIT_OK)
		hop_error("%s", err.msg);
	hop_vasprun_free(ctx.v);
	hop_input_close(in);
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
