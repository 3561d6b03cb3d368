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

# The hop table (issue 13): times beside frames, the sites' centres and
# the distance between them; mkhops makes the centres the start and end
# positions.
hopcat_hops() {
	MK=$HELPERS/mkhops
	printf '0 10 14 1 2 3 1 2 5.5\n1 20 30 0 0 0 3 4 0 1\n' |
	    "$MK" -s Li:2,O:1 -a Li >"$T/h.bin"
	run "$BIN/hopcat" --hops "$T/h.bin"
	expect_rc "hopcat --hops: exit 0" 0
	expect_eq "hopcat --hops: columns" "$(head -n 1 "$T/out")" \
	    "$(printf 'atom\tspecies\tstart\tend\tduration_ps\tlength_A\tbackhop\tstart_ps\tend_ps\tfrom_x_A\tfrom_y_A\tfrom_z_A\tto_x_A\tto_y_A\tto_z_A\tsite_dist_A')"
	expect_eq "hopcat --hops: times in ps, centres, site distance" \
	    "$(sed -n 2p "$T/out" | cut -f 8- | tr '\t' ' ')" \
	    "0.1 0.14 1.0000 2.0000 3.0000 1.0000 2.0000 5.5000 2.5000"
	expect_eq "hopcat --hops: a back-hop's row" \
	    "$(sed -n 3p "$T/out" | cut -f 3,7- | tr '\t' ' ')" \
	    "20 1 0.2 0.3 0.0000 0.0000 0.0000 3.0000 4.0000 0.0000 5.0000"
	printf '0 10 14 0 0 0 1 0 0\n' | "$MK" -s Li:2 -d 0 >"$T/nodt.bin"
	run "$BIN/hopcat" --hops "$T/nodt.bin"
	expect_eq "hopcat --hops: times nan when dt is unknown" \
	    "$(sed -n 2p "$T/out" | cut -f 5,8,9 | tr '\t' ' ')" "nan nan nan"
	echo '# none' | "$MK" -s Li:2 >"$T/none.bin"
	run "$BIN/hopcat" --hops "$T/none.bin"
	expect_eq "hopcat --hops: a hop stream without hops, header only" \
	    "$rc:$(wc -l <"$T/out")" "0:1"
}

# The per-atom table is --atom-table (-a); its old name --atoms, which
# every other tool's --atoms=RANGE means otherwise, is a usage error that
# names the new one, with a value or without.
hopcat_atom_table() {
	run "$BIN/hopcat" --atom-table "$T/h.bin"
	expect_rc "hopcat --atom-table: exit 0" 0
	expect_eq "hopcat --atom-table: columns" \
	    "$(head -n 1 "$T/out" | cut -f 1-5 | tr '\t' ' ')" \
	    "atom species nclusters silhouette nhops"
	cp "$T/out" "$T/at"
	run "$BIN/hopcat" -a "$T/h.bin"
	expect_same "hopcat -a is --atom-table" "$T/out" "$T/at"
	for o in --atoms --atoms=0-1; do
		run "$BIN/hopcat" $o "$T/h.bin"
		expect_fail "hopcat $o: a usage error naming --atom-table" 2 \
		    "^hopcat: --atoms is now --atom-table \(--atoms=RANGE selects atoms in the other tools\)$"
		expect_eq "hopcat $o: stdout empty" "$(cat "$T/out")" ""
	done
}

# A stream of the wrong kind is an error, never an empty success.
hopcat_kinds() {
	for m in --hops --atom-table; do
		run "$BIN/hopcat" $m "$T/s.bin"
		expect_fail "hopcat $m on a frame stream" 1 \
		    "^hopcat: .*s.bin: a frame stream has no hops \(--hops/--atom-table want the output of kmeans-hops\)$"
		expect_eq "hopcat $m on a frame stream: stdout empty" \
		    "$(cat "$T/out")" ""
	done
	for m in --xyz --tsv; do
		run "$BIN/hopcat" $m "$T/h.bin"
		expect_fail "hopcat $m on a hop stream" 1 \
		    "^hopcat: .*h.bin: a hop stream has no frames \(--xyz/--tsv want frames\)$"
		expect_eq "hopcat $m on a hop stream: stdout empty" \
		    "$(cat "$T/out")" ""
	done
}

# On the bundled CaF2 run, the hop length (positions at the hop's ends)
# and the distance between the sites it joins differ; site_dist_A is the
# distance between the printed centres.
hopcat_caf2() {
	x=examples/caf2-1600K/XDATCAR.gz
	[ -f "$x" ] || { skip "hopcat --hops on CaF2" "no $x"; return; }
	sh_run "'$BIN/xdat2bin' '$x' | '$BIN/unwrap' |
	    '$BIN/kmeans-hops' --mode adaptive --species F | '$BIN/hopcat' --hops"
	expect_rc "hopcat --hops on CaF2: exit 0" 0
	expect_eq "CaF2: site_dist_A is |to - from| on every row" \
	    "$(awk -F '\t' 'NR > 1 { x = $13 - $10; y = $14 - $11; z = $15 - $12
	        d = sqrt(x * x + y * y + z * z)
	        if (d - $16 > 2e-4 || $16 - d > 2e-4) bad++ }
	        END { print (NR > 1 ? bad + 0 : "no hops") }' "$T/out")" 0
	expect_eq "CaF2: start_ps is start x dt (10 fs)" \
	    "$(awk -F '\t' 'NR > 1 && ($8 - $3 / 100)^2 > 1e-12 { bad++ }
	        END { print bad + 0 }' "$T/out")" 0
	expect_eq "CaF2: sites (2.6 A apart) twice as far as hop lengths" \
	    "$(awk -F '\t' 'NR > 1 { l += $6; s += $16 }
	        END { print (s > 2 * l ? "yes" : "no: " l " " s) }' "$T/out")" yes
}

