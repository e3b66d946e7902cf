/* card.c: redressc render: a checked policy as a card a complaints manager or an auditor can
 * read beside the published document, as Markdown or as one self-contained HTML page. */
#include "card.h"
#include "check.h"
#include <string.h>

/* The page being written: the same calls make Markdown or HTML. Text from the policy file
 * only ever reaches the page through esc(), so no string in a policy can open markup. */
typedef struct {
    ast_policy *P;
    bool html;
    FILE *out;
    int lists;      /* HTML lists open, each with its last item open */
    bool listed;    /* Markdown: a list is being written, to end with a blank line */
} card;

/* Free text: HTML's specials as entities; for Markdown, every character that could start
 * emphasis, a link, code, a table cell or raw HTML, backslashed. A line break in a string
 * is kept as one. */
static const char *esc(card *c, const char *s)
{
    rt_buf b = {0};
    for (; *s; s++) {
        const char *ent = NULL;
        if (*s == '\n') ent = "<br>";
        else if (c->html && *s == '&') ent = "&amp;";
        else if (c->html && *s == '<') ent = "&lt;";
        else if (c->html && *s == '>') ent = "&gt;";
        else if (c->html && *s == '"') ent = "&quot;";
        else if (c->html && *s == '\'') ent = "&#39;";
        if (ent) rt_buf_puts(&b, ent);
        else {
            if (!c->html && strchr("\\`*_[]<>|&~#!", *s)) rt_buf_putc(&b, '\\');
            rt_buf_putc(&b, *s);
        }
    }
    const char *r = arena_strndup(c->P->arena, b.p ? b.p : "", b.n);
    rt_buf_free(&b);
    return r;
}

/* A name from the policy (a fact, stage or rule), set as code. Markdown takes a code span's
 * text as it is, backslashes and all; the language's names hold no backtick to end one, and
 * any other text with one is set as plain text instead. */
static const char *code(card *c, const char *name)
{
    if (c->html) return arena_printf(c->P->arena, "<code>%s</code>", esc(c, name));
    if (strchr(name, '`') || strchr(name, '\n')) return esc(c, name);
    return arena_printf(c->P->arena, "`%s`", name);
}

static const char *strong(card *c, const char *marked)
{
    return arena_printf(c->P->arena, c->html ? "<strong>%s</strong>" : "**%s**", marked);
}

static const char *cat(card *c, const char *a, const char *b)
{
    return arena_printf(c->P->arena, "%s%s", a, b);
}

static bool paragraph_number(const char *s)
{
    if (*s < '0' || *s > '9') return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || *s == '.' || (*s >= 'a' && *s <= 'z'))) return false;
    return true;
}

const char *card_cite(ast_policy *P, const ast_cite *ct)
{
    if (paragraph_number(ct->text)) return arena_printf(P->arena, "\u00a7%s", ct->text);
    rt_buf b = {0};
    rt_buf_puts(&b, "\u00a7\"");
    for (const char *s = ct->text; *s; s++) {
        if (*s == '"' || *s == '\\') rt_buf_putc(&b, '\\');
        if (*s == '\n') rt_buf_puts(&b, "\\n");
        else rt_buf_putc(&b, *s);
    }
    rt_buf_putc(&b, '"');
    const char *r = arena_strndup(P->arena, b.p, b.n);
    rt_buf_free(&b);
    return r;
}

const char *card_cites(ast_policy *P, const ast_cite *ct)
{
    const char *s = "";
    for (; ct; ct = ct->next)
        s = arena_printf(P->arena, "%s%s%s", s, *s ? " " : "", card_cite(P, ct));
    return s;
}

/* " (§15 §17)", escaped for the page; "" when the rule cites nothing. */
static const char *cited(card *c, const ast_cite *ct)
{
    return ct ? arena_printf(c->P->arena, " (%s)", esc(c, card_cites(c->P, ct))) : "";
}

/* ---- blocks ---- */

static void end_lists(card *c)
{
    if (!c->html) return;
    for (; c->lists > 0; c->lists--) fputs("</li></ul>\n", c->out);
}

