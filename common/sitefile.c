/*
 * sitefile.c - the network mode's pools, candidate sites, visits and
 * sites as checksummed files (see sitefile.h).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "le.h"
#include "sitefile.h"
#include "outfile.h"

/* A header longer than this is not one of ours. */
#define HEAD_MAX 4096
/* Numbers of one site and of one ion in a candidates or sites block. */
#define PER_SITE 9
#define PER_ION 4

static const char *const kind_names[] = {"", "pool", "candidates",
    "visits", "sites"};
/* A net's short_visits (HOP_SHORT_*) in a header. */
static const char *const short_name[] = {"count", "take", "skip"};

const char *
hop_sitefile_kind_name(enum hop_sitefile_kind k)
{
	return k >= HOP_SITEFILE_POOL && k <= HOP_SITEFILE_SITES ?
	    kind_names[k] : "?";
}

static uint32_t
crc(uint32_t c, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n > 0) {
		uInt k = n > (1u << 30) ? 1u << 30 : (uInt)n;

		c = (uint32_t)crc32(c, b, k);
		b += k;
		n -= k;
	}
	return c;
}

/* --- the doubles of a block --- */

/* How many doubles block b of kind k holds. */
static size_t
block_count(enum hop_sitefile_kind k, const struct hop_siteblock *b)
{
	switch (k) {
	case HOP_SITEFILE_POOL:
		return b->pool->nions * (1 + b->pool->nlags + 3 *
		    b->pool->npts) + 7 * b->nfw;
	case HOP_SITEFILE_CANDIDATES:
	case HOP_SITEFILE_SITES:
		return b->net->nsites * PER_SITE + b->nions * PER_ION;
	case HOP_SITEFILE_VISITS:
		return b->nsites + b->nions + 4 * b->dwells.n;
	}
	return 0;
}

/* The block's doubles, little-endian, into a new buffer of *len bytes.
 * NULL when out of memory. */
static unsigned char *
block_doubles(enum hop_sitefile_kind k, const struct hop_siteblock *b,
    size_t *len)
{
	size_t n = block_count(k, b), at = 0, i, j;
	unsigned char *buf = malloc(n ? 8 * n : 1);

#define PUT(x) (hop_stf64(buf + 8 * at, (double)(x)), at++)
	if (buf == NULL)
		return NULL;
	switch (k) {
	case HOP_SITEFILE_POOL: {
		const struct hop_sitepool *p = b->pool;

		for (i = 0; i < p->nions; i++) {
			PUT(p->key[i]);
			for (j = 0; j < p->nlags; j++)
				PUT(p->curve[i][j]);
			for (j = 0; j < p->npts; j++) {
				PUT(p->pt[i * p->npts + j][0]);
				PUT(p->pt[i * p->npts + j][1]);
				PUT(p->pt[i * p->npts + j][2]);
			}
		}
		for (i = 0; i < b->nfw; i++) {
			PUT(b->fw_atom[i]);
			for (j = 0; j < 6; j++)
				PUT(b->fw_sum[i][j]);
		}
		break;
	}
	case HOP_SITEFILE_CANDIDATES:
	case HOP_SITEFILE_SITES:
		for (i = 0; i < b->net->nsites; i++) {
			const struct hop_site *s = &b->net->site[i];

			for (j = 0; j < 3; j++)
				PUT(s->frac[j]);
			for (j = 0; j < 3; j++)
				PUT(s->pos[j]);
			PUT(s->spread);
			PUT(s->radius);
			PUT(s->points);
		}
		for (i = 0; i < b->nions; i++) {
			PUT(b->atom[i]);
			for (j = 0; j < 3; j++)
				PUT(b->first[i][j]);
		}
		break;
	case HOP_SITEFILE_VISITS:
		for (i = 0; i < b->nsites; i++)
			PUT(b->visits[i]);
		for (i = 0; i < b->nions; i++)
			PUT(b->atom[i]);
		for (i = 0; i < b->dwells.n; i++) {
			for (j = 0; j < 3; j++)
				PUT(b->dwells.d[i].frac[j]);
			PUT(b->dwells.d[i].frames);
		}
		break;
	}
#undef PUT
	*len = 8 * n;
	return buf;
}

