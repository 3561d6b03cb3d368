# database.sh - examples/database/Makefile on a tiny tree of three runs
# (100 frames each, cut from the bundled examples): the summary table, the
# database-wide products, provenance, incremental rebuilds, make -j2 = make
# -j1, every recipe routed through a stand-in srun, and METHOD.

DBMK=$PWD/examples/database/Makefile
TAB=$(printf '\t')

# dbmake ARGS...: the database Makefile in $T with the tools under test,
# untouched by the MAKEFLAGS of a make check that runs this script.
dbmake() {
	(cd "$T" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    make -f "$DBMK" RUNS=runs HOPTOOLS_BIN="$BIN" "$@")
}

make_tree() {
	cut_run examples/caf2-1600K "$T/runs/halide/CaF2/1600K" 100
	cut_run examples/caf2-1000K "$T/runs/halide/CaF2/1000K" 100
	cut_run examples/database/runs/li/SYNTHETIC-toy/1000K \
	    "$T/runs/li/toy/1000K" 100
}

# col NAME ROWPATTERN: a column of summary.tsv by name, for the row whose
# run column ends with ROWPATTERN.
col() {
	awk -F '\t' -v c="$1" -v r="$2" '
		/^#/ { next }
		NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
		$NF ~ r "$" { print $k[c] }' "$T/out/summary.tsv"
}

