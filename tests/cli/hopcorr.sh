# hopcorr.sh - correlated hops on hand-made hop streams with known answers,
# the windowed computation against the dense one, the fit and its flags,
# --json, --pairs, the figure, bad input, and P(N) on the CaF2 run against
# an independent dense computation in Python.

MK=$HELPERS/mkhops

# Groups of 1, 2, 3 and 4 identical hops, far apart: the groups' hops
# correlate fully with each other (r = 1) and negatively with the rest, so
# N is exactly the group's size.
hopcorr_known() {
	printf '0 10 14\n1 30 34\n2 30 34\n3 60 64\n4 60 64\n5 60 64\n6 90 94\n7 90 94\n8 90 94\n9 90 94\n' |
	    "$MK" -s Li:10 -f 200 >"$T/g.bin"
	run "$BIN/hopcorr" "$T/g.bin"
	expect_rc "known groups: exit 0" 0
	expect_eq "known groups: header" "$(head -1 "$T/out")" \
	    "$(printf 'group\tN\tcount\tprobability\tprobability_fit\tmodel')"
	# Rows run to the end of the fitted range, N = 10 (10 events).
	expect_eq "known groups: N distribution" \
	    "$(grep '^all' "$T/out" | cut -f2,3 | tr '\t\n' ': ')" \
	    "1:1 2:2 3:3 4:4 5:0 6:0 7:0 8:0 9:0 10:0 "
	expect_eq "known groups: probabilities" \
	    "$(grep '^all' "$T/out" | cut -f4 | sed 5q | tr '\n' ' ')" \
	    "0.100000 0.200000 0.300000 0.400000 0.000000 "
	# The fit's P(N): over N = 2..10 only, 2, 3 and 4 of 9 events.
	expect_eq "known groups: probability_fit" \
	    "$(grep '^all' "$T/out" | cut -f5 | sed 5q | tr '\n' ' ')" \
	    "nan 0.222222 0.333333 0.444444 0.000000 "
	expect_eq "known groups: the temperature group" \
	    "$(grep -c '^T=600K' "$T/out")" 10
	expect_eq "known groups: fit over N = 2..10" \
	    "$(grep '^# fit group=all ' "$T/out" | grep -o ' n=[0-9]*')" " n=9"
	expect_eq "known groups: event counts of the fit" \
	    "$(grep '^# fit group=all ' "$T/out" |
	    grep -o ' events[a-z_]*=[0-9]*' | tr '\n' ' ')" \
	    " events=10  events_fitted=9  events_above_max_n=0 "
	# 1 + 4 + 9 + 16 = 30 over 10 events.
	expect_eq "known groups: mean N" \
	    "$(grep '^# fit group=all ' "$T/out" | grep -o ' mean_N=[^ ]*')" \
	    " mean_N=3"
	# pandas-style reading: the non-comment lines are one table.
	expect_eq "known groups: comment lines start with #" \
	    "$(grep -v '^#' "$T/out" | awk -F '\t' 'NF != 6' | wc -l)" 0
	# An explicit threshold below every r between groups (-1) makes
	# every hop correlate with every other.
	run "$BIN/hopcorr" --threshold=-1 "$T/g.bin"
	expect_eq "threshold -1: N = 10 for all" \
	    "$(grep '^all' "$T/out" | cut -f2,3 | tr '\t\n' ': ')" \
	    "1:0 2:0 3:0 4:0 5:0 6:0 7:0 8:0 9:0 10:10 "
	# Threshold 1 is never exceeded.
	run "$BIN/hopcorr" --threshold=1 "$T/g.bin"
	expect_eq "threshold 1: N = 1 for all" \
	    "$(grep '^all' "$T/out" | cut -f2,3 | tr '\t\n' ': ')" \
	    "1:10 2:0 3:0 4:0 5:0 6:0 7:0 8:0 9:0 10:0 "
	expect_eq "threshold 1: no event to fit, probability_fit nan" \
	    "$(grep '^all' "$T/out" | cut -f5 | sort -u)" nan
	expect_eq "threshold 1: flagged no_fit" \
	    "$(grep '^# fit group=all ' "$T/out" | grep -o 'flags=.*')" \
	    "flags=no_fit,few_points"
}

