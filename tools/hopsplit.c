/*
 * hopsplit - read a frame stream once and write it as K streams of the
 * same frames, each holding a share of the atoms, so that the tasks of a
 * run split by atoms (kmeans-hops, msd --partial) each read only their
 * part: for file systems where K reads of one big input cost too much.
 *
 * The shares are balanced per species (each part gets a contiguous block
 * of every species' atoms) or given by --atoms lists; each part's header
 * holds its own species table, the atoms' original indices, and a note in
 * its provenance naming the part and the whole run (common/splitrun.h),
 * which hopcat --merge and msd --reduce check.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomrange.h"
#include "cli.h"
#include "json.h"
#include "outfile.h"
#include "splitrun.h"
#include "stream.h"

static const char *prog = "hopsplit";

enum { OPT_FORCE = 256, OPT_PARTS };

struct part {
	struct hop_atomrange atoms; /* original indices */
	struct hop_header h;        /* the part's header */
	uint32_t *from;             /* its atoms' slots in the input */
	char path[4096];
	struct hop_outfile of;
	struct hop_writer *w;
	double *buf;
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: hopsplit [options] --parts=K -o PREFIX [FILE]\n"
	    "       hopsplit [options] --atoms=RANGE ... -o PREFIX [FILE]\n"
	    "Split a frame stream by atoms into PREFIX.0.bin, PREFIX.1.bin, "
	    "... in one read.\n"
	    "      --atoms=RANGE    one part's atoms, by original index: "
	    "0-999,2500 (repeat for\n"
	    "                       each part; default: --parts balanced "
	    "parts)\n"
	    "      --force          replace output files that exist (default: "
	    "refuse)\n"
	    "  -h, --help           show this help and exit\n"
	    "  -J, --json=FILE      also write the parts and their atoms as "
	    "JSON (-: standard\n"
	    "                       output)\n"
	    "      --parts=K        K parts, each a contiguous block of every "
	    "species' atoms\n"
	    "  -o, --output=PREFIX  write PREFIX.I.bin, I = 0 .. K-1 "
	    "(required)\n"
	    "  -q, --quiet          do not list the parts on standard error\n"
	    "  -V, --version        show the version and exit\n");
	hop_cli_exit(prog, status);
}

/* The parts' atoms balanced per species: part i gets atoms
 * floor(c i / K) .. floor(c (i + 1) / K) - 1 of each species of c
 * atoms. */
static void
balanced(const struct hop_header *h, struct part *p, size_t k)
{
	uint32_t *idx = hop_xreallocarray(NULL, h->natoms ? h->natoms : 1,
	    sizeof(*idx));
	struct hop_err err;
	size_t i;

	for (i = 0; i < k; i++) {
		uint32_t s, a = 0, n = 0;

		for (s = 0; s < h->nspecies; a += h->species[s].count, s++) {
			uint64_t c = h->species[s].count;
			uint32_t lo = (uint32_t)(c * i / k),
			    hi = (uint32_t)(c * (i + 1) / k), j;

			for (j = lo; j < hi; j++)
				idx[n++] = h->orig_index[a + j];
		}
		if (hop_atomrange_from_indices(&p[i].atoms, idx, n, &err) != 0)
			hop_die("%s", err.msg);
	}
	free(idx);
}

/* Part p's header and slots from the input's header h. */
static void
part_header(const struct hop_header *h, struct part *p, size_t i, size_t k,
    int argc, char **argv)
{
	struct hop_err err;
	uint32_t s, a = 0, n = 0, ns = 0;
	char *note, *cmd;

	if (hop_header_copy(&p->h, h, &err) != 0)
		hop_die("%s", err.msg);
	p->from = hop_xreallocarray(NULL, h->natoms ? h->natoms : 1,
	    sizeof(*p->from));
	for (s = 0; s < h->nspecies; a += h->species[s].count, s++) {
		uint32_t j, c = 0;

		for (j = a; j < a + h->species[s].count; j++)
			if (hop_atomrange_has(&p->atoms, h->orig_index[j])) {
				p->from[n] = j;
				p->h.orig_index[n++] = h->orig_index[j];
				c++;
			}
		if (c > 0) {
			p->h.species[ns] = h->species[s];
			p->h.species[ns++].count = c;
		}
	}
	p->h.natoms = n;
	p->h.nspecies = ns;
	if (hop_header_add_prov(&p->h, prog, HOP_VERSION, argc, argv,
	    &err) != 0)
		hop_die("%s", err.msg);
	if ((note = hop_split_note(i, k, &p->atoms, h)) == NULL)
		hop_die("out of memory");
	cmd = hop_xmalloc(strlen(p->h.prov[p->h.nprov - 1].cmdline) +
	    strlen(note) + 1);
	strcpy(cmd, p->h.prov[p->h.nprov - 1].cmdline);
	strcat(cmd, note);
	free(p->h.prov[p->h.nprov - 1].cmdline);
	p->h.prov[p->h.nprov - 1].cmdline = cmd;
	free(note);
	p->buf = hop_xreallocarray(NULL, n ? n : 1, 3 * sizeof(double));
}

