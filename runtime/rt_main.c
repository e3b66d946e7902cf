/* rt_main.c: the engine's command line (SPEC §6): reads event logs, groups events by case,
 * and writes one decision per case in order of each case's first event. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* madvise */
#include "rt_internal.h"
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int usage(const rt_policy *p, FILE *out, int status)
{
    fprintf(out,
            "usage: %s-complaints eval [--as-of D] [--format jsonl|table|csv] [--grouped] [--quiet] [FILE...]\n"
            "       %s-complaints due --as-of D [--format table|jsonl|csv] [--grouped] [FILE...]\n"
            "       %s-complaints report --from D --to D [--homes N] [--format json|text|csv|html] [--grouped] [FILE...]\n"
            "       %s-complaints explain [--json]\n"
            "       %s-complaints test\n"
            "       %s-complaints --version | --help\n"
            "\n"
            "The complaints engine for %s, compiled from %s.\n"
            "eval     one decision per case (SPEC section 5)\n"
            "due      the day's worklist: pending and overdue duties, soonest first\n"
            "report   the policy's measures and the Regulator's TSM complaint measures\n"
            "explain  what this engine enforces, with citations and the policy's source hash\n"
            "test     run the scenarios written in the policy file\n"
            "Event logs are JSON Lines or CSV with a header row; standard input when no FILE\n"
            "or for \"-\". Options may come before or after the files; after --, every argument\n"
            "is a file.\n"
            "--grouped: the log keeps each case's events together, so each case is decided as the\n"
            "next begins and memory stays flat (a case that comes back is reported). Without it,\n"
            "a log (JSON Lines or CSV) is read twice, first backwards to find each case's last\n"
            "line, and each case is decided once complete (as with --grouped, if the first reading\n"
            "found each case's lines together). A log from a pipe is first copied to a file in\n"
            "$TMPDIR (else /tmp), deleted as it is made; where none can be made, every event is\n"
            "held until the log ends.\n"
            "Dates are YYYY-MM-DD; --as-of defaults to today.\n",
            p->id, p->id, p->id, p->id, p->id, p->id, p->organisation, p->source_file);
    return status;
}

static rt_day today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return rt_day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

typedef struct {
    rt_day as_of, from, to;
    long homes;
    rt_format format;
    bool quiet, have_as_of, grouped;
    const char **files; /* the logs, in the order given; none: standard input */
    int n_files;
} options;

static bool date_option(const rt_policy *p, const char *name, const char *value, rt_day *out)
{
    if (rt_parse_date(value, strlen(value), out)) return true;
    fprintf(stderr, "%s-complaints: error: bad %s date \"%s\" (want YYYY-MM-DD from 1900-01-01 "
                    "to 2199-12-31)\n", p->id, name, value);
    return false;
}

/* eval's, due's and report's options (which 0, 1, 2) that take a value after them. */
static bool valued_option(int which, const char *a)
{
    return (!strcmp(a, "--as-of") && which < 2) || !strcmp(a, "--format") ||
           ((!strcmp(a, "--from") || !strcmp(a, "--to") || !strcmp(a, "--homes")) && which == 2);
}

bool rt_eval_option_valued(const char *arg)
{
    return valued_option(0, arg);
}

/* The options a command takes and its files, in any order (a log named before --as-of was
 * taken for a file named "--as-of"); after "--" every argument is a file. o->files has room
 * for argc names. Returns 0, or 2 for misuse. */
