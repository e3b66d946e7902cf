/* conform.c: a policy against a baseline (the Complaint Handling Code as a policy), duty by
 * duty on the worst case counted from receipt, and on time limits, refusal grounds, stages,
 * reasons for escalation, waiting periods and extension caps. */
#include "conform.h"
#include "check.h"
#include "rt_internal.h"
#include <string.h>

typedef struct {
    ast_policy *P, *B;
    rt_buf human, json;
    int findings;
} conform;

/* Working days a period can span at most: calendar days and months are approximate. */
static int worst_wd(int n, ast_unit u, bool *approx)
{
    switch (u) {
    case UNIT_WORKING_DAYS: return n;
    case UNIT_DAYS: *approx = true; return (n * 5 + 6) / 7;
    case UNIT_WEEKS: return n * 5;
    case UNIT_MONTHS: *approx = true; return n * 23;
    }
    return n;
}

static const char *where(ast_policy *P, ast_loc loc, const ast_cite *c)
{
    return arena_printf(P->arena, "%s:%d (\u00a7%s)", P->file, loc.line,
                        c ? ast_cites_text(P, c) : "no citation");
}

static void finding(conform *k, const char *topic, const char *mine, const char *theirs,
                    const char *message)
{
    k->findings++;
    rt_buf_printf(&k->human, "%s: %s\n    policy:   %s\n    baseline: %s\n", topic, message,
                  mine ? mine : "(none)", theirs ? theirs : "(none)");
    rt_buf_puts(&k->json, k->findings > 1 ? ",{\"topic\":" : "{\"topic\":");
    rt_buf_json_string(&k->json, topic, strlen(topic));
    const char *keys[] = {"policy", "baseline", "message"};
    const char *vals[] = {mine, theirs, message};
    for (int i = 0; i < 3; i++) {
        rt_buf_printf(&k->json, ",\"%s\":", keys[i]);
        if (vals[i]) rt_buf_json_string(&k->json, vals[i], strlen(vals[i]));
        else rt_buf_puts(&k->json, "null");
    }
    rt_buf_putc(&k->json, '}');
}

static ast_duty *duty_of(ast_stage *s, ast_duty_kind kind)
{
    for (ast_duty *d = s ? s->duties : NULL; d; d = d->next)
        if (d->kind == kind) return d;
    return NULL;
}

/* Working days from receipt (stage1) or from the escalation request (later stages) to the
 * stage's entry: an automatic move adds the previous stage's target. */
static int entry_offset(ast_policy *P, ast_stage *s, bool *approx)
{
    if (!s->automatic.given) return 0; /* the worst case is the automatic move */
    for (ast_stage *p = P->stages; p && p->next; p = p->next)
        if (p->next == s) {
            ast_duty *t = duty_of(p, DUTY_RESOLVE);
            if (!t) t = duty_of(p, DUTY_RESPOND);
            return t ? worst_wd(t->n, t->unit, approx) : 0;
        }
    return 0;
}

/* The latest a duty can fall, in working days from the stage's own starting point. */
static int worst_case(ast_policy *P, ast_stage *s, ast_duty *d, bool *approx)
{
    int base = 0;
    if (d->anchor == ANCHOR_REQUEST) base = entry_offset(P, s, approx);
    if (d->anchor == ANCHOR_ACK) {
        ast_duty *ack = duty_of(s, DUTY_ACKNOWLEDGE);
        base = ack ? worst_case(P, s, ack, approx) : 0;
    }
    return base + worst_wd(d->n, d->unit, approx);
}

