/* front.h: what the flex lexer's actions call, in lex.c: locations, keywords, literals and
 * the lexical errors, reported through diag without stopping the scan. */
#ifndef FRONT_H
#define FRONT_H

#include "ast.h"
#include "diag.h"

struct lex_extra {
    ast_policy *P;
    diag *d;
    int line, col;
    char *str;              /* the string literal being read */
    size_t str_len, str_cap;
    int str_line, str_col;
    const char *word;       /* the last name read: the word a syntax error may be about */
    const char *filler, *filler_before; /* "a", "the" or "an" as the last match but blanks,
                                           and as the one before it */
    bool bracketed_cite;    /* the last match was a '(' before a citation: "(§12)" */
};

union YYSTYPE;
struct YYLTYPE;
void lex_advance(struct lex_extra *x, struct YYLTYPE *loc, const char *text, size_t len);
int lex_word(struct lex_extra *x, union YYSTYPE *val, const char *text, size_t len);
const char *lex_text(struct lex_extra *x, const char *text, size_t len);
int lex_number(struct lex_extra *x, union YYSTYPE *val, struct YYLTYPE *loc, const char *text);
int lex_date(struct lex_extra *x, union YYSTYPE *val, struct YYLTYPE *loc, const char *text);
int lex_money(struct lex_extra *x, union YYSTYPE *val, struct YYLTYPE *loc, const char *text);
void lex_string_begin(struct lex_extra *x, struct YYLTYPE *loc);
void lex_string_add(struct lex_extra *x, const char *text, size_t len);
int lex_string_end(struct lex_extra *x, union YYSTYPE *val, struct YYLTYPE *loc);
int lex_string_unterminated(struct lex_extra *x, union YYSTYPE *val, struct YYLTYPE *loc);
void lex_bad_char(struct lex_extra *x, struct YYLTYPE *loc, const char *text);
void lex_error(struct lex_extra *x, struct YYLTYPE *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The words the grammar never sees ("the", "a", "an"), so that rules read as sentences. */
const char *lex_filler(const char *w, size_t n); /* "a", "an" or "the" as written, or NULL */

/* Parses a policy file held in memory; returns the tree (errors are counted in d). */
ast_policy *front_parse(arena *a, diag *d, const char *file, const char *src, size_t len);

/* The tokens the parser would be given, a line each with its value: what redressc fmt holds
 * equal between a file and what it writes. Lexical errors are reported through d. */
void front_tokens(arena *a, diag *d, const char *file, const char *src, size_t len, rt_buf *out);

#endif
