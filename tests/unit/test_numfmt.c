/*
 * test_numfmt.c - hop_fmt_e (common/numfmt.c) against snprintf's "%.*E",
 * character for character: values of every magnitude, the powers of ten
 * and their neighbours, decimal ties (which the fast path hands back to
 * snprintf), zeros of either sign, infinities, NaN, subnormals, and a
 * buffer too small.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "numfmt.h"
#include "rng.h"
#include "t.h"

/* Compare one value at one precision; 1 when they differ (printed). */
static int
differs(double v, int prec)
{
	char a[64], b[64];
	int na = hop_fmt_e(a, sizeof(a), v, prec),
	    nb = snprintf(b, sizeof(b), "%.*E", prec, v);

	if (na != nb || strcmp(a, b) != 0) {
		printf("# %.17g prec %d: '%s' (%d), snprintf '%s' (%d)\n", v,
		    prec, a, na, b, nb);
		return 1;
	}
	return 0;
}

int
main(void)
{
	uint64_t rng = hop_rng_seed(3, 0);
	size_t i, bad = 0, n = 0;
	int prec, k;
	char small[8];

	/* Random values, log-uniform over 1e-40 .. 1e40, both signs. */
	for (i = 0; i < 400000; i++) {
		double v = pow(10, 80 * hop_rng_uniform(&rng) - 40);

		if (i % 2)
			v = -v;
		prec = (int)(i % 12);
		bad += differs(v, prec);
		n++;
	}
	T_EQ_U("fmt_e: 400000 random values, precision 0 to 11", bad, 0);

	/* The densities' range and precisions, densely. */
	bad = 0;
	for (i = 0; i < 400000; i++) {
		double v = pow(10, 10 * hop_rng_uniform(&rng) - 8);

		bad += differs(v, 6) + differs(v, 7);
	}
	T_EQ_U("fmt_e: 800000 values 1e-8 to 1e2 at precisions 6 and 7", bad,
	    0);

	/* Powers of ten and their neighbours, and the values just below
	 * a carry into the next power (9.9999999...). */
	bad = 0;
	for (k = -30; k <= 30; k++)
		for (prec = 0; prec <= 9; prec++) {
			double p = pow(10, k), q = p * (1 - 0.5 * pow(10,
			    -prec - 1));

			bad += differs(p, prec) + differs(nextafter(p, 0),
			    prec) + differs(nextafter(p, INFINITY), prec) +
			    differs(q, prec) + differs(nextafter(q, 0), prec) +
			    differs(nextafter(q, INFINITY), prec);
		}
	T_EQ_U("fmt_e: powers of ten, their neighbours, and carries", bad, 0);

	/* Decimal ties: d.ddddddd5 x 10^k and their neighbours. */
	bad = 0;
	for (i = 0; i < 100000; i++) {
		double m = floor(hop_rng_uniform(&rng) * 9e7) + 1e7;
		double v = (m + 0.5) * pow(10, (int)(i % 20) - 17);

		bad += differs(v, 7) + differs(nextafter(v, 0), 7) +
		    differs(nextafter(v, INFINITY), 7);
	}
	T_EQ_U("fmt_e: 300000 values at and beside decimal ties", bad, 0);

	/* Integers with exact ties (1.5, 2.5, ... at precision 0). */
	bad = 0;
	for (i = 0; i < 2000; i++)
		bad += differs((double)i + 0.5, 0) + differs((double)i * 0.25,
		    1) + differs((double)i, 3);
	T_EQ_U("fmt_e: exact binary ties", bad, 0);

	bad = differs(0.0, 7) + differs(-0.0, 7) + differs(0.0, 0) +
	    differs(INFINITY, 7) + differs(-INFINITY, 6) + differs(NAN, 7) +
	    differs(5e-324, 7) + differs(2.2250738585072014e-308, 6) +
	    differs(1.7976931348623157e308, 7) + differs(1, 15) +
	    differs(1.0 / 3, 17);
	T_EQ_U("fmt_e: zeros, infinities, NaN, extremes, long precisions", bad,
	    0);

	T_OK("fmt_e: a small buffer truncates as snprintf does",
	    hop_fmt_e(small, sizeof(small), 1.2345678, 7) == 13 &&
	    strlen(small) == sizeof(small) - 1 &&
	    strncmp(small, "1.234567", sizeof(small) - 1) == 0);

	return t_done();
}
