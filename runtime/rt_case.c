/* rt_case.c: one case's events applied in date order, then its decision: status, stage,
 * refusal, duties with due dates and statuses, windows and notes (SPEC §3, §5). */
#include "rt_internal.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void note(rt_decision *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(rt_decision *d, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    d->notes = rt_xrealloc(d->notes, (size_t)(d->n_notes + 1) * sizeof *d->notes);
    d->notes[d->n_notes++] = rt_xstrndup(tmp, strlen(tmp));
}

static const char *fmt_date(rt_day day, char buf[11])
{
    if (day == RT_NODATE) return "(none)";
    rt_format_date(day, buf);
    return buf;
}

static int event_order(const void *a, const void *b)
{
    const rt_event *x = a, *y = b;
    if (x->date != y->date) return x->date < y->date ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void rt_case_sort_events(rt_case *c)
{
    for (int i = 1; i < c->n_ev; i++) /* most logs arrive in order: check before sorting */
        if (event_order(&c->ev[i - 1], &c->ev[i]) > 0) {
            qsort(c->ev, (size_t)c->n_ev, sizeof *c->ev, event_order);
            return;
        }
}

static void merge_facts(rt_case *c, const rt_event *ev)
{
    for (int i = 0; i < ev->n_facts; i++) c->facts[ev->facts[i].fact] = ev->facts[i].v;
}

static void enter_stage(rt_case *c, int s, rt_day date)
{
    c->stage = s;
    c->st[s].entered = true;
    c->st[s].request = date;
}

/* The escalation window of stage s: from the previous stage's response, if sent. */
static rt_day escalation_closes(const rt_case *c, int s)
{
    const rt_stage_desc *sd = &c->p->stages[s];
    if (s == 0 || sd->entry != RT_ENTRY_REQUEST) return RT_NODATE;
    return rt_add_period(c->cal, c->st[s - 1].response, sd->window_n, sd->window_unit);
}

static void escalate(rt_case *c, const rt_event *ev, rt_decision *d)
{
    const rt_policy *p = c->p;
    char b1[11], b2[11];
    int next = c->stage + 1;
    if (next >= p->n_stages) {
        note(d, "escalation requested on %s, but %s is the last stage", fmt_date(ev->date, b1),
             p->stages[c->stage].id);
        return;
    }
    rt_day closes = escalation_closes(c, next);
    if (c->st[c->stage].response == RT_NODATE)
        note(d, "escalation to %s requested on %s, before the %s response", p->stages[next].id,
             fmt_date(ev->date, b1), p->stages[c->stage].id);
    else if (closes != RT_NODATE && ev->date > closes)
        note(d, "escalation to %s requested on %s, after the window closed on %s (\u00a7%s)",
             p->stages[next].id, fmt_date(ev->date, b1), fmt_date(closes, b2),
             p->stages[next].entry_cite);
    enter_stage(c, next, ev->date);
}

static void apply(rt_case *c, const rt_event *ev, rt_decision *d)
{
    char b1[11], b2[11];
    if (ev->type == RT_EV_FACTS || ev->type == RT_EV_RECEIVED) merge_facts(c, ev);
    if (ev->type == RT_EV_RECEIVED) {
        if (c->received) return; /* a repeat contact adds facts only */
        c->received = true;
        c->receipt = ev->date;
        c->kind = ev->kind;
        enter_stage(c, ev->stage >= 0 ? ev->stage : 0, ev->date);
        return;
    }
    if (ev->type == RT_EV_FACTS) return;
    if (!c->received) {
        note(d, "%s on %s comes before the case was received: ignored", rt_ev_names[ev->type],
             fmt_date(ev->date, b1));
        return;
    }
    rt_stage_state *st = &c->st[c->stage];
    switch (ev->type) {
    case RT_EV_ACKNOWLEDGED:
        if (st->ack == RT_NODATE) st->ack = ev->date;
        break;
    case RT_EV_RESOLVED:
        if (st->resolved == RT_NODATE) st->resolved = ev->date;
        c->resolved_informally = true;
        break;
    case RT_EV_RESPONDED:
        if (st->response == RT_NODATE) {
            st->response = ev->date;
            st->outcome = ev->outcome;
        }
        break;
    case RT_EV_EXTENDED:
        if (ev->until != RT_NODATE) st->ext_until = ev->until;
        else st->ext_days += ev->working_days;
        if (ev->until != RT_NODATE)
            note(d, "%s response extended on %s until %s%s%s", c->p->stages[c->stage].id,
                 fmt_date(ev->date, b1), fmt_date(ev->until, b2), ev->reason ? ": " : "",
                 ev->reason ? ev->reason : "");
        else
            note(d, "%s response extended on %s by %d working days%s%s",
                 c->p->stages[c->stage].id, fmt_date(ev->date, b1), ev->working_days,
                 ev->reason ? ": " : "", ev->reason ? ev->reason : "");
        break;
    case RT_EV_ESCALATION_REQUESTED:
        escalate(c, ev, d);
        break;
    case RT_EV_ESCALATION_REFUSED:
        note(d, "escalation refused on %s%s%s", fmt_date(ev->date, b1), ev->reason ? ": " : "",
             ev->reason ? ev->reason : "");
        if (c->stage > 0 && c->p->stages[c->stage].entry == RT_ENTRY_REQUEST &&
            st->ack == RT_NODATE && st->response == RT_NODATE) {
            c->st[c->stage].entered = false; /* the request did not open the stage after all */
            c->stage--;
        }
        c->escalation_refused = true;
        break;
    case RT_EV_SATISFIED:
        c->satisfied = true;
        break;
    case RT_EV_WITHDRAWN:
        c->withdrawn = true;
        break;
    case RT_EV_REFERRED_OMBUDSMAN: {
        const rt_ombudsman_desc *om = &c->p->ombudsman;
        c->referred = true;
        rt_day opens = om->present ? rt_add_period(c->cal, c->st[om->stage].response, om->n,
                                                   om->unit)
                                   : RT_NODATE;
        if (om->present && (opens == RT_NODATE || ev->date < opens))
            note(d, "referred to the Housing Ombudsman on %s, before the waiting period ended%s%s "
                    "(\u00a7%s)", fmt_date(ev->date, b1), opens == RT_NODATE ? "" : " on ",
                 opens == RT_NODATE ? "" : fmt_date(opens, b2), om->cite);
        else
            note(d, "referred to the Housing Ombudsman on %s", fmt_date(ev->date, b1));
        break;
    }
    default:
        break;
    }
}

static const rt_duty_desc *find_duty(const rt_stage_desc *sd, rt_duty_kind k)
{
    for (int i = 0; i < sd->n_duties; i++)
        if (sd->duties[i].kind == k) return &sd->duties[i];
    return NULL;
}

static rt_day done_date(const rt_stage_state *st, rt_duty_kind k)
{
    return k == RT_DUTY_ACKNOWLEDGE ? st->ack : k == RT_DUTY_RESPOND ? st->response : st->resolved;
}

/* Due date of one duty; when the event it counts from has not happened, it counts from
 * that event's own due date and is provisional (SPEC §3). */
static rt_day duty_due(const rt_case *c, int s, const rt_duty_desc *du, bool *provisional,
                       int depth)
{
    const rt_stage_state *st = &c->st[s];
    rt_day anchor = RT_NODATE;
    rt_duty_kind anchor_duty = RT_DUTY_COUNT;
    switch (du->anchor) {
    case RT_ANCHOR_RECEIPT: anchor = c->receipt; break;
    case RT_ANCHOR_REQUEST: anchor = st->request; break;
    case RT_ANCHOR_ACK: anchor = st->ack; anchor_duty = RT_DUTY_ACKNOWLEDGE; break;
    case RT_ANCHOR_RESPONSE: anchor = st->response; anchor_duty = RT_DUTY_RESPOND; break;
    }
    if (anchor == RT_NODATE && anchor_duty != RT_DUTY_COUNT && depth < RT_DUTY_COUNT) {
        const rt_duty_desc *prev = find_duty(&c->p->stages[s], anchor_duty);
        if (prev) anchor = duty_due(c, s, prev, provisional, depth + 1);
        *provisional = true;
    }
    rt_day due = rt_add_period(c->cal, anchor, du->n, du->unit);
    if (du->kind == RT_DUTY_RESPOND && due != RT_NODATE) {
        if (st->ext_days) due = rt_add_working_days(c->cal, due, st->ext_days);
        if (st->ext_until != RT_NODATE && st->ext_until > due) due = st->ext_until;
    }
    return due;
}

static void list_duties(const rt_case *c, rt_day as_of, bool terminal, rt_decision *d)
{
    const rt_policy *p = c->p;
    int total = 0;
    for (int s = 0; s < p->n_stages; s++)
        if (c->st[s].entered) total += p->stages[s].n_duties;
    d->duties = rt_xalloc((size_t)(total ? total : 1) * sizeof *d->duties);
    for (int s = 0; s < p->n_stages; s++) {
        if (!c->st[s].entered) continue;
        for (int i = 0; i < p->stages[s].n_duties; i++) {
            const rt_duty_desc *du = &p->stages[s].duties[i];
            rt_duty_out *o = &d->duties[d->n_duties++];
            o->stage = s;
            o->kind = du->kind;
            o->provisional = false;
            o->due = duty_due(c, s, du, &o->provisional, 0);
            o->done = done_date(&c->st[s], du->kind);
            o->cite = du->cite;
            if (o->done != RT_NODATE)
                o->status = o->due == RT_NODATE || o->done <= o->due ? "met" : "late";
            else if (terminal)
                o->status = "waived";
            else
                o->status = o->due == RT_NODATE || as_of <= o->due ? "pending" : "overdue";
        }
    }
}

static void list_windows(const rt_case *c, rt_decision *d)
{
    const rt_policy *p = c->p;
    for (int s = 1; s < p->n_stages && d->n_windows < 3; s++) {
        if (p->stages[s].entry != RT_ENTRY_REQUEST || c->st[s - 1].response == RT_NODATE) continue;
        d->windows[d->n_windows++] = (rt_window_out){"escalation", c->st[s - 1].response,
                                                     escalation_closes(c, s),
                                                     p->stages[s].entry_cite};
    }
    const rt_ombudsman_desc *om = &p->ombudsman;
    if (om->present && c->st[om->stage].response != RT_NODATE)
        d->windows[d->n_windows++] = (rt_window_out){
            "ombudsman", rt_add_period(c->cal, c->st[om->stage].response, om->n, om->unit),
            RT_NODATE, om->cite};
}

static const char *closed_or_open(const rt_case *c, rt_day as_of)
{
    const rt_policy *p = c->p;
    if (c->satisfied || c->resolved_informally || c->referred || c->escalation_refused)
        return "closed";
    const rt_stage_state *st = &c->st[c->stage];
    if (st->response == RT_NODATE) return "open";
    if (c->stage + 1 >= p->n_stages) return "closed";
    rt_day closes = escalation_closes(c, c->stage + 1);
    /* Open while the customer may still ask for the next stage. */
    return closes != RT_NODATE && as_of <= closes ? "open" : "closed";
}

static void reset(rt_case *c)
{
    const rt_policy *p = c->p;
    if (!c->facts) {
        c->facts = rt_xalloc((size_t)(p->n_facts ? p->n_facts : 1) * sizeof *c->facts);
        c->st = rt_xalloc((size_t)p->n_stages * sizeof *c->st);
    }
    for (int i = 0; i < p->n_facts; i++) c->facts[i] = rt_unknown();
    for (int s = 0; s < p->n_stages; s++)
        c->st[s] = (rt_stage_state){false, RT_NODATE, RT_NODATE, RT_NODATE, RT_NODATE, -1, 0,
                                    RT_NODATE};
    c->received = c->satisfied = c->withdrawn = c->referred = false;
    c->resolved_informally = c->escalation_refused = false;
    c->receipt = RT_NODATE;
    c->kind = RT_KIND_COMPLAINT;
    c->stage = -1;
}

void rt_case_evaluate(rt_case *c, rt_day as_of, rt_decision *d)
{
    const rt_policy *p = c->p;
    memset(d, 0, sizeof *d);
    d->stage = d->refusal = d->noncomplaint = -1;
    reset(c);
    for (int i = 0; i < c->n_ev; i++)
        if (c->ev[i].date <= as_of) apply(c, &c->ev[i], d); /* later events have not happened */
    if (!c->received) {
        d->status = "open";
        note(d, "no \"received\" event on or before the as-of date: nothing to evaluate");
        return;
    }
    d->stage = c->stage;
    if (c->kind != RT_KIND_COMPLAINT) {
        d->status = "not_a_complaint";
        d->stage = -1;
        for (int i = 0; i < p->n_noncomplaints && d->noncomplaint < 0; i++)
            if (p->noncomplaints[i].kind == c->kind) d->noncomplaint = i;
        if (d->noncomplaint >= 0)
            note(d, "a %s is not a complaint (\u00a7%s)", rt_kind_names[c->kind],
                 p->noncomplaints[d->noncomplaint].cite);
        else
            note(d, "a %s is not a complaint", rt_kind_names[c->kind]);
        return;
    }
    for (int i = 0; i < p->n_refusals && d->refusal < 0; i++)
        if (p->refusals[i].when(c, p->refusals[i].ctx) == RT_TRUE) d->refusal = i;
    if (d->refusal >= 0) d->status = "refused";
    else if (c->withdrawn) d->status = "withdrawn";
    else d->status = closed_or_open(c, as_of);
    list_duties(c, as_of, strcmp(d->status, "open") != 0, d);
    list_windows(c, d);
}

void rt_decision_free(rt_decision *d)
{
    for (int i = 0; i < d->n_notes; i++) rt_free(d->notes[i]);
    rt_free(d->notes);
    rt_free(d->duties);
    memset(d, 0, sizeof *d);
}
