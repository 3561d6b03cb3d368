# tests/cli/xdat2bin.sh - VASP XDATCAR to hop stream.
#
# Streams are checked with hopcat when it is built (frames, header and
# values as text); the corpus in tests/files/xdatcar/ and its README give
# every bad file's exact message.

X="$BIN/xdat2bin"
C=tests/files/xdatcar
HOPCAT=
[ -x "$BIN/hopcat" ] && HOPCAT="$BIN/hopcat"

# need_hopcat NAME: skip (saying so) when hopcat is not built.
need_hopcat() {
	[ -n "$HOPCAT" ] && return 0
	skip "$1" "hopcat not built"
	return 1
}

# xdat_values FILE: "ordinal atom x y z" of every coordinate line of a
# constant-cell Direct XDATCAR, as awk reads the text.
xdat_values() {
	awk 'tolower($1) == "direct" { f++; a = 0; next }
	    f > 0 && NF >= 3 { printf "%d %d %.10g %.10g %.10g\n", f - 1, a++,
	    $1, $2, $3 }' "$1"
}

# frac_values FILE: the same from a stream (stream_values without the
# species).
frac_values() {
	stream_values "$1" | cut -d' ' -f1,2,4-
}

t_usage() {
	run "$X" --help
	expect_rc "help exits 0" 0
	expect_eq "help on stdout" "$(head -1 "$T/out")" \
	    "usage: xdat2bin [options] [FILE]"
	expect_eq "help leaves stderr empty" "$(wc -c <"$T/err")" 0
	run "$X" --version
	expect_eq "version" "$(cat "$T/out")" "xdat2bin (hoptools) 0.1.0"
	run "$X" --bogus $C/good-vasp5.xdatcar
	expect_fail "unknown option is a usage error" 2 "usage: xdat2bin"
	run "$X" --every 0 $C/good-vasp5.xdatcar
	expect_fail "--every 0 refused" 2 "--every '0'"
	run "$X" --dt 1fs $C/good-vasp5.xdatcar
	expect_fail "--dt must be a number" 2 "--dt '1fs'"
	run "$X" --dt -5 $C/good-vasp5.xdatcar
	expect_fail "--dt must be positive" 2 "--dt '-5'"
	run "$X" --first 3 --last 2 $C/good-vasp5.xdatcar
	expect_fail "--first after --last" 2 "--first 3 is after --last 2"
	run "$X" $C/good-vasp5.xdatcar $C/good-vasp5.xdatcar
	expect_fail "two inputs refused" 2 "one input file at most"
	run "$X" "$T/nonexistent"
	expect_fail "missing file" 1 "^xdat2bin: $T/nonexistent: No such file or directory$"
	run "$X" "$T"
	expect_fail "a directory" 1 "^xdat2bin: $T: is a directory$"
	if [ -w /dev/full ]; then
		rc=0
		"$X" $C/good-vasp5.xdatcar >/dev/full 2>"$T/err" || rc=$?
		expect_fail "write error is exit 1" 1 \
		    "^xdat2bin: <stdout>: write error: No space left on device$"
	fi
}

t_manual() {
	if ! command -v mandoc >/dev/null 2>&1; then
		skip "man page lint" "mandoc not installed"
		return
	fi
	run mandoc -Tlint -W warning man/xdat2bin.1
	expect_eq "man page is mandoc -Tlint clean" "$(cat "$T/out" "$T/err")" ""
	"$X" --help | grep -o -- '--[a-z][a-z-]*' | sort -u >"$T/help.opts"
	mandoc -Tascii man/xdat2bin.1 | col -b | grep -o -- '--[a-z][a-z-]*' |
	    sort -u >"$T/man.opts"
	expect_eq "man page documents the options of --help" \
	    "$(comm -3 "$T/help.opts" "$T/man.opts" | tr -d '\t' | tr '\n' ' ')" ""
	expect_eq "man SYNOPSIS is the usage line" \
	    "$(mandoc -Tascii man/xdat2bin.1 | col -b |
	    awk '/^SYNOPSIS/ { getline; sub(/^ +/, ""); print; exit }')" \
	    "xdat2bin [options] [FILE]"
}

# Every bad file of the corpus, with the message its README gives; a bad
# INCAR goes with a good XDATCAR.
bad_run() {
	case $1 in
	*.incar) run "$X" --incar "$1" $C/good-vasp5.xdatcar ;;
	*) run "$X" "$1" ;;
	esac
}
t_corpus_bad() {
	corpus_bad xdat2bin $C 30 bad_run
}

