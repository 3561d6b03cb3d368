# hopsites-vacancy.sh - vacancy dynamics against the random walk of one
# vacancy on a simple cubic lattice (gen-lattice --mode vacancy): the
# vacancy jumps to one of its 6 neighbours with probability p per frame,
# so D_vac = Gamma lambda^2 / 6 = p a^2 / (6 dt) exactly; the vacancy
# count is sites - ions; the trajectory files read back by ASE; and the
# warnings and flags when sites do not outnumber the ions or vacancies
# are not conserved.

HS=$BIN/hopsites
GL=$HELPERS/gen-lattice
PY=/usr/bin/python3

sv() { sed -n "s/^$1=//p" "${2:-$T/out}"; }

# --- one vacancy on 8^3 sites: p = 0.2, a = 3 A, dt = 0.1 ps ---
# D_vac = 0.2 * 9 / (6 * 0.1) = 3 A^2/ps = 3e-4 cm^2/s.
dvac=3e-4
ok=0
for seed in 1 2 3 4; do
	"$GL" --bare --mode vacancy --size 8 --vacancies 1 --prob 0.2 \
	    --frames 12000 --dt-fs 100 --seed $seed --poscar "$T/sc8.vasp" \
	    --truth "$T/v1.truth" >"$T/v1.hop"
	n=$(awk '$1 == "jumps" { print $2 }' "$T/v1.truth")
	run "$HS" --sites "$T/sc8.vasp" --min-visit 1 --no-tracer --summary \
	    "$T/v1.hop"
	expect_rc "hopsites: one vacancy, seed $seed" 0
	d=$(sv D_vac_cm2_s)
	dd=$(sv dD_vac_cm2_s)
	# Within 3 standard errors each time, and within 2 in most runs.
	near "hopsites: D_vac = p a^2 / (6 dt), seed $seed (got $d +- $dd)" \
	    "$d" $dvac "$(awk -v e="$dd" 'BEGIN { print 3 * e }')"
	ok=$((ok + $(awk -v d="$d" -v e="$dd" -v w=$dvac \
	    'BEGIN { print (d - w) ^ 2 < 4 * e * e }')))
	# The vacancy's jumps alone: every jump of the walk is seen, so
	# D_vac_jump = n a^2 / (6 t) with the generator's count n.
	rel_near "hopsites: D_vac_jump = n a^2 / (6 t), seed $seed" \
	    "$(sv D_vac_jump_cm2_s)" \
	    "$(awk -v n="$n" 'BEGIN { print n * 9 / (6 * 1199.9) * 1e-4 }')" \
	    1e-5
	expect_eq "hopsites: vacancies = 512 sites - 511 ions, seed $seed" \
	    "$(sv vacancies_min) $(sv vacancies_max) $(sv vacancies_mean)" \
	    "1 1 1"
done
expect_eq "hopsites: D_vac within 2 standard errors in 3 or more of 4" \
    "$(awk -v n=$ok 'BEGIN { print (n >= 3) }')" 1

# --- four vacancies, p = 1: the tracer relation D* = f (N_v/N) D_vac ---
# With vacancies this dilute (4 of 512 sites) f_vacancy = D* N /
# (N_v D_vac) is the tracer correlation factor: it must agree with
# f = D*/D_jump (0.653 on simple cubic; an 8^3 cell raises it to about
# 0.69), and D_vac = 1 * 9 / (6 * 0.1) = 15 A^2/ps.
"$GL" --bare --mode vacancy --size 8 --vacancies 4 --prob 1 --frames 2000 \
    --dt-fs 100 --seed 3 >"$T/v4.hop"
run "$HS" --sites "$T/sc8.vasp" --min-visit 1 --summary \
    --vacancies "$T/v4.tsv" --vacancies-xyz "$T/v4.xyz" --json "$T/v4.json" \
    "$T/v4.hop"
expect_rc "hopsites: four vacancies" 0
cp "$T/out" "$T/v4.sum"
near "hopsites: D_vac of four vacancies (got $(sv D_vac_cm2_s "$T/v4.sum"))" \
    "$(sv D_vac_cm2_s "$T/v4.sum")" 1.5e-3 \
    "$(awk -v e="$(sv dD_vac_cm2_s "$T/v4.sum")" 'BEGIN { print 3 * e }')"
fv=$(sv f_vacancy "$T/v4.sum")
dfv=$(sv df_vacancy "$T/v4.sum")
near "hopsites: f_vacancy = f (got $fv +- $dfv, f $(sv f "$T/v4.sum"))" \
    "$fv" "$(sv f "$T/v4.sum")" "$(awk -v a="$dfv" -v b="$(sv df "$T/v4.sum")" \
    'BEGIN { print 3 * sqrt(a * a + b * b) }')"
expect_eq "hopsites: conserved vacancies: no birth, no death" \
    "$(sv vacancy_births "$T/v4.sum") $(sv vacancy_deaths "$T/v4.sum") $(sv vacancies_conserved "$T/v4.sum")" \
    "0 0 4"
