# cluster.sh - examples/cluster's recipe on one machine, the two ways its
# README gives: plain make -j2, and GNU parallel running exactly the
# README's commands (skipped, saying so, when parallel is not installed:
# Debian's package "parallel", which mk/deps.sh installs for make check).
# Each must give what one process gives on the whole run: the merged hop
# stream equal record for record (the bytes after the header; the header
# apart from provenance), and msd --reduce's D*, D_coll, Haven ratio and
# sigma with their uncertainties within 1e-10 relative of msd's (man
# msd: "to rounding: 1e-10 relative").  Run: CaF2 at 1600 K (324 atoms,
# its first 300 frames) in 3 parts, adaptive mode.

MK=examples/cluster/Makefile

# cl_same NAME OUTDIR: OUTDIR's hops.bin and msd.json against the whole
# run's ($T/whole.bin, $T/whole.json).
cl_same() {
	same_stream "$1: merged hops = one process" "$T/whole.bin" \
	    "$2/hops.bin"
	same_transport "$1: msd --reduce = msd" "$T/whole.json" \
	    "$2/msd.json" 1e-10
}

"$BIN/xdat2bin" -q --incar=examples/caf2-1600K/INCAR --last=299 \
    examples/caf2-1600K/XDATCAR.gz | "$BIN/unwrap" -q >"$T/run.bin"
"$BIN/kmeans-hops" -q --mode=adaptive "$T/run.bin" >"$T/whole.bin"
# The parts of hopsplit give msd --no-drift's numbers (the Makefile).
"$BIN/msd" -q --no-drift --json="$T/whole.json" "$T/run.bin" >/dev/null
h=$("$BIN/hopcat" --hops "$T/whole.bin" | tail -n +2 | wc -l | tr -d ' ')
if [ "$h" -gt 20 ]; then pass "cluster: the run has hops ($h)"
else fail "cluster: the run has hops" "$h hops"; fi

# make -j2, as the README shows it.
rc=0
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -j2 -f "$MK" \
    RUN="$T/run.bin" OUT="$T/make" PARTS=3 HOPTOOLS_BIN="$BIN" \
    >"$T/out" 2>"$T/err" || rc=$?
expect_rc "cluster: make -j2 PARTS=3" 0
cl_same "cluster: make -j2" "$T/make"

# GNU parallel: the README's four commands, word for word but the paths.
if command -v parallel >/dev/null 2>&1; then
	rc=0
	(
		set -e
		unset MAKEFLAGS MFLAGS MAKELEVEL
		mk="make -s -f $MK RUN=$T/run.bin OUT=$T/par PARTS=3 HOPTOOLS_BIN=$BIN"
		$mk split
		seq 0 2 | parallel --will-cite $mk vib-{}
		seq 0 2 | parallel --will-cite $mk part-{}
		$mk merge
	) >"$T/out" 2>"$T/err" || rc=$?
	expect_rc "cluster: GNU parallel, the README's commands" 0
	cl_same "cluster: GNU parallel" "$T/par"
	grep -v '^# provenance' "$T/make/msd.tsv" >"$T/m.a"
	grep -v '^# provenance' "$T/par/msd.tsv" >"$T/m.b"
	expect_same "cluster: GNU parallel and make -j2 write the same msd.tsv" \
	    "$T/m.a" "$T/m.b"
else
	skip "cluster: GNU parallel" "not installed (Debian package\
 parallel; make check installs it as root): its recipe is untested"
fi
