/* graph.c: redressc graph: how a complaint moves through a policy, for Graphviz. A node for
 * receipt, each stage with its duties, and each way out; an edge for each way in, labelled
 * with the rule and the paragraphs it cites. */
#include "graph.h"
#include "card.h"
#include "check.h"
#include "rt_internal.h"
#include <string.h>

/* A DOT string's inside: quotes and backslashes escaped, a line break ending a line set
 * flush left, so no text from the policy can close the string or add a statement. */
static void dot_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', out);
        if (*s == '\n') fputs("\\l", out);
        else fputc(*s, out);
    }
}

/* Text for a label, escaped, its lines broken at a space past width so boxes stay narrow. */
static void dot_wrapped(FILE *out, const char *s, int width)
{
    int col = 0;
    for (; *s; s++) {
        if (*s == ' ' && col >= width) {
            fputs("\\l", out);
            col = 0;
            continue;
        }
        char one[2] = {*s, 0};
        dot_text(out, one);
        col = *s == '\n' ? 0 : col + ((*s & 0xC0) != 0x80);
    }
}

/* "id" [label="line\lline\l", attrs]: the label's lines (split at '\n') escaped, each ending
 * flush left. */
static void node(FILE *out, const char *id, const char *label, const char *attrs)
{
    fputs("    \"", out);
    dot_text(out, id);
    fputs("\" [label=\"", out);
    dot_wrapped(out, label, 56);
    fprintf(out, "\\l\"%s%s];\n", *attrs ? ", " : "", attrs);
}

/* A box's label grown a line at a time, in one buffer: a label of thousands of lines (a
 * policy's refusals), each copy of it the last one and a line, took memory quadratic in them
 * (20,000 refusals, 2.4 GB). */
static void line_add(rt_buf *label, const char *line)
{
    rt_buf_putc(label, '\n');
    rt_buf_puts(label, line);
}

static void edge(FILE *out, const char *from, const char *to, const char *label, const char *attrs)
{
    fputs("    \"", out);
    dot_text(out, from);
    fputs("\" -> \"", out);
    dot_text(out, to);
    fputs("\" [label=\"", out);
    dot_wrapped(out, label, 36);
    if (*label) fputs("\\l", out); /* every line of it flush left */
    fprintf(out, "\"%s%s];\n", *attrs ? ", " : "", attrs);
}

/* " (§15 §17)", or "" when nothing is cited. */
static const char *cited(ast_policy *P, const ast_cite *c)
{
    return c ? arena_printf(P->arena, " (%s)", card_cites(P, c)) : "";
}

static const char *stage_node(ast_policy *P, const char *id)
{
    return arena_printf(P->arena, "stage %s", id);
}

/* A stage's box: its name and title, then each duty with what it is counted from. */
static void stage_box(ast_policy *P, FILE *out, const ast_stage *s)
{
    rt_buf label = {0};
    rt_buf_printf(&label, "%s: %s", s->id, s->title ? s->title : s->id);
    for (const ast_duty *d = s->duties; d; d = d->next)
        line_add(&label, arena_printf(P->arena, "%s within %s of %s%s", ast_duty_text(d->kind),
                                      ast_period_text(P, d->n, d->unit), ast_anchor_text(d->anchor),
                                      cited(P, d->cites)));
    node(out, stage_node(P, s->id), label.p, "");
    rt_buf_free(&label);
}

/* The ways into a stage, each an edge from where the case was: a later stage is entered
 * from prev, as the checker holds any stage its rules name to be. */
