/*
 * Caliptra 1.2 firmware bundle verification, as the ROM performs it
 *
 * The checks and their order follow caliptra-sw's (branch caliptra-1.2)
 * image/verify: manifest marker and size, vendor and owner key digests
 * against the fuses, key index and revocation, the vendor and owner
 * ECDSA P-384 signatures over the header, the TOC digest, image ranges,
 * image digests, ICCM load and entry addresses, and SVN anti-rollback.
 * The first failing check's CaliptraError is returned.
 *
 * SHA-384 goes through QEMU's crypto layer; ECDSA through
 * caliptra-crypto.c (libgcrypt), LMS through caliptra-lms.c.
 *
 * On an update reset the owner keys, the vendor key index and the FMC
 * must be those the cold boot verified.
 *
 * With FUSE_LMS_VERIFY set, vendor and owner also sign with LMS
 * (caliptra-lms.c), over the same header digests.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qemu/cutils.h"
#include "qemu/host-utils.h"
#include "caliptra-crypto.h"
#include "caliptra-error.h"
#include "caliptra-image.h"
#include "caliptra-lms.h"
#include "caliptra-verify.h"

/* Manifest words (little-endian, most significant first) to bytes */
static void words_to_be(const uint8_t *words, uint8_t *out, size_t len)
{
    for (size_t i = 0; i < len; i += 4) {
        stl_be_p(out + i, ldl_le_p(words + i));
    }
}

/* Fuse register words hold the digest big-endian, word 0 first */
static bool digest_matches_fuse(const uint8_t digest[48],
                                const uint32_t fuse[12])
{
    for (int i = 0; i < 12; i++) {
        if ((uint32_t)ldl_be_p(digest + 4 * i) != fuse[i]) {
            return false;
        }
    }
    return true;
}

static bool all_zero(const void *p, size_t len)
{
    return buffer_is_zero(p, len);
}

static uint32_t u32_at(const uint8_t *b, size_t off)
{
    return ldl_le_p(b + off);
}

static void read_toc(const uint8_t *b, size_t off, CaliptraImageToc *toc)
{
    toc->version = u32_at(b, off + TOC_VERSION);
    toc->svn = u32_at(b, off + TOC_SVN);
    toc->load_addr = u32_at(b, off + TOC_LOAD_ADDR);
    toc->entry_point = u32_at(b, off + TOC_ENTRY_POINT);
    toc->offset = u32_at(b, off + TOC_OFFSET);
    toc->size = u32_at(b, off + TOC_SIZE);
    words_to_be(b + off + TOC_DIGEST, toc->digest, IMG_DIGEST_SIZE);
}

/* Fuse SVNs count set bits from the bottom: position of the highest one */
static uint32_t fuse_fmc_svn(const CaliptraVerifyFuses *f)
{
    return 32 - clz32(f->fmc_key_manifest_svn);
}

static uint32_t fuse_rt_svn(const CaliptraVerifyFuses *f)
{
    for (int i = 3; i >= 0; i--) {
        if (f->runtime_svn[i]) {
            return 32 * i + 32 - clz32(f->runtime_svn[i]);
        }
    }
    return 0;
}

static bool iccm_range_ok(uint32_t addr, uint32_t size)
{
    uint64_t end = (uint64_t)addr + size;

    return addr >= IMG_ICCM_BASE && end <= IMG_ICCM_BASE + IMG_ICCM_SIZE;
}

