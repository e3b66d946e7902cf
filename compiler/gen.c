/* gen.c: random but valid event logs for any policy, from a seed: cases through every stage,
 * dates on and around bank holidays, facts that trigger every refusal, events out of order. */
#include "gen.h"
#include "rt_internal.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint64_t s;
} rng;

static uint64_t next(rng *r) /* splitmix64 */
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static int below(rng *r, int n) { return (int)(next(r) % (uint64_t)n); }
static bool chance(rng *r, int percent) { return below(r, 100) < percent; }

typedef struct {
    rt_day date;
    uint64_t order;   /* sorts the log: mostly by date, some lines out of order */
    char *line;
} gen_line;

typedef struct {
    gen_line *lines;
    int n, cap;
} gen_log;

static void emit(gen_log *g, rng *r, rt_day date, rt_buf *b)
{
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 1024;
        g->lines = rt_xrealloc(g->lines, sizeof *g->lines * (size_t)g->cap);
    }
    /* One line in eight is written up to three days early or late. */
    int jitter = chance(r, 12) ? below(r, 7) - 3 : 0;
    g->lines[g->n++] = (gen_line){date, (uint64_t)(date + jitter) << 32 | (next(r) & 0xffffffffu),
                                  rt_xstrndup(b->p, b->n)};
}

static rt_day some_date(rng *r, const rt_policy *p)
{
    if (chance(r, 35)) { /* on or just around a bank holiday */
        rt_day hols[16];
        int n = rt_bank_holidays(p->calendar, 2019 + below(r, 8), hols);
        return hols[below(r, n)] + below(r, 5) - 2;
    }
    return rt_day_from_ymd(2019, 1, 1) + below(r, 365 * 7 + 180);
}

static void fact_json(rng *r, const rt_policy *p, rt_buf *b, rt_day receipt)
{
    static const char *const texts[] = {"T-1001", "T-2040", "T-9999", "x"};
    bool any = false;
    for (int i = 0; i < p->n_facts; i++) {
        if (!chance(r, 30)) continue;
        const rt_fact_desc *f = &p->facts[i];
        rt_buf_puts(b, any ? "," : ",\"facts\":{");
        any = true;
        rt_buf_printf(b, "\"%s\":", f->name);
        char d[11];
        switch (f->type) {
        case RT_T_BOOL: rt_buf_puts(b, chance(r, 35) ? "true" : "false"); break;
        case RT_T_INT: rt_buf_printf(b, "%d", below(r, 100)); break;
        case RT_T_MONEY: rt_buf_printf(b, "%d", below(r, 4) ? below(r, 20000) : below(r, 200000)); break;
        case RT_T_DATE:
            rt_format_date(receipt - below(r, 800) + (chance(r, 10) ? 30 : 0), d);
            rt_buf_printf(b, "\"%s\"", d);
            break;
        case RT_T_TEXT: rt_buf_printf(b, "\"%s\"", texts[below(r, 4)]); break;
        case RT_T_ENUM: rt_buf_printf(b, "\"%s\"", f->enum_values[below(r, f->n_enum)]); break;
        }
    }
    if (any) rt_buf_putc(b, '}');
}

static void start(rt_buf *b, const char *id, const char *type, rt_day date)
{
    char d[11];
    rt_format_date(date, d);
    b->n = 0;
    rt_buf_printf(b, "{\"case\":\"%s\",\"type\":\"%s\",\"date\":\"%s\"", id, type, d);
}

static void one_case(gen_log *g, rng *r, const rt_policy *p, int k)
{
    static const char *const outcomes[] = {"upheld", "partly_upheld", "not_upheld"};
    static const char *const others[] = {"service_request", "comment", "compliment", "question",
                                         "mp_enquiry"};
    rt_buf b = {0};
    char id[32];
    snprintf(id, sizeof id, "G-%d", k);
    rt_day date = some_date(r, p), receipt = date;
    int stage = 0;
    start(&b, id, "received", date);
    if (chance(r, 12)) rt_buf_printf(&b, ",\"kind\":\"%s\"", others[below(r, 5)]);
    if (chance(r, 12) && p->n_stages > 1) {
        stage = below(r, p->n_stages);
        rt_buf_printf(&b, ",\"stage\":\"%s\"", p->stages[stage].id);
    }
    fact_json(r, p, &b, receipt);
    rt_buf_putc(&b, '}');
    emit(g, r, date, &b);
    for (int steps = below(r, 9); steps > 0; steps--) {
        date += below(r, 13);
        int roll = below(r, 100);
        if (roll < 24) {
            start(&b, id, "acknowledged", date);
        } else if (roll < 48) {
            start(&b, id, "responded", date);
            rt_buf_printf(&b, ",\"outcome\":\"%s\"", outcomes[below(r, 3)]);
            const rt_stage_desc *sd = &p->stages[stage < p->n_stages ? stage : 0];
            if (sd->n_includes && chance(r, 50)) {
                rt_buf_puts(&b, ",\"includes\":[");
                bool first = true;
                for (int i = 0; i < sd->n_includes; i++)
                    if (chance(r, 80)) {
                        rt_buf_printf(&b, "%s\"%s\"", first ? "" : ",", sd->includes[i]);
                        first = false;
                    }
                rt_buf_putc(&b, ']');
            }
        } else if (roll < 64) {
            start(&b, id, "escalation_requested", date);
            if (chance(r, 60)) rt_buf_puts(&b, chance(r, 70) ? ",\"reasons\":true" : ",\"reasons\":false");
            stage++;
        } else if (roll < 72) {
            start(&b, id, "extended", date);
            if (chance(r, 70)) rt_buf_printf(&b, ",\"working_days\":%d", 1 + below(r, 25));
            else {
                char d[11];
                rt_format_date(date + below(r, 60), d);
                rt_buf_printf(&b, ",\"until\":\"%s\"", d);
            }
            if (chance(r, 40)) rt_buf_puts(&b, chance(r, 50) ? ",\"agreed\":true" : ",\"agreed\":false");
        } else if (roll < 80) {
            start(&b, id, "facts", date);
            fact_json(r, p, &b, receipt);
        } else {
            static const char *const ends[] = {"resolved", "satisfied", "withdrawn",
                                               "escalation_refused", "referred_ombudsman"};
            start(&b, id, ends[below(r, 5)], date);
        }
        rt_buf_putc(&b, '}');
        emit(g, r, date, &b);
    }
    rt_buf_free(&b);
}

