#!/bin/sh
# db.sh - the small jobs of the database Makefile that are not one
# hoptools program: which species a run's ions are, a run's row of the
# summary table, provenance, the Arrhenius product and index.html.  The
# Makefile sets HOPCAT, XDAT2BIN and MSD.
#
#   sh db.sh species XDATCAR INCAR
#   sh db.sh header
#   sh db.sh row DIR FAMILY MATERIAL T
#   sh db.sh svgprov SVG TEXT
#   sh db.sh runs RUNS OUT skip|refuse
#   sh db.sh provenance hops|rows OUT ID...
#   sh db.sh provenance table TABLE
#   sh db.sh arrhenius SUMMARY MATERIAL STEM
#   sh db.sh index OUT METHOD ID...
#
# "provenance" prints "# provenance:" lines of a product's inputs: hops,
# the pipeline each run's hops.bin records (hopcat --header); rows, those
# of each run's hophist.tsv, hopcorr.tsv and msd.tsv, once each; table,
# those of TABLE (summary.tsv).
#
# "arrhenius" prints the Arrhenius fit of one material's rows of SUMMARY
# (msd --arrhenius-table --material) with msd's warnings and provenance as
# comment lines, and draws STEM.svg; with fewer than two resolved
# temperatures msd says why, and that goes into the table instead, with
# no figure.
#
# "index" prints OUT/index.html: the summary as an HTML table and every
# figure of OUT with a caption, every name escaped for HTML.
#
# "species" prints the run's mobile species, chosen as msd(1) and
# hophist(1) choose the family species: the first of Li, Na, Ag, Cu, Cl,
# I, Br, F and O present (a name such as Li_sv counts as Li).
#
# "row" prints one tab-separated row from the products in DIR: hops.bin
# (kmeans-hops), hophist.tsv (hophist --summary), hopcorr.tsv (hopcorr)
# and msd.tsv (msd); "header" prints the matching column names.
#
# "runs" prints the runs RUNS/<family>/<material>/<T>K/XDATCAR.gz of the
# tree as family/material/TK, one a line, for the Makefile to read
# before it makes any rule: only the runs whose three folder names are
# in the safe set below.  Each other run is named on stderr and left out
# (skip), or makes the Makefile stop (refuse: the only line printed is
# then ":stop").  A RUNS or OUT outside its own safe set prints ":stop"
# too.  Folder names are data (trees come from archives and colleagues):
# make splits words at blanks, reads $ : % ; = # \ * in rules, and
# recipes are shell code, so a name outside the set never reaches either.
set -eu
prog=db.sh
# (printf, not echo: dash's echo reads backslashes in names as escapes.)
die() { printf '%s: %s\n' "$prog" "$*" >&2; exit 1; }
say() { printf '%s: %s\n' "$prog" "$*" >&2; }

# The safe sets, as the messages state them.
SAFE_NAME='letters, digits and . _ + -, not first . or -'
SAFE_PATH='letters, digits, non-ASCII and . _ + - @ , /, not first -'

# shown STRING: STRING for a message, control characters and backslashes
# written as C escapes (a name may hold a newline).
shown() {
	S=$1 awk 'BEGIN {
		for (i = 1; i < 32; i++) e[sprintf("%c", i)] = sprintf("\\%03o", i)
		e["\n"] = "\\n"; e["\t"] = "\\t"; e["\r"] = "\\r"
		e["\\"] = "\\\\"; e[sprintf("%c", 127)] = "\\177"
		s = ENVIRON["S"]
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1); o = o ((c in e) ? e[c] : c)
		}
		printf "%s", o
	}'
}

# bad_id ID: whether a run's family/material/TK has a folder name outside
# SAFE_NAME.  (LC_ALL=C: the ranges are ASCII bytes.)
bad_id() {
	case /$1/ in
	*//* | */[.-]*) return 0 ;;
	esac
	case $1 in
	*[!A-Za-z0-9._+/-]*) return 0 ;;
	esac
	return 1
}