/* The checks on one image, in the verifier's order */
static uint32_t verify_image(const uint8_t *b, size_t len,
                             const CaliptraImageToc *toc, bool fmc,
                             const CaliptraVerifyFuses *f,
                             const CaliptraImageInfo *cold)
{
    uint8_t digest[IMG_DIGEST_SIZE];
    uint32_t svn_max = fmc ? IMG_FMC_SVN_MAX : IMG_RT_SVN_MAX;
    uint32_t svn_fuse = fmc ? fuse_fmc_svn(f) : fuse_rt_svn(f);

    if ((uint64_t)toc->offset + toc->size > len) {
        return CPTRA_ERR_IMG_DIGEST_OUT_OF_BOUNDS;
    }
    caliptra_sha384(b + toc->offset, toc->size, digest);
    if (memcmp(digest, toc->digest, sizeof(digest))) {
        return fmc ? CPTRA_ERR_IMG_FMC_DIGEST_MISMATCH :
                     CPTRA_ERR_IMG_RUNTIME_DIGEST_MISMATCH;
    }
    if (!iccm_range_ok(toc->load_addr, toc->size)) {
        return fmc ? CPTRA_ERR_IMG_FMC_LOAD_ADDR_INVALID :
                     CPTRA_ERR_IMG_RUNTIME_LOAD_ADDR_INVALID;
    }
    if (toc->load_addr % 4) {
        return fmc ? CPTRA_ERR_IMG_FMC_LOAD_ADDR_UNALIGNED :
                     CPTRA_ERR_IMG_RUNTIME_LOAD_ADDR_UNALIGNED;
    }
    if (!iccm_range_ok(toc->entry_point, 4)) {
        return fmc ? CPTRA_ERR_IMG_FMC_ENTRY_POINT_INVALID :
                     CPTRA_ERR_IMG_RUNTIME_ENTRY_POINT_INVALID;
    }
    if (toc->entry_point % 4) {
        return fmc ? CPTRA_ERR_IMG_FMC_ENTRY_POINT_UNALIGNED :
                     CPTRA_ERR_IMG_RUNTIME_ENTRY_POINT_UNALIGNED;
    }
    if (!f->unprovisioned && !f->anti_rollback_disable) {
        if (toc->svn > svn_max) {
            return fmc ? CPTRA_ERR_IMG_FMC_SVN_GREATER_THAN_MAX_SUPPORTED :
                         CPTRA_ERR_IMG_RUNTIME_SVN_GREATER_THAN_MAX_SUPPORTED;
        }
        if (toc->svn < svn_fuse) {
            return fmc ? CPTRA_ERR_IMG_FMC_SVN_LESS_THAN_FUSE :
                         CPTRA_ERR_IMG_RUNTIME_SVN_LESS_THAN_FUSE;
        }
    }
    if (fmc && cold && memcmp(digest, cold->fmc.digest, sizeof(digest))) {
        return CPTRA_ERR_IMG_UPDATE_RESET_FMC_DIGEST_MISMATCH;
    }
    return 0;
}

