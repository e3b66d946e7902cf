/* test-window.c: a streamed log, marked first (rt_window.c), gives the decisions of the same
 * log held to the end, in the same order; and hands each case over once it and every case
 * begun before it have had their last line (by a count made here), as soon as the reader's
 * short pipe has filed that line's event. The marking pass takes a log for grouped by case
 * (and has it read as --grouped reads it) exactly when its cases' lines come together. Given
 * a last file sorted by case (sorted-tail.jsonl), the pass keeps no table until the order
 * breaks in the file before, and must then find the ids of both again. */
#define _POSIX_C_SOURCE 200809L
#include "rt_internal.h"
#include <stdlib.h>
#include <string.h>

#include "tiny-policy.h"

typedef struct {
    rt_buf out;
    size_t *handed_at; /* the line being read when each case was handed over */
    char **ids;        /* and its id */
    size_t n_handed;
} seen;

static void take(rt_log *lg, rt_case *c, void *ud)
{
    seen *s = ud;
    rt_decision d = {0};
    rt_log_decide(lg, c, rt_day_from_ymd(2024, 5, 20), &d);
    rt_write_decision_json(&s->out, lg->p, c, rt_day_from_ymd(2024, 5, 20), &d, NULL);
    rt_decision_free(&d);
    s->handed_at = realloc(s->handed_at, (s->n_handed + 1) * sizeof *s->handed_at);
    s->ids = realloc(s->ids, (s->n_handed + 1) * sizeof *s->ids);
    s->ids[s->n_handed] = rt_xstrndup(c->id, c->id_len);
    s->handed_at[s->n_handed++] = lg->line_at;
}

static void quiet(void *ud, const char *file, long line, const char *why)
{
    (void)ud, (void)file, (void)line, (void)why;
}

static void run(char **text, size_t *n, int files, bool marked, seen *s)
{
    rt_log lg = {.p = &tiny_policy, .cal = rt_policy_calendar(&tiny_policy), .streamed = true,
                 .case_done = take, .case_done_ud = s, .on_error = quiet};
    if (marked) {
        rt_window_begin(&lg);
        for (int i = files; i-- > 0;) rt_window_file(&lg, text[i], n[i], NULL);
        rt_window_end(&lg);
    }
    for (int i = 0; i < files; i++) rt_log_read_text(&lg, text[i], n[i], "log", NULL);
    rt_log_finish(&lg);
    rt_calendar_free(lg.cal);
    rt_log_free(&lg);
}

/* A line's case id, found here by hand: the string after the first "case" key, with its
 * \u00XX escapes decoded (the logs given to this test have no other kind). */
static bool id_of(const char *s, size_t n, char *id, size_t *len)
{
    const char *k = "\"case\":\"";
    size_t at = 0;
    while (at + 8 <= n && strncmp(s + at, k, 8)) at++;
    if (at + 8 > n) return false;
    *len = 0;
    for (size_t i = at + 8; i < n && s[i] != '"' && *len < 255; i++) {
        unsigned code;
        if (s[i] == '\\' && i + 5 < n && sscanf(s + i, "\\u%4x", &code) == 1) {
            id[(*len)++] = (char)code;
            i += 5;
        } else {
            id[(*len)++] = s[i];
        }
    }
    return *len > 0;
}

/* ---- CSV, read here by hand (RFC 4180), apart from rt_csv.c: the header is the first line
 * that is not blank, unless it opens an object; a record begins on a line that is not blank,
 * outside quotes, and ends on the line where its quotes close; its id is its "case" field,
 * found on the line that ends it. */
static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return false;
    return true;
}

/* Field k of a record, unquoted, into out (up to 255 bytes); false when it has none. */
static bool csv_field(const char *s, size_t n, int k, char *out, size_t *len)
{
    size_t i = 0;
    for (int f = 0;; f++) {
        *len = 0;
        bool quoted = i < n && s[i] == '"';
        for (i += quoted; i < n; i++) {
            if (quoted && s[i] == '"' && i + 1 < n && s[i + 1] == '"') i++;
            else if (quoted && s[i] == '"') { quoted = false; continue; }
            else if (!quoted && (s[i] == ',' || s[i] == '\r')) break;
            if (*len < 255) out[(*len)++] = s[i];
        }
        while (i < n && s[i] != ',') i++;
        if (f == k) return true;
        if (i++ >= n) return false;
    }
}

