# ksurf — build with `make`, test with `make test`, real-kernel demo with `make demo`.
VERSION   := 0.2.0
PKGS      := libelf libdw libbpf sqlite3 zlib libarchive liblzma
PREFIX    ?= /usr/local
DESTDIR   ?=
CC        ?= cc
# CFLAGS is the user's (make CFLAGS=-O0 keeps everything below); what ksurf
# needs to build is KSURF_CFLAGS, its sanitizers SAN_CFLAGS
CFLAGS    ?= -O2 -g
KSURF_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter -Isrc -pthread \
             -DKSURF_VERSION='"$(VERSION)"' -MMD -MP
SAN       ?=
SAN_CFLAGS :=
ifeq ($(SAN),1)
SAN_CFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -O1
LDFLAGS   += -fsanitize=address,undefined
endif
ifeq ($(SAN),thread)
SAN_CFLAGS := -fsanitize=thread -O1
LDFLAGS   += -fsanitize=thread
endif
ALL_CFLAGS = $(KSURF_CFLAGS) $(CFLAGS) $(SAN_CFLAGS) $(PKG_CFLAGS)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
BUILD     ?= build
SRCS      := $(wildcard src/*/*.c)
OBJS      := $(SRCS:src/%.c=$(BUILD)/obj/%.o)
LIB_OBJS  := $(filter-out $(BUILD)/obj/cli/%,$(OBJS))
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
bindir    ?= $(PREFIX)/bin
mandir    ?= $(PREFIX)/share/man
# V=1 prints the commands; otherwise a line per file (none with make -s)
ifeq ($(V),1)
say :=
else ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
say = @
else
say = @echo "  $(1) $(2)";
endif

.PHONY: all deps test test-real demo dataset bench fuzz install uninstall clean

all: $(BUILD)/ksurf

$(BUILD)/ksurf: $(OBJS)
	$(call say,LD,$@)$(CC) $(LDFLAGS) -o $@ $(OBJS) $(PKG_LIBS) -pthread

# each object depends on the headers it includes (-MMD -MP: BUILD/obj/*.d) and
# on this file (its flags)
$(BUILD)/obj/%.o: src/%.c Makefile | $(BUILD)/.pkgs
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJS) $(LDFLAGS) $(PKG_LIBS) -pthread

# the libraries, found by pkg-config, or a line naming those it does not find
$(BUILD)/.pkgs:
	@missing=""; for p in $(PKGS); do pkg-config --exists $$p || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "make: pkg-config does not find:$$missing (their -dev packages: make deps installs them)" >&2; \
		exit 1; \
	fi
	@mkdir -p $(BUILD) && touch $@

-include $(OBJS:.o=.d) $(UNIT_BINS:=.d)

deps:
	@scripts/ensure-deps.sh

# every test (tests/test_*.py: the unit tests' TAP, the shell tests, the
# fixture images...) under Debian's pytest, JUnit in $(BUILD)/test-results.xml;
# PYTEST_ARGS adds options: make test PYTEST_ARGS='-k merge' runs the tests
# whose name holds "merge", PYTEST_ARGS=-x stops at the first failure
PYTEST_ARGS ?=
test: deps
	@$(MAKE) --no-print-directory all $(UNIT_BINS)
	@BUILD=$(BUILD) /usr/bin/python3 -m pytest tests/ -ra -p no:cacheprovider \
		--basetemp=$(BUILD)/pytest-tmp --junitxml=$(BUILD)/test-results.xml $(PYTEST_ARGS)

# tests/tools/: independent counters for the real-kernel tests (libdw alone, nothing of ksurf's)
$(BUILD)/tests/count_entries: tests/tools/count_entries.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(ALL_CFLAGS) -o $@ $< $(LDFLAGS) -ldw -lelf

test-real: deps
	@$(MAKE) --no-print-directory all $(UNIT_BINS) $(BUILD)/tests/count_entries
	@BUILD=$(BUILD) tests/real/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) scripts/demo.sh

# every Debian kernel debug image the registry serves (all suites), into DATASET_DIR (default ~/.cache/ksurf/debian)
dataset: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) scripts/build-debian-dataset $(DATASET_DIR)

bench: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) bench/ingest.sh
	@BUILD=$(BUILD) bench/deb.sh
	@BUILD=$(BUILD) bench/diff.sh

fuzz: deps
	@KSURF_VERSION=$(VERSION) fuzz/run.sh $(FUZZ_SECONDS)

# The binary and its manual page: PREFIX (default /usr/local; bindir, mandir
# under it), DESTDIR for staging.
install: all
	install -D -m 755 $(BUILD)/ksurf $(DESTDIR)$(bindir)/ksurf
	install -D -m 644 docs/ksurf.1 $(DESTDIR)$(mandir)/man1/ksurf.1

uninstall:
	rm -f $(DESTDIR)$(bindir)/ksurf $(DESTDIR)$(mandir)/man1/ksurf.1

clean:
	rm -rf $(BUILD) build-san build-tsan build-fuzz
