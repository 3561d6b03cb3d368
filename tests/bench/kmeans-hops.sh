# kmeans-hops benchmark: wall time, peak memory (against the positions
# held as float32) and hop-detection quality on generated trajectories
# with known hops.  Targets: 400 atoms x 3000 frames under 5 s; 2000 atoms
# x 20000 frames under 5 min with peak memory under 1.5 x the float32
# positions.  KMEANS_BIG=0 skips the large case (about 1 GB of stream in
# $BENCH_TMP and a few minutes of both cores).
set -u
KH=$BIN/kmeans-hops
GT=$HELPERS/gen-traj
tmp=$BENCH_TMP/kmeans-hops
mkdir -p "$tmp"

# pr TRUTH DETECTED: precision, recall and the median start and end
# errors (frames) of detected hops matched to true ones (same atom,
# overlapping frames): tests/helpers/hopmatch.awk.
pr() {
	awk -F '\t' -f tests/helpers/hopmatch.awk "$1" "$2" | awk '{
		printf "  hops: %d true, %d found; precision %.3f, recall %.3f;" \
		    " median |start error| %.1f frames, |end error| %.1f\n",
		    $8, $7, $1, $2, $5, $6 }'
}

# case NAME IONS HOSTS FRAMES: generate, then time kmeans-hops alone.
bench_case() {
	name=$1 ions=$2 hosts=$3 frames=$4
	atoms=$((ions + hosts))
	"$GT" --scenario random --ions "$ions" --hosts "$hosts" \
	    --frames "$frames" --mobile 0.2 --rate 0.7 --seed 11 \
	    --truth "$tmp/truth" >"$tmp/in.hop" || return 1
	/usr/bin/time -f '%e %M %U' -o "$tmp/time" "$KH" --species all \
	    --tsv "$tmp/in.hop" \
	    >"$tmp/out.tsv" || return 1
	read -r wall kb cpu <"$tmp/time"
	awk -v n="$name" -v a="$atoms" -v f="$frames" -v w="$wall" \
	    -v kb="$kb" -v cpu="$cpu" 'BEGIN {
		pos = a * f * 12 / 1048576
		printf "%s: %d atoms x %d frames, all threads: %.2f s wall," \
		    " %.2f s CPU, %.1f atoms/s\n", n, a, f, w, cpu,
		    a / (w > 0 ? w : 1e-9)
		printf "  peak memory (VmHWM) %.1f MiB = %.2f x the float32" \
		    " positions (%.1f MiB)\n", kb / 1024, kb / 1024 / pos, pos
	}'
	pr "$tmp/truth" "$tmp/out.tsv"
	rm -f "$tmp/in.hop"
}

echo "kmeans-hops on $(nproc) CPU(s); gen-traj random, 20% of ions mobile"
bench_case small 100 300 3000
if [ "${KMEANS_BIG:-1}" != 0 ]; then
	bench_case big 500 1500 20000
else
	echo "big: skipped (KMEANS_BIG=0)"
fi

# A short run from a pipeline: the stream does not announce its number of
# frames; the position store sets aside at most one chunk (16 frames for
# this many atoms) beyond them.
"$HELPERS/gen-xdatcar" 20000 10 | "$BIN/xdat2bin" --dt 1 |
    "$BIN/unwrap" >"$tmp/short.hop"
/usr/bin/time -f %M -o "$tmp/time" "$KH" -j 1 --species all \
    "$tmp/short.hop" >/dev/null
awk -v kb="$(tail -1 "$tmp/time")" 'BEGIN {
	pos = 20000 * 10 * 12 / 1048576
	printf "short: 20000 atoms x 10 frames, frames not announced: peak" \
	    " memory %.1f MiB (float32 positions %.1f MiB)\n", kb / 1024, pos
}'
rm -f "$tmp/short.hop"
