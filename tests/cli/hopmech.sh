# hopmech.sh - mechanisms planted in a lattice run (gen-mech) are found
# with precision and recall >= 0.9 per class and beat the null model;
# independent walkers show no significant class; the groups equal an
# independent computation in Python (numpy + scipy connected components);
# IonDiff's N equals hopcorr's; --members, --sizes, --json, the figure;
# bad input; the CaF2 run at 1600 K end to end.

GEN=$HELPERS/gen-mech
PY=/usr/bin/python3
SCORE=${HELPERS%/build/rel/tests}/tests/helpers/mechscore.py
PYPATH=${HELPERS%/build/rel/tests}/python

# at_least NAME GOT MIN: GOT >= MIN, numerically.
at_least() {
	if awk -v g="$2" -v m="$3" 'BEGIN { exit !(g == g + 0 && g >= m) }'
	then pass "$1"; else fail "$1" "got $2, want at least $3"; fi
}

have_py() {
	[ -x "$PY" ] && "$PY" -c 'import numpy, scipy' 2>/dev/null
}

# Planted mechanisms: every class found one to one, and each correlated
# class significant against the null.
hopmech_planted() {
	"$GEN" -r 3 -L 10 -i 300 -f 6000 -t "$T/truth.tsv" >"$T/p.bin"
	run "$BIN/hopmech" --members --trials=200 "$T/p.bin"
	expect_rc "planted: --members exit 0" 0
	expect_eq "planted: --members header" "$(head -1 "$T/out" | cut -f1-9)" \
	    "$(printf 'run\tatom\tspecies\tstart\tend\tgroup\tsize\tgroup_hops\tclass')"
	cp "$T/out" "$T/members.tsv"
	expect_eq "planted: every hop listed once" \
	    "$(grep -vc '^#' "$T/members.tsv")" \
	    "$(($("$BIN/hopcat" --hops "$T/p.bin" | wc -l)))"
	if [ ! -x "$PY" ]; then
		skip "planted: precision and recall" "no $PY"
	else
		"$PY" "$SCORE" "$T/truth.tsv" "$T/members.tsv" >"$T/score"
		for c in isolated back-and-forth exchange knock-off string \
		    concerted; do
			line=$(awk -F '\t' -v c="$c" '$1 == c' "$T/score")
			expect_eq "planted: $c planted" \
			    "$(echo "$line" | cut -f2 | grep -c '^[1-9]')" 1
			at_least "planted: $c precision >= 0.9" \
			    "$(echo "$line" | cut -f5)" 0.9
			at_least "planted: $c recall >= 0.9" \
			    "$(echo "$line" | cut -f6)" 0.9
		done
	fi
	run "$BIN/hopmech" --trials=1000 --cascade="$T/casc.tsv" \
	    --cascade-svg="$T/casc.svg" "$T/p.bin"
	expect_rc "planted: table exit 0" 0
	# Chains and pairs: nearest neighbours (3 A) within a hop's duration.
	at_least "planted: g(r, tau) of neighbours at short lags" \
	    "$(awk -F '\t' '$2 == "2.2500" && $4 == 0 { print $10 }' "$T/casc.tsv")" 10
	expect_eq "planted: that bin significant" \
	    "$(awk -F '\t' '$2 == "2.2500" && $4 == 0 { print $13 }' "$T/casc.tsv")" yes
	expect_eq "planted: the heat map's axes and colour bar" \
	    "$(grep -c 'r (Å)\|τ (ps)\|ratio to null' "$T/casc.svg")" 3
	for c in exchange knock-off string concerted; do
		expect_eq "planted: $c significant" \
		    "$(awk -F '\t' -v c="$c" '$2 == c { print $14 }' "$T/out")" yes
	done
	# Lone ions going out and back are kept by the null model.
	expect_eq "planted: back-and-forth of lone ions not significant" \
	    "$(awk -F '\t' '$2 == "back-and-forth" { print $14 }' "$T/out")" no
	expect_eq "planted: every row's T_K is the run's temperature" \
	    "$(awk -F '\t' 'NR > 1 && !/^#/ { print $15 }' "$T/out" | sort -u)" \
	    "$("$BIN/hopcat" -H "$T/p.bin" | awk -F '\t' '$1 == "temperature_K" { print $2 }')"
	# The defaults follow the lattice: spacing 3 A, hops of 8 frames.
	expect_eq "planted: defaults from the data" \
	    "$(grep -o 'site_separation_A=[^ ]* cutoff_A=[^ ]* lag_frames=[^ ]* match_A=[^ ]*' "$T/out")" \
	    "site_separation_A=3 cutoff_A=4.5 lag_frames=8 match_A=1.5"
	# Rates: groups / (6000 frames x 10 fs = 60 ps), and per ion / 300.
	awk -F '\t' '$2 == "concerted" { print $3, $7, $8 }' "$T/out" >"$T/r"
	read -r n rate per <"$T/r"
	rel_near "planted: rate per ps" "$rate" "$(echo "$n" | awk '{ print $1 / 60 }')" 1e-5
	rel_near "planted: rate per ps per ion" "$per" "$(echo "$n" | awk '{ print $1 / 60 / 300 }')" 1e-5
	# The same seed, the same output; another seed, other p-values only.
	run "$BIN/hopmech" --trials=200 "$T/p.bin"
	cp "$T/out" "$T/again"
	"$BIN/hopmech" --trials=200 "$T/p.bin" >"$T/first" 2>/dev/null
	expect_same "planted: reproducible" "$T/first" "$T/again"
}

