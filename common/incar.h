/*
 * incar.h - the few VASP INCAR tags a trajectory converter needs (POTIM,
 * NBLOCK, TEBEG), read the way VASP reads them.
 *
 * Rules: one or more "TAG = value" statements per line, separated by ';';
 * '!' or '#' starts a comment that runs to the end of the line; tags are
 * case-insensitive; blanks around '=' and the value are ignored; a line
 * without '=' is ignored (VASP does the same).
 */
#ifndef HOP_INCAR_H
#define HOP_INCAR_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct hop_incar_tag {
	char *key;      /* upper case */
	char *value;    /* trimmed, comments removed; may be empty */
	uint64_t line;  /* 1-based line of the statement */
};

struct hop_incar {
	char *name;     /* for messages: "run/INCAR" */
	struct hop_incar_tag *tags;
	size_t ntags;
};

/*
 * Split text (len bytes) into tags.  name is kept for messages.  Returns
 * 0, or -1 with err set (out of memory only: every text is an INCAR).
 */
int hop_incar_parse(const char *text, size_t len, const char *name,
    struct hop_incar *inc, struct hop_err *err);

/*
 * Find tag key (any case).  Returns 1 with *tag set, 0 when absent, -1
 * when the tag is given twice ("run/INCAR:12: POTIM given twice (also on
 * line 5)"): VASP's choice between them is not worth guessing.
 */
int hop_incar_find(const struct hop_incar *inc, const char *key,
    const struct hop_incar_tag **tag, struct hop_err *err);

/*
 * Tag key as one finite number (Fortran D exponents accepted).  Returns 1
 * with *out set, 0 when absent, -1 with err naming the line when the
 * value is not a single finite number.
 */
int hop_incar_double(const struct hop_incar *inc, const char *key,
    double *out, struct hop_err *err);

/* Tag key as one non-negative integer below 2^63.  As hop_incar_double. */
int hop_incar_u64(const struct hop_incar *inc, const char *key,
    uint64_t *out, struct hop_err *err);

void hop_incar_free(struct hop_incar *inc);

#endif
