/* audit.c: a policy against the published document it encodes: every citation names a
 * paragraph, every figure a rule carries stands in a paragraph it cites, every figure of the
 * document is encoded or waived in writing, and the document's own contradictions. */
#include "audit.h"
#include "doc.h"
#include "figures.h"
#include "rt_internal.h"
#include <ctype.h>
#include <errno.h>
#include <string.h>

typedef struct {
    const char *what;    /* "stage1: respond within", "award heaters" */
    ast_loc loc;
    const ast_cite *cites;
    fig f;
    bool assumed;        /* the rule records an assumption: a reading of the text */
    int stage;           /* for duties: the stage index and duty kind, else -1 */
    ast_duty_kind duty;
} rule_fig;

typedef struct {
    ast_policy *P;
    doc *d;
    rule_fig *figs;
    int n_figs, cap_figs;
    rt_buf human, json, waivers;
    int findings, n_waived;
    bool first_json;
} audit;

static const fig_unit units[] = {FIG_WORKING_DAYS, FIG_DAYS, FIG_WEEKS, FIG_MONTHS};

static void add_fig(audit *a, const char *what, ast_loc loc, const ast_cite *cites, fig f,
                    bool assumed, int stage, ast_duty_kind duty)
{
    if (a->n_figs == a->cap_figs) {
        a->cap_figs = a->cap_figs ? a->cap_figs * 2 : 64;
        rule_fig *n = arena_alloc(a->P->arena, sizeof *n * (size_t)a->cap_figs);
        if (a->n_figs) memcpy(n, a->figs, sizeof *n * (size_t)a->n_figs);
        a->figs = n;
    }
    a->figs[a->n_figs++] = (rule_fig){what, loc, cites, f, assumed, stage, duty};
}

static void expr_figs(audit *a, const ast_expr *e, const char *what, ast_loc loc,
                      const ast_cite *cites, bool assumed)
{
    if (!e) return;
    if (e->kind == EX_MORE_AFTER || e->kind == EX_WITHIN)
        add_fig(a, what, loc, cites, (fig){e->i, units[e->unit]}, assumed, -1, 0);
    expr_figs(a, e->a, what, loc, cites, assumed);
    expr_figs(a, e->b, what, loc, cites, assumed);
}

/* Every figure the policy's rules carry, with the citations that must hold it. */
static void collect(audit *a)
{
    ast_policy *P = a->P;
    for (ast_refusal *r = P->refusals; r; r = r->next)
        expr_figs(a, r->when, arena_printf(P->arena, "refusal '%s'", r->name), r->loc, r->cites,
                  r->assumption != NULL);
    int s = 0;
    for (ast_stage *st = P->stages; st; st = st->next, s++) {
        for (ast_duty *d = st->duties; d; d = d->next)
            add_fig(a, arena_printf(P->arena, "%s: %s", st->id, ast_duty_text(d->kind)), d->loc,
                    d->cites, (fig){d->n, units[d->unit]}, d->assumption != NULL, s, d->kind);
        if (st->request.given && st->from)
            add_fig(a, arena_printf(P->arena, "%s: window to ask", st->id), st->request.loc,
                    st->request.cites, (fig){st->window_n, units[st->window_unit]},
                    st->request.assumption != NULL, -1, 0);
        if (st->ext.given)
            add_fig(a, arena_printf(P->arena, "%s: extension", st->id), st->ext.loc,
                    st->ext.cites, (fig){st->ext_n, FIG_WORKING_DAYS}, st->ext.assumption != NULL,
                    -1, 0);
        if (st->close.given)
            add_fig(a, arena_printf(P->arena, "%s: closing by itself", st->id), st->close.loc,
                    st->close.cites, (fig){st->close_n, units[st->close_unit]},
                    st->close.assumption != NULL, -1, 0);
    }
    if (P->ombudsman.given && P->ombudsman.n > 0)
        add_fig(a, "the Ombudsman's waiting period", P->ombudsman.loc, P->ombudsman.cites,
                (fig){P->ombudsman.n, units[P->ombudsman.unit]}, P->ombudsman.assumption != NULL,
                -1, 0);
    if (P->restriction.given && P->restriction.n > 0)
        add_fig(a, "the review of a restriction of contact", P->restriction.loc,
                P->restriction.cites, (fig){P->restriction.n, units[P->restriction.unit]},
                P->restriction.assumption != NULL, -1, 0);
    for (ast_award *w = P->awards; w; w = w->next) {
        const char *what = arena_printf(P->arena, "award '%s'", w->name);
        if (!w->amount) add_fig(a, what, w->loc, w->cites, (fig){w->pence, FIG_MONEY}, false, -1, 0);
        if (w->cap >= 0) add_fig(a, what, w->loc, w->cites, (fig){w->cap, FIG_MONEY}, false, -1, 0);
    }
    for (ast_band *b = P->bands; b; b = b->next) {
        if (b->from > 0)
            add_fig(a, "an approval band", b->loc, b->cites, (fig){b->from, FIG_MONEY}, false, -1, 0);
        if (b->below >= 0)
            add_fig(a, "an approval band", b->loc, b->cites, (fig){b->below, FIG_MONEY}, false, -1, 0);
    }
}

