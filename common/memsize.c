/*
 * memsize.c - see memsize.h.
 */
#define _DEFAULT_SOURCE /* sysconf(_SC_PHYS_PAGES) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "memsize.h"
#include "stream.h"

int
hop_memsize_parse(const char *s, uint64_t *bytes)
{
	char *end;
	double v, mul = 1;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtod(s, &end);
	switch (*end) {
	case 'k': case 'K': mul = 1024.0; end++; break;
	case 'm': case 'M': mul = 1024.0 * 1024; end++; break;
	case 'g': case 'G': mul = 1024.0 * 1024 * 1024; end++; break;
	case 't': case 'T': mul = 1024.0 * 1024 * 1024 * 1024; end++; break;
	default: break;
	}
	if (mul > 1 && *end == 'i')
		end++;
	if ((*end == 'B' || *end == 'b') && (mul > 1 || end[-1] != 'i'))
		end++;
	if (*end != '\0' || !isfinite(v))
		return -1;
	v *= mul;
	if (!(v >= 1) || v > 1.8e19)
		return -1;
	*bytes = (uint64_t)v;
	return 0;
}

uint64_t
hop_memsize_physical(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);

	if (pages <= 0 || size <= 0)
		return 0;
	return (uint64_t)pages * (uint64_t)size;
}

char *
hop_memsize_format(uint64_t bytes, char *buf, size_t len)
{
	static const char *const unit[] = {"B", "KiB", "MiB", "GiB", "TiB",
	    "PiB"};
	double v = (double)bytes;
	int u = 0;

	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	if (u == 0 || v >= 100)
		snprintf(buf, len, "%.0f %s", v, unit[u]);
	else
		snprintf(buf, len, "%.3g %s", v, unit[u]);
	return buf;
}

uint64_t
hop_memsize_stream_frames(const struct hop_header *h, const char *path)
{
	struct stat st;
	uint64_t rec = hop_frame_payload_len(h) + 12;

	if (h->nframes > 0)
		return h->nframes;
	if (path == NULL || strcmp(path, "-") == 0 || stat(path, &st) != 0 ||
	    !S_ISREG(st.st_mode) || st.st_size <= 0)
		return 0;
	return ((uint64_t)st.st_size + rec - 1) / rec;
}