# Two runs at two temperatures: groups per temperature and their sum.
hopcorr_two_temperatures() {
	printf '0 10 14\n1 30 34\n2 30 34\n' | "$MK" -s Li:4 -T 600 -f 100 \
	    >"$T/t600.bin"
	printf '0 10 20\n1 10 20\n2 10 20\n3 50 54\n' | "$MK" -s Li:4 -T 900 \
	    -f 100 >"$T/t900.bin"
	run "$BIN/hopcorr" "$T/t900.bin" "$T/t600.bin"
	expect_rc "two temperatures: exit 0" 0
	expect_eq "two temperatures: groups in order" \
	    "$(grep -v '^#' "$T/out" | sed 1d | cut -f1 | uniq | tr '\n' ' ')" \
	    "all T=600K T=900K "
	# Rows to the largest N possible: 4 events at 900 K, 3 at 600 K.
	expect_eq "two temperatures: all = sum" \
	    "$(grep '^all' "$T/out" | cut -f2,3 | tr '\t\n' ': ')" \
	    "1:2 2:2 3:3 4:0 "
	expect_eq "two temperatures: 600 K" \
	    "$(grep '^T=600K' "$T/out" | cut -f2,3 | tr '\t\n' ': ')" \
	    "1:1 2:2 3:0 "
	expect_eq "two temperatures: 900 K" \
	    "$(grep '^T=900K' "$T/out" | cut -f2,3 | tr '\t\n' ': ')" \
	    "1:1 2:0 3:3 4:0 "
	expect_eq "two temperatures: one threshold line per run" \
	    "$(grep -c '^# run=' "$T/out")" 2
}

# The windowed sums against full T x E matrices, on random hops whose
# windows overlap in every way.
hopcorr_dense() {
	n=120; frames=1500
	[ "${HOP_VARIANT:-rel}" = asan ] && n=60 && frames=800
	awk -v n=$n -v f=$frames 'BEGIN { srand(7); for (i = 0; i < n; i++) {
		d = int(rand() * 30); s = int(rand() * (f - d));
		print i % 40, s, s + d } }' >"$T/r.tsv"
	"$MK" -s Li:40 -f $frames "$T/r.tsv" >"$T/r.bin"
	run "$BIN/hopcorr" --trials=8 --seed=5 "$T/r.bin"
	cp "$T/out" "$T/sparse"
	run "$BIN/hopcorr" --trials=8 --seed=5 --dense "$T/r.bin"
	expect_rc "dense: exit 0" 0
	expect_eq "dense: same distribution of N" \
	    "$(grep -v '^#' "$T/sparse")" "$(grep -v '^#' "$T/out")"
	near "dense: same random threshold" \
	    "$(grep -o 'threshold=[^ ]*' "$T/sparse" | cut -d= -f2)" \
	    "$(grep -o 'threshold=[^ ]*' "$T/out" | cut -d= -f2)" 1e-9
	run "$BIN/hopcorr" --threshold=-0.02 "$T/r.bin"
	cp "$T/out" "$T/sparse"
	run "$BIN/hopcorr" --threshold=-0.02 --dense "$T/r.bin"
	expect_eq "dense: same N above a negative threshold" \
	    "$(grep -v '^#' "$T/sparse")" "$(grep -v '^#' "$T/out")"
	run "$BIN/hopcorr" --pairs --threshold=0.2 "$T/r.bin"
	sort "$T/out" >"$T/sparse"
	run "$BIN/hopcorr" --pairs --threshold=0.2 --dense "$T/r.bin"
	sort "$T/out" >"$T/dense"
	expect_eq "dense: same pairs" \
	    "$(cut -f1-10 "$T/sparse" | md5sum)" "$(cut -f1-10 "$T/dense" |
	    md5sum)"
	expect_eq "dense: pairs found" \
	    "$(grep -vc '^#\|^run' "$T/sparse" | awk '{ print ($1 > 10) }')" 1
}

