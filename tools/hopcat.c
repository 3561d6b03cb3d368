/*
 * hopcat - show a hop stream as text: its header as key/value lines, its
 * frames as extended XYZ or a table, its hops and per-atom records as
 * tables.  Every mode reads the whole stream, so a truncated or corrupt
 * stream is always reported, and exits 1.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "cli.h"
#include "hopmerge.h"
#include "hops.h"
#include "stream.h"

static const char *prog = "hopcat";

enum mode { M_HEADER, M_XYZ, M_TSV, M_HOPS, M_ATOMS };

/* Long options without a letter; OPT_OLD_ATOMS: the old name of
 * --atom-table, a usage error that names the new one. */
enum { OPT_MERGE = 256, OPT_OLD_ATOMS };

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: hopcat [options] [FILE]\n"
	    "       hopcat [options] --merge PART ...\n"
	    "Show a hop stream (FILE or standard input) as text; the default "
	    "is --header.\n"
	    "Or join the hop streams of a run split by atoms into one stream.\n"
	    "  -a, --atom-table  per-atom records: atom species nclusters "
	    "silhouette\n"
	    "                    nhops ...\n"
	    "  -H, --header      one key<TAB>value line per fact of the "
	    "header\n"
	    "  -h, --help        show this help and exit\n"
	    "  -p, --hops        hop records: atom species start end "
	    "duration_ps\n"
	    "                    length_A backhop\n"
	    "      --merge       join the PARTs' hop streams into the whole "
	    "run's, on\n"
	    "                    standard output\n"
	    "  -q, --quiet       no warnings on standard error\n"
	    "  -T, --tsv         frames as a table: frame atom species x y z\n"
	    "  -V, --version     show the version and exit\n"
	    "  -x, --xyz         frames as extended XYZ (OVITO, VMD, ASE)\n");
	hop_cli_exit(prog, status);
}

static void
print_num(const char *key, double v)
{
	if (isnan(v))
		printf("%s\tunknown\n", key);
	else
		printf("%s\t%.10g\n", key, v);
}

static void
print_header(const struct hop_header *h, uint64_t frames, uint64_t hops,
    uint64_t atomrecs)
{
	uint32_t i;
	int k;

	printf("format\thopstream %d.%d\n", HOP_VERSION_MAJOR,
	    HOP_VERSION_MINOR);
	printf("atoms\t%u\n", h->natoms);
	/* A hop stream has no frame records but knows its run's length. */
	printf("frames\t%llu\n",
	    (unsigned long long)(frames > 0 ? frames : h->nframes));
	printf("species\t");
	for (i = 0; i < h->nspecies; i++)
		printf("%s%s:%u", i ? "," : "", h->species[i].name,
		    h->species[i].count);
	printf("\n");
	print_num("dt_fs", h->dt_fs);
	print_num("temperature_K", h->temperature_K);
	printf("coords\t%s\n", hop_coords_name(h->coords));
	printf("cell\t%s\n", (h->flags & HOP_FLAG_VARIABLE_CELL) ? "variable" :
	    "fixed");
	printf("cell_A\t");
	for (k = 0; k < 9; k++)
		printf("%s%.10g", k ? " " : "", h->cell[k]);
	printf("\n");
	printf("title\t%s\n", h->title);
	printf("hops\t%llu\n", (unsigned long long)hops);
	printf("atom_records\t%llu\n", (unsigned long long)atomrecs);
	for (i = 0; i < h->nprov; i++)
		printf("provenance\t%s %s: %s\n", h->prov[i].program,
		    h->prov[i].version, h->prov[i].cmdline);
}

/* Cartesian position of atom i of a frame, whatever the stream holds. */
static void
cart_of(const struct hop_header *h, const struct hop_frame *fr, size_t i,
    double r[3])
{
	if (h->coords == HOP_COORDS_FRACTIONAL)
		hop_frac_to_cart(fr->pos + 3 * i, fr->cell, r);
	else
		memcpy(r, fr->pos + 3 * i, 3 * sizeof(double));
}