t_build() {
	rc=0
	dbmake -j2 OUT=out >"$T/log" 2>&1 || rc=$?
	expect_rc "database: make -j2 on three runs" 0
	[ "$rc" = 0 ] || { sed 's/^/  /' "$T/log" | tail -n 20 >&2; return 1; }
	expect_eq "database: summary columns" "$(head -n 1 "$T/out/summary.tsv")" \
	    "family${TAB}material${TAB}T_K${TAB}species${TAB}ions${TAB}frames${TAB}dt_fs${TAB}hops${TAB}hop_rate_ps${TAB}length_A${TAB}duration_ps${TAB}wait_ps${TAB}D_self_cm2_s${TAB}dD_self_cm2_s${TAB}D_coll_cm2_s${TAB}dD_coll_cm2_s${TAB}haven${TAB}dhaven${TAB}sigma_S_cm${TAB}dsigma_S_cm${TAB}P_N2${TAB}D_flags${TAB}run"
	expect_eq "database: a row per run, sorted" \
	    "$(grep -v '^#' "$T/out/summary.tsv" | tail -n +2 | cut -f1-4 | tr '\t\n' ', ')" \
	    "halide,CaF2,1000,F halide,CaF2,1600,F li,toy,1000,Li "
	expect_eq "database: every row has 23 fields" \
	    "$(grep -v '^#' "$T/out/summary.tsv" | awk -F '\t' '{ print NF }' | sort -u)" 23
	expect_eq "database: ions and frames" \
	    "$(col ions 1600K) $(col frames 1600K) $(col dt_fs 1600K) $(col ions li/toy/1000K) $(col frames li/toy/1000K)" \
	    "216 100 10 24 100"
	# The row agrees with the run's own products.
	h=$("$BIN/hopcat" --hops "$T/out/halide/CaF2/1600K/hops.bin" | tail -n +2 | wc -l | tr -d ' ')
	expect_eq "database: hops = the run's hop records" "$(col hops 1600K)" "$h"
	near "database: hop rate = hops / (ions x 0.99 ps)" "$(col hop_rate_ps 1600K)" \
	    "$(awk -v h="$h" 'BEGIN { print h / (216 * 0.99) }')" 1e-6
	d=$(grep '^# D_self' "$T/out/halide/CaF2/1600K/msd.tsv" | sed 's/^# D_self_cm2_s=\([^ ]*\).*/\1/')
	expect_eq "database: D* = msd's" "$(col D_self_cm2_s 1600K)" "$d"
	if awk -v hot="$(col D_self_cm2_s 1600K)" -v cold="$(col D_self_cm2_s CaF2/1000K)" \
	    'BEGIN { exit !(hot > 1e-6 && hot < 1e-4 && hot > 5 * cold) }'; then
		pass "database: D*(1600 K) in 1e-6..1e-4 cm2/s, above 1000 K's"
	else fail "database: D*(1600 K) in 1e-6..1e-4 cm2/s, above 1000 K's" \
	    "$(col D_self_cm2_s 1600K) vs $(col D_self_cm2_s CaF2/1000K)"; fi
	# msd reads summary.tsv as it is: one material's rows, by column
	# names; these 1 ps cuts resolve no D, so it says why it cannot fit.
	rc=0
	"$BIN/msd" --arrhenius-table="$T/out/summary.tsv" >"$T/arr.out" \
	    2>"$T/err" || rc=$?
	expect_fail "database: msd -A summary.tsv wants one material" 1 \
	    "rows of several materials .*an Arrhenius fit is per material"
	rc=0
	"$BIN/msd" --arrhenius-table="$T/out/summary.tsv" --material=CaF2 \
	    >"$T/arr.out" 2>"$T/err" || rc=$?
	expect_fail "database: msd -A summary.tsv --material=CaF2 reads it and says why no fit" 1 \
	    "needs D\* resolved .* upper bounds: .*CaF2/1000K \(1000 K\)"
	if [ "$(col hops li/toy/1000K)" -gt 5 ] &&
	    awk -v l="$(col length_A li/toy/1000K)" 'BEGIN { exit !(l > 0.5 && l < 3) }'
	then pass "database: the toy run hops about its 1.0 A spacing"
	else fail "database: the toy run hops about its 1.0 A spacing" \
	    "hops $(col hops li/toy/1000K) length $(col length_A li/toy/1000K)"; fi
	expect_eq "database: no hops at 1000 K: no P(N=2), no length" \
	    "$(col hops CaF2/1000K) $(col P_N2 CaF2/1000K) $(col length_A CaF2/1000K)" \
	    "0 nan nan"

	expect_eq "database: P(N) per temperature" \
	    "$(grep '^# fit group=' "$T/out/correlations.tsv" | cut -d' ' -f3 | tr '\n' ' ')" \
	    "group=all group=T=1000K group=T=1600K "
	# ... and per material and temperature (CaF2 at 1000 K has no hops).
	expect_eq "database: P(N) of CaF2 per temperature" \
	    "$(grep '^# fit group=' "$T/out/correlations-CaF2.tsv" | cut -d' ' -f3 | tr '\n' ' ')" \
	    "group=all group=T=1600K "
	expect_eq "database: P(N) of toy per temperature" \
	    "$(grep '^# fit group=' "$T/out/correlations-toy.tsv" | cut -d' ' -f3 | tr '\n' ' ')" \
	    "group=all group=T=1000K "
	# No resolved D* in these cuts: each material's Arrhenius product
	# says why there is no fit, and there is no figure.
	for m in CaF2 toy; do
		if grep -q '^# no fit: fewer than two temperatures' "$T/out/arrhenius-$m.tsv" &&
		    grep -q '^# msd: .*needs D\* resolved' "$T/out/arrhenius-$m.tsv" &&
		    [ ! -e "$T/out/arrhenius-$m.svg" ]; then
			pass "database: arrhenius-$m.tsv says why no fit, no figure"
		else fail "database: arrhenius-$m.tsv says why no fit, no figure" \
		    "$(head -c 300 "$T/out/arrhenius-$m.tsv" 2>&1; ls "$T/out")"; fi
	done
	expect_eq "database: the method of OUT" "$(cat "$T/out/method.txt")" adaptive
	expect_eq "database: hop lengths per family" \
	    "$(grep -v '^#' "$T/out/lengths.tsv" | tail -n +2 | cut -f1 | sort -u | tr '\n' ' ')" \
	    "All halide li "
	expect_eq "database: descriptor correlations per family and all" \
	    "$(grep -v '^#' "$T/out/descriptors.tsv" | tail -n +2 | cut -f1 | uniq | tr '\n' ' ')" \
	    "halide li all "
	for f in correlations correlations-CaF2 correlations-toy lengths \
	    descriptors halide/CaF2/1600K/msd; do
		if xmllint --noout "$T/out/$f.svg" 2>/dev/null; then
			pass "database: $f.svg is XML"
		else fail "database: $f.svg is XML" "missing or not XML"; fi
	done
}

