# tests/cli/xyz2bin-cp2k.sh - xyz2bin --cell-file: CP2K's -pos-1.xyz with
# its -1.cell file.
#
# ASE (Debian's python3-ase, /usr/bin/python3) writes the position file
# of a known NpT trajectory as plain XYZ with CP2K's comment lines
# ("i = STEP, time = FS, E = ..."); the test writes the cell file in
# CP2K's layout (MOTION/PRINT/CELL: step, time, Ax ... Cz, volume), with
# more steps than the position file, and an XDATCAR of the same numbers
# (17 digits).  After unwrap, xyz2bin's stream must equal xdat2bin's to
# 1e-9 Angstrom; then every refusal with its exact message.

X="$BIN/xyz2bin"
H="$BIN/hopcat"
PY=/usr/bin/python3

gen() {
	cat >"$T/gen.py" <<'EOF'
import sys
import numpy as np
import ase.io
from ase import Atoms

d, variable = sys.argv[1], sys.argv[2] == 'npt'
rng = np.random.default_rng(11)
nf, every, potim = 7, 10, 0.5     # a frame every 10 steps of 0.5 fs
syms = ['Li', 'Li', 'O', 'O', 'O', 'O']
n = len(syms)
H0 = np.array([[8.0, 0.0, 0.0], [1.5, 9.0, 0.0], [-1.0, 0.7, 10.0]])
f0 = rng.random((n, 3))
v = rng.uniform(-0.3, 0.3, (n, 3))


def cell_at(step):
    return H0 * (1 + 0.002 * step) if variable else H0


pos = d + '/run-pos-1.xyz'
open(pos, 'w').close()
for k in range(nf):
    step = every * k
    fu = f0 + v * k
    f = fu - np.floor(fu)
    H = cell_at(step)
    a = Atoms(syms, positions=f @ H)
    ase.io.write(pos, a, format='xyz', append=True,
                 comment=' i = %8d, time = %12.3f, E = %20.10f'
                 % (step, step * potim, -34.5 + 0.01 * k))
# The cell file: every 5 steps (more than the positions), CP2K's layout.
with open(d + '/run-1.cell', 'w') as c:
    c.write('#   Step   Time [fs]       Ax [Angstrom]       Ay [Angstrom]'
            '       Az [Angstrom]       Bx [Angstrom]       By [Angstrom]'
            '       Bz [Angstrom]       Cx [Angstrom]       Cy [Angstrom]'
            '       Cz [Angstrom]      Volume [Angstrom^3]\n')
    for step in range(0, every * (nf - 1) + 1, 5):
        H = cell_at(step)
        c.write('%8d%12.3f' % (step, step * potim) +
                ''.join('%20.10f' % x for x in H.flatten()) +
                '%25.10f\n' % abs(np.linalg.det(H)))
# The XDATCAR of the same numbers: positions as ASE wrote them, cells as
# the cell file has them.
cells = {}
for line in open(d + '/run-1.cell'):
    if not line.startswith('#'):
        w = line.split()
        cells[int(w[0])] = np.array([float(x) for x in w[2:11]]).reshape(3, 3)
frames = ase.io.read(pos, ':', format='xyz')
with open(d + '/XDATCAR', 'w') as x:
    for k, a in enumerate(frames):
        H = cells[every * k]
        if k == 0 or variable:
            x.write('known\n1.0\n')
            for row in H:
                x.write(' %.17g %.17g %.17g\n' % tuple(row))
            x.write('Li O\n2 4\n')
        x.write('Direct configuration= %d\n' % (k + 1))
        for r in a.positions @ np.linalg.inv(H):
            r = r - np.floor(r)
            x.write(' %.17g %.17g %.17g\n' % tuple(r))
EOF
	py_gen "gen.py $1 ran" "$T/gen.py" "$T" "$1"
}

t_cross() {
	for k in nvt npt; do
		gen $k
		sh_run "'$BIN/xdat2bin' --dt 5 '$T/XDATCAR' | '$BIN/unwrap' | '$H' --tsv"
		expect_rc "$k: xdat2bin | unwrap" 0
		mv "$T/out" "$T/x.tsv"
		sh_run "'$X' --cell-file '$T/run-1.cell' '$T/run-pos-1.xyz' | '$BIN/unwrap' | '$H' --tsv"
		expect_rc "$k: xyz2bin --cell-file | unwrap" 0
		mv "$T/out" "$T/c.tsv"
		expect_eq "$k: 7 frames x 6 atoms" "$(wc -l <"$T/c.tsv")" 43
		same_positions "$k: xyz2bin --cell-file and xdat2bin agree within 1e-9 A" \
		    "$T/x.tsv" "$T/c.tsv"
		"$BIN/xdat2bin" --dt 5 "$T/XDATCAR" >"$T/x.hop"
		"$X" --cell-file "$T/run-1.cell" "$T/run-pos-1.xyz" >"$T/c.hop"
		expect_eq "$k: same header (dt 5 fs from the times)" \
		    "$(stream_field "$T/c.hop" atoms frames species dt_fs cell cell_A)" \
		    "$(stream_field "$T/x.hop" atoms frames species dt_fs cell cell_A)"
	done
	expect_eq "npt: the cell is variable" "$(stream_field "$T/c.hop" cell)" \
	    variable
	run "$X" --dt 5 --cell-file "$T/run-1.cell" "$T/run-pos-1.xyz"
	expect_rc "--dt that agrees with the times" 0
	run "$X" --every 2 --cell-file "$T/run-1.cell" "$T/run-pos-1.xyz"
	expect_eq "--every 2: 10 fs, 4 frames" \
	    "$(stream_field "$T/out" dt_fs frames)" "10 4"
	gzip -c "$T/run-1.cell" >"$T/run-1.cell.gz"
	run "$X" --cell-file "$T/run-1.cell.gz" "$T/run-pos-1.xyz"
	expect_eq "a gzipped cell file" "$(stream_values "$T/out")" \
	    "$(stream_values "$T/c.hop")"
}

