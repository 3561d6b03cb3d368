/*
 * fuzz_cp2kcell.c - libFuzzer driver for the CP2K cell file reader and
 * the position file's comment-line parser: the input is read as a cell
 * file (through the libarchive input, as xyz2bin reads it) asking for
 * steps 0, 5, 10, ... while they are found, and each of its lines is
 * parsed as a comment line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cp2kcell.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hop_err err;
	struct hop_input *in;
	struct hop_cp2kcell *c;
	volatile double sink = 0;
	double cell[9], t;
	int64_t step;
	char *line;
	size_t len;
	int k;

	in = hop_input_open_memory(data, size, "fuzz", NULL, "*.cell", &err);
	if (in != NULL) {
		if ((c = hop_cp2kcell_open(in, &err)) != NULL) {
			for (step = 0; step < 1000 && hop_cp2kcell_find(c,
			    step, cell, &t, &err) == 1; step += 5)
				for (k = 0; k < 9; k++)
					sink += cell[k] + t;
			hop_cp2kcell_free(c);
		}
		hop_input_close(in);
	}
	in = hop_input_open_memory(data, size, "fuzz", NULL, NULL, &err);
	if (in != NULL) {
		while (hop_input_line(in, &line, &len, &err) == 1)
			if (hop_cp2k_comment(line, &step, &t) == 0)
				sink += (double)step + t;
		hop_input_close(in);
	}
	(void)sink;
	return 0;
}
