/*
 * msd - mean-squared displacements of one species over every time origin,
 * its tracer and collective diffusion coefficients with uncertainties, the
 * Haven ratio and the Nernst-Einstein conductivity; with --arrhenius, the
 * activation energy from runs at several temperatures.
 *
 * The trajectory of the species is kept as single-precision displacements
 * (common/msd.h), so a run costs 12 bytes per ion and frame; the MSDs of
 * every lag and origin come from FFTs in O(N T log T).  D comes from the
 * maximum-likelihood estimator of common/diffusion.h at a stride chosen
 * from the data (or --start), with IonDiff's straight-line window under
 * --ols; man/msd.1 states both, their uncertainties and the warnings.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arrhenius.h"
#include "atomrange.h"
#include "cell.h"
#include "cli.h"
#include "diffusion.h"
#include "input.h"
#include "json.h"
#include "memsize.h"
#include "msd.h"
#include "msdpart.h"
#include "outfile.h"
#include "species.h"
#include "unwrapped.h"
#include "splitrun.h"
#include "stream.h"
#include "svg.h"
#include "transport.h"

static const char *prog = "msd";

#define A2PS_TO_CM2S 1e-4        /* 1 A^2/ps = 1e-16 cm^2 / 1e-12 s */
#define SVG_POINTS 2000          /* points per plotted MSD curve */

/* Long options without a letter. */
enum {
	OPT_FIT_FROM = 256, OPT_FIT_TO, OPT_OLS, OPT_PER_AXIS, OPT_START,
	OPT_THREADS, OPT_PARTIAL, OPT_REDUCE, OPT_ARRHENIUS, OPT_DIMS, OPT_LAGS,
	OPT_NO_DRIFT
};

struct opts {
	int arrhenius;
	int ols;            /* --ols: IonDiff's window instead of the estimator */
	int per_axis;
	double start_ps;    /* --start, 0 for the rule */
	double temperature; /* --temperature, 0 for the header's */
	const char *json;
	struct hop_cli_arrhenius arr; /* --at, --material */
	const char *table;  /* --arrhenius-table */
	uint64_t blocks;
	double charge;
	unsigned axes;
	const char *dims;
	int drift;          /* 1 --drift, 0 --no-drift, -1 the default */
	double from, to;
	const char *frame_species;
	uint64_t lags;      /* 0: every lag */
	const char *species;
	const char *svg;
	struct hop_cli_figure fig; /* --title, --xlabel, --ylabel */
	unsigned threads;   /* --jobs */
	struct hop_atomrange atoms; /* --atoms */
	int atoms_set;
	uint64_t max_memory; /* --max-memory, bytes */
	int partial;        /* --partial: write the part's sums */
	int reduce;         /* --reduce: the run from the parts' sums */
};

/* Diffusion coefficients (cm^2/s) from one fit window, with the
 * uncertainties from the blocks. */
struct dfit {
	double from, to;        /* the window, fractions of the longest lag */
	double d_self, dd_self, d_coll, dd_coll; /* cm^2/s */
	struct hop_linfit fs, fc; /* the fits themselves (A^2 against ps) */
};

/* Everything msd learns about one run. */
struct run {
	const char *name;
	char species[HOP_MAX_NAME + 1];
	char framework[256];    /* "" without drift correction */
	uint32_t nions;
	unsigned dims;
	size_t n;               /* frames = lags */
	double dt_ps, temp_K, volume_A3, density_cm3;
	double *lag, *self, *coll; /* n values each */
	struct dfit main, check; /* --ols: the window and its first half */
	uint64_t blocks_used;   /* 0 when the run is too short for blocks */
	struct hop_diff_run dr;  /* the estimator's strides, D and halves */
	struct hop_transport res, hres[2]; /* the whole run's, the halves' */
	double widen[2];            /* res's dD* and dD_sigma widened by */
	unsigned flags;             /* HOP_TR_* */
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: msd [options] [FILE]\n"
	    "       msd [options] --partial [FILE]\n"
	    "       msd [options] --reduce PART ...\n"
	    "       msd [options] --arrhenius FILE ...\n"
	    "       msd [options] --arrhenius-table=TABLE\n"
	    "Mean-squared displacements and diffusion coefficients of one "
	    "species of an unwrapped hop stream.\n"
	    "      --arrhenius            fit ln D against 1/T over several "
	    "runs\n"
	    "  -A, --arrhenius-table=TABLE  fit a table (msd's own, or "
	    "summary.tsv) instead\n"
	    "      --atoms=RANGE          only these ions of the species, by "
	    "original index: 0-999,2500\n"
	    "      --at=K                 the Arrhenius prediction's "
	    "temperature (default: 300)\n"
	    "  -b, --blocks=N             --ols: sub-runs for the "
	    "uncertainties (default: 5)\n"

	    "      --dims=AXES            axes the MSD sums over: xyz, xy, z, "
	    "... (default: xyz)\n"
	    "  -c, --drift                subtract the framework's centroid "
	    "motion (default: on when\n"
	    "                             the stream holds a framework)\n"
	    "      --fit-from=F           --ols: fit from this fraction of "
	    "the longest lag (default: 0.4)\n"
	    "      --fit-to=F             --ols: fit to this fraction of the "
	    "longest lag (default: 1)\n"
	    "  -F, --frame-species=LIST   framework for --drift (default: "
	    "every other species)\n"
	    "  -h, --help                 show this help and exit\n"
	    "  -j, --jobs=N               threads for the transforms "
	    "(default: the CPUs, at most 64)\n"
	    "  -J, --json=FILE            also write every number as JSON "
	    "(-: instead of the table)\n"
	    "      --lags=N               about N log-spaced lags in the table "
	    "(default: every lag)\n"
	    "      --material=NAME        the rows of one material of an "
	    "Arrhenius table\n"
	    "      --max-memory=SIZE      refuse a run needing more memory: "
	    "2G, 500M (default: the\n"
	    "                             machine's physical memory)\n"
	    "      --no-drift             no drift correction, as IonDiff: "
	    "D_coll and sigma in the\n"
	    "                             centre-of-mass frame\n"
	    "      --ols                  IonDiff's straight line over a window "
	    "of lags instead\n"
	    "      --partial              write this part's sums (for --reduce) "
	    "on standard output\n"
	    "      --per-axis             also D_self of each axis\n"
	    "  -q, --quiet                no warnings, no progress and no "
	    "statement of the memory\n"
	    "                             needed on standard error\n"
	    "      --reduce               the run's numbers from its parts' "
	    "--partial sums\n"
	    "  -s, --species=NAME         the species, one (default: the run's "
	    "mobile family species)\n"
	    "      --start=PS             the diffusive regime starts here "
	    "(default: from the data)\n"
	    "  -g, --svg=FILE             plot the MSDs and fits (or the "
	    "Arrhenius fit) to FILE\n"
	    "  -t, --temperature=K        for the conductivity (default: the "
	    "stream's)\n"
	    "      --title=TEXT           the figure's title (default: what it "
	    "shows)\n"
	    "  -z, --charge=Q             ion charge in e, for the "
	    "conductivity (default: 1)\n"
	    "  -V, --version              show the version and exit\n"
	    "      --xlabel=TEXT          the figure's x axis label (default: "
	    "its quantity)\n"
	    "      --ylabel=TEXT          the figure's y axis label (default: "
	    "its quantity)\n");
	hop_cli_exit(prog, status);
}

