# hopdesc.sh - correlations of descriptors with targets across runs:
# values against scipy.stats, groups, missing values, --log, the bootstrap,
# the figure, and bad tables and options.

TAB=$(printf '\t')

# field ROW_PATTERN COLUMN: a column (by name) of the output row whose
# first three fields match "group<TAB>descriptor<TAB>target".
field() {
	awk -F '\t' -v key="$1" -v col="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$1 "\t" $2 "\t" $3 == key { print $c[col] }' "$T/out"
}

# Two groups: a (x 1..5, y scipy's example) and b; runs with nan.
make_table() {
	cat >"$T/t.tsv" <<EOT
# a comment, then the header
family${TAB}x${TAB}D${TAB}z${TAB}run
a${TAB}1${TAB}5${TAB}1${TAB}r1
a${TAB}2${TAB}6${TAB}2${TAB}r2

a${TAB}3${TAB}7${TAB}nan${TAB}r3
a${TAB}4${TAB}8${TAB}4${TAB}r4
a${TAB}5${TAB}7${TAB}5${TAB}r5
b${TAB}6${TAB}-1${TAB}6${TAB}r6
b${TAB}7${TAB}0.5${TAB}nan${TAB}r7
EOT
}

t_values() {
	make_table
	run "$BIN/hopdesc" --descriptors=x --targets=D "$T/t.tsv"
	expect_rc "hopdesc: a table exits 0" 0
	expect_eq "hopdesc: header" "$(head -n 1 "$T/out")" \
	    "group${TAB}descriptor${TAB}target${TAB}n${TAB}pearson_r${TAB}pearson_p${TAB}pearson_lo${TAB}pearson_hi${TAB}spearman_rho${TAB}spearman_p${TAB}spearman_lo${TAB}spearman_hi"
	expect_eq "hopdesc: rows a, b, all" \
	    "$(grep -v '^#' "$T/out" | cut -f1 | tail -n +2 | tr '\n' ' ')" \
	    "a b all "
	expect_eq "hopdesc: n of a" "$(field "a${TAB}x${TAB}D" n)" 5
	# scipy.stats.pearsonr / spearmanr([1,2,3,4,5], [5,6,7,8,7])
	near "hopdesc: pearson r (scipy)" "$(field "a${TAB}x${TAB}D" pearson_r)" \
	    0.8320503 1e-6
	near "hopdesc: pearson p (scipy)" "$(field "a${TAB}x${TAB}D" pearson_p)" \
	    0.0805096 1e-6
	near "hopdesc: spearman rho (scipy)" \
	    "$(field "a${TAB}x${TAB}D" spearman_rho)" 0.8207827 1e-6
	near "hopdesc: spearman p (scipy)" \
	    "$(field "a${TAB}x${TAB}D" spearman_p)" 0.0885870 1e-6
	lo=$(field "a${TAB}x${TAB}D" pearson_lo)
	hi=$(field "a${TAB}x${TAB}D" pearson_hi)
	if awk -v l="$lo" -v h="$hi" 'BEGIN { exit !(l < 0.84 && h > 0.83 && h <= 1) }'
	then pass "hopdesc: interval holds r"
	else fail "hopdesc: interval holds r" "[$lo, $hi]"; fi
	expect_eq "hopdesc: two runs give nan" \
	    "$(field "b${TAB}x${TAB}D" pearson_r) $(field "b${TAB}x${TAB}D" n)" \
	    "nan 2"
	expect_eq "hopdesc: all runs" "$(field "all${TAB}x${TAB}D" n)" 7
	expect_eq "hopdesc: comment line" "$(grep -c '^# p: two-sided' "$T/out")" 1

	run "$BIN/hopdesc" --descriptors=z --targets=D "$T/t.tsv"
	expect_eq "hopdesc: nan pairs left out" \
	    "$(field "a${TAB}z${TAB}D" n) $(field "all${TAB}z${TAB}D" n)" "4 5"

	run "$BIN/hopdesc" --log --descriptors=x --targets=D "$T/t.tsv"
	expect_eq "hopdesc: --log names the target, drops D <= 0" \
	    "$(field "all${TAB}x${TAB}log10_D" n)" 6
	near "hopdesc: --log does not change rho within a" \
	    "$(field "a${TAB}x${TAB}log10_D" spearman_rho)" 0.8207827 1e-6

	run "$BIN/hopdesc" --group=run --descriptors=x --targets=D "$T/t.tsv"
	expect_eq "hopdesc: --group=run makes a group per row" \
	    "$(grep -cv '^#' "$T/out")" 9
}