static int parse(const rt_policy *p, const char *cmd, int argc, char **argv, options *o)
{
    static const struct { const char *name; rt_format f; } formats[] = {
        {"jsonl", RT_FMT_JSONL}, {"table", RT_FMT_TABLE}, {"csv", RT_FMT_CSV},
        {"text", RT_FMT_TEXT}, {"html", RT_FMT_HTML}, {"json", RT_FMT_JSON}};
    static const char *const allowed[] = {"jsonl table csv", "table jsonl csv", "json text csv html"};
    int which = !strcmp(cmd, "eval") ? 0 : !strcmp(cmd, "due") ? 1 : 2;
    *o = (options){.as_of = today(), .from = RT_NODATE, .to = RT_NODATE, .files = o->files,
                   .format = which == 0 ? RT_FMT_JSONL : which == 1 ? RT_FMT_TABLE : RT_FMT_JSON};
    bool options_end = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (options_end || a[0] != '-' || !a[1]) {
            o->files[o->n_files++] = a;
            continue;
        }
        if (!strcmp(a, "--")) {
            options_end = true;
            continue;
        }
        if (valued_option(which, a) && !v) {
            fprintf(stderr, "%s-complaints: error: %s needs a value\n", p->id, a);
            return 2;
        }
        if (!strcmp(a, "--as-of") && which < 2) {
            if (!date_option(p, "--as-of", v, &o->as_of)) return 2;
            o->have_as_of = true, i++;
        } else if (!strcmp(a, "--from") && which == 2) {
            if (!date_option(p, "--from", v, &o->from)) return 2;
            i++;
        } else if (!strcmp(a, "--to") && which == 2) {
            if (!date_option(p, "--to", v, &o->to)) return 2;
            i++;
        } else if (!strcmp(a, "--homes") && which == 2) {
            char *end;
            errno = 0;
            o->homes = strtol(v, &end, 10);
            if (*end || o->homes < 1 || errno == ERANGE) {
                fprintf(stderr, "%s-complaints: error: --homes wants a whole number of homes, "
                                "1 or more, not \"%s\"\n", p->id, v);
                return 2;
            }
            i++;
        } else if (!strcmp(a, "--quiet")) {
            o->quiet = true;
        } else if (!strcmp(a, "--grouped")) {
            o->grouped = true;
        } else if (!strcmp(a, "--format")) {
            size_t k = 0;
            while (k < sizeof formats / sizeof formats[0] && strcmp(formats[k].name, v)) k++;
            const char *ok = allowed[which], *hit = k < 6 ? strstr(ok, v) : NULL;
            if (!hit || (hit[strlen(v)] != ' ' && hit[strlen(v)] != '\0')) {
                fprintf(stderr, "%s-complaints: error: %s has no format \"%s\" (%s)\n", p->id, cmd, v,
                        ok);
                return 2;
            }
            o->format = formats[k].f, i++;
        } else {
            fprintf(stderr, "%s-complaints: error: unknown option \"%s\" for %s\n", p->id, a, cmd);
            return usage(p, stderr, 2);
        }
    }
    if (which == 1 && !o->have_as_of) {
        fprintf(stderr, "%s-complaints: error: due needs --as-of\n", p->id);
        return 2;
    }
    if (which == 2 && (o->from == RT_NODATE || o->to == RT_NODATE || o->from > o->to)) {
        fprintf(stderr, "%s-complaints: error: report needs --from and --to, in order\n", p->id);
        return 2;
    }
    if (which == 2 && !o->homes) o->homes = p->homes;
    return 0;
}

/* A regular file is read where it lies, mapped into memory: copying it in by read() was
 * the largest single cost of a grouped run. Should the file shrink while it is mapped, the
 * access past its new end raises SIGBUS; the run then stops with this message, not a crash. */
static char mapped_message[512];

static void mapped_file_changed(int sig)
{
    (void)sig;
    ssize_t ignored = write(2, mapped_message, strlen(mapped_message));
    (void)ignored;
    _exit(2);
}

/* Pages already read are let go, so a large file does not fill the resident set. Each
 * stretch is given as it is finished with; the page it shares with the one read next stays,
 * since letting it go would bring it back with its neighbours (the kernel maps pages around
 * a fault) and those would stay; it goes with the next stretch, whose far end it then is.
 * Forwards that is the page at a stretch's start, backwards the page at its end. */
static void let_go(uintptr_t from, uintptr_t to)
{
#ifdef MADV_DONTNEED
    if (to > from) madvise((void *)from, to - from, MADV_DONTNEED);
#else
    (void)from, (void)to;
#endif
}

static void release(const char *text, size_t n)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    let_go((uintptr_t)text & ~(page - 1), ((uintptr_t)text + n) & ~(page - 1));
}

static void release_backwards(const char *text, size_t n)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    let_go(((uintptr_t)text + page - 1) & ~(page - 1), ((uintptr_t)text + n + page - 1) & ~(page - 1));
}

/* A log to read: mapped when it is a regular file, else read from its stream. A file given
 * by name is closed once mapped (f NULL), so that any number of them can be read at once. */
