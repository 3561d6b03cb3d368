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
# polls only every few seconds); its state in $jobstate.
waitjob() {
	_n=0
	while :; do
		jobstate=$(scontrol show job "$1" 2>/dev/null |
		    sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | sort -u | tr '\n' ' ')
		case $jobstate in
		*PENDING* | *RUNNING* | *CONFIGURING* | *COMPLETING* | '') ;;
		*) jobstate=${jobstate% }; return 0 ;;
		esac
		_n=$((_n + 1))
		if [ $_n -gt $(($2 * 5)) ]; then
			jobstate="still ${jobstate:-unknown} after $2 s"
			scancel "$1" 2>/dev/null
			return 1
		fi
		sleep 0.2
	done
}

# The database example's tiny tree of database.sh: two CaF2 runs and the
# synthetic Li run, 50 frames each.
cut_run() {
	mkdir -p "$2"
	gzip -dc "$1/XDATCAR.gz" | awk -v n="$3" '
		/^Direct configuration=/ && ++k > n { exit } { print }' |
	    gzip -1 >"$2/XDATCAR.gz"
	cp "$1/INCAR" "$2/INCAR"
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
	else
		fail "slurm: munged, slurmctld and slurmd up, the node idle" \
		    "$(cat "$T/why")"
	fi
	pids=$(awk '{ print $1 }' "$SLURM_DIR/pids" 2>/dev/null)
	cluster_stop "$SLURM_DIR"
	trap - EXIT INT TERM HUP
	# No daemon it started, and no process naming its folder, is left.
	left=$(for p in $pids; do kill -0 "$p" 2>/dev/null && echo "$p"; done
	    ps -eo pid=,args= | awk -v d="$SLURM_DIR" 'index($0, d) && !/awk/')
	expect_eq "slurm: every daemon stopped, its state removed" \
	    "${left:-none} $(test -e "$SLURM_DIR" && echo left || echo gone)" \
	    "none gone"
fi
