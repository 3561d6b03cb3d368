#!/bin/sh
# hopmech.sh - time hopmech on 10000 hops over 20000 frames with 1000
# null-model trials (the target is under a minute), and check its tests on
# runs where nothing couples the ions: over many seeds the p-values of each
# class should be uniform or larger (conservative), and the fraction of
# runs calling any class significant (the false-discovery rate under the
# complete null) at most the nominal 0.05.
set -u
. "$(dirname "$0")/lib.sh"
bin=$BENCH_TMP/hopmech.bin
# 500 independent walkers at 0.001 hops per frame: about 10000 hops.
"$HELPERS/gen-mech" -u -r 1 -L 10 -i 500 -f 20000 -R 0.001 >"$bin" || exit 1
n=$("$BIN/hopcat" --header "$bin" | awk '$1 == "hops" { print $2 }')
t=$(best_of 1 "$BIN/hopmech" "$bin")
echo "hopmech, $n hops x 20000 frames, 1000 null trials: $t s" \
    "(target: < 60 s)"
t=$(best_of 1 "$BIN/hopmech" --trials=0 "$bin")
echo "hopmech, the same without the null model: $t s"

# The tests under the null: independent walkers, many seeds.
seeds=${HOPMECH_SEEDS:-100}
out=$BENCH_TMP/hopmech-p.tsv
: >"$out"
s=1
while [ "$s" -le "$seeds" ]; do
	"$HELPERS/gen-mech" -u -r "$s" -L 8 -i 150 -f 3000 >"$bin" || exit 1
	"$BIN/hopmech" -q --trials=200 --seed="$s" "$bin" |
	    awk -F '\t' -v s="$s" 'NR > 1 && !/^#/ && $12 != "nan" {
		print s "\t" $2 "\t" $3 "\t" $12 "\t" $14 }' >>"$out"
	s=$((s + 1))
done
py=/usr/bin/python3
if ! "$py" -c 'import numpy, scipy' 2>/dev/null; then
	echo "null-model calibration: skipped (no $py with numpy and scipy)"
	exit 0
fi
"$py" - "$out" "$seeds" <<'PY'
import sys
import numpy as np
from scipy import stats
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
seeds = int(sys.argv[2])
runs_sig = len({r[0] for r in rows if r[4] == "yes"})
print("null-model calibration, %d uncorrelated runs (150 ions, 3000 "
      "frames, 200 trials each):" % seeds)
print("  runs calling any class significant at FDR 0.05: %d of %d = %.3f "
      "(want <= 0.05)" % (runs_sig, seeds, runs_sig / seeds))
for c in sorted({r[1] for r in rows}):
    p = np.array([float(r[3]) for r in rows if r[1] == c])
    obs = np.array([int(r[2]) for r in rows if r[1] == c])
    # Discrete p-values are uniform or larger under the null: the
    # fraction at or below a level is at most the level (give or take
    # the sampling error of the seeds).
    f05 = np.mean(p <= 0.05)
    f20 = np.mean(p <= 0.2)
    ks = stats.kstest(p, "uniform", alternative="greater")
    print("  %-15s mean groups %6.2f  P(p<=0.05) = %.3f  P(p<=0.2) = "
          "%.3f  KS (p stochastically smaller than uniform): "
          "D = %.3f, p = %.3g" % (c, obs.mean(), f05, f20, ks.statistic,
                                  ks.pvalue))
PY
