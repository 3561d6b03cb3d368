/*
 * flipcheck - flip each byte of a file in turn (XOR 0xff) and feed each
 * damaged copy to a command on its standard input: every copy must make
 * the command exit with status 1 (an error reported), never 0 (damage
 * passed for data) nor anything else (a crash or a sanitizer report).
 *
 *     flipcheck FILE CMD [ARG...]
 *
 * Prints "N copies, U undetected, B bad exits" and, for the first few
 * failures, the offset and status; exits 0 when all N were refused.
 * The undamaged file must pass (exit 0), or the check means nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Run argv with the n bytes at buf on its standard input: the wait
 * status, or -1. */
static int
run(char **argv, const unsigned char *buf, size_t n)
{
	int fd[2], st;
	pid_t pid;
	size_t off = 0;

	if (pipe(fd) != 0)
		return -1;
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(fd[0], 0);
		dup2(null, 1);
		dup2(null, 2);
		close(fd[0]);
		close(fd[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fd[0]);
	while (off < n) {
		ssize_t k = write(fd[1], buf + off, n - off);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break; /* the reader stopped early: fine */
		off += (size_t)k;
	}
	close(fd[1]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return st;
}

int
main(int argc, char **argv)
{
	unsigned char *buf;
	size_t n = 0, cap = 1 << 16, i, undetected = 0, bad = 0;
	FILE *fp;
	int st;

	if (argc < 3) {
		fprintf(stderr, "usage: flipcheck FILE CMD [ARG...]\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if ((fp = fopen(argv[1], "rb")) == NULL ||
	    (buf = malloc(cap)) == NULL) {
		perror(argv[1]);
		return 2;
	}
	while ((i = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += i;
		if (n == cap && (buf = realloc(buf, cap *= 2)) == NULL)
			return 2;
	}
	fclose(fp);
	st = run(argv + 2, buf, n);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "flipcheck: %s fails on the undamaged file "
		    "(status 0x%x)\n", argv[2], (unsigned)st);
		return 1;
	}
	for (i = 0; i < n; i++) {
		buf[i] ^= 0xff;
		st = run(argv + 2, buf, n);
		buf[i] ^= 0xff;
		if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 1)
			continue;
		if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			undetected++;
		else
			bad++;
		if (undetected + bad <= 5)
			printf("offset %zu: status 0x%x\n", i, (unsigned)st);
	}
	printf("%zu copies, %zu undetected, %zu bad exits\n", n, undetected,
	    bad);
	free(buf);
	return undetected + bad == 0 ? 0 : 1;
}
