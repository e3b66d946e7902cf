/* audit.h: redressc audit (audit.c): a policy checked against the published text it cites.
 * Returns 0 when clean, 1 with findings, 2 when the document cannot be read. */
#ifndef AUDIT_H
#define AUDIT_H

#include "ast.h"
#include <stdio.h>

int audit_policy(ast_policy *P, const char *doc_path, bool json, FILE *out);

#endif
