# tests/cli/faults.sh - a full disk, a closed pipe, an upstream killed in
# the middle of a pipeline, output files written whole or not at all, and
# byte-identical outputs for the same input on any thread count.

X=tests/files/xdatcar/good-vasp5.xdatcar

faults_setup() {
	"$HELPERS/gen-xdatcar" 20 300 >"$T/big.xdatcar"
	"$BIN/xdat2bin" --dt 10 "$T/big.xdatcar" >"$T/frac.hop"
	"$BIN/unwrap" "$T/frac.hop" >"$T/unw.hop"
	"$HELPERS/gen-traj" --frames 400 --seed 3 >"$T/traj.hop"
	"$BIN/kmeans-hops" -j 1 "$T/traj.hop" >"$T/hops.hop"
	printf 'family\tx\tD\na\t1\t2\na\t2\t4\na\t3\t5\n' >"$T/desc.tsv"
}

# Every tool writing to a full disk: exit 1 and a write error, never a
# silent success.
faults_full_disk() {
	for c in "xdat2bin --dt 1 $X" \
	    "lmp2bin --dt 1 tests/files/lammps/good-image.lammpstrj" \
	    "xyz2bin --dt 1 tests/files/xyz/good-ase.xyz" \
	    "unwrap $T/frac.hop" "kmeans-hops -j 1 $T/traj.hop" \
	    "hopcat --xyz $T/frac.hop" "msd $T/unw.hop" \
	    "hophist $T/hops.hop" "hopcorr $T/hops.hop" \
	    "hopdesc --descriptors x --targets D $T/desc.tsv"; do
		set -- $c
		tool=$1
		shift
		rc=0
		"$BIN/$tool" "$@" >/dev/full 2>"$T/err" || rc=$?
		expect_fail "full disk: $tool" 1 \
		    "^$tool: <stdout>: write error: No space left on device"
	done
	# --help and --version are output too.
	for tool in xdat2bin lmp2bin xyz2bin unwrap kmeans-hops hopcat msd \
	    hophist hopcorr hopdesc; do
		for opt in --help --version; do
			rc=0
			"$BIN/$tool" $opt >/dev/full 2>"$T/err" || rc=$?
			expect_fail "full disk: $tool $opt" 1 \
			    "^$tool: <stdout>: write error: No space left on device"
		done
	done
}

# A reader that stops early (head): the writers upstream end quietly on
# SIGPIPE, and the first lines are right.
faults_sigpipe() {
	sh_run "'$BIN/xdat2bin' --dt 10 '$T/big.xdatcar' | '$BIN/hopcat' --xyz | head -n 1"
	expect_eq "sigpipe: head gets the first line" "$(cat "$T/out")" 20
	expect_eq "sigpipe: nothing on stderr" "$(cat "$T/err")" ""
	# 141 = 128 + SIGPIPE from the writers; 0 if they had finished.
	case $rc in 0|141) pass "sigpipe: quiet exit ($rc)" ;;
	*) fail "sigpipe: quiet exit" "status $rc" ;; esac
	# With SIGPIPE ignored (as some shells and CI runners do), a clear
	# error and exit 1 instead.
	sh_run "trap '' PIPE; '$BIN/hopcat' --xyz '$T/frac.hop' | head -n 1"
	expect_fail "sigpipe ignored: hopcat reports the broken pipe" 1 \
	    "^hopcat: <stdout>: write error: Broken pipe"
}

