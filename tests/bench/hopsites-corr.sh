# hopsites-corr benchmark: the tracer correlation factor of the vacancy
# mechanism on simple cubic (gen-lattice --mode vacancy, one exchange per
# vacancy and frame), over seeds, against the exact value of one vacancy
# on the finite periodic lattice (tests/helpers/sc-vacancy-f.py: Compaan
# and Haven's method on L^3 sites; 0.65311 as L grows).  Per case:
#   f_hopsites  mean +- standard error over seeds of hopsites' f, the
#               fraction of seeds whose f +- df covers the reference
#               (68 % if df is the standard error) and within 2 df (95 %),
#               and the spread over seeds against the mean df reported;
#   f_msd5      D* at msd's own stride rule (5 %) over hopsites' D_jump:
#               what hopsites reported before its stricter stride;
#   f_direct    the generator's exact ion displacements, <R^2> / (<n> a^2)
#               over windows of an eighth of the run (numpy), which
#               separates the generator from the estimators.
# CORR_SEEDS sets the seeds of the first case (default 10; the others
# take half).  About ten minutes of one core.
set -u
. "$(dirname "$0")/lib.sh"
HS=$BIN/hopsites
MSD=$BIN/msd
GL=$HELPERS/gen-lattice
PY=/usr/bin/python3
EXACT=$top/tests/helpers/sc-vacancy-f.py
tmp=$BENCH_TMP/hopsites-corr
mkdir -p "$tmp"
if ! "$PY" -c 'import numpy, scipy' 2>/dev/null; then
	echo "skipped: $PY lacks numpy or scipy"
	exit 0
fi

# direct STREAM: f from the exact displacements (no vibration).
direct() {
	PYTHONPATH=$top/python "$PY" - "$1" <<'EOF'
import sys
import numpy as np
import hopstream
x = hopstream.read(sys.argv[1]).frames
a = 3.0
steps = np.rint(np.abs(np.diff(x, axis=0)).sum(axis=2) / a)
n = np.vstack([np.zeros((1, x.shape[1])), np.cumsum(steps, axis=0)])
lag = x.shape[0] // 8
st = np.arange(0, x.shape[0] - lag, max(1, lag // 8))
r2 = ((x[st + lag] - x[st]) ** 2).sum(axis=2) / (a * a)
print("%.6f" % (r2.mean() / (n[st + lag] - n[st]).mean()))
EOF
}

# corr_case L VACANCIES FRAMES SEEDS
corr_case() {
	l=$1 nv=$2 nf=$3 ns=$4
	: >"$tmp/rows"
	"$GL" --bare --mode vacancy --size "$l" --vacancies "$nv" --frames 2 \
	    --poscar "$tmp/sc.vasp" >/dev/null || return 1
	s=1
	while [ "$s" -le "$ns" ]; do
		"$GL" --bare --mode vacancy --size "$l" --vacancies "$nv" \
		    --prob 1 --frames "$nf" --seed "$s" --vibration 0 \
		    >"$tmp/in.hop" || return 1
		"$HS" -q --sites "$tmp/sc.vasp" --min-visit 1 --summary \
		    "$tmp/in.hop" >"$tmp/sum" || return 1
		"$MSD" -q --json=- "$tmp/in.hop" >"$tmp/msd.json" || return 1
		dm=$("$PY" -c 'import json, sys
print(json.load(open(sys.argv[1]))["D_self_cm2_s"])' "$tmp/msd.json")
		echo "$(sed -n 's/^f=//p' "$tmp/sum") $(sed -n 's/^df=//p' \
		    "$tmp/sum") $(sed -n 's/^D_jump_cm2_s=//p' "$tmp/sum") $dm \
		    $(direct "$tmp/in.hop")" >>"$tmp/rows"
		s=$((s + 1))
	done
	want=$(OMP_NUM_THREADS=1 "$PY" "$EXACT" "$l" | awk '{ print $3 }')
	awk -v l="$l" -v nv="$nv" -v nf="$nf" -v w="$want" '
	function line(name, k,   m, sd) {
		m = s[k] / n; sd = sqrt((q[k] - n * m * m) / (n - 1))
		printf "  %-11s %.4f +- %.4f (spread %.4f)\n", name, m,
		    sd / sqrt(n), sd
	}
	{
		f[1] = $1; f[2] = $4 / $3; f[3] = $5
		for (k = 1; k <= 3; k++) { s[k] += f[k]; q[k] += f[k] * f[k] }
		dfs += $2; c1 += ($1 - w) ^ 2 <= $2 ^ 2
		c2 += ($1 - w) ^ 2 <= 4 * $2 ^ 2; n++
	}
	END {
		printf "%d^3 sites, %d vacanc%s, %d frames (%.1f jumps per ion)," \
		    " %d seeds; reference (one vacancy, exact) %.5f\n", l, nv,
		    nv == 1 ? "y" : "ies", nf, nv * (nf - 1) / (l ^ 3 - nv), n, w
		line("f_hopsites", 1)
		printf "  %-11s mean df %.4f; f +- df covers the reference in" \
		    " %d of %d, f +- 2 df in %d of %d\n", "", dfs / n, c1, n, c2, n
		line("f_msd5", 2)
		line("f_direct", 3)
	}' "$tmp/rows"
}

seeds=${CORR_SEEDS:-10}
half=$(( (seeds + 1) / 2 ))
corr_case 8 1 10000 "$seeds" || exit 1
corr_case 8 4 2500 "$half" || exit 1
corr_case 12 1 10000 "$half" || exit 1
rm -rf "$tmp"
