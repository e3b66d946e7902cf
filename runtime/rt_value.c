/* rt_value.c: values and Kleene three-valued logic for rule conditions. A fact nobody
 * supplied is unknown, and a rule fires only when its condition is known to be true. */
#include "rt_internal.h"
#include <string.h>

rt_tri rt_compare(rt_value a, rt_cmp_op op, rt_value b)
{
    if (!a.known || !b.known) return RT_UNKNOWN;
    bool r = false;
    switch (op) {
    case RT_EQ: r = a.i == b.i; break;
    case RT_NE: r = a.i != b.i; break;
    case RT_LT: r = a.i < b.i; break;
    case RT_LE: r = a.i <= b.i; break;
    case RT_GT: r = a.i > b.i; break;
    case RT_GE: r = a.i >= b.i; break;
    }
    return r ? RT_TRUE : RT_FALSE;
}

rt_tri rt_text_equal(rt_value a, rt_value b, bool negate)
{
    if (!a.known || !b.known) return RT_UNKNOWN;
    bool eq = strcmp(a.s, b.s) == 0;
    return eq != negate ? RT_TRUE : RT_FALSE;
}

rt_tri rt_more_than_after(const rt_case *c, rt_value a, int n, rt_unit unit, rt_value b)
{
    if (!a.known || !b.known) return RT_UNKNOWN;
    rt_day limit = rt_add_period(c->cal, (rt_day)b.i, n, unit);
    if (limit == RT_NODATE) return RT_UNKNOWN;
    return a.i > limit ? RT_TRUE : RT_FALSE;
}

rt_tri rt_within_after(const rt_case *c, rt_value a, int n, rt_unit unit, rt_value b)
{
    if (!a.known || !b.known) return RT_UNKNOWN;
    rt_day limit = rt_add_period(c->cal, (rt_day)b.i, n, unit);
    if (limit == RT_NODATE) return RT_UNKNOWN;
    return a.i >= b.i && a.i <= limit ? RT_TRUE : RT_FALSE;
}

rt_value rt_fact(const rt_case *c, int index)
{
    const rt_fact_desc *f = &c->p->facts[index];
    rt_value v = c->facts[index];
    /* Follow "otherwise" fallbacks; the checker rejects cycles, the bound is belt and braces. */
    for (int hops = 0; !v.known && f->fallback >= 0 && hops < c->p->n_facts; hops++) {
        index = f->fallback;
        f = &c->p->facts[index];
        v = c->facts[index];
    }
    if (!v.known && c->p->facts[index].type == RT_T_BOOL) return rt_known_int(0);
    return v;
}

rt_value rt_receipt(const rt_case *c)
{
    return c->received ? rt_known_int(c->receipt) : rt_unknown();
}
