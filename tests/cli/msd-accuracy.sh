# msd-accuracy.sh - issue 12's acceptance test, loose and deterministic:
# on 16 random walks with 0.1 A of vibration msd's D* and D_coll are
# unbiased, their dD hold the true D about as often as a 1-sigma interval
# should, and they scatter between runs not far above the Cramer-Rao
# limit; tests/bench/msd-accuracy.sh measures the same closely.  Also
# gen-walk's --vibration itself.

W=$HELPERS/gen-walk

# Python with numpy (a python3 ahead in PATH may lack it).
acc_py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import numpy' >/dev/null 2>&1; then acc_py=$p; break; fi
done

# gen-walk --vibration: written = true + independent N(0, A^2) per axis,
# and the steps unchanged.
vibration() {
	"$W" -n 20 -f 300 -s 5 -t "$T/v0.txt" >"$T/v0.bin"
	"$W" -n 20 -f 300 -s 5 -x 0 -t "$T/vx0.txt" >/dev/null
	expect_same "gen-walk: --vibration=0 writes the same positions" \
	    "$T/v0.txt" "$T/vx0.txt"
	"$W" -n 20 -f 300 -s 5 --vibration=0.3 -t "$T/v3.txt" >"$T/v3.bin"
	# The noise: std 0.3 (within 3 %, 18000 draws), mean 0, not
	# correlated between frames (|r| < 0.05) and not accumulated.
	expect_eq "gen-walk --vibration: independent N(0, 0.09) per axis" \
	    "$(paste "$T/v0.txt" "$T/v3.txt" | awk -F '\t' '
	    { for (k = 3; k <= 5; k++) { e = $(k + 5) - $k; n++; s += e
		ss += e * e; if ($1 > 0) { c += e * p[$2, k]; m++ }
		p[$2, k] = e } }
	    END { v = ss / n; print (sqrt(v) > 0.291 && sqrt(v) < 0.309 &&
		(s / n) ^ 2 < 1e-4 && (c / m / v) ^ 2 < 0.0025) }')" 1
	"$BIN/hopcat" --tsv "$T/v3.bin" | awk -F '\t' '$3 == "La"' >"$T/la3"
	"$BIN/hopcat" --tsv "$T/v0.bin" | awk -F '\t' '$3 == "La"' >"$T/la0"
	expect_eq "gen-walk --vibration: the framework stays still" \
	    "$(cmp "$T/la0" "$T/la3" && wc -l <"$T/la3")" 2400
	run "$W" --vibration=-0.1
	expect_fail "gen-walk: a negative vibration" 2 \
	    "^gen-walk: invalid vibration '-0.1'$"
}

# acc_check NAME CONDITION DETAIL: CONDITION, an awk expression of b
# (bias), t (its tolerance), h (hits), s (spread) and l (limit), holds.
acc_check() {
	if awk -v b="$bias" -v t="$tol" -v h="$hits" -v s="$spread" \
	    -v l="$lim" "BEGIN { exit !($2) }"
	then pass "$1"; else fail "$1" "$3"; fi
}

# msd on 16 walks, 32 ions x 1000 frames, D = 0.1 A^2/ps, 0.1 A of
# vibration.  With the Cramer-Rao limits of D* and D_coll for these
# observations (1.46 % and 8.25 %; see tests/bench/msd-accuracy.sh),
# a sound estimator passes each bound below with a wide margin: the
# mean is within 5 % (or 3 limits of the mean, for D_coll), 6 to 15 of
# the 16 intervals hold the truth (binomial tails of 0.2 % at 68 %), and
# the spread is below 2.5 times the limit.
estimator() {
	if [ -z "$acc_py" ]; then
		fail "msd accuracy" "python3 with numpy is needed"
		return
	fi
	s=1
	while [ $s -le 16 ]; do
		"$W" -n 32 -f 1000 -D 0.1 -x 0.1 -s $((s + 500)) >"$T/a.bin"
		"$BIN/msd" --json=- "$T/a.bin" >"$T/acc.$s" 2>"$T/err" ||
		    { fail "msd accuracy: msd runs" "seed $s: $(cat "$T/err")"
			return; }
		s=$((s + 1))
	done
	"$acc_py" - "$T" >"$T/acc" 2>"$T/err" <<'EOF'
import json, math, sys
import numpy as np

t = sys.argv[1]

def crlb_rel(a, b, m, q):
    # Increments of one coordinate: tridiagonal Toeplitz covariance with
    # eigenvalues a + b c_k (DST-I); Fisher information of (a, b).
    c = 2 * (1 - np.cos(np.pi * np.arange(1, m + 1) / (m + 1)))
    g = np.vstack([np.ones(m), c]) / (a + b * c)
    return math.sqrt(np.linalg.inv(q / 2 * g @ g.T)[0, 0]) / a

rows = []
for s in range(1, 17):
    j = json.load(open("%s/acc.%d" % (t, s)))
    rows.append([float("nan") if j[k] is None else float(j[k])
                 for k in ("D_self_cm2_s", "dD_self_cm2_s", "D_coll_cm2_s",
                           "dD_coll_cm2_s")])
rows = np.array(rows)
a, b, m, n = 2 * 0.1 * 0.01, 0.1 ** 2, 999, 32
for name, col, lim in (("D*", 0, crlb_rel(a, b, m, 3 * n)),
                       ("D_coll", 2, crlb_rel(n * a, n * b, m, 3))):
    d, dd = rows[:, col] / 1e-5, rows[:, col + 1] / 1e-5
    print(name, "%.4f %d %.4f %.4f %.4f" % (d.mean() - 1,
          np.sum(np.abs(d - 1) <= dd), d.std(ddof=1), lim,
          max(0.05, 3 * lim / math.sqrt(len(d)))))
EOF
	if [ ! -s "$T/acc" ]; then
		fail "msd accuracy" "python: $(head -c 300 "$T/err")"
		return
	fi
	while read -r name bias hits spread lim tol; do
		acc_check "msd: $name unbiased on walks with vibration" \
		    "b * b <= t * t" "mean/true - 1 = $bias, beyond +-$tol"
		acc_check "msd: $name's dD holds the truth in 6-15 of 16 runs" \
		    "h >= 6 && h <= 15" "$hits of 16"
		acc_check "msd: $name scatters under 2.5 x its Cramer-Rao limit" \
		    "s < 2.5 * l" "spread $spread of D, limit $lim"
	done <"$T/acc"
}

vibration
estimator