int
hop_siteblock_id(enum hop_sitefile_kind kind, const struct hop_siteblock *b,
    uint32_t *id, struct hop_err *err)
{
	size_t len;
	unsigned char *buf = block_doubles(kind, b, &len);

	if (buf == NULL) {
		hop_err_set(err, "out of memory");
		return -1;
	}
	*id = crc(0, buf, len);
	free(buf);
	return 0;
}

/* --- the header --- */

struct text {
	char *s;
	size_t len, cap;
	int nomem;
};

static void tprintf(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
tprintf(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->s ? t->s + t->len : NULL, t->cap - t->len,
		    fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->nomem = 1;
			return;
		}
		if (t->len + (size_t)n < t->cap) {
			t->len += (size_t)n;
			return;
		}
		{
			size_t nc = 2 * (t->cap + (size_t)n) + 256;
			char *ns = realloc(t->s, nc);

			if (ns == NULL) {
				t->nomem = 1;
				return;
			}
			t->s = ns;
			t->cap = nc;
		}
	}
}

static void
head_block(struct text *t, enum hop_sitefile_kind k,
    const struct hop_siteblock *b, size_t i, size_t n)
{
	const double *cell = NULL;
	size_t frames = 0, j;

	tprintf(t, "kind=%s\nspecies=%s\nblock=%zu/%zu\n",
	    hop_sitefile_kind_name(k), b->species, i + 1, n);
	if (k == HOP_SITEFILE_POOL) {
		cell = b->pool->cell;
		frames = b->pool->nframes;
	} else if (k != HOP_SITEFILE_VISITS) {
		cell = b->net->cell;
		frames = b->net->nframes;
	}
	if (cell != NULL) {
		tprintf(t, "frames=%zu\ncell=", frames);
		for (j = 0; j < 9; j++)
			tprintf(t, "%.17g%c", cell[j], j < 8 ? ' ' : '\n');
	}
	switch (k) {
	case HOP_SITEFILE_POOL:
		tprintf(t, "stride=%zu\nnpts=%zu\nnlags=%zu\nnions=%zu\n"
		    "total=%zu\nnfw=%zu\nfw_total=%zu\n"
		    "doubles=per ion: atom, nlags curve values, npts x y z "
		    "(A); per framework atom: atom, sums of x y z x^2 y^2 "
		    "z^2 over the frames (A, A^2)\n", b->pool->stride,
		    b->pool->npts, b->pool->nlags, b->pool->nions,
		    b->pool->total, b->nfw, b->fw_total);
		break;
	case HOP_SITEFILE_CANDIDATES:
	case HOP_SITEFILE_SITES: {
		const struct hop_sitenet *net = b->net;

		tprintf(t, "opt_sigma=%.17g\nopt_merge=%.17g\n"
		    "opt_radius=%.17g\nopt_max_points=%zu\n"
		    "opt_min_frames=%zu\nsigma=%.17g\ntau=%.17g\nlag=%.17g\n"
		    "sigma_curve=%.17g\nmerge=%.17g\nradius=%.17g\n"
		    "sep=%.17g\nntrans=%zu\nnions=%zu\nnsites=%zu\n"
		    "short_visits=%s\nshort_found=%llu\nshort_null=%.17g\n"
		    "doubles=per site: frac a b c, x y z (A), spread (A), "
		    "radius (A), points; per ion: atom, x y z at frame 0 (A)\n",
		    b->opts.sigma, b->opts.merge, b->opts.radius,
		    b->opts.max_points, b->opts.min_frames, net->vib.sigma,
		    net->vib.tau, net->vib.lag, net->sigma_curve, net->merge,
		    net->radius, net->sep, net->ntrans, b->nions,
		    net->nsites, short_name[net->short_visits],
		    (unsigned long long)net->short_found, net->short_null);
		break;
	}
	case HOP_SITEFILE_VISITS:
		tprintf(t, "sites_id=%08x\nnsites=%zu\nnions=%zu\n"
		    "ndwells=%zu\nshort_found=%llu\nshort_null=%llu\n"
		    "doubles=residences per site; per ion: atom; per dwell: "
		    "frac a b c, frames\n",
		    (unsigned)b->sites_id, b->nsites, b->nions, b->dwells.n,
		    (unsigned long long)b->short_found,
		    (unsigned long long)b->short_null);
		break;
	}
}

