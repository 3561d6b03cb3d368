# split-network.sh - kmeans-hops --mode network on a run split by atoms
# gives what one process gives on the whole run: every part pools its
# atoms (--pool-out), the pools give the candidate sites (--pool-in
# --sites-out), every part counts its visits to them (--visits-out), the
# visits prune them (--visits-in --sites-out), and every part finds its
# hops on those sites (--sites-in); hopcat --merge then equals the whole
# run's hop stream byte for byte after the header, and the parts' sites
# file the one the whole run writes (--sites-out), byte for byte.  On a
# generated run (by --atoms and by hopsplit's streams, and one whose
# wide vibration makes sites of dwells), a generated fluorite lattice
# whose framework has 32 translations, and CaF2 at 1600 K (108), with the
# translations and without; every bad or mismatched file refused with its
# message.

GEN=$HELPERS/gen-traj
# The pools carry each part's framework; the candidates step finds the
# whole run's translations from them (common/sitefile.h).
K="$BIN/kmeans-hops -q --mode network"
KN="$K --no-translations"
# ntrans FILE: the translations a sites file's sites were found over.
ntrans() { tr -c '[:print:]' '\n' <"$1" | sed -n 's/^ntrans=//p'; }
# has_hops NAME MIN: the whole run's hops ($T/whole.bin) are more than MIN.
has_hops() {
	_h=$("$BIN/hopcat" --hops "$T/whole.bin" | awk 'NR > 1' | wc -l)
	if [ "$_h" -gt "$2" ]; then pass "$1: the run has hops ($_h)"
	else fail "$1: the run has hops" "$_h hops"; fi
}

# split_network NAME RUN atoms|streams PART...: the recipe on PART (--atoms
# ranges of RUN, or hopsplit's streams of it) against one process on RUN.
# Leaves $T/net.* (pools, candidates, visits, sites, hops).
split_network() {
	_n=$1 _run=$2 _how=$3
	shift 3
	$K "$_run" >"$T/whole.bin"
	$K --sites-out "$T/whole.sites" "$_run"
	_i=0 _pin= _vin= _parts=
	for _p in "$@"; do
		if [ "$_how" = atoms ]; then _in="--atoms $_p $_run"
		else _in=$_p; fi
		$K --pool-out "$T/net.pool.$_i" $_in
		_pin="$_pin --pool-in $T/net.pool.$_i"
		_i=$((_i + 1))
	done
	run $K $_pin --sites-out "$T/net.cand"
	expect_rc "$_n: the candidates from the pools" 0
	_i=0
	for _p in "$@"; do
		if [ "$_how" = atoms ]; then _in="--atoms $_p $_run"
		else _in=$_p; fi
		$K --sites-in "$T/net.cand" --visits-out "$T/net.vis.$_i" $_in
		_vin="$_vin --visits-in $T/net.vis.$_i"
		_i=$((_i + 1))
	done
	run $K --sites-in "$T/net.cand" $_vin --sites-out "$T/net.sites"
	expect_rc "$_n: the sites from the candidates and visits" 0
	expect_same "$_n: the parts' sites are the whole run's, byte for byte" \
	    "$T/whole.sites" "$T/net.sites"
	_i=0
	for _p in "$@"; do
		if [ "$_how" = atoms ]; then _in="--atoms $_p $_run"
		else _in=$_p; fi
		$K --sites-in "$T/net.sites" $_in >"$T/net.hops.$_i"
		_parts="$_parts $T/net.hops.$_i"
		_i=$((_i + 1))
	done
	run "$BIN/hopcat" --merge $_parts
	expect_rc "$_n: hopcat --merge" 0
	cp "$T/out" "$T/merged.bin"
	same_stream "$_n" "$T/whole.bin" "$T/merged.bin"
	# The last part straight from the pools and visits, no reduce job.
	$K $_pin $_vin $_in >"$T/direct.bin"
	records "$T/direct.bin" >"$T/rec.a"
	records "$T/net.hops.$((_i - 1))" >"$T/rec.b"
	expect_same "$_n: --pool-in --visits-in on a part equals --sites-in" \
	    "$T/rec.a" "$T/rec.b"
	PIN=$_pin VIN=$_vin
}

