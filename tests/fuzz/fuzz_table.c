/*
 * fuzz_table.c - libFuzzer driver for the one reader of text tables
 * (common/table: the tables hopdesc, arrhenius and hopsites --arrhenius
 * read): the bytes as a file, opened with the header required and with
 * positional names, every row read, every field as text and as a number,
 * the columns looked up by name.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzzfile.h"
#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const pos[] = {"T_K", "rate", "type", NULL};
	const char *const *modes[2] = {NULL, pos};
	struct hop_table *t;
	struct hop_err err;
	char path[64];
	size_t m, k, rows;

	if (fuzz_file("table", data, size, path, sizeof(path)) != 0)
		return 0;
	for (m = 0; m < 2; m++) {
		if ((t = hop_table_open(path, modes[m], &err)) == NULL)
			continue;
		if (modes[m] == NULL && !hop_table_has_header(t))
			abort();
		for (k = 0; k < hop_table_ncols(t); k++) {
			const char *c = hop_table_colname(t, k);
			int i;

			if (c == NULL)
				abort();
			/* A name finds its column, or says it is twice. */
			i = hop_table_col(t, c);
			if (i != -2 && (i < 0 || strcmp(hop_table_colname(t,
			    (size_t)i), c) != 0))
				abort();
		}
		(void)hop_table_col(t, "T_K");
		for (rows = 0; hop_table_next(t, &err) == 1 && rows < 100000;
		    rows++) {
			size_t n = hop_table_nfields(t);

			if (hop_table_has_header(t) && n != hop_table_ncols(t))
				abort();
			for (k = 0; k <= n; k++) {
				const char *f = hop_table_field(t, k);
				double v;

				if ((f == NULL) != (k == n))
					abort();
				if (hop_table_number(t, k, &v) == 0 &&
				    isinf(v))
					abort();
			}
			hop_table_err(t, &err, "row %zu", rows);
		}
		hop_table_close(t);
	}
	unlink(path);
	return 0;
}
