# tests/cli/vasprun2bin.sh - VASP vasprun.xml to hop stream.
#
# The inputs are written by tests/helpers/mkvasprun.py from a known
# trajectory, in VASP's layout, with the XDATCAR and INCAR of the same run.
# References: xdat2bin on that XDATCAR (the stream must be the same, to
# 1e-9 A after unwrap), pymatgen's Vasprun on the same vasprun.xml
# (positions, species, lattice, frame count, cut files), and the
# trajectory the helper started from.  The bad corpus (tests/bad/vasprun,
# with its messages in tests/bad/MANIFEST) is checked by bad.sh.

V="$BIN/vasprun2bin"
PY=/usr/bin/python3
MK="$PY tests/helpers/mkvasprun.py"

# pycheck NAME SCRIPT ARGS...: run a Python check (PYTHONPATH has the
# hopstream module); it prints "ok" or what differs.
pycheck() {
	_name=$1
	shift
	_out=$(PYTHONPATH=python "$PY" -W ignore -c "$@" 2>&1)
	expect_eq "$_name" "$(printf '%s\n' "$_out" | tail -1)" ok
	[ "$(printf '%s\n' "$_out" | tail -1)" = ok ] ||
	    printf '%s\n' "$_out" | head -5 >&2
}

# Unwrapped streams A and B: same header fields and the same Cartesian
# positions to 1e-9 A.
SAME='
import sys, numpy as np, hopstream
a, b = hopstream.read(sys.argv[1]), hopstream.read(sys.argv[2])
for k in ("atoms", "species", "dt_fs", "temperature_K", "cell", "title"):
    if a.header[k] != b.header[k]:
        print(k, a.header[k], b.header[k]); sys.exit()
if a.frames.shape != b.frames.shape:
    print("shapes", a.frames.shape, b.frames.shape); sys.exit()
if not np.allclose(a.header["cell_A"], b.header["cell_A"], 0, 1e-12):
    print("cell_A"); sys.exit()
if (a.cells is None) != (b.cells is None) or (a.cells is not None and
        np.abs(a.cells - b.cells).max() > 1e-12):
    print("cells differ"); sys.exit()
d = np.abs(a.cartesian() - b.cartesian()).max()
print("max |diff| %.3g A" % d)
print("ok" if d <= 1e-9 else "differ by %g A" % d)
'

# What pymatgen reads from vasprun.xml against the frame stream: frame
# count, species per atom, lattice per frame, fractional positions (the
# stream wraps them into [0, 1)).  argv: xml stream [strict].
PMG='
import sys, warnings, numpy as np, hopstream
from pymatgen.io.vasp.outputs import Vasprun
warnings.simplefilter("ignore")
vr = Vasprun(sys.argv[1], parse_dos=False, parse_eigen=False,
             parse_potcar_file=False, exception_on_bad_xml=False)
s = hopstream.read(sys.argv[2])
st = vr.structures
if len(st) != s.frames.shape[0]:
    print("frames", len(st), s.frames.shape[0]); sys.exit()
if list(s.atom_species) != [str(x.specie) for x in st[0]]:
    print("species", list(s.atom_species)); sys.exit()
if s.header["dt_fs"] != vr.parameters["POTIM"]:
    print("dt", s.header["dt_fs"], vr.parameters["POTIM"]); sys.exit()
worst = 0.0
for k, x in enumerate(st):
    f = x.frac_coords - np.floor(x.frac_coords)
    worst = max(worst, np.abs(f - s.frames[k]).max())
    cell = s.cells[k] if s.cells is not None else s.header["cell_A"]
    worst = max(worst, np.abs(x.lattice.matrix - cell).max())
print("ok" if worst < 1e-12 else "pymatgen differs by %g" % worst)
'

t_usage() {
	run "$V" --help
	expect_rc "help exits 0" 0
	expect_eq "help on stdout" "$(head -1 "$T/out")" \
	    "usage: vasprun2bin [options] [FILE]"
	run "$V" --version
	expect_eq "version" "$(cat "$T/out")" "vasprun2bin (hoptools) 0.1.0"
	run "$V" --bogus x.xml
	expect_fail "unknown option is a usage error" 2 "usage: vasprun2bin"
	run "$V" --first 3 --last 2 x.xml
	expect_fail "--first after --last" 2 "--first 3 is after --last 2"
	run "$V" "$T/nonexistent"
	expect_fail "missing file" 1 \
	    "^vasprun2bin: $T/nonexistent: No such file or directory$"
}

