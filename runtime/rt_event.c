/* rt_event.c: one event-log record (SPEC §4) checked and turned into an rt_event.
 * Every rejection says which field is wrong and why; unknown extra fields are ignored. */
#include "rt_internal.h"
#include <stdarg.h>
#include <string.h>

const char *const rt_ev_names[RT_EV_COUNT] = {
    "received", "acknowledged", "resolved", "responded", "extended",
    "escalation_requested", "escalation_refused", "satisfied", "withdrawn",
    "referred_ombudsman", "facts"};
const char *const rt_kind_names[RT_KIND_COUNT] = {
    "complaint", "service_request", "comment", "compliment", "question", "mp_enquiry"};
const char *const rt_kind_words[RT_KIND_COUNT] = {
    "a complaint", "a service request", "a comment", "a compliment", "a question",
    "an MP's or councillor's enquiry"};
const char *const rt_outcome_names[3] = {"upheld", "partly_upheld", "not_upheld"};
const char *const rt_duty_names[RT_DUTY_COUNT] = {"resolve", "acknowledge", "respond"};

/* The longest extension the reader accepts, so no deadline leaves the calendar's range. */
#define MAX_EXTENSION_DAYS 3650

typedef struct {
    char *buf;
    size_t len;
} why_t;

static bool why(why_t *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool why(why_t *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->buf, w->len, fmt, ap);
    va_end(ap);
    return false;
}

/* A short, printable rendering of a bad value for an error message. */
static const char *shown(const js_value *v, char *buf, size_t len)
{
    static const char *const kinds[] = {"null", "false", "true", "", "", "a list", "an object"};
    if (v->kind == JS_NUMBER) {
        snprintf(buf, len, "%.*s", (int)(v->len < 40 ? v->len : 40), v->s);
    } else if (v->kind != JS_STRING) {
        snprintf(buf, len, "%s", kinds[v->kind]);
    } else {
        size_t k = 0, max = len > 60 ? 56 : len - 4;
        buf[k++] = '"';
        for (size_t i = 0; i < v->len && k < max; i++) {
            unsigned char c = (unsigned char)v->s[i];
            size_t u = rt_utf8_shown(v->s + i, v->len - i);
            if (u && k + u < max) { /* a character the terminal shows as it is: "\u00a312" */
                memcpy(buf + k, v->s + i, u);
                k += u;
                i += u - 1;
            } else if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                buf[k++] = (char)c;
            } else if (k + 4 < max) {
                snprintf(buf + k, len - k, "\\x%02x", c);
                k += 4;
            } else {
                break;
            }
        }
        buf[k++] = '"';
        buf[k] = '\0';
    }
    return buf;
}

/* "; did you mean \"received\"?" after an error, when a string value is a slip or two from
 * one of the names it could have been (rt_near.c); else "". */
static const char *meant_name(const char *name, char *buf, size_t len)
{
    if (!name) return "";
    snprintf(buf, len, "; did you mean \"%s\"?", name);
    return buf;
}

static const char *meant(const js_value *v, const char *const *names, int n, char *buf,
                         size_t len)
{
    int i = v->kind == JS_STRING ? rt_nearest(v->s, v->len, names, n, rt_slips(v->len)) : -1;
    return meant_name(i < 0 ? NULL : names[i], buf, len);
}

/* The same among a policy's stages. */
static const char *meant_stage(const rt_policy *p, const js_value *v, char *buf, size_t len)
{
    const char *ids[RT_MAX_STAGES];
    int n = p->n_stages < RT_MAX_STAGES ? p->n_stages : RT_MAX_STAGES; /* as checked */
    for (int i = 0; i < n; i++) ids[i] = p->stages[i].id;
    return meant(v, ids, n, buf, len);
}

/* name (NUL-terminated) is the len bytes at s: no library call, as names are short. */
static inline bool name_is(const char *name, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (name[i] != s[i] || !name[i]) return false; /* s is longer, or differs */
    return name[len] == '\0';
}

/* lookup for names whose lengths are known: a compare of words, not of bytes one by one */
static int lookup_sized(const char *const *names, const unsigned char *lens, int n,
                        const js_value *v)
{
    for (int i = 0; i < n; i++)
        if (lens[i] == v->len && rt_same(names[i], v->s, v->len)) return i;
    return -1;
}

static int lookup(const char *const *names, int n, const js_value *v)
{
    for (int i = 0; i < n; i++)
        if (v->len && names[i][0] == v->s[0] && name_is(names[i], v->s, v->len)) return i;
    return -1;
}

/* The fields of an event line, whichever reader found them; each is then had without a
 * search. A field given twice is an error: which of the two a CRM meant is unknown. */
enum { F_CASE, F_TYPE, F_DATE, F_KIND, F_STAGE, F_OUTCOME, F_INCLUDES, F_WORKING_DAYS, F_UNTIL,
       F_AGREED, F_REASONS, F_REASON, F_FACTS, F_COUNT };
_Static_assert(F_COUNT == RT_EVENT_FIELDS, "rt_fields holds every field");
#define FIELD(name) {name, sizeof name - 1}
static const struct {
    const char *name;
    size_t len;
} field_tab[F_COUNT] = {
    FIELD("case"), FIELD("type"), FIELD("date"), FIELD("kind"), FIELD("stage"),
    FIELD("outcome"), FIELD("includes"), FIELD("working_days"), FIELD("until"),
    FIELD("agreed"), FIELD("reasons"), FIELD("reason"), FIELD("facts")};
#undef FIELD

/* Fields by initial, so a key is compared with one or two names, not thirteen. Fields that
 * share an initial are neighbours in field_tab. */
static const signed char field_by_initial[26] = {
    ['a' - 'a'] = F_AGREED + 1, ['c' - 'a'] = F_CASE + 1, ['d' - 'a'] = F_DATE + 1,
    ['f' - 'a'] = F_FACTS + 1, ['i' - 'a'] = F_INCLUDES + 1, ['k' - 'a'] = F_KIND + 1,
    ['o' - 'a'] = F_OUTCOME + 1, ['r' - 'a'] = F_REASONS + 1, ['s' - 'a'] = F_STAGE + 1,
    ['t' - 'a'] = F_TYPE + 1, ['u' - 'a'] = F_UNTIL + 1, ['w' - 'a'] = F_WORKING_DAYS + 1};

