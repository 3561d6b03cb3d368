/*
 * hopmech - which ions hop together, by what mechanism, and whether that
 * is more than chance.  Hops of one run are linked when they are close in
 * time (overlapping, or one following the other within --lag frames) and
 * their ions are within --cutoff of each other where the hops start; the
 * connected components are correlated groups (common/mechanism.h), each
 * given a mechanism class by written geometric rules.  Every count is set
 * against a null model that shifts each ion's hop times circularly by its
 * own random offset (common/nullmodel.h), with p-values and a
 * Benjamini-Hochberg correction across classes.  The group sizes give a
 * spatially resolved P(N), printed beside IonDiff's time-only P(N)
 * (common/eventcorr.h, as hopcorr computes it).
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cascade.h"
#include "cli.h"
#include "condsplit.h"
#include "eventcorr.h"
#include "hops.h"
#include "json.h"
#include "list.h"
#include "mechanism.h"
#include "nullmodel.h"
#include "outfile.h"
#include "species.h"
#include "svg.h"

static const char *prog = "hopmech";

/* Long options without a letter. */
enum {
	OPT_CASCADE = 256, OPT_CASCADE_SVG, OPT_COS_MIN, OPT_CUTOFF, OPT_FDR,
	OPT_FRAMES, OPT_IONDIFF_TRIALS, OPT_LAG, OPT_MERGE_TOL, OPT_RBINS,
	OPT_RMAX, OPT_TAUBINS, OPT_TAUMAX, OPT_TRIALS, OPT_XYZ_GROUP,
	OPT_NO_DRIFT,
	OPT_OLD_MATCH /* the old name of --merge-tol: a usage error */
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: hopmech [options] [FILE ...]\n"
	    "Group correlated hops in space and time, class their mechanisms "
	    "and test them\nagainst a null model of independent ions.\n"
	    "  -b, --blocks=N          blocks of origins for the split's "
	    "uncertainties\n"
	    "                          (default: 5)\n"
	    "      --cascade=FILE      write g(r, tau) against the null as a "
	    "table into FILE\n"
	    "      --cascade-svg=FILE  draw g(r, tau) as a heat map into FILE\n"
	    "      --cutoff=A          link hops whose ions start within A "
	    "(default: 1.5 x\n"
	    "                          the median site separation of the "
	    "hops)\n"
	    "      --cos-min=X         concerted hops' displacements at "
	    "cosine above X\n"
	    "                          (default: 0.5)\n"
	    "      --fdr=Q             false-discovery rate of the "
	    "Benjamini-Hochberg test\n"
	    "                          (default: 0.05)\n"
	    "      --frames=FILE       the run's unwrapped frame stream, "
	    "for --split\n"
	    "  -h, --help              show this help and exit\n"
	    "      --iondiff-trials=N  random event sets for IonDiff's "
	    "threshold (default: 200)\n"
	    "  -J, --json=FILE         write every number as JSON into FILE, "
	    "'-' for standard\n"
	    "                          output instead of the table (default: "
	    "none)\n"
	    "      --lag=N             link a hop starting up to N frames "
	    "after another ends\n"
	    "                          (default: the median hop duration)\n"
	    "      --merge-tol=A       two sites are one within A (default: "
	    "0.5 x the median\n"
	    "                          site separation)\n"
	    "  -M, --members           list every hop with its group and "
	    "class instead\n"
	    "  -N, --sizes             print the group sizes P(N) beside "
	    "IonDiff's instead\n"
	    "      --no-drift          --split: the collective MSD in the "
	    "centre-of-mass frame\n"
	    "                          (default: seen from the framework, "
	    "as msd)\n"
	    "  -q, --quiet             no warnings on standard error\n"
	    "      --rbins=N           g(r, tau): r bins (default: 8)\n"
	    "      --rmax=A            g(r, tau): largest r (default: twice "
	    "the cutoff)\n"
	    "  -r, --seed=N            seed of the null model (default: 1)\n"
	    "  -S, --split             split the collective MSD by mechanism "
	    "instead (needs\n"
	    "                          --frames)\n"
	    "  -g, --svg=FILE          draw P(N) and the classes against the "
	    "null into FILE\n"
	    "                          (default: none)\n"
	    "      --title=TEXT        the figure's title (default: what it "
	    "shows)\n"
	    "      --taubins=N         g(r, tau): tau bins (default: 10)\n"
	    "      --taumax=N          g(r, tau): largest tau in frames "
	    "(default: 10 x the lag,\n"
	    "                          at least 10)\n"
	    "      --trials=N          null-model trials, 0 for none "
	    "(default: 1000)\n"
	    "  -V, --version           show the version and exit\n"
	    "  -w, --window=LIST       --split: windows in frames, "
	    "comma-separated (default:\n"
	    "                          a tenth of the run)\n"
	    "      --xlabel=TEXT       the P(N) panel's x axis label "
	    "(default: N (ions))\n"
	    "      --xyz-group=N       write group N's frames as an extended "
	    "XYZ movie instead\n"
	    "                          (needs --frames)\n"
	    "      --ylabel=TEXT       the P(N) panel's y axis label "
	    "(default: P(N))\n");
	hop_cli_exit(prog, status);
}

struct opts {
	double cutoff, match, cos_min, fdr;
	uint64_t lag, trials, seed, iondiff_trials, blocks;
	int members, sizes, split;
	uint64_t xyz_group;  /* UINT64_MAX: none */
	const char *json, *svg, *frames;
	uint64_t *windows;
	size_t nwindows;
	const char *cascade, *cascade_svg;
	double rmax;
	uint64_t rbins, taubins, taumax;
	struct hop_cli_figure fig;
	const char *split_opt; /* --window, --blocks or --no-drift, given */
	int no_drift;          /* --no-drift */
	const char *casc_opt;  /* --rbins, --rmax, --taubins or --taumax */
};

/* What makes a run's numbers doubtful, as flags of struct result. */
enum {
	FLAG_FEW_HOPS = 1,  /* fewer than 20 hops */
	FLAG_GIANT = 2,     /* one group holds more than half of the hops */
	FLAG_NO_DT = 4,     /* no time step: no rates */
	FLAG_NO_NULL = 8    /* --trials=0: nothing tested */
};
static const char *const flag_names[] = {"few_hops", "giant_group",
    "no_time_step", "not_tested"};
#define NFLAGS (sizeof(flag_names) / sizeof(flag_names[0]))

/* Everything hopmech learns about one run. */
struct result {
	const struct hop_run *run;
	uint64_t T;          /* frames */
	double span_ps;      /* T dt, NaN without dt */
	uint32_t nions;      /* ions analysed (per-atom records) */
	char drift[256];     /* --split: the framework, "" without */
	struct hop_mech_params p;
	double site_sep;
	int cutoff_given, lag_given, match_given;
	struct hop_mech *m;
	const struct hop_mech_groups *g; /* the observed groups */
	uint32_t largest;    /* hops in the largest group */
	struct hop_null_classes null;
	double q[HOP_MECH_NCLASS];
	int sig[HOP_MECH_NCLASS];
	double mean_ions, mean_ions_se;
	uint32_t *Nid;       /* IonDiff's N per hop */
	double thr, mean_Nid;
	unsigned flags;
	struct hop_condsplit *cs; /* per window, with --frames */
	size_t ncs;
	struct hop_cascade casc;  /* with --cascade or --cascade-svg */
	int have_casc;
};

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

/* The classes tested against the null: all but "isolated", whose excess
 * would mean less correlation, not more. */
static int
tested(unsigned c)
{
	return c != HOP_MECH_ISOLATED;
}

