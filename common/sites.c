/*
 * sites.c - one ion's sites and residences by segmental k-means with the
 * ion's own vibration as the only scale (see sites.h and kmeans-hops(1)).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sites.h"

/* Median of chi^2 with 3 degrees of freedom: |u|^2 / sigma^2 for a
 * 3-D Gaussian vibration u of sigma per axis. */
#define CHI2_3_MEDIAN 2.365974
/* Two sites closer than SEP_MIN sigma are one: a cluster of frames cut
 * in two by k-means has its halves' means 1.6 sigma apart, while sites an
 * ion can be told to move between lie 5 sigma apart or more. */
#define SEP_MIN 3.0
/* A frame vibrates within RADIUS sigma of its site: 95% of a 3-D
 * Gaussian vibration (chi^2_3 95% quantile 7.815). */
#define RADIUS 2.7955
/* Lags at which the vibration is measured. */
static const unsigned lags[HOP_VIB_NLAGS] = {
	1, 2, 3, 4, 6, 8, 11, 16, 23, 32, 45, 64, 90, 128, 181, 256
};
/* A slope of ln q against ln L below this is flat: q grows by less than
 * 5% from one lag of the ladder to the next. */
#define FLAT 0.15
/* ... and a slope this much above the least one so far shows hops
 * raising q. */
#define RISE 0.5
/* Fewer pairs than this within residences leave the vibration as it
 * was measured. */
#define MIN_PAIRS 100
/* Measure again when the vibration within residences differs by more
 * than this fraction. */
#define REMEASURE 0.02
#define REMEASURES 4
/* Pairs used for one lag's median, at most. */
#define PAIRS_MAX 8192
/* Segmental k-means passes, at most (they converge in a few). */
#define PASSES 50
/* A residence is confirmed by more than this many independent samples
 * of the vibration there (frames vibrating at its site over the
 * correlation time); one cut by the start or the end of the run, which
 * may go on beyond it, by more than END_SAMPLES. */
#define MIN_SAMPLES 3.0
#define END_SAMPLES 1.0
/* Mean-shift steps per pass at most, and the shift (in sigma) at which
 * a site has settled. */
#define SHIFTS 20
#define SHIFT_TOL 1e-3
/* Points at which the density between two sites is examined. */
#define DIP_GRID 64
/* ... and the fraction of the lower peak the density must fall to
 * between two sites (the usual "half maximum"). */
#define DIP_DEPTH 0.5

struct hop_sites_ws {
	size_t n;
	float *d2;          /* n: distances for medians */
	double (*cand)[3];  /* HOP_LABELS_MAX candidate centres */
	size_t *cnt;        /* HOP_LABELS_MAX */
	double (*sum)[3];   /* HOP_LABELS_MAX */
	double *V;          /* HOP_LABELS_MAX path costs */
	uint8_t *from;      /* n: best state at t - 1 */
	uint8_t *sw;        /* n * HOP_LABELS_MAX bits: state entered by a
	                       change of site at t */
	uint8_t *prev;      /* n: the previous pass's labels */
	size_t *run;        /* n: the first frame of each frame's residence */
	unsigned *map;      /* HOP_LABELS_MAX */
};

void
hop_sites_ws_free(struct hop_sites_ws *w)
{
	if (w == NULL)
		return;
	free(w->d2);
	free(w->cand);
	free(w->cnt);
	free(w->sum);
	free(w->V);
	free(w->from);
	free(w->sw);
	free(w->prev);
	free(w->run);
	free(w->map);
	free(w);
}

struct hop_sites_ws *
hop_sites_ws_new(size_t n)
{
	struct hop_sites_ws *w = calloc(1, sizeof(*w));
	size_t one = n ? n : 1, bits = (HOP_LABELS_MAX + 7) / 8;

	if (w == NULL)
		return NULL;
	w->n = n;
	if (one > SIZE_MAX / bits)
		goto fail;
	w->d2 = malloc(one * sizeof(float));
	w->cand = malloc(HOP_LABELS_MAX * sizeof(*w->cand));
	w->cnt = malloc(HOP_LABELS_MAX * sizeof(*w->cnt));
	w->sum = malloc(HOP_LABELS_MAX * sizeof(*w->sum));
	w->V = malloc(HOP_LABELS_MAX * sizeof(*w->V));
	w->from = malloc(one);
	w->sw = malloc(one * bits);
	w->prev = malloc(one);
	w->run = malloc(one * sizeof(*w->run));
	w->map = malloc(HOP_LABELS_MAX * sizeof(*w->map));
	if (w->d2 == NULL || w->cand == NULL || w->cnt == NULL ||
	    w->sum == NULL || w->V == NULL || w->from == NULL ||
	    w->sw == NULL || w->prev == NULL || w->run == NULL ||
	    w->map == NULL)
		goto fail;
	return w;
fail:
	hop_sites_ws_free(w);
	return NULL;
}