static int field_of(const char *key, size_t len)
{
    if (len == 0 || key[0] < 'a' || key[0] > 'z') return -1;
    for (int k = field_by_initial[key[0] - 'a'] - 1; k >= 0 && k < F_COUNT &&
                                                     field_tab[k].name[0] == key[0]; k++)
        if (len == field_tab[k].len && name_is(field_tab[k].name, key, len)) return k;
    return -1;
}

/* Every field not given. Copied, not set with memset: for 13 pointers GCC sets with `rep
 * stos`, whose start alone costs more cycles than the copy, once a line. */
static const js_value *const no_fields[F_COUNT];
static inline void fields_clear(rt_fields *fs)
{
    memcpy(fs->v, no_fields, sizeof fs->v);
}

static const char *fact_name(const void *p, int i)
{
    return ((const rt_policy *)p)->facts[i].name;
}

static const char *field_name(const void *unused, int i)
{
    (void)unused;
    return field_tab[i].name;
}

static inline unsigned key_slot(const char *key, size_t len, bool fact)
{
    return ((unsigned)len * 5 + (unsigned char)key[0] * 3 + (unsigned char)key[len - 1] + fact) % 64;
}

/* The search behind key_slip, its verdict kept for the key: out of line, as a log gives few
 * keys it does not read, and those again on every line. */
#if defined(__GNUC__)
__attribute__((noinline, cold))
#endif
static int key_search(rt_fact_index *x, const char *key, size_t len, bool fact)
{
    if (!len || (fact && !x)) return -1;
    int slip = fact ? rt_nearest_by(key, len, fact_name, x->p, x->p->n_facts, rt_slips(len))
                    : rt_nearest_by(key, len, field_name, NULL, F_COUNT, rt_slips(len));
    if (x && len <= RT_KEY_KEPT) {
        unsigned h = key_slot(key, len, fact);
        memcpy(x->keys[h].key, key, len);
        x->keys[h].len = (uint8_t)len;
        x->keys[h].fact = fact;
        x->keys[h].slip = (int16_t)slip;
    }
    return slip;
}

/* rt_key_slip, inline: the verdict kept for a key met before, else a search. */
static inline int key_slip(rt_fact_index *x, const char *key, size_t len, bool fact)
{
    if (x && len && len <= RT_KEY_KEPT) {
        unsigned h = key_slot(key, len, fact);
        if (x->keys[h].len == len && x->keys[h].fact == fact && rt_same(x->keys[h].key, key, len))
            return x->keys[h].slip;
    }
    return key_search(x, key, len, fact);
}

int rt_key_slip(rt_fact_index *x, const char *key, size_t len, bool fact)
{
    return key_slip(x, key, len, fact);
}

/* The error for a key the event does not read, a slip from name, which it does not give. */
static bool slipped(why_t *w, const char *what, const char *key, size_t len, const char *name)
{
    char shown_key[128];
    js_value k = {.kind = JS_STRING, .s = key, .len = len};
    return why(w, "%s is no %s; did you mean \"%s\"?", shown(&k, shown_key, sizeof shown_key),
               what, name);
}

int rt_field_id(const char *key, size_t len)
{
    return field_of(key, len);
}

void rt_fields_begin(rt_fields *fs)
{
    fields_clear(fs);
    fs->n_pool = fs->n_members = fs->n_items = 0;
    fs->n_facts = fs->n_inc = -1;
}

bool rt_fields_index(const js_value *obj, rt_fields *fs, rt_fact_index *x, char *why_buf,
                     size_t why_len)
{
    why_t w = {why_buf, why_len};
    fields_clear(fs);
    fs->n_facts = fs->n_inc = -1;
    if (obj->kind == JS_ARRAY)
        return why(&w, "an event must be a JSON object, not an array: a log has one event on each "
                       "line (JSON Lines)");
    if (obj->kind != JS_OBJECT) return why(&w, "an event must be a JSON object");
    for (size_t i = 0; i < obj->n; i++) {
        const js_member *m = &obj->members[i];
        int k = field_of(m->key, m->key_len);
        if (k < 0) continue;
        if (fs->v[k]) return why(&w, "\"%s\" is given twice", field_tab[k].name);
        fs->v[k] = m->value;
    }
    /* a key read as nothing, that is a slip from a field not given: misspelt, most likely,
       and the event read without it would be decided otherwise, unsaid */
    for (size_t i = 0; i < obj->n; i++) {
        const js_member *m = &obj->members[i];
        int k = field_of(m->key, m->key_len) < 0 ? key_slip(x, m->key, m->key_len, false) : -1;
        if (k >= 0 && !fs->v[k])
            return slipped(&w, "field the engine reads", m->key, m->key_len, field_tab[k].name);
    }
    return true;
}

bool rt_fields_case(const rt_fields *fs, const char **id, size_t *len)
{
    const js_value *v = fs->v[F_CASE];
    if (!v || v->kind != JS_STRING || v->len == 0) return false;
    *id = v->s;
    *len = v->len;
    return true;
}

/* ---- a policy's facts ---- */

/* Facts by initial: a policy can read dozens, and an event names several. Names are
 * unique, so the first match is the only one. */
static int bucket(unsigned char c) { return c < 128 ? c : 0; }

/* An event type's slot (names of 3 bytes or more): no two of SPEC §4's names share one, so
 * a type is found with one compare, where walking the names of its length mispredicted. A
 * name added that shared a slot would hide the one before it, and the tests, which give
 * every type, would fail. */
static unsigned type_slot(const char *s, size_t n)
{
    return ((unsigned)n * 2 + (unsigned char)s[0] + (unsigned char)s[2]) & 31;
}

/* The event type named by the n bytes at s, or -1. */
static int event_type(const rt_fact_index *x, const char *s, size_t n)
{
    if (n < 3) return -1;
    int t = x->type_slot[type_slot(s, n)];
    return t >= 0 && x->type_len[t] == n && rt_same(rt_ev_names[t], s, n) ? t : -1;
}