static void
analyse(const struct hop_run *run, const struct opts *o, struct result *r)
{
	size_t n = run->nhops, i;
	uint64_t *st, *en;
	double pv[HOP_MECH_NCLASS];
	struct hop_err err;
	unsigned c;

	memset(r, 0, sizeof(*r));
	r->run = run;
	r->T = run->h.nframes;
	for (i = 0; i < n; i++) {
		if (run->hops[i].end == UINT64_MAX)
			hop_die("%s: hop %zu: frame %llu out of range",
			    run->name, i + 1,
			    (unsigned long long)run->hops[i].end);
		if (run->h.nframes == 0 && run->hops[i].end >= r->T)
			r->T = run->hops[i].end + 1;
		if (run->h.nframes != 0 && run->hops[i].end >= r->T)
			hop_die("%s: hop %zu: frame %llu is past the run's "
			    "%llu frames", run->name, i + 1,
			    (unsigned long long)run->hops[i].end,
			    (unsigned long long)r->T);
	}
	if (r->T == 0)
		r->T = 1;
	r->span_ps = isfinite(run->h.dt_fs) && run->h.dt_fs > 0 ?
	    (double)r->T * run->h.dt_fs / 1000.0 : NAN;
	r->nions = (uint32_t)run->natoms;
	r->p.cutoff = o->cutoff;
	r->p.r_match = o->match;
	r->p.cos_min = o->cos_min;
	r->p.lag = o->lag;
	r->p.max_classify = 0;
	r->cutoff_given = isfinite(o->cutoff);
	r->match_given = isfinite(o->match);
	r->lag_given = o->lag != UINT64_MAX;
	if (hop_mech_defaults(run->hops, n, &r->p, &r->site_sep, &err) != 0)
		hop_die("%s: %s", run->name, err.msg);
	if (!(r->p.r_match < r->p.cutoff) && n > 0)
		hop_warn("%s: --merge-tol (%g A) is not below --cutoff (%g A): "
		    "hand-offs may join hops that are not linked", run->name,
		    r->p.r_match, r->p.cutoff);
	r->m = hop_mech_new(run->hops, n, run->h.natoms, run->h.cell, r->T,
	    &r->p, &err);
	if (r->m == NULL)
		hop_die("%s: %s", run->name, err.msg);
	r->g = hop_mech_find(r->m, NULL);
	{
		uint64_t obs[HOP_MECH_NCLASS];

		memcpy(obs, r->g->groups_in, sizeof(obs));
		hop_mech_mean_ions(r->g, 1000, o->seed, &r->mean_ions,
		    &r->mean_ions_se);
		if (o->trials > 0 && hop_null_classes(r->m, run->h.natoms,
		    r->T, obs, o->trials, o->seed, &r->null, &err) != 0)
			hop_die("%s: %s", run->name, err.msg);
		/* The observed groups again: the trials overwrote them. */
		r->g = hop_mech_find(r->m, NULL);
	}
	for (c = 0; c < HOP_MECH_NCLASS; c++) {
		pv[c] = o->trials > 0 && tested(c) ? r->null.p[c] : NAN;
		if (o->trials == 0) {
			r->null.expected[c] = r->null.sd[c] = NAN;
			r->null.mean_ions = NAN;
		}
	}
	if (hop_bh(pv, HOP_MECH_NCLASS, r->q) != 0)
		hop_die("out of memory");
	for (c = 0; c < HOP_MECH_NCLASS; c++)
		r->sig[c] = isfinite(r->q[c]) && r->q[c] <= o->fdr &&
		    r->g->groups_in[c] > 0;
	for (i = 0; i < r->g->ngroups; i++)
		if (r->g->hops[i] > r->largest)
			r->largest = r->g->hops[i];
	/* IonDiff's N, as hopcorr computes it. */
	r->Nid = hop_xcalloc(n, sizeof(*r->Nid));
	r->thr = NAN;
	r->mean_Nid = NAN;
	if (n > 0) {
		double s = 0;

		st = hop_xcalloc(n, sizeof(*st));
		en = hop_xcalloc(n, sizeof(*en));
		for (i = 0; i < n; i++) {
			st[i] = run->hops[i].start;
			en[i] = run->hops[i].end;
		}
		if (hop_eventcorr_iondiff_counts(st, en, n, r->T, NAN,
		    (unsigned)o->iondiff_trials, o->seed, &r->thr, r->Nid,
		    &err) != 0)
			hop_die("%s: %s", run->name, err.msg);
		for (i = 0; i < n; i++)
			s += r->Nid[i];
		r->mean_Nid = s / (double)n;
		free(st);
		free(en);
	}
	if (n < 20) {
		r->flags |= FLAG_FEW_HOPS;
		hop_warn("%s: only %zu hops: too few for the classes and "
		    "their tests to mean much (flag few_hops)", run->name, n);
	}
	if (n >= 20 && 2 * (uint64_t)r->largest > n) {
		r->flags |= FLAG_GIANT;
		hop_warn("%s: one group holds %u of the %zu hops: --cutoff "
		    "%g A and --lag %llu frames link nearly everything, and "
		    "its class says little (flag giant_group)", run->name,
		    r->largest, n, r->p.cutoff, (unsigned long long)r->p.lag);
	}
	if (isnan(r->span_ps)) {
		r->flags |= FLAG_NO_DT;
		hop_warn("%s: the stream has no time step: no rates (flag "
		    "no_time_step)", run->name);
	}
	if (o->trials == 0)
		r->flags |= FLAG_NO_NULL;
}

/* --- tables --- */

static void
print_run_comment(const struct result *r, const struct opts *o)
{
	char fl[96];

	flags_text(r->flags, fl, sizeof(fl));
	printf("# run=%s frames=%llu hops=%zu ions=%u site_separation_A=%.6g "
	    "cutoff_A=%.6g%s lag_frames=%llu%s match_A=%.6g%s cos_min=%.6g "
	    "links=%llu groups=%zu largest_group_hops=%u mean_ions=%.6g "
	    "mean_ions_se=%.3g mean_ions_null=%.6g iondiff_threshold=%.6g "
	    "iondiff_mean_N=%.6g trials=%llu seed=%llu fdr=%.6g flags=%s\n",
	    r->run->name, (unsigned long long)r->T, r->run->nhops, r->nions,
	    r->site_sep, r->p.cutoff, r->cutoff_given ? " (given)" : "",
	    (unsigned long long)r->p.lag, r->lag_given ? " (given)" : "",
	    r->p.r_match, r->match_given ? " (given)" : "", r->p.cos_min,
	    (unsigned long long)r->g->links, r->g->ngroups, r->largest,
	    r->mean_ions, r->mean_ions_se, r->null.mean_ions, r->thr,
	    r->mean_Nid, (unsigned long long)o->trials,
	    (unsigned long long)o->seed, o->fdr, fl);
}

