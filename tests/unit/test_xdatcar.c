/*
 * test_xdatcar.c - the streaming XDATCAR reader (on the corpus in
 * tests/files/xdatcar and on generated files) and the frame and atom
 * selection converters share.  Run from the top of the tree.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"
#include "select.h"
#include "t.h"
#include "xdatcar.h"

#define CORPUS "tests/files/xdatcar/"

struct reader {
	struct hop_input *in;
	struct hop_xdatcar *x;
	struct hop_err err;
};

static int
open_reader(struct reader *r, const char *path)
{
	memset(r, 0, sizeof(*r));
	if ((r->in = hop_input_open(path, NULL, "XDATCAR*", &r->err)) == NULL)
		return -1;
	if ((r->x = hop_xdatcar_open(r->in, &r->err)) == NULL)
		return -1;
	return 0;
}

static void
close_reader(struct reader *r)
{
	hop_xdatcar_free(r->x);
	hop_input_close(r->in);
}

static int
same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof(a)) == 0;
}

static void
test_vasp5(void)
{
	static const double want[3][9] = {
		{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9},
		{0.11, 0.21, 0.31, 0.41, 0.51, 0.61, 0.71, 0.81, 0.91},
		{0.12, 0.22, 0.32, 0.42, 0.52, 0.62, 0.72, 0.82, 0.99},
	};
	struct reader r;
	const struct hop_xdat_info *info;
	struct hop_xdat_frame fr;
	int n = 0, exact = 1, k;

	T_OK("vasp5 opens", open_reader(&r, CORPUS "good-vasp5.xdatcar") == 0);
	if (r.x == NULL) {
		printf("\t%s\n", r.err.msg);
		close_reader(&r);
		return;
	}
	info = hop_xdatcar_info(r.x);
	T_EQ_U("vasp5 natoms", info->natoms, 3);
	T_EQ_U("vasp5 nspecies", info->nspecies, 2);
	T_OK("vasp5 names", strcmp(info->species[0].name, "Li") == 0 &&
	    strcmp(info->species[1].name, "O") == 0);
	T_OK("vasp5 counts", info->species[0].count == 2 &&
	    info->species[1].count == 1);
	T_OK("vasp5 has names", info->has_names == 1);
	T_EQ_U("vasp5 counts line", info->counts_line, 7);
	T_OK("vasp5 constant cell", info->variable_cell == 0);
	T_OK("vasp5 title", strcmp(info->title, "Li2 O test") == 0);
	T_OK("vasp5 cell", info->cell[0] == 4 && info->cell[4] == 5 &&
	    info->cell[8] == 6 && info->cell[1] == 0);
	while (hop_xdatcar_next(r.x, &fr, &r.err) == 1) {
		if (n < 3) {
			for (k = 0; k < 9; k++)
				exact &= same_bits(fr.pos[k], want[n][k]);
			exact &= fr.ordinal == (uint64_t)n &&
			    fr.line == 8 + 4 * (uint64_t)n && !fr.cartesian;
		}
		n++;
	}
	T_EQ_U("vasp5 three frames", n, 3);
	T_OK("vasp5 values, ordinals and lines exact", exact);
	T_OK("vasp5 end is sticky", hop_xdatcar_next(r.x, &fr, &r.err) == 0);
	close_reader(&r);
}

static void
test_npt(void)
{
	struct reader r;
	struct hop_xdat_frame fr;
	const struct hop_xdat_info *info;

	T_OK("npt opens", open_reader(&r, CORPUS "good-npt.xdatcar") == 0);
	if (r.x == NULL) {
		close_reader(&r);
		return;
	}
	info = hop_xdatcar_info(r.x);
	T_OK("npt is variable", info->variable_cell == 1);
	T_OK("npt frame 0", hop_xdatcar_next(r.x, &fr, &r.err) == 1 &&
	    fr.cell[0] == 4.0);
	T_OK("npt frame 1 has its own cell",
	    hop_xdatcar_next(r.x, &fr, &r.err) == 1 && fr.cell[0] == 4.5 &&
	    fr.pos[8] == 0.91 && fr.line == 19);
	T_OK("npt info keeps the first cell", info->cell[0] == 4.0);
	T_OK("npt ends", hop_xdatcar_next(r.x, &fr, &r.err) == 0);
	close_reader(&r);
}

static void
test_cartesian(void)
{
	static const double want[9] = {0.25, 0.5, 0.5, 0.5, 0.25, 0.75,
	    0.75, 0.75, 0.25};
	struct reader r;
	struct hop_xdat_frame fr;
	double maxerr = 0;
	int k;

	T_OK("cartesian opens",
	    open_reader(&r, CORPUS "good-cartesian.xdatcar") == 0);
	if (r.x == NULL) {
		close_reader(&r);
		return;
	}
	T_OK("cartesian frame", hop_xdatcar_next(r.x, &fr, &r.err) == 1 &&
	    fr.cartesian == 1);
	for (k = 0; k < 9; k++)
		maxerr = fmax(maxerr, fabs(fr.pos[k] - want[k]));
	T_NEAR("cartesian to fractional", maxerr, 0, 1e-15);
	T_OK("direct frame after it", hop_xdatcar_next(r.x, &fr, &r.err) ==
	    1 && fr.cartesian == 0 && fr.pos[0] == 0.25);
	close_reader(&r);
}

/*
 * A generated XDATCAR of numbers in every form the reader accepts: each
 * value read must be strtod's value of the text written.
 */
