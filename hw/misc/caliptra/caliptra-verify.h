/*
 * Caliptra 1.2 firmware bundle verification, as the ROM performs it
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_VERIFY_H
#define HW_MISC_CALIPTRA_VERIFY_H

#include "caliptra-crypto.h"

/* The fuse and strap values verification depends on */
typedef struct CaliptraVerifyFuses {
    uint32_t key_manifest_pk_hash[12];      /* register words */
    uint32_t key_manifest_pk_hash_mask;
    uint32_t owner_pk_hash[12];
    uint32_t fmc_key_manifest_svn;
    uint32_t runtime_svn[4];
    bool anti_rollback_disable;
    bool lms_verify;
    uint32_t lms_revocation;
    bool unprovisioned;                     /* device lifecycle 0 */
} CaliptraVerifyFuses;

typedef struct CaliptraImageToc {
    uint32_t version;
    uint32_t svn;
    uint32_t load_addr;
    uint32_t entry_point;
    uint32_t offset;
    uint32_t size;
    uint8_t digest[48];                     /* SHA-384, natural order */
} CaliptraImageToc;

typedef struct CaliptraImageInfo {
    uint32_t vendor_ecc_key_idx;
    uint32_t vendor_lms_key_idx;
    uint8_t owner_pk_digest[48];
    bool owner_pk_digest_in_fuses;
    CaliptraImageToc fmc;
    CaliptraImageToc rt;
} CaliptraImageInfo;

/*
 * ECDSA P-384 with key (x, y) and signature (r, s) in the manifest's word
 * format, over a SHA-384 digest in natural byte order
 */
CaliptraEcdsaResult caliptra_verify_ecc_words(const uint8_t *key,
                                              const uint8_t *sig,
                                              const uint8_t *digest);

/*
 * Check @bundle (the @len bytes the SoC sent with FIRMWARE_LOAD) in the
 * order of caliptra-sw's image verifier. Returns 0, or the first failing
 * check's CaliptraError code. The buffer holds at least a whole manifest
 * (zero past @len, as the mailbox reads past DLEN). On an update reset,
 * @cold is what the cold boot verified (owner keys, vendor key index and
 * FMC must not change); NULL on a cold boot.
 */
uint32_t caliptra_verify_bundle(const uint8_t *bundle, size_t len,
                                const CaliptraVerifyFuses *fuses,
                                const CaliptraImageInfo *cold,
                                CaliptraImageInfo *info);

#endif /* HW_MISC_CALIPTRA_VERIFY_H */
