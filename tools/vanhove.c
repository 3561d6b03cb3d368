/*
 * vanhove - the functions that show cooperative motion, from an unwrapped
 * frame stream: the non-Gaussian parameter alpha2(t) and the
 * time-resolved Haven ratio H_R(t) at log-spaced lags (the table on
 * standard output), and the self and distinct van Hove functions
 * G_s(r, t) and G_d(r, t) at chosen lag times (--self, --distinct).
 * The method is in common/vanhove.c.
 */
#include <getopt.h>
#include <gsl/gsl_math.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "cli.h"
#include "json.h"
#include "msd.h"
#include "outfile.h"
#include "species.h"
#include "unwrapped.h"
#include "stream.h"
#include "svg.h"
#include "vanhove.h"

static const char *prog = "vanhove";

enum {
	OPT_BINS = 256,
	OPT_NO_DRIFT,
	OPT_DISTINCT,
	OPT_LAGS,
	OPT_ORIGINS,
	OPT_RMAX,
	OPT_SELF,
	OPT_STRIDE,
	OPT_TIMES
};

/* The lag times of G_s and G_d when --times is not given: this many,
 * log-spaced up to a quarter of the run. */
#define DEFAULT_TIMES 4
#define MAX_TIMES 64

struct opts {
	const char *species;
	const char *frame_species;
	int drift;          /* 1 --drift, 0 --no-drift, -1 the default */
	uint64_t lags;     /* alpha2 / H_R table: log-spaced lags */
	uint64_t blocks;   /* jackknife blocks of ions, blocks of frames */
	uint64_t bins;
	uint64_t origins;  /* G_d origins per lag */
	uint64_t stride;   /* G_s / alpha2 origin stride */
	double rmax;       /* 0: default */
	double times[MAX_TIMES];
	size_t ntimes;
	const char *self_path, *dist_path, *json, *svg;
	const char *g_opt;   /* --times, --bins or --rmax, given */
	int origins_given;
	struct hop_cli_figure fig;
	unsigned threads;
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: vanhove [options] [FILE]\n"
	    "The non-Gaussian parameter, the time-resolved Haven ratio and "
	    "the van Hove functions of\none species of an unwrapped frame "
	    "stream.\n"
	    "      --bins=N              histogram bins of G_s and G_d "
	    "(default: 200)\n"
	    "  -b, --blocks=N            blocks for the uncertainties "
	    "(default: 10)\n"
	    "      --distinct=FILE       write G_d(r, t) / rho at the --times "
	    "into FILE\n"
	    "  -c, --drift               subtract the framework's centroid "
	    "motion (default: on when\n"
	    "                            the stream holds a framework)\n"
	    "  -F, --frame-species=LIST  framework for --drift (default: "
	    "every other species)\n"
	    "  -h, --help                show this help and exit\n"
	    "  -j, --jobs=N              threads (default: the cores, at "
	    "most 8)\n"
	    "  -J, --json=FILE           also write everything as JSON, '-' "
	    "for standard output\n"
	    "                            instead of the table (default: "
	    "none)\n"
	    "      --lags=N              lags of the table, log-spaced "
	    "(default: 40)\n"
	    "      --no-drift            no drift correction\n"
	    "      --origins=N           time origins of G_d per lag "
	    "(default: 100)\n"
	    "  -q, --quiet               no warnings on standard error\n"
	    "      --rmax=A              range of G_s and G_d (default: G_s "
	    "10 A; G_d half the\n"
	    "                            cell's smallest width, at most "
	    "10 A)\n"
	    "      --self=FILE           write 4 pi r^2 G_s(r, t) at the "
	    "--times into FILE\n"
	    "  -s, --species=NAME        the species (default: the mobile "
	    "family's)\n"
	    "      --stride=N            frames between time origins of G_s "
	    "and alpha2 (default: 1)\n"
	    "  -g, --svg=FILE            draw alpha2, H_R, G_s and G_d into "
	    "FILE (default: none)\n"
	    "      --times=LIST          lag times in ps of G_s and G_d "
	    "(default: 4, log-spaced\n"
	    "                            up to a quarter of the run)\n"
	    "      --title=TEXT          the figure's title (default: what it "
	    "shows)\n"
	    "  -V, --version             show the version and exit\n"
	    "      --xlabel=TEXT         the x axis label (default: the "
	    "quantity and its unit)\n"
	    "      --ylabel=TEXT         the y axis label (default: the "
	    "quantity and its unit)\n");
	hop_cli_exit(prog, status);
}

