# slurm.sh - hoptools under a real Slurm: a one-node cluster on this
# machine (tests/slurm/cluster.sh: munged, slurmctld, slurmd on the
# loopback), then the database example made inside an sbatch allocation
# with every recipe an srun job step, against the same make run locally.
#
# Needs root and Debian's slurm-wlm and munge; otherwise it skips saying
# why (make check), or fails (make check-slurm sets HOP_SLURM_REQUIRED=1).
# Every daemon it starts is stopped by its process id, and its state
# removed, on exit, pass or fail.

. tests/slurm/cluster.sh
DBMK=$PWD/examples/database/Makefile

# waitjob ID SECONDS: wait until job ID has ended (polling: sbatch --wait
# polls only every few seconds), SECONDS at most; its state (each task's,
# once) in $jobstate.  A job left waiting for one that failed, or still
# running at the end, is cancelled; so is the wait when slurmctld stops
# answering.
waitjob() {
	_end=$(($(date +%s) + $2))
	_bad=0
	while :; do
		if ! _info=$(scontrol show job "$1" 2>&1); then
			_bad=$((_bad + 1))
			if [ $_bad -ge 3 ]; then
				jobstate="unknown (scontrol: $_info)"
				return 1
			fi
		fi
		jobstate=$(printf '%s\n' "$_info" |
		    sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | sort -u | tr '\n' ' ')
		jobstate=${jobstate% }
		if printf '%s\n' "$_info" | grep -q 'Reason=DependencyNeverSatisfied'; then
			jobstate="$jobstate (DependencyNeverSatisfied)"
			scancel "$1" 2>/dev/null
			return 1
		fi
		case $jobstate in
		*PENDING* | *RUNNING* | *CONFIGURING* | *COMPLETING* | '') ;;
		*) return 0 ;;
		esac
		if [ "$(date +%s)" -ge $_end ]; then
			jobstate="still ${jobstate:-unknown} after $2 s"
			scancel "$1" 2>/dev/null
			return 1
		fi
		sleep 0.2
	done
}

# The database Makefile made locally (make -j2) and inside one sbatch
# allocation of 2 CPUs with SRUN=srun: every recipe one job step, the
# products the same, byte for byte (the two trees are made from sibling
# folders with the same relative RUNS and OUT, so even the provenance
# lines agree).
t_database() {
	cut_run examples/caf2-1600K "$T/db/runs/halide/CaF2/1600K" 50
	cut_run examples/caf2-1000K "$T/db/runs/halide/CaF2/1000K" 50
	cut_run examples/database/runs/li/SYNTHETIC-toy/1000K \
	    "$T/db/runs/li/toy/1000K" 50
	mkdir -p "$T/db/local" "$T/db/slurm"
	rc=0
	(cd "$T/db/local" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    make -j2 -f "$DBMK" RUNS=../runs OUT=out HOPTOOLS_BIN="$BIN") \
	    >"$T/out" 2>"$T/err" || rc=$?
	expect_rc "slurm database: the local make" 0
	jid=$(cd "$T/db/slurm" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    sbatch --parsable --ntasks=2 --time=10 --output=make.log \
	    --job-name=hop-database --wrap "make -j2 -f $DBMK RUNS=../runs OUT=out HOPTOOLS_BIN=$BIN SRUN=srun" 2>"$T/err")
	if [ -z "$jid" ]; then
		fail "slurm database: sbatch" "$(cat "$T/err")"
		return
	fi
	waitjob "$jid" 120
	expect_eq "slurm database: make SRUN=srun in an sbatch job completes" \
	    "$jobstate" COMPLETED
	[ "$jobstate" = COMPLETED ] || { tail -n 20 "$T/db/slurm/make.log" >&2; return; }
	# Each recipe a job step of that job: slurmd logs each launch.
	expect_eq "slurm database: each of the 25 recipes ran as a job step" \
	    "$(grep -c "launch task StepId=$jid\.[0-9]* " "$SLURM_DIR/slurmd.log")" 25
	# make -j2 in 2 CPUs: two steps at once (slurmd's log shows when a
	# step starts and when its slurmstepd ends, which may be after the
	# next one starts: so "at least two", not "never more").
	expect_eq "slurm database: two steps ran at once" \
	    "$(awk -v j="$jid" '
		$0 ~ "launch task StepId=" j "\\." { n++; if (n > m) m = n }
		$0 ~ "\\[" j "\\.[0-9]+\\] done with job" { n-- }
		END { print (m >= 2) }' "$SLURM_DIR/slurmd.log")" 1
	if diff -r "$T/db/local/out" "$T/db/slurm/out" >"$T/diff"; then
		pass "slurm database: the products equal the local run's"
	else fail "slurm database: the products equal the local run's" \
	    "$(head -c 400 "$T/diff")"; fi
	expect_eq "slurm database: ... which are all there" \
	    "$(cd "$T/db/slurm/out" && find . -type f | wc -l | tr -d ' ')" 33
}

