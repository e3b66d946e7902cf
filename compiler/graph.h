/* graph.h: redressc graph (graph.c): a checked policy's stages, the ways into each and the
 * ways out of the procedure, as a Graphviz DOT digraph. */
#ifndef GRAPH_H
#define GRAPH_H

#include "ast.h"
#include <stdio.h>

void graph_write(ast_policy *P, const char *source, const char *sha256, FILE *out);

#endif
