# kmeans-hops.sh - hop finding on generated trajectories with known hops
# (precision, recall, start and end errors), the bounds shortcut and the
# thread count change nothing, edge cases and damaged input, and real data
# against the reference implementation's counts.

KH=$BIN/kmeans-hops
GT=$HELPERS/gen-traj

# pr TRUTH DETECTED: "precision recall start_err end_err detected truth"
# A detected hop matches a true one of the same atom whose frames overlap
# its own; the errors are the median |frame difference| over matched
# pairs (a median, as one hop merged over two sites spans hundreds).
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
		printf "%.3f %.3f %.1f %.1f %d %d\n", m ? nd / m : 1,
		    n ? nt / n : 1, median(es, nt), median(ee, nt), m, n
	}' "$1" "$2"
}

# col FILE ATOM COLUMN: a column of hopcat --atoms for one atom.
col() { awk -F '\t' -v a="$2" -v c="$3" '$1 == a { print $c }' "$1"; }

km_scripted() {
	"$GT" --frames 2000 --truth "$T/truth" >"$T/s.hop"
	run "$KH" --tsv "$T/s.hop"
	expect_rc "kmeans-hops: scripted run" 0
	cp "$T/out" "$T/s.tsv"
	set -- $(pr "$T/truth" "$T/s.tsv")
	near "kmeans-hops: scripted: precision $1 (of $5 hops found)" "$1" 1 \
	    0.05
	near "kmeans-hops: scripted: recall $2 (of $6 true hops)" "$2" 1 0.05
	# The hop spans the frames between the sites: start one after the
	# last frame on the old site, end one before the first on the new.
	near "kmeans-hops: scripted: start error $3 frames" "$3" 1 0.5
	near "kmeans-hops: scripted: end error $4 frames" "$4" 1 0.5
	expect_eq "kmeans-hops: the hop back is flagged, the first not" \
	    "$(awk -F '\t' '$1 == 1 { printf "%s", $7 }' "$T/s.tsv")" "01"
	expect_eq "kmeans-hops: an atom that hops four times" \
	    "$(awk -F '\t' '$1 == 2' "$T/s.tsv" | wc -l | tr -d ' ')" 4
	expect_eq "kmeans-hops: two atoms hop during the same frames" \
	    "$(awk -F '\t' '$1 == 3 || $1 == 4 { print $3, $4 }' \
	        "$T/s.tsv" | sort -u | wc -l | tr -d ' ')" 1
	expect_eq "kmeans-hops: no hop by the atom that never hops, nor hosts" \
	    "$(awk -F '\t' 'NR > 1 && ($1 == 5 || $2 == "O")' "$T/s.tsv")" ""
	run "$KH" --tsv --seed 12345 "$T/s.hop"
	expect_eq "kmeans-hops: clean hops do not depend on the seed" \
	    "$(cmp "$T/out" "$T/s.tsv" && echo same)" same
	sh_run "'$KH' '$T/s.hop' | '$BIN/hopcat' --atoms"
	expect_rc "kmeans-hops: stream output reads back" 0
	cp "$T/out" "$T/s.atoms"
	expect_eq "kmeans-hops: one atom record per atom" \
	    "$(($(wc -l <"$T/s.atoms") - 1))" 10
	expect_eq "kmeans-hops: five sites for four hops" \
	    "$(col "$T/s.atoms" 2 3)" 5
	expect_eq "kmeans-hops: one site, no hop, silhouette proved low" \
	    "$(col "$T/s.atoms" 5 3) $(col "$T/s.atoms" 5 5) \
$(col "$T/s.atoms" 5 4)" "1 0 nan"
	near "kmeans-hops: site separation is the lattice spacing" \
	    "$(col "$T/s.atoms" 0 7)" 2.7 0.05
	near "kmeans-hops: vibration RMS is sqrt(3) x noise" \
	    "$(col "$T/s.atoms" 5 6)" 0.26 0.02
	sh_run "'$KH' '$T/s.hop' | '$BIN/hopcat' --header"
	expect_eq "kmeans-hops: header counts the frames read" \
	    "$(awk -F '\t' '$1 == "frames" { print $2 }' "$T/out")" 2000
	expect_eq "kmeans-hops: provenance appended" \
	    "$(grep -c '^provenance.kmeans-hops 0.1.0: [^ ]*kmeans-hops ' \
	        "$T/out")" 1
}

