/*
 * eventcorr.c - see eventcorr.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eventcorr.h"
#include "rng.h"

/* One smoothed event: its values on the window [a, b] of frames. */
struct ev {
	uint64_t a, b;
	double *y;
	double S, Q;  /* sum y and sum y^2 */
	double D;     /* sqrt(T Q - S^2), 0 when flat */
	double u;     /* S / D */
};

struct hop_eventcorr {
	size_t n;
	uint64_t T;
	struct ev *ev;
	double *pool;  /* every event's values */
	size_t *order; /* events by window start */
	double *usort; /* u of the events with a defined correlation, sorted */
	size_t nu;
};

/* The kernel exp(-k^2 / 2 sigma^2) for |k| <= R, with R no larger than
 * the run needs; g[k + R].  Peak 1: its scale cannot change a Pearson
 * correlation. */
struct kernel {
	uint64_t d; /* duration it was made for */
	uint64_t R;
	double *g;
	double *L;  /* L[i] = g[0] + ... + g[i-1] */
};

/*
 * The Gaussian's sigma for an event lasting d = end - start frames: its
 * FWHM is the number of frames the hop spans, d + 1 (IonDiff counts the
 * signal's non-zero frames), so every event is smoothed, one of a single
 * frame too.
 */
static double
sigma_of(uint64_t d)
{
	return ((double)d + 1.0) / HOP_EVCORR_FWHM;
}

static uint64_t
radius(uint64_t d, uint64_t T)
{
	double sigma = sigma_of(d);
	double r = ceil(sigma * sqrt(-2.0 * log(HOP_EVCORR_CUT)));

	/* Lags of T or more never meet a frame of the run. */
	if (T == 0)
		return 0;
	return r >= (double)(T - 1) ? T - 1 : (uint64_t)r;
}

static int
kernel_make(struct kernel *k, uint64_t d, uint64_t T)
{
	double sigma = sigma_of(d);
	uint64_t R = radius(d, T), i;

	if (k->g != NULL && k->d == d)
		return 0;
	free(k->g);
	free(k->L);
	k->g = k->L = NULL;
	if (R > HOP_EVCORR_MAX_VALUES)
		return -1;
	k->g = malloc((2 * R + 1) * sizeof(double));
	k->L = malloc((2 * R + 2) * sizeof(double));
	if (k->g == NULL || k->L == NULL)
		return -1;
	k->d = d;
	k->R = R;
	for (i = 0; i <= 2 * R; i++) {
		double x = (double)i - (double)R;

		k->g[i] = exp(-x * x / (2 * sigma * sigma));
	}
	k->L[0] = 0;
	for (i = 0; i <= 2 * R; i++)
		k->L[i + 1] = k->L[i] + k->g[i];
	return 0;
}

/*
 * The sum of g(k) for lo <= k <= hi.  A range right of the centre is
 * summed as its mirror image, from the far tail, so that small tail values
 * keep their relative precision.
 */
static double
ksum(const struct kernel *k, int64_t lo, int64_t hi)
{
	int64_t R = (int64_t)k->R;

	if (lo > 0) {
		int64_t t = lo;

		lo = -hi;
		hi = -t;
	}
	if (lo < -R)
		lo = -R;
	if (hi > R)
		hi = R;
	if (lo > hi)
		return 0;
	return k->L[hi + R + 1] - k->L[lo + R];
}

/* A window start and its event, to sort events by window start. */
struct key {
	uint64_t a;
	size_t i;
};

