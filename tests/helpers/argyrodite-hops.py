#!/usr/bin/python3
"""argyrodite-hops.py - an independent, site-based list of Li site changes
in an argyrodite (Li6PS5Cl) trajectory, for kmeans-hops' benchmark and test.

    argyrodite-hops.py XDATCAR[.gz] [N_PERSIST] > hops.tsv
    argyrodite-hops.py XDATCAR[.gz] N_PERSIST DETECTED.tsv... > score

The second form scores a kmeans-hops --tsv table against the list: each
detected hop gets the kind of the 48h sites nearest its from and to
centres ("same" when both are one site), and detected and listed hops
are paired one to one as tests/helpers/hopmatch.awk pairs them (the same
atom, frame ranges overlapping within 5 frames; each detected
hop in turn takes the first unpaired listed hop).  It prints
its first line (a comment saying how the list was made), then
"FILE KIND P R F1 found listed" for all site changes ("all": every detected
hop against every listed one) and for each kind (detected hops of that
kind against listed hops of that kind), then "recall FILE CLASS R paired
listed": the recall of the site changes grouped by the shorter of the two
visits each one joins (the one it leaves and the one it arrives at; a
visit runs from arriving on a site to the last frame on it), in classes
visit<=3, visit4-5 and visit>=6 frames.

The sites are the 48h Li sites of space group F-43m (No. 216) made by
ASE's space-group tools from the Wyckoff position (x, x, z) with the
lattice of the structure (the cell divided by the supercell, found from
the P count: 4 P per conventional cell), x and z fitted to the data's Li
density (the median squared distance of the folded Li positions of
every 20th frame to their nearest site is least; a grid of 0.05 then
0.005).  No literature value is assumed.  In this structure's origin
(PS4 on 4b, the free S on 4a, Cl on 4d) the fit gives the set of
x = 0.180 (the same 48 sites as x = 0.320), z = 0.975 (= -0.025), near
the x = 0.30, z = 0.03 usually quoted.

A frame is on a site when within r = half the doublet distance (the
shortest 48h-48h distance) of it, else in transit (no site).  A site
change counts once the ion has stayed N_PERSIST (default 2) consecutive
frames on the new site; frame_left is the last frame on the old site,
frame_arrived the first of the new residence.  Kinds: "doublet" when the
two sites are a doublet pair (the shortest distance, within 5%),
"intra" when both sites belong to the same Li6 cage (cages: the 48h sites
grouped by the nearest cage centre, the special position 4a/4b/4c/4d that
is nearest the 48h sites), else "inter".
"""
import sys

import numpy as np
import ase.io
from ase.spacegroup import Spacegroup

path = sys.argv[1]
npersist = int(sys.argv[2]) if len(sys.argv) > 2 else 2
detected = sys.argv[3:] or None
tol = 5
frames = ase.io.read(path, index=':')
sym = np.array(frames[0].get_chemical_symbols())
li = np.where(sym == 'Li')[0]
nconv = int(round((sym == 'P').sum() / 4))
rep = int(round(nconv ** (1 / 3)))
cell = frames[0].cell.array
conv = cell / rep
sg = Spacegroup(216)


ROT, TRANS = (np.array(v) for v in zip(*sg.get_symop()))


def orbit(x, z):
    """The distinct images of (x, x, z) under the group's operations."""
    p = np.einsum('oij,j->oi', ROT, np.array([x, x, z])) + TRANS
    key = np.round(p % 1 * 1e4).astype(int) % 10000
    _, first = np.unique(key, axis=0, return_index=True)
    return p[np.sort(first)] % 1


# Folded Li positions in conventional-cell fractions, every 5th frame.
f = np.concatenate([fr.get_scaled_positions()[li] for fr in frames[::20]])
f = f * rep % 1


def score(x, z):
    s = orbit(x, z)
    if len(s) != 48:
        return np.inf
    d = f[:, None, :] - s[None, :, :]
    d -= np.round(d)
    return np.median(((d @ conv) ** 2).sum(-1).min(1))


best = min((score(x, z), x, z) for x in np.arange(0, 1, 0.05)
           for z in np.arange(0, 1, 0.05))
_, x0, z0 = best
best = min((score(x, z), x, z) for x in np.arange(x0 - 0.04, x0 + 0.041, 0.005)
           for z in np.arange(z0 - 0.04, z0 + 0.041, 0.005))
_, xf, zf = best
s48 = orbit(xf, zf)
# The supercell's sites, fractional in the whole cell.
shifts = np.array([(i, j, k) for i in range(rep) for j in range(rep)
                   for k in range(rep)])
sites = ((s48[None, :, :] + shifts[:, None, :]) / rep).reshape(-1, 3)


def mic(d):
    d = d - np.round(d)
    return d @ cell


dd = np.linalg.norm(mic(sites[:, None, :] - sites[None, :, :]), axis=-1)
np.fill_diagonal(dd, np.inf)
doublet = dd.min()
r_on = doublet / 2
# Cage centres: the special position nearest the 48h sites.
special = {'4a': (0, 0, 0), '4b': (.5, .5, .5), '4c': (.25, .25, .25),
           '4d': (.75, .75, .75)}
