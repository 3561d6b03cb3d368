# kmeans-hops.sh - hop finding on generated trajectories with known hops
# (precision, recall, start and end errors) in both modes, the adaptive
# mode across vibration amplitudes, the bounds shortcut and the thread
# count change nothing, the picture of one atom, edge cases and damaged
# input, and real data: the reference mode against IonDiff's counts, the
# adaptive mode against an independent site-based hop list.

KH=$BIN/kmeans-hops
KR="$KH --mode reference"
KA="$KH --mode adaptive"
GT=$HELPERS/gen-traj

# hopmatch TOL TRUTH DETECTED: "P R P1:1 R1:1 start_err end_err found
# true F1 F1_1:1" (tests/helpers/hopmatch.awk says how hops are matched).
hopmatch() {
	awk -F '\t' -v tol="$1" -f tests/helpers/hopmatch.awk "$2" "$3"
}

# f1 SITE_HOPS DETECTED: "P R F1 found true" against a site-based list,
# frame ranges overlapping within 5 frames.
f1() { hopmatch 5 "$1" "$2" | awk '{ print $1, $2, $9, $7, $8 }'; }

# pr TRUTH DETECTED: "P R start_err end_err found true", frame ranges
# overlapping.
pr() { hopmatch 0 "$1" "$2" | awk '{ print $1, $2, $5, $6, $7, $8 }'; }

# col FILE ATOM COLUMN: a column of hopcat --atom-table for one atom.
col() { awk -F '\t' -v a="$2" -v c="$3" '$1 == a { print $c }' "$1"; }

# km_scripted MODE: the scripted cases in one mode.
km_scripted() {
	m=$1
	KH="$BIN/kmeans-hops --mode $m"
	"$GT" --frames 2000 --truth "$T/truth" >"$T/s.hop"
	run $KH --tsv "$T/s.hop"
	expect_rc "kmeans-hops: $m: scripted run" 0
	cp "$T/out" "$T/s.tsv"
	set -- $(pr "$T/truth" "$T/s.tsv")
	near "kmeans-hops: $m: scripted: precision $1 (of $5 hops found)" "$1" 1 \
	    0.05
	near "kmeans-hops: $m: scripted: recall $2 (of $6 true hops)" "$2" 1 0.05
	# The hop spans the frames between the sites: start one after the
	# last frame on the old site, end one before the first on the new.
	near "kmeans-hops: $m: scripted: start error $3 frames" "$3" 1 0.5
	near "kmeans-hops: $m: scripted: end error $4 frames" "$4" 1 0.5
	expect_eq "kmeans-hops: $m: the hop back is flagged, the first not" \
	    "$(awk -F '\t' '$1 == 1 { printf "%s", $7 }' "$T/s.tsv")" "01"
	expect_eq "kmeans-hops: $m: an atom that hops four times" \
	    "$(awk -F '\t' '$1 == 2' "$T/s.tsv" | wc -l | tr -d ' ')" 4
	expect_eq "kmeans-hops: $m: two atoms hop during the same frames" \
	    "$(awk -F '\t' '$1 == 3 || $1 == 4 { print $3, $4 }' \
	        "$T/s.tsv" | sort -u | wc -l | tr -d ' ')" 1
	expect_eq "kmeans-hops: $m: no hop by the atom that never hops, nor hosts" \
	    "$(awk -F '\t' 'NR > 1 && ($1 == 5 || $2 == "O")' "$T/s.tsv")" ""
	run $KH --tsv --seed 12345 "$T/s.hop"
	expect_same "kmeans-hops: $m: clean hops do not depend on the seed" \
	    "$T/out" "$T/s.tsv"
	sh_run "$KH '$T/s.hop' | '$BIN/hopcat' --atom-table"
	expect_rc "kmeans-hops: $m: stream output reads back" 0
	expect_eq "kmeans-hops: $m: by default the mobile species, Li" \
	    "$(awk -F '\t' 'NR > 1 { print $2 }' "$T/out" | uniq -c |
	        tr -s ' ')" " 6 Li"
	sh_run "$KH --species all '$T/s.hop' | '$BIN/hopcat' --atom-table"
	cp "$T/out" "$T/s.atoms"
	expect_eq "kmeans-hops: $m: --species all: one atom record per atom" \
	    "$(($(wc -l <"$T/s.atoms") - 1))" 10
	expect_eq "kmeans-hops: $m: five sites for four hops" \
	    "$(col "$T/s.atoms" 2 3)" 5
	expect_eq "kmeans-hops: $m: one site, no hop, silhouette proved low" \
	    "$(col "$T/s.atoms" 5 3) $(col "$T/s.atoms" 5 5) \
$(col "$T/s.atoms" 5 4)" "1 0 nan"
	near "kmeans-hops: $m: site separation is the lattice spacing" \
	    "$(col "$T/s.atoms" 0 7)" 2.7 0.05
	near "kmeans-hops: $m: vibration RMS is sqrt(3) x noise" \
	    "$(col "$T/s.atoms" 5 6)" 0.26 0.02
	run $KH -T --species all "$T/s.hop"
	expect_same "kmeans-hops: $m: -T is --tsv, the hosts add no hop" \
	    "$T/out" "$T/s.tsv"
	km_columns "$m" "$T/s.tsv"
	sh_run "$KH '$T/s.hop' | '$BIN/hopcat' --header"
	expect_eq "kmeans-hops: $m: header counts the frames read" \
	    "$(awk -F '\t' '$1 == "frames" { print $2 }' "$T/out")" 2000
	expect_eq "kmeans-hops: $m: provenance appended" \
	    "$(grep -c '^provenance.kmeans-hops 0.1.0: [^ ]*kmeans-hops ' \
	        "$T/out")" 1
	KH=$BIN/kmeans-hops
}

