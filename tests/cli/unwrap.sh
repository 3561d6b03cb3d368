# unwrap.sh - unwrapping: straight lines across boundaries, triclinic and
# variable cells, refusals, and real data against an independent awk
# computation straight from the XDATCAR text.

# xdatcar_fixed FILE NFRAMES "CELL ROWS" AWK-EXPR-FOR-FRACTIONAL(t)
# writes a one-atom constant-cell VASP 5 XDATCAR whose fractional position
# at frame t is the awk expression given (x, y, z as "fx(t) fy(t) fz(t)").
xdatcar_fixed() {
	awk -v n="$2" -v cell="$3" -v fx="$4" -v fy="$5" -v fz="$6" \
	    -v sx="$7" -v sy="$8" -v sz="$9" '
	function wrap(v) { v -= int(v); if (v < 0) v += 1; return v }
	BEGIN {
		split(cell, c, " ")
		print "unwrap test"; print "1.0"
		printf "%s %s %s\n%s %s %s\n%s %s %s\n", c[1], c[2], c[3],
		    c[4], c[5], c[6], c[7], c[8], c[9]
		print "Li"; print "1"
		for (t = 0; t < n; t++) {
			printf "Direct configuration= %d\n", t + 1
			printf "%.8f %.8f %.8f\n", wrap(fx + t * dx(1)), \
			    wrap(fy + t * dx(2)), wrap(fz + t * dx(3))
		}
	}
	function dx(k) { return k == 1 ? sx : k == 2 ? sy : sz }' >"$1"
}

# max_dev: the largest |unwrapped - expected| over all frames, where the
# expected Cartesian position is (f0 + t*step) H for the cell H.
max_dev() { # tsv cell f0x f0y f0z sx sy sz
	awk -F '\t' -v cell="$2" -v f0x="$3" -v f0y="$4" -v f0z="$5" \
	    -v sx="$6" -v sy="$7" -v sz="$8" '
	BEGIN { split(cell, c, " "); m = 0 }
	NR > 1 {
		t = $1; f[1] = f0x + t * sx; f[2] = f0y + t * sy
		f[3] = f0z + t * sz
		for (j = 1; j <= 3; j++) {
			e = f[1] * c[j] + f[2] * c[3 + j] + f[3] * c[6 + j]
			d = $(3 + j) - e; if (d < 0) d = -d; if (d > m) m = d
		}
		n++
	}
	END { printf "%d %.3g\n", n, m }' "$1"
}

unwrap_straight_line() {
	cell="10 0 0 0 10 0 0 0 10"
	xdatcar_fixed "$T/line" 50 "$cell" 0.05 0.9 0.5 0.3 -0.45 0.0
	sh_run "'$BIN/xdat2bin' --dt 1 '$T/line' | '$BIN/unwrap' |
	    '$BIN/hopcat' --tsv"
	expect_rc "unwrap: straight line runs" 0
	cp "$T/out" "$T/line.tsv"
	set -- $(max_dev "$T/line.tsv" "$cell" 0.05 0.9 0.5 0.3 -0.45 0.0)
	expect_eq "unwrap: straight line has 50 frames" "$1" 50
	# 15 cell crossings in x, 22 in y: the line stays straight to the
	# 8 decimals of the XDATCAR.
	near "unwrap: an atom crossing boundaries many times stays on a line" \
	    "$2" 0 1e-6
}

unwrap_triclinic() {
	cell="10 0 0 3 9 0 1 2 8"
	xdatcar_fixed "$T/tri" 40 "$cell" 0.1 0.2 0.3 0.2 -0.35 0.45
	sh_run "'$BIN/xdat2bin' --dt 1 '$T/tri' | '$BIN/unwrap' |
	    '$BIN/hopcat' --tsv"
	expect_rc "unwrap: triclinic runs" 0
	cp "$T/out" "$T/tri.tsv"
	set -- $(max_dev "$T/tri.tsv" "$cell" 0.1 0.2 0.3 0.2 -0.35 0.45)
	near "unwrap: triclinic cell, straight line through skewed boundaries" \
	    "$2" 0 1e-6
}

