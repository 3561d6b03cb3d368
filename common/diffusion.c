/*
 * diffusion.c - see diffusion.h.
 */
#include <fftw3.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diffusion.h"
#include "jobs.h"

struct hop_dml {
	size_t n, s, m;  /* frames, stride, increments per offset */
	double *in;      /* m increments */
	double *out;     /* their sine transform */
	double *p;       /* m sums of squared transformed increments */
	double *c;       /* m values c_k */
	double q;        /* series x offsets added */
	fftw_plan plan;
};

struct hop_dml *
hop_dml_new(size_t n, size_t stride, struct hop_err *err)
{
	struct hop_dml *m;
	size_t k;

	if (n > HOP_MSD_MAX_FRAMES) {
		hop_err_set(err, "%zu frames: more than %u", n,
		    HOP_MSD_MAX_FRAMES);
		return NULL;
	}
	/* stride > n / 4 first, so that nothing below can wrap. */
	if (stride < 1 || stride > n / 4 || (n - stride) / stride < 3) {
		hop_err_set(err, "%zu frames at a stride of %zu leave fewer "
		    "than 3 increments", n, stride);
		return NULL;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL)
		goto nomem;
	m->n = n;
	m->s = stride;
	m->m = (n - stride) / stride;
	m->in = fftw_malloc(m->m * sizeof(double));
	m->out = fftw_malloc(m->m * sizeof(double));
	m->p = calloc(m->m, sizeof(double));
	m->c = malloc(m->m * sizeof(double));
	if (m->in == NULL || m->out == NULL || m->p == NULL || m->c == NULL)
		goto nomem;
	for (k = 0; k < m->m; k++)
		m->c[k] = 2.0 * (1.0 - cos(M_PI * (double)(k + 1) /
		    (double)(m->m + 1)));
	/* RODFT00 is the DST-I: out_k = 2 sum_j in_j sin(pi (j+1)(k+1) /
	 * (M+1)); dividing by sqrt(2 (M+1)) makes it orthonormal. */
	m->plan = fftw_plan_r2r_1d((int)m->m, m->in, m->out, FFTW_RODFT00,
	    FFTW_ESTIMATE);
	if (m->plan == NULL) {
		hop_err_set(err, "no sine-transform plan for length %zu",
		    m->m);
		hop_dml_free(m);
		return NULL;
	}
	return m;
nomem:
	hop_err_set(err, "out of memory for %zu increments", n / stride);
	hop_dml_free(m);
	return NULL;
}

void
hop_dml_free(struct hop_dml *m)
{
	if (m == NULL)
		return;
	if (m->plan != NULL)
		fftw_destroy_plan(m->plan);
	fftw_free(m->in);
	fftw_free(m->out);
	free(m->p);
	free(m->c);
	free(m);
}

size_t
hop_dml_increments(const struct hop_dml *m)
{
	return m->m;
}

void
hop_dml_add(struct hop_dml *m, const double *x)
{
	double norm = 1.0 / (2.0 * (double)(m->m + 1));
	size_t o, j, k;

	for (o = 0; o < m->s; o++) {
		for (j = 0; j < m->m; j++)
			m->in[j] = x[o + (j + 1) * m->s] - x[o + j * m->s];
		fftw_execute(m->plan);
		for (k = 0; k < m->m; k++)
			m->p[k] += m->out[k] * m->out[k] * norm;
		m->q += 1;
	}
}

void
hop_dml_merge(struct hop_dml *into, const struct hop_dml *from)
{
	size_t k;

	/* Accumulators of different shapes do not add up. */
	if (into->m != from->m || into->s != from->s)
		return;
	for (k = 0; k < into->m; k++)
		into->p[k] += from->p[k];
	into->q += from->q;
}

void
hop_dml_reset(struct hop_dml *m)
{
	memset(m->p, 0, m->m * sizeof(double));
	m->q = 0;
}

/* The log-likelihood at (a, b); -inf where some lambda_k <= 0. */
static double
loglik(const struct hop_dml *m, double a, double b)
{
	double l = 0;
	size_t k;

	for (k = 0; k < m->m; k++) {
		double lam = a + b * m->c[k];

		if (!(lam > 0))
			return -INFINITY;
		l -= 0.5 * (m->q * log(lam) + m->p[k] / lam);
	}
	return l;
}

/*
 * One weighted least-squares step: y_k = P_k / Q on (1, c_k) with
 * weights w (w NULL: unit weights).  The solution goes to ab, and
 * (X^T W X)^-1 to cov when cov is not NULL.  0 or -1.
 */
