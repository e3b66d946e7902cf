/* ast.h: the tree of one policy file, allocated in the compilation's arena. Grammar actions
 * build it through the ast_* functions; the checker fills in resolved names and types. */
#ifndef AST_H
#define AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- the arena: everything of one compilation, freed once ---- */
#include "rt_internal.h"
typedef struct { rt_arena rt; } arena;
void *arena_alloc(arena *a, size_t n);   /* zeroed; exits cleanly when memory runs out */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_free(arena *a);

/* A source span: line and columns are 1-based, columns in characters; last is exclusive. */
typedef struct { int line, col, last_col; } ast_loc;

typedef struct ast_cite {
    const char *text;
    ast_loc loc;
    struct ast_cite *next;
} ast_cite;

typedef struct ast_name {
    const char *text;
    ast_loc loc;
    struct ast_name *next;
} ast_name;

typedef enum { TY_ERROR, TY_BOOL, TY_INT, TY_DATE, TY_MONEY, TY_TEXT, TY_ENUM } ast_type_kind;
typedef struct {
    ast_type_kind kind;
    struct ast_fact *fact; /* TY_ENUM: the fact whose values these are */
} ast_type;

typedef enum { UNIT_WORKING_DAYS, UNIT_DAYS, UNIT_WEEKS, UNIT_MONTHS } ast_unit;

typedef struct ast_fact {
    const char *name;
    ast_loc loc;
    ast_type_kind type;
    ast_name *values;       /* enum values */
    int n_values;
    ast_name *otherwise;    /* fallback fact, or NULL */
    struct ast_fact *fallback;
    int index;
    bool read;              /* some rule reads it */
    struct ast_fact *next;
} ast_fact;

typedef enum {
    EX_OR, EX_AND, EX_NOT, EX_CMP, EX_IS, EX_ISNOT, EX_KNOWN, EX_UNKNOWN, EX_MORE_AFTER,
    EX_WITHIN, EX_ONE_OF, EX_NAME, EX_RECEIPT, EX_INT, EX_MONEY, EX_DATE, EX_TEXT, EX_BOOL,
    EX_CALL
} ast_expr_kind;

/* An extern function's parameter types, as written. */
#define AST_MAX_PARAMS 8
typedef struct {
    ast_type_kind t[AST_MAX_PARAMS];
    int n;
} ast_types;

typedef enum { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE } ast_cmp;

typedef struct ast_expr {
    ast_expr_kind kind;
    ast_loc loc;
    struct ast_expr *a, *b;
    ast_cmp cmp;
    int64_t i;              /* literal, or N of a period; enum index once resolved */
    ast_unit unit;
    const char *text;       /* name or text literal */
    ast_name *names;        /* one of */
    ast_fact *fact;         /* EX_NAME resolved to a fact */
    struct ast_extern *fn;  /* EX_CALL resolved to an extern function */
    struct ast_expr *args;  /* EX_CALL: the arguments, linked through next_arg */
    struct ast_expr *next_arg;
    bool enum_member;       /* EX_NAME resolved to a value of the other side's enum */
    ast_type type;
} ast_expr;

typedef struct ast_refusal {
    const char *name;
    ast_loc loc;
    ast_expr *when, *unless;
    const char *reason;
    ast_cite *cites;
    const char *assumption;
    const char *when_text;  /* the condition written back, for explain */
    struct ast_refusal *next;
} ast_refusal;

typedef enum { DUTY_RESOLVE, DUTY_ACKNOWLEDGE, DUTY_RESPOND } ast_duty_kind;
typedef enum { ANCHOR_RECEIPT, ANCHOR_REQUEST, ANCHOR_ACK, ANCHOR_RESPONSE } ast_anchor;

typedef struct ast_duty {
    ast_duty_kind kind;
    ast_loc loc;
    int n;
    ast_unit unit;
    ast_anchor anchor;
    ast_loc anchor_loc;
    ast_cite *cites;
    const char *assumption;
    struct ast_duty *next;
} ast_duty;

