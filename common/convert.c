/*
 * convert.c - see convert.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "cli.h"
#include "convert.h"

void
hop_conv_opts_init(struct hop_conv_opts *o)
{
	memset(o, 0, sizeof(*o));
	hop_frame_sel_init(&o->frames);
	o->dt_fs = NAN;
	o->step_fs = NAN;
	o->temperature_K = NAN;
}

int
hop_conv_option(struct hop_conv_opts *o, int c, const char *arg,
    struct hop_err *err)
{
	const char *want = NULL, *name = NULL;

	switch (c) {
	case 'd':
	case 'T':
		name = c == 'd' ? "--dt" : "--timestep";
		if (hop_cli_double(arg, 0, 1e12, c == 'd' ? &o->dt_fs :
		    &o->step_fs) != 0 || (c == 'd' ? o->dt_fs : o->step_fs) <= 0)
			want = "a positive time in fs expected";
		break;
	case 'e':
		name = "--every";
		if (hop_cli_u64(arg, 1, UINT64_MAX, &o->frames.every) != 0)
			want = "a whole number of at least 1 expected";
		break;
	case 'f':
	case 'l':
		name = c == 'f' ? "--first" : "--last";
		if (hop_cli_u64(arg, 0, UINT64_MAX - 1, c == 'f' ?
		    &o->frames.first : &o->frames.last) != 0)
			want = "a whole number expected";
		break;
	case 's':
		o->species = arg;
		return 1;
	case 't':
		name = "--temperature";
		if (hop_cli_double(arg, 0, 1e7, &o->temperature_K) != 0)
			want = "a temperature in K expected";
		break;
	default:
		return 0;
	}
	if (want != NULL) {
		hop_err_set(err, "%s '%.64s': %s", name, arg, want);
		return -1;
	}
	return 1;
}

int
hop_conv_opts_check(const struct hop_conv_opts *o, struct hop_err *err)
{
	if (o->frames.first > o->frames.last) {
		hop_err_set(err, "--first %llu is after --last %llu",
		    (unsigned long long)o->frames.first,
		    (unsigned long long)o->frames.last);
		return -1;
	}
	return 0;
}

/* Prefix err's message with the input's name: "name: message". */
static void
prefix(struct hop_err *err, const char *name)
{
	char msg[HOP_ERR_MAX];

	memcpy(msg, err->msg, sizeof(msg));
	hop_err_set(err, "%s: %s", name, msg);
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

/* Everything the frame loop needs. */
struct conv {
	const struct hop_conv_src *src;
	const struct hop_conv_opts *o;
	struct hop_header h;
	struct hop_writer *w; /* opened at the first frame kept */
	FILE *out;
	struct hop_atom_sel sel;
	double *obuf;        /* one output frame */
	double cell0[9];     /* the first frame's cell */
	int variable;
	int steps;           /* dt came from step numbers: check them */
	int64_t step0, dstep;
};

/*
 * Check one input frame and write it when selected.  Returns 0, 1 when
 * the frame lies past the last one selected (stop reading), -1 on error.
 */
static int
put(struct conv *c, uint64_t ordinal, const struct hop_conv_frame *fr,
    struct hop_err *err)
{
	int keep = hop_frame_sel_keep(&c->o->frames, ordinal);
	size_t i, n;

	if (keep < 0)
		return 1;
	if (c->steps && (double)fr->step != (double)c->step0 +
	    (double)ordinal * (double)c->dstep) {
		hop_err_set(err, "%s:%llu: TIMESTEP %lld breaks the spacing "
		    "of %lld steps between frames (give --dt FS to ignore "
		    "step numbers)", c->src->name,
		    (unsigned long long)fr->line, (long long)fr->step,
		    (long long)c->dstep);
		return -1;
	}
	if (!c->variable && cells_differ(c->cell0, fr->cell)) {
		hop_err_set(err, "%s:%llu: the cell differs from the first "
		    "frame's, which the second frame kept (give "
		    "--variable-cell)", c->src->name,
		    (unsigned long long)fr->line);
		return -1;
	}
	if (!keep)
		return 0;
	/* The header carries the first kept frame's cell, as xdat2bin's. */
	if (c->w == NULL) {
		memcpy(c->h.cell, fr->cell, sizeof(c->h.cell));
		if ((c->w = hop_writer_open(c->out, "<stdout>", &c->h,
		    err)) == NULL)
			return -1;
	}
	n = 3 * (size_t)c->sel.nout;
	if (c->sel.identity)
		memcpy(c->obuf, fr->pos, n * sizeof(double));
	else
		hop_atom_sel_gather(&c->sel, fr->pos, c->obuf);
	/* The header promises fractional coordinates wrapped into the cell;
	 * a dump's scaled coordinates stray a little outside it. */
	if (c->src->coords == HOP_COORDS_FRACTIONAL)
		for (i = 0; i < n; i++) {
			double f = c->obuf[i] - floor(c->obuf[i]);

			c->obuf[i] = f < 1.0 ? f : 0.0;
		}
	return hop_write_frame(c->w, ordinal, fr->cell, c->obuf, err);
}

/* The time between output frames, from the options or the first two
 * frames' steps.  0 or -1. */
static int
frame_time(struct conv *c, const struct hop_conv_frame *f0,
    const struct hop_conv_frame *f1, double *dt, struct hop_err *err)
{
	const struct hop_conv_opts *o = c->o;

	if (!isnan(o->dt_fs)) {
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

/* Build the output header from the source and the first frames. */
static int
make_header(struct conv *c, struct hop_header *h, double dt,
    struct hop_err *err)
{
	const struct hop_conv_src *src = c->src;
	const struct hop_conv_opts *o = c->o;

	h->coords = src->coords;
	h->flags = c->variable ? HOP_FLAG_VARIABLE_CELL : 0;
	h->dt_fs = dt;
	h->temperature_K = o->temperature_K;
	h->nframes = 0; /* unknown while streaming */
	if ((h->title = strdup(src->title)) == NULL) {
		hop_err_set(err, "%s: out of memory", src->name);
		return -1;
	}
	if (hop_atom_sel_build(h, &c->sel, src->species, src->nspecies,
	    src->natoms, src->atom_species, o->species, err) != 0) {
		prefix(err, src->name);
		return -1;
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
    const struct hop_conv_frame *first, const struct hop_conv_opts *opts,
    FILE *out, struct hop_err *err)
{
	struct conv c;
	struct hop_conv_frame f0 = *first, fr;
	struct hop_progress prog;
	double *pos0 = NULL, dt;
	size_t n = 3 * (size_t)src->natoms;
	uint64_t ordinal = 0;
	int r, more, ret = -1;

	memset(&c, 0, sizeof(c));
	c.src = src;
	c.o = opts;
	c.out = out;
	hop_header_init(&c.h);
	memcpy(c.cell0, first->cell, sizeof(c.cell0));
	/* The first frame is a view the parser's next call reuses. */
	if ((pos0 = malloc((n ? n : 1) * sizeof(double))) == NULL ||
	    (c.obuf = malloc((n ? n : 1) * sizeof(double))) == NULL) {
		hop_err_set(err, "%s: out of memory for %u atoms", src->name,
		    src->natoms);
		goto out;
	}
	memcpy(pos0, first->pos, n * sizeof(double));
	f0.pos = pos0;
	f0.cell = c.cell0;
	if ((more = src->next(src->ctx, &fr, err)) < 0)
		goto out;
	c.variable = opts->variable_cell ||
	    (more && cells_differ(c.cell0, fr.cell));
	if (frame_time(&c, &f0, more ? &fr : NULL, &dt, err) != 0 ||
	    make_header(&c, &c.h, dt, err) != 0)
		goto out;
	hop_progress_start(&prog, "frames", 0);
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
		hop_err_set(err, "%s: no frame selected: the input has %llu "
		    "(numbered 0 to %llu)", src->name,
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
