/* main.c: the redressc driver. The passes, top to bottom: read the file, lex and parse
 * (front_parse), check names and types (check_policy), emit C (emit_c), compile and test. */
#define _XOPEN_SOURCE 700
#include "ast.h"
#include "audit.h"
#include "card.h"
#include "check.h"
#include "conform.h"
#include "diag.h"
#include "diff.h"
#include "difftest.h"
#include "emit.h"
#include "gen.h"
#include "graph.h"
#include "extern.h"
#include "fmt.h"
#include "front.h"
#include "lower.h"
#include "verify.h"
#include "redress.h"
#include "sha256.h"
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

typedef struct {
    arena arena;
    diag diag;
    char *src;
    size_t len;
    bool bom;               /* the file began with a UTF-8 byte order mark, taken off src */
    ast_policy *P;
    char hash[65];
    const char *base;       /* the file's name without directories, for generated output */
    const char *dir;        /* its folder, which extern libraries are found from */
} unit;

static rt_policy *interpret(unit *u);

static const char usage_text[] =
    "usage: redressc check POLICY [--coverage]\n"
    "       redressc emit-c POLICY [-o FILE.c]\n"
    "       redressc build POLICY [-o ENGINE] [--keep-c FILE.c]\n"
    "       redressc build POLICY --library [-o DIR]\n"
    "       redressc test POLICY [--compiled]\n"
    "       redressc run POLICY [--as-of D] [--format jsonl|table|csv] [--grouped] [--quiet] [FILE...]\n"
    "       redressc gen POLICY [--cases N] [--seed S] [--format jsonl|csv]\n"
    "       redressc difftest POLICY --engine ENGINE [--cases N] [--seed S]\n"
    "       redressc audit POLICY --document TEXT [--format json]\n"
    "       redressc conform POLICY --baseline POLICY [--format json]\n"
    "       redressc diff OLD NEW [--format json]\n"
    "       redressc render POLICY [--format markdown|html] [-o FILE]\n"
    "       redressc graph POLICY [-o FILE.dot]\n"
    "       redressc fmt POLICY [-o FILE] | fmt --check POLICY...\n"
    "       redressc --version | --help\n"
    "\n"
    "check    report every error and warning in a policy file (exit 1 on errors);\n"
    "         --coverage also lists which rules the policy's scenarios reach\n"
    "emit-c   write the policy as C for the runtime\n"
    "build    compile and link the engine, then run the policy's scenarios against it;\n"
    "         a failing scenario fails the build and removes the engine; --library\n"
    "         makes DIR/libNAME.so and DIR/NAME.h instead (DIR is made if\n"
    "         missing; docs/library.md)\n"
    "run      evaluate event logs in the interpreter, without a C compiler, as an\n"
    "         engine's eval does them: the same options, and the same decisions, byte\n"
    "         for byte\n"
    "gen      a random, valid event log for the policy, the same for the same seed;\n"
    "         JSON Lines, or CSV with --format csv\n"
    "difftest the interpreter against a compiled engine on generated logs; prints the\n"
    "         smallest log that shows any difference\n"
    "audit    check a policy against the published document it cites (exit 1 on findings)\n"
    "conform  compare a policy with a baseline, such as policies/hoc2024.policy\n"
    "diff     what changed between two policies; either may be an engine's\n"
    "         `explain --json`, saved to a file or piped in as -\n"
    "render   the policy as a card to read beside its document: every rule with the\n"
    "         paragraphs it cites, as Markdown or as one self-contained HTML page\n"
    "graph    the stages, the ways into each and out of the procedure, as Graphviz DOT\n"
    "fmt      the policy laid out the one way: statements at their block's depth, lines\n"
    "         continuing them one deeper, single spaces; -o FILE (which may be POLICY)\n"
    "         rewrites it; --check names, in each file, the first line laid out\n"
    "         otherwise (exit 1); POLICY - is standard input\n"
    "test     run the policy's scenarios in the interpreter, or with --compiled through\n"
    "         an engine built in a scratch folder\n"
    "\n"
    "Set CC to choose the C compiler and REDRESS_CFLAGS to add flags to the build; build,\n"
    "test --compiled and difftest work in a scratch folder in $TMPDIR (else /tmp).\n";

static int usage(FILE *out, int status)
{
    fputs(usage_text, out);
    return status;
}

