# Redress: build the compiler, the runtime and one engine per policy; run the tests.
# `make` builds everything, `make check` runs every test, `make check-sanitize` runs them
# again under AddressSanitizer and UndefinedBehaviorSanitizer.

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -pedantic
LDFLAGS ?=
PREFIX  ?= /usr/local
B       ?= build
BIN     ?= bin
SAN     ?=
# The runtime is where an engine spends its time: built at -O3, which GCC 12 made 9% fewer
# instructions than -O2 (bench/NOTES.md). RT_OPT= builds it with CFLAGS alone.
RT_OPT  ?= -O3

FFI_CFLAGS := $(shell pkg-config --cflags libffi 2>/dev/null)
FFI_LIBS   := $(shell pkg-config --libs libffi 2>/dev/null || echo -lffi) -ldl

RT_SRC   := $(wildcard runtime/*.c)
RT_OBJ   := $(RT_SRC:runtime/%.c=$(B)/rt/%.o)
RT_PIC   := $(RT_SRC:runtime/%.c=$(B)/pic/%.o)
CC_SRC   := $(wildcard compiler/*.c)
CC_OBJ   := $(CC_SRC:compiler/%.c=$(B)/cc/%.o) $(B)/cc/parser.o $(B)/cc/lexer.o
POLICIES := $(wildcard policies/*.policy)
ENGINES  := $(POLICIES:policies/%.policy=$(BIN)/%-complaints)
TOOLS    := $(B)/test-calendar $(B)/test-json $(B)/test-scan $(B)/test-window $(B)/test-alloc $(B)/test-read examples/closures/libclosures.so

ALL_CFLAGS := $(WARN) $(CFLAGS) $(SAN) -Iruntime -Icompiler -I$(B) -I.

.PHONY: all check check-sanitize check-sanitize-clang check-threads clean install tools bench fuzz
.SUFFIXES:

all: $(BIN)/redressc $(ENGINES) $(B)/libredress-pic.a

$(B)/rt $(B)/pic $(B)/cc $(BIN):
	mkdir -p $@

$(B)/rt/%.o: runtime/%.c runtime/redress.h runtime/rt_internal.h | $(B)/rt
	$(CC) $(ALL_CFLAGS) $(RT_OPT) -c $< -o $@

$(B)/libredress.a: $(RT_OBJ)
	rm -f $@
	ar rcs $@ $^

# The runtime again, position-independent and hidden, for `redressc build --library`.
$(B)/pic/%.o: runtime/%.c runtime/redress.h runtime/rt_internal.h | $(B)/pic
	$(CC) $(ALL_CFLAGS) $(RT_OPT) -fPIC -fvisibility=hidden -c $< -o $@

$(B)/libredress-pic.a: $(RT_PIC)
	rm -f $@
	ar rcs $@ $^

$(B)/parser.c $(B)/parser.h: grammar/parser.y | $(B)/cc
	bison -Wall -Werror -d -o $(B)/parser.c $<

$(B)/lexer.c $(B)/lexer.h: grammar/lexer.l | $(B)/cc
	flex --header-file=$(B)/lexer.h -o $(B)/lexer.c $<

$(B)/cc/parser.o: $(B)/parser.c $(B)/parser.h compiler/ast.h
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/cc/lexer.o: $(B)/lexer.c $(B)/parser.h compiler/front.h
	$(CC) $(ALL_CFLAGS) -Wno-unused-function -c $< -o $@

$(B)/cc/%.o: compiler/%.c $(wildcard compiler/*.h) runtime/redress.h runtime/rt_internal.h $(B)/parser.h $(B)/lexer.h | $(B)/cc
	$(CC) $(ALL_CFLAGS) $(FFI_CFLAGS) -c $< -o $@

$(BIN)/redressc: $(CC_OBJ) $(B)/libredress.a | $(BIN)
	$(CC) $(CFLAGS) $(SAN) $(LDFLAGS) $(CC_OBJ) $(B)/libredress.a $(FFI_LIBS) -o $@

# Each engine is built by redressc, which also runs the policy's own scenarios against it.
$(BIN)/%-complaints: policies/%.policy $(BIN)/redressc $(B)/libredress.a runtime/redress.h
	REDRESS_INCLUDE=runtime REDRESS_LIB=$(B)/libredress.a REDRESS_CFLAGS="$(SAN)" \
	    $(BIN)/redressc build $< -o $@

$(B)/test-%: tests/unit/test-%.c $(B)/libredress.a runtime/rt_internal.h tests/unit/tiny-policy.h
	$(CC) $(ALL_CFLAGS) $< $(B)/libredress.a -o $@

# The extern-function example's library (examples/closures): built beside its policy, which
# names it relative to its own folder.
examples/closures/libclosures.so: examples/closures/closures.c
	$(CC) $(WARN) $(CFLAGS) -shared -fPIC $< -o $@

tools: $(TOOLS)

check: all $(TOOLS)
	B=$(B) BIN=$(BIN) SAN="$(SAN)" sh tests/run.sh

# Under the sanitizers the runtime's limits are made small, so that every test also goes the
# ways only rare input would: notes are put together past their fourth piece as a pattern
# longer than rt_case.c's limit would be, rt_out.c keeps four runs of JSON, not 512, and a
# held case keeps the places of its first two events, not eight, walking back to the rest.
SAN_CFLAGS := -O1 -g -fno-omit-frame-pointer -DRT_NOTE_PIECES=4 -DRT_FRAG_BITS=1 -DRT_HELD_AT=2
SAN_FLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=all
check-sanitize:
	$(MAKE) B=build/san BIN=build/san/bin CFLAGS="$(SAN_CFLAGS)" SAN="$(SAN_FLAGS)" check

# The same built by clang, whose UBSan checks more than GCC's (it found the half of bug 009
# GCC's did not): .ci/run runs it where clang and its sanitizer runtime are installed.
check-sanitize-clang:
	$(MAKE) CC=clang B=build/csan BIN=build/csan/bin CFLAGS="$(SAN_CFLAGS)" SAN="$(SAN_FLAGS)" check

# The library used from eight threads at once (tests/unit/threads.c), built with
# ThreadSanitizer: engines share nothing, so no lock is needed; .ci/run runs it where
# ThreadSanitizer runs.
TSAN := build/tsan
check-threads: $(BIN)/redressc
	$(MAKE) B=$(TSAN) CFLAGS="-O1 -g" SAN=-fsanitize=thread $(TSAN)/libredress.a $(TSAN)/libredress-pic.a
	mkdir -p $(TSAN)/lib
	for p in salix southway; do REDRESS_INCLUDE=runtime REDRESS_LIB=$(TSAN)/libredress.a \
	    REDRESS_CFLAGS=-fsanitize=thread $(BIN)/redressc build policies/$$p.policy --library \
	    -o $(TSAN)/lib || exit 1; done
	$(CC) $(WARN) -Werror -O1 -g -fsanitize=thread -pthread -I$(TSAN)/lib tests/unit/threads.c \
	    -L$(TSAN)/lib -lsalix -lsouthway -Wl,-rpath,$(CURDIR)/$(TSAN)/lib -o $(TSAN)/threads
	$(TSAN)/threads examples/salix-events.jsonl examples/southway-events.jsonl

# afl++ on what reads untrusted input (logs, policy files), under the sanitizers
# (tools/fuzz.sh; FUZZ=engine|grouped|compiler|fmt|render|graph, FUZZ_SECONDS, default 600).
fuzz:
	sh tools/fuzz.sh $(or $(FUZZ),engine) $(or $(FUZZ_SECONDS),600)

# Speed and memory of every engine and of the interpreter, into bench/RESULTS.md.
bench: all
	BIN=$(BIN) sh tools/bench.sh

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include/redress $(DESTDIR)$(PREFIX)/lib/redress
	cp $(BIN)/redressc $(ENGINES) $(DESTDIR)$(PREFIX)/bin/
	cp runtime/redress.h $(DESTDIR)$(PREFIX)/include/redress/
	cp $(B)/libredress.a $(B)/libredress-pic.a $(DESTDIR)$(PREFIX)/lib/redress/

clean:
	rm -rf build bin examples/closures/libclosures.so