# The fit recovers an exact exponential: 2200 e^(-0.5 N) + 5 events of
# each N, built from groups of identical hops.
hopcorr_fit() {
	: >"$T/e.tsv"
	awk 'BEGIN { f = 0; slot = 0;
		for (N = 2; N <= 9; N++) {
			events = int(2200 * exp(-0.5 * N) + 5 + 0.5);
			groups = int(events / N);
			for (g = 0; g < groups; g++) {
				for (k = 0; k < N; k++) print slot++ % 50, f, f + 4;
				f += 40 } } }' >"$T/e.tsv"
	"$MK" -s Li:50 -f 200000 "$T/e.tsv" >"$T/e.bin"
	run "$BIN/hopcorr" --max-n=9 --trials=3 "$T/e.bin"
	expect_rc "fit: exit 0" 0
	# Groups hold whole multiples of N: recompute the exact P(N) that
	# the table holds and check the fit against it, not the recipe.
	expect_eq "fit: every event in its group" \
	    "$(grep '^all' "$T/out" | awk '$3 % $2 != 0' | wc -l)" 0
	c=$(grep '^# fit group=all' "$T/out" | grep -o ' C=[^ ]*' | cut -d= -f2)
	r2=$(grep '^# fit group=all' "$T/out" | grep -o 'r2=[^ ]*' | cut -d= -f2)
	near "fit: C near 0.5" "$c" 0.5 0.05
	near "fit: r2 near 1" "$r2" 1 0.01
	expect_eq "fit: a good fit has no flags" \
	    "$(grep '^# fit group=all ' "$T/out" | grep -o 'flags=.*')" \
	    "flags=none"
	expect_eq "fit: no warning" "$(cat "$T/err")" ""
}

# mkgroups SIZE...: one group of identical hops per SIZE, 40 frames apart
# (r = 1 within a group, r < 0 between groups), so that N is exactly the
# size of each event's group.
mkgroups() {
	awk -v sizes="$*" 'BEGIN { n = split(sizes, z, " "); f = 10; a = 0;
		for (i = 1; i <= n; i++) {
			for (k = 0; k < z[i]; k++) print a++ % 60, f, f + 4;
			f += 40 } }' | "$MK" -s Li:60 -f 4000
}

# The flags: a straight-line P(N) drives C to the lower end of its range,
# fewer than 4 populated N cannot be trusted, and events above --max-n
# are counted.
hopcorr_flags() {
	# One group of each size 2..7: P(N) = N / 27, a straight line
	# that the old fit reported with r2 near 1 and no warning.
	mkgroups 2 3 4 5 6 7 >"$T/line.bin"
	run "$BIN/hopcorr" --threshold=0.5 --max-n=7 "$T/line.bin"
	expect_rc "flags: straight line, exit 0" 0
	expect_eq "flags: straight line at the edge" \
	    "$(grep '^# fit group=all ' "$T/out" | grep -o 'flags=.*')" \
	    "flags=fit_at_edge"
	expect_eq "flags: straight line, C = 1e-4" \
	    "$(grep '^# fit group=all ' "$T/out" | grep -o ' C=[^ ]*')" \
	    " C=0.0001"
	expect_err "flags: straight line, warned" \
	    "^hopcorr: warning: group all: the fit's C = 0.0001 is the lower end of its range: .*\(flag fit_at_edge\)$"
	run "$BIN/hopcorr" --threshold=0.5 --max-n=7 --svg="$T/line.svg" \
	    "$T/line.bin"
	expect_eq "flags: the figure says the fit is flagged, and draws it thin" \
	    "$(grep -c '>fit [^<]* (flagged)<' "$T/line.svg") $(grep -c \
	    'stroke-width="0.75"' "$T/line.svg")" "1 2"
	run "$BIN/hopcorr" --threshold=0.5 --max-n=7 "$T/line.bin"
	expect_eq "flags: straight line, probability_fit = N / 27" \
	    "$(grep '^all' "$T/out" | cut -f5 | tr '\n' ' ')" \
	    "nan 0.074074 0.111111 0.148148 0.185185 0.222222 0.259259 "
	# Groups of 9 and 10 above --max-n=7: 19 events outside the fit.
	mkgroups 2 3 4 5 6 7 9 10 >"$T/above.bin"
	run "$BIN/hopcorr" --threshold=0.5 --max-n=7 "$T/above.bin"
	expect_eq "flags: events above --max-n counted" \
	    "$(grep '^# fit group=all ' "$T/out" |
	    grep -o ' events[a-z_]*=[0-9]*' | tr '\n' ' ')" \
	    " events=46  events_fitted=27  events_above_max_n=19 "
	expect_eq "flags: the fit's P(N) ignores them" \
	    "$(grep '^all' "$T/out" | awk '$2 == 7' | cut -f4,5)" \
	    "$(printf '0.152174\t0.259259')"
	expect_eq "flags: rows still show N above --max-n" \
	    "$(grep '^all' "$T/out" | awk '$2 >= 9' | cut -f2,3,5 |
	    tr '\t\n' ': ')" "9:9:nan 10:10:nan "
	expect_eq "flags: fewer above --max-n than within: not flagged" \
	    "$(grep '^# fit group=all ' "$T/out" | grep -c most_above)" 0
	# Groups of 9, 10 and 11 with 2..4: 30 above --max-n=5, 9 within:
	# the fit describes the few, and says so.
	mkgroups 2 3 4 9 10 11 >"$T/most.bin"
	run "$BIN/hopcorr" --threshold=0.5 --max-n=5 "$T/most.bin"
	expect_eq "flags: most events above --max-n flagged" \
	    "$(grep '^# fit group=all ' "$T/out" | grep -o 'flags=.*' |
	    grep -c most_above_max_n)" 1
	expect_err "flags: most events above --max-n warned" \
	    "^hopcorr: warning: group all: 30 correlated events have N above --max-n 5 and 9 at or below it: .*most_above_max_n\)$"
	# Sizes 2 and 3 only: of N = 2..5, two populated.
	mkgroups 2 3 >"$T/few.bin"
	run "$BIN/hopcorr" --threshold=0.5 "$T/few.bin"
	expect_rc "flags: few points, exit 0" 0
	expect_eq "flags: few points flagged" \
	    "$(grep '^# fit group=all ' "$T/out" | grep -o 'flags=[^ ]*' |
	    tr ',' '\n' | grep -c '^\(flags=\)*few_points$')" 1
	expect_eq "flags: few points, populated_N" \
	    "$(grep '^# fit group=all ' "$T/out" | grep -o ' populated_N=[0-9]*')" \
	    " populated_N=2"
	expect_err "flags: few points, warned" \
	    "^hopcorr: warning: group all: only 2 of N = 2\.\.5 have events: .*\(flag few_points\)$"
}

