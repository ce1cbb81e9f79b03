/*
 * Caliptra 1.2 DICE primitives and the ROM's device identities
 *
 * What Caliptra's DOE, HMAC and ECC engines compute for the ROM
 * (caliptra-sw rom/dev/src/flow/cold_reset/{idev_id,ldev_id}.rs,
 * drivers/src/hmac384_kdf.rs; caliptra-rtl doe/ecc): deobfuscation of
 * the UDS and field entropy, the SP 800-108 style KDF, and key
 * generation by HMAC_DRBG, so that the same fuses give the same keys as
 * the hardware. Hashes, HMAC, AES and the point multiplication go
 * through QEMU's crypto layer.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qapi/error.h"
#include "crypto/cipher.h"
#include "crypto/hmac.h"
#include "caliptra-crypto.h"
#include "caliptra-dice.h"

/* DOE_IV the 1.2 ROM programs (rom/dev/src/flow/cold_reset/idev_id.rs) */
static const uint8_t doe_iv[16] = {
    0xfb, 0x10, 0x36, 0x5b, 0xa1, 0x17, 0x97, 0x41,
    0xfb, 0xa1, 0x93, 0xa1, 0x0f, 0x40, 0x6d, 0x7e,
};

void caliptra_doe_decrypt(const uint8_t key[32], const uint8_t *in,
                          size_t len, uint8_t *out)
{
    g_autoptr(QCryptoCipher) cipher =
        qcrypto_cipher_new(QCRYPTO_CIPHER_ALGO_AES_256,
                           QCRYPTO_CIPHER_MODE_CBC, key, 32, &error_abort);

    qcrypto_cipher_setiv(cipher, doe_iv, sizeof(doe_iv), &error_abort);
    qcrypto_cipher_decrypt(cipher, in, out, len, &error_abort);
}

void caliptra_hmac384(const uint8_t *key, size_t keylen, const void *m1,
                      size_t len1, const void *m2, size_t len2,
                      uint8_t out[48])
{
    g_autoptr(QCryptoHmac) hmac =
        qcrypto_hmac_new(QCRYPTO_HASH_ALGO_SHA384, key, keylen, &error_abort);
    struct iovec iov[2] = {
        { (void *)m1, len1 }, { (void *)m2, m2 ? len2 : 0 },
    };
    g_autofree uint8_t *result = NULL;
    size_t rlen = 0;

    qcrypto_hmac_bytesv(hmac, iov, 2, &result, &rlen, &error_abort);
    memcpy(out, result, 48);
    /* Every HMAC here makes a CDI, a key seed or DRBG state */
    caliptra_wipe(result, rlen);
}

void caliptra_kdf_bytes(const uint8_t key[48], const void *label,
                        size_t llen, const uint8_t *ctx, size_t ctxlen,
                        uint8_t out[48])
{
    g_autofree uint8_t *msg = g_malloc(4 + llen + 1 + ctxlen);
    size_t n = 0;

    stl_be_p(msg, 1);
    n += 4;
    memcpy(msg + n, label, llen);
    n += llen;
    if (ctx) {
        msg[n++] = 0;
        memcpy(msg + n, ctx, ctxlen);
        n += ctxlen;
    }
    caliptra_hmac384(key, 48, msg, n, NULL, 0, out);
}

void caliptra_kdf(const uint8_t key[48], const char *label,
                  const uint8_t *ctx, size_t ctxlen, uint8_t out[48])
{
    caliptra_kdf_bytes(key, label, strlen(label), ctx, ctxlen, out);
}

/* HMAC_DRBG update: K = HMAC(K, V ‖ b ‖ data), then V = HMAC(K, V) */
static void drbg_update(uint8_t k[48], uint8_t v[48], uint8_t b,
                        const uint8_t *data, size_t len)
{
    g_autofree uint8_t *msg = g_malloc(48 + 1 + len);

    memcpy(msg, v, 48);
    msg[48] = b;
    memcpy(msg + 49, data, len);
    caliptra_hmac384(k, 48, msg, 49 + len, NULL, 0, k);
    caliptra_hmac384(k, 48, v, 48, NULL, 0, v);
    caliptra_wipe(msg, 49 + len);
}