/* One way into a stage, or one stage-wide rule, with where it was written. */
typedef struct {
    bool given;
    ast_loc loc;
    ast_cite *cites;
    const char *assumption;
} ast_rule;

typedef struct ast_stage {
    const char *id;
    ast_loc loc;
    const char *title;
    const char *handler;
    ast_cite *handler_cites;
    ast_rule receipt;       /* entered on receipt */
    ast_rule request;       /* entered on request ... */
    bool reasons;           /* ... with reasons */
    int window_n;           /* ... within N units of FROM's response (0: any time) */
    ast_unit window_unit;
    ast_name *from;
    ast_rule automatic;     /* entered automatically when AUTO_FROM's target passes */
    ast_name *auto_from;
    ast_rule ext;           /* extension at most N working days [, more if agreed] */
    int ext_n;
    ast_unit ext_unit;
    bool ext_more_if_agreed;
    ast_rule tell, tell_beyond; /* on extension tell "...", beyond extension tell "..." */
    const char *tell_text, *tell_beyond_text;
    ast_rule close;         /* closes automatically N units after the response */
    int close_n;
    ast_unit close_unit;
    ast_name *includes;     /* response includes: ... */
    ast_rule includes_rule;
    ast_duty *duties;
    int index;
    struct ast_stage *next;
} ast_stage;

typedef enum {
    VAL_NAME, VAL_TEXT, VAL_INT, VAL_MONEY, VAL_DATE, VAL_BOOL, VAL_UNKNOWN, VAL_LIST
} ast_val_kind;
typedef struct ast_field {
    ast_name key;
    ast_val_kind kind;
    ast_loc vloc;
    int64_t i;
    const char *text;
    ast_name *list;         /* VAL_LIST */
    ast_fact *fact;         /* resolved: a declared fact, or NULL for core fields */
    struct ast_field *next;
} ast_field;

typedef struct ast_event {
    int32_t date;
    ast_loc loc;
    ast_name type;
    ast_field *fields;
    struct ast_event *next;
} ast_event;

typedef enum {
    XP_STATUS, XP_STAGE, XP_REFUSAL, XP_NO_REFUSAL, XP_DUE, XP_DUTY_STATUS, XP_WINDOW_OPENS,
    XP_WINDOW_CLOSES, XP_NOTE, XP_AWARD, XP_TOTAL, XP_PAYABLE, XP_APPROVAL
} ast_expect_kind;

typedef struct ast_expect {
    ast_expect_kind kind;
    ast_loc loc;
    ast_name subject;       /* status value, stage id, refusal name, window name, stage of duty */
    ast_duty_kind duty;
    ast_name status;        /* duty status, when given */
    int32_t date;
    int64_t pence;
    const char *text;       /* note, approver */
    struct ast_expect *next;
} ast_expect;

typedef struct ast_scenario {
    const char *name;
    ast_loc loc;
    ast_event *events;
    int32_t as_of;          /* INT32_MIN until given */
    ast_loc as_of_loc;
    ast_expect *expects;
    struct ast_scenario *next;
} ast_scenario;

typedef struct ast_noncomplaint {
    ast_name *kinds;
    ast_loc loc;
    ast_cite *cites;
    const char *assumption;
    struct ast_noncomplaint *next;
} ast_noncomplaint;

typedef struct ast_assumption {
    const char *text;
    ast_loc loc;
    ast_cite *cites;
    struct ast_assumption *next;
} ast_assumption;

typedef struct ast_closure {
    int32_t date;
    const char *why;
    ast_loc loc;
    struct ast_closure *next;
} ast_closure;

typedef struct ast_redirect {
    const char *name;
    ast_loc loc;
    ast_expr *when;
    const char *to;
    ast_cite *cites;
    const char *assumption;
    const char *when_text;
    struct ast_redirect *next;
} ast_redirect;

typedef struct ast_advice {
    const char *text;
    ast_loc loc;
    ast_expr *when;
    const char *when_text;
    ast_cite *cites;
    struct ast_advice *next;
} ast_advice;

