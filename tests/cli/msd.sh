# msd.sh - msd against direct sums, random walks of known D, drift,
# correlated ions, Arrhenius fits of runs of known activation energy
# (tables: arrhenius.sh), the real CaF2 runs against an independent
# script, and every refusal.

W=$HELPERS/gen-walk

# expect_match NAME GOT ERE: GOT matches the extended regular expression.
expect_match() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then pass "$1"; else
		fail "$1" "got '$2', want /$3/"; fi
}

# within NAME GOT WANT ERR K: |GOT - WANT| <= K * ERR (and ERR is finite).
within() {
	if awk -v g="$2" -v w="$3" -v e="$4" -v k="$5" 'BEGIN {
		d = g - w; if (d < 0) d = -d
		exit !(e == e + 0 && e > 0 && d <= k * e) }'
	then pass "$1"; else fail "$1" "got $2, want $3 +- $5 x $4"; fi
}

# The ASan build is slower: fewer ions, the same assertions.
big=200
[ "${HOP_VARIANT:-rel}" = asan ] && big=100

walk_basics() {
	"$W" -n 64 -f 2000 -D 0.1 -s 7 >"$T/w.bin"
	run "$BIN/msd" "$T/w.bin"
	expect_rc "msd on a random walk exits 0" 0
	expect_eq "msd: table header" "$(head -1 "$T/out")" \
	    "$(printf 'dt_ps\tmsd_self_A2\tmsd_distinct_A2\tmsd_coll_A2')"
	expect_eq "msd: one row per lag" "$(grep -vc '^#' "$T/out")" 2001
	expect_eq "msd: the last lag is 19.99 ps" \
	    "$(grep -v '^#' "$T/out" | tail -1 | cut -f1)" 19.99
	expect_eq "msd: lag 0 is all zero" "$(sed -n 2p "$T/out")" \
	    "$(printf '0\t0\t0\t0')"
	expect_eq "msd: distinct = collective - tracer" "$(grep -v '^#' \
	    "$T/out" | sed 1d | awk '{ d = $4 - $2 - $3; if (d < 0) d = -d
	        if (d > 1e-8 * ($4 > $2 ? $4 : $2) + 1e-12) bad++ }
	        END { print bad + 0 }')" 0
	expect_eq "msd: run line" "$(grep '^# run' "$T/out")" \
	    "# run: species=Li ions=64 frames=2000 dt_fs=10 T_K=1000 volume_A3=1000 density_cm3=6.4e+22 charge=1 dims=xyz drift=La estimator=ml"
	d=$(kv '# D_self' D_self_cm2_s)
	dd=$(kv '# D_self' dD_self_cm2_s)
	within "msd: D_self of a walk with D = 1e-5 cm^2/s, within 3 dD" \
	    "$d" 1e-5 "$dd" 3
	rel_near "msd: D_self within 25%" "$d" 1e-5 0.25
	within "msd: first-half D_self within 3 dD" \
	    "$(kv '# first_half' D_self_cm2_s)" 1e-5 \
	    "$(kv '# first_half' dD_self_cm2_s)" 3
	within "msd: independent walkers: D_coll = D_self = D, within 3 dD" \
	    "$(kv '# D_self' D_coll_cm2_s)" 1e-5 "$(kv '# D_self' dD_coll_cm2_s)" 3
	# Nernst-Einstein from the printed D_coll, n = 6.4e22 cm^-3, 1000 K.
	dc=$(kv '# D_self' D_coll_cm2_s)
	rel_near "msd: sigma = n e^2 D_coll / (kB T)" \
	    "$(kv '# D_self' sigma_S_cm)" "$(awk -v d="$dc" 'BEGIN {
	        printf "%.10g", 6.4e22 * 1.602176634e-19 ^ 2 * d / 1.380649e-20
	    }')" 1e-5
	run "$BIN/msd" --charge=-2 "$T/w.bin"
	rel_near "msd: sigma scales with the charge squared" \
	    "$(kv '# D_self' sigma_S_cm)" "$(awk -v d="$dc" 'BEGIN {
	        q = 4 * 6.4e22 * 1.602176634e-19 ^ 2
	        printf "%.10g", q * d / 1.380649e-20 }')" 1e-5
	run sh -c "cat '$T/w.bin' | '$BIN/msd' --lags 30"
	cp "$T/out" "$T/stdin.out"
	run "$BIN/msd" --lags 30 - <"$T/w.bin"
	expect_same "msd: standard input, as a pipe or '-'" \
	    "$T/out" "$T/stdin.out"
	expect_eq "msd: --lags 30 thins the table" \
	    "$(grep -vc '^#' "$T/out")" 29
	expect_eq "msd: log lags run from 0.01 to 19.99 ps" \
	    "$(grep -v '^#' "$T/out" | sed -n '2p;$p' | cut -f1 | tr '\n' ' ')" \
	    "0.01 19.99 "
	expect_eq "msd: --lags leaves the fits alone" \
	    "$(grep '^# D_self' "$T/out")" \
	    "$(grep '^# D_self' "$T/stdin.out")"
	run "$BIN/msd" --ols --blocks=1 "$T/w.bin"
	expect_eq "msd --ols: one block, no uncertainty" \
	    "$(kv '# D_self' dD_self_cm2_s) $(kv '# D_self' blocks)" "nan 0"
	run "$BIN/msd" --threads=1 "$T/w.bin"  # the old name, kept for one release
	cp "$T/out" "$T/one.out"
	run "$BIN/msd" --jobs=3 "$T/w.bin"
	expect_same "msd: threads do not change the output" \
	    "$T/out" "$T/one.out"
	run "$BIN/msd" -j 2 -q "$T/w.bin"
	expect_same "msd -j 2 -q: the same output" \
	    "$T/out" "$T/one.out"
}

