/*
 * Caliptra 1.2 firmware model: the data vault and the running manifest
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "migration/vmstate.h"
#include "caliptra-dv.h"

static int caliptra_dv_post_load(void *opaque, int version_id)
{
    CaliptraDataVault *dv = opaque;

    return dv->stash_count > CALIPTRA_STASH_MAX ? -EINVAL : 0;
}

const VMStateDescription vmstate_caliptra_dv = {
    .name = "caliptra-data-vault",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = caliptra_dv_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(stash_count, CaliptraDataVault),
        VMSTATE_UINT8_2DARRAY(stash_meta, CaliptraDataVault,
                              CALIPTRA_STASH_MAX, 4),
        VMSTATE_UINT8_2DARRAY(stash_meas, CaliptraDataVault,
                              CALIPTRA_STASH_MAX, CALIPTRA_PCR_LEN),
        VMSTATE_UINT8_2DARRAY(pcrs, CaliptraDataVault, CALIPTRA_PCR_COUNT,
                              CALIPTRA_PCR_LEN),
        VMSTATE_UINT32_ARRAY(pcr_reset_ctr, CaliptraDataVault,
                             CALIPTRA_PCR_COUNT),
        VMSTATE_BOOL(cold_boot_complete, CaliptraDataVault),
        VMSTATE_BOOL(idevid_csr_provisioned, CaliptraDataVault),
        VMSTATE_UINT32(fmc_version, CaliptraDataVault),
        VMSTATE_UINT32(rt_version, CaliptraDataVault),
        VMSTATE_UINT32(dv_vendor_ecc_key_idx, CaliptraDataVault),
        VMSTATE_UINT8_ARRAY(dv_owner_pk_digest, CaliptraDataVault, 48),
        VMSTATE_UINT8_ARRAY(dv_fmc_digest, CaliptraDataVault, 48),
        VMSTATE_UINT8_ARRAY(dv_device_info_hash, CaliptraDataVault, 48),
        VMSTATE_UINT8(dv_fmc_fuse_svn, CaliptraDataVault),
        VMSTATE_BUFFER(cert_not_before, CaliptraDataVault),
        VMSTATE_BUFFER(cert_not_after, CaliptraDataVault),
        VMSTATE_UINT32(rt_min_svn, CaliptraDataVault),
        VMSTATE_BOOL(attestation_disabled, CaliptraDataVault),
        VMSTATE_END_OF_LIST(),
    },
};

const VMStateDescription vmstate_caliptra_fw_info = {
    .name = "caliptra-fw-info",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8_ARRAY(vendor_ecc_key, CaliptraFwInfo, 96),
        VMSTATE_UINT8_ARRAY(vendor_lms_key, CaliptraFwInfo, 48),
        VMSTATE_UINT8_ARRAY(owner_ecc_key, CaliptraFwInfo, 96),
        VMSTATE_UINT8_ARRAY(owner_lms_key, CaliptraFwInfo, 48),
        VMSTATE_UINT32(pl0_pauser, CaliptraFwInfo),
        VMSTATE_UINT32(manifest_flags, CaliptraFwInfo),
        VMSTATE_UINT32(fmc_svn, CaliptraFwInfo),
        VMSTATE_UINT32(rt_svn, CaliptraFwInfo),
        VMSTATE_UINT8_ARRAY(fmc_revision, CaliptraFwInfo, 20),
        VMSTATE_UINT8_ARRAY(rt_revision, CaliptraFwInfo, 20),
        VMSTATE_UINT8_ARRAY(fmc_digest_words, CaliptraFwInfo, 48),
        VMSTATE_UINT8_ARRAY(rt_digest_words, CaliptraFwInfo, 48),
        VMSTATE_UINT8_ARRAY(manifest_digest, CaliptraFwInfo, 48),
        VMSTATE_BUFFER(dpe_not_before, CaliptraFwInfo),
        VMSTATE_BUFFER(dpe_not_after, CaliptraFwInfo),
        VMSTATE_END_OF_LIST(),
    },
};
