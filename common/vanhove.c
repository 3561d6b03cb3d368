/*
 * vanhove.c - van Hove functions, the non-Gaussian parameter and the
 * time-resolved Haven ratio (vanhove.h).
 *
 * The self part walks each ion's series once per lag: O(N T L / stride)
 * for L lags.  The distinct part is O(N^2) per origin and lag, so it
 * takes a few hundred origins, not every frame; both share the work
 * among threads.
 */
#include <gsl/gsl_math.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "jobs.h"
#include "vanhove.h"

double
hop_vanhove_rmax(const double *c)
{
	const double *a = c, *b = c + 3, *cc = c + 6;
	double v = fabs(hop_cell_det(c)), m = INFINITY;
	const double *p[3][2] = {{b, cc}, {cc, a}, {a, b}};
	int k;

	for (k = 0; k < 3; k++) {
		const double *u = p[k][0], *w = p[k][1];
		double x = u[1] * w[2] - u[2] * w[1];
		double y = u[2] * w[0] - u[0] * w[2];
		double z = u[0] * w[1] - u[1] * w[0];
		double area = sqrt(x * x + y * y + z * z);

		if (area > 0 && v / area < m)
			m = v / area;
	}
	return isfinite(m) && v > 0 ? m / 2 : 0;
}

/* --- self part --- */

struct self_job {
	const struct hop_msd_traj *t;
	const size_t *lags;
	size_t nlags, stride, nbins, nblocks, nions, n;
	double rmax;
	uint32_t first, last; /* ions [first, last) */
	/* this job's sums: nblocks x nlags each, and nlags x nbins */
	double *s2, *s4, *cnt, *hist, *beyond;
	int failed;
};

static void *
self_run(void *arg)
{
	struct self_job *j = arg;
	unsigned dims = hop_msd_traj_dims(j->t), d;
	double *x = malloc(3 * j->n * sizeof(double));
	double w = j->rmax / (double)j->nbins;
	uint32_t i;
	size_t k;

	if (x == NULL) {
		j->failed = 1;
		return NULL;
	}
	for (i = j->first; i < j->last; i++) {
		size_t blk = (size_t)i * j->nblocks / j->nions;

		for (d = 0; d < dims; d++)
			hop_msd_traj_series(j->t, i, d, 0, j->n, x + d * j->n);
		for (k = 0; k < j->nlags; k++) {
			size_t lag = j->lags[k], t0;
			double s2 = 0, s4 = 0, c = 0, out = 0;

			for (t0 = 0; t0 + lag < j->n; t0 += j->stride) {
				double r2 = 0;

				for (d = 0; d < dims; d++) {
					double u = x[d * j->n + t0 + lag] -
					    x[d * j->n + t0];
					r2 += u * u;
				}
				s2 += r2;
				s4 += r2 * r2;
				c += 1;
				if (j->hist != NULL) {
					double r = sqrt(r2);
					size_t b = (size_t)(r / w);

					if (r < j->rmax && b < j->nbins)
						j->hist[k * j->nbins + b] += 1;
					else
						out += 1;
				} else if (sqrt(r2) >= j->rmax)
					out += 1;
			}
			j->s2[blk * j->nlags + k] += s2;
			j->s4[blk * j->nlags + k] += s4;
			j->cnt[blk * j->nlags + k] += c;
			j->beyond[k] += out;
		}
	}
	free(x);
	return NULL;
}

static double
alpha2_of(double s2, double s4, double c, unsigned dims)
{
	double m2 = s2 / c, m4 = s4 / c;

	return c > 0 && m2 > 0 ? dims * m4 / ((dims + 2.0) * m2 * m2) - 1 :
	    NAN;
}

int
hop_vanhove_self(const struct hop_msd_traj *t, const size_t *lags,
    size_t nlags, size_t stride, double rmax, size_t nbins, size_t nblocks,
    unsigned nthreads, double *hist, struct hop_vh_self *out,
    struct hop_err *err)
{
	size_t n = hop_msd_traj_frames(t), nions = hop_msd_traj_ions(t);
	size_t k, b, per = nblocks * nlags;
	unsigned dims = hop_msd_traj_dims(t), th;
	struct self_job *jobs = NULL;
	double *S2 = NULL, *S4 = NULL, *C = NULL;
	int ret = -1;

