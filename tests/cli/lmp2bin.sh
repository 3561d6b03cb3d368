# tests/cli/lmp2bin.sh - LAMMPS text dump to hop stream.
#
# Streams are read back with hopcat; the corpus in tests/files/lammps/
# and its README give every bad file's exact message.  t_cross_format
# writes one trajectory as XDATCAR, LAMMPS dump and extended XYZ and
# checks that the three converters agree.

X="$BIN/lmp2bin"
C=tests/files/lammps
H="$BIN/hopcat"

t_usage() {
	run "$X" --help
	expect_rc "help exits 0" 0
	expect_eq "help leaves stderr empty" "$(wc -c <"$T/err")" 0
	expect_eq "help names every option" "$(grep -c '^  -' "$T/out")" 13
	for bad in "--every 0" "--dt -5" "--timestep x" "--first 1x" \
	    "--temperature -3"; do
		run "$X" $bad $C/good-npt.lammpstrj
		expect_fail "$bad is a usage error" 2 \
		    "^lmp2bin: invalid ${bad%% *} '${bad#* }' \(want .*\)$"
	done
	run "$X" --types Ca,,F $C/good-npt.lammpstrj
	expect_fail "--types with an empty name" 2 \
	    "^lmp2bin: --types 'Ca,,F': name 2 \(''\) is empty"
	run "$X" --types Ca,Ca $C/good-npt.lammpstrj
	expect_fail "--types with a name twice" 2 "name 'Ca' given twice"
	run "$X" --first 3 --last 2 $C/good-npt.lammpstrj
	expect_fail "--first after --last" 2 "--first 3 is after --last 2"
	run "$X" $C/good-npt.lammpstrj $C/good-npt.lammpstrj
	expect_fail "two inputs refused" 2 "one input file at most"
	run "$X" --timestep 1 "$T/none"
	expect_fail "missing file" 1 "^lmp2bin: $T/none: No such file or directory$"
	run "$X" $C/good-npt.lammpstrj
	expect_fail "no time per frame" 1 \
	    "good-npt.lammpstrj: the time per frame is unknown \(give --dt FS, or --timestep FS to use the TIMESTEP values\)$"
	no_stream "no time per frame: no stream"
	if [ -w /dev/full ]; then
		"$X" --timestep 1 $C/good-npt.lammpstrj >/dev/full 2>"$T/err"
		rc=$?
		expect_fail "write error exits 1" 1 "write error"
	fi
}

# Every bad file of the corpus, with the message its README gives.
bad_run() { run "$X" --timestep 1 "$1"; }
t_corpus_bad() {
	corpus_bad lmp2bin $C 40 bad_run
}

