/*
 * test_atomrange.c - the --atoms RANGE parser: what it accepts, what it
 * refuses with which message, membership against a brute-force set, and
 * the written form read back.
 */
#include <stdlib.h>
#include <string.h>

#include "atomrange.h"
#include "t.h"

static void
refused(const char *s, const char *msg)
{
	struct hop_atomrange r;
	struct hop_err err;
	char name[128];
	int rc;

	hop_atomrange_init(&r);
	err.msg[0] = '\0';
	rc = hop_atomrange_parse(&r, s, &err);
	snprintf(name, sizeof(name), "'%s' refused", s);
	T_OK(name, rc == -1 && r.n == 0);
	snprintf(name, sizeof(name), "'%s': message", s);
	if (strcmp(err.msg, msg) == 0)
		T_OK(name, 1);
	else {
		printf("fail\t%s: got '%s', want '%s'\n", name, err.msg, msg);
		t_failed = 1;
	}
	hop_atomrange_free(&r);
}

static void
formats(const char *s, const char *want)
{
	struct hop_atomrange r;
	struct hop_err err;
	char name[128], *got;

	hop_atomrange_init(&r);
	snprintf(name, sizeof(name), "'%s' parses", s);
	T_OK(name, hop_atomrange_parse(&r, s, &err) == 0);
	got = hop_atomrange_format(&r);
	snprintf(name, sizeof(name), "'%s' written as '%s'", s, want);
	T_OK(name, got != NULL && strcmp(got, want) == 0);
	free(got);
	hop_atomrange_free(&r);
}

int
main(void)
{
	struct hop_atomrange r, q;
	struct hop_err err;
	unsigned char set[3000];
	uint32_t idx[5] = {7, 3, 4, 5, 7}, first;
	unsigned i, bad = 0;
	char *s;

	formats("0-999", "0-999");
	formats("1000-1999,2500", "1000-1999,2500");
	formats("2500,1000-1999", "1000-1999,2500");
	formats("0-9,10-19", "0-19");
	formats("5", "5");
	formats("3-3", "3");
	formats("4294967294", "4294967294");
	refused("", "an empty list of atoms");
	refused("0-10,5-20", "ranges 0-10 and 5-20 overlap");
	refused("3,3", "ranges 3-3 and 3-3 overlap");
	refused("9-3", "range 9-3 is reversed");
	refused("1,,2", "an empty item in '1,,2'");
	refused("1,", "an empty item in '1,'");
	refused("a-b", "'a-b' is not an index or a range N-M (0 to "
	    "4294967294)");
	refused("1-", "'1-' is not an index or a range N-M (0 to 4294967294)");
	refused("-1", "'-1' is not an index or a range N-M (0 to "
	    "4294967294)");
	refused("1 - 2", "'1 - 2' is not an index or a range N-M (0 to "
	    "4294967294)");
	refused("4294967295", "'4294967295' is not an index or a range N-M "
	    "(0 to 4294967294)");
	refused("0-99999999999", "'0-99999999999' is not an index or a range "
	    "N-M (0 to 4294967294)");

	/* Membership against a brute-force set. */
	hop_atomrange_init(&r);
	memset(set, 0, sizeof(set));
	T_OK("a list parses", hop_atomrange_parse(&r,
	    "2500,10-19,1000-1999,0,2999,20-21", &err) == 0);
	set[0] = set[2500] = set[2999] = 1;
	for (i = 10; i <= 21; i++)
		set[i] = 1;
	for (i = 1000; i <= 1999; i++)
		set[i] = 1;
	for (i = 0; i < 3000; i++)
		bad += (unsigned)(hop_atomrange_has(&r, i) != set[i]);
	T_EQ_U("membership agrees with the brute-force set", bad, 0);
	T_EQ_U("count", hop_atomrange_count(&r), 1015);
	T_EQ_U("touching items joined: 5 intervals", r.n, 5);
	s = hop_atomrange_format(&r);
	T_OK("written form", s != NULL && strcmp(s,
	    "0,10-21,1000-1999,2500,2999") == 0);
	free(s);

	/* From indices, with repeats. */
	hop_atomrange_init(&q);
	T_OK("from indices", hop_atomrange_from_indices(&q, idx, 5, &err) ==
	    0);
	s = hop_atomrange_format(&q);
	T_OK("indices 7,3,4,5,7 are 3-5,7", s != NULL && strcmp(s, "3-5,7") ==
	    0);
	free(s);
	T_OK("no overlap of 3-5,7 with the list",
	    hop_atomrange_overlap(&r, &q, &first) == 0);
	T_OK("from indices 2500", hop_atomrange_from_indices(&q, idx + 1, 1,
	    &err) == 0 && q.n == 1);
	T_OK("parse 1990-2600", hop_atomrange_parse(&q, "1990-2600", &err) ==
	    0);
	T_OK("overlap found", hop_atomrange_overlap(&r, &q, &first) == 1 &&
	    first == 1990);
	hop_atomrange_free(&q);
	hop_atomrange_free(&r);
	return t_done();
}
