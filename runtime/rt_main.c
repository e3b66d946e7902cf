/* rt_main.c: the engine's command line (SPEC §6): reads event logs, groups events by case,
 * and writes one decision per case in order of each case's first event. */
#define _POSIX_C_SOURCE 200809L
#include "rt_internal.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    const rt_policy *p;
    rt_arena keep;        /* case ids and event strings, for the whole run */
    rt_arena line;        /* one line's JSON, rewound after each line */
    rt_case **cases;      /* in order of first event */
    size_t n_cases, cap_cases;
    rt_case **slots;      /* open-addressing hash table on case id */
    size_t n_slots;
    uint32_t seq;
    long n_read, n_rejected;
} rt_log;

static uint64_t hash_id(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static void grow_slots(rt_log *lg)
{
    size_t n = lg->n_slots ? lg->n_slots * 2 : 1024;
    rt_case **slots = rt_xalloc(n * sizeof *slots);
    memset(slots, 0, n * sizeof *slots);
    for (size_t i = 0; i < lg->n_cases; i++) {
        rt_case *c = lg->cases[i];
        size_t h = hash_id(c->id, c->id_len) & (n - 1);
        while (slots[h]) h = (h + 1) & (n - 1);
        slots[h] = c;
    }
    rt_free(lg->slots);
    lg->slots = slots;
    lg->n_slots = n;
}

static rt_case *find_case(rt_log *lg, const char *id, size_t n)
{
    if (lg->n_cases * 2 >= lg->n_slots) grow_slots(lg);
    size_t h = hash_id(id, n) & (lg->n_slots - 1);
    for (; lg->slots[h]; h = (h + 1) & (lg->n_slots - 1)) {
        rt_case *c = lg->slots[h];
        if (c->id_len == n && memcmp(c->id, id, n) == 0) return c;
    }
    rt_case *c = rt_arena_alloc(&lg->keep, sizeof *c);
    memset(c, 0, sizeof *c);
    c->p = lg->p;
    c->cal = rt_policy_calendar(lg->p);
    c->id = rt_arena_strndup(&lg->keep, id, n);
    c->id_len = n;
    lg->slots[h] = c;
    if (lg->n_cases == lg->cap_cases) {
        lg->cap_cases = lg->cap_cases ? lg->cap_cases * 2 : 256;
        lg->cases = rt_xrealloc(lg->cases, lg->cap_cases * sizeof *lg->cases);
    }
    lg->cases[lg->n_cases++] = c;
    return c;
}

static void add_event(rt_case *c, const rt_event *ev)
{
    if (c->n_ev == c->cap_ev) {
        c->cap_ev = c->cap_ev ? c->cap_ev * 2 : 8;
        c->ev = rt_xrealloc(c->ev, (size_t)c->cap_ev * sizeof *c->ev);
    }
    c->ev[c->n_ev++] = *ev;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return false;
    return true;
}

static void read_line(rt_log *lg, const char *file, long lineno, const char *s, size_t n)
{
    if (blank(s, n)) return;
    lg->n_read++;
    const char *err;
    size_t col;
    char why[300];
    js_value *v = rt_json_parse(&lg->line, s, n, &err, &col);
    rt_event ev;
    const char *id;
    size_t id_len;
    if (!v) {
        snprintf(why, sizeof why, "invalid JSON at column %zu: %s", col, err);
    } else if (rt_event_from_json(lg->p, v, &lg->keep, &ev, &id, &id_len, why, sizeof why)) {
        ev.seq = lg->seq++;
        add_event(find_case(lg, id, id_len), &ev);
        rt_arena_rewind(&lg->line);
        return;
    }
    fprintf(stderr, "%s:%ld: error: %s\n", file, lineno, why);
    lg->n_rejected++;
    rt_arena_rewind(&lg->line);
}

static void read_stream(rt_log *lg, FILE *f, const char *name)
{
    rt_buf line = {0};
    char chunk[65536];
    long lineno = 0;
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        size_t start = 0;
        for (size_t i = 0; i < got; i++) {
            if (chunk[i] != '\n') continue;
            lineno++;
            if (line.n) {
                rt_buf_put(&line, chunk + start, i - start);
                read_line(lg, name, lineno, line.p, line.n);
                line.n = 0;
            } else {
                read_line(lg, name, lineno, chunk + start, i - start);
            }
            start = i + 1;
        }
        rt_buf_put(&line, chunk + start, got - start);
    }
    if (line.n) read_line(lg, name, lineno + 1, line.p, line.n);
    rt_buf_free(&line);
}

static void free_log(rt_log *lg)
{
    for (size_t i = 0; i < lg->n_cases; i++) {
        rt_free(lg->cases[i]->ev);
        rt_free(lg->cases[i]->facts);
        rt_free(lg->cases[i]->st);
    }
    rt_free(lg->cases);
    rt_free(lg->slots);
    rt_arena_reset(&lg->keep);
    rt_arena_reset(&lg->line);
}

