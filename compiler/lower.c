/* lower.c: a checked tree as the runtime's rt_policy, built in the compilation's arena, with
 * each rule's condition evaluated from the tree. The same tables emit.c writes as C. */
#include "lower.h"
#include "check.h"
#include "extern.h"
#include <string.h>

#define NEWN(P, T, n) ((T *)arena_alloc((P)->arena, sizeof(T) * (size_t)((n) ? (n) : 1)))

typedef struct {
    const ast_expr *when, *unless;
} lw_rule;

static rt_tri cond(const rt_case *c, const ast_expr *e);

static rt_value value(const rt_case *c, const ast_expr *e)
{
    switch (e->kind) {
    case EX_NAME: return e->enum_member ? rt_known_int(e->i) : rt_fact(c, e->fact->index);
    case EX_RECEIPT: return rt_receipt(c);
    case EX_TEXT: return rt_known_text(e->text);
    case EX_CALL: {
        rt_value args[AST_MAX_PARAMS];
        int n = 0;
        for (const ast_expr *a = e->args; a && n < AST_MAX_PARAMS; a = a->next_arg) args[n++] = value(c, a);
        return ext_call(e->fn, args);
    }
    default: return rt_known_int(e->i);
    }
}

static bool closed_by(rt_day day, const void *ctx)
{
    rt_value arg = rt_known_int(day);
    return rt_truth(ext_call(ctx, &arg)) == RT_TRUE;
}

static const rt_cmp_op cmp_ops[] = {RT_EQ, RT_NE, RT_LT, RT_LE, RT_GT, RT_GE};
static const rt_unit units[] = {RT_WORKING_DAYS, RT_DAYS, RT_WEEKS, RT_MONTHS};

static rt_tri compare(const rt_case *c, const ast_expr *e, ast_cmp op)
{
    if (e->a->type.kind == TY_TEXT) return rt_text_equal(value(c, e->a), value(c, e->b), op == CMP_NE);
    return rt_compare(value(c, e->a), cmp_ops[op], value(c, e->b));
}

/* Mirrors emit.c's cond(): the interpreter and the compiled engine must agree exactly. */
static rt_tri cond(const rt_case *c, const ast_expr *e)
{
    switch (e->kind) {
    case EX_OR: return rt_or(cond(c, e->a), cond(c, e->b));
    case EX_AND: return rt_and(cond(c, e->a), cond(c, e->b));
    case EX_NOT: return rt_not(cond(c, e->a));
    case EX_IS: return compare(c, e, CMP_EQ);
    case EX_ISNOT: return compare(c, e, CMP_NE);
    case EX_CMP: return compare(c, e, e->cmp);
    case EX_KNOWN: return value(c, e->a).known ? RT_TRUE : RT_FALSE;
    case EX_UNKNOWN: return value(c, e->a).known ? RT_FALSE : RT_TRUE;
    case EX_MORE_AFTER:
        return rt_more_than_after(c, value(c, e->a), (int)e->i, units[e->unit], value(c, e->b));
    case EX_WITHIN:
        return rt_within_after(c, value(c, e->a), (int)e->i, units[e->unit], value(c, e->b));
    case EX_ONE_OF: {
        rt_tri r = RT_FALSE;
        bool first = true;
        for (const ast_name *v = e->names; v; v = v->next) {
            int idx = 0;
            for (const ast_name *w = e->a->type.fact->values; w && strcmp(w->text, v->text);
                 w = w->next)
                idx++;
            rt_tri t = rt_compare(value(c, e->a), RT_EQ, rt_known_int(idx));
            r = first ? t : rt_or(r, t);
            first = false;
        }
        return r;
    }
    default: return rt_truth(value(c, e));
    }
}

static rt_tri eval_rule(const rt_case *c, const void *ctx)
{
    const lw_rule *r = ctx;
    if (!r->unless) return cond(c, r->when);
    return rt_and(cond(c, r->when), rt_not(cond(c, r->unless)));
}

static const void *rule(ast_policy *P, const ast_expr *when, const ast_expr *unless)
{
    lw_rule *r = arena_alloc(P->arena, sizeof *r);
    r->when = when;
    r->unless = unless;
    return r;
}

