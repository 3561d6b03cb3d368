/*
 * test_incar.c - INCAR tags read as VASP reads them.
 */
#include <math.h>
#include <string.h>

#include "incar.h"
#include "t.h"

static const char incar[] =
    "SYSTEM = Li6PS5Cl  ! argyrodite; 416 atoms\n"
    "# POTIM = 99 is commented out\n"
    "  IBRION=0 ; potim =   2.0D0   # fs\n"
    "NBLOCK = 50;TEBEG= 650.5\n"
    "no equals sign on this line\n"
    "NSW = ! value only a comment\n"
    "BAD = 1.0 2.0\n"
    "NEG = -3\r\n";

int
main(void)
{
	struct hop_incar inc;
	struct hop_err err;
	const struct hop_incar_tag *t;
	double v = 0;
	uint64_t u = 0;

	T_OK("parses", hop_incar_parse(incar, strlen(incar), "run/INCAR", &inc,
	    &err) == 0);
	T_OK("POTIM after ';', lower case, D exponent, # comment",
	    hop_incar_double(&inc, "POTIM", &v, &err) == 1 && v == 2.0);
	T_OK("NBLOCK before ';' without blanks",
	    hop_incar_u64(&inc, "NBLOCK", &u, &err) == 1 && u == 50);
	T_OK("TEBEG after ';'", hop_incar_double(&inc, "tebeg", &v, &err) ==
	    1 && v == 650.5);
	T_OK("SYSTEM keeps its value up to the comment",
	    hop_incar_find(&inc, "SYSTEM", &t, &err) == 1 &&
	    strcmp(t->value, "Li6PS5Cl") == 0 && t->line == 1);
	T_OK("commented tag absent: POTIM found once, on line 3",
	    hop_incar_find(&inc, "POTIM", &t, &err) == 1 && t->line == 3);
	T_OK("absent tag", hop_incar_double(&inc, "EDIFF", &v, &err) == 0);
	T_OK("empty value is not a number",
	    hop_incar_double(&inc, "NSW", &v, &err) == -1 &&
	    strcmp(err.msg, "run/INCAR:6: NSW = '' is not a number") == 0);
	T_OK("two numbers are not one",
	    hop_incar_double(&inc, "BAD", &v, &err) == -1 &&
	    strstr(err.msg, "run/INCAR:7:") != NULL);
	T_OK("negative is not a whole number",
	    hop_incar_u64(&inc, "NEG", &u, &err) == -1 &&
	    strcmp(err.msg, "run/INCAR:8: NEG = '-3' is not a whole number")
	    == 0);
	T_OK("CR before the newline is blank",
	    hop_incar_double(&inc, "NEG", &v, &err) == 1 && v == -3);
	hop_incar_free(&inc);

	T_OK("twice", hop_incar_parse("POTIM = 1\nPOTIM=2\n", 18, "I", &inc,
	    &err) == 0 && hop_incar_double(&inc, "POTIM", &v, &err) == -1 &&
	    strcmp(err.msg, "I:2: POTIM given twice (also on line 1)") == 0);
	hop_incar_free(&inc);
	T_OK("huge integer refused", hop_incar_parse(
	    "NBLOCK = 99999999999999999999999\n", 33, "I", &inc, &err) == 0 &&
	    hop_incar_u64(&inc, "NBLOCK", &u, &err) == -1);
	hop_incar_free(&inc);
	T_OK("empty text", hop_incar_parse("", 0, "I", &inc, &err) == 0 &&
	    inc.ntags == 0);
	hop_incar_free(&inc);
	T_OK("last line without newline", hop_incar_parse("A=1\nB=2", 7, "I",
	    &inc, &err) == 0 && hop_incar_double(&inc, "B", &v, &err) == 1 &&
	    v == 2);
	hop_incar_free(&inc);
	return t_done();
}