/* `extern office_closed(date) returns yes/no from "libclosures.so"`: a function in a shared
 * library, exported as redress_office_closed; see docs/language.md for the C types. */
typedef struct ast_extern {
    const char *name;
    ast_loc loc;
    ast_types params;
    ast_type_kind ret;
    const char *library;    /* as written: relative to the policy file's folder */
    ast_cite *cites;
    const char *assumption;
    int index;
    void *impl;             /* the interpreter's loaded function (extern.c) */
    struct ast_extern *next;
} ast_extern;

/* `measure "..." is upheld at stage1 §9.1`: a figure the policy promises to report. */
typedef struct ast_measure {
    const char *label;
    ast_loc loc;
    ast_name *what;         /* received, responded (on time), upheld, resolved, escalated, ... */
    ast_name *stage_name;
    bool on_time;
    ast_cite *cites;
    int kind, stage;        /* resolved by the checker: rt_measure_kind, stage index */
    struct ast_measure *next;
} ast_measure;

/* `figure "24 hours" §4.4 is not encoded because "..."`: a written, reviewable waiver for a
 * figure of the document that no rule encodes. */
typedef struct ast_waiver {
    const char *text;
    ast_loc loc;
    ast_cite *cites;
    const char *because;
    bool used;              /* audit: it waived a figure of the document */
    struct ast_waiver *next;
} ast_waiver;

typedef enum { AWARD_FIXED, AWARD_DAILY } ast_award_kind;
typedef struct ast_award {
    const char *name;
    ast_loc loc;
    ast_award_kind kind;
    int64_t pence;          /* the amount, or the daily rate */
    ast_name *amount;       /* fixed: a money fact holding the amount */
    ast_name *from, *until; /* daily: date facts */
    ast_fact *amount_fact, *from_fact, *until_fact;
    int64_t cap;            /* -1: none */
    ast_expr *when;
    const char *when_text;
    ast_cite *cites;
    const char *assumption;
    struct ast_award *next;
} ast_award;

typedef struct ast_bar {
    ast_loc loc;
    ast_expr *when;
    const char *when_text;
    ast_cite *cites;
    const char *assumption;
    struct ast_bar *next;
} ast_bar;

typedef struct ast_band {
    ast_loc loc;
    int64_t from, below;    /* below -1: no upper limit */
    const char *who;
    ast_cite *cites;
    struct ast_band *next;
} ast_band;

/* A header line: `organisation "..."` and the like. */
typedef struct { const char *text; ast_loc loc; bool given; } ast_header;

typedef struct ast_policy {
    arena *arena;
    struct diag *diag;
    const char *file;       /* as given on the command line, for diagnostics */
    ast_header id, organisation, document, version, issued, revised, calendar;
    long homes;
    ast_closure *closures;
    void *append_list, *append_at; /* the list last appended to, and its end (ast.c) */
    ast_fact *facts;
    ast_noncomplaint *noncomplaints;
    ast_redirect *redirects;
    ast_advice *advice;
    ast_refusal *refusals;
    ast_stage *stages;
    ast_award *awards;
    ast_bar *bars;
    ast_band *bands;
    struct {
        bool given;
        ast_loc loc;
        ast_name *fact_name;
        ast_fact *fact;
        ast_expr *when;     /* NULL: always */
        const char *when_text;
        ast_cite *cites;
        const char *assumption;
    } offset;
    struct {                /* unreasonable behaviour: contact restricted, and its review */
        bool given;
        ast_loc loc;
        ast_name *from_name, *review_name; /* review_name NULL: none, or a period */
        ast_fact *from, *review;
        int64_t n;          /* reviewed within n units of the start; -1: no such period */
        ast_unit unit;
        ast_cite *cites;
        const char *assumption;
    } restriction;
    struct {
        bool given;
        ast_loc loc;
        int n;
        ast_unit unit;
        ast_name after;
        ast_stage *stage;
        ast_cite *cites;
        const char *assumption;
    } ombudsman;
    ast_name *outcomes;
    ast_cite *outcome_cites;
    ast_loc outcomes_loc;
    ast_assumption *assumptions;
    ast_waiver *waivers;
    ast_extern *externs;
    ast_measure *measures;
    struct {
        bool given;
        ast_loc loc;
        ast_name by;        /* the extern deciding which days the offices are closed */
        ast_extern *fn;
        ast_cite *cites;
        const char *assumption;
    } closed_by;
    ast_scenario *scenarios;
    ast_scenario *current;  /* the scenario being parsed */
    ast_stage *current_stage;
} ast_policy;

