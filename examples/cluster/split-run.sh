#!/bin/sh
# split-run.sh - submit the split analysis of one run to Slurm: the
# targets of this folder's Makefile as jobs, each waiting for the ones it
# needs (--dependency=afterok), so that Slurm does the scheduling.
#
#   [PARTS=K] [MODE=adaptive|reference|network] [SPECIES=LIST] [PARTITION=NAME]
#   [TIME=LIMIT] [MEMORY=SIZE] [THREADS=N] [SBATCH_FLAGS=...]
#       sh split-run.sh RUN OUT
#
# RUN: the run's unwrapped frame stream (xdat2bin ... | unwrap > RUN);
# OUT: the folder of the parts and the products (OUT/hops.bin,
# OUT/msd.tsv, OUT/msd.json; see Makefile).  Both on a file system every
# node sees.  It submits
#   1. one job: make split (hopsplit: RUN read once, PARTS part files)
#   2. MODE=adaptive: a job array of PARTS tasks, make vib-I (the parts'
#      vibration curves), after job 1
#   2n. MODE=network instead: a job array make pool-I (the parts' pooled
#      positions), one job make candidates, a job array make visits-I,
#      one job make sites (the sites every part then uses), each after
#      the one before
#   3. a job array of PARTS tasks, make part-I (the part's hops and MSD
#      sums), after 2 (or 1)
#   4. one job: make merge (hopcat --merge, msd --reduce), after 3
# each with --partition=PARTITION, --time=TIME, --mem=MEMORY and
# --cpus-per-task=THREADS when set (else the site's defaults), and
# SBATCH_FLAGS (e.g. --account=...).  Each job's log is
# OUT/slurm-NAME-JOB.out (an array task's OUT/slurm-NAME-JOB_TASK.out).  It prints the job ids on standard error
# and the last job's on standard output, so that more work can wait for
# it: sbatch --dependency=afterok:$(sh split-run.sh run.bin out) ...
# If a job fails, the ones after it never start (scancel them, or they
# stay pending with reason DependencyNeverSatisfied); fix the cause and
# submit again: make remakes only what is missing.
#
# The tools come from HOPTOOLS_BIN (exported to the jobs) or the jobs'
# PATH.  Without Slurm, the same targets run with make -j or GNU
# parallel (README.md).
set -eu
prog=split-run.sh
die() { printf '%s: %s\n' "$prog" "$*" >&2; exit 2; }
[ $# -eq 2 ] || die "usage: [PARTS=K] [MODE=M] [PARTITION=P] [TIME=T] [MEMORY=M] sh split-run.sh RUN OUT"
here=$(cd "$(dirname "$0")" && pwd)
PARTS=${PARTS:-4}
MODE=${MODE:-adaptive}
case $PARTS in '' | *[!0-9]* | 0*) die "PARTS=$PARTS: expected a whole number of parts, 1 or more" ;; esac
case $MODE in adaptive | reference | network) ;; *) die "MODE=$MODE: expected adaptive, reference or network" ;; esac
for p in "$1" "$2" "$here"; do
	case $p in
	'' | -* | *[!A-Za-z0-9._+@,/-]*)
		die "'$p': paths of letters, digits and . _ + - @ , / only (not first -)" ;;
	esac
done
[ -f "$1" ] || { printf '%s: %s: no such file\n' "$prog" "$1" >&2; exit 1; }
command -v sbatch >/dev/null 2>&1 || { printf '%s: sbatch not found: is this a Slurm cluster?\n' "$prog" >&2; exit 1; }
mkdir -p "$2"
run=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$(cd "$2" && pwd)

mk="make -f $here/Makefile RUN=$run OUT=$out PARTS=$PARTS MODE=$MODE"
[ -n "${SPECIES:-}" ] && mk="$mk SPECIES=$SPECIES"
[ -n "${HOPTOOLS_BIN:-}" ] && export HOPTOOLS_BIN
# Every job: its limits and the rest of the user's flags.
set -- --parsable
[ -n "${PARTITION:-}" ] && set -- "$@" --partition="$PARTITION"
[ -n "${TIME:-}" ] && set -- "$@" --time="$TIME"
[ -n "${MEMORY:-}" ] && set -- "$@" --mem="$MEMORY"
[ -n "${THREADS:-}" ] && set -- "$@" --cpus-per-task="$THREADS"
# (SBATCH_FLAGS split at blanks, on purpose.)
# shellcheck disable=SC2086
set -- "$@" ${SBATCH_FLAGS:-}
last=$((PARTS - 1))

# sbatch's answer with --parsable is JOBID[;CLUSTER].
submit() {
	_id=$(sbatch "$@") || { printf '%s: sbatch failed\n' "$prog" >&2; exit 1; }
	printf '%s\n' "${_id%%;*}"
}
one=--output=$out/slurm-%x-%j.out
array=--output=$out/slurm-%x-%A_%a.out
split=$(submit "$@" "$one" --job-name=hop-split --wrap "$mk split")
after=$split
vib=
if [ "$MODE" = adaptive ]; then
	vib=$(submit "$@" "$array" --job-name=hop-vib --array=0-$last \
	    --dependency=afterok:$after --wrap "$mk vib-\$SLURM_ARRAY_TASK_ID")
	after=$vib
fi
net=
if [ "$MODE" = network ]; then
	pool=$(submit "$@" "$array" --job-name=hop-pool --array=0-$last \
	    --dependency=afterok:$after --wrap "$mk pool-\$SLURM_ARRAY_TASK_ID")
	cand=$(submit "$@" "$one" --job-name=hop-cand \
	    --dependency=afterok:$pool --wrap "$mk candidates")
	visits=$(submit "$@" "$array" --job-name=hop-visits --array=0-$last \
	    --dependency=afterok:$cand --wrap "$mk visits-\$SLURM_ARRAY_TASK_ID")
	sites=$(submit "$@" "$one" --job-name=hop-sites \
	    --dependency=afterok:$visits --wrap "$mk sites")
	after=$sites
	net=", pools $pool (array 0-$last), candidates $cand, visits $visits (array 0-$last), sites $sites"
fi
parts=$(submit "$@" "$array" --job-name=hop-part --array=0-$last \
    --dependency=afterok:$after --wrap "$mk part-\$SLURM_ARRAY_TASK_ID")
merge=$(submit "$@" "$one" --job-name=hop-merge --dependency=afterok:$parts \
    --wrap "$mk merge")
printf '%s: split %s%s%s, parts %s (array 0-%s), merge %s\n' "$prog" "$split" \
    "${vib:+, curves $vib (array 0-$last)}" "$net" "$parts" "$last" "$merge" >&2
printf '%s\n' "$merge"
