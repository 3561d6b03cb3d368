# tests/cli/fuzz.sh - each libFuzzer target over its seed corpus plus a
# fixed 3000 mutations (the same every run: -seed=1), when clang's
# libFuzzer is available; skipped, saying so, otherwise.  Once per suite
# (the fuzz build is sanitized already).  Long runs: make fuzz.

fuzz_check() {
	if [ "$HOP_VARIANT" != rel ]; then return; fi
	for t in xdatcar incar stream lammps extxyz vasprun h5 traj cp2kcell sitefile \
	    siteref table; do
		# make check builds them when clang has libFuzzer.
		if [ ! -x "build/fuzz/fuzz_$t" ]; then
			skip "fuzz $t" "not built: clang with libFuzzer not available"
			continue
		fi
		mkdir -p "$T/corpus-$t"
		# An h5 run writes an HDF5 file in memory first (20 ms); a
		# siteref run opens its file a dozen times (15 ms).
		runs=3000
		[ $t = h5 ] && runs=300
		[ $t = siteref ] && runs=1000
		run "build/fuzz/fuzz_$t" -runs=$runs -seed=1 -timeout=10 \
		    -rss_limit_mb=2048 -max_len=65536 \
		    -artifact_prefix="$T/crash-$t-" "$T/corpus-$t" \
		    $(awk -v t=$t '$1 == t { $1 = ""; print }' tests/fuzz/seeds.txt)
		if [ "$rc" = 0 ]; then pass "fuzz $t: seeds and $runs runs"
		else fail "fuzz $t: seeds and $runs runs" \
		    "$(grep -E 'ERROR|SUMMARY' "$T/err" | head -3)"; fi
	done
}

fuzz_check
