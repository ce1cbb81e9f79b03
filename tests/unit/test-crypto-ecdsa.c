/*
 * QEMU Crypto ECDSA P-384 test suite
 *
 * The vectors are RFC 6979's (appendix A.2.6, P-384 with SHA-384): its
 * key pair, and the deterministic signatures of "sample" and "test"; and
 * one that two other libraries made with that key (test_sign()).
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "crypto/init.h"
#include "crypto/hash.h"
#include "crypto/ecdsa.h"

#define SCALAR QCRYPTO_ECDSA_P384_SCALAR

static const char rfc6979_d[] =
    "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba"
    "9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5";
static const char rfc6979_xy[] =
    "ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e"
    "06aae5286b300c64def8f0ea9055866064a254515480bc13"
    "8015d9b72d7d57244ea8ef9ac0c621896708a59367f9dfb9"
    "f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720";

static const struct {
    const char *msg;
    const char *rs;
} rfc6979_sigs[] = {
    { "sample",
      "94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa7"
      "3d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe46"
      "99ef4aeb15f178cea1fe40db2603138f130e740a19624526"
      "203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8" },
    { "test",
      "8203b63d3c853e8d77227fb377bcf7b7b772e97892a80f36"
      "ab775d509d7a5feb0542a7f0812998da8f1dd3ca3cf023db"
      "ddd0760448d42d8a43af45af836fce4de8be06b485e9b61b"
      "827c2f13173923e06a739f040649a667bf3b828246baa5a5" },
};

static const char high_digest_rs[] =
    "d80ff7df60149e5cedb63fac36c3f0c16c47fbf93d40090804dbbaa45249ba8c"
    "11475f1b5844cdad9e2dd9528077dab8"
    "d3e3b8ed8c6bef24339475f39c4223a498647c34f90a5ef26f6f6739bd81a8f9"
    "b9acf711f6c2a887a18c64ca2bda854e";

static void unhex(const char *h, uint8_t *out, size_t len)
{
    g_assert_cmpuint(strlen(h), ==, 2 * len);
    for (size_t i = 0; i < len; i++) {
        g_assert_true(sscanf(h + 2 * i, "%2hhx", &out[i]) == 1);
    }
}

static void sha384(const char *msg, uint8_t *digest)
{
    g_autofree uint8_t *res = NULL;
    size_t len = 0;

    g_assert_cmpint(qcrypto_hash_bytes(QCRYPTO_HASH_ALGO_SHA384, msg,
                                       strlen(msg), &res, &len,
                                       &error_abort), ==, 0);
    g_assert_cmpuint(len, ==, SCALAR);
    memcpy(digest, res, SCALAR);
}

/* Without a backend, everything fails with an error */
static void test_none(void)
{
    uint8_t d[SCALAR] = { 1 }, out[2 * SCALAR];
    Error *err = NULL;

    if (qcrypto_ecdsa_p384_supported()) {
        g_test_skip("this build has an ECDSA backend");
        return;
    }
    g_assert_cmpint(qcrypto_ecdsa_p384_public(d, out, &err), ==, -1);
    g_assert_nonnull(err);
    error_free(err);
}

static void test_public(void)
{
    uint8_t d[SCALAR], xy[2 * SCALAR], want[2 * SCALAR];

    if (!qcrypto_ecdsa_p384_supported()) {
        g_test_skip("no ECDSA backend in this build");
        return;
    }

    unhex(rfc6979_d, d, sizeof(d));
    unhex(rfc6979_xy, want, sizeof(want));
    g_assert_cmpint(qcrypto_ecdsa_p384_public(d, xy, &error_abort), ==, 0);
    g_assert_cmpmem(xy, sizeof(xy), want, sizeof(want));
}

