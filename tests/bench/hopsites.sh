# hopsites benchmark: wall time, CPU time and peak memory of hopsites
# against kmeans-hops (its default, reference mode) on the same generated
# lattice run (gen-lattice: simple cubic, independent jumps, known
# count), and the accuracy of the jump count, the rate and f.  Target
# (issue 15): every figure hopsites reports for 2000 ions x 20000 frames
# in less time than kmeans-hops takes on the same run.  hopsites runs
# twice, each time writing everything it can for one run (the summary,
# every number as JSON, the CHGCAR and cube densities, the sites as
# extended XYZ, the jump network figure): with the sites from the
# generator's POSCAR (--sites) and with the sites from the data.  The
# verdict compares wall times and, as the machine may be shared, CPU
# times too.  HOPSITES_BIG=0 skips the large case (about 1 GB of stream
# in $BENCH_TMP and minutes of both cores).
set -u
. "$(dirname "$0")/lib.sh"
HS=$BIN/hopsites
KH=$BIN/kmeans-hops
GL=$HELPERS/gen-lattice
tmp=$BENCH_TMP/hopsites
mkdir -p "$tmp"

# hs TAG ARGS...: hopsites on $tmp/in.hop writing every output, timed
# into $tmp/TAG.time ("wall user sys KB"); the summary in $tmp/TAG.sum.
hs() {
	_t=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/$_t.time" "$HS" -q "$@" \
	    --min-visit 1 --summary --json "$tmp/$_t.json" \
	    --chgcar "$tmp/$_t.CHGCAR" --cube "$tmp/$_t.cube" \
	    --sites-out "$tmp/$_t.xyz" --svg "$tmp/$_t.svg" "$tmp/in.hop" \
	    >"$tmp/$_t.sum"
}

# bench_case NAME IONS FRAMES SIZE: generate, then time both tools.
bench_case() {
	name=$1 ions=$2 frames=$3 size=$4
	"$GL" --bare --mode independent --size "$size" --ions "$ions" \
	    --frames "$frames" --prob 0.01 --dt-fs 100 --poscar "$tmp/sc.vasp" \
	    --truth "$tmp/truth" >"$tmp/in.hop" || return 1
	truth=$(awk '$1 == "jumps" { print $2 }' "$tmp/truth")
	hs ref --sites "$tmp/sc.vasp" || return 1
	hs data || return 1
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/ktime" "$KH" -q --tsv \
	    "$tmp/in.hop" >"$tmp/k.tsv" || return 1
	echo "$name: $ions ions x $frames frames ($size^3 sites);" \
	    "load average $(cut -d' ' -f1-3 /proc/loadavg)"
	for t in ref data; do
		read -r w u sy kb <"$tmp/$t.time"
		read -r kw ku ksy kkb <"$tmp/ktime"
		jumps=$(sed -n 's/^jumps=//p' "$tmp/$t.sum")
		f=$(sed -n 's/^f=//p' "$tmp/$t.sum")
		df=$(sed -n 's/^df=//p' "$tmp/$t.sum")
		awk -v t="$t" -v w="$w" -v c="$u + $sy" -v kb="$kb" -v kw="$kw" \
		    -v kc="$ku + $ksy" -v j="$jumps" -v tr="$truth" -v f="$f" \
		    -v df="$df" -v big="$5" 'BEGIN {
			split(c, a, "+"); c = a[1] + a[2]
			split(kc, a, "+"); kc = a[1] + a[2]
			if (kw <= 0) kw = 1e-9
			if (kc <= 0) kc = 1e-9
			src = t == "ref" ? "from --sites" : "from the data"
			printf "  hopsites, sites %s: %.2f s wall, %.2f s CPU,", \
			    src, w, c
			printf " peak %.0f MiB; %.2f x kmeans-hops wall, %.2f x" \
			    " its CPU\n", kb / 1024, w / kw, c / kc
			printf "    jumps found %d of %d generated; f = %s +- %s" \
			    " (want 1)\n", j, tr, f, df
			if (big)
				printf "    %s (wall), %s (CPU): hopsites in less" \
				    " time than kmeans-hops\n",
				    w < kw ? "PASS" : "MISS",
				    c < kc ? "PASS" : "MISS" }'
	done
	read -r kw ku ksy kkb <"$tmp/ktime"
	awk -v kw="$kw" -v kc="$ku + $ksy" -v kkb="$kkb" 'BEGIN {
		split(kc, a, "+"); kc = a[1] + a[2]
		printf "  kmeans-hops (reference mode) on the same run: %.2f s" \
		    " wall, %.2f s CPU, peak %.0f MiB\n", kw, kc, kkb / 1024 }'
}

bench_case small 400 2000 10 0 || exit 1
if [ "${HOPSITES_BIG:-1}" != 0 ]; then
	bench_case large 2000 20000 16 1 || exit 1
fi
rm -rf "$tmp"
