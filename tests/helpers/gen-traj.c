/*
 * gen-traj - write an unwrapped hop stream of ions that vibrate around
 * lattice sites and now and then hop to a neighbouring site, beside
 * immobile host atoms, and the true hops as a table: the ground truth for
 * the hop finders' tests and benchmarks.
 *
 * Sites form a simple cubic lattice of spacing --sep.  An ion at a site
 * is the site plus Gaussian noise of --noise A per axis, independent from
 * frame to frame or, with --corr, correlated over that many frames as in
 * molecular dynamics (an Ornstein-Uhlenbeck process); a hop leaves the
 * old site after frame `start` and moves in a straight line, still with
 * noise, to arrive at the new site at frame end = start + --hop-frames.
 * The truth table (--truth) has one line per hop:
 *     atom  start  end  from_x from_y from_z  to_x to_y to_z
 * with the atom's original index and the sites' Cartesian positions.
 *
 * Scenarios: "scripted" has six ions (Li 0-5): 0 hops once, 1 hops and
 * hops back, 2 hops four times, 3 and 4 hop during the same frames, 5
 * never hops; "random" has --ions ions, of which a fraction --mobile hop
 * at random times (at least --residence frames apart) to random
 * neighbouring sites, or with probability --back back to the site they
 * came from.  Hosts (O) come after the ions.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rng.h"
#include "stream.h"

static const char *prog = "gen-traj";

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: gen-traj [options] > stream\n"
	    "Write an unwrapped hop stream of ions hopping between lattice "
	    "sites, with the true hops.\n"
	    "  -A, --announce=N      frames the header announces (default: "
	    "the real count)\n"
	    "  -b, --back=P          random: probability that a hop returns "
	    "to the previous\n"
	    "                        site (default: 0)\n"
	    "  -c, --corr=N          ions' vibration correlated over N frames "
	    "(default: 0,\n"
	    "                        independent)\n"
	    "  -d, --dt-fs=FS        time between frames (default: 100)\n"
	    "  -F, --fractional      label the coordinates fractional\n"
	    "  -f, --frames=N        frames (default: 2000)\n"
	    "  -h, --help            show this help and exit\n"
	    "  -H, --hop-frames=N    frames a hop takes (default: 3)\n"
	    "  -w, --host-noise=A    hosts' vibration, A per axis (default: "
	    "0.08)\n"
	    "  -m, --hosts=N         immobile host atoms (default: 4)\n"
	    "  -n, --ions=N          random: ions (default: 20)\n"
	    "  -M, --mobile=F        random: fraction of ions that hop "
	    "(default: 0.1)\n"
	    "  -v, --noise=A         ions' vibration, A per axis (default: "
	    "0.15)\n"
	    "  -R, --rate=R          random: hops per 1000 frames of a mobile "
	    "ion (default: 2)\n"
	    "  -r, --residence=N     random: least frames between hops "
	    "(default: 100)\n"
	    "  -S, --scenario=NAME   scripted or random (default: scripted)\n"
	    "  -s, --seed=N          random seed (default: 1)\n"
	    "  -a, --sep=A           site spacing in A (default: 2.7)\n"
	    "  -t, --truth=FILE      write the true hops to FILE: atom start "
	    "end from_x from_y\n"
	    "                        from_z to_x to_y to_z\n");
	exit(status);
}

static uint64_t rng;

/* Uniform in (0, 1). */
static double
uni(void)
{
	return hop_rng_uniform(&rng);
}

/* Standard normal. */
static double
gauss(void)
{
	return hop_rng_gauss(&rng);
}

static void
bad(const char *opt, const char *arg)
{
	fprintf(stderr, "%s: invalid %s '%s'\n", prog, opt, arg);
	exit(HOP_EXIT_USAGE);
}

/* One hop of one ion: leaves its site after frame start, moving by
 * step (in lattice units along one axis). */
struct event {
	uint64_t start;
	int axis, dir;
};

struct ion {
	double site[3]; /* where it is now, A */
	struct event *ev;
	size_t nev, next;
};