	if (nlags == 0 || stride < 1 || !(rmax > 0) || nbins < 1 ||
	    nblocks < 2 || nthreads < 1) {
		hop_err_set(err, "van Hove: bad arguments");
		return -1;
	}
	for (k = 0; k < nlags; k++)
		if (lags[k] < 1 || lags[k] >= n) {
			hop_err_set(err, "lag %zu frames is outside 1 to %zu",
			    lags[k], n ? n - 1 : 0);
			return -1;
		}
	if (nblocks > nions)
		nblocks = nions;
	per = nblocks * nlags;
	if (nthreads > nions)
		nthreads = (unsigned)nions;
	jobs = calloc(nthreads, sizeof(*jobs));
	S2 = calloc(per, sizeof(double));
	S4 = calloc(per, sizeof(double));
	C = calloc(per, sizeof(double));
	if (jobs == NULL || S2 == NULL || S4 == NULL || C == NULL)
		goto oom;
	for (th = 0; th < nthreads; th++) {
		struct self_job *j = &jobs[th];

		j->t = t;
		j->lags = lags;
		j->nlags = nlags;
		j->stride = stride;
		j->nbins = nbins;
		j->nblocks = nblocks;
		j->nions = nions;
		j->n = n;
		j->rmax = rmax;
		j->first = (uint32_t)(nions * th / nthreads);
		j->last = (uint32_t)(nions * (th + 1) / nthreads);
		j->s2 = calloc(per, sizeof(double));
		j->s4 = calloc(per, sizeof(double));
		j->cnt = calloc(per, sizeof(double));
		j->beyond = calloc(nlags, sizeof(double));
		j->hist = hist != NULL ? calloc(nlags * nbins, sizeof(double)) :
		    NULL;
		if (j->s2 == NULL || j->s4 == NULL || j->cnt == NULL ||
		    j->beyond == NULL || (hist != NULL && j->hist == NULL))
			goto oom;
	}
	hop_jobs_run(self_run, jobs, sizeof(*jobs), nthreads);
	for (th = 0; th < nthreads; th++)
		if (jobs[th].failed)
			goto oom;
	if (hist != NULL)
		memset(hist, 0, nlags * nbins * sizeof(double));
	for (k = 0; k < nlags; k++) {
		double s2 = 0, s4 = 0, c = 0, beyond = 0, mean = 0, ss = 0;
		double w = rmax / (double)nbins;

		for (th = 0; th < nthreads; th++) {
			for (b = 0; b < nblocks; b++) {
				S2[b * nlags + k] += jobs[th].s2[b * nlags + k];
				S4[b * nlags + k] += jobs[th].s4[b * nlags + k];
				C[b * nlags + k] += jobs[th].cnt[b * nlags + k];
			}
			beyond += jobs[th].beyond[k];
			if (hist != NULL)
				for (b = 0; b < nbins; b++)
					hist[k * nbins + b] +=
					    jobs[th].hist[k * nbins + b];
		}
		for (b = 0; b < nblocks; b++) {
			s2 += S2[b * nlags + k];
			s4 += S4[b * nlags + k];
			c += C[b * nlags + k];
		}
		out[k].lag = lags[k];
		out[k].samples = (size_t)c;
		out[k].r2 = s2 / c;
		out[k].r4 = s4 / c;
		out[k].alpha2 = alpha2_of(s2, s4, c, dims);
		out[k].beyond = beyond / c;
		if (hist != NULL)
			for (b = 0; b < nbins; b++)
				hist[k * nbins + b] /= c * w;
		/* Jackknife over the blocks of ions. */
		for (b = 0; b < nblocks; b++)
			mean += alpha2_of(s2 - S2[b * nlags + k],
			    s4 - S4[b * nlags + k], c - C[b * nlags + k], dims);
		mean /= (double)nblocks;
		for (b = 0; b < nblocks; b++) {
			double a = alpha2_of(s2 - S2[b * nlags + k],
			    s4 - S4[b * nlags + k], c - C[b * nlags + k], dims);
			ss += (a - mean) * (a - mean);
		}
		out[k].dalpha2 = nblocks >= 2 ?
		    sqrt((nblocks - 1.0) / (double)nblocks * ss) : NAN;
	}
	ret = 0;
	goto out;
oom:
	hop_err_set(err, "out of memory");
out:
	if (jobs != NULL)
		for (th = 0; th < nthreads; th++) {
			free(jobs[th].s2);
			free(jobs[th].s4);
			free(jobs[th].cnt);
			free(jobs[th].beyond);
			free(jobs[th].hist);
		}
	free(jobs);
	free(S2);
	free(S4);
	free(C);
	return ret;
}

