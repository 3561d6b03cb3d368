/*
 * gen-walk - write an unwrapped hop stream of independent random walkers
 * with a known diffusion coefficient, beside a static framework: the
 * ground truth for msd's tests and benchmark.
 *
 * Every ion takes, each frame, a Gaussian step of variance 2 D dt per
 * axis, so its MSD is 6 D t exactly in expectation.  The framework
 * ("La", listed first) does not move.  --drift moves everything, ions and
 * framework alike, at a constant velocity along x; --pairs makes ions 2k
 * and 2k+1 take the same steps, which doubles the collective diffusion
 * coefficient (Haven ratio 1/2).
 *
 * --vibration adds localisation noise: each written position of each ion
 * is its walker's true position plus an independent Gaussian displacement
 * (not accumulated), so the increments between frames form an MA(1)
 * process, the case an MSD estimator must handle for thermal vibration.
 * The displacements come from a second generator so that the steps, and
 * everything written without --vibration, stay as they were.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rng.h"
#include "stream.h"

static const char *prog = "gen-walk";

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: gen-walk [options] > stream\n"
	    "Write an unwrapped hop stream of random walkers with a known D.\n"
	    "  -c, --cell=A           cubic cell edge in A (default: 10)\n"
	    "  -D, --diffusion=A2PS   D of every ion in A^2/ps (default: 0.1)\n"
	    "  -d, --dt-fs=FS         time between frames, 0 for unknown "
	    "(default: 10)\n"
	    "  -f, --frames=N         frames (default: 1000)\n"
	    "  -H, --first-half-d=A2PS  D over the first half of the frames "
	    "(default: -D)\n"
	    "  -F, --fractional       label the coordinates fractional\n"
	    "  -h, --help             show this help and exit\n"
	    "  -m, --framework=N      static framework atoms (default: 8)\n"
	    "  -n, --ions=N           mobile ions (default: 16)\n"
	    "  -p, --pairs            ions 2k and 2k+1 take the same steps\n"
	    "  -s, --seed=N           random seed (default: 1)\n"
	    "  -S, --species=NAME     the ions' species (default: Li)\n"
	    "  -T, --temperature=K    header temperature, 0 for unknown "
	    "(default: 1000)\n"
	    "  -t, --text=FILE        also write the ions' positions as text\n"
	    "  -v, --drift=V          everything drifts along x at V A/ps "
	    "(default: 0)\n"
	    "  -w, --variable-cell    odd frames have a cell 1.1 times "
	    "larger\n"
	    "  -x, --vibration=A      add to every written ion position an "
	    "independent\n"
	    "                         Gaussian displacement of A per axis, "
	    "not\n"
	    "                         accumulated; the framework does not "
	    "vibrate\n"
	    "                         (default: 0)\n");
	exit(status);
}

static uint64_t rng, vrng;

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

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"cell", required_argument, NULL, 'c'},
		{"diffusion", required_argument, NULL, 'D'},
		{"dt-fs", required_argument, NULL, 'd'},
		{"frames", required_argument, NULL, 'f'},
		{"first-half-d", required_argument, NULL, 'H'},
		{"fractional", no_argument, NULL, 'F'},
		{"help", no_argument, NULL, 'h'},
		{"framework", required_argument, NULL, 'm'},
		{"ions", required_argument, NULL, 'n'},
		{"pairs", no_argument, NULL, 'p'},
		{"seed", required_argument, NULL, 's'},
		{"species", required_argument, NULL, 'S'},
		{"temperature", required_argument, NULL, 'T'},
		{"text", required_argument, NULL, 't'},
		{"drift", required_argument, NULL, 'v'},
		{"variable-cell", no_argument, NULL, 'w'},
		{"vibration", required_argument, NULL, 'x'},
		{NULL, 0, NULL, 0}
	};
	double L = 10, D = 0.1, dt = 10, temp = 1000, drift = 0, vib = 0, sd;
	double D1 = -1, sd1;
	double cell[9];
	uint64_t nf = 1000, nm = 8, ni = 16, seed = 1, f, i;
	const char *species = "Li", *text = NULL;
	int c, fractional = 0, pairs = 0, variable = 0;
	struct hop_header h;
	struct hop_writer *w;
	struct hop_err err;
	FILE *tf = NULL;
	double *pos, *step, *out;
	size_t na;

	while ((c = getopt_long(argc, argv, "c:D:d:f:FH:hm:n:ps:S:T:t:v:wx:",
	    longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (hop_cli_double(optarg, 1e-3, 1e6, &L) != 0)
				bad("cell", optarg);
			break;
		case 'D':
			if (hop_cli_double(optarg, 0, 1e6, &D) != 0)
				bad("diffusion", optarg);
			break;
		case 'H':
			if (hop_cli_double(optarg, 0, 1e6, &D1) != 0)
				bad("first-half-d", optarg);
			break;
		case 'd':
			if (hop_cli_double(optarg, 0, 1e9, &dt) != 0)
				bad("dt-fs", optarg);
			break;
		case 'f':
			if (hop_cli_u64(optarg, 1, 100000000, &nf) != 0)
				bad("frames", optarg);
			break;
		case 'F':
			fractional = 1;
			break;
		case 'h':
			usage(stdout, HOP_EXIT_OK);
			break;
		case 'm':
			if (hop_cli_u64(optarg, 0, 1000000, &nm) != 0)
				bad("framework", optarg);
			break;
		case 'n':
			if (hop_cli_u64(optarg, 1, 1000000, &ni) != 0)
				bad("ions", optarg);
			break;
		case 'p':
			pairs = 1;
			break;
		case 's':
			if (hop_cli_u64(optarg, 0, UINT64_MAX, &seed) != 0)
				bad("seed", optarg);
			break;
		case 'S':
			if (strlen(optarg) < 1 || strlen(optarg) > HOP_MAX_NAME)
				bad("species", optarg);
			species = optarg;
			break;
		case 'T':
			if (hop_cli_double(optarg, 0, 1e6, &temp) != 0)
				bad("temperature", optarg);
			break;
		case 't':
			text = optarg;
			break;
		case 'v':
			if (hop_cli_double(optarg, -1e6, 1e6, &drift) != 0)
				bad("drift", optarg);
			break;
		case 'w':
			variable = 1;
			break;
		case 'x':
			if (hop_cli_double(optarg, 0, 1e6, &vib) != 0)
				bad("vibration", optarg);
			break;
		default:
			usage(stderr, HOP_EXIT_USAGE);
		}
	}
	if (optind != argc)
		usage(stderr, HOP_EXIT_USAGE);
	rng = seed * 0x2545f4914f6cdd1du + 12345;
	vrng = hop_rng_seed(seed, 1);
	na = (size_t)(nm + ni);
	hop_header_init(&h);
	h.natoms = (uint32_t)na;
	h.nspecies = nm > 0 ? 2 : 1;
	h.species = calloc(2, sizeof(*h.species));
	h.orig_index = malloc(na * sizeof(uint32_t));
	pos = malloc(na * 3 * sizeof(double));
	step = malloc(ni * 3 * sizeof(double));
	out = malloc(na * 3 * sizeof(double));
	if (h.species == NULL || h.orig_index == NULL || pos == NULL ||
	    step == NULL || out == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return HOP_EXIT_DATA;
	}
	if (nm > 0) {
		strcpy(h.species[0].name, "La");
		h.species[0].count = (uint32_t)nm;
	}
	strcpy(h.species[h.nspecies - 1].name, species);
	h.species[h.nspecies - 1].count = (uint32_t)ni;
	for (i = 0; i < na; i++)
		h.orig_index[i] = (uint32_t)i;
	h.coords = fractional ? HOP_COORDS_FRACTIONAL :
	    HOP_COORDS_CARTESIAN_UNWRAPPED;
	h.flags = variable ? HOP_FLAG_VARIABLE_CELL : 0;
	h.dt_fs = dt > 0 ? dt : NAN;
	h.temperature_K = temp > 0 ? temp : NAN;
	memset(h.cell, 0, sizeof(h.cell));
	h.cell[0] = h.cell[4] = h.cell[8] = L;
	h.nframes = nf;
	h.title = strdup("gen-walk random walkers");
	if (hop_header_add_prov(&h, prog, HOP_VERSION, argc, argv, &err) != 0 ||
	    (w = hop_writer_open(stdout, "<stdout>", &h, &err)) == NULL) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		return HOP_EXIT_DATA;
	}
	if (text != NULL && (tf = fopen(text, "w")) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", prog, text, strerror(errno));
		return HOP_EXIT_DATA;
	}
	for (i = 0; i < na * 3; i++)
		pos[i] = L * uni();
	sd = sqrt(2.0 * D * dt * 1e-3); /* dt in ps */
	sd1 = D1 >= 0 ? sqrt(2.0 * D1 * dt * 1e-3) : sd;
	memcpy(cell, h.cell, sizeof(cell));
	for (f = 0; f < nf; f++) {
		if (f > 0) {
			for (i = 0; i < ni * 3; i++)
				step[i] = pairs && (i / 3) % 2 == 1 ?
				    step[i - 3] : (f < nf / 2 ? sd1 : sd) *
				    gauss();
			for (i = 0; i < ni * 3; i++)
				pos[nm * 3 + i] += step[i];
			for (i = 0; i < na; i++)
				pos[3 * i] += drift * dt * 1e-3;
		}
		cell[0] = cell[4] = cell[8] = variable && f % 2 == 1 ?
		    1.1 * L : L;
		/* The written positions: the true ones, plus each ion's own
		 * vibration when asked for. */
		memcpy(out, pos, na * 3 * sizeof(double));
		for (i = nm * 3; vib > 0 && i < na * 3; i++)
			out[i] += vib * hop_rng_gauss(&vrng);
		if (hop_write_frame(w, f, cell, out, &err) != 0) {
			fprintf(stderr, "%s: %s\n", prog, err.msg);
			return HOP_EXIT_DATA;
		}
		for (i = 0; tf != NULL && i < ni; i++)
			fprintf(tf, "%llu\t%llu\t%.17g\t%.17g\t%.17g\n",
			    (unsigned long long)f, (unsigned long long)i,
			    out[3 * (nm + i)], out[3 * (nm + i) + 1],
			    out[3 * (nm + i) + 2]);
	}
	if (hop_writer_finish(w, &err) != 0) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		return HOP_EXIT_DATA;
	}
	hop_writer_free(w);
	hop_header_free(&h);
	free(pos);
	free(step);
	free(out);
	if ((tf != NULL && fclose(tf) != 0) || hop_cli_close_stdout() != 0) {
		fprintf(stderr, "%s: write error: %s\n", prog, strerror(errno));
		return HOP_EXIT_DATA;
	}
	return HOP_EXIT_OK;
}
