#!/bin/sh
# database.sh - the whole example database (examples/database: 6 CaF2 runs
# made with LAMMPS and 3 synthetic Li runs, 600 frames each) from scratch
# with make -j2, then a no-op make and a rebuild after one run changes.
set -u
: "${BIN:?}" "${BENCH_TMP:?}"
mk=$PWD/examples/database/Makefile
runs=$PWD/examples/database/runs
out=$BENCH_TMP/database
n=$(ls "$runs"/*/*/*K/XDATCAR.gz | wc -l | tr -d ' ')
frames=$(gzip -dc "$runs"/*/*/*K/XDATCAR.gz | grep -c '^Direct configuration=')

# dbmake ARGS...: wall seconds of one make of the database.
dbmake() {
	t0=$(date +%s.%N)
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -f "$mk" RUNS="$runs" \
	    OUT="$out" HOPTOOLS_BIN="$BIN" "$@" >"$BENCH_TMP/db.log" 2>&1 ||
	    { tail -n 5 "$BENCH_TMP/db.log"; return 1; }
	awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'
}

echo "example database: $n runs, $frames frames in all, on $(nproc) CPU(s)"
t=$(dbmake -j2) || exit 1
printf 'from scratch, make -j2:        %6s s (%s frames/s)\n' "$t" \
    "$(awk -v f="$frames" -v t="$t" 'BEGIN { printf "%.0f", f / t }')"
t=$(dbmake -j2) || exit 1
printf 'nothing changed, make -j2:     %6s s\n' "$t"
# A copy of one run, so that the bundled data keep their times.
rm -rf "$BENCH_TMP/runs" && cp -rL "$runs" "$BENCH_TMP/runs"
runs=$BENCH_TMP/runs
t=$(dbmake -j2) || exit 1
touch "$runs/halide/CaF2/1600K/XDATCAR.gz"
t=$(dbmake -j2) || exit 1
printf 'one run changed, make -j2:     %6s s\n' "$t"
rm -rf "$out"
t=$(dbmake -j1) || exit 1
printf 'from scratch, make -j1:        %6s s\n' "$t"
grep -v "^#" "$out/summary.tsv" | cut -f1-3,8,9,13,17,19 |
    if command -v column >/dev/null; then column -t; else cat; fi
