/* figures.c: the timescales and amounts in prose ("within ten working days", "8 weeks",
 * "£2.50/day"), and the same figures carried by a policy's rules, so audit can match them. */
#include "figures.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *word; int value; } number_words[] = {
    {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6}, {"seven", 7},
    {"eight", 8}, {"nine", 9}, {"ten", 10}, {"eleven", 11}, {"twelve", 12}, {"thirteen", 13},
    {"fourteen", 14}, {"fifteen", 15}, {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18},
    {"nineteen", 19}, {"twenty", 20}, {"twenty-one", 21}, {"twenty-four", 24}, {"thirty", 30},
    {"forty-eight", 48}, {"sixty", 60}};

static const struct { const char *word; fig_unit unit; } unit_words[] = {
    {"working days", FIG_WORKING_DAYS}, {"working day", FIG_WORKING_DAYS},
    {"business days", FIG_WORKING_DAYS}, {"business day", FIG_WORKING_DAYS},
    {"calendar days", FIG_DAYS}, {"calendar day", FIG_DAYS}, {"days", FIG_DAYS}, {"day", FIG_DAYS},
    {"weeks", FIG_WEEKS}, {"week", FIG_WEEKS},
    {"months", FIG_MONTHS}, {"month", FIG_MONTHS}, {"hours", FIG_HOURS}, {"hour", FIG_HOURS}};

const char *fig_unit_text(fig_unit u, int64_t n)
{
    static const char *const one[] = {"working day", "day", "week", "month", "hour", ""};
    static const char *const many[] = {"working days", "days", "weeks", "months", "hours", ""};
    return n == 1 ? one[u] : many[u];
}

static bool word_char(char c) { return isalnum((unsigned char)c) || c == '-'; }

/* Between a number and its unit, or the words of a unit: a line may end there, as it does
 * where a PDF's text was wrapped ("within 20\nworking days"). */
static bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* A number at s (digits or a number word), its value, and how many bytes it took. */
static size_t read_number(const char *s, size_t n, int64_t *value)
{
    if (isdigit((unsigned char)s[0])) {
        size_t i = 0;
        int64_t v = 0;
        while (i < n && i < 9 && isdigit((unsigned char)s[i])) v = v * 10 + (s[i++] - '0');
        if (i < n && (isdigit((unsigned char)s[i]) || s[i] == '.' || s[i] == ',')) {
            if (s[i] != '.' || i + 1 >= n || isdigit((unsigned char)s[i + 1])) return 0;
        }
        *value = v;
        return i;
    }
    size_t len = 0;
    while (len < n && word_char(s[len])) len++;
    for (size_t k = 0; k < sizeof number_words / sizeof number_words[0]; k++)
        if (strlen(number_words[k].word) == len && !strncasecmp_portable(s, number_words[k].word, len)) {
            *value = number_words[k].value;
            return len;
        }
    return 0;
}

int strncasecmp_portable(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int d = tolower((unsigned char)a[i]) - tolower((unsigned char)b[i]);
        if (d || !a[i]) return d;
    }
    return 0;
}

/* How many bytes of s spell word, in any case, a space in word standing for a run of blanks
 * in s (a no-break space is blanked to two: doc.c; a line may end there), or for a hyphen
 * within it; 0 if s does not. */
static size_t spelt(const char *s, size_t n, const char *word)
{
    size_t i = 0;
    for (; *word; word++) {
        if (*word == ' ') { /* a run of blanks, or a hyphen: "a 10-working-day target" */
            size_t at = i;
            if (i < n && s[i] == '-' && word[1]) i++;
            else while (i < n && blank(s[i])) i++;
            if (i == at) return 0;
            continue;
        }
        if (i >= n || tolower((unsigned char)s[i]) != tolower((unsigned char)*word)) return 0;
        i++;
    }
    return i;
}

static size_t read_unit(const char *s, size_t n, fig_unit *unit)
{
    for (size_t k = 0; k < sizeof unit_words / sizeof unit_words[0]; k++) {
        size_t len = spelt(s, n, unit_words[k].word);
        if (len && (len == n || !isalpha((unsigned char)s[len]))) {
            *unit = unit_words[k].unit;
            return len;
        }
    }
    return 0;
}

/* "£1,000", "£2.50": pence, and the bytes taken (after the two bytes of the pound sign). */
static size_t read_money(const char *s, size_t n, int64_t *pence)
{
    size_t i = 0;
    int64_t pounds = 0, p = 0;
    if (i >= n || !isdigit((unsigned char)s[i])) return 0;
    while (i < n && (isdigit((unsigned char)s[i]) || (s[i] == ',' && i + 1 < n &&
                                                       isdigit((unsigned char)s[i + 1])))) {
        if (s[i] != ',' && (pounds = pounds * 10 + (s[i] - '0')) > 999999999999)
            return 0; /* no amount of a trillion pounds is a policy's: not a figure */
        i++;
    }
    if (i + 2 < n && s[i] == '.' && isdigit((unsigned char)s[i + 1]) &&
        isdigit((unsigned char)s[i + 2])) {
        p = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
        i += 3;
    }
    *pence = pounds * 100 + p;
    return i;
}

