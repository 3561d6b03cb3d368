#!/bin/sh
# tests/fuzz/run.sh SECONDS [TARGET...] - run each libFuzzer target in
# turn (never two at once: the machine is shared) for SECONDS, starting
# from its seed corpus, and print one summary line per target:
# executions, coverage (cov, ft), corpus size and duration.  New inputs
# go to build/fuzz/corpus/NAME, crashes to build/fuzz/crash-NAME-*, the
# log to build/fuzz/NAME.log.  Exits 1 when any target found a crash.
#
# Called by `make fuzz` after building build/fuzz/fuzz_NAME; SECONDS=0
# only replays the seeds.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
secs=${1:-60}
shift
[ $# -gt 0 ] || set -- xdatcar incar stream lammps extxyz vasprun h5 traj cp2kcell

# fuzz_seeds NAME: the seed directories of target NAME that exist.
fuzz_seeds() {
	for d in $(awk -v t="$1" '$1 == t { $1 = ""; print }' \
	    tests/fuzz/seeds.txt); do
		[ -d "$d" ] && echo "$d"
	done
}

status=0
for t in "$@"; do
	bin=build/fuzz/fuzz_$t
	work=build/fuzz/corpus/$t
	log=build/fuzz/$t.log
	mkdir -p "$work"
	dict=
	[ -f "tests/fuzz/$t.dict" ] && dict=-dict=tests/fuzz/$t.dict
	if [ "$secs" -gt 0 ]; then
		limit="-max_total_time=$secs"
	else
		limit="-runs=0"
	fi
	start=$(date +%s)
	# -timeout catches hangs; -rss_limit_mb (and with it the malloc
	# limit) catches an allocation sized from a corrupt count.
	"$bin" $limit $dict -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	    -print_final_stats=1 -artifact_prefix="build/fuzz/crash-$t-" \
	    "$work" $(fuzz_seeds "$t") >"$log" 2>&1
	rc=$?
	end=$(date +%s)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -E '^#[0-9]+' "$log" | tail -1 |
	    sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/cov \1, ft \2, corpus \3/p')
	if [ $rc -ne 0 ]; then
		status=1
		echo "fuzz $t: FAILED (exit $rc) after $((end - start)) s:" \
		    "see $log and build/fuzz/crash-$t-*"
		grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5
	else
		echo "fuzz $t: ${runs:-?} executions, ${cov:-no stats}," \
		    "$((end - start)) s"
	fi
done
exit $status
