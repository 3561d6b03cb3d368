# examples/database/hoptools.mk - where the examples' Makefiles find the
# hoptools programs they run: included by examples/database/Makefile
# (and so copied along with it) and by examples/cluster/Makefile.
#
# Set HERE (the including Makefile's folder) and TOOLS (the programs)
# first.  Each program is taken from HOPTOOLS_BIN when that is set (on
# make's command line or in the environment), else from PATH, else from
# the repository's bin/ (while the folder still sits in the repository).
# Gives TOOL_<program> (its path, or empty when not found), MISSING (the
# programs not found) and WHERE (where they were looked for), for the
# message with which the Makefile stops.
REPO_BIN := $(abspath $(HERE)../../bin)
ifneq ($(filter command line environment,$(origin HOPTOOLS_BIN)),)
find_tool = $(wildcard $(HOPTOOLS_BIN)/$(1))
WHERE := in HOPTOOLS_BIN=$(HOPTOOLS_BIN)
else
find_tool = $(or $(shell command -v $(1) 2>/dev/null),$(wildcard $(REPO_BIN)/$(1)))
WHERE := on PATH, and HOPTOOLS_BIN is not set
endif
$(foreach t,$(TOOLS),$(eval TOOL_$(t) := $(call find_tool,$(t))))
MISSING := $(strip $(foreach t,$(TOOLS),$(if $(TOOL_$(t)),,$(t))))
