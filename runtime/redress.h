/* redress.h: the one header a compiled complaints engine includes.
 * Describes a policy as data tables plus rule functions; the runtime does the rest. */
#ifndef REDRESS_H
#define REDRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RT_VERSION "0.1.0"

typedef struct rt_case rt_case;

/* ---- dates: days since 1900-01-01 (day 0); RT_NODATE when unknown ---- */
typedef int32_t rt_day;
#define RT_NODATE INT32_MIN
#define RT_DAY_MIN 0         /* 1900-01-01 */
#define RT_DAY_MAX 109572    /* 2199-12-31 */

rt_day rt_day_from_ymd(int y, int m, int d);            /* no range check */
void rt_day_to_ymd(rt_day day, int *y, int *m, int *d);
int rt_weekday(rt_day day);                              /* 0 = Monday .. 6 = Sunday */
bool rt_parse_date(const char *s, size_t n, rt_day *out); /* YYYY-MM-DD, in range */
void rt_format_date(rt_day day, char out[11]);
rt_day rt_add_months(rt_day day, int months);
/* Dates as extern functions see them: YYYYMMDD as one integer (2024-03-28 is 20240328). */
int32_t rt_ymd(rt_day day);
rt_day rt_from_ymd(int32_t ymd);                         /* RT_NODATE unless valid */

/* ---- calendars and working days ---- */
typedef enum { RT_CAL_ENGLAND_WALES, RT_CAL_SCOTLAND, RT_CAL_NORTHERN_IRELAND } rt_calendar_id;
typedef struct rt_calendar rt_calendar;
/* Bank holidays of one calendar in one year, sorted; returns the count (at most 16). */
int rt_bank_holidays(rt_calendar_id cal, int year, rt_day out[16]);
typedef bool (*rt_closed_fn)(rt_day day, const void *ctx);
rt_calendar *rt_calendar_new(rt_calendar_id cal, const rt_day *closures, int n_closures);
/* The same, asking closed() about each weekday that is not a bank holiday (closed may be NULL). */
rt_calendar *rt_calendar_new_with(rt_calendar_id cal, const rt_day *closures, int n_closures,
                                  rt_closed_fn closed, const void *ctx);
void rt_calendar_free(rt_calendar *c);
bool rt_is_working_day(const rt_calendar *c, rt_day day);
rt_day rt_add_working_days(const rt_calendar *c, rt_day day, int n); /* the nth after day */
int rt_working_days_between(const rt_calendar *c, rt_day from, rt_day to); /* in (from, to] */

typedef enum { RT_WORKING_DAYS, RT_DAYS, RT_WEEKS, RT_MONTHS } rt_unit;
rt_day rt_add_period(const rt_calendar *c, rt_day day, int n, rt_unit unit);

/* ---- values and three-valued logic for rule conditions ---- */
typedef enum { RT_FALSE = 0, RT_TRUE = 1, RT_UNKNOWN = 2 } rt_tri;
typedef enum { RT_T_BOOL, RT_T_INT, RT_T_DATE, RT_T_MONEY, RT_T_TEXT, RT_T_ENUM } rt_type;
typedef struct {
    bool known;
    int64_t i;           /* bool 0/1, integer, date (rt_day), money (pence), enum index */
    const char *s;       /* text */
} rt_value;

