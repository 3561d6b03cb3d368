/*
 * hophist - descriptors of hops: their length, duration, the waiting time
 * before an ion's first hop, the residence time between an ion's hops and
 * the number of hops per ion, as histograms or summaries per group of runs
 * (the mobile species' family, the temperature, the run or a label of the
 * user's), always beside "All"; IonDiff's per-run descriptor summary as
 * JSON; violins per group as an SVG figure.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "hops.h"
#include "json.h"
#include "outfile.h"
#include "quantity.h"
#include "species.h"
#include "stats.h"
#include "svg.h"

static const char *prog = "hophist";

/* Long options without a letter. */
enum { OPT_BINS = 256, OPT_SUMMARY };

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: hophist [options] [FILE ...]\n"
	    "Histograms or summaries of hop lengths, durations, waiting "
	    "and residence times, hops per ion.\n"
	    "      --bins=N         histogram bins (default: "
	    "Freedman-Diaconis)\n"
	    "  -B, --by=KEY         groups: family, temperature, run or label "
	    "(default: family)\n"
	    "  -h, --help           show this help and exit\n"
	    "  -J, --json=FILE      also write IonDiff's per-run descriptors, "
	    "'-' for standard\n"
	    "                       output instead of the table (default: "
	    "none)\n"
	    "  -Q, --quantity=LIST  length,site_dist,duration,wait,residence,"
	    "hops (default: all)\n"
	    "  -q, --quiet          no warnings on standard error\n"
	    "      --summary        count min max mean median std instead of "
	    "histograms\n"
	    "  -g, --svg=FILE       draw violins per group into FILE "
	    "(default: none)\n"
	    "      --title=TEXT     the figure's title (default: what it "
	    "shows)\n"
	    "  -V, --version        show the version and exit\n"
	    "      --xlabel=TEXT    the groups' axis label (default: none)\n"
	    "      --ylabel=TEXT    the y axis label, with one --quantity "
	    "(default: its unit)\n");
	hop_cli_exit(prog, status);
}

/* length is IonDiff's (positions at the hop's first and last frame),
 * site_dist the distance between the centres of the sites joined. */
enum quantity {
	Q_LENGTH, Q_SITE_DIST, Q_DURATION, Q_WAIT, Q_RESIDENCE, Q_HOPS, NQ
};

static const char *const qname[NQ] = {
	"length", "site_dist", "duration", "wait", "residence", "hops"
};
/* As printed: with units. */
static const char *const qcol[NQ] = {
	"length_A", "site_dist_A", "duration_ps", "wait_ps", "residence_ps",
	"hops_per_ion"
};
/* What a panel shows, as its title (the axis label, from qcol, says
 * the quantity and its unit). */
static const char *const qtitle[NQ] = {
	"Hop lengths", "Distances between the sites joined", "Hop durations",
	"Waiting times before an ion's first hop",
	"Residence times between an ion's hops", "Hops per ion"
};

enum by { BY_FAMILY, BY_TEMPERATURE, BY_RUN, BY_LABEL };
/* "... by family": the groups, in the figure's title. */
static const char *const by_title[] = {
	"by family", "by temperature", "by run", "by group"
};

/* The values of every quantity for one group of runs. */
struct group {
	char *name;
	double *v[NQ];
	size_t n[NQ], cap[NQ];
};

struct groups {
	struct group *g;
	size_t n;
	size_t nhops;    /* over every run */
};

/* A new group at the end of the list. */
static struct group *
group_append(struct groups *gs, const char *name)
{
	struct group *g;

	gs->g = hop_xreallocarray(gs->g, gs->n + 1, sizeof(*g));
	g = &gs->g[gs->n++];
	memset(g, 0, sizeof(*g));
	g->name = hop_xstrdup(name);
	return g;
}

