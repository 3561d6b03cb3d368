# examples.sh - every command of every man page's EXAMPLES section runs,
# with exit status 0, on small inputs made here from the bundled CaF2
# runs (examples/caf2-*, cut to 60 frames): a run directory with its
# INCAR, archives, streams, LAMMPS dumps, XYZ files and a database built
# with examples/database/Makefile.  The commands are taken from the
# rendered pages (mandoc -Tascii), so a word the renderer eats (a species
# written where mdoc sees a macro, such as Li) fails here.  A block of
# example lines (adjacent lines of a .Dl run or one .Bd -literal) runs as
# one script, in a fresh copy of the inputs; Python blocks run in python3.

# The example blocks of a man page, one file per block in DIR: the
# indented lines of its EXAMPLES section, common indent and "$ " prompts
# removed.
examples_blocks() { # PAGE DIR
	mkdir -p "$2"
	mandoc -Tascii -O width=500 "$1" | sed 's/.\x08//g' | awk -v dir="$2" '
		/^[A-Z]/ { on = $0 == "EXAMPLES"; next }
		!on { next }
		/^      / {
			if (!inb) { n++; nl = 0; min = 1000 }
			inb = 1
			line[++nl] = $0
			match($0, /^ */)
			if (RLENGTH < min) min = RLENGTH
			next
		}
		{ if (inb) flush(); inb = 0 }
		END { if (inb) flush() }
		function flush(   i, s, f) {
			f = sprintf("%s/%02d", dir, n)
			for (i = 1; i <= nl; i++) {
				s = substr(line[i], min + 1)
				sub(/^\$ /, "", s)
				print s > f
			}
			close(f)
		}'
}

