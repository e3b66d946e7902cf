/* rt_internal.h: what the runtime's own files share and generated code never sees:
 * allocation, the arena, JSON values, events, case state and decisions. */
#ifndef RT_INTERNAL_H
#define RT_INTERNAL_H

#include "redress.h"
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

/* ---- allocation: everything goes through the hook in rt_alloc.c ---- */
void *rt_alloc(size_t n);               /* may return NULL */
void *rt_realloc(void *p, size_t n);    /* may return NULL */
void rt_free(void *p);
void *rt_xalloc(size_t n);              /* exits cleanly (status 3) when memory runs out */
void *rt_xrealloc(void *p, size_t n);
char *rt_xstrndup(const char *s, size_t n);
_Noreturn void rt_out_of_memory(void);
/* The last day a calendar holds (some years past 2199-12-31, for deadlines counted from it). */
rt_day rt_calendar_last(const rt_calendar *c);
/* Where running out of memory jumps to while a library call is under way (rt_api.c); NULL
 * otherwise, and rt_out_of_memory ends the process with status 3, as an engine does. */
extern _Thread_local jmp_buf *rt_oom_catch;

typedef struct rt_arena_chunk rt_arena_chunk;
typedef struct { rt_arena_chunk *head; } rt_arena;
void *rt_arena_alloc(rt_arena *a, size_t n);
char *rt_arena_strndup(rt_arena *a, const char *s, size_t n);
void rt_arena_reset(rt_arena *a);       /* frees every chunk */
void rt_arena_rewind(rt_arena *a);      /* keeps one chunk for reuse */

/* The room for why a line was refused: its longest message, a fact's values listed with
 * the value given and the one it is nearest (rt_event.c), fits. */
#define RT_WHY 512

/* ---- growable byte buffer ---- */
typedef struct { char *p; size_t n, cap; } rt_buf;
void rt_buf_grow(rt_buf *b, size_t more);   /* room for more bytes and a NUL */
/* Inline: the writers put many short pieces, and this is where their time went. */
static inline void rt_buf_put(rt_buf *b, const void *s, size_t n)
{
    if (b->cap - b->n < n + 1) rt_buf_grow(b, n);
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}
static inline void rt_buf_puts(rt_buf *b, const char *s) { rt_buf_put(b, s, strlen(s)); }
static inline void rt_buf_putc(rt_buf *b, char c)
{
    if (b->cap - b->n < 2) rt_buf_grow(b, 1);
    b->p[b->n++] = c;
    b->p[b->n] = '\0';
}
void rt_buf_printf(rt_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rt_buf_json_string(rt_buf *b, const char *s, size_t n); /* quoted, escaped, valid UTF-8 */
/* 1 for the bytes a JSON string holds as they are: printable ASCII but for '"' and '\\' */
extern const unsigned char rt_json_plain[256];
/* The length of the run of bytes at s that a JSON string holds as they are, or n: eight
 * bytes at a time, since most strings are plain. DEL (0x7F) counts as plain when reading
 * (RFC 8259 allows it) but not when writing (it is escaped, to be safe to print). */
#if defined(__SSE2__) && defined(__GNUC__)
/* A bit for each of the sixteen bytes at s that a JSON string cannot hold as it is. */
static inline unsigned rt_json_care16(const unsigned char *s, bool del_plain)
{
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
                  space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F);
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
    /* a signed compare below 0x20 finds the controls and every byte from 0x80 at once */
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)),
                             _mm_cmplt_epi8(x, space));
    if (!del_plain) m = _mm_or_si128(m, _mm_cmpeq_epi8(x, del));
    return (unsigned)_mm_movemask_epi8(m);
}
#endif
static inline size_t rt_json_plain_run(const unsigned char *s, size_t n, bool del_plain)
{
    size_t i = 0;
#if defined(__SSE2__) && defined(__GNUC__)
    /* Sixteen bytes at a time where the machine has SSE2 (every x86-64). */
    for (; i + 16 <= n; i += 16) {
        unsigned bits = rt_json_care16(s + i, del_plain);
        if (bits) return i + (size_t)__builtin_ctz(bits);
    }
    if (i < n && n >= 16) { /* the sixteen bytes that end at n, less those already seen */
        unsigned bits = rt_json_care16(s + n - 16, del_plain) >> (i - (n - 16));
        return bits ? i + (size_t)__builtin_ctz(bits) : n;
    }
#endif
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* A byte's high bit in m is set where it needs care; the lowest is exact (a borrow only
     * carries upwards from a byte that matched), so the first such byte is ctz / 8. */
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    for (; i + 8 <= n; i += 8) {
        uint64_t x, q, b;
        memcpy(&x, s + i, 8);
        q = x ^ (ones * '"');
        b = x ^ (ones * '\\');
        uint64_t m = ((q - ones) & ~q) | ((b - ones) & ~b) | ((x - ones * 0x20) & ~x) | x;
        if (!del_plain) {
            uint64_t d = x ^ (ones * 0x7F);
            m |= (d - ones) & ~d;
        }
        m &= high;
        if (m) return i + (size_t)__builtin_ctzll(m) / 8;
    }
#endif
    while (i < n && (rt_json_plain[s[i]] || (del_plain && s[i] == 0x7F))) i++;
    return i;
}
void rt_buf_date(rt_buf *b, rt_day d);                       /* "YYYY-MM-DD" or null */
void rt_buf_int(rt_buf *b, const char *key, int64_t v);      /* key, then v in decimal */
/* v in decimal, at the end of num: the digits (and sign) are num[k..RT_INT_TEXT), k returned */
#define RT_INT_TEXT 24
size_t rt_int_text(int64_t v, char num[RT_INT_TEXT]);
void rt_buf_csv_field(rt_buf *b, const char *s, size_t n);
void rt_buf_csv_cell(rt_buf *b, const char *s, size_t n); /* the same, never read as a formula */
void rt_buf_free(rt_buf *b);