# km_columns MODE TABLE: the columns after backhop.  Frames are 0.1 ps
# apart; the generated sites lie 2.7 A apart on a cubic lattice, the
# first at the origin, so every centre is near a multiple of 2.7 and
# site_dist_A, the distance between the two centres, is near 2.7.
km_columns() {
	expect_eq "kmeans-hops: $1: --tsv columns" "$(head -n 1 "$2")" \
	    "$(printf 'atom\tspecies\tstart\tend\tduration_ps\tlength_A\t%s' \
	        'backhop')$(printf '\t%s' start_ps end_ps from_x_A from_y_A \
	        from_z_A to_x_A to_y_A to_z_A site_dist_A)"
	expect_eq "kmeans-hops: $1: start_ps and end_ps are the frames' times" \
	    "$(awk -F '\t' 'function a(v) { return (v < 0 ? -v : v) }
	        NR > 1 && (a($8 - $3 / 10) > 1e-9 || a($9 - $4 / 10) > 1e-9 ||
	        a($5 - ($9 - $8)) > 1e-6)' "$2")" ""
	expect_eq "kmeans-hops: $1: site_dist_A is |to - from|, the centres" \
	    "$(awk -F '\t' 'function r(v, h) { h = (v < 0 ? -0.5 : 0.5)
	        return (v / 2.7) - int(v / 2.7 + h) }
	        NR > 1 { d = ($13 - $10) ^ 2 + ($14 - $11) ^ 2
	        d = sqrt(d + ($15 - $12) ^ 2)
	        if (d - $16 > 2e-4 || $16 - d > 2e-4 || $16 < 2.6 ||
	            $16 > 2.8) print "dist", NR
	        for (i = 10; i <= 15; i++) if (r($i) > 0.02 || r($i) < -0.02)
	            print "centre", NR, i }' "$2")" ""
}

