#!/bin/sh
# make-synthetic.sh - the example database's second family, which is
# SYNTHETIC: Li ions hopping between the sites of a toy lattice, drawn at
# random by the test helper gen-traj (tests/helpers/gen-traj.c) with a hop
# rate that follows an Arrhenius law (0.2 eV, 8 hops per 1000 frames per
# ion at 1000 K).  No physics beyond that: it exists so that the
# database's per-family products have two families to compare.
#
#   make -C ../../.. build/rel/tests/gen-traj && sh make-synthetic.sh
#
# Writes ../runs/li/SYNTHETIC-toy/<T>K/XDATCAR.gz and INCAR.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$here/../../..
gen=$top/build/rel/tests/gen-traj
hopcat=$top/bin/hopcat
for T in 600 800 1000; do
	rate=$(awk -v T="$T" 'BEGIN {
		printf "%.4f", 8 * exp(-0.2 / 8.617333262e-5 * (1 / T - 1 / 1000)) }')
	dest=$here/../runs/li/SYNTHETIC-toy/${T}K
	mkdir -p "$dest"
	"$gen" --scenario=random --frames=600 --dt-fs=10 --ions=24 \
	    --mobile=1 --hosts=8 --rate="$rate" --residence=20 --seed="$T" |
	    "$hopcat" --tsv |
	    awk -v L=259.2 -v title="SYNTHETIC gen-traj Li ${T}K" '
		function wrap(x) { x /= L; x -= int(x); if (x < 0) x += 1
			return x >= 1 ? 0 : x }
		NR == 1 { next }
		$1 != frame || NR == 2 {
			if (NR == 2) {
				nat = 0
			} else if (!header) {
				hdr(); header = 1
			}
			if (header) printf "Direct configuration=%6d\n", $1 + 1
			frame = $1
		}
		!header { sp[++nat] = $3; line[nat] = $0; next }
		{ printf "%13.8f%12.8f%12.8f\n", wrap($4), wrap($5), wrap($6) }
		function hdr(  i, n, s, c) {
			printf "%-40s\n%12d\n", title, 1
			printf "%13.6f%12.6f%12.6f\n%13.6f%12.6f%12.6f\n%13.6f%12.6f%12.6f\n",
			    L, 0, 0, 0, L, 0, 0, 0, L
			for (i = 1; i <= nat; i++) c[sp[i]]++
			printf "   Li   O \n%6d%6d\n", c["Li"], c["O"]
			printf "Direct configuration=%6d\n", 1
			for (i = 1; i <= nat; i++) {
				split(line[i], f, "\t")
				printf "%13.8f%12.8f%12.8f\n", wrap(f[4]), wrap(f[5]), wrap(f[6])
			}
		}' | gzip -9n > "$dest/XDATCAR.gz"
	cat > "$dest/INCAR" <<EOI
SYSTEM = SYNTHETIC toy Li lattice ${T}K
# Not a simulation: random hops drawn by gen-traj (make-synthetic.sh),
# ${rate} hops per 1000 frames per ion.
POTIM  = 2.0
NBLOCK = 5
TEBEG  = ${T}.0
EOI
done