t_good() {
	run "$X" --timestep 1 $C/good-ortho-xs.lammpstrj
	expect_rc "ortho xs converts" 0
	cp "$T/out" "$T/o.hop"
	expect_eq "ortho: header" \
	    "$(stream_field "$T/o.hop" atoms frames species coords cell)" \
	    "3 2 1:1,2:2 fractional fixed"
	expect_eq "ortho: dt = TIMESTEP difference x --timestep" \
	    "$(stream_field "$T/o.hop" dt_fs)" 10
	expect_eq "ortho: title is the input name" \
	    "$(stream_field "$T/o.hop" title)" "$C/good-ortho-xs.lammpstrj"
	expect_eq "ortho: provenance" "$(stream_field "$T/o.hop" provenance)" \
	    "lmp2bin 0.1.0: $X --timestep 1 $C/good-ortho-xs.lammpstrj"
	expect_eq "ortho: atoms sorted by id, wrapped into [0, 1)" \
	    "$(stream_values "$T/o.hop")" "0 0 1 0.1 0.2 0.3
0 1 2 0.75 0.75 0
0 2 2 0.5 0.5 0.5
1 0 1 0.11 0.2 0.3
1 1 2 0.7 0.75 0
1 2 2 0.5 0.55 0.5"
	run "$X" --timestep 1 --types Ca,F $C/good-ortho-xs.lammpstrj
	expect_eq "--types names the types" "$(stream_field "$T/out" species)" \
	    "Ca:1,F:2"
	run "$X" --timestep 1 --types Ca,F,O $C/good-ortho-xs.lammpstrj
	expect_eq "--types: a type without atoms is dropped" \
	    "$(stream_field "$T/out" species)" "Ca:1,F:2"
	run "$X" --timestep 1 --types Ca $C/good-ortho-xs.lammpstrj
	expect_fail "a type without a name" 1 \
	    "^lmp2bin: $C/good-ortho-xs.lammpstrj:10: atom type 2 has no name: names given for types 1 to 1$"
	no_stream "a type without a name: no stream"

	# Types 2 and 3 are both O, type 4 Li, type 1 has no atoms.
	run "$X" --timestep 1 $C/good-element.lammpstrj
	expect_eq "element column names the species, one per element" \
	    "$(stream_field "$T/out" species)" "O:3,Li:1"
	expect_eq "element: atoms grouped by element in type order, by id" \
	    "$(stream_values "$T/out" | head -4)" "0 0 O 0.1 0.2 0.3
0 2 O 0.2 0.2 0.2
0 3 O 0.5 0.5 0.5
0 1 Li 0.25 0.75 0"
	run "$X" --timestep 1 --species Li $C/good-element.lammpstrj
	expect_eq "element: --species selects by element" \
	    "$(stream_values "$T/out")" "0 1 Li 0.25 0.75 0
1 1 Li 0.26 0.75 0"
	run "$X" --timestep 1 --types A,B,C,D $C/good-element.lammpstrj
	expect_eq "element: --types wins over the element column" \
	    "$(stream_field "$T/out" species)" "B:2,C:1,D:1"

	run "$X" --timestep 1 $C/good-triclinic-x.lammpstrj
	expect_eq "triclinic: cell from the bounding box and tilts" \
	    "$(stream_field "$T/out" cell_A)" "8 0 0 2 9 0 -1 1.5 10"
	expect_eq "triclinic: x y z made fractional" "$(stream_values "$T/out" |
	    head -2)" "0 0 1 0.25 0.5 0.5
0 1 1 0.5 0.25 0.75"
	expect_eq "triclinic: dt 100 steps x 1 fs" \
	    "$(stream_field "$T/out" dt_fs)" 100

	run "$X" --timestep 1 $C/good-unwrapped-xu.lammpstrj
	cp "$T/out" "$T/xu.hop"
	expect_eq "xu: unwrapped stream" "$(stream_field "$T/xu.hop" coords)" \
	    cartesian-unwrapped
	expect_eq "xu: relative to the box origin, across the boundary" \
	    "$(stream_values "$T/xu.hop")" "0 0 1 9.5 5 5
0 1 2 1 1 1
1 0 1 10.5 5 5
1 1 2 1 1 1"
	run "$X" --timestep 1 $C/good-image.lammpstrj
	expect_eq "x + image flags: unwrapped" \
	    "$(stream_field "$T/out" coords)" \
	    cartesian-unwrapped
	expect_eq "x + image flags: r = x + i a" "$(stream_values "$T/out")" \
	    "0 0 1 9.5 5 5