km_random() {
	n=60
	[ "$HOP_VARIANT" = asan ] && n=24
	"$GT" --scenario random --ions $n --mobile 0.5 --hosts 12 --rate 0.7 \
	    --frames 3000 --seed 3 --truth "$T/rtruth" >"$T/r.hop"
	for m in reference adaptive; do
		run $KH --mode $m --tsv "$T/r.hop"
		expect_rc "kmeans-hops: $m: random run" 0
		cp "$T/out" "$T/r-$m.tsv"
		set -- $(pr "$T/rtruth" "$T/r-$m.tsv")
		if [ "$6" -ge 10 ]; then pass "kmeans-hops: random: $6 true hops"
		else fail "kmeans-hops: random: enough true hops" "only $6"; fi
		near "kmeans-hops: $m: random: precision $1 (of $5 found)" \
		    "$1" 1 0.05
		near "kmeans-hops: $m: random: recall $2 (of $6 true)" "$2" 1 \
		    0.05
		near "kmeans-hops: $m: random: start error $3 frames" "$3" 1 0.5
		near "kmeans-hops: $m: random: end error $4 frames" "$4" 1 0.5

		# Threads change nothing (apart from provenance).
		run $KH --mode $m --tsv -j 1 "$T/r.hop"
		expect_same "kmeans-hops: $m: -j 1 and -j 2 give the same hops" \
		    "$T/out" "$T/r-$m.tsv"
		sh_run "$KH --mode $m -j 2 '$T/r.hop' |
		    '$BIN/hopcat' --atom-table >'$T/j2' &&
		    $KH --mode $m -j 1 '$T/r.hop' |
		    '$BIN/hopcat' --atom-table >'$T/j1'"
		expect_same "kmeans-hops: $m: -j 1 and -j 2 give the same atom \
records" "$T/j1" "$T/j2"
	done

	# The bounds never change a hop or a cluster count.
	run $KR --tsv --no-bounds "$T/r.hop"
	expect_same "kmeans-hops: --no-bounds finds the same hops" \
	    "$T/out" "$T/r-reference.tsv"
	sh_run "$KR '$T/r.hop' | '$BIN/hopcat' --atom-table"
	cp "$T/out" "$T/r.atoms"
	sh_run "$KR --no-bounds '$T/r.hop' | '$BIN/hopcat' --atom-table"
	expect_eq "kmeans-hops: --no-bounds: same clusters, same silhouettes" \
	    "$(awk -F '\t' 'NR == FNR { s[FNR] = $4; $4 = ""; a[FNR] = $0
	        next } { w = $4; $4 = ""
	        if ($0 != a[FNR] || (s[FNR] != "nan" && s[FNR] != w)) d++ }
	        END { print d + 0 }' "$T/r.atoms" "$T/out")" 0
	expect_eq "kmeans-hops: bounds decide most atoms without silhouettes" \
	    "$(awk -F '\t' 'NR > 1 && $4 == "nan"' "$T/r.atoms" |
	        wc -l | tr -d ' ')" "$(awk -F '\t' 'NR > 1 && $3 == 1' \
	        "$T/r.atoms" | wc -l | tr -d ' ')"
}

# The adaptive mode across vibration amplitudes, as
# tests/bench/adaptive-accuracy.sh measures it: rms / site spacing from
# 0.05 to 0.35 in steps of 0.05 (rms = sqrt(3) x the noise per axis),
# vibrations independent from frame to frame or correlated over 10
# frames as in MD, ions that hop back and ions that tour many sites, 3000
# frames, two seeds each (the bench shows twelve): precision and recall
# of at least 0.95, hops not split (found hops at most 1/0.95 of the true
# hops matched), and, on the first seed, precision and recall never below
# the reference mode's (its precision where it finds any hop; fewer
# restarts and silhouettes on 1000 frames under the sanitizers).
km_adaptive() {
	hops="--ions 40 --mobile 0.6 --rate 2 --back 0.3"
	tour="--ions 20 --mobile 1 --rate 6 --back 0.3 --hop-frames 5"
	for r in 0.05 0.10 0.15 0.20 0.25 0.30 0.35; do
		km_adaptive_case hops "$hops" 0 $r 5 11
		km_adaptive_case hops "$hops" 10 $r 5 11
		km_adaptive_case tour "$tour" 0 $r 7 12
		km_adaptive_case tour "$tour" 10 $r 7 12
	done
}

