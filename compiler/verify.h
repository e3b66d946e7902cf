/* verify.h: static verification of a checked policy (verify.c), reported as warnings and
 * errors through its diag, and the coverage of its rules by its own scenarios. */
#ifndef VERIFY_H
#define VERIFY_H

#include "ast.h"
#include "rt_internal.h"
#include <stdio.h>

void verify_policy(ast_policy *P);
/* Runs the scenarios through the lowered policy p, warns about any that reach no rule, and
 * when show is set prints which rules were reached. Returns the number of failed scenarios. */
int verify_coverage(ast_policy *P, const rt_policy *p, bool show, FILE *out);

#endif
