# split.sh - a run split by atoms gives what one process gives on the
# whole run: kmeans-hops on parts (by --atoms on the run's stream, or on
# hopsplit's streams) joined by hopcat --merge equals the whole run's hop
# stream record for record (the bytes after the header; the header differs
# only in provenance), in the reference and the adaptive mode, on a
# generated run and on CaF2 at 1600 K and Li6PS5Cl; the refusals
# (malformed and overlapping ranges, parts of different runs or options,
# a missing part, an existing output, --max-memory) with their messages.

GEN=$HELPERS/gen-traj

# same_run NAME WHOLE MERGED: the two hop streams agree record for record
# (and hold some; same_stream), and their hop tables too.
same_run() {
	same_stream "$1" "$2" "$3"
	"$BIN/hopcat" --hops "$2" >"$T/hops.a"
	"$BIN/hopcat" --hops "$3" >"$T/hops.b"
	expect_same "$1: hop tables identical" "$T/hops.a" "$T/hops.b"
}

# split_reference NAME RUN RANGE...: kmeans-hops on each --atoms RANGE of
# RUN, merged, against the whole run (reference mode, options in KOPTS).
split_reference() {
	_n=$1 _run=$2
	shift 2
	"$BIN/kmeans-hops" -q $KOPTS "$_run" >"$T/whole.bin"
	_i=0 _parts=
	for _r in "$@"; do
		"$BIN/kmeans-hops" -q $KOPTS --atoms "$_r" "$_run" \
		    >"$T/part$_i.bin"
		_parts="$_parts $T/part$_i.bin"
		_i=$((_i + 1))
	done
	run "$BIN/hopcat" --merge $_parts
	expect_rc "$_n: hopcat --merge" 0
	cp "$T/out" "$T/merged.bin"
	same_run "$_n" "$T/whole.bin" "$T/merged.bin"
}

# split_adaptive NAME RUN PART...: the adaptive mode on streams PART (from
# hopsplit; --vib-out then --vib-in), merged, against the whole RUN.
split_adaptive() {
	_n=$1 _run=$2
	shift 2
	"$BIN/kmeans-hops" -q --mode adaptive "$_run" >"$T/whole.bin"
	_vin=
	for _p in "$@"; do
		"$BIN/kmeans-hops" -q --mode adaptive --vib-out "$_p.vib" "$_p"
		_vin="$_vin --vib-in $_p.vib"
	done
	_parts=
	for _p in "$@"; do
		"$BIN/kmeans-hops" -q --mode adaptive $_vin "$_p" >"$_p.hops"
		_parts="$_parts $_p.hops"
	done
	run "$BIN/hopcat" --merge $_parts
	expect_rc "$_n: hopcat --merge" 0
	cp "$T/out" "$T/merged.bin"
	same_run "$_n" "$T/whole.bin" "$T/merged.bin"
}

# --- a generated run: 40 Li (half of them hopping) and 8 O hosts ---
"$GEN" -S random -n 40 -m 8 -f 1200 -s 3 -M 0.5 -R 4 >"$T/gen.bin"
"$GEN" -S random -n 40 -m 8 -f 1200 -s 4 -M 0.5 -R 4 >"$T/gen4.bin"
KOPTS=
split_reference "generated, reference, 3 parts by --atoms" "$T/gen.bin" \
    0-12 13-29 30-47
"$BIN/hopcat" --header "$T/whole.bin" >"$T/h"
hops=$(awk -F '\t' '$1 == "hops" { print $2 }' "$T/h")
if [ "${hops:-0}" -gt 5 ]; then pass "generated: the run has hops ($hops)"
else fail "generated: the run has hops" "$hops hops"; fi

run "$BIN/hopsplit" --parts 2 -o "$T/gp" "$T/gen.bin"
expect_rc "hopsplit --parts 2" 0
expect_eq "hopsplit lists the parts, balanced per species" "$(cat "$T/err")" \
"hopsplit: $T/gp.0.bin: 24 atoms (Li:20 O:4): --atoms 0-19,40-43
hopsplit: $T/gp.1.bin: 24 atoms (Li:20 O:4): --atoms 20-39,44-47"
split_adaptive "generated, adaptive, hopsplit in 2" "$T/gen.bin" \
    "$T/gp.0.bin" "$T/gp.1.bin"