void rt_fact_index_build(rt_fact_index *x, const rt_policy *p)
{
    x->p = p;
    for (int i = 0; i < 128; i++) x->first[i] = -1;
    for (int i = 0; i < RT_NAME_SLOTS; i++) x->slot[i] = -1;
    x->crowded = false;
    memset(x->dates, 0, sizeof x->dates);
    memset(x->keys, 0, sizeof x->keys); /* no key is 0 bytes long */
    x->next = rt_xalloc((size_t)(p->n_facts ? p->n_facts : 1) * sizeof *x->next);
    for (int j = p->n_facts - 1; j >= 0; j--) { /* chained in the policy's order */
        int b = bucket((unsigned char)p->facts[j].name[0]);
        x->next[j] = x->first[b];
        x->first[b] = (int16_t)j;
    }
    memset(x->type_slot, -1, sizeof x->type_slot);
    for (int t = 0; t < RT_EV_COUNT; t++) {
        x->type_len[t] = (unsigned char)strlen(rt_ev_names[t]); /* at most 20 */
        x->type_slot[type_slot(rt_ev_names[t], x->type_len[t])] = (int8_t)t;
    }
    x->fact_len = rt_xalloc((size_t)(p->n_facts ? p->n_facts : 1) * sizeof *x->fact_len);
    for (int j = 0; j < p->n_facts; j++) x->fact_len[j] = strlen(p->facts[j].name);
    for (int j = 0; j < p->n_facts && j <= INT16_MAX; j++) { /* one that shares is walked to */
        size_t n = x->fact_len[j];
        int16_t *sl = n ? &x->slot[rt_name_slot(p->facts[j].name, n)] : NULL;
        if (sl && *sl < 0) *sl = (int16_t)j;
        else x->crowded = true;
    }
    rt_inc_names_build(&x->inc, p);
    for (int k = 0; k < RT_KIND_COUNT; k++)
        x->kind_len[k] = (unsigned char)strlen(rt_kind_names[k]);
    for (int k = 0; k < 3; k++) x->outcome_len[k] = (unsigned char)strlen(rt_outcome_names[k]);
    x->built = true;
}

void rt_fact_index_free(rt_fact_index *x)
{
    rt_free(x->next);
    rt_free(x->fact_len);
    rt_inc_names_free(&x->inc);
    x->next = NULL;
    x->fact_len = NULL;
    x->built = false;
}

static inline int fact_named(const rt_fact_index *x, const char *key, size_t len)
{
    if (!len) return -1;
    for (int j = x->first[bucket((unsigned char)key[0])]; j >= 0; j = x->next[j])
        if (x->fact_len[j] == len && rt_same(x->p->facts[j].name, key, len)) return j;
    return -1;
}

/* rt_parse_date, through the table of dates last read, for events' dates and date facts
 * (a slot's head is 0 until set, which no date's text is). */
static bool event_date(rt_fact_index *x, const char *s, size_t n, rt_day *out)
{
    if (n != 10) return false;
    uint64_t head;
    uint16_t tail;
    memcpy(&head, s, 8);
    memcpy(&tail, s + 8, 2);
    unsigned i = (unsigned)(((head ^ tail) * 0x9E3779B97F4A7C15u) >> 52);
    if (x->dates[i].head == head && x->dates[i].tail == tail) {
        *out = x->dates[i].day;
        return true;
    }
    if (!rt_parse_date(s, n, out)) return false;
    x->dates[i].head = head;
    x->dates[i].tail = tail;
    x->dates[i].day = *out;
    return true;
}

/* A fact's value as the policy's type for it: false when it is not one (for the caller to
 * word). A text is left where it is, in the line. */
static bool fact_known(rt_fact_index *x, const rt_fact_desc *f, const js_value *v, rt_value *out)
{
    *out = rt_unknown();
    if (v->kind == JS_NULL) return true; /* null: not known */
    int64_t i;
    rt_day d;
    switch (f->type) {
    case RT_T_BOOL:
        if (v->kind != JS_TRUE && v->kind != JS_FALSE) return false;
        *out = rt_known_int(v->kind == JS_TRUE);
        return true;
    case RT_T_INT:
    case RT_T_MONEY:
        if (!rt_json_int(v, &i)) return false;
        if (f->type == RT_T_MONEY && (i > RT_MONEY_MAX || i < -RT_MONEY_MAX)) return false;
        *out = rt_known_int(i);
        return true;
    case RT_T_DATE:
        if (v->kind != JS_STRING || !event_date(x, v->s, v->len, &d)) return false;
        *out = rt_known_int(d);
        return true;
    case RT_T_TEXT:
        if (v->kind != JS_STRING) return false;
        *out = rt_known_text(v->s);
        return true;
    case RT_T_ENUM:
        if (v->kind != JS_STRING || (i = lookup(f->enum_values, f->n_enum, v)) < 0) return false;
        *out = rt_known_int(i);
        return true;
    }
    return false;
}

/* ---- the fast reader: a flat event line read straight into its fields, no tree ----
 * It knows only the common shape: plain ASCII strings with no escapes, numbers, literals,
 * a "facts" object of those and an "includes" list of strings. Anything else, including
 * every mistake, goes to the full parser, which alone words the errors; so the two
 * readers can differ in speed but never in what they accept. */
typedef struct {
    const unsigned char *p, *end;
    rt_fields *fs;
    rt_fact_index *x; /* the policy whose facts are read straight into fs->facts, or NULL */
} scan;

/* White space within a line: a newline ends the line, so the reader can be given the text
 * past it (rt_fields_scan_line) and never read into the next. */
static inline bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* The next byte that is not white space, or 0 at the end (a NUL is never valid there). */
static inline unsigned char scan_peek(scan *sc)
{
    for (; sc->p < sc->end; sc->p++)
        if (*sc->p > ' ' || !is_ws(*sc->p)) return *sc->p; /* most bytes are not space */
    return 0;
}

