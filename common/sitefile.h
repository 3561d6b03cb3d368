/*
 * sitefile.h - the files that carry the network mode's sites between the
 * parts of a run split by atoms (kmeans-hops --pool-out, --sites-out,
 * --visits-out and their --*-in; man/kmeans-hops.1 shows the recipe):
 *
 *   pool        a part's pooled data per species (sitenet.h's
 *               hop_sitepool: each ion's vibration curve and its strided
 *               positions);
 *   candidates  a species' sites before step 5 (from every part's pools);
 *   visits      a part's residences on each candidate site, and its
 *               ions' dwells out of every one;
 *   sites       a species' final sites (candidates pruned by the visits).
 *
 * A sites or candidates file also lists the ions the sites came from,
 * each with its position at frame 0, so that a part can check that its
 * atoms are among them and of the same run.  Unless made with
 * --no-translations, a pool file also carries the framework: every atom
 * of the part, of every species, with its summed positions over the run
 * (latsym.h's hop_latsym_framework), so that the candidates step finds
 * the whole run's translations from every part's atoms; a species the
 * part does not analyse then has a block of the framework alone.
 *
 * The file: 8 bytes "HOPSITE1", then one block per species, each: u32
 * length L of a text header, L bytes of "key=value" lines, u32 CRC-32 of
 * them; u64 count of doubles, the doubles (binary64), u32 CRC-32 of
 * them; all little-endian.  The header's numbers are %.17g, so that they
 * read back exactly; it names the kind, the species, the block ("block=I/N")
 * and what the doubles hold.  The doubles' CRC-32 of a candidates block is
 * its id, which the visits counted on it repeat.
 */
#ifndef HOP_SITEFILE_H
#define HOP_SITEFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "sitenet.h"
#include "stream.h"

#define HOP_SITEFILE_MAGIC "HOPSITE1"

enum hop_sitefile_kind {
	HOP_SITEFILE_POOL = 1,
	HOP_SITEFILE_CANDIDATES,
	HOP_SITEFILE_VISITS,
	HOP_SITEFILE_SITES
};

/* The name of a kind: "pool", "candidates", "visits", "sites". */
const char *hop_sitefile_kind_name(enum hop_sitefile_kind k);

/* One species' block.  Which fields are used depends on the kind. */
struct hop_siteblock {
	char species[HOP_MAX_NAME + 1];
	/* POOL: the pool (owned; no ions, total 0, in a block of the
	 * framework alone), and the part's nfw atoms of this species with
	 * their summed unwrapped x y z x^2 y^2 z^2 over every frame (owned;
	 * 0 without translations), of fw_total in the whole run. */
	struct hop_sitepool *pool;
	size_t nfw, fw_total;
	uint32_t *fw_atom;
	double (*fw_sum)[6];
	/* CANDIDATES, SITES: the net (owned; grid made on reading; its
	 * ntrans kept), the options it was found with, and its ions: their
	 * keys and their positions at frame 0 (nions each, owned). */
	struct hop_sitenet *net;
	struct hop_sitenet_opts opts;
	size_t nions;
	uint32_t *atom;
	double (*first)[3];
	/* VISITS: the candidates' id, and the residences per site (nsites)
	 * of the ions in atom (nions).  CANDIDATES, SITES read from a file:
	 * their own id (hop_siteblock_id). */
	uint32_t sites_id;
	size_t nsites;
	uint64_t *visits;
	/* VISITS: those ions' dwells out of every candidate (step 6), and
	 * their short visits and their simulations' (sitenet.h's path). */
	struct hop_sitenet_dwells dwells;
	uint64_t short_found, short_null;
};

struct hop_sitefile {
	enum hop_sitefile_kind kind;
	size_t nblocks;
	struct hop_siteblock *b;  /* nblocks, one per species */
};

/* The id of a candidates or sites block: the CRC-32 its doubles get in a
 * file.  0 or -1 with err set (out of memory). */
int hop_siteblock_id(enum hop_sitefile_kind kind,
    const struct hop_siteblock *b, uint32_t *id, struct hop_err *err);

/* Write f on fp (named name).  0, or -1 with err set. */
int hop_sitefile_write(FILE *fp, const char *name,
    const struct hop_sitefile *f, struct hop_err *err);

/*
 * Read the file at path, every checksum and field checked.  NULL with
 * err set as "path: what is wrong": not such a file, truncated, damaged
 * (a checksum), a bad or missing field, blocks of two kinds or a species
 * twice, out of memory.
 */
struct hop_sitefile *hop_sitefile_read(const char *path, struct hop_err *err);

void hop_sitefile_free(struct hop_sitefile *f);
/* Free one block's contents (not the block). */
void hop_siteblock_clear(struct hop_siteblock *b);

#endif