/* ---- JSON (RFC 8259) ---- */
typedef enum { JS_NULL, JS_FALSE, JS_TRUE, JS_NUMBER, JS_STRING, JS_ARRAY, JS_OBJECT } js_kind;
typedef struct js_value js_value;
typedef struct { const char *key; size_t key_len; js_value *value; } js_member;
struct js_value {
    js_kind kind;
    const char *s;       /* string contents (UTF-8, may hold NUL) or number text */
    size_t len;
    js_value **items;    /* array */
    js_member *members;  /* object */
    size_t n;
};
/* Parses exactly one JSON text; on failure returns NULL and sets *err and *err_col (1-based). */
js_value *rt_json_parse(rt_arena *a, const char *s, size_t n, const char **err, size_t *err_col);
/* The same, faster: strings without escapes point into s and are not NUL-terminated (use
 * len), so the values live only as long as s. The event reader's hot path. */
js_value *rt_json_parse_views(rt_arena *a, const char *s, size_t n, const char **err,
                              size_t *err_col);
const js_value *rt_json_get(const js_value *obj, const char *key);
bool rt_json_int(const js_value *v, int64_t *out); /* an integer that fits in int64 */

/* ---- the name meant (rt_near.c) ---- */
size_t rt_edit_distance(const char *a, size_t la, const char *b, size_t lb);
/* The index of the name nearest the n bytes at s, within most edits; -1 when none is, or
 * two are equally near. */
int rt_nearest(const char *s, size_t n, const char *const *names, int count, size_t most);
int rt_nearest_by(const char *s, size_t n, const char *(*name)(const void *ctx, int i),
                  const void *ctx, int count, size_t most);
/* How many slips a word of n bytes may hold and still be taken for a fixed word it is near:
 * one, or two from eight bytes on. */
size_t rt_slips(size_t n);

/* ---- events ---- */
typedef enum {
    RT_EV_RECEIVED, RT_EV_ACKNOWLEDGED, RT_EV_RESOLVED, RT_EV_RESPONDED, RT_EV_EXTENDED,
    RT_EV_ESCALATION_REQUESTED, RT_EV_ESCALATION_REFUSED, RT_EV_SATISFIED, RT_EV_WITHDRAWN,
    RT_EV_REFERRED_OMBUDSMAN, RT_EV_FACTS, RT_EV_COUNT
} rt_ev_type;
extern const char *const rt_ev_names[RT_EV_COUNT];
extern const char *const rt_kind_names[RT_KIND_COUNT];
extern const char *const rt_kind_words[RT_KIND_COUNT]; /* "a service request" */
extern const char *const rt_outcome_names[3];
extern const char *const rt_duty_names[RT_DUTY_COUNT];

/* A fact an event gives, kept for the whole run: 16 bytes, not an rt_value's 24 and an index. */
typedef struct {
    int32_t fact;
    bool known, text;
    union { int64_t i; const char *s; } u;
} rt_fact_set;
static inline rt_fact_set rt_fact_set_of(int fact, rt_value v, bool text)
{
    rt_fact_set f = {fact, v.known, text, {0}};
    if (text) f.u.s = v.s;
    else f.u.i = v.i;
    return f;
}
static inline rt_value rt_fact_set_value(const rt_fact_set *f)
{
    return !f->known ? rt_unknown() : f->text ? rt_known_text(f->u.s) : rt_known_int(f->u.i);
}

/* What few events carry: kept apart, so the common event stays small. */
typedef struct {
    const char *reason;
    uint64_t includes;     /* responded: the elements the response gave, as rt_inc_names bits */
    rt_fact_set *facts;
} rt_event_more;

/* A name's slot of RT_NAME_SLOTS, from its length, its ends and its middle (n > 0): the names
 * of one policy's facts, or of the elements its responses include, seldom share one, and one
 * that does is found by a walk. */
#define RT_NAME_SLOTS 256
static inline unsigned rt_name_slot(const void *s, size_t n)
{
    const unsigned char *u = s;
    unsigned h = (unsigned)n * 0x9Eu + u[0] * 0x3Bu + u[n / 2] * 0x65u + u[n - 1] * 0xD3u;
    return (h ^ h >> 8) % RT_NAME_SLOTS;
}

/* The elements a policy's responses must include (rt_includes.c): every stage's names in one
 * list, name b being bit b of an event's includes; the checker allows RT_INCLUDES_MAX. Stage
 * s's i-th name is bit[first[s] + i], or RT_INC_NONE past the limit. */
#define RT_INCLUDES_MAX 64
#define RT_INC_NONE 255
typedef struct {
    const char *name[RT_INCLUDES_MAX];
    size_t len[RT_INCLUDES_MAX];
    int n;
    int *first;
    uint8_t *bit;
    uint8_t slot[RT_NAME_SLOTS]; /* a name's bit plus one, by rt_name_slot */
    bool crowded;      /* a name shares its slot: those not in it are walked to */
} rt_inc_names;
void rt_inc_names_build(rt_inc_names *m, const rt_policy *p);
void rt_inc_names_free(rt_inc_names *m);
int rt_inc_bit(const rt_inc_names *m, const char *s, size_t n); /* -1: not one of them */
uint64_t rt_inc_mask(const rt_inc_names *m, const char *s, size_t n); /* 0 for -1 */

/* An event keeps its stage in a byte (-1: none), so a policy has at most this many: the
 * checker refuses the next. */
#define RT_MAX_STAGES 127

