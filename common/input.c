/*
 * input.c - plain, compressed and archived input through libarchive, read
 * line by line with decompression in a second thread (see input.h).
 *
 * The producer thread fills fixed-size chunks with archive_read_data();
 * the reader hands out lines that lie inside one chunk where they are, and
 * joins a line that straddles two chunks in a separate buffer.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "input.h"
#include "sigclean.h"
#include "outfile.h"

#define NCHUNK 4
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
/* Tiny chunks, so that a fuzzer's short inputs cross chunk boundaries
 * and reach the code that joins a line split between chunks. */
#define CHUNK 64u
#else
#define CHUNK (1u << 20)
#endif

/*
 * The bytes under libarchive come from struct source, through our own
 * read callback, so that we see the compressed input.  libarchive 3.6 does
 * not check the trailer of gzip members ("XXX TODO: Verify the length and
 * CRC" in its gzip filter): a damaged byte in a stored deflate block, or a
 * damaged trailer, would be read as good data.  So when the input starts
 * with the gzip magic, every byte handed to libarchive also goes through
 * zlib's inflate (output discarded), which checks each member's CRC-32 and
 * length.  This runs in whichever thread reads, the producer once lines
 * are being read, so the parser does not wait for it.
 */
#define RBLOCK (1u << 20) /* bytes per read(2) */
#define SCRATCH (1u << 17) /* inflate output, discarded */

enum gz_state {
	GZ_SNIFF,   /* fewer than two bytes seen */
	GZ_OFF,     /* not gzip: nothing to verify */
	GZ_MEMBER,  /* inside a gzip member */
	GZ_BETWEEN, /* after a member: another one, padding or the end */
	GZ_PADDING  /* zero bytes after the last member (gzip -d accepts) */
};

struct source {
	struct archive *outer;    /* non-NULL: reading this archive's member */
	int fd;                   /* -1: reading mem (or outer) */
	int own_fd;
	const unsigned char *mem; /* hop_input_open_memory's bytes */
	size_t memlen;
	int at_end;               /* read(2) returned 0, or mem handed out */
	unsigned char *buf;       /* RBLOCK bytes for read(2) */
	enum gz_state gz;
	unsigned char head[2];
	size_t nhead;
	z_stream z;
	int zinit;
	unsigned char *scratch;
};

/* Inflate n bytes at p, discarding the output.  Returns 0, or -1 with
 * msg set (without the input's name). */
static int
gz_feed(struct source *s, const unsigned char *p, size_t n, char *msg,
    size_t msgsz)
{
	while (n > 0) {
		int r;

		switch (s->gz) {
		case GZ_SNIFF:
		case GZ_OFF:
			return 0;
		case GZ_BETWEEN:
			if (*p == 0) {
				s->gz = GZ_PADDING;
				continue;
			}
			/* Anything else must be the next member: inflate
			 * refuses a bad header ("incorrect header check"). */
			inflateReset(&s->z);
			s->gz = GZ_MEMBER;
			continue;
		case GZ_PADDING:
			for (; n > 0; p++, n--)
				if (*p != 0) {
					snprintf(msg, msgsz, "gzip data "
					    "corrupted (trailing garbage after "
					    "the compressed data)");
					return -1;
				}
			return 0;
		case GZ_MEMBER:
			break;
		}
		s->z.next_in = (unsigned char *)p;
		s->z.avail_in = n > UINT_MAX ? UINT_MAX : (unsigned)n;
		for (;;) {
			s->z.next_out = s->scratch;
			s->z.avail_out = SCRATCH;
			r = inflate(&s->z, Z_NO_FLUSH);
			if (r == Z_STREAM_END) {
				s->gz = GZ_BETWEEN;
				break;
			}
			if (r == Z_BUF_ERROR) /* needs more input */
				break;
			if (r != Z_OK) {
				snprintf(msg, msgsz, "gzip data corrupted (%s)",
				    r == Z_MEM_ERROR ? "out of memory" :
				    s->z.msg != NULL ? s->z.msg :
				    "inflate failed");
				return -1;
			}
			if (s->z.avail_in == 0 && s->z.avail_out > 0)
				break;
		}
		n -= (size_t)(s->z.next_in - p);
		p = s->z.next_in;
	}
	return 0;
}