static void compare_duties(conform *k, const char *id)
{
    static const char *const words[] = {"resolve", "acknowledge", "respond"};
    ast_stage *mine = check_find_stage(k->P, id), *theirs = check_find_stage(k->B, id);
    if (!theirs) return;
    if (!mine) {
        finding(k, id, NULL, where(k->B, theirs->loc, theirs->receipt.given ? theirs->receipt.cites
                                                                            : theirs->request.cites),
                arena_printf(k->P->arena, "the policy has no stage '%s'", id));
        return;
    }
    for (int kind = DUTY_ACKNOWLEDGE; kind <= DUTY_RESPOND; kind++) {
        ast_duty *b = duty_of(theirs, (ast_duty_kind)kind), *d = duty_of(mine, (ast_duty_kind)kind);
        if (!b) continue;
        const char *topic = arena_printf(k->P->arena, "%s %s", id, words[kind]);
        if (!d) {
            finding(k, topic, NULL, where(k->B, b->loc, b->cites),
                    arena_printf(k->P->arena, "the policy sets no time to %s at %s", words[kind], id));
            continue;
        }
        bool approx = false, approx_b = false;
        int w = worst_case(k->P, mine, d, &approx), wb = worst_case(k->B, theirs, b, &approx_b);
        if (w > wb)
            finding(k, topic, where(k->P, d->loc, d->cites), where(k->B, b->loc, b->cites),
                    arena_printf(k->P->arena, "at worst %s%d %s from %s, where the "
                                              "baseline allows %d",
                                 approx ? "about " : "", w, ast_unit_text(UNIT_WORKING_DAYS, w),
                                 theirs == k->B->stages ? "receipt" : "the escalation request", wb));
    }
    /* extension caps on the response */
    ast_rule *e = &mine->ext, *eb = &theirs->ext;
    ast_duty *respond = duty_of(mine, DUTY_RESPOND);
    if (eb->given && (!e->given || mine->ext_n > theirs->ext_n))
        finding(k, arena_printf(k->P->arena, "%s extension", id),
                e->given ? where(k->P, e->loc, e->cites)
                : respond ? where(k->P, respond->loc, respond->cites) : NULL,
                where(k->B, eb->loc, eb->cites),
                e->given ? arena_printf(k->P->arena, "extensions of up to %d %s, where the "
                                                     "baseline caps them at %d",
                                        mine->ext_n, ast_unit_text(UNIT_WORKING_DAYS, mine->ext_n),
                                        theirs->ext_n)
                         : arena_printf(k->P->arena, "no cap on extending the response; the baseline "
                                                     "caps it at %d %s", theirs->ext_n,
                                                     ast_unit_text(UNIT_WORKING_DAYS, theirs->ext_n)));
    /* reasons demanded and windows to ask: the baseline's way into the stage */
    const ast_rule *in = theirs->request.given ? &theirs->request : &theirs->receipt;
    const char *entry = where(k->B, in->loc, in->cites);
    if (mine->request.given && mine->reasons && !(theirs->request.given && theirs->reasons))
        finding(k, arena_printf(k->P->arena, "%s escalation", id),
                where(k->P, mine->request.loc, mine->request.cites), entry,
                "the customer must give reasons to reach this stage; the baseline asks for none");
    if (mine->request.given && mine->from && !(theirs->request.given && theirs->from))
        finding(k, arena_printf(k->P->arena, "%s escalation", id),
                where(k->P, mine->request.loc, mine->request.cites), entry,
                arena_printf(k->P->arena, "the customer must ask within %d %s; the baseline sets "
                                          "no limit", mine->window_n,
                             ast_unit_text(mine->window_unit, mine->window_n)));
}

static int count_formal(ast_policy *P)
{
    int n = 0;
    for (ast_stage *s = P->stages; s; s = s->next) n += strcmp(s->id, "informal") != 0;
    return n;
}

static ast_refusal *time_limit(ast_policy *P)
{
    for (ast_refusal *r = P->refusals; r; r = r->next)
        if (!strcmp(r->name, "time_limit")) return r;
    return NULL;
}

static void facts_read(const ast_expr *e, const char **out, int *n)
{
    if (!e) return;
    if (e->kind == EX_NAME && e->fact) {
        const char *name = e->fact->name;
        bool seen = false;
        for (int i = 0; i < *n; i++) seen |= !strcmp(out[i], name);
        if (!seen) out[(*n)++] = name;
    }
    facts_read(e->a, out, n);
    facts_read(e->b, out, n);
}

static int n_names(const ast_expr *e)
{
    return e ? (e->kind == EX_NAME) + n_names(e->a) + n_names(e->b) : 0;
}

/* The facts a condition reads, each once, as many as it reads, in P's arena; *n of them. */
static const char **facts_of(ast_policy *P, const ast_expr *e, int *n)
{
    const char **out = arena_alloc(P->arena, (size_t)(n_names(e) + 1) * sizeof *out);
    *n = 0;
    facts_read(e, out, n);
    return out;
}

/* A refusal is on a permitted ground when it reads every fact some baseline refusal reads:
 * it refuses no more than that ground does. */
static void compare_refusals(conform *k)
{
    for (ast_refusal *r = k->P->refusals; r; r = r->next) {
        if (!strcmp(r->name, "time_limit")) continue;
        int n, m;
        const char **mine = facts_of(k->P, r->when, &n);
        bool permitted = false;
        for (ast_refusal *b = k->B->refusals; b && !permitted; b = b->next) {
            if (!strcmp(b->name, "time_limit")) continue;
            const char **theirs = facts_of(k->P, b->when, &m);
            bool all = m > 0;
            for (int i = 0; i < m && all; i++) {
                bool found = false;
                for (int j = 0; j < n && !found; j++) found = !strcmp(theirs[i], mine[j]);
                all = found;
            }
            permitted = all;
        }
        if (!permitted) {
            const char *grounds = "";
            for (ast_refusal *b = k->B->refusals; b; b = b->next)
                grounds = arena_printf(k->P->arena, "%s%s%s (\u00a7%s)", grounds, *grounds ? ", " : "",
                                       b->name, ast_cites_text(k->B, b->cites));
            finding(k, arena_printf(k->P->arena, "refusal %s", r->name), where(k->P, r->loc, r->cites),
                    grounds, arena_printf(k->P->arena, "refuses when %s, a ground the baseline does "
                                                       "not permit", r->when_text));
        }
    }
}

