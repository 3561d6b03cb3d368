/*
 * msd.c - see msd.h.
 */
#include <fftw3.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jobs.h"
#include "msd.h"
#include "posstore.h"
#include "stats.h"

struct hop_msd_fft {
	size_t n;           /* series length */
	size_t len;         /* padded transform length, >= 2n - 1 */
	double *in;         /* len reals: the series, then the correlation */
	fftw_complex *spec; /* len/2 + 1 coefficients */
	double *pow;        /* accumulated power spectrum, len/2 + 1 */
	double *q;          /* accumulated sums of squares, n */
	double *suf;        /* scratch: suffix sums of squares, n + 1 */
	fftw_plan fwd, inv;
};

/* The smallest length >= min whose only prime factors are 2, 3, 5 and 7,
 * the lengths FFTW transforms fastest. */
static size_t
smooth_len(size_t min)
{
	static const size_t primes[] = {2, 3, 5, 7};
	size_t len, r, k;

	for (len = min > 1 ? min : 1;; len++) {
		r = len;
		for (k = 0; k < 4; k++)
			while (r % primes[k] == 0)
				r /= primes[k];
		if (r == 1)
			return len;
	}
}

struct hop_msd_fft *
hop_msd_fft_new(size_t n, struct hop_err *err)
{
	struct hop_msd_fft *f;
	size_t nc;

	if (n < 1 || n > HOP_MSD_MAX_FRAMES) {
		hop_err_set(err, "cannot transform a series of %zu frames "
		    "(limit %u)", n, HOP_MSD_MAX_FRAMES);
		return NULL;
	}
	f = calloc(1, sizeof(*f));
	if (f == NULL)
		goto nomem;
	f->n = n;
	f->len = smooth_len(2 * n - 1);
	nc = f->len / 2 + 1;
	f->in = fftw_malloc(f->len * sizeof(double));
	f->spec = fftw_malloc(nc * sizeof(fftw_complex));
	f->pow = calloc(nc, sizeof(double));
	f->q = calloc(n, sizeof(double));
	f->suf = malloc((n + 1) * sizeof(double));
	if (f->in == NULL || f->spec == NULL || f->pow == NULL ||
	    f->q == NULL || f->suf == NULL)
		goto nomem;
	/* FFTW_ESTIMATE plans in microseconds and leaves the arrays alone;
	 * measuring would cost more than the transforms of a typical run. */
	f->fwd = fftw_plan_dft_r2c_1d((int)f->len, f->in, f->spec,
	    FFTW_ESTIMATE);
	f->inv = fftw_plan_dft_c2r_1d((int)f->len, f->spec, f->in,
	    FFTW_ESTIMATE);
	if (f->fwd == NULL || f->inv == NULL) {
		hop_err_set(err, "no FFT plan for length %zu", f->len);
		hop_msd_fft_free(f);
		return NULL;
	}
	return f;
nomem:
	hop_err_set(err, "out of memory for an FFT of %zu frames", n);
	hop_msd_fft_free(f);
	return NULL;
}

void
hop_msd_fft_add(struct hop_msd_fft *f, const double *x)
{
	size_t n = f->n, nc = f->len / 2 + 1, t, m;
	double mean = 0, pre = 0;

	/*
	 * S(m) does not change when a constant is added to x, so the mean
	 * is taken out first: the sum of squares and the correlation then
	 * stay as small as the motion itself, and so do their rounding
	 * errors, which would otherwise swamp short-lag MSDs of ions far
	 * from the origin.
	 */
	for (t = 0; t < n; t++)
		mean += x[t];
	mean /= (double)n;
	for (t = 0; t < n; t++)
		f->in[t] = x[t] - mean;
	memset(f->in + n, 0, (f->len - n) * sizeof(double));
	/*
	 * sum_{t<n-m} x(t+m)^2 + x(t)^2 = suffix(m) + prefix(n-m), both
	 * summed from their small ends so no subtraction loses digits.
	 */
	f->suf[n] = 0;
	for (t = n; t-- > 0;)
		f->suf[t] = f->suf[t + 1] + f->in[t] * f->in[t];
	for (m = n; m-- > 0;) {
		/* Here pre = sum_{t < n-1-m} x(t)^2; add x(n-1-m)^2. */
		pre += f->in[n - 1 - m] * f->in[n - 1 - m];
		f->q[m] += pre + f->suf[m];
	}
	fftw_execute(f->fwd);
	for (t = 0; t < nc; t++)
		f->pow[t] += f->spec[t][0] * f->spec[t][0] +
		    f->spec[t][1] * f->spec[t][1];
}

