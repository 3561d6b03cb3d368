/*
 * hopdesc - how hop descriptors correlate with diffusion across runs: the
 * paper's third question.  It reads a table with a row per run (the
 * summary.tsv of examples/database, or any table with named columns) and
 * prints, per group of runs (by default the family) and over all runs,
 * the Pearson and Spearman correlation of each descriptor column with
 * each target column, with two-sided p-values and bootstrap intervals;
 * --svg draws the strongest pairs as scatter plots, with error bars where
 * the table has a target's uncertainty (dD_self_cm2_s beside
 * D_self_cm2_s).
 */
#include <getopt.h>
#include <stdarg.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "corrstats.h"
#include "quantity.h"
#include "stats.h"
#include "svg.h"
#include "table.h"

static const char *prog = "hopdesc";

#define DEFAULT_DESCRIPTORS "hop_rate_ps,length_A,duration_ps,wait_ps"
#define DEFAULT_TARGETS "D_self_cm2_s,sigma_S_cm"
#define LEVEL 0.95
#define MAX_COLUMNS 4096u  /* in a table, and named in a list */
#define MAX_ROWS 10000000u /* runs in a table */

/* Long options without a letter. */
enum { OPT_BOOTSTRAP = 256, OPT_DESCRIPTORS, OPT_LOG, OPT_PLOTS };

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: hopdesc [options] [FILE]\n"
	    "Correlate hop descriptors with D and conductivity across runs "
	    "(a table with a row per run).\n"
	    "      --bootstrap=N         resamples for the 95%% intervals, 0 "
	    "for none (default: 2000)\n"
	    "      --descriptors=LIST    descriptor columns (default: "
	    DEFAULT_DESCRIPTORS ")\n"
	    "  -G, --group=COLUMN        the column that groups runs "
	    "(default: family)\n"
	    "  -h, --help                show this help and exit\n"
	    "      --log                 correlate log10 of the targets "
	    "(default: off)\n"
	    "      --plots=N             scatter plots of the N strongest "
	    "pairs (default: 4)\n"
	    "  -q, --quiet               no warnings on standard error\n"
	    "  -r, --seed=N              bootstrap seed (default: 1)\n"
	    "  -g, --svg=FILE            draw the scatter plots into FILE "
	    "(default: none)\n"
	    "  -y, --targets=LIST        target columns (default: "
	    DEFAULT_TARGETS ")\n"
	    "      --title=TEXT          the figure's title (default: what "
	    "it shows)\n"
	    "  -V, --version             show the version and exit\n"
	    "      --xlabel=TEXT         the x axis label, for one descriptor "
	    "(default: its unit)\n"
	    "      --ylabel=TEXT         the y axis label, for one target "
	    "(default: its unit)\n");
	hop_cli_exit(prog, status);
}

struct opts {
	uint64_t nboot, plots, seed;
	int logt;
	const char *group, *svg;
	struct hop_list desc, targ;
	struct hop_cli_figure fig;
};

/* The table, reduced to the columns asked for. */
struct table {
	size_t nrows;
	size_t *group;    /* each row's group, an index into groups */
	double *val;      /* nrows x ncols: descriptors, then targets */
	size_t ncols;
	struct hop_list groups;
	/* Each target's uncertainty, from the column named "d" and the
	 * target's name when the table has one (dD_self_cm2_s): nrows x
	 * targets, NaN without one. */
	double *unc;
};

/* The index of the column named name; -1 when absent and not need
 * (why ends the message when it is needed). */
static int
column(const struct hop_table *in, const char *name, int need,
    const char *why)
{
	struct hop_err err;
	int c = hop_table_col(in, name);

	if (c == -2)
		hop_table_err(in, &err, "column '%.64s' appears twice", name);
	else if (c == -1 && need)
		hop_table_err(in, &err, "no column '%.64s'%s", name, why);
	else
		return c;
	hop_die("%s", err.msg);
}

/* Field k of the current row as a number (table.h: NaN spelt as it
 * says), or hop_die. */
