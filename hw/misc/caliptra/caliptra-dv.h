/*
 * Caliptra 1.2 firmware model: the data vault and the running manifest
 *
 * What the firmware layers hand each other, and what survives their
 * resets: the data vault (cleared by a cold reset only: the cold boot's
 * record, the PCR bank, the ROM's stash log) and what runtime keeps of
 * the bundle it runs (replaced by each update). Plain data, below every
 * layer; the keys are in the key vault (caliptra-kv.h).
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_DV_H
#define HW_MISC_CALIPTRA_DV_H

#include "caliptra-pcr.h"

typedef struct VMStateDescription VMStateDescription;

/* How the uC came out of reset: each layer's reset flow differs */
typedef enum CaliptraResetFlow {
    CALIPTRA_FLOW_COLD,
    CALIPTRA_FLOW_UPDATE,
    CALIPTRA_FLOW_WARM,
} CaliptraResetFlow;

#define CALIPTRA_STASH_MAX      8       /* the ROM's measurement log */
#define CALIPTRA_DATE_SIZE      15      /* X.509 GeneralizedTime */

typedef struct CaliptraDataVault {
    /* The ROM's STASH_MEASUREMENT log: metadata and measurement */
    uint8_t stash_count;
    uint8_t stash_meta[CALIPTRA_STASH_MAX][4];
    uint8_t stash_meas[CALIPTRA_STASH_MAX][CALIPTRA_PCR_LEN];
    /* The PCR bank and its reset counters */
    uint8_t pcrs[CALIPTRA_PCR_COUNT][CALIPTRA_PCR_LEN];
    uint32_t pcr_reset_ctr[CALIPTRA_PCR_COUNT];
    /* The cold boot's record, checked by warm and update resets */
    bool cold_boot_complete;
    bool idevid_csr_provisioned;    /* made in the manufacturing flow */
    uint32_t fmc_version;
    uint32_t rt_version;
    uint32_t dv_vendor_ecc_key_idx;
    uint8_t dv_owner_pk_digest[48];
    uint8_t dv_fmc_digest[48];
    /* What the FMC alias certificate says, fixed by the cold boot */
    uint8_t dv_device_info_hash[48];
    uint8_t dv_fmc_fuse_svn;
    uint8_t cert_not_before[CALIPTRA_DATE_SIZE];    /* zeros: default */
    uint8_t cert_not_after[CALIPTRA_DATE_SIZE];
    /* The lowest runtime SVN since the cold boot */
    uint32_t rt_min_svn;
    /* DISABLE_ATTESTATION, until power-off */
    bool attestation_disabled;
} CaliptraDataVault;

/* What runtime keeps of the running bundle's manifest (its word format) */
typedef struct CaliptraFwInfo {
    /* The verified bundle's keys (manifest preamble) */
    uint8_t vendor_ecc_key[96];
    uint8_t vendor_lms_key[48];
    uint8_t owner_ecc_key[96];
    uint8_t owner_lms_key[48];
    /* What FW_INFO reports */
    uint32_t pl0_pauser;
    uint32_t manifest_flags;        /* bit 0: pl0_pauser is meaningful */
    uint32_t fmc_svn;
    uint32_t rt_svn;
    uint8_t fmc_revision[20];
    uint8_t rt_revision[20];
    uint8_t fmc_digest_words[48];
    uint8_t rt_digest_words[48];
    uint8_t manifest_digest[48];    /* SHA-384 of the whole manifest */
    /* The validity DPE's certificates carry */
    uint8_t dpe_not_before[CALIPTRA_DATE_SIZE];
    uint8_t dpe_not_after[CALIPTRA_DATE_SIZE];
} CaliptraFwInfo;

extern const VMStateDescription vmstate_caliptra_dv;
extern const VMStateDescription vmstate_caliptra_fw_info;

#endif /* HW_MISC_CALIPTRA_DV_H */