static uint32_t verify_preamble(const uint8_t *b, const CaliptraVerifyFuses *f,
                                const CaliptraImageInfo *cold,
                                CaliptraImageInfo *info)
{
    uint8_t digest[IMG_DIGEST_SIZE];
    uint32_t idx;

    /* Vendor keys: all four ECC and all 32 LMS keys are hashed */
    if (!f->unprovisioned) {
        if (all_zero(f->key_manifest_pk_hash,
                     sizeof(f->key_manifest_pk_hash))) {
            return CPTRA_ERR_IMG_VENDOR_PUB_KEY_DIGEST_INVALID;
        }
        caliptra_sha384(b + IMG_VENDOR_ECC_KEYS,
               IMG_VENDOR_ECC_KEY_IDX - IMG_VENDOR_ECC_KEYS, digest);
        if (!digest_matches_fuse(digest, f->key_manifest_pk_hash)) {
            return CPTRA_ERR_IMG_VENDOR_PUB_KEY_DIGEST_MISMATCH;
        }
    }

    /* Owner keys: an unprogrammed fuse accepts any */
    caliptra_sha384(b + IMG_OWNER_ECC_KEY,
                    IMG_OWNER_ECC_SIG - IMG_OWNER_ECC_KEY,
                    info->owner_pk_digest);
    info->owner_pk_digest_in_fuses =
        !all_zero(f->owner_pk_hash, sizeof(f->owner_pk_hash));
    if (info->owner_pk_digest_in_fuses &&
        !digest_matches_fuse(info->owner_pk_digest, f->owner_pk_hash)) {
        return CPTRA_ERR_IMG_OWNER_PUB_KEY_DIGEST_MISMATCH;
    }
    if (cold && memcmp(info->owner_pk_digest, cold->owner_pk_digest,
                       sizeof(info->owner_pk_digest))) {
        return CPTRA_ERR_IMG_UPDATE_RESET_OWNER_DIGEST_FAILURE;
    }

    idx = u32_at(b, IMG_VENDOR_ECC_KEY_IDX);
    if (idx >= IMG_ECC_KEY_COUNT) {
        return CPTRA_ERR_IMG_VENDOR_ECC_PUB_KEY_INDEX_OUT_OF_BOUNDS;
    }
    /* The last key cannot be revoked */
    if (idx < IMG_ECC_KEY_COUNT - 1 &&
        (f->key_manifest_pk_hash_mask >> idx) & 1) {
        return CPTRA_ERR_IMG_VENDOR_ECC_PUB_KEY_REVOKED;
    }
    if (cold && idx != cold->vendor_ecc_key_idx) {
        return CPTRA_ERR_IMG_UPDATE_RESET_VENDOR_ECC_PUB_KEY_IDX_MISMATCH;
    }
    info->vendor_ecc_key_idx = idx;

    if (f->lms_verify) {
        idx = u32_at(b, IMG_VENDOR_LMS_KEY_IDX);
        if (idx >= IMG_LMS_KEY_COUNT) {
            return CPTRA_ERR_IMG_VENDOR_LMS_PUB_KEY_INDEX_OUT_OF_BOUNDS;
        }
        /* As with ECC keys, the last one cannot be revoked */
        if (idx < IMG_LMS_KEY_COUNT - 1 && (f->lms_revocation >> idx) & 1) {
            return CPTRA_ERR_IMG_VENDOR_LMS_PUB_KEY_REVOKED;
        }
        info->vendor_lms_key_idx = idx;
    }
    return 0;
}

/* The error codes of one signer's checks */
typedef struct SignerErrors {
    uint32_t key_invalid_arg;
    uint32_t sig_invalid_arg;
    uint32_t ecc_invalid;
    uint32_t ecc_failure;
    uint32_t lms_invalid;
    uint32_t lms_failure;
} SignerErrors;

static const SignerErrors vendor_errors = {
    .key_invalid_arg = CPTRA_ERR_IMG_VENDOR_PUB_KEY_DIGEST_INVALID_ARG,
    .sig_invalid_arg = CPTRA_ERR_IMG_VENDOR_ECC_SIGNATURE_INVALID_ARG,
    .ecc_invalid = CPTRA_ERR_IMG_VENDOR_ECC_SIGNATURE_INVALID,
    .ecc_failure = CPTRA_ERR_IMG_VENDOR_ECC_VERIFY_FAILURE,
    .lms_invalid = CPTRA_ERR_IMG_VENDOR_LMS_SIGNATURE_INVALID,
    .lms_failure = CPTRA_ERR_IMG_VENDOR_LMS_VERIFY_FAILURE,
};

static const SignerErrors owner_errors = {
    .key_invalid_arg = CPTRA_ERR_IMG_OWNER_ECC_PUB_KEY_INVALID_ARG,
    .sig_invalid_arg = CPTRA_ERR_IMG_OWNER_ECC_SIGNATURE_INVALID_ARG,
    .ecc_invalid = CPTRA_ERR_IMG_OWNER_ECC_SIGNATURE_INVALID,
    .ecc_failure = CPTRA_ERR_IMG_OWNER_ECC_VERIFY_FAILURE,
    .lms_invalid = CPTRA_ERR_IMG_OWNER_LMS_SIGNATURE_INVALID,
    .lms_failure = CPTRA_ERR_IMG_OWNER_LMS_VERIFY_FAILURE,
};

CaliptraEcdsaResult caliptra_verify_ecc_words(const uint8_t *key,
                                              const uint8_t *sig,
                                              const uint8_t *digest)
{
    uint8_t be[IMG_ECC_KEY_SIZE + 2 * IMG_ECC_SCALAR];

    words_to_be(key, be, IMG_ECC_KEY_SIZE);
    words_to_be(sig, be + IMG_ECC_KEY_SIZE, 2 * IMG_ECC_SCALAR);
    return caliptra_ecdsa_p384_verify(be, be + IMG_ECC_SCALAR,
                                      be + IMG_ECC_KEY_SIZE,
                                      be + IMG_ECC_KEY_SIZE + IMG_ECC_SCALAR,
                                      digest);
}

