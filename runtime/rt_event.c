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
        snprintf(buf, len, "%.40s", v->s);
    } else if (v->kind != JS_STRING) {
        snprintf(buf, len, "%s", kinds[v->kind]);
    } else {
        size_t k = 0, max = len > 60 ? 56 : len - 4;
        buf[k++] = '"';
        for (size_t i = 0; i < v->len && k < max; i++) {
            unsigned char c = (unsigned char)v->s[i];
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
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

static int lookup(const char *const *names, int n, const js_value *v)
{
    for (int i = 0; i < n; i++)
        if (strlen(names[i]) == v->len && memcmp(names[i], v->s, v->len) == 0) return i;
    return -1;
}

/* The fields of an event object, found in one pass over its members, so each is then had
 * without a search. A field given twice is an error: which of the two a CRM meant is unknown. */
enum { F_CASE, F_TYPE, F_DATE, F_KIND, F_STAGE, F_OUTCOME, F_INCLUDES, F_WORKING_DAYS, F_UNTIL,
       F_AGREED, F_REASONS, F_REASON, F_FACTS, F_COUNT };
#define FIELD(name) {name, sizeof name - 1}
static const struct {
    const char *name;
    size_t len;
} field_tab[F_COUNT] = {
    FIELD("case"), FIELD("type"), FIELD("date"), FIELD("kind"), FIELD("stage"),
    FIELD("outcome"), FIELD("includes"), FIELD("working_days"), FIELD("until"),
    FIELD("agreed"), FIELD("reasons"), FIELD("reason"), FIELD("facts")};
#undef FIELD

typedef struct {
    const js_value *v[F_COUNT];
} fields;

static bool is_field(const js_member *m, int k)
{
    return m->key_len == field_tab[k].len && m->key[0] == field_tab[k].name[0] &&
           !memcmp(m->key, field_tab[k].name, m->key_len);
}

/* Returns the first field given twice, or -1. */
static int index_fields(const js_value *obj, fields *fs)
{
    memset(fs, 0, sizeof *fs);
    for (size_t i = 0; i < obj->n; i++) {
        const js_member *m = &obj->members[i];
        for (int k = 0; k < F_COUNT; k++)
            if (is_field(m, k)) {
                if (fs->v[k]) return k;
                fs->v[k] = m->value;
                break;
            }
    }
    return -1;
}

bool rt_event_case(const js_value *obj, const char **id, size_t *len)
{
    const js_value *v = NULL;
    if (obj->kind != JS_OBJECT) return false;
    for (size_t i = 0; i < obj->n; i++)
        if (is_field(&obj->members[i], F_CASE)) {
            if (v) return false;
            v = obj->members[i].value;
        }
    if (!v || v->kind != JS_STRING || v->len == 0) return false;
    *id = v->s;
    *len = v->len;
    return true;
}

static bool get_string(const fields *fs, int id, const js_value **out, why_t *w)
{
    const char *key = field_tab[id].name;
    *out = fs->v[id];
    if (*out && (*out)->kind != JS_STRING) return why(w, "\"%s\" must be a string", key);
    return true;
}

static bool get_bool(const fields *fs, int id, int8_t *out, why_t *w)
{
    const char *key = field_tab[id].name;
    const js_value *v = fs->v[id];
    *out = -1;
    if (!v) return true;
    if (v->kind != JS_TRUE && v->kind != JS_FALSE)
        return why(w, "\"%s\" must be true or false", key);
    *out = v->kind == JS_TRUE;
    return true;
}

static bool bad_date(why_t *w, const char *key, const js_value *v)
{
    char b[64];
    return why(w, "bad date %s in \"%s\": want YYYY-MM-DD from 1900-01-01 to 2199-12-31",
               shown(v, b, sizeof b), key);
}

static bool get_date(const fields *fs, int id, rt_day *out, why_t *w)
{
    const char *key = field_tab[id].name;
    const js_value *v = fs->v[id];
    if (!v) return true;
    if (v->kind != JS_STRING || !rt_parse_date(v->s, v->len, out)) return bad_date(w, key, v);
    return true;
}

static bool fact_value(const rt_fact_desc *f, const js_value *v, rt_arena *a, rt_value *out,
                       why_t *w)
{
    static const char *const type_names[] = {"true or false", "an integer", "a date",
                                             "money in whole pence", "text", "one of"};
    char b[64];
    *out = rt_unknown();
    if (v->kind == JS_NULL) return true; /* null: not known */
    int64_t i;
    rt_day d;
    switch (f->type) {
    case RT_T_BOOL:
        if (v->kind != JS_TRUE && v->kind != JS_FALSE) break;
        *out = rt_known_int(v->kind == JS_TRUE);
        return true;
    case RT_T_INT:
    case RT_T_MONEY:
        if (!rt_json_int(v, &i)) break;
        *out = rt_known_int(i);
        return true;
    case RT_T_DATE:
        if (v->kind != JS_STRING || !rt_parse_date(v->s, v->len, &d)) break;
        *out = rt_known_int(d);
        return true;
    case RT_T_TEXT:
        if (v->kind != JS_STRING) break;
        *out = rt_known_text(rt_arena_strndup(a, v->s, v->len));
        return true;
    case RT_T_ENUM:
        if (v->kind != JS_STRING) break;
        i = lookup(f->enum_values, f->n_enum, v);
        if (i < 0) break;
        *out = rt_known_int(i);
        return true;
    }
    if (f->type == RT_T_ENUM) {
        char list[256] = "";
        for (int k = 0; k < f->n_enum; k++) {
            size_t used = strlen(list);
            snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "", f->enum_values[k]);
        }
        return why(w, "fact \"%s\" must be one of %s, not %s", f->name, list, shown(v, b, sizeof b));
    }
    return why(w, "fact \"%s\" must be %s, not %s", f->name, type_names[f->type],
               shown(v, b, sizeof b));
}

static bool read_facts(const rt_policy *p, const fields *fs, rt_arena *a, rt_event *ev,
                       why_t *w)
{
    const js_value *facts = fs->v[F_FACTS];
    if (!facts) return true;
    if (facts->kind != JS_OBJECT) return why(w, "\"facts\" must be an object");
    ev->facts = rt_arena_alloc(a, (facts->n ? facts->n : 1) * sizeof *ev->facts);
    for (size_t k = 0; k < facts->n; k++) {
        const js_member *m = &facts->members[k];
        int fi = -1;
        for (int j = 0; j < p->n_facts; j++)
            if (strlen(p->facts[j].name) == m->key_len &&
                memcmp(p->facts[j].name, m->key, m->key_len) == 0)
                fi = j;
        if (fi < 0) continue; /* a fact this policy does not read */
        for (int j = 0; j < ev->n_facts; j++)
            if (ev->facts[j].fact == fi)
                return why(w, "fact \"%s\" is given twice", p->facts[fi].name);
        rt_fact_set *fs = &ev->facts[ev->n_facts++];
        fs->fact = fi;
        if (!fact_value(&p->facts[fi], m->value, a, &fs->v, w)) return false;
    }
    return true;
}

static bool read_type_fields(const rt_policy *p, const fields *fs, rt_arena *a,
                             rt_event *ev, why_t *w)
{
    const js_value *v;
    char b[64];
    switch (ev->type) {
    case RT_EV_RECEIVED:
        if (!get_string(fs, F_KIND, &v, w)) return false;
        if (v) {
            int kind = lookup(rt_kind_names, RT_KIND_COUNT, v);
            if (kind < 0)
                return why(w, "\"kind\" must be one of complaint, service_request, comment, "
                              "compliment, question, mp_enquiry, not %s", shown(v, b, sizeof b));
            ev->kind = (uint8_t)kind;
        }
        if (!get_string(fs, F_STAGE, &v, w)) return false;
        if (v) {
            for (int i = 0; i < p->n_stages; i++)
                if (strlen(p->stages[i].id) == v->len && !memcmp(p->stages[i].id, v->s, v->len))
                    ev->stage = i;
            if (ev->stage < 0)
                return why(w, "\"stage\" %s names no stage of policy %s", shown(v, b, sizeof b),
                           p->id);
        }
        return true;
    case RT_EV_RESPONDED:
        if (!get_string(fs, F_OUTCOME, &v, w)) return false;
        if (v && (ev->outcome = (int8_t)lookup(rt_outcome_names, 3, v)) < 0)
            return why(w, "\"outcome\" must be one of upheld, partly_upheld, not_upheld, not %s",
                       shown(v, b, sizeof b));
        v = fs->v[F_INCLUDES];
        if (v && v->kind != JS_ARRAY) return why(w, "\"includes\" must be a list of strings");
        if (!v) return true;
        ev->includes = rt_arena_alloc(a, (v->n ? v->n : 1) * sizeof *ev->includes);
        ev->n_includes = 0;
        for (size_t i = 0; i < v->n; i++) {
            if (v->items[i]->kind != JS_STRING)
                return why(w, "\"includes\" must be a list of strings");
            ev->includes[ev->n_includes++] = rt_arena_strndup(a, v->items[i]->s, v->items[i]->len);
        }
        return true;
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
        if (!get_bool(fs, F_AGREED, &ev->agreed, w)) return false;
        break;
    }
    case RT_EV_ESCALATION_REQUESTED:
        if (!get_bool(fs, F_REASONS, &ev->reasons, w)) return false;
        break;
    default:
        break;
    }
    if (!get_string(fs, F_REASON, &v, w)) return false;
    if (v) ev->reason = rt_arena_strndup(a, v->s, v->len);
    return true;
}

