/* threads.c: two landlords' engines (libsalix.so, libsouthway.so) used from several threads
 * at once, each thread with engines of its own: every thread must get the decisions one
 * thread alone gets. Nothing in an engine is shared, so nothing needs a lock. */
#define _POSIX_C_SOURCE 200809L
#include "salix.h"
#include "southway.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *text;
    size_t len;
    size_t cut;         /* where the first feed ends: each thread cuts the log elsewhere */
    int landlord;       /* 0 salix, 1 southway */
    char *out;          /* every decision's JSON, one a line */
    size_t out_len;
} job;

static void put(job *j, const char *s)
{
    size_t n = strlen(s);
    char *more = realloc(j->out, j->out_len + n + 2);
    if (!more) abort();
    j->out = more;
    memcpy(j->out + j->out_len, s, n);
    j->out_len += n;
    j->out[j->out_len++] = '\n';
    j->out[j->out_len] = '\0';
}

/* Each landlord's calls, the same shape: new, feed twice, end, decide, free. */
#define RUN(NAME, j)                                                                       \
    do {                                                                                   \
        NAME##_engine *e = NAME##_engine_new();                                             \
        char error[200];                                                                   \
        if (!e || NAME##_engine_feed(e, j->text, j->cut, error, sizeof error) < 0 ||        \
            NAME##_engine_feed(e, j->text + j->cut, j->len - j->cut, error, sizeof error) < 0 || \
            NAME##_engine_end(e, error, sizeof error) < 0)                                  \
            abort();                                                                       \
        size_t n = NAME##_engine_decide(e, "2024-05-20");                                   \
        if (n == (size_t)-1) abort();                                                      \
        for (size_t i = 0; i < n; i++) put(j, NAME##_engine_decision(e, i)->json);          \
        NAME##_engine_free(e);                                                             \
    } while (0)

static void *run(void *arg)
{
    job *j = arg;
    for (int round = 0; round < 20; round++) {
        j->out_len = 0;
        if (j->landlord == 0) RUN(salix, j);
        else RUN(southway, j);
    }
    return NULL;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *text = malloc(1 << 20);
    *len = f && text ? fread(text, 1, 1 << 20, f) : 0;
    if (f) fclose(f);
    return text;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: threads SALIX-LOG SOUTHWAY-LOG\n", stderr);
        return 2;
    }
    enum { THREADS = 8 };
    size_t len[2];
    char *text[2] = {slurp(argv[1], &len[0]), slurp(argv[2], &len[1])};
    if (!len[0] || !len[1]) {
        fputs("threads: cannot read the logs\n", stderr);
        return 2;
    }
    job alone[2] = {{text[0], len[0], len[0], 0, NULL, 0}, {text[1], len[1], len[1], 1, NULL, 0}};
    run(&alone[0]);
    run(&alone[1]);
    job jobs[THREADS];
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        int l = i % 2;
        jobs[i] = (job){text[l], len[l], len[l] * (size_t)(i + 1) / (THREADS + 1), l, NULL, 0};
        if (pthread_create(&t[i], NULL, run, &jobs[i])) return 2;
    }
    int differ = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        const job *want = &alone[jobs[i].landlord];
        if (jobs[i].out_len != want->out_len || memcmp(jobs[i].out, want->out, want->out_len)) {
            printf("FAIL thread %d (%s): its decisions differ from one thread's alone\n", i,
                   jobs[i].landlord ? "southway" : "salix");
            differ++;
        }
        free(jobs[i].out);
    }
    printf("threads: %d threads, 20 runs each, %zu and %zu bytes of decisions\n", THREADS,
           alone[0].out_len, alone[1].out_len);
    free(alone[0].out), free(alone[1].out), free(text[0]), free(text[1]);
    return differ != 0 || !alone[0].out_len || !alone[1].out_len;
}
