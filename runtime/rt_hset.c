/* rt_hset.c: a set of 64-bit hashes, by open addressing: the case ids a grouped log has done,
 * and those a log's marking pass has met. A hash is kept with its low bit set, as 0 marks an
 * empty slot (so h and h ^ 1 are one). */
#include "rt_internal.h"
#include <string.h>

/* The set is kept in parts chosen by a hash's top bits, each doubled on its own when half
 * full: one table doubling would hold the old and the new at once, half again the memory. */
static rt_hset_part *part_of(rt_hset *s, uint64_t h)
{
    return &s->part[h >> (64 - RT_HSET_BITS)];
}

static void grow(rt_hset_part *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    uint64_t *slot = rt_xalloc(cap * sizeof *slot);
    memset(slot, 0, cap * sizeof *slot);
    for (size_t i = 0; i < t->cap; i++)
        if (t->slot[i]) {
            size_t j = t->slot[i] & (cap - 1);
            while (slot[j]) j = (j + 1) & (cap - 1);
            slot[j] = t->slot[i];
        }
    rt_free(t->slot);
    t->slot = slot;
    t->cap = cap;
}

bool rt_hset_put(rt_hset *s, uint64_t h)
{
    h |= 1;
    rt_hset_part *t = part_of(s, h);
    if (t->n * 2 >= t->cap) grow(t);
    size_t i = h & (t->cap - 1);
    for (; t->slot[i]; i = (i + 1) & (t->cap - 1))
        if (t->slot[i] == h) return true;
    t->slot[i] = h;
    t->n++;
    return false;
}

const void *rt_hset_where(rt_hset *s, uint64_t h)
{
    h |= 1;
    const rt_hset_part *t = part_of(s, h);
    return t->cap ? &t->slot[h & (t->cap - 1)] : NULL;
}

void rt_hset_free(rt_hset *s)
{
    for (int i = 0; i < 1 << RT_HSET_BITS; i++) rt_free(s->part[i].slot);
    memset(s, 0, sizeof *s);
}
