# install.sh - make install puts every tool and every man page where
# PREFIX and DESTDIR say, and the installed tools run.

install_check() {
	[ "$HOP_VARIANT" = rel ] || return 0
	run make -s install DESTDIR="$T/dest" PREFIX=/opt/hop
	expect_rc "make install DESTDIR PREFIX" 0
	missing=""
	for t in tools/*.c; do
		n=$(basename "$t" .c)
		[ -x "$T/dest/opt/hop/bin/$n" ] || missing="$missing bin/$n"
		[ -f "$T/dest/opt/hop/share/man/man1/$n.1" ] ||
		    missing="$missing man1/$n.1"
	done
	[ -f "$T/dest/opt/hop/share/man/man5/hopstream.5" ] ||
	    missing="$missing man5/hopstream.5"
	expect_eq "make install: every tool and man page installed" \
	    "$missing" ""
	run "$T/dest/opt/hop/bin/hopcat" --version
	expect_eq "make install: an installed tool runs" "$(cat "$T/out")" \
	    "hopcat (hoptools) 0.1.0"
}

install_check