0 1 2 1 1 -9
1 0 1 10.5 5 5
1 1 2 1 1 -9"
	# The image flags a restart reset: the unwrapped atom jumps 9 A of
	# the 10 A cell back, which the stream keeps and a warning names.
	sed 's/^1 1 -4.5 0.0 0.0 1 0 0$/1 1 -4.5 0.0 0.0 0 0 0/' \
	    $C/good-image.lammpstrj >"$T/reset.lammpstrj"
	run "$X" --timestep 1 "$T/reset.lammpstrj"
	expect_rc "image flags reset: converted" 0
	expect_eq "image flags reset: the jump kept" \
	    "$(stream_values "$T/out" | sed -n 3p)" "1 0 1 0.5 5 5"
	expect_eq "image flags reset: a warning" "$(cat "$T/err")" \
	    "lmp2bin: warning: $T/reset.lammpstrj:12: atom 0 moves 9 Å, \
0.90 of the cell along a, since the frame written before (1 such \
step of half a cell or more in all): unwrapped positions jump so far when \
they are wrapped ones, when a restart reset the image flags, or when frames \
lie far apart; hop finders would take each for a hop across the cell"
	run "$X" -q --timestep 1 "$T/reset.lammpstrj"
	expect_eq "image flags reset: -q quiet" "$(cat "$T/err")" ""

	run "$X" --timestep 1 $C/good-npt.lammpstrj
	expect_eq "npt: variable cell" "$(stream_field "$T/out" cell)" variable
	expect_eq "npt: each frame's cell" "$("$H" --xyz "$T/out" |
	    grep -o 'Lattice="[0-9.]*' | tr '\n' ' ')" \
	    'Lattice="10 Lattice="10.5 Lattice="11 '
	run "$X" --timestep 1 --first 1 $C/good-npt.lammpstrj
	expect_eq "npt --first 1: header cell is that frame's" \
	    "$(stream_field "$T/out" cell_A)" "10.5 0 0 0 10.5 0 0 0 10.5"
	run "$X" --timestep 1 --variable-cell $C/good-ortho-xs.lammpstrj
	expect_eq "--variable-cell on a fixed box" \
	    "$(stream_field "$T/out" cell)" \
	    variable
	run "$X" --timestep 1 --variable-cell $C/bad-box-changes-later.lammpstrj
	expect_rc "--variable-cell accepts a box that changes late" 0

	run "$X" --timestep 2 $C/good-quirks.lammpstrj
	expect_eq "quirks: xsu unwrapped, CRLF, UNITS, TIME" \
	    "$(stream_values "$T/out")" "0 0 1 5 2 2
0 1 1 1 1 1
1 0 1 6 2 2
1 1 1 1 1 1"
	expect_eq "quirks: dt 1 step x 2 fs" "$(stream_field "$T/out" dt_fs)" 2
	run "$X" --timestep 1 $C/good-general.lammpstrj
	expect_eq "general triclinic abc origin" \
	    "$(stream_field "$T/out" cell_A)" \
	    "4 0 0 1 5 0 0.5 0.25 6"
}

t_select() {
	run "$X" --dt 7 --temperature 1600 --species 2 \
	    $C/good-ortho-xs.lammpstrj
	expect_eq "--species keeps a type, with original indices" \
	    "$(stream_values "$T/out" | head -2)" "0 1 2 0.75 0.75 0
0 2 2 0.5 0.5 0.5"
	expect_eq "--dt overrides" "$(stream_field "$T/out" dt_fs)" 7
	expect_eq "--temperature" "$(stream_field "$T/out" temperature_K)" 1600
	run "$X" --timestep 1 --species 3 $C/good-ortho-xs.lammpstrj
	expect_fail "--species unknown" 1 \
	    "good-ortho-xs.lammpstrj: species '3' is not in the input \(it has 1, 2\)"
	run "$X" --timestep 1 --every 2 $C/good-npt.lammpstrj
	expect_eq "--every 2: frames 0 and 2" "$("$H" --xyz "$T/out" |
	    grep -o 'Source_frame=[0-9]*' | tr '\n' ' ')" \
	    "Source_frame=0 Source_frame=2 "
	expect_eq "--every 2: dt doubles" "$(stream_field "$T/out" dt_fs)" 2
	run "$X" --timestep 1 --first 1 --last 1 $C/good-npt.lammpstrj
	expect_eq "--first 1 --last 1" "$("$H" --xyz "$T/out" |
	    grep -o 'Source_frame=[0-9]*' | tr '\n' ' ')" "Source_frame=1 "
	run "$X" --timestep 1 --first 5 $C/good-npt.lammpstrj
	expect_fail "--first beyond the end" 1 \
	    "good-npt.lammpstrj: no frame selected: the input has 3 \(numbered 0 to 2\)$"
	no_stream "--first beyond the end: no stream"
	run "$X" --timestep 1 --last 1 $C/bad-steps-uneven.lammpstrj
	expect_rc "--last stops before a damaged tail" 0
}

