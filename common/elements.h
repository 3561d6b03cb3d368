/*
 * elements.h - chemical element symbols by atomic number, for readers of
 * formats that store atomic numbers (ASE's .traj) rather than names.
 */
#ifndef HOP_ELEMENTS_H
#define HOP_ELEMENTS_H

#include <stdint.h>

/* The largest atomic number with a symbol (oganesson). */
#define HOP_MAX_Z 118

/*
 * The symbol of element z ("H" for 1, ..., "Og" for 118), as ASE's
 * ase.data.chemical_symbols spells it; NULL when z is not in 1 .. 118.
 */
const char *hop_element_symbol(int64_t z);

#endif
