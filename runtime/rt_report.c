/* rt_report.c: what integrators run every day: the worklist of duties due (`due`), and the
 * period report (`report`): the Regulator's TSM CH01 and CH02, cases entering each stage, the
 * policy's own promised measures, month by month, as JSON, text, CSV or a one-page HTML. */
#include "rt_internal.h"
#include <stdlib.h>
#include <string.h>

/* ---- the worklist ---- */

typedef struct {
    const char *id;      /* the case's, copied: with --grouped the case itself is gone */
    size_t id_len;
    rt_duty_out d;
    long order;          /* the case's place in the log, to keep ties stable */
    int overdue_days;
    bool lines_refused;  /* a refused line named the case: the duty may have been done */
} due_row;

/* Soonest first; a duty whose due date is not known (rt_case.c: past the calendar) last. */
static int by_due(const void *a, const void *b)
{
    const due_row *x = a, *y = b;
    if (x->d.due != y->d.due)
        return y->d.due == RT_NODATE || (x->d.due != RT_NODATE && x->d.due < y->d.due) ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

/* The worklist, gathered case by case: only pending and overdue duties are kept, so its
 * memory grows with the open cases, not with the log. */
struct rt_due_list {
    rt_day as_of;
    due_row *rows;
    size_t n, cap;
    long cases;
    rt_arena ids;
    rt_decision d;       /* each case's, reusing one's lists */
    long doubtful;       /* cases listed that a refused line named: their rows may be wrong */
    const char *doubtful_ids[5]; /* the first of them, to name */
};

rt_due_list *rt_due_begin(rt_day as_of)
{
    rt_due_list *l = rt_xalloc(sizeof *l);
    *l = (rt_due_list){.as_of = as_of};
    return l;
}

void rt_due_case(rt_due_list *l, rt_log *lg, rt_case *c)
{
    const rt_decision *d = &l->d;
    const char *id = NULL;
    rt_log_decide(lg, c, l->as_of, &l->d);
    for (int k = 0; k < d->n_duties; k++) {
        const char *st = d->duties[k].status;
        if (strcmp(st, "pending") && strcmp(st, "overdue")) continue;
        if (l->n == l->cap) l->rows = rt_xrealloc(l->rows, sizeof *l->rows * (l->cap = l->cap ? l->cap * 2 : 256));
        int late = strcmp(st, "overdue") ? 0 : rt_working_days_between(c->cal, d->duties[k].due, l->as_of);
        if (!id) id = rt_arena_strndup(&l->ids, c->id, c->id_len);
        l->rows[l->n++] = (due_row){id, c->id_len, d->duties[k], l->cases, late, c->refused_lines};
    }
    if (id && c->refused_lines && l->doubtful++ < 5) l->doubtful_ids[l->doubtful - 1] = id;
    l->cases++;
}

/* The worklist's cases a refused line named, said on stderr as well as in their rows: the team
 * would otherwise chase a duty that the refused line may have done, and the table has no room
 * to say so. */
static void say_doubtful(const rt_due_list *l, const rt_policy *p)
{
    if (!l->doubtful) return;
    fprintf(stderr, "%s-complaints: %ld case%s on the worklist %s lines refused, so %s duties "
                    "may be wrong:", p->id, l->doubtful, l->doubtful == 1 ? "" : "s",
            l->doubtful == 1 ? "has" : "have", l->doubtful == 1 ? "its" : "their");
    for (long i = 0; i < l->doubtful && i < 5; i++)
        fprintf(stderr, "%s %s", i ? "," : "", l->doubtful_ids[i]);
    fprintf(stderr, "%s\n", l->doubtful > 5 ? ", ..." : "");
}

static void due_free(rt_due_list *l)
{
    rt_decision_free(&l->d);
    rt_free(l->rows);
    rt_arena_reset(&l->ids);
    rt_free(l);
}

void rt_due_end(rt_due_list *l, const rt_policy *p, rt_format format, FILE *out)
{
    if (!out) { /* the run failed: nothing is written */
        due_free(l);
        return;
    }
    due_row *rows = l->rows;
    size_t n = l->n;
    qsort(rows, n, sizeof *rows, by_due);
    rt_buf b = {0};
    if (format == RT_FMT_CSV)
        rt_buf_puts(&b, "case,stage,duty,due,status,days_overdue,provisional,cite,lines_refused\n");
    size_t width = 16; /* the case column: as wide as the longest id, so rows line up */
    for (size_t i = 0; format == RT_FMT_TABLE && i < n; i++) {
        size_t w = rt_table_id_width(rows[i].id, rows[i].id_len);
        if (w > width) width = w;
    }
    if (format == RT_FMT_TABLE)
        rt_buf_printf(&b, "%-*s %-8s %-12s %-10s %-8s %5s  %s\n", (int)width, "case", "stage",
                      "duty", "due", "status", "late", "cite");
    for (size_t i = 0; i < n; i++) {
        const due_row *r = &rows[i];
        /* a due date not known (past the calendar): null in JSON, empty in CSV, "-" */
        char date[11] = "-";
        if (r->d.due != RT_NODATE) rt_format_date(r->d.due, date);
        else if (format == RT_FMT_CSV) date[0] = '\0';
        const char *stage = p->stages[r->d.stage].id, *duty = rt_duty_names[r->d.kind];
        if (format == RT_FMT_JSONL) {
            rt_buf_puts(&b, "{\"case\":");
            rt_buf_json_string(&b, r->id, r->id_len);
            rt_buf_printf(&b, ",\"stage\":\"%s\",\"duty\":\"%s\",\"due\":", stage, duty);
            rt_buf_date(&b, r->d.due);
            rt_buf_printf(&b, ",\"status\":\"%s\",\"days_overdue\":%d,\"provisional\":%s,\"cite\":",
                          r->d.status, r->overdue_days, r->d.provisional ? "true" : "false");
            rt_buf_json_string(&b, r->d.cite, strlen(r->d.cite));
            rt_buf_puts(&b, r->lines_refused ? ",\"lines_refused\":true}\n" : ",\"lines_refused\":false}\n");
        } else if (format == RT_FMT_CSV) {
            rt_buf_csv_cell(&b, r->id, r->id_len);
            rt_buf_printf(&b, ",%s,%s,%s,%s,%d,%s,", stage, duty, date, r->d.status, r->overdue_days,
                          r->d.provisional ? "true" : "false");
            rt_buf_csv_cell(&b, r->d.cite, strlen(r->d.cite));
            rt_buf_puts(&b, r->lines_refused ? ",true\n" : ",false\n");
        } else {
            rt_buf_table_id(&b, r->id, r->id_len, width);
            rt_buf_printf(&b, " %-8s %-12s %-10s%s%-8s %5d  \u00a7%s\n", stage, duty, date,
                          r->d.provisional ? "*" : " ", r->d.status, r->overdue_days, r->d.cite);
        }
    }
    fwrite(b.p ? b.p : "", 1, b.n, out);
    rt_buf_free(&b);
    say_doubtful(l, p);
    due_free(l);
}

/* ---- the period report ---- */

typedef struct { long received, responded, on_time; } month_count;

struct rt_tally {
    rt_day from, to;
    long received[RT_MAX_STAGES], responded[RT_MAX_STAGES], on_time[RT_MAX_STAGES];
    long code_on_time[RT_MAX_STAGES], upheld[RT_MAX_STAGES], resolved[RT_MAX_STAGES];
    long escalated[RT_MAX_STAGES], refused, referred;
    int64_t compensation;
    int n_months;
    int first_month;     /* year * 12 + month - 1 */
    rt_decision d;       /* each case's, reusing one's lists */
    month_count month[]; /* n_months of them */
};
typedef rt_tally tally;

static int month_of(rt_day d)
{
    int y, m, dd;
    rt_day_to_ymd(d, &y, &m, &dd);
    return y * 12 + m - 1;
}

static bool in(rt_day d, rt_day from, rt_day to) { return d != RT_NODATE && d >= from && d <= to; }

/* The Complaint Handling Code's own deadline for a response (SPEC §6): 10 working days at
 * stage 1, 20 at stage 2, from the acknowledgement or the Code's 5-working-day deadline for
 * it, plus any recorded extension up to 10 or 20 working days. */
static rt_day code_due(const rt_case *c, int s, int code_stage)
{
    const rt_stage_state *st = &c->st[s];
    int n = code_stage == 1 ? 10 : 20;
    rt_day ack = st->ack != RT_NODATE ? st->ack : rt_add_working_days(c->cal, st->request, 5);
    rt_day base = rt_add_working_days(c->cal, ack, n);
    int ext = st->ext_days;
    if (st->ext_until != RT_NODATE && st->ext_until > base)
        ext += rt_working_days_between(c->cal, base, st->ext_until);
    return rt_add_working_days(c->cal, base, ext < n ? ext : n);
}

static int code_stage_of(const char *id)
{
    return !strcmp(id, "stage1") ? 1 : !strcmp(id, "stage2") ? 2 : 0;
}

static void count_case(const rt_policy *p, const rt_case *c, const rt_decision *d, rt_day from,
                       rt_day to, tally *t)
{
    if (!strcmp(d->status, "not_a_complaint") || !strcmp(d->status, "redirected")) return;
    if (!strcmp(d->status, "refused")) {
        t->refused += in(c->receipt, from, to);
        return;
    }
    if (in(c->receipt, from, to)) {
        int m = month_of(c->receipt) - t->first_month;
        if (m >= 0 && m < t->n_months) t->month[m].received++;
        for (int i = 0; i < d->n_awards; i++)
            t->compensation = rt_money_add(t->compensation, d->awards[i].pence);
    }
    for (int s = 0; s < p->n_stages && s < RT_MAX_STAGES; s++) {
        const rt_stage_state *st = &c->st[s];
        if (!st->entered) continue;
        t->received[s] += in(st->request, from, to);
        t->escalated[s] += s > 0 && in(st->request, from, to) && st->request != c->receipt;
        t->resolved[s] += in(st->resolved, from, to);
        if (!in(st->response, from, to)) continue;
        bool on_time = false;
        for (int k = 0; k < d->n_duties; k++)
            if (d->duties[k].stage == s && d->duties[k].kind == RT_DUTY_RESPOND)
                on_time = !strcmp(d->duties[k].status, "met");
        int cs = code_stage_of(p->stages[s].id);
        t->responded[s]++;
        t->on_time[s] += on_time;
        t->code_on_time[s] += cs && st->response <= code_due(c, s, cs);
        t->upheld[s] += st->outcome == 0 || st->outcome == 1;
        int m = month_of(st->response) - t->first_month;
        if (m >= 0 && m < t->n_months) {
            t->month[m].responded++;
            t->month[m].on_time += on_time;
        }
    }
    for (int i = 0; i < d->n_notes; i++) t->referred += !strncmp(d->notes[i], "referred to", 11);
}

static int stage_index(const rt_policy *p, const char *id)
{
    for (int s = 0; s < p->n_stages; s++)
        if (!strcmp(p->stages[s].id, id)) return s;
    return -1;
}

/* A percentage to one decimal place, or -1 when there is nothing to divide by. */
static double pct(long part, long whole)
{
    return whole ? (double)(long)(1000.0 * (double)part / (double)whole + 0.5) / 10.0 : -1;
}

static void number(rt_buf *b, double v)
{
    if (v < 0) rt_buf_puts(b, "null");
    else rt_buf_printf(b, "%.1f", v);
}

typedef struct {
    const char *name, *cite;
    double value;        /* -1 when it cannot be worked out */
    bool money, percent;
} measure_out;

static measure_out measure(const rt_policy *p, const rt_measure_desc *m, const tally *t)
{
    measure_out o = {m->name, m->cite, -1, false, false};
    int s = m->stage;
    if ((s < 0 || s >= RT_MAX_STAGES) && m->kind != RT_M_REFUSED && m->kind != RT_M_REFERRED &&
        m->kind != RT_M_COMPENSATION)
        return o; /* the checker allows no such stage */
    switch (m->kind) {
    case RT_M_RECEIVED: o.value = (double)t->received[s]; break;
    case RT_M_ON_TIME: o.value = pct(t->on_time[s], t->responded[s]), o.percent = true; break;
    case RT_M_UPHELD: o.value = pct(t->upheld[s], t->responded[s]), o.percent = true; break;
    case RT_M_RESOLVED: o.value = (double)t->resolved[s]; break;
    case RT_M_ESCALATED: o.value = (double)t->escalated[s]; break;
    case RT_M_REFUSED: o.value = (double)t->refused; break;
    case RT_M_REFERRED: o.value = (double)t->referred; break;
    case RT_M_COMPENSATION: o.value = (double)t->compensation, o.money = true; break;
    }
    (void)p;
    return o;
}

/* The Regulator's complaint measures, in the order every format lists them: the key JSON and
 * CSV use, the label people read, and whether the value is a percentage. */
enum { TSM_N = 4 };
static const struct {
    const char *key, *label;
    bool percent;
} tsm_rows[TSM_N] = {
    {"CH01.stage1_per_1000_homes", "CH01 stage 1 complaints per 1,000 homes", false},
    {"CH01.stage2_per_1000_homes", "CH01 stage 2 complaints per 1,000 homes", false},
    {"CH02.stage1_within_code_pct", "CH02 stage 1 responses within the Code's timescales", true},
    {"CH02.stage2_within_code_pct", "CH02 stage 2 responses within the Code's timescales", true},
};

/* The values of tsm_rows; -1 where the policy has no such stage or no homes were given. */
static void tsm(const rt_policy *p, const tally *t, long homes, double v[TSM_N])
{
    for (int cs = 1; cs <= 2; cs++) {
        int s = stage_index(p, cs == 1 ? "stage1" : "stage2");
        v[cs - 1] = s >= 0 && homes > 0
            ? (double)(long)(10000.0 * (double)t->received[s] / (double)homes + 0.5) / 10.0
            : -1;
        v[cs + 1] = s >= 0 ? pct(t->code_on_time[s], t->responded[s]) : -1;
    }
}

static void report_json(const rt_policy *p, const tally *t, const char *from, const char *to,
                        long homes, rt_buf *b)
{
    double ts[TSM_N];
    tsm(p, t, homes, ts);
    rt_buf_puts(b, "{\"policy\":");
    rt_buf_json_string(b, p->id, strlen(p->id));
    rt_buf_printf(b, ",\"from\":\"%s\",\"to\":\"%s\",\"homes\":", from, to);
    if (homes > 0) rt_buf_printf(b, "%ld", homes);
    else rt_buf_puts(b, "null");
    rt_buf_puts(b, ",\"received\":{");
    for (int s = 0; s < p->n_stages && s < RT_MAX_STAGES; s++)
        rt_buf_printf(b, "%s\"%s\":%ld", s ? "," : "", p->stages[s].id, t->received[s]);
    rt_buf_puts(b, "},\"tsm\":{");
    for (int i = 0; i < TSM_N; i++) {
        rt_buf_printf(b, "%s\"%s\":", i ? "," : "", tsm_rows[i].key);
        number(b, ts[i]);
    }
    rt_buf_puts(b, "},\"measures\":[");
    for (int i = 0; i < p->n_measures; i++) {
        measure_out m = measure(p, &p->measures[i], t);
        rt_buf_puts(b, i ? ",{\"name\":" : "{\"name\":");
        rt_buf_json_string(b, m.name, strlen(m.name));
        rt_buf_puts(b, ",\"value\":");
        if (m.value < 0) rt_buf_puts(b, "null");
        else if (m.percent) rt_buf_printf(b, "%.1f", m.value);
        else rt_buf_printf(b, "%.0f", m.value);
        rt_buf_printf(b, ",\"unit\":\"%s\",\"cite\":", m.money ? "pence" : m.percent ? "percent" : "count");
        rt_buf_json_string(b, m.cite, strlen(m.cite));
        rt_buf_putc(b, '}');
    }
    rt_buf_printf(b, "],\"refused\":%ld,\"compensation_pence\":%lld,\"months\":[", t->refused,
                  (long long)t->compensation);
    for (int m = 0; m < t->n_months; m++) {
        int ym = t->first_month + m;
        rt_buf_printf(b, "%s{\"month\":\"%04d-%02d\",\"received\":%ld,\"responded\":%ld,\"on_time\":%ld}",
                      m ? "," : "", ym / 12, ym % 12 + 1, t->month[m].received, t->month[m].responded,
                      t->month[m].on_time);
    }
    rt_buf_puts(b, "]}\n");
}

/* A whole number as people read it, in groups of three: 20,000 (the text and HTML reports). */
static void grouped(rt_buf *b, long long v)
{
    char num[RT_INT_TEXT];
    size_t k = rt_int_text(v, num), digits = RT_INT_TEXT - k - (v < 0);
    if (v < 0) rt_buf_putc(b, '-'), k++;
    for (size_t i = 0; i < digits; i++) {
        if (i && (digits - i) % 3 == 0) rt_buf_putc(b, ',');
        rt_buf_putc(b, num[k + i]);
    }
}

static void money_text(rt_buf *b, int64_t pence)
{
    rt_buf_puts(b, "\u00a3");
    grouped(b, (long long)(pence / 100));
    rt_buf_printf(b, ".%02lld", (long long)(pence % 100));
}

static void measure_text(rt_buf *b, const measure_out *m)
{
    if (m->value < 0) rt_buf_puts(b, "n/a");
    else if (m->money) money_text(b, (int64_t)m->value);
    else if (m->percent) rt_buf_printf(b, "%.1f%%", m->value);
    else grouped(b, (long long)m->value);
}

static void report_text(const rt_policy *p, const tally *t, const char *from, const char *to,
                        long homes, rt_buf *b)
{
    double ts[TSM_N];
    tsm(p, t, homes, ts);
    rt_buf_printf(b, "%s: complaints from %s to %s\n", p->organisation, from, to);
    rt_buf_puts(b, "homes: ");
    if (homes > 0) grouped(b, homes);
    else rt_buf_puts(b, "not given");
    rt_buf_puts(b, "\n\n");
    rt_buf_puts(b, "Cases entering each stage:\n");
    for (int s = 0; s < p->n_stages && s < RT_MAX_STAGES; s++) {
        rt_buf_printf(b, "  %-10s ", p->stages[s].id);
        grouped(b, t->received[s]);
        rt_buf_putc(b, '\n');
    }
    rt_buf_puts(b, "\nTenant satisfaction measures (Regulator of Social Housing):\n");
    for (int i = 0; i < TSM_N; i++) {
        char label[80];
        snprintf(label, sizeof label, "%s%s", tsm_rows[i].label, tsm_rows[i].percent ? " (%)" : "");
        rt_buf_printf(b, "  %-58s ", label);
        if (ts[i] < 0) rt_buf_puts(b, "n/a\n");
        else rt_buf_printf(b, "%.1f\n", ts[i]);
    }
    if (p->n_measures) rt_buf_puts(b, "\nWhat the policy promises to report:\n");
    for (int i = 0; i < p->n_measures; i++) {
        measure_out m = measure(p, &p->measures[i], t);
        rt_buf_printf(b, "  %s: ", m.name);
        measure_text(b, &m);
        rt_buf_printf(b, " (\u00a7%s)\n", m.cite);
    }
    rt_buf_puts(b, "\nRefused: ");
    grouped(b, t->refused);
    rt_buf_puts(b, "\nCompensation awarded: ");
    money_text(b, t->compensation);
    rt_buf_putc(b, '\n');
}

static void report_csv(const rt_policy *p, const tally *t, long homes, rt_buf *b)
{
    double ts[TSM_N];
    tsm(p, t, homes, ts);
    rt_buf_puts(b, "measure,value,unit,cite\n");
    for (int s = 0; s < p->n_stages && s < RT_MAX_STAGES; s++)
        rt_buf_printf(b, "received.%s,%ld,count,\n", p->stages[s].id, t->received[s]);
    for (int i = 0; i < TSM_N; i++) {
        rt_buf_printf(b, "%s,", tsm_rows[i].key);
        if (ts[i] >= 0) rt_buf_printf(b, "%.1f", ts[i]);
        rt_buf_printf(b, ",%s,\n", tsm_rows[i].percent ? "percent" : "per_1000_homes");
    }
    for (int i = 0; i < p->n_measures; i++) {
        measure_out m = measure(p, &p->measures[i], t);
        rt_buf_csv_cell(b, m.name, strlen(m.name));
        rt_buf_putc(b, ',');
        if (m.value >= 0) rt_buf_printf(b, m.percent ? "%.1f" : "%.0f", m.value);
        rt_buf_printf(b, ",%s,", m.money ? "pence" : m.percent ? "percent" : "count");
        rt_buf_csv_cell(b, m.cite, strlen(m.cite));
        rt_buf_putc(b, '\n');
    }
    rt_buf_printf(b, "refused,%ld,count,\ncompensation,%lld,pence,\n", t->refused,
                  (long long)t->compensation);
}

static void html_text(rt_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': rt_buf_puts(b, "&amp;"); break;
        case '<': rt_buf_puts(b, "&lt;"); break;
        case '>': rt_buf_puts(b, "&gt;"); break;
        case '"': rt_buf_puts(b, "&quot;"); break;
        default: rt_buf_putc(b, *s);
        }
    }
}

