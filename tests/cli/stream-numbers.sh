# stream-numbers.sh - the numbers every reader checks, end to end: a
# header's dt_fs, temperature_K and cell out of range and a hop record's
# non-finite position are refused by each tool with the reader's message
# (they gave sigma = -1056 S/cm, D = 0 +- 0, "-nan ps", a group "T=-5K",
# max=inf bins); 0 K is an unknown temperature (sigma nan, flag
# no_temperature); a hop stream without per-atom records says so; the
# Python writer refuses what the readers refuse; vanhove --json names the
# program, its version and the input as msd --json does.

W=$HELPERS/gen-walk
MK=$HELPERS/mkhops
PY=/usr/bin/python3

# patch IN OUT WHERE VALUE: a copy of stream IN with the f64 at WHERE set
# to VALUE ("h:OFF", header body offset OFF; "r:K:OFF", payload offset OFF
# of record K, 0-based) and every checksum made right again, so that the
# check behind the CRC is reached.  python3 without numpy will do.
patch() {
	python3 - "$@" <<'PY'
import struct, sys, zlib
src, dst, where, val = sys.argv[1:5]
b = bytearray(open(src, "rb").read())
L = struct.unpack_from("<I", b, 12)[0]
rec = 16 + L + 4
w = where.split(":")
if w[0] == "h":
    off = 16 + int(w[1])
else:
    off = rec
    for _ in range(int(w[1])):
        off += 12 + struct.unpack_from("<I", b, off + 4)[0]
    off += 8 + int(w[2])
struct.pack_into("<d", b, off, float(val))
struct.pack_into("<I", b, 16 + L, zlib.crc32(bytes(b[:16 + L])))
off = rec
while off + 12 <= len(b):
    n = struct.unpack_from("<I", b, off + 4)[0]
    struct.pack_into("<I", b, off + 8 + n,
                     zlib.crc32(bytes(b[off:off + 8 + n])))
    off += 12 + n
open(dst, "wb").write(b)
PY
}

RANGE_DT="is not a time between frames (NaN if unknown, else above 0 and at most 1e+12 fs)"
RANGE_T="is out of range (NaN or 0 if unknown, else 1e-06 to 1e+07 K)"

# A frame stream (unwrapped, 600 K, 10 fs) with its header's numbers out
# of range: every frame tool refuses it, naming the field and the value.
sn_header_frames() {
	"$W" -n 8 -m 4 -f 200 -d 10 -T 600 -s 3 >"$T/w.bin"
	run "$BIN/msd" "$T/w.bin"
	expect_rc "the walk itself: msd exits 0" 0
	for c in "24 -5 temperature_K" "24 1e-300 temperature_K" \
	    "24 inf temperature_K" "24 2e7 temperature_K" \
	    "16 inf dt_fs" "16 1e300 dt_fs" "16 0 dt_fs" "16 -10 dt_fs" \
	    "64 nan cell" "32 -inf cell"; do
		set -- $c
		patch "$T/w.bin" "$T/b.bin" "h:$1" "$2"
		case $3 in
		dt_fs) why="dt_fs $(printf '%g' "$2") $RANGE_DT" ;;
		temperature_K) why="temperature_K $(printf '%g' "$2") $RANGE_T" ;;
		cell) why="cell component $(( ($1 - 32) / 8 + 1 )) is $(printf '%g' "$2") (not finite)" ;;
		esac
		for tool in msd vanhove unwrap kmeans-hops hopcat; do
			run "$BIN/$tool" "$T/b.bin"
			expect_eq "$3 = $2: $tool refuses it (exit 1, the reader's message)" \
			    "$rc:$(head -n 1 "$T/err")" \
			    "1:$tool: $T/b.bin: invalid header: $why"
		done
	done
	# The limits are taken.
	for c in "16 1e12" "24 1e-6" "24 1e7" "24 nan" "16 nan"; do
		set -- $c
		patch "$T/w.bin" "$T/b.bin" "h:$1" "$2"
		run "$BIN/hopcat" "$T/b.bin"
		expect_rc "header field at $1 = $2 is taken" 0
	done
}

# 0 K is an unknown temperature: msd gives no conductivity (sigma nan,
# flag no_temperature), as without one; it gave sigma = inf.
sn_zero_kelvin() {
	patch "$T/w.bin" "$T/z.bin" h:24 0
	run "$BIN/hopcat" "$T/z.bin"
	expect_eq "0 K: hopcat says the temperature is unknown" \
	    "$(grep '^temperature_K' "$T/out")" "temperature_K	unknown"
	run "$BIN/msd" --json "$T/z.json" "$T/z.bin"
	expect_err "0 K: msd warns of no temperature" \
	    "no temperature \(give --temperature\): no conductivity"
	run python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
t = j["transport"] if "transport" in j else j
print(j["T_K"], t["sigma_S_cm"], "no_temperature" in str(j["flags"]))' \
	    "$T/z.json"
	expect_eq "0 K: T_K and sigma null in the JSON, flag no_temperature" \
	    "$(cat "$T/out")" "None None True"
}