/* Which line of a CSV text carries which id; NULL when the text is not CSV. */
static char **csv_ids(const char *text, size_t n, size_t *n_lines)
{
    size_t cap = 16, lines = 0, start = 0, record = 0;
    char **ids = calloc(cap, sizeof *ids), field[256];
    int case_col = -1;
    bool header_seen = false, in_quotes = false;
    while (start < n) {
        const char *nl = memchr(text + start, '\n', n - start);
        size_t end = nl ? (size_t)(nl - text) : n, len;
        const char *s = text + start;
        if (lines == cap) ids = realloc(ids, (cap *= 2) * sizeof *ids);
        ids[lines] = NULL;
        if (!header_seen && !blank(s, end - start)) {
            header_seen = true;
            size_t i = 0;
            while (s[i] == ' ' || s[i] == '\t') i++;
            for (int k = 0; s[i] != '{' && csv_field(s, end - start, k, field, &len); k++)
                if (len == 4 && !memcmp(field, "case", 4)) case_col = k;
            if (case_col < 0) return free(ids), NULL;
        } else if (header_seen && (in_quotes || !blank(s, end - start))) {
            if (!in_quotes) record = start;
            for (const char *q = s; q < text + end; q++) in_quotes ^= *q == '"';
            if (!in_quotes && csv_field(text + record, end - record, case_col, field, &len) && len)
                ids[lines] = strndup(field, len);
        }
        lines++;
        start = end + 1;
    }
    *n_lines = lines;
    return ids;
}

/* The line on which each handed case should have been handed over, counted from the logs
 * directly: the last line naming it or any case made before it. */
static size_t *expected(char **text, size_t *n, int files, char **ids, size_t n_ids)
{
    size_t *last = calloc(n_ids + 1, sizeof *last), line = 0;
    for (int f = 0; f < files; f++) {
        size_t csv_lines = 0, csv_line = 0;
        char **csv = csv_ids(text[f], n[f], &csv_lines);
        for (size_t start = 0; start < n[f];) {
            const char *nl = memchr(text[f] + start, '\n', n[f] - start);
            size_t end = nl ? (size_t)(nl - text[f]) : n[f], len = 0;
            char id[256];
            bool has_id = csv ? csv[csv_line] != NULL : id_of(text[f] + start, end - start, id, &len);
            if (csv && has_id) len = strlen(csv[csv_line]), memcpy(id, csv[csv_line], len);
            line++;
            for (size_t i = 0; has_id && i < n_ids; i++)
                if (strlen(ids[i]) == len && !memcmp(ids[i], id, len)) last[i] = line;
            start = end + 1;
            csv_line++;
        }
        for (size_t i = 0; csv && i < csv_lines; i++) free(csv[i]);
        free(csv);
    }
    for (size_t i = 1; i < n_ids; i++)
        if (last[i - 1] > last[i]) last[i] = last[i - 1];
    return last;
}

/* Whether the marking pass takes a log for grouped by case, so that it is read as --grouped
 * reads it. Only ids the forward reader would find count, and only the ids themselves. */
