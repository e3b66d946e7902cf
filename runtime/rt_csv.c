/* rt_csv.c: CSV event logs (SPEC §4): a header row of the JSON field names, with facts as
 * facts.NAME columns; each record becomes the JSON event it stands for, typed by the policy. */
#include "rt_internal.h"
#include <string.h>

static void free_names(rt_csv *c)
{
    for (int i = 0; i < c->n_names; i++) rt_free(c->names[i]);
    rt_free(c->names);
    c->names = NULL;
    c->n_names = 0;
}

void rt_csv_end(rt_log *lg)
{
    if (!lg->csv) return;
    free_names(lg->csv);
    rt_buf_free(&lg->csv->record);
    rt_buf_free(&lg->csv->json);
    rt_free(lg->csv);
    lg->csv = NULL;
}

/* Splits one complete record into fields (RFC 4180: quotes, doubled quotes inside them). */
static int split(const char *s, size_t n, rt_buf *field_buf, size_t *starts, size_t *lens, int max)
{
    int k = 0;
    field_buf->n = 0;
    size_t i = 0;
    for (;;) {
        size_t start = field_buf->n;
        if (i < n && s[i] == '"') {
            for (i++; i < n; i++) {
                if (s[i] == '"' && i + 1 < n && s[i + 1] == '"') rt_buf_putc(field_buf, s[i++]);
                else if (s[i] == '"') { i++; break; }
                else rt_buf_putc(field_buf, s[i]);
            }
            while (i < n && s[i] != ',') rt_buf_putc(field_buf, s[i++]);
        } else {
            while (i < n && s[i] != ',' && s[i] != '\r') rt_buf_putc(field_buf, s[i++]);
        }
        if (k < max) {
            starts[k] = start;
            lens[k] = field_buf->n - start;
            k++;
        }
        if (i < n && s[i] == ',') { i++; continue; }
        return k;
    }
}

bool rt_csv_begin(rt_log *lg, const char *file, long lineno, const char *s, size_t n)
{
    (void)file, (void)lineno;
    rt_csv *c = rt_xalloc(sizeof *c);
    memset(c, 0, sizeof *c);
    size_t starts[256], lens[256];
    rt_buf fields = {0};
    int k = split(s, n, &fields, starts, lens, 256);
    bool has_case = false;
    c->names = rt_xalloc(sizeof *c->names * (size_t)k);
    for (int i = 0; i < k; i++) {
        c->names[c->n_names++] = rt_xstrndup(fields.p + starts[i], lens[i]);
        has_case |= !strcmp(c->names[i], "case");
    }
    rt_buf_free(&fields);
    if (!has_case) { /* not a CSV header: let the JSON reader say what is wrong with it */
        free_names(c);
        rt_free(c);
        return false;
    }
    lg->csv = c;
    return true;
}

static bool word_is(const char *s, size_t n, const char *w) { return strlen(w) == n && !memcmp(s, w, n); }

static bool all_digits(const char *s, size_t n)
{
    size_t i = n && s[0] == '-';
    if (i == n) return false;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* One field as a JSON value, by what the column means. */
static void value(rt_buf *j, const rt_policy *p, const char *name, const char *v, size_t n)
{
    static const char *const bool_fields[] = {"agreed", "reasons"};
    rt_type type = RT_T_TEXT;
    if (!strncmp(name, "facts.", 6))
        for (int i = 0; i < p->n_facts; i++)
            if (!strcmp(p->facts[i].name, name + 6)) type = p->facts[i].type;
    for (size_t i = 0; i < 2; i++)
        if (!strcmp(name, bool_fields[i])) type = RT_T_BOOL;
    if (!strcmp(name, "working_days")) type = RT_T_INT;
    if (!strcmp(name, "includes")) {
        rt_buf_putc(j, '[');
        for (size_t i = 0, start = 0; i <= n; i++)
            if (i == n || v[i] == ';') {
                if (start) rt_buf_putc(j, ',');
                rt_buf_json_string(j, v + start, i - start);
                start = i + 1;
            }
        rt_buf_putc(j, ']');
        return;
    }
    if (type == RT_T_BOOL && (word_is(v, n, "true") || word_is(v, n, "yes"))) rt_buf_puts(j, "true");
    else if (type == RT_T_BOOL && (word_is(v, n, "false") || word_is(v, n, "no"))) rt_buf_puts(j, "false");
    else if ((type == RT_T_INT || type == RT_T_MONEY) && all_digits(v, n)) rt_buf_put(j, v, n);
    else rt_buf_json_string(j, v, n); /* the event reader says if it is the wrong type */
}

static void field(rt_buf *j, const rt_policy *p, const char *column, const char *key,
                  const char *v, size_t n, bool *first)
{
    if (!*first) rt_buf_putc(j, ',');
    *first = false;
    rt_buf_json_string(j, key, strlen(key));
    rt_buf_putc(j, ':');
    value(j, p, column, v, n);
}

/* The record as JSON: the core columns, then the facts.NAME columns as one "facts" object.
 * An empty field is a field not given. */
static void to_json(rt_log *lg, const char *s, size_t n)
{
    rt_csv *c = lg->csv;
    size_t starts[256], lens[256];
    rt_buf fields = {0};
    int k = split(s, n, &fields, starts, lens, 256);
    if (k > c->n_names) k = c->n_names;
    c->json.n = 0;
    rt_buf_putc(&c->json, '{');
    bool first = true, any_fact = false;
    for (int i = 0; i < k; i++) {
        if (!lens[i]) continue;
        if (!strncmp(c->names[i], "facts.", 6)) any_fact = true;
        else field(&c->json, lg->p, c->names[i], c->names[i], fields.p + starts[i], lens[i], &first);
    }
    if (any_fact) {
        rt_buf_puts(&c->json, first ? "\"facts\":{" : ",\"facts\":{");
        bool first_fact = true;
        for (int i = 0; i < k; i++)
            if (lens[i] && !strncmp(c->names[i], "facts.", 6))
                field(&c->json, lg->p, c->names[i], c->names[i] + 6, fields.p + starts[i], lens[i],
                      &first_fact);
        rt_buf_putc(&c->json, '}');
    }
    rt_buf_putc(&c->json, '}');
    rt_buf_free(&fields);
}

/* Adds a physical line; true when it completes a record, now in c->json. */
bool rt_csv_line(rt_log *lg, const char *file, long lineno, const char *s, size_t n)
{
    (void)file;
    rt_csv *c = lg->csv;
    if (!c->in_quotes) {
        c->record.n = 0;
        c->record_line = lineno;
        size_t i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) i++;
        if (i == n) return false; /* a blank line */
    } else {
        rt_buf_putc(&c->record, '\n');
    }
    rt_buf_put(&c->record, s, n);
    for (size_t i = 0; i < n; i++)
        if (s[i] == '"') c->in_quotes = !c->in_quotes;
    if (c->in_quotes) return false;
    to_json(lg, c->record.p, c->record.n);
    return true;
}

void rt_csv_finish(rt_log *lg, const char *file)
{
    rt_csv *c = lg->csv;
    if (!c->in_quotes) return;
    const char *why = "a quoted field is not closed before the end of the file";
    if (lg->on_error) lg->on_error(lg->on_error_ud, file, c->record_line, why);
    else fprintf(stderr, "%s:%ld: error: %s\n", file, c->record_line, why);
    lg->n_read++;
    lg->n_rejected++;
    c->in_quotes = false;
}
