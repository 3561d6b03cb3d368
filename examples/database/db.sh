#!/bin/sh
# db.sh - the two small jobs of the database Makefile that are not one
# hoptools program: which species a run's ions are, and a run's row of
# the summary table.  The Makefile sets HOPCAT and XDAT2BIN.
#
#   sh db.sh species XDATCAR INCAR
#   sh db.sh header
#   sh db.sh row DIR FAMILY MATERIAL T
#   sh db.sh svgprov SVG TEXT
#
# "species" prints the run's mobile species, chosen as msd(1) and
# hophist(1) choose the family species: the first of Li, Na, Ag, Cu, Cl,
# I, Br, F and O present (a name such as Li_sv counts as Li).
#
# "row" prints one tab-separated row from the products in DIR: hops.bin
# (kmeans-hops), hophist.tsv (hophist --summary), hopcorr.tsv (hopcorr)
# and msd.tsv (msd); "header" prints the matching column names.
set -eu
prog=db.sh
die() { echo "$prog: $*" >&2; exit 1; }

case ${1-} in
species)
	[ $# -eq 3 ] || die "usage: db.sh species XDATCAR INCAR"
	# Only the header is needed: --last=0 stops after the first frame.
	head=$("$XDAT2BIN" --last=0 --incar="$3" "$2" | "$HOPCAT" --header)
	printf '%s\n' "$head" | awk -F '\t' -v f="$2" '
		$1 == "species" {
			n = split($2, sp, ",")
			for (i = 1; i <= n; i++) {
				name = sp[i]; sub(/:.*/, "", name)
				sub(/[_\/].*/, "", name); have[name] = sp[i]
				sub(/:.*/, "", have[name])
			}
			m = split("Li Na Ag Cu Cl I Br F O", order, " ")
			for (i = 1; i <= m; i++)
				if (order[i] in have) { print have[order[i]]; exit 0 }
			printf "db.sh: %s: no mobile species (Li, Na, Ag, Cu, Cl, I, Br, F, O); set SPECIES\n", f > "/dev/stderr"
			exit 1
		}
		END { if (NR == 0) exit 1 }'
	;;
header)
	printf 'family\tmaterial\tT_K\tspecies\tions\tframes\tdt_fs\thops'
	printf '\thop_rate_ps\tlength_A\tduration_ps\twait_ps'
	printf '\tD_self_cm2_s\tdD_self_cm2_s\tD_coll_cm2_s\tdD_coll_cm2_s'
	printf '\thaven\tsigma_S_cm\tP_N2\trun\n'
	;;
row)
	[ $# -eq 5 ] || die "usage: db.sh row DIR FAMILY MATERIAL T"
	d=$2
	for f in hops.bin hophist.tsv hopcorr.tsv msd.tsv; do
		[ -s "$d/$f" ] || die "$d/$f: missing or empty"
	done
	# hopcat reads the whole stream, so a damaged one fails here.
	"$HOPCAT" --header "$d/hops.bin" > "$d/.row.head"
	awk -F '\t' -v fam="$3" -v mat="$4" -v T="$5" -v dir="$d" '
		function num(x) { return x == "" ? "nan" : x }
		FILENAME ~ /row\.head$/ {
			if ($1 == "frames") frames = $2
			if ($1 == "dt_fs") dt = $2
			if ($1 == "hops") hops = $2
			if ($1 == "atom_records") ions = $2
			if ($1 == "species") species = $2
			next
		}
		FILENAME ~ /hophist\.tsv$/ {
			if ($1 == "All" && $2 == "length_A") len = $6
			if ($1 == "All" && $2 == "duration_ps") dur = $6
			if ($1 == "All" && $2 == "wait_ps") wait = $6
			next
		}
		FILENAME ~ /hopcorr\.tsv$/ {
			if ($1 == "all" && $2 == "2") pn2 = $4
			next
		}
		FILENAME ~ /msd\.tsv$/ && /^# (run|D_self)/ {
			n = split($0, kv, " ")
			for (i = 2; i <= n; i++) {
				split(kv[i], p, "="); v[p[1]] = p[2]
			}
			next
		}
		END {
			if (frames == "" || v["D_self_cm2_s"] == "")
				exit 1
			t_ps = frames > 1 ? (frames - 1) * dt / 1000 : 0
			rate = ions > 0 && t_ps > 0 ? hops / (ions * t_ps) : "nan"
			# A run without hops has no P(N) at all: P(N=2) is 0.
			if (pn2 == "") pn2 = hops > 0 ? 0 : "nan"
			printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", fam, mat, T,
			    v["species"], ions, frames, dt, hops
			printf "\t%.6g\t%s\t%s\t%s", rate, num(len), num(dur),
			    num(wait)
			printf "\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			    v["D_self_cm2_s"], v["dD_self"], v["D_coll_cm2_s"],
			    v["dD_coll"], v["haven"], v["sigma_S_cm"], pn2, dir
		}' "$d/.row.head" "$d/hophist.tsv" "$d/hopcorr.tsv" "$d/msd.tsv" ||
	    die "$d: cannot make the row (a product lacks its figures)"
	rm -f "$d/.row.head"
	;;
svgprov)
	# TEXT goes into a <metadata> element before the closing </svg>, as
	# an XML comment could not hold the "--" of command lines.
	[ $# -eq 3 ] || die "usage: db.sh svgprov SVG TEXT"
	awk -v t="$3" '
		BEGIN { gsub(/&/, "\\&amp;", t); gsub(/</, "\\&lt;", t)
			gsub(/>/, "\\&gt;", t) }
		$0 == "</svg>" { print "<metadata>" t "</metadata>"; done = 1 }
		{ print }
		END { exit !done }' "$2" > "$2.tmp" ||
	    { rm -f "$2.tmp"; die "$2: not an SVG written by hoptools"; }
	mv "$2.tmp" "$2"
	;;
*)
	die "usage: db.sh species|header|row|svgprov ..."
	;;
esac
