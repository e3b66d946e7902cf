/* closures.c: one landlord's office closures as a Redress extern library. The offices close
 * between Christmas and New Year and for a staff training day each March; the register of
 * tenants who asked for contact by letter only is a second function. */
#include <stdint.h>
#include <string.h>

/* A date is YYYYMMDD. Closed 27-31 December (the bank holidays are the calendar's business)
 * and on the second Wednesday of March, the training day. */
int redress_office_closed(int32_t ymd)
{
    int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    if (m == 12 && d >= 27) return 1;
    if (m != 3 || d < 8 || d > 14) return 0;
    /* Zeller's congruence for the weekday; 4 is Wednesday with Saturday as 0. */
    int yy = y, mm = m;
    int k = yy % 100, j = yy / 100;
    int h = (d + 13 * (mm + 1) / 5 + k + k / 4 + j / 4 + 5 * j) % 7;
    return h == 4;
}

/* Tenancies whose tenant asked for letters only: a stand-in for a CRM look-up. */
int redress_letters_only(const char *tenancy)
{
    static const char *const register_[] = {"T-1001", "T-2040", "T-3300"};
    for (size_t i = 0; i < sizeof register_ / sizeof register_[0]; i++)
        if (tenancy && !strcmp(tenancy, register_[i])) return 1;
    return 0;
}
