/*
 * t_input.h - unit tests' input from a string: the text is written to a
 * temporary file and opened through common/input.c, as the tools open
 * their files.  The file is unlinked once open, so nothing is left
 * behind whatever the test does.
 */
#ifndef HOP_T_INPUT_H
#define HOP_T_INPUT_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "input.h"

/* A temporary file holding text, its name in path (room for 32): 0, or
 * -1 with err set.  The caller unlinks it. */
static inline int
t_text_file(char *path, const char *text, struct hop_err *err)
{
	int fd;
	FILE *fp;

	snprintf(path, 32, "/tmp/hoptools-test.XXXXXX");
	fd = mkstemp(path);
	fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (fp == NULL || fputs(text, fp) < 0 || fclose(fp) != 0) {
		hop_err_set(err, "%s: cannot write a temporary file", path);
		if (fd >= 0)
			unlink(path);
		return -1;
	}
	return 0;
}

/* An input holding text; NULL with err set when it cannot be made. */
static inline struct hop_input *
t_input_text(const char *text, struct hop_err *err)
{
	char path[32];
	struct hop_input *in;

	if (t_text_file(path, text, err) != 0)
		return NULL;
	in = hop_input_open(path, NULL, NULL, err);
	unlink(path);
	return in;
}

#endif
