# tests/cli/xyz2bin.sh - extended and plain XYZ to hop stream.
#
# Streams are read back with hopcat; the corpus in tests/files/xyz/ and
# its README give every bad file's exact message.  The agreement with
# xdat2bin and lmp2bin on one trajectory is tested in lmp2bin.sh.

X="$BIN/xyz2bin"
C=tests/files/xyz
H="$BIN/hopcat"

t_usage() {
	run "$X" --help
	expect_rc "help exits 0" 0
	expect_eq "help leaves stderr empty" "$(wc -c <"$T/err")" 0
	expect_eq "help names every option" "$(grep -cE '^ +-' "$T/out")" 15
	for bad in "--every 0" "--dt 0" "--last x" "--temperature 1e9"; do
		run "$X" $bad $C/good-ase.xyz
		expect_fail "$bad is a usage error" 2 \
		    "^xyz2bin: invalid ${bad%% *} '${bad#* }' \(want .*\)$"
	done
	for cell in "1 2" "10 0 0 0 10 0 0 0 0" "a b c" "1,2,3,4"; do
		run "$X" --dt 1 --cell "$cell" $C/good-plain.xyz
		expect_fail "--cell '$cell' is a usage error" 2 \
		    "^xyz2bin: invalid --cell '$cell' \(want 1, 3 or 9 numbers"
	done
	run "$X" --timestep 1 $C/good-ase.xyz
	expect_fail "no --timestep (XYZ has no steps)" 2 "usage: xyz2bin"
	run "$X" $C/good-ase.xyz
	expect_fail "no time per frame" 1 \
	    "good-ase.xyz: the time per frame is unknown \(give --dt FS\)$"
	no_stream "no time per frame: no stream"
	run "$X" --dt 1 "$T/none"
	expect_fail "missing file" 1 "^xyz2bin: $T/none: No such file or directory$"
}

# Every bad file of the corpus, with the message its README gives.
bad_run() { run "$X" --dt 1 "$1"; }
t_corpus_bad() {
	corpus_bad xyz2bin $C 30 bad_run
}

t_good() {
	run "$X" --dt 5 $C/good-ase.xyz
	expect_rc "ase converts" 0
	cp "$T/out" "$T/a.hop"
	expect_eq "ase: header" \
	    "$(stream_field "$T/a.hop" atoms frames species coords cell dt_fs)" \
	    "3 2 F:2,Ca:1 fractional fixed 5"
	expect_eq "ase: provenance" "$(stream_field "$T/a.hop" provenance)" \
	    "xyz2bin 0.1.0: $X --dt 5 $C/good-ase.xyz"
	expect_eq "ase: grouped by species, original indices, wrapped" \
	    "$(stream_values "$T/a.hop")" "0 0 F 0.1 0.2 0.3
0 2 F 0.95 0.9 0
0 1 Ca 0.5 0.5 0.5
1 0 F 0.15 0.2 0.3
1 2 F 0.95 0.9 0
1 1 Ca 0.5 0.5 0.5"
	run "$X" --dt 5 --unwrapped $C/good-ase.xyz
	expect_eq "--unwrapped: Cartesian as written" "$(stream_field "$T/out" \
	    coords) $(stream_values "$T/out" | sed -n 2p)" \
	    "cartesian-unwrapped 0 2 F -0.5 9 10"
	run "$X" --dt 5 --species Ca $C/good-ase.xyz
	expect_eq "--species Ca" "$(stream_field "$T/out" species) $(
	    stream_values "$T/out" | head -1)" "Ca:1 0 1 Ca 0.5 0.5 0.5"
	run "$X" --dt 5 --species Li $C/good-ase.xyz
	expect_fail "--species unknown" 1 \
	    "good-ase.xyz: species 'Li' is not in the input \(it has F, Ca\)"

	run "$X" --dt 1 --cell 10 $C/good-plain.xyz
	expect_eq "plain XYZ with --cell 10" "$(stream_field "$T/out" cell_A) |$(
	    stream_values "$T/out" | head -2 | tr '\n' '|')" \
	    "10 0 0 0 10 0 0 0 10 |0 0 Li 0.1 0.1 0.1|0 1 O 0.2 0.2 0.2|"
	run "$X" --dt 1 --cell 10,20,40 $C/good-plain.xyz
	expect_eq "--cell a,b,c" "$(stream_values "$T/out" | sed -n 2p)" \
	    "0 1 O 0.2 0.1 0.05"
	run "$X" --dt 1 --cell "8 0 0 2 9 0 -1 1.5 10" $C/good-ase.xyz
	expect_eq "--cell wins over Lattice" "$(stream_field "$T/out" cell_A)" \
	    "8 0 0 2 9 0 -1 1.5 10"

	run "$X" --dt 1 $C/good-triclinic.xyz
	expect_eq "triclinic, lower-case keys, pos first, CRLF" \
	    "$(stream_field "$T/out" cell_A) |$(stream_values "$T/out" | head -2 |
	    tr '\n' '|')" \
	    "8 0 0 2 9 0 -1 1.5 10 |0 0 Li 0.25 0.5 0.5|0 1 Li 0.5 0.25 0.75|"

	run "$X" --dt 1 $C/good-npt.xyz
	expect_eq "npt: variable cell, each frame's" \
	    "$(stream_field "$T/out" cell) $(
	    "$H" --xyz "$T/out" | grep -o 'Lattice="[0-9.]*' | tr '\n' ' ')" \
	    'variable Lattice="10 Lattice="11 '
	expect_eq "npt: fractional through each frame's cell" \
	    "$(stream_values "$T/out" | cut -d' ' -f4 | tr '\n' ' ')" "0.5 0.5 "
	run "$X" --dt 1 --variable-cell $C/bad-cell-changes-later.xyz
	expect_rc "--variable-cell accepts a Lattice that changes late" 0
}

