# tests/lib.sh - sourced by every tests/cli/*.sh script.
#
# The runner sets BIN (the tools to test), HELPERS (test programs such as
# the trajectory generator), SHARED (../shared/data, possibly absent),
# RESULTS (file to append "pass|fail|skip<TAB>name" lines to) and T (a
# scratch directory of this script's own).
#
# A test is one named assertion; each helper below records one result.

pass() { printf 'pass\t%s\n' "$1" >>"$RESULTS"; }
fail() {
	printf 'fail\t%s\n' "$1" >>"$RESULTS"
	printf 'FAIL %s: %s\n' "$1" "$2" >&2
}
skip() {
	printf 'skip\t%s\n' "$1" >>"$RESULTS"
	printf 'skip %s: %s\n' "$1" "$2" >&2
}

# run CMD...: run a command, keeping its stdout in $T/out, stderr in
# $T/err and exit status in $rc.
run() {
	rc=0
	"$@" >"$T/out" 2>"$T/err" || rc=$?
}

# sh_run 'PIPELINE': as run, for a shell pipeline (pipefail semantics:
# the status is the last non-zero one).
sh_run() {
	rc=0
	bash -o pipefail -c "$1" >"$T/out" 2>"$T/err" || rc=$?
}

# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else
		fail "$1" "got '$2', want '$3'"; fi
}

# expect_same NAME FILE_A FILE_B: two runs' outputs are the same, and
# both runs wrote something (two failed runs that wrote nothing must not
# pass as agreeing).
expect_same() {
	if [ ! -s "$2" ] || [ ! -s "$3" ]; then
		fail "$1" "an output is missing or empty: $(wc -c <"$2" 2>&1) and $(wc -c <"$3" 2>&1) bytes"
	elif cmp -s "$2" "$3"; then pass "$1"; else
		fail "$1" "$2 and $3 differ: $(diff "$2" "$3" | head -5)"; fi
}

# expect_rc NAME WANT: the last run's exit status.
expect_rc() {
	if [ "$rc" = "$2" ]; then pass "$1"; else
		fail "$1" "exit status $rc, want $2; stderr: $(head -c 300 "$T/err")"; fi
}

# expect_err NAME PATTERN: the last run's stderr matches an ERE.
expect_err() {
	if grep -Eq -- "$2" "$T/err"; then pass "$1"; else
		fail "$1" "stderr '$(head -c 300 "$T/err")' does not match /$2/"; fi
}

# expect_fail NAME STATUS PATTERN: non-zero STATUS, a matching message and
# nothing that looks like a finished stream on stdout.
expect_fail() {
	if [ "$rc" != "$2" ]; then
		fail "$1" "exit status $rc, want $2; stderr: $(head -c 300 "$T/err")"
	elif ! grep -Eq -- "$3" "$T/err"; then
		fail "$1" "stderr '$(head -c 300 "$T/err")' does not match /$3/"
	else
		pass "$1"
	fi
}

# near NAME GOT WANT TOL: |GOT - WANT| <= TOL, numerically.
near() {
	if awk -v g="$2" -v w="$3" -v t="$4" 'BEGIN {
		d = g - w; if (d < 0) d = -d; exit !(g == g + 0 && d <= t) }'
	then pass "$1"; else fail "$1" "got $2, want $3 +- $4"; fi
}

# kv PREFIX KEY [FILE]: the value of KEY=... on the line starting PREFIX.
kv() {
	grep "^$1" "${3:-$T/out}" | head -1 | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# rel_near NAME GOT WANT REL: |GOT - WANT| <= REL * |WANT|.
rel_near() {
	if awk -v g="$2" -v w="$3" -v r="$4" 'BEGIN {
		d = g - w; if (d < 0) d = -d; a = w < 0 ? -w : w
		exit !(g == g + 0 && d <= r * a) }'
	then pass "$1"; else fail "$1" "got $2, want $3 within $4 relative"; fi
}

# need_shared NAME: skip (saying so) when ../shared/data is absent.
need_shared() {
	if [ -d "$SHARED" ]; then return 0; fi
	skip "$1" "../shared/data not present"
	return 1
}

# cut_run SRC DEST FRAMES: a run folder DEST (made) with the first FRAMES
# configurations of SRC's XDATCAR.gz, and its INCAR.
cut_run() {
	mkdir -p "$2"
	gzip -dc "$1/XDATCAR.gz" | awk -v n="$3" '
		/^Direct configuration=/ && ++k > n { exit } { print }' |
	    gzip -1 >"$2/XDATCAR.gz"
	cp "$1/INCAR" "$2/INCAR"
}