static int
put(FILE *fp, const void *b, size_t n)
{
	return fwrite(b, 1, n, fp) == n ? 0 : -1;
}

int
hop_sitefile_write(FILE *fp, const char *name, const struct hop_sitefile *f,
    struct hop_err *err)
{
	size_t i;
	int ret = -1;

	if (put(fp, HOP_SITEFILE_MAGIC, 8) != 0)
		goto wfail;
	for (i = 0; i < f->nblocks; i++) {
		struct text t = {NULL, 0, 0, 0};
		unsigned char w[8], *buf;
		size_t len;
		int bad;

		head_block(&t, f->kind, &f->b[i], i, f->nblocks);
		if (t.nomem || (buf = block_doubles(f->kind, &f->b[i],
		    &len)) == NULL) {
			free(t.s);
			hop_err_set(err, "%s: out of memory", name);
			return -1;
		}
		hop_st32(w, (uint32_t)t.len);
		bad = put(fp, w, 4) != 0 || put(fp, t.s, t.len) != 0;
		hop_st32(w, crc(0, t.s, t.len));
		bad = bad || put(fp, w, 4) != 0;
		hop_st64(w, (uint64_t)(len / 8));
		bad = bad || put(fp, w, 8) != 0 || put(fp, buf, len) != 0;
		hop_st32(w, crc(0, buf, len));
		bad = bad || put(fp, w, 4) != 0;
		free(t.s);
		free(buf);
		if (bad)
			goto wfail;
	}
	ret = 0;
	return ret;
wfail:
	hop_err_set(err, "%s: %s", name, strerror(errno));
	return -1;
}

/* --- reading --- */

void
hop_siteblock_clear(struct hop_siteblock *b)
{
	hop_sitepool_free(b->pool);
	free(b->fw_atom);
	free(b->fw_sum);
	hop_sitenet_free(b->net);
	free(b->atom);
	free(b->first);
	free(b->visits);
	hop_sitenet_dwells_clear(&b->dwells);
	memset(b, 0, sizeof(*b));
}

void
hop_sitefile_free(struct hop_sitefile *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nblocks; i++)
		hop_siteblock_clear(&f->b[i]);
	free(f->b);
	free(f);
}

/* The value of key in the header h (NUL-terminated), or NULL. */
static const char *
value(const char *h, const char *key, char *out, size_t cap)
{
	size_t kl = strlen(key);
	const char *p = h;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t ll = e ? (size_t)(e - p) : strlen(p);

		if (ll > kl && strncmp(p, key, kl) == 0 && p[kl] == '=') {
			if (ll - kl - 1 >= cap)
				return NULL;
			memcpy(out, p + kl + 1, ll - kl - 1);
			out[ll - kl - 1] = '\0';
			return out;
		}
		p += ll + (e != NULL);
	}
	return NULL;
}

struct rd {
	const char *path;
	FILE *fp;
	size_t block;       /* 1-based, for messages */
	const char *head;
	struct hop_err *err;
};

static int
bad_field(struct rd *r, const char *key)
{
	hop_err_set(r->err, "%s: block %zu: bad or missing '%s'", r->path,
	    r->block, key);
	return -1;
}

static int
get_double(struct rd *r, const char *key, double *v)
{
	char buf[64], *end;

	if (value(r->head, key, buf, sizeof(buf)) == NULL)
		return bad_field(r, key);
	errno = 0;
	*v = strtod(buf, &end);
	if (end == buf || *end != '\0')
		return bad_field(r, key);
	return 0;
}