# The MSDs against a direct O(T^2) sum over every origin, in awk, from
# the positions gen-walk wrote as text (single-precision displacements
# allow about 1e-7; the unit test checks the engine itself to 1e-9).
direct_sums() {
	"$W" -n 3 -f 60 -D 0.5 -s 3 -t "$T/pos.txt" >"$T/d.bin"
	run "$BIN/msd" "$T/d.bin"
	awk -F '\t' 'NR == FNR { x[$1, $2] = $3; y[$1, $2] = $4; z[$1, $2] = $5
		nf = $1 + 1; ni = $2 + 1; next }
	    FNR == 1 || /^#/ { next }
	    { m = FNR - 2; s = 0; c = 0
	      for (t = 0; t + m < nf; t++) {
		X = Y = Z = 0
		for (i = 0; i < ni; i++) {
			dx = x[t + m, i] - x[t, i]; dy = y[t + m, i] - y[t, i]
			dz = z[t + m, i] - z[t, i]
			s += dx * dx + dy * dy + dz * dz
			X += dx; Y += dy; Z += dz
		}
		c += X * X + Y * Y + Z * Z
	      }
	      s /= ni * (nf - m); c /= ni * (nf - m)
	      if (m > 0 && (($2 - s) ^ 2 > (1e-6 * s) ^ 2 ||
	          ($4 - c) ^ 2 > (1e-6 * c) ^ 2)) bad++
	      rows++ }
	    END { print rows, bad + 0 }' "$T/pos.txt" "$T/out" >"$T/cmp"
	expect_eq "msd: every lag equals the direct sum over origins (1e-6)" \
	    "$(cat "$T/cmp")" "60 0"
	# The axes add up: xy + z = xyz.
	run "$BIN/msd" --dims=xy "$T/d.bin"
	grep -v '^#' "$T/out" >"$T/xy"
	run "$BIN/msd" --dims=z "$T/d.bin"
	grep -v '^#' "$T/out" >"$T/z"
	expect_eq "msd: D over z alone is slope/2" "$(kv '# run' dims)" z
	run "$BIN/msd" "$T/d.bin"
	grep -v '^#' "$T/out" >"$T/xyz"
	expect_eq "msd: --dims=xy plus --dims=z gives xyz" "$(paste "$T/xy" \
	    "$T/z" "$T/xyz" | sed 1d | awk '{ for (k = 2; k <= 4; k++) {
	        d = $k + $(k + 4) - $(k + 8); if (d < 0) d = -d
	        if (d > 1e-8 * ($(k + 8) < 0 ? -$(k + 8) : $(k + 8)) + 1e-12)
	        bad++ } } END { print bad + 0 }')" 0
}

correlated_and_drift() {
	"$W" -n "$big" -f 1000 -D 0.1 -s 11 --pairs >"$T/p.bin"
	run "$BIN/msd" "$T/p.bin"
	within "msd: ions moving in pairs have a Haven ratio of 1/2" \
	    "$(kv '# D_self' haven)" 0.5 "$(kv '# D_self' dhaven)" 3
	within "msd: ... and D_coll = 2 D" "$(kv '# D_self' D_coll_cm2_s)" \
	    2e-5 "$(kv '# D_self' dD_coll_cm2_s)" 3
	"$W" -n "$big" -f 1000 -D 0.1 -s 12 --drift=5 >"$T/v.bin"
	run "$BIN/msd" --no-drift "$T/v.bin"
	d=$(kv '# D_self' D_self_cm2_s)
	expect_eq "msd: a drift of 5 A/ps inflates D with --no-drift" \
	    "$(awk -v d="$d" 'BEGIN { print (d > 5e-5) }')" 1
	expect_eq "msd: --no-drift: the run line says off" \
	    "$(kv '# run' drift)" off
	run "$BIN/msd" "$T/v.bin"
	cp "$T/out" "$T/default.out"
	run "$BIN/msd" --drift "$T/v.bin"
	expect_same "msd: the default takes the framework's drift out, as --drift" \
	    "$T/out" "$T/default.out"
	within "msd: --drift takes the framework's drift out" \
	    "$(kv '# D_self' D_self_cm2_s)" 1e-5 "$(kv '# D_self' dD_self_cm2_s)" 3
	rel_near "msd: --drift D_self within 25%" \
	    "$(kv '# D_self' D_self_cm2_s)" 1e-5 0.25
	expect_eq "msd: the run line names the framework" \
	    "$(kv '# run' drift)" La
	cp "$T/out" "$T/drift.out"
	run "$BIN/msd" --frame-species=La "$T/v.bin"
	expect_same "msd: --frame-species=La equals --drift" \
	    "$T/out" "$T/drift.out"
	run "$BIN/msd" --frame-species=Li "$T/v.bin"
	expect_fail "msd: the species itself is no framework" 1 \
	    "^msd: .*v.bin: the framework 'Li' holds Li, the species analysed: name the other species$"
	run "$BIN/msd" --frame-species=La,Li "$T/v.bin"
	expect_fail "msd: a framework holding the species analysed" 1 \
	    "^msd: .*v.bin: the framework 'La,Li' holds Li, the species analysed: name the other species$"
	expect_eq "msd: ... nothing on stdout" "$(wc -c <"$T/out")" 0
	run "$BIN/msd" -s Li -F La,Li "$T/v.bin"
	expect_fail "msd: -F holding --species refused" 2 \
	    "^msd: --frame-species holds Li, the species analysed: the framework is the other species$"
	run "$BIN/msd" -F La,La "$T/v.bin"
	expect_fail "msd: -F naming a species twice refused" 2 \
	    "^msd: --frame-species names La twice$"
	"$W" -n 10 -m 0 -f 50 >"$T/alone.bin"
	run "$BIN/msd" --drift "$T/alone.bin"
	expect_fail "msd: --drift without a framework" 1 \
	    "no framework atoms"
	run "$BIN/msd" "$T/alone.bin"
	expect_eq "msd: no framework: no correction by default" \
	    "$(kv '# run' drift)" off
	run "$BIN/msd" --drift --no-drift "$T/v.bin"
	expect_fail "msd: --drift and --no-drift" 2 \
	    "^msd: --drift or --no-drift: one of them$"
	run "$BIN/msd" --species=La "$T/v.bin"
	expect_eq "msd: --species picks the static framework" \
	    "$(kv '# run' species) $(kv '# run' ions)" "La 8"
	run "$BIN/msd" --species=La "$T/p.bin"
	expect_eq "msd: a static framework does not diffuse at all" \
	    "$(kv '# D_self' D_self_cm2_s) $(grep -v '^#' "$T/out" |
	    tail -1 | cut -f2)" "0 0"
	expect_eq "msd: ... and its Haven ratio is undefined" \
	    "$(kv '# D_self' haven)" nan
	"$W" -n 4 -f 20 -w >"$T/npt.bin"
	run "$BIN/msd" "$T/npt.bin"
	expect_eq "msd: a variable cell's volume is the mean over frames" \
	    "$(kv '# run' volume_A3)" 1165.5
}