# tsv_of FILE: the stream of FILE as hopcat --tsv, in $T/out.
tsv_of() { sh_run "'$X' --timestep 1 '$1' | '$H' --tsv"; }

t_compressed() {
	tsv_of $C/good-ortho-xs.lammpstrj
	want=$(cat "$T/out")
	compressed_same $C/good-ortho-xs.lammpstrj "$T/dump" "$want" tsv_of
	sh_run "gzip -c $C/good-ortho-xs.lammpstrj | '$X' --timestep 1 | '$H' --tsv"
	expect_eq "gzip on stdin" "$(cat "$T/out")" "$want"
	mkdir -p "$T/run"
	printf 'units metal\n' >"$T/run/in.lammps"
	cp $C/good-ortho-xs.lammpstrj "$T/run/dump.lammpstrj"
	(cd "$T/run" && tar czf ../run.tar.gz dump.lammpstrj in.lammps &&
	    tar cf ../run2.tar in.lammps dump.lammpstrj)
	sh_run "'$X' --timestep 1 '$T/run.tar.gz' | '$H' --tsv"
	expect_eq "tar.gz: the first member" "$(cat "$T/out")" "$want"
	run "$X" --timestep 1 "$T/run2.tar"
	expect_fail "tar: the first member is not a dump, named in the message" \
	    1 "^lmp2bin: $T/run2.tar:in.lammps:1: expected 'ITEM: TIMESTEP', got 'units metal'$"
	sh_run "'$X' --timestep 1 --member dump.lammpstrj '$T/run2.tar' | '$H' --tsv"
	expect_eq "tar: --member" "$(cat "$T/out")" "$want"
	run "$X" --timestep 1 --member nothere "$T/run2.tar"
	expect_fail "--member absent" 1 "run2.tar: archive has no member 'nothere'"
}

# A cut file is an error and never a finished stream.
t_truncation() {
	cuts_refused "a cut dump never passes for the whole one" \
	    $C/good-ortho-xs.lammpstrj 7 2 bad_run
}

