/*
 * poisson.c - Garwood intervals for Poisson counts (see poisson.h).
 */
#include <gsl/gsl_cdf.h>

#include "poisson.h"

void
hop_poisson_interval(uint64_t n, double conf, double *lo, double *hi)
{
	double a = 1 - conf;

	*lo = n == 0 ? 0 : gsl_cdf_chisq_Pinv(a / 2, 2.0 * (double)n) / 2;
	*hi = gsl_cdf_chisq_Pinv(1 - a / 2, 2.0 * (double)n + 2) / 2;
}

double
hop_poisson_upper(uint64_t n, double conf)
{
	return gsl_cdf_chisq_Pinv(conf, 2.0 * (double)n + 2) / 2;
}
