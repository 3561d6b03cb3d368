# database-names.sh - examples/database/Makefile on a tree whose folder
# names are hostile ($(...), backticks, ; and quotes, a leading -, a
# newline, a tab, blanks, a backslash, make's own % : # =, very long
# names) beside two good runs (100 frames of the synthetic Li run, one
# with a long name of every allowed character): no name is ever run as
# code (the canary file they would touch never appears), each is named
# on stderr and skipped, or stops make before any recipe with
# UNSAFE=refuse, and the good runs' products are made all the same.

DBMK=$PWD/examples/database/Makefile
DBSH=$PWD/examples/database/db.sh
TAB=$(printf '\t')
NL='
'
CANARY=CANARY$$

dbmake() {
	(cd "$T" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    make -f "$DBMK" HOPTOOLS_BIN="$BIN" "$@")
}

# canary NAME: no file named CANARY* anywhere in the scratch tree (where
# make runs) or in the checkout's top folder (where the test runs).
canary() {
	_c=$( { find "$T" -name 'CANARY*'; find . -maxdepth 1 -name 'CANARY*'; } |
	    head -n 3)
	if [ -z "$_c" ]; then pass "$1"; else fail "$1" "$_c"; fi
}

# The good run, and a long name made of every allowed character.
LONG=Na3PS4+Cl_x.y-z$(printf '%0200d' 0)
cut_run() {
	mkdir -p "$1"
	gzip -dc examples/database/runs/li/SYNTHETIC-toy/1000K/XDATCAR.gz |
	    awk '/^Direct configuration=/ && ++k > 100 { exit } { print }' |
	    gzip -1 >"$1/XDATCAR.gz"
	cp examples/database/runs/li/SYNTHETIC-toy/1000K/INCAR "$1/INCAR"
}
cut_run "$T/runs/li/toy/1000K"
cut_run "$T/runs/li/$LONG/1000K"

