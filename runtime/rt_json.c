/* rt_json.c: a strict RFC 8259 parser into arena-allocated values. Rejects what the RFC
 * rejects, invalid UTF-8 and lone surrogates; bounded nesting so no input can crash it. */
#include "rt_internal.h"
#include <string.h>

#define JS_MAX_DEPTH 512

size_t rt_utf8_seq(const unsigned char *s, size_t n);

typedef struct {
    rt_arena *a;
    const unsigned char *s;
    size_t n, i;
    const char *err;
    size_t err_at;
    int depth;
    bool views;          /* plain strings may point into the text, unterminated */
} js_parser;

static js_value *fail(js_parser *p, const char *msg)
{
    if (!p->err) {
        p->err = msg;
        p->err_at = p->i;
    }
    return NULL;
}

static void skip_ws(js_parser *p)
{
    while (p->i < p->n) {
        unsigned char c = p->s[p->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        p->i++;
    }
}

static js_value *new_value(js_parser *p, js_kind k)
{
    js_value *v = rt_arena_alloc(p->a, sizeof *v);
    memset(v, 0, sizeof *v);
    v->kind = k;
    return v;
}

static int hex4(const unsigned char *s)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int c = s[i], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return -1;
        v = v * 16 + d;
    }
    return v;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12);
        o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18);
    o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Reads a \uXXXX escape (and its low surrogate) at p->i, just past the backslash-u. */
static bool unicode_escape(js_parser *p, unsigned *cp)
{
    if (p->n - p->i < 4 || hex4(p->s + p->i) < 0) return fail(p, "bad \\u escape"), false;
    unsigned hi = (unsigned)hex4(p->s + p->i);
    p->i += 4;
    if (hi >= 0xDC00 && hi <= 0xDFFF) return fail(p, "lone low surrogate in \\u escape"), false;
    if (hi < 0xD800 || hi > 0xDBFF) {
        *cp = hi;
        return true;
    }
    if (p->n - p->i < 6 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u')
        return fail(p, "lone high surrogate in \\u escape"), false;
    int lo = hex4(p->s + p->i + 2);
    if (lo < 0xDC00 || lo > 0xDFFF) return fail(p, "lone high surrogate in \\u escape"), false;
    p->i += 6;
    *cp = 0x10000 + ((hi - 0xD800) << 10) + ((unsigned)lo - 0xDC00);
    return true;
}

static js_value *parse_string(js_parser *p)
{
    p->i++; /* opening quote */
    size_t start = p->i;
    /* Most strings are plain ASCII: point into the text instead of copying. */
    size_t q = start;
    while (q < p->n && (rt_json_plain[p->s[q]] || p->s[q] == 0x7F)) q++;
    if (p->views && q < p->n && p->s[q] == '"') {
        js_value *v = new_value(p, JS_STRING);
        v->s = (const char *)p->s + start;
        v->len = q - start;
        p->i = q + 1;
        return v;
    }
    /* The decoded string is never longer than the source text. */
    size_t end = start;
    while (end < p->n && p->s[end] != '"') end += p->s[end] == '\\' ? 2 : 1;
    char *out = rt_arena_alloc(p->a, (end > p->n ? p->n : end) - start + 1);
    size_t o = 0;
    for (;;) {
        if (p->i >= p->n) return fail(p, "unterminated string");
        unsigned char c = p->s[p->i];
        if (c == '"') break;
        if (c < 0x20) return fail(p, "control character in string");
        if (c == '\\') {
            if (++p->i >= p->n) return fail(p, "unterminated string");
            char e = (char)p->s[p->i++];
            const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
            const char *k = e ? strchr(from, e) : NULL;
            if (k) {
                out[o++] = to[k - from];
            } else if (e == 'u') {
                unsigned cp;
                if (!unicode_escape(p, &cp)) return NULL;
                o += put_utf8(out + o, cp);
            } else {
                p->i--;
                return fail(p, "bad escape in string");
            }
            continue;
        }
        size_t len = rt_utf8_seq(p->s + p->i, p->n - p->i);
        if (!len) return fail(p, "invalid UTF-8 in string");
        memcpy(out + o, p->s + p->i, len);
        o += len;
        p->i += len;
    }
    p->i++;
    out[o] = '\0';
    js_value *v = new_value(p, JS_STRING);
    v->s = out;
    v->len = o;
    return v;
}

static size_t digits(js_parser *p)
{
    size_t k = 0;
    while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++, k++;
    return k;
}

static js_value *parse_number(js_parser *p)
{
    size_t start = p->i;
    if (p->s[p->i] == '-') p->i++;
    if (p->i < p->n && p->s[p->i] == '0') {
        p->i++;
    } else if (digits(p) == 0) {
        return fail(p, "bad number");
    }
    if (p->i < p->n && p->s[p->i] == '.') {
        p->i++;
        if (digits(p) == 0) return fail(p, "bad number: digits must follow '.'");
    }
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-')) p->i++;
        if (digits(p) == 0) return fail(p, "bad number: digits must follow the exponent");
    }
    js_value *v = new_value(p, JS_NUMBER);
    v->s = rt_arena_strndup(p->a, (const char *)p->s + start, p->i - start);
    v->len = p->i - start;
    return v;
}

