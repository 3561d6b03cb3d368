/*
 * list.h - comma-separated lists of names ("Li,Na", "length,hops"), as
 * options and tables give them.
 */
#ifndef HOP_LIST_H
#define HOP_LIST_H

#include <stddef.h>

#include "err.h"

struct hop_list {
	char **v;  /* n items, each its own string */
	size_t n;
};

/*
 * Split s at commas into l (which need not be initialised; free it with
 * hop_list_free).  Items are kept as given, blanks included.  Returns 0,
 * or -1 with errno EINVAL and err set when s is empty or an item is
 * ("an empty item in 'Li,,Na'"), or with errno ENOMEM when memory runs
 * out; l is then empty.
 */
int hop_list_parse(struct hop_list *l, const char *s, struct hop_err *err);

/* Append a copy of s to l (empty: {NULL, 0}).  0, or -1 with errno
 * ENOMEM (l unchanged). */
int hop_list_add(struct hop_list *l, const char *s);

/* The index of the first item equal to s, or -1. */
int hop_list_find(const struct hop_list *l, const char *s);

/* Free the items; l is left empty. */
void hop_list_free(struct hop_list *l);

#endif