# Uncertainties that mean what they say: over 30 walks, about as many
# D_self land within 2 dD of the truth as a t distribution would let.
calibration() {
	n=30
	[ "${HOP_VARIANT:-rel}" = asan ] && n=12
	: >"$T/cal"
	s=1
	while [ $s -le $n ]; do
		"$W" -n 16 -f 500 -D 0.1 -s $((s + 100)) | "$BIN/msd" --lags 2 |
		    grep '^# D_self' >>"$T/cal"
		s=$((s + 1))
	done
	tr ' ' '\n' <"$T/cal" | sed -n 's/^D_self_cm2_s=//p' >"$T/cal.d"
	tr ' ' '\n' <"$T/cal" | sed -n 's/^dD_self_cm2_s=//p' >"$T/cal.dd"
	f=$(paste "$T/cal.d" "$T/cal.dd" | awk '{ z = ($1 - 1e-5) / $2
		if (z * z < 4) in2++; if (z * z < 0.25) in05++; n++ }
	    END { printf "%.2f %.2f", in2 / n, in05 / n }')
	expect_eq "msd: dD calibrated (>= 70% within 2 dD, <= 60% within dD/2; got $f)" \
	    "$(echo "$f" | awk '{ print ($1 >= 0.7 && $2 <= 0.6) }')" 1
}

# The estimator's warnings, each from a run made to trigger it, and the
# flag that goes with it in the comment line and the JSON.
warnings() {
	flags() { kv '# D_self' flags; }
	"$W" -n 16 -f 1000 -s 21 >"$T/ok16.bin"
	run "$BIN/msd" --lags 2 "$T/ok16.bin"
	expect_eq "msd: a clean walk has no flag" "$(flags)" ok
	expect_eq "msd: ... and no warning" "$(cat "$T/err")" ""
	expect_eq "msd: ... and a stride of one frame" \
	    "$(kv '# D_self' start_ps)" 0.01
	expect_eq "msd: ... and dD_self the estimator's (its stride's)" \
	    "$(kv '# D_self' dD_self_cm2_s)" \
	    "$(grep '^# stride: .*chosen=yes' "$T/out" | tr ' ' '\n' |
	    sed -n 's/^dD_self_cm2_s=//p')"
	run "$BIN/msd" --lags 2 --species=La "$T/ok16.bin"
	expect_eq "msd: a species that never moves: D = 0, flagged" \
	    "$(kv '# D_self' D_self_cm2_s) $(flags)" \
	    "0 D_self_not_positive,D_coll_not_positive"
	expect_match "msd: ... with a warning" "$(cat "$T/err")" \
	    "warning: .*ok16.bin: D_self = 0 .* is not positive"
	"$W" -n 2 -f 200 -D 0.0005 -x 0.5 -s 5 >"$T/noisy.bin"
	run "$BIN/msd" --lags 2 "$T/noisy.bin"
	expect_match "msd: D below its noise: unresolved or not positive" \
	    "$(flags)" "D_self_(unresolved|not_positive)"
	expect_match "msd: ... with a warning" "$(cat "$T/err")" \
	    "warning: .*noisy.bin: D_self = .*(exceeds the value|not positive)"
	"$W" -n 32 -f 1000 -H 0.05 -s 3 >"$T/halves.bin"
	run "$BIN/msd" --lags 2 "$T/halves.bin"
	expect_eq "msd: D doubling halfway: the halves disagree" "$(flags)" \
	    halves_disagree
	expect_match "msd: ... with a warning" "$(cat "$T/err")" \
	    "warning: .*halves.bin: the two halves of the run disagree"
	rel_near "msd: ... the first half's D is the first half's" \
	    "$(kv '# first_half' D_self_cm2_s)" 5e-6 0.05
	rel_near "msd: ... the second half's D is the second half's" \
	    "$(kv '# second_half' D_self_cm2_s)" 1e-5 0.05
	# The whole run's dD_self: the estimator's (its stride's) times the
	# halves' Birge ratio |D1 - D2| / hypot(dD1, dD2).
	rel_near "msd: ... dD_self widened to the halves' spread" \
	    "$(kv '# D_self' dD_self_cm2_s)" "$(awk -v a="$(kv '# first_half' \
	    D_self_cm2_s)" -v da="$(kv '# first_half' dD_self_cm2_s)" \
	    -v b="$(kv '# second_half' D_self_cm2_s)" \
	    -v db="$(kv '# second_half' dD_self_cm2_s)" \
	    -v s="$(grep '^# stride: .*chosen=yes' "$T/out" | tr ' ' '\n' |
	    sed -n 's/^dD_self_cm2_s=//p')" 'BEGIN {
		r = (a > b ? a - b : b - a) / sqrt(da * da + db * db)
		printf "%.6g", s * (r > 1 ? r : 1) }')" 1e-4
	expect_match "msd: ... and says so" "$(cat "$T/err")" \
	    "dD_self and dD_coll are multiplied by [0-9.]+ and [0-9.]+, to the halves' spread"
	"$W" -n 16 -f 1000 -v 5 -s 3 >"$T/drifting.bin"
	run "$BIN/msd" --no-drift --lags 2 "$T/drifting.bin"
	expect_match "msd: a drift: D never settles" "$(flags)" "no_plateau"
	expect_match "msd: ... with a warning" "$(cat "$T/err")" \
	    "warning: .*drifting.bin: D_self still changes at the longest"
	run "$BIN/msd" --lags 2 --start=50 "$T/ok16.bin"
	expect_eq "msd: --start beyond what the run allows: too short, and nothing shows D settled" \
	    "$(flags)" run_too_short,no_plateau
	expect_match "msd: ... with a warning" "$(cat "$T/err")" \
	    "warning: .*ok16.bin: the run is too short for a start of 50 ps"
	expect_eq "msd: ... and the longest stride it allows instead" \
	    "$(kv '# D_self' start_ps)" 2
	run "$BIN/msd" --lags 2 --start=0.1 "$T/ok16.bin"
	expect_eq "msd: --start sets the stride" \
	    "$(kv '# D_self' start_ps) $(flags)" "0.1 ok"
	"$W" -n 4 -f 4 >"$T/tiny.bin"
	run "$BIN/msd" "$T/tiny.bin"
	expect_rc "msd: too few frames for D still gives the MSDs" 0
	expect_eq "msd: ... D is nan and flagged" \
	    "$(kv '# D_self' D_self_cm2_s) $(flags)" \
	    "nan D_self_not_positive,D_coll_not_positive,run_too_short"
	expect_match "msd: ... with a warning" "$(cat "$T/err")" \
	    "4 frames are too few for a diffusion coefficient \(at least 5\)"
	# 5 frames allow one stride: D is given, flagged, nothing showing
	# it settled (it may be the vibration's).
	"$W" -n 4 -f 5 >"$T/tiny5.bin"
	run "$BIN/msd" "$T/tiny5.bin"
	expect_match "msd: one stride only: no plateau shown, flagged" \
	    "$(flags)" "no_plateau"
	expect_match "msd: ... with a warning" "$(cat "$T/err")" \
	    "tiny5.bin: the run allows one stride only \(0.01 ps\): nothing shows D_self settled"
	"$W" -n 16 -f 300 -T 0 -s 4 >"$T/noT.bin"
	run "$BIN/msd" --lags 2 "$T/noT.bin"
	expect_eq "msd: no temperature: no conductivity, flagged" \
	    "$(kv '# D_self' sigma_S_cm) $(flags)" "nan no_temperature"
	expect_match "msd: ... with a warning naming --temperature" \
	    "$(cat "$T/err")" "no temperature \(give --temperature\)"
	run "$BIN/msd" --lags 2 --temperature=500 "$T/noT.bin"
	dc=$(kv '# D_self' D_coll_cm2_s)
	rel_near "msd: --temperature gives the conductivity" \
	    "$(kv '# D_self' sigma_S_cm)" "$(awk -v d="$dc" 'BEGIN {
	        q = 1.6e22 * 1.602176634e-19 ^ 2
	        printf "%.10g", q * d / (1.380649e-23 * 500) }')" 1e-5
	expect_eq "msd: ... and no flag" "$(flags)" ok
	run "$BIN/msd" --lags 2 --per-axis "$T/ok16.bin"
	expect_eq "msd: --per-axis: D of each axis near D" "$(grep '^# axes' \
	    "$T/out" | tr ' ' '\n' | sed -n 's/^D_[xyz]_cm2_s=//p' |
	    awk '{ if ($1 > 0.8e-5 && $1 < 1.2e-5) ok++ } END { print ok }')" 3
	grep '^# axes' "$T/out" | tr ' ' '\n' | grep '^D_[xz]_' >"$T/xyz.axes"
	run "$BIN/msd" --lags 2 --per-axis --dims=xz "$T/ok16.bin"
	grep '^# axes' "$T/out" | tr ' ' '\n' | grep '^D_' >"$T/xz.axes"
	expect_same "msd: --per-axis --dims=xz: x and z, as with xyz" \
	    "$T/xz.axes" "$T/xyz.axes"
}

