#!/bin/sh
# mk/deps.sh - make sure the Debian packages hoptools needs are installed.
#
# Called by the Makefile before anything is built.  "build" checks what
# compiling needs; "check" also what the test suite needs.  As root it
# installs what is missing with apt-get; otherwise it prints the exact
# command to type and fails.  "tools" (make demo, make bench) is "check"
# without clang.
set -u
what=${1:-build}

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
else
	need libarchive-dev
	need zlib1g-dev
	need libfftw3-dev
	need libgsl-dev
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
fi
if [ "$what" = check ]; then
	# make check compiles every source with clang too and runs the
	# libFuzzer targets briefly; Debian's clang brings libFuzzer along.
	command -v clang >/dev/null 2>&1 || need clang
fi

[ -z "$pkgs" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "mk/deps.sh: installing missing packages:$pkgs" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 && apt-get install -y -qq $pkgs >&2 && exit 0
	echo "mk/deps.sh: apt-get failed; install by hand:$pkgs" >&2
	exit 1
fi
echo "mk/deps.sh: missing packages. Install them with:" >&2
echo "    sudo apt-get install -y$pkgs" >&2
exit 1
