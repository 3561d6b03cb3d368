/*
 * xdatcar.h - a streaming reader of VASP XDATCAR trajectories: header,
 * then one configuration at a time, in memory independent of the number
 * of configurations.
 *
 * Accepted: VASP 5 (species names line) and the VASP 4 layout without it;
 * a constant cell (one header block) or a variable cell (the title,
 * scale, lattice, species and counts block repeated before every
 * configuration, as VASP writes in NpT runs); "Direct" or "Cartesian"
 * configurations, the keyword in any case, followed or not by
 * "configuration= N"; one scale factor (negative: the cell volume in A^3)
 * or three (per Cartesian axis); coordinate fields that Fortran ran
 * together ("0.12345678-0.23456789"); blank-separated extra columns after
 * the three coordinates, which are ignored.
 */
#ifndef HOP_XDATCAR_H
#define HOP_XDATCAR_H

#include <stdint.h>

#include "err.h"
#include "input.h"
#include "stream.h"

/* What the first header block says. */
struct hop_xdat_info {
	const char *title;    /* first line, blanks trimmed */
	uint32_t nspecies;
	const struct hop_species *species; /* names "" without a names line */
	int has_names;        /* 0: VASP 4 layout, no species names line */
	uint64_t counts_line; /* line of the counts, for messages */
	uint32_t natoms;
	int variable_cell;    /* the header block repeats before frames */
	const double *cell;   /* 9: the first configuration's cell, in A */
};

/* One configuration, as a view valid until the next call. */
struct hop_xdat_frame {
	uint64_t ordinal;     /* 0-based ordinal in the file */
	uint64_t line;        /* line of its "Direct configuration=" */
	const double *cell;   /* 9: rows a, b, c in A, scale applied */
	const double *pos;    /* 3 x natoms fractional coordinates */
	int cartesian;        /* written in Cartesian (converted here) */
};

struct hop_xdatcar;

/*
 * Read the header and the first configuration from in (which the reader
 * uses but does not own; close it after hop_xdatcar_free).  The first
 * configuration is parsed now and the line after it examined, which
 * tells a constant cell from a variable one.  Returns NULL with err set
 * ("run/XDATCAR:7: ...") when the input is not a well-formed XDATCAR.
 */
struct hop_xdatcar *hop_xdatcar_open(struct hop_input *in,
    struct hop_err *err);

const struct hop_xdat_info *hop_xdatcar_info(const struct hop_xdatcar *x);

/*
 * The next configuration (the first one first).  Returns 1 with *fr set,
 * 0 at the end of the file, -1 with err set on malformed input.
 */
int hop_xdatcar_next(struct hop_xdatcar *x, struct hop_xdat_frame *fr,
    struct hop_err *err);

void hop_xdatcar_free(struct hop_xdatcar *x);

#endif