# One trajectory (6 atoms, triclinic cell, atoms crossing the boundaries)
# written as XDATCAR, LAMMPS dump (Cartesian wrapped, shuffled lines, box
# not at the origin; and xu yu zu) and extended XYZ: after unwrap, the
# three converters must give the same positions.
t_cross_format() {
	awk -v dir="$T" '
	# r = f H + shift, H rows a, b, c (global)
	function cart(f, r, shift,   k) {
		for (k = 1; k <= 3; k++)
			r[k] = f[1] * H[1, k] + f[2] * H[2, k] + f[3] * H[3, k] + shift[k]
	}
	function lammps_head(out, t, kind,   tilt) {
		printf "ITEM: TIMESTEP\n%d\nITEM: NUMBER OF ATOMS\n%d\n", 5 * t, n > out
		print "ITEM: BOX BOUNDS xy xz yz pp pp pp" > out
		printf "%.12f %.12f %.12f\n", o[1] + xlo, o[1] + H[1, 1] + xhi, H[2, 1] > out
		printf "%.12f %.12f %.12f\n", o[2] + ylo, o[2] + H[2, 2] + yhi, H[3, 1] > out
		printf "%.12f %.12f %.12f\n", o[3], o[3] + H[3, 3], H[3, 2] > out
		print "ITEM: ATOMS id type " kind > out
	}
	BEGIN {
		split("8 0 0 1 9 0 0.5 -1 10", h, " ")
		for (j = 1; j <= 3; j++)
			for (k = 1; k <= 3; k++)
				H[j, k] = h[3 * (j - 1) + k]
		o[1] = 2; o[2] = -3; o[3] = 1
		zero[1] = zero[2] = zero[3] = 0
		# LAMMPS writes a bounding box widened by the tilts.
		xy = H[2, 1]; xz = H[3, 1]; yz = H[3, 2]
		xlo = 0; xhi = 0; ylo = 0; yhi = 0
		split(xy " " xz " " xy + xz, tl, " ")
		for (k = 1; k <= 3; k++) {
			if (tl[k] < xlo) xlo = tl[k]
			if (tl[k] > xhi) xhi = tl[k]
		}
		if (yz < 0) ylo = yz; else yhi = yz
		n = 6; nf = 6
		split("Li Li O O O O", sp, " ")
		srand(7)
		for (i = 1; i <= n; i++)
			for (k = 1; k <= 3; k++) {
				f0[i, k] = rand()
				v[i, k] = (rand() - 0.5) * 0.3
			}
		xd = dir "/XDATCAR"; lm = dir "/dump.lammpstrj"
		lu = dir "/dumpu.lammpstrj"; xyz = dir "/traj.xyz"
		print "cross\n1.0" > xd
		for (j = 1; j <= 3; j++)
			printf "%g %g %g\n", H[j, 1], H[j, 2], H[j, 3] > xd
		print "Li O\n2 4" > xd
		lat = h[1]
		for (k = 2; k <= 9; k++)
			lat = lat " " h[k]
		for (t = 0; t < nf; t++) {
			printf "Direct configuration= %d\n", t + 1 > xd
			printf "%d\nLattice=\"%s\" Properties=species:S:1:pos:R:3\n", n, lat > xyz
			lammps_head(lm, t, "x y z")
			lammps_head(lu, t, "xu yu zu")
			for (i = 1; i <= n; i++)
				for (k = 1; k <= 3; k++) {
					fu[i, k] = f0[i, k] + v[i, k] * t
					fw[i, k] = fu[i, k] - int(fu[i, k])
					if (fw[i, k] < 0)
						fw[i, k] += 1
				}
			for (i = 1; i <= n; i++) {
				for (k = 1; k <= 3; k++) {
					w[k] = fw[i, k]
					u[k] = fu[i, k]
				}
				printf "%.12f %.12f %.12f\n", w[1], w[2], w[3] > xd
				cart(w, r, zero)
				printf "%s %.12f %.12f %.12f\n", sp[i], r[1], r[2], r[3] > xyz
			}
			# LAMMPS lines in another order than the ids.
			for (j = 0; j < n; j++) {
				i = (j * 5) % n + 1
				for (k = 1; k <= 3; k++) {
					w[k] = fw[i, k]
					u[k] = fu[i, k]
				}
				ty = sp[i] == "Li" ? 1 : 2
				cart(w, r, o)
				printf "%d %d %.12f %.12f %.12f\n", i, ty, r[1], r[2], r[3] > lm
				cart(u, r, o)
				printf "%d %d %.12f %.12f %.12f\n", i, ty, r[1], r[2], r[3] > lu
			}
		}
	}'
	# f(0) of the unwrapped dump is in [0, 1), as the others' are.
	sh_run "'$BIN/xdat2bin' --dt 10 '$T/XDATCAR' | '$BIN/unwrap' | '$H' --tsv"
	expect_rc "cross: xdat2bin | unwrap" 0
	mv "$T/out" "$T/x.tsv"
	sh_run "'$X' --types Li,O --timestep 2 '$T/dump.lammpstrj' | '$BIN/unwrap' | '$H' --tsv"
	expect_rc "cross: lmp2bin | unwrap" 0
	mv "$T/out" "$T/l.tsv"
	sh_run "'$X' --types Li,O --timestep 2 '$T/dumpu.lammpstrj' | '$H' --tsv"
	expect_rc "cross: lmp2bin on xu yu zu" 0
	mv "$T/out" "$T/u.tsv"
	sh_run "'$BIN/xyz2bin' --dt 10 '$T/traj.xyz' | '$BIN/unwrap' | '$H' --tsv"
	expect_rc "cross: xyz2bin | unwrap" 0
	mv "$T/out" "$T/y.tsv"
	expect_eq "cross: 6 frames x 6 atoms" "$(wc -l <"$T/x.tsv")" 37
	for other in l u y; do
		same_positions "cross: xdat2bin and $other agree within 1e-9 A" \
		    "$T/x.tsv" "$T/$other.tsv"
	done
	"$BIN/xdat2bin" --dt 10 "$T/XDATCAR" >"$T/x.hop"
	"$X" --types Li,O --timestep 2 "$T/dump.lammpstrj" >"$T/l.hop"
	"$BIN/xyz2bin" --dt 10 "$T/traj.xyz" >"$T/y.hop"
	for f in dt_fs species cell_A; do
		expect_eq "cross: same $f" \
		    "$(stream_field "$T/l.hop" $f) $(stream_field "$T/y.hop" $f)" \
		    "$(stream_field "$T/x.hop" $f $f)"
	done
}

