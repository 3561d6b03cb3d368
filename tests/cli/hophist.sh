# hophist.sh - hop descriptors on hand-made hop streams whose histograms
# and summaries are known exactly; groups; JSON; the figure; bad input.

MK=$HELPERS/mkhops

# Li ion 0 hops at frames 10-14 (2.5 A) and 30-36 (3 A), ion 1 at 20-22
# (2 A), ion 2 never; O is not analysed.  dt = 10 fs.
hophist_make() {
	printf '0 10 14 0 0 0 2.5 0 0\n0 30 36 2.5 0 0 2.5 3 0\n1 20 22 0 0 0 0 0 2\n' |
	    "$MK" -s Li:3,O:1 -a Li >"$T/li.bin"
	# A sodium run at 900 K: one ion, one 1 A hop of 10 frames at 20 fs.
	printf '0 50 60 0 0 0 1 0 0\n' | "$MK" -s Na:2 -T 900 -d 20 \
	    >"$T/na.bin"
}

hophist_summary() {
	run "$BIN/hophist" --summary "$T/li.bin"
	expect_rc "summary: exit 0" 0
	expect_eq "summary: header" "$(head -1 "$T/out")" \
	    "$(printf 'group\tquantity\tcount\tmin\tmax\tmean\tmedian\tstd')"
	expect_eq "summary: lengths" "$(grep '^Li-based	length_A' "$T/out")" \
	    "$(printf 'Li-based\tlength_A\t3\t2\t3\t2.5\t2.5\t0.5')"
	expect_eq "summary: site distances (mkhops: centres at the ends)" \
	    "$(grep '^Li-based	site_dist_A' "$T/out")" \
	    "$(printf 'Li-based\tsite_dist_A\t3\t2\t3\t2.5\t2.5\t0.5')"
	expect_eq "summary: quantities in the documented order" \
	    "$(awk -F '\t' '$1 == "All" { printf "%s ", $2 }' "$T/out")" \
	    "length_A site_dist_A duration_ps wait_ps residence_ps hops_per_ion "
	expect_eq "summary: durations in ps" \
	    "$(grep '^Li-based	duration_ps' "$T/out")" \
	    "$(printf 'Li-based\tduration_ps\t3\t0.02\t0.06\t0.04\t0.04\t0.02')"
	expect_eq "summary: waiting times (one per ion that hops)" \
	    "$(grep '^Li-based	wait_ps' "$T/out" | cut -f3-7)" \
	    "$(printf '2\t0.1\t0.2\t0.15\t0.15')"
	expect_eq "summary: residence time, end of one hop to the next" \
	    "$(grep '^Li-based	residence_ps' "$T/out" | cut -f3-8)" \
	    "$(printf '1\t0.16\t0.16\t0.16\t0.16\tnan')"
	expect_eq "summary: hops per analysed ion, zeros included" \
	    "$(grep '^Li-based	hops_per_ion' "$T/out" | cut -f3-8)" \
	    "$(printf '3\t0\t2\t1\t1\t1')"
	expect_eq "summary: All last and equal" \
	    "$(grep '^All' "$T/out" | cut -f2-)" \
	    "$(grep '^Li-based' "$T/out" | cut -f2-)"
}

hophist_histograms() {
	run "$BIN/hophist" --quantity=hops "$T/li.bin"
	expect_eq "histogram: header" "$(head -1 "$T/out")" \
	    "$(printf 'group\tquantity\tbin_low\tbin_high\tcount\tdensity')"
	expect_eq "histogram: one bin per count of hops" \
	    "$(grep '^All' "$T/out" | cut -f3- | tr '\t\n' ' |')" \
	    "-0.5 0.5 1 0.333333|0.5 1.5 1 0.333333|1.5 2.5 1 0.333333|"
	run "$BIN/hophist" --quantity=length --bins=4 "$T/li.bin"
	expect_eq "histogram: --bins=4 over [2, 3]" \
	    "$(grep '^All' "$T/out" | cut -f3,4,5 | tr '\t\n' ' |')" \
	    "2 2.25 1|2.25 2.5 0|2.5 2.75 1|2.75 3 1|"
	near "histogram: densities integrate to 1" "$(grep '^All' "$T/out" |
	    awk '{ s += $6 * ($4 - $3) } END { print s }')" 1 1e-5
	# Freedman-Diaconis on 2, 2.5, 3: IQR 0.5, width 2 0.5 / 3^(1/3)
	# = 0.69: 2 bins.
	run "$BIN/hophist" --quantity=length "$T/li.bin"
	expect_eq "histogram: Freedman-Diaconis bins" \
	    "$(grep -c '^All' "$T/out")" 2
}

