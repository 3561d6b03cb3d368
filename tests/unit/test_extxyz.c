/*
 * test_extxyz.c - the XYZ reader: the comment line's key=value syntax
 * (quotes, escapes, blanks around '=', keys without values, any case),
 * Properties columns in any place, species met in any order, plain XYZ;
 * a key given twice refused.
 * Files are written to a temporary file and read through common/input.c
 * as the tools do (t_input.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "extxyz.h"
#include "t.h"
#include "t_input.h"

/* Open text as an XYZ file; NULL with err set on error. */
static struct hop_extxyz *
open_text(const char *text, struct hop_input **in, struct hop_err *err)
{
	struct hop_extxyz *x;

	if ((*in = t_input_text(text, err)) == NULL)
		return NULL;
	if ((x = hop_extxyz_open(*in, err)) == NULL) {
		hop_input_close(*in);
		*in = NULL;
	}
	return x;
}

static void
test_comment(void)
{
	struct hop_input *in;
	struct hop_xyz_frame fr;
	struct hop_err err;
	const struct hop_xyz_info *info;
	struct hop_extxyz *x = open_text("4\n"
	    "  info=\"a \\\"Lattice=1\\\" b\" flag \"quoted key\"=1 "
	    "LATTICE = \"4 0 0 0 5 0 0 0 6\"  "
	    "properties=Z:I:1:masses:R:1:pos:R:3:species:S:1:f:R:3\n"
	    "8 16.0 0.5 1 1.5 O 0 0 0\n"
	    "3 6.9 1 2 3 Li 0 0 0\n"
	    "8 16.0 2 2 2 O 0 0 0\n"
	    "1 1.0 -1 -2 -3 H 0 0 0\n"
	    "4\n"
	    "plain comment, no keys\n"
	    "O 0 0 0\nLi 0 0 0\nO 0 0 0\nH 9 8 7\n", &in, &err);

	T_OK("comment: opens", x != NULL);
	if (x == NULL) {
		printf("# %s\n", err.msg);
		return;
	}
	info = hop_extxyz_info(x);
	T_EQ_U("comment: atoms", info->natoms, 4);
	T_EQ_U("comment: species in order met", info->nspecies, 3);
	T_OK("comment: names", strcmp(info->species[0].name, "O") == 0 &&
	    strcmp(info->species[1].name, "Li") == 0 &&
	    strcmp(info->species[2].name, "H") == 0);
	T_EQ_U("comment: counts", info->species[0].count * 100 +
	    info->species[1].count * 10 + info->species[2].count, 211);
	T_EQ_U("comment: atom species", info->atom_species[0] * 1000 +
	    info->atom_species[1] * 100 + info->atom_species[2] * 10 +
	    info->atom_species[3], 102);
	T_EQ_U("comment: first frame", hop_extxyz_next(x, &fr, &err), 1);
	/* "Lattice=1" inside a quoted value is not the Lattice key. */
	T_OK("comment: Lattice with blanks around =", fr.cell != NULL &&
	    fr.cell[0] == 4 && fr.cell[4] == 5 && fr.cell[8] == 6);
	T_NEAR("comment: pos after two columns", fabs(fr.pos[0] - 0.5) +
	    fabs(fr.pos[1] - 1) + fabs(fr.pos[2] - 1.5), 0, 0);
	T_NEAR("comment: last atom", fr.pos[9] + fr.pos[10] + fr.pos[11], -6,
	    0);
	T_EQ_U("comment: line", fr.line, 1);
	T_EQ_U("comment: plain second frame", hop_extxyz_next(x, &fr, &err),
	    1);
	T_OK("comment: plain frame has no cell", fr.cell == NULL);
	T_NEAR("comment: plain frame columns", fr.pos[9], 9, 0);
	T_EQ_U("comment: second frame's line", fr.line, 7);
	T_EQ_U("comment: end", hop_extxyz_next(x, &fr, &err), 0);
	hop_extxyz_free(x);
	hop_input_close(in);
}

