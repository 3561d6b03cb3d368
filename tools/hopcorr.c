/*
 * hopcorr - how many ions move together: IonDiff's analysis of correlated
 * hops.  Every hop is an event, a 0/1 signal over the run's frames,
 * smoothed by a Gaussian as wide as the hop (common/eventcorr.h); two events
 * are correlated when the Pearson correlation of their signals exceeds a
 * threshold, by default the mean correlation of randomly placed events.
 * For each event, N counts the events it correlates with, itself
 * included; the distribution of N over all runs, and per temperature, is
 * printed and P(N) fitted with A + B exp(-C N); a fit that cannot be
 * trusted (C at an end of its range, fewer than 4 populated N, most
 * events above --max-n) is flagged,
 * on standard error and in the output.  --json writes every number of the
 * comment lines for scripts.  --pairs lists the
 * correlated pairs instead, with what tells concerted migration from
 * knock-off: the lag, the distance and the angle between the two hops.
 *
 * --dense (not in --help: a check for the test suite) computes every
 * correlation from full T x E matrices instead of windows.
 */
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "cli.h"
#include "eventcorr.h"
#include "fit.h"
#include "hops.h"
#include "json.h"
#include "outfile.h"
#include "svg.h"

static const char *prog = "hopcorr";

/* Long options without a letter. */
enum { OPT_LOG_Y = 256, OPT_MAX_N, OPT_PAIRS, OPT_THRESHOLD, OPT_TRIALS };

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: hopcorr [options] [FILE ...]\n"
	    "Count the hops that happen together and fit P(N) with "
	    "A + B exp(-C N).\n"
	    "      --threshold=X   correlation threshold (default: the "
	    "random reference)\n"
	    "  -h, --help          show this help and exit\n"
	    "  -J, --json=FILE     write the comment lines' numbers as JSON "
	    "into FILE, '-' for\n"
	    "                      standard output instead of the table "
	    "(default: none)\n"
	    "      --log-y         logarithmic P(N) axis in the --svg figure\n"
	    "      --max-n=N       fit P(N) for N = 2..N (default: 20)\n"
	    "      --pairs         list the correlated pairs of hops instead\n"
	    "  -q, --quiet         no warnings on standard error\n"
	    "  -r, --seed=N        seed of the random reference (default: 1)\n"
	    "  -g, --svg=FILE      draw P(N) and the fit into FILE "
	    "(default: none)\n"
	    "      --title=TEXT    the figure's title (default: what it "
	    "shows)\n"
	    "      --trials=N      random event sets averaged for the "
	    "threshold (default: 200)\n"
	    "  -V, --version       show the version and exit\n"
	    "      --xlabel=TEXT   the x axis label (default: N (...))\n"
	    "      --ylabel=TEXT   the y axis label (default: P(N))\n");
	hop_cli_exit(prog, status);
}

struct opts {
	int dense, logy, pairs;
	uint64_t maxn, seed, trials;
	int have_threshold;
	double threshold;
	const char *ref_opt;  /* --trials or --seed, given */
	const char *svg, *json;
	struct hop_cli_figure fig;
};

/* What makes a fit untrustworthy, as flags of struct group. */
enum {
	FLAG_NO_FIT = 1,     /* too few points or events to fit at all */
	FLAG_FEW_POINTS = 2, /* fewer than 4 populated N in the fit range */
	FLAG_AT_EDGE = 4,    /* C at an end of its search range */
	FLAG_MOST_ABOVE = 8  /* more events above --max-n than within */
};
static const char *const flag_names[] = {"no_fit", "few_points",
    "fit_at_edge", "most_above_max_n"};
#define NFLAGS (sizeof(flag_names) / sizeof(flag_names[0]))

/* One simulation's numbers, for its comment line and the JSON. */
struct runinfo {
	const char *name;
	uint64_t frames;
	size_t events;
	double mean_dur, thr;
};

/* The distribution of N over one group of runs ("all" or one
 * temperature). */