/* --- distinct part --- */

/* One (lag, origin) task's data, shared read-only by the threads. */
struct dist_ctx {
	const struct hop_msd_traj *t;
	const double *pos0, *cells;
	const size_t *lags;
	size_t nlags, norigins, nbins, nions, n;
	double rmax;
};

struct dist_job {
	const struct dist_ctx *c;
	size_t task0, task1; /* tasks [task0, task1): lag * norigins + o */
	double *hist;        /* nlags x nbins pair counts */
	double *vol;         /* nlags: summed volumes */
	double *norig;       /* nlags: origins used */
	int failed;
};

/* The o-th of the origins lag allows, or SIZE_MAX when there are fewer
 * than o + 1 distinct ones. */
static size_t
origin_of(size_t n, size_t lag, size_t norigins, size_t o)
{
	size_t span = n - lag; /* origins 0 .. span - 1 */

	if (span <= norigins)
		return o < span ? o : SIZE_MAX;
	if (norigins == 1)
		return 0;
	return (size_t)((double)o * (double)(span - 1) /
	    (double)(norigins - 1) + 0.5);
}

static void
positions(const struct dist_ctx *c, size_t frame, double *p)
{
	size_t i;
	unsigned d;

	for (i = 0; i < c->nions; i++)
		for (d = 0; d < 3; d++) {
			double v;

			hop_msd_traj_series(c->t, (uint32_t)i, d, frame, 1, &v);
			p[3 * i + d] = c->pos0[3 * i + d] + v;
		}
}

static void *
dist_run(void *arg)
{
	struct dist_job *j = arg;
	const struct dist_ctx *c = j->c;
	double *p0 = malloc(3 * c->nions * sizeof(double));
	double *p1 = malloc(3 * c->nions * sizeof(double));
	double w = c->rmax / (double)c->nbins, rmax2 = c->rmax * c->rmax;
	size_t task;

	if (p0 == NULL || p1 == NULL) {
		j->failed = 1;
		goto out;
	}
	for (task = j->task0; task < j->task1; task++) {
		size_t k = task / c->norigins, o = task % c->norigins;
		size_t lag = c->lags[k];
		size_t t0 = origin_of(c->n, lag, c->norigins, o), i, l;
		const double *cell;
		double inv[9];

		if (t0 == SIZE_MAX)
			continue;
		cell = c->cells + 9 * (t0 + lag);
		if (hop_cell_inverse(cell, inv) != 0)
			continue; /* checked by the caller */
		positions(c, t0, p0);
		positions(c, t0 + lag, p1);
		/* Fractional coordinates once per frame, then the nearest
		 * image of each pair's difference in them. */
		for (i = 0; i < c->nions; i++) {
			double f[3];

			hop_cart_to_frac(p0 + 3 * i, inv, f);
			memcpy(p0 + 3 * i, f, sizeof(f));
			hop_cart_to_frac(p1 + 3 * i, inv, f);
			memcpy(p1 + 3 * i, f, sizeof(f));
		}
		for (i = 0; i < c->nions; i++)
			for (l = 0; l < c->nions; l++) {
				double f[3], x, y, z, r2;
				size_t b;

				if (l == i)
					continue;
				f[0] = p1[3 * l] - p0[3 * i];
				f[1] = p1[3 * l + 1] - p0[3 * i + 1];
				f[2] = p1[3 * l + 2] - p0[3 * i + 2];
				f[0] -= nearbyint(f[0]);
				f[1] -= nearbyint(f[1]);
				f[2] -= nearbyint(f[2]);
				x = f[0] * cell[0] + f[1] * cell[3] +
				    f[2] * cell[6];
				y = f[0] * cell[1] + f[1] * cell[4] +
				    f[2] * cell[7];
				z = f[0] * cell[2] + f[1] * cell[5] +
				    f[2] * cell[8];
				r2 = x * x + y * y + z * z;
				if (r2 >= rmax2)
					continue;
				b = (size_t)(sqrt(r2) / w);
				if (b < c->nbins)
					j->hist[k * c->nbins + b] += 1;
			}
		j->vol[k] += fabs(hop_cell_det(cell));
		j->norig[k] += 1;
	}
out:
	free(p0);
	free(p1);
	return NULL;
}