# --- a generated run: 40 Li (half of them hopping) and 8 O hosts ---
"$GEN" -S random -n 40 -m 8 -f 1200 -s 3 -M 0.5 -R 4 >"$T/gen.bin"
"$GEN" -S random -n 40 -m 8 -f 1200 -s 4 -M 0.5 -R 4 >"$T/gen4.bin"
"$GEN" -S random -n 40 -m 8 -f 1000 -s 3 -M 0.5 -R 4 >"$T/short.bin"
split_network "generated, 3 parts by --atoms" "$T/gen.bin" atoms \
    0-12 13-29 30-47
has_hops generated 20
"$BIN/hopsplit" -q --parts 2 -o "$T/gp" "$T/gen.bin"
split_network "generated, hopsplit in 2" "$T/gen.bin" streams \
    "$T/gp.0.bin" "$T/gp.1.bin"

# --- refusals: the options ---
run "$BIN/kmeans-hops" --mode adaptive --pool-out "$T/x" "$T/gen.bin"
expect_fail "--pool-out needs the network mode" 2 \
    "^kmeans-hops: --pool-\*, --sites-\* and --visits-\* go with --mode network$"
run $K --pool-out "$T/x" --sites-out "$T/y" "$T/gen.bin"
expect_fail "two steps at once refused" 2 \
    "^kmeans-hops: --pool-out, --visits-out and --sites-out are steps of a split run: one at a time$"
run $K $PIN --sites-out "$T/y" "$T/gen.bin"
expect_fail "a reduce reads no frames" 2 \
    "^kmeans-hops: --sites-out with --pool-in or --sites-in reads no frames: no FILE$"
run $K --sites-in "$T/net.sites" --merge-tol 1 "$T/gen.bin"
expect_fail "another --merge-tol than the sites' refused" 1 \
    "^kmeans-hops: .*/net.sites: species Li: sites found with --merge-tol 0 --dist 0 \(0: the default\), not this run's --merge-tol and --dist$"
run $K --visits-out "$T/y" "$T/gen.bin"
expect_fail "--visits-out without candidates refused" 2 \
    "^kmeans-hops: --visits-out and --visits-in go with the candidate sites: --sites-in or --pool-in$"
run $K --pool-in "$T/net.pool.0" --sites-in "$T/net.sites" "$T/gen.bin"
expect_fail "two sources of sites refused" 2 \
    "^kmeans-hops: --pool-in and --sites-in are two sources of the sites: one at a time$"
run $K --atoms 0-19 "$T/gen.bin"
expect_fail "a part without shared sites refused" 1 \
    "^kmeans-hops: .*/gen.bin: the network mode's sites come from every atom of the species: a part of a run split by atoms \(--atoms, hopsplit\) would find other sites; pool every part \(--pool-out\) and find the sites from all the pools \(--pool-in\), see kmeans-hops\(1\)$"
no_stream "... and no stream written"

# --- refusals: the files ---
run $K --sites-in "$T/gen.bin" "$T/gen.bin"
expect_fail "a stream is not a sites file" 1 \
    "^kmeans-hops: .*/gen.bin: not a pool, candidates, visits or sites file \(kmeans-hops --pool-out, --sites-out, --visits-out write them\)$"
run $K --sites-in "$T/net.pool.0" "$T/gen.bin"
expect_fail "a pool is not a sites file" 1 \
    "^kmeans-hops: .*/net.pool.0: pool file, not what --sites-in takes \(candidates or sites\)$"
run $K --sites-in "$T/net.cand" --atoms 0-19 "$T/gen.bin"
expect_fail "candidates without the visits refused" 1 \
    "^kmeans-hops: .*/net.cand: candidate sites: prune them with every part's visits \(--visits-in of each part's --visits-out\)$"
run $K --sites-in "$T/net.sites" --visits-in "$T/net.vis.0" --sites-out "$T/y"
expect_fail "final sites are not pruned twice" 1 \
    "^kmeans-hops: --visits-in: .*/net.sites holds final sites, not candidates: they were pruned already$"