/* Month by month: bars for complaints received, a line for responses on time (percent). */
static void html_chart(const tally *t, rt_buf *b)
{
    const int W = 720, H = 240, left = 40, right = 40, top = 20, bottom = 40;
    long most = 1;
    for (int m = 0; m < t->n_months; m++)
        if (t->month[m].received > most) most = t->month[m].received;
    double slot = (double)(W - left - right) / (t->n_months ? t->n_months : 1);
    rt_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                     "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Complaints received and "
                     "responses on time, by month\">\n", W, H, W, H);
    rt_buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n", left,
                  H - bottom, W - right, H - bottom);
    rt_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%ld</text>\n", left - 4, top + 4, most);
    rt_buf_printf(b, "<text x=\"%d\" y=\"%d\">100%%</text>\n", W - right + 4, top + 4);
    int every = t->n_months > 12 ? (t->n_months + 11) / 12 : 1;
    for (int m = 0; m < t->n_months; m++) {
        double h = (double)(H - top - bottom) * (double)t->month[m].received / (double)most;
        double x = left + slot * m + slot * 0.15;
        int ym = t->first_month + m;
        rt_buf_printf(b, "<rect class=\"received\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                         "height=\"%.1f\" fill=\"#2e86c1\"><title>%04d-%02d: %ld received, %ld of %ld "
                         "responses on time</title></rect>\n",
                      x, H - bottom - h, slot * 0.7, h, ym / 12, ym % 12 + 1, t->month[m].received,
                      t->month[m].on_time, t->month[m].responded);
        if (m % every == 0)
            rt_buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%04d-%02d</text>\n",
                          left + slot * (m + 0.5), H - bottom + 16, ym / 12, ym % 12 + 1);
    }
    rt_buf_puts(b, "<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\" points=\"");
    for (int m = 0; m < t->n_months; m++) {
        if (!t->month[m].responded) continue;
        double x = left + slot * (m + 0.5);
        double y = top + (H - top - bottom) * (1.0 - (double)t->month[m].on_time / (double)t->month[m].responded);
        rt_buf_printf(b, "%.1f,%.1f ", x, y);
    }
    rt_buf_puts(b, "\"/>\n");
    rt_buf_printf(b, "<text x=\"%d\" y=\"%d\" fill=\"#2e86c1\">&#9632; received</text>"
                     "<text x=\"%d\" y=\"%d\" fill=\"#c0392b\">&#8212; responses on time</text>\n",
                  left, H - 6, left + 100, H - 6);
    rt_buf_puts(b, "</svg>\n");
}