hophist_groups() {
	run "$BIN/hophist" --summary --quantity=length "$T/li.bin" "$T/na.bin"
	expect_eq "groups: families then All" \
	    "$(sed 1d "$T/out" | cut -f1,3 | tr '\t\n' ':,')" \
	    "Li-based:3,Na-based:1,All:4,"
	run "$BIN/hophist" --summary --quantity=duration --by=temperature \
	    "$T/li.bin" "$T/na.bin"
	expect_eq "groups: by temperature, durations with each run's dt" \
	    "$(sed 1d "$T/out" | cut -f1,3,5 | tr '\t\n' ':,')" \
	    "T=600K:3:0.06,T=900K:1:0.2,All:4:0.2,"
	run "$BIN/hophist" --summary --quantity=length --by=label \
	    "$T/li.bin=fast" "$T/na.bin=fast" "$T/li.bin=All"
	expect_eq "groups: labels, and a label named All kept apart" \
	    "$(sed 1d "$T/out" | cut -f1,3 | tr '\t\n' ':,')" \
	    "fast:4,All:3,All:7,"
	run "$BIN/hophist" --summary --quantity=length --by=run "$T/li.bin" \
	    "$T/na.bin"
	expect_eq "groups: by run" "$(sed 1d "$T/out" | cut -f1 | tr '\n' ' ')" \
	    "$T/li.bin $T/na.bin All "
}

hophist_json() {
	run "$BIN/hophist" --json "$T/d.json" --quantity=length "$T/li.bin" \
	    "$T/na.bin"
	expect_rc "json: exit 0" 0
	if python3 -c 'import json, sys; json.load(open(sys.argv[1]))' \
	    "$T/d.json" 2>"$T/perr"; then pass "json: parses"
	else fail "json: parses" "$(cat "$T/perr")"; fi
	expect_eq "json: IonDiff's descriptors, in ps" \
	    "$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(len(d), d[0]["delta_t_min"], d[0]["delta_t_max"], d[0]["delta_r_mean"],
      d[1]["family"], d[1]["delta_r_max"], d[1]["temperature_K"])' "$T/d.json")" \
	    "2 0.1 0.2 0.04 Na-based 0.2 900"
	run "$BIN/hophist" -J - -Q length "$T/li.bin" "$T/na.bin"
	expect_same "json -: standard output holds the same JSON alone" \
	    "$T/out" "$T/d.json"
}

hophist_svg() {
	run "$BIN/hophist" --svg "$T/v.svg" --quantity=length,hops "$T/li.bin" \
	    "$T/na.bin"
	expect_rc "svg: exit 0" 0
	if xmllint --noout "$T/v.svg" 2>"$T/xml"; then pass "svg: parses as XML"
	else fail "svg: parses as XML" "$(head -c 300 "$T/xml")"; fi
	# Li-based and All have spread (violins); Na-based's single length
	# and its two ions' hop counts (1 and 0)... one length: a marker.
	expect_eq "svg: a marker where there is no spread" \
	    "$(grep -o 'class="pt"' "$T/v.svg" | wc -l)" 1
	expect_eq "svg: two panels titled" \
	    "$(grep -c 'font-weight="bold">Hop lengths<\|font-weight="bold">Hops per ion<' "$T/v.svg")" 2
	expect_eq "svg: the figure's title says what it shows" \
	    "$(grep -c 'font-weight="bold">Hop descriptors by family<' "$T/v.svg")" 1
	expect_eq "svg: the y axes are quantities with units" \
	    "$(grep -c '>hop length (Å)<\|>hops per ion<' "$T/v.svg")" 2
	expect_eq "svg: two groups, and All beside them" \
	    "$(grep -c '>All (4)<' "$T/v.svg")" 1
	# One family: its violin alone, not again as "All".
	run "$BIN/hophist" --svg "$T/one.svg" --quantity=length "$T/li.bin"
	expect_rc "svg, one group: exit 0" 0
	expect_eq "svg, one group: one violin" \
	    "$(grep '<path clip-path' "$T/one.svg" | grep -vc 'fill="none"')" 1
	expect_eq "svg, one group: no All" "$(grep -c '>All (' "$T/one.svg")" 0
	expect_eq "svg, one group: titled by its quantity" \
	    "$(grep -c 'font-weight="bold">Hop lengths by family<' "$T/one.svg")" 1
	expect_eq "svg, one quantity: no panel title beside the figure's" \
	    "$(grep -c 'font-weight="bold"' "$T/one.svg")" 1
	run "$BIN/hophist" --svg "$T/t.svg" --quantity=length --title='Li & co' \
	    --xlabel=family --ylabel='d (nm)' "$T/li.bin"
	expect_eq "svg: --title, --xlabel, --ylabel" \
	    "$(grep -c '>Li &amp; co<\|>family<\|>d (nm)<' "$T/t.svg")" 3
	run "$BIN/hophist" --svg "$T/t.svg" --quantity=length --title= "$T/li.bin"
	expect_eq "svg: an empty --title draws none" \
	    "$(grep -c 'font-weight="bold"' "$T/t.svg")" 0
	run "$BIN/hophist" --svg "$T/t.svg" --ylabel=x "$T/li.bin"
	expect_fail "svg: --ylabel with several quantities" 2 \
	    "^hophist: --ylabel labels one quantity"
	run "$BIN/hophist" --svg "$T/t.svg" --title="$(printf 'a\tb')" \
	    "$T/li.bin"
	expect_fail "svg: a control character in --title" 2 \
	    "^hophist: invalid --title"
	run "$BIN/hophist" --svg "$T/t.svg" --title="$(printf 'a\377b')" \
	    "$T/li.bin"
	expect_fail "svg: --title not UTF-8" 2 "^hophist: invalid --title"
}