# --json: valid JSON whose numbers are those of the comment lines, names
# escaped, and "-" for standard output instead of the table.
hopcorr_json() {
	if ! python3 -c 'import json' 2>/dev/null; then
		skip "json: parsed by python3" "no python3"
		return
	fi
	odd="$T/we\"ird\\na	me.bin"
	cp "$T/t600.bin" "$odd"
	run "$BIN/hopcorr" --json="$T/c.json" "$T/t900.bin" "$odd"
	expect_rc "json: exit 0" 0
	cp "$T/out" "$T/c.tsv"
	run python3 - "$T/c.json" "$T/c.tsv" "$odd" <<'PY'
import json, math, sys
doc = json.load(open(sys.argv[1]))
bad = []
runs = {r["run"]: r for r in doc["runs"]}
groups = {g["group"]: g for g in doc["groups"]}
def same(key, text, value):
    if text in ("nan", "-nan"):
        ok = value is None
    else:
        ok = value is not None and math.isclose(float(text), value,
            rel_tol=1e-5, abs_tol=1e-12)
    if not ok:
        bad.append("%s: %s vs %r" % (key, text, value))
seen = 0
for line in open(sys.argv[2]):
    if not line.startswith("# "):
        continue
    kv = dict(w.split("=", 1) for w in line[2:].split()[1:] if "=" in w)
    if line.startswith("# run="):
        name = line[len("# run="):].split(" frames=")[0]
        r = runs[name]
        for k, v in kv.items():
            same("run " + k, v, r[k])
    else:
        g = groups[kv.pop("group")]
        flags = kv.pop("flags")
        if flags != ",".join(g["flags"]) and not (flags == "none" and
                not g["flags"]):
            bad.append("flags %s vs %r" % (flags, g["flags"]))
        for k, v in kv.items():
            same(g["group"] + " " + k, v, g[k])
    seen += len(kv)
if sys.argv[3] not in runs:
    bad.append("run name %r not in %r" % (sys.argv[3], list(runs)))
if groups["all"]["temperature_K"] is not None or \
        groups["T=600K"]["temperature_K"] != 600:
    bad.append("temperature_K")
print("ok %d" % seen if not bad else "; ".join(bad))
PY
	# 2 runs x 4 numbers and 3 groups (all, 600 K, 900 K) x 13.
	expect_eq "json: every comment-line number, same in JSON" \
	    "$(cat "$T/out")" "ok 47"
	run "$BIN/hopcorr" --json=- "$T/t900.bin" "$odd"
	expect_same "json: '-' writes the same JSON to stdout, alone" \
	    "$T/out" "$T/c.json"
	mkgroups 2 3 4 5 6 7 >"$T/line.bin"
	run "$BIN/hopcorr" --json=- --threshold=0.5 --max-n=7 "$T/line.bin"
	expect_eq "json: flags and the fit's P(N)" "$(python3 -c '
import json, sys
g = json.load(sys.stdin)["groups"][0]
print(g["flags"], g["N_fit_max"], round(sum(g["probability_fit"]), 6),
    g["events_above_max_n"])' <"$T/out")" "['fit_at_edge'] 7 1.0 0"
	# The model column is the fitted curve: its residuals against the
	# P(N) fitted give the fit's r2 (the table's and the JSON's alike).
	run "$BIN/hopcorr" --json="$T/k.json" "$T/g.bin"
	expect_eq "json: the model, A + B exp(-C N), holds the fit's r2" \
	    "$(python3 -c '
import json, sys
g = [g for g in json.load(open(sys.argv[1]))["groups"] if g["group"] == "all"][0]
p, m = g["probability_fit"], g["model"]
mean = sum(p) / len(p)
r2 = 1 - sum((a - b) ** 2 for a, b in zip(p, m)) / sum((a - mean) ** 2 for a in p)
t = [l.split("\t") for l in open(sys.argv[2]) if l.startswith("all\t")]
col = [float(r[5]) for r in t if r[5].strip() != "nan"]
print(len(m) == len(p) == 9, abs(r2 - g["r2"]) < 1e-9,
    all(abs(a - b) <= 1e-5 * max(1, abs(b)) for a, b in zip(col, m)))' \
	    "$T/k.json" "$T/out")" "True True True"
	run "$BIN/hopcorr" --json="$T/no/such/dir.json" "$T/t600.bin"
	expect_fail "json: unwritable path" 1 "^hopcorr: .*no/such/dir.json"
}