t_vasp5() {
	need_hopcat "vasp5" || return 0
	run "$X" $C/good-vasp5.xdatcar
	expect_rc "vasp5 converts" 0
	cp "$T/out" "$T/v5.hop"
	expect_eq "vasp5 atoms" "$(stream_field "$T/v5.hop" atoms)" 3
	expect_eq "vasp5 frames" "$(stream_field "$T/v5.hop" frames)" 3
	expect_eq "vasp5 species" "$(stream_field "$T/v5.hop" species)" \
	    "Li:2,O:1"
	expect_eq "vasp5 dt = POTIM x NBLOCK" \
	    "$(stream_field "$T/v5.hop" dt_fs)" 10
	expect_eq "vasp5 temperature = TEBEG" \
	    "$(stream_field "$T/v5.hop" temperature_K)" 600
	expect_eq "vasp5 coords" "$(stream_field "$T/v5.hop" coords)" \
	    fractional
	expect_eq "vasp5 constant cell" "$(stream_field "$T/v5.hop" cell)" \
	    fixed
	expect_eq "vasp5 cell" "$(stream_field "$T/v5.hop" cell_A)" \
	    "4 0 0 0 5 0 0 0 6"
	expect_eq "vasp5 title" "$(stream_field "$T/v5.hop" title)" \
	    "Li2 O test"
	expect_eq "vasp5 provenance" "$(stream_field "$T/v5.hop" provenance)" \
	    "xdat2bin 0.1.0: $X $C/good-vasp5.xdatcar"
	expect_eq "vasp5 values equal the text" \
	    "$(frac_values "$T/v5.hop")" "$(xdat_values $C/good-vasp5.xdatcar)"
	expect_eq "vasp5 frame index = ordinal" \
	    "$("$HOPCAT" --xyz "$T/v5.hop" | grep -o 'Source_frame=[0-9]*' |
	    tr '\n' ' ')" "Source_frame=0 Source_frame=1 Source_frame=2 "
}

t_vasp4() {
	need_hopcat "vasp4" || return 0
	run "$X" $C/good-vasp4.xdatcar
	expect_fail "vasp4 without names says how to name them" 1 \
	    "good-vasp4.xdatcar:6: no species names line .*--names"
	no_stream "vasp4 without names: no stream"
	run "$X" --names Li,O $C/good-vasp4.xdatcar
	expect_rc "vasp4 with --names" 0
	expect_eq "vasp4 species from --names" \
	    "$(stream_field "$T/out" species)" "Li:2,O:1"
	expect_eq "vasp4 values" "$(frac_values "$T/out")" \
	    "$(xdat_values $C/good-vasp4.xdatcar)"
	run "$X" --species Li,O $C/good-vasp4.xdatcar
	expect_eq "vasp4 --species naming every species names them" \
	    "$(stream_field "$T/out" species)" "Li:2,O:1"
	run "$X" --species O $C/good-vasp4.xdatcar
	expect_fail "vasp4 --species with one name of two" 1 "--names"
	run "$X" --names Li,O,S $C/good-vasp4.xdatcar
	expect_fail "vasp4 --names count must match" 1 \
	    "3 species names given \('Li,O,S'\) for the 2 atom counts"
	run "$X" --names Li,O --species O $C/good-vasp4.xdatcar
	expect_eq "vasp4 --names and --species filter" \
	    "$(stream_field "$T/out" species)" "O:1"
	run "$X" --names Li_sv,O_h $C/good-vasp5.xdatcar
	expect_eq "--names replaces a VASP 5 file's names" \
	    "$(stream_field "$T/out" species)" "Li_sv:2,O_h:1"
}

t_npt() {
	need_hopcat "npt" || return 0
	run "$X" $C/good-npt.xdatcar
	expect_rc "npt converts" 0
	expect_eq "npt variable cell flag" "$(stream_field "$T/out" cell)" \
	    variable
	expect_eq "npt header cell is the first frame's" \
	    "$(stream_field "$T/out" cell_A)" "4 0 0 0 5 0 0 0 6"
	expect_eq "npt each frame's cell" \
	    "$("$HOPCAT" --xyz "$T/out" | grep -o 'Lattice="[0-9.]*' |
	    tr '\n' ' ')" 'Lattice="4 Lattice="4.5 '
	expect_eq "npt values" "$(frac_values "$T/out")" \
	    "0 0 0.1 0.2 0.3
0 1 0.4 0.5 0.6
0 2 0.7 0.8 0.9
1 0 0.11 0.21 0.31
1 1 0.41 0.51 0.61
1 2 0.71 0.81 0.91"
	run "$X" --first 1 $C/good-npt.xdatcar
	expect_eq "npt --first 1: header cell is that frame's" \
	    "$(stream_field "$T/out" cell_A)" "4.5 0 0 0 5 0 0 0 6"
}

