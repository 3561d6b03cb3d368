/*
 * xyz2bin - convert an extended XYZ trajectory (as ASE writes it, with
 * a Lattice per frame) or a plain XYZ one (with --cell, or CP2K's
 * -pos-1.xyz with its cell file, --cell-file) into a hop
 * stream.  It streams: one frame in memory at a time (two at the start),
 * whatever the length of the run.
 *
 * common/extxyz.c parses the file; this file turns its Cartesian
 * positions into fractional ones (or declares them unwrapped), and
 * common/convert.c decides the header from the first two frames and
 * writes the selected ones.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "cli.h"
#include "convert.h"
#include "cp2kcell.h"
#include "extxyz.h"
#include "input.h"

static const char *prog = "xyz2bin";

enum { OPT_CELL = 256 };

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: xyz2bin [options] [FILE]\n"
	    "Convert an extended or plain XYZ trajectory (FILE, plain, "
	    "compressed or in an archive, or standard input) into a hop "
	    "stream on standard output.\n"
	    HOP_CONV_HELP_ATOMS
	    "      --cell=CELL        cell for every frame: 1, 3 or 9 numbers "
	    "in Angstrom (default: each frame's Lattice)\n"
	    "  -C, --cell-file=FILE   CP2K cell file (PROJECT-1.cell) giving "
	    "each frame's cell by the step i in its comment line (default: "
	    "none)\n"
	    "  -d, --dt=FS            time between frames in the file, in fs "
	    "(default: from the times with --cell-file, else none; "
	    "required)\n"
	    "  -e, --every=N          keep every Nth frame from --first on "
	    "(default: 1)\n"
	    "  -f, --first=N          first frame kept, counted from 0 "
	    "(default: 0)\n"
	    "  -h, --help             show this help and exit\n"
	    "  -l, --last=N           last frame kept, inclusive (default: "
	    "the file's last)\n"
	    "  -m, --member=NAME      archive member holding the trajectory "
	    "(default: the first named *xyz*)\n"
	    "  -q, --quiet            no warnings on standard error\n"
	    "  -s, --species=LIST     keep only these species, "
	    "comma-separated (default: all)\n"
	    "  -t, --temperature=K    temperature in K (default: unknown)\n"
	    "  -u, --unwrapped        positions are already unwrapped "
	    "(default: wrapped, made fractional)\n"
	    "  -v, --variable-cell    declare the cell variable (default: "
	    "variable when the first two frames' cells differ)\n"
	    "  -V, --version          show the version and exit\n");
	hop_cli_exit(prog, status);
}

/* What the converter's callback needs. */
struct ctx {
	struct hop_extxyz *x;
	const char *name;
	const double *cell;   /* --cell (given_cell), or NULL */
	double given_cell[9];
	struct hop_cp2kcell *cp2k; /* --cell-file, or NULL */
	const char *cp2k_name; /* --cell-file, or NULL */
	double cp2k_cell[9];  /* the frame's cell from it */
	int have_step;
	int64_t last_step;    /* the last frame's step */
	int unwrapped;
	uint32_t natoms;
	double *frac;         /* one frame made fractional */
	int pbc[3];           /* the first frame's pbc (convert.h's
	                         periodic) */
	int have_pbc;
	int told_cell;        /* --cell against a Lattice warned of */
};

/*
 * CP2K: the frame's step and time from its comment line, its cell (and
 * time, when the comment line has none) from the cell file's line of the
 * same step.  0 or -1.
 */
static int
cp2k_cell(struct ctx *c, const struct hop_xyz_frame *xf,
    struct hop_conv_frame *fr, struct hop_err *err)
{
	int64_t step;
	double t, tc;

	if (hop_cp2k_comment(xf->comment, &step, &t) != 0) {
		hop_err_set(err, "%s:%llu: no 'i = STEP' (and 'time = FS') in "
		    "the comment line, as CP2K writes it: '%.60s'", c->name,
		    (unsigned long long)xf->line + 1, xf->comment);
		return -1;
	}
	if (c->have_step && step <= c->last_step) {
		hop_err_set(err, "%s:%llu: step %lld does not follow step %lld "
		    "(steps must increase)", c->name,
		    (unsigned long long)xf->line + 1, (long long)step,
		    (long long)c->last_step);
		return -1;
	}
	c->have_step = 1;
	c->last_step = step;
	if (hop_cp2kcell_find(c->cp2k, step, c->cp2k_cell, &tc, err) != 1)
		return -1;
	if (!isnan(t) && !(fabs(t - tc) <= 1.0000001e-3)) {
		hop_err_set(err, "%s:%llu: step %lld is at time %.3f fs here "
		    "but %.3f fs in %s", c->name,
		    (unsigned long long)xf->line + 1, (long long)step, t, tc,
		    c->cp2k_name);
		return -1;
	}
	fr->step = step;
	fr->time_fs = isnan(t) ? tc : t;
	fr->cell = c->cp2k_cell;
	return 0;
}

/*
 * The parser's next frame, with its cell (--cell wins over Lattice) and
 * positions made fractional through that cell unless --unwrapped.
 */
