/* verify.c: what a policy can be shown to get wrong before it runs (cases that cannot end,
 * deadlines out of order, shadowed refusals, broken approval bands, unused facts), and which
 * of its rules its own scenarios reach, run through the lowered tables. */
#include "verify.h"
#include "check.h"
#include "diag.h"
#include <string.h>

/* ---- static checks ---- */

static void check_ending(ast_policy *P)
{
    ast_stage *last = P->stages;
    while (last && last->next) last = last->next;
    if (!last) return;
    for (ast_duty *d = last->duties; d; d = d->next)
        if (d->kind == DUTY_RESPOND || d->kind == DUTY_RESOLVE) return;
    diag_warning(P->diag, last->loc, "stage '%s' is the last and has no duty to respond: a case "
                                     "there never closes by itself", last->id);
}

/* Within a stage, a response due before the acknowledgement can be made is out of order. */
static void check_order(ast_policy *P)
{
    for (ast_stage *s = P->stages; s; s = s->next) {
        ast_duty *ack = NULL, *resp = NULL;
        for (ast_duty *d = s->duties; d; d = d->next) {
            if (d->kind == DUTY_ACKNOWLEDGE) ack = d;
            if (d->kind == DUTY_RESPOND) resp = d;
        }
        if (!ack || !resp || resp->anchor == ANCHOR_ACK || resp->anchor != ack->anchor ||
            resp->unit != ack->unit)
            continue;
        if (resp->n < ack->n)
            diag_error(P->diag, resp->loc, "the response is due %d %s after %s, before the "
                                           "acknowledgement's %d",
                       resp->n, ast_unit_text(resp->unit, resp->n),
                       resp->anchor == ANCHOR_RECEIPT ? "receipt" : "the request", ack->n);
    }
}

/* The conjuncts of a condition, as written: `a and b and c` is {a, b, c}. */
static int conjuncts(ast_policy *P, const ast_expr *e, const char **out, int n)
{
    if (e->kind == EX_AND) {
        n = conjuncts(P, e->a, out, n);
        return conjuncts(P, e->b, out, n);
    }
    out[n++] = ast_expr_text(P, e);
    return n;
}

static int n_conjuncts(const ast_expr *e)
{
    return e->kind == EX_AND ? n_conjuncts(e->a) + n_conjuncts(e->b) : 1;
}

/* The texts of a condition's conjuncts, as many as it has, in P's arena; *n of them. */
static const char **conjuncts_of(ast_policy *P, const ast_expr *e, int *n)
{
    const char **out = arena_alloc(P->arena, (size_t)n_conjuncts(e) * sizeof *out);
    *n = conjuncts(P, e, out, 0);
    return out;
}

/* A refusal whose condition includes all of an earlier, exception-free refusal's condition
 * can never be the one reported: the earlier one always holds first. */
static void check_shadowed(ast_policy *P)
{
    for (ast_refusal *r = P->refusals; r; r = r->next) {
        int n, m;
        const char **mine = conjuncts_of(P, r->when, &n);
        for (ast_refusal *q = P->refusals; q != r; q = q->next) {
            if (q->unless) continue;
            const char **theirs = conjuncts_of(P, q->when, &m);
            bool all = true;
            for (int i = 0; i < m && all; i++) {
                bool found = false;
                for (int j = 0; j < n && !found; j++) found = !strcmp(theirs[i], mine[j]);
                all = found;
            }
            if (all) {
                diag_warning(P->diag, r->loc, "refusal '%s' is never reported: refusal '%s' "
                                              "holds whenever it does", r->name, q->name);
                diag_note(P->diag, q->loc, "'%s' is checked first", q->name);
                break;
            }
        }
    }
}

static void check_bands(ast_policy *P)
{
    if (!P->bands) return;
    int n = 0;
    for (ast_band *b = P->bands; b; b = b->next) n++;
    ast_band **sorted = arena_alloc(P->arena, sizeof *sorted * (size_t)n);
    n = 0;
    for (ast_band *b = P->bands; b; b = b->next) {
        int i = n++;
        while (i > 0 && sorted[i - 1]->from > b->from) sorted[i] = sorted[i - 1], i--;
        sorted[i] = b;
    }
    if (sorted[0]->from > 0)
        diag_warning(P->diag, sorted[0]->loc, "no approval band covers awards below "
                                              "\u00a3%lld.%02lld", (long long)(sorted[0]->from / 100),
                     (long long)(sorted[0]->from % 100));
    for (int i = 1; i < n; i++) {
        int64_t end = sorted[i - 1]->below;
        if (end < 0 || end > sorted[i]->from)
            diag_error(P->diag, sorted[i]->loc, "this approval band overlaps another: two people "
                                                "would approve the same award");
        else if (end < sorted[i]->from)
            diag_warning(P->diag, sorted[i]->loc, "no approval band covers awards from "
                                                  "\u00a3%lld.%02lld to this band",
                         (long long)(end / 100), (long long)(end % 100));
    }
    if (sorted[n - 1]->below >= 0)
        diag_warning(P->diag, sorted[n - 1]->loc, "no approval band covers awards of "
                                                  "\u00a3%lld.%02lld or more",
                     (long long)(sorted[n - 1]->below / 100), (long long)(sorted[n - 1]->below % 100));
}