static void
test_random_values(void)
{
	char path[] = "/tmp/test_xdatcar.XXXXXX";
	enum { NAT = 40, NFR = 25 };
	static char text[NFR][NAT][3][40];
	struct reader r;
	struct hop_xdat_frame fr;
	uint64_t s = 12345;
	int fd = mkstemp(path), f, a, k, bad = 0, frames = 0;
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;

	T_OK("temporary file", fp != NULL);
	if (fp == NULL)
		return;
	fprintf(fp, "random\n1.0\n10 0 0\n0 10 0\n0 0 10\nLi\n%d\n", NAT);
	for (f = 0; f < NFR; f++) {
		fprintf(fp, "Direct configuration= %d\n", f + 1);
		for (a = 0; a < NAT; a++) {
			for (k = 0; k < 3; k++) {
				double v;

				s = s * 6364136223846793005u + 1442695040888963407u;
				v = (double)(s >> 11) * 0x1p-53 * 2 - 1;
				switch ((s >> 3) % 4) {
				case 0: snprintf(text[f][a][k], 40, "%.8f", v);
					break;
				case 1: snprintf(text[f][a][k], 40, "%.17g", v);
					break;
				case 2: snprintf(text[f][a][k], 40, "%.20e",
				    v * 1e-5); break;
				default: snprintf(text[f][a][k], 40, "%.16f", v);
				}
				/* Negative values run together, as Fortran's. */
				fprintf(fp, "%s%s", k == 0 || v < 0 ? "" : " ",
				    text[f][a][k]);
			}
			fprintf(fp, "\n");
		}
	}
	fclose(fp);
	if (open_reader(&r, path) == 0) {
		while (hop_xdatcar_next(r.x, &fr, &r.err) == 1) {
			for (a = 0; a < NAT; a++)
				for (k = 0; k < 3; k++)
					bad += !same_bits(fr.pos[3 * a + k],
					    strtod(text[fr.ordinal][a][k], NULL));
			frames++;
		}
	}
	T_EQ_U("random file: frames", frames, NFR);
	T_EQ_U("random file: every value equals strtod's", bad, 0);
	close_reader(&r);
	unlink(path);
}

