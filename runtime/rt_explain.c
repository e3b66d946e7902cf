/* rt_explain.c: what a compiled engine enforces, read back from its own tables, as text for
 * people and as JSON that `redressc diff` can compare with a policy file. */
#include "rt_internal.h"
#include <string.h>

static const char *const cal_names[] = {"england-and-wales", "scotland", "northern-ireland"};
static const char *const anchor_names[] = {"receipt", "the escalation request",
                                           "acknowledgement", "the response"};

const char *rt_unit_name(rt_unit u, int n)
{
    static const char *const one[] = {"working day", "day", "week", "month"};
    static const char *const many[] = {"working days", "days", "weeks", "months"};
    return n == 1 ? one[u] : many[u];
}

static const char *const kind_words[RT_KIND_COUNT] = {
    "a complaint", "a service request", "a comment", "a compliment", "a question",
    "an MP's or councillor's enquiry"};

static void explain_text(const rt_policy *p, FILE *out)
{
    fprintf(out, "%s: %s\n", p->organisation, p->document);
    fprintf(out, "version %s, issued %s, revised %s\n", p->doc_version, p->issued, p->revised);
    fprintf(out, "policy %s from %s (sha256 %s)\n", p->id, p->source_file, p->source_hash);
    fprintf(out, "working days: Monday to Friday except %s bank holidays", cal_names[p->calendar]);
    fprintf(out, p->n_closures ? " and %d declared closure days\n" : "\n", p->n_closures);
    fprintf(out, "\nNot complaints:\n");
    for (int i = 0; i < p->n_noncomplaints; i++)
        fprintf(out, "  %s (\u00a7%s)\n", kind_words[p->noncomplaints[i].kind],
                p->noncomplaints[i].cite);
    fprintf(out, "\nRefusals, checked in this order:\n");
    for (int i = 0; i < p->n_refusals; i++) {
        const rt_refusal_desc *r = &p->refusals[i];
        fprintf(out, "  %s: refused when %s (\u00a7%s)\n    because: %s\n", r->name, r->when_text,
                r->cite, r->reason);
        if (r->assumption) fprintf(out, "    assumption: %s\n", r->assumption);
    }
    fprintf(out, "\nStages:\n");
    for (int s = 0; s < p->n_stages; s++) {
        const rt_stage_desc *sd = &p->stages[s];
        fprintf(out, "  %s: %s\n", sd->id, sd->title);
        if (sd->handler) fprintf(out, "    handled by %s (\u00a7%s)\n", sd->handler, sd->handler_cite);
        if (sd->entry == RT_ENTRY_RECEIPT)
            fprintf(out, "    entered when the complaint is received (\u00a7%s)\n", sd->entry_cite);
        else
            fprintf(out, "    entered at the customer's request within %d %s of the %s response "
                         "(\u00a7%s)\n", sd->window_n, rt_unit_name(sd->window_unit, sd->window_n),
                    p->stages[s - 1].id, sd->entry_cite);
        if (sd->entry_assumption) fprintf(out, "      assumption: %s\n", sd->entry_assumption);
        for (int i = 0; i < sd->n_duties; i++) {
            const rt_duty_desc *du = &sd->duties[i];
            fprintf(out, "    %s within %d %s of %s (\u00a7%s)\n", rt_duty_names[du->kind], du->n,
                    rt_unit_name(du->unit, du->n), anchor_names[du->anchor], du->cite);
            if (du->assumption) fprintf(out, "      assumption: %s\n", du->assumption);
        }
    }
    if (p->ombudsman.present)
        fprintf(out, "\nHousing Ombudsman: from %d %s after the %s response (\u00a7%s)\n",
                p->ombudsman.n, rt_unit_name(p->ombudsman.unit, p->ombudsman.n),
                p->stages[p->ombudsman.stage].id, p->ombudsman.cite);
    if (p->n_outcomes) {
        fprintf(out, "\nOutcomes:");
        for (int i = 0; i < p->n_outcomes; i++)
            fprintf(out, "%s %s", i ? "," : "", p->outcomes[i].name);
        fprintf(out, " (\u00a7%s)\n", p->outcomes[0].cite);
    }
    if (p->n_assumptions) fprintf(out, "\nAssumptions:\n");
    for (int i = 0; i < p->n_assumptions; i++)
        fprintf(out, "  - %s (\u00a7%s)\n", p->assumptions[i].text, p->assumptions[i].cite);
    fprintf(out, "\n%d scenarios in the policy file; run them with `%s-complaints test`.\n",
            p->n_scenarios, p->id);
}