static const char *or_empty(const ast_header *h) { return h->given ? h->text : ""; }

static void lower_facts(ast_policy *P, rt_policy *p)
{
    static const rt_type types[] = {RT_T_BOOL, RT_T_BOOL, RT_T_INT, RT_T_DATE, RT_T_MONEY,
                                    RT_T_TEXT, RT_T_ENUM};
    int n = 0;
    for (ast_fact *f = P->facts; f; f = f->next) n++;
    rt_fact_desc *fd = NEWN(P, rt_fact_desc, n);
    for (ast_fact *f = P->facts; f; f = f->next) {
        rt_fact_desc *d = &fd[f->index];
        d->name = f->name;
        d->type = types[f->type];
        d->fallback = f->fallback ? f->fallback->index : -1;
        if (f->type == TY_ENUM) {
            const char **vals = NEWN(P, const char *, f->n_values);
            int k = 0;
            for (ast_name *v = f->values; v; v = v->next) vals[k++] = v->text;
            d->enum_values = vals;
            d->n_enum = k;
        }
    }
    p->facts = fd;
    p->n_facts = n;
}

static void lower_rules(ast_policy *P, rt_policy *p)
{
    static const char *const kinds[] = {"complaint", "service_request", "comment", "compliment",
                                        "question", "mp_enquiry"};
    int n = 0;
    for (ast_noncomplaint *x = P->noncomplaints; x; x = x->next)
        for (ast_name *k = x->kinds; k; k = k->next) n++;
    rt_nonc_desc *nc = NEWN(P, rt_nonc_desc, n);
    p->noncomplaints = nc;
    for (ast_noncomplaint *x = P->noncomplaints; x; x = x->next)
        for (ast_name *k = x->kinds; k; k = k->next)
            nc[p->n_noncomplaints++] = (rt_nonc_desc){(rt_kind)check_lookup(kinds, 6, k->text),
                                                      ast_cites_text(P, x->cites), x->assumption};
    n = 0;
    for (ast_redirect *r = P->redirects; r; r = r->next) n++;
    rt_redirect_desc *rd = NEWN(P, rt_redirect_desc, n);
    p->redirects = rd;
    for (ast_redirect *r = P->redirects; r; r = r->next)
        rd[p->n_redirects++] = (rt_redirect_desc){r->name, r->to, ast_cites_text(P, r->cites),
                                                  r->assumption, r->when_text, eval_rule,
                                                  rule(P, r->when, NULL)};
    n = 0;
    for (ast_advice *a = P->advice; a; a = a->next) n++;
    rt_advice_desc *ad = NEWN(P, rt_advice_desc, n);
    p->advice = ad;
    for (ast_advice *a = P->advice; a; a = a->next)
        ad[p->n_advice++] = (rt_advice_desc){a->text, ast_cites_text(P, a->cites), a->when_text,
                                             eval_rule, rule(P, a->when, NULL)};
    n = 0;
    for (ast_refusal *r = P->refusals; r; r = r->next) n++;
    rt_refusal_desc *rf = NEWN(P, rt_refusal_desc, n);
    p->refusals = rf;
    for (ast_refusal *r = P->refusals; r; r = r->next)
        rf[p->n_refusals++] = (rt_refusal_desc){r->name, r->reason, ast_cites_text(P, r->cites),
                                                r->assumption, r->when_text, eval_rule,
                                                rule(P, r->when, r->unless)};
}

static const char *cites_or_null(ast_policy *P, const ast_rule *r)
{
    return r->given ? ast_cites_text(P, r->cites) : NULL;
}

