# hopcat.sh - the header report, the XYZ and table dumps, hop and atom
# tables, and refusal of everything that is not a whole hop stream.

# key FILE NAME: the value of a --header line.
key() { awk -F '\t' -v k="$2" '$1 == k { print $2 }' "$1"; }

small_xdatcar() {
	cat >"$T/small" <<'XDAT'
small test
   2.0
     5.0 0.0 0.0
     0.0 6.0 0.0
     0.0 0.0 7.0
   Li O
   2 1
Direct configuration=     1
  0.10000000  0.20000000  0.30000000
  0.50000000  0.50000000  0.50000000
  0.90000000  0.00000000  0.25000000
Direct configuration=     2
  0.15000000  0.20000000  0.30000000
  0.50000000  0.55000000  0.50000000
  0.05000000  0.00000000  0.25000000
XDAT
}

hopcat_small() {
	small_xdatcar
	"$BIN/xdat2bin" --dt 2.5 --temperature 700 "$T/small" >"$T/s.bin"
	run "$BIN/hopcat" "$T/s.bin"
	expect_rc "hopcat: header of a small stream" 0
	cp "$T/out" "$T/h"
	expect_eq "hopcat: atoms" "$(key "$T/h" atoms)" 3
	expect_eq "hopcat: frames counted" "$(key "$T/h" frames)" 2
	expect_eq "hopcat: species" "$(key "$T/h" species)" "Li:2,O:1"
	expect_eq "hopcat: dt_fs" "$(key "$T/h" dt_fs)" 2.5
	expect_eq "hopcat: temperature_K" "$(key "$T/h" temperature_K)" 700
	expect_eq "hopcat: coords" "$(key "$T/h" coords)" fractional
	expect_eq "hopcat: cell fixed" "$(key "$T/h" cell)" fixed
	expect_eq "hopcat: cell_A with the scale applied" \
	    "$(key "$T/h" cell_A)" "10 0 0 0 12 0 0 0 14"
	expect_eq "hopcat: title" "$(key "$T/h" title)" "small test"
	expect_eq "hopcat: one provenance line" \
	    "$(grep -c '^provenance' "$T/h")" 1
	run "$BIN/hopcat" --tsv "$T/s.bin"
	expect_eq "hopcat --tsv: header and one line per atom and frame" \
	    "$(head -n 1 "$T/out" | tr '\t' ' '):$(wc -l <"$T/out")" \
	    "frame atom species x y z:7"
	expect_eq "hopcat --tsv: values as stored" \
	    "$(sed -n 7p "$T/out" | tr '\t' ' ')" "1 2 O 0.05 0 0.25"
	run "$BIN/hopcat" --xyz "$T/s.bin"
	expect_rc "hopcat --xyz runs" 0
	expect_eq "hopcat --xyz: 2 frames of 3 atoms" "$(wc -l <"$T/out")" 10
	expect_eq "hopcat --xyz: Lattice" \
	    "$(sed -n 2p "$T/out" | grep -o 'Lattice="[^"]*"')" \
	    'Lattice="10 0 0 0 12 0 0 0 14"'
	expect_eq "hopcat --xyz: Cartesian positions and original index" \
	    "$(sed -n 10p "$T/out")" "O 0.5000000000 0.0000000000 3.5000000000 2"
	expect_eq "hopcat --xyz: time from dt" \
	    "$(sed -n 7p "$T/out" | grep -o 'Time=[0-9.]*')" "Time=2.5"
	run "$BIN/hopcat" --tsv --xyz "$T/s.bin"
	expect_rc "hopcat: two modes are a usage error" 2
}

hopcat_refusals() {
	run "$BIN/hopcat" "$T/small"
	expect_fail "hopcat: text is not a stream" 1 \
	    "^hopcat: .*small: not a hop stream \(it starts with text"
	head -c 300 /dev/urandom | tr '\000' x >"$T/garbage"
	printf '\211' | cat - "$T/garbage" >"$T/garbage2"
	run "$BIN/hopcat" "$T/garbage2"
	expect_fail "hopcat: binary garbage is not a stream" 1 \
	    "not a hop stream \(bad magic\)"
	: >"$T/empty"
	run "$BIN/hopcat" "$T/empty"
	expect_fail "hopcat: empty input" 1 "empty input"
	size=$(wc -c <"$T/s.bin")
	head -c $((size - 1)) "$T/s.bin" >"$T/cut"
	run "$BIN/hopcat" --tsv "$T/cut"
	expect_fail "hopcat: a stream cut by one byte is truncated" 1 \
	    "record 3: truncated"
	cp "$T/s.bin" "$T/flip"
	printf 'Z' | dd of="$T/flip" bs=1 seek=$((size - 60)) conv=notrunc \
	    2>/dev/null
	run "$BIN/hopcat" "$T/flip"
	expect_fail "hopcat: a changed byte is detected" 1 "checksum mismatch"
	cat "$T/s.bin" "$T/s.bin" >"$T/twice"
	run "$BIN/hopcat" "$T/twice"
	expect_fail "hopcat: data after the end marker" 1 \
	    "unexpected data after the end marker"
	run sh -c "'$BIN/hopcat' --tsv '$T/s.bin' >/dev/full"
	expect_fail "hopcat: a full disk is an error" 1 "write error"
	# A closed pipe ends hopcat quietly (SIGPIPE), as cat does.
	sh_run "'$BIN/xdat2bin' --dt 1 '$T/small' | '$BIN/hopcat' --tsv | head -n 1"
	expect_eq "hopcat: a closed pipe is quiet" "$(cat "$T/err")" ""
}

# The acceptance check of the foundation issue.
hopcat_real() {
	need_shared "hopcat: li6ps5cl header" || return
	sh_run "'$BIN/xdat2bin' '$SHARED/li6ps5cl-aimd/XDATCAR.gz' |
	    '$BIN/unwrap' | '$BIN/hopcat'"
	expect_rc "hopcat: li6ps5cl pipeline" 0
	cp "$T/out" "$T/h"
	expect_eq "li6ps5cl: 416 atoms" "$(key "$T/h" atoms)" 416
	expect_eq "li6ps5cl: species" "$(key "$T/h" species)" \
	    "Li:192,Cl:32,S:160,P:32"
	expect_eq "li6ps5cl: 140 frames" "$(key "$T/h" frames)" 140
	expect_eq "li6ps5cl: 100 fs per frame" "$(key "$T/h" dt_fs)" 100
	expect_eq "li6ps5cl: unwrapped" "$(key "$T/h" coords)" \
	    cartesian-unwrapped
}

hopcat_small
hopcat_refusals
hopcat_real