static void heading(card *c, int level, const char *marked)
{
    end_lists(c);
    if (c->html) fprintf(c->out, "<h%d>%s</h%d>\n", level, marked, level);
    else fprintf(c->out, "%.*s %s\n\n", level, "######", marked);
}

static void para(card *c, const char *marked)
{
    end_lists(c);
    if (c->html) fprintf(c->out, "<p>%s</p>\n", marked);
    else fprintf(c->out, "%s\n\n", marked);
}

/* An item of a list at depth (0: top), after items at the same depth or one above. */
static void item(card *c, int depth, const char *marked)
{
    if (!c->html) {
        fprintf(c->out, "%*s- %s\n", depth * 2, "", marked);
        c->listed = true;
        return;
    }
    for (; c->lists > depth + 1; c->lists--) fputs("</li></ul>", c->out);
    if (c->lists == depth + 1) fputs("</li>\n", c->out);
    else fputs("<ul>", c->out), c->lists++;
    fprintf(c->out, "<li>%s", marked);
}

static void list_end(card *c)
{
    if (c->html) end_lists(c);
    else if (c->listed) fputc('\n', c->out);
    c->listed = false;
}

static void row(card *c, const char *const *cells, int n, bool head)
{
    if (c->html) {
        fputs("<tr>", c->out);
        for (int i = 0; i < n; i++)
            fprintf(c->out, head ? "<th>%s</th>" : "<td>%s</td>", cells[i]);
        fputs("</tr>\n", c->out);
        return;
    }
    for (int i = 0; i < n; i++) fprintf(c->out, "| %s ", cells[i]);
    fputs("|\n", c->out);
    if (head) {
        for (int i = 0; i < n; i++) fputs("|---", c->out);
        fputs("|\n", c->out);
    }
}

static void table(card *c, const char *const *heads, int n)
{
    end_lists(c);
    if (c->html) fputs("<table>\n", c->out);
    row(c, heads, n, true);
}

static void table_end(card *c)
{
    fputs(c->html ? "</table>\n" : "\n", c->out);
}

/* An author's assumption under the item it qualifies. */
static void assumed(card *c, int depth, const char *assumption)
{
    if (assumption) item(c, depth, cat(c, "assumed: ", esc(c, assumption)));
}

/* ---- sections ---- */

/* £1,000.00 or £2.50: pounds in thousands, as the documents write them. */
static const char *money(card *c, int64_t pence)
{
    long long pounds = (long long)(pence / 100);
    const char *s = arena_printf(c->P->arena, "%03lld.%02lld", pounds % 1000,
                                 (long long)(pence % 100));
    for (pounds /= 1000; pounds > 0; pounds /= 1000)
        s = arena_printf(c->P->arena, "%03lld,%s", pounds % 1000, s);
    while (s[0] == '0' && s[1] != '.') s++; /* the leading zeros of the first group */
    return arena_printf(c->P->arena, "\u00a3%s", s);
}

static void header(card *c, const char *source, const char *sha256)
{
    ast_policy *P = c->P;
    const char *title = esc(c, P->organisation.given ? P->organisation.text : P->id.text);
    if (P->document.given) title = arena_printf(P->arena, "%s: %s", title, esc(c, P->document.text));
    heading(c, 1, title);
    const char *dates = "";
    if (P->version.given) dates = cat(c, "Version ", esc(c, P->version.text));
    if (P->issued.given)
        dates = arena_printf(P->arena, "%s%s %s", dates, *dates ? ", issued" : "Issued",
                             esc(c, P->issued.text));
    if (P->revised.given)
        dates = arena_printf(P->arena, "%s%s %s", dates, *dates ? ", revised" : "Revised",
                             esc(c, P->revised.text));
    if (*dates) para(c, cat(c, dates, "."));
    para(c, arena_printf(P->arena, "Encoded as policy %s in %s, sha256 %s: the source an engine "
                                   "built from it names in its %s.",
                         code(c, P->id.text), esc(c, source), code(c, sha256), code(c, "explain")));
    const char *days = arena_printf(P->arena, "Working days: Monday to Friday except %s bank "
                                    "holidays", esc(c, P->calendar.given ? P->calendar.text
                                                                        : "england-and-wales"));
    if (P->closures) days = cat(c, days, ", and the closure days below");
    if (P->closed_by.given)
        days = arena_printf(P->arena, "%s, and the days %s says the offices are closed%s", days,
                            code(c, P->closed_by.by.text), cited(c, P->closed_by.cites));
    para(c, cat(c, days, "."));
    if (P->closed_by.given && P->closed_by.assumption)
        para(c, cat(c, "Assumed: ", esc(c, P->closed_by.assumption)));
    if (P->homes > 0) para(c, arena_printf(P->arena, "Homes: %ld.", P->homes));
    if (!P->closures) return;
    heading(c, 2, "Closure days");
    static const char *const heads[] = {"Date", "Why"};
    table(c, heads, 2);
    for (ast_closure *k = P->closures; k; k = k->next) {
        char d[11];
        rt_format_date((rt_day)k->date, d);
        const char *cells[] = {arena_strndup(P->arena, d, 10), esc(c, k->why ? k->why : "")};
        row(c, cells, 2, false);
    }
    table_end(c);
}

