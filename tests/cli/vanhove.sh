# vanhove.sh - alpha2, H_R(t), G_s and G_d against a direct numpy
# computation on a small run; alpha2 = 0 for Gaussian walks and > 0 for
# a mixture of slow and fast ions; H_R = 1 for independent and 1/2 for
# paired walkers; G_s of a walk against the Gaussian; G_d tends to 1;
# every refusal.

W=$HELPERS/gen-walk
PY=/usr/bin/python3

# within NAME GOT WANT ERR K: |GOT - WANT| <= K * ERR (and ERR is finite).
within() {
	if awk -v g="$2" -v w="$3" -v e="$4" -v k="$5" 'BEGIN {
		d = g - w; if (d < 0) d = -d
		exit !(e == e + 0 && e > 0 && d <= k * e) }'
	then pass "$1"; else fail "$1" "got $2, want $3 +- $5 x $4"; fi
}

# col FILE LAG_ROW COLUMN: a value of the table (row 1 = first lag).
col() {
	awk -F'\t' -v r="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++)
		if ($i == c) k = i; next } /^#/ { next }
		++n == r { print $k; exit }' "$1"
}

# at FILE LAG_PS COLUMN: the value in the table row whose lag is nearest.
at() {
	awk -F'\t' -v l="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++)
		if ($i == c) k = i; next } /^#/ { next }
		{ d = $1 - l; if (d < 0) d = -d
		  if (best == "" || d < best) { best = d; v = $k } }
		END { print v }' "$1"
}

if ! $PY -c 'import numpy' 2>/dev/null; then
	skip "vanhove: numpy reference" "$PY has no numpy"
else
	# A small run: every origin of G_d is used (--origins above the
	# frames), so the direct sums below are the definition itself.
	"$W" -n 8 -f 60 -c 6 -D 0.5 -d 100 -s 5 >"$T/small.bin"
	run "$BIN/vanhove" --lags 6 --times 0,0.3,1.2 --rmax 2.9 --bins 29 \
	    --origins 1000 --json "$T/small.json" "$T/small.bin"
	expect_rc "vanhove --times 0 refused (G_s needs a lag)" 2
	run "$BIN/vanhove" --lags 6 --times 0.1,0.3,1.2 --rmax 2.9 --bins 29 \
	    --origins 1000 -b 4 --json "$T/small.json" "$T/small.bin"
	expect_rc "vanhove on a small walk exits 0" 0
	run env PYTHONPATH=python $PY - "$T/small.bin" "$T/small.json" <<'PY'
import json, sys
import numpy as np
import hopstream
s = hopstream.read(sys.argv[1], pandas=False)
j = json.load(open(sys.argv[2]))
names = s.atom_species
x = s.frames[:, names == "Li", :]          # frames x ions x 3 (unwrapped)
n, N = x.shape[0], x.shape[1]
cell = np.asarray(s.header["cell_A"])
V = abs(np.linalg.det(cell))
dt = s.header["dt_fs"] * 1e-3
bad = []
def close(what, got, want, tol=1e-6, atol=1e-12):
    if got is None or not np.isclose(got, want, rtol=tol, atol=atol):
        bad.append("%s: got %r want %r" % (what, got, want))
for row in j["lags"]:
    m = int(round(row["lag_ps"] / dt))
    d = x[m:] - x[:n - m]                   # origins x ions x 3
    r2 = (d ** 2).sum(axis=2)
    close("r2 %d" % m, row["msd_self_A2"], r2.mean())
    close("r4 %d" % m, row["r4_A4"], (r2 ** 2).mean())
    a2 = 3 * (r2 ** 2).mean() / (5 * r2.mean() ** 2) - 1
    close("alpha2 %d" % m, row["alpha2"], a2, atol=1e-6)
    # jackknife over 4 blocks of 2 ions
    loo = []
    for b in range(4):
        keep = np.ones(N, bool); keep[2 * b:2 * b + 2] = False
        q = r2[:, keep]
        loo.append(3 * (q ** 2).mean() / (5 * q.mean() ** 2) - 1)
    loo = np.array(loo)
    close("dalpha2 %d" % m, row["dalpha2"],
          np.sqrt(3 / 4 * ((loo - loo.mean()) ** 2).sum()), atol=1e-6)
    coll = (d.sum(axis=1) ** 2).sum(axis=1).mean() / N
    close("coll %d" % m, row["msd_coll_A2"], coll)
    close("haven %d" % m, row["haven_r"], r2.mean() / coll)
