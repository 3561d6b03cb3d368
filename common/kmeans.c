/*
 * kmeans.c - see kmeans.h.
 *
 * The hot loops work on four points at a time through the compiler's
 * vector extension (GCC and Clang both have it), so that they use SIMD
 * without -O3 or -ffast-math: the build's -O2 does not vectorise loops
 * whose trip count is unknown, and float reductions are never vectorised
 * without -ffast-math.  Only the square root needs a platform intrinsic;
 * other platforms take it lane by lane.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans.h"
#include "rng.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/*
 * Eight lanes: two SSE registers on a baseline x86-64 build, one AVX2
 * register in the clone that target_clones makes of each hot loop (GCC on
 * x86-64 Linux picks the clone at load time).  Both clones perform the
 * same IEEE operations in the same order, so results do not depend on
 * the CPU.
 */
#define VW 8
typedef float vf __attribute__((vector_size(32)));
typedef int32_t vi __attribute__((vector_size(32)));

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && \
    defined(__linux__)
#define HOP_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define HOP_CLONES
#endif

/* Loads and stores through memcpy (no alignment or aliasing question);
 * macros rather than functions, as passing vectors by value would change
 * with the target's ABI. */
#define VLOAD(v, p) memcpy(&(v), (p), sizeof(vf))
#define VSTORE(p, v) memcpy((p), &(v), sizeof(vf))
/* Bit l set when lane l of the comparison result m is true. */
static inline unsigned
lane_mask(const vi *m)
{
#if defined(__SSE2__)
	__m128 h[2];

	memcpy(h, m, sizeof(h));
	return (unsigned)(_mm_movemask_ps(h[0]) | _mm_movemask_ps(h[1]) << 4);
#else
	unsigned r = 0;
	int l;

	for (l = 0; l < VW; l++)
		r |= ((*m)[l] != 0) << l;
	return r;
#endif
}

/* Lanes of b where m is set, of a elsewhere. */
#define VBLEND(a, b, m) ((__typeof__(a))(((vi)(b) & (m)) | ((vi)(a) & ~(m))))

/* The square root of each lane of v, in place. */
static inline void
vsqrt(vf *v)
{
#if defined(__SSE2__)
	__m128 h[2];

	memcpy(h, v, sizeof(h));
	h[0] = _mm_sqrt_ps(h[0]);
	h[1] = _mm_sqrt_ps(h[1]);
	memcpy(v, h, sizeof(h));
#else
	int l;

	for (l = 0; l < VW; l++)
		(*v)[l] = sqrtf((*v)[l]);
#endif
}

static size_t
round_up(size_t n)
{
	return (n + VW - 1) / VW * VW;
}

/* An array of n floats, aligned for the vector loops, or NULL. */
static float *
falloc(size_t n)
{
	size_t bytes = round_up(n ? n : 1) * sizeof(float);

	return aligned_alloc(32, (bytes + 31) / 32 * 32);
}

/*
 * Copy p into three fresh padded arrays (a multiple of VW long; the
 * padding repeats the last point, or is 0 for an empty set).  Returns a
 * single allocation holding all three, or NULL.
 */
static float *
copy_padded(const struct hop_pts *p, float **x, float **y, float **z)
{
	size_t np = round_up(p->n ? p->n : 1), i;
	float *buf = falloc(3 * np);

	if (buf == NULL)
		return NULL;
	*x = buf;
	*y = buf + np;
	*z = buf + 2 * np;
	for (i = 0; i < np; i++) {
		size_t s = i < p->n ? i : p->n - 1;

		(*x)[i] = p->n ? p->x[s] : 0;
		(*y)[i] = p->n ? p->y[s] : 0;
		(*z)[i] = p->n ? p->z[s] : 0;
	}
	return buf;
}

/* --- k-means --- */

/* Scratch space of one hop_kmeans call. */
struct km_ws {
	size_t n, np;
	float *buf, *x, *y, *z; /* padded copy of the points */
	int32_t *lab, *old;     /* labels of this and the last iteration */
	float *d2;              /* squared distance to the assigned centre */
	uint8_t *chg;           /* per VW points, bit l: label l changed */
};

