/*
 * Unit test of the Caliptra model's resumable SHA-384/512 against FIPS
 * 180-4 test vectors and QEMU's crypto backend (libgcrypt in our build)
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qapi/error.h"
#include "crypto/init.h"
#include "crypto/hash.h"
#include "../../hw/misc/caliptra/caliptra-sha512.h"

static void digest_of(CaliptraSha512 *c, uint8_t out[64])
{
    caliptra_sha512_final(c);
    for (int i = 0; i < 8; i++) {
        stq_be_p(out + 8 * i, c->h[i]);
    }
}

static void check_against_backend(bool sha384, const uint8_t *msg,
                                  size_t len, const uint8_t got[64])
{
    g_autofree uint8_t *want = NULL;
    size_t want_len = 0;

    g_assert_cmpint(qcrypto_hash_bytes(sha384 ? QCRYPTO_HASH_ALGO_SHA384 :
                                                QCRYPTO_HASH_ALGO_SHA512,
                                       (const char *)msg, len, &want,
                                       &want_len, &error_abort), ==, 0);
    g_assert_cmpmem(got, want_len, want, want_len);
}

/* Every length across the padding boundaries of up to nine blocks */
static void test_lengths(void)
{
    uint8_t msg[1100];
    uint8_t got[64];
    CaliptraSha512 c;

    for (size_t i = 0; i < sizeof(msg); i++) {
        msg[i] = i * 31 + 7;
    }
    for (size_t len = 0; len <= sizeof(msg); len++) {
        for (int sha384 = 0; sha384 < 2; sha384++) {
            caliptra_sha512_init(&c, sha384);
            caliptra_sha512_update(&c, msg, len);
            digest_of(&c, got);
            check_against_backend(sha384, msg, len, got);
        }
    }
}

/* A stream fed in uneven pieces, as DATAIN words and DLEN tails are */
static void test_chunks(void)
{
    uint8_t msg[1000];
    uint8_t got[64];
    CaliptraSha512 c;
    size_t off = 0;

    for (size_t i = 0; i < sizeof(msg); i++) {
        msg[i] = i ^ 0x5a;
    }
    caliptra_sha512_init(&c, true);
    for (size_t n = 1; off < sizeof(msg); n = n % 13 + 1) {
        size_t step = MIN(n, sizeof(msg) - off);

        caliptra_sha512_update(&c, msg + off, step);
        off += step;
    }
    digest_of(&c, got);
    check_against_backend(true, msg, sizeof(msg), got);
}

/* FIPS 180-4 example: one million 'a' */
static void test_million_a(void)
{
    static const char want384[] =
        "9d0e1809716474cb086e834e310a4a1ced149e9c00f24852"
        "7972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985";
    static const char want512[] =
        "e718483d0ce769644e2e42c7bc15b4638e1f98b13b204428"
        "5632a803afa973ebde0ff244877ea60a4cb0432ce577c31b"
        "eb009c5c2c49aa2e4eadb217ad8cc09b";
    uint8_t block[1000];
    uint8_t got[64];
    char hex[129];
    CaliptraSha512 c;

    memset(block, 'a', sizeof(block));
    for (int sha384 = 0; sha384 < 2; sha384++) {
        caliptra_sha512_init(&c, sha384);
        for (int i = 0; i < 1000; i++) {
            caliptra_sha512_update(&c, block, sizeof(block));
        }
        digest_of(&c, got);
        for (int i = 0; i < (sha384 ? 48 : 64); i++) {
            sprintf(hex + 2 * i, "%02x", got[i]);
        }
        g_assert_cmpstr(hex, ==, sha384 ? want384 : want512);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert(qcrypto_init(NULL) == 0);

    g_test_add_func("/caliptra/sha-acc/core/lengths", test_lengths);
    g_test_add_func("/caliptra/sha-acc/core/chunks", test_chunks);
    g_test_add_func("/caliptra/sha-acc/core/million-a", test_million_a);
    return g_test_run();
}