nb, w = j["bins"], j["rmax_self_A"] / j["bins"]
inv = np.linalg.inv(cell)
for vh in j["van_hove"]:
    m = int(round(vh["lag_ps"] / dt))
    d = x[m:] - x[:n - m]
    r = np.sqrt((d ** 2).sum(axis=2)).ravel()
    h, _ = np.histogram(r, bins=nb, range=(0, nb * w))
    want = h / (r.size * w)
    for b in range(nb):
        close("G_s %d bin %d" % (m, b), vh["p_r_per_A"][b], want[b])
    # distinct: every origin, pairs i != j, minimum image
    cnt = np.zeros(nb)
    for t0 in range(n - m):
        dv = x[t0 + m][None, :, :] - x[t0][:, None, :]   # i x j x 3
        f = dv @ inv
        f -= np.round(f)
        dist = np.sqrt(((f @ cell) ** 2).sum(axis=2))
        dist = dist[~np.eye(N, dtype=bool)]
        cnt += np.histogram(dist, bins=nb, range=(0, nb * w))[0]
    rho = (N - 1) / V
    edges = np.arange(nb + 1) * w
    shell = 4 / 3 * np.pi * (edges[1:] ** 3 - edges[:-1] ** 3)
    want = cnt / ((n - m) * N * rho * shell)
    for b in range(nb):
        close("G_d %d bin %d" % (m, b), vh["gd_over_rho"][b], want[b])
print("\n".join(bad[:5]) if bad else "ok")
PY
	expect_eq "vanhove: alpha2, its jackknife, H_R, G_s and G_d equal \
numpy's direct sums (1e-6: positions are held in single precision)" \
	    "$(cat "$T/out")" ok
fi

# Gaussian walks: alpha2 within 3 of its uncertainty of 0 at every lag
# with at least 100 origins; H_R = 1 there.
"$W" -n 100 -f 3000 -c 20 -D 0.1 -s 11 >"$T/w.bin"
run "$BIN/vanhove" -q --lags 12 "$T/w.bin"
expect_rc "vanhove on a walk exits 0" 0
expect_eq "vanhove: table header" "$(head -1 "$T/out")" "$(printf \
    'lag_ps\tmsd_self_A2\tr4_A4\talpha2\tdalpha2\tmsd_coll_A2\thaven_r\tdhaven_r')"
expect_eq "vanhove: Gaussian walk: alpha2 = 0 within 3 dalpha2 at lags \
below 15 ps" "$(awk -F'\t' 'NR > 1 && !/^#/ && $1 <= 15 {
	d = $4 < 0 ? -$4 : $4; n++; if (!($5 > 0) || d > 3 * $5) bad++ }
	END { if (n > 5) print bad + 0; else print "too few lags" }' \
    "$T/out")" 0
within "vanhove: Gaussian walk: H_R(1 ps) = 1" "$(at "$T/out" 1 haven_r)" \
    1 "$(at "$T/out" 1 dhaven_r)" 3
# The same walkers in pairs that take the same steps: H_R = 1/2.
"$W" -n 100 -f 3000 -c 20 -D 0.1 -s 11 -p >"$T/p.bin"
run "$BIN/vanhove" -q --lags 12 "$T/p.bin"
within "vanhove: paired walkers: H_R(1 ps) = 1/2" \
    "$(at "$T/out" 1 haven_r)" 0.5 "$(at "$T/out" 1 dhaven_r)" 3

# A mixture of fast and slow ions is not Gaussian: alpha2 > 0, and for
# two populations of D1 and D2 in equal numbers it is known exactly:
# alpha2 = (D1^2 + D2^2) / ((D1 + D2)^2 / 2) - 1.
if $PY -c 'import numpy' 2>/dev/null; then
	run env PYTHONPATH=python $PY - "$T/mix.bin" <<'PY'