/* What is read and computed. */
struct run {
	const char *name;
	char species[HOP_MAX_NAME + 1];
	char framework[256];
	uint32_t nions;
	size_t n;           /* frames */
	double dt_ps;
	struct hop_msd_traj *t;
	double *pos0;       /* nions x 3: first frame, shift subtracted */
	double *cells;      /* n x 9 */
	size_t *lags, nlags;        /* the table's */
	struct hop_vh_self *a2;     /* nlags */
	struct hop_vh_haven *hr;    /* nlags */
	size_t *tl, ntl;            /* --times as frames */
	struct hop_vh_self *gs_row; /* ntl */
	double *gs, *gd;            /* ntl x bins */
	double rmax_s, rmax_d;
};

static void
run_free(struct run *r)
{
	hop_msd_traj_free(r->t);
	free(r->pos0);
	free(r->cells);
	free(r->lags);
	free(r->a2);
	free(r->hr);
	free(r->tl);
	free(r->gs_row);
	free(r->gs);
	free(r->gd);
}

/* --times "0.1,1,10" into o; a usage error if it is not. */
static void
parse_times(const char *arg, struct opts *o)
{
	static const char want[] = "a comma-separated list of lag times in "
	    "ps above 0";
	struct hop_list l;
	size_t i;

	hop_cli_list(&l, "times", arg, want);
	if (l.n > MAX_TIMES)
		hop_usage_bad("times", arg, "at most 64 lag times");
	for (i = 0; i < l.n; i++)
		if (hop_cli_double(l.v[i], 1e-12, 1e12, &o->times[i]) != 0)
			hop_usage_bad("times", arg, want);
	o->ntimes = l.n;
	hop_list_free(&l);
}

/* The framework around sp (frame[s] = 1; all 0 without drift
 * correction): by default every other species, when the stream holds
 * them whole (species.h).  0 or -1. */
static int
choose_framework(const struct hop_header *h, const struct opts *o,
    struct run *r, int sp, unsigned char *frame, struct hop_err *err)
{
	return hop_cli_drift_framework(h, o->drift, o->frame_species, sp,
	    r->name, frame, r->framework, sizeof(r->framework), err);
}

/* Read the frames of path into r.  0 or -1. */
static int
load(const char *path, const struct opts *o, struct run *r,
    struct hop_err *err)
{
	struct hop_reader *rd;
	const struct hop_header *h;
	struct hop_record rec;
	struct hop_frame fr;
	unsigned char *frame = NULL;
	size_t off = 0, nfw = 0, cap = 0;
	uint32_t s;
	int sp = -1, st, ret = -1;

