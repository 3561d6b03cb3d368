#!/bin/sh
# tests/run.sh - run the whole suite twice: on the release build and on
# the AddressSanitizer + UndefinedBehaviorSanitizer build.  Prints one line
# per failure or skip, a line per pass, and ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
SHARED=${SHARED:-$top/../shared/data}
export SHARED
results=$(mktemp)
scratch=$(mktemp -d)
trap 'rm -rf "$results" "$scratch"' EXIT INT TERM

# TESTS=pattern runs only the unit tests and scripts whose names contain
# it; VARIANTS="rel" skips the sanitizer pass (both for quick local runs).
TESTS=${TESTS:-}
VARIANTS=${VARIANTS:-rel asan}
want() { [ -z "$TESTS" ] || case "$1" in *"$TESTS"*) return 0;; *) return 1;; esac; }

# The sanitizers must make a failing run fail, leaks included.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

pass_one() { # variant bindir unitdir
	variant=$1
	BIN=$top/$2
	UNITDIR=$top/$3
	HELPERS=$top/build/rel/tests
	export BIN HELPERS HOP_VARIANT=$variant
	for u in "$UNITDIR"/test_*; do
		[ -x "$u" ] || continue
		want "$(basename "$u")" || continue
		name="$variant/unit/$(basename "$u")"
		out=$("$u" 2>&1)
		st=$?
		printf '%s\n' "$out" | awk -v p="$name" -F '\t' '
			$1 == "pass" || $1 == "fail" || $1 == "skip" {
				print $1 "\t" p ": " $2 }' >>"$results"
		printf '%s\n' "$out" | grep -v '^pass' | grep . >&2
		if [ $st -ne 0 ]; then
			printf 'fail\t%s: exit status %s\n' "$name" $st \
			    >>"$results"
		fi
	done
	for s in tests/cli/*.sh; do
		[ -f "$s" ] || continue
		want "$(basename "$s")" || continue
		T=$scratch/$variant-$(basename "$s" .sh)
		mkdir -p "$T"
		RESULTS=$scratch/r
		: >"$RESULTS"
		export T RESULTS
		( . tests/lib.sh; . "./$s" ) || printf 'fail\tscript died\n' >>"$RESULTS"
		sed "s|\t|\t$variant/$(basename "$s" .sh): |" "$RESULTS" >>"$results"
		rm -rf "$T"
	done
}

for v in $VARIANTS; do
	case $v in
	rel) pass_one rel bin build/rel/tests ;;
	asan) pass_one asan build/asan/bin build/asan/tests ;;
	esac
done

grep '^fail' "$results" | sed 's/^fail\t/FAIL: /' >&2
np=$(grep -c '^pass' "$results")
nf=$(grep -c '^fail' "$results")
ns=$(grep -c '^skip' "$results")
if [ "$ns" -gt 0 ]; then
	echo "skipped $ns:"; grep '^skip' "$results" | cut -f2- | sed 's/^/  /'
fi
echo "$np passed, $nf failed, $ns skipped"
[ "$nf" -eq 0 ]
