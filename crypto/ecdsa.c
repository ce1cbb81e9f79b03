/*
 * QEMU Crypto ECDSA on the NIST P-384 curve
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qapi/error.h"
#include "crypto/ecdsa.h"
#include "crypto/hmac.h"

#define SCALAR QCRYPTO_ECDSA_P384_SCALAR

/* The order n of P-384's base point, big-endian */
static const uint8_t p384_n[SCALAR] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf,
    0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0, 0xa7, 0x7a,
    0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73,
};

/* Clear secrets in a way the compiler cannot drop as a dead store */
static void ecdsa_wipe(void *p, size_t n)
{
    /* Called through a volatile pointer, memset cannot be optimized out */
    static void *(*volatile do_memset)(void *, int, size_t) = memset;

    do_memset(p, 0, n);
}

bool qcrypto_ecdsa_p384_scalar_valid(const uint8_t *v)
{
    return !buffer_is_zero(v, SCALAR) && memcmp(v, p384_n, SCALAR) < 0;
}

/* @v -= n, for a @v of SCALAR bytes not below n */
static void ecdsa_sub_n(uint8_t *v)
{
    int borrow = 0;

    for (int i = SCALAR - 1; i >= 0; i--) {
        int d = v[i] - p384_n[i] - borrow;

        borrow = d < 0;
        v[i] = d & 0xff;
    }
}

static int ecdsa_hmac(const uint8_t *key, struct iovec *iov, size_t niov,
                      uint8_t *out, Error **errp)
{
    g_autoptr(QCryptoHmac) hmac = NULL;
    g_autofree uint8_t *res = NULL;
    size_t len = 0;

    hmac = qcrypto_hmac_new(QCRYPTO_HASH_ALGO_SHA384, key, SCALAR, errp);
    if (!hmac ||
        qcrypto_hmac_bytesv(hmac, iov, niov, &res, &len, errp) < 0) {
        return -1;
    }
    assert(len == SCALAR);
    memcpy(out, res, SCALAR);
    ecdsa_wipe(res, len);
    return 0;
}

/*
 * RFC 6979 section 3.2, for P-384 with HMAC-SHA-384: qlen = hlen = 384,
 * so bits2int is the identity on 48 bytes and bits2octets(h) is h mod n.
 * Used by the backends that cannot make the nonce themselves.
 */
static G_GNUC_UNUSED int ecdsa_rfc6979_nonce(const uint8_t *d,
                                             const uint8_t *digest,
                                             uint8_t *k, Error **errp)
{
    uint8_t v[SCALAR], key[SCALAR], h[SCALAR];
    uint8_t sep;
    struct iovec seed[] = {
        { v, SCALAR }, { &sep, 1 }, { (void *)d, SCALAR }, { h, SCALAR },
    };
    struct iovec one[] = { { v, SCALAR } };
    int ret = -1;

    memcpy(h, digest, SCALAR);
    if (memcmp(h, p384_n, SCALAR) >= 0) {
        ecdsa_sub_n(h);
    }
    memset(v, 0x01, SCALAR);
    memset(key, 0, SCALAR);
    for (sep = 0; sep <= 1; sep++) {
        if (ecdsa_hmac(key, seed, ARRAY_SIZE(seed), key, errp) < 0 ||
            ecdsa_hmac(key, one, 1, v, errp) < 0) {
            goto out;
        }
    }
    for (;;) {
        if (ecdsa_hmac(key, one, 1, v, errp) < 0) {
            goto out;
        }
        if (qcrypto_ecdsa_p384_scalar_valid(v)) {
            memcpy(k, v, SCALAR);
            ret = 0;
            goto out;
        }
        sep = 0;
        if (ecdsa_hmac(key, seed, 2, key, errp) < 0 ||
            ecdsa_hmac(key, one, 1, v, errp) < 0) {
            goto out;
        }
    }
out:
    ecdsa_wipe(v, sizeof(v));
    ecdsa_wipe(key, sizeof(key));
    return ret;
}

#if defined(CONFIG_GCRYPT)
#include "ecdsa-gcrypt.c.inc"
#elif defined(CONFIG_HOGWEED)
#include "ecdsa-nettle.c.inc"
#else
#include "ecdsa-stub.c.inc"
#endif

int qcrypto_ecdsa_p384_verify(const uint8_t *xy, const uint8_t *digest,
                              size_t digest_len, const uint8_t *rs,
                              Error **errp)
{
    if (!qcrypto_ecdsa_p384_scalar_valid(rs) ||
        !qcrypto_ecdsa_p384_scalar_valid(rs + SCALAR)) {
        return 1;
    }
    return ecdsa_backend_verify(xy, digest, digest_len, rs, errp);
}

int qcrypto_ecdsa_p384_sign(const uint8_t *d, const uint8_t *digest,
                            uint8_t *rs, Error **errp)
{
    if (!qcrypto_ecdsa_p384_scalar_valid(d)) {
        error_setg(errp, "ECDSA P-384: the private scalar is not in "
                   "[1, n - 1]");
        return -1;
    }
    return ecdsa_backend_sign(d, digest, rs, errp);
}

int qcrypto_ecdsa_p384_public(const uint8_t *d, uint8_t *xy, Error **errp)
{
    if (!qcrypto_ecdsa_p384_scalar_valid(d)) {
        error_setg(errp, "ECDSA P-384: the private scalar is not in "
                   "[1, n - 1]");
        return -1;
    }
    return ecdsa_backend_public(d, xy, errp);
}