/* ---- reporting ---- */

static void finding(audit *a, const char *kind, const char *where, const char *cite,
                    const char *figure, const char *message)
{
    a->findings++;
    rt_buf_printf(&a->human, "%s: %s\n", where, message);
    rt_buf_puts(&a->json, a->first_json ? "{\"kind\":" : ",{\"kind\":");
    a->first_json = false;
    rt_buf_json_string(&a->json, kind, strlen(kind));
    rt_buf_puts(&a->json, ",\"where\":");
    rt_buf_json_string(&a->json, where, strlen(where));
    rt_buf_puts(&a->json, ",\"cite\":");
    if (cite) rt_buf_json_string(&a->json, cite, strlen(cite));
    else rt_buf_puts(&a->json, "null");
    rt_buf_puts(&a->json, ",\"figure\":");
    if (figure) rt_buf_json_string(&a->json, figure, strlen(figure));
    else rt_buf_puts(&a->json, "null");
    rt_buf_puts(&a->json, ",\"message\":");
    rt_buf_json_string(&a->json, message, strlen(message));
    rt_buf_putc(&a->json, '}');
}

static const char *at(audit *a, ast_loc loc)
{
    return arena_printf(a->P->arena, "%s:%d:%d", a->P->file, loc.line, loc.col);
}

static const char *doc_at(audit *a, size_t offset)
{
    int p = doc_para_at(a->d, offset);
    int line, col;
    doc_place(a->d, offset, &line, &col);
    if (p < 0) return arena_printf(a->P->arena, "%s:%d:%d", a->d->path, line, col);
    return arena_printf(a->P->arena, "%s:%d:%d (\u00a7%s)", a->d->path, line, col,
                        a->d->paras[p].label);
}

/* ---- 0. the document names the policy's organisation ---- */

/* name somewhere in the text, in any case, with any run of blanks or line breaks where it has
 * a space: a document wraps and capitalises a name as its layout needs (doc_load has made its
 * no-break spaces and markup blanks already). */
static bool text_names(const char *text, size_t len, const char *name)
{
    const char *end = text + len;
    for (const char *s = text; s < end; s++) {
        const char *t = s, *n = name;
        while (*n && t < end) {
            if (*n == ' ' && isspace((unsigned char)*t)) {
                while (t < end && isspace((unsigned char)*t)) t++;
                while (*n == ' ') n++;
            } else if (tolower((unsigned char)*n) == tolower((unsigned char)*t)) {
                n++, t++;
            } else {
                break;
            }
        }
        if (!*n) return true;
    }
    return false;
}

/* A document that never names the organisation is most likely another landlord's, given by
 * mistake: every finding after this one would then be noise, so it comes first. */
static void check_organisation(audit *a)
{
    const ast_header *o = &a->P->organisation;
    if (!o->given || !*o->text || text_names(a->d->text, a->d->len, o->text)) return;
    finding(a, "organisation_not_named", at(a, o->loc), NULL, NULL,
            arena_printf(a->P->arena, "%s never names %s, the policy's organisation: is it the "
                                      "document this policy encodes?", a->d->path, o->text));
}

/* ---- 1. citations name paragraphs ---- */

static void check_cites(audit *a, const ast_cite *c)
{
    for (; c; c = c->next) {
        int found[1];
        if (!doc_find(a->d, c->text, found, 1))
            finding(a, "unknown_citation", at(a, c->loc), c->text, NULL,
                    arena_printf(a->P->arena, "\u00a7%s names no numbered paragraph or heading of %s",
                                 c->text, a->d->path));
    }
}