/* "xyz", "xy", "z", ...: each axis at most once. */
static int
parse_axes(const char *s, unsigned *axes)
{
	*axes = 0;
	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		unsigned bit = *s == 'x' ? HOP_MSD_X : *s == 'y' ? HOP_MSD_Y :
		    *s == 'z' ? HOP_MSD_Z : 0;

		if (bit == 0 || (*axes & bit))
			return -1;
		*axes |= bit;
	}
	return 0;
}

static void
run_free(struct run *r)
{
	free(r->lag);
	free(r->self);
	free(r->coll);
	memset(r, 0, sizeof(*r));
}

/* D in cm^2/s from an MSD slope in A^2/ps over dims axes. */
static double
d_of_slope(double slope, unsigned dims)
{
	return slope / (2.0 * dims) * A2PS_TO_CM2S;
}

/* Fit one window of the whole run. */
static void
fit_run(struct run *r, struct dfit *d)
{
	double slope;

	hop_msd_fit_window(r->lag, r->self, r->n, d->from, d->to, &slope,
	    &d->fs);
	d->d_self = d_of_slope(slope, r->dims);
	hop_msd_fit_window(r->lag, r->coll, r->n, d->from, d->to, &slope,
	    &d->fc);
	d->d_coll = d_of_slope(slope, r->dims);
	d->dd_self = d->dd_coll = NAN;
}

/* --ols: the blocks' spread of both windows' Ds (hop_msd_block_sd).
 * 0 or -1. */
static int
block_errors(const struct hop_msd_traj *t, struct run *r,
    const struct opts *o, struct hop_err *err)
{
	double from[2] = {r->main.from, r->check.from};
	double to[2] = {r->main.to, r->check.to}, ss[2], sc[2];
	int nb = hop_msd_block_sd(t, r->lag, (size_t)o->blocks, from, to, 2,
	    o->threads, ss, sc, err);

	if (nb < 0)
		return -1;
	r->blocks_used = (uint64_t)nb;
	r->main.dd_self = d_of_slope(ss[0], r->dims);
	r->main.dd_coll = d_of_slope(sc[0], r->dims);
	r->check.dd_self = d_of_slope(ss[1], r->dims);
	r->check.dd_coll = d_of_slope(sc[1], r->dims);
	return 0;
}

/* Which species make up the framework around sp (frame[s] = 1; all 0
 * without drift correction): by default every other species, when the
 * stream holds them whole (species.h).  0 or -1. */
static int
choose_framework(const struct hop_header *h, const struct opts *o,
    struct run *r, int sp, unsigned char *frame, struct hop_err *err)
{
	return hop_cli_drift_framework(h, o->drift, o->frame_species, sp,
	    r->name, frame, r->framework, sizeof(r->framework), err);
}

/* The estimator (common/diffusion.h) on the stored run, and its flags. */
static int
estimate(const struct hop_msd_traj *t, struct run *r, const struct opts *o,
    struct hop_err *err)
{
	if (hop_diff_run(t, r->dt_ps, o->start_ps, o->per_axis,
	    (unsigned)o->threads, &r->dr, err) != 0)
		return -1;
	if (r->dr.too_short)
		r->flags |= HOP_TR_SHORT;
	if (r->dr.no_plateau)
		r->flags |= HOP_TR_NO_PLATEAU;
	return 0;
}

/* The run's numbers in cm^2/s, the derived ones and the flags. */
static void
results(struct run *r, const struct opts *o)
{
	int k;

	if (o->ols) {
		r->res.d_self = r->main.d_self;
		r->res.dd_self = r->main.dd_self;
		r->res.d_coll = r->main.d_coll;
		r->res.dd_coll = r->main.dd_coll;
		r->hres[0].d_self = r->check.d_self;
		r->hres[0].dd_self = r->check.dd_self;
		r->hres[0].d_coll = r->check.d_coll;
		r->hres[0].dd_coll = r->check.dd_coll;
	} else {
		const struct hop_diff_est *e[3] = {&r->dr.est, &r->dr.half[0],
		    &r->dr.half[1]};
		struct hop_transport *x[3] = {&r->res, &r->hres[0], &r->hres[1]};

		for (k = 0; k < 3; k++) {
			x[k]->d_self = e[k]->d_self * A2PS_TO_CM2S;
			x[k]->dd_self = e[k]->dd_self * A2PS_TO_CM2S;
			x[k]->d_coll = e[k]->d_coll * A2PS_TO_CM2S;
			x[k]->dd_coll = e[k]->dd_coll * A2PS_TO_CM2S;
		}
	}
	for (k = 0; k < 3; k++)
		hop_transport_derive(k == 0 ? &r->res : &r->hres[k - 1],
		    r->density_cm3, o->charge, r->temp_K);
	r->flags |= hop_tr_flags(&r->res, !o->ols && r->dr.have_half ? r->hres :
	    NULL, r->temp_K);
	hop_tr_widen(&r->res, !o->ols && r->dr.have_half ? r->hres : NULL,
	    r->flags, r->density_cm3, o->charge, r->temp_K, r->widen);
	/* Each axis's D* comes from the same run, whose halves disagree
	 * or not: its dD is widened as D*'s. */
	for (k = 0; o->per_axis && !o->ols && k < (int)r->dims; k++)
		r->dr.est.dd_axis[k] *= r->widen[0];
}

/*
 * --partial: this part's sums (common/msdpart) on standard output.  The
 * part's ions are ion[] (NULL: the species' atoms from slot off); the
 * whole run's atoms of the species come from the header or hopsplit's
 * note (common/splitrun).  0 or -1.
 */
static int
write_partial(const struct hop_header *h, const struct hop_msd_traj *t,
    const struct run *r, const struct opts *o, double vol,
    const double drift[3], const uint32_t *ion, size_t off, int sp,
    struct hop_err *err)
{
	struct hop_msdpart_meta m;
	struct hop_split_universe u;
	struct hop_atomrange ions;
	uint32_t *idx = hop_xreallocarray(NULL, r->nions, sizeof(*idx));
	size_t i, len = 0, cap = 256;
	int us, ret = -1;

	memset(&m, 0, sizeof(m));
	hop_atomrange_init(&ions);
	if (hop_split_universe(h, &u, NULL, err) != 0) {
		hop_err_prefix(err, r->name);
		free(idx);
		return -1;
	}
	snprintf(m.species, sizeof(m.species), "%s", r->species);
	m.axes = o->axes;
	m.frames = r->n;
	m.dt_ps = r->dt_ps;
	m.temperature_K = h->temperature_K;
	m.volume_sum = vol;
	snprintf(m.framework, sizeof(m.framework), "%s", r->framework);
	memcpy(m.drift_sum, drift, sizeof(m.drift_sum));
	m.start_ps = o->start_ps;
	m.nions = r->nions;
	for (i = 0; i < r->nions; i++)
		idx[i] = h->orig_index[ion != NULL ? ion[i] : off + i];
	if (hop_atomrange_from_indices(&ions, idx, r->nions, err) != 0 ||
	    (us = hop_split_universe_species(&u, h->species[sp].name)) < 0) {
		hop_err_set(err, "%s: the run's %s atoms are unknown", r->name,
		    h->species[sp].name);
		goto out;
	}
	m.ions = hop_atomrange_format(&ions);
	m.universe = hop_atomrange_format(&u.atoms[us]);
	m.key = hop_xmalloc(cap);
	m.key[0] = '\0';
	for (i = 0; i < h->nprov; i++) {
		char *k = hop_split_cmdline_key(h->prov[i].cmdline), *q;
		size_t need;

		if (k == NULL)
			hop_die("out of memory");
		need = len + strlen(h->prov[i].program) + strlen(k) + 8;
		if (need > cap) {
			cap = 2 * need;
			m.key = hop_xreallocarray(m.key, cap, 1);
		}
		len += (size_t)snprintf(m.key + len, cap - len, "%s%s: %s",
		    i ? " | " : "", h->prov[i].program, k);
		free(k);
		for (q = m.key; *q; q++)
			if (*q == '\n')
				*q = ' ';
	}
	if (m.ions == NULL || m.universe == NULL)
		hop_die("out of memory");
	ret = hop_msdpart_write(stdout, "<stdout>", &m, t,
	    (unsigned)o->threads, err);
out:
	hop_msdpart_meta_free(&m);
	hop_atomrange_free(&ions);
	hop_split_universe_free(&u);
	free(idx);
	return ret;
}

