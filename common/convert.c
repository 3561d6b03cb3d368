/*
 * convert.c - see convert.h.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "cli.h"
#include "convert.h"

void
hop_conv_opts_init(struct hop_conv_opts *o, const char *prog, int argc,
    char **argv)
{
	memset(o, 0, sizeof(*o));
	hop_frame_sel_init(&o->frames);
	o->dt_fs = NAN;
	o->step_fs = NAN;
	o->temperature_K = NAN;
	o->prog = prog;
	o->argc = argc;
	o->argv = argv;
}

int
hop_conv_option(struct hop_conv_opts *o, int c, const char *arg,
    struct hop_err *err)
{
	const char *want = NULL, *name = NULL;

	switch (c) {
	case 'd':
	case 'D':
		name = c == 'd' ? "dt" : "timestep";
		if (hop_cli_double(arg, 0, 1e12, c == 'd' ? &o->dt_fs :
		    &o->step_fs) != 0 || (c == 'd' ? o->dt_fs : o->step_fs) <= 0)
			want = "a positive time in fs";
		break;
	case 'e':
		name = "every";
		if (hop_cli_u64(arg, 1, UINT64_MAX, &o->frames.every) != 0)
			want = "a whole number of at least 1";
		break;
	case 'f':
	case 'l':
		name = c == 'f' ? "first" : "last";
		if (hop_cli_u64(arg, 0, UINT64_MAX - 1, c == 'f' ?
		    &o->frames.first : &o->frames.last) != 0)
			want = "a whole number";
		break;
	case 'm':
		o->member = arg;
		return 1;
	case HOP_OPT_SPECIES: {
		struct hop_list l;

		name = "species";
		o->species = arg;
		if (hop_list_parse(&l, arg, err) != 0)
			want = "a comma-separated list of species";
		hop_list_free(&l);
		break;
	}
	case HOP_OPT_TEMPERATURE:
		name = "temperature";
		/* What a stream's header may hold (stream.h): 0 is
		 * unknown. */
		if (hop_cli_double(arg, 0, HOP_T_MAX_K, &o->temperature_K) !=
		    0 || (o->temperature_K > 0 &&
		    o->temperature_K < HOP_T_MIN_K))
			want = "a temperature in K";
		break;
	case 'v':
		o->variable_cell = 1;
		return 1;
	case HOP_OPT_ATOMS: {
		struct hop_atomrange r;
		struct hop_err e;

		hop_atomrange_init(&r);
		o->atoms = arg;
		if (hop_atomrange_parse(&r, arg, &e) != 0) {
			hop_err_set(err, "invalid --atoms '%.64s': %s", arg,
			    e.msg);
			return -1;
		}
		hop_atomrange_free(&r);
		return 1;
	}
	default:
		return 0;
	}
	if (want != NULL) {
		hop_err_set(err, "invalid --%s '%.64s' (want %s)", name, arg,
		    want);
		return -1;
	}
	return 1;
}

int
hop_conv_opts_check(const struct hop_conv_opts *o, int nargs,
    struct hop_err *err)
{
	if (o->frames.first > o->frames.last) {
		hop_err_set(err, "--first %llu is after --last %llu",
		    (unsigned long long)o->frames.first,
		    (unsigned long long)o->frames.last);
		return -1;
	}
	if (nargs > 1) {
		hop_err_set(err, "one input file at most");
		return -1;
	}
	return hop_cli_stream_stdout(err);
}

int
hop_conv_getopt(struct hop_conv_opts *o, int argc, char **argv,
    const char *optstr, const struct option *longopts,
    int (*own)(void *ctx, int c, const char *arg), void *ctx,
    struct hop_err *err)
{
	int c;

	while ((c = getopt_long(argc, argv, optstr, longopts, NULL)) != -1) {
		if (own(ctx, c, optarg))
			continue;
		switch (hop_conv_option(o, c, optarg, err)) {
		case 1:
			break;
		case 0:
			hop_err_set(err, "%s", "");
			return HOP_CONV_USAGE;
		default:
			return HOP_CONV_USAGE;
		}
	}
	if (o->need_path != NULL && optind >= argc) {
		hop_err_set(err, "no input file (%s)", o->need_path);
		return HOP_CONV_USAGE;
	}
	if (hop_conv_opts_check(o, argc - optind, err) != 0)
		return HOP_CONV_REFUSED;
	return 0;
}