t_bootstrap() {
	make_table
	run "$BIN/hopdesc" --descriptors=x,z --targets=D "$T/t.tsv"
	cp "$T/out" "$T/first"
	run "$BIN/hopdesc" --descriptors=x,z --targets=D "$T/t.tsv"
	expect_same "hopdesc: same seed, same output" "$T/out" \
	    "$T/first"
	run "$BIN/hopdesc" --seed=9 --descriptors=x,z --targets=D "$T/t.tsv"
	if cmp -s "$T/out" "$T/first"; then
		fail "hopdesc: another seed, other intervals" "same output"
	else pass "hopdesc: another seed, other intervals"; fi
	run "$BIN/hopdesc" --bootstrap=0 --descriptors=x --targets=D "$T/t.tsv"
	expect_eq "hopdesc: --bootstrap=0 gives no interval" \
	    "$(field "a${TAB}x${TAB}D" pearson_lo) $(field "a${TAB}x${TAB}D" pearson_r)" \
	    "nan 0.83205"
	gzip -c "$T/t.tsv" >"$T/t.tsv.gz"
	run "$BIN/hopdesc" --descriptors=x,z --targets=D "$T/t.tsv.gz"
	expect_same "hopdesc: reads a gzip table" "$T/out" \
	    "$T/first"
	sh_run "'$BIN/hopdesc' --descriptors=x,z --targets=D < '$T/t.tsv'"
	expect_same "hopdesc: reads standard input" "$T/out" \
	    "$T/first"
}

t_svg() {
	make_table
	run "$BIN/hopdesc" --descriptors=x,z --targets=D --plots=1 \
	    --svg="$T/d.svg" "$T/t.tsv"
	expect_rc "hopdesc: --svg exits 0" 0
	if xmllint --noout "$T/d.svg" 2>/dev/null; then
		pass "hopdesc: the figure is XML"
	else fail "hopdesc: the figure is XML" "xmllint refuses it"; fi
	# One panel (x against D over all 7 runs), one marker per run.
	expect_eq "hopdesc: one point per run" \
	    "$(grep -o 'class="pt"' "$T/d.svg" | wc -l | tr -d ' ')" 7
	expect_eq "hopdesc: the strongest pair is drawn" \
	    "$(grep -c '>x<' "$T/d.svg")" 1
	run "$BIN/hopdesc" --descriptors=x,z --targets=D --plots=2 \
	    --svg="$T/d2.svg" "$T/t.tsv"
	expect_eq "hopdesc: --plots=2 draws two panels" \
	    "$(grep -o 'class="pt"' "$T/d2.svg" | wc -l | tr -d ' ')" 12
	run "$BIN/hopdesc" --svg="$T/no/such/dir/d.svg" --descriptors=x \
	    --targets=D "$T/t.tsv"
	expect_fail "hopdesc: unwritable figure exits 1" 1 "^hopdesc: .*no/such/dir"
	expect_eq "hopdesc: unwritable figure prints no table" "$(cat "$T/out")" ""

	# With the target's uncertainty beside it (dD for D): an error bar
	# per run that has one (r7's is nan), the table as without it.
	awk -F '\t' -v OFS='\t' 'NR == 1 { print; next } /^$/ { next }
	    NR == 2 { print $0, "dD"; next }
	    { print $0, $5 == "r7" ? "nan" : 0.5 }' "$T/t.tsv" >"$T/u.tsv"
	run "$BIN/hopdesc" --descriptors=x --targets=D --svg="$T/u.svg" \
	    "$T/u.tsv"
	expect_eq "hopdesc: an error bar per run with a dD" \
	    "$(grep -c 'class="ebar"' "$T/u.svg")" 6
	run "$BIN/hopdesc" --descriptors=x --targets=D "$T/t.tsv"
	cp "$T/out" "$T/plain.out"
	run "$BIN/hopdesc" --descriptors=x --targets=D "$T/u.tsv"
	expect_same "hopdesc: the uncertainty column leaves the table as it is" \
	    "$T/out" "$T/plain.out"
	expect_eq "hopdesc: no error bars without dD" \
	    "$(grep -c 'class="ebar"' "$T/d.svg")" 0
	sed 's/^\(a\t1\t.*\t\)0\.5$/\1what/' "$T/u.tsv" >"$T/bad.tsv"
	run "$BIN/hopdesc" --descriptors=x --targets=D "$T/bad.tsv"
	expect_fail "hopdesc: a bad uncertainty is an error" 1 \
	    "^hopdesc: .*column 'dD': 'what' is not a number"

	# Axis labels: a known column is its quantity with its unit, an
	# unknown one its name; --xlabel and --ylabel, for one pair.
	sed 's/^family\tx\tD\t/family\tx\tD_self_cm2_s\t/' "$T/t.tsv" \
	    >"$T/q.tsv"
	run "$BIN/hopdesc" --descriptors=x --targets=D_self_cm2_s \
	    --svg="$T/q.svg" "$T/q.tsv"
	expect_eq "hopdesc: labels are quantities with units" \
	    "$(grep -c '>x<\|>D\* (cm² s⁻¹)<' "$T/q.svg")" 2
	expect_eq "hopdesc: rho as a Greek letter, minus signs" \
	    "$(grep -c '>r = [0-9−.]*, ρ = [0-9−.]* (n = [0-9]*)<' "$T/q.svg")" 1
	run "$BIN/hopdesc" --descriptors=x --targets=D --title=T \
	    --xlabel=X --ylabel=Y --svg="$T/l.svg" "$T/t.tsv"
	expect_eq "hopdesc: --title, --xlabel, --ylabel" \
	    "$(grep -c '>T<\|>X<\|>Y<' "$T/l.svg")" 3
	run "$BIN/hopdesc" --descriptors=x,z --targets=D --xlabel=X \
	    --svg="$T/l.svg" "$T/t.tsv"
	expect_fail "hopdesc: --xlabel over several descriptors" 2 \
	    "^hopdesc: --xlabel labels one descriptor"
	run "$BIN/hopdesc" --descriptors=x,z --targets=D --xlabel=X \
	    --plots=1 --svg="$T/l.svg" "$T/t.tsv"
	expect_rc "hopdesc: --xlabel with --plots=1" 0
	run "$BIN/hopdesc" --ylabel=Y --svg="$T/l.svg" "$T/t.tsv"
	expect_fail "hopdesc: --ylabel over several targets" 2 \
	    "^hopdesc: --ylabel labels one target"
}

