/* rt_case.c: one case's events applied in date order, then its decision: status, stage,
 * refusal, duties with due dates and statuses, windows, compensation and notes (SPEC §3-§5). */
#include "rt_internal.h"
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Counts a rule reached, when coverage is being measured. */
#define HIT(c, field, i)                                                                       \
    do {                                                                                       \
        if ((c)->cov) {                                                                        \
            (c)->cov->field[i]++;                                                              \
            (c)->cov->reached++;                                                               \
        }                                                                                      \
    } while (0)
#define HIT1(c, field)                                                                         \
    do {                                                                                       \
        if ((c)->cov) {                                                                        \
            (c)->cov->field++;                                                                 \
            (c)->cov->reached++;                                                               \
        }                                                                                      \
    } while (0)

static void note(rt_decision *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A note's pattern, split once into its pieces: where each plain run is and how long, and
 * where a %s or %d goes. Notes take only those two, so they are put together here rather
 * than by vsnprintf; and finding each run's end (a strchr a piece) was most of a note's
 * cost, paid again for every note given. The longest pattern below has 9 pieces; one with
 * more is split up to the limit and read on from there as it goes (check-sanitize builds
 * with a limit of 4, so that every test goes that way too). */
#ifndef RT_NOTE_PIECES
#define RT_NOTE_PIECES 12
#endif
#define RT_NOTE_FORM_BITS 6 /* 64 slots, for the twenty patterns below */
struct rt_note_form {
    const char *fmt;
    int n;
    struct {
        char kind; /* 't' text, 's' a string, 'd' an int, '*' the rest, not split */
        uint16_t at, len;
    } piece[RT_NOTE_PIECES];
};

/* The piece at s: a conversion, or text up to the next one. */
static char piece_at(const char *s, size_t *len)
{
    if (*s == '%' && (s[1] == 's' || s[1] == 'd')) return *len = 2, s[1];
    const char *e = strchr(s + 1, '%');
    *len = e ? (size_t)(e - s) : strlen(s);
    return 't';
}

static void note_split(struct rt_note_form *f, const char *fmt)
{
    f->fmt = fmt;
    f->n = 0;
    for (const char *s = fmt; *s; f->n++) {
        size_t len = 0;
        char kind = f->n == RT_NOTE_PIECES - 1 ? '*' : piece_at(s, &len);
        f->piece[f->n].kind = kind;
        f->piece[f->n].at = (uint16_t)(s - fmt);
        f->piece[f->n].len = (uint16_t)len;
        if (kind == '*') {
            f->n++;
            return;
        }
        s += len;
    }
}

/* The split of fmt: patterns are the literals of this file, so a decision keeps each
 * pattern's split in a slot found from its address, as long as the decision is kept. */
static const struct rt_note_form *note_form(rt_decision *d, const char *fmt)
{
    if (!d->note_forms) {
        d->note_forms = rt_xalloc(sizeof *d->note_forms << RT_NOTE_FORM_BITS);
        for (int i = 0; i < 1 << RT_NOTE_FORM_BITS; i++) d->note_forms[i].fmt = NULL;
    }
    uint64_t h = (uint64_t)(uintptr_t)fmt * 0x9E3779B97F4A7C15u;
    struct rt_note_form *f = &d->note_forms[h >> (64 - RT_NOTE_FORM_BITS)];
    if (f->fmt != fmt) note_split(f, fmt);
    return f;
}

/* A conversion's text and length, from the next argument (num holds a number's digits). */
static inline void piece_arg(char kind, const char **text, size_t *len, va_list *ap,
                             char num[RT_INT_TEXT])
{
    if (kind == 's') {
        *text = va_arg(*ap, const char *);
        *len = strlen(*text);
    } else if (kind == 'd') {
        size_t k = rt_int_text(va_arg(*ap, int), num);
        *text = num + k;
        *len = RT_INT_TEXT - k;
    }
}

/* One piece's text into out at o, cut at cap - 1 bytes, as vsnprintf would cut. */
static size_t note_piece(char *out, size_t cap, size_t o, char kind, const char *text,
                         size_t len, va_list *ap)
{
    char num[RT_INT_TEXT];
    piece_arg(kind, &text, &len, ap, num);
    if (len > cap - 1 - o) len = cap - 1 - o;
    memcpy(out + o, text, len);
    return o + len;
}

static size_t note_format(char *out, size_t cap, const struct rt_note_form *f, va_list *ap)
{
    size_t o = 0;
    for (int i = 0; i < f->n && f->piece[i].kind != '*'; i++)
        o = note_piece(out, cap, o, f->piece[i].kind, f->fmt + f->piece[i].at, f->piece[i].len, ap);
    if (f->n && f->piece[f->n - 1].kind == '*') {
        size_t len;
        for (const char *s = f->fmt + f->piece[f->n - 1].at; *s; s += len) {
            char kind = piece_at(s, &len);
            o = note_piece(out, cap, o, kind, s, len, ap);
        }
    }
    out[o] = '\0';
    return o;
}

/* A note's text, whole, into out (NULL: only measured); for the rare note longer than
 * MAX_NOTE bytes (a reason given in the log is the customer's or the officer's own words, of
 * any length). Kept apart from note_format, which is the one inlined into note. */
static size_t __attribute__((noinline, cold)) note_whole(char *out, const char *fmt, va_list *ap)
{
    size_t n = 0, len;
    char num[RT_INT_TEXT];
    for (const char *s = fmt; *s; s += len) {
        char kind = piece_at(s, &len);
        const char *text = s;
        piece_arg(kind, &text, &len, ap, num);
        if (out) memcpy(out + n, text, len);
        n += len;
        if (kind != 't') len = 2; /* the conversion's own length, to step over it */
    }
    if (out) out[n] = '\0';
    return n;
}

/* Notes are written one after another into the decision's note_text; their pointers are
 * set once the case is evaluated (the text may move while it grows). A note is put together
 * in MAX_NOTE bytes; one that fills them is measured and put together again in full. */
static void note(rt_decision *d, const char *fmt, ...)
{
    enum { MAX_NOTE = 512 };
    if (d->n_notes == d->cap_notes) {
        d->cap_notes = d->cap_notes ? d->cap_notes * 2 : 8;
        d->notes = rt_xrealloc(d->notes, (size_t)d->cap_notes * sizeof *d->notes);
    }
    const struct rt_note_form *f = note_form(d, fmt);
    rt_buf *b = &d->note_text;
    if (b->cap - b->n < MAX_NOTE + 1) rt_buf_grow(b, MAX_NOTE);
    d->notes[d->n_notes++] = (char *)(uintptr_t)b->n; /* an offset, for now */
    va_list ap;
    va_start(ap, fmt);
    size_t n = note_format(b->p + b->n, MAX_NOTE, f, &ap);
    va_end(ap);
    if (n == MAX_NOTE - 1) {
        va_start(ap, fmt);
        n = note_whole(NULL, fmt, &ap);
        va_end(ap);
        if (b->cap - b->n < n + 1) rt_buf_grow(b, n);
        va_start(ap, fmt);
        note_whole(b->p + b->n, fmt, &ap);
        va_end(ap);
    }
    b->n += n + 1; /* with its NUL */
}

static void notes_in_place(rt_decision *d)
{
    for (int i = 0; i < d->n_notes; i++) d->notes[i] = d->note_text.p + (uintptr_t)d->notes[i];
}

/* A decision's notes give a few dates each, and a run's fall within a few years: the text of
 * the last date formatted on each day of a 4096-day cycle is kept with the decision. */
#define RT_DAY_TEXT 4096
struct rt_day_text {
    rt_day day;
    char text[11];
};

static const char *fmt_date(rt_decision *d, rt_day day, char buf[11])
{
    if (day == RT_NODATE) return "(none)";
    if (!d->day_text) {
        d->day_text = rt_xalloc(RT_DAY_TEXT * sizeof *d->day_text);
        for (int i = 0; i < RT_DAY_TEXT; i++) d->day_text[i].day = RT_NODATE;
    }
    struct rt_day_text *t = &d->day_text[(unsigned)day % RT_DAY_TEXT];
    if (t->day != day) {
        rt_format_date(day, t->text);
        t->day = day;
    }
    memcpy(buf, t->text, 11); /* the caller's own copy: two dates of one note may share a slot */
    return buf;
}

static int event_order(const void *a, const void *b)
{
    const rt_event *x = a, *y = b;
    if (x->date != y->date) return x->date < y->date ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Most logs arrive in order, and a case has a few events, one or two of them out of place:
 * those are moved back one at a time. A long case out of order is sorted as a whole. */
void rt_case_sort_events(rt_case *c)
{
    for (int i = 1; i < c->n_ev; i++) {
        if (event_order(&c->ev[i - 1], &c->ev[i]) <= 0) continue;
        if (c->n_ev > 32) {
            qsort(c->ev, (size_t)c->n_ev, sizeof *c->ev, event_order);
            return;
        }
        rt_event e = c->ev[i];
        int j = i;
        for (; j > 0 && event_order(&c->ev[j - 1], &e) > 0; j--) c->ev[j] = c->ev[j - 1];
        c->ev[j] = e;
    }
}

static void merge_facts(rt_case *c, const rt_event *ev)
{
    for (int i = 0; i < ev->n_facts; i++) c->facts[ev->more->facts[i].fact] = rt_fact_set_value(&ev->more->facts[i]);
}

static void enter_stage(rt_case *c, int s, rt_day date)
{
    c->stage = s;
    c->st[s].entered = true;
    c->st[s].request = date;
}

/* The escalation window into stage s: from the previous stage's response, if sent. */
static rt_day escalation_closes(const rt_case *c, int s)
{
    const rt_stage_desc *sd = &c->p->stages[s];
    if (s == 0 || !sd->on_request || sd->window_n == 0) return RT_NODATE;
    return rt_add_period(c->cal, c->st[s - 1].response, sd->window_n, sd->window_unit);
}

static rt_day auto_close_date(const rt_case *c, int s)
{
    const rt_stage_desc *sd = &c->p->stages[s];
    if (sd->close_n == 0) return RT_NODATE;
    return rt_add_period(c->cal, c->st[s].response, sd->close_n, sd->close_unit);
}

/* ---- due dates ---- */

typedef struct {
    rt_day due;
    bool provisional;
    int capped_to;       /* the extension was cut back to this many working days, or -1 */
    bool until_idle;     /* an extension "until" a day not past the due date: it moved nothing */
    bool past_calendar;  /* extended past the calendar's last day: no due date can be given */
} due_t;

static due_t duty_due(const rt_case *c, int s, const rt_duty_desc *du, int depth)
{
    const rt_stage_state *st = &c->st[s];
    due_t r = {RT_NODATE, false, -1, false, false};
    rt_day anchor = RT_NODATE;
    rt_duty_kind anchor_duty = RT_DUTY_COUNT;
    switch (du->anchor) {
    case RT_ANCHOR_RECEIPT: anchor = c->receipt; break;
    case RT_ANCHOR_REQUEST: anchor = st->request; break;
    case RT_ANCHOR_ACK: anchor = st->ack; anchor_duty = RT_DUTY_ACKNOWLEDGE; break;
    case RT_ANCHOR_RESPONSE: anchor = st->response; anchor_duty = RT_DUTY_RESPOND; break;
    }
    /* Not happened yet: count from that event's own due date, provisionally (SPEC §3). */
    if (anchor == RT_NODATE && anchor_duty != RT_DUTY_COUNT && depth < RT_DUTY_COUNT) {
        const rt_duty_desc *prev = rt_find_duty(&c->p->stages[s], anchor_duty);
        if (prev) anchor = duty_due(c, s, prev, depth + 1).due;
        r.provisional = true;
    }
    rt_day base = rt_add_period(c->cal, anchor, du->n, du->unit);
    r.due = base;
    if (du->kind != RT_DUTY_RESPOND || base == RT_NODATE) return r;
    if (st->ext_days && (r.due = rt_add_working_days(c->cal, base, st->ext_days)) == RT_NODATE)
        r.due = INT32_MAX; /* past the calendar: later than any limit, until it is said below */
    r.until_idle = st->ext_until != RT_NODATE && st->ext_until <= r.due;
    if (st->ext_until != RT_NODATE && !r.until_idle) r.due = st->ext_until;
    /* An extension past the cap counts only up to it, unless agreed where that is allowed. */
    if (du->ext_max >= 0 && !(st->ext_agreed && du->ext_more_if_agreed)) {
        rt_day limit = rt_add_working_days(c->cal, base, du->ext_max);
        if (r.due != RT_NODATE && limit != RT_NODATE && r.due > limit) {
            r.due = limit;
            r.capped_to = du->ext_max;
            r.until_idle = r.until_idle && st->ext_until <= limit; /* else it too was cut */
        }
    }
    if (r.due == INT32_MAX) { /* thousands of working days, extension on extension */
        r.due = RT_NODATE;
        r.past_calendar = true;
        r.until_idle = false; /* no due date to stand */
    }
    return r;
}

/* The date the stage's own target falls: its resolve duty, or else its respond duty. */
static rt_day target_date(const rt_case *c, int s, rt_day *done)
{
    const rt_stage_desc *sd = &c->p->stages[s];
    const rt_duty_desc *t = rt_find_duty(sd, RT_DUTY_RESOLVE);
    *done = c->st[s].resolved;
    if (!t) {
        t = rt_find_duty(sd, RT_DUTY_RESPOND);
        *done = c->st[s].response;
    }
    if (!t) return RT_NODATE;
    due_t r = duty_due(c, s, t, 0);
    return r.provisional ? RT_NODATE : r.due;
}

/* When the current stage's target passed undone before `date`, the case moves on by itself
 * if the next stage is entered automatically; it enters on the target date. */
static void auto_escalate(rt_case *c, rt_day date, rt_decision *d)
{
    const rt_policy *p = c->p;
    char b[11];
    while (c->stage >= 0 && c->stage + 1 < p->n_stages && p->stages[c->stage + 1].automatic &&
           !c->closed_early) {
        rt_day done, target = target_date(c, c->stage, &done);
        if (target == RT_NODATE || done != RT_NODATE || date <= target) return;
        int next = c->stage + 1;
        c->st[c->stage].left_automatically = true;
        note(d, "the %s target passed on %s: the case moved to %s (\u00a7%s)",
             p->stages[c->stage].id, fmt_date(d, target, b), p->stages[next].id,
             p->stages[next].auto_cite);
        enter_stage(c, next, target);
        HIT(c, automatic, next);
    }
}

static void escalate(rt_case *c, const rt_event *ev, rt_decision *d)
{
    const rt_policy *p = c->p;
    char b1[11], b2[11];
    int next = c->stage + 1;
    if (next >= p->n_stages) {
        note(d, "escalation requested on %s, but %s is the last stage", fmt_date(d, ev->date, b1),
             p->stages[c->stage].id);
        return;
    }
    const rt_stage_desc *sd = &p->stages[next];
    if (!sd->on_request && !sd->automatic) {
        note(d, "escalation to %s requested on %s, but the policy gives no way to ask for it",
             sd->id, fmt_date(d, ev->date, b1));
        return;
    }
    if (sd->reasons_required && ev->reasons == 0) {
        note(d, "escalation to %s requested on %s without reasons, which \u00a7%s requires: "
                "not opened", sd->id, fmt_date(d, ev->date, b1), sd->request_cite);
        return;
    }
    rt_day closes = escalation_closes(c, next);
    if (c->st[c->stage].response == RT_NODATE && sd->window_n > 0)
        note(d, "escalation to %s requested on %s, before the %s response", sd->id,
             fmt_date(d, ev->date, b1), p->stages[c->stage].id);
    else if (closes != RT_NODATE && ev->date > closes)
        note(d, "escalation to %s requested on %s, after the window closed on %s (\u00a7%s)",
             sd->id, fmt_date(d, ev->date, b1), fmt_date(d, closes, b2), sd->request_cite);
    c->st[c->stage].left = true;
    enter_stage(c, next, ev->date);
    HIT(c, request, next);
    /* Asking for the next stage reopens a case the customer had let close. */
    c->resolved_informally = c->satisfied = c->closed_early = c->escalation_refused = false;
}

static void check_includes(const rt_case *c, const rt_event *ev, rt_decision *d)
{
    const rt_stage_desc *sd = &c->p->stages[c->stage];
    if (ev->n_includes < 0 || sd->n_includes == 0) return;
    HIT(c, includes, c->stage);
    const uint8_t *bit = c->inc->bit + c->inc->first[c->stage];
    uint64_t given = ev->more ? ev->more->includes : 0;
    rt_buf *missing = &d->scratch; /* every name left out, however many and long */
    missing->n = 0;
    for (int i = 0; i < sd->n_includes; i++) {
        if (bit[i] == RT_INC_NONE || !((given >> bit[i]) & 1)) {
            if (missing->n) rt_buf_put(missing, ", ", 2);
            rt_buf_puts(missing, sd->includes[i]);
        }
    }
    char b[11];
    if (missing->n)
        note(d, "the %s response on %s left out %s (\u00a7%s)", sd->id, fmt_date(d, ev->date, b),
             missing->p, sd->includes_cite);
}

static void apply_extension(rt_case *c, const rt_event *ev, rt_decision *d)
{
    rt_stage_state *st = &c->st[c->stage];
    char b1[11], b2[11];
    if (ev->until != RT_NODATE && (st->ext_until == RT_NODATE || ev->until > st->ext_until))
        st->ext_until = ev->until;
    st->ext_days = st->ext_days > INT_MAX - ev->working_days ? INT_MAX /* past any calendar */
                                                              : st->ext_days + ev->working_days;
    if (ev->agreed == 1) st->ext_agreed = true;
    const rt_duty_desc *respond = rt_find_duty(&c->p->stages[c->stage], RT_DUTY_RESPOND);
    if (respond && respond->ext_max >= 0) HIT(c, ext, c->stage);
    if (ev->until != RT_NODATE)
        note(d, "%s response extended on %s until %s%s%s%s", c->p->stages[c->stage].id,
             fmt_date(d, ev->date, b1), fmt_date(d, ev->until, b2),
             ev->agreed == 1 ? ", agreed with the customer" : "", rt_event_reason(ev) ? ": " : "",
             rt_event_reason(ev) ? rt_event_reason(ev) : "");
    else
        note(d, "%s response extended on %s by %d working day%s%s%s%s", c->p->stages[c->stage].id,
             fmt_date(d, ev->date, b1), ev->working_days, ev->working_days == 1 ? "" : "s",
             ev->agreed == 1 ? ", agreed with the customer" : "", rt_event_reason(ev) ? ": " : "",
             rt_event_reason(ev) ? rt_event_reason(ev) : "");
    const rt_stage_desc *sd = &c->p->stages[c->stage];
    if (sd->tell)
        note(d, "the customer is to be told of the %s extension: %s (\u00a7%s)", sd->id, sd->tell,
             sd->tell_cite);
}

static void referred(rt_case *c, const rt_event *ev, rt_decision *d)
{
    const rt_ombudsman_desc *om = &c->p->ombudsman;
    char b1[11], b2[11];
    c->referred = true;
    rt_day opens = om->present ? rt_add_period(c->cal, c->st[om->stage].response, om->n, om->unit)
                               : RT_NODATE;
    if (om->present && (opens == RT_NODATE || ev->date < opens))
        note(d, "referred to the Housing Ombudsman on %s, before %s%s (\u00a7%s)",
             fmt_date(d, ev->date, b1),
             opens == RT_NODATE ? "the internal process ended" : "the waiting period ended on ",
             opens == RT_NODATE ? "" : fmt_date(d, opens, b2), om->cite);
    else
        note(d, "referred to the Housing Ombudsman on %s", fmt_date(d, ev->date, b1));
}

static void apply(rt_case *c, const rt_event *ev, rt_decision *d)
{
    char b1[11];
    if (ev->type == RT_EV_FACTS || ev->type == RT_EV_RECEIVED) merge_facts(c, ev);
    if (ev->type == RT_EV_RECEIVED) {
        if (c->received) return; /* a repeat contact adds facts only */
        c->received = true;
        c->receipt = ev->date;
        c->kind = ev->kind;
        enter_stage(c, ev->stage >= 0 ? ev->stage : 0, ev->date);
        if (ev->stage <= 0) HIT(c, receipt, 0);
        return;
    }
    if (ev->type == RT_EV_FACTS) return;
    if (!c->received) {
        note(d, "%s on %s comes before the case was received: ignored", rt_ev_names[ev->type],
             fmt_date(d, ev->date, b1));
        return;
    }
    rt_stage_state *st = &c->st[c->stage];
    switch (ev->type) {
    case RT_EV_ACKNOWLEDGED:
        if (st->ack == RT_NODATE) st->ack = ev->date;
        break;
    case RT_EV_RESOLVED:
        if (st->resolved == RT_NODATE) st->resolved = ev->date;
        c->resolved_informally = c->closed_early = true;
        break;
    case RT_EV_RESPONDED:
        if (st->response == RT_NODATE) {
            st->response = ev->date;
            st->outcome = ev->outcome;
            check_includes(c, ev, d);
        }
        break;
    case RT_EV_EXTENDED: apply_extension(c, ev, d); break;
    case RT_EV_ESCALATION_REQUESTED: escalate(c, ev, d); break;
    case RT_EV_ESCALATION_REFUSED:
        note(d, "escalation refused on %s%s%s", fmt_date(d, ev->date, b1), rt_event_reason(ev) ? ": " : "",
             rt_event_reason(ev) ? rt_event_reason(ev) : "");
        if (c->stage > 0 && c->p->stages[c->stage].on_request && st->ack == RT_NODATE &&
            st->response == RT_NODATE) {
            c->st[c->stage].entered = false; /* the request did not open the stage after all */
            c->stage--;
        }
        c->escalation_refused = true;
        break;
    case RT_EV_SATISFIED: c->satisfied = c->closed_early = true; break;
    case RT_EV_WITHDRAWN: c->withdrawn = c->closed_early = true; break;
    case RT_EV_REFERRED_OMBUDSMAN: referred(c, ev, d); break;
    default: break;
    }
}

/* ---- the decision ---- */

static rt_day done_date(const rt_stage_state *st, rt_duty_kind k)
{
    return k == RT_DUTY_ACKNOWLEDGE ? st->ack : k == RT_DUTY_RESPOND ? st->response : st->resolved;
}

/* Said of a response extended past the calendar: out of the way of every other case. */
#if defined(__GNUC__)
__attribute__((noinline, cold))
#endif
static void past_calendar(const rt_case *c, int s, rt_decision *d)
{
    char b[11];
    note(d, "the %s response extended by %d working day%s in all falls after %s, the last day "
            "the calendar holds: its due date is not known",
         c->p->stages[s].id, c->st[s].ext_days, c->st[s].ext_days == 1 ? "" : "s", fmt_date(d, rt_calendar_last(c->cal), b));
}

static void list_duties(const rt_case *c, rt_day as_of, bool terminal, rt_decision *d)
{
    const rt_policy *p = c->p;
    int total = 0;
    for (int s = 0; s < p->n_stages; s++)
        if (c->st[s].entered) total += p->stages[s].n_duties;
    if (total > d->cap_duties) {
        d->cap_duties = total;
        d->duties = rt_xrealloc(d->duties, (size_t)total * sizeof *d->duties);
    }
    for (int s = 0; s < p->n_stages; s++) {
        if (!c->st[s].entered) continue;
        for (int i = 0; i < p->stages[s].n_duties; i++) {
            const rt_duty_desc *du = &p->stages[s].duties[i];
            rt_duty_out *o = &d->duties[d->n_duties++];
            due_t r = duty_due(c, s, du, 0);
            if (c->cov) HIT(c, duty, c->cov->duty_base[s] + i);
            o->stage = s;
            o->kind = du->kind;
            o->provisional = r.provisional;
            o->due = r.due;
            o->done = done_date(&c->st[s], du->kind);
            o->cite = du->cite;
            if (r.capped_to >= 0)
                note(d, "the %s response extension goes beyond the %d working day%s \u00a7%s allows "
                        "without the customer's agreement: counted up to that limit",
                     p->stages[s].id, r.capped_to, r.capped_to == 1 ? "" : "s", du->ext_cite);
            if (r.until_idle) {
                char b1[11], b2[11];
                note(d, "the %s response extension until %s is not past its due date, %s, "
                        "which stands", p->stages[s].id, fmt_date(d, c->st[s].ext_until, b1),
                     fmt_date(d, r.due, b2));
            }
            if (r.past_calendar) past_calendar(c, s, d);
            if (r.capped_to >= 0 && p->stages[s].tell_beyond)
                note(d, "the customer is to be told of the %s extension beyond its limit: %s (\u00a7%s)",
                     p->stages[s].id, p->stages[s].tell_beyond, p->stages[s].tell_beyond_cite);
            if (o->done != RT_NODATE)
                o->status = o->due == RT_NODATE || o->done <= o->due ? "met" : "late";
            else if (terminal || c->st[s].left_automatically ||
                     (c->st[s].left && du->kind == RT_DUTY_RESOLVE))
                o->status = "waived"; /* an informal target is not owed once the case moves on */
            else
                o->status = o->due == RT_NODATE || as_of <= o->due ? "pending" : "overdue";
        }
    }
}

static void add_window(rt_decision *d, const char *name, rt_day opens, rt_day closes,
                       const char *cite)
{
    d->windows[d->n_windows++] = (rt_window_out){name, opens, closes, cite};
}

/* A restriction of contact (unreasonable behaviour) as a window from its start to its
 * review, and a note once the review is due and the log has not moved it on. */
static void restriction_window(const rt_case *c, rt_day as_of, rt_decision *d)
{
    const rt_restriction_desc *r = &c->p->restriction;
    rt_value from = rt_fact(c, r->from);
    if (!from.known) return;
    HIT1(c, restriction);
    rt_day review = RT_NODATE;
    if (r->review >= 0) {
        rt_value v = rt_fact(c, r->review);
        if (v.known) review = (rt_day)v.i;
    } else if (r->n > 0) {
        review = rt_add_period(c->cal, (rt_day)from.i, r->n, r->unit);
    }
    add_window(d, "restriction", (rt_day)from.i, review, r->cite);
    char b1[11], b2[11];
    if (review != RT_NODATE && as_of > review)
        note(d, "contact restricted from %s was due for review on %s (\u00a7%s)",
             fmt_date(d, (rt_day)from.i, b1), fmt_date(d, review, b2), r->cite);
}

/* At most two windows a stage (to ask for it, and to close it), the Ombudsman's, and a
 * restriction's. */
static void list_windows(const rt_case *c, rt_day as_of, rt_decision *d)
{
    const rt_policy *p = c->p;
    if (2 * p->n_stages + 2 > d->cap_windows) {
        d->cap_windows = 2 * p->n_stages + 2;
        d->windows = rt_xrealloc(d->windows, (size_t)d->cap_windows * sizeof *d->windows);
    }
    for (int s = 0; s < p->n_stages; s++) {
        if (s > 0 && p->stages[s].on_request && p->stages[s].window_n > 0 &&
            c->st[s - 1].response != RT_NODATE)
            add_window(d, "escalation", c->st[s - 1].response, escalation_closes(c, s),
                       p->stages[s].request_cite);
        if (c->st[s].entered && p->stages[s].close_n > 0 && c->st[s].response != RT_NODATE) {
            add_window(d, "auto_close", c->st[s].response, auto_close_date(c, s),
                       p->stages[s].close_cite);
            HIT(c, close, s);
        }
    }
    const rt_ombudsman_desc *om = &p->ombudsman;
    if (om->present && c->st[om->stage].response != RT_NODATE) {
        add_window(d, "ombudsman",
                   rt_add_period(c->cal, c->st[om->stage].response, om->n, om->unit), RT_NODATE,
                   om->cite);
        HIT1(c, ombudsman);
    }
    if (p->restriction.present) restriction_window(c, as_of, d);
}

static const char *closed_or_open(const rt_case *c, rt_day as_of)
{
    const rt_policy *p = c->p;
    if (c->satisfied || c->resolved_informally || c->referred || c->escalation_refused)
        return "closed";
    const rt_stage_state *st = &c->st[c->stage];
    if (st->response == RT_NODATE) return "open";
    if (c->stage + 1 >= p->n_stages) return "closed";
    /* Open while the customer may still ask for the next stage, or until it closes itself. */
    rt_day until = auto_close_date(c, c->stage);
    if (until == RT_NODATE) until = escalation_closes(c, c->stage + 1);
    return until != RT_NODATE && as_of <= until ? "open" : "closed";
}

/* ---- compensation ---- */

static void compensation(const rt_case *c, rt_day as_of, rt_decision *d)
{
    const rt_policy *p = c->p;
    if (!p->n_awards) return;
    if (p->n_awards > d->cap_awards) {
        d->cap_awards = p->n_awards;
        d->awards = rt_xrealloc(d->awards, (size_t)p->n_awards * sizeof *d->awards);
    }
    for (int i = 0; i < p->n_awards; i++) {
        const rt_award_desc *a = &p->awards[i];
        if (a->when && a->when(c, a->ctx) != RT_TRUE) continue;
        rt_award_out o = {i, a->pence, 0};
        if (a->kind == RT_AWARD_FIXED && a->amount_fact >= 0) {
            rt_value v = rt_fact(c, a->amount_fact);
            if (!v.known) continue;
            o.pence = v.i;
        } else if (a->kind == RT_AWARD_DAILY) {
            rt_value from = rt_fact(c, a->from_fact), until = rt_fact(c, a->until_fact);
            if (!from.known) continue;
            rt_day end = until.known ? (rt_day)until.i : as_of;
            if (end > as_of) end = as_of;
            o.days = end > from.i ? (int)(end - from.i) : 0;
            o.pence = a->pence * o.days;
        }
        if (a->cap_pence >= 0 && o.pence > a->cap_pence) o.pence = a->cap_pence;
        if (o.pence <= 0) continue;
        HIT(c, award, i);
        d->awards[d->n_awards++] = o;
        d->total = rt_money_add(d->total, o.pence);
    }
    for (int i = 0; i < p->n_bars && d->n_awards; i++)
        if (p->bars[i].when(c, p->bars[i].ctx) == RT_TRUE) {
            HIT(c, bar, i);
            note(d, "no compensation: %s (\u00a7%s)", p->bars[i].when_text, p->bars[i].cite);
            d->n_awards = 0;
            d->total = 0;
        }
    if (!d->n_awards) return;
    const rt_offset_desc *off = &p->offset;
    d->payable = d->total;
    if (off->present && (!off->when || off->when(c, off->ctx) == RT_TRUE)) {
        rt_value owed = rt_fact(c, off->fact);
        if (owed.known && owed.i > 0) d->offset = owed.i < d->total ? owed.i : d->total;
        if (d->offset) HIT1(c, offset);
        d->payable = d->total - d->offset;
    }
    d->band = -1;
    for (int i = 0; i < p->n_bands && d->band < 0; i++)
        if (d->total >= p->bands[i].from_pence &&
            (p->bands[i].below_pence < 0 || d->total < p->bands[i].below_pence))
            d->band = i;
    if (d->band >= 0) HIT(c, band, d->band);
}

static void reset(rt_case *c)
{
    const rt_policy *p = c->p;
    if (!c->facts) {
        c->facts = rt_xalloc((size_t)(p->n_facts ? p->n_facts : 1) * sizeof *c->facts);
        c->st = rt_xalloc((size_t)p->n_stages * sizeof *c->st);
    }
    /* every fact unknown: rt_unknown() is all zero bits (false, 0, NULL), and one memset of
     * a policy's few dozen was a loop of three stores each */
    memset(c->facts, 0, (size_t)p->n_facts * sizeof *c->facts);
    for (int s = 0; s < p->n_stages; s++)
        c->st[s] = (rt_stage_state){.request = RT_NODATE, .ack = RT_NODATE,
                                    .response = RT_NODATE, .resolved = RT_NODATE, .outcome = -1,
                                    .ext_until = RT_NODATE};
    c->received = c->satisfied = c->withdrawn = c->referred = false;
    c->resolved_informally = c->escalation_refused = c->closed_early = false;
    c->receipt = RT_NODATE;
    c->kind = RT_KIND_COMPLAINT;
    c->stage = -1;
}

/* Which rule, if any, takes the case out of the procedure: another procedure first, then
 * the refusals in the order the policy lists them. */
static void screen(const rt_case *c, rt_decision *d)
{
    const rt_policy *p = c->p;
    for (int i = 0; i < p->n_redirects && d->redirect < 0; i++)
        if (p->redirects[i].when(c, p->redirects[i].ctx) == RT_TRUE) d->redirect = i;
    if (d->redirect >= 0) {
        HIT(c, redirect, d->redirect);
        d->status = "redirected";
        note(d, "outside this procedure (%s, \u00a7%s): %s", p->redirects[d->redirect].name,
             p->redirects[d->redirect].cite, p->redirects[d->redirect].to);
        return;
    }
    for (int i = 0; i < p->n_refusals && d->refusal < 0; i++)
        if (p->refusals[i].when(c, p->refusals[i].ctx) == RT_TRUE) d->refusal = i;
    if (d->refusal >= 0) {
        HIT(c, refusal, d->refusal);
        d->status = "refused";
    }
}

static void evaluate(rt_case *c, rt_day as_of, rt_decision *d);

/* Events dated after today, where the as-of date is today's for want of --as-of: they have
 * not happened, so they are not applied (SPEC section 5), and their date is most likely
 * wrong (a year mistyped, a date read month first), which nothing else would show. With an
 * --as-of given, later events are the ordinary matter of deciding a past day, unremarked. */
#if defined(__GNUC__)
__attribute__((noinline, cold))
#endif
static void future_events(const rt_case *c, rt_day as_of, rt_decision *d)
{
    int n = 0;
    while (n < c->n_ev && c->ev[c->n_ev - 1 - n].date > as_of) n++;
    char b1[11], b2[11];
    const char *first = fmt_date(d, c->ev[c->n_ev - n].date, b1), *today = fmt_date(d, as_of, b2);
    if (n == 1)
        note(d, "an event dated %s, after today (%s), is not applied, as it has not happened "
                "yet: is its date right?", first, today);
    else
        note(d, "%d events dated after today (%s), the first on %s, are not applied, as they "
                "have not happened yet: are their dates right?", n, today, first);
}

void rt_case_evaluate(rt_case *c, rt_day as_of, rt_decision *d)
{
    evaluate(c, as_of, d);
    if (c->as_of_today && c->n_ev && c->ev[c->n_ev - 1].date > as_of) future_events(c, as_of, d);
    if (c->refused_lines) /* the decision may be read where the errors are not */
        note(d, "a line of this case was refused as bad input (see the errors): this decision "
                "is made without it");
    notes_in_place(d);
}

/* A decision emptied for the next case, its buffers kept. Field by field: the whole struct
 * set at once is a `rep stos` over its windows too, whose start is the dearer part. */
static void decision_clear(rt_decision *d)
{
    d->status = NULL;
    d->stage = d->refusal = d->redirect = d->noncomplaint = d->band = -1;
    d->n_duties = d->n_windows = d->n_awards = d->n_notes = 0;
    d->total = d->offset = d->payable = 0;
    d->note_text.n = 0;
}

/* An extension by working days, or an escalation request, given again word for word on the
 * same day, straight after: both count (SPEC §4 applies every event), and the two together
 * move a due date or a stage, which is what a log fed twice (yesterday's export and today's,
 * overlapping) does to every such event. The decision says so; an integrator can tell. */
static bool counts_twice(const rt_event *ev, const rt_event *before)
{
    if (ev->type != before->type || ev->date != before->date) return false;
    if (ev->type == RT_EV_EXTENDED && ev->working_days > 0)
        return ev->working_days == before->working_days && ev->until == before->until &&
               ev->agreed == before->agreed &&
               !strcmp(rt_event_reason(ev) ? rt_event_reason(ev) : "",
                       rt_event_reason(before) ? rt_event_reason(before) : "");
    return ev->type == RT_EV_ESCALATION_REQUESTED && ev->reasons == before->reasons;
}

static void evaluate(rt_case *c, rt_day as_of, rt_decision *d)
{
    const rt_policy *p = c->p;
    decision_clear(d);
    reset(c);
    for (int i = 0; i < c->n_ev && c->ev[i].date <= as_of; i++) { /* later ones have not happened */
        if (c->received) auto_escalate(c, c->ev[i].date, d);
        if (i && counts_twice(&c->ev[i], &c->ev[i - 1])) {
            char b1[11];
            note(d, "the log gives the same %s event of %s twice, and both count: was a log, "
                    "or an export, read twice?", rt_ev_names[c->ev[i].type],
                 fmt_date(d, c->ev[i].date, b1));
        }
        apply(c, &c->ev[i], d);
    }
    if (!c->received) {
        d->status = "open";
        note(d, "no \"received\" event on or before the as-of date: nothing to evaluate");
        return;
    }
    if (c->kind != RT_KIND_COMPLAINT) {
        d->status = "not_a_complaint";
        for (int i = 0; i < p->n_noncomplaints && d->noncomplaint < 0; i++)
            if (p->noncomplaints[i].kind == c->kind) d->noncomplaint = i;
        if (d->noncomplaint >= 0) HIT(c, nonc, d->noncomplaint);
        if (d->noncomplaint >= 0)
            note(d, "%s is not a complaint (\u00a7%s)", rt_kind_words[c->kind],
                 p->noncomplaints[d->noncomplaint].cite);
        else
            note(d, "%s is not a complaint", rt_kind_words[c->kind]);
        return;
    }
    screen(c, d);
    for (int i = 0; i < p->n_advice; i++)
        if (p->advice[i].when(c, p->advice[i].ctx) == RT_TRUE) {
            HIT(c, advice, i);
            note(d, "%s (\u00a7%s)", p->advice[i].text, p->advice[i].cite);
        }
    if (!d->status) {
        auto_escalate(c, as_of, d); /* a target that passed by the as-of date */
        d->status = c->withdrawn ? "withdrawn" : closed_or_open(c, as_of);
    }
    d->stage = c->stage;
    list_duties(c, as_of, strcmp(d->status, "open") != 0, d);
    list_windows(c, as_of, d);
    if (!strcmp(d->status, "open") || !strcmp(d->status, "closed")) compensation(c, as_of, d);
}

void rt_decision_free(rt_decision *d)
{
    rt_free(d->notes);
    rt_buf_free(&d->note_text);
    rt_buf_free(&d->scratch);
    rt_free(d->duties);
    rt_free(d->windows);
    rt_free(d->awards);
    rt_free(d->day_text);
    rt_free(d->note_forms);
    memset(d, 0, sizeof *d);
}

rt_coverage *rt_coverage_new(const rt_policy *p)
{
    rt_coverage *cov = rt_xalloc(sizeof *cov);
    memset(cov, 0, sizeof *cov);
    int n_duties = 0;
    for (int s = 0; s < p->n_stages; s++) n_duties += p->stages[s].n_duties;
#define ZALLOC(field, n) (cov->field = memset(rt_xalloc(sizeof(int) * (size_t)((n) + 1)), 0, \
                                              sizeof(int) * (size_t)((n) + 1)))
    ZALLOC(nonc, p->n_noncomplaints);
    ZALLOC(redirect, p->n_redirects);
    ZALLOC(advice, p->n_advice);
    ZALLOC(refusal, p->n_refusals);
    ZALLOC(award, p->n_awards);
    ZALLOC(bar, p->n_bars);
    ZALLOC(band, p->n_bands);
    ZALLOC(receipt, p->n_stages);
    ZALLOC(request, p->n_stages);
    ZALLOC(automatic, p->n_stages);
    ZALLOC(close, p->n_stages);
    ZALLOC(ext, p->n_stages);
    ZALLOC(includes, p->n_stages);
    ZALLOC(duty, n_duties);
    ZALLOC(duty_base, p->n_stages);
#undef ZALLOC
    for (int s = 1; s < p->n_stages; s++)
        cov->duty_base[s] = cov->duty_base[s - 1] + p->stages[s - 1].n_duties;
    return cov;
}

void rt_coverage_free(rt_coverage *cov)
{
    if (!cov) return;
    int *fields[] = {cov->nonc, cov->redirect, cov->advice, cov->refusal, cov->award, cov->bar,
                     cov->band, cov->receipt, cov->request, cov->automatic, cov->close, cov->ext,
                     cov->includes, cov->duty, cov->duty_base};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) rt_free(fields[i]);
    rt_free(cov);
}