hophist_edges() {
	echo '# none' | "$MK" -s Li:2 >"$T/none.bin"
	run "$BIN/hophist" --quantity=length "$T/none.bin"
	expect_rc "no hops: exit 0" 0
	expect_eq "no hops: header only" "$(cat "$T/out")" \
	    "$(printf 'group\tquantity\tbin_low\tbin_high\tcount\tdensity')"
	expect_err "no hops: said on stderr" "^hophist: .*none.bin: no hops$"
	run "$BIN/hophist" -q --quantity=length --svg "$T/none.svg" \
	    "$T/none.bin"
	expect_eq "no hops: the figure says so, without numbered ticks" \
	    "$(xmllint --noout "$T/none.svg" 2>&1
	    grep -c '>no hop: nothing to draw<' "$T/none.svg"
	    grep -cE '>(−|-)?[0-9][^<]*<' "$T/none.svg")" "$(printf '1\n0')"
	run "$BIN/hophist" --summary --quantity=hops "$T/none.bin"
	expect_eq "no hops: zero hops per ion still counted" \
	    "$(grep '^All' "$T/out" | cut -f3-5)" "$(printf '2\t0\t0')"
	printf '1 20 25 0 0 0 3 0 0\n' | "$MK" -s Li:2 >"$T/one.bin"
	run "$BIN/hophist" -q --quantity=residence --svg "$T/one.svg" \
	    "$T/one.bin"
	expect_eq "one hop: the residence panel says why it is empty" \
	    "$(grep -o '>no [^<]*<' "$T/one.svg")" \
	    ">no ion hopped twice: no residence time<"
	run "$BIN/hophist" --summary "$T/one.bin"
	expect_eq "one hop: one length, no spread" \
	    "$(grep '^All	length_A' "$T/out" | cut -f3-)" \
	    "$(printf '1\t3\t3\t3\t3\tnan')"
	expect_eq "one hop: no residence time" \
	    "$(grep '^All	residence_ps' "$T/out" | cut -f3)" 0
	printf '1 20 25\n' | "$MK" -s Li:2 -d 0 >"$T/nodt.bin"
	run "$BIN/hophist" "$T/nodt.bin"
	expect_fail "unknown dt: times refused" 1 "nodt.bin: time step unknown"
	run "$BIN/hophist" --quantity=length,hops "$T/nodt.bin"
	expect_rc "unknown dt: lengths still fine" 0
	run "$BIN/hophist" --summary --quantity=site_dist "$T/nodt.bin"
	expect_rc "unknown dt: site distances still fine" 0
}

