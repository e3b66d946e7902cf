/* doc.c: a published policy as numbered paragraphs and headings, the units its citations
 * name. Each document numbers them its own way ("15.", "- 6.2", "**6.2.2**", "2.1.2"), so the
 * rules here are about line shapes, not about any one landlord. */
#include "doc.h"
#include "figures.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Markup the PDF extraction left behind (<p>, **bold**, a page's form feed) is blanked,
 * keeping byte offsets, and a no-break space is two spaces (the scanners take runs of them). */
static void blank_markup(char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '<' && i + 1 < n && (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '/')) {
            size_t j = i;
            while (j < n && s[j] != '>' && s[j] != '\n') j++;
            if (j < n && s[j] == '>') {
                memset(s + i, ' ', j - i + 1);
                i = j;
            }
        } else if (s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
            s[i] = s[i + 1] = ' ';
            i++;
        } else if (s[i] == '\f' || s[i] == '\v') { /* pdftotext starts each page with \f */
            s[i] = ' ';
        } else if ((unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            s[i] = s[i + 1] = ' '; /* a no-break space, as word processors put in "10 days" */
            i++;
        }
    }
}

/* Skips leading blanks and bullet marks ("-", "•", "▪", "✓", "➤", "!"); sets *bullet. */
static const char *skip_bullets(const char *s, const char *end, bool *bullet)
{
    static const char *const marks[] = {"\xe2\x80\xa2", "\xe2\x96\xaa", "\xe2\x9c\x93",
                                        "\xe2\x9e\xa4", "-", "!", "*"};
    *bullet = false;
    for (;;) {
        while (s < end && (*s == ' ' || *s == '\t')) s++;
        bool found = false;
        for (size_t k = 0; k < sizeof marks / sizeof marks[0] && !found; k++) {
            size_t len = strlen(marks[k]);
            if ((size_t)(end - s) > len && !memcmp(s, marks[k], len) &&
                (s[len] == ' ' || s[len] == '\t')) {
                s += len;
                found = *bullet = true;
            }
        }
        if (!found) return s;
    }
}

/* "6.2.1 Text", "15. Text": the label and its depth, or 0 when the line is not numbered. */
static int numbered(const char *s, const char *end, char *label, size_t cap)
{
    const char *p = s;
    int level = 0;
    size_t k = 0;
    for (;;) {
        const char *d = p;
        while (p < end && isdigit((unsigned char)*p)) p++;
        if (p == d || p - d > 2) return 0;
        for (const char *q = d; q < p && k + 1 < cap; q++) label[k++] = *q;
        level++;
        if (p < end && *p == '.' && p + 1 < end && isdigit((unsigned char)p[1])) {
            if (k + 1 < cap) label[k++] = '.';
            p++;
            continue;
        }
        break;
    }
    label[k] = '\0';
    if (level == 2 && k > 2 && !strcmp(label + k - 2, ".0")) { /* "6.0 Service Standards" is 6 */
        label[k - 2] = '\0';
        level = 1;
    }
    if (p < end && *p == '.') p++;
    if (p >= end || (*p != ' ' && *p != '\t')) return 0;
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    if (p >= end || !(isupper((unsigned char)*p) || *p == '(' || *p == '"' ||
                      (unsigned char)*p >= 0x80))
        return 0; /* "23 July 2019" starts with a number but is not a paragraph */
    return level;
}

/* A short line that reads as a title: a heading. Rank 0 ("Risks:") holds rank 1 ones. */
static int heading_rank(const char *s, const char *end)
{
    while (end > s && (end[-1] == ' ' || end[-1] == '\r' || end[-1] == '\t')) end--;
    size_t len = (size_t)(end - s), words = 1;
    if (len < 3 || len > 80 || !isupper((unsigned char)*s)) return -1;
    int digits = 0;
    for (const char *p = s; p < end; p++) {
        if (*p == '\t' || *p == '@') return -1; /* a table row, an address */
        digits = isdigit((unsigned char)*p) ? digits + 1 : 0;
        if (digits >= 3) return -1;            /* a telephone number, a postcode */
        words += *p == ' ';
    }
    char last = end[-1];
    if (words > 12 || last == '.' || last == ',' || last == ';') return -1;
    /* "... include:", "such as:": a list follows, not a section */
    static const char *const intros[] = {"include:", "includes:", "such as:", "are:", "follows:",
                                         "following:", "will:", "\xe2\x80\x93", "-"};
    for (size_t i = 0; i < sizeof intros / sizeof intros[0]; i++) {
        size_t n = strlen(intros[i]);
        if (len >= n && !strncasecmp_portable(end - n, intros[i], n)) return -1;
    }
    return last == ':' ? 0 : 1;
}

