#!/bin/sh
# tests/bad/update.sh - rewrite the expected messages of tests/bad/MANIFEST
# from what the tools in bin/ print now.  Run it after changing a message
# on purpose, then review the diff (git diff tests/bad/MANIFEST): every
# line of it is a change users will see.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
m=tests/bad/MANIFEST
new=$(mktemp)
trap 'rm -f "$new" "$new.err"' EXIT
while IFS='	' read -r file cmd want; do
	case $file in ''|'#'*) printf '%s\n' "$file${cmd:+	$cmd}${want:+	$want}" >>"$new"; continue ;; esac
	set -- $(printf '%s' "$cmd" | sed "s|FILE|tests/bad/$file|g")
	prog=$1
	shift
	"bin/$prog" "$@" >/dev/null 2>"$new.err"
	got=$(head -n 1 "$new.err" | sed "s|tests/bad/$file|FILE|g")
	printf '%s\t%s\t%s\n' "$file" "$cmd" "$got" >>"$new"
done <"$m"
mv "$new" "$m"