/* c next, after any white space: most come straight after what was before them. */
static inline bool scan_char(scan *sc, char c)
{
    if ((sc->p < sc->end && *sc->p == (unsigned char)c) || scan_peek(sc) == (unsigned char)c)
        return sc->p++, true;
    return false;
}

/* A string whose opening quote is at sc->p. */
static inline bool scan_string_here(scan *sc, const char **s, size_t *len)
{
    const unsigned char *q = ++sc->p;
    q += rt_json_plain_run(q, (size_t)(sc->end - q), true);
    if (q >= sc->end || *q != '"') return false; /* an escape, UTF-8, a control or the end */
    *s = (const char *)sc->p;
    *len = (size_t)(q - sc->p);
    sc->p = q + 1;
    return true;
}

static inline bool scan_string(scan *sc, const char **s, size_t *len)
{
    return scan_peek(sc) == '"' && scan_string_here(sc, s, len);
}

static size_t scan_digits(scan *sc)
{
    const unsigned char *from = sc->p;
    while (sc->p < sc->end && *sc->p >= '0' && *sc->p <= '9') sc->p++;
    return (size_t)(sc->p - from);
}

/* RFC 8259's number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool scan_number(scan *sc)
{
    if (sc->p < sc->end && *sc->p == '-') sc->p++;
    if (sc->p < sc->end && *sc->p == '0') sc->p++;
    else if (!scan_digits(sc)) return false;
    if (sc->p < sc->end && *sc->p == '.') {
        sc->p++;
        if (!scan_digits(sc)) return false;
    }
    if (sc->p < sc->end && (*sc->p == 'e' || *sc->p == 'E')) {
        sc->p++;
        if (sc->p < sc->end && (*sc->p == '+' || *sc->p == '-')) sc->p++;
        if (!scan_digits(sc)) return false;
    }
    return true;
}

static js_value *scan_new(scan *sc, js_kind k)
{
    rt_fields *fs = sc->fs;
    if (fs->n_pool == RT_FIELDS_POOL) return NULL;
    js_value *v = &fs->pool[fs->n_pool++];
    v->kind = k;
    v->n = v->len = 0;
    return v;
}

/* A string value whose opening quote is at sc->p. */
static inline js_value *scan_string_value(scan *sc)
{
    js_value *v = scan_new(sc, JS_STRING);
    return v && scan_string_here(sc, &v->s, &v->len) ? v : NULL;
}

/* A string, number or literal. */
static js_value *scan_scalar(scan *sc)
{
    unsigned char c = scan_peek(sc);
    const unsigned char *start = sc->p;
    js_value *v;
    if (c == '"') return scan_string_value(sc);
    if (c == '-' || (c >= '0' && c <= '9')) {
        if (!scan_number(sc) || !(v = scan_new(sc, JS_NUMBER))) return NULL;
        v->s = (const char *)start;
        v->len = (size_t)(sc->p - start);
        return v;
    }
    /* a literal, by its first letter: each memcmp is then of a constant few bytes, inline */
    size_t room = (size_t)(sc->end - start);
    if (c == 't' && room >= 4 && !memcmp(start, "true", 4)) return sc->p += 4, scan_new(sc, JS_TRUE);
    if (c == 'f' && room >= 5 && !memcmp(start, "false", 5)) return sc->p += 5, scan_new(sc, JS_FALSE);
    if (c == 'n' && room >= 4 && !memcmp(start, "null", 4)) return sc->p += 4, scan_new(sc, JS_NULL);
    return NULL;
}

/* "includes": a list of strings; read for a policy, each straight into its bit. */
static js_value *scan_list(scan *sc)
{
    rt_fields *fs = sc->fs;
    js_value *v = scan_new(sc, JS_ARRAY);
    if (!v) return NULL;
    v->items = &fs->items[fs->n_items];
    if (sc->x) fs->n_inc = 0, fs->includes = 0;
    if (scan_char(sc, ']')) return v;
    do {
        const char *s;
        size_t len;
        if (sc->x) { /* a plain string, straight after, or the full parser's path */
            if (sc->p >= sc->end || *sc->p != '"' || !scan_string_here(sc, &s, &len)) return NULL;
            fs->includes |= rt_inc_mask(&sc->x->inc, s, len);
            fs->n_inc++;
            continue;
        }
        js_value *item = sc->p < sc->end && *sc->p == '"' ? scan_string_value(sc) : scan_scalar(sc);
        if (!item || item->kind != JS_STRING || fs->n_items == RT_FIELDS_POOL) return NULL;
        fs->items[fs->n_items++] = item;
        v->n++;
    } while (scan_char(sc, ','));
    return scan_char(sc, ']') ? v : NULL;
}

#if defined(__SSE2__) && defined(__GNUC__)
/* The quotes among the 32 bytes at p, as bits. */
static inline unsigned quotes32(const unsigned char *p)
{
    const __m128i q = _mm_set1_epi8('"');
    __m128i lo = _mm_loadu_si128((const __m128i *)p);
    __m128i hi = _mm_loadu_si128((const __m128i *)(p + 16));
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(lo, q)) |
           (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(hi, q)) << 16;
}
#endif

/* The policy's fact whose name, closing quote and colon are at p, just past a key's opening
 * quote: compares of the name, where reading the key and then finding it took a loop each.
 * -1: none, for the general path (which also finds a name with white space after it). */
static int fact_at(const rt_fact_index *x, const unsigned char *p, const unsigned char *end)
{
    if (p >= end) return -1;
#if defined(__SSE2__) && defined(__GNUC__)
    /* A name under 32 bytes: its closing quote found in two loads, then its slot, so that the
     * fact is found without a walk by initial, whose branches mispredicted. A key with an
     * escape, or white space before its colon, matches no name here, and so goes to the
     * general path (which words its mistakes, or finds the name). */
    if (end - p > 32) {
        unsigned m = quotes32(p);
        size_t n = m ? (size_t)__builtin_ctz(m) : 0;
        int j = n ? x->slot[rt_name_slot(p, n)] : -1;
        if (j >= 0 && x->fact_len[j] == n && p[n + 1] == ':' && rt_same(x->p->facts[j].name, p, n))
            return j;
        if (n && !x->crowded) return -1; /* each name has a slot of its own, and it is not there */
    }
#endif
    for (int j = x->first[bucket(*p)]; j >= 0; j = x->next[j]) {
        size_t n = x->fact_len[j];
        if ((size_t)(end - p) > n + 1 && p[n] == '"' && p[n + 1] == ':' &&
            rt_same(x->p->facts[j].name, p, n))
            return j;
    }
    return -1;
}

