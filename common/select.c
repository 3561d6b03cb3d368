/*
 * select.c - see select.h.
 */
#include <stdlib.h>
#include <string.h>

#include "select.h"
#include "species.h"

void
hop_frame_sel_init(struct hop_frame_sel *s)
{
	s->first = 0;
	s->last = UINT64_MAX;
	s->every = 1;
}

int
hop_frame_sel_keep(const struct hop_frame_sel *s, uint64_t ordinal)
{
	if (ordinal > s->last)
		return -1;
	if (ordinal < s->first)
		return 0;
	return (ordinal - s->first) % (s->every ? s->every : 1) == 0;
}

int
hop_atom_sel_build(struct hop_header *h, struct hop_atom_sel *sel,
    const struct hop_species *sp, uint32_t nsp, uint32_t nin,
    const uint32_t *atom_species, const char *list, struct hop_err *err)
{
	struct hop_header in;
	unsigned char *keep = NULL;
	uint64_t *count = NULL, *off = NULL, total = 0;
	struct hop_species *msp = NULL, *osp = NULL;
	uint32_t *canon = NULL, *from = NULL, *orig = NULL, s, u, i, m;
	uint32_t nm = 0, nout = 0, nosp = 0;

	memset(sel, 0, sizeof(*sel));
	if (nsp == 0 || nsp > HOP_MAX_SPECIES) {
		hop_err_set(err, "%u species (1 to %u expected)", nsp,
		    HOP_MAX_SPECIES);
		return -1;
	}
	if ((msp = calloc(nsp, sizeof(*msp))) == NULL ||
	    (canon = malloc(nsp * sizeof(*canon))) == NULL ||
	    (keep = malloc(nsp)) == NULL ||
	    (count = calloc(nsp, sizeof(*count))) == NULL ||
	    (off = calloc(nsp, sizeof(*off))) == NULL)
		goto nomem;
	/* Entries of one name are one species, in the first one's place. */
	for (s = 0; s < nsp; s++) {
		for (u = 0; u < nm && strcmp(msp[u].name, sp[s].name) != 0;
		    u++)
			;
		if (u == nm)
			memcpy(msp[nm++].name, sp[s].name, sizeof(msp->name));
		canon[s] = u;
	}
	/* hop_species_select reads only the species table of a header. */
	hop_header_init(&in);
	in.nspecies = nm;
	in.species = msp;
	if (hop_species_select(&in, list, keep, err) != 0)
		goto fail;
	if (atom_species == NULL) {
		for (s = 0; s < nsp; s++) {
			total += sp[s].count;
			count[canon[s]] += sp[s].count;
		}
	} else {
		for (i = 0; i < nin; i++) {
			if (atom_species[i] >= nsp) {
				hop_err_set(err, "atom %u has species %u of %u",
				    i, atom_species[i], nsp);
				goto fail;
			}
			count[canon[atom_species[i]]]++;
		}
		total = nin;
	}
	if (total != nin) {
		hop_err_set(err, "species counts add up to %llu, not %u atoms",
		    (unsigned long long)total, nin);
		goto fail;
	}
	for (m = 0; m < nm; m++)
		if (keep[m] && count[m] > 0) {
			off[m] = nout;
			nout += (uint32_t)count[m];
			nosp++;
		}
	if ((osp = calloc(nosp ? nosp : 1, sizeof(*osp))) == NULL ||
	    (from = malloc((nout ? nout : 1) * sizeof(*from))) == NULL ||
	    (orig = malloc((nout ? nout : 1) * sizeof(*orig))) == NULL)
		goto nomem;
	for (m = 0, nosp = 0; m < nm; m++)
		if (keep[m] && count[m] > 0) {
			osp[nosp] = msp[m];
			osp[nosp++].count = (uint32_t)count[m];
		}
	/* A counting sort by species keeps input order within a species. */
	if (atom_species == NULL) {
		uint32_t start = 0;

		for (s = 0; s < nsp; start += sp[s].count, s++)
			if (keep[canon[s]])
				for (i = 0; i < sp[s].count; i++)
					from[off[canon[s]]++] = start + i;
	} else {
		for (i = 0; i < nin; i++)
			if (keep[m = canon[atom_species[i]]])
				from[off[m]++] = i;
	}
	memcpy(orig, from, (size_t)nout * sizeof(*orig));
	sel->nin = nin;
	sel->nout = nout;
	sel->from = from;
	sel->identity = nout == nin;
	for (i = 0; i < nout && sel->identity; i++)
		sel->identity = from[i] == i;
	free(h->species);
	free(h->orig_index);
	h->species = osp;
	h->nspecies = nosp;
	h->natoms = nout;
	h->orig_index = orig;
	free(msp);
	free(canon);
	free(keep);
	free(count);
	free(off);
	return 0;
nomem:
	hop_err_set(err, "out of memory selecting atoms");
fail:
	free(msp);
	free(canon);
	free(keep);
	free(count);
	free(off);
	free(osp);
	free(from);
	free(orig);
	return -1;
}

int
hop_atom_sel_restrict(struct hop_header *h, struct hop_atom_sel *sel,
    const struct hop_atomrange *r, struct hop_err *err)
{
	uint32_t *from = sel->from, *orig = h->orig_index, i, s, k = 0, a = 0,
	    nsp = 0;

	for (s = 0; s < h->nspecies; s++) {
		uint32_t kept = 0, end = a + h->species[s].count;

		for (; a < end; a++)
			if (hop_atomrange_has(r, orig[a])) {
				from[k] = from[a];
				orig[k++] = orig[a];
				kept++;
			}
		if (kept > 0) {
			h->species[nsp] = h->species[s];
			h->species[nsp++].count = kept;
		}
	}
	h->nspecies = nsp;
	h->natoms = k;
	sel->nout = k;
	sel->identity = k == sel->nin;
	for (i = 0; i < k && sel->identity; i++)
		sel->identity = from[i] == i;
	(void)err; /* in place: nothing can fail */
	return 0;
}

const double *
hop_atom_sel_gather(const struct hop_atom_sel *sel, const double *in,
    double *out)
{
	uint32_t i;

	if (sel->identity)
		return in;
	for (i = 0; i < sel->nout; i++)
		memcpy(out + 3 * (size_t)i, in + 3 * (size_t)sel->from[i],
		    3 * sizeof(double));
	return out;
}

void
hop_atom_sel_free(struct hop_atom_sel *sel)
{
	free(sel->from);
	memset(sel, 0, sizeof(*sel));
}
