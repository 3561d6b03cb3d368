/*
 * fuzz_xdatcar.c - libFuzzer driver for the XDATCAR reader, fed through
 * the same libarchive input as xdat2bin (so compressed and archived
 * inputs are fuzzed too).  Every configuration is read and every number
 * touched, so that the sanitizers see any read out of bounds.
 */
#include <stddef.h>
#include <stdint.h>

#include "input.h"
#include "xdatcar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hop_err err;
	struct hop_input *in;
	struct hop_xdatcar *x;
	struct hop_xdat_frame fr;
	volatile double sink = 0;
	size_t i;

	in = hop_input_open_memory(data, size, "fuzz", NULL, "XDATCAR*", &err);
	if (in == NULL)
		return 0;
	if ((x = hop_xdatcar_open(in, &err)) != NULL) {
		const struct hop_xdat_info *info = hop_xdatcar_info(x);

		while (hop_xdatcar_next(x, &fr, &err) == 1) {
			for (i = 0; i < 9; i++)
				sink += fr.cell[i];
			for (i = 0; i < (size_t)info->natoms * 3; i++)
				sink += fr.pos[i];
		}
		hop_xdatcar_free(x);
	}
	hop_input_close(in);
	(void)sink;
	return 0;
}