# An atom outside the cell in the first frame, as each format may write
# it: every converter wraps it into [0, 1), so unwrap starts the three
# from the same position.
t_cross_wrap() {
	{ printf 'wrap\n1.0\n10 0 0\n0 10 0\n0 0 10\nLi\n1\n'
	  printf 'Direct configuration= 1\n-0.05 0.5 1.02\n'
	  printf 'Direct configuration= 2\n0.01 0.5 0.03\n'; } >"$T/w.xdatcar"
	for t in 0 5; do
		printf 'ITEM: TIMESTEP\n%d\nITEM: NUMBER OF ATOMS\n1\n' $t
		printf 'ITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\n'
		printf 'ITEM: ATOMS id type xs ys zs\n'
		[ $t = 0 ] && echo "1 1 -0.05 0.5 1.02" || echo "1 1 0.01 0.5 0.03"
	done >"$T/w.lammpstrj"
	lat='Lattice="10 0 0 0 10 0 0 0 10" Properties=species:S:1:pos:R:3'
	printf '1\n%s\nLi -0.5 5 10.2\n1\n%s\nLi 0.1 5 0.3\n' "$lat" \
	    "$lat" >"$T/w.xyz"
	for c in "xdat2bin --dt 1 $T/w.xdatcar" \
	    "lmp2bin --types Li --timestep 1 $T/w.lammpstrj" \
	    "xyz2bin --dt 1 $T/w.xyz"; do
		set -- $c
		sh_run "'$BIN/$1' ${c#* } | '$BIN/unwrap' | '$H' --tsv"
		expect_eq "wrap: $1 | unwrap starts at the same place" \
		    "$(awk -F '\t' 'NR > 1 { printf "%.10g %.10g %.10g|",
		    $4, $5, $6 }' "$T/out")" "9.5 5 0.2|10.1 5 0.3|"
	done
}

# The team's CaF2 run, dumped by LAMMPS (skipped without ../shared/data).
t_real() {
	need_shared "real CaF2 dump" || return 0
	D=$SHARED/caf2-md/1600K-lammps-dump/dump.lammpstrj.gz
	run "$X" --types Ca,F --timestep 2 $D
	expect_rc "CaF2 dump converts" 0
	cp "$T/out" "$T/caf2.hop"
	expect_eq "CaF2: atoms, frames, species, dt" "$(stream_field \
	    "$T/caf2.hop" atoms frames species dt_fs cell)" \
	    "324 2000 Ca:108,F:216 20 fixed"
	# A few atoms of frames 0 and 1999, by id, against the text.
	want=$(gzip -dc $D | awk '/^ITEM: TIMESTEP/ { f++ }
	    /^ITEM: ATOMS/ { on = 1; next } /^ITEM:/ { on = 0 }
	    on && (f == 1 || f == 2000) && ($1 == 1 || $1 == 109 || $1 == 324) {
	        for (k = 3; k <= 5; k++) $k -= int($k) - ($k < 0)
	        printf "%d %d %.8f %.8f %.8f\n", f - 1, $1 - 1, $3, $4, $5 }' |
	    sort -n -k1 -k2)
	got=$("$H" --tsv "$T/caf2.hop" | awk -F '\t' '
	    ($1 == 0 || $1 == 1999) && ($2 == 0 || $2 == 108 || $2 == 323) {
	        printf "%d %d %.8f %.8f %.8f\n", $1, $2, $4, $5, $6 }' |
	    sort -n -k1 -k2)
	expect_eq "CaF2: values of ids 1, 109, 324 equal the text" "$got" \
	    "$want"
}

t_usage
t_corpus_bad
t_good
t_select
t_compressed
t_truncation
t_cross_format
t_cross_wrap
t_real
