/* check.c: name resolution and type checks over the whole tree. Reports every problem it
 * finds (with "did you mean" for misspelt names) and fills in indices and types for emit. */
#include "check.h"
#include "diag.h"
#include "figures.h"
#include "rt_internal.h"
#include <string.h>

typedef struct {
    ast_policy *P;
    diag *d;
    arena *a;
    struct named *named;   /* by kind and name, for first_named */
    size_t named_mask, n_named;
} ck;

/* The kinds of declaration whose names first_named keeps apart. */
enum { NAMED_FACT, NAMED_REFUSAL, NAMED_REDIRECT, NAMED_EXTERN, NAMED_AWARD, NAMED_SCENARIO };
struct named {
    const char *name;
    int kind;
    void *item;
};

static size_t named_slot(const char *name, int kind, size_t mask)
{
    return (rt_hash_id(name, strlen(name)) + (size_t)kind * 0x9E3779B9u) & mask;
}

/* The first item of its kind declared with this name: item itself, unless one came before
 * it. Called once for each item, in the order of the policy: a table rather than a walk back
 * along the list, so that a policy of thousands of facts, refusals or scenarios is checked in
 * linear time. */
static void *first_named(ck *c, int kind, const char *name, void *item)
{
    if (!c->named || 2 * (c->n_named + 1) > c->named_mask + 1) {
        size_t mask = c->named ? c->named_mask * 2 + 1 : 63;
        struct named *t = arena_alloc(c->a, (mask + 1) * sizeof *t);
        memset(t, 0, (mask + 1) * sizeof *t);
        for (size_t i = 0; c->named && i <= c->named_mask; i++) {
            if (!c->named[i].name) continue;
            size_t j = named_slot(c->named[i].name, c->named[i].kind, mask);
            while (t[j].name) j = (j + 1) & mask;
            t[j] = c->named[i];
        }
        c->named = t;
        c->named_mask = mask;
    }
    size_t i = named_slot(name, kind, c->named_mask);
    for (; c->named[i].name; i = (i + 1) & c->named_mask)
        if (c->named[i].kind == kind && !strcmp(c->named[i].name, name)) return c->named[i].item;
    c->named[i] = (struct named){name, kind, item};
    c->n_named++;
    return item;
}

static const char *const kind_names[] = {"complaint", "service_request", "comment",
                                         "compliment", "question", "mp_enquiry"};
static const char *const calendar_names[] = {"england-and-wales", "scotland", "northern-ireland"};
static const char *const outcome_names[] = {"upheld", "partly_upheld", "not_upheld"};
static const char *const status_names[] = {"open", "closed", "refused", "not_a_complaint",
                                           "redirected", "withdrawn"};
static const char *const duty_status_names[] = {"met", "late", "pending", "overdue", "waived"};
static const char *const window_names[] = {"escalation", "ombudsman", "auto_close",
                                           "restriction"};
static const char *const event_names[] = {
    "received", "acknowledged", "resolved", "responded", "extended", "escalation_requested",
    "escalation_refused", "satisfied", "withdrawn", "referred_ombudsman", "facts"};
static const char *const duty_names[] = {"resolve", "acknowledge", "respond"};
#define COUNT(a) ((int)(sizeof a / sizeof a[0]))

int check_lookup(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], s)) return i;
    return -1;
}

/* Checks name against a fixed list, reporting it with a suggestion; returns its index. */
static int expect_one_of(ck *c, const ast_name *name, const char *what,
                         const char *const *names, int n)
{
    int i = check_lookup(names, n, name->text);
    if (i < 0)
        diag_error(c->d, name->loc, "unknown %s '%s'%s", what, name->text,
                   diag_did_you_mean(c->a, name->text, names, n));
    return i;
}

static void need_cite(ck *c, const ast_cite *cites, ast_loc loc, const char *what)
{
    if (!cites)
        diag_error(c->d, loc, "%s has no citation: add the paragraph it encodes, like \u00a715",
                   what);
}

/* ---- names ---- */

/* Names become parts of C identifiers, so they keep to letters, digits and '_' and to a
 * length every C compiler tells apart (C11 5.2.4.1: 63 significant characters). */
static void check_ident(ck *c, const char *name, ast_loc loc, const char *what)
{
    if (strchr(name, '-'))
        diag_error(c->d, loc, "%s name '%s' may not contain '-': use '_'", what, name);
    else if (strlen(name) > 48)
        diag_error(c->d, loc, "%s name '%s' is too long (at most 48 characters)", what, name);
}

static const char **fact_names(ck *c, int *n)
{
    int k = 0;
    for (ast_fact *f = c->P->facts; f; f = f->next) k++;
    const char **names = arena_alloc(c->a, (size_t)(k + 1) * sizeof *names);
    k = 0;
    for (ast_fact *f = c->P->facts; f; f = f->next) names[k++] = f->name;
    *n = k;
    return names;
}

/* SPEC section 4's common facts, as the event logs of every landlord give them: a policy
 * that reads one without declaring it is told the declaration to write. issue_known falls
 * back on issue_date, where the policy declares that. */
static const struct { const char *name, *type, *fallback; } common_facts[] = {
    {"anonymous", "yes/no", NULL}, {"issue_date", "a date", NULL},
    {"issue_known", "a date", "issue_date"}, {"legal_proceedings", "yes/no", NULL},
    {"ombudsman_already_referred", "yes/no", NULL}, {"police_investigation", "yes/no", NULL},
    {"insurance_claim", "yes/no", NULL}, {"previously_considered", "yes/no", NULL},
    {"new_information", "yes/no", NULL}, {"exceptional_circumstances", "yes/no", NULL},
    {"via_representative", "yes/no", NULL}, {"representative_authorised", "yes/no", NULL},
    {"subject", "one of repairs, asb, staff_conduct, financial_advice, commercial, service_charge, "
                "board_member, other", NULL},
    {"rent_arrears", "money", NULL}};

