/* rt_out.c: the decision writers: SPEC §5 JSON (always valid, whatever bytes a case id
 * holds) and a plain table for people reading a terminal. */
#include "rt_internal.h"
#include <string.h>

static void json_str(rt_buf *b, const char *s)
{
    if (s) rt_buf_json_string(b, s, strlen(s));
    else rt_buf_puts(b, "null");
}

/* The policy's own strings (stage ids, statuses, citations, names) recur in every decision;
 * each is quoted once and kept here, by its address: they live as long as the policy. A
 * direct-mapped table: a string that collides with another is quoted again, never wrong. */
#define RT_QUOTED 512
/* Dates too: a decision's cluster within months, and a run's within years, so the last
 * one written on each day of a 4096-day cycle (eleven years) is kept, quoted. */
#define RT_DATES 4096
/* And whole runs of a decision (see frag_put below): 2^8 sets of two, the newest first. A
 * run found in neither is built into the first, and the older of the two is let go. A
 * policy has a few dozen runs in use; in a direct-mapped table two that collide were built
 * again each time the other was used (Southway built a duty's tail again for one in seven). */
#ifndef RT_FRAG_BITS
#define RT_FRAG_BITS 8
#endif
typedef struct {
    const rt_policy *p;
    rt_day as_of;
    const void *x; /* the decision, duty or window the run is of */
} frag_src;
typedef void frag_build(rt_buf *t, const frag_src *src, rt_quoted *q);
struct rt_quoted {
    struct { const char *s; char *json; size_t len; } slot[RT_QUOTED];
    struct { rt_day day; char json[12]; } date[RT_DATES];
    struct rt_frag {
        frag_build *build;
        uintptr_t k[3];
        char *json;
        size_t len;
    } frag[2 << RT_FRAG_BITS];
    rt_buf str_text, frag_text; /* where each text is built, kept: freed with q, should
                                   memory run out part way (a library's call goes on) */
};

rt_quoted *rt_quoted_new(void)
{
    rt_quoted *q = rt_xalloc(sizeof *q);
    memset(q, 0, sizeof *q);
    for (int i = 0; i < RT_DATES; i++) q->date[i].day = RT_NODATE; /* matches no date */
    return q;
}

static void date_str(rt_buf *b, rt_day d, rt_quoted *q)
{
    if (!q || d == RT_NODATE) {
        rt_buf_date(b, d);
        return;
    }
    unsigned i = (unsigned)d % RT_DATES;
    if (q->date[i].day != d) {
        rt_format_date(d, q->date[i].json + 1); /* ten digits and dashes, then a NUL */
        q->date[i].json[0] = q->date[i].json[11] = '"';
        q->date[i].day = d;
    }
    rt_buf_put(b, q->date[i].json, 12);
}

void rt_quoted_free(rt_quoted *q)
{
    if (!q) return;
    for (int i = 0; i < RT_QUOTED; i++) rt_free(q->slot[i].json);
    for (int i = 0; i < 2 << RT_FRAG_BITS; i++) rt_free(q->frag[i].json);
    rt_buf_free(&q->str_text);
    rt_buf_free(&q->frag_text);
    rt_free(q);
}

/* The text built in t, copied out to be kept (with pad bytes set after it), and t emptied
 * for the next. */
static char *kept(rt_buf *t, size_t pad)
{
    char *s = rt_xalloc(t->n + pad + 1);
    if (t->n) memcpy(s, t->p, t->n);
    memset(s + t->n, 0, pad + 1);
    t->n = 0;
    return s;
}

static void policy_str(rt_buf *b, const char *s, rt_quoted *q)
{
    if (!s || !q) {
        json_str(b, s);
        return;
    }
    size_t h = (size_t)(((uint64_t)(uintptr_t)s * 0x9E3779B97F4A7C15u) >> 55); /* 9 bits */
    if (q->slot[h].s != s) {
        rt_buf_json_string(&q->str_text, s, strlen(s));
        size_t len = q->str_text.n;
        char *json = kept(&q->str_text, 32); /* room to copy 32 bytes from, all of them set */
        rt_free(q->slot[h].json);
        q->slot[h].s = s;
        q->slot[h].json = json;
        q->slot[h].len = len;
    }
    size_t len = q->slot[h].len;
    if (len > 32) {
        rt_buf_put(b, q->slot[h].json, len);
        return;
    }
    if (b->cap - b->n < 33) rt_buf_grow(b, 32);
    memcpy(b->p + b->n, q->slot[h].json, 32); /* a fixed copy, no call: the kept text has room */
    b->n += len;
    b->p[b->n] = '\0';
}

