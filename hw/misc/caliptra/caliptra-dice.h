/*
 * Caliptra 1.2 DICE primitives and the ROM's device identities
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_DICE_H
#define HW_MISC_CALIPTRA_DICE_H

#define CALIPTRA_DICE_SIZE  48

typedef struct CaliptraEccKey {
    uint8_t d[48];      /* private scalar, big-endian: never leaves the model */
    uint8_t x[48];
    uint8_t y[48];
} CaliptraEccKey;

/* DOE: AES-256-CBC decryption with the obfuscation key and the ROM's IV */
void caliptra_doe_decrypt(const uint8_t key[32], const uint8_t *in,
                          size_t len, uint8_t *out);
/* HMAC-SHA-384 of @m1 ‖ @m2 (@m2 may be NULL) */
void caliptra_hmac384(const uint8_t *key, size_t keylen, const void *m1,
                      size_t len1, const void *m2, size_t len2,
                      uint8_t out[48]);
/* KDF(key, label[, ctx]) = HMAC(key, be32(1) ‖ label [‖ 0x00 ‖ ctx]) */
void caliptra_kdf(const uint8_t key[48], const char *label,
                  const uint8_t *ctx, size_t ctxlen, uint8_t out[48]);
/* The same with a binary label (DPE labels are 48 raw bytes) */
void caliptra_kdf_bytes(const uint8_t key[48], const void *label,
                        size_t llen, const uint8_t *ctx, size_t ctxlen,
                        uint8_t out[48]);
/*
 * The ECC engine's key generation: HMAC_DRBG-SHA-384 seeded with @seed
 * and a zero nonce; false if the scalar is out of range (never in
 * practice)
 */
bool caliptra_ecc_keygen(const uint8_t seed[48], CaliptraEccKey *key);

/* The ROM's layers: IDevID from the UDS, LDevID from it and the FE */
void caliptra_dice_idevid(const uint8_t uds[48], uint8_t cdi[48],
                          CaliptraEccKey *key);
void caliptra_dice_ldevid(const uint8_t idevid_cdi[48], const uint8_t fe[32],
                          uint8_t cdi[48], CaliptraEccKey *key);

/*
 * The FMC's alias layer, from the LDevID CDI and PCR0 (the ROM's
 * measurement of the FMC and the fuses); the runtime's, from the FMC
 * alias CDI, the runtime image digest and the manifest digest
 */
void caliptra_dice_fmc_alias(const uint8_t ldevid_cdi[48],
                             const uint8_t pcr0[48], uint8_t cdi[48],
                             CaliptraEccKey *key);
void caliptra_dice_rt_alias(const uint8_t fmc_cdi[48],
                            const uint8_t rt_digest[48],
                            const uint8_t manifest_digest[48],
                            uint8_t cdi[48], CaliptraEccKey *key);

/*
 * DISABLE_ATTESTATION: the runtime's CDI becomes KDF(0, "zero_rt_cdi") and
 * its key is generated from that CDI directly
 */
void caliptra_dice_zero_rt(uint8_t cdi[48], CaliptraEccKey *key);

#endif /* HW_MISC_CALIPTRA_DICE_H */