/* A line that ends inside a figure ("... acknowledged within 5" and then "working days, and
 * ..."), as text wrapped at a width does: it goes on in the next line, and is no heading
 * however short. Only the few words either side of the line's end are looked at. */
static bool runs_on(const doc *d, const char *eol)
{
    enum { SIDE = 40 };
    size_t at = (size_t)(eol - d->text);
    if (at >= d->len) return false;
    size_t from = at > SIDE ? at - SIDE : 0, to = d->len - at > SIDE ? at + SIDE : d->len;
    fig_found f[8];
    int n = fig_scan(d->text + from, to - from, f, 8);
    for (int i = 0; i < n; i++)
        if (from + f[i].start < at && from + f[i].end > at) return true;
    return false;
}

static void add_para(doc *d, const char *label, bool num, int level, int rank, int line,
                     size_t start)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 64;
        d->paras = realloc(d->paras, (size_t)d->cap * sizeof *d->paras);
        if (!d->paras) {
            fputs("redressc: out of memory\n", stderr);
            exit(3);
        }
    }
    doc_para *p = &d->paras[d->n++];
    snprintf(p->label, sizeof p->label, "%s", label);
    p->numbered = num;
    p->level = level;
    p->rank = rank;
    p->line = line;
    p->start = start;
    p->end = d->len;
}

static bool sub_number(const char *inner, const char *outer)
{
    size_t n = strlen(outer);
    return !strncmp(inner, outer, n) && inner[n] == '.';
}

/* Where each paragraph's region ends: a numbered one at the next numbered line that is not
 * one of its own sub-paragraphs; a heading at the next heading of its rank or above, or
 * at the next top-level numbered paragraph. */
static void close_regions(doc *d)
{
    for (int i = 0; i < d->n; i++) {
        doc_para *p = &d->paras[i];
        for (int j = i + 1; j < d->n; j++) {
            doc_para *q = &d->paras[j];
            bool ends = p->numbered ? q->numbered && !sub_number(q->label, p->label)
                                    : (!q->numbered && q->rank <= p->rank) ||
                                          (q->numbered && q->level == 1);
            if (ends) {
                p->end = q->start;
                break;
            }
        }
    }
}