/* "unknown fact 'x'", with the declared name it may be a slip for; failing that, the
 * declaration to add, where the fact is a common one or where its use says its type
 * (type TY_ERROR: it does not). */
static void unknown_fact(ck *c, ast_loc loc, const char *name, ast_type_kind type)
{
    int n;
    const char **names = fact_names(c, &n);
    const char *hint = diag_did_you_mean(c->a, name, names, n), *decl = NULL;
    for (size_t i = 0; !*hint && i < sizeof common_facts / sizeof *common_facts; i++) {
        if (strcmp(common_facts[i].name, name)) continue;
        decl = common_facts[i].type;
        const char *fb = common_facts[i].fallback;
        if (fb && check_find_fact(c->P, fb)) decl = arena_printf(c->a, "%s, otherwise %s", decl, fb);
    }
    if (!*hint && !decl && type != TY_ERROR) decl = check_type_name((ast_type){type, NULL});
    if (decl) hint = arena_printf(c->a, "; declare it: 'fact %s is %s'", name, decl);
    diag_error(c->d, loc, "unknown fact '%s'%s", name, hint);
}

ast_fact *check_find_fact(ast_policy *P, const char *name)
{
    for (ast_fact *f = P->facts; f; f = f->next)
        if (!strcmp(f->name, name)) return f;
    return NULL;
}

ast_stage *check_find_stage(ast_policy *P, const char *id)
{
    for (ast_stage *s = P->stages; s; s = s->next)
        if (!strcmp(s->id, id)) return s;
    return NULL;
}

static ast_stage *resolve_stage(ck *c, const ast_name *name)
{
    ast_stage *s = check_find_stage(c->P, name->text);
    if (s) return s;
    int n = 0;
    for (ast_stage *t = c->P->stages; t; t = t->next) n++;
    const char **ids = arena_alloc(c->a, (size_t)(n + 1) * sizeof *ids);
    n = 0;
    for (ast_stage *t = c->P->stages; t; t = t->next) ids[n++] = t->id;
    diag_error(c->d, name->loc, "unknown stage '%s'%s", name->text,
               diag_did_you_mean(c->a, name->text, ids, n));
    return NULL;
}

static int enum_index(const ast_fact *f, const char *value)
{
    int i = 0;
    for (const ast_name *v = f->values; v; v = v->next, i++)
        if (!strcmp(v->text, value)) return i;
    return -1;
}

static const char **enum_values(ck *c, const ast_fact *f)
{
    const char **names = arena_alloc(c->a, (size_t)(f->n_values + 1) * sizeof *names);
    int i = 0;
    for (const ast_name *v = f->values; v; v = v->next) names[i++] = v->text;
    return names;
}

/* ---- types ---- */

const char *check_type_name(ast_type t)
{
    static const char *const names[] = {"an error", "yes/no", "a number", "a date", "money",
                                        "text", "one of"};
    return names[t.kind];
}

static const char *type_text(ck *c, ast_type t)
{
    if (t.kind == TY_ENUM) return arena_printf(c->a, "a value of '%s'", t.fact->name);
    return check_type_name(t);
}

static bool same_type(ast_type a, ast_type b)
{
    return a.kind == b.kind && (a.kind != TY_ENUM || a.fact == b.fact);
}

static ast_type type_expr(ck *c, ast_expr *e);

/* The longest period a rule may count, in each unit: 100 years, so that every date counted
 * from a date of a log stays in the calendar (1900 to 2210) and is printed as it is. */
static void check_period(ck *c, ast_loc loc, int64_t n, ast_unit unit)
{
    static const int64_t most[] = {[UNIT_WORKING_DAYS] = 26100, [UNIT_DAYS] = 36525,
                                   [UNIT_WEEKS] = 5218, [UNIT_MONTHS] = 1200};
    if (n > most[unit])
        diag_error(c->d, loc, "a period of %lld %s is more than 100 years (%lld %s), the longest "
                              "a rule may count", (long long)n, ast_unit_text(unit, n),
                   (long long)most[unit], ast_unit_text(unit, most[unit]));
}

/* An undeclared name beside a value of an enum fact is one of that fact's values. */
static bool try_member(ck *c, ast_expr *name, ast_type other)
{
    if (name->kind != EX_NAME || other.kind != TY_ENUM || check_find_fact(c->P, name->text))
        return false;
    int i = enum_index(other.fact, name->text);
    if (i < 0) {
        diag_error(c->d, name->loc, "'%s' is not a value of fact '%s'%s", name->text,
                   other.fact->name,
                   diag_did_you_mean(c->a, name->text, enum_values(c, other.fact),
                                     other.fact->n_values));
        name->type = (ast_type){TY_ERROR, NULL};
        return true;
    }
    name->enum_member = true;
    name->i = i;
    name->type = other;
    return true;
}

static ast_type type_pair(ck *c, ast_expr *e)
{
    ast_type ta = {TY_ERROR, NULL}, tb = {TY_ERROR, NULL};
    bool a_undeclared = e->a->kind == EX_NAME && !check_find_fact(c->P, e->a->text);
    bool b_undeclared = e->b->kind == EX_NAME && !check_find_fact(c->P, e->b->text);
    if (a_undeclared && !b_undeclared) {
        tb = type_expr(c, e->b);
        if (!try_member(c, e->a, tb)) ta = type_expr(c, e->a);
        else ta = e->a->type;
    } else {
        ta = type_expr(c, e->a);
        if (ta.kind == TY_ERROR && b_undeclared) /* a value of a's, once a is declared: */
            e->b->type = tb;                    /* a's error is the one to tell */
        else if (!try_member(c, e->b, ta)) tb = type_expr(c, e->b);
        else tb = e->b->type;
    }
    if (ta.kind == TY_ERROR || tb.kind == TY_ERROR) return (ast_type){TY_ERROR, NULL};
    if (!same_type(ta, tb)) {
        diag_error(c->d, e->loc, "cannot compare %s with %s", type_text(c, ta), type_text(c, tb));
        return (ast_type){TY_ERROR, NULL};
    }
    return ta;
}

