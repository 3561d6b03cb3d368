/*
 * fuzz_traj.c - libFuzzer driver for the ASE trajectory (.traj, ulm)
 * reader, on memory as traj2bin reads a file: the header, the first
 * frame's atoms and description, then every frame, every number touched.
 */
#include <stddef.h>
#include <stdint.h>

#include "ulm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hop_err err;
	struct hop_ulm *u;
	struct hop_ulm_frame fr;
	volatile double sink = 0;
	size_t i;

	if ((u = hop_ulm_open_memory(data, size, "fuzz", &err)) == NULL)
		return 0;
	{
		const struct hop_ulm_info *info = hop_ulm_info(u);

		for (i = 0; i < info->natoms; i++)
			sink += (double)info->numbers[i];
		sink += info->dt_fs + info->temperature_K + info->pbc[0];
		while (hop_ulm_next(u, &fr, &err) == 1) {
			for (i = 0; i < 9; i++)
				sink += fr.cell[i];
			for (i = 0; i < (size_t)info->natoms * 3; i++)
				sink += fr.pos[i];
		}
	}
	hop_ulm_free(u);
	(void)sink;
	return 0;
}