# --json: every number of the comment lines, parsed by python3.
json_output() {
	if ! command -v python3 >/dev/null 2>&1; then
		skip "msd --json" "python3 not installed"
		return
	fi
	"$W" -n 16 -f 1000 -s 21 -x 0.1 >"$T/j.bin"
	run "$BIN/msd" --lags 2 --json="$T/j.json" "$T/j.bin"
	expect_rc "msd --json=FILE exits 0" 0
	cp "$T/out" "$T/j.out"
	run python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
line = [l for l in open(sys.argv[2]) if l.startswith("# D_self")][0]
kv = dict(w.split("=", 1) for w in line[2:].split())
bad = [k for k in ("D_self_cm2_s", "dD_self_cm2_s", "D_coll_cm2_s",
    "dD_coll_cm2_s", "haven", "dhaven", "sigma_S_cm", "dsigma_S_cm",
    "start_ps") if abs(j[k] - float(kv[k])) > 1e-5 * abs(j[k])]
assert j["program"] == "msd" and j["estimator"] == "ml"
assert j["ions"] == 16 and j["frames"] == 1000 and j["T_K"] == 1000
assert sum(s["chosen"] for s in j["strides"]) == 1
assert j["flags"] == ([] if kv["flags"] == "ok" else kv["flags"].split(","))
print("ok" if not bad else "differ: " + " ".join(bad))
' "$T/j.json" "$T/j.out"
	expect_eq "msd --json: the same numbers as the comment line" \
	    "$(cat "$T/out")" ok
	run "$BIN/msd" --json=- "$T/j.bin"
	expect_eq "msd --json=-: JSON instead of the table" \
	    "$(python3 -c 'import json, sys; j = json.load(sys.stdin)
print(j["species"], len(j["first_half"]) > 0)' <"$T/out")" "Li True"
	"$W" -n 16 -f 300 -T 0 -s 4 >"$T/noT.bin"
	run "$BIN/msd" --json=- "$T/noT.bin"
	expect_eq "msd --json: nan is null, flags are a list" \
	    "$(python3 -c 'import json, sys; j = json.load(sys.stdin)
print(j["sigma_S_cm"], j["T_K"], j["flags"])' <"$T/out")" \
	    "None None ['no_temperature']"
	run "$BIN/msd" --ols --json=- "$T/j.bin"
	expect_eq "msd --ols --json: the window and the estimator named" \
	    "$(python3 -c 'import json, sys; j = json.load(sys.stdin)
print(j["estimator"], j["fit_to_ps"], j["blocks"])' <"$T/out")" \
	    "ols 9.99 5"
}