/*
 * --reduce: the run's MSDs and estimates from its parts' sums, into r as
 * load_run fills it.  0 or -1.
 */
static int
reduce_run(char **files, int nfiles, const struct opts *o, struct run *r,
    struct hop_err *err)
{
	struct hop_msdpart_set *set;
	const struct hop_msdpart_meta *m;
	struct hop_diff_spectra sp;
	size_t k;
	int ret = -1;

	r->name = files[0];
	if ((set = hop_msdpart_open((const char *const *)files,
	    (size_t)nfiles, err)) == NULL)
		return -1;
	m = hop_msdpart_meta(set);
	if (m->axes != o->axes || !(m->start_ps == o->start_ps) ||
	    (o->species != NULL && strcmp(o->species, m->species) != 0) ||
	    o->drift >= 0) {
		hop_err_set(err, "%s: the parts were made with other options "
		    "(species %s, --dims, --start, --drift or --no-drift are "
		    "the parts' to choose, when --partial is run)", files[0],
		    m->species);
		goto out;
	}
	snprintf(r->species, sizeof(r->species), "%s", m->species);
	snprintf(r->framework, sizeof(r->framework), "%s", m->framework);
	r->nions = m->nions;
	r->dims = (m->axes & 1) + (m->axes >> 1 & 1) + (m->axes >> 2 & 1);
	r->n = m->frames;
	r->dt_ps = m->dt_ps;
	r->temp_K = o->temperature > 0 ? o->temperature : m->temperature_K;
	r->volume_A3 = m->volume_sum / (double)r->n;
	r->density_cm3 = r->volume_A3 > 0 ? r->nions / r->volume_A3 * 1e24 :
	    NAN;
	r->lag = hop_xreallocarray(NULL, r->n, sizeof(double));
	r->self = hop_xreallocarray(NULL, r->n, sizeof(double));
	r->coll = hop_xreallocarray(NULL, r->n, sizeof(double));
	for (k = 0; k < r->n; k++)
		r->lag[k] = (double)k * r->dt_ps;
	if (hop_msdpart_msd(set, r->self, r->coll, err) != 0)
		goto out;
	hop_msdpart_spectra(set, &sp);
	if (hop_diff_run_spectra(&sp, r->dt_ps, o->start_ps, &r->dr,
	    err) != 0)
		goto out;
	if (r->dr.too_short)
		r->flags |= HOP_TR_SHORT;
	if (r->dr.no_plateau)
		r->flags |= HOP_TR_NO_PLATEAU;
	results(r, o);
	ret = 0;
out:
	hop_msdpart_free(set);
	return ret;
}

/*
 * Read the run at path (NULL or "-": standard input) into r: the MSDs of
 * every lag, both fit windows and their block uncertainties.  0 or -1.
 */
static int
load_run(const char *path, const struct opts *o, struct run *r,
    struct hop_err *err)
{
	struct hop_reader *rd;
	const struct hop_header *h;
	struct hop_msd_traj *t = NULL;
	struct hop_progress prog_bar;
	struct hop_record rec;
	struct hop_frame fr;
	unsigned char *frame = NULL;
	size_t off = 0, nfw = 0, m, i;
	uint32_t *ion = NULL; /* --atoms: the ions' slots, else NULL */
	double *gather = NULL;
	double vol = 0, drift[3] = {0, 0, 0};
	uint32_t s;
	int sp = -1, st, ret = -1;