/* These few are made and tested for every fact of every event and rule: inline, not calls. */
static inline rt_value rt_known_int(int64_t i) { return (rt_value){.known = true, .i = i}; }
static inline rt_value rt_known_text(const char *s) { return (rt_value){.known = true, .s = s}; }
static inline rt_value rt_unknown(void) { return (rt_value){.known = false}; }
static inline rt_tri rt_truth(rt_value v) { return !v.known ? RT_UNKNOWN : v.i ? RT_TRUE : RT_FALSE; }
static inline rt_tri rt_not(rt_tri a)
{
    return a == RT_UNKNOWN ? RT_UNKNOWN : a == RT_TRUE ? RT_FALSE : RT_TRUE;
}
static inline rt_tri rt_and(rt_tri a, rt_tri b)
{
    if (a == RT_FALSE || b == RT_FALSE) return RT_FALSE;
    return a == RT_TRUE && b == RT_TRUE ? RT_TRUE : RT_UNKNOWN;
}
static inline rt_tri rt_or(rt_tri a, rt_tri b)
{
    if (a == RT_TRUE || b == RT_TRUE) return RT_TRUE;
    return a == RT_FALSE && b == RT_FALSE ? RT_FALSE : RT_UNKNOWN;
}
typedef enum { RT_EQ, RT_NE, RT_LT, RT_LE, RT_GT, RT_GE } rt_cmp_op;
rt_tri rt_compare(rt_value a, rt_cmp_op op, rt_value b);
rt_tri rt_text_equal(rt_value a, rt_value b, bool negate);
/* a is more than n units after b (strictly later than b + n units) */
rt_tri rt_more_than_after(const rt_case *c, rt_value a, int n, rt_unit unit, rt_value b);
/* a is within n units after b (b <= a <= b + n units) */
rt_tri rt_within_after(const rt_case *c, rt_value a, int n, rt_unit unit, rt_value b);

/* ---- the policy as data ---- */
typedef rt_tri (*rt_cond_fn)(const rt_case *c, const void *ctx);

typedef struct {
    const char *name;
    rt_type type;
    const char *const *enum_values;
    int n_enum;
    int fallback;        /* index of the fact used when this one is unknown, or -1 */
} rt_fact_desc;

typedef enum {
    RT_KIND_COMPLAINT, RT_KIND_SERVICE_REQUEST, RT_KIND_COMMENT, RT_KIND_COMPLIMENT,
    RT_KIND_QUESTION, RT_KIND_MP_ENQUIRY, RT_KIND_COUNT
} rt_kind;

typedef struct {
    rt_kind kind;
    const char *cite;
    const char *assumption;  /* may be NULL */
} rt_nonc_desc;              /* "not a complaint" */

typedef struct {
    const char *name;
    const char *reason;
    const char *cite;
    const char *assumption;
    const char *when_text;   /* the condition as written, for explain */
    rt_cond_fn when;         /* already folds in the unless-exception */
    const void *ctx;
} rt_refusal_desc;

typedef enum { RT_DUTY_RESOLVE, RT_DUTY_ACKNOWLEDGE, RT_DUTY_RESPOND, RT_DUTY_COUNT } rt_duty_kind;
typedef enum { RT_ANCHOR_RECEIPT, RT_ANCHOR_REQUEST, RT_ANCHOR_ACK, RT_ANCHOR_RESPONSE } rt_anchor;

typedef struct {
    rt_duty_kind kind;
    int n;
    rt_unit unit;
    rt_anchor anchor;
    const char *cite;
    const char *assumption;
    /* respond duties: the most working days extensions may add (-1: no cap), and whether
     * more is allowed when the customer agrees */
    int ext_max;
    bool ext_more_if_agreed;
    const char *ext_cite;
} rt_duty_desc;

typedef struct {
    const char *id;
    const char *title;
    const char *handler;
    const char *handler_cite;
    /* how a case enters it: on receipt (the first stage), at the customer's request (within
     * a window after the previous stage's response when window_n > 0, with reasons when
     * reasons_required), or automatically when the previous stage's target passes */
    bool on_receipt;
    const char *receipt_cite;
    const char *receipt_assumption;
    bool on_request;
    int window_n;
    rt_unit window_unit;
    bool reasons_required;
    const char *request_cite;
    const char *request_assumption;
    bool automatic;
    const char *auto_cite;
    const char *auto_assumption;
    /* what the customer must be told of an extension, and of one beyond the limit (or NULL) */
    const char *tell, *tell_cite, *tell_beyond, *tell_beyond_cite;
    /* closes by itself close_n units after its response with no reply (0: does not) */
    int close_n;
    rt_unit close_unit;
    const char *close_cite;
    /* what its response must include */
    const char *const *includes;
    int n_includes;
    const char *includes_cite;
    const rt_duty_desc *duties;
    int n_duties;
} rt_stage_desc;

typedef struct {
    const char *name;
    const char *to;      /* the procedure that handles it instead */
    const char *cite;
    const char *assumption;
    const char *when_text;
    rt_cond_fn when;
    const void *ctx;
} rt_redirect_desc;

