/* diff.c: a semantic diff of two policies, or of a policy and a deployed engine's
 * `explain --json`: both are read as that JSON, flattened into named items (a duty, a
 * window, a refusal, an award) with a value and a citation, and compared item by item. */
#include "diff.h"
#include "rt_internal.h"
#include <stdarg.h>
#include <string.h>

typedef struct {
    const char *key, *value, *cite;
} item;

typedef struct {
    rt_arena *a;
    item *items;
    int n, cap;
    const char *sha, *source;
    int *slots;           /* items by key, made by find once the model is whole */
    size_t mask;
} model;

static const char *str_of(const js_value *obj, const char *key)
{
    const js_value *v = obj ? rt_json_get(obj, key) : NULL;
    if (!v) return NULL;
    if (v->kind == JS_STRING) return v->s;
    if (v->kind == JS_NUMBER) return v->s;
    if (v->kind == JS_TRUE) return "true";
    if (v->kind == JS_FALSE) return "false";
    return NULL;
}

static const char *fmt(rt_arena *a, const char *f, ...) __attribute__((format(printf, 2, 3)));
static const char *fmt(rt_arena *a, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(NULL, 0, f, ap); /* whole: two items that differ only far on must differ */
    va_end(ap);
    char *s = rt_arena_alloc(a, n < 0 ? 1 : (size_t)n + 1);
    va_start(ap, f);
    vsnprintf(s, n < 0 ? 1 : (size_t)n + 1, f, ap);
    va_end(ap);
    return s;
}

static void add(model *m, const char *key, const char *value, const char *cite)
{
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 64;
        item *n = rt_arena_alloc(m->a, sizeof *n * (size_t)m->cap);
        if (m->n) memcpy(n, m->items, sizeof *n * (size_t)m->n);
        m->items = n;
    }
    m->items[m->n++] = (item){key, value ? value : "", cite};
}

static const char *or_dash(const char *s) { return s ? s : "-"; }

/* The author's reading of the text that an item records (its "assumption", or the member
 * named), as an item of its own: it changes no decision, but an auditor is to see it change. */
static void assumed(model *m, const char *key, const js_value *x, const char *member)
{
    const char *text = str_of(x, member);
    if (text) add(m, fmt(m->a, "%s assumption", key), text, NULL);
}

/* "N unit" from explain's "n" and "unit" ("working_days" as "working days"): one of a unit
 * is said without its s. */
static const char *period_words(rt_arena *a, const char *n, const char *u)
{
    n = or_dash(n);
    u = or_dash(u);
    size_t len = strlen(u);
    if (!strcmp(n, "1") && len > 1 && u[len - 1] == 's') len--;
    char *w = rt_arena_strndup(a, u, len);
    for (char *p = w; *p; p++)
        if (*p == '_') *p = ' ';
    return fmt(a, "%s %s", n, w);
}