static int check_grouping(void)
{
    static const struct {
        const char *log;
        bool grouped;
    } cases[] = {
        {"{\"case\":\"A\",\"type\":\"received\",\"date\":\"2024-01-02\"}\n"
         "{\"case\":\"A\",\"type\":\"acknowledged\",\"date\":\"2024-01-03\"}\n"
         "{\"case\":\"B\",\"type\":\"received\",\"date\":\"2024-01-02\"}\n", true},
        {"{\"case\":\"A\",\"type\":\"received\",\"date\":\"2024-01-02\"}\n"
         "{\"case\":\"B\",\"type\":\"received\",\"date\":\"2024-01-02\"}\n"
         "{\"case\":\"A\",\"type\":\"acknowledged\",\"date\":\"2024-01-03\"}\n", false},
        /* blank lines and lines with no id between a case's lines do not part them */
        {"{\"case\":\"A\",\"type\":\"received\",\"date\":\"2024-01-02\"}\n\n  \n"
         "{\"type\":\"acknowledged\"\n"
         "{\"case\":\"A\",\"type\":\"acknowledged\",\"date\":\"2024-01-03\"}\n", true},
        /* an id escaped on one line and plain on the next is one case */
        {"{\"type\":\"received\",\"case\":\"C\\u0030\",\"date\":\"2024-01-02\"}\n"
         "{\"case\":\"C0\",\"type\":\"acknowledged\",\"date\":\"2024-01-03\"}\n"
         "{\"case\":\"C1\",\"type\":\"received\",\"date\":\"2024-01-02\"}\n", true},
        /* a broken line whose start names another case parts them: held, to be safe */
        {"{\"case\":\"A\",\"type\":\"received\",\"date\":\"2024-01-02\"}\n"
         "{\"case\":\"B\",\"type\n"
         "{\"case\":\"A\",\"type\":\"acknowledged\",\"date\":\"2024-01-03\"}\n", false},
        /* ids that share a prefix, and the longest of them first */
        {"{\"case\":\"F10\",\"type\":\"received\",\"date\":\"2024-01-02\"}\n"
         "{\"case\":\"F1\",\"type\":\"received\",\"date\":\"2024-01-02\"}\n"
         "{\"case\":\"F10\",\"type\":\"acknowledged\",\"date\":\"2024-01-03\"}\n", false},
        /* CSV: a record over two lines, a quoted id and a blank line keep a case together */
        {"\ncase,type,date,reason\nA,received,2024-01-02,\"one\n\ntwo\"\n\n\"A\",acknowledged,2024-01-03,\n"
         "B,received,2024-01-02,\n", true},
        {"type,case,date\nreceived,A,2024-01-02\nreceived,B,2024-01-02\nacknowledged,A,2024-01-03\n", false},
        /* the id that comes back is inside a quoted field: not a case of its own */
        {"case,type,date,reason\nA,received,2024-01-02,\"x\nB,received\"\nB,received,2024-01-02,\n"
         "C,received,2024-01-02,\"x\nA,y\"\n", true},
        /* a quoted field with commas in it before the "case" column */
        {"reason,case,type,date\n\"x, B, y\",A,received,2024-01-02\nz,B,received,2024-01-02\n"
         "z,A,acknowledged,2024-01-03\n", false},
        /* a header without a "case" column: the lines are read as JSON Lines */
        {"kind,date\n{\"case\":\"A\",\"type\":\"received\",\"date\":\"2024-01-02\"}\n"
         "{\"case\":\"B\",\"type\":\"received\",\"date\":\"2024-01-02\"}\n"
         "{\"case\":\"A\",\"type\":\"acknowledged\",\"date\":\"2024-01-03\"}\n", false},
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_log lg = {.p = &tiny_policy, .streamed = true};
        rt_window_begin(&lg);
        rt_window_file(&lg, cases[i].log, strlen(cases[i].log), NULL);
        rt_window_end(&lg);
        if (lg.marked_grouped != cases[i].grouped || lg.grouped != cases[i].grouped) {
            printf("FAIL: log %zu taken for %sgrouped\n", i + 1, lg.marked_grouped ? "" : "not ");
            bad = 1;
        }
        rt_log_free(&lg);
    }
    return bad;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: test-window LOG.jsonl|LOG.csv...\n", stderr);
        return 2;
    }
    int files = argc - 1;
    char **text = calloc((size_t)files, sizeof *text);
    size_t *n = calloc((size_t)files, sizeof *n);
    for (int i = 0; i < files; i++) {
        FILE *f = fopen(argv[i + 1], "rb");
        if (!f) return perror(argv[i + 1]), 2;
        rt_buf b = {0};
        char chunk[65536];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) rt_buf_put(&b, chunk, got);
        fclose(f);
        text[i] = b.p ? b.p : calloc(1, 1), n[i] = b.n;
    }
    int grouping_wrong = check_grouping();
    seen held = {0}, streamed = {0};
    run(text, n, files, false, &held);
    run(text, n, files, true, &streamed);
    size_t *at = expected(text, n, files, streamed.ids, streamed.n_handed), wrong = 0;
    bool same = held.out.n == streamed.out.n && !memcmp(held.out.p, streamed.out.p, held.out.n);
    if (!same) printf("FAIL: the streamed decisions differ from those held to the end\n");
    for (size_t i = 0; i < streamed.n_handed; i++)
        if ((streamed.handed_at[i] < at[i] || streamed.handed_at[i] > at[i] + RT_PIPE) &&
            wrong++ < 5)
            printf("FAIL: case %s handed over on line %zu, not %zu (or up to %d lines on, "
                   "while its event waits in the pipe)\n", streamed.ids[i],
                   streamed.handed_at[i], at[i], RT_PIPE);
    size_t early = 0, n_cases = streamed.n_handed;
    for (size_t i = 0; i < n_cases; i++) early += streamed.handed_at[i] < at[n_cases - 1];
    printf("window: %zu cases, %zu handed over before the last line; %zu bytes of decisions\n",
           n_cases, early, streamed.out.n);
    for (int i = 0; i < files; i++) free(text[i]);
    for (size_t i = 0; i < streamed.n_handed; i++) free(streamed.ids[i]);
    for (size_t i = 0; i < held.n_handed; i++) free(held.ids[i]);
    free(text), free(n), free(at), free(held.handed_at), free(streamed.handed_at);
    free(held.ids), free(streamed.ids);
    rt_buf_free(&held.out), rt_buf_free(&streamed.out);
    return !same || wrong || !n_cases || grouping_wrong;
}