static void
print_classes(const struct result *rs, size_t nr, const struct opts *o)
{
	size_t k;
	unsigned c;

	printf("run\tclass\tgroups\thops\tfraction_groups\tfraction_hops\t"
	    "rate_per_ps\trate_per_ps_per_ion\texpected_groups\t"
	    "expected_sd\texcess_ratio\tp_value\tq_value\tsignificant\t"
	    "T_K\n");
	for (k = 0; k < nr; k++) {
		const struct result *r = &rs[k];
		const struct hop_mech_groups *g = r->g;

		for (c = 0; c < HOP_MECH_NCLASS; c++) {
			double rate = (double)g->groups_in[c] / r->span_ps;

			printf("%s\t%s\t%llu\t%llu\t%.6f\t%.6f\t%.6g\t%.6g\t"
			    "%.6g\t%.3g\t%.4g\t%.6g\t%.6g\t%s\t%.6g\n",
			    r->run->name, hop_mech_class_name(c),
			    (unsigned long long)g->groups_in[c],
			    (unsigned long long)g->hops_in[c],
			    g->ngroups ? (double)g->groups_in[c] /
			    (double)g->ngroups : NAN,
			    g->nhops ? (double)g->hops_in[c] /
			    (double)g->nhops : NAN, rate,
			    r->nions ? rate / r->nions : NAN,
			    r->null.expected[c], r->null.sd[c],
			    r->null.expected[c] > 0 ? (double)g->groups_in[c] /
			    r->null.expected[c] : NAN,
			    tested(c) && o->trials ? r->null.p[c] : NAN,
			    r->q[c], !tested(c) || o->trials == 0 ?
			    "not_tested" : r->sig[c] ? "yes" : "no",
			    isnan(r->run->h.temperature_K) ? NAN :
			    r->run->h.temperature_K);
		}
	}
	for (k = 0; k < nr; k++)
		print_run_comment(&rs[k], o);
}

static void
print_members(const struct result *rs, size_t nr, const struct opts *o)
{
	size_t k, i;

	printf("run\tatom\tspecies\tstart\tend\tgroup\tsize\tgroup_hops\t"
	    "class\tfrom_x_A\tfrom_y_A\tfrom_z_A\tto_x_A\tto_y_A\tto_z_A\t"
	    "iondiff_N\n");
	for (k = 0; k < nr; k++) {
		const struct result *r = &rs[k];
		const struct hop_run *run = r->run;
		const struct hop_mech_groups *g = r->g;

		/* By group, then start, so that a group reads as one. */
		for (i = 0; i < g->nhops; i++) {
			uint32_t h = g->member[i], gi = g->group[h];
			const struct hop_event *e = &run->hops[h];

			printf("%s\t%u\t%s\t%llu\t%llu\t%u\t%u\t%u\t%s\t"
			    "%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%u\n",
			    run->name, e->atom, run->h.species[e->species].name,
			    (unsigned long long)e->start,
			    (unsigned long long)e->end, gi, g->ions[gi],
			    g->hops[gi], hop_mech_class_name(g->cls[gi]),
			    e->from_centre[0], e->from_centre[1],
			    e->from_centre[2], e->to_centre[0],
			    e->to_centre[1], e->to_centre[2], r->Nid[h]);
		}
	}
	for (k = 0; k < nr; k++)
		print_run_comment(&rs[k], o);
}

/* hops[N] for N = 0..max: how many hops have N (ions in their group, or
 * IonDiff's N). */
static uint64_t *
size_counts(const struct result *r, int iondiff, size_t *max)
{
	const struct hop_mech_groups *g = r->g;
	uint64_t *cnt;
	size_t i, top = 1;

	for (i = 0; i < g->nhops; i++) {
		size_t N = iondiff ? r->Nid[i] : g->ions[g->group[i]];

		if (N > top)
			top = N;
	}
	cnt = hop_xcalloc(top + 1, sizeof(*cnt));
	for (i = 0; i < g->nhops; i++)
		cnt[iondiff ? r->Nid[i] : g->ions[g->group[i]]]++;
	*max = top;
	return cnt;
}

static void
print_sizes(const struct result *rs, size_t nr, const struct opts *o)
{
	size_t k, N;

	printf("run\tN\thops_spatial\tprobability_spatial\thops_iondiff\t"
	    "probability_iondiff\n");
	for (k = 0; k < nr; k++) {
		size_t ms, mi;
		uint64_t *cs = size_counts(&rs[k], 0, &ms),
		    *ci = size_counts(&rs[k], 1, &mi);
		double n = (double)rs[k].g->nhops;

		for (N = 1; N <= (ms > mi ? ms : mi); N++) {
			uint64_t a = N <= ms ? cs[N] : 0, b = N <= mi ? ci[N] : 0;

			printf("%s\t%zu\t%llu\t%.6f\t%llu\t%.6f\n",
			    rs[k].run->name, N, (unsigned long long)a,
			    n > 0 ? (double)a / n : NAN, (unsigned long long)b,
			    n > 0 ? (double)b / n : NAN);
		}
		free(cs);
		free(ci);
	}
	for (k = 0; k < nr; k++)
		print_run_comment(&rs[k], o);
}

/* --- the split of the collective MSD --- */

/*
 * C[t] = the sum of the unwrapped positions of the ions of species sp in
 * frame t of the frame stream at path, which must describe the same atoms
 * (count and species table), time step and cell and the run's T frames,
 * less the framework's centroid in that frame times their number: the
 * drift correction msd(1) makes by default (species.h; the framework's
 * names into framework, "" without one).
 */
static double *
load_sums(const char *path, const struct hop_run *run, uint32_t sp,
    uint64_t T, int drift, char *framework, size_t len)
{
	const struct hop_header *hh = &run->h, *fh;
	struct hop_reader *r;
	struct hop_record rec;
	struct hop_frame fr;
	struct hop_err err;
	uint32_t first = 0, i, k, s, nfw = 0;
	uint64_t t = 0;
	unsigned char *frame;
	double *C;
	int st;

	if ((r = hop_reader_open_path(path, &err)) == NULL)
		hop_die("%s", err.msg);
	fh = hop_reader_header(r);
	if (fh->natoms != hh->natoms || fh->nspecies != hh->nspecies)
		hop_die("%s: its %u atoms of %u species are not the %u atoms "
		    "of %u species of %s", hop_reader_name(r), fh->natoms,
		    fh->nspecies, hh->natoms, hh->nspecies, run->name);
	for (k = 0; k < fh->nspecies; k++)
		if (strcmp(fh->species[k].name, hh->species[k].name) != 0 ||
		    fh->species[k].count != hh->species[k].count)
			hop_die("%s: species %s:%u is not %s's %s:%u",
			    hop_reader_name(r), fh->species[k].name,
			    fh->species[k].count, run->name,
			    hh->species[k].name, hh->species[k].count);
	if (fh->coords != HOP_COORDS_CARTESIAN_UNWRAPPED)
		hop_die("%s: %s coordinates: the split needs unwrapped ones "
		    "(unwrap(1) makes them)", hop_reader_name(r),
		    hop_coords_name(fh->coords));
	if (!(fabs(fh->dt_fs - hh->dt_fs) <= 1e-9 * fabs(hh->dt_fs)))
		hop_die("%s: a time step of %g fs, not the %g fs of %s: "
		    "another run's frames", hop_reader_name(r), fh->dt_fs,
		    hh->dt_fs, run->name);
	if (fh->temperature_K > 0 && hh->temperature_K > 0 &&
	    fh->temperature_K != hh->temperature_K)
		hop_die("%s: a temperature of %g K, not the %g K of %s: "
		    "another run's frames", hop_reader_name(r),
		    fh->temperature_K, hh->temperature_K, run->name);
	for (k = 0; k < 9; k++)
		if (!(fabs(fh->cell[k] - hh->cell[k]) <= 1e-6 *
		    (fabs(hh->cell[k]) + 1)))
			hop_die("%s: its cell is not the cell of %s: another "
			    "run's frames", hop_reader_name(r), run->name);
	frame = hop_xmalloc(fh->nspecies);
	if (hop_cli_drift_framework(fh, drift, NULL, (int)sp, hop_reader_name(r),
	    frame, framework, len, &err) != 0)
		hop_die("%s", err.msg);
	for (s = 0; s < fh->nspecies; s++)
		nfw += frame[s] ? fh->species[s].count : 0;
	for (k = 0; k < sp; k++)
		first += hh->species[k].count;
	C = hop_xcalloc(3 * T, sizeof(double));
	while ((st = hop_reader_next(r, &rec, &err)) == 1) {
		if (rec.type != HOP_REC_FRAME)
			continue;
		if (hop_frame_decode(r, &rec, &fr, &err) != 0 ||
		    hop_frame_check_finite(fh, &rec, &fr, &err) != 0)
			hop_die("%s: %s", hop_reader_name(r), err.msg);
		if (t >= T)
			hop_die("%s: more frames than the %llu of %s",
			    hop_reader_name(r), (unsigned long long)T,
			    run->name);
		for (i = first; i < first + hh->species[sp].count; i++)
			for (k = 0; k < 3; k++)
				C[3 * t + k] += fr.pos[3 * (size_t)i + k];
		if (nfw > 0) {
			double c[3] = {0, 0, 0};

			for (s = 0, i = 0; s < fh->nspecies;
			    i += fh->species[s].count, s++)
				for (k = 0; frame[s] && k < 3 *
				    fh->species[s].count; k++)
					c[k % 3] += fr.pos[3 * (size_t)i + k];
			for (k = 0; k < 3; k++)
				C[3 * t + k] -= c[k] * (double)hh->
				    species[sp].count / (double)nfw;
		}
		t++;
	}
	free(frame);
	if (st < 0)
		hop_die("%s", err.msg);
	if (t != T)
		hop_die("%s: %llu frames, not the %llu of %s",
		    hop_reader_name(r), (unsigned long long)t,
		    (unsigned long long)T, run->name);
	hop_reader_free(r);
	return C;
}

