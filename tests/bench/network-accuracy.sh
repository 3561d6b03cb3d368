# network-accuracy.sh - how well each kmeans-hops mode finds hops, the
# network mode (sites shared by a species) beside the reference and
# adaptive modes.  Every figure is precision, recall and F1 with one-to-one
# matching (tests/helpers/hopmatch.awk: each listed hop pairs with one
# found hop at most, the same atom, frame ranges overlapping within the
# tolerance), strict: a found hop that pairs with none counts against
# precision.
#
# (a) CaF2 at 1600 K against the independent site-based list
#     (../shared/data/caf2-md/1600K/site_hops.tsv: nearest ideal fluorite
#     site, 10-frame residences), tolerance 5 frames.  Target F1 >= 0.9.
# (b) Li6PS5Cl against a site-based list made here with ASE
#     (tests/helpers/argyrodite-hops.py: the 48h sites of F-43m with x and
#     z fitted to the Li density, 2-frame persistence within half the
#     doublet distance, hops classed doublet / intra-cage / inter-cage),
#     tolerance 5 frames.  Targets F1 >= 0.85 on inter-cage hops, >= 0.8
#     over all site changes.  (b') the network mode against lists of
#     1, 3 and 4 frames' persistence, to show what the figures hang on;
#     (b'') the recall of the listed hops by the length of the visits
#     they join, to show which the modes miss; (b''') the hops each mode
#     finds in the same framework with Li vibrating and never hopping.
# (c) Generated trajectories (gen-traj, as adaptive-accuracy.sh), exact
#     overlap, 16 cases over 4 seeds: the network mode should never fall
#     below the adaptive one (1:1 F1, unrounded); and the same over 4
#     more seeds (4 to 7), which were not used while the method was
#     built, and 4 more (8 to 11), used neither then nor for the short
#     visits' test (the passages' rule was made on seeds 2 and 6 of
#     them all); and 12 more (12 to 23), added after the passages' rule
#     was made and used for nothing but this count (the dwells' rules were
#     made on seeds 11 and 15, and counted over all 24).  Each case's paired
#     difference over its 24 seeds, and each set pooled over them (the
#     pairs, found and listed hops summed: the set's F1, each mode's).
#     (c') One with visits as short as 3 frames and frequent returns.
# (d) CaF2 at 1000 K: no hop.
. "$(dirname "$0")/lib.sh"
set -u
KH=$BIN/kmeans-hops
GT=$HELPERS/gen-traj
PY=/usr/bin/python3
tmp=${BENCH_TMP:-/tmp}/network-accuracy
mkdir -p "$tmp"

# prf TRUTH DETECTED TOL: "P1:1 R1:1 F1 found listed".
prf() {
	awk -F '\t' -v tol="$3" -f tests/helpers/hopmatch.awk "$1" "$2" |
	    awk '{ printf "%.3f %.3f %.3f %d %d\n", $3, $4, $10, $7, $8 }'
}

# f1x TRUTH DETECTED: the 1:1 F1 unrounded, exact overlap, to compare.
f1x() {
	awk -F '\t' -v tol=0 -f tests/helpers/hopmatch.awk "$1" "$2" |
	    awk '{ print $10 }'
}

# tpx TRUTH DETECTED: "pairs found listed", exact overlap (the pairs
# from F1_1:1 = 2 pairs / (found + listed)).
tpx() {
	awk -F '\t' -v tol=0 -f tests/helpers/hopmatch.awk "$1" "$2" |
	    awk '{ printf "%.0f %d %d\n", $10 * ($7 + $8) / 2, $7, $8 }'
}

row() { # SET MODE P R F1 FOUND LISTED [SECONDS]
	printf '%-28s %-9s %6s %6s %6s %6s %6s %s\n' "$@"
}

