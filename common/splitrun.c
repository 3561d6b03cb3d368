/*
 * splitrun.c - see splitrun.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "splitrun.h"

/* The toolkit's options that take no value, which a key must not read as
 * taking the next word (an operand) as theirs ("-B" and "-a": the old
 * letters of kmeans-hops --no-bounds and msd --arrhenius, in the command
 * lines of streams written before they went). */
static const char *const HOP_SPLIT_FLAGS[] = {
	"-B", "--no-bounds", "-T", "--tsv", "-q", "--quiet", "-c", "--drift",
	"-v", "--variable-cell", "-u", "--unwrapped", "--force", "-a",
	"--arrhenius", "--ols", "--per-axis", "--partial", "--reduce",
	"--no-dwells", "--no-translations", "--no-tracer", "-Z",
	"--atomic-numbers", "--strict", NULL
};

/* Options whose value, and themselves, may differ between parts. */
static const char *const HOP_SPLIT_FREE[] = {
	"--atoms", "--jobs", "-j", "--max-memory", "--threads", "-o",
	"--output", NULL
};

static int
in_list(const char *const *l, const char *w, size_t len)
{
	for (; *l; l++)
		if (strlen(*l) == len && strncmp(*l, w, len) == 0)
			return 1;
	return 0;
}

/* Split a shell-quoted command line (as hop_header_add_prov writes it)
 * into words, up to an unquoted '#' word.  Returns the count; *words
 * (each malloc'ed) or -1 when out of memory. */
static long
split_words(const char *s, char ***words)
{
	char **w = NULL, *buf;
	size_t n = 0, len;
	const char *p = s;

	*words = NULL;
	if ((buf = malloc(strlen(s) + 1)) == NULL)
		return -1;
	for (;;) {
		char **nw;

		while (*p == ' ')
			p++;
		if (*p == '\0' || *p == '#')
			break;
		len = 0;
		while (*p != '\0' && *p != ' ') {
			if (*p == '\'') {
				for (p++; *p != '\0' && *p != '\''; p++)
					buf[len++] = *p;
				if (*p == '\'')
					p++;
			} else if (*p == '\\' && p[1] != '\0') {
				buf[len++] = p[1];
				p += 2;
			} else
				buf[len++] = *p++;
		}
		buf[len] = '\0';
		if ((nw = realloc(w, (n + 1) * sizeof(*w))) == NULL)
			goto nomem;
		w = nw;
		if ((w[n] = strdup(buf)) == NULL)
			goto nomem;
		n++;
	}
	free(buf);
	*words = w;
	return (long)n;
nomem:
	while (n > 0)
		free(w[--n]);
	free(w);
	free(buf);
	return -1;
}

char *
hop_split_cmdline_key(const char *cmdline)
{
	char **w, *key;
	long n, i;
	size_t len = 0;

	if ((n = split_words(cmdline, &w)) < 0)
		return NULL;
	if ((key = malloc(strlen(cmdline) + 2)) == NULL)
		goto out;
	key[0] = '\0';
	/* Word 0 is the program, as it was called: a path may differ. */
	for (i = 1; i < n; i++) {
		const char *x = w[i], *eq = strchr(x, '=');
		size_t nlen = eq && x[0] == '-' && x[1] == '-' ? (size_t)(eq - x) :
		    strlen(x);
		int takes;

		if (x[0] != '-' || x[1] == '\0')
			continue; /* an operand: a file */
		if (strcmp(x, "--") == 0)
			break;    /* operands only from here */
		/* Does a bare option take the next word? */
		takes = !eq && i + 1 < n && !in_list(HOP_SPLIT_FLAGS, x,
		    strlen(x)) && (x[1] == '-' || strlen(x) == 2);
		if (in_list(HOP_SPLIT_FREE, x, nlen) || strcmp(x, "-q") == 0 ||
		    strcmp(x, "--quiet") == 0 || (x[1] != '-' &&
		    (x[1] == 'j' || x[1] == 'o'))) {
			if (takes)
				i++;
			continue;
		}
		len += (size_t)sprintf(key + len, "%s%s", len ? " " : "", x);
		if (takes) {
			i++;
			len += (size_t)sprintf(key + len, " %s", w[i]);
		}
	}
out:
	for (i = 0; i < n; i++)
		free(w[i]);
	free(w);
	return key;
}

