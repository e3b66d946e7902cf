/* rt_window.c: marks the last line of each case in mapped logs (JSON Lines or CSV), read
 * backwards, so that a streamed run can decide and let go of each case as soon as its turn comes. */
#define _GNU_SOURCE /* memrchr */
#include "rt_internal.h"
#include <string.h>

/* The ids already met, walking backwards, are kept as 64-bit hashes in a table (none while
 * the ids only go down: see classify). Two ids with one hash would make the earlier one's
 * last line unmarked: that case, and those after it, would then be held to the end, which
 * costs memory but changes no decision. */
void rt_window_begin(rt_log *lg)
{
    lg->n_marked = 0;
    lg->marked_grouped = lg->marked_sorted = true;
    lg->marked_id.n = 0;
    lg->walked.n = 0;
}

void rt_window_end(rt_log *lg)
{
    rt_hset_free(&lg->met);
    rt_buf_free(&lg->marked_id);
    rt_texts_free(&lg->walked);
    if (lg->marked_grouped) { /* read as --grouped reads: no marks, no table of cases */
        lg->grouped = true;
        lg->streamed = false;
        rt_free(lg->last_marks);
        lg->last_marks = NULL;
        lg->n_marked = lg->cap_marks = 0;
    }
    lg->line_at = 0;
}

/* The id of a line that begins with a plain "case", as nearly every line does. */
static inline bool plain_case(const char *s, size_t n, const char **id, size_t *len)
{
    static const char head[] = "{\"case\":\"";
    const size_t k = sizeof head - 1;
    if (n <= k || memcmp(s, head, k)) return false;
    const unsigned char *q = (const unsigned char *)s + k;
    size_t run = rt_json_plain_run(q, n - k, true);
    if (!run || run >= n - k || q[run] != '"') return false;
    *id = (const char *)q;
    *len = run;
    return true;
}

/* The id of a line without a plain "case" first, through the same readers as forwards, its
 * values in a. */
static bool read_case(rt_log *lg, rt_arena *a, const char *s, size_t n, const char **id,
                      size_t *len)
{
    rt_fields fs;
    char why[8]; /* not shown: the forward reader reports the line */
    return rt_log_fields_in(lg, a, s, n, &fs, why, sizeof why) && rt_fields_case(&fs, id, len);
}

/* The case id of an event line, exactly as the forward reader will find it: most lines begin
 * with a plain "case", taken directly; the rest go through the same readers as forwards, their
 * values in a. A line the forward reader will refuse may still give an id here; that only
 * holds a case. */
static bool line_case(rt_log *lg, rt_arena *a, const char *s, size_t n, const char **id,
                      size_t *len)
{
    return plain_case(s, n, id, len) || read_case(lg, a, s, n, id, len);
}

bool rt_window_line_case(rt_log *lg, const char *s, size_t n, const char **id, size_t *len)
{
    return line_case(lg, &lg->line, s, n, id, len);
}

/* Room for the marks of lines up to k, every bit clear until marked. */
static void room(rt_log *lg, size_t k)
{
    if (k / 64 < lg->cap_marks) return;
    size_t cap = lg->cap_marks ? lg->cap_marks * 2 : 1024;
    lg->last_marks = rt_xrealloc(lg->last_marks, cap * sizeof *lg->last_marks);
    memset(lg->last_marks + lg->cap_marks, 0, (cap - lg->cap_marks) * sizeof *lg->last_marks);
    lg->cap_marks = cap;
}

/* How far before the line being read the text is fetched, walking backwards. */
#define AHEAD 2048

/* Lines are taken a batch at a time, so the table's slots can be fetched ahead. */
#define BATCH 16
typedef struct {
    uint64_t h;
    bool has_id;
    bool same;   /* its id is the one of the line after it that has one */
    bool fresh;  /* its id comes before every id met (the log is sorted so far): not met */
} probe;

/* A line whose id was met already, after lines of other cases, shows the log is not grouped
 * by case. The ids themselves are compared with the line after, not their hashes: two ids
 * with one hash must not pass for one case, or a grouped reading would refuse the second. */
static void settle(rt_log *lg, probe *batch, int n)
{
    for (int i = 0; i < n; i++, lg->n_marked++) {
        room(lg, lg->n_marked);
        if (!batch[i].has_id || batch[i].same) continue; /* the line after put its id */
        if (batch[i].fresh || !rt_hset_put(&lg->met, batch[i].h))
            lg->last_marks[lg->n_marked / 64] |= 1ull << (lg->n_marked % 64);
        else
            lg->marked_grouped = false;
    }
}

/* ---- CSV files ----
 * A CSV file's events are its records, and a quoted field may run a record over several
 * lines, so walking backwards cannot tell where a record begins. A walk forwards first finds
 * the header as the reader does (the first line not blank, if it does not open an object
 * and names a "case" column) and, by the reader's own rule (rt_csv_line_ends), which lines
 * end a record. Walking backwards, a record's id is then taken on the line that ends it: the
 * line on which the forward reader files its event. */
