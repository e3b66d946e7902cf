/* rt_log.c: event logs read line by line, JSON Lines or CSV, each good line filed under its
 * case (rt_held.c, or rt_grouped.c for --grouped) and every bad one reported and skipped. */
#include "rt_internal.h"
#include <errno.h>
#include <string.h>

void rt_log_decide(rt_log *lg, rt_case *c, rt_day as_of, rt_decision *d)
{
    if (!lg->grouped) rt_held_gather(lg, c);
    rt_case_sort_events(c);
    c->as_of_today = lg->as_of_today;
    rt_case_evaluate(c, as_of, d);
}

/* An event line's fields as an event of its case; false with why set when it is refused.
 * This and take_fields are marked inline because they are on every line's path: once CSV
 * records called take_fields too, GCC put both out of line, at 29 more instructions a JSON
 * line (Sedgemoor, grouped). */
static inline bool take_event(rt_log *lg, const rt_fields *fs, char *why, size_t why_len)
{
    rt_event ev;
    const char *id = NULL;
    size_t id_len = 0;
    rt_case *c = NULL;
    if (!lg->grouped) {
        if (!rt_event_from_fields(&lg->facts, fs, rt_held_arena(lg), &ev, why, why_len))
            return false;
        rt_fields_case(fs, &id, &id_len); /* an event has a case: it was checked */
        ev.seq = lg->seq++;
        rt_held_add(lg, &ev, id, id_len, lg->line_last);
        return true;
    } else { /* settle the case first: its strings live with it */
        if (rt_fields_case(fs, &id, &id_len) && !(c = rt_grouped_case(lg, id, id_len))) {
            snprintf(why, why_len, "case \"%.*s\" appears again after other cases, but the log "
                                   "was said to be grouped by case", (int)(id_len < 60 ? id_len : 60), id);
            return false;
        }
        if (!rt_event_from_fields(&lg->facts, fs, &lg->current_strings, &ev, why, why_len)) {
            if (c) c->refused_lines = true;
            return false;
        }
    }
    ev.seq = lg->seq++;
    rt_grouped_add(c, &ev);
    return true;
}

/* Most lines take the fast reader; the rest, and every mistake, the full JSON parser. */
bool rt_log_fields(rt_log *lg, const char *s, size_t n, rt_fields *fs, char *why, size_t why_len)
{
    return rt_log_fields_in(lg, &lg->line, s, n, fs, why, why_len);
}

bool rt_log_fields_in(rt_log *lg, rt_arena *a, const char *s, size_t n, rt_fields *fs, char *why,
                      size_t why_len)
{
    if (!lg->facts.built) rt_fact_index_build(&lg->facts, lg->p);
    return rt_fields_read(a, s, n, &lg->facts, fs, why, why_len);
}

bool rt_fields_read(rt_arena *a, const char *s, size_t n, rt_fact_index *x, rt_fields *fs,
                    char *why, size_t why_len)
{
    if (rt_fields_scan(s, n, x, fs)) return true;
    const char *err;
    size_t col;
    js_value *v = rt_json_parse_views(a, s, n, &err, &col);
    if (v) return rt_fields_index(v, fs, x, why, why_len);
    const char *first = s;
    size_t left = n;
    rt_trim_blanks(&first, &left);
    snprintf(why, why_len, "invalid JSON at column %zu: %s%s", col, err,
             left && *first == '[' /* an export as one JSON array, most likely */
                 ? "; a log has one event, an object, on each line (JSON Lines), not an array of them"
                 : "");
    return false;
}

/* A line refused, why: said, counted, and its case, if fields (the line was read into fs)
 * name one, made as a grouped reading makes it. */
#if defined(__GNUC__)
__attribute__((noinline, cold)) /* out of every good line's way */
#endif
static void refused(rt_log *lg, const char *file, long lineno, const char *s, size_t n,
                    const rt_fields *fs, bool fields, const char *why)
{
    if (lg->why_instead) why = lg->why_instead;
    if (lg->on_error) lg->on_error(lg->on_error_ud, file, lineno, why);
    else fprintf(stderr, "%s:%ld: error: %s\n", file, lineno, why);
    lg->n_rejected++;
    const char *id;
    size_t id_len; /* a refused line may still end its case, as the marks were made */
    if (!lg->grouped && fields && rt_fields_case(fs, &id, &id_len))
        rt_held_touch(lg, id, id_len, lg->line_last); /* as a grouped reading has it */
    else if (lg->line_last && (s ? rt_window_line_case(lg, s, n, &id, &id_len) /* s: the JSON */
                                 : rt_fields_case(fs, &id, &id_len)))
        rt_held_complete(lg, id, id_len);
}

