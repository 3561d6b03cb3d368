/*
 * gen-mech - a lattice run with planted hop mechanisms, for testing
 * hopmech: ions on a simple cubic lattice of sites (spacing a, L sites
 * per edge, periodic) make isolated hops, concerted pairs, knock-off
 * chains of 2 to 5 ions, exchanges and back-and-forth hops, each event
 * at a random time and place, or (--uncorrelated) every ion walks
 * independently of the others.
 *
 * Writes the hop stream (hops with their sites and positions, then one
 * per-atom record per ion) to standard output; --truth=FILE the planted
 * groups, one hop a line "group class atom start"; --frames=FILE the
 * frame stream of the same run (unwrapped Cartesian positions: the site,
 * moved linearly during a hop, plus Gaussian vibration of --sigma A per
 * axis, the same noise as the hop records' start and end positions).
 *
 * In planted mode every event uses ions not hopping at the time and
 * target sites that have been empty for at least --quiet-frames frames,
 * so that events meet only by chance in space and time.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rng.h"
#include "stream.h"

static const char *prog = "gen-mech";

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: gen-mech [options] > hops\n"
	    "  -a, --spacing=A       site spacing (default: 3)\n"
	    "  -b, --back=N          back-and-forth events (default: 20)\n"
	    "  -c, --concerted=N     concerted pairs (default: 20)\n"
	    "  -d, --duration=N      frames a hop lasts (default: 8)\n"
	    "  -e, --exchange=N      exchanges (default: 20)\n"
	    "  -f, --frames=N        frames of the run (default: 4000)\n"
	    "  -F, --frame-stream=FILE  write the frame stream into FILE\n"
	    "  -i, --ions=N          ions (default: 200)\n"
	    "  -I, --isolated=N      isolated hops (default: 40)\n"
	    "  -k, --knockoff=N      knock-off chains of 2 ions (default: 20)\n"
	    "  -L, --edge=N          sites per cell edge (default: 8)\n"
	    "  -r, --seed=N          random seed (default: 1)\n"
	    "  -R, --rate=X          --uncorrelated: hops per ion and frame "
	    "(default: 0.002)\n"
	    "  -s, --strings=N       chains of 3, 4 and 5 ions, N of each "
	    "(default: 10)\n"
	    "  -S, --sigma=A         vibration per axis (default: 0.1)\n"
	    "  -t, --truth=FILE      write the planted groups into FILE\n"
	    "  -u, --uncorrelated    independent walkers instead of events\n");
	exit(status);
}

static _Noreturn void
die(const char *msg)
{
	fflush(stdout);
	fprintf(stderr, "%s: %s\n", prog, msg);
	exit(HOP_EXIT_DATA);
}

struct hop {
	uint32_t ion;
	uint64_t start, end;
	int from[3], to[3]; /* unwrapped lattice coordinates */
	int group;          /* planted group, -1 for none */
	const char *cls;
};

static struct hop *hops;
static size_t nhops, caphops;
static int L = 8;
static double a = 3, sigma = 0.1;
static uint64_t T = 4000, seed = 1;
static uint32_t nions = 200;
static int *pos;          /* per ion: unwrapped lattice coordinates */
static int *occ;          /* per site: ion + 1, 0 when empty */
static uint64_t *free_at; /* per site: first frame it may be entered */
static uint64_t *busy;    /* per ion: first frame it may hop again */
static uint64_t quiet = 30, dur = 8;

static int
wrap(int x)
{
	return ((x % L) + L) % L;
}

static int
site(const int c[3])
{
	return (wrap(c[0]) * L + wrap(c[1])) * L + wrap(c[2]);
}

static void
add_hop(uint32_t ion, uint64_t s, uint64_t e, const int from[3],
    const int to[3], int group, const char *cls)
{
	struct hop *h;

	if (nhops == caphops) {
		caphops = caphops ? 2 * caphops : 256;
		if ((hops = realloc(hops, caphops * sizeof(*hops))) == NULL)
			die("out of memory");
	}
	h = &hops[nhops++];
	h->ion = ion;
	h->start = s;
	h->end = e;
	memcpy(h->from, from, sizeof(h->from));
	memcpy(h->to, to, sizeof(h->to));
	h->group = group;
	h->cls = cls;
}

static const int dirs[6][3] = {
	{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}
};