static void stages(model *m, const js_value *list)
{
    for (size_t i = 0; list && list->kind == JS_ARRAY && i < list->n; i++) {
        const js_value *s = list->items[i];
        const char *id = or_dash(str_of(s, "id"));
        add(m, fmt(m->a, "stage %s", id), str_of(s, "title"), NULL);
        bool receipt = !strcmp(or_dash(str_of(s, "on_receipt")), "true");
        bool request = !strcmp(or_dash(str_of(s, "on_request")), "true");
        bool automatic = !strcmp(or_dash(str_of(s, "automatic")), "true");
        const char *entry = fmt(m->a, "%s%s%s%s%s", receipt ? "on receipt" : "",
                                request ? "on request" : "",
                                request && !strcmp(or_dash(str_of(s, "reasons_required")), "true")
                                    ? " with reasons" : "",
                                request && automatic ? ", or " : "",
                                automatic ? "automatically when the target before passes" : "");
        const char *cite = str_of(s, "receipt_cite");
        if (!cite) cite = str_of(s, "request_cite");
        if (!cite) cite = str_of(s, "auto_cite");
        add(m, fmt(m->a, "stage %s entered", id), entry, cite);
        assumed(m, fmt(m->a, "stage %s entered on receipt", id), s, "receipt_assumption");
        assumed(m, fmt(m->a, "stage %s entered on request", id), s, "request_assumption");
        assumed(m, fmt(m->a, "stage %s entered automatically", id), s, "auto_assumption");
        const js_value *w = rt_json_get(s, "window");
        if (w) add(m, fmt(m->a, "stage %s window to ask", id),
                   period_words(m->a, str_of(w, "n"), str_of(w, "unit")),
                   str_of(s, "request_cite"));
        const js_value *c = rt_json_get(s, "auto_close");
        if (c) add(m, fmt(m->a, "stage %s closes by itself", id),
                   fmt(m->a, "%s after the response", period_words(m->a, str_of(c, "n"), str_of(c, "unit"))),
                   str_of(s, "close_cite"));
        if (str_of(s, "tell"))
            add(m, fmt(m->a, "stage %s tells of an extension", id), str_of(s, "tell"),
                str_of(s, "tell_cite"));
        if (str_of(s, "tell_beyond"))
            add(m, fmt(m->a, "stage %s tells of an extension beyond its limit", id),
                str_of(s, "tell_beyond"), str_of(s, "tell_beyond_cite"));
        const js_value *inc = rt_json_get(s, "includes");
        if (inc && inc->kind == JS_ARRAY && inc->n) {
            const char *all = "";
            for (size_t k = 0; k < inc->n; k++)
                all = fmt(m->a, "%s%s%s", all, k ? ", " : "", inc->items[k]->s);
            add(m, fmt(m->a, "stage %s response includes", id), all, str_of(s, "includes_cite"));
        }
        const js_value *duties = rt_json_get(s, "duties");
        for (size_t k = 0; duties && duties->kind == JS_ARRAY && k < duties->n; k++) {
            const js_value *d = duties->items[k];
            const char *duty = or_dash(str_of(d, "duty"));
            add(m, fmt(m->a, "stage %s %s", id, duty),
                fmt(m->a, "%s from %s", period_words(m->a, str_of(d, "n"), str_of(d, "unit")),
                    or_dash(str_of(d, "from"))),
                str_of(d, "cite"));
            assumed(m, fmt(m->a, "stage %s %s", id, duty), d, "assumption");
            if (str_of(d, "extension_max"))
                add(m, fmt(m->a, "stage %s %s extension", id, duty),
                    fmt(m->a, "at most %s%s", period_words(m->a, str_of(d, "extension_max"), "working_days"),
                        !strcmp(or_dash(str_of(d, "extension_more_if_agreed")), "true")
                            ? ", more if agreed" : ""),
                    NULL);
        }
    }
}

static void named_list(model *m, const js_value *list, const char *prefix, const char *name_key,
                       const char *value_key, const char *extra_key)
{
    for (size_t i = 0; list && list->kind == JS_ARRAY && i < list->n; i++) {
        const js_value *x = list->items[i];
        const char *value = or_dash(str_of(x, value_key));
        if (extra_key && str_of(x, extra_key))
            value = fmt(m->a, "%s; %s %s", value, extra_key, str_of(x, extra_key));
        const char *key = fmt(m->a, "%s %s", prefix, or_dash(str_of(x, name_key)));
        add(m, key, value, str_of(x, "cite"));
        assumed(m, key, x, "assumption");
    }
}

static void awards(model *m, const js_value *list)
{
    for (size_t i = 0; list && list->kind == JS_ARRAY && i < list->n; i++) {
        const js_value *x = list->items[i];
        const char *v = fmt(m->a, "%s %s pence", or_dash(str_of(x, "kind")), or_dash(str_of(x, "pence")));
        if (str_of(x, "from")) v = fmt(m->a, "%s a day from %s to %s", v, str_of(x, "from"), str_of(x, "until"));
        if (str_of(x, "amount_fact")) v = fmt(m->a, "%s, or the amount in %s", v, str_of(x, "amount_fact"));
        if (strcmp(or_dash(str_of(x, "cap_pence")), "-1")) v = fmt(m->a, "%s, capped at %s pence", v, str_of(x, "cap_pence"));
        if (str_of(x, "when")) v = fmt(m->a, "%s, when %s", v, str_of(x, "when"));
        const char *key = fmt(m->a, "award %s", or_dash(str_of(x, "name")));
        add(m, key, v, str_of(x, "cite"));
        assumed(m, key, x, "assumption");
    }
}

