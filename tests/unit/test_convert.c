/*
 * test_convert.c - the converters' shared output (common/convert.c): the
 * header decided from the first two frames, step-based time, wrapping,
 * selection, and the command-line helpers.  Frames come from an array
 * through the same callback the parsers use; the stream is read back.
 */
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

/* Run the converter on f; *buf gets the stream.  Returns its status. */
static int
convert(struct fake *f, const struct hop_conv_opts *o, uint32_t coords,
    char **buf, size_t *len, struct hop_err *err)
{
	struct hop_conv_src src;
	struct hop_conv_frame first;
	FILE *fp = open_memstream(buf, len);
	int r;

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
	fake_next(f, &first, err);
	r = hop_conv_run(&src, &first, o, fp, err);
	fclose(fp);
	return r;
}

/* Read the stream in buf: header into h (copied), frames' positions
 * into pos, indices into idx, cells into cells.  Returns frames read,
 * -1 when the stream is not complete. */
static int
readback(char *buf, size_t len, struct hop_header *h, double *pos,
    uint64_t *idx, double *cells)
{
	FILE *fp = fmemopen(buf, len, "r");
	struct hop_reader *r = hop_reader_open(fp, "mem", NULL);
	struct hop_record rec;
	struct hop_frame fr;
	int n = 0, st;

	if (r == NULL) {
		fclose(fp);
		return -1;
	}
	hop_header_copy(h, hop_reader_header(r), NULL);
	while ((st = hop_reader_next(r, &rec, NULL)) == 1) {
		hop_frame_decode(r, &rec, &fr, NULL);
		memcpy(pos + 3 * NA * n, fr.pos, 3 * h->natoms * sizeof(double));
		memcpy(cells + 9 * n, fr.cell, 9 * sizeof(double));
		idx[n++] = fr.index;
	}
	hop_reader_free(r);
	fclose(fp);
	return st == 0 ? n : -1;
}

static void
opts(struct hop_conv_opts *o)
{
	hop_conv_opts_init(o);
	o->prog = "lmp2bin";
	o->argc = 3;
	o->argv = argv0;
}

static void
test_basic(void)
{
	struct fake f;
	struct hop_conv_opts o;
	struct hop_header h;
	struct hop_err err;
	double pos[NF * 3 * NA], cells[NF * 9];
	uint64_t idx[NF];
	char *buf = NULL;
	size_t len = 0;

	fake_init(&f);
	opts(&o);
	o.step_fs = 2;
	o.temperature_K = 1600;
	T_EQ_U("basic: converts", convert(&f, &o, HOP_COORDS_FRACTIONAL, &buf,
	    &len, &err), 0);
	T_EQ_U("basic: 4 frames", readback(buf, len, &h, pos, idx, cells), 4);
	T_NEAR("basic: dt = 50 steps x 2 fs", h.dt_fs, 100, 0);
	T_NEAR("basic: temperature", h.temperature_K, 1600, 0);
	T_EQ_U("basic: fixed cell", h.flags, 0);
	T_EQ_U("basic: grouped A A B", h.species[0].count * 10 +
	    h.species[1].count, 21);
	T_EQ_U("basic: orig_index 0 2 1", h.orig_index[0] * 100 +
	    h.orig_index[1] * 10 + h.orig_index[2], 21);
	T_OK("basic: title and provenance", strcmp(h.title, "fake title") ==
	    0 && h.nprov == 1 && strcmp(h.prov[0].cmdline,
	    "lmp2bin --timestep 2") == 0);
	T_NEAR("basic: -0.25 wrapped to 0.75", pos[0], 0.75, 1e-15);
	T_NEAR("basic: 1.0 wrapped to 0", pos[1], 0, 0);
	/* Output atom 1 is input atom 2 (the second A). */
	T_NEAR("basic: gathered atom", pos[3], 0.6, 1e-15);
	/* Output atom 2 is input atom 1 (B): its z in frame 3. */
	T_NEAR("basic: frame 3 value", pos[3 * 3 * NA + 8], 0.53, 1e-15);
	T_EQ_U("basic: indices are ordinals", idx[3], 3);
	hop_header_free(&h);
	free(buf);
}

