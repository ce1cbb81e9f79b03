/*
 * Caliptra model: the firmware's crypto helpers (SHA-384, ECDSA P-384)
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_CRYPTO_H
#define HW_MISC_CALIPTRA_CRYPTO_H

/*
 * Clear a secret (a key, a CDI, a seed) so that the compiler cannot
 * drop it as a dead store
 */
void caliptra_wipe(void *p, size_t len);

/* SHA-384 of @len bytes, through QEMU's crypto layer */
void caliptra_sha384(const void *data, size_t len, uint8_t out[48]);

typedef enum CaliptraEcdsaResult {
    CALIPTRA_ECDSA_OK,
    CALIPTRA_ECDSA_INVALID,     /* the signature does not verify */
    CALIPTRA_ECDSA_FAILURE,     /* the engine refused its inputs */
    CALIPTRA_ECDSA_SCALAR_RANGE,    /* r or s outside [1, n - 1] */
} CaliptraEcdsaResult;

/* @x, @y, @r, @s: 48-byte big-endian values; @digest: SHA-384 */
CaliptraEcdsaResult caliptra_ecdsa_p384_verify(const uint8_t *x,
                                               const uint8_t *y,
                                               const uint8_t *r,
                                               const uint8_t *s,
                                               const uint8_t *digest);

/*
 * Sign @digest (SHA-384) with the private scalar @d, deterministically as
 * Caliptra's ECC engine does (RFC 6979 with HMAC-SHA-384): the same
 * inputs give the same r, s. False if the engine refused its inputs.
 */
bool caliptra_ecdsa_p384_sign(const uint8_t d[48], const uint8_t digest[48],
                              uint8_t r[48], uint8_t s[48]);

/* The public key x, y of the private scalar @d; false if @d is not one */
bool caliptra_ecdsa_p384_public(const uint8_t d[48], uint8_t x[48],
                                uint8_t y[48]);

#endif /* HW_MISC_CALIPTRA_CRYPTO_H */
