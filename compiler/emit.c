/* emit.c: writes a checked policy as readable C11 for the runtime: tables for the data,
 * one function per refusal rule. Every string is escaped and every name prefixed. */
#include "emit.h"
#include "redress.h"
#include <string.h>

/* Reserved prefixes keep policy names apart from C, the runtime (rt_) and each other:
 * rrf_ facts, rre_ enum values, rrr_ refusal rules, rrd_ duty tables, rrs_ scenarios. */

static void str(FILE *o, const char *s)
{
    if (!s) {
        fputs("NULL", o);
        return;
    }
    fputc('"', o);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(o, "\\%c", *p);
        else if (*p == '?') fputs("\\?", o); /* no trigraphs */
        else if (*p < 0x20 || *p >= 0x7F) fprintf(o, "\\%03o", *p);
        else fputc(*p, o);
    }
    fputc('"', o);
}

/* A row of n strings, "    {a, b},", with a line broken before cell brk (-1: none), where the
 * text it starts is long. */
static void str_row(FILE *o, const char *const cells[], int n, int brk)
{
    fputs("    {", o);
    for (int i = 0; i < n; i++) {
        if (i) fputs(i == brk ? ",\n     " : ", ", o);
        str(o, cells[i]);
    }
    fputs("},\n", o);
}

/* Comment text: printable ASCII only, and nothing that could end or nest the comment or
 * splice a line: no star-slash or slash-star pairs, no '?' (trigraphs) or backslash. */
static void comment_text(FILE *o, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (p[0] == 0xC2 && p[1] == 0xA7) { fputs("para ", o); p++; continue; }
        if ((*p == '*' && p[1] == '/') || (*p == '/' && p[1] == '*')) fprintf(o, "%c ", *p);
        else if (*p == '?' || *p == '\\' || *p < 0x20 || *p >= 0x7F) fputc('.', o);
        else fputc(*p, o);
    }
}

static void cite_comment(FILE *o, ast_policy *P, const ast_cite *c)
{
    fputs(c && c->next ? "paragraphs " : "paragraph ", o);
    comment_text(o, ast_cites_text(P, c));
}

static void date(FILE *o, int32_t d)
{
    char s[11];
    rt_format_date(d, s);
    fprintf(o, "%ld /* %s */", (long)d, s);
}

static const char *const unit_c[] = {"RT_WORKING_DAYS", "RT_DAYS", "RT_WEEKS", "RT_MONTHS"};
static const char *const type_c[] = {"RT_T_BOOL", "RT_T_BOOL", "RT_T_INT", "RT_T_DATE",
                                     "RT_T_MONEY", "RT_T_TEXT", "RT_T_ENUM"};
static const char *const cmp_c[] = {"RT_EQ", "RT_NE", "RT_LT", "RT_LE", "RT_GT", "RT_GE"};

static void cond(FILE *o, const ast_expr *e, int col);

static void value(FILE *o, const ast_expr *e)
{
    switch (e->kind) {
    case EX_CALL:
        fprintf(o, "rrc_%s(", e->text);
        for (const ast_expr *a = e->args; a; a = a->next_arg) {
            value(o, a);
            if (a->next_arg) fputs(", ", o);
        }
        fputc(')', o);
        return;
    case EX_NAME:
        if (e->enum_member) fprintf(o, "rt_known_int(%lld) /* %s */", (long long)e->i, e->text);
        else fprintf(o, "rt_fact(rr_c, rrf_%s)", e->fact->name);
        return;
    case EX_RECEIPT: fputs("rt_receipt(rr_c)", o); return;
    case EX_DATE: fputs("rt_known_int(", o); date(o, (int32_t)e->i); fputc(')', o); return;
    case EX_TEXT: fputs("rt_known_text(", o); str(o, e->text); fputc(')', o); return;
    default: fprintf(o, "rt_known_int(%lld)", (long long)e->i); return;
    }
}

static void compare(FILE *o, const ast_expr *e, ast_cmp op)
{
    if (e->a->type.kind == TY_TEXT) {
        fputs("rt_text_equal(", o);
        value(o, e->a);
        fputs(", ", o);
        value(o, e->b);
        fputs(op == CMP_NE ? ", true)" : ", false)", o);
        return;
    }
    fputs("rt_compare(", o);
    value(o, e->a);
    fprintf(o, ", %s, ", cmp_c[op]);
    value(o, e->b);
    fputc(')', o);
}

static void indent(FILE *o, int col)
{
    fprintf(o, "%*s", col, "");
}

/* Writes a condition starting at column col; 'and', 'or' and 'not' put each operand on
 * its own line, aligned under the first, so a long rule still reads top to bottom. */
