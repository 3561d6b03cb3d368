#!/bin/sh
# tests/bench/xdat2bin.sh - how fast xdat2bin reads XDATCAR text, plain and
# gzip-compressed (against zcat alone), and its peak memory on a >1 GB
# trajectory streamed through a pipe.
#
# BIN and HELPERS as for the tests (defaults: the release build).  Needs
# about 0.6 GB in $TMPDIR; BENCH_ATOMS and BENCH_FRAMES size the file.
set -u
. "$(dirname "$0")/lib.sh"
atoms=${BENCH_ATOMS:-10000}
frames=${BENCH_FRAMES:-1000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM

"$HELPERS/gen-xdatcar" "$atoms" "$frames" >"$dir/XDATCAR"
bytes=$(wc -c <"$dir/XDATCAR")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "xdat2bin: synthetic XDATCAR of $atoms atoms x $frames frames, $mb MB"

t=$(best_of 3 "$BIN/xdat2bin" --dt 1 "$dir/XDATCAR")
echo "xdat2bin: plain text: $t s, $(mb_per_s "$bytes" "$t") MB/s of" \
    "XDATCAR text (best of 3)"

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