# The trajectory files, checked against each other and the generator
# independently: the TSV's unwrapped steps are lattice vectors (a
# multiple of 3 A along each axis: one spacing, or more when ions moved
# in a chain within one frame), one per vacancy jump; ASE reads the XYZ.
run "$PY" -c "
import numpy as np, json
from ase.io import read
t = np.genfromtxt('$T/v4.tsv', names=True, delimiter='\t', dtype=None,
                  encoding=None)
assert list(t.dtype.names) == ['frame', 'time_ps', 'vacancy', 'site',
                               'type', 'x_A', 'y_A', 'z_A']
fr = read('$T/v4.xyz', index=':')
pos = np.array([[t['x_A'][(t['frame'] == f) & (t['vacancy'] == v)][0],
                 t['y_A'][(t['frame'] == f) & (t['vacancy'] == v)][0],
                 t['z_A'][(t['frame'] == f) & (t['vacancy'] == v)][0]]
                for f in range(0, 2000, 500) for v in range(4)])
step, lat = [], []
for v in range(4):
    r = np.stack([t[a][t['vacancy'] == v] for a in ('x_A', 'y_A', 'z_A')], 1)
    d = np.diff(r, axis=0)
    step.append(np.linalg.norm(d, axis=1))
    lat.append(np.allclose(d / 3, np.round(d / 3), atol=1e-3))
step = np.concatenate(step)
big = np.sum(step > 0.1)
lat = all(lat)
u = np.array([a.arrays['unwrapped'] for a in fr])
j = json.load(open('$T/v4.json'))
print(len(fr), len(fr[0]), lat,
      big, np.allclose(u[::500].reshape(-1, 3), pos, atol=1e-3),
      j['vacancies']['jumps'], j['vacancies']['conserved'],
      'vacancies_not_conserved' in j['flags'])"
expect_rc "hopsites: the vacancy TSV and XYZ read back" 0
set -- $(cat "$T/out")
expect_eq "hopsites: the XYZ has 2000 frames of 4 vacancies" "$1 $2" "2000 4"
expect_eq "hopsites: every vacancy step is a lattice vector" "$3" True
expect_eq "hopsites: the TSV's steps are the vacancy jumps" "$4" "$6"
expect_eq "hopsites: XYZ unwrapped = TSV positions" "$5" True
expect_eq "hopsites: JSON: 4 conserved, no flag" "$7 $8" "4 False"

# --- as many ions as sites: a warning and a flag ---
"$GL" --bare --mode vacancy --size 4 --vacancies 1 --prob 0.2 --frames 200 \
    --poscar "$T/sc4.vasp" >"$T/v0.hop"
"$PY" -c "
import numpy as np
print('63 sites\n1.0\n12 0 0\n0 12 0\n0 0 12\nLi\n63\nDirect')
for i in range(4):
    for j in range(4):
        for k in range(4):
            if (i, j, k) != (3, 3, 3):
                print(i / 4, j / 4, k / 4)" >"$T/sc4-63.vasp"
run "$HS" --sites "$T/sc4-63.vasp" --min-visit 1 --json - \
    --vacancies "$T/v0.tsv" "$T/v0.hop"
expect_rc "hopsites: fewer sites than ions still runs" 0
expect_eq "hopsites: sites_not_outnumbering_ions flag" \
    "$("$PY" -c "import json, sys; j = json.load(open('$T/out'))
print('sites_not_outnumbering_ions' in j['flags'])")" True
expect_err "hopsites: the warning says sites do not outnumber the ions" \
    "sites do not outnumber the ions"

# --- independent ions: vacancies appear and vanish, with a warning ---
"$GL" --bare --mode independent --ions 50 --frames 1000 --prob 0.05 \
    --size 6 --poscar "$T/sc6.vasp" >"$T/ind.hop"
run "$HS" --sites "$T/sc6.vasp" --min-visit 1 --json - "$T/ind.hop"
expect_rc "hopsites: independent ions" 0
expect_eq "hopsites: independent ions share sites: vacancies not conserved" \
    "$("$PY" -c "import json; j = json.load(open('$T/out'))
print('vacancies_not_conserved' in j['flags'],
      'vacancy_relation_not_meaningful' in j['flags'],
      j['vacancies']['births'] > 0)")" "True True True"
expect_err "hopsites: the warning names births and deaths" \
    "vacancies appeared and"

# --- one vacancy, 6 jumps: too few for D_vac, so no number ---
# (it printed D_vac 3.1e-5 and f_vacancy 0.97 beside the warning "too
# few for D_vac").
"$GL" --bare --mode vacancy --size 4 --vacancies 1 --prob 0.02 \
    --frames 300 --seed 2 --poscar "$T/sc4.vasp" --truth "$T/few.truth" \
    >"$T/few.hop"
run "$HS" --sites "$T/sc4.vasp" --min-visit 1 --summary "$T/few.hop"
expect_eq "hopsites: 6 vacancy jumps: D_vac and f_vacancy nan, flagged" \
    "$(grep -E '^(vacancy_jumps|D_vac_cm2_s|f_vacancy)=' "$T/out" |
    cut -d= -f2 | tr '\n' ' ')$(grep -c '^flags=.*no_vacancy_D' "$T/out")" \
    "6 nan nan 1"
expect_err "hopsites: 6 vacancy jumps: warned" \
    "^hopsites: warning: .*few.hop: 6 vacancy jumps: too few for D_vac$"