static int
wls(const struct hop_dml *m, gsl_matrix *X, gsl_vector *y, gsl_vector *w,
    gsl_multifit_linear_workspace *ws, double ab[2], gsl_matrix *cov)
{
	gsl_vector_view cv;
	double coef[2], chisq;
	gsl_matrix *cv2 = cov != NULL ? cov : gsl_matrix_alloc(2, 2);
	int st;

	if (cv2 == NULL)
		return -1;
	cv = gsl_vector_view_array(coef, 2);
	(void)m;
	st = gsl_multifit_wlinear(X, w, y, &cv.vector, cv2, &chisq, ws);
	if (cov == NULL)
		gsl_matrix_free(cv2);
	if (st != GSL_SUCCESS || !isfinite(coef[0]) || !isfinite(coef[1]))
		return -1;
	ab[0] = coef[0];
	ab[1] = coef[1];
	return 0;
}

int
hop_dml_solve(const struct hop_dml *m, double qeff, struct hop_dml_fit *f,
    struct hop_err *err)
{
	gsl_matrix *X = gsl_matrix_alloc(m->m, 2), *cov = gsl_matrix_alloc(2,
	    2);
	gsl_vector *y = gsl_vector_alloc(m->m), *w = gsl_vector_alloc(m->m);
	gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(m->m, 2);
	double ab[2], mean = 0, l;
	size_t k;
	int it, conv, ret = -1;

