/* test-alloc.c: makes the runtime's allocation hook fail at every allocation in turn while
 * an engine evaluates a log; each run must end cleanly (status 0, 1 or 3), never crash. */
#define _POSIX_C_SOURCE 200809L
#include "redress.h"
#include "tiny-policy.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static long budget;

static void *failing_realloc(void *p, size_t n, void *ud)
{
    (void)ud;
    if (n == 0) {
        free(p);
        return NULL;
    }
    if (budget-- <= 0) return NULL;
    return realloc(p, n);
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
            rt_engine *e = rt_engine_new(&tiny_policy);
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
            _exit(rt_main(&tiny_policy, 5, run));
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
    return crashes != 0 || !library_new_says_null();
}