static ast_type want_bool(ck *c, ast_expr *e, const char *where)
{
    ast_type t = type_expr(c, e);
    if (t.kind != TY_ERROR && t.kind != TY_BOOL)
        diag_error(c->d, e->loc, "%s must be yes/no, but this is %s", where, type_text(c, t));
    return (ast_type){TY_BOOL, NULL};
}

static ast_type type_name(ck *c, ast_expr *e)
{
    ast_fact *f = check_find_fact(c->P, e->text);
    if (!f) {
        unknown_fact(c, e->loc, e->text, TY_ERROR);
        return (ast_type){TY_ERROR, NULL};
    }
    f->read = true;
    e->fact = f;
    return (ast_type){f->type, f->type == TY_ENUM ? f : NULL};
}

static ast_type type_call(ck *c, ast_expr *e)
{
    ast_extern *fn = NULL;
    int n = 0;
    for (ast_extern *x = c->P->externs; x; x = x->next, n++)
        if (!strcmp(x->name, e->text)) fn = x;
    if (!fn) {
        const char **names = arena_alloc(c->a, (size_t)(n + 1) * sizeof *names);
        n = 0;
        for (ast_extern *x = c->P->externs; x; x = x->next) names[n++] = x->name;
        diag_error(c->d, e->loc, "unknown function '%s'%s", e->text,
                   diag_did_you_mean(c->a, e->text, names, n));
        for (ast_expr *a = e->args; a; a = a->next_arg) type_expr(c, a);
        return (ast_type){TY_ERROR, NULL};
    }
    e->fn = fn;
    int given = 0;
    for (ast_expr *a = e->args; a; a = a->next_arg, given++) {
        ast_type t = type_expr(c, a);
        if (given < fn->params.n && t.kind != TY_ERROR && t.kind != fn->params.t[given])
            diag_error(c->d, a->loc, "argument %d of '%s' must be %s, but this is %s", given + 1,
                       fn->name, check_type_name((ast_type){fn->params.t[given], NULL}),
                       type_text(c, t));
    }
    if (given != fn->params.n)
        diag_error(c->d, e->loc, "'%s' takes %d argument%s, but is given %d", fn->name,
                   fn->params.n, fn->params.n == 1 ? "" : "s", given);
    return (ast_type){fn->ret, NULL};
}

static ast_type type_expr_kind(ck *c, ast_expr *e)
{
    ast_type t;
    switch (e->kind) {
    case EX_OR:
    case EX_AND:
        want_bool(c, e->a, e->kind == EX_OR ? "each side of 'or'" : "each side of 'and'");
        want_bool(c, e->b, e->kind == EX_OR ? "each side of 'or'" : "each side of 'and'");
        return (ast_type){TY_BOOL, NULL};
    case EX_NOT:
        return want_bool(c, e->a, "what follows 'not'");
    case EX_IS:
    case EX_ISNOT:
        type_pair(c, e);
        return (ast_type){TY_BOOL, NULL};
    case EX_CMP:
        t = type_pair(c, e);
        if (e->cmp != CMP_EQ && e->cmp != CMP_NE && t.kind != TY_ERROR && t.kind != TY_INT &&
            t.kind != TY_MONEY && t.kind != TY_DATE)
            diag_error(c->d, e->loc, "cannot order %s: only numbers, money and dates have an "
                                     "order", type_text(c, t));
        return (ast_type){TY_BOOL, NULL};
    case EX_KNOWN:
    case EX_UNKNOWN:
        type_expr(c, e->a);
        return (ast_type){TY_BOOL, NULL};
    case EX_MORE_AFTER:
    case EX_WITHIN: {
        ast_type ta = type_expr(c, e->a), tb = type_expr(c, e->b);
        if (ta.kind != TY_ERROR && ta.kind != TY_DATE)
            diag_error(c->d, e->a->loc, "a period is counted between dates, but this is %s",
                       type_text(c, ta));
        if (tb.kind != TY_ERROR && tb.kind != TY_DATE)
            diag_error(c->d, e->b->loc, "a period is counted between dates, but this is %s",
                       type_text(c, tb));
        if (e->i < 1) diag_error(c->d, e->loc, "a period must be at least 1 %s", ast_unit_text(e->unit, 1));
        check_period(c, e->loc, e->i, e->unit);
        return (ast_type){TY_BOOL, NULL};
    }
    case EX_ONE_OF:
        t = type_expr(c, e->a);
        if (t.kind != TY_ERROR && t.kind != TY_ENUM) {
            diag_error(c->d, e->loc, "'is one of' needs a fact declared 'one of', but this is %s",
                       type_text(c, t));
        } else if (t.kind == TY_ENUM) {
            for (ast_name *n = e->names; n; n = n->next)
                if (enum_index(t.fact, n->text) < 0)
                    diag_error(c->d, n->loc, "'%s' is not a value of fact '%s'%s", n->text,
                               t.fact->name,
                               diag_did_you_mean(c->a, n->text, enum_values(c, t.fact),
                                                 t.fact->n_values));
        }
        return (ast_type){TY_BOOL, NULL};
    case EX_NAME: return type_name(c, e);
    case EX_RECEIPT: return (ast_type){TY_DATE, NULL};
    case EX_INT: return (ast_type){TY_INT, NULL};
    case EX_MONEY: return (ast_type){TY_MONEY, NULL};
    case EX_DATE: return (ast_type){TY_DATE, NULL};
    case EX_TEXT: return (ast_type){TY_TEXT, NULL};
    case EX_BOOL: return (ast_type){TY_BOOL, NULL};
    case EX_CALL: return type_call(c, e);
    }
    return (ast_type){TY_ERROR, NULL};
}

static ast_type type_expr(ck *c, ast_expr *e)
{
    e->type = type_expr_kind(c, e);
    return e->type;
}

/* ---- declarations ---- */

