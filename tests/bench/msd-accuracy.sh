#!/bin/sh
# msd-accuracy.sh - how well msd's D* and D_coll recover a known D (issue
# 12): random walkers (gen-walk, 64 ions x 2000 frames, D = 0.1 A^2/ps,
# dt = 10 fs) plus Gaussian vibration of 0, 0.1 and 0.3 A per axis,
# MSD_ACC_SEEDS seeds each (default 100; the issue asks for at least 30,
# but 30 runs give coverage a binomial error of 8.5 %, as wide as the
# 60-76 % target, and 100 bring it to 4.7 %).  Seed s draws the same
# steps at every noise level (the vibration has a generator of its own),
# so the three rows are not independent samples.
#
# For each noise level and for D* and D_coll it prints the bias (mean/true
# - 1, with its standard error), the coverage (runs with |D - D_true| <=
# dD, with its binomial error), the spread between runs (sample std /
# D_true), the Cramer-Rao limit for the same observations and the ratio,
# then PASS or MISS against the targets: |bias| <= 2 %, coverage 60-76 %,
# spread/limit <= 1.5.
#
# The limit: the increments of one coordinate over M = frames - 1 steps
# have a tridiagonal Toeplitz covariance, a + 2b on the diagonal and -b
# off it (a = 2 D dt, b = sigma^2), whose eigenvalues are
# lambda_k = a + 2b (1 - cos(pi k / (M + 1))), k = 1..M, with eigenvectors
# (the DST-I) that do not depend on a or b.  For Q independent series the
# Fisher information of (a, b) is then
#     I_ij = (Q / 2) sum_k (d lambda_k / d theta_i)(d lambda_k / d theta_j)
#            / lambda_k^2,
# and the variance of any unbiased estimate of a, with b unknown too, is
# at least [I^-1]_aa.  D*: Q = 3 x ions.  D_coll: the summed coordinate
# sum_i x_i is one walk with a' = N a and b' = N b, Q = 3.  The script
# checks this formula first against the Fisher information computed from
# the full covariance matrix, tr(S^-1 dS_i S^-1 dS_j) Q / 2, for small M.
#
# msd is read through --json=-.
set -u
. "$(dirname "$0")/lib.sh"
: "${BIN:?}" "${HELPERS:?}"
own_tmp=
if [ -z "${BENCH_TMP:-}" ]; then
	BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/hopbench.XXXXXX")
	own_tmp=$BENCH_TMP
fi
seeds=${MSD_ACC_SEEDS:-100}
ions=64
frames=2000
d_a2ps=0.1
dt_fs=10
noises="0 0.1 0.3"

# Python with numpy: python3 first, then the system's (a pyenv or venv
# python3 ahead in PATH may lack numpy).
py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import numpy' >/dev/null 2>&1; then py=$p; break; fi
done
if [ -z "$py" ]; then
	echo "msd-accuracy: python3 with numpy is needed"
	exit 1
fi

dir=$BENCH_TMP/msd-acc
mkdir -p "$dir" || exit 1
echo "random walkers: $ions ions x $frames frames, D = $d_a2ps A^2/ps," \
    "dt = $dt_fs fs, $seeds seeds per noise level; msd read from --json"
t0=$(date +%s)
for x in $noises; do
	s=1
	while [ "$s" -le "$seeds" ]; do
		"$HELPERS/gen-walk" -n $ions -f $frames -D $d_a2ps -d $dt_fs \
		    -x "$x" -s "$s" >"$dir/walk.bin" || exit 1
		"$BIN/msd" --json=- "$dir/walk.bin" >"$dir/$x-$s.out" \
		    2>"$dir/err" || { echo "msd-accuracy: msd failed on seed $s," \
		    "vibration $x: $(cat "$dir/err")"; exit 1; }
		# Warnings are counted, not shown: one line per run would
		# bury the table.
		if [ -s "$dir/err" ]; then
			sed "s/^/$x $s /" "$dir/err" >>"$dir/warnings"
		fi
		s=$((s + 1))
	done
done
echo "$((3 * seeds)) runs of gen-walk and msd in $(($(date +%s) - t0)) s"
if [ -s "$dir/warnings" ]; then
	echo "msd warned in $(cut -d' ' -f1,2 "$dir/warnings" | sort -u |
	    wc -l) runs, e.g.: $(head -1 "$dir/warnings" | cut -d' ' -f3- |
	    sed 's|[^ ]*walk.bin: ||')"
fi

"$py" - "$dir" "$seeds" "$ions" "$frames" "$d_a2ps" "$dt_fs" \
    $noises <<'EOF'
import json, math, sys
import numpy as np

dir = sys.argv[1]
seeds, ions, frames = (int(v) for v in sys.argv[2:5])
d_a2ps, dt_fs = float(sys.argv[5]), float(sys.argv[6])
noises = sys.argv[7:]

