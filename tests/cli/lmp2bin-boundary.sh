# tests/cli/lmp2bin-boundary.sh - lmp2bin and LAMMPS's boundary flags
# (ITEM: BOX BOUNDS pp, f, s, m per axis) and image flags.
#
# A non-periodic axis is never unwrapped across: wrapped or scaled
# positions are taken as they are along it, and refused at the frame
# where an atom steps half a box or more along it (where unwrap would
# carry it across); unwrapped positions (xu, or x with ix iy iz) are
# taken as they are.  Expected values are computed here from the numbers
# written (x / L, x + i L), not read from the tool.

X="$BIN/lmp2bin"
H="$BIN/hopcat"

# dump FILE FLAGS COLUMNS Z1: a 2-frame dump, box 10 x 10 x 20 from 0,
# two atoms; atom 2 at z = 5, then at Z1 (its x crosses the periodic x
# boundary: 9.5 -> 0.5 wrapped, image 0 -> 1).  COLUMNS "x", "xu" or
# "img" (x y z ix iy iz).
dump() {
	awk -v flags="$2" -v cols="$3" -v z1="$4" 'BEGIN {
		for (t = 0; t < 2; t++) {
			printf "ITEM: TIMESTEP\n%d\nITEM: NUMBER OF ATOMS\n2\n", 100 * t
			printf "ITEM: BOX BOUNDS %s\n0 10\n0 10\n0 20\n", flags
			if (cols == "x") print "ITEM: ATOMS id type x y z"
			else if (cols == "xu") print "ITEM: ATOMS id type xu yu zu"
			else print "ITEM: ATOMS id type x y z ix iy iz"
			print "1 1 1 2 3" (cols == "img" ? " 0 0 0" : "")
			xw = t ? 0.5 : 9.5; xu = t ? 10.5 : 9.5
			z = t ? z1 : 5
			if (cols == "x") print "2 2 " xw " 4 " z
			else if (cols == "xu") print "2 2 " xu " 4 " z
			else print "2 2 " xw " 4 " z " " t " 0 0"
		}
	}' >"$1"
}

t_flags() {
	for f in "pp pp ff" "pp pp fs" "pp pp sm" "pp pp mm" "pp pp pp" ""; do
		dump "$T/d" "$f" x 7
		run "$X" --timestep 1 "$T/d"
		expect_rc "BOX BOUNDS '$f': small steps convert" 0
	done
	dump "$T/d" "pp pp ff" x 7
	sh_run "'$X' --timestep 1 '$T/d' | '$BIN/unwrap' | '$H' --tsv"
	expect_eq "ff along z: x unwrapped across its periodic boundary, z as written" \
	    "$(awk -F '\t' 'NR == 5 { print $4, $5, $6 }' "$T/out")" "10.5 4 7"
	for f in "pp pq pp" "pp pp" "pf pp pp" "pp pp pp pp" "p pp pp"; do
		dump "$T/d" "$f" x 7
		run "$X" --timestep 1 "$T/d"
		expect_rc "BOX BOUNDS '$f' refused" 1
	done
	expect_eq "a fourth boundary: message" "$(cat "$T/err")" \
	    "lmp2bin: $T/d:5: box bounds: 'p' is not a LAMMPS boundary of x (want pp, or two of f, s and m)"
	dump "$T/d" "pf pp pp" x 7
	run "$X" --timestep 1 "$T/d"
	expect_eq "p on one side only: message" "$(cat "$T/err")" \
	    "lmp2bin: $T/d:5: box bounds: 'pf' is not a LAMMPS boundary of x (want pp, or two of f, s and m)"
	dump "$T/d" "pp pp pp" x 7
	sed '16s/.*/ITEM: BOX BOUNDS pp pp fm/' "$T/d" >"$T/d2"
	run "$X" --timestep 1 "$T/d2"
	expect_eq "boundaries that change: message" "$(cat "$T/err")" \
	    "lmp2bin: $T/d2:16: box bounds: the boundaries differ from the first frame's"
	for tri in "xy xz yz pp ff pp" "abc origin pp pp fs"; do
		if [ "${tri%% *}" = xy ]; then
			b='0 10 0\n0 10 0\n0 20 0\n'
		else
			b='10 0 0 0\n0 10 0 0\n0 0 20 0\n'
		fi
		{ printf "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\n"
		  printf "ITEM: BOX BOUNDS %s\n$b" "$tri"
		  printf "ITEM: ATOMS id type x y z\n1 1 1 2 3\n"; } >"$T/t"
		run "$X" --dt 1 "$T/t"
		expect_rc "'$tri': flags after the triclinic words" 0
	done
}