/* Verify the n bytes at p, the next ones of the input.  0 or -1. */
static int
verify(struct source *s, const unsigned char *p, size_t n, char *msg,
    size_t msgsz)
{
	if (s->gz == GZ_SNIFF) {
		while (s->nhead < 2 && n > 0) {
			s->head[s->nhead++] = *p++;
			n--;
		}
		if (s->nhead < 2)
			return 0;
		if (s->head[0] != 0x1f || s->head[1] != 0x8b) {
			s->gz = GZ_OFF;
			return 0;
		}
		s->scratch = malloc(SCRATCH);
		/* 15 + 16: a gzip wrapper, whose trailer inflate checks. */
		if (s->scratch == NULL || inflateInit2(&s->z, 15 + 16) != Z_OK) {
			snprintf(msg, msgsz, "out of memory");
			return -1;
		}
		s->zinit = 1;
		s->gz = GZ_MEMBER;
		if (gz_feed(s, s->head, 2, msg, msgsz) != 0)
			return -1;
	}
	return gz_feed(s, p, n, msg, msgsz);
}

/* At the end of the input: was the last gzip member complete? */
static int
verify_end(const struct source *s, char *msg, size_t msgsz)
{
	if (s->gz != GZ_MEMBER)
		return 0;
	snprintf(msg, msgsz, "truncated gzip input");
	return -1;
}

/* Read and verify the next block.  Returns its length, 0 at the end
 * (where the last member must be complete), -1 with msg set. */
static ssize_t
source_read(struct source *s, const void **block, char *msg, size_t msgsz)
{
	ssize_t n;

	if (s->at_end)
		return 0;
	if (s->outer != NULL) {
		la_ssize_t k = archive_read_data(s->outer, s->buf, RBLOCK);

		if (k < 0) {
			const char *m = archive_error_string(s->outer);

			snprintf(msg, msgsz, "%s", m != NULL ? m : "read error");
			return -1;
		}
		*block = s->buf;
		n = (ssize_t)k;
		s->at_end = n == 0;
	} else if (s->fd < 0) {
		*block = s->mem;
		n = (ssize_t)s->memlen;
		s->at_end = 1;
	} else {
		while ((n = read(s->fd, s->buf, RBLOCK)) < 0 && errno == EINTR)
			;
		if (n < 0) {
			snprintf(msg, msgsz, "read error: %s", strerror(errno));
			return -1;
		}
		*block = s->buf;
		s->at_end = n == 0;
	}
	if (n > 0 && verify(s, *block, (size_t)n, msg, msgsz) != 0)
		return -1;
	if (n == 0 && verify_end(s, msg, msgsz) != 0)
		return -1;
	return n;
}

/* libarchive's read callback. */
static la_ssize_t
source_cb(struct archive *a, void *arg, const void **block)
{
	char msg[256];
	ssize_t n = source_read(arg, block, msg, sizeof(msg));

	if (n < 0)
		archive_set_error(a, EIO, "%s", msg);
	return n;
}

static void
source_close(struct source *s)
{
	if (s->own_fd && s->fd >= 0)
		close(s->fd);
	if (s->zinit)
		inflateEnd(&s->z);
	free(s->scratch);
	free(s->buf);
	memset(s, 0, sizeof(*s));
	s->fd = -1;
}

struct chunk {
	char *data;
	size_t len;
	int eof;  /* no data after this chunk */
	int full; /* filled by the producer, not yet consumed */
};

struct hop_input {
	struct archive *a;
	struct source src;
	struct archive *ma;  /* the member's own reader (see open_member) */
	struct source msrc;  /* its bytes: the member's, from a */
	char *name;
	int archive;
	uint64_t lineno;

