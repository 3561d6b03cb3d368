# tests/cli/h52bin.sh - vaspout.h5 and H5MD to hop stream.
#
# tests/helpers/mkh5.py writes one known trajectory with h5py as XDATCAR,
# as a vaspout.h5 in VASP 6's layout and as H5MD files (nm and Angstrom,
# ps and fs, orthorhombic, triclinic and per-frame boxes, with and without
# image data), and damaged files.  Streams are compared at full precision
# through python/hopstream: h52bin's must equal xdat2bin's within 1e-9 A
# after unwrap, and the unwrapped H5MD positions equal numpy's r + i a
# from the file as h5py reads it.

X="$BIN/h52bin"
H="$BIN/hopcat"
PY=/usr/bin/python3
D="$T/h5"

h5_ready() {
	if ! "$PY" -c 'import h5py, numpy' 2>/dev/null; then
		skip "h52bin: every case" "no h5py for $PY (python3-h5py)"
		return 1
	fi
	mkdir -p "$D"
	"$PY" tests/helpers/mkh5.py "$D" good &&
	    "$PY" tests/helpers/mkh5.py "$D" bad
}

# maxdiff A.hop B.hop [TOL [any]]: "ok" when no coordinate of the two
# streams differs by more than TOL A (default 1e-9) and frames, atoms and
# species agree (species names not compared with "any"), else what
# differs.
maxdiff() {
	PYTHONPATH=python "$PY" - "$1" "$2" "${3:-1e-9}" "${4:-}" <<'PY'
import sys
import numpy as np
import hopstream
a, b = (hopstream.read(p) for p in sys.argv[1:3])
tol = float(sys.argv[3])
if a.frames.shape != b.frames.shape:
    print("shapes", a.frames.shape, b.frames.shape)
elif sys.argv[4] != "any" and list(a.atom_species) != list(b.atom_species):
    print("species differ")
elif not np.array_equal(a.orig_index, b.orig_index):
    print("atom order differs")
else:
    d = np.abs(a.frames - b.frames).max()
    print("ok" if d <= tol else "max diff %g" % d)
PY
}

t_usage() {
	run "$X" --help
	expect_rc "help exits 0" 0
	expect_eq "help leaves stderr empty" "$(wc -c <"$T/err")" 0
	expect_eq "help names every option" "$(grep -c '^  -' "$T/out")" 15
	for bad in "--every 0" "--dt -5" "--timestep x" "--first 1x" \
	    "--temperature -3" "--length-unit furlong" "--particles a/b"; do
		run "$X" $bad x.h5
		expect_fail "$bad is a usage error" 2 \
		    "^h52bin: invalid ${bad%% *} '${bad#* }' \(want .*\)$"
	done
	run "$X"
	expect_fail "no file" 2 \
	    "^h52bin: no input file \(HDF5 files are read from a path\)$"
	run "$X" a.h5 b.h5
	expect_fail "two inputs refused" 2 "one input file at most"
	run "$X" --member x a.h5
	expect_fail "--member is not an option here" 2 "unrecognized option"
	run "$X" --types Li,,O a.h5
	expect_fail "--types with an empty name" 2 \
	    "^h52bin: --types 'Li,,O': name 2 \(''\) is empty"
	run "$X" --types Li -Z a.h5
	expect_fail "--types with --atomic-numbers" 2 "give one$"
	run "$X" "$T/none.h5"
	expect_fail "missing file" 1 "^h52bin: $T/none.h5: No such file or directory$"
	no_stream "missing file: no stream"
}

