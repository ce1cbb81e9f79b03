/*
 * Caliptra 1.2 ROM, modelled natively
 *
 * What the SoC observes of Caliptra's mask ROM (caliptra-sw, branch
 * caliptra-1.2, rom/dev): the TRNG request that seeds its CFI counter,
 * the ROM version in CPTRA_FW_REV_ID[0], the accelerator self test that
 * hands the SHA accelerator to the SoC, the reset-flow dispatch,
 * READY_FOR_FW, the mailbox commands the ROM serves until FIRMWARE_LOAD,
 * with the same checks and error codes (in the 1.2 ROM every mailbox
 * error is fatal), the verification of the firmware bundle, and the hand
 * over to the FMC. A warm reset after a completed cold boot goes straight
 * back to runtime; FIRMWARE_LOAD at runtime restarts the uC into the
 * update reset flow, which verifies the new bundle against the cold
 * boot's and swaps the runtime.
 *
 * The ROM plays Caliptra's microcontroller through the register blocks'
 * uC-side API (caliptra-uc.h); it runs from bottom halves, never blocking
 * an MMIO access. It derives the IDevID and LDevID layers into the key
 * vault and measures the device and the FMC into PCR0 and PCR1; the
 * images are verified, not loaded into an ICCM.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qemu/bswap.h"
#include "qemu/guest-random.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "crypto/hash.h"
#include "hw/misc/caliptra_api.h"
#include "hw/misc/caliptra_mbox.h"
#include "hw/misc/caliptra_sha_acc.h"
#include "hw/misc/caliptra_soc_ifc.h"
#include "migration/vmstate.h"
#include "hw/misc/caliptra_regs.h"
#include "caliptra-crypto.h"
#include "caliptra-dice.h"
#include "caliptra-error.h"
#include "caliptra-identity.h"
#include "caliptra-image.h"
#include "caliptra-lms.h"
#include "caliptra-msg.h"
#include "caliptra-pcr.h"
#include "caliptra-rom.h"
#include "caliptra-verify.h"
#include "trace.h"

/* MFG_FLAG_GEN_IDEV_CSR: the manufacturing flow asks for the IDevID CSR */
#define MANUF_GEN_IDEV_CSR          (1u << 0)

/* ROM 1.2.0 reports version major << 11 | minor << 6 | patch */
#define ROM_VERSION                 ((1 << 11) | (2 << 6) | 0)

/* CPTRA_BOOT_STATUS milestones (common/src/boot_status.rs) */
/* The DICE layers: IDevID 1..10, LDevID 65..70, FMC alias 193..198 */
#define BOOT_IDEVID_FIRST           1
#define BOOT_IDEVID_SUBJ_KEY_ID     7
#define BOOT_IDEVID_MAKE_CSR        8
#define BOOT_IDEVID_SEND_CSR        9
#define BOOT_IDEVID_COMPLETE        10
#define BOOT_LDEVID_FIRST           65
#define BOOT_LDEVID_COMPLETE        70
#define BOOT_FMC_ALIAS_FIRST        193
#define BOOT_FMC_ALIAS_COMPLETE     198
#define BOOT_FW_DOWNLOAD_IMAGE      129     /* .. 136: FwProcessor steps */
#define BOOT_FW_COMPLETE            136
#define BOOT_COLD_RESET_STARTED     257
#define BOOT_COLD_RESET_COMPLETE    320
#define BOOT_UPDATE_RESET_STARTED   321
#define BOOT_UPDATE_RESET_COMPLETE  328
#define BOOT_CFI_INITIALIZED        385
#define BOOT_KAT_STARTED            386
#define BOOT_KAT_COMPLETE           387

/* Mailbox commands the ROM serves (api/src/mailbox.rs) */

#define REQ_HDR_SIZE                CALIPTRA_MSG_REQ_HDR
#define RESP_HDR_SIZE               CALIPTRA_MSG_RESP_HDR
#define STASH_MEASUREMENT_SIZE      108
#define METADATA_OFFSET             4           /* after chksum */
#define MEASUREMENT_OFFSET          8           /* after chksum, metadata */
#define FIPS_MODE                   0x46495053  /* "FIPS" */
#define CAPABILITY_ROM_BASE         1

static void rom_respond(CaliptraRom *s, uint8_t *resp, size_t len)
{
    caliptra_msg_respond(s->uc->mbox, resp, len);
}