static void check_header(ck *c)
{
    ast_policy *P = c->P;
    ast_loc top = {1, 1, 2};
    if (!P->id.given) diag_error(c->d, top, "missing 'policy NAME': a policy file names its policy");
    else check_ident(c, P->id.text, P->id.loc, "policy");
    if (P->id.given && !strcmp(P->id.text, "rt")) /* NAME_engine_new and the rest, in --library */
        diag_error(c->d, P->id.loc, "policy name 'rt' is the runtime's own prefix: the library's "
                                    "functions (rt_engine_new, ...) would be the runtime's; "
                                    "choose another name");
    if (!P->organisation.given)
        diag_error(c->d, top, "missing 'organisation \"...\"': name the landlord the policy is for");
    if (P->calendar.given)
        expect_one_of(c, &(ast_name){P->calendar.text, P->calendar.loc, NULL}, "calendar",
                      calendar_names, COUNT(calendar_names));
}

static void check_facts(ck *c)
{
    static const char *const core_fields[] = {"kind", "stage", "outcome", "working_days",
                                              "until", "agreed", "reasons", "reason",
                                              "includes", "channel", "receipt"};
    int index = 0;
    for (ast_fact *f = c->P->facts; f; f = f->next) {
        f->index = index++;
        if (f->index == RT_MAX_FACTS)
            diag_error(c->d, f->loc, "a policy may declare at most %d facts; '%s' is one more",
                       RT_MAX_FACTS, f->name);
        check_ident(c, f->name, f->loc, "fact");
        for (ast_name *v = f->values; v; v = v->next) check_ident(c, v->text, v->loc, "value");
        ast_fact *g = first_named(c, NAMED_FACT, f->name, f);
        if (g != f) {
            diag_error(c->d, f->loc, "fact '%s' is declared twice", f->name);
            diag_note(c->d, g->loc, "first declared here");
        }
        if (check_lookup(core_fields, COUNT(core_fields), f->name) >= 0)
            diag_error(c->d, f->loc, "'%s' is an event field, not a fact: choose another name",
                       f->name);
        for (ast_name *v = f->values; v; v = v->next)
            for (ast_name *w = f->values; w != v; w = w->next)
                if (!strcmp(v->text, w->text))
                    diag_error(c->d, v->loc, "value '%s' is listed twice", v->text);
    }
    for (ast_fact *f = c->P->facts; f; f = f->next) {
        if (!f->otherwise) continue;
        ast_fact *g = check_find_fact(c->P, f->otherwise->text);
        if (!g) {
            unknown_fact(c, f->otherwise->loc, f->otherwise->text,
                         f->type == TY_ENUM ? TY_ERROR : f->type);
        } else if (g->type != f->type || (f->type == TY_ENUM)) {
            diag_error(c->d, f->otherwise->loc,
                       "fact '%s' is %s but its fallback '%s' is %s", f->name,
                       check_type_name((ast_type){f->type, NULL}), g->name,
                       check_type_name((ast_type){g->type, NULL}));
        } else {
            f->fallback = g;
            g->read = true;
        }
    }
    for (ast_fact *f = c->P->facts; f; f = f->next) { /* fallbacks must not go round in a circle */
        int hops = 0;
        for (ast_fact *g = f->fallback; g && hops <= index; g = g->fallback) hops++;
        if (hops > index) {
            diag_error(c->d, f->loc, "fact '%s' falls back on itself through 'otherwise'", f->name);
            f->fallback = NULL;
        }
    }
}

/* Whether kind k was listed before, on an earlier line or earlier on its own line. */
static bool listed_before(ast_policy *P, const ast_name *k)
{
    for (const ast_noncomplaint *m = P->noncomplaints; m; m = m->next)
        for (const ast_name *j = m->kinds; j; j = j->next) {
            if (j == k) return false;
            if (!strcmp(j->text, k->text)) return true;
        }
    return false;
}

static void check_noncomplaints(ck *c)
{
    for (ast_noncomplaint *n = c->P->noncomplaints; n; n = n->next) {
        need_cite(c, n->cites, n->loc, "'not a complaint'");
        for (ast_name *k = n->kinds; k; k = k->next) {
            int i = expect_one_of(c, k, "kind of contact", kind_names, COUNT(kind_names));
            if (i == 0) diag_error(c->d, k->loc, "a complaint cannot be 'not a complaint'");
            if (listed_before(c->P, k))
                diag_error(c->d, k->loc, "'%s' is already listed as not a complaint", k->text);
        }
    }
}

static void check_refusals(ck *c)
{
    for (ast_refusal *r = c->P->refusals; r; r = r->next) {
        check_ident(c, r->name, r->loc, "refusal");
        ast_refusal *q = first_named(c, NAMED_REFUSAL, r->name, r);
        if (q != r) {
            diag_error(c->d, r->loc, "refusal '%s' is declared twice", r->name);
            diag_note(c->d, q->loc, "first declared here");
        }
        need_cite(c, r->cites, r->loc, arena_printf(c->a, "refusal '%s'", r->name));
        if (!r->reason[0]) diag_error(c->d, r->loc, "refusal '%s' gives no reason", r->name);
        want_bool(c, r->when, "a refusal's condition");
        if (r->unless) want_bool(c, r->unless, "an 'unless' exception");
        r->when_text = ast_expr_text(c->P, r->when);
        if (r->unless)
            r->when_text = arena_printf(c->a, "%s, unless %s", r->when_text,
                                        ast_expr_text(c->P, r->unless));
    }
}