/*
 * The E-step: label every point with its nearest centre (the lowest index
 * on a tie, as numpy's argmin), keep the squared distance, and flag the
 * points whose label differs from w->old.
 */
HOP_CLONES static void
assign(struct km_ws *w, unsigned k, const float (*cf)[3])
{
	size_t i;
	unsigned j;

	for (i = 0; i < w->np; i += VW) {
		vf x, y, z, best, dx, dy, dz;
		vi bl = {0}, old;

		VLOAD(x, w->x + i);
		VLOAD(y, w->y + i);
		VLOAD(z, w->z + i);
		dx = x - cf[0][0];
		dy = y - cf[0][1];
		dz = z - cf[0][2];
		best = dx * dx + dy * dy + dz * dz;
		for (j = 1; j < k; j++) {
			vf d;
			vi lt, jv = bl * 0 + (int32_t)j;

			dx = x - cf[j][0];
			dy = y - cf[j][1];
			dz = z - cf[j][2];
			d = dx * dx + dy * dy + dz * dz;
			lt = d < best;
			best = VBLEND(best, d, lt);
			bl = VBLEND(bl, jv, lt);
		}
		VLOAD(old, w->old + i);
		VSTORE(w->lab + i, bl);
		VSTORE(w->d2 + i, best);
		old = bl != old;
		w->chg[i / VW] = lane_mask(&old);
	}
}

/*
 * Re-seed each empty cluster with one of the points farthest from their
 * centres (largest first, the lowest index on a tie), taking the point out
 * of its cluster's sums, as scikit-learn's _relocate_empty_clusters does
 * (the point keeps its label until the next E-step).  A cluster emptied
 * by this keeps its centre.
 */
static void
relocate(struct km_ws *w, unsigned k, double (*sum)[3], size_t *cnt)
{
	unsigned c;
	size_t i;
	float lastd = INFINITY;
	size_t lasti = 0;
	int first = 1;

	for (c = 0; c < k; c++) {
		size_t far = 0;
		float fd = -1;
		int32_t from;

		if (cnt[c] != 0)
			continue;
		/* The next point in (distance desc, index asc) order. */
		for (i = 0; i < w->n; i++) {
			float d = w->d2[i];

			if (!first && (d > lastd || (d == lastd && i <= lasti)))
				continue;
			if (d > fd) {
				fd = d;
				far = i;
			}
		}
		if (fd < 0)
			return; /* fewer points than empty clusters */
		first = 0;
		lastd = fd;
		lasti = far;
		from = w->lab[far];
		if (cnt[from] > 0) {
			sum[from][0] -= w->x[far];
			sum[from][1] -= w->y[far];
			sum[from][2] -= w->z[far];
			cnt[from]--;
		}
		sum[c][0] = w->x[far];
		sum[c][1] = w->y[far];
		sum[c][2] = w->z[far];
		cnt[c] = 1;
	}
}

/* Sums and counts of the clusters' members, from scratch. */
static void
sums_full(const struct km_ws *w, unsigned k, double (*sum)[3], size_t *cnt)
{
	size_t i;

	memset(sum, 0, k * sizeof(*sum));
	memset(cnt, 0, k * sizeof(*cnt));
	for (i = 0; i < w->n; i++) {
		int32_t l = w->lab[i];

		sum[l][0] += w->x[i];
		sum[l][1] += w->y[i];
		sum[l][2] += w->z[i];
		cnt[l]++;
	}
}

/* Move the points whose label changed from their old cluster's sums to
 * their new one's; returns whether any moved. */
static int
sums_update(const struct km_ws *w, double (*sum)[3], size_t *cnt)
{
	size_t b, nb = w->np / VW;
	int moved = 0;

	for (b = 0; b < nb; b++) {
		unsigned m = w->chg[b];

		/* Skip eight blocks at a time while nothing changed. */
		if (m == 0 && b % 8 == 0 && b + 8 <= nb) {
			uint64_t word;

			memcpy(&word, w->chg + b, 8);
			if (word == 0) {
				b += 7;
				continue;
			}
		}
		while (m != 0) {
			size_t i = b * VW + (size_t)__builtin_ctz(m);
			int32_t l = w->lab[i], o = w->old[i];

			m &= m - 1;
			if (i >= w->n)
				break;
			sum[o][0] -= w->x[i];
			sum[o][1] -= w->y[i];
			sum[o][2] -= w->z[i];
			cnt[o]--;
			sum[l][0] += w->x[i];
			sum[l][1] += w->y[i];
			sum[l][2] += w->z[i];
			cnt[l]++;
			moved = 1;
		}
	}
	return moved;
}

