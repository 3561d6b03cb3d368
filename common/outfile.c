/*
 * outfile.c - see outfile.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"
#include "sigclean.h"

int
hop_outfile_open(struct hop_outfile *o, const char *path, struct hop_err *err)
{
	size_t n = strlen(path) + 32;
	unsigned attempt;
	int fd = -1;

	memset(o, 0, sizeof(*o));
	if ((o->path = strdup(path)) == NULL || (o->tmp = malloc(n)) == NULL) {
		hop_err_set(err, "%s: out of memory", path);
		hop_outfile_abort(o);
		return -1;
	}
	/* A name of our own beside the target (rename(2) needs the same file
	 * system); O_EXCL so that we never write through someone's file. */
	for (attempt = 0; attempt < 100 && fd < 0; attempt++) {
		snprintf(o->tmp, n, "%s.tmp%ld.%u", path, (long)getpid(),
		    attempt);
		fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		hop_err_set(err, "%s: %s", path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		hop_outfile_abort(o);
		return -1;
	}
	/* Removed if a signal or an exit ends the program first. */
	if (hop_sigclean_add(o->tmp) != 0) {
		hop_err_set(err, "%s: out of memory", path);
		close(fd);
		hop_outfile_abort(o);
		return -1;
	}
	if ((o->fp = fdopen(fd, "w")) == NULL) {
		hop_err_set(err, "%s: %s", path, strerror(errno));
		close(fd);
		hop_outfile_abort(o);
		return -1;
	}
	return 0;
}

int
hop_outfile_commit(struct hop_outfile *o, struct hop_err *err)
{
	int bad = ferror(o->fp);

	if (fclose(o->fp) != 0 || bad) {
		o->fp = NULL;
		hop_err_set(err, "%s: write error: %s", o->path,
		    bad ? "I/O error" : strerror(errno));
		hop_outfile_abort(o);
		return -1;
	}
	o->fp = NULL;
	if (rename(o->tmp, o->path) != 0) {
		hop_err_set(err, "%s: %s", o->path, strerror(errno));
		hop_outfile_abort(o);
		return -1;
	}
	hop_sigclean_remove(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	hop_outfile_abort(o);
	return 0;
}

void
hop_outfile_abort(struct hop_outfile *o)
{
	if (o->fp != NULL && !o->to_stdout)
		fclose(o->fp);
	if (o->tmp != NULL) {
		unlink(o->tmp);
		hop_sigclean_remove(o->tmp);
	}
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
}

FILE *
hop_outfile_begin(struct hop_outfile *o, const char *path,
    struct hop_err *err)
{
	if (strcmp(path, "-") == 0) {
		memset(o, 0, sizeof(*o));
		o->fp = stdout;
		o->to_stdout = 1;
		return o->fp;
	}
	return hop_outfile_open(o, path, err) == 0 ? o->fp : NULL;
}

int
hop_outfile_end(struct hop_outfile *o, struct hop_err *err)
{
	if (o->to_stdout) {
		memset(o, 0, sizeof(*o));
		return 0;
	}
	return hop_outfile_commit(o, err);
}
