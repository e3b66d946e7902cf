/* rt_csv.c: CSV event logs (SPEC §4): a header row of the JSON field names, with facts as
 * facts.NAME columns; each record becomes the JSON event it stands for, typed by the policy. */
#include "rt_internal.h"
#include <stdlib.h>
#include <string.h>

static void free_names(rt_csv *c)
{
    for (int i = 0; i < c->n_names; i++) rt_free(c->names[i]), rt_buf_free(&c->keys[i]);
    rt_free(c->names);
    rt_free(c->kinds);
    rt_free(c->keys);
    rt_free(c->field);
    c->keys = NULL;
    c->field = NULL;
    c->names = NULL;
    c->kinds = NULL;
    c->n_names = 0;
}

void rt_csv_free(rt_csv *c)
{
    if (!c) return;
    free_names(c);
    rt_free(c->twice);
    rt_free(c->at);
    rt_free(c->lens);
    rt_buf_free(&c->record);
    rt_buf_free(&c->json);
    rt_buf_free(&c->fields);
    rt_free(c);
}

void rt_csv_end(rt_log *lg)
{
    rt_csv_free(lg->csv);
    lg->csv = NULL;
    lg->facts.csv = false;
}

#if defined(__SSE2__) && defined(__GNUC__)
/* A record with no quote and no carriage return, as most are, split at its commas found
 * sixteen bytes at a time (a byte at a time was a quarter of reading a CSV log). -1 when it
 * has either: split's loop then reads it. */
static int split_plain(const char *s, size_t n, const char **at, size_t *lens, int max)
{
    const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r');
    int k = 0;
    size_t from = 0;
    for (size_t base = 0; base < n; base += 16) {
        char tail[16] = {0}; /* the last few bytes, copied: nothing past the record is read */
        const char *p = n - base >= 16 ? s + base : memcpy(tail, s + base, n - base);
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
        if (_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, cr))))
            return -1;
        for (unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, comma)); m; m &= m - 1) {
            size_t i = base + (size_t)__builtin_ctz(m);
            if (k < max) at[k] = s + from, lens[k] = i - from;
            k++;
            from = i + 1;
        }
    }
    if (k < max) at[k] = s + from, lens[k] = n - from;
    return k + 1;
}
#endif

/* Splits one complete record into fields (RFC 4180: quotes, doubled quotes inside them). A
 * carriage return outside quotes ends the record, after a quoted field as after a plain one:
 * it is the CR of a CRLF line end, not part of the last field. Returns how many fields the
 * record has; the first max are put in at and lens.
 * A plain field is left where it lies; a quoted one is unquoted into quoted_buf, which is
 * made big enough first (unquoting never lengthens), so no field moves once found. */
static int split(const char *s, size_t n, rt_buf *quoted_buf, const char **at, size_t *lens,
                 int max)
{
#if defined(__SSE2__) && defined(__GNUC__)
    int plain = split_plain(s, n, at, lens, max);
    if (plain >= 0) return plain;
#endif
    int k = 0;
    quoted_buf->n = 0;
    if (quoted_buf->cap < n + 2) rt_buf_grow(quoted_buf, n + 1);
    size_t i = 0;
    for (;;) {
        const char *field;
        size_t len;
        if (i < n && s[i] == '"') { /* written straight into quoted_buf: there is room */
            char *to = quoted_buf->p + quoted_buf->n;
            field = to;
            for (i++; i < n;) {
                while (i < n && s[i] != '"') *to++ = s[i++];
                if (i == n) break;
                if (i + 1 < n && s[i + 1] == '"') { /* a doubled quote: one quote */
                    *to++ = '"';
                    i += 2;
                    continue;
                }
                i++; /* the closing quote */
                break;
            }
            while (i < n && s[i] != ',' && s[i] != '\r') *to++ = s[i++];
            *to = '\0';
            len = (size_t)(to - field);
            quoted_buf->n += len;
        } else {
            size_t from = i;
            while (i < n && s[i] != ',' && s[i] != '\r') i++;
            field = s + from;
            len = i - from;
        }
        if (k < max) at[k] = field, lens[k] = len;
        k++;
        if (i < n && s[i] == ',') { i++; continue; }
        return k;
    }
}

/* What a column holds, by its name and the policy's facts: settled once, at the header. */
static rt_csv_kind column_kind(const rt_policy *p, const char *name)
{
    static const struct { const char *name; rt_csv_kind kind; } core[] = {
        {"agreed", RT_COL_BOOL}, {"reasons", RT_COL_BOOL}, {"working_days", RT_COL_NUMBER},
        {"includes", RT_COL_LIST}};
    bool fact = !strncmp(name, "facts.", 6);
    for (int i = 0; fact && i < p->n_facts; i++)
        if (!strcmp(p->facts[i].name, name + 6)) {
            rt_type t = p->facts[i].type;
            return RT_COL_FACT | (t == RT_T_BOOL ? RT_COL_BOOL
                                 : t == RT_T_INT || t == RT_T_MONEY ? RT_COL_NUMBER : RT_COL_TEXT);
        }
    if (fact) return RT_COL_FACT | RT_COL_TEXT;
    for (size_t i = 0; i < sizeof core / sizeof core[0]; i++)
        if (!strcmp(name, core[i].name)) return core[i].kind;
    return RT_COL_TEXT;
}

