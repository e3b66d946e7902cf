/* rt_held.c: an interleaved log's cases while it is read: a table of case ids, every event
 * held in blocks and chained by case, a short pipe that fetches each line's case ahead. */
#include "rt_internal.h"
#include <stdlib.h>
#include <string.h>
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RT_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(RT_ASAN)
#include <sanitizer/asan_interface.h>
#define SPARE(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define TAKEN(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define SPARE(p, n) ((void)(p), (void)(n))
#define TAKEN(p, n) ((void)(p), (void)(n))
#endif

static inline void fetch(const void *p)
{
#if defined(__GNUC__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
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

/* The slot of the case with this id, or the empty slot where it would go. Slots keep the
 * hash, so a probe touches a case only when the hash matches. */
static size_t slot_of(const rt_log *lg, const char *id, size_t n, uint64_t hash)
{
    size_t h = hash & (lg->n_slots - 1);
    for (; lg->slots[h].c; h = (h + 1) & (lg->n_slots - 1)) {
        const rt_held *c = lg->slots[h].c;
        if (lg->slots[h].hash == hash && c->id_len == n && rt_same(c->id, id, n)) break;
    }
    return h;
}

/* Cases are made in two sizes, for ids of up to 11 bytes and up to 27 (a CRM's references,
 * "CMP-2024-00148251", are of the second), and, once handed over, kept to be made again
 * rather than freed: a malloc and a free a case were a fortieth of an interleaved run. The
 * first size is the block malloc gave such a case anyway, where room for 23 took 16 bytes
 * more a case, 3% more memory at 10^7 events. At most MAX_SPARE of each are kept (720 KB
 * in all), as cases are made about as often as they are handed over; more would hold memory
 * that the rest of a run could use. Longer ids are a malloc each. A spare holds the next one
 * where its id goes; under AddressSanitizer it is poisoned while spare. */
static const size_t id_room[RT_SPARE_SIZES] = {12, 28};
#define MAX_SPARE 4096

static int size_of_id(size_t n)
{
    return n < id_room[0] ? 0 : n < id_room[1] ? 1 : -1;
}

static rt_held *spare_taken(rt_log *lg, int k)
{
    rt_held *c = lg->spare[k];
    TAKEN(c, sizeof *c + id_room[k]);
    memcpy(&lg->spare[k], c->id, sizeof lg->spare[k]);
    lg->n_spare[k]--;
    return c;
}

static rt_held *held_new(rt_log *lg, size_t n)
{
    int k = size_of_id(n);
    if (k >= 0 && lg->spare[k]) return spare_taken(lg, k);
    return rt_xalloc(sizeof(rt_held) + (k >= 0 ? id_room[k] : n + 1));
}

static void held_done(rt_log *lg, rt_held *c)
{
    int k = size_of_id(c->id_len);
    if (k < 0 || lg->n_spare[k] == MAX_SPARE) {
        rt_free(c);
        return;
    }
    memcpy(c->id, &lg->spare[k], sizeof lg->spare[k]);
    lg->spare[k] = c;
    lg->n_spare[k]++;
    SPARE(c, sizeof *c + id_room[k]);
}

static void spares_free(rt_log *lg)
{
    for (int k = 0; k < RT_SPARE_SIZES; k++)
        while (lg->spare[k]) rt_free(spare_taken(lg, k));
}

/* The case with this id, made on its first event; a log's next line is often the same case
 * again. */
static rt_held *case_hashed(rt_log *lg, const char *id, size_t n, uint64_t hash)
{
    rt_held *last = lg->last;
    if (last && last->id_len == n && rt_same(last->id, id, n)) return last;
    if ((lg->n_cases - lg->case_head) * 2 >= lg->n_slots) grow_slots(lg);
    size_t h = slot_of(lg, id, n, hash);
    if (lg->slots[h].c) return lg->last = lg->slots[h].c;
    if (lg->n_cases == lg->cap_cases) { /* room first: the case, once made, is listed */
        if (lg->case_head >= lg->n_cases / 2 && lg->case_head) { /* slide the queue down */
            lg->n_cases -= lg->case_head;
            memmove(lg->cases, lg->cases + lg->case_head, lg->n_cases * sizeof *lg->cases);
            lg->case_head = 0;
        } else {
            size_t cap = lg->cap_cases ? lg->cap_cases * 2 : 256;
            lg->cases = rt_xrealloc(lg->cases, cap * sizeof *lg->cases);
            lg->cap_cases = cap;
        }
    }
    rt_held *c = held_new(lg, n);
    *c = (rt_held){.id_len = (uint32_t)n, .order = lg->n_made++, .hash_lo = (uint32_t)hash};
    memcpy(c->id, id, n);
    c->id[n] = '\0';
    lg->slots[h] = (rt_slot){hash, c};
    lg->last = c;
    lg->cases[lg->n_cases++] = c;
    return c;
}

static rt_held *held_case(rt_log *lg, const char *id, size_t n)
{
    return case_hashed(lg, id, n, rt_hash_id(id, n));
}

/* Where a case's run of slots begins: a table of more than 2^32 slots needs the whole hash. */
static size_t home_of(const rt_log *lg, const rt_held *c)
{
    size_t mask = lg->n_slots - 1;
    return (mask >> 31 >> 1 ? rt_hash_id(c->id, c->id_len) : c->hash_lo) & mask;
}

/* Takes a case out of the table: later slots of its run move back (no tombstones). */
static void unslot(rt_log *lg, const rt_held *c)
{
    size_t mask = lg->n_slots - 1, i = home_of(lg, c);
    while (lg->slots[i].c != c) i = (i + 1) & mask;
    for (size_t j = (i + 1) & mask;; j = (j + 1) & mask) {
        lg->slots[i].c = NULL;
        for (;; j = (j + 1) & mask) {
            if (!lg->slots[j].c) return;
            size_t home = lg->slots[j].hash & mask; /* may it move back to i? */
            if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) break;
        }
        lg->slots[i] = lg->slots[j];
        i = j;
    }
}