t_scales() {
	need_hopcat "scales" || return 0
	run "$X" $C/good-cartesian.xdatcar
	expect_eq "cartesian: scaled cell" "$(stream_field "$T/out" cell_A)" \
	    "4 0 0 2 4 0 0 0 6"
	expect_eq "cartesian converted to fractional" \
	    "$(frac_values "$T/out" | head -3)" "0 0 0.25 0.5 0.5
0 1 0.5 0.25 0.75
0 2 0.75 0.75 0.25"
	expect_eq "cartesian then direct agree" \
	    "$(frac_values "$T/out" | sed -n '1,3s/^0 //p')" \
	    "$(frac_values "$T/out" | sed -n '4,6s/^1 //p')"
	run "$X" $C/good-negative-scale.xdatcar
	expect_eq "negative scale is the volume" \
	    "$(stream_field "$T/out" cell_A)" "10 0 0 0 10 0 0 0 10"
	run "$X" $C/good-three-scales.xdatcar
	expect_eq "three scale factors" "$(stream_field "$T/out" cell_A)" \
	    "2 0 0 0 3 0 0 0 4"
	expect_eq "three scales: cartesian to fractional" \
	    "$(frac_values "$T/out")" "0 0 0.5 0.5 0.25
0 1 0.25 0.5 0.75
0 2 0 0 0"
}

t_quirks() {
	need_hopcat "quirks" || return 0
	run "$X" $C/good-quirks.xdatcar
	expect_rc "quirks convert" 0
	# Negative fields are wrapped into [0, 1), as every converter does.
	expect_eq "quirks values" "$(frac_values "$T/out")" \
	    "0 0 0.12345678 0.76543211 0.5
0 1 0.9 0.8 0.7
0 2 0.1 0.2 0.3
1 0 0.1 0.25 0.75
1 1 0.5 0.5 0.5
1 2 0 0 0"
	expect_eq "quirks title without CR" "$(stream_field "$T/out" title)" \
	    quirks
}

t_select() {
	need_hopcat "select" || return 0
	run "$X" --species O $C/good-vasp5.xdatcar
	expect_eq "--species O keeps O" "$(stream_field "$T/out" species)" \
	    "O:1"
	expect_eq "--species O keeps original indices and values" \
	    "$(frac_values "$T/out")" "0 2 0.7 0.8 0.9
1 2 0.71 0.81 0.91
2 2 0.72 0.82 0.99"
	run "$X" --species O,Li $C/good-vasp5.xdatcar
	expect_eq "--species O,Li keeps file order" \
	    "$(stream_field "$T/out" species)" "Li:2,O:1"
	run "$X" --species Na $C/good-vasp5.xdatcar
	expect_fail "--species unknown" 1 \
	    "good-vasp5.xdatcar: species 'Na' is not in the input \(it has Li, O\)"
	run "$X" --first 1 $C/good-vasp5.xdatcar
	expect_eq "--first 1: frames" "$(stream_field "$T/out" frames)" 2
	expect_eq "--first 1: indices" "$("$HOPCAT" --xyz "$T/out" |
	    grep -o 'Source_frame=[0-9]*' | tr '\n' ' ')" \
	    "Source_frame=1 Source_frame=2 "
	run "$X" --last 1 $C/good-vasp5.xdatcar
	expect_eq "--last 1 is inclusive" "$(stream_field "$T/out" frames)" 2
	run "$X" --every 2 $C/good-vasp5.xdatcar
	expect_eq "--every 2: frames 0 and 2" "$("$HOPCAT" --xyz "$T/out" |
	    grep -o 'Source_frame=[0-9]*' | tr '\n' ' ')" \
	    "Source_frame=0 Source_frame=2 "
	expect_eq "--every 2: dt doubles" "$(stream_field "$T/out" dt_fs)" 20
	run "$X" --first 1 --last 1 $C/good-vasp5.xdatcar
	expect_eq "--first 1 --last 1: one frame" \
	    "$(frac_values "$T/out" | head -1)" "0 0 0.11 0.21 0.31"
	run "$X" --first 7 $C/good-vasp5.xdatcar
	expect_fail "--first beyond the end" 1 \
	    "no configuration selected: the file has 3 \(numbered 0 to 2\)"
	no_stream "--first beyond the end: no stream"
	# --last stops reading: damage after it goes unread.
	run "$X" --last 0 $C/bad-truncated.xdatcar
	expect_rc "--last stops before a damaged tail" 0
}

