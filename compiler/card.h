/* card.h: redressc render (card.c): a checked policy as a card for people, Markdown or one
 * self-contained HTML page, every rule with the paragraphs it cites. */
#ifndef CARD_H
#define CARD_H

#include "ast.h"
#include <stdio.h>

void card_render(ast_policy *P, const char *source, const char *sha256, bool html, FILE *out);

/* A citation as the policy file writes it: §15, §6.4 or §"Service Standards". */
const char *card_cite(ast_policy *P, const ast_cite *c);
/* All of a rule's citations, separated by spaces; "" when there are none. */
const char *card_cites(ast_policy *P, const ast_cite *c);

#endif