cp "$T/net.sites" "$T/bad.sites"
printf 'x' | dd of="$T/bad.sites" bs=1 seek=700 conv=notrunc 2>/dev/null
run $K --sites-in "$T/bad.sites" "$T/gen.bin"
expect_fail "a damaged sites file refused" 1 \
    "^kmeans-hops: .*/bad.sites: block 1: checksum mismatch: the file is damaged$"
head -c 300 "$T/net.sites" >"$T/cut.sites"
run $K --sites-in "$T/cut.sites" "$T/gen.bin"
expect_fail "a truncated sites file refused" 1 \
    "^kmeans-hops: .*/cut.sites: block 1: truncated$"
sed 's/^sigma=0\./sigma=-0./' "$T/net.sites" >"$T/neg.sites"
run $K --sites-in "$T/neg.sites" "$T/gen.bin"
expect_fail "an edited header refused" 1 \
    "^kmeans-hops: .*/neg.sites: block 1: header checksum mismatch: the file is damaged$"
# Parts of other runs.
run $K --sites-in "$T/net.sites" "$T/gen4.bin"
expect_fail "sites of another run refused" 1 \
    "^kmeans-hops: .*/net.sites: species Li: atom 0 starts elsewhere than where the sites saw it: the sites are another run's$"
run $K --sites-in "$T/net.sites" "$T/short.bin"
expect_fail "sites of a run of other frames refused" 1 \
    "^kmeans-hops: .*/net.sites: species Li: sites of a run of 1200 frames, this one has 1000$"
$K --atoms 0-19 --pool-out "$T/short.pool" "$T/short.bin"
run $K --pool-in "$T/net.pool.1" --pool-in "$T/short.pool" --sites-out "$T/y"
expect_fail "pools of runs of other frames refused" 1 \
    "^kmeans-hops: .*/short.pool: species Li: not a part of the same run as .*/net.pool.1: atoms of 1000 frames, not 1200$"
# Without translations the pools' own check of the frames answers.
run $KN --pool-in "$T/net.pool.1" --pool-in "$T/short.pool" --sites-out "$T/y"
expect_fail "... and with --no-translations" 1 \
    "^kmeans-hops: .*/short.pool: species Li: not a part of the same run: .*/net.pool.1: ions of 1000 frames, not 1200$"
run $K --pool-in "$T/net.pool.0" --pool-in "$T/net.pool.0" --sites-out "$T/y"
expect_fail "a pool given twice refused" 1 \
    "^kmeans-hops: --pool-in: species Li: the pools hold 20 of the run's 40 atoms, for the framework's translations: give every part's --pool-out$"
run $KN --pool-in "$T/net.pool.0" --pool-in "$T/net.pool.0" --sites-out "$T/y"
expect_fail "... and with --no-translations" 1 \
    "^kmeans-hops: --pool-in: species Li: atom 0 is pooled twice$"
run $K --pool-in "$T/net.pool.0" --sites-out "$T/y"
expect_fail "a missing part's pool refused" 1 \
    "^kmeans-hops: --pool-in: species Li: the pools hold 20 of the run's 40 ions: give every part's --pool-out, once$"
set -- $VIN
run $K --sites-in "$T/net.cand" --visits-in "$2" --sites-out "$T/y"
expect_fail "a missing part's visits refused" 1 \
    "^kmeans-hops: --visits-in: species Li: atom 20 has no visits: give every part's --visits-out$"
run $K --sites-in "$T/net.cand" $VIN --visits-in "$2" --sites-out "$T/y"
expect_fail "a part's visits given twice refused" 1 \
    "^kmeans-hops: --visits-in: species Li: more ions than the 40 the sites came from \(a part given twice\?\)$"
$K --pool-out "$T/o.pool" "$T/gen4.bin"
$K --pool-in "$T/o.pool" --sites-out "$T/o.cand"
$K --sites-in "$T/o.cand" --visits-out "$T/o.vis" "$T/gen4.bin"
run $K --sites-in "$T/net.cand" --visits-in "$T/o.vis" --sites-out "$T/y"
expect_fail "visits to other candidates refused" 1 \
    "^kmeans-hops: .*/o.vis: species Li: visits to other candidates \(id [0-9a-f]{8}, these are [0-9a-f]{8}\): count them with --sites-in of these$"
