/* diag.h: diagnostics as GCC prints them: FILE:LINE:COL: error: MESSAGE, then the source
 * line and a caret under the span, and "did you mean" suggestions for misspelt names. */
#ifndef DIAG_H
#define DIAG_H

#include "ast.h"
#include <stdio.h>

typedef struct { int line; const char *p; } diag_seen;

typedef struct diag {
    const char *file;
    const char *src;
    size_t len;
    int errors, warnings;
    FILE *out;
    /* the starts of the lines last shown, for the next search to begin at the nearest: no
     * walk from the top for each message, as messages come mostly in line order, each a
     * line or two after one of those before (a warning, then its note on line 8, ...) */
    diag_seen seen[8];
    int next_seen;
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