/* ---- builders, called from grammar actions ---- */
ast_cite *ast_cite_new(ast_policy *P, const char *text, ast_loc loc);
ast_cite *ast_cite_append(ast_cite *list, ast_cite *c);
ast_name *ast_name_new(ast_policy *P, const char *text, ast_loc loc);
ast_name *ast_name_append(ast_name *list, ast_name *n);

void ast_set_header(ast_policy *P, ast_header *h, const char *text, ast_loc loc);
void ast_set_homes(ast_policy *P, int64_t n, ast_loc loc);
void ast_add_closure(ast_policy *P, int32_t date, const char *why, ast_loc loc);
void ast_add_fact(ast_policy *P, const char *name, ast_loc loc, ast_type_kind type,
                  ast_name *values, ast_name *otherwise);
void ast_add_noncomplaint(ast_policy *P, ast_name *kinds, ast_loc loc, ast_cite *cites,
                          const char *assumption);
void ast_add_refusal(ast_policy *P, const char *name, ast_loc loc, ast_expr *when,
                     ast_expr *unless, const char *reason, ast_cite *cites, const char *assumption);
void ast_add_time_limit(ast_policy *P, ast_loc loc, int64_t n, ast_unit unit, ast_name *from,
                        ast_expr *unless, const char *reason, ast_cite *cites,
                        const char *assumption);
void ast_begin_stage(ast_policy *P, const char *id, ast_loc loc, const char *title);
void ast_stage_handler(ast_policy *P, const char *who, ast_cite *cites);
void ast_stage_on_receipt(ast_policy *P, ast_loc loc, ast_cite *cites, const char *assumption);
void ast_stage_on_request(ast_policy *P, ast_loc loc, bool reasons, int64_t n, ast_unit unit,
                          ast_name *from, ast_cite *cites, const char *assumption);
void ast_stage_automatic(ast_policy *P, ast_loc loc, ast_name *from, ast_cite *cites,
                         const char *assumption);
void ast_stage_extension(ast_policy *P, ast_loc loc, int64_t n, ast_unit unit, bool more_if_agreed,
                         ast_cite *cites, const char *assumption);
void ast_stage_auto_close(ast_policy *P, ast_loc loc, int64_t n, ast_unit unit, ast_cite *cites,
                          const char *assumption);
void ast_stage_includes(ast_policy *P, ast_loc loc, ast_name *names, ast_cite *cites);
void ast_add_redirect(ast_policy *P, const char *name, ast_loc loc, ast_expr *when, const char *to,
                      ast_cite *cites, const char *assumption);
void ast_add_advice(ast_policy *P, const char *text, ast_loc loc, ast_expr *when, ast_cite *cites);
void ast_add_extern(ast_policy *P, const char *name, ast_loc loc, ast_types params,
                    ast_type_kind ret, const char *library, ast_cite *cites, const char *assumption);
void ast_set_closed_by(ast_policy *P, ast_loc loc, ast_name *fn, ast_cite *cites,
                       const char *assumption);
ast_types ast_types_one(ast_type_kind t);
ast_types ast_types_add(ast_types ts, ast_type_kind t, ast_loc loc, ast_policy *P);
ast_expr *ast_call(ast_policy *P, const char *name, ast_loc loc, ast_expr *args);
ast_expr *ast_arg_append(ast_expr *list, ast_expr *arg);
void ast_add_measure(ast_policy *P, const char *label, ast_loc loc, ast_name *what,
                     ast_name *stage, bool on_time, ast_cite *cites);