KOPTS=
split_reference "generated, reference, the hopsplit lists" "$T/gen.bin" \
    0-19,40-43 20-39,44-47

# The adaptive parts without --vib-in read the plateau off their own
# atoms: that is why the curves are shared (the result may or may not
# differ on a given run; the shared one must not).

# msd_same NAME WHOLE_JSON REDUCED_JSON: the reduce gives the single
# run's numbers: D*, D_coll, H, sigma, every uncertainty, the noise and
# the halves to 1e-9 relative (the JSON's 10 digits; test_msdpart checks
# 1e-10 at full precision), each stride of the ladder to 1e-6 (a stride
# whose fit sits on the model's boundary reproduces to about 1e-7 only,
# as a single run does between --jobs 1 and 2: man/msd.1).
msd_same() {
	if /usr/bin/python3 - "$2" "$3" >"$T/cmp" 2>&1 <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
bad = []
def close(x, y, tol, where):
    if x is None or y is None:
        if x != y: bad.append("%s: %s and %s" % (where, x, y))
        return
    if abs(x - y) > tol * max(abs(x), abs(y)):
        bad.append("%s: %r and %r" % (where, x, y))
keys = ["D_self_cm2_s", "dD_self_cm2_s", "D_coll_cm2_s", "dD_coll_cm2_s",
        "haven", "dhaven", "sigma_S_cm", "dsigma_S_cm", "start_ps",
        "noise_self_A2", "noise_coll_A2", "ions", "frames", "volume_A3"]
for k in keys:
    close(a[k], b[k], 1e-9, k)
for h in ("first_half", "second_half"):
    for k in a[h]:
        close(a[h][k], b[h][k], 1e-9, h + "." + k)
if len(a["strides"]) != len(b["strides"]):
    bad.append("ladders of %d and %d" % (len(a["strides"]), len(b["strides"])))
for i, (x, y) in enumerate(zip(a["strides"], b["strides"])):
    for k in x:
        if isinstance(x[k], bool) or x[k] is None:
            if x[k] != y[k]: bad.append("stride %d %s" % (i, k))
        else:
            close(x[k], y[k], 1e-6, "stride %d %s" % (i, k))
for k in ("flags", "species", "dims", "drift", "estimator"):
    if a[k] != b[k]: bad.append("%s: %s and %s" % (k, a[k], b[k]))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
	then pass "$1"; else fail "$1" "$(head -5 "$T/cmp")"; fi
}

# msd_table_same NAME A B: the MSD tables agree to 1e-9 of each row's
# largest value (the distinct part is a difference).
msd_table_same() {
	if awk -F '\t' 'NR == FNR { if ($1 !~ /^#/) r[FNR] = $0; next }
	    $1 !~ /^#/ { n++; split(r[FNR], x, "\t"); m = 0
		for (i = 2; i <= NF; i++) { v = $i < 0 ? -$i : $i
		    if (v > m) m = v }
		for (i = 1; i <= NF; i++) { d = $i - x[i]; if (d < 0) d = -d
		    if (d > 1e-9 * m + 1e-12) bad++ } }
	    END { exit !(n > 100 && bad == 0) }' "$2" "$3"
	then pass "$1"; else fail "$1" "tables differ beyond 1e-9"; fi
}

# split_msd NAME RUN RANGE...: msd --partial on each --atoms RANGE of RUN
# and --reduce, against the whole run.
split_msd() {
	_n=$1 _run=$2
	shift 2
	"$BIN/msd" -q --json "$T/mw.json" "$_run" >"$T/mw.tsv"
	_i=0 _parts=
	for _r in "$@"; do
		"$BIN/msd" -q --partial --atoms "$_r" "$_run" >"$T/mp$_i.part"
		_parts="$_parts $T/mp$_i.part"
		_i=$((_i + 1))
	done
	run "$BIN/msd" -q --reduce --json "$T/mr.json" $_parts
	expect_rc "$_n: msd --reduce" 0
	cp "$T/out" "$T/mr.tsv"
	msd_same "$_n: the numbers of the whole run" "$T/mw.json" "$T/mr.json"
	msd_table_same "$_n: the MSD table of the whole run" "$T/mw.tsv" \
	    "$T/mr.tsv"
}

