# split benchmark (issue 18), two targets on this machine:
# (a) one process: a CaF2-like fluorite run (gen-lattice --fluorite: F on
#     its simple-cubic sublattice, 2.75 A apart, Ca on alternate cube
#     centres, 12 x 12 x 12 F sites less 16 vacancies that move by the
#     vacancy mechanism, about 1.9 F hops per frame as in CaF2 at 1600 K;
#     2576 atoms) written as a VASP XDATCAR, through xdat2bin, unwrap,
#     kmeans-hops (reference and adaptive modes) and msd: target under
#     300 s in all, and every step's peak memory under 1.5 x the F
#     positions in single precision;
# (b) the split path: 20000 atoms (two thirds mobile) x 20000 frames
#     (gen-traj) through hopsplit, kmeans-hops --vib-out and --vib-in on
#     each part, msd --partial on each part, hopcat --merge and msd
#     --reduce, in parts whose every step's peak memory fits 2 GB
#     (--max-memory 2G enforces it).
# (a) also runs the network mode on the fluorite run, in one process and
#     split in parts (over the framework's translations), and says
#     whether the parts' sites and hops are one process's, byte for byte.
# Each step prints wall and CPU (user + system) seconds and the peak
# resident memory (GNU time's %M), then the ratios against the targets
# and PASS or MISS.  The machine is shared: the load average is printed
# before and after, and CPU time is the fairer figure when it is high.
#
# Full size only with BENCH_LARGE=1 (about 12 minutes of CPU, half an
# hour of wall time on a busy machine; 18 GB in $BENCH_TMP at the worst
# moment, the run and its parts, and 8 GB of partial sums); without it
# the same steps run on 2000 (a) and 1000 (b) frames and print no
# verdict.  SPLIT_FRAMES, SPLIT_BIG_ATOMS, SPLIT_BIG_FRAMES and
# SPLIT_PARTS (4) override the sizes; SPLIT_ONE=0 or SPLIT_BIG=0 skips
# (a) or (b).
set -u
. "$(dirname "$0")/lib.sh"
tmp=$BENCH_TMP/split
mkdir -p "$tmp"
large=${BENCH_LARGE:-0}
if [ "$large" = 1 ]; then F=20000 BF=20000; else F=2000 BF=1000; fi
F=${SPLIT_FRAMES:-$F}
BA=${SPLIT_BIG_ATOMS:-20000}
BF=${SPLIT_BIG_FRAMES:-$BF}
K=${SPLIT_PARTS:-4}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# timed NAME CMD...: run CMD (stdout to $tmp/out), print wall, CPU, peak;
# adds the wall and CPU seconds to total and cpu, sets peak_mib.
timed() {
	_name=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" >"$tmp/out" ||
	    { echo "bench: $_name failed" >&2; exit 1; }
	read -r _w _u _s _kb <"$tmp/time"
	printf '  %-34s %8.1f s wall %8.1f s CPU  peak %7.0f MiB\n' "$_name" \
	    "$_w" "$(awk -v u="$_u" -v s="$_s" 'BEGIN { print u + s }')" \
	    "$((_kb / 1024))"
	total=$(awk -v t="$total" -v w="$_w" 'BEGIN { print t + w }')
	cpu=$(awk -v t="$cpu" -v u="$_u" -v s="$_s" 'BEGIN { print t + u + s }')
	peak_mib=$((_kb / 1024))
}

# busy: a note when the load average exceeds the CPUs (other work was
# running: wall times are longer than on an idle machine, CPU times not).
busy() {
	awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v n="$(nproc)" 'BEGIN {
		if (l > n)
			printf "  (load average %.1f on %d CPUs: other work" \
			    " shared the machine, so wall times are longer" \
			    " than on an idle one; CPU times are not)\n", l, n }'
}

# verdict OK TEXT: PASS or MISS, at full size only.
verdict() {
	if [ "$large" != 1 ]; then
		echo "  $2 (reduced size: BENCH_LARGE=1 for the verdict)"
	elif [ "$1" = 1 ]; then
		echo "  PASS: $2"
	else
		echo "  MISS: $2"
	fi
}