hopcorr_pairs() {
	# Ion 0 and ion 1 hop in the same frames, 1 A apart through the
	# periodic boundary of a 10 A cell, at right angles.
	printf '0 10 14 0 0 0 2.5 0 0\n1 10 14 9 0 0 9 2.5 0\n2 70 74 5 5 5 5 5 7\n' |
	    "$MK" -s Li:3 -f 100 -d 20 >"$T/p.bin"
	run "$BIN/hopcorr" --pairs "$T/p.bin"
	expect_rc "pairs: exit 0" 0
	expect_eq "pairs: header" "$(head -1 "$T/out")" \
	    "$(printf 'run\tatom1\tspecies1\tatom2\tspecies2\tstart1\tstart2\tlag_frames\tlag_ps\tdistance_A\tangle_deg\tr')"
	expect_eq "pairs: one pair" "$(grep -vc '^#\|^run' "$T/out")" 1
	expect_eq "pairs: ions, lag, minimum-image distance, angle, r" \
	    "$(sed -n 2p "$T/out" | cut -f2-12)" \
	    "$(printf '0\tLi\t1\tLi\t10\t10\t0.0\t0\t1.0000\t90.00\t1.000000')"
	# The second ion starts 4 frames later: the lag of the midpoints
	# is 4 frames = 0.08 ps at 20 fs.
	printf '0 10 14 0 0 0 2.5 0 0\n1 14 18 2.5 0 0 5 0 0\n' |
	    "$MK" -s Li:2 -f 100 -d 20 >"$T/k.bin"
	run "$BIN/hopcorr" --pairs --threshold=0.1 "$T/k.bin"
	expect_eq "pairs: knock-off in line" "$(sed -n 2p "$T/out" | cut -f8-11)" \
	    "$(printf '4.0\t0.08\t2.5000\t0.00')"
}

