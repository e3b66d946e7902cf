/* test-scan.c: the fast event reader against the full JSON parser. For every line of the
 * given files, and thousands of one-byte changes to each, the fast reader either passes the
 * line on or finds exactly the fields the full parser finds; it never accepts a line the
 * full parser refuses. Reading facts straight for a policy, it makes the same event. */
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

static long fast_taken, compared, wrong, facts_taken;

/* A policy with a fact of every type, under names the test logs use, and some past the
 * 64th (whose repeats the fast reader finds by a search, not its bit mask). */
#define PAD8(k) {"zz" #k "0", RT_T_BOOL, NULL, 0, -1}, {"zz" #k "1", RT_T_BOOL, NULL, 0, -1}, \
                {"zz" #k "2", RT_T_BOOL, NULL, 0, -1}, {"zz" #k "3", RT_T_BOOL, NULL, 0, -1}, \
                {"zz" #k "4", RT_T_BOOL, NULL, 0, -1}, {"zz" #k "5", RT_T_BOOL, NULL, 0, -1}, \
                {"zz" #k "6", RT_T_BOOL, NULL, 0, -1}, {"zz" #k "7", RT_T_BOOL, NULL, 0, -1}
static const char *const subjects[] = {"repairs", "commercial", "staff"};
static const rt_fact_desc test_facts[] = {
    {"issue_date", RT_T_DATE, NULL, 0, -1}, {"subject", RT_T_ENUM, subjects, 3, -1},
    {"previously_considered", RT_T_BOOL, NULL, 0, -1}, {"anonymous", RT_T_BOOL, NULL, 0, -1},
    {"legal_proceedings", RT_T_BOOL, NULL, 0, -1}, {"heaters", RT_T_BOOL, NULL, 0, -1},
    {"heaters_from", RT_T_DATE, NULL, 0, -1}, {"heaters_until", RT_T_DATE, NULL, 0, -1},
    {"goodwill_amount", RT_T_MONEY, NULL, 0, -1}, {"compensation_agreed", RT_T_INT, NULL, 0, -1},
    {"crm_tag", RT_T_TEXT, NULL, 0, -1}, {"exceptional_circumstances", RT_T_BOOL, NULL, 0, -1},
    PAD8(0), PAD8(1), PAD8(2), PAD8(3), PAD8(4), PAD8(5), PAD8(6),
    {"issue_known", RT_T_TEXT, NULL, 0, -1}, {"rent_arrears", RT_T_MONEY, NULL, 0, -1},
    {"new_information", RT_T_BOOL, NULL, 0, -1}, {"previous_complaint_date", RT_T_DATE, NULL, 0, -1},
    {"no_hot_water_from", RT_T_DATE, NULL, 0, -1}, {"police_investigation", RT_T_BOOL, NULL, 0, -1}};
static const char *const stage1_includes[] = {"stage", "outcome", "remedy"};
static const char *const stage2_includes[] = {"remedy", "escalation", "reasons"};
static const rt_stage_desc test_stages[] = {
    {.id = "stage1", .title = "Stage 1", .includes = stage1_includes, .n_includes = 3},
    {.id = "stage2", .title = "Stage 2", .includes = stage2_includes, .n_includes = 3}};
static const rt_policy test_policy = {
    .id = "scan", .facts = test_facts, .n_facts = sizeof test_facts / sizeof *test_facts,
    .stages = test_stages, .n_stages = 2};
_Static_assert(sizeof test_facts / sizeof *test_facts > 64, "facts past the bit mask");
static rt_fact_index test_index;

static bool same_event(const rt_event *a, const rt_event *b)
{
    if (a->type != b->type || a->date != b->date || a->n_facts != b->n_facts) return false;
    if (a->n_includes != b->n_includes) return false;
    if (a->n_includes >= 0 && a->more->includes != b->more->includes) return false;
    for (int i = 0; i < a->n_facts; i++) {
        const rt_fact_set *x = &a->more->facts[i], *y = &b->more->facts[i];
        if (x->fact != y->fact || x->known != y->known || x->text != y->text) return false;
        if (x->known && (x->text ? strcmp(x->u.s, y->u.s) != 0 : x->u.i != y->u.i)) return false;
    }
    return true;
}

/* The line as a file's text gives it: with its newline and a next line after it, or last,
 * with none. rt_fields_scan_line takes it exactly when rt_fields_scan does, ends it at its
 * newline, and finds the same fields, reading facts for x or not. A line with a newline in
 * it is left out: in a file it ends at the first. */
static void check_line(const char *s, size_t n, rt_fact_index *x, bool took, const rt_fields *fast,
                       const char *what, long line)
{
    static const char next[] = "\n{\"case\":\"N\",\"type\":\"received\",\"date\":\"2024-01-01\"}\n";
    static char *buf;
    static size_t cap;
    static rt_fields fl;
    if (memchr(s, '\n', n)) return;
    if (n + sizeof next > cap) {
        cap = (n + sizeof next) * 2;
        buf = realloc(buf, cap);
    }
    memcpy(buf, s, n);
    memcpy(buf + n, next, sizeof next);
    for (int last = 0; last < 2; last++) {
        size_t len = 0;
        size_t left = last ? n : n + sizeof next - 1;
        bool agree = rt_fields_scan_line(buf, left, x, &fl, &len) == took && (!took || len == n);
        for (int k = 0; agree && took && k < RT_EVENT_FIELDS; k++) {
            const js_value *a = fast->v[k], *b = fl.v[k];
            if (x && a && a->kind == JS_OBJECT) /* "facts", read into fs->facts: below */
                agree = b && b->kind == JS_OBJECT && b->n == a->n;
            else
                agree = same(a, b);
        }
        if (agree && took && x) {
            agree = fl.n_facts == fast->n_facts && fl.n_inc == fast->n_inc &&
                    fl.includes == fast->includes;
            for (int k = 0; agree && k < fl.n_facts; k++) {
                const rt_fact_set *a = &fl.facts[k], *b = &fast->facts[k];
                agree = a->fact == b->fact && a->known == b->known && a->text == b->text;
                if (agree && a->known)
                    agree = a->text ? fl.text_len[k] == fast->text_len[k] &&
                                          !memcmp(a->u.s, b->u.s, fl.text_len[k])
                                    : a->u.i == b->u.i;
            }
        }
        if (!agree) {
            wrong++;
            if (wrong <= 10)
                printf("%s:%ld: read as a line of a file%s, the fast reader differs: \"%.*s\"\n",
                       what, line, last ? " (its last)" : "", (int)(n > 200 ? 200 : n), s);
        }
    }
}

/* The line's facts read straight for test_policy, against the same event made from the
 * full parser's fields. */
static void check_facts(const char *s, size_t n, bool full_ok, const rt_fields *full,
                        const char *what, long line)
{
    static rt_fields fast;
    bool took = rt_fields_scan(s, n, &test_index, &fast);
    check_line(s, n, &test_index, took, &fast, what, line);
    if (!took) return;
    facts_taken++;
    rt_arena a = {0};
    rt_event e1, e2;
    char why1[300] = "", why2[300] = "";
    bool ok1 = rt_event_from_fields(&test_index, &fast, &a, &e1, why1, sizeof why1);
    bool ok2 = full_ok &&
               rt_event_from_fields(&test_index, full, &a, &e2, why2, sizeof why2);
    if (!full_ok || ok1 != ok2 || (ok1 ? !same_event(&e1, &e2) : strcmp(why1, why2) != 0)) {
        wrong++;
        if (wrong <= 10)
            printf("%s:%ld: reading facts for a policy, the fast reader made %s: \"%.*s\"\n", what,
                   line, !full_ok ? "an event of a line the full parser refuses"
                                  : "another event than the full parser's fields",
                   (int)(n > 200 ? 200 : n), s);
    }
    rt_arena_reset(&a);
}

/* One line through both readers. */
static void check(const char *s, size_t n, const char *what, long line)
{
    static rt_fields fast, full;
    rt_arena a = {0};
    char why[300];
    const char *err;
    size_t col;
    bool took = rt_fields_scan(s, n, NULL, &fast);
    check_line(s, n, NULL, took, &fast, what, line);
    js_value *v = rt_json_parse_views(&a, s, n, &err, &col);
    bool ok = v && rt_fields_index(v, &full, NULL, why, sizeof why);
    compared++;
    check_facts(s, n, ok, &full, what, line);
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
    rt_fact_index_build(&test_index, &test_policy);
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
            plain += rt_fields_scan(buf, n, NULL, &fs);
            mutate(buf, n, argv[f], line);
        }
        free(buf);
        fclose(in);
    }
    printf("%ld lines (%ld read by the fast reader), %ld variants compared, %ld taken by the "
           "fast reader (%ld reading facts for a policy), %ld wrong\n", lines, plain, compared,
           fast_taken, facts_taken, wrong);
    rt_fact_index_free(&test_index);
    /* the test means nothing unless the fast reader takes most of the lines it is shown */
    if (lines == 0 || plain * 2 < lines) {
        printf("the fast reader took too few lines for this test to mean anything\n");
        return 1;
    }
    return wrong ? 1 : 0;
}
