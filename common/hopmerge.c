/*
 * hopmerge.c - see hopmerge.h.
 */
#include <stdlib.h>
#include <string.h>

#include "hopmerge.h"
#include "splitrun.h"
#include "stream.h"

/* One atom's record and hops, in the whole run's terms. */
struct group {
	struct hop_atom a;
	struct hop_event *hops;
	size_t nhops, cap;
	size_t part;
};

struct slotmap {
	uint32_t orig, slot;
};

static int
cmp_slotmap(const void *a, const void *b)
{
	const struct slotmap *x = a, *y = b;

	return x->orig < y->orig ? -1 : x->orig > y->orig;
}

static int
cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	return x->a.slot < y->a.slot ? -1 : x->a.slot > y->a.slot;
}

/* The whole run's header from part 0's (p0) and the universe u: the
 * run's species and atoms, and the provenance without the hopsplit note
 * (which names one part).  0 or -1. */
static int
whole_header(struct hop_header *h, const struct hop_header *p0,
    const struct hop_split_universe *u, struct hop_err *err)
{
	uint32_t i, n = 0;
	size_t k;

	if (hop_header_copy(h, p0, err) != 0)
		return -1;
	free(h->species);
	free(h->orig_index);
	h->species = calloc(u->nspecies ? u->nspecies : 1,
	    sizeof(*h->species));
	for (i = 0; i < u->nspecies; i++)
		n += (uint32_t)hop_atomrange_count(&u->atoms[i]);
	h->orig_index = malloc((n ? n : 1) * sizeof(*h->orig_index));
	if (h->species == NULL || h->orig_index == NULL) {
		hop_err_set(err, "out of memory");
		return -1;
	}
	h->nspecies = u->nspecies;
	h->natoms = n;
	for (i = 0, n = 0; i < u->nspecies; i++) {
		snprintf(h->species[i].name, sizeof(h->species[i].name), "%s",
		    u->name[i]);
		h->species[i].count = (uint32_t)hop_atomrange_count(
		    &u->atoms[i]);
		for (k = 0; k < u->atoms[i].n; k++) {
			uint64_t a;

			for (a = u->atoms[i].iv[k].lo; a <= u->atoms[i].iv[k].hi;
			    a++)
				h->orig_index[n++] = (uint32_t)a;
		}
	}
	for (i = 0; i < h->nprov; i++) {
		char *c = h->prov[i].cmdline, *note;

		if (strcmp(h->prov[i].program, "hopsplit") == 0 && c != NULL &&
		    (note = strstr(c, " # part ")) != NULL)
			*note = '\0';
	}
	return 0;
}