# bad_path PATH: whether PATH (RUNS or OUT, the user's own) is empty or
# outside SAFE_PATH.
bad_path() {
	case $1 in
	'' | -*) return 0 ;;
	esac
	[ "$(printf '%s|' "$1" | tr -d 'A-Za-z0-9._+@,/\200-\377-')" != '|' ]
}

case ${1-} in
species)
	[ $# -eq 3 ] || die "usage: db.sh species XDATCAR INCAR"
	# Only the header is needed: --last=0 stops after the first frame.
	head=$("$XDAT2BIN" --last=0 --incar="$3" "$2" | "$HOPCAT" --header)
	printf '%s\n' "$head" | F=$2 awk -F '\t' '
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
			printf "db.sh: %s: no mobile species (Li, Na, Ag, Cu, Cl, I, Br, F, O); set SPECIES\n", ENVIRON["F"] > "/dev/stderr"
			exit 1
		}
		END { if (NR == 0) exit 1 }'
	;;
header)
	printf 'family\tmaterial\tT_K\tspecies\tions\tframes\tdt_fs\thops'
	printf '\thop_rate_ps\tlength_A\tduration_ps\twait_ps'
	printf '\tD_self_cm2_s\tdD_self_cm2_s\tD_coll_cm2_s\tdD_coll_cm2_s'
	printf '\thaven\tdhaven\tsigma_S_cm\tdsigma_S_cm\tP_N2\tD_flags\trun\n'
	;;
row)
	[ $# -eq 5 ] || die "usage: db.sh row DIR FAMILY MATERIAL T"
	d=$2
	for f in hops.bin hophist.tsv hopcorr.tsv msd.tsv; do
		[ -s "$d/$f" ] || die "$d/$f: missing or empty"
	done
	# hopcat reads the whole stream, so a damaged one fails here.
	"$HOPCAT" --header "$d/hops.bin" > "$d/.row.head"
	# The names come through the environment, as awk -v would read
	# backslashes in them as escapes, and leave escaped for TSV.
	FAM=$3 MAT=$4 T=$5 DIR=$d awk -F '\t' '
		function num(x) { return x == "" ? "nan" : x }
		# tsv(s): s with backslash, tab, newline and CR as \\ \t \n \r.
		function tsv(s,  i, c, o) {
			for (i = 1; i <= length(s); i++) {
				c = substr(s, i, 1)
				if (c == "\\") c = "\\\\"
				else if (c == "\t") c = "\\t"
				else if (c == "\n") c = "\\n"
				else if (c == "\r") c = "\\r"
				o = o c
			}
			return o
		}
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
			printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", tsv(ENVIRON["FAM"]),
			    tsv(ENVIRON["MAT"]), tsv(ENVIRON["T"]),
			    v["species"], ions, frames, dt, hops
			printf "\t%.6g\t%s\t%s\t%s", rate, num(len), num(dur),
			    num(wait)
			# msd names the uncertainties dD_self_cm2_s and
			# dD_coll_cm2_s since its ML estimator, dD_self and
			# dD_coll before.
			printf "\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			    v["D_self_cm2_s"],
			    num(v["dD_self_cm2_s"] != "" ? v["dD_self_cm2_s"] : v["dD_self"]),
			    num(v["D_coll_cm2_s"]),
			    num(v["dD_coll_cm2_s"] != "" ? v["dD_coll_cm2_s"] : v["dD_coll"]),
			    num(v["haven"]), num(v["dhaven"]), num(v["sigma_S_cm"]),
			    num(v["dsigma_S_cm"] != "" ? v["dsigma_S_cm"] : v["dsigma"]),
			    pn2, v["flags"] != "" ? v["flags"] : "ok",
			    tsv(ENVIRON["DIR"])
		}' "$d/.row.head" "$d/hophist.tsv" "$d/hopcorr.tsv" "$d/msd.tsv" ||
	    die "$d: cannot make the row (a product lacks its figures)"
	rm -f "$d/.row.head"
	;;
