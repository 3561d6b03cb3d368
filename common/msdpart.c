/*
 * msdpart.c - see msdpart.h.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "atomrange.h"
#include "msdpart.h"
#include "outfile.h"

/* Ranges of frames a part carries spectra for. */
enum { R_WHOLE, R_HALF0, R_HALF1, R_N };

struct layout {
	size_t n, h;
	size_t ns[R_N];           /* strides per range */
	size_t s[R_N][HOP_DIFF_LADDER_MAX + 1];
};

static int
little_endian(void)
{
	const uint16_t one = 1;

	return *(const unsigned char *)&one == 1;
}

static uint32_t
crc(uint32_t c, const void *buf, size_t len)
{
	const unsigned char *b = buf;

	while (len > 0) {
		uInt k = len > (1u << 30) ? (1u << 30) : (uInt)len;

		c = (uint32_t)crc32(c, b, k);
		b += k;
		len -= k;
	}
	return c;
}

static void
add_stride(struct layout *l, int r, size_t s)
{
	size_t i;

	for (i = 0; i < l->ns[r]; i++)
		if (l->s[r][i] == s)
			return;
	l->s[r][l->ns[r]++] = s;
}

/* The strides the whole run's estimate can ask for (diffusion.c's
 * run_any), and those of its halves. */
static void
layout_make(struct layout *l, size_t n, double dt, double start_ps)
{
	size_t smax = hop_diff_max_stride(n), s, i;

	memset(l, 0, sizeof(*l));
	l->n = n;
	l->h = n / 2;
	for (s = 1; s <= smax && l->ns[R_WHOLE] < HOP_DIFF_LADDER_MAX; s *= 2)
		add_stride(l, R_WHOLE, s);
	if (start_ps > 0 && smax >= 1) {
		double f = start_ps / dt;

		s = f < 1.5 ? 1 : (size_t)llround(f);
		if (f > (double)smax)
			s = smax;
		add_stride(l, R_WHOLE, s);
	}
	for (i = 0; i < l->ns[R_WHOLE]; i++)
		if (l->s[R_WHOLE][i] <= hop_diff_max_stride(l->h)) {
			add_stride(l, R_HALF0, l->s[R_WHOLE][i]);
			add_stride(l, R_HALF1, l->s[R_WHOLE][i]);
		}
}

static void
range_of(const struct layout *l, int r, size_t *first, size_t *len)
{
	*first = r == R_HALF1 ? l->h : 0;
	*len = r == R_WHOLE ? l->n : l->h;
}

void
hop_msdpart_meta_free(struct hop_msdpart_meta *m)
{
	free(m->ions);
	free(m->universe);
	free(m->key);
	m->ions = m->universe = m->key = NULL;
}

/* --- writing --- */

struct wr {
	FILE *fp;
	const char *name;
	struct hop_err *err;
	int failed;
};

static void
wr_bytes(struct wr *w, const void *b, size_t len)
{
	if (!w->failed && fwrite(b, 1, len, w->fp) != len) {
		hop_err_set(w->err, "%s: write error", w->name);
		w->failed = 1;
	}
}

static void
wr_u32(struct wr *w, uint32_t v)
{
	wr_bytes(w, &v, 4);
}

/* One section of count doubles, written in pieces by the caller between
 * section_start and section_end. */
static void
section_start(struct wr *w, uint64_t count, uint32_t *c)
{
	wr_bytes(w, &count, 8);
	*c = 0;
}

static void
section_put(struct wr *w, const double *v, size_t n, uint32_t *c)
{
	wr_bytes(w, v, n * sizeof(double));
	*c = crc(*c, v, n * sizeof(double));
}