static void kv(rt_buf *b, const char *key, const char *value, bool comma)
{
    if (comma) rt_buf_putc(b, ',');
    rt_buf_json_string(b, key, strlen(key));
    rt_buf_putc(b, ':');
    if (value) rt_buf_json_string(b, value, strlen(value));
    else rt_buf_puts(b, "null");
}

static void explain_json(const rt_policy *p, FILE *out)
{
    static const char *const unit_ids[] = {"working_days", "days", "weeks", "months"};
    static const char *const anchor_ids[] = {"receipt", "request", "acknowledgement", "response"};
    rt_buf b = {0};
    rt_buf_putc(&b, '{');
    kv(&b, "policy", p->id, false);
    kv(&b, "organisation", p->organisation, true);
    kv(&b, "document", p->document, true);
    kv(&b, "version", p->doc_version, true);
    kv(&b, "source", p->source_file, true);
    kv(&b, "sha256", p->source_hash, true);
    kv(&b, "calendar", cal_names[p->calendar], true);
    rt_buf_puts(&b, ",\"not_complaints\":[");
    for (int i = 0; i < p->n_noncomplaints; i++) {
        rt_buf_puts(&b, i ? ",{" : "{");
        kv(&b, "kind", rt_kind_names[p->noncomplaints[i].kind], false);
        kv(&b, "cite", p->noncomplaints[i].cite, true);
        rt_buf_putc(&b, '}');
    }
    rt_buf_puts(&b, "],\"refusals\":[");
    for (int i = 0; i < p->n_refusals; i++) {
        const rt_refusal_desc *r = &p->refusals[i];
        rt_buf_puts(&b, i ? ",{" : "{");
        kv(&b, "name", r->name, false);
        kv(&b, "when", r->when_text, true);
        kv(&b, "reason", r->reason, true);
        kv(&b, "cite", r->cite, true);
        kv(&b, "assumption", r->assumption, true);
        rt_buf_putc(&b, '}');
    }
    rt_buf_puts(&b, "],\"stages\":[");
    for (int s = 0; s < p->n_stages; s++) {
        const rt_stage_desc *sd = &p->stages[s];
        rt_buf_puts(&b, s ? ",{" : "{");
        kv(&b, "id", sd->id, false);
        kv(&b, "title", sd->title, true);
        kv(&b, "handler", sd->handler, true);
        kv(&b, "entry", sd->entry == RT_ENTRY_RECEIPT ? "receipt" : "request", true);
        if (sd->entry == RT_ENTRY_REQUEST)
            rt_buf_printf(&b, ",\"window\":{\"n\":%d,\"unit\":\"%s\"}", sd->window_n,
                          unit_ids[sd->window_unit]);
        kv(&b, "entry_cite", sd->entry_cite, true);
        rt_buf_puts(&b, ",\"duties\":[");
        for (int i = 0; i < sd->n_duties; i++) {
            const rt_duty_desc *du = &sd->duties[i];
            rt_buf_printf(&b, "%s{\"duty\":\"%s\",\"n\":%d,\"unit\":\"%s\",\"from\":\"%s\"",
                          i ? "," : "", rt_duty_names[du->kind], du->n, unit_ids[du->unit],
                          anchor_ids[du->anchor]);
            kv(&b, "cite", du->cite, true);
            kv(&b, "assumption", du->assumption, true);
            rt_buf_putc(&b, '}');
        }
        rt_buf_puts(&b, "]}");
    }
    rt_buf_puts(&b, "],\"ombudsman\":");
    if (p->ombudsman.present) {
        rt_buf_printf(&b, "{\"after_stage\":\"%s\",\"n\":%d,\"unit\":\"%s\"",
                      p->stages[p->ombudsman.stage].id, p->ombudsman.n,
                      unit_ids[p->ombudsman.unit]);
        kv(&b, "cite", p->ombudsman.cite, true);
        rt_buf_putc(&b, '}');
    } else {
        rt_buf_puts(&b, "null");
    }
    rt_buf_printf(&b, ",\"scenarios\":%d}\n", p->n_scenarios);
    fwrite(b.p, 1, b.n, out);
    rt_buf_free(&b);
}

void rt_explain(const rt_policy *p, bool json, FILE *out)
{
    if (json) explain_json(p, out);
    else explain_text(p, out);
}