/* Whether column i gives something read: an event field, or a fact the policy declares. */
static bool column_read(const rt_policy *p, const rt_csv *c, int i)
{
    if (!(c->kinds[i] & RT_COL_FACT)) return c->field[i] >= 0;
    for (int f = 0; f < p->n_facts; f++)
        if (!strcmp(p->facts[f].name, c->names[i] + 6)) return true;
    return false;
}

typedef struct { const char *name; int col; } named_col;

static int by_name(const void *a, const void *b)
{
    const named_col *x = a, *y = b;
    int d = strcmp(x->name, y->name);
    return d ? d : (x->col > y->col) - (x->col < y->col);
}

static int by_second(const void *a, const void *b)
{
    const int *x = a, *y = b;
    return (x[1] > y[1]) - (x[1] < y[1]);
}

/* The pairs of the header's columns that give the same field or fact (an export that names
 * two of its columns "date", say): a record that fills both is refused, and read_record
 * (rt_log.c) says it is the header's doing. A third such column pairs with the first. Found
 * by sorting the names, as a header may have thousands. */
static void columns_twice(const rt_policy *p, rt_csv *c)
{
    int k = c->n_names;
    c->twice = rt_xalloc(sizeof *c->twice * 2 * (size_t)(k ? k : 1)); /* c's, first: it is
                                                  freed with c should the next allocation fail */
    named_col *cols = rt_xalloc(sizeof *cols * (size_t)(k ? k : 1));
    for (int i = 0; i < k; i++) cols[i] = (named_col){c->names[i], i};
    qsort(cols, (size_t)k, sizeof *cols, by_name);
    for (int i = 1, first = 0; i < k; i++) {
        if (strcmp(cols[i].name, cols[first].name)) {
            first = i;
        } else if (column_read(p, c, cols[first].col)) {
            c->twice[2 * c->n_twice] = cols[first].col;
            c->twice[2 * c->n_twice + 1] = cols[i].col;
            c->n_twice++;
        }
    }
    rt_free(cols);
    qsort(c->twice, (size_t)c->n_twice, 2 * sizeof *c->twice, by_second);
}

/* The reader of a CSV log whose header row is s, made in *into (NULL when s is no CSV
 * header), where whoever frees the log finds it should memory run out part way. */
bool rt_csv_header(const rt_policy *p, const char *s, size_t n, rt_csv **into)
{
    const char *first = s;
    size_t left = n;
    rt_trim_blanks(&first, &left);
    if (!left || *first == '{') return false; /* an object: JSON Lines */
    rt_csv *c = *into = memset(rt_xalloc(sizeof *c), 0, sizeof *c);
    rt_buf *quoted = &c->record; /* the header's unquoted names, then each record's */
    int k = split(s, n, quoted, NULL, NULL, 0), n_case = 0; /* how many columns, first */
    /* a record's fields go here, one more than the columns so that one too many is seen */
    c->at = rt_xalloc(sizeof *c->at * (size_t)(k + 1));
    c->lens = rt_xalloc(sizeof *c->lens * (size_t)(k + 1));
    const char **at = c->at;
    size_t *lens = c->lens;
    split(s, n, quoted, at, lens, k);
    c->names = rt_xalloc(sizeof *c->names * (size_t)k);
    c->kinds = rt_xalloc(sizeof *c->kinds * (size_t)k);
    c->keys = rt_xalloc(sizeof *c->keys * (size_t)k);
    c->field = rt_xalloc(sizeof *c->field * (size_t)k);
    c->facts_field = rt_field_id("facts", 5);
    c->case_col = -1;
    for (int i = 0; i < k; i++) {
        /* "case, type, date": spaces about a column's name are no part of it (no field's
         * name has any), where a value's are (RFC 4180), and the reader says so */
        rt_trim_blanks(&at[i], &lens[i]);
        char *col = rt_xstrndup(at[i], lens[i]);
        c->keys[i] = (rt_buf){0};
        c->names[i] = col;
        c->n_names = i + 1; /* each counted once whole, for rt_csv_free */
        c->kinds[i] = column_kind(p, col);
        const char *name = col + (c->kinds[i] & RT_COL_FACT ? 6 : 0);
        size_t len = strlen(name);
        rt_buf_json_string(&c->keys[i], name, len);
        rt_buf_putc(&c->keys[i], ':');
        if (!(c->kinds[i] & RT_COL_FACT)) c->field[i] = rt_field_id(name, len);
        else c->field[i] = c->keys[i].n == len + 3 ? RT_CSV_FACT : RT_CSV_FACT_CARE;
        if (c->field[i] == RT_CSV_NONE && rt_key_slip(NULL, name, len, false) >= 0)
            c->field[i] = RT_CSV_SLIP; /* "reson": the JSON reader says what was meant */
        if (!strcmp(col, "case")) c->case_col = n_case++ ? -1 : i;
    }
    if (!n_case) { /* not a CSV header: let the JSON reader say what is wrong with it */
        rt_csv_free(c);
        *into = NULL;
        return false;
    }
    columns_twice(p, c);
    quoted->n = 0;
    return true;
}

