/*
 * test_outfile.c - hop_outfile_begin/end: "-" is standard output, left
 * open; a path is written whole, replacing the old file only at the end,
 * and an abort leaves the old file as it was.  A child process ended by
 * an exit or a signal before its commit leaves no temporary file and the
 * old file (sigclean.c); an ignored signal stays ignored; the threads of
 * hop_sigclean_thread have the signals blocked.
 */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outfile.h"
#include "sigclean.h"
#include "t.h"

/* The child's output, static so that a leak checker in the child sees
 * it reachable when exit ends it mid-write. */
static struct hop_outfile child_of;

/* The names in dir, sorted, space-separated, into buf. */
static void
names(const char *dir, char *buf, size_t n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char list[8][256];
	int k = 0, i, j;

	buf[0] = '\0';
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL && k < 8)
		if (e->d_name[0] != '.')
			snprintf(list[k++], sizeof(list[0]), "%s", e->d_name);
	closedir(d);
	for (i = 1; i < k; i++)
		for (j = i; j > 0 && strcmp(list[j - 1], list[j]) > 0; j--) {
			char t[256];

			memcpy(t, list[j], sizeof(t));
			memcpy(list[j], list[j - 1], sizeof(t));
			memcpy(list[j - 1], t, sizeof(t));
		}
	for (i = 0; i < k; i++)
		snprintf(buf + strlen(buf), n - strlen(buf), "%s%s",
		    i ? " " : "", list[i]);
}

/* In a child: open path, write, then end as how says: 'x' exit(3),
 * 't' raise SIGTERM, 'i' raise SIGTERM ignored, then commit.  Returns
 * the child's wait status. */
