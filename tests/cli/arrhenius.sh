# arrhenius.sh - the Arrhenius fit of tables (msd --arrhenius-table is
# the same analysis; msd.sh fits runs): exact tables, compressed ones and
# standard input, upper bounds, several tables and materials, JSON, the
# figure, and bad tables.

KB=8.617333262e-5

# exact T0 T1 STEP: "T D nan sigma" rows with Ea = 0.5 eV, D0 = 0.01
# cm^2/s and sigma T = 50 exp(-0.4 eV / kB T).
exact() {
	awk -v a="$1" -v b="$2" -v s="$3" -v k=$KB 'BEGIN { print "# T D"
	    for (t = a; t <= b; t += s) printf "%d %.12g nan %.12g\n", t,
	    0.01 * exp(-0.5 / (k * t)), 50 * exp(-0.4 / (k * t)) / t }'
}

tables() {
	exact 500 1100 200 >"$T/tab.txt"
	run "$BIN/arrhenius" "$T/tab.txt"
	expect_rc "arrhenius: an exact table" 0
	near "arrhenius: Ea of an exact table" "$(kv '# Ea' Ea_eV)" 0.5 1e-9
	rel_near "arrhenius: D0 of an exact table" "$(kv '# Ea' D0_cm2_s)" \
	    0.01 1e-6
	rel_near "arrhenius: D300 of an exact table" \
	    "$(kv '# Ea' D_300K_cm2_s)" \
	    "$(awk -v k=$KB 'BEGIN { print 0.01 * exp(-0.5 / (k * 300)) }')" \
	    1e-6
	near "arrhenius: Ea of sigma T" "$(kv '# Ea' Ea_sigma_eV)" 0.4 1e-9
	rel_near "arrhenius: sigma at 300 K" "$(kv '# Ea' sigma_300K_S_cm)" \
	    "$(awk -v k=$KB 'BEGIN { print 50 * exp(-0.4 / (k * 300)) / 300 }')" \
	    1e-6
	expect_eq "arrhenius: no uncertainties in the table, an unweighted fit" \
	    "$(kv '# Ea' weighted)" no
	expect_eq "arrhenius: one row per point, named FILE:LINE" \
	    "$(awk -F '\t' 'NR > 1 && !/^#/ { n++; r = $12 } END { print n, r }' \
	    "$T/out")" "4 $T/tab.txt:5"
	gzip -c "$T/tab.txt" >"$T/tab.txt.gz"
	run "$BIN/arrhenius" "$T/tab.txt.gz"
	near "arrhenius: a compressed table" "$(kv '# Ea' Ea_eV)" 0.5 1e-9
	run sh -c "'$BIN/arrhenius' <'$T/tab.txt'"
	near "arrhenius: standard input" "$(kv '# Ea' Ea_eV)" 0.5 1e-9
	# Two tables: their rows together.
	exact 500 700 200 >"$T/lo.txt"
	exact 900 1100 200 >"$T/hi.txt"
	run "$BIN/arrhenius" "$T/lo.txt" "$T/hi.txt"
	expect_eq "arrhenius: two tables, one fit" \
	    "$(kv '# Ea' points) $(kv '# Ea' Ea_eV)" "4 0.5"
	printf '700 1e-6\n900 -2e-7\n' >"$T/neg.txt"
	run "$BIN/arrhenius" "$T/neg.txt"
	expect_fail "arrhenius: a non-positive D is left out, and one point is no fit" 1 \
	    "needs D\* resolved .* at two or more temperatures; resolved: .*neg.txt:1 \(700 K\)"
	expect_err "arrhenius: ... saying why the point is left out" \
	    "^arrhenius: warning: .*neg.txt:2 \(900 K\): D\* = -2e-07 .* not positive"
	expect_eq "arrhenius: ... and printing nothing" "$(cat "$T/out")" ""
}