	r->name = path == NULL || strcmp(path, "-") == 0 ? "<stdin>" : path;
	if ((rd = hop_unwrapped_open(path, r->name, o->species, &sp, &off,
	    err)) == NULL)
		return -1;
	h = hop_reader_header(rd);
	if ((frame = malloc(h->nspecies + 1)) == NULL) {
		hop_err_set(err, "%s: out of memory", r->name);
		goto out;
	}
	if (choose_framework(h, o, r, sp, frame, err) != 0)
		goto out;
	snprintf(r->species, sizeof(r->species), "%s", h->species[sp].name);
	for (s = 0; s < h->nspecies; s++)
		if (frame[s])
			nfw += h->species[s].count;
	r->nions = h->species[sp].count;
	if (o->atoms_set) {
		ion = hop_xreallocarray(NULL, r->nions ? r->nions : 1,
		    sizeof(*ion));
		for (i = 0, r->nions = 0; i < h->species[sp].count; i++)
			if (hop_atomrange_has(&o->atoms,
			    h->orig_index[off + i]))
				ion[r->nions++] = (uint32_t)(off + i);
		if (r->nions == 0) {
			hop_err_set(err, "%s: --atoms selects none of the %u "
			    "%s ions", r->name, h->species[sp].count,
			    r->species);
			goto out;
		}
		gather = hop_xreallocarray(NULL, r->nions,
		    3 * sizeof(*gather));
	}
	{
		uint64_t nf = hop_memsize_stream_frames(h, path);
		uint64_t per = 4 * (uint64_t)(o->axes == 7 ? 3 : o->axes == 1 ||
		    o->axes == 2 || o->axes == 4 ? 1 : 2);
		char what[160];

		if (nf > 0) {
			snprintf(what, sizeof(what), "%u ions x %llu frames",
			    r->nions, (unsigned long long)nf);
			if (hop_cli_memory_check(r->name, per * r->nions * nf +
			    nf * (48 + 40 * (uint64_t)o->threads) + (4u << 20),
			    o->max_memory, what, "msd --partial on each part "
			    "and msd --reduce") != 0) {
				err->msg[0] = '\0';
				goto out;
			}
		}
	}
	r->dt_ps = h->dt_fs * 1e-3;
	r->temp_K = h->temperature_K;
	if ((t = hop_msd_traj_new(r->nions, o->axes, err)) == NULL) {
		hop_err_prefix(err, r->name);
		goto out;
	}
	r->dims = hop_msd_traj_dims(t);
	hop_progress_start(&prog_bar, "frames", h->nframes);
	while ((st = hop_reader_next(rd, &rec, err)) == 1) {
		double c[3] = {0, 0, 0};
		size_t a = 0;

		if (rec.type != HOP_REC_FRAME)
			continue;
		if (hop_frame_decode(rd, &rec, &fr, err) != 0)
			goto out;
		if (hop_frame_check_finite(h, &rec, &fr, err) != 0) {
			hop_err_prefix(err, r->name);
			goto out;
		}
		/* The framework's centroid: for atoms vibrating about fixed
		 * sites it moves exactly as the centre of mass does, and the
		 * stream carries no masses. */
		for (s = 0; s < h->nspecies; a += h->species[s].count, s++) {
			size_t i;

			if (!frame[s])
				continue;
			for (i = a; i < a + h->species[s].count; i++) {
				c[0] += fr.pos[3 * i];
				c[1] += fr.pos[3 * i + 1];
				c[2] += fr.pos[3 * i + 2];
			}
		}
		if (nfw > 0) {
			c[0] /= (double)nfw;
			c[1] /= (double)nfw;
			c[2] /= (double)nfw;
			if (!isfinite(c[0] + c[1] + c[2])) {
				hop_err_set(err, "%s: record %llu: a framework "
				    "atom has a non-finite coordinate", r->name,
				    (unsigned long long)rec.number);
				goto out;
			}
		}
		vol += fabs(hop_cell_det(fr.cell));
		drift[0] += c[0];
		drift[1] += c[1];
		drift[2] += c[2];
		if (ion != NULL)
			for (i = 0; i < r->nions; i++)
				memcpy(gather + 3 * i, fr.pos + 3 *
				    (size_t)ion[i], 3 * sizeof(double));
		if (hop_msd_traj_add(t, ion != NULL ? gather : fr.pos + 3 * off,
		    nfw > 0 ? c : NULL, err) != 0) {
			char msg[HOP_ERR_MAX];

			memcpy(msg, err->msg, sizeof(msg));
			hop_err_set(err, "%s: record %llu: %s", r->name,
			    (unsigned long long)rec.number, msg);
			goto out;
		}
		hop_progress_update(&prog_bar, hop_msd_traj_frames(t));
	}
	hop_progress_end(&prog_bar);
	if (st < 0)
		goto out;
	r->n = hop_msd_traj_frames(t);
	if (r->n == 0 && (hop_reader_hops(rd) > 0 ||
	    hop_reader_atoms(rd) > 0)) {
		hop_err_set(err, "%s: this is a hop stream: give the unwrapped "
		    "frames (what unwrap writes, not what kmeans-hops writes)",
		    r->name);
		goto out;
	}
	if (r->n < 2) {
		hop_err_set(err, "%s: %zu frame%s: an MSD needs at least 2",
		    r->name, r->n, r->n == 1 ? "" : "s");
		goto out;
	}
	if (o->partial) {
		ret = write_partial(h, t, r, o, vol, drift, ion, off, sp, err);
		goto out;
	}
	r->volume_A3 = vol / (double)r->n;
	r->density_cm3 = r->volume_A3 > 0 ? r->nions / r->volume_A3 * 1e24 :
	    NAN;
	r->lag = malloc(r->n * sizeof(double));
	r->self = malloc(r->n * sizeof(double));
	r->coll = malloc(r->n * sizeof(double));
	if (r->lag == NULL || r->self == NULL || r->coll == NULL) {
		hop_err_set(err, "%s: out of memory for %zu lags", r->name,
		    r->n);
		goto out;
	}
	for (m = 0; m < r->n; m++)
		r->lag[m] = (double)m * r->dt_ps;
	if (hop_msd_traj_compute(t, 0, r->n, (unsigned)o->threads, r->self,
	    r->coll, err) != 0) {
		hop_err_prefix(err, r->name);
		goto out;
	}
	if (o->temperature > 0)
		r->temp_K = o->temperature;
	if (o->ols) {
		r->main.from = o->from;
		r->main.to = o->to;
		r->check.from = o->from / 2;
		r->check.to = o->to / 2;
		fit_run(r, &r->main);
		fit_run(r, &r->check);
		if (block_errors(t, r, o, err) != 0) {
			hop_err_prefix(err, r->name);
			goto out;
		}
	} else if (estimate(t, r, o, err) != 0) {
		hop_err_prefix(err, r->name);
		goto out;
	}
	results(r, o);
	ret = 0;
out:
	hop_msd_traj_free(t);
	hop_reader_free(rd);
	free(frame);
	free(ion);
	free(gather);
	return ret;
}


/* NaN without a sign: 0/0 is a negative NaN on x86, which printf shows
 * as "-nan". */
static double
num(double v)
{
	return isnan(v) ? NAN : v;
}

/* One line of numbers: "D_self_cm2_s=... dD_self_cm2_s=... ...". */
static void
print_tr(const struct hop_transport *x)
{
	printf("D_self_cm2_s=%.6g dD_self_cm2_s=%.6g D_coll_cm2_s=%.6g "
	    "dD_coll_cm2_s=%.6g haven=%.6g dhaven=%.6g sigma_S_cm=%.6g "
	    "dsigma_S_cm=%.6g", num(x->d_self), num(x->dd_self), num(x->d_coll),
	    num(x->dd_coll), num(x->haven), num(x->dhaven), num(x->sigma), num(x->dsigma));
}

static int
print_run(const struct run *r, const struct opts *o, struct hop_err *err)
{
	size_t *lags = NULL, nl = r->n, k;
	double last = (double)(r->n - 1) * r->dt_ps;
	char fl[256];

	if (o->lags > 0) {
		if ((lags = malloc((size_t)o->lags * sizeof(size_t))) == NULL) {
			hop_err_set(err, "out of memory for %llu lags",
			    (unsigned long long)o->lags);
			return -1;
		}
		nl = hop_msd_log_lags(r->n, (size_t)o->lags, lags);
	}
	printf("dt_ps\tmsd_self_A2\tmsd_distinct_A2\tmsd_coll_A2\n");
	for (k = 0; k < nl; k++) {
		size_t m = lags != NULL ? lags[k] : k;

		printf("%.10g\t%.10g\t%.10g\t%.10g\n", r->lag[m], r->self[m],
		    r->coll[m] - r->self[m], r->coll[m]);
	}
	free(lags);
	printf("# run: species=%s ions=%u frames=%zu dt_fs=%.6g T_K=%.6g "
	    "volume_A3=%.8g density_cm3=%.6g charge=%.6g dims=%s drift=%s "
	    "estimator=%s\n", r->species, r->nions, r->n, r->dt_ps * 1e3,
	    num(r->temp_K), r->volume_A3, r->density_cm3, o->charge, o->dims,
	    r->framework[0] ? r->framework : "off", o->ols ? "ols" : "ml");
	printf("# ");
	print_tr(&r->res);
	if (o->ols)
		printf(" fit_ps=%.6g-%.6g blocks=%llu", r->main.from * last,
		    r->main.to * last, (unsigned long long)r->blocks_used);
	else
		printf(" start_ps=%.6g", r->dr.start_ps);
	printf(" flags=%s\n", hop_tr_flag_list(r->flags, fl, sizeof(fl)));
	if (o->ols) {
		printf("# first_half: ");
		print_tr(&r->hres[0]);
		printf(" fit_ps=%.6g-%.6g\n", r->check.from * last,
		    r->check.to * last);
		return 0;
	}
	if (r->dr.have_half)
		for (k = 0; k < 2; k++) {
			printf("# %s_half: ", k == 0 ? "first" : "second");
			print_tr(&r->hres[k]);
			printf("\n");
		}
	for (k = 0; k < r->dr.nladder; k++) {
		const struct hop_diff_est *e = &r->dr.ladder[k];

		printf("# stride: start_ps=%.6g D_self_cm2_s=%.6g "
		    "dD_self_cm2_s=%.6g D_coll_cm2_s=%.6g dD_coll_cm2_s=%.6g "
		    "chosen=%s\n", (double)e->stride * r->dt_ps,
		    num(e->d_self * A2PS_TO_CM2S),
		    num(e->dd_self * A2PS_TO_CM2S),
		    num(e->d_coll * A2PS_TO_CM2S),
		    num(e->dd_coll * A2PS_TO_CM2S),
		    k == r->dr.chosen ? "yes" : "no");
	}
	if (o->per_axis) {
		static const char ax[] = "xyz";
		unsigned b;

		printf("# axes:");
		/* d_axis[k] is the k-th kept axis. */
		for (b = 0, k = 0; b < 3; b++) {
			if (!(o->axes & (1u << b)))
				continue;
			printf(" D_%c_cm2_s=%.6g dD_%c_cm2_s=%.6g", ax[b],
			    num(r->dr.est.d_axis[k] * A2PS_TO_CM2S), ax[b],
			    num(r->dr.est.dd_axis[k] * A2PS_TO_CM2S));
			k++;
		}
		printf("\n");
	}
	return 0;
}

