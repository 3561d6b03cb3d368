/*
 * numfmt.h - numbers as text, fast, for files of millions of them (the
 * density volumes): the very characters printf would write.
 */
#ifndef HOP_NUMFMT_H
#define HOP_NUMFMT_H

#include <stddef.h>

/*
 * v as printf's "%.*E" with precision prec writes it (0 <= prec), into
 * buf of cap bytes, NUL-terminated; returns the length, or what snprintf
 * returns when cap is too small.  The common case (finite v, a decimal
 * exponent within 22 of prec, prec at most 9, not within 1e-6 of a tie)
 * is done here with one correctly rounded multiplication; the rest by
 * snprintf itself, so the text is always printf's.
 */
int hop_fmt_e(char *buf, size_t cap, double v, int prec);

#endif
