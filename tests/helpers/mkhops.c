/*
 * mkhops - build a hop stream from a small table, so that tests can make
 * hop streams with known answers by hand.
 *
 * Input (FILE or standard input): one hop per line,
 *     slot start end [sx sy sz ex ey ez [back]]
 * blank lines and lines starting with '#' ignored: the atom slot, the hop's
 * first and last frame, its start and end positions in Angstrom (default
 * 0) and 1 for a back-hop.  The cluster centres are the start and end
 * positions.  Atom slot i has original index i.  Per-atom records follow
 * the hops, one per atom of the analysed species, with nhops counted from
 * the table and nclusters 2 for atoms that hop, 1 otherwise.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "input.h"
#include "numparse.h"
#include "species.h"
#include "stream.h"

static const char *prog = "mkhops";

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: mkhops [options] [FILE] > stream\n"
	    "Build a hop stream from a table of hops (slot start end "
	    "[sx sy sz ex ey ez [back]]).\n"
	    "  -a, --analysed=LIST     species with per-atom records "
	    "(default: all)\n"
	    "  -c, --cell=A            cubic cell edge in A (default: 10)\n"
	    "  -d, --dt-fs=FS          time between frames, 0 for unknown "
	    "(default: 10)\n"
	    "  -f, --frames=N          frames of the run, 0 for unknown "
	    "(default: 100)\n"
	    "  -h, --help              show this help and exit\n"
	    "  -n, --no-atoms          no per-atom records (as a frame "
	    "stream)\n"
	    "  -s, --species=LIST      NAME:COUNT,... (default: Li:4)\n"
	    "  -T, --temperature=K     temperature, 0 for unknown "
	    "(default: 600)\n"
	    "  -u, --unfinished        leave out the END record\n");
	exit(status);
}

static _Noreturn void
die(const char *msg)
{
	fflush(stdout);
	fprintf(stderr, "%s: %s\n", prog, msg);
	exit(HOP_EXIT_DATA);
}

/* "Li:4,O:2" into the header's species table and atom list. */
static void
parse_species(struct hop_header *h, const char *list)
{
	char *copy = strdup(list), *tok, *save = NULL;
	uint32_t i;

	if (copy == NULL)
		die("out of memory");
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(tok, ':');
		uint64_t n;
		void *p;

		if (colon == NULL || colon == tok ||
		    (size_t)(colon - tok) > HOP_MAX_NAME ||
		    hop_cli_u64(colon + 1, 1, 100000, &n) != 0 ||
		    h->nspecies >= HOP_MAX_SPECIES)
			die("bad --species: want NAME:COUNT,...");
		p = realloc(h->species, (h->nspecies + 1) *
		    sizeof(*h->species));
		if (p == NULL)
			die("out of memory");
		h->species = p;
		memset(&h->species[h->nspecies], 0, sizeof(*h->species));
		memcpy(h->species[h->nspecies].name, tok, (size_t)(colon -
		    tok));
		h->species[h->nspecies].count = (uint32_t)n;
		h->natoms += (uint32_t)n;
		h->nspecies++;
	}
	free(copy);
	if ((h->orig_index = malloc(h->natoms * sizeof(uint32_t))) == NULL)
		die("out of memory");
	for (i = 0; i < h->natoms; i++)
		h->orig_index[i] = i;
}