arrhenius() {
	# D = 1e-3 exp(-0.3 eV / kB T) cm^2/s at 600, 800 and 1000 K.
	for t in 600 800 1000; do
		a=$(awk -v t=$t 'BEGIN { printf "%.10g",
		    1e-3 * exp(-0.3 / (8.617333262e-5 * t)) * 1e4 }')
		"$W" -n "$big" -f 1000 -D "$a" -T $t -s $t >"$T/r$t.bin"
	done
	run "$BIN/msd" --arrhenius "$T/r600.bin" "$T/r800.bin" "$T/r1000.bin"
	expect_rc "msd --arrhenius exits 0" 0
	expect_eq "msd --arrhenius: one row per run" \
	    "$(grep -vc '^#' "$T/out")" 4
	within "msd --arrhenius: Ea of 0.3 eV within 3 dEa" \
	    "$(kv '# Ea' Ea_eV)" 0.3 "$(kv '# Ea' dEa_eV)" 3
	near "msd --arrhenius: Ea within 0.03 eV" "$(kv '# Ea' Ea_eV)" 0.3 0.03
	# ln D300 is off by at most 3 dEa/kB (1/300 - 1/800).
	expect_eq "msd --arrhenius: D at 300 K within its extrapolation error" \
	    "$(awk -v d="$(kv '# Ea' D_300K_cm2_s)" -v e="$(kv '# Ea' dEa_eV)" \
	    'BEGIN { k = 8.617333262e-5; w = 1e-3 * exp(-0.3 / (k * 300))
	    l = log(d / w); if (l < 0) l = -l
	    print (l <= 3 * e / k * (1 / 300 - 1 / 800)) }')" 1
	cp "$T/out" "$T/arr.out"
	run "$BIN/msd" --arrhenius-table="$T/arr.out"
	rel_near "msd: its own --arrhenius output reads back as a table" \
	    "$(kv '# Ea' Ea_eV)" "$(kv '# Ea' Ea_eV "$T/arr.out")" 1e-4
	expect_eq "msd: ... weighted by its uncertainties" \
	    "$(kv '# Ea' weighted)" yes
	# The table for plots() below; the table's own tests are
	# arrhenius.sh's.
	awk 'BEGIN { print "# T D"; for (t = 500; t <= 1100; t += 200)
	    printf "%d %.12g nan %.12g\n", t,
	    0.01 * exp(-0.5 / (8.617333262e-5 * t)),
	    50 * exp(-0.4 / (8.617333262e-5 * t)) / t }' >"$T/tab.txt"
	run "$BIN/msd" --arrhenius-table="$T/tab.txt"
	near "msd --arrhenius-table: Ea of an exact table" \
	    "$(kv '# Ea' Ea_eV)" 0.5 1e-9
	run "$BIN/arrhenius" "$T/arr.out"
	expect_eq "msd --arrhenius-table and arrhenius print the same" \
	    "$(cat "$T/out")" "$("$BIN/msd" --arrhenius-table="$T/arr.out")"
	# --json: the fit as JSON, beside the table or instead of it.
	run "$BIN/msd" --arrhenius-table="$T/arr.out" --json="$T/arr.json"
	expect_eq "msd --arrhenius-table --json: the table still printed" \
	    "$(cat "$T/out")" "$("$BIN/msd" --arrhenius-table="$T/arr.out")"
	rel_near "msd --arrhenius-table --json: Ea in the JSON" \
	    "$(python3 -c 'import json, sys; print(json.load(sys.stdin)["Ea_eV"])' \
	    <"$T/arr.json")" "$(kv '# Ea' Ea_eV "$T/arr.out")" 1e-5
	run "$BIN/msd" --arrhenius --json=- "$T/r600.bin" "$T/r800.bin" \
	    "$T/r1000.bin"
	expect_eq "msd --arrhenius --json=-: the JSON alone, a row per run" \
	    "$(python3 -c 'import json, sys; j = json.load(sys.stdin)
print(len(j["rows"]), j["points"], j["T_K"])' <"$T/out")" "3 3 300"
	# Options that would have no effect are refused, naming them.
	for o in -z2:charge -t900:temperature --drift:drift \
	    --no-drift:no-drift -FLa:frame-species --dims=xy:dims \
	    --start=1:start --ols:ols --per-axis:per-axis -sLi:species \
	    --atoms=0-3:atoms --max-memory=1G:max-memory --lags=10:lags \
	    -j2:jobs --threads=2:threads; do
		run "$BIN/msd" "${o%:*}" --arrhenius-table="$T/arr.out"
		expect_fail "msd --arrhenius-table ${o%:*}: refused" 2 \
		    "^msd: --${o#*:} has no meaning with --arrhenius-table \(it reads a table, not runs\)$"
	done
	for o in -t900:temperature --per-axis:per-axis --lags=10:lags; do
		run "$BIN/msd" "${o%:*}" --arrhenius "$T/r600.bin" \
		    "$T/r800.bin"
		expect_fail "msd --arrhenius ${o%:*}: refused" 2 \
		    "^msd: --${o#*:} has no meaning with --arrhenius \(its table holds each run's D\*, D_coll and sigma at its header's temperature\)$"
		expect_eq "msd --arrhenius ${o%:*}: nothing on stdout" \
		    "$(wc -c <"$T/out")" 0
	done
	run "$BIN/msd" --material=x --arrhenius "$T/r600.bin" "$T/r800.bin"
	expect_fail "msd --arrhenius --material: refused" 2 \
	    "^msd: --material goes with --arrhenius-table$"
	run "$BIN/msd" --at=400 "$T/r600.bin"
	expect_fail "msd --at without an Arrhenius mode: refused" 2 \
	    "^msd: --at goes with --arrhenius or --arrhenius-table$"
	run "$BIN/msd" -q -s Li --dims=xy --no-drift -z2 --arrhenius \
	    "$T/r600.bin" "$T/r800.bin" "$T/r1000.bin"
	expect_rc "msd --arrhenius: a run's analysis options taken" 0
	# An output that names an input, or cannot be written, fails first.
	for j in "$T/r600.bin" "$T/no/such/dir.json"; do
		run "$BIN/msd" --arrhenius --json="$j" "$T/r600.bin" \
		    "$T/r800.bin"
		expect_fail "msd --arrhenius --json=$j: refused first" 1 \
		    "^msd: $j: "
		expect_eq "msd --arrhenius --json=$j: nothing on stdout" \
		    "$(wc -c <"$T/out")" 0
	done
	"$W" -n 4 -f 50 -T 0 >"$T/not.bin"
	run "$BIN/msd" --arrhenius "$T/r600.bin" "$T/not.bin"
	expect_fail "msd --arrhenius: a run without a temperature is named" 1 \
	    "^msd: .*not.bin: no temperature in the header"
	expect_eq "msd --arrhenius: nothing on stdout after an error" \
	    "$(cat "$T/out")" ""
}