/* ---- fragments: the runs of a decision's JSON that hold only the policy's strings ----
 * A decision is mostly the same few runs of text: its start after the case id, each duty's
 * stage and name before its due date, its status and citation after its done date. Each run
 * is written once by the builders below and kept by the addresses of the strings it holds
 * (which live as long as the policy), so a decision is a few copies, its id and its dates. */

/* A member: its key and what comes before it, then one of the policy's strings, quoted. */
static void field(rt_buf *t, const char *key, const char *s, rt_quoted *q)
{
    rt_buf_puts(t, key);
    policy_str(t, s, q);
}

static void head_build(rt_buf *t, const frag_src *src, rt_quoted *q)
{
    const rt_policy *p = src->p;
    const rt_decision *d = src->x;
    field(t, ",\"policy\":", p->id, q);
    rt_buf_puts(t, ",\"as_of\":");
    date_str(t, src->as_of, q);
    field(t, ",\"status\":", d->status, q);
    field(t, ",\"stage\":", d->stage >= 0 ? p->stages[d->stage].id : NULL, q);
    rt_buf_puts(t, ",\"refusal\":");
    if (d->refusal >= 0) {
        const rt_refusal_desc *r = &p->refusals[d->refusal];
        field(t, "{\"rule\":", r->name, q);
        field(t, ",\"reason\":", r->reason, q);
        field(t, ",\"cite\":", r->cite, q);
        rt_buf_putc(t, '}');
    } else {
        rt_buf_puts(t, "null");
    }
    rt_buf_puts(t, ",\"duties\":[");
}

static void duty_head_build(rt_buf *t, const frag_src *src, rt_quoted *q)
{
    const rt_duty_out *o = src->x;
    field(t, "{\"stage\":", src->p->stages[o->stage].id, q);
    field(t, ",\"duty\":", rt_duty_names[o->kind], q);
    rt_buf_puts(t, ",\"due\":");
}

static void duty_tail_build(rt_buf *t, const frag_src *src, rt_quoted *q)
{
    const rt_duty_out *o = src->x;
    field(t, ",\"status\":", o->status, q);
    rt_buf_puts(t, o->provisional ? ",\"provisional\":true" : ",\"provisional\":false");
    field(t, ",\"cite\":", o->cite, q);
    rt_buf_putc(t, '}');
}

static void window_head_build(rt_buf *t, const frag_src *src, rt_quoted *q)
{
    const rt_window_out *w = src->x;
    field(t, "{\"name\":", w->name, q);
    rt_buf_puts(t, ",\"opens\":");
}

static void window_tail_build(rt_buf *t, const frag_src *src, rt_quoted *q)
{
    const rt_window_out *w = src->x;
    field(t, ",\"cite\":", w->cite, q);
    rt_buf_putc(t, '}');
}

static inline bool frag_is(const struct rt_frag *f, frag_build *build, uintptr_t k0, uintptr_t k1,
                           uintptr_t k2)
{
    return f->build == build && f->k[0] == k0 && f->k[1] == k1 && f->k[2] == k2;
}

/* The run that build writes for src, whose text depends only on the keys k (and on the
 * builder, which is a key too). Without a table (q NULL) it is written straight out. */
static void frag_put(rt_buf *b, rt_quoted *q, frag_build *build, const frag_src *src,
                     uintptr_t k0, uintptr_t k1, uintptr_t k2)
{
    if (!q) {
        build(b, src, q);
        return;
    }
    uint64_t h = (uint64_t)(uintptr_t)build ^ k0 * 0x9E3779B97F4A7C15u;
    h = (h ^ k1) * 0xC2B2AE3D27D4EB4Fu;
    h = (h ^ k2) * 0x9E3779B97F4A7C15u;
    struct rt_frag *set = &q->frag[(h >> (64 - RT_FRAG_BITS)) * 2], *f = set;
    if (!frag_is(f, build, k0, k1, k2) && !frag_is(++f, build, k0, k1, k2)) {
        build(&q->frag_text, src, q); /* into the first of the set; the one there before
                                         goes second */
        size_t len = q->frag_text.n;
        char *json = kept(&q->frag_text, 0);
        rt_free(set[1].json);
        set[1] = set[0];
        set[0] = (struct rt_frag){build, {k0, k1, k2}, json, len};
        f = set;
    }
    rt_buf_put(b, f->json, f->len);
}

static uintptr_t key(const void *s) { return (uintptr_t)s; }

