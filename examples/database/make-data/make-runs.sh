#!/bin/sh
# make-runs.sh - make the example database's new CaF2 runs with LAMMPS.
#
#   sh make-runs.sh [T ...]        (default: 1200 1400 1500 1700)
#
# Each temperature T gets ../runs/halide/CaF2/TK/XDATCAR.gz (600 frames,
# 10 fs apart) and an INCAR that says so.  About 2 minutes a run on one
# core; needs lmp (Debian: apt-get install lammps), awk and gzip.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || set -- 1200 1400 1500 1700
for T in "$@"; do
	# T goes into folder names, a sed script and LAMMPS variables.
	case $T in
	'' | *[!0-9]*) printf 'make-runs.sh: %s: not a temperature in K (digits only)\n' "$T" >&2
	    exit 2 ;;
	esac
	case $T in 1200) seed=1012;; 1400) seed=1014;; 1500) seed=1015;;
	1700) seed=1017;; *) seed=$((1000 + T / 100));; esac
	dest=$here/../runs/halide/CaF2/${T}K
	work=$(mktemp -d)
	(cd "$work" && lmp -log lammps.log -screen none -in "$here/caf2.lmp" \
	    -var T "$T" -var seed "$seed")
	mkdir -p "$dest"
	awk -v title="CaF2 3x3x3 LAMMPS ${T}K" -v frames=600 \
	    -f "$here/dump2xdatcar.awk" "$work/dump.lammpstrj" |
	    gzip -9n > "$dest/XDATCAR.gz.tmp"
	mv "$dest/XDATCAR.gz.tmp" "$dest/XDATCAR.gz"
	sed "s/@T@/$T/g" "$here/INCAR.in" > "$dest/INCAR"
	grep '^mean NPT box edge' "$work/lammps.log" | sed "s/^/${T} K: /"
	rm -rf "$work"
done