bool caliptra_ecc_keygen(const uint8_t seed[48], CaliptraEccKey *key)
{
    uint8_t k[48] = { 0 }, v[48], provided[96] = { 0 };

    /* Instantiate with entropy = seed, nonce = 48 zero bytes */
    memset(v, 0x01, sizeof(v));
    memcpy(provided, seed, 48);
    drbg_update(k, v, 0x00, provided, sizeof(provided));
    drbg_update(k, v, 0x01, provided, sizeof(provided));
    /* Generate one block: the private scalar */
    caliptra_hmac384(k, 48, v, 48, NULL, 0, v);
    memcpy(key->d, v, 48);
    caliptra_wipe(k, sizeof(k));
    caliptra_wipe(v, sizeof(v));
    caliptra_wipe(provided, sizeof(provided));
    /* Public key = d·G */
    return caliptra_ecdsa_p384_public(key->d, key->x, key->y);
}

void caliptra_dice_idevid(const uint8_t uds[48], uint8_t cdi[48],
                          CaliptraEccKey *key)
{
    uint8_t seed[48];

    caliptra_kdf(uds, "idevid_cdi", NULL, 0, cdi);
    caliptra_kdf(cdi, "idevid_keygen", NULL, 0, seed);
    caliptra_ecc_keygen(seed, key);
    caliptra_wipe(seed, sizeof(seed));
}

void caliptra_dice_ldevid(const uint8_t idevid_cdi[48], const uint8_t fe[32],
                          uint8_t cdi[48], CaliptraEccKey *key)
{
    uint8_t tmp[48], seed[48];

    caliptra_hmac384(idevid_cdi, 48, "ldevid_cdi", 10, NULL, 0, tmp);
    caliptra_hmac384(tmp, 48, fe, 32, NULL, 0, cdi);
    caliptra_kdf(cdi, "ldevid_keygen", NULL, 0, seed);
    caliptra_ecc_keygen(seed, key);
    caliptra_wipe(tmp, sizeof(tmp));
    caliptra_wipe(seed, sizeof(seed));
}

void caliptra_dice_fmc_alias(const uint8_t ldevid_cdi[48],
                             const uint8_t pcr0[48], uint8_t cdi[48],
                             CaliptraEccKey *key)
{
    uint8_t seed[48];

    caliptra_kdf(ldevid_cdi, "fmc_alias_cdi", pcr0, 48, cdi);
    caliptra_kdf(cdi, "fmc_alias_keygen", NULL, 0, seed);
    caliptra_ecc_keygen(seed, key);
    caliptra_wipe(seed, sizeof(seed));
}

void caliptra_dice_zero_rt(uint8_t cdi[48], CaliptraEccKey *key)
{
    static const uint8_t zero[48];

    caliptra_kdf(zero, "zero_rt_cdi", NULL, 0, cdi);
    caliptra_ecc_keygen(cdi, key);
}

void caliptra_dice_rt_alias(const uint8_t fmc_cdi[48],
                            const uint8_t rt_digest[48],
                            const uint8_t manifest_digest[48],
                            uint8_t cdi[48], CaliptraEccKey *key)
{
    uint8_t tci[96], seed[48];

    memcpy(tci, rt_digest, 48);
    memcpy(tci + 48, manifest_digest, 48);
    caliptra_kdf(fmc_cdi, "rt_alias_cdi", tci, sizeof(tci), cdi);
    caliptra_kdf(cdi, "rt_alias_keygen", NULL, 0, seed);
    caliptra_ecc_keygen(seed, key);
    caliptra_wipe(seed, sizeof(seed));
}
