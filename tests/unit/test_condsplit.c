/*
 * test_condsplit.c - the split of the collective MSD against a direct
 * computation: for every origin, every pair of hops in the window put in
 * its term by the definitions of condsplit.h; and the terms add up to the
 * total.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "condsplit.h"
#include "t.h"

static uint64_t lcg = 99;

static double
rnd(void)
{
	lcg = lcg * 6364136223846793005u + 1442695040888963407u;
	return (double)(lcg >> 11) * 0x1p-53;
}

int
main(void)
{
	enum { N = 60, T = 400, NH = 150, NG = 50 };
	static struct hop_event h[NH];
	static uint32_t group[NH];
	static uint8_t cls[NG];
	static double C[3 * T];
	struct hop_condsplit cs;
	struct hop_err err;
	double want[HOP_CS_NTERMS] = {0}, total = 0, sum = 0;
	uint64_t m = 37, t0;
	size_t i, j;
	unsigned k;
	int a, ok = 1;

	for (i = 0; i < NH; i++) {
		memset(&h[i], 0, sizeof(h[i]));
		h[i].slot = (uint32_t)(rnd() * 20);
		h[i].start = (uint64_t)(rnd() * (T - 10));
		h[i].end = h[i].start + (uint64_t)(rnd() * 9);
		for (a = 0; a < 3; a++) {
			h[i].from_centre[a] = 10 * rnd();
			h[i].to_centre[a] = h[i].from_centre[a] + 3 * rnd() -
			    1.5;
		}
		group[i] = (uint32_t)(rnd() * NG);
	}
	for (i = 0; i < NG; i++)
		cls[i] = (uint8_t)(rnd() * HOP_MECH_NCLASS);
	for (i = 0; i < 3 * T; i++)
		C[i] = 5 * rnd();
	T_OK("split: ok", hop_condsplit(h, NH, group, NG, cls, N, C, T, m, 4,
	    &cs, &err) == 0);
	for (t0 = 0; t0 + m < T; t0++) {
		double S[3] = {0}, dR[3], s2 = 0, r2 = 0;

		for (i = 0; i < NH; i++) {
			if (!(h[i].end > t0 && h[i].end <= t0 + m))
				continue;
			for (j = 0; j < NH; j++) {
				double dot = 0;

				if (!(h[j].end > t0 && h[j].end <= t0 + m))
					continue;
				for (a = 0; a < 3; a++)
					dot += (h[i].to_centre[a] -
					    h[i].from_centre[a]) *
					    (h[j].to_centre[a] -
					    h[j].from_centre[a]);
				if (i == j)
					want[HOP_CS_SELF] += dot / N;
				else if (group[i] == group[j])
					want[HOP_CS_WITHIN + cls[group[i]]] +=
					    dot / N;
				else if (h[i].slot == h[j].slot)
					want[HOP_CS_SAME_ION] += dot / N;
				else
					want[HOP_CS_DISTINCT] += dot / N;
			}
			for (a = 0; a < 3; a++)
				S[a] += h[i].to_centre[a] - h[i].from_centre[a];
		}
		for (a = 0; a < 3; a++) {
			dR[a] = C[3 * (t0 + m) + a] - C[3 * t0 + a];
			s2 += S[a] * S[a];
			r2 += dR[a] * dR[a];
		}
		want[HOP_CS_REST] += (r2 - s2) / N;
		total += r2 / N;
	}
	for (k = 0; k < HOP_CS_NTERMS; k++) {
		want[k] /= (double)(T - m);
		if (fabs(cs.value[k] - want[k]) > 1e-9 * (1 + fabs(want[k]))) {
			printf("fail\tsplit: term %s: got %.17g, want %.17g\n",
			    hop_cs_term_name(k), cs.value[k], want[k]);
			ok = 0;
		}
		sum += cs.value[k];
	}
	T_OK("split: every term equals the direct sum over pairs", ok);
	T_NEAR("split: the total", cs.total, total / (double)(T - m),
	    1e-9 * total);
	T_NEAR("split: the terms add up to the total", sum, cs.total,
	    1e-9 * fabs(cs.total));
	T_EQ_U("split: origins", cs.origins, T - m);
	T_OK("split: window too long refused", hop_condsplit(h, NH, group,
	    NG, cls, N, C, T, T, 4, &cs, &err) == -1);
	return t_done();
}
