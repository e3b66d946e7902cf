/* rt_api.c: the engine as a library: feed it events, ask for decisions as structs or JSON.
 * Every engine owns its calendar, cases and strings, so two landlords share nothing. */
#define _POSIX_C_SOURCE 200809L
#include "rt_internal.h"
#include <string.h>

struct rt_engine {
    const rt_policy *p;
    rt_log log;
    long fed;                 /* whole lines read before this call */
    redress_reject_fn on_reject; /* told of every rejection, by its line in the whole log */
    void *on_reject_ud;
    char *error;              /* the first error of the current feed */
    size_t error_len;
    int rejected;
    rt_arena views;           /* decisions of the last decide, and their strings */
    redress_decision *decisions;
    size_t n_decisions;
    rt_quoted *quoted;        /* the policy's strings, quoted for the JSON of each decision */
    rt_buf pending;           /* the last feed's line whose newline has not come yet */
    rt_decision d;            /* decide's, one for every case, reusing its lists */
    rt_buf json;              /* one decision's JSON, before its copy into views */
    bool spent;               /* memory ran out inside a call: only free is left */
};

rt_engine *rt_engine_new(const rt_policy *p)
{
    rt_engine *e = rt_alloc(sizeof *e);
    if (!e) return NULL;
    memset(e, 0, sizeof *e);
    e->p = p;
    /* not rt_policy_calendar, which ends the process when memory runs out */
    rt_calendar *cal = rt_calendar_new_with(p->calendar, p->closures, p->n_closures, p->closed,
                                            p->closed_ctx);
    if (!cal) {
        rt_free(e);
        return NULL;
    }
    e->log = (rt_log){.p = p, .cal = cal};
    return e;
}

static void collect_error(void *ud, const char *file, long line, const char *why)
{
    rt_engine *e = ud;
    (void)file;
    if (!e->rejected++ && e->error && e->error_len)
        snprintf(e->error, e->error_len, "line %ld: %s", line, why);
    if (e->on_reject) e->on_reject(e->on_reject_ud, e->fed + line, why);
}

void rt_engine_on_reject(rt_engine *e, redress_reject_fn fn, void *ud)
{
    e->on_reject = fn;
    e->on_reject_ud = ud;
}

/* Where the text's whole lines end: just past its last newline, or 0. */
static size_t whole_lines(const char *text, size_t len)
{
    while (len && text[len - 1] != '\n') len--;
    return len;
}

/* The first rejection of what is read next goes to error, worded. */
static void collect_into(rt_engine *e, char *error, size_t error_len)
{
    e->error = error;
    e->error_len = error_len;
    e->rejected = 0;
    e->log.on_error = collect_error;
    e->log.on_error_ud = e;
}

/* Runs body with running out of memory caught, so that the program the library is linked
 * into goes on: the engine, its state then half changed, is spent, to be freed and no more
 * (everything it holds is reachable from it, so free frees it). False when caught. */
static bool guarded(rt_engine *e, void (*body)(rt_engine *, const void *), const void *arg)
{
    jmp_buf here, *outer = rt_oom_catch;
    if (setjmp(here)) {
        rt_oom_catch = outer;
        e->spent = true;
        return false;
    }
    rt_oom_catch = &here;
    body(e, arg);
    rt_oom_catch = outer;
    return true;
}

/* What every call on a spent engine returns, as the call memory ran out in did. */
static int spent(char *error, size_t error_len)
{
    if (error && error_len) snprintf(error, error_len, "out of memory");
    return -1;
}

/* One call's reading, body(e, arg): the first rejection worded into error, running out of
 * memory caught. How many lines were rejected, or -1. */
static int reading(rt_engine *e, void (*body)(rt_engine *, const void *), const void *arg,
                   char *error, size_t error_len)
{
    collect_into(e, error, error_len);
    bool ok = guarded(e, body, arg);
    e->error = NULL; /* the caller's buffer is theirs again */
    e->error_len = 0;
    return ok ? e->rejected : spent(error, error_len);
}

typedef struct {
    const char *text;
    size_t len;
} fed_text;

static void feed_body(rt_engine *e, const void *arg)
{
    const char *text = ((const fed_text *)arg)->text;
    size_t len = ((const fed_text *)arg)->len;
    long line = 0;
    size_t from = 0;
    if (e->pending.n) { /* the line the last feed began: to its newline, if this holds it */
        const char *nl = memchr(text, '\n', len);
        from = nl ? (size_t)(nl - text) + 1 : len;
        rt_buf_put(&e->pending, text, from);
        if (nl) {
            rt_log_read_more(&e->log, e->pending.p, e->pending.n, "feed", &line);
            e->pending.n = 0;
        }
    }
    size_t end = from + whole_lines(text + from, len - from);
    rt_log_read_more(&e->log, text + from, end - from, "feed", &line);
    rt_buf_put(&e->pending, text + end, len - end);
    e->fed += line;
}

/* Lines of JSON or CSV (a header row first), going on from the last feed: a line may be
 * split between feeds, and a CSV log's header is kept. Returns how many lines were rejected,
 * or -1 when memory ran out; lines are counted from the start of this feed, a line begun in
 * the last feed as its first. */
