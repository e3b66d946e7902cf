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

static void money(FILE *out, int64_t pence)
{
    fprintf(out, "\u00a3%lld.%02lld", (long long)(pence / 100), (long long)(pence % 100));
}

static void explain_compensation(const rt_policy *p, FILE *out)
{
    if (!p->n_awards && !p->n_bands && !p->offset.present) return;
    fprintf(out, "\nCompensation:\n");
    for (int i = 0; i < p->n_awards; i++) {
        const rt_award_desc *a = &p->awards[i];
        fprintf(out, "  %s: ", a->name);
        if (a->kind == RT_AWARD_DAILY) {
            money(out, a->pence);
            fprintf(out, " a day from %s to %s", p->facts[a->from_fact].name,
                    p->facts[a->until_fact].name);
        } else if (a->amount_fact >= 0) {
            fprintf(out, "the amount in %s", p->facts[a->amount_fact].name);
        } else {
            money(out, a->pence);
        }
        if (a->cap_pence >= 0) fputs(", at most ", out), money(out, a->cap_pence);
        if (a->when_text) fprintf(out, ", when %s", a->when_text);
        fprintf(out, " (\u00a7%s)\n", a->cite);
        if (a->assumption) fprintf(out, "    assumption: %s\n", a->assumption);
    }
    for (int i = 0; i < p->n_bars; i++) {
        fprintf(out, "  no compensation when %s (\u00a7%s)\n", p->bars[i].when_text, p->bars[i].cite);
        if (p->bars[i].assumption) fprintf(out, "    assumption: %s\n", p->bars[i].assumption);
    }
    if (p->offset.present) {
        fprintf(out, "  offset against %s %s%s (\u00a7%s)\n", p->facts[p->offset.fact].name,
                p->offset.when_text ? "when " : "always", p->offset.when_text ? p->offset.when_text : "",
                p->offset.cite);
        if (p->offset.assumption) fprintf(out, "    assumption: %s\n", p->offset.assumption);
    }
    for (int i = 0; i < p->n_bands; i++) {
        fputs("  approval from ", out);
        money(out, p->bands[i].from_pence);
        if (p->bands[i].below_pence >= 0) fputs(" below ", out), money(out, p->bands[i].below_pence);
        fprintf(out, " by %s (\u00a7%s)\n", p->bands[i].who, p->bands[i].cite);
    }
}

/* One stage: its ways in, its duties and what its response and extensions must say. */
static void explain_stage(const rt_policy *p, int s, FILE *out)
{
    const rt_stage_desc *sd = &p->stages[s];
    fprintf(out, "  %s: %s\n", sd->id, sd->title);
    if (sd->handler) fprintf(out, "    handled by %s (\u00a7%s)\n", sd->handler, sd->handler_cite);
    if (sd->on_receipt)
        fprintf(out, "    entered when the complaint is received (\u00a7%s)\n", sd->receipt_cite);
    if (sd->receipt_assumption) fprintf(out, "      assumption: %s\n", sd->receipt_assumption);
    if (sd->automatic)
        fprintf(out, "    entered by itself when the %s target passes (\u00a7%s)\n",
                p->stages[s - 1].id, sd->auto_cite);
    if (sd->auto_assumption) fprintf(out, "      assumption: %s\n", sd->auto_assumption);
    if (sd->on_request && sd->window_n > 0)
        fprintf(out, "    entered at the customer's request%s within %d %s of the %s response "
                     "(\u00a7%s)\n", sd->reasons_required ? ", with reasons," : "",
                sd->window_n, rt_unit_name(sd->window_unit, sd->window_n),
                p->stages[s - 1].id, sd->request_cite);
    else if (sd->on_request)
        fprintf(out, "    entered at the customer's request%s (\u00a7%s)\n",
                sd->reasons_required ? ", with reasons" : "", sd->request_cite);
    if (sd->request_assumption) fprintf(out, "      assumption: %s\n", sd->request_assumption);
    for (int i = 0; i < sd->n_duties; i++) {
        const rt_duty_desc *du = &sd->duties[i];
        fprintf(out, "    %s within %d %s of %s (\u00a7%s)\n", rt_duty_names[du->kind], du->n,
                rt_unit_name(du->unit, du->n), anchor_names[du->anchor], du->cite);
        if (du->assumption) fprintf(out, "      assumption: %s\n", du->assumption);
        if (du->ext_max >= 0)
            fprintf(out, "      extensions add at most %d %s%s (\u00a7%s)\n", du->ext_max,
                    rt_unit_name(RT_WORKING_DAYS, du->ext_max),
                    du->ext_more_if_agreed ? ", more if the customer agrees" : "", du->ext_cite);
    }
    if (sd->tell)
        fprintf(out, "    on an extension the customer is told: %s (\u00a7%s)\n", sd->tell,
                sd->tell_cite);
    if (sd->tell_beyond)
        fprintf(out, "    on an extension beyond the limit the customer is told: %s (\u00a7%s)\n",
                sd->tell_beyond, sd->tell_beyond_cite);
    if (sd->n_includes) {
        fprintf(out, "    the response must include:");
        for (int i = 0; i < sd->n_includes; i++)
            fprintf(out, "%s %s", i ? "," : "", sd->includes[i]);
        fprintf(out, " (\u00a7%s)\n", sd->includes_cite);
    }
    if (sd->close_n)
        fprintf(out, "    closes by itself %d %s after the response without a reply (\u00a7%s)\n",
                sd->close_n, rt_unit_name(sd->close_unit, sd->close_n), sd->close_cite);
}

