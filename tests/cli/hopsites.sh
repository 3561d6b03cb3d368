# hopsites.sh - sites, jumps, rates and the correlation factor against
# known truths: generated lattice hopping (gen-lattice: known sites, jump
# counts and rates; f = 1 for independent jumps, 0.653 for the vacancy
# mechanism on simple cubic), density files read back by ASE, CaF2's
# fluoride sites and rates at two temperatures, Li6PS5Cl's argyrodite 48h
# sites generated here with ASE's space-group tools, Arrhenius per jump
# type, a reference of POTCAR-suffixed species (Li_sv), and bad inputs
# with their exact messages.

HS=$BIN/hopsites
GL=$HELPERS/gen-lattice
PY=/usr/bin/python3

# jcol FILE TYPE COLUMN: a column of the jumps table's row of TYPE.
jcol() {
	awk -F '\t' -v t="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++)
		k[$i] = i; next } $3 == t { print $k[c] }' "$1"
}
# sv KEY [FILE]: a value of --summary.
sv() { sed -n "s/^$1=//p" "${2:-$T/out}"; }

# --- independent jumps: counts, rates, f = 1 ---
"$GL" --mode independent --ions 50 --frames 4000 --prob 0.05 --dt-fs 100 \
    --poscar "$T/sc.vasp" --truth "$T/ind.truth" >"$T/ind.hop"
truth=$(awk '$1 == "jumps" { print $2 }' "$T/ind.truth")
run "$HS" --sites "$T/sc.vasp" --min-visit 1 --summary "$T/ind.hop"
expect_rc "hopsites: independent jumps run" 0
cp "$T/out" "$T/ind.sum"
expect_eq "hopsites: every generated jump found (min-visit 1, 0.1 A noise)" \
    "$(sv jumps "$T/ind.sum")" "$truth"
expect_eq "hopsites: no frame between sites with 0.1 A noise" \
    "$(sv between_fraction "$T/ind.sum")" 0
# A radius of half the 3 A spacing is no overlap; beyond it, a warning.
for r in 1.5 1.6; do
	run "$HS" --sites "$T/sc.vasp" --min-visit 1 --radius=$r --summary \
	    "$T/ind.hop"
	expect_eq "hopsites: --radius=$r: overlap warned only above 1.5 A" \
	    "$(grep -c "radius $r A is above half the closest sites' distance (3 A): their spheres overlap" "$T/err")" \
	    "$([ $r = 1.5 ] && echo 0 || echo 1)"
done
# f = D*/D_jump = 1 for uncorrelated jumps, within 3 standard errors.
f=$(sv f "$T/ind.sum")
df=$(sv df "$T/ind.sum")
near "hopsites: f = 1 for independent jumps (got $f +- $df)" "$f" 1 \
    "$(awk -v d="$df" 'BEGIN { print 3 * d }')"
# D_jump = n a^2 / (6 N t) from the generator's count, worked here.
near "hopsites: D_jump = n a^2 / (6 N t)" "$(sv D_jump_cm2_s "$T/ind.sum")" \
    "$(awk -v n="$truth" 'BEGIN { print n * 9 / (6 * 50 * 399.9) * 1e-4 }')" \
    1e-9
run "$HS" --sites "$T/sc.vasp" --min-visit 1 --jumps-table "$T/ind.hop"
cp "$T/out" "$T/ind.jumps"
expect_eq "hopsites: one jump type on simple cubic, at the spacing" \
    "$(awk -F '\t' 'NR > 1 { print $3 }' "$T/ind.jumps")" "Li-Li@3.00"
# The rate per ion: p / dt = 0.05 / 0.1 ps, within 3 standard errors.
rate=$(jcol "$T/ind.jumps" Li-Li@3.00 rate_per_ion_ps)
drate=$(jcol "$T/ind.jumps" Li-Li@3.00 drate_per_ion_ps)
near "hopsites: rate per ion recovered (got $rate +- $drate /ps)" "$rate" \
    0.5 "$(awk -v d="$drate" 'BEGIN { print 3 * d }')"
# The Garwood interval, checked against scipy's chi2 quantiles.
lo=$(jcol "$T/ind.jumps" Li-Li@3.00 rate_lo95_per_ion_ps)
hi=$(jcol "$T/ind.jumps" Li-Li@3.00 rate_hi95_per_ion_ps)
want=$("$PY" -c "
from scipy.stats import chi2
n = $truth; e = 50 * 399.9
print(chi2.ppf(0.025, 2 * n) / 2 / e, chi2.ppf(0.975, 2 * n + 2) / 2 / e)")
rel_near "hopsites: Garwood lower bound = scipy's" "$lo" "${want% *}" 1e-5
rel_near "hopsites: Garwood upper bound = scipy's" "$hi" "${want#* }" 1e-5
# Independent walkers come back with probability 1/6 per jump.
near "hopsites: return fraction 1/6 for independent jumps" \
    "$(sv return_fraction "$T/ind.sum")" 0.1667 0.03
# The summary ends with its flags: walkers that share sites make
# vacancies come and go, none lasting the run, so no D_vac (NaN).
expect_eq "hopsites: --summary's last line is its flags" \
    "$(tail -n 1 "$T/ind.sum")" \
    "flags=no_vacancy_D,vacancies_not_conserved,vacancy_relation_not_meaningful"
expect_eq "hopsites: no D_vac nor f_vacancy without a lasting vacancy" \
    "$(sv D_vac_cm2_s "$T/ind.sum") $(sv f_vacancy "$T/ind.sum")" "nan nan"
# One glitch (an ion 1e6 A off for one frame, as a corrupted unwrapped
# file has it) makes D* and so f absurd: flagged and warned, not silent.
"$BIN/hopcat" --xyz "$T/ind.hop" | awk '/^[0-9]+$/ { f++; n = 0; print;
    next } /Lattice=/ { print; next } { n++; if (f == 101 && n == 220)
    $2 += 1e6; print }' >"$T/glitch.xyz"
run "$BIN/xyz2bin" -u --dt 100 "$T/glitch.xyz"
cp "$T/out" "$T/glitch.hop"
expect_err "xyz2bin: the glitch, there and back, warned" \
    "^xyz2bin: warning: .*glitch.xyz:[0-9]+: atom 219 moves 1e\+06 .*\(2 such steps of half a cell or more in all\)"