static void cond(FILE *o, const ast_expr *e, int col)
{
    switch (e->kind) {
    case EX_OR:
    case EX_AND:
        fputs(e->kind == EX_OR ? "rt_or(" : "rt_and(", o);
        cond(o, e->a, col + (e->kind == EX_OR ? 6 : 7));
        fputs(",\n", o);
        indent(o, col + (e->kind == EX_OR ? 6 : 7));
        cond(o, e->b, col + (e->kind == EX_OR ? 6 : 7));
        fputc(')', o);
        return;
    case EX_NOT: fputs("rt_not(", o); cond(o, e->a, col + 7); fputc(')', o); return;
    case EX_IS: compare(o, e, CMP_EQ); return;
    case EX_ISNOT: compare(o, e, CMP_NE); return;
    case EX_CMP: compare(o, e, e->cmp); return;
    case EX_KNOWN:
    case EX_UNKNOWN:
        fputs("(", o);
        value(o, e->a);
        fputs(e->kind == EX_KNOWN ? ".known ? RT_TRUE : RT_FALSE)" : ".known ? RT_FALSE : RT_TRUE)", o);
        return;
    case EX_MORE_AFTER:
    case EX_WITHIN:
        fputs(e->kind == EX_MORE_AFTER ? "rt_more_than_after(rr_c, " : "rt_within_after(rr_c, ", o);
        value(o, e->a);
        fprintf(o, ", %lld, %s, ", (long long)e->i, unit_c[e->unit]);
        value(o, e->b);
        fputc(')', o);
        return;
    case EX_ONE_OF: {
        int n = 0;
        for (const ast_name *v = e->names; v; v = v->next) {
            if (v != e->names) {
                fputs(",\n", o);
                indent(o, col + 6 * n);
            }
            if (v->next) fputs("rt_or(", o), n++;
            int idx = 0;
            for (const ast_name *w = e->a->type.fact->values; w && strcmp(w->text, v->text);
                 w = w->next)
                idx++;
            fputs("rt_compare(", o);
            value(o, e->a);
            fprintf(o, ", RT_EQ, rt_known_int(%d) /* %s */)", idx, v->text);
        }
        while (n--) fputc(')', o);
        return;
    }
    default:
        fputs("rt_truth(", o);
        value(o, e);
        fputc(')', o);
        return;
    }
}

/* A comment of several lines, wrapped at about 90 columns. */
static void comment_wrapped(FILE *o, const char *text)
{
    int col = 16;
    const char *p = text;
    while (*p) {
        const char *w = p;
        while (*w && *w != ' ') w++;
        int len = (int)(w - p);
        if (col + len > 90 && col > 3) {
            fputs("\n *", o);
            col = 2;
        }
        fputc(' ', o);
        char word[512];
        snprintf(word, sizeof word, "%.*s", len < 500 ? len : 500, p);
        comment_text(o, word);
        col += len + 1;
        p = *w ? w + 1 : w;
    }
}

static const char *const c_types[] = {"int", "int", "int64_t", "int32_t", "int64_t",
                                      "const char *", "int"};

/* Each extern is declared with the C types docs/language.md gives, under the symbol its
 * library exports for Redress (redress_NAME), and wrapped to take and give rt_values. */
static void emit_externs(FILE *o, ast_policy *P)
{
    static const char *const from[] = {"", "(int)a%d.i", "a%d.i", "rt_ymd((rt_day)a%d.i)",
                                       "a%d.i", "a%d.s", ""};
    for (ast_extern *x = P->externs; x; x = x->next) {
        fprintf(o, "/* extern %s, ", x->name);
        cite_comment(o, P, x->cites);
        fprintf(o, " */\nextern %s%sredress_%s(", c_types[x->ret],
                x->ret == TY_TEXT ? "" : " ", x->name);
        for (int i = 0; i < x->params.n; i++)
            fprintf(o, "%s%s", i ? ", " : "", c_types[x->params.t[i]]);
        fprintf(o, "%s);\nstatic rt_value rrc_%s(", x->params.n ? "" : "void", x->name);
        for (int i = 0; i < x->params.n; i++) fprintf(o, "%srt_value a%d", i ? ", " : "", i);
        fprintf(o, "%s)\n{\n", x->params.n ? "" : "void");
        for (int i = 0; i < x->params.n; i++)
            fprintf(o, "    if (!a%d.known) return rt_unknown();\n", i);
        fprintf(o, "    %s%sr = redress_%s(", c_types[x->ret], x->ret == TY_TEXT ? "" : " ",
                x->name);
        for (int i = 0; i < x->params.n; i++) {
            if (i) fputs(", ", o);
            fprintf(o, from[x->params.t[i]], i);
        }
        fputs(");\n", o);
        switch (x->ret) {
        case TY_BOOL: fputs("    return rt_known_int(r != 0);\n", o); break;
        case TY_DATE:
            fputs("    rt_day d = rt_from_ymd(r);\n"
                  "    return d == RT_NODATE ? rt_unknown() : rt_known_int(d);\n", o);
            break;
        case TY_TEXT: fputs("    return r ? rt_known_text(r) : rt_unknown();\n", o); break;
        default: fputs("    return rt_known_int(r);\n", o); break;
        }
        fputs("}\n\n", o);
    }
    if (!P->closed_by.given) return;
    fputs("/* Office closure days, ", o);
    cite_comment(o, P, P->closed_by.cites);
    fprintf(o, ": not working days. */\n"
               "static bool rrk_closed(rt_day rr_day, const void *rr_ctx)\n{\n"
               "    (void)rr_ctx;\n"
               "    return rt_truth(rrc_%s(rt_known_int(rr_day))) == RT_TRUE;\n}\n\n",
            P->closed_by.fn->name);
}

static void emit_facts(FILE *o, ast_policy *P)
{
    if (!P->facts) return;
    fputs("/* The facts the rules read, in the order the policy declares them. */\nenum {\n", o);
    for (ast_fact *f = P->facts; f; f = f->next) fprintf(o, "    rrf_%s,\n", f->name);
    fputs("};\n", o);
    for (ast_fact *f = P->facts; f; f = f->next) {
        if (f->type != TY_ENUM) continue;
        fprintf(o, "static const char *const rre_%s[] = {", f->name);
        for (ast_name *v = f->values; v; v = v->next) {
            str(o, v->text);
            if (v->next) fputs(", ", o);
        }
        fputs("};\n", o);
    }
    fputs("\nstatic const rt_fact_desc rr_facts[] = {\n", o);
    for (ast_fact *f = P->facts; f; f = f->next) {
        fputs("    {", o);
        str(o, f->name);
        if (f->type == TY_ENUM) fprintf(o, ", RT_T_ENUM, rre_%s, %d", f->name, f->n_values);
        else fprintf(o, ", %s, NULL, 0", type_c[f->type]);
        if (f->fallback) fprintf(o, ", rrf_%s},\n", f->fallback->name);
        else fputs(", -1},\n", o);
    }
    fputs("};\n\n", o);
}