# km_adaptive_case NAME GEN_OPTIONS CORR RATIO SEED SEED2
km_adaptive_case() {
	nz=$(awk -v r="$4" 'BEGIN { printf "%.4f", r * 2.7 / sqrt(3) }')
	c="$1, corr $3, rms/spacing $4"
	g=$2 corr=$3 first=$5
	for seed in "$5" "$6"; do
		"$GT" --scenario random $g --seed "$seed" --frames 3000 \
		    --noise "$nz" --corr "$corr" --truth "$T/at" >"$T/a.hop"
		run $KA --tsv "$T/a.hop"
		set -- $(pr "$T/at" "$T/out")
		ap=$1 ar=$2 af=$5 an=$6
		# The reference mode on the first seed only; "- - 0" is
		# nothing to compare with.
		set -- - - 0 0 0
		if [ "$seed" = "$first" ]; then
			if [ "$HOP_VARIANT" = asan ]; then
				run $KR --n-init 3 --exact-max 1000 --tsv "$T/a.hop"
			else
				run $KR --tsv "$T/a.hop"
			fi
			set -- $(pr "$T/at" "$T/out")
		fi
		got="P $ap R $ar, $af found of $an (reference P $1 R $2, $5 found)"
		if awk -v p="$ap" -v r="$ar" -v f="$af" -v n="$an" \
		    -v rp="$1" -v rr="$2" -v rf="$5" 'BEGIN {
		    exit !(p >= 0.95 && r >= 0.95 && r * n >= 0.95 * f &&
		    (rf == 0 || p >= rp) && (rr == "-" || r >= rr)) }'; then
			pass "kmeans-hops: adaptive: $c, seed $seed: $got"
		else
			fail "kmeans-hops: adaptive: $c, seed $seed" "$got"
		fi
	done
}

# The picture of one atom: whole SVG, a marker per frame, the hop frames
# overdrawn, and the normal output still written.
km_svg() {
	"$GT" --frames 600 >"$T/v.hop"
	run $KA --tsv --svg "$T/a2.svg" --svg-atom 2 "$T/v.hop"
	expect_rc "kmeans-hops: --svg-atom 2 runs" 0
	cp "$T/out" "$T/v.tsv"
	expect_eq "kmeans-hops: --svg: the hop table is still written" \
	    "$(awk -F '\t' '$1 == 2' "$T/v.tsv" | wc -l | tr -d ' ')" 4
	if command -v xmllint >/dev/null 2>&1; then
		run xmllint --noout "$T/a2.svg"
		expect_rc "kmeans-hops: --svg: the SVG parses as XML" 0
	else
		skip "kmeans-hops: --svg: the SVG parses as XML" "no xmllint"
	fi
	hf=$(awk -F '\t' '$1 == 2 { n += $4 - $3 + 1 } END { print n }' \
	    "$T/v.tsv")
	# 600 frames in 5 clusters, 5 centres, hf hop frames.
	expect_eq "kmeans-hops: --svg: a marker per frame, centre and hop frame" \
	    "$(grep -c 'class="pt"' "$T/a2.svg")" $((600 + 5 + hf))
	expect_eq "kmeans-hops: --svg: hop frames overdrawn in black ($hf)" \
	    "$(grep -c 'class="pt"[^>]*stroke="#000000"' "$T/a2.svg")" "$hf"
	expect_eq "kmeans-hops: --svg: title" \
	    "$(grep -c '>atom 2 (Li): 5 sites, 4 hops (adaptive mode)<' \
	        "$T/a2.svg")" 1
	run $KR --svg "$T/a5.svg" --svg-atom 5 --svg-axes yz "$T/v.hop"
	expect_eq "kmeans-hops: --svg: an atom that never hops, reference mode" \
	    "$(grep -c 'class="pt"' "$T/a5.svg") $(grep -c '>z (' "$T/a5.svg")" \
	    "601 1"
	run "$KH" --svg "$T/x.svg" --svg-atom 7 --species Li "$T/v.hop"
	expect_fail "kmeans-hops: --svg-atom of an atom not analysed" 1 \
	    "^kmeans-hops: .*v.hop: --svg-atom: atom 7 is not among the analysed atoms$"
	expect_eq "kmeans-hops: ... leaves no file" \
	    "$(ls "$T"/x.svg* 2>/dev/null)" ""
	run "$KH" --svg "$T/no/such/dir/x.svg" --svg-atom 2 "$T/v.hop"
	expect_fail "kmeans-hops: --svg into a missing directory" 1 \
	    "^kmeans-hops: .*x.svg"
	expect_eq "kmeans-hops: ... and no stream" "$(wc -c <"$T/out" |
	    tr -d ' ')" 0
}