run "$HS" --sites "$T/sc.vasp" --min-visit 1 --summary "$T/glitch.hop"
expect_eq "hopsites: a glitch: the jumps as without it (but its own two, \
to where it lands and back), f above 2 ($(sv f))" \
    "$(awk -v a="$(sv jumps)" -v b="$(sv jumps "$T/ind.sum")" \
    'BEGIN { print (a - b <= 2 && a >= b) }') \
$(awk -v f="$(sv f)" 'BEGIN { print (f > 2) }')" "1 1"
expect_eq "hopsites: a glitch: f_too_high in the flags" \
    "$(tail -n 1 "$T/out" | grep -c 'f_too_high')" 1
expect_err "hopsites: a glitch: warned" \
    "^hopsites: warning: .*glitch.hop: f = [0-9.]+ .*no correlation factor"
# That stream has no temperature (xyz2bin was given none): its jump
# table says so when made, and --arrhenius names the cause.
run "$HS" --sites "$T/sc.vasp" --min-visit 1 --jumps-table "$T/glitch.hop"
cp "$T/out" "$T/noT.jumps"
expect_err "hopsites: a jump table without a temperature: warned" \
    "^hopsites: warning: .*glitch.hop: no temperature \(give -t K\): T_K is nan"
run "$HS" --arrhenius "$T/noT.jumps" "$T/ind.jumps"
expect_fail "hopsites: --arrhenius over a table without a temperature" 1 \
    "^hopsites: .*noT.jumps:2: T_K is nan: the run had no temperature \(make its table with -t K\)$"
# A stream's temperature that -t would refuse (the converters take 0 to
# 1e7 K): warned, as its table is refused.
"$BIN/xyz2bin" -q -u --dt 100 -t 0.5 "$T/glitch.xyz" >"$T/coldT.hop"
run "$HS" --sites "$T/sc.vasp" --min-visit 1 --jumps-table "$T/coldT.hop"
expect_err "hopsites: a jump table at 0.5 K: warned" \
    "^hopsites: warning: .*coldT.hop: the stream's temperature 0.5 K is not 1 to 100000 K \(give -t K\): --arrhenius cannot use the table$"
# One run given twice (a copy) is one temperature: no fit, and said so.
cp "$T/ind.jumps" "$T/ind2.jumps"
run "$HS" --arrhenius "$T/ind.jumps" "$T/ind2.jumps"
expect_err "hopsites: --arrhenius over one run twice: one temperature" \
    "^hopsites: warning: jump type Li-Li@3.00: rates resolved in 2 runs at 1 temperature: no Arrhenius fit$"
# No jump type fitted at all: exit 1, as msd --arrhenius, the table
# still written.
expect_fail "hopsites: --arrhenius without any fit fails" 1 \
    "^hopsites: no jump type has rates resolved at two or more temperatures: no Arrhenius fit$"
expect_eq "hopsites: ... its table written" \
    "$(sed 1d "$T/out" | cut -f1,5-8)" "$(printf 'Li-Li@3.00\t2\t2\t0\tnan')"

# --- the vacancy mechanism on simple cubic: f = 0.653 ---
# One vacancy on 8^3 periodic sites, 10000 exchanges (20 per ion).  The
# reference is the exact f of that finite lattice, 0.65504 (Compaan and
# Haven's 0.6531 plus about 1 / L^3: the vacancy always comes back),
# worked here by tests/helpers/sc-vacancy-f.py from the Green's function
# of the vacancy's walk.  With D* at msd's default stride (1 frame here,
# within its 5 % rule) f came out 0.680 +- 0.001 over 30 seeds of the
# two-vacancy run this test used to make, whose ion displacements give
# 0.656 +- 0.002: the returns spread over several frames need a longer
# stride (tests/bench/hopsites-corr.sh measures both over seeds).
"$GL" --bare --mode vacancy --size 8 --vacancies 1 --prob 1 --frames 10000 \
    --poscar "$T/sc8.vasp" >"$T/vac.hop"
run "$HS" --sites "$T/sc8.vasp" --min-visit 1 --summary "$T/vac.hop"
expect_rc "hopsites: vacancy run" 0
f=$(sv f)
df=$(sv df)
"$PY" "${HELPERS%/build/rel/tests}/tests/helpers/sc-vacancy-f.py" 8 16 \
    >"$T/exact"
want=$(awk '$1 == 8 { print $3 }' "$T/exact")
# The reference itself: on 16^3 sites 0.0002 above the infinite lattice's
# 0.65311 (Compaan and Haven), the excess about 1 / L^3.
near "hopsites: reference f on 16^3 = Compaan and Haven's 0.65311" \
    "$(awk '$1 == 16 { print $3 }' "$T/exact")" 0.6533 0.0003
near "hopsites: vacancy mechanism f = $want on 8^3 (got $f +- $df)" "$f" \
    "$want" "$(awk -v d="$df" 'BEGIN { print 3 * d }')"
expect_eq "hopsites: vacancy: ions outnumber nothing, sites = 512" \
    "$(sv sites)" 512

# --- the flicker filter: a noisy run loses jumps to flickers without it
"$GL" --mode independent --ions 20 --frames 2000 --prob 0.01 \
    --vibration 0.55 --truth "$T/noisy.truth" >"$T/noisy.hop"
truth=$(awk '$1 == "jumps" { print $2 }' "$T/noisy.truth")
run "$HS" --sites "$T/sc.vasp" --min-visit 1 --summary "$T/noisy.hop"
n1=$(sv jumps)
run "$HS" --sites "$T/sc.vasp" --min-visit 3 --summary "$T/noisy.hop"
n3=$(sv jumps)
expect_eq "hopsites: flickers make extra jumps at --min-visit 1" \
    "$(awk -v a="$n1" -v t="$truth" 'BEGIN { print (a > t) }')" 1
near "hopsites: --min-visit 3 filters them (got $n3 of $truth)" "$n3" \
    "$truth" "$(awk -v t="$truth" 'BEGIN { print 0.05 * t }')"

# --- density files read back by ASE ---
run "$HS" --sites "$T/sc.vasp" --min-visit 1 --chgcar "$T/d.CHGCAR" \
    --cube "$T/d.cube" --sites-out "$T/sites.xyz" --json "$T/ind.json" --svg "$T/net.svg" \
    "$T/ind.hop"
