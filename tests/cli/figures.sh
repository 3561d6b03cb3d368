# figures.sh - every figure the tools draw, rendered (issue 14): each SVG
# is drawn on small inputs, rendered to PNG by rsvg-convert (exit 0, a
# non-empty PNG), and its geometry, which the writer records in
# <metadata id="hop-geometry">, checked: no text box overlaps another or
# a data mark, none leaves the figure, and the drawn points (class="pt")
# are as many as the input implies; the text a paper needs: axis labels
# that are quantities with units, titles that say what is shown (never a
# file name) and --title in their place, one family's one violin, the
# bands and error bars of the uncertainties.  The release pass also
# renders the five figures of examples/demo.sh.

GT=$HELPERS/gen-traj

# fig_geom SVG: "points N clashes N" of SVG on stdout (tests/helpers/
# figgeom.py reads the geometry); the clashes, if any, on stderr.
fig_geom() {
	/usr/bin/python3 tests/helpers/figgeom.py "$1"
}

# fig_text SVG: the texts of SVG, one a line (entities as written).
fig_text() {
	sed -n 's/.*<text[^>]*>\([^<]*\)<\/text>.*/\1/p' "$1"
}

# has_text NAME SVG TEXT...: each TEXT is one of SVG's texts.
has_text() {
	name=$1 svg=$2
	shift 2
	for want in "$@"; do
		if fig_text "$svg" | grep -qxF -- "$want"; then
			pass "$name: '$want'"
		else
			fail "$name: '$want'" "texts: $(fig_text "$svg" |
			    tr '\n' '|' | head -c 300)"
		fi
	done
}

# no_file_name NAME SVG FILE...: no text of SVG holds a FILE's name.
no_file_name() {
	name=$1 svg=$2
	shift 2
	for f in "$@"; do
		if fig_text "$svg" | grep -qF -- "$(basename "$f")"; then
			fail "$name: no file name in its text" \
			    "'$(basename "$f")' drawn"
		else
			pass "$name: no file name in its text ($(basename "$f"))"
		fi
	done
}

# y_bottom SVG: the lowest y tick label of the first panel (a minus sign
# as "-").
y_bottom() {
	/usr/bin/python3 - "$1" <<'PY'
import json, sys
import xml.etree.ElementTree as ET
NS = '{http://www.w3.org/2000/svg}'
root = ET.parse(sys.argv[1]).getroot()
meta = [m for m in root.iter(NS + 'metadata') if m.get('id') == 'hop-geometry']
boxes = json.loads(meta[0].text)['boxes']
plot = [b for b in boxes if b[0] == 'plot'][0]
ticks = [b for b in boxes if b[0] == 'tick' and b[1] == plot[1] and b[4] <= plot[2] + 1]
low = max(ticks, key=lambda b: b[5])
for t in root.iter(NS + 'text'):
    x, y = float(t.get('x')), float(t.get('y'))
    if abs(y - low[5] + 0.24 * 12) < 1.5 and x <= plot[2] + 1 and x >= low[2] - 1:
        print(t.text.replace('\u2212', '-'))
        break
PY
}

# corr_points TABLE [log]: the points hopcorr draws from its TABLE: one
# per N of each group's fitted range (on a log axis only those above
# zero), the group "all" left out when there are others (its fit is
# drawn, not its points).
corr_points() {
	awk -F '\t' -v lg="${2:-}" 'NR > 1 && !/^#/ { g[$1] = 1 }
	    NR > 1 && !/^#/ && $5 != "nan" && (lg == "" || $5 > 0) {
		n[$1]++; t++ }
	    END { k = 0; for (x in g) k++; print t - (k > 1 ? n["all"] : 0) }' "$1"
}

# fig_check NAME SVG POINTS: SVG renders, and its geometry is clean with
# POINTS drawn points.
fig_check() {
	rc=0
	rsvg-convert -o "$T/$1.png" "$2" 2>"$T/err" || rc=$?
	if [ "$rc" = 0 ] && [ -s "$T/$1.png" ]; then
		pass "$1: renders to PNG"
	else
		fail "$1: renders to PNG" "rsvg-convert exit $rc: $(head -c 300 "$T/err")"
	fi
	expect_eq "$1: no text overlaps text or data, $3 points" \
	    "$(fig_geom "$2" 2>"$T/geom")" "points $3 clashes 0"
	[ -s "$T/geom" ] && sed "s/^/$1: /" "$T/geom" >&2
	# FIGURES_KEEP=DIR keeps the PNGs to look at.
	if [ -n "${FIGURES_KEEP:-}" ]; then
		mkdir -p "$FIGURES_KEEP" && cp "$T/$1.png" "$2" "$FIGURES_KEEP/"
	fi
}