/* The numbers of x as members of the current JSON object. */
static void
json_tr(struct hop_json *j, const struct hop_transport *x)
{
	hop_json_number(j, "D_self_cm2_s", x->d_self);
	hop_json_number(j, "dD_self_cm2_s", x->dd_self);
	hop_json_number(j, "D_coll_cm2_s", x->d_coll);
	hop_json_number(j, "dD_coll_cm2_s", x->dd_coll);
	hop_json_number(j, "haven", x->haven);
	hop_json_number(j, "dhaven", x->dhaven);
	hop_json_number(j, "sigma_S_cm", x->sigma);
	hop_json_number(j, "dsigma_S_cm", x->dsigma);
}

/* Every number of the comment lines as one JSON object, to fp. */
static void
json_run(FILE *fp, const struct run *r, const struct opts *o)
{
	struct hop_json j;
	size_t k;

	hop_json_begin(&j, fp);
	hop_json_string(&j, "program", "msd");
	hop_json_string(&j, "version", HOP_VERSION);
	hop_json_string(&j, "input", r->name);
	hop_json_string(&j, "species", r->species);
	hop_json_uint(&j, "ions", r->nions);
	hop_json_uint(&j, "frames", r->n);
	hop_json_number(&j, "dt_ps", r->dt_ps);
	hop_json_number(&j, "T_K", r->temp_K);
	hop_json_number(&j, "volume_A3", r->volume_A3);
	hop_json_number(&j, "density_cm3", r->density_cm3);
	hop_json_number(&j, "charge", o->charge);
	hop_json_string(&j, "dims", o->dims);
	hop_json_string(&j, "drift", r->framework[0] ? r->framework : "off");
	hop_json_string(&j, "estimator", o->ols ? "ols" : "ml");
	json_tr(&j, &r->res);
	if (o->ols) {
		double last = (double)(r->n - 1) * r->dt_ps;

		hop_json_number(&j, "fit_from_ps", r->main.from * last);
		hop_json_number(&j, "fit_to_ps", r->main.to * last);
		hop_json_uint(&j, "blocks", r->blocks_used);
		hop_json_object(&j, "first_half");
		json_tr(&j, &r->hres[0]);
		hop_json_close(&j);
	} else {
		hop_json_number(&j, "start_ps", r->dr.start_ps);
		hop_json_uint(&j, "stride_frames", r->dr.est.stride);
		hop_json_number(&j, "noise_self_A2", r->dr.est.noise_self);
		hop_json_number(&j, "noise_coll_A2", r->dr.est.noise_coll);
		for (k = 0; r->dr.have_half && k < 2; k++) {
			hop_json_object(&j, k == 0 ? "first_half" :
			    "second_half");
			json_tr(&j, &r->hres[k]);
			hop_json_close(&j);
		}
		hop_json_array(&j, "strides");
		for (k = 0; k < r->dr.nladder; k++) {
			const struct hop_diff_est *e = &r->dr.ladder[k];

			hop_json_object(&j, NULL);
			hop_json_number(&j, "start_ps", (double)e->stride *
			    r->dt_ps);
			hop_json_number(&j, "D_self_cm2_s", e->d_self *
			    A2PS_TO_CM2S);
			hop_json_number(&j, "dD_self_cm2_s", e->dd_self *
			    A2PS_TO_CM2S);
			hop_json_number(&j, "D_coll_cm2_s", e->d_coll *
			    A2PS_TO_CM2S);
			hop_json_number(&j, "dD_coll_cm2_s", e->dd_coll *
			    A2PS_TO_CM2S);
			hop_json_bool(&j, "chosen", k == r->dr.chosen);
			hop_json_close(&j);
		}
		hop_json_close(&j);
		if (o->per_axis) {
			hop_json_array(&j, "D_axes_cm2_s");
			for (k = 0; k < r->dims; k++)
				hop_json_number(&j, NULL, r->dr.est.d_axis[k] *
				    A2PS_TO_CM2S);
			hop_json_close(&j);
			hop_json_array(&j, "dD_axes_cm2_s");
			for (k = 0; k < r->dims; k++)
				hop_json_number(&j, NULL, r->dr.est.dd_axis[k] *
				    A2PS_TO_CM2S);
			hop_json_close(&j);
		}
	}
	hop_json_array(&j, "flags");
	for (k = 0; k < HOP_TR_NFLAGS; k++)
		if (r->flags & (1u << k))
			hop_json_string(&j, NULL, hop_tr_flag_names[k]);
	hop_json_close(&j);
	hop_json_finish(&j);
}

/* --json=FILE ("-": standard output) into of, opened before the run's
 * work.  0 or -1. */
static int
write_json(const struct run *r, const struct opts *o, struct hop_outfile *of,
    struct hop_err *err)
{
	json_run(of->fp, r, o);
	return hop_outfile_end(of, err);
}