/*
 * --xyz-group: the frames of the frame stream at path from the group's
 * first start less the lag to its last end plus the lag, as extended XYZ
 * on standard output (every atom, positions as stored, unwrapped
 * Cartesian), with a per-atom property "hopping" that is 1 for the
 * group's ions, for OVITO and ASE.
 */
static void
write_group_xyz(const struct result *r, const struct opts *o)
{
	const struct hop_run *run = r->run;
	const struct hop_mech_groups *g = r->g;
	const struct hop_header *hh = &run->h, *fh;
	struct hop_reader *rd;
	struct hop_record rec;
	struct hop_frame fr;
	struct hop_err err;
	uint64_t gid = o->xyz_group, s0 = UINT64_MAX, e1 = 0, from, to, t = 0;
	unsigned char *in;
	uint32_t i, k;
	int st;

	if (gid >= g->ngroups)
		hop_die("%s: --xyz-group %llu: the run has %zu group%s "
		    "(numbered from 0)", run->name, (unsigned long long)gid,
		    g->ngroups, g->ngroups == 1 ? "" : "s");
	in = hop_xcalloc(hh->natoms, 1);
	for (i = g->first[gid]; i < g->first[gid] + g->hops[gid]; i++) {
		const struct hop_event *e = &run->hops[g->member[i]];

		if (e->start < s0)
			s0 = e->start;
		if (e->end > e1)
			e1 = e->end;
		if (e->slot < hh->natoms)
			in[e->slot] = 1;
	}
	from = s0 > r->p.lag ? s0 - r->p.lag : 0;
	to = e1 + r->p.lag;
	if ((rd = hop_reader_open_path(o->frames, &err)) == NULL)
		hop_die("%s", err.msg);
	fh = hop_reader_header(rd);
	if (fh->natoms != hh->natoms || fh->nspecies != hh->nspecies)
		hop_die("%s: its %u atoms of %u species are not the %u atoms "
		    "of %u species of %s", hop_reader_name(rd), fh->natoms,
		    fh->nspecies, hh->natoms, hh->nspecies, run->name);
	for (k = 0; k < fh->nspecies; k++)
		if (strcmp(fh->species[k].name, hh->species[k].name) != 0 ||
		    fh->species[k].count != hh->species[k].count)
			hop_die("%s: species %s:%u is not %s's %s:%u",
			    hop_reader_name(rd), fh->species[k].name,
			    fh->species[k].count, run->name,
			    hh->species[k].name, hh->species[k].count);
	if (fh->coords != HOP_COORDS_CARTESIAN_UNWRAPPED)
		hop_die("%s: %s coordinates: --xyz-group needs unwrapped ones "
		    "(unwrap(1) makes them)", hop_reader_name(rd),
		    hop_coords_name(fh->coords));
	while (t <= to && (st = hop_reader_next(rd, &rec, &err)) == 1) {
		if (rec.type != HOP_REC_FRAME)
			continue;
		if (t < from) {
			t++;
			continue;
		}
		if (hop_frame_decode(rd, &rec, &fr, &err) != 0 ||
		    hop_frame_check_finite(fh, &rec, &fr, &err) != 0)
			hop_die("%s: %s", hop_reader_name(rd), err.msg);
		printf("%u\nLattice=\"", fh->natoms);
		for (k = 0; k < 9; k++)
			printf("%s%.10g", k ? " " : "", fr.cell[k]);
		printf("\" Properties=species:S:1:pos:R:3:orig_index:I:1:"
		    "hopping:I:1 pbc=\"T T T\" Frame=%llu Group=%llu "
		    "Class=%s", (unsigned long long)t,
		    (unsigned long long)gid,
		    hop_mech_class_name(g->cls[gid]));
		if (fh->dt_fs > 0)
			printf(" Time=%.10g", (double)t * fh->dt_fs);
		printf("\n");
		for (i = 0; i < fh->natoms; i++)
			printf("%s %.10f %.10f %.10f %u %d\n",
			    fh->species[hop_header_species_of(fh, i)].name,
			    fr.pos[3 * (size_t)i], fr.pos[3 * (size_t)i + 1],
			    fr.pos[3 * (size_t)i + 2], fh->orig_index[i],
			    in[i]);
		t++;
	}
	if (t <= to && st < 0)
		hop_die("%s", err.msg);
	if (t <= e1)
		hop_die("%s: %llu frames: group %llu ends at frame %llu",
		    hop_reader_name(rd), (unsigned long long)t,
		    (unsigned long long)gid, (unsigned long long)e1);
	hop_reader_free(rd);
	free(in);
}

/* The split at every window of the options, into r->cs. */
static void
split(struct result *r, const struct opts *o)
{
	const struct hop_run *run = r->run;
	uint64_t def = r->T / 10;
	uint32_t sp;
	double *C;
	size_t k;
	struct hop_err err;

	if (run->nhops == 0)
		hop_die("%s: no hops to split the collective MSD by",
		    run->name);
	sp = run->hops[0].species;
	for (k = 1; k < run->nhops; k++)
		if (run->hops[k].species != sp)
			hop_die("%s: hops of species %s and %s: the split "
			    "needs one", run->name, run->h.species[sp].name,
			    run->h.species[run->hops[k].species].name);
	C = load_sums(o->frames, run, sp, r->T, o->no_drift ? 0 : -1, r->drift,
	    sizeof(r->drift));
	r->ncs = o->nwindows > 0 ? o->nwindows : 1;
	r->cs = hop_xcalloc(r->ncs, sizeof(*r->cs));
	for (k = 0; k < r->ncs; k++) {
		uint64_t m = o->nwindows > 0 ? o->windows[k] : def > 0 ? def :
		    1;

		if (hop_condsplit(run->hops, run->nhops, r->g->group,
		    r->g->ngroups, r->g->cls, run->h.species[sp].count, C,
		    r->T, m, (unsigned)o->blocks, &r->cs[k], &err) != 0)
			hop_die("%s: %s", run->name, err.msg);
	}
	free(C);
}