fig_tools() {
	# The atom figure: 600 frames in 5 clusters, 5 centres, the hop
	# frames overdrawn (as kmeans-hops.sh counts them).
	"$GT" --frames 600 >"$T/s.hop"
	run "$BIN/kmeans-hops" --tsv --svg="$T/atom.svg" --svg-atom=2 \
	    "$T/s.hop"
	expect_rc "atom: kmeans-hops --svg exits 0" 0
	hf=$(awk -F '\t' '$1 == 2 { n += $4 - $3 + 1 } END { print n + 0 }' \
	    "$T/out")
	fig_check atom "$T/atom.svg" $((600 + 5 + hf))

	# Many hops at random: P(N), the hop lengths, the MSDs.
	"$GT" --scenario random --ions 40 --mobile 0.5 --rate 5 \
	    --residence 40 --frames 1000 >"$T/r.hop"
	"$BIN/kmeans-hops" --mode adaptive "$T/r.hop" >"$T/r.hops" 2>/dev/null
	run "$BIN/hopcorr" --svg="$T/corr.svg" "$T/r.hops"
	expect_rc "correlations: hopcorr --svg exits 0" 0
	# A point per N of the fitted range (zeros too, on a linear axis).
	cp "$T/out" "$T/corr.tsv"
	fig_check correlations "$T/corr.svg" "$(corr_points "$T/corr.tsv")"
	has_text correlations "$T/corr.svg" "P(N)" \
	    "Correlated hops: P(N) and its fit A + B exp(−C N)"
	no_file_name correlations "$T/corr.svg" "$T/r.hops"
	run "$BIN/hopcorr" --log-y --svg="$T/corrlog.svg" "$T/r.hops"
	fig_check correlations-log "$T/corrlog.svg" \
	    "$(corr_points "$T/out" log)"
	# A fit that falls below zero, as at 1400 K in examples/database:
	# five hops together, P(5) = 1, the fit a rising line through
	# P(2..4) = 0 and below.  It stops at P = 0: the axis starts at 0.
	for a in 0 1 2 3 4; do echo "$a 50 54 0 0 0 1 0 0"; done |
	    "$HELPERS/mkhops" -s Li:6 -a Li -T 1400 >"$T/five.bin"
	run "$BIN/hopcorr" --svg="$T/corr0.svg" "$T/five.bin"
	expect_eq "correlations: the fit dips below zero (A + 2B < 0)" \
	    "$(awk '/^# fit group=all/ { for (i = 1; i <= NF; i++) {
		if ($i ~ /^A=/) a = substr($i, 3)
		if ($i ~ /^B=/) b = substr($i, 3) }
		print (a + b * exp(-2 * 0.0001) < 0) }' "$T/out")" 1
	fig_check correlations-below-zero "$T/corr0.svg" 4
	expect_eq "correlations: a fit below zero leaves the axis at 0" \
	    "$(y_bottom "$T/corr0.svg")" 0.0
	expect_eq "correlations: the axis starts at 0" \
	    "$(y_bottom "$T/corr.svg")" 0.0
	run "$BIN/hopcorr" --title='P(N), 1400 K' --svg="$T/corrt.svg" \
	    "$T/r.hops"
	has_text "correlations --title" "$T/corrt.svg" "P(N), 1400 K"
	run "$BIN/hophist" --quantity=length --svg="$T/lengths.svg" "$T/r.hops"
	expect_rc "lengths: hophist --svg exits 0" 0
	fig_check lengths "$T/lengths.svg" 0
	# One family: its violin alone, no "All" beside it.
	has_text lengths "$T/lengths.svg" "Hop lengths by family" \
	    "hop length (Å)"
	expect_eq "lengths: one family, one violin" \
	    "$(grep '<path clip-path' "$T/lengths.svg" | grep -vc 'fill="none"') $(fig_text "$T/lengths.svg" | grep -c '^All (')" \
	    "1 0"
	no_file_name lengths "$T/lengths.svg" "$T/r.hops"
	run "$BIN/hophist" --svg="$T/hist-all.svg" "$T/r.hops"
	fig_check hophist-all "$T/hist-all.svg" \
	    "$(grep -c 'class="pt"' "$T/hist-all.svg")"
	has_text hophist-all "$T/hist-all.svg" "Hop descriptors by family" \
	    "hop length (Å)" "site distance (Å)" "hop duration (ps)" \
	    "waiting time (ps)" "residence time (ps)" "hops per ion"
	run "$BIN/hophist" --by=run --quantity=length --svg="$T/byrun.svg" \
	    "$T/r.hops"
	has_text "hophist --by=run" "$T/byrun.svg" "Hop lengths by run"
	run "$BIN/msd" --svg="$T/msd.svg" "$T/r.hop"
	expect_rc "msd: msd --svg exits 0" 0
	fig_check msd "$T/msd.svg" 0
	has_text msd "$T/msd.svg" "Δt (ps)" "MSD (Å²)" "± dD*" "± dD_σ"
	expect_eq "msd: a band over each fit" \
	    "$(grep -c 'Z" fill="#[0-9A-Fa-f]*" fill-opacity' "$T/msd.svg")" 2
	no_file_name msd "$T/msd.svg" "$T/r.hop"
	run "$BIN/msd" --ols --svg="$T/msdols.svg" "$T/r.hop"
	fig_check msd-ols "$T/msdols.svg" 0

	# Arrhenius: five resolved temperatures with uncertainties, one
	# unresolved (an upper bound), and the prediction at 300 K.
	awk 'BEGIN { OFS = "\t"; print "T_K", "D_self_cm2_s", "dD_self_cm2_s"
	    for (t = 900; t <= 1300; t += 100) {
		d = 0.01 * exp(-0.5 / (8.617333262e-5 * t)); print t, d, d / 10 }
	    print 700, 1e-6, 2e-6 }' >"$T/arr.tsv"
	run "$BIN/msd" --arrhenius-table="$T/arr.tsv" --svg="$T/arr.svg"
	expect_rc "arrhenius: msd --arrhenius-table --svg exits 0" 0
	fig_check arrhenius "$T/arr.svg" 7
	has_text arrhenius "$T/arr.svg" "Arrhenius plot of D*" \
	    "1000/T (K⁻¹)" "D* (cm² s⁻¹)"
	no_file_name arrhenius "$T/arr.svg" "$T/arr.tsv"

	# Descriptors against D* and sigma, two families, eight runs; the
	# points of each panel are its title's n.
	awk 'BEGIN { OFS = "\t"
	    print "family", "T_K", "hop_rate_ps", "length_A", "duration_ps",
		"wait_ps", "D_self_cm2_s", "dD_self_cm2_s", "sigma_S_cm"
	    for (i = 0; i < 8; i++) {
		f = i < 4 ? "halide" : "li"; t = 600 + 100 * (i % 4)
		r = 0.01 * (i + 1); d = 2e-6 * (i + 1) * (i + 1)
		print f, t, r, 1 + 0.3 * i, 0.1 + 0.02 * (i % 3),
		    3 - 0.25 * i, d, d / 5, 400 * d } }' >"$T/summary.tsv"
	run "$BIN/hopdesc" --bootstrap=0 --svg="$T/desc.svg" "$T/summary.tsv"
	expect_rc "descriptors: hopdesc --svg exits 0" 0
	fig_check descriptors "$T/desc.svg" "$(grep -o '(n = [0-9]*)' \
	    "$T/desc.svg" | tr -dc '0-9\n' | awk '{ n += $1 } END { print n }')"
	has_text descriptors "$T/desc.svg" \
	    "Hop descriptors against diffusion, one point per run" \
	    "hop rate (ps⁻¹)" "D* (cm² s⁻¹)" "σ (S cm⁻¹)"
	# Error bars on D* (dD_self_cm2_s), none on sigma (no dsigma).
	expect_eq "descriptors: an error bar per run in each D* panel" \
	    "$(grep -c 'class="ebar"' "$T/desc.svg")" \
	    "$(fig_text "$T/desc.svg" | grep -c '^D\* (cm² s⁻¹)$' |
	        awk '{ print 8 * $1 }')"
	no_file_name descriptors "$T/desc.svg" "$T/summary.tsv"
	run "$BIN/hopdesc" --bootstrap=0 --log --svg="$T/desclog.svg" \
	    "$T/summary.tsv"
	fig_check descriptors-log "$T/desclog.svg" "$(grep -o '(n = [0-9]*)' \
	    "$T/desclog.svg" | tr -dc '0-9\n' | awk '{ n += $1 } END { print n }')"

	# hopsites: the jump network (a point per site of the 6^3 lattice)
	# and the Arrhenius plot of the jump rates (a point per run: three
	# fitted, one without jumps an upper bound).
	GL=$HELPERS/gen-lattice
	"$GL" --mode vacancy --vacancies 4 --frames 500 --prob 0.2 \
	    --poscar "$T/sc.vasp" >"$T/lat.hop"
	run "$BIN/hopsites" -q --sites "$T/sc.vasp" --min-visit 1 \
	    --svg "$T/net.svg" "$T/lat.hop"
	expect_rc "jump network: hopsites --svg exits 0" 0
	fig_check jump-network "$T/net.svg" 216
	has_text jump-network "$T/net.svg" "x (Å)" "y (Å)" \
	    "jumps (width: rate)" "sites Li (area: occupancy)"
	no_file_name jump-network "$T/net.svg" "$T/lat.hop"
	jump_tables "$T/sc.vasp"
	run "$BIN/hopsites" -q --arrhenius --svg "$T/arr.svg" "$T/a1.tsv" \
	    "$T/a2.tsv" "$T/a3.tsv" "$T/a4.tsv"
	expect_rc "jump Arrhenius: hopsites --arrhenius --svg exits 0" 0
	fig_check jump-arrhenius "$T/arr.svg" 4
	has_text jump-arrhenius "$T/arr.svg" "1000/T (K⁻¹)" \
	    "rate per ion (ps⁻¹)" "Arrhenius plot of the jump rates"
	expect_eq "jump Arrhenius: an error bar per fitted run" \
	    "$(grep -c 'class="ebar"' "$T/arr.svg")" 3
	no_file_name jump-arrhenius "$T/arr.svg" "$T/a1.tsv"
}

