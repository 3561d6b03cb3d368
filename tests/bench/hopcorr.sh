#!/bin/sh
# hopcorr.sh - time hopcorr on 5000 hops over 20000 frames with the default
# 200 random trials (the target is under 10 s), and hophist on the same.
set -u
. "$(dirname "$0")/lib.sh"
tsv=$BENCH_TMP/hopcorr.tsv
bin=$BENCH_TMP/hopcorr.bin
# Durations of 5 to 40 frames (0.05-0.4 ps at 10 fs), uniform starts.
awk 'BEGIN { srand(3); for (i = 0; i < 5000; i++) {
	d = 5 + int(rand() * 36); s = int(rand() * (20000 - d));
	print i % 500, s, s + d, 0, 0, 0, 2.5, 0, 0 } }' >"$tsv"
"$HELPERS/mkhops" -s Li:500 -f 20000 "$tsv" >"$bin" || exit 1
t=$(best_of 1 "$BIN/hopcorr" "$bin")
echo "hopcorr, 5000 hops x 20000 frames, 200 random trials: $t s" \
    "(target: < 10 s)"
t=$(best_of 1 "$BIN/hopcorr" --trials=1 "$bin")
echo "hopcorr, the same with 1 random trial: $t s"
t=$(best_of 1 "$BIN/hophist" --summary "$bin")
echo "hophist --summary, 5000 hops: $t s"