static void
test_cells(void)
{
	struct fake f;
	struct hop_conv_opts o;
	struct hop_header h;
	struct hop_err err;
	double pos[NF * 3 * NA], cells[NF * 9];
	uint64_t idx[NF];
	char *buf = NULL;
	size_t len = 0;
	int t;

	/* The second frame's cell differs: variable, each frame's cell. */
	fake_init(&f);
	for (t = 1; t < NF; t++)
		f.cell[t][0] = 10 + t;
	opts(&o);
	o.dt_fs = 5;
	o.frames.first = 1;
	T_EQ_U("npt: converts", convert(&f, &o, HOP_COORDS_FRACTIONAL, &buf,
	    &len, &err), 0);
	T_EQ_U("npt: 3 frames from --first 1", readback(buf, len, &h, pos,
	    idx, cells), 3);
	T_EQ_U("npt: variable", h.flags, HOP_FLAG_VARIABLE_CELL);
	T_NEAR("npt: header cell is the first kept frame's", h.cell[0], 11, 0);
	T_NEAR("npt: frame cells", cells[9 * 2], 13, 0);
	T_EQ_U("npt: first index", idx[0], 1);
	hop_header_free(&h);
	free(buf);
	buf = NULL;

	/* Fixed for two frames, then a change: refused, no END record. */
	fake_init(&f);
	f.cell[2][8] = 10.5;
	opts(&o);
	o.dt_fs = 5;
	T_EQ_U("late change: refused", (unsigned)-convert(&f, &o,
	    HOP_COORDS_FRACTIONAL, &buf, &len, &err), 1);
	T_OK("late change: message", strcmp(err.msg, "fake:120: the cell "
	    "differs from the first frame's, which the second frame kept "
	    "(give --variable-cell)") == 0);
	T_OK("late change: stream not finished", readback(buf, len, &h, pos,
	    idx, cells) == -1);
	hop_header_free(&h);
	free(buf);
	buf = NULL;

	/* The same with --variable-cell. */
	fake_init(&f);
	f.cell[2][8] = 10.5;
	o.variable_cell = 1;
	T_EQ_U("--variable-cell: converts", convert(&f, &o,
	    HOP_COORDS_CARTESIAN_UNWRAPPED, &buf, &len, &err), 0);
	T_EQ_U("--variable-cell: frames", readback(buf, len, &h, pos, idx,
	    cells), 4);
	T_NEAR("--variable-cell: unwrapped not wrapped", pos[0], -0.25, 0);
	T_NEAR("--variable-cell: frame 2's cell", cells[9 * 2 + 8], 10.5, 0);
	hop_header_free(&h);
	free(buf);
}