static void lend(rt_log *lg, const rt_held *h)
{
    rt_case *c = lg->lent;
    if (!c) {
        c = lg->lent = rt_xalloc(sizeof *c);
        memset(c, 0, sizeof *c);
        c->p = lg->p;
        c->cal = lg->cal;
        c->inc = &lg->facts.inc;
    }
    c->id = h->id;
    c->id_len = h->id_len;
    c->n_ev = (int)h->n_ev;
    c->last_ev = h->last_ev;
    c->refused_lines = h->refused;
    lg->lent_held = h;
}

/* One case for deciding, lent to each held case in turn: what a case needs only while it is
 * evaluated (facts, stage states) exists once, not once a case. */
rt_case *rt_log_case_at(rt_log *lg, size_t i)
{
    lend(lg, lg->cases[i]);
    return lg->lent;
}

static void block_free(rt_log *lg, size_t i)
{
    rt_arena_reset(&lg->blocks[i]->extras);
    rt_free(lg->blocks[i]->mores);
    rt_free(lg->blocks[i]);
    lg->blocks[i] = NULL;
}

/* Lets go the blocks whose cases have all been handed over: as cases go in order, a block is
 * done once its newest case is. The block still being filled is kept. */
static void blocks_done(rt_log *lg)
{
    if (lg->n_handed < lg->block_check) return;
    size_t filling = lg->n_held / RT_EV_BLOCK;
    uint32_t next = UINT32_MAX;
    for (size_t i = lg->first_block; i < filling && i < lg->n_blocks; i++) {
        if (!lg->blocks[i]) continue;
        if (lg->blocks[i]->last_case <= lg->n_handed) block_free(lg, i);
        else if (lg->blocks[i]->last_case < next) next = lg->blocks[i]->last_case;
    }
    while (lg->first_block < filling && lg->first_block < lg->n_blocks && !lg->blocks[lg->first_block])
        lg->first_block++;
    lg->block_check = next == UINT32_MAX ? lg->n_handed + 1 : next;
}

/* A streamed case, handed over: its events, its slot and itself are let go. */
static void hand_over(rt_log *lg, rt_held *h)
{
    lend(lg, h);
    lg->case_done(lg, lg->lent, lg->case_done_ud);
    lg->n_handed++;
    unslot(lg, h);
    if (lg->last == h) lg->last = NULL;
    held_done(lg, h);
}

/* The block that holds the event at place k (index + 1), and the event in it. */
static inline const rt_ev_block *block_of(const rt_log *lg, uint32_t k)
{
    return lg->blocks[(k - 1) / RT_EV_BLOCK];
}

static inline const rt_held_event *event_in(const rt_ev_block *b, uint32_t k)
{
    return &b->ev[(k - 1) % RT_EV_BLOCK];
}

/* A function that only prefetches has no effect the compiler must keep, and GCC drops its
 * calls: so this one is always written out where it is called. */
#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/* Fetches for a case coming up: at stage 0 its events (those at known places, and its last),
 * at stage 1 (they are in the cache by then) the pointers to what they carry, at stage 2
 * what they carry: the facts merged first thing in deciding (stored just after it). */
static ALWAYS_INLINE void fetch_ahead(const rt_log *lg, const rt_held *c, int stage)
{
    uint32_t n = c->n_ev < RT_HELD_AT ? c->n_ev : RT_HELD_AT;
    if (stage == 0 && c->n_ev > RT_HELD_AT) fetch(event_in(block_of(lg, c->last_ev), c->last_ev));
    for (uint32_t j = 0; j < n; j++) {
        const rt_ev_block *b = block_of(lg, c->at[j]);
        const rt_held_event *h = event_in(b, c->at[j]);
        if (stage == 0) {
            fetch(h);
        } else if (h->more) {
            rt_event_more *const *m = &b->mores[h->more - 1];
            if (stage == 1) {
                fetch(m);
            } else {
                fetch(*m);
                fetch((const char *)*m + 64);
            }
        }
    }
}