run $K --sites-in "$T/net.vis.0" "$T/gen.bin"
expect_fail "visits are not sites" 1 \
    "^kmeans-hops: .*/net.vis.0: visits file, not what --sites-in takes \(candidates or sites\)$"
# Visits written before they carried dwells (step 7): counted again.
run $K --sites-in "$T/net.cand" --visits-in tests/fuzz/sitefile/visits-old \
    --sites-out "$T/y"
expect_fail "visits from an older kmeans-hops refused" 1 \
    "^kmeans-hops: tests/fuzz/sitefile/visits-old: block 1: visits without dwells, from an older kmeans-hops: count them again \(--visits-out\)$"
# ... or before they carried the short visits' counts.
run $K --sites-in "$T/net.cand" --visits-in tests/fuzz/sitefile/visits-noshort \
    --sites-out "$T/y"
expect_fail "visits without short visits refused" 1 \
    "^kmeans-hops: tests/fuzz/sitefile/visits-noshort: block 1: visits without short visits, from an older kmeans-hops: count them again \(--visits-out\)$"

# --- the framework's translations: a generated fluorite lattice (F on
# the cubes' sites, Ca on alternate cubes' centres), split by hopsplit and
# by --atoms (whose parts all hold every atom: the framework pooled once
# per part, the same) ---
"$HELPERS/gen-lattice" -F -L 4 -f 600 -s 2 -p 0.02 >"$T/fl.bin"
"$BIN/hopsplit" -q --parts 3 -o "$T/fp" "$T/fl.bin"
split_network "fluorite lattice, hopsplit in 3" "$T/fl.bin" streams \
    "$T/fp.0.bin" "$T/fp.1.bin" "$T/fp.2.bin"
expect_eq "fluorite lattice: the whole run's sites over 32 translations" \
    "$(ntrans "$T/whole.sites")" 32
expect_eq "fluorite lattice: the parts' candidates over the same 32" \
    "$(ntrans "$T/net.cand")" 32
has_hops "fluorite lattice" 100
FPIN=$PIN
split_network "fluorite lattice, 2 parts by --atoms" "$T/fl.bin" atoms \
    0-40 41-51
expect_eq "fluorite lattice by --atoms: 32 translations" \
    "$(ntrans "$T/net.sites")" 32
# Pools without the framework need --no-translations in the candidates
# step too; a framework atom missing, or one seen at two places, is
# refused: the translations would be another run's.
for i in 0 1 2; do
	$KN --pool-out "$T/fn.pool.$i" "$T/fp.$i.bin"
done
run $K --pool-in "$T/fn.pool.0" --pool-in "$T/fn.pool.1" \
    --pool-in "$T/fn.pool.2" --sites-out "$T/fn.none"
expect_fail "pools made with --no-translations need it again" 1 \
    "^kmeans-hops: --pool-in: the pools carry no framework \(made with --no-translations\): give --no-translations here too, or pool the parts again without it$"
[ ! -e "$T/fn.none" ] && pass "... and no sites file written" ||
    fail "... and no sites file written" "$T/fn.none exists"
run $KN --pool-in "$T/fn.pool.0" --pool-in "$T/fn.pool.1" \
    --pool-in "$T/fn.pool.2" --sites-out "$T/fn.cand"
expect_rc "... which they take with it" 0
# Part 0: every F and half the Ca (atoms 0-15 of Ca=0-31 F=32-51).
"$BIN/hopsplit" -q --atoms 0-15,32-51 -o "$T/half" "$T/fl.bin"
$K --pool-out "$T/half.pool" "$T/half.0.bin"
run $K --pool-in "$T/half.pool" --sites-out "$T/y"
expect_fail "a part's framework missing refused" 1 \
    "^kmeans-hops: --pool-in: species Ca: the pools hold 16 of the run's 32 atoms, for the framework's translations: give every part's --pool-out$"
