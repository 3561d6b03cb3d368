/*
 * list.c - see list.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "list.h"

int
hop_list_parse(struct hop_list *l, const char *s, struct hop_err *err)
{
	const char *p = s;
	size_t n = 1, k;

	l->v = NULL;
	l->n = 0;
	for (k = 0; s[k] != '\0'; k++)
		n += s[k] == ',';
	if ((l->v = calloc(n, sizeof(*l->v))) == NULL)
		goto nomem;
	for (;;) {
		k = strcspn(p, ",");
		if (k == 0) {
			hop_list_free(l);
			hop_err_set(err, *s == '\0' ? "an empty list" :
			    "an empty item in '%.64s'", s);
			errno = EINVAL;
			return -1;
		}
		if ((l->v[l->n] = malloc(k + 1)) == NULL)
			goto nomem;
		memcpy(l->v[l->n], p, k);
		l->v[l->n++][k] = '\0';
		if (p[k] == '\0')
			return 0;
		p += k + 1;
	}
nomem:
	hop_list_free(l);
	hop_err_set(err, "out of memory");
	errno = ENOMEM;
	return -1;
}

int
hop_list_add(struct hop_list *l, const char *s)
{
	char **v = realloc(l->v, (l->n + 1) * sizeof(*v));
	char *d = v != NULL ? strdup(s) : NULL;

	if (v != NULL)
		l->v = v;
	if (d == NULL) {
		errno = ENOMEM;
		return -1;
	}
	l->v[l->n++] = d;
	return 0;
}

int
hop_list_find(const struct hop_list *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return (int)i;
	return -1;
}

void
hop_list_free(struct hop_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