static void
test_errors(void)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{"1\nLattice=\"1 0 0 0 1 0 0 0 1\" Properties=species:S:2:"
		    "pos:R:3\nA B 0 0 0\n", ":2: Properties 'species:S:2:pos:"
		    "R:3' is not a list"},
		{"1\nProperties=species:S:1:pos:R:3:x:Q:1\nA 0 0 0 1\n",
		    ":2: Properties 'species:S:1:pos:R:3:x:Q:1' is not"},
		{"1\nProperties=species:S:1:pos:R:3:x:R:0\nA 0 0 0\n",
		    ":2: Properties"},
		{"1\nkey=\"open\nA 0 0 0\n", ":2: a quote in the comment line "
		    "is not closed"},
		{"1\nLattice\nA 0 0 0\n", ":2: Lattice '' is not 9 finite "
		    "numbers"},
		{" 2 x\n\nA 0 0 0\nA 0 0 0\n", ":1: the atom count ' 2 x' is "
		    "not a whole number"},
		{"\n\n", ": no XYZ frame in the input"},
		/* A whole number, but negative; "-" alone is not a number. */
		{"-2\n\nA 0 0 0\nA 0 0 0\n", ":1: atom count '-2' is "
		    "outside 1..50000000"},
		{"-\n\nA 0 0 0\n", ":1: the atom count '-' is not a whole "
		    "number"},
		{"-x\n\nA 0 0 0\n", ":1: the atom count '-x' is not a whole "
		    "number"},
		/* A key given twice, in any case: never the last one. */
		{"1\nLattice=\"4 0 0 0 5 0 0 0 6\" Properties=species:S:1:"
		    "pos:R:3 Lattice=\"1 0 0 0 1 0 0 0 1\"\nA 0 0 0\n",
		    ":2: key 'Lattice' is given twice in the comment line"},
		{"1\nLattice=\"4 0 0 0 5 0 0 0 6\" lattice = \"4 0 0 0 5 0 "
		    "0 0 6\"\nA 0 0 0\n", ":2: key 'Lattice' is given twice "
		    "in the comment line"},
		{"1\nenergy=1 pbc=\"T T T\" energy=2\nA 0 0 0\n", ":2: key "
		    "'energy' is given twice in the comment line"},
		{"1\nProperties=species:S:1:pos:R:3 PROPERTIES=species:S:1:"
		    "pos:R:3\nA 0 0 0\n", ":2: key 'Properties' is given "
		    "twice in the comment line"},
		{"1\npbc=\"T T\"\nA 0 0 0\n", ":2: pbc 'T T' is not three "
		    "of T and F"},
		{"1\npbc=\"T T yes\"\nA 0 0 0\n", ":2: pbc 'T T yes' is not "
		    "three of T and F"},
		{"1\npbc=\"T T F F\"\nA 0 0 0\n", ":2: pbc 'T T F F' is not "
		    "three of T and F"},
	};
	struct hop_input *in;
	struct hop_err err;
	size_t i;
	char name[64];

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hop_extxyz *x = open_text(bad[i].text, &in, &err);

		snprintf(name, sizeof(name), "bad %zu: refused", i);
		T_OK(name, x == NULL);
		snprintf(name, sizeof(name), "bad %zu: message", i);
		T_OK(name, strstr(err.msg, bad[i].msg) != NULL);
		if (strstr(err.msg, bad[i].msg) == NULL)
			printf("# got: %s\n", err.msg);
		hop_extxyz_free(x);
		hop_input_close(in);
	}
}

/*
 * Keys given twice: refused in a later frame too (xyz2bin's
 * trajectories); words without a value repeated in a plain comment are
 * free text, not keys.
 */
static void
test_twice(void)
{
	struct hop_input *in;
	struct hop_xyz_frame fr;
	struct hop_err err;
	struct hop_extxyz *x = open_text("1\n"
	    "Lattice=\"4 0 0 0 5 0 0 0 6\"\nA 0 0 0\n"
	    "1\n"
	    "Lattice=\"4 0 0 0 5 0 0 0 6\" Lattice=\"4 0 0 0 5 0 0 0 6\"\n"
	    "A 0 0 0\n", &in, &err);

	T_OK("twice: first frame opens", x != NULL);
	if (x != NULL) {
		T_EQ_U("twice: first frame", hop_extxyz_next(x, &fr, &err), 1);
		T_OK("twice: second frame refused",
		    hop_extxyz_next(x, &fr, &err) == -1 && strstr(err.msg,
		    ":5: key 'Lattice' is given twice in the comment line") !=
		    NULL);
		hop_extxyz_free(x);
		hop_input_close(in);
	}
	x = open_text("1\nframe 1 of 2 frame 1 = a, t = 2\nA 0 0 0\n", &in,
	    &err);
	T_OK("twice: free text with words repeated", x != NULL);
	if (x != NULL) {
		hop_extxyz_free(x);
		hop_input_close(in);
	}
}

/* pbc: three booleans in ASE's spellings; all periodic without it. */
static void
test_pbc(void)
{
	static const struct {
		const char *comment;
		int want[3];
	} c[] = {
		{"Lattice=\"4 0 0 0 5 0 0 0 6\"", {1, 1, 1}},
		{"pbc=\"T T F\"", {1, 1, 0}},
		{"PBC=\"False true 0\"", {0, 1, 0}},
		{"pbc=\"1 0 1\"", {1, 0, 1}},
	};
	struct hop_input *in;
	struct hop_err err;
	struct hop_xyz_frame fr;
	char text[128], name[96];
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct hop_extxyz *x;

		snprintf(text, sizeof(text), "1\n%s\nA 0 0 0\n",
		    c[i].comment);
		x = open_text(text, &in, &err);
		snprintf(name, sizeof(name), "pbc: %s gives %d %d %d",
		    c[i].comment, c[i].want[0], c[i].want[1], c[i].want[2]);
		T_OK(name, x != NULL && hop_extxyz_next(x, &fr, &err) == 1 &&
		    fr.pbc[0] == c[i].want[0] && fr.pbc[1] == c[i].want[1] &&
		    fr.pbc[2] == c[i].want[2]);
		hop_extxyz_free(x);
		hop_input_close(in);
	}
}

int
main(void)
{
	test_comment();
	test_pbc();
	test_errors();
	test_twice();
	return t_done();
}
