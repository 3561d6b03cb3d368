/*
 * test_numparse.c - hop_parse_double must give exactly what strtod(3)
 * gives (the correctly rounded double) on every decimal number, and stop
 * where a number ends.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "numparse.h"
#include "t.h"

static uint64_t rng = 0x9e3779b97f4a7c15u;

/* xorshift64*: reproducible, so a failure names the same value again. */
static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1du;
}

static int
rnd_below(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

/* strtod's answer for s, with Fortran's D exponent read as E. */
static double
reference(const char *s)
{
	char buf[2048];
	size_t i;

	snprintf(buf, sizeof(buf), "%s", s);
	for (i = 0; buf[i]; i++)
		if (buf[i] == 'd' || buf[i] == 'D')
			buf[i] = 'e';
	return strtod(buf, NULL);
}

static int
same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof(a)) == 0;
}

/* Does the whole of s parse to exactly strtod's value? */
static int
agrees(const char *s, char *why, size_t whylen)
{
	const char *end = s + strlen(s), *q;
	double got = 0, want = reference(s);

	q = hop_parse_double(s, end, &got);
	if (q != end) {
		snprintf(why, whylen, "'%s': stopped after %d of %d chars", s,
		    q == NULL ? -1 : (int)(q - s), (int)(end - s));
		return 0;
	}
	if (!same_bits(got, want)) {
		snprintf(why, whylen, "'%s': got %.17g, strtod %.17g", s, got,
		    want);
		return 0;
	}
	return 1;
}

/*
 * A random number as text: optional sign, 0-3 leading zeros, 1-25
 * significant digits with the decimal point anywhere (or absent), and
 * an optional exponent in -330..310 written with e, E, d or D.
 */
static void
random_number(char *s, size_t cap)
{
	static const char expch[] = "eEdD";
	int ndig = 1 + rnd_below(25), point = rnd_below(ndig + 2) - 1;
	size_t n = 0;
	int i;

	switch (rnd_below(3)) {
	case 0: s[n++] = '-'; break;
	case 1: if (rnd_below(4) == 0) s[n++] = '+'; break;
	default: break;
	}
	for (i = rnd_below(4); i > 0; i--)
		s[n++] = '0';
	for (i = 0; i < ndig; i++) {
		if (i == point)
			s[n++] = '.';
		s[n++] = (char)('0' + (i == 0 ? 1 + rnd_below(9) :
		    rnd_below(10)));
	}
	if (point == ndig)
		s[n++] = '.';
	if (rnd_below(4) != 0)
		n += (size_t)snprintf(s + n, cap - n, "%c%d",
		    expch[rnd_below(4)], rnd_below(641) - 330);
	s[n] = '\0';
}

static void
test_random(void)
{
	char s[128], why[256] = "";
	int i, bad = 0;

	for (i = 0; i < 300000; i++) {
		random_number(s, sizeof(s));
		if (!agrees(s, why, sizeof(why)) && bad++ == 0)
			printf("first disagreement: %s\n", why);
	}
	T_EQ_U("300000 random numbers equal strtod's", bad, 0);
}

/* Coordinates as XDATCAR writes them: the fast path. */
static void
test_coordinates(void)
{
	char s[64], why[256] = "";
	int i, bad = 0;

	for (i = 0; i < 200000; i++) {
		snprintf(s, sizeof(s), "%s0.%08d", rnd_below(5) ? "" : "-",
		    (int)(rnd() % 100000000u));
		if (!agrees(s, why, sizeof(why)) && bad++ == 0)
			printf("first disagreement: %s\n", why);
		snprintf(s, sizeof(s), "%.16f", (double)(rnd() >> 11) *
		    0x1p-53);
		if (!agrees(s, why, sizeof(why)) && bad++ == 0)
			printf("first disagreement: %s\n", why);
	}
	T_EQ_U("400000 coordinates equal strtod's", bad, 0);
}

static void
test_hard_cases(void)
{
	static const char *const cases[] = {
		/* subnormals and the edges of the range */
		"4.9406564584124654e-324", "2.4703282292062327e-324",
		"2.4703282292062328e-324", "1e-324", "3e-324",
		"2.2250738585072011e-308", "2.2250738585072012e-308",
		"2.2250738585072014e-308", "1.7976931348623157e308",
		"1.7976931348623158e308", "1.7976931348623159e308", "1e309",
		"-1e400", "1e-400", "0.0000000000000000000000001e-300",
		/* halfway cases around 2^53 and long mantissas */
		"9007199254740993", "9007199254740992.5", "9007199254740995",
		"18014398509481985", "123456789012345678901234567890",
		"0.1000000000000000055511151231257827021181583404541015625",
		"0.1000000000000000055511151231257827021181583404541015624",
		"1.00000000000000011102230246251565404236316680908203125",
		"1.00000000000000011102230246251565404236316680908203124",
		"1.00000000000000011102230246251565404236316680908203126",
		"3.14159265358979323846264338327950288419716939937510582097",
		"00000000000000000000000000000001.5", "0.000000000000000000001",
		"1e22", "1e23", "9007199254740992e22", "9007199254740993e-22",
		"-0", "-0.0e10", "+0", "0e-999999", "0.", ".5", "-.5e1",
		"1D-5", "-2.5d+03", "7E+0", "100000000000000000000000e-24",
	};
	char why[256] = "";
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (!agrees(cases[i], why, sizeof(why))) {
			printf("fail\thard case %s\n", why);
			bad++;
		}
	T_EQ_U("hard cases equal strtod's", bad, 0);
}