static void all_cites(audit *a)
{
    ast_policy *P = a->P;
    for (ast_noncomplaint *x = P->noncomplaints; x; x = x->next) check_cites(a, x->cites);
    for (ast_redirect *x = P->redirects; x; x = x->next) check_cites(a, x->cites);
    for (ast_advice *x = P->advice; x; x = x->next) check_cites(a, x->cites);
    for (ast_refusal *x = P->refusals; x; x = x->next) check_cites(a, x->cites);
    for (ast_stage *s = P->stages; s; s = s->next) {
        check_cites(a, s->handler_cites);
        const ast_rule *rules[] = {&s->receipt, &s->request, &s->automatic, &s->ext, &s->close,
                                   &s->includes_rule, &s->tell, &s->tell_beyond};
        for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) check_cites(a, rules[i]->cites);
        for (ast_duty *d = s->duties; d; d = d->next) check_cites(a, d->cites);
    }
    check_cites(a, P->ombudsman.cites);
    check_cites(a, P->outcome_cites);
    for (ast_assumption *x = P->assumptions; x; x = x->next) check_cites(a, x->cites);
    for (ast_award *x = P->awards; x; x = x->next) check_cites(a, x->cites);
    for (ast_bar *x = P->bars; x; x = x->next) check_cites(a, x->cites);
    check_cites(a, P->offset.cites);
    check_cites(a, P->restriction.cites);
    for (ast_band *x = P->bands; x; x = x->next) check_cites(a, x->cites);
    for (ast_waiver *x = P->waivers; x; x = x->next) check_cites(a, x->cites);
}

/* ---- 2. a rule's figures stand in what it cites ---- */

/* Every figure in the n bytes at s, however many (fig_scan fills a fixed table, so it is
 * called again from the end of the last it found); *count of them, in memory to free. */
static fig_found *figures_in(const char *s, size_t n, int *count)
{
    enum { ROUND = 256 };
    fig_found *all = NULL, got[ROUND];
    int k = 0;
    for (size_t from = 0;;) {
        int r = fig_scan(s + from, n - from, got, ROUND);
        all = rt_xrealloc(all, (size_t)(k + r + 1) * sizeof *all);
        for (int i = 0; i < r; i++) {
            got[i].start += from, got[i].end += from;
            all[k++] = got[i];
        }
        if (r < ROUND) break;
        from = got[r - 1].end;
    }
    *count = k;
    return all;
}

/* Does the paragraph hold figure f (matched leniently or not, as fig_match)? *damaged says
 * whether it was read through damage. */
static bool para_has(const audit *a, const doc_para *p, const fig *f, bool lenient, bool *damaged)
{
    int k;
    fig_found *found = figures_in(a->d->text + p->start, p->end - p->start, &k);
    bool has = false;
    for (int j = 0; j < k && !has; j++)
        if (fig_match(*f, found[j].f, lenient)) {
            if (damaged) *damaged = found[j].damaged;
            has = true;
        }
    rt_free(found);
    return has;
}

/* Does any paragraph a citation list names hold the offset (or, with f, that figure)? */
static bool cited_region_has(audit *a, const ast_cite *cites, size_t offset, const fig *f,
                             bool lenient, bool *damaged)
{
    int *idx = rt_xalloc((size_t)(a->d->n + 1) * sizeof *idx); /* every paragraph may bear it */
    bool has = false;
    for (const ast_cite *c = cites; c && !has; c = c->next) {
        int n = doc_find(a->d, c->text, idx, a->d->n);
        for (int i = 0; i < n && !has; i++) {
            const doc_para *p = &a->d->paras[idx[i]];
            has = f ? para_has(a, p, f, lenient, damaged) : offset >= p->start && offset < p->end;
        }
    }
    rt_free(idx);
    return has;
}

static void check_rule_figures(audit *a)
{
    char b[64];
    for (int i = 0; i < a->n_figs; i++) {
        rule_fig *r = &a->figs[i];
        bool damaged = false;
        if (!r->cites || cited_region_has(a, r->cites, 0, &r->f, r->assumed, &damaged)) continue;
        finding(a, "figure_not_in_cited", at(a, r->loc), ast_cites_text(a->P, r->cites),
                fig_text(r->f, b, sizeof b),
                arena_printf(a->P->arena, "%s uses %s, which \u00a7%s does not give", r->what,
                             fig_text(r->f, b, sizeof b), ast_cites_text(a->P, r->cites)));
    }
}

/* ---- 3. every figure of the document is encoded or waived ---- */

static const char *doc_at(audit *a, size_t offset);

/* A waiver for this figure at this place; each use is listed, so waivers stay reviewable. */
static bool waived(audit *a, const fig_found *f, size_t offset, const char *what)
{
    for (ast_waiver *w = a->P->waivers; w; w = w->next) {
        fig wf;
        if (fig_parse(w->text, &wf) && fig_match(wf, f->f, false) &&
            cited_region_has(a, w->cites, offset, NULL, false, NULL)) {
            rt_buf_printf(&a->waivers, "  %s: '%s' (%s) waived at %s:%d: %s\n", doc_at(a, offset),
                          w->text, what, a->P->file, w->loc.line, w->because);
            a->n_waived++;
            w->used = true;
            return true;
        }
    }
    return false;
}

