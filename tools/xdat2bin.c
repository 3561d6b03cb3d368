/*
 * xdat2bin - convert a VASP XDATCAR trajectory into a hop stream: the
 * first tool of every pipeline.  It streams: one configuration in memory
 * at a time, whatever the length of the run.
 *
 * The time between frames comes from the INCAR found beside the XDATCAR
 * (POTIM x NBLOCK), unless --dt gives it.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "incar.h"
#include "input.h"
#include "select.h"
#include "stream.h"
#include "xdatcar.h"

#define INCAR_MAX (1u << 20) /* bytes: an INCAR is a few hundred */

static const char *prog = "xdat2bin";

struct opts {
	double dt;          /* NaN: from the INCAR */
	double temp;        /* NaN: from the INCAR */
	struct hop_frame_sel sel;
	const char *incar;
	const char *member;
	const char *names;
	const char *species;
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: xdat2bin [options] [FILE]\n"
	    "Convert a VASP XDATCAR (FILE, plain, compressed or in an "
	    "archive, or standard input) into a hop stream on standard "
	    "output.\n"
	    "  -d, --dt=FS          time between configurations in the file, "
	    "in fs (default: POTIM x NBLOCK from the INCAR)\n"
	    "  -e, --every=N        keep every Nth configuration from --first "
	    "on (default: 1)\n"
	    "  -f, --first=N        first configuration kept, counted from 0 "
	    "(default: 0)\n"
	    "  -h, --help           show this help and exit\n"
	    "  -i, --incar=FILE     INCAR giving POTIM, NBLOCK and TEBEG "
	    "(default: INCAR beside FILE or in its archive)\n"
	    "  -l, --last=N         last configuration kept, inclusive "
	    "(default: the file's last)\n"
	    "  -m, --member=NAME    archive member holding the trajectory "
	    "(default: the first named XDATCAR*)\n"
	    "  -n, --names=LIST     species names in file order, "
	    "comma-separated (default: the file's names line)\n"
	    "  -s, --species=LIST   keep only these species, comma-separated "
	    "(default: all)\n"
	    "  -t, --temperature=K  temperature in K (default: TEBEG from the "
	    "INCAR, else unknown)\n"
	    "  -V, --version        show the version and exit\n");
	exit(status);
}

static void
bad_option(const char *opt, const char *arg, const char *want)
{
	fprintf(stderr, "%s: %s '%s': %s\n", prog, opt, arg, want);
	usage(stderr, HOP_EXIT_USAGE);
}

/*
 * Set sp's names from the comma-separated list: exactly nsp non-empty
 * names of at most HOP_MAX_NAME bytes.  0, or -1 with err set.
 */
static int
set_names(struct hop_species *sp, uint32_t nsp, const char *list,
    const char *where, struct hop_err *err)
{
	const char *p = list;
	uint32_t i = 0;

	for (;;) {
		size_t n = strcspn(p, ",");

		if (n == 0 || n > HOP_MAX_NAME) {
			hop_err_set(err, "%s: species name '%.*s' in '%s' is "
			    "empty or longer than %u bytes", where,
			    (int)(n > 64 ? 64 : n), p, list, HOP_MAX_NAME);
			return -1;
		}
		if (i < nsp) {
			memcpy(sp[i].name, p, n);
			sp[i].name[n] = '\0';
		}
		i++;
		p += n;
		if (*p == '\0')
			break;
		p++;
	}
	if (i != nsp) {
		hop_err_set(err, "%s: %u species names given ('%s') for the %u "
		    "atom counts of the file", where, i, list, nsp);
		return -1;
	}
	return 0;
}

/* Count the names of a comma-separated list. */
static uint32_t
count_names(const char *list)
{
	uint32_t n = 1;

	for (; *list; list++)
		n += *list == ',';
	return n;
}

/*
 * Read the INCAR that goes with the trajectory at path: --incar, else the
 * archive's INCAR member, else INCAR (or INCAR.gz, ...) in the same
 * directory.  Standard input has no directory and cannot be read twice,
 * so only --incar serves it.  Returns 1 with *buf and *name (both
 * malloc'ed), 0 when none exists, -1 on error.
 */
