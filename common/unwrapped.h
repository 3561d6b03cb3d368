/*
 * unwrapped.h - open the unwrapped frames of one species, as msd, vanhove
 * and hopsites read them: the checks they share, with the same messages.
 */
#ifndef HOP_UNWRAPPED_H
#define HOP_UNWRAPPED_H

#include <stddef.h>

#include "err.h"
#include "stream.h"

/*
 * Open path (NULL or "-": standard input) as a stream of unwrapped
 * Cartesian frames and choose the species analysed.  name is the input's
 * name in messages ("<stdin>" for standard input).  Refuses, in this
 * order: what hop_reader_open_path refuses; fractional (wrapped)
 * coordinates ("NAME: coordinates are fractional (wrapped); run unwrap
 * first"); a header without a time step ("NAME: the time between frames
 * is unknown (no dt in the header)"); and what hop_species_one refuses
 * for species (one name, or NULL for the run's family species).  On
 * success *sp is the species' index and *off the index of its first atom
 * in a frame.  Returns the reader (hop_reader_free it), or NULL with err
 * set.
 */
struct hop_reader *hop_unwrapped_open(const char *path, const char *name,
    const char *species, int *sp, size_t *off, struct hop_err *err);

#endif