refusals() {
	"$W" -n 4 -f 50 >"$T/ok.bin"
	# An output that names the input, or cannot be written, fails
	# before the run's work: nothing on stdout.
	for o in --json="$T/ok.bin" --svg="$T/ok.bin" \
	    --json="$T/no/such/dir.json"; do
		run "$BIN/msd" "$o" "$T/ok.bin"
		expect_fail "msd $o: refused first" 1 "^msd: ${o#*=}: "
		expect_eq "msd $o: nothing on stdout" "$(wc -c <"$T/out")" 0
	done
	run sh -c "'$BIN/msd' --json='$T/ok.bin' <'$T/ok.bin'"
	expect_fail "msd --json naming standard input's file: refused" 1 \
	    "is an input of this run"
	expect_eq "msd --json naming standard input's file: nothing on stdout" \
	    "$(wc -c <"$T/out")" 0
	"$W" -n 4 -f 50 --fractional >"$T/frac.bin"
	run sh -c "'$BIN/msd' <'$T/frac.bin'"
	expect_fail "msd: a fractional stream is refused" 1 \
	    "^msd: <stdin>: coordinates are fractional \(wrapped\); run unwrap first$"
	expect_eq "msd: nothing on stdout after an error" "$(cat "$T/out")" ""
	"$W" -n 4 -f 50 -d 0 >"$T/nodt.bin"
	run "$BIN/msd" "$T/nodt.bin"
	expect_fail "msd: an unknown time step is refused" 1 \
	    "nodt.bin: the time between frames is unknown"
	"$W" -n 4 -f 1 >"$T/f1.bin"
	run "$BIN/msd" "$T/f1.bin"
	expect_fail "msd: one frame is too few" 1 \
	    "f1.bin: 1 frame: an MSD needs at least 2"
	run "$BIN/msd" --species=Na "$T/ok.bin"
	expect_fail "msd: an unknown species is named" 1 \
	    "species 'Na' is not in the input \(it has La, Li\)"
	run "$BIN/msd" --species=La,Li "$T/ok.bin"
	expect_fail "msd: --species takes one species" 2 \
	    "^msd: invalid --species 'La,Li' \\(want one species name: msd does not pool species\\)$"
	"$W" -n 4 -f 50 -S Xe -m 0 >"$T/xe.bin"
	run "$BIN/msd" "$T/xe.bin"
	expect_fail "msd: no mobile family species" 1 \
	    "no mobile species .* name one with --species"
	head -c 3000 "$T/ok.bin" >"$T/cut.bin"
	run "$BIN/msd" "$T/cut.bin"
	expect_fail "msd: a truncated stream" 1 "^msd: .*cut.bin: .*truncated"
	expect_eq "msd: a truncated stream prints no table" "$(cat "$T/out")" ""
	run "$BIN/msd" </dev/null
	expect_fail "msd: empty input" 1 "^msd: <stdin>: empty input"
	run "$BIN/msd" "$T/missing.bin"
	expect_fail "msd: a missing file" 1 "^msd: .*missing.bin: "
	run "$BIN/msd" "$T/ok.bin" "$T/ok.bin"
	expect_fail "msd: two runs without --arrhenius" 2 "--arrhenius"
	run "$BIN/msd" --arrhenius "$T/ok.bin"
	expect_fail "msd --arrhenius with one run" 2 "two or more runs"
	run "$BIN/msd" --ols --fit-from=0.6 --fit-to=0.5 "$T/ok.bin"
	expect_fail "msd: an empty fit window" 2 "fit-from must be below"
	run "$BIN/msd" --fit-from=0.2 "$T/ok.bin"
	expect_fail "msd: a fit window without --ols" 2 \
	    "--fit-from, --fit-to and --blocks go with --ols"
	run "$BIN/msd" --ols --start=1 "$T/ok.bin"
	expect_fail "msd: --start with --ols" 2 "--start and --per-axis go with"
	run "$BIN/msd" --start=0 "$T/ok.bin"
	expect_fail "msd: a zero --start" 2 "invalid --start '0'"
	run "$BIN/msd" --temperature=-5 "$T/ok.bin"
	expect_fail "msd: a negative --temperature" 2 "invalid --temperature"
	run "$BIN/msd" --json= "$T/ok.bin"
	expect_fail "msd: an empty --json" 2 "invalid --json"
	run "$BIN/msd" --json="$T/no/such/dir.json" "$T/ok.bin"
	expect_fail "msd --json into a missing directory" 1 "no/such/dir.json"
	run "$BIN/msd" --dims=xx "$T/ok.bin"
	expect_fail "msd: a repeated axis" 2 "invalid --dims 'xx'"
	run "$BIN/msd" --blocks=0 "$T/ok.bin"
	expect_fail "msd: zero blocks" 2 "invalid --blocks"
	run "$BIN/msd" --charge=0 "$T/ok.bin"
	expect_fail "msd: zero charge" 2 "invalid --charge"
	if [ -w /dev/full ]; then
		run sh -c "'$BIN/msd' '$T/ok.bin' >/dev/full"
		expect_fail "msd: a write error is an error" 1 "write error"
	fi
}