km_random() {
	n=60
	[ "$HOP_VARIANT" = asan ] && n=24
	"$GT" --scenario random --ions $n --mobile 0.5 --hosts 12 --rate 0.7 \
	    --frames 3000 --seed 3 --truth "$T/rtruth" >"$T/r.hop"
	run "$KH" --tsv "$T/r.hop"
	expect_rc "kmeans-hops: random run" 0
	cp "$T/out" "$T/r.tsv"
	set -- $(pr "$T/rtruth" "$T/r.tsv")
	if [ "$6" -ge 10 ]; then pass "kmeans-hops: random: $6 true hops"
	else fail "kmeans-hops: random: enough true hops" "only $6"; fi
	near "kmeans-hops: random: precision $1 (of $5 found)" "$1" 1 0.05
	near "kmeans-hops: random: recall $2 (of $6 true)" "$2" 1 0.05
	near "kmeans-hops: random: start error $3 frames" "$3" 1 0.5
	near "kmeans-hops: random: end error $4 frames" "$4" 1 0.5

	# The bounds never change a hop or a cluster count.
	run "$KH" --tsv --no-bounds "$T/r.hop"
	expect_eq "kmeans-hops: --no-bounds finds the same hops" \
	    "$(cmp "$T/out" "$T/r.tsv" && echo same)" same
	sh_run "'$KH' '$T/r.hop' | '$BIN/hopcat' --atoms"
	cp "$T/out" "$T/r.atoms"
	sh_run "'$KH' --no-bounds '$T/r.hop' | '$BIN/hopcat' --atoms"
	expect_eq "kmeans-hops: --no-bounds: same clusters, same silhouettes" \
	    "$(awk -F '\t' 'NR == FNR { s[FNR] = $4; $4 = ""; a[FNR] = $0
	        next } { w = $4; $4 = ""
	        if ($0 != a[FNR] || (s[FNR] != "nan" && s[FNR] != w)) d++ }
	        END { print d + 0 }' "$T/r.atoms" "$T/out")" 0
	expect_eq "kmeans-hops: bounds decide most atoms without silhouettes" \
	    "$(awk -F '\t' 'NR > 1 && $4 == "nan"' "$T/r.atoms" |
	        wc -l | tr -d ' ')" "$(awk -F '\t' 'NR > 1 && $3 == 1' \
	        "$T/r.atoms" | wc -l | tr -d ' ')"

	# Threads change nothing (apart from provenance).
	run "$KH" --tsv -j 1 "$T/r.hop"
	expect_eq "kmeans-hops: -j 1 and -j 2 give the same hops" \
	    "$(cmp "$T/out" "$T/r.tsv" && echo same)" same
	sh_run "'$KH' -j 2 '$T/r.hop' | '$BIN/hopcat' --atoms >'$T/j2' &&
	    '$KH' -j 1 '$T/r.hop' | '$BIN/hopcat' --atoms >'$T/j1'"
	expect_eq "kmeans-hops: -j 1 and -j 2 give the same atom records" \
	    "$(cmp "$T/j1" "$T/j2" && echo same)" same
}

