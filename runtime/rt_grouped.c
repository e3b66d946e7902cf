/* rt_grouped.c: a log grouped by case (--grouped): one case held at a time, handed over as
 * the next begins, and a case that comes back after others caught. */
#include "rt_internal.h"
#include <string.h>

void rt_log_finish(rt_log *lg)
{
    if (lg->streamed) rt_held_finish(lg);
    if (!lg->grouped || !lg->current || !lg->current->id) return;
    lg->case_done(lg, lg->current, lg->case_done_ud);
    lg->current->id = NULL;
    lg->current->n_ev = 0;
    rt_arena_rewind(&lg->current_strings);
}

/* The ids of every line (or CSV record) before the one being read, found again in the text
 * as the marking pass finds them. In the file being read the text stops where the line being
 * read starts: a record begun on the lines before it has not ended, and gives no id. */
static void rescan(rt_log *lg)
{
    for (size_t f = 0; f < lg->texts.n; f++) {
        size_t end = f + 1 < lg->texts.n ? lg->texts.at[f].n : lg->line_start;
        rt_window_ids(lg, &lg->seen, lg->texts.at[f].text, end);
    }
}

/* Whether a new case id was done already. Most grouped logs are sorted by case: while each
 * id comes after the one before, it cannot be one already done, and the ids are only listed,
 * in order (or, when the logs are mapped JSON Lines files, not even that); a table, read at
 * random, is built from the list, or from the text, when the order first breaks. */
static bool seen_before(rt_log *lg, const rt_case *held, const char *id, size_t n)
{
    if (lg->marked_grouped) return false; /* the first pass found every case's lines together */
    uint64_t h = rt_hash_id(id, n);
    if (!lg->unsorted && (!held || !held->id || rt_id_before(held->id, held->id_len, id, n))) {
        if (lg->rescan) return false;
        if (lg->n_listed == lg->cap_listed) {
            lg->cap_listed = lg->cap_listed ? lg->cap_listed * 2 : 4096;
            lg->listed = rt_xrealloc(lg->listed, lg->cap_listed * sizeof *lg->listed);
        }
        lg->listed[lg->n_listed++] = h;
        return false;
    }
    if (!lg->unsorted) {
        lg->unsorted = true;
        if (lg->rescan) rescan(lg);
        for (size_t i = 0; i < lg->n_listed; i++) rt_hset_put(&lg->seen, lg->listed[i]);
        rt_free(lg->listed);
        lg->listed = NULL;
    }
    return rt_hset_put(&lg->seen, h);
}

/* The case a grouped log's line belongs to: the one held, or, when the id changes, a new one
 * after the held case is handed over. NULL when the id was already done. */
rt_case *rt_grouped_case(rt_log *lg, const char *id, size_t n)
{
    rt_case *c = lg->current;
    if (c && c->id && c->id_len == n && rt_same(c->id, id, n)) return c;
    if (seen_before(lg, c, id, n)) return NULL;
    rt_log_finish(lg);
    if (!c) {
        c = lg->current = rt_xalloc(sizeof *c);
        memset(c, 0, sizeof *c);
        c->p = lg->p;
        c->cal = lg->cal;
        c->inc = &lg->facts.inc;
    }
    c->id = rt_arena_strndup(&lg->current_strings, id, n);
    c->id_len = n;
    c->refused_lines = false;
    return c;
}

void rt_grouped_add(rt_case *c, const rt_event *ev)
{
    if (c->n_ev == c->cap_ev) {
        c->cap_ev = c->cap_ev ? c->cap_ev * 2 : 8;
        c->ev = rt_xrealloc(c->ev, (size_t)c->cap_ev * sizeof *c->ev);
    }
    c->ev[c->n_ev++] = *ev;
}


void rt_grouped_free(rt_log *lg)
{
    if (lg->current) {
        rt_free(lg->current->ev);
        rt_free(lg->current->facts);
        rt_free(lg->current->st);
        rt_free(lg->current);
    }
    rt_arena_reset(&lg->current_strings);
    rt_hset_free(&lg->seen);
    rt_free(lg->listed);
}