	gsl_set_error_handler_off();
	memset(f, 0, sizeof(*f));
	f->a = f->b = NAN;
	if (X == NULL || cov == NULL || y == NULL || w == NULL || ws == NULL) {
		hop_err_set(err, "out of memory for a fit of %zu increments",
		    m->m);
		goto out;
	}
	if (!(m->q > 0)) {
		hop_err_set(err, "no series to fit");
		goto out;
	}
	if (!(qeff > 0)) {
		hop_err_set(err, "no independent series (%g)", qeff);
		goto out;
	}
	for (k = 0; k < m->m; k++) {
		gsl_matrix_set(X, k, 0, 1.0);
		gsl_matrix_set(X, k, 1, m->c[k]);
		gsl_vector_set(y, k, m->p[k] / m->q);
		gsl_vector_set(w, k, 1.0);
		mean += m->p[k] / m->q;
	}
	mean /= (double)m->m;
	if (mean == 0) {
		/* Nothing moves: D = 0 exactly, and no noise either. */
		f->a = f->b = 0;
		ret = 0;
		goto out;
	}
	if (!(mean > 0) || !isfinite(mean)) {
		hop_err_set(err, "the increments are not finite");
		goto out;
	}
	/* Start from ordinary least squares, or from white increments. */
	if (wls(m, X, y, w, ws, ab, NULL) != 0 ||
	    !isfinite(loglik(m, ab[0], ab[1]))) {
		ab[0] = mean;
		ab[1] = 0;
	}
	l = loglik(m, ab[0], ab[1]);
	conv = 0;
	for (it = 1; it <= 1000; it++) {
		double nb[2], step = 1, nl;
		int h;

		for (k = 0; k < m->m; k++) {
			double lam = ab[0] + ab[1] * m->c[k];

			gsl_vector_set(w, k, 1.0 / (lam * lam));
		}
		if (wls(m, X, y, w, ws, nb, NULL) != 0)
			break;
		/* Fisher scoring goes uphill for small enough steps; halve
		 * until the likelihood does not drop. */
		for (h = 0; h < 60; h++) {
			double ta = ab[0] + step * (nb[0] - ab[0]);
			double tb = ab[1] + step * (nb[1] - ab[1]);

			nl = loglik(m, ta, tb);
			if (nl >= l - 1e-12 * fabs(l)) {
				nb[0] = ta;
				nb[1] = tb;
				break;
			}
			step /= 2;
		}
		if (h == 60) {
			/* No step goes uphill: at the maximum to rounding. */
			conv = 1;
			break;
		}
		f->iterations = it;
		/* Converged when the step is below 1e-9 of the scale of
		 * lambda, or the likelihood no longer rises above rounding. */
		if ((fabs(nb[0] - ab[0]) <= 1e-9 * (fabs(ab[0]) +
		    4 * fabs(ab[1])) && fabs(nb[1] - ab[1]) <= 1e-9 *
		    (fabs(ab[0]) + 4 * fabs(ab[1]))) ||
		    fabs(nl - l) <= 1e-14 * fabs(l)) {
			ab[0] = nb[0];
			ab[1] = nb[1];
			conv = 1;
			break;
		}
		ab[0] = nb[0];
		ab[1] = nb[1];
		l = nl;
	}
	/*
	 * Polish: near the maximum the likelihood is flat to rounding, so
	 * the test on it stops the search up to about 1e-7 away from the
	 * maximum, and that far from it inputs that differ by rounding (the
	 * same run summed in another order, as msd --reduce sums its parts)
	 * could give estimates 1e-7 apart.  Full Fisher-scoring steps
	 * converge on the maximum itself (its fixed point), so take them
	 * while they shrink, to rounding.
	 */
	if (conv) {
		double prev = INFINITY, lc = loglik(m, ab[0], ab[1]);

		for (it = 0; it < 100; it++) {
			double nb[2], d, nl, sc = fabs(ab[0]) + 4 * fabs(ab[1]);

			for (k = 0; k < m->m; k++) {
				double lam = ab[0] + ab[1] * m->c[k];

				gsl_vector_set(w, k, 1.0 / (lam * lam));
			}
			if (wls(m, X, y, w, ws, nb, NULL) != 0)
				break;
			d = fabs(nb[0] - ab[0]) + 4 * fabs(nb[1] - ab[1]);
			nl = loglik(m, nb[0], nb[1]);
			/* Only while the steps shrink and do not go
			 * downhill beyond rounding. */
			if (!(d < prev) || !(nl >= lc - 1e-12 * fabs(lc)))
				break;
			ab[0] = nb[0];
			ab[1] = nb[1];
			prev = d;
			if (nl > lc)
				lc = nl;
			if (d <= 1e-15 * sc)
				break;
		}
	}
	/* Without convergence (a model far from the data, such as a
	 * drift) the last point, uphill from every earlier one, stands. */
	f->converged = conv;
	/* The inverse Fisher information: (2 / qeff) (X^T W X)^-1 with
	 * the weights at the maximum. */
	for (k = 0; k < m->m; k++) {
		double lam = ab[0] + ab[1] * m->c[k];

		gsl_vector_set(w, k, 1.0 / (lam * lam));
	}
	{
		double unused[2];

		if (wls(m, X, y, w, ws, unused, cov) != 0) {
			hop_err_set(err, "the likelihood has no maximum");
			goto out;
		}
	}
	f->a = ab[0];
	f->b = ab[1];
	f->cov[0][0] = 2.0 / qeff * gsl_matrix_get(cov, 0, 0);
	f->cov[0][1] = 2.0 / qeff * gsl_matrix_get(cov, 0, 1);
	f->cov[1][0] = f->cov[0][1];
	f->cov[1][1] = 2.0 / qeff * gsl_matrix_get(cov, 1, 1);
	if (!isfinite(f->a) || !isfinite(f->cov[0][0])) {
		hop_err_set(err, "the likelihood has no maximum");
		goto out;
	}
	ret = 0;
out:
	gsl_matrix_free(X);
	gsl_matrix_free(cov);
	gsl_vector_free(y);
	gsl_vector_free(w);
	if (ws != NULL)
		gsl_multifit_linear_free(ws);
	return ret;
}

void
hop_dml_score(const struct hop_dml *c, const struct hop_dml_fit *f,
    double u[2])
{
	size_t k;

	u[0] = u[1] = 0;
	for (k = 0; k < c->m; k++) {
		double lam = f->a + f->b * c->c[k];
		double r = 0.5 * (c->p[k] - c->q * lam) / (lam * lam);

		u[0] += r;
		u[1] += r * c->c[k];
	}
}