static void test_sign(void)
{
    uint8_t d[SCALAR], digest[SCALAR], rs[2 * SCALAR], want[2 * SCALAR];

    if (!qcrypto_ecdsa_p384_supported()) {
        g_test_skip("no ECDSA backend in this build");
        return;
    }

    unhex(rfc6979_d, d, sizeof(d));
    for (int i = 0; i < G_N_ELEMENTS(rfc6979_sigs); i++) {
        sha384(rfc6979_sigs[i].msg, digest);
        unhex(rfc6979_sigs[i].rs, want, sizeof(want));
        g_assert_cmpint(qcrypto_ecdsa_p384_sign(d, digest, rs, &error_abort),
                        ==, 0);
        g_assert_cmpmem(rs, sizeof(rs), want, sizeof(want));
    }

    /*
     * A digest above the group order: RFC 6979's bits2octets takes it mod
     * n for the nonce. The signature of 48 bytes of 0xff with RFC 6979's
     * key, as libgcrypt 1.10 (flags rfc6979) and OpenSSL (pyca/cryptography
     * 48, deterministic_signing) both make it
     */
    memset(digest, 0xff, sizeof(digest));
    unhex(high_digest_rs, want, sizeof(want));
    g_assert_cmpint(qcrypto_ecdsa_p384_sign(d, digest, rs, &error_abort), ==,
                    0);
    g_assert_cmpmem(rs, sizeof(rs), want, sizeof(want));
}

static void test_verify(void)
{
    uint8_t xy[2 * SCALAR], digest[SCALAR], rs[2 * SCALAR];
    Error *err = NULL;

    if (!qcrypto_ecdsa_p384_supported()) {
        g_test_skip("no ECDSA backend in this build");
        return;
    }

    unhex(rfc6979_xy, xy, sizeof(xy));
    for (int i = 0; i < G_N_ELEMENTS(rfc6979_sigs); i++) {
        sha384(rfc6979_sigs[i].msg, digest);
        unhex(rfc6979_sigs[i].rs, rs, sizeof(rs));
        g_assert_cmpint(qcrypto_ecdsa_p384_verify(xy, digest, sizeof(digest),
                                                  rs, &error_abort), ==, 0);
        /* Another message, or one bit of s: not valid */
        digest[0] ^= 1;
        g_assert_cmpint(qcrypto_ecdsa_p384_verify(xy, digest, sizeof(digest),
                                                  rs, &error_abort), ==, 1);
        digest[0] ^= 1;
        rs[2 * SCALAR - 1] ^= 1;
        g_assert_cmpint(qcrypto_ecdsa_p384_verify(xy, digest, sizeof(digest),
                                                  rs, &error_abort), ==, 1);
    }
    /* r = 0 and s = n are outside [1, n - 1]: invalid, not an error */
    memset(rs, 0, SCALAR);
    g_assert_cmpint(qcrypto_ecdsa_p384_verify(xy, digest, sizeof(digest), rs,
                                              &error_abort), ==, 1);
    unhex(rfc6979_sigs[0].rs, rs, sizeof(rs));
    unhex("ffffffffffffffffffffffffffffffffffffffffffffffff"
          "c7634d81f4372ddf581a0db248b0a77aecec196accc52973",
          rs + SCALAR, SCALAR);
    g_assert_cmpint(qcrypto_ecdsa_p384_verify(xy, digest, sizeof(digest), rs,
                                              &error_abort), ==, 1);
    /* A key off the curve cannot be used */
    xy[2 * SCALAR - 1] ^= 1;
    unhex(rfc6979_sigs[0].rs, rs, sizeof(rs));
    g_assert_cmpint(qcrypto_ecdsa_p384_verify(xy, digest, sizeof(digest), rs,
                                              &err), !=, 0);
    error_free(err);
}

static void test_bad_scalar(void)
{
    uint8_t d[SCALAR] = { 0 }, digest[SCALAR] = { 0 }, out[2 * SCALAR];
    Error *err = NULL;

    if (!qcrypto_ecdsa_p384_supported()) {
        g_test_skip("no ECDSA backend in this build");
        return;
    }

    g_assert_cmpint(qcrypto_ecdsa_p384_sign(d, digest, out, &err), ==, -1);
    error_free(err);
    err = NULL;
    memset(d, 0xff, sizeof(d));
    g_assert_cmpint(qcrypto_ecdsa_p384_public(d, out, &err), ==, -1);
    error_free(err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert(qcrypto_init(NULL) == 0);

    g_test_add_func("/crypto/ecdsa/p384/none", test_none);
    g_test_add_func("/crypto/ecdsa/p384/public", test_public);
    g_test_add_func("/crypto/ecdsa/p384/sign", test_sign);
    g_test_add_func("/crypto/ecdsa/p384/verify", test_verify);
    g_test_add_func("/crypto/ecdsa/p384/bad-scalar", test_bad_scalar);
    return g_test_run();
}