static void
print_split(const struct result *rs, size_t nr, const struct opts *o)
{
	size_t k, w;
	unsigned t;

	printf("run\twindow_frames\twindow_ps\tterm\tvalue_A2\tvalue_se_A2\t"
	    "share\tshare_se\n");
	for (k = 0; k < nr; k++)
		for (w = 0; w < rs[k].ncs; w++) {
			const struct hop_condsplit *c = &rs[k].cs[w];
			double ps = (double)c->window * rs[k].run->h.dt_fs /
			    1000.0;

			for (t = 0; t < HOP_CS_NTERMS; t++)
				printf("%s\t%llu\t%.6g\t%s\t%.10g\t%.3g\t%.6f\t"
				    "%.3g\n", rs[k].run->name,
				    (unsigned long long)c->window, ps,
				    hop_cs_term_name(t), c->value[t], c->se[t],
				    c->share[t], c->share_se[t]);
			printf("%s\t%llu\t%.6g\ttotal\t%.10g\t%.3g\t1\t0\n",
			    rs[k].run->name, (unsigned long long)c->window,
			    ps, c->total, c->total_se);
		}
	for (k = 0; k < nr; k++) {
		for (w = 0; w < rs[k].ncs; w++)
			printf("# split run=%s window_frames=%llu origins=%llu "
			    "blocks=%u hops_per_window=%.6g drift=%s\n",
			    rs[k].run->name,
			    (unsigned long long)rs[k].cs[w].window,
			    (unsigned long long)rs[k].cs[w].origins,
			    rs[k].cs[w].blocks, rs[k].cs[w].hops_per_window,
			    rs[k].drift[0] ? rs[k].drift : "off");
		print_run_comment(&rs[k], o);
	}
}

/* --- cascades --- */

static void
cascade(struct result *r, const struct opts *o)
{
	const struct hop_run *run = r->run;
	struct hop_err err;
	double rmax = isfinite(o->rmax) ? o->rmax : 2 * r->p.cutoff;
	uint64_t tmax = o->taumax != UINT64_MAX ? o->taumax :
	    10 * r->p.lag > 10 ? 10 * r->p.lag : 10;

	if (run->nhops == 0 || !isfinite(rmax))
		return;
	if (hop_cascade_run(run->hops, run->nhops, run->h.natoms,
	    run->h.cell, r->T, rmax, (size_t)o->rbins, tmax,
	    (size_t)o->taubins, o->trials, o->seed, &r->casc, &err) != 0)
		hop_die("%s: %s", run->name, err.msg);
	r->have_casc = 1;
}

static void
cascade_rows(FILE *fp, const struct result *rs, size_t nr,
    const struct opts *o)
{
	size_t k, ir, it;

	fprintf(fp, "run\tr_lo_A\tr_hi_A\ttau_lo_frames\ttau_hi_frames\t"
	    "tau_lo_ps\ttau_hi_ps\tpairs\texpected_pairs\tg\tp_value\t"
	    "q_value\tsignificant\n");
	for (k = 0; k < nr; k++) {
		const struct hop_cascade *c = &rs[k].casc;
		double dt = rs[k].run->h.dt_fs / 1000.0;

		if (!rs[k].have_casc)
			continue;
		for (ir = 0; ir < c->nr; ir++)
			for (it = 0; it < c->nt; it++) {
				size_t b = ir * c->nt + it;
				uint64_t t0 = it * c->tw, t1 = (it + 1) * c->tw - 1;

				if (t1 > c->tmax)
					t1 = c->tmax;
				if (t0 > c->tmax)
					continue;

				fprintf(fp, "%s\t%.4f\t%.4f\t%llu\t%llu\t%.6g\t"
				    "%.6g\t%llu\t%.6g\t%.4g\t%.6g\t%.6g\t%s\n",
				    rs[k].run->name,
				    c->rmax * (double)ir / (double)c->nr,
				    c->rmax * (double)(ir + 1) / (double)c->nr,
				    (unsigned long long)t0,
				    (unsigned long long)t1, (double)t0 * dt,
				    (double)t1 * dt,
				    (unsigned long long)c->obs[b],
				    c->expect[b], c->expect[b] > 0 ?
				    (double)c->obs[b] / c->expect[b] : NAN,
				    c->p[b], c->q[b], o->trials == 0 ?
				    "not_tested" : c->q[b] <= o->fdr &&
				    c->obs[b] > 0 ? "yes" : "no");
			}
	}
}

static void
write_cascade(const struct result *rs, size_t nr, const struct opts *o)
{
	struct hop_outfile of;
	struct hop_err err;

	if (hop_outfile_open(&of, o->cascade, &err) != 0)
		hop_die("%s", err.msg);
	cascade_rows(of.fp, rs, nr, o);
	if (hop_outfile_commit(&of, &err) != 0)
		hop_die("%s", err.msg);
}

/*
 * g(r, tau) of each run as a heat map (tau across, r up; colour from 0 to
 * the largest g, bins without a null expectation left blank) beside its
 * colour bar.
 */
static void
draw_cascade(const struct result *rs, size_t nr, const struct opts *o)
{
	struct hop_svg *s = hop_svg_new((int)(nr > 0 ? nr : 1), 2, 520, 380,
	    "Hop cascades: g(r, \xcf\x84) relative to independent ions");
	struct hop_err err;
	size_t k, ir, it;
	char title[256];

	if (s == NULL)
		hop_die("out of memory");
	for (k = 0; k < nr; k++) {
		const struct hop_cascade *c = &rs[k].casc;
		struct hop_svg_panel *p = hop_svg_panel(s, (int)k, 0),
		    *bar = hop_svg_panel(s, (int)k, 1);
		int ps = isfinite(rs[k].run->h.dt_fs);
		double dt = ps ? rs[k].run->h.dt_fs / 1000.0 : 1, gmax = 0;
		size_t b;

		if (!rs[k].have_casc)
			continue;
		for (b = 0; b < c->nr * c->nt; b++)
			if (c->expect[b] > 0 &&
			    (double)c->obs[b] / c->expect[b] > gmax)
				gmax = (double)c->obs[b] / c->expect[b];
		if (!(gmax > 0))
			gmax = 1;
		snprintf(title, sizeof(title), "%s", rs[k].run->name);
		hop_svg_labels(p, title, ps ? "\xcf\x84 (ps)" :
		    "\xcf\x84 (frames)", "r (\xc3\x85)");
		hop_svg_xlim(p, 0, (double)(c->tmax + 1) * dt);
		hop_svg_ylim(p, 0, c->rmax);
		for (ir = 0; ir < c->nr; ir++)
			for (it = 0; it < c->nt; it++) {
				double g, x0 = (double)(it * c->tw) * dt,
				    x1 = (double)((it + 1) * c->tw <= c->tmax + 1 ?
				    (it + 1) * c->tw : c->tmax + 1) * dt,
				    y0 = c->rmax * (double)ir / (double)c->nr,
				    y1 = c->rmax * (double)(ir + 1) /
				    (double)c->nr;
				double px[4] = {x0, x1, x1, x0},
				    py[4] = {y0, y0, y1, y1};
				struct hop_svg_style st = {0, HOP_MARK_NONE, 0,
				    0, 0.5, 1};

				b = ir * c->nt + it;
				if (!(c->expect[b] > 0))
					continue;
				g = (double)c->obs[b] / c->expect[b];
				st.colour = HOP_SVG_CMAP +
				    (int)(255 * fmin(1, g / gmax) + 0.5);
				hop_svg_polygon(p, px, py, 4, &st, NULL);
			}
		/* The colour bar: g from 0 to its largest value. */
		hop_svg_labels(bar, "colour scale (1: as the null model)",
		    NULL, "g(r, \xcf\x84) (ratio to null)");
		hop_svg_xlim(bar, 0, 1);
		hop_svg_ylim(bar, 0, gmax);
		for (b = 0; b < 64; b++) {
			double y0 = gmax * (double)b / 64,
			    y1 = gmax * (double)(b + 1) / 64;
			double px[4] = {0.3, 0.7, 0.7, 0.3},
			    py[4] = {y0, y0, y1, y1};
			struct hop_svg_style st = {HOP_SVG_CMAP +
			    (int)(255 * (b + 0.5) / 64), HOP_MARK_NONE, 0, 0,
			    0.5, 1};

			hop_svg_polygon(bar, px, py, 4, &st, NULL);
		}
		{
			double lx[2] = {0.2, 0.8}, ly[2] = {1, 1};
			struct hop_svg_style ls = {-1, HOP_MARK_NONE, 0, 1, 1.5,
			    0};

			if (gmax >= 1)
				hop_svg_line(bar, lx, ly, 2, &ls, "g = 1");
		}
	}
	if (hop_svg_write(s, o->cascade_svg, &err) != 0)
		hop_die("%s", err.msg);
	hop_svg_free(s);
}