t_vasp() {
	"$BIN/xdat2bin" --dt 2 "$D/XDATCAR" >"$T/x.hop"
	"$BIN/unwrap" "$T/x.hop" >"$T/xu.hop"
	run "$X" "$D/vaspout.h5"
	expect_rc "vaspout.h5 converts" 0
	expect_eq "vaspout.h5: nothing on stderr" "$(cat "$T/err")" ""
	cp "$T/out" "$T/v.hop"
	expect_eq "vaspout.h5: header as xdat2bin's" \
	    "$(stream_field "$T/v.hop" atoms frames species coords cell cell_A)" \
	    "$(stream_field "$T/x.hop" atoms frames species coords cell cell_A)"
	expect_eq "vaspout.h5: dt = POTIM, temperature = TEBEG" \
	    "$(stream_field "$T/v.hop" dt_fs temperature_K)" "2 1600"
	expect_eq "vaspout.h5: the same fractional frames as xdat2bin" \
	    "$(maxdiff "$T/x.hop" "$T/v.hop")" ok
	"$BIN/unwrap" "$T/v.hop" >"$T/vu.hop"
	expect_eq "vaspout.h5 | unwrap = xdat2bin | unwrap within 1e-9 A" \
	    "$(maxdiff "$T/xu.hop" "$T/vu.hop")" ok
	run "$X" --types A,B --species B --first 2 --every 2 --dt 5 \
	    "$D/vaspout.h5"
	expect_eq "vaspout.h5: --types, --species, --first, --every, --dt" \
	    "$(stream_field "$T/out" species frames dt_fs)" "B:4 3 10"
	run "$X" --types A "$D/vaspout.h5"
	expect_fail "vaspout.h5: --types count" 1 \
	    "vaspout.h5: 1 species names given for the 2 ion types$"
	run "$X" "$D/vaspout-nblock.h5"
	expect_rc "NBLOCK 5: converts" 0
	expect_err "NBLOCK 5: a warning says which time was taken" \
	    "^h52bin: warning: .*vaspout-nblock.h5: NBLOCK = 5 thins XDATCAR only: vaspout.h5 keeps every ionic step, so frames are 2 fs apart \(POTIM\); give --dt FS if not$"
	run "$X" -q "$D/vaspout-nblock.h5"
	expect_eq "NBLOCK 5: --quiet" "$(cat "$T/err")" ""
}

# Ion types Li O Li (counts 1 4 1) are one species Li, each atom with its
# index in the file, its positions the same run's.
t_vasp_repeated() {
	"$BIN/xdat2bin" --dt 2 "$D/XDATCAR" >"$T/x.hop"
	run "$X" "$D/vaspout-repeated.h5"
	expect_rc "ion types Li O Li convert" 0
	cp "$T/out" "$T/r.hop"
	expect_eq "ion types Li O Li: one species Li" \
	    "$(stream_field "$T/r.hop" species atoms)" "Li:2,O:4 6"
	expect_eq "ion types Li O Li: orig_index, positions as the XDATCAR's" \
	    "$(PYTHONPATH=python "$PY" -c 'import sys, numpy as np, hopstream
a, b = (hopstream.read(p) for p in sys.argv[1:3])
o = [int(i) for i in b.orig_index]
print("orig_index %r" % o if o != [0, 5, 1, 2, 3, 4] else "ok"
      if np.abs(a.frames[:, o] - b.frames).max() <= 1e-9 else "differ")' \
	    "$T/x.hop" "$T/r.hop" 2>&1)" ok
}