static void lower_stage(ast_policy *P, const ast_stage *s, rt_stage_desc *sd)
{
    static const rt_duty_kind duty_kinds[] = {RT_DUTY_RESOLVE, RT_DUTY_ACKNOWLEDGE, RT_DUTY_RESPOND};
    static const rt_anchor anchors[] = {RT_ANCHOR_RECEIPT, RT_ANCHOR_REQUEST, RT_ANCHOR_ACK,
                                        RT_ANCHOR_RESPONSE};
    sd->id = s->id;
    sd->title = s->title;
    sd->handler = s->handler;
    sd->handler_cite = s->handler ? ast_cites_text(P, s->handler_cites) : NULL;
    sd->on_receipt = s->receipt.given;
    sd->receipt_cite = cites_or_null(P, &s->receipt);
    sd->receipt_assumption = s->receipt.assumption;
    sd->on_request = s->request.given;
    sd->window_n = s->window_n;
    sd->window_unit = units[s->window_unit];
    sd->reasons_required = s->reasons;
    sd->request_cite = cites_or_null(P, &s->request);
    sd->request_assumption = s->request.assumption;
    sd->automatic = s->automatic.given;
    sd->auto_cite = cites_or_null(P, &s->automatic);
    sd->auto_assumption = s->automatic.assumption;
    sd->tell = s->tell_text; /* NULL unless the stage says */
    sd->tell_cite = cites_or_null(P, &s->tell);
    sd->tell_beyond = s->tell_beyond_text;
    sd->tell_beyond_cite = cites_or_null(P, &s->tell_beyond);
    sd->close_n = s->close_n;
    sd->close_unit = units[s->close_unit];
    sd->close_cite = cites_or_null(P, &s->close);
    int n = 0;
    for (ast_name *i = s->includes; i; i = i->next) n++;
    const char **inc = NEWN(P, const char *, n);
    for (ast_name *i = s->includes; i; i = i->next) inc[sd->n_includes++] = i->text;
    sd->includes = n ? inc : NULL;
    sd->includes_cite = cites_or_null(P, &s->includes_rule);
    n = 0;
    for (ast_duty *d = s->duties; d; d = d->next) n++;
    rt_duty_desc *dd = NEWN(P, rt_duty_desc, n);
    for (ast_duty *d = s->duties; d; d = d->next) {
        rt_duty_desc *o = &dd[sd->n_duties++];
        o->kind = duty_kinds[d->kind];
        o->n = d->n;
        o->unit = units[d->unit];
        o->anchor = anchors[d->anchor];
        o->cite = ast_cites_text(P, d->cites);
        o->assumption = d->assumption;
        o->ext_max = -1;
        if (d->kind == DUTY_RESPOND && s->ext.given) {
            o->ext_max = s->ext_n;
            o->ext_more_if_agreed = s->ext_more_if_agreed;
            o->ext_cite = ast_cites_text(P, s->ext.cites);
        }
    }
    sd->duties = n ? dd : NULL;
}

static void lower_compensation(ast_policy *P, rt_policy *p)
{
    int n = 0;
    for (ast_award *a = P->awards; a; a = a->next) n++;
    rt_award_desc *aw = NEWN(P, rt_award_desc, n);
    p->awards = aw;
    for (ast_award *a = P->awards; a; a = a->next) {
        rt_award_desc *o = &aw[p->n_awards++];
        o->name = a->name;
        o->kind = a->kind == AWARD_DAILY ? RT_AWARD_DAILY : RT_AWARD_FIXED;
        o->pence = a->pence;
        o->amount_fact = a->amount_fact ? a->amount_fact->index : -1;
        o->from_fact = a->from_fact ? a->from_fact->index : 0;
        o->until_fact = a->until_fact ? a->until_fact->index : 0;
        o->cap_pence = a->cap;
        o->when_text = a->when_text;
        o->when = a->when ? eval_rule : NULL;
        o->ctx = a->when ? rule(P, a->when, NULL) : NULL;
        o->cite = ast_cites_text(P, a->cites);
        o->assumption = a->assumption;
    }
    n = 0;
    for (ast_bar *b = P->bars; b; b = b->next) n++;
    rt_bar_desc *bars = NEWN(P, rt_bar_desc, n);
    p->bars = bars;
    for (ast_bar *b = P->bars; b; b = b->next)
        bars[p->n_bars++] = (rt_bar_desc){b->when_text, eval_rule, rule(P, b->when, NULL),
                                          ast_cites_text(P, b->cites), b->assumption};
    if (P->offset.given)
        p->offset = (rt_offset_desc){true, P->offset.fact->index, P->offset.when_text,
                                     P->offset.when ? eval_rule : NULL,
                                     P->offset.when ? rule(P, P->offset.when, NULL) : NULL,
                                     ast_cites_text(P, P->offset.cites), P->offset.assumption};
    n = 0;
    for (ast_band *b = P->bands; b; b = b->next) n++;
    rt_band_desc *bands = NEWN(P, rt_band_desc, n);
    p->bands = bands;
    for (ast_band *b = P->bands; b; b = b->next)
        bands[p->n_bands++] = (rt_band_desc){b->from, b->below, b->who, ast_cites_text(P, b->cites)};
}

