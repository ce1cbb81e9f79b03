/*
 * Caliptra 1.2 ROM, modelled natively: the boot flow the SoC observes
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_ROM_H
#define HW_MISC_CALIPTRA_ROM_H

#include "hw/qdev-core.h"
#include "hw/misc/caliptra_dpe.h"
#include "qom/object.h"

#define TYPE_CALIPTRA_ROM "caliptra-rom-1.2"
OBJECT_DECLARE_SIMPLE_TYPE(CaliptraRom, CALIPTRA_ROM)

typedef struct CaliptraSocIfc CaliptraSocIfc;
typedef struct CaliptraMbox CaliptraMbox;
typedef struct CaliptraShaAcc CaliptraShaAcc;

#define CALIPTRA_ROM_STASH_MAX  8
#define CALIPTRA_PCR_SIZE       48
#define CALIPTRA_PCRS           32
#define CALIPTRA_CERT_CHAIN_MAX 4096    /* runtime's MAX_CERT_CHAIN_SIZE */
#define CALIPTRA_DMTF_INFO_MAX  128
/* AuthManifestImageMetadataCollection: count, 127 x {fw_id, flags, digest} */
#define CALIPTRA_AUTH_METADATA_SIZE (4 + 127 * 56)

struct CaliptraRom {
    DeviceState parent_obj;

    uint8_t phase;
    uint32_t fatal_error;
    bool self_test_pending;
    uint8_t stash_count;
    /* The ROM's STASH_MEASUREMENT log: metadata and measurement */
    uint8_t stash_meta[CALIPTRA_ROM_STASH_MAX][4];
    uint8_t stash_meas[CALIPTRA_ROM_STASH_MAX][CALIPTRA_PCR_SIZE];
    /* The PCR bank and its reset counters; cleared by a cold reset only */
    uint8_t pcrs[CALIPTRA_PCRS][CALIPTRA_PCR_SIZE];
    uint32_t pcr_reset_ctr[CALIPTRA_PCRS];
    /* Data vault entries that survive warm and update resets */
    bool cold_boot_complete;
    bool idevid_csr_provisioned;    /* made in the manufacturing flow */
    uint32_t fmc_version;
    uint32_t rt_version;
    uint32_t dv_vendor_ecc_key_idx;
    uint8_t dv_owner_pk_digest[48];
    uint8_t dv_fmc_digest[48];
    /* Device identities (private keys never leave the model) */
    uint8_t idevid_cdi[48];
    uint8_t idevid_priv[48];
    uint8_t idevid_pub[96];     /* x ‖ y, big-endian */
    uint8_t ldevid_cdi[48];
    uint8_t ldevid_priv[48];
    uint8_t ldevid_pub[96];
    /* The FMC's and runtime's alias layers, derived when runtime starts */
    uint8_t fmc_alias_cdi[48];
    uint8_t fmc_alias_priv[48];
    uint8_t fmc_alias_pub[96];
    uint8_t rt_alias_cdi[48];
    uint8_t rt_alias_priv[48];
    uint8_t rt_alias_pub[96];       /* the one its certificate holds */
    uint8_t rt_dice_pub[96];        /* the one runtime holds now */
    bool attestation_disabled;      /* DISABLE_ATTESTATION, until power-off */
    /* The verified bundle's keys (manifest preamble, word format) */
    uint8_t fw_vendor_ecc_key[96];
    uint8_t fw_vendor_lms_key[48];
    uint8_t fw_owner_ecc_key[96];
    uint8_t fw_owner_lms_key[48];
    /* What FW_INFO reports of the running bundle (manifest word format) */
    uint32_t pl0_pauser;
    uint32_t manifest_flags;        /* bit 0: pl0_pauser is meaningful */
    uint32_t fmc_svn;
    uint32_t rt_svn;
    uint32_t rt_min_svn;
    uint8_t fmc_revision[20];
    uint8_t rt_revision[20];
    uint8_t fmc_digest_words[48];
    uint8_t rt_digest_words[48];
    uint8_t manifest_digest[48];    /* SHA-384 of the whole manifest */
    /* What the FMC alias certificate says, fixed by the cold boot */
    uint8_t dv_device_info_hash[48];
    uint8_t dv_fmc_fuse_svn;
    uint8_t cert_not_before[15];    /* from the manifest; zeros: default */
    uint8_t cert_not_after[15];
    uint8_t dpe_not_before[15];     /* the running manifest's */
    uint8_t dpe_not_after[15];
    /* Runtime */
    bool rt_self_test_pending;
    uint8_t auth_metadata[CALIPTRA_AUTH_METADATA_SIZE];
    /* DPE and its context tags: runtime's persistent data */
    CaliptraDpe dpe;
    bool dpe_has_tag[CALIPTRA_DPE_MAX_HANDLES];
    uint32_t dpe_tag[CALIPTRA_DPE_MAX_HANDLES];
    /* Runtime RAM, set up again each time runtime starts */
    CaliptraDpeExport dpe_export;
    bool cert_chain_valid;          /* made when first needed */
    uint8_t cert_chain[CALIPTRA_CERT_CHAIN_MAX];
    uint32_t cert_chain_len;
    uint8_t dmtf_device_info[CALIPTRA_DMTF_INFO_MAX];
    uint32_t dmtf_device_info_len;
    bool dmtf_device_info_set;

    CaliptraSocIfc *soc_ifc;
    CaliptraMbox *mbox;
    CaliptraShaAcc *sha_acc;
};

void caliptra_rom_warm_reset(CaliptraRom *s);

#endif /* HW_MISC_CALIPTRA_ROM_H */