static void
print_xyz(const struct hop_header *h, const struct hop_frame *fr,
    uint64_t ordinal)
{
	uint32_t i;
	int k;

	printf("%u\nLattice=\"", h->natoms);
	for (k = 0; k < 9; k++)
		printf("%s%.10g", k ? " " : "", fr->cell[k]);
	printf("\" Properties=species:S:1:pos:R:3:orig_index:I:1 pbc=\"T T T\""
	    " Frame=%llu Source_frame=%llu",
	    (unsigned long long)ordinal, (unsigned long long)fr->index);
	if (!isnan(h->dt_fs))
		printf(" Time=%.10g", (double)ordinal * h->dt_fs);
	printf("\n");
	for (i = 0; i < h->natoms; i++) {
		double r[3];

		cart_of(h, fr, i, r);
		printf("%s %.10f %.10f %.10f %u\n",
		    h->species[hop_header_species_of(h, i)].name, r[0], r[1],
		    r[2], h->orig_index[i]);
	}
}

/*
 * Table header lines are written with the first row, or at the end when
 * the stream is of the right kind, so that a refused stream leaves
 * standard output empty.
 */
static void
print_tsv_header(void)
{
	printf("frame\tatom\tspecies\tx\ty\tz\n");
}

static void
print_tsv(const struct hop_header *h, const struct hop_frame *fr,
    uint64_t ordinal, int *titled)
{
	uint32_t i;

	if (!*titled)
		print_tsv_header();
	*titled = 1;
	for (i = 0; i < h->natoms; i++) {
		const double *p = fr->pos + 3 * (size_t)i;

		printf("%llu\t%u\t%s\t%.10g\t%.10g\t%.10g\n",
		    (unsigned long long)ordinal, h->orig_index[i],
		    h->species[hop_header_species_of(h, i)].name, p[0], p[1],
		    p[2]);
	}
}

/*
 * The hop table: the columns of hop_tsv_header (the hop length is
 * IonDiff's, between the positions at the start and end frames), then
 * the times of those frames, the two sites' centres and the distance
 * between them.  kmeans-hops writes centres as means of unwrapped
 * positions, so the plain distance is the one between the sites joined.
 */
static void
print_hops_header(void)
{
	printf("atom\tspecies\tstart\tend\tduration_ps\tlength_A\tbackhop\t"
	    "start_ps\tend_ps\tfrom_x_A\tfrom_y_A\tfrom_z_A\tto_x_A\t"
	    "to_y_A\tto_z_A\tsite_dist_A\n");
}

static void
print_hop(const struct hop_header *h, const struct hop_event *hp)
{
	const double *a = hp->from_centre, *b = hp->to_centre;
	double ps = h->dt_fs / 1000.0; /* NaN when dt is unknown */

	printf("%u\t%s\t%llu\t%llu\t%.6g\t%.4f\t%d\t%.6g\t%.6g\t"
	    "%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\n", hp->atom,
	    h->species[hp->species].name, (unsigned long long)hp->start,
	    (unsigned long long)hp->end, hop_duration_ps(h, hp),
	    hop_length(hp), (hp->flags & HOP_EVENT_BACK) ? 1 : 0,
	    (double)hp->start * ps, (double)hp->end * ps, a[0], a[1], a[2],
	    b[0], b[1], b[2], hop_site_dist(hp));
}

static void
print_atom_header(void)
{
	printf("atom\tspecies\tnclusters\tsilhouette\tnhops\t"
	    "vib_rms_A\tsite_sep_A\n");
}

static void
print_atom(const struct hop_header *h, const struct hop_atom *a, int *titled)
{
	if (!*titled)
		print_atom_header();
	*titled = 1;
	printf("%u\t%s\t%u\t%.6g\t%u\t%.6g\t%.6g\n", a->atom,
	    h->species[a->species].name, a->nclusters, a->silhouette, a->nhops,
	    a->vib_rms_A, a->site_sep_A);
}