import sys
import numpy as np
import hopstream
rng = np.random.default_rng(4)
n, N, dt = 2000, 200, 0.01
D = np.where(np.arange(N) < N // 2, 0.01, 1.0)      # A^2/ps
steps = rng.normal(size=(n, N, 3)) * np.sqrt(2 * D * dt)[None, :, None]
x = np.cumsum(steps, axis=0)
h = {"species": [("Li", N)], "coords": "cartesian-unwrapped",
     "cell": "fixed", "dt_fs": 10.0, "temperature_K": 1000.0,
     "cell_A": np.eye(3) * 30.0, "nframes": n, "title": "",
     "provenance": [], "orig_index": np.arange(N, dtype=np.uint32)}
s = hopstream.Stream(h, frames=x)
hopstream.write(sys.argv[1], s)
PY
	if [ "$rc" -ne 0 ]; then
		fail "vanhove: mixture written" "$(cat "$T/err")"
	else
		run "$BIN/vanhove" -q --lags 8 "$T/mix.bin"
		a=$(col "$T/out" 4 alpha2)
		da=$(col "$T/out" 4 dalpha2)
		want=$(awk 'BEGIN { d1 = 0.01; d2 = 1
			printf "%.6f", (d1^2 + d2^2) / ((d1 + d2)^2 / 2) - 1 }')
		within "vanhove: two populations: alpha2 = $want" "$a" "$want" \
		    "$da" 3
	fi
fi

# G_s of a Gaussian walk of D = 0.1 A^2/ps at 1 ps: 4 pi r^2 times the
# Gaussian of variance 2 D t per axis, to the sampling noise.
run "$BIN/vanhove" -q --times 1 --rmax 3 --bins 30 --self "$T/gs.tsv" \
    --distinct "$T/gd.tsv" "$T/w.bin"
expect_rc "vanhove --self --distinct exits 0" 0
expect_eq "vanhove: G_s table header" "$(head -1 "$T/gs.tsv")" \
    "$(printf 'lag_ps\tr_A\tgs_A-3\tp_r_per_A')"
expect_eq "vanhove: G_s of a walk is the Gaussian (within 5% of its \
peak everywhere)" "$(awk -F'\t' 'NR > 1 {
	s2 = 2 * 0.1 * $1; r = $2
	pi = 3.14159265358979; n3 = (2 * pi * s2) ^ 1.5
	g = 4 * pi * r * r * exp(-r * r / (2 * s2)) / n3
	d = $4 - g; if (d < 0) d = -d; if (d > m) m = d; if (g > pk) pk = g }
	END { if (m < 0.05 * pk) print "yes"; else print "no: off by " m }' \
    "$T/gs.tsv")" yes
expect_eq "vanhove: G_s integrates to 1" "$(awk -F'\t' 'NR > 1 {
	s += $4 * 0.1 } END { d = s - 1
	if (d < 1e-3 && d > -1e-3) print "yes"; else print "no: " s }' \
    "$T/gs.tsv")" yes
expect_eq "vanhove: G_d / rho of independent walkers is 1 beyond 1 A \
(within 10%)" "$(awk -F'\t' 'NR > 1 && $2 > 1 { d = $3 - 1
	if (d < 0) d = -d; if (d > m) m = d }
	END { if (m < 0.1) print "yes"; else print "no: " m }' "$T/gd.tsv")" yes

# Files are written whole or not at all; figures are drawn.
run "$BIN/vanhove" -q -g "$T/f.svg" "$T/w.bin"
expect_rc "vanhove --svg exits 0" 0
if command -v xmllint >/dev/null 2>&1; then
	run xmllint --noout "$T/f.svg"
	expect_rc "vanhove: the figure is well-formed XML" 0
fi
expect_eq "vanhove: the figure has error bars" \
    "$(grep -c 'class="ebar"' "$T/f.svg" | awk '{ print ($1 > 10) }')" 1

# Refusals.
run "$BIN/vanhove" --rmax 11 --distinct "$T/x.tsv" "$T/w.bin"
expect_fail "vanhove: --rmax beyond half the cell is refused" 1 \
    "rmax 11 A exceeds half the cell.s smallest width, 10 A"