typedef struct {
    const char *text;    /* what the customer is told */
    const char *cite;
    const char *when_text;
    rt_cond_fn when;
    const void *ctx;
} rt_advice_desc;

/* Compensation: awards, the conditions that bar money, offsets and approval bands. */
typedef enum { RT_AWARD_FIXED, RT_AWARD_DAILY } rt_award_kind;
typedef struct {
    const char *name;
    rt_award_kind kind;
    int64_t pence;       /* fixed amount, or the daily rate */
    int amount_fact;     /* fixed: the money fact holding the amount, or -1 */
    int from_fact;       /* daily: the dates it runs between (until unknown: the as-of date) */
    int until_fact;
    int64_t cap_pence;   /* -1: no cap */
    const char *when_text;
    rt_cond_fn when;     /* NULL: always */
    const void *ctx;
    const char *cite;
    const char *assumption;
} rt_award_desc;

typedef struct {
    const char *when_text;
    rt_cond_fn when;
    const void *ctx;
    const char *cite;
    const char *assumption;
} rt_bar_desc;           /* "no compensation when ..." */

typedef struct {
    bool present;
    int fact;            /* the money fact owed to the landlord */
    const char *when_text;
    rt_cond_fn when;     /* NULL: always */
    const void *ctx;
    const char *cite;
    const char *assumption;
} rt_offset_desc;

/* Unreasonable behaviour: contact restricted from a date the log gives, reviewed by another
 * date it gives, or within a period of the start, or (neither) when the policy says not. */
typedef struct {
    bool present;
    int from;            /* the date fact: when contact was restricted */
    int review;          /* the date fact: when it is to be reviewed; -1: none */
    int n;               /* or reviewed within n units of the start; -1: no period */
    rt_unit unit;
    const char *cite;
    const char *assumption;
} rt_restriction_desc;

typedef struct {
    int64_t from_pence;  /* the band is [from, below) */
    int64_t below_pence; /* -1: no upper limit */
    const char *who;
    const char *cite;
} rt_band_desc;

typedef struct {
    bool present;
    int stage;           /* the stage whose response starts the wait */
    int n;
    rt_unit unit;
    const char *cite;
    const char *assumption;
} rt_ombudsman_desc;

/* A measure the policy promises to report (`measure "..." is upheld at stage1`). */
typedef enum {
    RT_M_RECEIVED, RT_M_ON_TIME, RT_M_UPHELD, RT_M_RESOLVED, RT_M_ESCALATED, RT_M_REFUSED,
    RT_M_REFERRED, RT_M_COMPENSATION
} rt_measure_kind;
typedef struct {
    const char *name;
    rt_measure_kind kind;
    int stage;
    const char *cite;
} rt_measure_desc;

typedef struct {
    const char *name;    /* outcome value */
    const char *cite;
} rt_outcome_desc;

/* A scenario written in the policy file, run by `NAME-complaints test`. */
typedef struct {
    const char *key;     /* a core field's name (kind, stage, outcome, working_days, ...) */
    int fact;            /* or the index of a declared fact, -1 for core fields */
    bool known;          /* facts only: false for "unknown" */
    int64_t i;
    const char *s;       /* text; for "includes", the names separated by spaces */
} rt_scn_field;

typedef struct {
    rt_day date;
    const char *type;
    const rt_scn_field *fields;
    int n_fields;
} rt_scn_event;

typedef enum {
    RT_EXPECT_STATUS, RT_EXPECT_STAGE, RT_EXPECT_REFUSAL,
    RT_EXPECT_DUE, RT_EXPECT_DUTY_STATUS, RT_EXPECT_WINDOW_OPENS, RT_EXPECT_WINDOW_CLOSES,
    RT_EXPECT_NOTE, RT_EXPECT_AWARD, RT_EXPECT_TOTAL, RT_EXPECT_PAYABLE, RT_EXPECT_APPROVAL
} rt_expect_kind;

typedef struct {
    rt_expect_kind kind;
    const char *stage;   /* duty expectations */
    const char *name;    /* duty or window name */
    const char *text;    /* status, stage id, refusal rule, duty status, note fragment */
    rt_day date;
    int64_t pence;
    int line;            /* in the policy file */
} rt_scn_expect;