static double
number(const struct hop_table *in, size_t k)
{
	struct hop_err err;
	double v;

	if (hop_table_number(in, k, &v) == 0)
		return v;
	hop_table_err(in, &err, "column '%.64s': '%.64s' is not a number",
	    hop_table_colname(in, k), hop_table_field(in, k));
	hop_die("%s", err.msg);
}

/* The table at path (common/table.h reads it), reduced to the columns
 * asked for. */
static void
read_table(const char *path, const struct opts *o, struct table *t)
{
	struct hop_table *in;
	struct hop_err err;
	size_t ncols = o->desc.n + o->targ.n, i, cap = 0;
	size_t *col = hop_xreallocarray(NULL, ncols, sizeof(*col));
	int *ucol = hop_xreallocarray(NULL, o->targ.n, sizeof(*ucol));
	int r, gcol, c;

	if ((in = hop_table_open(path, NULL, &err)) == NULL)
		hop_die("%s", err.msg);
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	if (hop_table_ncols(in) > MAX_COLUMNS) {
		hop_table_err(in, &err, "more than %u columns", MAX_COLUMNS);
		hop_die("%s", err.msg);
	}
	for (i = 0; i < ncols; i++)
		col[i] = (size_t)column(in, i < o->desc.n ? o->desc.v[i] :
		    o->targ.v[i - o->desc.n], 1, "");
	for (i = 0; i < o->targ.n; i++) {
		char uname[300];

		ucol[i] = -1;
		if (snprintf(uname, sizeof(uname), "d%s", o->targ.v[i]) <
		    (int)sizeof(uname))
			ucol[i] = column(in, uname, 0, "");
	}
	gcol = column(in, o->group, 1, " to group by (--group)");
	while ((r = hop_table_next(in, &err)) == 1) {
		const char *g = hop_table_field(in, (size_t)gcol);

		if (g[0] == '\0') {
			hop_table_err(in, &err, "column '%.64s' (the group) "
			    "is empty", hop_table_colname(in, (size_t)gcol));
			hop_die("%s", err.msg);
		}
		if (t->nrows == MAX_ROWS) {
			hop_table_err(in, &err, "more than %u rows", MAX_ROWS);
			hop_die("%s", err.msg);
		}
		if (t->nrows == cap) {
			cap = cap ? 2 * cap : 64;
			t->group = hop_xreallocarray(t->group, cap,
			    sizeof(*t->group));
			t->val = hop_xreallocarray(t->val, cap,
			    ncols * sizeof(*t->val));
			t->unc = hop_xreallocarray(t->unc, cap,
			    o->targ.n * sizeof(*t->unc));
		}
		for (i = 0; i < ncols; i++)
			t->val[t->nrows * ncols + i] = number(in, col[i]);
		for (i = 0; i < o->targ.n; i++)
			t->unc[t->nrows * o->targ.n + i] = ucol[i] < 0 ? NAN :
			    number(in, (size_t)ucol[i]);
		if ((c = hop_list_find(&t->groups, g)) < 0) {
			if (hop_list_add(&t->groups, g) != 0)
				hop_die("out of memory");
			c = (int)t->groups.n - 1;
		}
		t->group[t->nrows++] = (size_t)c;
	}
	if (r < 0)
		hop_die("%s", err.msg);
	hop_table_close(in);
	free(col);
	free(ucol);
}

/* One descriptor against one target over one group. */
struct result {
	size_t group;  /* groups.n stands for all runs */
	size_t d, t;
	size_t n;
	double r, pr, rlo, rhi;
	double rho, prho, rholo, rhohi;
};

/* Collect the pairs of a group where both values exist (and, with --log,
 * the target is positive), the target as log10 with --log; with u, each
 * pair's target uncertainty too (NaN when unknown). */
static size_t
pairs(const struct table *tb, const struct opts *o, size_t g, size_t d,
    size_t t, double *x, double *y, double *u)
{
	size_t i, n = 0;

	for (i = 0; i < tb->nrows; i++) {
		double a = tb->val[i * tb->ncols + d];
		double b = tb->val[i * tb->ncols + o->desc.n + t];

		if (g < tb->groups.n && tb->group[i] != g)
			continue;
		if (isnan(a) || isnan(b) || (o->logt && !(b > 0)))
			continue;
		x[n] = a;
		if (u != NULL)
			u[n] = fabs(tb->unc[i * o->targ.n + t]);
		y[n++] = o->logt ? log10(b) : b;
	}
	return n;
}

