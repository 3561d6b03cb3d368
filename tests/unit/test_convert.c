/*
 * test_convert.c - the converters' shared output (common/convert.c): the
 * header decided from the first two frames, step-based time, wrapping,
 * selection, and the command-line helpers.  Frames come from an array
 * through the same callback the parsers use; the stream is read back.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "t.h"

#define NA 3
#define NF 4

/* A fake source: NF frames of NA atoms, species A B A. */
struct fake {
	int next;        /* frame to hand out next */
	int nframes;
	double cell[NF][9];
	double pos[NF][3 * NA];
	int64_t step[NF];
};

static int
fake_next(void *ctx, struct hop_conv_frame *fr, struct hop_err *err)
{
	struct fake *f = ctx;

	(void)err;
	if (f->next == f->nframes)
		return 0;
	fr->line = 100 + 10 * (uint64_t)f->next;
	fr->step = f->step[f->next];
	fr->cell = f->cell[f->next];
	fr->pos = f->pos[f->next];
	f->next++;
	return 1;
}

static void
fake_init(struct fake *f)
{
	int t, k;

	memset(f, 0, sizeof(*f));
	f->nframes = NF;
	for (t = 0; t < NF; t++) {
		for (k = 0; k < 9; k++)
			f->cell[t][k] = k % 4 == 0 ? 10 : 0;
		for (k = 0; k < 3 * NA; k++)
			f->pos[t][k] = 0.1 * k + 0.01 * t;
		f->step[t] = 1000 + 50 * t;
	}
	f->pos[0][0] = -0.25; /* outside [0, 1): wrapped to 0.75 */
	f->pos[0][1] = 1.0;   /* wrapped to 0 */
}

static const struct hop_species sp2[2] = {{"A", 0}, {"B", 0}};
static const uint32_t atom_sp[NA] = {0, 1, 0};
static char *argv0[] = {"lmp2bin", "--timestep", "2"};

/* One conversion and what it wrote, read back. */
struct out {
	int status;              /* hop_conv_run's */
	struct hop_err err;
	struct hop_conv_report rep;
	char *buf;               /* the stream */
	size_t len;
	int n;                   /* frames read back; -1: not complete */
	struct hop_header h;     /* valid when n >= 0 */
	double pos[NF * 3 * NA]; /* each frame's positions */
	double cells[NF * 9];
	uint64_t idx[NF];
	char text[1024];         /* hop_conv_report_text's, or "" */
};

/* Read the stream in r->buf back into r. */
static void
readback(struct out *r)
{
	FILE *fp = r->len ? fmemopen(r->buf, r->len, "r") : NULL;
	struct hop_reader *rd = fp ? hop_reader_open(fp, "mem", NULL) : NULL;
	struct hop_record rec;
	struct hop_frame fr;
	int st;

	r->n = -1;
	if (rd == NULL) {
		if (fp != NULL)
			fclose(fp);
		return;
	}
	hop_header_copy(&r->h, hop_reader_header(rd), NULL);
	r->n = 0;
	while ((st = hop_reader_next(rd, &rec, NULL)) == 1) {
		hop_frame_decode(rd, &rec, &fr, NULL);
		memcpy(r->pos + 3 * NA * r->n, fr.pos, 3 * r->h.natoms *
		    sizeof(double));
		memcpy(r->cells + 9 * r->n, fr.cell, 9 * sizeof(double));
		r->idx[r->n++] = fr.index;
	}
	if (st != 0)
		r->n = -1;
	hop_reader_free(rd);
	fclose(fp);
}

/* Run the converter on f with options o; the outcome goes to r. */
static void
convert(struct fake *f, const struct hop_conv_opts *o, uint32_t coords,
    struct out *r)
{
	struct hop_conv_src src;
	FILE *fp;

