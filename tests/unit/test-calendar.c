/* test-calendar.c: the three UK calendars against the bank holidays published for
 * 2019-2026, and working-day and month arithmetic at their edges (SPEC section 3). */
#include "redress.h"
#include <stdio.h>
#include <string.h>

static int failures, checks;

static void expect_true(bool ok, const char *what)
{
    checks++;
    if (!ok) {
        failures++;
        printf("FAIL %s\n", what);
    }
}

/* The published lists (gov.uk/bank-holidays), one string per calendar and year. */
static const struct { rt_calendar_id cal; int year; const char *days; } published[] = {
    {RT_CAL_ENGLAND_WALES, 2019, "01-01 04-19 04-22 05-06 05-27 08-26 12-25 12-26"},
    {RT_CAL_ENGLAND_WALES, 2020, "01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28"},
    {RT_CAL_ENGLAND_WALES, 2021, "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28"},
    {RT_CAL_ENGLAND_WALES, 2022, "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27"},
    {RT_CAL_ENGLAND_WALES, 2023, "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26"},
    {RT_CAL_ENGLAND_WALES, 2024, "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26"},
    {RT_CAL_ENGLAND_WALES, 2025, "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26"},
    {RT_CAL_ENGLAND_WALES, 2026, "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28"},
    {RT_CAL_SCOTLAND, 2019, "01-01 01-02 04-19 05-06 05-27 08-05 12-02 12-25 12-26"},
    {RT_CAL_SCOTLAND, 2020, "01-01 01-02 04-10 05-08 05-25 08-03 11-30 12-25 12-28"},
    {RT_CAL_SCOTLAND, 2021, "01-01 01-04 04-02 05-03 05-31 08-02 11-30 12-27 12-28"},
    {RT_CAL_SCOTLAND, 2022, "01-03 01-04 04-15 05-02 06-02 06-03 08-01 09-19 11-30 12-26 12-27"},
    {RT_CAL_SCOTLAND, 2023, "01-02 01-03 04-07 05-01 05-08 05-29 08-07 11-30 12-25 12-26"},
    {RT_CAL_SCOTLAND, 2024, "01-01 01-02 03-29 05-06 05-27 08-05 12-02 12-25 12-26"},
    {RT_CAL_SCOTLAND, 2025, "01-01 01-02 04-18 05-05 05-26 08-04 12-01 12-25 12-26"},
    {RT_CAL_SCOTLAND, 2026, "01-01 01-02 04-03 05-04 05-25 08-03 11-30 12-25 12-28"},
    {RT_CAL_NORTHERN_IRELAND, 2019, "01-01 03-18 04-19 04-22 05-06 05-27 07-12 08-26 12-25 12-26"},
    {RT_CAL_NORTHERN_IRELAND, 2020, "01-01 03-17 04-10 04-13 05-08 05-25 07-13 08-31 12-25 12-28"},
    {RT_CAL_NORTHERN_IRELAND, 2021, "01-01 03-17 04-02 04-05 05-03 05-31 07-12 08-30 12-27 12-28"},
    {RT_CAL_NORTHERN_IRELAND, 2022,
     "01-03 03-17 04-15 04-18 05-02 06-02 06-03 07-12 08-29 09-19 12-26 12-27"},
    {RT_CAL_NORTHERN_IRELAND, 2023, "01-02 03-17 04-07 04-10 05-01 05-08 05-29 07-12 08-28 12-25 12-26"},
    {RT_CAL_NORTHERN_IRELAND, 2024, "01-01 03-18 03-29 04-01 05-06 05-27 07-12 08-26 12-25 12-26"},
    {RT_CAL_NORTHERN_IRELAND, 2025, "01-01 03-17 04-18 04-21 05-05 05-26 07-14 08-25 12-25 12-26"},
    {RT_CAL_NORTHERN_IRELAND, 2026, "01-01 03-17 04-03 04-06 05-04 05-25 07-13 08-31 12-25 12-28"},
};

