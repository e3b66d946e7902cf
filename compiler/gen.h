/* gen.h: random, valid, reproducible event logs for a policy (gen.c), for differential
 * testing of the interpreter against the compiled engine, and for benchmarks. */
#ifndef GEN_H
#define GEN_H

#include "redress.h"
#include <stdint.h>
#include <stdio.h>

void gen_events(const rt_policy *p, int cases, uint64_t seed, FILE *out);

#endif