/* The group of that name, made when new. */
static struct group *
group_get(struct groups *gs, const char *name)
{
	size_t i;

	for (i = 0; i < gs->n; i++)
		if (strcmp(gs->g[i].name, name) == 0)
			return &gs->g[i];
	return group_append(gs, name);
}

static void
push(struct group *g, enum quantity q, double v)
{
	if (g->n[q] == g->cap[q]) {
		size_t ncap = g->cap[q] ? 2 * g->cap[q] : 64;
		g->v[q] = hop_xreallocarray(g->v[q], ncap, sizeof(double));
		g->cap[q] = ncap;
	}
	g->v[q][g->n[q]++] = v;
}

/* A value goes to the run's group and to "All". */
static void
push2(struct group *g, struct group *all, enum quantity q, double v)
{
	push(g, q, v);
	push(all, q, v);
}

/* --quantity "length,hops" into want[]; a usage error if it is not. */
static void
parse_quantities(const char *arg, int *want)
{
	static const char known[] = "a comma-separated list of length, "
	    "site_dist, duration, wait, residence, hops";
	struct hop_list l;
	size_t i;
	int q;

	hop_cli_list(&l, "quantity", arg, known);
	for (i = 0; i < l.n; i++) {
		for (q = 0; q < NQ && strcmp(qname[q], l.v[i]) != 0; q++)
			;
		if (q == NQ)
			hop_usage_bad("quantity", arg, known);
		want[q] = 1;
	}
	hop_list_free(&l);
}

static int
cmp_hop(const void *pa, const void *pb)
{
	const struct hop_event *a = *(const struct hop_event *const *)pa;
	const struct hop_event *b = *(const struct hop_event *const *)pb;

	if (a->slot != b->slot)
		return a->slot < b->slot ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (a->end > b->end) - (a->end < b->end);
}

/* IonDiff's descriptors of one run: min, max and mean of the waiting
 * times and of the durations. */
struct desc {
	struct hop_summary wait, dur;
};

/*
 * Add one run's values to its group and to "All".  Waiting and residence
 * times need the hops of each ion in time order.
 */
static void
add_run(const struct hop_run *run, const int *want, struct group *g,
    struct group *all, struct desc *d)
{
	const struct hop_header *h = &run->h;
	const struct hop_event **hp;
	double ps = h->dt_fs / 1000.0, *wait, *dur;
	size_t i, nwait = 0;

	hp = malloc((run->nhops ? run->nhops : 1) * sizeof(*hp));
	wait = malloc((run->nhops ? run->nhops : 1) * sizeof(double));
	dur = malloc((run->nhops ? run->nhops : 1) * sizeof(double));
	if (hp == NULL || wait == NULL || dur == NULL)
		hop_die("out of memory");
	for (i = 0; i < run->nhops; i++)
		hp[i] = &run->hops[i];
	qsort(hp, run->nhops, sizeof(*hp), cmp_hop);
	for (i = 0; i < run->nhops; i++) {
		const struct hop_event *a = hp[i];
		int first = i == 0 || hp[i - 1]->slot != a->slot;

		dur[i] = hop_duration_ps(h, a);
		if (want[Q_LENGTH])
			push2(g, all, Q_LENGTH, hop_length(a));
		if (want[Q_SITE_DIST])
			push2(g, all, Q_SITE_DIST, hop_site_dist(a));
		if (want[Q_DURATION])
			push2(g, all, Q_DURATION, dur[i]);
		if (first)
			wait[nwait++] = (double)a->start * ps;
		if (first && want[Q_WAIT])
			push2(g, all, Q_WAIT, (double)a->start * ps);
		/* Signed: negative when a hop finder's hops of one ion
		 * overlap, which is better seen than hidden. */
		if (!first && want[Q_RESIDENCE])
			push2(g, all, Q_RESIDENCE, ((double)a->start -
			    (double)hp[i - 1]->end) * ps);
	}
	if (want[Q_HOPS])
		for (i = 0; i < run->natoms; i++)
			push2(g, all, Q_HOPS, (double)run->atoms[i].nhops);
	hop_summary(wait, nwait, &d->wait);
	hop_summary(dur, run->nhops, &d->dur);
	free(hp);
	free(wait);
	free(dur);
}