def fisher_eig(a, b, m, q):
    """Fisher information of (a, b) from the eigenvalues."""
    c = 2 * (1 - np.cos(np.pi * np.arange(1, m + 1) / (m + 1)))
    g = np.vstack([np.ones(m), c]) / (a + b * c)
    return q / 2 * g @ g.T

def fisher_full(a, b, m, q):
    """The same from the full covariance matrix, for the check."""
    e, off = np.eye(m), np.eye(m, k=1) + np.eye(m, k=-1)
    si = np.linalg.inv((a + 2 * b) * e - b * off)
    ds = [e, 2 * e - off]
    return np.array([[q / 2 * np.trace(si @ ds[i] @ si @ ds[j])
                      for j in range(2)] for i in range(2)])

def crlb_rel(a, b, m, q):
    """The relative Cramer-Rao limit of a, b estimated jointly."""
    return math.sqrt(np.linalg.inv(fisher_eig(a, b, m, q))[0, 0]) / a

worst = 0
for a, b, m, q in [(1, 0, 40, 1), (1, 1, 40, 1), (2e-3, 1e-2, 40, 3),
                   (2e-3, 9e-2, 25, 7), (1, 0.3, 5, 1)]:
    fe, ff = fisher_eig(a, b, m, q), fisher_full(a, b, m, q)
    worst = max(worst, np.max(np.abs(fe - ff) / np.abs(ff).max()))
print("Cramer-Rao check: the eigenvalue form equals the full-covariance "
      "Fisher information to %.1e %s" % (worst,
      "(ok)" if worst < 1e-9 else "(WRONG)"))

def runs(x):
    """(D*, dD*, D_coll, dD_coll) in cm^2/s and the flags of each run."""
    rows, flags = [], []
    for s in range(1, seeds + 1):
        j = json.load(open("%s/%s-%d.out" % (dir, x, s)))
        rows.append([float("nan") if j[k] is None else float(j[k])
                     for k in ("D_self_cm2_s", "dD_self_cm2_s",
                               "D_coll_cm2_s", "dD_coll_cm2_s")])
        flags.append(list(j["flags"]))
    return np.array(rows), flags

d_true = d_a2ps * 1e-4
a = 2 * d_a2ps * dt_fs * 1e-3
m = frames - 1
misses = 0
print()
print("  %-12s %-18s  %-14s  %8s %8s %6s  %s" % ("", "bias", "coverage",
      "spread", "CRLB", "ratio", "bias  cover ratio"))
for x in noises:
    b = float(x) ** 2
    res, flags = runs(x)
    limits = {"D*": crlb_rel(a, b, m, 3 * ions),
              "D_coll": crlb_rel(ions * a, ions * b, m, 3)}
    print("vibration %s A per axis (b/a = %g):" % (x, b / a))
    for name, col in (("D*", 0), ("D_coll", 2)):
        d, dd = res[:, col], res[:, col + 1]
        n = len(d)
        bias = d.mean() / d_true - 1
        bias_se = d.std(ddof=1) / d_true / math.sqrt(n)
        cover = np.mean(np.abs(d - d_true) <= dd)  # a NaN dD misses
        cover_se = math.sqrt(cover * (1 - cover) / n)
        spread = d.std(ddof=1) / d_true
        ratio = spread / limits[name]
        verdict = ["PASS" if abs(bias) <= 0.02 else "MISS",
                   "PASS" if 0.60 <= cover <= 0.76 else "MISS",
                   "PASS" if ratio <= 1.5 else "MISS"]
        misses += verdict.count("MISS")
        print("  %-12s %+7.2f%% +- %5.2f%%  %4.0f%% +- %4.1f%%  %7.2f%% "
              "%7.2f%% %6.2f  %s  %s  %s" % (name, 100 * bias, 100 * bias_se,
              100 * cover, 100 * cover_se, 100 * spread,
              100 * limits[name], ratio, *verdict))
        extra = []
        if np.sum(d <= 0):
            extra.append("%d of %d not positive" % (np.sum(d <= 0), n))
        if np.sum(~np.isfinite(dd)):
            extra.append("%d without a finite dD" % np.sum(~np.isfinite(dd)))
        if extra:
            print("  %-12s (%s)" % ("", "; ".join(extra)))
    seen = {}
    for f in flags:
        for k in f:
            seen[k] = seen.get(k, 0) + 1
    if seen:
        print("  flags: " + ", ".join("%s in %d runs" % kv
                                      for kv in sorted(seen.items())))
print()
print("targets: |bias| <= 2 %%, coverage 60-76 %% (nominal 68 %%), "
      "spread/CRLB <= 1.5; %d of %d missed" % (misses, 6 * len(noises)))
EOF
st=$?
[ -n "$own_tmp" ] && rm -rf "$own_tmp"
rm -rf "$dir"
exit $st