/* The k-th smallest of v[0..n-1] (0-based), reordering v (Hoare's
 * selection). */
static float
select_kth(float *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		float pivot = v[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;

		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				float t = v[i];

				v[i] = v[j];
				v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}

/* Median of |x(t + L) - x(t)|^2 over at most PAIRS_MAX evenly strided
 * t. */
static double
lag_median(const struct hop_pts *p, size_t L, float *d2)
{
	size_t m = p->n - L, stride = (m + PAIRS_MAX - 1) / PAIRS_MAX, c = 0,
	    t;

	for (t = 0; t < m; t += stride) {
		float dx = p->x[t + L] - p->x[t], dy = p->y[t + L] - p->y[t],
		    dz = p->z[t + L] - p->z[t];

		d2[c++] = dx * dx + dy * dy + dz * dz;
	}
	return select_kth(d2, c, c / 2);
}

size_t
hop_vib_curve(const struct hop_pts *p, float *scratch, double *q)
{
	size_t nl = 0;

	while (nl < HOP_VIB_NLAGS && lags[nl] <= p->n / 2) {
		q[nl] = lag_median(p, lags[nl], scratch);
		nl++;
	}
	return nl;
}

unsigned
hop_vib_lag(size_t i)
{
	return i < HOP_VIB_NLAGS ? lags[i] : 0;
}

/* The slope of ln q against ln L between lags i and i + 1, or NaN. */
static double
slope(const double *q, size_t i)
{
	if (!(q[i] > 0 && q[i + 1] > 0))
		return NAN;
	return log(q[i + 1] / q[i]) / log((double)lags[i + 1] / lags[i]);
}

size_t
hop_vib_plateau(const double *q, size_t nl)
{
	double best = INFINITY;
	size_t i, at = 0;

	for (i = 0; i + 1 < nl; i++) {
		double s = slope(q, i);

		if (isnan(s))
			continue;
		if (s < FLAT)
			return i;
		/* Hops have begun to raise q: the vibration's plateau, if
		 * any, lies before (and a later flat stretch is q settling
		 * at the distances between sites). */
		if (s > best + RISE)
			break;
		if (s < best) {
			best = s;
			at = i;
		}
	}
	return at;
}

void
hop_vib_from_curve(const double *q, size_t nl, size_t at, struct hop_vib *v)
{
	double plateau, tau = 1;
	size_t i, L;

	v->sigma = 0;
	v->tau = 1;
	v->lag = nl > 0 && at < nl ? lags[at] : 1;
	if (nl == 0 || at >= nl)
		return;
	plateau = at + 1 < nl ? (q[at] + q[at + 1]) / 2 : q[at];
	if (!(plateau > 0))
		return;
	v->sigma = sqrt(plateau / (2 * CHI2_3_MEDIAN));
	/* q(L) = 2 sigma^2 (1 - rho(L)) for a stationary vibration; rho
	 * is interpolated between the measured lags. */
	for (i = 0; i + 1 < nl && lags[i] < v->lag; i++)
		for (L = lags[i]; L < lags[i + 1] && L <= v->lag; L++) {
			double f = (double)(L - lags[i]) /
			    (lags[i + 1] - lags[i]),
			    ql = q[i] + f * (q[i + 1] - q[i]),
			    rho = 1 - ql / plateau;

			if (rho > 0)
				tau += 2 * rho;
		}
	v->tau = tau;
}

void
hop_vib_measure(const struct hop_pts *p, float *scratch, struct hop_vib *v)
{
	double q[HOP_VIB_NLAGS];
	size_t nl = hop_vib_curve(p, scratch, q);

	hop_vib_from_curve(q, nl, hop_vib_plateau(q, nl), v);
}

/* Squared distance from frame t to centre c. */
static double
dist2(const struct hop_pts *p, size_t t, const double *c)
{
	double dx = p->x[t] - c[0], dy = p->y[t] - c[1], dz = p->z[t] - c[2];

	return dx * dx + dy * dy + dz * dz;
}

/*
 * Candidate centres: the means of blocks of b frames, gathered in time
 * order by a leader pass (a block mean joins the nearest candidate within
 * r, whose centre becomes the mean of its blocks, or starts a new one;
 * once HOP_LABELS_MAX exist it joins the nearest).  Every place the ion
 * dwelt for a block gets a candidate; the passes that follow drop those
 * no frame keeps.  Returns the number of candidates.
 */
static unsigned
candidates(struct hop_sites_ws *w, const struct hop_pts *p, size_t b,
    double r)
{
	unsigned k = 0, j;
	size_t t0;

	for (t0 = 0; t0 < p->n; t0 += b) {
		size_t t1 = t0 + b < p->n ? t0 + b : p->n, t;
		double m[3] = {0, 0, 0}, bd = INFINITY;
		unsigned bj = 0;

		for (t = t0; t < t1; t++) {
			m[0] += p->x[t];
			m[1] += p->y[t];
			m[2] += p->z[t];
		}
		for (j = 0; j < 3; j++)
			m[j] /= (double)(t1 - t0);
		for (j = 0; j < k; j++) {
			double dx = m[0] - w->cand[j][0],
			    dy = m[1] - w->cand[j][1],
			    dz = m[2] - w->cand[j][2],
			    d = dx * dx + dy * dy + dz * dz;

			if (d < bd) {
				bd = d;
				bj = j;
			}
		}
		if (k == 0 || (bd > r * r && k < HOP_LABELS_MAX)) {
			bj = k++;
			w->cnt[bj] = 0;
			memset(w->sum[bj], 0, sizeof(w->sum[bj]));
		}
		w->cnt[bj]++;
		for (j = 0; j < 3; j++) {
			w->sum[bj][j] += m[j];
			w->cand[bj][j] = w->sum[bj][j] / (double)w->cnt[bj];
		}
	}
	return k;
}

/*
 * The most probable sequence of sites (Viterbi): frame t at site j costs
 * wt |x(t) - c_j|^2, each change of site costs lambda.  O(n k) time, n k
 * bits of memory.
 */
static void
viterbi(struct hop_sites_ws *w, const struct hop_pts *p, unsigned k,
    double wt, double lambda, uint8_t *labels)
{
	size_t bytes = (k + 7) / 8, t;
	unsigned j, best = 0;

	for (j = 0; j < k; j++)
		w->V[j] = wt * dist2(p, 0, w->cand[j]);
	for (t = 1; t < p->n; t++) {
		uint8_t *sw = w->sw + t * bytes;
		double vmin;

		best = 0;
		for (j = 1; j < k; j++)
			if (w->V[j] < w->V[best])
				best = j;
		vmin = w->V[best];
		w->from[t] = (uint8_t)best;
		memset(sw, 0, bytes);
		/* Costs are kept relative to the best path, so they stay
		 * small however long the run. */
		for (j = 0; j < k; j++) {
			double stay = w->V[j] - vmin;

			if (lambda < stay) {
				sw[j / 8] |= (uint8_t)(1u << (j % 8));
				stay = lambda;
			}
			w->V[j] = stay + wt * dist2(p, t, w->cand[j]);
		}
	}
	best = 0;
	for (j = 1; j < k; j++)
		if (w->V[j] < w->V[best])
			best = j;
	for (t = p->n; t-- > 0;) {
		labels[t] = (uint8_t)best;
		if (t > 0 && (w->sw[t * bytes + best / 8] >> (best % 8) & 1))
			best = w->from[t];
	}
}

/* Squared distance between two centres. */
static double
d2c(const double *a, const double *b)
{
	return (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
	    (a[2] - b[2]) * (a[2] - b[2]);
}

/*
 * Whether two sites d sigma apart, holding na and nb frames, are one.  A
 * site is a maximum of the density of the ion's positions, and two are
 * told apart when that density, modelled as two Gaussian vibrations
 * na exp(-u^2 / 2) + nb exp(-(u - d)^2 / 2) along the line through both
 * centres, falls between them to at most half its value at the less
 * visited one.  Below 2 sigma it never does; beyond 40 it always does for
 * any counts a run can hold.
 */
static int
one_site(double d, size_t na, size_t nb)
{
	double fa = (double)na + (double)nb * exp(-d * d / 2),
	    fb = (double)nb + (double)na * exp(-d * d / 2),
	    lo = fa < fb ? fa : fb, valley = lo;
	int m;

	if (d < 2)
		return 1;
	if (d > 40)
		return 0;
	for (m = 1; m < DIP_GRID; m++) {
		double u = d * m / DIP_GRID,
		    f = (double)na * exp(-u * u / 2) +
		    (double)nb * exp(-(u - d) * (u - d) / 2);

		if (f < valley)
			valley = f;
	}
	return valley > DIP_DEPTH * lo;
}

/*
 * Move each site to the mean of its frames within r of it, again until
 * it stays (a mean shift: the site settles on the densest point of its
 * frames, wherever its candidate started), or to the mean of all its
 * frames when none is that close; w->cnt gets each site's frame count.
 */
static void
move_centres(struct hop_sites_ws *w, const struct hop_pts *p, unsigned k,
    double r, double sigma, const uint8_t *labels)
{
	size_t in[HOP_LABELS_MAX], t;
	double sin[HOP_LABELS_MAX][3], shift = INFINITY;
	unsigned j, i, it;

	for (it = 0; it < SHIFTS && shift > SHIFT_TOL * sigma; it++) {
		for (j = 0; j < k; j++) {
			w->cnt[j] = in[j] = 0;
			memset(w->sum[j], 0, sizeof(w->sum[j]));
			memset(sin[j], 0, sizeof(sin[j]));
		}
		for (t = 0; t < p->n; t++) {
			unsigned l = labels[t];

			w->cnt[l]++;
			if (dist2(p, t, w->cand[l]) < r * r) {
				in[l]++;
				sin[l][0] += p->x[t];
				sin[l][1] += p->y[t];
				sin[l][2] += p->z[t];
			} else {
				w->sum[l][0] += p->x[t];
				w->sum[l][1] += p->y[t];
				w->sum[l][2] += p->z[t];
			}
		}
		shift = 0;
		for (j = 0; j < k; j++) {
			double c[3];

			if (w->cnt[j] == 0)
				continue;
			for (i = 0; i < 3; i++)
				c[i] = in[j] > 0 ? sin[j][i] / (double)in[j] :
				    w->sum[j][i] / (double)w->cnt[j];
			if (sqrt(d2c(c, w->cand[j])) > shift)
				shift = sqrt(d2c(c, w->cand[j]));
			memcpy(w->cand[j], c, sizeof(c));
		}
	}
}

/*
 * Move each site to the mean of its frames within r (move_centres),
 * merge sites closer than sep (the one with more frames absorbs the
 * other's) and drop empty ones; labels are renumbered in order of first
 * visit.  Returns the number of sites left.
 */
static unsigned
update(struct hop_sites_ws *w, const struct hop_pts *p, unsigned k,
    double r, double sigma, uint8_t *labels)
{
	uint8_t renum[HOP_LABELS_MAX];
	unsigned j, i, nk = 0;
	size_t t;
	int merged;

	move_centres(w, p, k, r, sigma, labels);
	/*
	 * Merge, closest first, the pairs the ion's positions do not show as
	 * two sites: all those closer than 2 sigma at once, but only one
	 * told apart by the density test, whose counts and centres the next
	 * path changes (merging on stale counts would snowball).
	 */
	for (j = 0; j < k; j++)
		w->map[j] = j;
	for (merged = 0;;) {
		double bd = INFINITY;
		unsigned a = 0, b = 0;

		for (j = 0; j < k; j++)
			for (i = j + 1; i < k; i++) {
				double d;

				if (w->cnt[j] == 0 || w->cnt[i] == 0)
					continue;
				d = sqrt(d2c(w->cand[j], w->cand[i]));
				if (d < bd && (d < 2 * sigma || (!merged &&
				    one_site(d / sigma, w->cnt[j],
				    w->cnt[i])))) {
					bd = d;
					a = j;
					b = i;
				}
			}
		if (a == b)
			break;
		if (bd >= 2 * sigma)
			merged = 1;
		if (w->cnt[b] > w->cnt[a]) {
			unsigned s = a;

			a = b;
			b = s;
		}
		/* The merged site sits at the mean of both. */
		for (i = 0; i < 3; i++)
			w->cand[a][i] = (w->cand[a][i] * (double)w->cnt[a] +
			    w->cand[b][i] * (double)w->cnt[b]) /
			    (double)(w->cnt[a] + w->cnt[b]);
		w->cnt[a] += w->cnt[b];
		w->cnt[b] = 0;
		for (j = 0; j < k; j++)
			if (w->map[j] == b)
				w->map[j] = a;
	}
	/* Renumber in order of first visit. */
	memset(renum, UINT8_MAX, sizeof(renum));
	for (t = 0; t < p->n; t++) {
		unsigned l = w->map[labels[t]];

		if (renum[l] == UINT8_MAX) {
			renum[l] = (uint8_t)nk;
			memcpy(w->sum[nk], w->cand[l], sizeof(w->sum[0]));
			nk++;
		}
		labels[t] = renum[l];
	}
	for (j = 0; j < nk; j++)
		memcpy(w->cand[j], w->sum[j], sizeof(w->cand[0]));
	return nk;
}

/*
 * The frames [t0, t1) between residences at sites a and b go to a up to
 * one change point and to b after it, the point that puts them nearest
 * their sites in sum of squares: one change of site, however the frames
 * in between wander (each frame to its nearer site would flip back and
 * forth, a hop split in several).
 */
static void
fold(const struct hop_sites_ws *w, const struct hop_pts *p, size_t t0,
    size_t t1, unsigned a, unsigned b, uint8_t *labels)
{
	double sum = 0, best = 0;
	size_t u, cut = t0;

	for (u = t0; u < t1 && a != b; u++) {
		/* sum: the cost of giving [t0, u] to a rather than to b. */
		sum += dist2(p, u, w->cand[a]) - dist2(p, u, w->cand[b]);
		if (sum < best) {
			best = sum;
			cut = u + 1;
		}
	}
	for (u = t0; u < t1; u++)
		labels[u] = (uint8_t)(u < cut ? a : b);
}

/*
 * A residence is confirmed by more than MIN_SAMPLES tau frames vibrating
 * at its site (within r of its centre), END_SAMPLES tau at either end of
 * the run; others are the ion passing through, however long it took.
 * The frames between two confirmed residences go to their two sites,
 * split at one point (fold; all to the one site when both are the same:
 * an excursion, no hop), and frames before the first or after the last to
 * that residence's site.  With no confirmed residence, the longest
 * counts as one.
 */
static void
confirm(struct hop_sites_ws *w, const struct hop_pts *p, double tau,
    double r, uint8_t *labels)
{
	size_t n = p->n, t, e, prev_end = 0, best = 0, best_len = 0;
	int have = 0;
	unsigned prev = 0;

	for (t = 0; t < n; t = e) {
		for (e = t; e < n && labels[e] == labels[t]; e++)
			;
		if (e - t > best_len) {
			best_len = e - t;
			best = t;
		}
	}
	for (t = 0; t < n; t = e) {
		size_t in = 0;

		for (e = t; e < n && labels[e] == labels[t]; e++)
			in += dist2(p, e, w->cand[labels[t]]) < r * r;
		/* A residence cut by the run's start or end may go on
		 * beyond it: what is seen of it needs fewer samples. */
		if ((double)in <= (t == 0 || e == n ? END_SAMPLES :
		    MIN_SAMPLES) * tau && t != best)
			continue;
		/* [prev_end, t) lies between two confirmed residences. */
		fold(w, p, prev_end, t, have ? prev : labels[t], labels[t],
		    labels);
		have = 1;
		prev = labels[t];
		prev_end = e;
	}
	for (t = prev_end; t < n; t++)
		labels[t] = (uint8_t)prev;
}

/* Frames per block for the candidate centres: one correlation time, and
 * at least two frames, so that a block's mean lies well inside its site's
 * vibration and one candidate per site is the rule. */
static size_t
vib_block(const struct hop_vib *v)
{
	size_t b = (size_t)lround(v->tau);

	return b < 2 ? 2 : b;
}

/*
 * Segmental k-means from the k candidate centres in w->cand: the most
 * probable path, unconfirmed residences folded into their neighbours,
 * centres moved and sites merged, until the labels stop changing.
 * Returns the number of sites.
 */
static unsigned
segment(struct hop_sites_ws *w, const struct hop_pts *p,
    const struct hop_vib *v, unsigned k, uint8_t *labels)
{
	/* The likelihood of n correlated frames holds n / tau frames'
	 * worth of evidence. */
	double wt = 1 / (2 * v->sigma * v->sigma * v->tau);
	/* A change of site costs the log of the number of independent
	 * stretches of the run (the Schwarz criterion's price of a change
	 * point). */
	double lambda = log((double)p->n / v->tau);
	unsigned pass;

	if (lambda < 1)
		lambda = 1;
	for (pass = 0; pass < PASSES; pass++) {
		viterbi(w, p, k, wt, lambda, labels);
		confirm(w, p, v->tau, RADIUS * v->sigma, labels);
		k = update(w, p, k, RADIUS * v->sigma, v->sigma, labels);
		if (pass > 0 && memcmp(labels, w->prev, p->n) == 0)
			break;
		memcpy(w->prev, labels, p->n);
	}
	return k;
}

/*
 * The vibration measured again from pairs of frames within one residence
 * only, at the lag of cur's plateau.  Returns 1 with *v set, 0 when too few
 * pairs are left.
 */
static int
vib_within(struct hop_sites_ws *w, const struct hop_pts *p,
    const uint8_t *labels, const struct hop_vib *cur, struct hop_vib *v)
{
	double q[HOP_VIB_NLAGS];
	size_t t, i, at = 0, nl;

	for (t = 0; t < p->n; t++)
		w->run[t] = t > 0 && labels[t] == labels[t - 1] ?
		    w->run[t - 1] : t;
	while (at + 1 < HOP_VIB_NLAGS && lags[at] < cur->lag)
		at++;
	*v = (struct hop_vib){0, 1, 1};
	nl = at + 2 < HOP_VIB_NLAGS ? at + 2 : HOP_VIB_NLAGS;
	for (i = 0; i < nl; i++) {
		size_t L = lags[i], m, stride, c = 0;

		if (L >= p->n)
			return 0;
		m = p->n - L;
		stride = (m + PAIRS_MAX - 1) / PAIRS_MAX;
		for (t = 0; t < m; t += stride) {
			float dx = p->x[t + L] - p->x[t],
			    dy = p->y[t + L] - p->y[t],
			    dz = p->z[t + L] - p->z[t];

			if (w->run[t + L] == w->run[t])
				w->d2[c++] = dx * dx + dy * dy + dz * dz;
		}
		if (c < MIN_PAIRS)
			return 0;
		q[i] = select_kth(w->d2, c, c / 2);
	}
	hop_vib_from_curve(q, nl, at, v);
	return v->sigma > 0;
}

int
hop_sites_find(struct hop_sites_ws *w, const struct hop_pts *p,
    const struct hop_vib *vib, uint8_t *labels, struct hop_sites *s)
{
	struct hop_vib v;
	double sigma, r;
	unsigned k, i, j, round;

	memset(s, 0, sizeof(*s));
	s->k = 1;
	s->sep = NAN;
	s->radius = 0;
	if (p->n > 0)
		memset(labels, 0, p->n);
	if (vib != NULL)
		s->vib = *vib;
	else
		hop_vib_measure(p, w->d2, &s->vib);
	sigma = s->vib.sigma;
	if (p->n > 0) {
		s->centre[0][0] = p->x[0];
		s->centre[0][1] = p->y[0];
		s->centre[0][2] = p->z[0];
	}
	if (!(sigma > 0))
		return 0;
	k = candidates(w, p, vib_block(&s->vib), SEP_MIN * sigma);
	k = segment(w, p, &s->vib, k, labels);
	/*
	 * Hops raise the vibration curve a little: measured again within
	 * the residences found, the vibration is the ion's alone.  The sites
	 * are then found again from new candidates, so that those the
	 * larger vibration merged (a rarely visited one beside a busy one)
	 * come back, which lowers the vibration within residences again:
	 * until it settles, REMEASURES times at most.
	 */
	for (round = 0; round < REMEASURES && k > 1 &&
	    vib_within(w, p, labels, &s->vib, &v) &&
	    fabs(v.sigma - s->vib.sigma) > REMEASURE * s->vib.sigma; round++) {
		s->vib = v;
		k = candidates(w, p, vib_block(&v), SEP_MIN * v.sigma);
		k = segment(w, p, &s->vib, k, labels);
	}
	r = RADIUS * s->vib.sigma;
	s->k = k;
	for (j = 0; j < k; j++)
		memcpy(s->centre[j], w->cand[j], sizeof(s->centre[0]));
	for (j = 0; j < k; j++)
		for (i = j + 1; i < k; i++) {
			double d = sqrt((s->centre[j][0] - s->centre[i][0]) *
			    (s->centre[j][0] - s->centre[i][0]) +
			    (s->centre[j][1] - s->centre[i][1]) *
			    (s->centre[j][1] - s->centre[i][1]) +
			    (s->centre[j][2] - s->centre[i][2]) *
			    (s->centre[j][2] - s->centre[i][2]));

			if (!(d >= s->sep))
				s->sep = d;
		}
	s->radius = r;
	if (k > 1 && s->radius > s->sep / 2)
		s->radius = s->sep / 2;
	return 0;
}