char *
hop_split_note(size_t part, size_t nparts, const struct hop_atomrange *atoms,
    const struct hop_header *whole)
{
	char *r = hop_atomrange_format(atoms), *s = NULL, *sp;
	size_t len, cap, i, a = 0;

	if (r == NULL)
		return NULL;
	cap = strlen(r) + 64;
	if ((s = malloc(cap)) == NULL)
		goto out;
	len = (size_t)snprintf(s, cap, " # part %zu of %zu: atoms %s of",
	    part + 1, nparts, r);
	for (i = 0; i < whole->nspecies; i++) {
		struct hop_atomrange u;
		struct hop_err e;
		char *ns;
		size_t need;

		hop_atomrange_init(&u);
		if (hop_atomrange_from_indices(&u, whole->orig_index + a,
		    whole->species[i].count, &e) != 0 ||
		    (sp = hop_atomrange_format(&u)) == NULL) {
			hop_atomrange_free(&u);
			free(s);
			s = NULL;
			goto out;
		}
		a += whole->species[i].count;
		hop_atomrange_free(&u);
		need = len + strlen(sp) + strlen(whole->species[i].name) + 4;
		if (need > cap) {
			cap = 2 * need;
			if ((ns = realloc(s, cap)) == NULL) {
				free(sp);
				free(s);
				s = NULL;
				goto out;
			}
			s = ns;
		}
		len += (size_t)snprintf(s + len, cap - len, " %s=%s",
		    whole->species[i].name, sp);
		free(sp);
	}
out:
	free(r);
	return s;
}

void
hop_split_universe_free(struct hop_split_universe *u)
{
	uint32_t i;

	for (i = 0; u->atoms != NULL && i < u->nspecies; i++)
		hop_atomrange_free(&u->atoms[i]);
	free(u->atoms);
	free(u->name);
	memset(u, 0, sizeof(*u));
}

static int
universe_alloc(struct hop_split_universe *u, uint32_t n)
{
	uint32_t i;

	memset(u, 0, sizeof(*u));
	u->name = calloc(n ? n : 1, sizeof(*u->name));
	u->atoms = calloc(n ? n : 1, sizeof(*u->atoms));
	if (u->name == NULL || u->atoms == NULL)
		return -1;
	for (i = 0; i < n; i++)
		hop_atomrange_init(&u->atoms[i]);
	u->nspecies = n;
	return 0;
}

/* The universe from a note (the text after "# part "). 0 or -1. */
static int
parse_note(const char *note, struct hop_split_universe *u,
    struct hop_atomrange *part, struct hop_err *err)
{
	const char *p = strstr(note, ": atoms "), *q;
	char *w = NULL;
	uint32_t n = 0, i;

	if (p == NULL || (q = strstr(p, " of ")) == NULL)
		goto bad;
	if ((w = strndup(p + 8, (size_t)(q - p - 8))) == NULL)
		goto nomem;
	if (part != NULL && hop_atomrange_parse(part, w, err) != 0)
		goto bad;
	free(w);
	w = NULL;
	q += 4;
	for (p = q; *p; p++)
		n += *p == '=';
	if (n == 0)
		goto bad;
	if (universe_alloc(u, n) != 0)
		goto nomem;
	for (i = 0, p = q; i < n; i++) {
		const char *eq = strchr(p, '='), *end;

		if (eq == NULL || (size_t)(eq - p) > HOP_MAX_NAME || eq == p)
			goto bad;
		memcpy(u->name[i], p, (size_t)(eq - p));
		end = strchr(eq, ' ');
		if (end == NULL)
			end = eq + strlen(eq);
		if ((w = strndup(eq + 1, (size_t)(end - eq - 1))) == NULL)
			goto nomem;
		if (hop_atomrange_parse(&u->atoms[i], w, err) != 0)
			goto bad;
		free(w);
		w = NULL;
		p = *end ? end + 1 : end;
	}
	return 0;
nomem:
	free(w);
	hop_err_set(err, "out of memory");
	hop_split_universe_free(u);
	return -1;
bad:
	free(w);
	hop_err_set(err, "the provenance of hopsplit has no note of the "
	    "part's atoms it can read");
	hop_split_universe_free(u);
	return -1;
}

int
hop_split_universe(const struct hop_header *h, struct hop_split_universe *u,
    struct hop_atomrange *part, struct hop_err *err)
{
	uint32_t i, j, a = 0;

	for (i = h->nprov; i-- > 0;) {
		const char *c = h->prov[i].cmdline, *note;

		if (strcmp(h->prov[i].program, "hopsplit") != 0)
			continue;
		if (c == NULL || (note = strstr(c, " # part ")) == NULL)
			break;
		return parse_note(note, u, part, err);
	}
	if (universe_alloc(u, h->nspecies) != 0) {
		hop_err_set(err, "out of memory");
		hop_split_universe_free(u);
		return -1;
	}
	for (i = 0; i < h->nspecies; i++) {
		for (j = 1; j < h->species[i].count; j++)
			if (h->orig_index[a + j] <= h->orig_index[a + j - 1]) {
				hop_err_set(err, "the atoms of %s are not in "
				    "increasing order of their index (atom %u "
				    "after %u)", h->species[i].name,
				    h->orig_index[a + j],
				    h->orig_index[a + j - 1]);
				hop_split_universe_free(u);
				return -1;
			}
		snprintf(u->name[i], sizeof(u->name[i]), "%s",
		    h->species[i].name);
		if (hop_atomrange_from_indices(&u->atoms[i], h->orig_index + a,
		    h->species[i].count, err) != 0) {
			hop_split_universe_free(u);
			return -1;
		}
		a += h->species[i].count;
	}
	if (part != NULL && hop_atomrange_from_indices(part, h->orig_index,
	    h->natoms, err) != 0) {
		hop_split_universe_free(u);
		return -1;
	}
	return 0;
}