expect_rc "hopsites: density, sites, JSON and figure written" 0
run "$PY" -c "
from ase.calculators.vasp import VaspChargeDensity
from ase.io.cube import read_cube_data
from ase.io import read
import json
c = VaspChargeDensity('$T/d.CHGCAR')
rho, at = c.chg[0], c.atoms[0]
d, a = read_cube_data('$T/d.cube')
vox = a.get_volume() / 0.529177210903 ** 3 / d.size
s = read('$T/sites.xyz')
j = json.load(open('$T/ind.json'))
print(rho.sum() * at.get_volume() / rho.size, d.sum() * vox, len(s),
      sum(x['occupancy'] for x in j['sites']), len(j['jump_types']))"
expect_rc "hopsites: ASE reads the CHGCAR, the cube and the sites" 0
set -- $(cat "$T/out")
near "hopsites: CHGCAR integrates to the 50 ions" "$1" 50 1e-6
near "hopsites: cube integrates to the 50 ions" "$2" 50 1e-3
expect_eq "hopsites: sites file holds the 216 sites" "$3" 216
near "hopsites: occupancies sum to the ions" "$4" 50 1e-3
expect_eq "hopsites: JSON's jump types" "$5" 1
expect_eq "hopsites: the figure is XML" \
    "$("$PY" -c "import xml.dom.minidom as m; m.parse('$T/net.svg'); print('ok')")" ok

# --- a large cell: the default grid coarsens, saying so; --grid is kept ---
# (gen-traj's random scenario: a 259.2 A cell; 0.2 A would be 1000^3
# voxels, a CHGCAR of 14 GB.)
"$HELPERS/gen-traj" -S random -n 5 -f 100 -s 3 >"$T/big.hop"
dims() { awk 'f && NF == 3 { print; exit } /^ *$/ { f = 1 }' "$1"; }
run "$HS" --sites-table --chgcar "$T/big.CHGCAR" "$T/big.hop"
expect_rc "hopsites: a 259 A cell's density written" 0
expect_err "hopsites: the coarser default grid is named" \
    "big.hop: a density grid of 1.01 A, not the default 0.2 A, keeps it to 256\\^3 voxels \\(give --grid to choose\\)"
expect_eq "hopsites: the default grid is 256^3 in a 259.2 A cell" \
    "$(dims "$T/big.CHGCAR")" " 256 256 256"
run "$HS" --grid 2 --chgcar "$T/big2.CHGCAR" "$T/big.hop"
expect_eq "hopsites: --grid 2 is kept (130^3), no note" \
    "$(dims "$T/big2.CHGCAR"):$(grep -c 'density grid' "$T/err")" \
    " 130 130 130:0"
run "$HS" -q --chgcar "$T/big.CHGCAR" "$T/big.hop"
expect_eq "hopsites: -q silences the note" "$(grep -c . "$T/err")" 0
# Its 4 framework atoms are fewer than the 6 distances a site type
# compares by default: the default compares 4; --env-k 6 is refused.
run "$HS" --types-table "$T/big.hop"
expect_eq "hopsites: 4 framework atoms: the default env-k compares 4" \
    "$rc $(awk -F '\t' 'NR == 2 { print $1 }' "$T/out")" "0 A"
run "$HS" --env-k 6 --types-table "$T/big.hop"
expect_fail "hopsites: --env-k 6 with 4 framework atoms" 1 \
    "big.hop: 4 environment points, fewer than the 6 distances a site type compares$"

# --- site types from the environment, without labels ---
# Sites at the lattice points (8 framework atoms at 2.6 A: gen-lattice
# puts them at the cube centres) and at the face centres (2 at 1.5 A):
# two kinds by their distances to the framework.
"$PY" -c "
print('two kinds\n1.0\n18 0 0\n0 18 0\n0 0 18\nLi\n432\nDirect')
for i in range(6):
    for j in range(6):
        for k in range(6):
            print(i / 6, j / 6, k / 6)
            print((i + 0.5) / 6, (j + 0.5) / 6, k / 6)" >"$T/two.vasp"
run "$HS" --sites "$T/two.vasp" --types-table --min-visit 1 \
    "$T/ind.hop"
expect_rc "hopsites: types from the sites' environment" 0
expect_eq "hopsites: two environment types of 216 sites each" \
    "$(awk -F '\t' 'NR > 1 { print $1, $2 }' "$T/out" | tr '\n' ' ')" \
    "Li-1 216 Li-2 216 "

# --- D* not positive: flagged and warned, no f ---
# Ions that only vibrate: D* scatters about 0 (seed 2: -2.4e-12 cm^2/s,
# seed 1: +2.6e-12); the flag follows its sign.
for s in 1 2; do
	"$GL" --mode independent --ions 50 --frames 1000 --prob 0 --seed $s \
	    >"$T/z$s.hop"
	run "$HS" --sites "$T/sc.vasp" --json "$T/z$s.json" --summary \
	    "$T/z$s.hop"
	cp "$T/err" "$T/z$s.err"
done
expect_eq "hopsites: D_tracer_not_positive exactly when D* <= 0" \
    "$("$PY" -c "
import json
for s in (1, 2):
    j = json.load(open('$T/z%d.json' % s))
    print(j['D_tracer_cm2_s'] > 0, 'D_tracer_not_positive' in j['flags'],
          j['f'])")" "True False None
False True None"
expect_eq "hopsites: ... and warned" \
    "$(grep -c 'D\* = -[0-9.e-]* +- [0-9.e-]* cm^2/s is not positive: no tracer diffusion resolved, f is not reported' "$T/z2.err"):$(grep -c 'not positive' "$T/z1.err")" \
    "1:0"

# --- Arrhenius per jump type, upper bounds for runs without jumps ---
jump_tables "$T/sc.vasp"
run "$HS" --arrhenius --json "$T/arr.json" --svg "$T/arr.svg" \
    "$T/a1.tsv" "$T/a2.tsv" "$T/a3.tsv" "$T/a4.tsv"
expect_rc "hopsites --arrhenius" 0
expect_err "hopsites --arrhenius: the run without jumps is an upper bound" \
    "a4.tsv \(600 K\): jump type Li-Li@3.00: 0 jumps, not resolved: kept as an upper bound"
