/* gen.h: random, valid, reproducible event logs for a policy (gen.c), for differential
 * testing of the interpreter against the compiled engine, and for benchmarks. */
#ifndef GEN_H
#define GEN_H

#include "redress.h"
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* JSON Lines, or with csv the same events as CSV: a header row, facts as facts.NAME */
void gen_events(const rt_policy *p, int cases, uint64_t seed, bool csv, FILE *out);

#endif
