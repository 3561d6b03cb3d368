# adaptive-accuracy.sh - how well each kmeans-hops mode finds hops.
#
# 1. Generated trajectories with known hops (gen-traj) across vibration
#    amplitudes, rms / site spacing 0.05 .. 0.35 (rms = sqrt(3) x the noise
#    per axis; spacing 2.7 A), vibrations independent from frame to frame
#    or correlated over 10 frames as in MD; "hops": 60% of 40 ions hop, 2
#    per 1000 frames, 30% of hops go back; "tour": every ion hops, 6 per
#    1000 frames, through many sites.  Precision and recall of both modes:
#    a found hop is right when a true hop of the same atom overlaps its
#    frames (P, R); "1:1" pairs each true hop with one found hop at most.
#    Then the adaptive mode alone over eight more seeds: the least P, R
#    and 1:1 precision of each case.
# 2. CaF2 at 1600 K against the independent site-based list
#    (site_hops.tsv; a hop matches when the frame ranges overlap within 5
#    frames), hops at 1000 K, Ca hops, and the reference mode's Li6PS5Cl
#    hops found by the adaptive mode, with the time each mode takes; a
#    short run, CaF2's first 100 frames, against the listed hops that
#    leave their site within them.
. "$(dirname "$0")/lib.sh"
set -u
KH=$BIN/kmeans-hops
GT=$HELPERS/gen-traj
tmp=${BENCH_TMP:-/tmp}/adaptive-accuracy
mkdir -p "$tmp"

# pr TRUTH DETECTED TOL: "P R P1:1 R1:1 found true" (matching as in
# tests/helpers/hopmatch.awk, frame ranges overlapping within TOL).
pr() {
	awk -F '\t' -v tol="$3" -f tests/helpers/hopmatch.awk "$1" "$2" |
	    awk '{ print $1, $2, $3, $4, $7, $8 }'
}

echo "synthetic (gen-traj, 3000 frames): precision P and recall R, and 1:1"
printf '%-5s %-5s %-9s | %-30s | %-30s\n' case corr rms/sep \
    "reference: P R P1:1 R1:1 found" "adaptive: P R P1:1 R1:1 found" 
for sc in hops tour; do
	if [ $sc = hops ]; then
		g="--ions 40 --mobile 0.6 --rate 2 --back 0.3 --seed 5"
	else
		g="--ions 20 --mobile 1 --rate 6 --back 0.3 --hop-frames 5 --seed 7"
	fi
	for corr in 0 10; do
		for r in 0.05 0.10 0.15 0.20 0.25 0.30 0.35; do
			nz=$(awk -v r=$r 'BEGIN { printf "%.4f", r * 2.7 / sqrt(3) }')
			"$GT" --scenario random $g --frames 3000 --noise "$nz" \
			    --corr $corr --truth "$tmp/truth" >"$tmp/in.hop"
			"$KH" --mode reference --tsv "$tmp/in.hop" >"$tmp/r.tsv"
			"$KH" --mode adaptive --tsv "$tmp/in.hop" >"$tmp/a.tsv"
			set -- $(pr "$tmp/truth" "$tmp/r.tsv" 0)
			ref="$1 $2 $3 $4 $5"
			set -- $(pr "$tmp/truth" "$tmp/a.tsv" 0)
			printf '%-5s %-5s %-9s | %-30s | %-30s (of %d)\n' $sc \
			    $corr $r "$ref" "$1 $2 $3 $4 $5" "$6"
		done
	done
done