static void
centres_to_float(unsigned k, const double (*c)[3], float (*cf)[3])
{
	unsigned j;

	for (j = 0; j < k; j++) {
		cf[j][0] = (float)c[j][0];
		cf[j][1] = (float)c[j][1];
		cf[j][2] = (float)c[j][2];
	}
}

/*
 * One restart from centres c (updated in place).  Returns its inertia;
 * w->lab holds its labels.  The sums of the clusters are updated with the
 * points that changed cluster, and recomputed in full after a relocation
 * (which leaves sums and labels out of step) or when the run's first
 * iteration sets them up.
 */
static double
lloyd(struct km_ws *w, unsigned k, double (*c)[3], unsigned max_iter,
    double tol, unsigned *n_iter)
{
	double sum[HOP_LABELS_MAX][3], inertia = 0;
	float cf[HOP_LABELS_MAX][3];
	size_t cnt[HOP_LABELS_MAX], i;
	unsigned it, j;
	int strict = 0, full = 1;

	for (it = 0; it < max_iter; it++) {
		double shift = 0;
		int changed;
		int32_t *t;

		centres_to_float(k, (const double (*)[3])c, cf);
		assign(w, k, (const float (*)[3])cf);
		if (full) {
			size_t b;

			sums_full(w, k, sum, cnt);
			for (b = 0, changed = 0; b < w->np / VW; b++)
				changed |= w->chg[b];
		} else {
			changed = sums_update(w, sum, cnt);
		}
		full = 0;
		for (j = 0; j < k; j++)
			if (cnt[j] == 0) {
				relocate(w, k, sum, cnt);
				full = 1;
				break;
			}
		for (j = 0; j < k; j++) {
			double m[3];
			int d;

			if (cnt[j] == 0)
				continue;
			for (d = 0; d < 3; d++) {
				m[d] = sum[j][d] / (double)cnt[j];
				shift += (m[d] - c[j][d]) * (m[d] - c[j][d]);
				c[j][d] = m[d];
			}
		}
		t = w->old;
		w->old = w->lab;
		w->lab = t;
		if (!changed) {
			strict = 1;
			break;
		}
		if (shift <= tol)
			break;
	}
	*n_iter = it < max_iter ? it + 1 : max_iter;
	if (strict) {
		/* No label changed, so neither did the centres: the last
		 * assignment is final. */
		int32_t *t = w->old;

		w->old = w->lab;
		w->lab = t;
	} else {
		centres_to_float(k, (const double (*)[3])c, cf);
		assign(w, k, (const float (*)[3])cf);
	}
	for (i = 0; i < w->n; i++) {
		const double *cc = c[w->lab[i]];
		double dx = w->x[i] - cc[0], dy = w->y[i] - cc[1],
		    dz = w->z[i] - cc[2];

		inertia += dx * dx + dy * dy + dz * dz;
	}
	return inertia;
}