int
hop_msdpart_write(FILE *fp, const char *name,
    const struct hop_msdpart_meta *m, const struct hop_msd_traj *t,
    unsigned nthreads, struct hop_err *err)
{
	struct wr w = {fp, name, err, 0};
	struct layout l;
	char *text = NULL;
	size_t tlen, n = m->frames, k, j;
	double *self = NULL, *x = NULL;
	unsigned dims = hop_msd_traj_dims(t), d;
	uint32_t c, i;
	int r, ret = -1;

	if (!little_endian()) {
		hop_err_set(err, "%s: partial files are little-endian; this "
		    "host is not", name);
		return -1;
	}
	layout_make(&l, n, m->dt_ps, m->start_ps);
	tlen = strlen(m->ions) + strlen(m->universe) + strlen(m->key) + 1024;
	if ((text = malloc(tlen)) == NULL)
		goto nomem;
	tlen = (size_t)snprintf(text, tlen,
	    "format=hoptools msd partial 1\nspecies=%s\naxes=%u\nframes=%zu\n"
	    "dt_ps=%a\ntemperature_K=%a\nvolume_sum=%a\nframework=%s\n"
	    "drift_sum=%a %a %a\nstart_ps=%a\nnions=%u\nions=%s\n"
	    "universe=%s\nkey=%s\n", m->species, m->axes, n, m->dt_ps,
	    m->temperature_K, m->volume_sum, m->framework, m->drift_sum[0],
	    m->drift_sum[1], m->drift_sum[2], m->start_ps, m->nions, m->ions,
	    m->universe, m->key);
	wr_bytes(&w, HOP_MSDPART_MAGIC, 8);
	wr_u32(&w, (uint32_t)tlen);
	wr_bytes(&w, text, tlen);
	wr_u32(&w, crc(0, text, tlen));

	/* S(m): the MSD undone of its normalisation. */
	if ((self = malloc(n * sizeof(*self))) == NULL ||
	    (x = malloc(n * sizeof(*x))) == NULL)
		goto nomem;
	if (hop_msd_traj_compute(t, 0, n, nthreads, self, NULL, err) != 0)
		goto out;
	for (k = 0; k < n; k++)
		self[k] *= (double)m->nions * (double)(n - k);
	section_start(&w, n, &c);
	section_put(&w, self, n, &c);
	wr_u32(&w, c);
	/* The summed displacement, frame by frame. */
	section_start(&w, (uint64_t)n * dims, &c);
	for (k = 0; k < n; k++)
		for (d = 0; d < dims; d++) {
			double v;

			hop_msd_traj_series(t, HOP_MSD_SUM, d, k, 1, &v);
			section_put(&w, &v, 1, &c);
		}
	wr_u32(&w, c);
	/* Each ion's spectra at each stride of each range. */
	for (r = 0; r < R_N; r++)
		for (j = 0; j < l.ns[r]; j++) {
			size_t first, len;
			struct hop_dml *dm;
			const double *p;
			double q;

			range_of(&l, r, &first, &len);
			if ((dm = hop_dml_new(len, l.s[r][j], err)) == NULL)
				goto out;
			section_start(&w, (uint64_t)m->nions *
			    hop_dml_increments(dm), &c);
			for (i = 0; i < m->nions; i++) {
				hop_dml_reset(dm);
				for (d = 0; d < dims; d++) {
					hop_msd_traj_series(t, i, d, first, len,
					    x);
					hop_dml_add(dm, x);
				}
				p = hop_dml_sums(dm, &q);
				section_put(&w, p, hop_dml_increments(dm), &c);
			}
			wr_u32(&w, c);
			hop_dml_free(dm);
		}
	if (!w.failed && fflush(fp) != 0) {
		hop_err_set(err, "%s: write error", name);
		w.failed = 1;
	}
	ret = w.failed ? -1 : 0;
	goto out;
nomem:
	hop_err_set(err, "%s: out of memory", name);
out:
	free(text);
	free(self);
	free(x);
	return ret;
}

/* --- reading --- */

struct part {
	const char *path;
	FILE *fp;
	struct hop_msdpart_meta m;
	struct hop_atomrange ions;
	long long off_self, off_sum;
	long long off[R_N][HOP_DIFF_LADDER_MAX + 1];
	uint32_t first_ion;     /* its ions' place among all parts' */
};

struct hop_msdpart_set {
	size_t n;
	struct part *p;
	struct layout l;
	struct hop_msdpart_meta m; /* the run's */
	unsigned dims;
	double *sum;               /* frames x dims: all parts' */
	struct hop_err *err;
};