/*
 * Two cells are the same when no component differs by more than 1e-9 of
 * the largest: a dump prints the same box the same way every time, and a
 * box that really changes (NpT) moves far more than that.
 */
static int
cells_differ(const double a[9], const double b[9])
{
	double big = 0;
	int k;

	for (k = 0; k < 9; k++)
		if (fabs(a[k]) > big)
			big = fabs(a[k]);
	for (k = 0; k < 9; k++)
		if (fabs(a[k] - b[k]) > 1e-9 * big)
			return 1;
	return 0;
}

/* Whether every one of the n fractional coordinates f lies in [0, 1). */
static int
in_cell(const double *f, size_t n)
{
	size_t i;
	int in = 1;

	/* No early exit: the loop vectorises, and frames are inside. */
	for (i = 0; i < n; i++)
		in &= f[i] >= 0.0 && f[i] < 1.0;
	return in;
}

/* Everything the frame loop needs. */
struct conv {
	const struct hop_conv_src *src;
	const struct hop_conv_opts *o;
	struct hop_header h;
	struct hop_writer *w; /* opened at the first frame kept */
	FILE *out;
	struct hop_atom_sel sel;
	double *obuf;        /* one output frame */
	double *prev;        /* the last frame written, before wrapping,
	                      * when an axis is not periodic or positions
	                      * are unwrapped */
	int have_prev;
	struct hop_conv_report *rep; /* NULL: none wanted */
	double cell0[9];     /* the first frame's cell */
	int variable;
	int steps;           /* dt came from step numbers: check them */
	int64_t step0, dstep;
	int times;           /* frames carry times: check them */
	double time0, dtime;
};

/* How far a frame's time may lie from its place in the spacing, in fs:
 * CP2K prints times with 3 decimals, so two of them differ from the
 * exact times by up to 1e-3 together. */
#define TIME_TOL 1.0000001e-3

/* Where frame fr is, for messages: "NAME:LINE" or "NAME: frame N". */
static const char *
where(const struct conv *c, const struct hop_conv_frame *fr, char *buf,
    size_t n)
{
	if (c->src->line_is_frame)
		snprintf(buf, n, "%s: frame %llu", c->src->name,
		    (unsigned long long)fr->line);
	else
		snprintf(buf, n, "%s:%llu", c->src->name,
		    (unsigned long long)fr->line);
	return buf;
}

/*
 * The check the source's non-periodic axes need (see convert.h): pos are
 * the fractional positions of the selected atoms about to be written,
 * before wrapping.  0, or -1 with err set.
 */
static int
check_nonperiodic(struct conv *c, const struct hop_conv_frame *fr,
    const double *pos, struct hop_err *err)
{
	const int *per = c->src->periodic;
	size_t i, n = 3 * (size_t)c->sel.nout;
	char w[HOP_ERR_MAX / 2];

	if (per == NULL || (per[0] && per[1] && per[2]) ||
	    c->src->coords != HOP_COORDS_FRACTIONAL)
		return 0;
	if (c->have_prev)
		for (i = 0; i < n; i++) {
			double d = pos[i] - c->prev[i];

			if (!per[i % 3] && !(fabs(d) < 0.5)) {
				hop_err_set(err, "%s: atom %u moves %.3g of "
				    "the cell along %c, which is not periodic, "
				    "since the frame written before: unwrap "
				    "would carry it across the boundary%s%s",
				    where(c, fr, w, sizeof(w)),
				    c->h.orig_index[i / 3], d, "abc"[i % 3],
				    c->src->periodic_hint ? " " : "",
				    c->src->periodic_hint ?
				    c->src->periodic_hint : "");
				return -1;
			}
		}
	memcpy(c->prev, pos, n * sizeof(double));
	c->have_prev = 1;
	return 0;
}

/* Beyond this many cells from the origin a position is no atom's in any
 * run: a damaged number, whose fractional digits are lost (1e20 wraps to
 * 0).  An unwrapped glitch of 1e6 A in a 20 A cell still passes, for
 * the big-step warning and the analyses' flags to name. */
#define FAR_CELLS 1e6

