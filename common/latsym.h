/*
 * latsym.h - the lattice translations of a framework: the vectors of a
 * simulation cell under which its immobile atoms map onto themselves.
 *
 * An MD cell is often a supercell (2 x 2 x 2 conventional cells of
 * Li6PS5Cl, whose face-centred lattice adds more): a translation of the
 * framework by a fraction of the cell is then a symmetry of the crystal,
 * and the sites of a mobile species repeat with it.  kmeans-hops --mode
 * network and hopsites pool every position over these translations, so a
 * site is seen by the ions of every copy of the primitive cell.  Only
 * translations are sought (no rotations), from the framework alone (the
 * mobile species' own density is too noisy to show them, and its order
 * may be lower), and only those that the whole framework obeys.
 *
 * No I/O, no global state.
 */
#ifndef HOP_LATSYM_H
#define HOP_LATSYM_H

#include <stddef.h>

#include "err.h"

/*
 * The translations of the cell (rows a, b, c) that map every one of the
 * n framework atoms (Cartesian positions pos, 3 n) onto a framework atom
 * within tol Angstrom (minimum image in fractional coordinates), whatever
 * their species: anti-site disorder (Cl on S sites in Li6PS5Cl) keeps
 * the lattice of the sites.  t is tried as the vector from the first
 * atom to each other atom, and kept when all atoms map; it is then
 * refined by the mean of the mapped atoms' offsets.  The translations
 * form a group: the sums of those kept are taken without checking every
 * atom again (a sum that carries the first atom onto none within tol is
 * left out), so only a few are checked in full and n atoms cost about
 * n log n, not n^2 (12000 atoms: a fraction of a second).  tol <= 0: a third
 * of the least distance between two framework atoms, at most 0.75 A.
 * The translations are fractional, each component in [-0.5, 0.5), the
 * identity (0, 0, 0) first; *tr (3 per translation) is allocated and
 * their count returned.  With fewer than two atoms, only the identity.
 * 0 with err set: out of memory, a singular cell.
 */
size_t hop_latsym_translations(const double *pos, size_t n,
    const double cell[9], double tol, double **tr, struct hop_err *err);

/*
 * The translations of a run's framework, as hop_latsym_translations with
 * the default tolerance, from each of natoms atoms' summed positions over
 * nframes frames: sums (6 per atom: the sums of its unwrapped Cartesian
 * x, y, z, then of x^2, y^2, z^2) and spec (natoms species ids, 0 or
 * more).  The framework is every atom of the species none of
 * whose atoms moves: an atom moves when its rms displacement about its
 * mean position exceeds max_rms Angstrom.  The analysed species is part
 * of it when it does not move (then its own lattice bounds the
 * translations: the F sublattice of CaF2 has more of them than the
 * crystal).  The mean positions are mapped.  Returns as
 * hop_latsym_translations.
 */
/* The max_rms kmeans-hops and hopsites use, Angstrom: the framework's
 * atoms vibrate well within it (0.3-0.5 A in Li6PS5Cl at its run's
 * temperature), an ion that hops once leaves it. */
#define HOP_LATSYM_RMS 0.75

size_t hop_latsym_framework(const double *sums, size_t nframes,
    const int *spec, size_t natoms, double max_rms, const double cell[9],
    double **tr, struct hop_err *err);

#endif