/* Where the customer may go after the last stage, and the restriction of contact. */
static void explain_ombudsman_restriction(const rt_policy *p, FILE *out)
{
    if (p->ombudsman.present && p->ombudsman.n == 0)
        fprintf(out, "\nHousing Ombudsman: as soon as the %s response is given (\u00a7%s)\n",
                p->stages[p->ombudsman.stage].id, p->ombudsman.cite);
    else if (p->ombudsman.present)
        fprintf(out, "\nHousing Ombudsman: from %d %s after the %s response (\u00a7%s)\n",
                p->ombudsman.n, rt_unit_name(p->ombudsman.unit, p->ombudsman.n),
                p->stages[p->ombudsman.stage].id, p->ombudsman.cite);
    const rt_restriction_desc *r = &p->restriction;
    if (r->present) {
        fprintf(out, "\nContact restricted (unreasonable behaviour) from %s", p->facts[r->from].name);
        if (r->review >= 0) fprintf(out, ", reviewed by %s", p->facts[r->review].name);
        else if (r->n > 0) fprintf(out, ", reviewed within %d %s", r->n, rt_unit_name(r->unit, r->n));
        fprintf(out, " (\u00a7%s)\n", r->cite);
        if (r->assumption) fprintf(out, "  assumption: %s\n", r->assumption);
    }
}

/* The outcomes a response records, and the measures the policy promises to report. */
static void explain_outcomes_measures(const rt_policy *p, FILE *out)
{
    if (p->n_outcomes) {
        fprintf(out, "\nOutcomes:");
        for (int i = 0; i < p->n_outcomes; i++)
            fprintf(out, "%s %s", i ? "," : "", p->outcomes[i].name);
        fprintf(out, " (\u00a7%s)\n", p->outcomes[0].cite);
    }
    static const char *const measure_words[] = {"received at", "responded on time at",
                                                "upheld at", "resolved at", "escalated to",
                                                "refused", "referred to the Ombudsman",
                                                "compensation awarded"};
    if (p->n_measures) fprintf(out, "\nMeasures it reports:\n");
    for (int i = 0; i < p->n_measures; i++) {
        const rt_measure_desc *m = &p->measures[i];
        fprintf(out, "  %s: %s%s%s (\u00a7%s)\n", m->name, measure_words[m->kind],
                m->kind <= RT_M_ESCALATED ? " " : "",
                m->kind <= RT_M_ESCALATED ? p->stages[m->stage].id : "", m->cite);
    }
}