static void compare_time_limits(conform *k)
{
    ast_refusal *mine = time_limit(k->P), *theirs = time_limit(k->B);
    if (!theirs || !mine) return;
    const ast_expr *e = mine->when, *b = theirs->when;
    bool approx = false;
    int m = worst_wd((int)e->i, e->unit, &approx), t = worst_wd((int)b->i, b->unit, &approx);
    if (m < t)
        finding(k, "time limit", where(k->P, mine->loc, mine->cites),
                where(k->B, theirs->loc, theirs->cites),
                arena_printf(k->P->arena, "refuses complaints made more than %lld %s after %s; the "
                                          "baseline accepts them up to %lld %s",
                             (long long)e->i, ast_unit_text(e->unit, e->i), e->b->text,
                             (long long)b->i, ast_unit_text(b->unit, b->i)));
    /* Counting from the event rather than from awareness starts the clock earlier. */
    const ast_fact *mf = e->b->fact, *bf = b->b->fact;
    if (mf && bf && bf->fallback && !mf->fallback && strcmp(mf->name, bf->name))
        finding(k, "time limit", where(k->P, mine->loc, mine->cites),
                where(k->B, theirs->loc, theirs->cites),
                arena_printf(k->P->arena, "counts from %s, where the baseline counts from %s "
                                          "(falling back on %s)", mf->name, bf->name,
                             bf->fallback->name));
}

static void compare_ombudsman(conform *k)
{
    ast_policy *P = k->P, *B = k->B;
    if (!B->ombudsman.given) return;
    const char *theirs = where(B, B->ombudsman.loc, B->ombudsman.cites);
    if (!P->ombudsman.given) {
        finding(k, "ombudsman", NULL, theirs, "the policy never says when the Ombudsman can be "
                                              "approached");
        return;
    }
    bool approx = false;
    int m = worst_wd(P->ombudsman.n, P->ombudsman.unit, &approx);
    int t = worst_wd(B->ombudsman.n, B->ombudsman.unit, &approx);
    if (m > t)
        finding(k, "ombudsman", where(P, P->ombudsman.loc, P->ombudsman.cites), theirs,
                arena_printf(P->arena, "the customer waits %d %s after the %s response; the "
                                       "baseline sets %s",
                             P->ombudsman.n, ast_unit_text(P->ombudsman.unit, P->ombudsman.n),
                             P->ombudsman.after.text,
                             B->ombudsman.n ? arena_printf(P->arena, "%d %s", B->ombudsman.n,
                                                           ast_unit_text(B->ombudsman.unit, B->ombudsman.n))
                                            : "no waiting period"));
}

int conform_policy(ast_policy *P, ast_policy *B, bool json, FILE *out)
{
    conform k = {P, B, {0}, {0}, 0};
    int mine = count_formal(P), theirs = count_formal(B);
    if (mine > theirs)
        finding(&k, "stages", where(P, P->stages->loc, P->stages->receipt.cites),
                where(B, B->stages->loc, B->stages->receipt.cites),
                arena_printf(P->arena, "%d formal stages; the baseline has %d", mine, theirs));
    for (ast_stage *s = B->stages; s; s = s->next) compare_duties(&k, s->id);
    compare_time_limits(&k);
    compare_refusals(&k);
    compare_ombudsman(&k);
    if (json) {
        rt_buf b = {0};
        rt_buf_puts(&b, "{\"policy\":");
        rt_buf_json_string(&b, P->file, strlen(P->file));
        rt_buf_puts(&b, ",\"baseline\":");
        rt_buf_json_string(&b, B->file, strlen(B->file));
        rt_buf_puts(&b, ",\"findings\":[");
        fwrite(b.p, 1, b.n, out);
        fwrite(k.json.p ? k.json.p : "", 1, k.json.n, out);
        fputs("]}\n", out);
        rt_buf_free(&b);
    } else {
        fprintf(out, "%s against %s:\n", P->file, B->file);
        fwrite(k.human.p ? k.human.p : "", 1, k.human.n, out);
        fprintf(out, "%d finding%s\n", k.findings, k.findings == 1 ? "" : "s");
    }
    rt_buf_free(&k.human);
    rt_buf_free(&k.json);
    return k.findings ? 1 : 0;
}