static int by_order(const void *a, const void *b)
{
    const gen_line *x = a, *y = b;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* ---- the same log as CSV (SPEC section 4): a header of every field the generator writes and
 * every fact of the policy as facts.NAME, then each line's event as a record ---- */
static const char *const csv_fields[] = {"case", "type", "date", "kind", "stage", "outcome",
                                         "includes", "reasons", "working_days", "until", "agreed"};
enum { N_CSV_FIELDS = sizeof csv_fields / sizeof csv_fields[0] };

static void csv_header(const rt_policy *p, rt_buf *b)
{
    for (int i = 0; i < N_CSV_FIELDS; i++) rt_buf_printf(b, "%s%s", i ? "," : "", csv_fields[i]);
    for (int i = 0; i < p->n_facts; i++) rt_buf_printf(b, ",facts.%s", p->facts[i].name);
    rt_buf_putc(b, '\n');
}

/* A value as a CSV field: a list as its items joined by ';', as the reader splits them, and
 * an empty list as ';' alone (an empty field would be a list not given). */
static void csv_value(rt_buf *b, const js_value *v)
{
    if (!v) return;
    if (v->kind == JS_TRUE || v->kind == JS_FALSE) rt_buf_puts(b, v->kind == JS_TRUE ? "true" : "false");
    else if (v->kind == JS_STRING || v->kind == JS_NUMBER) rt_buf_csv_field(b, v->s, v->len);
    else if (v->kind == JS_ARRAY) {
        rt_buf items = {0};
        for (size_t i = 0; i < v->n; i++) {
            if (i) rt_buf_putc(&items, ';');
            rt_buf_put(&items, v->items[i]->s, v->items[i]->len);
        }
        rt_buf_csv_field(b, items.n ? items.p : ";", items.n ? items.n : 1);
        rt_buf_free(&items);
    }
}

static void csv_record(const rt_policy *p, const char *line, rt_arena *a, rt_buf *b)
{
    const char *err;
    size_t col;
    const js_value *ev = rt_json_parse_views(a, line, strlen(line), &err, &col);
    const js_value *facts = ev ? rt_json_get(ev, "facts") : NULL;
    for (int i = 0; i < N_CSV_FIELDS; i++) {
        if (i) rt_buf_putc(b, ',');
        csv_value(b, ev ? rt_json_get(ev, csv_fields[i]) : NULL);
    }
    for (int i = 0; i < p->n_facts; i++) {
        rt_buf_putc(b, ',');
        csv_value(b, facts ? rt_json_get(facts, p->facts[i].name) : NULL);
    }
    rt_buf_putc(b, '\n');
    rt_arena_rewind(a);
}

void gen_events(const rt_policy *p, int cases, uint64_t seed, bool csv, FILE *out)
{
    rng r = {seed * 0x2545f4914f6cdd1du + 1};
    gen_log g = {0};
    rt_arena a = {0};
    rt_buf b = {0};
    for (int k = 0; k < cases; k++) one_case(&g, &r, p, k);
    qsort(g.lines, (size_t)g.n, sizeof *g.lines, by_order);
    if (csv) csv_header(p, &b);
    for (int i = 0; i < g.n; i++) {
        if (csv) csv_record(p, g.lines[i].line, &a, &b);
        else rt_buf_printf(&b, "%s\n", g.lines[i].line);
        rt_free(g.lines[i].line);
        if (b.n > 60000) fwrite(b.p, 1, b.n, out), b.n = 0;
    }
    fwrite(b.p ? b.p : "", 1, b.n, out);
    rt_buf_free(&b);
    rt_arena_reset(&a);
    rt_free(g.lines);
}
