/* check.h: name resolution and type checks (check.c), run after parsing and before emit.
 * Returns the number of errors; every error has been reported through the policy's diag. */
#ifndef CHECK_H
#define CHECK_H

#include "ast.h"

int check_policy(ast_policy *P);
ast_fact *check_find_fact(ast_policy *P, const char *name);
ast_stage *check_find_stage(ast_policy *P, const char *id);
const char *check_type_name(ast_type t);
int check_lookup(const char *const *names, int n, const char *s);

#endif
