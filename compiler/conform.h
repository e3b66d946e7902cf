/* conform.h: redressc conform (conform.c): a policy compared with a baseline policy, usually
 * the Complaint Handling Code. Returns 0 when it is at least as good, 1 with findings. */
#ifndef CONFORM_H
#define CONFORM_H

#include "ast.h"
#include <stdio.h>

int conform_policy(ast_policy *P, ast_policy *baseline, bool json, FILE *out);

#endif
