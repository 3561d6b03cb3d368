/*
 * test_stream.c - the hop stream: round trip of header and every record
 * kind, and detection of every kind of damage.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "le.h"
#include "stream.h"
#include "t.h"

static void
make_header(struct hop_header *h, int variable)
{
	static char *argv[] = {"xdat2bin", "--species", "Li O", "it's"};
	uint32_t i;

	hop_header_init(h);
	h->natoms = 5;
	h->nspecies = 2;
	h->species = calloc(2, sizeof(*h->species));
	strcpy(h->species[0].name, "Li");
	h->species[0].count = 3;
	strcpy(h->species[1].name, "O");
	h->species[1].count = 2;
	h->orig_index = calloc(5, sizeof(uint32_t));
	for (i = 0; i < 5; i++)
		h->orig_index[i] = 10 + i;
	h->coords = HOP_COORDS_CARTESIAN_UNWRAPPED;
	h->flags = variable ? HOP_FLAG_VARIABLE_CELL : 0;
	h->dt_fs = 100;
	h->temperature_K = 600;
	for (i = 0; i < 9; i++)
		h->cell[i] = i % 4 == 0 ? 10.5 : 0.25 * i;
	h->nframes = 3;
	h->title = strdup("test title");
	hop_header_add_prov(h, "xdat2bin", "0.1.0", 4, argv, NULL);
}

/* Write a stream with 3 frames, 1 atom record and 1 hop into memory. */
static unsigned char *
make_stream(size_t *len, int variable, int finish)
{
	struct hop_header h;
	struct hop_writer *w;
	struct hop_atom a = {11, 1, 0, 2, 1, 0, 0.75, NAN, NAN};
	struct hop_event hp = {11, 1, 0, HOP_EVENT_BACK, 1, 2, 0, 1,
	    {1, 2, 3}, {4, 5, 6}, {1.5, 2, 3}, {4, 5.5, 6}};
	double pos[15], cell[9];
	char *buf = NULL;
	size_t sz = 0;
	FILE *fp = open_memstream(&buf, &sz);
	int f, i;

	make_header(&h, variable);
	w = hop_writer_open(fp, "mem", &h, NULL);
	for (f = 0; f < 3; f++) {
		for (i = 0; i < 15; i++)
			pos[i] = f * 100 + i + 0.125;
		for (i = 0; i < 9; i++)
			cell[i] = f + i;
		hop_write_frame(w, (uint64_t)f * 5, cell, pos, NULL);
	}
	hop_write_atom(w, &a, NULL);
	hop_write_hop(w, &hp, NULL);
	if (finish)
		hop_writer_finish(w, NULL);
	hop_writer_free(w);
	hop_header_free(&h);
	fclose(fp);
	*len = sz;
	return (unsigned char *)buf;
}

/* Read a whole stream; returns 0 if valid, -1 with msg otherwise. */
static int
read_all(const unsigned char *b, size_t n, char *msg, int *nframes)
{
	FILE *fp = fmemopen((void *)b, n, "r");
	struct hop_err err = {""};
	struct hop_reader *r;
	struct hop_record rec;
	int st;

	if (n == 0) {
		/* fmemopen refuses a zero size. */
		fp = fopen("/dev/null", "r");
	}
	r = hop_reader_open(fp, "mem", &err);
	if (r == NULL) {
		fclose(fp);
		strcpy(msg, err.msg);
		return -1;
	}
	*nframes = 0;
	while ((st = hop_reader_next(r, &rec, &err)) == 1) {
		struct hop_frame fr;
		struct hop_event hp;
		struct hop_atom a;

		if (rec.type == HOP_REC_FRAME &&
		    hop_frame_decode(r, &rec, &fr, &err) == 0)
			(*nframes)++;
		if (rec.type == HOP_REC_HOP &&
		    hop_event_decode(r, &rec, &hp, &err) != 0) {
			st = -1;
			break;
		}
		if (rec.type == HOP_REC_ATOM &&
		    hop_atom_decode(r, &rec, &a, &err) != 0) {
			st = -1;
			break;
		}
	}
	hop_reader_free(r);
	fclose(fp);
	strcpy(msg, err.msg);
	return st;
}