int
hop_vanhove_distinct(const struct hop_msd_traj *t, const double *pos0,
    const double *cells, const size_t *lags, size_t nlags, size_t norigins,
    double rmax, size_t nbins, unsigned nthreads, double *gd,
    struct hop_err *err)
{
	struct dist_ctx c;
	struct dist_job *jobs = NULL;
	size_t n = hop_msd_traj_frames(t), nions = hop_msd_traj_ions(t);
	size_t k, b, f, ntasks;
	unsigned th;
	double w = rmax / (double)nbins, limit = INFINITY;
	int ret = -1;

	if (nlags == 0 || norigins < 1 || !(rmax > 0) || nbins < 1 ||
	    nthreads < 1) {
		hop_err_set(err, "van Hove: bad arguments");
		return -1;
	}
	if (hop_msd_traj_dims(t) != 3) {
		hop_err_set(err, "the distinct van Hove function needs all "
		    "three axes");
		return -1;
	}
	if (nions < 2) {
		hop_err_set(err, "the distinct van Hove function needs at "
		    "least 2 ions");
		return -1;
	}
	for (k = 0; k < nlags; k++)
		if (lags[k] >= n) {
			hop_err_set(err, "lag %zu frames is outside 0 to %zu",
			    lags[k], n ? n - 1 : 0);
			return -1;
		}
	for (f = 0; f < n; f++) {
		double inv[9], m;

		if (hop_cell_inverse(cells + 9 * f, inv) != 0) {
			hop_err_set(err, "frame %zu: the cell is singular", f);
			return -1;
		}
		m = hop_vanhove_rmax(cells + 9 * f);
		if (m < limit)
			limit = m;
	}
	if (rmax > limit * (1 + 1e-12)) {
		hop_err_set(err, "rmax %g A exceeds half the cell's smallest "
		    "width, %g A (minimum image)", rmax, limit);
		return -1;
	}
	c.t = t;
	c.pos0 = pos0;
	c.cells = cells;
	c.lags = lags;
	c.nlags = nlags;
	c.norigins = norigins;
	c.nbins = nbins;
	c.nions = nions;
	c.n = n;
	c.rmax = rmax;
	ntasks = nlags * norigins;
	if (nthreads > ntasks)
		nthreads = (unsigned)ntasks;
	jobs = calloc(nthreads, sizeof(*jobs));
	if (jobs == NULL)
		goto oom;
	for (th = 0; th < nthreads; th++) {
		jobs[th].c = &c;
		jobs[th].task0 = ntasks * th / nthreads;
		jobs[th].task1 = ntasks * (th + 1) / nthreads;
		jobs[th].hist = calloc(nlags * nbins, sizeof(double));
		jobs[th].vol = calloc(nlags, sizeof(double));
		jobs[th].norig = calloc(nlags, sizeof(double));
		if (jobs[th].hist == NULL || jobs[th].vol == NULL ||
		    jobs[th].norig == NULL)
			goto oom;
	}
	hop_jobs_run(dist_run, jobs, sizeof(*jobs), nthreads);
	for (th = 0; th < nthreads; th++)
		if (jobs[th].failed)
			goto oom;
	for (k = 0; k < nlags; k++) {
		double vol = 0, no = 0, rho;

		for (th = 0; th < nthreads; th++) {
			vol += jobs[th].vol[k];
			no += jobs[th].norig[k];
		}
		rho = (double)(nions - 1) / (vol / no);
		for (b = 0; b < nbins; b++) {
			double r0 = b * w, r1 = (b + 1) * w, cnt = 0;
			double shell = 4.0 / 3.0 * M_PI *
			    (r1 * r1 * r1 - r0 * r0 * r0);

			for (th = 0; th < nthreads; th++)
				cnt += jobs[th].hist[k * nbins + b];
			gd[k * nbins + b] = cnt / (no * (double)nions * rho *
			    shell);
		}
	}
	ret = 0;
	goto out;
oom:
	hop_err_set(err, "out of memory");
out:
	if (jobs != NULL)
		for (th = 0; th < nthreads; th++) {
			free(jobs[th].hist);
			free(jobs[th].vol);
			free(jobs[th].norig);
		}
	free(jobs);
	return ret;
}