/* Misuse of one command: why, then that command's lines of the usage. */
static int misuse(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int misuse(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("redressc: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    size_t n = strlen(cmd);
    const char *head = "usage: ";
    for (const char *line = usage_text; *line && *line != '\n';) {
        const char *end = strchr(line, '\n'), *r = strstr(line, "redressc ");
        if (r && r < end && !strncmp(r + 9, cmd, n) && r[9 + n] == ' ') {
            fprintf(stderr, "%s%.*s\n", head, (int)(end - r), r);
            head = "       ";
        }
        line = end + 1;
    }
    fputs("(redressc --help says more)\n", stderr);
    return 2;
}

/* The whole of a file, or of standard input when path is "-" (fmt's, for editors). */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) return NULL;
    size_t cap = 65536, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger) free(buf);
            buf = bigger;
        }
    }
    int failed = ferror(f) ? errno : 0; /* a folder opens, and then fails to read (EISDIR) */
    if (f != stdin) fclose(f);
    if (!buf) {
        fputs("redressc: out of memory\n", stderr);
        exit(3);
    }
    if (failed) {
        free(buf);
        errno = failed;
        return NULL;
    }
    *len = n;
    return buf;
}

/* Whether text, past blanks and a byte order mark, opens a JSON object: an engine's
 * explain --json, which a policy never begins with. */
static bool opens_object(const char *text, size_t len)
{
    rt_skip_bom(&text, &len);
    while (len && (*text == ' ' || *text == '\t' || *text == '\r' || *text == '\n')) text++, len--;
    return len && *text == '{';
}

/* The policy in u->src (u->len bytes, read from path), parsed and, if check, checked. */
static int parse_policy(unit *u, const char *path, bool check)
{
    if (!strcmp(path, "-")) path = "<stdin>";
    const char *slash = strrchr(path, '/');
    u->base = slash ? slash + 1 : path;
    u->dir = slash ? arena_strndup(&u->arena, path, (size_t)(slash - path)) : ".";
    sha256_hex(u->src, u->len, u->hash); /* of the file as it is, as sha256sum gives it */
    if (rt_utf16(u->src, u->len)) { /* Notepad's "Unicode": not one word would read */
        fprintf(stderr, "%s:1:1: error: the file is UTF-16 (it begins with a UTF-16 byte order "
                        "mark), where a policy is UTF-8; save it as UTF-8\n1 error in %s\n",
                path, path);
        return 1;
    }
    if (opens_object(u->src, u->len)) { /* else one error a token, each line shown whole */
        fprintf(stderr, "%s:1:1: error: this is JSON, not a policy file (an engine's `explain "
                        "--json`? redressc diff compares those with policies)\n1 error in %s\n",
                path, path);
        return 1;
    }
    const char *text = u->src;
    rt_skip_bom(&text, &u->len); /* as Notepad saves UTF-8 */
    if ((u->bom = text != u->src)) memmove(u->src, text, u->len);
    diag_init(&u->diag, path, u->src, u->len, stderr);
    u->P = front_parse(&u->arena, &u->diag, path, u->src, u->len);
    if (check && !u->diag.errors) check_policy(u->P);
    if (check && !u->diag.errors) verify_policy(u->P);
    if (u->diag.errors)
        fprintf(stderr, "%d error%s in %s\n", u->diag.errors, u->diag.errors == 1 ? "" : "s", path);
    return u->diag.errors ? 1 : 0;
}

/* Lex and parse one policy file, then (when check) check it; returns 0, 1 (errors in it) or
 * 2 (cannot read it). */
static int read_policy(unit *u, const char *path, bool check)
{
    u->src = read_file(path, &u->len);
    if (!u->src) {
        fprintf(stderr, "redressc: error: cannot read %s: %s\n", path, strerror(errno));
        return 2;
    }
    return parse_policy(u, path, check);
}

static int load(unit *u, const char *path) { return read_policy(u, path, true); }

static void unload(unit *u)
{
    arena_free(&u->arena);
    free(u->src);
}

/* Finds the runtime beside this executable: the build tree (bin/../runtime, bin/../build)
 * or an installed prefix (bin/../include/redress, bin/../lib/redress), unless
 * REDRESS_INCLUDE and REDRESS_LIB say where. */
static bool find_runtime(char *inc, char *lib, size_t n)
{
    if (getenv("REDRESS_INCLUDE") && getenv("REDRESS_LIB")) { /* set by the Makefile */
        snprintf(inc, n, "%s", getenv("REDRESS_INCLUDE"));
        snprintf(lib, n, "%s", getenv("REDRESS_LIB"));
        return true;
    }
    char exe[2048];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k <= 0) return false;
    exe[k] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return false;
    *slash = '\0';
    struct stat st;
    snprintf(inc, n, "%s/../runtime", exe);
    snprintf(lib, n, "%s/../build/libredress.a", exe);
    char probe[4200];
    snprintf(probe, sizeof probe, "%s/redress.h", inc);
    if (stat(probe, &st) == 0 && stat(lib, &st) == 0) return true;
    snprintf(inc, n, "%s/../include/redress", exe);
    snprintf(lib, n, "%s/../lib/redress/libredress.a", exe);
    snprintf(probe, sizeof probe, "%s/redress.h", inc);
    return stat(probe, &st) == 0 && stat(lib, &st) == 0;
}

