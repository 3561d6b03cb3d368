# hoptools: one non-recursive Makefile.
#
#   make              build every tool into bin/ (WERROR=1: with -Werror)
#   make check        unit and end-to-end tests, then again under
#                     AddressSanitizer + UndefinedBehaviorSanitizer;
#                     everything compiled with -Werror (WERROR=0: not)
#   make demo         the main pipeline on the bundled example
#   make bench        measured speed figures
#   make check-slurm  the Slurm test alone: a one-node cluster on this
#                     machine (root; make check runs it too when it can)
#   make install      PREFIX=/usr/local; DESTDIR, BINDIR, MANDIR and
#                     PYTHONDIR honoured
#   make uninstall    removes what make install put there
#
# CC, CFLAGS, CPPFLAGS, LDFLAGS and LDLIBS are honoured; changing any of
# them (or WERROR) rebuilds what they affect (build/flags/).
#
# mk/deps.sh checks the Debian packages a build needs.  Only the goals the
# README names for a fresh machine (demo, check, bench, and fuzz and
# check-large) let it install what is missing, as root, saying what it
# installs; the others (make, make install) print the apt-get command to
# type and stop.  make clean, make uninstall and make -n never run it.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
PYTHONDIR ?= $(PREFIX)/lib/python3/dist-packages
INSTALL ?= install
OPT ?= -O2 -g
CLANG ?= clang

# -n (--dry-run, --just-print, --recon) among make's flags.
DRYRUN := $(findstring n,$(firstword -$(MAKEFLAGS)))
DEPS_INSTALL_GOALS := demo check bench fuzz check-large check-slurm
DEPS_NONE_GOALS := clean uninstall
DEPS_KIND := $(if $(filter check check-% fuzz,$(MAKECMDGOALS)),check,\
	$(if $(filter demo bench,$(MAKECMDGOALS)),tools,build))
DEPS_ARGS := $(if $(filter $(DEPS_INSTALL_GOALS),$(MAKECMDGOALS)),\
	--install $(DEPS_KIND) $(filter $(DEPS_INSTALL_GOALS),$(MAKECMDGOALS)),\
	$(DEPS_KIND))
DEPS_RUN := $(strip $(if $(DRYRUN),,$(if $(MAKECMDGOALS),\
	$(filter-out $(DEPS_NONE_GOALS),$(MAKECMDGOALS)),all)))
ifneq ($(DEPS_RUN),)
DEPS_OK := $(shell sh mk/deps.sh $(DEPS_ARGS) >&2 && echo ok)
ifneq ($(DEPS_OK),ok)
$(error missing packages: see the message above)
endif
endif

# -Werror: on for make check (and so CI), opt-in (WERROR=1) otherwise.
WERROR ?= $(if $(filter check,$(MAKECMDGOALS)),1,0)
WERROR_ON := $(filter 1 yes,$(WERROR))

PKGS := libarchive zlib fftw3 gsl libxml-2.0 hdf5 libcjson
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

STD := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN := -Wall -Wextra $(if $(WERROR_ON),-Werror)
ALL_CFLAGS = $(STD) $(WARN) $(OPT) $(CFLAGS) -Icommon $(CPPFLAGS) \
	$(PKG_CFLAGS) -pthread
ALL_LIBS = $(PKG_LIBS) -lm -pthread $(LDLIBS)
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