/*
 * The selected atoms' positions pos about to be written: each within
 * FAR_CELLS cells of the origin along every cell vector.  0, or -1 with
 * err set ("NAME:LINE: atom A is 1e+20 cells from the origin along a").
 */
static int
check_far(struct conv *c, const struct hop_conv_frame *fr, const double *pos,
    struct hop_err *err)
{
	size_t i, n = 3 * (size_t)c->sel.nout;
	double inv[9], f[3];
	char w[HOP_ERR_MAX / 2];
	int k, cart = c->src->coords == HOP_COORDS_CARTESIAN_UNWRAPPED;

	if (cart && hop_cell_inverse(fr->cell, inv) != 0)
		return 0; /* a singular cell is the reader's to refuse */
	for (i = 0; i < n; i += 3) {
		if (cart)
			hop_cart_to_frac(pos + i, inv, f);
		else
			memcpy(f, pos + i, sizeof(f));
		for (k = 0; k < 3; k++)
			if (!(fabs(f[k]) < FAR_CELLS)) {
				hop_err_set(err, "%s: atom %u is %.3g cells "
				    "from the origin along %c (a damaged "
				    "number?)", where(c, fr, w, sizeof(w)),
				    c->h.orig_index[i / 3], fabs(f[k]),
				    "abc"[k]);
				return -1;
			}
	}
	return 0;
}

/*
 * Unwrapped positions pos about to be written: their steps of half a cell
 * or more along a periodic axis since the frame written before, counted
 * into c->rep (see convert.h).
 */
static void
check_unwrapped(struct conv *c, const struct hop_conv_frame *fr,
    const double *pos)
{
	const int *per = c->src->periodic;
	size_t i, n = 3 * (size_t)c->sel.nout;
	double inv[9];

	if (c->src->coords != HOP_COORDS_CARTESIAN_UNWRAPPED ||
	    c->rep == NULL)
		return;
	if (c->have_prev && hop_cell_inverse(fr->cell, inv) == 0)
		for (i = 0; i < n; i += 3) {
			double d[3], f[3];
			int k;

			for (k = 0; k < 3; k++)
				d[k] = pos[i + k] - c->prev[i + k];
			hop_cart_to_frac(d, inv, f);
			for (k = 0; k < 3 && (fabs(f[k]) < 0.5 ||
			    (per != NULL && !per[k])); k++)
				;
			if (k == 3)
				continue;
			if (c->rep->big_steps++ == 0) {
				c->rep->atom = c->h.orig_index[i / 3];
				c->rep->line = fr->line;
				c->rep->step_A = sqrt(d[0] * d[0] +
				    d[1] * d[1] + d[2] * d[2]);
				c->rep->frac = fabs(f[k]);
				c->rep->axis = k;
			}
		}
	memcpy(c->prev, pos, n * sizeof(double));
	c->have_prev = 1;
}

const char *
hop_conv_report_text(const struct hop_conv_src *src,
    const struct hop_conv_report *rep, char *buf, size_t n)
{
	char w[HOP_ERR_MAX / 2];

	if (rep->big_steps == 0)
		return NULL;
	if (src->line_is_frame)
		snprintf(w, sizeof(w), "%s: frame %llu", src->name,
		    (unsigned long long)rep->line);
	else
		snprintf(w, sizeof(w), "%s:%llu", src->name,
		    (unsigned long long)rep->line);
	snprintf(buf, n, "%s: atom %u moves %.3g \xc3\x85, %.2f of the cell "
	    "along %c, since the frame written before (%llu such step%s of "
	    "half a cell or more in all): unwrapped positions jump so far "
	    "when they are wrapped ones, when a restart reset the image "
	    "flags, or when frames lie far apart; hop finders would take "
	    "each for a hop across the cell", w, rep->atom, rep->step_A,
	    rep->frac, "abc"[rep->axis],
	    (unsigned long long)rep->big_steps, rep->big_steps > 1 ? "s" : "");
	return buf;
}

/*
 * Check one input frame and write it when selected.  Returns 0, 1 when
 * the frame lies past the last one selected (stop reading), -1 on error.
 */
static int
put(struct conv *c, uint64_t ordinal, const struct hop_conv_frame *fr,
    struct hop_err *err)
{
	int keep = hop_frame_sel_keep(&c->o->frames, ordinal);
	const double *pos;
	char w[HOP_ERR_MAX / 2];
	size_t i, n;

