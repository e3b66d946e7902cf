/* fmt.c: redressc fmt: lays a policy file out the one way. The author's lines stay lines;
 * only the space around words changes, so the parser is given the very same tokens (main.c
 * holds the two token streams equal before anything is written). */
#include "fmt.h"
#include "front.h"
#include <string.h>

typedef enum { TOP, IN_STAGE, IN_SCENARIO } block;

/* A word that begins a statement in a block, and the word after it where one is not enough
 * ("not a complaint", but "not" alone begins no statement). */
typedef struct {
    const char *word, *then;
} starter;

static const starter top_words[] = {
    {"policy", NULL},   {"organisation", NULL}, {"document", NULL},  {"version", NULL},
    {"issued", NULL},   {"revised", NULL},      {"calendar", NULL},  {"homes", NULL},
    {"closed", NULL},   {"fact", NULL},         {"not", "complaint"}, {"refuse", NULL},
    {"time", "limit"},  {"stage", NULL},        {"ombudsman", NULL}, {"outcomes", NULL},
    {"advise", NULL},   {"extern", NULL},       {"measure", NULL},   {"figure", NULL},
    {"assume", NULL},   {"award", NULL},        {"no", "compensation"}, {"offset", NULL},
    {"approval", NULL}, {"redirect", NULL},     {"scenario", NULL},  {"restriction", NULL},
    {NULL, NULL}};
static const starter stage_words[] = {
    {"handled", NULL},     {"entered", NULL}, {"extension", NULL}, {"closes", NULL},
    {"response", "includes"}, {"acknowledge", NULL}, {"respond", NULL}, {"resolve", NULL},
    {"end", NULL},         {"on", "extension"}, {"beyond", NULL}, {NULL, NULL}};
static const starter scenario_words[] = {{"as", NULL}, {"expect", NULL}, {"end", NULL},
                                         {NULL, NULL}};

/* One line's words: the code with its spaces made single, and its comment. */
typedef struct {
    rt_buf code;
    const char *comment; /* from its '#', or NULL */
    size_t comment_len;
} line;

static bool space(char c) { return c == ' ' || c == '\t' || c == '\r'; }
static bool digit(char c) { return c >= '0' && c <= '9'; }

/* Splits s[0, n) (one line, no newline) into code and comment. Strings are copied as they
 * are, escapes and all. Outside them each run of spaces becomes one; a comma or colon has
 * none before it and one after (a comma inside an amount, £1,000, is left alone); and "§ 15"
 * becomes "§15". A string left open runs to the line's end, as the lexer takes it. */
static void split(line *l, const char *s, size_t n)
{
    l->code.n = 0;
    l->comment = NULL;
    bool gap = false;
    for (size_t i = 0; i < n; i++) {
        bool nbsp = (unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0;
        if (space(s[i]) || nbsp) { /* a no-break space is a space to the lexer, and here one */
            gap = l->code.n > 0;
            i += nbsp;
            continue;
        }
        if (s[i] == '#') {
            l->comment = s + i;
            l->comment_len = n - i;
            while (l->comment_len && space(l->comment[l->comment_len - 1])) l->comment_len--;
            return;
        }
        bool after_section = l->code.n >= 2 && !memcmp(l->code.p + l->code.n - 2, "\xc2\xa7", 2);
        bool in_amount = s[i] == ',' && i > 0 && digit(s[i - 1]) && i + 1 < n && digit(s[i + 1]);
        bool stop = (s[i] == ',' || s[i] == ':') && !in_amount; /* "a, b", "complaint: a" */
        if (gap && !stop && !(after_section && (s[i] == '"' || digit(s[i]))))
            rt_buf_putc(&l->code, ' ');
        gap = stop;
        if (s[i] != '"') {
            rt_buf_putc(&l->code, s[i]);
            continue;
        }
        size_t j = i + 1;
        while (j < n && s[j] != '"') j += s[j] == '\\' && j + 1 < n ? 2 : 1;
        if (j < n) j++; /* the closing quote */
        rt_buf_put(&l->code, s + i, j - i);
        i = j - 1;
    }
}

/* The k-th word of the code (0: the first), filler words skipped as the lexer skips them;
 * its length in *len, or NULL. */
static const char *word(const line *l, int k, size_t *len)
{
    if (!l->code.n) return NULL; /* and no buffer yet, perhaps */
    const char *p = l->code.p, *end = p + l->code.n;
    bool after_first = k > 0;
    for (; p < end; p++) {
        const char *w = p;
        while (p < end && *p != ' ' && *p != ':' && *p != ',') p++;
        size_t n = (size_t)(p - w);
        if (!n || (after_first && lex_filler(w, n))) continue;
        if (k-- == 0) {
            *len = n;
            return w;
        }
    }
    return NULL;
}

static bool is(const char *w, size_t n, const char *s)
{
    return w && strlen(s) == n && !memcmp(w, s, n);
}

static bool is_date(const char *w, size_t n)
{
    static const char shape[] = "dddd-dd-dd";
    if (!w || n != 10) return false;
    for (size_t i = 0; i < n; i++)
        if (shape[i] == 'd' ? (w[i] < '0' || w[i] > '9') : w[i] != '-') return false;
    return true;
}

/* Whether the line, whose first word is w (n bytes), begins a statement of block b. */
static bool begins(const line *l, block b, const char *w, size_t n)
{
    size_t m;
    const char *next = word(l, 1, &m);
    if (b == IN_SCENARIO && is_date(w, n)) return true;
    const starter *t = b == TOP ? top_words : b == IN_STAGE ? stage_words : scenario_words;
    for (; t->word; t++)
        if (is(w, n, t->word)) return !t->then || is(next, m, t->then);
    return false;
}

static void indent(rt_buf *out, int depth)
{
    for (int i = 0; i < depth * 4; i++) rt_buf_putc(out, ' ');
}

void fmt_policy(const char *src, size_t len, rt_buf *out)
{
    line l = {0};
    block b = TOP;
    int statement = 0; /* the depth of the statement the lines belong to */
    bool blank = false, any = false;
    for (size_t start = 0; start < len;) {
        size_t end = rt_line_end(src, start, len);
        split(&l, src + start, end - start);
        start = end + 1;
        if (!l.code.n && !l.comment) {
            blank = any;
            continue;
        }
        int depth = b == TOP ? 0 : 1;
        size_t n;
        const char *w = word(&l, 0, &n);
        if (!l.code.n) { /* a comment on its own: where the next statement goes */
        } else if (b != TOP && is(w, n, "end")) {
            depth = statement = 0;
            b = TOP;
        } else if (begins(&l, b, w, n)) {
            statement = depth;
            if (b == TOP && is(w, n, "stage")) b = IN_STAGE;
            if (b == TOP && is(w, n, "scenario")) b = IN_SCENARIO;
        } else {
            depth = statement + 1;
        }
        if (blank) rt_buf_putc(out, '\n');
        blank = false;
        any = true;
        indent(out, depth);
        if (l.code.n) rt_buf_put(out, l.code.p, l.code.n);
        if (l.code.n && l.comment) rt_buf_putc(out, ' ');
        if (l.comment) rt_buf_put(out, l.comment, l.comment_len);
        rt_buf_putc(out, '\n');
    }
    rt_buf_free(&l.code);
}