bool rt_event_from_json(const rt_policy *p, const js_value *obj, rt_arena *a, rt_event *ev,
                        const char **case_id, size_t *case_len, char *why_buf, size_t why_len)
{
    why_t w = {why_buf, why_len};
    memset(ev, 0, sizeof *ev);
    ev->stage = ev->outcome = ev->agreed = ev->reasons = ev->n_includes = -1;
    ev->until = RT_NODATE;
    ev->kind = RT_KIND_COMPLAINT;
    if (obj->kind != JS_OBJECT) return why(&w, "an event must be a JSON object");
    fields fs;
    int twice = index_fields(obj, &fs);
    if (twice >= 0) return why(&w, "\"%s\" is given twice", field_tab[twice].name);
    const js_value *v = fs.v[F_CASE];
    if (!v) return why(&w, "missing \"case\"");
    if (v->kind != JS_STRING || v->len == 0) return why(&w, "\"case\" must be a non-empty string");
    *case_id = v->s;
    *case_len = v->len;
    v = fs.v[F_TYPE];
    if (!v) return why(&w, "missing \"type\"");
    if (v->kind != JS_STRING) return why(&w, "\"type\" must be a string");
    int t = lookup(rt_ev_names, RT_EV_COUNT, v);
    if (t < 0) {
        char b[64];
        return why(&w, "unknown event type %s", shown(v, b, sizeof b));
    }
    ev->type = (rt_ev_type)t;
    v = fs.v[F_DATE];
    if (!v) return why(&w, "missing \"date\"");
    if (v->kind != JS_STRING || !rt_parse_date(v->s, v->len, &ev->date))
        return bad_date(&w, "date", v);
    if (!read_type_fields(p, &fs, a, ev, &w)) return false;
    return read_facts(p, &fs, a, ev, &w);
}
