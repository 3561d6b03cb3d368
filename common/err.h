/*
 * err.h - error reports passed from common/ code back to the tools.
 *
 * Nothing in common/ prints or exits.  A function that fails fills a
 * struct hop_err with one line saying where and what ("run/XDATCAR:1043:
 * expected 3 coordinates, got 2") and returns an error value; the tool
 * decides what to do with it, usually printing "prog: <msg>" and exiting 1.
 */
#ifndef HOP_ERR_H
#define HOP_ERR_H

#include <stdarg.h>

#define HOP_ERR_MAX 512

struct hop_err {
	char msg[HOP_ERR_MAX];
};

/* Set err's message, printf-style.  err may be NULL (the message is lost). */
void hop_err_set(struct hop_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* As hop_err_set, with a va_list. */
void hop_err_vset(struct hop_err *err, const char *fmt, va_list ap);

/* Put "PREFIX: " before the message already in err ("run/hops.bin:
 * record 3: ..."). */
void hop_err_prefix(struct hop_err *err, const char *prefix);

#endif