# Independent walkers: nothing beats the null, and the groups equal a
# direct computation of the links in Python.
hopmech_uncorrelated() {
	"$GEN" -u -r 11 -L 10 -i 300 -f 6000 >"$T/u.bin"
	run "$BIN/hopmech" --trials=300 --cascade="$T/casc.tsv" "$T/u.bin"
	expect_rc "uncorrelated: exit 0" 0
	expect_eq "uncorrelated: no g(r, tau) bin significant" \
	    "$(awk -F '\t' 'NR > 1 && $13 == "yes"' "$T/casc.tsv" | wc -l)" 0
	expect_eq "uncorrelated: 8 x 9 bins (taumax 80: tau bins of 9 frames to 80)" \
	    "$(awk 'NR > 1' "$T/casc.tsv" | wc -l)" 72
	expect_eq "uncorrelated: no class significant" \
	    "$(awk -F '\t' 'NR > 1 && !/^#/ && $14 == "yes"' "$T/out" | wc -l)" 0
	expect_eq "uncorrelated: six classes tested" \
	    "$(awk -F '\t' 'NR > 1 && !/^#/ && ($14 == "yes" || $14 == "no")' "$T/out" | wc -l)" 6
	if ! have_py; then
		skip "uncorrelated: groups against Python" "no $PY with numpy and scipy"
		return 0
	fi
	"$BIN/hopmech" --members --trials=0 "$T/u.bin" >"$T/um.tsv" 2>/dev/null
	cat >"$T/groups.py" <<'EOF'
import sys
import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
sys.path.insert(0, sys.argv[3])
import hopstream
s = hopstream.read(sys.argv[1], pandas=False)
h = s.hops
L = np.diag(s.header["cell_A"])
p = np.stack([h["start_x_A"], h["start_y_A"], h["start_z_A"]], 1)
st = h["start"].astype(np.int64); en = h["end"].astype(np.int64)
d = np.sort(en - st); lag = d[(len(d) - 1) // 2]
sep = np.stack([h["to_x_A"] - h["from_x_A"], h["to_y_A"] - h["from_y_A"],
                h["to_z_A"] - h["from_z_A"]], 1)
sep = np.sqrt((sep ** 2).sum(1)); cut = 1.5 * np.median(sep[sep > 0])
rows, cols = [], []
for i in range(len(st)):
    t = (np.maximum(st[i], st) <= np.minimum(en[i], en) + lag)
    dv = p - p[i]; dv -= L * np.round(dv / L)
    near = np.sqrt((dv ** 2).sum(1)) <= cut
    j = np.nonzero(t & near)[0]
    rows += [i] * len(j); cols += list(j)
n = len(st)
g = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
nc, lab = connected_components(g, directed=False)
mine = {}
for line in open(sys.argv[2]):
    if line.startswith(("run", "#")):
        continue
    f = line.split("\t")
    mine[(int(f[1]), int(f[3]))] = int(f[5])
key = [(int(a), int(b)) for a, b in zip(h["atom"], st)]
m = np.array([mine[k] for k in key])
# The same partition: each Python component maps to one group and back.
same = all(len(set(m[lab == c])) == 1 for c in range(nc)) and \
    len(set(m)) == nc
print(nc, "same" if same else "differ")
EOF
	cat >>"$T/groups.py" <<'EOF'
# g(r, tau)'s pairs: different ions, |ds| <= 80 frames (10 x lag 8),
# r < 9 A (2 x cutoff 4.5), each pair once.
pairs = 0
for i in range(len(st)):
    j = np.arange(i + 1, len(st))
    dv = p[j] - p[i]; dv -= L * np.round(dv / L)
    r = np.sqrt((dv ** 2).sum(1))
    ok = (np.abs(st[j] - st[i]) <= 80) & (r < 9) & \
        (h["atom"][j] != h["atom"][i])
    pairs += int(ok.sum())
print(pairs)
EOF
	run "$PY" "$T/groups.py" "$T/u.bin" "$T/um.tsv" "$PYPATH"
	expect_eq "uncorrelated: g(r, tau) counts the pairs numpy counts" \
	    "$(awk -F '\t' 'NR > 1 { s += $8 } END { print s }' "$T/casc.tsv")" \
	    "$(sed -n 2p "$T/out")"
	sed -i 1q "$T/out"
	expect_eq "uncorrelated: groups equal scipy's connected components" \
	    "$(cut -d' ' -f2 "$T/out")" same
	expect_eq "uncorrelated: as many groups as scipy finds" \
	    "$(cut -d' ' -f1 "$T/out")" \
	    "$(grep -o ' groups=[0-9]*' "$T/um.tsv" | cut -d= -f2)"
}

# IonDiff's N per hop as hopcorr counts it, and --sizes / --json.
hopmech_sizes() {
	"$GEN" -r 5 -L 10 -i 300 -f 4000 -I 20 -c 10 -k 10 -s 4 -e 10 \
	    -b 10 >"$T/s.bin"
	run "$BIN/hopmech" --sizes --trials=50 "$T/s.bin"
	expect_rc "sizes: exit 0" 0
	expect_eq "sizes: header" "$(head -1 "$T/out")" \
	    "$(printf 'run\tN\thops_spatial\tprobability_spatial\thops_iondiff\tprobability_iondiff')"
	grep -v '^#' "$T/out" | awk -F '\t' 'NR > 1 && $5 > 0 { print $2 ":" $5 }' >"$T/mine"
	"$BIN/hopcorr" "$T/s.bin" 2>/dev/null |
	    awk -F '\t' '$1 == "all" && $3 > 0 { print $2 ":" $3 }' >"$T/theirs"
	expect_same "sizes: IonDiff's N equals hopcorr's" "$T/mine" "$T/theirs"
	expect_eq "sizes: spatial N over every hop" \
	    "$(grep -v '^#' "$T/out" | awk -F '\t' 'NR > 1 { s += $3 } END { print s }')" \
	    "$("$BIN/hopcat" --hops "$T/s.bin" | awk 'NR > 1' | wc -l)"
	run "$BIN/hopmech" --json=- --trials=50 "$T/s.bin"
	expect_rc "json: exit 0" 0
	if [ -x "$PY" ]; then
		"$BIN/hopmech" --trials=50 "$T/s.bin" >"$T/tab" 2>/dev/null
		expect_eq "json: the table's numbers" \
		    "$("$PY" -c '
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]
print(" ".join("%s:%d:%.6g" % (c["class"], c["groups"], c["p_value"] or -1)
               for c in r["classes"]))
# Mean N from the spatial counts by N.
n = r["hops_by_N_spatial"]
print("%.6g" % (sum(i * c for i, c in enumerate(n)) / sum(n)))' "$T/out")" \
		    "$(awk -F '\t' 'NR > 1 && !/^#/ { printf "%s%s:%d:%.6g", (NR > 2 ? " " : ""), $2, $3, ($12 == "nan" ? -1 : $12) } END { print "" }' "$T/tab")
$(grep -o ' mean_ions=[^ ]*' "$T/tab" | cut -d= -f2)"
	fi
	run "$BIN/hopmech" --trials=50 --svg="$T/m.svg" "$T/s.bin"
	expect_rc "svg: exit 0" 0
	expect_eq "svg: written, with both panels' labels" \
	    "$(grep -c 'N (ions in the hop' "$T/m.svg") $(grep -c 'groups (count)' "$T/m.svg")" "1 1"
}