# Python: Debian's /usr/bin/python3, which has numpy, scipy, ase, h5py
# and pymatgen (the python3 on PATH may lack them).

# need_py NAME MODULE...: skip NAME (saying so) unless Debian's python3
# imports every MODULE.
need_py() {
	_name=$1
	shift
	for _m in "$@"; do
		if ! /usr/bin/python3 -c "import $_m" >/dev/null 2>&1; then
			skip "$_name" "/usr/bin/python3 without $_m"
			return 1
		fi
	done
	return 0
}

# py_gen NAME SCRIPT ARGS...: run the generator SCRIPT on ARGS with
# Debian's python3; when it fails, a failure NAME with its stderr.
py_gen() {
	_name=$1
	shift
	/usr/bin/python3 "$@" 2>"$T/gen.err" ||
	    fail "$_name" "$(head -c 300 "$T/gen.err")"
}

# Reading streams back, through hopcat (built with every tool).

# stream_field FILE KEY...: the values of the KEYs in hopcat --header of
# stream FILE, in that order, on one line separated by blanks.
stream_field() {
	_f=$1
	shift
	"$BIN/hopcat" --header "$_f" | awk -F '\t' -v keys="$*" '
	    { v[$1] = $2 }
	    END { n = split(keys, k, " ")
		for (i = 1; i <= n; i++) printf "%s%s", v[k[i]], i < n ? " " : "\n" }'
}

# stream_values FILE: "frame atom species x y z" lines of stream FILE,
# numbers as %.10g.
stream_values() {
	"$BIN/hopcat" --tsv "$1" | awk -F '\t' 'NR > 1 {
	    printf "%d %d %s %.10g %.10g %.10g\n", $1, $2, $3, $4, $5, $6 }'
}

# same_positions NAME A.tsv B.tsv: two hopcat --tsv tables hold the same
# frames, atoms and species row for row, and positions within 1e-9
# Angstrom.
same_positions() {
	_d=$(paste "$2" "$3" | awk -F '\t' 'NR > 1 {
	    if ($1 != $7 || $2 != $8 || $3 != $9) { print "rows"; exit }
	    for (k = 4; k <= 6; k++) { e = $k - $(k + 6)
	        if (e < 0) e = -e; if (e > m) m = e } }
	    END { if (m > 1e-9) print "max diff " m }')
	expect_eq "$1" "$_d" ""
}

# no_stream NAME: the last run's stdout is empty or not a finished stream
# (a failing writer must not leave one that passes for whole).
no_stream() {
	if [ ! -s "$T/out" ]; then pass "$1"; return; fi
	if [ ! -x "$BIN/hopcat" ]; then skip "$1" "hopcat not built"; return; fi
	if "$BIN/hopcat" --header "$T/out" >/dev/null 2>&1; then
		fail "$1" "stdout holds a complete stream"
	else
		pass "$1"
	fi
}

# records FILE: a stream's bytes after its header (magic 8, version 4,
# header length 4, header, CRC 4): every record, the END record included.
records() {
	_hl=$(od -An -tu4 -j12 -N4 "$1" | tr -d ' ')
	tail -c +$((20 + _hl + 1)) "$1"
}

# same_stream NAME A B: streams A and B (a run split by atoms and merged,
# and the whole run) agree record for record, and in their headers apart
# from provenance: "NAME: records identical" and "NAME: headers identical
# apart from provenance".
same_stream() {
	records "$2" >"$T/rec.a"
	records "$3" >"$T/rec.b"
	expect_same "$1: records identical" "$T/rec.a" "$T/rec.b"
	"$BIN/hopcat" --header "$2" | grep -v '^provenance' >"$T/hd.a"
	"$BIN/hopcat" --header "$3" | grep -v '^provenance' >"$T/hd.b"
	expect_same "$1: headers identical apart from provenance" "$T/hd.a" \
	    "$T/hd.b"
}