typedef struct {
    FILE *f;
    const char *name;
    const char *text; /* NULL: not mapped */
    size_t n;
    bool watched;     /* a file of the user's, mapped: seen is how it was when opened */
    struct stat seen;
    int unread;       /* the errno of a read of its stream that failed, else 0 */
    bool early;       /* a regular file given by name: mapped as it was opened */
} input;

const char *rt_tmp_dir(void)
{
    const char *dir = getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

/* A log from a pipe, to be read twice (without --grouped), is first copied to a file of its
 * own in $TMPDIR (else /tmp), deleted at once, and then mapped like any other: the copy takes
 * disk, or the page cache, where holding the pipe's events took memory for every one of them.
 * The file, or -1 when none can be made (the pipe is then read as it comes, every event held
 * to the end), or -2 when the copy failed part way (a full disk, or a read of the pipe, with
 * in->unread set): nothing can be read twice then, and the run stops. */
static int spooled(input *in)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/redress-XXXXXX", rt_tmp_dir());
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    unlink(path);
    char chunk[65536];
    for (size_t got; (got = fread(chunk, 1, sizeof chunk, in->f)) > 0;)
        for (size_t put = 0; put < got;) {
            ssize_t w = write(fd, chunk + put, got - put);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) {
                int e = w < 0 ? errno : ENOSPC;
                close(fd);
                errno = e;
                return -2;
            }
            put += (size_t)w;
        }
    if (ferror(in->f)) {
        in->unread = errno ? errno : EIO;
        close(fd);
        errno = in->unread;
        return -2;
    }
    return fd;
}

/* Maps the log when it is a regular file, or a pipe once copied to one (when spool); else it
 * is read from its stream. false: the copy failed, or could not be mapped (the pipe is spent
 * by then), errno says why. */
static bool map_input(input *in, bool again, bool spool)
{
    struct stat st;
    int fd = fileno(in->f), copy = -1;
    void *text = MAP_FAILED;
    if (again) { /* "-" given twice: it was all read the first time */
        in->text = "";
        return true;
    }
    bool known = fd >= 0 && !fstat(fd, &st);
    if (known && S_ISDIR(st.st_mode)) { /* fopen opens a folder, and every read then fails */
        errno = in->unread = EISDIR;
        return false;
    }
    if (known && spool && !S_ISREG(st.st_mode)) {
        if ((copy = spooled(in)) == -2) return false;
        if (copy >= 0) known = !fstat(fd = copy, &st);
    }
    if (!known || !S_ISREG(st.st_mode) || (uintmax_t)st.st_size > SIZE_MAX ||
        (copy < 0 && ftell(in->f) != 0)) {
        if (copy < 0) return true;
        close(copy); /* a copy too large to map: the pipe is spent, so the run stops */
        errno = EFBIG;
        return false;
    }
    if (st.st_size == 0) {
        in->text = "";
    } else if ((text = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) != MAP_FAILED) {
        in->text = text;
        in->n = (size_t)st.st_size;
    }
    if (in->text && rt_utf16(in->text, in->n)) in->unread = EILSEQ; /* not one line would read */
    if (copy < 0) {
        in->watched = in->text != NULL;
        in->seen = st;
        return !in->unread;
    }
    int e = errno;
    close(copy); /* the mapping keeps the file */
    errno = e;
    return in->text != NULL && !in->unread;
}

/* Whether a mapped file was written to while it was read: a file rewritten in place to the
 * same size raises no SIGBUS, and the pages not yet read would hold the new text. Appending
 * counts too: the text appended is not read. A write within the file system's timestamp
 * granularity of the opening (a second on some) goes unseen. */
static bool changed_since_opened(const input *in)
{
    struct stat now;
    if (!in->watched) return false;
    if (!in->f) { /* closed once mapped: the file its name gives, if it is still the one mapped
                     (one renamed over it, or the name removed, leaves the mapping as it was) */
        if (stat(in->name, &now) || now.st_ino != in->seen.st_ino || now.st_dev != in->seen.st_dev)
            return false;
    } else if (fstat(fileno(in->f), &now)) {
        return true;
    }
    return now.st_size != in->seen.st_size || now.st_mtim.tv_sec != in->seen.st_mtim.tv_sec ||
           now.st_mtim.tv_nsec != in->seen.st_mtim.tv_nsec;
}