if [ "${SPLIT_ONE:-1}" != 0 ]; then
	L=12 nv=16
	ions=$((L * L * L - nv))
	A=$((ions + L * L * L / 2))
	pos_mib=$(awk -v n="$ions" -v f="$F" \
	    'BEGIN { printf "%.1f", n * f * 12 / 1048576 }')
	echo "one process: fluorite $A atoms ($ions F) x $F frames on" \
	    "$(nproc) CPU(s); F positions in float32 $pos_mib MiB, target" \
	    "peak 1.5 x = $(awk -v p="$pos_mib" 'BEGIN { printf "%.0f", 1.5 * p }') MiB"
	total=0 cpu=0 worst=0
	"$HELPERS/gen-lattice" --fluorite --mode vacancy --size "$L" \
	    --spacing 2.75 --vacancies "$nv" --prob 0.12 --vibration 0.2 \
	    --frames "$F" --dt-fs 2 --truth "$tmp/truth" --xdatcar \
	    >"$tmp/XDATCAR" || exit 1
	echo "  XDATCAR: $(($(wc -c <"$tmp/XDATCAR") / 1048576)) MiB of text"
	timed "xdat2bin" "$BIN/xdat2bin" -q --dt 2 "$tmp/XDATCAR"
	mv "$tmp/out" "$tmp/wrapped.bin"
	rm -f "$tmp/XDATCAR"
	echo "  wrapped stream: $(($(wc -c <"$tmp/wrapped.bin") / 1048576)) MiB"
	timed "unwrap" "$BIN/unwrap" -q "$tmp/wrapped.bin"
	mv "$tmp/out" "$tmp/run.bin"
	rm -f "$tmp/wrapped.bin"
	for m in reference adaptive; do
		timed "kmeans-hops --mode $m" "$BIN/kmeans-hops" -q \
		    --mode "$m" --tsv "$tmp/run.bin"
		echo "    $(($(wc -l <"$tmp/out") - 1)) hops found," \
		    "$(awk '$1 == "jumps" { print $2 }' "$tmp/truth") generated"
		[ "$peak_mib" -gt "$worst" ] && worst=$peak_mib
	done
	timed "msd" "$BIN/msd" -q "$tmp/run.bin"
	[ "$peak_mib" -gt "$worst" ] && worst=$peak_mib
	awk -v t="$total" -v c="$cpu" -v w="$worst" -v p="$pos_mib" 'BEGIN {
		printf "  total %.0f s wall, %.0f s CPU = %.2f x the target" \
		    " 300 s\n", t, c, t / 300
		printf "  the largest peak %d MiB = %.2f x the F positions" \
		    " (target 1.5)\n", w, w / p }'
	busy
	verdict "$(awk -v t="$total" 'BEGIN { print t < 300 }')" \
	    "$A x $F through xdat2bin, unwrap, kmeans-hops (both modes), msd in $total s (under 300 s)"
	verdict "$(awk -v w="$worst" -v p="$pos_mib" 'BEGIN { print w < 1.5 * p }')" \
	    "peak memory $worst MiB (under 1.5 x $pos_mib MiB)"
	# The network mode (sites over the framework's translations), one
	# process against the split path in $K parts of hopsplit: each
	# step's cost, and the same sites and hops byte for byte.
	echo "network mode, one process and split in $K parts:"
	kh=$BIN/kmeans-hops
	timed "kmeans-hops --mode network" "$kh" -q --mode network \
	    "$tmp/run.bin"
	mv "$tmp/out" "$tmp/nw.bin"
	"$kh" -q --mode network --sites-out "$tmp/nw.sites" "$tmp/run.bin"
	"$BIN/hopsplit" -q --parts "$K" -o "$tmp/np" "$tmp/run.bin"
	total=0 cpu=0
	i=0 pin='' vin='' parts=''
	while [ "$i" -lt "$K" ]; do
		timed "--pool-out, part $i" "$kh" -q --mode network \
		    --pool-out "$tmp/np.$i.pool" "$tmp/np.$i.bin"
		pin="$pin --pool-in $tmp/np.$i.pool"
		i=$((i + 1))
	done
	# shellcheck disable=SC2086
	timed "--pool-in --sites-out (candidates)" "$kh" -q --mode network \
	    $pin --sites-out "$tmp/np.cand"
	i=0
	while [ "$i" -lt "$K" ]; do
		timed "--visits-out, part $i" "$kh" -q --mode network \
		    --sites-in "$tmp/np.cand" --visits-out "$tmp/np.$i.vis" \
		    "$tmp/np.$i.bin"
		vin="$vin --visits-in $tmp/np.$i.vis"
		i=$((i + 1))
	done
	# shellcheck disable=SC2086
	timed "--visits-in --sites-out (sites)" "$kh" -q --mode network \
	    --sites-in "$tmp/np.cand" $vin --sites-out "$tmp/np.sites"
	i=0
	while [ "$i" -lt "$K" ]; do
		timed "--sites-in, part $i" "$kh" -q --mode network \
		    --sites-in "$tmp/np.sites" "$tmp/np.$i.bin"
		mv "$tmp/out" "$tmp/np.$i.hops"
		parts="$parts $tmp/np.$i.hops"
		i=$((i + 1))
	done
	# shellcheck disable=SC2086
	"$BIN/hopcat" --merge $parts >"$tmp/np.merged"
	tr -c '[:print:]' '\n' <"$tmp/np.sites" | awk -F= '
	    $1 == "ntrans" { t = $2 } $1 == "nsites" { n = $2 }
	    END { printf "  %d sites over %d translations\n", n, t }'
	printf '  split steps: %.1f s wall, %.1f s CPU in all\n' "$total" \
	    "$cpu"
	if cmp -s "$tmp/nw.sites" "$tmp/np.sites" && [ "$("$BIN/hopcat" \
	    --hops "$tmp/nw.bin" | cksum)" = "$("$BIN/hopcat" --hops \
	    "$tmp/np.merged" | cksum)" ]; then
		echo "  the parts' sites file and hop list: one process's, byte for byte"
	else
		echo "  MISS: the parts' sites file or hop list differs from one process's"
	fi
	rm -f "$tmp"/np.* "$tmp"/nw.*
	rm -f "$tmp/run.bin" "$tmp/out" "$tmp/truth"