# site_dist is the distance between the centres, not the hop length: on
# the bundled CaF2 run the two differ.
hophist_site_dist() {
	x=examples/caf2-1600K/XDATCAR.gz
	[ -f "$x" ] || { skip "site_dist on CaF2" "no $x"; return; }
	sh_run "'$BIN/xdat2bin' '$x' | '$BIN/unwrap' |
	    '$BIN/kmeans-hops' --mode adaptive --species F >'$T/caf2.bin'"
	expect_rc "site_dist on CaF2: hops found" 0
	run "$BIN/hophist" --summary --quantity=length,site_dist "$T/caf2.bin"
	expect_rc "site_dist on CaF2: exit 0" 0
	near "site_dist on CaF2: the median of hopcat's site_dist_A" \
	    "$(awk -F '\t' '$1 == "All" && $2 == "site_dist_A" { print $7 }' \
	        "$T/out")" \
	    "$("$BIN/hopcat" --hops "$T/caf2.bin" | awk -F '\t' 'NR > 1 {
	        print $16 }' | sort -g | awk '{ v[NR] = $1 } END {
	        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	        print m }')" 1e-4
	expect_eq "site_dist on CaF2: sites about 2.7 A apart, beyond lengths" \
	    "$(awk -F '\t' '$1 == "All" { m[$2] = $7 } END {
	        s = m["site_dist_A"]; l = m["length_A"]
	        if (s > 2.4 && s < 3 && l < s / 2) print "yes"
	        else print l, s }' "$T/out")" yes
}

hophist_bad() {
	if [ -x "$HELPERS/gen-walk" ]; then
		"$HELPERS/gen-walk" -f 5 >"$T/frames.bin"
		run "$BIN/hophist" "$T/frames.bin"
		expect_fail "frame stream refused" 1 \
		    "^hophist: .*frames.bin: a frame stream where hops were expected"
	else
		skip "frame stream refused" "no gen-walk helper"
	fi
	printf '0 10 14\n' | "$MK" -u >"$T/trunc.bin"
	run "$BIN/hophist" "$T/trunc.bin"
	expect_fail "truncated stream refused" 1 "^hophist: .*trunc.bin: .*trunc"
	expect_eq "truncated: nothing on stdout" "$(cat "$T/out")" ""
	head -c 20 "$T/li.bin" >"$T/short.bin"
	run "$BIN/hophist" "$T/short.bin"
	expect_fail "header cut short refused" 1 "^hophist: .*short.bin: "
	run "$BIN/hophist" --quantity=speed
	expect_fail "unknown quantity" 2 \
	    "^hophist: invalid --quantity 'speed' \\(want a comma-separated list"
	run "$BIN/hophist" --quantity=length,,hops
	expect_fail "an empty item in a list" 2 \
	    "^hophist: invalid --quantity 'length,,hops'"
	run "$BIN/hophist" --by=colour
	expect_fail "unknown grouping" 2 "--by"
	run "$BIN/hophist" --bins=0
	expect_fail "--bins 0" 2 "--bins"
	# An option that would have no effect is refused, naming it.
	run "$BIN/hophist" --bins=4 --summary "$T/li.bin"
	expect_fail "--bins with --summary refused" 2 \
	    "^hophist: --bins goes with the histograms, not --summary$"
	expect_eq "--bins with --summary: nothing on stdout" "$(cat "$T/out")" ""
	run "$BIN/hophist" --bins=4 --json=- "$T/li.bin"
	expect_fail "--bins with --json=- refused" 2 \
	    "^hophist: --bins goes with the table, not --json=-$"
	run "$BIN/hophist" --summary --json=- "$T/li.bin"
	expect_fail "--summary with --json=- refused" 2 \
	    "^hophist: --summary goes with the table, not --json=-$"
	for o in --title=t --xlabel=x --ylabel=y; do
		run "$BIN/hophist" -Q length "$o" "$T/li.bin"
		expect_fail "$o without --svg refused" 2 \
		    "^hophist: ${o%=*} goes with --svg$"
	done
	run "$BIN/hophist" --bins=4 --json="$T/b.json" "$T/li.bin"
	expect_rc "--bins with --json=FILE taken" 0
	echo keep >"$T/keep.json"
	run "$BIN/hophist" --json "$T/keep.json" "$T/li.bin" "$T/trunc.bin"
	expect_eq "json: a failed run leaves the old file" \
	    "$(cat "$T/keep.json")" keep
	# An output naming an input, or in no directory, fails before the
	# run's work: nothing on standard output.
	for out in "--json=$T/li.bin" "--json=$T/no/such/x.json" \
	    "--svg=$T/li.bin"; do
		run "$BIN/hophist" "$out" "$T/li.bin"
		expect_fail "bad output ${out%%=*}: refused first" 1 \
		    "^hophist: $T/(li.bin: is an input|no/such/x.json)"
		expect_eq "bad output ${out%%=*}: no table printed" \
		    "$(wc -c <"$T/out" | tr -d ' ')" 0
	done
}

hophist_make
hophist_summary
hophist_histograms
hophist_groups
hophist_json
hophist_svg
hophist_edges
hophist_site_dist
hophist_bad
