/*
 * fuzz_stream.c - libFuzzer driver for the hop stream reader: the header,
 * every record kind decoded, and the whole-run loader the analysis tools
 * use (hop_run_load), each on the same bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hops.h"
#include "stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_stream_records(FILE *fp)
{
	struct hop_err err;
	struct hop_reader *r;
	struct hop_record rec;
	struct hop_frame fr;
	struct hop_atom a;
	struct hop_event hp;
	volatile double sink = 0;
	uint64_t i, n;

	if ((r = hop_reader_open(fp, "fuzz", &err)) == NULL)
		return;
	n = (uint64_t)hop_reader_header(r)->natoms * 3;
	while (hop_reader_next(r, &rec, &err) == 1) {
		switch (rec.type) {
		case HOP_REC_FRAME:
			if (hop_frame_decode(r, &rec, &fr, &err) == 0) {
				for (i = 0; i < 9; i++)
					sink += fr.cell[i];
				for (i = 0; i < n; i++)
					sink += fr.pos[i];
			}
			break;
		case HOP_REC_ATOM:
			if (hop_atom_decode(r, &rec, &a, &err) == 0)
				sink += a.silhouette;
			break;
		case HOP_REC_HOP:
			if (hop_event_decode(r, &rec, &hp, &err) == 0)
				sink += hp.end_pos[2];
			break;
		default:
			if (rec.len > 0)
				sink += rec.payload[rec.len - 1];
		}
	}
	hop_reader_free(r);
	(void)sink;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hop_err err;
	struct hop_run run;
	FILE *fp;

	if (size == 0)
		return 0; /* fmemopen refuses an empty buffer */
	if ((fp = fmemopen((void *)(uintptr_t)data, size, "rb")) != NULL) {
		fuzz_stream_records(fp);
		fclose(fp);
	}
	if ((fp = fmemopen((void *)(uintptr_t)data, size, "rb")) != NULL) {
		if (hop_run_load(fp, "fuzz", &run, &err) == 0)
			hop_run_free(&run);
		fclose(fp);
	}
	return 0;
}