# jobfield JOB FIELD: FIELD=VALUE of scontrol show job, each task's, one
# a line.
jobfield() {
	scontrol show job "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# One run split by atoms as a user runs it on a cluster: exactly
# examples/cluster/split-run.sh (hopsplit in one job, the parts' curves
# and then their hops and MSD sums as job arrays, a dependent merge), on
# CaF2 at 1600 K (324 atoms, its first 300 frames) in 2 parts, against one process
# on the whole run; and the same Makefile run locally with make -j2.
t_split() {
	d=$T/split
	mkdir -p "$d"
	"$BIN/xdat2bin" --incar=examples/caf2-1600K/INCAR --last=299 \
	    examples/caf2-1600K/XDATCAR.gz | "$BIN/unwrap" >"$d/run.bin"
	"$BIN/kmeans-hops" -q --mode=adaptive "$d/run.bin" >"$d/whole.bin"
	"$BIN/msd" -q --no-drift --json="$d/whole.json" "$d/run.bin" >"$d/whole.tsv"
	rc=0
	PARTS=2 MEMORY=400M TIME=10 HOPTOOLS_BIN=$BIN \
	    sh examples/cluster/split-run.sh "$d/run.bin" "$d/out" \
	    >"$T/out" 2>"$T/err" || rc=$?
	expect_rc "slurm split: split-run.sh submits" 0
	merge=$(cat "$T/out")
	set -- $(sed -n 's/^split-run.sh: split \([0-9]*\), curves \([0-9]*\) (array 0-1), parts \([0-9]*\) (array 0-1), merge \([0-9]*\)$/\1 \2 \3 \4/p' "$T/err")
	expect_eq "slurm split: it names its 4 jobs, the last on stdout" \
	    "$# ${4:-}" "4 $merge"
	[ $# = 4 ] && [ -n "$merge" ] || return
	waitjob "$merge" 150
	expect_eq "slurm split: the merge job completes" "$jobstate" COMPLETED
	if [ "$jobstate" != COMPLETED ]; then
		for f in "$d"/out/slurm-*.out; do
			echo "--- $f:"; tail -n 5 "$f"
		done >&2
		return
	fi
	expect_eq "slurm split: ... after every job and task completed" \
	    "$(for j in "$@"; do jobfield "$j" JobState; done | sort | uniq -c | tr -s ' ')" \
	    " 6 COMPLETED"
	expect_eq "slurm split: ... two tasks in each array" \
	    "$(jobfield "$2" ArrayTaskId | sort | tr '\n' ' ')$(jobfield "$3" ArrayTaskId | sort | tr '\n' ' ')" \
	    "0 1 0 1 "
	# afterok: each job started after the last task before it ended.
	ends() { jobfield "$1" EndTime | sort | tail -n 1; }
	starts() { jobfield "$1" StartTime | sort | head -n 1; }
	if [ "$(starts "$2")" \> "$(ends "$1")" ] || [ "$(starts "$2")" = "$(ends "$1")" ]; then
		ok=1; else ok=0; fi
	for p in "$2 $3" "$3 $4"; do
		set -- $p
		[ "$(starts "$2")" \< "$(ends "$1")" ] && ok=0
	done
	expect_eq "slurm split: ... each job started after the jobs it waits for ended" "$ok" 1
	expect_eq "slurm split: ... with its own limits" \
	    "$(jobfield "$merge" TimeLimit) $(jobfield "$merge" MinMemoryNode)" "00:10:00 400M"
	same_stream "slurm split: hops merged from 2 parts = one process" \
	    "$d/whole.bin" "$d/out/hops.bin"
	h=$("$BIN/hopcat" --hops "$d/whole.bin" | tail -n +2 | wc -l | tr -d ' ')
	if [ "$h" -gt 20 ]; then pass "slurm split: the run has hops ($h)"
	else fail "slurm split: the run has hops" "$h hops"; fi
	# msd --reduce equals msd to rounding: 1e-9 relative.
	same_transport "slurm split: msd --reduce = msd on the whole run" \
	    "$d/whole.json" "$d/out/msd.json" 1e-9
	# The same recipe on this machine with make -j2.
	rc=0
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -j2 \
	    -f examples/cluster/Makefile RUN="$d/run.bin" OUT="$d/local" \
	    PARTS=2 HOPTOOLS_BIN="$BIN" >"$T/out" 2>"$T/err" || rc=$?
	expect_rc "slurm split: the same Makefile with make -j2" 0
	same_stream "slurm split: make -j2 = the Slurm jobs" \
	    "$d/out/hops.bin" "$d/local/hops.bin"
	grep -v '^# provenance' "$d/out/msd.tsv" >"$T/m.a"
	grep -v '^# provenance' "$d/local/msd.tsv" >"$T/m.b"
	expect_same "slurm split: ... the same msd.tsv, provenance aside" \
	    "$T/m.a" "$T/m.b"
}

# The network mode's split under Slurm: the parts pool their positions
# (a job array), one job finds the candidate sites, the parts count their
# visits (an array), one job prunes them to the sites, the parts find
# their hops on those sites (an array), the merge: 7 jobs, the hops equal
# one process's on the whole run.
t_split_network() {
	d=$T/splitnet
	mkdir -p "$d"
	"$BIN/xdat2bin" --incar=examples/caf2-1600K/INCAR --last=299 \
	    examples/caf2-1600K/XDATCAR.gz | "$BIN/unwrap" >"$d/run.bin"
	"$BIN/kmeans-hops" -q --mode=network "$d/run.bin" >"$d/whole.bin"
	"$BIN/kmeans-hops" -q --mode=network --sites-out="$d/whole.sites" \
	    "$d/run.bin"
	rc=0
	PARTS=2 MODE=network MEMORY=400M TIME=10 HOPTOOLS_BIN=$BIN \
	    sh examples/cluster/split-run.sh "$d/run.bin" "$d/out" \
	    >"$T/out" 2>"$T/err" || rc=$?
	expect_rc "slurm split, network: split-run.sh submits" 0
	merge=$(cat "$T/out")
	set -- $(sed -n 's/^split-run.sh: split \([0-9]*\), pools \([0-9]*\) (array 0-1), candidates \([0-9]*\), visits \([0-9]*\) (array 0-1), sites \([0-9]*\), parts \([0-9]*\) (array 0-1), merge \([0-9]*\)$/\1 \2 \3 \4 \5 \6 \7/p' "$T/err")
	expect_eq "slurm split, network: it names its 7 jobs, the last on stdout" \
	    "$# ${7:-}" "7 $merge"
	[ $# = 7 ] && [ -n "$merge" ] || return
	waitjob "$merge" 200
	expect_eq "slurm split, network: the merge job completes" "$jobstate" \
	    COMPLETED
	if [ "$jobstate" != COMPLETED ]; then
		for f in "$d"/out/slurm-*.out; do
			echo "--- $f:"; tail -n 5 "$f"
		done >&2
		return
	fi
	expect_eq "slurm split, network: ... after every job and task completed" \
	    "$(for j in "$@"; do jobfield "$j" JobState; done | sort | uniq -c | tr -s ' ')" \
	    " 10 COMPLETED"
	expect_same "slurm split, network: the parts' sites = one process's" \
	    "$d/whole.sites" "$d/out/sites.bin"
	same_stream "slurm split, network: hops merged from 2 parts = one process" \
	    "$d/whole.bin" "$d/out/hops.bin"
	h=$("$BIN/hopcat" --hops "$d/whole.bin" | tail -n +2 | wc -l | tr -d ' ')
	if [ "$h" -gt 20 ]; then pass "slurm split, network: the run has hops ($h)"
	else fail "slurm split, network: the run has hops" "$h hops"; fi
}

# A job that fails stops the ones that wait for it: a hop stream is not
# a run to split (MODE=reference: no curves, 3 jobs).
t_split_fails() {
	d=$T/split
	rc=0
	PARTS=2 MODE=reference HOPTOOLS_BIN=$BIN \
	    sh examples/cluster/split-run.sh "$d/whole.bin" "$d/bad" \
	    >"$T/out" 2>"$T/err" || rc=$?
	expect_rc "slurm split, failing: submitted" 0
	set -- $(sed -n 's/^split-run.sh: split \([0-9]*\), parts \([0-9]*\) (array 0-1), merge \([0-9]*\)$/\1 \2 \3/p' "$T/err")
	expect_eq "slurm split, failing: MODE=reference: 3 jobs, no curves" \
	    "$# ${3:-}" "3 $(cat "$T/out")"
	[ $# = 3 ] || return
	waitjob "$1" 60
	expect_eq "slurm split, failing: the split job fails" "$jobstate" FAILED
	# The parts never start (the split failed), nor the merge after them.
	waitjob "$2" 30
	expect_eq "slurm split, failing: the parts never start" "$jobstate" \
	    "PENDING (DependencyNeverSatisfied)"
	expect_eq "slurm split, failing: ... nor the merge" \
	    "$(jobfield "$3" JobState)" PENDING
	scancel "$3" 2>/dev/null
	if grep -q 'hopsplit: .*whole.bin.*' "$d"/bad/slurm-hop-split-"$1".out &&
	    [ ! -e "$d/bad/hops.bin" ]; then
		pass "slurm split, failing: the job's log says why; no hops.bin"
	else fail "slurm split, failing: the job's log says why; no hops.bin" \
	    "$(cat "$d"/bad/slurm-hop-split-"$1".out; ls "$d/bad")"; fi
}

# split-run.sh's refusals, before it submits anything.
t_split_usage() {
	for c in "PARTS=0|PARTS=0: expected a whole number of parts, 1 or more" \
	    "PARTS=x|PARTS=x: expected a whole number of parts, 1 or more" \
	    "MODE=fast|MODE=fast: expected adaptive, reference or network"; do
		rc=0
		env "${c%%|*}" sh examples/cluster/split-run.sh "$T/none.bin" \
		    "$T/o" >"$T/out" 2>"$T/err" || rc=$?
		expect_fail "split-run.sh ${c%%|*} refused" 2 "^split-run.sh: ${c#*|}\$"
	done
	rc=0
	sh examples/cluster/split-run.sh "$T/a b.bin" "$T/o" >"$T/out" \
	    2>"$T/err" || rc=$?
	expect_fail "split-run.sh: a path with a blank refused" 2 \
	    "^split-run.sh: '.*/a b.bin': paths of letters, digits and \. _ \+ - @ , / only \(not first -\)\$"
	rc=0
	sh examples/cluster/split-run.sh "$T/none.bin" "$T/o" >"$T/out" \
	    2>"$T/err" || rc=$?
	expect_fail "split-run.sh: a missing run refused" 1 \
	    "^split-run.sh: .*/none.bin: no such file\$"
}

t_split_usage
if [ "${HOP_SLURM_REQUIRED:-0}" = 1 ]; then missing=fail; else missing=skip; fi
if ! why=$(cluster_can); then
	$missing "slurm: a one-node cluster on this machine" "$why"
else
	SLURM_DIR=$T/cluster
	trap 'cluster_stop "$SLURM_DIR"' EXIT
	trap 'cluster_stop "$SLURM_DIR"; exit 1' INT TERM HUP
	if cluster_start "$SLURM_DIR" >"$T/why" 2>&1; then
		pass "slurm: munged, slurmctld and slurmd up, the node idle"
		t_database
		if [ -x "$BIN/hopsplit" ]; then
			t_split
			t_split_network
			t_split_fails
		else
			$missing "slurm split" "hopsplit is not built here"
		fi
	else
		fail "slurm: munged, slurmctld and slurmd up, the node idle" \
		    "$(cat "$T/why")"
	fi
	pids=$(awk '{ print $1 }' "$SLURM_DIR/pids" 2>/dev/null)
	cluster_stop "$SLURM_DIR"
	trap - EXIT INT TERM HUP
	# No daemon it started, no process naming its folder, no job process
	# of its cluster is left.
	left=$(for p in $pids; do kill -0 "$p" 2>/dev/null && echo "$p"; done
	    ps -eo pid=,args= | awk -v d="$SLURM_DIR" 'index($0, d) && !/awk/'
	    cluster_leftovers "$SLURM_DIR")
	expect_eq "slurm: every daemon stopped, its state removed" \
	    "${left:-none} $(test -e "$SLURM_DIR" && echo left || echo gone)" \
	    "none gone"
fi