static bool suffix_of(const char *s, size_t len, const char *word, size_t min)
{
    size_t wl = strlen(word);
    return len >= min && len <= wl && !strncasecmp_portable(s, word + wl - len, len);
}

/* "2 working 's", "10 king days", "21 rking days": working days with letters lost, where
 * the first word is the tail of "working" and the second the tail of "days" (or "'s"). */
static size_t read_damaged_unit(const char *s, size_t n)
{
    size_t a = 0;
    while (a < n && isalpha((unsigned char)s[a])) a++;
    if (!suffix_of(s, a, "working", 3) || a >= n || s[a] != ' ') return 0;
    size_t b = a + 1, e = b;
    while (e < n && (isalpha((unsigned char)s[e]) || s[e] == '\'')) e++;
    if (e == b || (e < n && isalnum((unsigned char)s[e]))) return 0;
    bool tail = (e - b == 2 && s[b] == '\'' && s[b + 1] == 's') || suffix_of(s + b, e - b, "days", 1);
    return tail ? e : 0;
}

/* " (10)" after "ten", or " (ten)" after "10": the number said again, as legal drafting
 * does; the bytes it takes, or 0 (as when the two disagree, which is no figure). */
static size_t restated(const char *s, size_t n, int64_t v)
{
    size_t i = 0;
    while (i < n && blank(s[i])) i++;
    if (i + 2 >= n || s[i] != '(') return 0;
    int64_t again;
    size_t len = read_number(s + i + 1, n - i - 1, &again);
    return len && again == v && i + 1 + len < n && s[i + 1 + len] == ')' ? i + len + 2 : 0;
}

int fig_scan(const char *s, size_t n, fig_found *out, int max)
{
    int k = 0;
    for (size_t i = 0; i < n && k < max;) {
        /* "within working days": a timescale whose number the text has lost */
        size_t w = i == 0 || !word_char(s[i - 1]) ? spelt(s + i, n - i, "within ") : 0;
        if (w && w < n - i) {
            fig_unit u;
            size_t ulen = read_unit(s + i + w, n - i - w, &u);
            if (ulen && u != FIG_MONEY) {
                out[k++] = (fig_found){{-1, u}, i, i + w + ulen, true};
                i += w + ulen;
                continue;
            }
        }
        if ((unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA3) {
            int64_t pence;
            size_t len = read_money(s + i + 2, n - i - 2, &pence);
            if (len) {
                out[k++] = (fig_found){{pence, FIG_MONEY}, i, i + 2 + len, false};
                i += 2 + len;
                continue;
            }
        }
        if (i > 0 && word_char(s[i - 1])) {
            i++;
            continue;
        }
        int64_t v;
        size_t len = read_number(s + i, n - i, &v);
        if (!len) {
            i++;
            continue;
        }
        size_t j = i + len + restated(s + i + len, n - i - len, v);
        if (j < n && s[j] == '-') j++;
        else while (j < n && blank(s[j])) j++;
        fig_unit u;
        size_t ulen = read_unit(s + j, n - j, &u), dlen = 0;
        if (!ulen && (dlen = read_damaged_unit(s + j, n - j)) > 0) {
            out[k++] = (fig_found){{v, FIG_WORKING_DAYS}, i, j + dlen, true};
            i = j + dlen;
        } else if (ulen) {
            out[k++] = (fig_found){{v, u}, i, j + ulen, false};
            i = j + ulen;
        } else {
            i += len;
        }
    }
    return k;
}

bool fig_parse(const char *text, fig *out)
{
    fig_found f[2];
    if (fig_scan(text, strlen(text), f, 2) != 1) return false;
    *out = f[0].f;
    return true;
}

const char *fig_text(fig f, char *buf, size_t len)
{
    if (f.value < 0)
        snprintf(buf, len, "[a lost number of] %s", fig_unit_text(f.unit, 2));
    else if (f.unit == FIG_MONEY)
        snprintf(buf, len, "\u00a3%lld.%02lld", (long long)(f.value / 100), (long long)(f.value % 100));
    else
        snprintf(buf, len, "%lld %s", (long long)f.value, fig_unit_text(f.unit, f.value));
    return buf;
}

bool fig_match(fig rule, fig doc, bool lenient_days)
{
    if (rule.value != doc.value || rule.value < 0) return rule.value < 0 && doc.value < 0 &&
                                                          rule.unit == doc.unit;
    if (rule.unit == doc.unit) return true;
    /* A rule that counts working days where the text says "days" is a reading of the text,
     * which is only accepted where the author wrote the assumption down. */
    return lenient_days && rule.unit == FIG_WORKING_DAYS && doc.unit == FIG_DAYS;
}