static void reading(const rt_policy *p, const input *in)
{
    snprintf(mapped_message, sizeof mapped_message,
             "%s-complaints: error: %.400s changed while it was being read\n", p->id, in->name);
}

/* Streamed and every log mapped: a first pass, backwards, marks each case's last line so
 * that cases can be decided and let go while the logs are read (rt_window.c). */
static void mark_last_lines(const rt_policy *p, rt_log *lg, input *in, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!in[i].text) return; /* a stream is read once: every case is held to the end */
    rt_window_begin(lg);
    for (size_t i = n; i-- > 0;) {
        reading(p, &in[i]);
        rt_window_file(lg, in[i].text, in[i].n, release_backwards);
    }
    rt_window_end(lg);
}

/* --grouped: whether the ids read could be found again in the logs' text (rt_grouped.c) */
static bool all_mapped(const input *in, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!in[i].text) return false;
    return true;
}

static void read_input(const rt_policy *p, rt_log *lg, input *in)
{
    if (!in->text) {
        in->unread = rt_log_read(lg, in->f, in->name);
        return;
    }
    reading(p, in);
    if (in->n) {
#ifdef MADV_SEQUENTIAL
        madvise((void *)in->text, in->n, MADV_SEQUENTIAL);
#endif
    }
    rt_log_read_text(lg, in->text, in->n, in->name, release);
    if (in->n && !lg->rescan) munmap((void *)in->text, in->n); /* else kept to the end */
    if (in->f) fseek(in->f, 0, SEEK_END); /* read, as far as anyone else is concerned */
}

/* Lets go of the first n logs, mapped or not, on a run stopped before they are read. */
static void close_inputs(input *in, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (in[k].n) munmap((void *)in[k].text, in[k].n);
        if (in[k].f && in[k].f != stdin) fclose(in[k].f);
    }
    rt_free(in);
}

/* What went wrong with a log once it was being read, to be said after the output. */
typedef struct {
    const char *changed; /* the first file written to while it was read */
    const char *unread;  /* the first log whose stream failed part way, and why */
    int why;
} read_trouble;

/* Why a log could not be read (in->unread), before its reading began or part way: EILSEQ
 * is a log in UTF-16, as Windows PowerShell's > writes one, of which no line would read. */
static void unreadable(const rt_policy *p, const char *name, int why, bool part_way)
{
    if (why == EILSEQ)
        fprintf(stderr, "%s-complaints: error: %s is UTF-16 (it begins with a UTF-16 byte order "
                        "mark), where an event log is UTF-8; save it as UTF-8\n", p->id, name);
    else if (part_way)
        fprintf(stderr, "%s-complaints: error: cannot read all of %s: %s; what was written is of "
                        "the events read before\n", p->id, name, strerror(why));
    else
        fprintf(stderr, "%s-complaints: error: cannot read %s: %s\n", p->id, name, strerror(why));
}