t_h5md() {
	"$BIN/xdat2bin" --dt 2 "$D/XDATCAR-ort" | "$BIN/unwrap" >"$T/xo.hop"
	run "$X" --types Li,O "$D/md-nm.h5"
	expect_rc "H5MD nm, ps, image: converts" 0
	cp "$T/out" "$T/n.hop"
	expect_eq "H5MD nm: unwrapped by its image data, dt 0.002 ps" \
	    "$(stream_field "$T/n.hop" coords dt_fs species cell_A)" \
	    "cartesian-unwrapped 2 Li:2,O:4 8 0 0 0 9 0 0 0 10"
	expect_eq "H5MD nm + image = xdat2bin | unwrap within 1e-9 A" \
	    "$(maxdiff "$T/xo.hop" "$T/n.hop")" ok
	"$X" --types Li,O "$D/md-noimage.h5" | "$BIN/unwrap" >"$T/ni.hop"
	expect_eq "H5MD without image | unwrap = xdat2bin | unwrap" \
	    "$(maxdiff "$T/xo.hop" "$T/ni.hop")" ok
	"$X" --types Li,O "$D/md-tri.h5" | "$BIN/unwrap" >"$T/tri.hop"
	expect_eq "H5MD triclinic matrix, A, fs | unwrap = xdat2bin's" \
	    "$(maxdiff "$T/xu.hop" "$T/tri.hop")" ok
	run "$X" "$D/md-nm.h5"
	expect_eq "H5MD species named by their values" \
	    "$(stream_field "$T/out" species)" "1:2,8:4"
	run "$X" --atomic-numbers "$D/md-z.h5"
	expect_eq "--atomic-numbers: element names" \
	    "$(stream_field "$T/out" species)" "Li:2,O:4"
	run "$X" --atomic-numbers "$D/md-nm.h5"
	expect_eq "--atomic-numbers on 1 and 8" \
	    "$(stream_field "$T/out" species)" "H:2,O:4"
	# NpT: each frame's box; r + i a against numpy on the file itself.
	run "$X" "$D/md-npt.h5"
	cp "$T/out" "$T/npt.hop"
	expect_eq "H5MD edges per frame: variable cell" \
	    "$(stream_field "$T/npt.hop" cell)" variable
	got=$(PYTHONPATH=python "$PY" - "$D/md-npt.h5" "$T/npt.hop" <<'PY'
import sys
import h5py
import numpy as np
import hopstream
with h5py.File(sys.argv[1], "r") as h:
    g = h["particles/all"]
    r = g["position/value"][()] * 10
    e = g["box/edges/value"][()] * 10
    i = g["image/value"][()]
    sp = g["species"][()]
want = r + i * e[:, None, :]
s = hopstream.read(sys.argv[2])
order = np.argsort(sp, kind="stable")
d = np.abs(s.frames - want[:, order]).max()
dc = np.abs(s.cells - np.array([np.diag(x) for x in e])).max()
print("ok" if d <= 1e-9 and dc <= 1e-12 else "diff %g %g" % (d, dc))
PY
)
	expect_eq "H5MD NpT: r + i a of each frame's box (numpy)" "$got" ok
	"$X" --types Li,O --first 1 "$D/md-npt.h5" | "$H" | grep '^cell_A' \
	    >"$T/c"
	expect_eq "--first 1: the header's cell is frame 1's" "$(cat "$T/c")" \
	    "$(printf 'cell_A\t8.08 0 0 0 9.09 0 0 0 10.1')"

	run "$X" "$D/two.h5"
	expect_fail "two particles groups: listed" 1 \
	    "two.h5: 2 particles groups \(all, ions\): choose one with --particles$"
	run "$X" --particles ions "$D/two.h5"
	expect_rc "--particles ions" 0
	run "$X" --particles none "$D/two.h5"
	expect_fail "--particles absent" 1 \
	    "two.h5: no particles group 'none' \(the file has all, ions\)$"
	run "$X" "$D/md-nounit.h5"
	expect_fail "no unit attribute" 1 \
	    "md-nounit.h5: particles/all/position/value has no unit attribute \(give --length-unit nm or A\)$"
	# Written in Angstrom without a unit, as LAMMPS metal units are.
	"$X" --length-unit A --types Li,O "$D/md-nounit.h5" >"$T/nu.hop"
	expect_eq "--length-unit A" "$(maxdiff "$T/n.hop" "$T/nu.hop")" ok
	run "$X" "$D/md-notime.h5"
	expect_fail "no times, no --timestep" 1 \
	    "md-notime.h5: particles/all/position has no time with a unit: the time per frame is unknown \(give --dt FS, or --timestep FS to use position/step\)$"
	run "$X" --timestep 0.4 "$D/md-notime.h5"
	expect_eq "--timestep: 5 steps x 0.4 fs" \
	    "$(stream_field "$T/out" dt_fs)" 2
}