t_jump() {
	# Atom 2 goes from z = 5 to z = 16: 0.55 of the 20 A box along z.
	for f in "pp pp ff" "pp pp sm"; do
		dump "$T/d" "$f" x 16
		run "$X" --timestep 1 "$T/d"
		expect_fail "'$f': a jump of 0.55 c along z refused" 1 \
		    "^lmp2bin: $T/d:12: atom 1 moves 0.55 of the cell along c, which is not periodic, since the frame written before: unwrap would carry it across the boundary \(its BOX BOUNDS flag is not pp; dump xu yu zu, or x y z with ix iy iz, to convert such a run\)$"
		no_stream "'$f': the jump leaves no stream"
	done
	dump "$T/d" "pp pp pp" x 16
	run "$X" --timestep 1 "$T/d"
	expect_rc "pp: the same jump is a periodic step" 0
	dump "$T/d" "pp pp ff" x 16
	run "$X" --timestep 1 --every 2 "$T/d"
	expect_rc "ff: the jump between frames not both written: converts" 0
	dump "$T/d" "pp pp ff" xu 16
	sh_run "'$X' --timestep 1 '$T/d' | '$H' --tsv"
	expect_eq "ff, xu yu zu: the jump taken as written" \
	    "$(awk -F '\t' 'NR == 5 { print $4, $5, $6 }' "$T/out")" "10.5 4 16"
	dump "$T/d" "pp pp ff" img 16
	sh_run "'$X' --timestep 1 '$T/d' | '$H' --tsv"
	expect_eq "ff, x y z + ix iy iz: x + ix Lx, z as written" \
	    "$(awk -F '\t' 'NR == 5 { print $4, $5, $6 }' "$T/out")" "10.5 4 16"
	"$X" --timestep 1 "$T/d" >"$T/i.hop"
	expect_eq "image flags: a Cartesian unwrapped stream" \
	    "$(stream_field "$T/i.hop" coords)" cartesian-unwrapped
}

# Image flags in a triclinic box: r = x + ix a + iy b + iz c (a, b, c
# from the bounding box and tilts as the LAMMPS manual undoes them),
# against the same run dumped as xu yu zu.
t_image_triclinic() {
	awk -v dir="$T" 'BEGIN {
		# a = (8, 0, 0), b = (2, 9, 0), c = (-1, 1.5, 10), origin 0
		xy = 2; xz = -1; yz = 1.5
		xlob = 0 + (xy + xz < xz ? (xy + xz < 0 ? xy + xz : 0) : (xz < 0 ? xz : 0))
		split("1.0 2.0 3.0", r0, " ")
		for (t = 0; t < 3; t++) {
			for (f = 0; f < 2; f++) {
				out = dir (f ? "/xu" : "/img")
				printf "ITEM: TIMESTEP\n%d\nITEM: NUMBER OF ATOMS\n1\n", t > out
				printf "ITEM: BOX BOUNDS xy xz yz pp pp pp\n" > out
				printf "%g %g %g\n%g %g %g\n%g %g %g\n", -1, 10, xy, 0, 10.5, xz, 0, 10, yz > out
				print (f ? "ITEM: ATOMS id type xu yu zu" : "ITEM: ATOMS id type x y z ix iy iz") > out
				ix = t; iy = -t; iz = t
				x = r0[1] + 0.1 * t; y = r0[2]; z = r0[3]
				ux = x + ix * 8 + iy * 2 + iz * -1
				uy = y + iy * 9 + iz * 1.5
				uz = z + iz * 10
				if (f) printf "1 1 %.10g %.10g %.10g\n", ux, uy, uz > out
				else printf "1 1 %.10g %.10g %.10g %d %d %d\n", x, y, z, ix, iy, iz > out
			}
		}
	}'
	sh_run "'$X' --timestep 1 '$T/img' | '$H' --tsv"
	mv "$T/out" "$T/a.tsv"
	sh_run "'$X' --timestep 1 '$T/xu' | '$H' --tsv"
	expect_eq "triclinic image flags equal xu yu zu" "$(cat "$T/a.tsv")" \
	    "$(cat "$T/out")"
	expect_eq "triclinic image flags: frame 2 at x + 2a - 2b + 2c" \
	    "$(awk -F '\t' 'NR == 4 { printf "%.6g %.6g %.6g\n", $4, $5, $6 }' "$T/a.tsv")" \
	    "11.2 -13 23"
}

t_flags
t_jump
t_image_triclinic