	pthread_t thread;
	int started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct chunk ch[NCHUNK];
	int stop;            /* consumer asks the producer to end */
	char errmsg[256];    /* producer's error, if any */
	int failed;

	int cur;             /* chunk being consumed, -1 before the first */
	size_t pos;          /* offset of the unread part in ch[cur] */
	int at_eof;
	int unterminated;          /* the last line had no newline */
	char *join;          /* line that straddles chunks */
	size_t joincap;
};

static const char *
base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s != NULL ? s + 1 : p;
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

/* Does archive entry pathname p match what the caller asked for? */
static int
member_matches(const char *p, const char *member, const char *glob)
{
	if (member != NULL)
		return strcmp(p, member) == 0 ||
		    strcmp(base_name(p), member) == 0;
	if (glob != NULL)
		return fnmatch(glob, base_name(p), 0) == 0;
	return 1;
}

/*
 * Open path ("-": standard input) or, when buf is non-NULL, the len bytes
 * at buf (shown as path in messages) with every filter and the formats
 * hoptools reads, reading through src (see struct source), which the
 * caller releases with source_close after archive_read_free.
 */
static struct archive *
open_archive(const char *path, const void *buf, size_t len,
    struct source *src, struct hop_err *err)
{
	struct archive *a;
	const char *shown = buf == NULL && strcmp(path, "-") == 0 ? "<stdin>" :
	    path;
	struct stat st;

	memset(src, 0, sizeof(*src));
	src->fd = -1;
	if (buf != NULL) {
		src->mem = buf;
		src->memlen = len;
	} else if (strcmp(path, "-") == 0) {
		src->fd = 0;
	} else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		hop_err_set(err, "%s: is a directory", path);
		return NULL;
	} else if ((src->fd = open(path, O_RDONLY)) < 0) {
		hop_err_set(err, "%s: %s", shown, strerror(errno));
		return NULL;
	} else {
		src->own_fd = 1;
	}
	if (src->fd >= 0 && hop_outfile_protect(src->fd, shown, err) != 0) {
		if (src->own_fd)
			close(src->fd);
		return NULL;
	}
	if ((src->fd >= 0 && (src->buf = malloc(RBLOCK)) == NULL) ||
	    (a = archive_read_new()) == NULL) {
		hop_err_set(err, "%s: out of memory", shown);
		source_close(src);
		return NULL;
	}
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_7zip(a);
	archive_read_support_format_cpio(a);
	archive_read_support_format_raw(a);
	archive_read_support_format_empty(a);
	if (archive_read_open(a, src, NULL, source_cb, NULL) != ARCHIVE_OK) {
		const char *m = archive_error_string(a);

		hop_err_set(err, "%s: %s", shown, m != NULL ? m : "cannot open");
		archive_read_free(a);
		source_close(src);
		return NULL;
	}
	return a;
}

/*
 * After the last byte of the data wanted: read the rest of a gzip input
 * through the verifier, so that the whole file is checked even when
 * libarchive stopped early (a .tar.gz whose member wanted came first).
 * in, when non-NULL, is the input whose consumer may ask us to stop.
 * Returns 0, or -1 with msg set.
 */
static int
source_drain(struct source *s, struct hop_input *in, char *msg, size_t msgsz)
{
	const void *block;
	ssize_t n;
	int stop = 0;

	if (s->gz == GZ_OFF)
		return 0;
	while (!stop && (n = source_read(s, &block, msg, msgsz)) > 0) {
		if (in != NULL) {
			pthread_mutex_lock(&in->mu);
			stop = in->stop;
			pthread_mutex_unlock(&in->mu);
		}
	}
	return !stop && n < 0 ? -1 : 0;
}

/*
 * Move a to the entry wanted. Returns 1 when positioned, 0 when there is
 * no such entry, -1 on error.  *is_archive tells whether a real archive
 * format (not raw or empty) was found; *entry gets the member's path.
 */
static int
find_entry(struct archive *a, const char *shown, const char *member,
    const char *glob, int *is_archive, const char **entry,
    struct hop_err *err)
{
	struct archive_entry *e;
	int r, fmt;