struct group {
	char name[48];
	double T;       /* NaN for "all" */
	uint64_t *count; /* count[N], N = 0..cap-1 */
	size_t cap;
	uint64_t events;
	size_t maxN;    /* largest N seen */
	size_t maxE;    /* most events in one run: the largest N possible */
	struct hop_expfit fit;
	int fitted;
	size_t nfit;    /* N = 2..1 + nfit are fitted */
	double *P;      /* P(N) normalised over the fitted range (NaN when
			   no event falls in it) */
	uint64_t infit; /* events with N in the fitted range */
	uint64_t above; /* events with N > --max-n: outside every fit */
	size_t populated; /* N of the fitted range with events */
	double meanN;   /* mean N over the group's events */
	unsigned flags; /* FLAG_* */
};

struct groups {
	struct group *g;
	size_t n;
};

static struct group *
group_get(struct groups *gs, double T)
{
	struct group *g;
	size_t i;

	for (i = 0; i < gs->n; i++)
		if ((isnan(T) && isnan(gs->g[i].T)) || gs->g[i].T == T)
			return &gs->g[i];
	g = hop_xreallocarray(gs->g, gs->n + 1, sizeof(*g));
	gs->g = g;
	g = &gs->g[gs->n++];
	memset(g, 0, sizeof(*g));
	g->T = T;
	if (isnan(T))
		snprintf(g->name, sizeof(g->name), "all");
	else
		snprintf(g->name, sizeof(g->name), "T=%.6gK", T);
	return g;
}

static void
group_add(struct group *g, const uint32_t *N, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (N[i] >= g->cap) {
			size_t ncap = (size_t)N[i] + 1 > 2 * g->cap ?
			    (size_t)N[i] + 1 : 2 * g->cap;
			uint64_t *c = hop_xreallocarray(g->count, ncap,
			    sizeof(*c));

			memset(c + g->cap, 0, (ncap - g->cap) * sizeof(*c));
			g->count = c;
			g->cap = ncap;
		}
		g->count[N[i]]++;
		if (N[i] > g->maxN)
			g->maxN = N[i];
	}
	g->events += n;
	if (n > g->maxE)
		g->maxE = n;
}

static int
cmp_group(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;

	if (isnan(a->T) || isnan(b->T))
		return isnan(b->T) - isnan(a->T);
	return (a->T > b->T) - (a->T < b->T);
}

/* --- pairs --- */

struct pairs_ctx {
	const struct hop_run *run;
	const double *inv; /* inverse cell, NULL when the cell is unusable */
};

/* Minimum-image length of d in the run's (first) cell. */
static double
image_distance(const struct hop_header *h, const double *inv, double d[3])
{
	if (inv != NULL)
		return hop_min_image(d, h->cell, inv);
	return sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
}

static int
print_pair(void *ctx, size_t i, size_t j, double r)
{
	const struct pairs_ctx *pc = ctx;
	const struct hop_header *h = &pc->run->h;
	const struct hop_event *a = &pc->run->hops[i], *b = &pc->run->hops[j];
	double d[3], va[3], vb[3], na = 0, nb = 0, dot = 0, lag, angle;
	int k;

	/* The first event is the one whose hop starts first. */
	if (b->start < a->start) {
		const struct hop_event *t = a;

		a = b;
		b = t;
	}
	/* The stream holds no positions between hops: the second ion's
	 * position when the first hop starts is taken as its position at the
	 * start of its own hop (exact when both start in the same frame). */
	for (k = 0; k < 3; k++) {
		d[k] = b->start_pos[k] - a->start_pos[k];
		va[k] = a->end_pos[k] - a->start_pos[k];
		vb[k] = b->end_pos[k] - b->start_pos[k];
		na += va[k] * va[k];
		nb += vb[k] * vb[k];
		dot += va[k] * vb[k];
	}
	angle = na > 0 && nb > 0 ?
	    acos(fmax(-1.0, fmin(1.0, dot / sqrt(na * nb)))) * 180.0 /
	    3.14159265358979323846 : NAN;
	lag = ((double)b->start + (double)b->end - (double)a->start -
	    (double)a->end) / 2;
	printf("%s\t%u\t%s\t%u\t%s\t%llu\t%llu\t%.1f\t%.6g\t%.4f\t%.2f\t"
	    "%.6f\n", pc->run->name, a->atom, h->species[a->species].name,
	    b->atom, h->species[b->species].name,
	    (unsigned long long)a->start, (unsigned long long)b->start, lag,
	    lag * h->dt_fs / 1000.0, image_distance(h, pc->inv, d), angle, r);
	return 0;
}

/* --- one run --- */