static void
add_event(struct ion *ion, uint64_t start, int axis, int dir)
{
	struct event *e = realloc(ion->ev, (ion->nev + 1) * sizeof(*e));

	if (e == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		exit(HOP_EXIT_DATA);
	}
	ion->ev = e;
	e[ion->nev].start = start;
	e[ion->nev].axis = axis;
	e[ion->nev].dir = dir;
	ion->nev++;
}

/* The scripted cases, at fixed fractions of the run. */
static void
script(struct ion *ions, uint64_t nf)
{
	add_event(&ions[0], nf / 2, 0, 1);
	add_event(&ions[1], nf * 3 / 10, 1, 1);
	add_event(&ions[1], nf * 65 / 100, 1, -1);
	add_event(&ions[2], nf / 5, 0, 1);
	add_event(&ions[2], nf * 2 / 5, 1, 1);
	add_event(&ions[2], nf * 3 / 5, 0, 1);
	add_event(&ions[2], nf * 4 / 5, 2, 1);
	add_event(&ions[3], nf * 45 / 100, 0, 1);
	add_event(&ions[4], nf * 45 / 100, 1, -1);
}

/* Poisson hops at rate per frame, at least res frames apart and from
 * the ends of the run. */
static void
random_hops(struct ion *ion, uint64_t nf, uint64_t hf, double rate,
    uint64_t res, double back)
{
	double t = 0;

	for (;;) {
		uint64_t s;

		t += (double)res - log(uni()) / rate;
		s = (uint64_t)t;
		if (t >= (double)nf || s + hf + res >= nf)
			break;
		/* No draw when back is 0, so that older seeds give the
		 * same runs. */
		if (back > 0 && ion->nev > 0 && uni() < back)
			add_event(ion, s, ion->ev[ion->nev - 1].axis,
			    -ion->ev[ion->nev - 1].dir);
		else
			add_event(ion, s, (int)(3 * uni()),
			    uni() < 0.5 ? -1 : 1);
		t = (double)(s + hf);
	}
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"announce", required_argument, NULL, 'A'},
		{"back", required_argument, NULL, 'b'},
		{"corr", required_argument, NULL, 'c'},
		{"dt-fs", required_argument, NULL, 'd'},
		{"frames", required_argument, NULL, 'f'},
		{"fractional", no_argument, NULL, 'F'},
		{"hop-frames", required_argument, NULL, 'H'},
		{"help", no_argument, NULL, 'h'},
		{"hosts", required_argument, NULL, 'm'},
		{"mobile", required_argument, NULL, 'M'},
		{"ions", required_argument, NULL, 'n'},
		{"rate", required_argument, NULL, 'R'},
		{"residence", required_argument, NULL, 'r'},
		{"scenario", required_argument, NULL, 'S'},
		{"seed", required_argument, NULL, 's'},
		{"sep", required_argument, NULL, 'a'},
		{"truth", required_argument, NULL, 't'},
		{"noise", required_argument, NULL, 'v'},
		{"host-noise", required_argument, NULL, 'w'},
		{NULL, 0, NULL, 0}
	};
	double dt = 100, mobile = 0.1, rate = 2, sep = 2.7, noise = 0.15;
	double hnoise = 0.08, back = 0, corr = 0, phi = 0, *u;
	uint64_t nf = 2000, hf = 3, nm = 4, ni = 20, res = 100, seed = 1;
	uint64_t announce = UINT64_MAX, f, i;
	const char *truth = NULL;
	int c, fractional = 0, scripted = 1;
	struct hop_header h;
	struct hop_writer *w;
	struct hop_err err;
	struct ion *ions;
	double *pos, *host;
	FILE *tf = NULL;
	size_t na;

	while ((c = getopt_long(argc, argv, "A:a:b:c:d:f:FH:hm:M:n:R:r:S:s:t:v:w:",
	    longopts, NULL)) != -1) {
		switch (c) {
		case 'A':
			if (hop_cli_u64(optarg, 0, UINT64_MAX - 1, &announce))
				bad("announce", optarg);
			break;
		case 'a':
			if (hop_cli_double(optarg, 0.01, 100, &sep) != 0)
				bad("sep", optarg);
			break;
		case 'b':
			if (hop_cli_double(optarg, 0, 1, &back) != 0)
				bad("back", optarg);
			break;
		case 'c':
			if (hop_cli_double(optarg, 0, 1e6, &corr) != 0)
				bad("corr", optarg);
			break;
		case 'd':
			if (hop_cli_double(optarg, 0, 1e9, &dt) != 0)
				bad("dt-fs", optarg);
			break;
		case 'f':
			if (hop_cli_u64(optarg, 0, 100000000, &nf) != 0)
				bad("frames", optarg);
			break;
		case 'F':
			fractional = 1;
			break;
		case 'H':
			if (hop_cli_u64(optarg, 1, 1000, &hf) != 0)
				bad("hop-frames", optarg);
			break;
		case 'h':
			usage(stdout, HOP_EXIT_OK);
			break;
		case 'm':
			if (hop_cli_u64(optarg, 0, 10000000, &nm) != 0)
				bad("hosts", optarg);
			break;
		case 'M':
			if (hop_cli_double(optarg, 0, 1, &mobile) != 0)
				bad("mobile", optarg);
			break;
		case 'n':
			if (hop_cli_u64(optarg, 1, 10000000, &ni) != 0)
				bad("ions", optarg);
			break;
		case 'R':
			if (hop_cli_double(optarg, 1e-6, 1000, &rate) != 0)
				bad("rate", optarg);
			break;
		case 'r':
			if (hop_cli_u64(optarg, 1, 100000000, &res) != 0)
				bad("residence", optarg);
			break;
		case 'S':
			if (strcmp(optarg, "scripted") == 0)
				scripted = 1;
			else if (strcmp(optarg, "random") == 0)
				scripted = 0;
			else
				bad("scenario", optarg);
			break;
		case 's':
			if (hop_cli_u64(optarg, 0, UINT64_MAX, &seed) != 0)
				bad("seed", optarg);
			break;
		case 't':
			truth = optarg;
			break;
		case 'v':
			if (hop_cli_double(optarg, 0, 100, &noise) != 0)
				bad("noise", optarg);
			break;
		case 'w':
			if (hop_cli_double(optarg, 0, 100, &hnoise) != 0)
				bad("host-noise", optarg);
			break;
		default:
			usage(stderr, HOP_EXIT_USAGE);
		}
	}
	if (optind != argc)
		usage(stderr, HOP_EXIT_USAGE);
	if (scripted) {
		ni = 6;
		if (nf < 100 || hf >= nf / 20) {
			fprintf(stderr, "%s: the scripted scenario needs at "
			    "least 100 frames and --hop-frames below frames "
			    "/ 20\n", prog);
			return HOP_EXIT_USAGE;
		}
	}
	rng = seed * 0x2545f4914f6cdd1du + 12345;
	na = (size_t)(ni + nm);
	ions = calloc(ni, sizeof(*ions));
	pos = malloc(na * 3 * sizeof(double));
	u = malloc(ni * 3 * sizeof(double));
	host = malloc((nm ? nm : 1) * 3 * sizeof(double));
	if (ions == NULL || pos == NULL || host == NULL || u == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return HOP_EXIT_DATA;
	}
	/* Ions on every third site of a cube, hosts in between, so that no
	 * two atoms share a site. */
	for (i = 0; i < ni; i++) {
		ions[i].site[0] = sep * (double)(3 * (i % 32));
		ions[i].site[1] = sep * (double)(3 * (i / 32 % 32));
		ions[i].site[2] = sep * (double)(3 * (i / 1024));
	}
	for (i = 0; i < nm; i++) {
		host[3 * i] = sep * (double)(3 * (i % 32) + 1);
		host[3 * i + 1] = sep * (double)(3 * (i / 32 % 32) + 1);
		host[3 * i + 2] = sep * (double)(3 * (i / 1024) + 1);
	}
	if (scripted)
		script(ions, nf);
	else
		for (i = 0; i < ni; i++)
			if (uni() < mobile)
				random_hops(&ions[i], nf, hf, rate / 1000, res,
				    back);
	/* Correlated vibration: u(t) = phi u(t - 1) + sqrt(1 - phi^2)
	 * noise g(t), stationary from the first frame. */
	if (corr > 0)
		phi = exp(-1 / corr);
	for (i = 0; i < ni * 3 && corr > 0; i++)
		u[i] = noise * gauss();

	hop_header_init(&h);
	h.natoms = (uint32_t)na;
	h.nspecies = nm > 0 ? 2 : 1;
	h.species = calloc(2, sizeof(*h.species));
	h.orig_index = malloc(na * sizeof(uint32_t));
	if (h.species == NULL || h.orig_index == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return HOP_EXIT_DATA;
	}
	strcpy(h.species[0].name, "Li");
	h.species[0].count = (uint32_t)ni;
	if (nm > 0) {
		strcpy(h.species[1].name, "O");
		h.species[1].count = (uint32_t)nm;
	}
	for (i = 0; i < na; i++)
		h.orig_index[i] = (uint32_t)i;
	h.coords = fractional ? HOP_COORDS_FRACTIONAL :
	    HOP_COORDS_CARTESIAN_UNWRAPPED;
	h.dt_fs = dt > 0 ? dt : NAN;
	h.cell[0] = h.cell[4] = h.cell[8] = sep * 96;
	h.nframes = announce != UINT64_MAX ? announce : nf;
	h.title = strdup("gen-traj ions hopping between lattice sites");
	if (hop_header_add_prov(&h, prog, HOP_VERSION, argc, argv, &err) != 0 ||
	    (w = hop_writer_open(stdout, "<stdout>", &h, &err)) == NULL) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		return HOP_EXIT_DATA;
	}
	if (truth != NULL) {
		if ((tf = fopen(truth, "w")) == NULL) {
			fprintf(stderr, "%s: %s: %s\n", prog, truth,
			    strerror(errno));
			return HOP_EXIT_DATA;
		}
		fprintf(tf, "atom\tstart\tend\tfrom_x\tfrom_y\tfrom_z\tto_x\t"
		    "to_y\tto_z\n");
	}
	for (f = 0; f < nf; f++) {
		for (i = 0; i < ni; i++) {
			struct ion *ion = &ions[i];
			double *p = pos + 3 * i, frac = 0;
			int d, axis = 0, dir = 0;

			/* Arrived: the hop's target becomes the site. */
			if (ion->next < ion->nev &&
			    f >= ion->ev[ion->next].start + hf) {
				const struct event *e = &ion->ev[ion->next];
				double to[3];

				memcpy(to, ion->site, sizeof(to));
				to[e->axis] += e->dir * sep;
				if (tf != NULL)
					fprintf(tf, "%llu\t%llu\t%llu\t%g\t%g\t"
					    "%g\t%g\t%g\t%g\n",
					    (unsigned long long)i,
					    (unsigned long long)e->start,
					    (unsigned long long)(e->start + hf),
					    ion->site[0], ion->site[1],
					    ion->site[2], to[0], to[1], to[2]);
				memcpy(ion->site, to, sizeof(to));
				ion->next++;
			}
			if (ion->next < ion->nev &&
			    f > ion->ev[ion->next].start) {
				frac = (double)(f - ion->ev[ion->next].start) /
				    (double)hf;
				axis = ion->ev[ion->next].axis;
				dir = ion->ev[ion->next].dir;
			}
			for (d = 0; d < 3; d++) {
				double *ud = &u[3 * i + (size_t)d];

				*ud = corr > 0 ? phi * *ud + sqrt(1 - phi * phi) *
				    noise * gauss() : noise * gauss();
				p[d] = ion->site[d] + *ud;
			}
			p[axis] += frac * dir * sep;
		}
		for (i = 0; i < nm * 3; i++)
			pos[3 * ni + i] = host[i] + hnoise * gauss();
		if (hop_write_frame(w, f, h.cell, pos, &err) != 0) {
			fprintf(stderr, "%s: %s\n", prog, err.msg);
			return HOP_EXIT_DATA;
		}
	}
	if (hop_writer_finish(w, &err) != 0) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		return HOP_EXIT_DATA;
	}
	hop_writer_free(w);
	hop_header_free(&h);
	for (i = 0; i < ni; i++)
		free(ions[i].ev);
	free(ions);
	free(pos);
	free(u);
	free(host);
	if ((tf != NULL && fclose(tf) != 0) || hop_cli_close_stdout() != 0) {
		fprintf(stderr, "%s: write error: %s\n", prog, strerror(errno));
		return HOP_EXIT_DATA;
	}
	return HOP_EXIT_OK;
}