/* --- output --- */

/* Histogram edges for quantity q from All's sorted values. */
static size_t
bins_for(const double *sorted, size_t n, enum quantity q, uint64_t nbins,
    double *lo, double *width)
{
	size_t nb;

	*lo = sorted[0];
	if (nbins == 0 && q == Q_HOPS && sorted[n - 1] - sorted[0] < 1000) {
		/* Counts: one bin per whole number. */
		*lo = sorted[0] - 0.5;
		*width = 1;
		return (size_t)(sorted[n - 1] - sorted[0]) + 1;
	}
	nb = nbins > 0 ? (size_t)nbins : hop_fd_bins(sorted, n, 1000);
	*width = (sorted[n - 1] - sorted[0]) / (double)nb;
	if (!(*width > 0)) {
		/* All values equal: one bin of width 1 around them. */
		*lo = sorted[0] - 0.5;
		*width = 1;
		return nbins > 0 ? (size_t)nbins : 1;
	}
	return nb;
}

static void
print_hist(struct groups *gs, const int *want, uint64_t nbins)
{
	struct group *all = &gs->g[gs->n - 1];
	int q;

	printf("group\tquantity\tbin_low\tbin_high\tcount\tdensity\n");
	for (q = 0; q < NQ; q++) {
		uint64_t *count;
		double lo, width;
		size_t nb, i, k;

		struct hop_summary sm;

		if (!want[q] || all->n[q] == 0)
			continue;
		hop_summary(all->v[q], all->n[q], &sm); /* sorts them */
		nb = bins_for(all->v[q], all->n[q], q, nbins, &lo, &width);
		if ((count = malloc(nb * sizeof(*count))) == NULL)
			hop_die("out of memory");
		for (i = 0; i < gs->n; i++) {
			struct group *g = &gs->g[i];

			memset(count, 0, nb * sizeof(*count));
			for (k = 0; k < g->n[q]; k++) {
				double f = floor((g->v[q][k] - lo) / width);
				size_t b = f < 0 ? 0 : f >= (double)nb ?
				    nb - 1 : (size_t)f;

				count[b]++;
			}
			for (k = 0; k < nb; k++)
				printf("%s\t%s\t%.6g\t%.6g\t%llu\t%.6g\n",
				    g->name, qcol[q], lo + (double)k * width,
				    lo + (double)(k + 1) * width,
				    (unsigned long long)count[k],
				    g->n[q] > 0 ? (double)count[k] /
				    ((double)g->n[q] * width) : NAN);
		}
		free(count);
	}
}

static void
print_summary(struct groups *gs, const int *want)
{
	size_t i;
	int q;

	printf("group\tquantity\tcount\tmin\tmax\tmean\tmedian\tstd\n");
	for (i = 0; i < gs->n; i++)
		for (q = 0; q < NQ; q++) {
			struct group *g = &gs->g[i];
			struct hop_summary s;

			if (!want[q])
				continue;
			hop_summary(g->v[q], g->n[q], &s);
			printf("%s\t%s\t%zu\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\n",
			    g->name, qcol[q], s.n, s.min, s.max, s.mean,
			    s.median, s.std);
		}
}

