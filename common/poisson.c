/*
 * poisson.c - Garwood intervals for Poisson counts (see poisson.h).
 */
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "poisson.h"

/*
 * The chi-square quantile of probability p (0 < p < 1) and k degrees of
 * freedom: GSL's gsl_cdf_chisq_Pinv up to k = 2e5 (100000 counts).
 * Beyond that GSL fails to converge (from about 4e5 degrees of freedom,
 * 200000 counts, where its error handler would abort the program) and
 * its upper tail loses digits (Q off by 1 % at 2e7), while the
 * Wilson-Hilferty approximation k (1 - 2/(9k) + z_p sqrt(2/(9k)))^3 is
 * within 2e-10 relative of the exact quantile there (SciPy's chi2.ppf;
 * tests/unit/test_poisson.c), and better as k grows.
 */
static double
chisq_quantile(double p, double k)
{
	gsl_error_handler_t *old;
	double c, x;

	if (k > 2e5) {
		c = 2 / (9 * k);
		return k * pow(1 - c + gsl_cdf_ugaussian_Pinv(p) * sqrt(c), 3);
	}
	old = gsl_set_error_handler_off();
	x = gsl_cdf_chisq_Pinv(p, k);
	gsl_set_error_handler(old);
	return x;
}

void
hop_poisson_interval(uint64_t n, double conf, double *lo, double *hi)
{
	double a = 1 - conf;

	*lo = n == 0 ? 0 : chisq_quantile(a / 2, 2.0 * (double)n) / 2;
	*hi = chisq_quantile(1 - a / 2, 2.0 * (double)n + 2) / 2;
}

double
hop_poisson_upper(uint64_t n, double conf)
{
	return chisq_quantile(conf, 2.0 * (double)n + 2) / 2;
}