static void
test_roundtrip(int variable)
{
	size_t n;
	unsigned char *b = make_stream(&n, variable, 1);
	FILE *fp = fmemopen(b, n, "r");
	struct hop_err err;
	struct hop_reader *r = hop_reader_open(fp, "mem", &err);
	const struct hop_header *h;
	struct hop_record rec;
	struct hop_frame fr;
	struct hop_atom a;
	struct hop_event hp;
	int f;

	T_OK("reader opens a written stream", r != NULL);
	if (r == NULL)
		return;
	h = hop_reader_header(r);
	T_EQ_U("header natoms", h->natoms, 5);
	T_EQ_U("header nspecies", h->nspecies, 2);
	T_OK("species names", strcmp(h->species[0].name, "Li") == 0 &&
	    strcmp(h->species[1].name, "O") == 0);
	T_EQ_U("species counts", h->species[0].count * 10 +
	    h->species[1].count, 32);
	T_EQ_U("orig index", h->orig_index[4], 14);
	T_EQ_U("coords", h->coords, HOP_COORDS_CARTESIAN_UNWRAPPED);
	T_NEAR("dt", h->dt_fs, 100, 0);
	T_NEAR("temperature", h->temperature_K, 600, 0);
	T_NEAR("cell", h->cell[5], 1.25, 0);
	T_EQ_U("nframes", h->nframes, 3);
	T_OK("title", strcmp(h->title, "test title") == 0);
	T_EQ_U("one provenance entry", h->nprov, 1);
	T_OK("provenance command line is shell-quoted",
	    strcmp(h->prov[0].cmdline,
	    "xdat2bin --species 'Li O' 'it'\\''s'") == 0);
	T_EQ_U("species of slot 3", hop_header_species_of(h, 3), 1);
	for (f = 0; f < 3; f++) {
		T_OK("frame record", hop_reader_next(r, &rec, &err) == 1 &&
		    rec.type == HOP_REC_FRAME);
		T_OK("frame decodes", hop_frame_decode(r, &rec, &fr, &err) == 0);
		T_EQ_U("frame index", fr.index, (uint64_t)f * 5);
		T_NEAR("frame position", fr.pos[14], f * 100 + 14.125, 0);
		T_NEAR("frame cell", fr.cell[8], variable ? f + 8 : 10.5, 0);
	}
	T_OK("atom record", hop_reader_next(r, &rec, &err) == 1 &&
	    hop_atom_decode(r, &rec, &a, &err) == 0);
	T_OK("atom fields", a.atom == 11 && a.nclusters == 2 &&
	    a.silhouette == 0.75 && isnan(a.vib_rms_A));
	T_OK("hop record", hop_reader_next(r, &rec, &err) == 1 &&
	    hop_event_decode(r, &rec, &hp, &err) == 0);
	T_OK("hop fields", hp.start == 1 && hp.end == 2 &&
	    hp.flags == HOP_EVENT_BACK && hp.to_centre[2] == 6 &&
	    hp.end_pos[1] == 5.5);
	T_OK("a frame decoded as a hop is refused",
	    hop_frame_decode(r, &rec, &fr, &err) == -1 &&
	    strstr(err.msg, "hop record where a frame") != NULL);
	T_OK("end marker", hop_reader_next(r, &rec, &err) == 0);
	T_EQ_U("frames counted", hop_reader_frames(r), 3);
	hop_reader_free(r);
	fclose(fp);
	free(b);
}

