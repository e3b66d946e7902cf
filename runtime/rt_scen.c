/* rt_scen.c: runs the scenarios written in a policy file against this engine and says,
 * for each failed expectation, what was expected, what came out, and the policy line. */
#include "rt_internal.h"
#include <string.h>

static int index_of(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], s)) return i;
    return -1;
}

/* "a b c", the scenario form of a response's "includes" list, as the policy's bits; *n is
 * set to the number of names. */
static uint64_t include_words(const rt_inc_names *m, const char *s, int16_t *n)
{
    uint64_t bits = 0;
    *n = 0;
    while (*s) {
        size_t len = strcspn(s, " ");
        if (len) bits |= rt_inc_mask(m, s, len), ++*n;
        s += len + (s[len] == ' ');
    }
    return bits;
}

typedef struct {
    rt_event_more more;
    rt_fact_set *facts;
} scn_store;

static rt_event to_event(const rt_policy *p, const rt_inc_names *inc, const rt_scn_event *se,
                         uint32_t seq, scn_store *store)
{
    rt_event ev = {.date = se->date, .seq = seq, .stage = -1, .outcome = -1, .agreed = -1,
                   .reasons = -1, .until = RT_NODATE, .kind = RT_KIND_COMPLAINT,
                   .more = &store->more, .n_includes = -1};
    store->more = (rt_event_more){.facts = store->facts};
    rt_fact_set *facts = store->facts;
    ev.type = (rt_ev_type)index_of(rt_ev_names, RT_EV_COUNT, se->type);
    for (int i = 0; i < se->n_fields; i++) {
        const rt_scn_field *f = &se->fields[i];
        if (f->fact >= 0) {
            bool text = p->facts[f->fact].type == RT_T_TEXT;
            rt_value v = !f->known ? rt_unknown() : text ? rt_known_text(f->s) : rt_known_int(f->i);
            facts[ev.n_facts++] = rt_fact_set_of(f->fact, v, text);
        } else if (!strcmp(f->key, "kind")) {
            ev.kind = (rt_kind)index_of(rt_kind_names, RT_KIND_COUNT, f->s);
        } else if (!strcmp(f->key, "stage")) {
            for (int s = 0; s < p->n_stages; s++)
                if (!strcmp(p->stages[s].id, f->s)) ev.stage = s;
        } else if (!strcmp(f->key, "outcome")) {
            ev.outcome = index_of(rt_outcome_names, 3, f->s);
        } else if (!strcmp(f->key, "working_days")) {
            ev.working_days = (int)f->i;
        } else if (!strcmp(f->key, "until")) {
            ev.until = (rt_day)f->i;
        } else if (!strcmp(f->key, "agreed")) {
            ev.agreed = (int)f->i;
        } else if (!strcmp(f->key, "reasons")) {
            ev.reasons = (int)f->i;
        } else if (!strcmp(f->key, "reason")) {
            store->more.reason = f->s;
        } else if (!strcmp(f->key, "includes")) {
            store->more.includes = include_words(inc, f->s, &ev.n_includes);
        }
    }
    return ev;
}

static const char *money(int64_t pence, char buf[32])
{
    snprintf(buf, 32, "\u00a3%lld.%02lld", (long long)(pence / 100), (long long)(pence % 100));
    return buf;
}

static const char *date_or_none(rt_day d, char buf[11])
{
    if (d == RT_NODATE) return "none";
    rt_format_date(d, buf);
    return buf;
}

static bool bank_holiday(const rt_policy *p, rt_day day)
{
    rt_day h[16];
    int y, m, dd;
    rt_day_to_ymd(day, &y, &m, &dd);
    int n = rt_bank_holidays(p->calendar, y, h);
    for (int i = 0; i < n; i++)
        if (h[i] == day) return true;
    return false;
}

/* A due date expected one or two days off is most often a bank holiday or a closure day
 * counted as a working day, or forgotten: each weekday from one date to the other that is not
 * a working day is named, so the author sees which. Weekends go without saying. */
static void days_off_between(const rt_policy *p, const rt_calendar *cal, rt_day a, rt_day b,
                             rt_buf *got)
{
    if (a == RT_NODATE || b == RT_NODATE || a == b) return;
    if (a > b) { rt_day t = a; a = b; b = t; }
    if (b - a > 31) return;
    const char *sep = "; not working days between them: ";
    for (rt_day day = a; day <= b; day++) {
        if (rt_weekday(day) >= 5 || rt_is_working_day(cal, day)) continue;
        char buf[11];
        rt_format_date(day, buf);
        rt_buf_printf(got, "%s%s (%s)", sep, buf, bank_holiday(p, day) ? "a bank holiday"
                                                                         : "a closure day");
        sep = ", ";
    }
}