void
hop_dml_sandwich(const struct hop_dml *m, const struct hop_dml_fit *f,
    const double uu[3], size_t k, double cov[2][2])
{
	double h00 = 0, h01 = 0, h11 = 0, i00, i01, i11, j00, j01, j11;
	double sc = k > 1 ? (double)k / (double)(k - 1) : NAN;
	size_t i;

	for (i = 0; i < m->m; i++) {
		double lam = f->a + f->b * m->c[i];
		double w = 0.5 * m->q / (lam * lam);

		h00 += w;
		h01 += w * m->c[i];
		h11 += w * m->c[i] * m->c[i];
	}
	/* H^-1 by GSL's LU decomposition. */
	{
		double hd[4] = {h00, h01, h01, h11}, id[4];
		gsl_matrix_view hm = gsl_matrix_view_array(hd, 2, 2);
		gsl_matrix_view im = gsl_matrix_view_array(id, 2, 2);
		gsl_permutation *pm = gsl_permutation_alloc(2);
		int sg;

		gsl_set_error_handler_off();
		if (pm == NULL || gsl_linalg_LU_decomp(&hm.matrix, pm, &sg) !=
		    GSL_SUCCESS || gsl_linalg_LU_invert(&hm.matrix, pm,
		    &im.matrix) != GSL_SUCCESS) {
			id[0] = id[1] = id[2] = id[3] = NAN;
		}
		gsl_permutation_free(pm);
		i00 = id[0];
		i01 = id[1];
		i11 = id[3];
	}
	j00 = sc * uu[0];
	j01 = sc * uu[1];
	j11 = sc * uu[2];
	/* V = H^-1 J H^-1. */
	cov[0][0] = i00 * (j00 * i00 + j01 * i01) + i01 * (j01 * i00 +
	    j11 * i01);
	cov[0][1] = i00 * (j00 * i01 + j01 * i11) + i01 * (j01 * i01 +
	    j11 * i11);
	cov[1][0] = cov[0][1];
	cov[1][1] = i01 * (j00 * i01 + j01 * i11) + i11 * (j01 * i01 +
	    j11 * i11);
}

/* --- diffusion coefficients of a stored run --- */

size_t
hop_diff_max_stride(size_t n)
{
	return n / (HOP_DML_MIN_INCREMENTS + 1);
}

/* One thread's share of the ions [i0, i1). */
struct dshare {
	const struct hop_msd_traj *t;
	size_t first, n;
	uint32_t i0, i1;
	unsigned dims;
	int per_axis, pass;
	double *x;
	struct hop_dml *pool, *clu, *axis[3], *aclu;
	const struct hop_dml_fit *fit, *afit; /* pass 2: the pooled fits */
	double uu[3], auu[3][3];
};

static void
acc_uu(double uu[3], const double u[2])
{
	uu[0] += u[0] * u[0];
	uu[1] += u[0] * u[1];
	uu[2] += u[1] * u[1];
}

static void *
dshare_run(void *arg)
{
	struct dshare *sh = arg;
	uint32_t i;
	unsigned d;
	double u[2];

	for (i = sh->i0; i < sh->i1; i++) {
		if (sh->pass == 2)
			hop_dml_reset(sh->clu);
		for (d = 0; d < sh->dims; d++) {
			hop_msd_traj_series(sh->t, i, d, sh->first, sh->n,
			    sh->x);
			if (sh->pass == 1) {
				hop_dml_add(sh->pool, sh->x);
				if (sh->per_axis)
					hop_dml_add(sh->axis[d], sh->x);
				continue;
			}
			hop_dml_add(sh->clu, sh->x);
			if (sh->per_axis) {
				hop_dml_reset(sh->aclu);
				hop_dml_add(sh->aclu, sh->x);
				hop_dml_score(sh->aclu, &sh->afit[d], u);
				acc_uu(sh->auu[d], u);
			}
		}
		if (sh->pass == 2) {
			hop_dml_score(sh->clu, sh->fit, u);
			acc_uu(sh->uu, u);
		}
	}
	return NULL;
}

/* Run pass on every share, in threads where they start. */
static void
dshare_all(struct dshare *sh, unsigned nt, int pass)
{
	unsigned j;

	for (j = 0; j < nt; j++)
		sh[j].pass = pass;
	hop_jobs_run(dshare_run, sh, sizeof(*sh), nt);
}

int
hop_diff_estimate(const struct hop_msd_traj *t, size_t first, size_t n,
    size_t stride, double dt, int per_axis, unsigned nthreads,
    struct hop_diff_est *e, struct hop_err *err)
{
	uint32_t nions = hop_msd_traj_ions(t);
	unsigned dims = hop_msd_traj_dims(t), j, d;
	struct dshare *sh = NULL;
	struct hop_dml *coll = NULL;
	struct hop_dml_fit fit, afit[3], cf;
	double *x = NULL, scale, cov[2][2];
	int ret = -1;