static const char *const kind_c[] = {"RT_KIND_COMPLAINT", "RT_KIND_SERVICE_REQUEST",
                                     "RT_KIND_COMMENT", "RT_KIND_COMPLIMENT", "RT_KIND_QUESTION",
                                     "RT_KIND_MP_ENQUIRY"};
static const char *const kind_names[] = {"complaint", "service_request", "comment",
                                         "compliment", "question", "mp_enquiry"};

static void emit_noncomplaints(FILE *o, ast_policy *P)
{
    if (!P->noncomplaints) return;
    fputs("/* Contacts that are not complaints. */\n", o);
    fputs("static const rt_nonc_desc rr_noncomplaints[] = {\n", o);
    for (ast_noncomplaint *n = P->noncomplaints; n; n = n->next)
        for (ast_name *k = n->kinds; k; k = k->next) {
            fprintf(o, "    {%s, ", kind_c[check_lookup(kind_names, 6, k->text)]);
            str(o, ast_cites_text(P, n->cites));
            fputs(", ", o);
            str(o, n->assumption);
            fputs("}, /* ", o);
            cite_comment(o, P, n->cites);
            fputs(" */\n", o);
        }
    fputs("};\n\n", o);
}

/* One rule's condition as a function: rt_tri FN(case), true when the rule holds. */
static void emit_rule_fn(FILE *o, ast_policy *P, const char *what, const char *fn,
                         const ast_cite *cites, const char *text, const ast_expr *when,
                         const ast_expr *unless)
{
    fprintf(o, "/* %s, ", what);
    cite_comment(o, P, cites);
    fputs(".\n * Holds when", o);
    comment_wrapped(o, arena_printf(P->arena, "%s.", text));
    fprintf(o, " */\nstatic rt_tri %s(const rt_case *rr_c, const void *rr_ctx)\n{\n"
               "    (void)rr_ctx;\n", fn);
    if (unless) {
        fputs("    return rt_and(", o);
        cond(o, when, 18);
        fputs(",\n                  rt_not(", o);
        cond(o, unless, 25);
        fputs("));\n}\n\n", o);
    } else {
        fputs("    return ", o);
        cond(o, when, 11);
        fputs(";\n}\n\n", o);
    }
}

/* A row of a redirect or refusal table: both are name, text, citation, assumption, the
 * condition as written, and the rule's function. */
static void rule_row(FILE *o, ast_policy *P, const char *name, const char *text,
                     const ast_cite *cites, const char *assumption, const char *when_text,
                     const char *prefix)
{
    fputs("    {", o);
    str(o, name);
    fputs(",\n     ", o);
    str(o, text);
    fputs(",\n     ", o);
    str(o, ast_cites_text(P, cites));
    fputs(", ", o);
    str(o, assumption);
    fputs(",\n     ", o);
    str(o, when_text);
    fprintf(o, ",\n     %s%s, NULL},\n", prefix, name);
}

static void emit_redirects(FILE *o, ast_policy *P)
{
    for (ast_redirect *r = P->redirects; r; r = r->next)
        emit_rule_fn(o, P, arena_printf(P->arena, "Redirect '%s'", r->name),
                     arena_printf(P->arena, "rrx_%s", r->name), r->cites, r->when_text, r->when,
                     NULL);
    if (!P->redirects) return;
    fputs("/* Matters handled under another procedure, checked before any refusal. */\n"
          "static const rt_redirect_desc rr_redirects[] = {\n", o);
    for (ast_redirect *r = P->redirects; r; r = r->next)
        rule_row(o, P, r->name, r->to, r->cites, r->assumption, r->when_text, "rrx_");
    fputs("};\n\n", o);
}

static void emit_advice(FILE *o, ast_policy *P)
{
    int k = 0;
    for (ast_advice *a = P->advice; a; a = a->next, k++)
        emit_rule_fn(o, P, "Advice", arena_printf(P->arena, "rrv_%d", k), a->cites, a->when_text,
                     a->when, NULL);
    if (!P->advice) return;
    fputs("/* What the decision tells the customer, when it applies. */\n"
          "static const rt_advice_desc rr_advice[] = {\n", o);
    k = 0;
    for (ast_advice *a = P->advice; a; a = a->next, k++) {
        fputs("    {", o);
        str(o, a->text);
        fputs(",\n     ", o);
        str(o, ast_cites_text(P, a->cites));
        fputs(", ", o);
        str(o, a->when_text);
        fprintf(o, ", rrv_%d, NULL},\n", k);
    }
    fputs("};\n\n", o);
}

static void emit_refusals(FILE *o, ast_policy *P)
{
    for (ast_refusal *r = P->refusals; r; r = r->next)
        emit_rule_fn(o, P, arena_printf(P->arena, "Refusal '%s'", r->name),
                     arena_printf(P->arena, "rrr_%s", r->name), r->cites, r->when_text, r->when,
                     r->unless);
    if (!P->refusals) return;
    fputs("/* Refusals, checked in this order; the first that holds is the one reported. */\n"
          "static const rt_refusal_desc rr_refusals[] = {\n", o);
    for (ast_refusal *r = P->refusals; r; r = r->next)
        rule_row(o, P, r->name, r->reason, r->cites, r->assumption, r->when_text, "rrr_");
    fputs("};\n\n", o);
}