/* "lead a, b, c", each name set as code. */
static const char *names(card *c, const char *lead, const ast_name *list)
{
    for (const ast_name *n = list; n; n = n->next)
        lead = arena_printf(c->P->arena, "%s%s %s", lead, n == list ? "" : ",", code(c, n->text));
    return lead;
}

static const char *type_of(card *c, const ast_fact *f)
{
    if (f->type != TY_ENUM) return esc(c, check_type_name((ast_type){f->type, NULL}));
    return names(c, "one of", f->values);
}

static void facts(card *c)
{
    if (!c->P->facts) return;
    heading(c, 2, "Facts the rules read");
    para(c, "What the event log can carry in an event's facts for these rules to read.");
    static const char *const heads[] = {"Fact", "Type", "When not given"};
    table(c, heads, 3);
    for (ast_fact *f = c->P->facts; f; f = f->next) {
        /* as rt_fact reads it: the fallback's value, and a yes/no that is still not known is no */
        const char *missing = f->type == TY_BOOL ? "no" : "unknown";
        if (f->otherwise)
            missing = arena_printf(c->P->arena, "taken from %s, else %s",
                                   code(c, f->otherwise->text), missing);
        const char *cells[] = {code(c, f->name), type_of(c, f), missing};
        row(c, cells, 3, false);
    }
    table_end(c);
}

static const char *kind_words(card *c, const char *kind)
{
    int k = check_lookup(rt_kind_names, RT_KIND_COUNT, kind);
    return k >= 0 ? esc(c, rt_kind_words[k]) : code(c, kind);
}

static void not_complaints(card *c)
{
    ast_policy *P = c->P;
    if (P->noncomplaints) heading(c, 2, "What is not a complaint");
    for (ast_noncomplaint *n = P->noncomplaints; n; n = n->next) {
        const char *s = "";
        for (ast_name *k = n->kinds; k; k = k->next)
            s = arena_printf(P->arena, "%s%s%s", s, *s ? "; " : "", kind_words(c, k->text));
        item(c, 0, cat(c, s, cited(c, n->cites)));
        assumed(c, 1, n->assumption);
    }
    if (P->noncomplaints) list_end(c);
    if (P->redirects) heading(c, 2, "Handled under another procedure");
    for (ast_redirect *r = P->redirects; r; r = r->next) {
        item(c, 0, arena_printf(P->arena, "%s: when %s, under %s%s", code(c, r->name),
                                esc(c, r->when_text), esc(c, r->to), cited(c, r->cites)));
        assumed(c, 1, r->assumption);
    }
    if (P->redirects) list_end(c);
    if (P->advice) heading(c, 2, "What the customer is told");
    for (ast_advice *a = P->advice; a; a = a->next)
        item(c, 0, arena_printf(P->arena, "when %s: %s%s", esc(c, a->when_text), esc(c, a->text),
                                cited(c, a->cites)));
    if (P->advice) list_end(c);
}

