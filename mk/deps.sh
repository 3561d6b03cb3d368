#!/bin/sh
# mk/deps.sh - check for, and on request install, the Debian packages
# hoptools needs.
#
#   sh mk/deps.sh [--install] build|tools|check [GOAL...]
#
# "build" is what compiling needs (a C compiler, pkg-config and the -dev
# packages of libarchive, zlib, FFTW 3, GSL, libxml2, HDF5 and cJSON); "tools" adds what the
# test data, make demo and make bench use; "check" adds clang, GNU
# parallel, Chromium, and as root Slurm (slurmctld, slurmd, slurm-client)
# and munge.
#
# Without --install (plain make, make install) it only checks: anything
# missing is named with the exact apt-get command to type, and it fails.
# With --install (the Makefile passes it for make demo, check, bench,
# fuzz and check-large only) and run as root, it says which packages the
# GOALs need and installs them with apt-get; not as root it prints the
# command and fails.  Nothing is installed when nothing is missing.
set -u
install=no
if [ "${1:-}" = --install ]; then install=yes; shift; fi
what=${1:-build}
[ $# -gt 0 ] && shift
goals=$*

pkgs=""
need() { pkgs="$pkgs $1"; }

command -v cc >/dev/null 2>&1 || need gcc
command -v make >/dev/null 2>&1 || need make
command -v pkg-config >/dev/null 2>&1 || need pkg-config
if command -v pkg-config >/dev/null 2>&1; then
	pkg-config --exists libarchive || need libarchive-dev
	pkg-config --exists zlib || need zlib1g-dev
	pkg-config --exists fftw3 || need libfftw3-dev
	pkg-config --exists gsl || need libgsl-dev
	pkg-config --exists libxml-2.0 || need libxml2-dev
	pkg-config --exists hdf5 || need libhdf5-dev
	pkg-config --exists libcjson || need libcjson-dev
else
	need libarchive-dev
	need zlib1g-dev
	need libfftw3-dev
	need libgsl-dev
	need libxml2-dev
	need libhdf5-dev
	need libcjson-dev
fi
if [ "$what" = check ] || [ "$what" = tools ]; then
	# Compressors and archivers make the test inputs; mandoc lints the
	# manual; xmllint checks the SVG output.
	command -v gzip >/dev/null 2>&1 || need gzip
	command -v xz >/dev/null 2>&1 || need xz-utils
	command -v bzip2 >/dev/null 2>&1 || need bzip2
	command -v zstd >/dev/null 2>&1 || need zstd
	command -v bsdtar >/dev/null 2>&1 || need libarchive-tools
	command -v mandoc >/dev/null 2>&1 || need mandoc
	command -v xmllint >/dev/null 2>&1 || need libxml2-utils
	command -v rsvg-convert >/dev/null 2>&1 || need librsvg2-bin
	command -v awk >/dev/null 2>&1 || need mawk
	# make bench measures wall time and peak memory with GNU time.
	[ -x /usr/bin/time ] || need time
	# Tests parse --json output and compare with independent numpy
	# computations.
	# Debian's python3 (a python3 earlier on PATH may lack numpy).
	[ -x /usr/bin/python3 ] || need python3
	/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1 ||
	    need python3-numpy
	# scipy: independent references (chi2, sparse graphs, filters).
	/usr/bin/python3 -c 'import scipy' >/dev/null 2>&1 ||
	    need python3-scipy
	# The readers' tests check against independent readers and writers:
	# pymatgen's Vasprun, h5py for HDF5 files, ASE for .traj and CP2K.
	/usr/bin/python3 -c 'import ase' >/dev/null 2>&1 || need python3-ase
	/usr/bin/python3 -c 'import h5py' >/dev/null 2>&1 || need python3-h5py
	/usr/bin/python3 -c 'import pymatgen.io.vasp' >/dev/null 2>&1 ||
	    need python3-pymatgen
fi
if [ "$what" = check ]; then
	# h52bin's test reads an H5MD file that MDAnalysis' own writer made.
	/usr/bin/python3 -c 'import MDAnalysis' >/dev/null 2>&1 ||
	    need python3-mdanalysis
fi
if [ "$what" = check ]; then
	# make check compiles every source with clang too and runs the
	# libFuzzer targets briefly; Debian's clang brings libFuzzer along.
	command -v clang >/dev/null 2>&1 || need clang
	# tests/cli/cluster.sh runs examples/cluster's recipe through GNU
	# parallel, as its README shows.
	command -v parallel >/dev/null 2>&1 || need parallel
	# tests/cli/database-html.sh takes a screenshot of the database's
	# page in headless Chromium, to see that its figures load.
	command -v chromium >/dev/null 2>&1 || need chromium
	# As root, make check starts a one-node Slurm cluster on this
	# machine (tests/cli/slurm.sh); not as root that test skips.
	if [ "$(id -u)" = 0 ]; then
		[ -x /usr/sbin/slurmctld ] || need slurmctld
		[ -x /usr/sbin/slurmd ] || need slurmd
		command -v sbatch >/dev/null 2>&1 || need slurm-client
		[ -x /usr/sbin/munged ] || need munge
	fi
fi

[ -z "$pkgs" ] && exit 0

for_goals=${goals:+ for make $goals}
if [ $install = yes ] && [ "$(id -u)" = 0 ] &&
    command -v apt-get >/dev/null 2>&1; then
	echo "mk/deps.sh: installing the missing Debian packages$for_goals" \
	    "with apt-get:$pkgs" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 && apt-get install -y -qq $pkgs >&2 && exit 0
	echo "mk/deps.sh: apt-get failed; install by hand:" >&2
	echo "    sudo apt-get install -y$pkgs" >&2
	exit 1
fi
echo "mk/deps.sh: missing Debian packages$for_goals. Install them with:" >&2
echo "    sudo apt-get install -y$pkgs" >&2
if [ $install = no ]; then
	echo "(make demo and make check, run as root, install them" \
	    "themselves.)" >&2
fi
exit 1
