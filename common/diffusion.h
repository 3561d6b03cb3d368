/*
 * diffusion.h - diffusion coefficients and their uncertainties by
 * maximum likelihood on a trajectory's increments.
 *
 * The model (Bullerjahn, von Buelow and Hummer, J. Chem. Phys. 153,
 * 024116 (2020); Michalet and Berglund, Phys. Rev. E 85, 061916 (2012)):
 * one coordinate of a diffusing particle, seen every frame, is
 *     x(t) = w(t) + eta(t),
 * w a Brownian motion of diffusion coefficient D and eta independent
 * noise of variance b (the vibration about a site, or localisation
 * noise).  The increments over a stride of s frames,
 *     d_j = x(o + (j+1) s) - x(o + j s),   j = 0 .. M-1,
 * are Gaussian with a + 2b on the diagonal of their covariance and -b
 * beside it, a = 2 D s dt: a tridiagonal Toeplitz matrix whose
 * eigenvectors are the type-I discrete sine transform.  So y = DST(d)
 * has independent components of variance
 *     lambda_k = a + b c_k,   c_k = 2 (1 - cos(pi k / (M + 1))),
 * and the exact log-likelihood of Q such series, with P_k the sum of
 * y_k^2 over them, is
 *     l(a, b) = -1/2 sum_k (Q ln lambda_k + P_k / lambda_k).
 * Its maximum is found by Fisher scoring, which for this model is
 * iteratively reweighted least squares of P_k / Q on (1, c_k) with
 * weights 1/lambda_k^2.  The estimate of a is unbiased and reaches the
 * Cramer-Rao bound as M grows; the Fisher information is
 *     I = Q/2 sum_k g_k g_k^T / lambda_k^2,   g_k = (1, c_k).
 *
 * A stride s > 1 pools the s offsets o = 0 .. s-1 (overlapping
 * increments), as a sum over series.  Offsets of one series are not
 * independent, so their Fisher information overstates what they carry;
 * hop_dml_solve therefore takes the number of independent series apart
 * from the number added.
 *
 * Nothing here knows about ions or units: hop_diff_estimate (below)
 * applies it to the ions of a struct hop_msd_traj.
 */
#ifndef HOP_DIFFUSION_H
#define HOP_DIFFUSION_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "msd.h"

/* The fewest increments per series (per offset) a stride may leave. */
#define HOP_DML_MIN_INCREMENTS 4

struct hop_dml;

/*
 * An accumulator for series of n frames at stride s >= 1, which must
 * leave M = (n - s) / s >= 3 increments per offset.  NULL with err set.
 * Not thread-safe to create (FFTW's planner); using different
 * accumulators from different threads is safe.
 */
struct hop_dml *hop_dml_new(size_t n, size_t stride, struct hop_err *err);
void hop_dml_free(struct hop_dml *m);
/* M, the increments per offset. */
size_t hop_dml_increments(const struct hop_dml *m);
/* Add one series x[0 .. n-1] (all s offsets of it). */
void hop_dml_add(struct hop_dml *m, const double *x);
/* Add what from has accumulated into into (same n and stride). */
void hop_dml_merge(struct hop_dml *into, const struct hop_dml *from);
/* Forget every series added. */
void hop_dml_reset(struct hop_dml *m);

struct hop_dml_fit {
	double a, b;       /* variance parameters of one increment */
	double cov[2][2];  /* covariance of (a, b): see hop_dml_solve */
	int iterations;
	int converged;     /* 0: stopped after 1000 iterations */
};

/*
 * The maximum-likelihood (a, b) of the series in m, with a free in sign
 * (the fit only keeps every lambda_k positive, so a D <= 0 shows as
 * such).  cov is the inverse Fisher information for qeff independent
 * series (qeff <= the number added; qeff = that number when the series
 * are independent and the stride is 1).  Fisher scoring stops at
 * convergence or after 1000 iterations (then converged is 0 and the
 * last, highest point found stands).  Series that never move give
 * a = b = 0 and a zero covariance.  0, or -1 with err set (nothing
 * added, no maximum found).
 */
int hop_dml_solve(const struct hop_dml *m, double qeff,
    struct hop_dml_fit *f, struct hop_err *err);

