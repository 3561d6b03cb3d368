/*
 * test_siteref.c - reading a reference structure (hopsites --sites and
 * --match): a POSCAR's scale line (one factor, a volume, three factors
 * per Cartesian axis; two numbers, a word after the number, negative
 * factors among three refused); coordinates out of range (fractional
 * beyond 1000 cells, Cartesian beyond 1e6 A, in a POSCAR or an XYZ
 * frame) refused at their line; the default choice of the sites'
 * species by element when the names carry POTCAR suffixes (F_s, F/77cd
 * and F are one element); the format told from the first line (a
 * negative atom count is an XYZ file's error, not a POSCAR's).  Each
 * file is written to a temporary
 * file and read by hop_siteref_read as hopsites reads it; messages are
 * compared whole, the file's name written FILE.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "siteref.h"
#include "t.h"
#include "t_input.h"

/*
 * Read text as a reference file with species and fallback as
 * hop_siteref_read takes them.  0 with *r set, or -1 with msg (room for
 * size) the error with the file's name replaced by FILE.
 */
static int
read_text(const char *text, const char *species, const char *fallback,
    struct hop_siteref *r, char *msg, size_t size)
{
	char path[32];
	struct hop_err err;
	size_t n;
	int ret;

	if (t_text_file(path, text, &err) != 0) {
		snprintf(msg, size, "%s", err.msg);
		return -1;
	}
	ret = hop_siteref_read(path, species, fallback, r, &err);
	unlink(path);
	if (ret != 0) {
		n = strlen(path);
		if (strncmp(err.msg, path, n) == 0)
			snprintf(msg, size, "FILE%s", err.msg + n);
		else
			snprintf(msg, size, "%s", err.msg);
	}
	return ret;
}

/* A file refused with exactly the message want. */
static void
refused(const char *name, const char *text, const char *species,
    const char *fallback, const char *want)
{
	struct hop_siteref r;
	char msg[HOP_ERR_MAX + 8];

	if (read_text(text, species, fallback, &r, msg, sizeof(msg)) == 0) {
		printf("fail\t%s: read, want '%s'\n", name, want);
		t_failed = 1;
		hop_siteref_free(&r);
		return;
	}
	if (strcmp(msg, want) == 0) {
		printf("pass\t%s\n", name);
	} else {
		printf("fail\t%s: got '%s', want '%s'\n", name, msg, want);
		t_failed = 1;
	}
}

/* A POSCAR of a 4 x 5 x 6 cell, scale line sc, one Li at pos in mode
 * (Direct or Cartesian), into buf. */
static const char *
poscar(char *buf, size_t size, const char *sc, const char *mode,
    const char *pos)
{
	snprintf(buf, size, "ref\n%s\n4 0 0\n0 5 0\n0 0 6\nLi\n1\n%s\n%s\n",
	    sc, mode, pos);
	return buf;
}