/* A money fact in a log is under a trillion pounds either way (the reader refuses more, as
 * the audit takes no such figure), and sums of money saturate: no total can overflow. */
#define RT_MONEY_MAX INT64_C(99999999999999)
static inline int64_t rt_money_add(int64_t a, int64_t b)
{
    if (b > 0 && a > INT64_MAX - b) return INT64_MAX;
    if (b < 0 && a < INT64_MIN - b) return INT64_MIN;
    return a + b;
}

/* An event counts its facts, and the fact index finds them, in 16 bits: the checker
 * refuses a policy with more. */
#define RT_MAX_FACTS 32767

/* Kept for every event of a run, so it is packed: 32 bytes. */
typedef struct {
    rt_day date;
    rt_day until;        /* extended */
    uint32_t seq;        /* position in the input, to keep same-date events in file order */
    int16_t working_days; /* extended: 0 when not given (at most 3650) */
    uint8_t type;        /* rt_ev_type */
    uint8_t kind;        /* rt_kind */
    int8_t stage;        /* -1: not given */
    int8_t outcome;      /* -1: not given */
    int8_t agreed;       /* -1 not given, 0, 1 */
    int8_t reasons;      /* -1 not given, 0, 1 */
    int16_t n_facts;
    int16_t n_includes;  /* responded: -1 when not given */
    rt_event_more *more;  /* NULL when the event has no reason, includes or facts */
} rt_event;
_Static_assert(sizeof(void *) != 8 || sizeof(rt_event) == 32, "rt_event stays packed");
static inline const char *rt_event_reason(const rt_event *ev)
{
    return ev->more ? ev->more->reason : NULL;
}

/* An event line's fields (case, type, date, ... facts), found by either reader. */
typedef struct rt_fact_index rt_fact_index;
#define RT_EVENT_FIELDS 13
#define RT_FIELDS_POOL 32
typedef struct {
    const js_value *v[RT_EVENT_FIELDS];   /* NULL: not given */
    /* the fast reader's values live here, so a line needs no allocation */
    js_value pool[RT_FIELDS_POOL];
    js_member members[RT_FIELDS_POOL];
    js_value *items[RT_FIELDS_POOL];
    int n_pool, n_members, n_items;
    /* "facts" as the fast reader reads them for a policy (rt_fields_scan given its index):
     * each straight into its set, a text's u.s still in the line, text_len bytes long.
     * n_facts is -1 when they were not, and then are v[F_FACTS]'s members. */
    rt_fact_set facts[RT_FIELDS_POOL];
    size_t text_len[RT_FIELDS_POOL];
    int n_facts;
    /* and "includes" straight into its bits, when n_inc is not -1: n_inc items were given */
    uint64_t includes;
    int n_inc;
} rt_fields;
/* The fast reader: true when the line is an event of the plain shape it knows, read with
 * no tree and no copies (the values point into s); false sends the line to the full parser,
 * which then gives any error. It never accepts what the full parser would refuse, nor,
 * given a policy's index x, facts that policy would refuse (fs->facts). */
bool rt_fields_scan(const char *s, size_t n, rt_fact_index *x, rt_fields *fs);
/* The same for the line that starts at s, in the n bytes of text left: true with *len set to
 * the line's length (its newline at s + *len, or the text's end) when it is of that shape,
 * so the line need not be found first. */
bool rt_fields_scan_line(const char *s, size_t n, rt_fact_index *x, rt_fields *fs, size_t *len);
/* The fields of a parsed value; false, with why set, for a non-object or a field given twice. */
bool rt_fields_index(const js_value *obj, rt_fields *fs, rt_fact_index *x, char *why_buf,
                     size_t why_len);
int rt_field_id(const char *key, size_t len); /* an event field's F_ index, or -1 */
void rt_fields_begin(rt_fields *fs);          /* no field given, no value made */
/* The case the fields name; false where there is none or it is not a non-empty string. */
bool rt_fields_case(const rt_fields *fs, const char **id, size_t *len);
/* The policy's facts by a slot, and by initial (first[c]: the first fact whose name starts
 * with c, next[j] the next such; every byte from 128 shares bucket 0). Built once per log. */
#define RT_KEY_KEPT 39 /* the longest key whose verdict is kept */
struct rt_fact_index {
    const rt_policy *p;   /* the policy it was built for, whose events it reads */
    int16_t slot[RT_NAME_SLOTS]; /* and by rt_name_slot */
    bool crowded;                /* two names share a slot: the second is walked to */
    int16_t first[128];
    int16_t *next;
    /* and the event types by a slot made from a name's length and two of its bytes */
    int8_t type_slot[32];
    unsigned char type_len[RT_EV_COUNT];
    size_t *fact_len;              /* and the facts' */
    rt_inc_names inc;              /* and the elements responses include */
    unsigned char kind_len[RT_KIND_COUNT], outcome_len[3]; /* and the lengths of those names */
    /* and the event dates last read, by their text: a log's dates cluster, and a date read
     * again is a compare where its digits were checked and counted */
    struct { uint64_t head; uint16_t tail; rt_day day; } dates[4096];
    /* and the keys read that it does not know, each with what it is a slip from, if anything
     * (rt_key_slip): a log gives the same few, and the search is among every name */
    struct { char key[RT_KEY_KEPT]; uint8_t len; bool fact; int16_t slip; } keys[64];
    bool built;
    bool csv;             /* the log being read is CSV: a yes/no's words are more (rt_csv.c) */
};
void rt_fact_index_build(rt_fact_index *x, const rt_policy *p);
/* A key of an event (fact false) or of its "facts" (fact true) that names nothing read: the
 * field (its F_ index) or the policy's fact it is a slip or two from (rt_near.c),
 * which the event then most likely meant, or -1. x may be NULL (nothing is kept). */