[ -e "$T/x.tsv" ] && fail "vanhove: no file after a failure" "$T/x.tsv" ||
    pass "vanhove: no file after a failure"
run "$BIN/vanhove" --times 100 --self "$T/x.tsv" "$T/w.bin"
expect_fail "vanhove: --times beyond the run" 1 \
    "--times 100 ps is outside the run's lags, 0.01 to 29.99 ps"
"$W" -n 1 -f 100 >"$T/one.bin"
run "$BIN/vanhove" --distinct "$T/x.tsv" "$T/one.bin"
expect_fail "vanhove: one ion has no G_d" 1 "one Li ion: no distinct van Hove function"
"$W" -n 4 -f 3 >"$T/three.bin"
run "$BIN/vanhove" "$T/three.bin"
expect_fail "vanhove: 3 frames" 1 "3 frames: vanhove needs at least 4"
"$W" -n 4 -f 30 -F >"$T/frac.bin"
run "$BIN/vanhove" "$T/frac.bin"
expect_fail "vanhove: wrapped input" 1 "coordinates are fractional \\(wrapped\\); run unwrap first"
run "$BIN/vanhove" --times 1,x "$T/w.bin"
expect_rc "vanhove: bad --times is a usage error" 2
run "$BIN/vanhove" --bins 0 "$T/w.bin"
expect_rc "vanhove: --bins 0 is a usage error" 2
# An option of G_s and G_d without them would have no effect: refused.
for o in "--times 1" "--bins 30" "--rmax 3" "--origins 10"; do
	run "$BIN/vanhove" $o "$T/w.bin"
	expect_fail "vanhove: $o alone refused" 2 \
	    "^vanhove: ${o% *} goes with (G_s and G_d: --self, |G_d: )--distinct, --svg or --json$"
	expect_eq "vanhove: $o alone: nothing on stdout" "$(wc -c <"$T/out")" 0
done
run "$BIN/vanhove" --origins 10 --self "$T/x.tsv" "$T/w.bin"
expect_fail "vanhove: --origins with --self alone refused" 2 \
    "^vanhove: --origins goes with G_d: --distinct, --svg or --json$"
run "$BIN/vanhove" -q --times 1 --bins 30 --rmax 3 --self "$T/x.tsv" "$T/w.bin"
expect_rc "vanhove: --times, --bins and --rmax with --self" 0
# An output that names the input, or cannot be written, fails before the
# run's work: nothing on stdout.
for o in --self --distinct --json --svg; do
	run "$BIN/vanhove" $o "$T/w.bin" "$T/w.bin"
	expect_fail "vanhove: $o naming the input refused first" 1 \
	    "^vanhove: $T/w.bin: is an input of this run"
	expect_eq "vanhove: $o naming the input: nothing on stdout" \
	    "$(wc -c <"$T/out")" 0
	# No analysis ran: no warning of one before the refusal.
	expect_eq "vanhove: $o naming the input: the refusal alone" \
	    "$(wc -l <"$T/err")" 1
done
run "$BIN/vanhove" -F La,La "$T/w.bin"
expect_fail "vanhove: -F naming a species twice refused" 2 \
    "^vanhove: --frame-species names La twice$"
run "$BIN/vanhove" -s Li -F La,Li "$T/w.bin"
expect_fail "vanhove: -F holding --species refused" 2 \
    "^vanhove: --frame-species holds Li, the species analysed: the framework is the other species$"
run "$BIN/vanhove" -F La,Li "$T/w.bin"
expect_fail "vanhove: -F holding the default species refused" 1 \
    "^vanhove: .*w.bin: the framework 'La,Li' holds Li, the species analysed: name the other species$"
run "$BIN/vanhove" --self "$T/no/such/gs.tsv" "$T/w.bin"
expect_fail "vanhove: --self into no directory refused first" 1 \
    "^vanhove: $T/no/such/gs.tsv: "
expect_eq "vanhove: ... nothing on stdout" "$(wc -c <"$T/out")" 0
run "$BIN/vanhove" -s Li,O "$T/w.bin"
expect_rc "vanhove: two species is a usage error" 2