	r->name = path == NULL || strcmp(path, "-") == 0 ? "<stdin>" : path;
	if ((rd = hop_unwrapped_open(path, r->name, o->species, &sp, &off,
	    err)) == NULL)
		return -1;
	h = hop_reader_header(rd);
	frame = hop_xmalloc(h->nspecies + 1);
	if (choose_framework(h, o, r, sp, frame, err) != 0)
		goto out;
	snprintf(r->species, sizeof(r->species), "%s", h->species[sp].name);
	for (s = 0; s < h->nspecies; s++)
		if (frame[s])
			nfw += h->species[s].count;
	r->nions = h->species[sp].count;
	r->dt_ps = h->dt_fs * 1e-3;
	if ((r->t = hop_msd_traj_new(r->nions, HOP_MSD_X | HOP_MSD_Y |
	    HOP_MSD_Z, err)) == NULL) {
		hop_err_prefix(err, r->name);
		goto out;
	}
	r->pos0 = hop_xmalloc(3 * (size_t)r->nions * sizeof(double));
	while ((st = hop_reader_next(rd, &rec, err)) == 1) {
		double c[3] = {0, 0, 0};
		size_t a = 0, i;

		if (rec.type != HOP_REC_FRAME)
			continue;
		if (hop_frame_decode(rd, &rec, &fr, err) != 0)
			goto out;
		if (hop_frame_check_finite(h, &rec, &fr, err) != 0) {
			hop_err_prefix(err, r->name);
			goto out;
		}
		for (s = 0; s < h->nspecies; a += h->species[s].count, s++) {
			if (!frame[s])
				continue;
			for (i = a; i < a + h->species[s].count; i++) {
				c[0] += fr.pos[3 * i] / (double)nfw;
				c[1] += fr.pos[3 * i + 1] / (double)nfw;
				c[2] += fr.pos[3 * i + 2] / (double)nfw;
			}
		}
		if (r->n == 0)
			for (i = 0; i < r->nions; i++) {
				r->pos0[3 * i] = fr.pos[3 * (off + i)] - c[0];
				r->pos0[3 * i + 1] = fr.pos[3 * (off + i) + 1] -
				    c[1];
				r->pos0[3 * i + 2] = fr.pos[3 * (off + i) + 2] -
				    c[2];
			}
		if (r->n == cap) {
			cap = cap ? 2 * cap : 1024;
			r->cells = hop_xreallocarray(r->cells, cap,
			    9 * sizeof(double));
		}
		memcpy(r->cells + 9 * r->n, fr.cell, 9 * sizeof(double));
		if (hop_msd_traj_add(r->t, fr.pos + 3 * off, nfw > 0 ? c : NULL,
		    err) != 0) {
			char msg[HOP_ERR_MAX];

			memcpy(msg, err->msg, sizeof(msg));
			hop_err_set(err, "%s: record %llu: %s", r->name,
			    (unsigned long long)rec.number, msg);
			goto out;
		}
		r->n++;
	}
	if (st < 0)
		goto out;
	if (r->n == 0 && (hop_reader_hops(rd) > 0 ||
	    hop_reader_atoms(rd) > 0)) {
		hop_err_set(err, "%s: this is a hop stream: give the unwrapped "
		    "frames (what unwrap writes, not what kmeans-hops writes)",
		    r->name);
		goto out;
	}
	if (r->n < 4) {
		hop_err_set(err, "%s: %zu frame%s: vanhove needs at least 4",
		    r->name, r->n, r->n == 1 ? "" : "s");
		goto out;
	}
	ret = 0;
out:
	hop_reader_free(rd);
	free(frame);
	return ret;
}

/* The --times as frames (rounded, at least 1, below the run's length);
 * a time that does not fit is an error. */
static int
times_to_frames(const struct opts *o, struct run *r, struct hop_err *err)
{
	size_t k;

	if (o->ntimes == 0) {
		r->tl = hop_xmalloc(DEFAULT_TIMES * sizeof(size_t));
		r->ntl = hop_msd_log_lags(r->n / 4 + 1, DEFAULT_TIMES, r->tl);
		return 0;
	}
	r->tl = hop_xmalloc(o->ntimes * sizeof(size_t));
	r->ntl = o->ntimes;
	for (k = 0; k < o->ntimes; k++) {
		double f = o->times[k] / r->dt_ps;

		if (f < 0.5 || f > (double)(r->n - 1) + 0.5) {
			hop_err_set(err, "%s: --times %g ps is outside the "
			    "run's lags, %g to %g ps", r->name, o->times[k],
			    r->dt_ps, (double)(r->n - 1) * r->dt_ps);
			return -1;
		}
		r->tl[k] = (size_t)(f + 0.5);
	}
	return 0;
}