# The expected Ea: the rates p / dt at the three temperatures, fitted
# here by numpy (unweighted; the weighted fit agrees within its error).
want=$("$PY" -c "
import numpy as np, json
j = json.load(open('$T/arr.json'))['jump_types'][0]
T = np.array([p['T_K'] for p in j['points']])
y = np.array([p['rate_per_ion_ps'] for p in j['points']])
w = (y / np.array([p['drate_per_ion_ps'] for p in j['points']])) ** 2
c = np.polyfit(1 / T, np.log(y), 1, w=np.sqrt(w))
print(-c[0] * 8.617333262e-5, j['Ea_eV'], len(j['upper_bounds']))")
set -- $want
rel_near "hopsites --arrhenius: Ea = numpy's weighted fit" "$2" "$1" 1e-6
expect_eq "hopsites --arrhenius: one upper bound" "$3" 1
# point_boxes SVG: "x0 y0 x1 y1" of each point's marker, from the
# figure's geometry record.
point_boxes() {
	"$PY" -c "
import json, re, sys
s = open(sys.argv[1]).read()
b = json.loads(re.search(r'<metadata id=\"hop-geometry\">(.*?)</metadata>',
                         s, re.S).group(1))['boxes']
for x in b:
    if x[0] == 'point':
        print(*x[2:6])" "$1"
}
# Two jump types without a jump at 600 K have the same bound: their
# markers are set side by side, not one over the other (the two
# rightmost point boxes, at one height, do not overlap).
for i in 1 2 3; do
	awk -F '\t' 'BEGIN { OFS = "\t" } { print }
	    NR == 2 { $3 = "Li-Li@4.24"; $6 = "4.2426"; print }' \
	    "$T/a$i.tsv" >"$T/b$i.tsv"
done
run "$HS" -q --arrhenius --svg "$T/b.svg" "$T/b1.tsv" "$T/b2.tsv" \
    "$T/b3.tsv" "$T/a4.tsv"
expect_eq "hopsites --arrhenius: equal upper bounds side by side" \
    "$(point_boxes "$T/b.svg" | sort -g -k1,1 | tail -2 | awk '
	NR == 1 { x0 = $1; y0 = $2; x1 = $3 }
	NR == 2 { print ($2 == y0 && $1 >= x1) }')" 1
# 60 such types: their bounds stay near 600 K, spread over less than 0.8
# of the way to the 800 K points (not over the whole axis).
for i in 1 2 3; do
	awk -F '\t' 'BEGIN { OFS = "\t" } NR == 1 { print; next }
	    { for (j = 0; j < 60; j++) { $3 = sprintf("Li-Li@%.2f", 3 + j / 2)
	      $6 = sprintf("%.4f", 3 + j / 2); print } }' \
	    "$T/a$i.tsv" >"$T/c$i.tsv"
done
run "$HS" -q --arrhenius --svg "$T/c.svg" "$T/c1.tsv" "$T/c2.tsv" \
    "$T/c3.tsv" "$T/a4.tsv"
expect_eq "hopsites --arrhenius: 60 types' bounds kept by their temperature" \
    "$(point_boxes "$T/c.svg" | awk '{ print ($1 + $3) / 2 }' | sort -g |
    awk '{ x[NR] = $1 } END {
	span = x[NR] - x[NR - 59]
	print NR, (span < 0.85 * ((x[NR - 59] + x[NR]) / 2 - x[NR - 60])) }')" \
    "240 1"

# --- --arrhenius: bad, ambiguous and repeated tables, its options ---
# jt FILE RUN T_K EXPOSURE [FROM TO DISTANCE COUNT] ...: a jump table as
# --jumps-table writes it (rates and errors from the counts).
jt() {
	_f=$1 _r=$2 _t=$3 _e=$4
	shift 4
	awk -v r="$_r" -v t="$_t" -v e="$_e" -v rows="$*" 'BEGIN {
	    print "run\tT_K\tjump_type\tfrom\tto\tdistance_A\tcount" \
		"\texposure_ion_ps\trate_per_ion_ps\tdrate_per_ion_ps" \
		"\trate_lo95_per_ion_ps\trate_hi95_per_ion_ps\trate_per_ps" \
		"\trate_from_site_ps\treturn_fraction"
	    n = split(rows, w, " ")
	    for (i = 1; i + 3 <= n; i += 4)
		printf "%s\t%s\t%s-%s@%.2f\t%s\t%s\t%.4f\t%d\t%.6g\t%.6g" \
		    "\t%.6g\t0\t0\t0\tnan\tnan\n", r, t, w[i], w[i + 1],
		    w[i + 2], w[i], w[i + 1], w[i + 2], w[i + 3], e,
		    w[i + 3] / e, sqrt(w[i + 3]) / e }' >"$_f"
}
# A type whose distance drifts with T, 2.80, 2.95, 3.10 A: each step
# within --distance-tol, one type over the three runs (each row in it
# once, named by the mean distance).
jt "$T/d1.tsv" r800 800 1000 A A 2.80 400
jt "$T/d2.tsv" r1000 1000 1000 A A 2.95 2000
jt "$T/d3.tsv" r1200 1200 1000 A A 3.10 6000
run "$HS" --arrhenius "$T/d1.tsv" "$T/d2.tsv" "$T/d3.tsv"
expect_eq "hopsites --arrhenius: a drifting distance is one type, each row once" \
    "$rc $(sed 1d "$T/out" | cut -f1,4-7 | tr '\t' ' ')" \
    "0 A-A@2.95 2.9500 3 3 0"
# CaF2's three types (2.87, 4.06, 4.97 A) at 1600 and 1500 K.
caf2_rows="A A 2.8702 825 A A 4.0586 92 A A 4.9708 18"
jt "$T/k16.tsv" c16.bin 1600 6477.84 $caf2_rows
jt "$T/k15.tsv" c15.bin 1500 6477.84 $caf2_rows
run "$HS" --arrhenius "$T/k16.tsv" "$T/k15.tsv"
expect_eq "hopsites --arrhenius: three types, three rows" \
    "$rc $(sed 1d "$T/out" | cut -f1,5,6 | tr '\t\n' '  ')" \
    "0 A-A@2.87 2 2 A-A@4.06 2 2 A-A@4.97 2 2 "