/* GetIdevCsrResp: header, data_size, data[512], sent whole */
static void rom_get_idev_csr(CaliptraRom *s)
{
    uint8_t resp[CALIPTRA_IDEV_CSR_RESP_SIZE] = { 0 };
    size_t len;

    if (!s->dv->idevid_csr_provisioned) {
        /* MFG_FLAG_GEN_IDEV_CSR was not set at cold boot */
        caliptra_uc_fatal(s->uc, CPTRA_ERR_FW_PROC_IDEV_CSR_UNPROVISIONED);
        return;
    }
    len = caliptra_identity_idevid_csr(&CALIPTRA_IDENTITY_ENV(s),
                                       resp + RESP_HDR_SIZE + 4,
                                       CALIPTRA_IDEV_CSR_MAX);
    stl_le_p(resp + RESP_HDR_SIZE, len);
    rom_respond(s, resp, sizeof(resp));
}

static void rom_cmd_fixed(CaliptraRom *s, uint32_t cmd, const uint8_t *req)
{
    uint8_t resp[48] = { 0 };

    switch (cmd) {
    case CALIPTRA_CMD_CAPABILITIES:
        /* u128, big-endian: ROM_BASE is bit 0 */
        resp[RESP_HDR_SIZE + 15] = CAPABILITY_ROM_BASE;
        rom_respond(s, resp, RESP_HDR_SIZE + 16);
        break;
    case CALIPTRA_CMD_VERSION:
        stl_le_p(resp + 8, FIPS_MODE);
        stl_le_p(resp + 12, caliptra_uc_soc(s->uc, A_CPTRA_HW_REV_ID));
        stl_le_p(resp + 16, caliptra_uc_soc(s->uc, A_CPTRA_FW_REV_ID));
        stl_le_p(resp + 20, caliptra_uc_soc(s->uc, (A_CPTRA_FW_REV_ID + 4)));
        memcpy(resp + 24, "Caliptra RTM", 12);
        rom_respond(s, resp, 36);
        break;
    case CALIPTRA_CMD_SELF_TEST_START:
        if (s->self_test_pending) {
            caliptra_mbox_uc_respond(s->uc->mbox, CALIPTRA_MBOX_CMD_FAILURE,
                                     NULL, 0);
            break;
        }
        /* The KATs run synchronously and pass */
        s->self_test_pending = true;
        rom_respond(s, resp, RESP_HDR_SIZE);
        break;
    case CALIPTRA_CMD_SELF_TEST_GET_RESULTS:
        if (!s->self_test_pending) {
            caliptra_mbox_uc_respond(s->uc->mbox, CALIPTRA_MBOX_CMD_FAILURE,
                                     NULL, 0);
            break;
        }
        s->self_test_pending = false;
        rom_respond(s, resp, RESP_HDR_SIZE);
        break;
    case CALIPTRA_CMD_SHUTDOWN:
        rom_respond(s, resp, RESP_HDR_SIZE);
        caliptra_uc_fatal(s->uc, CPTRA_ERR_RUNTIME_SHUTDOWN);
        break;
    case CALIPTRA_CMD_GET_IDEV_CSR:
        rom_get_idev_csr(s);
        break;
    case CALIPTRA_CMD_STASH_MEASUREMENT:
        if (s->dv->stash_count >= CALIPTRA_STASH_MAX) {
            caliptra_uc_fatal(s->uc, CPTRA_ERR_FW_PROC_STASH_MAX_LIMIT);
            break;
        }
        caliptra_pcr_extend(s->dv->pcrs[CALIPTRA_PCR_STASH],
                            req + MEASUREMENT_OFFSET, CALIPTRA_PCR_LEN);
        /* Logged for runtime, which gives each its own DPE context */
        memcpy(s->dv->stash_meta[s->dv->stash_count], req + METADATA_OFFSET, 4);
        memcpy(s->dv->stash_meas[s->dv->stash_count], req + MEASUREMENT_OFFSET,
               CALIPTRA_PCR_LEN);
        s->dv->stash_count++;
        /* dpe_result 0 */
        rom_respond(s, resp, RESP_HDR_SIZE + 4);
        break;
    default:
        g_assert_not_reached();
    }
}

static size_t rom_cmd_size(uint32_t cmd)
{
    switch (cmd) {
    case CALIPTRA_CMD_CAPABILITIES:
    case CALIPTRA_CMD_VERSION:
    case CALIPTRA_CMD_SELF_TEST_START:
    case CALIPTRA_CMD_SELF_TEST_GET_RESULTS:
    case CALIPTRA_CMD_SHUTDOWN:
    case CALIPTRA_CMD_GET_IDEV_CSR:
        return REQ_HDR_SIZE;
    case CALIPTRA_CMD_STASH_MEASUREMENT:
        return STASH_MEASUREMENT_SIZE;
    default:
        return 0;
    }
}