void ast_add_waiver(ast_policy *P, const char *text, ast_loc loc, ast_cite *cites,
                    const char *because);
void ast_add_award(ast_policy *P, const char *name, ast_loc loc, ast_award_kind kind, int64_t pence,
                   ast_name *amount, ast_name *from, ast_name *until, int64_t cap, ast_expr *when,
                   ast_cite *cites, const char *assumption);
void ast_add_bar(ast_policy *P, ast_loc loc, ast_expr *when, ast_cite *cites,
                 const char *assumption);
void ast_stage_tell(ast_policy *P, ast_loc loc, bool beyond, const char *text, ast_cite *cites,
                    const char *assumption);
void ast_set_restriction(ast_policy *P, ast_loc loc, ast_name *from, ast_name *review, int64_t n,
                         ast_unit unit, ast_cite *cites, const char *assumption);
void ast_set_offset(ast_policy *P, ast_loc loc, ast_name *fact, ast_expr *when, ast_cite *cites,
                    const char *assumption);
void ast_add_band(ast_policy *P, ast_loc loc, int64_t from, int64_t below, const char *who,
                  ast_cite *cites);
void ast_scenario_money(ast_policy *P, ast_expect_kind kind, ast_loc loc, ast_name *subject,
                        int64_t pence, const char *text);
ast_field *ast_field_list(ast_policy *P, ast_name *key, ast_loc vloc, ast_name *names);
void ast_stage_duty(ast_policy *P, ast_duty_kind kind, ast_loc loc, int64_t n, ast_unit unit,
                    ast_anchor anchor, ast_loc anchor_loc, ast_cite *cites,
                    const char *assumption);
void ast_set_ombudsman(ast_policy *P, ast_loc loc, int64_t n, ast_unit unit, ast_name *after,
                       ast_cite *cites, const char *assumption);
void ast_set_outcomes(ast_policy *P, ast_name *values, ast_loc loc, ast_cite *cites);
void ast_add_assumption(ast_policy *P, const char *text, ast_loc loc, ast_cite *cites);

void ast_begin_scenario(ast_policy *P, const char *name, ast_loc loc);
void ast_scenario_event(ast_policy *P, int32_t date, ast_loc loc, ast_name *type,
                        ast_field *fields);
void ast_scenario_as_of(ast_policy *P, int32_t date, ast_loc loc);
void ast_scenario_expect(ast_policy *P, ast_expect_kind kind, ast_loc loc, ast_name *subject,
                         ast_duty_kind duty, ast_name *status, int32_t date, const char *text);
ast_field *ast_field_new(ast_policy *P, ast_name *key, ast_val_kind kind, ast_loc vloc,
                         int64_t i, const char *text);
ast_field *ast_field_append(ast_field *list, ast_field *f);

ast_expr *ast_binary(ast_policy *P, ast_expr_kind k, ast_expr *a, ast_expr *b, ast_loc loc);
ast_expr *ast_compare(ast_policy *P, ast_cmp cmp, ast_expr *a, ast_expr *b, ast_loc loc);
ast_expr *ast_period(ast_policy *P, ast_expr_kind k, ast_expr *a, int64_t n, ast_unit unit,
                     ast_expr *b, ast_loc loc);
ast_expr *ast_one_of(ast_policy *P, ast_expr *a, ast_name *names, ast_loc loc);
ast_expr *ast_leaf(ast_policy *P, ast_expr_kind k, ast_loc loc, int64_t i, const char *text);

/* The condition written back in the language, for explain and for the generated comments. */
const char *ast_expr_text(ast_policy *P, const ast_expr *e);
const char *ast_unit_text(ast_unit u, int64_t n);
const char *ast_period_text(ast_policy *P, int64_t n, ast_unit u); /* "10 working days" */
const char *ast_duty_text(ast_duty_kind k);  /* "acknowledge" */
const char *ast_anchor_text(ast_anchor a); /* "the escalation request" */
const char *ast_cites_text(ast_policy *P, const ast_cite *c); /* "15; Service Standards" */

#endif
