/* test-read.c: a log read from a stream whose read fails is said to have failed (the errno
 * rt_log_read returns), not taken for the stream's end; one read to its end returns 0. */
#define _POSIX_C_SOURCE 200809L
#include "rt_internal.h"
#include <errno.h>
#include <stdlib.h>

#include "tiny-policy.h"

static void quiet(void *ud, const char *file, long line, const char *why)
{
    (void)ud, (void)file, (void)line, (void)why;
}

/* The errno rt_log_read gives for f, and the events it read. */
static int read_from(FILE *f, long *events)
{
    rt_log lg = {.p = &tiny_policy, .cal = rt_policy_calendar(&tiny_policy), .on_error = quiet};
    int failed = rt_log_read(&lg, f, "log");
    *events = lg.n_read;
    rt_log_finish(&lg);
    rt_calendar_free(lg.cal);
    rt_log_free(&lg);
    return failed;
}

int main(void)
{
    int bad = 0;
    long events;
    FILE *folder = fopen(".", "rb"); /* opens; every read then fails with EISDIR */
    if (!folder) return perror("."), 2;
    int failed = read_from(folder, &events);
    fclose(folder);
    if (failed != EISDIR) printf("FAIL: a folder read as a log gave %d, not EISDIR\n", failed), bad = 1;
    FILE *f = tmpfile();
    if (!f) return perror("tmpfile"), 2;
    fputs("{\"case\":\"A\",\"type\":\"received\",\"date\":\"2024-05-01\"}\n"
          "{\"case\":\"A\",\"type\":\"acknowledged\",\"date\":\"2024-05-02\"}\n", f);
    rewind(f);
    failed = read_from(f, &events);
    fclose(f);
    if (failed || events != 2) printf("FAIL: a file read to its end gave %d, %ld events\n", failed, events), bad = 1;
    if (!bad) printf("read: a failed read is said; a whole one is not\n");
    return bad;
}
