/*
 * test_json.c - the JSON writer: commas, nesting, escaping, null for
 * non-finite numbers, and an outer array, against exact expected text.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "t.h"

/* What f wrote, as a string (buf has room for size bytes). */
static const char *
text(FILE *f, char *buf, size_t size)
{
	size_t n;

	fflush(f);
	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	return buf;
}

int
main(void)
{
	struct hop_json j;
	char buf[512];
	FILE *f = tmpfile();

	if (f == NULL)
		return 1;
	hop_json_begin(&j, f);
	hop_json_string(&j, "name", "a\"b\\c\td\x01");
	hop_json_number(&j, "x", 1.5);
	hop_json_number(&j, "nan", NAN);
	hop_json_number(&j, "inf", INFINITY);
	hop_json_uint(&j, "n", 18446744073709551615ull);
	hop_json_bool(&j, "yes", 1);
	hop_json_array(&j, "list");
	hop_json_number(&j, NULL, 1);
	hop_json_object(&j, NULL);
	hop_json_null(&j, "z");
	hop_json_close(&j);
	hop_json_close(&j);
	hop_json_object(&j, "open");
	hop_json_string(&j, "utf8", "\xc3\x85");
	hop_json_finish(&j);
	T_OK("an object with every kind of item", strcmp(text(f, buf,
	    sizeof(buf)), "{\"name\": \"a\\\"b\\\\c\\u0009d\\u0001\", "
	    "\"x\": 1.5, \"nan\": null, \"inf\": null, "
	    "\"n\": 18446744073709551615, \"yes\": true, "
	    "\"list\": [1, {\"z\": null}], \"open\": {\"utf8\": "
	    "\"\xc3\x85\"}}\n") == 0);
	fclose(f);

	if ((f = tmpfile()) == NULL)
		return 1;
	hop_json_begin_array(&j, f);
	hop_json_object(&j, NULL);
	hop_json_bool(&j, "no", 0);
	hop_json_close(&j);
	hop_json_object(&j, NULL);
	hop_json_finish(&j);
	T_OK("an outer array, closed by finish", strcmp(text(f, buf,
	    sizeof(buf)), "[{\"no\": false}, {}]\n") == 0);
	fclose(f);
	return t_done();
}
