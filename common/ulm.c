/*
 * ulm.c - ASE trajectory (.traj) reader; the layout is in ulm.h.
 *
 * Every read is positioned (pread on a file, a copy from memory), so the
 * reader jumps from the offset table to an item's JSON and from there to
 * its positions, and never reads the momenta, forces or other arrays it
 * does not need.  Every offset and length is checked against the file's
 * size before it is used.  The JSON is parsed by cJSON.
 */
#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elements.h"
#include "le.h"
#include "stream.h"
#include "ulm.h"

#define ULM_MAGIC "- of Ulm"
#define ULM_TAG "ASE-Trajectory"
#define ULM_VERSION 3
#define ULM_HEADER 48

struct hop_ulm {
	int fd;                   /* -1 when reading memory */
	const unsigned char *mem;
	uint64_t size;            /* bytes in the file */
	const char *name;
	struct hop_ulm_info info;
	uint64_t table;           /* position of the offset table */
	uint64_t next;            /* next item to return */
	int64_t *numbers;
	int64_t *numbers2;        /* a later item's numbers, to compare */
	char *json;               /* one item's JSON, NUL-terminated */
	size_t json_cap;
	unsigned char *raw;       /* one array's bytes */
	size_t raw_cap;
	double *pos;
	double cell[9];
	char *md_type;
};

/* "name: " or "name: frame N: " for messages about item item
 * (NO_ITEM: the header). */
#define NO_ITEM UINT64_MAX
static const char *
where(const struct hop_ulm *u, uint64_t item, char *buf, size_t n)
{
	if (item == NO_ITEM)
		snprintf(buf, n, "%s: ", u->name);
	else
		snprintf(buf, n, "%s: frame %llu: ", u->name,
		    (unsigned long long)item);
	return buf;
}

/* Read len bytes at off into buf, for item item.  0, or -1 with err set
 * (what names what was wanted, for the message). */
