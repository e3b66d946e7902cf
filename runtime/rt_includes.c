/* rt_includes.c: the elements a policy's responses must include, every stage's in one list,
 * so that an event's "includes" is read once into a bit mask and checked bit by bit. */
#include "rt_internal.h"
#include <string.h>

void rt_inc_names_free(rt_inc_names *m)
{
    rt_free(m->first);
    rt_free(m->bit);
    m->first = NULL;
    m->bit = NULL;
}

static int walk(const rt_inc_names *m, const char *s, size_t n)
{
    for (int b = 0; b < m->n; b++)
        if (m->len[b] == n && rt_same(m->name[b], s, n)) return b;
    return -1;
}

/* A name as given, less spaces and tabs at either end: people write a CSV list "stage;
 * outcome", and no element's name has either. */
int rt_inc_bit(const rt_inc_names *m, const char *s, size_t n)
{
    if (n && ((unsigned char)s[0] <= ' ' || (unsigned char)s[n - 1] <= ' ')) /* seldom: test first */
        rt_trim_blanks(&s, &n);
    if (!n) return -1;
    int b = m->slot[rt_name_slot(s, n)] - 1;
    if (b >= 0 && m->len[b] == n && rt_same(m->name[b], s, n)) return b;
    return m->crowded ? walk(m, s, n) : -1;
}

uint64_t rt_inc_mask(const rt_inc_names *m, const char *s, size_t n)
{
    int b = rt_inc_bit(m, s, n);
    return b < 0 ? 0 : (uint64_t)1 << b;
}

/* Names are put in the order the stages list them, each once; a name past the checker's
 * limit (hand-made policies only) gets no bit and so is never counted as given. */
void rt_inc_names_build(rt_inc_names *m, const rt_policy *p)
{
    int total = 0;
    for (int s = 0; s < p->n_stages; s++) total += p->stages[s].n_includes;
    memset(m, 0, sizeof *m);
    m->first = rt_xalloc((size_t)(p->n_stages ? p->n_stages : 1) * sizeof *m->first);
    m->bit = rt_xalloc((size_t)(total ? total : 1));
    for (int s = 0, k = 0; s < p->n_stages; s++) {
        m->first[s] = k;
        for (int i = 0; i < p->stages[s].n_includes; i++, k++) {
            const char *name = p->stages[s].includes[i];
            size_t len = strlen(name);
            int b = len ? walk(m, name, len) : -1;
            if (b < 0 && len && m->n < RT_INCLUDES_MAX) {
                b = m->n++;
                m->name[b] = name;
                m->len[b] = len;
                uint8_t *sl = &m->slot[rt_name_slot(name, len)];
                if (*sl) m->crowded = true;
                else *sl = (uint8_t)(b + 1);
            }
            m->bit[k] = b < 0 ? RT_INC_NONE : (uint8_t)b;
        }
    }
}
