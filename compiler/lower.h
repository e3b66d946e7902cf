/* lower.h: a checked tree as the runtime's rt_policy (lower.c), so redressc can run, test,
 * explain and compare a policy without generating or compiling any C. */
#ifndef LOWER_H
#define LOWER_H

#include "ast.h"
#include "redress.h"

rt_policy *lower_policy(ast_policy *P, const char *source_name, const char *sha256_hex);

#endif
