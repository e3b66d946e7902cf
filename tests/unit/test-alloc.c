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
    {.kind = RT_DUTY_ACKNOWLEDGE, .n = 2, .unit = RT_WORKING_DAYS, .anchor = RT_ANCHOR_RECEIPT,
     .cite = "1", .ext_max = -1},
    {.kind = RT_DUTY_RESPOND, .n = 10, .unit = RT_WORKING_DAYS, .anchor = RT_ANCHOR_ACK,
     .cite = "2", .ext_max = 10, .ext_cite = "2"}};
static const rt_stage_desc stages[] = {
    {.id = "stage1", .title = "Stage 1", .on_receipt = true, .receipt_cite = "1",
     .duties = duties, .n_duties = 2},
    {.id = "stage2", .title = "Stage 2", .on_request = true, .window_n = 10,
     .window_unit = RT_DAYS, .request_cite = "3", .duties = duties, .n_duties = 2}};
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
