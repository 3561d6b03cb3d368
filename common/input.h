/*
 * input.h - open a trajectory or text file, plain, compressed (gzip, xz,
 * bzip2, zstd, ...) or inside an archive (tar, zip, ...), from a path or
 * standard input, and read it line by line.  One code path through
 * libarchive, as bsdcat does: its raw format covers single compressed
 * files, its tar and zip readers cover archives.  A member that is itself
 * compressed (XDATCAR.gz in a tar or a zip) goes through a second reader
 * of the same kind, and its gzip data are checked as below.
 *
 * Decompression runs in a second thread, so that a parser and the
 * decompressor use two cores.
 *
 * gzip integrity: libarchive 3.6 does not check gzip trailers, so every
 * input that starts with the gzip magic (a .gz or a .tar.gz, from a path,
 * standard input or memory, the fuzzing build included) also goes through
 * zlib, which checks each member's CRC-32 and length.  Members may follow
 * one another (cat a.gz b.gz) and zero padding may follow the last, as
 * gzip -d accepts; anything else after a member is an error.  A mismatch
 * is the input's error ("x.gz: gzip data corrupted (incorrect data
 * check)").  hop_input_line checks the whole file: after the data of a
 * single file or of the archive member wanted, the rest of the input is
 * read and checked before end of input is reported.  What is not checked:
 * the bytes after the point where the caller stops (hop_input_close
 * before end of input), and in hop_input_slurp from an archive, the bytes
 * after its member (the whole of a single compressed file is checked).
 */
#ifndef HOP_INPUT_H
#define HOP_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* The longest line the reader accepts (bytes, without the newline). */
#define HOP_LINE_MAX (1u << 20)

struct hop_input;

/*
 * Open path ("-" for standard input).  When the input is an archive, pick
 * the member named member (exact path or base name) or, when member is
 * NULL, the first regular member whose base name matches the pattern
 * default_glob (fnmatch(3), e.g. "XDATCAR*"; NULL takes the first regular
 * member).  Returns NULL with err set ("run.tar: no member matching
 * XDATCAR*").
 */
struct hop_input *hop_input_open(const char *path, const char *member,
    const char *default_glob, struct hop_err *err);

/*
 * As hop_input_open, reading the len bytes at buf (which must stay valid
 * until hop_input_close) instead of a file; name is shown in messages.
 * For fuzzing and tests.
 */
struct hop_input *hop_input_open_memory(const void *buf, size_t len,
    const char *name, const char *member, const char *default_glob,
    struct hop_err *err);

/*
 * Next line, without its newline (a trailing '\r' is removed too), NUL
 * terminated; *len gets its length.  The pointer is valid until the next
 * call.  Returns 1 with a line, 0 at end of input, -1 on error (a line
 * longer than HOP_LINE_MAX, a read or decompression error, a NUL byte in
 * the text, a hop stream's magic as the first line: "NAME: a hop stream,
 * not a text file ...").
 */
int hop_input_line(struct hop_input *in, char **line, size_t *len,
    struct hop_err *err);

/* 1-based number of the line last returned. */
uint64_t hop_input_lineno(const struct hop_input *in);

/* 1 when the last line returned ended the input without a newline: a
 * file cut short may end so, its last number incomplete. */
int hop_input_unterminated(const struct hop_input *in);

/* The name used in messages: "<stdin>", "run.tar.gz", or for an archive
 * member "run.tar.gz:XDATCAR" */
const char *hop_input_name(const struct hop_input *in);

/* Whether the input was an archive (tar, zip, ...) and not a plain or
 * single compressed file. */
int hop_input_is_archive(const struct hop_input *in);

void hop_input_close(struct hop_input *in);

/*
 * Read a whole small text file (at most maxbytes) from path, or from the
 * member of archive path whose base name matches glob (member_glob non-NULL),
 * decompressing as needed.  *buf is NUL-terminated and malloc'ed.  Returns
 * 1 when read, 0 when there is no such file or member (nothing set), -1
 * on error (a NUL byte in the text included).
 */
int hop_input_slurp(const char *path, const char *member_glob, size_t maxbytes,
    char **buf, size_t *len, struct hop_err *err);

#endif
