# hopsites-jobs.sh - hopsites gives the same results whatever -j: the
# sites from the data (pooled and followed by the threads), every frame's
# assignment (frames shared by the threads), the density files (formatted
# by the threads) and D* (ions shared by the threads).  Tables, the
# sites, the vacancies and the CHGCAR and cube files must be the same
# byte for byte with -j 1 and -j 3; the JSON's numbers the same within a
# relative 1e-9 (D* sums the ions' mean squared displacements in another
# order with other threads), its strings and integers exactly.

HS=$BIN/hopsites
GL=$HELPERS/gen-lattice
PY=/usr/bin/python3

"$GL" --mode vacancy --size 6 --vacancies 4 --frames 1500 --prob 0.05 \
    --dt-fs 100 --poscar "$T/sc.vasp" >"$T/vac.hop"
"$GL" --bare --mode independent --size 6 --ions 150 --frames 1500 \
    --prob 0.02 --dt-fs 100 >"$T/ind.hop"

# both TAG INPUT ARGS...: hopsites with -j 1 and -j 3, every output.
both() {
	_tag=$1 _in=$2
	shift 2
	for _j in 1 3; do
		run "$HS" -q -j "$_j" "$@" --min-visit 2 --grid 0.5 \
		    --json "$T/$_tag.$_j.json" --chgcar "$T/$_tag.$_j.CHGCAR" \
		    --cube "$T/$_tag.$_j.cube" --sites-out "$T/$_tag.$_j.xyz" \
		    --vacancies "$T/$_tag.$_j.vac" "$_in"
		expect_rc "hopsites -j $_j: $_tag runs" 0
		cp "$T/out" "$T/$_tag.$_j.sites"
		run "$HS" -q -j "$_j" "$@" --min-visit 2 --jumps-table "$_in"
		cp "$T/out" "$T/$_tag.$_j.jumps"
	done
	for _f in sites jumps xyz vac CHGCAR cube; do
		expect_same "hopsites: $_tag: -j 1 and -j 3 give the same $_f" \
		    "$T/$_tag.1.$_f" "$T/$_tag.3.$_f"
	done
	run "$PY" - "$T/$_tag.1.json" "$T/$_tag.3.json" <<'PYEOF'
import json, math, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
bad = []
def cmp(x, y, path):
    if isinstance(x, float) or isinstance(y, float):
        if x is None or y is None:
            if x is not y:
                bad.append(path)
        elif math.isnan(x) or math.isnan(y):
            if not (math.isnan(x) and math.isnan(y)):
                bad.append(path)
        elif abs(x - y) > 1e-9 * max(abs(x), abs(y)):
            bad.append(path)
    elif isinstance(x, dict):
        if sorted(x) != sorted(y):
            bad.append(path)
        for k in x:
            if k in y:
                cmp(x[k], y[k], path + "." + k)
    elif isinstance(x, list):
        if len(x) != len(y):
            bad.append(path)
        for i, (u, v) in enumerate(zip(x, y)):
            cmp(u, v, "%s[%d]" % (path, i))
    elif x != y:
        bad.append(path)
cmp(a, b, "")
if a.get("jumps", 0) < 100:
    bad.append("too few jumps for the test: %s" % a.get("jumps"))
print(" ".join(bad[:5]) or "same")
PYEOF
	expect_eq "hopsites: $_tag: -j 1 and -j 3 give the same JSON (1e-9)" \
	    "$(cat "$T/out")" same
}

both reference "$T/vac.hop" --sites "$T/sc.vasp"
both data "$T/vac.hop"
both bare-data "$T/ind.hop"
