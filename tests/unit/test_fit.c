/*
 * test_fit.c - least-squares fits: a straight line, and A + B exp(-C N)
 * recovered from exact and from noisy synthetic data.
 */
#include <math.h>
#include <string.h>
#include <stdlib.h>

#include "fit.h"
#include "t.h"

int
main(void)
{
	double x[19], y[19], yn[19];
	struct hop_expfit f;
	struct hop_linfit l;
	int i;

	for (i = 0; i < 19; i++) {
		x[i] = i + 2;
		y[i] = 0.004 + 0.9 * exp(-0.45 * x[i]);
		/* A fixed, zero-mean wiggle standing in for noise. */
		yn[i] = y[i] * (1 + 0.02 * ((i % 3) - 1));
	}
	T_OK("exp fit: exact data", hop_fit_exp(x, y, 19, &f) == 0);
	T_NEAR("exp fit: A", f.A, 0.004, 1e-9);
	T_NEAR("exp fit: B", f.B, 0.9, 1e-7);
	T_NEAR("exp fit: C", f.C, 0.45, 1e-8);
	T_NEAR("exp fit: r2 = 1", f.r2, 1, 1e-12);
	T_OK("exp fit: errors ~ 0", f.dA < 1e-8 && f.dB < 1e-6 && f.dC < 1e-7);
	T_OK("exp fit: noisy data", hop_fit_exp(x, yn, 19, &f) == 0);
	T_NEAR("exp fit: noisy C", f.C, 0.45, 0.02);
	T_OK("exp fit: noisy errors positive and small",
	    f.dC > 0 && f.dC < 0.05 && f.dA > 0 && f.dB > 0);
	T_OK("exp fit: noisy r2 < 1", f.r2 < 1 && f.r2 > 0.99);
	T_OK("exp fit: 2 points refused", hop_fit_exp(x, y, 2, &f) == -1);
	T_OK("exp fit: 3 points, no errors", hop_fit_exp(x, y, 3, &f) == 0 &&
	    isnan(f.dA));
	T_NEAR("exp fit: 3 points still exact", f.C, 0.45, 1e-6);
	{
		double xs[4] = {2, 2, 2, 3}, ys[4] = {1, 1, 1, 2};

		T_OK("exp fit: two distinct x refused",
		    hop_fit_exp(xs, ys, 4, &f) == -1);
	}
	/* Steep decay near the top of the search range. */
	for (i = 0; i < 19; i++)
		y[i] = 0.01 + 50 * exp(-3.0 * x[i]);
	hop_fit_exp(x, y, 19, &f);
	T_NEAR("exp fit: steep C", f.C, 3.0, 1e-6);
	/* The P(N) of Li6PS5Cl's 10 hops: the best C sits on the edge of
	 * the search and the covariance is not positive definite; the
	 * standard errors must then be NaN (printed "nan"), never a
	 * negative NaN or a number. */
	{
		double xp[9] = {2, 3, 4, 5, 6, 7, 8, 9, 10};
		double yp[9] = {0.2, 0.1, 0, 0.4, 0.1, 0.1, 0.1, 0, 0};
		char buf[64];

		hop_fit_exp(xp, yp, 9, &f);
		snprintf(buf, sizeof(buf), "%g %g %g", f.dA, f.dB, f.dC);
		T_OK("exp fit: ill-conditioned errors print as nan or numbers",
		    strstr(buf, "-nan") == NULL);
	}
	for (i = 0; i < 5; i++) {
		x[i] = i;
		y[i] = 1 + 2 * i;
	}
	T_OK("line fit", hop_fit_line(x, y, NULL, 5, &l) == 0);
	T_NEAR("line fit: slope", l.b, 2, 1e-12);
	return t_done();
}
