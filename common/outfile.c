/*
 * outfile.c - see outfile.h.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"
#include "sigclean.h"

/* The inputs of this run (hop_outfile_protect), for the life of the
 * process. */
struct guarded {
	dev_t dev;
	ino_t ino;
};
static struct guarded *guard;
static size_t nguard, capguard;
static pthread_mutex_t guard_mu = PTHREAD_MUTEX_INITIALIZER;

int
hop_outfile_protect(int fd, const char *name, struct hop_err *err)
{
	struct stat st;
	size_t i;
	int ret = 0;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	pthread_mutex_lock(&guard_mu);
	for (i = 0; i < nguard; i++)
		if (guard[i].dev == st.st_dev && guard[i].ino == st.st_ino)
			break;
	if (i == nguard) {
		if (nguard == capguard) {
			size_t cap = capguard ? 2 * capguard : 8;
			struct guarded *g = realloc(guard, cap * sizeof(*g));

			if (g == NULL) {
				hop_err_set(err, "%s: out of memory", name);
				ret = -1;
				goto out;
			}
			guard = g;
			capguard = cap;
		}
		guard[nguard].dev = st.st_dev;
		guard[nguard].ino = st.st_ino;
		nguard++;
	}
out:
	pthread_mutex_unlock(&guard_mu);
	return ret;
}

/* Whether the file st describes is a protected input. */
static int
guarded(const struct stat *st)
{
	size_t i;
	int hit = 0;

	pthread_mutex_lock(&guard_mu);
	for (i = 0; i < nguard && !hit; i++)
		hit = guard[i].dev == st->st_dev && guard[i].ino == st->st_ino;
	pthread_mutex_unlock(&guard_mu);
	return hit;
}

/* Whether path names a protected input.  A path that cannot be looked up
 * (no such file yet) is none. */
static int
is_input(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && guarded(&st);
}

int
hop_outfile_fd_is_input(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && guarded(&st);
}

int
hop_outfile_protect_path(const char *path, struct hop_err *err)
{
	struct stat st;
	int fd, ret;

	if (path == NULL || strcmp(path, "-") == 0)
		return hop_outfile_protect(STDIN_FILENO, "<stdin>", err);
	/* Only a regular file is one (a FIFO is not opened here: that would
	 * take its writer's data); what else is wrong the reader says. */
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (fd = open(path, O_RDONLY)) < 0)
		return 0;
	ret = hop_outfile_protect(fd, path, err);
	close(fd);
	return ret;
}

int
hop_outfile_precheck(char *const *inputs, size_t n, const char *const *outs,
    size_t m, struct hop_err *err)
{
	struct hop_outfile of;
	size_t i;

	for (i = 0; i < n || (i == 0 && n == 0); i++)
		if (hop_outfile_protect_path(n > 0 ? inputs[i] : NULL,
		    err) != 0)
			return -1;
	for (i = 0; i < m; i++) {
		if (outs[i] == NULL || strcmp(outs[i], "-") == 0)
			continue;
		if (hop_outfile_open(&of, outs[i], err) != 0)
			return -1;
		hop_outfile_abort(&of);
	}
	return 0;
}

int
hop_outfile_open(struct hop_outfile *o, const char *path, struct hop_err *err)
{
	struct stat st;
	size_t n = strlen(path) + 32;
	unsigned attempt;
	int fd = -1;

	memset(o, 0, sizeof(*o));
	/* Known before the run's work, not at its end. */
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		hop_err_set(err, "%s: is a directory", path);
		return -1;
	}
	if (is_input(path)) {
		hop_err_set(err, "%s: is an input of this run: not writing "
		    "over it (name another file)", path);
		return -1;
	}
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
	if (is_input(o->path)) {
		hop_err_set(err, "%s: is an input of this run: not writing "
		    "over it (name another file)", o->path);
		hop_outfile_abort(o);
		return -1;
	}
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