static int
get_size(struct rd *r, const char *key, size_t max, size_t *v)
{
	char buf[64], *end;
	unsigned long long u;

	if (value(r->head, key, buf, sizeof(buf)) == NULL || buf[0] < '0' ||
	    buf[0] > '9')
		return bad_field(r, key);
	errno = 0;
	u = strtoull(buf, &end, 10);
	if (*end != '\0' || errno != 0 || u > max)
		return bad_field(r, key);
	*v = (size_t)u;
	return 0;
}

static int
get_cell(struct rd *r, double cell[9])
{
	char buf[512], *p, *end;
	int k;

	if (value(r->head, "cell", buf, sizeof(buf)) == NULL)
		return bad_field(r, "cell");
	p = buf;
	for (k = 0; k < 9; k++) {
		cell[k] = strtod(p, &end);
		if (end == p || !isfinite(cell[k]))
			return bad_field(r, "cell");
		p = end;
	}
	if (*p != '\0')
		return bad_field(r, "cell");
	return 0;
}

static int
rdbytes(struct rd *r, void *b, size_t n)
{
	if (fread(b, 1, n, r->fp) != n) {
		if (ferror(r->fp))
			hop_err_set(r->err, "%s: %s", r->path,
			    strerror(errno));
		else
			hop_err_set(r->err, "%s: block %zu: truncated",
			    r->path, r->block);
		return -1;
	}
	return 0;
}

/* A whole number in [0, max] from a double. */
static int
whole(double v, double max)
{
	return v >= 0 && v <= max && v == floor(v);
}

