/* feed-rejects.c: salix_engine_on_reject is told of every rejected line, numbered in the whole
 * log however it was cut into feeds; feed's error keeps only each call's first. Writes the log
 * to argv[1] and what it was told to standard output, for tests/run.sh to hold equal to eval's
 * errors on that file. Built against libsalix.so by tests/run.sh. */
#include "salix.h"
#include <stdio.h>
#include <string.h>

static int fails;

static void expect(int ok, const char *what)
{
    if (!ok) fprintf(stderr, "FAIL %s\n", what), fails++;
}

/* Every rejection told, a line each, as eval writes them to stderr but for the file's name. */
static char told[1024];

static void tell(void *ud, long line, const char *why)
{
    size_t n = strlen(told);
    (*(int *)ud)++;
    snprintf(told + n, sizeof told - n, "%ld: %s\n", line, why);
}

int main(int argc, char **argv)
{
    /* lines 2, 4 and 6 are bad; the last has no newline, and no end is called, so decide reads it */
    static const char log[] =
        "{\"case\":\"A\",\"type\":\"received\",\"date\":\"2024-05-01\"}\n"
        "{\"case\":\"B\",\"type\":\"recieved\",\"date\":\"2024-05-01\"}\n"
        "{\"case\":\"C\",\"type\":\"received\",\"date\":\"2024-05-01\"}\n"
        "{\"case\":\"D\",\"type\":\"received\",\"date\":\"2024-02-30\"}\n"
        "{\"case\":\"E\",\"type\":\"received\",\"date\":\"2024-05-01\"}\n"
        "{\"type\":\"received\",\"date\":\"2024-05-01\"}";
    static const char want[] =
        "2: unknown event type \"recieved\"; did you mean \"received\"?\n"
        "4: bad date \"2024-02-30\" in \"date\": want YYYY-MM-DD from 1900-01-01 to 2199-12-31\n"
        "6: missing \"case\"\n";
    const char *cut = strstr(log, "2024-02-30"); /* line 4 is split between two feeds */
    size_t first = (size_t)(cut - log), n = strlen(log);
    char error[256];
    int calls = 0;
    salix_engine *e = salix_engine_new();
    salix_engine_on_reject(e, tell, &calls);
    expect(salix_engine_feed(e, log, first, error, sizeof error) == 1, "first feed: line 2");
    expect(!strncmp(error, "line 2: unknown event type", 26), "first feed's error: its line 2");
    expect(salix_engine_feed(e, log + first, n - first, error, sizeof error) == 1,
           "second feed: line 4, its line 1");
    expect(!strncmp(error, "line 1: bad date", 16), "second feed's error: counted in the feed");
    expect(salix_engine_decide(e, "2024-05-20") == 5, "five cases");
    const redress_decision *a = salix_engine_decision(e, 0), *b = salix_engine_decision(e, 1);
    expect(a && b && a->case_len == 1 && *a->case_id == 'A' && a->n_notes == 0 &&
               !a->lines_refused,
           "A, all of whose lines were read, has no note and no flag");
    expect(b && b->case_len == 1 && *b->case_id == 'B' && b->n_notes == 2 &&
               strstr(b->notes[1], "a line of this case was refused as bad input") &&
               b->lines_refused == 1,
           "B, whose line was refused, says so, in a note and in lines_refused");
    expect(calls == 3, "told three times");
    expect(!strcmp(told, want), "told of lines 2, 4 and 6, numbered in the whole log");
    fputs(told, stdout);
    salix_engine_on_reject(e, NULL, NULL); /* no more telling */
    expect(salix_engine_feed(e, "{\"case\":1}\n", 11, error, sizeof error) == 1 && calls == 3,
           "NULL stops it");
    salix_engine_free(e);
    FILE *f = argc > 1 ? fopen(argv[1], "w") : NULL;
    expect(f && fwrite(log, 1, n, f) == n && !fclose(f), "the log written");
    return fails != 0;
}