	memset(e, 0, sizeof(*e));
	for (d = 0; d < 3; d++)
		e->d_axis[d] = e->dd_axis[d] = NAN;
	if (first > hop_msd_traj_frames(t) || n > hop_msd_traj_frames(t) -
	    first) {
		hop_err_set(err, "frames %zu to %zu are not in the %zu stored",
		    first + 1, first + n, hop_msd_traj_frames(t));
		return -1;
	}
	if (stride < 1 || stride > hop_diff_max_stride(n)) {
		hop_err_set(err, "a stride of %zu frames leaves fewer than %d "
		    "increments in %zu frames", stride,
		    HOP_DML_MIN_INCREMENTS, n);
		return -1;
	}
	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > 64)
		nthreads = 64;
	if (nthreads > nions)
		nthreads = nions;
	if ((sh = calloc(nthreads, sizeof(*sh))) == NULL ||
	    (x = malloc(n * sizeof(double))) == NULL) {
		hop_err_set(err, "out of memory");
		goto out;
	}
	/* Every plan is made here: FFTW's planner is not thread-safe. */
	for (j = 0; j < nthreads; j++) {
		sh[j].t = t;
		sh[j].first = first;
		sh[j].n = n;
		sh[j].i0 = (uint32_t)((uint64_t)nions * j / nthreads);
		sh[j].i1 = (uint32_t)((uint64_t)nions * (j + 1) / nthreads);
		sh[j].dims = dims;
		sh[j].per_axis = per_axis;
		sh[j].fit = &fit;
		sh[j].afit = afit;
		if ((sh[j].x = malloc(n * sizeof(double))) == NULL) {
			hop_err_set(err, "out of memory");
			goto out;
		}
		if ((sh[j].pool = hop_dml_new(n, stride, err)) == NULL ||
		    (sh[j].clu = hop_dml_new(n, stride, err)) == NULL)
			goto out;
		for (d = 0; per_axis && d < dims; d++)
			if ((sh[j].axis[d] = hop_dml_new(n, stride, err)) ==
			    NULL)
				goto out;
		if (per_axis && (sh[j].aclu = hop_dml_new(n, stride, err)) ==
		    NULL)
			goto out;
	}
	if ((coll = hop_dml_new(n, stride, err)) == NULL)
		goto out;
	e->stride = stride;
	e->increments = hop_dml_increments(coll);
	scale = 1.0 / (2.0 * (double)stride * dt);

	/* Pass 1: the pooled spectra and the fits. */
	dshare_all(sh, nthreads, 1);
	for (j = 1; j < nthreads; j++) {
		hop_dml_merge(sh[0].pool, sh[j].pool);
		for (d = 0; per_axis && d < dims; d++)
			hop_dml_merge(sh[0].axis[d], sh[j].axis[d]);
	}
	if (hop_dml_solve(sh[0].pool, (double)nions * dims, &fit, err) != 0)
		goto out;
	for (d = 0; per_axis && d < dims; d++)
		if (hop_dml_solve(sh[0].axis[d], (double)nions, &afit[d],
		    err) != 0)
			goto out;
	e->d_self = fit.a * scale;
	e->dd_self = sqrt(fit.cov[0][0]) * scale;
	e->noise_self = fit.b;
	for (d = 0; per_axis && d < dims; d++) {
		e->d_axis[d] = afit[d].a * scale;
		e->dd_axis[d] = sqrt(afit[d].cov[0][0]) * scale;
	}

	/* Pass 2: each ion's score, for the sandwich over ions. */
	if (nions >= 8 && (fit.a != 0 || fit.b != 0)) {
		double uu[3] = {0, 0, 0}, auu[3][3];

		memset(auu, 0, sizeof(auu));
		dshare_all(sh, nthreads, 2);
		for (j = 0; j < nthreads; j++) {
			uu[0] += sh[j].uu[0];
			uu[1] += sh[j].uu[1];
			uu[2] += sh[j].uu[2];
			for (d = 0; d < 3; d++) {
				auu[d][0] += sh[j].auu[d][0];
				auu[d][1] += sh[j].auu[d][1];
				auu[d][2] += sh[j].auu[d][2];
			}
		}
		hop_dml_sandwich(sh[0].pool, &fit, uu, nions, cov);
		e->dd_self = sqrt(cov[0][0]) * scale;
		e->robust = 1;
		for (d = 0; per_axis && d < dims; d++) {
			hop_dml_sandwich(sh[0].axis[d], &afit[d], auu[d],
			    nions, cov);
			e->dd_axis[d] = sqrt(cov[0][0]) * scale;
		}
	}

	/* The collective coordinate: one series per axis. */
	for (d = 0; d < dims; d++) {
		hop_msd_traj_series(t, HOP_MSD_SUM, d, first, n, x);
		hop_dml_add(coll, x);
	}
	if (hop_dml_solve(coll, (double)dims, &cf, err) != 0)
		goto out;
	e->d_coll = cf.a * scale / (double)nions;
	e->dd_coll = sqrt(cf.cov[0][0]) * scale / (double)nions;
	e->noise_coll = cf.b / (double)nions;
	ret = 0;