hopcorr_edges() {
	echo '# no hops' | "$MK" -s Li:2 -f 50 >"$T/none.bin"
	run "$BIN/hopcorr" "$T/none.bin"
	expect_rc "no hops: exit 0" 0
	expect_eq "no hops: header only" "$(cat "$T/out")" \
	    "$(printf 'group\tN\tcount\tprobability\tprobability_fit\tmodel')"
	expect_err "no hops: said on stderr" "^hopcorr: .*none.bin: no hops$"
	run "$BIN/hopcorr" --svg "$T/none.svg" <"$T/none.bin"
	expect_eq "no hops from stdin: an empty figure still parses" \
	    "$(xmllint --noout "$T/none.svg" 2>&1; grep -c 'class="pt"' "$T/none.svg")" 0
	expect_eq "no hops: the figure says so, without ticks" \
	    "$(grep -c '>no hop: nothing to draw<' "$T/none.svg"
	    grep -c '"tick"' "$T/none.svg")" "$(printf '1\n0')"
	printf '1 20 25\n' | "$MK" -s Li:2 -f 50 >"$T/one.bin"
	run "$BIN/hopcorr" "$T/one.bin"
	expect_rc "one hop: exit 0" 0
	expect_eq "one hop: N = 1" "$(grep -v '^#' "$T/out" | sed 1d)" \
	    "$(printf 'all\t1\t1\t1.000000\tnan\tnan\nT=600K\t1\t1\t1.000000\tnan\tnan')"
	expect_err "one hop: no fit, said so" "too few correlated hops"
	expect_eq "one hop: fit line with nan" \
	    "$(grep -c '^# fit group=all A=nan' "$T/out")" 1
	# A run whose length is unknown ends with its last hop.
	printf '0 10 14\n1 10 14\n' | "$MK" -s Li:2 -f 0 >"$T/nolen.bin"
	run "$BIN/hopcorr" "$T/nolen.bin"
	expect_eq "unknown run length: last hop's end + 1" \
	    "$(grep -o ' frames=[0-9]*' "$T/out")" " frames=15"
}

hopcorr_svg() {
	run "$BIN/hopcorr" --svg "$T/fig.svg" "$T/t900.bin" "$T/t600.bin"
	expect_rc "svg: exit 0" 0
	if xmllint --noout "$T/fig.svg" 2>"$T/xml"; then pass "svg: parses as XML"
	else fail "svg: parses as XML" "$(head -c 300 "$T/xml")"; fi
	# 600 K: N = 2..3 (3 events at most), 900 K: N = 2..4: 5 points.
	expect_eq "svg: one marker per temperature and N" \
	    "$(grep -o 'class="pt"' "$T/fig.svg" | wc -l)" 5
	run "$BIN/hopcorr" --log-y --svg "$T/log.svg" "$T/t900.bin" "$T/t600.bin"
	# On a log axis P = 0 cannot be drawn: 600 K has only N = 2 and
	# 900 K only N = 3.
	expect_eq "svg --log-y: zeros left out" \
	    "$(grep -o 'class="pt"' "$T/log.svg" | wc -l)" 2
	echo keep >"$T/keep.svg"
	run "$BIN/hopcorr" --svg "$T/keep.svg" "$T/t600.bin" "$T/missing.bin"
	expect_eq "svg: a failed run leaves the old file" \
	    "$(cat "$T/keep.svg")" keep
	expect_eq "svg: no temporary files left" \
	    "$(ls "$T" | grep -c tmp)" 0
	run "$BIN/hopcorr" --svg "$T/no/such/dir.svg" "$T/t600.bin"
	expect_fail "svg: unwritable path" 1 "^hopcorr: .*no/such/dir.svg"
}

