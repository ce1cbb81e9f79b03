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
#include "qemu/cutils.h"
#include "qapi/error.h"
#include "crypto/ecdsa.h"
#include "crypto/hash.h"
#include "caliptra-crypto.h"

void caliptra_sha384(const void *data, size_t len, uint8_t out[48])
{
    g_autofree uint8_t *digest = NULL;
    size_t dlen = 0;

    qcrypto_hash_bytes(QCRYPTO_HASH_ALGO_SHA384, data, len, &digest, &dlen,
                       &error_abort);
    memcpy(out, digest, 48);
}

#define SCALAR  QCRYPTO_ECDSA_P384_SCALAR

/* The order of P-384's base point, big-endian */
static const uint8_t p384_n[SCALAR] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf,
    0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0, 0xa7, 0x7a,
    0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73,
};

/*
 * The ECC engine driver's check before it verifies (drivers ecc384.rs):
 * its own error code, where the crypto layer just says "invalid"
 */
static bool scalar_in_range(const uint8_t *v)
{
    return !buffer_is_zero(v, SCALAR) && memcmp(v, p384_n, SCALAR) < 0;
}

CaliptraEcdsaResult caliptra_ecdsa_p384_verify(const uint8_t *x,
                                               const uint8_t *y,
                                               const uint8_t *r,
                                               const uint8_t *s,
                                               const uint8_t *digest)
{
    uint8_t xy[2 * SCALAR], rs[2 * SCALAR];
    Error *err = NULL;
    int ret;

    if (!scalar_in_range(r) || !scalar_in_range(s)) {
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
