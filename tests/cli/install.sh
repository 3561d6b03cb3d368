# install.sh - make install puts every tool, man page and the Python
# module where DESTDIR, PREFIX, BINDIR, MANDIR and PYTHONDIR say, with
# install(1)'s modes, and the installed tools run; make uninstall takes
# exactly that away.  Which goals check or install Debian packages
# (mk/deps.sh), and that CPPFLAGS, LDFLAGS and WERROR reach the command
# lines (make -n).

# mode_of FILE: its permission bits in octal (755).
mode_of() { stat -c %a "$1" 2>/dev/null || echo absent; }

# installed_ok NAME BIN MAN PY: every tool in BIN (0755), every man page
# in MAN/manN (0644), and python/hopstream/*.py, when there, in PY
# (0644).
installed_ok() {
	missing=""
	modes=""
	for t in tools/*.c; do
		n=$(basename "$t" .c)
		[ -x "$2/$n" ] || missing="$missing bin/$n"
		[ "$(mode_of "$2/$n")" = 755 ] || modes="$modes bin/$n"
	done
	for m in man/*.[1-9]; do
		f=$3/man${m##*.}/$(basename "$m")
		[ -f "$f" ] || missing="$missing $f"
		[ "$(mode_of "$f")" = 644 ] || modes="$modes $f"
	done
	for p in python/hopstream/*.py; do
		[ -f "$p" ] || continue
		f=$4/hopstream/$(basename "$p")
		cmp -s "$p" "$f" || missing="$missing $f"
		[ "$(mode_of "$f")" = 644 ] || modes="$modes $f"
	done
	expect_eq "$1: every tool, man page and Python file installed" \
	    "$missing" ""
	expect_eq "$1: modes 0755 (programs) and 0644 (man, Python)" \
	    "$modes" ""
}

# left_in DIR: the files and links under DIR, one per line.
left_in() { (cd "$1" && find . ! -type d | sort); }

install_check() {
	d=$T/dest
	run make -s install DESTDIR="$d" PREFIX=/opt/hop
	expect_rc "make install DESTDIR PREFIX" 0
	installed_ok "DESTDIR PREFIX" "$d/opt/hop/bin" "$d/opt/hop/share/man" \
	    "$d/opt/hop/lib/python3/dist-packages"
	[ -f "$d/opt/hop/share/man/man5/hopstream.5" ]
	expect_eq "make install: man5/hopstream.5 there" $? 0
	if [ -d python/hopstream ]; then
		[ -f "$d/opt/hop/lib/python3/dist-packages/hopstream/__init__.py" ]
		expect_eq "make install: the hopstream Python package" $? 0
	else
		skip "make install: the hopstream Python package" \
		    "python/hopstream not in this checkout"
	fi
	run "$d/opt/hop/bin/hopcat" --version
	expect_eq "make install: an installed tool runs" "$(cat "$T/out")" \
	    "hopcat (hoptools) 0.1.0"

	# make uninstall removes what install put there, and only that.
	mkdir -p "$d/opt/hop/bin"
	echo keep >"$d/opt/hop/bin/not-ours"
	run make -s uninstall DESTDIR="$d" PREFIX=/opt/hop
	expect_rc "make uninstall" 0
	expect_eq "make uninstall: nothing of ours left" "$(left_in "$d")" \
	    "./opt/hop/bin/not-ours"
	[ ! -e "$d/opt/hop/lib/python3/dist-packages/hopstream" ]
	expect_eq "make uninstall: the hopstream package directory gone" $? 0
	run make -s uninstall DESTDIR="$d" PREFIX=/opt/hop
	expect_rc "make uninstall twice" 0

	# BINDIR, MANDIR and PYTHONDIR each on their own.
	d=$T/dest2
	run make -s install DESTDIR="$d" PREFIX=/nowhere BINDIR=/b \
	    MANDIR=/m PYTHONDIR=/p
	expect_rc "make install BINDIR MANDIR PYTHONDIR" 0
	installed_ok "BINDIR MANDIR PYTHONDIR" "$d/b" "$d/m" "$d/p"
	[ ! -e "$d/nowhere" ]
	expect_eq "make install: nothing under PREFIX when the dirs are given" \
	    $? 0
	run make -s uninstall DESTDIR="$d" PREFIX=/nowhere BINDIR=/b \
	    MANDIR=/m PYTHONDIR=/p
	expect_rc "make uninstall BINDIR MANDIR PYTHONDIR" 0
	expect_eq "make uninstall BINDIR MANDIR PYTHONDIR: nothing left" \
	    "$(left_in "$d")" ""
}

# The Makefile and mk/deps.sh alone in a scratch folder (no sources: no
# goal can build or touch the checkout), with a pkg-config that finds
# nothing and an apt-get that only logs, first on PATH.
deps_check() {
	sb=$T/sandbox
	fake=$T/fake
	mkdir -p "$sb/mk" "$sb/examples" "$fake"
	cp Makefile "$sb/"
	cp mk/deps.sh "$sb/mk/"
	echo 'echo demo ran' >"$sb/examples/demo.sh"
	cat >"$fake/pkg-config" <<EOF
#!/bin/sh
echo "\$*" >>"$T/pkg-config.log"
exit 1
EOF
	cat >"$fake/apt-get" <<EOF
#!/bin/sh
echo "\$*" >>"$T/apt-get.log"
exit 0
EOF
	chmod +x "$fake/pkg-config" "$fake/apt-get"
	mk() {
		rm -f "$T/pkg-config.log" "$T/apt-get.log"
		rc=0
		(cd "$sb" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		    PATH="$fake:$PATH" make "$@") >"$T/out" 2>"$T/err" || rc=$?
	}
	checked() { grep -q -- --exists "$T/pkg-config.log" 2>/dev/null; }
	apt_ran() { [ -e "$T/apt-get.log" ]; }
	line='    sudo apt-get install -y libarchive-dev zlib1g-dev libfftw3-dev libgsl-dev libxml2-dev libhdf5-dev libcjson-dev'

	for g in "" all install check demo bench fuzz check-large clean \
	    uninstall "-B check"; do
		mk -n $g
		expect_rc "make -n $g: succeeds with the packages missing" 0
		checked
		expect_eq "make -n $g: no dependency check" $? 1
		apt_ran
		expect_eq "make -n $g: no apt-get" $? 1
	done
	for g in clean "uninstall DESTDIR=$T/none"; do
		mk $g
		g=${g%% *}
		expect_rc "make $g: no dependency check needed" 0
		checked
		expect_eq "make $g: no dependency check" $? 1
	done
	for g in "" "install DESTDIR=$T/none" bin/hopcat; do
		mk $g
		g=${g%% *}
		g="make${g:+ $g}"
		expect_rc "$g: stops with the packages missing" 2
		expect_eq "$g: prints the apt-get line" \
		    "$(grep -F -x -- "$line" "$T/err")" "$line"
		apt_ran
		expect_eq "$g: never runs apt-get" $? 1
	done
	# make demo (like check and bench) installs them as root, saying so.
	mk demo
	if [ "$(id -u)" = 0 ]; then
		expect_rc "make demo as root: installs, then runs" 0
		expect_err "make demo as root: says what it installs" \
		    'installing the missing Debian packages for make demo with apt-get: libarchive-dev zlib1g-dev libfftw3-dev libgsl-dev libxml2-dev libhdf5-dev libcjson-dev'
		expect_eq "make demo as root: apt-get install" "$(grep -c \
		    '^install -y -qq libarchive-dev zlib1g-dev libfftw3-dev libgsl-dev libxml2-dev libhdf5-dev libcjson-dev' \
		    "$T/apt-get.log" 2>/dev/null)" 1
		expect_eq "make demo as root: then runs" "$(cat "$T/out")" \
		    "demo ran"
	else
		expect_rc "make demo not as root: stops" 2
		expect_eq "make demo not as root: prints the apt-get line" \
		    "$(grep -F -- "$line" "$T/err" | cut -c 1-${#line})" "$line"
	fi
}

# dry MAKEARGS...: make -n's commands, one a line (continuations joined),
# in $T/out.
dry() {
	rc=0
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u WERROR make -n "$@" \
	    >"$T/raw" 2>"$T/err" || rc=$?
	sed -e :a -e '/\\$/N; s/\\\n//; ta' "$T/raw" >"$T/out"
}

# make -n shows the user's CPPFLAGS on every compile (release, sanitizer,
# clang and fuzz builds) and LDFLAGS on every link; -Werror is on for
# make check and WERROR=1, off otherwise.
flags_check() {
	fz=$(ls tests/fuzz/fuzz_*.c 2>/dev/null | head -n 1)
	fz=${fz:+build/fuzz/$(basename "$fz" .c)}
	ut=$(ls tests/unit/test_*.c | head -n 1)
	ut=build/rel/tests/$(basename "$ut" .c)
	dry -B CPPFLAGS=-DHOP_TEST_MARK LDFLAGS=-Wl,--as-needed bin/hopcat \
	    "$ut" build/asan/bin/hopcat build/clang.stamp $fz
	expect_rc "make -n CPPFLAGS LDFLAGS" 0
	compiles=$(grep -E -- ' -c -o | -fsyntax-only' "$T/out" | grep -c .)
	links=$(grep -E -- ' -o (bin|build/[a-z]+/bin|build/[a-z]+/tests|build/fuzz)/[^/ ]+ ' "$T/out" |
	    grep -v -- ' -c ' | grep -c .)
	expect_eq "make -n: release, sanitizer and clang compiles shown" \
	    "$([ "$compiles" -gt 3 ] && [ "$links" -ge 3 ] && echo yes)" yes
	expect_eq "make -n: CPPFLAGS on every compile" "$(grep -E -- \
	    ' -c -o | -fsyntax-only' "$T/out" | grep -vc -- -DHOP_TEST_MARK)" 0
	expect_eq "make -n: LDFLAGS on every link" "$(grep -E -- \
	    ' -o (bin|build/[a-z]+/bin|build/[a-z]+/tests|build/fuzz)/[^/ ]+ ' \
	    "$T/out" | grep -v -- ' -c ' | grep -vc -- '-Wl,--as-needed')" 0

	dry -B bin/hopcat
	expect_eq "make: no -Werror by default" \
	    "$(grep -c -- -Werror "$T/out")" 0
	dry -B WERROR=1 bin/hopcat
	expect_eq "make WERROR=1: -Werror on every compile" \
	    "$(grep -- ' -c -o ' "$T/out" | grep -vc -- -Werror)" 0
	dry -B check
	expect_eq "make check: -Werror on every compile, clang's included" \
	    "$(grep -E -- ' -c -o | -fsyntax-only' "$T/out" |
	    grep -vc -- -Werror)" 0
	expect_eq "make check: compiles shown" \
	    "$(grep -c -- ' -c -o ' "$T/out" | awk '{ print ($1 > 10) }')" 1
}

if [ "$HOP_VARIANT" = rel ]; then
	install_check
	deps_check
	flags_check
fi
