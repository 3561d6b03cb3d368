#!/bin/sh
# tests/bench/lmp2bin.sh - how fast lmp2bin and xyz2bin read their text
# (LAMMPS dump with atoms in shuffled id order, extended XYZ with species
# not grouped), and their peak memory for few and many frames.
#
# BIN as for the tests (default: the release build).  BENCH_ATOMS and
# BENCH_FRAMES size the files (about 45 MB each by default).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$top/bin}
atoms=${BENCH_ATOMS:-10000}
frames=${BENCH_FRAMES:-100}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM

now() { date +%s.%N; }

# best_of N CMD...: the shortest wall time of N runs, in seconds.
best_of() {
	n=$1
	shift
	best=
	while [ "$n" -gt 0 ]; do
		t0=$(now)
		"$@" >/dev/null || { echo "bench: '$*' failed" >&2; exit 1; }
		t=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
		if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'
		then best=$t; fi
		n=$((n - 1))
	done
	echo "$best"
}

# peak_kb CMD...: peak resident set size in KB (GNU time, else VmHWM
# polled in /proc: a lower bound).
peak_kb() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$dir/rss" "$@" >/dev/null
		tail -1 "$dir/rss"
		return
	fi
	"$@" >/dev/null &
	pid=$!
	hwm=0
	while kill -0 "$pid" 2>/dev/null; do
		h=$(awk '/^VmHWM/ { print $2 }' /proc/$pid/status 2>/dev/null)
		[ -n "$h" ] && hwm=$h
		sleep 0.05
	done
	wait "$pid"
	echo "$hwm (polled)"
}

# gen KIND FRAMES: a dump ("lmp") or an extended XYZ ("xyz") on stdout.
gen() {
	awk -v kind="$1" -v n="$atoms" -v nf="$2" 'BEGIN {
		srand(1)
		for (t = 0; t < nf; t++) {
			if (kind == "lmp") {
				printf "ITEM: TIMESTEP\n%d\nITEM: NUMBER OF ATOMS\n%d\n", 10 * t, n
				printf "ITEM: BOX BOUNDS pp pp pp\n0 50\n0 50\n0 50\n"
				print "ITEM: ATOMS id type xs ys zs"
			} else {
				printf "%d\nLattice=\"50 0 0 0 50 0 0 0 50\" Properties=species:S:1:pos:R:3\n", n
			}
			for (j = 0; j < n; j++) {
				i = (j * 7919) % n + 1
				if (kind == "lmp")
					printf "%d %d %.8f %.8f %.8f\n", i, i % 3 ? 2 : 1, rand(), rand(), rand()
				else
					printf "%s %.8f %.8f %.8f\n", i % 3 ? "F" : "Ca", 50 * rand(), 50 * rand(), 50 * rand()
			}
		}
	}'
}

for kind in lmp xyz; do
	if [ $kind = lmp ]; then
		tool="$BIN/lmp2bin --timestep 1"
	else
		tool="$BIN/xyz2bin --dt 1"
	fi
	gen $kind "$frames" >"$dir/in"
	bytes=$(wc -c <"$dir/in")
	t=$(best_of 3 $tool "$dir/in")
	echo "$(basename ${tool%% *}): $atoms atoms x $frames frames," \
	    "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB:" \
	    "$t s, $(awk -v b="$bytes" -v t="$t" \
	    'BEGIN { printf "%.0f", b / 1e6 / t }') MB/s of text (best of 3)"
	# Few frames, but more than the reader's 4 MB of input buffers.
	few=$((frames / 10 > 2 ? frames / 10 : 2))
	gen $kind $few >"$dir/small"
	small=$(peak_kb $tool "$dir/small")
	large=$(peak_kb $tool "$dir/in")
	echo "$(basename ${tool%% *}): peak RSS $small KB for $few frames," \
	    "$large KB for $frames frames"
	rm -f "$dir/in" "$dir/small"
done