static void
test_scale(void)
{
	struct hop_siteref r;
	char buf[512], msg[HOP_ERR_MAX + 8];
	int st;

	st = read_text(poscar(buf, sizeof(buf), "2.0", "Direct",
	    "0.5 0.5 0.5"), NULL, NULL, &r, msg, sizeof(msg));
	T_OK("scale 2: read", st == 0);
	if (st == 0) {
		T_OK("scale 2: cell", r.cell[0] == 8 && r.cell[4] == 10 &&
		    r.cell[8] == 12 && r.cell[1] == 0);
		T_OK("scale 2: site", r.cart[0] == 4 && r.cart[1] == 5 &&
		    r.cart[2] == 6);
		hop_siteref_free(&r);
	}
	/* Three factors scale x, y and z, as VASP does. */
	st = read_text(poscar(buf, sizeof(buf), "2.0 1.0 0.5", "Direct",
	    "0.5 0.5 0.5"), NULL, NULL, &r, msg, sizeof(msg));
	T_OK("scale 2 1 0.5: read", st == 0);
	if (st == 0) {
		T_OK("scale 2 1 0.5: cell", r.cell[0] == 8 &&
		    r.cell[4] == 5 && r.cell[8] == 3);
		T_OK("scale 2 1 0.5: Direct site", r.cart[0] == 4 &&
		    r.cart[1] == 2.5 && r.cart[2] == 1.5);
		hop_siteref_free(&r);
	}
	/* ... and Cartesian positions' x, y and z. */
	st = read_text(poscar(buf, sizeof(buf), " 2 3 4 ", "Cartesian",
	    "1 1 1"), NULL, NULL, &r, msg, sizeof(msg));
	T_OK("scale 2 3 4: read", st == 0);
	if (st == 0) {
		T_OK("scale 2 3 4: cell", r.cell[0] == 8 &&
		    r.cell[4] == 15 && r.cell[8] == 24);
		T_OK("scale 2 3 4: Cartesian site", r.cart[0] == 2 &&
		    r.cart[1] == 3 && r.cart[2] == 4);
		hop_siteref_free(&r);
	}
	/* A negative number is the volume (4 x 5 x 6 = 120 A^3 -> 960). */
	st = read_text(poscar(buf, sizeof(buf), "-960", "Direct",
	    "0 0 0"), NULL, NULL, &r, msg, sizeof(msg));
	T_OK("volume 960: read", st == 0);
	if (st == 0) {
		T_NEAR("volume 960: doubled", r.cell[0], 8, 1e-12);
		T_NEAR("volume 960: doubled c", r.cell[8], 12, 1e-12);
		hop_siteref_free(&r);
	}
	refused("scale: two numbers", poscar(buf, sizeof(buf), "1.0 2.0",
	    "Direct", "0 0 0"), NULL, NULL, "FILE:2: expected the scale "
	    "factor (1 or 3 numbers), found '1.0 2.0'");
	refused("scale: a word after it", poscar(buf, sizeof(buf),
	    "1.0 foo", "Direct", "0 0 0"), NULL, NULL, "FILE:2: expected "
	    "the scale factor (1 or 3 numbers), found '1.0 foo'");
	refused("scale: four numbers", poscar(buf, sizeof(buf), "1 1 1 1",
	    "Direct", "0 0 0"), NULL, NULL, "FILE:2: expected the scale "
	    "factor (1 or 3 numbers), found '1 1 1 1'");
	refused("scale: three negative", poscar(buf, sizeof(buf),
	    "-189 -189 -189", "Direct", "0 0 0"), NULL, NULL, "FILE:2: "
	    "invalid scale factor '-189 -189 -189' (one non-zero number, or "
	    "three positive ones)");
	refused("scale: one of three zero", poscar(buf, sizeof(buf),
	    "1 0 1", "Direct", "0 0 0"), NULL, NULL, "FILE:2: invalid "
	    "scale factor '1 0 1' (one non-zero number, or three positive "
	    "ones)");
	refused("scale: zero", poscar(buf, sizeof(buf), "0", "Direct",
	    "0 0 0"), NULL, NULL, "FILE:2: invalid scale factor '0' (one "
	    "non-zero number, or three positive ones)");
}

/* An XYZ frame of a 4 x 5 x 6 cell: Li at the origin, then Li at pos. */
static const char *
xyz(char *buf, size_t size, const char *pos)
{
	snprintf(buf, size, "2\nLattice=\"4 0 0 0 5 0 0 0 6\" "
	    "Properties=species:S:1:pos:R:3\nLi 0 0 0\nLi %s\n", pos);
	return buf;
}