# A --distance-tol that makes one run's types one: refused at the row,
# not a row in two types and another in none.
run "$HS" --arrhenius --distance-tol=1.5 "$T/k16.tsv" "$T/k15.tsv"
expect_fail "hopsites --arrhenius: two types of a run in one, refused" 1 \
    "^hopsites: .*k16.tsv:3: A-A@4.06 at 4.0586 A and line 2's A-A@2.87 at 2.8702 A are one jump type over the runs \(distances within --distance-tol=1.5 A of their neighbours chain them\), and a run has a jump type once: give a smaller --distance-tol$"
jt "$T/dup.tsv" r800 800 6477.84 A A 2.8702 46 A A 2.8702 46
run "$HS" --arrhenius "$T/k16.tsv" "$T/dup.tsv"
expect_fail "hopsites --arrhenius: a type twice in a table, refused" 1 \
    "^hopsites: .*dup.tsv:3: A-A@2.87 at 2.8702 A and line 2's A-A@2.87 at 2.8702 A are one jump type"
jt "$T/close.tsv" r800 800 6477.84 A A 2.87 46 A A 2.95 46
run "$HS" --arrhenius "$T/k16.tsv" "$T/close.tsv"
expect_fail "hopsites --arrhenius: two types of a table within the tolerance" 1 \
    "^hopsites: .*close.tsv:3: A-A@2.95 at 2.9500 A and line 2's A-A@2.87 at 2.8700 A are one jump type .*give a smaller --distance-tol$"
# One table twice: a usage error (by its name, or two names of one
# file); a copy under another name: warned.
run "$HS" --arrhenius "$T/k16.tsv" "$T/k15.tsv" "$T/k16.tsv"
expect_fail "hopsites --arrhenius: a table given twice" 2 \
    "^hopsites: --arrhenius: .*k16.tsv is given twice \(a run counted twice would weigh twice in the fit\)$"
run "$HS" --arrhenius "$T/k16.tsv" "$T/k15.tsv" "$T/./k16.tsv"
expect_fail "hopsites --arrhenius: two names of one table" 2 \
    "^hopsites: --arrhenius: .*/k16.tsv and .*/\./k16.tsv are one file "
cp "$T/k16.tsv" "$T/k16copy.tsv"
run "$HS" --arrhenius "$T/k16.tsv" "$T/k15.tsv" "$T/k16copy.tsv"
expect_err "hopsites --arrhenius: a copy of a table, warned" \
    "^hopsites: warning: .*k16copy.tsv: the same run as .*k16.tsv \(c16.bin at 1600 K, its exposure and every count\): a run given twice weighs twice in the fit$"
# Temperatures as -t takes them, 1 to 1e5 K.
for t in 1e308 0.5 1e-300 100001 -800; do
	jt "$T/t.tsv" r "$t" 1000 A A 2.87 400
	run "$HS" --arrhenius "$T/k16.tsv" "$T/t.tsv"
	expect_fail "hopsites --arrhenius: T_K $t refused" 1 \
	    "^hopsites: .*t.tsv:2: T_K $(printf %g "$t" | sed 's/+/\\+/') is not a temperature of 1 to 100000 K \(make its table with -t K\)$"
done
jt "$T/t1.tsv" r1 1 1000 A A 2.87 400
jt "$T/t2.tsv" r2 100000 1000 A A 2.87 900
run "$HS" --arrhenius "$T/t1.tsv" "$T/t2.tsv"
expect_rc "hopsites --arrhenius: T_K 1 and 100000 taken" 0
# An empty count; a type name longer than a label holds (32 bytes).
awk -F '\t' -v OFS='\t' 'NR == 2 { $7 = "" } 1' "$T/k15.tsv" >"$T/e.tsv"
run "$HS" --arrhenius "$T/k16.tsv" "$T/e.tsv"
expect_fail "hopsites --arrhenius: an empty count" 1 \
    "^hopsites: .*e.tsv:2: field 7 \(count\) is empty \(want a number\)$"
a32=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
jt "$T/l1.tsv" r800 800 1000 "${a32}B" A 2.87 400
jt "$T/l2.tsv" r1000 1000 1000 "${a32}C" A 2.87 2000
run "$HS" --arrhenius "$T/l1.tsv" "$T/l2.tsv"
expect_fail "hopsites --arrhenius: a type name of 33 bytes" 1 \
    "^hopsites: .*l1.tsv:2: from '${a32%????????}\.\.\.' is 33 bytes, more than a site type's name holds \(32\): not a table of hopsites$"
jt "$T/l1.tsv" r800 800 1000 "$a32" A 2.87 400
jt "$T/l2.tsv" r1000 1000 1000 "$a32" A 2.87 2000
run "$HS" --arrhenius "$T/l1.tsv" "$T/l2.tsv"
expect_eq "hopsites --arrhenius: a type name of 32 bytes, whole" \
    "$rc $(sed 1d "$T/out" | cut -f1)" "0 $a32-A@2.87"
# The run column: a run's name with a tab and a newline, or starting
# with '#', written so that --arrhenius reads the table.
nl='
'
cp "$T/a1.hop" "$T/x	y${nl}z.hop"
run "$HS" -q --sites "$T/sc.vasp" --min-visit 1 --no-tracer -t 800 \
    --jumps-table "$T/x	y${nl}z.hop"
cp "$T/out" "$T/xyz.tsv"
expect_eq "hopsites --jumps-table: control characters in the run as '?'" \
    "$(sed -n 2p "$T/xyz.tsv" | cut -f1)" "$T/x?y?z.hop"
run "$HS" --arrhenius "$T/xyz.tsv" "$T/a2.tsv" "$T/a3.tsv"
expect_rc "hopsites --arrhenius: reads that table" 0
cp "$T/a1.hop" "$T/#a1.hop"
run sh -c "cd '$T' && '$HS' -q --sites sc.vasp --min-visit 1 --no-tracer \
    -t 800 --jumps-table '#a1.hop'"
cp "$T/out" "$T/hash.tsv"
expect_eq "hopsites --jumps-table: a run named '#...' as './#...'" \
    "$(sed -n 2p "$T/hash.tsv" | cut -f1)" "./#a1.hop"
