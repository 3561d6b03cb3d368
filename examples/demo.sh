#!/bin/sh
# examples/demo.sh - the main pipeline on the bundled example (make demo).
set -eu
cd "$(dirname "$0")/.."
B=bin
out=${DEMO_OUT:-demo-out}
mkdir -p "$out"
run=examples/caf2-1600K

echo "== what the run holds:  xdat2bin $run/XDATCAR.gz | unwrap | hopcat"
$B/xdat2bin $run/XDATCAR.gz | $B/unwrap | $B/hopcat

echo
echo "== hops (reference method):  ... | kmeans-hops > $out/hops.bin"
$B/xdat2bin $run/XDATCAR.gz | $B/unwrap | $B/kmeans-hops > "$out/hops.bin"
$B/hopcat --hops "$out/hops.bin" | head -n 11
echo "($(($($B/hopcat --hops "$out/hops.bin" | wc -l) - 1)) hops in all)"