static void
test_range(void)
{
	struct hop_siteref r;
	char buf[512], msg[HOP_ERR_MAX + 8];
	int st;

	/* The bounds themselves are in range. */
	st = read_text(poscar(buf, sizeof(buf), "1.0", "Direct",
	    "1000 -1000 0.5"), NULL, NULL, &r, msg, sizeof(msg));
	T_OK("fractional 1000 cells: read", st == 0);
	if (st == 0) {
		T_OK("fractional 1000 cells: position", r.cart[0] == 4000 &&
		    r.cart[1] == -5000 && r.cart[2] == 3);
		hop_siteref_free(&r);
	}
	st = read_text(xyz(buf, sizeof(buf), "1e6 -1e6 3"), NULL, NULL, &r,
	    msg, sizeof(msg));
	T_OK("XYZ 1e6 A: read", st == 0);
	if (st == 0)
		hop_siteref_free(&r);
	refused("fractional 1e17", poscar(buf, sizeof(buf), "1.0", "Direct",
	    "1e17 0.25 0.25"), NULL, NULL, "FILE:9: coordinate '1e17' is "
	    "out of range (more than 1000 cells from the origin)");
	refused("fractional -1000.5", poscar(buf, sizeof(buf), "1.0",
	    "Direct", "0 -1000.5 0"), NULL, NULL, "FILE:9: coordinate "
	    "'-1000.5' is out of range (more than 1000 cells from the "
	    "origin)");
	refused("Cartesian 1e300", poscar(buf, sizeof(buf), "1.0",
	    "Cartesian", "0 0 1e300"), NULL, NULL, "FILE:9: coordinate "
	    "'1e300' is out of range (more than 1e+06 A from the origin, "
	    "times the scale factor)");
	/* 2e4 A times 100 is 2e6 A. */
	refused("Cartesian 2e4 times 100", poscar(buf, sizeof(buf), "100",
	    "Cartesian", "0 2e4 0"), NULL, NULL, "FILE:9: coordinate '2e4' "
	    "is out of range (more than 1e+06 A from the origin, times the "
	    "scale factor)");
	refused("XYZ 1e300", xyz(buf, sizeof(buf), "1e300 0 0"), NULL, NULL,
	    "FILE:4: coordinate '1e+300' is out of range (more than 1e+06 A "
	    "from the origin)");
	refused("XYZ -1000000.5", xyz(buf, sizeof(buf), "0 -1000000.5 0"),
	    NULL, NULL, "FILE:4: coordinate '-1000000.5' is out of range "
	    "(more than 1e+06 A from the origin)");
}

/* A POSCAR of species names (Ca and F, with suffixes or not) read with
 * no species chosen and fallback (the run's species): its site count,
 * and the label of the first site into label; -1 when refused, with the
 * message in label. */
static long
choose(const char *names, const char *fallback, char *label, size_t size)
{
	struct hop_siteref r;
	char buf[512];
	long n;

	snprintf(buf, sizeof(buf), "ref\n1.0\n4 0 0\n0 4 0\n0 0 4\n%s\n"
	    "1 2\nDirect\n0 0 0\n0.25 0.25 0.25\n0.75 0.75 0.75\n", names);
	if (read_text(buf, NULL, fallback, &r, label, size) != 0)
		return -1;
	n = (long)r.n;
	snprintf(label, size, "%s", r.label[0]);
	hop_siteref_free(&r);
	return n;
}

