/*
 * numparse.h - fast, correctly rounded parsing of decimal numbers in text
 * trajectories.
 */
#ifndef HOP_NUMPARSE_H
#define HOP_NUMPARSE_H

/*
 * Parse one decimal number starting exactly at p (no leading blanks) and
 * ending at or before end: an optional sign, digits with an optional
 * decimal point, and an optional exponent introduced by e, E, d or D
 * (Fortran).  The result is the correctly rounded double, as strtod(3)
 * gives in the C locale: numbers of up to 19 significant digits with a
 * small exponent take an exact fast path, others go through strtod.
 * Returns the pointer just past the number, or NULL when p does not start
 * a number (letters such as "NaN" or "inf" are not numbers here).  An
 * overflowing value yields an infinity: callers check isfinite().
 *
 * The number ends at the first character that cannot continue it, so
 * "0.12345678-0.23456789" (Fortran's fields run together) reads as two
 * numbers.
 */
const char *hop_parse_double(const char *p, const char *end, double *out);

#endif