# Each damaged file, its exact message (FILE for its path).
t_bad() {
	while IFS='|' read -r f want; do
		run "$X" "$D/$f"
		got=$(head -n 1 "$T/err" | sed "s|$D/$f|FILE|")
		if [ "$rc" = 1 ] && [ "$got" = "$want" ]; then
			pass "bad $f"
		else
			fail "bad $f" "exit $rc: '$got', want '$want'"
		fi
		no_stream "bad $f: no stream"
	done <<'EOF'
bad-nopos.h5|h52bin: FILE: no dataset intermediate/ion_dynamics/position_ions
bad-rank.h5|h52bin: FILE: intermediate/ion_dynamics/position_ions has rank 2, want 3 (frames x atoms x 3)
bad-count.h5|h52bin: FILE: intermediate/ion_dynamics/position_ions is 7 x 6 x 3; want frames x 5 x 3 (number_ion_types adds up to 5 atoms)
bad-names.h5|h52bin: FILE: results/positions/ion_types has 3 names, results/positions/number_ion_types 2 counts
bad-lattice.h5|h52bin: FILE: intermediate/ion_dynamics/lattice_vectors is 6 x 3 x 3; want 7 x 3 x 3 (one cell per frame of position_ions)
bad-nan.h5|h52bin: FILE: intermediate/ion_dynamics/position_ions: frame 3, atom 4: not a finite number
bad-potim.h5|h52bin: FILE: input/incar/POTIM = -1 is not a positive time step
bad-version.h5|h52bin: FILE: H5MD version 2.0: h52bin reads 1.x
bad-unit.h5|h52bin: FILE: particles/all/position/value: length unit 'furlong' is not one h52bin knows (nm, pm, fm, Angstrom, A)
bad-boundary.h5|h52bin: FILE: particles/all/box: axis z is 'none', not periodic (h52bin reads periodic boxes)
bad-species.h5|h52bin: FILE: particles/all/species has 5 atoms, position 6
bad-times.h5|h52bin: FILE: particles/all/position/time: frame 3: time 0.007 breaks the spacing of 0.002 between frames (give --dt FS to ignore the times)
bad-empty.h5|h52bin: FILE: neither H5MD (no group h5md) nor a VASP vaspout.h5 with ionic steps (no group intermediate/ion_dynamics)
bad-noparticles.h5|h52bin: FILE: H5MD file without a particles group
EOF
	run "$X" --dt 2 "$D/bad-times.h5"
	expect_rc "--dt: uneven times not checked" 0
	run "$X" "$D/XDATCAR"
	expect_fail "a text file" 1 "^h52bin: $D/XDATCAR: not an HDF5 file$"
	for n in 100 3000 12000; do
		head -c $n "$D/vaspout.h5" >"$T/cut.h5"
		run "$X" "$T/cut.h5"
		expect_fail "cut at $n bytes: HDF5's reason" 1 \
		    "^h52bin: $T/cut.h5: cannot open as HDF5 \(truncated or damaged\?\) \(HDF5: truncated file: eof = $n, .*\)$"
		no_stream "cut at $n bytes: no stream"
	done
	gzip -c "$D/md-nm.h5" >"$T/md.h5.gz"
	run "$X" "$T/md.h5.gz"
	expect_fail "gzip refused, saying so" 1 \
	    "^h52bin: $T/md.h5.gz: gzip-compressed: h52bin reads HDF5 files uncompressed \(decompress it first\)$"
	sh_run "'$X' - <'$D/md-nm.h5'"
	expect_fail "standard input refused" 1 \
	    "^h52bin: <stdin>: HDF5 files are read from a path, not standard input \(save it to a file\)$"
	sh_run "cat '$D/md-nm.h5' | '$X' /dev/stdin"
	expect_fail "a pipe refused" 1 \
	    "^h52bin: /dev/stdin: not a regular file \(HDF5 needs one it can seek in; save a pipe to a file\)$"
}

# An H5MD file written by MDAnalysis' H5MDWriter (an independent writer of
# the specification), when python3-mdanalysis is installed: the same
# trajectory, in float32 as MDAnalysis writes it.
t_mdanalysis() {
	if ! "$PY" -c 'import MDAnalysis' 2>/dev/null; then
		skip "h52bin: MDAnalysis-written H5MD" \
		    "no MDAnalysis for $PY (python3-mdanalysis)"
		return
	fi
	"$PY" -W ignore - "$D" <<'PY' 2>"$T/mda.err"
import sys
import numpy as np
import MDAnalysis as mda
from MDAnalysis.coordinates.memory import MemoryReader
D = sys.argv[1]
lines = open(f"{D}/XDATCAR-ort").read().split("\n")
cell = np.array([[float(x) for x in lines[k].split()] for k in (2, 3, 4)])
fw, i = [], 7
while i < len(lines) and lines[i].startswith("Direct"):
    fw.append([[float(x) for x in lines[i + 1 + a].split()]
               for a in range(6)])
    i += 7
u = mda.Universe.empty(6, trajectory=True)
u.load_new(np.array(fw) @ cell, format=MemoryReader,
           dimensions=np.array([8, 9, 10, 90, 90, 90.0]), dt=0.002)
u.trajectory.units = {"time": "ps", "length": "Angstrom"}
with mda.Writer(f"{D}/mda.h5md", n_atoms=6) as w:
    for ts in u.trajectory:
        w.write(u)
PY
	run "$X" "$D/mda.h5md"
	expect_rc "MDAnalysis H5MD converts" 0
	cp "$T/out" "$T/mda.hop"
	expect_eq "MDAnalysis H5MD: group trajectory, no species, float32 0.002 ps" \
	    "$(stream_field "$T/mda.hop" atoms frames species dt_fs cell_A)" \
	    "6 7 X:6 2 8 0 0 0 9 0 0 0 10"
	"$BIN/unwrap" "$T/mda.hop" >"$T/mdau.hop"
	expect_eq "MDAnalysis H5MD | unwrap = xdat2bin | unwrap (float32: 1e-5 A)" \
	    "$(maxdiff "$T/xo.hop" "$T/mdau.hop" 1e-5 any)" ok
}

if h5_ready; then
	t_usage
	t_vasp
	t_vasp_repeated
	t_h5md
	t_bad
	t_mdanalysis
fi