int
hop_kmeans(const struct hop_pts *p, unsigned k, const struct hop_km_opts *o,
    uint64_t *rng, uint8_t *labels, struct hop_km_result *res)
{
	struct km_ws w;
	double mean[3] = {0, 0, 0}, var = 0, tol, best = INFINITY;
	size_t i;
	unsigned r;
	int d;

	if (k < 2 || k > HOP_LABELS_MAX || k > p->n)
		return -1;
	w.n = p->n;
	w.np = round_up(p->n);
	w.lab = malloc(w.np * sizeof(int32_t));
	w.old = malloc(w.np * sizeof(int32_t));
	w.d2 = falloc(w.np);
	w.chg = malloc(w.np / VW);
	w.buf = copy_padded(p, &w.x, &w.y, &w.z);
	if (w.lab == NULL || w.old == NULL || w.d2 == NULL || w.buf == NULL ||
	    w.chg == NULL) {
		free(w.chg);
		free(w.lab);
		free(w.old);
		free(w.d2);
		free(w.buf);
		return -1;
	}

	/* scikit-learn's tolerance: tol times the mean per-axis variance. */
	for (i = 0; i < w.n; i++) {
		mean[0] += w.x[i];
		mean[1] += w.y[i];
		mean[2] += w.z[i];
	}
	for (d = 0; d < 3; d++)
		mean[d] /= (double)w.n;
	for (i = 0; i < w.n; i++) {
		double dx = w.x[i] - mean[0], dy = w.y[i] - mean[1],
		    dz = w.z[i] - mean[2];

		var += dx * dx + dy * dy + dz * dz;
	}
	tol = o->tol * var / (3.0 * (double)w.n);

	res->k = k;
	for (r = 0; r < (o->n_init ? o->n_init : 1); r++) {
		double c[HOP_LABELS_MAX][3], inertia;
		size_t seed[HOP_LABELS_MAX];
		unsigned j, q, n_iter;

		/* k distinct frames, as numpy's permutation(n)[:k] gives. */
		for (j = 0; j < k; j++) {
			do {
				seed[j] = hop_rng_below(rng, w.n);
				for (q = 0; q < j && seed[q] != seed[j]; q++)
					;
			} while (q < j);
			c[j][0] = w.x[seed[j]];
			c[j][1] = w.y[seed[j]];
			c[j][2] = w.z[seed[j]];
		}
		for (i = 0; i < w.np; i++)
			w.old[i] = -1;
		inertia = lloyd(&w, k, c, o->max_iter ? o->max_iter : 1, tol,
		    &n_iter);
		/* Strictly lower, so the first of equals wins. */
		if (inertia < best) {
			best = inertia;
			for (i = 0; i < w.n; i++)
				labels[i] = (uint8_t)w.lab[i];
			memcpy(res->centre, c, sizeof(c[0]) * k);
			res->inertia = inertia;
			res->n_iter = n_iter;
		}
	}
	free(w.chg);
	free(w.lab);
	free(w.old);
	free(w.d2);
	free(w.buf);
	return 0;
}

/* --- silhouette --- */

/* s = (b - a) / max(a, b), and 0 when both are 0 (numpy's nan_to_num). */
static double
sil(double a, double b)
{
	double m = a > b ? a : b;

	return m > 0 ? (b - a) / m : 0;
}

/* out[j] = |(x[j], y[j], z[j]) - (px, py, pz)| for j < np (a multiple of
 * VW). */
HOP_CLONES static void
dist_row(const float *x, const float *y, const float *z, size_t np, float px,
    float py, float pz, float *out)
{
	size_t j;

	for (j = 0; j < np; j += VW) {
		vf dx, dy, dz, d;

		VLOAD(dx, x + j);
		VLOAD(dy, y + j);
		VLOAD(dz, z + j);
		dx -= px;
		dy -= py;
		dz -= pz;
		d = dx * dx + dy * dy + dz * dz;
		vsqrt(&d);
		VSTORE(out + j, d);
	}
}

/* row[j] += d[j] for j < np (a multiple of VW). */
HOP_CLONES static void
add_row(float *row, const float *d, size_t np)
{
	size_t j;

	for (j = 0; j < np; j += VW) {
		vf a, b;

		VLOAD(a, row + j);
		VLOAD(b, d + j);
		a += b;
		VSTORE(row + j, a);
	}
}

/* Rows of i processed between flushes of the float sums into doubles, so
 * that a float sum never holds more than this many terms. */
#define SIL_BLOCK 256