void rt_write_decision_json(rt_buf *b, const rt_policy *p, const rt_case *c, rt_day as_of,
                            const rt_decision *d, rt_quoted *q)
{
    frag_src src = {p, as_of, d};
    rt_buf_puts(b, "{\"case\":");
    rt_buf_json_string(b, c->id, c->id_len);
    frag_put(b, q, head_build, &src, key(d->status), (uintptr_t)d->stage,
             (uintptr_t)d->refusal ^ (uintptr_t)as_of << 32);
    for (int i = 0; i < d->n_duties; i++) {
        const rt_duty_out *o = &d->duties[i];
        src.x = o;
        if (i) rt_buf_putc(b, ',');
        frag_put(b, q, duty_head_build, &src, (uintptr_t)o->stage, (uintptr_t)o->kind, 0);
        date_str(b, o->due, q);
        rt_buf_puts(b, ",\"done\":");
        date_str(b, o->done, q);
        frag_put(b, q, duty_tail_build, &src, key(o->status), key(o->cite), o->provisional);
    }
    rt_buf_puts(b, "],\"windows\":[");
    for (int i = 0; i < d->n_windows; i++) {
        const rt_window_out *w = &d->windows[i];
        src.x = w;
        if (i) rt_buf_putc(b, ',');
        frag_put(b, q, window_head_build, &src, key(w->name), 0, 0);
        date_str(b, w->opens, q);
        rt_buf_puts(b, ",\"closes\":");
        date_str(b, w->closes, q);
        frag_put(b, q, window_tail_build, &src, key(w->cite), 0, 0);
    }
    rt_buf_puts(b, "],\"compensation\":[");
    for (int i = 0; i < d->n_awards; i++) {
        const rt_award_desc *a = &p->awards[d->awards[i].award];
        if (i) rt_buf_putc(b, ',');
        field(b, "{\"name\":", a->name, q);
        rt_buf_int(b, ",\"pence\":", d->awards[i].pence);
        if (a->kind == RT_AWARD_DAILY) rt_buf_int(b, ",\"days\":", d->awards[i].days);
        field(b, ",\"cite\":", a->cite, q);
        rt_buf_putc(b, '}');
    }
    if (d->n_awards) {
        rt_buf_int(b, ",{\"name\":\"total\",\"pence\":", d->total);
        rt_buf_int(b, ",\"offset_pence\":", d->offset);
        rt_buf_int(b, ",\"payable_pence\":", d->payable);
        field(b, ",\"approval\":", d->band >= 0 ? p->bands[d->band].who : NULL, q);
        field(b, ",\"cite\":", d->band >= 0 ? p->bands[d->band].cite : NULL, q);
        rt_buf_putc(b, '}');
    }
    rt_buf_puts(b, "],\"notes\":[");
    for (int i = 0; i < d->n_notes; i++) {
        if (i) rt_buf_putc(b, ',');
        json_str(b, d->notes[i]);
    }
    rt_buf_puts(b, "]}\n");
}

const char rt_decision_csv_header[] =
    "case,status,stage,refusal,refusal_cite,duty_stage,duty,due,done,duty_status,provisional,cite,"
    "notes\n";

static void csv_text(rt_buf *b, const char *s)
{
    rt_buf_putc(b, ',');
    if (s) rt_buf_csv_cell(b, s, strlen(s));
}

static void csv_date(rt_buf *b, rt_day d)
{
    char s[11];
    rt_buf_putc(b, ',');
    if (d == RT_NODATE) return;
    rt_format_date(d, s);
    rt_buf_put(b, s, 10);
}

/* The case's notes, "; " between them, for a spreadsheet's reader to see why a case stands
 * as it does (a refused line, a late escalation) as the JSON's reader does. */
static void join_notes(rt_buf *into, const rt_decision *d)
{
    into->n = 0;
    for (int i = 0; i < d->n_notes; i++) {
        if (i) rt_buf_puts(into, "; ");
        rt_buf_puts(into, d->notes[i]);
    }
}

