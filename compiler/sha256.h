/* sha256.h: the SHA-256 digest of a buffer as 64 lowercase hex digits (sha256.c). */
#ifndef SHA256_H
#define SHA256_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

void sha256_hex(const void *data, size_t n, char out[65]);

#endif
