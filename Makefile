# hoptools: one non-recursive Makefile.
#
#   make              build every tool into bin/
#   make check        unit and end-to-end tests, then again under
#                     AddressSanitizer + UndefinedBehaviorSanitizer
#   make demo         the main pipeline on the bundled example
#   make bench        measured speed figures
#   make install      PREFIX=/usr/local (DESTDIR honoured)
#
# Missing Debian packages are installed by mk/deps.sh when run as root;
# otherwise it prints the apt-get command to type.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
OPT ?= -O2 -g
CLANG ?= clang

# Check (and if root, install) dependencies once per make invocation.
DEPS_KIND := $(if $(filter check check-% fuzz,$(MAKECMDGOALS)),check,\
	$(if $(filter demo bench,$(MAKECMDGOALS)),tools,build))
ifeq ($(filter clean,$(MAKECMDGOALS)),)
DEPS_OK := $(shell sh mk/deps.sh $(DEPS_KIND) >&2 && echo ok)
ifneq ($(DEPS_OK),ok)
$(error missing packages: see the message above)
endif
endif

PKGS := libarchive zlib fftw3 gsl
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

STD := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN := -Wall -Wextra -Werror
ALL_CFLAGS = $(STD) $(WARN) $(OPT) $(CFLAGS) -Icommon $(PKG_CFLAGS) -pthread
ALL_LIBS = $(PKG_LIBS) -lm -pthread
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
build/rel/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build/rel/libhop.a: $(patsubst %.c,build/rel/%.o,$(COMMON_SRC))
	@rm -f $@
	$(AR) rcs $@ $^

bin/%: build/rel/tools/%.o build/rel/libhop.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(ALL_LIBS)

build/rel/tests/%: build/rel/tests/unit/%.o build/rel/libhop.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(ALL_LIBS)

build/rel/tests/%: build/rel/tests/helpers/%.o build/rel/libhop.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(ALL_LIBS)

# Sanitizer build: the same sources, objects of their own.
build/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -MMD -MP -c -o $@ $<

build/asan/libhop.a: $(patsubst %.c,build/asan/%.o,$(COMMON_SRC))
	@rm -f $@
	$(AR) rcs $@ $^

build/asan/bin/%: build/asan/tools/%.o build/asan/libhop.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $^ $(ALL_LIBS)

build/asan/tests/%: build/asan/tests/unit/%.o build/asan/libhop.a
	$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $^ $(ALL_LIBS)

# The same code must compile warning-free under clang too.
build/clang.stamp: $(COMMON_SRC) $(TOOL_SRC) $(UNIT_SRC) $(HELPER_SRC) \
		$(wildcard common/*.h)
	@mkdir -p $(@D)
	@if command -v $(CLANG) >/dev/null 2>&1; then \
		echo "clang -fsyntax-only (all sources)"; \
		for f in $(COMMON_SRC) $(TOOL_SRC) $(UNIT_SRC) $(HELPER_SRC); do \
			$(CLANG) $(STD) $(WARN) -Icommon $(PKG_CFLAGS) \
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
	-DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION -Icommon $(PKG_CFLAGS) -pthread

build/fuzz/%.o: %.c
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

build/fuzz/libhop.a: $(patsubst %.c,build/fuzz/%.o,$(COMMON_SRC))
	@rm -f $@
	$(AR) rcs $@ $^

build/fuzz/fuzz_%: build/fuzz/tests/fuzz/fuzz_%.o build/fuzz/libhop.a
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(ALL_LIBS)

# make check replays each target's seeds plus fixed mutations when clang
# has libFuzzer; the probe runs only for the goals that need it.
ifneq ($(filter check fuzz,$(MAKECMDGOALS)),)
FUZZ_OK := $(shell echo 'int LLVMFuzzerTestOneInput(const char *d, \
	long n) { (void)d; (void)n; return 0; }' | $(CLANG) -x c \
	-fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1 && echo yes)
endif
FUZZ_BINS := $(if $(FUZZ_OK),$(addprefix build/fuzz/fuzz_,$(FUZZ_TARGETS)))

fuzz: $(addprefix build/fuzz/fuzz_,$(FUZZ_TARGETS))
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

check: $(BINS) $(UNITS) $(HELPERS) $(ASAN_BINS) $(ASAN_UNITS) \
		build/clang.stamp $(FUZZ_BINS)
	@sh tests/run.sh

demo: $(BINS)
	@sh examples/demo.sh

bench: $(BINS) $(HELPERS)
	@sh tests/bench/run.sh

install: $(BINS)
	mkdir -p $(DESTDIR)$(BINDIR)
	cp $(BINS) $(DESTDIR)$(BINDIR)/
	for m in $(MAN_PAGES); do \
		s=$${m##*.}; mkdir -p $(DESTDIR)$(MANDIR)/man$$s; \
		cp $$m $(DESTDIR)$(MANDIR)/man$$s/; \
	done

clean:
	rm -rf bin build

# Inputs over 4 GiB through every tool (slow, and needs ~10 GB of disk
# for a while): not part of make check.
check-large: $(BINS) $(HELPERS)
	@sh tests/large/run.sh

.PHONY: fuzz check-large

.PHONY: all check demo bench install clean
.SECONDARY:
.DELETE_ON_ERROR:

-include $(shell find build -name '*.d' 2>/dev/null)