t_errors() {
	make_table
	run "$BIN/hopdesc" --descriptors=x,nope --targets=D "$T/t.tsv"
	expect_fail "hopdesc: missing column" 1 "^hopdesc: .*t\.tsv:2: no column 'nope'$"
	expect_eq "hopdesc: missing column prints nothing" "$(cat "$T/out")" ""
	run "$BIN/hopdesc" --group=nope --descriptors=x --targets=D "$T/t.tsv"
	expect_fail "hopdesc: missing group column" 1 "no column 'nope' to group by"
	sed 's/^a\t3\t7/a\t3\tseven/' "$T/t.tsv" >"$T/bad.tsv"
	run "$BIN/hopdesc" --descriptors=x --targets=D "$T/bad.tsv"
	expect_fail "hopdesc: not a number" 1 \
	    "^hopdesc: .*bad\.tsv:6: column 'D': 'seven' is not a number$"
	sed 's/^a\t4\t8\t4\tr4/a\t4\t8\t4/' "$T/t.tsv" >"$T/bad.tsv"
	run "$BIN/hopdesc" --descriptors=x --targets=D "$T/bad.tsv"
	expect_fail "hopdesc: short row" 1 "bad\.tsv:7: 4 fields, the header has 5$"
	printf '# only a comment\n' >"$T/empty.tsv"
	run "$BIN/hopdesc" "$T/empty.tsv"
	expect_fail "hopdesc: no header" 1 "no header line"
	run "$BIN/hopdesc" "$T/absent.tsv"
	expect_fail "hopdesc: absent file" 1 "^hopdesc: .*absent\.tsv"
	sed 's/^b\t7/\t7/' "$T/t.tsv" >"$T/bad.tsv"
	run "$BIN/hopdesc" --descriptors=x --targets=D "$T/bad.tsv"
	expect_fail "hopdesc: an empty group refused" 1 \
	    "^hopdesc: .*bad\.tsv:10: column 'family' \(the group\) is empty$"
	sed 's/\t1\t5\t/\tinf\t5\t/' "$T/t.tsv" >"$T/bad.tsv"
	run "$BIN/hopdesc" --descriptors=x --targets=D "$T/bad.tsv"
	expect_fail "hopdesc: infinity refused" 1 "'inf' is not a number"
	for bad in --bootstrap=-1 --bootstrap=x --plots=0 --plots=65 \
	    --seed=-2 --descriptors=, --group= ; do
		run "$BIN/hopdesc" "$bad" "$T/t.tsv"
		expect_fail "hopdesc: $bad is a usage error" 2 "^usage: hopdesc"
	done
	run "$BIN/hopdesc" "$T/t.tsv" "$T/t.tsv"
	expect_fail "hopdesc: two tables are a usage error" 2 "one table at most"
	if [ -w /dev/full ]; then
		sh_run "'$BIN/hopdesc' --descriptors=x --targets=D '$T/t.tsv' > /dev/full"
		expect_fail "hopdesc: write error exits 1" 1 "write error"
	fi
	# LIMITS: 4096 columns, lines of 1 MiB.
	awk 'BEGIN { for (i = 0; i < 4097; i++)
	    printf "c%d%s", i, i < 4096 ? "\t" : "\n" }' >"$T/wide.tsv"
	run "$BIN/hopdesc" --descriptors=c1 --targets=c2 "$T/wide.tsv"
	expect_fail "hopdesc: 4097 columns refused" 1 \
	    "^hopdesc: $T/wide.tsv:1: more than 4096 columns$"
	awk 'BEGIN { print "family\tx\tD"; printf "a\t"
	    for (i = 0; i < 110000; i++) printf "1234567890"
	    print "\t1" }' >"$T/long.tsv"
	run "$BIN/hopdesc" --descriptors=x --targets=D "$T/long.tsv"
	expect_fail "hopdesc: a line over 1 MiB refused" 1 \
	    "^hopdesc: $T/long.tsv:2: line longer than 1048576 bytes$"
}

t_values
t_bootstrap
t_svg
t_errors
