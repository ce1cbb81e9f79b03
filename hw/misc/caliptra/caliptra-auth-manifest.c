/*
 * Caliptra 1.2 runtime: SoC image authorization (auth manifest)
 *
 * SET_AUTH_MANIFEST takes a signed list of {firmware id, flags, SHA-384
 * digest}; AUTHORIZE_AND_STASH then says whether an image measurement
 * the SoC presents is on it. This is how the AST2700 bootmcu has its own
 * and the Cortex-A35's firmware checked. Layout and checks follow
 * caliptra-sw (branch caliptra-1.2) auth-manifest/types and
 * runtime/src/{set_auth_manifest,authorize_and_stash}.rs:
 *
 * - the manifest's vendor keys are signed by the firmware bundle's vendor
 *   key, its owner keys by the bundle's owner key;
 * - the image list is signed by the manifest's owner key, and by its
 *   vendor key when flags bit 0 asks for it;
 * - with FUSE_LMS_VERIFY, each of those carries an LMS signature too.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qemu/log.h"
#include "hw/misc/caliptra_soc_ifc.h"
#include "caliptra-auth-manifest.h"
#include "caliptra-crypto.h"
#include "caliptra-error.h"
#include "caliptra-lms.h"
#include "hw/misc/caliptra_api.h"
#include "caliptra-msg.h"
#include "caliptra-runtime.h"
#include "caliptra-verify.h"

#define AM_MAX_SIZE             (14 * 1024)

/* AuthManifestPreamble */
#define AM_OFF_MARKER           0
#define AM_OFF_SIZE             4
#define AM_OFF_VERSION          8
#define AM_OFF_FLAGS            12
#define AM_OFF_VENDOR_KEYS      16      /* ecc[96], lms[48] */
#define AM_OFF_VENDOR_KEYS_SIGS 160     /* ecc[96], lms[1620] */
#define AM_OFF_OWNER_KEYS       1876
#define AM_OFF_OWNER_KEYS_SIGS  2020
#define AM_OFF_VENDOR_LIST_SIGS 3736
#define AM_OFF_OWNER_LIST_SIGS  5452
#define AM_KEYS_SIZE            144
#define AM_ECC_KEY_SIZE         96
#define AM_ECC_SIG_SIZE         96

#define AM_FLAG_VENDOR_SIGNATURE_REQUIRED   1

/*
 * One signature pair (ECDSA, then LMS when the fuse asks) by @ecc_key /
 * @lms_key over SHA-384(@data); sigs = ecc[96] ‖ lms[1620]
 */
static uint32_t check_signed(const uint8_t *data, size_t len,
                             const uint8_t *ecc_key, const uint8_t *lms_key,
                             const uint8_t *sigs, bool lms, bool owner)
{
    uint32_t ecc_err = owner ?
        CPTRA_ERR_RUNTIME_AUTH_MANIFEST_OWNER_ECC_SIG_INVALID :
        CPTRA_ERR_RUNTIME_AUTH_MANIFEST_VENDOR_ECC_SIG_INVALID;
    uint32_t lms_err = owner ?
        CPTRA_ERR_RUNTIME_AUTH_MANIFEST_OWNER_LMS_SIG_INVALID :
        CPTRA_ERR_RUNTIME_AUTH_MANIFEST_VENDOR_LMS_SIG_INVALID;
    uint8_t digest[48];

    caliptra_sha384(data, len, digest);
    if (caliptra_verify_ecc_words(ecc_key, sigs, digest) !=
        CALIPTRA_ECDSA_OK) {
        return ecc_err;
    }
    if (lms && caliptra_lms_verify(digest, sizeof(digest), lms_key,
                                   sigs + AM_ECC_SIG_SIZE) !=
               CALIPTRA_LMS_OK) {
        return lms_err;
    }
    return 0;
}

static int meta_cmp(const void *a, const void *b)
{
    uint32_t x = ldl_le_p(a), y = ldl_le_p(b);

    return x < y ? -1 : x > y;
}