static void refusals(card *c)
{
    if (!c->P->refusals) return;
    heading(c, 2, "Refusals, checked in this order");
    for (ast_refusal *r = c->P->refusals; r; r = r->next) {
        item(c, 0, arena_printf(c->P->arena, "%s: refused when %s%s", code(c, r->name),
                                esc(c, r->when_text), cited(c, r->cites)));
        item(c, 1, cat(c, "because: ", esc(c, r->reason)));
        assumed(c, 1, r->assumption);
    }
    list_end(c);
}

/* How a case enters the stage, each way with its citations and assumption. A way in from
 * an earlier stage is from prev: the checker holds any stage it names to be that one. */
static void entries(card *c, const ast_stage *s, const ast_stage *prev)
{
    ast_policy *P = c->P;
    if (s->handler) item(c, 0, cat(c, cat(c, "handled by ", esc(c, s->handler)), cited(c, s->handler_cites)));
    if (s->receipt.given) {
        item(c, 0, cat(c, "entered on receipt", cited(c, s->receipt.cites)));
        assumed(c, 1, s->receipt.assumption);
    }
    if (s->request.given) {
        const char *w = s->reasons ? "entered at the customer's request, with reasons"
                                   : "entered at the customer's request";
        if (s->window_n > 0)
            w = arena_printf(P->arena, "%s, within %s of the %s response", w,
                             ast_period_text(c->P, s->window_n, s->window_unit), code(c, prev->id));
        item(c, 0, cat(c, w, cited(c, s->request.cites)));
        assumed(c, 1, s->request.assumption);
    }
    if (s->automatic.given) {
        item(c, 0, arena_printf(P->arena, "entered by itself when the %s target passes%s",
                                code(c, prev->id), cited(c, s->automatic.cites)));
        assumed(c, 1, s->automatic.assumption);
    }
    if (s->ext.given) {
        item(c, 0, arena_printf(P->arena, "an extension adds at most %s%s%s",
                                ast_period_text(c->P, s->ext_n, s->ext_unit),
                                s->ext_more_if_agreed ? ", more if the customer agrees" : "",
                                cited(c, s->ext.cites)));
        assumed(c, 1, s->ext.assumption);
    }
    const struct { const ast_rule *rule; const char *text, *on; } tells[] = {
        {&s->tell, s->tell_text, "an extension"},
        {&s->tell_beyond, s->tell_beyond_text, "an extension beyond the limit"}};
    for (size_t i = 0; i < sizeof tells / sizeof tells[0]; i++) {
        if (!tells[i].rule->given) continue;
        item(c, 0, arena_printf(P->arena, "on %s the customer is told %s%s", tells[i].on,
                                esc(c, tells[i].text), cited(c, tells[i].rule->cites)));
        assumed(c, 1, tells[i].rule->assumption);
    }
    if (s->close.given) {
        item(c, 0, arena_printf(P->arena, "closes by itself %s after the response without a reply%s",
                                ast_period_text(c->P, s->close_n, s->close_unit), cited(c, s->close.cites)));
        assumed(c, 1, s->close.assumption);
    }
    if (s->includes)
        item(c, 0, cat(c, names(c, "the response must include:", s->includes),
                       cited(c, s->includes_rule.cites)));
    list_end(c);
}

static void duties(card *c, const ast_stage *s)
{
    if (!s->duties) return;
    static const char *const heads[] = {"Duty", "Within", "Counted from", "Cites"};
    table(c, heads, 4);
    for (ast_duty *d = s->duties; d; d = d->next) {
        const char *cells[] = {esc(c, ast_duty_text(d->kind)), ast_period_text(c->P, d->n, d->unit),
                               esc(c, ast_anchor_text(d->anchor)),
                               esc(c, card_cites(c->P, d->cites))};
        row(c, cells, 4, false);
    }
    table_end(c);
    for (ast_duty *d = s->duties; d; d = d->next)
        if (d->assumption)
            item(c, 0, arena_printf(c->P->arena, "%s, assumed: %s", esc(c, ast_duty_text(d->kind)),
                                    esc(c, d->assumption)));
    list_end(c);
}