# The inputs the examples name, in $1.
examples_inputs() {
	d=$1
	mkdir -p "$d/run" "$d/runs/1000K" "$d/runs/1600K" "$d/600K" \
	    "$d/1600K" "$d/db/halide/CaF2/1000K" "$d/db/halide/CaF2/1600K"
	for t in 1000K 1600K; do
		gzip -dc examples/caf2-$t/XDATCAR.gz |
		    awk '/^Direct configuration/ { c++ } c <= 60' |
		    gzip -n >"$d/db/halide/CaF2/$t/XDATCAR.gz"
		cp examples/caf2-$t/INCAR "$d/db/halide/CaF2/$t/INCAR"
		"$BIN/xdat2bin" "$d/db/halide/CaF2/$t/XDATCAR.gz" |
		    "$BIN/unwrap" >"$d/unw-$t.bin"
		"$BIN/kmeans-hops" --species F "$d/unw-$t.bin" \
		    >"$d/runs/$t/hops.bin"
	done
	# 60 frames resolve no D: the runs an Arrhenius fit reads are
	# random walkers of known D (an activation energy of 0.27 eV).
	"$HELPERS/gen-walk" -S F -T 1000 -D 0.02 -f 400 >"$d/runs/1000K/run.bin"
	"$HELPERS/gen-walk" -S F -T 1600 -D 0.1 -f 400 >"$d/runs/1600K/run.bin"
	cp "$d/runs/1000K/hops.bin" "$d/600K/hops.bin"
	cp "$d/runs/1600K/hops.bin" "$d/1600K/hops.bin"
	cp "$d/db/halide/CaF2/1600K/XDATCAR.gz" "$d/db/halide/CaF2/1600K/INCAR" \
	    "$d/run/"
	mv "$d/unw-1600K.bin" "$d/run.bin"
	rm -f "$d/unw-1000K.bin"
	cp "$d/run.bin" "$d/unwrapped.bin"
	cp "$d/runs/1600K/hops.bin" "$d/hops.bin"
	cp "$d/run/INCAR" "$d/INCAR"
	# Lithium for the examples that keep Li: a small generated XDATCAR
	# long enough for --first 1000 --every 10, and for kmeans-hops(1)'s
	# run the 60 frames of CaF2 with Ca renamed Li.
	"$HELPERS/gen-xdatcar" 4 1100 >"$d/XDATCAR"
	mkdir -p "$d/li"
	gzip -dc "$d/run/XDATCAR.gz" | awk 'NR == 6 { sub(/Ca/, "Li") } 1' |
	    gzip -n >"$d/li/XDATCAR.gz"
	cp "$d/INCAR" "$d/li/INCAR"
	# VASP 4 (no species line), four counts, compressed with zstd.
	if command -v zstd >/dev/null 2>&1; then
		gzip -dc "$d/run/XDATCAR.gz" | awk 'NR == 6 { next }
			NR == 7 { print "   27 81 108 108"; next } { print }' |
		    zstd -q >"$d/XDATCAR.zst"
	fi
	# LAMMPS dumps: scaled positions of the run (types 1 Ca, 2 F), and
	# unwrapped ones with four types.
	"$BIN/xdat2bin" "$d/run/XDATCAR.gz" | "$BIN/hopcat" --tsv |
	    awk -F '\t' -v L=17.22076 '
		NR == 1 { next }
		NR == 2 || $1 != f { f = $1
			printf "ITEM: TIMESTEP\n%d\nITEM: NUMBER OF ATOMS\n324\n", 10 * f
			printf "ITEM: BOX BOUNDS pp pp pp\n0 %s\n0 %s\n0 %s\n", L, L, L
			print "ITEM: ATOMS id type xs ys zs" }
		{ print $2 + 1, $3 == "Ca" ? 1 : 2, $4, $5, $6 }' >"$d/dump.lammpstrj"
	gzip -nc "$d/dump.lammpstrj" >"$d/dump.lammpstrj.gz"
	cp "$d/dump.lammpstrj.gz" "$d/dump.gz"
	"$BIN/hopcat" --tsv "$d/run.bin" | awk -F '\t' -v L=17.22076 '
		NR == 1 { next }
		NR == 2 || $1 != f { f = $1
			printf "ITEM: TIMESTEP\n%d\nITEM: NUMBER OF ATOMS\n324\n", 10 * f
			printf "ITEM: BOX BOUNDS pp pp pp\n0 %s\n0 %s\n0 %s\n", L, L, L
			print "ITEM: ATOMS id type xu yu zu" }
		{ print $2 + 1, $2 % 4 + 1, $4, $5, $6 }' >"$d/dump.unwrapped"
	# An archive holding the run: the XDATCAR compressed inside it, its
	# INCAR and a dump.
	(cd "$d" && mkdir -p a && cp run/XDATCAR.gz run/INCAR dump.lammpstrj a/ &&
	    cd a && tar czf ../run.tar.gz XDATCAR.gz INCAR dump.lammpstrj) &&
	    rm -rf "$d/a"
	# XYZ: extended XYZ of the wrapped and of the unwrapped run, and a
	# plain XYZ of Li (no lattice), compressed.
	"$BIN/xdat2bin" "$d/run/XDATCAR.gz" | "$BIN/hopcat" --xyz >"$d/md.xyz"
	"$BIN/hopcat" --xyz "$d/run.bin" >"$d/unwrapped.extxyz"
	awk '/Lattice=/ { print "frame"; next }
		NF == 5 { sub(/^Ca /, "Li "); print $1, $2, $3, $4; next }
		{ print }' "$d/md.xyz" | gzip -n >"$d/traj.xyz.gz"
	# vasprun.xml of a small lithium run (tests/helpers/mkvasprun.py,
	# VASP's layout), plain and compressed.
	if /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
		/usr/bin/python3 tests/helpers/mkvasprun.py --out "$d/vr" \
		    --species Li:4,O:2 --frames 12 >/dev/null &&
		    cp "$d/vr/vasprun.xml" "$d/vasprun.xml" &&
		    cp "$d/vr/vasprun.xml" "$d/run/vasprun.xml" &&
		    gzip -nc "$d/vr/vasprun.xml" >"$d/run/vasprun.xml.gz"
		rm -rf "$d/vr"
	fi
	# HDF5 inputs (tests/helpers/mkh5.py, h5py): a vaspout.h5, an H5MD
	# file with two particle groups, and one shaped as LAMMPS' dump h5md
	# writes it (type numbers, no units).
	if /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
		mkdir -p "$d/h5"
		/usr/bin/python3 tests/helpers/mkh5.py "$d/h5" good &&
		    cp "$d/h5/vaspout.h5" "$d/vaspout.h5" &&
		    cp "$d/h5/two.h5" "$d/md.h5" &&
		    cp "$d/h5/md-tri.h5" "$d/dump.h5" &&
		    /usr/bin/python3 -c '
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r+") as h:
    p = h["particles/all"]
    del p["position/value"].attrs["unit"]
    del p["box/edges"].attrs["unit"]
    del p["species"]
    p["species"] = np.array([1, 2, 3, 4, 1, 2], dtype=np.int32)
' "$d/dump.h5"
		rm -rf "$d/h5"
	fi
	# ASE and CP2K inputs from the run's frames (md.xyz): an MD .traj
	# (2 fs steps, a frame every 5), a .traj without an MD description
	# with Ca renamed Li, and CP2K's -pos-1.xyz with its -1.cell.
	if /usr/bin/python3 -c 'import ase' 2>/dev/null; then
		/usr/bin/python3 - "$d" <<'PY'
import sys
import ase.io
from ase import units
from ase.io.trajectory import Trajectory
d = sys.argv[1]
frames = ase.io.read(d + "/md.xyz", index=":")
t = Trajectory(d + "/md.traj", "w")
t.set_description({"type": "molecular-dynamics", "md-type": "Langevin",
                   "timestep": 2 * units.fs, "interval": 5})
for a in frames:
    t.write(a)
t.close()
t = Trajectory(d + "/relax.traj", "w")
for a in frames:
    b = a.copy()
    b.set_chemical_symbols(["Li" if x == "Ca" else x
                            for x in b.get_chemical_symbols()])
    t.write(b)
t.close()
with open(d + "/llzo-pos-1.xyz", "w") as p, open(d + "/llzo-1.cell", "w") as c:
    c.write("#   Step   Time [fs]       Ax [Angstrom]       Ay [Angstrom]"
            "       Az [Angstrom]       Bx [Angstrom]       By [Angstrom]"
            "       Bz [Angstrom]       Cx [Angstrom]       Cy [Angstrom]"
            "       Cz [Angstrom]      Volume [Angstrom^3]\n")
    for k, a in enumerate(frames):
        step = 20 * k
        p.write("%d\n i = %8d, time = %12.3f, E = %20.10f\n"
                % (len(a), step, step * 0.5, -100.0))
        for sym, r in zip(a.get_chemical_symbols(), a.positions):
            p.write("%s %.10f %.10f %.10f\n" % (sym, r[0], r[1], r[2]))
        H = a.cell.array
        c.write("%8d%12.3f" % (step, step * 0.5) +
                "".join("%20.10f" % x for x in H.flatten()) +
                "%25.10f\n" % abs(a.cell.volume))
PY
	fi
	# The hops of the run in three parts by atoms (the fluoride ions,
	# atoms 108-323), for hopcat --merge.
	for r in 0:108-179 1:180-251 2:252-323; do
		"$BIN/kmeans-hops" -q --atoms "${r#*:}" "$d/run.bin" \
		    >"$d/hops.${r%%:*}.bin"
	done
	# The fluorite cell (a = 5.74 A, the run's 17.22 A over 3) for
	# hopsites --sites.
	{ printf 'CaF2 fluorite\n1.0\n5.74 0 0\n0 5.74 0\n0 0 5.74\n'
	  printf 'Ca F\n4 8\nDirect\n'
	  printf '0 0 0\n0 0.5 0.5\n0.5 0 0.5\n0.5 0.5 0\n'
	  for x in 0.25 0.75; do for y in 0.25 0.75; do for z in 0.25 0.75; do
		printf '%s %s %s\n' $x $y $z; done; done; done
	} >"$d/CaF2.vasp"
	# A database of the two runs, and its summary where the examples
	# look for one.
	make -s -f examples/database/Makefile -j2 RUNS="$d/db" OUT="$d/out" \
	    HOPTOOLS_BIN="$BIN" >"$d/db.log" 2>&1 ||
	    printf 'database: %s\n' "$(tail -n 3 "$d/db.log")" >&2
	# Its D* are not resolved on 60 frames either: for the fit from
	# the summary, D* and dD* are set to resolved values (those of
	# the walkers above); every other column is the database's.
	awk -F '\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i
		print; next }
		{ d = $c["T_K"] == 1000 ? 2e-6 : 1e-5
		$c["D_self_cm2_s"] = d; $c["dD_self_cm2_s"] = d / 10; print }' \
	    "$d/out/summary.tsv" >"$d/summary.tsv" &&
	    cp "$d/summary.tsv" "$d/out/summary.tsv"
	rm -f "$d/db.log"
}

