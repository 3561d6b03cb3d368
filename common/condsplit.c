/*
 * condsplit.c - see condsplit.h.
 *
 * The hops in the window are kept by two pointers over the hops sorted by
 * end frame; the sums of D over the window, over each group, each ion and
 * each (group, ion) are updated as hops enter and leave, with their
 * squared norms, so that an origin costs O(1) besides the hops moving.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "condsplit.h"

const char *
hop_cs_term_name(unsigned k)
{
	static char names[HOP_MECH_NCLASS][48];
	static int done;
	unsigned c;

	if (!done) {
		for (c = 0; c < HOP_MECH_NCLASS; c++)
			snprintf(names[c], sizeof(names[c]), "within_%s",
			    hop_mech_class_name(c));
		done = 1;
	}
	if (k == HOP_CS_SELF)
		return "hop_self";
	if (k >= HOP_CS_WITHIN && k < HOP_CS_WITHIN + HOP_MECH_NCLASS)
		return names[k - HOP_CS_WITHIN];
	if (k == HOP_CS_SAME_ION)
		return "between_groups_same_ion";
	if (k == HOP_CS_DISTINCT)
		return "between_groups_distinct_ions";
	if (k == HOP_CS_REST)
		return "vibration_and_rest";
	return NULL;
}

struct ctx {
	const struct hop_event *h;
	const uint32_t *group;
	const uint8_t *cls;
	const uint32_t *combo; /* per hop: its (group, ion) index */
	double *G, *I, *GI;    /* 3 per group / slot / combo */
	double S[3], self, selfc[HOP_MECH_NCLASS], Gsq[HOP_MECH_NCLASS];
	double Isq, GIsq;
	long inwin;
};

static double
sq3(const double *v)
{
	return v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
}

/* Add (sign +1) or remove (-1) hop k from the window. */
static void
update(struct ctx *x, size_t k, double sign)
{
	const struct hop_event *e = &x->h[k];
	double D[3], d2;
	double *g = &x->G[3 * (size_t)x->group[k]], *i = &x->I[3 * (size_t)e->slot],
	    *gi = &x->GI[3 * (size_t)x->combo[k]];
	unsigned c = x->cls[x->group[k]];
	int a;

	for (a = 0; a < 3; a++)
		D[a] = sign * (e->to_centre[a] - e->from_centre[a]);
	d2 = sq3(D);
	x->self += sign * d2;
	x->selfc[c] += sign * d2;
	x->Gsq[c] -= sq3(g);
	x->Isq -= sq3(i);
	x->GIsq -= sq3(gi);
	for (a = 0; a < 3; a++) {
		x->S[a] += D[a];
		g[a] += D[a];
		i[a] += D[a];
		gi[a] += D[a];
	}
	x->Gsq[c] += sq3(g);
	x->Isq += sq3(i);
	x->GIsq += sq3(gi);
	x->inwin += sign > 0 ? 1 : -1;
}

static const struct hop_event *sort_hops;

static int
cmp_end(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	uint64_t ea = sort_hops[a].end, eb = sort_hops[b].end;

	if (ea != eb)
		return (ea > eb) - (ea < eb);
	return (a > b) - (a < b);
}

struct gikey {
	uint32_t group, slot, hop;
};

static int
cmp_gikey(const void *pa, const void *pb)
{
	const struct gikey *a = pa, *b = pb;

	if (a->group != b->group)
		return (a->group > b->group) - (a->group < b->group);
	return (a->slot > b->slot) - (a->slot < b->slot);
}