static void
test_errors(void)
{
	struct reader r;
	struct hop_xdat_frame fr;

	T_OK("truncated file opens (its first frame is whole)",
	    open_reader(&r, CORPUS "bad-truncated.xdatcar") == 0);
	if (r.x != NULL) {
		T_OK("truncated: frames 0 and 1",
		    hop_xdatcar_next(r.x, &fr, &r.err) == 1 &&
		    hop_xdatcar_next(r.x, &fr, &r.err) == 1);
		T_OK("truncated: then an error",
		    hop_xdatcar_next(r.x, &fr, &r.err) == -1 &&
		    strstr(r.err.msg, "bad-truncated.xdatcar:18: file ends "
		    "inside the configuration of line 16") != NULL);
	}
	close_reader(&r);
	T_OK("huge count refused at open",
	    open_reader(&r, CORPUS "bad-count-huge.xdatcar") != 0 &&
	    strstr(r.err.msg, ":7: atom count '1000000000000' is more than")
	    != NULL);
	close_reader(&r);
	T_OK("binary refused at open",
	    open_reader(&r, CORPUS "bad-binary.xdatcar") != 0 &&
	    strstr(r.err.msg, ":1: NUL byte") != NULL);
	close_reader(&r);
	T_OK("VASP 4 opens without names",
	    open_reader(&r, CORPUS "good-vasp4.xdatcar") == 0 &&
	    hop_xdatcar_info(r.x)->has_names == 0 &&
	    hop_xdatcar_info(r.x)->species[0].name[0] == '\0' &&
	    hop_xdatcar_info(r.x)->counts_line == 6);
	close_reader(&r);
}

static void
test_frame_sel(void)
{
	struct hop_frame_sel s;
	char got[64] = "";
	uint64_t i;

	hop_frame_sel_init(&s);
	T_OK("default keeps everything", hop_frame_sel_keep(&s, 0) == 1 &&
	    hop_frame_sel_keep(&s, UINT64_MAX - 1) == 1);
	s.first = 2;
	s.last = 9;
	s.every = 3;
	for (i = 0; i < 12; i++)
		got[i] = (char)('1' + hop_frame_sel_keep(&s, i));
	/* '0' past the end, '1' skipped, '2' kept. */
	T_OK("first 2, last 9, every 3: 2 5 8 kept", strcmp(got,
	    "112112112100") == 0);
}

static void
test_atom_sel(void)
{
	struct hop_species sp[3] = {{"Li", 2}, {"O", 3}, {"S", 1}};
	uint32_t interleaved[6] = {1, 0, 2, 1, 0, 1};
	double in[18], out[18];
	const double *g;
	struct hop_header h;
	struct hop_atom_sel sel;
	struct hop_err err;
	int i;

	for (i = 0; i < 18; i++)
		in[i] = i;
	hop_header_init(&h);
	T_OK("all species", hop_atom_sel_build(&h, &sel, sp, 3, 6, NULL, NULL,
	    &err) == 0 && sel.identity && h.natoms == 6 && h.nspecies == 3);
	T_OK("identity gathers nothing",
	    hop_atom_sel_gather(&sel, in, out) == in);
	hop_atom_sel_free(&sel);
	T_OK("S,Li from grouped atoms", hop_atom_sel_build(&h, &sel, sp, 3, 6,
	    NULL, "S,Li", &err) == 0 && !sel.identity && h.natoms == 3 &&
	    h.nspecies == 2 && strcmp(h.species[0].name, "Li") == 0 &&
	    h.species[1].count == 1 && h.orig_index[0] == 0 &&
	    h.orig_index[1] == 1 && h.orig_index[2] == 5);
	g = hop_atom_sel_gather(&sel, in, out);
	T_OK("gather grouped", g == out && out[3] == 3 && out[6] == 15 &&
	    out[8] == 17);
	hop_atom_sel_free(&sel);
	T_OK("O from interleaved atoms (LAMMPS order)",
	    hop_atom_sel_build(&h, &sel, sp, 3, 6, interleaved, "O", &err) ==
	    0 && h.natoms == 3 && h.orig_index[0] == 0 &&
	    h.orig_index[1] == 3 && h.orig_index[2] == 5);
	hop_atom_sel_free(&sel);
	T_OK("interleaved atoms grouped by species",
	    hop_atom_sel_build(&h, &sel, sp, 3, 6, interleaved, NULL, &err) ==
	    0 && !sel.identity && h.orig_index[0] == 1 &&
	    h.orig_index[1] == 4 && h.orig_index[2] == 0 &&
	    h.orig_index[5] == 2);
	hop_atom_sel_free(&sel);
	T_OK("unknown species", hop_atom_sel_build(&h, &sel, sp, 3, 6, NULL,
	    "Na", &err) == -1 && strstr(err.msg, "'Na'") != NULL);
	T_OK("counts disagreeing with atoms", hop_atom_sel_build(&h, &sel,
	    sp, 3, 7, NULL, NULL, &err) == -1 &&
	    strstr(err.msg, "add up to 6, not 7") != NULL);
	hop_header_free(&h);
}