# split_sum FILE WINDOW: the terms of --split at WINDOW summed.
split_sum() {
	awk -F '\t' -v w="$2" '$2 == w && $4 != "total" && !/^#/ { s += $5 }
	    END { printf "%.10g\n", s }' "$1"
}

# The split of the collective MSD adds up to msd's MSD_coll over the same
# window, on a planted run with its frames.
hopmech_split() {
	"$GEN" -r 3 -L 10 -i 300 -f 3000 -F "$T/pf.bin" >"$T/p.bin"
	run "$BIN/hopmech" --split --frames="$T/pf.bin" --window=100,700 \
	    --trials=20 "$T/p.bin"
	expect_rc "split: exit 0" 0
	cp "$T/out" "$T/split"
	"$BIN/msd" -q "$T/pf.bin" >"$T/msd" 2>/dev/null
	for w in 100 700; do
		want=$(awk -F '\t' -v l="$(echo "$w" | awk '{ print $1 / 100 }')" \
		    '$1 == l { print $4 }' "$T/msd")
		rel_near "split: terms add up to msd's MSD_coll, window $w" \
		    "$(split_sum "$T/split" "$w")" "$want" 1e-9
		rel_near "split: the total is msd's MSD_coll, window $w" \
		    "$(awk -F '\t' -v w="$w" '$2 == w && $4 == "total" { print $5 }' "$T/split")" \
		    "$want" 1e-9
	done
	# --xyz-group: a string group's frames as an extended XYZ movie: the
	# group's span and the lag either side, the group's ions marked, the
	# positions those of the frame stream, read back by ASE.
	run "$BIN/hopmech" --members --trials=0 "$T/p.bin"
	cp "$T/out" "$T/members"
	g=$(awk -F '\t' 'NR > 1 && $9 == "string" { print $6; exit }' "$T/members")
	lag=$(grep -o 'lag_frames=[0-9]*' "$T/members" | head -1 | cut -d= -f2)
	run "$BIN/hopmech" --xyz-group="$g" --frames="$T/pf.bin" --trials=0 \
	    "$T/p.bin"
	expect_rc "xyz-group: exit 0" 0
	if ! /usr/bin/python3 -c 'import ase' 2>/dev/null; then
		skip "xyz-group: read back by ASE" "no python3-ase"
	else
		cp "$T/out" "$T/g.xyz"
		run env PYTHONPATH=python /usr/bin/python3 - "$T/g.xyz" \
		    "$T/members" "$g" "$lag" "$T/pf.bin" <<'PY'
import sys
import ase.io
import numpy as np
import hopstream
xyz, members, g, lag, frames = sys.argv[1:6]
g, lag = int(g), int(lag)
rows = [l.rstrip("\n").split("\t") for l in open(members)
        if not l.startswith("#")][1:]
mine = [r for r in rows if int(r[5]) == g]
atoms = sorted({int(r[1]) for r in mine})
s0 = min(int(r[3]) for r in mine)
e1 = max(int(r[4]) for r in mine)
s = hopstream.read(frames, pandas=False)
first, last = max(0, s0 - lag), min(len(s.frames) - 1, e1 + lag)
m = ase.io.read(xyz, index=":")
bad = []
if len(m) != last - first + 1:
    bad.append("%d frames, want %d" % (len(m), last - first + 1))
hop = sorted(int(i) for i in m[0].arrays["orig_index"][m[0].arrays["hopping"] == 1])
if hop != atoms:
    bad.append("hopping atoms %s, want %s" % (hop, atoms))
for k, a in enumerate(m[:3]):
    d = np.abs(a.positions - s.frames[first + k]).max()
    if d > 1e-9:
        bad.append("frame %d off by %g" % (first + k, d))
print("; ".join(bad) if bad else "ok")
PY
		expect_eq "xyz-group: the span, the group's ions and the positions, as ASE reads them" \
		    "$(cat "$T/out")" ok
	fi
	run "$BIN/hopmech" --xyz-group=999999 --frames="$T/pf.bin" --trials=0 \
	    "$T/p.bin"
	expect_fail "xyz-group: a group that is not there" 1 \
	    "^hopmech: .*p.bin: --xyz-group 999999: the run has [0-9]+ groups \\(numbered from 0\\)"
	run "$BIN/hopmech" --xyz-group=0 "$T/p.bin"
	expect_fail "xyz-group: needs the frames" 2 \
	    "^hopmech: --xyz-group needs the run's frames: --frames=FILE"
	# Without vibration and with hops that chain, the rest is what the
	# hops under way at the window's ends leave: small against the total.
	expect_eq "split: 11 terms and the total per window" \
	    "$(awk -F '\t' '$2 == 100' "$T/split" | wc -l)" 12
	expect_eq "split: a group of one has no cross term" \
	    "$(awk -F '\t' '$4 == "within_isolated" { print $5 }' "$T/split" | sort -u)" 0
	# Strings of 3-5 parallel hops carry their cross terms: positive.
	at_least "split: within strings positive" \
	    "$(awk -F '\t' '$2 == 700 && $4 == "within_string" { print $5 }' "$T/split")" 0.1
}