static bool flatten(model *m, const js_value *j)
{
    if (!j || j->kind != JS_OBJECT || !str_of(j, "policy")) return false;
    m->sha = str_of(j, "sha256");
    m->source = str_of(j, "source");
    const char *header[] = {"policy", "organisation", "document", "version", "calendar"};
    for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
        add(m, header[i], str_of(j, header[i]), NULL);
    const js_value *nc = rt_json_get(j, "not_complaints");
    for (size_t i = 0; nc && nc->kind == JS_ARRAY && i < nc->n; i++) {
        const char *key = fmt(m->a, "not a complaint: %s", or_dash(str_of(nc->items[i], "kind")));
        add(m, key, "listed", str_of(nc->items[i], "cite"));
        assumed(m, key, nc->items[i], "assumption");
    }
    named_list(m, rt_json_get(j, "redirects"), "redirect", "name", "to", "when");
    named_list(m, rt_json_get(j, "refusals"), "refusal", "name", "when", "reason");
    stages(m, rt_json_get(j, "stages"));
    const js_value *om = rt_json_get(j, "ombudsman");
    if (om && om->kind == JS_OBJECT)
        add(m, "ombudsman", fmt(m->a, "%s after the %s response", period_words(m->a, str_of(om, "n"), str_of(om, "unit")),
                                or_dash(str_of(om, "after_stage"))),
            str_of(om, "cite"));
    assumed(m, "ombudsman", om, "assumption");
    awards(m, rt_json_get(j, "awards"));
    named_list(m, rt_json_get(j, "no_compensation"), "no compensation when", "when", "when", NULL);
    const js_value *off = rt_json_get(j, "offset");
    if (off && off->kind == JS_OBJECT)
        add(m, "offset", fmt(m->a, "against %s %s", or_dash(str_of(off, "against")),
                             str_of(off, "when") ? fmt(m->a, "when %s", str_of(off, "when")) : "always"),
            str_of(off, "cite"));
    assumed(m, "offset", off, "assumption");
    const js_value *rs = rt_json_get(j, "restriction");
    if (rs && rs->kind == JS_OBJECT)
        add(m, "restriction of contact",
            fmt(m->a, "from %s, reviewed %s", or_dash(str_of(rs, "from")),
                str_of(rs, "review") ? fmt(m->a, "by %s", str_of(rs, "review"))
                : str_of(rs, "n")    ? fmt(m->a, "within %s", period_words(m->a, str_of(rs, "n"),
                                                                           str_of(rs, "unit")))
                                     : "at no set date"),
            str_of(rs, "cite"));
    assumed(m, "restriction of contact", rs, "assumption");
    const js_value *bands = rt_json_get(j, "approval");
    for (size_t i = 0; bands && bands->kind == JS_ARRAY && i < bands->n; i++) {
        const js_value *b = bands->items[i];
        add(m, fmt(m->a, "approval from %s below %s pence", or_dash(str_of(b, "from_pence")),
                   or_dash(str_of(b, "below_pence"))), str_of(b, "who"), str_of(b, "cite"));
    }
    named_list(m, rt_json_get(j, "advice"), "advice when", "when", "text", NULL);
    named_list(m, rt_json_get(j, "measures"), "measure", "name", "kind", "stage");
    const js_value *as = rt_json_get(j, "assumptions"); /* the policy's own, each by its words */
    for (size_t i = 0; as && as->kind == JS_ARRAY && i < as->n; i++)
        add(m, fmt(m->a, "assumption \"%s\"", or_dash(str_of(as->items[i], "text"))), "written",
            str_of(as->items[i], "cite"));
    const js_value *ne = rt_json_get(j, "not_encoded"); /* a figure may be waived in two places */
    for (size_t i = 0; ne && ne->kind == JS_ARRAY && i < ne->n; i++)
        add(m, fmt(m->a, "figure '%s' of \u00a7%s not encoded", or_dash(str_of(ne->items[i], "figure")),
                   or_dash(str_of(ne->items[i], "cite"))),
            str_of(ne->items[i], "because"), NULL);
    return true;
}

/* The first item with this key: by a table of the keys, made on the first call, so that
 * two policies of thousands of rules are compared in linear time, not each key against
 * every one of the other's. */
static const item *find(model *m, const char *key)
{
    if (!m->slots) {
        for (m->mask = 15; m->mask < 2 * (size_t)m->n; m->mask = m->mask * 2 + 1) {}
        m->slots = rt_arena_alloc(m->a, (m->mask + 1) * sizeof *m->slots);
        for (size_t i = 0; i <= m->mask; i++) m->slots[i] = -1;
        for (int i = 0; i < m->n; i++) {
            const char *k = m->items[i].key;
            size_t h = rt_hash_id(k, strlen(k)) & m->mask;
            while (m->slots[h] >= 0 && strcmp(m->items[m->slots[h]].key, k)) h = (h + 1) & m->mask;
            if (m->slots[h] < 0) m->slots[h] = i;
        }
    }
    size_t h = rt_hash_id(key, strlen(key)) & m->mask;
    for (; m->slots[h] >= 0; h = (h + 1) & m->mask)
        if (!strcmp(m->items[m->slots[h]].key, key)) return &m->items[m->slots[h]];
    return NULL;
}