best_c = None
for name, p in special.items():
    cs, _ = sg.equivalent_sites([p])
    d = np.linalg.norm(mic((s48[:, None, :] - cs[None, :, :]) / rep),
                       axis=-1).min(1)
    if best_c is None or d.max() < best_c[0]:
        best_c = (d.max(), name, cs)
_, cname, cs = best_c
centres = ((cs[None, :, :] + shifts[:, None, :]) / rep).reshape(-1, 3)
cage = np.linalg.norm(mic(sites[:, None, :] - centres[None, :, :]),
                      axis=-1).argmin(1)

out = print if detected is None else (lambda *a, **k: None)
print(f"# Li site changes, 48h sites of F-43m: x = {xf:.3f}, z = {zf:.3f} "
      f"(fitted), {len(sites)} sites, doublet {doublet:.3f} A, r_on "
      f"{r_on:.3f} A, cages at {cname}, persistence {npersist} frames")
out("ion\tframe_left\tframe_arrived\tsite_from\tsite_to\tkind\tdist_A")
pos = np.array([fr.get_scaled_positions()[li] for fr in frames])
listed = []
# visit[i]: the frames of the shorter of the two visits listed hop i
# joins (from arriving on a site to the last frame on it; the first and
# last visits cut by the run's start or end).
visit = []
for n, ion in enumerate(li):
    fp = pos[:, n, :]
    d = np.linalg.norm(mic(fp[:, None, :] - sites[None, :, :]), axis=-1)
    near = d.argmin(1)
    on = np.where(d.min(1) <= r_on, near, -1)
    cur, last_on, arr, t = -1, -1, -1, 0
    prev = None
    T = len(on)
    while t < T:
        s = on[t]
        if s < 0:
            t += 1
            continue
        e = t
        while e < T and on[e] == s:
            e += 1
        if cur < 0:
            cur, last_on, arr = s, e - 1, t
        elif s == cur:
            last_on = e - 1
        elif e - t >= npersist:
            dist = np.linalg.norm(mic(sites[s] - sites[cur]))
            kind = ('doublet' if dist < doublet * 1.05 else
                    'intra' if cage[s] == cage[cur] else 'inter')
            out(f"{ion}\t{last_on}\t{t}\t{cur}\t{s}\t{kind}\t{dist:.3f}")
            listed.append((ion, last_on, t, kind))
            stay = last_on - arr + 1
            if prev is not None:
                visit[prev] = min(visit[prev], stay)
            visit.append(stay)
            prev = len(visit) - 1
            cur, last_on, arr = s, e - 1, t
        t = e
    if prev is not None:
        visit[prev] = min(visit[prev], last_on - arr + 1)


def kind_of(a, b):
    if a == b:
        return 'same'
    dist = np.linalg.norm(mic(sites[a] - sites[b]))
    return ('doublet' if dist < doublet * 1.05 else
            'intra' if cage[a] == cage[b] else 'inter')


def score(det, lst, used=None):
    """hopmatch.awk's one-to-one pairing: P, R, F1 (the listed hops
    paired into the set used when given)."""
    used = set() if used is None else used
    o = 0
    for atom, s0, e0, _ in det:
        for i, (ion, fl, fa, _) in enumerate(lst):
            if i not in used and ion == atom and s0 <= fa + tol and \
                    fl <= e0 + tol:
                used.add(i)
                o += 1
                break
    p = o / len(det) if det else 1.0
    r = o / len(lst) if lst else 1.0
    return p, r, 2 * p * r / (p + r) if p + r > 0 else 0.0


def score_file(name):
    inv = np.linalg.inv(cell)
    det = []
    with open(name) as fp:
        head = fp.readline().rstrip('\n').split('\t')
        col = {k: i for i, k in enumerate(head)}
        for line in fp:
            v = line.rstrip('\n').split('\t')
            fc = np.array([float(v[col[k]]) for k in
                           ('from_x_A', 'from_y_A', 'from_z_A')])
            tc = np.array([float(v[col[k]]) for k in
                           ('to_x_A', 'to_y_A', 'to_z_A')])
            a = np.linalg.norm(mic(fc @ inv - sites), axis=-1).argmin()
            b = np.linalg.norm(mic(tc @ inv - sites), axis=-1).argmin()
            det.append((int(v[col['atom']]), int(v[col['start']]),
                        int(v[col['end']]), kind_of(a, b)))
    paired = set()
    for k in ('all', 'doublet', 'intra', 'inter'):
        d = det if k == 'all' else [h for h in det if h[3] == k]
        lst = listed if k == 'all' else [h for h in listed if h[3] == k]
        p, r, f1 = score(d, lst, paired if k == 'all' else None)
        print(f"{name} {k} {p:.3f} {r:.3f} {f1:.3f} {len(d)} {len(lst)}")
    # Recall of all site changes by the shorter visit each joins.
    for lo, hi, cls in ((1, 3, 'visit<=3'), (4, 5, 'visit4-5'),
                        (6, len(frames), 'visit>=6')):
        idx = [i for i, v in enumerate(visit) if lo <= v <= hi]
        k = sum(i in paired for i in idx)
        r = k / len(idx) if idx else 1.0
        print(f"recall {name} {cls} {r:.3f} {k} {len(idx)}")


for name in detected or []:
    score_file(name)
