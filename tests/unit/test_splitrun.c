/*
 * test_splitrun.c - the key of a part's command line: what may differ
 * between the parts of one split run (the operand, --atoms, --jobs, -o)
 * is left out, and an option without a value does not take the operand
 * after it as its value (kmeans-hops --no-dwells, --no-translations).
 */
#include <stdlib.h>
#include <string.h>

#include "splitrun.h"
#include "t.h"

/* Whether two command lines give one key. */
static int
same_key(const char *a, const char *b)
{
	char *ka = hop_split_cmdline_key(a), *kb = hop_split_cmdline_key(b);
	int same = ka != NULL && kb != NULL && strcmp(ka, kb) == 0;

	free(ka);
	free(kb);
	return same;
}

int
main(void)
{
	char *k = hop_split_cmdline_key("kmeans-hops --mode network "
	    "--no-dwells --atoms 0-9 -j 2 part.0.bin");

	T_OK("key: the operand, --atoms and --jobs left out", k != NULL &&
	    strcmp(k, "--mode network --no-dwells") == 0);
	free(k);
	T_OK("key: parts with --no-dwells agree", same_key(
	    "kmeans-hops --mode network --no-dwells part.0.bin",
	    "kmeans-hops --mode network --no-dwells part.1.bin"));
	T_OK("key: parts with --no-translations agree", same_key(
	    "/usr/bin/kmeans-hops --mode network --no-translations p.0.bin",
	    "kmeans-hops --mode network --no-translations p.1.bin"));
	T_OK("key: and a part without it differs", !same_key(
	    "kmeans-hops --mode network --no-translations p.0.bin",
	    "kmeans-hops --mode network p.1.bin"));
	T_OK("key: an option's value is kept", !same_key(
	    "kmeans-hops --mode network p.0.bin",
	    "kmeans-hops --mode adaptive p.1.bin"));
	T_OK("key: h52bin -Z takes no value", same_key(
	    "h52bin -Z a.h5", "h52bin -Z b.h5"));
	return t_done();
}