/* One signer's ECDSA signature: no zero coordinate or scalar, then verify */
static uint32_t check_ecc(const uint8_t *key, const uint8_t *sig,
                          const uint8_t digest[48], const SignerErrors *e)
{
    if (all_zero(key, IMG_ECC_SCALAR) ||
        all_zero(key + IMG_ECC_SCALAR, IMG_ECC_SCALAR)) {
        return e->key_invalid_arg;
    }
    if (all_zero(sig, IMG_ECC_SCALAR) ||
        all_zero(sig + IMG_ECC_SCALAR, IMG_ECC_SCALAR)) {
        return e->sig_invalid_arg;
    }
    switch (caliptra_verify_ecc_words(key, sig, digest)) {
    case CALIPTRA_ECDSA_OK:
        return 0;
    case CALIPTRA_ECDSA_INVALID:
        return e->ecc_invalid;
    default:
        return e->ecc_failure;
    }
}

/* One signer's LMS signature, over the same digest */
static uint32_t check_lms(const uint8_t *key, const uint8_t *sig,
                          const uint8_t digest[48], const SignerErrors *e)
{
    switch (caliptra_lms_verify(digest, IMG_DIGEST_SIZE, key, sig)) {
    case CALIPTRA_LMS_OK:
        return 0;
    case CALIPTRA_LMS_INVALID:
        return e->lms_invalid;
    default:
        return e->lms_failure;
    }
}

static uint32_t verify_header(const uint8_t *b, const CaliptraVerifyFuses *f,
                              const CaliptraImageInfo *info)
{
    const uint8_t *vkey = b + IMG_VENDOR_ECC_KEYS +
                          info->vendor_ecc_key_idx * IMG_ECC_KEY_SIZE;
    const uint8_t *vlms = b + IMG_VENDOR_LMS_KEYS +
                          info->vendor_lms_key_idx * CALIPTRA_LMS_PUBKEY_SIZE;
    uint8_t vendor_digest[IMG_DIGEST_SIZE], owner_digest[IMG_DIGEST_SIZE];
    uint32_t err;

    /* The vendor signs the header up to owner_data; the owner all of it */
    caliptra_sha384(b + IMG_HEADER, IMG_HDR_OWNER_DATA - IMG_HEADER,
                    vendor_digest);
    caliptra_sha384(b + IMG_HEADER, IMG_HEADER_END - IMG_HEADER, owner_digest);

    err = check_ecc(vkey, b + IMG_VENDOR_ECC_SIG, vendor_digest,
                    &vendor_errors);
    if (!err && f->lms_verify) {
        err = check_lms(vlms, b + IMG_VENDOR_LMS_SIG, vendor_digest,
                        &vendor_errors);
    }
    if (err) {
        return err;
    }
    if (u32_at(b, IMG_HDR_VENDOR_ECC_KEY_IDX) != info->vendor_ecc_key_idx) {
        return CPTRA_ERR_IMG_VENDOR_ECC_PUB_KEY_INDEX_MISMATCH;
    }
    if (f->lms_verify &&
        u32_at(b, IMG_HDR_VENDOR_LMS_KEY_IDX) != info->vendor_lms_key_idx) {
        return CPTRA_ERR_IMG_VENDOR_LMS_PUB_KEY_INDEX_MISMATCH;
    }

    err = check_ecc(b + IMG_OWNER_ECC_KEY, b + IMG_OWNER_ECC_SIG,
                    owner_digest, &owner_errors);
    if (!err && f->lms_verify) {
        err = check_lms(b + IMG_OWNER_LMS_KEY, b + IMG_OWNER_LMS_SIG,
                        owner_digest, &owner_errors);
    }
    return err;
}

