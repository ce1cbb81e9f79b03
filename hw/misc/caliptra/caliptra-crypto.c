/*
 * Caliptra model: the firmware's crypto helpers
 *
 * Hashes go through QEMU's crypto layer. It has no ECDSA (its akcipher
 * does RSA only), so signatures are made and verified with libgcrypt,
 * which the Caliptra model requires.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include <gcrypt.h>
#include "qapi/error.h"
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

#define SCALAR  48

/* The order of P-384's base point, big-endian */
static const uint8_t p384_n[SCALAR] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf,
    0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0, 0xa7, 0x7a,
    0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73,
};

/* The ECC engine driver's check before it verifies (drivers ecc384.rs) */
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
    gcry_sexp_t s_key = NULL, s_sig = NULL, s_data = NULL;
    CaliptraEcdsaResult ret = CALIPTRA_ECDSA_FAILURE;
    uint8_t q[1 + 2 * SCALAR];
    gcry_error_t err;

    if (!scalar_in_range(r) || !scalar_in_range(s)) {
        return CALIPTRA_ECDSA_SCALAR_RANGE;
    }
    q[0] = 0x04;    /* uncompressed point */
    memcpy(q + 1, x, SCALAR);
    memcpy(q + 1 + SCALAR, y, SCALAR);
    if (gcry_sexp_build(&s_key, NULL,
                        "(public-key (ecc (curve \"NIST P-384\") (q %b)))",
                        (int)sizeof(q), q) ||
        gcry_sexp_build(&s_sig, NULL, "(sig-val (ecdsa (r %b) (s %b)))",
                        SCALAR, r, SCALAR, s) ||
        gcry_sexp_build(&s_data, NULL, "(data (flags raw) (value %b))",
                        SCALAR, digest)) {
        goto out;
    }
    err = gcry_pk_verify(s_sig, s_data, s_key);
    if (!err) {
        ret = CALIPTRA_ECDSA_OK;
    } else if (gcry_err_code(err) == GPG_ERR_BAD_SIGNATURE) {
        ret = CALIPTRA_ECDSA_INVALID;
    }
out:
    gcry_sexp_release(s_key);
    gcry_sexp_release(s_sig);
    gcry_sexp_release(s_data);
    return ret;
}

/* A big-endian integer from a signature, left-padded to 48 bytes */
static bool sig_scalar(gcry_sexp_t sig, const char *name, uint8_t out[48])
{
    gcry_sexp_t tok = gcry_sexp_find_token(sig, name, 0);
    const char *data;
    size_t len = 0;

    data = tok ? gcry_sexp_nth_data(tok, 1, &len) : NULL;
    if (!data || len > SCALAR + 1 ||
        (len == SCALAR + 1 && data[0])) {
        gcry_sexp_release(tok);
        return false;
    }
    /* A leading zero may come with a set top bit: drop it */
    if (len == SCALAR + 1) {
        data++;
        len--;
    }
    memset(out, 0, SCALAR - len);
    memcpy(out + SCALAR - len, data, len);
    gcry_sexp_release(tok);
    return true;
}

bool caliptra_ecdsa_p384_sign(const uint8_t d[48], const uint8_t digest[48],
                              uint8_t r[48], uint8_t s[48])
{
    gcry_sexp_t s_key = NULL, s_data = NULL, s_sig = NULL;
    bool ok = false;

    if (!gcry_sexp_build(&s_key, NULL,
                         "(private-key (ecc (curve \"NIST P-384\") (d %b)))",
                         SCALAR, d) &&
        !gcry_sexp_build(&s_data, NULL,
                         "(data (flags rfc6979) (hash sha384 %b))",
                         SCALAR, digest) &&
        !gcry_pk_sign(&s_sig, s_data, s_key)) {
        ok = sig_scalar(s_sig, "r", r) && sig_scalar(s_sig, "s", s);
    }
    gcry_sexp_release(s_key);
    gcry_sexp_release(s_data);
    gcry_sexp_release(s_sig);
    return ok;
}
