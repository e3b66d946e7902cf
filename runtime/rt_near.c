/* rt_near.c: the name nearest a misspelt one, for the errors that say what was meant: the
 * engine's for a log's event types, kinds, stages and outcomes, the compiler's for names. */
#include "rt_internal.h"

/* Edits from a to b: insertions, deletions, substitutions, and swaps of two neighbouring
 * bytes, each one edit (the optimal string alignment distance), as "reciept" and "dyas" are
 * one slip each from "receipt" and "days". Words over 64 bytes are never near. */
size_t rt_edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    if (la > 64 || lb > 64) return SIZE_MAX;
    size_t rows[3][65], *before = rows[0], *prev = rows[1], *row = rows[2];
    for (size_t j = 0; j <= lb; j++) prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best) best = prev[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                before[j - 2] + 1 < best)
                best = before[j - 2] + 1;
            row[j] = best;
        }
        size_t *t = before;
        before = prev, prev = row, row = t;
    }
    return prev[lb];
}

/* Two names equally near name neither: "stage3" is no slip for "stage1" or "stage2". The
 * names are name(ctx, i), so that a policy's facts or a table of fields need no list made. */
int rt_nearest_by(const char *s, size_t n, const char *(*name)(const void *ctx, int i),
                  const void *ctx, int count, size_t most)
{
    int best = -1;
    size_t best_d = most + 1;
    bool tied = false;
    for (int i = 0; i < count; i++) {
        const char *c = name(ctx, i);
        size_t len = strlen(c);
        if (len > n + most || n > len + most) continue; /* never near: not measured */
        size_t d = rt_edit_distance(s, n, c, len);
        if (best >= 0 && d == best_d && strcmp(c, name(ctx, best)))
            tied = true; /* a name listed twice (a stage declared twice) is one name */
        if (d < best_d) best = i, best_d = d, tied = false;
    }
    return tied ? -1 : best;
}

static const char *listed(const void *names, int i)
{
    return ((const char *const *)names)[i];
}

int rt_nearest(const char *s, size_t n, const char *const *names, int count, size_t most)
{
    return rt_nearest_by(s, n, listed, names, count, most);
}

size_t rt_slips(size_t n)
{
    return n >= 8 ? 2 : 1;
}
