/*
 * cli.h - what every hoptools program shares on its command line: the
 * shared options (one letter, one meaning across the toolkit), the error
 * and warning reporter, usage errors, checked allocation, the version,
 * checked number options, closing standard output, and progress on a
 * terminal.  This is the command-line layer: unlike the rest of common/,
 * its functions print and exit (hop_die, hop_usage_bad, hop_cli_exit).
 */
#ifndef HOP_CLI_H
#define HOP_CLI_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "err.h"
#include "list.h"
#include "stream.h"

#define HOP_VERSION "0.1.0"

/* Exit statuses, the same for every tool (and every man page). */
enum { HOP_EXIT_OK = 0, HOP_EXIT_DATA = 1, HOP_EXIT_USAGE = 2 };

/*
 * The shared options: one letter, one meaning in every tool (samtools'
 * SAM_OPT_GLOBAL_OPTIONS is the model).  Every tool takes --help,
 * --quiet and --version (HOP_LONGOPTS_GLOBAL, letters HOP_OPTSTR_GLOBAL);
 * a tool that has one of the others lists its HOP_LONGOPT_* entry and
 * letter, and no tool uses these letters for anything else.  Beyond
 * them too, a letter means one long option in every tool that has it,
 * and a long name takes a value in every tool that has it or in none
 * (tests/cli/options.sh checks every tool's --help).
 */
enum {
	HOP_OPT_HELP = 'h',        /* --help */
	HOP_OPT_VERSION = 'V',     /* --version */
	HOP_OPT_QUIET = 'q',       /* --quiet: no progress, no warnings */
	HOP_OPT_SPECIES = 's',     /* --species=LIST */
	HOP_OPT_JOBS = 'j',        /* --jobs=N: threads */
	HOP_OPT_SEED = 'r',        /* --seed=N */
	HOP_OPT_SVG = 'g',         /* --svg=FILE */
	HOP_OPT_JSON = 'J',        /* --json=FILE, '-' for standard output */
	HOP_OPT_TSV = 'T',         /* --tsv */
	HOP_OPT_TEMPERATURE = 't'  /* --temperature=K */
};

#define HOP_OPTSTR_GLOBAL "hqV"
#define HOP_LONGOPTS_GLOBAL \
	{"help", no_argument, NULL, HOP_OPT_HELP}, \
	{"quiet", no_argument, NULL, HOP_OPT_QUIET}, \
	{"version", no_argument, NULL, HOP_OPT_VERSION}
#define HOP_LONGOPT_SPECIES \
	{"species", required_argument, NULL, HOP_OPT_SPECIES}
#define HOP_LONGOPT_JOBS {"jobs", required_argument, NULL, HOP_OPT_JOBS}
#define HOP_LONGOPT_SEED {"seed", required_argument, NULL, HOP_OPT_SEED}
#define HOP_LONGOPT_SVG {"svg", required_argument, NULL, HOP_OPT_SVG}
#define HOP_LONGOPT_JSON {"json", required_argument, NULL, HOP_OPT_JSON}
#define HOP_LONGOPT_TSV {"tsv", no_argument, NULL, HOP_OPT_TSV}
#define HOP_LONGOPT_TEMPERATURE \
	{"temperature", required_argument, NULL, HOP_OPT_TEMPERATURE}

/*
 * The shared options of the drawing tools (every tool with --svg): the
 * figure's title and its axis labels, long options without a letter.
 * Their values lie above any tool's own long-only options (which count
 * from 256).  Each is TEXT in UTF-8; an empty TEXT leaves the title or
 * label out.  Without them each tool gives the title of what the figure
 * shows (never a file name) and its axes' quantities with their units.
 */
enum {
	HOP_OPT_TITLE = 0x1000, /* --title=TEXT */
	HOP_OPT_XLABEL,         /* --xlabel=TEXT */
	HOP_OPT_YLABEL          /* --ylabel=TEXT */
};
#define HOP_LONGOPTS_FIGURE \
	{"title", required_argument, NULL, HOP_OPT_TITLE}, \
	{"xlabel", required_argument, NULL, HOP_OPT_XLABEL}, \
	{"ylabel", required_argument, NULL, HOP_OPT_YLABEL}

/* What --title, --xlabel and --ylabel gave: NULL when not given. */
struct hop_cli_figure {
	const char *title, *xlabel, *ylabel;
};

/*
 * The getopt case of --title, --xlabel and --ylabel: arg into f and
 * return 1 (hop_usage_bad when arg is not UTF-8 text without control
 * characters, or longer than 500 bytes); 0 for any other c.
 */
int hop_cli_figure(struct hop_cli_figure *f, int c, const char *arg);

