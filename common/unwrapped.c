/*
 * unwrapped.c - see unwrapped.h.
 */
#include "species.h"
#include "unwrapped.h"

struct hop_reader *
hop_unwrapped_open(const char *path, const char *name, const char *species,
    int *sp, size_t *off, struct hop_err *err)
{
	struct hop_reader *rd;
	const struct hop_header *h;
	int s;

	if ((rd = hop_reader_open_path(path, err)) == NULL)
		return NULL;
	h = hop_reader_header(rd);
	if (h->coords != HOP_COORDS_CARTESIAN_UNWRAPPED) {
		hop_err_set(err, "%s: coordinates are fractional (wrapped); "
		    "run unwrap first", name);
		goto bad;
	}
	if (!(h->dt_fs > 0)) {
		hop_err_set(err, "%s: the time between frames is unknown (no "
		    "dt in the header)", name);
		goto bad;
	}
	if ((*sp = hop_species_one(h, species, name, err)) < 0)
		goto bad;
	*off = 0;
	for (s = 0; s < *sp; s++)
		*off += h->species[s].count;
	return rd;
bad:
	hop_reader_free(rd);
	return NULL;
}
