/* rt_held.c: an interleaved log's cases while it is read: a table of case ids, every event
 * held in blocks and chained by case, a short pipe that fetches each line's case ahead. */
#include "rt_internal.h"
#include <stdlib.h>
#include <string.h>

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
    return case_hashed(lg, id, n, rt_hash_id(id, n));
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

/* An interleaved log's event, chained to its case. */
static void hold_event(rt_log *lg, rt_held *c, const rt_event *ev)
{
    uint32_t i = lg->n_held;
    if (i == UINT32_MAX - 1) {
        fprintf(stderr, "%s-complaints: error: more than %u events in one run; give a log "
                        "grouped by case, with --grouped\n", lg->p->id, (unsigned)i);
        exit(3); /* as when memory runs out: 4e9 events would not fit anyway */
    }
    if (i / RT_EV_BLOCK == lg->n_blocks) {
        lg->blocks = rt_xrealloc(lg->blocks, (lg->n_blocks + 1) * sizeof *lg->blocks);
        lg->blocks[lg->n_blocks++] = rt_xalloc(sizeof **lg->blocks);
    }
    uint32_t more = 0;
    if (ev->more) {
        if (lg->n_mores == lg->cap_mores) {
            lg->cap_mores = lg->cap_mores ? lg->cap_mores * 2 : 1024;
            lg->mores = rt_xrealloc(lg->mores, (size_t)lg->cap_mores * sizeof *lg->mores);
        }
        lg->mores[lg->n_mores++] = ev->more;
        more = lg->n_mores;
    }
    rt_ev_block *b = lg->blocks[i / RT_EV_BLOCK];
    b->ev[i % RT_EV_BLOCK] = (rt_held_event){ev->date, ev->until, ev->working_days, ev->type,
                                             ev->kind, ev->stage, ev->outcome, ev->agreed,
                                             ev->reasons, ev->n_facts, ev->n_includes, more};
    b->prev[i % RT_EV_BLOCK] = c->last_ev; /* chained backwards: nothing old is written */
    c->last_ev = i + 1;
    c->n_ev++;
    lg->n_held++;
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

void rt_held_drain(rt_log *lg)
{
    while (lg->pipe_n) file_oldest(lg);
}

void rt_held_add(rt_log *lg, const rt_event *ev, const char *id, size_t n)
{
    if (n > sizeof lg->pipe[0].id) { /* a long id goes straight through */
        rt_held_drain(lg);
        hold_event(lg, held_case(lg, id, n), ev);
        return;
    }
    if (lg->pipe_n == RT_PIPE) file_oldest(lg);
    rt_pending *q = &lg->pipe[(lg->pipe_head + lg->pipe_n++) % RT_PIPE];
    q->ev = *ev;
    q->hash = rt_hash_id(id, n);
    q->id_len = n;
    memcpy(q->id, id, n);
    if (lg->slots) fetch(&lg->slots[q->hash & (lg->n_slots - 1)]);
    if (lg->pipe_n > RT_PIPE / 2 && lg->slots) { /* halfway: its slot is here, fetch its case */
        const rt_pending *mid = &lg->pipe[(lg->pipe_head + lg->pipe_n - 1 - RT_PIPE / 2) % RT_PIPE];
        const rt_slot *sl = &lg->slots[mid->hash & (lg->n_slots - 1)];
        if (sl->c) fetch(sl->c);
    }
}

/* A case's events, gathered from the blocks in the order read, to be decided. */
void rt_held_gather(rt_log *lg, rt_case *c)
{
    if (c->n_ev > lg->cap_gathered) {
        lg->cap_gathered = c->n_ev * 2;
        lg->gathered = rt_xrealloc(lg->gathered, (size_t)lg->cap_gathered * sizeof *lg->gathered);
    }
    int n = c->n_ev;
    for (uint32_t k = c->last_ev; k; ) { /* k: the event's place in the log, plus one */
        const rt_ev_block *b = lg->blocks[(k - 1) / RT_EV_BLOCK];
        const rt_held_event *h = &b->ev[(k - 1) % RT_EV_BLOCK];
        lg->gathered[--n] = (rt_event){.date = h->date, .until = h->until, .seq = k - 1,
                                       .working_days = h->working_days, .type = h->type,
                                       .kind = h->kind, .stage = h->stage, .outcome = h->outcome,
                                       .agreed = h->agreed, .reasons = h->reasons,
                                       .n_facts = h->n_facts, .n_includes = h->n_includes,
                                       .more = h->more ? lg->mores[h->more - 1] : NULL};
        k = b->prev[(k - 1) % RT_EV_BLOCK];
    }
    c->ev = lg->gathered;
}

void rt_held_free(rt_log *lg)
{
    rt_free(lg->cases); /* the held cases are in the arena, their events in the blocks */
    if (lg->lent) {
        rt_free(lg->lent->facts);
        rt_free(lg->lent->st);
        rt_free(lg->lent);
    }
    for (size_t i = 0; i < lg->n_blocks; i++) rt_free(lg->blocks[i]);
    rt_free(lg->blocks);
    rt_free(lg->mores);
    rt_free(lg->gathered);
    rt_free(lg->slots);
}
