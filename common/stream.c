/*
 * stream.c - reader and writer of the hop stream (see stream.h and
 * man/hopstream.5).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "le.h"
#include "stream.h"
#include "outfile.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HOP_LITTLE_ENDIAN 1
#else
#define HOP_LITTLE_ENDIAN 0
#endif

/*
 * A fuzzer cannot forge CRC-32s, so in a fuzzing build (the macro libFuzzer
 * users agree on) checksums are computed but a mismatch is let through:
 * the mutated bytes then reach the parsing code behind the checks.
 */
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#define CRC_BAD(c, want) ((void)(c), (void)(want), 0)
#else
#define CRC_BAD(c, want) ((c) != (want))
#endif

#define HEAD_FIXED 16u   /* magic, major, minor, header length */
#define SNIFF_LEN 1024u  /* bytes looked at to say what a non-stream is */
#define HEAD_V10 112u    /* fixed part of the 1.0 header payload */

static uint32_t
crc(uint32_t c, const void *p, size_t n)
{
	const unsigned char *b = p;

	/* zlib's crc32 takes a uInt length; feed large buffers in pieces. */
	while (n > 0) {
		uInt k = n > (1u << 30) ? (1u << 30) : (uInt)n;
		c = (uint32_t)crc32(c, b, k);
		b += k;
		n -= k;
	}
	return c;
}

/* --- header helpers --- */

void
hop_header_init(struct hop_header *h)
{
	memset(h, 0, sizeof(*h));
	h->dt_fs = NAN;
	h->temperature_K = NAN;
	h->coords = HOP_COORDS_FRACTIONAL;
}