static void rom_read_fuses(CaliptraRom *s, CaliptraVerifyFuses *f)
{
    CaliptraUc *uc = s->uc;

    memset(f, 0, sizeof(*f));
    for (int i = 0; i < 12; i++) {
        f->key_manifest_pk_hash[i] =
            caliptra_uc_soc(uc, A_FUSE_KEY_MANIFEST_PK_HASH + 4 * i);
        f->owner_pk_hash[i] = caliptra_uc_soc(uc, A_FUSE_OWNER_PK_HASH + 4 * i);
    }
    for (int i = 0; i < 4; i++) {
        f->runtime_svn[i] = caliptra_uc_soc(uc, A_FUSE_RUNTIME_SVN + 4 * i);
    }
    f->key_manifest_pk_hash_mask =
        caliptra_uc_soc(uc, A_FUSE_KEY_MANIFEST_PK_HASH_MASK);
    f->fmc_key_manifest_svn = caliptra_uc_soc(uc, A_FUSE_FMC_KEY_MANIFEST_SVN);
    f->anti_rollback_disable =
        caliptra_uc_soc(uc, A_FUSE_ANTI_ROLLBACK_DISABLE) & 1;
    f->lms_verify = caliptra_uc_soc(uc, A_FUSE_LMS_VERIFY) & 1;
    f->lms_revocation = caliptra_uc_soc(uc, A_FUSE_LMS_REVOCATION);
    f->unprovisioned = !(caliptra_uc_soc(uc, A_CPTRA_SECURITY_STATE) &
                         R_CPTRA_SECURITY_STATE_DEVICE_LIFECYCLE_MASK);
}

/* Read and verify the bundle of the pending FIRMWARE_LOAD */
static uint32_t rom_verify_pending(CaliptraRom *s, bool update,
                                   CaliptraImageInfo *info)
{
    /* A DLEN past the SRAM (possible at runtime) is read as the SRAM */
    uint32_t dlen = MIN(caliptra_mbox_uc_dlen(s->uc->mbox),
                        CALIPTRA_MBOX_SRAM_SIZE);
    /* Reads past DLEN give zeros: the manifest is always whole */
    g_autofree uint8_t *bundle = g_malloc0(MAX(dlen, IMG_MANIFEST_SIZE));
    CaliptraVerifyFuses fuses;
    CaliptraImageInfo cold = { 0 };
    uint32_t err;

    caliptra_mbox_uc_read(s->uc->mbox, bundle, dlen);
    rom_read_fuses(s, &fuses);
    if (update) {
        cold.vendor_ecc_key_idx = s->dv->dv_vendor_ecc_key_idx;
        memcpy(cold.owner_pk_digest, s->dv->dv_owner_pk_digest, 48);
        memcpy(cold.fmc.digest, s->dv->dv_fmc_digest, 48);
    }
    err = caliptra_verify_bundle(bundle, dlen, &fuses, update ? &cold : NULL,
                                 info);
    trace_caliptra_rom_verify(dlen, err);
    return err;
}

/*
 * Runtime checks auth manifests against the bundle's keys, and FW_INFO
 * reports the bundle's header and TOC: keep them from the verified
 * manifest still in the mailbox
 */
