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
#include "corr.h"
#include "input.h"
#include "numparse.h"
#include "quantity.h"
#include "stats.h"
#include "svg.h"

static const char *prog = "hopdesc";

#define DEFAULT_DESCRIPTORS "hop_rate_ps,length_A,duration_ps,wait_ps"
#define DEFAULT_TARGETS "D_self_cm2_s,sigma_S_cm"
#define LEVEL 0.95
#define MAX_COLUMNS 4096u  /* in a table, and named in a list */
#define MAX_ROWS 10000000u /* runs in a table */

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: hopdesc [options] [FILE]\n"
	    "Correlate hop descriptors with D and conductivity across runs "
	    "(a table with a row per run).\n"
	    "  -b, --bootstrap=N         resamples for the 95%% intervals, 0 "
	    "for none (default: 2000)\n"
	    "  -d, --descriptors=LIST    descriptor columns (default: "
	    DEFAULT_DESCRIPTORS ")\n"
	    "  -G, --group=COLUMN        the column that groups runs "
	    "(default: family)\n"
	    "  -h, --help                show this help and exit\n"
	    "  -l, --log                 correlate log10 of the targets "
	    "(default: off)\n"
	    "  -p, --plots=N             scatter plots of the N strongest "
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

/* A list of names: the command line's comma-separated columns, or a
 * table's header split at blanks. */

static void
names_add(struct hop_list *l, const char *s, size_t len)
{
	char *d;

	l->v = hop_xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	d = hop_xreallocarray(NULL, len + 1, 1);
	memcpy(d, s, len);
	d[len] = '\0';
	l->v[l->n++] = d;
}

/* Split s at any of the characters in seps; empty fields are skipped. */
static void
split(struct hop_list *l, const char *s, const char *seps)
{
	size_t k;

	while (*s != '\0') {
		s += strspn(s, seps);
		k = strcspn(s, seps);
		if (k > 0)
			names_add(l, s, k);
		s += k;
	}
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

/* One field as a number: "nan" (any case) is NaN, anything else must be
 * a whole finite number. */
static int
field_number(const char *s, double *v)
{
	const char *end = s + strlen(s), *p;

	if (strcmp(s, "nan") == 0 || strcmp(s, "NaN") == 0 ||
	    strcmp(s, "-nan") == 0 || strcmp(s, "NA") == 0) {
		*v = NAN;
		return 0;
	}
	p = hop_parse_double(s, end, v);
	return p == end && isfinite(*v) ? 0 : -1;
}

static void
read_table(const char *path, const struct opts *o, struct table *t)
{
	struct hop_input *in;
	struct hop_err err;
	struct hop_list head = {NULL, 0}, f = {NULL, 0};
	size_t ncols = o->desc.n + o->targ.n, len, i, cap = 0;
	size_t *col = hop_xreallocarray(NULL, ncols, sizeof(*col));
	int *ucol = hop_xreallocarray(NULL, o->targ.n, sizeof(*ucol));
	char *line, lno[32];
	int r, gcol = -1, have_head = 0, c;

	in = hop_input_open(path, NULL, NULL, &err);
	if (in == NULL)
		hop_die("%s", err.msg);
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	while ((r = hop_input_line(in, &line, &len, &err)) == 1) {
		line += strspn(line, " \t");
		if (*line == '\0' || *line == '#')
			continue;
		snprintf(lno, sizeof(lno), "%llu",
		    (unsigned long long)hop_input_lineno(in));
		if (!have_head) {
			split(&head, line, " \t");
			if (head.n > MAX_COLUMNS)
				hop_die("%s:%s: more than %u columns",
				    hop_input_name(in), lno, MAX_COLUMNS);
			for (i = 0; i < ncols; i++) {
				const char *name = i < o->desc.n ?
				    o->desc.v[i] : o->targ.v[i - o->desc.n];

				if ((c = hop_list_find(&head, name)) < 0)
					hop_die("%s:%s: no column '%s'",
					    hop_input_name(in), lno, name);
				col[i] = (size_t)c;
			}
			for (i = 0; i < o->targ.n; i++) {
				char uname[300];

				ucol[i] = -1;
				if (snprintf(uname, sizeof(uname), "d%s",
				    o->targ.v[i]) < (int)sizeof(uname))
					ucol[i] = hop_list_find(&head, uname);
			}
			gcol = hop_list_find(&head, o->group);
			if (gcol < 0)
				hop_die("%s:%s: no column '%s' to group "
				    "by (--group)", hop_input_name(in), lno,
				    o->group);
			have_head = 1;
			continue;
		}
		hop_list_free(&f);
		split(&f, line, " \t");
		if (f.n != head.n)
			hop_die("%s:%s: %zu fields, the header has %zu",
			    hop_input_name(in), lno, f.n, head.n);
		if (t->nrows == MAX_ROWS)
			hop_die("%s:%s: more than %u rows",
			    hop_input_name(in), lno, MAX_ROWS);
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
			if (field_number(f.v[col[i]],
			    &t->val[t->nrows * ncols + i]) != 0)
				hop_die("%s:%s: column '%.64s': '%.64s' is "
				    "not a number", hop_input_name(in), lno,
				    head.v[col[i]], f.v[col[i]]);
		for (i = 0; i < o->targ.n; i++) {
			double *u = &t->unc[t->nrows * o->targ.n + i];

			*u = NAN;
			if (ucol[i] >= 0 && field_number(f.v[ucol[i]], u) != 0)
				hop_die("%s:%s: column '%.64s': '%.64s' is "
				    "not a number", hop_input_name(in), lno,
				    head.v[ucol[i]], f.v[ucol[i]]);
		}
		if ((c = hop_list_find(&t->groups, f.v[gcol])) < 0) {
			names_add(&t->groups, f.v[gcol], strlen(f.v[gcol]));
			c = (int)t->groups.n - 1;
		}
		t->group[t->nrows++] = (size_t)c;
	}
	if (r < 0)
		hop_die("%s", err.msg);
	if (!have_head)
		hop_die("%s: no header line with column names",
		    hop_input_name(in));
	hop_input_close(in);
	hop_list_free(&head);
	hop_list_free(&f);
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
		{"bootstrap", required_argument, NULL, 'b'},
		{"descriptors", required_argument, NULL, 'd'},
		{"group", required_argument, NULL, 'G'},
		{"log", no_argument, NULL, 'l'},
		{"plots", required_argument, NULL, 'p'},
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
	split(&o.desc, DEFAULT_DESCRIPTORS, ",");
	split(&o.targ, DEFAULT_TARGETS, ",");
	while ((c = getopt_long(argc, argv, HOP_OPTSTR_GLOBAL
	    "b:d:g:G:lp:r:y:", longopts, NULL)) != -1) {
		if (hop_cli_global(c) || hop_cli_figure(&o.fig, c, optarg))
			continue;
		switch (c) {
		case 'b':
			if (hop_cli_u64(optarg, 0, 1000000, &o.nboot) != 0)
				hop_usage_bad("bootstrap", optarg, "an integer "
				    "from 0 to 1000000");
			break;
		case 'd':
			parse_list(&o.desc, optarg, "descriptors");
			break;
		case 'G':
			if (*optarg == '\0')
				hop_usage_bad("group", optarg, "a column name");
			o.group = optarg;
			break;
		case 'l':
			o.logt = 1;
			break;
		case 'p':
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