static void
test_species(void)
{
	char lab[HOP_ERR_MAX + 8], buf[512];
	struct hop_siteref r;
	int st;

	T_OK("Ca F, run's F: the F sites", choose("Ca F", "F", lab,
	    sizeof(lab)) == 2 && strcmp(lab, "F") == 0);
	T_OK("Ca F, run's F_s: the F sites", choose("Ca F", "F_s", lab,
	    sizeof(lab)) == 2 && strcmp(lab, "F") == 0);
	T_OK("Ca F, run's Ca_sv: the Ca site", choose("Ca F", "Ca_sv", lab,
	    sizeof(lab)) == 1 && strcmp(lab, "Ca") == 0);
	T_OK("Ca_sv F_s, run's F: the F_s sites", choose("Ca_sv F_s", "F",
	    lab, sizeof(lab)) == 2 && strcmp(lab, "F_s") == 0);
	T_OK("Ca F/77cd, run's F: the F/77cd sites", choose("Ca F/77cd", "F",
	    lab, sizeof(lab)) == 2 && strcmp(lab, "F/77cd") == 0);
	T_OK("Ca_pv F_s, run's F_h: by element", choose("Ca_pv F_s", "F_h",
	    lab, sizeof(lab)) == 2 && strcmp(lab, "F_s") == 0);
	/* A name that is the run's exactly wins over one of its element. */
	T_OK("F_s F, run's F: the F sites", choose("F_s F", "F", lab,
	    sizeof(lab)) == 2 && strcmp(lab, "F") == 0);
	/* Fe is not F; two species of the element are not chosen among. */
	T_OK("Ca Fe, run's F: a choice needed", choose("Ca Fe", "F", lab,
	    sizeof(lab)) == -1 && strcmp(lab, "FILE: 2 species (Ca, Fe): "
	    "choose the sites' species with --site-species") == 0);
	T_OK("F_s F_h, run's F: a choice needed", choose("F_s F_h", "F", lab,
	    sizeof(lab)) == -1 && strcmp(lab, "FILE: 2 species (F_s, F_h): "
	    "choose the sites' species with --site-species") == 0);
	/* --site-species names a species exactly. */
	T_OK("--site-species F of Ca F_s: no such species", read_text(
	    "ref\n1.0\n4 0 0\n0 4 0\n0 0 4\nCa F_s\n1 1\nDirect\n0 0 0\n"
	    "0.5 0.5 0.5\n", "F", NULL, &r, lab, sizeof(lab)) == -1 &&
	    strcmp(lab, "FILE: no species 'F' (it has Ca, F_s)") == 0);
	/* An XYZ frame chooses the same way. */
	snprintf(buf, sizeof(buf), "3\nLattice=\"4 0 0 0 4 0 0 0 4\"\n"
	    "Ca_sv 0 0 0\nF_s 1 1 1\nF_s 3 3 3\n");
	st = read_text(buf, NULL, "F", &r, lab, sizeof(lab));
	T_OK("XYZ Ca_sv F_s, run's F: the F_s sites", st == 0 && r.n == 2 &&
	    strcmp(r.label[0], "F_s") == 0);
	if (st == 0)
		hop_siteref_free(&r);
}

static void
test_format(void)
{
	struct hop_siteref r;
	char msg[HOP_ERR_MAX + 8];
	int st;

	refused("XYZ of -8 atoms", "-8\nLattice=\"4 0 0 0 5 0 0 0 6\"\n"
	    "Li 0 0 0\n", NULL, NULL, "FILE:1: atom count '-8' is outside "
	    "1..50000000");
	refused("XYZ of  -0 atoms", " -0\n\nLi 0 0 0\n", NULL, NULL,
	    "FILE:1: atom count '-0' is outside 1..50000000");
	refused("XYZ of 0 atoms", "0\n\nLi 0 0 0\n", NULL, NULL,
	    "FILE:1: atom count '0' is outside 1..50000000");
	/* A first line of words, or a sign alone, is a POSCAR's comment. */
	refused("'-' is a POSCAR's comment", "-\n1 2\n", NULL, NULL,
	    "FILE:2: expected the scale factor (1 or 3 numbers), found "
	    "'1 2'");
	st = read_text("8 Li\n1.0\n4 0 0\n0 5 0\n0 0 6\nLi\n1\nDirect\n"
	    "0 0 0\n", NULL, NULL, &r, msg, sizeof(msg));
	T_OK("'8 Li' is a POSCAR's comment", st == 0 && r.n == 1 &&
	    strcmp(r.format, "POSCAR") == 0);
	if (st == 0)
		hop_siteref_free(&r);
	st = read_text(" 1 \n\nLi 1 2 3\n", NULL, NULL, &r, msg,
	    sizeof(msg));
	T_OK("' 1 ' is an XYZ count", st == 0 && r.n == 1 &&
	    strcmp(r.format, "extxyz") == 0 && !r.have_cell);
	if (st == 0)
		hop_siteref_free(&r);
}

int
main(void)
{
	test_scale();
	test_range();
	test_species();
	test_format();
	return t_done();
}