static void rom_keep_manifest(CaliptraRom *s, bool update,
                              const CaliptraImageInfo *info)
{
    g_autofree uint8_t *m = g_malloc0(IMG_MANIFEST_SIZE);
    uint32_t lms_idx;

    caliptra_mbox_uc_rewind(s->uc->mbox);
    caliptra_mbox_uc_read(s->uc->mbox, m, IMG_MANIFEST_SIZE);
    /* The verifier checked the ECC key index against the key count */
    memcpy(s->fw->vendor_ecc_key, m + IMG_VENDOR_ECC_KEYS +
           info->vendor_ecc_key_idx * IMG_ECC_KEY_SIZE, 96);
    /*
     * The LMS key index is covered by no signature and checked only with
     * LMS verification on; runtime's SET_AUTH_MANIFEST then fails an
     * out-of-range index as an invalid vendor LMS signature, as the zero
     * key kept here does.
     */
    lms_idx = (uint32_t)ldl_le_p(m + IMG_VENDOR_LMS_KEY_IDX);
    if (lms_idx < IMG_LMS_KEY_COUNT) {
        memcpy(s->fw->vendor_lms_key, m + IMG_VENDOR_LMS_KEYS +
               lms_idx * CALIPTRA_LMS_PUBKEY_SIZE, CALIPTRA_LMS_PUBKEY_SIZE);
    } else {
        memset(s->fw->vendor_lms_key, 0, sizeof(s->fw->vendor_lms_key));
    }
    memcpy(s->fw->owner_ecc_key, m + IMG_OWNER_ECC_KEY, 96);
    memcpy(s->fw->owner_lms_key, m + IMG_OWNER_LMS_KEY, 48);

    s->fw->pl0_pauser = ldl_le_p(m + IMG_HDR_PL0_PAUSER);
    s->fw->manifest_flags = ldl_le_p(m + IMG_HDR_FLAGS);
    s->fw->fmc_svn = ldl_le_p(m + IMG_TOC_FMC + TOC_SVN);
    s->fw->rt_svn = ldl_le_p(m + IMG_TOC_RT + TOC_SVN);
    /* The data vault's minimum only goes down across updates */
    s->dv->rt_min_svn = update ? MIN(s->dv->rt_min_svn, s->fw->rt_svn)
                               : s->fw->rt_svn;
    memcpy(s->fw->fmc_revision, m + IMG_TOC_FMC + TOC_REVISION, 20);
    memcpy(s->fw->rt_revision, m + IMG_TOC_RT + TOC_REVISION, 20);
    memcpy(s->fw->fmc_digest_words, m + IMG_TOC_FMC + TOC_DIGEST, 48);
    memcpy(s->fw->rt_digest_words, m + IMG_TOC_RT + TOC_DIGEST, 48);
    caliptra_sha384(m, IMG_MANIFEST_SIZE, s->fw->manifest_digest);

    /*
     * Certificate validity: the owner's dates, else the vendor's. The
     * alias certificates keep the cold boot's; DPE reads the running
     * manifest's.
     */
    {
        const uint8_t *owner = m + IMG_HDR_OWNER_DATA;
        const uint8_t *vendor = m + IMG_HDR_VENDOR_DATA;
        const uint8_t *src = NULL;

        if (!buffer_is_zero(owner, 15) && !buffer_is_zero(owner + 15, 15)) {
            src = owner;
        } else if (!buffer_is_zero(vendor, 15) &&
                   !buffer_is_zero(vendor + 15, 15)) {
            src = vendor;
        }
        memset(s->fw->dpe_not_before, 0, sizeof(s->fw->dpe_not_before));
        memset(s->fw->dpe_not_after, 0, sizeof(s->fw->dpe_not_after));
        if (src) {
            memcpy(s->fw->dpe_not_before, src, 15);
            memcpy(s->fw->dpe_not_after, src + 15, 15);
        }
        if (!update) {
            memcpy(s->dv->cert_not_before, s->fw->dpe_not_before, 15);
            memcpy(s->dv->cert_not_after, s->fw->dpe_not_after, 15);
        }
    }
}

/* The ROM's measurement of the device and the FMC (rom/dev/src/pcr.rs) */
static void rom_measure(CaliptraRom *s, const CaliptraImageInfo *info)
{
    uint32_t security = caliptra_uc_soc(s->uc, A_CPTRA_SECURITY_STATE);
    CaliptraVerifyFuses f;
    CaliptraPcrDevice dev = {
        .lifecycle = security & R_CPTRA_SECURITY_STATE_DEVICE_LIFECYCLE_MASK,
        .debug_locked = security & R_CPTRA_SECURITY_STATE_DEBUG_LOCKED_MASK,
        .ecc_vendor_pk_idx = info->vendor_ecc_key_idx,
        .fmc_svn = info->fmc.svn,
        .owner_pk_hash_in_fuses = info->owner_pk_digest_in_fuses,
    };

    rom_read_fuses(s, &f);
    dev.anti_rollback_disable = f.anti_rollback_disable;
    dev.fmc_fuse_svn = f.anti_rollback_disable ? 0 :
                       32 - clz32(f.fmc_key_manifest_svn);
    dev.lms_verify = f.lms_verify;
    dev.lms_vendor_pk_idx = f.lms_verify ? info->vendor_lms_key_idx : 0xff;
    for (int i = 0; i < 12; i++) {
        stl_be_p(dev.vendor_pk_hash + 4 * i, f.key_manifest_pk_hash[i]);
    }
    memcpy(dev.owner_pk_hash, info->owner_pk_digest, 48);
    memcpy(dev.fmc_digest, info->fmc.digest, 48);
    caliptra_pcr_rom_measure(s->dv->pcrs, &dev);

    /* The FMC alias certificate's DEVICE_INFO (rom fmc_alias.rs) */
    {
        const uint8_t fuse_info[] = {
            dev.lifecycle, dev.debug_locked, dev.anti_rollback_disable,
            dev.ecc_vendor_pk_idx, dev.lms_vendor_pk_idx, dev.lms_verify,
            dev.owner_pk_hash_in_fuses,
        };
        uint8_t buf[sizeof(fuse_info) + 96];

        memcpy(buf, fuse_info, sizeof(fuse_info));
        memcpy(buf + sizeof(fuse_info), dev.vendor_pk_hash, 48);
        memcpy(buf + sizeof(fuse_info) + 48, dev.owner_pk_hash, 48);
        caliptra_sha384(buf, sizeof(buf), s->dv->dv_device_info_hash);
        s->dv->dv_fmc_fuse_svn = dev.fmc_fuse_svn;
    }
}