int rt_key_slip(rt_fact_index *x, const char *key, size_t len, bool fact);
void rt_fact_index_free(rt_fact_index *x);
/* Builds an event of x's policy from an event line's fields; on failure returns false with
 * why set. Strings are copied into the arena. */
bool rt_event_from_fields(rt_fact_index *x, const rt_fields *fs, rt_arena *a, rt_event *ev,
                          char *why_buf, size_t why_len);

/* ---- coverage: which rules a run reaches (redressc check --coverage) ---- */
typedef struct {
    int *nonc, *redirect, *advice, *refusal, *award, *bar, *band;
    int *receipt, *request, *automatic, *close, *ext, *includes; /* per stage */
    int *duty;               /* per stage and duty: duty_base[s] + i */
    int *duty_base;
    int offset, ombudsman, restriction;
    int reached;             /* rules reached since the counter was last cleared */
} rt_coverage;
rt_coverage *rt_coverage_new(const rt_policy *p);
void rt_coverage_free(rt_coverage *cov);

/* ---- cases and decisions ---- */
typedef struct {
    int stage;
    rt_duty_kind kind;
    rt_day due, done;
    const char *status;
    bool provisional;
    const char *cite;
} rt_duty_out;

typedef struct {
    const char *name;
    rt_day opens, closes;
    const char *cite;
} rt_window_out;

typedef struct {
    bool entered;
    rt_day request;      /* the date the case entered the stage (receipt or escalation request) */
    rt_day ack, response, resolved;
    int outcome;
    int ext_days;
    rt_day ext_until;
    bool ext_agreed;
    bool left_automatically;   /* its target passed and the case moved on by itself */
    bool left;                 /* the customer asked for the next stage */
} rt_stage_state;

struct rt_case {
    const rt_policy *p;
    const rt_calendar *cal;
    const rt_inc_names *inc; /* the policy's elements, as its events' includes were read */
    rt_event *ev;
    int cap_ev;
    /* evaluation */
    bool received;
    rt_day receipt;
    rt_kind kind;
    rt_value *facts;
    int stage;
    rt_stage_state *st;
    bool satisfied, withdrawn, referred, resolved_informally, escalation_refused;
    bool closed_early;       /* satisfied, resolved or withdrawn: no automatic moves */
    bool refused_lines;      /* a line naming it was refused: the decision says so */
    bool as_of_today;        /* its as-of date is today's, by default: see future_events */
    rt_coverage *cov;        /* NULL unless coverage is being measured */
    int n_ev;
    uint32_t last_ev;        /* interleaved logs: its last event in the log's blocks (index + 1) */
    size_t id_len;
    const char *id;
};

typedef struct {
    int award;                 /* index into p->awards */
    int64_t pence;
    int days;                  /* daily awards */
} rt_award_out;

/* Each field is set again for every case (decision_clear in rt_case.c), or kept. */
typedef struct {
    const char *status;
    int stage;                 /* -1: none */
    int redirect;              /* index into p->redirects, or -1 */
    int refusal;               /* index into p->refusals, or -1 */
    int noncomplaint;          /* index into p->noncomplaints, or -1 */
    rt_duty_out *duties;
    int n_duties, cap_duties;
    rt_window_out *windows;    /* room for two a stage and the Ombudsman's */
    int n_windows, cap_windows;
    rt_award_out *awards;
    int n_awards, cap_awards;
    int64_t total, offset, payable;
    int band;                  /* index into p->bands, or -1 */
    char **notes;              /* into note_text */
    int n_notes, cap_notes;
    rt_buf note_text;
    rt_buf scratch;            /* a note's longer parts, put together first (rt_case.c) */
    struct rt_day_text *day_text; /* the dates notes were last given, as text (rt_case.c) */
    struct rt_note_form *note_forms; /* the patterns of notes, split (rt_case.c) */
} rt_decision;

/* d starts zeroed ({0}); kept from one case to the next it reuses its lists and notes, so
 * a run allocates for its largest decision, not for each. rt_decision_free at the end. */
void rt_case_evaluate(rt_case *c, rt_day as_of, rt_decision *d);

/* The stage's duty of kind k, or NULL: evaluation's, and a failing scenario's wording. */
static inline const rt_duty_desc *rt_find_duty(const rt_stage_desc *sd, rt_duty_kind k)
{
    for (int i = 0; i < sd->n_duties; i++)
        if (sd->duties[i].kind == k) return &sd->duties[i];
    return NULL;
}
void rt_decision_free(rt_decision *d);
void rt_case_sort_events(rt_case *c);
void rt_write_decision_table(rt_buf *b, const rt_policy *p, const rt_case *c,
                             const rt_decision *d);
/* A case id in a table: whole, controls shown as '?', then spaces to width characters. */
void rt_buf_table_id(rt_buf *b, const char *s, size_t n, size_t width);
size_t rt_table_id_width(const char *s, size_t n);
/* One row per duty (a case with none still gets a row); the header comes first. */
extern const char rt_decision_csv_header[];
void rt_write_decision_csv(rt_buf *b, const rt_policy *p, const rt_case *c, const rt_decision *d);
/* The policy's strings, quoted once for the JSON writer (NULL: quote them every time). */
typedef struct rt_quoted rt_quoted;
rt_quoted *rt_quoted_new(void);
void rt_quoted_free(rt_quoted *q);
void rt_write_decision_json(rt_buf *b, const rt_policy *p, const rt_case *c, rt_day as_of,
                            const rt_decision *d, rt_quoted *q);

