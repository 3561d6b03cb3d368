/*
 * fuzzfile.h - for the drivers of readers that take a path (sitefile,
 * siteref, table): the input's bytes written to /tmp/fuzz_NAME.PID, whose
 * name goes into path (len bytes).  0, or -1 when the file cannot be
 * written (the driver then returns without a run).
 */
#ifndef FUZZFILE_H
#define FUZZFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

static int
fuzz_file(const char *name, const uint8_t *data, size_t size, char *path,
    size_t len)
{
	FILE *fp;
	int ok;

	snprintf(path, len, "/tmp/fuzz_%s.%ld", name, (long)getpid());
	if ((fp = fopen(path, "wb")) == NULL)
		return -1;
	ok = size == 0 || fwrite(data, 1, size, fp) == size;
	return fclose(fp) == 0 && ok ? 0 : -1;
}

#endif