hopcorr_bad() {
	if [ -x "$HELPERS/gen-walk" ]; then
		"$HELPERS/gen-walk" -f 5 >"$T/frames.bin"
		run "$BIN/hopcorr" "$T/frames.bin"
		expect_fail "frame stream refused" 1 \
		    "^hopcorr: .*frames.bin: a frame stream where hops were expected"
		expect_eq "frame stream: nothing on stdout" "$(cat "$T/out")" ""
	else
		skip "frame stream refused" "no gen-walk helper"
	fi
	printf '0 10 14\n' | "$MK" -u >"$T/trunc.bin"
	run "$BIN/hopcorr" "$T/trunc.bin"
	expect_fail "truncated stream refused" 1 "^hopcorr: .*trunc.bin: .*trunc"
	printf '0 10 14\n1 11 15\n' | "$MK" >"$T/ok.bin"
	size=$(wc -c <"$T/ok.bin")
	# Flip one byte inside the first hop record.
	off=$((size - 160))
	{ head -c $off "$T/ok.bin"; printf '\377'; tail -c +$((off + 2)) "$T/ok.bin"; } >"$T/bad.bin"
	run "$BIN/hopcorr" "$T/bad.bin"
	expect_fail "corrupt stream refused" 1 "^hopcorr: .*bad.bin: record [0-9]+: "
	run "$BIN/hopcorr" "$T/nonexistent.bin"
	expect_fail "missing file" 1 "^hopcorr: .*nonexistent.bin: No such file"
	# A hop of 2e8 frames would need 1.6 GB of smoothed values.
	printf '0 0 199999999\n1 5 10\n' | "$MK" -f 200000000 >"$T/long.bin"
	run "$BIN/hopcorr" "$T/long.bin"
	expect_fail "absurdly long hop refused" 1 \
	    "^hopcorr: .*long.bin: smoothed events need more than"
	run "$BIN/hopcorr" --max-n=2
	expect_fail "--max-n too small" 2 "max-n"
	run "$BIN/hopcorr" --threshold=x
	expect_fail "--threshold not a number" 2 "threshold"
	run "$BIN/hopcorr" --trials=0
	expect_fail "--trials 0" 2 "trials"
	# An option that would have no effect is refused, naming it.
	printf '0 5 10\n1 6 11\n' | "$MK" -f 100 >"$T/two.bin"
	for o in --trials=8:trials --seed=5:seed -r5:seed; do
		run "$BIN/hopcorr" --threshold=0.5 "${o%:*}" "$T/two.bin"
		expect_fail "${o%:*} with --threshold refused" 2 \
		    "^hopcorr: --${o#*:} goes with the random reference, not --threshold$"
		expect_eq "${o%:*} with --threshold: nothing on stdout" \
		    "$(wc -c <"$T/out")" 0
	done
	for o in --log-y:log-y --title=t:title --xlabel=x:xlabel \
	    --ylabel=y:ylabel; do
		run "$BIN/hopcorr" "${o%:*}" "$T/two.bin"
		expect_fail "${o%:*} without --svg refused" 2 \
		    "^hopcorr: --${o#*:} goes with --svg$"
		run "$BIN/hopcorr" --pairs "${o%:*}" "$T/two.bin"
		expect_fail "--pairs ${o%:*} without --svg refused" 2 \
		    "^hopcorr: --${o#*:} goes with --svg$"
	done
	run "$BIN/hopcorr" --pairs --max-n=7 "$T/two.bin"
	expect_fail "--pairs --max-n refused" 2 \
	    "^hopcorr: --max-n goes with the fits: not with --pairs without --svg or --json$"
	run "$BIN/hopcorr" -q --pairs --max-n=7 --log-y --title=t \
	    --svg="$T/p.svg" --json="$T/p.json" "$T/two.bin"
	expect_rc "--pairs with --svg: --max-n, --log-y and --title taken" 0
	# An output that names an input, or cannot be written, fails
	# before the run's work: nothing on stdout.
	for o in -J"$T/two.bin" --svg="$T/two.bin" --json="$T/no/dir.json"; do
		run "$BIN/hopcorr" "$o" "$T/two.bin"
		expect_fail "$o: refused first" 1 \
		    "^hopcorr: $T/(two.bin|no/dir.json): "
		expect_eq "$o: nothing on stdout" "$(wc -c <"$T/out")" 0
	done
}