	memset(r, 0, sizeof(*r));
	hop_header_init(&r->h);
	fp = open_memstream(&r->buf, &r->len);
	memset(&src, 0, sizeof(src));
	src.name = "fake";
	src.title = "fake title";
	src.natoms = NA;
	src.nspecies = 2;
	src.species = sp2;
	src.atom_species = atom_sp;
	src.coords = coords;
	src.has_steps = 1;
	src.next = fake_next;
	src.ctx = f;
	r->status = hop_conv_run(&src, o, fp, &r->rep, &r->err);
	if (hop_conv_report_text(&src, &r->rep, r->text, sizeof(r->text)) ==
	    NULL)
		r->text[0] = '\0';
	fclose(fp);
	readback(r);
}

static void
out_free(struct out *r)
{
	hop_header_free(&r->h);
	free(r->buf);
}

static void
opts(struct hop_conv_opts *o)
{
	hop_conv_opts_init(o, "lmp2bin", 3, argv0);
}

static void
test_basic(void)
{
	struct fake f;
	struct hop_conv_opts o;
	struct out r;

	fake_init(&f);
	opts(&o);
	o.step_fs = 2;
	o.temperature_K = 1600;
	convert(&f, &o, HOP_COORDS_FRACTIONAL, &r);
	T_EQ_U("basic: converts", r.status, 0);
	T_EQ_U("basic: 4 frames", r.n, 4);
	T_NEAR("basic: dt = 50 steps x 2 fs", r.h.dt_fs, 100, 0);
	T_NEAR("basic: temperature", r.h.temperature_K, 1600, 0);
	T_EQ_U("basic: fixed cell", r.h.flags, 0);
	T_EQ_U("basic: grouped A A B", r.h.species[0].count * 10 +
	    r.h.species[1].count, 21);
	T_EQ_U("basic: orig_index 0 2 1", r.h.orig_index[0] * 100 +
	    r.h.orig_index[1] * 10 + r.h.orig_index[2], 21);
	T_OK("basic: title and provenance", strcmp(r.h.title, "fake title") ==
	    0 && r.h.nprov == 1 && strcmp(r.h.prov[0].cmdline,
	    "lmp2bin --timestep 2") == 0);
	T_NEAR("basic: -0.25 wrapped to 0.75", r.pos[0], 0.75, 1e-15);
	T_NEAR("basic: 1.0 wrapped to 0", r.pos[1], 0, 0);
	/* Output atom 1 is input atom 2 (the second A). */
	T_NEAR("basic: gathered atom", r.pos[3], 0.6, 1e-15);
	/* Output atom 2 is input atom 1 (B): its z in frame 3. */
	T_NEAR("basic: frame 3 value", r.pos[3 * 3 * NA + 8], 0.53, 1e-15);
	T_EQ_U("basic: indices are ordinals", r.idx[3], 3);
	out_free(&r);
}

static void
test_cells(void)
{
	struct fake f;
	struct hop_conv_opts o;
	struct out r;
	int t;

	/* The second frame's cell differs: variable, each frame's cell. */
	fake_init(&f);
	for (t = 1; t < NF; t++)
		f.cell[t][0] = 10 + t;
	opts(&o);
	o.dt_fs = 5;
	o.frames.first = 1;
	convert(&f, &o, HOP_COORDS_FRACTIONAL, &r);
	T_EQ_U("npt: converts", r.status, 0);
	T_EQ_U("npt: 3 frames from --first 1", r.n, 3);
	T_EQ_U("npt: variable", r.h.flags, HOP_FLAG_VARIABLE_CELL);
	T_NEAR("npt: header cell is the first kept frame's", r.h.cell[0], 11,
	    0);
	T_NEAR("npt: frame cells", r.cells[9 * 2], 13, 0);
	T_EQ_U("npt: first index", r.idx[0], 1);
	out_free(&r);

	/* Fixed for two frames, then a change: refused, no END record. */
	fake_init(&f);
	f.cell[2][8] = 10.5;
	opts(&o);
	o.dt_fs = 5;
	convert(&f, &o, HOP_COORDS_FRACTIONAL, &r);
	T_EQ_U("late change: refused", (unsigned)-r.status, 1);
	T_OK("late change: message", strcmp(r.err.msg, "fake:120: the cell "
	    "differs from the first frame's, which the second frame kept "
	    "(give --variable-cell)") == 0);
	T_OK("late change: stream not finished", r.len > 0 && r.n == -1);
	out_free(&r);

	/* The same with --variable-cell. */
	fake_init(&f);
	f.cell[2][8] = 10.5;
	o.variable_cell = 1;
	convert(&f, &o, HOP_COORDS_CARTESIAN_UNWRAPPED, &r);
	T_EQ_U("--variable-cell: converts", r.status, 0);
	T_EQ_U("--variable-cell: frames", r.n, 4);
	T_NEAR("--variable-cell: unwrapped not wrapped", r.pos[0], -0.25, 0);
	T_NEAR("--variable-cell: frame 2's cell", r.cells[9 * 2 + 8], 10.5,
	    0);
	out_free(&r);
}