int
hop_merge_streams(const char *const *paths, size_t n, FILE *out,
    const char *outname, const char *prog, const char *version, int argc,
    char **argv, struct hop_err *err)
{
	struct hop_reader **r = calloc(n, sizeof(*r));
	struct hop_split_universe u;
	struct hop_header whole;
	struct hop_writer *w = NULL;
	struct group *g = NULL;
	struct slotmap *map = NULL;
	size_t ng = 0, gcap = 0, i, k;
	uint32_t s;
	int ret = -1, have_u = 0;

	hop_header_init(&whole);
	memset(&u, 0, sizeof(u));
	if (r == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		if ((r[i] = hop_reader_open_path(paths[i], err)) == NULL)
			goto out;
		if (i > 0 && hop_split_compatible(hop_reader_header(r[0]),
		    hop_reader_name(r[0]), hop_reader_header(r[i]),
		    hop_reader_name(r[i]), err) != 0)
			goto out;
	}
	if (hop_split_universe(hop_reader_header(r[0]), &u, NULL, err) != 0) {
		hop_err_prefix(err, hop_reader_name(r[0]));
		goto out;
	}
	have_u = 1;
	if (whole_header(&whole, hop_reader_header(r[0]), &u, err) != 0)
		goto out;
	if ((map = malloc((whole.natoms ? whole.natoms : 1) *
	    sizeof(*map))) == NULL)
		goto nomem;
	for (s = 0; s < whole.natoms; s++) {
		map[s].orig = whole.orig_index[s];
		map[s].slot = s;
	}
	qsort(map, whole.natoms, sizeof(*map), cmp_slotmap);

	/* Every part's records, in the whole run's slots and species. */
	for (i = 0; i < n; i++) {
		const struct hop_header *h = hop_reader_header(r[i]);
		const char *name = hop_reader_name(r[i]);
		struct hop_record rec;
		struct group *cur = NULL;
		int st;

		while ((st = hop_reader_next(r[i], &rec, err)) == 1) {
			struct hop_atom a;
			struct hop_event e;
			struct slotmap key, *m;
			int sp;

			if (rec.type == HOP_REC_FRAME) {
				hop_err_set(err, "%s: record %llu: a frame: "
				    "--merge joins hop streams (what "
				    "kmeans-hops writes)", name,
				    (unsigned long long)rec.number);
				goto out;
			}
			if (rec.type == HOP_REC_ATOM) {
				if (hop_atom_decode(r[i], &rec, &a, err) != 0)
					goto out;
				key.orig = a.atom;
				m = bsearch(&key, map, whole.natoms,
				    sizeof(*map), cmp_slotmap);
				sp = hop_split_universe_species(&u,
				    h->species[a.species].name);
				if (m == NULL || sp < 0 ||
				    !hop_atomrange_has(&u.atoms[sp], a.atom)) {
					hop_err_set(err, "%s: record %llu: atom "
					    "%u is not one of the run's %s "
					    "atoms", name,
					    (unsigned long long)rec.number,
					    a.atom, h->species[a.species].name);
					goto out;
				}
				if (ng == gcap) {
					struct group *ngp;

					gcap = gcap ? 2 * gcap : 256;
					if ((ngp = realloc(g, gcap *
					    sizeof(*g))) == NULL)
						goto nomem;
					g = ngp;
				}
				cur = &g[ng++];
				memset(cur, 0, sizeof(*cur));
				cur->a = a;
				cur->a.slot = m->slot;
				cur->a.species = (uint32_t)sp;
				cur->part = i;
			} else if (rec.type == HOP_REC_HOP) {
				if (hop_event_decode(r[i], &rec, &e, err) != 0)
					goto out;
				if (cur == NULL || e.atom != cur->a.atom) {
					hop_err_set(err, "%s: record %llu: a "
					    "hop of atom %u not after its "
					    "atom's record", name,
					    (unsigned long long)rec.number,
					    e.atom);
					goto out;
				}
				e.slot = cur->a.slot;
				e.species = cur->a.species;
				if (cur->nhops == cur->cap) {
					struct hop_event *nh;

					cur->cap = cur->cap ? 2 * cur->cap : 8;
					if ((nh = realloc(cur->hops, cur->cap *
					    sizeof(*nh))) == NULL)
						goto nomem;
					cur->hops = nh;
				}
				cur->hops[cur->nhops++] = e;
			}
		}
		if (st < 0)
			goto out;
	}
	qsort(g, ng, sizeof(*g), cmp_group);
	for (k = 1; k < ng; k++)
		if (g[k].a.slot == g[k - 1].a.slot) {
			hop_err_set(err, "atom %u is in both %s and %s: the "
			    "parts overlap", g[k].a.atom,
			    hop_reader_name(r[g[k - 1].part]),
			    hop_reader_name(r[g[k].part]));
			goto out;
		}
	/* Every atom of an analysed species, in some part. */
	for (s = 0; s < u.nspecies; s++) {
		uint64_t want = hop_atomrange_count(&u.atoms[s]), got = 0;
		uint32_t first = 0;
		size_t x;
		int missing = 0;

		for (k = 0; k < ng; k++)
			got += g[k].a.species == s;
		if (got == 0 || got == want)
			continue;
		for (x = 0; x < u.atoms[s].n && !missing; x++) {
			uint64_t a;

			for (a = u.atoms[s].iv[x].lo; a <= u.atoms[s].iv[x].hi;
			    a++) {
				struct slotmap key = {(uint32_t)a, 0}, *m;
				struct group gk;

				m = bsearch(&key, map, whole.natoms,
				    sizeof(*map), cmp_slotmap);
				gk.a.slot = m->slot;
				if (bsearch(&gk, g, ng, sizeof(*g),
				    cmp_group) == NULL) {
					first = (uint32_t)a;
					missing = 1;
					break;
				}
			}
		}
		hop_err_set(err, "the parts miss %llu of the %llu %s atoms "
		    "(first %u): is a part missing?",
		    (unsigned long long)(want - got), (unsigned long long)want,
		    u.name[s], first);
		goto out;
	}
	if (hop_header_add_prov(&whole, prog, version, argc, argv, err) != 0)
		goto out;
	if ((w = hop_writer_open(out, outname, &whole, err)) == NULL)
		goto out;
	for (k = 0; k < ng; k++) {
		if (hop_write_atom(w, &g[k].a, err) != 0)
			goto out;
		for (i = 0; i < g[k].nhops; i++)
			if (hop_write_hop(w, &g[k].hops[i], err) != 0)
				goto out;
	}
	if (hop_writer_finish(w, err) != 0)
		goto out;
	ret = 0;
	goto out;
nomem:
	hop_err_set(err, "out of memory merging %zu parts", n);
out:
	hop_writer_free(w);
	for (k = 0; k < ng; k++)
		free(g[k].hops);
	free(g);
	free(map);
	for (i = 0; r != NULL && i < n; i++)
		hop_reader_free(r[i]);
	free(r);
	if (have_u)
		hop_split_universe_free(&u);
	hop_header_free(&whole);
	return ret;
}