	if (keep < 0)
		return 1;
	if (c->steps && (double)fr->step != (double)c->step0 +
	    (double)ordinal * (double)c->dstep) {
		hop_err_set(err, "%s: TIMESTEP %lld breaks the spacing "
		    "of %lld steps between frames (give --dt FS to ignore "
		    "step numbers)", where(c, fr, w, sizeof(w)),
		    (long long)fr->step,
		    (long long)c->dstep);
		return -1;
	}
	if (c->times && !(fabs(fr->time_fs - (c->time0 + (double)ordinal *
	    c->dtime)) <= TIME_TOL)) {
		hop_err_set(err, "%s: time %.3f fs breaks the spacing of %g "
		    "fs between frames from %.3f fs (frame %llu)",
		    where(c, fr, w, sizeof(w)), fr->time_fs, c->dtime,
		    c->time0, (unsigned long long)ordinal);
		return -1;
	}
	if (!c->variable && cells_differ(c->cell0, fr->cell)) {
		hop_err_set(err, "%s: the cell differs from the first "
		    "frame's, which the second frame kept (give "
		    "--variable-cell)", where(c, fr, w, sizeof(w)));
		return -1;
	}
	if (!keep)
		return 0;
	/* The header carries the first kept frame's cell. */
	if (c->w == NULL) {
		memcpy(c->h.cell, fr->cell, sizeof(c->h.cell));
		if ((c->w = hop_writer_open(c->out, "<stdout>", &c->h,
		    err)) == NULL)
			return -1;
	}
	n = 3 * (size_t)c->sel.nout;
	pos = hop_atom_sel_gather(&c->sel, fr->pos, c->obuf);
	if (check_far(c, fr, pos, err) != 0 ||
	    check_nonperiodic(c, fr, pos, err) != 0)
		return -1;
	check_unwrapped(c, fr, pos);
	/* Fractional coordinates are wrapped into the cell whatever the
	 * source wrote (a dump's scaled ones stray a little outside it, an
	 * XDATCAR's now and then), so that unwrap starts every format's
	 * trajectory from the same image.  Frames already inside it, the
	 * rule, go out without a copy. */
	if (c->src->coords == HOP_COORDS_FRACTIONAL && !in_cell(pos, n)) {
		if (pos != c->obuf)
			memcpy(c->obuf, pos, n * sizeof(double));
		for (i = 0; i < n; i++) {
			double f = c->obuf[i] - floor(c->obuf[i]);

			c->obuf[i] = f < 1.0 ? f : 0.0;
		}
		pos = c->obuf;
	}
	return hop_write_frame(c->w, ordinal, fr->cell, pos, err);
}

/* The time between output frames, from the options or the first two
 * frames' steps.  0 or -1. */
static int
frame_time(struct conv *c, const struct hop_conv_frame *f0,
    const struct hop_conv_frame *f1, double *dt, struct hop_err *err)
{
	const struct hop_conv_opts *o = c->o;

	if (c->src->has_times) {
		char w[HOP_ERR_MAX / 2];

		if (!isnan(o->dt_fs))
			*dt = o->dt_fs;
		else if (f1 == NULL) {
			hop_err_set(err, "%s: one frame only: no time "
			    "difference to take the time per frame from (give "
			    "--dt FS)", c->src->name);
			return -1;
		} else if (!((*dt = f1->time_fs - f0->time_fs) > 0)) {
			hop_err_set(err, "%s: time %.3f fs does not follow the "
			    "first frame's %.3f fs", where(c, f1, w,
			    sizeof(w)), f1->time_fs, f0->time_fs);
			return -1;
		}
		if (f1 != NULL && !(fabs(f1->time_fs - f0->time_fs - *dt) <=
		    TIME_TOL)) {
			hop_err_set(err, "%s: --dt %g fs disagrees with the "
			    "file's times (%g fs between the first two "
			    "frames)", c->src->name, *dt,
			    f1->time_fs - f0->time_fs);
			return -1;
		}
		c->times = 1;
		c->time0 = f0->time_fs;
		c->dtime = *dt;
	} else if (!isnan(o->dt_fs)) {
		*dt = o->dt_fs;
	} else if (!isnan(o->step_fs) && c->src->has_steps) {
		if (f1 == NULL) {
			hop_err_set(err, "%s: one frame only: no TIMESTEP "
			    "difference to take the time per frame from "
			    "(give --dt FS)", c->src->name);
			return -1;
		}
		if (f1->step <= f0->step) {
			hop_err_set(err, "%s:%llu: TIMESTEP %lld does not "
			    "follow the first frame's %lld (give --dt FS)",
			    c->src->name, (unsigned long long)f1->line,
			    (long long)f1->step, (long long)f0->step);
			return -1;
		}
		c->steps = 1;
		c->step0 = f0->step;
		c->dstep = f1->step - f0->step;
		*dt = (double)c->dstep * o->step_fs;
	} else {
		hop_err_set(err, "%s: the time per frame is unknown (give "
		    "--dt FS%s)", c->src->name, c->src->has_steps ?
		    ", or --timestep FS to use the TIMESTEP values" : "");
		return -1;
	}
	*dt *= (double)o->frames.every;
	return 0;
}

