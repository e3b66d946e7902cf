/* fmt.h: redressc fmt (fmt.c): a policy file laid out the one way, its words, strings and
 * comments kept as written. */
#ifndef FMT_H
#define FMT_H

#include "rt_internal.h"

/* src laid out into out: statements at their block's depth, the lines continuing one a level
 * deeper, one space between words, no space at a line's end, no run of blank lines. */
void fmt_policy(const char *src, size_t len, rt_buf *out);

#endif
