# tests/cli/traj2bin.sh - ASE trajectories (.traj) to hop stream.
#
# ASE (Debian's python3-ase, run by /usr/bin/python3) writes every .traj
# here from a known trajectory; the same trajectory is written as an
# XDATCAR (17 digits), and traj2bin's stream must equal xdat2bin's to
# 1e-9 Angstrom after unwrap, fixed and variable cell.  Bad files are
# made by ASE's own ulm writer (wrong dtype, missing positions, NaN) or
# by cutting and patching good ones.

X="$BIN/traj2bin"
H="$BIN/hopcat"
PY=/usr/bin/python3

# gen.py DIR: the test files (see each block).
write_gen() {
	cat >"$T/gen.py" <<'EOF'
import sys
import numpy as np
from ase import Atoms, units
from ase.io.trajectory import Trajectory
import ase.io.ulm as ulm

d = sys.argv[1]
rng = np.random.default_rng(7)
nf = 7
# Li Li O O O O: grouped as an XDATCAR needs; triclinic cell; fast
# atoms cross the boundaries (steps below half a cell).
syms = ['Li', 'Li', 'O', 'O', 'O', 'O']
n = len(syms)
H0 = np.array([[8.0, 0.0, 0.0], [1.5, 9.0, 0.0], [-1.0, 0.7, 10.0]])
f0 = rng.random((n, 3))
v = rng.uniform(-0.3, 0.3, (n, 3))
fu = [f0 + v * t for t in range(nf)]          # unwrapped fractional
cells = [H0 * (1 + 0.01 * t) for t in range(nf)]  # NpT: grows


def write_traj(path, cellf, wrap, desc=True, order=None):
    tr = Trajectory(path, 'w')
    if desc:
        tr.set_description({'type': 'molecular-dynamics',
                            'md-type': 'VelocityVerlet',
                            'timestep': 2 * units.fs, 'interval': 5})
    for t in range(nf):
        f = fu[t] - np.floor(fu[t]) if wrap else fu[t]
        s, idx = syms, range(n)
        if order is not None:
            idx = order
            s = [syms[i] for i in order]
        a = Atoms(s, scaled_positions=f[list(idx)], cell=cellf(t),
                  pbc=True)
        a.set_positions(f[list(idx)] @ cellf(t))
        tr.write(a)
    tr.close()


def write_xdatcar(path, cellf, variable):
    with open(path, 'w') as x:
        for t in range(nf):
            if t == 0 or variable:
                x.write('known\n1.0\n')
                for row in cellf(t):
                    x.write(' %.17g %.17g %.17g\n' % tuple(row))
                x.write('Li O\n2 4\n')
            x.write('Direct configuration= %d\n' % (t + 1))
            f = fu[t] - np.floor(fu[t])
            for r in f:
                x.write(' %.17g %.17g %.17g\n' % tuple(r))


write_traj(d + '/fixed.traj', lambda t: H0, wrap=False)
write_xdatcar(d + '/fixed.xdatcar', lambda t: H0, False)
write_traj(d + '/npt.traj', lambda t: cells[t], wrap=True)
write_xdatcar(d + '/npt.xdatcar', lambda t: cells[t], True)
write_traj(d + '/nodesc.traj', lambda t: H0, wrap=True, desc=False)
# Interleaved species: O Li O O Li O (file order = original indices).
order = [2, 0, 3, 4, 1, 5]
write_traj(d + '/mixed.traj', lambda t: H0, wrap=False, order=order)
with open(d + '/mixed.ref', 'w') as o:
    # The stream groups by species in order of first appearance (O, Li)
    # and keeps each atom's index in the file.
    slots = [i for i in range(n) if syms[order[i]] == 'O'] + \
            [i for i in range(n) if syms[order[i]] == 'Li']
    for t in range(nf):
        f = fu[t] - np.floor(fu[t])
        for i in slots:
            o.write('%d %d %s %.9f %.9f %.9f\n' % ((t, i, syms[order[i]]) +
                                                   tuple(f[order[i]])))

# A real ASE MD run: Langevin at 300 K, 2 fs, a frame every 5 steps.
from ase.build import bulk
from ase.calculators.emt import EMT
from ase.md.langevin import Langevin
a = bulk('Cu', 'fcc', a=3.6, cubic=True)
a.calc = EMT()
md = Langevin(a, 2 * units.fs, temperature_K=300, friction=0.01,
              trajectory=d + '/md.traj', loginterval=5)
md.run(10)
md.close()


def raw(path, items):
    """A .traj item by item through ASE's ulm writer, for bad files."""
    w = ulm.open(path, 'w', tag='ASE-Trajectory')
    for it in items:
        w.write(**it)
        w.sync()
    w.close()


cell = H0.tolist()
pos = (f0 @ H0)
base = dict(version=1, pbc=[True, True, True],
            numbers=np.array([3, 3, 8, 8, 8, 8]))
raw(d + '/f32.traj', [dict(base, positions=pos.astype(np.float32),
                           cell=cell)])
raw(d + '/nopos.traj', [dict(base, positions=pos, cell=cell),
                        dict(cell=cell)])
bad = pos.copy()
bad[4, 1] = np.nan
raw(d + '/nan.traj', [dict(base, positions=pos, cell=cell),
                      dict(positions=bad, cell=cell)])
raw(d + '/shape.traj', [dict(base, positions=pos[:5], cell=cell)])
raw(d + '/atoms.traj', [dict(base, positions=pos, cell=cell),
                        dict(numbers=np.array([3, 3, 8, 8, 8, 9]),
                             pbc=[True, True, True], positions=pos,
                             cell=cell)])
raw(d + '/z.traj', [dict(base, numbers=np.array([3, 3, 8, 8, 8, 200]),
                         positions=pos, cell=cell)])
# pbc false along c: small steps pass, a jump of 0.6 c is refused.
slab = dict(base, pbc=[True, True, False])
p2 = pos.copy()
p2[5] += 0.2 * H0[2]
p3 = pos.copy()
p3[5] += 0.6 * H0[2]
raw(d + '/slab.traj', [dict(slab, positions=pos, cell=cell),
                       dict(positions=p2, cell=cell)])
raw(d + '/slabjump.traj', [dict(slab, positions=pos, cell=cell),
                           dict(positions=p3, cell=cell)])
EOF
}

