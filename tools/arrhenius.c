/*
 * arrhenius - the activation energy of diffusion from tables of
 * diffusion coefficients at several temperatures: msd's --arrhenius
 * output, examples/database's summary.tsv, or any table with T_K and
 * D_self_cm2_s columns.  The method is common/arrhenius.h's: values not
 * resolved are kept as upper bounds and left out of the weighted fit of
 * ln D* (and of ln sigma T) against 1/T, which predicts D* and sigma at
 * --at with their 68 % intervals.  msd --arrhenius-table is the same
 * analysis.
 */
#include <getopt.h>
#include <stdlib.h>

#include "arrhenius.h"
#include "cli.h"

static const char *prog = "arrhenius";

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: arrhenius [options] [TABLE ...]\n"
	    "Fit ln D against 1/T over tables of diffusion coefficients "
	    "(msd's own, or summary.tsv).\n"
	    "      --at=K                the prediction's temperature "
	    "(default: 300)\n"
	    "  -h, --help                show this help and exit\n"
	    "  -J, --json=FILE           also write every number as JSON "
	    "(-: instead of the table)\n"
	    "      --material=NAME       the rows of one material (default: "
	    "all, which must be one)\n"
	    "  -q, --quiet               no warnings on standard error\n"
	    "  -g, --svg=FILE            plot ln D against 1/T to FILE "
	    "(default: none)\n"
	    "      --title=TEXT          the figure's title (default: what it "
	    "shows)\n"
	    "  -V, --version             show the version and exit\n"
	    "      --xlabel=TEXT         the figure's x axis label (default: "
	    "its quantity)\n"
	    "      --ylabel=TEXT         the figure's y axis label (default: "
	    "its quantity)\n");
	hop_cli_exit(prog, status);
}

/* A warning of the report: an upper bound left out of the fit. */
static void
note(const char *msg)
{
	hop_warn("%s", msg);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		HOP_LONGOPTS_GLOBAL,
		HOP_LONGOPTS_FIGURE,
		HOP_LONGOPT_JSON,
		HOP_LONGOPT_SVG,
		HOP_LONGOPTS_ARRHENIUS,
		{NULL, 0, NULL, 0}
	};
	static const char *const stdin_only[] = {"-"};
	struct hop_arr_report rep = {HOP_ARR_T_DEFAULT, NULL, NULL, NULL,
	    NULL, NULL, note};
	struct hop_cli_figure fig = {NULL, NULL, NULL};
	struct hop_cli_arrhenius arr = {HOP_ARR_T_DEFAULT, NULL};
	struct hop_arr_point *pt = NULL;
	struct hop_err err;
	size_t n = 0;
	int c, status = HOP_EXIT_OK;

	hop_cli_init(prog, usage);
	while ((c = getopt_long(argc, argv, HOP_OPTSTR_GLOBAL "g:J:",
	    longopts, NULL)) != -1) {
		if (hop_cli_global(c) || hop_cli_figure(&fig, c, optarg) ||
		    hop_cli_arrhenius(&arr, c, optarg))
			continue;
		switch (c) {
		case HOP_OPT_JSON:
			if (*optarg == '\0')
				hop_usage_bad("json", optarg, "a file name, or -");
			rep.json = optarg;
			break;
		case HOP_OPT_SVG:
			rep.svg = optarg;
			break;
		default:
			usage(stderr, HOP_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	rep.T = arr.at;
	rep.title = fig.title;
	rep.xlabel = fig.xlabel;
	rep.ylabel = fig.ylabel;
	if (hop_arr_read_tables(argc > 0 ? (const char *const *)argv :
	    stdin_only, argc > 0 ? (size_t)argc : 1, arr.material, &pt, &n,
	    &err) != 0 || hop_arr_report(pt, n, &rep, stdout, &err) != 0)
		status = hop_error("%s", err.msg);
	free(pt);
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