/* A line's fields, if ok, as an event; else, or if the event is refused, the error. */
static inline void take_fields(rt_log *lg, const char *file, long lineno, const char *s,
                               size_t n, const rt_fields *fs, bool ok, char *why, size_t why_len)
{
    lg->n_read++;
    bool fields = ok; /* the line was read into fields, whatever became of its event */
    if (ok && !take_event(lg, fs, why, why_len)) ok = false;
    if (!ok) refused(lg, file, lineno, s, n, fs, fields, why);
    rt_arena_rewind(&lg->line);
}

static void read_line(rt_log *lg, const char *file, long lineno, const char *s, size_t n)
{
    if (rt_blank(s, n)) return;
    char why[RT_WHY];
    rt_fields fs;
    bool ok = rt_log_fields(lg, s, n, &fs, why, sizeof why);
    take_fields(lg, file, lineno, s, n, &fs, ok, why, sizeof why);
}

/* A CSV record: most straight into fields; the rest as the JSON event each stands for, read
 * by the JSON reader, which words any mistake. */
static void read_record(rt_log *lg, const char *file)
{
    rt_csv *c = lg->csv;
    rt_fields fs;
    char why[RT_WHY];
    if (!lg->facts.built) rt_fact_index_build(&lg->facts, lg->p);
    if (rt_csv_record_fields(c, &fs)) {
        take_fields(lg, file, c->record_line, NULL, 0, &fs, true, why, sizeof why);
        return;
    }
    const rt_buf *json = rt_csv_record_json(c, c->rec, c->rec_n);
    if (c->n_split > c->n_names) { /* a comma unquoted in a field, most likely: nothing can be
                                      trusted to be in its column */
        snprintf(why, sizeof why, "the record has %d fields, but the header names %d columns",
                 c->n_split, c->n_names);
        take_fields(lg, file, c->record_line, json->p, json->n, &fs, false, why, sizeof why);
        return;
    }
    int k = c->n_twice ? rt_csv_fills_twice(c, c->n_split) : -1;
    char header_why[RT_WHY];
    if (k >= 0) { /* refused as "given twice", as it is; but the header's doing, not the record's */
        int a = c->twice[k], b = c->twice[k + 1];
        snprintf(header_why, sizeof header_why, "\"%s\" is given twice: the header (line %ld) "
                 "names columns %d and %d so; rename one", c->names[a], c->header_line, a + 1, b + 1);
        lg->why_instead = header_why;
    }
    read_line(lg, file, c->record_line, json->p, json->n);
    lg->why_instead = NULL;
}

/* A JSON Lines line read by the fast reader before its end is known: the reader stops at
 * its newline, so no search for it comes first. false: the line is for take_line. */
static bool fast_line(rt_log *lg, const char *file, long lineno, const char *s, size_t left,
                      size_t *len)
{
    rt_fields fs;
    char why[RT_WHY];
    if (lg->csv || !lg->decided || lg->foreign_sep || !lg->facts.built ||
        !rt_fields_scan_line(s, left, &lg->facts, &fs, len))
        return false;
    take_fields(lg, file, lineno, s, *len, &fs, true, why, sizeof why);
    return true;
}

/* The separator of a first line that names a "case" column with ';' or tabs between the
 * names and no comma, as spreadsheets set to another locale, and some CRMs, export CSV; else 0.
 * Its lines, each "invalid JSON at column 1", would not say why. */
static char foreign_separator(const char *s, size_t n)
{
    if (memchr(s, ',', n) || *s == '{') return 0;
    for (const char *seps = ";\t"; *seps; seps++) {
        if (!memchr(s, *seps, n)) continue;
        for (size_t i = 0, from = 0; i <= n; i++)
            if (i == n || s[i] == *seps || s[i] == '\r') {
                size_t a = from, b = i;
                while (a < b && (s[a] == ' ' || s[a] == '"')) a++;
                while (b > a && (s[b - 1] == ' ' || s[b - 1] == '"')) b--;
                if (b - a == 4 && !memcmp(s + a, "case", 4)) return *seps;
                from = i + 1;
            }
    }
    return 0;
}

/* A line of a file whose fields are separated otherwise (foreign_separator): refused, with
 * why; its header first. */
static void foreign_line(rt_log *lg, const char *file, long lineno, const char *s, size_t n,
                         bool header)
{
    char why[RT_WHY];
    const char *sep = lg->foreign_sep == ';' ? "';'" : "tabs";
    if (header)
        snprintf(why, sizeof why, "the header has %s between its column names, where a CSV log "
                 "has commas: export the log as comma-separated CSV (no line of this file is read)",
                 sep);
    else
        snprintf(why, sizeof why, "not read: the file's fields have %s between them (see its "
                 "header)", sep);
    lg->n_read++;
    refused(lg, file, lineno, s, n, NULL, false, why);
}

