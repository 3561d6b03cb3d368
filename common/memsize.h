/*
 * memsize.h - memory sizes as --max-memory writes them and as the tools
 * state them: "2G", "500M", "1.5G", "1048576" (bytes); K, M, G and T are
 * powers of 1024 (2G = 2 GiB = 2147483648 bytes), with an optional
 * trailing "B" or "iB" (2GB, 2GiB: the same).
 */
#ifndef HOP_MEMSIZE_H
#define HOP_MEMSIZE_H

#include <stddef.h>
#include <stdint.h>

/* Parse s into *bytes (at least 1).  0 or -1. */
int hop_memsize_parse(const char *s, uint64_t *bytes);

/* The machine's physical memory (sysconf _SC_PHYS_PAGES x page size),
 * or 0 when unknown. */
uint64_t hop_memsize_physical(void);

/* bytes written for a person into buf ("435 MiB", "1.97 GiB", "12 KiB",
 * "800 B"); returns buf. */
char *hop_memsize_format(uint64_t bytes, char *buf, size_t len);

struct hop_header;

/*
 * The frames of the stream at path whose header is h: the header's
 * count when it knows it, else an estimate from the size of the file
 * (its FRAME records, 12 bytes of framing each; the header's bytes make
 * it an overestimate by one frame at most), else 0 (standard input, a
 * pipe: unknown).
 */
uint64_t hop_memsize_stream_frames(const struct hop_header *h,
    const char *path);

#endif
