/*
 * test_outfile.c - hop_outfile_begin/end: "-" is standard output, left
 * open; a path is written whole, replacing the old file only at the end,
 * and an abort leaves the old file as it was.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"
#include "t.h"

/* The first line of path into buf ("" when it cannot be read). */
static void
first_line(const char *path, char *buf, size_t n)
{
	FILE *fp = fopen(path, "r");

	buf[0] = '\0';
	if (fp != NULL) {
		if (fgets(buf, (int)n, fp) == NULL)
			buf[0] = '\0';
		fclose(fp);
	}
}

int
main(void)
{
	char dir[] = "/tmp/test_outfileXXXXXX", path[64], line[64];
	struct hop_outfile o;
	struct hop_err err;
	FILE *fp;

	fp = hop_outfile_begin(&o, "-", &err);
	T_OK("outfile: \"-\" is standard output", fp == stdout);
	T_OK("outfile: end on standard output succeeds",
	    hop_outfile_end(&o, &err) == 0);
	T_OK("outfile: standard output still open after end",
	    fflush(stdout) == 0 && !ferror(stdout));
	fp = hop_outfile_begin(&o, "-", &err);
	hop_outfile_abort(&o);
	T_OK("outfile: abort leaves standard output open",
	    fp == stdout && fflush(stdout) == 0);

	if (mkdtemp(dir) == NULL) {
		printf("fail\toutfile: mkdtemp\n");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/out.json", dir);
	fp = hop_outfile_begin(&o, path, &err);
	T_OK("outfile: a path opens", fp != NULL && fp != stdout);
	if (fp != NULL)
		fputs("first\n", fp);
	first_line(path, line, sizeof(line));
	T_OK("outfile: nothing at the target before end", line[0] == '\0');
	T_OK("outfile: end on a path succeeds", fp != NULL &&
	    hop_outfile_end(&o, &err) == 0);
	first_line(path, line, sizeof(line));
	T_OK("outfile: the target holds what was written",
	    strcmp(line, "first\n") == 0);
	fp = hop_outfile_begin(&o, path, &err);
	if (fp != NULL)
		fputs("second\n", fp);
	hop_outfile_abort(&o);
	first_line(path, line, sizeof(line));
	T_OK("outfile: an abort keeps the old file",
	    strcmp(line, "first\n") == 0);
	snprintf(line, sizeof(line), "%s/no/such/dir.json", dir);
	T_OK("outfile: a path in a missing directory fails with a message",
	    hop_outfile_begin(&o, line, &err) == NULL &&
	    strstr(err.msg, "no/such/dir.json") != NULL);
	unlink(path);
	rmdir(dir);
	return t_done();
}
