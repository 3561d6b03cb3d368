/*
 * species.c - see species.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "species.h"
#include "splitrun.h"

int
hop_species_same_element(const char *a, const char *b)
{
	size_t n = strcspn(a, "_/");

	return n > 0 && n == strcspn(b, "_/") && strncmp(a, b, n) == 0;
}

/* Does species name s denote element el ("Li_sv" and "Li/abc" are Li)? */
static int
is_element(const char *s, const char *el)
{
	return hop_species_same_element(s, el);
}

int
hop_species_select(const struct hop_header *h, const char *list,
    unsigned char *keep, struct hop_err *err)
{
	const char *p = list, *q;
	uint32_t s;

	if (list == NULL || *list == '\0') {
		memset(keep, 1, h->nspecies);
		return 0;
	}
	memset(keep, 0, h->nspecies);
	while (*p) {
		size_t n;
		int found = 0;

		q = strchr(p, ',');
		n = q != NULL ? (size_t)(q - p) : strlen(p);
		for (s = 0; s < h->nspecies; s++)
			if (strlen(h->species[s].name) == n &&
			    strncmp(h->species[s].name, p, n) == 0) {
				keep[s] = 1;
				found = 1;
			}
		if (!found) {
			char known[256] = "";

			for (s = 0; s < h->nspecies; s++) {
				if (s > 0)
					strncat(known, ", ", sizeof(known) -
					    strlen(known) - 1);
				strncat(known, h->species[s].name,
				    sizeof(known) - strlen(known) - 1);
			}
			hop_err_set(err, "species '%.*s' is not in the input "
			    "(it has %s)", (int)(n > 64 ? 64 : n), p, known);
			return -1;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

static const char *const family_order[] = {
	"Li", "Na", "Ag", "Cu", "Cl", "I", "Br", "F", "O"
};

int
hop_family_species(const struct hop_header *h)
{
	size_t k;
	uint32_t s;

	for (k = 0; k < sizeof(family_order) / sizeof(family_order[0]); k++)
		for (s = 0; s < h->nspecies; s++)
			if (is_element(h->species[s].name, family_order[k]))
				return (int)s;
	return -1;
}

const char *
hop_family_name(const struct hop_header *h)
{
	int s = hop_family_species(h);
	const char *n;

	if (s < 0)
		return "Other";
	n = h->species[s].name;
	if (is_element(n, "Li"))
		return "Li-based";
	if (is_element(n, "Na"))
		return "Na-based";
	if (is_element(n, "Ag"))
		return "Ag-based";
	if (is_element(n, "Cu"))
		return "Cu-based";
	if (is_element(n, "O"))
		return "O-based";
	return "Halide-based";
}

int
hop_species_one(const struct hop_header *h, const char *list,
    const char *name, struct hop_err *err)
{
	unsigned char *keep;
	uint32_t s, nsel = 0;
	int sp = -1;

	if (list == NULL) {
		if ((sp = hop_family_species(h)) < 0) {
			hop_err_set(err, "%s: no mobile species (Li, Na, Ag, "
			    "Cu, Cl, I, Br, F, O) in the input; name one with "
			    "--species", name);
			return -1;
		}
	} else {
		if ((keep = malloc(h->nspecies + 1)) == NULL) {
			hop_err_set(err, "%s: out of memory", name);
			return -1;
		}
		if (hop_species_select(h, list, keep, err) != 0) {
			free(keep);
			hop_err_prefix(err, name);
			return -1;
		}
		for (s = 0; s < h->nspecies; s++)
			if (keep[s]) {
				sp = (int)s;
				nsel++;
			}
		free(keep);
		if (nsel != 1) {
			hop_err_set(err, "%s: --species takes one species, not "
			    "'%s'", name, list);
			return -1;
		}
	}
	if (h->species[sp].count == 0) {
		hop_err_set(err, "%s: species '%s' has no atoms", name,
		    h->species[sp].name);
		return -1;
	}
	return sp;
}

int
hop_species_framework(const struct hop_header *h, const char *list,
    int sp, const char *name, unsigned char *frame, char *names, size_t len,
    struct hop_err *err)
{
	uint32_t s;

	if (len > 0)
		names[0] = '\0';
	if (hop_species_select(h, list, frame, err) != 0) {
		hop_err_prefix(err, name);
		return -1;
	}
	/* A list naming the species analysed would not be the framework
	 * it says. */
	if (list != NULL && list[0] != '\0' && frame[sp]) {
		hop_err_set(err, "%s: the framework '%s' holds %s, the species "
		    "analysed: name the other species", name, list,
		    h->species[sp].name);
		return -1;
	}
	frame[sp] = 0;
	for (s = 0; s < h->nspecies; s++) {
		size_t at = strlen(names);

		if (!frame[s] || h->species[s].count == 0 || at + 1 >= len)
			continue;
		snprintf(names + at, len - at, "%s%s", at ? "," : "",
		    h->species[s].name);
	}
	if (len == 0 || names[0] == '\0') {
		hop_err_set(err, "%s: no framework atoms to take the drift "
		    "from (only '%s' is selected)", name, h->species[sp].name);
		return -1;
	}
	return 0;
}

int
hop_species_framework_auto(const struct hop_header *h, int sp,
    unsigned char *frame, char *names, size_t len, int *split,
    struct hop_err *err)
{
	struct hop_split_universe u;
	uint32_t s;
	int k, any = 0;

	*split = 0;
	memset(frame, 0, h->nspecies);
	if (len > 0)
		names[0] = '\0';
	for (s = 0; s < h->nspecies; s++)
		any |= (int)s != sp && h->species[s].count > 0;
	if (!any || sp != hop_family_species(h))
		return 0;
	if (hop_split_universe(h, &u, NULL, err) != 0)
		return -1;
	/* A part's species table counts its own atoms; the note, the
	 * run's. */
	for (s = 0; s < h->nspecies && !*split; s++)
		if ((int)s != sp && h->species[s].count > 0 &&
		    ((k = hop_split_universe_species(&u, h->species[s].name)) <
		    0 || hop_atomrange_count(&u.atoms[k]) !=
		    h->species[s].count))
			*split = 1;
	hop_split_universe_free(&u);
	if (*split)
		return 0;
	return hop_species_framework(h, NULL, sp, "", frame, names, len, err);
}

int
hop_species_drift_framework(const struct hop_header *h, int drift,
    const char *list, int sp, const char *name, unsigned char *frame,
    char *names, size_t len, int *split, struct hop_err *err)
{
	*split = 0;
	memset(frame, 0, h->nspecies);
	if (len > 0)
		names[0] = '\0';
	if (drift == 0)
		return 0;
	if (drift > 0)
		return hop_species_framework(h, list, sp, name, frame, names,
		    len, err);
	if (hop_species_framework_auto(h, sp, frame, names, len, split,
	    err) != 0) {
		hop_err_prefix(err, name);
		return -1;
	}
	return 0;
}