km_options() {
	"$GT" --frames 2600 >"$T/c.hop"
	run "$KH" --tsv "$T/c.hop"
	cp "$T/out" "$T/c.tsv"
	for a in 0 100 5000; do
		"$GT" --frames 2600 --announce $a >"$T/a.hop"
		run "$KH" --tsv "$T/a.hop"
		expect_same "kmeans-hops: a header announcing $a frames" \
		    "$T/out" "$T/c.tsv"
	done
	run $KR --tsv "$T/c.hop"
	expect_same "kmeans-hops: --mode reference is the default" \
	    "$T/out" "$T/c.tsv"
	cp "$T/out" "$T/cr.tsv"
	run $KA --tsv "$T/c.hop"
	cp "$T/out" "$T/c.tsv"
	expect_eq "kmeans-hops: both modes find the 9 clean hops, by atom" \
	    "$(cut -f1 "$T/cr.tsv" | uniq -c | tr -s ' ' | tr '\n' ,)" \
	    "$(cut -f1 "$T/c.tsv" | uniq -c | tr -s ' ' | tr '\n' ,)"
	expect_eq "kmeans-hops: ... 9 of them" "$(($(wc -l <"$T/c.tsv") - 1))" 9
	run $KR --tsv --exact-max 500 "$T/c.hop"
	expect_same "kmeans-hops: silhouettes on 500 strided frames" \
	    "$T/out" "$T/cr.tsv"
	sh_run "'$KH' --species O '$T/c.hop' | '$BIN/hopcat' --atom-table"
	expect_eq "kmeans-hops: --species O analyses the 4 hosts only" \
	    "$(awk -F '\t' 'NR > 1 { print $2, $3 }' "$T/out" | sort |
	        uniq -c | tr -s ' ')" " 4 O 1"
	run $KR --silhouette-min 0.95 --tsv "$T/c.hop"
	expect_eq "kmeans-hops: a higher threshold keeps every atom still" \
	    "$(wc -l <"$T/out" | tr -d ' ')" 1
	run $KR --kmax 2 --tsv "$T/c.hop"
	expect_eq "kmeans-hops: --kmax 2 misses the atom with five sites" \
	    "$(awk -F '\t' '$1 == 2' "$T/out" | wc -l | tr -d ' ')" 0
	for bad in "--kmax 1" "--kmax 256" "--n-init 0" "--dist -1" \
	    "--silhouette-min 2" "--jobs 0" "--exact-max 5" "--mode iondiff" \
	    "--seed -1" "--dist 0.4x" "--svg-atom 1" "--svg x.svg" \
	    "--svg x.svg --svg-atom 1 --svg-axes zx" "--svg-axes xyz"; do
		run "$KH" $bad "$T/c.hop"
		expect_fail "kmeans-hops: $bad is a usage error" 2 \
		    "^kmeans-hops: (invalid )?--"
	done
	for bad in "-S 0.5" "-t"; do
		run "$KH" $bad "$T/c.hop"
		expect_rc "kmeans-hops: $bad (old letters) is a usage error" 2
	done
	run "$KH" --species "" "$T/c.hop"
	expect_fail "kmeans-hops: an empty --species" 2 \
	    "^kmeans-hops: invalid --species ''"
	run "$KH" -q -T -j 1 -r 7 -s Li "$T/c.hop"
	expect_eq "kmeans-hops: -q -j -r -s, the shared letters" \
	    "$(cut -f1 "$T/out" | uniq -c | tr -s ' ' | tr '\n' ,)" \
	    "$(cut -f1 "$T/c.tsv" | uniq -c | tr -s ' ' | tr '\n' ,)"
	run "$KH" --species Na "$T/c.hop"
	expect_fail "kmeans-hops: an unknown species" 1 \
	    "^kmeans-hops: .*c.hop: species 'Na' is not in the input"
}