# kill -9 of the writer in the middle of a pipeline: the reader reports
# the truncated stream and exits 1, and a pipefail pipeline fails.
faults_killed_upstream() {
	mkfifo "$T/feed" "$T/mid"
	# The converter waits for more input after 2.5 MB (the input thread
	# hands over 1 MiB chunks).
	"$HELPERS/gen-xdatcar" 50 2000 >"$T/huge.xdatcar"
	{ head -c 2500000 "$T/huge.xdatcar"; sleep 30; } >"$T/feed" &
	feeder=$!
	"$BIN/xdat2bin" --dt 10 "$T/feed" >"$T/mid" 2>/dev/null &
	writer=$!
	"$BIN/hopcat" --tsv <"$T/mid" >"$T/out" 2>"$T/err" &
	reader=$!
	sleep 1
	kill -9 $writer
	rc=0
	wait $reader || rc=$?
	kill $feeder 2>/dev/null
	wait $feeder $writer 2>/dev/null
	expect_fail "killed upstream: hopcat reports truncation" 1 \
	    "^hopcat: <stdin>: (truncated stream: no end marker after [0-9]+ records|record [0-9]+: truncated)"
	n=$(grep -c . "$T/out")
	if [ "$n" -gt 1 ]; then pass "killed upstream: frames before the cut were read"
	else fail "killed upstream: frames before the cut were read" "$n lines"; fi
	# The same through every stream reader, with pipefail.
	head -c 2000 "$T/unw.hop" >"$T/cut.hop"
	for tool in unwrap kmeans-hops msd; do
		src=$T/cut.hop
		[ $tool = unwrap ] && head -c 2000 "$T/frac.hop" >"$T/cutf.hop" &&
		    src=$T/cutf.hop
		sh_run "cat '$src' | '$BIN/$tool' | cat"
		expect_fail "truncated input: $tool in a pipefail pipeline" 1 \
		    "^$tool: <stdin>: (truncated|record [0-9]+: truncated)"
	done
	head -c 1000 "$T/hops.hop" >"$T/cuth.hop"
	for tool in hophist hopcorr; do
		sh_run "cat '$T/cuth.hop' | '$BIN/$tool' | cat"
		expect_fail "truncated input: $tool in a pipefail pipeline" 1 \
		    "^$tool: <stdin>: (truncated|record [0-9]+: truncated)"
	done
	sh_run "'$BIN/xdat2bin' --dt 1 tests/files/xdatcar/bad-truncated.xdatcar | '$BIN/unwrap' | '$BIN/kmeans-hops' | '$BIN/hophist'"
	expect_fail "pipefail: a bad XDATCAR fails the whole pipeline" 1 \
	    "xdat2bin: .*bad-truncated.xdatcar:18: file ends"
}

# Files are written whole or not at all: an SVG that cannot be written
# leaves no file and no temporary file; a failed run keeps the old file.
faults_outfiles() {
	run "$BIN/hophist" --svg "$T/nodir/h.svg" "$T/hops.hop"
	expect_fail "outfile: hophist --svg into a missing directory" 1 \
	    "^hophist: .*nodir"
	echo old >"$T/keep.svg"
	for tool in hophist hopcorr msd; do
		src=$T/cuth.hop
		[ $tool = msd ] && src=$T/cut.hop
		opt=--svg
		run "$BIN/$tool" $opt "$T/keep.svg" "$src"
		expect_eq "outfile: failed $tool keeps the old file" \
		    "$rc $(cat "$T/keep.svg")" "1 old"
	done
	run "$BIN/hophist" --svg "$T/new.svg" "$T/hops.hop"
	expect_eq "outfile: hophist writes the SVG whole" \
	    "$rc $(tail -n 1 "$T/new.svg")" "0 </svg>"
	left=$(ls "$T" | grep -v -E '^(big.xdatcar|huge.xdatcar|frac.hop|unw.hop|traj.hop|hops.hop|keep.svg|new.svg|out|err|feed|mid|cut.hop|cutf.hop|cuth.hop|desc.tsv)$')
	expect_eq "outfile: no temporary files left" "$left" ""
}