static bool encoded(audit *a, const fig_found *f, size_t offset)
{
    for (int i = 0; i < a->n_figs; i++) {
        rule_fig *r = &a->figs[i];
        if (fig_match(r->f, f->f, r->assumed) &&
            cited_region_has(a, r->cites, offset, NULL, false, NULL))
            return true;
    }
    return false;
}

static void check_document_figures(audit *a)
{
    int k;
    fig_found *found = figures_in(a->d->text, a->d->len, &k);
    char b[64];
    for (int i = 0; i < k; i++) {
        fig_found *f = &found[i];
        if (encoded(a, f, f->start) || waived(a, f, f->start, "not encoded")) continue;
        const char *quote = arena_printf(a->P->arena, "%.*s", (int)(f->end - f->start),
                                         a->d->text + f->start);
        const char *msg = f->f.value < 0
            ? arena_printf(a->P->arena, "'%s': the text has lost this timescale's number, and no "
                                        "rule or waiver says how it is read", quote)
            : arena_printf(a->P->arena, "'%s' (%s%s) is not encoded by any rule citing this "
                                        "paragraph, and no waiver says why", quote,
                           fig_text(f->f, b, sizeof b), f->damaged ? ", read through damage" : "");
        int p = doc_para_at(a->d, f->start);
        finding(a, f->f.value < 0 ? "lost_figure" : "unencoded_figure", doc_at(a, f->start),
                p >= 0 ? a->d->paras[p].label : NULL, fig_text(f->f, b, sizeof b), msg);
    }
    rt_free(found);
}

/* A waiver that waived nothing: its figure is not in the paragraphs it cites (a waiver left
 * from an earlier text of the document, or citing the wrong paragraph), or a rule encodes it. */
static void check_unused_waivers(audit *a)
{
    for (ast_waiver *w = a->P->waivers; w; w = w->next) {
        fig wf;
        if (w->used || !fig_parse(w->text, &wf)) continue;
        const char *cites = ast_cites_text(a->P, w->cites);
        bool given = cited_region_has(a, w->cites, 0, &wf, false, NULL);
        finding(a, "unused_waiver", at(a, w->loc), cites, w->text,
                given ? arena_printf(a->P->arena, "the waiver of '%s' waives nothing: a rule "
                                                  "citing \u00a7%s encodes it", w->text, cites)
                      : arena_printf(a->P->arena, "the waiver of '%s' waives nothing: \u00a7%s does "
                                                  "not give that figure (is it left from an "
                                                  "earlier text of the document?)", w->text, cites));
    }
}

/* ---- 4. the document against itself ---- */

static const struct { const char *word; int stage; } markers[] = {
    {"stage 1", 1}, {"stage one", 1}, {"stage1", 1}, {"initial", 1},
    {"stage 2", 2}, {"stage two", 2}, {"stage2", 2}, {"review", 2}, {"appeal", 2}, {"escalat", 2},
    {"informal", 0}, {"concern", 0}, {"quick fix", 0}, {"first point of contact", 0}};
static const char *const duty_keys[][3] = {{"resolv", NULL, NULL},
                                           {"acknowledg", NULL, NULL},
                                           {"respon", "reply", NULL}};

static const char *find_ci(const char *s, const char *end, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = s; p + n <= end; p++)
        if (!strncasecmp_portable(p, word, n)) return p;
    return NULL;
}

/* The stage a sentence speaks of at pos: the nearest stage marker before it, or -1. */
static int stage_before(const char *s, const char *pos)
{
    int stage = -1;
    const char *best = NULL;
    for (size_t m = 0; m < sizeof markers / sizeof markers[0]; m++)
        for (const char *p = s; (p = find_ci(p, pos, markers[m].word)); p++)
            if (!best || p > best) best = p, stage = markers[m].stage;
    return stage;
}

static int canonical_stage(const char *id)
{
    return !strcmp(id, "informal") ? 0 : !strcmp(id, "stage1") ? 1 : !strcmp(id, "stage2") ? 2 : -1;
}

