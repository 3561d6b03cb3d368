/*
 * test_poisson.c - Garwood intervals (common/poisson.c) against SciPy's
 * chi-square quantiles (scipy.stats.chi2.ppf(0.025, 2n) / 2,
 * chi2.ppf(0.975, 2n + 2) / 2 and chi2.ppf(0.95, 2n + 2) / 2, computed
 * once and written here), from small counts to the large ones where
 * GSL's own inverse fails to converge (n >= 200000: a hopsites run of
 * 2000 ions x 20000 frames has 400000 jumps).
 */
#include <stdint.h>

#include "poisson.h"
#include "t.h"

int
main(void)
{
	static const struct {
		double n, lo, hi, up;
	} ref[] = {
		{10, 4.7953886961324335, 18.39035604201778, 16.962219235721903},
		{1e5, 99381.15266374472, 100621.74473974388,
		    100521.71888230444},
		{2e5, 199124.42499654117, 200878.47149996288,
		    200737.1708191615},
		{4e5, 398761.3573600563, 401241.5384949706,
		    401041.8662802859},
		{1e6, 998040.9833402939, 1001961.9119454322,
		    1001646.4227676168},
		{1e7, 9993802.996884268, 10006199.897731498,
		    10005203.052591262},
		{4e9, 3999876041.940695, 4000123960.9536266,
		    4000104031.2460995},
	};
	size_t i;
	char name[96];

	for (i = 0; i < sizeof(ref) / sizeof(ref[0]); i++) {
		double lo, hi, tol = 1e-10 * ref[i].n + 1e-4;
		uint64_t n = (uint64_t)ref[i].n;

		hop_poisson_interval(n, 0.95, &lo, &hi);
		snprintf(name, sizeof(name), "Garwood 95%% n=%.0f lo", ref[i].n);
		T_NEAR(name, lo, ref[i].lo, tol);
		snprintf(name, sizeof(name), "Garwood 95%% n=%.0f hi", ref[i].n);
		T_NEAR(name, hi, ref[i].hi, tol);
		snprintf(name, sizeof(name), "one-sided 95%% n=%.0f", ref[i].n);
		T_NEAR(name, hop_poisson_upper(n, 0.95), ref[i].up, tol);
	}
	return t_done();
}