split_msd "generated, msd in 3 parts" "$T/gen.bin" 0-12 13-29 30-47
# hopsplit's streams, without --atoms: each holds a share of the
# framework, so no drift correction (warned), the numbers of the whole
# run's msd --no-drift.
for i in 0 1; do
	run "$BIN/msd" --partial "$T/gp.$i.bin"
	cp "$T/out" "$T/gq$i.part"
done
expect_err "generated, msd --partial on a hopsplit part: no drift correction, warned" \
    "gp.1.bin: a part of hopsplit holds only some of the framework's atoms: no drift correction"
run "$BIN/msd" -q --reduce --json "$T/mr.json" "$T/gq0.part" "$T/gq1.part"
expect_rc "generated, msd on hopsplit's parts" 0
"$BIN/msd" -q --no-drift --json "$T/mw0.json" "$T/gen.bin" >/dev/null
msd_same "generated, msd on hopsplit's parts: the whole run's numbers" \
    "$T/mw0.json" "$T/mr.json"
run "$BIN/msd" --reduce "$T/mp0.part" "$T/mp2.part"
expect_fail "msd --reduce: a missing part" 1 \
    "^msd: the parts miss 17 of the 40 Li ions \(first 13\): is a part missing\?$"
run "$BIN/msd" --reduce "$T/mp0.part" "$T/mp0.part" "$T/mp1.part" "$T/mp2.part"
expect_fail "msd --reduce: overlapping parts" 1 \
    "^msd: atom 0 is in both .*/mp0.part and .*/mp0.part: the parts overlap$"
"$BIN/msd" -q --partial --atoms 13-39 "$T/gen4.bin" >"$T/other.part"
run "$BIN/msd" --reduce "$T/mp0.part" "$T/other.part"
expect_fail "msd --reduce: parts of different runs" 1 \
    "^msd: .*/mp0.part and .*/other.part are not parts of one run: they differ in "
"$BIN/msd" -q --no-drift --partial --atoms 13-29 "$T/gen.bin" \
    >"$T/mp1n.part"
run "$BIN/msd" --reduce "$T/gq0.part" "$T/mp1n.part"
expect_fail "msd --reduce: a hopsplit part and an --atoms part" 1 \
    "are not parts of one run: they differ in provenance"
run "$BIN/msd" --reduce "$T/gq0.part" "$T/mp1.part"
expect_fail "msd --reduce: parts with and without the drift correction" 1 \
    "are not parts of one run: they differ in drift correction"
cp "$T/mp1.part" "$T/corrupt.part"
printf 'x' | dd of="$T/corrupt.part" bs=1 seek=2000 conv=notrunc 2>/dev/null
run "$BIN/msd" --reduce "$T/mp0.part" "$T/corrupt.part" "$T/mp2.part"
expect_fail "msd --reduce: a corrupt part" 1 \
    "^msd: .*/corrupt.part: a section's checksum is wrong \(a corrupt file\)$"
run "$BIN/msd" --reduce "$T/gen.bin"
expect_fail "msd --reduce: a stream is not a part" 1 \
    "^msd: .*/gen.bin: not a partial file of msd --partial \(no HOPMSDP1 magic\)$"
run "$BIN/msd" --partial --ols "$T/gen.bin"
expect_fail "msd --partial --ols refused" 2 \
    "^msd: --partial and --reduce take the estimator's numbers: no --arrhenius, --ols or --per-axis$"

# --- refusals ---
run "$BIN/kmeans-hops" --atoms 0-10,5-20 "$T/gen.bin"
expect_fail "overlapping ranges refused" 2 \
    "^kmeans-hops: invalid --atoms '0-10,5-20': ranges 0-10 and 5-20 overlap$"
run "$BIN/msd" --atoms 3-x "$T/gen.bin"
expect_fail "a malformed range refused" 2 \
    "^msd: invalid --atoms '3-x': '3-x' is not an index or a range N-M \(0 to 4294967294\)$"
run "$BIN/kmeans-hops" --atoms 9-3 "$T/gen.bin"
expect_fail "a reversed range refused" 2 \
    "^kmeans-hops: invalid --atoms '9-3': range 9-3 is reversed$"
