# options.sh - one letter, one meaning across the toolkit (issue 13): every
# tool's --help is read, and each shared option it lists uses its one
# letter (common/cli.h), no tool gives a shared letter to another option,
# every tool has -h, -V and -q, and every drawing tool (one with --svg)
# the long-only --title, --xlabel and --ylabel (issue 14).  Beyond the
# shared set, a letter is one long option's in every tool that has it, and
# the letters taken away for that are usage errors.  A long name takes a
# value in every tool that has it or in none, and the names taken away
# for that (hopcat --atoms, kmeans-hops --merge) are usage errors that
# name the new ones.

# The shared set: long name and letter ("-": long only).
SHARED="help:h version:V quiet:q species:s jobs:j seed:r svg:g json:J
tsv:T temperature:t title:- xlabel:- ylabel:-"
# The drawing tools' options.
FIGURE="title xlabel ylabel"

# "LETTER LONG" per option line of a --help ("-" for a long-only option).
help_options() {
	sed -n 's/^  *-\([A-Za-z]\), --\([a-z][a-z0-9-]*\).*/\1 \2/p
		s/^  *--\([a-z][a-z0-9-]*\).*/- \1/p' "$1"
}

# "LONG VALUE" per option line of a --help, VALUE 1 for "--name=VALUE"
# (or "--name[=VALUE]"), 0 for a flag.  Only the option lines count: "  -X,
# --name" or six blanks then "--name"; a continuation line, indented
# further, may begin with another option's name (hopmech's "--frames)").
help_long_values() {
	sed -n 's/^  -[A-Za-z], --\([a-z][a-z0-9-]*\)[=[].*/\1 1/p
		s/^  -[A-Za-z], --\([a-z][a-z0-9-]*\).*/\1 0/p
		s/^      --\([a-z][a-z0-9-]*\)[=[].*/\1 1/p
		s/^      --\([a-z][a-z0-9-]*\).*/\1 0/p' "$1"
}

check_options() {
	tool=$1
	run "$BIN/$tool" --help
	help_options "$T/out" >"$T/opts"
	awk -v t="$tool" '$1 != "-" { print $1, $2, t }' "$T/opts" >>"$T/all"
	help_long_values "$T/out" | awk -v t="$tool" '{ print $1, $2, t }' \
	    >>"$T/long"
	for pair in $SHARED; do
		long=${pair%:*} letter=${pair#*:}
		got=$(awk -v l="$long" '$2 == l { print $1 }' "$T/opts")
		case $long in help|version|quiet)
			expect_eq "$tool has -$letter, --$long" "$got" "$letter";;
		*)
			[ -n "$got" ] && expect_eq "$tool: --$long is -$letter" \
			    "$got" "$letter";;
		esac
		[ "$letter" = - ] && continue
		other=$(awk -v l="$long" -v c="$letter" \
		    '$1 == c && $2 != l { print $2 }' "$T/opts")
		expect_eq "$tool: -$letter means --$long or nothing" "$other" ""
	done
	if awk '$2 == "svg" { f = 1 } END { exit !f }' "$T/opts"; then
		for long in $FIGURE; do
			got=$(awk -v l="$long" '$2 == l { print $1 }' "$T/opts")
			expect_eq "$tool draws: it has --$long, long only" \
			    "$got" -
		done
	fi
	# The letters work, not only their help lines.
	run "$BIN/$tool" -q -V
	expect_eq "$tool -q -V" "$(cat "$T/out")" "$tool (hoptools) 0.1.0"
	run "$BIN/$tool" -h
	expect_rc "$tool -h exits 0" 0
}

