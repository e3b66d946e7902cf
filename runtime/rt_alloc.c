/* rt_alloc.c: the runtime's single allocation hook, a bump arena, and the byte buffer
 * every writer uses (with the JSON string escaper). */
#include "rt_internal.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void *default_realloc(void *p, size_t n, void *ud)
{
    (void)ud;
    if (n == 0) {
        free(p);
        return NULL;
    }
    return realloc(p, n);
}

static rt_realloc_fn hook = default_realloc;
static void *hook_ud;

void rt_set_allocator(rt_realloc_fn fn, void *ud)
{
    hook = fn ? fn : default_realloc;
    hook_ud = ud;
}

void *rt_alloc(size_t n) { return hook(NULL, n ? n : 1, hook_ud); }
void *rt_realloc(void *p, size_t n) { return hook(p, n ? n : 1, hook_ud); }
void rt_free(void *p)
{
    if (p) hook(p, 0, hook_ud);
}

_Thread_local jmp_buf *rt_oom_catch;

_Noreturn void rt_out_of_memory(void)
{
    if (rt_oom_catch) longjmp(*rt_oom_catch, 1);
    fputs("error: out of memory\n", stderr);
    fflush(stdout);
    exit(3);
}

void *rt_xalloc(size_t n)
{
    void *p = rt_alloc(n);
    if (!p) rt_out_of_memory();
    return p;
}

void *rt_xrealloc(void *p, size_t n)
{
    void *q = rt_realloc(p, n);
    if (!q) rt_out_of_memory();
    return q;
}

char *rt_xstrndup(const char *s, size_t n)
{
    char *d = rt_xalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

struct rt_arena_chunk {
    rt_arena_chunk *next;
    size_t used, cap;
    max_align_t data[];
};

void *rt_arena_alloc(rt_arena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    rt_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > 16384 ? n : 16384;
        c = rt_xalloc(sizeof *c + cap);
        c->next = a->head;
        c->used = 0;
        c->cap = cap;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    return p;
}

char *rt_arena_strndup(rt_arena *a, const char *s, size_t n)
{
    char *d = rt_arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void rt_arena_reset(rt_arena *a)
{
    while (a->head) {
        rt_arena_chunk *next = a->head->next;
        rt_free(a->head);
        a->head = next;
    }
}

void rt_arena_rewind(rt_arena *a)
{
    if (!a->head) return;
    rt_arena_chunk *keep = a->head;
    rt_arena_reset(&(rt_arena){keep->next});
    keep->next = NULL;
    keep->used = 0;
}

void rt_buf_grow(rt_buf *b, size_t more)
{
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->n < more + 1) cap *= 2;
    b->p = rt_xrealloc(b->p, cap);
    b->cap = cap;
}

void rt_buf_printf(rt_buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) {
        rt_buf_put(b, tmp, (size_t)n);
        return;
    }
    char *big = rt_xalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    rt_buf_put(b, big, (size_t)n);
    rt_free(big);
}

void rt_buf_free(rt_buf *b)
{
    rt_free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

/* Length of the valid UTF-8 sequence at s (RFC 3629: no overlongs, no surrogates),
 * or 0 when the bytes there are not one. */
size_t rt_utf8_seq(const unsigned char *s, size_t n);
size_t rt_utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t len;
    unsigned cp, min;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

#define P16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
const unsigned char rt_json_plain[256] = {
    P16(0), P16(0),                                               /* 0x00-0x1f: controls */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,               /* 0x20-0x2f: '"' */
    P16(1), P16(1),                                               /* 0x30-0x4f */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,               /* 0x50-0x5f: '\\' */
    P16(1),                                                       /* 0x60-0x6f */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,               /* 0x70-0x7f: DEL */
    P16(0), P16(0), P16(0), P16(0), P16(0), P16(0), P16(0), P16(0)}; /* 0x80-0xff */
#undef P16

#if defined(__SSE2__) && defined(__GNUC__)
/* Whether the n bytes at u, from i on, all go out as they are: none to escape, and those from
 * 0x80 valid UTF-8 (each sequence checked where it starts). Sixteen bytes at a time, the
 * last sixteen overlapping those before (so n is at least 16): notes and citations hold a
 * '§' or a dash, where the plain run stops and the general loop below took a byte at a time
 * through a call for each sequence, then a run for the rest. */
static bool as_is_from(const unsigned char *u, size_t n, size_t i)
{
    size_t next = i; /* past the last sequence checked */
    for (;; i += 16) {
        size_t at = i + 16 <= n ? i : n - 16;
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + at));
        unsigned high = (unsigned)_mm_movemask_epi8(x) >> (i - at);
        if ((rt_json_care16(u + at, false) >> (i - at)) & ~high) return false;
        for (; high; high &= high - 1) {
            size_t p = i + (size_t)__builtin_ctz(high), len;
            if (p < next) continue; /* within the sequence before */
            if (!(len = rt_utf8_seq(u + p, n - p))) return false;
            next = p + len;
        }
        if (i + 16 >= n) return true;
    }
}
#endif

