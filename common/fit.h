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