# bad NAME MESSAGE ARGS...: xyz2bin ARGS fails with exit 1 and exactly
# "xyz2bin: MESSAGE", leaving no stream.
bad() {
	_n=$1
	_m=$2
	shift 2
	run "$X" "$@"
	expect_rc "$_n: exit 1" 1
	expect_eq "$_n: message" "$(cat "$T/err")" "xyz2bin: $_m"
	no_stream "$_n: no finished stream"
}

t_bad() {
	p=$T/run-pos-1.xyz
	c=$T/b.cell
	run "$X" --cell 10 --cell-file "$T/run-1.cell" "$p"
	expect_fail "--cell and --cell-file" 2 \
	    "^xyz2bin: --cell and --cell-file exclude each other$"
	grep -v '^ *30 ' "$T/run-1.cell" >"$c"
	bad "step missing in the cell file" \
	    "$c:8: no step 30: the file goes on to step 35" --cell-file "$c" "$p"
	head -n 10 "$T/run-1.cell" >"$c"
	bad "the cell file ends early" \
	    "$c: no step 50: the file ends at step 40" --cell-file "$c" "$p"
	sed '4s/^\( *[0-9]* *[0-9.]*\) *[0-9.]*/\1 abc/' "$T/run-1.cell" >"$c"
	bad "an unparsable number" "$c:4: 'abc' is not a finite number" \
	    --cell-file "$c" "$p"
	sed '3s/^\(.\{60\}\).*/\1/' "$T/run-1.cell" >"$c"
	bad "a short line" \
	    "$c:3: expected 12 numbers (step, time, 9 cell components, volume), got 4" \
	    --cell-file "$c" "$p"
	sed '3s/^ *5 /  x5 /' "$T/run-1.cell" >"$c"
	bad "a step that is not a number" \
	    "$c:3: the step 'x5' is not a whole number" --cell-file "$c" "$p"
	{ head -n 4 "$T/run-1.cell"; sed -n 2p "$T/run-1.cell"
	  tail -n +5 "$T/run-1.cell"; } >"$c"
	bad "non-monotonic steps in the cell file" \
	    "$c:5: step 0 does not follow step 10 (steps must increase: a restarted run appended to the file?)" \
	    --cell-file "$c" "$p"
	# A restart's new header and blank lines are skipped.
	{ head -n 4 "$T/run-1.cell"; echo; head -n 1 "$T/run-1.cell"
	  tail -n +5 "$T/run-1.cell"; } >"$c"
	run "$X" --cell-file "$c" "$p"
	expect_rc "a second header and a blank line: skipped" 0
	# The position file: steps, times, comment lines.
	sed 's/i =       20,/i =       10,/' "$p" >"$T/b.xyz"
	bad "non-monotonic steps in the positions" \
	    "$T/b.xyz:18: step 10 does not follow step 10 (steps must increase)" \
	    --cell-file "$T/run-1.cell" "$T/b.xyz"
	sed '2s/.*/ energy only/' "$p" >"$T/b.xyz"
	bad "no i = in the comment" \
	    "$T/b.xyz:2: no 'i = STEP' (and 'time = FS') in the comment line, as CP2K writes it: ' energy only'" \
	    --cell-file "$T/run-1.cell" "$T/b.xyz"
	sed 's/time =       10.000/time =       10.500/' "$p" >"$T/b.xyz"
	bad "times of the two files disagree" \
	    "$T/b.xyz:18: step 20 is at time 10.500 fs here but 10.000 fs in $T/run-1.cell" \
	    --cell-file "$T/run-1.cell" "$T/b.xyz"
	# Time without the comment's (the cell file's): a broken spacing.
	sed 's/, time = *[0-9.]*//' "$p" >"$T/nt.xyz"
	awk '!/^#/ && $1 == 20 { $2 = "10.5" } { print }' "$T/run-1.cell" >"$c"
	bad "a time off the spacing" \
	    "$T/nt.xyz:17: time 10.500 fs breaks the spacing of 5 fs between frames from 0.000 fs (frame 2)" \
	    --cell-file "$c" "$T/nt.xyz"
	run "$X" --cell-file "$T/run-1.cell" "$T/nt.xyz"
	expect_eq "no time in the comments: the cell file's" \
	    "$(stream_field "$T/out" dt_fs frames)" "5 7"
	bad "--dt that disagrees with the times" \
	    "$p: --dt 4 fs disagrees with the file's times (5 fs between the first two frames)" \
	    --dt 4 --cell-file "$T/run-1.cell" "$p"
	head -n 8 "$p" >"$T/one.xyz"
	bad "one frame, no --dt" \
	    "$T/one.xyz: one frame only: no time difference to take the time per frame from (give --dt FS)" \
	    --cell-file "$T/run-1.cell" "$T/one.xyz"
	bad "missing cell file" "$T/none.cell: No such file or directory" \
	    --cell-file "$T/none.cell" "$p"
}

if need_py "xyz2bin --cell-file tests" ase numpy; then
	t_cross
	t_bad
fi
