/* extern.h: loading and calling a policy's extern functions in the interpreter (extern.c). */
#ifndef EXTERN_H
#define EXTERN_H

#include "ast.h"
#include "redress.h"

/* The library's path: as written when absolute, else relative to the policy's folder. */
const char *ext_library_path(ast_policy *P, const ast_extern *x, const char *policy_dir);
/* Opens every library and finds every function; reports what is missing, naming both. */
bool ext_load(ast_policy *P, const char *policy_dir, bool errors); /* else warnings */
rt_value ext_call(const ast_extern *x, const rt_value *args);

#endif
