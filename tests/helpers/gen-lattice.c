/*
 * gen-lattice - write an unwrapped hop stream of ions jumping on a
 * simple cubic lattice with known sites and known jump rates: the ground
 * truth for hopsites' tests and benchmark.
 *
 * The lattice has L x L x L sites, spacing a, in a cubic cell of edge
 * L a; a static framework atom ("Zr") sits at the centre of every
 * lattice cube.  Two mechanisms, in discrete time (every frame each
 * mover jumps at most once, so no jump is hidden between frames):
 *
 *   --mode independent: --ions ions, each jumping every frame with
 *     probability p to one of its 6 neighbours at random, whatever the
 *     others do (non-interacting): uncorrelated jumps, correlation factor
 *     f = 1 exactly; the rate per ion is p / dt.
 *   --mode vacancy: every site but --vacancies sites holds an ion; every
 *     frame each vacancy in turn, with probability p, exchanges with one
 *     of its 6 neighbours at random: the vacancy mechanism, whose tracer
 *     correlation factor on simple cubic at low vacancy concentration is
 *     0.6531 (Compaan and Haven, Trans. Faraday Soc. 52, 786 (1956)).
 *
 * Written positions are the sites plus Gaussian noise of --vibration A
 * per axis (not accumulated).  --poscar FILE writes the sites as a VASP
 * POSCAR of species Li; --truth FILE writes "jumps N" and "frames T".
 *
 * --fluorite makes the run CaF2-like: the ions are F, and the framework
 * is Ca at the centres of alternate lattice cubes only (those whose
 * corner (i, j, k) has i + j + k even; L even), which is the fluorite
 * structure of cubic edge 2a (L = 12, a = 2.73: the 6 x 6 x 6 supercell
 * of 864 Ca and 1728 F sites).  --xdatcar writes the run as a VASP 5
 * XDATCAR (positions folded into the cell, fractional, 8 decimals)
 * instead of a stream, for benchmarks of the whole chain from VASP text.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rng.h"
#include "stream.h"

static const char *prog = "gen-lattice";

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: gen-lattice [options] > stream\n"
	    "Write an unwrapped hop stream of ions jumping on a simple cubic "
	    "lattice.\n"
	    "  -a, --spacing=A        lattice spacing (default: 3)\n"
	    "  -b, --bare             no framework atoms\n"
	    "  -d, --dt-fs=FS         time between frames (default: 100)\n"
	    "  -f, --frames=N         frames (default: 1000)\n"
	    "  -F, --fluorite         ions F, framework Ca on alternate cubes "
	    "(CaF2)\n"
	    "  -h, --help             show this help and exit\n"
	    "  -L, --size=L           sites per edge (default: 6)\n"
	    "  -m, --mode=MODE        independent or vacancy (default: "
	    "independent)\n"
	    "  -n, --ions=N           independent: ions (default: 20)\n"
	    "  -p, --prob=P           jump probability per frame (default: "
	    "0.05)\n"
	    "  -P, --poscar=FILE      write the sites as a POSCAR\n"
	    "  -s, --seed=N           random seed (default: 1)\n"
	    "  -t, --truth=FILE       write the number of jumps\n"
	    "  -v, --vacancies=N      vacancy: vacancies (default: 2)\n"
	    "  -X, --xdatcar          write a VASP 5 XDATCAR, not a stream\n"
	    "  -x, --vibration=A      Gaussian noise per axis (default: "
	    "0.1)\n");
	exit(status);
}

static void
bad(const char *opt, const char *arg)
{
	fprintf(stderr, "%s: invalid %s '%s'\n", prog, opt, arg);
	exit(HOP_EXIT_USAGE);
}

static uint64_t L;

/* The site index of (i, j, k), periodic. */
static size_t
site_of(long i, long j, long k)
{
	long n = (long)L;

	i = ((i % n) + n) % n;
	j = ((j % n) + n) % n;
	k = ((k % n) + n) % n;
	return ((size_t)i * L + (size_t)j) * L + (size_t)k;
}