typedef struct {
    rt_csv *csv;    /* the header's columns; NULL: the text is read as JSON Lines */
    size_t header;  /* the header's line: no line up to it ends a record */
    size_t n_lines;
    uint64_t *ends; /* bit i: line i ends a record */
} csv_shape;

static bool ends_record(const csv_shape *sh, size_t i)
{
    return i > sh->header && i < sh->n_lines && (sh->ends[i / 64] >> (i % 64) & 1);
}

/* Room for bits up to line i, each clear until set. */
static void ends_room(csv_shape *sh, size_t i, size_t *cap)
{
    if (i / 64 < *cap) return;
    size_t more = *cap ? *cap * 2 : 256;
    while (i / 64 >= more) more *= 2;
    sh->ends = rt_xrealloc(sh->ends, more * sizeof *sh->ends);
    memset(sh->ends + *cap, 0, (more - *cap) * sizeof *sh->ends);
    *cap = more;
}

/* The header the forward reader will take on the first line that is not blank (take_line in
 * rt_log.c, by the same rt_csv_header), if the text is CSV. */
static size_t header_of(const rt_policy *p, const char *text, size_t n, csv_shape *sh)
{
    size_t start = 0;
    for (size_t line = 0; start < n; line++) {
        const char *s = text + start;
        size_t len = rt_line_end(text, start, n) - start;
        if (!rt_blank(s, len)) {
            if (rt_csv_header(p, s, len, &sh->csv)) sh->header = line;
            return start + len + 1;
        }
        start += len + 1;
    }
    return n;
}

static csv_shape shape_of(const rt_policy *p, const char *text, size_t n,
                          void (*done_with)(const char *text, size_t n))
{
    csv_shape sh = {0};
    size_t start = header_of(p, text, n, &sh), released = 0, cap = 0;
    if (!sh.csv) return sh;
    bool in_quotes = false, blank;
    size_t line = sh.header + 1;
    for (; start < n; line++) {
        size_t len = rt_line_end(text, start, n) - start;
        if (rt_csv_line_ends(text + start, len, &in_quotes, &blank)) {
            ends_room(&sh, line, &cap);
            sh.ends[line / 64] |= 1ull << (line % 64);
        }
        start += len + 1;
        rt_let_go_behind(text, n, start, &released, done_with);
    }
    sh.n_lines = line;
    ends_room(&sh, line, &cap); /* every line's bit can be read */
    return sh;
}

static void shape_free(csv_shape *sh)
{
    rt_csv_free(sh->csv);
    rt_free(sh->ends);
}

/* The case field of a record, taken where it lies, as split (rt_csv.c) finds it: fields end at
 * a comma, a carriage return outside quotes ends the record, and a field that opens with a
 * quote runs to its closing quote (a doubled quote inside is one quote). Taken when JSON holds
 * it as it is, so that the reader, given the record as JSON, finds those very bytes; a field
 * with a doubled quote or with bytes after its closing quote is left to the full path, below. */
static bool plain_field(const csv_shape *sh, const char *s, size_t n, const char **id,
                        size_t *len)
{
    size_t i = 0;
    for (int k = 0; sh->csv->case_col >= 0; k++, i++) {
        size_t from = i, to;
        if (i < n && s[i] == '"') {
            bool doubled = false;
            for (from = ++i; i < n && (s[i] != '"' || (i + 1 < n && s[i + 1] == '"')); i++)
                if (s[i] == '"') doubled = true, i++;
            if (i == n || doubled) return false; /* no closing quote, or a quote inside */
            to = i++;
            if (i < n && s[i] != ',' && s[i] != '\r') return false;
        } else {
            while (i < n && s[i] != ',' && s[i] != '\r') i++;
            to = i;
        }
        if (k == sh->csv->case_col) {
            *id = s + from;
            *len = to - from;
            return *len && rt_json_plain_run((const unsigned char *)*id, *len, false) == *len;
        }
        if (i == n || s[i] != ',') return false;
    }
    return false;
}

/* The id of the record that line i, at text[start, end), ends, as the forward reader finds
 * it. The record's first line is the first that is not blank after the line that ends the
 * record before (or after the header). */
static bool record_case(rt_log *lg, rt_arena *a, const csv_shape *sh, const char *text, size_t i,
                        size_t start, size_t end, const char **id, size_t *len)
{
    size_t from = start;
    for (size_t k = i; k - 1 > sh->header && !ends_record(sh, k - 1); k--) {
        const char *nl = memrchr(text, '\n', from - 1);
        from = nl ? (size_t)(nl - text) + 1 : 0;
    }
    for (const char *nl; from < start && (nl = memchr(text + from, '\n', start - from)) &&
                         rt_blank(text + from, (size_t)(nl - text) - from);)
        from = (size_t)(nl - text) + 1;
    if (plain_field(sh, text + from, end - from, id, len)) return true;
    const rt_buf *json = rt_csv_record_json(sh->csv, text + from, end - from);
    return read_case(lg, a, json->p, json->n, id, len);
}

/* The ids of the lines of text from byte from (line number line) on, as the marking pass
 * takes them, into set, the readers' values in a; shape is the text's, or NULL to find it
 * again. Pages are let go as they are read, as by the walk itself. */
