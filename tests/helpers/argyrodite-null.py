#!/usr/bin/python3
"""argyrodite-null.py - an argyrodite (Li6PS5Cl) run in which no Li ion
hops, to count the hops a method finds in vibration alone.

    argyrodite-null.py XDATCAR[.gz] SITES.vasp SIGMA TAU SEED > null.xdat

Every frame of XDATCAR is written again with its framework atoms (every
species but Li) as they are, and each Li ion put on a site of SITES.vasp
(argyrodite-48h.py's 48h sites; one ion per site, drawn with SEED) and
moved by its vibration only: a Gaussian of SIGMA Angstrom per axis,
correlated over frames as an AR(1) process whose integrated correlation
time is TAU frames (phi = (TAU - 1) / (TAU + 1)), as kmeans-hops measures
tau.  The Li atoms must come first in XDATCAR, as in ../shared's run.
"""
import gzip
import sys

import numpy as np


def main():
    path, sites_path = sys.argv[1], sys.argv[2]
    sigma, tau, seed = float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt') as fp:
        lines = fp.read().split('\n')
    names, counts = lines[5].split(), [int(v) for v in lines[6].split()]
    if names[0] != 'Li':
        sys.exit('argyrodite-null.py: Li is not the first species')
    nli, nat = counts[0], sum(counts)
    cell = np.array([[float(v) for v in row.split()] for row in lines[2:5]])
    with open(sites_path) as fp:
        sl = fp.read().split('\n')
    scell = np.array([[float(v) for v in row.split()] for row in sl[2:5]]) * \
        float(sl[1])
    ns = int(sl[6].split()[0])
    sites = np.array([[float(v) for v in row.split()[:3]]
                      for row in sl[8:8 + ns]]) @ scell
    if ns < nli:
        sys.exit('argyrodite-null.py: fewer sites than Li ions')
    rng = np.random.default_rng(seed)
    home = sites[rng.choice(ns, nli, replace=False)]
    inv = np.linalg.inv(cell)
    phi = (tau - 1) / (tau + 1)
    e = rng.normal(0, sigma, (nli, 3))
    out = lines[:7]
    i = 7
    while i < len(lines) and lines[i].startswith('Direct'):
        out.append(lines[i])
        out += ['%.8f %.8f %.8f' % tuple(v) for v in ((home + e) @ inv) % 1]
        out += lines[i + 1 + nli:i + 1 + nat]
        e = phi * e + np.sqrt(1 - phi * phi) * rng.normal(0, sigma, (nli, 3))
        i += 1 + nat
    sys.stdout.write('\n'.join(out) + '\n')


main()