static void stages(card *c)
{
    ast_policy *P = c->P;
    heading(c, 2, "Stages");
    const ast_stage *prev = NULL;
    for (ast_stage *s = P->stages; s; prev = s, s = s->next) {
        heading(c, 3, arena_printf(P->arena, "%s: %s", code(c, s->id), esc(c, s->title ? s->title : s->id)));
        entries(c, s, prev);
        duties(c, s);
    }
    if (P->ombudsman.given) {
        heading(c, 2, "The Housing Ombudsman");
        const char *after = code(c, P->ombudsman.after.text);
        para(c, P->ombudsman.n
                    ? arena_printf(P->arena, "The customer can go to the Ombudsman from %s after the "
                                             "%s response%s.", ast_period_text(c->P, P->ombudsman.n, P->ombudsman.unit),
                                   after, cited(c, P->ombudsman.cites))
                    : arena_printf(P->arena, "The customer can go to the Ombudsman from the %s "
                                             "response%s.", after, cited(c, P->ombudsman.cites)));
        if (P->ombudsman.assumption) para(c, cat(c, "Assumed: ", esc(c, P->ombudsman.assumption)));
    }
    if (P->restriction.given) {
        heading(c, 2, "Unreasonable behaviour");
        const char *review =
            P->restriction.review_name
                ? cat(c, ", and reviewed by the date in ", code(c, P->restriction.review_name->text))
            : P->restriction.n > 0
                ? cat(c, ", and reviewed within ",
                      ast_period_text(P, P->restriction.n, P->restriction.unit))
                : "";
        para(c, arena_printf(P->arena, "Contact may be restricted from the date in %s%s%s.",
                             code(c, P->restriction.from_name->text), review,
                             cited(c, P->restriction.cites)));
        if (P->restriction.assumption) para(c, cat(c, "Assumed: ", esc(c, P->restriction.assumption)));
    }
    if (P->outcomes) para(c, cat(c, names(c, "Outcomes:", P->outcomes), cited(c, P->outcome_cites)));
}

static void awards(card *c)
{
    ast_policy *P = c->P;
    for (ast_award *a = P->awards; a; a = a->next) {
        const char *w;
        if (a->kind == AWARD_DAILY)
            w = arena_printf(P->arena, "%s a day from %s to %s", money(c, a->pence),
                             code(c, a->from->text), code(c, a->until->text));
        else
            w = a->amount ? cat(c, "the amount in ", code(c, a->amount->text)) : money(c, a->pence);
        if (a->cap >= 0) w = arena_printf(P->arena, "%s, at most %s", w, money(c, a->cap));
        if (a->when_text) w = arena_printf(P->arena, "%s, when %s", w, esc(c, a->when_text));
        item(c, 0, arena_printf(P->arena, "%s: %s%s", code(c, a->name), w, cited(c, a->cites)));
        assumed(c, 1, a->assumption);
    }
    for (ast_bar *b = P->bars; b; b = b->next) {
        item(c, 0, arena_printf(P->arena, "no compensation when %s%s", esc(c, b->when_text),
                                cited(c, b->cites)));
        assumed(c, 1, b->assumption);
    }
    if (P->offset.given) {
        item(c, 0, arena_printf(P->arena, "offset against %s%s%s", code(c, P->offset.fact_name->text),
                                P->offset.when_text ? cat(c, " where ", esc(c, P->offset.when_text))
                                                    : ", always",
                                cited(c, P->offset.cites)));
        assumed(c, 1, P->offset.assumption);
    }
    list_end(c);
}

static void compensation(card *c)
{
    ast_policy *P = c->P;
    if (!P->awards && !P->bars && !P->offset.given && !P->bands) return;
    heading(c, 2, "Compensation");
    awards(c);
    if (!P->bands) return;
    static const char *const heads[] = {"Amount", "Approved by", "Cites"};
    table(c, heads, 3);
    for (ast_band *b = P->bands; b; b = b->next) {
        const char *amount = b->below < 0   ? cat(c, "from ", money(c, b->from))
                             : b->from == 0 ? cat(c, "below ", money(c, b->below))
                                            : arena_printf(P->arena, "from %s, below %s",
                                                           money(c, b->from), money(c, b->below));
        const char *cells[] = {amount, esc(c, b->who), esc(c, card_cites(P, b->cites))};
        row(c, cells, 3, false);
    }
    table_end(c);
}

