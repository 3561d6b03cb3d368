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
		T_OK("exp fit: Li6PS5Cl's C on the lower edge",
		    f.at_edge == -1);
		T_NEAR("exp fit: Li6PS5Cl's C is CMIN", f.C, HOP_EXPFIT_CMIN,
		    1e-12);
	}
	/* A straight line: the exponential is stretched to C = CMIN, where
	 * A and B grow huge and opposed; at_edge says so. */
	{
		double xl[10], yl[10];

		for (i = 0; i < 10; i++) {
			xl[i] = i + 2;
			yl[i] = 0.2 - 0.015 * xl[i];
		}
		T_OK("exp fit: straight line fitted", hop_fit_exp(xl, yl, 10,
		    &f) == 0);
		T_OK("exp fit: straight line at the lower edge",
		    f.at_edge == -1);
		T_OK("exp fit: straight line, A huge", fabs(f.A) > 100);
		/* All weight on N = 2: the decay is steeper than any C. */
		for (i = 0; i < 10; i++)
			yl[i] = i == 0 ? 1 : 0;
		hop_fit_exp(xl, yl, 10, &f);
		T_OK("exp fit: a spike at the upper edge", f.at_edge == 1 &&
		    f.C == f.C);
		T_NEAR("exp fit: a spike's C is CMAX", f.C, HOP_EXPFIT_CMAX,
		    1e-9);
		/* A decay well inside the range is not at an edge. */
		for (i = 0; i < 10; i++)
			yl[i] = 0.01 + 0.5 * exp(-0.7 * xl[i]);
		hop_fit_exp(xl, yl, 10, &f);
		T_OK("exp fit: inside the range, not at an edge",
		    f.at_edge == 0);
	}
	for (i = 0; i < 5; i++) {
		x[i] = i;
		y[i] = 1 + 2 * i;
	}
	T_OK("line fit", hop_fit_line(x, y, NULL, 5, &l) == 0);
	T_NEAR("line fit: slope", l.b, 2, 1e-12);
	/*
	 * Against numpy 1.24.2, computed once: for x = 0..4 and y = (1.1,
	 * 2.9, 5.2, 6.8, 9.1), numpy.polyfit(x, y, 1, cov=True) (covariance
	 * scaled by RSS / (n - 2)) gives the values below, and r2 =
	 * 1 - RSS / sum (y - mean y)^2.  Weighted by w = (1, 2, 1, 2, 1) on
	 * exact data, the errors come from the weights alone.
	 */
	{
		double yy[5] = {1.1, 2.9, 5.2, 6.8, 9.1}, w[5] = {1, 2, 1, 2, 1};

		hop_fit_line(x, yy, NULL, 5, &l);
		T_NEAR("line fit: numpy slope", l.b, 1.9899999999999998,
		    1e-12);
		T_NEAR("line fit: numpy intercept", l.a, 1.0400000000000005,
		    1e-12);
		T_NEAR("line fit: numpy db", l.db, 0.05972157622389655, 1e-12);
		T_NEAR("line fit: numpy da", l.da, 0.14628738838327832, 1e-12);
		T_NEAR("line fit: numpy r2", l.r2, 0.9973053289009771, 1e-12);
		hop_fit_line(x, y, w, 5, &l);
		T_NEAR("weighted line fit: slope", l.b, 2, 1e-12);
		/* xw = 2, sum w (x - xw)^2 = 4 + 2 + 0 + 2 + 4 = 12. */
		T_NEAR("weighted line fit: db from the weights", l.db,
		    sqrt(1.0 / 12), 1e-12);
		/* da^2 = 1 / sum w + xw^2 / 12 = 1/7 + 4/12. */
		T_NEAR("weighted line fit: da from the weights", l.da,
		    sqrt(1.0 / 7 + 4.0 / 12), 1e-12);
		T_OK("line fit: all x equal refused", hop_fit_line(
		    (double[]){3, 3, 3}, yy, NULL, 3, &l) == -1);
		T_OK("line fit: one point refused", hop_fit_line(x, yy, NULL, 1,
		    &l) == -1);
		T_OK("line fit: two points, no errors", hop_fit_line(x, yy,
		    NULL, 2, &l) == 0 && isnan(l.da) && isnan(l.db));
	}
	return t_done();
}