gen() {
	write_gen
	py_gen "gen.py ran" "$T/gen.py" "$T"
}

t_usage() {
	run "$X" --help
	expect_rc "help exits 0" 0
	expect_eq "help leaves stderr empty" "$(wc -c <"$T/err")" 0
	expect_eq "help names every option" "$(grep -c '^  -' "$T/out")" 10
	run "$X" --dt 0 "$T/fixed.traj"
	expect_fail "--dt 0 is a usage error" 2 \
	    "^traj2bin: invalid --dt '0' \(want a positive time in fs\)$"
	run "$X" --member x "$T/fixed.traj"
	expect_fail "--member is not an option of traj2bin" 2 "^usage: traj2bin"
	run "$X" "$T/none"
	expect_fail "missing file" 1 \
	    "^traj2bin: $T/none: No such file or directory$"
}

# The fixed and the NpT trajectory, unwrapped: traj2bin equals xdat2bin.
t_cross() {
	for k in fixed npt; do
		sh_run "'$BIN/xdat2bin' --dt 10 '$T/$k.xdatcar' | '$BIN/unwrap' | '$H' --tsv"
		expect_rc "$k: xdat2bin | unwrap" 0
		mv "$T/out" "$T/x.tsv"
		sh_run "'$X' '$T/$k.traj' | '$BIN/unwrap' | '$H' --tsv"
		expect_rc "$k: traj2bin | unwrap" 0
		mv "$T/out" "$T/t.tsv"
		expect_eq "$k: 7 frames x 6 atoms" "$(wc -l <"$T/t.tsv")" 43
		same_positions "$k: traj2bin and xdat2bin agree within 1e-9 A" \
		    "$T/x.tsv" "$T/t.tsv"
		"$BIN/xdat2bin" --dt 10 "$T/$k.xdatcar" >"$T/x.hop"
		"$X" "$T/$k.traj" >"$T/t.hop"
		expect_eq "$k: same header fields" \
		    "$(stream_field "$T/t.hop" atoms frames species dt_fs cell cell_A)" \
		    "$(stream_field "$T/x.hop" atoms frames species dt_fs cell cell_A)"
	done
	expect_eq "npt: the cell is variable" "$(stream_field "$T/t.hop" cell)" \
	    variable
}