static int
read_at(struct hop_ulm *u, uint64_t item, uint64_t off, void *buf,
    size_t len, const char *what, struct hop_err *err)
{
	char w[HOP_ERR_MAX / 2];
	size_t got = 0;

	if (off > u->size || len > u->size - off) {
		hop_err_set(err, "%struncated file: %s (%zu bytes at %llu) "
		    "lies past its end (%llu bytes)", where(u, item, w,
		    sizeof(w)), what, len, (unsigned long long)off,
		    (unsigned long long)u->size);
		return -1;
	}
	if (u->fd < 0) {
		memcpy(buf, u->mem + off, len);
		return 0;
	}
	while (got < len) {
		ssize_t r = pread(u->fd, (char *)buf + got, len - got,
		    (off_t)(off + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			hop_err_set(err, "%s%s: %s", where(u, item, w,
			    sizeof(w)), what, r < 0 ? strerror(errno) : "file shrank while "
			    "being read");
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

/* A non-negative int64 at off. */
static int
read_u63(struct hop_ulm *u, uint64_t item, uint64_t off, uint64_t *v,
    const char *what, struct hop_err *err)
{
	char w[HOP_ERR_MAX / 2];
	unsigned char b[8];

	if (read_at(u, item, off, b, 8, what, err) != 0)
		return -1;
	*v = hop_ld64(b);
	if (*v > (uint64_t)INT64_MAX) {
		hop_err_set(err, "%s%s is negative", where(u, item, w,
		    sizeof(w)), what);
		return -1;
	}
	return 0;
}

/* Grow *buf to at least n bytes.  0 or -1 with err set. */
static int
grow(struct hop_ulm *u, void **buf, size_t *cap, size_t n,
    struct hop_err *err)
{
	void *p;

	if (n <= *cap)
		return 0;
	if ((p = realloc(*buf, n)) == NULL) {
		hop_err_set(err, "%s: out of memory (%zu bytes)", u->name, n);
		return -1;
	}
	*buf = p;
	*cap = n;
	return 0;
}

/* Parse item i's JSON.  Returns the root object, or NULL with err set. */
static cJSON *
read_item(struct hop_ulm *u, uint64_t i, struct hop_err *err)
{
	uint64_t off, n;
	cJSON *root, *le;

	if (read_u63(u, i, u->table + 8 * i, &off, "its offset", err) != 0 ||
	    read_u63(u, i, off, &n, "its description's length", err) != 0)
		return NULL;
	if (n == 0 || n > HOP_ULM_MAX_JSON) {
		hop_err_set(err, "%s: frame %llu: description of %llu bytes "
		    "(want 1 to %u)", u->name, (unsigned long long)i,
		    (unsigned long long)n, HOP_ULM_MAX_JSON);
		return NULL;
	}
	if (grow(u, (void **)&u->json, &u->json_cap, (size_t)n + 1, err) != 0)
		return NULL;
	if (read_at(u, i, off + 8, u->json, (size_t)n, "its description",
	    err) != 0)
		return NULL;
	u->json[n] = '\0';
	if ((root = cJSON_ParseWithLength(u->json, (size_t)n)) == NULL ||
	    !cJSON_IsObject(root)) {
		hop_err_set(err, "%s: frame %llu: its description is not a "
		    "JSON object (NaN or Infinity in it, or a damaged file)",
		    u->name, (unsigned long long)i);
		cJSON_Delete(root);
		return NULL;
	}
	le = cJSON_GetObjectItemCaseSensitive(root, "_little_endian");
	if (le != NULL && !cJSON_IsTrue(le)) {
		hop_err_set(err, "%s: frame %llu: written on a big-endian "
		    "machine (\"_little_endian\": false), which is not "
		    "supported", u->name, (unsigned long long)i);
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

/* An integer-valued JSON number in [lo, hi]. */
static int
json_int(const cJSON *j, double lo, double hi, int64_t *v)
{
	double d;

	if (!cJSON_IsNumber(j))
		return -1;
	d = j->valuedouble;
	if (!(d >= lo && d <= hi) || d != floor(d))
		return -1;
	*v = (int64_t)d;
	return 0;
}

/*
 * The array named key (with its trailing '.') in obj: its shape must be
 * exactly dims (ndim entries), its dtype one of the NULL-terminated
 * dtypes (*which gets the index), its data inside the file.  Returns 1
 * with *off set, 0 when obj has no such key, -1 with err set.
 */
static int
ndarray(struct hop_ulm *u, uint64_t item, const cJSON *obj, const char *key,
    int ndim, const uint64_t *dims, const char *const *dtypes, int *which,
    uint64_t *off, struct hop_err *err)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, key), *nd, *sh;
	const cJSON *d;
	int64_t v;
	int k;

	if (a == NULL)
		return 0;
	nd = cJSON_GetObjectItemCaseSensitive(a, "ndarray");
	if (!cJSON_IsArray(nd) || cJSON_GetArraySize(nd) != 3 ||
	    !cJSON_IsArray(sh = cJSON_GetArrayItem(nd, 0)) ||
	    !cJSON_IsString(d = cJSON_GetArrayItem(nd, 1)) ||
	    json_int(cJSON_GetArrayItem(nd, 2), 0, 9007199254740992.0,
	    &v) != 0) {
		hop_err_set(err, "%s: frame %llu: \"%s\" is not an array "
		    "description ({\"ndarray\": [shape, dtype, offset]})",
		    u->name, (unsigned long long)item, key);
		return -1;
	}
	*off = (uint64_t)v;
	if (cJSON_GetArraySize(sh) != ndim)
		goto shape;
	for (k = 0; k < ndim; k++)
		if (json_int(cJSON_GetArrayItem(sh, k), 0, 9007199254740992.0,
		    &v) != 0 || (uint64_t)v != dims[k])
			goto shape;
	for (k = 0; dtypes[k] != NULL; k++)
		if (strcmp(d->valuestring, dtypes[k]) == 0)
			break;
	if (dtypes[k] == NULL) {
		hop_err_set(err, "%s: frame %llu: \"%s\" has dtype '%.20s' "
		    "(want %s%s%s)", u->name, (unsigned long long)item, key,
		    d->valuestring, dtypes[0], dtypes[1] ? " or " : "",
		    dtypes[1] ? dtypes[1] : "");
		return -1;
	}
	*which = k;
	return 1;
shape:
	if (ndim == 1)
		hop_err_set(err, "%s: frame %llu: \"%s\" does not have the "
		    "shape [%llu]", u->name, (unsigned long long)item, key,
		    (unsigned long long)dims[0]);
	else
		hop_err_set(err, "%s: frame %llu: \"%s\" does not have the "
		    "shape [%llu, %llu]", u->name, (unsigned long long)item,
		    key, (unsigned long long)dims[0],
		    (unsigned long long)dims[1]);
	return -1;
}

/* Read n float64 at off into out, each finite (else err says which
 * atom, or the cell when atoms is 0). */
static int
read_f64(struct hop_ulm *u, uint64_t item, uint64_t off, size_t n,
    double *out, const char *what, struct hop_err *err)
{
	size_t i;

	if (grow(u, (void **)&u->raw, &u->raw_cap, n * 8, err) != 0 ||
	    read_at(u, item, off, u->raw, n * 8, what, err) != 0)
		return -1;
	for (i = 0; i < n; i++)
		out[i] = hop_ldf64(u->raw + 8 * i);
	for (i = 0; i < n; i++)
		if (!isfinite(out[i])) {
			hop_err_set(err, "%s: frame %llu: %s: %s%zu has a "
			    "non-finite coordinate", u->name,
			    (unsigned long long)item, what,
			    n == 9 && strcmp(what, "cell") == 0 ? "row " :
			    "atom ", i / 3);
			return -1;
		}
	return 0;
}

/* The atomic numbers of item i (into out, natoms of them), from its
 * "numbers." array.  1 read, 0 absent, -1 error. */
static int
read_numbers(struct hop_ulm *u, uint64_t i, const cJSON *root, int64_t *out,
    struct hop_err *err)
{
	static const char *const types[] = {"int64", "int32", NULL};
	uint64_t dim = u->info.natoms, off;
	size_t k, w;
	int which, r;

	r = ndarray(u, i, root, "numbers.", 1, &dim, types, &which, &off,
	    err);
	if (r <= 0)
		return r;
	w = which == 0 ? 8 : 4;
	if (grow(u, (void **)&u->raw, &u->raw_cap, (size_t)dim * w, err) != 0 ||
	    read_at(u, i, off, u->raw, (size_t)dim * w, "atomic numbers", err)
	    != 0)
		return -1;
	for (k = 0; k < dim; k++) {
		out[k] = w == 8 ? (int64_t)hop_ld64(u->raw + 8 * k) :
		    (int64_t)(int32_t)hop_ld32(u->raw + 4 * k);
		if (hop_element_symbol(out[k]) == NULL) {
			hop_err_set(err, "%s: frame %llu: atom %zu has atomic "
			    "number %lld (want 1 to %d)", u->name,
			    (unsigned long long)i, k, (long long)out[k],
			    HOP_MAX_Z);
			return -1;
		}
	}
	return 1;
}

/* The first item's atom count (the length of "numbers."), pbc and
 * description.  0 or -1. */
static int
read_first(struct hop_ulm *u, const cJSON *root, struct hop_err *err)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "numbers.");
	const cJSON *nd, *sh, *pbc, *desc, *t, *k;
	int64_t n, interval = 1;
	int i;

	nd = a ? cJSON_GetObjectItemCaseSensitive(a, "ndarray") : NULL;
	sh = cJSON_IsArray(nd) ? cJSON_GetArrayItem(nd, 0) : NULL;
	if (a == NULL) {
		hop_err_set(err, "%s: frame 0: no atomic numbers "
		    "(\"numbers.\")", u->name);
		return -1;
	}
	if (!cJSON_IsArray(sh) || cJSON_GetArraySize(sh) != 1 ||
	    json_int(cJSON_GetArrayItem(sh, 0), 1, HOP_MAX_ATOMS, &n) != 0) {
		hop_err_set(err, "%s: frame 0: \"numbers.\" is not an array "
		    "of 1 to %u atomic numbers", u->name, HOP_MAX_ATOMS);
		return -1;
	}
	/* Each atom needs at least 4 bytes of atomic number in the file:
	 * nothing is allocated for more atoms than the file can hold. */
	if ((uint64_t)n > u->size / 4) {
		hop_err_set(err, "%s: frame 0: \"numbers.\" claims %lld atoms, "
		    "more than the file (%llu bytes) can hold", u->name,
		    (long long)n, (unsigned long long)u->size);
		return -1;
	}
	u->info.natoms = (uint32_t)n;
	pbc = cJSON_GetObjectItemCaseSensitive(root, "pbc");
	if (!cJSON_IsArray(pbc) || cJSON_GetArraySize(pbc) != 3) {
		hop_err_set(err, "%s: frame 0: no \"pbc\" (three booleans)",
		    u->name);
		return -1;
	}
	for (i = 0; i < 3; i++) {
		const cJSON *b = cJSON_GetArrayItem(pbc, i);

		if (!cJSON_IsBool(b)) {
			hop_err_set(err, "%s: frame 0: \"pbc\" is not three "
			    "booleans", u->name);
			return -1;
		}
		u->info.pbc[i] = cJSON_IsTrue(b);
	}
	u->info.dt_fs = u->info.temperature_K = NAN;
	desc = cJSON_GetObjectItemCaseSensitive(root, "description");
	t = cJSON_GetObjectItemCaseSensitive(desc, "type");
	if (!cJSON_IsString(t) || strcmp(t->valuestring,
	    "molecular-dynamics") != 0)
		return 0;
	t = cJSON_GetObjectItemCaseSensitive(desc, "md-type");
	if (cJSON_IsString(t) && (u->md_type = strdup(t->valuestring)) == NULL) {
		hop_err_set(err, "%s: out of memory", u->name);
		return -1;
	}
	u->info.md_type = u->md_type;
	k = cJSON_GetObjectItemCaseSensitive(desc, "interval");
	t = cJSON_GetObjectItemCaseSensitive(desc, "timestep");
	/* A negative interval means one write at that step only: no
	 * spacing to take a time from. */
	if (cJSON_IsNumber(t) && isfinite(t->valuedouble) &&
	    t->valuedouble > 0 && (k == NULL ||
	    json_int(k, 1, 1e15, &interval) == 0))
		u->info.dt_fs = t->valuedouble / HOP_ASE_FS * (double)interval;
	t = cJSON_GetObjectItemCaseSensitive(desc, "temperature_K");
	if (cJSON_IsNumber(t) && isfinite(t->valuedouble) &&
	    t->valuedouble > 0)
		u->info.temperature_K = t->valuedouble;
	return 0;
}

/* Item i's cell: a JSON list of three rows, or an ndarray "cell.". */
static int
read_cell(struct hop_ulm *u, uint64_t i, const cJSON *root,
    struct hop_err *err)
{
	static const char *const f64[] = {"float64", NULL};
	static const uint64_t dims[2] = {3, 3};
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(root, "cell");
	uint64_t off;
	int r, k, l, which;

	if (c == NULL) {
		r = ndarray(u, i, root, "cell.", 2, dims, f64, &which, &off,
		    err);
		if (r < 0)
			return -1;
		if (r == 0) {
			hop_err_set(err, "%s: frame %llu: no cell", u->name,
			    (unsigned long long)i);
			return -1;
		}
		return read_f64(u, i, off, 9, u->cell, "cell", err);
	}
	if (!cJSON_IsArray(c) || cJSON_GetArraySize(c) != 3)
		goto bad;
	for (k = 0; k < 3; k++) {
		const cJSON *row = cJSON_GetArrayItem(c, k);

		if (!cJSON_IsArray(row) || cJSON_GetArraySize(row) != 3)
			goto bad;
		for (l = 0; l < 3; l++) {
			const cJSON *x = cJSON_GetArrayItem(row, l);

			if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble))
				goto bad;
			u->cell[3 * k + l] = x->valuedouble;
		}
	}
	return 0;
bad:
	hop_err_set(err, "%s: frame %llu: \"cell\" is not three rows of three "
	    "finite numbers", u->name, (unsigned long long)i);
	return -1;
}

