/*
 * Caliptra: DER assembly of certificates from their signed parts
 *
 * The runtime's GET_IDEV_CERT (and, later, the CSR and alias certificate
 * paths) appends a signature to a TBS the same way: SEQUENCE { tbs,
 * AlgorithmIdentifier ecdsa-with-SHA384, BIT STRING { SEQUENCE { INTEGER
 * r, INTEGER s } } }, with minimal DER integers (leading zero bytes
 * dropped, one added when the top bit is set; zero encodes as 02 01 00).
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "caliptra-cert.h"

#define DER_INTEGER     0x02
#define DER_BIT_STRING  0x03
#define DER_SEQUENCE    0x30
#define COORD           48
#define DER_MAX_CONTENT 0xffff

/* AlgorithmIdentifier { 1.2.840.10045.4.3.3 }, no parameters (RFC 5758) */
static const uint8_t ecdsa_with_sha384[] = {
    0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03,
};

/* A non-negative big-endian integer, minimally; returns its length */
static size_t der_uint(const uint8_t *v, uint8_t *out)
{
    size_t skip = 0, n;
    bool pad;

    while (skip < COORD && !v[skip]) {
        skip++;
    }
    if (skip == COORD) {
        out[0] = DER_INTEGER;
        out[1] = 1;
        out[2] = 0;
        return 3;
    }
    pad = v[skip] & 0x80;
    n = COORD - skip + pad;
    out[0] = DER_INTEGER;
    out[1] = n;
    out[2] = 0;
    memcpy(out + 2 + pad, v + skip, COORD - skip);
    return 2 + n;
}

size_t caliptra_cert_assemble(const uint8_t *tbs, size_t tbs_len,
                              const uint8_t *r, const uint8_t *s,
                              uint8_t *out, size_t out_size)
{
    /* BIT STRING hdr, unused-bits byte, SEQUENCE hdr, 2 x (2 + 49) */
    uint8_t sig[2 + 1 + 2 + 2 * (2 + COORD + 1)];
    size_t ints, sig_len, content, hdr;

    ints = der_uint(r, sig + 5);
    ints += der_uint(s, sig + 5 + ints);
    sig[0] = DER_BIT_STRING;
    sig[1] = 1 + 2 + ints;
    sig[2] = 0;                 /* no unused bits */
    sig[3] = DER_SEQUENCE;
    sig[4] = ints;
    sig_len = 5 + ints;

    content = tbs_len + sizeof(ecdsa_with_sha384) + sig_len;
    if (content > DER_MAX_CONTENT) {
        return 0;
    }
    hdr = content < 0x80 ? 2 : content < 0x100 ? 3 : 4;
    /* caliptra-sw reserves room for the longest header whatever it is */
    if (content + 4 > out_size) {
        return 0;
    }
    out[0] = DER_SEQUENCE;
    if (hdr == 2) {
        out[1] = content;
    } else if (hdr == 3) {
        out[1] = 0x81;
        out[2] = content;
    } else {
        out[1] = 0x82;
        out[2] = content >> 8;
        out[3] = content;
    }
    memcpy(out + hdr, tbs, tbs_len);
    memcpy(out + hdr + tbs_len, ecdsa_with_sha384, sizeof(ecdsa_with_sha384));
    memcpy(out + hdr + tbs_len + sizeof(ecdsa_with_sha384), sig, sig_len);
    return hdr + content;
}