/* Runs argv without a shell; stdout goes to out_path when given. Returns the exit status. */
static int run(char **argv, const char *out_path)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (out_path)
        posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        fprintf(stderr, "redressc: error: cannot run %s: %s\n", argv[0], strerror(rc));
        return 127;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return 127;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* Closes a file written, true when every byte of it was: a write that failed before the last
 * (a full disk) leaves the stream's error set, which fclose alone does not report. */
static bool closed_ok(FILE *f)
{
    bool bad = ferror(f) != 0;
    return !(fclose(f) != 0 || bad);
}

/* What emit-c, render and graph write, to standard output or to the file -o names. */
typedef enum { OUT_C, OUT_MARKDOWN, OUT_HTML, OUT_DOT } out_kind;

static int write_out(unit *u, const char *path, out_kind kind)
{
    FILE *f = path ? fopen(path, "w") : stdout;
    if (!f) {
        fprintf(stderr, "redressc: error: cannot write %s: %s\n", path, strerror(errno));
        return 2;
    }
    if (kind == OUT_C) emit_c(f, u->P, u->base, u->hash);
    else if (kind == OUT_DOT) graph_write(u->P, u->base, u->hash, f);
    else card_render(u->P, u->base, u->hash, kind == OUT_HTML, f);
    if (path && !closed_ok(f)) {
        fprintf(stderr, "redressc: error: cannot write %s\n", path);
        return 2;
    }
    return 0;
}

static void print_file(const char *path, FILE *to)
{
    FILE *f = fopen(path, "r");
    if (!f) return;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, n, to);
    fclose(f);
}

/* Room for a compiler's command line: its fixed words, every word of REDRESS_CFLAGS (extra),
 * and two for each extern library, with the NULL that ends it. In u's arena. */
static char **argv_room(unit *u, size_t fixed, const char *extra)
{
    size_t words = 1;
    if (!extra) rt_out_of_memory(); /* the strdup of it */
    for (const char *c = extra; *c; c++) words += *c == ' ';
    for (ast_extern *x = u->P->externs; x; x = x->next) words += 2;
    return arena_alloc(&u->arena, (fixed + words + 1) * sizeof(char *));
}

/* Compiles the C at c_path into exe, then runs its scenarios; on a failing scenario the
 * engine is removed so nothing half-right is left installed. */
static int compile_and_test(unit *u, const char *c_path, const char *exe, const char *scratch,
                            bool show)
{
    char inc[4096], lib[4096], inc_flag[4200];
    if (!find_runtime(inc, lib, sizeof inc)) {
        fputs("redressc: error: cannot find the runtime (redress.h and libredress.a) beside "
              "this redressc\n", stderr);
        return 2;
    }
    snprintf(inc_flag, sizeof inc_flag, "-I%s", inc);
    const char *cc = getenv("CC");
    char *extra = strdup(getenv("REDRESS_CFLAGS") ? getenv("REDRESS_CFLAGS") : "");
    char **argv = argv_room(u, 11, extra);
    int n = 0;
    argv[n++] = (char *)(cc && *cc ? cc : "cc");
    argv[n++] = "-std=c11";
    argv[n++] = "-O2";
    argv[n++] = "-Wall";
    argv[n++] = "-Wextra";
    argv[n++] = "-pedantic";
    argv[n++] = inc_flag;
    argv[n++] = (char *)c_path;
    argv[n++] = lib;
    argv[n++] = "-o";
    argv[n++] = (char *)exe;
    for (char *t = strtok(extra, " "); t; t = strtok(NULL, " ")) argv[n++] = t;
    /* Extern libraries are linked by path, and found again at run time through an rpath. */
    for (ast_extern *x = u->P->externs; x; x = x->next) {
        char *lib = realpath(ext_library_path(u->P, x, u->dir), NULL);
        if (!lib) {
            fprintf(stderr, "redressc: error: cannot find library %s for extern '%s'\n",
                    ext_library_path(u->P, x, u->dir), x->name);
            free(extra);
            return 1;
        }
        argv[n++] = arena_strndup(&u->arena, lib, strlen(lib));
        *strrchr(lib, '/') = '\0';
        argv[n++] = arena_printf(&u->arena, "-Wl,-rpath,%s", lib);
        free(lib);
    }
    argv[n] = NULL;
    int rc = run(argv, NULL);
    free(extra);
    if (rc != 0) {
        fprintf(stderr, "redressc: error: the C compiler failed (status %d)\n", rc);
        return 1;
    }
    char log[4200];
    snprintf(log, sizeof log, "%s/scenarios.log", scratch);
    /* By a path with a slash: a bare name would be looked for on PATH, which may hold
     * another engine of that name, or none. */
    char here[4200 + 2];
    snprintf(here, sizeof here, "%s%s", strchr(exe, '/') ? "" : "./", exe);
    char *test_argv[] = {here, "test", NULL};
    rc = run(test_argv, show ? NULL : log);
    if (rc != 0 && !show) {
        print_file(log, stderr);
        fprintf(stderr, "redressc: error: scenarios failed; %s removed\n", exe);
        unlink(exe);
    }
    unlink(log);
    return rc ? 1 : 0;
}