static int
rd(struct part *p, void *b, size_t len, struct hop_err *err)
{
	if (fread(b, 1, len, p->fp) != len) {
		hop_err_set(err, "%s: %s", p->path, ferror(p->fp) ?
		    "read error" : "truncated partial file");
		return -1;
	}
	return 0;
}

/* The value of key in header text t (a new string), or NULL. */
static char *
value(const char *t, const char *key)
{
	size_t kl = strlen(key);
	const char *p = t;

	while (*p) {
		const char *e = strchr(p, '\n');

		if (e == NULL)
			e = p + strlen(p);
		if ((size_t)(e - p) > kl && strncmp(p, key, kl) == 0 &&
		    p[kl] == '=')
			return strndup(p + kl + 1, (size_t)(e - p - kl - 1));
		p = *e ? e + 1 : e;
	}
	return NULL;
}

/* Read and check part p's header and every section's checksum. */
static int
read_part(struct part *p, struct hop_err *err)
{
	char magic[8], *t = NULL, *v;
	uint32_t tlen, c;
	struct layout l;
	int r, ret = -1;
	size_t j;
	double *buf = NULL;
	const char *keys[] = {"species", "axes", "frames", "dt_ps",
	    "temperature_K", "volume_sum", "framework", "drift_sum",
	    "start_ps", "nions", "ions", "universe", "key", NULL};
	char *val[13] = {NULL};
	int k;

	if ((p->fp = fopen(p->path, "rb")) == NULL) {
		hop_err_set(err, "%s: cannot open: %s", p->path,
		    strerror(errno));
		return -1;
	}
	if (hop_outfile_protect(fileno(p->fp), p->path, err) != 0)
		return -1;
	if (rd(p, magic, 8, err) != 0)
		return -1;
	if (memcmp(magic, HOP_MSDPART_MAGIC, 8) != 0) {
		hop_err_set(err, "%s: not a partial file of msd --partial (no "
		    "HOPMSDP1 magic)", p->path);
		return -1;
	}
	if (rd(p, &tlen, 4, err) != 0)
		return -1;
	if (tlen > (1u << 28) || (t = malloc((size_t)tlen + 1)) == NULL) {
		hop_err_set(err, "%s: a header of %u bytes", p->path, tlen);
		return -1;
	}
	if (rd(p, t, tlen, err) != 0 || rd(p, &c, 4, err) != 0)
		goto out;
	t[tlen] = '\0';
	if (crc(0, t, tlen) != c) {
		hop_err_set(err, "%s: the header's checksum is wrong (a corrupt "
		    "file)", p->path);
		goto out;
	}
	for (k = 0; keys[k]; k++)
		if ((val[k] = value(t, keys[k])) == NULL) {
			hop_err_set(err, "%s: the header has no %s", p->path,
			    keys[k]);
			goto out;
		}
	snprintf(p->m.species, sizeof(p->m.species), "%s", val[0]);
	p->m.axes = (unsigned)strtoul(val[1], NULL, 10);
	p->m.frames = (size_t)strtoull(val[2], NULL, 10);
	p->m.dt_ps = strtod(val[3], NULL);
	p->m.temperature_K = strtod(val[4], NULL);
	p->m.volume_sum = strtod(val[5], NULL);
	snprintf(p->m.framework, sizeof(p->m.framework), "%s", val[6]);
	v = val[7];
	for (k = 0; k < 3; k++)
		p->m.drift_sum[k] = strtod(v, &v);
	p->m.start_ps = strtod(val[8], NULL);
	p->m.nions = (uint32_t)strtoul(val[9], NULL, 10);
	p->m.ions = val[10];
	p->m.universe = val[11];
	p->m.key = val[12];
	val[10] = val[11] = val[12] = NULL;
	if (p->m.axes < 1 || p->m.axes > 7 || p->m.frames < 2 ||
	    p->m.frames > HOP_MSD_MAX_FRAMES || !(p->m.dt_ps > 0) ||
	    p->m.nions == 0 ||
	    hop_atomrange_parse(&p->ions, p->m.ions, err) != 0 ||
	    hop_atomrange_count(&p->ions) != p->m.nions) {
		hop_err_set(err, "%s: a header that does not hold together",
		    p->path);
		goto out;
	}
	/* Sections: where each starts, and their checksums. */
	layout_make(&l, p->m.frames, p->m.dt_ps, p->m.start_ps);
	if ((buf = malloc(65536 * sizeof(double))) == NULL) {
		hop_err_set(err, "out of memory");
		goto out;
	}
	for (r = -2; r < R_N; r++)
		for (j = 0; j < (r < 0 ? 1 : l.ns[r]); j++) {
			uint64_t cnt, left, want;
			uint32_t cc = 0, got;
			unsigned dims = (p->m.axes & 1) + (p->m.axes >> 1 & 1) +
			    (p->m.axes >> 2 & 1);

			if (r == -2)
				want = p->m.frames;
			else if (r == -1)
				want = (uint64_t)p->m.frames * dims;
			else {
				size_t first, len;

				range_of(&l, r, &first, &len);
				want = (uint64_t)p->m.nions *
				    ((len - l.s[r][j]) / l.s[r][j]);
			}
			if (rd(p, &cnt, 8, err) != 0)
				goto out;
			if (cnt != want) {
				hop_err_set(err, "%s: a section of %llu values "
				    "where the header wants %llu", p->path,
				    (unsigned long long)cnt,
				    (unsigned long long)want);
				goto out;
			}
			if (r == -2)
				p->off_self = ftello(p->fp);
			else if (r == -1)
				p->off_sum = ftello(p->fp);
			else
				p->off[r][j] = ftello(p->fp);
			for (left = cnt; left > 0;) {
				size_t b = left > 65536 ? 65536 : (size_t)left;

				if (rd(p, buf, b * sizeof(double), err) != 0)
					goto out;
				cc = crc(cc, buf, b * sizeof(double));
				left -= b;
			}
			if (rd(p, &got, 4, err) != 0)
				goto out;
			if (got != cc) {
				hop_err_set(err, "%s: a section's checksum is "
				    "wrong (a corrupt file)", p->path);
				goto out;
			}
		}
	ret = 0;
out:
	for (k = 0; k < 13; k++)
		free(val[k]);
	free(t);
	free(buf);
	return ret;
}