static int
next_frame(void *arg, struct hop_conv_frame *fr, struct hop_err *err)
{
	struct ctx *c = arg;
	struct hop_xyz_frame xf;
	double inv[9];
	size_t i;
	int r = hop_extxyz_next(c->x, &xf, err);

	if (r != 1)
		return r;
	if (!c->have_pbc) {
		memcpy(c->pbc, xf.pbc, sizeof(c->pbc));
		c->have_pbc = 1;
	} else if (memcmp(c->pbc, xf.pbc, sizeof(c->pbc)) != 0) {
		hop_err_set(err, "%s:%llu: pbc differs from the first frame's",
		    c->name, (unsigned long long)xf.line + 1);
		return -1;
	}
	fr->line = xf.line;
	fr->step = 0;
	if (c->cell != NULL && xf.cell != NULL && !c->told_cell) {
		for (i = 0; i < 9 && fabs(c->cell[i] - xf.cell[i]) <= 1e-6 *
		    (fabs(xf.cell[i]) + 1); i++)
			;
		if (i < 9) {
			hop_warn("%s:%llu: --cell differs from the file's "
			    "Lattice; --cell is taken", c->name,
			    (unsigned long long)xf.line + 1);
			c->told_cell = 1;
		}
	}
	fr->cell = c->cell != NULL ? c->cell : xf.cell;
	fr->pos = xf.pos;
	if (c->cp2k != NULL && cp2k_cell(c, &xf, fr, err) != 0)
		return -1;
	if (fr->cell == NULL) {
		hop_err_set(err, "%s:%llu: no Lattice in the comment line "
		    "(give --cell)", c->name, (unsigned long long)xf.line + 1);
		return -1;
	}
	if (hop_cell_inverse(fr->cell, inv) != 0) {
		hop_err_set(err, "%s:%llu: the cell is singular", c->name,
		    (unsigned long long)xf.line + 1);
		return -1;
	}
	if (c->unwrapped)
		return 1;
	for (i = 0; i < 3 * (size_t)c->natoms; i += 3)
		hop_cart_to_frac(xf.pos + i, inv, c->frac + i);
	fr->pos = c->frac;
	return 1;
}

/* xyz2bin's own options, for hop_conv_getopt: ctx is the struct ctx
 * they set. */
static int
option(void *arg, int c, const char *val)
{
	struct ctx *ctx = arg;

	switch (c) {
	case OPT_CELL:
		if (hop_conv_parse_cell(val, ctx->given_cell) != 0)
			hop_usage_bad("cell", val, "1, 3 or 9 numbers "
			    "making a non-singular cell");
		ctx->cell = ctx->given_cell;
		return 1;
	case 'C':
		ctx->cp2k_name = val;
		return 1;
	case 'u':
		ctx->unwrapped = 1;
		return 1;
	default:
		return hop_cli_global(c);
	}
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		HOP_CONV_LONGOPTS,
		{"cell", required_argument, NULL, OPT_CELL},
		{"cell-file", required_argument, NULL, 'C'},
		{"unwrapped", no_argument, NULL, 'u'},
		{"variable-cell", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0},
	};
	struct hop_conv_opts o;
	struct hop_conv_src src;
	struct hop_conv_report rep;
	struct hop_err err;
	struct hop_input *in = NULL, *cin = NULL;
	const struct hop_xyz_info *info;
	struct ctx ctx;
	const char *path;
	int r, status = HOP_EXIT_DATA;

	memset(&ctx, 0, sizeof(ctx));
	hop_cli_init(prog, usage);
	hop_conv_opts_init(&o, prog, argc, argv);
	if ((r = hop_conv_getopt(&o, argc, argv, HOP_CONV_OPTSTR "C:uv",
	    longopts, option, &ctx, &err)) != 0)
		hop_usage_exit(&err, r == HOP_CONV_USAGE);
	if (ctx.cp2k_name != NULL && ctx.cell != NULL) {
		hop_error("--cell and --cell-file exclude each other");
		return HOP_EXIT_USAGE;
	}
	path = optind < argc ? argv[optind] : "-";
	setvbuf(stdout, NULL, _IOFBF, 1u << 20);

	if ((in = hop_input_open(path, o.member, "*xyz*", &err)) == NULL ||
	    (ctx.x = hop_extxyz_open(in, &err)) == NULL)
		goto fail;
	if (ctx.cp2k_name != NULL && ((cin = hop_input_open(ctx.cp2k_name,
	    NULL, "*.cell", &err)) == NULL ||
	    (ctx.cp2k = hop_cp2kcell_open(cin, &err)) == NULL))
		goto fail;
	info = hop_extxyz_info(ctx.x);
	ctx.name = hop_input_name(in);
	ctx.natoms = info->natoms;
	if (!ctx.unwrapped)
		ctx.frac = hop_xreallocarray(NULL, 3 * (size_t)info->natoms,
		    sizeof(double));
	memset(&src, 0, sizeof(src));
	src.name = ctx.name;
	src.title = ctx.name;
	src.natoms = info->natoms;
	src.nspecies = info->nspecies;
	src.species = info->species;
	src.atom_species = info->atom_species;
	src.coords = ctx.unwrapped ? HOP_COORDS_CARTESIAN_UNWRAPPED :
	    HOP_COORDS_FRACTIONAL;
	src.has_times = ctx.cp2k != NULL;
	/* Set from the first frame, before the converter checks it. */
	ctx.pbc[0] = ctx.pbc[1] = ctx.pbc[2] = 1;
	src.periodic = ctx.pbc;
	src.periodic_hint = "(pbc says F; give --unwrapped with unwrapped "
	    "positions)";
	src.next = next_frame;
	src.ctx = &ctx;
	if (hop_conv_run(&src, &o, stdout, &rep, &err) != 0)
		goto fail;
	hop_cli_conv_warn(in, &src, &rep);
	status = HOP_EXIT_OK;
fail:
	if (status != HOP_EXIT_OK)
		hop_error("%s", err.msg);
	hop_extxyz_free(ctx.x);
	hop_input_close(in);
	hop_cp2kcell_free(ctx.cp2k);
	hop_input_close(cin);
	free(ctx.frac);
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