/* Check the header and read the first item's atoms. */
static struct hop_ulm *
open_common(struct hop_ulm *u, struct hop_err *err)
{
	unsigned char h[ULM_HEADER];
	uint64_t version, nitems;
	cJSON *root = NULL;
	size_t taglen, i;

	memset(h, 0, sizeof(h));
	if (u->size < 8 || read_at(u, NO_ITEM, 0, h, 8, "the magic", err) != 0 ||
	    memcmp(h, ULM_MAGIC, 8) != 0) {
		if ((h[0] == 0x1f && h[1] == 0x8b) ||
		    memcmp(h, "\xfd" "7zXZ", 5) == 0 ||
		    memcmp(h, "BZh", 3) == 0 ||
		    memcmp(h, "\x28\xb5\x2f\xfd", 4) == 0)
			hop_err_set(err, "%s: compressed: decompress it first "
			    "(a .traj is read by seeking)", u->name);
		else if (u->size >= 8 && memcmp(h, "AFFormat", 8) == 0)
			hop_err_set(err, "%s: an old ASE trajectory (ulm "
			    "version 1 or 2, 'AFFormat' magic): convert it "
			    "with a current ASE", u->name);
		else
			hop_err_set(err, "%s: not an ASE trajectory (no '- of "
			    "Ulm' magic)", u->name);
		goto fail;
	}
	if (read_at(u, NO_ITEM, 0, h, ULM_HEADER, "the header", err) != 0)
		goto fail;
	taglen = strlen(ULM_TAG);
	for (i = 8 + taglen; i < 24 && h[i] == ' '; i++)
		;
	if (memcmp(h + 8, ULM_TAG, taglen) != 0 || i < 24) {
		hop_err_set(err, "%s: a ulm file but not an ASE trajectory "
		    "(tag '%.16s', want '%s')", u->name, (const char *)h + 8,
		    ULM_TAG);
		goto fail;
	}
	version = hop_ld64(h + 24);
	nitems = hop_ld64(h + 32);
	u->table = hop_ld64(h + 40);
	if (version != ULM_VERSION) {
		hop_err_set(err, "%s: ulm version %lld (want %d)", u->name,
		    (long long)version, ULM_VERSION);
		goto fail;
	}
	if (nitems == 0) {
		hop_err_set(err, "%s: no frame in the trajectory", u->name);
		goto fail;
	}
	if (u->table < ULM_HEADER || u->table > u->size ||
	    nitems > (u->size - u->table) / 8) {
		hop_err_set(err, "%s: truncated file: the offset table (%llu "
		    "items at %llu) lies past its end (%llu bytes)", u->name,
		    (unsigned long long)nitems, (unsigned long long)u->table,
		    (unsigned long long)u->size);
		goto fail;
	}
	u->info.nframes = nitems;
	/* ASE writes an item's description after its arrays, and the items
	 * in order: when the last description is whole, so is the file (a
	 * cut one is refused here, before anything is converted). */
	if ((root = read_item(u, nitems - 1, err)) == NULL)
		goto fail;
	cJSON_Delete(root);
	if ((root = read_item(u, 0, err)) == NULL ||
	    read_first(u, root, err) != 0)
		goto fail;
	if ((u->numbers = malloc(u->info.natoms * sizeof(int64_t))) == NULL ||
	    (u->numbers2 = malloc(u->info.natoms * sizeof(int64_t))) == NULL ||
	    (u->pos = malloc(3 * (size_t)u->info.natoms * sizeof(double)))
	    == NULL) {
		hop_err_set(err, "%s: out of memory for %u atoms", u->name,
		    u->info.natoms);
		goto fail;
	}
	if (read_numbers(u, 0, root, u->numbers, err) != 1)
		goto fail;
	u->info.numbers = u->numbers;
	cJSON_Delete(root);
	return u;
fail:
	cJSON_Delete(root);
	hop_ulm_free(u);
	return NULL;
}

