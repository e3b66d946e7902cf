/* difftest.c: the interpreter and a compiled engine on the same generated logs, at several
 * as-of dates; on the first disagreement, the case is cut down event by event to the
 * smallest log that still shows it, and printed. */
#define _XOPEN_SOURCE 700
#include "difftest.h"
#include "gen.h"
#include "rt_internal.h"
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

typedef struct {
    const rt_policy *p;
    const char *engine;
    char dir[4096];
    const char *as_of;
} dt;

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    rt_buf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) rt_buf_put(&b, chunk, got);
    fclose(f);
    if (!b.p) rt_buf_put(&b, "", 0);
    *n = b.n;
    return b.p;
}

/* The engine run with argv, its standard output to out; its wait status, or -1. */
static int run_engine(char *const argv[], const char *out)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    int status = -1;
    if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) == 0) waitpid(pid, &status, 0);
    posix_spawn_file_actions_destroy(&fa);
    return status;
}

/* Both paths on one log; true when their decisions are the same bytes. */
static bool agree(dt *t, const char *log, char **interp, char **compiled)
{
    char out_i[4200], out_c[4200];
    snprintf(out_i, sizeof out_i, "%s/interp.out", t->dir);
    snprintf(out_c, sizeof out_c, "%s/engine.out", t->dir);
    FILE *f = fopen(out_i, "wb");
    char *args[] = {"--quiet", "--as-of", (char *)t->as_of, (char *)log, NULL};
    rt_eval(t->p, 4, args, f);
    fclose(f);
    char *argv[] = {(char *)t->engine, "eval", "--quiet", "--as-of", (char *)t->as_of,
                    (char *)log, NULL};
    int status = run_engine(argv, out_c);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) > 1) {
        fprintf(stderr, "redressc: error: cannot run the engine %s (status %d)\n", t->engine,
                status);
        exit(2);
    }
    size_t ni, nc;
    char *a = slurp(out_i, &ni), *b = slurp(out_c, &nc);
    bool same = a && b && ni == nc && !memcmp(a, b, ni);
    if (interp) *interp = a; else rt_free(a);
    if (compiled) *compiled = b; else rt_free(b);
    return same;
}

static void write_lines(const char *path, char **lines, int n, const bool *keep)
{
    FILE *f = fopen(path, "wb");
    for (int i = 0; i < n; i++)
        if (!keep || keep[i]) fprintf(f, "%s\n", lines[i]);
    fclose(f);
}

/* The case of the first line where the two outputs differ. */
static char *first_differing_case(const char *a, const char *b)
{
    while (*a && *a == *b) {
        if (*a == '\n') { a++, b++; continue; }
        const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
        size_t la = ea ? (size_t)(ea - a) : strlen(a), lb = eb ? (size_t)(eb - b) : strlen(b);
        if (la != lb || memcmp(a, b, la)) break;
        a += la, b += lb;
    }
    const char *k = strstr(a, "{\"case\":\"");
    if (!k) return NULL;
    k += 9;
    const char *e = strchr(k, '"');
    return e ? rt_xstrndup(k, (size_t)(e - k)) : NULL;
}