/* The warnings: what the flags say, in words, on standard error. */
static void
warn_run(const struct run *r, const struct opts *o)
{
	const struct hop_transport *x = &r->res;

	if (r->flags & HOP_TR_SELF_NONPOS)
		hop_warn("%s: D_self = %.3g +- %.2g cm^2/s is not positive: no "
		    "tracer diffusion resolved", r->name, x->d_self, x->dd_self);
	if (r->flags & HOP_TR_SELF_UNRES)
		hop_warn("%s: D_self = %.3g +- %.2g cm^2/s: "
		    "the uncertainty exceeds the value", r->name,
		    x->d_self, x->dd_self);
	if (r->flags & HOP_TR_COLL_NONPOS)
		hop_warn("%s: D_coll = %.3g +- %.2g cm^2/s "
		    "is not positive: the Haven ratio and the conductivity "
		    "mean nothing", r->name, x->d_coll, x->dd_coll);
	if (r->flags & HOP_TR_COLL_UNRES)
		hop_warn("%s: D_coll = %.3g +- %.2g cm^2/s: "
		    "the uncertainty exceeds the value", r->name,
		    x->d_coll, x->dd_coll);
	if (r->flags & HOP_TR_HALVES)
		hop_warn("%s: the two halves of the run "
		    "disagree beyond 2.5 times their uncertainty (D_self %.3g and "
		    "%.3g, D_coll %.3g and %.3g cm^2/s): not stationary, or "
		    "too short; dD_self and dD_coll are multiplied by %.3g and "
		    "%.3g, to the halves' spread", r->name, r->hres[0].d_self,
		    r->hres[1].d_self, r->hres[0].d_coll, r->hres[1].d_coll,
		    r->widen[0], r->widen[1]);
	if ((r->flags & HOP_TR_SHORT) && isnan(r->dr.start_ps))
		hop_warn("%s: %zu frames are too few for a "
		    "diffusion coefficient (at least %d)", r->name,
		    r->n, HOP_DML_MIN_INCREMENTS + 1);
	else if (r->flags & HOP_TR_SHORT)
		hop_warn("%s: the run is too short for a "
		    "start of %.3g ps (each half needs %d increments per "
		    "series)", r->name, o->start_ps > 0 ? o->start_ps :
		    r->dr.start_ps, HOP_DML_MIN_INCREMENTS);
	if ((r->flags & HOP_TR_NO_PLATEAU) && o->start_ps > 0 &&
	    r->dr.nladder < 2)
		hop_warn("%s: D_self at the stride given (--start %.3g ps) "
		    "cannot be compared with D_self at twice it within the "
		    "run: nothing shows it settled", r->name,
		    r->dr.start_ps);
	else if ((r->flags & HOP_TR_NO_PLATEAU) && o->start_ps > 0)
		hop_warn("%s: D_self at the stride given (--start %.3g ps) "
		    "differs from D_self at twice it (%.3g and %.3g cm^2/s): "
		    "the diffusive regime is not reached there; their "
		    "difference is added to dD", r->name, r->dr.start_ps,
		    num(r->dr.ladder[0].d_self * A2PS_TO_CM2S),
		    num(r->dr.ladder[1].d_self * A2PS_TO_CM2S));
	else if ((r->flags & HOP_TR_NO_PLATEAU) && r->dr.nladder < 2)
		hop_warn("%s: the run allows one stride only (%.3g ps): "
		    "nothing shows D_self settled, it may hold the ions' "
		    "vibration (give a longer run)", r->name,
		    r->dr.start_ps);
	else if (r->flags & HOP_TR_NO_PLATEAU)
		hop_warn("%s: D_self still changes at the "
		    "longest stride the run allows (%.3g ps): the diffusive "
		    "regime is not reached; give --start or a longer run",
		    r->name, r->dr.start_ps);
	if (r->flags & HOP_TR_NO_T)
		hop_warn("%s: no temperature (give "
		    "--temperature): no conductivity", r->name);
}

/*
 * The fitted model on panel p: for --ols the straight line over the
 * window; for the estimator the MSD it implies, dims (2 D t + 2 b), from
 * the start to the longest lag.  Over it, a band of the slope plus and
 * minus its standard error when that is known: dims (2 (D -+ dD) t + 2 b)
 * for the estimator (whose b is the noise, known apart from D); for
 * --ols the blocks' dD turning the line about the window's middle,
 * where a straight-line fit is surest.
 */
static void
svg_fit_line(struct hop_svg_panel *p, const struct run *r,
    const struct opts *o, int coll, int colour, const char *legend,
    const char *band)
{
	struct hop_svg_style st = {colour, HOP_MARK_NONE, 0, 1, 2, 0};
	struct hop_svg_style bs = {colour, HOP_MARK_NONE, 0, 0, 0, 0.25};
	double last = (double)(r->n - 1) * r->dt_ps, x[2], y[2], bx[4], by[4];
	double a, slope, dslope, xc = 0;

	if (o->ols) {
		const struct hop_linfit *f = coll ? &r->main.fc : &r->main.fs;

		x[0] = r->main.from * last;
		x[1] = r->main.to * last;
		a = f->a;
		slope = f->b;
		/* dD (cm^2/s) back to the slope's units (A^2/ps). */
		dslope = (coll ? r->main.dd_coll : r->main.dd_self) / A2PS_TO_CM2S *
		    2.0 * r->dims;
		xc = (x[0] + x[1]) / 2;
	} else {
		double d = coll ? r->dr.est.d_coll : r->dr.est.d_self;
		double b = coll ? r->dr.est.noise_coll : r->dr.est.noise_self;

		x[0] = r->dr.start_ps;
		x[1] = last;
		a = 2.0 * r->dims * b;
		slope = 2.0 * r->dims * d;
		dslope = 2.0 * r->dims * (coll ? r->dr.est.dd_coll :
		    r->dr.est.dd_self);
	}
	if (!isfinite(a) || !isfinite(slope))
		return;
	y[0] = a + slope * x[0];
	y[1] = a + slope * x[1];
	/* The line first: its legend entry then heads the band's. */
	hop_svg_line(p, x, y, 2, &st, legend);
	if (isfinite(dslope) && dslope > 0) {
		double yc = a + slope * xc;

		bx[0] = bx[3] = x[0];
		bx[1] = bx[2] = x[1];
		by[0] = yc + (slope + dslope) * (x[0] - xc);
		by[1] = yc + (slope + dslope) * (x[1] - xc);
		by[2] = yc + (slope - dslope) * (x[1] - xc);
		by[3] = yc + (slope - dslope) * (x[0] - xc);
		hop_svg_polygon(p, bx, by, 4, &bs, band);
	}
}

/* The MSDs (at most SVG_POINTS lags each) and the fitted lines. */
static int
svg_run(const struct run *r, const struct opts *o, const char *path,
    struct hop_err *err)
{
	size_t step = r->n / SVG_POINTS + 1, np = (r->n + step - 1) / step, k;
	double *x = malloc(np * 4 * sizeof(double));
	struct hop_svg *s;
	struct hop_svg_panel *p;
	char title[300];
	int ret = -1, c;
	static const char *const names[3] = {"tracer (self)", "distinct",
	    "collective"};

	snprintf(title, sizeof(title), "Mean-squared displacement of %s",
	    r->species);
	s = hop_svg_new(1, 1, 720, 480, hop_cli_figure_text(o->fig.title,
	    title));
	if (x == NULL || s == NULL) {
		hop_err_set(err, "%s: out of memory", path);
		goto out;
	}
	p = hop_svg_panel(s, 0, 0);
	hop_svg_labels(p, NULL, hop_cli_figure_text(o->fig.xlabel,
	    "\xce\x94t (ps)"), hop_cli_figure_text(o->fig.ylabel,
	    "MSD (\xc3\x85\xc2\xb2)"));
	for (k = 0; k < np; k++) {
		size_t m = k * step;

		x[k] = r->lag[m];
		x[np + k] = r->self[m];
		x[2 * np + k] = r->coll[m] - r->self[m];
		x[3 * np + k] = r->coll[m];
	}
	for (c = 0; c < 3; c++) {
		struct hop_svg_style st = {c, HOP_MARK_NONE, 0, 0, 1.5, 0};

		hop_svg_line(p, x, x + (c + 1) * np, np, &st, names[c]);
	}
	svg_fit_line(p, r, o, 0, 0, "fit, tracer", "\xc2\xb1 dD*");
	svg_fit_line(p, r, o, 1, 2, "fit, collective",
	    "\xc2\xb1 dD_\xcf\x83");
	ret = hop_svg_write(s, path, err);
out:
	hop_svg_free(s);
	free(x);
	return ret;
}

/* Fill an Arrhenius point from an analysed run. */
static int
point_of_run(const struct run *r, struct hop_arr_point *pt,
    struct hop_err *err)
{
	if (!isfinite(r->temp_K) || !(r->temp_K > 0)) {
		hop_err_set(err, "%s: no temperature in the header "
		    "(temperature_K); an Arrhenius fit needs one for every "
		    "run", r->name);
		return -1;
	}
	memset(pt, 0, sizeof(*pt));
	snprintf(pt->name, sizeof(pt->name), "%s", r->name);
	pt->T = r->temp_K;
	pt->D = r->res.d_self;
	pt->dD = r->res.dd_self;
	pt->D_coll = r->res.d_coll;
	pt->dD_coll = r->res.dd_coll;
	pt->haven = r->res.haven;
	pt->dhaven = r->res.dhaven;
	pt->sigma = r->res.sigma;
	pt->dsigma = r->res.dsigma;
	return 0;
}