int
hop_silhouette(const struct hop_pts *p, const uint8_t *const *labels,
    const unsigned *k, size_t nl, double *score)
{
	size_t n = p->n, np = round_up(n), i, j, l, rows = 0, tot = 0;
	float *buf, *x, *y, *z, *dist = NULL, *fsum = NULL;
	double *dsum = NULL;
	size_t *off = NULL;
	int ret = -1;

	if ((buf = copy_padded(p, &x, &y, &z)) == NULL)
		return -1;
	/* Sums for labelling l, cluster c, point j at off[l] + c * np + j. */
	if ((off = malloc((nl + 1) * sizeof(*off))) == NULL)
		goto out;
	for (l = 0; l < nl; l++) {
		off[l] = tot;
		tot += (size_t)k[l] * np;
	}
	dist = falloc(np);
	fsum = falloc(tot);
	dsum = calloc(tot ? tot : 1, sizeof(double));
	if (dist == NULL || fsum == NULL || dsum == NULL)
		goto out;
	memset(fsum, 0, tot * sizeof(float));

	for (i = 0; i < n; i++) {
		dist_row(x, y, z, np, x[i], y[i], z[i], dist);
		/* Add point i's distances to the sums of its cluster. */
		for (l = 0; l < nl; l++)
			add_row(fsum + off[l] + labels[l][i] * np, dist, np);
		if (++rows == SIL_BLOCK || i + 1 == n) {
			for (j = 0; j < tot; j++) {
				dsum[j] += fsum[j];
				fsum[j] = 0;
			}
			rows = 0;
		}
	}

	for (l = 0; l < nl; l++) {
		size_t cnt[HOP_LABELS_MAX] = {0};
		unsigned c, used = 0;
		double s = 0;

		for (j = 0; j < n; j++)
			cnt[labels[l][j]]++;
		for (c = 0; c < k[l]; c++)
			used += cnt[c] > 0;
		if (used < 2) {
			score[l] = -1;
			continue;
		}
		for (j = 0; j < n; j++) {
			unsigned a = labels[l][j];
			const double *sj = dsum + off[l] + j;
			double b = INFINITY;

			if (cnt[a] < 2)
				continue; /* a cluster of one scores 0 */
			for (c = 0; c < k[l]; c++)
				if (c != a && cnt[c] > 0 &&
				    sj[c * np] / (double)cnt[c] < b)
					b = sj[c * np] / (double)cnt[c];
			s += sil(sj[a * np] / (double)(cnt[a] - 1), b);
		}
		score[l] = s / (double)n;
	}
	ret = 0;
out:
	free(buf);
	free(off);
	free(dist);
	free(fsum);
	free(dsum);
	return ret;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Sum over a cluster's sorted distances r[0..m) to its mean of |r - e|,
 * with pre[q] = r[0] + ... + r[q-1].  A lower bound (by the triangle
 * inequality) on the summed distances from any point at distance e from
 * the mean to the cluster's members.
 */
static double
radial_sum(const double *r, const double *pre, size_t m, double e)
{
	size_t lo = 0, hi = m;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r[mid] < e)
			lo = mid + 1;
		else
			hi = mid;
	}
	return e * (double)lo - pre[lo] + (pre[m] - pre[lo]) -
	    e * (double)(m - lo);
}

/*
 * For point i in cluster A (n_A members, mean mu_A, mean squared distance
 * to the mean v_A, mean distance to the mean rbar_A) and r_i = |x_i - mu_A|:
 *   a(i) >= n_A r_i / (n_A - 1)              (Jensen: |mean| <= mean |.|)
 *   a(i) >= sum_j |r_j - r_i| / (n_A - 1)    (triangle inequality)
 *   a(i) <= sqrt(n_A (r_i^2 + v_A) / (n_A - 1))         (Jensen, concave)
 *   a(i) <= (n_A rbar_A + (n_A - 2) r_i) / (n_A - 1)    (triangle)
 * and for another cluster C with e = |x_i - mu_C|:
 *   b_C(i) >= e,  b_C(i) >= sum_j |r_j - e| / n_C,
 *   b_C(i) <= sqrt(e^2 + v_C),  b_C(i) <= e + rbar_C.
 * s is increasing in b and decreasing in a, so s(a_lo, b_hi) and
 * s(a_hi, b_lo) bound it.  The two bounds that need each cluster's sorted
 * radii are used only when refine is set.
 */