# same_transport NAME WANT.json GOT.json REL: the transport numbers of two
# msd --json files (D*, D_coll, Haven ratio, sigma, each with its
# uncertainty) agree within REL relative: "NAME: KEY" for each, and
# "NAME: 8 numbers compared".
same_transport() {
	/usr/bin/python3 -c 'import json, sys
w, g = (json.load(open(f)) for f in sys.argv[1:3])
for k in ("D_self_cm2_s dD_self_cm2_s D_coll_cm2_s dD_coll_cm2_s haven "
          "dhaven sigma_S_cm dsigma_S_cm").split():
    print(k, repr(w.get(k)), repr(g.get(k)))' "$2" "$3" >"$T/msd.cmp" 2>&1
	while read -r _k _w _g; do
		rel_near "$1: $_k" "$_g" "$_w" "$4"
	done <"$T/msd.cmp"
	expect_eq "$1: 8 numbers compared" \
	    "$(wc -l <"$T/msd.cmp" | tr -d ' ')" 8
}

# corpus_bad TOOL DIR MIN RUN: every file of the table rows
# "| bad-NAME | what | `message tail` |" in DIR/README.md is refused by
# TOOL: exit 1, exactly "TOOL: DIR/bad-NAME<message tail>" on stderr and
# no finished stream on stdout.  RUN FILE runs TOOL on one of them (with
# run); the corpus must hold MIN such files or more.
corpus_bad() {
	_tool=$1
	_dir=$2
	grep '^| bad-' "$_dir/README.md" | while IFS='|' read -r _ file _ msg _
	do
		file=$(echo $file)
		msg=$(printf '%s' "$msg" | sed 's/^ *`//; s/` *$//')
		"$4" "$_dir/$file"
		expect_rc "$file: exit 1" 1
		expect_eq "$file: message" "$(cat "$T/err")" \
		    "$_tool: $_dir/$file$msg"
		no_stream "$file: no finished stream on stdout"
	done
	_n=$(grep -c '^| bad-' "$_dir/README.md")
	if [ "$_n" -ge "$3" ]; then pass "corpus has $_n bad files"; else
		fail "corpus has $_n bad files" "$3 or more expected"; fi
}

# compressed_same FILE DEST WANT RUN: for each of gzip, xz, bzip2 and
# zstd that is installed (a skip for one that is not), FILE compressed
# with it into DEST.<compressor> gives WANT in $T/out when RUN converts
# that file.
compressed_same() {
	for _z in gzip xz bzip2 zstd; do
		if ! command -v $_z >/dev/null 2>&1; then
			skip "$_z input" "$_z not installed"
			continue
		fi
		$_z -c <"$1" >"$2.$_z"
		"$4" "$2.$_z"
		expect_eq "$_z input" "$(cat "$T/out")" "$3"
	done
}

# cuts_refused NAME FILE STEP FRAMES RUN: FILE cut after 1, 1 + STEP,
# 1 + 2 STEP, ... bytes, as RUN converts it, never passes for the whole
# file (a stream of FRAMES frames; a cut inside the last line may leave
# a shorter valid number, and one at the end of a frame a shorter valid
# file), and a refused cut never leaves a finished stream.
cuts_refused() {
	_total=$(wc -c <"$2")
	_last=$((_total - $(tail -n 1 "$2" | wc -c)))
	_bad=0
	_cut=1
	while [ $_cut -lt "$_total" ]; do
		head -c $_cut "$2" >"$T/cut"
		"$5" "$T/cut"
		if [ "$rc" = 0 ] && [ $_cut -lt $_last ] &&
		    [ "$(stream_field "$T/out" frames)" = "$4" ]; then
			_bad=$((_bad + 1))
		fi
		if [ "$rc" != 0 ] && "$BIN/hopcat" --header "$T/out" \
		    >/dev/null 2>&1; then
			_bad=$((_bad + 1))
		fi
		_cut=$((_cut + $3))
	done
	expect_eq "$1" "$_bad" 0
}

# jump_tables SITES: hopsites --jumps-table of four gen-lattice runs on
# the sites in the POSCAR SITES (gen-lattice --poscar), jumps with
# probability 0.002, 0.01, 0.05 and 0 per frame, labelled 800, 1000,
# 1400 and 600 K, in $T/a1.tsv ... $T/a4.tsv: an Arrhenius set whose
# last run has no jump (an upper bound).
jump_tables() {
	_i=0
	for _p in 0.002 0.01 0.05 0; do
		_i=$((_i + 1))
		_t=$(echo "800 1000 1400 600" | cut -d' ' -f$_i)
		"$HELPERS/gen-lattice" --mode independent --ions 50 \
		    --frames 1000 --prob $_p >"$T/a$_i.hop"
		"$BIN/hopsites" -q --sites "$1" --min-visit 1 --no-tracer \
		    -t "$_t" --jumps-table "$T/a$_i.hop" >"$T/a$_i.tsv"
	done
}