static void explain_text(const rt_policy *p, FILE *out)
{
    fprintf(out, "%s: %s\n", p->organisation, p->document);
    fprintf(out, "version %s, issued %s, revised %s\n", p->doc_version, p->issued, p->revised);
    fprintf(out, "policy %s from %s (sha256 %s)\n", p->id, p->source_file, p->source_hash);
    fprintf(out, "working days: Monday to Friday except %s bank holidays", cal_names[p->calendar]);
    if (p->n_closures)
        fprintf(out, " and %d declared closure day%s", p->n_closures, p->n_closures == 1 ? "" : "s");
    fputc('\n', out);
    fprintf(out, "\nNot complaints:\n");
    for (int i = 0; i < p->n_noncomplaints; i++)
        fprintf(out, "  %s (\u00a7%s)\n", rt_kind_words[p->noncomplaints[i].kind],
                p->noncomplaints[i].cite);
    if (p->n_redirects) fprintf(out, "\nHandled under other procedures:\n");
    for (int i = 0; i < p->n_redirects; i++) {
        const rt_redirect_desc *r = &p->redirects[i];
        fprintf(out, "  %s: when %s, under %s (\u00a7%s)\n", r->name, r->when_text, r->to, r->cite);
        if (r->assumption) fprintf(out, "    assumption: %s\n", r->assumption);
    }
    if (p->n_advice) fprintf(out, "\nWhat the customer is told:\n");
    for (int i = 0; i < p->n_advice; i++)
        fprintf(out, "  when %s: %s (\u00a7%s)\n", p->advice[i].when_text, p->advice[i].text,
                p->advice[i].cite);
    fprintf(out, "\nRefusals, checked in this order:\n");
    for (int i = 0; i < p->n_refusals; i++) {
        const rt_refusal_desc *r = &p->refusals[i];
        fprintf(out, "  %s: refused when %s (\u00a7%s)\n    because: %s\n", r->name, r->when_text,
                r->cite, r->reason);
        if (r->assumption) fprintf(out, "    assumption: %s\n", r->assumption);
    }
    fprintf(out, "\nStages:\n");
    for (int s = 0; s < p->n_stages; s++) explain_stage(p, s, out);
    explain_ombudsman_restriction(p, out);
    explain_compensation(p, out);
    explain_outcomes_measures(p, out);
    if (p->n_assumptions) fprintf(out, "\nAssumptions:\n");
    for (int i = 0; i < p->n_assumptions; i++)
        fprintf(out, "  - %s (\u00a7%s)\n", p->assumptions[i].text, p->assumptions[i].cite);
    if (p->n_waivers) fprintf(out, "\nFigures of the document not encoded:\n");
    for (int i = 0; i < p->n_waivers; i++)
        fprintf(out, "  '%s' (\u00a7%s): %s\n", p->waivers[i].figure, p->waivers[i].cite,
                p->waivers[i].because);
    fprintf(out, "\n%d scenario%s in the policy file; run them with `%s-complaints test`.\n",
            p->n_scenarios, p->n_scenarios == 1 ? "" : "s", p->id);
}

static void kv(rt_buf *b, const char *key, const char *value, bool comma)
{
    if (comma) rt_buf_putc(b, ',');
    rt_buf_json_string(b, key, strlen(key));
    rt_buf_putc(b, ':');
    if (value) rt_buf_json_string(b, value, strlen(value));
    else rt_buf_puts(b, "null");
}

static const char *const unit_ids[] = {"working_days", "days", "weeks", "months"};

/* "[{...},{...}]" under key, one object per item, each written by item(b, p, i) after its
 * brace: the lists of explain's JSON, which differ only in their members. */
static void json_list(rt_buf *b, const char *key, const rt_policy *p, int n,
                      void (*item)(rt_buf *, const rt_policy *, int))
{
    rt_buf_printf(b, ",\"%s\":[", key);
    for (int i = 0; i < n; i++) {
        rt_buf_puts(b, i ? ",{" : "{");
        item(b, p, i);
        rt_buf_putc(b, '}');
    }
    rt_buf_putc(b, ']');
}

static void json_noncomplaint(rt_buf *b, const rt_policy *p, int i)
{
    kv(b, "kind", rt_kind_names[p->noncomplaints[i].kind], false);
    kv(b, "cite", p->noncomplaints[i].cite, true);
    kv(b, "assumption", p->noncomplaints[i].assumption, true);
}

static void json_refusal(rt_buf *b, const rt_policy *p, int i)
{
    const rt_refusal_desc *r = &p->refusals[i];
    kv(b, "name", r->name, false);
    kv(b, "when", r->when_text, true);
    kv(b, "reason", r->reason, true);
    kv(b, "cite", r->cite, true);
    kv(b, "assumption", r->assumption, true);
}

static void json_duties(rt_buf *b, const rt_stage_desc *sd)
{
    static const char *const anchor_ids[] = {"receipt", "request", "acknowledgement", "response"};
    rt_buf_puts(b, ",\"duties\":[");
    for (int i = 0; i < sd->n_duties; i++) {
        const rt_duty_desc *du = &sd->duties[i];
        rt_buf_printf(b, "%s{\"duty\":\"%s\",\"n\":%d,\"unit\":\"%s\",\"from\":\"%s\"",
                      i ? "," : "", rt_duty_names[du->kind], du->n, unit_ids[du->unit],
                      anchor_ids[du->anchor]);
        kv(b, "cite", du->cite, true);
        kv(b, "assumption", du->assumption, true);
        if (du->ext_max >= 0)
            rt_buf_printf(b, ",\"extension_max\":%d,\"extension_more_if_agreed\":%s",
                          du->ext_max, du->ext_more_if_agreed ? "true" : "false");
        rt_buf_putc(b, '}');
    }
    rt_buf_putc(b, ']');
}