/*
 * The score (gradient of the log-likelihood) of the series in c at
 * (f->a, f->b), into u[2].  Used for the robust ("sandwich") covariance
 * over independent clusters of series: the ions.
 */
void hop_dml_score(const struct hop_dml *c, const struct hop_dml_fit *f,
    double u[2]);

/*
 * The sandwich covariance H^-1 J H^-1 of the fit f of the pooled
 * series in m, where H is the Fisher information of all series added to
 * m and J = k/(k-1) sum_c u_c u_c^T over k >= 2 clusters, uu = the sums
 * {sum u0^2, sum u0 u1, sum u1^2}.  Robust to non-Gaussian increments
 * (hops) and to correlation within a cluster (offsets, axes of one
 * ion); it assumes the clusters independent.  Written into cov.
 */
void hop_dml_sandwich(const struct hop_dml *m, const struct hop_dml_fit *f,
    const double uu[3], size_t k, double cov[2][2]);

/* --- diffusion coefficients of a stored run --- */

/* One estimate at one stride. */
struct hop_diff_est {
	size_t stride;          /* frames between the increments' ends */
	size_t increments;      /* M, per offset and series */
	double d_self, dd_self; /* tracer D and its standard error (A^2/ps) */
	double noise_self;      /* b of one axis (A^2) */
	double d_coll, dd_coll; /* collective D and its standard error */
	double noise_coll;      /* b of the summed coordinate, divided by N */
	double d_axis[3], dd_axis[3]; /* per kept axis (NaN unless asked) */
	int robust;             /* dd_self from the sandwich over ions */
};

/*
 * The tracer and collective diffusion coefficients of the frames
 * [first, first + n) of t at stride s, with dt the time between frames
 * (ps).  D_self pools every ion and kept axis; its uncertainty is the
 * sandwich over ions (with 8 or more ions; the Fisher information of one
 * offset per series with fewer).  D_coll fits the displacement summed
 * over the ions, D_coll = a / (2 s dt N); its uncertainty is the Fisher
 * information of one offset per axis (exact at stride 1, conservative
 * above, where offsets overlap).  per_axis: also D_self of each kept
 * axis.  nthreads >= 1 share the ions.  0, or -1 with err set.
 */
int hop_diff_estimate(const struct hop_msd_traj *t, size_t first, size_t n,
    size_t stride, double dt, int per_axis, unsigned nthreads,
    struct hop_diff_est *e, struct hop_err *err);

/* The longest stride hop_diff_estimate takes for n frames (0: none). */
size_t hop_diff_max_stride(size_t n);

/*
 * Choose the stride from the data: the ladder s = 1, 2, 4, ... up to
 * hop_diff_max_stride(n) is estimated (into ladder, room for
 * HOP_DIFF_LADDER_MAX; *nl
 * gets the count), and the chosen one is the smallest s whose D_self
 * agrees with D_self at 2s and at 4s (those that exist) within
 *     max(z sqrt(|var(D_2s) - var(D_s)|), rel |D_2s|)
 * each (a Hausman test: under the model the efficient D_s and the
 * consistent D_2s differ by a variance that is the difference of
 * theirs), with z = HOP_DIFF_Z and rel = HOP_DIFF_REL.  When none
 * agrees, the longest stride.  *chosen indexes ladder.  0 or -1.
 */
#define HOP_DIFF_Z 2.5
#define HOP_DIFF_REL 0.05
int hop_diff_choose(const struct hop_msd_traj *t, size_t first, size_t n,
    double dt, unsigned nthreads, struct hop_diff_est *ladder, size_t *nl,
    size_t *chosen, struct hop_err *err);

/*
 * The index, in ladder (nl estimates at strides 1, 2, 4, ...), of the
 * smallest stride whose D_self agrees with D_self at the next two strides
 * by hop_diff_choose's rule with z and rel given; nl - 1 when none agrees
 * (0 when nl is 0).  hop_diff_choose uses z = HOP_DIFF_Z and rel =
 * HOP_DIFF_REL.  A quantity for which a few per cent is the effect
 * measured, such as the correlation factor D* / D_jump, asks rel 0 (the
 * statistical test alone): correlated jumps make D_self at short strides
 * too large by a few per cent, within HOP_DIFF_REL.
 */
size_t hop_diff_settled(const struct hop_diff_est *ladder, size_t nl,
    double z, double rel);

/* --- a whole run --- */

