/*
 * test_stats.c - summaries, quantiles, Freedman-Diaconis bins, Pearson
 * and kernel density estimates on samples with known answers.
 */
#include <math.h>
#include <stdlib.h>

#include "stats.h"
#include "t.h"

int
main(void)
{
	double v[] = {5, 1, 4, 2, 3}, w[8], x[3] = {1, 2, 3}, y[3] = {2, 4, 6};
	double yr[3] = {3, 2, 1}, grid[2001], dens[2001], area = 0;
	struct hop_summary s;
	size_t i;

	hop_summary(v, 5, &s);
	T_OK("summary: sorted in place", v[0] == 1 && v[4] == 5);
	T_NEAR("summary: mean", s.mean, 3, 0);
	T_NEAR("summary: median", s.median, 3, 0);
	T_NEAR("summary: std (n-1)", s.std, sqrt(2.5), 1e-15);
	T_OK("summary: min max", s.min == 1 && s.max == 5 && s.n == 5);
	hop_summary(v, 0, &s);
	T_OK("summary: empty is NaN", s.n == 0 && isnan(s.mean) &&
	    isnan(s.median));
	hop_summary(v, 1, &s);
	T_OK("summary: one value has no std", isnan(s.std) && s.mean == 1);
	{
		double u[4] = {1, 4, 9, NAN};

		T_NEAR("stddev (n-1), in order", hop_stddev(u, 3),
		    sqrt(49.0 / 3), 1e-14);
		T_OK("stddev: NaN with a NaN, or below two values",
		    isnan(hop_stddev(u, 4)) && isnan(hop_stddev(u, 1)));
	}
	T_NEAR("quantile 0.25 of 1..5", hop_quantile(v, 5, 0.25), 2, 0);
	T_NEAR("quantile 0.1 of 1..5", hop_quantile(v, 5, 0.1), 1.4, 1e-15);
	for (i = 0; i < 8; i++)
		w[i] = (double)i;
	/* IQR = 5.25 - 1.75 = 3.5, width = 7 / 2 = 3.5, range 7: 2 bins. */
	T_EQ_U("FD bins of 0..7", hop_fd_bins(w, 8, 100), 2);
	for (i = 0; i < 8; i++)
		w[i] = i < 7 ? 1 : 9;
	T_EQ_U("FD bins, IQR 0: Sturges", hop_fd_bins(w, 8, 100), 4);
	T_EQ_U("FD bins, all equal: 1", hop_fd_bins(w, 7, 100), 1);
	T_EQ_U("FD bins capped", hop_fd_bins(w, 8, 2), 2);
	T_NEAR("pearson +1", hop_pearson(x, y, 3), 1, 1e-15);
	T_NEAR("pearson -1", hop_pearson(x, yr, 3), -1, 1e-15);
	T_OK("pearson of a constant is NaN", isnan(hop_pearson(x, x, 1)));
	for (i = 0; i < 2001; i++)
		grid[i] = -10 + 0.01 * (double)i;
	hop_kde(x, 3, grid, 2001, dens);
	for (i = 0; i < 2001; i++)
		area += dens[i] * 0.01;
	T_NEAR("kde integrates to 1", area, 1, 1e-6);
	return t_done();
}