static void check_facts_used(ast_policy *P)
{
    for (ast_fact *f = P->facts; f; f = f->next) {
        if (!f->read) {
            diag_warning(P->diag, f->loc, "fact '%s' is declared but no rule reads it", f->name);
            continue;
        }
        bool supplied = false;
        for (ast_scenario *s = P->scenarios; s && !supplied; s = s->next)
            for (ast_event *e = s->events; e && !supplied; e = e->next)
                for (ast_field *fl = e->fields; fl && !supplied; fl = fl->next)
                    supplied = fl->fact == f || (fl->fact && fl->fact->fallback == f);
        if (!supplied && P->scenarios)
            diag_warning(P->diag, f->loc, "fact '%s' is read by the rules but no scenario supplies "
                                          "it", f->name);
    }
}

void verify_policy(ast_policy *P)
{
    check_ending(P);
    check_order(P);
    check_shadowed(P);
    check_bands(P);
    check_facts_used(P);
}

/* ---- coverage ---- */

typedef struct {
    ast_policy *P;
    FILE *out;
    bool report;
    int rules, reached;
} cov_report;

static void line(cov_report *r, int hits, ast_loc loc, const char *fmt, const char *what)
{
    r->rules++;
    r->reached += hits > 0;
    if (!r->report) return;
    if (hits) fprintf(r->out, "  %4d  ", hits);
    else fputs("     -  ", r->out);
    fprintf(r->out, fmt, what);
    fprintf(r->out, " (line %d)\n", loc.line);
}

static void report_stages(cov_report *r, const rt_coverage *cov)
{
    int s = 0;
    for (ast_stage *st = r->P->stages; st; st = st->next, s++) {
        const char *id = st->id;
        if (st->receipt.given) line(r, cov->receipt[s], st->receipt.loc, "%s entered on receipt", id);
        if (st->request.given) line(r, cov->request[s], st->request.loc, "%s entered on request", id);
        if (st->automatic.given)
            line(r, cov->automatic[s], st->automatic.loc, "%s entered automatically", id);
        int i = 0;
        for (ast_duty *d = st->duties; d; d = d->next, i++)
            line(r, cov->duty[cov->duty_base[s] + i], d->loc,
                 arena_printf(r->P->arena, "%%s %s", ast_duty_text(d->kind)), id);
        if (st->ext.given) line(r, cov->ext[s], st->ext.loc, "%s extension", id);
        if (st->close.given) line(r, cov->close[s], st->close.loc, "%s closes automatically", id);
        if (st->includes_rule.given)
            line(r, cov->includes[s], st->includes_rule.loc, "%s response contents", id);
    }
}

static void report(cov_report *r, const rt_coverage *cov)
{
    ast_policy *P = r->P;
    int i = 0;
    for (ast_noncomplaint *n = P->noncomplaints; n; n = n->next)
        for (ast_name *k = n->kinds; k; k = k->next, i++)
            line(r, cov->nonc[i], k->loc, "not a complaint: %s", k->text);
    i = 0;
    for (ast_redirect *x = P->redirects; x; x = x->next, i++)
        line(r, cov->redirect[i], x->loc, "redirect %s", x->name);
    i = 0;
    for (ast_advice *a = P->advice; a; a = a->next, i++)
        line(r, cov->advice[i], a->loc, "advice %s", a->when_text);
    i = 0;
    for (ast_refusal *x = P->refusals; x; x = x->next, i++)
        line(r, cov->refusal[i], x->loc, "refusal %s", x->name);
    report_stages(r, cov);
    if (P->ombudsman.given) line(r, cov->ombudsman, P->ombudsman.loc, "%s", "ombudsman window");
    if (P->restriction.given)
        line(r, cov->restriction, P->restriction.loc, "%s", "restriction of contact");
    i = 0;
    for (ast_award *a = P->awards; a; a = a->next, i++) line(r, cov->award[i], a->loc, "award %s", a->name);
    i = 0;
    for (ast_bar *b = P->bars; b; b = b->next, i++)
        line(r, cov->bar[i], b->loc, "no compensation when %s", b->when_text);
    if (P->offset.given) line(r, cov->offset, P->offset.loc, "%s", "offset");
    i = 0;
    for (ast_band *b = P->bands; b; b = b->next, i++) line(r, cov->band[i], b->loc, "approval by %s", b->who);
}

int verify_coverage(ast_policy *P, const rt_policy *p, bool show, FILE *out)
{
    rt_coverage *cov = rt_coverage_new(p);
    bool *empty = arena_alloc(P->arena, sizeof *empty * (size_t)(p->n_scenarios + 1));
    FILE *sink = fopen("/dev/null", "w");
    int failed = rt_run_scenarios_covered(p, sink ? sink : out, cov, empty);
    if (sink) fclose(sink);
    int i = 0;
    for (ast_scenario *s = P->scenarios; s; s = s->next, i++)
        if (empty[i])
            diag_warning(P->diag, s->loc, "scenario \"%s\" reaches no rule of the policy", s->name);
    cov_report r = {P, out, show, 0, 0};
    if (show) fprintf(out, "coverage of %s by its %d scenario%s (times each rule was reached):\n",
                      P->file, p->n_scenarios, p->n_scenarios == 1 ? "" : "s");
    report(&r, cov);
    if (show) fprintf(out, "%d of %d rules reached%s\n", r.reached, r.rules,
                      failed ? "; some scenarios fail" : "");
    rt_coverage_free(cov);
    return failed;
}
