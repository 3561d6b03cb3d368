/*
 * stream.h - the hop stream: the one binary container every hoptools
 * program reads and writes.  man/hopstream.5 describes it byte by byte;
 * this header is its C interface.
 *
 * A stream is a header (magic, version, atoms, species, time step, cell,
 * title, provenance) followed by records of the form
 *     u32 type | u32 length | payload | u32 crc32(type, length, payload)
 * and closed by an END record that carries the record counts, so that a
 * truncated stream is always detected.  All integers and floats are
 * little-endian; positions are IEEE-754 binary64.
 */
#ifndef HOP_STREAM_H
#define HOP_STREAM_H

#include <stdint.h>
#include <stdio.h>

#include "err.h"

#define HOP_MAGIC "\x89HOP\r\n\x1a\n" /* 8 bytes, cannot be text */
#define HOP_MAGIC_LEN 8
#define HOP_VERSION_MAJOR 1
#define HOP_VERSION_MINOR 0

/* Limits a reader enforces before allocating (documented in hopstream.5). */
#define HOP_MAX_ATOMS 50000000u /* so one frame stays far below 4 GiB */
#define HOP_MAX_SPECIES 1024u
#define HOP_MAX_NAME 64u /* bytes in a species name */
#define HOP_MAX_HEADER (1u << 30)
#define HOP_MAX_RECORD (1u << 31)
/* The header's numbers a reader accepts (and a writer writes): dt_fs NaN
 * (unknown) or above 0 and at most HOP_DT_MAX_FS, the converters' --dt
 * limit; temperature_K NaN or 0 (both unknown) or HOP_T_MIN_K to
 * HOP_T_MAX_K, the converters' --temperature limits; a finite cell. */
#define HOP_DT_MAX_FS 1e12
#define HOP_T_MIN_K 1e-6
#define HOP_T_MAX_K 1e7

/* Coordinate kinds (header field "coords"). */
enum hop_coords {
	HOP_COORDS_FRACTIONAL = 0, /* fractional, wrapped into [0, 1) by
				     * the converters */
	HOP_COORDS_CARTESIAN_UNWRAPPED = 1 /* Cartesian, Angstrom, unwrapped */
};

/* Record types. */
enum hop_rec_type {
	HOP_REC_FRAME = 1,
	HOP_REC_ATOM = 2, /* per-atom summary from a hop finder */
	HOP_REC_HOP = 3,
	HOP_REC_END = 255
};

/* Header flags. */
#define HOP_FLAG_VARIABLE_CELL 0x1u
#define HOP_FLAGS_KNOWN 0x1u

/* Hop flags. */
#define HOP_EVENT_BACK 0x1u

struct hop_species {
	char name[HOP_MAX_NAME + 1]; /* NUL-terminated */
	uint32_t count;
};

struct hop_prov {
	char *program;
	char *version;
	char *cmdline;
};

/*
 * Everything a stream's header says.  Atoms are grouped by species, in the
 * order of the species table; orig_index[i] is atom i's 0-based index in
 * the trajectory the stream came from (the XDATCAR's atom order), which
 * survives when tools keep only some species.
 */
struct hop_header {
	uint32_t natoms;
	uint32_t nspecies;
	struct hop_species *species;
	uint32_t *orig_index;
	uint32_t coords; /* enum hop_coords */
	uint32_t flags;  /* HOP_FLAG_* */
	double dt_fs;    /* time between consecutive frames, NaN if unknown */
	double temperature_K; /* NaN if unknown (a stream's 0 is read so) */
	double cell[9];  /* rows a, b, c in Angstrom; first frame's if variable;
			  * finite */
	uint64_t nframes; /* frames of the trajectory described, 0 if unknown */
	char *title;
	uint32_t nprov;
	struct hop_prov *prov;
};

/* One frame, as a view: pointers may point into the reader's buffer and
 * stay valid only until the next hop_reader_next(). */
struct hop_frame {
	uint64_t index;     /* frame number in the source trajectory */
	const double *cell; /* 9 doubles: this frame's cell */
	const double *pos;  /* natoms x 3 doubles */
};

/* Per-atom summary written by a hop finder. */
struct hop_atom {
	uint32_t atom;      /* original index (orig_index) */
	uint32_t slot;      /* position in this stream's atom list */
	uint32_t species;   /* index into the species table */
	uint32_t nclusters; /* sites found; 1 means no hop */
	uint32_t nhops;
	uint32_t flags;     /* reserved, 0 */
	double silhouette;  /* best mean silhouette, NaN if not computed */
	double vib_rms_A;   /* vibration amplitude estimate, NaN if none */
	double site_sep_A;  /* site separation estimate, NaN if none */
};

/* One hop. Frames are 0-based ordinals among the frames of the stream
 * the hop finder read; start and end are both inclusive. */
struct hop_event {
	uint32_t atom;  /* original index */
	uint32_t slot;  /* position in the atom list */
	uint32_t species;
	uint32_t flags; /* HOP_EVENT_* */
	uint64_t start, end;
	uint32_t from_cluster, to_cluster;
	double from_centre[3], to_centre[3]; /* Cartesian, Angstrom */
	double start_pos[3], end_pos[3];     /* positions at start and end */
};

/* Payload sizes of the fixed records in version 1.0. */
#define HOP_ATOM_PAYLOAD 48u
#define HOP_EVENT_PAYLOAD 136u
#define HOP_END_PAYLOAD 32u

/* A record as read: type, payload length and payload. */
struct hop_record {
	uint32_t type;
	uint32_t len;
	unsigned char *payload; /* valid until the next hop_reader_next() */
	uint64_t number;        /* 1-based record number, for messages */
};