run "$BIN/kmeans-hops" --atoms 40-47 "$T/gen.bin"
expect_fail "a range without the analysed species' atoms" 1 \
    "^kmeans-hops: .*gen.bin: --atoms selects none of the mobile species' atoms analysed$"
"$BIN/kmeans-hops" -q --atoms 0-19 "$T/gen.bin" >"$T/a.bin"
"$BIN/kmeans-hops" -q --atoms 20-39 "$T/gen.bin" >"$T/b.bin"
"$BIN/kmeans-hops" -q --atoms 15-39 "$T/gen.bin" >"$T/b2.bin"
run "$BIN/hopcat" --merge "$T/a.bin"
expect_fail "a missing part refused" 1 \
    "^hopcat: the parts miss 20 of the 40 Li atoms \(first 20\): is a part missing\?$"
no_stream "... and no stream written"
run "$BIN/hopcat" --merge "$T/a.bin" "$T/b2.bin"
expect_fail "overlapping parts refused" 1 \
    "^hopcat: atom 15 is in both .*/a.bin and .*/b2.bin: the parts overlap$"
"$BIN/kmeans-hops" -q --atoms 20-39 "$T/gen4.bin" >"$T/c.bin"
run "$BIN/hopcat" --merge "$T/a.bin" "$T/c.bin"
expect_fail "parts of different runs refused" 1 \
    "^hopcat: .*/a.bin and .*/c.bin are not parts of one run: provenance entry 1 \(gen-traj\) has other options"
"$BIN/kmeans-hops" -q --mode adaptive --atoms 20-39 "$T/gen.bin" >"$T/d.bin"
run "$BIN/hopcat" --merge "$T/a.bin" "$T/d.bin"
expect_fail "parts analysed in different modes refused" 1 \
    "^hopcat: .*/a.bin and .*/d.bin are not parts of one run: provenance entry 2 \(kmeans-hops\) has other options: '' and '--mode adaptive'$"
run "$BIN/kmeans-hops" --mode network --atoms 0-19 "$T/gen.bin"
expect_fail "the network mode refuses a part" 1 \
    "^kmeans-hops: .*/gen.bin: the network mode's sites come from every atom of the species: a part of a run split by atoms \(--atoms, hopsplit\) would find other sites; pool every part \\(--pool-out\\) and find the sites from all the pools \\(--pool-in\\), see kmeans-hops\\(1\\)$"
run "$BIN/hopcat" --merge "$T/gen.bin"
expect_fail "a frame stream is not a part" 1 \
    "^hopcat: .*/gen.bin: record 1: a frame: --merge joins hop streams"
run "$BIN/kmeans-hops" --mode adaptive --atoms 0-19 --vib-in "$T/gp.1.bin.vib" \
    "$T/gen.bin"
expect_fail "--vib-in without the part's own atoms refused" 1 \
    "^kmeans-hops: .*/gen.bin: --vib-in: atom 0, analysed here, is in none of the curves \(give every part's --vib-out\)$"
run "$BIN/hopsplit" --parts 2 -o "$T/gp" "$T/gen.bin"
expect_fail "hopsplit refuses to overwrite its parts" 1 \
    "^hopsplit: .*/gp.0.bin exists \(--force replaces it\)$"
run "$BIN/hopsplit" --atoms 0-9 --atoms 5-19 -o "$T/ov" "$T/gen.bin"
expect_fail "hopsplit: overlapping lists refused" 2 \
    "^hopsplit: --atoms lists 1 and 2 overlap at atom 5$"
run "$BIN/kmeans-hops" --max-memory 1M "$T/gen.bin"
expect_fail "kmeans-hops: --max-memory refusal names the split path" 1 \
    "^kmeans-hops: .*/gen.bin: needs about .* \(40 atoms x 1200 frames\), more than --max-memory 1 MiB; split the run by atoms \(--atoms RANGE on each part, or hopsplit\), then hopcat --merge the parts' hop streams$"
