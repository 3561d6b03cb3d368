# tests/slurm/cluster.sh - a one-node Slurm cluster on this machine, for
# the tests: sourced, it defines
#
#   cluster_can            whether one can start here (else prints why)
#   cluster_start DIR      munged, slurmctld and slurmd for localhost, all
#                          state under DIR (made, must not exist); waits
#                          until sinfo shows the node idle; exports
#                          SLURM_CONF.  Returns 1, saying why, on failure.
#   cluster_stop DIR       cancels the jobs left on it (by job id), stops
#                          every daemon cluster_start started, by the
#                          process id it recorded (never by name), and
#                          removes DIR; last, kills any process left
#                          whose environment names DIR's slurm.conf.
#                          Safe to call twice, or after a failed start.
#   cluster_leftovers DIR  those processes' ids
#
# The node: `hostname -s`, at 127.0.0.1, CPUS CPUs (default 2) and 2000 MB;
# one partition "hoptest"; no accounting, no cgroups (proctrack/linuxproc,
# task/none), daemons and jobs as root; every daemon listens on the
# loopback only, on ports found free when it starts.  Debian 12's
# slurm-wlm 22.05 and munge 0.5.15.

# cluster_can: root, and the daemons and client commands installed.
cluster_can() {
	if [ "$(id -u)" != 0 ]; then
		echo "needs root (slurmd starts jobs as their user)"
		return 1
	fi
	for _c in munged mungekey slurmctld slurmd sbatch srun sinfo scontrol; do
		if ! command -v $_c >/dev/null 2>&1 &&
		    ! [ -x /usr/sbin/$_c ]; then
			echo "$_c not installed (apt-get install slurm-wlm munge)"
			return 1
		fi
	done
	return 0
}

# _cluster_ports N: N TCP ports free on the loopback now, blank-separated.
_cluster_ports() {
	/usr/bin/python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

# _cluster_daemon DIR NAME CMD...: start CMD in the background, its output
# in DIR/NAME.out, its pid appended to DIR/pids.
_cluster_daemon() {
	_d=$1
	_n=$2
	shift 2
	"$@" >"$_d/$_n.out" 2>&1 &
	echo "$! $_n" >>"$_d/pids"
}

# _cluster_logs DIR: the end of every daemon log, for a failure message.
_cluster_logs() {
	for _l in "$1"/*.log "$1"/*.out; do
		[ -s "$_l" ] || continue
		echo "--- $(basename "$_l"):"
		tail -n 8 "$_l"
	done
}

cluster_start() {
	_d=$1
	mkdir "$_d" || return 1
	_d=$(cd "$_d" && pwd)
	chmod 0700 "$_d"
	: >"$_d/pids"
	PATH=$PATH:/usr/sbin
	mkdir -p "$_d/munge" "$_d/ctld" "$_d/spool"
	chmod 0700 "$_d/munge"
	mungekey --create --keyfile="$_d/munge/munge.key" >"$_d/mungekey.out" 2>&1 || {
		echo "mungekey failed: $(cat "$_d/mungekey.out")"; return 1; }
	# munged forks into the background; its pid file names it.
	munged --force --socket="$_d/munge/socket" \
	    --key-file="$_d/munge/munge.key" --pid-file="$_d/munge/munged.pid" \
	    --log-file="$_d/munged.log" --seed-file="$_d/munge/seed" \
	    >"$_d/munged.out" 2>&1 || {
		echo "munged failed: $(cat "$_d/munged.out" "$_d/munged.log" 2>/dev/null)"
		return 1; }
	echo "$(cat "$_d/munge/munged.pid") munged" >>"$_d/pids"
	_host=$(hostname -s)
	set -- $(_cluster_ports 2)
	cat >"$_d/slurm.conf" <<CONF
ClusterName=hoptest
SlurmctldHost=$_host(127.0.0.1)
SlurmctldPort=$1
SlurmdPort=$2
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$_d/munge/socket
StateSaveLocation=$_d/ctld
SlurmdSpoolDir=$_d/spool
SlurmctldPidFile=$_d/slurmctld.pid
SlurmdPidFile=$_d/slurmd.pid
SlurmctldLogFile=$_d/slurmctld.log
SlurmdLogFile=$_d/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=500
ReturnToService=2
MinJobAge=600
SchedulerType=sched/builtin
SchedulerParameters=sched_min_interval=100000
NodeName=$_host NodeAddr=127.0.0.1 NodeHostname=$_host CPUs=${CPUS:-2} RealMemory=2000 State=UNKNOWN
PartitionName=hoptest Nodes=$_host Default=YES MaxTime=INFINITE State=UP
CONF
	SLURM_CONF=$_d/slurm.conf
	export SLURM_CONF
	_cluster_daemon "$_d" slurmctld slurmctld -D -i -f "$_d/slurm.conf"
	_cluster_daemon "$_d" slurmd slurmd -D -f "$_d/slurm.conf" -N "$_host"
	# Up when the node is idle (a minute at most).
	_end=$(($(date +%s) + 60))
	while :; do
		_s=$(sinfo -h -n "$_host" -o %t 2>/dev/null)
		[ "$_s" = idle ] && return 0
		if [ "$(date +%s)" -ge $_end ]; then
			echo "the node is not idle after 60 s (sinfo: '$_s')"
			_cluster_logs "$_d"
			return 1
		fi
		sleep 0.5
	done
}

cluster_stop() {
	_d=$1
	[ -f "$_d/pids" ] || { rm -rf "$_d"; return 0; }
	# Jobs still there (a test interrupted) are cancelled first, through
	# this cluster's own slurmctld (slurmstepd outlives slurmd): by job id.
	if [ -f "$_d/slurm.conf" ] && kill -0 "$(awk '$2 == "slurmctld" { print $1 }' "$_d/pids")" 2>/dev/null; then
		_j=$(SLURM_CONF=$_d/slurm.conf squeue -h -o %A 2>/dev/null | sort -u)
		if [ -n "$_j" ]; then
			SLURM_CONF=$_d/slurm.conf scancel $_j 2>/dev/null
			_i=0
			while [ $_i -lt 50 ] && [ -n "$(SLURM_CONF=$_d/slurm.conf squeue -h -o %A 2>/dev/null)" ]; do
				sleep 0.2
				_i=$((_i + 1))
			done
		fi
	fi
	# Then slurmd, slurmctld and munged.
	for _n in slurmd slurmctld munged; do
		_p=$(awk -v n=$_n '$2 == n { print $1 }' "$_d/pids")
		[ -n "$_p" ] || continue
		kill -TERM "$_p" 2>/dev/null || continue
		_i=0
		while kill -0 "$_p" 2>/dev/null && [ $_i -lt 50 ]; do
			sleep 0.2
			_i=$((_i + 1))
		done
		kill -KILL "$_p" 2>/dev/null
		wait "$_p" 2>/dev/null
	done
	# Last, what slurmd could not end (when a daemon was killed before
	# this ran): slurmstepd and job processes carry this cluster's
	# SLURM_CONF in their environment.
	_left=$(cluster_leftovers "$_d")
	# shellcheck disable=SC2086
	[ -z "$_left" ] || kill -KILL $_left 2>/dev/null
	rm -rf "$_d"
}

# cluster_leftovers DIR: the ids of processes whose environment names
# DIR's slurm.conf (jobs and slurmstepd of that cluster), one a line.
cluster_leftovers() {
	(
		unset SLURM_CONF
		grep -lzxF "SLURM_CONF=$1/slurm.conf" /proc/[0-9]*/environ \
		    2>/dev/null | sed 's|^/proc/\([0-9]*\)/environ$|\1|'
	)
}