t_provenance() {
	"$BIN/hopcat" --header "$T/out/halide/CaF2/1600K/hops.bin" >"$T/head"
	expect_eq "database: hops.bin records its pipeline" \
	    "$(awk -F '\t' '$1 == "provenance" { print $2 }' "$T/head" | cut -d' ' -f1 | tr '\n' ' ')" \
	    "xdat2bin unwrap kmeans-hops "
	expect_eq "database: kmeans-hops ran on the mobile species" \
	    "$(grep -c 'kmeans-hops .*--species=F' "$T/head")" 1
	for f in summary correlations correlations-CaF2 arrhenius-CaF2 lengths \
	    descriptors halide/CaF2/1600K/msd halide/CaF2/1600K/hophist \
	    halide/CaF2/1600K/hopcorr; do
		if tail -n 1 "$T/out/$f.tsv" | grep -q '^# provenance: [a-z0-9]* (hoptools) 0.1.0: '; then
			pass "database: $f.tsv ends with its provenance"
		else fail "database: $f.tsv ends with its provenance" \
		    "$(tail -n 1 "$T/out/$f.tsv")"; fi
	done
	expect_eq "database: the figures carry their provenance" \
	    "$(cat "$T"/out/*.svg "$T/out/halide/CaF2/1600K/msd.svg" | grep -c '<metadata>provenance: ')" 6
	# Every program and command that made the summary: each run's
	# hops.bin pipeline, hophist, hopcorr and msd, then db.sh row.
	expect_eq "database: summary.tsv names every program" \
	    "$(grep '^# provenance: ' "$T/out/summary.tsv" | grep -o -e '[a-z0-9-]* 0\.1\.0' -e '[a-z]* (hoptools) 0\.1\.0' | sed 's/ .*//' | sort -u | tr '\n' ' ')" \
	    "hopcat hopcorr hophist kmeans-hops msd unwrap xdat2bin "
	expect_eq "database: ... for every run (4 lines each, and db.sh row's)" \
	    "$(grep -c '^# provenance: ' "$T/out/summary.tsv")" 13
	expect_eq "database: ... the hop finder with its method" \
	    "$(grep -c 'kmeans-hops [^|]*--mode=adaptive' "$T/out/summary.tsv")" 3
	expect_eq "database: correlations.tsv names the hops.bin pipelines" \
	    "$(grep -c '^# provenance: .*/hops\.bin: xdat2bin .* | unwrap .* | kmeans-hops ' "$T/out/correlations.tsv")" 3
	expect_eq "database: the Arrhenius product names summary.tsv's programs, then msd" \
	    "$(grep -c '^# provenance: summary\.tsv: ' "$T/out/arrhenius-CaF2.tsv") $(tail -n 1 "$T/out/arrhenius-CaF2.tsv" | grep -c 'msd (hoptools) 0.1.0: .*msd --arrhenius-table=out/summary.tsv --material=CaF2')" \
	    "13 1"
	if grep -q '<metadata>provenance: summary.tsv: ' "$T/out/descriptors.svg" &&
	    grep -q '^provenance: hopdesc (hoptools)' "$T/out/descriptors.svg"; then
		pass "database: descriptors.svg carries summary.tsv's provenance and hopdesc's"
	else fail "database: descriptors.svg carries summary.tsv's provenance and hopdesc's" \
	    "$(grep -A3 metadata "$T/out/descriptors.svg" | head -c 300)"; fi
}

t_incremental() {
	rc=0
	dbmake -q OUT=out || rc=$?
	expect_rc "database: up to date after a build (make -q)" 0
	# One run's trajectory changes: only its products and the database's.
	sleep 1
	touch "$T/runs/halide/CaF2/1000K/XDATCAR.gz"
	dbmake -n OUT=out >"$T/plan" 2>&1
	# What the plan writes: "> FILE" of every recipe.
	expect_eq "database: make -n remakes only the touched run" \
	    "$(grep -o '> out/[^ ]*/[0-9]*K/[^ ]*' "$T/plan" | sed 's|^> ||; s|/[^/]*$||' | sort -u | tr '\n' ' ')" \
	    "out/halide/CaF2/1000K "
	for p in summary correlations lengths descriptors; do
		expect_eq "database: make -n remakes $p.tsv" \
		    "$(grep -c "out/$p\.tsv\.tmp" "$T/plan" | awk '{ print ($1 > 0) }')" 1
	done
	touch "$T/stamp"
	sleep 1
	dbmake OUT=out >"$T/log" 2>&1
	expect_eq "database: rebuilt only the touched run's products" \
	    "$(cd "$T" && find out -newer stamp -type f | sed 's|/[^/]*$||' | sort -u | tr '\n' ' ')" \
	    "out out/halide/CaF2/1000K "
}

t_parallel() {
	rm -rf "$T/ref" && cp -r "$T/out" "$T/ref"
	rm -rf "$T/out"
	dbmake -j1 OUT=out >"$T/log" 2>&1
	cp -r "$T/out" "$T/j1"
	rm -rf "$T/out"
	dbmake -j2 OUT=out >"$T/log" 2>&1
	if diff -r "$T/j1" "$T/out" >"$T/diff"; then
		pass "database: make -j2 gives the outputs of make -j1"
	else fail "database: make -j2 gives the outputs of make -j1" \
	    "$(head -c 300 "$T/diff")"; fi
}