/* IonDiff's per-run descriptors, an array of one object per run. */
static void
json_body(FILE *fp, const struct hop_run *runs, const struct desc *d,
    int nruns)
{
	struct hop_json j;
	int i;

	hop_json_begin_array(&j, fp);
	for (i = 0; i < nruns; i++) {
		hop_json_object(&j, NULL);
		hop_json_string(&j, "MD_path", runs[i].name);
		hop_json_string(&j, "family", hop_family_name(&runs[i].h));
		hop_json_number(&j, "temperature_K",
		    runs[i].h.temperature_K);
		hop_json_uint(&j, "hops", runs[i].nhops);
		hop_json_string(&j, "time_unit", "ps");
		hop_json_number(&j, "delta_t_min", d[i].wait.min);
		hop_json_number(&j, "delta_t_max", d[i].wait.max);
		hop_json_number(&j, "delta_t_mean", d[i].wait.mean);
		hop_json_number(&j, "delta_r_min", d[i].dur.min);
		hop_json_number(&j, "delta_r_max", d[i].dur.max);
		hop_json_number(&j, "delta_r_mean", d[i].dur.mean);
		hop_json_null(&j, "gamma");
		hop_json_close(&j);
	}
	hop_json_finish(&j);
}

/* The descriptors as JSON into path, "-" for standard output. */
static void
write_json(const char *path, const struct hop_run *runs,
    const struct desc *d, int nruns)
{
	struct hop_outfile o;
	struct hop_err err;
	FILE *fp;

	if ((fp = hop_outfile_begin(&o, path, &err)) == NULL)
		hop_die("%s", err.msg);
	json_body(fp, runs, d, nruns);
	if (hop_outfile_end(&o, &err) != 0)
		hop_die("%s", err.msg);
}

/*
 * One panel per quantity; in each, a violin per group and All (All
 * only when there are several groups: with one, it would be the same
 * violin twice).  The figure's title says what is shown and how it is
 * grouped; with several quantities each panel is titled.
 */
static void
draw(const char *path, struct groups *gs, const int *want, enum by by,
    const struct hop_cli_figure *fig)
{
	int nq = 0, q, k = 0, cols;
	struct hop_svg *s;
	struct hop_err err;
	const char **names;
	char **owned, title[200];
	size_t i, ng = gs->n == 2 ? 1 : gs->n;

	for (q = 0; q < NQ; q++)
		nq += want[q];
	for (q = 0; q < NQ && !want[q]; q++)
		;
	snprintf(title, sizeof(title), "%s %s", nq == 1 ? qtitle[q] :
	    "Hop descriptors", by_title[by]);
	cols = nq < 3 ? nq : 3;
	s = hop_svg_new((nq + cols - 1) / cols, cols,
	    ng > 4 ? 90.0 * (double)ng + 80 : 440, 360,
	    hop_cli_figure_text(fig->title, title));
	names = malloc(gs->n * sizeof(*names));
	owned = calloc(gs->n, sizeof(*owned));
	if (s == NULL || names == NULL || owned == NULL)
		hop_die("out of memory");
	for (q = 0; q < NQ; q++) {
		struct hop_svg_panel *p;

		if (!want[q])
			continue;
		p = hop_svg_panel(s, k / cols, k % cols);
		k++;
		hop_svg_labels(p, nq > 1 ? qtitle[q] : NULL,
		    hop_cli_figure_text(fig->xlabel, NULL),
		    hop_cli_figure_text(fig->ylabel,
		    hop_quantity_label(qcol[q])));
		for (i = 0; i < ng; i++) {
			struct group *g = &gs->g[i];
			struct hop_svg_style st = {(int)i, HOP_MARK_CIRCLE, 4,
			    0, 0, 0};
			double grid[200], dens[200], lo, hi, x = (double)i;
			struct hop_summary sm;
			size_t m = 0;
			int j;

			if (ng > 1 && i + 1 == ng)
				st.colour = -1; /* All in grey-black */
			free(owned[i]);
			owned[i] = malloc(strlen(g->name) + 32);
			if (owned[i] == NULL)
				hop_die("out of memory");
			sprintf(owned[i], "%s (%zu)", g->name, g->n[q]);
			names[i] = owned[i];
			hop_summary(g->v[q], g->n[q], &sm);
			if (g->n[q] == 0)
				continue;
			lo = sm.min;
			hi = sm.max;
			if (g->n[q] < 2 || !(hi > lo)) {
				/* No spread to draw a density of. */
				hop_svg_points(p, &x, &sm.median, 1, &st, NULL);
				continue;
			}
			for (j = 0; j < 200; j++)
				grid[m++] = lo + (hi - lo) * j / 199.0;
			hop_kde(g->v[q], g->n[q], grid, m, dens);
			hop_svg_violin(p, x, 0.4, grid, dens, m, sm.median, &st);
		}
		hop_svg_categories(p, names, ng);
		/* Axes without data would show made-up ranges. */
		for (i = 0; i < ng && gs->g[i].n[q] == 0; i++)
			;
		if (i == ng)
			hop_svg_note(p, gs->nhops == 0 ?
			    "no hop: nothing to draw" : q == Q_RESIDENCE ?
			    "no ion hopped twice: no residence time" :
			    "no value: nothing to draw");
	}
	if (hop_svg_write(s, path, &err) != 0)
		hop_die("%s", err.msg);
	hop_svg_free(s);
	for (i = 0; i < gs->n; i++)
		free(owned[i]);
	free(owned);
	free(names);
}

