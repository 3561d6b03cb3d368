/*
 * msdpart.h - msd as map and reduce over a run split by atoms: each part
 * (msd --partial) writes the sums its ions contribute, and the parts'
 * sums together (msd --reduce) give the MSDs, D*, D_coll, the Haven ratio
 * and sigma of the whole run to rounding.
 *
 * What a part carries is what the whole run's numbers are made of, not
 * an approximation of them:
 *   - the self-MSD sums S(m) = sum over its ions and kept axes and every
 *     origin of the squared displacement over m frames (n values);
 *   - the displacement summed over its ions, per frame and kept axis
 *     (n x dims), whose sum over the parts is the collective coordinate;
 *   - for the maximum-likelihood estimator (diffusion.h), at every stride
 *     the whole run's ladder can try (1, 2, 4, ... and --start's) over the
 *     whole run, and at every stride its halves can use over each half,
 *     each ion's sums of its increments' squared sine transforms, over its
 *     axes and offsets.  The pooled fit needs only their sum over the
 *     ions, but its robust (sandwich) uncertainty needs each ion's score
 *     at the pooled fit, which is not known until every part is in: so
 *     each ion's sums travel, about 4 n doubles per ion in all.
 *
 * The file (man/msd.1 states it): 8 bytes "HOPMSDP1", u32 length L of a
 * text header, L bytes of "key=value" lines, u32 CRC-32 of those bytes;
 * then sections, each u64 count of doubles, the doubles, u32 CRC-32 of
 * them; all little-endian.  Sections: S(m); the summed displacement;
 * then for each range (whole, first half, second half) and each of its
 * strides, the ions' sums, ion after ion.
 */
#ifndef HOP_MSDPART_H
#define HOP_MSDPART_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diffusion.h"
#include "err.h"
#include "msd.h"

#define HOP_MSDPART_MAGIC "HOPMSDP1"

/* What a part says about itself and its run. */
struct hop_msdpart_meta {
	char species[65];
	unsigned axes;          /* HOP_MSD_* mask */
	size_t frames;
	double dt_ps, temperature_K; /* temperature NaN when unknown */
	double volume_sum;      /* sum over frames of |det cell|, A^3 */
	char framework[256];    /* --drift's species, "" without */
	double drift_sum[3];    /* sum over frames of the framework's
	                         * centroid: equal in parts of one run */
	double start_ps;        /* --start, 0 for the rule */
	uint32_t nions;         /* this part's ions (all parts': reduce) */
	char *ions;             /* their original indices, a RANGE */
	char *universe;         /* the species' atoms in the whole run */
	char *key;              /* the provenance, less what may differ
	                         * between parts (splitrun.h) */
};

/*
 * Write part m (its ions' trajectory t, m->nions ions over m->frames
 * frames) on fp (named name).  nthreads share the transforms.  0, or -1
 * with err set.
 */
int hop_msdpart_write(FILE *fp, const char *name,
    const struct hop_msdpart_meta *m, const struct hop_msd_traj *t,
    unsigned nthreads, struct hop_err *err);

struct hop_msdpart_set;

/*
 * Open the n parts paths for a reduce: every header read and every
 * checksum verified, and the parts checked to be of one run analysed one
 * way (the same species, axes, frames, time step, temperature, volume,
 * drift, --start and provenance key), disjoint, and together covering
 * the species' atoms of the run.  NULL with err set, naming the file and
 * what is wrong.
 */
struct hop_msdpart_set *hop_msdpart_open(const char *const *paths, size_t n,
    struct hop_err *err);
/* The run's meta: the first part's, with nions and ions of all parts. */
const struct hop_msdpart_meta *hop_msdpart_meta(
    const struct hop_msdpart_set *s);
/* The tracer and collective MSDs of the whole run (frames values each),
 * as hop_msd_traj_compute gives them.  0 or -1. */
int hop_msdpart_msd(struct hop_msdpart_set *s, double *self, double *coll,
    struct hop_err *err);
/* The estimator's view of the whole run (diffusion.h), valid while s
 * lives. */
void hop_msdpart_spectra(struct hop_msdpart_set *s,
    struct hop_diff_spectra *sp);
void hop_msdpart_free(struct hop_msdpart_set *s);

void hop_msdpart_meta_free(struct hop_msdpart_meta *m);

#endif
