/*
 * Build and inspect Caliptra 1.2 firmware bundles (libgcrypt)
 *
 * Standalone C, shared by the caliptra-bundle tool and QEMU's Caliptra
 * qtests. The layout is caliptra-sw's (branch caliptra-1.2) image/types
 * ImageManifest; see hw/misc/caliptra/caliptra-image.h.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef CALIPTRA_BUNDLE_H
#define CALIPTRA_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CB_MANIFEST_SIZE    5884
#define CB_SCALAR           48

/* An ECC P-384 key: private scalar (if known) and public point, big-endian */
typedef struct CbKey {
    bool has_private;
    uint8_t d[CB_SCALAR];
    uint8_t x[CB_SCALAR];
    uint8_t y[CB_SCALAR];
} CbKey;

/*
 * An LMS (SHA-256/192, H15, W4) key that can sign with one leaf: its
 * one-time key and authentication path. Made-up trees like this are
 * fine for test bundles and nothing else.
 */
typedef struct CbLmsKey {
    uint8_t I[16];
    uint32_t q;
    uint8_t seed[24];           /* the leaf's one-time private key seed */
    uint8_t path[15][24];
    uint8_t pub[48];            /* RFC 8554 public key, filled in */
} CbLmsKey;

/* Make a test LMS key from @seed (any bytes) */
void cb_lms_test_key(CbLmsKey *key, const uint8_t seed[24]);
/* Sign @msg with the key's leaf (RFC 8554 algorithms 3 and 5) */
void cb_lms_sign(const CbLmsKey *key, const uint8_t *msg, size_t msg_len,
                 uint8_t sig[1620]);

typedef struct CbImage {
    const uint8_t *data;
    uint32_t size;
    uint32_t version;
    uint32_t svn;
    uint32_t load_addr;
    uint32_t entry_point;
} CbImage;

typedef struct CbSpec {
    CbKey vendor[4];
    uint32_t vendor_idx;
    CbKey owner;
    bool lms;                   /* also sign with LMS (FUSE_LMS_VERIFY) */
    uint32_t vendor_lms_idx;
    CbLmsKey vendor_lms;        /* at vendor_lms_idx; other slots zero */
    CbLmsKey owner_lms;
    uint32_t flags;             /* bit 0: pl0_pauser is valid */
    uint32_t pl0_pauser;
    CbImage fmc;
    CbImage rt;
} CbSpec;

/* caliptra-sw's published test keys (image/fake-keys): test data only */
void cb_fake_keys(CbSpec *spec);
/* Default images: FMC and runtime in the ICCM, version 1.2.0, SVN 0 */
void cb_default_images(CbSpec *spec, const uint8_t *fmc, uint32_t fmc_size,
                       const uint8_t *rt, uint32_t rt_size);

/* Deterministic (RFC 6979) ECDSA P-384 over a SHA-384 digest: r, s */
int cb_ecdsa_sign(const CbKey *key, const uint8_t digest[48], uint8_t rs[96]);

/* Build and sign; returns the bundle (free() it) or NULL, setting *len */
uint8_t *cb_build(const CbSpec *spec, size_t *len);
/*
 * Re-sign the header of @bundle after editing it: vendor with vendor
 * key @vendor_idx of @spec, owner with the owner key of @spec.
 */
int cb_sign(uint8_t *bundle, const CbSpec *spec);
/* After editing TOC entries: redo the TOC digest, then cb_sign() */
int cb_reseal(uint8_t *bundle, const CbSpec *spec);

/* Fuse register values for @bundle: FUSE_KEY_MANIFEST_PK_HASH, ... */
void cb_vendor_pk_hash(const uint8_t *bundle, uint32_t words[12]);
void cb_owner_pk_hash(const uint8_t *bundle, uint32_t words[12]);

/* Print the manifest and check its digests and signatures; 0 if sound */
int cb_info(const uint8_t *bundle, size_t len, FILE *out);

/*
 * SoC image authorization manifest (SET_AUTH_MANIFEST, caliptra-sw
 * auth-manifest/types): the firmware bundle's vendor and owner keys
 * vouch for the manifest's keys, which sign the image list. ECC only.
 */
typedef struct CbAuthEntry {
    uint32_t fw_id;
    uint32_t flags;             /* bit 2: ignore the digest */
    uint8_t digest[48];         /* SHA-384 of the image */
} CbAuthEntry;

typedef struct CbAuthSpec {
    const CbKey *fw_vendor;     /* the bundle's vendor key that signed it */
    const CbKey *fw_owner;
    CbKey vendor;               /* the manifest's own keys */
    CbKey owner;
    uint32_t flags;             /* bit 0: vendor signature required */
    uint32_t count;
    const CbAuthEntry *entries;
} CbAuthSpec;

#define CB_AUTH_PREAMBLE_SIZE   7168

uint8_t *cb_auth_manifest(const CbAuthSpec *spec, size_t *len);

/*
 * The AST2700 boot flash image ("FLSH", include/hw/arm/aspeed_flash_image.h):
 * the header, the entry table, then each image zero-padded to 4 bytes.
 * Returns it (free() it) or NULL.
 */
typedef struct CbFlashEntry {
    uint32_t id;
    const uint8_t *data;
    size_t size;
} CbFlashEntry;

uint8_t *cb_flash_image(const CbFlashEntry *e, unsigned count, size_t *len);
/* CRC-32 (IEEE 802.3, as zlib's crc32()) */
uint32_t cb_crc32(const uint8_t *p, size_t len);

/* Key file: lines "d=", "x=", "y=" with 96 hex digits each */
int cb_read_key(const char *path, CbKey *key);

#endif /* CALIPTRA_BUNDLE_H */