/* Unwrapped positions that step half a cell or more between frames
 * written: counted, the first described; fractional positions and
 * shorter steps not. */
static void
test_big_steps(void)
{
	static const char P[] = "fake:120: atom 2 moves 10 \xc3\x85, 1.00 of "
	    "the cell along b, since the frame written before (2 such steps "
	    "of half a cell or more in all): ";
	struct fake f;
	struct hop_conv_opts o;
	struct out r;

	/* The steps of 0.01 A per frame: nothing to say. */
	fake_init(&f);
	opts(&o);
	o.step_fs = 2;
	convert(&f, &o, HOP_COORDS_CARTESIAN_UNWRAPPED, &r);
	T_EQ_U("big steps: a smooth run converts", r.status, 0);
	T_EQ_U("big steps: none in a smooth run", r.rep.big_steps, 0);
	T_OK("big steps: no text for none", r.text[0] == '\0');
	out_free(&r);

	/* Input atom 2 (output atom 1) jumps by a cell vector along b at
	 * frame 2 (line 120) and back at frame 3; atom 0 moves 4.9 A
	 * along c, less than half the cell: 2 steps. */
	fake_init(&f);
	f.pos[2][3 * 2 + 1] += 10;
	f.pos[1][3 * 0 + 2] += 4.9;
	opts(&o);
	o.step_fs = 2;
	convert(&f, &o, HOP_COORDS_CARTESIAN_UNWRAPPED, &r);
	T_EQ_U("big steps: converts", r.status, 0);
	T_EQ_U("big steps: there and back counted", r.rep.big_steps, 2);
	T_EQ_U("big steps: the first one's atom", r.rep.atom, 2);
	T_EQ_U("big steps: its line", r.rep.line, 120);
	T_NEAR("big steps: its length", r.rep.step_A, sqrt(2e-4 + 10.01 *
	    10.01), 1e-9);
	T_EQ_U("big steps: along b", r.rep.axis, 1);
	T_OK("big steps: the text", strncmp(r.text, P, strlen(P)) == 0);
	out_free(&r);

	/* With --every 2 the frames written are 0 and 2: one step, of the
	 * frame at line 120. */
	fake_init(&f);
	f.pos[2][3 * 2 + 1] += 10;
	opts(&o);
	o.step_fs = 2;
	o.frames.every = 2;
	convert(&f, &o, HOP_COORDS_CARTESIAN_UNWRAPPED, &r);
	T_EQ_U("big steps: between frames written", r.rep.big_steps, 1);
	out_free(&r);

	/* Fractional positions are unwrap's to follow: not counted. */
	fake_init(&f);
	f.pos[2][3 * 2 + 1] += 0.6;
	opts(&o);
	o.step_fs = 2;
	convert(&f, &o, HOP_COORDS_FRACTIONAL, &r);
	T_EQ_U("big steps: fractional input not counted", r.rep.big_steps, 0);
	out_free(&r);
}

/* A position a million cells or more from the origin is refused at its
 * frame (its fractional digits are gone: 1e20 would wrap to 0);
 * 1e5 cells passes. */