# The hostile runs: RUNS-relative folder, as db.sh names it (control
# characters and backslashes escaped), one a line with a tab between.
cat >"$T/hostile" <<EOF
li/m\$(touch\${IFS}$CANARY)/1000K	li/m\$(touch\${IFS}$CANARY)/1000K
li/m\`touch $CANARY\`/1000K	li/m\`touch $CANARY\`/1000K
li/m;touch $CANARY;/1000K	li/m;touch $CANARY;/1000K
li/m'q/1000K	li/m'q/1000K
li/m"q/1000K	li/m"q/1000K
li/-m/1000K	li/-m/1000K
li/m with blanks/1000K	li/m with blanks/1000K
li/m\\q/1000K	li/m\\\\q/1000K
li/m%q/1000K	li/m%q/1000K
li/m:q/1000K	li/m:q/1000K
li/m#q/1000K	li/m#q/1000K
li/m=q/1000K	li/m=q/1000K
li/m*/1000K	li/m*/1000K
li/$(printf '%0200d' 0)\$(touch\${IFS}$CANARY)/1000K	li/$(printf '%0200d' 0)\$(touch\${IFS}$CANARY)/1000K
f\$(touch\${IFS}$CANARY)/toy/1000K	f\$(touch\${IFS}$CANARY)/toy/1000K
li/toy/1000\`touch\${IFS}$CANARY\`K	li/toy/1000\`touch\${IFS}$CANARY\`K
EOF
while IFS="$TAB" read -r dir shown; do
	cut_run "$T/runs/$dir"
done <"$T/hostile"
# Names a line of that list cannot hold.
cut_run "$T/runs/li/m${NL}touch $CANARY/1000K"
printf 'x\tli/m\\ntouch %s/1000K\n' "$CANARY" >>"$T/hostile"
cut_run "$T/runs/li/m${TAB}touch $CANARY/1000K"
printf 'x\tli/m\\ttouch %s/1000K\n' "$CANARY" >>"$T/hostile"

# every_named NAME TAIL: each hostile run named on stderr as
# "db.sh: runs/RUN: TAIL".
every_named() {
	_missing=
	while IFS="$TAB" read -r dir shown; do
		grep -qF -- "db.sh: runs/$shown: $2" "$T/err" ||
		    _missing="$_missing runs/$shown"
	done <"$T/hostile"
	if [ -z "$_missing" ]; then pass "$1"
	else fail "$1" "not named:$_missing"; fi
}

t_skip() {
	rc=0
	dbmake -j2 RUNS=runs OUT=db >"$T/log" 2>"$T/err" || rc=$?
	expect_rc "names: make skips the unsafe runs and succeeds" 0
	canary "names: no name was run (make -j2)"
	every_named "names: every unsafe run is named, skipped" \
	    "unsafe name, run skipped (allowed: letters, digits and . _ + -, not first . or -)"
	expect_eq "names: 18 runs skipped" \
	    "$(grep -c ': unsafe name, run skipped' "$T/err")" 18
	bad=
	for r in "li/toy/1000K" "li/$LONG/1000K"; do
		for f in hops.bin hophist.tsv hopcorr.tsv msd.tsv msd.svg row.tsv; do
			[ -s "$T/db/$r/$f" ] || bad="$bad $r/$f"
		done
	done
	for f in summary.tsv correlations.tsv lengths.tsv descriptors.tsv \
	    correlations.svg lengths.svg descriptors.svg; do
		[ -s "$T/db/$f" ] || bad="$bad $f"
	done
	expect_eq "names: the good runs' products, and the database's" "$bad" ""
	expect_eq "names: the summary has the good runs only" \
	    "$(grep -v '^#' "$T/db/summary.tsv" | tail -n +2 | cut -f1-3 | tr '\t\n' ', ')" \
	    "li,$LONG,1000 li,toy,1000 "
	expect_eq "names: no folder for a skipped run" \
	    "$(cd "$T/db" && find . -mindepth 1 -type d | LC_ALL=C sort | tr '\n' ' ')" \
	    "./li ./li/$LONG ./li/$LONG/1000K ./li/toy ./li/toy/1000K "
	rc=0
	dbmake -q RUNS=runs OUT=db >"$T/log" 2>"$T/err" || rc=$?
	expect_rc "names: up to date after a build, unsafe runs aside" 0
	dbmake -n RUNS=runs OUT=new >"$T/log" 2>"$T/err"
	expect_eq "names: make -n plans nothing for a skipped run" \
	    "$(grep -c -e CANARY -e "m'q" "$T/log")" 0
	dbmake -s RUNS=runs OUT=db list-runs >"$T/log" 2>"$T/err"
	expect_eq "names: list-runs lists the good runs only" \
	    "$(tr '\n' ' ' <"$T/log")" "db/li/$LONG/1000K/row.tsv db/li/toy/1000K/row.tsv "
	# A skipped run's product named on the command line: no rule for it.
	rc=0
	dbmake RUNS=runs OUT=db "db/li/m\$(touch\${IFS}$CANARY)/1000K/row.tsv" \
	    >"$T/log" 2>"$T/err" || rc=$?
	expect_rc "names: a skipped run's product, asked for, is refused" 2
	expect_err "names: ... as no rule" "No rule to make target 'db/li/m"
	canary "names: no name was run (make -n, list-runs, a named target)"
}

t_refuse() {
	rc=0
	dbmake -j2 RUNS=runs OUT=db2 UNSAFE=refuse >"$T/log" 2>"$T/err" || rc=$?
	expect_rc "names: UNSAFE=refuse stops make" 2
	every_named "names: UNSAFE=refuse names every unsafe run" \
	    "unsafe name (allowed: letters, digits and . _ + -, not first . or -)"
	expect_err "names: UNSAFE=refuse says nothing was made" \
	    'Makefile:[0-9]+: \*\*\* unsafe names in RUNS or OUT \(above\): nothing made\.  Stop\.'
	if [ -e "$T/db2" ] || [ -s "$T/log" ]; then
		fail "names: UNSAFE=refuse runs no recipe" "$(ls "$T"; head -c 300 "$T/log")"
	else pass "names: UNSAFE=refuse runs no recipe"; fi
	rc=0
	dbmake RUNS=runs OUT=db2 UNSAFE=maybe >"$T/log" 2>"$T/err" || rc=$?
	expect_fail "names: UNSAFE=maybe is refused" 2 \
	    "db.sh: UNSAFE=maybe: expected skip or refuse"
	canary "names: no name was run (UNSAFE=refuse)"
}

# RUNS and OUT are the user's own, but are checked too (OUT is removed
# by make clean).
t_roots() {
	mkdir -p "$T/my runs"
	# ($$ is make's own quoting of a $ on its command line.)
	for v in "OUT=o\$\$(touch $CANARY)" "OUT=o;touch $CANARY" "OUT=my out" \
	    "OUT=-o" "OUT=" \
	    "RUNS=my runs" "RUNS=r\`touch $CANARY\`"; do
		rc=0
		dbmake RUNS=runs OUT=db3 "$v" >"$T/log" 2>"$T/err" || rc=$?
		expect_fail "names: $v is refused" 2 \
		    "^db\\.sh: ${v%%=*}=.*: unsafe path \\(allowed: letters, digits, non-ASCII and \\. _ \\+ - @ , /, not first -\\)\$"
		expect_eq "names: $v: nothing made" "$(cat "$T/log")" ""
	done
	rc=0
	dbmake RUNS=runs "OUT=o;touch $CANARY" clean >"$T/log" 2>"$T/err" || rc=$?
	expect_rc "names: make clean with an unsafe OUT removes nothing" 2
	[ -d "$T/runs" ] && [ -s "$T/db/summary.tsv" ] &&
	    pass "names: ... the tree and db/ are still there" ||
	    fail "names: ... the tree and db/ are still there" "gone"
	canary "names: no name was run (RUNS, OUT)"
}

# db.sh row writes names escaped for TSV (the Makefile passes only safe
# ones, but db.sh is a helper of its own).
t_row() {
	d="$T/a${TAB}b\\c"
	cp -r "$T/db/li/toy/1000K" "$d"
	run env XDAT2BIN="$BIN/xdat2bin" HOPCAT="$BIN/hopcat" \
	    sh "$DBSH" row "$d" "f${TAB}x" "m${NL}y" 'T\1'
	expect_rc "names: db.sh row with a tab, newline, backslash" 0
	expect_eq "names: ... one row of 23 fields" \
	    "$(awk -F '\t' '{ print NR, NF }' "$T/out")" "1 23"
	expect_eq "names: ... escaped for TSV" \
	    "$(cut -f1-3,23 "$T/out")" \
	    "f\\tx${TAB}m\\ny${TAB}T\\\\1${TAB}$T/a\\tb\\\\c"
}

t_skip
t_refuse
t_roots
t_row