static int
cat(struct hop_reader *r, enum mode mode, struct hop_err *err)
{
	const struct hop_header *h = hop_reader_header(r);
	struct hop_record rec;
	struct hop_frame fr;
	struct hop_event hp;
	struct hop_atom a;
	uint64_t ordinal = 0;
	int st, titled = 0; /* the table's header line is out */

	while ((st = hop_reader_next(r, &rec, err)) == 1) {
		if (rec.type == HOP_REC_FRAME) {
			if (hop_frame_decode(r, &rec, &fr, err) != 0)
				return -1;
			if (mode == M_XYZ)
				print_xyz(h, &fr, ordinal);
			else if (mode == M_TSV)
				print_tsv(h, &fr, ordinal, &titled);
			ordinal++;
		} else if (rec.type == HOP_REC_HOP) {
			if (hop_event_decode(r, &rec, &hp, err) != 0)
				return -1;
			if (mode == M_HOPS) {
				if (!titled)
					print_hops_header();
				print_hop(h, &hp);
				titled = 1;
			}
		} else if (rec.type == HOP_REC_ATOM) {
			if (hop_atom_decode(r, &rec, &a, err) != 0)
				return -1;
			if (mode == M_ATOMS)
				print_atom(h, &a, &titled);
		}
	}
	if (st < 0)
		return -1;
	/*
	 * A stream of the other kind is an answer to give, not an empty
	 * table: a hop finder's stream has per-atom records (as hop_run_load
	 * decides) and no frames.  Neither test can pass once a row is out.
	 */
	if ((mode == M_ATOMS || (mode == M_HOPS && hop_reader_hops(r) == 0)) &&
	    hop_reader_atoms(r) == 0) {
		hop_err_set(err, "%s: a frame stream has no hops (--hops/"
		    "--atom-table want the output of kmeans-hops)",
		    hop_reader_name(r));
		return -1;
	}
	if ((mode == M_XYZ || mode == M_TSV) && ordinal == 0 &&
	    (hop_reader_atoms(r) > 0 || hop_reader_hops(r) > 0)) {
		hop_err_set(err, "%s: a hop stream has no frames (--xyz/--tsv "
		    "want frames)", hop_reader_name(r));
		return -1;
	}
	/* Headers of tables that stayed empty. */
	if (mode == M_HOPS && !titled)
		print_hops_header();
	else if (mode == M_TSV && !titled)
		print_tsv_header();
	else if (mode == M_ATOMS && !titled)
		print_atom_header();
	if (mode == M_HEADER)
		print_header(h, hop_reader_frames(r), hop_reader_hops(r),
		    hop_reader_atoms(r));
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		HOP_LONGOPTS_GLOBAL,
		HOP_LONGOPT_TSV,
		{"atom-table", no_argument, NULL, 'a'},
		{"atoms", optional_argument, NULL, OPT_OLD_ATOMS},
		{"header", no_argument, NULL, 'H'},
		{"hops", no_argument, NULL, 'p'},
		{"merge", no_argument, NULL, OPT_MERGE},
		{"xyz", no_argument, NULL, 'x'},
		{NULL, 0, NULL, 0}
	};
	enum mode mode = M_HEADER;
	struct hop_reader *r;
	struct hop_err err;
	int c, nmodes = 0, merge = 0, status = HOP_EXIT_OK;

	hop_cli_init(prog, usage);
	while ((c = getopt_long(argc, argv, HOP_OPTSTR_GLOBAL "aHpTx",
	    longopts, NULL)) != -1) {
		if (hop_cli_global(c))
			continue;
		switch (c) {
		case 'a':
			mode = M_ATOMS, nmodes++;
			break;
		case 'H':
			mode = M_HEADER, nmodes++;
			break;
		case 'p':
			mode = M_HOPS, nmodes++;
			break;
		case OPT_MERGE:
			merge = 1, nmodes++;
			break;
		case OPT_OLD_ATOMS:
			hop_usage_error("--atoms is now --atom-table (--atoms="
			    "RANGE selects atoms in the other tools)");
		case HOP_OPT_TSV:
			mode = M_TSV, nmodes++;
			break;
		case 'x':
			mode = M_XYZ, nmodes++;
			break;
		default:
			usage(stderr, HOP_EXIT_USAGE);
		}
	}
	if (nmodes > 1)
		hop_usage_error("choose one of --atom-table, --header, "
		    "--hops, --merge, --tsv, --xyz");
	if (merge) {
		if (optind >= argc)
			hop_usage_error("--merge needs the parts' hop streams");
		if (hop_cli_stream_stdout(&err) != 0) {
			hop_error("%s", err.msg);
			return HOP_EXIT_USAGE;
		}
		if (hop_merge_streams((const char *const *)argv + optind,
		    (size_t)(argc - optind), stdout, "<stdout>", prog,
		    HOP_VERSION, argc, argv, &err) != 0)
			status = hop_error("%s", err.msg);
		if (hop_cli_finish(&status, &err) != 0)
			hop_error("%s", err.msg);
		return status;
	}
	if (argc - optind > 1)
		usage(stderr, HOP_EXIT_USAGE);
	r = hop_reader_open_path(optind < argc ? argv[optind] : NULL, &err);
	if (r == NULL || cat(r, mode, &err) != 0)
		status = hop_error("%s", err.msg);
	hop_reader_free(r);
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