static int
compute(const struct opts *o, struct run *r, struct hop_err *err)
{
	size_t k, want = o->lags, nb = o->bins;
	double lim = INFINITY;

	r->lags = hop_xmalloc(want * sizeof(size_t));
	/* Up to half the run: beyond, fewer origins than the lag. */
	r->nlags = hop_msd_log_lags(r->n / 2 + 1, want, r->lags);
	r->a2 = hop_xmalloc(r->nlags * sizeof(*r->a2));
	r->hr = hop_xmalloc(r->nlags * sizeof(*r->hr));
	if (r->nions >= 2) {
		if (hop_vanhove_self(r->t, r->lags, r->nlags, o->stride, 10.0, 1,
		    o->blocks, o->threads, NULL, r->a2, err) != 0)
			goto fail;
	} else {
		/* One ion: no jackknife over ions. */
		if (hop_vanhove_self(r->t, r->lags, r->nlags, o->stride, 10.0, 1,
		    2, o->threads, NULL, r->a2, err) != 0)
			goto fail;
		for (k = 0; k < r->nlags; k++)
			r->a2[k].dalpha2 = NAN;
	}
	if (hop_vanhove_haven(r->t, r->lags, r->nlags, o->blocks, o->threads,
	    r->hr, err) != 0)
		goto fail;
	if (times_to_frames(o, r, err) != 0)
		return -1;
	r->rmax_s = o->rmax > 0 ? o->rmax : 10.0;
	for (k = 0; k < r->n; k++) {
		double m = hop_vanhove_rmax(r->cells + 9 * k);

		if (m < lim)
			lim = m;
	}
	r->rmax_d = o->rmax > 0 ? o->rmax : fmin(10.0, lim);
	r->gs_row = hop_xmalloc(r->ntl * sizeof(*r->gs_row));
	r->gs = hop_xmalloc(r->ntl * nb * sizeof(double));
	if (hop_vanhove_self(r->t, r->tl, r->ntl, o->stride, r->rmax_s, nb,
	    r->nions >= 2 ? o->blocks : 2, o->threads, r->gs, r->gs_row,
	    err) != 0)
		goto fail;
	if (r->nions >= 2 && (o->dist_path != NULL || o->svg != NULL ||
	    o->json != NULL)) {
		if (!(lim > 0)) {
			hop_err_set(err, "%s: the cell has no volume: no G_d",
			    r->name);
			return -1;
		}
		r->gd = hop_xmalloc(r->ntl * nb * sizeof(double));
		if (hop_vanhove_distinct(r->t, r->pos0, r->cells, r->tl, r->ntl,
		    o->origins, r->rmax_d, nb, o->threads, r->gd, err) != 0)
			goto fail;
	} else if (o->dist_path != NULL) {
		hop_err_set(err, "%s: one %s ion: no distinct van Hove "
		    "function", r->name, r->species);
		return -1;
	}
	return 0;
fail:
	hop_err_prefix(err, r->name);
	return -1;
}

/* NaN without a sign. */
static double
num(double v)
{
	return isnan(v) ? NAN : v;
}

static void
print_table(const struct run *r)
{
	size_t k;

	printf("lag_ps\tmsd_self_A2\tr4_A4\talpha2\tdalpha2\tmsd_coll_A2\t"
	    "haven_r\tdhaven_r\n");
	for (k = 0; k < r->nlags; k++)
		printf("%.10g\t%.10g\t%.10g\t%.6g\t%.6g\t%.10g\t%.6g\t%.6g\n",
		    (double)r->lags[k] * r->dt_ps, r->a2[k].r2, r->a2[k].r4,
		    num(r->a2[k].alpha2), num(r->a2[k].dalpha2),
		    r->hr[k].coll, num(r->hr[k].haven), num(r->hr[k].dhaven));
	printf("# run: species=%s ions=%u frames=%zu dt_fs=%.6g drift=%s\n",
	    r->species, r->nions, r->n, r->dt_ps * 1e3,
	    r->framework[0] ? r->framework : "off");
}