# A hop stream with a header temperature of -5 K: hopcorr and hopmech
# grouped it as "T=-5K".
sn_header_hops() {
	printf '0 10 14 0 0 0 2 0 0\n1 20 24 2 0 0 4 0 0\n2 30 34 4 0 0 6 0 0\n' |
	    "$MK" -s Li:4 -f 100 >"$T/h.bin"
	run "$BIN/hopcorr" "$T/h.bin"
	expect_rc "the hop stream itself: hopcorr exits 0" 0
	patch "$T/h.bin" "$T/hneg.bin" h:24 -5
	for tool in hopcorr hopmech hophist hopsites; do
		run "$BIN/$tool" "$T/hneg.bin"
		expect_eq "temperature_K = -5: $tool refuses it" \
		    "$rc:$(head -n 1 "$T/err")" \
		    "1:$tool: $T/hneg.bin: invalid header: temperature_K -5 $RANGE_T"
	done
}

# A hop record with a non-finite field: hophist printed max=inf and bins
# of -nan, hopmech and hopcorr went on; now every reader stops at it.
sn_hop_record() {
	# Record 1 is the second hop (atom 1); payload offsets of
	# hopstream(5).
	for c in "88 inf start_pos" "120 -inf end_pos" "48 nan from_centre" \
	    "64 inf to_centre"; do
		set -- $c
		patch "$T/h.bin" "$T/hinf.bin" "r:1:$1" "$2"
		for cmd in "hophist --summary" "hophist -Q length" hopmech \
		    hopcorr "hopcat --hops"; do
			run $BIN/$cmd "$T/hinf.bin"
			expect_eq "hop $3 = $2: $cmd refuses it" \
			    "$rc:$(head -n 1 "$T/err")" \
			    "1:${cmd%% *}: $T/hinf.bin: record 2: invalid hop record (atom 1: $3 is not finite)"
		done
	done
}

# A hop stream of hop records alone is not called a frame stream.
sn_no_atoms() {
	for tool in hophist hopcorr hopmech; do
		run "$BIN/$tool" tests/bad/kind/hops-without-atoms-to-hophist.hop
		expect_eq "hops without per-atom records: $tool says so" \
		    "$rc:$(head -n 1 "$T/err")" \
		    "1:$tool: tests/bad/kind/hops-without-atoms-to-hophist.hop: 1 hop record but no per-atom records: not the whole output of a hop finder (kmeans-hops writes one per atom)"
	done
	run "$BIN/hophist" "$T/w.bin"
	expect_eq "a frame stream: still called one" \
	    "$rc:$(head -n 1 "$T/err")" \
	    "1:hophist: $T/w.bin: a frame stream where hops were expected (run kmeans-hops first)"
}

# The Python module writes no header the readers refuse, and reads 0 K
# as unknown as they do.
sn_python() {
	if ! $PY -c 'import numpy' 2>/dev/null; then
		skip "stream numbers: the Python writer" "$PY has no numpy"
		return
	fi
	run env PYTHONPATH=python $PY - "$T/w.bin" "$T/z.bin" "$T/p.bin" <<'PY'
import math, sys
import hopstream
s = hopstream.read(sys.argv[1])
for k, v in (("dt_fs", float("inf")), ("dt_fs", 0.0), ("dt_fs", 1e300),
             ("temperature_K", -5.0), ("temperature_K", 1e-300)):
    h = dict(s.header)
    h[k] = v
    s2 = hopstream.Stream(h, frames=s.frames, frame_index=s.frame_index)
    try:
        hopstream.write(sys.argv[3], s2)
        print("%s %g written" % (k, v))
    except ValueError as e:
        print(e)
import os
print(os.path.exists(sys.argv[3]),
      math.isnan(hopstream.read(sys.argv[2]).header["temperature_K"]))
PY
	expect_eq "the Python writer refuses the header's bad numbers (no file left); 0 K read as NaN" \
	    "$(cat "$T/out" "$T/err")" \
	    "invalid header: dt_fs inf $RANGE_DT
invalid header: dt_fs 0 $RANGE_DT
invalid header: dt_fs 1e+300 $RANGE_DT
invalid header: temperature_K -5 $RANGE_T
invalid header: temperature_K 1e-300 $RANGE_T
False True"
}

# vanhove --json names the program, its version and the input, as msd's.
sn_vanhove_json() {
	run "$BIN/vanhove" --json "$T/v.json" "$T/w.bin"
	expect_rc "vanhove --json on the walk: exit 0" 0
	run python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
print(j.get("program"), j.get("version") == sys.argv[2],
      j.get("input") == sys.argv[3])' "$T/v.json" \
	    "$("$BIN/vanhove" --version | awk '{ print $NF; exit }')" "$T/w.bin"
	expect_eq "vanhove --json: program, version and input keys" \
	    "$(cat "$T/out")" "vanhove True True"
}

sn_header_frames
sn_zero_kelvin
sn_header_hops
sn_hop_record
sn_no_atoms
sn_python
sn_vanhove_json