/* Reads every file (or standard input), after checking all of them open. */
static int read_logs(const rt_policy *p, const options *o, rt_log *lg,
                     void (*done)(rt_log *, rt_case *, void *), void *ud, read_trouble *trouble)
{
    bool grouped = o->grouped;
    size_t n = o->n_files ? (size_t)o->n_files : 1;
    input *in = rt_xalloc(n * sizeof *in);
    bool stdin_taken = false;
    for (size_t i = 0; i < n; i++) {
        const char *arg = o->n_files ? o->files[i] : "-";
        bool is_stdin = !strcmp(arg, "-");
        in[i] = (input){.f = is_stdin ? stdin : fopen(arg, "rb"),
                        .name = o->n_files ? arg : "<stdin>"};
        if (!in[i].f) {
            fprintf(stderr, "%s-complaints: error: cannot open %s: %s\n", p->id, arg, strerror(errno));
            close_inputs(in, i);
            return 2;
        }
        /* a regular file is mapped as it is opened, and closed once mapped: a folder of a
           thousand daily exports ran out of file descriptors (Linux allows 1,024 by default) */
        struct stat st;
        in[i].early = !is_stdin && !fstat(fileno(in[i].f), &st) && S_ISREG(st.st_mode);
        if (in[i].early && map_input(&in[i], false, false) && in[i].text && in[i].watched) {
            fclose(in[i].f);
            in[i].f = NULL;
        }
    }
    for (size_t i = 0; i < n; i++) {
        bool mapped = in[i].early ? !in[i].unread /* as map_input said of it */
                                  : map_input(&in[i], in[i].f == stdin && stdin_taken, !grouped);
        if (!mapped) {
            if (in[i].unread)
                unreadable(p, in[i].name, in[i].unread, false);
            else
                fprintf(stderr, "%s-complaints: error: cannot keep %s in a file in %s to read it "
                                "twice: %s; give the log as a file, or with --grouped if it is "
                                "sorted by case\n", p->id, in[i].name, rt_tmp_dir(), strerror(errno));
            close_inputs(in, n);
            return 2;
        }
        stdin_taken |= in[i].f == stdin;
    }
    *lg = (rt_log){.p = p, .cal = rt_policy_calendar(p), .grouped = grouped, .streamed = !grouped,
                   .case_done = done, .case_done_ud = ud, .as_of_today = !o->have_as_of};
    struct sigaction on_bus = {.sa_handler = mapped_file_changed}, before;
    sigemptyset(&on_bus.sa_mask);
    sigaction(SIGBUS, &on_bus, &before);
    if (!grouped) mark_last_lines(p, lg, in, n);
    else lg->rescan = all_mapped(in, n);
    for (size_t i = 0; i < n; i++) {
        read_input(p, lg, &in[i]);
        if (!trouble->changed && changed_since_opened(&in[i])) trouble->changed = in[i].name;
        if (!trouble->unread && in[i].unread) trouble->unread = in[i].name, trouble->why = in[i].unread;
        if (in[i].f && in[i].f != stdin) fclose(in[i].f);
    }
    rt_log_finish(lg);
    sigaction(SIGBUS, &before, NULL);
    for (size_t i = 0; lg->rescan && i < n; i++)
        if (in[i].n) munmap((void *)in[i].text, in[i].n);
    rt_free(in);
    return 0;
}

/* One case's decision, in the format asked for; written out in large pieces. */
static void write_decision(rt_log *lg, rt_case *c, const options *o, rt_quoted *q, rt_decision *d,
                           rt_buf *out, FILE *to)
{
    const rt_policy *p = lg->p;
    rt_log_decide(lg, c, o->as_of, d);
    if (o->format == RT_FMT_TABLE) rt_write_decision_table(out, p, c, d);
    else if (o->format == RT_FMT_CSV) rt_write_decision_csv(out, p, c, d);
    else rt_write_decision_json(out, p, c, o->as_of, d, q);
    if (out->n > 60000) {
        fwrite(out->p, 1, out->n, to);
        out->n = 0;
    }
}

typedef struct {
    const options *o;
    rt_buf out;
    FILE *to;
    rt_due_list *due;    /* due: the worklist being gathered */
    rt_tally *tally;     /* report: the counts being kept */
    rt_quoted *quoted;   /* eval: the policy's strings, quoted once */
    rt_decision d;       /* eval: each case's, reusing one's lists */
} stream;

/* One case, for the command at hand, called as soon as the log reader hands it over. */
static void one_case(rt_log *lg, rt_case *c, void *ud)
{
    stream *s = ud;
    if (s->due) rt_due_case(s->due, lg, c);
    else if (s->tally) rt_report_case(s->tally, lg, c);
    else write_decision(lg, c, s->o, s->quoted, &s->d, &s->out, s->to);
}