t_time() {
	need_hopcat "time" || return 0
	mkdir -p "$T/noincar"
	cp $C/good-vasp5.xdatcar "$T/noincar/XDATCAR"
	run "$X" "$T/noincar/XDATCAR"
	expect_fail "no INCAR beside" 1 \
	    "^xdat2bin: $T/noincar/XDATCAR: no INCAR beside it \(give --incar FILE or --dt FS\)$"
	no_stream "no INCAR: no stream"
	run "$X" --dt 2.5 "$T/noincar/XDATCAR"
	expect_eq "--dt needs no INCAR" "$(stream_field "$T/out" dt_fs)" 2.5
	expect_eq "no INCAR: temperature unknown" \
	    "$(stream_field "$T/out" temperature_K)" unknown
	# LIMITS: an INCAR over 1 MiB (valid up to there) is refused.
	awk 'BEGIN { print "POTIM = 1"; for (i = 0; i < 40000; i++)
	    printf "# padding line %d of a very large INCAR\n", i }' \
	    >"$T/big.incar"
	run "$X" --incar "$T/big.incar" "$T/noincar/XDATCAR"
	expect_fail "INCAR over 1 MiB refused" 1 \
	    "^xdat2bin: $T/big.incar: larger than 1048576 bytes$"
	run "$X" --dt 2.5 --every 3 "$T/noincar/XDATCAR"
	expect_eq "--dt times --every" "$(stream_field "$T/out" dt_fs)" 7.5
	run "$X" --dt 1 $C/good-vasp5.xdatcar
	expect_eq "--dt overrides the INCAR" "$(stream_field "$T/out" dt_fs)" 1
	expect_eq "--dt keeps TEBEG" "$(stream_field "$T/out" temperature_K)" \
	    600
	run "$X" --temperature 450 $C/good-vasp5.xdatcar
	expect_eq "--temperature overrides TEBEG" \
	    "$(stream_field "$T/out" temperature_K)" 450
	run "$X" --incar $C/INCAR "$T/noincar/XDATCAR"
	expect_eq "--incar FILE" "$(stream_field "$T/out" dt_fs)" 10
	gzip -c $C/INCAR >"$T/noincar/INCAR.gz"
	run "$X" "$T/noincar/XDATCAR"
	expect_eq "INCAR.gz beside" "$(stream_field "$T/out" dt_fs)" 10
	run "$X" --incar "$T/none" $C/good-vasp5.xdatcar
	expect_fail "--incar missing file" 1 "$T/none: No such file or directory$"
	# The reference's own INCARs: a template TEBEG only warns.
	need_shared "iondiff INCARs" || return 0
	D=$SHARED/iondiff-bad-inputs
	run "$X" --incar $D/INCAR_POTIM_missing/INCAR $C/good-vasp5.xdatcar
	expect_fail "iondiff INCAR_POTIM_missing" 1 \
	    "INCAR_POTIM_missing/INCAR: POTIM not found \(give --dt FS\)$"
	run "$X" --incar $D/INCAR_NBLOCK_missing/INCAR $C/good-vasp5.xdatcar
	expect_fail "iondiff INCAR_NBLOCK_missing" 1 \
	    "INCAR_NBLOCK_missing/INCAR: NBLOCK not found \(give --dt FS\)$"
	run "$X" --incar $D/INCAR_both_ok/INCAR $C/good-vasp5.xdatcar
	expect_rc "iondiff INCAR_both_ok" 0
	expect_eq "iondiff INCAR_both_ok dt" "$(stream_field "$T/out" dt_fs)" 15
	expect_err "template TEBEG warns with its line" \
	    "warning: .*INCAR_both_ok/INCAR:18: TEBEG = 'XXX.X' is not a number"
}