int
hop_split_universe_equal(const struct hop_split_universe *a,
    const struct hop_split_universe *b)
{
	uint32_t i;
	size_t k;

	if (a->nspecies != b->nspecies)
		return 0;
	for (i = 0; i < a->nspecies; i++) {
		if (strcmp(a->name[i], b->name[i]) != 0 ||
		    a->atoms[i].n != b->atoms[i].n)
			return 0;
		for (k = 0; k < a->atoms[i].n; k++)
			if (a->atoms[i].iv[k].lo != b->atoms[i].iv[k].lo ||
			    a->atoms[i].iv[k].hi != b->atoms[i].iv[k].hi)
				return 0;
	}
	return 1;
}

int
hop_split_universe_species(const struct hop_split_universe *u,
    const char *name)
{
	uint32_t i;

	for (i = 0; i < u->nspecies; i++)
		if (strcmp(u->name[i], name) == 0)
			return (int)i;
	return -1;
}

/* Two doubles the same, NaN included. */
static int
same(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

int
hop_split_compatible(const struct hop_header *ha, const char *an,
    const struct hop_header *hb, const char *bn, struct hop_err *err)
{
	struct hop_split_universe ua, ub;
	uint32_t i;
	int k, eq;

#define DIFF(...) do { \
	char d_[HOP_ERR_MAX]; \
	snprintf(d_, sizeof(d_), __VA_ARGS__); \
	hop_err_set(err, "%s and %s are not parts of one run: %s", an, bn, \
	    d_); \
	return -1; \
} while (0)
	if (ha->coords != hb->coords)
		DIFF("coordinates %s and %s", hop_coords_name(ha->coords),
		    hop_coords_name(hb->coords));
	if (ha->flags != hb->flags)
		DIFF("header flags %u and %u", ha->flags, hb->flags);
	if (!same(ha->dt_fs, hb->dt_fs))
		DIFF("dt_fs %.17g and %.17g", ha->dt_fs, hb->dt_fs);
	if (!same(ha->temperature_K, hb->temperature_K))
		DIFF("temperature_K %.17g and %.17g", ha->temperature_K,
		    hb->temperature_K);
	for (k = 0; k < 9; k++)
		if (!same(ha->cell[k], hb->cell[k]))
			DIFF("cells differ");
	if (ha->nframes != hb->nframes)
		DIFF("%llu and %llu frames", (unsigned long long)ha->nframes,
		    (unsigned long long)hb->nframes);
	if (strcmp(ha->title ? ha->title : "", hb->title ? hb->title : "") !=
	    0)
		DIFF("titles '%.60s' and '%.60s'", ha->title ? ha->title : "",
		    hb->title ? hb->title : "");
	if (ha->nprov != hb->nprov)
		DIFF("%u and %u provenance entries", ha->nprov, hb->nprov);
	for (i = 0; i < ha->nprov; i++) {
		char *ka, *kb;

		if (strcmp(ha->prov[i].program, hb->prov[i].program) != 0)
			DIFF("provenance entry %u is %s and %s", i + 1,
			    ha->prov[i].program, hb->prov[i].program);
		ka = hop_split_cmdline_key(ha->prov[i].cmdline);
		kb = hop_split_cmdline_key(hb->prov[i].cmdline);
		if (ka == NULL || kb == NULL) {
			free(ka);
			free(kb);
			hop_err_set(err, "out of memory");
			return -1;
		}
		if (strcmp(ka, kb) != 0) {
			char d[HOP_ERR_MAX];

			snprintf(d, sizeof(d), "provenance entry %u (%s) has "
			    "other options: '%.80s' and '%.80s'", i + 1,
			    ha->prov[i].program, ka, kb);
			free(ka);
			free(kb);
			DIFF("%s", d);
		}
		free(ka);
		free(kb);
	}
	if (hop_split_universe(ha, &ua, NULL, err) != 0) {
		hop_err_prefix(err, an);
		return -1;
	}
	if (hop_split_universe(hb, &ub, NULL, err) != 0) {
		hop_split_universe_free(&ua);
		hop_err_prefix(err, bn);
		return -1;
	}
	eq = hop_split_universe_equal(&ua, &ub);
	hop_split_universe_free(&ua);
	hop_split_universe_free(&ub);
	if (!eq)
		DIFF("the runs' atoms differ");
#undef DIFF
	return 0;
}