t_good() {
	run "$X" "$T/md.traj"
	expect_rc "ASE Langevin run converts" 0
	expect_eq "MD description: dt = 2 fs x interval 5, 300 K" \
	    "$(stream_field "$T/out" atoms frames species dt_fs temperature_K coords cell)" \
	    "4 3 Cu:4 10 300 fractional fixed"
	run "$X" --dt 4 -t 500 "$T/md.traj"
	expect_eq "--dt and -t replace the file's" \
	    "$(stream_field "$T/out" dt_fs temperature_K)" "4 500"
	expect_err "--dt that differs: a warning" \
	    "^traj2bin: .*md.traj: --dt 4 fs replaces the file's 10 fs \(Langevin timestep x interval\)$"
	run "$X" -q --dt 4 "$T/md.traj"
	expect_eq "-q: no warning" "$(cat "$T/err")" ""
	run "$X" --atoms 1-2 "$T/md.traj"
	expect_eq "--atoms 1-2 keeps two of the four atoms" \
	    "$(stream_field "$T/out" atoms frames species)" "2 3 Cu:2"
	run "$X" "$T/nodesc.traj"
	expect_fail "no description, no --dt" 1 \
	    "^traj2bin: $T/nodesc.traj: the time per frame is unknown \(give --dt FS\)$"
	no_stream "no time: no stream"
	run "$X" --dt 1 "$T/nodesc.traj"
	expect_eq "no description, --dt 1" "$(stream_field "$T/out" dt_fs frames)" \
	    "1 7"
	run "$X" --dt 1 "$T/mixed.traj"
	expect_rc "interleaved species convert" 0
	expect_eq "interleaved: grouped by species in order of appearance" \
	    "$(stream_field "$T/out" species)" "O:4,Li:2"
	d=$(stream_values "$T/out" | paste -d ' ' - "$T/mixed.ref" | awk '{
	    if ($1 != $7 || $2 != $8 || $3 != $9) { print "rows " NR; exit }
	    for (k = 4; k <= 6; k++) { e = $k - $(k + 6); if (e < 0) e = -e
	        if (e > 1 - 1e-9) e = 1 - e; if (e > m) m = e } }
	    END { if (m > 1e-9) print "max diff " m }')
	expect_eq "interleaved: original indices and wrapped fractions (numpy)" \
	    "$d" ""
	run "$X" --dt 1 --species Li --first 2 --every 2 "$T/mixed.traj"
	expect_eq "--species Li --first 2 --every 2" \
	    "$(stream_field "$T/out" species frames dt_fs)" "Li:2 3 2"
	run "$X" < "$T/md.traj"
	expect_eq "standard input redirected from the file" \
	    "$(stream_field "$T/out" frames title)" "3 <stdin>"
	sh_run "cat '$T/md.traj' | '$X'"
	expect_fail "a pipe is refused" 1 \
	    "^traj2bin: <stdin>: not a regular file \(a .traj is read by seeking: give its path, not a pipe\)$"
	run "$X" --dt 1 "$T/slab.traj"
	expect_rc "pbc false along c, small steps: converts" 0
	run "$X" --dt 1 "$T/slabjump.traj"
	expect_fail "pbc false along c, a jump of 0.6 c: refused" 1 \
	    "^traj2bin: $T/slabjump.traj: frame 1: atom 5 moves 0.6 of the cell along c, which is not periodic, since the frame written before: unwrap would carry it across the boundary \(pbc is false along it in the trajectory\)$"
	no_stream "the jump: no stream"
}

# bad NAME FILE MESSAGE-TAIL: traj2bin -q --dt 1 FILE fails with exactly
# "traj2bin: FILE<MESSAGE-TAIL>" and leaves no stream.
bad() {
	run "$X" -q --dt 1 "$2"
	expect_rc "$1: exit 1" 1
	expect_eq "$1: message" "$(cat "$T/err")" "traj2bin: $2$3"
	no_stream "$1: no finished stream"
}

