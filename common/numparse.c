/*
 * numparse.c - see numparse.h.
 *
 * The fast path is Clinger's: when the significant digits fit in 53 bits
 * and the power of ten is at most 22, both are exact doubles and one
 * multiplication or division rounds correctly.  XDATCAR coordinates
 * ("0.01127708") always take it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "numparse.h"

static const double pow10_exact[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* strtod on a copy, with Fortran's D exponent turned into E. */
static double
slow_path(const char *p, const char *q)
{
	char small[128], *buf = small, *s;
	size_t n = (size_t)(q - p);
	double d;

	if (n >= sizeof(small) && (buf = malloc(n + 1)) == NULL)
		return 0.0 / 0.0; /* NaN: reported as not finite */
	memcpy(buf, p, n);
	buf[n] = '\0';
	for (s = buf; *s; s++)
		if (*s == 'd' || *s == 'D')
			*s = 'e';
	d = strtod(buf, NULL);
	if (buf != small)
		free(buf);
	return d;
}

const char *
hop_parse_double(const char *p, const char *end, double *out)
{
	const char *s = p, *digits_start;
	uint64_t m = 0;
	int ndig = 0, nint = 0, nfrac = 0, neg = 0, exact = 1;
	long e10 = 0, ex = 0;
	int ex_big = 0;

	if (s < end && (*s == '-' || *s == '+'))
		neg = *s++ == '-';
	digits_start = s;
	while (s < end && *s == '0') /* leading zeros carry no digits */
		s++, nint++;
	for (; s < end && (unsigned)(*s - '0') < 10; s++, nint++) {
		if (ndig < 19)
			m = m * 10 + (uint64_t)(*s - '0'), ndig++;
		else {
			e10++;
			if (*s != '0')
				exact = 0;
		}
	}
	if (s < end && *s == '.') {
		s++;
		if (m == 0)
			while (s < end && *s == '0')
				s++, nfrac++, e10--;
		for (; s < end && (unsigned)(*s - '0') < 10; s++, nfrac++) {
			if (ndig < 19)
				m = m * 10 + (uint64_t)(*s - '0'), ndig++,
				e10--;
			else if (*s != '0')
				exact = 0;
		}
	}
	if (nint + nfrac == 0 || s == digits_start)
		return NULL;
	if (s < end && (*s == 'e' || *s == 'E' || *s == 'd' || *s == 'D')) {
		const char *t = s + 1;
		int eneg = 0, any = 0;

		if (t < end && (*t == '-' || *t == '+'))
			eneg = *t++ == '-';
		for (; t < end && (unsigned)(*t - '0') < 10; t++, any = 1) {
			if (ex < 100000)
				ex = ex * 10 + (*t - '0');
			else
				ex_big = 1; /* beyond any double: strtod decides */
		}
		if (any) {
			s = t;
			e10 += eneg ? -ex : ex;
		}
	}
	if (exact && !ex_big && m <= (UINT64_C(1) << 53) && e10 >= -22 &&
	    e10 <= 22) {
		double d = (double)m;

		d = e10 < 0 ? d / pow10_exact[-e10] : d * pow10_exact[e10];
		*out = neg ? -d : d;
		return s;
	}
	if (m == 0 && exact) {
		*out = neg ? -0.0 : 0.0;
		return s;
	}
	*out = slow_path(p, s);
	return s;
}