static int
find_incar(const char *path, int is_archive, const char *given, char **buf,
    char **name, struct hop_err *err)
{
	static const char *const suffix[] = {"", ".gz", ".xz", ".bz2", ".zst"};
	size_t len, dirlen, i;
	const char *slash;
	int r;

	if (given != NULL) {
		r = hop_input_slurp(given, NULL, INCAR_MAX, buf, &len, err);
		if (r == 0)
			hop_err_set(err, "%s: no such file", given);
		if (r != 1 || (*name = strdup(given)) != NULL)
			return r == 1 ? 1 : -1;
		goto nomem;
	}
	if (strcmp(path, "-") == 0)
		return 0;
	if (is_archive) {
		r = hop_input_slurp(path, "INCAR", INCAR_MAX, buf, &len, err);
		if (r < 0)
			return -1;
		if (r == 1) {
			if ((*name = malloc(strlen(path) + 7)) == NULL)
				goto nomem;
			sprintf(*name, "%s:INCAR", path);
			return 1;
		}
	}
	slash = strrchr(path, '/');
	dirlen = slash != NULL ? (size_t)(slash - path) + 1 : 0;
	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		if ((*name = malloc(dirlen + 10)) == NULL)
			goto nomem;
		sprintf(*name, "%.*sINCAR%s", (int)dirlen, path, suffix[i]);
		r = hop_input_slurp(*name, NULL, INCAR_MAX, buf, &len, err);
		if (r == 1)
			return 1;
		free(*name);
		*name = NULL;
		if (r < 0)
			return -1;
	}
	return 0;
nomem:
	hop_err_set(err, "out of memory");
	return -1;
}

/*
 * The time between configurations of the file (fs) and the temperature
 * (K, NaN when unknown), from the options or else the INCAR.  0 or -1.
 */
static int
read_time(const char *path, int is_archive, const struct opts *o,
    double *dt, double *temp, struct hop_err *err)
{
	const struct hop_incar_tag *tag;
	struct hop_incar inc;
	char *buf = NULL, *name = NULL;
	double potim = 0;
	uint64_t nblock = 0;
	int r;

	*dt = o->dt;
	*temp = o->temp;
	if (!isnan(*dt) && !isnan(*temp))
		return 0;
	r = find_incar(path, is_archive, o->incar, &buf, &name, err);
	if (r < 0)
		return -1;
	if (r == 0) {
		if (!isnan(*dt))
			return 0; /* the temperature stays unknown */
		if (strcmp(path, "-") == 0)
			hop_err_set(err, "<stdin>: no INCAR is looked for with "
			    "standard input (give --incar FILE or --dt FS)");
		else
			hop_err_set(err, "%s: no INCAR beside it (give --incar "
			    "FILE or --dt FS)", path);
		return -1;
	}
	r = hop_incar_parse(buf, strlen(buf), name, &inc, err);
	free(buf);
	free(name);
	if (r != 0)
		return -1;
	if (isnan(*dt)) {
		if ((r = hop_incar_double(&inc, "POTIM", &potim, err)) == 0)
			hop_err_set(err, "%s: POTIM not found (give --dt FS)",
			    inc.name);
		if (r == 1 && potim <= 0) {
			hop_incar_find(&inc, "POTIM", &tag, err);
			hop_err_set(err, "%s:%llu: POTIM = '%s' is not a positive"
			    " time step", inc.name,
			    (unsigned long long)tag->line, tag->value);
			r = -1;
		}
		if (r == 1 &&
		    (r = hop_incar_u64(&inc, "NBLOCK", &nblock, err)) == 0)
			hop_err_set(err, "%s: NBLOCK not found (give --dt FS)",
			    inc.name);
		if (r == 1 && nblock == 0) {
			hop_incar_find(&inc, "NBLOCK", &tag, err);
			hop_err_set(err, "%s:%llu: NBLOCK = 0: at least 1 step "
			    "between configurations", inc.name,
			    (unsigned long long)tag->line);
			r = -1;
		}
		if (r != 1) {
			hop_incar_free(&inc);
			return -1;
		}
		*dt = potim * (double)nblock;
	}
	if (isnan(*temp)) {
		struct hop_err w;

		r = hop_incar_double(&inc, "TEBEG", temp, &w);
		if (r == 1 && *temp < 0) {
			hop_incar_find(&inc, "TEBEG", &tag, &w);
			hop_err_set(&w, "%s:%llu: TEBEG = '%s' is negative",
			    inc.name, (unsigned long long)tag->line,
			    tag->value);
			r = -1;
		}
		/* The temperature is only a label: a bad one is not fatal. */
		if (r < 0) {
			fprintf(stderr, "%s: warning: %s; temperature unknown "
			    "(give --temperature K)\n", prog, w.msg);
			*temp = NAN;
		}
		if (r == 0)
			*temp = NAN;
	}
	hop_incar_free(&inc);
	return 0;
}