/* Always writes valid JSON: controls escaped, bad UTF-8 bytes become U+FFFD. */
void rt_buf_json_string(rt_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = rt_json_plain_run(u, n, false);
#if defined(__SSE2__) && defined(__GNUC__)
    if (i < n && u[i] >= 0x80 && n >= 16 && as_is_from(u, n, i)) i = n;
#endif
    if (i == n) { /* the usual case: nothing to escape */
        if (b->cap - b->n < n + 3) rt_buf_grow(b, n + 2);
        b->p[b->n] = '"';
        memcpy(b->p + b->n + 1, s, n);
        b->n += n + 2;
        b->p[b->n - 1] = '"';
        b->p[b->n] = '\0';
        return;
    }
    rt_buf_putc(b, '"');
    size_t from = 0; /* the bytes from here to i go out as they are, in one piece */
    while (i < n) {
        unsigned c = u[i];
        if (c >= 0x80) { /* UTF-8, as it is, when it is valid */
            size_t len = rt_utf8_seq(u + i, n - i);
            if (len) {
                i += len;
                i += rt_json_plain_run(u + i, n - i, false);
                continue;
            }
        }
        rt_buf_put(b, u + from, i - from);
        if (c == '"' || c == '\\') {
            rt_buf_putc(b, '\\');
            rt_buf_putc(b, (char)c);
        } else if (c < 0x20 || c == 0x7F) {
            static const char short_esc[] = "btn\0fr"; /* \b \t \n . \f \r for 8..13 */
            if (c >= 8 && c <= 13 && c != 11) {
                rt_buf_putc(b, '\\');
                rt_buf_putc(b, short_esc[c - 8]);
            } else {
                rt_buf_printf(b, "\\u%04x", c);
            }
        } else {
            rt_buf_puts(b, "\\ufffd"); /* not UTF-8 */
        }
        from = ++i;
        i += rt_json_plain_run(u + i, n - i, false);
    }
    rt_buf_put(b, u + from, n - from);
    rt_buf_putc(b, '"');
}

/* s in quotes, its own doubled, after lead (what the cell begins with). */
static void csv_quoted(rt_buf *b, const char *lead, const char *s, size_t n)
{
    rt_buf_putc(b, '"');
    rt_buf_puts(b, lead);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') rt_buf_putc(b, '"');
        rt_buf_putc(b, s[i]);
    }
    rt_buf_putc(b, '"');
}

/* A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, quote or newline. */
void rt_buf_csv_field(rt_buf *b, const char *s, size_t n)
{
    bool quote = false;
    for (size_t i = 0; i < n; i++) quote |= s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (quote) csv_quoted(b, "", s, n);
    else rt_buf_put(b, s, n);
}

/* A cell of a CSV file written for people, who open it in a spreadsheet: one that begins
 * as a formula does (=, +, -, @, a tab or a carriage return) is begun with ', so that a case
 * id a CRM took from anyone, "=HYPERLINK(...)", is shown as text and never run. */
void rt_buf_csv_cell(rt_buf *b, const char *s, size_t n)
{
    if (n && s[0] && strchr("=+-@\t\r", s[0])) csv_quoted(b, "'", s, n);
    else rt_buf_csv_field(b, s, n);
}

size_t rt_int_text(int64_t v, char num[RT_INT_TEXT])
{
    size_t k = RT_INT_TEXT;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do num[--k] = (char)('0' + u % 10); while (u /= 10);
    if (v < 0) num[--k] = '-';
    return k;
}

void rt_buf_int(rt_buf *b, const char *key, int64_t v)
{
    char num[RT_INT_TEXT];
    size_t k = rt_int_text(v, num);
    rt_buf_puts(b, key);
    rt_buf_put(b, num + k, RT_INT_TEXT - k);
}

void rt_buf_date(rt_buf *b, rt_day d)
{
    if (d == RT_NODATE) {
        rt_buf_puts(b, "null");
        return;
    }
    if (b->cap - b->n < 13) rt_buf_grow(b, 12);
    b->p[b->n] = '"';
    rt_format_date(d, b->p + b->n + 1); /* ten digits and dashes, then a NUL */
    b->p[b->n + 11] = '"';
    b->n += 12;
    b->p[b->n] = '\0';
}