/* --- header helpers --- */

/* Set h to an empty header (no atoms, unknown dt and temperature). */
void hop_header_init(struct hop_header *h);
/* Free what h owns and reinitialise it. */
void hop_header_free(struct hop_header *h);
/* Deep-copy src into dst (dst need not be initialised). 0 or -1 (ENOMEM). */
int hop_header_copy(struct hop_header *dst, const struct hop_header *src,
    struct hop_err *err);
/* Append a provenance entry; cmdline is built from argv, quoted as a shell
 * would need it. 0 or -1. */
int hop_header_add_prov(struct hop_header *h, const char *program,
    const char *version, int argc, char **argv, struct hop_err *err);
/* Species index of atom slot i (atoms are grouped by species). */
uint32_t hop_header_species_of(const struct hop_header *h, uint32_t slot);
/* Size in bytes of one FRAME payload for this header. */
uint64_t hop_frame_payload_len(const struct hop_header *h);
/*
 * The check of a header that every reader and writer makes: 0 when
 * dt_fs, temperature_K and the cell are within the limits above and no
 * two species share a name, else -1 with err naming the field and its
 * value ("invalid header: dt_fs inf is not a time between frames
 * (...)", "invalid header: species 1 and 3 are both 'Li' (one name per
 * species)"); the caller puts the stream's name first.  The names are
 * checked when h->species is set (a reader checks them again once it
 * has read the table).
 */
int hop_header_check(const struct hop_header *h, struct hop_err *err);
/* "fractional" or "cartesian-unwrapped". */
const char *hop_coords_name(uint32_t coords);

/* --- reading --- */

struct hop_reader;

/*
 * Open a stream on fp and read its header.  name is used in messages
 * ("<stdin>" for standard input).  Returns NULL with err set when the input
 * is not a stream this version can trust, its numbers included
 * (hop_header_check); a temperature_K of 0 is read as NaN (unknown).
 */
struct hop_reader *hop_reader_open(FILE *fp, const char *name,
    struct hop_err *err);
/* Open path ("-" or NULL for standard input, shown as "<stdin>") and its
 * header, as hop_reader_open; hop_reader_free closes the file. */
struct hop_reader *hop_reader_open_path(const char *path, struct hop_err *err);
/* The name the reader uses in messages. */
const char *hop_reader_name(const struct hop_reader *r);
const struct hop_header *hop_reader_header(const struct hop_reader *r);
/*
 * Read the next record, checking its checksum and the size of the kinds
 * this library knows. Returns 1 with *rec set, 0 at a valid END record
 * (whose counts agree with what was read), -1 on error.
 */
int hop_reader_next(struct hop_reader *r, struct hop_record *rec,
    struct hop_err *err);
/* Counts of records read so far, by kind. */
uint64_t hop_reader_frames(const struct hop_reader *r);
uint64_t hop_reader_hops(const struct hop_reader *r);
uint64_t hop_reader_atoms(const struct hop_reader *r);
void hop_reader_free(struct hop_reader *r);

/* Decode records returned by hop_reader_next.  A frame is a view into the
 * record buffer (no copy on little-endian hosts). 0 or -1. */
int hop_frame_decode(struct hop_reader *r, const struct hop_record *rec,
    struct hop_frame *fr, struct hop_err *err);
int hop_atom_decode(const struct hop_reader *r, const struct hop_record *rec,
    struct hop_atom *a, struct hop_err *err);
/* A hop record is refused when its atom, species or frames are out of
 * range ("record R: invalid hop record (atom slot S, species P, frames
 * A-B)") or when one of its positions is not finite ("record R: invalid
 * hop record (atom I: start_pos is not finite)", I the original index and
 * the first such field named as hopstream(5) names it). */
int hop_event_decode(const struct hop_reader *r, const struct hop_record *rec,
    struct hop_event *hp, struct hop_err *err);

/*
 * The check every tool makes of a decoded frame: 0 when each coordinate
 * is finite, else -1 with err "record R: atom I has a non-finite
 * coordinate", R the record's number and I the first such atom's
 * original index (h->orig_index); the caller puts the input's name first.
 */
int hop_frame_check_finite(const struct hop_header *h,
    const struct hop_record *rec, const struct hop_frame *fr,
    struct hop_err *err);

/* --- writing --- */

struct hop_writer;

/*
 * Start a stream on fp with header h (copied), refusing one that
 * hop_header_check refuses ("NAME: invalid header: ...").  Nothing
 * reaches fp's buffer until this call; the END record is written only by
 * hop_writer_finish, so a tool that fails midway leaves a stream that
 * every reader reports as truncated.
 */
struct hop_writer *hop_writer_open(FILE *fp, const char *name,
    const struct hop_header *h, struct hop_err *err);
/* cell: 9 doubles when the header says the cell varies, else ignored. */
int hop_write_frame(struct hop_writer *w, uint64_t index, const double *cell,
    const double *pos, struct hop_err *err);
int hop_write_atom(struct hop_writer *w, const struct hop_atom *a,
    struct hop_err *err);
int hop_write_hop(struct hop_writer *w, const struct hop_event *hp,
    struct hop_err *err);
/* Write an arbitrary record (for tools passing unknown kinds through). */
int hop_write_record(struct hop_writer *w, uint32_t type, const void *payload,
    uint32_t len, struct hop_err *err);
/* Write the END record and flush fp. Does not close fp. 0 or -1. */
int hop_writer_finish(struct hop_writer *w, struct hop_err *err);
void hop_writer_free(struct hop_writer *w);

#endif
