# tests/lib.sh - sourced by every tests/cli/*.sh script.
#
# The runner sets BIN (the tools to test), HELPERS (test programs such as
# the trajectory generator), SHARED (../shared/data, possibly absent),
# RESULTS (file to append "pass|fail|skip<TAB>name" lines to) and T (a
# scratch directory of this script's own).
#
# A test is one named assertion; each helper below records one result.

pass() { printf 'pass\t%s\n' "$1" >>"$RESULTS"; }
fail() {
	printf 'fail\t%s\n' "$1" >>"$RESULTS"
	printf 'FAIL %s: %s\n' "$1" "$2" >&2
}
skip() {
	printf 'skip\t%s\n' "$1" >>"$RESULTS"
	printf 'skip %s: %s\n' "$1" "$2" >&2
}

# run CMD...: run a command, keeping its stdout in $T/out, stderr in
# $T/err and exit status in $rc.
run() {
	rc=0
	"$@" >"$T/out" 2>"$T/err" || rc=$?
}

# sh_run 'PIPELINE': as run, for a shell pipeline (pipefail semantics:
# the status is the last non-zero one).
sh_run() {
	rc=0
	bash -o pipefail -c "$1" >"$T/out" 2>"$T/err" || rc=$?
}

# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else
		fail "$1" "got '$2', want '$3'"; fi
}

# expect_rc NAME WANT: the last run's exit status.
expect_rc() {
	if [ "$rc" = "$2" ]; then pass "$1"; else
		fail "$1" "exit status $rc, want $2; stderr: $(head -c 300 "$T/err")"; fi
}

# expect_err NAME PATTERN: the last run's stderr matches an ERE.
expect_err() {
	if grep -Eq -- "$2" "$T/err"; then pass "$1"; else
		fail "$1" "stderr '$(head -c 300 "$T/err")' does not match /$2/"; fi
}

# expect_fail NAME STATUS PATTERN: non-zero STATUS, a matching message and
# nothing that looks like a finished stream on stdout.
expect_fail() {
	if [ "$rc" != "$2" ]; then
		fail "$1" "exit status $rc, want $2; stderr: $(head -c 300 "$T/err")"
	elif ! grep -Eq -- "$3" "$T/err"; then
		fail "$1" "stderr '$(head -c 300 "$T/err")' does not match /$3/"
	else
		pass "$1"
	fi
}

# near NAME GOT WANT TOL: |GOT - WANT| <= TOL, numerically.
near() {
	if awk -v g="$2" -v w="$3" -v t="$4" 'BEGIN {
		d = g - w; if (d < 0) d = -d; exit !(g == g + 0 && d <= t) }'
	then pass "$1"; else fail "$1" "got $2, want $3 +- $4"; fi
}

# need_shared NAME: skip (saying so) when ../shared/data is absent.
need_shared() {
	if [ -d "$SHARED" ]; then return 0; fi
	skip "$1" "../shared/data not present"
	return 1
}