static int
same(double a, double b)
{
	return memcmp(&a, &b, sizeof(a)) == 0 || (isnan(a) && isnan(b));
}

/* Parts a and b of one run analysed one way?  0 or -1. */
static int
agree(const struct part *a, const struct part *b, struct hop_err *err)
{
	const char *what = NULL;

	if (strcmp(a->m.species, b->m.species) != 0)
		what = "species";
	else if (a->m.axes != b->m.axes)
		what = "axes (--dims)";
	else if (a->m.frames != b->m.frames)
		what = "frames";
	else if (!same(a->m.dt_ps, b->m.dt_ps))
		what = "time step";
	else if (!same(a->m.temperature_K, b->m.temperature_K))
		what = "temperature";
	else if (!same(a->m.volume_sum, b->m.volume_sum))
		what = "cell volumes";
	else if (strcmp(a->m.framework, b->m.framework) != 0 ||
	    !same(a->m.drift_sum[0], b->m.drift_sum[0]) ||
	    !same(a->m.drift_sum[1], b->m.drift_sum[1]) ||
	    !same(a->m.drift_sum[2], b->m.drift_sum[2]))
		what = "drift correction (the framework's drift, taken out "
		    "by default or with --drift, needs every framework atom "
		    "in each part)";
	else if (!same(a->m.start_ps, b->m.start_ps))
		what = "--start";
	else if (strcmp(a->m.universe, b->m.universe) != 0)
		what = "the run's atoms";
	else if (strcmp(a->m.key, b->m.key) != 0)
		what = "provenance (other programs or options)";
	if (what == NULL)
		return 0;
	hop_err_set(err, "%s and %s are not parts of one run: they differ "
	    "in %s", a->path, b->path, what);
	return -1;
}