bounds() {
	# An unresolved run among resolved ones: an upper bound, left out.
	awk -v k=$KB 'BEGIN { print "T_K D_self_cm2_s dD_self_cm2_s"
	    for (t = 600; t <= 1000; t += 200) printf "%d %.12g %.12g\n", t,
	    0.01 * exp(-0.5 / (k * t)), 0.01 * exp(-0.5 / (k * t)) / 20
	    print "500 1e-9 2e-9" }' >"$T/ub.txt"
	run "$BIN/arrhenius" --at=500 "$T/ub.txt"
	expect_rc "arrhenius: a table with an upper bound fits the rest" 0
	near "arrhenius: ... Ea from the three resolved points" \
	    "$(kv '# Ea' Ea_eV)" 0.5 1e-6
	expect_eq "arrhenius: ... the bound counted and marked" \
	    "$(kv '# Ea' upper) $(kv '# Ea' points) $(awk -F '\t' '$1 == 500 \
	    { print $10, $11 }' "$T/out")" "1 3 upper 5e-09"
	expect_err "arrhenius: ... with a warning" \
	    "warning: .*ub.txt:5 \(500 K\): .*kept as an upper bound"
	rel_near "arrhenius: --at=500 predicts D at 500 K" \
	    "$(kv '# Ea' D_500K_cm2_s)" \
	    "$(awk -v k=$KB 'BEGIN { print 0.01 * exp(-0.5 / (k * 500)) }')" \
	    1e-6
	run "$BIN/arrhenius" -q "$T/ub.txt"
	expect_eq "arrhenius -q: no warning" "$(cat "$T/err")" ""
	run "$BIN/arrhenius" --json=- "$T/ub.txt"
	expect_eq "arrhenius --json=-: JSON instead of the table" \
	    "$(python3 -c 'import json, sys; j = json.load(sys.stdin)
print(round(j["Ea_eV"], 6), j["points"], j["upper"], len(j["rows"]),
    j["rows"][3]["bound"], j["rows"][0]["D_coll_cm2_s"], j["T_K"])' \
	    <"$T/out")" "0.5 3 1 4 upper None 300"
	run "$BIN/arrhenius" --json="$T/a.json" "$T/ub.txt"
	expect_eq "arrhenius --json=FILE: the table too, and the file" \
	    "$(grep -c '^# Ea' "$T/out") $(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["program"])' "$T/a.json")" \
	    "1 arrhenius"
}

materials() {
	TAB=$(printf '\t')
	{
		printf 'material\tT_K\tD_self_cm2_s\trun\n'
		printf 'A B\t800\t1e-6\tr1\nA B\t1000\t1e-5\tr2\n'
		printf 'C\t800\t1e-7\tr3\nC\t1000\t1e-6\tr4\n'
	} >"$T/m.tsv"
	run "$BIN/arrhenius" "$T/m.tsv"
	expect_fail "arrhenius: several materials refused" 1 \
	    "m.tsv: rows of several materials \('A B' at line 2, 'C' at line 4\)"
	run "$BIN/arrhenius" --material='A B' "$T/m.tsv"
	expect_eq "arrhenius --material: its rows, a blank in a TSV field" \
	    "$(grep -v '^#' "$T/out" | sed 1d | cut -f 12 | tr '\n' ' ')" \
	    "r1 r2 "
	run "$BIN/arrhenius" --material=X "$T/m.tsv"
	expect_fail "arrhenius --material: none of it" 1 \
	    "m.tsv: no rows of material 'X'$"
	grep -v "^C$TAB" "$T/m.tsv" >"$T/m1.tsv"
	grep -v "^A B$TAB" "$T/m.tsv" >"$T/m2.tsv"
	run "$BIN/arrhenius" "$T/m1.tsv" "$T/m2.tsv"
	expect_fail "arrhenius: several materials over two tables" 1 \
	    "rows of several materials \('A B' at .*m1.tsv:2, 'C' at .*m2.tsv:2\)"
	run "$BIN/arrhenius" --material=C "$T/m1.tsv" "$T/m2.tsv"
	expect_eq "arrhenius --material over two tables" \
	    "$(kv '# Ea' points)" 2
	# NA, empty fields and any nan are no value.
	printf 'T_K\tD_self_cm2_s\tdD_self_cm2_s\tsigma_S_cm\n800\t1e-6\tNA\t\n1000\t1e-5\t-NaN\tnan\n' \
	    >"$T/na.tsv"
	run "$BIN/arrhenius" "$T/na.tsv"
	expect_eq "arrhenius: NA, an empty field and -NaN are no value" \
	    "$(kv '# Ea' points) $(kv '# Ea' weighted)" "2 no"
	# One point of three without its uncertainty (0): unweighted, and
	# said; none with one (above): unweighted, as documented, unsaid.
	printf 'T_K\tD_self_cm2_s\tdD_self_cm2_s\n1000\t1e-6\t1e-7\n1200\t3e-6\t0\n1400\t8e-6\t5e-7\n' \
	    >"$T/dd0.tsv"
	run "$BIN/arrhenius" "$T/dd0.tsv"
	expect_eq "arrhenius: one uncertainty of 0, an unweighted fit" \
	    "$(kv '# Ea' points) $(kv '# Ea' weighted)" "3 no"
	expect_err "arrhenius: one uncertainty of 0 is said" \
	    "^arrhenius: warning: 1 of the 3 points fitted have no uncertainty of D\* \(missing, nan or 0\): the fit is unweighted, its errors from the scatter$"
	run "$BIN/arrhenius" "$T/na.tsv"
	expect_eq "arrhenius: no uncertainty at all is not warned about" \
	    "$(cat "$T/err")" ""
}