uint32_t caliptra_set_auth_manifest(CaliptraRuntime *s, bool lms,
                                    const uint8_t *req, size_t len)
{
    const uint8_t *m = req + 8;
    const uint8_t *list;
    uint8_t sorted[CALIPTRA_AUTH_METADATA_SIZE] = { 0 };
    uint32_t size, count, list_len, err;

    if (len < 8) {
        return CPTRA_ERR_RUNTIME_MAILBOX_INVALID_PARAMS;
    }
    size = ldl_le_p(req + 4);
    if (size > AM_MAX_SIZE || size > len - 8) {
        return CPTRA_ERR_RUNTIME_MAILBOX_INVALID_PARAMS;
    }
    if (size < CALIPTRA_AM_PREAMBLE_SIZE) {
        return CPTRA_ERR_RUNTIME_AUTH_MANIFEST_PREAMBLE_SIZE_LT_MIN;
    }
    if (ldl_le_p(m + AM_OFF_MARKER) != CALIPTRA_AM_MARKER) {
        return CPTRA_ERR_RUNTIME_AUTH_MANIFEST_MARKER_MISMATCH;
    }
    if (ldl_le_p(m + AM_OFF_SIZE) != CALIPTRA_AM_PREAMBLE_SIZE) {
        return CPTRA_ERR_RUNTIME_AUTH_MANIFEST_PREAMBLE_SIZE_MISMATCH;
    }

    /* The bundle's vendor key vouches for the manifest's vendor keys */
    err = check_signed(m + AM_OFF_VERSION, AM_OFF_VENDOR_KEYS_SIGS -
                       AM_OFF_VERSION, s->fw->vendor_ecc_key,
                       s->fw->vendor_lms_key, m + AM_OFF_VENDOR_KEYS_SIGS, lms,
                       false);
    if (!err) {
        /* ... and its owner key for the manifest's owner keys */
        err = check_signed(m + AM_OFF_OWNER_KEYS, AM_KEYS_SIZE,
                           s->fw->owner_ecc_key, s->fw->owner_lms_key,
                           m + AM_OFF_OWNER_KEYS_SIGS, lms,
                           true);
    }
    if (err) {
        return err;
    }

    /* The image list: all that follows the preamble, capped */
    list = m + CALIPTRA_AM_PREAMBLE_SIZE;
    list_len = MIN(size - CALIPTRA_AM_PREAMBLE_SIZE,
                   CALIPTRA_AUTH_METADATA_SIZE);
    if (list_len < 4) {
        return CPTRA_ERR_RUNTIME_AUTH_MANIFEST_LIST_INVALID_SIZE;
    }
    count = ldl_le_p(list);
    if (count == 0 || count > CALIPTRA_AM_META_MAX_ENTRIES) {
        return CPTRA_ERR_RUNTIME_AUTH_MANIFEST_LIST_INVALID_COUNT;
    }
    if (list_len < 4 + count * CALIPTRA_AM_META_ENTRY_SIZE) {
        return CPTRA_ERR_RUNTIME_AUTH_MANIFEST_LIST_INVALID_SIZE;
    }
    if (ldl_le_p(m + AM_OFF_FLAGS) & AM_FLAG_VENDOR_SIGNATURE_REQUIRED) {
        err = check_signed(list, list_len, m + AM_OFF_VENDOR_KEYS,
                           m + AM_OFF_VENDOR_KEYS + AM_ECC_KEY_SIZE,
                           m + AM_OFF_VENDOR_LIST_SIGS, lms,
                           false);
        if (err) {
            return err;
        }
    }
    err = check_signed(list, list_len, m + AM_OFF_OWNER_KEYS,
                       m + AM_OFF_OWNER_KEYS + AM_ECC_KEY_SIZE,
                       m + AM_OFF_OWNER_LIST_SIGS, lms,
                       true);
    if (err) {
        return err;
    }

    /* Kept sorted by firmware id; an id may appear once */
    memcpy(sorted, list, list_len);
    qsort(sorted + 4, count, CALIPTRA_AM_META_ENTRY_SIZE, meta_cmp);
    for (uint32_t i = 1; i < count; i++) {
        if (!meta_cmp(sorted + 4 + (i - 1) * CALIPTRA_AM_META_ENTRY_SIZE,
                      sorted + 4 + i * CALIPTRA_AM_META_ENTRY_SIZE)) {
            return CPTRA_ERR_RUNTIME_AUTH_MANIFEST_LIST_DUPLICATE_ID;
        }
    }
    memcpy(s->auth_metadata, sorted, sizeof(s->auth_metadata));
    return 0;
}

uint32_t caliptra_authorize_and_stash(CaliptraRuntime *s, const uint8_t *req,
                                      uint32_t *result)
{
    uint32_t count = MIN((uint32_t)ldl_le_p(s->auth_metadata),
                         CALIPTRA_AM_META_MAX_ENTRIES);
    const uint8_t *entry = NULL;
    uint8_t key[4];

    if (ldl_le_p(req + CALIPTRA_AAS_SOURCE) !=
        CALIPTRA_AAS_SOURCE_IN_REQUEST) {
        return CPTRA_ERR_RUNTIME_AUTH_AND_STASH_UNSUPPORTED_SOURCE;
    }
    memcpy(key, req + CALIPTRA_AAS_FW_ID, 4);
    entry = bsearch(key, s->auth_metadata + 4, count,
                    CALIPTRA_AM_META_ENTRY_SIZE, meta_cmp);
    if (!entry) {
        *result = CALIPTRA_IMAGE_NOT_AUTHORIZED;
    } else if (ldl_le_p(entry + CALIPTRA_AM_META_FLAGS) &
               CALIPTRA_AM_META_FLAG_IGNORE_AUTH ||
               !memcmp(entry + CALIPTRA_AM_META_DIGEST,
                       req + CALIPTRA_AAS_MEASUREMENT, 48)) {
        *result = CALIPTRA_IMAGE_AUTHORIZED;
    } else {
        *result = CALIPTRA_IMAGE_HASH_MISMATCH;
    }
    if (*result == CALIPTRA_IMAGE_AUTHORIZED &&
        !(ldl_le_p(req + CALIPTRA_AAS_FLAGS) & CALIPTRA_AAS_FLAG_SKIP_STASH)) {
        /* As STASH_MEASUREMENT, the fw_id as the TCI type */
        uint32_t dpe_result, err;

        err = caliptra_rt_stash(s, req + CALIPTRA_AAS_FW_ID,
                                req + CALIPTRA_AAS_MEASUREMENT, &dpe_result);
        if (err) {
            return err;
        }
        if (dpe_result) {
            caliptra_soc_ifc_fw_extended_error(s->uc->soc_ifc, dpe_result);
            return CPTRA_ERR_RUNTIME_AUTH_AND_STASH_DPE_ERROR;
        }
    }
    return 0;
}