/* The parts, on standard error and as JSON. */
static void
list_parts(FILE *fp, const struct part *p, size_t k, int json)
{
	struct hop_json j;
	size_t i;
	uint32_t s;

	if (json) {
		hop_json_begin(&j, fp);
		hop_json_uint(&j, "parts", k);
		hop_json_array(&j, "part");
	}
	for (i = 0; i < k; i++) {
		char *r = hop_atomrange_format(&p[i].atoms);

		if (r == NULL)
			hop_die("out of memory");
		if (json) {
			hop_json_object(&j, NULL);
			hop_json_string(&j, "file", p[i].path);
			hop_json_string(&j, "atoms", r);
			hop_json_uint(&j, "natoms", p[i].h.natoms);
			hop_json_object(&j, "species");
			for (s = 0; s < p[i].h.nspecies; s++)
				hop_json_uint(&j, p[i].h.species[s].name,
				    p[i].h.species[s].count);
			hop_json_close(&j);
			hop_json_close(&j);
		} else {
			fprintf(fp, "%s: %s: %u atoms (", prog, p[i].path,
			    p[i].h.natoms);
			for (s = 0; s < p[i].h.nspecies; s++)
				fprintf(fp, "%s%s:%u", s ? " " : "",
				    p[i].h.species[s].name,
				    p[i].h.species[s].count);
			fprintf(fp, "): --atoms %s\n", r);
		}
		free(r);
	}
	if (json)
		hop_json_finish(&j);
}

/* Copy every frame of r into the parts. 0 or -1 with err set. */
static int
split_frames(struct hop_reader *r, struct part *p, size_t k,
    struct hop_err *err)
{
	const struct hop_header *h = hop_reader_header(r);
	const char *name = hop_reader_name(r);
	struct hop_record rec;
	struct hop_frame fr;
	size_t i;
	uint32_t a;
	int st;