/* --- time-resolved Haven ratio --- */

int
hop_vanhove_haven(const struct hop_msd_traj *t, const size_t *lags,
    size_t nlags, size_t nblocks, unsigned nthreads,
    struct hop_vh_haven *out, struct hop_err *err)
{
	size_t n = hop_msd_traj_frames(t), len, k, b;
	double *self = NULL, *coll = NULL, *bs = NULL, *bc = NULL, *hb = NULL;
	int ret = -1;

	if (nlags == 0 || nblocks < 2 || nthreads < 1) {
		hop_err_set(err, "Haven ratio: bad arguments");
		return -1;
	}
	for (k = 0; k < nlags; k++)
		if (lags[k] < 1 || lags[k] >= n) {
			hop_err_set(err, "lag %zu frames is outside 1 to %zu",
			    lags[k], n ? n - 1 : 0);
			return -1;
		}
	len = n / nblocks;
	self = malloc(n * sizeof(double));
	coll = malloc(n * sizeof(double));
	bs = malloc((len ? len : 1) * sizeof(double));
	bc = malloc((len ? len : 1) * sizeof(double));
	hb = calloc(nblocks * nlags, sizeof(double));
	if (self == NULL || coll == NULL || bs == NULL || bc == NULL ||
	    hb == NULL) {
		hop_err_set(err, "out of memory");
		goto out;
	}
	if (hop_msd_traj_compute(t, 0, n, nthreads, self, coll, err) != 0)
		goto out;
	for (k = 0; k < nlags; k++) {
		out[k].lag = lags[k];
		out[k].self = self[lags[k]];
		out[k].coll = coll[lags[k]];
		out[k].haven = coll[lags[k]] > 0 ? self[lags[k]] /
		    coll[lags[k]] : NAN;
		out[k].dhaven = NAN;
	}
	if (len >= 2) {
		for (b = 0; b < nblocks; b++) {
			if (hop_msd_traj_compute(t, b * len, len, nthreads, bs,
			    bc, err) != 0)
				goto out;
			for (k = 0; k < nlags; k++)
				hb[b * nlags + k] = lags[k] <= len / 2 &&
				    bc[lags[k]] > 0 ? bs[lags[k]] /
				    bc[lags[k]] : NAN;
		}
		for (k = 0; k < nlags; k++) {
			double m = 0, ss = 0;

			if (lags[k] > len / 2)
				continue;
			for (b = 0; b < nblocks; b++)
				m += hb[b * nlags + k];
			m /= (double)nblocks;
			for (b = 0; b < nblocks; b++)
				ss += (hb[b * nlags + k] - m) *
				    (hb[b * nlags + k] - m);
			out[k].dhaven = sqrt(ss / (nblocks - 1.0)) /
			    sqrt((double)nblocks);
		}
	}
	ret = 0;
out:
	free(self);
	free(coll);
	free(bs);
	free(bc);
	free(hb);
	return ret;
}