# A variable-cell (NpT) XDATCAR: the block repeats before every frame and
# the cell breathes; the expected path is summed in awk from the same
# rule, r(t) = r(t-1) + d(t) H(t), written independently of unwrap.c.
unwrap_variable_cell() {
	awk 'function wrap(v) { v -= int(v); if (v < 0) v += 1; return v }
	BEGIN {
		for (t = 0; t < 30; t++) {
			s = 1 + 0.02 * sin(t)
			print "npt"; print "1.0"
			printf "%.6f 0 0\n0 %.6f 0\n%.6f 0 %.6f\n", 9 * s, \
			    10 * s, 0.5 * s, 11 * s
			print "Na Cl"; print "1 1"
			printf "Direct configuration= %d\n", t + 1
			printf "%.8f %.8f %.8f\n", wrap(0.1 + 0.37 * t), \
			    wrap(0.95 - 0.29 * t), wrap(0.5 + 0.41 * t)
			printf "%.8f %.8f %.8f\n", 0.5, 0.5, 0.5
		}
	}' >"$T/npt"
	sh_run "'$BIN/xdat2bin' --dt 2 '$T/npt' | '$BIN/unwrap' |
	    '$BIN/hopcat' --tsv"
	expect_rc "unwrap: variable cell runs" 0
	awk -F '\t' 'NR == FNR {
		if ($0 ~ /^npt/) { t = nt++; l = 0 }
		l++
		if (l >= 3 && l <= 5) { split($0, r, " ")
			for (j = 1; j <= 3; j++) H[t, l - 3, j] = r[j] }
		if (l == 9) { split($0, r, " ")
			for (j = 1; j <= 3; j++) F[t, j] = r[j] }
		next }
	FNR > 1 && $3 == "Na" {
		t = $1
		for (k = 1; k <= 3; k++) {
			d[k] = F[t, k] - (t ? F[t - 1, k] : 0)
			if (t) d[k] -= (d[k] >= 0.5) - (d[k] < -0.5)
		}
		for (j = 1; j <= 3; j++) {
			R[j] += d[1] * H[t, 0, j] + d[2] * H[t, 1, j] + \
			    d[3] * H[t, 2, j]
			e = $(3 + j) - R[j]; if (e < 0) e = -e
			if (e > m) m = e
		}
		n++
	}
	END { printf "%d %.3g\n", n, m }' "$T/npt" "$T/out" >"$T/dev"
	set -- $(cat "$T/dev")
	expect_eq "unwrap: variable cell, every frame checked" "$1" 30
	near "unwrap: variable cell matches the independent sum" "$2" 0 1e-7
	sh_run "'$BIN/xdat2bin' --dt 2 '$T/npt' | '$BIN/unwrap' | '$BIN/hopcat'"
	expect_eq "unwrap: variable cell stays variable" \
	    "$(awk -F '\t' '$1 == "cell" { print $2 }' "$T/out")" variable
	expect_eq "unwrap: output says cartesian-unwrapped" \
	    "$(awk -F '\t' '$1 == "coords" { print $2 }' "$T/out")" \
	    cartesian-unwrapped
	expect_eq "unwrap: provenance lists both tools" \
	    "$(awk -F '\t' '$1 == "provenance" { split($2, w, " "); print w[1] }' \
	        "$T/out" | tr '\n' ' ')" "xdat2bin unwrap "
}