static void check_duty(ck *c, ast_stage *s, ast_duty *d)
{
    for (ast_duty *e = s->duties; e != d; e = e->next)
        if (e->kind == d->kind) {
            diag_error(c->d, d->loc, "stage '%s' gives the duty to %s twice", s->id,
                       duty_names[d->kind]);
            diag_note(c->d, e->loc, "first given here");
        }
    need_cite(c, d->cites, d->loc, arena_printf(c->a, "the duty to %s", duty_names[d->kind]));
    if (d->n < 1) diag_error(c->d, d->loc, "a duty needs at least 1 %s", ast_unit_text(d->unit, 1));
    check_period(c, d->loc, d->n, d->unit);
    if (d->anchor == ANCHOR_ACK && d->kind != DUTY_RESPOND)
        diag_error(c->d, d->anchor_loc, "only the response can be counted from the "
                                        "acknowledgement");
    if (d->anchor == ANCHOR_ACK) {
        bool has_ack = false;
        for (ast_duty *e = s->duties; e; e = e->next) has_ack |= e->kind == DUTY_ACKNOWLEDGE;
        if (!has_ack)
            diag_error(c->d, d->anchor_loc, "the response is counted from the acknowledgement, "
                                            "but stage '%s' has no duty to acknowledge", s->id);
    }
}

static const ast_duty *stage_duty(const ast_stage *s, ast_duty_kind k)
{
    for (const ast_duty *d = s->duties; d; d = d->next)
        if (d->kind == k) return d;
    return NULL;
}

/* A later stage names the stage before it, whose response or target lets a case in. */
static void check_previous(ck *c, const ast_stage *s, const ast_stage *prev, ast_name *named,
                           const char *what)
{
    ast_stage *from = resolve_stage(c, named);
    if (from && from != prev)
        diag_error(c->d, named->loc, "stage '%s' follows '%s': name the %s %s here, not the %s %s",
                   s->id, prev->id, prev->id, what, from->id, what);
}

static void check_entries(ck *c, ast_stage *s, ast_stage *prev)
{
    if (!s->receipt.given && !s->request.given && !s->automatic.given) {
        diag_error(c->d, s->loc, "stage '%s' does not say how a case enters it: add 'entered on "
                                 "receipt', 'entered on request ...' or 'entered automatically "
                                 "...'", s->id);
        return;
    }
    if (s->receipt.given) need_cite(c, s->receipt.cites, s->receipt.loc, "how a case enters the stage");
    if (s->request.given) need_cite(c, s->request.cites, s->request.loc, "how a case enters the stage");
    if (s->automatic.given) need_cite(c, s->automatic.cites, s->automatic.loc, "how a case enters the stage");
    if (!prev) {
        if (!s->receipt.given)
            diag_error(c->d, s->request.given ? s->request.loc : s->automatic.loc,
                       "the first stage is entered on receipt: there is no earlier stage to "
                       "come from");
        return;
    }
    if (s->receipt.given)
        diag_error(c->d, s->receipt.loc, "only the first stage is entered on receipt; stage '%s' "
                                         "follows '%s'", s->id, prev->id);
    if (s->request.given && s->from) {
        check_previous(c, s, prev, s->from, "response");
        if (s->window_n < 1)
            diag_error(c->d, s->request.loc, "the window to ask must be at least 1 %s",
                       ast_unit_text(s->window_unit, 1));
        check_period(c, s->request.loc, s->window_n, s->window_unit);
    }
    if (s->automatic.given) {
        check_previous(c, s, prev, s->auto_from, "target");
        if (!stage_duty(prev, DUTY_RESOLVE) && !stage_duty(prev, DUTY_RESPOND))
            diag_error(c->d, s->automatic.loc, "stage '%s' has no duty to resolve or respond, so "
                                               "it has no target to pass", prev->id);
    }
}

static void check_stage_rules(ck *c, ast_stage *s)
{
    if (s->ext.given) {
        need_cite(c, s->ext.cites, s->ext.loc, "the extension limit");
        if (!stage_duty(s, DUTY_RESPOND))
            diag_error(c->d, s->ext.loc, "stage '%s' has no duty to respond to extend", s->id);
        if (s->ext_unit != UNIT_WORKING_DAYS)
            diag_error(c->d, s->ext.loc, "extensions are counted in working days");
        check_period(c, s->ext.loc, s->ext_n, s->ext_unit);
    }
    if (s->tell.given) need_cite(c, s->tell.cites, s->tell.loc, "what the customer is told");
    if (s->tell_beyond.given) {
        need_cite(c, s->tell_beyond.cites, s->tell_beyond.loc, "what the customer is told");
        if (!s->ext.given)
            diag_error(c->d, s->tell_beyond.loc, "stage '%s' sets no extension limit to go beyond: "
                                                 "add 'extension at most N working days'", s->id);
    }
    if (s->close.given) {
        need_cite(c, s->close.cites, s->close.loc, "closing by itself");
        if (s->close_n < 1)
            diag_error(c->d, s->close.loc, "a case closes at least 1 %s after the response",
                       ast_unit_text(s->close_unit, 1));
        check_period(c, s->close.loc, s->close_n, s->close_unit);
    }
    if (s->includes_rule.given) {
        need_cite(c, s->includes_rule.cites, s->includes_rule.loc, "what a response includes");
        for (ast_name *n = s->includes; n; n = n->next)
            for (ast_name *m = s->includes; m != n; m = m->next)
                if (!strcmp(m->text, n->text))
                    diag_error(c->d, n->loc, "'%s' is listed twice", n->text);
    }
}

/* The runtime keeps what a response gave as one bit per element any stage names. */
static void check_include_count(ck *c)
{
    int distinct = 0;
    for (ast_stage *s = c->P->stages; s; s = s->next)
        for (ast_name *n = s->includes; n; n = n->next) {
            bool seen = false;
            for (ast_stage *t = c->P->stages; t && !seen; t = t == s ? NULL : t->next)
                for (ast_name *m = t->includes; m && m != n && !seen; m = m->next)
                    seen = !strcmp(m->text, n->text);
            if (!seen && ++distinct == RT_INCLUDES_MAX + 1)
                diag_error(c->d, n->loc, "responses may include at most %d different elements; "
                           "'%s' is one more", RT_INCLUDES_MAX, n->text);
        }
}