/* Parse up to max numbers of a line; returns how many. */
static int
numbers(const char *p, double *v, int max)
{
	const char *end = p + strlen(p), *q;
	int n = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return n;
		if (n == max || (q = hop_parse_double(p, end, &v[n])) == NULL)
			return -1;
		if (*q != '\0' && *q != ' ' && *q != '\t')
			return -1;
		p = q;
		n++;
	}
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"analysed", required_argument, NULL, 'a'},
		{"cell", required_argument, NULL, 'c'},
		{"dt-fs", required_argument, NULL, 'd'},
		{"frames", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{"no-atoms", no_argument, NULL, 'n'},
		{"species", required_argument, NULL, 's'},
		{"temperature", required_argument, NULL, 'T'},
		{"unfinished", no_argument, NULL, 'u'},
		{NULL, 0, NULL, 0}
	};
	const char *species = "Li:4", *analysed = NULL;
	double cell = 10, dt = 10, temp = 600;
	uint64_t frames = 100;
	int c, no_atoms = 0, unfinished = 0;
	struct hop_header h;
	struct hop_writer *w;
	struct hop_input *in;
	struct hop_err err;
	unsigned char *keep;
	uint32_t *nhops, i;
	char *line, msg[600];
	size_t len;
	int st;

	while ((c = getopt_long(argc, argv, "a:c:d:f:hns:T:u", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'a':
			analysed = optarg;
			break;
		case 'c':
			if (hop_cli_double(optarg, 0, 1e6, &cell) != 0)
				usage(stderr, HOP_EXIT_USAGE);
			break;
		case 'd':
			if (hop_cli_double(optarg, 0, 1e9, &dt) != 0)
				usage(stderr, HOP_EXIT_USAGE);
			break;
		case 'f':
			if (hop_cli_u64(optarg, 0, UINT64_MAX, &frames) != 0)
				usage(stderr, HOP_EXIT_USAGE);
			break;
		case 'h':
			usage(stdout, HOP_EXIT_OK);
			break;
		case 'n':
			no_atoms = 1;
			break;
		case 's':
			species = optarg;
			break;
		case 'T':
			if (hop_cli_double(optarg, 0, 1e6, &temp) != 0)
				usage(stderr, HOP_EXIT_USAGE);
			break;
		case 'u':
			unfinished = 1;
			break;
		default:
			usage(stderr, HOP_EXIT_USAGE);
		}
	}
	if (argc - optind > 1)
		usage(stderr, HOP_EXIT_USAGE);
	hop_header_init(&h);
	parse_species(&h, species);
	h.coords = HOP_COORDS_CARTESIAN_UNWRAPPED;
	h.dt_fs = dt > 0 ? dt : NAN;
	h.temperature_K = temp > 0 ? temp : NAN;
	h.cell[0] = h.cell[4] = h.cell[8] = cell;
	h.nframes = frames;
	if ((h.title = strdup("mkhops test stream")) == NULL ||
	    hop_header_add_prov(&h, prog, HOP_VERSION, argc, argv, &err) != 0)
		die("out of memory");
	keep = malloc(h.nspecies);
	nhops = calloc(h.natoms ? h.natoms : 1, sizeof(uint32_t));
	if (keep == NULL || nhops == NULL)
		die("out of memory");
	if (hop_species_select(&h, analysed, keep, &err) != 0)
		die(err.msg);
	in = hop_input_open(optind < argc ? argv[optind] : "-", NULL, NULL,
	    &err);
	if (in == NULL)
		die(err.msg);
	if ((w = hop_writer_open(stdout, "<stdout>", &h, &err)) == NULL)
		die(err.msg);
	while ((st = hop_input_line(in, &line, &len, &err)) == 1) {
		struct hop_event hp;
		double v[10] = {0};
		int n, k;

		if (len == 0 || line[0] == '#')
			continue;
		n = numbers(line, v, 10);
		if ((n != 3 && n != 9 && n != 10) || v[0] < 0 ||
		    v[0] >= h.natoms || v[1] < 0 || v[2] < v[1] ||
		    v[2] > 9007199254740992.0 ||
		    v[1] != floor(v[1]) || v[2] != floor(v[2])) {
			snprintf(msg, sizeof(msg), "%s:%llu: want slot start "
			    "end [sx sy sz ex ey ez [back]]",
			    hop_input_name(in),
			    (unsigned long long)hop_input_lineno(in));
			die(msg);
		}
		memset(&hp, 0, sizeof(hp));
		hp.slot = (uint32_t)v[0];
		hp.atom = h.orig_index[hp.slot];
		hp.species = hop_header_species_of(&h, hp.slot);
		hp.start = (uint64_t)v[1];
		hp.end = (uint64_t)v[2];
		hp.flags = n == 10 && v[9] != 0 ? HOP_EVENT_BACK : 0;
		hp.from_cluster = nhops[hp.slot];
		hp.to_cluster = nhops[hp.slot] + 1;
		for (k = 0; k < 3; k++) {
			hp.start_pos[k] = hp.from_centre[k] = v[3 + k];
			hp.end_pos[k] = hp.to_centre[k] = v[6 + k];
		}
		nhops[hp.slot]++;
		if (hop_write_hop(w, &hp, &err) != 0)
			die(err.msg);
	}
	if (st < 0)
		die(err.msg);
	for (i = 0; i < h.natoms && !no_atoms; i++) {
		struct hop_atom a;

		if (!keep[hop_header_species_of(&h, i)])
			continue;
		memset(&a, 0, sizeof(a));
		a.atom = h.orig_index[i];
		a.slot = i;
		a.species = hop_header_species_of(&h, i);
		a.nhops = nhops[i];
		a.nclusters = nhops[i] > 0 ? 2 : 1;
		a.silhouette = nhops[i] > 0 ? 0.8 : NAN;
		a.vib_rms_A = a.site_sep_A = NAN;
		if (hop_write_atom(w, &a, &err) != 0)
			die(err.msg);
	}
	if (!unfinished && hop_writer_finish(w, &err) != 0)
		die(err.msg);
	hop_writer_free(w);
	hop_input_close(in);
	hop_header_free(&h);
	free(keep);
	free(nhops);
	if (hop_cli_close_stdout() != 0)
		die(strerror(errno));
	return HOP_EXIT_OK;
}