/* A G table: lag_ps r_A and the two columns named. */
static int
write_g(struct hop_outfile *ofp, const struct run *r, const double *g,
    double rmax, size_t nb, int self, struct hop_err *err)
{
	struct hop_outfile of = *ofp;
	double w = rmax / (double)nb;
	size_t k, b;

	memset(ofp, 0, sizeof(*ofp));
	if (self)
		fprintf(of.fp, "lag_ps\tr_A\tgs_A-3\tp_r_per_A\n");
	else
		fprintf(of.fp, "lag_ps\tr_A\tgd_over_rho\n");
	for (k = 0; k < r->ntl; k++)
		for (b = 0; b < nb; b++) {
			double rc = (b + 0.5) * w, v = g[k * nb + b];

			if (self)
				fprintf(of.fp, "%.10g\t%.6g\t%.8g\t%.8g\n",
				    (double)r->tl[k] * r->dt_ps, rc,
				    v / (4 * M_PI * rc * rc), v);
			else
				fprintf(of.fp, "%.10g\t%.6g\t%.8g\n",
				    (double)r->tl[k] * r->dt_ps, rc, v);
		}
	return hop_outfile_commit(&of, err);
}

static void
json_run(FILE *fp, const struct run *r, const struct opts *o)
{
	struct hop_json j;
	size_t k, b, nb = o->bins;

	hop_json_begin(&j, fp);
	hop_json_string(&j, "program", "vanhove");
	hop_json_string(&j, "version", HOP_VERSION);
	hop_json_string(&j, "input", r->name);
	hop_json_string(&j, "species", r->species);
	hop_json_uint(&j, "ions", r->nions);
	hop_json_uint(&j, "frames", r->n);
	hop_json_number(&j, "dt_ps", r->dt_ps);
	hop_json_string(&j, "drift", r->framework[0] ? r->framework : "off");
	hop_json_array(&j, "lags");
	for (k = 0; k < r->nlags; k++) {
		hop_json_object(&j, NULL);
		hop_json_number(&j, "lag_ps", (double)r->lags[k] * r->dt_ps);
		hop_json_number(&j, "msd_self_A2", r->a2[k].r2);
		hop_json_number(&j, "r4_A4", r->a2[k].r4);
		hop_json_number(&j, "alpha2", r->a2[k].alpha2);
		hop_json_number(&j, "dalpha2", r->a2[k].dalpha2);
		hop_json_number(&j, "msd_coll_A2", r->hr[k].coll);
		hop_json_number(&j, "haven_r", r->hr[k].haven);
		hop_json_number(&j, "dhaven_r", r->hr[k].dhaven);
		hop_json_close(&j);
	}
	hop_json_close(&j);
	hop_json_number(&j, "rmax_self_A", r->rmax_s);
	hop_json_number(&j, "rmax_distinct_A", r->gd != NULL ? r->rmax_d : NAN);
	hop_json_uint(&j, "bins", nb);
	hop_json_array(&j, "van_hove");
	for (k = 0; k < r->ntl; k++) {
		hop_json_object(&j, NULL);
		hop_json_number(&j, "lag_ps", (double)r->tl[k] * r->dt_ps);
		hop_json_number(&j, "beyond_rmax", r->gs_row[k].beyond);
		hop_json_array(&j, "p_r_per_A");
		for (b = 0; b < nb; b++)
			hop_json_number(&j, NULL, r->gs[k * nb + b]);
		hop_json_close(&j);
		if (r->gd != NULL) {
			hop_json_array(&j, "gd_over_rho");
			for (b = 0; b < nb; b++)
				hop_json_number(&j, NULL, r->gd[k * nb + b]);
			hop_json_close(&j);
		}
		hop_json_close(&j);
	}
	hop_json_close(&j);
	hop_json_finish(&j);
}

static int
write_json(const struct run *r, const struct opts *o, struct hop_outfile *of,
    struct hop_err *err)
{
	json_run(of->fp, r, o);
	return hop_outfile_end(of, err);
}