static const rt_expect_kind expect_kinds[] = {
    RT_EXPECT_STATUS, RT_EXPECT_STAGE, RT_EXPECT_REFUSAL, RT_EXPECT_REFUSAL, RT_EXPECT_DUE,
    RT_EXPECT_DUTY_STATUS, RT_EXPECT_WINDOW_OPENS, RT_EXPECT_WINDOW_CLOSES, RT_EXPECT_NOTE,
    RT_EXPECT_AWARD, RT_EXPECT_TOTAL, RT_EXPECT_PAYABLE, RT_EXPECT_APPROVAL};

/* Mirrors emit.c's emit_expect(). */
static rt_scn_expect expect(const ast_expect *x, ast_expect_kind kind)
{
    bool duty = kind == XP_DUE || kind == XP_DUTY_STATUS;
    bool window = kind == XP_WINDOW_OPENS || kind == XP_WINDOW_CLOSES;
    rt_scn_expect e = {.kind = expect_kinds[kind], .pence = x->pence, .line = x->loc.line};
    e.stage = duty ? x->subject.text : NULL;
    e.name = duty ? ast_duty_text(x->duty) : (window || kind == XP_AWARD) ? x->subject.text : NULL;
    e.text = (kind == XP_NOTE || kind == XP_APPROVAL) ? x->text
             : kind == XP_DUTY_STATUS ? x->status.text
             : (kind == XP_STATUS || kind == XP_STAGE || kind == XP_REFUSAL) ? x->subject.text
                                                                             : NULL;
    e.date = (kind == XP_DUE || window) ? x->date : 0;
    return e;
}

static void lower_scenario(ast_policy *P, const ast_scenario *s, rt_scenario *o)
{
    o->name = s->name;
    o->line = s->loc.line;
    o->as_of = s->as_of;
    int n = 0;
    for (ast_event *e = s->events; e; e = e->next) n++;
    rt_scn_event *evs = NEWN(P, rt_scn_event, n);
    for (ast_event *e = s->events; e; e = e->next) {
        rt_scn_event *ev = &evs[o->n_events++];
        ev->date = e->date;
        ev->type = e->type.text;
        int k = 0;
        for (ast_field *f = e->fields; f; f = f->next) k++;
        rt_scn_field *fs = NEWN(P, rt_scn_field, k);
        for (ast_field *f = e->fields; f; f = f->next) {
            rt_scn_field *o2 = &fs[ev->n_fields++];
            o2->i = f->i;
            if (f->fact) {
                o2->fact = f->fact->index;
                o2->known = f->kind != VAL_UNKNOWN;
                o2->s = f->kind == VAL_TEXT ? f->text : NULL;
            } else {
                o2->key = f->key.text;
                o2->fact = -1;
                o2->known = true;
                o2->s = (f->kind == VAL_NAME || f->kind == VAL_TEXT || f->kind == VAL_LIST) ? f->text : NULL;
            }
        }
        ev->fields = k ? fs : NULL;
    }
    o->events = n ? evs : NULL;
    n = 0;
    for (ast_expect *x = s->expects; x; x = x->next) n += 1 + (x->kind == XP_DUE && x->status.text);
    rt_scn_expect *xs = NEWN(P, rt_scn_expect, n);
    for (ast_expect *x = s->expects; x; x = x->next) {
        xs[o->n_expects++] = expect(x, x->kind);
        if (x->kind == XP_DUE && x->status.text) xs[o->n_expects++] = expect(x, XP_DUTY_STATUS);
    }
    o->expects = xs;
}

