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
# overlapping frames).
pr() {
	awk -F '\t' '
	function abs(v) { return v < 0 ? -v : v }
	function median(a, k,   i, j, t) {
		for (i = 2; i <= k; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		if (k == 0) return 0
		if (k % 2) return a[(k + 1) / 2]
		return (a[k / 2] + a[k / 2 + 1]) / 2
	}
	FNR == 1 { next }
	FILENAME == ARGV[1] { n++; ta[n] = $1; ts[n] = $2; te[n] = $3; next }
	{ m++; da[m] = $1; ds[m] = $3; de[m] = $4 }
	END {
		for (j = 1; j <= m; j++)
			for (i = 1; i <= n; i++)
				if (da[j] == ta[i] && ds[j] <= te[i] &&
				    ts[i] <= de[j]) {
					if (!dm[j]) { dm[j] = 1; nd++ }
					if (!tm[i]) {
						tm[i] = 1; nt++
						es[nt] = abs(ds[j] - ts[i])
						ee[nt] = abs(de[j] - te[i])
					}
				}
		printf "  hops: %d true, %d found; precision %.3f, recall %.3f;" \
		    " median |start error| %.1f frames, |end error| %.1f\n",
		    n, m, m ? nd / m : 1, n ? nt / n : 1, median(es, nt),
		    median(ee, nt)
	}' "$1" "$2"
}

# case NAME IONS HOSTS FRAMES: generate, then time kmeans-hops alone.
bench_case() {
	name=$1 ions=$2 hosts=$3 frames=$4
	atoms=$((ions + hosts))
	"$GT" --scenario random --ions "$ions" --hosts "$hosts" \
	    --frames "$frames" --mobile 0.2 --rate 0.7 --seed 11 \
	    --truth "$tmp/truth" >"$tmp/in.hop" || return 1
	/usr/bin/time -f '%e %M %U' -o "$tmp/time" "$KH" --tsv "$tmp/in.hop" \
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