/* A warning of the Arrhenius report. */
static void
note(const char *msg)
{
	hop_warn("%s", msg);
}

/* --arrhenius and --arrhenius-table: the points, then hop_arr_report. */
static int
arrhenius_main(char **files, int nfiles, const struct opts *o)
{
	struct hop_arr_report rep = {o->arr.at, o->svg, o->json, o->fig.title,
	    o->fig.xlabel, o->fig.ylabel, note};
	struct hop_arr_point *pt = NULL;
	struct hop_err err;
	size_t n = 0;
	int k, status = HOP_EXIT_DATA;

	if (o->table != NULL) {
		if (hop_arr_read_table(o->table, o->arr.material, &pt, &n, &err) !=
		    0)
			goto fail;
	} else {
		if ((pt = calloc((size_t)nfiles, sizeof(*pt))) == NULL) {
			hop_err_set(&err, "out of memory");
			goto fail;
		}
		for (k = 0; k < nfiles; k++) {
			struct run r;
			int bad;

			memset(&r, 0, sizeof(r));
			bad = load_run(files[k], o, &r, &err) != 0 ||
			    point_of_run(&r, &pt[n], &err) != 0;
			if (!bad)
				warn_run(&r, o);
			run_free(&r);
			if (bad)
				goto fail;
			n++;
		}
	}
	if (hop_arr_report(pt, n, &rep, stdout, &err) != 0)
		goto fail;
	status = HOP_EXIT_OK;
fail:
	if (status != HOP_EXIT_OK && err.msg[0] != '\0')
		hop_error("%s", err.msg);
	free(pt);
	return status;
}

static int
msd_main(char **files, int nfiles, const struct opts *o,
    struct hop_outfile *jof)
{
	struct run r;
	struct hop_err err;
	int status = HOP_EXIT_DATA;
	const char *file = nfiles > 0 ? files[0] : NULL;

	memset(&r, 0, sizeof(r));
	err.msg[0] = '\0';
	if (o->partial) {
		if (load_run(file, o, &r, &err) == 0)
			status = HOP_EXIT_OK;
		else if (err.msg[0] != '\0')
			hop_error("%s", err.msg);
		run_free(&r);
		return status;
	}
	if (o->reduce ? reduce_run(files, nfiles, o, &r, &err) != 0 :
	    load_run(file, o, &r, &err) != 0) {
		if (err.msg[0] != '\0') /* else already said */
			hop_error("%s", err.msg);
	}
	else if (warn_run(&r, o), o->json != NULL &&
	    strcmp(o->json, "-") == 0 ? write_json(&r, o, jof, &err) != 0 :
	    print_run(&r, o, &err) != 0 || (o->json != NULL &&
	    write_json(&r, o, jof, &err) != 0))
		hop_error("%s", err.msg);
	else if (o->svg != NULL && svg_run(&r, o, o->svg, &err) != 0)
		hop_error("%s", err.msg);
	else
		status = HOP_EXIT_OK;
	if (status != HOP_EXIT_OK && o->json != NULL)
		hop_outfile_abort(jof);
	run_free(&r);
	return status;
}

/*
 * The name of option c when the Arrhenius mode of o has no use for it,
 * else NULL: --arrhenius-table reads a table, so that no option of a
 * run's analysis means anything; --arrhenius analyses each run, but its
 * table is of their D*, D_coll, sigma and header temperatures, not of
 * their lags or axes.
 */