static void
test_far(void)
{
	struct fake f;
	struct hop_conv_opts o;
	struct out r;

	fake_init(&f);
	f.pos[2][3 * 1 + 2] = 1e20;
	opts(&o);
	o.step_fs = 2;
	convert(&f, &o, HOP_COORDS_FRACTIONAL, &r);
	T_EQ_U("far: a fractional 1e20 refused", (unsigned)-r.status, 1);
	T_OK("far: ... at its frame, naming the atom and axis",
	    strcmp(r.err.msg, "fake:120: atom 1 is 1e+20 cells from the "
	    "origin along c (a damaged number?)") == 0);
	T_OK("far: ... no END record", r.n == -1);
	out_free(&r);

	fake_init(&f);
	f.pos[1][0] = -2e7;
	opts(&o);
	o.step_fs = 2;
	convert(&f, &o, HOP_COORDS_CARTESIAN_UNWRAPPED, &r);
	T_OK("far: an unwrapped -2e7 A in a 10 A cell refused",
	    r.status == -1 && strcmp(r.err.msg, "fake:110: atom 0 is 2e+06 "
	    "cells from the origin along a (a damaged number?)") == 0);
	out_free(&r);

	fake_init(&f);
	f.pos[1][0] = 1e6;
	opts(&o);
	o.step_fs = 2;
	convert(&f, &o, HOP_COORDS_CARTESIAN_UNWRAPPED, &r);
	T_EQ_U("far: 1e5 cells converts", r.status, 0);
	out_free(&r);
}

static void
test_time(void)
{
	struct fake f;
	struct hop_conv_opts o;
	struct out r;

	fake_init(&f);
	opts(&o);
	convert(&f, &o, HOP_COORDS_FRACTIONAL, &r);
	T_EQ_U("no time: refused", (unsigned)-r.status, 1);
	T_OK("no time: message", strcmp(r.err.msg, "fake: the time per frame "
	    "is unknown (give --dt FS, or --timestep FS to use the TIMESTEP "
	    "values)") == 0);
	T_EQ_U("no time: nothing written", r.len, 0);
	out_free(&r);

	fake_init(&f);
	f.step[3] = 1160;
	o.step_fs = 1;
	convert(&f, &o, HOP_COORDS_FRACTIONAL, &r);
	T_EQ_U("uneven steps: refused", (unsigned)-r.status, 1);
	T_OK("uneven steps: message", strcmp(r.err.msg, "fake:130: TIMESTEP "
	    "1160 breaks the spacing of 50 steps between frames (give --dt FS "
	    "to ignore step numbers)") == 0);
	out_free(&r);

	/* --dt ignores the steps; --every multiplies. */
	o.dt_fs = 10;
	o.frames.every = 3;
	fake_init(&f);
	f.step[3] = 1160;
	convert(&f, &o, HOP_COORDS_FRACTIONAL, &r);
	T_EQ_U("--dt ignores steps", r.status, 0);
	T_EQ_U("--every 3: frames 0 and 3", r.n * 10 + (int)r.idx[1], 23);
	T_NEAR("--every 3: dt x 3", r.h.dt_fs, 30, 0);
	out_free(&r);

	fake_init(&f);
	f.nframes = 1;
	opts(&o);
	o.step_fs = 2;
	convert(&f, &o, HOP_COORDS_FRACTIONAL, &r);
	T_EQ_U("one frame with --timestep: refused", (unsigned)-r.status, 1);
	out_free(&r);
	o.dt_fs = 2;
	fake_init(&f);
	f.nframes = 1;
	convert(&f, &o, HOP_COORDS_FRACTIONAL, &r);
	T_EQ_U("one frame with --dt", r.status, 0);
	T_EQ_U("one frame with --dt: read back", r.n, 1);
	out_free(&r);

	fake_init(&f);
	f.nframes = 0;
	convert(&f, &o, HOP_COORDS_FRACTIONAL, &r);
	T_OK("no frame at all: refused", r.status == -1 && strcmp(r.err.msg,
	    "fake: no frame in the input") == 0);
	out_free(&r);

	fake_init(&f);
	o.frames.first = 9;
	convert(&f, &o, HOP_COORDS_FRACTIONAL, &r);
	T_EQ_U("nothing selected: refused", (unsigned)-r.status, 1);
	T_OK("nothing selected: message", strcmp(r.err.msg, "fake: no frame "
	    "selected: the input has 4 (numbered 0 to 3)") == 0);
	out_free(&r);

	fake_init(&f);
	o.frames.first = 0;
	o.species = "C";
	convert(&f, &o, HOP_COORDS_FRACTIONAL, &r);
	T_EQ_U("unknown species: refused", (unsigned)-r.status, 1);
	T_OK("unknown species: message", strcmp(r.err.msg, "fake: species 'C' "
	    "is not in the input (it has A, B)") == 0);
	out_free(&r);
}