static const char *const duty_c[] = {"RT_DUTY_RESOLVE", "RT_DUTY_ACKNOWLEDGE", "RT_DUTY_RESPOND"};
static const char *const anchor_c[] = {"RT_ANCHOR_RECEIPT", "RT_ANCHOR_REQUEST", "RT_ANCHOR_ACK",
                                       "RT_ANCHOR_RESPONSE"};

/* A designated initialiser field holding a string, or nothing when it is NULL. */
static void field_str(FILE *o, const char *indent, const char *name, const char *value)
{
    if (!value) return;
    fprintf(o, "%s.%s = ", indent, name);
    str(o, value);
    fputs(",\n", o);
}

static const char *cites_or_null(ast_policy *P, const ast_rule *r)
{
    return r->given ? ast_cites_text(P, r->cites) : NULL;
}

static void emit_duties(FILE *o, ast_policy *P, const ast_stage *s)
{
    fprintf(o, "/* Duties of stage %s. */\nstatic const rt_duty_desc rrd_%s[] = {\n", s->id, s->id);
    for (ast_duty *d = s->duties; d; d = d->next) {
        fputs("    /* ", o);
        cite_comment(o, P, d->cites);
        fprintf(o, ": %s within %d %s of %s */\n", ast_duty_text(d->kind), d->n,
                ast_unit_text(d->unit, d->n), ast_anchor_text(d->anchor));
        fprintf(o, "    {.kind = %s, .n = %d, .unit = %s, .anchor = %s,\n", duty_c[d->kind], d->n,
                unit_c[d->unit], anchor_c[d->anchor]);
        field_str(o, "     ", "cite", ast_cites_text(P, d->cites));
        field_str(o, "     ", "assumption", d->assumption);
        if (d->kind == DUTY_RESPOND && s->ext.given) {
            fprintf(o, "     .ext_max = %d, .ext_more_if_agreed = %s, /* ", s->ext_n,
                    s->ext_more_if_agreed ? "true" : "false");
            cite_comment(o, P, s->ext.cites);
            fputs(" */\n", o);
            field_str(o, "     ", "ext_cite", ast_cites_text(P, s->ext.cites));
        } else {
            fputs("     .ext_max = -1,\n", o);
        }
        fputs("    },\n", o);
    }
    fputs("};\n\n", o);
}

static void emit_stage(FILE *o, ast_policy *P, const ast_stage *s)
{
    const char *in = "     ";
    fputs("    {.id = ", o);
    str(o, s->id);
    fputs(",\n", o);
    field_str(o, in, "title", s->title);
    field_str(o, in, "handler", s->handler);
    field_str(o, in, "handler_cite", s->handler ? ast_cites_text(P, s->handler_cites) : NULL);
    if (s->receipt.given) {
        fputs("     .on_receipt = true, /* ", o);
        cite_comment(o, P, s->receipt.cites);
        fputs(" */\n", o);
    }
    field_str(o, in, "receipt_cite", cites_or_null(P, &s->receipt));
    field_str(o, in, "receipt_assumption", s->receipt.assumption);
    if (s->request.given) {
        fprintf(o, "     .on_request = true, .window_n = %d, .window_unit = %s,%s /* ", s->window_n,
                unit_c[s->window_unit], s->reasons ? " .reasons_required = true," : "");
        cite_comment(o, P, s->request.cites);
        fputs(" */\n", o);
    }
    field_str(o, in, "request_cite", cites_or_null(P, &s->request));
    field_str(o, in, "request_assumption", s->request.assumption);
    if (s->automatic.given) {
        fputs("     .automatic = true, /* ", o);
        cite_comment(o, P, s->automatic.cites);
        fputs(" */\n", o);
    }
    field_str(o, in, "auto_cite", cites_or_null(P, &s->automatic));
    field_str(o, in, "auto_assumption", s->automatic.assumption);
    field_str(o, in, "tell", s->tell_text);
    field_str(o, in, "tell_cite", cites_or_null(P, &s->tell));
    field_str(o, in, "tell_beyond", s->tell_beyond_text);
    field_str(o, in, "tell_beyond_cite", cites_or_null(P, &s->tell_beyond));
    if (s->close.given) {
        fprintf(o, "     .close_n = %d, .close_unit = %s, /* ", s->close_n, unit_c[s->close_unit]);
        cite_comment(o, P, s->close.cites);
        fputs(" */\n", o);
    }
    field_str(o, in, "close_cite", cites_or_null(P, &s->close));
    int n = 0;
    for (ast_name *i = s->includes; i; i = i->next) n++;
    if (n) fprintf(o, "     .includes = rri_%s, .n_includes = %d,\n", s->id, n);
    field_str(o, in, "includes_cite", cites_or_null(P, &s->includes_rule));
    n = 0;
    for (ast_duty *d = s->duties; d; d = d->next) n++;
    if (n) fprintf(o, "     .duties = rrd_%s, .n_duties = %d,\n", s->id, n);
    fputs("    },\n", o);
}

static void emit_stages(FILE *o, ast_policy *P)
{
    for (ast_stage *s = P->stages; s; s = s->next) {
        if (s->duties) emit_duties(o, P, s);
        if (!s->includes) continue;
        fprintf(o, "/* What the %s response must include. */\nstatic const char *const rri_%s[] = {",
                s->id, s->id);
        for (ast_name *i = s->includes; i; i = i->next) {
            str(o, i->text);
            if (i->next) fputs(", ", o);
        }
        fputs("};\n\n", o);
    }
    fputs("static const rt_stage_desc rr_stages[] = {\n", o);
    for (ast_stage *s = P->stages; s; s = s->next) emit_stage(o, P, s);
    fputs("};\n\n", o);
}