	for (;;) {
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			const char *m = archive_error_string(a);

			hop_err_set(err, "%s: %s", shown,
			    m != NULL ? m : "unreadable input");
			return -1;
		}
		fmt = archive_format(a) & ARCHIVE_FORMAT_BASE_MASK;
		*is_archive = fmt != ARCHIVE_FORMAT_RAW &&
		    fmt != ARCHIVE_FORMAT_EMPTY;
		if (!*is_archive) {
			*entry = NULL;
			return 1;
		}
		/* libarchive gives no name for a member whose name it cannot
		 * convert (a damaged zip): such a member is never the one. */
		if (archive_entry_filetype(e) != AE_IFREG ||
		    archive_entry_pathname(e) == NULL)
			continue;
		if (member_matches(archive_entry_pathname(e), member, glob)) {
			*entry = archive_entry_pathname(e);
			return 1;
		}
	}
	fmt = archive_format(a) & ARCHIVE_FORMAT_BASE_MASK;
	*is_archive = fmt != ARCHIVE_FORMAT_RAW && fmt != ARCHIVE_FORMAT_EMPTY &&
	    fmt != 0;
	return 0;
}

static void *
producer(void *arg)
{
	struct hop_input *in = arg;
	struct archive *rd = in->ma != NULL ? in->ma : in->a;
	int i = 0;

	for (;;) {
		struct chunk *c = &in->ch[i];
		la_ssize_t n = 1;
		size_t got = 0;
		int bad_rest;

		pthread_mutex_lock(&in->mu);
		while (c->full && !in->stop)
			pthread_cond_wait(&in->cv, &in->mu);
		if (in->stop) {
			pthread_mutex_unlock(&in->mu);
			return NULL;
		}
		pthread_mutex_unlock(&in->mu);

		/* Fill the chunk: libarchive may return short blocks. */
		while (got < CHUNK) {
			n = archive_read_data(rd, c->data + got, CHUNK - got);
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		/* The data ends: check the rest of a gzip member and of a
		 * gzip input too. */
		bad_rest = n == 0 && ((in->ma != NULL &&
		    source_drain(&in->msrc, in, in->errmsg,
		    sizeof(in->errmsg)) != 0) || source_drain(&in->src, in,
		    in->errmsg, sizeof(in->errmsg)) != 0);
		pthread_mutex_lock(&in->mu);
		c->len = got;
		c->eof = n <= 0;
		if (bad_rest) {
			in->failed = 1;
		} else if (n < 0) {
			const char *m = archive_error_string(rd);

			snprintf(in->errmsg, sizeof(in->errmsg), "%s",
			    m != NULL ? m : "read error");
			in->failed = 1;
		}
		c->full = 1;
		pthread_cond_broadcast(&in->cv);
		pthread_mutex_unlock(&in->mu);
		if (c->eof)
			return NULL;
		i = (i + 1) % NCHUNK;
	}
}

/*
 * A member of an archive may itself be compressed (XDATCAR.gz in a tar or
 * a zip): read it through a second libarchive reader with every filter and
 * the raw format, fed with the member's bytes (struct source over the
 * outer archive), as bsdcat reads a single file.  A plain member passes
 * through unchanged; a gzip member is checked with zlib as a gzip file is.
 * An empty member keeps the outer reader.  0, or -1 with err set.
 */
static int
open_member(struct hop_input *in, struct hop_err *err)
{
	struct archive_entry *e;
	int r;

	memset(&in->msrc, 0, sizeof(in->msrc));
	in->msrc.fd = -1;
	in->msrc.outer = in->a;
	if ((in->msrc.buf = malloc(RBLOCK)) == NULL ||
	    (in->ma = archive_read_new()) == NULL) {
		hop_err_set(err, "%s: out of memory", in->name);
		return -1;
	}
	archive_read_support_filter_all(in->ma);
	archive_read_support_format_raw(in->ma);
	archive_read_support_format_empty(in->ma);
	if (archive_read_open(in->ma, &in->msrc, NULL, source_cb, NULL) !=
	    ARCHIVE_OK ||
	    ((r = archive_read_next_header(in->ma, &e)) != ARCHIVE_OK &&
	    r != ARCHIVE_WARN && r != ARCHIVE_EOF)) {
		const char *m = archive_error_string(in->ma);

		hop_err_set(err, "%s: %s", in->name, m != NULL ? m :
		    "unreadable member");
		return -1;
	}
	if (r == ARCHIVE_EOF ||
	    (archive_format(in->ma) & ARCHIVE_FORMAT_BASE_MASK) ==
	    ARCHIVE_FORMAT_EMPTY) {
		/* Nothing in the member: nothing to decode either. */
		archive_read_free(in->ma);
		in->ma = NULL;
		source_close(&in->msrc);
	}
	return 0;
}

/* hop_input_open and hop_input_open_memory: buf NULL reads path. */
static struct hop_input *
input_open(const char *path, const void *buf, size_t len,
    const char *member, const char *default_glob, struct hop_err *err)
{
	const char *shown = buf == NULL && strcmp(path, "-") == 0 ? "<stdin>" :
	    path;
	struct hop_input *in;
	const char *entry = NULL;
	int i, r, is_archive = 0;

	if ((in = calloc(1, sizeof(*in))) == NULL) {
		hop_err_set(err, "%s: out of memory", shown);
		return NULL;
	}
	in->cur = -1;
	in->src.fd = -1;
	pthread_mutex_init(&in->mu, NULL);
	pthread_cond_init(&in->cv, NULL);
	if ((in->a = open_archive(path, buf, len, &in->src, err)) == NULL) {
		hop_input_close(in);
		return NULL;
	}
	r = find_entry(in->a, shown, member, default_glob, &is_archive, &entry,
	    err);
	if (r == 0) {
		if (!is_archive)
			hop_err_set(err, "%s: empty input", shown);
		else if (member != NULL)
			hop_err_set(err, "%s: archive has no member '%s'",
			    shown, member);
		else
			hop_err_set(err, "%s: archive has no member matching "
			    "'%s'", shown, default_glob != NULL ?
			    default_glob : "*");
	}
	if (r <= 0) {
		hop_input_close(in);
		return NULL;
	}
	in->archive = is_archive;
	if (is_archive) {
		size_t n = strlen(shown) + strlen(entry) + 2;

		if ((in->name = malloc(n)) != NULL)
			snprintf(in->name, n, "%s:%s", shown, entry);
		if (in->name != NULL && open_member(in, err) != 0) {
			hop_input_close(in);
			return NULL;
		}
	} else {
		in->name = xstrdup(shown);
	}
	for (i = 0; i < NCHUNK; i++)
		if ((in->ch[i].data = malloc(CHUNK + 1)) == NULL)
			break;
	if (in->name == NULL || i < NCHUNK ||
	    (in->join = malloc(4096)) == NULL) {
		hop_err_set(err, "%s: out of memory", shown);
		hop_input_close(in);
		return NULL;
	}
	in->joincap = 4096;
	if (hop_sigclean_thread(&in->thread, producer, in) != 0) {
		hop_err_set(err, "%s: cannot start the reading thread", shown);
		hop_input_close(in);
		return NULL;
	}
	in->started = 1;
	return in;
}

struct hop_input *
hop_input_open(const char *path, const char *member, const char *default_glob,
    struct hop_err *err)
{
	return input_open(path, NULL, 0, member, default_glob, err);
}

struct hop_input *
hop_input_open_memory(const void *buf, size_t len, const char *name,
    const char *member, const char *default_glob, struct hop_err *err)
{
	/* libarchive needs a non-NULL pointer even for no bytes. */
	static const char none[1];

	return input_open(name, len > 0 ? buf : none, len, member,
	    default_glob, err);
}

/* Hand chunk in->cur back to the producer and wait for the next one.
 * Returns 0, or -1 if the producer failed. */
static int
next_chunk(struct hop_input *in, struct hop_err *err)
{
	int next = (in->cur + 1) % NCHUNK;

	pthread_mutex_lock(&in->mu);
	if (in->cur >= 0) {
		in->ch[in->cur].full = 0;
		pthread_cond_broadcast(&in->cv);
	}
	while (!in->ch[next].full)
		pthread_cond_wait(&in->cv, &in->mu);
	pthread_mutex_unlock(&in->mu);
	in->cur = next;
	in->pos = 0;
	if (in->ch[next].eof && in->failed) {
		hop_err_set(err, "%s: %s", in->name, in->errmsg);
		return -1;
	}
	return 0;
}

static int
join_append(struct hop_input *in, size_t *jl, const char *p, size_t n,
    struct hop_err *err)
{
	if (*jl + n > HOP_LINE_MAX) {
		hop_err_set(err, "%s:%llu: line longer than %u bytes", in->name,
		    (unsigned long long)in->lineno + 1, HOP_LINE_MAX);
		return -1;
	}
	if (*jl + n + 1 > in->joincap) {
		size_t ncap = in->joincap;
		char *nb;

		while (ncap < *jl + n + 1)
			ncap *= 2;
		if ((nb = realloc(in->join, ncap)) == NULL) {
			hop_err_set(err, "%s: out of memory", in->name);
			return -1;
		}
		in->join = nb;
		in->joincap = ncap;
	}
	memcpy(in->join + *jl, p, n);
	*jl += n;
	return 0;
}

/* A NUL byte means binary data, and would cut the line short for every
 * string function: refuse it (input.h promises so).  1 or -1. */
static int
no_nul(const struct hop_input *in, const char *s, size_t n,
    struct hop_err *err)
{
	/* A hop stream's magic starts "\x89HOP\r\n": binary, but its first
	 * line has no NUL.  Said for what it is. */
	if (in->lineno == 1 && n >= 4 && memcmp(s, "\x89HOP", 4) == 0) {
		hop_err_set(err, "%s: a hop stream, not a text file (the "
		    "analysis tools read it as it is; hopcat shows it)",
		    in->name);
		return -1;
	}
	if (memchr(s, '\0', n) == NULL)
		return 1;
	hop_err_set(err, "%s:%llu: NUL byte in text (binary data?)", in->name,
	    (unsigned long long)in->lineno);
	return -1;
}

int
hop_input_line(struct hop_input *in, char **line, size_t *len,
    struct hop_err *err)
{
	size_t jl = 0;
	int joined = 0;

	if (in->at_eof)
		return 0;
	for (;;) {
		struct chunk *c;
		char *s, *nl;
		size_t avail;

		if (in->cur < 0 || in->pos >= in->ch[in->cur].len) {
			if (in->cur >= 0 && in->ch[in->cur].eof) {
				in->at_eof = 1;
				if (!joined)
					return 0;
				in->unterminated = 1;
				break; /* last line had no newline */
			}
			if (next_chunk(in, err) != 0)
				return -1;
			continue;
		}
		c = &in->ch[in->cur];
		s = c->data + in->pos;
		avail = c->len - in->pos;
		nl = memchr(s, '\n', avail);
		if (nl != NULL && !joined) {
			/* Fast path: the whole line lies in this chunk. */
			size_t n = (size_t)(nl - s);

			if (n > HOP_LINE_MAX) {
				hop_err_set(err, "%s:%llu: line longer than %u "
				    "bytes", in->name,
				    (unsigned long long)in->lineno + 1,
				    HOP_LINE_MAX);
				return -1;
			}
			*nl = '\0';
			in->pos += n + 1;
			if (n > 0 && s[n - 1] == '\r')
				s[--n] = '\0';
			in->lineno++;
			*line = s;
			*len = n;
			return no_nul(in, s, n, err);
		}
		if (nl != NULL) {
			size_t n = (size_t)(nl - s);

			if (join_append(in, &jl, s, n, err) != 0)
				return -1;
			in->pos += n + 1;
			break;
		}
		if (join_append(in, &jl, s, avail, err) != 0)
			return -1;
		joined = 1;
		in->pos += avail;
	}
	in->join[jl] = '\0';
	if (jl > 0 && in->join[jl - 1] == '\r')
		in->join[--jl] = '\0';
	in->lineno++;
	*line = in->join;
	*len = jl;
	return no_nul(in, in->join, jl, err);
}

int
hop_input_unterminated(const struct hop_input *in)
{
	return in->unterminated;
}

uint64_t
hop_input_lineno(const struct hop_input *in)
{
	return in->lineno;
}

const char *
hop_input_name(const struct hop_input *in)
{
	return in->name;
}

int
hop_input_is_archive(const struct hop_input *in)
{
	return in->archive;
}

void
hop_input_close(struct hop_input *in)
{
	int i;

	if (in == NULL)
		return;
	if (in->started) {
		pthread_mutex_lock(&in->mu);
		in->stop = 1;
		pthread_cond_broadcast(&in->cv);
		pthread_mutex_unlock(&in->mu);
		pthread_join(in->thread, NULL);
	}
	pthread_mutex_destroy(&in->mu);
	pthread_cond_destroy(&in->cv);
	for (i = 0; i < NCHUNK; i++)
		free(in->ch[i].data);
	if (in->ma != NULL)
		archive_read_free(in->ma);
	source_close(&in->msrc);
	if (in->a != NULL)
		archive_read_free(in->a);
	source_close(&in->src);
	free(in->join);
	free(in->name);
	free(in);
}

int
hop_input_slurp(const char *path, const char *member_glob, size_t maxbytes,
    char **buf, size_t *len, struct hop_err *err)
{
	const char *shown = strcmp(path, "-") == 0 ? "<stdin>" : path;
	struct source src;
	struct archive *a;
	char msg[256];
	const char *entry;
	int r, is_archive = 0;
	size_t n = 0;
	char *b;
	la_ssize_t k;

	if (strcmp(path, "-") != 0 && member_glob == NULL) {
		struct stat st;

		if (stat(path, &st) != 0 && errno == ENOENT)
			return 0;
	}
	if ((a = open_archive(path, NULL, 0, &src, err)) == NULL)
		return -1;
	r = find_entry(a, shown, NULL, member_glob, &is_archive, &entry, err);
	if (r <= 0 || (member_glob != NULL && !is_archive)) {
		archive_read_free(a);
		source_close(&src);
		return r < 0 ? -1 : 0;
	}
	if ((b = malloc(maxbytes + 1)) == NULL) {
		archive_read_free(a);
		source_close(&src);
		hop_err_set(err, "%s: out of memory", shown);
		return -1;
	}
	while ((k = archive_read_data(a, b + n, maxbytes + 1 - n)) > 0) {
		n += (size_t)k;
		if (n > maxbytes) {
			hop_err_set(err, "%s: larger than %zu bytes", shown,
			    maxbytes);
			free(b);
			archive_read_free(a);
			source_close(&src);
			return -1;
		}
	}
	if (k < 0) {
		const char *m = archive_error_string(a);

		hop_err_set(err, "%s: %s", shown, m != NULL ? m : "read error");
		free(b);
		archive_read_free(a);
		source_close(&src);
		return -1;
	}
	archive_read_free(a);
	/* A single compressed file is checked to its end; in an archive,
	 * only what was read up to the member (input.h). */
	r = is_archive ? 0 : source_drain(&src, NULL, msg, sizeof(msg));
	source_close(&src);
	if (r != 0) {
		hop_err_set(err, "%s: %s", shown, msg);
		free(b);
		return -1;
	}
	/* Text only: a NUL would silently cut the text short for the
	 * caller's string functions (as in hop_input_line). */
	if (memchr(b, '\0', n) != NULL) {
		hop_err_set(err, "%s: NUL byte in text (binary data?)", shown);
		free(b);
		return -1;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 1;
}