/* The block's contents from its doubles d (count n).  0 or -1. */
static int
fill_block(struct rd *r, enum hop_sitefile_kind k, struct hop_siteblock *b,
    const unsigned char *d, size_t n)
{
	size_t i, j, at = 0, want, frames, stride, npts, nlags, nions,
	    nsites, total, ndwells, nfw = 0, fw_total = 0, ntrans = 1, sf, sn;
	double cell[9];
	char buf[64];

#define GET() hop_ldf64(d + 8 * at++)
	if (k == HOP_SITEFILE_POOL) {
		struct hop_sitepool *p;

		if (get_size(r, "frames", SIZE_MAX / 2, &frames) != 0 ||
		    get_cell(r, cell) != 0 ||
		    get_size(r, "stride", SIZE_MAX / 2, &stride) != 0 ||
		    get_size(r, "npts", SIZE_MAX / 2, &npts) != 0 ||
		    get_size(r, "nlags", HOP_VIB_NLAGS, &nlags) != 0 ||
		    get_size(r, "nions", UINT32_MAX, &nions) != 0 ||
		    get_size(r, "total", UINT32_MAX, &total) != 0)
			return -1;
		/* The framework: absent from a pool made without
		 * translations, or by a version before them. */
		if (value(r->head, "nfw", buf, sizeof(buf)) != NULL &&
		    (get_size(r, "nfw", UINT32_MAX, &nfw) != 0 ||
		    get_size(r, "fw_total", UINT32_MAX, &fw_total) != 0))
			return -1;
		if (stride == 0 || frames == 0 || npts != (frames + stride -
		    1) / stride)
			return bad_field(r, "npts");
		if (nfw > fw_total)
			return bad_field(r, "fw_total");
		/* n, which the file holds, bounds every count: no sum or
		 * product here (nor the allocations below) wraps round. */
		if (nions > 0 && npts > n / 3)
			goto count;
		want = nions * (1 + nlags + 3 * npts);
		if ((nions > 0 && want / nions != 1 + nlags + 3 * npts) ||
		    nfw > n / 7 || n - 7 * nfw != want)
			goto count;
		if ((b->pool = p = hop_sitepool_new(cell, frames, stride,
		    r->err)) == NULL) {
			hop_err_prefix(r->err, r->path);
			return -1;
		}
		p->nlags = nlags;
		p->total = total;
		p->key = malloc((nions ? nions : 1) * sizeof(*p->key));
		p->curve = calloc(nions ? nions : 1, sizeof(*p->curve));
		p->pt = malloc((nions > 0 && npts > 0 ? nions * npts : 1) *
		    sizeof(*p->pt));
		if (p->key == NULL || p->curve == NULL || p->pt == NULL)
			goto nomem;
		p->nions = p->cap = nions;
		for (i = 0; i < nions; i++) {
			double a = GET();

			if (!whole(a, UINT32_MAX))
				goto values;
			p->key[i] = (uint32_t)a;
			for (j = 0; j < nlags; j++)
				p->curve[i][j] = GET();
			for (j = 0; j < 3 * npts; j++)
				if (!isfinite(p->pt[i * npts + j / 3][j % 3] =
				    GET()))
					goto values;
		}
		b->fw_total = fw_total;
		if (nfw == 0)
			return 0;
		b->fw_atom = malloc(nfw * sizeof(*b->fw_atom));
		b->fw_sum = malloc(nfw * sizeof(*b->fw_sum));
		if (b->fw_atom == NULL || b->fw_sum == NULL)
			goto nomem;
		b->nfw = nfw;
		for (i = 0; i < nfw; i++) {
			double a = GET();

			if (!whole(a, UINT32_MAX))
				goto values;
			b->fw_atom[i] = (uint32_t)a;
			for (j = 0; j < 6; j++)
				if (!isfinite(b->fw_sum[i][j] = GET()) ||
				    (j >= 3 && b->fw_sum[i][j] < 0))
					goto values;
		}
		return 0;
	}
	if (k == HOP_SITEFILE_VISITS) {
		char *end;

		if (value(r->head, "sites_id", buf, sizeof(buf)) == NULL)
			return bad_field(r, "sites_id");
		b->sites_id = (uint32_t)strtoul(buf, &end, 16);
		if (*end != '\0' || strlen(buf) != 8)
			return bad_field(r, "sites_id");
		if (get_size(r, "nsites", UINT32_MAX, &nsites) != 0 ||
		    get_size(r, "nions", UINT32_MAX, &nions) != 0)
			return -1;
		/* Visits without dwells come from a version before them:
		 * its sites would differ from this one's. */
		if (value(r->head, "ndwells", buf, sizeof(buf)) == NULL) {
			hop_err_set(r->err, "%s: block %zu: visits without "
			    "dwells, from an older kmeans-hops: count them "
			    "again (--visits-out)", r->path, r->block);
			return -1;
		}
		if (get_size(r, "ndwells", UINT32_MAX, &ndwells) != 0)
			return -1;
		/* ... and without short visits, from a version that took
		 * them whatever the species' count. */
		if (value(r->head, "short_found", buf, sizeof(buf)) == NULL) {
			hop_err_set(r->err, "%s: block %zu: visits without "
			    "short visits, from an older kmeans-hops: count "
			    "them again (--visits-out)", r->path, r->block);
			return -1;
		}
		if (get_size(r, "short_found", SIZE_MAX / 2, &sf) != 0 ||
		    get_size(r, "short_null", SIZE_MAX / 2, &sn) != 0)
			return -1;
		b->short_found = sf;
		b->short_null = sn;
		if (n != nsites + nions + 4 * ndwells)
			goto count;
		b->visits = malloc((nsites ? nsites : 1) * sizeof(*b->visits));
		b->atom = malloc((nions ? nions : 1) * sizeof(*b->atom));
		if (b->visits == NULL || b->atom == NULL)
			goto nomem;
		b->nsites = nsites;
		b->nions = nions;
		for (i = 0; i < nsites; i++) {
			double v = GET();

			if (!whole(v, 9007199254740992.0))
				goto values;
			b->visits[i] = (uint64_t)v;
		}
		for (i = 0; i < nions; i++) {
			double v = GET();

			if (!whole(v, UINT32_MAX))
				goto values;
			b->atom[i] = (uint32_t)v;
		}
		b->dwells.n = 0;
		if (ndwells > 0) {
			b->dwells.d = malloc(ndwells * sizeof(*b->dwells.d));
			if (b->dwells.d == NULL)
				goto nomem;
			b->dwells.cap = ndwells;
		}
		for (i = 0; i < ndwells; i++) {
			struct hop_sitenet_dwell *dl = &b->dwells.d[i];

			for (j = 0; j < 3; j++) {
				dl->frac[j] = GET();
				if (!(dl->frac[j] >= 0 && dl->frac[j] < 1))
					goto values;
			}
			dl->frames = GET();
			if (!whole(dl->frames, UINT32_MAX) || dl->frames < 1)
				goto values;
			b->dwells.n++;
		}
		return 0;
	}
	{
		struct hop_sitenet *net = calloc(1, sizeof(*net));
		double lag;

		if ((b->net = net) == NULL)
			goto nomem;
		if (get_size(r, "frames", SIZE_MAX / 2, &net->nframes) != 0 ||
		    get_cell(r, net->cell) != 0 ||
		    get_double(r, "opt_sigma", &b->opts.sigma) != 0 ||
		    get_double(r, "opt_merge", &b->opts.merge) != 0 ||
		    get_double(r, "opt_radius", &b->opts.radius) != 0 ||
		    get_size(r, "opt_max_points", SIZE_MAX / 2,
		    &b->opts.max_points) != 0 ||
		    get_size(r, "opt_min_frames", SIZE_MAX / 2,
		    &b->opts.min_frames) != 0 ||
		    get_double(r, "sigma", &net->vib.sigma) != 0 ||
		    get_double(r, "tau", &net->vib.tau) != 0 ||
		    get_double(r, "lag", &lag) != 0 ||
		    get_double(r, "sigma_curve", &net->sigma_curve) != 0 ||
		    get_double(r, "merge", &net->merge) != 0 ||
		    get_double(r, "radius", &net->radius) != 0 ||
		    get_double(r, "sep", &net->sep) != 0 ||
		    /* absent from a version before the split path
		     * pooled over translations: made without them */
		    (value(r->head, "ntrans", buf, sizeof(buf)) != NULL &&
		    get_size(r, "ntrans", UINT32_MAX, &ntrans) != 0) ||
		    get_size(r, "nions", UINT32_MAX, &nions) != 0 ||
		    get_size(r, "nsites", UINT32_MAX, &nsites) != 0)
			return -1;
		/* Absent from a version that took the short visits
		 * whatever the count: HOP_SHORT_COUNT takes them. */
		net->short_visits = HOP_SHORT_COUNT;
		if (value(r->head, "short_visits", buf, sizeof(buf)) != NULL) {
			for (j = 0; j < 3 && strcmp(buf, short_name[j]) != 0;
			    j++)
				;
			if (j == 3 || (k == HOP_SITEFILE_CANDIDATES &&
			    j != HOP_SHORT_COUNT))
				return bad_field(r, "short_visits");
			net->short_visits = (int)j;
		}
		/* What decided it (0 when undecided), as provenance. */
		if (value(r->head, "short_found", buf, sizeof(buf)) != NULL) {
			if (get_size(r, "short_found", SIZE_MAX / 2,
			    &sf) != 0 || get_double(r, "short_null",
			    &net->short_null) != 0)
				return -1;
			net->short_found = sf;
		}
		if (!(net->short_null >= 0) || !isfinite(net->short_null))
			return bad_field(r, "short_null");
		if (!(net->vib.sigma > 0) || !isfinite(net->vib.sigma))
			return bad_field(r, "sigma");
		if (!(net->vib.tau >= 1) || !isfinite(net->vib.tau))
			return bad_field(r, "tau");
		if (!(lag >= 1) || !isfinite(lag))
			return bad_field(r, "lag");
		if (!(net->radius > 0) || !isfinite(net->radius))
			return bad_field(r, "radius");
		net->vib.lag = lag;
		net->min_frames = b->opts.min_frames;
		if (ntrans < 1)
			return bad_field(r, "ntrans");
		net->ntrans = ntrans;
		net->nions = nions;
		if (n != nsites * PER_SITE + nions * PER_ION)
			goto count;
		net->site = calloc(nsites ? nsites : 1, sizeof(*net->site));
		b->atom = malloc((nions ? nions : 1) * sizeof(*b->atom));
		b->first = malloc((nions ? nions : 1) * sizeof(*b->first));
		if (net->site == NULL || b->atom == NULL || b->first == NULL)
			goto nomem;
		net->nsites = nsites;
		b->nions = nions;
		for (i = 0; i < nsites; i++) {
			struct hop_site *s = &net->site[i];
			double pts;

			for (j = 0; j < 3; j++)
				if (!((s->frac[j] = GET()) >= 0 &&
				    s->frac[j] < 1))
					goto values;
			for (j = 0; j < 3; j++)
				if (!isfinite(s->pos[j] = GET()))
					goto values;
			s->spread = GET();
			s->radius = GET();
			pts = GET();
			if (!(s->radius > 0) || !isfinite(s->radius) ||
			    !whole(pts, 9007199254740992.0))
				goto values;
			s->points = (uint64_t)pts;
			s->mean_res = NAN;
		}
		for (i = 0; i < nions; i++) {
			double a = GET();

			if (!whole(a, UINT32_MAX))
				goto values;
			b->atom[i] = (uint32_t)a;
			for (j = 0; j < 3; j++)
				if (!isfinite(b->first[i][j] = GET()))
					goto values;
		}
		if (hop_sitenet_ready(net, r->err) != 0) {
			hop_err_prefix(r->err, r->path);
			return -1;
		}
		return 0;
	}
#undef GET
count:
	hop_err_set(r->err, "%s: block %zu: %zu numbers, not the %s its "
	    "header announces", r->path, r->block, n,
	    hop_sitefile_kind_name(k));
	return -1;
values:
	hop_err_set(r->err, "%s: block %zu: a number out of range (a sites "
	    "file altered by hand?)", r->path, r->block);
	return -1;
nomem:
	hop_err_set(r->err, "%s: out of memory", r->path);
	return -1;
}