static js_value *parse_value(js_parser *p);

static js_value *parse_array(js_parser *p)
{
    p->i++;
    js_value *v = new_value(p, JS_ARRAY);
    size_t cap = 0;
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == ']') {
        p->i++;
        return v;
    }
    for (;;) {
        js_value *item = parse_value(p);
        if (!item) return NULL;
        if (v->n == cap) {
            cap = cap ? cap * 2 : 4;
            js_value **items = rt_arena_alloc(p->a, cap * sizeof *items);
            if (v->n) memcpy(items, v->items, v->n * sizeof *items);
            v->items = items;
        }
        v->items[v->n++] = item;
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') { p->i++; continue; }
        if (p->i < p->n && p->s[p->i] == ']') { p->i++; return v; }
        return fail(p, "expected ',' or ']' in array");
    }
}

static js_value *parse_object(js_parser *p)
{
    p->i++;
    js_value *v = new_value(p, JS_OBJECT);
    size_t cap = 0;
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == '}') {
        p->i++;
        return v;
    }
    for (;;) {
        skip_ws(p);
        if (p->i >= p->n || p->s[p->i] != '"') return fail(p, "expected a string key in object");
        js_value *key = parse_string(p);
        if (!key) return NULL;
        skip_ws(p);
        if (p->i >= p->n || p->s[p->i] != ':') return fail(p, "expected ':' after object key");
        p->i++;
        js_value *val = parse_value(p);
        if (!val) return NULL;
        if (v->n == cap) {
            cap = cap ? cap * 2 : 8;
            js_member *m = rt_arena_alloc(p->a, cap * sizeof *m);
            if (v->n) memcpy(m, v->members, v->n * sizeof *m);
            v->members = m;
        }
        v->members[v->n++] = (js_member){key->s, key->len, val};
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') { p->i++; continue; }
        if (p->i < p->n && p->s[p->i] == '}') { p->i++; return v; }
        return fail(p, "expected ',' or '}' in object");
    }
}

static js_value *parse_literal(js_parser *p, const char *word, js_kind k)
{
    size_t len = strlen(word);
    if (p->n - p->i < len || memcmp(p->s + p->i, word, len) != 0)
        return fail(p, "unexpected character");
    p->i += len;
    return new_value(p, k);
}

static js_value *parse_value(js_parser *p)
{
    skip_ws(p);
    if (p->i >= p->n) return fail(p, "unexpected end of input");
    if (++p->depth > JS_MAX_DEPTH) return fail(p, "nested too deeply");
    js_value *v;
    switch (p->s[p->i]) {
    case '{': v = parse_object(p); break;
    case '[': v = parse_array(p); break;
    case '"': v = parse_string(p); break;
    case 't': v = parse_literal(p, "true", JS_TRUE); break;
    case 'f': v = parse_literal(p, "false", JS_FALSE); break;
    case 'n': v = parse_literal(p, "null", JS_NULL); break;
    default:
        v = (p->s[p->i] == '-' || (p->s[p->i] >= '0' && p->s[p->i] <= '9'))
                ? parse_number(p)
                : fail(p, "unexpected character");
    }
    p->depth--;
    return v;
}

static js_value *parse(rt_arena *a, const char *s, size_t n, const char **err, size_t *err_col,
                       bool views)
{
    js_parser p = {.a = a, .s = (const unsigned char *)s, .n = n, .views = views};
    js_value *v = parse_value(&p);
    if (v) {
        skip_ws(&p);
        if (p.i < p.n) v = fail(&p, "unexpected text after the JSON value");
    }
    if (!v) {
        *err = p.err;
        *err_col = p.err_at + 1;
    }
    return v;
}

js_value *rt_json_parse(rt_arena *a, const char *s, size_t n, const char **err, size_t *err_col)
{
    return parse(a, s, n, err, err_col, false);
}

js_value *rt_json_parse_views(rt_arena *a, const char *s, size_t n, const char **err,
                              size_t *err_col)
{
    return parse(a, s, n, err, err_col, true);
}

const js_value *rt_json_get(const js_value *obj, const char *key)
{
    size_t len = strlen(key);
    /* the last of duplicate keys wins, so search from the end */
    for (size_t i = obj->n; i-- > 0;) {
        const js_member *m = &obj->members[i];
        if (m->key_len == len && m->key[0] == key[0] && memcmp(m->key, key, len) == 0)
            return m->value;
    }
    return NULL;
}

bool rt_json_int(const js_value *v, int64_t *out)
{
    if (v->kind != JS_NUMBER) return false;
    const char *s = v->s, *end = v->s + v->len; /* the text may be a view: use len */
    bool neg = s < end && *s == '-';
    if (neg) s++;
    /* JSON has no leading zeros, so more than 19 digits is past INT64_MAX; 19 fit in 64
     * bits unsigned, so the one check comes after the loop */
    if (s == end || end - s > 19) return false;
    uint64_t x = 0;
    for (; s < end; s++) {
        unsigned d = (unsigned)(unsigned char)*s - '0';
        if (d > 9) return false; /* fractions and exponents are not integers */
        x = x * 10 + d;
    }
    if (x > (uint64_t)INT64_MAX) return false;
    *out = neg ? -(int64_t)x : (int64_t)x;
    return true;
}