# (1) The same trajectory as XDATCAR and as vasprun.xml: the same stream.
t_same_as_xdat2bin() {
	$MK --out "$T/nvt" --frames 30 --seed 1
	run "$V" "$T/nvt/vasprun.xml"
	expect_rc "nvt converts" 0
	expect_eq "nvt header" "$(stream_field "$T/out" atoms frames species \
	    dt_fs temperature_K cell title)" \
	    "6 30 Li:4,O:2 2 600 fixed Li4 O2 md"
	"$BIN/unwrap" "$T/out" >"$T/v.hop"
	"$BIN/xdat2bin" "$T/nvt/XDATCAR" | "$BIN/unwrap" >"$T/x.hop"
	pycheck "nvt: stream equals xdat2bin's to 1e-9 A after unwrap" \
	    "$SAME" "$T/v.hop" "$T/x.hop"
	# NBLOCK thins XDATCAR only: its frames are steps 3, 6, ... of
	# vasprun.xml, whose time step stays POTIM.
	$MK --out "$T/nb" --frames 30 --seed 2 --nblock 3
	run "$V" "$T/nb/vasprun.xml"
	expect_eq "NBLOCK 3: every step, dt = POTIM" \
	    "$(stream_field "$T/out" frames dt_fs)" "30 2"
	"$V" --first 2 --every 3 "$T/nb/vasprun.xml" | "$BIN/unwrap" \
	    >"$T/v3.hop"
	"$BIN/xdat2bin" "$T/nb/XDATCAR" | "$BIN/unwrap" >"$T/x3.hop"
	pycheck "NBLOCK 3: --first 2 --every 3 equals xdat2bin's stream" \
	    "$SAME" "$T/v3.hop" "$T/x3.hop"
	# Against the trajectory the files were written from (8 decimals).
	pycheck "nvt: unwrapped positions are the known trajectory" '
import sys, numpy as np, hopstream
s = hopstream.read(sys.argv[1]); x = np.load(sys.argv[2])
c = np.asarray(s.header["cell_A"])
d = np.abs(s.frames - (x - np.floor(x[0])) @ c).max()
print("ok" if d < 1e-6 else "off by %g A" % d)' "$T/v.hop" "$T/nvt/truth.npy"
}

# (2) pymatgen's reading of the same files.
t_pymatgen() {
	need_py "pymatgen reads the same" numpy pymatgen.io.vasp || return 0
	[ -f "$T/nvt/vasprun.xml" ] || $MK --out "$T/nvt" --frames 30 --seed 1
	"$V" "$T/nvt/vasprun.xml" >"$T/p.hop"
	pycheck "nvt: pymatgen reads the same frames, species, lattice" \
	    "$PMG" "$T/nvt/vasprun.xml" "$T/p.hop"
	$MK --out "$T/sp" --frames 5 --seed 4 --species Na:3,Cl:3,Li:2
	"$V" "$T/sp/vasprun.xml" >"$T/sp.hop"
	pycheck "three species: pymatgen reads the same" \
	    "$PMG" "$T/sp/vasprun.xml" "$T/sp.hop"
	run "$V" --species Cl,Li "$T/sp/vasprun.xml"
	expect_eq "--species Cl,Li" "$(stream_field "$T/out" atoms species)" \
	    "5 Cl:3,Li:2"
}

# (3) NpT: ISIF = 3, a cell per step.
t_npt() {
	$MK --out "$T/npt" --frames 20 --seed 5 --npt
	run "$V" "$T/npt/vasprun.xml"
	expect_rc "npt converts" 0
	cp "$T/out" "$T/npt.hop"
	expect_eq "npt: variable cell" "$(stream_field "$T/npt.hop" cell)" \
	    variable
	"$BIN/unwrap" "$T/npt.hop" >"$T/nv.hop"
	"$BIN/xdat2bin" "$T/npt/XDATCAR" | "$BIN/unwrap" >"$T/nx.hop"
	pycheck "npt: stream equals xdat2bin's (repeated headers)" \
	    "$SAME" "$T/nv.hop" "$T/nx.hop"
	need_py "npt: pymatgen" numpy pymatgen.io.vasp || return 0
	pycheck "npt: pymatgen reads the same cells and positions" \
	    "$PMG" "$T/npt/vasprun.xml" "$T/npt.hop"
}

