/* rt_date.c: civil dates as day numbers (1900-01-01 is day 0), parsing and formatting,
 * and calendar-month arithmetic. Pure functions; no allocation. */
#include "redress.h"
#include <stdio.h>
#include <string.h>

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (era arithmetic,
 * exact for every year, so no table is needed). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

#define DAY0_FROM_1970 (-25567) /* days_from_civil(1900, 1, 1) */

rt_day rt_day_from_ymd(int y, int m, int d)
{
    return (rt_day)(days_from_civil(y, m, d) - DAY0_FROM_1970);
}

/* Days from 1900-01-01 to 1 January of year y (1900..2200), by counting leap years. */
static int32_t year_start(int32_t y)
{
    int32_t k = y - 1;
    return 365 * (y - 1900) + (k / 4 - 474) - (k / 100 - 18) + (k / 400 - 4);
}

/* Days before each month, in a common year and in a leap year. */
static const int16_t month_start[2][13] = {
    {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
    {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366}};

static bool is_leap(int32_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

void rt_day_to_ymd(rt_day day, int *py, int *pm, int *pd)
{
    if (day >= 0 && day < 109573) { /* 1900..2199, every date a log can hold: no era sums */
        int32_t y = 1900 + (int32_t)((day * 4 + 3) / 1461); /* off by a year at most */
        if (year_start(y) > day) y--;
        else if (year_start(y + 1) <= day) y++;
        int32_t doy = day - year_start(y);
        const int16_t *ms = month_start[is_leap(y)];
        int m = doy / 32;              /* a month has at least 28 days: m or m + 1 */
        if (doy >= ms[m + 1]) m++;
        *py = y;
        *pm = m + 1;
        *pd = doy - ms[m] + 1;
        return;
    }
    int64_t z = (int64_t)day + DAY0_FROM_1970 + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *py = (int)(yoe + era * 400 + (m <= 2));
    *pm = m;
    *pd = d;
}

int rt_weekday(rt_day day)
{
    return (int)(((day % 7) + 7) % 7); /* 1900-01-01 was a Monday */
}

static int days_in_month(int y, int m)
{
    const int16_t *ms = month_start[is_leap(y)];
    return ms[m] - ms[m - 1];
}

bool rt_parse_date(const char *s, size_t n, rt_day *out)
{
    if (n != 10 || s[4] != '-' || s[7] != '-') return false;
    /* every digit at once: a byte that is not one makes its value above 9 (unsigned) */
    const unsigned char *u = (const unsigned char *)s;
    unsigned d0 = u[0] - '0', d1 = u[1] - '0', d2 = u[2] - '0', d3 = u[3] - '0',
             d5 = u[5] - '0', d6 = u[6] - '0', d8 = u[8] - '0', d9 = u[9] - '0';
    if ((d0 > 9) | (d1 > 9) | (d2 > 9) | (d3 > 9) | (d5 > 9) | (d6 > 9) | (d8 > 9) | (d9 > 9))
        return false;
    int y = (int)(d0 * 1000 + d1 * 100 + d2 * 10 + d3), m = (int)(d5 * 10 + d6),
        d = (int)(d8 * 10 + d9);
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1) return false;
    const int16_t *ms = month_start[is_leap(y)];
    if (d > ms[m] - ms[m - 1]) return false;
    *out = year_start(y) + ms[m - 1] + d - 1;
    return true;
}

void rt_format_date(rt_day day, char out[11])
{
    int y, m, d;
    static const char two[] = "00010203040506070809101112131415161718192021222324252627282930"
                              "31323334353637383940414243444546474849505152535455565758596061"
                              "62636465666768697071727374757677787980818283848586878889909192"
                              "93949596979899";
    rt_day_to_ymd(day, &y, &m, &d);
    y = ((y % 10000) + 10000) % 10000;
    memcpy(out, two + 2 * (y / 100), 2);
    memcpy(out + 2, two + 2 * (y % 100), 2);
    out[4] = '-';
    memcpy(out + 5, two + 2 * m, 2);
    out[7] = '-';
    memcpy(out + 8, two + 2 * d, 2);
    out[10] = '\0';
}

int32_t rt_ymd(rt_day day)
{
    int y, m, d;
    rt_day_to_ymd(day, &y, &m, &d);
    return y * 10000 + m * 100 + d;
}

rt_day rt_from_ymd(int32_t ymd)
{
    char s[16];
    rt_day d;
    snprintf(s, sizeof s, "%04d-%02d-%02d", (int)(ymd / 10000 % 10000), (int)(ymd / 100 % 100),
             (int)(ymd % 100));
    return ymd > 0 && rt_parse_date(s, strlen(s), &d) ? d : RT_NODATE;
}

/* SPEC §3: the same day N months later, or that month's last day if it has no such day. */
rt_day rt_add_months(rt_day day, int months)
{
    int y, m, d;
    rt_day_to_ymd(day, &y, &m, &d);
    int total = y * 12 + (m - 1) + months;
    y = total / 12;
    m = total % 12 + 1;
    int last = days_in_month(y, m);
    return rt_day_from_ymd(y, m, d > last ? last : d);
}