unwrap_refusals() {
	"$BIN/xdat2bin" --dt 1 "$T/line" >"$T/line.bin" 2>/dev/null
	"$BIN/unwrap" <"$T/line.bin" >"$T/line.u.bin" 2>/dev/null
	run "$BIN/unwrap" "$T/line.u.bin"
	expect_fail "unwrap: an unwrapped stream is refused" 1 \
	    "^unwrap: .*line.u.bin: stream is already unwrapped"
	# Its output appended to its input (by name or on standard input):
	# refused, the input as it was.
	cp "$T/line.bin" "$T/same.bin"
	cp "$T/line.bin" "$T/same0.bin"
	for how in name stdin; do
		if [ $how = name ]; then
			"$BIN/unwrap" "$T/same.bin" >>"$T/same.bin" 2>"$T/err"
		else
			"$BIN/unwrap" <"$T/same.bin" >>"$T/same.bin" 2>"$T/err"
		fi
		expect_eq "unwrap >> its input ($how): refused, the input kept" \
		    "$?$(cmp -s "$T/same.bin" "$T/same0.bin" && echo ' same')" \
		    "1 same"
		expect_err "unwrap >> its input ($how): said" \
		    "the output is a file this run reads: not writing over it"
	done
	head -c 1000 "$T/line.bin" >"$T/cut.bin"
	run "$BIN/unwrap" "$T/cut.bin"
	expect_fail "unwrap: a truncated stream is reported" 1 \
	    "^unwrap: .*cut.bin: (record [0-9]+: truncated|truncated)"
	"$BIN/unwrap" "$T/cut.bin" 2>/dev/null >"$T/cut.u.bin"
	run "$BIN/hopcat" "$T/cut.u.bin"
	expect_fail "unwrap: output of a failed run is not a whole stream" 1 \
	    "truncated"
	run "$BIN/unwrap" "$T/line"
	expect_fail "unwrap: XDATCAR text is refused with a hint" 1 \
	    "not a hop stream \(it starts with text"
	run "$BIN/unwrap" "$T/no-such-file"
	expect_fail "unwrap: a missing file is named" 1 "no-such-file"
	run "$BIN/unwrap" "$T/line.bin" "$T/line.bin"
	expect_rc "unwrap: two files are a usage error" 2
	run sh -c "'$BIN/unwrap' '$T/line.bin' >/dev/full"
	expect_fail "unwrap: a full disk is an error" 1 "write error"
}

# Real data: every unwrapped position of the Li6PS5Cl run against an
# independent computation done by awk from the XDATCAR text.
unwrap_real() {
	need_shared "unwrap: li6ps5cl against an awk unwrap" || return 0
	x=$SHARED/li6ps5cl-aimd/XDATCAR.gz
	sh_run "'$BIN/xdat2bin' '$x' | '$BIN/unwrap' | '$BIN/hopcat' --tsv"
	expect_rc "unwrap: li6ps5cl runs" 0
	gzip -dc "$x" | awk -F '\t' '
	NR == FNR {
		if (FNR == 2) s = $1
		if (FNR >= 3 && FNR <= 5) { split($0, r, " ")
			for (j = 1; j <= 3; j++) H[FNR - 3, j] = s * r[j] }
		if (/configuration/) { t++; a = 0; next }
		if (t > 0) { split($0, r, " ")
			for (k = 1; k <= 3; k++) {
				if (t > 1) {
					d = r[k] - P[a, k]
					d -= (d >= 0.5) - (d < -0.5)
				} else d = r[k]
				P[a, k] = r[k]; D[a, k] = d
			}
			for (j = 1; j <= 3; j++)
				R[t - 1, a, j] = (t > 1 ? R[t - 2, a, j] : 0) + \
				    D[a, 1] * H[0, j] + D[a, 2] * H[1, j] + \
				    D[a, 3] * H[2, j]
			a++ }
		next }
	FNR > 1 {
		for (j = 1; j <= 3; j++) {
			e = $(3 + j) - R[$1, $2, j]; if (e < 0) e = -e
			if (e > m) m = e
		}
		n++
	}
	END { printf "%d %.3g\n", n, m }' - "$T/out" >"$T/dev"
	set -- $(cat "$T/dev")
	expect_eq "unwrap: li6ps5cl, all 416 x 140 positions compared" "$1" 58240
	near "unwrap: li6ps5cl agrees with the awk unwrap" "$2" 0 1e-6
}

unwrap_straight_line
unwrap_triclinic
unwrap_variable_cell
unwrap_refusals
unwrap_real
