# tests/cli/bad.sh - the bad-input corpus (tests/bad/MANIFEST: each file
# with the exact message it must produce), every stream reader on every
# damaged stream, and every single-byte flip of small streams caught by
# every tool that reads streams; empty option lists refused.

B=tests/bad

# Each corpus file: exit 1, exactly the expected first line of stderr, and
# no finished stream on stdout.
bad_manifest() {
	n=0
	while IFS='	' read -r file cmd want; do
		case $file in ''|'#'*) continue ;; esac
		n=$((n + 1))
		set -- $(printf '%s' "$cmd" | sed "s|FILE|$B/$file|g")
		prog=$1
		shift
		run "$BIN/$prog" "$@"
		got=$(head -n 1 "$T/err" | sed "s|$B/$file|FILE|g")
		if [ "$rc" != 1 ]; then
			fail "bad $file" "exit status $rc, want 1: $got"
		elif [ "$got" != "$want" ]; then
			fail "bad $file" "got '$got', want '$want'"
		elif [ -s "$T/out" ] && [ "$prog" != hopcat ] &&
		    "$BIN/hopcat" "$T/out" >/dev/null 2>&1; then
			fail "bad $file" "a complete stream on stdout"
		else
			pass "bad $file"
		fi
	done <$B/MANIFEST
	if [ "$n" -ge 60 ]; then pass "bad corpus: $n files (60 or more)"
	else fail "bad corpus: 60 or more files" "$n"; fi
	# Every file of the corpus has its line, and every line its file.
	extra=$(cd $B && for f in */*; do
		awk -F'\t' -v f="$f" '$1 == f { found = 1 } END { exit !found }' \
		    MANIFEST || echo "$f"; done)
	expect_eq "bad corpus: every file in MANIFEST" "$extra" ""
	missing=$(awk -F'\t' '!/^#/ && NF { print $1 }' $B/MANIFEST |
	    while read -r f; do [ -f "$B/$f" ] || echo "$f"; done)
	expect_eq "bad corpus: every MANIFEST line has its file" "$missing" ""
}

# The damaged streams are what tests/helpers/mkbadstreams writes (so that
# they can be rebuilt after a format change and reviewed).
bad_streams_generated() {
	mkdir -p "$T/gen"
	run "$HELPERS/mkbadstreams" "$T/gen"
	if diff -r "$T/gen" $B/stream >"$T/diff" 2>&1; then
		pass "bad streams: mkbadstreams writes the corpus"
	else
		fail "bad streams: mkbadstreams writes the corpus" \
		    "$(head -c 300 "$T/diff")"
	fi
}

# Every reader refuses every damaged stream: exit 1 and a message that
# names the tool and the file (never a crash, a hang or exit 0).
bad_streams_every_reader() {
	for tool in hopcat unwrap kmeans-hops hopcorr hophist msd; do
		bad=
		for f in $B/stream/*.hop; do
			# Non-finite positions are well-formed records: the
			# tools that compute with them refuse them.
			case $tool:$f in hopcat:*-nan.hop|hopcat:*-inf.hop)
				continue ;;
			esac
			run "$BIN/$tool" "$f"
			if [ "$rc" != 1 ] || ! head -n 1 "$T/err" |
			    grep -q "^$tool: $f: "; then
				bad="$bad $(basename "$f"):$rc"
			fi
		done
		expect_eq "bad streams: $tool refuses each" "$bad" ""
	done
}

# Flip each byte of small streams in turn: every reader must refuse every
# damaged copy (exit 1).
bad_flips() {
	X=tests/files/xdatcar/good-vasp5.xdatcar
	# Under the sanitizers (20 ms a run) one frame and two hops: every
	# kind of record and header byte is still flipped.
	last=2 hops='0 1 3 0 0 0 2 0 0\n1 2 4 2 0 0 0 0 0 1\n2 5 6 0 0 0 0 2 0\n'
	if [ "$HOP_VARIANT" = asan ]; then
		last=1 hops='0 1 3 0 0 0 2 0 0\n1 2 4 2 0 0 0 0 0 1\n'
	fi
	"$BIN/xdat2bin" --dt 10 --last $last "$X" >"$T/frac.hop"
	"$BIN/unwrap" "$T/frac.hop" >"$T/unw.hop"
	printf "$hops" | "$HELPERS/mkhops" --frames 20 >"$T/hops.hop"
	for c in "hopcat --xyz:frac" "unwrap:frac" "kmeans-hops:unw" \
	    "msd:unw" "hopcat --hops:hops" "hophist:hops" \
	    "hopcorr:hops"; do
		args=${c%:*}
		set -- $args
		tool=$1
		shift
		out=$("$HELPERS/flipcheck" "$T/${c##*:}.hop" "$BIN/$tool" "$@" \
		    2>&1)
		case $out in
		*" 0 undetected, 0 bad exits") pass "flips: $args ($out)" ;;
		*) fail "flips: $args" "$out" ;;
		esac
	done
}

# An empty list (--species="$UNSET") is a usage error, not "everything".
bad_empty_lists() {
	"$HELPERS/gen-traj" --frames 200 --seed 2 >"$T/e.hop"
	for c in "xdat2bin --dt 1 --species= tests/files/xdatcar/good-vasp5.xdatcar" \
	    "lmp2bin --dt 1 --species= tests/files/lammps/good-element.lammpstrj" \
	    "xyz2bin --dt 1 --species= tests/files/xyz/good-ase.xyz" \
	    "kmeans-hops --species= $T/e.hop" "msd --species= $T/e.hop" \
	    "hophist --quantity= $T/e.hop"; do
		set -- $c
		tool=$1
		shift
		run "$BIN/$tool" "$@"
		expect_fail "empty list: $c" 2 "^$tool: .*(species|quantity)"
	done
}

bad_manifest
bad_empty_lists
bad_streams_generated
bad_streams_every_reader
bad_flips
