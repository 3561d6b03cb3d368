"""mechscore.py - planted against found mechanism groups, for hopmech's test.

usage: python3 mechscore.py TRUTH MEMBERS

TRUTH: gen-mech --truth (group class atom start); MEMBERS: hopmech
--members.  A planted group and a found group match when they hold the
same hops (atom, start), one to one.  Prints per class
"class planted found matched precision recall", precision = matched /
found groups of the class, recall = matched / planted groups of the class,
a matched pair counting only when the found class is the planted one.
"""
import csv
import sys
from collections import defaultdict


def groups(path, gkey, ckey):
    hops, cls = defaultdict(set), {}
    with open(path) as f:
        rows = (r for r in f if not r.startswith('#'))
        for r in csv.DictReader(rows, delimiter='\t'):
            g = r[gkey]
            hops[g].add((int(r['atom']), int(r['start'])))
            cls[g] = r[ckey]
    return {g: (frozenset(h), cls[g]) for g, h in hops.items()}


planted = groups(sys.argv[1], 'group', 'class')
found = groups(sys.argv[2], 'group', 'class')
by_hops = {h: c for h, c in found.values()}
classes = sorted({c for _, c in planted.values()} |
                 {c for _, c in found.values()})
for c in classes:
    np_ = sum(1 for _, pc in planted.values() if pc == c)
    nf = sum(1 for _, fc in found.values() if fc == c)
    m = sum(1 for h, pc in planted.values()
            if pc == c and by_hops.get(h) == c)
    prec = m / nf if nf else float('nan')
    rec = m / np_ if np_ else float('nan')
    print(f"{c}\t{np_}\t{nf}\t{m}\t{prec:.4f}\t{rec:.4f}")
