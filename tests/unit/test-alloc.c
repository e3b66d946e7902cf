/* test-alloc.c: makes the runtime's allocation hook fail at every allocation in turn while
 * an engine evaluates a log (each run must end cleanly, status 0, 1 or 3, never crash), and
 * while the library reads it (each call must say so and free must free everything). */
#define _POSIX_C_SOURCE 200809L
#include "redress.h"
#ifdef REDRESS_POLICY_C /* a policy's C, from redressc emit-c: its rr_policy, its main renamed */
#define main rr_engine_main
#include REDRESS_POLICY_C
#undef main
#define THE_POLICY rr_policy
#else
#include "tiny-policy.h"
#define THE_POLICY tiny_policy
#endif
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static long budget, live; /* allocations left to succeed; blocks not yet freed */

static void *failing_realloc(void *p, size_t n, void *ud)
{
    (void)ud;
    if (n == 0) {
        live -= p != NULL;
        free(p);
        return NULL;
    }
    if (budget-- <= 0) return NULL;
    void *q = realloc(p, n);
    live += q && !p;
    return q;
}

/* The library's new gives NULL when memory runs out (docs/library.md), at whichever
 * allocation: it must not end the program it is linked into. Run in a child, so that an exit
 * is seen. */
static bool library_new_says_null(void)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        for (long k = 0;; k++) {
            budget = k;
            rt_set_allocator(failing_realloc, NULL);
            rt_engine *e = rt_engine_new(&THE_POLICY);
            rt_set_allocator(NULL, NULL);
            if (e) {
                rt_engine_free(e);
                _exit(k > 0 ? 0 : 5); /* k = 0 failed nothing: the test tried nothing */
            }
        }
    }
    int status;
    waitpid(pid, &status, 0);
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!ok) printf("FAIL rt_engine_new with allocations failing: %s %d\n",
                    WIFEXITED(status) ? "exit" : "signal",
                    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    return ok;
}

/* One run of the library on text, the kth allocation failing: 0 when every call either
 * worked or said memory ran out (-1, and the same from every call after it), and free gave
 * back every block; 1 when no allocation failed (k is past the run's last). */
static int library_run(const char *text, size_t len, long k)
{
    budget = k;
    live = 0;
    rt_set_allocator(failing_realloc, NULL);
    rt_engine *e = rt_engine_new(&THE_POLICY);
    if (!e) _exit(live ? 10 : 0);
    char error[128];
    bool spent = false;
    size_t cut[] = {0, len / 3, len / 3 * 2 + 1, len}; /* a line split between feeds */
    for (int i = 0; i < 3; i++) {
        int r = rt_engine_feed(e, text + cut[i], cut[i + 1] - cut[i], error, sizeof error);
        if (spent && r != -1) _exit(11);
        if (r == -1 && strcmp(error, "out of memory")) _exit(12);
        spent |= r == -1;
    }
    int r = rt_engine_end(e, error, sizeof error);
    if ((spent && r != -1) || (r == -1 && strcmp(error, "out of memory"))) _exit(13);
    spent |= r == -1;
    for (int round = 0; round < 2; round++) { /* decide again: its views are remade */
        size_t n = rt_engine_decide(e, "2024-05-20");
        if (spent && n != (size_t)-1) _exit(14);
        spent |= n == (size_t)-1;
        for (size_t i = 0; !spent && i < n; i++)
            if (!rt_engine_decision(e, i) || !strlen(rt_engine_decision(e, i)->json)) _exit(15);
    }
    rt_engine_free(e);
    rt_set_allocator(NULL, NULL);
    if (live) _exit(16);
    return budget >= 0;
}

/* Inside feed, end and decide, memory running out must not end the program the library is
 * linked into either: the call returns -1 and frees what it had begun (docs/library.md). */
static bool library_calls_say_so(const char *path)
{
    FILE *f = fopen(path, "rb");
    static char text[1 << 20];
    size_t len = f ? fread(text, 1, sizeof text, f) : 0;
    if (f) fclose(f);
    if (!len || len == sizeof text) {
        printf("FAIL library: cannot read %s whole\n", path);
        return false;
    }
    long k;
    for (k = 0; k < 100000; k++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) _exit(library_run(text, len, k) ? 1 : 0);
        int status;
        waitpid(pid, &status, 0);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 1) break;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            printf("FAIL library, allocation %ld: %s %d\n", k, WIFEXITED(status) ? "exit" : "signal",
                   WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
            return false;
        }
    }
    printf("alloc: the library's calls failed each of the first %ld allocations in turn\n", k);
    return k > 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: test-alloc EVENTS.jsonl\n", stderr);
        return 2;
    }
    char *run[] = {"alloc-complaints", "eval", "--as-of", "2024-05-20", argv[1], NULL};
    int crashes = 0;
    long k;
    for (k = 0; k < 100000; k++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(4);
            budget = k;
            rt_set_allocator(failing_realloc, NULL);
            _exit(rt_main(&THE_POLICY, 5, run));
        }
        int status;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || (WEXITSTATUS(status) > 1 && WEXITSTATUS(status) != 3)) {
            printf("FAIL allocation %ld: %s %d\n", k, WIFEXITED(status) ? "exit" : "signal",
                   WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
            crashes++;
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) <= 1) break; /* enough memory: done */
    }
    printf("alloc: failed each of the first %ld allocations in turn; %d unclean endings\n", k,
           crashes);
    bool library = library_new_says_null();
    return crashes != 0 || !library_calls_say_so(argv[1]) || !library;
}
