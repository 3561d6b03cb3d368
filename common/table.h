/*
 * table.h - the one reader of text tables: a row per line, columns
 * looked up by the names of a header line, as examples/database's
 * summary.tsv, msd's Arrhenius output and any table hopdesc or arrhenius
 * reads are written.
 *
 * The format.  Blank lines and lines whose first non-blank character is
 * '#' are skipped.  The first other line is the header, a name per
 * column.  A header holding a tab makes the table tab-separated: every
 * tab separates (so fields may hold blanks, and an empty field is a
 * field); otherwise runs of blanks and tabs separate, and leading and
 * trailing ones are ignored.  With a header every row has its number of
 * fields.
 *
 * Numbers are read by hop_parse_double (numparse.h), the whole field,
 * and must be finite.  One set of spellings means "no value" (NaN):
 * "nan" in any case with or without a sign (printf's "nan" and "-nan",
 * numpy's "nan", pandas' "NaN"), R's "NA", and an empty field of a
 * tab-separated table.  Anything else is text, kept as it is.
 *
 * Errors are worded "FILE:LINE: what" (hop_table_err words the caller's
 * own the same way).  No printing: messages go into a struct hop_err.
 */
#ifndef HOP_TABLE_H
#define HOP_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Fields a line may hold. */
#define HOP_TABLE_MAX_FIELDS 100000

struct hop_table;

/*
 * Open the table at path (NULL or "-": standard input; compressed files
 * as hop_input_open reads them) and read up to its header.
 *
 * positional NULL: the header is required; a table without any line
 * that is not a comment is refused ("FILE: no header line with column
 * names").  positional non-NULL (a NULL-terminated list of names): the
 * header is optional, and the first line is one only when its first
 * field does not start with a number (nor is a NaN spelling); a table
 * without one is blank-separated, its rows may hold any number of
 * fields, and positional names its fields in order (for hop_table_col
 * and hop_table_colname).
 *
 * NULL with err set when the file cannot be opened or the header cannot
 * be read.
 */
struct hop_table *hop_table_open(const char *path,
    const char *const *positional, struct hop_err *err);

/* Close the table and free everything (NULL is fine). */
void hop_table_close(struct hop_table *t);

/* Whether the table has a header line: 1 or 0. */
int hop_table_has_header(const struct hop_table *t);

/* The header's number of columns (0 without a header). */
size_t hop_table_ncols(const struct hop_table *t);

/*
 * The index of the column named name (exactly, case included): among the
 * header's names, or the positional names of a table without a header.
 * -1 when no column has that name, -2 when two or more have it.
 */
int hop_table_col(const struct hop_table *t, const char *name);

/* The name of column k (the header's, or the positional one), or NULL. */
const char *hop_table_colname(const struct hop_table *t, size_t k);

/*
 * Read the next row: 1, 0 at the end of the table, or -1 with err set (a
 * read error, a line of more than HOP_TABLE_MAX_FIELDS fields, or with a
 * header a row of another number of fields: "FILE:LINE: 2 fields, the
 * header has 3").
 */
int hop_table_next(struct hop_table *t, struct hop_err *err);

/* The current row's number of fields. */
size_t hop_table_nfields(const struct hop_table *t);

/* Field k of the current row, NUL-terminated (valid until the next
 * row), or NULL when the row has fewer fields. */
const char *hop_table_field(const struct hop_table *t, size_t k);

/*
 * Field k of the current row as a number into *v: 0, or -1 when the row
 * has no field k or it is neither a finite number nor a NaN spelling (the
 * caller words the error, e.g. with hop_table_err).
 */
int hop_table_number(const struct hop_table *t, size_t k, double *v);

/* The file's name in messages ("<stdin>" for standard input). */
const char *hop_table_name(const struct hop_table *t);

/* The line number of the current row (after hop_table_open, of the
 * header; 0 when nothing was read). */
uint64_t hop_table_line(const struct hop_table *t);

/* Set err to "FILE:LINE: " and the formatted text, at the current row. */
void hop_table_err(const struct hop_table *t, struct hop_err *err,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
