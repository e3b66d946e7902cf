/* emit.h: the C generator (emit.c). The output includes only redress.h and, linked with the
 * runtime, is the landlord's complaints engine. */
#ifndef EMIT_H
#define EMIT_H

#include "ast.h"
#include "check.h"
#include <stdio.h>

void emit_c(FILE *out, ast_policy *P, const char *source_name, const char *sha256_hex);
/* library: no main, but the exported NAME_engine_* API that emit_header() declares */
void emit_c_as(FILE *out, ast_policy *P, const char *source_name, const char *sha256_hex,
               bool library);
void emit_header(FILE *out, ast_policy *P, const char *source_name);

#endif