static void check_stages(ck *c)
{
    int index = 0;
    ast_stage *prev = NULL;
    if (!c->P->stages) diag_error(c->d, (ast_loc){1, 1, 2}, "a policy needs at least one stage");
    for (ast_stage *s = c->P->stages; s; prev = s, s = s->next) {
        s->index = index++;
        if (s->index == RT_MAX_STAGES)
            diag_error(c->d, s->loc, "a policy may have at most %d stages; '%s' is one more",
                       RT_MAX_STAGES, s->id);
        check_ident(c, s->id, s->loc, "stage");
        for (ast_stage *t = c->P->stages; t != s; t = t->next)
            if (!strcmp(t->id, s->id)) {
                diag_error(c->d, s->loc, "stage '%s' is declared twice", s->id);
                diag_note(c->d, t->loc, "first declared here");
                break;
            }
        check_entries(c, s, prev);
        check_stage_rules(c, s);
        if (s->handler) need_cite(c, s->handler_cites, s->loc, "who handles the stage");
        for (ast_duty *d = s->duties; d; d = d->next) check_duty(c, s, d);
    }
    check_include_count(c);
}

/* ---- other procedures and compensation ---- */

static ast_fact *want_fact(ck *c, ast_name *name, ast_type_kind type, const char *what)
{
    ast_fact *f = check_find_fact(c->P, name->text);
    if (!f) {
        unknown_fact(c, name->loc, name->text, type);
        return NULL;
    }
    f->read = true;
    if (f->type != type) {
        diag_error(c->d, name->loc, "%s must be %s, but fact '%s' is %s", what,
                   check_type_name((ast_type){type, NULL}), f->name,
                   check_type_name((ast_type){f->type, f}));
        return NULL;
    }
    return f;
}

static const char *condition(ck *c, ast_expr *e, const char *where)
{
    if (!e) return NULL;
    want_bool(c, e, where);
    return ast_expr_text(c->P, e);
}

static void check_redirects(ck *c)
{
    for (ast_redirect *r = c->P->redirects; r; r = r->next) {
        check_ident(c, r->name, r->loc, "redirect");
        if (first_named(c, NAMED_REDIRECT, r->name, r) != r)
            diag_error(c->d, r->loc, "'%s' is declared twice", r->name);
        need_cite(c, r->cites, r->loc, arena_printf(c->a, "redirect '%s'", r->name));
        r->when_text = condition(c, r->when, "a redirect's condition");
    }
}

static void check_externs(ck *c)
{
    int index = 0;
    for (ast_extern *x = c->P->externs; x; x = x->next) {
        x->index = index++;
        check_ident(c, x->name, x->loc, "function");
        ast_extern *y = first_named(c, NAMED_EXTERN, x->name, x);
        if (y != x) {
            diag_error(c->d, x->loc, "function '%s' is declared twice", x->name);
            diag_note(c->d, y->loc, "first declared here");
        }
        if (check_find_fact(c->P, x->name))
            diag_error(c->d, x->loc, "'%s' is already the name of a fact", x->name);
        for (int i = 0; i < x->params.n; i++)
            if (x->params.t[i] == TY_ENUM)
                diag_error(c->d, x->loc, "an extern function cannot take a 'one of' value");
        if (!x->library[0]) diag_error(c->d, x->loc, "extern '%s' names no library", x->name);
        need_cite(c, x->cites, x->loc, arena_printf(c->a, "extern '%s'", x->name));
    }
    if (!c->P->closed_by.given) return;
    need_cite(c, c->P->closed_by.cites, c->P->closed_by.loc, "closure days");
    for (ast_extern *x = c->P->externs; x; x = x->next)
        if (!strcmp(x->name, c->P->closed_by.by.text)) c->P->closed_by.fn = x;
    ast_extern *fn = c->P->closed_by.fn;
    if (!fn)
        diag_error(c->d, c->P->closed_by.by.loc, "unknown function '%s'", c->P->closed_by.by.text);
    else if (fn->params.n != 1 || fn->params.t[0] != TY_DATE || fn->ret != TY_BOOL)
        diag_error(c->d, c->P->closed_by.by.loc, "closure days need a function from a date to "
                                                 "yes/no, but '%s' is not one", fn->name);
}

/* Measure words, in rt_measure_kind order, and whether each needs a stage. */
static const char *const measure_words[] = {"received", "responded", "upheld", "resolved",
                                            "escalated", "refused", "referred", "compensation"};
static const bool measure_staged[] = {true, true, true, true, true, false, false, false};

static void check_measures(ck *c)
{
    for (ast_measure *m = c->P->measures; m; m = m->next) {
        need_cite(c, m->cites, m->loc, "a measure");
        m->kind = expect_one_of(c, m->what, "measure", measure_words, 8);
        if (m->kind < 0) continue;
        if (m->kind == 1 && !m->on_time)
            diag_error(c->d, m->what->loc, "write 'responded on time at STAGE'");
        if (m->on_time && m->kind != 1)
            diag_error(c->d, m->what->loc, "only 'responded' is counted on time");
        if (measure_staged[m->kind] && !m->stage_name)
            diag_error(c->d, m->what->loc, "'%s' is counted at a stage: add 'at STAGE'",
                       measure_words[m->kind]);
        else if (!measure_staged[m->kind] && m->stage_name)
            diag_error(c->d, m->stage_name->loc, "'%s' is counted over all stages",
                       measure_words[m->kind]);
        else if (m->stage_name) {
            ast_stage *s = resolve_stage(c, m->stage_name);
            m->stage = s ? s->index : 0;
        }
    }
}

static void check_advice(ck *c)
{
    for (ast_advice *a = c->P->advice; a; a = a->next) {
        need_cite(c, a->cites, a->loc, "advice to the customer");
        a->when_text = condition(c, a->when, "when advice is given");
    }
}