/* alpha2(t) and H_R(t) with their error bars; G_s and G_d at the
 * --times. */
static int
svg_run(const struct run *r, const struct opts *o, struct hop_err *err)
{
	struct hop_svg *s;
	struct hop_svg_panel *p;
	size_t k, nb = o->bins, n = r->nlags;
	double *x = hop_xmalloc(3 * n * sizeof(double));
	double *lo = x + n, *hi = x + 2 * n, *y = hop_xmalloc(n * sizeof(double));
	double *rx = hop_xmalloc(nb * sizeof(double));
	char title[300];
	int ret = -1, which;

	snprintf(title, sizeof(title), "Cooperative motion of %s",
	    r->species);
	if ((s = hop_svg_new(2, 2, 520, 360, hop_cli_figure_text(o->fig.title,
	    title))) == NULL) {
		hop_err_set(err, "%s: out of memory", o->svg);
		goto out;
	}
	for (which = 0; which < 2; which++) {
		struct hop_svg_style st = {which, HOP_MARK_CIRCLE, 2.5, 0, 1.5,
		    0};

		p = hop_svg_panel(s, 0, which);
		hop_svg_labels(p, which == 0 ? "Non-Gaussian parameter" :
		    "Time-resolved Haven ratio", hop_cli_figure_text(
		    o->fig.xlabel, "\xce\x94t (ps)"), hop_cli_figure_text(
		    o->fig.ylabel, which == 0 ? "\xce\xb1\xe2\x82\x82" :
		    "H_R"));
		for (k = 0; k < n; k++) {
			double v = which == 0 ? r->a2[k].alpha2 :
			    r->hr[k].haven;
			double e = which == 0 ? r->a2[k].dalpha2 :
			    r->hr[k].dhaven;

			x[k] = (double)r->lags[k] * r->dt_ps;
			y[k] = v;
			lo[k] = isfinite(e) ? v - e : NAN;
			hi[k] = isfinite(e) ? v + e : NAN;
		}
		hop_svg_line(p, x, y, n, &st, NULL);
		hop_svg_points(p, x, y, n, &st, NULL);
		hop_svg_errorbars(p, x, lo, hi, n, &st, NULL);
	}
	for (which = 0; which < 2; which++) {
		const double *g = which == 0 ? r->gs : r->gd;
		double rmax = which == 0 ? r->rmax_s : r->rmax_d;

		p = hop_svg_panel(s, 1, which);
		if (g == NULL)
			continue;
		hop_svg_labels(p, which == 0 ? "Self van Hove function" :
		    "Distinct van Hove function", hop_cli_figure_text(
		    o->fig.xlabel, "r (\xc3\x85)"), hop_cli_figure_text(
		    o->fig.ylabel, which == 0 ? "4\xcf\x80r\xc2\xb2G_s (1/\xc3\x85)" :
		    "G_d / \xcf\x81"));
		for (k = 0; k < nb; k++)
			rx[k] = (k + 0.5) * rmax / (double)nb;
		for (k = 0; k < r->ntl; k++) {
			struct hop_svg_style st = {(int)k, HOP_MARK_NONE, 0, 0,
			    1.5, 0};
			char leg[64];

			snprintf(leg, sizeof(leg), "\xce\x94t = %.4g ps",
			    (double)r->tl[k] * r->dt_ps);
			hop_svg_line(p, rx, g + k * nb, nb, &st, leg);
		}
	}
	ret = hop_svg_write(s, o->svg, err);
out:
	hop_svg_free(s);
	free(x);
	free(y);
	free(rx);
	return ret;
}