void
hop_msd_fft_take(struct hop_msd_fft *f, double *s)
{
	size_t n = f->n, nc = f->len / 2 + 1, k, m;
	double scale = 1.0 / (double)f->len;

	/* The inverse transform of the summed power spectra is the summed
	 * autocorrelation sum_t x(t) x(t+m), times len. */
	for (k = 0; k < nc; k++) {
		f->spec[k][0] = f->pow[k];
		f->spec[k][1] = 0;
	}
	fftw_execute(f->inv);
	s[0] = 0;
	for (m = 1; m < n; m++) {
		double v = f->q[m] - 2.0 * f->in[m] * scale;

		/* A sum of squares: a negative value is rounding error. */
		s[m] = v > 0 ? v : 0;
	}
	memset(f->pow, 0, nc * sizeof(double));
	memset(f->q, 0, n * sizeof(double));
}

void
hop_msd_fft_free(struct hop_msd_fft *f)
{
	if (f == NULL)
		return;
	if (f->fwd != NULL)
		fftw_destroy_plan(f->fwd);
	if (f->inv != NULL)
		fftw_destroy_plan(f->inv);
	fftw_free(f->in);
	fftw_free(f->spec);
	free(f->pow);
	free(f->q);
	free(f->suf);
	free(f);
}

/* --- trajectory storage --- */

/*
 * The series (series = ion * dims + axis) live in a position store
 * (posstore.h): float displacements from the first frame, in chunks of
 * frames, so the peak memory is the data itself.
 */
struct hop_msd_traj {
	uint32_t nions;
	unsigned dims;
	unsigned axis[3];   /* the kept axes, 0..2 */
	size_t nseries;     /* nions * dims */
	size_t frames;
	struct hop_posstore *ps;
	double *row;        /* nseries: the frame being added, shift removed */
	double *sum;        /* frames x dims: displacements summed over ions */
	size_t sumcap;      /* frames sum has room for */
};