/*
 * The header's fields that the frames do not decide: title, species
 * selection, provenance.  0 or -1.
 */
static int
start_header(struct conv *c, struct hop_err *err)
{
	const struct hop_conv_src *src = c->src;
	const struct hop_conv_opts *o = c->o;
	struct hop_header *h = &c->h;

	h->temperature_K = o->temperature_K;
	h->nframes = 0; /* unknown while streaming */
	if ((h->title = strdup(src->title)) == NULL) {
		hop_err_set(err, "%s: out of memory", src->name);
		return -1;
	}
	if (hop_atom_sel_build(h, &c->sel, src->species, src->nspecies,
	    src->natoms, src->atom_species, o->species, err) != 0) {
		hop_err_prefix(err, src->name);
		return -1;
	}
	if (o->atoms != NULL) {
		struct hop_atomrange r;
		int rc;

		hop_atomrange_init(&r);
		rc = hop_atomrange_parse(&r, o->atoms, err) != 0 ||
		    hop_atom_sel_restrict(h, &c->sel, &r, err) != 0;
		hop_atomrange_free(&r);
		if (rc) {
			hop_err_prefix(err, src->name);
			return -1;
		}
		if (h->natoms == 0) {
			hop_err_set(err, "%s: --atoms %.64s: none of the %s's "
			    "%u atoms%s", src->name, o->atoms, src->input_word ?
			    src->input_word : "input", src->natoms,
			    o->species ? " of those species" : "");
			return -1;
		}
	}
	if (h->natoms == 0) {
		hop_err_set(err, "%s: no atoms selected", src->name);
		return -1;
	}
	return hop_header_add_prov(h, o->prog, HOP_VERSION, o->argc, o->argv,
	    err);
}

int
hop_conv_run(const struct hop_conv_src *src,
    const struct hop_conv_opts *opts, FILE *out, struct hop_conv_report *rep,
    struct hop_err *err)
{
	const char *frame = src->frame_word ? src->frame_word : "frame";
	const char *input = src->input_word ? src->input_word : "input";
	struct conv c;
	struct hop_conv_frame f0, fr;
	struct hop_progress prog;
	char frames[32];
	double *pos0 = NULL;
	size_t n = 3 * (size_t)src->natoms;
	uint64_t ordinal = 0;
	int r, more, ret = -1;