static void test_published(void)
{
    static const char *const names[] = {"england-and-wales", "scotland", "northern-ireland"};
    for (size_t i = 0; i < sizeof published / sizeof published[0]; i++) {
        rt_day got[16];
        int n = rt_bank_holidays(published[i].cal, published[i].year, got);
        char list[256] = "";
        for (int k = 0; k < n; k++) {
            char d[11];
            rt_format_date(got[k], d);
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? " " : "", d + 5);
        }
        char what[400];
        snprintf(what, sizeof what, "%s %d: want %s, got %s", names[published[i].cal],
                 published[i].year, published[i].days, list);
        expect_true(strcmp(list, published[i].days) == 0, what);
    }
}

static rt_day D(const char *s)
{
    rt_day d = RT_NODATE;
    rt_parse_date(s, strlen(s), &d);
    return d;
}

static void expect_date(rt_day got, const char *want, const char *what)
{
    char g[11] = "none", msg[200];
    if (got != RT_NODATE) rt_format_date(got, g);
    snprintf(msg, sizeof msg, "%s: want %s, got %s", what, want, g);
    expect_true(got == D(want), msg);
}

static void test_arithmetic(void)
{
    rt_calendar *ew = rt_calendar_new(RT_CAL_ENGLAND_WALES, NULL, 0);
    rt_calendar *sc = rt_calendar_new(RT_CAL_SCOTLAND, NULL, 0);
    /* SPEC section 3's own examples. */
    expect_date(rt_add_working_days(ew, D("2024-03-28"), 2), "2024-04-03", "Easter 2024, 2 wd");
    expect_date(rt_add_working_days(ew, D("2024-03-28"), 10), "2024-04-15", "Easter 2024, 10 wd");
    /* The event's own date never counts, even on a weekend or holiday. */
    expect_date(rt_add_working_days(ew, D("2024-03-30"), 1), "2024-04-02", "from Easter Saturday");
    expect_date(rt_add_working_days(ew, D("2024-05-31"), 1), "2024-06-03", "Friday to Monday");
    expect_date(rt_add_working_days(ew, D("2024-12-24"), 2), "2024-12-30", "over Christmas 2024");
    expect_date(rt_add_working_days(ew, D("2020-12-24"), 1), "2020-12-29", "Boxing Day substitute 2020");
    expect_date(rt_add_working_days(sc, D("2021-12-31"), 1), "2022-01-05", "Scottish New Year 2022");
    expect_date(rt_add_working_days(ew, D("2021-12-31"), 1), "2022-01-04", "English New Year 2022");
    expect_date(rt_add_working_days(ew, D("2022-06-01"), 1), "2022-06-06", "Platinum Jubilee");
    expect_date(rt_add_working_days(ew, D("2022-09-16"), 1), "2022-09-20", "State funeral 2022");
    expect_date(rt_add_working_days(ew, D("2023-05-05"), 1), "2023-05-09", "Coronation 2023");
    expect_date(rt_add_working_days(ew, D("2020-05-07"), 1), "2020-05-11", "VE Day 2020");
    expect_true(rt_add_working_days(ew, D("2199-12-30"), 5) == rt_day_from_ymd(2200, 1, 7),
                "a deadline may fall past the last valid date");
    expect_true(rt_add_working_days(ew, D("2024-01-01"), 0) == D("2024-01-01"), "zero working days");
    expect_true(rt_working_days_between(ew, D("2024-03-28"), D("2024-04-15")) == 10,
                "working days between");
    expect_true(!rt_is_working_day(ew, D("2024-04-01")) && rt_is_working_day(sc, D("2024-04-01")),
                "Easter Monday is not a Scottish bank holiday");
    /* Month arithmetic: the same day, or the month's last day. */
    expect_date(rt_add_months(D("2024-01-31"), 1), "2024-02-29", "31 Jan + 1 month, leap");
    expect_date(rt_add_months(D("2023-01-31"), 1), "2023-02-28", "31 Jan + 1 month");
    expect_date(rt_add_months(D("2023-08-31"), 6), "2024-02-29", "31 Aug + 6 months");
    expect_date(rt_add_months(D("2024-02-29"), 12), "2025-02-28", "29 Feb + 12 months");
    expect_date(rt_add_months(D("2023-10-31"), 1), "2023-11-30", "31 Oct + 1 month");
    expect_date(rt_add_months(D("2024-12-15"), 1), "2025-01-15", "over the year end");
    expect_date(rt_add_period(ew, D("2024-02-01"), 8, RT_WEEKS), "2024-03-28", "8 weeks");
    expect_date(rt_add_period(ew, D("2024-12-25"), 10, RT_DAYS), "2025-01-04", "10 days");
    /* Closure days declared by a policy are not working days. */
    rt_day closed[] = {D("2024-12-27")};
    rt_calendar *cl = rt_calendar_new(RT_CAL_ENGLAND_WALES, closed, 1);
    expect_date(rt_add_working_days(cl, D("2024-12-24"), 1), "2024-12-30", "closure day skipped");
    /* Dates: range and validity. */
    rt_day d;
    expect_true(!rt_parse_date("1899-12-31", 10, &d), "before 1900 rejected");
    expect_true(!rt_parse_date("2200-01-01", 10, &d), "after 2199 rejected");
    expect_true(!rt_parse_date("2023-02-29", 10, &d), "29 February 2023 rejected");
    expect_true(rt_parse_date("2000-02-29", 10, &d), "29 February 2000 accepted");
    expect_true(!rt_parse_date("1900-02-29", 10, &d), "29 February 1900 rejected");
    expect_true(!rt_parse_date("2024-1-01", 9, &d), "short month rejected");
    expect_true(rt_weekday(D("2024-03-28")) == 3, "2024-03-28 is a Thursday");
    /* Every day in range survives a round trip through its day number. */
    bool round = true;
    for (rt_day x = RT_DAY_MIN; x <= RT_DAY_MAX; x++) {
        char s[11];
        rt_format_date(x, s);
        round &= D(s) == x;
    }
    expect_true(round, "every date 1900-2199 formats and parses back");
    rt_calendar_free(ew);
    rt_calendar_free(sc);
    rt_calendar_free(cl);
}