# "LETTER LONG TOOL" for every lettered option of every tool, and "LONG
# VALUE TOOL" for every long option.
: >"$T/all"
: >"$T/long"
for t in "$BIN"/*; do
	[ -x "$t" ] && check_options "$(basename "$t")"
done

# Every letter means one long option in every tool that has it: a letter
# given to two long options is listed with the tools of each.
clashes=$(LC_ALL=C sort -u "$T/all" |
    awk 'function flush() { if (n > 1) print "-" l ": " s }
	$1 != l { flush(); l = $1; n = 0; s = ""; lo = "" }
	$2 != lo { n++; lo = $2; s = s (n > 1 ? "; " : "") "--" $2 " in" }
	{ s = s " " $3 }
	END { flush() }')
expect_eq "every letter means one long option across the toolkit" \
    "$clashes" ""
n=$(awk 'END { print NR }' "$T/all")
[ "$n" -gt 100 ] && pass "the letters of every tool were read ($n)" ||
    fail "the letters of every tool were read" "only $n"

# Every long name takes a value in every tool that has it, or in none: a
# name that is a flag in some tools and takes a value in others is listed
# with the tools of each.
mixed=$(LC_ALL=C sort -u "$T/long" |
    awk 'function flush() {
		if (f != "" && v != "")
			print "--" n ": a flag in" f "; takes a value in" v
	}
	$1 != n { flush(); n = $1; f = v = "" }
	$2 == 0 { f = f " " $3 }
	$2 == 1 { v = v " " $3 }
	END { flush() }')
expect_eq "every long name takes a value in every tool or in none" \
    "$mixed" ""
n=$(awk 'END { print NR }' "$T/long")
[ "$n" -gt 250 ] && pass "the long names of every tool were read ($n)" ||
    fail "the long names of every tool were read" "only $n"
# Only option lines were read: a continuation line read as one (hopmech's
# "--frames)") would list its name twice in the tool.
expect_eq "every tool lists a long name once" \
    "$(awk '{ print $3, $1 }' "$T/long" | LC_ALL=C sort | uniq -d)" ""

# The long names taken away so that no name is a flag in one tool and
# takes a value in another are usage errors that name the new one, so
# that an old script fails and says what to write instead.
for c in "hopcat --atoms" "hopcat --atoms=0-9"; do
	run "$BIN"/$c </dev/null
	expect_fail "$c: a usage error naming --atom-table" 2 \
	    "^hopcat: --atoms is now --atom-table \(--atoms=RANGE selects atoms in the other tools\)$"
done
for c in "kmeans-hops --merge=1" "kmeans-hops --merge"; do
	run "$BIN"/$c </dev/null
	expect_fail "$c: a usage error naming --merge-tol" 2 \
	    "^kmeans-hops: --merge is now --merge-tol \(hopcat --merge joins the parts of a split run\)$"
done

# The old letters of --svg are gone, not given to something else, so that
# an old script fails loudly.
for tool in hopcorr hopdesc hophist; do
	run "$BIN/$tool" -S x.svg
	expect_rc "$tool -S (the old --svg) is a usage error" 2
done

# The letters taken away so that no letter means two things are gone, not
# given to something else: an old script fails with a usage error.
for c in "hopcat -m" "hopcorr -c 0.5" "hopcorr -l" "hopcorr -m 10" \
    "hopcorr -n 10" "hopcorr -p" "hopdesc -b 10" "hopdesc -d x" \
    "hopdesc -l" "hopdesc -p 2" "hophist -b 10" "hophist -m" \
    "hopmech -c 1" "hopmech -F x" "hopmech -l 1" "hopmech -m 1" \
    "hopmech -n 1" "hopsplit -n 2" "kmeans-hops -a 0" "kmeans-hops -B" \
    "kmeans-hops -d 0.4" "kmeans-hops -e 100" "kmeans-hops -m adaptive" \
    "kmeans-hops -n 2" "kmeans-hops -x xy" "msd -a" "msd -d xy" \
    "msd -l 10" "vanhove -l 10" "xdat2bin -n Li" "xyz2bin -c 10"; do
	set -- $c
	tool=$1
	shift
	run "$BIN/$tool" "$@" </dev/null
	expect_fail "$c: a usage error (the letter is gone)" 2 \
	    "invalid option -- '${1#-}'"
done