static int cmd_build(unit *u, const char *out, const char *keep_c, bool test_only)
{
    char scratch[4096];
    snprintf(scratch, sizeof scratch, "%s/redressc-XXXXXX", rt_tmp_dir());
    if (!mkdtemp(scratch)) {
        fprintf(stderr, "redressc: error: cannot make a scratch folder: %s\n", strerror(errno));
        return 2;
    }
    char c_path[4200], exe[4200];
    snprintf(c_path, sizeof c_path, "%s/%s.c", scratch, u->P->id.text);
    if (keep_c) snprintf(c_path, sizeof c_path, "%s", keep_c);
    if (test_only || !out) snprintf(exe, sizeof exe, "%s/%s-complaints", scratch, u->P->id.text);
    if (!test_only && !out) snprintf(exe, sizeof exe, "%s-complaints", u->P->id.text);
    if (out && !test_only) snprintf(exe, sizeof exe, "%s", out);
    int rc = write_out(u, c_path, OUT_C);
    if (rc == 0) rc = compile_and_test(u, c_path, exe, scratch, test_only);
    if (!keep_c) unlink(c_path);
    if (test_only) unlink(exe);
    rmdir(scratch);
    return rc;
}

/* Makes the folder at path, and those above it, where they are missing (mkdir -p): build
 * --library -o DIR names a folder to put the library in, which need not exist yet. */
static bool make_folders(const char *path)
{
    char buf[PATH_MAX];
    size_t n = strlen(path);
    if (n >= sizeof buf) {
        errno = ENAMETOOLONG;
        return false;
    }
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0') continue;
        char keep = buf[i];
        buf[i] = '\0';
        struct stat st;
        if (mkdir(buf, 0777) && errno != EEXIST) return false;
        if (stat(buf, &st) || !S_ISDIR(st.st_mode)) {
            if (!errno || errno == EEXIST) errno = ENOTDIR;
            return false;
        }
        buf[i] = keep;
    }
    return true;
}

/* build --library: DIR/libNAME.so and DIR/NAME.h, after the scenarios pass in the interpreter
 * (the library runs the same runtime code). */
static int cmd_library(unit *u, const char *dir)
{
    rt_policy *p = interpret(u);
    if (!p) return 1;
    FILE *sink = fopen("/dev/null", "w");
    int failed = rt_run_scenarios(p, sink ? sink : stdout);
    if (sink) fclose(sink);
    if (failed) {
        rt_run_scenarios(p, stderr);
        fprintf(stderr, "redressc: error: scenarios failed; no library built\n");
        return 1;
    }
    char inc[4096], lib[4096];
    if (!find_runtime(inc, lib, sizeof inc)) {
        fputs("redressc: error: cannot find the runtime beside this redressc\n", stderr);
        return 2;
    }
    char *slash = strrchr(lib, '/');
    const char *pic = arena_printf(&u->arena, "%.*s/libredress-pic.a",
                                   slash ? (int)(slash - lib) : 1, slash ? lib : ".");
    if (!make_folders(dir)) {
        fprintf(stderr, "redressc: error: cannot make the folder %s: %s\n", dir, strerror(errno));
        return 2;
    }
    const char *c_path = arena_printf(&u->arena, "%s/%s-engine.c", dir, u->P->id.text);
    const char *h_path = arena_printf(&u->arena, "%s/%s.h", dir, u->P->id.text);
    const char *so_path = arena_printf(&u->arena, "%s/lib%s.so", dir, u->P->id.text);
    FILE *c = fopen(c_path, "w"), *h = fopen(h_path, "w");
    if (!c || !h) {
        fprintf(stderr, "redressc: error: cannot write in %s: %s\n", dir, strerror(errno));
        if (c) fclose(c);
        if (h) fclose(h);
        return 2;
    }
    emit_c_as(c, u->P, u->base, u->hash, true);
    emit_header(h, u->P, u->base);
    bool c_ok = closed_ok(c), h_ok = closed_ok(h);
    if (!c_ok || !h_ok) {
        fprintf(stderr, "redressc: error: cannot write %s\n", c_ok ? h_path : c_path);
        unlink(c_path);
        return 2;
    }
    const char *cc = getenv("CC");
    char *extra = strdup(getenv("REDRESS_CFLAGS") ? getenv("REDRESS_CFLAGS") : "");
    char **argv = argv_room(u, 14, extra);
    int n = 0;
    argv[n++] = (char *)(cc && *cc ? cc : "cc");
    const char *flags[] = {"-std=c11", "-O2", "-Wall", "-Wextra", "-pedantic", "-fPIC", "-shared",
                           "-fvisibility=hidden"};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) argv[n++] = (char *)flags[i];
    argv[n++] = arena_printf(&u->arena, "-I%s", inc);
    argv[n++] = (char *)c_path;
    argv[n++] = (char *)pic;
    argv[n++] = "-o";
    argv[n++] = (char *)so_path;
    for (char *t = strtok(extra, " "); t; t = strtok(NULL, " ")) argv[n++] = t;
    argv[n] = NULL;
    int rc = run(argv, NULL);
    free(extra);
    unlink(c_path);
    if (rc) fprintf(stderr, "redressc: error: the C compiler failed (status %d)\n", rc);
    return rc ? 1 : 0;
}

