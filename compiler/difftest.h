/* difftest.h: the interpreter held equal to a compiled engine on generated logs (difftest.c).
 * Returns 0 when they agree, 1 (after printing the smallest difference) when they do not. */
#ifndef DIFFTEST_H
#define DIFFTEST_H

#include "redress.h"
#include <stdint.h>

int difftest(const rt_policy *p, const char *engine, int cases, uint64_t seed);

#endif
