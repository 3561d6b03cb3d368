# hopsplit.sh - hopsplit's parts: each part's frames are the run's frames
# of its atoms (checked against the run with awk), the species tables and
# the note in the provenance, --atoms lists, --json, and the refusals.
# (The split path end to end is split.sh.)

GEN=$HELPERS/gen-traj
"$GEN" -S random -n 10 -m 5 -f 50 -s 2 >"$T/run.bin"
run "$BIN/hopsplit" --parts 3 -o "$T/p" --json "$T/p.json" "$T/run.bin"
expect_rc "hopsplit --parts 3" 0
expect_eq "parts balanced per species" "$(cat "$T/err")" \
"hopsplit: $T/p.0.bin: 4 atoms (Li:3 O:1): --atoms 0-2,10
hopsplit: $T/p.1.bin: 5 atoms (Li:3 O:2): --atoms 3-5,11-12
hopsplit: $T/p.2.bin: 6 atoms (Li:4 O:2): --atoms 6-9,13-14"
expect_eq "the species table is the part's" \
    "$(stream_field "$T/p.1.bin" atoms species)" "5 Li:3,O:2"
"$BIN/hopcat" --header "$T/p.1.bin" | grep '^provenance.*hopsplit' >"$T/prov"
if grep -q "# part 2 of 3: atoms 3-5,11-12 of Li=0-9 O=10-14$" "$T/prov"
then pass "the note names the part and the whole run"
else fail "the note names the part and the whole run" "$(cat "$T/prov")"; fi
# Every part's frames are the run's rows of its atoms, in order.
"$BIN/hopcat" --tsv "$T/run.bin" >"$T/run.tsv"
for i in 0 1 2; do
	"$BIN/hopcat" --tsv "$T/p.$i.bin" >"$T/p$i.tsv"
done
awk -F '\t' 'NR == FNR { if (FNR > 1) want[$1 " " $2] = $0; next }
	FNR > 1 { n++; if (want[$1 " " $2] != $0) bad++ }
	END { exit !(n == 50 * 15 && bad == 0) }' "$T/run.tsv" \
    "$T/p0.tsv" "$T/p1.tsv" "$T/p2.tsv" &&
    pass "the parts' frames are the run's, every atom once" ||
    fail "the parts' frames are the run's, every atom once" "differ"
/usr/bin/python3 - "$T/p.json" >"$T/j" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(d["parts"], ",".join(p["atoms"] for p in d["part"]),
      sum(p["natoms"] for p in d["part"]))
PY
expect_eq "--json lists the parts" "$(cat "$T/j")" "3 0-2,10,3-5,11-12,6-9,13-14 15"
run "$BIN/hopsplit" --atoms 0-4 --atoms 12 -o "$T/q" "$T/run.bin"
expect_rc "hopsplit --atoms lists" 0
expect_eq "... a part per list" "$(stream_field "$T/q.1.bin" atoms species)" \
    "1 O:1"
run "$BIN/hopsplit" --parts 3 -o "$T/p" "$T/run.bin"
expect_fail "an existing part refused" 1 \
    "^hopsplit: .*/p.0.bin exists \(--force replaces it\)$"
run "$BIN/hopsplit" --force -q --parts 3 -o "$T/p" "$T/run.bin"
expect_rc "... replaced with --force" 0
expect_eq "... and -q lists nothing" "$(cat "$T/err")" ""
run "$BIN/hopsplit" --parts 2 --atoms 0 -o "$T/r" "$T/run.bin"
expect_fail "--parts and --atoms together refused" 2 \
    "^hopsplit: give --parts=K or --atoms lists, one of the two$"
run "$BIN/hopsplit" --parts 2 "$T/run.bin"
expect_fail "no -o refused" 2 "^hopsplit: -o PREFIX is required"
run "$BIN/hopsplit" --parts 16 -o "$T/r" "$T/run.bin"
expect_fail "more parts than atoms refused" 1 \
    "^hopsplit: .*/run.bin: 16 parts of 15 atoms$"
run "$BIN/hopsplit" --atoms 100-200 -o "$T/r" "$T/run.bin"
expect_fail "a list with none of the atoms refused" 1 \
    "^hopsplit: .*/run.bin: --atoms 100-200: none of the input's atoms$"
run "$BIN/hopsplit" --parts 2 -o "$T/r" "$T/p.0.bin"
expect_fail "a part is not split again" 1 \
    "^hopsplit: .*/p.0.bin: already a part of a split run \(split the whole run instead\)$"
"$BIN/kmeans-hops" -q "$T/run.bin" >"$T/hops.bin"
run "$BIN/hopsplit" --parts 2 -o "$T/r" "$T/hops.bin"
expect_fail "a hop stream refused" 1 \
    "^hopsplit: .*/hops.bin: record 1: a hop record: hopsplit splits a stream of frames"
[ ! -e "$T/r.0.bin" ] && pass "... and no part left behind" ||
    fail "... and no part left behind" "$T/r.0.bin exists"