static void
test_cli(void)
{
	struct hop_conv_opts o;
	struct hop_species *sp = NULL;
	struct hop_err err;
	double c[9];
	uint32_t n = 0;
	char longname[80];

	T_OK("cell: one number", hop_conv_parse_cell("12.5", c) == 0 &&
	    c[0] == 12.5 && c[4] == 12.5 && c[8] == 12.5 && c[1] == 0);
	T_OK("cell: three, commas", hop_conv_parse_cell("1,2,3", c) == 0 &&
	    c[0] == 1 && c[4] == 2 && c[8] == 3);
	T_OK("cell: nine, blanks", hop_conv_parse_cell(
	    " 8 0 0  2 9 0\t-1 1.5 10 ", c) == 0 && c[3] == 2 && c[6] == -1);
	T_OK("cell: two numbers", hop_conv_parse_cell("1 2", c) == -1);
	T_OK("cell: ten numbers", hop_conv_parse_cell("1 0 0 0 1 0 0 0 1 1",
	    c) == -1);
	T_OK("cell: singular", hop_conv_parse_cell("1 0 0 2 0 0 0 0 1", c) ==
	    -1);
	T_OK("cell: word", hop_conv_parse_cell("ten", c) == -1);
	T_OK("cell: empty", hop_conv_parse_cell("", c) == -1);
	T_OK("cell: nan", hop_conv_parse_cell("nan", c) == -1);

	T_OK("names: Ca,F", hop_conv_parse_names("Ca,F", &sp, &n, &err) == 0 &&
	    n == 2 && strcmp(sp[1].name, "F") == 0 && sp[0].count == 0);
	free(sp);
	T_OK("names: twice", hop_conv_parse_names("Ca,F,Ca", &sp, &n, &err) ==
	    -1 && strcmp(err.msg, "name 'Ca' given twice") == 0);
	T_OK("names: empty", hop_conv_parse_names("Ca,", &sp, &n, &err) == -1);
	T_OK("names: blank", hop_conv_parse_names("C a", &sp, &n, &err) == -1);
	memset(longname, 'X', 65);
	longname[65] = '\0';
	T_OK("names: 65 bytes", hop_conv_parse_names(longname, &sp, &n,
	    &err) == -1);
	longname[64] = '\0';
	T_OK("names: 64 bytes", hop_conv_parse_names(longname, &sp, &n,
	    &err) == 0 && n == 1);
	free(sp);

	opts(&o);
	T_EQ_U("option: --every 3", hop_conv_option(&o, 'e', "3", &err) * 10 +
	    (int)o.frames.every, 13);
	T_OK("option: --every 0", hop_conv_option(&o, 'e', "0", &err) == -1 &&
	    strcmp(err.msg, "invalid --every '0' (want a whole number of at "
	    "least 1)") == 0);
	T_OK("option: --dt 2.5", hop_conv_option(&o, 'd', "2.5", &err) == 1 &&
	    o.dt_fs == 2.5);
	T_OK("option: --dt 0", hop_conv_option(&o, 'd', "0", &err) == -1);
	T_OK("option: --timestep 1e-1", hop_conv_option(&o, 'D', "1e-1",
	    &err) == 1 && o.step_fs == 0.1);
	T_OK("option: --temperature -1", hop_conv_option(&o, 't', "-1",
	    &err) == -1);
	T_OK("option: --species", hop_conv_option(&o, 's', "Li", &err) == 1 &&
	    strcmp(o.species, "Li") == 0);
	T_OK("option: --species with an empty item", hop_conv_option(&o, 's',
	    "Li,,O", &err) == -1 && strcmp(err.msg, "invalid --species "
	    "'Li,,O' (want a comma-separated list of species)") == 0);
	T_OK("option: not shared", hop_conv_option(&o, 'x', "", &err) == 0);
	hop_conv_option(&o, 'f', "5", &err);
	hop_conv_option(&o, 'l', "4", &err);
	T_OK("option: --member", hop_conv_option(&o, 'm', "run/XDATCAR",
	    &err) == 1 && strcmp(o.member, "run/XDATCAR") == 0);
	T_OK("option: --variable-cell", hop_conv_option(&o, 'v', NULL,
	    &err) == 1 && o.variable_cell == 1);
	T_OK("option: --first after --last", hop_conv_opts_check(&o, 0,
	    &err) == -1 && strcmp(err.msg, "--first 5 is after --last 4") ==
	    0);
	o.frames.last = 5;
	T_OK("option: two inputs", hop_conv_opts_check(&o, 2, &err) == -1 &&
	    strcmp(err.msg, "one input file at most") == 0);
}