static int cmd_conform(unit *u, const char *baseline, bool json)
{
    unit b = {0};
    int rc = load(&b, baseline);
    if (rc == 0) rc = conform_policy(u->P, b.P, json, stdout);
    unload(&b);
    return rc;
}

/* A side of a diff: a policy file, lowered and explained as its engine would explain it,
 * or the saved output of an engine's explain --json. */
static js_value *diff_side(const char *path, unit *u, rt_arena *a)
{
    size_t len;
    char *text = read_file(path, &len); /* "-": standard input, read once */
    rt_buf b = {0};
    if (!text) {
        fprintf(stderr, "redressc: error: cannot read %s: %s\n", path, strerror(errno));
        return NULL;
    }
    if (!opens_object(text, len)) { /* a policy, whatever its name: its explain --json */
        u->src = text, u->len = len;
        if (parse_policy(u, path, true) != 0) return NULL;
        rt_explain_json(lower_policy(u->P, u->base, u->hash), &b);
        text = b.p;
        len = b.n;
    }
    const char *err;
    size_t col;
    js_value *v = rt_json_parse(a, text, len, &err, &col);
    if (!v) fprintf(stderr, "redressc: error: %s: invalid JSON at column %zu: %s\n", path, col, err);
    if (b.p) rt_buf_free(&b); /* the policy's own text is u's, freed by unload */
    else free(text);
    return v;
}

static int cmd_diff(const char *old_path, const char *new_path, bool json)
{
    unit uo = {0}, un = {0};
    rt_arena a = {0};
    js_value *o = diff_side(old_path, &uo, &a), *n = o ? diff_side(new_path, &un, &a) : NULL;
    int rc = o && n ? diff_models(strcmp(old_path, "-") ? old_path : "<stdin>", o,
                                  strcmp(new_path, "-") ? new_path : "<stdin>", n, json, stdout)
                    : 2;
    if (o && !n && un.diag.errors) rc = 1;
    if (!o && uo.diag.errors) rc = 1;
    rt_arena_reset(&a);
    unload(&uo);
    unload(&un);
    return rc;
}

/* check: the passes load() ran, plus the scenarios run for coverage. A failing scenario is
 * the business of test and build; check only reports what the rules reach. */
static int cmd_check(unit *u, bool coverage)
{
    if (ext_load(u->P, u->dir, false))
        verify_coverage(u->P, lower_policy(u->P, u->base, u->hash), coverage, stdout);
    else if (coverage)
        fputs("coverage not measured: the policy's extern functions could not be loaded\n", stdout);
    return u->diag.errors ? 1 : 0;
}

/* The text into f, then f closed: false when any of it was not written. */
static bool put_all(FILE *f, const rt_buf *text)
{
    bool ok = f && fwrite(text->p, 1, text->n, f) == text->n;
    return f ? closed_ok(f) && ok : false;
}

/* path rewritten whole, or left as it was: the text goes to a new file beside it, which
 * then takes its place, with the old file's permissions. What is not a regular file (a
 * device, a pipe) is written to as it is. */
static bool replace_file(const char *path, const rt_buf *text)
{
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) return put_all(fopen(path, "w"), text);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.fmt-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) return false;
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, exists ? st.st_mode & 07777 : 0666 & ~mask);
    FILE *f = fdopen(fd, "w");
    if (!f) close(fd);
    if (put_all(f, text) && rename(tmp, path) == 0) return true;
    int e = errno;
    unlink(tmp);
    errno = e;
    return false;
}