static void emit_compensation(FILE *o, ast_policy *P)
{
    int k = 0;
    for (ast_award *a = P->awards; a; a = a->next, k++)
        if (a->when)
            emit_rule_fn(o, P, arena_printf(P->arena, "Award '%s'", a->name),
                         arena_printf(P->arena, "rra_%s", a->name), a->cites, a->when_text,
                         a->when, NULL);
    k = 0;
    for (ast_bar *b = P->bars; b; b = b->next, k++)
        emit_rule_fn(o, P, "No compensation", arena_printf(P->arena, "rrb_%d", k), b->cites,
                     b->when_text, b->when, NULL);
    if (P->offset.given && P->offset.when)
        emit_rule_fn(o, P, "Offset", "rro_offset", P->offset.cites, P->offset.when_text,
                     P->offset.when, NULL);
    if (P->awards) {
        fputs("/* Compensation the policy awards. */\nstatic const rt_award_desc rr_awards[] = {\n", o);
        for (ast_award *a = P->awards; a; a = a->next) {
            fputs("    {.name = ", o);
            str(o, a->name);
            fprintf(o, ", .kind = %s, .pence = %lld, .cap_pence = %lld,\n",
                    a->kind == AWARD_DAILY ? "RT_AWARD_DAILY" : "RT_AWARD_FIXED",
                    (long long)a->pence, (long long)a->cap);
            if (a->amount_fact) fprintf(o, "     .amount_fact = rrf_%s,\n", a->amount_fact->name);
            else fputs("     .amount_fact = -1,\n", o);
            if (a->from_fact)
                fprintf(o, "     .from_fact = rrf_%s, .until_fact = rrf_%s,\n", a->from_fact->name,
                        a->until_fact->name);
            field_str(o, "     ", "when_text", a->when_text);
            if (a->when) fprintf(o, "     .when = rra_%s,\n", a->name);
            field_str(o, "     ", "cite", ast_cites_text(P, a->cites));
            field_str(o, "     ", "assumption", a->assumption);
            fputs("    },\n", o);
        }
        fputs("};\n\n", o);
    }
    if (P->bars) {
        fputs("static const rt_bar_desc rr_bars[] = {\n", o);
        k = 0;
        for (ast_bar *b = P->bars; b; b = b->next, k++) {
            fputs("    {", o);
            str(o, b->when_text);
            fprintf(o, ", rrb_%d, NULL, ", k);
            str(o, ast_cites_text(P, b->cites));
            fputs(", ", o);
            str(o, b->assumption);
            fputs("},\n", o);
        }
        fputs("};\n\n", o);
    }
    if (P->bands) {
        fputs("/* Who approves an award, by its total. */\nstatic const rt_band_desc rr_bands[] = {\n", o);
        for (ast_band *b = P->bands; b; b = b->next) {
            fprintf(o, "    {%lld, %lld, ", (long long)b->from, (long long)b->below);
            str(o, b->who);
            fputs(", ", o);
            str(o, ast_cites_text(P, b->cites));
            fputs("},\n", o);
        }
        fputs("};\n\n", o);
    }
}

static void emit_lists(FILE *o, ast_policy *P)
{
    if (P->outcomes) {
        fputs("static const rt_outcome_desc rr_outcomes[] = {\n", o);
        for (ast_name *n = P->outcomes; n; n = n->next)
            str_row(o, (const char *[]){n->text, ast_cites_text(P, P->outcome_cites)}, 2, -1);
        fputs("};\n\n", o);
    }
    if (P->assumptions) {
        fputs("/* Assumptions the policy author wrote where the document is unclear. */\n"
              "static const rt_assumption_desc rr_assumptions[] = {\n", o);
        for (ast_assumption *a = P->assumptions; a; a = a->next)
            str_row(o, (const char *[]){a->text, ast_cites_text(P, a->cites)}, 2, 1);
        fputs("};\n\n", o);
    }
    if (P->waivers) {
        fputs("/* Figures of the document the author left out on purpose, and why. */\n"
              "static const rt_waiver_desc rr_waivers[] = {\n", o);
        for (ast_waiver *w = P->waivers; w; w = w->next)
            str_row(o, (const char *[]){w->text, ast_cites_text(P, w->cites), w->because}, 3, 2);
        fputs("};\n\n", o);
    }
    if (P->measures) {
        static const char *const kinds[] = {"RT_M_RECEIVED", "RT_M_ON_TIME", "RT_M_UPHELD",
                                            "RT_M_RESOLVED", "RT_M_ESCALATED", "RT_M_REFUSED",
                                            "RT_M_REFERRED", "RT_M_COMPENSATION"};
        fputs("/* The measures the policy promises to report. */\n"
              "static const rt_measure_desc rr_measures[] = {\n", o);
        for (ast_measure *m = P->measures; m; m = m->next) {
            fputs("    {", o);
            str(o, m->label);
            fprintf(o, ",\n     %s, %d, ", kinds[m->kind], m->stage);
            str(o, ast_cites_text(P, m->cites));
            fputs("},\n", o);
        }
        fputs("};\n\n", o);
    }
    if (P->closures) {
        fputs("/* Days the offices are closed, which are not working days. */\n"
              "static const rt_day rr_closures[] = {\n", o);
        for (ast_closure *c = P->closures; c; c = c->next) {
            fputs("    ", o);
            date(o, c->date);
            fputs(",\n", o);
        }
        fputs("};\n\n", o);
    }
}

