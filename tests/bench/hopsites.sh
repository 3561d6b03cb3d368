# hopsites benchmark: wall time and peak memory of hopsites against
# kmeans-hops on the same generated lattice run (gen-lattice: simple
# cubic, independent jumps, known count), and the accuracy of the jump
# count, the rate and f.  Target: every figure hopsites reports for 2000
# ions x 20000 frames in less time than kmeans-hops takes on the same
# run.  HOPSITES_BIG=0 skips the large case (about 1 GB of stream in
# $BENCH_TMP and minutes of both cores).
set -u
. "$(dirname "$0")/lib.sh"
HS=$BIN/hopsites
KH=$BIN/kmeans-hops
GL=$HELPERS/gen-lattice
tmp=$BENCH_TMP/hopsites
mkdir -p "$tmp"

# bench_case NAME IONS FRAMES SIZE: generate, then time both tools.
bench_case() {
	name=$1 ions=$2 frames=$3 size=$4
	"$GL" --bare --mode independent --size "$size" --ions "$ions" \
	    --frames "$frames" --prob 0.01 --dt-fs 100 --poscar "$tmp/sc.vasp" \
	    --truth "$tmp/truth" >"$tmp/in.hop" || return 1
	truth=$(awk '$1 == "jumps" { print $2 }' "$tmp/truth")
	/usr/bin/time -f '%e %M %U' -o "$tmp/time" "$HS" -q \
	    --sites "$tmp/sc.vasp" --min-visit 1 --summary \
	    --chgcar "$tmp/d.CHGCAR" "$tmp/in.hop" >"$tmp/sum" || return 1
	read -r wall kb cpu <"$tmp/time"
	/usr/bin/time -f '%e %M %U' -o "$tmp/ktime" "$KH" -q --tsv \
	    "$tmp/in.hop" >"$tmp/k.tsv" || return 1
	read -r kwall kkb kcpu <"$tmp/ktime"
	jumps=$(sed -n 's/^jumps=//p' "$tmp/sum")
	f=$(sed -n 's/^f=//p' "$tmp/sum")
	df=$(sed -n 's/^df=//p' "$tmp/sum")
	awk -v n="$name" -v a="$ions" -v fr="$frames" -v w="$wall" \
	    -v kb="$kb" -v c="$cpu" -v kw="$kwall" -v kkb="$kkb" \
	    -v kc="$kcpu" -v j="$jumps" -v t="$truth" -v f="$f" -v df="$df" \
	    'BEGIN {
		printf "%s: %d ions x %d frames\n", n, a, fr
		printf "  hopsites (sites, jump types, rates, D_jump, D*, f," \
		    " density): %.2f s wall, %.2f s CPU, peak %.0f MiB\n",
		    w, c, kb / 1024
		printf "  kmeans-hops on the same run: %.2f s wall, %.2f s" \
		    " CPU, peak %.0f MiB; hopsites takes %.2f of its time\n",
		    kw, kc, kkb / 1024, w / (kw > 0 ? kw : 1e-9)
		printf "  jumps found %d of %d generated; f = %s +- %s" \
		    " (want 1)\n", j, t, f, df }'
}

bench_case small 400 2000 10 || exit 1
if [ "${HOPSITES_BIG:-1}" != 0 ]; then
	bench_case large 2000 20000 16 || exit 1
fi
rm -rf "$tmp"