/* Checks one expectation; on failure writes what came out into got. */
static bool check(const rt_policy *p, const rt_calendar *cal, const rt_decision *d,
                  const rt_scn_expect *e, rt_buf *got)
{
    char b[11], b2[32];
    switch (e->kind) {
    case RT_EXPECT_STATUS:
        rt_buf_printf(got, "status %s", d->status);
        return !strcmp(d->status, e->text);
    case RT_EXPECT_STAGE:
        rt_buf_printf(got, "stage %s", d->stage >= 0 ? p->stages[d->stage].id : "none");
        return d->stage >= 0 && !strcmp(p->stages[d->stage].id, e->text);
    case RT_EXPECT_REFUSAL: /* text NULL: expects no refusal */
        rt_buf_printf(got, "refusal %s", d->refusal >= 0 ? p->refusals[d->refusal].name : "none");
        if (!e->text) return d->refusal < 0;
        return d->refusal >= 0 && !strcmp(p->refusals[d->refusal].name, e->text);
    case RT_EXPECT_NOTE:
        for (int i = 0; i < d->n_notes; i++)
            if (strstr(d->notes[i], e->text)) return true;
        rt_buf_printf(got, "%d note%s, none containing it", d->n_notes, d->n_notes == 1 ? "" : "s");
        for (int i = 0; i < d->n_notes; i++) /* the words to expect are among them, most often */
            rt_buf_printf(got, "%s\"%s\"", i ? ", " : ": ", d->notes[i]);
        return false;
    case RT_EXPECT_DUE:
    case RT_EXPECT_DUTY_STATUS:
        for (int i = 0; i < d->n_duties; i++) {
            const rt_duty_out *o = &d->duties[i];
            if (strcmp(p->stages[o->stage].id, e->stage) || strcmp(rt_duty_names[o->kind], e->name))
                continue;
            if (e->kind == RT_EXPECT_DUE) {
                rt_buf_printf(got, "due %s", date_or_none(o->due, b));
                if (o->due == e->date) return true;
                const rt_duty_desc *du = rt_find_duty(&p->stages[o->stage], o->kind);
                if (du && du->unit == RT_WORKING_DAYS) /* else holidays move nothing */
                    days_off_between(p, cal, o->due, e->date, got);
                return false;
            }
            rt_buf_printf(got, "%s", o->status);
            return !strcmp(o->status, e->text);
        }
        rt_buf_printf(got, "no such duty on the case");
        for (int i = 0; i < d->n_duties; i++)
            rt_buf_printf(got, "%s%s %s", i ? ", " : " (it has ", p->stages[d->duties[i].stage].id,
                          rt_duty_names[d->duties[i].kind]);
        rt_buf_puts(got, d->n_duties ? ")" : " (it has none)");
        return false;
    case RT_EXPECT_AWARD:
        for (int i = 0; i < d->n_awards; i++)
            if (!strcmp(p->awards[d->awards[i].award].name, e->name)) {
                rt_buf_printf(got, "%s %s", e->name, money(d->awards[i].pence, b2));
                return d->awards[i].pence == e->pence;
            }
        rt_buf_printf(got, "no %s award", e->name);
        for (int i = 0; i < d->n_awards; i++)
            rt_buf_printf(got, "%s%s %s", i ? ", " : " (it has ", p->awards[d->awards[i].award].name,
                          money(d->awards[i].pence, b2));
        rt_buf_puts(got, d->n_awards ? ")" : " (it has none)");
        return false;
    case RT_EXPECT_TOTAL:
        rt_buf_printf(got, "total %s", money(d->total, b2));
        return d->total == e->pence;
    case RT_EXPECT_PAYABLE:
        rt_buf_printf(got, "payable %s", money(d->payable, b2));
        return d->payable == e->pence;
    case RT_EXPECT_APPROVAL:
        rt_buf_printf(got, "approval by %s", d->band >= 0 ? p->bands[d->band].who : "nobody");
        return d->band >= 0 && !strcmp(p->bands[d->band].who, e->text);
    case RT_EXPECT_WINDOW_OPENS:
    case RT_EXPECT_WINDOW_CLOSES:
        for (int i = 0; i < d->n_windows; i++) {
            if (strcmp(d->windows[i].name, e->name)) continue;
            rt_day day = e->kind == RT_EXPECT_WINDOW_OPENS ? d->windows[i].opens
                                                            : d->windows[i].closes;
            rt_buf_printf(got, "%s", date_or_none(day, b));
            return day == e->date;
        }
        rt_buf_printf(got, "no %s window on the case", e->name);
        for (int i = 0; i < d->n_windows; i++)
            rt_buf_printf(got, "%s%s", i ? ", " : " (it has ", d->windows[i].name);
        rt_buf_puts(got, d->n_windows ? ")" : " (it has none)");
        return false;
    }
    return false;
}