static void
correlate(const struct table *tb, const struct opts *o, struct result *res,
    double *x, double *y, uint64_t seed)
{
	res->n = pairs(tb, o, res->group, res->d, res->t, x, y, NULL);
	res->r = res->pr = res->rlo = res->rhi = NAN;
	res->rho = res->prho = res->rholo = res->rhohi = NAN;
	/* Two points always lie on a line: no correlation below three. */
	if (res->n < 3)
		return;
	res->r = hop_pearson(x, y, res->n);
	res->pr = hop_corr_pvalue(res->r, res->n);
	if (hop_spearman(x, y, res->n, &res->rho) != 0)
		hop_die("out of memory");
	res->prho = hop_corr_pvalue(res->rho, res->n);
	if (hop_corr_bootstrap(x, y, res->n, 0, o->nboot, seed, LEVEL,
	    &res->rlo, &res->rhi, NULL) != 0 ||
	    hop_corr_bootstrap(x, y, res->n, 1, o->nboot, seed, LEVEL,
	    &res->rholo, &res->rhohi, NULL) != 0)
		hop_die("out of memory");
}

/* Numbers as %.6g, NaN as "nan" whatever its sign. */
static void
pnum(double v)
{
	if (isnan(v))
		printf("\tnan");
	else
		printf("\t%.6g", v);
}

static void
print_results(const struct table *tb, const struct opts *o,
    const struct result *res, size_t nres)
{
	size_t k;

	printf("group\tdescriptor\ttarget\tn\tpearson_r\tpearson_p\t"
	    "pearson_lo\tpearson_hi\tspearman_rho\tspearman_p\t"
	    "spearman_lo\tspearman_hi\n");
	for (k = 0; k < nres; k++) {
		const struct result *r = &res[k];

		printf("%s\t%s\t%s%s\t%zu", r->group < tb->groups.n ?
		    tb->groups.v[r->group] : "all", o->desc.v[r->d],
		    o->logt ? "log10_" : "", o->targ.v[r->t], r->n);
		pnum(r->r);
		pnum(r->pr);
		pnum(r->rlo);
		pnum(r->rhi);
		pnum(r->rho);
		pnum(r->prho);
		pnum(r->rholo);
		pnum(r->rhohi);
		putchar('\n');
	}
	printf("# p: two-sided, Student's t with n - 2 degrees of freedom; "
	    "lo, hi: %g%% bootstrap percentile interval over %llu "
	    "resamples of the runs (seed %llu)\n", 100 * LEVEL,
	    (unsigned long long)o->nboot, (unsigned long long)o->seed);
}