t_compressed() {
	need_hopcat "compressed" || return 0
	stream_values_of() { "$X" "$@" | "$HOPCAT" --tsv; }
	want=$(stream_values_of $C/good-vasp5.xdatcar)
	mkdir -p "$T/z"
	cp $C/INCAR "$T/z/INCAR"
	tsv_of() { stream_values_of "$1" >"$T/out"; }
	compressed_same $C/good-vasp5.xdatcar "$T/z/XDATCAR" "$want" tsv_of
	run "$X" - <$C/good-vasp5.xdatcar
	expect_fail "stdin without --dt" 1 \
	    "<stdin>: no INCAR is looked for with standard input"
	sh_run "gzip -c $C/good-vasp5.xdatcar | '$X' --dt 10 --temperature 600 | '$HOPCAT' --tsv"
	expect_eq "gzip on stdin" "$(cat "$T/out")" "$want"
	# Several gzip members (cat a.gz b.gz) and zero padding after the
	# last, as gzip -d reads them: every member's check passes and the
	# text is their concatenation (tests/bad/archive/ has damaged ones).
	head -n 12 $C/good-vasp5.xdatcar | gzip -1 >"$T/multi.gz"
	tail -n +13 $C/good-vasp5.xdatcar | gzip -9 >>"$T/multi.gz"
	head -c 100 /dev/zero >>"$T/multi.gz"
	expect_eq "multi-member gzip: gzip -d reads it too" \
	    "$(gzip -dc "$T/multi.gz" 2>/dev/null | cksum)" \
	    "$(cksum <$C/good-vasp5.xdatcar)"
	sh_run "'$X' --dt 10 --temperature 600 '$T/multi.gz' | '$HOPCAT' --tsv"
	expect_eq "multi-member gzip converts" "$(cat "$T/out")" "$want"
	sh_run "'$X' --dt 10 --temperature 600 - <'$T/multi.gz' | '$HOPCAT' --tsv"
	expect_eq "multi-member gzip on stdin" "$(cat "$T/out")" "$want"
	# A file cut inside its last number ends without a newline: it
	# converts (the number may be whole), with a warning naming it.
	head -c -1 $C/good-vasp5.xdatcar >"$T/nonl.xdatcar"
	run "$X" --dt 1 "$T/nonl.xdatcar"
	expect_rc "no final newline: converts" 0
	expect_err "no final newline: warned" \
	    "^xdat2bin: warning: .*nonl.xdatcar:[0-9]+: the file ends without a newline: cut short\? \(its last number may be incomplete\)$"
	run "$X" --dt 1 $C/good-vasp5.xdatcar
	expect_eq "a final newline: no warning" "$(cat "$T/err")" ""
	# A prediction-only MLFF run (ML_LMLFF true; ML_MODE = run, or
	# ML_ISTART = 2 before ML_MODE) writes XDATCAR every max(NBLOCK,
	# ML_OUTBLOCK) steps (VASP's ML_OUTBLOCK and NBLOCK pages); without
	# ML_LMLFF the ML tags are ignored; an ML_OUTBLOCK in a run of
	# another mode is refused as ambiguous.
	mkdir -p "$T/ml"
	cp $C/good-vasp5.xdatcar "$T/ml/XDATCAR"
	for c in "ML_LMLFF = .TRUE.|NBLOCK = 1|ML_MODE = run|ML_OUTBLOCK = 10:20" \
	    "ML_LMLFF = T|ML_MODE = 'RUN'|ML_OUTBLOCK = 10:20" \
	    "ML_LMLFF = .true.|NBLOCK = 20|ML_MODE = run|ML_OUTBLOCK = 10:40" \
	    "ML_LMLFF = .TRUE.|ML_ISTART = 2|NBLOCK = 1|ML_OUTBLOCK = 10:20" \
	    "ML_LMLFF = .FALSE.|NBLOCK = 1|ML_MODE = run|ML_OUTBLOCK = 10:2" \
	    "NBLOCK = 1|ML_MODE = run|ML_OUTBLOCK = 10:2" \
	    "NBLOCK = 3|ML_OUTBLOCK = 1:6"; do
		printf 'POTIM = 2\n%s\n' "${c%:*}" | tr '|' '\n' \
		    >"$T/ml/INCAR"
		run "$X" "$T/ml/XDATCAR"
		expect_eq "MLFF: ${c%:*}: dt_fs ${c##*:}" \
		    "$(stream_field "$T/out" dt_fs)" "${c##*:}"
	done
	printf 'POTIM = 2\nML_LMLFF = .TRUE.\nNBLOCK = 1\nML_MODE = train\nML_OUTBLOCK = 10\n' \
	    >"$T/ml/INCAR"
	run "$X" "$T/ml/XDATCAR"
	expect_fail "MLFF: ML_OUTBLOCK outside a prediction-only run refused" 1 \
	    "INCAR:5: ML_OUTBLOCK = 10 thins XDATCAR in a prediction-only run \(ML_MODE = run, or ML_ISTART = 2 before ML_MODE\), and this run is ML_MODE = train: give --dt FS$"
	# An archive holding the run: both members found, in a folder too.
	mkdir -p "$T/run/run1"
	cp $C/good-vasp5.xdatcar "$T/run/run1/XDATCAR"
	printf 'POTIM = 1.0\nNBLOCK = 3\nTEBEG = 900\n' >"$T/run/run1/INCAR"
	(cd "$T/run" && tar czf ../run.tar.gz run1 && zip -qr ../run.zip run1)
	run "$X" "$T/run.tar.gz"
	expect_eq "tar.gz: dt from its INCAR" "$(stream_field "$T/out" dt_fs)" 3
	expect_eq "tar.gz: TEBEG from its INCAR" \
	    "$(stream_field "$T/out" temperature_K)" 900
	expect_eq "tar.gz values" "$("$HOPCAT" --tsv "$T/out")" "$want"
	run "$X" "$T/run.zip"
	expect_eq "zip: dt from its INCAR" "$(stream_field "$T/out" dt_fs)" 3
	cp $C/good-npt.xdatcar "$T/run/run1/XDATCAR_npt"
	(cd "$T/run" && tar cf ../two.tar run1/XDATCAR_npt run1/XDATCAR \
	    run1/INCAR)
	run "$X" --member XDATCAR "$T/two.tar"
	expect_eq "--member picks the member" "$(stream_field "$T/out" cell)" \
	    fixed
	run "$X" "$T/two.tar"
	expect_eq "default member: first XDATCAR*" \
	    "$(stream_field "$T/out" cell)" variable
	run "$X" --member nothere "$T/two.tar"
	expect_fail "--member absent" 1 "two.tar: archive has no member 'nothere'"
	(cd "$T/run" && tar czf ../noxdat.tar.gz run1/INCAR)
	run "$X" "$T/noxdat.tar.gz"
	expect_fail "archive with no XDATCAR" 1 \
	    "noxdat.tar.gz: archive has no member matching 'XDATCAR\*'"
	no_stream "archive with no XDATCAR: no stream"
	run "$X" - <"$T/run.tar.gz"
	expect_fail "archive on stdin needs --dt" 1 "<stdin>: no INCAR"
	sh_run "'$X' --dt 4 - <'$T/run.tar.gz' | '$HOPCAT' --tsv"
	expect_eq "archive on stdin with --dt" "$(cat "$T/out")" "$want"
}