static int
analyse_run(const struct hop_run *run, const struct opts *o,
    struct groups *gs, struct runinfo *ri, int table, struct hop_err *err)
{
	size_t n = run->nhops, i;
	uint64_t *st = NULL, *en = NULL, T = run->h.nframes, dur;
	double thr = o->threshold, mdur = 0, *R = NULL, inv[9];
	struct hop_eventcorr *c = NULL;
	uint32_t *N = NULL;
	int rc = -1;

	ri->name = NULL;
	if (n == 0) {
		hop_warn("%s: no hops", run->name);
		return 0;
	}
	st = malloc(n * sizeof(*st));
	en = malloc(n * sizeof(*en));
	N = malloc(n * sizeof(*N));
	if (st == NULL || en == NULL || N == NULL) {
		hop_err_set(err, "%s: out of memory", run->name);
		goto done;
	}
	/* A stream that does not know its run's length ends with its last
	 * hop. */
	for (i = 0; i < n; i++) {
		st[i] = run->hops[i].start;
		en[i] = run->hops[i].end;
		mdur += (double)(en[i] - st[i]);
		if (en[i] == UINT64_MAX) {
			hop_err_set(err, "%s: hop %zu: frame %llu out of range",
			    run->name, i, (unsigned long long)en[i]);
			goto done;
		}
		if (run->h.nframes == 0 && en[i] >= T)
			T = en[i] + 1;
	}
	/* The random events last the mean duration, rounded; each hop is
	 * shorter than the run, and so is their mean. */
	mdur /= (double)n;
	dur = floor(mdur + 0.5) < (double)T ? (uint64_t)floor(mdur + 0.5) :
	    T - 1;
	if (o->dense) {
		if (n > HOP_EVCORR_MAX_VALUES / n ||
		    (R = malloc(n * n * sizeof(*R))) == NULL) {
			hop_err_set(err, "%s: too many hops for --dense",
			    run->name);
			goto done;
		}
		if (hop_eventcorr_dense(st, en, n, T, R, err) != 0)
			goto prefix;
	} else if ((c = hop_eventcorr_new(st, en, n, T, err)) == NULL) {
		goto prefix;
	}
	if (!o->have_threshold && hop_eventcorr_random_threshold(n, dur, T,
	    (unsigned)o->trials, o->seed, o->dense, &thr, err) != 0)
		goto prefix;
	if (o->pairs && table) {
		struct pairs_ctx pc = {run, NULL};
		size_t j;

		if (!(run->h.flags & HOP_FLAG_VARIABLE_CELL) &&
		    hop_cell_inverse(run->h.cell, inv) == 0)
			pc.inv = inv;
		if (c != NULL) {
			hop_eventcorr_pairs(c, thr, print_pair, &pc);
		} else {
			for (i = 0; i < n; i++)
				for (j = i + 1; j < n; j++)
					if (R[i * n + j] > thr)
						print_pair(&pc, i, j,
						    R[i * n + j]);
		}
	}
	if (c != NULL)
		hop_eventcorr_counts(c, thr, N);
	else
		hop_eventcorr_dense_counts(R, n, thr, N);
	group_add(group_get(gs, NAN), N, n);
	if (!isnan(run->h.temperature_K))
		group_add(group_get(gs, run->h.temperature_K), N, n);
	/* For the end of the output: the run's threshold, so that results
	 * can be reproduced with --threshold. */
	ri->name = run->name;
	ri->frames = T;
	ri->events = n;
	ri->mean_dur = mdur;
	ri->thr = thr;
	rc = 0;
	goto done;
prefix:
	{
		char msg[HOP_ERR_MAX];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		hop_err_set(err, "%s: %s", run->name, msg);
	}
done:
	hop_eventcorr_free(c);
	free(st);
	free(en);
	free(N);
	free(R);
	return rc;
}

/* --- the fit and the table --- */

