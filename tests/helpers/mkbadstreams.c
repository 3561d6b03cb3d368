/*
 * mkbadstreams - write the damaged hop streams of tests/bad/stream/ into
 * a directory: each is a good stream made by the library's writer with
 * one thing wrong, its checksums recomputed after the damage unless the
 * damage is a checksum mismatch, so that every check behind the CRC is
 * reached.  tests/bad/README.md says what each file is; tests/cli/bad.sh
 * checks the files in the tree are still what this program writes.
 *
 *     mkbadstreams DIR
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "le.h"
#include "stream.h"

#define HEAD_FIXED 16u
#define HEAD_V10 112u

static const char *dir;

/* A stream in memory. */
struct buf {
	unsigned char *p;
	size_t n;
};

static void
die(const char *what)
{
	fprintf(stderr, "mkbadstreams: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Kinds of base stream. */
enum base { FRAMES, VARCELL, HOPS };

/* Build a small good stream: 3 atoms (Li 2, O 1), 3 frames, or the hop
 * records of a hop finder over 10 frames. */
static struct buf
make(enum base kind)
{
	static char *argv[] = {"mkbadstreams"};
	struct hop_header h;
	struct hop_writer *w;
	struct hop_err err;
	struct buf b = {NULL, 0};
	double pos[9], cell[9] = {4, 0, 0, 0, 5, 0, 0, 0, 6};
	char *p;
	size_t n;
	FILE *fp;
	uint32_t i;

	if ((fp = open_memstream(&p, &n)) == NULL)
		die("open_memstream");
	hop_header_init(&h);
	h.natoms = 3;
	h.nspecies = 2;
	h.species = calloc(2, sizeof(*h.species));
	h.orig_index = calloc(3, sizeof(uint32_t));
	if (h.species == NULL || h.orig_index == NULL)
		die("calloc");
	strcpy(h.species[0].name, "Li");
	h.species[0].count = 2;
	strcpy(h.species[1].name, "O");
	h.species[1].count = 1;
	for (i = 0; i < 3; i++)
		h.orig_index[i] = i;
	h.dt_fs = 10;
	h.temperature_K = 600;
	memcpy(h.cell, cell, sizeof(cell));
	h.flags = kind == VARCELL ? HOP_FLAG_VARIABLE_CELL : 0;
	h.coords = kind == HOPS ? HOP_COORDS_CARTESIAN_UNWRAPPED :
	    HOP_COORDS_FRACTIONAL;
	h.nframes = kind == HOPS ? 10 : 3;
	h.title = strdup("bad stream test");
	if (hop_header_add_prov(&h, "mkbadstreams", "0.1.0", 1, argv,
	    &err) != 0 || (w = hop_writer_open(fp, "mem", &h, &err)) == NULL)
		die(err.msg);
	if (kind == HOPS) {
		struct hop_event hp = {0, 0, 0, 0, 2, 4, 0, 1, {0.5, 0.5, 0.5},
		    {2.5, 0.5, 0.5}, {0.6, 0.5, 0.5}, {2.4, 0.5, 0.5}};
		struct hop_atom a = {0, 0, 0, 2, 1, 0, 0.8, 0.1, 2.0};

		if (hop_write_hop(w, &hp, &err) != 0 ||
		    hop_write_atom(w, &a, &err) != 0)
			die(err.msg);
		a.atom = a.slot = 1;
		a.nclusters = 1;
		a.nhops = 0;
		a.silhouette = NAN;
		if (hop_write_atom(w, &a, &err) != 0)
			die(err.msg);
	} else {
		for (i = 0; i < 3; i++) {
			int k;

			for (k = 0; k < 9; k++)
				pos[k] = 0.1 * (k + 1) + 0.01 * i;
			cell[0] = 4 + 0.1 * i;
			if (hop_write_frame(w, i, cell, pos, &err) != 0)
				die(err.msg);
		}
	}
	if (hop_writer_finish(w, &err) != 0)
		die(err.msg);
	hop_writer_free(w);
	hop_header_free(&h);
	if (fclose(fp) != 0)
		die("fclose");
	b.p = (unsigned char *)p;
	b.n = n;
	return b;
}

static size_t
hlen(const struct buf *b)
{
	return hop_ld32(b->p + 12);
}

/* Offset of the header body and of record k (0-based). */
static unsigned char *
body(const struct buf *b)
{
	return b->p + HEAD_FIXED;
}

static size_t
rec_off(const struct buf *b, int k)
{
	size_t off = HEAD_FIXED + hlen(b) + 4;

	while (k-- > 0)
		off += (size_t)hop_ld32(b->p + off + 4) + 12;
	return off;
}

/* Recompute the header's and every complete record's CRC. */
static void
fix(struct buf *b)
{
	size_t L = hlen(b), off;

	if (HEAD_FIXED + L + 4 > b->n)
		return;
	hop_st32(b->p + HEAD_FIXED + L, (uint32_t)crc32(0, b->p, HEAD_FIXED + L));
	for (off = HEAD_FIXED + L + 4; off + 8 <= b->n;) {
		size_t len = hop_ld32(b->p + off + 4);

		if (len > b->n || off + 12 + len > b->n)
			break;
		hop_st32(b->p + off + 8 + len,
		    (uint32_t)crc32(0, b->p + off, (uInt)(8 + len)));
		off += 12 + len;
	}
}

static void
put(const char *name, const void *p, size_t n)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "wb")) == NULL)
		die(path);
	if ((n > 0 && fwrite(p, 1, n, fp) != n) || fclose(fp) != 0)
		die(path);
}