/* fmt: the file laid out the one way (fmt.c), written only once the lexer is shown to give
 * the parser the same tokens from the new text as from the old. --check writes nothing and
 * names the first line that is not laid out so. */
static int cmd_fmt(const char *path, const char *out, bool check)
{
    unit u = {0};
    int rc = read_policy(&u, path, false);
    const char *name = u.diag.file; /* as read_policy names it: "<stdin>" for "-" */
    rt_buf laid = {0}, before = {0}, after = {0};
    rt_buf_puts(&laid, ""), rt_buf_puts(&before, ""), rt_buf_puts(&after, ""); /* never NULL */
    if (rc == 0) {
        fmt_policy(u.src, u.len, &laid);
        diag d;
        diag_init(&d, name, laid.p, laid.n, stderr);
        front_tokens(&u.arena, &u.diag, name, u.src, u.len, &before);
        front_tokens(&u.arena, &d, name, laid.p, laid.n, &after);
        if (before.n != after.n || memcmp(before.p, after.p, before.n)) {
            fprintf(stderr, "redressc: error: laying out %s would change what it says; it is "
                            "left as it is\n", name);
            rc = 3;
        }
    }
    if (rc == 0 && check) { /* fmt writes no byte order mark */
        size_t line = 1, i = 0;
        for (; !u.bom && i < laid.n && i < u.len && laid.p[i] == u.src[i]; i++)
            line += laid.p[i] == '\n';
        if (u.bom || i < laid.n || i < u.len) {
            printf("%s:%zu: not laid out as redressc fmt writes it\n", name, line);
            rc = 1;
        }
    } else if (rc == 0 && out && !replace_file(out, &laid)) {
        fprintf(stderr, "redressc: error: cannot write %s: %s\n", out, strerror(errno));
        rc = 2;
    } else if (rc == 0 && !out) {
        fwrite(laid.p, 1, laid.n, stdout);
    }
    rt_buf_free(&laid);
    rt_buf_free(&before);
    rt_buf_free(&after);
    unload(&u);
    return rc;
}

/* fmt POLICY [-o FILE], or fmt --check POLICY... : every file is checked, and the status is
 * the worst of theirs. "-" is standard input. */
static int cmd_fmt_files(int argc, char **argv)
{
    const char *out = NULL;
    bool check = false;
    int files = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--check")) check = true;
        else if (!strcmp(argv[i], "-o") && i + 1 < argc) out = argv[++i];
        else if (!strcmp(argv[i], "-o")) return misuse("fmt", "-o needs a value");
        else if (argv[i][0] == '-' && argv[i][1])
            return misuse("fmt", "fmt takes no option '%s'", argv[i]);
        else files++;
    }
    if (!files) return misuse("fmt", "fmt needs a policy file (- for standard input)");
    if (out && (check || files > 1))
        return misuse("fmt", "fmt -o writes one policy: give one, without --check");
    int rc = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "-o")) i++;
        else if (argv[i][0] != '-' || !argv[i][1]) {
            int r = cmd_fmt(argv[i], out, check);
            rc = r > rc ? r : rc;
        }
    }
    return rc;
}

/* The interpreter: the lowered policy, its externs loaded, run by the engine's own code. */
static rt_policy *interpret(unit *u)
{
    if (!ext_load(u->P, u->dir, true)) return NULL;
    return lower_policy(u->P, u->base, u->hash);
}

/* run's policy is its first argument that is neither an option nor an option's value, so that
 * the options may come before it, as other commands' do; -1 if there is none. */
static int run_policy_at(int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) return i + 1 < argc ? i + 1 : -1;
        if (a[0] != '-' || !a[1]) return i;
        if (rt_eval_option_valued(a)) i++;
    }
    return -1;
}

static int cmd_run(int argc, char **argv)
{
    int at = run_policy_at(argc, argv);
    if (at < 0) return misuse("run", "run needs a policy file");
    unit u = {0};
    int rc = load(&u, argv[at]);
    rt_policy *p = rc == 0 ? interpret(&u) : NULL;
    if (rc == 0 && !p) rc = 1;
    if (p) { /* the engine's own options and files: the arguments but the policy */
        char **rest = arena_alloc(&u.arena, (size_t)argc * sizeof *rest);
        int n = 0;
        for (int i = 2; i < argc; i++)
            if (i != at) rest[n++] = argv[i];
        rc = rt_eval(p, n, rest, stdout);
    }
    unload(&u);
    return rc;
}

/* ---- the command line (run and fmt read their own) ---- */