int rt_engine_feed(rt_engine *e, const char *text, size_t len, char *error, size_t error_len)
{
    if (error && error_len) error[0] = '\0';
    if (e->spent) return spent(error, error_len);
    if (!text || !len) return 0; /* nothing fed: no pointer to read from, or past */
    return reading(e, feed_body, &(fed_text){text, len}, error, error_len);
}

static const char *copy(rt_arena *a, const char *s)
{
    return s ? rt_arena_strndup(a, s, strlen(s)) : NULL;
}

static const char *date_text(rt_arena *a, rt_day d)
{
    if (d == RT_NODATE) return NULL;
    char s[11];
    rt_format_date(d, s);
    return rt_arena_strndup(a, s, 10);
}

static void view(rt_engine *e, const rt_case *c, const rt_decision *d, rt_day as_of,
                 redress_decision *v)
{
    const rt_policy *p = e->p;
    rt_arena *a = &e->views;
    memset(v, 0, sizeof *v);
    v->case_id = c->id;
    v->case_len = c->id_len;
    v->status = d->status;
    v->stage = d->stage >= 0 ? p->stages[d->stage].id : NULL;
    if (d->refusal >= 0) {
        v->refusal_rule = p->refusals[d->refusal].name;
        v->refusal_reason = p->refusals[d->refusal].reason;
        v->refusal_cite = p->refusals[d->refusal].cite;
    }
    redress_duty *duties = rt_arena_alloc(a, sizeof *duties * (size_t)(d->n_duties + 1));
    for (int i = 0; i < d->n_duties; i++) {
        const rt_duty_out *o = &d->duties[i];
        duties[i] = (redress_duty){p->stages[o->stage].id, rt_duty_names[o->kind],
                                   date_text(a, o->due), date_text(a, o->done), o->status, o->cite,
                                   o->provisional};
    }
    v->duties = duties;
    v->n_duties = (size_t)d->n_duties;
    const char **notes = rt_arena_alloc(a, sizeof *notes * (size_t)(d->n_notes + 1));
    for (int i = 0; i < d->n_notes; i++) notes[i] = copy(a, d->notes[i]);
    v->notes = notes;
    v->n_notes = (size_t)d->n_notes;
    v->compensation_pence = d->total;
    v->payable_pence = d->payable;
    v->lines_refused = c->refused_lines != 0;
    rt_buf *b = &e->json;
    b->n = 0;
    rt_write_decision_json(b, p, c, as_of, d, e->quoted);
    if (b->n && b->p[b->n - 1] == '\n') b->n--;
    v->json = rt_arena_strndup(a, b->p ? b->p : "", b->n);
}

/* A last line no newline ended, read now as line 1 (as decide would read it). */
static void end_body(rt_engine *e, const void *arg)
{
    (void)arg;
    long line = 0;
    rt_log_read_more(&e->log, e->pending.p, e->pending.n, "feed", &line);
    e->pending.n = 0;
    e->fed += line;
}

/* The log is whole: its last line, if no newline ended it, is read now; returns 0, or 1 with
 * the reason copied into error, or -1 when memory ran out. */
int rt_engine_end(rt_engine *e, char *error, size_t error_len)
{
    if (error && error_len) error[0] = '\0';
    if (e->spent) return spent(error, error_len);
    if (!e->pending.n) return 0;
    return reading(e, end_body, NULL, error, error_len);
}

static void decide_body(rt_engine *e, const void *arg)
{
    rt_day day = *(const rt_day *)arg;
    if (e->pending.n) end_body(e, NULL); /* a last line with no newline, if end was not
                                            called: its error told to on_reject alone */
    rt_arena_reset(&e->views);
    e->n_decisions = 0; /* until they are all made */
    if (!e->quoted) e->quoted = rt_quoted_new();
    redress_decision *all = rt_arena_alloc(&e->views, sizeof *all * (e->log.n_cases + 1));
    for (size_t i = 0; i < e->log.n_cases; i++) {
        rt_case *c = rt_log_case_at(&e->log, i);
        rt_log_decide(&e->log, c, day, &e->d);
        view(e, c, &e->d, day, &all[i]);
    }
    e->decisions = all;
    e->n_decisions = e->log.n_cases;
}

/* Decides every case as of a date (YYYY-MM-DD); returns how many, or (size_t)-1 for a bad
 * date or when memory ran out (feed and end then return -1). */
size_t rt_engine_decide(rt_engine *e, const char *as_of)
{
    rt_day day;
    if (e->spent || !as_of || !rt_parse_date(as_of, strlen(as_of), &day)) return (size_t)-1;
    return reading(e, decide_body, &day, NULL, 0) < 0 ? (size_t)-1 : e->n_decisions;
}

const redress_decision *rt_engine_decision(const rt_engine *e, size_t i)
{
    return i < e->n_decisions ? &e->decisions[i] : NULL;
}

void rt_engine_free(rt_engine *e)
{
    if (!e) return;
    rt_calendar_free(e->log.cal);
    rt_log_free(&e->log);
    rt_arena_reset(&e->views);
    rt_quoted_free(e->quoted);
    rt_buf_free(&e->pending);
    rt_decision_free(&e->d);
    rt_buf_free(&e->json);
    rt_free(e);
}