row set mode P R F1 found listed seconds
echo "(c) generated, 3000 frames, exact overlap (seed 0 shown; 24 seeds counted)"
# Seeds 0 to 3 were used while the method was built, 4 to 7 while the
# short visits' test was (not before), 8 to 11 by neither, 12 to 23 to
# build no rule but the ions' own sites in the dwells (seed 15, the
# dwells' other rule seed 11).
worse0=0 cases0=0 worse1=0 cases1=0 worse2=0 cases2=0 worse3=0 cases3=0
above=0
: >"$tmp/pairs"
: >"$tmp/pooled"
for so in $(seq 0 23); do
grp=$((so < 12 ? so / 4 : 3))
for sc in hops tour; do
	if [ $sc = hops ]; then
		g="--ions 40 --mobile 0.6 --rate 2 --back 0.3 --seed $((5 + so))"
	else
		g="--ions 20 --mobile 1 --rate 6 --back 0.3 --hop-frames 5 --seed $((7 + so))"
	fi
	for corr in 0 10; do
		for r in 0.05 0.15 0.25 0.35; do
			nz=$(awk -v r=$r 'BEGIN { printf "%.4f", r * 2.7 / sqrt(3) }')
			"$GT" --scenario random $g --frames 3000 --noise "$nz" \
			    --corr $corr --truth "$tmp/truth" >"$tmp/in.hop"
			fa=
			eval "cases$grp=\$((cases$grp + 1))"
			for m in reference adaptive network; do
				[ $so -gt 0 ] && [ $m = reference ] && continue
				"$KH" --mode $m --tsv "$tmp/in.hop" >"$tmp/$m.tsv"
				set -- $(prf "$tmp/truth" "$tmp/$m.tsv" 0)
				fx=$(f1x "$tmp/truth" "$tmp/$m.tsv")
				[ $so -eq 0 ] && row "$sc corr $corr rms/sep $r" $m "$@"
				[ $m = adaptive ] && fa=$fx
				if [ $m = network ] && awk -v a="$fa" -v b="$fx" \
				    'BEGIN { exit !(b < a) }'; then
					eval "worse$grp=\$((worse$grp + 1))"
					[ $so -gt 0 ] && row "$sc corr $corr rms/sep $r seed+$so" \
					    "net<adap" "$@" "(adaptive $fa)"
				fi
				[ $m = network ] && awk -v a="$fa" -v b="$fx" \
				    'BEGIN { exit !(b > a) }' && above=$((above + 1))
				[ $m = network ] && echo "$sc-corr$corr-$r $fa $fx" \
				    >>"$tmp/pairs"
				[ $m = reference ] || echo "$sc-corr$corr-$r $m" \
				    "$(tpx "$tmp/truth" "$tmp/$m.tsv")" \
				    >>"$tmp/pooled"
			done
		done
	done
done
done
echo "(1:1 F1, unrounded; the network mode above the adaptive one in $above of the $((cases0 + cases1 + cases2 + cases3)) cases)"
echo "network F1 below adaptive in $worse0 of $cases0 generated cases (seeds 0 to 3)"
echo "network F1 below adaptive in $worse1 of $cases1 generated cases (seeds 4 to 7, held out from the method)"
echo "network F1 below adaptive in $worse2 of $cases2 generated cases (seeds 8 to 11, held out from the method and the short visits' test)"
echo "network F1 below adaptive in $worse3 of $cases3 generated cases (seeds 12 to 23, held out from all but the own sites' rule)"
# Each case over its 24 seeds: the mean of network F1 - adaptive F1 and
# its standard error (paired), and the seeds each way.
echo "(c) each case over 24 seeds: network F1 - adaptive F1 (1:1, paired)"
row case "" "mean" "se" above below
awk '{ n[$1]++; d = $3 - $2; s[$1] += d; q[$1] += d * d
	if (d > 0) up[$1]++; if (d < 0) dn[$1]++ }
    END { for (c in n) { m = s[c] / n[c]
	v = n[c] > 1 ? (q[c] - n[c] * m * m) / (n[c] - 1) : 0
	printf "%s %+.4f %.4f %d %d\n", c, m, sqrt(v > 0 ? v : 0) / sqrt(n[c]),
	    up[c], dn[c] } }' "$tmp/pairs" | sort | while read -r c m se u d; do
	row "$c" "" "$m" "$se" "$u" "$d"
done
# Each set pooled over its 24 seeds (pairs, found and listed hops
# summed): the F1 a referee would compute for the set, each mode's.
echo "(c) each set pooled over 24 seeds: 1:1 F1, exact overlap"
row set "" adaptive network "net-adap" verdict
awk '{ k = $1 " " $2; tp[k] += $3; m[k] += $4; n[k] += $5; c[$1] = 1 }
    END { for (s in c) { a = s " adaptive"; b = s " network"
	fa = 2 * tp[a] / (m[a] + n[a]); fb = 2 * tp[b] / (m[b] + n[b])
	printf "%s %.4f %.4f %+.4f %s\n", s, fa, fb, fb - fa,
	    fb < fa ? "BELOW" : "ok" } }' "$tmp/pooled" | sort |
    while read -r c fa fb d v; do
	row "$c" "" "$fa" "$fb" "$d" "$v"
done
# (c') Short visits and returns: ions come back after as few as 3 frames
# on a neighbouring site (kmeans-hops(1): the network mode's excursions).
"$GT" --scenario random --ions 20 --mobile 1 --rate 20 --back 0.7 \
    --residence 3 --hop-frames 3 --frames 3000 --noise 0.2338 --corr 10 \
    --seed 3 --truth "$tmp/truth" >"$tmp/in.hop"
for m in reference adaptive network; do
	"$KH" --mode $m --tsv "$tmp/in.hop" >"$tmp/$m.tsv"
	row "short returns corr 10 0.15" $m $(prf "$tmp/truth" "$tmp/$m.tsv" 0)
done
rm -f "$tmp/in.hop"

caf2=$SHARED/caf2-md
if [ ! -d "$caf2" ]; then
	echo "real data: skipped (no $SHARED)"
	exit 0