svgprov)
	# TEXT goes into a <metadata> element before the closing </svg>, as
	# an XML comment could not hold the "--" of command lines.
	[ $# -eq 3 ] || die "usage: db.sh svgprov SVG TEXT"
	T=$3 awk '
		BEGIN { t = ENVIRON["T"]; gsub(/&/, "\\&amp;", t); gsub(/</, "\\&lt;", t)
			gsub(/>/, "\\&gt;", t) }
		$0 == "</svg>" { print "<metadata>" t "</metadata>"; done = 1 }
		{ print }
		END { exit !done }' "$2" > "$2.tmp" ||
	    { rm -f "$2.tmp"; die "$2: not an SVG written by hoptools"; }
	mv "$2.tmp" "$2"
	;;
runs)
	[ $# -eq 4 ] || die "usage: db.sh runs RUNS OUT skip|refuse"
	LC_ALL=C
	export LC_ALL
	case $4 in
	skip | refuse) ;;
	*) say "UNSAFE=$(shown "$4"): expected skip or refuse"
	   echo :stop; exit 0 ;;
	esac
	stop=
	if bad_path "$2"; then
		say "RUNS=$(shown "$2"): unsafe path (allowed: $SAFE_PATH)"
		stop=1
	fi
	if bad_path "$3"; then
		say "OUT=$(shown "$3"): unsafe path (allowed: $SAFE_PATH)"
		stop=1
	fi
	[ -z "$stop" ] || { echo :stop; exit 0; }
	# The runs make's $(wildcard RUNS/*/*/*K/XDATCAR.gz) would find, but
	# with every character of their names intact.
	ids=
	for x in "$2"/*/*/*K/XDATCAR.gz; do
		if [ -L "$x" ] && [ ! -e "$x" ]; then
			# A tree copied with its links but not what they
			# point to (cp -r of the bundled runs).
			say "$(shown "$x"): a link to nothing, run skipped (copy with cp -rL)"
			continue
		fi
		[ -e "$x" ] || continue
		id=${x#"$2"/}
		id=${id%/XDATCAR.gz}
		if ! bad_id "$id"; then
			ids="$ids$id
"
		elif [ "$4" = skip ]; then
			say "$(shown "$2/$id"): unsafe name, run skipped (allowed: $SAFE_NAME)"
		else
			say "$(shown "$2/$id"): unsafe name (allowed: $SAFE_NAME)"
			stop=1
		fi
	done
	if [ -n "$stop" ]; then echo :stop; else printf '%s' "$ids"; fi
	;;
provenance)
	[ $# -ge 3 ] || die "usage: db.sh provenance hops|rows|table ..."
	case $2 in
	hops)
		out=$3
		shift 3
		for id; do
			"$HOPCAT" --header "$out/$id/hops.bin" | ID=$id awk -F '\t' '
				$1 == "provenance" { p = p (p == "" ? "" : " | ") $2 }
				END { printf "# provenance: %s/hops.bin: %s\n", ENVIRON["ID"], p }'
		done
		;;
	rows)
		out=$3
		shift 3
		# A run's own lines gain its id; its hops.bin's have it.
		for id; do
			for f in hophist.tsv hopcorr.tsv msd.tsv; do
				ID=$id F=$f awk '
					!/^# provenance: / { next }
					/^# provenance: [^ ]*\/hops\.bin: / { print; next }
					{ sub(/^# provenance: /, "")
					  printf "# provenance: %s/%s: %s\n", ENVIRON["ID"], ENVIRON["F"], $0 }' \
				    "$out/$id/$f"
			done
		done | awk '!seen[$0]++'
		;;
	table)
		grep '^# provenance: ' "$3" | sed "s|^# provenance: |# provenance: $(basename "$3"): |"
		;;
	*) die "usage: db.sh provenance hops|rows|table ..." ;;
	esac
	;;
