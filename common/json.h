/*
 * json.h - write JSON: nested objects and arrays of numbers and strings,
 * with commas and escaping done here.  Non-finite numbers are written as
 * null (JSON has no NaN).  Writes go to the caller's FILE; the caller
 * checks for write errors when it closes the file.
 */
#ifndef HOP_JSON_H
#define HOP_JSON_H

#include <stdint.h>
#include <stdio.h>

#define HOP_JSON_DEPTH 16

struct hop_json {
	FILE *fp;
	int depth;                  /* open objects and arrays */
	int count[HOP_JSON_DEPTH];  /* items written at each depth */
	char close[HOP_JSON_DEPTH]; /* what closes each depth: '}' or ']' */
};

/* Start a document on fp with its outer object ("{"). */
void hop_json_begin(struct hop_json *j, FILE *fp);
/* Start a document on fp whose outer value is an array ("["). */
void hop_json_begin_array(struct hop_json *j, FILE *fp);
/* Close every open object and array, the outer one included, and end the
 * line. */
void hop_json_finish(struct hop_json *j);
/* JSON's null, for a value that is unknown by design. */
void hop_json_null(struct hop_json *j, const char *key);
/*
 * Items.  key names the item inside an object and must be NULL inside an
 * array.  hop_json_object and hop_json_array open a nested container,
 * hop_json_close closes the innermost one.
 */
void hop_json_number(struct hop_json *j, const char *key, double v);
void hop_json_uint(struct hop_json *j, const char *key, uint64_t v);
void hop_json_string(struct hop_json *j, const char *key, const char *s);
void hop_json_bool(struct hop_json *j, const char *key, int v);
void hop_json_object(struct hop_json *j, const char *key);
void hop_json_array(struct hop_json *j, const char *key);
void hop_json_close(struct hop_json *j);

#endif