fi
echo
echo "(a, d) CaF2, tolerance 5 frames"
for t in 1600K 1000K; do
	"$BIN/xdat2bin" "$caf2/$t/XDATCAR.gz" | "$BIN/unwrap" >"$tmp/c.hop"
	for m in reference adaptive network; do
		t0=$(now)
		"$KH" --mode $m --species all --tsv "$tmp/c.hop" >"$tmp/c.tsv"
		w=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
		set -- $(prf "$caf2/$t/site_hops.tsv" "$tmp/c.tsv" 5)
		row "CaF2 $t" $m "$@" "$w"
	done
	# The network mode without the framework's translations, with and
	# without the dwells' sites (step 7): the sites off the 8c lattice
	# it then finds are visits the list does not count.
	[ $t = 1600K ] || continue
	for o in --no-translations "--no-translations --no-dwells"; do
		"$KH" --mode network --species all $o --tsv "$tmp/c.hop" \
		    >"$tmp/c.tsv"
		set -- $(prf "$caf2/$t/site_hops.tsv" "$tmp/c.tsv" 5)
		row "CaF2 $t ${o#--}" network "$@"
	done
done

li=$SHARED/li6ps5cl-aimd
if [ ! -d "$li" ] || ! "$PY" -c 'import ase' 2>/dev/null; then
	echo "Li6PS5Cl: skipped (no data or no python3-ase)"
	exit 0
fi
echo
echo "(b) Li6PS5Cl against the 48h sites (ASE), tolerance 5 frames"
"$BIN/xdat2bin" "$li/XDATCAR.gz" | "$BIN/unwrap" >"$tmp/li.hop"
for m in reference adaptive network; do
	t0=$(now)
	"$KH" --mode $m --tsv "$tmp/li.hop" >"$tmp/li-$m.tsv"
	awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f\n", b - a }' \
	    >"$tmp/li-$m.s"
done
OMP_NUM_THREADS=1 "$PY" tests/helpers/argyrodite-hops.py "$li/XDATCAR.gz" 2 \
    "$tmp/li-reference.tsv" "$tmp/li-adaptive.tsv" "$tmp/li-network.tsv" |
    while read -r f kind p r f1 found listed; do
	if [ "$f" = "#" ]; then
		echo "$f $kind $p $r $f1 $found $listed"
		continue
	fi
	if [ "$f" = recall ]; then
		echo "$kind $p $r $f1 $found" >>"$tmp/li-recall"
		continue
	fi
	m=${f##*/li-}
	m=${m%.tsv}
	row "Li6PS5Cl $kind" "$m" "$p" "$r" "$f1" "$found" "$listed" \
	    "$(cat "$tmp/li-$m.s")"
done
# Where the hops missed are: the recall of the listed site changes by
# the shorter of the two visits each joins (2-frame list).
echo "(b'') Li6PS5Cl, recall by the shorter visit a listed hop joins (100 fs frames)"
row set mode R paired listed
while read -r f cls r k n; do
	m=${f##*/li-}
	row "Li6PS5Cl $cls frames" "${m%.tsv}" "$r" "$k" "$n"
done <"$tmp/li-recall"
# How much the figures hang on what the list counts as a visit (the
# targets are for 2 frames, 200 fs; the network mode confirms a
# residence by more than tau = 3 frames of vibration, an excursion and
# return by 2): the network mode
# against lists with 1, 3 and 4 frames of persistence.
echo "(b') Li6PS5Cl, network mode, lists of other persistence (targets: 2 frames)"
for np in 1 3 4; do
	OMP_NUM_THREADS=1 "$PY" tests/helpers/argyrodite-hops.py \
	    "$li/XDATCAR.gz" $np "$tmp/li-network.tsv" |
	    while read -r f kind p r f1 found listed; do
		[ "$f" = "#" ] || [ "$f" = recall ] && continue
		row "Li6PS5Cl $kind, $np-frame list" network "$p" "$r" "$f1" \
		    "$found" "$listed"
	done
done
# The same framework with no hop: every Li ion vibrating about a 48h site
# (sigma 0.436 A per axis and tau 3 frames, as the network mode measures
# them on the real run), 8 seeds; hops found are vibration taken for
# hops.
echo "(b''') Li6PS5Cl framework, Li vibrating without a hop (8 seeds)"
row set mode hops
"$PY" tests/helpers/argyrodite-48h.py "$li/XDATCAR.gz" "$tmp/li48.vasp"
nr=0 na=0 nn=0
for seed in 1 2 3 4 5 6 7 8; do
	"$PY" tests/helpers/argyrodite-null.py "$li/XDATCAR.gz" \
	    "$tmp/li48.vasp" 0.436 3 $seed >"$tmp/null.xdat"
	"$BIN/xdat2bin" --dt 100 "$tmp/null.xdat" | "$BIN/unwrap" \
	    >"$tmp/null.hop"
	for m in reference adaptive network; do
		k=$("$KH" --mode $m --tsv "$tmp/null.hop" | tail -n +2 | wc -l)
		case $m in
		reference) nr=$((nr + k)) ;;
		adaptive) na=$((na + k)) ;;
		network) nn=$((nn + k)) ;;
		esac
	done
done
row "Li6PS5Cl no hop, 192 x 140" reference $nr
row "Li6PS5Cl no hop, 192 x 140" adaptive $na
row "Li6PS5Cl no hop, 192 x 140" network $nn
rm -rf "$tmp"