static void rt_report_html(const rt_policy *p, const tally *t, const char *from, const char *to,
                           long homes, rt_buf *b)
{
    double ts[TSM_N];
    tsm(p, t, homes, ts);
    rt_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    html_text(b, p->organisation);
    rt_buf_printf(b, ": complaints %s to %s</title>\n", from, to);
    rt_buf_puts(b, "<style>body{font-family:sans-serif;max-width:760px;margin:2em auto;color:#222}"
                   "table{border-collapse:collapse;margin-bottom:1em}th,td{border-bottom:1px solid #ccc;"
                   "padding:.3em .6em;text-align:left}td.n{text-align:right}svg text{font-size:11px}"
                   "</style>\n</head>\n<body>\n<h1>");
    html_text(b, p->organisation);
    rt_buf_printf(b, "</h1>\n<p>Complaints from %s to %s under the ", from, to);
    html_text(b, p->document);
    if (homes > 0) {
        rt_buf_puts(b, ", for ");
        grouped(b, homes);
        rt_buf_puts(b, " homes");
    }
    rt_buf_puts(b, ".</p>\n<h2>Tenant satisfaction measures</h2>\n<table>\n"
                   "<tr><th>Measure</th><th>Value</th></tr>\n");
    for (int i = 0; i < TSM_N; i++) {
        rt_buf_printf(b, "<tr><td>%s</td><td class=\"n\">", tsm_rows[i].label);
        if (ts[i] < 0) rt_buf_puts(b, "n/a");
        else rt_buf_printf(b, "%.1f%s", ts[i], tsm_rows[i].percent ? "%" : "");
        rt_buf_puts(b, "</td></tr>\n");
    }
    rt_buf_puts(b, "</table>\n<h2>Cases entering each stage</h2>\n<table>\n");
    for (int s = 0; s < p->n_stages && s < RT_MAX_STAGES; s++) {
        rt_buf_puts(b, "<tr><td>");
        html_text(b, p->stages[s].title);
        rt_buf_puts(b, "</td><td class=\"n\">");
        grouped(b, t->received[s]);
        rt_buf_puts(b, "</td></tr>\n");
    }
    rt_buf_puts(b, "</table>\n");
    if (p->n_measures)
        rt_buf_puts(b, "<h2>What the policy promises to report</h2>\n<table>\n"
                       "<tr><th>Measure</th><th>Value</th><th>Paragraph</th></tr>\n");
    for (int i = 0; i < p->n_measures; i++) {
        measure_out m = measure(p, &p->measures[i], t);
        rt_buf_puts(b, "<tr><td>");
        html_text(b, m.name);
        rt_buf_puts(b, "</td><td class=\"n\">");
        rt_buf vb = {0};
        measure_text(&vb, &m);
        html_text(b, vb.p ? vb.p : "");
        rt_buf_free(&vb);
        rt_buf_puts(b, "</td><td>\u00a7");
        html_text(b, m.cite);
        rt_buf_puts(b, "</td></tr>\n");
    }
    if (p->n_measures) rt_buf_puts(b, "</table>\n");
    rt_buf_puts(b, "<h2>Month by month</h2>\n");
    html_chart(t, b);
    rt_buf_printf(b, "<h2>Compensation</h2>\n<p>Awarded on complaints received in the period: ");
    money_text(b, t->compensation);
    rt_buf_puts(b, ". Complaints refused: ");
    grouped(b, t->refused);
    rt_buf_puts(b, ".</p>\n</body>\n</html>\n");
}