/* A name given twice in the input's table (Li O Li P) is one species. */
static void
test_atom_sel_repeated(void)
{
	struct hop_species sp[4] = {{"Li", 2}, {"O", 1}, {"Li", 1}, {"P", 1}};
	struct hop_species sv[2] = {{"Li", 1}, {"Li_sv", 1}};
	uint32_t interleaved[5] = {2, 1, 0, 3, 0};
	struct hop_header h;
	struct hop_atom_sel sel;
	struct hop_err err;

	hop_header_init(&h);
	T_OK("Li O Li P: Li:3,O:1,P:1", hop_atom_sel_build(&h, &sel, sp, 4,
	    5, NULL, NULL, &err) == 0 && h.nspecies == 3 &&
	    strcmp(h.species[0].name, "Li") == 0 && h.species[0].count == 3 &&
	    strcmp(h.species[1].name, "O") == 0 &&
	    strcmp(h.species[2].name, "P") == 0 && !sel.identity &&
	    h.orig_index[0] == 0 && h.orig_index[1] == 1 &&
	    h.orig_index[2] == 3 && h.orig_index[3] == 2 &&
	    h.orig_index[4] == 4 && sel.from[2] == 3);
	hop_atom_sel_free(&sel);
	T_OK("Li O Li P: --species Li keeps all 3", hop_atom_sel_build(&h,
	    &sel, sp, 4, 5, NULL, "Li", &err) == 0 && h.nspecies == 1 &&
	    h.species[0].count == 3 && h.orig_index[2] == 3);
	hop_atom_sel_free(&sel);
	T_OK("Li O Li P: an unknown name lists each once",
	    hop_atom_sel_build(&h, &sel, sp, 4, 5, NULL, "Na", &err) == -1 &&
	    strstr(err.msg, "(it has Li, O, P)") != NULL);
	T_OK("Li O Li P interleaved", hop_atom_sel_build(&h, &sel, sp, 4, 5,
	    interleaved, NULL, &err) == 0 && h.nspecies == 3 &&
	    h.species[0].count == 3 && h.orig_index[0] == 0 &&
	    h.orig_index[1] == 2 && h.orig_index[2] == 4 &&
	    h.orig_index[3] == 1 && h.orig_index[4] == 3);
	hop_atom_sel_free(&sel);
	T_OK("Li and Li_sv stay two species", hop_atom_sel_build(&h, &sel,
	    sv, 2, 2, NULL, NULL, &err) == 0 && h.nspecies == 2 &&
	    sel.identity);
	hop_atom_sel_free(&sel);
	hop_header_free(&h);
}

int
main(void)
{
	test_vasp5();
	test_npt();
	test_cartesian();
	test_random_values();
	test_errors();
	test_frame_sel();
	test_atom_sel();
	test_atom_sel_repeated();
	return t_done();
}