static void check_sentence(audit *a, const char *s, const char *end)
{
    char b1[64], b2[64];
    for (int i = 0; i < a->n_figs; i++) {
        rule_fig *r = &a->figs[i];
        if (r->stage < 0 || (r->f.unit != FIG_WORKING_DAYS && r->f.unit != FIG_DAYS)) continue;
        const char *sid = NULL;
        int same_kind = 0, s_i = 0;
        for (ast_stage *st = a->P->stages; st; st = st->next, s_i++)
            for (ast_duty *d = st->duties; d; d = d->next)
                if (d->kind == r->duty) {
                    same_kind++;
                    if (s_i == r->stage) sid = st->id;
                }
        for (int k = 0; duty_keys[r->duty][k]; k++) {
            const char *kw = find_ci(s, end, duty_keys[r->duty][k]);
            if (!kw) continue;
            fig_found f[4];
            int n = fig_scan(kw, (size_t)(end - kw), f, 4);
            /* the duty's own figure follows its word closely: "acknowledged within 2 working days" */
            if (!n || f[0].start > 60 || f[0].f.value < 0 ||
                (f[0].f.unit != FIG_WORKING_DAYS && f[0].f.unit != FIG_DAYS))
                continue;
            int stage = stage_before(s, kw + f[0].start);
            if (!(stage >= 0 ? stage == canonical_stage(sid) : same_kind == 1)) continue;
            size_t off = (size_t)(kw - a->d->text) + f[0].start;
            if (f[0].f.value == r->f.value || waived(a, &f[0], off, "contradicts a rule")) continue;
            finding(a, "contradiction", doc_at(a, off), ast_cites_text(a->P, r->cites),
                    fig_text(f[0].f, b1, sizeof b1),
                    arena_printf(a->P->arena, "the document gives %s here for %s, but %s where "
                                              "\u00a7%s says so, as %s:%d encodes",
                                 fig_text(f[0].f, b1, sizeof b1), r->what,
                                 fig_text(r->f, b2, sizeof b2), ast_cites_text(a->P, r->cites),
                                 a->P->file, r->loc.line));
            break;
        }
    }
}

static void check_contradictions(audit *a)
{
    const char *s = a->d->text, *end = a->d->text + a->d->len;
    while (s < end) {
        const char *e = s;
        while (e < end && *e != '\n' && !(e[0] == '.' && e + 1 < end && isspace((unsigned char)e[1])))
            e++;
        check_sentence(a, s, e);
        s = e + 1;
    }
}

int audit_policy(ast_policy *P, const char *doc_path, bool json, FILE *out)
{
    doc *d = doc_load(doc_path);
    if (!d) {
        fprintf(stderr, "redressc: error: cannot read %s: %s\n", doc_path, strerror(errno));
        return 2;
    }
    if (rt_utf16(d->text, d->len)) { /* no figure or paragraph of it would be found */
        fprintf(stderr, "redressc: error: %s is UTF-16 (it begins with a UTF-16 byte order mark), "
                        "where a document is read as UTF-8; save it as UTF-8\n", doc_path);
        doc_free(d);
        return 2;
    }
    audit a = {.P = P, .d = d, .first_json = true};
    int numbered = 0;
    for (int i = 0; i < d->n; i++) numbered += d->paras[i].numbered;
    collect(&a);
    check_organisation(&a);
    all_cites(&a);
    check_rule_figures(&a);
    check_document_figures(&a);
    check_unused_waivers(&a);
    check_contradictions(&a);
    if (json) {
        fprintf(out, "{\"policy\":");
        rt_buf b = {0};
        rt_buf_json_string(&b, P->file, strlen(P->file));
        rt_buf_puts(&b, ",\"document\":");
        rt_buf_json_string(&b, doc_path, strlen(doc_path));
        rt_buf_printf(&b, ",\"paragraphs\":%d,\"headings\":%d,\"figures_checked\":%d,\"findings\":[",
                      numbered, d->n - numbered, a.n_figs);
        fwrite(b.p, 1, b.n, out);
        rt_buf_free(&b);
        fwrite(a.json.p ? a.json.p : "", 1, a.json.n, out);
        fprintf(out, "],\"waived\":%d}\n", a.n_waived);
    } else {
        fprintf(out, "%s against %s: %d numbered paragraphs, %d headings, %d figures in rules\n",
                P->file, doc_path, numbered, d->n - numbered, a.n_figs);
        fwrite(a.human.p ? a.human.p : "", 1, a.human.n, out);
        if (a.n_waived) fprintf(out, "written waivers used (%d):\n", a.n_waived);
        fwrite(a.waivers.p ? a.waivers.p : "", 1, a.waivers.n, out);
        fprintf(out, "%d finding%s\n", a.findings, a.findings == 1 ? "" : "s");
    }
    rt_buf_free(&a.human);
    rt_buf_free(&a.waivers);
    rt_buf_free(&a.json);
    doc_free(d);
    return a.findings ? 1 : 0;
}