static void emit_field(FILE *o, const ast_field *f)
{
    fputs("{", o);
    if (f->fact) {
        fprintf(o, "NULL, rrf_%s, %s, ", f->fact->name, f->kind == VAL_UNKNOWN ? "false" : "true");
        if (f->kind == VAL_DATE) date(o, (int32_t)f->i);
        else fprintf(o, "%lld", (long long)f->i);
        fputs(", ", o);
        str(o, f->kind == VAL_TEXT ? f->text : NULL);
    } else {
        str(o, f->key.text);
        fputs(", -1, true, ", o);
        if (f->kind == VAL_DATE) date(o, (int32_t)f->i);
        else fprintf(o, "%lld", (long long)f->i);
        fputs(", ", o);
        str(o, f->kind == VAL_NAME || f->kind == VAL_TEXT || f->kind == VAL_LIST ? f->text : NULL);
    }
    fputs("}", o);
}

static const char *const expect_c[] = {
    "RT_EXPECT_STATUS", "RT_EXPECT_STAGE", "RT_EXPECT_REFUSAL", "RT_EXPECT_REFUSAL",
    "RT_EXPECT_DUE", "RT_EXPECT_DUTY_STATUS", "RT_EXPECT_WINDOW_OPENS", "RT_EXPECT_WINDOW_CLOSES",
    "RT_EXPECT_NOTE", "RT_EXPECT_AWARD", "RT_EXPECT_TOTAL", "RT_EXPECT_PAYABLE",
    "RT_EXPECT_APPROVAL"};

static void emit_expect(FILE *o, const ast_expect *x, ast_expect_kind kind)
{
    bool duty = kind == XP_DUE || kind == XP_DUTY_STATUS;
    bool window = kind == XP_WINDOW_OPENS || kind == XP_WINDOW_CLOSES;
    fprintf(o, "    {%s, ", expect_c[kind]);
    str(o, duty ? x->subject.text : NULL);
    fputs(", ", o);
    str(o, duty ? ast_duty_text(x->duty) : (window || kind == XP_AWARD) ? x->subject.text : NULL);
    fputs(", ", o);
    str(o, (kind == XP_NOTE || kind == XP_APPROVAL) ? x->text
           : kind == XP_DUTY_STATUS ? x->status.text
           : (kind == XP_STATUS || kind == XP_STAGE || kind == XP_REFUSAL) ? x->subject.text
                                                                           : NULL);
    fputs(", ", o);
    if (kind == XP_DUE || window) date(o, x->date);
    else fputs("0", o);
    fprintf(o, ", %lld, %d},\n", (long long)x->pence, x->loc.line);
}

static void emit_scenarios(FILE *o, ast_policy *P)
{
    int si = 0;
    for (ast_scenario *s = P->scenarios; s; s = s->next, si++) {
        fputs("/* Scenario \"", o);
        comment_text(o, s->name);
        fprintf(o, "\", line %d. */\n", s->loc.line);
        int ei = 0;
        for (ast_event *e = s->events; e; e = e->next, ei++) {
            if (!e->fields) continue;
            fprintf(o, "static const rt_scn_field rrs_%d_%d[] = {\n", si, ei);
            for (ast_field *f = e->fields; f; f = f->next) {
                fputs("    ", o);
                emit_field(o, f);
                fputs(",\n", o);
            }
            fputs("};\n", o);
        }
        if (s->events) {
            fprintf(o, "static const rt_scn_event rrs_%d_events[] = {\n", si);
            ei = 0;
            for (ast_event *e = s->events; e; e = e->next, ei++) {
                int n = 0;
                for (ast_field *f = e->fields; f; f = f->next) n++;
                fputs("    {", o);
                date(o, e->date);
                fputs(", ", o);
                str(o, e->type.text);
                if (n) fprintf(o, ", rrs_%d_%d, %d},\n", si, ei, n);
                else fputs(", NULL, 0},\n", o);
            }
            fputs("};\n", o);
        }
        fprintf(o, "static const rt_scn_expect rrs_%d_expects[] = {\n", si);
        for (ast_expect *x = s->expects; x; x = x->next) {
            emit_expect(o, x, x->kind);
            if (x->kind == XP_DUE && x->status.text) emit_expect(o, x, XP_DUTY_STATUS);
        }
        fputs("};\n\n", o);
    }
    if (!P->scenarios) return;
    fputs("static const rt_scenario rr_scenarios[] = {\n", o);
    si = 0;
    for (ast_scenario *s = P->scenarios; s; s = s->next, si++) {
        int ne = 0, nx = 0;
        for (ast_event *e = s->events; e; e = e->next) ne++;
        for (ast_expect *x = s->expects; x; x = x->next) nx += 1 + (x->kind == XP_DUE && x->status.text);
        fputs("    {", o);
        str(o, s->name);
        fprintf(o, ", %d, ", s->loc.line);
        date(o, s->as_of);
        if (ne) fprintf(o, ",\n     rrs_%d_events, %d", si, ne);
        else fputs(",\n     NULL, 0", o);
        fprintf(o, ", rrs_%d_expects, %d},\n", si, nx);
    }
    fputs("};\n\n", o);
}

#define COUNT_LIST(T, head, out)                                                               \
    do {                                                                                       \
        out = 0;                                                                               \
        for (T *x_ = (head); x_; x_ = x_->next) out++;                                         \
    } while (0)

static void table(FILE *o, const char *field, const char *name, int n)
{
    if (n) fprintf(o, "    .%s = %s,\n    .n_%s = %d,\n", field, name, field, n);
}

/* The parts a policy has at most one of, written where it has them: the Ombudsman (after the
 * stages), then the offset of compensation and the restriction of contact (after the awards). */
static void emit_ombudsman(FILE *o, ast_policy *P)
{
    if (P->ombudsman.given) {
        fprintf(o, "    .ombudsman = {true, %d, %d, %s, ", P->ombudsman.stage->index,
                P->ombudsman.n, unit_c[P->ombudsman.unit]);
        str(o, ast_cites_text(P, P->ombudsman.cites));
        fputs(", ", o);
        str(o, P->ombudsman.assumption);
        fputs("},\n", o);
    }
}