/* A tool's own option for test_getopt: -x ARG. */
static int
own_x(void *ctx, int c, const char *arg)
{
	if (c != 'x')
		return 0;
	*(const char **)ctx = arg;
	return 1;
}

/* hop_conv_getopt on the words of line (at most 15), from a fresh getopt,
 * with o->need_path need. */
static int
getopt_line(struct hop_conv_opts *o, const char *need, const char *line,
    const char **x, struct hop_err *err)
{
	static const struct option longopts[] = {
		{"dt", required_argument, NULL, 'd'},
		{"first", required_argument, NULL, 'f'},
		{"last", required_argument, NULL, 'l'},
		{NULL, 0, NULL, 0},
	};
	static char buf[256];
	char *argv[16];
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (argv[argc] = strtok(buf, " "); argv[argc] != NULL && argc < 15;
	    argv[argc] = strtok(NULL, " "))
		argc++;
	argv[argc] = NULL;
	opts(o);
	o->need_path = need;
	*x = NULL;
	optind = 0; /* glibc: start again */
	opterr = 0; /* getopt's own message is no part of the test */
	return hop_conv_getopt(o, argc, argv, "d:f:l:x:", longopts, own_x, x,
	    err);
}

/* The converters' command line: the tool's options first, the shared
 * ones, and each outcome with its message. */
static void
test_getopt(void)
{
	struct hop_conv_opts o;
	struct hop_err err;
	const char *x;

	T_OK("getopt: first after last refused without the usage",
	    getopt_line(&o, NULL, "t -x X --dt 2 -f 5 -l 4 in", &x, &err) ==
	    HOP_CONV_REFUSED && strcmp(err.msg, "--first 5 is after --last "
	    "4") == 0 && x != NULL && strcmp(x, "X") == 0 && o.dt_fs == 2);
	T_OK("getopt: two inputs refused",
	    getopt_line(&o, NULL, "t a b", &x, &err) == HOP_CONV_REFUSED &&
	    strcmp(err.msg, "one input file at most") == 0);
	T_OK("getopt: a bad argument, with the usage",
	    getopt_line(&o, NULL, "t --dt 0", &x, &err) == HOP_CONV_USAGE &&
	    strcmp(err.msg, "invalid --dt '0' (want a positive time in "
	    "fs)") == 0);
	T_OK("getopt: an unknown option, with the usage, no message",
	    getopt_line(&o, NULL, "t -q in", &x, &err) == HOP_CONV_USAGE &&
	    err.msg[0] == '\0');
	T_OK("getopt: no input where one is needed, before the checks",
	    getopt_line(&o, "read from a path", "t -f 5 -l 4", &x, &err) ==
	    HOP_CONV_USAGE && strcmp(err.msg, "no input file (read from a "
	    "path)") == 0);
}

int
main(void)
{
	test_basic();
	test_cells();
	test_big_steps();
	test_far();
	test_time();
	test_cli();
	test_getopt();
	return t_done();
}
