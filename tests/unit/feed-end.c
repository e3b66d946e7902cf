/* feed-end.c: a log whose last line has no newline. salix_engine_end reads that line and
 * words its rejection, which decide would read without a word; a good last line is read
 * once, by end, and decide finds its case. Built against libsalix.so by tests/bugs/043. */
#include "salix.h"
#include <stdio.h>
#include <string.h>

static int fails;

static void expect(int ok, const char *what)
{
    if (!ok) printf("FAIL %s\n", what), fails++;
}

int main(void)
{
    static const char good[] = "{\"case\":\"A\",\"type\":\"received\",\"date\":\"2024-05-01\"}\n"
                               "{\"case\":\"B\",\"type\":\"received\",\"date\":\"2024-05-02\"}";
    static const char bad[] = "{\"case\":\"A\",\"type\":\"received\",\"date\":\"2024-05-01\"}\n"
                              "{\"case\":\"B\",\"type\":\"recieved\",\"date\":\"2024-05-02\"}";
    char error[256];
    salix_engine *e = salix_engine_new();
    expect(salix_engine_feed(e, good, strlen(good), error, sizeof error) == 0, "good feed");
    expect(salix_engine_end(e, error, sizeof error) == 0 && error[0] == '\0', "good end");
    expect(salix_engine_end(e, error, sizeof error) == 0, "end again reads nothing");
    expect(salix_engine_decide(e, "2024-05-20") == 2, "both cases decided");
    salix_engine_free(e);
    e = salix_engine_new();
    expect(salix_engine_feed(e, bad, strlen(bad), error, sizeof error) == 0, "bad feed");
    expect(salix_engine_end(e, error, sizeof error) == 1, "bad end rejects the line");
    expect(!strcmp(error, "line 1: unknown event type \"recieved\"; did you mean \"received\"?"),
           "the reason, worded");
    expect(salix_engine_decide(e, "2024-05-20") == 2, "the refused line's case listed, as eval lists it");
    salix_engine_free(e);
    if (!fails) puts("ok");
    return fails != 0;
}
