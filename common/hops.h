/*
 * hops.h - hop streams as the analysis tools use them: load one run's hop
 * and per-atom records whole, and print hops as a table.
 */
#ifndef HOP_HOPS_H
#define HOP_HOPS_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "stream.h"

/* One simulation's hop stream, loaded whole. */
struct hop_run {
	char *name;            /* as given: a path or "<stdin>" */
	struct hop_header h;
	struct hop_event *hops;  /* in stream order */
	size_t nhops;
	struct hop_atom *atoms; /* per-atom summaries */
	size_t natoms;
};

/*
 * Read a whole hop stream from fp.  Frame records, if any, are skipped.
 * A stream without per-atom records is not the output of a hop finder and
 * is refused, saying what it holds: frames ("a frame stream where hops
 * were expected"), hops alone ("N hop records but no per-atom records")
 * or nothing ("no records").  0 or -1.
 */
int hop_run_load(FILE *fp, const char *name, struct hop_run *run,
    struct hop_err *err);
/* Open path ("-" for standard input) and load it. 0 or -1. */
int hop_run_load_path(const char *path, struct hop_run *run,
    struct hop_err *err);
void hop_run_free(struct hop_run *run);

/*
 * Load the npaths runs named in paths ("-" for standard input), or
 * standard input alone when npaths is 0, into a new array *runs of *nruns,
 * so that a tool reads every input before it prints anything.  0, or -1
 * with err set (nothing left to free).
 */
int hop_runs_load(char *const *paths, int npaths, struct hop_run **runs,
    size_t *nruns, struct hop_err *err);
void hop_runs_free(struct hop_run *runs, size_t nruns);

/* |end_pos - start_pos| in Angstrom: the reference's hop length. */
double hop_length(const struct hop_event *hp);
/* |to_centre - from_centre| in Angstrom: the distance between the sites
 * a hop joins.  The centres are unwrapped, so no periodic image is
 * sought. */
double hop_site_dist(const struct hop_event *hp);
/* (end - start) frames in ps; NaN when the stream's dt is unknown. */
double hop_duration_ps(const struct hop_header *h, const struct hop_event *hp);

/* The hop table: "atom species start end duration_ps length_A backhop". */
void hop_tsv_header(FILE *fp);
void hop_tsv_row(FILE *fp, const struct hop_header *h,
    const struct hop_event *hp);

#endif
