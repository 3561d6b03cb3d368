#!/bin/sh
# tests/bench/vasprun2bin.sh - how fast vasprun2bin reads vasprun.xml
# (target: 100 MB/s or more) and its peak memory for few and many ionic
# steps (it must not grow with them), beside ASE's reader
# (ase.io.read(f, index=':'), Debian's python3-ase) on the same files.
#
# The files are written by tests/helpers/mkvasprun.py in VASP's layout
# (2 scsteps, structure, forces, stress, energies per step).  The time is
# the wall clock (best of 3) and, since the machine may be shared, the
# CPU time (user + system, all threads) too.  BENCH_VR_ATOMS and
# BENCH_VR_FRAMES size the large file (default 1000 atoms x 800 steps,
# about 100 MB).
set -u
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
atoms=${BENCH_VR_ATOMS:-1000}
frames=${BENCH_VR_FRAMES:-800}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM

"$PY" "$top/tests/helpers/mkvasprun.py" --out "$dir/big" --atoms "$atoms" \
    --frames "$frames"
"$PY" "$top/tests/helpers/mkvasprun.py" --out "$dir/small" --atoms "$atoms" \
    --frames 100
f=$dir/big/vasprun.xml
bytes=$(wc -c <"$f")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "vasprun2bin: synthetic vasprun.xml of $atoms atoms x $frames ionic" \
    "steps, $mb MB"

# cpu_s CMD...: user + system seconds of one run (GNU time), or "?".
cpu_s() {
	if [ ! -x /usr/bin/time ]; then echo "?"; return; fi
	_c=$(mktemp)
	/usr/bin/time -f "%U %S" -o "$_c" "$@" >/dev/null
	awk '{ printf "%.3f", $1 + $2 }' "$_c" | tail -1
	rm -f "$_c"
}

t=$(best_of 3 "$BIN/vasprun2bin" "$f")
c=$(cpu_s "$BIN/vasprun2bin" "$f")
echo "vasprun2bin: $t s wall, $(mb_per_s "$bytes" "$t") MB/s (best of 3);" \
    "$c s CPU, $(mb_per_s "$bytes" "$c") MB/s of CPU (target 100 MB/s)"
small=$(peak_kb "$BIN/vasprun2bin" "$dir/small/vasprun.xml")
large=$(peak_kb "$BIN/vasprun2bin" "$f")
echo "vasprun2bin: peak RSS $small KB for 100 steps, $large KB for $frames" \
    "steps"

if "$PY" -c "import ase.io" >/dev/null 2>&1; then
	ase="import ase.io, sys; print(len(ase.io.read(sys.argv[1], index=':')))"
	ta=$(best_of 1 "$PY" -c "$ase" "$f")
	ca=$(cpu_s "$PY" -c "$ase" "$f")
	sa=$(peak_kb "$PY" -c "$ase" "$dir/small/vasprun.xml")
	la=$(peak_kb "$PY" -c "$ase" "$f")
	echo "ase.io.read(index=':'): $ta s wall, $(mb_per_s "$bytes" "$ta")" \
	    "MB/s; $ca s CPU, $(mb_per_s "$bytes" "$ca") MB/s of CPU;" \
	    "peak RSS $sa KB for 100 steps, $la KB for $frames steps"
	echo "vasprun2bin is $(awk -v a="$ca" -v b="$c" \
	    'BEGIN { printf "%.1f", a / b }') times faster than ASE (CPU)"
else
	echo "ase.io.read: not measured ($PY has no ase)"
fi