static void ways_in(ast_policy *P, FILE *out, const ast_stage *s, const ast_stage *prev)
{
    const char *to = stage_node(P, s->id), *from = prev ? prev->id : NULL;
    if (s->receipt.given) edge(out, "received", to, arena_printf(P->arena, "on receipt%s", cited(P, s->receipt.cites)), "");
    if (s->request.given) {
        const char *w = s->reasons ? "at the customer's request, with reasons"
                                   : "at the customer's request";
        if (s->window_n > 0)
            w = arena_printf(P->arena, "%s,\nwithin %s of the %s response", w,
                             ast_period_text(P, s->window_n, s->window_unit), from);
        edge(out, stage_node(P, from), to, arena_printf(P->arena, "%s%s", w, cited(P, s->request.cites)), "");
    }
    if (s->automatic.given)
        edge(out, stage_node(P, from), to,
             arena_printf(P->arena, "by itself when\nthe %s target passes%s", from,
                          cited(P, s->automatic.cites)),
             "style=dashed");
    if (s->close.given)
        edge(out, to, "closed",
             arena_printf(P->arena, "no reply %s\nafter the response%s",
                          ast_period_text(P, s->close_n, s->close_unit), cited(P, s->close.cites)),
             "style=dashed");
}

/* What receipt can lead to before any stage: not a complaint, another procedure, refused. */
static void ways_out(ast_policy *P, FILE *out)
{
    rt_buf label = {0};
    rt_buf_puts(&label, "not a complaint");
    for (const ast_noncomplaint *k = P->noncomplaints; k; k = k->next) {
        rt_buf_putc(&label, '\n');
        for (const ast_name *m = k->kinds; m; m = m->next)
            rt_buf_printf(&label, "%s%s", m == k->kinds ? "" : ", ", m->text);
        rt_buf_puts(&label, cited(P, k->cites));
    }
    if (P->noncomplaints) {
        node(out, "not a complaint", label.p, "shape=note");
        edge(out, "received", "not a complaint", "", "style=dotted");
    }
    for (const ast_redirect *r = P->redirects; r; r = r->next) {
        const char *id = arena_printf(P->arena, "redirect %s", r->name);
        node(out, id, arena_printf(P->arena, "handled under %s", r->to), "shape=note");
        edge(out, "received", id, arena_printf(P->arena, "when %s%s", r->when_text, cited(P, r->cites)),
             "style=dotted");
    }
    label.n = 0;
    rt_buf_puts(&label, "refused, the grounds checked in this order:");
    for (const ast_refusal *r = P->refusals; r; r = r->next)
        line_add(&label, arena_printf(P->arena, "%s%s", r->name, cited(P, r->cites)));
    if (P->refusals) {
        node(out, "refused", label.p, "shape=octagon");
        edge(out, "received", "refused", "", "style=dotted");
    }
    rt_buf_free(&label);
}

void graph_write(ast_policy *P, const char *source, const char *sha256, FILE *out)
{
    fputs("digraph \"", out);
    dot_text(out, P->id.text);
    fputs("\" {\n    label=\"", out);
    dot_text(out, P->organisation.given ? P->organisation.text : P->id.text);
    if (P->document.given) fputs(": ", out), dot_text(out, P->document.text);
    if (P->version.given) fputs(", version ", out), dot_text(out, P->version.text);
    fputs("\\l", out);
    dot_text(out, arena_printf(P->arena, "%s, sha256 %.12s", source, sha256));
    fputs("\\l\";\n    labelloc=t;\n    rankdir=TB;\n"
          "    node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n"
          "    edge [fontname=\"Helvetica\", fontsize=9];\n",
          out);
    node(out, "received", "complaint received", "shape=oval");
    ways_out(P, out);
    bool closes = false;
    for (const ast_stage *s = P->stages; s; s = s->next) {
        stage_box(P, out, s);
        closes |= s->close.given;
    }
    if (closes) node(out, "closed", "closed", "shape=oval");
    const ast_stage *prev = NULL;
    for (const ast_stage *s = P->stages; s; prev = s, s = s->next) ways_in(P, out, s, prev);
    if (P->ombudsman.given) {
        node(out, "ombudsman", "the Housing Ombudsman", "shape=oval");
        const char *after = P->ombudsman.after.text;
        edge(out, stage_node(P, after), "ombudsman",
             P->ombudsman.n ? arena_printf(P->arena, "from %s\nafter the %s response%s",
                                           ast_period_text(P, P->ombudsman.n, P->ombudsman.unit), after,
                                           cited(P, P->ombudsman.cites))
                            : arena_printf(P->arena, "from the %s response%s", after,
                                           cited(P, P->ombudsman.cites)),
             "");
    }
    fputs("}\n", out);
}