struct hop_msd_traj *
hop_msd_traj_new(uint32_t nions, unsigned axes, struct hop_err *err)
{
	struct hop_msd_traj *t;
	unsigned a;

	if (nions < 1 || (axes & 7u) == 0 || (axes & ~7u) != 0) {
		hop_err_set(err, "invalid MSD set (%u ions, axes 0x%x)", nions,
		    axes);
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (t == NULL)
		goto nomem;
	t->nions = nions;
	for (a = 0; a < 3; a++)
		if (axes & (1u << a))
			t->axis[t->dims++] = a;
	t->nseries = (size_t)nions * t->dims;
	if ((t->ps = hop_posstore_new(t->nseries, err)) == NULL) {
		hop_msd_traj_free(t);
		return NULL;
	}
	t->row = malloc(t->nseries * sizeof(double));
	if (t->row == NULL)
		goto nomem;
	return t;
nomem:
	hop_err_set(err, "out of memory for %u ions", nions);
	hop_msd_traj_free(t);
	return NULL;
}

/* Make room for one more frame's sums. 0 or -1. */
static int
traj_grow(struct hop_msd_traj *t, struct hop_err *err)
{
	size_t f = t->frames;

	if (f >= HOP_MSD_MAX_FRAMES) {
		hop_err_set(err, "more than %u frames", HOP_MSD_MAX_FRAMES);
		return -1;
	}
	if (f == t->sumcap) {
		size_t cap = t->sumcap ? 2 * t->sumcap : 1024;
		double *s = realloc(t->sum, cap * t->dims * sizeof(double));

		if (s == NULL)
			goto nomem;
		t->sum = s;
		t->sumcap = cap;
	}
	return 0;
nomem:
	hop_err_set(err, "out of memory storing frame %zu of %u ions", f + 1,
	    t->nions);
	return -1;
}

int
hop_msd_traj_add(struct hop_msd_traj *t, const double *pos,
    const double *shift, struct hop_err *err)
{
	static const double zero[3] = {0, 0, 0};
	size_t f = t->frames, bad;
	double *sum;
	uint32_t i;
	unsigned d;

	if (shift == NULL)
		shift = zero;
	for (i = 0; i < t->nions; i++)
		for (d = 0; d < 3; d++)
			if (!isfinite(pos[3 * (size_t)i + d])) {
				hop_err_set(err, "frame %zu: ion %u has a "
				    "non-finite coordinate", f + 1, i + 1);
				return -1;
			}
	if (traj_grow(t, err) != 0)
		return -1;
	for (i = 0; i < t->nions; i++)
		for (d = 0; d < t->dims; d++) {
			unsigned a = t->axis[d];

			t->row[(size_t)i * t->dims + d] =
			    pos[3 * (size_t)i + a] - shift[a];
		}
	/* The store keeps displacements from the first frame as floats. */
	if (hop_posstore_add(t->ps, t->row, &bad, err) != 0) {
		if (bad != SIZE_MAX)
			hop_err_set(err, "frame %zu: ion %zu has a huge "
			    "coordinate", f + 1, bad / t->dims + 1);
		else
			hop_err_set(err, "out of memory storing frame %zu of "
			    "%u ions", f + 1, t->nions);
		return -1;
	}
	/* The sums are of the displacements in double precision. */
	sum = t->sum + f * t->dims;
	for (d = 0; d < t->dims; d++)
		sum[d] = 0;
	for (i = 0; i < t->nions; i++)
		for (d = 0; d < t->dims; d++) {
			size_t s = (size_t)i * t->dims + d;

			sum[d] += t->row[s] - hop_posstore_origin(t->ps, s);
		}
	t->frames++;
	return 0;
}

size_t
hop_msd_traj_frames(const struct hop_msd_traj *t)
{
	return t->frames;
}

uint32_t
hop_msd_traj_ions(const struct hop_msd_traj *t)
{
	return t->nions;
}

unsigned
hop_msd_traj_dims(const struct hop_msd_traj *t)
{
	return t->dims;
}

const struct hop_posstore *
hop_msd_traj_store(const struct hop_msd_traj *t)
{
	return t->ps;
}

/* One thread's share of the tracer MSD: series [s0, s1). */
struct share {
	const struct hop_msd_traj *t;
	struct hop_msd_fft *f;
	double *x;
	size_t first, n, s0, s1;
};

static void *
run_share(void *arg)
{
	struct share *sh = arg;
	size_t s;

	for (s = sh->s0; s < sh->s1; s++) {
		hop_posstore_get_double(sh->t->ps, s, sh->first, sh->n,
		    sh->x);
		hop_msd_fft_add(sh->f, sh->x);
	}
	return NULL;
}

int
hop_msd_traj_compute(const struct hop_msd_traj *t, size_t first,
    size_t n, unsigned nthreads, double *self, double *coll,
    struct hop_err *err)
{
	struct share *sh = NULL;
	double *acc = NULL;
	size_t m, k;
	unsigned j, d;
	int ret = -1;

	if (n < 1 || first > t->frames || n > t->frames - first) {
		hop_err_set(err, "frames %zu to %zu are not in the %zu stored",
		    first + 1, first + n, t->frames);
		return -1;
	}
	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > t->nseries)
		nthreads = (unsigned)t->nseries;
	sh = calloc(nthreads, sizeof(*sh));
	acc = malloc(n * sizeof(double));
	if (sh == NULL || acc == NULL) {
		hop_err_set(err, "out of memory");
		goto out;
	}
	/* FFTW's planner is not thread-safe: every plan is made here. */
	for (j = 0; j < nthreads; j++) {
		sh[j].t = t;
		sh[j].first = first;
		sh[j].n = n;
		sh[j].s0 = t->nseries * j / nthreads;
		sh[j].s1 = t->nseries * (j + 1) / nthreads;
		sh[j].f = hop_msd_fft_new(n, err);
		sh[j].x = malloc(n * sizeof(double));
		if (sh[j].f == NULL || sh[j].x == NULL) {
			if (sh[j].f != NULL)
				hop_err_set(err, "out of memory");
			goto out;
		}
	}
	if (self != NULL) {
		hop_jobs_run(run_share, sh, sizeof(*sh), nthreads);
		for (m = 0; m < n; m++)
			self[m] = 0;
		for (j = 0; j < nthreads; j++) {
			hop_msd_fft_take(sh[j].f, acc);
			for (m = 0; m < n; m++)
				self[m] += acc[m];
		}
		for (m = 0; m < n; m++)
			self[m] /= (double)t->nions * (double)(n - m);
	}
	if (coll != NULL) {
		for (d = 0; d < t->dims; d++) {
			for (k = 0; k < n; k++)
				sh[0].x[k] = t->sum[(first + k) * t->dims + d];
			hop_msd_fft_add(sh[0].f, sh[0].x);
		}
		hop_msd_fft_take(sh[0].f, coll);
		for (m = 0; m < n; m++)
			coll[m] /= (double)t->nions * (double)(n - m);
	}
	ret = 0;
out:
	if (sh != NULL)
		for (j = 0; j < nthreads; j++) {
			hop_msd_fft_free(sh[j].f);
			free(sh[j].x);
		}
	free(sh);
	free(acc);
	return ret;
}