hopmech_bad() {
	"$GEN" -r 5 -L 10 -i 300 -f 4000 -I 20 -c 5 -k 5 -s 2 -e 5 -b 5 \
	    >"$T/b.bin"
	run "$BIN/hopmech" --cutoff=0 "$T/b.bin"
	expect_fail "bad: --cutoff=0" 2 "^hopmech: invalid --cutoff '0' \(want a distance in A above 0\)"
	run "$BIN/hopmech" --fdr=1 "$T/b.bin"
	expect_fail "bad: --fdr=1" 2 "^hopmech: invalid --fdr '1' \(want a number above 0 and below 1\)"
	run "$BIN/hopmech" --trials=x "$T/b.bin"
	expect_fail "bad: --trials=x" 2 "^hopmech: invalid --trials 'x'"
	run "$BIN/hopmech" --members --sizes "$T/b.bin"
	expect_fail "bad: --members with --sizes" 2 "^hopmech: --members, --sizes, --split and --xyz-group each replace the table: give one"
	run "$BIN/hopmech" --split "$T/b.bin"
	expect_fail "bad: --split without frames" 2 "^hopmech: --split needs the run's frames: --frames=FILE"
	run "$BIN/hopmech" --split --frames="$T/b.bin" "$T/b.bin" "$T/b.bin"
	expect_fail "bad: --frames with two runs" 2 "^hopmech: --frames goes with one hop stream, not 2"
	run "$BIN/hopmech" --window=0 "$T/b.bin"
	expect_fail "bad: --window=0" 2 "^hopmech: invalid --window '0' \(want frames from 1, comma-separated\)"
	# An option that would have no effect is refused, naming it.
	run "$BIN/hopmech" --frames="$T/b.bin" "$T/b.bin"
	expect_fail "bad: --frames without --split" 2 "^hopmech: --frames goes with --split, --xyz-group or --json \(which then holds the split\)$"
	for o in --window=10:window -b3:blocks --blocks=3:blocks; do
		run "$BIN/hopmech" "${o%:*}" "$T/b.bin"
		expect_fail "bad: ${o%:*} without --split" 2 "^hopmech: --${o#*:} goes with --split \(or --frames and --json\)$"
		run "$BIN/hopmech" "${o%:*}" --frames="$T/b.bin" --xyz-group=0 \
		    --json="$T/x.json" "$T/b.bin"
		expect_fail "bad: ${o%:*} with --xyz-group" 2 "^hopmech: --${o#*:} goes with --split \(or --frames and --json\)$"
	done
	for o in --rbins=4 --rmax=5 --taubins=4 --taumax=20; do
		run "$BIN/hopmech" --trials=0 "$o" "$T/b.bin"
		expect_fail "bad: $o without --cascade" 2 "^hopmech: ${o%=*} goes with --cascade or --cascade-svg$"
		expect_eq "bad: $o without --cascade: nothing on stdout" \
		    "$(wc -c <"$T/out")" 0
	done
	for o in --title=t --xlabel=x --ylabel=y; do
		run "$BIN/hopmech" --trials=0 "$o" --cascade-svg="$T/c.svg" \
		    "$T/b.bin"
		expect_fail "bad: $o without --svg" 2 "^hopmech: ${o%=*} goes with --svg$"
	done
	run "$BIN/hopmech" -q --trials=0 --rbins=4 --taumax=20 \
	    --cascade="$T/c.tsv" --title=t --svg="$T/c.svg" "$T/b.bin"
	expect_rc "--rbins and --taumax with --cascade, --title with --svg" 0
	run "$BIN/hopmech" "$T/nonexistent.bin"
	expect_fail "bad: missing file" 1 "^hopmech: $T/nonexistent.bin: "
	# A frame stream where hops were expected.
	"$GEN" -r 5 -L 8 -i 20 -f 200 -I 2 -c 0 -k 0 -s 0 -e 0 -b 0 \
	    -F "$T/frames.bin" >/dev/null
	run "$BIN/hopmech" "$T/frames.bin"
	expect_fail "bad: a frame stream" 1 "^hopmech: $T/frames.bin: .*frame stream where hops were expected"
	expect_eq "bad: nothing on stdout" "$(wc -c <"$T/out")" 0
	# Frames of another run: 20 atoms against 300.
	run "$BIN/hopmech" --split --frames="$T/frames.bin" "$T/b.bin"
	expect_fail "bad: frames of other atoms" 1 "^hopmech: $T/frames.bin: its 20 atoms of 1 species are not the 300 atoms of 1 species of $T/b.bin$"
	"$GEN" -r 5 -L 8 -i 20 -f 200 -I 2 -c 0 -k 0 -s 0 -e 0 -b 0 \
	    -F "$T/frames.bin" >"$T/h20.bin"
	run "$BIN/hopmech" --split --frames="$T/frames.bin" --window=200 "$T/h20.bin"
	expect_fail "bad: window as long as the run" 1 "^hopmech: $T/h20.bin: the window \(200 frames\) must be 1 to the run's 200 frames less one$"
	run "$BIN/hopmech" --split --frames="$T/frames.bin" --window=198 "$T/h20.bin"
	expect_fail "bad: fewer origins than blocks" 1 "^hopmech: $T/h20.bin: a window of 198 frames leaves 2 origins, fewer than the 5 blocks of the uncertainties$"
	# Hops of no length need the distances given.
	printf '0 10 14 1 1 1 1 1 1\n1 11 15 2 2 2 2 2 2\n' |
	    "$HELPERS/mkhops" -s Li:4 -f 100 >"$T/z.bin"
	run "$BIN/hopmech" "$T/z.bin"
	expect_fail "bad: zero-length hops" 1 "^hopmech: $T/z.bin: no hop has a positive length: give --cutoff and --merge-tol$"
	run "$BIN/hopmech" --cutoff=3 --merge-tol=1 --trials=10 "$T/z.bin"
	expect_rc "zero-length hops with the distances given: exit 0" 0
	expect_err "few hops: warned" "only 2 hops: too few .*flag few_hops"
	# The old name of --merge-tol (hopsites --match=REF is a reference)
	# is a usage error that names the new one.
	for o in --match=1 --match; do
		run "$BIN/hopmech" --cutoff=3 $o --trials=10 "$T/z.bin"
		expect_fail "bad: $o: a usage error naming --merge-tol" 2 \
		    "^hopmech: --match is now --merge-tol \(hopsites --match=REF labels sites by a reference\)$"
	done
	# A run without hops is not an error.
	printf '# none\n' | "$HELPERS/mkhops" -s Li:4 -f 100 >"$T/e.bin"
	run "$BIN/hopmech" "$T/e.bin"
	expect_rc "no hops: exit 0" 0
	# Its figure says so in both panels, with no made-up tick ranges
	# (no number written), the classes still named.
	run "$BIN/hopmech" -q --svg "$T/e.svg" "$T/e.bin"
	expect_eq "no hops: the figure says so, without numbered ticks" \
	    "$(xmllint --noout "$T/e.svg" 2>&1; grep -c '>no hop in this run<' \
	    "$T/e.svg"; grep -cE '>(−|-)?[0-9][^<]*<' "$T/e.svg"
	    grep -c '>knock-off<' "$T/e.svg")" "$(printf '2\n0\n1')"
	# An output naming an input, or in no directory, fails before the
	# run's work: nothing on standard output.
	for out in "--json=$T/e.bin" "--json=$T/no/such/x.json" \
	    "--svg=$T/e.bin" "--cascade=$T/e.bin"; do
		run "$BIN/hopmech" --trials=0 "$out" "$T/e.bin"
		expect_fail "bad output ${out%%=*}: refused first" 1 \
		    "^hopmech: $T/(e.bin: is an input|no/such/x.json)"
		expect_eq "bad output ${out%%=*}: no table printed" \
		    "$(wc -c <"$T/out" | tr -d ' ')" 0
	done
}

