/* feed-in-pieces.c: a log fed to the library in pieces of N bytes, cut anywhere (within a
 * line, a CSV header, a quoted field), gives the decisions of the log fed whole: the lines
 * `eval` prints. Built against libsalix.so by tests/run.sh. Usage: AS_OF LOG N */
#include "salix.h"
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 4) return fputs("usage: feed-in-pieces AS_OF LOG N\n", stderr), 2;
    FILE *f = fopen(argv[2], "rb");
    if (!f) return perror(argv[2]), 2;
    size_t piece = (size_t)atol(argv[3]), got;
    char *buf = malloc(piece ? piece : 1), error[256];
    salix_engine *e = salix_engine_new();
    if (!buf || !e || !piece) return 2;
    int rejected = salix_engine_feed(e, NULL, 0, error, sizeof error); /* nothing: nothing read */
    while ((got = fread(buf, 1, piece, f)) > 0) {
        rejected += salix_engine_feed(e, buf, got, error, sizeof error);
        rejected += salix_engine_feed(e, buf, 0, error, sizeof error);
    }
    fclose(f);
    size_t n = salix_engine_decide(e, argv[1]);
    for (size_t i = 0; i < n; i++) puts(salix_engine_decision(e, i)->json);
    salix_engine_free(e);
    free(buf);
    return rejected ? 1 : 0;
}