/* The name of a run's group. */
static const char *
group_name(const struct hop_run *run, enum by by, const char *label,
    char *buf, size_t n)
{
	switch (by) {
	case BY_TEMPERATURE:
		if (isnan(run->h.temperature_K))
			return "T=unknown";
		snprintf(buf, n, "T=%.6gK", run->h.temperature_K);
		return buf;
	case BY_RUN:
		return run->name;
	case BY_LABEL:
		return label;
	default:
		return hop_family_name(&run->h);
	}
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		HOP_LONGOPTS_GLOBAL,
		HOP_LONGOPTS_FIGURE,
		HOP_LONGOPT_JSON,
		HOP_LONGOPT_SVG,
		{"bins", required_argument, NULL, OPT_BINS},
		{"by", required_argument, NULL, 'B'},
		{"quantity", required_argument, NULL, 'Q'},
		{"summary", no_argument, NULL, OPT_SUMMARY},
		{NULL, 0, NULL, 0}
	};
	static const char *const bynames[] = {
		"family", "temperature", "run", "label"
	};
	int want[NQ] = {0}, c, i, nfiles, q, summary = 0, any = 0, nwant = 0;
	int status = HOP_EXIT_OK;
	const char *json = NULL, *svg = NULL;
	char **files, **labels, buf[64];
	struct groups gs = {NULL, 0, 0};
	struct hop_run *runs;
	struct desc *desc;
	struct hop_err err;
	struct hop_cli_figure fig = {NULL, NULL, NULL};
	uint64_t nbins = 0;
	enum by by = BY_FAMILY;
	size_t k, nruns;

	hop_cli_init(prog, usage);
	while ((c = getopt_long(argc, argv, HOP_OPTSTR_GLOBAL
	    "B:g:J:Q:", longopts, NULL)) != -1) {
		if (hop_cli_global(c) || hop_cli_figure(&fig, c, optarg))
			continue;
		switch (c) {
		case OPT_BINS:
			if (hop_cli_u64(optarg, 1, 100000, &nbins) != 0)
				hop_usage_bad("bins", optarg, "an integer from "
				    "1 to 100000");
			break;
		case 'B':
			for (k = 0; k < 4 && strcmp(optarg, bynames[k]); k++)
				;
			if (k == 4)
				hop_usage_bad("by", optarg, "family, "
				    "temperature, run or label");
			by = (enum by)k;
			break;
		case HOP_OPT_JSON:
			if (*optarg == '\0')
				hop_usage_bad("json", optarg, "a file name, "
				    "or -");
			json = optarg;
			break;
		case OPT_SUMMARY:
			summary = 1;
			break;
		case 'Q':
			parse_quantities(optarg, want);
			break;
		case HOP_OPT_SVG:
			svg = optarg;
			break;
		default:
			usage(stderr, HOP_EXIT_USAGE);
		}
	}
	for (q = 0; q < NQ; q++)
		any |= want[q];
	for (q = 0; q < NQ && !any; q++)
		want[q] = 1;
	for (q = 0; q < NQ; q++)
		nwant += want[q];
	/* One label for panels of several quantities would mislabel all
	 * but one. */
	if (svg == NULL && (fig.title != NULL || fig.xlabel != NULL ||
	    fig.ylabel != NULL))
		hop_usage_error("%s goes with --svg", fig.title != NULL ?
		    "--title" : fig.xlabel != NULL ? "--xlabel" : "--ylabel");
	if (fig.ylabel != NULL && nwant > 1)
		hop_usage_error("--ylabel labels one quantity: give "
		    "--quantity with one");
	/* Without the histograms' table --bins would have no effect, nor
	 * --summary without a table. */
	if (nbins > 0 && summary)
		hop_usage_error("--bins goes with the histograms, not "
		    "--summary");
	if ((nbins > 0 || summary) && json != NULL && strcmp(json, "-") == 0)
		hop_usage_error("%s goes with the table, not --json=-",
		    summary ? "--summary" : "--bins");
	files = argv + optind;
	nfiles = argc - optind;
	desc = hop_xcalloc(nfiles > 0 ? (size_t)nfiles : 1, sizeof(*desc));
	labels = hop_xcalloc(nfiles > 0 ? (size_t)nfiles : 1,
	    sizeof(*labels));
	labels[0] = "-"; /* standard input's, when no file is named */
	for (i = 0; i < nfiles; i++) {
		char *eq = by == BY_LABEL ? strrchr(files[i], '=') : NULL;

		/* FILE=LABEL: the label after the last '='. */
		labels[i] = eq != NULL ? eq + 1 : files[i];
		if (eq != NULL)
			*eq = '\0';
	}
	{
		/* The outputs tried before the run's work (inputs
		 * protected first), as hopmech does. */
		const char *outs[2] = {json, svg};

		if (hop_outfile_precheck(files, (size_t)nfiles, outs, 2,
		    &err) != 0)
			hop_die("%s", err.msg);
	}
	if (hop_runs_load(files, nfiles, &runs, &nruns, &err) != 0)
		hop_die("%s", err.msg);
	nfiles = (int)nruns;
	for (i = 0; i < nfiles; i++) {
		if (isnan(runs[i].h.dt_fs) && (want[Q_DURATION] ||
		    want[Q_WAIT] || want[Q_RESIDENCE])) {
			hop_die("%s: time step unknown: durations and times "
			    "in ps cannot be given (try --quantity=length,hops)",
			    runs[i].name);
		}
		group_get(&gs, group_name(&runs[i], by, labels[i], buf,
		    sizeof(buf)));
	}
	/* "All" is appended, not looked up, and so stays apart from a
	 * group that a label happens to call "All". */
	group_append(&gs, "All");
	for (i = 0; i < nfiles; i++) {
		if (runs[i].nhops == 0)
			hop_warn("%s: no hops", runs[i].name);
		gs.nhops += runs[i].nhops;
		add_run(&runs[i], want, group_get(&gs, group_name(&runs[i],
		    by, labels[i], buf, sizeof(buf))), &gs.g[gs.n - 1],
		    &desc[i]);
	}
	if (json != NULL && strcmp(json, "-") == 0)
		; /* standard output holds the JSON alone */
	else if (summary)
		print_summary(&gs, want);
	else
		print_hist(&gs, want, nbins);
	if (json != NULL)
		write_json(json, runs, desc, nfiles);
	if (svg != NULL)
		draw(svg, &gs, want, by, &fig);
	hop_runs_free(runs, nruns);
	for (k = 0; k < gs.n; k++) {
		for (q = 0; q < NQ; q++)
			free(gs.g[k].v[q]);
		free(gs.g[k].name);
	}
	free(gs.g);
	free(desc);
	free(labels);
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