static int
set_ion(void *ctx, size_t first, size_t n, size_t stride, uint32_t i,
    double *p, struct hop_err *err)
{
	struct hop_msdpart_set *s = ctx;
	const struct layout *l = &s->l;
	struct part *pt;
	size_t k, j, m;
	int r;

	if (first == 0 && n == l->n)
		r = R_WHOLE;
	else if (first == 0 && n == l->h)
		r = R_HALF0;
	else if (first == l->h && n == l->h)
		r = R_HALF1;
	else {
		hop_err_set(err, "frames %zu to %zu: not a range the parts "
		    "carry", first, first + n);
		return -1;
	}
	for (j = 0; j < l->ns[r] && l->s[r][j] != stride; j++)
		;
	if (j == l->ns[r]) {
		hop_err_set(err, "a stride of %zu frames: not one the parts "
		    "carry (give msd --reduce the --start of the parts)",
		    stride);
		return -1;
	}
	for (k = s->n; k-- > 0;)
		if (i >= s->p[k].first_ion)
			break;
	pt = &s->p[k];
	m = (n - stride) / stride;
	if (fseeko(pt->fp, pt->off[r][j] + (long long)(i - pt->first_ion) *
	    (long long)m * 8, SEEK_SET) != 0 ||
	    fread(p, sizeof(double), m, pt->fp) != m) {
		hop_err_set(err, "%s: read error", pt->path);
		return -1;
	}
	return 0;
}

static void
set_sum(void *ctx, unsigned d, size_t first, size_t n, double *x)
{
	struct hop_msdpart_set *s = ctx;
	size_t k;

	for (k = 0; k < n; k++)
		x[k] = s->sum[(first + k) * s->dims + d];
}

void
hop_msdpart_free(struct hop_msdpart_set *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		if (s->p[i].fp != NULL)
			fclose(s->p[i].fp);
		hop_msdpart_meta_free(&s->p[i].m);
		hop_atomrange_free(&s->p[i].ions);
	}
	free(s->p);
	hop_msdpart_meta_free(&s->m);
	free(s->sum);
	free(s);
}