struct hop_sitefile *
hop_sitefile_read(const char *path, struct hop_err *err)
{
	struct hop_sitefile *f = calloc(1, sizeof(*f));
	struct rd r = {path, NULL, 0, NULL, err};
	unsigned char magic[8], w[8], *d = NULL;
	char *head = NULL, buf[HOP_MAX_NAME + 32];
	size_t nblocks = 0, i;
	long end;
	int c;

	if (f == NULL) {
		hop_err_set(err, "%s: out of memory", path);
		return NULL;
	}
	if ((r.fp = fopen(path, "rb")) == NULL) {
		hop_err_set(err, "%s: %s", path, strerror(errno));
		free(f);
		return NULL;
	}
	if (hop_outfile_protect(fileno(r.fp), path, err) != 0) {
		fclose(r.fp);
		free(f);
		return NULL;
	}
	if (fread(magic, 1, 8, r.fp) != 8 || memcmp(magic,
	    HOP_SITEFILE_MAGIC, 8) != 0) {
		hop_err_set(err, "%s: not a pool, candidates, visits or sites "
		    "file (kmeans-hops --pool-out, --sites-out, --visits-out "
		    "write them)", path);
		goto fail;
	}
	while ((c = getc(r.fp)) != EOF) {
		uint32_t hl, hc;
		uint64_t cnt;
		size_t bi, bn;
		enum hop_sitefile_kind k = 0;
		struct hop_siteblock *nb;
		int kk;

		ungetc(c, r.fp);
		r.block = f->nblocks + 1;
		if (rdbytes(&r, w, 4) != 0)
			goto fail;
		hl = hop_ld32(w);
		if (hl == 0 || hl > HEAD_MAX) {
			hop_err_set(err, "%s: block %zu: a header of %u bytes: "
			    "damaged", path, r.block, (unsigned)hl);
			goto fail;
		}
		free(head);
		if ((head = malloc(hl + 1)) == NULL)
			goto nomem;
		if (rdbytes(&r, head, hl) != 0 || rdbytes(&r, w, 4) != 0)
			goto fail;
		head[hl] = '\0';
		hc = hop_ld32(w);
		if (crc(0, head, hl) != hc || strlen(head) != hl) {
			hop_err_set(err, "%s: block %zu: header checksum "
			    "mismatch: the file is damaged", path, r.block);
			goto fail;
		}
		r.head = head;
		if (value(head, "kind", buf, sizeof(buf)) != NULL)
			for (kk = HOP_SITEFILE_POOL; kk <= HOP_SITEFILE_SITES;
			    kk++)
				if (strcmp(buf, kind_names[kk]) == 0)
					k = (enum hop_sitefile_kind)kk;
		if (k == 0) {
			bad_field(&r, "kind");
			goto fail;
		}
		if (f->nblocks > 0 && k != f->kind) {
			hop_err_set(err, "%s: block %zu: a %s block after %s "
			    "blocks", path, r.block, kind_names[k],
			    kind_names[f->kind]);
			goto fail;
		}
		f->kind = k;
		if (value(head, "block", buf, sizeof(buf)) == NULL ||
		    sscanf(buf, "%zu/%zu%n", &bi, &bn, &kk) != 2 ||
		    buf[kk] != '\0' || bi != r.block || bn < bi ||
		    (nblocks > 0 && bn != nblocks)) {
			bad_field(&r, "block");
			goto fail;
		}
		nblocks = bn;
		if (rdbytes(&r, w, 8) != 0)
			goto fail;
		cnt = hop_ld64(w);
		{
			/* No more numbers than the file holds. */
			long here = ftell(r.fp);

			if (here < 0 || fseek(r.fp, 0, SEEK_END) != 0 ||
			    (end = ftell(r.fp)) < 0 ||
			    fseek(r.fp, here, SEEK_SET) != 0) {
				hop_err_set(err, "%s: %s", path,
				    strerror(errno));
				goto fail;
			}
			if (cnt > (uint64_t)(end - here) / 8) {
				hop_err_set(err, "%s: block %zu: truncated",
				    path, r.block);
				goto fail;
			}
		}
		free(d);
		if ((d = malloc(cnt ? 8 * (size_t)cnt : 1)) == NULL)
			goto nomem;
		if (rdbytes(&r, d, 8 * (size_t)cnt) != 0 ||
		    rdbytes(&r, w, 4) != 0)
			goto fail;
		if (crc(0, d, 8 * (size_t)cnt) != hop_ld32(w)) {
			hop_err_set(err, "%s: block %zu: checksum mismatch: "
			    "the file is damaged", path, r.block);
			goto fail;
		}
		if ((nb = realloc(f->b, (f->nblocks + 1) * sizeof(*nb))) ==
		    NULL)
			goto nomem;
		f->b = nb;
		nb = &f->b[f->nblocks++];
		memset(nb, 0, sizeof(*nb));
		if (value(head, "species", nb->species, sizeof(nb->species)) ==
		    NULL || nb->species[0] == '\0') {
			bad_field(&r, "species");
			goto fail;
		}
		for (i = 0; i + 1 < f->nblocks; i++)
			if (strcmp(f->b[i].species, nb->species) == 0) {
				hop_err_set(err, "%s: block %zu: species %s "
				    "twice", path, r.block, nb->species);
				goto fail;
			}
		if (fill_block(&r, k, nb, d, (size_t)cnt) != 0)
			goto fail;
		if (k == HOP_SITEFILE_CANDIDATES || k == HOP_SITEFILE_SITES)
			nb->sites_id = crc(0, d, 8 * (size_t)cnt);
	}
	if (ferror(r.fp)) {
		hop_err_set(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (f->nblocks == 0) {
		hop_err_set(err, "%s: no block: truncated", path);
		goto fail;
	}
	if (f->nblocks != nblocks) {
		hop_err_set(err, "%s: truncated after block %zu of %zu", path,
		    f->nblocks, nblocks);
		goto fail;
	}
	fclose(r.fp);
	free(head);
	free(d);
	return f;
nomem:
	hop_err_set(err, "%s: out of memory", path);
fail:
	fclose(r.fp);
	free(head);
	free(d);
	hop_sitefile_free(f);
	return NULL;
}