static void put_ids(rt_log *lg, rt_hset *set, rt_arena *a, const char *text, size_t n,
                    const csv_shape *shape, size_t from, size_t line,
                    void (*done_with)(const char *text, size_t n))
{
    csv_shape own = {0};
    if (!shape) own = shape_of(lg->p, text, n, done_with), shape = &own;
    for (size_t start = from, released = from; start < n; line++) {
        const char *id;
        size_t stop = rt_line_end(text, start, n), len;
        if (shape->csv ? ends_record(shape, line) &&
                             record_case(lg, a, shape, text, line, start, stop, &id, &len)
                       : line_case(lg, a, text + start, stop - start, &id, &len))
            rt_hset_put(set, rt_hash_id(id, len));
        rt_arena_rewind(a);
        start = stop + 1;
        rt_let_go_behind(text, n, start, &released, done_with);
    }
    shape_free(&own);
}

void rt_window_ids(rt_log *lg, rt_hset *set, const char *text, size_t n)
{
    rt_arena a = {0};
    put_ids(lg, set, &a, text, n, NULL, 0, 0, NULL);
    rt_arena_reset(&a);
}

/* The file being walked backwards, and the line after the one being read. */
typedef struct {
    const char *text;
    size_t n;
    const csv_shape *sh;
    size_t walked_to, line_after;
    void (*done_with)(const char *text, size_t n);
} walk;

/* A line's id against the line after's, walking backwards: the same case; or, while the ids
 * have only gone down (a log sorted by case, read backwards), one not met, with no table
 * kept. The first id that goes up ends that: the ids of the lines walked are found again
 * (those after this line in its file, walked_to on, and the files after it) and the table
 * is used from then on. The id is kept in marked_id, p->h made from there. */
static void classify(rt_log *lg, probe *p, const char *id, size_t len, const walk *w)
{
    rt_buf *b = &lg->marked_id;
    p->same = p->fresh = false;
    if (b->n == len && rt_same(b->p, id, len)) {
        p->same = true;
        return;
    }
    bool below = !b->n || rt_id_before(id, len, b->p, b->n);
    b->n = 0;
    rt_buf_put(b, id, len); /* before put_ids: id may live in the line's arena */
    if (lg->marked_sorted && !below) {
        lg->marked_sorted = false;
        put_ids(lg, &lg->met, &lg->line, w->text, w->n, w->sh, w->walked_to, w->line_after,
                w->done_with);
        for (size_t i = 0; i < lg->walked.n; i++)
            put_ids(lg, &lg->met, &lg->line, lg->walked.at[i].text, lg->walked.at[i].n, NULL, 0,
                    0, w->done_with);
    }
    p->fresh = lg->marked_sorted;
}

void rt_window_file(rt_log *lg, const char *text, size_t n,
                    void (*done_with)(const char *text, size_t n))
{
    rt_skip_bom(&text, &n); /* as the forward reader does */
    if (!n) return;
    csv_shape sh = shape_of(lg->p, text, n, done_with);
    probe batch[BATCH];
    int in_batch = 0;
    size_t end = text[n - 1] == '\n' ? n - 1 : n, released = n, line = sh.n_lines;
    for (;;) { /* the lines as the forward reader splits them, last first */
        const char *nl = end ? memrchr(text, '\n', end) : NULL;
        size_t start = nl ? (size_t)(nl - text) + 1 : 0;
        if (sh.csv) line--;
#if defined(__GNUC__)
        if (start >= AHEAD + 64) { /* the processor fetches ahead going forwards, not back */
            __builtin_prefetch(text + start - AHEAD);
            __builtin_prefetch(text + start - AHEAD - 64);
        }
#endif
        const char *id;
        size_t len;
        probe *p = &batch[in_batch++];
        bool read = false; /* by the readers, into lg->line: let go below */
        if (sh.csv)
            p->has_id = ends_record(&sh, line) &&
                        (read = true, record_case(lg, &lg->line, &sh, text, line, start, end, &id, &len));
        else
            p->has_id = plain_case(text + start, end - start, &id, &len) ||
                        (read = true, read_case(lg, &lg->line, text + start, end - start, &id, &len));
        p->same = p->fresh = false;
        if (p->has_id && lg->marked_grouped) {
            walk w = {text, n, &sh, end + 1, line + 1, done_with};
            classify(lg, p, id, len, &w);
            id = lg->marked_id.p;
        }
        if (p->has_id && !p->same && !p->fresh) {
            p->h = rt_hash_id(id, len);
#if defined(__GNUC__)
            __builtin_prefetch(rt_hset_where(&lg->met, p->h));
#endif
        }
        if (read) rt_arena_rewind(&lg->line);
        if (in_batch == BATCH) settle(lg, batch, in_batch), in_batch = 0;
        if (done_with && released - start >= RT_RELEASE_EVERY) {
            done_with(text + start, released - start);
            released = start;
        }
        if (!nl) break;
        end = (size_t)(nl - text);
    }
    settle(lg, batch, in_batch);
    if (done_with) done_with(text, released);
    rt_texts_add(&lg->walked, text, n);
    shape_free(&sh);
}