/*
 * The text a figure shows: the option's value when given (NULL for an
 * empty one: no title or label), else the tool's default def.
 */
const char *hop_cli_figure_text(const char *given, const char *def);

/*
 * The options of the Arrhenius analysis (msd --arrhenius, arrhenius),
 * long only: --at=K (1 to 1e5, the prediction's temperature) and
 * --material=NAME (not empty).  Their values lie above the figure's.
 */
enum {
	HOP_OPT_AT = 0x1100, /* --at=K */
	HOP_OPT_MATERIAL     /* --material=NAME */
};
#define HOP_LONGOPTS_ARRHENIUS \
	{"at", required_argument, NULL, HOP_OPT_AT}, \
	{"material", required_argument, NULL, HOP_OPT_MATERIAL}

/* What they gave; set at to its default (HOP_ARR_T_DEFAULT) first. */
struct hop_cli_arrhenius {
	double at;
	const char *material; /* NULL: not given */
};

/* The getopt case of --at and --material: arg into a and return 1
 * (hop_usage_bad when out of range or empty); 0 for any other c. */
int hop_cli_arrhenius(struct hop_cli_arrhenius *a, int c, const char *arg);

/* The most threads --jobs takes. */
/*
 * --atoms=RANGE (atoms by original index, atomrange.h) and
 * --max-memory=SIZE (memsize.h): long only, shared by the tools that
 * take them (kmeans-hops, msd, hopsplit and, through convert.h, every
 * converter).
 */
enum {
	HOP_OPT_ATOMS = 0x1200, /* --atoms=RANGE */
	HOP_OPT_MAX_MEMORY      /* --max-memory=SIZE */
};
#define HOP_LONGOPT_ATOMS {"atoms", required_argument, NULL, HOP_OPT_ATOMS}
#define HOP_LONGOPT_MAX_MEMORY \
	{"max-memory", required_argument, NULL, HOP_OPT_MAX_MEMORY}

struct hop_atomrange;
/* --atoms=ARG into r (replaced), or a usage error: "PROG: invalid
 * --atoms 'ARG': ranges 0-10 and 5-20 overlap". */
void hop_cli_atoms(struct hop_atomrange *r, const char *arg);
/* --max-memory=ARG in bytes, or hop_usage_bad. */
uint64_t hop_cli_max_memory(const char *arg);
/* The default --max-memory: the machine's physical memory (UINT64_MAX
 * when unknown). */
uint64_t hop_cli_max_memory_default(void);
/*
 * Before a tool loads a run: state on standard error, when it is a
 * terminal and without --quiet (as the progress line), "PROG: NAME: needs
 * about 435 MiB (WHAT)" and, when need exceeds limit,
 * refuse: "PROG: NAME: needs about 12 GiB (WHAT), more than --max-memory
 * 7.7 GiB; split the run by atoms (--atoms RANGE on each part, or
 * hopsplit, then SPLIT)", split naming how the parts come together.  0,
 * or HOP_EXIT_DATA after the refusal is printed.
 */
int hop_cli_memory_check(const char *name, uint64_t need, uint64_t limit,
    const char *what, const char *split);

#define HOP_JOBS_MAX 64

/* The program's name, as hop_cli_init set it ("hoptools" before). */
extern const char *hop_prog;
/* Set by --quiet (hop_cli_global): no warnings, no progress line. */
extern int hop_quiet;

/*
 * Call first in main(): the program's name for every message, and its
 * usage function (help on fp, then hop_cli_exit(prog, status)), which
 * hop_cli_global and the usage errors call.
 */
void hop_cli_init(const char *prog, void (*usage)(FILE *fp, int status));

/*
 * The getopt case of a shared option without argument: 'h' prints the
 * help and exits 0, 'V' the version and exits, 'q' sets hop_quiet and
 * returns 1.  Returns 0 for any other c.
 */
int hop_cli_global(int c);

/*
 * The one error reporter: flush standard output, then "PROG: MESSAGE" on
 * standard error (the message says where before what: "run/XDATCAR:1043:
 * expected 3 coordinates, got 2").  hop_die exits with HOP_EXIT_DATA;
 * hop_error returns HOP_EXIT_DATA, for a tool that cleans up or goes on.
 */
_Noreturn void hop_die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
int hop_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "PROG: warning: MESSAGE" on standard error (stdout flushed first),
 * unless --quiet. */
void hop_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Usage errors, exit HOP_EXIT_USAGE after the usage on standard error:
 * hop_usage_bad for a bad option value ("PROG: invalid --OPT 'ARG' (want
 * WANT)"; opt without its dashes), hop_usage_error for anything else
 * ("PROG: MESSAGE").
 */