static const char *expected(const rt_scn_expect *e, rt_buf *buf)
{
    static const char *const what[] = {"status", "stage", "refusal", "due", "", "opens",
                                       "closes", "a note containing", "", "total", "payable",
                                       "approval by"};
    char d[11], m[32];
    if (e->kind == RT_EXPECT_AWARD || e->kind == RT_EXPECT_TOTAL || e->kind == RT_EXPECT_PAYABLE) {
        rt_buf_printf(buf, "%s %s", e->kind == RT_EXPECT_AWARD ? e->name : what[e->kind],
                 money(e->pence, m));
        return buf->p;
    }
    if (e->kind == RT_EXPECT_DUE || e->kind == RT_EXPECT_WINDOW_OPENS ||
        e->kind == RT_EXPECT_WINDOW_CLOSES)
        rt_buf_printf(buf, "%s%s%s %s", e->name && e->kind != RT_EXPECT_DUE ? e->name : "",
                 e->kind != RT_EXPECT_DUE ? " " : "", what[e->kind], date_or_none(e->date, d));
    else if (e->kind == RT_EXPECT_REFUSAL && !e->text)
        rt_buf_printf(buf, "no refusal");
    else if (e->kind == RT_EXPECT_DUTY_STATUS) /* a word, as the duty's status is given */
        rt_buf_printf(buf, "%s", e->text);
    else
        rt_buf_printf(buf, "%s \"%s\"", what[e->kind], e->text);
    return buf->p;
}

static bool run_one(const rt_policy *p, const rt_calendar *cal, const rt_inc_names *inc,
                    const rt_scenario *s, FILE *out, rt_coverage *cov)
{
    rt_case c = {.p = p, .cal = cal, .inc = inc, .id = s->name, .id_len = strlen(s->name),
                 .cov = cov};
    int n_facts = 0;
    for (int i = 0; i < s->n_events; i++) n_facts += s->events[i].n_fields;
    rt_fact_set *facts = rt_xalloc((size_t)(n_facts ? n_facts : 1) * sizeof *facts);
    scn_store *stores = rt_xalloc((size_t)(s->n_events ? s->n_events : 1) * sizeof *stores);
    c.ev = rt_xalloc((size_t)(s->n_events ? s->n_events : 1) * sizeof *c.ev);
    int used = 0;
    for (int i = 0; i < s->n_events; i++) {
        stores[i].facts = facts + used;
        c.ev[c.n_ev++] = to_event(p, inc, &s->events[i], (uint32_t)i, &stores[i]);
        used += c.ev[i].n_facts;
    }
    rt_case_sort_events(&c);
    rt_decision d = {0};
    rt_case_evaluate(&c, s->as_of, &d);
    bool ok = true;
    rt_buf got = {0}, want = {0}; /* whole, however long the names and texts */
    for (int i = 0; i < s->n_expects; i++) {
        const rt_scn_expect *e = &s->expects[i];
        got.n = want.n = 0;
        if (!check(p, cal, &d, e, &got)) {
            if (ok) fprintf(out, "FAIL %s (%s:%d)\n", s->name, p->source_file, s->line);
            ok = false;
            bool duty = e->kind == RT_EXPECT_DUE || e->kind == RT_EXPECT_DUTY_STATUS;
            fprintf(out, "  %s:%d: %s%s%s%sexpected %s, got %s\n", p->source_file, e->line,
                    duty ? e->stage : "", duty ? " " : "", duty ? e->name : "", duty ? ": " : "",
                    expected(e, &want), got.p);
        }
    }
    rt_buf_free(&got);
    rt_buf_free(&want);
    if (ok) fprintf(out, "ok   %s\n", s->name);
    rt_decision_free(&d);
    rt_free(c.ev);
    rt_free(c.facts);
    rt_free(c.st);
    rt_free(facts);
    rt_free(stores);
    return ok;
}

int rt_run_scenarios_covered(const rt_policy *p, FILE *out, rt_coverage *cov, bool *empty)
{
    int failed = 0;
    rt_calendar *cal = rt_policy_calendar(p);
    rt_inc_names inc;
    rt_inc_names_build(&inc, p);
    for (int i = 0; i < p->n_scenarios; i++) {
        if (cov) cov->reached = 0;
        failed += !run_one(p, cal, &inc, &p->scenarios[i], out, cov);
        if (cov && empty) empty[i] = cov->reached == 0;
    }
    rt_inc_names_free(&inc);
    rt_calendar_free(cal);
    fprintf(out, "%d passed, %d failed\n", p->n_scenarios - failed, failed);
    return failed;
}

int rt_run_scenarios(const rt_policy *p, FILE *out)
{
    return rt_run_scenarios_covered(p, out, NULL, NULL);
}
