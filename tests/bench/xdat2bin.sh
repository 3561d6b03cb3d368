#!/bin/sh
# tests/bench/xdat2bin.sh - how fast xdat2bin reads XDATCAR text, plain and
# gzip-compressed (against zcat alone), and its peak memory on a >1 GB
# trajectory streamed through a pipe.
#
# BIN and HELPERS as for the tests (defaults: the release build).  Needs
# about 0.6 GB in $TMPDIR; BENCH_ATOMS and BENCH_FRAMES size the file.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$top/bin}
HELPERS=${HELPERS:-$top/build/rel/tests}
atoms=${BENCH_ATOMS:-10000}
frames=${BENCH_FRAMES:-1000}
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
		"$@" >/dev/null || { echo "xdat2bin bench: '$*' failed" >&2; exit 1; }
		t=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
		if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'
		then best=$t; fi
		n=$((n - 1))
	done
	echo "$best"
}

# peak_kb CMD...: the peak resident set size of CMD in KB, from GNU time
# when present, else from VmHWM polled in /proc while it runs.
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
	echo "$hwm (polled, a lower bound)"
}

"$HELPERS/gen-xdatcar" "$atoms" "$frames" >"$dir/XDATCAR"
bytes=$(wc -c <"$dir/XDATCAR")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "xdat2bin: synthetic XDATCAR of $atoms atoms x $frames frames, $mb MB"

t=$(best_of 3 "$BIN/xdat2bin" --dt 1 "$dir/XDATCAR")
echo "xdat2bin: plain text: $t s, $(awk -v b="$bytes" -v t="$t" \
    'BEGIN { printf "%.0f", b / 1e6 / t }') MB/s of XDATCAR text (best of 3)"

gzip -1 <"$dir/XDATCAR" >"$dir/XDATCAR.gz"
rm -f "$dir/XDATCAR"
tz=$(best_of 3 gzip -dc "$dir/XDATCAR.gz")
tx=$(best_of 3 "$BIN/xdat2bin" --dt 1 "$dir/XDATCAR.gz")
echo "xdat2bin: gzip input: zcat alone $tz s, xdat2bin $tx s," \
    "ratio $(awk -v a="$tx" -v b="$tz" 'BEGIN { printf "%.2f", a / b }')" \
    "(target at most 1.5)"
rm -f "$dir/XDATCAR.gz"

# Memory: 10 frames, then more than 1 GB of text through a pipe.
big=$((1100000000 / (atoms * 37) + 1))
small=$(peak_kb sh -c "'$HELPERS/gen-xdatcar' $atoms 10 | '$BIN/xdat2bin' --dt 1")
large=$(peak_kb sh -c "'$HELPERS/gen-xdatcar' $atoms $big | '$BIN/xdat2bin' --dt 1")
echo "xdat2bin: peak RSS (largest process of the pipeline): $small KB for" \
    "10 frames, $large KB for $big frames (>1.1 GB of text)"
