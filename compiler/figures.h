/* figures.h: timescales and amounts found in prose or carried by rules (figures.c). */
#ifndef FIGURES_H
#define FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum { FIG_WORKING_DAYS, FIG_DAYS, FIG_WEEKS, FIG_MONTHS, FIG_HOURS, FIG_MONEY } fig_unit;
typedef struct { int64_t value; fig_unit unit; } fig;   /* money in pence */
/* A figure found in text: its byte span; damaged when read through extraction damage
 * ("10 king days"); a value of -1 is a timescale whose number was lost ("within working days"). */
typedef struct { fig f; size_t start, end; bool damaged; } fig_found;

int fig_scan(const char *s, size_t n, fig_found *out, int max);
bool fig_parse(const char *text, fig *out);              /* exactly one figure, as in a waiver */
const char *fig_text(fig f, char *buf, size_t len);
const char *fig_unit_text(fig_unit u, int64_t n);
bool fig_match(fig rule, fig doc, bool lenient_days);
int strncasecmp_portable(const char *a, const char *b, size_t n);

#endif
