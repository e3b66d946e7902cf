/* ast.c: the compilation's arena and the tree builders the grammar actions call; also
 * writes conditions back in the policy language for explain and generated comments. */
#include "ast.h"
#include "diag.h"
#include "rt_internal.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The compilation's arena is the runtime's, zeroing what it hands out. */
void *arena_alloc(arena *a, size_t n)
{
    void *p = rt_arena_alloc(&a->rt, n);
    memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    return rt_arena_strndup(&a->rt, s, n);
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

void arena_free(arena *a)
{
    rt_arena_reset(&a->rt);
}

#define NEW(P, T) ((T *)arena_alloc((P)->arena, sizeof(T)))
/* Appending keeps declaration order, which is the order rules are checked and listed in. */
#define DEFINE_APPEND(T)                                                                       \
    static void append_##T(ast_policy *P, T **head, T *node)                                   \
    {                                                                                          \
        T **at = P && P->append_list == (void *)head ? (T **)P->append_at : head;              \
        while (*at) at = &(*at)->next;                                                         \
        *at = node;                                                                            \
        if (P) P->append_list = (void *)head, P->append_at = (void *)&node->next;              \
    }
DEFINE_APPEND(ast_cite)
DEFINE_APPEND(ast_name)
DEFINE_APPEND(ast_closure)
DEFINE_APPEND(ast_fact)
DEFINE_APPEND(ast_noncomplaint)
DEFINE_APPEND(ast_refusal)
DEFINE_APPEND(ast_stage)
DEFINE_APPEND(ast_duty)
DEFINE_APPEND(ast_assumption)
DEFINE_APPEND(ast_scenario)
DEFINE_APPEND(ast_event)
DEFINE_APPEND(ast_expect)
DEFINE_APPEND(ast_field)
DEFINE_APPEND(ast_redirect)
DEFINE_APPEND(ast_award)
DEFINE_APPEND(ast_advice)
DEFINE_APPEND(ast_waiver)
DEFINE_APPEND(ast_extern)
DEFINE_APPEND(ast_measure)
DEFINE_APPEND(ast_bar)
DEFINE_APPEND(ast_band)
#define APPEND(T, head, node) append_##T(NULL, &(head), (node))
/* The same for a list of P's: where the last append to that list ended is kept, so a policy
 * of many facts or scenarios is read in linear time, not by a walk along each list. */
#define APPEND_IN(P, T, head, node) append_##T((P), &(head), (node))

ast_cite *ast_cite_new(ast_policy *P, const char *text, ast_loc loc)
{
    ast_cite *c = NEW(P, ast_cite);
    c->text = text;
    c->loc = loc;
    return c;
}

ast_cite *ast_cite_append(ast_cite *list, ast_cite *c)
{
    APPEND(ast_cite, list, c);
    return list;
}

ast_name *ast_name_new(ast_policy *P, const char *text, ast_loc loc)
{
    ast_name *n = NEW(P, ast_name);
    n->text = text;
    n->loc = loc;
    return n;
}

ast_name *ast_name_append(ast_name *list, ast_name *n)
{
    APPEND(ast_name, list, n);
    return list;
}

void ast_set_header(ast_policy *P, ast_header *h, const char *text, ast_loc loc)
{
    if (h->given) {
        diag_error(P->diag, loc, "this header is given twice");
        diag_note(P->diag, h->loc, "first given here");
    }
    *h = (ast_header){text, loc, true};
}

void ast_set_homes(ast_policy *P, int64_t n, ast_loc loc)
{
    (void)loc;
    P->homes = (long)n;
}

void ast_add_closure(ast_policy *P, int32_t date, const char *why, ast_loc loc)
{
    ast_closure *c = NEW(P, ast_closure);
    *c = (ast_closure){date, why, loc, NULL};
    APPEND_IN(P, ast_closure, P->closures, c);
}

void ast_add_fact(ast_policy *P, const char *name, ast_loc loc, ast_type_kind type,
                  ast_name *values, ast_name *otherwise)
{
    ast_fact *f = NEW(P, ast_fact);
    f->name = name;
    f->loc = loc;
    f->type = type;
    f->values = values;
    for (ast_name *v = values; v; v = v->next) f->n_values++;
    f->otherwise = otherwise;
    APPEND_IN(P, ast_fact, P->facts, f);
}

void ast_add_noncomplaint(ast_policy *P, ast_name *kinds, ast_loc loc, ast_cite *cites,
                          const char *assumption)
{
    ast_noncomplaint *n = NEW(P, ast_noncomplaint);
    *n = (ast_noncomplaint){kinds, loc, cites, assumption, NULL};
    APPEND_IN(P, ast_noncomplaint, P->noncomplaints, n);
}

void ast_add_refusal(ast_policy *P, const char *name, ast_loc loc, ast_expr *when,
                     ast_expr *unless, const char *reason, ast_cite *cites, const char *assumption)
{
    ast_refusal *r = NEW(P, ast_refusal);
    r->name = name;
    r->loc = loc;
    r->when = when;
    r->unless = unless;
    r->reason = reason;
    r->cites = cites;
    r->assumption = assumption;
    APPEND_IN(P, ast_refusal, P->refusals, r);
}

/* `time limit N months after FACT` is a refusal: receipt is more than N months after FACT. */
void ast_add_time_limit(ast_policy *P, ast_loc loc, int64_t n, ast_unit unit, ast_name *from,
                        ast_expr *unless, const char *reason, ast_cite *cites,
                        const char *assumption)
{
    ast_expr *receipt = ast_leaf(P, EX_RECEIPT, loc, 0, NULL);
    ast_expr *fact = ast_leaf(P, EX_NAME, from->loc, 0, from->text);
    ast_expr *when = ast_period(P, EX_MORE_AFTER, receipt, n, unit, fact, loc);
    ast_add_refusal(P, "time_limit", loc, when, unless, reason, cites, assumption);
}

void ast_begin_stage(ast_policy *P, const char *id, ast_loc loc, const char *title)
{
    ast_stage *s = NEW(P, ast_stage);
    s->id = id;
    s->loc = loc;
    s->title = title;
    APPEND_IN(P, ast_stage, P->stages, s);
    P->current_stage = s;
}

void ast_stage_handler(ast_policy *P, const char *who, ast_cite *cites)
{
    P->current_stage->handler = who;
    P->current_stage->handler_cites = cites;
}

/* Each stage-wide rule is written once; a second one is an error pointing at the first. */
static bool rule_once(ast_policy *P, ast_rule *r, ast_loc loc, ast_cite *cites,
                      const char *assumption, const char *what)
{
    if (r->given) {
        diag_error(P->diag, loc, "stage '%s' says twice %s", P->current_stage->id, what);
        diag_note(P->diag, r->loc, "first said here");
        return false;
    }
    *r = (ast_rule){true, loc, cites, assumption};
    return true;
}

void ast_stage_on_receipt(ast_policy *P, ast_loc loc, ast_cite *cites, const char *assumption)
{
    rule_once(P, &P->current_stage->receipt, loc, cites, assumption, "that a case enters on receipt");
}

void ast_stage_on_request(ast_policy *P, ast_loc loc, bool reasons, int64_t n, ast_unit unit,
                          ast_name *from, ast_cite *cites, const char *assumption)
{
    ast_stage *s = P->current_stage;
    if (!rule_once(P, &s->request, loc, cites, assumption, "how a case enters on request")) return;
    s->reasons = reasons;
    s->window_n = (int)n;
    s->window_unit = unit;
    s->from = from;
}

void ast_stage_automatic(ast_policy *P, ast_loc loc, ast_name *from, ast_cite *cites,
                         const char *assumption)
{
    if (rule_once(P, &P->current_stage->automatic, loc, cites, assumption,
                  "how a case enters automatically"))
        P->current_stage->auto_from = from;
}

void ast_stage_extension(ast_policy *P, ast_loc loc, int64_t n, ast_unit unit, bool more_if_agreed,
                         ast_cite *cites, const char *assumption)
{
    ast_stage *s = P->current_stage;
    if (!rule_once(P, &s->ext, loc, cites, assumption, "how far the response may be extended"))
        return;
    s->ext_n = (int)n;
    s->ext_unit = unit;
    s->ext_more_if_agreed = more_if_agreed;
}

/* What the customer must be told of an extension, or of one beyond the stage's limit. */
void ast_stage_tell(ast_policy *P, ast_loc loc, bool beyond, const char *text, ast_cite *cites,
                    const char *assumption)
{
    ast_stage *s = P->current_stage;
    if (rule_once(P, beyond ? &s->tell_beyond : &s->tell, loc, cites, assumption,
                  beyond ? "what the customer is told of an extension beyond its limit"
                         : "what the customer is told of an extension"))
        *(beyond ? &s->tell_beyond_text : &s->tell_text) = text;
}

void ast_stage_auto_close(ast_policy *P, ast_loc loc, int64_t n, ast_unit unit, ast_cite *cites,
                          const char *assumption)
{
    ast_stage *s = P->current_stage;
    if (!rule_once(P, &s->close, loc, cites, assumption, "when it closes by itself")) return;
    s->close_n = (int)n;
    s->close_unit = unit;
}

void ast_stage_includes(ast_policy *P, ast_loc loc, ast_name *names, ast_cite *cites)
{
    ast_stage *s = P->current_stage;
    if (rule_once(P, &s->includes_rule, loc, cites, NULL, "what its response includes"))
        s->includes = names;
}

void ast_add_redirect(ast_policy *P, const char *name, ast_loc loc, ast_expr *when, const char *to,
                      ast_cite *cites, const char *assumption)
{
    ast_redirect *r = NEW(P, ast_redirect);
    *r = (ast_redirect){name, loc, when, to, cites, assumption, NULL, NULL};
    APPEND_IN(P, ast_redirect, P->redirects, r);
}

void ast_add_advice(ast_policy *P, const char *text, ast_loc loc, ast_expr *when, ast_cite *cites)
{
    ast_advice *a = NEW(P, ast_advice);
    *a = (ast_advice){text, loc, when, NULL, cites, NULL};
    APPEND_IN(P, ast_advice, P->advice, a);
}

void ast_add_extern(ast_policy *P, const char *name, ast_loc loc, ast_types params,
                    ast_type_kind ret, const char *library, ast_cite *cites, const char *assumption)
{
    ast_extern *x = NEW(P, ast_extern);
    *x = (ast_extern){name, loc, params, ret, library, cites, assumption, 0, NULL, NULL};
    APPEND_IN(P, ast_extern, P->externs, x);
}

void ast_set_closed_by(ast_policy *P, ast_loc loc, ast_name *fn, ast_cite *cites,
                       const char *assumption)
{
    if (P->closed_by.given) {
        diag_error(P->diag, loc, "the function deciding closure days is given twice");
        diag_note(P->diag, P->closed_by.loc, "first given here");
    }
    P->closed_by.given = true;
    P->closed_by.loc = loc;
    P->closed_by.by = *fn;
    P->closed_by.cites = cites;
    P->closed_by.assumption = assumption;
}

ast_types ast_types_one(ast_type_kind t)
{
    return (ast_types){{t}, 1};
}

ast_types ast_types_add(ast_types ts, ast_type_kind t, ast_loc loc, ast_policy *P)
{
    if (ts.n == AST_MAX_PARAMS) {
        diag_error(P->diag, loc, "an extern function takes at most %d arguments", AST_MAX_PARAMS);
        return ts;
    }
    ts.t[ts.n++] = t;
    return ts;
}

ast_expr *ast_call(ast_policy *P, const char *name, ast_loc loc, ast_expr *args)
{
    ast_expr *e = ast_leaf(P, EX_CALL, loc, 0, name);
    e->args = args;
    return e;
}

ast_expr *ast_arg_append(ast_expr *list, ast_expr *arg)
{
    ast_expr **p = &list;
    while (*p) p = &(*p)->next_arg;
    *p = arg;
    return list;
}

void ast_add_measure(ast_policy *P, const char *label, ast_loc loc, ast_name *what,
                     ast_name *stage, bool on_time, ast_cite *cites)
{
    ast_measure *m = NEW(P, ast_measure);
    *m = (ast_measure){label, loc, what, stage, on_time, cites, 0, 0, NULL};
    APPEND_IN(P, ast_measure, P->measures, m);
}

void ast_add_waiver(ast_policy *P, const char *text, ast_loc loc, ast_cite *cites,
                    const char *because)
{
    ast_waiver *w = NEW(P, ast_waiver);
    *w = (ast_waiver){text, loc, cites, because, false, NULL};
    APPEND_IN(P, ast_waiver, P->waivers, w);
}

void ast_add_award(ast_policy *P, const char *name, ast_loc loc, ast_award_kind kind, int64_t pence,
                   ast_name *amount, ast_name *from, ast_name *until, int64_t cap, ast_expr *when,
                   ast_cite *cites, const char *assumption)
{
    ast_award *a = NEW(P, ast_award);
    a->name = name;
    a->loc = loc;
    a->kind = kind;
    a->pence = pence;
    a->amount = amount;
    a->from = from;
    a->until = until;
    a->cap = cap;
    a->when = when;
    a->cites = cites;
    a->assumption = assumption;
    APPEND_IN(P, ast_award, P->awards, a);
}

void ast_add_bar(ast_policy *P, ast_loc loc, ast_expr *when, ast_cite *cites,
                 const char *assumption)
{
    ast_bar *b = NEW(P, ast_bar);
    *b = (ast_bar){loc, when, NULL, cites, assumption, NULL};
    APPEND_IN(P, ast_bar, P->bars, b);
}

/* A rule a policy gives once: false, with the error, when it was given already. */
static bool policy_once(ast_policy *P, bool *given, ast_loc *at, ast_loc loc, const char *what)
{
    if (*given) {
        diag_error(P->diag, loc, "%s is given twice", what);
        diag_note(P->diag, *at, "first given here");
        return false;
    }
    *given = true;
    *at = loc;
    return true;
}

void ast_set_restriction(ast_policy *P, ast_loc loc, ast_name *from, ast_name *review, int64_t n,
                         ast_unit unit, ast_cite *cites, const char *assumption)
{
    if (!policy_once(P, &P->restriction.given, &P->restriction.loc, loc,
                     "the restriction of contact"))
        return;
    P->restriction.from_name = from;
    P->restriction.review_name = review;
    P->restriction.n = n;
    P->restriction.unit = unit;
    P->restriction.cites = cites;
    P->restriction.assumption = assumption;
}

void ast_set_offset(ast_policy *P, ast_loc loc, ast_name *fact, ast_expr *when, ast_cite *cites,
                    const char *assumption)
{
    if (!policy_once(P, &P->offset.given, &P->offset.loc, loc, "the offset against debts")) return;
    P->offset.fact_name = fact;
    P->offset.when = when;
    P->offset.cites = cites;
    P->offset.assumption = assumption;
}

void ast_add_band(ast_policy *P, ast_loc loc, int64_t from, int64_t below, const char *who,
                  ast_cite *cites)
{
    ast_band *b = NEW(P, ast_band);
    *b = (ast_band){loc, from, below, who, cites, NULL};
    APPEND_IN(P, ast_band, P->bands, b);
}

void ast_scenario_money(ast_policy *P, ast_expect_kind kind, ast_loc loc, ast_name *subject,
                        int64_t pence, const char *text)
{
    ast_scenario_expect(P, kind, loc, subject, 0, NULL, 0, text);
    ast_expect *x = P->current->expects;
    while (x->next) x = x->next;
    x->pence = pence;
}

ast_field *ast_field_list(ast_policy *P, ast_name *key, ast_loc vloc, ast_name *names)
{
    ast_field *f = ast_field_new(P, key, VAL_LIST, vloc, 0, NULL);
    f->list = names;
    return f;
}

void ast_stage_duty(ast_policy *P, ast_duty_kind kind, ast_loc loc, int64_t n, ast_unit unit,
                    ast_anchor anchor, ast_loc anchor_loc, ast_cite *cites,
                    const char *assumption)
{
    ast_duty *d = NEW(P, ast_duty);
    *d = (ast_duty){kind, loc, (int)n, unit, anchor, anchor_loc, cites, assumption, NULL};
    APPEND_IN(P, ast_duty, P->current_stage->duties, d);
}

void ast_set_ombudsman(ast_policy *P, ast_loc loc, int64_t n, ast_unit unit, ast_name *after,
                       ast_cite *cites, const char *assumption)
{
    if (P->ombudsman.given) {
        diag_error(P->diag, loc, "the Ombudsman's waiting period is given twice");
        diag_note(P->diag, P->ombudsman.loc, "first given here");
    }
    P->ombudsman.given = true;
    P->ombudsman.loc = loc;
    P->ombudsman.n = (int)n;
    P->ombudsman.unit = unit;
    P->ombudsman.after = *after;
    P->ombudsman.cites = cites;
    P->ombudsman.assumption = assumption;
}

void ast_set_outcomes(ast_policy *P, ast_name *values, ast_loc loc, ast_cite *cites)
{
    P->outcomes = values;
    P->outcomes_loc = loc;
    P->outcome_cites = cites;
}

void ast_add_assumption(ast_policy *P, const char *text, ast_loc loc, ast_cite *cites)
{
    ast_assumption *a = NEW(P, ast_assumption);
    *a = (ast_assumption){text, loc, cites, NULL};
    APPEND_IN(P, ast_assumption, P->assumptions, a);
}

void ast_begin_scenario(ast_policy *P, const char *name, ast_loc loc)
{
    ast_scenario *s = NEW(P, ast_scenario);
    s->name = name;
    s->loc = loc;
    s->as_of = INT32_MIN;
    APPEND_IN(P, ast_scenario, P->scenarios, s);
    P->current = s;
}

void ast_scenario_event(ast_policy *P, int32_t date, ast_loc loc, ast_name *type,
                        ast_field *fields)
{
    ast_event *e = NEW(P, ast_event);
    e->date = date;
    e->loc = loc;
    e->type = *type;
    e->fields = fields;
    APPEND_IN(P, ast_event, P->current->events, e);
}

void ast_scenario_as_of(ast_policy *P, int32_t date, ast_loc loc)
{
    if (P->current->as_of != INT32_MIN) {
        diag_error(P->diag, loc, "scenario '%s' gives its as-of date twice", P->current->name);
        diag_note(P->diag, P->current->as_of_loc, "first given here");
    }
    P->current->as_of = date;
    P->current->as_of_loc = loc;
}

void ast_scenario_expect(ast_policy *P, ast_expect_kind kind, ast_loc loc, ast_name *subject,
                         ast_duty_kind duty, ast_name *status, int32_t date, const char *text)
{
    ast_expect *x = NEW(P, ast_expect);
    x->kind = kind;
    x->loc = loc;
    if (subject) x->subject = *subject;
    x->duty = duty;
    if (status) x->status = *status;
    x->date = date;
    x->text = text;
    APPEND_IN(P, ast_expect, P->current->expects, x);
}

ast_field *ast_field_new(ast_policy *P, ast_name *key, ast_val_kind kind, ast_loc vloc,
                         int64_t i, const char *text)
{
    ast_field *f = NEW(P, ast_field);
    f->key = *key;
    f->kind = kind;
    f->vloc = vloc;
    f->i = i;
    f->text = text;
    return f;
}

ast_field *ast_field_append(ast_field *list, ast_field *f)
{
    APPEND(ast_field, list, f);
    return list;
}

ast_expr *ast_binary(ast_policy *P, ast_expr_kind k, ast_expr *a, ast_expr *b, ast_loc loc)
{
    ast_expr *e = NEW(P, ast_expr);
    e->kind = k;
    e->a = a;
    e->b = b;
    e->loc = loc;
    return e;
}

ast_expr *ast_compare(ast_policy *P, ast_cmp cmp, ast_expr *a, ast_expr *b, ast_loc loc)
{
    ast_expr *e = ast_binary(P, EX_CMP, a, b, loc);
    e->cmp = cmp;
    return e;
}

ast_expr *ast_period(ast_policy *P, ast_expr_kind k, ast_expr *a, int64_t n, ast_unit unit,
                     ast_expr *b, ast_loc loc)
{
    ast_expr *e = ast_binary(P, k, a, b, loc);
    e->i = n;
    e->unit = unit;
    return e;
}

ast_expr *ast_one_of(ast_policy *P, ast_expr *a, ast_name *names, ast_loc loc)
{
    ast_expr *e = ast_binary(P, EX_ONE_OF, a, NULL, loc);
    e->names = names;
    return e;
}

ast_expr *ast_leaf(ast_policy *P, ast_expr_kind k, ast_loc loc, int64_t i, const char *text)
{
    ast_expr *e = NEW(P, ast_expr);
    e->kind = k;
    e->loc = loc;
    e->i = i;
    e->text = text;
    return e;
}

const char *ast_period_text(ast_policy *P, int64_t n, ast_unit u)
{
    return arena_printf(P->arena, "%lld %s", (long long)n, ast_unit_text(u, n));
}

/* The runtime's names, as the two lists of kinds are in one order. */
_Static_assert((int)DUTY_RESOLVE == RT_DUTY_RESOLVE &&
                   (int)DUTY_ACKNOWLEDGE == RT_DUTY_ACKNOWLEDGE && (int)DUTY_RESPOND == RT_DUTY_RESPOND,
               "the compiler's duties are in the runtime's order");
const char *ast_duty_text(ast_duty_kind k)
{
    return rt_duty_names[k];
}

const char *ast_anchor_text(ast_anchor a)
{
    static const char *const words[] = {"receipt", "the escalation request", "acknowledgement",
                                        "the response"};
    return words[a];
}

const char *ast_unit_text(ast_unit u, int64_t n)
{
    static const char *const one[] = {"working day", "day", "week", "month"};
    static const char *const many[] = {"working days", "days", "weeks", "months"};
    return n == 1 ? one[u] : many[u];
}

static const char *const cmp_text[] = {"=", "!=", "<", "<=", ">", ">="};

/* "a and b and c": a run of one operator needs no brackets inside it, where each pair had
 * its own, 79 deep for a refusal of 80 facts. */
static const char *chain_text(ast_policy *P, const ast_expr *e, ast_expr_kind op)
{
    if (e->kind != op) return ast_expr_text(P, e);
    return arena_printf(P->arena, "%s %s %s", chain_text(P, e->a, op), op == EX_AND ? "and" : "or",
                        chain_text(P, e->b, op));
}

const char *ast_expr_text(ast_policy *P, const ast_expr *e)
{
    arena *a = P->arena;
    char date[11];
    switch (e->kind) {
    case EX_OR:
    case EX_AND: return arena_printf(a, "(%s)", chain_text(P, e, e->kind));
    case EX_NOT: return arena_printf(a, "not %s", ast_expr_text(P, e->a));
    case EX_CMP:
        return arena_printf(a, "%s %s %s", ast_expr_text(P, e->a), cmp_text[e->cmp],
                            ast_expr_text(P, e->b));
    case EX_IS: return arena_printf(a, "%s is %s", ast_expr_text(P, e->a), ast_expr_text(P, e->b));
    case EX_ISNOT:
        return arena_printf(a, "%s is not %s", ast_expr_text(P, e->a), ast_expr_text(P, e->b));
    case EX_KNOWN: return arena_printf(a, "%s is known", ast_expr_text(P, e->a));
    case EX_UNKNOWN: return arena_printf(a, "%s is unknown", ast_expr_text(P, e->a));
    case EX_MORE_AFTER:
        return arena_printf(a, "%s is more than %lld %s after %s", ast_expr_text(P, e->a),
                            (long long)e->i, ast_unit_text(e->unit, e->i), ast_expr_text(P, e->b));
    case EX_WITHIN:
        return arena_printf(a, "%s is within %lld %s of %s", ast_expr_text(P, e->a),
                            (long long)e->i, ast_unit_text(e->unit, e->i), ast_expr_text(P, e->b));
    case EX_ONE_OF: {
        const char *s = arena_printf(a, "%s is one of ", ast_expr_text(P, e->a));
        for (ast_name *n = e->names; n; n = n->next)
            s = arena_printf(a, "%s%s%s", s, n->text, n->next ? ", " : "");
        return s;
    }
    case EX_NAME: return e->text;
    case EX_RECEIPT: return "receipt";
    case EX_INT: return arena_printf(a, "%lld", (long long)e->i);
    case EX_MONEY:
        return arena_printf(a, "\xc2\xa3%lld.%02lld", (long long)(e->i / 100), (long long)(e->i % 100));
    case EX_DATE:
        rt_format_date((rt_day)e->i, date);
        return arena_strndup(a, date, 10);
    case EX_TEXT: return arena_printf(a, "\"%s\"", e->text);
    case EX_BOOL: return e->i ? "yes" : "no";
    case EX_CALL: {
        const char *s = arena_printf(a, "%s(", e->text);
        for (const ast_expr *x = e->args; x; x = x->next_arg)
            s = arena_printf(a, "%s%s%s", s, ast_expr_text(P, x), x->next_arg ? ", " : "");
        return arena_printf(a, "%s)", s);
    }
    }
    return "?";
}

const char *ast_cites_text(ast_policy *P, const ast_cite *c)
{
    const char *s = "";
    for (; c; c = c->next) s = arena_printf(P->arena, "%s%s%s", s, *s ? "; " : "", c->text);
    return s;
}
