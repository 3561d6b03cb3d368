/*
 * test_table.c - the one table reader: headers and separators, comments,
 * the spellings of NaN, text fields, columns by name, tables without a
 * header, and the errors' "FILE:LINE: what".
 */
#include <math.h>
#include <string.h>

#include "t.h"
#include "t_input.h"
#include "table.h"

static const char *const pos[] = {"T", "D", "dD", NULL};

/* The table of text (positional: as hop_table_open), its file unlinked
 * once open; path gets its name.  NULL with err set. */
static struct hop_table *
open_text(const char *text, const char *const *positional, char *path,
    struct hop_err *err)
{
	struct hop_table *t;

	if (t_text_file(path, text, err) != 0)
		return NULL;
	t = hop_table_open(path, positional, err);
	unlink(path);
	return t;
}

/* Whether err holds "PATH" followed by tail. */
static int
msg_is(const struct hop_err *err, const char *path, const char *tail)
{
	size_t n = strlen(path);

	if (strncmp(err->msg, path, n) == 0 && strcmp(err->msg + n,
	    tail) == 0)
		return 1;
	printf("# got '%s', want '%s%s'\n", err->msg, path, tail);
	return 0;
}

static void
test_tsv(void)
{
	struct hop_table *t;
	struct hop_err err;
	char path[32];
	double v[6];
	int k, ok = 1;

	t = open_text("# a comment\n\n  # another\n"
	    "name\tx\ty\tz\tw\tu\n"
	    "a b\t1.5\tnan\t-nan\tNA\t\n"
	    "c\t-2e3\tNaN\t1d2\t+NAN\t7\n", NULL, path, &err);
	T_OK("tsv: opens", t != NULL);
	if (t == NULL)
		return;
	T_OK("tsv: a header", hop_table_has_header(t) &&
	    hop_table_ncols(t) == 6 && hop_table_line(t) == 4);
	T_OK("tsv: columns by name", hop_table_col(t, "name") == 0 &&
	    hop_table_col(t, "u") == 5 && hop_table_col(t, "X") == -1 &&
	    strcmp(hop_table_colname(t, 2), "y") == 0 &&
	    hop_table_colname(t, 6) == NULL);
	T_EQ_U("tsv: a row", hop_table_next(t, &err), 1);
	T_OK("tsv: text keeps its blank", strcmp(hop_table_field(t, 0),
	    "a b") == 0 && hop_table_nfields(t) == 6 &&
	    hop_table_field(t, 6) == NULL);
	for (k = 1; k < 6; k++)
		ok &= hop_table_number(t, (size_t)k, &v[k]) == 0;
	T_OK("tsv: nan, -nan, NA and an empty field are NaN", ok &&
	    v[1] == 1.5 && isnan(v[2]) && isnan(v[3]) && isnan(v[4]) &&
	    isnan(v[5]));
	T_OK("tsv: text is not a number", hop_table_number(t, 0, v) == -1);
	T_EQ_U("tsv: another row", hop_table_next(t, &err), 1);
	ok = 1;
	for (k = 1; k < 6; k++)
		ok &= hop_table_number(t, (size_t)k, &v[k]) == 0;
	T_OK("tsv: NaN, +NAN, Fortran exponents", ok && v[1] == -2000 &&
	    isnan(v[2]) && v[3] == 100 && isnan(v[4]) && v[5] == 7 &&
	    hop_table_line(t) == 6);
	T_EQ_U("tsv: the end", hop_table_next(t, &err), 0);
	hop_table_close(t);
}