static void
parse_options(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{"dt", required_argument, NULL, 'd'},
		{"every", required_argument, NULL, 'e'},
		{"first", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{"incar", required_argument, NULL, 'i'},
		{"last", required_argument, NULL, 'l'},
		{"member", required_argument, NULL, 'm'},
		{"names", required_argument, NULL, 'n'},
		{"species", required_argument, NULL, 's'},
		{"temperature", required_argument, NULL, 't'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;

	o->dt = NAN;
	o->temp = NAN;
	hop_frame_sel_init(&o->sel);
	o->incar = o->member = o->names = o->species = NULL;
	while ((c = getopt_long(argc, argv, "d:e:f:hi:l:m:n:s:t:V", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'd':
			if (hop_cli_double(optarg, 0, 1e12, &o->dt) != 0 ||
			    o->dt <= 0)
				bad_option("--dt", optarg,
				    "a positive time in fs expected");
			break;
		case 'e':
			if (hop_cli_u64(optarg, 1, UINT64_MAX,
			    &o->sel.every) != 0)
				bad_option("--every", optarg,
				    "a whole number of at least 1 expected");
			break;
		case 'f':
			if (hop_cli_u64(optarg, 0, UINT64_MAX - 1,
			    &o->sel.first) != 0)
				bad_option("--first", optarg,
				    "a whole number expected");
			break;
		case 'h':
			usage(stdout, HOP_EXIT_OK);
			break;
		case 'i':
			o->incar = optarg;
			break;
		case 'l':
			if (hop_cli_u64(optarg, 0, UINT64_MAX - 1,
			    &o->sel.last) != 0)
				bad_option("--last", optarg,
				    "a whole number expected");
			break;
		case 'm':
			o->member = optarg;
			break;
		case 'n':
			o->names = optarg;
			break;
		case 's':
			o->species = optarg;
			break;
		case 't':
			if (hop_cli_double(optarg, 0, 1e7, &o->temp) != 0)
				bad_option("--temperature", optarg,
				    "a temperature in K expected");
			break;
		case 'V':
			printf("%s (hoptools) %s\n", prog, HOP_VERSION);
			exit(hop_cli_close_stdout() == 0 ? HOP_EXIT_OK :
			    HOP_EXIT_DATA);
		default:
			usage(stderr, HOP_EXIT_USAGE);
		}
	}
	if (o->sel.first > o->sel.last) {
		fprintf(stderr, "%s: --first %llu is after --last %llu\n", prog,
		    (unsigned long long)o->sel.first,
		    (unsigned long long)o->sel.last);
		exit(HOP_EXIT_USAGE);
	}
}

/*
 * The species table to select from: the file's, with names from --names,
 * or for a VASP 4 file without names from --species when it names every
 * species (then nothing is filtered: *filter is set to NULL).
 */
static struct hop_species *
species_table(const struct hop_xdat_info *info, const char *src,
    const struct opts *o, const char **filter, struct hop_err *err)
{
	struct hop_species *sp = calloc(info->nspecies, sizeof(*sp));
	const char *names = o->names;
	char where[600];

	*filter = o->species;
	if (sp == NULL) {
		hop_err_set(err, "%s: out of memory", src);
		return NULL;
	}
	memcpy(sp, info->species, info->nspecies * sizeof(*sp));
	if (names == NULL && !info->has_names && o->species != NULL &&
	    count_names(o->species) == info->nspecies) {
		names = o->species;
		*filter = NULL;
	}
	if (names == NULL && !info->has_names) {
		hop_err_set(err, "%s:%llu: no species names line (VASP 4 "
		    "layout): name the %u species with --names A,B,... in the "
		    "order of these counts", src,
		    (unsigned long long)info->counts_line, info->nspecies);
		free(sp);
		return NULL;
	}
	snprintf(where, sizeof(where), "%s:%llu", src,
	    (unsigned long long)info->counts_line);
	if (names != NULL &&
	    set_names(sp, info->nspecies, names, where, err) != 0) {
		free(sp);
		return NULL;
	}
	return sp;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct hop_err err;
	struct hop_input *in = NULL;
	struct hop_xdatcar *x = NULL;
	const struct hop_xdat_info *info;
	struct hop_species *sp = NULL;
	struct hop_atom_sel asel = {0, 0, NULL, 0};
	struct hop_header h;
	struct hop_writer *w = NULL;
	struct hop_xdat_frame fr;
	struct hop_progress bar;
	const char *path, *filter, *src = NULL;
	double dt, temp, *buf = NULL;
	uint64_t nread = 0;
	int r, status = HOP_EXIT_DATA;

	parse_options(argc, argv, &o);
	if (argc - optind > 1) {
		fprintf(stderr, "%s: one input file at most\n", prog);
		usage(stderr, HOP_EXIT_USAGE);
	}
	path = optind < argc ? argv[optind] : "-";
	if (isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s: standard output is a terminal: redirect "
		    "it to a file or pipe it into another tool\n", prog);
		return HOP_EXIT_USAGE;
	}
	setvbuf(stdout, NULL, _IOFBF, 1u << 20);
	hop_header_init(&h);

	if ((in = hop_input_open(path, o.member, "XDATCAR*", &err)) == NULL)
		goto fail;
	src = hop_input_name(in);
	if ((x = hop_xdatcar_open(in, &err)) == NULL)
		goto fail;
	info = hop_xdatcar_info(x);
	if ((sp = species_table(info, src, &o, &filter, &err)) == NULL ||
	    read_time(path, hop_input_is_archive(in), &o, &dt, &temp,
	    &err) != 0)
		goto fail;
	if (hop_atom_sel_build(&h, &asel, sp, info->nspecies, info->natoms,
	    NULL, filter, &err) != 0) {
		char msg[HOP_ERR_MAX];

		memcpy(msg, err.msg, sizeof(msg));
		hop_err_set(&err, "%s: %s", src, msg);
		goto fail;
	}
	h.coords = HOP_COORDS_FRACTIONAL;
	h.flags = info->variable_cell ? HOP_FLAG_VARIABLE_CELL : 0;
	h.dt_fs = dt * (double)o.sel.every;
	h.temperature_K = temp;
	h.nframes = 0; /* unknown until the end of the stream */
	if ((h.title = strdup(info->title)) == NULL ||
	    (!asel.identity && (buf = malloc((size_t)asel.nout * 3 *
	    sizeof(double))) == NULL)) {
		hop_err_set(&err, "%s: out of memory", src);
		goto fail;
	}
	if (hop_header_add_prov(&h, prog, HOP_VERSION, argc, argv, &err) != 0)
		goto fail;

	hop_progress_start(&bar, "configurations", 0);
	while ((r = hop_xdatcar_next(x, &fr, &err)) == 1) {
		int keep = hop_frame_sel_keep(&o.sel, fr.ordinal);

		if (keep < 0)
			break;
		nread++;
		hop_progress_update(&bar, nread);
		if (keep == 0)
			continue;
		/* The header carries the first kept frame's cell. */
		if (w == NULL) {
			memcpy(h.cell, fr.cell, sizeof(h.cell));
			if ((w = hop_writer_open(stdout, "<stdout>", &h,
			    &err)) == NULL) {
				r = -1;
				break;
			}
		}
		if (hop_write_frame(w, fr.ordinal, fr.cell,
		    hop_atom_sel_gather(&asel, fr.pos, buf), &err) != 0) {
			r = -1;
			break;
		}
	}
	hop_progress_end(&bar);
	if (r < 0)
		goto fail;
	if (w == NULL) {
		hop_err_set(&err, "%s: no configuration selected: the file has "
		    "%llu (numbered 0 to %llu)", src,
		    (unsigned long long)nread,
		    (unsigned long long)nread - 1);
		goto fail;
	}
	/* Only a complete conversion gets its END record. */
	if (hop_writer_finish(w, &err) != 0)
		goto fail;
	status = HOP_EXIT_OK;
fail:
	if (status != HOP_EXIT_OK) {
		fflush(stdout);
		fprintf(stderr, "%s: %s\n", prog, err.msg);
	}
	hop_writer_free(w);
	hop_xdatcar_free(x);
	hop_input_close(in);
	hop_atom_sel_free(&asel);
	hop_header_free(&h);
	free(sp);
	free(buf);
	if (hop_cli_close_stdout() != 0 && status == HOP_EXIT_OK) {
		fprintf(stderr, "%s: write error on standard output\n", prog);
		status = HOP_EXIT_DATA;
	}
	return status;
}