static void
test_damage(void)
{
	size_t n, i;
	unsigned char *b = make_stream(&n, 1, 1);
	char msg[HOP_ERR_MAX];
	int nf, undetected = 0, truncated_ok = 1;

	T_OK("intact stream reads", read_all(b, n, msg, &nf) == 0 && nf == 3);
	/* Every single-byte change anywhere is detected. */
	for (i = 0; i < n; i++) {
		b[i] ^= 0x20;
		if (read_all(b, n, msg, &nf) != -1)
			undetected++;
		b[i] ^= 0x20;
	}
	T_EQ_U("every flipped byte is detected", undetected, 0);
	/* Every truncation is detected. */
	for (i = 0; i < n; i++)
		if (read_all(b, i, msg, &nf) != -1)
			truncated_ok = 0;
	T_OK("every truncation is detected", truncated_ok);
	read_all(b, n - 20, msg, &nf);
	T_OK("truncation message", strstr(msg, "truncated") != NULL);
	read_all(b, 0, msg, &nf);
	T_OK("empty input message", strstr(msg, "empty input") != NULL);
	read_all((const unsigned char *)"Li192 P32\n1.0\n", 14, msg, &nf);
	T_OK("text input message", strstr(msg, "starts with text") != NULL);
	b[8] = 2;
	read_all(b, n, msg, &nf);
	T_OK("newer major version refused",
	    strstr(msg, "unsupported hop stream version 2.0") != NULL);
	free(b);

	b = make_stream(&n, 0, 0);
	read_all(b, n, msg, &nf);
	T_OK("unfinished stream reports a missing end marker",
	    strstr(msg, "no end marker after 5 records") != NULL);
	free(b);
}

/* The stream of make_stream with header field at body offset off set to
 * v and the header's checksum made right again; read with read_all. */
static int
read_with_header_double(size_t off, double v, char *msg)
{
	size_t n, L;
	unsigned char *b = make_stream(&n, 0, 1);
	int nf, st;

	L = hop_ld32(b + 12);
	hop_stf64(b + 16 + off, v);
	hop_st32(b + 16 + L, (uint32_t)crc32(0, b, (uInt)(16 + L)));
	st = read_all(b, n, msg, &nf);
	free(b);
	return st;
}