static int
cmp_key(const void *pa, const void *pb)
{
	const struct key *x = pa, *y = pb;

	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

static int
cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

/* Frames [lo, hi] of the window around an event, clipped to the run. */
static void
window(uint64_t start, uint64_t end, uint64_t R, uint64_t T, uint64_t *lo,
    uint64_t *hi)
{
	*lo = start > R ? start - R : 0;
	*hi = T - 1 - end > R ? end + R : T - 1; /* end + R may overflow */
}

static int
check_events(const uint64_t *start, const uint64_t *end, size_t n,
    uint64_t T, struct hop_err *err)
{
	size_t i;

	if (n > ((size_t)1 << 32)) {
		hop_err_set(err, "too many events (%zu)", n);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (start[i] > end[i] || end[i] >= T) {
			hop_err_set(err, "event %zu: frames %llu-%llu outside "
			    "the run of %llu frames", i,
			    (unsigned long long)start[i],
			    (unsigned long long)end[i], (unsigned long long)T);
			return -1;
		}
	return 0;
}

/* D and u from S and Q; a flat signal (variance lost in rounding) gets
 * D = 0. */
static void
finish_sums(struct ev *e, uint64_t T)
{
	double tq = (double)T * e->Q, v = tq - e->S * e->S;

	if (v > 1e-12 * tq) {
		e->D = sqrt(v);
		e->u = e->S / e->D;
	} else {
		e->D = 0;
		e->u = 0;
	}
}

struct hop_eventcorr *
hop_eventcorr_new(const uint64_t *start, const uint64_t *end, size_t n,
    uint64_t nframes, struct hop_err *err)
{
	struct hop_eventcorr *c;
	struct kernel k = {0, 0, NULL, NULL};
	struct key *keys = NULL;
	uint64_t total = 0;
	size_t i;
	double *p;

	if (check_events(start, end, n, nframes, err) != 0)
		return NULL;
	/* Count every window's values before allocating anything big. */
	for (i = 0; i < n; i++) {
		uint64_t lo, hi;

		window(start[i], end[i], radius(end[i] - start[i], nframes),
		    nframes, &lo, &hi);
		total += hi - lo + 1;
		if (total > HOP_EVCORR_MAX_VALUES) {
			hop_err_set(err, "smoothed events need more than "
			    "%llu values: too many or too long hops",
			    (unsigned long long)HOP_EVCORR_MAX_VALUES);
			return NULL;
		}
	}
	if ((c = calloc(1, sizeof(*c))) == NULL)
		goto nomem;
	c->n = n;
	c->T = nframes;
	c->ev = calloc(n ? n : 1, sizeof(*c->ev));
	c->pool = malloc((total ? total : 1) * sizeof(double));
	c->order = malloc((n ? n : 1) * sizeof(size_t));
	c->usort = malloc((n ? n : 1) * sizeof(double));
	keys = malloc((n ? n : 1) * sizeof(*keys));
	if (c->ev == NULL || c->pool == NULL || c->order == NULL ||
	    c->usort == NULL || keys == NULL)
		goto nomem;
	p = c->pool;
	for (i = 0; i < n; i++) {
		struct ev *e = &c->ev[i];
		uint64_t t;

		if (kernel_make(&k, end[i] - start[i], nframes) != 0)
			goto nomem;
		window(start[i], end[i], k.R, nframes, &e->a, &e->b);
		e->y = p;
		for (t = e->a; t <= e->b; t++) {
			double y = ksum(&k, (int64_t)t - (int64_t)end[i],
			    (int64_t)t - (int64_t)start[i]);

			*p++ = y;
			e->S += y;
			e->Q += y * y;
		}
		finish_sums(e, nframes);
		keys[i].a = e->a;
		keys[i].i = i;
		if (e->D > 0)
			c->usort[c->nu++] = e->u;
	}
	free(k.g);
	free(k.L);
	qsort(keys, n, sizeof(*keys), cmp_key);
	for (i = 0; i < n; i++)
		c->order[i] = keys[i].i;
	free(keys);
	qsort(c->usort, c->nu, sizeof(double), cmp_double);
	return c;
nomem:
	free(k.g);
	free(k.L);
	free(keys);
	hop_eventcorr_free(c);
	hop_err_set(err, "out of memory for %zu smoothed events", n);
	return NULL;
}

void
hop_eventcorr_free(struct hop_eventcorr *c)
{
	if (c == NULL)
		return;
	free(c->ev);
	free(c->pool);
	free(c->order);
	free(c->usort);
	free(c);
}

/* The sum of y_i y_j over the overlap of two windows (0 if none). */
static double
overlap(const struct ev *x, const struct ev *y)
{
	uint64_t lo = x->a > y->a ? x->a : y->a;
	uint64_t hi = x->b < y->b ? x->b : y->b, t;
	const double *px, *py;
	double s = 0;

	if (lo > hi)
		return 0;
	px = x->y + (lo - x->a);
	py = y->y + (lo - y->a);
	for (t = 0; t <= hi - lo; t++)
		s += px[t] * py[t];
	return s;
}

/* A correlation computed in floating point can pass 1 by a rounding
 * error (two identical events): it is clamped to [-1, 1], so that a
 * threshold of 1 is never exceeded. */
static double
clamp1(double r)
{
	return r > 1 ? 1 : r < -1 ? -1 : r;
}

static double
corr(const struct hop_eventcorr *c, const struct ev *x, const struct ev *y)
{
	if (x->D == 0 || y->D == 0)
		return NAN;
	return clamp1(((double)c->T * overlap(x, y) - x->S * y->S) /
	    (x->D * y->D));
}

double
hop_eventcorr_r(const struct hop_eventcorr *c, size_t i, size_t j)
{
	if (i == j)
		return c->ev[i].D > 0 ? 1.0 : NAN;
	return corr(c, &c->ev[i], &c->ev[j]);
}

/*
 * Visit every pair of events whose windows overlap (i before j by window
 * start): a sweep over the events sorted by window start.
 */
#define FOR_OVERLAPS(c, p, q, i, j)					\
	for (p = 0; p < (c)->n; p++)					\
		for (q = p + 1; q < (c)->n &&				\
		    (c)->ev[(c)->order[q]].a <= (c)->ev[(c)->order[p]].b; q++) \
			if ((i = (c)->order[p]), (j = (c)->order[q]), 1)

double
hop_eventcorr_mean(const struct hop_eventcorr *c)
{
	double sum = 0, su = 0, su2 = 0, m = (double)c->nu;
	size_t p, q, i, j, k;

	if (c->nu < 2)
		return NAN;
	/* r_ij = T P_ij / (D_i D_j) - u_i u_j: the second term summed over
	 * all pairs in closed form, the first over overlapping ones. */
	FOR_OVERLAPS(c, p, q, i, j) {
		const struct ev *x = &c->ev[i], *y = &c->ev[j];

		if (x->D > 0 && y->D > 0)
			sum += 2.0 * (double)c->T * overlap(x, y) /
			    (x->D * y->D);
	}
	for (k = 0; k < c->nu; k++) {
		su += c->usort[k];
		su2 += c->usort[k] * c->usort[k];
	}
	sum -= su * su - su2;
	return sum / (m * (m - 1));
}

/* How many of the sorted u are below v. */
static size_t
count_below(const double *u, size_t n, double v)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (u[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
hop_eventcorr_counts(const struct hop_eventcorr *c, double thr, uint32_t *N)
{
	size_t p, q, i, j;

	for (i = 0; i < c->n; i++)
		N[i] = 1;
	if (isnan(thr))
		return;
	/* With thr < 0 a pair without overlap, r = -u_i u_j, counts when
	 * u_j < -thr / u_i: counted from the sorted u for all j, then the
	 * overlapping j (whose r is not -u_i u_j) and i itself removed. */
	if (thr < 0)
		for (i = 0; i < c->n; i++) {
			const struct ev *e = &c->ev[i];

			if (e->D == 0)
				continue;
			N[i] += (uint32_t)count_below(c->usort, c->nu,
			    -thr / e->u);
			if (e->u * e->u < -thr)
				N[i]--;
		}
	FOR_OVERLAPS(c, p, q, i, j) {
		const struct ev *x = &c->ev[i], *y = &c->ev[j];
		double r;

		if (x->D == 0 || y->D == 0)
			continue;
		if (thr < 0 && x->u * y->u < -thr) {
			N[i]--;
			N[j]--;
		}
		r = corr(c, x, y);
		if (r > thr) {
			N[i]++;
			N[j]++;
		}
	}
}

int
hop_eventcorr_pairs(const struct hop_eventcorr *c, double thr,
    int (*fn)(void *ctx, size_t i, size_t j, double r), void *ctx)
{
	size_t p, q, i, j;
	int st;

	if (isnan(thr))
		return 0;
	FOR_OVERLAPS(c, p, q, i, j) {
		double r = corr(c, &c->ev[i], &c->ev[j]);

		if (r > thr && (st = fn(ctx, i < j ? i : j, i < j ? j : i,
		    r)) != 0)
			return st;
	}
	if (thr >= 0)
		return 0;
	/* Pairs without overlap can pass a negative threshold: all pairs
	 * must be looked at. */
	for (i = 0; i < c->n; i++)
		for (j = i + 1; j < c->n; j++) {
			const struct ev *x = &c->ev[i], *y = &c->ev[j];

			if (x->a <= y->b && y->a <= x->b)
				continue;
			if (x->D > 0 && y->D > 0 && -x->u * y->u > thr &&
			    (st = fn(ctx, i, j, -x->u * y->u)) != 0)
				return st;
		}
	return 0;
}

/* --- the dense reference --- */

int
hop_eventcorr_dense(const uint64_t *start, const uint64_t *end, size_t n,
    uint64_t nframes, double *R, struct hop_err *err)
{
	struct kernel k = {0, 0, NULL, NULL};
	double *X, *ss;
	uint64_t T = nframes, t, s;
	size_t i, j;

	if (check_events(start, end, n, T, err) != 0)
		return -1;
	if (n > 0 && T > HOP_EVCORR_MAX_VALUES / n) {
		hop_err_set(err, "dense correlations of %zu events over %llu "
		    "frames: too large", n, (unsigned long long)T);
		return -1;
	}
	X = malloc((n > 0 && T > 0 ? n * T : 1) * sizeof(double));
	ss = malloc((n ? n : 1) * sizeof(double));
	if (X == NULL || ss == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		double *x = X + i * T, peak = 0, m = 0;

		if (kernel_make(&k, end[i] - start[i], T) != 0)
			goto nomem;
		/* Direct convolution of the 0/1 signal, frame by frame. */
		for (t = 0; t < T; t++) {
			double y = 0;

			for (s = start[i]; s <= end[i]; s++) {
				uint64_t lag = t > s ? t - s : s - t;

				if (lag <= k.R)
					y += k.g[(int64_t)t - (int64_t)s +
					    (int64_t)k.R];
			}
			x[t] = y;
			peak = y > peak ? y : peak;
		}
		for (t = 0; t < T; t++) {
			x[t] /= peak; /* IonDiff's rescaling to peak 1 */
			m += x[t];
		}
		m /= (double)T;
		ss[i] = 0;
		for (t = 0; t < T; t++) {
			x[t] -= m;
			ss[i] += x[t] * x[t];
		}
		/* The same flatness rule as the sparse sums. */
		if (!(ss[i] > 1e-12 * (ss[i] + (double)T * m * m)))
			ss[i] = 0;
	}
	for (i = 0; i < n; i++)
		for (j = i; j < n; j++) {
			const double *x = X + i * T, *y = X + j * T;
			double sxy = 0, r;

			if (ss[i] == 0 || ss[j] == 0) {
				r = NAN;
			} else if (i == j) {
				r = 1;
			} else {
				for (t = 0; t < T; t++)
					sxy += x[t] * y[t];
				r = clamp1(sxy / sqrt(ss[i] * ss[j]));
			}
			R[i * n + j] = R[j * n + i] = r;
		}
	free(k.g);
	free(k.L);
	free(X);
	free(ss);
	return 0;
nomem:
	free(k.g);
	free(k.L);
	free(X);
	free(ss);
	hop_err_set(err, "out of memory for dense correlations");
	return -1;
}

double
hop_eventcorr_dense_mean(const double *R, size_t n)
{
	double sum = 0;
	size_t i, j, m = 0;

	for (i = 0; i < n; i++)
		if (!isnan(R[i * n + i]))
			m++;
	if (m < 2)
		return NAN;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (i != j && !isnan(R[i * n + j]))
				sum += R[i * n + j];
	return sum / ((double)m * (double)(m - 1));
}

void
hop_eventcorr_dense_counts(const double *R, size_t n, double thr, uint32_t *N)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		N[i] = 1;
		for (j = 0; j < n; j++)
			if (j != i && R[i * n + j] > thr)
				N[i]++;
	}
}

/* --- the random reference --- */

/* Uniform in [0, m), without modulo bias. */
static uint64_t
uniform(uint64_t *s, uint64_t m)
{
	uint64_t lim = UINT64_MAX - UINT64_MAX % m, r;

	do
		r = hop_rng_next(s);
	while (r >= lim);
	return r % m;
}


/*
 * The random events of a trial all have one duration, so they are one
 * smoothed template shifted: their sums come from the template's prefix
 * sums, and the overlap sum of two events that the run's ends do not cut
 * from the template's autocorrelation at their offset.  Only pairs near
 * the ends are summed frame by frame.  The result is the windowed mean of
 * hop_eventcorr_mean, to rounding.
 */
struct tmpl {
	uint64_t W, R, dur, T;
	double *y;       /* the template, W values from start - R */
	double *PS, *PQ; /* prefix sums of y and y^2, W + 1 each */
	double *C;       /* C[d] = sum y[m] y[m - d], NaN until needed */
};

/* C[d], computed when first asked for: a long template has many offsets
 * of which a trial may use few. */
static double
tmpl_autocorr(const struct tmpl *t, uint64_t d)
{
	uint64_t m;
	double c = 0;

	if (!isnan(t->C[d]))
		return t->C[d];
	for (m = d; m < t->W; m++)
		c += t->y[m] * t->y[m - d];
	t->C[d] = c;
	return c;
}

static void
tmpl_free(struct tmpl *t)
{
	free(t->y);
	free(t->PS);
	free(t->PQ);
	free(t->C);
}

static int
tmpl_make(struct tmpl *t, uint64_t dur, uint64_t T)
{
	struct kernel k = {0, 0, NULL, NULL};
	uint64_t m, d;

	memset(t, 0, sizeof(*t));
	if (dur > HOP_EVCORR_MAX_VALUES || kernel_make(&k, dur, T) != 0)
		return -1;
	t->R = k.R;
	t->dur = dur;
	t->T = T;
	t->W = dur + 1 + 2 * k.R;
	if (t->W > HOP_EVCORR_MAX_VALUES) {
		free(k.g);
		free(k.L);
		return -1;
	}
	t->y = malloc(t->W * sizeof(double));
	t->PS = malloc((t->W + 1) * sizeof(double));
	t->PQ = malloc((t->W + 1) * sizeof(double));
	t->C = malloc(t->W * sizeof(double));
	if (t->y == NULL || t->PS == NULL || t->PQ == NULL || t->C == NULL) {
		free(k.g);
		free(k.L);
		tmpl_free(t);
		return -1;
	}
	t->PS[0] = t->PQ[0] = 0;
	for (m = 0; m < t->W; m++) {
		t->y[m] = ksum(&k, (int64_t)m - (int64_t)k.R - (int64_t)dur,
		    (int64_t)m - (int64_t)k.R);
		t->PS[m + 1] = t->PS[m] + t->y[m];
		t->PQ[m + 1] = t->PQ[m] + t->y[m] * t->y[m];
	}
	for (d = 0; d < t->W; d++)
		t->C[d] = NAN;
	free(k.g);
	free(k.L);
	return 0;
}

static int
cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

/* The mean correlation of events starting at st[0..n-1] (sorted here). */
static double
tmpl_mean(const struct tmpl *t, uint64_t *st, size_t n, struct ev *ev)
{
	int64_t T = (int64_t)t->T, W = (int64_t)t->W, R = (int64_t)t->R;
	double sum = 0, su = 0, su2 = 0;
	size_t i, j, m = 0;

	qsort(st, n, sizeof(*st), cmp_u64);
	for (i = 0; i < n; i++) {
		int64_t a = (int64_t)st[i] - R;
		int64_t lo = a > 0 ? a : 0, hi = a + W - 1 < T ? a + W - 1 :
		    T - 1;

		ev[i].S = t->PS[hi - a + 1] - t->PS[lo - a];
		ev[i].Q = t->PQ[hi - a + 1] - t->PQ[lo - a];
		finish_sums(&ev[i], t->T);
		if (ev[i].D > 0) {
			su += ev[i].u;
			su2 += ev[i].u * ev[i].u;
			m++;
		}
	}
	if (m < 2)
		return NAN;
	for (i = 0; i < n; i++) {
		int64_t ai = (int64_t)st[i] - R;
		int icut = ai < 0 || ai + W > T;

		for (j = i + 1; j < n && (int64_t)st[j] - R <= ai + W - 1;
		    j++) {
			int64_t aj = (int64_t)st[j] - R, x, lo, hi;
			double P = 0;

			if (ev[i].D == 0 || ev[j].D == 0)
				continue;
			if (!icut && aj + W <= T) {
				P = tmpl_autocorr(t, (uint64_t)(aj - ai));
			} else {
				lo = aj > 0 ? aj : 0;
				hi = ai + W - 1 < T ? ai + W - 1 : T - 1;
				for (x = lo; x <= hi; x++)
					P += t->y[x - ai] * t->y[x - aj];
			}
			sum += 2.0 * (double)t->T * P / (ev[i].D * ev[j].D);
		}
	}
	sum -= su * su - su2;
	return sum / ((double)m * (double)(m - 1));
}

int
hop_eventcorr_random_threshold(size_t n, uint64_t dur, uint64_t nframes,
    unsigned trials, uint64_t seed, int dense, double *thr,
    struct hop_err *err)
{
	uint64_t *st = NULL, *en = NULL, s = seed;
	double *R = NULL, sum = 0;
	struct tmpl tp;
	struct ev *ev = NULL;
	unsigned tr, used = 0;
	size_t i;

	*thr = NAN;
	if (n < 2 || trials == 0)
		return 0;
	if (dur >= nframes) {
		hop_err_set(err, "random events of %llu frames do not fit in "
		    "%llu frames", (unsigned long long)dur,
		    (unsigned long long)nframes);
		return -1;
	}
	memset(&tp, 0, sizeof(tp));
	st = malloc(n * sizeof(*st));
	en = malloc(n * sizeof(*en));
	if (dense && n <= HOP_EVCORR_MAX_VALUES / n)
		R = malloc(n * n * sizeof(*R));
	else if (!dense)
		ev = calloc(n, sizeof(*ev));
	if (st == NULL || en == NULL || (dense && R == NULL) ||
	    (!dense && (ev == NULL || tmpl_make(&tp, dur, nframes) != 0))) {
		hop_err_set(err, "out of memory for %zu random events of %llu "
		    "frames", n, (unsigned long long)dur);
		goto fail;
	}
	for (tr = 0; tr < trials; tr++) {
		double m;

		for (i = 0; i < n; i++) {
			st[i] = uniform(&s, nframes - dur);
			en[i] = st[i] + dur;
		}
		if (dense) {
			if (hop_eventcorr_dense(st, en, n, nframes, R, err) != 0)
				goto fail;
			m = hop_eventcorr_dense_mean(R, n);
		} else {
			m = tmpl_mean(&tp, st, n, ev);
		}
		if (!isnan(m)) {
			sum += m;
			used++;
		}
	}
	if (used > 0)
		*thr = sum / used;
	free(st);
	free(en);
	free(R);
	free(ev);
	tmpl_free(&tp);
	return 0;
fail:
	free(st);
	free(en);
	free(R);
	free(ev);
	tmpl_free(&tp);
	return -1;
}

int
hop_eventcorr_iondiff_counts(const uint64_t *start, const uint64_t *end,
    size_t n, uint64_t nframes, double thr_given, unsigned trials,
    uint64_t seed, double *thr, uint32_t *N, struct hop_err *err)
{
	struct hop_eventcorr *c;
	double mdur = 0;
	uint64_t dur;
	size_t i;

	*thr = thr_given;
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		mdur += (double)(end[i] - start[i]);
	mdur /= (double)n;
	dur = floor(mdur + 0.5) < (double)nframes ?
	    (uint64_t)floor(mdur + 0.5) : nframes - 1;
	if ((c = hop_eventcorr_new(start, end, n, nframes, err)) == NULL)
		return -1;
	if (!isfinite(thr_given) && hop_eventcorr_random_threshold(n, dur,
	    nframes, trials, seed, 0, thr, err) != 0) {
		hop_eventcorr_free(c);
		return -1;
	}
	hop_eventcorr_counts(c, *thr, N);
	hop_eventcorr_free(c);
	return 0;
}