# The same cases over eight more seeds, adaptive mode only: the least
# precision, recall and 1:1 precision (a hop split in two lowers it).
echo
echo "adaptive over seeds 1-8: the least P R P1:1 of each case"
for sc in hops tour; do
	if [ $sc = hops ]; then
		g="--ions 40 --mobile 0.6 --rate 2 --back 0.3"
	else
		g="--ions 20 --mobile 1 --rate 6 --back 0.3 --hop-frames 5"
	fi
	for corr in 0 10; do
		line=
		for r in 0.05 0.10 0.15 0.20 0.25 0.30 0.35; do
			nz=$(awk -v r=$r 'BEGIN { printf "%.4f", r * 2.7 / sqrt(3) }')
			for seed in 1 2 3 4 5 6 7 8; do
				"$GT" --scenario random $g --seed $seed \
				    --frames 3000 --noise "$nz" --corr $corr \
				    --truth "$tmp/truth" >"$tmp/in.hop"
				"$KH" --mode adaptive --tsv "$tmp/in.hop" \
				    >"$tmp/a.tsv"
				pr "$tmp/truth" "$tmp/a.tsv" 0
			done | awk -v r=$r 'NR == 1 || $1 < p { p = $1 }
			    NR == 1 || $2 < q { q = $2 }
			    NR == 1 || $3 < o { o = $3 }
			    END { printf "%s %.3f %.3f %.3f\n", r, p, q, o }'
		done | awk -v sc=$sc -v c=$corr '{ printf "%-5s %-5s %-9s | %s %s %s\n",
		    sc, c, $1, $2, $3, $4 }'
	done
done
rm -f "$tmp/in.hop"

caf2=$SHARED/caf2-md
if [ ! -d "$caf2" ] || [ ! -x "$BIN/xdat2bin" ]; then
	echo "real data: skipped (no $caf2 or no xdat2bin)"
	exit 0
fi
echo
echo "real data: P, R and F1 against the site-based list (overlap within 5 frames)"
for t in 1600K 1000K; do
	"$BIN/xdat2bin" "$caf2/$t/XDATCAR.gz" | "$BIN/unwrap" >"$tmp/c.hop"
	for m in reference adaptive; do
		t0=$(now)
		"$KH" --mode $m --tsv "$tmp/c.hop" >"$tmp/c.tsv"
		w=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
		set -- $(pr "$caf2/$t/site_hops.tsv" "$tmp/c.tsv" 5)
		awk -v t=$t -v m=$m -v w="$w" -v p="$1" -v r="$2" -v p1="$3" \
		    -v r1="$4" -v f="$5" -v n="$6" -v ca="$(awk -F '\t' \
		    'NR > 1 && $2 == "Ca"' "$tmp/c.tsv" | wc -l)" 'BEGIN {
			printf "CaF2 %s %-9s: %4d hops (%d by Ca), %d listed;" \
			    " P %.3f R %.3f F1 %.3f; 1:1 F1 %.3f; %s s\n",
			    t, m, f, ca, n, p, r, p + r ? 2 * p * r / (p + r) : 0,
			    p1 + r1 ? 2 * p1 * r1 / (p1 + r1) : 0, w }'
	done
done
# A short run: the first 100 frames of 1600 K against the listed hops
# that leave their site within them.
gzip -dc "$caf2/1600K/XDATCAR.gz" | awk '
	/^Direct configuration=/ && ++k > 100 { exit } { print }' |
    "$BIN/xdat2bin" --dt 10 | "$BIN/unwrap" >"$tmp/c.hop"
awk -F '\t' '!/^#/ && $2 < 100' "$caf2/1600K/site_hops.tsv" >"$tmp/short.tsv"
for m in reference adaptive; do
	"$KH" --mode $m --species F --tsv "$tmp/c.hop" >"$tmp/c.tsv"
	set -- $(pr "$tmp/short.tsv" "$tmp/c.tsv" 5)
	printf 'CaF2 1600K, first 100 frames, %-9s: %d hops, %d listed; P %.3f R %.3f\n' \
	    $m "$5" "$6" "$1" "$2"
done
if [ -d "$SHARED/li6ps5cl-aimd" ]; then
	"$BIN/xdat2bin" "$SHARED/li6ps5cl-aimd/XDATCAR.gz" | "$BIN/unwrap" \
	    >"$tmp/li.hop"
	"$KH" --mode reference --tsv "$tmp/li.hop" |
	    awk -F '\t' -v OFS='\t' '{ print $1, $3, $4 }' >"$tmp/li-ref.tsv"
	"$KH" --mode adaptive --tsv "$tmp/li.hop" >"$tmp/li.tsv"
	set -- $(pr "$tmp/li-ref.tsv" "$tmp/li.tsv" 0)
	echo "Li6PS5Cl: adaptive finds $5 hops, $(awk -v r="$2" -v n="$6" \
	    'BEGIN { printf "%d", r * n + 0.5 }') of the reference mode's $6"
fi
rm -rf "$tmp"