/* Mantissas of hundreds of digits go through the slow path intact. */
static void
test_long_mantissa(void)
{
	char s[1200], why[256] = "";
	int i, k, bad = 0;

	for (k = 0; k < 200; k++) {
		size_t n = 0;

		s[n++] = '0';
		s[n++] = '.';
		for (i = 0; i < 1000; i++)
			s[n++] = (char)('0' + rnd_below(10));
		n += (size_t)snprintf(s + n, sizeof(s) - n, "e%d",
		    rnd_below(600) - 300);
		if (!agrees(s, why, sizeof(why)) && bad++ == 0)
			printf("first disagreement: %s\n", why);
	}
	T_EQ_U("1000-digit mantissas equal strtod's", bad, 0);
}

/* An exponent too large to count must not land in the fast path. */
static void
test_huge_exponent(void)
{
	size_t z = 99999, n = 0;
	char *s = malloc(z + 32);
	double v = 0;
	const char *q;

	s[n++] = '0';
	s[n++] = '.';
	memset(s + n, '0', z);
	n += z;
	n += (size_t)sprintf(s + n, "1e1000000");
	q = hop_parse_double(s, s + n, &v);
	T_OK("0.(99999 zeros)1e1000000 is infinite", q == s + n && isinf(v));
	strcpy(s, "1e99999999999");
	q = hop_parse_double(s, s + strlen(s), &v);
	T_OK("1e99999999999 is infinite", q != NULL && *q == '\0' &&
	    isinf(v) && v > 0);
	free(s);
}

static void
parse_at(const char *s, size_t n, const char **q, double *v)
{
	*v = -12345;
	*q = hop_parse_double(s, s + n, v);
}

static void
test_ends(void)
{
	const char *s, *q;
	double v;

	s = "0.12345678-0.23456789 0.5";
	parse_at(s, strlen(s), &q, &v);
	T_OK("run-together Fortran fields: first",
	    q == s + 10 && v == 0.12345678);
	parse_at(q, strlen(q), &q, &v);
	T_OK("run-together Fortran fields: second",
	    q == s + 21 && v == -0.23456789);
	s = "1.5e3x";
	parse_at(s, strlen(s), &q, &v);
	T_OK("stops at a letter", q == s + 5 && v == 1500);
	s = "2e";
	parse_at(s, strlen(s), &q, &v);
	T_OK("an exponent without digits is not consumed", q == s + 1 &&
	    v == 2);
	s = "1.25E+";
	parse_at(s, strlen(s), &q, &v);
	T_OK("a signed exponent without digits is not consumed",
	    q == s + 4 && v == 1.25);
	s = "0.5";
	parse_at(s, 2, &q, &v);
	T_OK("end bounds the number", q == s + 2 && v == 0);
	parse_at("NaN", 3, &q, &v);
	T_OK("NaN is not a number", q == NULL);
	parse_at("inf", 3, &q, &v);
	T_OK("inf is not a number", q == NULL);
	parse_at("-infinity", 9, &q, &v);
	T_OK("-infinity is not a number", q == NULL);
	parse_at("****", 4, &q, &v);
	T_OK("Fortran overflow is not a number", q == NULL);
	parse_at(".", 1, &q, &v);
	T_OK("a lone point is not a number", q == NULL);
	parse_at("-", 1, &q, &v);
	T_OK("a lone sign is not a number", q == NULL);
	parse_at("+.e5", 4, &q, &v);
	T_OK("sign, point and exponent without digits is not a number",
	    q == NULL);
	parse_at("", 0, &q, &v);
	T_OK("empty text is not a number", q == NULL);
	parse_at(" 1", 2, &q, &v);
	T_OK("leading blanks are not skipped", q == NULL);
	parse_at("0x10", 4, &q, &v);
	T_OK("hexadecimal is not read", q != NULL && *q == 'x' && v == 0);
}

int
main(void)
{
	test_random();
	test_coordinates();
	test_hard_cases();
	test_long_mantissa();
	test_huge_exponent();
	test_ends();
	return t_done();
}