# A compressed member (XDATCAR.gz in a tar or a zip) is decompressed, as
# a compressed file is (issue 13): the frames equal the plain file's, and
# a damaged gzip member is caught as a damaged .gz file is.
t_compressed_members() {
	need_hopcat "compressed members" || return 0
	if ! command -v bsdtar >/dev/null 2>&1; then
		skip "compressed members" "bsdtar not installed"
		return
	fi
	want=$("$X" --dt 10 $C/good-vasp5.xdatcar | "$HOPCAT" --tsv)
	for z in gzip xz bzip2 zstd; do
		if ! command -v $z >/dev/null 2>&1; then
			skip "$z member" "$z not installed"
			continue
		fi
		rm -rf "$T/m"
		mkdir -p "$T/m/run"
		$z -c $C/good-vasp5.xdatcar >"$T/m/run/XDATCAR.$z"
		cp $C/INCAR "$T/m/run/INCAR"
		(cd "$T/m" && bsdtar -cf a.tar run && bsdtar -czf a.tar.gz run &&
		    bsdtar --format zip -cf a.zip run)
		for a in a.tar a.tar.gz a.zip; do
			sh_run "'$X' --dt 10 '$T/m/$a' | '$HOPCAT' --tsv"
			expect_eq "$z member of $a: the plain file's frames" \
			    "$rc:$(cat "$T/out")" "0:$want"
		done
		sh_run "'$X' --dt 10 - <'$T/m/a.tar' | '$HOPCAT' --tsv"
		expect_eq "$z member of a tar on stdin" "$rc:$(cat "$T/out")" \
		    "0:$want"
	done
	rm -rf "$T/m"
	mkdir -p "$T/m/run"
	cp $C/INCAR "$T/m/run/INCAR"
	gzip -c $C/good-vasp5.xdatcar >"$T/m/XDATCAR.gz"
	# The member's CRC-32 damaged (the trailer's first byte).
	size=$(wc -c <"$T/m/XDATCAR.gz")
	cp "$T/m/XDATCAR.gz" "$T/m/run/XDATCAR.gz"
	printf '\377' | dd of="$T/m/run/XDATCAR.gz" bs=1 seek=$((size - 8)) \
	    conv=notrunc 2>/dev/null
	(cd "$T/m" && bsdtar -cf crc.tar run)
	run "$X" --dt 10 "$T/m/crc.tar"
	expect_fail "gzip member with a damaged CRC-32" 1 \
	    "crc.tar:run/XDATCAR.gz: gzip data corrupted"
	no_stream "gzip member with a damaged CRC-32: no stream"
	head -c $((size / 2)) "$T/m/XDATCAR.gz" >"$T/m/run/XDATCAR.gz"
	(cd "$T/m" && bsdtar -cf cut.tar run)
	run "$X" --dt 10 "$T/m/cut.tar"
	expect_fail "gzip member cut short" 1 "cut.tar:run/XDATCAR.gz: "
	no_stream "gzip member cut short: no stream"
	# An empty member is an empty XDATCAR, as before.
	: >"$T/m/run/XDATCAR"
	rm -f "$T/m/run/XDATCAR.gz"
	(cd "$T/m" && bsdtar -cf empty.tar run)
	run "$X" --dt 10 "$T/m/empty.tar"
	expect_fail "empty member" 1 "empty.tar:run/XDATCAR:"
}

# Truncation anywhere is an error, and a stream with no END record.
t_truncation() {
	need_hopcat "truncation" || return 0
	total=$(wc -c <$C/good-vasp5.xdatcar)
	bad=0
	for cut in 1 40 150 200 230 260 300 350; do
		[ "$cut" -lt "$total" ] || continue
		head -c "$cut" $C/good-vasp5.xdatcar >"$T/cut.xdatcar"
		cp $C/INCAR "$T/INCAR"
		run "$X" "$T/cut.xdatcar"
		if [ "$rc" = 0 ] &&
		    [ "$(stream_field "$T/out" frames 2>/dev/null)" = 3 ]; then
			bad=$((bad + 1))
		fi
		if [ "$rc" != 0 ] && "$HOPCAT" --header "$T/out" \
		    >/dev/null 2>&1; then
			bad=$((bad + 1))
		fi
	done
	expect_eq "a cut file never passes for the whole one" "$bad" 0
	awk 'BEGIN { while (i++ < 300000) printf "Li O " ; print "" }' \
	    >"$T/long.xdatcar"
	run "$X" --dt 1 "$T/long.xdatcar"
	expect_fail "a line over 1 MiB" 1 \
	    "long.xdatcar:1: line longer than 1048576 bytes$"
	rm -f "$T/long.xdatcar"
}

