/*
 * numfmt.c - numbers as text (see numfmt.h).
 *
 * hop_fmt_e scales |v| by 10^k, k = prec - its decimal exponent, so that
 * its integer part holds the prec + 1 digits printf writes: one IEEE
 * multiplication or division by an exact power of ten (10^22 is the
 * largest), an error of at most one unit in the last place, far below
 * the distance to a tie that the rounding needs.  Where it is not far
 * (or anything else is unusual) snprintf writes the number.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "numfmt.h"

#define FAST_PREC 9   /* 10^(FAST_PREC + 1) x 2^-52 stays below TIE_GAP */
#define TIE_GAP 1e-6  /* a scaled value this near a tie goes to snprintf */

static const double pow10[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* a x 10^k, correctly rounded; -22 <= k <= 22. */
static double
scale10(double a, int k)
{
	return k >= 0 ? a * pow10[k] : a / pow10[-k];
}

static int
slow(char *buf, size_t cap, double v, int prec)
{
	return snprintf(buf, cap, "%.*E", prec, v);
}

int
hop_fmt_e(char *buf, size_t cap, double v, int prec)
{
	double a = fabs(v), x, lo, hi, m, fr;
	char dig[FAST_PREC + 2];
	int e, i, n = 0, neg = signbit(v) != 0, ee, b2;
	uint64_t mi;

	if (prec < 0 || prec > FAST_PREC || !isfinite(v) ||
	    cap < (size_t)prec + 10)
		return slow(buf, cap, v, prec);
	lo = pow10[prec];
	hi = pow10[prec + 1];
	if (a == 0) {
		m = 0;
		e = 0;
	} else {
		/* a = f 2^b, f in [0.5, 1): log10 a within a unit of
		 * (b - 1) log10 2, the unit set right below. */
		(void)frexp(a, &b2);
		e = (int)floor((double)(b2 - 1) * 0.30102999566398120);
		if (prec - e < -22 || prec - e > 22)
			return slow(buf, cap, v, prec);
		x = scale10(a, prec - e);
		if (x >= hi || x < lo) {
			e += x >= hi ? 1 : -1;
			if (prec - e < -22 || prec - e > 22)
				return slow(buf, cap, v, prec);
			x = scale10(a, prec - e);
			if (x >= hi || x < lo)
				return slow(buf, cap, v, prec);
		}
		m = floor(x);
		fr = x - m;
		if (fabs(fr - 0.5) < TIE_GAP)
			return slow(buf, cap, v, prec);
		if (fr > 0.5)
			m += 1;
		if (m >= hi) {
			m = lo;
			e++;
		}
	}
	/* The digits of m, most significant first (m = 0: all zeros). */
	mi = (uint64_t)m;
	for (i = prec; i >= 0; i--) {
		dig[i] = (char)('0' + (int)(mi % 10));
		mi /= 10;
	}
	if (neg)
		buf[n++] = '-';
	buf[n++] = dig[0];
	if (prec > 0) {
		buf[n++] = '.';
		for (i = 1; i <= prec; i++)
			buf[n++] = dig[i];
	}
	buf[n++] = 'E';
	buf[n++] = e < 0 ? '-' : '+';
	ee = e < 0 ? -e : e;
	if (ee >= 100)
		buf[n++] = (char)('0' + ee / 100);
	buf[n++] = (char)('0' + ee / 10 % 10);
	buf[n++] = (char)('0' + ee % 10);
	buf[n] = '\0';
	return n;
}