t_bad() {
	f=$T/fixed.traj
	size=$(wc -c <"$f")
	bad "float32 positions" "$T/f32.traj" \
	    ': frame 0: "positions." has dtype '\''float32'\'' (want float64)'
	bad "frame without positions" "$T/nopos.traj" \
	    ': frame 1: no positions ("positions.")'
	bad "NaN position" "$T/nan.traj" \
	    ': frame 1: positions: atom 4 has a non-finite coordinate'
	bad "positions of 5 atoms for 6" "$T/shape.traj" \
	    ': frame 0: "positions." does not have the shape [6, 3]'
	bad "atoms change" "$T/atoms.traj" \
	    ': frame 1: the atoms differ from the first frame'\''s (every frame must hold the same atoms in the same order)'
	bad "atomic number 200" "$T/z.traj" \
	    ': frame 0: atom 5 has atomic number 200 (want 1 to 118)'
	printf 'not a traj at all\n' >"$T/text.traj"
	bad "wrong magic" "$T/text.traj" \
	    ": not an ASE trajectory (no '- of Ulm' magic)"
	gzip -c "$f" >"$T/z.traj.gz"
	bad "gzip" "$T/z.traj.gz" \
	    ': compressed: decompress it first (a .traj is read by seeking)'
	cp "$f" "$T/ver.traj"
	printf '\004' | dd of="$T/ver.traj" bs=1 seek=24 conv=notrunc 2>/dev/null
	bad "ulm version 4" "$T/ver.traj" ': ulm version 4 (want 3)'
	cp "$f" "$T/tag.traj"
	printf 'X' | dd of="$T/tag.traj" bs=1 seek=8 conv=notrunc 2>/dev/null
	bad "another tag" "$T/tag.traj" \
	    ": a ulm file but not an ASE trajectory (tag 'XSE-Trajectory  ', want 'ASE-Trajectory')"
	# The last item's description cut: refused before any frame.
	# (Its offset and length read from the file, as ulm.py lays it out.)
	i64() { od -An -t d8 -j "$2" -N 8 "$1" | tr -d ' '; }
	off=$(i64 "$f" $(($(i64 "$f" 40) + 6 * 8)))
	len=$(i64 "$f" "$off")
	head -c $((size - 100)) "$f" >"$T/cut1.traj"
	bad "cut in the last description" "$T/cut1.traj" \
	    ": frame 6: truncated file: its description ($len bytes at $((off + 8))) lies past its end ($((size - 100)) bytes)"
	expect_eq "cut: nothing written" "$(wc -c <"$T/out")" 0
	# Big-endian data, as ASE marks it.
	"$PY" - "$T/be.traj" <<'EOF'
import sys, numpy as np, ase.io.ulm as ulm
w = ulm.open(sys.argv[1], 'w', tag='ASE-Trajectory')
w.data['_little_endian'] = False
w.write(version=1, pbc=[True] * 3, numbers=np.array([3]),
        positions=np.zeros((1, 3)), cell=np.eye(3).tolist())
w.close()
EOF
	bad "big-endian" "$T/be.traj" \
	    ': frame 0: written on a big-endian machine ("_little_endian": false), which is not supported'
	# Every cut of a small file is refused (never a shorter good stream
	# passed for the whole: the offset table is at the end).
	n=0
	"$PY" - "$T/small.traj" <<'EOF'
import sys, numpy as np
from ase import Atoms
from ase.io.trajectory import Trajectory
t = Trajectory(sys.argv[1], 'w')
for k in range(3):
    t.write(Atoms('LiO', positions=[[0, 0, k * 0.1], [1, 1, 1]], cell=[4, 4, 4], pbc=True))
t.close()
EOF
	total=$(wc -c <"$T/small.traj")
	c=1
	while [ $c -lt "$total" ]; do
		head -c $c "$T/small.traj" >"$T/cut.traj"
		run "$X" --dt 1 "$T/cut.traj"
		if [ "$rc" != 1 ] || "$H" --header "$T/out" >/dev/null 2>&1; then
			n=$((n + 1))
		fi
		c=$((c + 13))
	done
	expect_eq "every cut of a .traj is refused" "$n" 0
}

if need_py "traj2bin tests" ase numpy; then
	gen
	t_usage
	t_cross
	t_good
	t_bad
fi
