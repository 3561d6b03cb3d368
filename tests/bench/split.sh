# split benchmark (issue 18): a 2592-atom run over 20000 frames through
# xdat2bin, unwrap, kmeans-hops (both modes) and msd on one process, with
# time and peak memory against 1.5 x the analysed species' positions in
# single precision (target: under 5 minutes in all, under that memory);
# then a run of 20000 atoms x 20000 frames through the split path
# (hopsplit, kmeans-hops on each part, hopcat --merge, msd --partial on
# each part and msd --reduce) in parts that each stay under 2 GB
# (--max-memory 2G enforces it; the peaks are printed).
#
# Sizes are variables: SPLIT_ATOMS x SPLIT_FRAMES (2592 x 20000) for the
# one-process run, SPLIT_BIG_ATOMS x SPLIT_BIG_FRAMES (20000 x 20000) in
# SPLIT_PARTS parts (4) for the split one; SPLIT_BIG=0 skips it (it needs
# about 10 GB of stream and 13 GB of partial sums in $BENCH_TMP).
set -u
. "$(dirname "$0")/lib.sh"
tmp=$BENCH_TMP/split
mkdir -p "$tmp"
A=${SPLIT_ATOMS:-2592}
F=${SPLIT_FRAMES:-20000}
BA=${SPLIT_BIG_ATOMS:-20000}
BF=${SPLIT_BIG_FRAMES:-20000}
K=${SPLIT_PARTS:-4}

# timed NAME CMD...: run CMD (stdout to $tmp/out), print wall, CPU, peak.
timed() {
	_name=$1
	shift
	/usr/bin/time -f '%e %U %M' -o "$tmp/time" "$@" >"$tmp/out" ||
	    { echo "bench: $_name failed" >&2; exit 1; }
	read -r _w _u _kb <"$tmp/time"
	printf '  %-34s %8.1f s wall %8.1f s CPU  peak %7.0f MiB\n' "$_name" \
	    "$_w" "$_u" "$((_kb / 1024))"
	total=$(awk -v t="$total" -v w="$_w" 'BEGIN { print t + w }')
	peak_mib=$((_kb / 1024))
}

# The mobile species two thirds of the atoms, as F in CaF2.
ions=$((A * 2 / 3))
hosts=$((A - ions))
pos_mib=$(awk -v n="$ions" -v f="$F" 'BEGIN { printf "%.0f", n * f * 12 / 1048576 }')
echo "one process: $A atoms ($ions mobile) x $F frames on $(nproc) CPU(s);" \
    "1.5 x the mobile species' float32 positions = $((pos_mib * 3 / 2)) MiB"
total=0
"$HELPERS/gen-xdatcar" "$A" "$F" >"$tmp/XDATCAR"
echo "  XDATCAR: $(($(wc -c <"$tmp/XDATCAR") / 1048576)) MiB of text"
timed "xdat2bin" "$BIN/xdat2bin" -q --dt 1 "$tmp/XDATCAR"
mv "$tmp/out" "$tmp/wrapped.bin"
rm -f "$tmp/XDATCAR"
timed "unwrap" "$BIN/unwrap" -q "$tmp/wrapped.bin"
rm -f "$tmp/wrapped.bin" "$tmp/out"
# Hops need sites: the positions of gen-traj (ions hopping between
# lattice sites) for the hop finder and msd, at the same size.
"$HELPERS/gen-traj" --scenario random --ions "$ions" --hosts "$hosts" \
    --frames "$F" --mobile 0.2 --rate 0.7 --seed 11 >"$tmp/run.bin"
timed "kmeans-hops --mode adaptive" "$BIN/kmeans-hops" -q -m adaptive \
    "$tmp/run.bin"
ad_peak=$peak_mib
timed "kmeans-hops --mode reference" "$BIN/kmeans-hops" -q "$tmp/run.bin"
ref_peak=$peak_mib
timed "msd" "$BIN/msd" -q "$tmp/run.bin"
msd_peak=$peak_mib
awk -v t="$total" -v a="$ad_peak" -v r="$ref_peak" -v m="$msd_peak" \
    -v p="$pos_mib" 'BEGIN {
	printf "  total %.0f s (target 300 s); peaks / float32 positions:" \
	    " adaptive %.2f, reference %.2f, msd %.2f (target 1.5)\n",
	    t, a / p, r / p, m / p }'
rm -f "$tmp/run.bin" "$tmp/out"

[ "${SPLIT_BIG:-1}" = 0 ] && { echo "split path: skipped (SPLIT_BIG=0)"; exit 0; }
bions=$((BA * 2 / 3))
echo "split path: $BA atoms ($bions mobile) x $BF frames in $K parts," \
    "each under --max-memory 2G"
total=0
"$HELPERS/gen-traj" --scenario random --ions "$bions" \
    --hosts "$((BA - bions))" --frames "$BF" --mobile 0.2 --rate 0.7 \
    --seed 12 >"$tmp/big.bin"
echo "  stream: $(($(wc -c <"$tmp/big.bin") / 1048576)) MiB"
timed "hopsplit -n $K" "$BIN/hopsplit" -q -n "$K" -o "$tmp/p" "$tmp/big.bin"
rm -f "$tmp/big.bin"
worst=0
i=0
parts= mparts=
while [ "$i" -lt "$K" ]; do
	timed "kmeans-hops -m adaptive, part $i" "$BIN/kmeans-hops" -q \
	    --max-memory 2G -m adaptive --vib-out "$tmp/p.$i.vib" \
	    "$tmp/p.$i.bin"
	[ "$peak_mib" -gt "$worst" ] && worst=$peak_mib
	i=$((i + 1))
done
vin=
i=0
while [ "$i" -lt "$K" ]; do vin="$vin --vib-in $tmp/p.$i.vib"; i=$((i + 1)); done
i=0
while [ "$i" -lt "$K" ]; do
	# shellcheck disable=SC2086
	timed "kmeans-hops, part $i" "$BIN/kmeans-hops" -q --max-memory 2G \
	    -m adaptive $vin "$tmp/p.$i.bin"
	mv "$tmp/out" "$tmp/h.$i.bin"
	parts="$parts $tmp/h.$i.bin"
	[ "$peak_mib" -gt "$worst" ] && worst=$peak_mib
	timed "msd --partial, part $i" "$BIN/msd" -q --max-memory 2G \
	    --partial "$tmp/p.$i.bin"
	mv "$tmp/out" "$tmp/m.$i.part"
	mparts="$mparts $tmp/m.$i.part"
	[ "$peak_mib" -gt "$worst" ] && worst=$peak_mib
	rm -f "$tmp/p.$i.bin"
	i=$((i + 1))
done
# shellcheck disable=SC2086
timed "hopcat --merge" "$BIN/hopcat" --merge $parts
# shellcheck disable=SC2086
timed "msd --reduce" "$BIN/msd" -q --reduce $mparts
[ "$peak_mib" -gt "$worst" ] && worst=$peak_mib
echo "  partial sums: $(cat $mparts | wc -c | awk '{ printf "%.0f", $1 / 1048576 }') MiB"
awk -v t="$total" -v w="$worst" 'BEGIN {
	printf "  total %.0f s; the largest peak of any part %d MiB (limit" \
	    " 2048)\n", t, w }'
rm -f "$tmp"/*