/* A set of 64-bit hashes (rt_hset.c; h and h ^ 1 are taken for one), in 2^RT_HSET_BITS parts. */
#define RT_HSET_BITS 6
typedef struct {
    uint64_t *slot;
    size_t n, cap;
} rt_hset_part;
typedef struct {
    rt_hset_part part[1 << RT_HSET_BITS];
} rt_hset;
bool rt_hset_put(rt_hset *s, uint64_t h); /* whether h was there already; it is from now on */
const void *rt_hset_where(rt_hset *s, uint64_t h); /* where h would be: to fetch it ahead */
void rt_hset_free(rt_hset *s);

/* ---- event logs ---- */
/* Where the line that begins at start ends, in text of n bytes: at its newline, or at n for a
 * last line with none. Every forward walk over a log's lines splits them here. */
static inline size_t rt_line_end(const char *text, size_t start, size_t n)
{
    const char *nl = memchr(text + start, '\n', n - start);
    return nl ? (size_t)(nl - text) : n;
}
/* A UTF-8 byte order mark, which spreadsheets write before a CSV file's header (Excel's "CSV
 * UTF-8"): not part of the log, so each reader steps over it at the start of a file. */
static inline void rt_skip_bom(const char **text, size_t *n)
{
    if (*n >= 3 && !memcmp(*text, "\xEF\xBB\xBF", 3)) *text += 3, *n -= 3;
}
/* The length of the UTF-8 character at s, of two bytes or more, when it is one a terminal
 * shows as it is (not a C1 control, U+0080 to U+009F, nor a malformed sequence); else 0:
 * the one rule for what errors and tables show of a value as it is. */
static inline size_t rt_utf8_shown(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = u[0] >= 0xC2 && u[0] <= 0xDF ? 2 : u[0] >= 0xE0 && u[0] <= 0xEF ? 3
               : u[0] >= 0xF0 && u[0] <= 0xF4 ? 4 : 0;
    if (!len || len > n || (u[0] == 0xC2 && u[1] < 0xA0)) return 0;
    for (size_t i = 1; i < len; i++)
        if ((u[i] & 0xC0) != 0x80) return 0;
    if ((u[0] == 0xE0 && u[1] < 0xA0) || (u[0] == 0xED && u[1] >= 0xA0) ||
        (u[0] == 0xF0 && u[1] < 0x90) || (u[0] == 0xF4 && u[1] >= 0x90))
        return 0; /* overlong, a surrogate, or past U+10FFFF */
    return len;
}

/* The n bytes at s less spaces and tabs at either end: the one rule where a name may be typed
 * with them about it (a CSV header's column, a response's element, a line's first byte). */
static inline void rt_trim_blanks(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) ++*s, --*n;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t')) --*n;
}
/* Whether a log's text begins with a UTF-16 byte order mark (either order). */
static inline bool rt_utf16(const char *text, size_t n)
{
    const unsigned char *u = (const unsigned char *)text;
    return n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
}
/* A line with nothing but spaces, tabs and carriage returns: no event, and no CSV record. */
static inline bool rt_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return false;
    return true;
}
typedef struct rt_csv rt_csv;
typedef struct { const char *text; size_t n; } rt_text_read;
/* Texts read whole (mapped files), kept in order to find case ids in again. */
typedef struct {
    rt_text_read *at;
    size_t n, cap;
} rt_texts;
void rt_texts_add(rt_texts *t, const char *text, size_t n);
void rt_texts_free(rt_texts *t);
/* Whether n bytes at a and b are the same: for the short names and ids compared for every
 * line, where a call to memcmp, and its branches on the length, cost more than the compare.
 * The words overlap rather than read past n. */
static inline bool rt_same(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    uint64_t p, q;
    uint32_t r, t;
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8) {
            memcpy(&p, x + i, 8);
            memcpy(&q, y + i, 8);
            if (p != q) return false;
        }
        memcpy(&p, x + n - 8, 8);
        memcpy(&q, y + n - 8, 8);
        return p == q;
    }
    if (n >= 4) {
        memcpy(&r, x, 4);
        memcpy(&t, y, 4);
        if (r != t) return false;
        memcpy(&r, x + n - 4, 4);
        memcpy(&t, y + n - 4, 4);
        return r == t;
    }
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i]) return false;
    return true;
}

/* Whether case id a comes before b, as byte strings (a log sorted by case, with LC_ALL=C). */
static inline bool rt_id_before(const char *a, size_t an, const char *b, size_t bn)
{
    int k = memcmp(a, b, an < bn ? an : bn);
    return k < 0 || (k == 0 && an < bn);
}

/* A case id's hash: eight bytes a step (a byte at a time, each multiply waited on the last),
 * the last one to seven bytes as two overlapping loads or three single bytes, then the length
 * (which tells those apart: "F1" and "F11" end alike) and murmur3's finish, so the low bits
 * (slots) and the high ones (parts) are both spread. */
static inline uint64_t rt_hash_id(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15u, w;
    size_t len = n;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xC2B2AE3D27D4EB4Fu;
        h ^= h >> 29;
    }
    if (n) {
        uint32_t a, b;
        if (n >= 4) {
            memcpy(&a, s, 4);
            memcpy(&b, s + n - 4, 4);
            w = (uint64_t)a << 32 | b;
        } else {
            w = (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[n / 2] << 8 |
                (unsigned char)s[n - 1];
        }
        h = (h ^ w) * 0xC2B2AE3D27D4EB4Fu;
    }
    h ^= len * 0x9E3779B97F4A7C15u;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    return h;
}
/* An interleaved log's case while the log is read: its id and where its events are. The
 * places of its first eight events are kept, so that most cases' events are loaded at once
 * rather than one after another down the chain; eight fit in the block malloc gives a case
 * with a short id anyway (rt_held.c), where six left the same room unused. */