/* eval, due and report: read the logs, then write what the command is for. */
int rt_command(const rt_policy *p, const char *cmd, int argc, char **argv, FILE *to)
{
    options o = {.files = rt_xalloc((size_t)(argc + 1) * sizeof *o.files)};
    int rc = parse(p, cmd, argc, argv, &o);
    if (rc) {
        rt_free(o.files);
        return rc;
    }
    rt_log lg;
    stream s = {&o, {0}, to, NULL, NULL, NULL, {0}};
    if (!strcmp(cmd, "due")) s.due = rt_due_begin(o.as_of);
    else if (!strcmp(cmd, "report")) s.tally = rt_report_begin(o.from, o.to);
    else if (o.format == RT_FMT_CSV) rt_buf_puts(&s.out, rt_decision_csv_header);
    else if (o.format == RT_FMT_JSONL) s.quoted = rt_quoted_new();
    read_trouble trouble = {0};
    rc = read_logs(p, &o, &lg, one_case, &s, &trouble);
    rt_free(o.files);
    if (rc) {
        if (s.due) rt_due_end(s.due, p, o.format, NULL);
        if (s.tally) rt_report_end(s.tally, p, o.homes, o.format, NULL);
        rt_quoted_free(s.quoted);
        rt_decision_free(&s.d);
        rt_buf_free(&s.out);
        return rc;
    }
    if (s.due) rt_due_end(s.due, p, o.format, to);
    else if (s.tally) rt_report_end(s.tally, p, o.homes, o.format, to);
    else fwrite(s.out.p ? s.out.p : "", 1, s.out.n, to);
    rt_quoted_free(s.quoted);
    rt_decision_free(&s.d);
    rt_buf_free(&s.out);
    if (!o.quiet)
        fprintf(stderr, "%s-complaints: %ld event%s read, %ld rejected\n", p->id, lg.n_read,
                lg.n_read == 1 ? "" : "s", lg.n_rejected);
    rc = lg.n_rejected ? 1 : 0;
    if (trouble.changed) {
        fprintf(stderr, "%s-complaints: error: %s changed while it was being read, so what "
                        "was written may mix its old text and its new; read a copy that "
                        "nothing is writing to\n", p->id, trouble.changed);
        rc = 2;
    }
    if (trouble.unread) {
        unreadable(p, trouble.unread, trouble.why, true);
        rc = 2;
    }
    rt_calendar_free(lg.cal);
    rt_log_free(&lg);
    return rc;
}

int rt_eval(const rt_policy *p, int argc, char **argv, FILE *to)
{
    return rt_command(p, "eval", argc, argv, to);
}

/* A policy's working-day calendar; each reader of a log builds its own, so nothing in the
 * runtime is shared between two policies in one process. */
rt_calendar *rt_policy_calendar(const rt_policy *p)
{
    rt_calendar *c = rt_calendar_new_with(p->calendar, p->closures, p->n_closures, p->closed,
                                          p->closed_ctx);
    if (!c) rt_out_of_memory();
    return c;
}

/* The status a command line ends with, once its output is all written: a write that failed
 * (a full disk, a file too large) makes it 2, said once on standard error, rather than
 * leaving a truncated output behind a status that says all went well. */
int rt_stdout_done(const char *who, int rc)
{
    errno = 0;
    bool flush_failed = fflush(stdout) != 0;
    int e = errno;
    if (!flush_failed && !ferror(stdout)) return rc;
    if (flush_failed && e)
        fprintf(stderr, "%s: error: cannot write the output: %s\n", who, strerror(e));
    else
        fprintf(stderr, "%s: error: cannot write the output\n", who);
    return 2;
}

static int engine_command(const rt_policy *p, int argc, char **argv)
{
    if (argc < 2) return usage(p, stderr, 2);
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) return usage(p, stdout, 0);
    if (!strcmp(cmd, "--version")) {
        printf("%s-complaints (redress %s), policy %s, source sha256 %s\n", p->id, RT_VERSION,
               p->source_file, p->source_hash);
        return 0;
    }
    if (!strcmp(cmd, "eval") || !strcmp(cmd, "due") || !strcmp(cmd, "report"))
        return rt_command(p, cmd, argc - 2, argv + 2, stdout);
    if (!strcmp(cmd, "explain")) {
        bool json = argc > 2 && !strcmp(argv[2], "--json");
        if (argc > 3 || (argc == 3 && !json)) return usage(p, stderr, 2);
        rt_explain(p, json, stdout);
        return 0;
    }
    if (!strcmp(cmd, "test")) return rt_run_scenarios(p, stdout) ? 1 : 0;
    fprintf(stderr, "%s-complaints: error: unknown command \"%s\"\n", p->id, cmd);
    return usage(p, stderr, 2);
}

int rt_main(const rt_policy *p, int argc, char **argv)
{
    char who[128];
    snprintf(who, sizeof who, "%s-complaints", p->id);
    return rt_stdout_done(who, engine_command(p, argc, argv));
}
