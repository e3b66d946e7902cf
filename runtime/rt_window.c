/* rt_window.c: marks the last line of each case in mapped JSON Lines logs, read backwards,
 * so that a streamed run can decide and let go of each case as soon as its turn comes. */
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

void rt_window_end(rt_log *lg, bool keep)
{
    rt_hset_free(&lg->met);
    rt_buf_free(&lg->marked_id);
    rt_texts_free(&lg->walked);
    if (!keep) lg->marked_grouped = false;
    if (lg->marked_grouped) { /* read as --grouped reads: no marks, no table of cases */
        lg->grouped = true;
        lg->streamed = false;
        keep = false;
    }
    if (!keep) {
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

/* The id of a line without a plain "case" first, through the same readers as forwards. */
static bool read_case(rt_log *lg, const char *s, size_t n, const char **id, size_t *len)
{
    rt_fields fs;
    char why[8]; /* not shown: the forward reader reports the line */
    return rt_log_fields(lg, s, n, &fs, why, sizeof why) && rt_fields_case(&fs, id, len);
}

/* The case id of an event line, exactly as the forward reader will find it: most lines begin
 * with a plain "case", taken directly; the rest go through the same readers as forwards. A
 * line the forward reader will refuse may still give an id here; that only holds a case. */
bool rt_window_line_case(rt_log *lg, const char *s, size_t n, const char **id, size_t *len)
{
    return plain_case(s, n, id, len) || read_case(lg, s, n, id, len);
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

/* The ids of the lines of text[from, to), as the marking pass takes them, into the table. */
static void put_ids(rt_log *lg, const char *text, size_t from, size_t to)
{
    while (from < to) {
        const char *nl = memchr(text + from, '\n', to - from), *id;
        size_t stop = nl ? (size_t)(nl - text) : to, len;
        if (rt_window_line_case(lg, text + from, stop - from, &id, &len))
            rt_hset_put(&lg->met, rt_hash_id(id, len));
        rt_arena_rewind(&lg->line);
        from = stop + 1;
    }
}

/* A line's id against the line after's, walking backwards: the same case; or, while the ids
 * have only gone down (a log sorted by case, read backwards), one not met, with no table
 * kept. The first id that goes up ends that: the ids of the lines walked are found again
 * (those after this line in its file, walked_to on, and the files after it) and the table
 * is used from then on. The id is kept in marked_id, p->h made from there. */
static void classify(rt_log *lg, probe *p, const char *id, size_t len, const char *text,
                     size_t walked_to, size_t n)
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
        put_ids(lg, text, walked_to, n);
        for (size_t i = 0; i < lg->walked.n; i++)
            put_ids(lg, lg->walked.at[i].text, 0, lg->walked.at[i].n);
    }
    p->fresh = lg->marked_sorted;
}

/* A first non-blank line not opening an object may be a CSV header: the file is not marked. */
bool rt_text_may_be_csv(const char *text, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        if (c == '{') return false;
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return true;
    }
    return false;
}

bool rt_window_file(rt_log *lg, const char *text, size_t n,
                    void (*done_with)(const char *text, size_t n))
{
    if (!n) return true;
    if (rt_text_may_be_csv(text, n)) return false;
    probe batch[BATCH];
    int in_batch = 0;
    size_t end = text[n - 1] == '\n' ? n - 1 : n, released = n;
    for (;;) { /* the lines as the forward reader splits them, last first */
        const char *nl = end ? memrchr(text, '\n', end) : NULL;
        size_t start = nl ? (size_t)(nl - text) + 1 : 0;
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
        p->has_id = plain_case(text + start, end - start, &id, &len) ||
                    (read = true, read_case(lg, text + start, end - start, &id, &len));
        p->same = p->fresh = false;
        if (p->has_id && lg->marked_grouped) {
            classify(lg, p, id, len, text, end + 1, n);
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
    return true;
}