arrhenius)
	[ $# -eq 4 ] || die "usage: db.sh arrhenius SUMMARY MATERIAL STEM"
	rm -f "$4.svg" "$4.err"
	cmd="$MSD --arrhenius-table=$2 --material=$3 --svg=$4.svg"
	rc=0
	$cmd > "$4.fit" 2> "$4.err" || rc=$?
	# Exit status 1 is msd's "no fit" (fewer than two resolved
	# temperatures); anything else is a failure of its own.
	if [ $rc -eq 1 ]; then
		rm -f "$4.svg"
		printf '# no fit: fewer than two temperatures with a resolved D*, so no Arrhenius figure\n'
	elif [ $rc -ne 0 ]; then
		cat "$4.err" >&2
		rm -f "$4.fit" "$4.err" "$4.svg"
		die "$3: msd --arrhenius-table failed (exit status $rc)"
	fi
	prov=$(sh "$0" provenance table "$2"
	    printf '# provenance: %s: %s\n' "$("$MSD" --version)" "$cmd")
	cat "$4.fit"
	sed 's/^/# /' "$4.err"
	printf '%s\n' "$prov"
	[ ! -s "$4.svg" ] ||
	    sh "$0" svgprov "$4.svg" "$(printf '%s\n' "$prov" | sed 's/^# //')"
	rm -f "$4.fit" "$4.err"
	;;
index)
	[ $# -ge 3 ] || die "usage: db.sh index OUT METHOD ID..."
	out=$2
	method=$3
	shift 3
	sum=$out/summary.tsv
	[ -s "$sum" ] || die "$sum: missing or empty"
	# h TEXT: TEXT escaped for HTML text and attribute values.
	h() {
		printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' \
		    -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' -e "s/'/\&#39;/g"
	}
	# figure SVG CAPTION: the figure OUT/SVG with its caption (HTML),
	# when msd, hopcorr, ... drew it.
	figure() {
		[ -s "$out/$1" ] || return 0
		printf '<figure><a href="%s"><img src="%s" alt="%s"></a>\n' \
		    "$(h "$1")" "$(h "$1")" "$(h "$1")"
		printf '<figcaption>%s <span class="file">(%s)</span></figcaption></figure>\n' "$2" "$(h "$1")"
	}
	# col MATERIAL COLUMN: the values of a summary column for one
	# material's rows, once each, comma-separated.
	col() {
		M=$1 C=$2 awk -F '\t' '
			/^#/ { next }
			!h { for (i = 1; i <= NF; i++) k[$i] = i; h = 1; next }
			$k["material"] == ENVIRON["M"] && !seen[$k[ENVIRON["C"]]]++ {
				o = o (o == "" ? "" : ", ") $k[ENVIRON["C"]] }
			END { print o }' "$sum"
	}
	materials=$(for id; do m=${id#*/}; echo "${m%%/*}"; done | LC_ALL=C sort -u)
	cat <<EOH
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>hoptools database: $(h "$out")</title>
<style>
body { font-family: sans-serif; margin: 1em 2em; color: #222; }
table { border-collapse: collapse; font-size: 80%; }
.wide { overflow-x: auto; }
th, td { border: 1px solid #bbb; padding: 2px 5px; text-align: right; }
th { background: #eee; }
figure { display: inline-block; vertical-align: top; margin: 1em 0.5em; max-width: 46%; }
figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: 90%; }
.file, pre { color: #666; font-size: 80%; }
pre { white-space: pre-wrap; }
</style>
</head>
<body>
<h1>hoptools database: $(h "$out")</h1>
<p>$# runs, $(printf '%s\n' "$materials" | grep -c .) materials; hops found by
kmeans-hops in the <b>$(h "$method")</b> mode (METHOD=$(h "$method")).
Every product is a file beside this page; each ends with its provenance.</p>
<h2>Summary</h2>
<p>One row per run (<a href="summary.tsv">summary.tsv</a>): D*, D_coll, the
Haven ratio and the conductivity &sigma; each with its uncertainty (the d
columns), nan where a value does not exist.</p>
EOH
	awk -F '\t' '
		function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s)
			gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s)
			gsub(/\047/, "\\&#39;", s); return s }
		/^#/ { prov = prov esc(substr($0, 3)) "\n"; next }
		{ printf "<tr>"
		  for (i = 1; i <= NF; i++)
			printf (NR == 1 ? "<th>%s</th>" : "<td>%s</td>"), esc($i)
		  printf "</tr>\n" }
		BEGIN { print "<div class=\"wide\"><table>" }
		END { print "</table></div>"
		      printf "<details><summary>Provenance of summary.tsv</summary><pre>%s</pre></details>\n", prov }' "$sum"
	printf '<h2>Arrhenius fits, per material</h2>\n'
	for m in $materials; do
		a=$out/arrhenius-$m.tsv
		[ -s "$a" ] || continue
		fit=$(grep '^# Ea_eV=' "$a" || true)
		if [ -n "$fit" ]; then
			cap=$(printf '%s\n' "$fit" | M=$(h "$m") S=$(h "$(col "$m" species)") awk '{
				for (i = 2; i <= NF; i++) { split($i, p, "="); v[p[1]] = p[2] }
				printf "%s (%s): ln D* against 1/T over %s resolved temperatures (%s upper bounds drawn as triangles, left out). ", ENVIRON["M"], ENVIRON["S"], v["points"], v["upper"]
				printf "E<sub>a</sub> = %.3g &plusmn; %.2g eV; D*(300 K) = %.3g cm&sup2;/s (68%%: %.3g to %.3g); ", v["Ea_eV"], v["dEa_eV"], v["D_300K_cm2_s"], v["D_300K_lo"], v["D_300K_hi"]
				printf "&sigma;(300 K) = %.3g S/cm (68%%: %.3g to %.3g), E<sub>a,&sigma;</sub> = %.3g &plusmn; %.2g eV.", v["sigma_300K_S_cm"], v["sigma_300K_lo"], v["sigma_300K_hi"], v["Ea_sigma_eV"], v["dEa_sigma_eV"] }')
			figure "arrhenius-$m.svg" "$cap <a href=\"$(h "arrhenius-$m.tsv")\">table</a>"
		else
			printf '<p><b>%s</b>: no Arrhenius fit, so no figure (<a href="%s">%s</a>):</p>\n<pre>%s</pre>\n' \
			    "$(h "$m")" "$(h "arrhenius-$m.tsv")" "$(h "arrhenius-$m.tsv")" \
			    "$(grep -v '^# provenance: ' "$a" | grep '^# ' | sed 's/^# //' | while IFS= read -r l; do h "$l"; echo; done)"
		fi
	done
	printf '<h2>Correlated hops: P(N)</h2>\n'
	figure correlations.svg "P(N), the fraction of hops moving together with N - 1 others, per temperature over every material and overall, with the fit A + B exp(-C N)."
	for m in $materials; do
		figure "correlations-$m.svg" "P(N) of $(h "$m") per temperature and over its runs, with the fit A + B exp(-C N)."
	done
	printf '<h2>Hop lengths and descriptors</h2>\n'
	figure lengths.svg "Hop-length distribution per family: histograms and violins."
	figure descriptors.svg "Hop descriptors (rate, length, duration, waiting time) against D* and &sigma;: the strongest correlations across runs."
	printf '<h2>Mean-squared displacements, per run</h2>\n'
	for id; do
		figure "$id/msd.svg" "$(h "$id"): tracer and collective MSD of $(h "$(col "$(echo "$id" | cut -d/ -f2)" species)") with the fits giving D* and D_coll."
	done
	printf '</body>\n</html>\n'
	;;
*)
	die "usage: db.sh species|header|row|svgprov|runs|provenance|arrhenius|index ..."
	;;
esac
