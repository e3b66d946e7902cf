/* diag.c: turns a location into a GCC-style message with the source line and a caret,
 * and finds the nearest known name for "did you mean". */
#include "diag.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(diag *d, const char *file, const char *src, size_t len, FILE *out)
{
    *d = (diag){.file = file, .src = src, .len = len, .out = out};
}

static void show_line(diag *d, ast_loc loc)
{
    const char *p = d->src, *end = d->src + d->len;
    int line = 1;
    for (int i = 0; i < 8; i++)
        if (d->seen[i].p && d->seen[i].line <= loc.line && d->seen[i].line > line)
            p = d->seen[i].p, line = d->seen[i].line;
    for (; line < loc.line && p < end; p++)
        if (*p == '\n') line++;
    if (p >= end && loc.line > 1) return;
    d->seen[d->next_seen] = (diag_seen){line, p};
    d->next_seen = (d->next_seen + 1) % 8;
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol) eol = end;
    if (eol > p && eol[-1] == '\r') eol--;
    /* A long line (a JSON file given as a policy is one line of thousands) is shown as the
     * part about the column, "..." for the rest: characters first to last, counted from 1. */
    enum { LONG = 240, WIDE = 160, BEFORE = 60 };
    int chars = 0;
    for (const char *q = p; q < eol; q++) chars += ((unsigned char)*q & 0xC0) != 0x80;
    int first = 1, last = chars;
    if (chars > LONG) {
        first = loc.col > BEFORE ? loc.col - BEFORE : 1;
        last = first + WIDE - 1 < chars ? first + WIDE - 1 : chars;
        if (last - first + 1 < WIDE) first = last - WIDE + 1; /* near the end: as wide */
    }
    fprintf(d->out, "%5d | %s", loc.line, first > 1 ? "..." : "");
    int col = 0;
    for (const char *q = p; q < eol; q++) { /* never echo control bytes to the terminal */
        col += ((unsigned char)*q & 0xC0) != 0x80;
        if (col >= first && col <= last)
            fputc((unsigned char)*q < 0x20 && *q != '\t' ? '?' : *q, d->out);
    }
    fprintf(d->out, "%s\n      | %s", last < chars ? "..." : "", first > 1 ? "   " : "");
    col = 1;
    for (const char *q = p; q < eol && col < loc.col; q++) {
        if (((unsigned char)*q & 0xC0) == 0x80) continue;
        if (col >= first) fputc(*q == '\t' ? '\t' : ' ', d->out);
        col++;
    }
    fputc('^', d->out);
    for (int i = loc.col + 1; i < loc.last_col && i <= last; i++) fputc('~', d->out);
    fputc('\n', d->out);
}

static void report(diag *d, ast_loc loc, const char *kind, const char *fmt, va_list ap)
{
    if (loc.line > 0) fprintf(d->out, "%s:%d:%d: %s: ", d->file, loc.line, loc.col, kind);
    else fprintf(d->out, "%s: %s: ", d->file, kind);
    vfprintf(d->out, fmt, ap);
    fputc('\n', d->out);
    if (loc.line > 0) show_line(d, loc);
}

void diag_error(diag *d, ast_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(d, loc, "error", fmt, ap);
    va_end(ap);
    d->errors++;
}

void diag_warning(diag *d, ast_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(d, loc, "warning", fmt, ap);
    va_end(ap);
    d->warnings++;
}

void diag_note(diag *d, ast_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(d, loc, "note", fmt, ap);
    va_end(ap);
}

const char *diag_suggest_within(const char *word, const char *const *cands, int n, size_t most)
{
    int i = rt_nearest(word, strlen(word), cands, n, most);
    return i < 0 ? NULL : cands[i];
}

const char *diag_suggest(const char *word, const char *const *cands, int n)
{
    return diag_suggest_within(word, cands, n, strlen(word) / 3 + 1); /* a third of the word */
}

/* The candidates that begin the word, or that the word begins, by three letters or more
 * ('anon' declared, 'anonymous' written): too far apart to be a slip, and yet plainly meant.
 * Up to three, as "'a'", "'a' or 'b'", "'a', 'b' or 'c'" ('issue' written, issue_date and
 * issue_known declared); NULL when none, or more than three. */
static const char *diag_shortened(arena *a, const char *word, const char *const *cands, int n)
{
    const char *hit[3];
    int hits = 0;
    size_t w = strlen(word);
    for (int i = 0; i < n; i++) {
        size_t c = strlen(cands[i]), k = c < w ? c : w;
        if (k < 3 || c == w || strncmp(word, cands[i], k)) continue;
        if (hits == 3) return NULL;
        hit[hits++] = cands[i];
    }
    if (hits == 0) return NULL;
    if (hits == 1) return arena_printf(a, "'%s'", hit[0]);
    if (hits == 2) return arena_printf(a, "'%s' or '%s'", hit[0], hit[1]);
    return arena_printf(a, "'%s', '%s' or '%s'", hit[0], hit[1], hit[2]);
}

const char *diag_did_you_mean(arena *a, const char *word, const char *const *cands, int n)
{
    const char *s = diag_suggest(word, cands, n);
    if (s) return arena_printf(a, "; did you mean '%s'?", s);
    s = diag_shortened(a, word, cands, n);
    return s ? arena_printf(a, "; did you mean %s?", s) : "";
}