enum {
    C_CHECK = 1 << 0, C_EMIT = 1 << 1, C_BUILD = 1 << 2, C_TEST = 1 << 3, C_AUDIT = 1 << 4,
    C_CONFORM = 1 << 5, C_DIFF = 1 << 6, C_RENDER = 1 << 7, C_GRAPH = 1 << 8, C_GEN = 1 << 9,
    C_DIFFTEST = 1 << 10
};

/* Each command: the files it takes, and the formats it writes (the first is its default). */
static const struct {
    const char *name;
    unsigned bit;
    int files;
    const char *formats;
} commands[] = {
    {"check", C_CHECK, 1, NULL},        {"emit-c", C_EMIT, 1, NULL},
    {"build", C_BUILD, 1, NULL},        {"test", C_TEST, 1, NULL},
    {"audit", C_AUDIT, 1, "text json"}, {"conform", C_CONFORM, 1, "text json"},
    {"diff", C_DIFF, 2, "text json"},   {"render", C_RENDER, 1, "markdown html"},
    {"graph", C_GRAPH, 1, NULL},        {"gen", C_GEN, 1, "jsonl csv"},
    {"difftest", C_DIFFTEST, 1, NULL},
};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

typedef struct {
    const char *file[2];
    const char *out, *keep_c, *document, *baseline, *engine, *format, *cases, *seed;
    bool coverage, compiled, library;
} args;

/* Each option: the commands that take it, and the field it sets: a value, or a flag. */
static const struct {
    const char *name;
    unsigned cmds;
    bool value;
    size_t at;
} options[] = {
    {"-o", C_EMIT | C_BUILD | C_RENDER | C_GRAPH, true, offsetof(args, out)},
    {"--keep-c", C_BUILD, true, offsetof(args, keep_c)},
    {"--library", C_BUILD, false, offsetof(args, library)},
    {"--coverage", C_CHECK, false, offsetof(args, coverage)},
    {"--compiled", C_TEST, false, offsetof(args, compiled)},
    {"--document", C_AUDIT, true, offsetof(args, document)},
    {"--baseline", C_CONFORM, true, offsetof(args, baseline)},
    {"--format", C_AUDIT | C_CONFORM | C_DIFF | C_RENDER | C_GEN, true, offsetof(args, format)},
    {"--engine", C_DIFFTEST, true, offsetof(args, engine)},
    {"--cases", C_GEN | C_DIFFTEST, true, offsetof(args, cases)},
    {"--seed", C_GEN | C_DIFFTEST, true, offsetof(args, seed)},
};
enum { N_OPTIONS = sizeof options / sizeof options[0] };

/* A whole number of decimal digits from 0 to most, or false. */
static bool whole(const char *s, unsigned long long most, unsigned long long *out)
{
    unsigned long long v = 0;
    if (!*s) return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (most - (unsigned)(*s - '0')) / 10) return false;
        v = v * 10 + (unsigned)(*s - '0');
    }
    *out = v;
    return true;
}

/* What the command needs beyond its options' shapes: its files, the options it cannot do
 * without, a format it writes, and numbers that are numbers. */
static int settled(int c, int files, const args *a)
{
    const char *cmd = commands[c].name, *ok = commands[c].formats;
    unsigned long long n;
    if (files < commands[c].files)
        return commands[c].files == 2 ? misuse(cmd, "diff needs two policies, OLD and NEW")
                                      : misuse(cmd, "%s needs a policy file", cmd);
    if (commands[c].bit == C_AUDIT && !a->document)
        return misuse(cmd, "audit needs --document TEXT, the document the policy cites");
    if (commands[c].bit == C_CONFORM && !a->baseline)
        return misuse(cmd, "conform needs --baseline POLICY, the policy to compare with");
    if (commands[c].bit == C_DIFFTEST && !a->engine)
        return misuse(cmd, "difftest needs --engine ENGINE, the engine to compare with");
    const char *hit = a->format ? strstr(ok, a->format) : NULL;
    if (a->format && (!*a->format || !hit || (hit != ok && hit[-1] != ' ') ||
                      (hit[strlen(a->format)] != ' ' && hit[strlen(a->format)] != '\0')))
        return misuse(cmd, "%s has no format '%s' (%s)", cmd, a->format, ok);
    if (a->cases && (!whole(a->cases, 100000000, &n) || n < 1))
        return misuse(cmd, "--cases wants a whole number from 1 to 100000000, not '%s'", a->cases);
    if (a->seed && !whole(a->seed, ULLONG_MAX, &n))
        return misuse(cmd, "--seed wants a whole number, not '%s'", a->seed);
    return 0;
}

