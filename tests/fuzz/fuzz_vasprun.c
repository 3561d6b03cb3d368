/*
 * fuzz_vasprun.c - libFuzzer driver for the vasprun.xml reader, fed
 * through the same libarchive input as vasprun2bin (so compressed and
 * archived inputs are fuzzed too), then libxml2's streaming reader.  The
 * header is read, the time step asked for, and every ionic step read with
 * every number touched, so that the sanitizers see any read out of bounds;
 * a cut file's message is fetched too.
 */
#include <stddef.h>
#include <stdint.h>

#include "input.h"
#include "vasprun.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hop_err err;
	struct hop_input *in;
	struct hop_vasprun *v;
	struct hop_vasprun_frame fr;
	volatile double sink = 0;
	double dt;
	size_t i;

	in = hop_input_open_memory(data, size, "fuzz", NULL, "vasprun*", &err);
	if (in == NULL)
		return 0;
	if ((v = hop_vasprun_open(in, &err)) != NULL) {
		const struct hop_vasprun_info *info = hop_vasprun_info(v);

		for (i = 0; i < info->nspecies; i++)
			sink += info->species[i].count + info->species[i].name[0];
		for (i = 0; i < info->natoms; i++)
			sink += info->atom_species[i];
		if (hop_vasprun_dt(v, &dt, &err) == 0)
			sink += dt;
		while (hop_vasprun_next(v, &fr, &err) == 1) {
			for (i = 0; i < 9; i++)
				sink += fr.cell[i];
			for (i = 0; i < (size_t)info->natoms * 3; i++)
				sink += fr.pos[i];
		}
		(void)hop_vasprun_cut(v, &err);
		hop_vasprun_free(v);
	}
	hop_input_close(in);
	(void)sink;
	return 0;
}