struct hop_ulm *
hop_ulm_open_fd(int fd, const char *name, struct hop_err *err)
{
	struct hop_ulm *u;
	struct stat st;

	if (fstat(fd, &st) != 0) {
		hop_err_set(err, "%s: %s", name, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		hop_err_set(err, "%s: not a regular file (a .traj is read by "
		    "seeking: give its path, not a pipe)", name);
		return NULL;
	}
	if ((u = calloc(1, sizeof(*u))) == NULL) {
		hop_err_set(err, "%s: out of memory", name);
		return NULL;
	}
	u->fd = fd;
	u->size = (uint64_t)st.st_size;
	u->name = name;
	return open_common(u, err);
}

struct hop_ulm *
hop_ulm_open_memory(const void *buf, size_t len, const char *name,
    struct hop_err *err)
{
	struct hop_ulm *u;

	if ((u = calloc(1, sizeof(*u))) == NULL) {
		hop_err_set(err, "%s: out of memory", name);
		return NULL;
	}
	u->fd = -1;
	u->mem = buf;
	u->size = len;
	u->name = name;
	return open_common(u, err);
}

const struct hop_ulm_info *
hop_ulm_info(const struct hop_ulm *u)
{
	return &u->info;
}

int
hop_ulm_next(struct hop_ulm *u, struct hop_ulm_frame *fr,
    struct hop_err *err)
{
	static const char *const f64[] = {"float64", NULL};
	uint64_t i = u->next, off, dims[2];
	const cJSON *pbc;
	cJSON *root;
	int r, which, k;

	if (i >= u->info.nframes)
		return 0;
	if ((root = read_item(u, i, err)) == NULL)
		return -1;
	if (i > 0) {
		if ((r = read_numbers(u, i, root, u->numbers2, err)) < 0)
			goto fail;
		if (r == 1 && memcmp(u->numbers, u->numbers2,
		    u->info.natoms * sizeof(int64_t)) != 0) {
			hop_err_set(err, "%s: frame %llu: the atoms differ "
			    "from the first frame's (every frame must hold "
			    "the same atoms in the same order)", u->name,
			    (unsigned long long)i);
			goto fail;
		}
		pbc = cJSON_GetObjectItemCaseSensitive(root, "pbc");
		for (k = 0; cJSON_IsArray(pbc) && k < 3; k++)
			if (cJSON_IsTrue(cJSON_GetArrayItem(pbc, k)) !=
			    u->info.pbc[k]) {
				hop_err_set(err, "%s: frame %llu: \"pbc\" "
				    "differs from the first frame's",
				    u->name, (unsigned long long)i);
				goto fail;
			}
	}
	dims[0] = u->info.natoms;
	dims[1] = 3;
	if ((r = ndarray(u, i, root, "positions.", 2, dims, f64, &which, &off,
	    err)) < 0)
		goto fail;
	if (r == 0) {
		hop_err_set(err, "%s: frame %llu: no positions (\"positions.\")",
		    u->name, (unsigned long long)i);
		goto fail;
	}
	if (read_f64(u, i, off, 3 * (size_t)u->info.natoms, u->pos,
	    "positions", err) != 0 || read_cell(u, i, root, err) != 0)
		goto fail;
	cJSON_Delete(root);
	fr->index = i;
	fr->cell = u->cell;
	fr->pos = u->pos;
	u->next = i + 1;
	return 1;
fail:
	cJSON_Delete(root);
	return -1;
}

void
hop_ulm_free(struct hop_ulm *u)
{
	if (u == NULL)
		return;
	free(u->numbers);
	free(u->numbers2);
	free(u->json);
	free(u->raw);
	free(u->pos);
	free(u->md_type);
	free(u);
}