/* --- JSON --- */

static void
json_sizes(struct hop_json *j, const char *key, const struct result *r,
    int iondiff)
{
	size_t max, N;
	uint64_t *c = size_counts(r, iondiff, &max);

	hop_json_array(j, key);
	for (N = 0; N <= max; N++)
		hop_json_uint(j, NULL, c[N]);
	hop_json_close(j);
	free(c);
}

static void
json_body(FILE *fp, const struct result *rs, size_t nr, const struct opts *o)
{
	struct hop_json j;
	size_t k, f;
	unsigned c;

	hop_json_begin(&j, fp);
	hop_json_string(&j, "program", "hopmech");
	hop_json_string(&j, "version", HOP_VERSION);
	hop_json_uint(&j, "trials", o->trials);
	hop_json_uint(&j, "seed", o->seed);
	hop_json_number(&j, "fdr", o->fdr);
	hop_json_array(&j, "runs");
	for (k = 0; k < nr; k++) {
		const struct result *r = &rs[k];
		const struct hop_mech_groups *g = r->g;

		hop_json_object(&j, NULL);
		hop_json_string(&j, "run", r->run->name);
		hop_json_number(&j, "temperature_K", r->run->h.temperature_K);
		hop_json_uint(&j, "frames", r->T);
		hop_json_number(&j, "span_ps", r->span_ps);
		hop_json_uint(&j, "hops", g->nhops);
		hop_json_uint(&j, "ions", r->nions);
		hop_json_number(&j, "site_separation_A", r->site_sep);
		hop_json_number(&j, "cutoff_A", r->p.cutoff);
		hop_json_bool(&j, "cutoff_given", r->cutoff_given);
		hop_json_uint(&j, "lag_frames", r->p.lag);
		hop_json_bool(&j, "lag_given", r->lag_given);
		hop_json_number(&j, "match_A", r->p.r_match);
		hop_json_bool(&j, "match_given", r->match_given);
		hop_json_number(&j, "cos_min", r->p.cos_min);
		hop_json_uint(&j, "links", g->links);
		hop_json_uint(&j, "groups", g->ngroups);
		hop_json_uint(&j, "largest_group_hops", r->largest);
		hop_json_number(&j, "mean_ions", r->mean_ions);
		hop_json_number(&j, "mean_ions_se", r->mean_ions_se);
		hop_json_number(&j, "mean_ions_null", r->null.mean_ions);
		hop_json_number(&j, "iondiff_threshold", r->thr);
		hop_json_number(&j, "iondiff_mean_N", r->mean_Nid);
		json_sizes(&j, "hops_by_N_spatial", r, 0);
		json_sizes(&j, "hops_by_N_iondiff", r, 1);
		hop_json_array(&j, "flags");
		for (f = 0; f < NFLAGS; f++)
			if (r->flags & (1u << f))
				hop_json_string(&j, NULL, flag_names[f]);
		hop_json_close(&j);
		hop_json_array(&j, "classes");
		for (c = 0; c < HOP_MECH_NCLASS; c++) {
			double rate = (double)g->groups_in[c] / r->span_ps;

			hop_json_object(&j, NULL);
			hop_json_string(&j, "class", hop_mech_class_name(c));
			hop_json_uint(&j, "groups", g->groups_in[c]);
			hop_json_uint(&j, "hops", g->hops_in[c]);
			hop_json_number(&j, "rate_per_ps", rate);
			hop_json_number(&j, "rate_per_ps_per_ion", r->nions ?
			    rate / r->nions : NAN);
			hop_json_number(&j, "expected_groups",
			    r->null.expected[c]);
			hop_json_number(&j, "expected_sd", r->null.sd[c]);
			hop_json_number(&j, "excess_ratio",
			    r->null.expected[c] > 0 ?
			    (double)g->groups_in[c] / r->null.expected[c] :
			    NAN);
			hop_json_bool(&j, "tested", tested(c) && o->trials);
			hop_json_number(&j, "p_value", tested(c) && o->trials ?
			    r->null.p[c] : NAN);
			hop_json_number(&j, "q_value", r->q[c]);
			hop_json_bool(&j, "significant", r->sig[c]);
			hop_json_close(&j);
		}
		hop_json_close(&j);
		if (r->ncs > 0) {
			size_t w;

			hop_json_string(&j, "split_drift", r->drift[0] ?
			    r->drift : "off");
			hop_json_array(&j, "split");
			for (w = 0; w < r->ncs; w++) {
				const struct hop_condsplit *cs = &r->cs[w];

				hop_json_object(&j, NULL);
				hop_json_uint(&j, "window_frames", cs->window);
				hop_json_uint(&j, "origins", cs->origins);
				hop_json_uint(&j, "blocks", cs->blocks);
				hop_json_number(&j, "hops_per_window",
				    cs->hops_per_window);
				hop_json_number(&j, "msd_coll_A2", cs->total);
				hop_json_number(&j, "msd_coll_se_A2",
				    cs->total_se);
				hop_json_array(&j, "terms");
				for (c = 0; c < HOP_CS_NTERMS; c++) {
					hop_json_object(&j, NULL);
					hop_json_string(&j, "term",
					    hop_cs_term_name(c));
					hop_json_number(&j, "value_A2",
					    cs->value[c]);
					hop_json_number(&j, "value_se_A2",
					    cs->se[c]);
					hop_json_number(&j, "share",
					    cs->share[c]);
					hop_json_number(&j, "share_se",
					    cs->share_se[c]);
					hop_json_close(&j);
				}
				hop_json_close(&j);
				hop_json_close(&j);
			}
			hop_json_close(&j);
		}
		hop_json_close(&j);
	}
	hop_json_close(&j);
	hop_json_finish(&j);
}

static void
write_json(const struct result *rs, size_t nr, const struct opts *o)
{
	struct hop_outfile of;
	struct hop_err err;
	FILE *fp;

	if ((fp = hop_outfile_begin(&of, o->json, &err)) == NULL)
		hop_die("%s", err.msg);
	json_body(fp, rs, nr, o);
	if (hop_outfile_end(&of, &err) != 0)
		hop_die("%s", err.msg);
}

/* --- the figure --- */

/*
 * Left: P(N) over hops, the spatial groups' (circles) against IonDiff's
 * (squares), one colour per run.  Right: groups per class observed
 * (points) and expected under the null (mean +- one standard deviation,
 * bars).  Without a hop in any run, both panels say so.
 */