out:
	if (sh != NULL)
		for (j = 0; j < nthreads; j++) {
			free(sh[j].x);
			hop_dml_free(sh[j].pool);
			hop_dml_free(sh[j].clu);
			hop_dml_free(sh[j].aclu);
			for (d = 0; d < 3; d++)
				hop_dml_free(sh[j].axis[d]);
		}
	free(sh);
	free(x);
	hop_dml_free(coll);
	return ret;
}

/* Do D at ladder[i] and ladder[j] agree (see diffusion.h)? */
static int
agree(const struct hop_diff_est *a, const struct hop_diff_est *b, double z,
    double rel)
{
	double dv = b->dd_self * b->dd_self - a->dd_self * a->dd_self;
	double tol = z * sqrt(fabs(dv));

	if (tol < rel * fabs(b->d_self))
		tol = rel * fabs(b->d_self);
	return fabs(a->d_self - b->d_self) <= tol;
}

size_t
hop_diff_settled(const struct hop_diff_est *ladder, size_t nl, double z,
    double rel)
{
	size_t i;

	for (i = 0; i < nl; i++) {
		int ok = 1;

		if (i + 1 < nl)
			ok = agree(&ladder[i], &ladder[i + 1], z, rel);
		if (ok && i + 2 < nl)
			ok = agree(&ladder[i], &ladder[i + 2], z, rel);
		if (ok)
			return i;
	}
	return nl > 0 ? nl - 1 : 0;
}

/* One estimate, from a trajectory or from spectra. */
typedef int (*est_fn)(const void *src, size_t first, size_t n,
    size_t stride, double dt, int per_axis, struct hop_diff_est *e,
    struct hop_err *err);

struct traj_src {
	const struct hop_msd_traj *t;
	unsigned nthreads;
};

static int
est_traj(const void *src, size_t first, size_t n, size_t stride, double dt,
    int per_axis, struct hop_diff_est *e, struct hop_err *err)
{
	const struct traj_src *ts = src;

	return hop_diff_estimate(ts->t, first, n, stride, dt, per_axis,
	    ts->nthreads, e, err);
}

static int
est_spectra(const void *src, size_t first, size_t n, size_t stride,
    double dt, int per_axis, struct hop_diff_est *e, struct hop_err *err)
{
	(void)per_axis; /* refused before */
	return hop_diff_estimate_spectra(src, first, n, stride, dt, e, err);
}

/*
 * The ladder and the stride chosen by hop_diff_settled's rule with z and
 * rel.  lazy: stop at the first stride that agrees with the next two
 * (the strides after them cannot change the choice).
 */
static int
choose(est_fn est, const void *src, size_t first, size_t n, double dt,
    double z, double rel, int lazy, struct hop_diff_est *ladder, size_t *nl,
    size_t *chosen, struct hop_err *err)
{
	size_t smax = hop_diff_max_stride(n), s;

	*nl = 0;
	*chosen = 0;
	if (smax < 1) {
		hop_err_set(err, "%zu frames are too few: a diffusion "
		    "coefficient needs at least %d", n,
		    HOP_DML_MIN_INCREMENTS + 1);
		return -1;
	}
	for (s = 1; s <= smax && *nl < HOP_DIFF_LADDER_MAX; s *= 2) {
		if (est(src, first, n, s, dt, 0, &ladder[*nl], err) != 0)
			return -1;
		(*nl)++;
		/* Every stride before the one found failed a full test. */
		if (lazy && hop_diff_settled(ladder, *nl, z, rel) + 2 < *nl)
			break;
	}
	*chosen = hop_diff_settled(ladder, *nl, z, rel);
	return 0;
}

int
hop_diff_choose(const struct hop_msd_traj *t, size_t first, size_t n,
    double dt, unsigned nthreads, struct hop_diff_est *ladder, size_t *nl,
    size_t *chosen, struct hop_err *err)
{
	struct traj_src ts = {t, nthreads};

	return choose(est_traj, &ts, first, n, dt, HOP_DIFF_Z, HOP_DIFF_REL, 0,
	    ladder, nl, chosen, err);
}