static void emit_offset_restriction(FILE *o, ast_policy *P)
{
    if (P->offset.given) {
        fprintf(o, "    .offset = {true, rrf_%s, ", P->offset.fact->name);
        str(o, P->offset.when_text);
        fputs(P->offset.when ? ", rro_offset, NULL, " : ", NULL, NULL, ", o);
        str(o, ast_cites_text(P, P->offset.cites));
        fputs(", ", o);
        str(o, P->offset.assumption);
        fputs("},\n", o);
    }
    if (P->restriction.given) {
        fprintf(o, "    .restriction = {true, rrf_%s, ", P->restriction.from->name);
        if (P->restriction.review) fprintf(o, "rrf_%s, ", P->restriction.review->name);
        else fputs("-1, ", o);
        fprintf(o, "%d, %s, ", (int)P->restriction.n, unit_c[P->restriction.unit]);
        str(o, ast_cites_text(P, P->restriction.cites));
        fputs(", ", o);
        str(o, P->restriction.assumption);
        fputs("},\n", o);
    }
}

static void emit_policy(FILE *o, ast_policy *P, const char *source_name, const char *hash)
{
    static const char *const cal_c[] = {"RT_CAL_ENGLAND_WALES", "RT_CAL_SCOTLAND",
                                        "RT_CAL_NORTHERN_IRELAND"};
    static const char *const cal_names[] = {"england-and-wales", "scotland", "northern-ireland"};
    int cal = P->calendar.given ? check_lookup(cal_names, 3, P->calendar.text) : 0;
    const struct { const char *field, *text; } header[] = {
        {"id", P->id.text}, {"organisation", P->organisation.text},
        {"document", P->document.given ? P->document.text : ""},
        {"doc_version", P->version.given ? P->version.text : ""},
        {"issued", P->issued.given ? P->issued.text : ""},
        {"revised", P->revised.given ? P->revised.text : ""},
        {"source_file", source_name}, {"source_hash", hash}};
    int n;
    fputs("static const rt_policy rr_policy = {\n", o);
    for (size_t i = 0; i < sizeof header / sizeof *header; i++) {
        fprintf(o, "    .%s = ", header[i].field);
        str(o, header[i].text);
        fputs(",\n", o);
    }
    fprintf(o, "    .calendar = %s,\n", cal_c[cal]);
    COUNT_LIST(ast_closure, P->closures, n);
    table(o, "closures", "rr_closures", n);
    if (P->closed_by.given) fputs("    .closed = rrk_closed,\n", o);
    if (P->homes) fprintf(o, "    .homes = %ld,\n", P->homes);
    COUNT_LIST(ast_fact, P->facts, n);
    table(o, "facts", "rr_facts", n);
    n = 0;
    for (ast_noncomplaint *x = P->noncomplaints; x; x = x->next)
        for (ast_name *k = x->kinds; k; k = k->next) n++;
    table(o, "noncomplaints", "rr_noncomplaints", n);
    COUNT_LIST(ast_redirect, P->redirects, n);
    table(o, "redirects", "rr_redirects", n);
    COUNT_LIST(ast_advice, P->advice, n);
    table(o, "advice", "rr_advice", n);
    COUNT_LIST(ast_refusal, P->refusals, n);
    table(o, "refusals", "rr_refusals", n);
    COUNT_LIST(ast_stage, P->stages, n);
    table(o, "stages", "rr_stages", n);
    emit_ombudsman(o, P);
    COUNT_LIST(ast_award, P->awards, n);
    table(o, "awards", "rr_awards", n);
    COUNT_LIST(ast_bar, P->bars, n);
    table(o, "bars", "rr_bars", n);
    emit_offset_restriction(o, P);
    COUNT_LIST(ast_band, P->bands, n);
    table(o, "bands", "rr_bands", n);
    COUNT_LIST(ast_name, P->outcomes, n);
    table(o, "outcomes", "rr_outcomes", n);
    COUNT_LIST(ast_assumption, P->assumptions, n);
    table(o, "assumptions", "rr_assumptions", n);
    COUNT_LIST(ast_measure, P->measures, n);
    table(o, "measures", "rr_measures", n);
    COUNT_LIST(ast_scenario, P->scenarios, n);
    table(o, "scenarios", "rr_scenarios", n);
    COUNT_LIST(ast_waiver, P->waivers, n);
    table(o, "waivers", "rr_waivers", n);
    fputs("};\n\n", o);
}

/* The library's API: thin, exported wrappers around the runtime's engine, named after the
 * policy so that several landlords' libraries can be linked into one program. */
static void emit_library_api(FILE *o, ast_policy *P)
{
    const char *n = P->id.text;
    fprintf(o, "/* The embeddable engine's API (%s.h); everything else in the library is hidden. */\n"
               "#define RR_API __attribute__((visibility(\"default\")))\n"
               "typedef struct %s_engine %s_engine;\n\n", n, n, n);
    fprintf(o, "RR_API %s_engine *%s_engine_new(void)\n{\n"
               "    return (%s_engine *)rt_engine_new(&rr_policy);\n}\n\n", n, n, n);
    fprintf(o, "RR_API int %s_engine_feed(%s_engine *e, const char *text, size_t len, char *error,\n"
               "                    size_t error_len)\n{\n"
               "    return rt_engine_feed((rt_engine *)e, text, len, error, error_len);\n}\n\n", n, n);
    fprintf(o, "RR_API int %s_engine_end(%s_engine *e, char *error, size_t error_len)\n{\n"
               "    return rt_engine_end((rt_engine *)e, error, error_len);\n}\n\n", n, n);
    fprintf(o, "RR_API size_t %s_engine_decide(%s_engine *e, const char *as_of)\n{\n"
               "    return rt_engine_decide((rt_engine *)e, as_of);\n}\n\n", n, n);
    fprintf(o, "RR_API const redress_decision *%s_engine_decision(const %s_engine *e, size_t i)\n{\n"
               "    return rt_engine_decision((const rt_engine *)e, i);\n}\n\n", n, n);
    fprintf(o, "RR_API void %s_engine_on_reject(%s_engine *e, redress_reject_fn fn, void *ud)\n{\n"
               "    rt_engine_on_reject((rt_engine *)e, fn, ud);\n}\n\n", n, n);
    fprintf(o, "RR_API void %s_engine_free(%s_engine *e)\n{\n"
               "    rt_engine_free((rt_engine *)e);\n}\n", n, n);
}