/* Hands over the complete cases at the head of the queue: a case waits for those before it,
 * as decisions are written in order of each case's first event (SPEC §5). Cases handed over
 * one after another were mostly read long ago, and what they hold is a chain of loads each
 * missing the caches: so their records are fetched eight cases ahead, their slots and events
 * four ahead, what the events point to two ahead and what that points to one ahead, and the
 * misses overlap. */
static void hand_over_ready(rt_log *lg)
{
    for (size_t i; (i = lg->case_head) < lg->n_cases && lg->cases[i]->complete;) {
        if (i + 8 < lg->n_cases) fetch(lg->cases[i + 8]);
        for (int stage = 0; stage < 3; stage++) { /* cases 4, 2 and 1 ahead */
            size_t k = i + (4 >> stage);
            if (k >= lg->n_cases || !lg->cases[k]->complete) continue;
            if (stage == 0) fetch(&lg->slots[home_of(lg, lg->cases[k])]);
            fetch_ahead(lg, lg->cases[k], stage);
        }
        hand_over(lg, lg->cases[lg->case_head++]);
    }
    blocks_done(lg);
}

static void completed(rt_log *lg, rt_held *c)
{
    c->complete = true;
    if (c == lg->cases[lg->case_head]) hand_over_ready(lg);
}

/* The case a refused line names, when the line was read into fields: made, with no event, if
 * it is new, so that it is decided ("nothing to evaluate") as a grouped reading decides it;
 * and complete if the line was its last. */
void rt_held_touch(rt_log *lg, const char *id, size_t n, bool last)
{
    rt_held_drain(lg); /* the lines before it are filed first: cases are made in line order */
    rt_held *c = held_case(lg, id, n);
    c->refused = true;
    if (last && lg->streamed) completed(lg, c);
}

void rt_held_complete(rt_log *lg, const char *id, size_t n)
{
    rt_held_drain(lg);
    if (!lg->slots) return;
    rt_held *c = lg->slots[slot_of(lg, id, n, rt_hash_id(id, n))].c;
    if (c) completed(lg, c);
}

void rt_held_finish(rt_log *lg)
{
    rt_held_drain(lg);
    for (size_t i = lg->case_head; i < lg->n_cases; i++) lg->cases[i]->complete = true;
    hand_over_ready(lg);
}

static rt_ev_block *block_for(rt_log *lg, uint32_t i)
{
    size_t b = i / RT_EV_BLOCK;
    while (b >= lg->n_blocks) {
        lg->blocks = rt_xrealloc(lg->blocks, (lg->n_blocks + 1) * sizeof *lg->blocks);
        rt_ev_block *nb = rt_xalloc(sizeof *nb); /* counted once whole: free may follow */
        nb->extras = (rt_arena){0};
        nb->mores = NULL;
        nb->n_mores = nb->cap_mores = 0;
        nb->last_case = 0;
        lg->blocks[lg->n_blocks++] = nb;
    }
    return lg->blocks[b];
}

rt_arena *rt_held_arena(rt_log *lg)
{
    return &block_for(lg, lg->n_held + lg->pipe_n)->extras;
}

/* An interleaved log's event, chained to its case. */
static void hold_event(rt_log *lg, rt_held *c, const rt_event *ev, bool last)
{
    uint32_t i = lg->n_held;
    if (i == UINT32_MAX - 1) { /* as when memory runs out: 4e9 events would not fit anyway */
        if (rt_oom_catch) rt_out_of_memory(); /* the library's call says so, rt_api.c */
        fprintf(stderr, "%s-complaints: error: more than %u events in one run; give a log "
                        "grouped by case, with --grouped\n", lg->p->id, (unsigned)i);
        exit(3);
    }
    rt_ev_block *b = block_for(lg, i);
    uint32_t more = 0;
    if (ev->more) {
        if (b->n_mores == b->cap_mores) {
            b->cap_mores = b->cap_mores ? b->cap_mores * 2 : 256;
            b->mores = rt_xrealloc(b->mores, (size_t)b->cap_mores * sizeof *b->mores);
        }
        b->mores[b->n_mores++] = ev->more;
        more = b->n_mores;
    }
    /* chained backwards: nothing old is written */
    b->ev[i % RT_EV_BLOCK] = (rt_held_event){ev->date, ev->until, ev->working_days, ev->type,
                                             ev->kind, ev->stage, ev->outcome, ev->agreed,
                                             ev->reasons, ev->n_facts, ev->n_includes, more,
                                             c->last_ev};
    if (c->order >= b->last_case) b->last_case = c->order + 1;
    if (i % RT_EV_BLOCK == RT_EV_BLOCK - 1 && b->last_case < lg->block_check)
        lg->block_check = b->last_case; /* full: it may go once its newest case has */
    if (c->n_ev < RT_HELD_AT) c->at[c->n_ev] = i + 1;
    c->last_ev = i + 1;
    c->n_ev++;
    lg->n_held++;
    if (last && lg->streamed) completed(lg, c);
}