/* A random neighbour of site s, and the step (-1, 0, 1 per axis). */
static size_t
neighbour(uint64_t *rng, size_t s, int step[3])
{
	long i = (long)(s / (L * L)), j = (long)(s / L % L), k = (long)(s % L);
	size_t dir = hop_rng_below(rng, 6);

	step[0] = step[1] = step[2] = 0;
	step[dir / 2] = dir % 2 ? 1 : -1;
	return site_of(i + step[0], j + step[1], k + step[2]);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"spacing", required_argument, NULL, 'a'},
		{"bare", no_argument, NULL, 'b'},
		{"dt-fs", required_argument, NULL, 'd'},
		{"frames", required_argument, NULL, 'f'},
		{"fluorite", no_argument, NULL, 'F'},
		{"help", no_argument, NULL, 'h'},
		{"size", required_argument, NULL, 'L'},
		{"mode", required_argument, NULL, 'm'},
		{"ions", required_argument, NULL, 'n'},
		{"prob", required_argument, NULL, 'p'},
		{"poscar", required_argument, NULL, 'P'},
		{"seed", required_argument, NULL, 's'},
		{"truth", required_argument, NULL, 't'},
		{"vacancies", required_argument, NULL, 'v'},
		{"vibration", required_argument, NULL, 'x'},
		{"xdatcar", no_argument, NULL, 'X'},
		{NULL, 0, NULL, 0}
	};
	double a = 3, dt = 100, p = 0.05, vib = 0.1;
	uint64_t nf = 1000, ni = 20, nv = 2, seed = 1, f, i, njumps = 0;
	const char *poscar = NULL, *truth = NULL;
	int c, vacancy = 0, bare = 0, fluorite = 0, xdatcar = 0;
	struct hop_header h;
	struct hop_writer *w = NULL;
	struct hop_err err;
	uint64_t rng, vrng;
	size_t nsites, na, nfw, *ion_site = NULL, *vac = NULL, *occ = NULL;
	double *ion_pos, *out;

	L = 6;
	while ((c = getopt_long(argc, argv, "a:bd:f:FhL:m:n:p:P:s:t:v:x:X",
	    longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (hop_cli_double(optarg, 0.5, 100, &a) != 0)
				bad("spacing", optarg);
			break;
		case 'b':
			bare = 1;
			break;
		case 'd':
			if (hop_cli_double(optarg, 1e-3, 1e9, &dt) != 0)
				bad("dt-fs", optarg);
			break;
		case 'f':
			if (hop_cli_u64(optarg, 1, 100000000, &nf) != 0)
				bad("frames", optarg);
			break;
		case 'F':
			fluorite = 1;
			break;
		case 'h':
			usage(stdout, HOP_EXIT_OK);
			break;
		case 'L':
			if (hop_cli_u64(optarg, 2, 200, &L) != 0)
				bad("size", optarg);
			break;
		case 'm':
			if (strcmp(optarg, "vacancy") == 0)
				vacancy = 1;
			else if (strcmp(optarg, "independent") == 0)
				vacancy = 0;
			else
				bad("mode", optarg);
			break;
		case 'n':
			if (hop_cli_u64(optarg, 1, 10000000, &ni) != 0)
				bad("ions", optarg);
			break;
		case 'p':
			if (hop_cli_double(optarg, 0, 1, &p) != 0)
				bad("prob", optarg);
			break;
		case 'P':
			poscar = optarg;
			break;
		case 's':
			if (hop_cli_u64(optarg, 0, UINT64_MAX, &seed) != 0)
				bad("seed", optarg);
			break;
		case 't':
			truth = optarg;
			break;
		case 'v':
			if (hop_cli_u64(optarg, 1, 10000000, &nv) != 0)
				bad("vacancies", optarg);
			break;
		case 'x':
			if (hop_cli_double(optarg, 0, 10, &vib) != 0)
				bad("vibration", optarg);
			break;
		case 'X':
			xdatcar = 1;
			break;
		default:
			usage(stderr, HOP_EXIT_USAGE);
		}
	}
	if (optind != argc)
		usage(stderr, HOP_EXIT_USAGE);
	rng = hop_rng_seed(seed, 0);
	vrng = hop_rng_seed(seed, 1);
	nsites = (size_t)(L * L * L);
	if (vacancy) {
		if (nv >= nsites)
			bad("vacancies", "(as many as the sites)");
		ni = nsites - nv;
	}
	if (fluorite && L % 2 != 0)
		bad("size", "(odd: --fluorite needs an even L)");
	nfw = bare ? 0 : fluorite ? nsites / 2 : nsites;
	na = nfw + (size_t)ni;
	ion_site = calloc((size_t)ni, sizeof(size_t));
	ion_pos = calloc((size_t)ni * 3, sizeof(double));
	out = calloc(na * 3, sizeof(double));
	occ = calloc(nsites, sizeof(size_t));   /* ion + 1, 0 empty */
	vac = calloc((size_t)nv, sizeof(size_t));
	if (ion_site == NULL || ion_pos == NULL || out == NULL || occ == NULL ||
	    vac == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return HOP_EXIT_DATA;
	}
	/* Place the ions: vacancy mode fills all but nv random sites. */
	if (vacancy) {
		size_t k = 0, s;

		for (i = 0; i < nv; i++) {
			do
				s = hop_rng_below(&rng, nsites);
			while (occ[s] == (size_t)-1);
			occ[s] = (size_t)-1;
			vac[i] = s;
		}
		for (s = 0; s < nsites; s++) {
			if (occ[s] == (size_t)-1) {
				occ[s] = 0;
				continue;
			}
			ion_site[k] = s;
			occ[s] = k + 1;
			k++;
		}
	} else
		for (i = 0; i < ni; i++)
			ion_site[i] = hop_rng_below(&rng, nsites);
	for (i = 0; i < ni; i++) {
		size_t s = ion_site[i];

		ion_pos[3 * i] = a * (double)(s / (L * L));
		ion_pos[3 * i + 1] = a * (double)(s / L % L);
		ion_pos[3 * i + 2] = a * (double)(s % L);
	}
	for (i = 0, f = 0; i < nfw; f++) {
		uint64_t ci = f / (L * L), cj = f / L % L, ck = f % L;

		if (fluorite && (ci + cj + ck) % 2 != 0)
			continue;
		out[3 * i] = a * ((double)ci + 0.5);
		out[3 * i + 1] = a * ((double)cj + 0.5);
		out[3 * i + 2] = a * ((double)ck + 0.5);
		i++;
	}
	hop_header_init(&h);
	h.natoms = (uint32_t)na;
	h.nspecies = bare ? 1 : 2;
	h.species = calloc(2, sizeof(*h.species));
	h.orig_index = malloc(na * sizeof(uint32_t));
	if (h.species == NULL || h.orig_index == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return HOP_EXIT_DATA;
	}
	if (!bare) {
		strcpy(h.species[0].name, fluorite ? "Ca" : "Zr");
		h.species[0].count = (uint32_t)nfw;
	}
	strcpy(h.species[h.nspecies - 1].name, fluorite ? "F" : "Li");
	h.species[h.nspecies - 1].count = (uint32_t)ni;
	for (i = 0; i < na; i++)
		h.orig_index[i] = (uint32_t)i;
	h.coords = HOP_COORDS_CARTESIAN_UNWRAPPED;
	h.dt_fs = dt;
	h.temperature_K = 1000;
	h.cell[0] = h.cell[4] = h.cell[8] = a * (double)L;
	h.nframes = nf;
	h.title = strdup(fluorite ? "gen-lattice fluorite" :
	    "gen-lattice simple cubic");
	if (xdatcar) {
		setvbuf(stdout, NULL, _IOFBF, 1 << 20);
		printf("%s\n           1\n", h.title);
		for (i = 0; i < 3; i++)
			printf("    %11.6f %11.6f %11.6f\n", i == 0 ? h.cell[0] :
			    0., i == 1 ? h.cell[4] : 0., i == 2 ? h.cell[8] :
			    0.);
		for (i = 0; i < h.nspecies; i++)
			printf("   %s", h.species[i].name);
		printf("\n");
		for (i = 0; i < h.nspecies; i++)
			printf("   %u", h.species[i].count);
		printf("\n");
	} else if (hop_header_add_prov(&h, prog, HOP_VERSION, argc, argv,
	    &err) != 0 ||
	    (w = hop_writer_open(stdout, "<stdout>", &h, &err)) == NULL) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		return HOP_EXIT_DATA;
	}
	for (f = 0; f < nf; f++) {
		if (f > 0 && !vacancy) {
			for (i = 0; i < ni; i++) {
				int st[3], d;

				if (hop_rng_uniform(&rng) >= p)
					continue;
				ion_site[i] = neighbour(&rng, ion_site[i], st);
				for (d = 0; d < 3; d++)
					ion_pos[3 * i + d] += a * st[d];
				njumps++;
			}
		} else if (f > 0) {
			for (i = 0; i < nv; i++) {
				int st[3], d;
				size_t to, ion;

				if (hop_rng_uniform(&rng) >= p)
					continue;
				to = neighbour(&rng, vac[i], st);
				if (occ[to] == 0)
					continue; /* another vacancy: no jump */
				ion = occ[to] - 1;
				/* The ion moves against the vacancy's step. */
				for (d = 0; d < 3; d++)
					ion_pos[3 * ion + d] -= a * st[d];
				ion_site[ion] = vac[i];
				occ[vac[i]] = ion + 1;
				occ[to] = 0;
				vac[i] = to;
				njumps++;
			}
		}
		for (i = 0; i < ni; i++) {
			int d;

			for (d = 0; d < 3; d++)
				out[3 * (nfw + i) + d] = ion_pos[3 * i + d] +
				    (vib > 0 ? vib * hop_rng_gauss(&vrng) : 0);
		}
		if (xdatcar) {
			/* Folded into the cell, fractional. */
			printf("Direct configuration=%6llu\n",
			    (unsigned long long)f + 1);
			for (i = 0; i < na * 3; i += 3) {
				double q[3];
				int d;

				for (d = 0; d < 3; d++) {
					q[d] = out[i + d] / h.cell[0];
					q[d] -= floor(q[d]);
					if (q[d] >= 1)
						q[d] = 0;
				}
				printf("  %.8f  %.8f  %.8f\n", q[0], q[1], q[2]);
			}
		} else if (hop_write_frame(w, f, NULL, out, &err) != 0) {
			fprintf(stderr, "%s: %s\n", prog, err.msg);
			return HOP_EXIT_DATA;
		}
	}
	if (!xdatcar && hop_writer_finish(w, &err) != 0) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		return HOP_EXIT_DATA;
	}
	if (w != NULL)
		hop_writer_free(w);
	hop_header_free(&h);
	if (poscar != NULL) {
		FILE *fp = fopen(poscar, "w");
		size_t s;

		if (fp == NULL) {
			fprintf(stderr, "%s: %s: %s\n", prog, poscar,
			    strerror(errno));
			return HOP_EXIT_DATA;
		}
		fprintf(fp, "simple cubic sites\n1.0\n%.10f 0 0\n0 %.10f 0\n"
		    "0 0 %.10f\n%s\n%zu\nDirect\n", a * (double)L,
		    a * (double)L, a * (double)L, fluorite ? "F" : "Li",
		    nsites);
		for (s = 0; s < nsites; s++)
			fprintf(fp, "%.10f %.10f %.10f\n",
			    (double)(s / (L * L)) / (double)L,
			    (double)(s / L % L) / (double)L,
			    (double)(s % L) / (double)L);
		if (fclose(fp) != 0) {
			fprintf(stderr, "%s: %s: write error\n", prog, poscar);
			return HOP_EXIT_DATA;
		}
	}
	if (truth != NULL) {
		FILE *fp = fopen(truth, "w");

		if (fp == NULL || fprintf(fp, "jumps %llu\nframes %llu\n",
		    (unsigned long long)njumps, (unsigned long long)nf) < 0 ||
		    fclose(fp) != 0) {
			fprintf(stderr, "%s: %s: write error\n", prog, truth);
			return HOP_EXIT_DATA;
		}
	}
	free(ion_site);
	free(ion_pos);
	free(out);
	free(occ);
	free(vac);
	if (hop_cli_close_stdout() != 0) {
		fprintf(stderr, "%s: write error: %s\n", prog, strerror(errno));
		return HOP_EXIT_DATA;
	}
	return HOP_EXIT_OK;
}
