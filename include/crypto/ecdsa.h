/*
 * QEMU Crypto ECDSA on the NIST P-384 curve
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef QCRYPTO_ECDSA_H
#define QCRYPTO_ECDSA_H

/*
 * What device models that implement a root of trust need: verification,
 * deterministic signatures (RFC 6979, HMAC-SHA-384) and the public key of
 * a private scalar. Every value is a big-endian integer of
 * QCRYPTO_ECDSA_P384_SCALAR bytes; a public key or a signature is two of
 * them, x then y, r then s. Backends: libgcrypt, or nettle's hogweed
 * (also in builds that use gnutls, which has no API for the public key
 * of a scalar; gnutls itself is built on hogweed).
 */

#define QCRYPTO_ECDSA_P384_SCALAR   48

/**
 * qcrypto_ecdsa_p384_supported:
 *
 * Returns: true if this build of QEMU has a backend for the functions
 * below; if false, each of them fails with an error.
 */
bool qcrypto_ecdsa_p384_supported(void);

/**
 * qcrypto_ecdsa_p384_scalar_valid:
 * @v: a big-endian integer of QCRYPTO_ECDSA_P384_SCALAR bytes
 *
 * Returns: true if 1 <= @v <= n - 1 (n: the order of the base point),
 * the range of private scalars and of a signature's r and s.
 */
bool qcrypto_ecdsa_p384_scalar_valid(const uint8_t *v);

/**
 * qcrypto_ecdsa_p384_verify:
 * @xy: the public key, x then y
 * @digest: the message digest, used as ECDSA does (its leftmost 384 bits)
 * @digest_len: its length in bytes
 * @rs: the signature, r then s
 * @errp: set when the verification could not run (no backend, or a
 *        public key that is not a point of the curve)
 *
 * Returns: 0 if the signature is valid, 1 if it is not (r or s out of
 * [1, n - 1] included), -1 with @errp set on failure.
 */
int qcrypto_ecdsa_p384_verify(const uint8_t *xy, const uint8_t *digest,
                              size_t digest_len, const uint8_t *rs,
                              Error **errp);

/**
 * qcrypto_ecdsa_p384_sign:
 * @d: the private scalar, in [1, n - 1]
 * @digest: a SHA-384 digest
 * @rs: where the signature goes, r then s
 * @errp: set on failure
 *
 * The signature is deterministic, its nonce made as RFC 6979 says with
 * HMAC-SHA-384: the same inputs always give the same signature.
 *
 * Returns: 0 on success, -1 with @errp set on failure.
 */
int qcrypto_ecdsa_p384_sign(const uint8_t *d, const uint8_t *digest,
                            uint8_t *rs, Error **errp);

/**
 * qcrypto_ecdsa_p384_public:
 * @d: the private scalar, in [1, n - 1]
 * @xy: where the public key d·G goes, x then y
 * @errp: set on failure
 *
 * Returns: 0 on success, -1 with @errp set on failure.
 */
int qcrypto_ecdsa_p384_public(const uint8_t *d, uint8_t *xy, Error **errp);

#endif /* QCRYPTO_ECDSA_H */