km_options() {
	"$GT" --frames 2600 >"$T/c.hop"
	run "$KH" --tsv "$T/c.hop"
	cp "$T/out" "$T/c.tsv"
	for a in 0 100 5000; do
		"$GT" --frames 2600 --announce $a >"$T/a.hop"
		run "$KH" --tsv "$T/a.hop"
		expect_eq "kmeans-hops: a header announcing $a frames" \
		    "$(cmp "$T/out" "$T/c.tsv" && echo same)" same
	done
	run "$KH" --tsv --exact-max 500 "$T/c.hop"
	expect_eq "kmeans-hops: silhouettes on 500 strided frames" \
	    "$(cmp "$T/out" "$T/c.tsv" && echo same)" same
	run "$KH" --tsv --mode reference "$T/c.hop"
	expect_eq "kmeans-hops: --mode reference is the default" \
	    "$(cmp "$T/out" "$T/c.tsv" && echo same)" same
	sh_run "'$KH' --species O '$T/c.hop' | '$BIN/hopcat' --atoms"
	expect_eq "kmeans-hops: --species O analyses the 4 hosts only" \
	    "$(awk -F '\t' 'NR > 1 { print $2, $3 }' "$T/out" | sort |
	        uniq -c | tr -s ' ')" " 4 O 1"
	run "$KH" --silhouette-min 0.95 --tsv "$T/c.hop"
	expect_eq "kmeans-hops: a higher threshold keeps every atom still" \
	    "$(wc -l <"$T/out" | tr -d ' ')" 1
	run "$KH" --kmax 2 --tsv "$T/c.hop"
	expect_eq "kmeans-hops: --kmax 2 misses the atom with five sites" \
	    "$(awk -F '\t' '$1 == 2' "$T/out" | wc -l | tr -d ' ')" 0
	for bad in "--kmax 1" "--kmax 65" "--n-init 0" "--dist -1" \
	    "--silhouette-min 2" "--jobs 0" "--exact-max 5" "--mode adaptive" \
	    "--seed -1" "--dist 0.4x"; do
		run "$KH" $bad "$T/c.hop"
		expect_fail "kmeans-hops: $bad is a usage error" 2 \
		    "^kmeans-hops: --"
	done
	run "$KH" --species Na "$T/c.hop"
	expect_fail "kmeans-hops: an unknown species" 1 \
	    "^kmeans-hops: .*c.hop: species 'Na' is not in the input"
}

km_edges() {
	for f in 0 1 2; do
		"$GT" --scenario random --frames $f --ions 3 --hosts 1 >"$T/e.hop"
		sh_run "'$KH' '$T/e.hop' | '$BIN/hopcat' --atoms"
		expect_rc "kmeans-hops: $f frames: success" 0
		expect_eq "kmeans-hops: $f frames: 4 atoms, one cluster, no hop" \
		    "$(awk -F '\t' 'NR > 1 { print $3, $5 }' "$T/out" |
		        uniq -c | tr -s ' ')" " 4 1 0"
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
	need_shared "kmeans-hops: Li6PS5Cl" || return
	need_tools "kmeans-hops: Li6PS5Cl" || return
	sh_run "'$BIN/xdat2bin' '$SHARED/li6ps5cl-aimd/XDATCAR.gz' |
	    '$BIN/unwrap' | '$KH' --tsv"
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
	    '$KH' --tsv $sp"
	expect_rc "kmeans-hops: CaF2 1600 K runs" 0
	near "kmeans-hops: CaF2 1600 K: hops as IonDiff (about 120)" \
	    "$(($(wc -l <"$T/out") - 1))" 120 30
	expect_eq "kmeans-hops: CaF2 1600 K: all by F" \
	    "$(awk -F '\t' 'NR > 1 && $2 != "F"' "$T/out")" ""
	[ "$HOP_VARIANT" = asan ] && sp="--species Ca --n-init 3"
	sh_run "'$BIN/xdat2bin' '$caf2/1000K/XDATCAR.gz' | '$BIN/unwrap' |
	    '$KH' --tsv $sp"
	expect_rc "kmeans-hops: CaF2 1000 K runs" 0
	near "kmeans-hops: CaF2 1000 K: (almost) no hop" \
	    "$(($(wc -l <"$T/out") - 1))" 0 3
}

km_scripted
km_random
km_options
km_edges
km_real