# An input that is no stream is named as what it looks like, with the
# converter to run first (common/stream.c, for every tool).
hopcat_not_streams() {
	x=$T/small
	for z in gzip xz bzip2 zstd; do
		if ! command -v $z >/dev/null 2>&1; then
			skip "$z data named" "$z not installed"
			continue
		fi
		$z -c "$x" >"$T/XDATCAR.$z"
		run "$BIN/hopcat" "$T/XDATCAR.$z"
		unz=$(echo "gzip:zcat xz:xzcat bzip2:bzcat zstd:zstdcat" |
		    tr ' ' '\n' | sed -n "s/^$z://p")
		expect_fail "$z data named, with its converter and decompressor" 1 \
		    "^hopcat: .*XDATCAR.$z: not a hop stream \(bad magic; it looks like $z-compressed data\): convert a trajectory first, e.g. xdat2bin .*XDATCAR.$z \| unwrap; decompress a compressed stream first \($unz .*XDATCAR.$z\)$"
	done
	# A compressed stream is named the same way, and its decompressor
	# reads it.
	"$BIN/xdat2bin" --dt 1 "$x" 2>/dev/null | gzip -c >"$T/small.hop.gz"
	run "$BIN/hopcat" "$T/small.hop.gz"
	expect_fail "a gzip-compressed stream named" 1 \
	    "decompress a compressed stream first \(zcat .*small.hop.gz\)$"
	sh_run "zcat '$T/small.hop.gz' | '$BIN/hopcat' | grep -c '^atoms'"
	expect_eq "... and read once decompressed as it says" "$rc $(cat "$T/out")" "0 1"
	(cd "$T" && tar cf small.tar small)
	run "$BIN/hopcat" "$T/small.tar"
	expect_fail "a tar named" 1 "it looks like a tar archive of a trajectory"
	if command -v zip >/dev/null 2>&1; then
		(cd "$T" && zip -q small.zip small)
		run "$BIN/hopcat" "$T/small.zip"
		expect_fail "a zip named" 1 "it looks like a zip archive of a trajectory"
	else
		skip "a zip named" "zip not installed"
	fi
	run "$BIN/hopcat" "$x"
	expect_fail "an XDATCAR named" 1 \
	    "\(it starts with text; it looks like an XDATCAR trajectory\): convert it first, e.g. xdat2bin .*small \| unwrap$"
	run sh -c "'$BIN/hopcat' <'$x'"
	expect_fail "an XDATCAR on standard input" 1 \
	    "^hopcat: <stdin>: .*XDATCAR trajectory\): convert it first, e.g. xdat2bin FILE \| unwrap$"
	printf 'ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\n' >"$T/d.lammpstrj"
	run "$BIN/hopcat" "$T/d.lammpstrj"
	expect_fail "a LAMMPS dump named" 1 \
	    "it looks like a LAMMPS dump trajectory\): convert it first, e.g. lmp2bin "
	printf '2\nLattice="5 0 0 0 5 0 0 0 5"\nLi 0 0 0\nO 1 1 1\n' >"$T/t.xyz"
	run "$BIN/hopcat" "$T/t.xyz"
	expect_fail "an XYZ file named" 1 \
	    "it looks like an XYZ trajectory\): convert it first, e.g. xyz2bin "
	printf 'some notes\nnothing else\n' >"$T/notes"
	run "$BIN/hopcat" "$T/notes"
	expect_fail "other text: the converters named" 1 \
	    "notes: not a hop stream \(it starts with text: a trajectory is converted first, with xdat2bin, lmp2bin, xyz2bin, vasprun2bin, traj2bin or h52bin, then unwrap; a table is read by other tools\)$"
	# The other way round: a text reader given a stream says what it is
	# (it read the magic's first line and failed at the second).
	zcat "$T/small.hop.gz" >"$T/small.hop"
	for c in xdat2bin lmp2bin xyz2bin; do
		run "$BIN/$c" --dt 1 "$T/small.hop"
		expect_fail "a hop stream given to $c" 1 \
		    "^$c: .*small.hop: a hop stream, not a text file \(the analysis tools read it as it is; hopcat shows it\)$"
	done
}

# The acceptance check of the foundation issue.
hopcat_real() {
	need_shared "hopcat: li6ps5cl header" || return 0
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
hopcat_hops
hopcat_atom_table
hopcat_kinds
hopcat_caf2
hopcat_not_streams
hopcat_real
