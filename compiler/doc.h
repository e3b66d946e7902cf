/* doc.h: a published document split into numbered paragraphs and headings (doc.c), each
 * with the span of text a citation of it covers. */
#ifndef DOC_H
#define DOC_H

#include "figures.h"
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char label[96];      /* "6.2", "15", or a heading's text */
    bool numbered;
    int level;           /* numbered: 1 for "6", 2 for "6.2" */
    int rank;            /* headings: 0 for "Risks:", 1 for others */
    int line;
    size_t start, end;   /* the text the paragraph covers */
} doc_para;

typedef struct {
    const char *path;
    char *text;
    size_t len;
    int n_lines;
    doc_para *paras;
    int n, cap;
    size_t *line_start;   /* where each line begins, for doc_place: n_starts of them */
    size_t n_starts;
    struct doc_order { size_t start; int i; } *order; /* the paragraphs by start, for doc_para_at */
    int col_line, col;    /* the last column doc_place found, on that line, at col_from */
    size_t col_from;
} doc;

doc *doc_load(const char *path);      /* NULL when it cannot be read */
void doc_free(doc *d);
int doc_find(const doc *d, const char *cite, int *out, int max);
void doc_place(doc *d, size_t offset, int *line, int *col);
int doc_para_at(const doc *d, size_t offset);

#endif