# A stream far larger than memory goes through in constant memory.
t_streaming() {
	need_hopcat "streaming" || return 0
	atoms=20000
	[ "${HOP_VARIANT:-rel}" = asan ] && atoms=4000
	sh_run "'$HELPERS/gen-xdatcar' $atoms 100 | '$X' --dt 1 | '$HOPCAT' --header"
	expect_rc "generated trajectory streams through" 0
	expect_eq "generated: 100 frames" \
	    "$(awk -F '\t' '$1 == "frames" { print $2 }' "$T/out")" 100
	sh_run "'$HELPERS/gen-xdatcar' 4 3 variable | '$X' --dt 1 | '$HOPCAT' --xyz | grep -o 'Lattice=\"[0-9.]*'"
	expect_eq "generated variable cell" "$(tr '\n' ' ' <"$T/out")" \
	    'Lattice="10 Lattice="10.001 Lattice="10.002 '
	if [ ! -x /usr/bin/time ]; then
		skip "memory independent of frames" "/usr/bin/time missing"
		return
	fi
	for n in 10 200; do
		"$HELPERS/gen-xdatcar" $atoms $n >"$T/gen.xdatcar"
		/usr/bin/time -f %M -o "$T/rss.$n" "$X" --dt 1 \
		    "$T/gen.xdatcar" >/dev/null
	done
	rm -f "$T/gen.xdatcar"
	r10=$(tail -1 "$T/rss.10")
	r200=$(tail -1 "$T/rss.200")
	if [ "$r200" -le $((r10 + r10 / 5 + 2048)) ]; then
		pass "memory independent of frames (${r10} KB, ${r200} KB)"
	else
		fail "memory independent of frames" "$r10 KB for 10 frames, $r200 KB for 200"
	fi
}

t_real() {
	need_shared "li6ps5cl-aimd" || return 0
	need_hopcat "real data" || return 0
	L=$SHARED/li6ps5cl-aimd/XDATCAR.gz
	run "$X" $L
	expect_rc "li6ps5cl converts" 0
	cp "$T/out" "$T/li.hop"
	expect_eq "li6ps5cl atoms" "$(stream_field "$T/li.hop" atoms)" 416
	expect_eq "li6ps5cl species" "$(stream_field "$T/li.hop" species)" \
	    "Li:192,Cl:32,S:160,P:32"
	expect_eq "li6ps5cl frames" "$(stream_field "$T/li.hop" frames)" 140
	expect_eq "li6ps5cl dt" "$(stream_field "$T/li.hop" dt_fs)" 100
	expect_eq "li6ps5cl cell a" \
	    "$(stream_field "$T/li.hop" cell_A | cut -d' ' -f1-3)" \
	    "20.312311 0.00019 -0.000113"
	gzip -dc $L >"$T/li.xdatcar"
	expect_eq "li6ps5cl: every value equals the text" \
	    "$(frac_values "$T/li.hop" | cksum)" \
	    "$(xdat_values "$T/li.xdatcar" | cksum)"
	expect_eq "li6ps5cl: last value" "$(frac_values "$T/li.hop" |
	    tail -1)" "$(xdat_values "$T/li.xdatcar" | tail -1)"
	rm -f "$T/li.xdatcar"
	for temp in 1600 1000; do
		F=$SHARED/caf2-md/${temp}K/XDATCAR.gz
		run "$X" $F
		expect_rc "caf2 ${temp}K converts" 0
		cp "$T/out" "$T/caf.hop"
		expect_eq "caf2 ${temp}K atoms" \
		    "$(stream_field "$T/caf.hop" atoms)" 324
		expect_eq "caf2 ${temp}K species" \
		    "$(stream_field "$T/caf.hop" species)" "Ca:108,F:216"
		expect_eq "caf2 ${temp}K frames" \
		    "$(stream_field "$T/caf.hop" frames)" 3000
		expect_eq "caf2 ${temp}K dt" \
		    "$(stream_field "$T/caf.hop" dt_fs)" 10
		expect_eq "caf2 ${temp}K temperature" \
		    "$(stream_field "$T/caf.hop" temperature_K)" $temp
		# Frame 2999, atom 323 and frame 1500, atom 200 as awk reads them.
		want=$(gzip -dc $F | awk 'tolower($1) == "direct" { f++; a = 0;
		    next } f > 0 && NF >= 3 { if ((f == 3000 && a == 323) ||
		    (f == 1501 && a == 200)) printf "%.10g %.10g %.10g\n", $1,
		    $2, $3; a++ }')
		got=$("$X" --first 1500 --every 1499 $F | "$HOPCAT" --tsv |
		    awk -F '\t' '($1 == 0 && $2 == 200) || ($1 == 1 &&
		    $2 == 323) { printf "%.10g %.10g %.10g\n", $4, $5, $6 }')
		expect_eq "caf2 ${temp}K values equal the text" "$got" "$want"
	done
	rm -f "$T/caf.hop"
}