static void json_stage(rt_buf *b, const rt_policy *p, int s)
{
    const rt_stage_desc *sd = &p->stages[s];
    kv(b, "id", sd->id, false);
    kv(b, "title", sd->title, true);
    kv(b, "handler", sd->handler, true);
    rt_buf_printf(b, ",\"on_receipt\":%s,\"on_request\":%s,\"automatic\":%s,"
                      "\"reasons_required\":%s",
                  sd->on_receipt ? "true" : "false", sd->on_request ? "true" : "false",
                  sd->automatic ? "true" : "false", sd->reasons_required ? "true" : "false");
    if (sd->on_request && sd->window_n > 0)
        rt_buf_printf(b, ",\"window\":{\"n\":%d,\"unit\":\"%s\"}", sd->window_n,
                      unit_ids[sd->window_unit]);
    if (sd->close_n > 0)
        rt_buf_printf(b, ",\"auto_close\":{\"n\":%d,\"unit\":\"%s\"}", sd->close_n,
                      unit_ids[sd->close_unit]);
    kv(b, "receipt_cite", sd->receipt_cite, true);
    kv(b, "request_cite", sd->request_cite, true);
    kv(b, "auto_cite", sd->auto_cite, true);
    kv(b, "receipt_assumption", sd->receipt_assumption, true);
    kv(b, "request_assumption", sd->request_assumption, true);
    kv(b, "auto_assumption", sd->auto_assumption, true);
    json_duties(b, sd);
    rt_buf_puts(b, ",\"includes\":[");
    for (int i = 0; i < sd->n_includes; i++) {
        if (i) rt_buf_putc(b, ',');
        rt_buf_json_string(b, sd->includes[i], strlen(sd->includes[i]));
    }
    rt_buf_puts(b, "]");
    kv(b, "includes_cite", sd->includes_cite, true);
    kv(b, "close_cite", sd->close_cite, true);
    if (sd->tell) {
        kv(b, "tell", sd->tell, true);
        kv(b, "tell_cite", sd->tell_cite, true);
    }
    if (sd->tell_beyond) {
        kv(b, "tell_beyond", sd->tell_beyond, true);
        kv(b, "tell_beyond_cite", sd->tell_beyond_cite, true);
    }
}

static void json_redirect(rt_buf *b, const rt_policy *p, int i)
{
    kv(b, "name", p->redirects[i].name, false);
    kv(b, "when", p->redirects[i].when_text, true);
    kv(b, "to", p->redirects[i].to, true);
    kv(b, "cite", p->redirects[i].cite, true);
    kv(b, "assumption", p->redirects[i].assumption, true);
}

static void json_award(rt_buf *b, const rt_policy *p, int i)
{
    const rt_award_desc *a = &p->awards[i];
    kv(b, "name", a->name, false);
    kv(b, "kind", a->kind == RT_AWARD_DAILY ? "daily" : "fixed", true);
    rt_buf_printf(b, ",\"pence\":%lld,\"cap_pence\":%lld", (long long)a->pence,
                  (long long)a->cap_pence);
    if (a->kind == RT_AWARD_DAILY) {
        kv(b, "from", p->facts[a->from_fact].name, true);
        kv(b, "until", p->facts[a->until_fact].name, true);
    }
    kv(b, "amount_fact", a->amount_fact >= 0 ? p->facts[a->amount_fact].name : NULL, true);
    kv(b, "when", a->when_text, true);
    kv(b, "cite", a->cite, true);
    kv(b, "assumption", a->assumption, true);
}

static void json_bar(rt_buf *b, const rt_policy *p, int i)
{
    kv(b, "when", p->bars[i].when_text, false);
    kv(b, "cite", p->bars[i].cite, true);
    kv(b, "assumption", p->bars[i].assumption, true);
}

static void json_advice(rt_buf *b, const rt_policy *p, int i)
{
    kv(b, "text", p->advice[i].text, false);
    kv(b, "when", p->advice[i].when_text, true);
    kv(b, "cite", p->advice[i].cite, true);
}

static void json_measure(rt_buf *b, const rt_policy *p, int i)
{
    static const char *const kinds[] = {"received", "responded on time", "upheld", "resolved",
                                        "escalated", "refused", "referred", "compensation"};
    const rt_measure_desc *m = &p->measures[i];
    kv(b, "name", m->name, false);
    kv(b, "kind", kinds[m->kind], true);
    kv(b, "stage", m->kind <= RT_M_ESCALATED ? p->stages[m->stage].id : NULL, true);
    kv(b, "cite", m->cite, true);
}

