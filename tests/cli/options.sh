# options.sh - one letter, one meaning across the toolkit (issue 13): every
# tool's --help is read, and each shared option it lists uses its one
# letter (common/cli.h), no tool gives a shared letter to another option,
# every tool has -h, -V and -q, and every drawing tool (one with --svg)
# the long-only --title, --xlabel and --ylabel (issue 14).

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

check_options() {
	tool=$1
	run "$BIN/$tool" --help
	help_options "$T/out" >"$T/opts"
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

for t in "$BIN"/*; do
	[ -x "$t" ] && check_options "$(basename "$t")"
done

# The old letters of --svg are gone, not given to something else, so that
# an old script fails loudly.
for tool in hopcorr hopdesc hophist; do
	run "$BIN/$tool" -S x.svg
	expect_rc "$tool -S (the old --svg) is a usage error" 2
done
