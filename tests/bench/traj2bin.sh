#!/bin/sh
# tests/bench/traj2bin.sh - how fast traj2bin reads an ASE trajectory
# (.traj, written by ASE itself: positions, cell and momenta per frame,
# as an MD run writes them), beside ASE's own reader of the same file
# (ase.io.read(path, ':')), and traj2bin's peak memory for few and many
# frames.
#
# BIN as for the tests (default: the release build).  BENCH_ATOMS and
# BENCH_FRAMES size the file (about 200 MB by default).  Needs Debian's
# python3-ase (/usr/bin/python3).
set -u
. "$(dirname "$0")/lib.sh"
atoms=${BENCH_ATOMS:-4000}
frames=${BENCH_FRAMES:-1000}
PY=/usr/bin/python3
if ! "$PY" -c 'import ase' 2>/dev/null; then
	echo "traj2bin: skipped ($PY has no ase: Debian's python3-ase)"
	exit 0
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM

# gen FILE FRAMES: an NVT-like .traj of Li and O, with momenta.
gen() {
	"$PY" - "$1" "$2" "$atoms" <<'EOF'
import sys
import numpy as np
from ase import Atoms, units
from ase.io.trajectory import Trajectory
path, nf, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(1)
L = 40.0
a = Atoms(['Li' if i % 3 else 'O' for i in range(n)],
          positions=rng.random((n, 3)) * L, cell=[L, L, L], pbc=True)
a.set_momenta(rng.normal(size=(n, 3)))
t = Trajectory(path, 'w')
t.set_description({'type': 'molecular-dynamics', 'md-type': 'Langevin',
                   'timestep': 2 * units.fs, 'interval': 50,
                   'temperature_K': 600.0})
for k in range(nf):
    a.positions += rng.normal(scale=0.05, size=(n, 3))
    t.write(a)
t.close()
EOF
}

gen "$dir/md.traj" "$frames"
bytes=$(wc -c <"$dir/md.traj")
t=$(best_of 3 "$BIN/traj2bin" "$dir/md.traj")
echo "traj2bin: $atoms atoms x $frames frames," \
    "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB (with" \
    "momenta): $t s, $(mb_per_s "$bytes" "$t") MB/s of file (best of 3," \
    "target >= 500)"
pbytes=$((atoms * frames * 24))
echo "traj2bin: the positions alone ($(awk -v b="$pbytes" \
    'BEGIN { printf "%.1f", b / 1e6 }') MB, the rest skipped unread):" \
    "$(mb_per_s "$pbytes" "$t") MB/s"
t=$(best_of 1 "$PY" -c 'import sys, ase.io; ase.io.read(sys.argv[1], ":")' \
    "$dir/md.traj")
echo "ase.io.read(path, ':') on the same file: $t s," \
    "$(mb_per_s "$bytes" "$t") MB/s"
few=$((frames / 10 > 2 ? frames / 10 : 2))
gen "$dir/small.traj" $few
small=$(peak_kb "$BIN/traj2bin" "$dir/small.traj")
large=$(peak_kb "$BIN/traj2bin" "$dir/md.traj")
echo "traj2bin: peak RSS $small KB for $few frames, $large KB for" \
    "$frames frames"