static uint32_t verify_toc(const uint8_t *b, size_t len,
                           CaliptraImageInfo *info)
{
    const CaliptraImageToc *fmc = &info->fmc, *rt = &info->rt;
    uint8_t digest[IMG_DIGEST_SIZE], want[IMG_DIGEST_SIZE];
    uint64_t fmc_end, rt_end;

    if (u32_at(b, IMG_HDR_TOC_LEN) != IMG_TOC_LEN) {
        return CPTRA_ERR_IMG_TOC_ENTRY_COUNT_INVALID;
    }
    caliptra_sha384(b + IMG_TOC_FMC, IMG_TOC_END - IMG_TOC_FMC, digest);
    words_to_be(b + IMG_HDR_TOC_DIGEST, want, IMG_DIGEST_SIZE);
    if (memcmp(digest, want, sizeof(digest))) {
        return CPTRA_ERR_IMG_TOC_DIGEST_MISMATCH;
    }
    read_toc(b, IMG_TOC_FMC, &info->fmc);
    read_toc(b, IMG_TOC_RT, &info->rt);

    if (!fmc->size) {
        return CPTRA_ERR_IMG_FMC_SIZE_ZERO;
    }
    if (!rt->size) {
        return CPTRA_ERR_IMG_RUNTIME_SIZE_ZERO;
    }
    if ((uint64_t)IMG_MANIFEST_SIZE + fmc->size + rt->size > len) {
        return CPTRA_ERR_IMG_IMAGE_LEN_MORE_THAN_BUNDLE_SIZE;
    }
    fmc_end = (uint64_t)fmc->offset + fmc->size;
    rt_end = (uint64_t)rt->offset + rt->size;
    if (fmc_end > UINT32_MAX || rt_end > UINT32_MAX) {
        return CPTRA_ERR_IMG_TOC_ENTRY_RANGE_ARITHMETIC_OVERFLOW;
    }
    if (fmc->offset < rt_end && rt->offset < fmc_end) {
        return CPTRA_ERR_IMG_FMC_RUNTIME_OVERLAP;
    }
    if (fmc->offset > rt->offset) {
        return CPTRA_ERR_IMG_FMC_RUNTIME_INCORRECT_ORDER;
    }
    if ((uint64_t)fmc->load_addr + fmc->size - 1 > UINT32_MAX) {
        return CPTRA_ERR_IMG_FMC_LOAD_ADDRESS_IMAGE_SIZE_ARITHMETIC_OVERFLOW;
    }
    if ((uint64_t)rt->load_addr + rt->size - 1 > UINT32_MAX) {
        return
            CPTRA_ERR_IMG_RUNTIME_LOAD_ADDRESS_IMAGE_SIZE_ARITHMETIC_OVERFLOW;
    }
    if (fmc->load_addr < (uint64_t)rt->load_addr + rt->size &&
        rt->load_addr < (uint64_t)fmc->load_addr + fmc->size) {
        return CPTRA_ERR_IMG_FMC_RUNTIME_LOAD_ADDR_OVERLAP;
    }
    return 0;
}

uint32_t caliptra_verify_bundle(const uint8_t *bundle, size_t len,
                                const CaliptraVerifyFuses *fuses,
                                const CaliptraImageInfo *cold,
                                CaliptraImageInfo *info)
{
    uint32_t err;

    memset(info, 0, sizeof(*info));
    if (u32_at(bundle, IMG_MARKER) != IMG_MANIFEST_MARKER) {
        return CPTRA_ERR_IMG_MANIFEST_MARKER_MISMATCH;
    }
    if (u32_at(bundle, IMG_SIZE) != IMG_MANIFEST_SIZE) {
        return CPTRA_ERR_IMG_MANIFEST_SIZE_MISMATCH;
    }
    err = verify_preamble(bundle, fuses, cold, info);
    if (!err) {
        err = verify_header(bundle, fuses, info);
    }
    if (!err) {
        err = verify_toc(bundle, len, info);
    }
    if (!err) {
        err = verify_image(bundle, len, &info->fmc, true, fuses, cold);
    }
    if (!err) {
        err = verify_image(bundle, len, &info->rt, false, fuses, cold);
    }
    return err;
}
