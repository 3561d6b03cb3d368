#!/bin/sh
# tests/large/run.sh - an XDATCAR over 4 GiB and a hop stream over 4 GiB
# through every tool, generated and streamed through pipes (nothing that
# size is stored): make check-large.  Not part of make check (minutes of
# CPU, about 3 GB of memory for kmeans-hops).
#
#   gen-xdatcar 20 FRAMES | xdat2bin | unwrap | tee -> hopcat, msd, wc
#                                             `-> kmeans-hops -> hophist, hopcorr
#
# 20 atoms x 9,000,000 frames: about 6.9 GB of XDATCAR text and a 4.6 GB
# stream.  LARGE_FRAMES=N changes the frame count (for a quick try).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
B=bin
H=build/rel/tests
F=${LARGE_FRAMES:-9000000}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
nf=0
ok() { echo "pass: $1"; }
no() { echo "FAIL: $1"; nf=$((nf + 1)); }
mkfifo "$T/s1" "$T/s2" "$T/s3" "$T/x1"

start=$(date +%s)
"$B/hopcat" --header <"$T/s1" >"$T/header.txt" 2>"$T/hopcat.err" &
p1=$!
"$B/msd" --species Li --lags 20 <"$T/s2" >"$T/msd.txt" 2>"$T/msd.err" &
p2=$!
wc -c <"$T/s3" >"$T/stream.bytes" &
p3=$!
wc -c <"$T/x1" >"$T/xdatcar.bytes" &
p4=$!
bash -o pipefail -c "'$H/gen-xdatcar' 20 $F | tee '$T/x1' |
    '$B/xdat2bin' --dt 10 - | '$B/unwrap' |
    tee '$T/s1' '$T/s2' '$T/s3' |
    '$B/kmeans-hops' --species Li >'$T/hops.hop'" 2>"$T/pipe.err"
rc=$?
wait $p1; r1=$?
wait $p2; r2=$?
wait $p3 $p4
end=$(date +%s)

xb=$(cat "$T/xdatcar.bytes")
sb=$(cat "$T/stream.bytes")
echo "XDATCAR $xb bytes, stream $sb bytes, $F frames, $((end - start)) s"
[ "$rc" = 0 ] && ok "pipeline gen-xdatcar | xdat2bin | unwrap | kmeans-hops" ||
    no "pipeline: status $rc: $(head -c 300 "$T/pipe.err")"
[ "$r1" = 0 ] && ok "hopcat read the whole stream (END counts agree)" ||
    no "hopcat: $(cat "$T/hopcat.err")"
[ "$r2" = 0 ] && [ -s "$T/msd.txt" ] && ok "msd read the whole stream" ||
    no "msd: $(cat "$T/msd.err")"
[ "$xb" -gt 4294967296 ] || [ "$F" != 9000000 ] &&
    ok "XDATCAR over 4 GiB ($xb)" || no "XDATCAR only $xb bytes"
[ "$sb" -gt 4294967296 ] || [ "$F" != 9000000 ] &&
    ok "stream over 4 GiB ($sb)" || no "stream only $sb bytes"
got=$(awk -F'\t' '$1 == "frames" { print $2 }' "$T/header.txt")
[ "$got" = "$F" ] && ok "hopcat counts $F frames" ||
    no "hopcat counts $got frames, want $F"
got=$("$B/hopcat" --header "$T/hops.hop" | awk -F'\t' '$1 == "frames" { print $2 }')
[ "$got" = "$F" ] && ok "kmeans-hops: a run of $F frames" ||
    no "kmeans-hops: $got frames, want $F"
"$B/hophist" "$T/hops.hop" >/dev/null 2>"$T/e" && ok "hophist" ||
    no "hophist: $(cat "$T/e")"
"$B/hopcorr" "$T/hops.hop" >/dev/null 2>"$T/e"
r=$?
# hopcorr may find too few hops to fit (exit 1 with that message only).
[ $r = 0 ] || grep -q "too few" "$T/e" && ok "hopcorr ($r)" ||
    no "hopcorr: $(cat "$T/e")"
echo "$nf failed"
[ "$nf" = 0 ]
