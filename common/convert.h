/*
 * convert.h - what the trajectory converters (xdat2bin, lmp2bin,
 * xyz2bin) share: their common options, and the output half of the
 * conversion: look ahead at the first two frames to decide whether the
 * cell varies and how much time lies between frames, build the header
 * (species selection, provenance), then write the selected frames as
 * they come.
 *
 * Memory is two frames, whatever the number of frames.  Nothing is
 * written before the header is known; on any error the END record is
 * not written, so every reader downstream sees a truncated stream.
 */
#ifndef HOP_CONVERT_H
#define HOP_CONVERT_H

#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "select.h"
#include "stream.h"

/* One input frame, as a parser hands it out: a view valid until the
 * parser's next call. */
struct hop_conv_frame {
	uint64_t line;       /* line where the frame starts, for messages */
	int64_t step;        /* MD step number (LAMMPS TIMESTEP); unused
	                      * when the source has no steps */
	const double *cell;  /* 9: rows a, b, c in Angstrom */
	const double *pos;   /* 3 x natoms, in the source's coords kind */
	double time_fs;      /* the frame's time in fs (CP2K); read only
	                      * when the source has times */
};

/* Where frames come from.  next() returns 1 with *fr set, 0 at the end
 * of the input, -1 with err set ("FILE:LINE: ..."). */
struct hop_conv_src {
	const char *name;        /* the input's name, for messages */
	const char *title;       /* the header's title */
	uint32_t natoms;         /* atoms in every input frame */
	uint32_t nspecies;       /* the input's species table ... */
	const struct hop_species *species; /* ... names (counts unused);
	                          * a name given twice is one species
	                          * (hop_atom_sel_build) */
	const uint32_t *atom_species; /* each input atom's species index */
	uint32_t coords;         /* HOP_COORDS_* of pos */
	int has_steps;           /* frames carry step numbers */
	int has_times;           /* frames carry times (time_fs): the time
	                          * per frame is the first two frames'
	                          * difference, or --dt, and every frame's
	                          * time must follow that spacing */
	const char *frame_word;  /* a frame in messages; NULL: "frame" */
	const char *input_word;  /* the input in messages; NULL: "input" */
	int line_is_frame;       /* fr->line is the frame's 0-based number
	                          * in the input, not a line: messages say
	                          * "NAME: frame N:" rather than "NAME:N:" */
	const int *periodic;     /* 3 flags, 0 for a cell axis that is not
	                          * periodic, or NULL: all periodic.  With
	                          * fractional positions, an atom whose
	                          * coordinate along such an axis changes by
	                          * half a cell or more between two frames
	                          * written is an error: unwrap would carry
	                          * it across the boundary */
	const char *periodic_hint; /* said after that error, or NULL */
	int (*next)(void *ctx, struct hop_conv_frame *fr, struct hop_err *err);
	void *ctx;
};

/* What the command line asked for. */
struct hop_conv_opts {
	struct hop_frame_sel frames;
	const char *species;   /* comma-separated species to keep, or NULL */
	const char *atoms;     /* --atoms: RANGE of original indices to keep
	                        * (atomrange.h; with species, the atoms in
	                        * both), or NULL */
	const char *member;    /* --member: the archive member, or NULL */
	double dt_fs;          /* --dt: time per input frame; NaN if not given */
	double step_fs;        /* --timestep: the MD time step; NaN if not
	                        * given (needs src->has_steps) */
	double temperature_K;  /* NaN if not given */
	int variable_cell;     /* 1: declare the cell variable whatever the
	                        * first two frames say */
	const char *need_path; /* set by the tool before hop_conv_getopt:
	                        * why the input must be named ("HDF5 files
	                        * are read from a path"), or NULL: none or
	                        * '-' reads standard input */
	const char *prog;      /* for the provenance entry */
	int argc;
	char **argv;
};

/* Set o to the defaults (every frame and species, times unknown) for
 * program prog run as argv (for the provenance entry). */
void hop_conv_opts_init(struct hop_conv_opts *o, const char *prog,
    int argc, char **argv);

/*
 * The options the converters share, by short letter: 'd' --dt, 'D'
 * --timestep, 'e' --every, 'f' --first, 'l' --last, 'm' --member, 's'
 * --species, 't' --temperature, 'v' --variable-cell, and the long-only
 * HOP_OPT_ATOMS --atoms (cli.h) (each tool lists in
 * its getopt string those it takes; 's' and 't' are the toolkit's shared
 * letters, cli.h).  Returns 1 when c is one of them with a good argument,
 * 0 when c is not one of them, -1 with err set to the usage error
 * ("invalid --dt '0' (want a positive time in fs)", as hop_usage_bad
 * words it).
 */
int hop_conv_option(struct hop_conv_opts *o, int c, const char *arg,
    struct hop_err *err);

/* The long options every converter takes (with cli.h's global ones), to
 * head its option table, and their getopt letters (the tool includes
 * getopt.h and cli.h). */
#define HOP_CONV_LONGOPTS \
	HOP_LONGOPTS_GLOBAL, \
	HOP_LONGOPT_SPECIES, \
	HOP_LONGOPT_TEMPERATURE, \
	{"dt", required_argument, NULL, 'd'}, \
	{"every", required_argument, NULL, 'e'}, \
	{"first", required_argument, NULL, 'f'}, \
	{"last", required_argument, NULL, 'l'}, \
	{"member", required_argument, NULL, 'm'}, \
	HOP_LONGOPT_ATOMS