# CaF2 at 1600 K: hops from the adaptive finder; the classes against the
# null, and the linking is not the giant component hopcorr's P(N) gives.
hopmech_caf2() {
	need_shared "hopmech: CaF2 1600 K" || return 0
	pipe=$BIN
	if [ "${HOP_VARIANT:-rel}" != rel ]; then
		pipe=${HELPERS%/build/rel/tests}/bin
	fi
	sh_run "'$pipe/xdat2bin' '$SHARED/caf2-md/1600K/XDATCAR.gz' |
	    '$pipe/unwrap' | tee '$T/caf2-frames.bin' |
	    '$pipe/kmeans-hops' -q --mode adaptive >'$T/caf2.bin'"
	expect_rc "caf2: hops found" 0
	run "$BIN/hopmech" --trials=200 "$T/caf2.bin"
	expect_rc "caf2: exit 0" 0
	expect_eq "caf2: seven classes" "$(grep -vc '^#' "$T/out")" 8
	# The fluorite anion lattice: sites a/2 = 2.72 A apart.
	near "caf2: site separation a/2" \
	    "$(grep -o 'site_separation_A=[^ ]*' "$T/out" | cut -d= -f2)" 2.73 0.1
	# The split adds up to msd's MSD_coll of F (10 fs frames).
	run "$BIN/hopmech" --split --frames="$T/caf2-frames.bin" \
	    --window=100,1000 --trials=0 "$T/caf2.bin"
	expect_rc "caf2: split exit 0" 0
	cp "$T/out" "$T/split"
	"$pipe/msd" -q "$T/caf2-frames.bin" >"$T/msd" 2>/dev/null
	for w in 100 1000; do
		want=$(awk -F '\t' -v l="$(echo "$w" | awk '{ print $1 / 100 }')" \
		    '$1 == l { print $4 }' "$T/msd")
		rel_near "caf2: split adds up to msd's MSD_coll, window $w" \
		    "$(split_sum "$T/split" "$w")" "$want" 1e-7
	done
	# Both seen from the framework (Ca) by default, as msd; with
	# --no-drift both in the centre of mass's frame.
	expect_eq "caf2: the split seen from the framework" \
	    "$(sed -n 's/^# split .* drift=\([^ ]*\)$/\1/p' "$T/split" |
	    sort -u)" Ca
	run "$BIN/hopmech" --split --no-drift --frames="$T/caf2-frames.bin" \
	    --window=100 --trials=0 "$T/caf2.bin"
	cp "$T/out" "$T/split0"
	"$pipe/msd" -q --no-drift "$T/caf2-frames.bin" >"$T/msd0" 2>/dev/null
	rel_near "caf2: --no-drift: the split adds up to msd --no-drift's MSD_coll" \
	    "$(split_sum "$T/split0" 100)" \
	    "$(awk -F '\t' '$1 == 1 { print $4 }' "$T/msd0")" 1e-7
	expect_eq "caf2: --no-drift: the split line says off" \
	    "$(sed -n 's/^# split .* drift=\([^ ]*\)$/\1/p' "$T/split0")" off
	run "$BIN/hopmech" --no-drift --trials=0 "$T/caf2.bin"
	expect_fail "caf2: --no-drift without the split refused" 2 \
	    "^hopmech: --no-drift goes with --split \(or --frames and --json\)$"
	# The frames of another run (1000 K) for these hops: refused.
	sh_run "'$pipe/xdat2bin' '$SHARED/caf2-md/1000K/XDATCAR.gz' |
	    '$pipe/unwrap' >'$T/caf2-1000.bin'"
	run "$BIN/hopmech" --split --frames="$T/caf2-1000.bin" --trials=0 \
	    "$T/caf2.bin"
	expect_fail "caf2: another run's frames refused" 1 \
	    "caf2-1000.bin: a temperature of 1000 K, not the 1600 K of .*caf2.bin: another run's frames$"
}

hopmech_planted
hopmech_uncorrelated
hopmech_sizes
hopmech_split
hopmech_bad
hopmech_caf2