fi

[ "${SPLIT_BIG:-1}" = 0 ] && { echo "split path: skipped (SPLIT_BIG=0)"; exit 0; }
bions=$((BA * 2 / 3))
echo "split path: $BA atoms ($bions mobile) x $BF frames in $K parts," \
    "each under --max-memory 2G"
total=0 cpu=0
"$HELPERS/gen-traj" --scenario random --ions "$bions" \
    --hosts "$((BA - bions))" --frames "$BF" --mobile 0.2 --rate 0.7 \
    --seed 12 >"$tmp/big.bin" || exit 1
awk -v n="$bions" -v a="$BA" -v f="$BF" -v b="$(wc -c <"$tmp/big.bin")" \
    -v k="$K" 'BEGIN {
	printf "  stream: %.0f MiB; float32 positions: all atoms %.0f MiB," \
	    " the mobile species %.0f MiB, a part'\''s %.0f MiB\n",
	    b / 1048576, a * f * 12 / 1048576, n * f * 12 / 1048576,
	    n * f * 12 / 1048576 / k }'
timed "hopsplit --parts $K" "$BIN/hopsplit" -q --parts "$K" -o "$tmp/p" \
    "$tmp/big.bin"
rm -f "$tmp/big.bin"
worst=0
i=0
parts= mparts=
while [ "$i" -lt "$K" ]; do
	timed "kmeans-hops --vib-out, part $i" "$BIN/kmeans-hops" -q \
	    --max-memory 2G --mode adaptive --vib-out "$tmp/p.$i.vib" \
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
	timed "kmeans-hops --vib-in, part $i" "$BIN/kmeans-hops" -q \
	    --max-memory 2G --mode adaptive $vin "$tmp/p.$i.bin"
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
[ "$peak_mib" -gt "$worst" ] && worst=$peak_mib
"$BIN/hopcat" --hops "$tmp/out" | awk 'END { print "    " NR - 1 " hops merged" }'
# shellcheck disable=SC2086
echo "  partial sums: $(cat $mparts | wc -c | awk '{ printf "%.0f", $1 / 1048576 }') MiB"
# shellcheck disable=SC2086
timed "msd --reduce" "$BIN/msd" -q --reduce $mparts
[ "$peak_mib" -gt "$worst" ] && worst=$peak_mib
awk -v t="$total" -v c="$cpu" -v w="$worst" 'BEGIN {
	printf "  total %.0f s wall, %.0f s CPU; the largest peak of any" \
	    " step %d MiB = %.2f x the 2 GB limit\n", t, c, w, w / 2048 }'
busy
verdict "$(awk -v w="$worst" 'BEGIN { print w < 2048 }')" \
    "$BA x $BF split in $K parts, every step under 2048 MiB (largest $worst MiB)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$tmp"/*