#ifndef RT_HELD_AT
#define RT_HELD_AT 8
#endif
typedef struct {
    uint32_t n_ev;
    uint32_t last_ev;     /* its last event in the log's blocks (index + 1) */
    uint32_t at[RT_HELD_AT]; /* its first events (index + 1): fetched at once, not in turn */
    uint32_t id_len;
    uint32_t order;       /* made after this many other cases */
    uint32_t hash_lo;     /* its id's hash, low half: its slot, found again without the id */
    bool complete;        /* its last line has been read (rt_window.c): decide it in turn */
    bool refused;         /* a line naming it was refused */
    char id[];
} rt_held;
typedef struct { uint64_t hash; rt_held *c; } rt_slot;
#define RT_SPARE_SIZES 2 /* the sizes of case kept to be made again, by their ids' lengths */
/* an interleaved log's event waiting for its case to be fetched (rt_log.c) */
#define RT_PIPE 16 /* a power of two, so a place in the pipe is a mask */
typedef struct {
    rt_event ev;
    uint64_t hash;
    uint32_t id_len;
    bool last;            /* the last line of its case */
    char id[48];
} rt_pending;
/* An interleaved log's events, in the order read, in blocks that never move; each case's
 * are chained by index, so a case costs no allocation of its own and no slack. A streamed
 * log lets a block go once the newest case with an event in it has been handed over. */
#define RT_EV_BLOCK 16384
/* A held event: an rt_event less its position (a block's order is the log's), with what few
 * events carry by number rather than by pointer, and the link to its case's event before it
 * kept beside it: 28 bytes, read with one miss. */
typedef struct {
    rt_day date, until;
    int16_t working_days;
    uint8_t type, kind;
    int8_t stage, outcome, agreed, reasons;
    int16_t n_facts, n_includes;
    uint32_t more;                /* its block's mores[more - 1], or 0 for none */
    uint32_t prev;                /* the case's event before this one (index + 1), or 0 */
} rt_held_event;
_Static_assert(sizeof(rt_held_event) == 28, "a held event stays packed");
typedef struct {
    rt_held_event ev[RT_EV_BLOCK];
    rt_arena extras;              /* what its events carry beyond the common fields */
    rt_event_more **mores;
    uint32_t n_mores, cap_mores;
    uint32_t last_case;           /* the newest case with an event here (its order + 1) */
} rt_ev_block;
typedef struct rt_log rt_log;
struct rt_log {
    const rt_policy *p;
    rt_arena line;        /* one line's JSON, rewound after each line */
    rt_fact_index facts;  /* the policy's facts by name, for reading events */
    rt_held **cases;      /* interleaved logs: in order of first event */
    rt_case *lent;        /* the one case they are decided in (rt_log_case_at) */
    const rt_held *lent_held; /* the held case it is lent to */
    size_t n_cases, cap_cases;
    /* streamed (the command line): cases are handed to case_done in order of first event,
     * each as soon as it and every case before it are complete, and then let go */
    bool streamed;
    size_t case_head;     /* cases[case_head..n_cases) are not yet handed over */
    uint32_t n_made, n_handed; /* cases made, and handed over, so far */
    size_t first_block;   /* blocks before it are all let go */
    uint32_t block_check; /* no block can be let go before this many cases are handed over */
    uint64_t *last_marks; /* rt_window.c: bit k set when line T-1-k ends its case */
    size_t n_marked;      /* T, the lines the marks cover; 0 when there are none */
    size_t line_at;       /* the line being read, counted over every file from 0 */
    bool line_last;       /* that line is the last of its case */
    const char *why_instead; /* said of the line if it is refused, when set (rt_log.c) */
    rt_hset met;          /* while marking: hashes of the ids met so far */
    size_t cap_marks;
    bool marked_grouped;  /* marking found each case's lines together: read as grouped */
    bool marked_sorted;   /* and in order of case id so far: no table of ids is needed */
    rt_buf marked_id;     /* while marking: the id of the line after, to compare */
    rt_texts walked;      /* while marking: the files walked already, to find ids in again */
    /* grouped logs (--grouped): one case at a time, handed to case_done when the next begins */
    bool grouped;
    bool as_of_today;     /* no --as-of was given: a later event's date is in the future */
    void (*case_done)(rt_log *lg, rt_case *c, void *ud);
    void *case_done_ud;
    rt_case *current;     /* the one case held */
    rt_arena current_strings;
    rt_hset seen;         /* hashes of the cases already done, to catch one that comes back */
    uint64_t *listed;     /* the same, while the ids come in order (no table needed yet) */
    size_t n_listed, cap_listed;
    bool unsorted;        /* an id came that was not after the one before: the table is in use */
    /* When every log is a mapped JSON Lines file, not even the list is kept while the ids come
     * in order: should the order break, the ids are found again in the text read so far. */
    bool rescan;
    rt_texts texts;       /* the files read so far, the last the one being read */
    size_t line_start;    /* where the line being read begins in the last of them */
    rt_ev_block **blocks; /* interleaved logs: events held, by case (NULL once let go) */
    size_t n_blocks;
    uint32_t n_held;
    rt_event *gathered;   /* one case's events, gathered to be decided */
    int cap_gathered;
    rt_pending pipe[RT_PIPE];  /* events read, not yet filed under their case */
    unsigned pipe_head, pipe_n; /* unsigned, so that % RT_PIPE is a mask */
    rt_slot *slots;       /* open-addressing hash table on case id */
    rt_held *last;        /* the case of the previous line */
    rt_held *spare[RT_SPARE_SIZES]; /* cases handed over, kept to be made again (rt_held.c) */
    uint32_t n_spare[RT_SPARE_SIZES];
    size_t n_slots;
    uint32_t seq;
    rt_calendar *cal;     /* the policy's working days, owned by whoever reads the log */
    long n_read, n_rejected;
    bool decided;         /* the current file's format is known */
    char foreign_sep;     /* ';' or '\t': the file is CSV with those between its fields, not read */
    bool fed;             /* the library's feeds have begun (a byte order mark comes first) */
    /* where bad lines are reported: stderr unless set (the embeddable engine collects them) */
    void (*on_error)(void *ud, const char *file, long line, const char *why);
    void *on_error_ud;
    rt_csv *csv;          /* set while reading a CSV file */
};
/* rt_held.c: an interleaved log's cases and events */
void rt_held_add(rt_log *lg, const rt_event *ev, const char *id, size_t n, bool last);
void rt_held_drain(rt_log *lg);        /* files the events still in the pipe */
/* Where the next event's strings go: its block's arena, let go with the block. */
rt_arena *rt_held_arena(rt_log *lg);
/* The case with this id has had its last line (one that was refused); streamed logs. */
void rt_held_complete(rt_log *lg, const char *id, size_t n);
/* The case a refused line read into fields names: made, with no event, if new. */
void rt_held_touch(rt_log *lg, const char *id, size_t n, bool last);
/* Hands over every case not yet handed over, in order (streamed logs, at the end). */
void rt_held_finish(rt_log *lg);
void rt_held_gather(rt_log *lg, rt_case *c);
void rt_held_free(rt_log *lg);
/* rt_grouped.c: a grouped log's one case; NULL when the id was done already */
rt_case *rt_grouped_case(rt_log *lg, const char *id, size_t n);
void rt_grouped_add(rt_case *c, const rt_event *ev);
void rt_grouped_free(rt_log *lg);

