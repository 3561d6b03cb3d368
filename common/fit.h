/*
 * fit.h - least-squares fits with standard errors.
 */
#ifndef HOP_FIT_H
#define HOP_FIT_H

#include <stddef.h>

/* y = a + b x, with standard errors and the coefficient of determination. */
struct hop_linfit {
	double a, b;   /* intercept, slope */
	double da, db; /* standard errors (NaN with fewer than 3 points) */
	double r2;
	size_t n;
};

/*
 * Ordinary least squares of y on x over n points; w (may be NULL) gives
 * weights (1/variance), in which case the standard errors come from the
 * weights rather than the scatter.  Returns 0, or -1 when fewer than two
 * points or all x equal.  (GSL's gsl_fit_linear or gsl_fit_wlinear; its
 * error handler is switched off.)
 */
int hop_fit_line(const double *x, const double *y, const double *w, size_t n,
    struct hop_linfit *fit);


/* y = A + B exp(-C x), with standard errors and goodness of fit. */
struct hop_expfit {
	double A, B, C;
	double dA, dB, dC; /* standard errors (NaN with fewer than 4 points,
			      or when J^T J is singular) */
	double r2;         /* 1 - RSS / total sum of squares */
	double rss;        /* residual sum of squares */
	size_t n;
	int at_edge;       /* -1: C is HOP_EXPFIT_CMIN, 1: HOP_EXPFIT_CMAX,
			      0: a minimum inside the range */
};

/*
 * Least squares of y on A + B exp(-C x) over n points (IonDiff fits P(N)
 * of correlated hops with this form).  For a fixed C the model is linear
 * in A and B, so the fit is a one-dimensional search over C in
 * [HOP_EXPFIT_CMIN, HOP_EXPFIT_CMAX] (a logarithmic grid, a finer grid
 * around its best point, then GSL's golden-section minimiser in ln C)
 * with A and B solved exactly at every C (gsl_fit_linear).  The search is
 * deterministic.  When the best C is an end of the range, at_edge says
 * which: the data then hold no exponential decay the range can describe
 * (at CMIN the model is a straight line, A and B huge and opposed).
 * Standard errors come from the Jacobian J = [1, e^(-Cx), -B x e^(-Cx)]
 * at the optimum: cov = RSS/(n-3) (J^T J)^-1 (gsl_multifit_nlinear_covar).
 * Returns 0, or -1 with fewer than three points, fewer than three
 * distinct x, or no memory.  GSL's error handler is switched off.
 */
#define HOP_EXPFIT_CMIN 1e-4
#define HOP_EXPFIT_CMAX 50.0
int hop_fit_exp(const double *x, const double *y, size_t n,
    struct hop_expfit *fit);

#endif