static void
out(const char *name, struct buf *b, int fixcrc)
{
	if (fixcrc)
		fix(b);
	put(name, b->p, b->n);
	free(b->p);
}

/* Insert n bytes at off (zeros). */
static void
grow_at(struct buf *b, size_t off, size_t n)
{
	unsigned char *p = realloc(b->p, b->n + n);

	if (p == NULL)
		die("realloc");
	memmove(p + off + n, p + off, b->n - off);
	memset(p + off, 0, n);
	b->p = p;
	b->n += n;
}

int
main(int argc, char **argv)
{
	struct buf b;
	size_t o;

	if (argc != 2) {
		fprintf(stderr, "usage: mkbadstreams DIR\n");
		return 2;
	}
	dir = argv[1];

	/* --- the fixed part and the header --- */
	put("empty.hop", "", 0);
	put("text.hop", "Li O test\n1.0\n", 14);
	put("bad-magic.hop", "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16);
	b = make(FRAMES);
	b.n = 8;
	out("magic-only.hop", &b, 0);
	b = make(FRAMES);
	b.p[8] = 2;
	out("version-2.hop", &b, 1);
	b = make(FRAMES);
	hop_st32(b.p + 12, 0x80000000u);
	out("header-length-huge.hop", &b, 0);
	b = make(FRAMES);
	b.n = HEAD_FIXED + 50;
	out("header-truncated.hop", &b, 0);
	b = make(FRAMES);
	body(&b)[HEAD_V10 + 30] ^= 0x20; /* a bit of the species table */
	out("header-crc.hop", &b, 0);
	b = make(FRAMES);
	o = HEAD_FIXED + hlen(&b) + 4; /* keep the records, cut the header */
	memmove(b.p + HEAD_FIXED + 100 + 4, b.p + o, b.n - o);
	b.n -= hlen(&b) - 100;
	hop_st32(b.p + 12, 100);
	out("header-short.hop", &b, 1);
	b = make(FRAMES);
	hop_st32(body(&b), 60000000u);
	out("atoms-over-limit.hop", &b, 1);
	b = make(FRAMES);
	hop_st32(body(&b), 50000000u);
	out("atoms-do-not-fit.hop", &b, 1);
	b = make(FRAMES);
	hop_st32(body(&b) + 4, 0);
	out("species-none.hop", &b, 1);
	b = make(FRAMES);
	hop_st32(body(&b) + 4, 5000);
	out("species-over-limit.hop", &b, 1);
	b = make(FRAMES);
	hop_st32(body(&b) + 8, 7);
	out("coords-unknown.hop", &b, 1);
	b = make(FRAMES);
	hop_st32(body(&b) + 12, 0x6);
	out("flags-reserved.hop", &b, 1);
	b = make(FRAMES);
	hop_st32(body(&b) + HEAD_V10, 5); /* Li count 5 of 3 atoms */
	out("species-counts.hop", &b, 1);
	b = make(FRAMES);
	body(&b)[HEAD_V10 + 4] = 0; /* first name's length */
	out("species-name-empty.hop", &b, 1);
	b = make(FRAMES);
	body(&b)[HEAD_V10 + 4] = 65;
	out("species-name-long.hop", &b, 1);
	b = make(FRAMES);
	/* The second name, O, made Li: one byte more in the header. */
	grow_at(&b, HEAD_FIXED + HEAD_V10 + 8 + 6, 1);
	hop_st32(b.p + 12, (uint32_t)hlen(&b) + 1);
	body(&b)[HEAD_V10 + 8 + 4] = 2;
	memcpy(body(&b) + HEAD_V10 + 8 + 6, "Li", 2);
	out("species-name-twice.hop", &b, 1);
	b = make(FRAMES);
	/* Title length: after 2 species (4+2+2, 4+2+1) and 3 indices. */
	hop_st32(body(&b) + HEAD_V10 + 15 + 12, 0x7fffffffu);
	out("title-cut.hop", &b, 1);
	b = make(FRAMES);
	hop_st32(body(&b) + HEAD_V10 + 15 + 12 + 4 + 15, 1000000);
	out("provenance-count.hop", &b, 1);
	/* The header's numbers (hopstream(5): dt_fs, temperature_K,
	 * cell), each checksum right. */
	b = make(FRAMES);
	hop_stf64(body(&b) + 16, 0);
	out("header-dt-zero.hop", &b, 1);
	b = make(FRAMES);
	hop_stf64(body(&b) + 16, INFINITY);
	out("header-dt-inf.hop", &b, 1);
	b = make(FRAMES);
	hop_stf64(body(&b) + 16, 1e300);
	out("header-dt-huge.hop", &b, 1);
	b = make(FRAMES);
	hop_stf64(body(&b) + 24, -5);
	out("header-temperature-negative.hop", &b, 1);
	b = make(FRAMES);
	hop_stf64(body(&b) + 24, 1e-300);
	out("header-temperature-tiny.hop", &b, 1);
	b = make(HOPS);
	hop_stf64(body(&b) + 32 + 8 * 8, INFINITY); /* cz */
	out("header-cell-inf.hop", &b, 1);

	/* --- records --- */
	b = make(FRAMES);
	b.n = rec_off(&b, 0);
	out("no-records.hop", &b, 0);
	b = make(FRAMES);
	b.n = rec_off(&b, 1) + 4;
	out("record-head-cut.hop", &b, 0);
	b = make(FRAMES);
	b.n = rec_off(&b, 1) + 40;
	out("frame-cut.hop", &b, 0);
	b = make(FRAMES);
	b.n = rec_off(&b, 3);
	out("end-missing.hop", &b, 0);
	b = make(FRAMES);
	b.n = rec_off(&b, 3) + 20;
	out("end-cut.hop", &b, 0);
	b = make(FRAMES);
	o = rec_off(&b, 1);
	hop_st32(b.p + o + 4, hop_ld32(b.p + o + 4) - 8);
	memmove(b.p + o + 8 + hop_ld32(b.p + o + 4) + 4,
	    b.p + o + 8 + hop_ld32(b.p + o + 4) + 12,
	    b.n - (o + 8 + hop_ld32(b.p + o + 4) + 12));
	b.n -= 8;
	out("frame-length.hop", &b, 1);
	b = make(FRAMES);
	hop_st32(b.p + rec_off(&b, 1) + 4, 0xfffffff0u);
	out("record-length-huge.hop", &b, 0);
	b = make(FRAMES);
	hop_st32(b.p + rec_off(&b, 1), 7); /* an unknown kind, passed over */
	hop_st32(b.p + rec_off(&b, 1) + 4, 0x7ffffff0u);
	out("record-length-past-end.hop", &b, 0);
	b = make(FRAMES);
	b.p[rec_off(&b, 1) + 8 + 30] ^= 0x01;
	out("frame-crc.hop", &b, 0);
	b = make(FRAMES);
	b.p[rec_off(&b, 1) + 2] = 0x01; /* type 0x10001: unknown */
	out("record-type-crc.hop", &b, 0);
	b = make(VARCELL);
	b.p[rec_off(&b, 2) + 8 + 8 + 3] ^= 0x40; /* a cell component */
	out("varcell-crc.hop", &b, 0);
	b = make(FRAMES);
	hop_st64(b.p + rec_off(&b, 3) + 8 + 8, 2); /* END says 2 frames */
	out("end-counts.hop", &b, 1);
	b = make(FRAMES);
	grow_at(&b, b.n, 1);
	out("after-end.hop", &b, 0);
	b = make(FRAMES);
	o = rec_off(&b, 3);
	hop_st32(b.p + o + 4, 40);
	b.n -= 32 - 40 + 0;
	grow_at(&b, o + 8 + 32, 8);
	out("end-length.hop", &b, 1);
	b = make(FRAMES);
	hop_stf64(b.p + rec_off(&b, 1) + 8 + 8 + 8, NAN);
	out("frame-nan.hop", &b, 1);
	b = make(FRAMES);
	hop_stf64(b.p + rec_off(&b, 2) + 8 + 8 + 16, INFINITY);
	out("frame-inf.hop", &b, 1);

	b = make(FRAMES);
	hop_st32(body(&b) + 8, HOP_COORDS_CARTESIAN_UNWRAPPED);
	hop_stf64(b.p + rec_off(&b, 1) + 8 + 8 + 8, NAN);
	out("unwrapped-nan.hop", &b, 1);

	b = make(HOPS);
	o = rec_off(&b, 0);
	b.p[o + 8 + 40] ^= 0x04;
	out("hop-crc.hop", &b, 0);
	b = make(HOPS);
	b.p[rec_off(&b, 1) + 8 + 24] ^= 0x04;
	out("atom-crc.hop", &b, 0);
	b = make(HOPS);
	o = rec_off(&b, 0);
	hop_st32(b.p + o + 4, HOP_EVENT_PAYLOAD + 8);
	grow_at(&b, o + 8 + HOP_EVENT_PAYLOAD, 8);
	out("hop-length.hop", &b, 1);
	b = make(HOPS);
	o = rec_off(&b, 1);
	hop_st32(b.p + o + 4, HOP_ATOM_PAYLOAD - 8);
	memmove(b.p + o + 8 + 40, b.p + o + 8 + 48, b.n - (o + 8 + 48));
	b.n -= 8;
	out("atom-length.hop", &b, 1);
	b = make(HOPS);
	hop_st64(b.p + rec_off(&b, 0) + 8 + 24, 1); /* end 1 < start 2 */
	out("hop-backwards.hop", &b, 1);
	b = make(HOPS);
	hop_st64(b.p + rec_off(&b, 0) + 8 + 24, 10); /* frame 10 of 0..9 */
	out("hop-past-run.hop", &b, 1);
	b = make(HOPS);
	hop_st32(b.p + rec_off(&b, 0) + 8 + 8, 2); /* species 2 of 2 */
	out("hop-species.hop", &b, 1);
	b = make(HOPS);
	hop_st32(b.p + rec_off(&b, 0) + 8 + 4, 3); /* slot 3 of 3 atoms */
	out("hop-slot.hop", &b, 1);
	b = make(HOPS);
	hop_st32(b.p + rec_off(&b, 2) + 8 + 4, 7);
	out("atom-slot.hop", &b, 1);
	b = make(HOPS);
	hop_st32(b.p + rec_off(&b, 1) + 8 + 8, 9);
	out("atom-species.hop", &b, 1);
	b = make(HOPS);
	b.n = rec_off(&b, 2) + 30;
	out("atom-cut.hop", &b, 0);
	b = make(HOPS);
	b.n = rec_off(&b, 0) + 100;
	out("hop-cut.hop", &b, 0);
	/* Well-formed hop records with a non-finite position or centre. */
	b = make(HOPS);
	hop_stf64(b.p + rec_off(&b, 0) + 8 + 88, INFINITY); /* start x */
	out("hop-start-inf.hop", &b, 1);
	b = make(HOPS);
	hop_stf64(b.p + rec_off(&b, 0) + 8 + 64 + 16, NAN); /* to z */
	out("hop-centre-nan.hop", &b, 1);
	return 0;
}