/*
 * Every path through the ROM ends here or in a fatal error: the ROM
 * hands over to the FMC with the reset flow it ran
 */
static bool rom_exit(CaliptraRom *s, CaliptraResetFlow how,
                     CaliptraResetFlow *flow)
{
    s->phase = CALIPTRA_ROM_OFF;
    *flow = how;
    return true;
}

/* FIRMWARE_LOAD in the cold boot flow: any failure is fatal */
static bool rom_load_firmware(CaliptraRom *s, CaliptraResetFlow *flow)
{
    CaliptraImageInfo info;
    uint32_t err;

    caliptra_uc_boot_status(s->uc, BOOT_FW_DOWNLOAD_IMAGE);
    err = rom_verify_pending(s, false, &info);
    if (err) {
        caliptra_uc_fatal(s->uc, err);
        return false;
    }
    caliptra_uc_boot_status(s->uc, BOOT_FW_COMPLETE);
    rom_keep_manifest(s, false, &info);
    rom_measure(s, &info);
    caliptra_mbox_uc_respond(s->uc->mbox, CALIPTRA_MBOX_CMD_COMPLETE, NULL, 0);
    /* The FMC alias layer (its keys are derived when the FMC runs) */
    caliptra_uc_boot_status_range(s->uc, BOOT_FMC_ALIAS_FIRST,
                                  BOOT_FMC_ALIAS_COMPLETE);
    caliptra_uc_boot_status(s->uc, BOOT_COLD_RESET_COMPLETE);
    s->dv->cold_boot_complete = true;
    s->dv->fmc_version = info.fmc.version & 0xffff;
    s->dv->rt_version = info.rt.version;
    s->dv->dv_vendor_ecc_key_idx = info.vendor_ecc_key_idx;
    memcpy(s->dv->dv_owner_pk_digest, info.owner_pk_digest, 48);
    memcpy(s->dv->dv_fmc_digest, info.fmc.digest, 48);
    return rom_exit(s, CALIPTRA_FLOW_COLD, flow);
}

/*
 * The update reset flow: the FIRMWARE_LOAD that runtime left pending is
 * verified against the cold boot. Failures are not fatal: the command
 * fails and the old runtime carries on.
 */
static bool rom_update_reset(CaliptraRom *s, CaliptraResetFlow *flow)
{
    CaliptraImageInfo info;
    uint32_t err;

    caliptra_uc_boot_status(s->uc, BOOT_UPDATE_RESET_STARTED);
    if (!caliptra_mbox_uc_has_cmd(s->uc->mbox)) {
        caliptra_uc_fatal(s->uc, CPTRA_ERR_ROM_UPDATE_MBOX_ACCESS);
        return false;
    }
    if (caliptra_mbox_uc_cmd(s->uc->mbox) != CALIPTRA_CMD_FIRMWARE_LOAD) {
        caliptra_uc_fatal(s->uc, CPTRA_ERR_ROM_UPDATE_INVALID_FW_CMD);
        return false;
    }
    err = rom_verify_pending(s, true, &info);
    if (err) {
        qemu_log_mask(LOG_GUEST_ERROR, "caliptra-rom: update rejected, "
                      "error 0x%08x\n", err);
        caliptra_soc_ifc_fw_error(s->uc->soc_ifc, false, err);
        caliptra_mbox_uc_respond(s->uc->mbox, CALIPTRA_MBOX_CMD_FAILURE,
                                 NULL, 0);
    } else {
        s->dv->rt_version = info.rt.version;
        rom_keep_manifest(s, true, &info);
        rom_measure(s, &info);
        caliptra_mbox_uc_respond(s->uc->mbox, CALIPTRA_MBOX_CMD_COMPLETE,
                                 NULL, 0);
        caliptra_uc_boot_status(s->uc, BOOT_UPDATE_RESET_COMPLETE);
    }
    return rom_exit(s, CALIPTRA_FLOW_UPDATE, flow);
}

static bool rom_send_csr(CaliptraRom *s, CaliptraResetFlow *flow);