/* A warning about group g's fit on standard error. */
static void
warn(const struct group *g, const char *fmt, ...)
{
	char msg[HOP_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	hop_warn("group %s: %s", g->name, msg);
}

/*
 * P(N) over N = 2 .. min(largest N possible, --max-n), normalised to sum 1
 * there, the fit and what makes it untrustworthy.  N = 1 (a hop alone) is
 * outside the fit as in IonDiff; events with N above --max-n are counted.
 */
static void
fit_group(struct group *g, uint64_t maxn)
{
	size_t top = g->maxE < maxn ? g->maxE : (size_t)maxn, k, N;
	double *x, sumN = 0;

	g->fit.A = g->fit.B = g->fit.C = NAN;
	g->fit.dA = g->fit.dB = g->fit.dC = g->fit.r2 = NAN;
	g->fit.at_edge = 0;
	g->nfit = top >= 2 ? top - 1 : 0;
	x = hop_xreallocarray(NULL, g->nfit, sizeof(double));
	g->P = hop_xreallocarray(NULL, g->nfit, sizeof(double));
	g->infit = g->above = 0;
	g->populated = 0;
	for (N = 1; N < g->cap; N++) {
		sumN += (double)N * (double)g->count[N];
		if (N > maxn)
			g->above += g->count[N];
	}
	g->meanN = g->events > 0 ? sumN / (double)g->events : NAN;
	for (k = 0; k < g->nfit; k++) {
		N = k + 2;
		x[k] = (double)N;
		g->P[k] = N < g->cap ? (double)g->count[N] : 0;
		g->infit += N < g->cap ? g->count[N] : 0;
		g->populated += g->P[k] > 0;
	}
	for (k = 0; k < g->nfit; k++)
		g->P[k] = g->infit > 0 ? g->P[k] / (double)g->infit : NAN;
	/* Three parameters: four points at least, so that there is a
	 * residual to judge the fit and give errors by. */
	if (g->infit > 0 && g->nfit >= 4)
		g->fitted = hop_fit_exp(x, g->P, g->nfit, &g->fit) == 0;
	free(x);
	g->flags = 0;
	if (g->above > g->infit) {
		g->flags |= FLAG_MOST_ABOVE;
		warn(g, "%llu correlated events have N above --max-n %zu and "
		    "%llu at or below it: P(N) and its fit describe the few "
		    "(give a larger --max-n; flag most_above_max_n)",
		    (unsigned long long)g->above, top,
		    (unsigned long long)g->infit);
	}
	if (g->populated < 4)
		g->flags |= FLAG_FEW_POINTS;
	if (!g->fitted) {
		g->flags |= FLAG_NO_FIT;
		warn(g, "too few correlated hops to fit P(N) over N = 2..%zu",
		    top < 2 ? 2 : top);
		return;
	}
	if (g->fit.at_edge != 0) {
		g->flags |= FLAG_AT_EDGE;
		warn(g, "the fit's C = %g is the %s end of its range: no "
		    "exponential decay is seen%s, whatever r2 says (flag "
		    "fit_at_edge)", g->fit.C, g->fit.at_edge < 0 ? "lower" :
		    "upper", g->fit.at_edge < 0 ? " (a straight line)" : "");
	}
	if (g->flags & FLAG_FEW_POINTS)
		warn(g, "only %zu of N = 2..%zu have events: too few to trust "
		    "a fit of three parameters (flag few_points)",
		    g->populated, top);
}

/* The flags as words, comma-separated, or "none". */
static void
flags_text(unsigned flags, char *buf, size_t len)
{
	size_t i, at = 0;

	buf[0] = '\0';
	for (i = 0; i < NFLAGS; i++)
		if (flags & (1u << i))
			at += (size_t)snprintf(buf + at, len - at, "%s%s",
			    at > 0 ? "," : "", flag_names[i]);
	if (at == 0)
		snprintf(buf, len, "none");
}

/* The largest N of the group's rows: its largest N, or the end of the
 * fitted range when that is further (its P(N) = 0 points are shown). */
static size_t
rows_top(const struct group *g)
{
	return g->nfit + 1 > g->maxN ? g->nfit + 1 : g->maxN;
}

/* One comment line per simulation with its threshold, so that results
 * can be reproduced with --threshold. */
static void
print_runs(const struct runinfo *ri, size_t nruns, const struct opts *o)
{
	size_t i;

	for (i = 0; i < nruns; i++)
		if (ri[i].name != NULL)
			printf("# run=%s frames=%llu events=%zu "
			    "mean_duration_frames=%.6g threshold=%.12g%s\n",
			    ri[i].name, (unsigned long long)ri[i].frames,
			    ri[i].events, ri[i].mean_dur, ri[i].thr,
			    o->have_threshold ? " (given)" : "");
}

/* The rows, then the runs' comment lines, then the fits. */
/* The fitted model A + B exp(-C N) at N, within the fitted range; NaN
 * outside it or without a fit. */
static double
model(const struct group *g, size_t N)
{
	if (!g->fitted || g->infit == 0 || N < 2 || N > g->nfit + 1)
		return NAN;
	return g->fit.A + g->fit.B * exp(-g->fit.C * (double)N);
}

static void
print_table(struct groups *gs, const struct runinfo *ri, size_t nruns,
    const struct opts *o)
{
	size_t i, N;
	char fl[64];

	for (i = 0; i < gs->n; i++) {
		struct group *g = &gs->g[i];

		if (g->events == 0)
			continue;
		for (N = 1; N <= rows_top(g); N++) {
			uint64_t c = N < g->cap ? g->count[N] : 0;

			printf("%s\t%zu\t%llu\t%.6f\t", g->name, N,
			    (unsigned long long)c,
			    (double)c / (double)g->events);
			if (N >= 2 && N <= g->nfit + 1 && g->infit > 0)
				printf("%.6f\t", g->P[N - 2]);
			else
				printf("nan\t");
			printf("%.6g\n", model(g, N));
		}
	}
	print_runs(ri, nruns, o);
	for (i = 0; i < gs->n; i++) {
		struct group *g = &gs->g[i];

		if (g->events == 0)
			continue;
		flags_text(g->flags, fl, sizeof(fl));
		printf("# fit group=%s A=%.6g dA=%.3g B=%.6g dB=%.3g C=%.6g "
		    "dC=%.3g r2=%.6f n=%zu events=%llu events_fitted=%llu "
		    "events_above_max_n=%llu mean_N=%.6g populated_N=%zu "
		    "flags=%s\n", g->name, g->fit.A, g->fit.dA, g->fit.B,
		    g->fit.dB, g->fit.C, g->fit.dC, g->fit.r2, g->nfit,
		    (unsigned long long)g->events,
		    (unsigned long long)g->infit,
		    (unsigned long long)g->above, g->meanN, g->populated, fl);
	}
}

/* --- JSON --- */

static void
json_body(FILE *fp, const struct groups *gs, const struct runinfo *ri,
    size_t nruns, const struct opts *o)
{
	struct hop_json j;
	size_t i, k;
	unsigned f;

	hop_json_begin(&j, fp);
	hop_json_string(&j, "program", "hopcorr");
	hop_json_string(&j, "version", HOP_VERSION);
	hop_json_uint(&j, "max_n", o->maxn);
	hop_json_uint(&j, "seed", o->seed);
	hop_json_uint(&j, "trials", o->trials);
	hop_json_bool(&j, "threshold_given", o->have_threshold);
	hop_json_array(&j, "runs");
	for (i = 0; i < nruns; i++) {
		if (ri[i].name == NULL)
			continue;
		hop_json_object(&j, NULL);
		hop_json_string(&j, "run", ri[i].name);
		hop_json_uint(&j, "frames", ri[i].frames);
		hop_json_uint(&j, "events", ri[i].events);
		hop_json_number(&j, "mean_duration_frames", ri[i].mean_dur);
		hop_json_number(&j, "threshold", ri[i].thr);
		hop_json_close(&j);
	}
	hop_json_close(&j);
	hop_json_array(&j, "groups");
	for (i = 0; i < gs->n; i++) {
		const struct group *g = &gs->g[i];

		if (g->events == 0)
			continue;
		hop_json_object(&j, NULL);
		hop_json_string(&j, "group", g->name);
		hop_json_number(&j, "temperature_K", g->T);
		hop_json_number(&j, "A", g->fit.A);
		hop_json_number(&j, "dA", g->fit.dA);
		hop_json_number(&j, "B", g->fit.B);
		hop_json_number(&j, "dB", g->fit.dB);
		hop_json_number(&j, "C", g->fit.C);
		hop_json_number(&j, "dC", g->fit.dC);
		hop_json_number(&j, "r2", g->fit.r2);
		hop_json_uint(&j, "n", g->nfit);
		hop_json_uint(&j, "N_fit_min", 2);
		hop_json_uint(&j, "N_fit_max", g->nfit + 1);
		hop_json_uint(&j, "events", g->events);
		hop_json_uint(&j, "events_fitted", g->infit);
		hop_json_uint(&j, "events_above_max_n", g->above);
		hop_json_number(&j, "mean_N", g->meanN);
		hop_json_uint(&j, "populated_N", g->populated);
		hop_json_array(&j, "flags");
		for (f = 0; f < NFLAGS; f++)
			if (g->flags & (1u << f))
				hop_json_string(&j, NULL, flag_names[f]);
		hop_json_close(&j);
		hop_json_array(&j, "probability_fit");
		for (k = 0; k < g->nfit; k++)
			hop_json_number(&j, NULL, g->P[k]);
		hop_json_close(&j);
		hop_json_array(&j, "model");
		for (k = 0; k < g->nfit; k++)
			hop_json_number(&j, NULL, model(g, k + 2));
		hop_json_close(&j);
		hop_json_close(&j);
	}
	hop_json_close(&j);
	hop_json_finish(&j);
}

/* The JSON into of, o->json opened before the run's work: atomically
 * into a file, or to standard output for "-". */
static void
write_json(const struct groups *gs, const struct runinfo *ri, size_t nruns,
    const struct opts *o, struct hop_outfile *of)
{
	struct hop_err err;

	json_body(of->fp, gs, ri, nruns, o);
	if (hop_outfile_end(of, &err) != 0)
		hop_die("%s", err.msg);
}

/* --- the figure --- */

/*
 * The legend of group g's fitted curve, and its line: a fit the flags
 * call untrustworthy (too few points, C at the end of its range) is drawn
 * thin and says so, so that the figure does not pass it for a good one.
 */
static void
fit_legend(const struct group *g, const char *pre, const char *name,
    struct hop_svg_style *ls, char *leg, size_t size)
{
	unsigned bad = g->flags & (FLAG_FEW_POINTS | FLAG_AT_EDGE |
	    FLAG_MOST_ABOVE);

	if (bad == 0) {
		snprintf(leg, size, "%s%s", pre, name);
		return;
	}
	ls->width = 0.75;
	snprintf(leg, size, "%s%s (flagged)", pre, name);
}

/*
 * The fit of group g at 401 points from N = 2 to the end of its range,
 * cut where it leaves the data's range: below lo (0 on a linear axis,
 * the lowest P(N) drawn on a log axis) the curve stops, at the point
 * where it crosses lo, so that a fit tending below zero or towards a
 * tiny A does not drag the axis down.  Points left out are NaN.
 */
static void
fit_curve(const struct group *g, double lo, double *fx, double *fy)
{
	double v[401];
	size_t k;

	for (k = 0; k <= 400; k++) {
		fx[k] = 2 + (double)(g->nfit - 1) * (double)k / 400;
		v[k] = g->fit.A + g->fit.B * exp(-g->fit.C * fx[k]);
		fy[k] = v[k];
	}
	for (k = 0; k <= 400; k++) {
		size_t j;

		if (v[k] >= lo)
			continue;
		fy[k] = NAN;
		/* A neighbour inside: end the curve on lo between them. */
		j = k > 0 && v[k - 1] >= lo ? k - 1 : k < 400 &&
		    v[k + 1] >= lo ? k + 1 : k;
		if (j != k && isfinite(v[k]) && isfinite(v[j])) {
			fx[k] = fx[j] + (fx[k] - fx[j]) * (v[j] - lo) /
			    (v[j] - v[k]);
			fy[k] = lo;
		}
	}
}

/* P(N) against N with the fits, into o->svg. */
static void
draw(struct groups *gs, const struct opts *o)
{
	struct hop_svg *s = hop_svg_new(1, 1, 640, 440, NULL);
	struct hop_svg_panel *p;
	struct hop_err err;
	size_t i, k, first = gs->n > 1 ? 1 : 0;
	int colour = 0;
	double lo = 0;
	char leg[80];

	if (s == NULL)
		hop_die("out of memory");
	p = hop_svg_panel(s, 0, 0);
	/* P(N) is normalised over N = 2..--max-n: the man page says so;
	 * the axis names the quantity. */
	hop_svg_labels(p, hop_cli_figure_text(o->fig.title, "Correlated "
	    "hops: P(N) and its fit A + B exp(\xe2\x88\x92" "C N)"),
	    hop_cli_figure_text(o->fig.xlabel, "N (hops correlated, "
	    "itself included)"), hop_cli_figure_text(o->fig.ylabel, "P(N)"));
	hop_svg_log_y(p, o->logy);
	/* On a log axis the fits end at the lowest P(N) drawn (the
	 * points of "all" are not drawn beside the temperatures'). */
	if (o->logy) {
		lo = INFINITY;
		for (i = first; i < gs->n; i++)
			for (k = 0; k < gs->g[i].nfit && gs->g[i].infit > 0;
			    k++)
				if (gs->g[i].P[k] > 0 && gs->g[i].P[k] < lo)
					lo = gs->g[i].P[k];
		if (isinf(lo))
			lo = 0;
	}
	/* Points per temperature (or for all runs when no temperature is
	 * known), each with its fit; the fit over all runs in black when
	 * there are several temperatures. */
	/* Axes without a point would show made-up ranges. */
	for (i = first, k = 0; i < gs->n; i++)
		k += gs->g[i].nfit > 0 && gs->g[i].infit > 0;
	if (k == 0)
		hop_svg_note(p, gs->n > 0 && gs->g[0].events > 0 ?
		    "no event with N from 2 to --max-n: nothing to draw" :
		    "no hop: nothing to draw");
	for (i = first; i < gs->n; i++, colour++) {
		struct group *g = &gs->g[i];
		struct hop_svg_style ps = {colour, (enum hop_marker)(colour %
		    5), 4, 0, 0, 0};
		struct hop_svg_style ls = {colour, HOP_MARK_NONE, 0, 1, 1.5, 0};
		double *x, fx[401], fy[401];

		if (g->nfit == 0 || g->infit == 0)
			continue;
		x = hop_xreallocarray(NULL, g->nfit, sizeof(double));
		for (k = 0; k < g->nfit; k++)
			x[k] = (double)(k + 2);
		hop_svg_points(p, x, g->P, g->nfit, &ps, g->name);
		free(x);
		if (!g->fitted)
			continue;
		fit_curve(g, lo, fx, fy);
		fit_legend(g, "fit ", g->name, &ls, leg, sizeof(leg));
		hop_svg_line(p, fx, fy, 401, &ls, leg);
	}
	if (first == 1 && gs->n > 2 && gs->g[0].fitted) {
		struct group *g = &gs->g[0];
		struct hop_svg_style ls = {-1, HOP_MARK_NONE, 0, 0, 2, 0};
		double fx[401], fy[401];

		fit_curve(g, lo, fx, fy);
		fit_legend(g, "fit ", "all", &ls, leg, sizeof(leg));
		hop_svg_line(p, fx, fy, 401, &ls, leg);
	}
	if (hop_svg_write(s, o->svg, &err) != 0)
		hop_die("%s", err.msg);
	hop_svg_free(s);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		HOP_LONGOPTS_GLOBAL,
		HOP_LONGOPTS_FIGURE,
		HOP_LONGOPT_JSON,
		HOP_LONGOPT_SEED,
		HOP_LONGOPT_SVG,
		{"dense", no_argument, NULL, 'D'},
		{"log-y", no_argument, NULL, OPT_LOG_Y},
		{"max-n", required_argument, NULL, OPT_MAX_N},
		{"pairs", no_argument, NULL, OPT_PAIRS},
		{"threshold", required_argument, NULL, OPT_THRESHOLD},
		{"trials", required_argument, NULL, OPT_TRIALS},
		{NULL, 0, NULL, 0}
	};
	struct opts o = {0, 0, 0, 20, 1, 200, 0, NAN, NULL, NULL, NULL,
	    {NULL, NULL, NULL}};
	struct groups gs = {NULL, 0};
	struct hop_run *runs;
	struct hop_err err;
	struct hop_outfile jof;
	struct runinfo *ri;
	size_t k, nruns;
	int c, status = HOP_EXIT_OK, table, maxn_given = 0;

	hop_cli_init(prog, usage);
	while ((c = getopt_long(argc, argv, HOP_OPTSTR_GLOBAL
	    "g:J:r:", longopts, NULL)) != -1) {
		if (hop_cli_global(c) || hop_cli_figure(&o.fig, c, optarg))
			continue;
		switch (c) {
		case OPT_THRESHOLD:
			if (hop_cli_double(optarg, -1, 1, &o.threshold) != 0)
				hop_usage_bad("threshold", optarg, "a number "
				    "from -1 to 1");
			o.have_threshold = 1;
			break;
		case 'D':
			o.dense = 1;
			break;
		case HOP_OPT_JSON:
			o.json = optarg;
			break;
		case OPT_LOG_Y:
			o.logy = 1;
			break;
		case OPT_MAX_N:
			if (hop_cli_u64(optarg, 4, 1000000, &o.maxn) != 0)
				hop_usage_bad("max-n", optarg, "an integer from "
				    "4 to 1000000");
			maxn_given = 1;
			break;
		case OPT_TRIALS:
			if (hop_cli_u64(optarg, 1, 1000000, &o.trials) != 0)
				hop_usage_bad("trials", optarg, "an integer from "
				    "1 to 1000000");
			o.ref_opt = "--trials";
			break;
		case OPT_PAIRS:
			o.pairs = 1;
			break;
		case HOP_OPT_SEED:
			if (hop_cli_u64(optarg, 0, UINT64_MAX, &o.seed) != 0)
				hop_usage_bad("seed", optarg, "a non-negative "
				    "integer");
			o.ref_opt = "--seed";
			break;
		case HOP_OPT_SVG:
			o.svg = optarg;
			break;
		default:
			usage(stderr, HOP_EXIT_USAGE);
		}
	}
	/* An option that would have no effect is refused, naming it. */
	if (o.have_threshold && o.ref_opt != NULL)
		hop_usage_error("%s goes with the random reference, not "
		    "--threshold", o.ref_opt);
	if (o.svg == NULL && (o.logy || o.fig.title != NULL ||
	    o.fig.xlabel != NULL || o.fig.ylabel != NULL))
		hop_usage_error("%s goes with --svg", o.logy ? "--log-y" :
		    o.fig.title != NULL ? "--title" : o.fig.xlabel != NULL ?
		    "--xlabel" : "--ylabel");
	if (maxn_given && o.pairs && o.svg == NULL && o.json == NULL)
		hop_usage_error("--max-n goes with the fits: not with --pairs "
		    "without --svg or --json");
	/* The outputs are opened (the figure's tried) before the run's
	 * work, the inputs protected first, so that a path that cannot be
	 * written or names an input fails with nothing done. */
	{
		const char *outs[1] = {o.svg};

		if (hop_outfile_precheck(argv + optind, (size_t)(argc -
		    optind), outs, 1, &err) != 0)
			hop_die("%s", err.msg);
	}
	if (o.json != NULL && hop_outfile_begin(&jof, o.json, &err) == NULL)
		hop_die("%s", err.msg);
	/* Every input is read before anything is printed, so that a bad
	 * file leaves no partial table. */
	if (hop_runs_load(argv + optind, argc - optind, &runs, &nruns,
	    &err) != 0)
		hop_die("%s", err.msg);
	group_get(&gs, NAN);
	/* With --json=- standard output holds the JSON alone. */
	table = o.json == NULL || strcmp(o.json, "-") != 0;
	if (table && o.pairs)
		printf("run\tatom1\tspecies1\tatom2\tspecies2\tstart1\tstart2\t"
		    "lag_frames\tlag_ps\tdistance_A\tangle_deg\tr\n");
	else if (table)
		printf("group\tN\tcount\tprobability\tprobability_fit\t"
		    "model\n");
	ri = hop_xcalloc(nruns, sizeof(*ri));
	for (k = 0; k < nruns; k++)
		if (analyse_run(&runs[k], &o, &gs, &ri[k], table, &err) != 0)
			hop_die("%s", err.msg);
	qsort(gs.g, gs.n, sizeof(*gs.g), cmp_group);
	/* The fits (and their warnings) before the table that shows them. */
	if (!o.pairs || o.svg != NULL || o.json != NULL)
		for (k = 0; k < gs.n; k++)
			if (gs.g[k].events > 0)
				fit_group(&gs.g[k], o.maxn);
	if (table && !o.pairs)
		print_table(&gs, ri, nruns, &o);
	else if (table)
		print_runs(ri, nruns, &o);
	if (o.json != NULL)
		write_json(&gs, ri, nruns, &o, &jof);
	if (o.svg != NULL)
		draw(&gs, &o);
	free(ri);
	hop_runs_free(runs, nruns);
	for (k = 0; k < gs.n; k++) {
		free(gs.g[k].count);
		free(gs.g[k].P);
	}
	free(gs.g);
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
