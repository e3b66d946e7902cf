/* rt_cal.c: the three UK bank-holiday calendars, computed by rule (SPEC §3), and
 * working-day arithmetic in O(1) per deadline through a precomputed prefix count. */
#include "rt_internal.h"

/* Easter Sunday by the anonymous Gregorian computus. */
static rt_day easter_sunday(int y)
{
    int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return rt_day_from_ymd(y, month, day);
}

static rt_day first_monday(int y, int m)
{
    rt_day d = rt_day_from_ymd(y, m, 1);
    return d + (7 - rt_weekday(d)) % 7;
}

static rt_day last_monday(int y, int m)
{
    rt_day d = rt_add_months(rt_day_from_ymd(y, m, 1), 1) - 1;
    return d - rt_weekday(d);
}

typedef struct { rt_day d[16]; int n; } hol_list;

static bool taken(const hol_list *h, rt_day d)
{
    for (int i = 0; i < h->n; i++)
        if (h->d[i] == d) return true;
    return false;
}

static void add_fixed(hol_list *h, rt_day d)
{
    if (!taken(h, d)) h->d[h->n++] = d;
}

/* A holiday on a weekend, or on a day another holiday already took, moves to the next
 * free weekday: this one rule gives every substitute day (Christmas and Boxing Day,
 * 1 and 2 January in Scotland, St Andrew's, St Patrick's and the Boyne). */
static void add_substitutable(hol_list *h, rt_day d)
{
    while (rt_weekday(d) >= 5 || taken(h, d)) d++;
    h->d[h->n++] = d;
}

int rt_bank_holidays(rt_calendar_id cal, int y, rt_day out[16])
{
    hol_list h = {.n = 0};
    bool scot = cal == RT_CAL_SCOTLAND, ni = cal == RT_CAL_NORTHERN_IRELAND;
    rt_day easter = easter_sunday(y);

    add_substitutable(&h, rt_day_from_ymd(y, 1, 1));
    if (scot) add_substitutable(&h, rt_day_from_ymd(y, 1, 2));
    if (ni) add_substitutable(&h, rt_day_from_ymd(y, 3, 17));
    add_fixed(&h, easter - 2);
    if (!scot) add_fixed(&h, easter + 1);
    /* Early May: 2020 moved to Friday 8 May by proclamation. */
    add_fixed(&h, y == 2020 ? rt_day_from_ymd(2020, 5, 8) : first_monday(y, 5));
    if (y == 2023) add_fixed(&h, rt_day_from_ymd(2023, 5, 8));
    /* Spring: 2022 moved to 2 June, and 3 June added. */
    if (y == 2022) {
        add_fixed(&h, rt_day_from_ymd(2022, 6, 2));
        add_fixed(&h, rt_day_from_ymd(2022, 6, 3));
    } else {
        add_fixed(&h, last_monday(y, 5));
    }
    if (ni) add_substitutable(&h, rt_day_from_ymd(y, 7, 12));
    add_fixed(&h, scot ? first_monday(y, 8) : last_monday(y, 8));
    if (y == 2022) add_fixed(&h, rt_day_from_ymd(2022, 9, 19));
    if (scot) add_substitutable(&h, rt_day_from_ymd(y, 11, 30));
    add_substitutable(&h, rt_day_from_ymd(y, 12, 25));
    add_substitutable(&h, rt_day_from_ymd(y, 12, 26));

    for (int i = 1; i < h.n; i++) /* insertion sort: at most 13 entries */
        for (int j = i; j > 0 && h.d[j - 1] > h.d[j]; j--) {
            rt_day t = h.d[j];
            h.d[j] = h.d[j - 1];
            h.d[j - 1] = t;
        }
    for (int i = 0; i < h.n; i++) out[i] = h.d[i];
    return h.n;
}

/* The table covers 1900 to 2210, so a deadline counted from any valid date lands in it. */
#define CAL_FIRST_YEAR 1900
#define CAL_LAST_YEAR 2210

struct rt_calendar {
    int32_t n_days;
    int32_t n_working;
    int32_t *count;   /* count[d]: working days in [day 0, d] */
    rt_day *working;  /* working[k]: the (k+1)th working day */
};

rt_calendar *rt_calendar_new(rt_calendar_id cal, const rt_day *closures, int n_closures)
{
    return rt_calendar_new_with(cal, closures, n_closures, NULL, NULL);
}

rt_calendar *rt_calendar_new_with(rt_calendar_id cal, const rt_day *closures, int n_closures,
                                  rt_closed_fn closed, const void *ctx)
{
    rt_calendar *c = rt_alloc(sizeof *c);
    if (!c) return NULL;
    c->n_days = rt_day_from_ymd(CAL_LAST_YEAR + 1, 1, 1);
    unsigned char *off = rt_alloc((size_t)c->n_days);
    c->count = rt_alloc(sizeof *c->count * (size_t)c->n_days);
    c->working = rt_alloc(sizeof *c->working * (size_t)c->n_days);
    if (!off || !c->count || !c->working) {
        rt_free(off);
        rt_calendar_free(c);
        return NULL;
    }
    for (rt_day d = 0; d < c->n_days; d++) off[d] = rt_weekday(d) >= 5;
    for (int y = CAL_FIRST_YEAR; y <= CAL_LAST_YEAR; y++) {
        rt_day hol[16];
        int n = rt_bank_holidays(cal, y, hol);
        for (int i = 0; i < n; i++)
            if (hol[i] < c->n_days) off[hol[i]] = 1;
    }
    for (int i = 0; i < n_closures; i++)
        if (closures[i] >= 0 && closures[i] < c->n_days) off[closures[i]] = 1;
    for (rt_day d = 0; closed && d < c->n_days; d++)
        if (!off[d] && closed(d, ctx)) off[d] = 1;
    int32_t k = 0;
    for (rt_day d = 0; d < c->n_days; d++) {
        if (!off[d]) c->working[k++] = d;
        c->count[d] = k;
    }
    c->n_working = k;
    rt_free(off);
    return c;
}

void rt_calendar_free(rt_calendar *c)
{
    if (!c) return;
    rt_free(c->count);
    rt_free(c->working);
    rt_free(c);
}

bool rt_is_working_day(const rt_calendar *c, rt_day d)
{
    if (d < 0 || d >= c->n_days) return false;
    return c->count[d] != (d ? c->count[d - 1] : 0);
}

/* SPEC §3: the Nth working day after the date; the date itself never counts. */
rt_day rt_calendar_last(const rt_calendar *c) { return c->n_days - 1; }

rt_day rt_add_working_days(const rt_calendar *c, rt_day d, int n)
{
    if (d < 0 || d >= c->n_days || n < 0) return RT_NODATE;
    if (n == 0) return d;
    int64_t k = (int64_t)c->count[d] + n - 1;
    return k < c->n_working ? c->working[k] : RT_NODATE;
}

int rt_working_days_between(const rt_calendar *c, rt_day from, rt_day to)
{
    if (from < 0 || to < 0 || from >= c->n_days || to >= c->n_days) return 0;
    return c->count[to] - c->count[from];
}

rt_day rt_add_period(const rt_calendar *c, rt_day d, int n, rt_unit unit)
{
    if (d == RT_NODATE) return RT_NODATE;
    switch (unit) {
    case RT_WORKING_DAYS: return rt_add_working_days(c, d, n);
    case RT_DAYS: return d + n;
    case RT_WEEKS: return d + 7 * n;
    case RT_MONTHS: return rt_add_months(d, n);
    }
    return RT_NODATE;
}