/* Move ion i by d (lattice steps) from frame s to e: bookkeeping of sites. */
static void
move(uint32_t i, const int d[3], uint64_t s, uint64_t e, int group,
    const char *cls)
{
	int from[3], to[3], k;

	for (k = 0; k < 3; k++) {
		from[k] = pos[3 * i + k];
		to[k] = from[k] + d[k];
	}
	add_hop(i, s, e, from, to, group, cls);
	if (occ[site(from)] == (int)i + 1) {
		occ[site(from)] = 0;
		free_at[site(from)] = e + 1 + quiet;
	}
	occ[site(to)] = (int)i + 1;
	memcpy(&pos[3 * i], to, sizeof(to));
	busy[i] = e + 1 + quiet;
}

/* The ion at c, usable at frame t, or -1. */
static int
ion_at(const int c[3], uint64_t t)
{
	int o = occ[site(c)];

	return o > 0 && busy[o - 1] <= t ? o - 1 : -1;
}

/* Site c is empty and may be entered at frame t. */
static int
empty(const int c[3], uint64_t t)
{
	return occ[site(c)] == 0 && free_at[site(c)] <= t;
}

static void
offset(int *out, const int *c, const int *d, int m)
{
	int k;

	for (k = 0; k < 3; k++)
		out[k] = c[k] + m * d[k];
}

/* Try to plant one event of kind (0 isolated, 1 concerted, 2 knock-off
 * chain of n ions, 3 exchange, 4 back-and-forth) at frame t. */
static int
plant(uint64_t *st, int kind, int n, uint64_t t, int group)
{
	uint32_t i = (uint32_t)hop_rng_below(st, nions);
	const int *d = dirs[hop_rng_below(st, 6)];
	int c[3], x[3], y[3], k;

	if (busy[i] > t)
		return 0;
	memcpy(c, &pos[3 * i], sizeof(c));
	switch (kind) {
	case 0:
		offset(x, c, d, 1);
		if (!empty(x, t))
			return 0;
		move(i, d, t, t + dur, group, "isolated");
		return 1;
	case 1: {
		const int *p = dirs[hop_rng_below(st, 6)];
		int j;

		if (p[0] * d[0] + p[1] * d[1] + p[2] * d[2] != 0)
			return 0;
		offset(x, c, d, 1);
		offset(y, c, p, 1);
		if ((j = ion_at(y, t)) < 0 || !empty(x, t))
			return 0;
		offset(y, y, d, 1);
		if (!empty(y, t))
			return 0;
		move(i, d, t, t + dur, group, "concerted");
		move((uint32_t)j, d, t, t + dur, group, "concerted");
		return 1;
	}
	case 2: {
		int ions[5];
		const char *cls = n == 2 ? "knock-off" : "string";

		ions[0] = (int)i;
		for (k = 1; k < n; k++) {
			offset(x, c, d, k);
			if ((ions[k] = ion_at(x, t)) < 0)
				return 0;
		}
		offset(x, c, d, n);
		if (!empty(x, t))
			return 0;
		/* Moved from the front, so that each target is free in the
		 * bookkeeping; ion k starts 3k frames after the first. */
		for (k = n - 1; k >= 0; k--)
			move((uint32_t)ions[k], d, t + 3 * (uint64_t)k,
			    t + 3 * (uint64_t)k + dur, group, cls);
		return 1;
	}
	case 3: {
		int j, nd[3];

		offset(x, c, d, 1);
		if ((j = ion_at(x, t)) < 0)
			return 0;
		for (k = 0; k < 3; k++)
			nd[k] = -d[k];
		/* Swap without the bookkeeping's one-ion-per-site. */
		occ[site(c)] = 0;
		occ[site(x)] = 0;
		move(i, d, t, t + dur, group, "exchange");
		move((uint32_t)j, nd, t, t + dur, group, "exchange");
		occ[site(c)] = j + 1;
		occ[site(x)] = (int)i + 1;
		return 1;
	}
	default: {
		int nd[3];

		offset(x, c, d, 1);
		if (!empty(x, t))
			return 0;
		for (k = 0; k < 3; k++)
			nd[k] = -d[k];
		move(i, d, t, t + dur, group, "back-and-forth");
		busy[i] = 0;
		free_at[site(c)] = 0;
		move(i, nd, t + dur + 2, t + 2 * dur + 2, group,
		    "back-and-forth");
		return 1;
	}
	}
}

struct ev {
	uint64_t t;
	int kind, n;
};

static int
cmp_ev(const void *pa, const void *pb)
{
	const struct ev *x = pa, *y = pb;

	return (x->t > y->t) - (x->t < y->t);
}