_Noreturn void hop_usage_bad(const char *opt, const char *arg,
    const char *want);
_Noreturn void hop_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * A usage error that code which may not print (common/) gave back in
 * err: "PROG: MESSAGE" (nothing for an empty message: getopt has said
 * which option), the usage on standard error when with_usage is set,
 * exit HOP_EXIT_USAGE.
 */
_Noreturn void hop_usage_exit(const struct hop_err *err, int with_usage);

/*
 * Checked allocation: on failure, hop_die("out of memory").  A count of
 * zero allocates one byte, so that the result is never NULL.
 * hop_xreallocarray checks n * size for overflow.
 */
void *hop_xmalloc(size_t size);
void *hop_xcalloc(size_t n, size_t size);
void *hop_xreallocarray(void *p, size_t n, size_t size);
char *hop_xstrdup(const char *s);

/*
 * The one list parser of option values: a comma-separated list of
 * non-empty items into l (hop_list_parse, list.h); an empty list or item
 * is hop_usage_bad(opt, arg, want), running out of memory hop_die.
 */
void hop_cli_list(struct hop_list *l, const char *opt, const char *arg,
    const char *want);

/* --jobs: the number of online CPUs, at most HOP_JOBS_MAX (1 if unknown). */
unsigned hop_cli_jobs_default(void);
/* --jobs=ARG: 1 to HOP_JOBS_MAX, else hop_usage_bad. */
unsigned hop_cli_jobs(const char *arg);

/* Parse a whole string as an unsigned integer in [min, max]. 0 or -1. */
int hop_cli_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* Parse a whole string as a finite number in [min, max]. 0 or -1. */
int hop_cli_double(const char *s, double min, double max, double *out);

/*
 * Flush and close standard output, so that a full disk or a closed pipe
 * is reported instead of passing for success. 0 or -1 (errno set).
 */
int hop_cli_close_stdout(void);

/*
 * The end of a tool's main(): close standard output (as above).  When
 * *status is HOP_EXIT_OK and that fails, *status becomes HOP_EXIT_DATA and
 * -1 is returned with err set to the message the tool prints
 * ("<stdout>: write error: No space left on device"); else 0.
 */
int hop_cli_finish(int *status, struct hop_err *err);

/*
 * For a tool about to write a binary stream: -1 with err set when
 * standard output is a terminal (the stream would only garble it), else 0.
 */
int hop_cli_stream_stdout(struct hop_err *err);

/*
 * Leave the program after --help (status HOP_EXIT_OK) or a usage error:
 * exit with status, or with HOP_EXIT_DATA and "PROG: <stdout>: write
 * error: ..." on stderr when status is HOP_EXIT_OK and standard output
 * cannot be written (--help >/dev/full).
 */
_Noreturn void hop_cli_exit(const char *prog, int status);

/* --version: print "PROG (hoptools) VERSION" and hop_cli_exit(). */
_Noreturn void hop_cli_version(const char *prog);

/* Progress on stderr when stderr is a terminal and not --quiet; silent
 * otherwise. */
struct hop_progress {
	int on;
	const char *what;
	uint64_t total;
	struct timespec t0;
	double last;
};

void hop_progress_start(struct hop_progress *p, const char *what,
    uint64_t total);
/* Report done of total, at most a few times a second. */
void hop_progress_update(struct hop_progress *p, uint64_t done);
/* Erase the progress line. */
void hop_progress_end(struct hop_progress *p);

/*
 * --frame-species (msd, vanhove): list names each species once, and not
 * the one analysed (species, when given; NULL: the default, checked
 * against the header later).  Else a usage error.
 */
void hop_cli_frame_species(const char *list, const char *species);

/* The long name of option c in the getopt_long table lo, or NULL. */
const char *hop_cli_long_name(const struct option *lo, int c);

/*
 * The framework of a drift correction (species.h,
 * hop_species_drift_framework: drift, list, sp, frame, names of len
 * bytes), with the warning when a part of hopsplit holds only a share of
 * it.  name prefixes messages.  0, or -1 with err set.
 */
int hop_cli_drift_framework(const struct hop_header *h, int drift,
    const char *list, int sp, const char *name, unsigned char *frame,
    char *names, size_t len, struct hop_err *err);

struct hop_input;
struct hop_conv_src;
struct hop_conv_report;

/*
 * A converter's warnings once its stream is written: in's last line had
 * no newline (hop_input_unterminated: a file cut short?; in NULL: no text
 * input), and rep's big steps (hop_conv_report_text; rep NULL: none
 * asked for).
 */
void hop_cli_conv_warn(const struct hop_input *in,
    const struct hop_conv_src *src, const struct hop_conv_report *rep);

#endif