plots() {
	"$W" -n 8 -f 300 >"$T/s.bin"
	run "$BIN/msd" --svg="$T/msd.svg" "$T/s.bin"
	expect_rc "msd --svg exits 0" 0
	expect_eq "msd --svg: an SVG with three MSD curves, two fits and their bands" \
	    "$(head -c 5 "$T/msd.svg") $(grep -c 'clip-path="url(#c0)" d=' \
	    "$T/msd.svg")" \
	    "<?xml 7"
	# The bands: closed outlines, filled, each in the legend.
	expect_eq "msd --svg: a band of dD around each fit" \
	    "$(grep 'clip-path="url(#c0)" d=' "$T/msd.svg" |
	        grep -c 'Z" fill="#[0-9A-Fa-f]*" fill-opacity')" 2
	expect_eq "msd --svg: the bands in the legend" \
	    "$(grep -c '>± dD\*<\|>± dD_σ<' "$T/msd.svg")" 2
	expect_eq "msd --svg: the title and the axes" \
	    "$(grep -c '>Mean-squared displacement of [A-Za-z]*<\|>Δt (ps)<\|>MSD (Å²)<' \
	    "$T/msd.svg")" 3
	run "$BIN/msd" --ols --svg="$T/ols.svg" "$T/s.bin"
	expect_eq "msd --ols --svg: the bands too" \
	    "$(grep 'clip-path="url(#c0)" d=' "$T/ols.svg" |
	        grep -c 'Z" fill="#[0-9A-Fa-f]*" fill-opacity')" 2
	run "$BIN/msd" --svg="$T/t.svg" --title='MSD, 1600 K' --xlabel=t \
	    --ylabel= "$T/s.bin"
	expect_eq "msd --title, --xlabel, an empty --ylabel" \
	    "$(grep -c '>MSD, 1600 K<\|>t<\|>MSD (Å²)<' "$T/t.svg")" 2
	run "$BIN/msd" --arrhenius-table="$T/tab.txt" --svg="$T/arr.svg"
	expect_eq "msd --svg: an Arrhenius plot with its points" \
	    "$(grep -c 'class="pt"' "$T/arr.svg")" 5
	expect_eq "msd --svg: the Arrhenius plot's title and axes" \
	    "$(grep -c '>Arrhenius plot of D\*<\|>1000/T (K⁻¹)<\|>D\* (cm² s⁻¹)<' \
	    "$T/arr.svg")" 3
	run "$BIN/msd" --arrhenius-table="$T/tab.txt" --svg="$T/arr.svg" \
	    --title='Li6PS5Cl' --ylabel='D (cm² s⁻¹)'
	expect_eq "msd --svg: the Arrhenius plot's --title and --ylabel" \
	    "$(grep -c '>Li6PS5Cl<\|>1000/T (K⁻¹)<\|>D (cm² s⁻¹)<\|>Arrhenius plot' \
	    "$T/arr.svg")" 3
	run "$BIN/msd" --svg="$T/no/such/dir.svg" "$T/s.bin"
	expect_fail "msd --svg into a missing directory" 1 "no/such/dir.svg"
}

