#!/bin/sh
# examples/demo.sh - the main pipeline on the bundled example (make demo).
# Writes its products, figures included, into demo-out/ (DEMO_OUT).
set -eu
cd "$(dirname "$0")/.."
B=bin
out=${DEMO_OUT:-demo-out}
mkdir -p "$out"
run=examples/caf2-1600K

echo "== what the run holds:  xdat2bin $run/XDATCAR.gz | unwrap > $out/unwrapped.bin; hopcat"
$B/xdat2bin $run/XDATCAR.gz | $B/unwrap > "$out/unwrapped.bin"
$B/hopcat "$out/unwrapped.bin"

echo
echo "== hops, reference method (IonDiff's):  kmeans-hops --species F"
$B/kmeans-hops --species F "$out/unwrapped.bin" > "$out/hops.bin"
$B/hopcat --hops "$out/hops.bin" | head -n 6
echo "... $(($($B/hopcat --hops "$out/hops.bin" | wc -l) - 1)) hops in all"

echo
echo "== hops, adaptive method (beyond the reference):  kmeans-hops --mode adaptive --species F"
$B/kmeans-hops --mode adaptive --species F "$out/unwrapped.bin" \
    > "$out/hops-adaptive.bin"
echo "$(($($B/hopcat --hops "$out/hops-adaptive.bin" | wc -l) - 1)) hops in all"

# The atom with the most hops, drawn as the method sees it.
atom=$($B/hopcat --hops "$out/hops.bin" |
    awk -F '\t' 'NR > 1 { n[$1]++ } END { for (a in n) if (n[a] > m) { m = n[a]; b = a }; print b + 0 }')
$B/kmeans-hops --species F --svg "$out/atom.svg" --svg-atom "$atom" \
    "$out/unwrapped.bin" > /dev/null
echo "   atom $atom's clusters and hops: $out/atom.svg"

echo
echo "== hops on the sites all ions share:  kmeans-hops --mode network --species F"
$B/kmeans-hops --mode network --species F "$out/unwrapped.bin" \
    > "$out/hops-network.bin"
echo "$(($($B/hopcat --hops "$out/hops-network.bin" | wc -l) - 1)) hops in all"

echo
echo "== sites and jumps:  hopsites --jumps-table --svg $out/network.svg; hopsites --summary"
$B/hopsites --species F --jumps-table --svg "$out/network.svg" \
    "$out/unwrapped.bin" | cut -f 3,6-10
$B/hopsites -q --species F --summary "$out/unwrapped.bin" |
    grep -E '^(sites|types|jumps|d?D_jump_cm2_s|d?D_tracer_cm2_s|d?f|return_fraction)='

echo
echo "== how many ions hop together:  hopcorr --svg $out/correlations.svg"
$B/hopcorr --svg "$out/correlations.svg" "$out/hops-adaptive.bin" |
    awk 'NR <= 6 || /^#/'

echo
echo "== hop descriptors:  hophist --summary; hophist --svg $out/lengths.svg"
$B/hophist --summary "$out/hops-adaptive.bin"
$B/hophist --quantity length --svg "$out/lengths.svg" \
    "$out/hops-adaptive.bin" > /dev/null

echo
echo "== diffusion:  msd --svg $out/msd.svg"
$B/msd --svg "$out/msd.svg" "$out/unwrapped.bin" | grep '^#'

echo
echo "figures: $out/atom.svg $out/network.svg $out/correlations.svg $out/lengths.svg $out/msd.svg"
