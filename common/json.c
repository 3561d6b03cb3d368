/*
 * json.c - see json.h.
 */
#include <math.h>

#include "json.h"

static void
put_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\u%04x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

/* The separator and key before an item. */
static void
item(struct hop_json *j, const char *key)
{
	if (j->count[j->depth]++ > 0)
		fputs(", ", j->fp);
	if (key != NULL) {
		put_string(j->fp, key);
		fputs(": ", j->fp);
	}
}

/* The outer value opens with ch and closes with its partner. */
static void
begin(struct hop_json *j, FILE *fp, int ch)
{
	j->fp = fp;
	j->depth = 0;
	j->count[0] = 0;
	j->close[0] = ch == '[' ? ']' : '}';
	fputc(ch, fp);
}

void
hop_json_begin(struct hop_json *j, FILE *fp)
{
	begin(j, fp, '{');
}

void
hop_json_begin_array(struct hop_json *j, FILE *fp)
{
	begin(j, fp, '[');
}

void
hop_json_finish(struct hop_json *j)
{
	while (j->depth > 0)
		hop_json_close(j);
	fputc(j->close[0], j->fp);
	fputc('\n', j->fp);
}

void
hop_json_null(struct hop_json *j, const char *key)
{
	item(j, key);
	fputs("null", j->fp);
}

void
hop_json_number(struct hop_json *j, const char *key, double v)
{
	item(j, key);
	if (isfinite(v))
		fprintf(j->fp, "%.10g", v);
	else
		fputs("null", j->fp);
}

void
hop_json_uint(struct hop_json *j, const char *key, uint64_t v)
{
	item(j, key);
	fprintf(j->fp, "%llu", (unsigned long long)v);
}

void
hop_json_string(struct hop_json *j, const char *key, const char *s)
{
	item(j, key);
	put_string(j->fp, s);
}

void
hop_json_bool(struct hop_json *j, const char *key, int v)
{
	item(j, key);
	fputs(v ? "true" : "false", j->fp);
}

/* Open a container; deeper than HOP_JSON_DEPTH is not supported. */
static void
open_container(struct hop_json *j, const char *key, int ch)
{
	if (j->depth + 1 >= HOP_JSON_DEPTH)
		return;
	item(j, key);
	fputc(ch, j->fp);
	j->depth++;
	j->count[j->depth] = 0;
	j->close[j->depth] = ch == '[' ? ']' : '}';
}

void
hop_json_object(struct hop_json *j, const char *key)
{
	open_container(j, key, '{');
}

void
hop_json_array(struct hop_json *j, const char *key)
{
	open_container(j, key, '[');
}

void
hop_json_close(struct hop_json *j)
{
	if (j->depth == 0)
		return;
	fputc(j->close[j->depth], j->fp);
	j->depth--;
}