# (4) A file cut inside a calculation: the complete steps and a warning;
# --strict: an error.
t_cut() {
	[ -f "$T/nvt/vasprun.xml" ] || $MK --out "$T/nvt" --frames 30 --seed 1
	f=$T/nvt/vasprun.xml
	at=$(grep -b -o '<calculation>' "$f" | sed -n 8p | cut -d: -f1)
	head -c $((at + 900)) "$f" >"$T/cut.xml"
	run "$V" "$T/cut.xml"
	expect_rc "cut: exit 0" 0
	expect_eq "cut: the 7 complete steps" \
	    "$(stream_field "$T/out" frames)" 7
	cp "$T/out" "$T/cut.hop"
	line=$(grep -n '<calculation>' "$T/cut.xml" | sed -n 8p | cut -d: -f1)
	expect_err "cut: warning says where" "^vasprun2bin: warning: \
$T/cut.xml:[0-9]+: the file is cut inside ionic step 8, whose \
<calculation> starts on line $line( \\([^)]*\\))?; the complete ionic \
steps before it are converted$"
	run "$V" -q "$T/cut.xml"
	expect_eq "cut: --quiet silences the warning" "$(cat "$T/err")" ""
	run "$V" --strict "$T/cut.xml"
	expect_fail "cut: --strict is an error" 1 "^vasprun2bin: \
$T/cut.xml:[0-9]+: the file is cut inside ionic step 8, .* \\(--strict\\)$"
	no_stream "cut: --strict leaves no finished stream"
	if need_py "cut: pymatgen" numpy pymatgen.io.vasp; then
		pycheck "cut: pymatgen (exception_on_bad_xml=False) keeps the \
same steps" "$PMG" "$T/cut.xml" "$T/cut.hop"
	fi
	# Cut just after a </calculation>: that step is complete.
	end=$(grep -b -o '</calculation>' "$f" | sed -n 5p | cut -d: -f1)
	head -c $((end + 15)) "$f" >"$T/cut2.xml"
	run "$V" "$T/cut2.xml"
	expect_eq "cut after </calculation>: 5 steps" \
	    "$(stream_field "$T/out" frames)" 5
	expect_err "cut after </calculation>: warning" \
	    "the file is cut after ionic step 5, before </modeling>"
	# Cut inside the closing tag: that step is not complete.
	head -c $((end + 6)) "$f" >"$T/cut3.xml"
	run "$V" "$T/cut3.xml"
	expect_eq "cut inside </calculation>: 4 steps" \
	    "$(stream_field "$T/out" frames)" 4
	# Compressed and cut (a job's gzip'd copy taken while running).
	gzip -c "$T/cut.xml" >"$T/cut.xml.gz"
	run "$V" "$T/cut.xml.gz"
	expect_eq "cut .gz: 7 steps" "$(stream_field "$T/out" frames)" 7
}

# (5) Compressed, archived and piped input.
t_compressed() {
	[ -f "$T/nvt/vasprun.xml" ] || $MK --out "$T/nvt" --frames 30 --seed 1
	"$V" "$T/nvt/vasprun.xml" | "$BIN/hopcat" --tsv >"$T/plain.tsv"
	conv() { run sh -c "'$V' '$1' | '$BIN/hopcat' --tsv"; }
	compressed_same "$T/nvt/vasprun.xml" "$T/c" "$(cat "$T/plain.tsv")" conv
	tar -C "$T/nvt" -czf "$T/run.tar.gz" INCAR XDATCAR vasprun.xml
	conv "$T/run.tar.gz"
	expect_eq "vasprun.xml in a .tar.gz" "$(cat "$T/out")" \
	    "$(cat "$T/plain.tsv")"
	run sh -c "'$V' < '$T/nvt/vasprun.xml' | '$BIN/hopcat' --tsv"
	expect_eq "standard input" "$(cat "$T/out")" "$(cat "$T/plain.tsv")"
}

