/*
 * siteref.h - a set of sites, and reading one from a reference structure:
 * a VASP POSCAR/CONTCAR or the first frame of an (extended) XYZ file,
 * plain or compressed (input.h).
 *
 * A site set holds each site's fractional position in a cell (folded into
 * [0, 1)), its reference label ("48h", or the species name of the file;
 * "" when the sites come from the data) and its type (an index into the
 * set's type names; see sitetype.h for types from the environment).
 *
 * A POSCAR's sites are the atoms of the species chosen (every species
 * when none is chosen and the file has one; else the caller must choose),
 * each labelled by its species name; a POSCAR is VASP 5 (a line of
 * species names), in Direct or Cartesian coordinates, with or without
 * "Selective dynamics", its scale line as VASP reads it (vaspscale.h:
 * a factor, a volume, or three factors for x, y and z).  An XYZ
 * frame's sites are its atoms of the species chosen, in Cartesian
 * coordinates; its cell is its Lattice= when there is one, else the
 * cell the caller fits it to.
 */
#ifndef HOP_SITEREF_H
#define HOP_SITEREF_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define HOP_SITE_LABEL_MAX 32 /* bytes in a label or type name */
/*
 * The largest coordinate of a reference site, in size: 1000 cells
 * (fractional) or 1e6 A (Cartesian; the bound of the converters'
 * --cell).  A structure's sites lie within a cell or two of the origin;
 * beyond these, folding into the cell loses the position (1e17 + 0.25
 * folds to 0), and a number that large is a damaged file.
 */
#define HOP_SITE_FRAC_MAX 1e3
#define HOP_SITE_CART_MAX 1e6

struct hop_siteset {
	size_t n;                /* sites */
	double *frac;            /* n x 3, in [0, 1) */
	char (*label)[HOP_SITE_LABEL_MAX + 1]; /* n reference labels */
	uint32_t *type;          /* n type indices */
	size_t ntypes;
	char (*type_name)[HOP_SITE_LABEL_MAX + 1]; /* ntypes names */
};

/* An empty set. */
void hop_siteset_init(struct hop_siteset *s);
void hop_siteset_free(struct hop_siteset *s);
/*
 * Room for n sites (frac zero, labels empty, every type 0, one type named
 * "A").  0 or -1 (out of memory; s left empty).
 */
int hop_siteset_alloc(struct hop_siteset *s, size_t n, struct hop_err *err);

/* A reference structure as read, before it is fitted to a cell. */
struct hop_siteref {
	size_t n;
	double *cart;            /* n x 3 Cartesian, Angstrom */
	char (*label)[HOP_SITE_LABEL_MAX + 1];
	int have_cell;           /* 0: an XYZ frame without Lattice= */
	double cell[9];
	char format[16];         /* "POSCAR" or "extxyz" */
};

/*
 * Read the reference at path.  The format is told by the first line: an
 * atom count alone (a whole number, negative too, which the XYZ reader
 * refuses) makes it XYZ, anything else a POSCAR.  species: a
 * comma-separated list of the species (labels) whose atoms are sites;
 * NULL takes every atom when the file has one species, else the species
 * named fallback (may be NULL) when the file has it, else the one
 * species of fallback's element when there is one (names compared up to
 * a POTCAR suffix, hop_species_same_element: "F_s", "F/77cd" and "F"
 * are one), else it is an error naming the species.  Every atom's
 * coordinates must be finite and within HOP_SITE_FRAC_MAX (Direct) or
 * HOP_SITE_CART_MAX (Cartesian, after the scale factor).  0, or -1 with
 * err "FILE:LINE: what".
 */
int hop_siteref_read(const char *path, const char *species,
    const char *fallback, struct hop_siteref *r, struct hop_err *err);
void hop_siteref_free(struct hop_siteref *r);

/*
 * Fit the reference to the cell of a run and make the site set: the
 * reference's cell must be the run's, or the run's a supercell of it
 * made of m1 x m2 x m3 copies along a, b, c (each edge's length within
 * 3 % of m times the reference's, the same directions within 3
 * degrees); the sites are then repeated.  A reference without a cell is
 * taken in the run's cell.  Labels go with the sites; every site gets
 * the type of its label (types named by the labels, in order of first
 * appearance).  *rep gets m1 m2 m3 (may be NULL).  0, or -1 with err
 * set (the cells do not fit: "the reference's cell (a 10.1 b 10.1 c 10.1
 * A) is not the run's (a 19.9 ...) nor a supercell of it"; two of the
 * reference's sites closer than HOP_SITE_DUP_A, minimum image: "sites 1
 * and 65 are 0 A apart: one site twice? ...").
 */
#define HOP_SITE_DUP_A 0.1
/*
 * The closest two of the first n sites of s (all of them when n is
 * larger), minimum image in cell: their distance, A, NaN for fewer than
 * two; their indices into pair when not NULL.
 */
double hop_siteset_closest(const struct hop_siteset *s, size_t n,
    const double cell[9], size_t pair[2]);

int hop_siteref_fit(const struct hop_siteref *r, const double cell[9],
    struct hop_siteset *s, unsigned rep[3], struct hop_err *err);

/*
 * Read a labels file for s: one label per site in the order of the
 * reference's sites (blank-separated, any number per line, '#' starts a
 * comment); a set repeated by hop_siteref_fit takes them per copy.
 * nref is the reference's site count.  Relabels the sites and remakes
 * the types from the labels.  0, or -1 with err set ("FILE: 40 labels
 * for 48 sites").
 */
int hop_siteref_labels(const char *path, size_t nref, struct hop_siteset *s,
    struct hop_err *err);

/*
 * Types from the labels: every distinct label a type, in order of first
 * appearance, named by it.  0 or -1 (out of memory).
 */
int hop_siteset_types_from_labels(struct hop_siteset *s,
    struct hop_err *err);

#endif