static void
warn_run(const struct run *r, const struct opts *o)
{
	size_t k;

	if (r->nions < 2)
		hop_warn("%s: one %s ion: alpha2 has no uncertainty and there "
		    "is no G_d", r->name, r->species);
	for (k = 0; k < r->ntl; k++)
		if (r->gs_row[k].beyond > 0.01)
			hop_warn("%s: at %g ps, %.1f %% of displacements lie "
			    "beyond --rmax %g A: G_s is cut off", r->name,
			    (double)r->tl[k] * r->dt_ps,
			    100 * r->gs_row[k].beyond, r->rmax_s);
	if (r->nlags > 0 && !isfinite(r->hr[r->nlags - 1].dhaven))
		hop_warn("%s: H_R has no uncertainty at lags longer than "
		    "half a block (%g ps; --blocks %llu)", r->name,
		    (double)(r->n / o->blocks / 2) * r->dt_ps,
		    (unsigned long long)o->blocks);
}

/* An output opened before the run's work (the input protected first),
 * so that a path that cannot be written, or names the input, fails with
 * nothing done; NULL: none.  With dash, "-" is standard output. */
static void
open_output(struct hop_outfile *of, const char *path, int dash)
{
	struct hop_err err;

	memset(of, 0, sizeof(*of));
	if (path != NULL && (dash ? hop_outfile_begin(of, path, &err) ==
	    NULL : hop_outfile_open(of, path, &err) != 0))
		hop_die("%s", err.msg);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		HOP_LONGOPTS_GLOBAL,
		HOP_LONGOPTS_FIGURE,
		HOP_LONGOPT_JOBS,
		HOP_LONGOPT_JSON,
		HOP_LONGOPT_SPECIES,
		HOP_LONGOPT_SVG,
		{"bins", required_argument, NULL, OPT_BINS},
		{"blocks", required_argument, NULL, 'b'},
		{"distinct", required_argument, NULL, OPT_DISTINCT},
		{"drift", no_argument, NULL, 'c'},
		{"no-drift", no_argument, NULL, OPT_NO_DRIFT},
		{"frame-species", required_argument, NULL, 'F'},
		{"lags", required_argument, NULL, OPT_LAGS},
		{"origins", required_argument, NULL, OPT_ORIGINS},
		{"rmax", required_argument, NULL, OPT_RMAX},
		{"self", required_argument, NULL, OPT_SELF},
		{"stride", required_argument, NULL, OPT_STRIDE},
		{"times", required_argument, NULL, OPT_TIMES},
		{NULL, 0, NULL, 0}
	};
	struct opts o;
	struct run r;
	struct hop_err err;
	struct hop_outfile self_of, dist_of, json_of;
	int c, status = HOP_EXIT_OK;

	memset(&o, 0, sizeof(o));
	o.drift = -1;
	memset(&r, 0, sizeof(r));
	o.lags = 40;
	o.blocks = 10;
	o.bins = 200;
	o.origins = 100;
	o.stride = 1;
	hop_cli_init(prog, usage);
	o.threads = hop_cli_jobs_default();
	while ((c = getopt_long(argc, argv, HOP_OPTSTR_GLOBAL
	    "b:cF:g:j:J:s:", longopts, NULL)) != -1) {
		if (hop_cli_global(c) || hop_cli_figure(&o.fig, c, optarg))
			continue;
		switch (c) {
		case OPT_BINS:
			if (hop_cli_u64(optarg, 1, 100000, &o.bins) != 0)
				hop_usage_bad("bins", optarg, "1 to 100000");
			o.g_opt = "--bins";
			break;
		case 'b':
			if (hop_cli_u64(optarg, 2, 1000, &o.blocks) != 0)
				hop_usage_bad("blocks", optarg, "2 to 1000");
			break;
		case OPT_DISTINCT:
			o.dist_path = optarg;
			break;
		case 'c':
		case 'F':
			if (o.drift == 0)
				hop_usage_error("--drift or --no-drift: one of "
				    "them");
			if (c == 'F')
				o.frame_species = optarg;
			o.drift = 1;
			break;
		case OPT_NO_DRIFT:
			if (o.drift > 0)
				hop_usage_error("--drift or --no-drift: one of "
				    "them");
			o.drift = 0;
			break;
		case 'g':
			o.svg = optarg;
			break;
		case HOP_OPT_JOBS:
			o.threads = hop_cli_jobs(optarg);
			break;
		case 'J':
			if (*optarg == '\0')
				hop_usage_bad("json", optarg, "a file name, or -");
			o.json = optarg;
			break;
		case OPT_LAGS:
			if (hop_cli_u64(optarg, 1, 100000, &o.lags) != 0)
				hop_usage_bad("lags", optarg, "1 to 100000");
			break;
		case OPT_ORIGINS:
			if (hop_cli_u64(optarg, 1, 1000000, &o.origins) != 0)
				hop_usage_bad("origins", optarg, "1 to 1000000");
			o.origins_given = 1;
			break;
		case OPT_RMAX:
			if (hop_cli_double(optarg, 1e-6, 1e6, &o.rmax) != 0)
				hop_usage_bad("rmax", optarg, "a distance in A "
				    "above 0");
			o.g_opt = "--rmax";
			break;
		case HOP_OPT_SPECIES: {
			struct hop_list l;
			size_t n;

			hop_cli_list(&l, "species", optarg, "one species name");
			n = l.n;
			hop_list_free(&l);
			if (n > 1)
				hop_usage_bad("species", optarg, "one species "
				    "name");
			o.species = optarg;
			break;
		}
		case OPT_SELF:
			o.self_path = optarg;
			break;
		case OPT_STRIDE:
			if (hop_cli_u64(optarg, 1, 1000000000, &o.stride) != 0)
				hop_usage_bad("stride", optarg, "1 or more "
				    "frames");
			break;
		case OPT_TIMES:
			parse_times(optarg, &o);
			o.g_opt = "--times";
			break;
		default:
			usage(stderr, HOP_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		hop_usage_error("one run at a time");
	/* An option of G_s and G_d without them would have no effect. */
	if (o.origins_given && o.dist_path == NULL && o.svg == NULL &&
	    o.json == NULL)
		hop_usage_error("--origins goes with G_d: --distinct, --svg or "
		    "--json");
	if (o.g_opt != NULL && o.self_path == NULL && o.dist_path == NULL &&
	    o.svg == NULL && o.json == NULL)
		hop_usage_error("%s goes with G_s and G_d: --self, --distinct, "
		    "--svg or --json", o.g_opt);
	if (o.frame_species != NULL)
		hop_cli_frame_species(o.frame_species, o.species);
	if (hop_outfile_protect_path(argc > 0 ? argv[0] : NULL, &err) != 0)
		hop_die("%s", err.msg);
	open_output(&self_of, o.self_path, 0);
	open_output(&dist_of, o.dist_path, 0);
	open_output(&json_of, o.json, 1);
	if (o.svg != NULL) {
		struct hop_outfile of;

		open_output(&of, o.svg, 0); /* tried: hop_svg_write writes it */
		hop_outfile_abort(&of);
	}
	if (load(argc > 0 ? argv[0] : NULL, &o, &r, &err) != 0 ||
	    compute(&o, &r, &err) != 0) {
		status = hop_error("%s", err.msg);
		goto out;
	}
	warn_run(&r, &o);
	if ((o.self_path != NULL && write_g(&self_of, &r, r.gs, r.rmax_s,
	    o.bins, 1, &err) != 0) || (o.dist_path != NULL &&
	    write_g(&dist_of, &r, r.gd, r.rmax_d, o.bins, 0, &err) != 0) ||
	    (o.svg != NULL && svg_run(&r, &o, &err) != 0) ||
	    (o.json != NULL && write_json(&r, &o, &json_of, &err) != 0)) {
		status = hop_error("%s", err.msg);
		goto out;
	}
	if (o.json == NULL || strcmp(o.json, "-") != 0)
		print_table(&r);
out:
	if (status != HOP_EXIT_OK) {
		hop_outfile_abort(&self_of);
		hop_outfile_abort(&dist_of);
		hop_outfile_abort(&json_of);
	}
	run_free(&r);
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
