/*
 * cli.h - what every hoptools program shares on its command line: the
 * version, checked number options, closing standard output, and progress
 * on a terminal.
 */
#ifndef HOP_CLI_H
#define HOP_CLI_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "err.h"

#define HOP_VERSION "0.1.0"

/* Exit statuses, the same for every tool (and every man page). */
enum { HOP_EXIT_OK = 0, HOP_EXIT_DATA = 1, HOP_EXIT_USAGE = 2 };

/* Parse a whole string as an unsigned integer in [min, max]. 0 or -1. */
int hop_cli_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* Parse a whole string as a finite number in [min, max]. 0 or -1. */
int hop_cli_double(const char *s, double min, double max, double *out);

/*
 * Flush and close standard output, so that a full disk or a closed pipe
 * is reported instead of passing for success. 0 or -1 (errno set).
 */
int hop_cli_close_stdout(void);

/*
 * The end of a tool's main(): close standard output (as above).  When
 * *status is HOP_EXIT_OK and that fails, *status becomes HOP_EXIT_DATA and
 * -1 is returned with err set to the message the tool prints
 * ("<stdout>: write error: No space left on device"); else 0.
 */
int hop_cli_finish(int *status, struct hop_err *err);

/*
 * For a tool about to write a binary stream: -1 with err set when
 * standard output is a terminal (the stream would only garble it), else 0.
 */
int hop_cli_stream_stdout(struct hop_err *err);

/*
 * Leave the program after --help (status HOP_EXIT_OK) or a usage error:
 * exit with status, or with HOP_EXIT_DATA and "PROG: <stdout>: write
 * error: ..." on stderr when status is HOP_EXIT_OK and standard output
 * cannot be written (--help >/dev/full).
 */
_Noreturn void hop_cli_exit(const char *prog, int status);

/* --version: print "PROG (hoptools) VERSION" and hop_cli_exit(). */
_Noreturn void hop_cli_version(const char *prog);

/* Progress on stderr when stderr is a terminal; silent otherwise. */
struct hop_progress {
	int on;
	const char *what;
	uint64_t total;
	struct timespec t0;
	double last;
};

void hop_progress_start(struct hop_progress *p, const char *what,
    uint64_t total);
/* Report done of total, at most a few times a second. */
void hop_progress_update(struct hop_progress *p, uint64_t done);
/* Erase the progress line. */
void hop_progress_end(struct hop_progress *p);

#endif