void rt_write_decision_csv(rt_buf *b, const rt_policy *p, const rt_case *c, const rt_decision *d)
{
    rt_buf notes = {0}; /* joined once, written on each of the case's rows */
    join_notes(&notes, d);
    for (int i = 0; i == 0 || i < d->n_duties; i++) {
        rt_buf_csv_cell(b, c->id, c->id_len);
        csv_text(b, d->status);
        csv_text(b, d->stage >= 0 ? p->stages[d->stage].id : NULL);
        csv_text(b, d->refusal >= 0 ? p->refusals[d->refusal].name : NULL);
        csv_text(b, d->refusal >= 0 ? p->refusals[d->refusal].cite : NULL);
        if (i < d->n_duties) {
            const rt_duty_out *o = &d->duties[i];
            csv_text(b, p->stages[o->stage].id);
            csv_text(b, rt_duty_names[o->kind]);
            csv_date(b, o->due);
            csv_date(b, o->done);
            csv_text(b, o->status);
            csv_text(b, o->provisional ? "true" : "false");
            csv_text(b, o->cite);
        } else {
            rt_buf_puts(b, ",,,,,,,");
        }
        rt_buf_putc(b, ',');
        rt_buf_csv_cell(b, notes.p ? notes.p : "", notes.n); /* no notes: nothing allocated */
        rt_buf_putc(b, '\n');
    }
    rt_buf_free(&notes);
}

/* The characters of a case id as a table shows it (UTF-8 counted as one each). */
size_t rt_table_id_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

/* A case id in a table, whole, however long (two cases must never look alike), then spaces to
 * width. Control characters, C1's (U+0080 to U+009F) among them, are shown as '?', so no input
 * can move the terminal's cursor; other UTF-8 is shown as it is (rt_utf8_shown), and a byte of
 * none (the readers let none through) as '?'. */
void rt_buf_table_id(rt_buf *b, const char *s, size_t n, size_t width)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        size_t u = c >= 0x80 ? rt_utf8_shown(s + i, n - i) : 0;
        if (u) {
            rt_buf_put(b, s + i, u);
            i += u - 1;
        } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] < 0xA0) {
            rt_buf_putc(b, '?'); /* a C1 control: one character, one '?' */
            i++;
        } else {
            rt_buf_putc(b, c < 0x20 || c >= 0x7F ? '?' : (char)c);
        }
    }
    for (size_t w = rt_table_id_width(s, n); w < width; w++) rt_buf_putc(b, ' ');
}

void rt_write_decision_table(rt_buf *b, const rt_policy *p, const rt_case *c,
                             const rt_decision *d)
{
    char due[11], done[11];
    rt_buf_table_id(b, c->id, c->id_len, 16);
    rt_buf_printf(b, " %-16s %-8s", d->status, d->stage >= 0 ? p->stages[d->stage].id : "-");
    if (d->refusal >= 0)
        rt_buf_printf(b, " refused: %s (\u00a7%s)", p->refusals[d->refusal].name,
                      p->refusals[d->refusal].cite);
    rt_buf_putc(b, '\n');
    for (int i = 0; i < d->n_duties; i++) {
        const rt_duty_out *o = &d->duties[i];
        if (o->due != RT_NODATE) rt_format_date(o->due, due); else strcpy(due, "-");
        if (o->done != RT_NODATE) rt_format_date(o->done, done); else strcpy(done, "-");
        rt_buf_printf(b, "    %-8s %-12s due %-10s%s done %-10s %-8s \u00a7%s\n",
                      p->stages[o->stage].id, rt_duty_names[o->kind], due,
                      o->provisional ? "*" : " ", done, o->status, o->cite);
    }
    for (int i = 0; i < d->n_windows; i++) {
        const rt_window_out *w = &d->windows[i];
        rt_format_date(w->opens, due);
        if (w->closes != RT_NODATE) rt_format_date(w->closes, done); else strcpy(done, "-");
        rt_buf_printf(b, "    window %-12s opens %s closes %s \u00a7%s\n", w->name, due, done,
                      w->cite);
    }
    for (int i = 0; i < d->n_awards; i++)
        rt_buf_printf(b, "    award  %-18s \u00a3%lld.%02lld \u00a7%s\n",
                      p->awards[d->awards[i].award].name, (long long)(d->awards[i].pence / 100),
                      (long long)(d->awards[i].pence % 100), p->awards[d->awards[i].award].cite);
    if (d->n_awards)
        rt_buf_printf(b, "    total \u00a3%lld.%02lld, offset \u00a3%lld.%02lld, payable \u00a3%lld.%02lld, "
                         "approved by %s\n",
                      (long long)(d->total / 100), (long long)(d->total % 100),
                      (long long)(d->offset / 100), (long long)(d->offset % 100),
                      (long long)(d->payable / 100), (long long)(d->payable % 100),
                      d->band >= 0 ? p->bands[d->band].who : "(no band)");
    for (int i = 0; i < d->n_notes; i++) {
        rt_buf_puts(b, "    note: ");
        for (const char *s = d->notes[i]; *s; s++)
            rt_buf_putc(b, (*s >= 0x20 || *s < 0) && *s != 0x7F ? *s : '?');
        rt_buf_putc(b, '\n');
    }
}
