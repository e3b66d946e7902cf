/* test-alloc.c: makes the runtime's allocation hook fail at every allocation in turn while
 * an engine evaluates a log; each run must end cleanly (status 0, 1 or 3), never crash. */
#define _POSIX_C_SOURCE 200809L
#include "redress.h"
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

static rt_tri always(const rt_case *c, const void *ctx)
{
    (void)c, (void)ctx;
    return RT_FALSE;
}

static const rt_fact_desc facts[] = {{"anonymous", RT_T_BOOL, NULL, 0, -1}};
static const rt_refusal_desc refusals[] = {{"never", "never", "1", NULL, "no", always, NULL}};
static const rt_duty_desc duties[] = {
    {RT_DUTY_ACKNOWLEDGE, 2, RT_WORKING_DAYS, RT_ANCHOR_RECEIPT, "1", NULL},
    {RT_DUTY_RESPOND, 10, RT_WORKING_DAYS, RT_ANCHOR_ACK, "2", NULL}};
static const rt_stage_desc stages[] = {
    {"stage1", "Stage 1", NULL, NULL, RT_ENTRY_RECEIPT, 0, RT_DAYS, "1", NULL, duties, 2},
    {"stage2", "Stage 2", NULL, NULL, RT_ENTRY_REQUEST, 10, RT_DAYS, "3", NULL, duties, 2}};
static const rt_policy policy = {
    .id = "alloc", .organisation = "Test", .document = "", .doc_version = "", .issued = "",
    .revised = "", .source_file = "alloc.policy", .source_hash = "0",
    .facts = facts, .n_facts = 1, .refusals = refusals, .n_refusals = 1,
    .stages = stages, .n_stages = 2};

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
            _exit(rt_main(&policy, 5, run));
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
    return crashes != 0;
}