static void
test_blanks(void)
{
	struct hop_table *t;
	struct hop_err err;
	char path[32];
	double v;

	t = open_text("  a   b c  \n 1  x\t3 \n1e999 inf 1e-8x\n2 3\n",
	    NULL, path, &err);
	T_OK("blanks: opens", t != NULL);
	if (t == NULL)
		return;
	T_OK("blanks: runs of blanks separate", hop_table_ncols(t) == 3 &&
	    hop_table_col(t, "c") == 2);
	T_EQ_U("blanks: a row", hop_table_next(t, &err), 1);
	T_OK("blanks: its fields", strcmp(hop_table_field(t, 1), "x") == 0 &&
	    hop_table_number(t, 2, &v) == 0 && v == 3);
	T_EQ_U("blanks: the next", hop_table_next(t, &err), 1);
	T_OK("blanks: overflow, inf and trailing text are not numbers",
	    hop_table_number(t, 0, &v) == -1 &&
	    hop_table_number(t, 1, &v) == -1 &&
	    hop_table_number(t, 2, &v) == -1);
	hop_table_err(t, &err, "field %d: '%s'", 3, hop_table_field(t, 2));
	T_OK("blanks: hop_table_err says where", msg_is(&err, path,
	    ":3: field 3: '1e-8x'"));
	T_EQ_U("blanks: a short row", hop_table_next(t, &err), -1);
	T_OK("blanks: ... refused", msg_is(&err, path,
	    ":4: 2 fields, the header has 3"));
	hop_table_close(t);
}

static void
test_positional(void)
{
	struct hop_table *t;
	struct hop_err err;
	char path[32];
	double v;

	t = open_text("# T D\n1000 1e-7\n-nan\t2 3 4\n", pos, path, &err);
	T_OK("positional: opens", t != NULL);
	if (t == NULL)
		return;
	T_OK("positional: no header, the fields named",
	    !hop_table_has_header(t) && hop_table_ncols(t) == 0 &&
	    hop_table_col(t, "dD") == 2 && hop_table_col(t, "x") == -1 &&
	    strcmp(hop_table_colname(t, 1), "D") == 0);
	T_EQ_U("positional: the first line is a row", hop_table_next(t, &err),
	    1);
	T_OK("positional: ... of two fields", hop_table_nfields(t) == 2 &&
	    hop_table_number(t, 1, &v) == 0 && v == 1e-7 &&
	    hop_table_number(t, 2, &v) == -1 && hop_table_line(t) == 2);
	T_EQ_U("positional: rows differ in length", hop_table_next(t, &err),
	    1);
	T_OK("positional: a NaN starts a row", hop_table_nfields(t) == 4 &&
	    hop_table_number(t, 0, &v) == 0 && isnan(v));
	T_EQ_U("positional: the end", hop_table_next(t, &err), 0);
	hop_table_close(t);
	t = open_text("T_K D\n1 2\n", pos, path, &err);
	T_OK("positional: a header still wins", t != NULL &&
	    hop_table_has_header(t) && hop_table_col(t, "T_K") == 0 &&
	    hop_table_col(t, "dD") == -1);
	hop_table_close(t);
	t = open_text("# nothing\n", pos, path, &err);
	T_OK("positional: an empty table has no rows", t != NULL &&
	    hop_table_next(t, &err) == 0);
	hop_table_close(t);
}

static void
test_errors(void)
{
	struct hop_table *t;
	struct hop_err err;
	char path[32];

	t = open_text("# only a comment\n\n", NULL, path, &err);
	T_OK("errors: no header", t == NULL && msg_is(&err, path,
	    ": no header line with column names"));
	t = open_text("a b a\n", NULL, path, &err);
	T_OK("errors: a name twice is ambiguous", t != NULL &&
	    hop_table_col(t, "a") == -2 && hop_table_col(t, "b") == 1);
	hop_table_close(t);
	t = open_text("a\tb\n1\t2\t3\n", NULL, path, &err);
	T_OK("errors: a long row", t != NULL && hop_table_next(t, &err) ==
	    -1 && msg_is(&err, path, ":2: 3 fields, the header has 2"));
	hop_table_close(t);
	t = open_text("a\tb\n1\n", NULL, path, &err);
	T_OK("errors: one field", t != NULL && hop_table_next(t, &err) ==
	    -1 && msg_is(&err, path, ":2: 1 field, the header has 2"));
	hop_table_close(t);
	t = hop_table_open("/nonexistent/t.tsv", NULL, &err);
	T_OK("errors: a missing file", t == NULL &&
	    strstr(err.msg, "/nonexistent/t.tsv") != NULL);
}

int
main(void)
{
	test_tsv();
	test_blanks();
	test_positional();
	test_errors();
	return t_done();
}