bool caliptra_rom_mbox(CaliptraRom *s, CaliptraResetFlow *flow)
{
    CaliptraMbox *mbox = s->uc->mbox;
    uint32_t cmd, dlen;
    uint8_t req[STASH_MEASUREMENT_SIZE];
    size_t size;

    if (s->phase == CALIPTRA_ROM_CSR_SEND) {
        return rom_send_csr(s, flow);
    }
    if (s->phase != CALIPTRA_ROM_FW_PROCESSOR ||
        !caliptra_mbox_uc_has_cmd(mbox)) {
        return false;   /* nobody listens: the command stays with the uC */
    }

    cmd = caliptra_mbox_uc_cmd(mbox);
    dlen = caliptra_mbox_uc_dlen(mbox);
    trace_caliptra_rom_cmd(cmd, dlen);
    caliptra_soc_ifc_fw_error(s->uc->soc_ifc, false, 0);

    if (caliptra_mbox_uc_user(mbox) == 0xffffffff) {
        caliptra_uc_fatal(s->uc, CPTRA_ERR_FW_PROC_MAILBOX_RESERVED_PAUSER);
        return false;
    }
    if (cmd == CALIPTRA_CMD_FIRMWARE_LOAD) {
        if (dlen == 0 || dlen > CALIPTRA_MBOX_SRAM_SIZE) {
            caliptra_uc_fatal(s->uc, CPTRA_ERR_FW_PROC_INVALID_IMAGE_SIZE);
            return false;
        }
        return rom_load_firmware(s, flow);
    }
    size = rom_cmd_size(cmd);
    if (!size) {
        caliptra_uc_fatal(s->uc, CPTRA_ERR_FW_PROC_MAILBOX_INVALID_COMMAND);
        return false;
    }
    if (dlen != size) {
        caliptra_uc_fatal(s->uc,
                          CPTRA_ERR_FW_PROC_MAILBOX_INVALID_REQUEST_LENGTH);
        return false;
    }
    caliptra_mbox_uc_read(mbox, req, size);
    if (!caliptra_msg_checksum_ok(cmd, req, size)) {
        caliptra_uc_fatal(s->uc, CPTRA_ERR_FW_PROC_MAILBOX_INVALID_CHECKSUM);
        return false;
    }
    rom_cmd_fixed(s, cmd, req);
    return false;
}

/*
 * KATs: of these only the accelerator's is visible from outside, since it
 * is what releases the lock the uC holds from reset.
 */
static bool rom_sha_acc_kat(CaliptraRom *s)
{
    static const uint8_t sha384_empty[48] = {
        0x38, 0xb0, 0x60, 0xa7, 0x51, 0xac, 0x96, 0x38,
        0x4c, 0xd9, 0x32, 0x7e, 0xb1, 0xb1, 0xe3, 0x6a,
        0x21, 0xfd, 0xb7, 0x11, 0x14, 0xbe, 0x07, 0x43,
        0x4c, 0x0c, 0xc7, 0xbf, 0x63, 0xf6, 0xe1, 0xda,
        0x27, 0x4e, 0xde, 0xbf, 0xe7, 0x6f, 0x65, 0xfb,
        0xd5, 0x1a, 0xd2, 0xf1, 0x48, 0x98, 0xb9, 0x5b,
    };
    uint8_t digest[64];
    bool ok;

    if (!caliptra_sha_acc_uc_acquire(s->uc->sha_acc)) {
        return false;
    }
    ok = caliptra_sha_acc_uc_hash_mbox(s->uc->sha_acc, false, 0, 0, false,
                                       digest) &&
         !memcmp(digest, sha384_empty, sizeof(sha384_empty));
    caliptra_sha_acc_uc_release(s->uc->sha_acc);
    return ok;
}

/* Words to bytes, word 0 first, each big-endian (as the DOE reads them) */
static void rom_words_be(const uint32_t *w, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        stl_be_p(out + 4 * i, w[i]);
    }
}

/*
 * IDevID and LDevID layers: DOE-decrypt UDS and FE with the obfuscation
 * key, then the KDF chain. Debug-unlocked parts see all-ones secrets.
 */
