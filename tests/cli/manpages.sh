# manpages.sh - every tool: --help, --version and a bad option behave as
# documented, and the man page agrees with --help (SYNOPSIS, options and
# their letters).

# The usage lines of --help: "usage: NAME ..." and its continuation lines
# that start with the tool's name, blanks squeezed.
help_synopsis() {
	awk -v n="$2" 'NR == 1 { sub(/^usage: /, ""); print; next }
		$1 == n { print; next } { exit }' "$1" | tr -s ' \t' '  ' |
	    sed 's/^ //; s/ $//'
}

# The SYNOPSIS section of the rendered man page, one line per form.
man_synopsis() {
	mandoc -Tascii "$1" | sed 's/.\x08//g' | awk '
		/^SYNOPSIS/ { on = 1; next }
		/^[A-Z]/ { on = 0 }
		on && NF { print }' | tr -s ' \t' '  ' | sed 's/^ //; s/ $//' |
	    awk -v n="$2" '$1 == n { if (s != "") print s; s = $0; next }
		{ s = s " " $0 } END { if (s != "") print s }'
}

# "LETTER LONG" of every option with a letter, sorted on one line: of a
# --help ("  -m, --member=NAME ...") and of a man page (".It Fl m Ar NAME ,
# Fl -member ...").
help_letters() {
	sed -n 's/^  *-\([A-Za-z]\), --\([a-z][a-z0-9-]*\).*/\1 \2/p' "$1" |
	    LC_ALL=C sort | tr '\n' ' '
}
man_letters() {
	sed -n 's/^\.It Fl \([A-Za-z]\)[ ,].*Fl \\*-\([a-z0-9-]*\).*/\1 \2/p' \
	    "$1" | LC_ALL=C sort | tr '\n' ' '
}

check_tool() {
	tool=$1
	run "$BIN/$tool" --help
	expect_rc "$tool --help exits 0" 0
	expect_eq "$tool --help writes nothing to stderr" "$(cat "$T/err")" ""
	cp "$T/out" "$T/help"
	run "$BIN/$tool" --version
	expect_eq "$tool --version" "$(cat "$T/out")" "$tool (hoptools) 0.1.0"
	run "$BIN/$tool" --no-such-option
	expect_rc "$tool: a bad option exits 2" 2
	expect_err "$tool: a bad option prints the usage" "^usage: $tool"
	expect_eq "$tool: a bad option writes nothing to stdout" \
	    "$(cat "$T/out")" ""
	page=man/$tool.1
	if [ ! -f "$page" ]; then
		fail "$tool has a man page" "no $page"
		return
	fi
	pass "$tool has a man page"
	expect_eq "$page is mandoc -Tlint clean" \
	    "$(mandoc -Tlint -W warning "$page" 2>&1)" ""
	expect_eq "$tool: --help usage equals the man page SYNOPSIS" \
	    "$(help_synopsis "$T/help" "$tool")" \
	    "$(man_synopsis "$page" "$tool")"
	expect_eq "$tool: --help and the man page list the same options" \
	    "$(grep -oE -- '--[a-z][a-z0-9-]*' "$T/help" | sort -u |
	        tr '\n' ' ')" \
	    "$(grep -E '^\.It Fl' "$page" |
	        grep -oE 'Fl \\?-[a-z][a-z0-9-]*' | sed 's/^Fl \\*-/--/' |
	        sort -u | tr '\n' ' ')"
	expect_eq "$tool: --help and the man page give the same letters" \
	    "$(help_letters "$T/help")" "$(man_letters "$page")"
	for s in EXIT\ STATUS EXAMPLES SEE\ ALSO; do
		if grep -q "^\.Sh $s" "$page"; then pass "$page has $s"
		else fail "$page has $s" "no .Sh $s"; fi
	done
	if [ -f "tests/cli/$tool.sh" ]; then pass "$tool has a test script"
	else fail "$tool has a test script" "no tests/cli/$tool.sh"; fi
}

for t in "$BIN"/*; do
	[ -x "$t" ] && check_tool "$(basename "$t")"
done
expect_eq "man/hopstream.5 is mandoc -Tlint clean" \
    "$(mandoc -Tlint -W warning man/hopstream.5 2>&1)" ""