#define HOP_DIFF_LADDER_MAX 64

/* Everything hop_diff_run learns about a run. */
struct hop_diff_run {
	struct hop_diff_est ladder[HOP_DIFF_LADDER_MAX]; /* strides tried */
	size_t nladder, chosen;  /* how many, and the one used */
	struct hop_diff_est est; /* at the stride used (per axis if asked) */
	struct hop_diff_est half[2]; /* the same stride over each half */
	int have_half;           /* the halves were estimated */
	int too_short;           /* no D at all (est NaN), or the stride
	                          * beyond what the run or its halves allow */
	int no_plateau;          /* no stride agreed with the longer ones
	                          * (or the run allows one stride only) */
	double start_ps;         /* the stride in ps; NaN without a D */
};

/*
 * The diffusion analysis of all n frames of t (dt ps apart): the stride
 * is start_ps rounded to whole frames (the longest the run allows, and
 * too_short, when beyond it; judged against D at twice it, ladder[1],
 * when the run allows: no_plateau when they disagree, their difference
 * then added to dD_self and dD_coll) or, with start_ps 0, chosen by
 * hop_diff_choose; then D at that stride over the whole run (per_axis:
 * per axis too) and over each half, when the halves allow it.  When no
 * stride agrees with the longer ones (no_plateau), D has not settled and
 * its statistical error is not all of its uncertainty: the change of D
 * over the last doubling of the stride is added to dD_self and dD_coll
 * in quadrature.  A run of fewer than HOP_DML_MIN_INCREMENTS + 1 frames
 * gives no D (NaN, too_short) and no error.  0, or -1 with err set.
 */
int hop_diff_run(const struct hop_msd_traj *t, double dt, double start_ps,
    int per_axis, unsigned nthreads, struct hop_diff_run *r,
    struct hop_err *err);

/*
 * hop_diff_run with the stride chosen from the data, by
 * hop_diff_settled's rule with z and rel given, and the ladder estimated
 * only as far as the choice needs: up to two strides past the chosen one
 * (all of it when none agrees).  est, half, no_plateau and start_ps are
 * what hop_diff_run would give with that rule; nladder may be short of
 * the run's longest stride.  For a caller that reports D, not the
 * ladder.  0, or -1 with err set.
 */
int hop_diff_run_settled(const struct hop_msd_traj *t, double dt, double z,
    double rel, unsigned nthreads, struct hop_diff_run *r,
    struct hop_err *err);

/* --- the same estimates from spectra (a run split by atoms) --- */

/* Set m's sums to p (hop_dml_increments values) over q series x offsets,
 * as if they had been added. */
void hop_dml_load(struct hop_dml *m, const double *p, double q);
/* m's sums (hop_dml_increments values); *q gets its series x offsets. */
const double *hop_dml_sums(const struct hop_dml *m, double *q);

/*
 * What hop_diff_estimate reads of a run, given without the trajectory:
 * nions ions of dims axes over nframes frames; ion() puts into p the sums
 * of ion i's increments' spectra at stride over the frames [first, first
 * + n), over its axes and offsets (what a hop_dml of that shape holds
 * after hop_dml_add of the ion's dims series: hop_dml_increments values),
 * 0 or -1 with err set; sum() puts into x axis d of the displacement
 * summed over the ions over those frames.  msdpart.h keeps both for the
 * parts of a run split by atoms.
 */
struct hop_diff_spectra {
	uint32_t nions;
	unsigned dims;
	size_t nframes;
	int (*ion)(void *ctx, size_t first, size_t n, size_t stride,
	    uint32_t i, double *p, struct hop_err *err);
	void (*sum)(void *ctx, unsigned d, size_t first, size_t n, double *x);
	void *ctx;
};

/* hop_diff_estimate (without per-axis estimates) from spectra: the same
 * numbers to rounding (the ions' sums are added in another order). */
int hop_diff_estimate_spectra(const struct hop_diff_spectra *sp,
    size_t first, size_t n, size_t stride, double dt,
    struct hop_diff_est *e, struct hop_err *err);

/* hop_diff_run (without per-axis estimates) from spectra. */
int hop_diff_run_spectra(const struct hop_diff_spectra *sp, double dt,
    double start_ps, struct hop_diff_run *r, struct hop_err *err);

#endif
