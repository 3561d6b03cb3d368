/*
 * species.c - see species.h.
 */
#include <string.h>

#include "species.h"

/* Does species name s denote element el ("Li_sv" and "Li/abc" are Li)? */
static int
is_element(const char *s, const char *el)
{
	size_t n = strlen(el);

	return strncmp(s, el, n) == 0 &&
	    (s[n] == '\0' || s[n] == '_' || s[n] == '/');
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
