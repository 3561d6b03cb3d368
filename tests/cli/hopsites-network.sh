# hopsites-network.sh - hopsites --network-out: the sites and the jump
# paths as extended XYZ, read back by ASE, on a generated simple-cubic
# run (spacing 3 A) with known jumps: every site written once, every path
# point on the straight line between its two sites (nearest image) and
# strictly between them, the points of a pair about 0.25 A apart, and the
# pairs' jump counts adding up to the jumps hopsites reports; a failed
# run keeps an earlier file.

HS=$BIN/hopsites
GL=$HELPERS/gen-lattice
PY=/usr/bin/python3

"$GL" --mode independent --ions 50 --frames 2000 --prob 0.05 --dt-fs 100 \
    --poscar "$T/sc.vasp" --truth "$T/ind.truth" >"$T/ind.hop"
run "$HS" --sites "$T/sc.vasp" --min-visit 1 --summary \
    --network-out "$T/net.xyz" "$T/ind.hop"
expect_rc "hopsites: --network-out runs" 0
jumps=$(sed -n 's/^jumps=//p' "$T/out")
sites=$(sed -n 's/^sites=//p' "$T/out")
if ! "$PY" -c 'import ase' 2>/dev/null; then
	skip "hopsites: --network-out read by ASE" "no python3-ase"
else
	run "$PY" - "$T/net.xyz" <<'PYEOF'
import sys
import numpy as np
import ase.io
a = ase.io.read(sys.argv[1])
kind = a.arrays['kind']
site, to, jumps = a.arrays['site'], a.arrays['site_to'], a.arrays['jumps']
p = a.positions
inv = np.linalg.inv(a.cell.array)
S = np.where(kind == 'site')[0]
sp = p[S]
worst = 0.0
spacing = []
total = 0
for pair in sorted(set(zip(site[kind == 'path'], to[kind == 'path']))):
    i, j = pair
    idx = np.where((kind == 'path') & (site == i) & (to == j))[0]
    d = (sp[j] - sp[i]) @ inv
    d -= np.round(d)
    d = d @ a.cell.array
    L = np.linalg.norm(d)
    for q in idx:
        v = p[q] - sp[i]
        t = v @ d / L / L
        off = np.linalg.norm(v - t * d)
        worst = max(worst, off, 0 if 0 < t < 1 else 1)
    spacing.append(L / (len(idx) + 1))
    total += jumps[idx[0]]
print(len(S), int((site[S] == np.arange(len(S))).all()), f"{worst:.2e}",
      f"{min(spacing):.3f}", f"{max(spacing):.3f}", total)
PYEOF
	expect_rc "hopsites: --network-out read by ASE" 0
	set -- $(cat "$T/out")
	expect_eq "hopsites: --network-out: every site once ($sites)" "$1 $2" \
	    "$sites 1"
	expect_eq "hopsites: --network-out: path points on their segment, \
strictly inside (worst $3 A)" "$(awk -v w="$3" 'BEGIN { print (w < 1e-5) }')" 1
	expect_eq "hopsites: --network-out: points 0.2 to 0.3 A apart \
($4 to $5)" "$(awk -v a="$4" -v b="$5" 'BEGIN { print (a >= 0.2 && b <= 0.3) }')" 1
	expect_eq "hopsites: --network-out: pair counts add up to the jumps" \
	    "$6" "$jumps"
fi
# A failed run leaves an earlier file as it was (common/outfile.h).
cp "$T/net.xyz" "$T/net.before"
: >"$T/empty.hop"
run "$HS" --sites "$T/sc.vasp" --network-out "$T/net.xyz" "$T/empty.hop"
expect_rc "hopsites: --network-out: an empty input fails" 1
expect_eq "hopsites: --network-out: the earlier file is kept" \
    "$(cmp -s "$T/net.xyz" "$T/net.before" && echo same)" same
