/*
 * cli.c - see cli.h.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "numparse.h"

int
hop_cli_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
hop_cli_double(const char *s, double min, double max, double *out)
{
	const char *end = s;
	double v;

	while (*end)
		end++;
	if (hop_parse_double(s, end, &v) != end || !isfinite(v) || v < min ||
	    v > max)
		return -1;
	*out = v;
	return 0;
}

int
hop_cli_close_stdout(void)
{
	int bad = ferror(stdout);

	if (fclose(stdout) != 0)
		return -1;
	if (bad) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int
hop_cli_finish(int *status, struct hop_err *err)
{
	if (hop_cli_close_stdout() == 0 || *status != HOP_EXIT_OK)
		return 0;
	hop_err_set(err, "<stdout>: write error: %s", strerror(errno));
	*status = HOP_EXIT_DATA;
	return -1;
}

int
hop_cli_stream_stdout(struct hop_err *err)
{
	if (!isatty(STDOUT_FILENO))
		return 0;
	hop_err_set(err, "standard output is a terminal: redirect it to a "
	    "file or pipe it into another tool");
	return -1;
}

void
hop_cli_exit(const char *prog, int status)
{
	struct hop_err err;

	if (hop_cli_finish(&status, &err) != 0)
		fprintf(stderr, "%s: %s\n", prog, err.msg);
	exit(status);
}

void
hop_cli_version(const char *prog)
{
	printf("%s (hoptools) %s\n", prog, HOP_VERSION);
	hop_cli_exit(prog, HOP_EXIT_OK);
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

void
hop_progress_start(struct hop_progress *p, const char *what, uint64_t total)
{
	p->on = isatty(STDERR_FILENO);
	p->what = what;
	p->total = total;
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	p->last = 0;
}

void
hop_progress_update(struct hop_progress *p, uint64_t done)
{
	double el, t;

	if (!p->on)
		return;
	t = now();
	el = t - ((double)p->t0.tv_sec + p->t0.tv_nsec * 1e-9);
	if (t - p->last < 0.25 && done < p->total)
		return;
	p->last = t;
	if (p->total > 0 && done > 0) {
		double rate = done / (el > 1e-9 ? el : 1e-9);
		double eta = (double)(p->total - done) / rate;

		fprintf(stderr, "\r%llu/%llu %s, %.1f/s, ETA %.0f s   ",
		    (unsigned long long)done, (unsigned long long)p->total,
		    p->what, rate, eta);
	} else {
		fprintf(stderr, "\r%llu %s   ", (unsigned long long)done,
		    p->what);
	}
}

void
hop_progress_end(struct hop_progress *p)
{
	if (p->on)
		fprintf(stderr, "\r\033[K");
}
