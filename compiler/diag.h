/* diag.h: diagnostics as GCC prints them: FILE:LINE:COL: error: MESSAGE, then the source
 * line and a caret under the span, and "did you mean" suggestions for misspelt names. */
#ifndef DIAG_H
#define DIAG_H

#include "ast.h"
#include <stdio.h>

typedef struct diag {
    const char *file;
    const char *src;
    size_t len;
    int errors, warnings;
    FILE *out;
    int at_line;       /* the start of the line last shown, where the next search begins */
    const char *at;    /* (messages come mostly in line order: no walk from the top each) */
} diag;

void diag_init(diag *d, const char *file, const char *src, size_t len, FILE *out);
void diag_error(diag *d, ast_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_warning(diag *d, ast_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_note(diag *d, ast_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The closest candidate to word by edit distance, or NULL when none is close: within a third
 * of the word's length, or within most edits. */
const char *diag_suggest(const char *word, const char *const *cands, int n);
const char *diag_suggest_within(const char *word, const char *const *cands, int n, size_t most);
/* "; did you mean 'x'?" or "" */
const char *diag_did_you_mean(arena *a, const char *word, const char *const *cands, int n);

#endif