static void rom_derive_identities(CaliptraRom *s)
{
    uint32_t uds_w[12], fe_w[8], key_w[8];
    uint8_t key[32], uds_fuse[48], fe_fuse[32], uds[48], fe[32];
    CaliptraEccKey k;

    caliptra_soc_ifc_secret_fuses(s->uc->soc_ifc, uds_w, fe_w);
    caliptra_soc_ifc_obf_key(s->uc->soc_ifc, key_w);
    rom_words_be(key_w, 8, key);
    rom_words_be(uds_w, 12, uds_fuse);
    rom_words_be(fe_w, 8, fe_fuse);
    if (!caliptra_uc_debug_locked(s->uc)) {
        memset(key, 0xff, sizeof(key));
        memset(uds_fuse, 0xff, sizeof(uds_fuse));
        memset(fe_fuse, 0xff, sizeof(fe_fuse));
    }
    caliptra_doe_decrypt(key, uds_fuse, sizeof(uds_fuse), uds);
    caliptra_doe_decrypt(key, fe_fuse, sizeof(fe_fuse), fe);

    caliptra_dice_idevid(uds, s->kv->idevid_cdi, &k);
    caliptra_kv_store(&k, s->kv->idevid_priv, s->kv->idevid_pub);
    caliptra_dice_ldevid(s->kv->idevid_cdi, fe, s->kv->ldevid_cdi, &k);
    caliptra_kv_store(&k, s->kv->ldevid_priv, s->kv->ldevid_pub);

    /* Nothing secret stays on the stack */
    caliptra_wipe(uds_w, sizeof(uds_w));
    caliptra_wipe(fe_w, sizeof(fe_w));
    caliptra_wipe(key_w, sizeof(key_w));
    caliptra_wipe(uds_fuse, sizeof(uds_fuse));
    caliptra_wipe(fe_fuse, sizeof(fe_fuse));
    caliptra_wipe(uds, sizeof(uds));
    caliptra_wipe(fe, sizeof(fe));
    caliptra_wipe(key, sizeof(key));
}

static bool rom_ready_for_fw(CaliptraRom *s, CaliptraResetFlow *flow)
{
    caliptra_soc_ifc_set_flow_status(s->uc->soc_ifc,
                                     CALIPTRA_FLOW_READY_FOR_FW, ~0u);
    s->phase = CALIPTRA_ROM_FW_PROCESSOR;
    trace_caliptra_rom_ready_for_fw();
    return caliptra_rom_mbox(s, flow);
}

/* The rest of the IDevID layer, the LDevID layer, then the firmware */
static bool rom_ldevid_done(CaliptraRom *s, CaliptraResetFlow *flow)
{
    caliptra_uc_boot_status(s->uc, BOOT_IDEVID_COMPLETE);
    caliptra_uc_boot_status_range(s->uc, BOOT_LDEVID_FIRST,
                                  BOOT_LDEVID_COMPLETE);
    return rom_ready_for_fw(s, flow);
}

bool caliptra_rom_manuf(CaliptraRom *s, CaliptraResetFlow *flow)
{
    if (s->phase != CALIPTRA_ROM_CSR_WAIT ||
        (caliptra_uc_soc(s->uc, A_CPTRA_DBG_MANUF_SERVICE_REG) &
         MANUF_GEN_IDEV_CSR)) {
        return false;
    }
    caliptra_mbox_uc_send_done(s->uc->mbox);
    caliptra_uc_boot_status(s->uc, BOOT_IDEVID_SEND_CSR);
    return rom_ldevid_done(s, flow);
}

/*
 * The manufacturing flow: the CSR goes to the SoC through the mailbox,
 * Caliptra as the requester, and stays there until the SoC clears
 * MFG_FLAG_GEN_IDEV_CSR (the ROM spins on the flag).
 */
static bool rom_send_csr(CaliptraRom *s, CaliptraResetFlow *flow)
{
    uint8_t csr[CALIPTRA_IDEV_CSR_MAX];
    size_t len = caliptra_identity_idevid_csr(&CALIPTRA_IDENTITY_ENV(s), csr,
                                              sizeof(csr));

    if (!len) {
        caliptra_uc_fatal(s->uc, CPTRA_ERR_ROM_IDEVID_INVALID_CSR);
        return false;
    }
    if (!caliptra_mbox_uc_send(s->uc->mbox, 0, csr, len)) {
        return false;   /* the SoC holds the mailbox: again when it is free */
    }
    trace_caliptra_rom_idevid_csr(len);
    caliptra_soc_ifc_set_flow_status(s->uc->soc_ifc,
                                     CALIPTRA_FLOW_IDEVID_CSR_READY, ~0u);
    s->phase = CALIPTRA_ROM_CSR_WAIT;
    return caliptra_rom_manuf(s, flow);
}

