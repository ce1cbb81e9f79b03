/*
 * Caliptra model: a small DER writer for certificates and CSRs
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_DER_H
#define HW_MISC_CALIPTRA_DER_H

#define DER_BOOLEAN         0x01
#define DER_INTEGER         0x02
#define DER_BIT_STRING      0x03
#define DER_OCTET_STRING    0x04
#define DER_OID             0x06
#define DER_UTF8_STRING     0x0c
#define DER_PRINTABLE       0x13
#define DER_GENERALIZED     0x18
#define DER_SEQUENCE        0x30
#define DER_SET             0x31
#define DER_CTX(n)          (0xa0 | (n))    /* constructed, context n */
#define DER_CTX_PRIM(n)     (0x80 | (n))    /* primitive, context n */

/*
 * A node under construction is a GByteArray holding its content; a
 * finished node is appended to its parent as one TLV with a minimal
 * definite length (at most 0xffff bytes of content).
 */
static inline GByteArray *caliptra_der_new(void)
{
    return g_byte_array_new();
}

/* Append the TLV @tag, @len, @data to @b */
void caliptra_der_put(GByteArray *b, uint8_t tag, const void *data,
                      size_t len);

/* Append @inner to @b as one TLV, and free it */
void caliptra_der_wrap(GByteArray *b, uint8_t tag, GByteArray *inner);

/*
 * A non-negative big-endian integer of @len bytes, minimally: leading
 * zero bytes dropped, one added back when the top bit is set
 */
void caliptra_der_uint(GByteArray *b, const uint8_t *v, size_t len);

#endif /* HW_MISC_CALIPTRA_DER_H */