	memset(&c, 0, sizeof(c));
	c.src = src;
	c.o = opts;
	c.out = out;
	c.rep = rep;
	if (rep != NULL)
		memset(rep, 0, sizeof(*rep));
	hop_header_init(&c.h);
	if (start_header(&c, err) != 0)
		goto out;
	if ((pos0 = malloc((n ? n : 1) * sizeof(double))) == NULL ||
	    (c.obuf = malloc((n ? n : 1) * sizeof(double))) == NULL ||
	    ((src->periodic != NULL ||
	    (src->coords == HOP_COORDS_CARTESIAN_UNWRAPPED && rep != NULL)) &&
	    (c.prev = malloc((n ? n : 1) * sizeof(double))) == NULL)) {
		hop_err_set(err, "%s: out of memory for %u atoms", src->name,
		    src->natoms);
		goto out;
	}
	if ((r = src->next(src->ctx, &f0, err)) != 1) {
		if (r == 0)
			hop_err_set(err, "%s: no %s in the %s", src->name,
			    frame, input);
		goto out;
	}
	/* The first frame is a view the parser's next call reuses. */
	memcpy(pos0, f0.pos, n * sizeof(double));
	memcpy(c.cell0, f0.cell, sizeof(c.cell0));
	f0.pos = pos0;
	f0.cell = c.cell0;
	if ((more = src->next(src->ctx, &fr, err)) < 0)
		goto out;
	c.variable = opts->variable_cell ||
	    (more && cells_differ(c.cell0, fr.cell));
	if (frame_time(&c, &f0, more ? &fr : NULL, &c.h.dt_fs, err) != 0)
		goto out;
	c.h.coords = src->coords;
	c.h.flags = c.variable ? HOP_FLAG_VARIABLE_CELL : 0;
	snprintf(frames, sizeof(frames), "%ss", frame);
	hop_progress_start(&prog, frames, 0);
	r = put(&c, ordinal++, &f0, err);
	while (r == 0 && more) {
		if ((r = put(&c, ordinal++, &fr, err)) != 0)
			break;
		hop_progress_update(&prog, ordinal);
		if ((more = src->next(src->ctx, &fr, err)) < 0)
			r = -1;
	}
	hop_progress_end(&prog);
	if (r >= 0 && c.w == NULL) {
		hop_err_set(err, "%s: no %s selected: the %s has %llu "
		    "(numbered 0 to %llu)", src->name, frame, input,
		    (unsigned long long)ordinal,
		    (unsigned long long)ordinal - 1);
		r = -1;
	}
	/* Only a complete conversion gets its END record. */
	if (r >= 0 && hop_writer_finish(c.w, err) == 0)
		ret = 0;
out:
	hop_writer_free(c.w);
	hop_atom_sel_free(&c.sel);
	hop_header_free(&c.h);
	free(pos0);
	free(c.obuf);
	free(c.prev);
	return ret;
}

int
hop_conv_parse_cell(const char *s, double cell[9])
{
	double v[9], inv[9];
	char tok[64];
	int n = 0, k;

	while (*s) {
		size_t len = strcspn(s, ", \t");

		if (len == 0) {
			s++;
			continue;
		}
		if (n == 9 || len >= sizeof(tok))
			return -1;
		memcpy(tok, s, len);
		tok[len] = '\0';
		if (hop_cli_double(tok, -1e6, 1e6, &v[n++]) != 0)
			return -1;
		s += len;
	}
	memset(cell, 0, 9 * sizeof(double));
	if (n == 1 || n == 3) {
		for (k = 0; k < 3; k++)
			cell[4 * k] = v[n == 1 ? 0 : k];
	} else if (n == 9) {
		memcpy(cell, v, sizeof(v));
	} else {
		return -1;
	}
	return hop_cell_inverse(cell, inv);
}

int
hop_conv_parse_names(const char *list, struct hop_species **sp,
    uint32_t *nsp, struct hop_err *err)
{
	struct hop_species *t;
	const char *p;
	uint32_t n = 1, i, j;

	for (p = list; *p; p++)
		if (*p == ',' && ++n > HOP_MAX_SPECIES) {
			hop_err_set(err, "more than %u names", HOP_MAX_SPECIES);
			return -1;
		}
	if ((t = calloc(n, sizeof(*t))) == NULL) {
		hop_err_set(err, "out of memory");
		return -1;
	}
	for (i = 0, p = list; i < n; i++) {
		size_t len = strcspn(p, ",");

		if (len == 0 || len > HOP_MAX_NAME ||
		    strcspn(p, " \t,") != len) {
			hop_err_set(err, "name %u ('%.*s') is empty, has "
			    "blanks or is longer than %u bytes", i + 1,
			    (int)(len > HOP_MAX_NAME ? HOP_MAX_NAME : len), p,
			    HOP_MAX_NAME);
			free(t);
			return -1;
		}
		memcpy(t[i].name, p, len);
		t[i].name[len] = '\0';
		for (j = 0; j < i; j++)
			if (strcmp(t[j].name, t[i].name) == 0) {
				hop_err_set(err, "name '%s' given twice",
				    t[i].name);
				free(t);
				return -1;
			}
		p += len + (p[len] == ',');
	}
	*sp = t;
	*nsp = n;
	return 0;
}
