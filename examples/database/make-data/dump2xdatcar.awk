# dump2xdatcar.awk - a LAMMPS dump ("id type xs ys zs", sorted by id,
# orthogonal box starting at 0, Ca then F) to a VASP 5 XDATCAR with
# fractional coordinates wrapped into [0, 1).
#
#   awk -v title='CaF2 3x3x3 LAMMPS 1400K' -v frames=600 \
#       -f dump2xdatcar.awk dump.lammpstrj > XDATCAR
#
# The cell is the first frame's (the production runs are NVT); a later
# frame with another box is refused.
function wrap(x) { x -= int(x); if (x < 0) x += 1; if (x >= 1) x -= 1; return x }
function die(msg) { printf "dump2xdatcar: %s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"; bad = 1; exit 1 }
BEGIN { nframe = 0; if (frames == "") frames = -1 }
/^ITEM: TIMESTEP/ {
	if (frames >= 0 && nframe == frames) exit 0
	getline; nframe++; next
}
/^ITEM: NUMBER OF ATOMS/ { getline; natoms = $1 + 0; next }
/^ITEM: BOX BOUNDS/ {
	for (i = 1; i <= 3; i++) {
		getline
		if ($1 + 0 != 0) die("box does not start at 0")
		L[i] = $2
	}
	if (nframe == 1) {
		for (i = 1; i <= 3; i++) L1[i] = L[i]
	} else if (L[1] != L1[1] || L[2] != L1[2] || L[3] != L1[3])
		die("the box changes: not an NVT run")
	next
}
/^ITEM: ATOMS id type xs ys zs/ {
	n[1] = n[2] = 0
	for (a = 1; a <= natoms; a++) {
		if ((getline) <= 0) die("truncated frame")
		if ($1 != a) die("atoms not sorted by id")
		type[a] = $2; n[$2]++
		x[a] = wrap($3); y[a] = wrap($4); z[a] = wrap($5)
	}
	if (nframe == 1) {
		printf "%-40s\n", title
		printf "%12d\n", 1
		printf "%13.6f%12.6f%12.6f\n", L1[1], 0, 0
		printf "%13.6f%12.6f%12.6f\n", 0, L1[2], 0
		printf "%13.6f%12.6f%12.6f\n", 0, 0, L1[3]
		printf "   Ca   F \n%6d%6d\n", n[1], n[2]
		ntype1 = n[1]
	}
	for (a = 1; a <= natoms; a++)
		if ((a <= ntype1) != (type[a] == 1)) die("Ca atoms must come first")
	printf "Direct configuration=%6d\n", nframe
	for (a = 1; a <= natoms; a++)
		printf "%13.8f%12.8f%12.8f\n", x[a], y[a], z[a]
	next
}
END { if (!bad && frames >= 0 && nframe < frames) {
	printf "dump2xdatcar: %s: %d frames, %d wanted\n", FILENAME, nframe, frames > "/dev/stderr"; exit 1 } }
