/*
 * Caliptra model: a small DER writer for certificates and CSRs
 *
 * caliptra-sw's templates and caliptra-dpe's certificate writer both
 * produce plain DER with minimal definite lengths; so does this.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "caliptra-der.h"

void caliptra_der_put(GByteArray *b, uint8_t tag, const void *data,
                      size_t len)
{
    uint8_t hdr[4] = { tag };
    size_t n;

    g_assert(len <= 0xffff);
    if (len < 0x80) {
        hdr[1] = len;
        n = 2;
    } else if (len < 0x100) {
        hdr[1] = 0x81;
        hdr[2] = len;
        n = 3;
    } else {
        hdr[1] = 0x82;
        hdr[2] = len >> 8;
        hdr[3] = len;
        n = 4;
    }
    g_byte_array_append(b, hdr, n);
    g_byte_array_append(b, data, len);
}

void caliptra_der_wrap(GByteArray *b, uint8_t tag, GByteArray *inner)
{
    caliptra_der_put(b, tag, inner->data, inner->len);
    g_byte_array_free(inner, true);
}

void caliptra_der_uint(GByteArray *b, const uint8_t *v, size_t len)
{
    GByteArray *n = caliptra_der_new();
    static const uint8_t zero;
    size_t skip = 0;

    while (skip + 1 < len && !v[skip]) {
        skip++;
    }
    if (v[skip] & 0x80) {
        g_byte_array_append(n, &zero, 1);
    }
    g_byte_array_append(n, v + skip, len - skip);
    caliptra_der_wrap(b, DER_INTEGER, n);
}
