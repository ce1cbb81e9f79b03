/*
 * The model's crypto helpers with ECDSA under the harness's control
 *
 * Signatures cannot be fuzzed into validity, so the harnesses that need
 * the code behind them (bundle verification, the auth manifest) link
 * this instead of caliptra-crypto.c, as caliptra-sw's image fuzzer
 * bypasses its verifier's signature checks: SHA-384 is real, ECDSA
 * verification answers what the harness chose.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "crypto/hash.h"
#include "caliptra-crypto.h"
#include "fuzz-crypto-stub.h"

CaliptraEcdsaResult fuzz_ecdsa_result;

void caliptra_wipe(void *p, size_t len)
{
    memset(p, 0, len);
}

void caliptra_sha384(const void *data, size_t len, uint8_t out[48])
{
    g_autofree uint8_t *digest = NULL;
    size_t dlen = 0;

    qcrypto_hash_bytes(QCRYPTO_HASH_ALGO_SHA384, data, len, &digest, &dlen,
                       &error_abort);
    memcpy(out, digest, 48);
}

CaliptraEcdsaResult caliptra_ecdsa_p384_verify(const uint8_t *x,
                                               const uint8_t *y,
                                               const uint8_t *r,
                                               const uint8_t *s,
                                               const uint8_t *digest)
{
    return fuzz_ecdsa_result;
}

bool caliptra_ecdsa_p384_sign(const uint8_t d[48], const uint8_t digest[48],
                              uint8_t r[48], uint8_t s[48])
{
    return false;
}

bool caliptra_ecdsa_p384_public(const uint8_t d[48], uint8_t x[48],
                                uint8_t y[48])
{
    return false;
}