# An output file never replaces an input of the same run, whatever its
# name: the tool refuses with exit 1 and the input is left as it was
# (named as the operand, through a symbolic link, or as the file
# standard input was redirected from).
faults_input_outputs() {
	ln -sf hops.hop "$T/hops-link.hop"
	cp "$T/desc.tsv" "$T/desc-keep.tsv"
	cp "$T/hops.hop" "$T/hops-keep.hop"
	cp "$T/unw.hop" "$T/unw-keep.hop"
	cp "$T/traj.hop" "$T/traj-keep.hop"
	for c in "hophist --svg=@H @H" "hopcorr --svg=@H @H" \
	    "hopcorr --json=@L @H" "hopmech --json=@H @H" \
	    "hophist --json=@H - <@H" "msd --json=@U @U" \
	    "vanhove --svg=@U @U" "hopsites --chgcar=@R @R" \
	    "kmeans-hops --mode network --sites-out=@R @R" \
	    "hopdesc --descriptors x --targets D --svg=@D @D"; do
		cmd=$(printf '%s' "$c" | sed -e "s|@H|'$T/hops.hop'|g" \
		    -e "s|@L|'$T/hops-link.hop'|g" -e "s|@U|'$T/unw.hop'|g" \
		    -e "s|@R|'$T/traj.hop'|g" \
		    -e "s|@D|'$T/desc.tsv'|g")
		tool=${c%% *}
		sh_run "'$BIN/'$cmd >/dev/null"
		expect_fail "input as output: $c refused" 1 \
		    "^$tool: .*: is an input of this run: not writing over it"
	done
	cmp -s "$T/hops.hop" "$T/hops-keep.hop" &&
	    cmp -s "$T/unw.hop" "$T/unw-keep.hop" &&
	    cmp -s "$T/traj.hop" "$T/traj-keep.hop" &&
	    cmp -s "$T/desc.tsv" "$T/desc-keep.tsv"
	expect_eq "input as output: the inputs are intact" "$?" 0
	rm -f "$T/hops-link.hop" "$T/hops-keep.hop" "$T/unw-keep.hop" \
	    "$T/traj-keep.hop" "$T/desc-keep.tsv"
	left=$(ls "$T" | grep '\.tmp')
	expect_eq "input as output: no temporary files left" "$left" ""
}

# A signal that ends a tool while it writes files (kill, Slurm's time
# limit, a hangup; ^C is SIGINT, which a background job of sh ignores)
# removes their temporary files and leaves the old file; a signal
# ignored when the tool started (nohup) stays ignored; an error exit
# leaves no temporary file either.  hopsplit opens its outputs, then
# reads a fifo fed 300 kB, and more only once $T/sig/go exists.
faults_signals() {
	d=$T/sig
	if ! env --default-signal=HUP true 2>/dev/null; then
		skip "signals" "env(1) has no --default-signal (GNU coreutils 8.31)"
		return
	fi
	mkdir "$d"
	mkfifo "$d/feed"
	"$HELPERS/gen-traj" -S random -n 20 -f 3000 >"$d/in.hop"
	for s in TERM:143 HUP:129 ignored-HUP:0 error:1; do
		rm -f "$d/go" "$d/p.1.bin"
		echo old >"$d/p.0.bin"
		{
			head -c 300000 "$d/in.hop"
			[ $s = error:1 ] && exit 0
			while [ ! -e "$d/go" ]; do sleep 0.1; done
			tail -c +300001 "$d/in.hop"
		} >"$d/feed" &
		feeder=$!
		if [ $s = ignored-HUP:0 ]; then
			( trap '' HUP; exec "$BIN/hopsplit" -q --force \
			    --parts 2 -o "$d/p" "$d/feed" ) 2>"$T/err" &
		else
			# The signals at their defaults even where the tests
			# run under nohup (GNU env).
			env --default-signal=HUP,TERM "$BIN/hopsplit" -q \
			    --force --parts 2 -o "$d/p" "$d/feed" 2>"$T/err" &
		fi
		pid=$!
		i=0
		while [ $i -lt 300 ] && kill -0 $pid 2>/dev/null &&
		    ! ls "$d" | grep -q '^p\.1\.bin\.tmp'; do
			sleep 0.1
			i=$((i + 1))
		done
		case $s in
		TERM:*) kill -TERM $pid ;;
		*HUP:*) kill -HUP $pid ;;
		esac
		touch "$d/go"
		rc=0
		# (2>/dev/null: the shell's own "Terminated" note.)
		wait $pid 2>/dev/null || rc=$?
		wait $feeder 2>/dev/null
		want=${s#*:}
		files=$(ls "$d" | grep -v -E '^(feed|go|in.hop)$' | tr '\n' ' ')
		case $s in
		ignored-HUP:*) expect_eq "signal: an ignored SIGHUP stays ignored, the run finishes" \
		    "$rc $files" "0 p.0.bin p.1.bin " ;;
		*) expect_eq "signal: ${s%:*} ends hopsplit ($want), no temporary file left, the old file kept" \
		    "$rc $files$(cat "$d/p.0.bin")" "$want p.0.bin old" ;;
		esac
	done
}

