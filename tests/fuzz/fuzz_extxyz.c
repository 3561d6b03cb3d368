/*
 * fuzz_extxyz.c - libFuzzer driver for the XYZ / extended XYZ reader,
 * through the libarchive input as xyz2bin reads it; every frame is read
 * and every number touched.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "extxyz.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hop_err err;
	struct hop_input *in;
	struct hop_extxyz *x;
	struct hop_xyz_frame fr;
	volatile double sink = 0;
	size_t i;

	in = hop_input_open_memory(data, size, "fuzz", NULL, "*xyz*", &err);
	if (in == NULL)
		return 0;
	if ((x = hop_extxyz_open(in, &err)) != NULL) {
		const struct hop_xyz_info *info = hop_extxyz_info(x);

		for (i = 0; i < info->nspecies; i++)
			sink += (double)strlen(info->species[i].name) +
			    info->species[i].count;
		for (i = 0; i < info->natoms; i++)
			sink += info->atom_species[i];
		while (hop_extxyz_next(x, &fr, &err) == 1) {
			for (i = 0; fr.cell != NULL && i < 9; i++)
				sink += fr.cell[i];
			for (i = 0; i < (size_t)info->natoms * 3; i++)
				sink += fr.pos[i];
		}
		hop_extxyz_free(x);
	}
	hop_input_close(in);
	(void)sink;
	return 0;
}
