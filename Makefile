# ksurf — build with `make`, test with `make test`, real-kernel demo with `make demo`.
VERSION   := 0.2.0
PKGS      := libelf libdw libbpf sqlite3 zlib libarchive liblzma
PREFIX    ?= /usr/local
DESTDIR   ?=
CC        ?= cc
CFLAGS    ?= -O2 -g
CFLAGS    += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter -Isrc -pthread \
             -DKSURF_VERSION='"$(VERSION)"' 
SAN       ?=
ifeq ($(SAN),1)
CFLAGS    += -fsanitize=address,undefined -fno-omit-frame-pointer -O1
LDFLAGS   += -fsanitize=address,undefined
endif
ifeq ($(SAN),thread)
CFLAGS    += -fsanitize=thread -O1
LDFLAGS   += -fsanitize=thread
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
BUILD     ?= build
SRCS      := $(wildcard src/*/*.c)
OBJS      := $(SRCS:src/%.c=$(BUILD)/obj/%.o)
LIB_OBJS  := $(filter-out $(BUILD)/obj/cli/%,$(OBJS))
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test test-real demo dataset bench fuzz install uninstall clean

all: $(BUILD)/ksurf

$(BUILD)/ksurf: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(PKG_LIBS) -pthread

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(LIB_OBJS) $(LDFLAGS) $(PKG_LIBS) -pthread

deps:
	@scripts/ensure-deps.sh

test: deps
	@$(MAKE) --no-print-directory all $(UNIT_BINS)
	@BUILD=$(BUILD) tests/run.sh

# tests/tools/: independent counters for the real-kernel tests (libdw alone, nothing of ksurf's)
$(BUILD)/tests/count_entries: tests/tools/count_entries.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(LDFLAGS) -ldw -lelf

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
	@fuzz/run.sh $(FUZZ_SECONDS)

# The binary and its manual page: PREFIX (default /usr/local), DESTDIR for staging.
install: all
	install -D -m 755 $(BUILD)/ksurf $(DESTDIR)$(PREFIX)/bin/ksurf
	install -D -m 644 docs/ksurf.1 $(DESTDIR)$(PREFIX)/share/man/man1/ksurf.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ksurf $(DESTDIR)$(PREFIX)/share/man/man1/ksurf.1

clean:
	rm -rf $(BUILD) build-san build-tsan build-fuzz