run "$HS" --arrhenius "$T/hash.tsv" "$T/a2.tsv" "$T/a3.tsv"
expect_rc "hopsites --arrhenius: reads that table, not a comment" 0
# Options of one run's analysis mean nothing to --arrhenius: refused.
for o in --chgcar=x:chgcar --cube=x:cube --summary:summary \
    --jumps-table:jumps-table --types-table:types-table \
    --sites-table:sites-table -t800:temperature --min-visit=2:min-visit \
    --radius=1:radius --sites=x:sites --match=x:match -sF:species \
    --no-tracer:no-tracer --vacancies=x:vacancies \
    --vacancies-xyz=x:vacancies-xyz --sites-out=x:sites-out \
    --network-out=x:network-out --site-labels=x:site-labels \
    --site-species=F:site-species --match-tol=1:match-tol \
    --env=sites:env --env-k=4:env-k --grid=0.5:grid \
    --no-dwells:no-dwells --no-translations:no-translations \
    --plane=xz:plane --type-tol=0.1:type-tol --types-from=env:types-from \
    -j2:jobs; do
	run "$HS" --arrhenius "${o%:*}" "$T/k16.tsv" "$T/k15.tsv"
	expect_fail "hopsites --arrhenius ${o%:*}: refused" 2 \
	    "^hopsites: --${o#*:} has no meaning with --arrhenius \(it reads the runs' jump tables\)$"
done
run "$HS" -q --json="$T/k.json" --svg="$T/k.svg" --distance-tol=0.1 \
    --title=t --xlabel=x --ylabel=y --arrhenius "$T/k16.tsv" "$T/k15.tsv"
expect_rc "hopsites --arrhenius: its output's options taken" 0

# --- real data ---
if need_shared "hopsites: CaF2"; then
	caf2=$SHARED/caf2-md
	for t in 1000 1600; do
		sh_run "'$BIN/xdat2bin' '$caf2/${t}K/XDATCAR.gz' | '$BIN/unwrap'"
		cp "$T/out" "$T/c$t.hop"
	done
	# The fluorite cell with ASE: F on 8c of Fm-3m.
	"$PY" -c "
from ase.spacegroup import crystal
from ase.io import write
a = 17.22076 / 3
write('$T/caf2.vasp', crystal(['Ca', 'F'], [(0, 0, 0), (0.25, 0.25, 0.25)],
      spacegroup=225, cellpar=[a, a, a, 90, 90, 90]), format='vasp')"
	for t in 1000 1600; do
		run "$HS" --sites "$T/caf2.vasp" --site-species F --jumps-table \
		    --json "$T/c$t.json" --chgcar "$T/c$t.CHGCAR" "$T/c$t.hop"
		expect_rc "hopsites: CaF2 ${t} K" 0
		cp "$T/out" "$T/c$t.jumps"
	done
	# The density's maxima sit on the 8c sites: the density-weighted
	# mean position within 1 A of each site is on it (ASE reads the
	# CHGCAR; the sites come from ASE's space group, not the tool).
	run "$PY" -c "
import numpy as np, json
from ase.calculators.vasp import VaspChargeDensity
from ase.spacegroup import crystal
c = VaspChargeDensity('$T/c1600.CHGCAR'); rho = c.chg[0]; cell = c.atoms[0].cell.array
a = cell[0, 0] / 3
F = crystal(['F'], [(0.25, 0.25, 0.25)], spacegroup=225,
            cellpar=[a, a, a, 90, 90, 90]).repeat(3).get_positions()
n = rho.shape
g = np.stack(np.meshgrid(*[np.arange(k) / k for k in n], indexing='ij'), -1) @ cell
off = []
for s in F:
    d = g - s; d -= cell[0, 0] * np.round(d / cell[0, 0])
    m = np.linalg.norm(d, axis=-1) < 1.0
    off.append((rho[m][:, None] * d[m]).sum(0) / rho[m].sum())
off = np.array(off)
j = json.load(open('$T/c1600.json'))
print(np.linalg.norm(off - off.mean(0), axis=1).max(),
      np.linalg.norm(off.mean(0)), sum(x['occupancy'] for x in j['sites']) / 216, j['f'], j['D_jump_cm2_s'])"
	set -- $(cat "$T/out")
	# The whole crystal sits about 0.2 A off the ideal origin (it drifts
	# in this run); beyond that common shift each site's density is
	# centred on its 8c site.
	near "hopsites: CaF2 1600 K: density centred on the 8c sites (largest offset $1 A)" \
	    "$1" 0 0.12
	near "hopsites: CaF2 1600 K: the lattice's common shift ($2 A)" "$2" 0 0.3
	near "hopsites: CaF2 1600 K: most F on their sites ($3)" "$3" 0.95 0.04
	near "hopsites: CaF2 1600 K: f reported ($4), below 1" "$4" 0.7 0.2
	# The run's halves disagree (D* 1.26 and 1.95 e-5 cm^2/s): dD* is
	# widened to their spread, about half their difference (it was a
	# seventh of it).
	expect_eq "hopsites: CaF2 1600 K: dD* widened to the halves' spread" \
	    "$("$PY" -c "
import json
j = json.load(open('$T/c1600.json'))
print('D_tracer_halves_disagree' in j['flags'],
      0.35 < j['dD_tracer_cm2_s'] / (1.95e-5 - 1.26e-5) < 0.7)")" "True True"
	rel_near "hopsites: CaF2 1600 K: D_jump reported ($5 cm2/s)" "$5" \
	    2.4e-5 0.3
	r16=$(awk -F '\t' 'NR > 1 { s += $7 } END { print s }' "$T/c1600.jumps")
	r10=$(awk -F '\t' 'NR > 1 { s += $7 } END { print s }' "$T/c1000.jumps")
	expect_eq "hopsites: CaF2: jumps rise from 1000 K ($r10) to 1600 K ($r16)" \
	    "$(awk -v a="$r10" -v b="$r16" 'BEGIN { print (b > 20 * (a + 1)) }')" 1
	# Ca does not diffuse, and 150 frames of F are too few for D* to
	# settle: flagged, and neither D* nor f printed (f was 1.17 +- 1.5
	# in the short run), the warning saying why.
	"$BIN/xdat2bin" --last=149 "$caf2/1600K/XDATCAR.gz" | "$BIN/unwrap" \
	    >"$T/c150.hop"
	for c in "-s Ca $T/c1600.hop" "$T/c150.hop"; do
		run "$HS" --summary $c
		expect_eq "hopsites: no D* settles ($c): no D* nor f" \
		    "$(sv D_tracer_cm2_s) $(sv f) $(sv flags | grep -c no_tracer_D)" \
		    "nan nan 1"
		expect_err "hopsites: no D* settles ($c): why, in the warning" \
		    "D\* does not settle at any stride the run allows \(the ions do not diffuse, or the run is too short for their motion\): D\* and f are not reported"
	done
