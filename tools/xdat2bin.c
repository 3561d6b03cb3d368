/*
 * xdat2bin - convert a VASP XDATCAR trajectory into a hop stream: the
 * first tool of every pipeline.  It streams: one configuration in memory
 * at a time, whatever the length of the run.
 *
 * The time between frames comes from the INCAR found beside the XDATCAR
 * (POTIM x NBLOCK), unless --dt gives it.  common/xdatcar.c parses the
 * file; common/convert.c selects and writes the configurations, as it
 * does for lmp2bin and xyz2bin.
 */
#include <errno.h>
#include <getopt.h>
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "convert.h"
#include "incar.h"
#include "input.h"
#include "xdatcar.h"

#define INCAR_MAX (1u << 20) /* bytes: an INCAR is a few hundred */

static const char *prog = "xdat2bin";

enum { OPT_NAMES = 256 };

struct opts {
	struct hop_conv_opts conv; /* the options all converters take; a
	                            * NaN dt or temperature: from the INCAR */
	const char *incar;
	const char *names;
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: xdat2bin [options] [FILE]\n"
	    "Convert a VASP XDATCAR (FILE, plain, compressed or in an "
	    "archive, or standard input) into a hop stream on standard "
	    "output.\n"
	    HOP_CONV_HELP_ATOMS
	    "  -d, --dt=FS          time between configurations in the file, "
	    "in fs (default: POTIM x NBLOCK from the INCAR,\n"
	    "                       NBLOCK at least ML_OUTBLOCK in an MLFF "
	    "prediction run)\n"
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
	    "      --names=LIST     species names in file order, "
	    "comma-separated (default: the file's names line)\n"
	    "  -q, --quiet          no warnings on standard error\n"
	    "  -s, --species=LIST   keep only these species, comma-separated "
	    "(default: all)\n"
	    "  -t, --temperature=K  temperature in K (default: TEBEG from the "
	    "INCAR, else unknown)\n"
	    "  -V, --version        show the version and exit\n");
	hop_cli_exit(prog, status);
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
			hop_err_set(err, "%s: %s", given, strerror(ENOENT));
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
 * (K, NaN when unknown): *dt and *temp come from the options, and where
 * they are NaN from the INCAR (given, else found beside path).  0 or -1.
 */
/* Tag key's value lowered, quotes and dots dropped, into w (n bytes):
 * "run", "true", "t", ...  1, or 0 when the tag is absent, -1 (err)
 * when it is given twice. */
static int
incar_word(const struct hop_incar *inc, const char *key, char *w, size_t n,
    struct hop_err *err)
{
	const struct hop_incar_tag *tag;
	size_t i, j;
	int r;

	if ((r = hop_incar_find(inc, key, &tag, err)) != 1)
		return r;
	for (i = j = 0; tag->value[i] != '\0' && j + 1 < n; i++)
		if (strchr("'\".", tag->value[i]) == NULL)
			w[j++] = (char)tolower((unsigned char)tag->value[i]);
	w[j] = '\0';
	return 1;
}

/*
 * ML_OUTBLOCK of inc into *out: it thins XDATCAR in a prediction-only
 * machine-learned force-field run only (ML_LMLFF true, and ML_MODE = run,
 * or before ML_MODE, VASP 6.3, ML_ISTART = 2); with ML_LMLFF false or
 * absent (VASP's default) the ML tags are ignored and *out is 1.  An
 * ML_OUTBLOCK above 1 in a run of another mode is refused as ambiguous.
 * 1, or -1 with err set.
 */
static int
ml_outblock(const struct hop_incar *inc, uint64_t *out, struct hop_err *err)
{
	const struct hop_incar_tag *ob;
	uint64_t istart = 0;
	char lm[16], mode[16];
	int r, rm, ri;

	*out = 1;
	if ((r = hop_incar_u64(inc, "ML_OUTBLOCK", out, err)) <= 0)
		return r < 0 ? -1 : 1;
	if (*out <= 1 || (r = incar_word(inc, "ML_LMLFF", lm, sizeof(lm),
	    err)) == 0 || (r == 1 && (lm[0] == 'f' || strcmp(lm, "0") == 0))) {
		*out = 1;
		return 1;
	}
	if (r < 0 || (rm = incar_word(inc, "ML_MODE", mode, sizeof(mode),
	    err)) < 0 || (ri = hop_incar_u64(inc, "ML_ISTART", &istart,
	    err)) < 0)
		return -1;
	if ((rm == 1 && strcmp(mode, "run") == 0) ||
	    (rm == 0 && ri == 1 && istart == 2))
		return 1;
	hop_incar_find(inc, "ML_OUTBLOCK", &ob, err);
	hop_err_set(err, "%s:%llu: ML_OUTBLOCK = %llu thins XDATCAR in a "
	    "prediction-only run (ML_MODE = run, or ML_ISTART = 2 before "
	    "ML_MODE), and this run is %s%s: give --dt FS", inc->name,
	    (unsigned long long)ob->line, (unsigned long long)*out,
	    rm == 1 ? "ML_MODE = " : "neither", rm == 1 ? mode : "");
	return -1;
}

