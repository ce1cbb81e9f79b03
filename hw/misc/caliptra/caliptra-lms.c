/*
 * LMS signature verification (RFC 8554, NIST SP 800-208) for the
 * parameter set Caliptra 1.2 uses: LMS_SHA256_M24_H15 (tree type 12)
 * with LMOTS_SHA256_N24_W4 (type 7). SHA-256/192 is SHA-256 truncated
 * to 24 bytes; it goes through QEMU's crypto layer.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qapi/error.h"
#include "crypto/hash.h"
#include "caliptra-lms.h"

#define N       24      /* hash bytes */
#define H       15      /* tree height */
#define W       4       /* Winternitz bits */
#define P       51      /* chains: 48 message digits + 3 checksum digits */
#define LS      4       /* checksum left shift */
#define I_LEN   16

#define D_PBLC  0x8080
#define D_MESG  0x8181
#define D_LEAF  0x8282
#define D_INTR  0x8383

/*
 * The signature (caliptra_api.h: q, the LM-OTS signature, the LMS type,
 * the path) and within its LM-OTS part: ots_type, C, y[P]
 */
#define SIG_OTS_TYPE    CALIPTRA_LMS_SIG_OTS
#define SIG_C           (SIG_OTS_TYPE + 4)
#define SIG_Y           (SIG_C + N)
QEMU_BUILD_BUG_ON(SIG_Y + P * N != CALIPTRA_LMS_SIG_TYPE);
QEMU_BUILD_BUG_ON(CALIPTRA_LMS_SIG_PATH + H * N != CALIPTRA_LMS_SIG_SIZE);
QEMU_BUILD_BUG_ON(CALIPTRA_LMS_ID_SIZE != I_LEN);

static void hash_n(const struct iovec *iov, size_t n, uint8_t out[N])
{
    g_autofree uint8_t *digest = NULL;
    size_t len = 0;

    qcrypto_hash_bytesv(QCRYPTO_HASH_ALGO_SHA256, iov, n, &digest, &len,
                        &error_abort);
    memcpy(out, digest, N);
}

/* Base-2^W digit @i of @s, most significant first */
static unsigned coef(const uint8_t *s, unsigned i)
{
    return (s[i * W / 8] >> (8 - W * (i % (8 / W) + 1))) & ((1 << W) - 1);
}

/* Algorithm 4b: the LM-OTS public key candidate Kc */
static void lmots_candidate(const uint8_t *I, uint32_t q, const uint8_t *sig,
                            const uint8_t *msg, size_t msg_len,
                            uint8_t kc[N])
{
    uint8_t qbe[4], d_mesg[2], d_pblc[2], digits[N + 2];
    uint8_t z[P][N];
    uint16_t cksm = 0;

    stl_be_p(qbe, q);
    stw_be_p(d_mesg, D_MESG);
    {
        struct iovec iov[] = {
            { (void *)I, I_LEN }, { qbe, 4 }, { d_mesg, 2 },
            { (void *)(sig + SIG_C), N }, { (void *)msg, msg_len },
        };

        hash_n(iov, ARRAY_SIZE(iov), digits);
    }
    for (unsigned i = 0; i < N * 8 / W; i++) {
        cksm += (1 << W) - 1 - coef(digits, i);
    }
    stw_be_p(digits + N, cksm << LS);

    for (unsigned i = 0; i < P; i++) {
        uint8_t ibe[2];
        uint8_t j;

        stw_be_p(ibe, i);
        memcpy(z[i], sig + SIG_Y + i * N, N);
        for (j = coef(digits, i); j < (1 << W) - 1; j++) {
            struct iovec iov[] = {
                { (void *)I, I_LEN }, { qbe, 4 }, { ibe, 2 }, { &j, 1 },
                { z[i], N },
            };

            hash_n(iov, ARRAY_SIZE(iov), z[i]);
        }
    }
    stw_be_p(d_pblc, D_PBLC);
    {
        struct iovec iov[] = {
            { (void *)I, I_LEN }, { qbe, 4 }, { d_pblc, 2 }, { z, sizeof(z) },
        };

        hash_n(iov, ARRAY_SIZE(iov), kc);
    }
}

CaliptraLmsResult caliptra_lms_verify(const uint8_t *msg, size_t msg_len,
                                      const uint8_t *pubkey,
                                      const uint8_t *sig)
{
    const uint8_t *I = pubkey + CALIPTRA_LMS_KEY_ID;
    uint32_t q = ldl_be_p(sig + CALIPTRA_LMS_SIG_Q);
    uint32_t node = (1u << H) + q;
    uint8_t tmp[N], nbe[4], d[2];

    /* caliptra-sw runtime verify.rs, then drivers lms.rs, in order */
    if (ldl_be_p(pubkey + CALIPTRA_LMS_KEY_TYPE) !=
        CALIPTRA_LMS_SHA256_M24_H15) {
        return CALIPTRA_LMS_FAILURE;
    }
    if (ldl_be_p(pubkey + CALIPTRA_LMS_KEY_OTS_TYPE) !=
        CALIPTRA_LMOTS_SHA256_N24_W4) {
        return CALIPTRA_LMS_BAD_KEY_OTS_TYPE;
    }
    if (ldl_be_p(sig + CALIPTRA_LMS_SIG_TYPE) != CALIPTRA_LMS_SHA256_M24_H15) {
        return CALIPTRA_LMS_FAILURE;
    }
    if (ldl_be_p(sig + SIG_OTS_TYPE) != CALIPTRA_LMOTS_SHA256_N24_W4) {
        return CALIPTRA_LMS_OTS_MISMATCH;
    }
    if (q >= (1u << H)) {
        return CALIPTRA_LMS_BAD_Q;
    }

    lmots_candidate(I, q, sig, msg, msg_len, tmp);

    /* Algorithm 6a: climb from the leaf to the root */
    stl_be_p(nbe, node);
    stw_be_p(d, D_LEAF);
    {
        uint8_t kc[N];
        struct iovec iov[] = {
            { (void *)I, I_LEN }, { nbe, 4 }, { d, 2 }, { kc, N },
        };

        memcpy(kc, tmp, N);
        hash_n(iov, ARRAY_SIZE(iov), tmp);
    }
    stw_be_p(d, D_INTR);
    for (unsigned i = 0; node > 1; i++, node /= 2) {
        const uint8_t *sibling = sig + CALIPTRA_LMS_SIG_PATH + i * N;
        uint8_t cur[N];
        struct iovec iov[] = {
            { (void *)I, I_LEN }, { nbe, 4 }, { d, 2 },
            { node & 1 ? (void *)sibling : cur, N },
            { node & 1 ? cur : (void *)sibling, N },
        };

        memcpy(cur, tmp, N);
        stl_be_p(nbe, node / 2);
        hash_n(iov, ARRAY_SIZE(iov), tmp);
    }
    return memcmp(tmp, pubkey + CALIPTRA_LMS_KEY_T1, N) ?
           CALIPTRA_LMS_INVALID : CALIPTRA_LMS_OK;
}