static void measures(card *c)
{
    ast_policy *P = c->P;
    if (!P->measures) return;
    heading(c, 2, "What it promises to report");
    static const char *const heads[] = {"Measure", "Counts", "Cites"};
    table(c, heads, 3);
    for (ast_measure *m = P->measures; m; m = m->next) {
        const char *what = esc(c, m->what->text);
        if (m->on_time) what = cat(c, what, " on time");
        if (m->stage_name)
            what = arena_printf(P->arena, "%s %s %s", what,
                                strcmp(m->what->text, "escalated") ? "at" : "to",
                                code(c, m->stage_name->text));
        const char *cells[] = {esc(c, m->label), what, esc(c, card_cites(P, m->cites))};
        row(c, cells, 3, false);
    }
    table_end(c);
}

static void notes(card *c)
{
    ast_policy *P = c->P;
    if (P->assumptions) heading(c, 2, "What the policy's author assumed");
    for (ast_assumption *a = P->assumptions; a; a = a->next)
        item(c, 0, cat(c, esc(c, a->text), cited(c, a->cites)));
    if (P->assumptions) list_end(c);
    if (P->waivers) heading(c, 2, "Figures of the document not encoded");
    for (ast_waiver *w = P->waivers; w; w = w->next)
        item(c, 0, arena_printf(P->arena, "%s%s: %s", strong(c, esc(c, w->text)), cited(c, w->cites),
                                esc(c, w->because)));
    if (P->waivers) list_end(c);
    if (P->externs) heading(c, 2, "Functions from outside the policy");
    for (ast_extern *x = P->externs; x; x = x->next) {
        const char *params = "";
        for (int i = 0; i < x->params.n; i++)
            params = arena_printf(P->arena, "%s%s%s", params, i ? ", " : "",
                                  check_type_name((ast_type){x->params.t[i], NULL}));
        item(c, 0, arena_printf(P->arena, "%s(%s) gives %s, from %s%s", code(c, x->name),
                                esc(c, params), esc(c, check_type_name((ast_type){x->ret, NULL})),
                                esc(c, x->library), cited(c, x->cites)));
        assumed(c, 1, x->assumption);
    }
    if (P->externs) list_end(c);
}

static void scenarios(card *c)
{
    ast_policy *P = c->P;
    int n = 0;
    for (ast_scenario *s = P->scenarios; s; s = s->next) n++;
    if (!n) return;
    heading(c, 2, "Scenarios");
    para(c, arena_printf(P->arena, "%d scenario%s in the policy file, run by %s and by every build:",
                         n, n == 1 ? "" : "s", code(c, "redressc test")));
    for (ast_scenario *s = P->scenarios; s; s = s->next) item(c, 0, esc(c, s->name));
    list_end(c);
}

/* One page with its own style: nothing is fetched when it is opened. */
static void page_begin(card *c)
{
    ast_policy *P = c->P;
    fprintf(c->out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>%s</title>\n<style>\n"
            "body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;"
            " padding: 0 1rem; color: #1b1b1b; line-height: 1.45; }\n"
            "h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ccc; }\n"
            "table { border-collapse: collapse; margin: 0.5rem 0 1rem; }\n"
            "th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left;"
            " vertical-align: top; }\n"
            "th { background: #f0f0f0; } code { background: #f4f4f4; padding: 0 0.2rem; }\n"
            "</style>\n</head>\n<body>\n",
            esc(c, P->organisation.given ? P->organisation.text : P->id.text));
}

void card_render(ast_policy *P, const char *source, const char *sha256, bool html, FILE *out)
{
    card c = {P, html, out, 0, false};
    if (html) page_begin(&c);
    header(&c, source, sha256);
    facts(&c);
    not_complaints(&c);
    refusals(&c);
    stages(&c);
    compensation(&c);
    measures(&c);
    notes(&c);
    scenarios(&c);
    end_lists(&c);
    if (html) fputs("</body>\n</html>\n", out);
}
