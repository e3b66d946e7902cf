/* lex.c: the lexer's helpers: locations in characters, the keyword table, literals,
 * and front_parse, which runs the reentrant scanner and the pure parser over one file. */
#include "front.h"
#include "parser.h"
#include "lexer.h"
#include "redress.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void lex_advance(struct lex_extra *x, YYLTYPE *loc, const char *text, size_t len)
{
    loc->first_line = x->line;
    loc->first_column = x->col;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n') {
            x->line++;
            x->col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            x->col++; /* count characters, not UTF-8 continuation bytes */
        }
    }
    loc->last_line = x->line;
    loc->last_column = x->col;
    if (len && text[0] != ' ' && text[0] != '\t' && text[0] != '\r' && text[0] != '\n' &&
        text[0] != '#') { /* a match that is not blanks or a comment */
        x->filler_before = x->filler;
        x->filler = lex_filler(text, len);
        x->bracketed_cite = false;
    }
}

ast_loc loc_of(YYLTYPE l)
{
    return (ast_loc){l.first_line, l.first_column,
                     l.last_line == l.first_line ? l.last_column : l.first_column + 1};
}

void lex_error(struct lex_extra *x, YYLTYPE *loc, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_error(x->d, loc_of(*loc), "%s", msg);
}

typedef struct { const char *word; int token; } keyword;

static const keyword keywords[] = {
    {"acknowledge", ACKNOWLEDGE}, {"acknowledgement", ACKNOWLEDGEMENT}, {"advise", ADVISE}, {"after", AFTER},
    {"against", AGAINST}, {"agreed", AGREED}, {"always", ALWAYS}, {"and", AND},
    {"approval", APPROVAL}, {"as", AS}, {"assume", ASSUME}, {"assuming", ASSUMING}, {"at", AT},
    {"automatically", AUTOMATICALLY}, {"award", AWARD}, {"because", BECAUSE}, {"below", BELOW},
    {"beyond", BEYOND}, {"by", BY}, {"calendar", CALENDAR}, {"closed", CLOSED}, {"closes", CLOSES},
    {"compensation", COMPENSATION}, {"complaint", COMPLAINT}, {"date", KW_DATE}, {"day", DAY},
    {"days", DAYS}, {"document", DOCUMENT}, {"due", DUE}, {"encoded", ENCODED}, {"end", END}, {"entered", ENTERED},
    {"escalation", ESCALATION}, {"extern", EXTERN}, {"expect", EXPECT}, {"extension", EXTENSION}, {"fact", FACT}, {"figure", FIGURE},
    {"from", FROM}, {"handled", HANDLED}, {"homes", HOMES}, {"if", IF}, {"includes", INCLUDES},
    {"is", IS}, {"issued", ISSUED}, {"known", KNOWN}, {"limit", LIMIT}, {"measure", MEASURE}, {"money", KW_MONEY},
    {"month", MONTH}, {"months", MONTHS}, {"more", MORE}, {"most", MOST}, {"no", NO},
    {"not", NOT}, {"note", NOTE}, {"number", KW_NUMBER}, {"of", OF}, {"offset", OFFSET},
    {"ombudsman", OMBUDSMAN}, {"on", ON}, {"one", ONE}, {"opens", OPENS}, {"or", OR},
    {"organisation", ORGANISATION}, {"otherwise", OTHERWISE}, {"outcomes", OUTCOMES},
    {"passes", PASSES}, {"payable", PAYABLE}, {"policy", POLICY}, {"reasons", REASONS},
    {"receipt", RECEIPT}, {"redirect", REDIRECT}, {"refusal", REFUSAL}, {"refuse", REFUSE},
    {"request", REQUEST}, {"resolve", RESOLVE}, {"respond", RESPOND}, {"response", RESPONSE},
    {"restriction", RESTRICTION}, {"returns", RETURNS}, {"reviewed", REVIEWED},
    {"revised", REVISED}, {"scenario", SCENARIO}, {"stage", STAGE}, {"status", STATUS},
    {"target", TARGET}, {"tell", TELL}, {"text", KW_TEXT}, {"than", THAN}, {"time", TIME}, {"to", TO},
    {"total", TOTAL}, {"unknown", UNKNOWN}, {"unless", UNLESS}, {"up", UP},
    {"version", VERSION}, {"week", WEEK}, {"weeks", WEEKS}, {"when", WHEN}, {"where", WHERE},
    {"window", WINDOW}, {"with", WITH}, {"within", WITHIN}, {"working", WORKING}, {"yes", YES},
};