fi

if need_shared "hopsites: Li6PS5Cl"; then
	sh_run "'$BIN/xdat2bin' '$SHARED/li6ps5cl-aimd/XDATCAR.gz' | '$BIN/unwrap'"
	cp "$T/out" "$T/li.hop"
	# The argyrodite 48h sites and their Li6 cages, made with ASE's
	# space-group tools (tests/helpers/argyrodite-48h.py says how).  The
	# POSCAR's species is 48h, which labels the sites.
	"$PY" tests/helpers/argyrodite-48h.py \
	    "$SHARED/li6ps5cl-aimd/XDATCAR.gz" "$T/li48.vasp" "$T/cage.txt"
	run "$HS" --sites "$T/li48.vasp" --min-visit 2 --distance-tol 0.05 \
	    --json "$T/li.json" --jumps-table "$T/li.hop"
	expect_rc "hopsites: Li6PS5Cl against the 48h sites" 0
	# Each jump type (a distance class) is wholly intra- or inter-cage,
	# and intra-cage jumps dominate.
	run "$PY" -c "
import json, numpy as np
j = json.load(open('$T/li.json'))
cage = np.loadtxt('$T/cage.txt', dtype=int)
pos = np.array([[s['x_A'], s['y_A'], s['z_A']] for s in j['sites']])
L = 20.3123
d = pos[:, None] - pos[None]; d -= L * np.round(d / L)
r = np.linalg.norm(d, axis=2)
same = cage[:, None] == cage[None]
mixed, intra, inter = 0, 0, 0
for t in j['jump_types']:
    m = (r >= t['distance_min_A'] - 1e-3) & (r <= t['distance_max_A'] + 1e-3)
    kinds = set(same[m].tolist())
    mixed += len(kinds) > 1
    if True in kinds: intra += t['count']
    else: inter += t['count']
print(mixed, intra, inter, len(j['types']))"
	set -- $(cat "$T/out")
	expect_eq "hopsites: Li6PS5Cl: no jump type mixes intra- and inter-cage" \
	    "$1" 0
	expect_eq "hopsites: Li6PS5Cl: intra-cage jumps ($2) dominate inter-cage ($3)" \
	    "$(awk -v a="$2" -v b="$3" 'BEGIN { print (a > 3 * b && b > 0) }')" 1
	expect_eq "hopsites: Li6PS5Cl: one site type, the label 48h" "$4" 1
fi

# --- bad inputs ---
# Two outputs named one file: refused before the run (the second would
# replace the first); a directory named as an output: refused before the
# run's work, not at its end.
run "$HS" --sites "$T/sc.vasp" --chgcar "$T/one" --cube "$T/one" "$T/ind.hop"
expect_fail "hopsites: --chgcar and --cube one file" 2 \
    "^hopsites: --chgcar and --cube name one file, .*/one: the second would replace the first$"
run "$HS" --sites "$T/sc.vasp" --chgcar "$T" --summary "$T/ind.hop"
expect_fail "hopsites: a directory as --chgcar" 1 "^hopsites: .*: is a directory$"
# A given --grid of billions of voxels is warned of, with the gigabytes,
# before anything is allocated (here the allocation then fails under a
# 2 GB limit; not under the sanitizers, which reserve more).
if [ "$HOP_VARIANT" = rel ]; then
	sh_run "ulimit -v 2000000; '$HS' --sites '$T/sc.vasp' --grid 0.01 \
	    --chgcar '$T/big.chg' --summary '$T/ind.hop'"
	expect_fail "hopsites: --grid 0.01 in an 18 A cell: warned, then out of memory" 1 \
	    "^hopsites: warning: .*ind.hop: --grid 0.01 A makes 1000x1000x1000 voxels: 8 GB of memory and up to 14 GB a volume file"
fi
# A reference with a site twice (a copy of site 1 as site 217), or 0.01
# A off it: refused, naming the pair, where it made an empty site for
# ever (or a radius of 0.005 A).
for d in 0 0.0005; do
	awk -v d="$d" 'NR == 7 { print $1 + 1; next } { print }
	    END { print d, 0, 0 }' "$T/sc.vasp" >"$T/dup.vasp"
	run "$HS" --sites "$T/dup.vasp" --summary "$T/ind.hop"
	expect_fail "hopsites: a reference site twice ($d of the cell off)" 1 \
	    "^hopsites: .*dup.vasp: sites 1 and 217 are [0-9.]+ A apart: one site twice\?"
done
# Without --sites the sites come from the data (common/sitenet): the
# generated lattice's 216 sites when the method is built, else its
# error, never a crash.
run "$HS" --min-visit 1 --summary "$T/ind.hop"
if [ "$rc" = 0 ]; then
	expect_eq "hopsites: sites from the data: the lattice's jumps" \
	    "$(sv jumps)" "$(awk '$1 == "jumps" { print $2 }' "$T/ind.truth")"
else
	expect_fail "hopsites: sites from the data, not yet built" 1 \
	    "^hopsites: .*ind.hop: sites from the data"
fi
# Sites from the data carry no labels: their types come from the
# environment (the man page's default), named A, B, ...; one here, the
# lattice's, and its jump type named by it.
run "$HS" --min-visit 1 --json - --jumps-table "$T/ind.hop"
expect_eq "hopsites: sites from the data: one environment type, A, its jumps A-A@3.00" \
    "$("$PY" -c "
import json, sys
j = json.load(open('$T/out'))
print(j['types_from'], [(t['type'], t['sites']) for t in j['types']],
      [t['jump_type'] for t in j['jump_types']])")" \
    "environment (framework) [('A', 216)] ['A-A@3.00']"
# What only a reference gives is refused without one (it was ignored,
# and --site-labels or --types-from=labels left the sites' types
# unnamed).
for c in "--site-labels=$T/labels:--site-labels labels a reference's sites: give --sites=REF or --match=REF" \
    "--site-species=Li:--site-species picks a reference's sites: give --sites=REF or --match=REF" \
    "--types-from=labels:--types-from=labels: sites from the data have no labels \(give --sites=REF or --match=REF, or --types-from=env\)" \
    "--match-tol=0.3:--match-tol needs --match=REF"; do
	run "$HS" "${c%%:*}" "$T/ind.hop"
	expect_fail "hopsites: ${c%%=*} without a reference" 2 "^hopsites: ${c#*:}$"