bool rt_csv_begin(rt_log *lg, const char *file, long lineno, const char *s, size_t n)
{
    (void)file;
    if (!rt_csv_header(lg->p, s, n, &lg->csv)) return false;
    lg->csv->header_line = lineno;
    lg->facts.csv = true;
    return true;
}

int rt_csv_fills_twice(const rt_csv *c, int n_split)
{
    for (int k = 0; k < 2 * c->n_twice; k += 2)
        if (c->twice[k + 1] < n_split && c->lens[c->twice[k]] && c->lens[c->twice[k + 1]]) return k;
    return -1;
}

/* A boolean's word w (lower-case letters), in any case: spreadsheets write TRUE and FALSE. A
 * byte ORed with 0x20 is w's letter exactly when it is that letter in either case. */
static bool word_is(const char *s, size_t n, const char *w)
{
    if (strlen(w) != n) return false;
    for (size_t i = 0; i < n; i++)
        if ((s[i] | 0x20) != w[i]) return false;
    return true;
}

static bool all_digits(const char *s, size_t n)
{
    size_t i = n && s[0] == '-';
    if (i == n) return false;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* A whole number as JSON writes one, -?(0|[1-9][0-9]*); anything else in a number column
 * ("007", "5.0") goes as text, and the reader says what the field must be. */
static bool json_whole(const char *v, size_t n)
{
    size_t i = n && v[0] == '-';
    return all_digits(v, n) && (v[i] != '0' || n - i == 1);
}

/* A yes/no field as spreadsheets and CRMs write one: true, yes or y (1), false, no or n (0),
 * in any case; anything else (-1) is left for the event reader to refuse. */
static int yes_no(const char *v, size_t n)
{
    if (word_is(v, n, "true") || word_is(v, n, "yes") || word_is(v, n, "y")) return 1;
    if (word_is(v, n, "false") || word_is(v, n, "no") || word_is(v, n, "n")) return 0;
    return -1;
}

/* One field as a JSON value, by what the column holds. */
static void value(rt_buf *j, rt_csv_kind kind, const char *v, size_t n)
{
    kind &= ~RT_COL_FACT;
    if (kind == RT_COL_LIST) {
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
    int yes = kind == RT_COL_BOOL ? yes_no(v, n) : -1;
    if (yes >= 0) rt_buf_puts(j, yes ? "true" : "false");
    else if (kind == RT_COL_NUMBER && json_whole(v, n)) rt_buf_put(j, v, n);
    else rt_buf_json_string(j, v, n); /* the event reader says if it is the wrong type */
}

static void field(rt_buf *j, const rt_csv *c, int col, const char *v, size_t n, bool *first)
{
    if (!*first) rt_buf_putc(j, ',');
    *first = false;
    rt_buf_put(j, c->keys[col].p, c->keys[col].n); /* "name": , quoted once at the header */
    value(j, c->kinds[col], v, n);
}

/* The record as JSON: the core columns, then the facts.NAME columns as one "facts" object.
 * An empty field is a field not given. */
const rt_buf *rt_csv_record_json(rt_csv *c, const char *s, size_t n)
{
    const char **at = c->at;
    size_t *lens = c->lens;
    int k = c->n_split = split(s, n, &c->fields, at, lens, c->n_names + 1);
    if (k > c->n_names) k = c->n_names;
    c->json.n = 0;
    rt_buf_putc(&c->json, '{');
    bool first = true, any_fact = false;
    for (int i = 0; i < k; i++) {
        if (!lens[i]) continue;
        if (c->kinds[i] & RT_COL_FACT) any_fact = true;
        else field(&c->json, c, i, at[i], lens[i], &first);
    }
    if (any_fact) {
        rt_buf_puts(&c->json, first ? "\"facts\":{" : ",\"facts\":{");
        bool first_fact = true;
        for (int i = 0; i < k; i++)
            if (lens[i] && (c->kinds[i] & RT_COL_FACT)) field(&c->json, c, i, at[i], lens[i], &first_fact);
        rt_buf_putc(&c->json, '}');
    }
    rt_buf_putc(&c->json, '}');
    return &c->json;
}

/* A record of empty fields only (",,,", as spreadsheets write for rows left empty): no
 * event, as a blank line is none. */
static bool commas_only(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ',' && s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return false;
    return true;
}

bool rt_csv_line_ends(const char *s, size_t n, bool *in_quotes, bool *blank)
{
    *blank = !*in_quotes && commas_only(s, n);
    if (*blank) return false;
    const char *first = memchr(s, '"', n); /* most lines have none */
    if (!first) return !*in_quotes;
    /* the rest counted, not searched for one by one: a quoted record has dozens */
    size_t quotes = 0, i = (size_t)(first - s);
#if defined(__SSE2__) && defined(__GNUC__)
    const __m128i quote = _mm_set1_epi8('"');
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        quotes += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, quote)));
    }