/* A whole number from 1 to 18 digits with no sign and no leading zero at q (room bytes
 * left): the amounts facts carry. false: read it as any number is. A fraction or exponent
 * after the digits is left for the next step, where no comma or brace is found, and the line
 * goes to the full parser, which words the mistake. */
static inline bool small_int(const unsigned char *q, size_t room, int64_t *x, size_t *used)
{
    if (!room || q[0] < '1' || q[0] > '9') return false;
    uint64_t n = 0;
    size_t k = 0;
    for (; k < room && k < 19 && (unsigned)(q[k] - '0') <= 9; k++)
        n = n * 10 + (unsigned)(q[k] - '0');
    if (k == 19 || k == room) return false;
    *x = (int64_t)n;
    *used = k;
    return true;
}

/* Fact fi's value at sc->p into fs->facts. A true or false, a date or an amount, the
 * commonest, are read here; the rest as any value is, then checked as fact_value checks
 * them. false for a value the policy would refuse, so the full parser's path words the
 * error. */
static bool scan_fact_value(scan *sc, int fi)
{
    rt_fields *fs = sc->fs;
    const rt_fact_desc *f = &sc->x->p->facts[fi];
    const unsigned char *q = sc->p;
    size_t room = (size_t)(sc->end - q);
    rt_value v;
    int64_t i;
    size_t used;
    if (f->type == RT_T_BOOL && room > 5 && (!memcmp(q, "true", 4) || !memcmp(q, "false", 5))) {
        v = rt_known_int(*q == 't');
        sc->p += *q == 't' ? 4 : 5;
    } else if (f->type == RT_T_DATE && room > 12 && q[0] == '"' && q[11] == '"') {
        rt_day d; /* a date's ten bytes are digits and dashes: never a quote or an escape */
        if (!event_date(sc->x, (const char *)q + 1, 10, &d)) return false;
        v = rt_known_int(d);
        sc->p += 12;
    } else if ((f->type == RT_T_INT || f->type == RT_T_MONEY) && small_int(q, room, &i, &used) &&
               (f->type == RT_T_INT || i <= RT_MONEY_MAX)) {
        v = rt_known_int(i);
        sc->p += used;
    } else {
        const js_value *jv = scan_scalar(sc);
        if (!jv || !fact_known(sc->x, f, jv, &v)) return false;
        fs->text_len[fs->n_facts] = jv->len;
    }
    fs->facts[fs->n_facts++] = rt_fact_set_of(fi, v, f->type == RT_T_TEXT);
    return true;
}

/* "facts" read for the policy: each of its facts straight into fs->facts, the rest of the
 * keys read and let be. A fact given twice goes to the full parser's path, to be worded. */
static js_value *scan_policy_facts(scan *sc)
{
    rt_fields *fs = sc->fs;
    js_value *v = scan_new(sc, JS_OBJECT); /* stands for the object: it was given */
    if (!v) return NULL;
    fs->n_facts = 0;
    if (scan_char(sc, '}')) return v;
    uint64_t seen = 0; /* facts 0-63; any later one is looked for in fs->facts */
    do {
        int fi = sc->p < sc->end && *sc->p == '"' ? fact_at(sc->x, sc->p + 1, sc->end) : -1;
        if (fi >= 0) {
            sc->p += 1 + sc->x->fact_len[fi] + 2;
        } else {
            const char *key;
            size_t key_len;
            if (!scan_string(sc, &key, &key_len) || !scan_char(sc, ':')) return NULL;
            fi = fact_named(sc->x, key, key_len);
            if (fi < 0 && key_slip(sc->x, key, key_len, true) >= 0) return NULL; /* worded */
        }
        if (fi < 0) { /* a fact this policy does not read */
            if (!scan_scalar(sc)) return NULL;
            continue;
        }
        bool again = fi < 64 ? (seen >> fi) & 1 : false;
        for (int j = 0; fi >= 64 && j < fs->n_facts; j++) again |= fs->facts[j].fact == fi;
        if (again || fs->n_facts == RT_FIELDS_POOL || !scan_fact_value(sc, fi)) return NULL;
        if (fi < 64) seen |= (uint64_t)1 << fi;
        v->n++;
    } while (scan_char(sc, ','));
    return scan_char(sc, '}') ? v : NULL;
}

/* "facts": an object of scalars. */
static js_value *scan_facts(scan *sc)
{
    if (sc->x) return scan_policy_facts(sc);
    rt_fields *fs = sc->fs;
    js_value *v = scan_new(sc, JS_OBJECT);
    if (!v) return NULL;
    v->members = &fs->members[fs->n_members];
    if (scan_char(sc, '}')) return v;
    do {
        js_member m;
        if (!scan_string(sc, &m.key, &m.key_len) || !scan_char(sc, ':') ||
            !(m.value = scan_scalar(sc)) || fs->n_members == RT_FIELDS_POOL)
            return NULL;
        fs->members[fs->n_members++] = m;
        v->n++;
    } while (scan_char(sc, ','));
    return scan_char(sc, '}') ? v : NULL;
}

/* The field a key names, read straight off the line when it is one of ours followed at once
 * by its colon: a memcmp of a few constant bytes is a load and a compare, where finding the
 * closing quote and then the name took a loop each. p is just past the opening quote; *used
 * is set to the bytes of the name, its quote and the colon. -1: some other key, or the end
 * is near, for the general path to read. */
