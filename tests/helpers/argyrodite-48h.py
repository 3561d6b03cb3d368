#!/usr/bin/python3
"""argyrodite-48h.py - the 48h Li sites of an argyrodite (Li6PS5Cl) run,
as an independent reference for hopsites' and kmeans-hops' tests.

    argyrodite-48h.py XDATCAR[.gz] SITES.vasp [CAGES.txt]

Writes the sites as a POSCAR whose one species is named 48h (hopsites
--sites and --match label the sites by it), and, when CAGES.txt is
given, the Li6 cage of each site (an index, one per line): the cages
are the 48h sites around each 4d centre.

The sites are made by ASE's space-group tools from the Wyckoff position
(x, x, z) of F-43m (No. 216), x = 0.1742, z = -0.0283, fitted once by
least squares to the Li positions of ../shared's run (the same sites as
x = 0.326, z = 0.028 usually quoted), in 2 x 2 x 2 conventional cells
(the cell found from the P count: 4 P per conventional cell), the origin
taken from the P atoms (on 4b).
"""
import sys

import numpy as np
from ase import Atoms
from ase.io import read, write
from ase.spacegroup import crystal

a = read(sys.argv[1], index=0, format='vasp-xdatcar')
cell = a.cell.array
sym = np.array(a.get_chemical_symbols())
rep = int(round(((sym == 'P').sum() / 4) ** (1 / 3)))
P = rep * a.get_scaled_positions()[sym == 'P']
shift = np.angle(np.exp(4j * np.pi * (P - 0.5)).mean(0)) / (2 * np.pi) / 2


def supercell(f):
    return np.concatenate([(f + shift + np.array(o)) / rep
                           for o in np.ndindex(rep, rep, rep)]) % 1


def orbit(species, xyz):
    return crystal([species], [xyz], spacegroup=216,
                   cellpar=[1, 1, 1, 90, 90, 90]).get_scaled_positions()


S = supercell(orbit('Li', (0.1742, 0.1742, -0.0283)))
write(sys.argv[2], Atoms('H%d' % len(S), scaled_positions=S, cell=cell,
                         pbc=True), format='vasp', direct=True)
t = open(sys.argv[2]).read().split('\n')
t[5], t[6] = ' 48h', ' %d' % len(S)
open(sys.argv[2], 'w').write('\n'.join(t))
if len(sys.argv) > 3:
    C = supercell(orbit('S', (0.75, 0.75, 0.75)))
    d = S[:, None] - C[None]
    d -= np.round(d)
    np.savetxt(sys.argv[3], np.linalg.norm(d @ cell, axis=2).argmin(1),
               fmt='%d')