static void json_assumption(rt_buf *b, const rt_policy *p, int i)
{
    kv(b, "text", p->assumptions[i].text, false);
    kv(b, "cite", p->assumptions[i].cite, true);
}

static void json_waiver(rt_buf *b, const rt_policy *p, int i)
{
    kv(b, "figure", p->waivers[i].figure, false);
    kv(b, "cite", p->waivers[i].cite, true);
    kv(b, "because", p->waivers[i].because, true);
}

static void json_band(rt_buf *b, const rt_policy *p, int i)
{
    rt_buf_printf(b, "\"from_pence\":%lld,\"below_pence\":%lld",
                  (long long)p->bands[i].from_pence, (long long)p->bands[i].below_pence);
    kv(b, "who", p->bands[i].who, true);
    kv(b, "cite", p->bands[i].cite, true);
}

/* The parts a policy has at most one of, null where it has none: the offset, then (after
 * the lists) the Ombudsman and the restriction of contact. */
static void json_offset(rt_buf *b, const rt_policy *p)
{
    rt_buf_puts(b, ",\"offset\":");
    if (p->offset.present) {
        rt_buf_putc(b, '{');
        kv(b, "against", p->facts[p->offset.fact].name, false);
        kv(b, "when", p->offset.when_text, true);
        kv(b, "cite", p->offset.cite, true);
        kv(b, "assumption", p->offset.assumption, true);
        rt_buf_putc(b, '}');
    } else {
        rt_buf_puts(b, "null");
    }
}

static void json_ombudsman_restriction(rt_buf *b, const rt_policy *p)
{
    rt_buf_puts(b, ",\"ombudsman\":");
    if (p->ombudsman.present) {
        rt_buf_printf(b, "{\"after_stage\":\"%s\",\"n\":%d,\"unit\":\"%s\"",
                      p->stages[p->ombudsman.stage].id, p->ombudsman.n,
                      unit_ids[p->ombudsman.unit]);
        kv(b, "cite", p->ombudsman.cite, true);
        kv(b, "assumption", p->ombudsman.assumption, true);
        rt_buf_putc(b, '}');
    } else {
        rt_buf_puts(b, "null");
    }
    rt_buf_puts(b, ",\"restriction\":");
    if (p->restriction.present) {
        const rt_restriction_desc *r = &p->restriction;
        rt_buf_putc(b, '{');
        kv(b, "from", p->facts[r->from].name, false);
        kv(b, "review", r->review >= 0 ? p->facts[r->review].name : NULL, true);
        if (r->n > 0) rt_buf_printf(b, ",\"n\":%d,\"unit\":\"%s\"", r->n, unit_ids[r->unit]);
        kv(b, "cite", r->cite, true);
        kv(b, "assumption", r->assumption, true);
        rt_buf_putc(b, '}');
    } else {
        rt_buf_puts(b, "null");
    }
}

void rt_explain_json(const rt_policy *p, rt_buf *b)
{
    rt_buf_putc(b, '{');
    kv(b, "policy", p->id, false);
    kv(b, "organisation", p->organisation, true);
    kv(b, "document", p->document, true);
    kv(b, "version", p->doc_version, true);
    kv(b, "source", p->source_file, true);
    kv(b, "sha256", p->source_hash, true);
    kv(b, "calendar", cal_names[p->calendar], true);
    json_list(b, "not_complaints", p, p->n_noncomplaints, json_noncomplaint);
    json_list(b, "refusals", p, p->n_refusals, json_refusal);
    json_list(b, "stages", p, p->n_stages, json_stage);
    json_list(b, "redirects", p, p->n_redirects, json_redirect);
    json_list(b, "awards", p, p->n_awards, json_award);
    json_list(b, "no_compensation", p, p->n_bars, json_bar);
    json_offset(b, p);
    json_list(b, "advice", p, p->n_advice, json_advice);
    json_list(b, "measures", p, p->n_measures, json_measure);
    json_list(b, "approval", p, p->n_bands, json_band);
    json_ombudsman_restriction(b, p);
    json_list(b, "assumptions", p, p->n_assumptions, json_assumption);
    json_list(b, "not_encoded", p, p->n_waivers, json_waiver);
    rt_buf_printf(b, ",\"scenarios\":%d}\n", p->n_scenarios);
}

void rt_explain(const rt_policy *p, bool json, FILE *out)
{
    if (json) {
        rt_buf b = {0};
        rt_explain_json(p, &b);
        fwrite(b.p, 1, b.n, out);
        rt_buf_free(&b);
    } else {
        explain_text(p, out);
    }
}