# P(N) on the CaF2 run at 1600 K of the shared data against an independent
# dense computation in Python (numpy, scipy.ndimage.gaussian_filter1d) of
# IonDiff's definition as hopcorr(1) states it: each hop s..t a 0/1 signal
# over the run, smoothed by a Gaussian of FWHM t - s + 1 frames (zero
# outside the run, kernel cut at 1e-12), Pearson r of every pair, N = the
# events with r above a fixed threshold, itself included.  The total
# variation distance between the two distributions must be 0.02 or less;
# the same computation with the old width t - s differs by more, which
# shows the check can see the difference.
hopcorr_iondiff_dense() {
	need_shared "iondiff dense: CaF2 1600 K" || return 0
	py=
	for p in python3 /usr/bin/python3; do
		if "$p" -c 'import numpy, scipy.ndimage' 2>/dev/null; then
			py=$p
			break
		fi
	done
	if [ -z "$py" ]; then
		skip "iondiff dense: CaF2 1600 K" "no python3 with numpy and scipy"
		return 0
	fi
	# The hops come from the release build's pipeline under the
	# sanitizers too (it takes about a minute there, 4 s here): what is
	# checked is hopcorr, and the sanitized hopcorr reads them.
	pipe=$BIN
	if [ "${HOP_VARIANT:-rel}" != rel ]; then
		pipe=${HELPERS%/build/rel/tests}/bin
		if [ ! -x "$pipe/kmeans-hops" ]; then
			skip "iondiff dense: CaF2 1600 K" "no release build in $pipe"
			return 0
		fi
	fi
	sh_run "'$pipe/xdat2bin' '$SHARED/caf2-md/1600K/XDATCAR.gz' |
	    '$pipe/unwrap' | '$pipe/kmeans-hops' >'$T/caf2.bin'"
	expect_rc "iondiff dense: CaF2 hops found" 0
	"$BIN/hopcat" --hops "$T/caf2.bin" >"$T/caf2.tsv"
	frames=$("$BIN/hopcat" --header "$T/caf2.bin" | awk '$1 == "frames" { print $2 }')
	run "$BIN/hopcorr" --threshold=0.1 "$T/caf2.bin"
	expect_rc "iondiff dense: hopcorr exit 0" 0
	cp "$T/out" "$T/caf2.out"
	cat >"$T/dense.py" <<'PY'
import math, sys
import numpy as np
from scipy.ndimage import gaussian_filter1d
hops, frames, thr, width, table = sys.argv[1:6]
frames, thr = int(frames), float(thr)
ev = []
with open(hops) as f:
    next(f)
    for l in f:
        c = l.split("\t")
        ev.append((int(c[2]), int(c[3])))
Y = np.zeros((frames, len(ev)))
for i, (s, t) in enumerate(ev):
    Y[s:t + 1, i] = 1
    sigma = (t - s + 1 if width == "iondiff" else t - s) / 2.355
    if sigma > 0:
        Y[:, i] = gaussian_filter1d(Y[:, i], sigma, mode="constant",
            cval=0.0, radius=math.ceil(sigma * math.sqrt(2 * math.log(1e12))))
N = (np.corrcoef(Y.T) > thr).sum(axis=1)
py = np.bincount(N, minlength=len(ev) + 2) / len(ev)
# hopcorr's table, group all: N, probability, probability_fit.
hc = np.zeros_like(py)
fit = {}
for l in open(table):
    c = l.split("\t")
    if c[0] == "all":
        hc[int(c[1])] = float(c[3])
        if c[4].strip() != "nan":
            fit[int(c[1])] = float(c[4])
tvd = 0.5 * np.abs(py - hc).sum()
ks = sorted(fit)
pf = py[ks] / py[ks].sum()
tvd_fit = 0.5 * np.abs(pf - np.array([fit[k] for k in ks])).sum()
print("%.4f %.4f" % (tvd, tvd_fit))
PY
	run "$py" "$T/dense.py" "$T/caf2.tsv" "$frames" 0.1 iondiff "$T/caf2.out"
	tvd=$(cut -d' ' -f1 "$T/out")
	tvd_fit=$(cut -d' ' -f2 "$T/out")
	near "iondiff dense: TVD of P(N), all N, <= 0.02" "$tvd" 0 0.02
	near "iondiff dense: TVD of probability_fit, <= 0.02" "$tvd_fit" 0 0.02
	run "$py" "$T/dense.py" "$T/caf2.tsv" "$frames" 0.1 old "$T/caf2.out"
	expect_eq "iondiff dense: the old width t - s is seen (TVD > 0.02)" \
	    "$(awk '{ print ($1 > 0.02) }' "$T/out")" 1
}

hopcorr_known
hopcorr_flags
hopcorr_two_temperatures
hopcorr_dense
hopcorr_fit
hopcorr_pairs
hopcorr_edges
hopcorr_json
hopcorr_svg
hopcorr_bad
hopcorr_iondiff_dense