static void check_compensation(ck *c)
{
    ast_policy *P = c->P;
    for (ast_award *a = P->awards; a; a = a->next) {
        check_ident(c, a->name, a->loc, "award");
        if (first_named(c, NAMED_AWARD, a->name, a) != a)
            diag_error(c->d, a->loc, "award '%s' is declared twice", a->name);
        if (!strcmp(a->name, "total"))
            diag_error(c->d, a->loc, "'total' names the sum of the awards: choose another name");
        need_cite(c, a->cites, a->loc, arena_printf(c->a, "award '%s'", a->name));
        if (a->amount) a->amount_fact = want_fact(c, a->amount, TY_MONEY, "an award's amount");
        if (a->from) a->from_fact = want_fact(c, a->from, TY_DATE, "a daily award's start");
        if (a->until) a->until_fact = want_fact(c, a->until, TY_DATE, "a daily award's end");
        a->when_text = condition(c, a->when, "an award's condition");
    }
    for (ast_bar *b = P->bars; b; b = b->next) {
        need_cite(c, b->cites, b->loc, "'no compensation'");
        b->when_text = condition(c, b->when, "a condition barring compensation");
    }
    if (P->offset.given) {
        need_cite(c, P->offset.cites, P->offset.loc, "the offset against debts");
        P->offset.fact = want_fact(c, P->offset.fact_name, TY_MONEY, "what is offset against");
        P->offset.when_text = condition(c, P->offset.when, "an offset's condition");
    }
    for (ast_band *b = P->bands; b; b = b->next) {
        need_cite(c, b->cites, b->loc, "an approval band");
        if (b->below >= 0 && b->below <= b->from)
            diag_error(c->d, b->loc, "an approval band must start below where it ends");
    }
}

static void check_ombudsman(ck *c)
{
    ast_policy *P = c->P;
    if (!P->ombudsman.given) return;
    need_cite(c, P->ombudsman.cites, P->ombudsman.loc, "the Ombudsman's waiting period");
    check_period(c, P->ombudsman.loc, P->ombudsman.n, P->ombudsman.unit);
    P->ombudsman.stage = resolve_stage(c, &P->ombudsman.after);
}

/* Dates from the log's facts: when contact was restricted, and when that is to be reviewed. */
static void check_restriction(ck *c)
{
    ast_policy *P = c->P;
    if (!P->restriction.given) return;
    need_cite(c, P->restriction.cites, P->restriction.loc, "the restriction of contact");
    P->restriction.from = want_fact(c, P->restriction.from_name, TY_DATE,
                                      "the day contact is restricted from");
    if (P->restriction.review_name)
        P->restriction.review = want_fact(c, P->restriction.review_name, TY_DATE,
                                          "the day a restriction is reviewed by");
    check_period(c, P->restriction.loc, P->restriction.n, P->restriction.unit);
    if (P->restriction.n == 0)
        diag_error(c->d, P->restriction.loc, "a review within 0 %s of the restriction is no time",
                   ast_unit_text(P->restriction.unit, 0));
    if (P->restriction.review_name == NULL && P->restriction.n < 0 && !P->restriction.assumption)
        diag_warning(c->d, P->restriction.loc, "the restriction of contact sets no review: say "
                                               "when it is reviewed, or why not, with 'assuming'");
}

static void check_misc(ck *c)
{
    ast_policy *P = c->P;
    for (ast_waiver *w = P->waivers; w; w = w->next) {
        fig f;
        need_cite(c, w->cites, w->loc, "a figure left unencoded");
        if (!fig_parse(w->text, &f))
            diag_error(c->d, w->loc, "'%s' is not one timescale or amount, like \"24 hours\" or "
                                     "\"\u00a32.50\"", w->text);
    }
    for (ast_name *o = P->outcomes; o; o = o->next)
        expect_one_of(c, o, "outcome", outcome_names, COUNT(outcome_names));
    if (P->outcomes) need_cite(c, P->outcome_cites, P->outcomes_loc, "the list of outcomes");
    for (ast_assumption *a = P->assumptions; a; a = a->next)
        need_cite(c, a->cites, a->loc, "an assumption");
}

/* ---- scenarios ---- */

static void want_value(ck *c, ast_field *f, ast_val_kind kind, const char *what)
{
    if (f->kind != kind)
        diag_error(c->d, f->vloc, "'%s' must be %s", f->key.text, what);
}

static void check_core_field(ck *c, ast_event *e, ast_field *f, int type)
{
    static const struct { const char *key; int event; } allowed[] = {
        {"kind", 0}, {"stage", 0}, {"outcome", 3}, {"working_days", 4}, {"until", 4},
        {"agreed", 4}, {"reasons", 5}, {"reason", 4}, {"reason", 6}, {"includes", 3}};
    bool ok = false, known = false;
    for (int i = 0; i < COUNT(allowed); i++) {
        if (strcmp(allowed[i].key, f->key.text)) continue;
        known = true;
        ok |= allowed[i].event == type;
    }
    if (!known) {
        int n;
        const char **names = fact_names(c, &n);
        diag_error(c->d, f->key.loc, "'%s' is neither an event field nor a declared fact%s",
                   f->key.text, diag_did_you_mean(c->a, f->key.text, names, n));
        return;
    }
    if (!ok) {
        diag_error(c->d, f->key.loc, "a '%s' event has no field '%s'", e->type.text, f->key.text);
        return;
    }
    ast_name v = {f->text ? f->text : "", f->vloc, NULL};
    if (!strcmp(f->key.text, "kind")) {
        want_value(c, f, VAL_NAME, "a kind of contact, like complaint or question");
        if (f->kind == VAL_NAME) expect_one_of(c, &v, "kind of contact", kind_names, COUNT(kind_names));
    } else if (!strcmp(f->key.text, "stage")) {
        want_value(c, f, VAL_NAME, "a stage");
        if (f->kind == VAL_NAME) resolve_stage(c, &v);
    } else if (!strcmp(f->key.text, "outcome")) {
        want_value(c, f, VAL_NAME, "upheld, partly_upheld or not_upheld");
        if (f->kind == VAL_NAME) expect_one_of(c, &v, "outcome", outcome_names, COUNT(outcome_names));
    } else if (!strcmp(f->key.text, "working_days")) {
        want_value(c, f, VAL_INT, "a number of working days");
        if (f->kind == VAL_INT && (f->i < 1 || f->i > 3650))
            diag_error(c->d, f->vloc, "'working_days' must be from 1 to 3650");
    } else if (!strcmp(f->key.text, "until")) {
        want_value(c, f, VAL_DATE, "a date");
    } else if (!strcmp(f->key.text, "reason")) {
        want_value(c, f, VAL_TEXT, "text in quotes");
    } else if (!strcmp(f->key.text, "includes")) {
        want_value(c, f, VAL_LIST, "a list in brackets, like (stage, outcome)");
        const char *words = "";
        for (ast_name *n = f->list; n; n = n->next)
            words = arena_printf(c->a, "%s%s%s", words, *words ? " " : "", n->text);
        f->text = words;
    } else {
        want_value(c, f, VAL_BOOL, "yes or no");
    }
}