	while ((st = hop_reader_next(r, &rec, err)) == 1) {
		if (rec.type == HOP_REC_HOP || rec.type == HOP_REC_ATOM) {
			hop_err_set(err, "%s: record %llu: a hop record: "
			    "hopsplit splits a stream of frames (kmeans-hops "
			    "and msd read the parts; hopcat --merge joins "
			    "their hop streams)", name,
			    (unsigned long long)rec.number);
			return -1;
		}
		if (rec.type != HOP_REC_FRAME)
			continue;
		if (hop_frame_decode(r, &rec, &fr, err) != 0)
			return -1;
		for (i = 0; i < k; i++) {
			for (a = 0; a < p[i].h.natoms; a++)
				memcpy(p[i].buf + 3 * (size_t)a, fr.pos + 3 *
				    (size_t)p[i].from[a], 3 * sizeof(double));
			if (hop_write_frame(p[i].w, fr.index, fr.cell,
			    p[i].buf, err) != 0)
				return -1;
		}
	}
	(void)h;
	return st < 0 ? -1 : 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		HOP_LONGOPTS_GLOBAL,
		HOP_LONGOPT_ATOMS,
		HOP_LONGOPT_JSON,
		{"force", no_argument, NULL, OPT_FORCE},
		{"output", required_argument, NULL, 'o'},
		{"parts", required_argument, NULL, OPT_PARTS},
		{NULL, 0, NULL, 0}
	};
	struct part *p = NULL;
	struct hop_reader *r;
	struct hop_split_universe u;
	struct hop_err err;
	const char *prefix = NULL, *json = NULL, *path;
	char **lists = NULL;
	size_t k = 0, nlists = 0, i, j;
	uint64_t u64;
	int c, force = 0, status = HOP_EXIT_DATA;

	hop_cli_init(prog, usage);
	while ((c = getopt_long(argc, argv, HOP_OPTSTR_GLOBAL "J:o:",
	    longopts, NULL)) != -1) {
		switch (c) {
		case HOP_OPT_ATOMS: {
			struct hop_atomrange t;

			hop_atomrange_init(&t);
			hop_cli_atoms(&t, optarg);
			hop_atomrange_free(&t);
			lists = hop_xreallocarray(lists, nlists + 1,
			    sizeof(*lists));
			lists[nlists++] = optarg;
			break;
		}
		case OPT_FORCE:
			force = 1;
			break;
		case HOP_OPT_JSON:
			if (*optarg == '\0')
				hop_usage_bad("json", optarg, "a file name, or -");
			json = optarg;
			break;
		case OPT_PARTS:
			if (hop_cli_u64(optarg, 1, 100000, &u64) != 0)
				hop_usage_bad("parts", optarg,
				    "a number of parts, 1 to 100000");
			k = (size_t)u64;
			break;
		case 'o':
			if (*optarg == '\0')
				hop_usage_bad("output", optarg, "a prefix");
			prefix = optarg;
			break;
		default:
			if (!hop_cli_global(c))
				usage(stderr, HOP_EXIT_USAGE);
		}
	}
	if (argc - optind > 1)
		usage(stderr, HOP_EXIT_USAGE);
	if (prefix == NULL)
		hop_usage_error("-o PREFIX is required: the parts are written "
		    "to PREFIX.0.bin, PREFIX.1.bin, ...");
	if ((k > 0) == (nlists > 0))
		hop_usage_error("give --parts=K or --atoms lists, one of the "
		    "two");
	if (nlists > 0)
		k = nlists;
	p = hop_xcalloc(k, sizeof(*p));
	for (i = 0; i < k; i++) {
		struct stat st;

		hop_atomrange_init(&p[i].atoms);
		if ((size_t)snprintf(p[i].path, sizeof(p[i].path), "%s.%zu.bin",
		    prefix, i) >= sizeof(p[i].path))
			hop_usage_bad("output", prefix, "a shorter prefix");
		if (!force && stat(p[i].path, &st) == 0) {
			hop_error("%s exists (--force replaces it)",
			    p[i].path);
			return HOP_EXIT_DATA;
		}
		if (nlists > 0)
			hop_cli_atoms(&p[i].atoms, lists[i]);
	}
	for (i = 0; i < nlists; i++)
		for (j = i + 1; j < nlists; j++) {
			uint32_t at;

			if (hop_atomrange_overlap(&p[i].atoms, &p[j].atoms,
			    &at))
				hop_usage_error("--atoms lists %zu and %zu "
				    "overlap at atom %u", i + 1, j + 1, at);
		}
	path = optind < argc ? argv[optind] : NULL;
	if ((r = hop_reader_open_path(path, &err)) == NULL)
		hop_die("%s", err.msg);
	{
		const struct hop_header *h = hop_reader_header(r);

		for (i = 0; i < h->nprov; i++)
			if (strcmp(h->prov[i].program, prog) == 0)
				hop_die("%s: already a part of a split run "
				    "(split the whole run instead)",
				    hop_reader_name(r));
		if (hop_split_universe(h, &u, NULL, &err) != 0)
			hop_die("%s: %s", hop_reader_name(r), err.msg);
		hop_split_universe_free(&u);
		if (nlists == 0 && k > h->natoms)
			hop_die("%s: %zu parts of %u atoms", hop_reader_name(r),
			    k, h->natoms);
		if (nlists == 0)
			balanced(h, p, k);
		for (i = 0; i < k; i++) {
			part_header(h, &p[i], i, k, argc, argv);
			if (p[i].h.natoms == 0)
				hop_die("%s: --atoms %s: none of the input's "
				    "atoms", hop_reader_name(r), lists[i]);
		}
	}
	for (i = 0; i < k; i++) {
		if (hop_outfile_open(&p[i].of, p[i].path, &err) != 0 ||
		    (p[i].w = hop_writer_open(p[i].of.fp, p[i].path, &p[i].h,
		    &err)) == NULL)
			goto out;
	}
	if (split_frames(r, p, k, &err) != 0)
		goto out;
	for (i = 0; i < k; i++)
		if (hop_writer_finish(p[i].w, &err) != 0)
			goto out;
	for (i = 0; i < k; i++)
		if (hop_outfile_commit(&p[i].of, &err) != 0)
			goto out;
	if (!hop_quiet)
		list_parts(stderr, p, k, 0);
	if (json != NULL) {
		struct hop_outfile of;
		FILE *fp;

		if ((fp = hop_outfile_begin(&of, json, &err)) == NULL)
			goto out;
		list_parts(fp, p, k, 1);
		if (hop_outfile_end(&of, &err) != 0)
			goto out;
	}
	status = HOP_EXIT_OK;
out:
	if (status != HOP_EXIT_OK)
		hop_error("%s", err.msg);
	for (i = 0; i < k; i++) {
		hop_writer_free(p[i].w);
		hop_outfile_abort(&p[i].of);
		hop_header_free(&p[i].h);
		hop_atomrange_free(&p[i].atoms);
		free(p[i].from);
		free(p[i].buf);
	}
	free(p);
	free(lists);
	hop_reader_free(r);
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