static void
test_header_numbers(void)
{
	static const struct {
		size_t off;
		double v;
		const char *msg;
	} bad[] = {
		{16, 0, "mem: invalid header: dt_fs 0 is not a time between "
		    "frames (NaN if unknown, else above 0 and at most 1e+12 "
		    "fs)"},
		{16, -10, "mem: invalid header: dt_fs -10 is not a time "
		    "between frames (NaN if unknown, else above 0 and at "
		    "most 1e+12 fs)"},
		{16, INFINITY, "mem: invalid header: dt_fs inf is not a time "
		    "between frames (NaN if unknown, else above 0 and at "
		    "most 1e+12 fs)"},
		{16, 1e300, "mem: invalid header: dt_fs 1e+300 is not a time "
		    "between frames (NaN if unknown, else above 0 and at "
		    "most 1e+12 fs)"},
		{24, -5, "mem: invalid header: temperature_K -5 is out of "
		    "range (NaN or 0 if unknown, else 1e-06 to 1e+07 K)"},
		{24, 1e-300, "mem: invalid header: temperature_K 1e-300 is "
		    "out of range (NaN or 0 if unknown, else 1e-06 to 1e+07 "
		    "K)"},
		{24, INFINITY, "mem: invalid header: temperature_K inf is out "
		    "of range (NaN or 0 if unknown, else 1e-06 to 1e+07 K)"},
		{24, 2e7, "mem: invalid header: temperature_K 2e+07 is out of "
		    "range (NaN or 0 if unknown, else 1e-06 to 1e+07 K)"},
		{32 + 8 * 4, NAN, "mem: invalid header: cell component 5 is "
		    "nan (not finite)"},
		{32, -INFINITY, "mem: invalid header: cell component 1 is "
		    "-inf (not finite)"},
	};
	char msg[HOP_ERR_MAX], name[128];
	struct hop_header h;
	struct hop_err err;
	struct hop_writer *w;
	struct hop_reader *r;
	size_t i, n;
	unsigned char *b;
	FILE *fp;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(name, sizeof(name), "header field %zu = %g refused "
		    "by the reader", bad[i].off, bad[i].v);
		T_OK(name, read_with_header_double(bad[i].off, bad[i].v,
		    msg) == -1 && strcmp(msg, bad[i].msg) == 0);
		if (strcmp(msg, bad[i].msg) != 0)
			printf("# got '%s'\n", msg);
		make_header(&h, 0);
		if (bad[i].off < 32)
			*(bad[i].off == 16 ? &h.dt_fs : &h.temperature_K) =
			    bad[i].v;
		else
			h.cell[(bad[i].off - 32) / 8] = bad[i].v;
		fp = fopen("/dev/null", "w");
		err.msg[0] = '\0';
		w = hop_writer_open(fp, "mem", &h, &err);
		snprintf(name, sizeof(name), "header field %zu = %g refused "
		    "by the writer", bad[i].off, bad[i].v);
		T_OK(name, w == NULL && strcmp(err.msg, bad[i].msg) == 0);
		hop_writer_free(w);
		fclose(fp);
		hop_header_free(&h);
	}
	/* The limits themselves and unknown values are taken. */
	T_OK("dt_fs NaN (unknown) read",
	    read_with_header_double(16, NAN, msg) == 0);
	T_OK("dt_fs 1e12 read", read_with_header_double(16, 1e12, msg) == 0);
	T_OK("temperature_K NaN read",
	    read_with_header_double(24, NAN, msg) == 0);
	T_OK("temperature_K 1e-6 read",
	    read_with_header_double(24, 1e-6, msg) == 0);
	T_OK("temperature_K 1e7 read",
	    read_with_header_double(24, 1e7, msg) == 0);
	T_OK("a zero cell read (no check of singular cells here)",
	    read_with_header_double(32, 0, msg) == 0);
	/* 0 K is unknown: read as NaN. */
	make_header(&h, 0);
	h.temperature_K = 0;
	b = NULL;
	fp = open_memstream((char **)&b, &n);
	w = hop_writer_open(fp, "mem", &h, &err);
	T_OK("a writer takes temperature_K 0", w != NULL);
	hop_writer_finish(w, &err);
	hop_writer_free(w);
	hop_header_free(&h);
	fclose(fp);
	fp = fmemopen(b, n, "r");
	r = hop_reader_open(fp, "mem", &err);
	T_OK("temperature_K 0 is read as NaN (unknown)", r != NULL &&
	    isnan(hop_reader_header(r)->temperature_K));
	hop_reader_free(r);
	fclose(fp);
	free(b);
}

/* No two species of one name: the writer refuses such a header, and the
 * reader a stream whose second name was made the first's (the header's
 * checksum made right again). */
static void
test_species_names(void)
{
	const char *want = "mem: invalid header: species 1 and 2 are both "
	    "'Li' (one name per species)";
	char msg[HOP_ERR_MAX];
	struct hop_header h;
	struct hop_err err;
	struct hop_writer *w;
	unsigned char *b = NULL;
	size_t n = 0, i, L;
	FILE *fp;
	int nf, found = 0;

	make_header(&h, 0);
	strcpy(h.species[1].name, "Li");
	fp = fopen("/dev/null", "w");
	err.msg[0] = '\0';
	w = hop_writer_open(fp, "mem", &h, &err);
	T_OK("the writer refuses two species named Li", w == NULL &&
	    strcmp(err.msg, want) == 0);
	if (strcmp(err.msg, want) != 0)
		printf("# got '%s'\n", err.msg);
	hop_writer_free(w);
	fclose(fp);
	strcpy(h.species[1].name, "Lx");
	fp = open_memstream((char **)&b, &n);
	w = hop_writer_open(fp, "mem", &h, &err);
	T_OK("Li and Lx written", w != NULL &&
	    hop_writer_finish(w, &err) == 0);
	hop_writer_free(w);
	hop_header_free(&h);
	fclose(fp);
	L = hop_ld32(b + 12);
	for (i = 16; i + 2 <= 16 + L; i++)
		if (b[i] == 'L' && b[i + 1] == 'x') {
			b[i + 1] = 'i';
			found++;
		}
	hop_st32(b + 16 + L, (uint32_t)crc32(0, b, (uInt)(16 + L)));
	T_OK("the reader refuses two species named Li", found == 1 &&
	    read_all(b, n, msg, &nf) == -1 && strcmp(msg, want) == 0);
	if (strcmp(msg, want) != 0)
		printf("# got '%s'\n", msg);
	free(b);
}

