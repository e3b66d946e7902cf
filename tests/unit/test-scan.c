/* test-scan.c: the fast event reader against the full JSON parser. For every line of the
 * given files, and thousands of one-byte changes to each, the fast reader either passes the
 * line on or finds exactly the fields the full parser finds; it never accepts a line the
 * full parser refuses. */
#define _POSIX_C_SOURCE 200809L
#include "rt_internal.h"
#include <stdlib.h>
#include <string.h>

static bool same(const js_value *a, const js_value *b)
{
    if (!a || !b) return a == b;
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case JS_STRING:
    case JS_NUMBER:
        return a->len == b->len && !memcmp(a->s, b->s, a->len);
    case JS_ARRAY:
        if (a->n != b->n) return false;
        for (size_t i = 0; i < a->n; i++)
            if (!same(a->items[i], b->items[i])) return false;
        return true;
    case JS_OBJECT:
        if (a->n != b->n) return false;
        for (size_t i = 0; i < a->n; i++)
            if (a->members[i].key_len != b->members[i].key_len ||
                memcmp(a->members[i].key, b->members[i].key, a->members[i].key_len) ||
                !same(a->members[i].value, b->members[i].value))
                return false;
        return true;
    default:
        return true;
    }
}

static long fast_taken, compared, wrong;

/* One line through both readers. */
static void check(const char *s, size_t n, const char *what, long line)
{
    static rt_fields fast, full;
    rt_arena a = {0};
    char why[300];
    const char *err;
    size_t col;
    bool took = rt_fields_scan(s, n, &fast);
    js_value *v = rt_json_parse_views(&a, s, n, &err, &col);
    bool ok = v && rt_fields_index(v, &full, why, sizeof why);
    compared++;
    if (took) {
        fast_taken++;
        bool agree = ok;
        for (int k = 0; agree && k < RT_EVENT_FIELDS; k++) agree = same(fast.v[k], full.v[k]);
        if (!agree) {
            wrong++;
            if (wrong <= 10)
                printf("%s:%ld: the fast reader took %s: \"%.*s\"\n", what, line,
                       ok ? "other fields than the full parser" : "a line the full parser refuses",
                       (int)(n > 200 ? 200 : n), s);
        }
    }
    rt_arena_reset(&a);
}

/* The line, then each byte deleted, replaced or preceded by a byte from a set chosen to
 * break JSON in every way the fast reader looks at. */
static void mutate(const char *s, size_t n, const char *what, long line)
{
    static const char bytes[] = "\"\\,:{}[] 0-+e.xnt\x7f\x80\xc3\x01\t";
    char *m = malloc(n + 2);
    check(s, n, what, line);
    for (size_t i = 0; i <= n; i++) {
        for (size_t k = 0; k < sizeof bytes - 1; k++) {
            memcpy(m, s, i);
            m[i] = bytes[k];
            memcpy(m + i + 1, s + i, n - i);
            check(m, n + 1, what, line); /* inserted */
            if (i == n) continue;
            memcpy(m, s, n);
            m[i] = bytes[k];
            check(m, n, what, line);     /* replaced */
        }
        if (i < n) {
            memcpy(m, s, i);
            memcpy(m + i, s + i + 1, n - i - 1);
            check(m, n - 1, what, line); /* deleted */
        }
    }
    free(m);
}

int main(int argc, char **argv)
{
    long lines = 0, plain = 0;
    for (int f = 1; f < argc; f++) {
        FILE *in = fopen(argv[f], "rb");
        if (!in) {
            perror(argv[f]);
            return 2;
        }
        char *buf = NULL;
        size_t cap = 0;
        ssize_t got;
        long line = 0;
        while ((got = getline(&buf, &cap, in)) > 0) {
            size_t n = (size_t)got;
            if (buf[n - 1] == '\n') n--;
            line++, lines++;
            static rt_fields fs;
            plain += rt_fields_scan(buf, n, &fs);
            mutate(buf, n, argv[f], line);
        }
        free(buf);
        fclose(in);
    }
    printf("%ld lines (%ld read by the fast reader), %ld variants compared, %ld taken by the "
           "fast reader, %ld wrong\n", lines, plain, compared, fast_taken, wrong);
    /* the test means nothing unless the fast reader takes most of the lines it is shown */
    if (lines == 0 || plain * 2 < lines) {
        printf("the fast reader took too few lines for this test to mean anything\n");
        return 1;
    }
    return wrong ? 1 : 0;
}
