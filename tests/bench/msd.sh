#!/bin/sh
# msd.sh - msd on 2000 ions x 20000 frames of random walkers (plus 100
# framework atoms): wall time, CPU time and peak memory (VmHWM), with one
# and two threads; then the two real CaF2 runs if ../shared/data is here.
set -u
: "${BIN:?}" "${HELPERS:?}" "${BENCH_TMP:?}"
N=${MSD_BENCH_IONS:-2000}
F=${MSD_BENCH_FRAMES:-20000}
s=$BENCH_TMP/msd-walk.bin

# measure LABEL CMD...: wall and CPU seconds and peak resident memory.
measure() {
	label=$1
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f "%e %U %S %M" -o "$BENCH_TMP/msd.time" \
		    "$@" >"$BENCH_TMP/msd.out" || return 1
		read -r wall user sys kb <"$BENCH_TMP/msd.time"
	else
		# No time(1): poll VmHWM, which only grows, while it runs.
		t0=$(date +%s.%N)
		"$@" >"$BENCH_TMP/msd.out" &
		pid=$!
		kb=0
		while kill -0 $pid 2>/dev/null; do
			k=$(awk '/^VmHWM/ { print $2 }' /proc/$pid/status \
			    2>/dev/null)
			[ -n "$k" ] && kb=$k
			sleep 0.05
		done
		wait $pid || return 1
		wall=$(awk -v a="$t0" -v b="$(date +%s.%N)" \
		    'BEGIN { print b - a }')
		user=? sys=?
	fi
	printf '%-34s %6.2f s wall, %s s user, %s s sys, VmHWM %d MB\n' \
	    "$label" "$wall" "$user" "$sys" $((kb / 1024))
}

echo "random walkers: $N ions x $F frames, 100 framework atoms"
t0=$(date +%s)
"$HELPERS/gen-walk" -n "$N" -f "$F" -m 100 -D 0.1 >"$s" || exit 1
echo "stream: $(($(wc -c <"$s") / 1048576)) MB, written in" \
    "$(($(date +%s) - t0)) s"
echo "positions as doubles would be $((N * F * 24 / 1000000)) MB;" \
    "msd keeps $((N * F * 12 / 1000000)) MB of float displacements"
measure "msd --jobs=1" "$BIN/msd" --jobs=1 --lags=100 "$s" || exit 1
measure "msd --jobs=2" "$BIN/msd" --jobs=2 --lags=100 "$s" || exit 1
grep '^# D_self' "$BENCH_TMP/msd.out" | cut -c1-100
echo "(true D = 1e-05 cm^2/s)"
measure "msd --ols --jobs=2 --blocks=1" "$BIN/msd" --ols --jobs=2 --blocks=1 \
    --lags=100 "$s" || exit 1
rm -f "$s"

d=${SHARED:-}/caf2-md
if [ -x "$BIN/xdat2bin" ] && [ -x "$BIN/unwrap" ] && [ -d "$d" ]; then
	echo
	echo "CaF2 (216 F x 3000 frames):"
	for k in 1600K 1000K; do
		"$BIN/xdat2bin" "$d/$k/XDATCAR.gz" | "$BIN/unwrap" \
		    >"$BENCH_TMP/msd-$k.bin" || exit 1
		measure "msd caf2 $k" "$BIN/msd" "$BENCH_TMP/msd-$k.bin" ||
		    exit 1
	done
	measure "msd --arrhenius caf2" "$BIN/msd" --arrhenius \
	    "$BENCH_TMP/msd-1000K.bin" "$BENCH_TMP/msd-1600K.bin" || exit 1
	grep '^# Ea' "$BENCH_TMP/msd.out"
	rm -f "$BENCH_TMP"/msd-*.bin
fi
