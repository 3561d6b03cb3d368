/*
 * fuzz_sitefile.c - libFuzzer driver for the network mode's pool,
 * candidates, visits and sites files (common/sitefile): the bytes as a
 * file, read with every check; what reads back is written again and must
 * read back the same kind and blocks.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzzfile.h"
#include "sitefile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hop_sitefile *f, *g;
	struct hop_err err;
	char path[64];
	FILE *fp;

	if (fuzz_file("sitefile", data, size, path, sizeof(path)) != 0)
		return 0;
	f = hop_sitefile_read(path, &err);
	if (f != NULL) {
		/* Written again, it reads back alike. */
		if ((fp = fopen(path, "wb")) != NULL) {
			if (hop_sitefile_write(fp, path, f, &err) != 0)
				abort();
			fclose(fp);
			g = hop_sitefile_read(path, &err);
			if (g == NULL || g->kind != f->kind ||
			    g->nblocks != f->nblocks)
				abort();
			hop_sitefile_free(g);
		}
		hop_sitefile_free(f);
	}
	unlink(path);
	return 0;
}
