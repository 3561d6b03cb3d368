/*
 * le.h - little-endian loads and stores of the hop stream's integers and
 * binary64 numbers, whatever the host's byte order.
 */
#ifndef HOP_LE_H
#define HOP_LE_H

#include <stdint.h>
#include <string.h>

static inline uint16_t
hop_ld16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t
hop_ld32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static inline uint64_t
hop_ld64(const unsigned char *p)
{
	return (uint64_t)hop_ld32(p) | (uint64_t)hop_ld32(p + 4) << 32;
}

static inline double
hop_ldf64(const unsigned char *p)
{
	uint64_t u = hop_ld64(p);
	double d;

	memcpy(&d, &u, sizeof(d));
	return d;
}

static inline void
hop_st16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static inline void
hop_st32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static inline void
hop_st64(unsigned char *p, uint64_t v)
{
	hop_st32(p, (uint32_t)v);
	hop_st32(p + 4, (uint32_t)(v >> 32));
}

static inline void
hop_stf64(unsigned char *p, double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	hop_st64(p, u);
}

#endif