# The demo's figures (release pass only: the sanitizers make its k-means
# slow, and the code drawing them is the same).
fig_demo() {
	if [ "${HOP_VARIANT:-rel}" != rel ]; then
		return
	fi
	rc=0
	DEMO_OUT=$T/demo sh examples/demo.sh >"$T/demo.log" 2>&1 || rc=$?
	expect_rc "demo: runs" 0
	atom=$("$BIN/hopcat" --hops "$T/demo/hops.bin" | awk -F '\t' '
	    NR > 1 { n[$1]++ }
	    END { for (a in n) if (n[a] > m) { m = n[a]; b = a }; print b + 0 }')
	"$BIN/kmeans-hops" --species F --tsv "$T/demo/unwrapped.bin" \
	    >"$T/demo/hops.tsv" 2>/dev/null
	hf=$(awk -F '\t' -v a="$atom" '$1 == a { n += $4 - $3 + 1 }
	    END { print n + 0 }' "$T/demo/hops.tsv")
	sites=$(grep -o '[0-9]* sites' "$T/demo/atom.svg" | head -n 1 |
	    cut -d' ' -f1)
	frames=$(stream_field "$T/demo/unwrapped.bin" frames)
	fig_check demo-atom "$T/demo/atom.svg" $((frames + sites + hf))
	"$BIN/hopcorr" "$T/demo/hops-adaptive.bin" >"$T/demo/corr.tsv" \
	    2>/dev/null
	fig_check demo-correlations "$T/demo/correlations.svg" \
	    "$(corr_points "$T/demo/corr.tsv")"
	fig_check demo-network "$T/demo/network.svg" \
	    "$("$BIN/hopsites" -q --species F --summary \
	    "$T/demo/unwrapped.bin" | sed -n 's/^sites=//p')"
	fig_check demo-lengths "$T/demo/lengths.svg" 0
	fig_check demo-msd "$T/demo/msd.svg" 0
}

if ! command -v rsvg-convert >/dev/null 2>&1; then
	skip "figures: rendering" "rsvg-convert not installed (librsvg2-bin)"
elif ! /usr/bin/python3 -c 'import json, xml.etree.ElementTree' \
    >/dev/null 2>&1; then
	skip "figures: geometry" "no /usr/bin/python3"
else
	fig_tools
	fig_demo
fi