struct hop_msdpart_set *
hop_msdpart_open(const char *const *paths, size_t n, struct hop_err *err)
{
	struct hop_msdpart_set *s = calloc(1, sizeof(*s));
	struct hop_atomrange uni, all;
	uint32_t *idx = NULL, at;
	size_t i, j, k, nidx = 0;
	double *buf = NULL;

	hop_atomrange_init(&uni);
	hop_atomrange_init(&all);
	if (s == NULL || (s->p = calloc(n, sizeof(*s->p))) == NULL)
		goto nomem;
	s->n = n;
	for (i = 0; i < n; i++) {
		s->p[i].path = paths[i];
		hop_atomrange_init(&s->p[i].ions);
		if (read_part(&s->p[i], err) != 0)
			goto fail;
		if (i > 0 && agree(&s->p[0], &s->p[i], err) != 0)
			goto fail;
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (hop_atomrange_overlap(&s->p[i].ions, &s->p[j].ions,
			    &at)) {
				hop_err_set(err, "atom %u is in both %s and %s: "
				    "the parts overlap", at, paths[i],
				    paths[j]);
				goto fail;
			}
	/* Together, every ion of the species in the run. */
	if (hop_atomrange_parse(&uni, s->p[0].m.universe, err) != 0) {
		hop_err_prefix(err, paths[0]);
		goto fail;
	}
	for (i = 0; i < n; i++)
		nidx += s->p[i].m.nions;
	if ((idx = malloc((nidx ? nidx : 1) * sizeof(*idx))) == NULL)
		goto nomem;
	for (i = 0, nidx = 0; i < n; i++) {
		s->p[i].first_ion = (uint32_t)nidx;
		for (k = 0; k < s->p[i].ions.n; k++) {
			uint64_t a;

			for (a = s->p[i].ions.iv[k].lo;
			    a <= s->p[i].ions.iv[k].hi; a++) {
				if (!hop_atomrange_has(&uni, (uint32_t)a)) {
					hop_err_set(err, "%s: ion %llu is not "
					    "one of the run's %s ions",
					    paths[i], (unsigned long long)a,
					    s->p[i].m.species);
					goto fail;
				}
				idx[nidx++] = (uint32_t)a;
			}
		}
	}
	if (nidx != hop_atomrange_count(&uni)) {
		uint32_t first = 0;

		if (hop_atomrange_from_indices(&all, idx, nidx, err) != 0)
			goto fail;
		for (k = 0; k < uni.n; k++) {
			uint64_t a;

			for (a = uni.iv[k].lo; a <= uni.iv[k].hi; a++)
				if (!hop_atomrange_has(&all, (uint32_t)a)) {
					first = (uint32_t)a;
					goto found;
				}
		}
found:
		hop_err_set(err, "the parts miss %llu of the %llu %s ions "
		    "(first %u): is a part missing?",
		    (unsigned long long)(hop_atomrange_count(&uni) - nidx),
		    (unsigned long long)hop_atomrange_count(&uni),
		    s->p[0].m.species, first);
		goto fail;
	}
	/* The run's meta and summed displacement. */
	s->m = s->p[0].m;
	s->m.nions = (uint32_t)nidx;
	s->m.ions = strdup(s->p[0].m.universe);
	s->m.universe = strdup(s->p[0].m.universe);
	s->m.key = strdup(s->p[0].m.key);
	if (s->m.ions == NULL || s->m.universe == NULL || s->m.key == NULL)
		goto nomem;
	layout_make(&s->l, s->m.frames, s->m.dt_ps, s->m.start_ps);
	s->dims = (s->m.axes & 1) + (s->m.axes >> 1 & 1) + (s->m.axes >> 2 & 1);
	if ((s->sum = calloc(s->m.frames * s->dims, sizeof(double))) == NULL ||
	    (buf = malloc(s->m.frames * s->dims * sizeof(double))) == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		if (fseeko(s->p[i].fp, s->p[i].off_sum, SEEK_SET) != 0 ||
		    fread(buf, sizeof(double), s->m.frames * s->dims,
		    s->p[i].fp) != s->m.frames * s->dims) {
			hop_err_set(err, "%s: read error", paths[i]);
			goto fail;
		}
		for (k = 0; k < s->m.frames * s->dims; k++)
			s->sum[k] += buf[k];
	}
	free(buf);
	free(idx);
	hop_atomrange_free(&uni);
	hop_atomrange_free(&all);
	return s;
nomem:
	hop_err_set(err, "out of memory");
fail:
	free(buf);
	free(idx);
	hop_atomrange_free(&uni);
	hop_atomrange_free(&all);
	hop_msdpart_free(s);
	return NULL;
}

const struct hop_msdpart_meta *
hop_msdpart_meta(const struct hop_msdpart_set *s)
{
	return &s->m;
}

int
hop_msdpart_msd(struct hop_msdpart_set *s, double *self, double *coll,
    struct hop_err *err)
{
	size_t n = s->m.frames, k, i;
	double *buf = malloc(n * sizeof(*buf)), *x = malloc(n * sizeof(*x));
	struct hop_msd_fft *f = NULL;
	unsigned d;
	int ret = -1;

	if (buf == NULL || x == NULL) {
		hop_err_set(err, "out of memory");
		goto out;
	}
	for (k = 0; k < n; k++)
		self[k] = 0;
	for (i = 0; i < s->n; i++) {
		if (fseeko(s->p[i].fp, s->p[i].off_self, SEEK_SET) != 0 ||
		    fread(buf, sizeof(double), n, s->p[i].fp) != n) {
			hop_err_set(err, "%s: read error", s->p[i].path);
			goto out;
		}
		for (k = 0; k < n; k++)
			self[k] += buf[k];
	}
	for (k = 0; k < n; k++)
		self[k] /= (double)s->m.nions * (double)(n - k);
	if ((f = hop_msd_fft_new(n, err)) == NULL)
		goto out;
	for (d = 0; d < s->dims; d++) {
		set_sum(s, d, 0, n, x);
		hop_msd_fft_add(f, x);
	}
	hop_msd_fft_take(f, coll);
	for (k = 0; k < n; k++)
		coll[k] /= (double)s->m.nions * (double)(n - k);
	ret = 0;
out:
	hop_msd_fft_free(f);
	free(buf);
	free(x);
	return ret;
}

void
hop_msdpart_spectra(struct hop_msdpart_set *s, struct hop_diff_spectra *sp)
{
	sp->nions = s->m.nions;
	sp->dims = s->dims;
	sp->nframes = s->m.frames;
	sp->ion = set_ion;
	sp->sum = set_sum;
	sp->ctx = s;
}