void
hop_header_free(struct hop_header *h)
{
	uint32_t i;

	free(h->species);
	free(h->orig_index);
	free(h->title);
	for (i = 0; i < h->nprov; i++) {
		free(h->prov[i].program);
		free(h->prov[i].version);
		free(h->prov[i].cmdline);
	}
	free(h->prov);
	hop_header_init(h);
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

int
hop_header_copy(struct hop_header *dst, const struct hop_header *src,
    struct hop_err *err)
{
	uint32_t i;

	*dst = *src;
	dst->species = NULL;
	dst->orig_index = NULL;
	dst->title = NULL;
	dst->prov = NULL;
	dst->nprov = 0;
	if (src->nspecies > 0) {
		dst->species = calloc(src->nspecies, sizeof(*dst->species));
		if (dst->species == NULL)
			goto nomem;
		memcpy(dst->species, src->species,
		    src->nspecies * sizeof(*dst->species));
	}
	if (src->natoms > 0) {
		dst->orig_index = calloc(src->natoms, sizeof(uint32_t));
		if (dst->orig_index == NULL)
			goto nomem;
		memcpy(dst->orig_index, src->orig_index,
		    src->natoms * sizeof(uint32_t));
	}
	dst->title = xstrdup(src->title != NULL ? src->title : "");
	if (dst->title == NULL)
		goto nomem;
	if (src->nprov > 0) {
		dst->prov = calloc(src->nprov, sizeof(*dst->prov));
		if (dst->prov == NULL)
			goto nomem;
		for (i = 0; i < src->nprov; i++) {
			dst->nprov = i + 1;
			dst->prov[i].program = xstrdup(src->prov[i].program);
			dst->prov[i].version = xstrdup(src->prov[i].version);
			dst->prov[i].cmdline = xstrdup(src->prov[i].cmdline);
			if (dst->prov[i].program == NULL ||
			    dst->prov[i].version == NULL ||
			    dst->prov[i].cmdline == NULL)
				goto nomem;
		}
	}
	return 0;
nomem:
	hop_header_free(dst);
	hop_err_set(err, "out of memory copying the stream header");
	return -1;
}

/* Append s to a growing buffer, quoted for a POSIX shell when needed. */
static int
append_quoted(char **buf, size_t *len, size_t *cap, const char *s)
{
	size_t need = strlen(s) * 4 + 4;
	int plain = *s != '\0';
	const char *p;
	char *o;

	for (p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && strchr("_./:=,+-@%^", *p) == NULL)
			plain = 0;
	if (*len + need + 1 > *cap) {
		size_t ncap = (*len + need + 1) * 2;
		char *nb = realloc(*buf, ncap);

		if (nb == NULL)
			return -1;
		*buf = nb;
		*cap = ncap;
	}
	o = *buf + *len;
	if (*len > 0)
		*o++ = ' ';
	if (plain) {
		for (p = s; *p; p++)
			*o++ = *p;
	} else {
		*o++ = '\'';
		for (p = s; *p; p++) {
			if (*p == '\'') {
				memcpy(o, "'\\''", 4);
				o += 4;
			} else {
				*o++ = *p;
			}
		}
		*o++ = '\'';
	}
	*o = '\0';
	*len = (size_t)(o - *buf);
	return 0;
}

int
hop_header_add_prov(struct hop_header *h, const char *program,
    const char *version, int argc, char **argv, struct hop_err *err)
{
	struct hop_prov *np;
	char *cmd = NULL;
	size_t len = 0, cap = 0;
	int i;

	np = realloc(h->prov, (h->nprov + 1) * sizeof(*np));
	if (np == NULL)
		goto nomem;
	h->prov = np;
	for (i = 0; i < argc; i++)
		if (append_quoted(&cmd, &len, &cap, argv[i]) != 0)
			goto nomem;
	if (cmd == NULL && (cmd = xstrdup("")) == NULL)
		goto nomem;
	np = &h->prov[h->nprov];
	np->program = xstrdup(program);
	np->version = xstrdup(version);
	np->cmdline = cmd;
	if (np->program == NULL || np->version == NULL) {
		free(np->program);
		free(np->version);
		goto nomem;
	}
	h->nprov++;
	return 0;
nomem:
	free(cmd);
	hop_err_set(err, "out of memory adding provenance");
	return -1;
}

uint32_t
hop_header_species_of(const struct hop_header *h, uint32_t slot)
{
	uint32_t s, end = 0;

	for (s = 0; s < h->nspecies; s++) {
		end += h->species[s].count;
		if (slot < end)
			return s;
	}
	return h->nspecies > 0 ? h->nspecies - 1 : 0;
}

uint64_t
hop_frame_payload_len(const struct hop_header *h)
{
	return 8 + ((h->flags & HOP_FLAG_VARIABLE_CELL) ? 72 : 0) +
	    (uint64_t)h->natoms * 24;
}

const char *
hop_coords_name(uint32_t coords)
{
	switch (coords) {
	case HOP_COORDS_FRACTIONAL:
		return "fractional";
	case HOP_COORDS_CARTESIAN_UNWRAPPED:
		return "cartesian-unwrapped";
	default:
		return "unknown";
	}
}

/* hop_header_check's check of the species table: no name twice. */
static int
check_names(const struct hop_header *h, struct hop_err *err)
{
	uint32_t s, u;

	for (s = 1; s < h->nspecies; s++)
		for (u = 0; u < s; u++) {
			if (strcmp(h->species[u].name, h->species[s].name) != 0)
				continue;
			hop_err_set(err, "invalid header: species %u and %u are "
			    "both '%s' (one name per species)", u + 1, s + 1,
			    h->species[s].name);
			return -1;
		}
	return 0;
}

int
hop_header_check(const struct hop_header *h, struct hop_err *err)
{
	double t = h->temperature_K;
	int k;

	if (!isnan(h->dt_fs) && !(h->dt_fs > 0 && h->dt_fs <= HOP_DT_MAX_FS)) {
		hop_err_set(err, "invalid header: dt_fs %g is not a time "
		    "between frames (NaN if unknown, else above 0 and at most "
		    "%g fs)", h->dt_fs, HOP_DT_MAX_FS);
		return -1;
	}
	if (!isnan(t) && t != 0 && !(t >= HOP_T_MIN_K && t <= HOP_T_MAX_K)) {
		hop_err_set(err, "invalid header: temperature_K %g is out of "
		    "range (NaN or 0 if unknown, else %g to %g K)", t,
		    HOP_T_MIN_K, HOP_T_MAX_K);
		return -1;
	}
	for (k = 0; k < 9; k++)
		if (!isfinite(h->cell[k])) {
			hop_err_set(err, "invalid header: cell component %d "
			    "is %g (not finite)", k + 1, h->cell[k]);
			return -1;
		}
	return h->species != NULL ? check_names(h, err) : 0;
}

/* --- reading --- */

struct hop_reader {
	FILE *fp;
	char *name;
	struct hop_header h;
	unsigned char *buf; /* the current record: type, len, payload, crc */
	size_t cap;
	uint64_t nrec, nframes, natoms, nhops;
	unsigned minor; /* the stream's minor version */
	int done;
	int owns_fp;
};

/* Read up to n bytes; returns how many were read (short only at EOF or
 * on error, which the caller tells apart with ferror). */
static size_t
readn(FILE *fp, void *p, size_t n)
{
	return fread(p, 1, n, fp);
}

/* A cursor over a header payload, with bounds checks. */
struct cur {
	const unsigned char *p, *end;
	int bad;
};

static const unsigned char *
take(struct cur *c, size_t n)
{
	const unsigned char *p = c->p;

	if (c->bad || (size_t)(c->end - c->p) < n) {
		c->bad = 1;
		return NULL;
	}
	c->p += n;
	return p;
}

static uint32_t
take32(struct cur *c)
{
	const unsigned char *p = take(c, 4);

	return p != NULL ? hop_ld32(p) : 0;
}

/* A length-prefixed string (u32 length, bytes), limited to max bytes. */
static char *
take_str(struct cur *c, uint32_t max)
{
	uint32_t n = take32(c);
	const unsigned char *p;
	char *s;

	if (c->bad || n > max || (p = take(c, n)) == NULL) {
		c->bad = 1;
		return NULL;
	}
	if ((s = malloc((size_t)n + 1)) == NULL) {
		c->bad = 2;
		return NULL;
	}
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

static int
parse_header(struct hop_reader *r, const unsigned char *p, size_t n,
    struct hop_err *err)
{
	struct hop_header *h = &r->h;
	struct cur c = {p, p + n, 0};
	uint64_t total = 0;
	uint32_t i;
	int k;

	if (n < HEAD_V10) {
		hop_err_set(err, "%s: invalid header (%zu bytes, at least %u "
		    "expected)", r->name, n, HEAD_V10);
		return -1;
	}
	h->natoms = hop_ld32(p);
	h->nspecies = hop_ld32(p + 4);
	h->coords = hop_ld32(p + 8);
	h->flags = hop_ld32(p + 12);
	h->dt_fs = hop_ldf64(p + 16);
	h->temperature_K = hop_ldf64(p + 24);
	for (k = 0; k < 9; k++)
		h->cell[k] = hop_ldf64(p + 32 + 8 * k);
	h->nframes = hop_ld64(p + 104);
	c.p = p + HEAD_V10;
	if (h->natoms > HOP_MAX_ATOMS) {
		hop_err_set(err, "%s: header claims %u atoms, more than the "
		    "limit of %u", r->name, h->natoms, HOP_MAX_ATOMS);
		return -1;
	}
	if (h->nspecies > HOP_MAX_SPECIES || (h->nspecies == 0 && h->natoms)) {
		hop_err_set(err, "%s: invalid header: %u species", r->name,
		    h->nspecies);
		return -1;
	}
	if (h->coords > HOP_COORDS_CARTESIAN_UNWRAPPED) {
		hop_err_set(err, "%s: invalid header: unknown coordinate kind "
		    "%u", r->name, h->coords);
		return -1;
	}
	if (h->flags & ~HOP_FLAGS_KNOWN) {
		hop_err_set(err, "%s: invalid header: reserved flags 0x%x set",
		    r->name, h->flags & ~HOP_FLAGS_KNOWN);
		return -1;
	}
	if (hop_header_check(h, err) != 0) {
		hop_err_prefix(err, r->name);
		return -1;
	}
	if (h->temperature_K == 0)
		h->temperature_K = NAN; /* unknown, as older writers said */
	/* Every count is checked against the bytes actually present before
	 * anything is allocated for it. */
	if ((size_t)(c.end - c.p) / 6 < h->nspecies ||
	    (size_t)(c.end - c.p) / 4 < h->natoms) {
		hop_err_set(err, "%s: invalid header: %u species and %u atoms "
		    "do not fit in %zu bytes", r->name, h->nspecies, h->natoms,
		    n);
		return -1;
	}
	if (h->nspecies > 0 &&
	    (h->species = calloc(h->nspecies, sizeof(*h->species))) == NULL)
		goto nomem;
	for (i = 0; i < h->nspecies; i++) {
		uint32_t cnt = take32(&c);
		const unsigned char *q = take(&c, 2);
		uint16_t len = q != NULL ? hop_ld16(q) : 0;

		if (c.bad || len == 0 || len > HOP_MAX_NAME ||
		    (q = take(&c, len)) == NULL) {
			hop_err_set(err, "%s: invalid header: bad species "
			    "entry %u", r->name, i + 1);
			return -1;
		}
		memcpy(h->species[i].name, q, len);
		h->species[i].name[len] = '\0';
		h->species[i].count = cnt;
		total += cnt;
	}
	if (total != h->natoms) {
		hop_err_set(err, "%s: invalid header: species counts add up to "
		    "%llu, not %u atoms", r->name, (unsigned long long)total,
		    h->natoms);
		return -1;
	}
	if (check_names(h, err) != 0) {
		hop_err_prefix(err, r->name);
		return -1;
	}
	if (h->natoms > 0) {
		const unsigned char *q = take(&c, (size_t)h->natoms * 4);

		if (q == NULL) {
			hop_err_set(err, "%s: invalid header: atom index table "
			    "cut short", r->name);
			return -1;
		}
		if ((h->orig_index = malloc((size_t)h->natoms * 4)) == NULL)
			goto nomem;
		for (i = 0; i < h->natoms; i++)
			h->orig_index[i] = hop_ld32(q + 4 * (size_t)i);
	}
	h->title = take_str(&c, (uint32_t)(c.end - c.p));
	h->nprov = take32(&c);
	if (c.bad == 0 && h->nprov > (size_t)(c.end - c.p) / 12) {
		hop_err_set(err, "%s: invalid header: %u provenance entries do "
		    "not fit", r->name, h->nprov);
		h->nprov = 0;
		return -1;
	}
	if (c.bad == 0 && h->nprov > 0 &&
	    (h->prov = calloc(h->nprov, sizeof(*h->prov))) == NULL) {
		h->nprov = 0;
		goto nomem;
	}
	for (i = 0; c.bad == 0 && i < h->nprov; i++) {
		h->prov[i].program = take_str(&c, (uint32_t)(c.end - c.p));
		h->prov[i].version = take_str(&c, (uint32_t)(c.end - c.p));
		h->prov[i].cmdline = take_str(&c, (uint32_t)(c.end - c.p));
	}
	if (c.bad == 2)
		goto nomem;
	if (c.bad) {
		hop_err_set(err, "%s: invalid header: title or provenance cut "
		    "short", r->name);
		return -1;
	}
	/* Bytes left are fields of a newer minor version: skipped. */
	return 0;
nomem:
	hop_err_set(err, "%s: out of memory reading the header", r->name);
	return -1;
}

static int
looks_like_text(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isprint(p[i]) && !isspace(p[i]))
			return 0;
	return n > 0;
}

/* One line of p[0..n) from *at: its bounds, *at moved past it. 0 at the
 * end. */
static int
next_line(const unsigned char *p, size_t n, size_t *at, size_t *b,
    size_t *e)
{
	if (*at >= n)
		return 0;
	*b = *at;
	while (*at < n && p[*at] != '\n')
		(*at)++;
	*e = *at;
	if (*at < n)
		(*at)++;
	return 1;
}

/* How many numbers the line holds, -1 when it holds anything else. */
static int
line_numbers(const unsigned char *p, size_t b, size_t e)
{
	char buf[256], *s, *end;
	int k = 0;

	if (e - b >= sizeof(buf))
		return -1;
	memcpy(buf, p + b, e - b);
	buf[e - b] = '\0';
	for (s = buf;;) {
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			return k;
		(void)strtod(s, &end);
		if (end == s)
			return -1;
		s = end;
		k++;
	}
}

/*
 * What the first n bytes of an input that is not a stream look like, so
 * that the message can say which converter it needs: "gzip-compressed
 * data", "an XDATCAR trajectory" and so on, with *conv the converter to
 * name and, for compressed data (a trajectory, or a compressed stream),
 * *unz the decompressor.  NULL when nothing is recognised.  Compressed data
 * and archives are what xdat2bin reads most often; text is told apart by
 * its first lines (a LAMMPS dump starts with "ITEM:", an XYZ file with an
 * atom count alone on its line, an XDATCAR with a title and a scale
 * factor).
 */
static const char *
sniff(const unsigned char *p, size_t n, const char **conv,
    const char **unz)
{
	static const struct {
		const char *magic;
		size_t len;
		const char *what, *unz;
	} zs[] = {
		{"\x1f\x8b", 2, "gzip-compressed data", "zcat"},
		{"\xfd" "7zXZ\0", 6, "xz-compressed data", "xzcat"},
		{"BZh", 3, "bzip2-compressed data", "bzcat"},
		{"\x28\xb5\x2f\xfd", 4, "zstd-compressed data", "zstdcat"},
	};
	size_t at = 0, b, e, i;
	int k;

	*conv = "xdat2bin";
	*unz = NULL;
	for (i = 0; i < sizeof(zs) / sizeof(zs[0]); i++)
		if (n >= zs[i].len && memcmp(p, zs[i].magic, zs[i].len) == 0) {
			*unz = zs[i].unz;
			return zs[i].what;
		}
	if (n >= 4 && memcmp(p, "PK\x03\x04", 4) == 0)
		return "a zip archive of a trajectory";
	if (n >= 262 && memcmp(p + 257, "ustar", 5) == 0)
		return "a tar archive of a trajectory";
	if (!looks_like_text(p, n < HEAD_FIXED ? n : HEAD_FIXED))
		return NULL;
	while (at < n && isspace(p[at]))
		at++;
	if (n - at >= 5 && memcmp(p + at, "ITEM:", 5) == 0) {
		*conv = "lmp2bin";
		return "a LAMMPS dump trajectory";
	}
	if (!next_line(p, n, &at, &b, &e))
		return NULL;
	if (line_numbers(p, b, e) == 1) {
		*conv = "xyz2bin";
		return "an XYZ trajectory";
	}
	/* An XDATCAR: a title, then a scale factor (or three). */
	if (next_line(p, n, &at, &b, &e) &&
	    ((k = line_numbers(p, b, e)) == 1 || k == 3))
		return "an XDATCAR trajectory";
	return NULL;
}

/* The message for an input without the magic: what it seems to be. */
static void
not_a_stream(const char *name, const unsigned char *p, size_t n,
    struct hop_err *err)
{
	const char *conv, *unz, *what = sniff(p, n, &conv, &unz);
	const char *file = strcmp(name, "<stdin>") == 0 ? "FILE" : name;
	int text = looks_like_text(p, n < HEAD_FIXED ? n : HEAD_FIXED);

	if (what != NULL && unz != NULL)
		hop_err_set(err, "%s: not a hop stream (bad magic; it looks "
		    "like %s): convert a trajectory first, e.g. %s %s | "
		    "unwrap; decompress a compressed stream first (%s %s)",
		    name, what, conv, file, unz, file);
	else if (what != NULL)
		hop_err_set(err, "%s: not a hop stream (%s; it looks like %s): "
		    "convert it first, e.g. %s %s | unwrap", name,
		    text ? "it starts with text" : "bad magic", what, conv,
		    file);
	else if (text)
		hop_err_set(err, "%s: not a hop stream (it starts with text: "
		    "a trajectory is converted first, with xdat2bin, lmp2bin, "
		    "xyz2bin, vasprun2bin, traj2bin or h52bin, then unwrap; "
		    "a table is read by other tools)", name);
	else
		hop_err_set(err, "%s: not a hop stream (bad magic)", name);
}

struct hop_reader *
hop_reader_open(FILE *fp, const char *name, struct hop_err *err)
{
	struct hop_reader *r;
	unsigned char fixed[HEAD_FIXED];
	unsigned char *hb = NULL;
	uint32_t hlen, c;
	size_t got;

	/* No output of this run may replace it (outfile.h). */
	if (hop_outfile_protect(fileno(fp), name, err) != 0)
		return NULL;
	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->name = xstrdup(name)) == NULL) {
		free(r);
		hop_err_set(err, "%s: out of memory", name);
		return NULL;
	}
	r->fp = fp;
	hop_header_init(&r->h);
	got = readn(fp, fixed, HEAD_FIXED);
	if (got < HEAD_FIXED && ferror(fp)) {
		hop_err_set(err, "%s: read error: %s", name, strerror(errno));
		goto fail;
	}
	if (got == 0) {
		hop_err_set(err, "%s: empty input (expected a hop stream)",
		    name);
		goto fail;
	}
	if (got < HOP_MAGIC_LEN ||
	    memcmp(fixed, HOP_MAGIC, HOP_MAGIC_LEN) != 0) {
		/* A little more of what is no stream, to say what it is. */
		unsigned char peek[SNIFF_LEN];

		memcpy(peek, fixed, got);
		if (got == HEAD_FIXED)
			got += readn(fp, peek + got, sizeof(peek) - got);
		not_a_stream(name, peek, got, err);
		goto fail;
	}
	if (got < HEAD_FIXED) {
		hop_err_set(err, "%s: truncated header (%zu of %u bytes)",
		    name, got, HEAD_FIXED);
		goto fail;
	}
	if (hop_ld16(fixed + 8) != HOP_VERSION_MAJOR) {
		hop_err_set(err, "%s: unsupported hop stream version %u.%u "
		    "(this program reads %u.x)", name, hop_ld16(fixed + 8),
		    hop_ld16(fixed + 10), HOP_VERSION_MAJOR);
		goto fail;
	}
	r->minor = hop_ld16(fixed + 10);
	hlen = hop_ld32(fixed + 12);
	if (hlen > HOP_MAX_HEADER) {
		hop_err_set(err, "%s: invalid header length %u (limit %u)",
		    name, hlen, HOP_MAX_HEADER);
		goto fail;
	}
	/* Grow the buffer as bytes arrive, so that a corrupt length on a
	 * short stream cannot make us allocate a gigabyte. */
	{
		size_t want = (size_t)hlen + 4, have = 0, cap = 0;

		while (have < want) {
			size_t step = want - have, n;
			unsigned char *nb;

			if (step > cap + 65536)
				step = cap + 65536;
			nb = realloc(hb, have + step);
			if (nb == NULL) {
				hop_err_set(err, "%s: out of memory", name);
				goto fail;
			}
			hb = nb;
			cap = have + step;
			n = readn(fp, hb + have, step);
			have += n;
			if (n < step) {
				if (ferror(fp))
					hop_err_set(err, "%s: read error: %s",
					    name, strerror(errno));
				else
					hop_err_set(err, "%s: truncated header "
					    "(%zu of %zu bytes)", name,
					    HEAD_FIXED + have,
					    HEAD_FIXED + want);
				goto fail;
			}
		}
	}
	c = crc(crc(0, fixed, HEAD_FIXED), hb, hlen);
	if (CRC_BAD(c, hop_ld32(hb + hlen))) {
		hop_err_set(err, "%s: header checksum mismatch (stream "
		    "corrupted)", name);
		goto fail;
	}
	if (parse_header(r, hb, hlen, err) != 0)
		goto fail;
	free(hb);
	return r;
