/* diff.h: redressc diff (diff.c): what changed between two policies, or between a policy and
 * a deployed engine's explain --json. Returns 0 when they agree, 1 with differences. */
#ifndef DIFF_H
#define DIFF_H

#include "rt_internal.h"
#include <stdio.h>

int diff_models(const char *old_name, const js_value *old_json, const char *new_name,
                const js_value *new_json, bool json, FILE *out);

#endif