t_select() {
	run "$X" --dt 2 --every 2 --temperature 300 $C/good-npt.xyz
	expect_eq "--every 2: one frame, dt doubled, temperature" \
	    "$(stream_field "$T/out" frames dt_fs temperature_K)" "1 4 300"
	run "$X" --dt 2 --first 1 $C/good-npt.xyz
	expect_eq "--first 1: the header cell is that frame's" "$(stream_field \
	    "$T/out" cell_A) $("$H" --xyz "$T/out" | grep -o \
	    'Source_frame=[0-9]*')" "11 0 0 0 11 0 0 0 11 Source_frame=1"
	run "$X" --dt 2 --first 2 $C/good-npt.xyz
	expect_fail "--first beyond the end" 1 \
	    "no frame selected: the input has 2 \(numbered 0 to 1\)$"
	run "$X" --dt 2 --last 1 $C/bad-cell-changes-later.xyz
	expect_rc "--last stops before a damaged tail" 0
}

# tsv_of FILE: the stream of FILE as hopcat --tsv, in $T/out.
tsv_of() { sh_run "'$X' --dt 1 '$1' | '$H' --tsv"; }

t_compressed() {
	tsv_of $C/good-ase.xyz
	want=$(cat "$T/out")
	compressed_same $C/good-ase.xyz "$T/traj" "$want" tsv_of
	sh_run "'$X' --dt 1 - <$C/good-ase.xyz | '$H' --tsv"
	expect_eq "standard input" "$(cat "$T/out")" "$want"
	mkdir -p "$T/run"
	printf 'from ase.io import read\n' >"$T/run/make.py"
	cp $C/good-ase.xyz "$T/run/md.extxyz"
	(cd "$T/run" && tar czf ../run.tar.gz make.py md.extxyz &&
	    zip -q ../run.zip make.py md.extxyz)
	for a in run.tar.gz run.zip; do
		sh_run "'$X' --dt 1 '$T/$a' | '$H' --tsv"
		expect_eq "$a: the first member named *xyz*" "$(cat "$T/out")" \
		    "$want"
	done
	run "$X" --dt 1 --member make.py "$T/run.tar.gz"
	expect_fail "--member names the member in messages" 1 \
	    "^xyz2bin: $T/run.tar.gz:make.py:1: the atom count 'from ase.io import read' is not a whole number$"
}

# A cut file is an error and never a finished stream.
t_truncation() {
	cuts_refused "a cut file never passes for the whole one" \
	    $C/good-ase.xyz 11 2 bad_run
}

# pbc="T T F" (ASE's slabs): an atom that crosses c's face between two
# frames is refused, as lmp2bin and traj2bin refuse it along a
# non-periodic axis, rather than unwrapped across it; periodic, it
# converts.
t_pbc() {
	for p in "T T F" "T T T"; do
		{
			for z in 1 9; do
				printf '1\nLattice="10 0 0 0 10 0 0 0 10" '
				printf 'pbc="%s" Properties=species:S:1:pos:R:3\n' \
				    "$p"
				printf 'Li 1 1 %s\n' $z
			done
		} >"$T/slab.xyz"
		run "$X" --dt 1 "$T/slab.xyz"
		if [ "$p" = "T T F" ]; then
			expect_fail "pbc $p: a crossing of c's face refused" 1 \
			    "slab.xyz:4: atom 0 moves 0.8 of the cell along c, which is not periodic, since the frame written before: unwrap would carry it across the boundary \(pbc says F; give --unwrapped with unwrapped positions\)$"
		else
			expect_rc "pbc $p: converts" 0
		fi
	done
	# --cell wins over a Lattice that differs, said once.
	cp "$T/slab.xyz" "$T/lat.xyz"
	run "$X" --dt 1 --cell 12 "$T/lat.xyz"
	expect_eq "--cell against a different Lattice: warned once" \
	    "$(grep -c "lat.xyz:2: --cell differs from the file's Lattice; --cell is taken" "$T/err")" 1
	run "$X" --dt 1 --cell 10 "$T/lat.xyz"
	expect_eq "--cell equal to the Lattice: no warning" "$(cat "$T/err")" ""
	printf '1\npbc="T T T"\nLi 1 1 1\n1\npbc="T T F"\nLi 1 1 2\n' \
	    >"$T/pbc2.xyz"
	run "$X" --dt 1 --cell 10 "$T/pbc2.xyz"
	expect_fail "pbc changing between frames refused" 1 \
	    "pbc2.xyz:5: pbc differs from the first frame's$"
}

t_usage
t_corpus_bad
t_pbc
t_good
t_select
t_compressed
t_truncation
