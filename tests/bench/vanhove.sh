#!/bin/sh
# vanhove.sh - vanhove on 2000 ions x 20000 frames of random walkers:
# wall time and peak memory of the default table (alpha2, H_R) and of
# the van Hove functions at 4 lags (G_d over 100 origins each), with the
# machine's threads.  Issue 16's target: seconds to minutes.
set -u
: "${BIN:?}" "${HELPERS:?}" "${BENCH_TMP:?}"
N=${VANHOVE_BENCH_IONS:-2000}
F=${VANHOVE_BENCH_FRAMES:-20000}
s=$BENCH_TMP/vanhove-walk.bin

measure() {
	label=$1
	shift
	/usr/bin/time -f "%e %U %M" -o "$BENCH_TMP/vh.time" "$@" \
	    >"$BENCH_TMP/vh.out" 2>"$BENCH_TMP/vh.err" || {
		echo "$label: failed: $(head -c 300 "$BENCH_TMP/vh.err")"
		return 1; }
	read -r wall user kb <"$BENCH_TMP/vh.time"
	printf '%-44s %7.2f s wall, %7.2f s user, VmHWM %d MB\n' \
	    "$label" "$wall" "$user" $((kb / 1024))
}

echo "random walkers: $N ions x $F frames, cell 60 A"
"$HELPERS/gen-walk" -n "$N" -f "$F" -c 60 -m 0 -s 1 >"$s" || exit 1
measure "alpha2 + H_R table (40 lags)" "$BIN/vanhove" -q "$s"
measure "+ G_s and G_d at 4 lags (100 origins)" "$BIN/vanhove" -q \
    --self "$BENCH_TMP/gs.tsv" --distinct "$BENCH_TMP/gd.tsv" "$s"
a2=$(awk -F'\t' 'NR > 1 && !/^#/ && $1 < 0.1 * '"$F"' * 0.01 {
	d = $4 < 0 ? -$4 : $4; if (d > 3 * $5) bad++; n++ }
	END { printf "%d of %d", bad, n }' "$BENCH_TMP/vh.out")
echo "alpha2 of Gaussian walkers beyond 3 dalpha2 from 0: $a2 lags"
rm -f "$s"