static int
run_any(est_fn est, const void *src, size_t n, double dt, double start_ps,
    double z, double rel, int lazy, int per_axis, struct hop_diff_run *r,
    struct hop_err *err)
{
	size_t smax = hop_diff_max_stride(n);
	size_t h = n / 2, s;
	int d;

	memset(r, 0, sizeof(*r));
	if (smax < 1) {
		/* The MSDs are still worth having; D is not. */
		r->est.d_self = r->est.dd_self = r->est.noise_self = NAN;
		r->est.d_coll = r->est.dd_coll = r->est.noise_coll = NAN;
		for (d = 0; d < 3; d++)
			r->est.d_axis[d] = r->est.dd_axis[d] = NAN;
		r->half[0] = r->half[1] = r->est;
		r->start_ps = NAN;
		r->too_short = 1;
		return 0;
	}
	if (start_ps > 0) {
		double f = start_ps / dt;

		s = f < 1.5 ? 1 : (size_t)llround(f);
		if (f > (double)smax) {
			s = smax;
			r->too_short = 1;
		}
		if (est(src, 0, n, s, dt, per_axis, &r->est, err) != 0)
			return -1;
		r->ladder[0] = r->est;
		r->nladder = 1;
		/* A stride given is judged as a chosen one is: against D at
		 * twice it, when the run allows that. */
		/* Too long a stride to double shows nothing settled. */
		r->no_plateau = 2 * s > smax;
		if (!r->too_short && 2 * s <= smax) {
			if (est(src, 0, n, 2 * s, dt, 0, &r->ladder[1],
			    err) != 0)
				return -1;
			r->nladder = 2;
			r->no_plateau = !agree(&r->ladder[0], &r->ladder[1], z,
			    rel);
			/* Unsettled: the change over the doubling is part
			 * of the uncertainty, as below. */
			if (r->no_plateau) {
				r->est.dd_self = hypot(r->est.dd_self,
				    r->est.d_self - r->ladder[1].d_self);
				r->est.dd_coll = hypot(r->est.dd_coll,
				    r->est.d_coll - r->ladder[1].d_coll);
			}
		}
	} else {
		if (choose(est, src, 0, n, dt, z, rel, lazy, r->ladder,
		    &r->nladder, &r->chosen, err) != 0)
			return -1;
		s = r->ladder[r->chosen].stride;
		/* One stride alone shows no plateau either. */
		r->no_plateau = r->chosen + 1 == r->nladder;
		r->est = r->ladder[r->chosen];
		if (per_axis && est(src, 0, n, s, dt, 1, &r->est, err) != 0)
			return -1;
		if (r->no_plateau && r->nladder > 1) {
			const struct hop_diff_est *p =
			    &r->ladder[r->nladder - 2];

			r->est.dd_self = hypot(r->est.dd_self,
			    r->est.d_self - p->d_self);
			r->est.dd_coll = hypot(r->est.dd_coll,
			    r->est.d_coll - p->d_coll);
		}
	}
	r->start_ps = (double)s * dt;
	r->have_half = s <= hop_diff_max_stride(h);
	if (!r->have_half) {
		r->too_short = 1;
		return 0;
	}
	if (est(src, 0, h, s, dt, 0, &r->half[0], err) != 0 ||
	    est(src, h, h, s, dt, 0, &r->half[1], err) != 0)
		return -1;
	return 0;
}

int
hop_diff_run(const struct hop_msd_traj *t, double dt, double start_ps,
    int per_axis, unsigned nthreads, struct hop_diff_run *r,
    struct hop_err *err)
{
	struct traj_src ts = {t, nthreads};

	return run_any(est_traj, &ts, hop_msd_traj_frames(t), dt, start_ps,
	    HOP_DIFF_Z, HOP_DIFF_REL, 0, per_axis, r, err);
}

int
hop_diff_run_settled(const struct hop_msd_traj *t, double dt, double z,
    double rel, unsigned nthreads, struct hop_diff_run *r,
    struct hop_err *err)
{
	struct traj_src ts = {t, nthreads};

	return run_any(est_traj, &ts, hop_msd_traj_frames(t), dt, 0, z, rel,
	    1, 0, r, err);
}

