/* two_landlords.c: two landlords' complaints engines in one program, through their C APIs
 * (libsalix.so and libsouthway.so from `redressc build --library`). Reads an event log for
 * each, decides every case as of a date, and prints each decision twice: from the structs,
 * and as its SPEC JSON line. */
#include "salix.h"
#include "southway.h"
#include <stdio.h>
#include <stdlib.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    *len = text ? fread(text, 1, (size_t)n, f) : 0;
    fclose(f);
    return text;
}

static void show(const char *landlord, const redress_decision *d, FILE *summary, FILE *json)
{
    fprintf(summary, "%s %.*s %s %s", landlord, (int)d->case_len, d->case_id, d->status,
            d->stage ? d->stage : "-");
    for (size_t i = 0; i < d->n_duties; i++)
        fprintf(summary, " %s.%s=%s:%s", d->duties[i].stage, d->duties[i].duty, d->duties[i].due,
                d->duties[i].status);
    if (d->refusal_rule) fprintf(summary, " refused:%s", d->refusal_rule);
    fputc('\n', summary);
    fprintf(json, "%s\n", d->json);
}

static void rejected(void *path, long line, const char *why)
{
    fprintf(stderr, "%s:%ld: error: %s\n", (const char *)path, line, why);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: two_landlords AS-OF SALIX-LOG SOUTHWAY-LOG JSON-OUT\n");
        return 2;
    }
    size_t n1, n2;
    char *log1 = slurp(argv[2], &n1), *log2 = slurp(argv[3], &n2);
    FILE *json = fopen(argv[4], "w");
    if (!log1 || !log2 || !json) {
        fprintf(stderr, "two_landlords: cannot read the logs or write %s\n", argv[4]);
        return 2;
    }
    salix_engine *a = salix_engine_new();
    southway_engine *b = southway_engine_new();
    if (!a || !b) {
        fputs("two_landlords: out of memory\n", stderr);
        return 3;
    }
    /* every rejected line, as eval reports it: FILE:LINE: error: WHY */
    salix_engine_on_reject(a, rejected, argv[2]);
    southway_engine_on_reject(b, rejected, argv[3]);
    char error[256];
    /* the logs are whole once fed: end reads a last line with no newline */
    if (salix_engine_feed(a, log1, n1, error, sizeof error) < 0 ||
        southway_engine_feed(b, log2, n2, error, sizeof error) < 0 ||
        salix_engine_end(a, error, sizeof error) < 0 || southway_engine_end(b, error, sizeof error) < 0) {
        fprintf(stderr, "two_landlords: %s\n", error);
        return 3;
    }
    size_t na = salix_engine_decide(a, argv[1]), nb = southway_engine_decide(b, argv[1]);
    for (size_t i = 0; i < na; i++) show("salix", salix_engine_decision(a, i), stdout, json);
    for (size_t i = 0; i < nb; i++) show("southway", southway_engine_decision(b, i), stdout, json);
    salix_engine_free(a);
    southway_engine_free(b);
    fclose(json);
    free(log1);
    free(log2);
    return 0;
}