static void check_fact_field(ck *c, ast_field *f, ast_fact *fact)
{
    static const ast_val_kind want[] = {VAL_UNKNOWN, VAL_BOOL, VAL_INT, VAL_DATE, VAL_MONEY,
                                        VAL_TEXT, VAL_NAME, VAL_LIST};
    f->fact = fact;
    if (f->kind == VAL_UNKNOWN) return;
    if (f->kind != want[fact->type]) {
        static const char *const like[] = {"", ": write yes or no", ": write a whole number",
                                           ": write a date like 2024-03-28",
                                           ": write an amount like \u00a310.00",
                                           ": write text in quotes", ": write one of its values"};
        diag_error(c->d, f->vloc, "fact '%s' is %s%s", fact->name,
                   check_type_name((ast_type){fact->type, fact}), like[fact->type]);
        return;
    }
    if (fact->type == TY_ENUM) {
        int i = enum_index(fact, f->text);
        if (i < 0)
            diag_error(c->d, f->vloc, "'%s' is not a value of fact '%s'%s", f->text, fact->name,
                       diag_did_you_mean(c->a, f->text, enum_values(c, fact), fact->n_values));
        f->i = i;
    }
}

static void check_expect(ck *c, ast_expect *x)
{
    ast_stage *s;
    switch (x->kind) {
    case XP_STATUS:
        expect_one_of(c, &x->subject, "status", status_names, COUNT(status_names));
        break;
    case XP_STAGE:
        resolve_stage(c, &x->subject);
        break;
    case XP_REFUSAL: {
        bool found = false;
        int n = 0;
        for (ast_refusal *r = c->P->refusals; r; r = r->next) found |= !strcmp(r->name, x->subject.text), n++;
        if (!found) {
            const char **names = arena_alloc(c->a, (size_t)(n + 1) * sizeof *names);
            n = 0;
            for (ast_refusal *r = c->P->refusals; r; r = r->next) names[n++] = r->name;
            diag_error(c->d, x->subject.loc, "unknown refusal '%s'%s", x->subject.text,
                       diag_did_you_mean(c->a, x->subject.text, names, n));
        }
        break;
    }
    case XP_DUE:
    case XP_DUTY_STATUS:
        s = resolve_stage(c, &x->subject);
        if (s) {
            bool has = false;
            for (ast_duty *d = s->duties; d; d = d->next) has |= d->kind == x->duty;
            if (!has)
                diag_error(c->d, x->subject.loc, "stage '%s' has no duty to %s", s->id,
                           duty_names[x->duty]);
        }
        if (x->status.text)
            expect_one_of(c, &x->status, "duty status", duty_status_names,
                          COUNT(duty_status_names));
        break;
    case XP_WINDOW_OPENS:
    case XP_WINDOW_CLOSES:
        expect_one_of(c, &x->subject, "window", window_names, COUNT(window_names));
        break;
    case XP_AWARD: {
        int n = 0;
        for (ast_award *a = c->P->awards; a; a = a->next) n++;
        const char **names = arena_alloc(c->a, (size_t)(n + 1) * sizeof *names);
        n = 0;
        for (ast_award *a = c->P->awards; a; a = a->next) names[n++] = a->name;
        expect_one_of(c, &x->subject, "award", names, n);
        break;
    }
    default:
        break;
    }
}

static void check_scenarios(ck *c)
{
    for (ast_scenario *s = c->P->scenarios; s; s = s->next) {
        if (first_named(c, NAMED_SCENARIO, s->name, s) != s)
            diag_error(c->d, s->loc, "scenario \"%s\" is declared twice", s->name);
        if (s->as_of == INT32_MIN)
            diag_error(c->d, s->loc, "scenario \"%s\" has no 'as of DATE'", s->name);
        if (!s->expects) diag_error(c->d, s->loc, "scenario \"%s\" expects nothing", s->name);
        for (ast_event *e = s->events; e; e = e->next) {
            int type = expect_one_of(c, &e->type, "event type", event_names, COUNT(event_names));
            for (ast_field *f = e->fields; f; f = f->next) {
                ast_fact *fact = check_find_fact(c->P, f->key.text);
                if (fact) check_fact_field(c, f, fact);
                else if (type >= 0) check_core_field(c, e, f, type);
            }
        }
        for (ast_expect *x = s->expects; x; x = x->next) check_expect(c, x);
    }
}

int check_policy(ast_policy *P)
{
    ck c = {.P = P, .d = P->diag, .a = P->arena};
    check_header(&c);
    check_facts(&c);
    check_externs(&c);
    check_noncomplaints(&c);
    check_redirects(&c);
    check_advice(&c);
    check_refusals(&c);
    check_stages(&c);
    check_compensation(&c);
    check_measures(&c);
    check_ombudsman(&c);
    check_restriction(&c);
    check_misc(&c);
    check_scenarios(&c);
    return P->diag->errors;
}
