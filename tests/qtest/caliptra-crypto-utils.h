/*
 * Caliptra qtests: the crypto the tests recompute Caliptra's values with
 *
 * Written from the published recipes (NIST SP 800-108, SP 800-90A
 * HMAC_DRBG, RFC 6979) on libgcrypt, independently of the model.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TESTS_CALIPTRA_CRYPTO_UTILS_H
#define TESTS_CALIPTRA_CRYPTO_UTILS_H

#include "caliptra-utils.h"
#include "../../contrib/caliptra-bundle/caliptra-bundle.h"

/* Provision the key hashes of bundle @b, as a bootmcu does from its OTP */
void cptra_fuse_keys(CaliptraDev *d, const uint8_t *b);

/* SHA-384(a ‖ b); @b may be NULL */
void cptra_sha384(const void *a, size_t alen, const void *b, size_t blen,
                  uint8_t out[48]);
/* HMAC-SHA-384 with a 48-byte key of a ‖ b */
void cptra_hmac384(const uint8_t *key, const void *a, size_t alen,
                   const void *b, size_t blen, uint8_t out[48]);
/* SP 800-108 counter mode, one block: HMAC(k, 1 ‖ label [‖ 0 ‖ ctx]) */
void cptra_kdf_bytes(const uint8_t *key, const void *label, size_t llen,
                     const void *ctx, size_t ctx_len, uint8_t out[48]);
void cptra_kdf(const uint8_t *key, const char *label, const uint8_t *ctx,
               size_t ctx_len, uint8_t out[48]);
/* Caliptra's ECC key generation: HMAC_DRBG-SHA-384 on the seed */
void cptra_drbg_key(const uint8_t seed[48], uint8_t d[48]);
/* The public point (x ‖ y) of the P-384 private key @d */
void cptra_p384_public(const uint8_t d[48], uint8_t xy[96]);
/* ECDSA P-384 (r ‖ s) of a SHA-384 digest, deterministic (RFC 6979) */
void cptra_sign_rfc6979(const uint8_t d[48], const uint8_t digest[48],
                        uint8_t rs[96]);
/* Verify (r ‖ s) over @digest with the public key x ‖ y */
bool cptra_p384_verify(const uint8_t xy[96], const uint8_t digest[48],
                       const uint8_t rs[96]);

/* A DER header at @p: returns the content length, sets *hdr */
size_t cptra_der_len(const uint8_t *p, size_t *hdr);
/*
 * Split a certificate (or CSR) into its TBS and signature, and check the
 * signature with the issuer's public key @xy (x ‖ y); returns the TBS
 */
const uint8_t *cptra_cert_check(const uint8_t *cert, size_t len,
                                const uint8_t xy[96], size_t *tbs_len);

/*
 * The test bundles' FMC and runtime images, refilled by cptra_test_spec
 * (a test may change them before it builds its bundle)
 */
extern uint8_t cptra_fmc_image[1024];
extern uint8_t cptra_rt_image[2048];
/* A bundle of those images with caliptra-sw's fake keys */
void cptra_test_spec(CbSpec *spec);
/* cb_build, which must succeed */
uint8_t *cptra_test_bundle(const CbSpec *spec, size_t *len);
/* Started, the keys of @spec's bundle fused, the bundle at runtime */
CaliptraDev *cptra_start_runtime_spec(const CbSpec *spec);
/* The same with cptra_test_spec's bundle */
CaliptraDev *cptra_start_runtime(void);
/*
 * Fuse caliptra-sw's default UDS and field entropy, boot the test bundle
 * to runtime and return the IDevID public key (x ‖ y) of GET_IDEV_INFO
 */
void cptra_get_idev_info(CaliptraDev *d, uint8_t pub[96]);

/* The order n of P-384's base point (FIPS 186-5 / SEC 2), big-endian */
extern const uint8_t cptra_p384_order[48];

/* fw_id 1 bootmcu runtime, 10 ATF, 12 U-Boot (ASPEED's numbering) */
extern CbAuthEntry cptra_auth_entries[3];
/*
 * An authorization manifest of cptra_auth_entries (reset first), signed
 * with @bundle_spec's vendor key 0 and owner key, with @flags
 */
uint8_t *cptra_test_auth_manifest(CbSpec *bundle_spec, uint32_t flags,
                                  size_t *len);

#endif /* TESTS_CALIPTRA_CRYPTO_UTILS_H */