static int known_key(const unsigned char *p, const unsigned char *end, size_t *used)
{
#define KEY(lit, f) if (!memcmp(p, lit, sizeof lit - 1)) return *used = sizeof lit - 1, f
    if (end - p < 16) return -1;
    switch (*p) {
    case 'c': KEY("case\":", F_CASE); break;
    case 't': KEY("type\":", F_TYPE); break;
    case 'd': KEY("date\":", F_DATE); break;
    case 'k': KEY("kind\":", F_KIND); break;
    case 's': KEY("stage\":", F_STAGE); break;
    case 'o': KEY("outcome\":", F_OUTCOME); break;
    case 'i': KEY("includes\":", F_INCLUDES); break;
    case 'w': KEY("working_days\":", F_WORKING_DAYS); break;
    case 'u': KEY("until\":", F_UNTIL); break;
    case 'a': KEY("agreed\":", F_AGREED); break;
    case 'r': KEY("reasons\":", F_REASONS); KEY("reason\":", F_REASON); break;
    case 'f': KEY("facts\":", F_FACTS); break;
    }
    return -1;
#undef KEY
}

/* The lead's next key: lit (which ends at the value's opening quote) at sc->p, which is
 * then left at that quote. */
static inline bool lead_key(scan *sc, const char *lit, size_t n)
{
    if ((size_t)(sc->end - sc->p) <= n || memcmp(sc->p, lit, n)) return false;
    sc->p += n - 1;
    return true;
}

/* A plain string value at sc->p, kept as field k. */
static inline bool lead_value(scan *sc, int k)
{
    return (sc->fs->v[k] = scan_string_value(sc)) != NULL;
}

/* The start nearly every line has: "case", "type" and "date" first, in SPEC §4's order, with
 * no white space, read with three fixed compares and three searches for a quote. true: sc
 * is past the date's value; false: nothing is taken, for the general loop to read. */
static bool scan_lead(scan *sc)
{
#define KEY(lit) lead_key(sc, lit, sizeof lit - 1)
    const unsigned char *start = sc->p;
    if (KEY("{\"case\":\"") && lead_value(sc, F_CASE) && KEY(",\"type\":\"") &&
        lead_value(sc, F_TYPE) && KEY(",\"date\":\"") && lead_value(sc, F_DATE))
        return true;
    sc->fs->v[F_CASE] = sc->fs->v[F_TYPE] = sc->fs->v[F_DATE] = NULL;
    sc->fs->n_pool = 0;
    sc->p = start;
    return false;
#undef KEY
}

/* Members up to the object's closing brace; sc is at the first member's key. */
static bool scan_members(scan *sc)
{
    rt_fields *fs = sc->fs;
    do {
        int k;
        size_t used;
        if (sc->p < sc->end && *sc->p == '"' && (k = known_key(sc->p + 1, sc->end, &used)) >= 0) {
            sc->p += 1 + used;
        } else {
            const char *key;
            size_t key_len;
            if (!scan_string(sc, &key, &key_len) || !scan_char(sc, ':')) return false;
            k = field_of(key, key_len);
            if (k < 0 && key_slip(sc->x, key, key_len, false) >= 0) return false; /* worded */
        }
        js_value *v;
        if (sc->p < sc->end && *sc->p == '"') { /* most values: a string, straight after */
            if (!(v = scan_string_value(sc))) return false;
        } else {
            unsigned char c = scan_peek(sc);
            if (c == '[' && k == F_INCLUDES) sc->p++, v = scan_list(sc);
            else if (c == '{' && k == F_FACTS) sc->p++, v = scan_facts(sc);
            else v = scan_scalar(sc);
        }
        if (!v || (k >= 0 && fs->v[k])) return false;
        if (k >= 0) fs->v[k] = v;
    } while (scan_char(sc, ','));
    return scan_char(sc, '}');
}

/* The object at s, sc left just past it. */
static bool scan_object(scan *sc, const char *s, size_t n, rt_fact_index *x, rt_fields *fs)
{
    *sc = (scan){(const unsigned char *)s, (const unsigned char *)s + n, fs, x};
    rt_fields_begin(fs);
    if (scan_lead(sc)) return scan_char(sc, ',') ? scan_members(sc) : scan_char(sc, '}');
    return scan_char(sc, '{') && (scan_char(sc, '}') || scan_members(sc));
}

bool rt_fields_scan(const char *s, size_t n, rt_fact_index *x, rt_fields *fs)
{
    scan sc;
    return scan_object(&sc, s, n, x, fs) && scan_peek(&sc) == 0 && sc.p == sc.end;
}

bool rt_fields_scan_line(const char *s, size_t n, rt_fact_index *x, rt_fields *fs, size_t *len)
{
    scan sc;
    if (!scan_object(&sc, s, n, x, fs) || (scan_peek(&sc) != '\n' && sc.p != sc.end)) return false;
    *len = (size_t)((const char *)sc.p - s);
    return true;
}

static bool get_string(const rt_fields *fs, int id, const js_value **out, why_t *w)
{
    const char *key = field_tab[id].name;
    *out = fs->v[id];
    if (*out && (*out)->kind != JS_STRING) return why(w, "\"%s\" must be a string", key);
    return true;
}

/* What a yes/no must be, in the words the log's format takes. */
static const char *yes_no_words(const rt_fact_index *x)
{
    return x->csv ? "true or false (or yes/no, y/n)" : "true or false";
}

static bool get_bool(const rt_fact_index *x, const rt_fields *fs, int id, int8_t *out, why_t *w)
{
    const char *key = field_tab[id].name;
    const js_value *v = fs->v[id];
    *out = -1;
    if (!v) return true;
    if (v->kind != JS_TRUE && v->kind != JS_FALSE)
        return why(w, "\"%s\" must be %s", key, yes_no_words(x));
    *out = v->kind == JS_TRUE;
    return true;
}

/* What a date from a CRM most likely was, when it is a date with a time of day after it, or
 * one written day first: said after the error, as the reader takes neither (SPEC §3). */