"$HELPERS/gen-lattice" -F -L 4 -f 600 -s 3 -p 0.02 >"$T/fl3.bin"
$K --pool-out "$T/fl3.pool" --atoms 41-51 "$T/fl3.bin"
set -- $FPIN
run $K "$1" "$2" --pool-in "$T/fl3.pool" --sites-out "$T/y"
expect_fail "a framework atom at two places refused" 1 \
    "^kmeans-hops: --pool-in: atom [0-9]+ is in two pools at other positions: not parts of the same run$"

# --- real data ---
if need_shared "split-network: CaF2 1600 K"; then
	"$BIN/xdat2bin" --last 999 "$SHARED/caf2-md/1600K/XDATCAR.gz" |
	    "$BIN/unwrap" >"$T/caf.bin"
	"$BIN/hopsplit" -q --parts 3 -o "$T/cp" "$T/caf.bin"
	split_network "CaF2 1600 K, hopsplit in 3" "$T/caf.bin" streams \
	    "$T/cp.0.bin" "$T/cp.1.bin" "$T/cp.2.bin"
	expect_eq "CaF2 1600 K: the parts' sites over the 108 translations" \
	    "$(ntrans "$T/net.sites")" 108
	has_hops "CaF2 1600 K" 20
	# Without the translations, the dwells make sites (carried in
	# the visits).
	K=$KN
	split_network "CaF2 1600 K, --no-translations, hopsplit in 3" \
	    "$T/caf.bin" streams "$T/cp.0.bin" "$T/cp.1.bin" "$T/cp.2.bin"
	expect_eq "CaF2 1600 K, --no-translations: no translations" \
	    "$(ntrans "$T/net.sites")" 1
	K=${KN% --no-translations}
fi

# --- wide, correlated vibration: sites one ion's dwells make (step 6 of
# common/sitenet.h), counted by each part and carried in its visits ---
"$GEN" -S random -n 20 -M 1 -R 6 -b 0.3 -H 5 -s 7 -f 3000 -v 0.5456 -c 10 \
    >"$T/wide.bin"
split_network "wide vibration, 3 parts by --atoms" "$T/wide.bin" atoms \
    0-7 8-15 16-23
dw=$(cat "$T"/net.vis.* | tr -c '[:print:]' '\n' | awk -F= '$1 == "ndwells" \
    { n += $2 } END { print n + 0 }')
if [ "$dw" -gt 0 ]; then pass "wide vibration: the parts' visits carry dwells ($dw)"
else fail "wide vibration: the parts' visits carry dwells" "$dw dwells"; fi
# The short visits' test (kmeans-hops(1), step 6): each part counts its
# ions' short visits and its simulations', the sites add them up and
# name the decision (byte for byte the whole run's, above).
key_sum() { cat "$@" | tr -c '[:print:]' '\n' | awk -F= -v k="$KEY" \
    '$1 == k { n += $2 } END { print n + 0 }'; }
KEY=short_found
sf=$(key_sum "$T"/net.vis.*)
expect_eq "wide vibration: the sites' short visits are the parts' ($sf)" \
    "$(key_sum "$T/net.sites")" "$sf"
expect_eq "wide vibration: the sites name the short visits' decision" \
    "$(tr -c '[:print:]' '\n' <"$T/net.sites" | grep -c -E \
    '^short_visits=(take|skip)$')" 1
# --no-dwells, given to every step: no sites from them, split or not
# (measured: 160 sites with them, 152 without).
nsites() { tr -c '[:print:]' '\n' <"$1" | sed -n 's/^nsites=//p'; }
n1=$(nsites "$T/whole.sites")
K="$K --no-dwells"
split_network "wide vibration, --no-dwells, 3 parts by --atoms" \
    "$T/wide.bin" atoms 0-7 8-15 16-23
n0=$(nsites "$T/whole.sites")
expect_eq "wide vibration: --no-dwells leaves out the dwells' sites ($n1 with, $n0 without)" \
    "$(awk -v a="$n1" -v b="$n0" 'BEGIN { print (b > 0 && a > b) }')" 1
K=${K% --no-dwells}