int
hop_silhouette_bounds(const struct hop_pts *p, const uint8_t *labels,
    unsigned k, int refine, double *lo, double *hi)
{
	size_t n = p->n, i, cnt[HOP_LABELS_MAX] = {0}, start[HOP_LABELS_MAX + 1];
	size_t fill[HOP_LABELS_MAX];
	double mu[HOP_LABELS_MAX][3] = {{0}}, v[HOP_LABELS_MAX] = {0};
	double rbar[HOP_LABELS_MAX] = {0}, slo = 0, shi = 0;
	double *r, *sorted, *pre;
	unsigned c, used = 0;

	for (i = 0; i < n; i++) {
		c = labels[i];
		cnt[c]++;
		mu[c][0] += p->x[i];
		mu[c][1] += p->y[i];
		mu[c][2] += p->z[i];
	}
	for (c = 0; c < k; c++) {
		used += cnt[c] > 0;
		if (cnt[c] > 0) {
			mu[c][0] /= (double)cnt[c];
			mu[c][1] /= (double)cnt[c];
			mu[c][2] /= (double)cnt[c];
		}
	}
	if (used < 2) {
		*lo = *hi = -1;
		return 0;
	}
	r = malloc(n * sizeof(double));
	sorted = malloc(n * sizeof(double));
	pre = malloc((n + k) * sizeof(double));
	if (r == NULL || sorted == NULL || pre == NULL) {
		free(r);
		free(sorted);
		free(pre);
		return -1;
	}
	start[0] = 0;
	for (c = 0; c < k; c++) {
		start[c + 1] = start[c] + cnt[c];
		fill[c] = start[c];
	}
	for (i = 0; i < n; i++) {
		const double *m = mu[labels[i]];
		double dx = p->x[i] - m[0], dy = p->y[i] - m[1],
		    dz = p->z[i] - m[2], d2 = dx * dx + dy * dy + dz * dz;

		r[i] = sqrt(d2);
		v[labels[i]] += d2;
		rbar[labels[i]] += r[i];
		sorted[fill[labels[i]]++] = r[i];
	}
	/* Cluster c's sorted radii are sorted[start[c]..start[c+1]), their
	 * prefix sums pre[start[c] + c ..], one longer. */
	for (c = 0; c < k; c++) {
		size_t q, m = cnt[c];
		double *pc = pre + start[c] + c;

		if (m == 0) {
			pc[0] = 0;
			continue;
		}
		v[c] /= (double)m;
		rbar[c] /= (double)m;
		if (!refine)
			continue;
		qsort(sorted + start[c], m, sizeof(double), cmp_double);
		pc[0] = 0;
		for (q = 0; q < m; q++)
			pc[q + 1] = pc[q] + sorted[start[c] + q];
	}

	for (i = 0; i < n; i++) {
		unsigned a = labels[i];
		double na = (double)cnt[a], ri = r[i];
		double alo, ahi, t, blo = INFINITY, bhi = INFINITY;

		if (cnt[a] < 2)
			continue; /* exactly 0 */
		alo = na * ri / (na - 1);
		if (refine) {
			t = radial_sum(sorted + start[a], pre + start[a] + a,
			    cnt[a], ri) / (na - 1);
			if (t > alo)
				alo = t;
		}
		ahi = sqrt(na * (ri * ri + v[a]) / (na - 1));
		t = (na * rbar[a] + (na - 2) * ri) / (na - 1);
		if (t < ahi)
			ahi = t;
		for (c = 0; c < k; c++) {
			double dx, dy, dz, e, h;

			if (c == a || cnt[c] == 0)
				continue;
			dx = p->x[i] - mu[c][0];
			dy = p->y[i] - mu[c][1];
			dz = p->z[i] - mu[c][2];
			e = sqrt(dx * dx + dy * dy + dz * dz);
			h = sqrt(e * e + v[c]);
			if (e + rbar[c] < h)
				h = e + rbar[c];
			if (h < bhi)
				bhi = h;
			/* The radial bound exceeds e, so it can lower the
			 * minimum only when e does. */
			if (!refine) {
				if (e < blo)
					blo = e;
			} else if (e < blo) {
				t = radial_sum(sorted + start[c],
				    pre + start[c] + c, cnt[c], e) /
				    (double)cnt[c];
				if (t < e)
					t = e;
				if (t < blo)
					blo = t;
			}
		}
		shi += sil(alo, bhi);
		slo += sil(ahi, blo);
	}
	*lo = slo / (double)n;
	*hi = shi / (double)n;
	free(r);
	free(sorted);
	free(pre);
	return 0;
}