/* --atoms's line in a converter's --help (man/xdat2bin.1 words it). */
#define HOP_CONV_HELP_ATOMS \
	"      --atoms=RANGE      keep only these atoms, by 0-based index in " \
	"the input: 0-999,2500 (with --species: the atoms in both; " \
	"default: all)\n"
#define HOP_CONV_OPTSTR HOP_OPTSTR_GLOBAL "d:e:f:l:m:s:t:"

/*
 * Checks once the options are parsed: --first not after --last, nargs
 * (the operands left) at most one, standard output not a terminal.
 * 0, or -1 with err set: a usage error.
 */
int hop_conv_opts_check(const struct hop_conv_opts *o, int nargs,
    struct hop_err *err);

/*
 * A converter's command line, to the end of its options:
 * getopt_long(argc, argv, optstr, longopts, NULL), each option offered
 * first to the tool's own(ctx, c, optarg) (its own options and cli.h's
 * global ones: 1 taken, 0 not its own; own may exit, as --help and
 * hop_usage_bad do), then to hop_conv_option; then, with o->need_path,
 * an input operand required; then hop_conv_opts_check on the operands
 * left (argv[optind] on).  Returns 0, or, with err set, one of:
 *   HOP_CONV_USAGE   an option nobody takes (err's message empty:
 *                    getopt has named it), a bad option argument
 *                    ("invalid --dt '0' (want a positive time in fs)")
 *                    or no input ("no input file (NEED_PATH)"): a usage
 *                    error, said with the usage;
 *   HOP_CONV_REFUSED hop_conv_opts_check's refusal, said without it.
 * Both exit HOP_EXIT_USAGE: the tool calls hop_usage_exit(&err,
 * r == HOP_CONV_USAGE) (cli.h).
 */
enum { HOP_CONV_USAGE = -1, HOP_CONV_REFUSED = -2 };
struct option;
int hop_conv_getopt(struct hop_conv_opts *o, int argc, char **argv,
    const char *optstr, const struct option *longopts,
    int (*own)(void *ctx, int c, const char *arg), void *ctx,
    struct hop_err *err);

/*
 * Convert: the frames come from src->next.  The cell is declared
 * variable when opts->variable_cell is set or the first two frames'
 * cells differ; a fixed-cell stream whose later frame has another cell
 * is an error.  Fractional positions are wrapped into [0, 1), whatever
 * the source wrote, so that the same trajectory gives the same stream
 * (and the same first unwrapped position) from any format.  The time per
 * output frame is opts->dt_fs, or the step difference of the first two
 * frames times opts->step_fs (then every frame's step must follow the
 * same spacing), times the --every stride; with neither, an error.
 * When the source has times, the first two frames' time difference is
 * the time per frame unless opts->dt_fs gives it, and every frame's time
 * must lie within 1e-3 fs (the 3 decimals CP2K prints) of the first
 * frame's plus its ordinal times that time per frame.
 * Writes the stream on out (named "<stdout>") and its END record.
 * With unwrapped positions, the steps of half a cell or more along a
 * periodic axis between two frames written are counted into rep (when
 * not NULL): unwrap assumes none, so there they are most likely wrapped
 * positions read as unwrapped or image flags a restart reset, each a
 * false jump across the cell.  Returns 0, or -1 with err set.
 */
struct hop_conv_report {
	uint64_t big_steps;  /* atom steps of half a cell or more along a
	                      * periodic cell vector, unwrapped input only */
	uint32_t atom;       /* the first one's atom, by original index */
	uint64_t line;       /* its frame's line (or number: line_is_frame) */
	double step_A;       /* its length */
	double frac;         /* its part of the cell vector along axis */
	int axis;            /* 0, 1, 2: a, b, c */
};

int hop_conv_run(const struct hop_conv_src *src,
    const struct hop_conv_opts *opts, FILE *out, struct hop_conv_report *rep,
    struct hop_err *err);

/*
 * The warning rep calls for, into buf (n bytes): "NAME:LINE: atom A moves
 * D A, F of the cell along X, since the frame written before (N such
 * step(s) of half a cell or more in all): ...".  Returns buf, or NULL
 * when rep has nothing to say.
 */
const char *hop_conv_report_text(const struct hop_conv_src *src,
    const struct hop_conv_report *rep, char *buf, size_t n);

/*
 * Parse a cell given on the command line: 1 number (cubic), 3 (the edges
 * of an orthogonal box) or 9 (rows a, b, c), separated by commas or
 * blanks, each a finite number; the cell must not be singular.  0 or -1.
 */
int hop_conv_parse_cell(const char *s, double cell[9]);

/*
 * Parse a comma-separated list of species names ("Ca,F") into a new
 * table (*sp, *nsp; counts 0).  Names must be non-empty, at most
 * HOP_MAX_NAME bytes, without blanks, and distinct.  0, or -1 with err
 * set.
 */
int hop_conv_parse_names(const char *list, struct hop_species **sp,
    uint32_t *nsp, struct hop_err *err);

#endif