COMMON_SRC := $(sort $(wildcard common/*.c))
TOOL_SRC := $(sort $(wildcard tools/*.c))
TOOLS := $(patsubst tools/%.c,%,$(TOOL_SRC))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
HELPER_SRC := $(sort $(wildcard tests/helpers/*.c))
MAN_PAGES := $(sort $(wildcard man/*.[1-9]))

BINS := $(addprefix bin/,$(TOOLS))
UNITS := $(patsubst tests/unit/%.c,build/rel/tests/%,$(UNIT_SRC))
HELPERS := $(patsubst tests/helpers/%.c,build/rel/tests/%,$(HELPER_SRC))
ASAN_BINS := $(addprefix build/asan/bin/,$(TOOLS))
ASAN_UNITS := $(patsubst tests/unit/%.c,build/asan/tests/%,$(UNIT_SRC))

all: $(BINS)

# Release build.
build/rel/%.o: %.c build/flags/rel
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build/rel/libhop.a: $(patsubst %.c,build/rel/%.o,$(COMMON_SRC))
	@rm -f $@
	$(AR) rcs $@ $^

bin/%: build/rel/tools/%.o build/rel/libhop.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(ALL_LIBS)

build/rel/tests/%: build/rel/tests/unit/%.o build/rel/libhop.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(ALL_LIBS)

build/rel/tests/%: build/rel/tests/helpers/%.o build/rel/libhop.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(ALL_LIBS)

# Sanitizer build: the same sources, objects of their own.
build/asan/%.o: %.c build/flags/asan
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -MMD -MP -c -o $@ $<

build/asan/libhop.a: $(patsubst %.c,build/asan/%.o,$(COMMON_SRC))
	@rm -f $@
	$(AR) rcs $@ $^

build/asan/bin/%: build/asan/tools/%.o build/asan/libhop.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) $(LDFLAGS) -o $@ $^ $(ALL_LIBS)

build/asan/tests/%: build/asan/tests/unit/%.o build/asan/libhop.a
	$(CC) $(ALL_CFLAGS) $(SAN) $(LDFLAGS) -o $@ $^ $(ALL_LIBS)

# The same code must compile warning-free under clang too.
CLANG_CFLAGS = $(STD) $(WARN) -Icommon $(CPPFLAGS) $(PKG_CFLAGS)
build/clang.stamp: $(COMMON_SRC) $(TOOL_SRC) $(UNIT_SRC) $(HELPER_SRC) \
		$(wildcard common/*.h) build/flags/clang
	@mkdir -p $(@D)
	@if command -v $(CLANG) >/dev/null 2>&1; then \
		echo "clang -fsyntax-only (all sources)"; \
		for f in $(COMMON_SRC) $(TOOL_SRC) $(UNIT_SRC) $(HELPER_SRC); do \
			$(CLANG) $(CLANG_CFLAGS) \
			    -fsyntax-only $$f || exit 1; \
		done; \
	else echo "clang not installed: clang build check skipped"; fi
	@touch $@

# Fuzzing with clang's libFuzzer: make fuzz FUZZ_SECONDS=N runs each
# target in turn (one at a time) on its seed corpus in tests/fuzz/NAME/,
# keeping what it finds in build/fuzz/corpus/NAME/ and crashes in
# build/fuzz/crash-NAME-*.  FUZZ_TARGETS=xdatcar picks targets.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= $(patsubst tests/fuzz/fuzz_%.c,%,\
	$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_SAN := -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = $(STD) $(WARN) $(FUZZ_SAN) \
	-DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION -Icommon $(CPPFLAGS) \
	$(PKG_CFLAGS) -pthread

build/fuzz/%.o: %.c build/flags/fuzz
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

build/fuzz/libhop.a: $(patsubst %.c,build/fuzz/%.o,$(COMMON_SRC))
	@rm -f $@
	$(AR) rcs $@ $^

build/fuzz/fuzz_%: build/fuzz/tests/fuzz/fuzz_%.o build/fuzz/libhop.a
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $^ $(ALL_LIBS)

# make check replays each target's seeds plus fixed mutations when clang
# has libFuzzer; the probe runs only for the goals that need it.
ifneq ($(filter check fuzz,$(MAKECMDGOALS)),)
FUZZ_OK := $(shell echo 'int LLVMFuzzerTestOneInput(const char *d, \
	long n) { (void)d; (void)n; return 0; }' | $(CLANG) -x c \
	-fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1 && echo yes)
endif
FUZZ_BINS := $(if $(FUZZ_OK),$(addprefix build/fuzz/fuzz_,$(FUZZ_TARGETS)))

# Flag stamps: build/flags/VARIANT holds the command line (compiler and
# flags, -Werror aside, then werror=0 or 1) the variant's objects were
# compiled with.  It is rewritten, and so the objects remade, when that
# changes, or when -Werror is wanted and they were compiled without it;
# objects compiled with -Werror do for a build without.  make -n only
# reads it.
FLAGS_rel = $(CC) $(ALL_CFLAGS) $(LDFLAGS) $(ALL_LIBS)
FLAGS_asan = $(CC) $(ALL_CFLAGS) -O1 $(SAN) $(LDFLAGS) $(ALL_LIBS)
FLAGS_clang = $(CLANG) $(CLANG_CFLAGS)
FLAGS_fuzz = $(CLANG) $(FUZZ_CFLAGS) $(LDFLAGS) $(ALL_LIBS)
flags_text = $(strip $(filter-out -Werror,$(FLAGS_$1))) werror=$(if $(WERROR_ON),1,0)
str_eq = $(and $(findstring x$1,x$2),$(findstring x$2,x$1))
flags_same = $(call str_eq,$(call flags_text,$1),$(strip \
	$(if $(WERROR_ON),$2,$(subst werror=1,werror=0,$2))))
define flags_rule
build/flags/$(1): $$(if $$(call flags_same,$(1),$$(file <build/flags/$(1))),,FORCE)
	@mkdir -p $$(@D)
	@printf '%s\n' '$$(subst ','\'',$$(call flags_text,$(1)))' >$$@
endef
$(foreach v,rel asan clang fuzz,$(eval $(call flags_rule,$(v))))

fuzz: $(addprefix build/fuzz/fuzz_,$(FUZZ_TARGETS))
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

check: $(BINS) $(UNITS) $(HELPERS) $(ASAN_BINS) $(ASAN_UNITS) \
		build/clang.stamp $(FUZZ_BINS)
	@sh tests/run.sh

demo: $(BINS)
	@sh examples/demo.sh

bench: $(BINS) $(HELPERS)
	@sh tests/bench/run.sh

# make install: programs 0755, man pages 0644, and the Python reader
# python/hopstream (when there) as a package in PYTHONDIR.
MAN_SECTIONS := $(sort $(patsubst .%,%,$(suffix $(MAN_PAGES))))
PY_SRC := $(sort $(wildcard python/hopstream/*.py))
PY_DEST = $(DESTDIR)$(PYTHONDIR)/hopstream

install: $(BINS)
	$(INSTALL) -d -m 0755 "$(DESTDIR)$(BINDIR)"
	$(INSTALL) -m 0755 $(BINS) "$(DESTDIR)$(BINDIR)"
	for s in $(MAN_SECTIONS); do \
		$(INSTALL) -d -m 0755 "$(DESTDIR)$(MANDIR)/man$$s" && \
		$(INSTALL) -m 0644 man/*.$$s "$(DESTDIR)$(MANDIR)/man$$s" || \
		exit 1; \
	done
	$(if $(PY_SRC),$(INSTALL) -d -m 0755 "$(PY_DEST)")
	$(if $(PY_SRC),$(INSTALL) -m 0644 $(PY_SRC) "$(PY_DEST)")

uninstall:
	rm -f $(addprefix "$(DESTDIR)$(BINDIR)"/,$(TOOLS))
	rm -f $(foreach m,$(MAN_PAGES),\
	    "$(DESTDIR)$(MANDIR)/man$(patsubst .%,%,$(suffix $(m)))/$(notdir $(m))")
	$(if $(PY_SRC),rm -f $(addprefix "$(PY_DEST)"/,$(notdir $(PY_SRC))))
	$(if $(PY_SRC),rm -rf "$(PY_DEST)/__pycache__")
	$(if $(PY_SRC),rmdir "$(PY_DEST)" 2>/dev/null || true)

clean:
	rm -rf bin build

# Inputs over 4 GiB through every tool (slow, and needs ~10 GB of disk
# for a while): not part of make check.
check-large: $(BINS) $(HELPERS)
	@sh tests/large/run.sh

# hoptools under a real Slurm (tests/cli/slurm.sh, which make check also
# runs, skipping it when not root): munged, slurmctld and slurmd started
# on this machine for the test, stopped by process id after it.  Here a
# missing prerequisite fails instead of skipping.
check-slurm: $(BINS) $(HELPERS)
	@HOP_SLURM_REQUIRED=1 TESTS=slurm.sh VARIANTS=rel sh tests/run.sh

.PHONY: fuzz check-large check-slurm

.PHONY: all check demo bench install uninstall clean FORCE
.SECONDARY:
.DELETE_ON_ERROR:

-include $(shell find build -name '*.d' 2>/dev/null)