/* Strongest first: by |Spearman rho|, then |Pearson r|; undefined last. */
static int
cmp_strength(const void *a, const void *b)
{
	const struct result *x = *(const struct result *const *)a;
	const struct result *y = *(const struct result *const *)b;
	double sx = isnan(x->rho) ? -1 : fabs(x->rho);
	double sy = isnan(y->rho) ? -1 : fabs(y->rho);

	if (sx != sy)
		return sx > sy ? -1 : 1;
	sx = isnan(x->r) ? -1 : fabs(x->r);
	sy = isnan(y->r) ? -1 : fabs(y->r);
	if (sx != sy)
		return sx > sy ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* v with two decimals, a minus sign (U+2212) when negative. */
static void
signed2(char *buf, size_t len, double v)
{
	if (v < 0)
		snprintf(buf, len, "\xe2\x88\x92%.2f", -v);
	else
		snprintf(buf, len, "%.2f", v);
}

/*
 * Scatter plots of the strongest pairs over all runs, a colour and
 * marker per group; where the table gives the target's uncertainty, a
 * vertical error bar of plus and minus it on each point.
 */
static void
draw(const struct table *tb, const struct opts *o, const struct result *res,
    size_t nres, double *x, double *y)
{
	const struct result **all;
	struct hop_svg *s;
	struct hop_err err;
	size_t k, nall = 0, np, g;
	double *u, *lo, *hi;
	int cols, rows;

	all = hop_xreallocarray(NULL, nres, sizeof(*all));
	for (k = 0; k < nres; k++)
		if (res[k].group == tb->groups.n && res[k].n >= 3)
			all[nall++] = &res[k];
	qsort(all, nall, sizeof(*all), cmp_strength);
	np = nall < o->plots ? nall : (size_t)o->plots;
	cols = np < 2 ? 1 : 2;
	rows = np == 0 ? 1 : (int)((np + 1) / 2);
	s = hop_svg_new(rows, cols, 420, 320, hop_cli_figure_text(o->fig.title,
	    "Hop descriptors against diffusion, one point per run"));
	if (s == NULL)
		hop_die("out of memory");
	u = hop_xreallocarray(NULL, tb->nrows + 1, 3 * sizeof(*u));
	lo = u + tb->nrows + 1;
	hi = lo + tb->nrows + 1;
	for (k = 0; k < np; k++) {
		struct hop_svg_panel *p = hop_svg_panel(s, (int)(k / 2),
		    (int)(k % 2));
		const struct result *r = all[k];
		char title[200], rs[32], rhos[32];

		signed2(rs, sizeof(rs), r->r);
		signed2(rhos, sizeof(rhos), r->rho);
		snprintf(title, sizeof(title), "r = %s, \xcf\x81 = %s (n = %zu)",
		    rs, rhos, r->n);
		hop_svg_labels(p, title, hop_cli_figure_text(o->fig.xlabel,
		    hop_quantity_label(o->desc.v[r->d])),
		    hop_cli_figure_text(o->fig.ylabel,
		    hop_quantity_label(o->targ.v[r->t])));
		if (o->logt)
			hop_svg_log_y(p, 1);
		for (g = 0; g < tb->groups.n; g++) {
			struct hop_svg_style st = {0}, bs = {0};
			size_t n = pairs(tb, o, g, r->d, r->t, x, y, u), i;
			size_t nb = 0;

			if (o->logt)
				for (i = 0; i < n; i++)
					y[i] = pow(10, y[i]);
			st.colour = (int)(g % HOP_SVG_NCOLOURS);
			st.marker = (enum hop_marker)(g % HOP_MARK_NONE);
			st.size = 4;
			bs.colour = st.colour;
			bs.marker = HOP_MARK_NONE;
			bs.size = 3;
			/* The bars first, so that the markers lie on top;
			 * each bar at its own point (x stays in step). */
			for (i = 0; i < n; i++) {
				lo[i] = y[i] - u[i];
				hi[i] = isnan(u[i]) ? NAN : y[i] + u[i];
				nb += !isnan(u[i]);
			}
			if (nb > 0)
				hop_svg_errorbars(p, x, lo, hi, n, &bs, NULL);
			hop_svg_points(p, x, y, n, &st, tb->groups.v[g]);
		}
	}
	if (np == 0)
		hop_svg_labels(hop_svg_panel(s, 0, 0), "no pair with three "
		    "runs or more", NULL, NULL);
	if (hop_svg_write(s, o->svg, &err) != 0)
		hop_die("%s", err.msg);
	hop_svg_free(s);
	free(all);
	free(u);
}

static void
parse_list(struct hop_list *l, const char *arg, const char *opt)
{
	size_t i;

	static const char want[] = "1 to 4096 comma-separated column names "
	    "without blanks";

	hop_list_free(l);
	hop_cli_list(l, opt, arg, want);
	if (l->n > MAX_COLUMNS)
		hop_usage_bad(opt, arg, want);
	for (i = 0; i < l->n; i++)
		if (strpbrk(l->v[i], " \t") != NULL)
			hop_usage_bad(opt, arg, want);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		HOP_LONGOPTS_GLOBAL,
		HOP_LONGOPTS_FIGURE,
		HOP_LONGOPT_SEED,
		HOP_LONGOPT_SVG,
		{"bootstrap", required_argument, NULL, OPT_BOOTSTRAP},
		{"descriptors", required_argument, NULL, OPT_DESCRIPTORS},
		{"group", required_argument, NULL, 'G'},
		{"log", no_argument, NULL, OPT_LOG},
		{"plots", required_argument, NULL, OPT_PLOTS},
		{"targets", required_argument, NULL, 'y'},
		{NULL, 0, NULL, 0}
	};
	struct opts o = {2000, 4, 1, 0, "family", NULL, {NULL, 0},
	    {NULL, 0}, {NULL, NULL, NULL}};
	struct table tb;
	struct result *res;
	struct hop_err err;
	size_t nres, k, g, d, t;
	double *x, *y;
	int status = HOP_EXIT_OK;
	int c;

	hop_cli_init(prog, usage);
	parse_list(&o.desc, DEFAULT_DESCRIPTORS, "descriptors");
	parse_list(&o.targ, DEFAULT_TARGETS, "targets");
	while ((c = getopt_long(argc, argv, HOP_OPTSTR_GLOBAL
	    "g:G:r:y:", longopts, NULL)) != -1) {
		if (hop_cli_global(c) || hop_cli_figure(&o.fig, c, optarg))
			continue;
		switch (c) {
		case OPT_BOOTSTRAP:
			if (hop_cli_u64(optarg, 0, 1000000, &o.nboot) != 0)
				hop_usage_bad("bootstrap", optarg, "an integer "
				    "from 0 to 1000000");
			break;
		case OPT_DESCRIPTORS:
			parse_list(&o.desc, optarg, "descriptors");
			break;
		case 'G':
			if (*optarg == '\0')
				hop_usage_bad("group", optarg, "a column name");
			o.group = optarg;
			break;
		case OPT_LOG:
			o.logt = 1;
			break;
		case OPT_PLOTS:
			if (hop_cli_u64(optarg, 1, 64, &o.plots) != 0)
				hop_usage_bad("plots", optarg, "an integer from "
				    "1 to 64");
			break;
		case HOP_OPT_SEED:
			if (hop_cli_u64(optarg, 0, UINT64_MAX, &o.seed) != 0)
				hop_usage_bad("seed", optarg, "a non-negative "
				    "integer");
			break;
		case HOP_OPT_SVG:
			o.svg = optarg;
			break;
		case 'y':
			parse_list(&o.targ, optarg, "targets");
			break;
		default:
			usage(stderr, HOP_EXIT_USAGE);
		}
	}
	if (argc - optind > 1)
		hop_usage_error("one table at most");
	/* One label on panels of several quantities would mislabel all
	 * but one. */
	if (o.fig.xlabel != NULL && o.desc.n > 1 && o.plots > 1)
		hop_usage_error("--xlabel labels one descriptor: give one "
		    "--descriptors column, or --plots=1");
	if (o.fig.ylabel != NULL && o.targ.n > 1 && o.plots > 1)
		hop_usage_error("--ylabel labels one target: give one "
		    "--targets column, or --plots=1");
	read_table(argc > optind ? argv[optind] : "-", &o, &tb);

	/* Every group, then all runs (group index groups.n). */
	nres = (tb.groups.n + 1) * o.desc.n * o.targ.n;
	res = hop_xreallocarray(NULL, nres, sizeof(*res));
	x = hop_xreallocarray(NULL, tb.nrows + 1, sizeof(*x));
	y = hop_xreallocarray(NULL, tb.nrows + 1, sizeof(*y));
	k = 0;
	for (g = 0; g <= tb.groups.n; g++)
		for (d = 0; d < o.desc.n; d++)
			for (t = 0; t < o.targ.n; t++) {
				res[k].group = g;
				res[k].d = d;
				res[k].t = t;
				/* Each pair its own stream of resamples, so
				 * that a result does not depend on the
				 * others. */
				correlate(&tb, &o, &res[k], x, y, o.seed +
				    (uint64_t)(d * o.targ.n + t));
				k++;
			}
	/* The figure first: when it cannot be written, no table either. */
	if (o.svg != NULL)
		draw(&tb, &o, res, nres, x, y);
	print_results(&tb, &o, res, nres);
	free(res);
	free(x);
	free(y);
	free(tb.group);
	free(tb.val);
	free(tb.unc);
	hop_list_free(&tb.groups);
	hop_list_free(&o.desc);
	hop_list_free(&o.targ);
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
