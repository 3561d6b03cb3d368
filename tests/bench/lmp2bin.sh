#!/bin/sh
# tests/bench/lmp2bin.sh - how fast lmp2bin and xyz2bin read their text
# (LAMMPS dump with atoms in shuffled id order, extended XYZ with species
# not grouped), and their peak memory for few and many frames.
#
# BIN as for the tests (default: the release build).  BENCH_ATOMS and
# BENCH_FRAMES size the files (about 45 MB each by default).
set -u
. "$(dirname "$0")/lib.sh"
atoms=${BENCH_ATOMS:-10000}
frames=${BENCH_FRAMES:-100}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM

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
	    "$t s, $(mb_per_s "$bytes" "$t") MB/s of text (best of 3)"
	# Few frames, but more than the reader's 4 MB of input buffers.
	few=$((frames / 10 > 2 ? frames / 10 : 2))
	gen $kind $few >"$dir/small"
	small=$(peak_kb $tool "$dir/small")
	large=$(peak_kb $tool "$dir/in")
	echo "$(basename ${tool%% *}): peak RSS $small KB for $few frames," \
	    "$large KB for $frames frames"
	rm -f "$dir/in" "$dir/small"
done