/* A line's fields, by the fast reader or else the full parser, whose values live in lg->line
 * until it is rewound; false, with why set, for a line that is not an event object. */
bool rt_log_fields(rt_log *lg, const char *s, size_t n, rt_fields *fs, char *why, size_t why_len);
/* The same with the values in a, for a reader that must leave the line being read alone. */
bool rt_log_fields_in(rt_log *lg, rt_arena *a, const char *s, size_t n, rt_fields *fs, char *why,
                      size_t why_len);
/* The same, with the parser's values in a (which the caller rewinds); facts read for x's
 * policy when x is given. */
bool rt_fields_read(rt_arena *a, const char *s, size_t n, rt_fact_index *x, rt_fields *fs,
                    char *why, size_t why_len);
/* Where scratch files go: $TMPDIR, else /tmp (a pipe's copy, redressc build's folder). */
const char *rt_tmp_dir(void);
/* A log read from its stream; 0, or the errno of a read that failed (the lines before it
 * are taken, a part line at the failure too), or EILSEQ, with nothing read, for a log in
 * UTF-16. */
int rt_log_read(rt_log *lg, FILE *f, const char *name);
/* The same, from text in memory (a mapped file, or what a program hands the library).
 * done_with, if not NULL, is told of each stretch of text the reader will not look at again,
 * about every RT_RELEASE_EVERY bytes, so a mapped file's pages can be let go. */
#define RT_RELEASE_EVERY (1u << 20)
/* A forward walk's text before start told to done_with, a stretch at a time, *released
 * being where the last stretch ended: the reader's and the marking pass's walks alike. */
static inline void rt_let_go_behind(const char *text, size_t n, size_t start, size_t *released,
                                    void (*done_with)(const char *text, size_t n))
{
    if (done_with && start - *released >= RT_RELEASE_EVERY && start < n) {
        done_with(text + *released, start - *released);
        *released = start;
    }
}
void rt_log_read_text(rt_log *lg, const char *text, size_t n, const char *name,
                      void (*done_with)(const char *text, size_t n));
/* Whole lines of a log that goes on past them (the library's feeds): as rt_log_read_text,
 * but what the log is (JSON Lines, or CSV and its header) and a quoted field left open are
 * kept for the lines after, and the lines are counted on from *lineno. */
void rt_log_read_more(rt_log *lg, const char *text, size_t n, const char *name, long *lineno);
void rt_log_finish(rt_log *lg);   /* grouped and streamed logs: hands over the last cases */
/* rt_window.c: mapped logs, JSON Lines or CSV, are read twice when streamed. First, backwards,
 * each file from the last: which line is the last of its case (for CSV, the line that ends
 * the case's last record). Then, forwards, each case is handed over once it and every case
 * before it have had their last line. */
void rt_window_begin(rt_log *lg);
void rt_window_file(rt_log *lg, const char *text, size_t n,
                    void (*done_with)(const char *text, size_t n));
/* When each case's lines came together, marked_grouped is set and the log is read as
 * --grouped reads it (grouped set, streamed not), with no check for cases that come back:
 * none can. */
void rt_window_end(rt_log *lg);
/* A line's case id as the marking pass takes it; a line refused forwards is asked again, so
 * that the case it ends is handed over all the same. */
bool rt_window_line_case(rt_log *lg, const char *s, size_t n, const char **id, size_t *len);
/* The ids of every event line, or CSV record, of text[0, n) into set, found as the marking pass
 * finds them, in an arena of its own (rt_grouped.c: a --grouped log's ids found again). */
void rt_window_ids(rt_log *lg, rt_hset *set, const char *text, size_t n);
static inline bool rt_window_is_last(const rt_log *lg, size_t line)
{
    size_t k = lg->n_marked - 1 - line;
    return line < lg->n_marked && (lg->last_marks[k / 64] >> (k % 64) & 1);
}
void rt_log_free(rt_log *lg);
/* Decides one case of the log as of a date: a grouped log's case, or rt_log_case_at's. */
void rt_log_decide(rt_log *lg, rt_case *c, rt_day as_of, rt_decision *d);
/* The i-th case of an interleaved log, ready to decide; good until the next call. */
rt_case *rt_log_case_at(rt_log *lg, size_t i);