# The reader follows the XML, not VASP's lines: the same file on one line
# (blanks between tags removed) gives the same stream.
t_layout() {
	[ -f "$T/nvt/vasprun.xml" ] || $MK --out "$T/nvt" --frames 30 --seed 1
	"$PY" -c 'import re, sys
sys.stdout.write(re.sub(r">\s+<", "><", open(sys.argv[1]).read()))' \
	    "$T/nvt/vasprun.xml" >"$T/one-line.xml"
	expect_eq "one-line file has one line" "$(wc -l <"$T/one-line.xml")" 1
	"$V" "$T/nvt/vasprun.xml" | "$BIN/hopcat" --tsv >"$T/a.tsv"
	"$V" "$T/one-line.xml" | "$BIN/hopcat" --tsv >"$T/b.tsv"
	expect_same "one-line file: the same stream" "$T/a.tsv" "$T/b.tsv"
}

# Time step rules: IBRION, ML_OUTBLOCK and the version.
t_time() {
	$MK --out "$T/rx" --frames 3 --seed 6 --ibrion 2
	run "$V" "$T/rx/vasprun.xml"
	expect_fail "relaxation refused" 1 "IBRION = 2: not molecular dynamics"
	run "$V" --dt 1 "$T/rx/vasprun.xml"
	expect_eq "relaxation with --dt" "$(stream_field "$T/out" frames dt_fs)" \
	    "3 1"
	$MK --out "$T/ml" --frames 3 --seed 7 --ml-outblock 10 --version 6.4.3
	run "$V" "$T/ml/vasprun.xml"
	expect_eq "ML_OUTBLOCK 10, VASP 6.4.3: dt = POTIM x 10" \
	    "$(stream_field "$T/out" dt_fs)" 20
	$MK --out "$T/ml2" --frames 3 --seed 7 --ml-outblock 10 --version 6.4.2
	run "$V" "$T/ml2/vasprun.xml"
	expect_eq "ML_OUTBLOCK 10, VASP 6.4.2: dt = POTIM" \
	    "$(stream_field "$T/out" dt_fs)" 2
	$MK --out "$T/t0" --frames 3 --seed 7 --tebeg -5
	run "$V" "$T/t0/vasprun.xml"
	expect_eq "negative TEBEG: temperature unknown" \
	    "$(stream_field "$T/out" temperature_K)" unknown
	expect_err "negative TEBEG: a warning" "TEBEG = -5 is negative"
}

# Two atom types of one element (two POTCARs; atomtypes Li O Li P) are
# one species, as xdat2bin makes the same run's XDATCAR: Li:3, each atom
# with its index in the file.
t_repeated() {
	$MK --out "$T/rep" --frames 6 --seed 3 --species Li:2,O:1,Li:1,P:1
	run "$V" "$T/rep/vasprun.xml"
	expect_rc "types Li O Li P convert" 0
	expect_eq "types Li O Li P: one species Li" \
	    "$(stream_field "$T/out" species atoms frames)" "Li:3,O:1,P:1 5 6"
	"$BIN/unwrap" "$T/out" >"$T/rv.hop"
	"$BIN/xdat2bin" "$T/rep/XDATCAR" | "$BIN/unwrap" >"$T/rx.hop"
	pycheck "types Li O Li P: stream equals xdat2bin's to 1e-9 A" \
	    "$SAME" "$T/rv.hop" "$T/rx.hop"
	pycheck "types Li O Li P: orig_index and the known trajectory" '
import sys, numpy as np, hopstream
s = hopstream.read(sys.argv[1]); x = np.load(sys.argv[2])
o = [int(i) for i in s.orig_index]
if o != [0, 1, 3, 2, 4]:
    print("orig_index", o); sys.exit()
c = np.asarray(s.header["cell_A"])
d = np.abs(s.frames - (x[:, o] - np.floor(x[0, o])) @ c).max()
print("ok" if d < 1e-6 else "off by %g A" % d)' "$T/rv.hop" \
	    "$T/rep/truth.npy"
	run "$V" -s Li "$T/rep/vasprun.xml"
	expect_eq "types Li O Li P: --species Li keeps the 3" \
	    "$(stream_field "$T/out" species)" "Li:3"
}

t_usage
t_same_as_xdat2bin
t_repeated
t_pymatgen
t_npt
t_cut
t_compressed
t_layout
t_time