/* Filler words make rules read as sentences; the grammar never sees them. */
const char *lex_filler(const char *w, size_t n)
{
    return n == 3 && !memcmp(w, "the", 3) ? "the"
           : n == 1 && *w == 'a'          ? "a"
           : n == 2 && !memcmp(w, "an", 2) ? "an"
                                           : NULL;
}

int lex_word(struct lex_extra *x, YYSTYPE *val, const char *text, size_t len)
{
    if (lex_filler(text, len)) return 0;
    /* A plain scan: the table is small, and no ordering of it can go stale. */
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (!strcmp(text, keywords[i].word)) return keywords[i].token;
    val->text = x->word = lex_text(x, text, len);
    return IDENT;
}

const char *lex_text(struct lex_extra *x, const char *text, size_t len)
{
    return arena_strndup(x->P->arena, text, len);
}

int lex_number(struct lex_extra *x, YYSTYPE *val, YYLTYPE *loc, const char *text)
{
    size_t n = strlen(text);
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (v > 100000000) {
            lex_error(x, loc, "number %s is too large", text);
            v = 0;
            break;
        }
        v = v * 10 + (text[i] - '0');
    }
    val->integer = v;
    return NUMBER;
}

int lex_date(struct lex_extra *x, YYSTYPE *val, YYLTYPE *loc, const char *text)
{
    rt_day d;
    if (!rt_parse_date(text, strlen(text), &d)) {
        lex_error(x, loc, "invalid date '%s': dates are YYYY-MM-DD from 1900-01-01 to 2199-12-31",
                  text);
        d = 0;
    }
    val->date = d;
    return DATE;
}

int lex_money(struct lex_extra *x, YYSTYPE *val, YYLTYPE *loc, const char *text)
{
    const char *s = text + 2; /* after the two bytes of "£" */
    int64_t pounds = 0, pence = 0;
    for (; (*s >= '0' && *s <= '9') || *s == ','; s++) {
        if (*s == ',') continue; /* £1,000 */
        if (pounds > 100000000) {
            lex_error(x, loc, "amount %s is too large", text);
            pounds = 0;
            break;
        }
        pounds = pounds * 10 + (*s - '0');
    }
    if (*s == '.') pence = (s[1] - '0') * 10 + (s[2] - '0');
    val->integer = pounds * 100 + pence; /* money is exact pence, never floating point */
    return MONEY;
}

void lex_string_begin(struct lex_extra *x, YYLTYPE *loc)
{
    x->str_len = 0;
    x->str_line = loc->first_line;
    x->str_col = loc->first_column;
}

void lex_string_add(struct lex_extra *x, const char *text, size_t len)
{
    if (x->str_len + len + 1 > x->str_cap) {
        x->str_cap = (x->str_len + len + 1) * 2;
        x->str = realloc(x->str, x->str_cap);
        if (!x->str) {
            fputs("redressc: out of memory\n", stderr);
            exit(3);
        }
    }
    memcpy(x->str + x->str_len, text, len);
    x->str_len += len;
}

int lex_string_end(struct lex_extra *x, YYSTYPE *val, YYLTYPE *loc)
{
    loc->first_line = x->str_line;
    loc->first_column = x->str_col;
    val->text = arena_strndup(x->P->arena, x->str ? x->str : "", x->str_len);
    return STRING;
}

int lex_string_unterminated(struct lex_extra *x, YYSTYPE *val, YYLTYPE *loc)
{
    YYLTYPE start = {x->str_line, x->str_col, x->str_line, x->str_col + 1};
    lex_error(x, &start, "unterminated string: a string ends with \" on the line it starts");
    (void)loc;
    return lex_string_end(x, val, loc);
}