static const char *date_hint(const js_value *v, char *buf, size_t len)
{
    rt_day d;
    const char *s = v->s;
    if (v->kind != JS_STRING || v->len < 10) return "";
    if (v->len > 10 && (s[10] == 'T' || s[10] == ' ') && rt_parse_date(s, 10, &d))
        return "; give the date alone, without its time of day (the day a time falls on "
               "depends on its time zone)";
    if (v->len > 10 || s[2] != '/' || s[5] != '/') return "";
    char iso[11] = {s[6], s[7], s[8], s[9], '-', s[3], s[4], '-', s[0], s[1], '\0'};
    if (!rt_parse_date(iso, 10, &d)) return "";
    snprintf(buf, len, "; if it is day first, as in the UK, that is \"%s\"", iso);
    return buf;
}

static bool bad_date(why_t *w, const char *key, const js_value *v)
{
    char b[64], hint[64];
    return why(w, "bad date %s in \"%s\": want YYYY-MM-DD from 1900-01-01 to 2199-12-31%s",
               shown(v, b, sizeof b), key, date_hint(v, hint, sizeof hint));
}

static bool get_date(const rt_fields *fs, int id, rt_day *out, why_t *w)
{
    const char *key = field_tab[id].name;
    const js_value *v = fs->v[id];
    if (!v) return true;
    if (v->kind != JS_STRING || !rt_parse_date(v->s, v->len, out)) return bad_date(w, key, v);
    return true;
}

static bool fact_value(rt_fact_index *x, const rt_fact_desc *f, const js_value *v, rt_arena *a,
                       rt_value *out, why_t *w)
{
    static const char *const type_names[] = {"true or false", "an integer", "a date",
                                             "money in whole pence", "text", "one of"};
    char b[64];
    if (fact_known(x, f, v, out)) {
        if (out->known && f->type == RT_T_TEXT) out->s = rt_arena_strndup(a, v->s, v->len);
        return true;
    }
    if (f->type == RT_T_ENUM) { /* the values, as many as fit in a line's message with what
                                   was given and the value it is nearest, which always do */
        char list[200];
        size_t used = 0;
        int k = 0;
        for (; k < f->n_enum; k++) {
            size_t need = strlen(f->enum_values[k]) + (k ? 2 : 0);
            if (used + need > sizeof list - 24) break;
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "",
                                     f->enum_values[k]);
        }
        if (k < f->n_enum)
            snprintf(list + used, sizeof list - used, ", ... (%d in all)", f->n_enum);
        char m[80];
        return why(w, "fact \"%s\" must be one of %s, not %s%s", f->name, list, shown(v, b, sizeof b),
                   meant(v, f->enum_values, f->n_enum, m, sizeof m));
    }
    char hint[64];
    bool whole = v->kind == JS_NUMBER && !memchr(v->s, '.', v->len) && !memchr(v->s, 'e', v->len) &&
                 !memchr(v->s, 'E', v->len); /* a whole number, so too large */
    return why(w, "fact \"%s\" must be %s%s, not %s%s", f->name,
               f->type == RT_T_BOOL ? yes_no_words(x) : type_names[f->type],
               f->type == RT_T_MONEY && whole ? " under \u00a31,000,000,000,000 either way" : "",
               shown(v, b, sizeof b), f->type == RT_T_DATE ? date_hint(v, hint, sizeof hint) : "");
}

static rt_event_more *more(rt_event *ev, rt_arena *a)
{
    if (!ev->more) {
        ev->more = rt_arena_alloc(a, sizeof *ev->more);
        memset(ev->more, 0, sizeof *ev->more);
    }
    return ev->more;
}

/* Whether a key of the object of facts that the policy does not read is a slip from a fact
 * it does that the object does not give (set, n: those it gives), as for fields
 * (rt_fields_index): then why says so. Looked for only once a key was found to be a slip,
 * after every fact is read, so that it takes the facts given, not every key, for each. */
#if defined(__GNUC__)
__attribute__((noinline, cold)) /* placed apart, as key_search */
#endif
static bool misspelt_fact(rt_fact_index *x, const js_value *facts, const rt_fact_set *set, int n,
                          why_t *w)
{
    for (size_t k = 0; k < facts->n; k++) {
        const js_member *m = &facts->members[k];
        int meant = fact_named(x, m->key, m->key_len) < 0 ? key_slip(x, m->key, m->key_len, true) : -1;
        bool given = false;
        for (int j = 0; meant >= 0 && j < n && !given; j++) given = set[j].fact == meant;
        if (meant < 0 || given) continue;
        char what[96];
        snprintf(what, sizeof what, "fact %s reads", x->p->id);
        return !slipped(w, what, m->key, m->key_len, x->p->facts[meant].name);
    }
    return false;
}

static bool read_facts(rt_fact_index *x, const rt_fields *fs, rt_arena *a, rt_event *ev,
                       why_t *w)
{
    const rt_policy *p = x->p;
    const js_value *facts = fs->v[F_FACTS];
    if (!facts) return true;
    if (facts->kind != JS_OBJECT) return why(w, "\"facts\" must be an object");
    rt_event_more *m = more(ev, a); /* the facts go just after it (rt_held.c fetches both) */
    if (fs->n_facts >= 0) { /* read for this policy by the fast reader: texts still to copy */
        size_t n = (size_t)fs->n_facts;
        rt_fact_set *set = m->facts = rt_arena_alloc(a, (n ? n : 1) * sizeof *set);
        memcpy(set, fs->facts, n * sizeof *set);
        for (size_t k = 0; k < n; k++)
            if (set[k].text && set[k].known) set[k].u.s = rt_arena_strndup(a, set[k].u.s, fs->text_len[k]);
        ev->n_facts = (int16_t)n;
        return true;
    }
    rt_fact_set *set = m->facts = rt_arena_alloc(a, (facts->n ? facts->n : 1) * sizeof *set);
    bool slip = false; /* a key the policy does not read is a slip from one it does */
    for (size_t k = 0; k < facts->n; k++) {
        const js_member *m = &facts->members[k];
        int fi = fact_named(x, m->key, m->key_len);
        if (fi < 0) { /* a fact this policy does not read, unless misspelt */
            slip = slip || key_slip(x, m->key, m->key_len, true) >= 0;
            continue;
        }
        for (int j = 0; j < ev->n_facts; j++)
            if (set[j].fact == fi)
                return why(w, "fact \"%s\" is given twice", p->facts[fi].name);
        rt_value v;
        if (!fact_value(x, &p->facts[fi], m->value, a, &v, w)) return false;
        set[ev->n_facts++] = rt_fact_set_of(fi, v, p->facts[fi].type == RT_T_TEXT);
    }
    return !slip || !misspelt_fact(x, facts, set, ev->n_facts, w);
}