# The same input and seed give byte-identical output on every run and
# thread count; only the provenance (the command line) may differ.
faults_determinism() {
	"$BIN/xdat2bin" --dt 10 "$T/big.xdatcar" >"$T/a.hop"
	"$BIN/xdat2bin" --dt 10 "$T/big.xdatcar" >"$T/b.hop"
	expect_same "determinism: xdat2bin twice" \
	    "$T/a.hop" "$T/b.hop"
	# 5 threads: more than the atoms per thread divide evenly, and than
	# the cores.
	"$BIN/kmeans-hops" -j 1 "$T/traj.hop" >"$T/a.hop"
	for j in 5 2; do
		"$BIN/kmeans-hops" -j $j "$T/traj.hop" >"$T/b.hop"
		for m in --hops --atom-table; do
			"$BIN/hopcat" $m "$T/a.hop" >"$T/a.txt"
			"$BIN/hopcat" $m "$T/b.hop" >"$T/b.txt"
			expect_same "determinism: kmeans-hops -j 1 and -j $j ($m)" \
			    "$T/a.txt" "$T/b.txt"
		done
	done
	"$BIN/hopcat" --header "$T/a.hop" | grep -v '^prov' >"$T/a.txt"
	"$BIN/hopcat" --header "$T/b.hop" | grep -v '^prov' >"$T/b.txt"
	expect_same "determinism: kmeans-hops headers but provenance" \
	    "$T/a.txt" "$T/b.txt"
	"$BIN/msd" --jobs 1 "$T/unw.hop" >"$T/a.txt"
	for j in 2 5; do
		"$BIN/msd" --jobs $j "$T/unw.hop" >"$T/b.txt"
		expect_same "determinism: msd --jobs 1 and $j" \
		    "$T/a.txt" "$T/b.txt"
	done
	"$BIN/hopcorr" --seed 7 "$T/hops.hop" >"$T/a.txt" 2>/dev/null
	"$BIN/hopcorr" --seed 7 "$T/hops.hop" >"$T/b.txt" 2>/dev/null
	expect_same "determinism: hopcorr --seed 7 twice" \
	    "$T/a.txt" "$T/b.txt"
	"$BIN/hophist" "$T/hops.hop" >"$T/a.txt"
	"$BIN/hophist" "$T/hops.hop" >"$T/b.txt"
	expect_same "determinism: hophist twice" \
	    "$T/a.txt" "$T/b.txt"
}

# A binary stream is not written to a terminal (script(1) gives the tool
# one): a usage error, as zstd does.
faults_terminal() {
	if ! command -v script >/dev/null 2>&1; then
		skip "terminal" "script(1) not installed"
		return
	fi
	for c in "xdat2bin --dt 1 $X" "unwrap $T/frac.hop" \
	    "kmeans-hops -j 1 $T/traj.hop"; do
		set -- $c
		tool=$1
		shift
		rc=0
		script -qec "'$BIN/$tool' $*" /dev/null >"$T/err" 2>&1 || rc=$?
		expect_fail "terminal: $tool refuses to write a stream" 2 \
		    "^$tool: standard output is a terminal"
	done
}

faults_setup
faults_full_disk
faults_terminal
faults_sigpipe
faults_killed_upstream
faults_outfiles
faults_input_outputs
faults_signals
faults_determinism