figure() {
	exact 500 1100 200 >"$T/tab.txt"
	run "$BIN/arrhenius" --svg="$T/arr.svg" "$T/tab.txt"
	expect_eq "arrhenius --svg: its points" \
	    "$(grep -c 'class="pt"' "$T/arr.svg")" 5
	expect_eq "arrhenius --svg: the title and axes" \
	    "$(grep -c '>Arrhenius plot of D\*<\|>1000/T (K⁻¹)<\|>D\* (cm² s⁻¹)<' \
	    "$T/arr.svg")" 3
	run "$BIN/arrhenius" --svg="$T/arr.svg" --title=Li6PS5Cl --xlabel= \
	    "$T/tab.txt"
	expect_eq "arrhenius --title, an empty --xlabel" \
	    "$(grep -c '>Li6PS5Cl<\|>1000/T (K⁻¹)<\|>D\* (cm² s⁻¹)<' \
	    "$T/arr.svg")" 2
	run "$BIN/arrhenius" --svg="$T/no/such/dir.svg" "$T/tab.txt"
	expect_fail "arrhenius --svg into a missing directory" 1 "no/such/dir.svg"
}

refusals() {
	printf '700 1e-6\n900 abc\n' >"$T/bad.txt"
	run "$BIN/arrhenius" "$T/bad.txt"
	expect_fail "arrhenius: a bad table field" 1 \
	    "^arrhenius: .*bad.txt:2: field 2 \(D\): 'abc' is not a number$"
	printf '700 1e-6\n' >"$T/one.txt"
	run "$BIN/arrhenius" "$T/one.txt"
	expect_fail "arrhenius: one point is no fit" 1 "at two or more temperatures"
	printf '700 1e-6\n700 2e-6\n' >"$T/same.txt"
	run "$BIN/arrhenius" "$T/same.txt"
	expect_fail "arrhenius: one temperature is no fit" 1 "two or more temperatures"
	run "$BIN/arrhenius" "$T/absent.txt"
	expect_fail "arrhenius: an absent table" 1 "^arrhenius: .*absent.txt"
	for bad in --at=0 --at=x --material= --json= ; do
		run "$BIN/arrhenius" "$bad" "$T/one.txt"
		expect_fail "arrhenius: $bad is a usage error" 2 "^usage: arrhenius"
	done
	if [ -w /dev/full ]; then
		exact 500 1100 200 >"$T/tab.txt"
		sh_run "'$BIN/arrhenius' '$T/tab.txt' >/dev/full"
		expect_fail "arrhenius: a write error exits 1" 1 "write error"
	fi
}

tables
bounds
materials
figure
refusals