int
hop_condsplit(const struct hop_event *hops, size_t n,
    const uint32_t *group, size_t ngroups, const uint8_t *cls,
    uint32_t nions, const double *C, uint64_t T, uint64_t m,
    unsigned blocks, struct hop_condsplit *out, struct hop_err *err)
{
	struct ctx x;
	uint32_t *order = NULL, *combo = NULL, maxslot = 0;
	struct gikey *keys = NULL;
	double *bsum = NULL, *bcnt = NULL, hopsum = 0;
	size_t k, in = 0, outp = 0, ncombo = 0, n1 = n > 0 ? n : 1;
	uint64_t t0, norig;
	unsigned b, c, K = HOP_CS_NTERMS + 1; /* the terms and the total */
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&x, 0, sizeof(x));
	if (m < 1 || m >= T) {
		hop_err_set(err, "the window (%llu frames) must be 1 to the "
		    "run's %llu frames less one", (unsigned long long)m,
		    (unsigned long long)T);
		return -1;
	}
	norig = T - m;
	if (blocks < 2 || norig < blocks) {
		hop_err_set(err, "a window of %llu frames leaves %llu origins, "
		    "fewer than the %u blocks of the uncertainties",
		    (unsigned long long)m, (unsigned long long)norig, blocks);
		return -1;
	}
	if (nions == 0) {
		hop_err_set(err, "no ions");
		return -1;
	}
	for (k = 0; k < n; k++)
		if (hops[k].slot > maxslot)
			maxslot = hops[k].slot;
	order = malloc(n1 * sizeof(*order));
	combo = malloc(n1 * sizeof(*combo));
	keys = malloc(n1 * sizeof(*keys));
	x.G = calloc(3 * (ngroups > 0 ? ngroups : 1), sizeof(double));
	x.I = calloc(3 * ((size_t)maxslot + 1), sizeof(double));
	x.GI = calloc(3 * n1, sizeof(double));
	bsum = calloc((size_t)blocks * K, sizeof(double));
	bcnt = calloc(blocks, sizeof(double));
	if (order == NULL || combo == NULL || keys == NULL || x.G == NULL ||
	    x.I == NULL || x.GI == NULL || bsum == NULL || bcnt == NULL) {
		hop_err_set(err, "out of memory");
		goto done;
	}
	/* (group, ion) combinations numbered. */
	for (k = 0; k < n; k++) {
		keys[k].group = group[k];
		keys[k].slot = hops[k].slot;
		keys[k].hop = (uint32_t)k;
	}
	qsort(keys, n, sizeof(*keys), cmp_gikey);
	for (k = 0; k < n; k++) {
		if (k > 0 && cmp_gikey(&keys[k], &keys[k - 1]) != 0)
			ncombo++;
		combo[keys[k].hop] = (uint32_t)ncombo;
	}
	for (k = 0; k < n; k++)
		order[k] = (uint32_t)k;
	sort_hops = hops;
	qsort(order, n, sizeof(*order), cmp_end);
	x.h = hops;
	x.group = group;
	x.cls = cls;
	x.combo = combo;
	for (t0 = 0; t0 < norig; t0++) {
		double dR[3], tot, S2, v[HOP_CS_NTERMS + 1], within = 0;
		int a;

		/* The window (t0, t0 + m]. */
		while (in < n && hops[order[in]].end <= t0 + m)
			update(&x, order[in++], 1);
		while (outp < n && hops[order[outp]].end <= t0)
			update(&x, order[outp++], -1);
		for (a = 0; a < 3; a++)
			dR[a] = C[3 * (t0 + m) + a] - C[3 * t0 + a];
		tot = sq3(dR);
		S2 = sq3(x.S);
		v[HOP_CS_SELF] = x.self;
		for (c = 0; c < HOP_MECH_NCLASS; c++) {
			v[HOP_CS_WITHIN + c] = x.Gsq[c] - x.selfc[c];
			within += v[HOP_CS_WITHIN + c];
		}
		v[HOP_CS_SAME_ION] = x.Isq - x.GIsq;
		v[HOP_CS_DISTINCT] = S2 - x.self - within -
		    v[HOP_CS_SAME_ION];
		v[HOP_CS_REST] = tot - S2;
		v[HOP_CS_NTERMS] = tot;
		b = (unsigned)(t0 * blocks / norig);
		for (c = 0; c < K; c++)
			bsum[(size_t)b * K + c] += v[c] / nions;
		bcnt[b] += 1;
		hopsum += (double)x.inwin;
	}
	/* Means over all origins, and over each block. */
	for (c = 0; c < K; c++) {
		double all = 0, s1 = 0, s2 = 0, r1 = 0, r2 = 0;

		for (b = 0; b < blocks; b++)
			all += bsum[(size_t)b * K + c];
		all /= (double)norig;
		for (b = 0; b < blocks; b++) {
			double mb = bsum[(size_t)b * K + c] / bcnt[b],
			    tb = bsum[(size_t)b * K + HOP_CS_NTERMS] / bcnt[b],
			    sh = mb / tb;

			s1 += mb;
			s2 += mb * mb;
			r1 += sh;
			r2 += sh * sh;
		}
		s1 /= blocks;
		r1 /= blocks;
		{
			double se = sqrt(fmax(0, s2 / blocks - s1 * s1) *
			    blocks / (blocks - 1.0) / blocks);
			double sse = sqrt(fmax(0, r2 / blocks - r1 * r1) *
			    blocks / (blocks - 1.0) / blocks);

			if (c == HOP_CS_NTERMS) {
				out->total = all;
				out->total_se = se;
			} else {
				out->value[c] = all;
				out->se[c] = se;
				out->share_se[c] = sse;
			}
		}
	}
	for (c = 0; c < HOP_CS_NTERMS; c++)
		out->share[c] = out->total != 0 ? out->value[c] / out->total :
		    NAN;
	out->window = m;
	out->origins = norig;
	out->blocks = blocks;
	out->hops_per_window = hopsum / (double)norig;
	rc = 0;
done:
	free(order);
	free(combo);
	free(keys);
	free(x.G);
	free(x.I);
	free(x.GI);
	free(bsum);
	free(bcnt);
	return rc;
}
