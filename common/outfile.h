/*
 * outfile.h - write a file all at once or not at all: output goes to a
 * temporary file in the same directory, which replaces the target only
 * when everything was written, so that a failed run never leaves half a
 * file and never destroys a user's file before success.  A signal or an
 * exit that ends the program before the commit removes the temporary
 * file too (sigclean.h); open and commit from the main thread.
 */
#ifndef HOP_OUTFILE_H
#define HOP_OUTFILE_H

#include <stdio.h>

#include "err.h"

struct hop_outfile {
	FILE *fp;    /* write here */
	char *path;  /* the target */
	char *tmp;   /* the temporary file beside it */
	int to_stdout; /* hop_outfile_begin's "-": fp is stdout */
};

/*
 * The file open on fd is an input of this run: no output replaces it.
 * hop_outfile_open and hop_outfile_commit refuse a target that is the
 * same file (by device and inode, so any name of it: a link, a path
 * through a symbolic link).  Only regular files are remembered (a pipe
 * or a terminal is none).  The readers that open a file call it (input.h,
 * stream.h, and the others that open files by name).  0, or -1 with err
 * set (out of memory).  Thread-safe.
 */
int hop_outfile_protect(int fd, const char *name, struct hop_err *err);

/*
 * The same for an input named path, before it is read (NULL or "-":
 * standard input), so that an output opened before the run's work (and
 * before the reader opens it) is refused at its open, with nothing
 * written.  A path that is not a regular file is left to its reader.  0,
 * or -1 with err set (out of memory).
 */
int hop_outfile_protect_path(const char *path, struct hop_err *err);

/* 1 when the file open on fd (standard output, say) is one
 * hop_outfile_protect was given, else 0. */
int hop_outfile_fd_is_input(int fd);

/*
 * Before a run's work: each of the n inputs protected
 * (hop_outfile_protect_path; n 0: standard input), then each output path
 * of outs (m of them; NULL entries and "-" skipped) tried, opened and
 * removed as hop_outfile_open and hop_outfile_abort do, so that a path
 * that cannot be written or names an input fails before anything is
 * done.  0, or -1 with err set.
 */
int hop_outfile_precheck(char *const *inputs, size_t n,
    const char *const *outs, size_t m, struct hop_err *err);

/* Create the temporary file for path (mode 0666 less the umask); refused
 * when path is a directory or a file hop_outfile_protect was given.  0 or
 * -1. */
int hop_outfile_open(struct hop_outfile *o, const char *path,
    struct hop_err *err);
/* Close the temporary file, checking every write, and rename it onto the
 * target, unless the target is now a protected input (opened after
 * hop_outfile_open).  On failure the temporary file is removed.  0 or
 * -1. */
int hop_outfile_commit(struct hop_outfile *o, struct hop_err *err);
/* Give up: close and remove the temporary file (safe after a commit or a
 * failed open, and more than once). */
void hop_outfile_abort(struct hop_outfile *o);

/*
 * An output named on the command line where "-" means standard output
 * (--json=FILE, say): for "-" fp is stdout, written directly and never
 * closed here (the tool checks it when it closes stdout,
 * hop_cli_close_stdout); for any other path as hop_outfile_open.  Returns
 * the stream to write, or NULL with err set.  End with hop_outfile_end
 * (or hop_outfile_abort, which leaves stdout alone).
 */
FILE *hop_outfile_begin(struct hop_outfile *o, const char *path,
    struct hop_err *err);
/* hop_outfile_commit for a file, nothing for standard output.  0 or -1. */
int hop_outfile_end(struct hop_outfile *o, struct hop_err *err);

#endif
