/* rt_hset.c: a set of 64-bit hashes (never 0), by open addressing: the case ids a grouped log
 * has done, and those a log's marking pass has met. */
#include "rt_internal.h"
#include <string.h>

static void grow(rt_hset *s)
{
    size_t cap = s->cap ? s->cap * 2 : 4096;
    uint64_t *t = rt_xalloc(cap * sizeof *t);
    memset(t, 0, cap * sizeof *t);
    for (size_t i = 0; i < s->cap; i++)
        if (s->slot[i]) {
            size_t j = s->slot[i] & (cap - 1);
            while (t[j]) j = (j + 1) & (cap - 1);
            t[j] = s->slot[i];
        }
    rt_free(s->slot);
    s->slot = t;
    s->cap = cap;
}

bool rt_hset_put(rt_hset *s, uint64_t h)
{
    if (s->n * 2 >= s->cap) grow(s);
    size_t i = h & (s->cap - 1);
    for (; s->slot[i]; i = (i + 1) & (s->cap - 1))
        if (s->slot[i] == h) return true;
    s->slot[i] = h;
    s->n++;
    return false;
}

void rt_hset_free(rt_hset *s)
{
    rt_free(s->slot);
    *s = (rt_hset){0};
}
