/* rt_log.c: event logs read into cases: JSON Lines or CSV, a case table in order of each
 * case's first event, and every bad line reported with its place and skipped. */
#include "rt_internal.h"
#include <stdlib.h>
#include <string.h>


static uint64_t hash_id(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static void grow_slots(rt_log *lg)
{
    size_t n = lg->n_slots ? lg->n_slots * 2 : 1024;
    rt_slot *slots = rt_xalloc(n * sizeof *slots);
    memset(slots, 0, n * sizeof *slots);
    for (size_t i = 0; i < lg->n_slots; i++) {
        if (!lg->slots[i].c) continue;
        size_t h = lg->slots[i].hash & (n - 1);
        while (slots[h].c) h = (h + 1) & (n - 1);
        slots[h] = lg->slots[i];
    }
    rt_free(lg->slots);
    lg->slots = slots;
    lg->n_slots = n;
}

/* The case with this id, made on its first event. Slots keep the hash, so a probe touches
 * a case only when the hash matches; and a log's next line is often the same case again. */
static rt_held *case_hashed(rt_log *lg, const char *id, size_t n, uint64_t hash)
{
    rt_held *last = lg->last;
    if (last && last->id_len == n && memcmp(last->id, id, n) == 0) return last;
    if (lg->n_cases * 2 >= lg->n_slots) grow_slots(lg);
    size_t h = hash & (lg->n_slots - 1);
    for (; lg->slots[h].c; h = (h + 1) & (lg->n_slots - 1)) {
        rt_held *c = lg->slots[h].c;
        if (lg->slots[h].hash == hash && c->id_len == n && memcmp(c->id, id, n) == 0)
            return lg->last = c;
    }
    rt_held *c = rt_arena_alloc(&lg->keep, sizeof *c + n + 1);
    *c = (rt_held){0, 0, n};
    memcpy(c->id, id, n);
    c->id[n] = '\0';
    lg->slots[h] = (rt_slot){hash, c};
    lg->last = c;
    if (lg->n_cases == lg->cap_cases) {
        lg->cap_cases = lg->cap_cases ? lg->cap_cases * 2 : 256;
        lg->cases = rt_xrealloc(lg->cases, lg->cap_cases * sizeof *lg->cases);
    }
    lg->cases[lg->n_cases++] = c;
    return c;
}

static rt_held *held_case(rt_log *lg, const char *id, size_t n)
{
    return case_hashed(lg, id, n, hash_id(id, n));
}

/* One case for deciding, lent to each held case in turn: what a case needs only while it is
 * evaluated (facts, stage states) exists once, not once a case. */
rt_case *rt_log_case_at(rt_log *lg, size_t i)
{
    rt_case *c = lg->lent;
    if (!c) {
        c = lg->lent = rt_xalloc(sizeof *c);
        memset(c, 0, sizeof *c);
        c->p = lg->p;
        c->cal = lg->cal;
    }
    const rt_held *h = lg->cases[i];
    c->id = h->id;
    c->id_len = h->id_len;
    c->n_ev = (int)h->n_ev;
    c->last_ev = h->last_ev;
    return c;
}

/* ---- grouped logs: memory for one case, whatever the length of the log ---- */

static bool seen_has(const rt_log *lg, uint64_t h)
{
    if (!lg->cap_seen) return false;
    for (size_t i = h & (lg->cap_seen - 1); lg->seen[i]; i = (i + 1) & (lg->cap_seen - 1))
        if (lg->seen[i] == h) return true;
    return false;
}

static void seen_add(rt_log *lg, uint64_t h)
{
    if (lg->n_seen * 2 >= lg->cap_seen) {
        size_t cap = lg->cap_seen ? lg->cap_seen * 2 : 4096;
        uint64_t *t = rt_xalloc(cap * sizeof *t);
        memset(t, 0, cap * sizeof *t);
        for (size_t i = 0; i < lg->cap_seen; i++)
            if (lg->seen[i]) {
                size_t j = lg->seen[i] & (cap - 1);
                while (t[j]) j = (j + 1) & (cap - 1);
                t[j] = lg->seen[i];
            }
        rt_free(lg->seen);
        lg->seen = t;
        lg->cap_seen = cap;
    }
    size_t j = h & (lg->cap_seen - 1);
    while (lg->seen[j]) j = (j + 1) & (lg->cap_seen - 1);
    lg->seen[j] = h;
    lg->n_seen++;
}

void rt_log_finish(rt_log *lg)
{
    if (!lg->grouped || !lg->current || !lg->current->id) return;
    lg->case_done(lg, lg->current, lg->case_done_ud);
    lg->current->id = NULL;
    lg->current->n_ev = 0;
    rt_arena_rewind(&lg->current_strings);
}

/* a < b, as byte strings */
static bool id_before(const char *a, size_t an, const char *b, size_t bn)
{
    int k = memcmp(a, b, an < bn ? an : bn);
    return k < 0 || (k == 0 && an < bn);
}

/* Whether a new case id was done already. Most grouped logs are sorted by case: while each
 * id comes after the one before, it cannot be one already done, and the ids are only listed,
 * in order; a table, read at random, is built from the list when the order first breaks. */
static bool seen_before(rt_log *lg, const rt_case *held, const char *id, size_t n, uint64_t h)
{
    if (!lg->unsorted && (!held || !held->id || id_before(held->id, held->id_len, id, n))) {
        if (lg->n_listed == lg->cap_listed) {
            lg->cap_listed = lg->cap_listed ? lg->cap_listed * 2 : 4096;
            lg->listed = rt_xrealloc(lg->listed, lg->cap_listed * sizeof *lg->listed);
        }
        lg->listed[lg->n_listed++] = h;
        return false;
    }
    if (!lg->unsorted) {
        lg->unsorted = true;
        for (size_t i = 0; i < lg->n_listed; i++) seen_add(lg, lg->listed[i]);
        rt_free(lg->listed);
        lg->listed = NULL;
    }
    if (seen_has(lg, h)) return true;
    seen_add(lg, h);
    return false;
}

/* The case a grouped log's line belongs to: the one held, or, when the id changes, a new one
 * after the held case is handed over. NULL when the id was already done. */
static rt_case *grouped_case(rt_log *lg, const char *id, size_t n)
{
    rt_case *c = lg->current;
    if (c && c->id && c->id_len == n && !memcmp(c->id, id, n)) return c;
    uint64_t h = hash_id(id, n) | 1; /* 0 marks an empty slot */
    if (seen_before(lg, c, id, n, h)) return NULL;
    rt_log_finish(lg);
    if (!c) {
        c = lg->current = rt_xalloc(sizeof *c);
        memset(c, 0, sizeof *c);
        c->p = lg->p;
        c->cal = lg->cal;
    }
    c->id = rt_arena_strndup(&lg->current_strings, id, n);
    c->id_len = n;
    return c;
}

static void add_event(rt_case *c, const rt_event *ev)
{
    if (c->n_ev == c->cap_ev) {
        c->cap_ev = c->cap_ev ? c->cap_ev * 2 : 8;
        c->ev = rt_xrealloc(c->ev, (size_t)c->cap_ev * sizeof *c->ev);
    }
    c->ev[c->n_ev++] = *ev;
}

/* An interleaved log's event, chained to its case. */
static void hold_event(rt_log *lg, rt_held *c, const rt_event *ev)
{
    uint32_t i = lg->n_held;
    if (i == UINT32_MAX - 1) {
        fprintf(stderr, "redress: error: more than %u events in one run; give a grouped log "
                        "with --grouped\n", (unsigned)i);
        exit(3);
    }
    if (i / RT_EV_BLOCK == lg->n_blocks) {
        lg->blocks = rt_xrealloc(lg->blocks, (lg->n_blocks + 1) * sizeof *lg->blocks);
        lg->blocks[lg->n_blocks++] = rt_xalloc(sizeof **lg->blocks);
    }
    rt_ev_block *b = lg->blocks[i / RT_EV_BLOCK];
    b->ev[i % RT_EV_BLOCK] = *ev;
    b->prev[i % RT_EV_BLOCK] = c->last_ev; /* chained backwards: nothing old is written */
    c->last_ev = i + 1;
    c->n_ev++;
    lg->n_held++;
}

void rt_log_decide(rt_log *lg, rt_case *c, rt_day as_of, rt_decision *d)
{
    if (!lg->grouped) {
        if (c->n_ev > lg->cap_gathered) {
            lg->cap_gathered = c->n_ev * 2;
            lg->gathered = rt_xrealloc(lg->gathered, (size_t)lg->cap_gathered * sizeof *lg->gathered);
        }
        int n = c->n_ev;
        for (uint32_t k = c->last_ev; k; k = lg->blocks[(k - 1) / RT_EV_BLOCK]->prev[(k - 1) % RT_EV_BLOCK])
            lg->gathered[--n] = lg->blocks[(k - 1) / RT_EV_BLOCK]->ev[(k - 1) % RT_EV_BLOCK];
        c->ev = lg->gathered;
    }
    rt_case_sort_events(c);
    rt_case_evaluate(c, as_of, d);
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return false;
    return true;
}

/* ---- interleaved logs: a few lines in flight ----
 * Finding a line's case in a big table misses the caches; so each event waits in a short
 * pipe while the next lines are read, its slot and then its case fetched ahead of time, and
 * is filed in the order read. */
static inline void fetch(const void *p)
{
#if defined(__GNUC__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

static void file_oldest(rt_log *lg)
{
    rt_pending *q = &lg->pipe[lg->pipe_head];
    hold_event(lg, case_hashed(lg, q->id, q->id_len, q->hash), &q->ev);
    lg->pipe_head = (lg->pipe_head + 1) % RT_PIPE;
    lg->pipe_n--;
}

static void pipe_drain(rt_log *lg)
{
    while (lg->pipe_n) file_oldest(lg);
}

static void pipe_push(rt_log *lg, const rt_event *ev, const char *id, size_t n)
{
    if (n > sizeof lg->pipe[0].id) { /* a long id goes straight through */
        pipe_drain(lg);
        hold_event(lg, held_case(lg, id, n), ev);
        return;
    }
    if (lg->pipe_n == RT_PIPE) file_oldest(lg);
    rt_pending *q = &lg->pipe[(lg->pipe_head + lg->pipe_n++) % RT_PIPE];
    q->ev = *ev;
    q->hash = hash_id(id, n);
    q->id_len = n;
    memcpy(q->id, id, n);
    if (lg->slots) fetch(&lg->slots[q->hash & (lg->n_slots - 1)]);
    if (lg->pipe_n > RT_PIPE / 2 && lg->slots) { /* halfway: its slot is here, fetch its case */
        const rt_pending *mid = &lg->pipe[(lg->pipe_head + lg->pipe_n - 1 - RT_PIPE / 2) % RT_PIPE];
        const rt_slot *sl = &lg->slots[mid->hash & (lg->n_slots - 1)];
        if (sl->c) fetch(sl->c);
    }
}

/* An event line's fields as an event of its case; false with why set when it is refused. */
static bool take_event(rt_log *lg, const rt_fields *fs, char *why, size_t why_len)
{
    rt_event ev;
    const char *id;
    size_t id_len;
    rt_case *c = NULL;
    if (!lg->grouped) {
        if (!rt_event_from_fields(lg->p, fs, &lg->keep, &ev, why, why_len)) return false;
        rt_fields_case(fs, &id, &id_len);
        ev.seq = lg->seq++;
        pipe_push(lg, &ev, id, id_len);
        return true;
    } else { /* settle the case first: its strings live with it */
        if (rt_fields_case(fs, &id, &id_len) && !(c = grouped_case(lg, id, id_len))) {
            snprintf(why, why_len, "case \"%.*s\" appears again after other cases, but the log "
                                   "was said to be grouped by case", (int)(id_len < 60 ? id_len : 60), id);
            return false;
        }
        if (!rt_event_from_fields(lg->p, fs, &lg->current_strings, &ev, why, why_len)) return false;
    }
    ev.seq = lg->seq++;
    add_event(c, &ev);
    return true;
}

/* Most lines take the fast reader; the rest, and every mistake, the full JSON parser. */
static void read_line(rt_log *lg, const char *file, long lineno, const char *s, size_t n)
{
    if (blank(s, n)) return;
    lg->n_read++;
    char why[300];
    rt_fields fs;
    bool ok = rt_fields_scan(s, n, &fs);
    if (!ok) {
        const char *err;
        size_t col;
        js_value *v = rt_json_parse_views(&lg->line, s, n, &err, &col);
        if (!v) snprintf(why, sizeof why, "invalid JSON at column %zu: %s", col, err);
        else ok = rt_fields_index(v, &fs, why, sizeof why);
    }
    if (ok && !take_event(lg, &fs, why, sizeof why)) ok = false;
    if (!ok) {
        if (lg->on_error) lg->on_error(lg->on_error_ud, file, lineno, why);
        else fprintf(stderr, "%s:%ld: error: %s\n", file, lineno, why);
        lg->n_rejected++;
    }
    rt_arena_rewind(&lg->line);
}

/* A line as an event: JSON Lines as they are; CSV rows turned into the same JSON first,
 * so both are checked, and reported, by one reader. */
static void take_line(rt_log *lg, const char *file, long lineno, const char *s, size_t n)
{
    if (lg->csv) {
        if (!rt_csv_line(lg, file, lineno, s, n)) return;
        read_line(lg, file, lg->csv->record_line, lg->csv->json.p, lg->csv->json.n);
        return;
    }
    if (!lg->decided && !blank(s, n)) {
        lg->decided = true;
        size_t i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
        if (i < n && s[i] != '{' && rt_csv_begin(lg, file, lineno, s, n)) return;
    }
    read_line(lg, file, lineno, s, n);
}

static void end_of_file(rt_log *lg, const char *name)
{
    pipe_drain(lg);
    if (lg->csv) rt_csv_finish(lg, name);
    rt_csv_end(lg);
}

void rt_log_read(rt_log *lg, FILE *f, const char *name)
{
    lg->decided = false;
    rt_csv_end(lg);
    rt_buf line = {0};
    char chunk[65536];
    long lineno = 0;
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        size_t start = 0;
        for (const char *nl; (nl = memchr(chunk + start, '\n', got - start)) != NULL;) {
            size_t i = (size_t)(nl - chunk);
            lineno++;
            if (line.n) {
                rt_buf_put(&line, chunk + start, i - start);
                take_line(lg, name, lineno, line.p, line.n);
                line.n = 0;
            } else {
                take_line(lg, name, lineno, chunk + start, i - start);
            }
            start = i + 1;
        }
        rt_buf_put(&line, chunk + start, got - start);
    }
    if (line.n) take_line(lg, name, lineno + 1, line.p, line.n);
    end_of_file(lg, name);
    rt_buf_free(&line);
}

void rt_log_read_text(rt_log *lg, const char *text, size_t n, const char *name,
                      void (*done_with)(const char *text, size_t n))
{
    lg->decided = false;
    rt_csv_end(lg);
    long lineno = 0;
    size_t start = 0, released = 0;
    for (const char *nl; start < n && (nl = memchr(text + start, '\n', n - start)) != NULL;) {
        size_t i = (size_t)(nl - text);
        take_line(lg, name, ++lineno, text + start, i - start);
        start = i + 1;
        if (done_with && start - released >= RT_RELEASE_EVERY) {
            done_with(text + released, start - released); /* events hold copies, not views */
            released = start;
        }
    }
    if (start < n) take_line(lg, name, lineno + 1, text + start, n - start);
    end_of_file(lg, name);
}

void rt_log_free(rt_log *lg)
{
    rt_free(lg->cases); /* the held cases are in the arena, their events in the blocks */
    if (lg->lent) {
        rt_free(lg->lent->facts);
        rt_free(lg->lent->st);
        rt_free(lg->lent);
    }
    for (size_t i = 0; i < lg->n_blocks; i++) rt_free(lg->blocks[i]);
    rt_free(lg->blocks);
    rt_free(lg->gathered);
    rt_free(lg->slots);
    rt_arena_reset(&lg->keep);
    rt_arena_reset(&lg->line);
    rt_csv_end(lg);
    if (lg->current) {
        rt_free(lg->current->ev);
        rt_free(lg->current->facts);
        rt_free(lg->current->st);
        rt_free(lg->current);
    }
    rt_arena_reset(&lg->current_strings);
    rt_free(lg->seen);
    rt_free(lg->listed);
}