static void
test_time(void)
{
	struct fake f;
	struct hop_conv_opts o;
	struct hop_header h;
	struct hop_err err;
	double pos[NF * 3 * NA], cells[NF * 9];
	uint64_t idx[NF];
	char *buf = NULL;
	size_t len = 0;

	fake_init(&f);
	opts(&o);
	T_EQ_U("no time: refused", (unsigned)-convert(&f, &o,
	    HOP_COORDS_FRACTIONAL, &buf, &len, &err), 1);
	T_OK("no time: message", strcmp(err.msg, "fake: the time per frame "
	    "is unknown (give --dt FS, or --timestep FS to use the TIMESTEP "
	    "values)") == 0);
	T_EQ_U("no time: nothing written", len, 0);
	free(buf);
	buf = NULL;

	fake_init(&f);
	f.step[3] = 1160;
	o.step_fs = 1;
	T_EQ_U("uneven steps: refused", (unsigned)-convert(&f, &o,
	    HOP_COORDS_FRACTIONAL, &buf, &len, &err), 1);
	T_OK("uneven steps: message", strcmp(err.msg, "fake:130: TIMESTEP "
	    "1160 breaks the spacing of 50 steps between frames (give --dt FS "
	    "to ignore step numbers)") == 0);
	free(buf);
	buf = NULL;

	/* --dt ignores the steps; --every multiplies. */
	o.dt_fs = 10;
	o.frames.every = 3;
	fake_init(&f);
	f.step[3] = 1160;
	T_EQ_U("--dt ignores steps", convert(&f, &o, HOP_COORDS_FRACTIONAL,
	    &buf, &len, &err), 0);
	T_EQ_U("--every 3: frames 0 and 3", readback(buf, len, &h, pos, idx,
	    cells) * 10 + (int)idx[1], 23);
	T_NEAR("--every 3: dt x 3", h.dt_fs, 30, 0);
	hop_header_free(&h);
	free(buf);
	buf = NULL;

	fake_init(&f);
	f.nframes = 1;
	opts(&o);
	o.step_fs = 2;
	T_EQ_U("one frame with --timestep: refused", (unsigned)-convert(&f,
	    &o, HOP_COORDS_FRACTIONAL, &buf, &len, &err), 1);
	free(buf);
	buf = NULL;
	o.dt_fs = 2;
	fake_init(&f);
	f.nframes = 1;
	T_EQ_U("one frame with --dt", convert(&f, &o, HOP_COORDS_FRACTIONAL,
	    &buf, &len, &err), 0);
	T_EQ_U("one frame with --dt: read back", readback(buf, len, &h, pos,
	    idx, cells), 1);
	hop_header_free(&h);
	free(buf);
	buf = NULL;

	fake_init(&f);
	o.frames.first = 9;
	T_EQ_U("nothing selected: refused", (unsigned)-convert(&f, &o,
	    HOP_COORDS_FRACTIONAL, &buf, &len, &err), 1);
	T_OK("nothing selected: message", strcmp(err.msg, "fake: no frame "
	    "selected: the input has 4 (numbered 0 to 3)") == 0);
	free(buf);
	buf = NULL;

	fake_init(&f);
	o.frames.first = 0;
	o.species = "C";
	T_EQ_U("unknown species: refused", (unsigned)-convert(&f, &o,
	    HOP_COORDS_FRACTIONAL, &buf, &len, &err), 1);
	T_OK("unknown species: message", strcmp(err.msg, "fake: species 'C' "
	    "is not in the input (it has A, B)") == 0);
	free(buf);
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

	hop_conv_opts_init(&o);
	T_EQ_U("option: --every 3", hop_conv_option(&o, 'e', "3", &err) * 10 +
	    (int)o.frames.every, 13);
	T_OK("option: --every 0", hop_conv_option(&o, 'e', "0", &err) == -1 &&
	    strcmp(err.msg, "--every '0': a whole number of at least 1 "
	    "expected") == 0);
	T_OK("option: --dt 2.5", hop_conv_option(&o, 'd', "2.5", &err) == 1 &&
	    o.dt_fs == 2.5);
	T_OK("option: --dt 0", hop_conv_option(&o, 'd', "0", &err) == -1);
	T_OK("option: --timestep 1e-1", hop_conv_option(&o, 'T', "1e-1",
	    &err) == 1 && o.step_fs == 0.1);
	T_OK("option: --temperature -1", hop_conv_option(&o, 't', "-1",
	    &err) == -1);
	T_OK("option: --species", hop_conv_option(&o, 's', "Li", &err) == 1 &&
	    strcmp(o.species, "Li") == 0);
	T_OK("option: not shared", hop_conv_option(&o, 'x', "", &err) == 0);
	hop_conv_option(&o, 'f', "5", &err);
	hop_conv_option(&o, 'l', "4", &err);
	T_OK("option: --first after --last", hop_conv_opts_check(&o, &err) ==
	    -1 && strcmp(err.msg, "--first 5 is after --last 4") == 0);
}

int
main(void)
{
	test_basic();
	test_cells();
	test_time();
	test_cli();
	return t_done();
}