km_edges() {
	for f in 0 1 2; do
		"$GT" --scenario random --frames $f --ions 3 --hosts 1 >"$T/e.hop"
		sh_run "'$KH' '$T/e.hop' | '$BIN/hopcat' --atom-table"
		expect_rc "kmeans-hops: $f frames: success" 0
		expect_eq "kmeans-hops: $f frames: 3 Li atoms, one cluster, no hop" \
		    "$(awk -F '\t' 'NR > 1 { print $2, $3, $5 }' "$T/out" |
		        uniq -c | tr -s ' ')" " 3 Li 1 0"
	done
	"$GT" --fractional >"$T/f.hop"
	run "$KH" <"$T/f.hop"
	expect_fail "kmeans-hops: a fractional stream is refused" 1 \
	    "^kmeans-hops: <stdin>: coordinates are fractional \(wrapped\); run unwrap first$"
	expect_eq "kmeans-hops: ... with nothing on stdout" "$(wc -c <"$T/out" |
	    tr -d ' ')" 0
	"$GT" --frames 300 >"$T/g.hop"
	head -c 20000 "$T/g.hop" >"$T/trunc.hop"
	run "$KH" "$T/trunc.hop"
	expect_fail "kmeans-hops: a truncated stream" 1 \
	    "^kmeans-hops: .*trunc.hop: record [0-9]+: truncated"
	expect_eq "kmeans-hops: ... writes nothing" "$(wc -c <"$T/out" |
	    tr -d ' ')" 0
	# Flip one byte inside a frame record.
	{ head -c 30000 "$T/g.hop"; printf 'X'; tail -c +30002 "$T/g.hop"; } \
	    >"$T/bad.hop"
	run "$KH" "$T/bad.hop"
	expect_fail "kmeans-hops: a corrupted stream" 1 \
	    "^kmeans-hops: .*bad.hop: record [0-9]+: checksum mismatch"
	sh_run "'$KH' '$T/g.hop' | '$KH'"
	expect_fail "kmeans-hops: a hop stream is not a trajectory" 1 \
	    "a hop record in a stream of frames"
	run "$KH" /dev/null
	expect_fail "kmeans-hops: empty input" 1 "^kmeans-hops: /dev/null: "
}

# need_tools: the converters the real-data tests run before kmeans-hops.
need_tools() {
	if [ -x "$BIN/xdat2bin" ] && [ -x "$BIN/unwrap" ]; then return 0; fi
	skip "$1" "xdat2bin or unwrap not built"
	return 1
}

km_real() {
	need_shared "kmeans-hops: Li6PS5Cl" || return 0
	need_tools "kmeans-hops: Li6PS5Cl" || return 0
	sh_run "'$BIN/xdat2bin' '$SHARED/li6ps5cl-aimd/XDATCAR.gz' |
	    '$BIN/unwrap' >'$T/li.hop' && $KR --tsv '$T/li.hop'"
	expect_rc "kmeans-hops: Li6PS5Cl runs" 0
	# IonDiff finds 10 hops here, all by Li.
	near "kmeans-hops: Li6PS5Cl: hops as IonDiff (10)" \
	    "$(($(wc -l <"$T/out") - 1))" 10 3
	expect_eq "kmeans-hops: Li6PS5Cl: all by Li" \
	    "$(awk -F '\t' 'NR > 1 && $2 != "Li"' "$T/out")" ""

	# CaF2: IonDiff finds about 120 F hops at 1600 K, none at 1000 K.
	# Under the sanitizers, fewer restarts and only the F ions at
	# 1600 K (Ca is checked at 1000 K).
	caf2=$SHARED/caf2-md
	sp=
	[ "$HOP_VARIANT" = asan ] && sp="--species F --n-init 3"
	sh_run "'$BIN/xdat2bin' '$caf2/1600K/XDATCAR.gz' | '$BIN/unwrap' |
	    $KR --tsv $sp"
	expect_rc "kmeans-hops: CaF2 1600 K runs" 0
	near "kmeans-hops: CaF2 1600 K: hops as IonDiff (about 120)" \
	    "$(($(wc -l <"$T/out") - 1))" 120 30
	expect_eq "kmeans-hops: CaF2 1600 K: all by F" \
	    "$(awk -F '\t' 'NR > 1 && $2 != "F"' "$T/out")" ""
	[ "$HOP_VARIANT" = asan ] && sp="--species Ca --n-init 3"
	sh_run "'$BIN/xdat2bin' '$caf2/1000K/XDATCAR.gz' | '$BIN/unwrap' |
	    $KR --tsv $sp"
	expect_rc "kmeans-hops: CaF2 1000 K runs" 0
	near "kmeans-hops: CaF2 1000 K: (almost) no hop" \
	    "$(($(wc -l <"$T/out") - 1))" 0 3
	km_real_adaptive
}

