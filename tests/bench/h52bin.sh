#!/bin/sh
# tests/bench/h52bin.sh - how fast h52bin reads an H5MD file and a
# vaspout.h5, in MB/s of the file, against reading the same file with cat
# (the disk or page-cache speed) and with h5py (the read alone, interpreter
# start-up left out: the whole dataset at once, and frame by frame), and
# its peak memory for few and many frames.  ASE has no reader for either
# layout (it reads vasprun.xml, OUTCAR and XDATCAR), so h5py, what py4vasp
# and MDAnalysis read through, stands in for the Python side.
#
# Each rate is given for wall time and, in parentheses, for CPU time (user
# + system): on a shared machine wall time measures the run queue as much
# as the program.  BIN as for the tests.  BENCH_ATOMS and BENCH_FRAMES
# size the file (240 MB by default); needs /usr/bin/python3 with h5py.
set -u
. "$(dirname "$0")/lib.sh"
atoms=${BENCH_ATOMS:-10000}
frames=${BENCH_FRAMES:-1000}
PY=/usr/bin/python3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM

if ! "$PY" -c 'import h5py' 2>/dev/null; then
	echo "h52bin: skipped (no h5py for $PY: python3-h5py)"
	exit 0
fi

# cpu_best N CMD...: the least CPU time (user + system, s) of N runs.
cpu_best() {
	n=$1
	shift
	best=
	while [ "$n" -gt 0 ]; do
		/usr/bin/time -f '%U %S' -o "$dir/cpu" "$@" >/dev/null ||
		    { echo "bench: '$*' failed" >&2; exit 1; }
		c=$(awk '{ printf "%.3f", $1 + $2 }' "$dir/cpu")
		if [ -z "$best" ] ||
		    awk -v t="$c" -v b="$best" 'BEGIN { exit !(t < b) }'; then
			best=$c
		fi
		n=$((n - 1))
	done
	echo "$best"
}

# py_best N HOW DATASET: h5py's least wall and least CPU seconds over N
# reads of DATASET of $dir/in.h5, HOW whole or frames: "WALL CPU".
py_best() {
	for _i in $(seq "$1"); do
		"$PY" -c '
import sys, time, h5py
how, path, ds = sys.argv[1:4]
w, c = time.perf_counter(), time.process_time()
with h5py.File(path, "r") as h:
    d = h[ds]
    if how == "whole":
        a = d[()]
    else:
        for i in range(d.shape[0]):
            a = d[i]
print(time.perf_counter() - w, time.process_time() - c)' "$2" "$dir/in.h5" "$3"
	done | awk 'NR == 1 || $1 < w { w = $1 } NR == 1 || $2 < c { c = $2 }
		END { print w, c }'
}

for kind in h5md vasp; do
	case $kind in
	h5md) ds=particles/all/position/value ;;
	vasp) ds=intermediate/ion_dynamics/position_ions ;;
	esac
	"$PY" tests/helpers/mkh5.py "$dir" big "$atoms" "$frames" $kind
	mv "$dir/big.h5" "$dir/in.h5"
	bytes=$(wc -c <"$dir/in.h5")
	mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
	tc=$(best_of 3 cat "$dir/in.h5")
	cc=$(cpu_best 3 cat "$dir/in.h5")
	t=$(best_of 3 "$BIN/h52bin" -q "$dir/in.h5")
	c=$(cpu_best 3 "$BIN/h52bin" -q "$dir/in.h5")
	set -- $(py_best 3 whole $ds) $(py_best 3 frames $ds)
	echo "h52bin: $kind, $atoms atoms x $frames frames, $mb MB of" \
	    "float64; MB/s of the file, wall (CPU), best of 3:" \
	    "h52bin $(mb_per_s "$bytes" "$t") ($(mb_per_s "$bytes" "$c"));" \
	    "cat $(mb_per_s "$bytes" "$tc") ($(mb_per_s "$bytes" "$cc"));" \
	    "h5py read alone: whole dataset $(mb_per_s "$bytes" "$1")" \
	    "($(mb_per_s "$bytes" "$2")), frame by frame" \
	    "$(mb_per_s "$bytes" "$3") ($(mb_per_s "$bytes" "$4"))"
	# Memory: 10 frames against all of them.
	"$PY" tests/helpers/mkh5.py "$dir" big "$atoms" 10 $kind
	small=$(peak_kb "$BIN/h52bin" -q "$dir/big.h5")
	large=$(peak_kb "$BIN/h52bin" -q "$dir/in.h5")
	whole=$(peak_kb "$PY" -c "import h5py; a = h5py.File('$dir/in.h5', 'r')['$ds'][()]")
	echo "h52bin: $kind: peak RSS $small KB for 10 frames, $large KB for" \
	    "$frames frames; h5py reading the whole dataset $whole KB;" \
	    "load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) CPUs"
	rm -f "$dir/in.h5" "$dir/big.h5"
done
