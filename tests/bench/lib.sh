# tests/bench/lib.sh - sourced by the benchmark scripts (run.sh does not
# run it): timing and peak memory.  A script sources it with
#     . "$(dirname "$0")/lib.sh"
# and may then be run alone too: BIN and HELPERS default to the release
# build.

top=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$top/bin}
HELPERS=${HELPERS:-$top/build/rel/tests}

# now: the wall clock in seconds, to the nanosecond.
now() { date +%s.%N; }

# best_of N CMD...: the shortest wall time of N runs of CMD (stdout
# discarded), in seconds; a failing run ends the script.
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

# peak_kb CMD...: the peak resident set size of CMD in KB (stdout
# discarded), from GNU time when present, else from VmHWM polled in /proc
# while it runs (a lower bound, said so).
peak_kb() {
	if [ -x /usr/bin/time ]; then
		_rss=$(mktemp)
		/usr/bin/time -f %M -o "$_rss" "$@" >/dev/null
		tail -1 "$_rss"
		rm -f "$_rss"
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

# mb_per_s BYTES SECONDS: the rate in MB/s, rounded.
mb_per_s() {
	awk -v b="$1" -v t="$2" 'BEGIN { printf "%.0f", b / 1e6 / t }'
}