# The adaptive mode on real data: the independent site-based list of
# CaF2 at 1600 K (F1 of at least 0.9), no hop at 1000 K, no Ca hop, and
# every hop the reference mode finds in Li6PS5Cl.
km_real_adaptive() {
	caf2=$SHARED/caf2-md
	sh_run "'$BIN/xdat2bin' '$caf2/1600K/XDATCAR.gz' | '$BIN/unwrap' |
	    $KA --tsv"
	expect_rc "kmeans-hops: adaptive: CaF2 1600 K runs" 0
	cp "$T/out" "$T/c16.tsv"
	set -- $(f1 "$caf2/1600K/site_hops.tsv" "$T/c16.tsv")
	near "kmeans-hops: adaptive: CaF2 1600 K: F1 $3 against the site-based \
list (P $1, R $2, $4 found, $5 listed)" "$3" 1 0.1
	expect_eq "kmeans-hops: adaptive: CaF2 1600 K: no Ca hop" \
	    "$(awk -F '\t' 'NR > 1 && $2 != "F"' "$T/c16.tsv")" ""
	# IonDiff's hop length (positions at the start and end frames) is
	# shortened by vibration; the sites joined are a lattice step apart.
	near "kmeans-hops: adaptive: CaF2 1600 K: median site_dist_A" \
	    "$(tail -n +2 "$T/c16.tsv" | cut -f16 | sort -g |
	        awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')" 2.72 0.1
	near "kmeans-hops: adaptive: CaF2 1600 K: median length_A" \
	    "$(tail -n +2 "$T/c16.tsv" | cut -f6 | sort -g |
	        awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')" 1.08 0.15
	sh_run "'$BIN/xdat2bin' '$caf2/1000K/XDATCAR.gz' | '$BIN/unwrap' |
	    $KA | '$BIN/hopcat' --atom-table"
	expect_rc "kmeans-hops: adaptive: CaF2 1000 K runs" 0
	cp "$T/out" "$T/c10.atoms"
	expect_eq "kmeans-hops: adaptive: CaF2 1000 K: no hop" \
	    "$(awk -F '\t' 'NR > 1 { n += $5 } END { print n + 0 }' \
	        "$T/c10.atoms")" 0
	# The vibration each atom reports: F at 1000 K vibrates with a
	# mean-square amplitude of about 0.15 A^2 (msd_F.tsv's plateau / 2).
	near "kmeans-hops: adaptive: CaF2 1000 K: F vibration rms (A)" \
	    "$(awk -F '\t' '$2 == "F" { s += $6; n++ } END { print s / n }' \
	        "$T/c10.atoms")" 0.39 0.05
	[ -f "$T/li.hop" ] || return 0
	run $KR --tsv "$T/li.hop"
	awk -F '\t' -v OFS='\t' '{ print $1, $3, $4 }' "$T/out" \
	    >"$T/li-ref.tsv"
	run $KA --tsv "$T/li.hop"
	set -- $(f1 "$T/li-ref.tsv" "$T/out")
	near "kmeans-hops: adaptive: Li6PS5Cl: the reference mode's $5 hops \
found too ($4 in all)" "$2" 1 0
}

km_scripted reference
km_scripted adaptive
km_random
km_adaptive
km_svg
km_options
km_edges
km_real