static bool rom_after_cfi_init(CaliptraRom *s, CaliptraResetFlow *flow)
{
    uint32_t reason = caliptra_uc_soc(s->uc, A_CPTRA_RESET_REASON);
    uint32_t rev0 = caliptra_uc_soc(s->uc, A_CPTRA_FW_REV_ID);
    bool csr;

    caliptra_uc_boot_status(s->uc, BOOT_CFI_INITIALIZED);
    caliptra_soc_ifc_set_fw_rev(s->uc->soc_ifc, 0,
                                (rev0 & 0xffff0000) | ROM_VERSION);

    caliptra_uc_boot_status(s->uc, BOOT_KAT_STARTED);
    if (!rom_sha_acc_kat(s)) {
        caliptra_uc_fatal(s->uc,
                          CPTRA_ERR_KAT_SHA2_512_384_ACC_DIGEST_MISMATCH);
        return false;
    }
    caliptra_uc_boot_status(s->uc, BOOT_KAT_COMPLETE);

    if ((reason & R_CPTRA_RESET_REASON_FW_UPD_RESET_MASK) &&
        (reason & R_CPTRA_RESET_REASON_WARM_RESET_MASK)) {
        caliptra_uc_fatal(s->uc, CPTRA_ERR_ROM_UNKNOWN_RESET_FLOW);
        return false;
    }
    if (reason & R_CPTRA_RESET_REASON_FW_UPD_RESET_MASK) {
        return rom_update_reset(s, flow);
    }
    if (reason & R_CPTRA_RESET_REASON_WARM_RESET_MASK) {
        /* The data vault must record a completed cold boot */
        if (!s->dv->cold_boot_complete) {
            caliptra_uc_fatal(s->uc, CPTRA_ERR_ROM_WARM_RESET_NO_COLD_BOOT);
            return false;
        }
        return rom_exit(s, CALIPTRA_FLOW_WARM, flow);
    }

    caliptra_uc_boot_status(s->uc, BOOT_COLD_RESET_STARTED);
    csr = caliptra_uc_soc(s->uc, A_CPTRA_DBG_MANUF_SERVICE_REG) &
          MANUF_GEN_IDEV_CSR;
    /* Without the CSR flag, READY_FOR_FW comes before any crypto */
    if (!csr) {
        caliptra_soc_ifc_set_flow_status(s->uc->soc_ifc,
                                         CALIPTRA_FLOW_READY_FOR_FW, ~0u);
    }
    rom_derive_identities(s);
    caliptra_uc_boot_status_range(s->uc, BOOT_IDEVID_FIRST,
                                  BOOT_IDEVID_SUBJ_KEY_ID);
    s->dv->idevid_csr_provisioned = csr;
    if (csr) {
        caliptra_uc_boot_status(s->uc, BOOT_IDEVID_MAKE_CSR);
        s->phase = CALIPTRA_ROM_CSR_SEND;
        return rom_send_csr(s, flow);
    }
    return rom_ldevid_done(s, flow);
}

bool caliptra_rom_boot(CaliptraRom *s, CaliptraResetFlow *flow)
{
    uint32_t seed[12];

    s->phase = CALIPTRA_ROM_OFF;
    s->self_test_pending = false;
    s->dv->stash_count = 0;
    caliptra_uc_reset(s->uc);
    trace_caliptra_rom_start(caliptra_uc_soc(s->uc, A_CPTRA_RESET_REASON));
    caliptra_uc_wdt_boot(s->uc);

    /* The CFI counter's seed: internal TRNG, or the SoC's through soc_ifc */
    if (caliptra_uc_soc(s->uc, A_CPTRA_HW_CONFIG) &
        R_CPTRA_HW_CONFIG_ITRNG_EN_MASK) {
        qemu_guest_getrandom_nofail(seed, sizeof(seed));
        return rom_after_cfi_init(s, flow);
    }
    s->phase = CALIPTRA_ROM_WAIT_TRNG;
    caliptra_soc_ifc_trng_request(s->uc->soc_ifc);
    return false;
}

bool caliptra_rom_trng_done(CaliptraRom *s, CaliptraResetFlow *flow)
{
    uint32_t seed[12];

    if (s->phase != CALIPTRA_ROM_WAIT_TRNG ||
        !caliptra_soc_ifc_trng_collect(s->uc->soc_ifc, seed)) {
        return false;
    }
    return rom_after_cfi_init(s, flow);
}

void caliptra_rom_stop(CaliptraRom *s)
{
    s->phase = CALIPTRA_ROM_OFF;
}

void caliptra_rom_reset(CaliptraRom *s)
{
    s->phase = CALIPTRA_ROM_OFF;
    s->self_test_pending = false;
}

static int caliptra_rom_post_load(void *opaque, int version_id)
{
    CaliptraRom *s = opaque;

    return s->phase > CALIPTRA_ROM_CSR_WAIT ? -EINVAL : 0;
}

const VMStateDescription vmstate_caliptra_rom = {
    .name = "caliptra-rom",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = caliptra_rom_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(phase, CaliptraRom),
        VMSTATE_BOOL(self_test_pending, CaliptraRom),
        VMSTATE_END_OF_LIST(),
    },
};