# Blocks that cannot run here, and why (PAGE:BLOCK).
examples_skip() {
	case $1 in
	hopdesc.1:01) echo "builds the bundled database in the source tree (database.sh does)" ;;
	hopsites.1:03) echo "needs runs at three temperatures (hopsites.sh fits them)" ;;
	*) return 1 ;;
	esac
}

examples_run() {
	need=$(command -v mandoc) || { skip "examples" "mandoc not installed"
		return; }
	examples_inputs "$T/in"
	for page in man/*.[1-9]; do
		p=$(basename "$page")
		rm -rf "$T/blocks"
		examples_blocks "$page" "$T/blocks"
		nb=0
		for b in "$T/blocks"/*; do
			[ -f "$b" ] || continue
			nb=$((nb + 1))
			k=$(basename "$b")
			name="$p example $k: $(head -n 1 "$b" | cut -c 1-60)"
			if why=$(examples_skip "$p:$k"); then
				skip "$name" "$why"
				continue
			fi
			rm -rf "$T/w"
			cp -R "$T/in" "$T/w"
			# kmeans-hops(1) keeps Li of its run.
			if [ "$p" = kmeans-hops.1 ]; then
				rm -rf "$T/w/run"
				mv "$T/w/li" "$T/w/run"
			fi
			# Python blocks: a python3 with numpy (Debian's, when
			# the one on PATH has none; make check installs it).
			py=python3
			python3 -c 'import numpy' 2>/dev/null ||
			    py=/usr/bin/python3
			if head -n 1 "$b" | grep -q '^import ' &&
			    head -n 1 "$b" | grep -q numpy &&
			    ! "$py" -c 'import numpy' 2>/dev/null; then
				skip "$name" "python3 has no numpy"
				continue
			fi
			if head -n 1 "$b" | grep -q '^import '; then
				run sh -c "cd '$T/w' && '$py' '$b'"
			else
				run sh -c "cd '$T/w' && PATH='$BIN':\$PATH \
				    bash -e -o pipefail '$b'"
			fi
			expect_rc "$name" 0
		done
		if [ $nb -gt 0 ]; then pass "$p: $nb example blocks found"
		else fail "$p: example blocks found" "none in EXAMPLES"; fi
	done
}

examples_run