done
# The old name of --types-from (--types=LIST names atom types in the
# converters) is a usage error that names the new one.
for o in --types=env --types; do
	run "$HS" $o "$T/ind.hop"
	expect_fail "hopsites: $o: a usage error naming --types-from" 2 \
	    "^hopsites: --types is now --types-from \(--types=LIST names the atom types in lmp2bin and h52bin\)$"
done
printf 'x\n1.0\n1 0 0\n0 1 0\n0 0 1\n' >"$T/short.vasp"
run "$HS" --sites "$T/short.vasp" "$T/ind.hop"
expect_fail "hopsites: a truncated POSCAR" 1 \
    "^hopsites: .*short.vasp:6: unexpected end of file \(want the species names\)$"
"$PY" -c "
print('c\n1.0\n7 0 0\n0 7 0\n0 0 7\nLi\n1\nDirect\n0 0 0')" >"$T/odd.vasp"
run "$HS" --sites "$T/odd.vasp" "$T/ind.hop"
expect_fail "hopsites: a reference cell that does not fit" 1 \
    "^hopsites: .*odd.vasp: the reference's cell \(a 7 b 7 c 7 A\) is not the run's \(a 18 b 18 c 18 A\) nor a supercell of it$"
run "$HS" --sites "$T/sc.vasp" --site-species Na "$T/ind.hop"
expect_fail "hopsites: a site species the reference lacks" 1 \
    "^hopsites: .*sc.vasp: no species 'Na' \(it has Li\)$"
# A reference whose species carry POTCAR suffixes (Li_sv, as VASP 5
# writes them from the POTCARs): the run's Li takes the Li_sv sites, as
# species.c matches elements, with no --site-species.
awk 'NR == 6 { print "Li_sv Zr"; next } NR == 7 { print "216 1"; next }
    { print } END { print "0.0833 0.0833 0.0833" }' "$T/sc.vasp" >"$T/sv.vasp"
run "$HS" --sites "$T/sv.vasp" --min-visit 1 --summary "$T/ind.hop"
expect_rc "hopsites: Li ions take a reference's Li_sv sites" 0
expect_eq "hopsites: Li_sv: the 216 Li_sv sites, not the Zr" "$(sv sites)" 216
expect_eq "hopsites: Li_sv: the jumps of the Li reference" "$(sv jumps)" \
    "$(sv jumps "$T/ind.sum")"
printf 'a b\n' >"$T/labels"
run "$HS" --sites "$T/sc.vasp" --site-labels "$T/labels" "$T/ind.hop"
expect_fail "hopsites: a labels file of the wrong length" 1 \
    "^hopsites: .*labels: 2 labels for 216 sites$"
"$HELPERS/gen-walk" --fractional --frames 10 >"$T/frac.hop"
run "$HS" --sites "$T/sc.vasp" "$T/frac.hop"
expect_fail "hopsites: a wrapped (fractional) stream" 1 \
    "frac.hop: coordinates are fractional \(wrapped\); run unwrap first$"
run "$HS" --sites "$T/sc.vasp" --min-visit 0 "$T/ind.hop"
expect_fail "hopsites: --min-visit 0" 2 \
    "^hopsites: invalid --min-visit '0' \(want 1 to 1000000 frames\)"
run "$HS" --sites "$T/sc.vasp" --jumps-table --summary "$T/ind.hop"
expect_fail "hopsites: two tables" 2 \
    "^hopsites: --sites-table, --jumps-table, --types-table and --summary exclude each other"
run "$HS" --arrhenius "$T/ind.hop"
expect_fail "hopsites --arrhenius: a stream is no table" 1 "^hopsites: "
run "$HS" --arrhenius "$T/labels"
expect_fail "hopsites --arrhenius: a table without the columns" 1 \
    "^hopsites: .*labels: no column 'T_K' \(want the table of hopsites --jumps-table\)$"
# A jump table that is not one run's, unchanged, is refused at its line:
# an edited count, rate or error, a second run's row, a column twice.
jt_edit() { # NAME AWK-PROGRAM WANT
	awk -F '\t' -v OFS='\t' "$2" "$T/a2.tsv" >"$T/edit.tsv"
	run "$HS" --arrhenius "$T/a1.tsv" "$T/edit.tsv" "$T/a3.tsv"
	expect_fail "hopsites --arrhenius: $1" 1 "^hopsites: .*edit.tsv:$3"
}
jt_edit "a count of 2.5" 'NR == 2 { $7 = 2.5 } 1' \
    "2: count 2.5 is not a whole number of jumps$"
jt_edit "a count of 1e300" 'NR == 2 { $7 = "1e300" } 1' \
    "2: count 1e\+300 is not a whole number of jumps$"
jt_edit "a rate edited" 'NR == 2 { $9 = $9 * 1.01 } 1' \
    "2: rate_per_ion_ps .* are not count / exposure_ion_ps and its Poisson error .*: the table was changed$"
jt_edit "an error of 0" 'NR == 2 { $10 = 0 } 1' \
    "2: rate_per_ion_ps .* and drate_per_ion_ps 0 are not"
jt_edit "a distance of nan" 'NR == 2 { $6 = "nan" } 1' \
    "2: distance_A nan is not a positive distance$"
jt_edit "a second run's row" 'NR == 2 { print; $2 = $2 + 100 } 1' \
    "3: T_K 1100 and exposure_ion_ps .* differ from the earlier rows' 1000 and .* \(a table is one run\)$"
jt_edit "a second count column" 'NR == 1 { $0 = $0 "\tcount" } NR > 1 { $0 = $0 "\t1" } 1' \
    " a second column 'count' \(want the table of hopsites --jumps-table\)$"
# Unchanged, the same tables fit (the rows' own rate and error pass).
cp "$T/a2.tsv" "$T/edit.tsv"
run "$HS" --arrhenius "$T/a1.tsv" "$T/edit.tsv" "$T/a3.tsv"
expect_rc "hopsites --arrhenius: unchanged tables pass the checks" 0