static const char *
arrhenius_ignores(int c, int table, const struct option *lo)
{
	static const int run_opts[] = {'b', 'c', 'F', 'z', HOP_OPT_ATOMS,
	    HOP_OPT_JOBS, HOP_OPT_MAX_MEMORY, HOP_OPT_SPECIES,
	    HOP_OPT_TEMPERATURE, OPT_DIMS, OPT_FIT_FROM, OPT_FIT_TO, OPT_LAGS,
	    OPT_NO_DRIFT, OPT_OLS, OPT_PER_AXIS, OPT_START, OPT_THREADS};
	size_t k, n = sizeof(run_opts) / sizeof(run_opts[0]);

	if (!table && c != HOP_OPT_TEMPERATURE && c != OPT_PER_AXIS &&
	    c != OPT_LAGS)
		return NULL;
	for (k = 0; k < n && run_opts[k] != c; k++)
		;
	if (k == n)
		return NULL;
	return hop_cli_long_name(lo, c);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		HOP_LONGOPTS_GLOBAL,
		HOP_LONGOPTS_FIGURE,
		HOP_LONGOPTS_ARRHENIUS,
		HOP_LONGOPT_JOBS,
		HOP_LONGOPT_JSON,
		HOP_LONGOPT_SPECIES,
		HOP_LONGOPT_SVG,
		HOP_LONGOPT_TEMPERATURE,
		{"arrhenius", no_argument, NULL, OPT_ARRHENIUS},
		{"arrhenius-table", required_argument, NULL, 'A'},
		{"blocks", required_argument, NULL, 'b'},
		{"charge", required_argument, NULL, 'z'},
		{"dims", required_argument, NULL, OPT_DIMS},
		{"drift", no_argument, NULL, 'c'},
		{"no-drift", no_argument, NULL, OPT_NO_DRIFT},
		{"frame-species", required_argument, NULL, 'F'},
		{"lags", required_argument, NULL, OPT_LAGS},
		{"fit-from", required_argument, NULL, OPT_FIT_FROM},
		{"fit-to", required_argument, NULL, OPT_FIT_TO},
		{"ols", no_argument, NULL, OPT_OLS},
		{"per-axis", no_argument, NULL, OPT_PER_AXIS},
		{"start", required_argument, NULL, OPT_START},
		/* --threads: --jobs's old name, for one release. */
		{"threads", required_argument, NULL, OPT_THREADS},
		{"partial", no_argument, NULL, OPT_PARTIAL},
		{"reduce", no_argument, NULL, OPT_REDUCE},
		HOP_LONGOPT_ATOMS,
		HOP_LONGOPT_MAX_MEMORY,
		{NULL, 0, NULL, 0}
	};
	struct opts o;
	int window = 0;
	struct hop_err err;
	struct hop_outfile jof;
	int c, status, at_set = 0, material_set = 0;
	/* Given options an Arrhenius mode has no use for. */
	const char *arr_ignored = NULL, *tab_ignored = NULL;

	memset(&o, 0, sizeof(o));
	o.blocks = 5;
	o.drift = -1;
	o.charge = 1.0;
	o.axes = HOP_MSD_X | HOP_MSD_Y | HOP_MSD_Z;
	o.dims = "xyz";
	o.from = 0.4;
	o.to = 1.0;
	o.arr.at = HOP_ARR_T_DEFAULT;
	hop_cli_init(prog, usage);
	o.threads = hop_cli_jobs_default();
	o.max_memory = hop_cli_max_memory_default();
	hop_atomrange_init(&o.atoms);
	while ((c = getopt_long(argc, argv, HOP_OPTSTR_GLOBAL
	    "A:b:cF:g:j:J:s:t:z:", longopts, NULL)) != -1) {
		if (arr_ignored == NULL)
			arr_ignored = arrhenius_ignores(c, 0, longopts);
		if (tab_ignored == NULL)
			tab_ignored = arrhenius_ignores(c, 1, longopts);
		if (c == HOP_OPT_AT)
			at_set = 1;
		if (c == HOP_OPT_MATERIAL)
			material_set = 1;
		if (hop_cli_global(c) || hop_cli_figure(&o.fig, c, optarg) ||
		    hop_cli_arrhenius(&o.arr, c, optarg))
			continue;
		switch (c) {
		case OPT_ARRHENIUS:
			o.arrhenius = 1;
			break;
		case HOP_OPT_ATOMS:
			hop_cli_atoms(&o.atoms, optarg);
			o.atoms_set = 1;
			break;
		case HOP_OPT_MAX_MEMORY:
			o.max_memory = hop_cli_max_memory(optarg);
			break;
		case 'A':
			o.table = optarg;
			break;
		case 'b':
			if (hop_cli_u64(optarg, 1, 1000, &o.blocks) != 0)
				hop_usage_bad("blocks", optarg, "1 to 1000");
			window = 1;
			break;
		case 'c':
			if (o.drift == 0)
				hop_usage_error("--drift or --no-drift: one of "
				    "them");
			o.drift = 1;
			break;
		case OPT_NO_DRIFT:
			if (o.drift > 0)
				hop_usage_error("--drift or --no-drift: one of "
				    "them");
			o.drift = 0;
			break;
		case OPT_DIMS:
			if (parse_axes(optarg, &o.axes) != 0)
				hop_usage_bad("dims", optarg, "axes such as xyz, "
				    "xy or z");
			o.dims = optarg;
			break;
		case OPT_FIT_FROM:
			if (hop_cli_double(optarg, 0, 1, &o.from) != 0)
				hop_usage_bad("fit-from", optarg, "0 to 1");
			window = 1;
			break;
		case 'F':
			if (o.drift == 0)
				hop_usage_error("--drift or --no-drift: one of "
				    "them");
			o.frame_species = optarg;
			o.drift = 1;
			break;
		case 'g':
			o.svg = optarg;
			break;
		case HOP_OPT_JOBS:
		case OPT_THREADS:
			o.threads = hop_cli_jobs(optarg);
			break;
		case OPT_LAGS:
			if (hop_cli_u64(optarg, 2, 1000000, &o.lags) != 0)
				hop_usage_bad("lags", optarg, "2 to 1000000");
			break;
		case 'z':
			if (hop_cli_double(optarg, -100, 100, &o.charge) != 0 ||
			    o.charge == 0)
				hop_usage_bad("charge", optarg, "a non-zero charge "
				    "in e");
			break;
		case HOP_OPT_SPECIES: {
			struct hop_list l;
			size_t n;

			hop_cli_list(&l, "species", optarg, "one species name");
			n = l.n;
			hop_list_free(&l);
			/* The MSD, D and the conductivity (one charge) are
			 * each one species'; pooled species would need a
			 * charge each. */
			if (n > 1)
				hop_usage_bad("species", optarg, "one species "
				    "name: msd does not pool species");
			o.species = optarg;
			break;
		}
		case OPT_FIT_TO:
			if (hop_cli_double(optarg, 0, 1, &o.to) != 0)
				hop_usage_bad("fit-to", optarg, "0 to 1");
			window = 1;
			break;
		case HOP_OPT_JSON:
			if (*optarg == '\0')
				hop_usage_bad("json", optarg, "a file name, or -");
			o.json = optarg;
			break;
		case OPT_OLS:
			o.ols = 1;
			break;
		case OPT_PER_AXIS:
			o.per_axis = 1;
			break;
		case OPT_PARTIAL:
			o.partial = 1;
			break;
		case OPT_REDUCE:
			o.reduce = 1;
			break;
		case OPT_START:
			if (hop_cli_double(optarg, 1e-9, 1e9, &o.start_ps) != 0)
				hop_usage_bad("start", optarg, "a time in ps above 0");
			break;
		case HOP_OPT_TEMPERATURE:
			if (hop_cli_double(optarg, 1e-6, 1e6, &o.temperature) !=
			    0)
				hop_usage_bad("temperature", optarg, "a temperature in "
				    "K above 0");
			break;
		default:
			usage(stderr, HOP_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	/* An option that would have no effect is refused, naming it. */
	if (o.table != NULL && tab_ignored != NULL)
		hop_usage_error("--%s has no meaning with --arrhenius-table "
		    "(it reads a table, not runs)", tab_ignored);
	if (o.arrhenius && o.table == NULL && arr_ignored != NULL)
		hop_usage_error("--%s has no meaning with --arrhenius (its "
		    "table holds each run's D*, D_coll and sigma at its "
		    "header's temperature)", arr_ignored);
	if (material_set && o.table == NULL)
		hop_usage_error("--material goes with --arrhenius-table");
	if (at_set && !o.arrhenius && o.table == NULL)
		hop_usage_error("--at goes with --arrhenius or "
		    "--arrhenius-table");
	if (o.frame_species != NULL)
		hop_cli_frame_species(o.frame_species, o.species);
	if (window && !o.ols)
		hop_usage_error("--fit-from, --fit-to and --blocks go with "
		    "--ols");
	if (o.ols && (o.start_ps > 0 || o.per_axis))
		hop_usage_error("--start and --per-axis go with the "
		    "estimator, not --ols");
	if (!(o.from < o.to))
		hop_usage_error("--fit-from must be below --fit-to");
	if (o.table != NULL && argc > 0)
		hop_usage_error("--arrhenius-table reads no runs");
	if (o.arrhenius && o.table == NULL && argc < 2)
		hop_usage_error("--arrhenius needs two or more runs");
	if ((o.partial || o.reduce) && (o.arrhenius || o.table != NULL ||
	    o.ols || o.per_axis))
		hop_usage_error("--partial and --reduce take the estimator's "
		    "numbers: no --arrhenius, --ols or --per-axis");
	if (o.partial && o.reduce)
		hop_usage_error("--partial writes a part, --reduce reads "
		    "them: one at a time");
	if (o.partial && (o.json != NULL || o.svg != NULL || o.lags > 0))
		hop_usage_error("--partial writes the part's sums only: no "
		    "--json, --svg or --lags");
	if (o.reduce && argc < 1)
		hop_usage_error("--reduce needs the parts' --partial files");
	if (o.partial && hop_cli_stream_stdout(&err) != 0) {
		hop_error("%s", err.msg);
		return HOP_EXIT_USAGE;
	}
	if (!o.arrhenius && o.table == NULL && !o.reduce && argc > 1)
		hop_usage_error("one run at a time (several need "
		    "--arrhenius)");
	/* The outputs are opened (or, for the Arrhenius report's, tried)
	 * before the run's work, the inputs protected first: a path that
	 * cannot be written or names an input fails with nothing done. */
	{
		/* With --arrhenius-table the table is the one input (no FILE
		 * operand, refused above). */
		char *table[1] = {(char *)o.table};
		const char *outs[2] = {o.svg, o.arrhenius || o.table != NULL ?
		    o.json : NULL};

		if (hop_outfile_precheck(o.table != NULL ? table : argv,
		    o.table != NULL ? 1 : (size_t)argc, outs, 2, &err) != 0)
			hop_die("%s", err.msg);
	}
	if (o.arrhenius || o.table != NULL) {
		status = arrhenius_main(argv, argc, &o);
	} else {
		if (o.json != NULL && hop_outfile_begin(&jof, o.json, &err) ==
		    NULL)
			hop_die("%s", err.msg);
		status = msd_main(argv, argc, &o, &jof);
	}
	hop_atomrange_free(&o.atoms);
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