/* A line as an event: JSON Lines as they are; CSV rows turned into the same JSON first,
 * so both are checked, and reported, by one reader. */
static void take_line(rt_log *lg, const char *file, long lineno, const char *s, size_t n)
{
    if (lg->csv) {
        if (rt_csv_line(lg, file, lineno, s, n)) read_record(lg, file);
        return;
    }
    if (!lg->decided && !rt_blank(s, n)) {
        lg->decided = true;
        lg->foreign_sep = 0;
        if (rt_csv_begin(lg, file, lineno, s, n)) return;
        if ((lg->foreign_sep = foreign_separator(s, n))) {
            foreign_line(lg, file, lineno, s, n, true);
            return;
        }
    }
    if (lg->foreign_sep && !rt_blank(s, n)) {
        foreign_line(lg, file, lineno, s, n, false);
        return;
    }
    read_line(lg, file, lineno, s, n);
}

static void end_of_file(rt_log *lg, const char *name)
{
    rt_held_drain(lg);
    if (lg->csv) rt_csv_finish(lg, name);
    rt_csv_end(lg);
}

int rt_log_read(rt_log *lg, FILE *f, const char *name)
{
    lg->decided = false;
    rt_csv_end(lg);
    rt_buf line = {0};
    char chunk[65536];
    long lineno = 0;
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        size_t start = 0;
        if (!lineno && !line.n && rt_utf16(chunk, got)) { /* not one line would be read */
            rt_buf_free(&line);
            return EILSEQ;
        }
        for (const char *nl; (nl = memchr(chunk + start, '\n', got - start)) != NULL;) {
            size_t i = (size_t)(nl - chunk);
            lineno++;
            const char *s = chunk + start;
            size_t n = i - start;
            if (line.n) {
                rt_buf_put(&line, s, n);
                s = line.p, n = line.n;
                line.n = 0;
            }
            if (lineno == 1) rt_skip_bom(&s, &n);
            take_line(lg, name, lineno, s, n);
            start = i + 1;
        }
        rt_buf_put(&line, chunk + start, got - start);
    }
    int failed = ferror(f) ? (errno ? errno : EIO) : 0;
    if (line.n) {
        const char *s = line.p;
        size_t n = line.n;
        if (lineno == 0) rt_skip_bom(&s, &n);
        take_line(lg, name, lineno + 1, s, n);
    }
    end_of_file(lg, name);
    rt_buf_free(&line);
    return failed;
}

/* The lines of text, numbered on from *lineno. */
static void read_lines(rt_log *lg, const char *text, size_t n, const char *name, long *lineno,
                       void (*done_with)(const char *text, size_t n))
{
    size_t start = 0, released = 0;
    long line = *lineno; /* a local: the loop's every line counts it */
    while (start < n) {
        size_t len;
        if (lg->n_marked) lg->line_last = rt_window_is_last(lg, lg->line_at++);
        lg->line_start = start;
        if (!fast_line(lg, name, ++line, text + start, n - start, &len)) {
            len = rt_line_end(text, start, n) - start; /* the last may have no newline */
            take_line(lg, name, line, text + start, len);
        }
        start = start + len < n ? start + len + 1 : n;
        rt_let_go_behind(text, n, start, &released, done_with); /* events hold copies, not views */
    }
    *lineno = line;
    lg->line_start = n;
    lg->line_last = false;
}

void rt_log_read_text(rt_log *lg, const char *text, size_t n, const char *name,
                      void (*done_with)(const char *text, size_t n))
{
    lg->decided = false;
    rt_csv_end(lg);
    rt_skip_bom(&text, &n);
    if (lg->rescan) rt_texts_add(&lg->texts, text, n); /* to find the ids in again (rt_grouped.c) */
    long lineno = 0;
    read_lines(lg, text, n, name, &lineno, done_with);
    end_of_file(lg, name);
}

void rt_log_read_more(rt_log *lg, const char *text, size_t n, const char *name, long *lineno)
{
    if (!lg->fed) rt_skip_bom(&text, &n);
    lg->fed |= n > 0;
    read_lines(lg, text, n, name, lineno, NULL);
    rt_held_drain(lg);
}

void rt_texts_add(rt_texts *t, const char *text, size_t n)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 8;
        t->at = rt_xrealloc(t->at, t->cap * sizeof *t->at);
    }
    t->at[t->n++] = (rt_text_read){text, n};
}

void rt_texts_free(rt_texts *t)
{
    rt_free(t->at);
    *t = (rt_texts){0};
}

void rt_log_free(rt_log *lg)
{
    rt_texts_free(&lg->texts);
    rt_held_free(lg);
    rt_grouped_free(lg);
    rt_fact_index_free(&lg->facts);
    rt_arena_reset(&lg->line);
    rt_csv_end(lg);
}