/* CSV (rt_csv.c): a header row, then records that become JSON events. */
typedef enum {
    RT_COL_TEXT, RT_COL_BOOL, RT_COL_NUMBER, RT_COL_LIST,  /* what a column's fields become */
    RT_COL_FACT = 8                                         /* a facts.NAME column */
} rt_csv_kind;
struct rt_csv {
    char **names;         /* the header's columns */
    rt_csv_kind *kinds;   /* and what each holds */
    rt_buf *keys;         /* and its JSON key, quoted, with the colon */
    int *field;           /* and the event field it gives (F_), or one of RT_CSV_* */
    int n_names;
    int facts_field;      /* the field the facts.NAME columns give together */
    int case_col;         /* the one "case" column, or -1 when there are two */
    rt_buf fields;        /* a record's quoted fields, unquoted */
    rt_buf record;        /* a record being read (quoted fields may hold newlines) */
    long record_line;
    const char *rec;      /* the complete record: in the text read, or in record */
    size_t rec_n;
    bool in_quotes;
    rt_buf json;          /* the record as a JSON event */
    const char **at;      /* a record's fields, split: n_names + 1 of them */
    size_t *lens;
    int n_split;          /* the fields of the record last made JSON, more than n_names too */
    int *twice;           /* pairs of columns that give one field or fact (n_twice pairs) */
    int n_twice;
    long header_line;
};
/* The columns of a file's first line that is not blank; NULL when it opens an object or no
 * column is "case": the file is then read as JSON Lines. The one rule for the reader and for
 * the marking pass (rt_window.c). */
bool rt_csv_header(const rt_policy *p, const char *s, size_t n, rt_csv **into);
void rt_csv_free(rt_csv *c);
/* The pair of c->twice whose columns the record just split into n_split fields both fills
 * (its first column's index into twice), or -1. */
int rt_csv_fills_twice(const rt_csv *c, int n_split);
bool rt_csv_begin(rt_log *lg, const char *file, long lineno, const char *s, size_t n);
/* What a column gives beside an event field: a fact, by a name JSON holds as it is or by
 * one that needs care; or nothing the reader uses. */
enum { RT_CSV_NONE = -1, RT_CSV_FACT = -2, RT_CSV_FACT_CARE = -3, RT_CSV_SLIP = -4 };
/* A complete record (c->rec) as the event reader's fields, the values where they lie: what
 * the reader makes of the record's JSON, without making it. false when a field needs care
 * (an escape, a byte past ASCII) or comes twice, or the pool is short: rt_csv_record_json then, and the JSON reader, which words any mistake. */
bool rt_csv_record_fields(rt_csv *c, rt_fields *fs);
/* One complete record as the JSON event it stands for, in c->json until the next. */
const rt_buf *rt_csv_record_json(rt_csv *c, const char *s, size_t n);
/* Whether a physical line (no newline) completes a record, in_quotes carried from the line
 * before; blank is set for a line between records that is blank or only empty fields
 * (",,,", a spreadsheet's empty row), which makes none. The one rule by
 * which lines make records, for the reader and for the marking pass (rt_window.c). */
bool rt_csv_line_ends(const char *s, size_t n, bool *in_quotes, bool *blank);
/* Adds a physical line; true when it completes a record, then in lg->csv->rec. */
bool rt_csv_line(rt_log *lg, const char *file, long lineno, const char *s, size_t n);
void rt_csv_finish(rt_log *lg, const char *file);
void rt_csv_end(rt_log *lg);

/* ---- the daily commands (rt_report.c) ---- */
typedef enum { RT_FMT_JSONL, RT_FMT_TABLE, RT_FMT_CSV, RT_FMT_TEXT, RT_FMT_HTML, RT_FMT_JSON } rt_format;
/* Each gathers case by case (from a whole log, or one case at a time from a grouped one),
 * then writes and frees itself. */
typedef struct rt_due_list rt_due_list;
rt_due_list *rt_due_begin(rt_day as_of);
void rt_due_case(rt_due_list *l, rt_log *lg, rt_case *c);
void rt_due_end(rt_due_list *l, const rt_policy *p, rt_format format, FILE *out);
typedef struct rt_tally rt_tally;
rt_tally *rt_report_begin(rt_day from, rt_day to);
void rt_report_case(rt_tally *t, rt_log *lg, rt_case *c);
void rt_report_end(rt_tally *t, const rt_policy *p, long homes, rt_format format, FILE *out);

/* ---- engine pieces ---- */
rt_calendar *rt_policy_calendar(const rt_policy *p); /* the caller frees it */
int rt_stdout_done(const char *who, int rc); /* rc, or 2 when standard output lost bytes */
int rt_run_scenarios(const rt_policy *p, FILE *out);
/* The engine's eval: args are what follows "eval" on its command line; decisions go to out. */
int rt_eval(const rt_policy *p, int argc, char **argv, FILE *out);
/* Whether eval's option arg takes the argument after it as its value (redressc run, to
 * find its policy among eval's options). */
bool rt_eval_option_valued(const char *arg);
/* eval, due or report, with what follows the command on the command line. */
int rt_command(const rt_policy *p, const char *cmd, int argc, char **argv, FILE *out);
/* Runs them counting coverage; empty[i] is set for each scenario that reached no rule. */
int rt_run_scenarios_covered(const rt_policy *p, FILE *out, rt_coverage *cov, bool *empty);
void rt_explain(const rt_policy *p, bool json, FILE *out);
void rt_explain_json(const rt_policy *p, rt_buf *out);
const char *rt_unit_name(rt_unit u, int n);

#endif