static int usage(const rt_policy *p, FILE *out, int status)
{
    fprintf(out,
            "usage: %s-complaints eval [--as-of YYYY-MM-DD] [--format jsonl|table] [--quiet] [FILE...]\n"
            "       %s-complaints explain [--json]\n"
            "       %s-complaints test\n"
            "       %s-complaints --version | --help\n"
            "\n"
            "The complaints engine for %s, compiled from %s.\n"
            "eval     one decision per case (SPEC section 5); standard input when no FILE\n"
            "explain  what this engine enforces, with citations and the policy's source hash\n"
            "test     run the scenarios written in the policy file\n",
            p->id, p->id, p->id, p->id, p->organisation, p->source_file);
    return status;
}

static rt_day today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return rt_day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int rt_eval(const rt_policy *p, int argc, char **argv, FILE *to)
{
    rt_day as_of = today();
    bool table = false, quiet = false;
    int first_file = argc;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--as-of") && i + 1 < argc) {
            if (!rt_parse_date(argv[i + 1], strlen(argv[i + 1]), &as_of)) {
                fprintf(stderr, "%s-complaints: error: bad --as-of date \"%s\" (want YYYY-MM-DD "
                                "from 1900-01-01 to 2199-12-31)\n", p->id, argv[i + 1]);
                return 2;
            }
            i++;
        } else if (!strcmp(argv[i], "--quiet")) {
            quiet = true;
        } else if (!strcmp(argv[i], "--format") && i + 1 < argc) {
            i++;
            if (!strcmp(argv[i], "table")) table = true;
            else if (strcmp(argv[i], "jsonl") != 0) {
                fprintf(stderr, "%s-complaints: error: unknown format \"%s\" (jsonl or table)\n",
                        p->id, argv[i]);
                return 2;
            }
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "%s-complaints: error: unknown option \"%s\"\n", p->id, argv[i]);
            return usage(p, stderr, 2);
        } else {
            first_file = i;
            break;
        }
    }
    FILE **files = rt_xalloc((size_t)(argc - first_file + 1) * sizeof *files);
    for (int i = first_file; i < argc; i++) {
        files[i - first_file] = strcmp(argv[i], "-") ? fopen(argv[i], "rb") : stdin;
        if (!files[i - first_file]) {
            fprintf(stderr, "%s-complaints: error: cannot open %s: %s\n", p->id, argv[i],
                    strerror(errno));
            for (int k = first_file; k < i; k++)
                if (files[k - first_file] != stdin) fclose(files[k - first_file]);
            rt_free(files);
            return 2;
        }
    }
    rt_log lg = {.p = p};
    if (first_file == argc) read_stream(&lg, stdin, "<stdin>");
    for (int i = first_file; i < argc; i++) {
        read_stream(&lg, files[i - first_file], argv[i]);
        if (files[i - first_file] != stdin) fclose(files[i - first_file]);
    }
    rt_free(files);
    rt_buf out = {0};
    for (size_t i = 0; i < lg.n_cases; i++) {
        rt_decision d;
        rt_case_sort_events(lg.cases[i]);
        rt_case_evaluate(lg.cases[i], as_of, &d);
        if (table) rt_write_decision_table(&out, p, lg.cases[i], &d);
        else rt_write_decision_json(&out, p, lg.cases[i], as_of, &d);
        rt_decision_free(&d);
        if (out.n > 60000) {
            fwrite(out.p, 1, out.n, to);
            out.n = 0;
        }
    }
    fwrite(out.p ? out.p : "", 1, out.n, to);
    rt_buf_free(&out);
    if (!quiet)
        fprintf(stderr, "%s-complaints: %ld events read, %ld rejected\n", p->id, lg.n_read,
                lg.n_rejected);
    int status = lg.n_rejected ? 1 : 0;
    free_log(&lg);
    return status;
}

static rt_calendar *the_calendar;

static void free_calendar(void) { rt_calendar_free(the_calendar); }

const rt_calendar *rt_policy_calendar(const rt_policy *p)
{
    if (!the_calendar) {
        the_calendar = rt_calendar_new_with(p->calendar, p->closures, p->n_closures, p->closed,
                                            p->closed_ctx);
        if (!the_calendar) rt_out_of_memory();
        atexit(free_calendar);
    }
    return the_calendar;
}

int rt_main(const rt_policy *p, int argc, char **argv)
{
    if (argc < 2) return usage(p, stderr, 2);
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) return usage(p, stdout, 0);
    if (!strcmp(cmd, "--version")) {
        printf("%s-complaints (redress %s), policy %s, source sha256 %s\n", p->id, RT_VERSION,
               p->source_file, p->source_hash);
        return 0;
    }
    if (!strcmp(cmd, "eval")) return rt_eval(p, argc - 2, argv + 2, stdout);
    if (!strcmp(cmd, "explain")) {
        bool json = argc > 2 && !strcmp(argv[2], "--json");
        if (argc > 3 || (argc == 3 && !json)) return usage(p, stderr, 2);
        rt_explain(p, json, stdout);
        return 0;
    }
    if (!strcmp(cmd, "test")) return rt_run_scenarios(p, stdout) ? 1 : 0;
    fprintf(stderr, "%s-complaints: error: unknown command \"%s\"\n", p->id, cmd);
    return usage(p, stderr, 2);
}