/* ---- interleaved logs: a few lines in flight ----
 * Finding a line's case in a big table misses the caches; so each event waits in a short
 * pipe while the next lines are read, its slot and then its case fetched ahead of time, and
 * is filed in the order read. */

static void file_oldest(rt_log *lg)
{
    rt_pending *q = &lg->pipe[lg->pipe_head];
    hold_event(lg, case_hashed(lg, q->id, q->id_len, q->hash), &q->ev, q->last);
    lg->pipe_head = (lg->pipe_head + 1) % RT_PIPE;
    lg->pipe_n--;
}

void rt_held_drain(rt_log *lg)
{
    while (lg->pipe_n) file_oldest(lg);
}

void rt_held_add(rt_log *lg, const rt_event *ev, const char *id, size_t n, bool last)
{
    if (n > sizeof lg->pipe[0].id) { /* a long id goes straight through */
        rt_held_drain(lg);
        hold_event(lg, held_case(lg, id, n), ev, last);
        return;
    }
    if (lg->pipe_n == RT_PIPE) file_oldest(lg);
    rt_pending *q = &lg->pipe[(lg->pipe_head + lg->pipe_n++) % RT_PIPE];
    q->ev = *ev;
    q->hash = rt_hash_id(id, n);
    q->id_len = (uint32_t)n;
    q->last = last;
    memcpy(q->id, id, n);
    if (lg->slots) fetch(&lg->slots[q->hash & (lg->n_slots - 1)]);
    if (lg->pipe_n > RT_PIPE / 2 && lg->slots) { /* halfway: its slot is here, fetch its case */
        const rt_pending *mid = &lg->pipe[(lg->pipe_head + lg->pipe_n - 1 - RT_PIPE / 2) % RT_PIPE];
        const rt_slot *sl = &lg->slots[mid->hash & (lg->n_slots - 1)];
        if (sl->c) fetch(sl->c);
    }
}

/* The held event at place k (index + 1) as an event; returns the place of its case's one
 * before. */
static uint32_t ungather(const rt_log *lg, uint32_t k, rt_event *out)
{
    const rt_ev_block *b = block_of(lg, k);
    const rt_held_event *h = event_in(b, k);
    *out = (rt_event){.date = h->date, .until = h->until, .seq = k - 1,
                      .working_days = h->working_days, .type = h->type, .kind = h->kind,
                      .stage = h->stage, .outcome = h->outcome, .agreed = h->agreed,
                      .reasons = h->reasons, .n_facts = h->n_facts, .n_includes = h->n_includes,
                      .more = h->more ? b->mores[h->more - 1] : NULL};
    return h->prev;
}

/* A case's events, gathered from the blocks in the order read, to be decided. */
void rt_held_gather(rt_log *lg, rt_case *c)
{
    if (c->n_ev > lg->cap_gathered) {
        lg->cap_gathered = c->n_ev * 2;
        lg->gathered = rt_xrealloc(lg->gathered, (size_t)lg->cap_gathered * sizeof *lg->gathered);
    }
    const rt_held *held = lg->lent_held;
    int first = c->n_ev < RT_HELD_AT ? c->n_ev : RT_HELD_AT, n = c->n_ev;
    for (int j = 0; j < first; j++) /* places known: the loads go out together */
        ungather(lg, held->at[j], &lg->gathered[j]);
    for (uint32_t k = c->last_ev; n > first;) /* the rest, back along the chain from the last */
        k = ungather(lg, k, &lg->gathered[--n]);
    c->ev = lg->gathered;
}

void rt_held_free(rt_log *lg)
{
    for (size_t i = lg->case_head; i < lg->n_cases; i++) rt_free(lg->cases[i]);
    spares_free(lg);
    rt_free(lg->cases);
    if (lg->lent) {
        rt_free(lg->lent->facts);
        rt_free(lg->lent->st);
        rt_free(lg->lent);
    }
    for (size_t i = 0; i < lg->n_blocks; i++)
        if (lg->blocks[i]) block_free(lg, i);
    rt_free(lg->blocks);
    rt_free(lg->gathered);
    rt_free(lg->slots);
    rt_free(lg->last_marks);
    rt_hset_free(&lg->met);
}