rt_policy *lower_policy(ast_policy *P, const char *source_name, const char *hash)
{
    static const rt_calendar_id cals[] = {RT_CAL_ENGLAND_WALES, RT_CAL_SCOTLAND,
                                          RT_CAL_NORTHERN_IRELAND};
    static const char *const cal_names[] = {"england-and-wales", "scotland", "northern-ireland"};
    rt_policy *p = arena_alloc(P->arena, sizeof *p);
    p->id = P->id.text;
    p->organisation = P->organisation.text;
    p->document = or_empty(&P->document);
    p->doc_version = or_empty(&P->version);
    p->issued = or_empty(&P->issued);
    p->revised = or_empty(&P->revised);
    p->source_file = source_name;
    p->source_hash = hash;
    p->calendar = cals[P->calendar.given ? check_lookup(cal_names, 3, P->calendar.text) : 0];
    int n = 0;
    for (ast_closure *c = P->closures; c; c = c->next) n++;
    rt_day *closures = NEWN(P, rt_day, n);
    for (ast_closure *c = P->closures; c; c = c->next) closures[p->n_closures++] = c->date;
    p->closures = closures;
    if (P->closed_by.given) {
        p->closed = closed_by;
        p->closed_ctx = P->closed_by.fn;
    }
    p->homes = P->homes;
    lower_facts(P, p);
    lower_rules(P, p);
    n = 0;
    for (ast_stage *s = P->stages; s; s = s->next) n++;
    rt_stage_desc *stages = NEWN(P, rt_stage_desc, n);
    for (ast_stage *s = P->stages; s; s = s->next) lower_stage(P, s, &stages[p->n_stages++]);
    p->stages = stages;
    if (P->ombudsman.given)
        p->ombudsman = (rt_ombudsman_desc){true, P->ombudsman.stage->index, P->ombudsman.n,
                                           units[P->ombudsman.unit],
                                           ast_cites_text(P, P->ombudsman.cites),
                                           P->ombudsman.assumption};
    if (P->restriction.given)
        p->restriction = (rt_restriction_desc){
            true, P->restriction.from->index,
            P->restriction.review ? P->restriction.review->index : -1, (int)P->restriction.n,
            units[P->restriction.unit], ast_cites_text(P, P->restriction.cites),
            P->restriction.assumption};
    lower_compensation(P, p);
    n = 0;
    for (ast_name *o = P->outcomes; o; o = o->next) n++;
    rt_outcome_desc *outs = NEWN(P, rt_outcome_desc, n);
    for (ast_name *o = P->outcomes; o; o = o->next)
        outs[p->n_outcomes++] = (rt_outcome_desc){o->text, ast_cites_text(P, P->outcome_cites)};
    p->outcomes = outs;
    n = 0;
    for (ast_assumption *a = P->assumptions; a; a = a->next) n++;
    rt_assumption_desc *as = NEWN(P, rt_assumption_desc, n);
    for (ast_assumption *a = P->assumptions; a; a = a->next)
        as[p->n_assumptions++] = (rt_assumption_desc){a->text, ast_cites_text(P, a->cites)};
    p->assumptions = as;
    n = 0;
    for (ast_waiver *w = P->waivers; w; w = w->next) n++;
    rt_waiver_desc *ws = NEWN(P, rt_waiver_desc, n);
    for (ast_waiver *w = P->waivers; w; w = w->next)
        ws[p->n_waivers++] = (rt_waiver_desc){w->text, ast_cites_text(P, w->cites), w->because};
    p->waivers = ws;
    n = 0;
    for (ast_measure *m = P->measures; m; m = m->next) n++;
    rt_measure_desc *ms = NEWN(P, rt_measure_desc, n);
    for (ast_measure *m = P->measures; m; m = m->next)
        ms[p->n_measures++] = (rt_measure_desc){m->label, (rt_measure_kind)m->kind, m->stage,
                                                ast_cites_text(P, m->cites)};
    p->measures = ms;
    n = 0;
    for (ast_scenario *s = P->scenarios; s; s = s->next) n++;
    rt_scenario *scs = NEWN(P, rt_scenario, n);
    for (ast_scenario *s = P->scenarios; s; s = s->next) lower_scenario(P, s, &scs[p->n_scenarios++]);
    p->scenarios = scs;
    return p;
}