#endif
    for (; i < n; i++) quotes += s[i] == '"';
    if (quotes & 1) *in_quotes = !*in_quotes;
    return !*in_quotes;
}

bool rt_csv_line(rt_log *lg, const char *file, long lineno, const char *s, size_t n)
{
    (void)file;
    rt_csv *c = lg->csv;
    bool starts = !c->in_quotes, blank;
    bool ends = rt_csv_line_ends(s, n, &c->in_quotes, &blank);
    if (blank) return false;
    if (starts) {
        c->record.n = 0;
        c->record_line = lineno;
        if (ends) { /* a whole record on one line, as most are */
            c->rec = s;
            c->rec_n = n;
            return true;
        }
    } else {
        rt_buf_putc(&c->record, '\n');
    }
    rt_buf_put(&c->record, s, n);
    if (!ends) return false;
    c->rec = c->record.p;
    c->rec_n = c->record.n;
    return true;
}

/* ---- a record straight into the reader's fields ---- */

/* A field as the value value() would write and the reader read back. */
static bool field_value(rt_fields *fs, rt_csv_kind kind, const char *v, size_t n, js_value *out)
{
    int yes;
    kind &= ~RT_COL_FACT;
    *out = (js_value){.kind = JS_STRING, .s = v, .len = n};
    if (kind == RT_COL_LIST) {
        *out = (js_value){.kind = JS_ARRAY, .items = &fs->items[fs->n_items]};
        for (size_t i = 0, start = 0; i <= n; i++)
            if (i == n || v[i] == ';') {
                if (fs->n_items == RT_FIELDS_POOL || fs->n_pool == RT_FIELDS_POOL) return false;
                js_value *item = &fs->pool[fs->n_pool++];
                *item = (js_value){.kind = JS_STRING, .s = v + start, .len = i - start};
                fs->items[fs->n_items++] = item;
                out->n++;
                start = i + 1;
            }
    } else if (kind == RT_COL_BOOL && (yes = yes_no(v, n)) >= 0) {
        out->kind = yes ? JS_TRUE : JS_FALSE;
    } else if (kind == RT_COL_NUMBER && json_whole(v, n)) {
        out->kind = JS_NUMBER;
    }
    return true;
}

bool rt_csv_record_fields(rt_csv *c, rt_fields *fs)
{
    const char **at = c->at;
    size_t *lens = c->lens;
    int k = split(c->rec, c->rec_n, &c->fields, at, lens, c->n_names + 1);
    if (k > c->n_names || (c->n_twice && rt_csv_fills_twice(c, k) >= 0)) return false; /* said */
    rt_fields_begin(fs);
    js_value *facts = NULL;
    for (int i = 0; i < k; i++) {
        int f = c->field[i];
        if (!lens[i] || f == RT_CSV_NONE) continue; /* not given, or not read */
        if (f == RT_CSV_FACT_CARE || f == RT_CSV_SLIP || fs->n_pool >= RT_FIELDS_POOL - 1 ||
            rt_json_plain_run((const unsigned char *)at[i], lens[i], false) != lens[i])
            return false;
        js_value *v = &fs->pool[fs->n_pool++];
        if (f >= 0) {
            if (fs->v[f]) return false; /* given twice */
            fs->v[f] = v;
        } else {
            if (!facts) {
                facts = &fs->pool[fs->n_pool++];
                *facts = (js_value){.kind = JS_OBJECT, .members = &fs->members[fs->n_members]};
            }
            if (fs->n_members == RT_FIELDS_POOL) return false;
            fs->members[fs->n_members++] = (js_member){c->keys[i].p + 1, c->keys[i].n - 3, v};
            facts->n++;
        }
        if (!field_value(fs, c->kinds[i], at[i], lens[i], v)) return false;
    }
    if (facts && fs->v[c->facts_field]) return false; /* a column named "facts" too */
    if (facts) fs->v[c->facts_field] = facts;
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