static int
child(const char *path, int how)
{
	pid_t pid;
	int st = -1;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct hop_err err;

		if (how == 'i')
			signal(SIGTERM, SIG_IGN);
		if (hop_outfile_open(&child_of, path, &err) != 0)
			_exit(9);
		fputs("new\n", child_of.fp);
		fflush(child_of.fp);
		if (how == 'x')
			exit(3);
		raise(SIGTERM);
		_exit(hop_outfile_commit(&child_of, &err) == 0 ? 0 : 8);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static void *
mask_of(void *arg)
{
	sigset_t *s = arg;

	pthread_sigmask(SIG_BLOCK, NULL, s);
	return NULL;
}

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

/* child(path, how), then the names left in dir into got and the first
 * line of path into line.  The child's wait status. */
static int
end_child(const char *dir, const char *path, int how, char *got,
    size_t ngot, char *line, size_t nline)
{
	int st = child(path, how);

	names(dir, got, ngot);
	first_line(path, line, nline);
	return st;
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

	/* The precheck: an output in a missing directory, or naming an
	 * input (in.txt, made here), fails; "-" and NULL are skipped; a good
	 * path is tried and nothing made there. */
	{
		char bad[96], in[96], *inputs[1] = {in};
		const char *outs[3] = {"-", NULL, bad};
		FILE *f;

		snprintf(bad, sizeof(bad), "%s/no/such/x.json", dir);
		T_OK("outfile: precheck refuses a missing directory",
		    hop_outfile_precheck(NULL, 0, outs, 3, &err) == -1 &&
		    strstr(err.msg, "no/such/x.json") != NULL);
		snprintf(in, sizeof(in), "%s/in.txt", dir);
		if ((f = fopen(in, "w")) != NULL)
			fclose(f);
		outs[2] = in;
		T_OK("outfile: precheck refuses an output naming an input",
		    hop_outfile_precheck(inputs, 1, outs, 3, &err) == -1 &&
		    strstr(err.msg, "is an input of this run") != NULL);
		snprintf(bad, sizeof(bad), "%s/new.json", dir);
		outs[2] = bad;
		T_OK("outfile: precheck takes a good path and makes nothing",
		    hop_outfile_precheck(NULL, 0, outs, 3, &err) == 0 &&
		    access(bad, F_OK) != 0);
		unlink(in);
	}

	/* Ends before the commit: the old file stays, no temporary file. */
	{
		char got[256];
		int st;

		st = end_child(dir, path, 'x', got, sizeof(got), line,
		    sizeof(line));
		T_OK("outfile: a child's exit(3) before its commit",
		    st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 3);
		T_OK("outfile: ... removes its temporary file",
		    strcmp(got, "out.json") == 0);
		T_OK("outfile: ... and keeps the old file",
		    strcmp(line, "first\n") == 0);
		st = end_child(dir, path, 't', got, sizeof(got), line,
		    sizeof(line));
		T_OK("outfile: SIGTERM still ends the child by it",
		    st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
		T_OK("outfile: ... removing its temporary file",
		    strcmp(got, "out.json") == 0);
		T_OK("outfile: ... and keeping the old file",
		    strcmp(line, "first\n") == 0);
		st = end_child(dir, path, 'i', got, sizeof(got), line,
		    sizeof(line));
		T_OK("outfile: an ignored SIGTERM stays ignored: the child "
		    "commits", st != -1 && WIFEXITED(st) &&
		    WEXITSTATUS(st) == 0 && strcmp(got, "out.json") == 0 &&
		    strcmp(line, "new\n") == 0);
	}
	{
		pthread_t tid;
		sigset_t s;

		sigemptyset(&s);
		if (hop_sigclean_thread(&tid, mask_of, &s) == 0) {
			pthread_join(tid, NULL);
			T_OK("sigclean: its threads block HUP, INT, TERM, PIPE",
			    sigismember(&s, SIGHUP) == 1 &&
			    sigismember(&s, SIGINT) == 1 &&
			    sigismember(&s, SIGTERM) == 1 &&
			    sigismember(&s, SIGPIPE) == 1);
			pthread_sigmask(SIG_BLOCK, NULL, &s);
			T_OK("sigclean: the caller's mask is unchanged",
			    sigismember(&s, SIGTERM) == 0);
		} else {
			printf("fail\tsigclean: a thread starts\n");
		}
	}
	/* An input of the run is never an output's target, by any name. */
	{
		char in[96], ln[96], later[96], got[64];
		FILE *f;
		int fd = -1;

		snprintf(in, sizeof(in), "%s/in.bin", dir);
		snprintf(ln, sizeof(ln), "%s/link.bin", dir);
		snprintf(later, sizeof(later), "%s/later.bin", dir);
		if ((f = fopen(in, "w")) != NULL) {
			fputs("input\n", f);
			fclose(f);
		}
		if ((f = fopen(later, "w")) != NULL) {
			fputs("later\n", f);
			fclose(f);
		}
		T_OK("outfile: a file not protected can be replaced",
		    hop_outfile_begin(&o, in, &err) != NULL);
		hop_outfile_abort(&o);
		fp = fopen(in, "r");
		T_OK("outfile: protecting an input succeeds", fp != NULL &&
		    hop_outfile_protect(fileno(fp), in, &err) == 0);
		if (fp != NULL)
			fclose(fp);
		T_OK("outfile: an input is refused as a target, with its name",
		    hop_outfile_begin(&o, in, &err) == NULL &&
		    strstr(err.msg, "in.bin: is an input") != NULL);
		T_OK("outfile: and by another name (a hard link)",
		    link(in, ln) == 0 && hop_outfile_open(&o, ln, &err) != 0);
		/* Opened first, protected after: the commit refuses. */
		fp = hop_outfile_begin(&o, later, &err);
		if (fp != NULL)
			fputs("new\n", fp);
		fd = open(later, O_RDONLY);
		T_OK("outfile: an input protected after the open is refused "
		    "at the commit", fp != NULL && fd >= 0 &&
		    hop_outfile_protect(fd, later, &err) == 0 &&
		    hop_outfile_end(&o, &err) != 0 &&
		    strstr(err.msg, "later.bin: is an input") != NULL);
		if (fd >= 0)
			close(fd);
		first_line(later, got, sizeof(got));
		T_OK("outfile: the input is left as it was",
		    strcmp(got, "later\n") == 0);
		first_line(in, got, sizeof(got));
		T_OK("outfile: both inputs intact", strcmp(got, "input\n") == 0);
		names(dir, got, sizeof(got));
		T_OK("outfile: no temporary file left",
		    strcmp(got, "in.bin later.bin link.bin out.json") == 0);
		T_OK("outfile: a pipe is no file to protect",
		    hop_outfile_protect(-1, "bad", &err) == 0);
		T_OK("outfile: a directory is refused at the open",
		    hop_outfile_begin(&o, dir, &err) == NULL &&
		    strstr(err.msg, ": is a directory") != NULL);
		unlink(in);
		unlink(ln);
		unlink(later);
	}
	unlink(path);
	rmdir(dir);
	return t_done();
}