/* The report, counted case by case: a table of the period's months, whatever the length of
 * the log (at most 3,600, from 1900 to 2199). */
rt_tally *rt_report_begin(rt_day from, rt_day to)
{
    int n_months = month_of(to) - month_of(from) + 1;
    size_t size = sizeof(tally) + (size_t)n_months * sizeof(month_count);
    tally *t = rt_xalloc(size);
    memset(t, 0, size);
    t->from = from;
    t->to = to;
    t->first_month = month_of(from);
    t->n_months = n_months;
    return t;
}

void rt_report_case(rt_tally *t, rt_log *lg, rt_case *c)
{
    rt_log_decide(lg, c, t->to, &t->d);
    count_case(lg->p, c, &t->d, t->from, t->to, t);
}

void rt_report_end(rt_tally *t, const rt_policy *p, long homes, rt_format format, FILE *out)
{
    rt_decision_free(&t->d);
    if (!out) { /* the run failed: nothing is written */
        rt_free(t);
        return;
    }
    char f[11], e[11];
    rt_format_date(t->from, f);
    rt_format_date(t->to, e);
    rt_buf b = {0};
    if (format == RT_FMT_TEXT || format == RT_FMT_TABLE) report_text(p, t, f, e, homes, &b);
    else if (format == RT_FMT_CSV) report_csv(p, t, homes, &b);
    else if (format == RT_FMT_HTML) rt_report_html(p, t, f, e, homes, &b);
    else report_json(p, t, f, e, homes, &b);
    fwrite(b.p ? b.p : "", 1, b.n, out);
    rt_buf_free(&b);
    rt_free(t);
}