/* The words after command c into a; 0, or 2 for misuse, said. */
static int parse_args(int c, int argc, char **argv, args *a)
{
    const char *cmd = commands[c].name;
    int files = 0;
    for (int i = 2; i < argc; i++) {
        const char *w = argv[i];
        if (w[0] != '-' || !w[1]) { /* "-" is standard input, as a file */
            if (files == commands[c].files) return misuse(cmd, "unexpected argument '%s'", w);
            a->file[files++] = w;
            continue;
        }
        int k = 0;
        while (k < N_OPTIONS && strcmp(options[k].name, w)) k++;
        if (k == N_OPTIONS || !(options[k].cmds & commands[c].bit))
            return misuse(cmd, "%s takes no option '%s'", cmd, w);
        char *field = (char *)a + options[k].at;
        if (!options[k].value) {
            *(bool *)(void *)field = true;
        } else if (i + 1 == argc) {
            return misuse(cmd, "%s needs a value", w);
        } else {
            *(const char **)(void *)field = argv[++i];
        }
    }
    return settled(c, files, a);
}

/* What runs in the interpreter: test's scenarios, gen's log, difftest's comparison. The
 * numbers were checked by settled(). */
static int cmd_interpreted(unit *u, int c, const args *a)
{
    rt_policy *p = interpret(u);
    if (!p) return 1;
    unsigned long long cases = 1000, seed = 1;
    if (a->cases) whole(a->cases, 100000000, &cases);
    if (a->seed) whole(a->seed, ULLONG_MAX, &seed);
    if (commands[c].bit == C_GEN) {
        gen_events(p, (int)cases, seed, a->format && !strcmp(a->format, "csv"), stdout);
        return 0;
    }
    if (commands[c].bit == C_DIFFTEST) return difftest(p, a->engine, (int)cases, seed);
    return rt_run_scenarios(p, stdout) ? 1 : 0;
}

/* The command, its arguments read: what it does with its policy. */
static int run_command(int c, const args *a)
{
    unsigned bit = commands[c].bit;
    bool json = a->format && !strcmp(a->format, "json");
    if (bit == C_DIFF && !strcmp(a->file[0], "-") && !strcmp(a->file[1], "-"))
        return misuse("diff", "standard input (-) can be OLD or NEW, not both");
    if (bit == C_DIFF) return cmd_diff(a->file[0], a->file[1], json);
    unit u = {0};
    int rc = load(&u, a->file[0]);
    if (rc == 0) {
        if (bit == C_CHECK) rc = cmd_check(&u, a->coverage);
        else if (bit == C_EMIT) rc = write_out(&u, a->out, OUT_C);
        else if (bit == C_RENDER)
            rc = write_out(&u, a->out, a->format && !strcmp(a->format, "html") ? OUT_HTML : OUT_MARKDOWN);
        else if (bit == C_GRAPH) rc = write_out(&u, a->out, OUT_DOT);
        else if (bit == C_BUILD && a->library) rc = cmd_library(&u, a->out ? a->out : ".");
        else if (bit == C_BUILD) rc = cmd_build(&u, a->out, a->keep_c, false);
        else if (bit == C_AUDIT) rc = audit_policy(u.P, a->document, json, stdout);
        else if (bit == C_CONFORM) rc = cmd_conform(&u, a->baseline, json);
        else if (bit == C_TEST && a->compiled) rc = cmd_build(&u, NULL, NULL, true);
        else rc = cmd_interpreted(&u, c, a);
    }
    unload(&u);
    return rc;
}

static int command(int argc, char **argv)
{
    if (argc < 2) return usage(stderr, 2);
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) return usage(stdout, 0);
    if (!strcmp(cmd, "--version")) {
        printf("redressc %s\n", RT_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "run")) return cmd_run(argc, argv);
    if (!strcmp(cmd, "fmt")) return cmd_fmt_files(argc, argv);
    const char *names[N_COMMANDS + 2] = {"run", "fmt"};
    for (int i = 0; i < N_COMMANDS; i++) names[i + 2] = commands[i].name;
    int c = check_lookup(names + 2, N_COMMANDS, cmd);
    if (c < 0) {
        const char *near = diag_suggest(cmd, names, N_COMMANDS + 2);
        fprintf(stderr, "redressc: error: unknown command '%s'%s%s%s\n", cmd,
                near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
        return usage(stderr, 2);
    }
    args a = {0};
    int rc = parse_args(c, argc, argv, &a);
    return rc ? rc : run_command(c, &a);
}

int main(int argc, char **argv)
{
    /* a message, with its source line and caret, is written a byte at a time: a line at a
       time to the terminal or file, not a write for each byte (40,000 messages took 1.4 s) */
    setvbuf(stderr, NULL, _IOLBF, 1024);
    return rt_stdout_done("redressc", command(argc, argv));
}