static void
draw(const struct result *rs, size_t nr, const struct opts *o)
{
	struct hop_svg *s = hop_svg_new(1, 2, 560, 420,
	    hop_cli_figure_text(o->fig.title, "Correlated hops: group sizes "
	    "and mechanisms against the null"));
	struct hop_svg_panel *pn, *pc;
	const char *names[HOP_MECH_NCLASS];
	struct hop_err err;
	size_t k, N;
	unsigned c;
	char leg[128];

	if (s == NULL)
		hop_die("out of memory");
	pn = hop_svg_panel(s, 0, 0);
	pc = hop_svg_panel(s, 0, 1);
	hop_svg_labels(pn, "P(N) over hops",
	    hop_cli_figure_text(o->fig.xlabel, "N (ions in the hop's group)"),
	    hop_cli_figure_text(o->fig.ylabel, "P(N)"));
	hop_svg_log_y(pn, 1);
	for (c = 0; c < HOP_MECH_NCLASS; c++)
		names[c] = hop_mech_class_name(c);
	hop_svg_categories(pc, names, HOP_MECH_NCLASS);
	hop_svg_labels(pc, "Groups per class", NULL, "groups (count)");
	for (k = 0, N = 0; k < nr; k++)
		N += rs[k].g->nhops;
	if (N == 0) {
		/* Axes without data would show made-up ranges. */
		hop_svg_note(pn, nr > 1 ? "no hop in any run" :
		    "no hop in this run");
		hop_svg_note(pc, nr > 1 ? "no hop in any run" :
		    "no hop in this run");
		nr = 0;
	}
	for (k = 0; k < nr; k++) {
		const struct result *r = &rs[k];
		int iondiff;

		for (iondiff = 0; iondiff < 2; iondiff++) {
			size_t max;
			uint64_t *cnt = size_counts(r, iondiff, &max);
			double *x = hop_xcalloc(max, sizeof(double)),
			    *y = hop_xcalloc(max, sizeof(double));
			struct hop_svg_style ps = {(int)k, iondiff ?
			    HOP_MARK_SQUARE : HOP_MARK_CIRCLE, 3.5, 0, 0, 0};

			for (N = 1; N <= max; N++) {
				x[N - 1] = (double)N;
				y[N - 1] = r->g->nhops ? (double)cnt[N] /
				    (double)r->g->nhops : NAN;
			}
			snprintf(leg, sizeof(leg), "%s%s%s", nr > 1 ?
			    r->run->name : "", nr > 1 ? ": " : "", iondiff ?
			    "IonDiff (time only)" : "space and time");
			hop_svg_points(pn, x, y, max, &ps, leg);
			free(x);
			free(y);
			free(cnt);
		}
		{
			double x[HOP_MECH_NCLASS], y[HOP_MECH_NCLASS],
			    lo[HOP_MECH_NCLASS], hi[HOP_MECH_NCLASS],
			    off = nr > 1 ? 0.3 * ((double)k / (nr - 1) - 0.5) :
			    0;
			struct hop_svg_style ps = {(int)k, HOP_MARK_CIRCLE, 4,
			    0, 0, 0};
			struct hop_svg_style bs = {(int)k, HOP_MARK_NONE, 4, 0,
			    1.5, 0};

			for (c = 0; c < HOP_MECH_NCLASS; c++) {
				x[c] = c + off;
				y[c] = (double)r->g->groups_in[c];
				lo[c] = r->null.expected[c] - r->null.sd[c];
				hi[c] = r->null.expected[c] + r->null.sd[c];
			}
			snprintf(leg, sizeof(leg), "%s%sobserved",
			    nr > 1 ? r->run->name : "", nr > 1 ? ": " : "");
			hop_svg_points(pc, x, y, HOP_MECH_NCLASS, &ps, leg);
			if (o->trials > 0) {
				snprintf(leg, sizeof(leg), "%s%snull mean "
				    "\xc2\xb1 sd", nr > 1 ? r->run->name : "",
				    nr > 1 ? ": " : "");
				hop_svg_errorbars(pc, x, lo, hi,
				    HOP_MECH_NCLASS, &bs, leg);
			}
		}
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
		{"blocks", required_argument, NULL, 'b'},
		{"cascade", required_argument, NULL, OPT_CASCADE},
		{"cascade-svg", required_argument, NULL, OPT_CASCADE_SVG},
		{"cos-min", required_argument, NULL, OPT_COS_MIN},
		{"cutoff", required_argument, NULL, OPT_CUTOFF},
		{"fdr", required_argument, NULL, OPT_FDR},
		{"frames", required_argument, NULL, OPT_FRAMES},
		{"iondiff-trials", required_argument, NULL,
		    OPT_IONDIFF_TRIALS},
		{"lag", required_argument, NULL, OPT_LAG},
		{"match", optional_argument, NULL, OPT_OLD_MATCH},
		{"merge-tol", required_argument, NULL, OPT_MERGE_TOL},
		{"members", no_argument, NULL, 'M'},
		{"xyz-group", required_argument, NULL, OPT_XYZ_GROUP},
		{"rbins", required_argument, NULL, OPT_RBINS},
		{"rmax", required_argument, NULL, OPT_RMAX},
		{"sizes", no_argument, NULL, 'N'},
		{"split", no_argument, NULL, 'S'},
		{"taubins", required_argument, NULL, OPT_TAUBINS},
		{"taumax", required_argument, NULL, OPT_TAUMAX},
		{"trials", required_argument, NULL, OPT_TRIALS},
		{"window", required_argument, NULL, 'w'},
		{"no-drift", no_argument, NULL, OPT_NO_DRIFT},
		{NULL, 0, NULL, 0}
	};
	struct opts o = {NAN, NAN, HOP_MECH_COS_MIN, 0.05, UINT64_MAX, 1000,
	    1, 200, 5, 0, 0, 0, UINT64_MAX, NULL, NULL, NULL, NULL, 0, NULL, NULL,
	    NAN, 8,
	    10, UINT64_MAX, {NULL, NULL, NULL}, NULL, 0, NULL};
	struct hop_run *runs;
	struct result *rs;
	struct hop_err err;
	size_t k, nruns;
	int c, status = HOP_EXIT_OK, table;

	hop_cli_init(prog, usage);
	while ((c = getopt_long(argc, argv, HOP_OPTSTR_GLOBAL
	    "b:g:J:MNr:Sw:", longopts, NULL)) != -1) {
		if (hop_cli_global(c) || hop_cli_figure(&o.fig, c, optarg))
			continue;
		switch (c) {
		case 'b':
			o.split_opt = "--blocks";
			if (hop_cli_u64(optarg, 2, 1000, &o.blocks) != 0)
				hop_usage_bad("blocks", optarg, "an integer from "
				    "2 to 1000");
			break;
		case OPT_FRAMES:
			o.frames = optarg;
			break;
		case 'S':
			o.split = 1;
			break;
		case OPT_NO_DRIFT:
			o.split_opt = "--no-drift";
			o.no_drift = 1;
			break;
		case 'w': {
			struct hop_list l;
			size_t i;

			o.split_opt = "--window";
			hop_cli_list(&l, "window", optarg, "frames, "
			    "comma-separated");
			free(o.windows);
			o.windows = hop_xcalloc(l.n, sizeof(*o.windows));
			o.nwindows = l.n;
			for (i = 0; i < l.n; i++)
				if (hop_cli_u64(l.v[i], 1, UINT64_MAX / 4,
				    &o.windows[i]) != 0)
					hop_usage_bad("window", optarg, "frames "
					    "from 1, comma-separated");
			hop_list_free(&l);
			break;
		}
		case OPT_CUTOFF:
			if (hop_cli_double(optarg, 1e-6, 1e6, &o.cutoff) != 0)
				hop_usage_bad("cutoff", optarg, "a distance in "
				    "A above 0");
			break;
		case OPT_CASCADE:
			o.cascade = optarg;
			break;
		case OPT_CASCADE_SVG:
			o.cascade_svg = optarg;
			break;
		case OPT_RBINS:
			o.casc_opt = "--rbins";
			if (hop_cli_u64(optarg, 1, 1000, &o.rbins) != 0)
				hop_usage_bad("rbins", optarg, "an integer from "
				    "1 to 1000");
			break;
		case OPT_RMAX:
			o.casc_opt = "--rmax";
			if (hop_cli_double(optarg, 1e-6, 1e6, &o.rmax) != 0)
				hop_usage_bad("rmax", optarg, "a distance in A "
				    "above 0");
			break;
		case OPT_TAUBINS:
			o.casc_opt = "--taubins";
			if (hop_cli_u64(optarg, 1, 1000, &o.taubins) != 0)
				hop_usage_bad("taubins", optarg, "an integer "
				    "from 1 to 1000");
			break;
		case OPT_TAUMAX:
			o.casc_opt = "--taumax";
			if (hop_cli_u64(optarg, 0, 1000000000, &o.taumax) != 0)
				hop_usage_bad("taumax", optarg, "an integer from "
				    "0 to 1000000000");
			break;
		case OPT_COS_MIN:
			if (hop_cli_double(optarg, -1, 1, &o.cos_min) != 0)
				hop_usage_bad("cos-min", optarg, "a number "
				    "from -1 to 1");
			break;
		case OPT_FDR:
			if (hop_cli_double(optarg, 1e-9, 1, &o.fdr) != 0 ||
			    !(o.fdr < 1))
				hop_usage_bad("fdr", optarg, "a number above 0 "
				    "and below 1");
			break;
		case OPT_IONDIFF_TRIALS:
			if (hop_cli_u64(optarg, 1, 1000000,
			    &o.iondiff_trials) != 0)
				hop_usage_bad("iondiff-trials", optarg, "an "
				    "integer from 1 to 1000000");
			break;
		case HOP_OPT_JSON:
			o.json = optarg;
			break;
		case OPT_LAG:
			if (hop_cli_u64(optarg, 0, 1000000000, &o.lag) != 0)
				hop_usage_bad("lag", optarg, "an integer from 0 "
				    "to 1000000000");
			break;
		case OPT_MERGE_TOL:
			if (hop_cli_double(optarg, 1e-6, 1e6, &o.match) != 0)
				hop_usage_bad("merge-tol", optarg, "a distance "
				    "in A above 0");
			break;
		case OPT_OLD_MATCH:
			hop_usage_error("--match is now --merge-tol (hopsites "
			    "--match=REF labels sites by a reference)");
		case 'M':
			o.members = 1;
			break;
		case OPT_XYZ_GROUP:
			if (hop_cli_u64(optarg, 0, UINT32_MAX, &o.xyz_group) != 0)
				hop_usage_bad("xyz-group", optarg, "a group "
				    "number, from 0");
			break;
		case OPT_TRIALS:
			if (hop_cli_u64(optarg, 0, 10000000, &o.trials) != 0)
				hop_usage_bad("trials", optarg, "an integer from "
				    "0 to 10000000");
			break;
		case 'N':
			o.sizes = 1;
			break;
		case HOP_OPT_SEED:
			if (hop_cli_u64(optarg, 0, UINT64_MAX, &o.seed) != 0)
				hop_usage_bad("seed", optarg, "a non-negative "
				    "integer");
			break;
		case HOP_OPT_SVG:
			o.svg = optarg;
			break;
		default:
			usage(stderr, HOP_EXIT_USAGE);
		}
	}
	if (o.members + o.sizes + o.split + (o.xyz_group != UINT64_MAX) > 1)
		hop_usage_error("--members, --sizes, --split and --xyz-group "
		    "each replace the table: give one");
	if (o.xyz_group != UINT64_MAX && o.frames == NULL)
		hop_usage_error("--xyz-group needs the run's frames: "
		    "--frames=FILE");
	if (o.xyz_group != UINT64_MAX && argc - optind != 1)
		hop_usage_error("--xyz-group goes with one hop stream");
	if (o.xyz_group != UINT64_MAX && o.json != NULL &&
	    strcmp(o.json, "-") == 0)
		hop_usage_error("--xyz-group and --json=- both write to "
		    "standard output");
	if (o.split && o.frames == NULL)
		hop_usage_error("--split needs the run's frames: --frames=FILE");
	if (o.frames != NULL && argc - optind > 1)
		hop_usage_error("--frames goes with one hop stream, not %d",
		    argc - optind);
	/* An option that would have no effect is refused, naming it. */
	if (o.frames != NULL && !o.split && o.xyz_group == UINT64_MAX &&
	    o.json == NULL)
		hop_usage_error("--frames goes with --split, --xyz-group or "
		    "--json (which then holds the split)");
	if (o.split_opt != NULL && !o.split && (o.frames == NULL ||
	    o.xyz_group != UINT64_MAX || o.json == NULL))
		hop_usage_error("%s goes with --split (or --frames and --json)",
		    o.split_opt);
	if (o.casc_opt != NULL && o.cascade == NULL && o.cascade_svg == NULL)
		hop_usage_error("%s goes with --cascade or --cascade-svg",
		    o.casc_opt);
	if (o.svg == NULL && (o.fig.title != NULL || o.fig.xlabel != NULL ||
	    o.fig.ylabel != NULL))
		hop_usage_error("%s goes with --svg", o.fig.title != NULL ?
		    "--title" : o.fig.xlabel != NULL ? "--xlabel" : "--ylabel");
	{
		/* The outputs tried before the run's work (inputs
		 * protected first): a path that cannot be written, or names
		 * an input, fails with nothing done. */
		const char *outs[4] = {o.json, o.svg, o.cascade, o.cascade_svg};

		if ((o.frames != NULL && hop_outfile_protect_path(o.frames,
		    &err) != 0) || hop_outfile_precheck(argv + optind,
		    (size_t)(argc - optind), outs, 4, &err) != 0)
			hop_die("%s", err.msg);
	}
	if (hop_runs_load(argv + optind, argc - optind, &runs, &nruns,
	    &err) != 0)
		hop_die("%s", err.msg);
	rs = hop_xcalloc(nruns, sizeof(*rs));
	for (k = 0; k < nruns; k++) {
		analyse(&runs[k], &o, &rs[k]);
		if (o.frames != NULL && o.xyz_group == UINT64_MAX)
			split(&rs[k], &o);
		if (o.cascade != NULL || o.cascade_svg != NULL)
			cascade(&rs[k], &o);
	}
	/* With --json=- standard output holds the JSON alone. */
	table = o.json == NULL || strcmp(o.json, "-") != 0;
	if (table && o.xyz_group != UINT64_MAX)
		write_group_xyz(&rs[0], &o);
	else if (table && o.members)
		print_members(rs, nruns, &o);
	else if (table && o.split)
		print_split(rs, nruns, &o);
	else if (table && o.sizes)
		print_sizes(rs, nruns, &o);
	else if (table)
		print_classes(rs, nruns, &o);
	if (o.json != NULL)
		write_json(rs, nruns, &o);
	if (o.svg != NULL)
		draw(rs, nruns, &o);
	if (o.cascade != NULL)
		write_cascade(rs, nruns, &o);
	if (o.cascade_svg != NULL)
		draw_cascade(rs, nruns, &o);
	for (k = 0; k < nruns; k++) {
		hop_mech_free(rs[k].m);
		free(rs[k].Nid);
		free(rs[k].cs);
		hop_cascade_free(&rs[k].casc);
	}
	free(rs);
	free(o.windows);
	hop_runs_free(runs, nruns);
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
