/*
 * Caliptra model: the firmware's crypto helpers
 *
 * Hashes and ECDSA P-384 go through QEMU's crypto layer; the model
 * needs a build whose crypto layer has ECDSA (see crypto/ecdsa.h).
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "crypto/ecdsa.h"
#include "crypto/hash.h"
#include "caliptra-crypto.h"

void caliptra_wipe(void *p, size_t len)
{
    /* Called through a volatile pointer, memset cannot be optimized out */
    static void *(*volatile do_memset)(void *, int, size_t) = memset;

    do_memset(p, 0, len);
}

void caliptra_sha384(const void *data, size_t len, uint8_t out[48])
{
    g_autofree uint8_t *digest = NULL;
    size_t dlen = 0;

    qcrypto_hash_bytes(QCRYPTO_HASH_ALGO_SHA384, data, len, &digest, &dlen,
                       &error_abort);
    memcpy(out, digest, 48);
}

#define SCALAR  QCRYPTO_ECDSA_P384_SCALAR

CaliptraEcdsaResult caliptra_ecdsa_p384_verify(const uint8_t *x,
                                               const uint8_t *y,
                                               const uint8_t *r,
                                               const uint8_t *s,
                                               const uint8_t *digest)
{
    uint8_t xy[2 * SCALAR], rs[2 * SCALAR];
    Error *err = NULL;
    int ret;

    /*
     * The ECC engine driver's check before it verifies (drivers
     * ecc384.rs): its own error code, where the crypto layer would just
     * say "invalid"
     */
    if (!qcrypto_ecdsa_p384_scalar_valid(r) ||
        !qcrypto_ecdsa_p384_scalar_valid(s)) {
        return CALIPTRA_ECDSA_SCALAR_RANGE;
    }
    memcpy(xy, x, SCALAR);
    memcpy(xy + SCALAR, y, SCALAR);
    memcpy(rs, r, SCALAR);
    memcpy(rs + SCALAR, s, SCALAR);
    ret = qcrypto_ecdsa_p384_verify(xy, digest, SCALAR, rs, &err);
    if (ret < 0) {
        /* A key off the curve: the engine refuses it */
        error_free(err);
        return CALIPTRA_ECDSA_FAILURE;
    }
    return ret ? CALIPTRA_ECDSA_INVALID : CALIPTRA_ECDSA_OK;
}

bool caliptra_ecdsa_p384_sign(const uint8_t d[48], const uint8_t digest[48],
                              uint8_t r[48], uint8_t s[48])
{
    uint8_t rs[2 * SCALAR];
    Error *err = NULL;

    if (qcrypto_ecdsa_p384_sign(d, digest, rs, &err) < 0) {
        error_free(err);
        return false;
    }
    memcpy(r, rs, SCALAR);
    memcpy(s, rs + SCALAR, SCALAR);
    return true;
}

bool caliptra_ecdsa_p384_public(const uint8_t d[48], uint8_t x[48],
                                uint8_t y[48])
{
    uint8_t xy[2 * SCALAR];
    Error *err = NULL;

    if (qcrypto_ecdsa_p384_public(d, xy, &err) < 0) {
        error_free(err);
        return false;
    }
    memcpy(x, xy, SCALAR);
    memcpy(y, xy + SCALAR, SCALAR);
    return true;
}