fail:
	free(hb);
	hop_reader_free(r);
	return NULL;
}

struct hop_reader *
hop_reader_open_path(const char *path, struct hop_err *err)
{
	struct hop_reader *r;
	FILE *fp;

	if (path == NULL || strcmp(path, "-") == 0)
		return hop_reader_open(stdin, "<stdin>", err);
	if ((fp = fopen(path, "rb")) == NULL) {
		hop_err_set(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if ((r = hop_reader_open(fp, path, err)) == NULL) {
		fclose(fp);
		return NULL;
	}
	r->owns_fp = 1;
	return r;
}

const char *
hop_reader_name(const struct hop_reader *r)
{
	return r->name;
}

const struct hop_header *
hop_reader_header(const struct hop_reader *r)
{
	return &r->h;
}

uint64_t
hop_reader_frames(const struct hop_reader *r)
{
	return r->nframes;
}

uint64_t
hop_reader_hops(const struct hop_reader *r)
{
	return r->nhops;
}

uint64_t
hop_reader_atoms(const struct hop_reader *r)
{
	return r->natoms;
}

void
hop_reader_free(struct hop_reader *r)
{
	if (r == NULL)
		return;
	hop_header_free(&r->h);
	if (r->owns_fp)
		fclose(r->fp);
	free(r->buf);
	free(r->name);
	free(r);
}

/* The size a known record kind must have, or 0 for unknown kinds. */
static uint64_t
known_len(const struct hop_reader *r, uint32_t type)
{
	switch (type) {
	case HOP_REC_FRAME:
		return hop_frame_payload_len(&r->h);
	case HOP_REC_ATOM:
		return HOP_ATOM_PAYLOAD;
	case HOP_REC_HOP:
		return HOP_EVENT_PAYLOAD;
	case HOP_REC_END:
		return HOP_END_PAYLOAD;
	default:
		return 0;
	}
}

static const char *
type_name(uint32_t type)
{
	switch (type) {
	case HOP_REC_FRAME:
		return "frame";
	case HOP_REC_ATOM:
		return "atom";
	case HOP_REC_HOP:
		return "hop";
	case HOP_REC_END:
		return "end";
	default:
		return "unknown";
	}
}

static int
check_end(struct hop_reader *r, const unsigned char *p, struct hop_err *err)
{
	uint64_t nrec = hop_ld64(p), nf = hop_ld64(p + 8), na = hop_ld64(p + 16),
	    nh = hop_ld64(p + 24);
	unsigned char extra;

	if (nrec != r->nrec || nf != r->nframes || na != r->natoms ||
	    nh != r->nhops) {
		hop_err_set(err, "%s: end marker counts (%llu records, %llu "
		    "frames, %llu atoms, %llu hops) disagree with what was "
		    "read (%llu, %llu, %llu, %llu): stream corrupted", r->name,
		    (unsigned long long)nrec, (unsigned long long)nf,
		    (unsigned long long)na, (unsigned long long)nh,
		    (unsigned long long)r->nrec,
		    (unsigned long long)r->nframes,
		    (unsigned long long)r->natoms,
		    (unsigned long long)r->nhops);
		return -1;
	}
	if (readn(r->fp, &extra, 1) != 0) {
		hop_err_set(err, "%s: unexpected data after the end marker",
		    r->name);
		return -1;
	}
	r->done = 1;
	return 0;
}

int
hop_reader_next(struct hop_reader *r, struct hop_record *rec,
    struct hop_err *err)
{
	unsigned char head[8];
	uint64_t num = r->nrec + 1, want_len;
	uint32_t type, len, c;
	size_t got, total, have;

	if (r->done)
		return 0;
	got = readn(r->fp, head, 8);
	if (got < 8) {
		if (ferror(r->fp))
			hop_err_set(err, "%s: read error: %s", r->name,
			    strerror(errno));
		else if (got == 0)
			hop_err_set(err, "%s: truncated stream: no end marker "
			    "after %llu records", r->name,
			    (unsigned long long)r->nrec);
		else
			hop_err_set(err, "%s: record %llu: truncated (%zu of 8 "
			    "bytes of its head)", r->name,
			    (unsigned long long)num, got);
		return -1;
	}
	type = hop_ld32(head);
	len = hop_ld32(head + 4);
	want_len = known_len(r, type);
	if (len > HOP_MAX_RECORD) {
		hop_err_set(err, "%s: record %llu: invalid length %u (stream "
		    "corrupted)", r->name, (unsigned long long)num, len);
		return -1;
	}
	/* Known kinds have exactly their size in a stream of this minor
	 * version; a newer minor version may append fields, which are
	 * ignored. */
	if (want_len != 0 && (len < want_len ||
	    (len != want_len && r->minor <= HOP_VERSION_MINOR))) {
		hop_err_set(err, "%s: record %llu: invalid %s record (%u bytes, "
		    "%llu expected)", r->name, (unsigned long long)num,
		    type_name(type), len, (unsigned long long)want_len);
		return -1;
	}
	total = (size_t)len + 12;
	have = 8;
	while (have < total) {
		size_t n, step;

		/* Grow as bytes arrive, so that a corrupt length on a short
		 * stream fails as truncation, not as a huge allocation. */
		if (r->cap <= have) {
			size_t ncap = r->cap < 65536 ? 65536 : r->cap * 2;
			unsigned char *nb;

			if (ncap > total)
				ncap = total;
			if ((nb = realloc(r->buf, ncap)) == NULL) {
				hop_err_set(err, "%s: record %llu: out of "
				    "memory", r->name,
				    (unsigned long long)num);
				return -1;
			}
			r->buf = nb;
			r->cap = ncap;
		}
		step = (total < r->cap ? total : r->cap) - have;
		n = readn(r->fp, r->buf + have, step);
		have += n;
		if (n < step) {
			if (ferror(r->fp))
				hop_err_set(err, "%s: read error: %s", r->name,
				    strerror(errno));
			else
				hop_err_set(err, "%s: record %llu: truncated "
				    "(%zu of %zu bytes)", r->name,
				    (unsigned long long)num, have, total);
			return -1;
		}
	}
	memcpy(r->buf, head, 8);
	c = crc(0, r->buf, (size_t)len + 8);
	if (CRC_BAD(c, hop_ld32(r->buf + 8 + len))) {
		hop_err_set(err, "%s: record %llu: checksum mismatch (stream "
		    "corrupted)", r->name, (unsigned long long)num);
		return -1;
	}
	if (type == HOP_REC_END)
		return check_end(r, r->buf + 8, err) == 0 ? 0 : -1;
	r->nrec++;
	if (type == HOP_REC_FRAME)
		r->nframes++;
	else if (type == HOP_REC_ATOM)
		r->natoms++;
	else if (type == HOP_REC_HOP)
		r->nhops++;
	rec->type = type;
	rec->len = len;
	rec->payload = r->buf + 8;
	rec->number = num;
	return 1;
}

static int
check_kind(const struct hop_reader *r, const struct hop_record *rec,
    uint32_t type, struct hop_err *err)
{
	if (rec->type != type) {
		hop_err_set(err, "%s: record %llu: a %s record where a %s "
		    "record was expected", r->name,
		    (unsigned long long)rec->number, type_name(rec->type),
		    type_name(type));
		return -1;
	}
	return 0;
}

int
hop_frame_decode(struct hop_reader *r, const struct hop_record *rec,
    struct hop_frame *fr, struct hop_err *err)
{
	unsigned char *p = rec->payload;
	size_t off = 8, i, n;

	if (check_kind(r, rec, HOP_REC_FRAME, err) != 0)
		return -1;
	fr->index = hop_ld64(p);
	n = (size_t)r->h.natoms * 3;
	if (r->h.flags & HOP_FLAG_VARIABLE_CELL)
		n += 9;
	/* The payload sits 8 bytes into a malloc'ed buffer, so its doubles
	 * are aligned; on little-endian hosts they are used where they lie. */
	if (!HOP_LITTLE_ENDIAN) {
		for (i = 0; i < n; i++) {
			double d = hop_ldf64(p + off + 8 * i);
			memcpy(p + off + 8 * i, &d, 8);
		}
	}
	if (r->h.flags & HOP_FLAG_VARIABLE_CELL) {
		fr->cell = (const double *)(void *)(p + off);
		off += 72;
	} else {
		fr->cell = r->h.cell;
	}
	fr->pos = (const double *)(void *)(p + off);
	return 0;
}

int
hop_atom_decode(const struct hop_reader *r, const struct hop_record *rec,
    struct hop_atom *a, struct hop_err *err)
{
	const unsigned char *p = rec->payload;

	if (check_kind(r, rec, HOP_REC_ATOM, err) != 0)
		return -1;
	a->atom = hop_ld32(p);
	a->slot = hop_ld32(p + 4);
	a->species = hop_ld32(p + 8);
	a->nclusters = hop_ld32(p + 12);
	a->nhops = hop_ld32(p + 16);
	a->flags = hop_ld32(p + 20);
	a->silhouette = hop_ldf64(p + 24);
	a->vib_rms_A = hop_ldf64(p + 32);
	a->site_sep_A = hop_ldf64(p + 40);
	if (a->slot >= r->h.natoms || a->species >= r->h.nspecies) {
		hop_err_set(err, "%s: record %llu: invalid atom record (atom "
		    "slot %u or species %u out of range)", r->name,
		    (unsigned long long)rec->number, a->slot, a->species);
		return -1;
	}
	return 0;
}

int
hop_event_decode(const struct hop_reader *r, const struct hop_record *rec,
    struct hop_event *hp, struct hop_err *err)
{
	const unsigned char *p = rec->payload;
	int k;

	if (check_kind(r, rec, HOP_REC_HOP, err) != 0)
		return -1;
	hp->atom = hop_ld32(p);
	hp->slot = hop_ld32(p + 4);
	hp->species = hop_ld32(p + 8);
	hp->flags = hop_ld32(p + 12);
	hp->start = hop_ld64(p + 16);
	hp->end = hop_ld64(p + 24);
	hp->from_cluster = hop_ld32(p + 32);
	hp->to_cluster = hop_ld32(p + 36);
	for (k = 0; k < 3; k++) {
		hp->from_centre[k] = hop_ldf64(p + 40 + 8 * k);
		hp->to_centre[k] = hop_ldf64(p + 64 + 8 * k);
		hp->start_pos[k] = hop_ldf64(p + 88 + 8 * k);
		hp->end_pos[k] = hop_ldf64(p + 112 + 8 * k);
	}
	if (hp->slot >= r->h.natoms || hp->species >= r->h.nspecies ||
	    hp->end < hp->start ||
	    (r->h.nframes > 0 && hp->end >= r->h.nframes)) {
		hop_err_set(err, "%s: record %llu: invalid hop record (atom "
		    "slot %u, species %u, frames %llu-%llu)", r->name,
		    (unsigned long long)rec->number, hp->slot, hp->species,
		    (unsigned long long)hp->start,
		    (unsigned long long)hp->end);
		return -1;
	}
	for (k = 0; k < 12; k++) {
		static const char *const field[4] = {"from_centre",
		    "to_centre", "start_pos", "end_pos"};

		if (!isfinite(hop_ldf64(p + 40 + 8 * k))) {
			hop_err_set(err, "%s: record %llu: invalid hop record "
			    "(atom %u: %s is not finite)", r->name,
			    (unsigned long long)rec->number, hp->atom,
			    field[k / 3]);
			return -1;
		}
	}
	return 0;
}

/* --- writing --- */

struct hop_writer {
	FILE *fp;
	char *name;
	struct hop_header h;
	unsigned char *scratch; /* for big-endian hosts */
	uint64_t nrec, nframes, natoms, nhops;
};

static int
wfail(struct hop_writer *w, struct hop_err *err)
{
	hop_err_set(err, "%s: write error: %s", w->name, strerror(errno));
	return -1;
}

/* Write type, length, payload pieces and the crc. */
static int
put_record(struct hop_writer *w, uint32_t type, const void *a, size_t alen,
    const void *b, size_t blen, struct hop_err *err)
{
	unsigned char head[8], tail[4];
	uint32_t c;

	hop_st32(head, type);
	hop_st32(head + 4, (uint32_t)(alen + blen));
	c = crc(0, head, 8);
	c = crc(c, a, alen);
	if (blen > 0)
		c = crc(c, b, blen);
	hop_st32(tail, c);
	if (fwrite(head, 1, 8, w->fp) != 8 ||
	    (alen > 0 && fwrite(a, 1, alen, w->fp) != alen) ||
	    (blen > 0 && fwrite(b, 1, blen, w->fp) != blen) ||
	    fwrite(tail, 1, 4, w->fp) != 4)
		return wfail(w, err);
	w->nrec++;
	return 0;
}

/* Serialise the header; returns a malloc'ed buffer of *len bytes. */
static unsigned char *
build_header(const struct hop_header *h, size_t *len)
{
	size_t n = HEAD_FIXED + HEAD_V10 + 4, tl;
	unsigned char *b, *p;
	uint32_t i, j;
	int k;

	for (i = 0; i < h->nspecies; i++)
		n += 6 + strlen(h->species[i].name);
	n += (size_t)h->natoms * 4;
	tl = h->title != NULL ? strlen(h->title) : 0;
	n += 4 + tl + 4;
	for (i = 0; i < h->nprov; i++)
		n += 12 + strlen(h->prov[i].program) +
		    strlen(h->prov[i].version) + strlen(h->prov[i].cmdline);
	if ((b = calloc(1, n)) == NULL)
		return NULL;
	memcpy(b, HOP_MAGIC, HOP_MAGIC_LEN);
	hop_st16(b + 8, HOP_VERSION_MAJOR);
	hop_st16(b + 10, HOP_VERSION_MINOR);
	hop_st32(b + 12, (uint32_t)(n - HEAD_FIXED - 4));
	p = b + HEAD_FIXED;
	hop_st32(p, h->natoms);
	hop_st32(p + 4, h->nspecies);
	hop_st32(p + 8, h->coords);
	hop_st32(p + 12, h->flags);
	hop_stf64(p + 16, h->dt_fs);
	hop_stf64(p + 24, h->temperature_K);
	for (k = 0; k < 9; k++)
		hop_stf64(p + 32 + 8 * k, h->cell[k]);
	hop_st64(p + 104, h->nframes);
	p += HEAD_V10;
	for (i = 0; i < h->nspecies; i++) {
		size_t sl = strlen(h->species[i].name);

		hop_st32(p, h->species[i].count);
		hop_st16(p + 4, (uint16_t)sl);
		memcpy(p + 6, h->species[i].name, sl);
		p += 6 + sl;
	}
	for (i = 0; i < h->natoms; i++, p += 4)
		hop_st32(p, h->orig_index[i]);
	hop_st32(p, (uint32_t)tl);
	memcpy(p + 4, h->title != NULL ? h->title : "", tl);
	p += 4 + tl;
	hop_st32(p, h->nprov);
	p += 4;
	for (i = 0; i < h->nprov; i++) {
		const char *s[3] = {h->prov[i].program, h->prov[i].version,
		    h->prov[i].cmdline};

		for (j = 0; j < 3; j++) {
			size_t sl = strlen(s[j]);

			hop_st32(p, (uint32_t)sl);
			memcpy(p + 4, s[j], sl);
			p += 4 + sl;
		}
	}
	hop_st32(p, crc(0, b, (size_t)(p - b)));
	*len = n;
	return b;
}

struct hop_writer *
hop_writer_open(FILE *fp, const char *name, const struct hop_header *h,
    struct hop_err *err)
{
	struct hop_writer *w;
	unsigned char *hb;
	size_t hlen;
	uint64_t total = 0;
	uint32_t i;

	/* unwrap run.bin >> run.bin would read what it writes. */
	if (hop_outfile_fd_is_input(fileno(fp))) {
		hop_err_set(err, "%s: the output is a file this run reads: "
		    "not writing over it (name another file)", name);
		return NULL;
	}
	for (i = 0; i < h->nspecies; i++) {
		size_t sl = strlen(h->species[i].name);

		if (sl == 0 || sl > HOP_MAX_NAME) {
			hop_err_set(err, "%s: species name '%s' is empty or "
			    "longer than %u bytes", name, h->species[i].name,
			    HOP_MAX_NAME);
			return NULL;
		}
		total += h->species[i].count;
	}
	if (total != h->natoms || h->natoms > HOP_MAX_ATOMS ||
	    h->nspecies > HOP_MAX_SPECIES) {
		hop_err_set(err, "%s: inconsistent header: %u atoms, %u "
		    "species adding up to %llu", name, h->natoms, h->nspecies,
		    (unsigned long long)total);
		return NULL;
	}
	if (hop_header_check(h, err) != 0) {
		hop_err_prefix(err, name);
		return NULL;
	}
	if ((w = calloc(1, sizeof(*w))) == NULL ||
	    (w->name = xstrdup(name)) == NULL ||
	    hop_header_copy(&w->h, h, err) != 0) {
		if (w != NULL)
			free(w->name);
		free(w);
		hop_err_set(err, "%s: out of memory", name);
		return NULL;
	}
	w->fp = fp;
	if ((hb = build_header(h, &hlen)) == NULL) {
		hop_err_set(err, "%s: out of memory", name);
		hop_writer_free(w);
		return NULL;
	}
	if (hlen - HEAD_FIXED - 4 > HOP_MAX_HEADER) {
		hop_err_set(err, "%s: header too large", name);
		free(hb);
		hop_writer_free(w);
		return NULL;
	}
	if (fwrite(hb, 1, hlen, fp) != hlen) {
		wfail(w, err);
		free(hb);
		hop_writer_free(w);
		return NULL;
	}
	free(hb);
	return w;
}

int
hop_write_frame(struct hop_writer *w, uint64_t index, const double *cell,
    const double *pos, struct hop_err *err)
{
	int var = (w->h.flags & HOP_FLAG_VARIABLE_CELL) != 0;
	size_t npos = (size_t)w->h.natoms * 3;
	unsigned char lead[8 + 72];
	size_t leadlen = var ? 80 : 8;
	int k;

	hop_st64(lead, index);
	if (var)
		for (k = 0; k < 9; k++)
			hop_stf64(lead + 8 + 8 * k, cell[k]);
	if (HOP_LITTLE_ENDIAN) {
		if (put_record(w, HOP_REC_FRAME, lead, leadlen, pos, npos * 8,
		    err) != 0)
			return -1;
	} else {
		size_t i;

		if (w->scratch == NULL &&
		    (w->scratch = malloc(npos * 8 + 1)) == NULL) {
			hop_err_set(err, "%s: out of memory", w->name);
			return -1;
		}
		for (i = 0; i < npos; i++)
			hop_stf64(w->scratch + 8 * i, pos[i]);
		if (put_record(w, HOP_REC_FRAME, lead, leadlen, w->scratch,
		    npos * 8, err) != 0)
			return -1;
	}
	w->nframes++;
	return 0;
}

int
hop_write_atom(struct hop_writer *w, const struct hop_atom *a,
    struct hop_err *err)
{
	unsigned char p[HOP_ATOM_PAYLOAD];

	hop_st32(p, a->atom);
	hop_st32(p + 4, a->slot);
	hop_st32(p + 8, a->species);
	hop_st32(p + 12, a->nclusters);
	hop_st32(p + 16, a->nhops);
	hop_st32(p + 20, a->flags);
	hop_stf64(p + 24, a->silhouette);
	hop_stf64(p + 32, a->vib_rms_A);
	hop_stf64(p + 40, a->site_sep_A);
	if (put_record(w, HOP_REC_ATOM, p, sizeof(p), NULL, 0, err) != 0)
		return -1;
	w->natoms++;
	return 0;
}

int
hop_write_hop(struct hop_writer *w, const struct hop_event *hp,
    struct hop_err *err)
{
	unsigned char p[HOP_EVENT_PAYLOAD];
	int k;

	hop_st32(p, hp->atom);
	hop_st32(p + 4, hp->slot);
	hop_st32(p + 8, hp->species);
	hop_st32(p + 12, hp->flags);
	hop_st64(p + 16, hp->start);
	hop_st64(p + 24, hp->end);
	hop_st32(p + 32, hp->from_cluster);
	hop_st32(p + 36, hp->to_cluster);
	for (k = 0; k < 3; k++) {
		hop_stf64(p + 40 + 8 * k, hp->from_centre[k]);
		hop_stf64(p + 64 + 8 * k, hp->to_centre[k]);
		hop_stf64(p + 88 + 8 * k, hp->start_pos[k]);
		hop_stf64(p + 112 + 8 * k, hp->end_pos[k]);
	}
	/* What every reader refuses is not written (hop_event_decode). */
	for (k = 0; k < 12; k++)
		if (!isfinite(hop_ldf64(p + 40 + 8 * k))) {
			hop_err_set(err, "%s: a hop of atom %u with a position "
			    "that is not finite", w->name, hp->atom);
			return -1;
		}
	if (put_record(w, HOP_REC_HOP, p, sizeof(p), NULL, 0, err) != 0)
		return -1;
	w->nhops++;
	return 0;
}

int
hop_write_record(struct hop_writer *w, uint32_t type, const void *payload,
    uint32_t len, struct hop_err *err)
{
	if (type == HOP_REC_END || type == HOP_REC_FRAME ||
	    type == HOP_REC_ATOM || type == HOP_REC_HOP) {
		hop_err_set(err, "%s: internal error: known record kind %u "
		    "written raw", w->name, type);
		return -1;
	}
	return put_record(w, type, payload, len, NULL, 0, err);
}

int
hop_writer_finish(struct hop_writer *w, struct hop_err *err)
{
	unsigned char p[HOP_END_PAYLOAD];

	hop_st64(p, w->nrec);
	hop_st64(p + 8, w->nframes);
	hop_st64(p + 16, w->natoms);
	hop_st64(p + 24, w->nhops);
	if (put_record(w, HOP_REC_END, p, sizeof(p), NULL, 0, err) != 0)
		return -1;
	if (fflush(w->fp) != 0)
		return wfail(w, err);
	return 0;
}

void
hop_writer_free(struct hop_writer *w)
{
	if (w == NULL)
		return;
	hop_header_free(&w->h);
	free(w->scratch);
	free(w->name);
	free(w);
}

int
hop_frame_check_finite(const struct hop_header *h,
    const struct hop_record *rec, const struct hop_frame *fr,
    struct hop_err *err)
{
	size_t i, n = 3 * (size_t)h->natoms;

	for (i = 0; i < n; i++)
		if (!isfinite(fr->pos[i])) {
			hop_err_set(err, "record %llu: atom %u has a "
			    "non-finite coordinate",
			    (unsigned long long)rec->number,
			    h->orig_index[i / 3]);
			return -1;
		}
	return 0;
}