void emit_header(FILE *o, ast_policy *P, const char *source_name)
{
    const char *n = P->id.text;
    fputs("/* Generated by redressc " RT_VERSION " from ", o);
    comment_text(o, source_name);
    fprintf(o, ": the C API of lib%s.so, the complaints\n * engine for ", n);
    comment_text(o, P->organisation.text);
    fprintf(o, ". See docs/library.md. */\n#ifndef %s_ENGINE_H\n#define %s_ENGINE_H\n\n", n, n);
    fputs("#include <stddef.h>\n\n"
          "#ifndef REDRESS_API_TYPES\n#define REDRESS_API_TYPES\n"
          "typedef struct {\n"
          "    const char *stage, *duty;\n"
          "    const char *due, *done;          /* YYYY-MM-DD; done is NULL until it is done */\n"
          "    const char *status;              /* met, late, pending, overdue, waived */\n"
          "    const char *cite;\n"
          "    int provisional;\n"
          "} redress_duty;\n\n"
          "typedef struct {\n"
          "    const char *case_id;             /* not NUL-safe: use case_len */\n"
          "    size_t case_len;\n"
          "    const char *status, *stage;      /* stage is NULL when the case has none */\n"
          "    const char *refusal_rule, *refusal_reason, *refusal_cite; /* NULL unless refused */\n"
          "    const redress_duty *duties;\n"
          "    size_t n_duties;\n"
          "    const char *const *notes;\n"
          "    size_t n_notes;\n"
          "    long long compensation_pence, payable_pence;\n"
          "    const char *json;                /* the whole SPEC section 5 decision, one line */\n"
          "    int lines_refused;               /* a line naming this case was refused: its note says so */\n"
          "} redress_decision;\n\n"
          "/* Told of each rejected line: its number in the whole log (every feed, a line split\n"
          " * between feeds counted once) and why. */\n"
          "typedef void (*redress_reject_fn)(void *ud, long line, const char *why);\n#endif\n\n", o);
    fprintf(o, "typedef struct %s_engine %s_engine;\n\n"
               "/* A new engine, or NULL when memory runs out. */\n"
               "%s_engine *%s_engine_new(void);\n"
               "/* Events: lines of JSON, or CSV with its header row first; each feed goes on from\n"
               " * the last, cut anywhere. Returns how many lines were rejected; the first reason\n"
               " * is copied into error. -1 when memory ran out (from end and decide too, and\n"
               " * \"out of memory\" in error): the engine is then fit only to be freed. */\n"
               "int %s_engine_feed(%s_engine *e, const char *text, size_t len, char *error,\n"
               "                    size_t error_len);\n"
               "/* The log is whole: a last line no newline ended is read now, as decide would read\n"
               " * it, and its rejection worded: returns 0, or 1 with the reason in error. */\n"
               "int %s_engine_end(%s_engine *e, char *error, size_t error_len);\n"
               "/* Decides every case as of YYYY-MM-DD: how many cases, or (size_t)-1 for a bad date\n"
               " * or when memory ran out. Decisions stay valid until the next decide or free. */\n"
               "size_t %s_engine_decide(%s_engine *e, const char *as_of);\n"
               "const redress_decision *%s_engine_decision(const %s_engine *e, size_t i);\n"
               "/* From now on, fn(ud, line, why) is called for every line feed, end or decide\n"
               " * rejects, as it is read (error above keeps only each call's first); fn must not\n"
               " * call this engine. NULL stops it. */\n"
               "void %s_engine_on_reject(%s_engine *e, redress_reject_fn fn, void *ud);\n"
               "void %s_engine_free(%s_engine *e);\n\n#endif\n",
            n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n);
}

void emit_c_as(FILE *o, ast_policy *P, const char *source_name, const char *hash, bool library);
void emit_c(FILE *o, ast_policy *P, const char *source_name, const char *hash)
{
    emit_c_as(o, P, source_name, hash, false);
}

void emit_c_as(FILE *o, ast_policy *P, const char *source_name, const char *hash, bool library)
{
    fputs("/* Generated by redressc " RT_VERSION " from ", o);
    comment_text(o, source_name);
    fputs(". Do not edit: change the policy\n * and rebuild. Policy ", o);
    comment_text(o, P->id.text);
    fputs(" for ", o);
    comment_text(o, P->organisation.text);
    fprintf(o, ".\n * Source sha256 %s. */\n#include \"redress.h\"\n\n", hash);
    emit_facts(o, P);
    emit_externs(o, P);
    emit_noncomplaints(o, P);
    emit_redirects(o, P);
    emit_advice(o, P);
    emit_refusals(o, P);
    emit_stages(o, P);
    emit_compensation(o, P);
    emit_lists(o, P);
    emit_scenarios(o, P);
    emit_policy(o, P, source_name, hash);
    if (library) emit_library_api(o, P);
    else fputs("int main(int argc, char **argv)\n{\n    return rt_main(&rr_policy, argc, argv);\n}\n", o);
}
