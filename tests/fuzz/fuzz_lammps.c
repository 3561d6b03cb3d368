/*
 * fuzz_lammps.c - libFuzzer driver for the LAMMPS dump reader, through
 * the libarchive input as lmp2bin reads it; every frame is read and every
 * number touched.
 */
#include <stddef.h>
#include <stdint.h>

#include "input.h"
#include "lammps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hop_err err;
	struct hop_input *in;
	struct hop_lammps *l;
	struct hop_lmp_frame fr;
	volatile double sink = 0;
	size_t i;

	in = hop_input_open_memory(data, size, "fuzz", NULL, NULL, &err);
	if (in == NULL)
		return 0;
	if ((l = hop_lammps_open(in, HOP_LMP_MAX_TYPE, &err)) != NULL) {
		const struct hop_lmp_info *info = hop_lammps_info(l);

		for (i = 0; i < info->natoms; i++)
			sink += info->type[i];
		while (hop_lammps_next(l, &fr, &err) == 1) {
			for (i = 0; i < 9; i++)
				sink += fr.cell[i];
			for (i = 0; i < 3; i++)
				sink += fr.origin[i];
			for (i = 0; i < (size_t)info->natoms * 3; i++)
				sink += fr.pos[i];
		}
		hop_lammps_free(l);
	}
	hop_input_close(in);
	(void)sink;
	return 0;
}