/* "includes" as bits of the policy's elements; names no stage lists are let be. */
static bool read_includes(const rt_fact_index *x, const rt_fields *fs, rt_arena *a, rt_event *ev,
                          why_t *w)
{
    const js_value *v = fs->v[F_INCLUDES];
    if (v && v->kind != JS_ARRAY) return why(w, "\"includes\" must be a list of strings");
    if (!v) return true;
    uint64_t bits = 0;
    int n = fs->n_inc;
    if (n >= 0) { /* read into bits by the fast reader */
        bits = fs->includes;
    } else { /* read by the full parser, or without the policy's index */
        for (size_t i = 0; i < v->n; i++) {
            if (v->items[i]->kind != JS_STRING)
                return why(w, "\"includes\" must be a list of strings");
            bits |= rt_inc_mask(&x->inc, v->items[i]->s, v->items[i]->len);
        }
        n = (int)v->n;
    }
    more(ev, a)->includes = bits;
    ev->n_includes = (int16_t)(n < INT16_MAX ? n : INT16_MAX);
    return true;
}

static bool read_type_fields(const rt_fact_index *x, const rt_fields *fs, rt_arena *a,
                             rt_event *ev, why_t *w)
{
    const rt_policy *p = x->p;
    const js_value *v;
    char b[64], m[64];
    switch (ev->type) {
    case RT_EV_RECEIVED:
        if (!get_string(fs, F_KIND, &v, w)) return false;
        if (v) {
            int kind = lookup_sized(rt_kind_names, x->kind_len, RT_KIND_COUNT, v);
            if (kind < 0)
                return why(w, "\"kind\" must be one of complaint, service_request, comment, "
                              "compliment, question, mp_enquiry, not %s%s", shown(v, b, sizeof b),
                           meant(v, rt_kind_names, RT_KIND_COUNT, m, sizeof m));
            ev->kind = (uint8_t)kind;
        }
        if (!get_string(fs, F_STAGE, &v, w)) return false;
        if (v) {
            for (int i = 0; i < p->n_stages; i++)
                if (v->len && p->stages[i].id[0] == v->s[0] && name_is(p->stages[i].id, v->s, v->len))
                    ev->stage = i;
            if (ev->stage < 0)
                return why(w, "\"stage\" %s names no stage of policy %s%s", shown(v, b, sizeof b),
                           p->id, meant_stage(p, v, m, sizeof m));
        }
        return true;
    case RT_EV_RESPONDED:
        if (!get_string(fs, F_OUTCOME, &v, w)) return false;
        if (v && (ev->outcome = (int8_t)lookup_sized(rt_outcome_names, x->outcome_len, 3, v)) < 0)
            return why(w, "\"outcome\" must be one of upheld, partly_upheld, not_upheld, not %s%s",
                       shown(v, b, sizeof b), meant(v, rt_outcome_names, 3, m, sizeof m));
        return read_includes(x, fs, a, ev, w);
    case RT_EV_EXTENDED: {
        int64_t n;
        v = fs->v[F_WORKING_DAYS];
        if (v && (!rt_json_int(v, &n) || n < 1 || n > MAX_EXTENSION_DAYS))
            return why(w, "\"working_days\" must be a whole number from 1 to %d",
                       MAX_EXTENSION_DAYS);
        if (v) ev->working_days = (int)n;
        if (!get_date(fs, F_UNTIL, &ev->until, w)) return false;
        if (!v && ev->until == RT_NODATE)
            return why(w, "an \"extended\" event needs \"working_days\" or \"until\"");
        if (!get_bool(x, fs, F_AGREED, &ev->agreed, w)) return false;
        break;
    }
    case RT_EV_ESCALATION_REQUESTED:
        if (!get_bool(x, fs, F_REASONS, &ev->reasons, w)) return false;
        break;
    default:
        break;
    }
    if (!get_string(fs, F_REASON, &v, w)) return false;
    if (v) more(ev, a)->reason = rt_arena_strndup(a, v->s, v->len);
    return true;
}

bool rt_event_from_fields(rt_fact_index *x, const rt_fields *fs, rt_arena *a, rt_event *ev,
                          char *why_buf, size_t why_len)
{
    why_t w = {why_buf, why_len};
    memset(ev, 0, sizeof *ev);
    ev->stage = ev->outcome = ev->agreed = ev->reasons = ev->n_includes = -1;
    ev->until = RT_NODATE;
    ev->kind = RT_KIND_COMPLAINT;
    const js_value *v = fs->v[F_CASE];
    if (!v) return why(&w, "missing \"case\"");
    if (v->kind == JS_NUMBER) { /* a CRM's numbered case, most likely: say how to give it */
        char b[64];
        return why(&w, "\"case\" must be a non-empty string, not the number %s (give it as \"%s\")",
                   shown(v, b, sizeof b), b);
    }
    if (v->kind != JS_STRING || v->len == 0) return why(&w, "\"case\" must be a non-empty string");
    v = fs->v[F_TYPE];
    if (!v) return why(&w, "missing \"type\"");
    if (v->kind != JS_STRING) return why(&w, "\"type\" must be a string");
    int t = event_type(x, v->s, v->len);
    if (t < 0) {
        char b[64], m[64];
        return why(&w, "unknown event type %s%s", shown(v, b, sizeof b),
                   meant(v, rt_ev_names, RT_EV_COUNT, m, sizeof m));
    }
    ev->type = (rt_ev_type)t;
    v = fs->v[F_DATE];
    if (!v) return why(&w, "missing \"date\"");
    if (v->kind != JS_STRING || !event_date(x, v->s, v->len, &ev->date))
        return bad_date(&w, "date", v);
    if (!read_type_fields(x, fs, a, ev, &w)) return false;
    return read_facts(x, fs, a, ev, &w);
}