void lex_bad_char(struct lex_extra *x, YYLTYPE *loc, const char *text)
{
    unsigned char c = (unsigned char)text[0];
    if (c >= 0x20 && c < 0x7F)
        lex_error(x, loc, "unexpected character '%c'", c);
    else if (!strcmp(text, "\u201c") || !strcmp(text, "\u201d") || !strcmp(text, "\u2018") ||
             !strcmp(text, "\u2019"))
        lex_error(x, loc, "unexpected character '%s', a curly quote as word processors write "
                          "them: a string is in straight quotes (\")", text);
    else if (c >= 0xC2 && strlen(text) > 1)
        lex_error(x, loc, "unexpected character '%s' outside a string", text);
    else
        lex_error(x, loc, "unexpected byte 0x%02x", c);
}

void yyerror(YYLTYPE *loc, void *scanner, ast_policy *P, const char *msg)
{
    (void)scanner;
    diag_error(P->diag, loc_of(*loc), "%s", msg);
}

/* The number a word spells, as published documents write small ones ("ten working days"),
 * or -1. */
static int number_word(const char *w)
{
    static const char *const units[] = {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen", "twenty"};
    static const char *const tens[] = {"thirty", "forty", "fifty", "sixty", "seventy", "eighty",
                                       "ninety"};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (!strcasecmp(w, units[i])) return (int)i;
    for (size_t i = 0; i < sizeof tens / sizeof tens[0]; i++)
        if (!strcasecmp(w, tens[i])) return 30 + 10 * (int)i;
    return -1;
}

static bool wants(const char *const *expected, int n, const char *what)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(expected[i], what)) return true;
    return false;
}

/* A syntax error in Bison's words ("syntax error, unexpected name, expecting 'of' or 'to"),
 * its expected tokens listed when there are at most four, as parse.error detailed lists
 * them. When the word met is a name where keywords were expected, the nearest of those is
 * suggested, if one or two slips away: a policy author's misspelling of `receipt` is then
 * named, even where a dozen keywords could follow and none is listed. */
void front_syntax_error(void *scanner, ast_policy *P, ast_loc loc, const char *unexpected,
                        bool is_name, const char *const *expected, int n_expected)
{
    enum { LISTED = 4 };
    rt_buf msg = {0};
    rt_buf_puts(&msg, "syntax error");
    if (unexpected) {
        rt_buf_printf(&msg, ", unexpected %s", unexpected);
        for (int i = 0; n_expected <= LISTED && i < n_expected; i++)
            rt_buf_printf(&msg, "%s%s", i ? " or " : ", expecting ", expected[i]);
    }
    /* a fact or award named after a keyword ("fact agreed is money") is an easy mistake to
     * make and a hard one to see from "expecting name" alone */
    const struct lex_extra *x = yyget_extra(scanner);
    /* and little else: where many things may come, a keyword there is more often a part
       left out ("when because") */
    bool wants_name = n_expected <= LISTED && wants(expected, n_expected, "name");
    const char *filler = x->filler_before;
    if (wants_name && filler) /* "fact a is yes/no": the parser never saw the a */
        rt_buf_printf(&msg, "; '%s' is passed over, as 'a', 'an' and 'the' always are, so it "
                            "cannot be a name", filler);
    else if (wants_name && unexpected && unexpected[0] == '\'' && unexpected[1] >= 'a' &&
             unexpected[1] <= 'z')
        rt_buf_printf(&msg, "; %s is a word of the policy language, so it cannot be a name",
                      unexpected);
    const char *word = x->word;
    if (is_name && word) {
        enum { MAX = sizeof keywords / sizeof keywords[0] };
        const char *kw[MAX];
        char text[MAX][32];
        int n = 0;
        for (int i = 0; i < n_expected && n < MAX; i++) {
            size_t len = strlen(expected[i]); /* a keyword's name is quoted: 'receipt' */
            if (len < 3 || len - 2 >= sizeof text[0] || expected[i][0] != '\'' ||
                !(expected[i][1] >= 'a' && expected[i][1] <= 'z'))
                continue;
            memcpy(text[n], expected[i] + 1, len - 2);
            text[n][len - 2] = '\0';
            kw[n] = text[n];
            n++;
        }
        /* closer than a name must be: a name put where a keyword goes is often no slip */
        const char *near = diag_suggest_within(word, kw, n, rt_slips(strlen(word)));
        if (near) rt_buf_printf(&msg, "; did you mean '%s'?", near);
    }
    /* documents spell out "ten working days" and "within a month"; the language takes 10 and 1 */
    bool number = wants(expected, n_expected, "number");
    int figure = number && is_name && word ? number_word(word) : -1;
    if (figure >= 0)
        rt_buf_printf(&msg, "; write numbers in figures: %d, not '%s'", figure, word);
    else if (number && filler && strcmp(filler, "the"))
        rt_buf_printf(&msg, "; write '%s' as the number 1", filler);
    if (is_name && word && !strcmp(word, "per")) /* no rule has 'per': "£2.50 per day" */
        rt_buf_puts(&msg, "; a daily rate is written '£2.50 a day', not 'per day'");
    if (unexpected && !strcmp(unexpected, "number") && wants(expected, n_expected, "amount of money"))
        rt_buf_puts(&msg, "; an amount of money is written with its pound sign, as £50 or £2.50");
    if (unexpected && wants(expected, n_expected, "'end'")) {
        if (!strcmp(unexpected, "end of file"))
            rt_buf_puts(&msg, "; the file ends inside a block: close it with 'end'");
        else if (!strcmp(unexpected, "'stage'") || !strcmp(unexpected, "'scenario'"))
            rt_buf_printf(&msg, "; the block before this %s has no 'end'", unexpected);
    }
    if (unexpected && !strcmp(unexpected, "'('") && x->bracketed_cite)
        rt_buf_puts(&msg, "; a citation is written §12, with no brackets");
    diag_error(P->diag, loc, "%s", msg.p);
    rt_buf_free(&msg);
}