static int
cmp_hop(const void *pa, const void *pb)
{
	const struct hop *x = pa, *y = pb;

	if (x->ion != y->ion)
		return (x->ion > y->ion) - (x->ion < y->ion);
	return (x->start > y->start) - (x->start < y->start);
}

/* Vibration of ion i at frame t, the same wherever it is asked for. */
static void
noise(uint32_t i, uint64_t t, double v[3])
{
	uint64_t st = hop_rng_seed(seed ^ 0x5eedf00dULL, (uint64_t)i * T + t);
	int k;

	for (k = 0; k < 3; k++)
		v[k] = sigma * hop_rng_gauss(&st);
}

/* Position of ion i at frame t given its hop h (or before any, from its
 * start site): linear between sites during a hop. */
static void
position(const int from[3], const int to[3], uint64_t s, uint64_t e,
    uint64_t t, uint32_t i, double r[3])
{
	double f = t <= s ? 0 : t >= e ? 1 : (double)(t - s) / (double)(e - s);
	double v[3];
	int k;

	noise(i, t, v);
	for (k = 0; k < 3; k++)
		r[k] = a * (from[k] + f * (to[k] - from[k])) + v[k];
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"back", required_argument, NULL, 'b'},
		{"concerted", required_argument, NULL, 'c'},
		{"duration", required_argument, NULL, 'd'},
		{"edge", required_argument, NULL, 'L'},
		{"exchange", required_argument, NULL, 'e'},
		{"frame-stream", required_argument, NULL, 'F'},
		{"frames", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{"ions", required_argument, NULL, 'i'},
		{"isolated", required_argument, NULL, 'I'},
		{"knockoff", required_argument, NULL, 'k'},
		{"rate", required_argument, NULL, 'R'},
		{"seed", required_argument, NULL, 'r'},
		{"sigma", required_argument, NULL, 'S'},
		{"spacing", required_argument, NULL, 'a'},
		{"strings", required_argument, NULL, 's'},
		{"truth", required_argument, NULL, 't'},
		{"uncorrelated", no_argument, NULL, 'u'},
		{NULL, 0, NULL, 0}
	};
	uint64_t nb = 20, nc = 20, ne = 20, ni = 40, nk = 20, ns = 10, v;
	double rate = 0.002;
	const char *truth = NULL, *fpath = NULL;
	int c, uncorrelated = 0, k;
	struct hop_header h;
	struct hop_writer *w;
	struct hop_err err;
	uint64_t st, nsites, t;
	uint32_t *per, i;
	size_t q;

	while ((c = getopt_long(argc, argv, "a:b:c:d:e:f:F:hi:I:k:L:r:R:s:"
	    "S:t:u", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (hop_cli_double(optarg, 0.1, 100, &a) != 0)
				usage(stderr, 2);
			break;
		case 'b': case 'c': case 'e': case 'I': case 'k': case 's':
			if (hop_cli_u64(optarg, 0, 1000000, &v) != 0)
				usage(stderr, 2);
			*(c == 'b' ? &nb : c == 'c' ? &nc : c == 'e' ? &ne :
			    c == 'I' ? &ni : c == 'k' ? &nk : &ns) = v;
			break;
		case 'd':
			if (hop_cli_u64(optarg, 1, 1000, &dur) != 0)
				usage(stderr, 2);
			break;
		case 'f':
			if (hop_cli_u64(optarg, 100, 100000000, &T) != 0)
				usage(stderr, 2);
			break;
		case 'F':
			fpath = optarg;
			break;
		case 'h':
			usage(stdout, 0);
			break;
		case 'i':
			if (hop_cli_u64(optarg, 2, 1000000, &v) != 0)
				usage(stderr, 2);
			nions = (uint32_t)v;
			break;
		case 'L':
			if (hop_cli_u64(optarg, 3, 200, &v) != 0)
				usage(stderr, 2);
			L = (int)v;
			break;
		case 'r':
			if (hop_cli_u64(optarg, 0, UINT64_MAX, &seed) != 0)
				usage(stderr, 2);
			break;
		case 'R':
			if (hop_cli_double(optarg, 0, 1, &rate) != 0)
				usage(stderr, 2);
			break;
		case 'S':
			if (hop_cli_double(optarg, 0, 10, &sigma) != 0)
				usage(stderr, 2);
			break;
		case 't':
			truth = optarg;
			break;
		case 'u':
			uncorrelated = 1;
			break;
		default:
			usage(stderr, 2);
		}
	}
	nsites = (uint64_t)L * L * L;
	if (nions > nsites)
		die("more ions than sites");
	pos = calloc(3 * (size_t)nions, sizeof(int));
	occ = calloc(nsites, sizeof(int));
	free_at = calloc(nsites, sizeof(uint64_t));
	busy = calloc(nions, sizeof(uint64_t));
	per = calloc(nions, sizeof(uint32_t));
	if (pos == NULL || occ == NULL || free_at == NULL || busy == NULL ||
	    per == NULL)
		die("out of memory");
	st = hop_rng_seed(seed, 1);
	/* Ions on random distinct sites. */
	for (i = 0; i < nions; i++) {
		int s;

		do {
			s = (int)hop_rng_below(&st, nsites);
		} while (occ[s] != 0);
		occ[s] = (int)i + 1;
		pos[3 * i] = s / (L * L);
		pos[3 * i + 1] = (s / L) % L;
		pos[3 * i + 2] = s % L;
	}
	if (uncorrelated) {
		/* Each ion its own Poisson process of hops in random
		 * directions, sites shared freely: nothing couples ions. */
		for (i = 0; i < nions; i++) {
			double tt = -log(hop_rng_uniform(&st)) / rate;

			while (tt + (double)dur < (double)T) {
				const int *d = dirs[hop_rng_below(&st, 6)];
				uint64_t d1 = dur / 2 + hop_rng_below(&st, dur + 1);
				uint64_t s0 = (uint64_t)tt;

				if (s0 + d1 >= T)
					break;
				move(i, d, s0, s0 + d1, -1, "");
				tt = (double)(s0 + d1 + 1) -
				    log(hop_rng_uniform(&st)) / rate;
			}
		}
	} else {
		size_t nev = (size_t)(ni + nc + nk + 3 * ns + ne + nb), e = 0;
		struct ev *ev = calloc(nev ? nev : 1, sizeof(*ev));
		int group = 0;

		if (ev == NULL)
			die("out of memory");
		for (v = 0; v < ni; v++, e++)
			ev[e].kind = 0;
		for (v = 0; v < nc; v++, e++)
			ev[e].kind = 1;
		for (v = 0; v < nk; v++, e++) {
			ev[e].kind = 2;
			ev[e].n = 2;
		}
		for (v = 0; v < 3 * ns; v++, e++) {
			ev[e].kind = 2;
			ev[e].n = 3 + (int)(v % 3);
		}
		for (v = 0; v < ne; v++, e++)
			ev[e].kind = 3;
		for (v = 0; v < nb; v++, e++)
			ev[e].kind = 4;
		for (e = 0; e < nev; e++)
			ev[e].t = 10 + hop_rng_below(&st, T - 40 - 4 * dur);
		qsort(ev, nev, sizeof(*ev), cmp_ev);
		for (e = 0; e < nev; e++) {
			int tries;

			for (tries = 0; tries < 100000; tries++)
				if (plant(&st, ev[e].kind, ev[e].n, ev[e].t,
				    group))
					break;
			if (tries == 100000)
				die("could not place an event: fewer events or "
				    "more sites");
			group++;
		}
		free(ev);
	}
	qsort(hops, nhops, sizeof(*hops), cmp_hop);
	if (truth != NULL) {
		FILE *fp = fopen(truth, "w");

		if (fp == NULL)
			die("cannot write the truth file");
		fprintf(fp, "group\tclass\tatom\tstart\n");
		for (q = 0; q < nhops; q++)
			if (hops[q].group >= 0)
				fprintf(fp, "%d\t%s\t%u\t%llu\n", hops[q].group,
				    hops[q].cls, hops[q].ion,
				    (unsigned long long)hops[q].start);
		if (fclose(fp) != 0)
			die("cannot write the truth file");
	}
	hop_header_init(&h);
	h.natoms = nions;
	h.nspecies = 1;
	if ((h.species = calloc(1, sizeof(*h.species))) == NULL ||
	    (h.orig_index = malloc(nions * sizeof(uint32_t))) == NULL)
		die("out of memory");
	strcpy(h.species[0].name, "Li");
	h.species[0].count = nions;
	for (i = 0; i < nions; i++)
		h.orig_index[i] = i;
	h.coords = HOP_COORDS_CARTESIAN_UNWRAPPED;
	h.dt_fs = 10;
	h.temperature_K = 600;
	h.cell[0] = h.cell[4] = h.cell[8] = a * L;
	h.nframes = T;
	if ((h.title = strdup("gen-mech lattice run")) == NULL ||
	    hop_header_add_prov(&h, prog, HOP_VERSION, argc, argv, &err) != 0)
		die("out of memory");
	if ((w = hop_writer_open(stdout, "<stdout>", &h, &err)) == NULL)
		die(err.msg);
	for (q = 0; q < nhops; q++) {
		const struct hop *x = &hops[q];
		struct hop_event e;

		memset(&e, 0, sizeof(e));
		e.atom = e.slot = x->ion;
		e.start = x->start;
		e.end = x->end;
		e.from_cluster = per[x->ion];
		e.to_cluster = per[x->ion] + 1;
		/* A back-hop returns to the site the previous hop left. */
		if (q > 0 && hops[q - 1].ion == x->ion &&
		    memcmp(hops[q - 1].from, x->to, sizeof(x->to)) == 0)
			e.flags = HOP_EVENT_BACK;
		per[x->ion]++;
		for (k = 0; k < 3; k++) {
			e.from_centre[k] = a * x->from[k];
			e.to_centre[k] = a * x->to[k];
		}
		position(x->from, x->to, x->start, x->end, x->start, x->ion,
		    e.start_pos);
		position(x->from, x->to, x->start, x->end, x->end, x->ion,
		    e.end_pos);
		if (hop_write_hop(w, &e, &err) != 0)
			die(err.msg);
	}
	for (i = 0; i < nions; i++) {
		struct hop_atom at;

		memset(&at, 0, sizeof(at));
		at.atom = at.slot = i;
		at.nhops = per[i];
		at.nclusters = per[i] > 0 ? 2 : 1;
		at.silhouette = NAN;
		at.vib_rms_A = sigma * sqrt(3.0);
		at.site_sep_A = a;
		if (hop_write_atom(w, &at, &err) != 0)
			die(err.msg);
	}
	if (hop_writer_finish(w, &err) != 0)
		die(err.msg);
	hop_writer_free(w);
	if (fpath != NULL) {
		FILE *fp = fopen(fpath, "wb");
		double *r = malloc(3 * (size_t)nions * sizeof(double));
		size_t *next = calloc(nions, sizeof(size_t)), *firsth;
		int *start = malloc(3 * (size_t)nions * sizeof(int));

		firsth = calloc(nions + 1, sizeof(size_t));
		if (fp == NULL || r == NULL || next == NULL || start == NULL ||
		    firsth == NULL)
			die("cannot write the frame stream");
		/* Each ion's hops are contiguous (sorted): its first hop. */
		for (i = 0; i <= nions; i++)
			firsth[i] = nhops;
		for (q = nhops; q > 0; q--)
			firsth[hops[q - 1].ion] = q - 1;
		for (i = 0; i < nions; i++) {
			next[i] = firsth[i];
			if (next[i] < nhops && hops[next[i]].ion == i)
				memcpy(&start[3 * i], hops[next[i]].from,
				    3 * sizeof(int));
			else
				memcpy(&start[3 * i], &pos[3 * i],
				    3 * sizeof(int));
		}
		if ((w = hop_writer_open(fp, fpath, &h, &err)) == NULL)
			die(err.msg);
		for (t = 0; t < T; t++) {
			for (i = 0; i < nions; i++) {
				size_t x = next[i];

				/* Past hops: the site the last one reached. */
				while (x < nhops && hops[x].ion == i &&
				    hops[x].end < t)
					x++;
				next[i] = x;
				if (x < nhops && hops[x].ion == i &&
				    hops[x].start <= t)
					position(hops[x].from, hops[x].to,
					    hops[x].start, hops[x].end, t, i,
					    &r[3 * i]);
				else if (x > firsth[i] && x - 1 < nhops &&
				    hops[x - 1].ion == i)
					position(hops[x - 1].to, hops[x - 1].to,
					    0, 1, t, i, &r[3 * i]);
				else
					position(&start[3 * i], &start[3 * i],
					    0, 1, t, i, &r[3 * i]);
			}
			if (hop_write_frame(w, t, NULL, r, &err) != 0)
				die(err.msg);
		}
		if (hop_writer_finish(w, &err) != 0 || fclose(fp) != 0)
			die("cannot write the frame stream");
		hop_writer_free(w);
		free(r);
		free(next);
		free(start);
		free(firsth);
	}
	hop_header_free(&h);
	free(hops);
	free(pos);
	free(occ);
	free(free_at);
	free(busy);
	free(per);
	return 0;
}