/* A hop record with a non-finite position or centre is refused, naming
 * the record, the atom and the field; the writer does not write one.
 * (The reader's record is made by writing a sentinel, replacing it in
 * the bytes and setting the record's checksum again.) */
static void
test_hop_finite(void)
{
	static const char *const field[4] = {"from_centre", "to_centre",
	    "start_pos", "end_pos"};
	static const struct hop_event hp0 = {11, 1, 0, 0, 1, 2, 0, 1,
	    {1, 2, 3}, {4, 5, 6}, {1.5, 2, 3}, {4, 5.5, 6}};
	struct hop_header h;
	struct hop_writer *w;
	struct hop_reader *r;
	struct hop_record rec;
	struct hop_event hp, got;
	struct hop_err err;
	char *b, want[HOP_ERR_MAX], name[64];
	unsigned char mark[8], *at;
	size_t n, i;
	FILE *fp;
	int k, ok, wrote;

	for (k = 0; k < 12; k++) {
		double *f[4];

		hp = hp0;
		f[0] = hp.from_centre;
		f[1] = hp.to_centre;
		f[2] = hp.start_pos;
		f[3] = hp.end_pos;
		f[k / 3][k % 3] = k % 2 ? INFINITY : NAN;
		make_header(&h, 0);
		b = NULL;
		fp = open_memstream(&b, &n);
		w = hop_writer_open(fp, "mem", &h, &err);
		wrote = hop_write_hop(w, &hp, &err) == 0;
		snprintf(name, sizeof(name), "the writer refuses a non-finite "
		    "%s[%d]", field[k / 3], k % 3);
		T_OK(name, !wrote && strcmp(err.msg, "mem: a hop of atom 11 "
		    "with a position that is not finite") == 0);
		f[k / 3][k % 3] = 98765.4321;
		hop_write_hop(w, &hp, &err);
		hop_writer_finish(w, &err);
		hop_writer_free(w);
		hop_header_free(&h);
		fclose(fp);
		hop_stf64(mark, 98765.4321);
		for (at = NULL, i = 0; i + 8 <= n && at == NULL; i++)
			if (memcmp(b + i, mark, 8) == 0)
				at = (unsigned char *)b + i;
		if (at != NULL) {
			unsigned char *rp = at - (40 + 8 * k) - 8;

			hop_stf64(at, k % 2 ? INFINITY : NAN);
			hop_st32(rp + 8 + HOP_EVENT_PAYLOAD, (uint32_t)crc32(0,
			    rp, 8 + HOP_EVENT_PAYLOAD));
		}
		fp = fmemopen(b, n, "r");
		r = hop_reader_open(fp, "mem", &err);
		ok = at != NULL && r != NULL &&
		    hop_reader_next(r, &rec, &err) == 1 &&
		    hop_event_decode(r, &rec, &got, &err) == -1;
		snprintf(want, sizeof(want), "mem: record 1: invalid hop "
		    "record (atom 11: %s is not finite)", field[k / 3]);
		snprintf(name, sizeof(name), "hop with a non-finite %s[%d] "
		    "refused", field[k / 3], k % 3);
		T_OK(name, ok && strcmp(err.msg, want) == 0);
		hop_reader_free(r);
		fclose(fp);
		free(b);
	}
}

int
main(void)
{
	test_roundtrip(0);
	test_roundtrip(1);
	test_damage();
	test_header_numbers();
	test_species_names();
	test_hop_finite();
	return t_done();
}