/* A scanner over src for x's policy; exits cleanly when memory runs out. */
static yyscan_t scanner_on(struct lex_extra *x, const char *src, size_t len, YY_BUFFER_STATE *buf)
{
    yyscan_t scanner;
    if (yylex_init_extra(x, &scanner)) {
        fputs("redressc: out of memory\n", stderr);
        exit(3);
    }
    *buf = yy_scan_bytes(src, (int)len, scanner);
    return scanner;
}

static void scanner_done(struct lex_extra *x, yyscan_t scanner, YY_BUFFER_STATE buf)
{
    yy_delete_buffer(buf, scanner);
    yylex_destroy(scanner);
    free(x->str);
}

static ast_policy *policy_in(arena *a, diag *d, const char *file)
{
    ast_policy *P = arena_alloc(a, sizeof *P);
    P->arena = a;
    P->diag = d;
    P->file = file;
    return P;
}

ast_policy *front_parse(arena *a, diag *d, const char *file, const char *src, size_t len)
{
    ast_policy *P = policy_in(a, d, file);
    struct lex_extra x = {.P = P, .d = d, .line = 1, .col = 1};
    YY_BUFFER_STATE buf;
    yyscan_t scanner = scanner_on(&x, src, len, &buf);
    yyparse(scanner, P);
    scanner_done(&x, scanner, buf);
    return P;
}

void front_tokens(arena *a, diag *d, const char *file, const char *src, size_t len, rt_buf *out)
{
    struct lex_extra x = {.P = policy_in(a, d, file), .d = d, .line = 1, .col = 1};
    YY_BUFFER_STATE buf;
    yyscan_t scanner = scanner_on(&x, src, len, &buf);
    YYSTYPE v;
    YYLTYPE l;
    for (int t; (t = yylex(&v, &l, scanner)) > 0;) {
        rt_buf_printf(out, "%d", t);
        if (t == STRING || t == IDENT || t == DOTTED) {
            rt_buf_putc(out, ' ');
            rt_buf_json_string(out, v.text, strlen(v.text));
        } else if (t == NUMBER || t == MONEY) {
            rt_buf_printf(out, " %lld", (long long)v.integer);
        } else if (t == DATE) {
            rt_buf_printf(out, " %ld", (long)v.date);
        }
        rt_buf_putc(out, '\n');
    }
    scanner_done(&x, scanner, buf);
}
