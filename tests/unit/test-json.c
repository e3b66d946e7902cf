/* test-json.c: the event reader's JSON parser against JSONTestSuite: every y_ file is
 * accepted, every n_ file rejected, and no file at all (i_ included) crashes it; then
 * rt_json_int and rt_json_plain_run at their edges. */
#define _POSIX_C_SOURCE 200809L
#include "rt_internal.h"
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    *n = fread(buf, 1, (size_t)len, f);
    fclose(f);
    return buf;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* --lines FILE: every line of FILE is one valid JSON object (the engine's output). */
static int check_lines(const char *path)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text) {
        perror(path);
        return 2;
    }
    int bad = 0, line = 0;
    for (size_t start = 0; start < len;) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        line++;
        rt_arena a = {0};
        const char *err = NULL;
        size_t col = 0;
        js_value *v = rt_json_parse(&a, text + start, end - start, &err, &col);
        if (!v || v->kind != JS_OBJECT) {
            printf("%s:%d: not a JSON object: %s at column %zu\n", path, line, err ? err : "", col);
            bad++;
        }
        rt_arena_reset(&a);
        start = end + 1;
    }
    free(text);
    return bad != 0;
}

/* rt_json_int at the edges of int64_t: what a money or count fact may hold. */
static int check_ints(void)
{
    static const struct {
        const char *text;
        bool ok;
        int64_t want;
    } cases[] = {
        {"0", true, 0}, {"-0", true, 0}, {"7", true, 7}, {"-42", true, -42},
        {"9223372036854775807", true, INT64_MAX}, {"-9223372036854775807", true, -INT64_MAX},
        {"9223372036854775808", false, 0}, {"-9223372036854775808", false, 0},
        {"9999999999999999999", false, 0}, {"18446744073709551615", false, 0},
        {"18446744073709551616", false, 0}, {"99999999999999999999", false, 0},
        {"1000000000000000000", true, 1000000000000000000}, {"1.5", false, 0},
        {"1e3", false, 0}, {"10E2", false, 0}, {"-", false, 0}};
    int failed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        js_value v = {.kind = JS_NUMBER, .s = cases[i].text, .len = strlen(cases[i].text)};
        int64_t got = 0;
        bool ok = rt_json_int(&v, &got);
        if (ok != cases[i].ok || (ok && got != cases[i].want)) {
            printf("FAIL rt_json_int(%s): %s %lld\n", cases[i].text, ok ? "took" : "refused",
                   (long long)got);
            failed++;
        }
    }
    return failed;
}

/* rt_json_plain_run against a byte at a time: every length to 40, a byte needing care (or
 * none) at every place, a second after it; each text in a block of its own size, so that
 * check-sanitize sees any read past its end. */
static int check_plain_runs(void)
{
    static const unsigned char care[] = {'"', '\\', 0x00, 0x1f, 0x7f, 0x80, 0xc3, 0xff, 'a'};
    int failed = 0;
    for (size_t n = 0; n <= 40; n++) {
        for (size_t at = 0; at <= n; at++) {
            for (size_t c = 0; c < sizeof care; c++) {
                for (int del = 0; del < 2; del++) {
                    unsigned char *s = malloc(n ? n : 1);
                    for (size_t k = 0; k < n; k++) s[k] = (unsigned char)(' ' + (k * 7) % 90 + 2);
                    for (size_t k = 0; k < n; k++) if (s[k] == '\\' || s[k] == '"') s[k] = 'x';
                    if (at < n) s[at] = care[c];
                    if (at + 3 < n) s[at + 3] = '"';
                    size_t want = 0;
                    while (want < n && (rt_json_plain[s[want]] || (del && s[want] == 0x7F))) want++;
                    size_t got = rt_json_plain_run(s, n, del);
                    if (got != want && failed++ < 10)
                        printf("FAIL rt_json_plain_run: length %zu, byte 0x%02x at %zu%s: %zu, not %zu\n",
                               n, care[c], at, del ? ", DEL plain" : "", got, want);
                    free(s);
                }
            }
        }
    }
    return failed;
}

size_t rt_utf8_seq(const unsigned char *s, size_t n);