t_srun() {
	mkdir -p "$T/fake"
	# A stand-in for Slurm's srun: record the arguments, drop the options,
	# run the command.
	cat >"$T/fake/srun" <<EOS
#!/bin/sh
# One line per call (one write, as make -j2 runs two at once): a
# recipe's newlines become blanks.
line=\$(printf '%s' "\$*" | tr '\n' ' ')
printf '%s\n' "\$line" >> "$T/srun.log"
while [ \$# -gt 0 ]; do
	case \$1 in --*) shift ;; *) break ;; esac
done
exec "\$@"
EOS
	chmod +x "$T/fake/srun"
	rm -rf "$T/out" "$T/srun.log"
	rc=0
	PATH=$T/fake:$PATH dbmake -j2 OUT=out SRUN=srun THREADS=2 >"$T/log" 2>&1 || rc=$?
	expect_rc "database: make SRUN=srun with a stand-in srun" 0
	# 3 runs x 5 products (hops, msd, hophist, hopcorr, row) + method.txt,
	# summary, correlations, lengths, descriptors, 2 materials x
	# (arrhenius, correlations) + index.html.
	expect_eq "database: every recipe went through srun" \
	    "$(wc -l <"$T/srun.log" | tr -d ' ')" 25
	expect_eq "database: each as one single-task step" \
	    "$(grep -c '^--nodes=1 --ntasks=1 --cpus-per-task=2 --exact --quiet /bin/sh -ec ' "$T/srun.log")" 25
	expect_eq "database: THREADS reaches kmeans-hops" \
	    "$(grep -c 'kmeans-hops --jobs=2' "$T/srun.log")" 3
	# Same outputs as the local run, but for the thread count in the
	# provenance.
	if diff -r -I 'provenance: ' -x hops.bin -x msd.tsv -x msd.svg \
	    "$T/j1" "$T/out" >"$T/diff"; then
		pass "database: through srun, the same products"
	else fail "database: through srun, the same products" "$(head -c 300 "$T/diff")"; fi
}

t_broken() {
	mkdir -p "$T/runs/halide/CaF2/2000K"
	gzip -dc "$T/runs/halide/CaF2/1600K/XDATCAR.gz" | head -n 5000 |
	    gzip -1 >"$T/runs/halide/CaF2/2000K/XDATCAR.gz"
	cp "$T/runs/halide/CaF2/1600K/INCAR" "$T/runs/halide/CaF2/2000K/INCAR"
	rc=0
	dbmake -k OUT=out >"$T/log" 2>&1 || rc=$?
	expect_rc "database: a truncated run fails make" 2
	if grep -q 'xdat2bin: .*2000K/XDATCAR.gz:5001' "$T/log"; then
		pass "database: the failure names the run and line"
	else fail "database: the failure names the run and line" "$(grep -m2 2000K "$T/log")"; fi
	if [ -e "$T/out/halide/CaF2/2000K/hops.bin" ]; then
		fail "database: no half-made hops.bin" "it exists"
	else pass "database: no half-made hops.bin"; fi
	expect_eq "database: the summary is not remade from a broken run" \
	    "$(grep -c 2000K "$T/out/summary.tsv")" 0
	rm -rf "$T/runs/halide/CaF2/2000K"
}

# METHOD=reference beside the default adaptive, each in its own OUT.
t_method() {
	rc=0
	dbmake -j2 METHOD=reference OUT=out-ref >"$T/log" 2>"$T/err" || rc=$?
	expect_rc "database: METHOD=reference into another OUT" 0
	expect_eq "database: ... kmeans-hops ran in reference mode" \
	    "$(stream_field "$T/out-ref/halide/CaF2/1600K/hops.bin" provenance | grep -c -- '--mode=reference') $(cat "$T/out-ref/method.txt")" \
	    "1 reference"
	"$BIN/hopcat" --header "$T/out-ref/halide/CaF2/1600K/hops.bin" >"$T/head"
	expect_eq "database: ... its hops.bin records the method" \
	    "$(grep -c 'kmeans-hops .*--mode=reference' "$T/head")" 1
	rc=0
	dbmake METHOD=reference OUT=out >"$T/log" 2>"$T/err" || rc=$?
	expect_fail "database: METHOD=reference into adaptive's OUT is refused" 2 \
	    "OUT=out holds METHOD=adaptive products: give METHOD=reference an OUT of its own, or make clean first"
	expect_eq "database: ... nothing made" "$(cat "$T/log")" ""
	rc=0
	dbmake METHOD=fast OUT=out3 >"$T/log" 2>"$T/err" || rc=$?
	expect_fail "database: METHOD=fast is refused" 2 \
	    "METHOD=fast: expected adaptive or reference"
}

make_tree
if t_build; then
	t_provenance
	t_incremental
	t_parallel
	t_srun
	t_broken
	t_method
fi