static int shrink_and_report(dt *t, const char *log, const char *interp, const char *compiled)
{
    char *id = first_differing_case(interp, compiled);
    size_t n;
    char *text = slurp(log, &n);
    char **lines = rt_xalloc(sizeof *lines * (n / 2 + 2));
    int count = 0;
    char needle[128];
    snprintf(needle, sizeof needle, "{\"case\":\"%s\",", id ? id : "");
    for (char *s = text, *e; s && *s; s = e ? e + 1 : NULL) {
        e = strchr(s, '\n');
        if (e) *e = '\0';
        if (strstr(s, needle) == s) lines[count++] = s;
    }
    bool *keep = rt_xalloc(sizeof *keep * (size_t)(count + 1));
    for (int i = 0; i < count; i++) keep[i] = true;
    char small[4200];
    snprintf(small, sizeof small, "%s/smallest.jsonl", t->dir);
    for (bool changed = true; changed;) {
        changed = false;
        for (int i = 0; i < count; i++) {
            if (!keep[i]) continue;
            keep[i] = false;
            write_lines(small, lines, count, keep);
            if (agree(t, small, NULL, NULL)) keep[i] = true;
            else changed = true;
        }
    }
    write_lines(small, lines, count, keep);
    char *a = NULL, *b = NULL;
    agree(t, small, &a, &b);
    printf("DIFFERENCE at --as-of %s, case %s; the smallest log that shows it:\n", t->as_of,
           id ? id : "?");
    for (int i = 0; i < count; i++)
        if (keep[i]) printf("  %s\n", lines[i]);
    printf("interpreter:\n  %s", a ? a : "");
    printf("engine:\n  %s", b ? b : "");
    rt_free(a);
    rt_free(b);
    rt_free(keep);
    rt_free(lines);
    rt_free(text);
    rt_free(id);
    return 1;
}

/* Which source the engine was built from, by its explain --json: another policy, or
 * another version of this one, differs for that reason alone, which the reader of a
 * DIFFERENCE should know first; the same source makes any difference a fault of redressc. */
static void say_source(dt *t)
{
    char out[4200];
    snprintf(out, sizeof out, "%s/explain.json", t->dir);
    char *argv[] = {(char *)t->engine, "explain", "--json", NULL};
    int status = run_engine(argv, out);
    size_t n;
    char *text = status != -1 && WIFEXITED(status) && !WEXITSTATUS(status) ? slurp(out, &n) : NULL;
    unlink(out);
    rt_arena a = {0};
    const char *err;
    size_t col;
    const js_value *j = text ? rt_json_parse(&a, text, n, &err, &col) : NULL;
    const js_value *id = j ? rt_json_get(j, "policy") : NULL, *hash = j ? rt_json_get(j, "sha256") : NULL;
    if (id && hash && id->kind == JS_STRING && hash->kind == JS_STRING &&
        strcmp(hash->s, t->p->source_hash))
        printf("note: %s was built from %s %s (sha256 %.12s...), not from this %s "
               "(sha256 %.12s...): it may differ for that reason alone\n", t->engine,
               strcmp(id->s, t->p->id) ? "the policy" : "another version of", id->s, hash->s,
               t->p->source_file, t->p->source_hash);
    rt_arena_reset(&a);
    rt_free(text);
}

int difftest(const rt_policy *p, const char *engine, int cases, uint64_t seed)
{
    static const char *const dates[] = {"2019-06-28", "2021-12-31", "2024-05-20", "2026-12-31"};
    dt t = {.p = p, .engine = engine};
    snprintf(t.dir, sizeof t.dir, "%s/redress-difftest-XXXXXX", rt_tmp_dir());
    if (!mkdtemp(t.dir)) {
        perror("redressc: mkdtemp");
        return 2;
    }
    char log[4200];
    snprintf(log, sizeof log, "%s/events.jsonl", t.dir);
    FILE *f = fopen(log, "wb");
    gen_events(p, cases, seed, false, f);
    fclose(f);
    say_source(&t);
    int rc = 0;
    for (size_t i = 0; i < sizeof dates / sizeof dates[0] && !rc; i++) {
        t.as_of = dates[i];
        char *a = NULL, *b = NULL;
        if (!agree(&t, log, &a, &b)) rc = shrink_and_report(&t, log, a ? a : "", b ? b : "");
        rt_free(a);
        rt_free(b);
    }
    if (!rc)
        printf("%s: interpreter and %s agree on %d generated cases (seed %llu) at %zu as-of dates\n",
               p->id, engine, cases, (unsigned long long)seed, sizeof dates / sizeof dates[0]);
    char path[4200];
    const char *files[] = {"events.jsonl", "interp.out", "engine.out", "smallest.jsonl"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", t.dir, files[i]);
        unlink(path);
    }
    rmdir(t.dir);
    return rc;
}