static int by_start(const void *a, const void *b)
{
    const struct doc_order *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* Where each line begins, and the paragraphs in order of where they begin, so that a
 * finding is placed with a search, not a walk from the top: a document of 100,000 numbered
 * paragraphs took six minutes to audit. */
static void index_doc(doc *d)
{
    size_t n = 1;
    for (const char *p = d->text; (p = memchr(p, '\n', d->len - (size_t)(p - d->text))); p++) n++;
    d->line_start = malloc(n * sizeof *d->line_start);
    d->order = malloc((size_t)(d->n ? d->n : 1) * sizeof *d->order);
    if (!d->line_start || !d->order) {
        fputs("redressc: error: out of memory\n", stderr);
        exit(3);
    }
    d->line_start[0] = 0;
    d->n_starts = 1;
    for (const char *p = d->text; (p = memchr(p, '\n', d->len - (size_t)(p - d->text))); p++)
        d->line_start[d->n_starts++] = (size_t)(p - d->text) + 1;
    for (int i = 0; i < d->n; i++) d->order[i] = (struct doc_order){d->paras[i].start, i};
    qsort(d->order, (size_t)d->n, sizeof *d->order, by_start);
}

doc *doc_load(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    doc *d = calloc(1, sizeof *d);
    size_t cap = 65536;
    d->text = malloc(cap);
    size_t got;
    while (d->text && (got = fread(d->text + d->len, 1, cap - d->len - 1, f)) > 0) {
        d->len += got;
        if (d->len + 1 == cap) d->text = realloc(d->text, cap *= 2);
    }
    int failed = ferror(f) ? errno : 0; /* a folder opens, and then fails to read */
    fclose(f);
    if (!d->text) {
        fputs("redressc: out of memory\n", stderr);
        exit(3);
    }
    if (failed) {
        free(d->text);
        free(d);
        errno = failed;
        return NULL;
    }
    d->text[d->len] = '\0';
    d->path = path;
    blank_markup(d->text, d->len);
    int line = 1;
    for (size_t i = 0; i < d->len; line++) {
        const char *s = d->text + i, *eol = memchr(s, '\n', d->len - i);
        const char *end = eol ? eol : d->text + d->len;
        bool bullet;
        const char *t = skip_bullets(s, end, &bullet);
        char label[32];
        int level = numbered(t, end, label, sizeof label);
        int rank = level || bullet || runs_on(d, end) ? -1 : heading_rank(t, end);
        if (level) {
            add_para(d, label, true, level, -1, line, i);
        } else if (rank >= 0) {
            size_t n = (size_t)(end - t);
            while (n && (t[n - 1] == ' ' || t[n - 1] == '\r' || t[n - 1] == ':')) n--;
            char heading[sizeof d->paras[0].label];
            snprintf(heading, sizeof heading, "%.*s", (int)n, t);
            add_para(d, heading, false, 0, rank, line, i);
        }
        i = (size_t)(end - d->text) + 1;
    }
    d->n_lines = line - 1;
    close_regions(d);
    index_doc(d);
    return d;
}

void doc_free(doc *d)
{
    if (!d) return;
    free(d->text);
    free(d->paras);
    free(d->line_start);
    free(d->order);
    free(d);
}

/* Does a citation name this paragraph: the same number, or a heading that starts with it
 * (case and a closing '?' aside)? */
static bool names(const doc_para *p, const char *cite)
{
    if (p->numbered) return !strcmp(p->label, cite);
    size_t n = strlen(cite);
    while (n && (cite[n - 1] == '?' || cite[n - 1] == ':')) n--;
    return n && strlen(p->label) >= n && !strncasecmp_portable(p->label, cite, n);
}

int doc_find(const doc *d, const char *cite, int *out, int max)
{
    int k = 0;
    for (int i = 0; i < d->n && k < max; i++)
        if (names(&d->paras[i], cite)) out[k++] = i;
    return k;
}

/* How many of the first n entries of a sorted list of offsets are at most offset. */
static size_t at_most(size_t n, size_t offset, size_t (*at)(const doc *, size_t), const doc *d)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (at(d, mid) <= offset) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static size_t line_at(const doc *d, size_t k) { return d->line_start[k]; }
static size_t para_at(const doc *d, size_t k) { return d->order[k].start; }

static int doc_line_of(const doc *d, size_t offset)
{
    return (int)at_most(d->n_starts, offset, line_at, d);
}

/* The line of an offset and its column there, counted in characters from 1, as diag counts
 * them in a policy: a figure's place on a long line, and two of one figure on a line told
 * apart. */
void doc_place(doc *d, size_t offset, int *line_out, int *col_out)
{
    int line = doc_line_of(d, offset), col = 1;
    size_t i = line > 0 ? d->line_start[line - 1] : 0;
    if (d->col > 0 && line == d->col_line && d->col_from >= i && d->col_from <= offset) /* on from the last */
        i = d->col_from, col = d->col;
    for (; i < offset && i < d->len; i++) col += ((unsigned char)d->text[i] & 0xC0) != 0x80;
    d->col_line = line, d->col_from = i, d->col = col; /* findings come in the text's order:
                                                          a document of one long line is not
                                                          counted from its start each time */
    *line_out = line, *col_out = col;
}

/* The innermost paragraph holding an offset, for naming where a figure stands: of those
 * holding it, the one that starts last (the later one, of two that start together). */
int doc_para_at(const doc *d, size_t offset)
{
    for (size_t k = at_most((size_t)d->n, offset, para_at, d); k-- > 0;) {
        const doc_para *p = &d->paras[d->order[k].i];
        if (offset < p->end) return d->order[k].i; /* p->start <= offset: from the search */
    }
    return -1;
}