typedef struct {
    const char *name;
    int line;
    rt_day as_of;
    const rt_scn_event *events;
    int n_events;
    const rt_scn_expect *expects;
    int n_expects;
} rt_scenario;

typedef struct {
    const char *text;
    const char *cite;
} rt_assumption_desc;

/* `figure "24 hours" §4.4 is not encoded because "..."`: a figure of the document the author
 * left out on purpose, kept so that explain and diff can show it beside the rules. */
typedef struct {
    const char *figure;
    const char *cite;
    const char *because;
} rt_waiver_desc;

typedef struct rt_policy {
    const char *id;
    const char *organisation;
    const char *document;
    const char *doc_version;
    const char *issued;
    const char *revised;
    const char *source_file;
    const char *source_hash;   /* sha256 of the policy source */
    rt_calendar_id calendar;
    const rt_day *closures;
    int n_closures;
    rt_closed_fn closed;       /* office closures from an extern function, or NULL */
    const void *closed_ctx;
    long homes;                /* 0 when not declared */
    const rt_fact_desc *facts;
    int n_facts;
    const rt_nonc_desc *noncomplaints;
    int n_noncomplaints;
    const rt_redirect_desc *redirects;
    int n_redirects;
    const rt_advice_desc *advice;
    int n_advice;
    const rt_refusal_desc *refusals;
    int n_refusals;
    const rt_stage_desc *stages;
    int n_stages;
    rt_ombudsman_desc ombudsman;
    const rt_award_desc *awards;
    int n_awards;
    const rt_bar_desc *bars;
    int n_bars;
    rt_offset_desc offset;
    rt_restriction_desc restriction;
    const rt_band_desc *bands;
    int n_bands;
    const rt_outcome_desc *outcomes;
    int n_outcomes;
    const rt_assumption_desc *assumptions;
    int n_assumptions;
    const rt_measure_desc *measures;
    int n_measures;
    const rt_scenario *scenarios;
    int n_scenarios;
    const rt_waiver_desc *waivers;
    int n_waivers;
} rt_policy;

/* Accessors used by generated rule functions. */
rt_value rt_fact(const rt_case *c, int index);
rt_value rt_receipt(const rt_case *c);

/* ---- the embeddable engine (rt_api.c), wrapped per policy by `redressc build --library` ---- */
#ifndef REDRESS_API_TYPES
#define REDRESS_API_TYPES
typedef struct {
    const char *stage, *duty;
    const char *due, *done;          /* YYYY-MM-DD; done is NULL until it is done */
    const char *status;              /* met, late, pending, overdue, waived */
    const char *cite;
    int provisional;
} redress_duty;

typedef struct {
    const char *case_id;             /* not NUL-safe: use case_len */
    size_t case_len;
    const char *status, *stage;      /* stage is NULL when the case has none */
    const char *refusal_rule, *refusal_reason, *refusal_cite; /* NULL unless refused */
    const redress_duty *duties;
    size_t n_duties;
    const char *const *notes;
    size_t n_notes;
    long long compensation_pence, payable_pence;
    const char *json;                /* the whole SPEC section 5 decision, one line */
    int lines_refused;               /* a line naming this case was refused: its note says so */
} redress_decision;

/* Told of each rejected line: its number in the whole log (every feed, a line split
 * between feeds counted once) and why. */
typedef void (*redress_reject_fn)(void *ud, long line, const char *why);
#endif

typedef struct rt_engine rt_engine;
rt_engine *rt_engine_new(const rt_policy *p);
int rt_engine_feed(rt_engine *e, const char *text, size_t len, char *error, size_t error_len);
int rt_engine_end(rt_engine *e, char *error, size_t error_len);
size_t rt_engine_decide(rt_engine *e, const char *as_of);
const redress_decision *rt_engine_decision(const rt_engine *e, size_t i);
void rt_engine_on_reject(rt_engine *e, redress_reject_fn fn, void *ud);
void rt_engine_free(rt_engine *e);

/* ---- the engine's command line ---- */
int rt_main(const rt_policy *p, int argc, char **argv);

/* ---- the single allocation hook (tests make allocations fail through it) ---- */
typedef void *(*rt_realloc_fn)(void *ptr, size_t size, void *ud);
void rt_set_allocator(rt_realloc_fn fn, void *ud);

#endif
