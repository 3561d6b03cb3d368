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
 * points or all x equal.
 */
int hop_fit_line(const double *x, const double *y, const double *w, size_t n,
    struct hop_linfit *fit);

#endif

/* y = A + B exp(-C x), with standard errors and goodness of fit. */
struct hop_expfit {
	double A, B, C;
	double dA, dB, dC; /* standard errors (NaN with fewer than 4 points) */
	double r2;         /* 1 - RSS / total sum of squares */
	double rss;        /* residual sum of squares */
	size_t n;
};

/*
 * Least squares of y on A + B exp(-C x) over n points (IonDiff fits P(N)
 * of correlated hops with this form).  For a fixed C the model is linear
 * in A and B, so the fit is a one-dimensional search over C in
 * [HOP_EXPFIT_CMIN, HOP_EXPFIT_CMAX] (a logarithmic grid, then golden-
 * section refinement) with A and B solved exactly at every C.  Standard
 * errors come from the Jacobian J = [1, e^(-Cx), -B x e^(-Cx)] at the
 * optimum: cov = RSS/(n-3) (J^T J)^-1.  Returns 0, or -1 with fewer than
 * three points or fewer than three distinct x.
 */
#define HOP_EXPFIT_CMIN 1e-4
#define HOP_EXPFIT_CMAX 50.0
int hop_fit_exp(const double *x, const double *y, size_t n,
    struct hop_expfit *fit);