int
hop_diff_run_spectra(const struct hop_diff_spectra *sp, double dt,
    double start_ps, struct hop_diff_run *r, struct hop_err *err)
{
	return run_any(est_spectra, sp, sp->nframes, dt, start_ps, HOP_DIFF_Z,
	    HOP_DIFF_REL, 0, 0, r, err);
}

void
hop_dml_load(struct hop_dml *m, const double *p, double q)
{
	memcpy(m->p, p, m->m * sizeof(double));
	m->q = q;
}

const double *
hop_dml_sums(const struct hop_dml *m, double *q)
{
	*q = m->q;
	return m->p;
}

int
hop_diff_estimate_spectra(const struct hop_diff_spectra *sp, size_t first,
    size_t n, size_t stride, double dt, struct hop_diff_est *e,
    struct hop_err *err)
{
	struct hop_dml *pool = NULL, *clu = NULL, *coll = NULL;
	struct hop_dml_fit fit, cf;
	double *p = NULL, *acc = NULL, *x = NULL, scale, cov[2][2], q;
	uint32_t i;
	unsigned d;
	size_t k, m;
	int ret = -1;

	memset(e, 0, sizeof(*e));
	for (d = 0; d < 3; d++)
		e->d_axis[d] = e->dd_axis[d] = NAN;
	if (first > sp->nframes || n > sp->nframes - first) {
		hop_err_set(err, "frames %zu to %zu are not in the %zu stored",
		    first + 1, first + n, sp->nframes);
		return -1;
	}
	if (stride < 1 || stride > hop_diff_max_stride(n)) {
		hop_err_set(err, "a stride of %zu frames leaves fewer than %d "
		    "increments in %zu frames", stride,
		    HOP_DML_MIN_INCREMENTS, n);
		return -1;
	}
	if ((pool = hop_dml_new(n, stride, err)) == NULL ||
	    (clu = hop_dml_new(n, stride, err)) == NULL ||
	    (coll = hop_dml_new(n, stride, err)) == NULL)
		goto out;
	m = hop_dml_increments(pool);
	q = (double)sp->dims * (double)stride; /* one ion's series x offsets */
	if ((p = malloc(m * sizeof(*p))) == NULL ||
	    (acc = calloc(m, sizeof(*acc))) == NULL ||
	    (x = malloc(n * sizeof(*x))) == NULL) {
		hop_err_set(err, "out of memory");
		goto out;
	}
	e->stride = stride;
	e->increments = m;
	scale = 1.0 / (2.0 * (double)stride * dt);

	/* Pass 1: the pooled spectra and the fit. */
	for (i = 0; i < sp->nions; i++) {
		if (sp->ion(sp->ctx, first, n, stride, i, p, err) != 0)
			goto out;
		for (k = 0; k < m; k++)
			acc[k] += p[k];
	}
	hop_dml_load(pool, acc, q * (double)sp->nions);
	if (hop_dml_solve(pool, (double)sp->nions * sp->dims, &fit, err) != 0)
		goto out;
	e->d_self = fit.a * scale;
	e->dd_self = sqrt(fit.cov[0][0]) * scale;
	e->noise_self = fit.b;

	/* Pass 2: each ion's score, for the sandwich over ions. */
	if (sp->nions >= 8 && (fit.a != 0 || fit.b != 0)) {
		double uu[3] = {0, 0, 0}, u[2];

		for (i = 0; i < sp->nions; i++) {
			if (sp->ion(sp->ctx, first, n, stride, i, p, err) != 0)
				goto out;
			hop_dml_load(clu, p, q);
			hop_dml_score(clu, &fit, u);
			acc_uu(uu, u);
		}
		hop_dml_sandwich(pool, &fit, uu, sp->nions, cov);
		e->dd_self = sqrt(cov[0][0]) * scale;
		e->robust = 1;
	}

	/* The collective coordinate: one series per axis. */
	for (d = 0; d < sp->dims; d++) {
		sp->sum(sp->ctx, d, first, n, x);
		hop_dml_add(coll, x);
	}
	if (hop_dml_solve(coll, (double)sp->dims, &cf, err) != 0)
		goto out;
	e->d_coll = cf.a * scale / (double)sp->nions;
	e->dd_coll = sqrt(cf.cov[0][0]) * scale / (double)sp->nions;
	e->noise_coll = cf.b / (double)sp->nions;
	ret = 0;
out:
	hop_dml_free(pool);
	hop_dml_free(clu);
	hop_dml_free(coll);
	free(p);
	free(acc);
	free(x);
	return ret;
}