void
hop_msd_traj_series(const struct hop_msd_traj *t, uint32_t ion, unsigned d,
    size_t first, size_t n, double *x)
{
	size_t k;

	if (ion != HOP_MSD_SUM) {
		hop_posstore_get_double(t->ps, (size_t)ion * t->dims + d,
		    first, n, x);
		return;
	}
	for (k = 0; k < n; k++)
		x[k] = t->sum[(first + k) * t->dims + d];
}

void
hop_msd_traj_free(struct hop_msd_traj *t)
{
	if (t == NULL)
		return;
	hop_posstore_free(t->ps);
	free(t->row);
	free(t->sum);
	free(t);
}

/* --- fits --- */

size_t
hop_msd_fit_window(const double *lag, const double *msd, size_t n,
    double from, double to, double *slope, struct hop_linfit *fit)
{
	struct hop_linfit lf;
	double last = (double)(n > 0 ? n - 1 : 0);
	size_t lo, hi;

	*slope = NAN;
	if (fit != NULL)
		memset(fit, 0, sizeof(*fit));
	if (n < 2 || !(from >= 0 && from < to && to <= 1))
		return 0;
	/* A relative slack keeps 0.5 * 3000 from rounding up past 1500. */
	lo = (size_t)ceil(from * last * (1 - 1e-12));
	hi = (size_t)floor(to * last * (1 + 1e-12));
	if (hi > n - 1)
		hi = n - 1;
	if (hi < lo + 1)
		return 0;
	if (hop_fit_line(lag + lo, msd + lo, NULL, hi - lo + 1, &lf) != 0)
		return 0;
	*slope = lf.b;
	if (fit != NULL)
		*fit = lf;
	return hi - lo + 1;
}

size_t
hop_msd_log_lags(size_t n, size_t count, size_t *lags)
{
	size_t k, got = 0;
	double top;

	if (n < 2 || count < 1)
		return 0;
	top = log((double)(n - 1));
	for (k = 0; k < count; k++) {
		double e = count > 1 ? top * (double)k / (double)(count - 1) :
		    top;
		size_t l = (size_t)llround(exp(e));

		if (l < 1)
			l = 1;
		if (l > n - 1)
			l = n - 1;
		if (got == 0 || l > lags[got - 1])
			lags[got++] = l;
	}
	return got;
}

int
hop_msd_block_sd(const struct hop_msd_traj *t, const double *lag,
    size_t nblocks, const double *from, const double *to, size_t nwin,
    unsigned nthreads, double *sd_self, double *sd_coll,
    struct hop_err *err)
{
	size_t len = nblocks ? hop_msd_traj_frames(t) / nblocks : 0, k, w;
	double *s = NULL, *c = NULL, *v = NULL;
	int ret = -1;

	for (w = 0; w < nwin; w++)
		sd_self[w] = sd_coll[w] = NAN;
	if (nblocks < 2 || len < HOP_MSD_MIN_BLOCK)
		return 0;
	s = malloc(len * sizeof(double));
	c = malloc(len * sizeof(double));
	/* v: the slopes, block by block within each window and kind. */
	v = nwin * 2 > SIZE_MAX / sizeof(double) / nblocks ? NULL :
	    malloc(2 * nwin * nblocks * sizeof(double));
	if (s == NULL || c == NULL || v == NULL) {
		hop_err_set(err, "out of memory");
		goto out;
	}
	for (k = 0; k < nblocks; k++) {
		if (hop_msd_traj_compute(t, k * len, len, nthreads, s, c,
		    err) != 0)
			goto out;
		for (w = 0; w < nwin; w++) {
			hop_msd_fit_window(lag, s, len, from[w], to[w],
			    &v[2 * w * nblocks + k], NULL);
			hop_msd_fit_window(lag, c, len, from[w], to[w],
			    &v[(2 * w + 1) * nblocks + k], NULL);
		}
	}
	for (w = 0; w < nwin; w++) {
		sd_self[w] = hop_stddev(v + 2 * w * nblocks, nblocks);
		sd_coll[w] = hop_stddev(v + (2 * w + 1) * nblocks, nblocks);
	}
	ret = (int)nblocks;
out:
	free(s);
	free(c);
	free(v);
	return ret;
}