/* Every day from 1900-01-01 to 2199-12-31, walked one at a time with a calendar kept here
 * by hand: formatting, parsing and the day number agree on each. */
static void every_day(void)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = 1900, m = 1, d = 1, bad = 0;
    for (rt_day day = 0; y < 2200; day++) {
        char want[48], got[11];
        rt_day back;
        int gy, gm, gd;
        snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
        rt_format_date(day, got);
        rt_day_to_ymd(day, &gy, &gm, &gd);
        if (strcmp(want, got) || !rt_parse_date(want, 10, &back) || back != day ||
            rt_day_from_ymd(y, m, d) != day || gy != y || gm != m || gd != d) {
            if (bad++ < 5) printf("FAIL day %ld: want %s, got %s\n", (long)day, want, got);
        }
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if (++d > len[m - 1] + (m == 2 && leap)) d = 1, m++;
        if (m > 12) m = 1, y++;
    }
    expect_true(bad == 0, "every day 1900-2199 formats, parses and numbers alike");
}

/* A date's text read a byte at a time, as SPEC §4 words it: the day it names, or -1. */
static long by_hand(const unsigned char *s)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int v[10];
    for (int i = 0; i < 10; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : s[i] < '0' || s[i] > '9') return -1;
        v[i] = s[i] - '0';
    }
    int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], m = v[5] * 10 + v[6], d = v[8] * 10 + v[9];
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > len[m - 1] + (m == 2 && leap))
        return -1;
    return rt_day_from_ymd(y, m, d);
}

/* Every 13th day from 1900 to 2199, each byte of its text replaced by every byte value in
 * turn: rt_parse_date (which checks eight bytes at once) agrees with by_hand on each. */
static void every_byte(void)
{
    long bad = 0, tried = 0;
    for (rt_day day = 0; day < 109573; day += 13) {
        char text[11];
        rt_format_date(day, text);
        for (int i = 0; i < 10; i++)
            for (int b = 0; b < 256; b++) {
                unsigned char s[10];
                memcpy(s, text, 10);
                s[i] = (unsigned char)b;
                rt_day got;
                long want = by_hand(s);
                bool ok = rt_parse_date((const char *)s, 10, &got);
                tried++;
                if (ok != (want >= 0) || (ok && got != want)) {
                    if (bad++ < 5) printf("FAIL \"%.10s\" (byte %d is 0x%02x)\n", text, i, b);
                }
            }
    }
    expect_true(bad == 0 && tried > 2000000, "dates with any byte changed parse as by hand");
}

int main(void)
{
    test_published();
    test_arithmetic();
    every_day();
    every_byte();
    printf("calendar: %d checks, %d failed\n", checks, failures);
    return failures != 0;
}