/* A JSON string as rt_buf_json_string must write it, a byte at a time. */
static void escape_slowly(rt_buf *b, const unsigned char *s, size_t n)
{
    rt_buf_putc(b, '"');
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        size_t len = c >= 0x80 ? rt_utf8_seq(s + i, n - i) : 0;
        if (len) {
            rt_buf_put(b, s + i, len);
            i += len;
            continue;
        }
        if (c == '"' || c == '\\') rt_buf_printf(b, "\\%c", c);
        else if (c == '\b') rt_buf_puts(b, "\\b");
        else if (c == '\t') rt_buf_puts(b, "\\t");
        else if (c == '\n') rt_buf_puts(b, "\\n");
        else if (c == '\f') rt_buf_puts(b, "\\f");
        else if (c == '\r') rt_buf_puts(b, "\\r");
        else if (c < 0x20 || c == 0x7F) rt_buf_printf(b, "\\u%04x", c);
        else if (c >= 0x80) rt_buf_puts(b, "\\ufffd");
        else rt_buf_putc(b, (char)c);
        i++;
    }
    rt_buf_putc(b, '"');
}

/* rt_buf_json_string against escape_slowly: every length to 40 with a UTF-8 sequence, good
 * or bad, at every place, and a byte needing care (or none) at every place after it; each
 * text in a block of its own size. Notes hold a '§' near their end, so the writer checks the
 * bytes after one a block at a time; this covers each way a sequence meets a block. */
static int check_json_strings(void)
{
    static const char *const seqs[] = {
        "\xc2\xa7", "\xe2\x80\x93", "\xf0\x9f\x98\x80", /* good: 2, 3 and 4 bytes */
        "\xc2", "\xe2\x80", "\xa7", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff"};
    static const unsigned char care[] = {'a', '"', '\\', 0x00, 0x0a, 0x1f, 0x7f, 0xc2, 0xa7};
    int failed = 0;
    rt_buf got = {0}, want = {0};
    for (size_t n = 0; n <= 40; n++)
        for (size_t q = 0; q < sizeof seqs / sizeof *seqs; q++)
            for (size_t at = 0; at <= n; at++)
                for (size_t c = 0; c < sizeof care; c++)
                    for (size_t second = at; second <= n; second++) {
                        unsigned char *s = malloc(n ? n : 1);
                        for (size_t k = 0; k < n; k++) s[k] = (unsigned char)('a' + k % 26);
                        size_t len = strlen(seqs[q]);
                        memcpy(s + at, seqs[q], at + len <= n ? len : n - at);
                        if (second < n) s[second] = care[c];
                        got.n = want.n = 0;
                        rt_buf_json_string(&got, (const char *)s, n);
                        escape_slowly(&want, s, n);
                        if ((got.n != want.n || memcmp(got.p, want.p, got.n)) && failed++ < 10)
                            printf("FAIL rt_buf_json_string: length %zu, sequence %zu at %zu, byte "
                                   "0x%02x at %zu: %.*s, not %.*s\n", n, q, at, care[c], second,
                                   (int)got.n, got.p, (int)want.n, want.p);
                        free(s);
                    }
    rt_buf_free(&got);
    rt_buf_free(&want);
    return failed;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--lines")) return check_lines(argv[2]);
    if (argc != 2) {
        fputs("usage: test-json DIR | test-json --lines FILE\n", stderr);
        return 2;
    }
    DIR *dir = opendir(argv[1]);
    if (!dir) {
        perror(argv[1]);
        return 2;
    }
    char *names[1024];
    int n = 0;
    for (struct dirent *e; (e = readdir(dir)) && n < 1024;)
        if (strstr(e->d_name, ".json")) names[n++] = strdup(e->d_name);
    closedir(dir);
    qsort(names, (size_t)n, sizeof *names, by_name);
    int failed = 0, y = 0, no = 0, i_files = 0;
    for (int k = 0; k < n; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[1], names[k]);
        size_t len;
        char *text = slurp(path, &len);
        rt_arena a = {0};
        const char *err = NULL;
        size_t col;
        bool ok = text && rt_json_parse(&a, text, len, &err, &col) != NULL;
        char kind = names[k][0];
        if ((kind == 'y' && !ok) || (kind == 'n' && ok)) {
            printf("FAIL %s: %s\n", names[k], ok ? "accepted" : err);
            failed++;
        }
        y += kind == 'y';
        no += kind == 'n';
        i_files += kind == 'i';
        rt_arena_reset(&a);
        free(text);
        free(names[k]);
    }
    failed += check_ints();
    failed += check_plain_runs();
    failed += check_json_strings();
    printf("json: %d y_ accepted, %d n_ rejected, %d i_ survived; %d wrong\n", y, no, i_files,
           failed);
    return failed != 0 || n == 0;
}