# The real CaF2 runs: the MSD of F at every lag against the independent
# script's msd_F.tsv (5 decimals), its D over 3-15 ps against meta.txt,
# and the Arrhenius fit over 1000 K and 1600 K.
real_caf2() {
	need_shared "msd: CaF2 runs" || return 0
	for t in xdat2bin unwrap; do
		if [ ! -x "$BIN/$t" ]; then
			skip "msd: CaF2 runs" "$BIN/$t not built"
			return
		fi
	done
	for k in 1600K 1000K; do
		sh_run "'$BIN/xdat2bin' '$SHARED/caf2-md/$k/XDATCAR.gz' |
		    '$BIN/unwrap' >'$T/$k.bin'"
		expect_rc "msd: CaF2 $k converts" 0
		grep -v '^#' "$SHARED/caf2-md/$k/msd_F.tsv" >"$T/ref"
		# 3 and 15 ps as fractions of the longest lag, 2999 frames.
		run "$BIN/msd" --no-drift --ols --fit-from=0.100033344448 \
		    --fit-to=0.500166722241 "$T/$k.bin"
		expect_eq "msd: CaF2 $k: every lag of msd_F.tsv agrees (5e-6 A^2)" \
		    "$(grep -v '^#' "$T/out" | sed 1d | paste - \
		    "$T/ref" | awk '
		    { d = $2 - $6; if (d < 0) d = -d
		      if (d > 5.1e-6 || ($1 - $5) ^ 2 > 1e-12) bad++; n++ }
		    END { print n, bad + 0 }')" "3000 0"
		grep '^# D_self' "$T/out" >"$T/$k.fit"
	done
	rel_near "msd: CaF2 1600K: D(F) over 3-15 ps as meta.txt says" \
	    "$(kv '# D_self' D_self_cm2_s "$T/1600K.fit")" 1.595e-05 0.002
	# At 1000 K D(F) is 1e-4 of its 1600 K value, and the same fit of
	# msd_F.tsv itself gives -8.10e-10: agree to 1e-10 cm^2/s.
	near "msd: CaF2 1000K: D(F) over 3-15 ps as meta.txt says" \
	    "$(kv '# D_self' D_self_cm2_s "$T/1000K.fit")" -7.763e-10 1e-10
	# The run conserves momentum: F's centre of mass moves against Ca's,
	# M_F N_F dR_F = -M_Ca N_Ca dR_Ca.  Seen from the framework (the
	# default), F's collective displacement is (1 + M_F N_F / (M_Ca
	# N_Ca)) = 1.948 times the centre-of-mass frame's (--no-drift): D_coll
	# and sigma 3.795 times, the whole charge current, Ca's included.
	run "$BIN/msd" --no-drift "$T/1600K.bin"
	cp "$T/out" "$T/nodrift.out"
	run "$BIN/msd" "$T/1600K.bin"
	expect_eq "msd: CaF2 1600K: the framework's frame by default" \
	    "$(kv '# run' drift)" Ca
	rel_near "msd: CaF2 1600K: D_coll from the framework, (1 + 18.998 x 216 / (40.078 x 108))^2 times the centre of mass's" \
	    "$(awk -v a="$(kv '# D_self' D_coll_cm2_s)" \
	    -v b="$(kv '# D_self' D_coll_cm2_s "$T/nodrift.out")" \
	    'BEGIN { print a / b }')" 3.7950 0.005
	# The run's halves disagree: dD* is widened to their spread, and
	# each axis's dD with it (one axis holds a third of the data:
	# about sqrt(3) dD*; unwidened it was a third of dD*).
	run "$BIN/msd" --per-axis "$T/1600K.bin"
	expect_eq "msd: CaF2 1600K: --per-axis dD widened as dD* (dD_x / dD* = $(awk -v a="$(kv '# axes' dD_x_cm2_s)" -v b="$(kv '# D_self' dD_self_cm2_s)" 'BEGIN { print a / b }'))" \
	    "$(awk -v a="$(kv '# axes' dD_x_cm2_s)" \
	    -v b="$(kv '# D_self' dD_self_cm2_s)" \
	    'BEGIN { r = a / b; print (r > 1.2 && r < 2.5) }')" 1
	# A --start inside the vibration's regime (one 10 fs frame) is
	# judged against twice it: they differ, flagged, dD holds the
	# difference (it was 3.72e-5 +- 0.008e-5, flags=ok).
	run "$BIN/msd" --start=0.001 "$T/1600K.bin"
	expect_match "msd: CaF2 1600K: --start in the ballistic regime flagged" \
	    "$(kv '# D_self' flags)" "no_plateau"
	expect_err "msd: CaF2 1600K: ... with a warning" \
	    "D_self at the stride given \(--start 0.01 ps\) differs from D_self at twice it"
	expect_eq "msd: CaF2 1600K: ... dD holds the difference" \
	    "$(awk -v d="$(kv '# D_self' D_self_cm2_s)" \
	    -v dd="$(kv '# D_self' dD_self_cm2_s)" 'BEGIN { print (dd > d / 2) }')" 1
	run "$BIN/msd" --start=1 "$T/1600K.bin"
	expect_eq "msd: CaF2 1600K: --start=1 agrees with twice it: not flagged" \
	    "$(kv '# D_self' flags | grep -c no_plateau)" 0
	# The default estimator against the independent value of meta.txt.
	run "$BIN/msd" --json=- "$T/1600K.bin"
	expect_eq "msd: CaF2 1600K: default D* within 10% of meta.txt's, D_coll and sigma positive" \
	    "$(python3 -c 'import json, sys; j = json.load(sys.stdin)
print(abs(j["D_self_cm2_s"] / 1.595e-5 - 1) < 0.1,
    j["D_coll_cm2_s"] > 2 * j["dD_coll_cm2_s"] > 0,
    j["sigma_S_cm"] > 2 * j["dsigma_S_cm"] > 0)' <"$T/out")" "True True True"
	run "$BIN/msd" --json=- "$T/1000K.bin"
	expect_eq "msd: CaF2 1000K: no diffusion resolved, and said so" \
	    "$(python3 -c 'import json, sys; j = json.load(sys.stdin)
print(j["D_self_cm2_s"] <= 2 * j["dD_self_cm2_s"],
    bool({"D_self_not_positive", "D_self_unresolved"} & set(j["flags"])))' \
	    <"$T/out")" "True True"
	# 1000 K resolves no diffusion: an upper bound, and with one
	# temperature left, no fit, saying why.
	run "$BIN/msd" --arrhenius "$T/1000K.bin" "$T/1600K.bin"
	expect_fail "msd --arrhenius on CaF2: no fit with 1000 K an upper bound, and why" 1 \
	    "resolved: .*1600K.bin \(1600 K\); upper bounds: .*1000K.bin \(1000 K\)"
	expect_err "msd --arrhenius on CaF2: 1000 K kept as an upper bound" \
	    "warning: .*1000K.bin \(1000 K\): D\* = .*kept as an upper bound"
	# Another 1600 K run of the same model (the raw LAMMPS dump): both
	# runs' halves disagree, and with their dD* widened to that spread
	# the two D* agree within twice their combined uncertainty (the
	# estimator's alone gave 1.68 +- 0.07 and 1.17 +- 0.05 e-5 cm^2/s).
	if [ -x "$BIN/lmp2bin" ]; then
		sh_run "'$BIN/lmp2bin' -D 2 -n Ca,F \
		    '$SHARED/caf2-md/1600K-lammps-dump/dump.lammpstrj.gz' |
		    '$BIN/unwrap' >'$T/dump.bin'"
		run "$BIN/msd" -s F "$T/1600K.bin"
		cp "$T/out" "$T/r1"
		run "$BIN/msd" -s F "$T/dump.bin"
		expect_eq "msd: CaF2 1600 K, two runs: D* agree within twice their uncertainty" \
		    "$(awk -v a="$(kv '# D_self' D_self_cm2_s "$T/r1")" \
		    -v da="$(kv '# D_self' dD_self_cm2_s "$T/r1")" \
		    -v b="$(kv '# D_self' D_self_cm2_s)" \
		    -v db="$(kv '# D_self' dD_self_cm2_s)" 'BEGIN {
			d = a > b ? a - b : b - a
			print (d < 2 * sqrt(da * da + db * db)) }')" 1
	fi
}

# An XDATCAR whose species line gives Li twice (Li O Li P, 2 1 1 1):
# xdat2bin makes one species of 3 Li, so msd analyses all 3, follows O
# and P for the drift, and takes --species Li.
repeated_species() {
	"$BIN/xdat2bin" --dt 10 tests/files/xdatcar/good-repeated.xdatcar |
	    "$BIN/unwrap" >"$T/rep.bin"
	run "$BIN/msd" "$T/rep.bin"
	expect_rc "Li O Li P: msd runs" 0
	expect_eq "Li O Li P: 3 Li analysed, drift from O and P" \
	    "$(grep '^# run:' "$T/out" | tr ' ' '\n' |
	    grep -E '^(species|ions|drift)=' | tr '\n' ' ')" \
	    "species=Li ions=3 drift=O,P "
	run "$BIN/msd" --species Li "$T/rep.bin"
	expect_rc "Li O Li P: --species Li" 0
	expect_eq "Li O Li P: --species Li analyses 3" \
	    "$(grep -o 'ions=[0-9]*' "$T/out")" "ions=3"
}

walk_basics
warnings
json_output
direct_sums
correlated_and_drift
calibration
arrhenius
refusals
plots
repeated_species
real_caf2
