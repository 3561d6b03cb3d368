/*
 * cp2kcell.h - CP2K's MD output beside a plain XYZ trajectory: the cell
 * file (MOTION/PRINT/CELL, "PROJECT-1.cell") read as a stream and matched
 * to the position file's frames by step, and the step and time that the
 * position file (MOTION/PRINT/TRAJECTORY, "PROJECT-pos-1.xyz") writes in
 * each comment line.
 *
 * The cell file is a header comment
 *     #   Step   Time [fs]   Ax [Angstrom]  Ay  Az  Bx  By  Bz  Cx  Cy  Cz
 *         Volume [Angstrom^3]
 * then one line per printed step: the step number, the time in fs, the
 * cell vectors a, b, c (9 numbers, Angstrom) and the volume.  Lines
 * starting with '#' (a restart appends a new header) and blank lines are
 * skipped; steps must increase from line to line.
 */
#ifndef HOP_CP2KCELL_H
#define HOP_CP2KCELL_H

#include <stdint.h>

#include "err.h"
#include "input.h"

/*
 * Parse a comment line of a CP2K position file, " i =        5, time =
 *     2.500, E =      -34.1234" (older versions, and geometry
 * optimisations, leave out the time): *step gets i, *time_fs the time
 * or NaN when absent.  Returns 0, or -1 when the line has no "i = N"
 * with N a whole number, or a "time =" that is not a finite number.
 */
int hop_cp2k_comment(const char *s, int64_t *step, double *time_fs);

struct hop_cp2kcell;

/* Start reading the cell file in (used, not owned: close it after
 * hop_cp2kcell_free).  NULL only when out of memory (err set). */
struct hop_cp2kcell *hop_cp2kcell_open(struct hop_input *in,
    struct hop_err *err);

/*
 * The cell (rows a, b, c) and time of step step, reading on from where
 * the last call stopped (steps asked for must increase; lines for other
 * steps are skipped).  Returns 1 with cell and *time_fs set, -1 with err
 * set: a malformed line ("run-1.cell:7: expected 12 numbers (step, time,
 * 9 cell components, volume), got 5"), a non-finite number, a step that
 * does not follow the line before, or no line for step ("run-1.cell:
 * no step 40: the file goes from step 30 to step 50").
 */
int hop_cp2kcell_find(struct hop_cp2kcell *c, int64_t step, double cell[9],
    double *time_fs, struct hop_err *err);

void hop_cp2kcell_free(struct hop_cp2kcell *c);

#endif