t_iondiff() {
	need_shared "iondiff-bad-inputs" || return 0
	D=$SHARED/iondiff-bad-inputs
	run "$X" $D/XDATCAR_ok/XDATCAR
	expect_rc "iondiff XDATCAR_ok converts" 0
	if need_hopcat "iondiff XDATCAR_ok atoms"; then
		expect_eq "iondiff XDATCAR_ok atoms" \
		    "$(stream_field "$T/out" atoms)" 382
		expect_eq "iondiff XDATCAR_ok species" \
		    "$(stream_field "$T/out" species)" "Li:110,La:48,Zr:32,O:192"
		expect_eq "iondiff XDATCAR_ok first value" \
		    "$(frac_values "$T/out" | head -1)" "0 0 0.5 0 0.875"
	fi
	run "$X" $D/XDATCAR_scale_wrong/XDATCAR
	expect_fail "iondiff XDATCAR_scale_wrong" 1 \
	    "XDATCAR_scale_wrong/XDATCAR:2: expected the scale factor"
	run "$X" $D/XDATCAR_cell_wrong/XDATCAR
	expect_fail "iondiff XDATCAR_cell_wrong" 1 \
	    "XDATCAR_cell_wrong/XDATCAR:3: 'cell' is not a number"
	run "$X" $D/XDATCAR_composition_wrong/XDATCAR
	expect_fail "iondiff XDATCAR_composition_wrong" 1 \
	    "XDATCAR_composition_wrong/XDATCAR:7: 4 atom counts for the 11 species names on line 6"
	run "$X" $D/XDATCAR_pos_wrong/XDATCAR
	expect_fail "iondiff XDATCAR_pos_wrong" 1 \
	    "XDATCAR_pos_wrong/XDATCAR:390: the configuration of line 8 ends after 381 of 382 atoms"
	no_stream "iondiff XDATCAR_pos_wrong: no stream"
}

# A name given twice in the species line (Li O Li P, as ASE writes
# unsorted atoms, or two POTCARs of one element) is one species: its
# atoms grouped, each with its index in the file, as xyz2bin groups the
# same frames written as extended XYZ.
t_repeated() {
	need_hopcat "repeated species name" || return
	run "$X" --dt 10 $C/good-repeated.xdatcar
	expect_rc "Li O Li P converts" 0
	cp "$T/out" "$T/rep.bin"
	expect_eq "Li O Li P: one species Li" \
	    "$(stream_field "$T/rep.bin" species atoms)" "Li:3,O:1,P:1 5"
	expect_eq "Li O Li P: atoms grouped, each its index in the file" \
	    "$(stream_values "$T/rep.bin" | awk '$1 == 0 { printf "%s%s:%s",
	    n++ ? " " : "", $2, $3 }')" "0:Li 1:Li 3:Li 2:O 4:P"
	expect_eq "Li O Li P: positions as written" \
	    "$(stream_values "$T/rep.bin" | sort -n -k1,1 -k2,2 |
	    cut -d' ' -f1,2,4-)" "$(xdat_values $C/good-repeated.xdatcar)"
	run "$X" --dt 10 -s Li $C/good-repeated.xdatcar
	expect_eq "Li O Li P: --species Li keeps the 3" \
	    "$(stream_field "$T/out" species)" "Li:3"
	need_py "repeated species name: as xyz2bin" ase || return
	/usr/bin/python3 -c 'import sys
from ase.io import read, write
write(sys.argv[2], read(sys.argv[1], index=":", format="vasp-xdatcar"),
      format="extxyz")' $C/good-repeated.xdatcar "$T/rep.xyz" 2>"$T/py.err"
	run "$BIN/xyz2bin" --dt 10 "$T/rep.xyz"
	expect_rc "Li O Li P as extended XYZ converts" 0
	expect_eq "Li O Li P: header as xyz2bin's" \
	    "$(stream_field "$T/rep.bin" species atoms frames)" \
	    "$(stream_field "$T/out" species atoms frames)"
	"$BIN/hopcat" --tsv "$T/rep.bin" >"$T/rep.a"
	"$BIN/hopcat" --tsv "$T/out" >"$T/rep.b"
	same_positions "Li O Li P: xyz2bin's frames, atoms and positions" \
	    "$T/rep.a" "$T/rep.b"
}

t_usage
t_manual
t_corpus_bad
t_vasp5
t_vasp4
t_npt
t_scales
t_quirks
t_select
t_repeated
t_time
t_compressed
t_compressed_members
t_truncation
t_streaming
t_real
t_iondiff