static bool same(const char *a, const char *b) { return (!a && !b) || (a && b && !strcmp(a, b)); }

static void side(rt_buf *b, const item *it)
{
    rt_buf_puts(b, "{\"value\":");
    rt_buf_json_string(b, it->value, strlen(it->value));
    rt_buf_puts(b, ",\"cite\":");
    if (it->cite) rt_buf_json_string(b, it->cite, strlen(it->cite));
    else rt_buf_puts(b, "null");
    rt_buf_putc(b, '}');
}

static void report(rt_buf *h, rt_buf *j, int *n, const char *change, const item *o, const item *w)
{
    const item *any = o ? o : w;
    rt_buf_printf(h, "%-8s %s:", change, any->key);
    if (o) rt_buf_printf(h, " %s%s%s%s", o->value, o->cite ? " (\u00a7" : "", o->cite ? o->cite : "", o->cite ? ")" : "");
    if (o && w) rt_buf_puts(h, "\n         ->");
    if (w) rt_buf_printf(h, " %s%s%s%s", w->value, w->cite ? " (\u00a7" : "", w->cite ? w->cite : "", w->cite ? ")" : "");
    rt_buf_putc(h, '\n');
    rt_buf_puts(j, (*n)++ ? ",{\"change\":" : "{\"change\":");
    rt_buf_json_string(j, change, strlen(change));
    rt_buf_puts(j, ",\"item\":");
    rt_buf_json_string(j, any->key, strlen(any->key));
    rt_buf_puts(j, ",\"old\":");
    if (o) side(j, o);
    else rt_buf_puts(j, "null");
    rt_buf_puts(j, ",\"new\":");
    if (w) side(j, w);
    else rt_buf_puts(j, "null");
    rt_buf_putc(j, '}');
}

int diff_models(const char *old_name, const js_value *old_json, const char *new_name,
                const js_value *new_json, bool json, FILE *out)
{
    rt_arena a = {0};
    model o = {.a = &a}, w = {.a = &a};
    if (!flatten(&o, old_json) || !flatten(&w, new_json)) {
        fprintf(stderr, "redressc: error: %s is not a policy or an engine's explain --json\n",
                flatten(&o, old_json) ? new_name : old_name);
        rt_arena_reset(&a);
        return 2;
    }
    rt_buf h = {0}, j = {0};
    int n = 0;
    for (int i = 0; i < o.n; i++) {
        const item *x = find(&w, o.items[i].key);
        if (!x) report(&h, &j, &n, "removed", &o.items[i], NULL);
        else if (!same(x->value, o.items[i].value) || !same(x->cite, o.items[i].cite))
            report(&h, &j, &n, "changed", &o.items[i], x);
    }
    for (int i = 0; i < w.n; i++)
        if (!find(&o, w.items[i].key)) report(&h, &j, &n, "added", NULL, &w.items[i]);
    if (json) {
        rt_buf b = {0};
        rt_buf_puts(&b, "{\"old\":");
        rt_buf_json_string(&b, old_name, strlen(old_name));
        rt_buf_puts(&b, ",\"new\":");
        rt_buf_json_string(&b, new_name, strlen(new_name));
        rt_buf_printf(&b, ",\"same_source\":%s,\"differences\":[",
                      same(o.sha, w.sha) ? "true" : "false");
        fwrite(b.p, 1, b.n, out);
        fwrite(j.p ? j.p : "", 1, j.n, out);
        fputs("]}\n", out);
        rt_buf_free(&b);
    } else {
        fprintf(out, "%s -> %s\n", old_name, new_name);
        if (same(o.sha, w.sha)) fprintf(out, "same source (sha256 %s)\n", o.sha ? o.sha : "?");
        else fprintf(out, "sources differ: %s (sha256 %s) and %s (sha256 %s)\n", or_dash(o.source),
                     or_dash(o.sha), or_dash(w.source), or_dash(w.sha));
        fwrite(h.p ? h.p : "", 1, h.n, out);
        fprintf(out, "%d difference%s\n", n, n == 1 ? "" : "s");
    }
    rt_buf_free(&h);
    rt_buf_free(&j);
    rt_arena_reset(&a);
    return n ? 1 : 0;
}