static int
read_time(const char *path, int is_archive, const char *incar, double *dt,
    double *temp, struct hop_err *err)
{
	const struct hop_incar_tag *tag;
	struct hop_incar inc;
	char *buf = NULL, *name = NULL;
	double potim = 0;
	uint64_t nblock = 0, outblock = 1;
	int r;

	if (!isnan(*dt) && !isnan(*temp))
		return 0;
	r = find_incar(path, is_archive, incar, &buf, &name, err);
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
		/* In a prediction-only MLFF run VASP writes XDATCAR every
		 * max(NBLOCK, ML_OUTBLOCK) steps (NBLOCK 1 when absent). */
		if (r == 1 && (r = ml_outblock(&inc, &outblock, err)) == 1 &&
		    (r = hop_incar_u64(&inc, "NBLOCK", &nblock, err)) == 0) {
			if (outblock > 1) {
				nblock = 1;
				r = 1;
			} else
				hop_err_set(err, "%s: NBLOCK not found (give "
				    "--dt FS)", inc.name);
		}
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
		*dt = potim * (double)(nblock > outblock ? nblock : outblock);
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
			hop_warn("%s; temperature unknown (give "
			    "--temperature K)", w.msg);
			*temp = NAN;
		}
		if (r == 0)
			*temp = NAN;
	}
	hop_incar_free(&inc);
	return 0;
}

/* xdat2bin's own options, for hop_conv_getopt: ctx is the struct opts
 * they set. */
static int
option(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	switch (c) {
	case 'i':
		o->incar = arg;
		return 1;
	case OPT_NAMES:
		o->names = arg;
		return 1;
	default:
		return hop_cli_global(c);
	}
}

static void
parse_options(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		HOP_CONV_LONGOPTS,
		{"incar", required_argument, NULL, 'i'},
		{"names", required_argument, NULL, OPT_NAMES},
		{NULL, 0, NULL, 0},
	};
	struct hop_err err;
	int r;

	hop_conv_opts_init(&o->conv, prog, argc, argv);
	o->incar = o->names = NULL;
	if ((r = hop_conv_getopt(&o->conv, argc, argv, HOP_CONV_OPTSTR "i:",
	    longopts, option, o, &err)) != 0)
		hop_usage_exit(&err, r == HOP_CONV_USAGE);
}

/*
 * The species table to select from: the file's, with names from --names,
 * or for a VASP 4 file without names from --species when it names every
 * species (then nothing is filtered: o->conv.species is set to NULL).
 */
static struct hop_species *
species_table(const struct hop_xdat_info *info, const char *src,
    struct opts *o, struct hop_err *err)
{
	struct hop_species *sp = calloc(info->nspecies, sizeof(*sp));
	const char *names = o->names;
	char where[600];

	if (sp == NULL) {
		hop_err_set(err, "%s: out of memory", src);
		return NULL;
	}
	memcpy(sp, info->species, info->nspecies * sizeof(*sp));
	if (names == NULL && !info->has_names && o->conv.species != NULL &&
	    count_names(o->conv.species) == info->nspecies) {
		names = o->conv.species;
		o->conv.species = NULL;
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

/* Hand the reader's configurations to the converter. */
static int
next_frame(void *ctx, struct hop_conv_frame *fr, struct hop_err *err)
{
	struct hop_xdat_frame xf;
	int r = hop_xdatcar_next(ctx, &xf, err);

	if (r == 1) {
		fr->line = xf.line;
		fr->step = 0;
		fr->cell = xf.cell;
		fr->pos = xf.pos;
	}
	return r;
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
	struct hop_conv_src src;
	const char *path;
	int status = HOP_EXIT_DATA;

	hop_cli_init(prog, usage);
	parse_options(argc, argv, &o);
	path = optind < argc ? argv[optind] : "-";
	setvbuf(stdout, NULL, _IOFBF, 1u << 20);
	if ((in = hop_input_open(path, o.conv.member, "XDATCAR*",
	    &err)) == NULL || (x = hop_xdatcar_open(in, &err)) == NULL)
		goto fail;
	info = hop_xdatcar_info(x);
	memset(&src, 0, sizeof(src));
	src.name = hop_input_name(in);
	if ((sp = species_table(info, src.name, &o, &err)) == NULL ||
	    read_time(path, hop_input_is_archive(in), o.incar, &o.conv.dt_fs,
	    &o.conv.temperature_K, &err) != 0)
		goto fail;
	/* The layout, not the first two cells, says whether it varies. */
	o.conv.variable_cell = info->variable_cell;
	src.title = info->title;
	src.natoms = info->natoms;
	src.nspecies = info->nspecies;
	src.species = sp;
	src.coords = HOP_COORDS_FRACTIONAL;
	src.frame_word = "configuration";
	src.input_word = "file";
	src.next = next_frame;
	src.ctx = x;
	if (hop_conv_run(&src, &o.conv, stdout, NULL, &err) != 0)
		goto fail;
	hop_cli_conv_warn(in, &src, NULL);
	status = HOP_EXIT_OK;
fail:
	if (status != HOP_EXIT_OK)
		hop_error("%s", err.msg);
	hop_xdatcar_free(x);
	hop_input_close(in);
	free(sp);
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