no_stream "... before writing anything"
# A run too big for one process's limit, analysed in parts that fit it.
run "$BIN/kmeans-hops" -j 1 --max-memory 4.5M "$T/gen.bin"
expect_rc "generated: the whole run is over --max-memory 4.5M" 1
"$BIN/kmeans-hops" -q "$T/gen.bin" >"$T/whole.bin"
_parts=
for r in 0-12 13-29 30-47; do
	run "$BIN/kmeans-hops" -q -j 1 --max-memory 4.5M --atoms $r "$T/gen.bin"
	expect_rc "generated: part $r fits --max-memory 4.5M" 0
	cp "$T/out" "$T/lim.$r.bin"
	_parts="$_parts $T/lim.$r.bin"
done
"$BIN/hopcat" --merge $_parts >"$T/merged.bin"
same_run "generated, over the limit, in parts" "$T/whole.bin" \
    "$T/merged.bin"
run "$BIN/msd" --max-memory 2M "$T/gen.bin"
expect_fail "msd: --max-memory refusal names the split path" 1 \
    "^msd: .*/gen.bin: needs about .* \(40 ions x 1200 frames\), more than --max-memory 2 MiB; split the run by atoms \(--atoms RANGE on each part, or hopsplit\), then msd --partial on each part and msd --reduce$"
run "$BIN/kmeans-hops" --max-memory 2X "$T/gen.bin"
expect_fail "a bad --max-memory refused" 2 \
    "^kmeans-hops: invalid --max-memory '2X' \(want a size such as 2G, 500M or 1048576\)$"
run "$BIN/kmeans-hops" -q --max-memory 1G --atoms 0-9 -T "$T/gen.bin"
expect_rc "-q: no statement of the memory" 0
expect_eq "... nothing on standard error" "$(cat "$T/err")" ""

# --- real data ---
if need_shared "split: CaF2 1600 K"; then
	caf=$SHARED/caf2-md/1600K/XDATCAR.gz
	"$BIN/xdat2bin" --last 799 "$caf" | "$BIN/unwrap" >"$T/caf.bin"
	KOPTS=
	split_reference "CaF2 1600 K, reference, 3 parts" "$T/caf.bin" \
	    108-179 180-251 252-323
	"$BIN/xdat2bin" "$caf" | "$BIN/unwrap" >"$T/caf-all.bin"
	"$BIN/hopsplit" -q --parts 3 -o "$T/cp" "$T/caf-all.bin"
	split_adaptive "CaF2 1600 K, adaptive, hopsplit in 3" "$T/caf-all.bin" \
	    "$T/cp.0.bin" "$T/cp.1.bin" "$T/cp.2.bin"
	# A converter's --atoms gives hopsplit's part, frame for frame.
	"$BIN/xdat2bin" --atoms 36-71,180-251 "$caf" | "$BIN/unwrap" \
	    >"$T/c1.bin"
	"$BIN/hopcat" --tsv "$T/c1.bin" >"$T/c1.tsv"
	"$BIN/hopcat" --tsv "$T/cp.1.bin" >"$T/cp1.tsv"
	expect_same "xdat2bin --atoms equals hopsplit's part" "$T/c1.tsv" \
	    "$T/cp1.tsv"
	split_msd "CaF2 1600 K, msd in 3 parts" "$T/caf-all.bin" 0-150 \
	    151-250 251-323
	run "$BIN/xdat2bin" --species Ca --atoms 200-300 "$caf"
	expect_fail "xdat2bin: --atoms and --species intersect (here empty)" 1 \
	    "^xdat2bin: .*XDATCAR.gz: --atoms 200-300: none of the file's 324 atoms of those species$"
fi
if need_shared "split: Li6PS5Cl"; then
	"$BIN/xdat2bin" "$SHARED/li6ps5cl-aimd/XDATCAR.gz" | "$BIN/unwrap" \
	    >"$T/lps.bin"
	"$BIN/hopsplit" -q --parts 2 -o "$T/lp" "$T/lps.bin"
	split_adaptive "Li6PS5Cl, adaptive, hopsplit in 2" "$T/lps.bin" \
	    "$T/lp.0.bin" "$T/lp.1.bin"
	split_msd "Li6PS5Cl, msd in 2 parts" "$T/lps.bin" 0-30 31-1000
	KOPTS=
	split_reference "Li6PS5Cl, reference, 2 parts" "$T/lps.bin" 0-11 12-200
fi
