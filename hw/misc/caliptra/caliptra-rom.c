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
 * over to FMC and runtime (READY_FOR_RUNTIME). A warm reset after a
 * completed cold boot goes straight back to runtime; FIRMWARE_LOAD at
 * runtime restarts the uC into the update reset flow, which verifies the
 * new bundle against the cold boot's and swaps the runtime.
 *
 * The ROM plays Caliptra's microcontroller through the register blocks'
 * uC-side API; it runs from bottom halves, never blocking an MMIO access.
 *
 * Not modelled yet: the DICE derivation (IDevID/LDevID, CSR, FMC alias),
 * PCR0/PCR1 measurements, loading the images into an ICCM (they are
 * verified, not run).
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
#include "hw/qdev-properties.h"
#include "hw/misc/caliptra_mbox.h"
#include "hw/misc/caliptra_rom.h"
#include "hw/misc/caliptra_sha_acc.h"
#include "hw/misc/caliptra_soc_ifc.h"
#include "migration/vmstate.h"
#include "caliptra-dice.h"
#include "caliptra-error.h"
#include "caliptra-identity.h"
#include "caliptra-pcr.h"
#include "caliptra-image.h"
#include "caliptra-lms.h"
#include "caliptra-runtime.h"
#include "caliptra-verify.h"
#include "hw/misc/caliptra_api.h"
#include "caliptra-msg.h"
#include "trace.h"

/* soc_ifc_reg offsets the ROM reads */
#define SOC_RESET_REASON            0x040
#define  RESET_REASON_FW_UPD        (1u << 0)
#define  RESET_REASON_WARM          (1u << 1)
#define SOC_SECURITY_STATE          0x044
#define  SECURITY_DEBUG_LOCKED      (1u << 2)
#define SOC_DBG_MANUF_SERVICE_REG   0x0bc
#define  MANUF_GEN_IDEV_CSR         (1u << 0)
#define SOC_HW_REV_ID               0x0d4
#define SOC_FW_REV_ID0              0x0d8
#define SOC_FW_REV_ID1              0x0dc
#define SOC_HW_CONFIG               0x0e0
#define  HW_CONFIG_ITRNG_EN         (1u << 0)
#define  SECURITY_LIFECYCLE_MASK    3u
#define SOC_FUSE_KEY_MANIFEST_PK_HASH 0x250
#define SOC_FUSE_KEY_MANIFEST_PK_HASH_MASK 0x280
#define SOC_FUSE_OWNER_PK_HASH      0x284
#define SOC_FUSE_FMC_KEY_MANIFEST_SVN 0x2b4
#define SOC_FUSE_RUNTIME_SVN        0x2b8
#define SOC_FUSE_ANTI_ROLLBACK_DISABLE 0x2c8
#define SOC_FUSE_LMS_VERIFY         0x340
#define SOC_FUSE_LMS_REVOCATION     0x344

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
#define BOOT_RT_READY_FOR_COMMANDS  0x600
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

typedef enum RomPhase {
    ROM_OFF,            /* uC held in reset */
    ROM_WAIT_TRNG,      /* CFI init waits for the SoC's TRNG words */
    ROM_FW_PROCESSOR,   /* serving the mailbox until FIRMWARE_LOAD */
    ROM_RUNTIME,        /* FMC and runtime took over */
    ROM_FATAL,
    ROM_CSR_SEND,       /* the IDevID CSR waits for the mailbox */
    ROM_CSR_WAIT,       /* ... and for the SoC to clear the request flag */
} RomPhase;

static uint32_t rom_soc(CaliptraRom *s, hwaddr addr)
{
    return caliptra_soc_ifc_uc_read(s->soc_ifc, addr);
}

static void rom_boot_status(CaliptraRom *s, uint32_t code);

/* A layer's milestones, in order (each visible only for an instant) */
static void rom_boot_status_range(CaliptraRom *s, uint32_t first,
                                  uint32_t last)
{
    for (uint32_t code = first; code <= last; code++) {
        rom_boot_status(s, code);
    }
}

/* Like report_boot_status(): only a debug-unlocked part shows progress */
static void rom_boot_status(CaliptraRom *s, uint32_t code)
{
    if (!(rom_soc(s, SOC_SECURITY_STATE) & SECURITY_DEBUG_LOCKED)) {
        caliptra_soc_ifc_set_boot_status(s->soc_ifc, code);
    }
}

void caliptra_fw_fatal(CaliptraRom *s, uint32_t code)
{
    qemu_log_mask(LOG_GUEST_ERROR, "caliptra-rom: fatal error 0x%08x\n",
                  code);
    trace_caliptra_rom_fatal(code);
    s->phase = ROM_FATAL;
    s->fatal_error = code;
    caliptra_rom_wdt_stop(s);
    caliptra_soc_ifc_fw_error(s->soc_ifc, true, code);
    caliptra_soc_ifc_fw_error(s->soc_ifc, false, code);
    /* The fatal loop fails whatever the SoC has pending */
    if (caliptra_mbox_uc_has_cmd(s->mbox)) {
        caliptra_mbox_uc_respond(s->mbox, CALIPTRA_MBOX_CMD_FAILURE, NULL, 0);
    }
}

static void rom_respond(CaliptraRom *s, uint8_t *resp, size_t len)
{
    caliptra_msg_respond(s->mbox, resp, len);
}


/* GetIdevCsrResp: header, data_size, data[512], sent whole */
static void rom_get_idev_csr(CaliptraRom *s)
{
    uint8_t resp[CALIPTRA_IDEV_CSR_RESP_SIZE] = { 0 };
    size_t len;

    if (!s->idevid_csr_provisioned) {
        /* MFG_FLAG_GEN_IDEV_CSR was not set at cold boot */
        caliptra_fw_fatal(s, CPTRA_ERR_FW_PROC_IDEV_CSR_UNPROVISIONED);
        return;
    }
    len = caliptra_identity_idevid_csr(s, resp + RESP_HDR_SIZE + 4,
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
        stl_le_p(resp + 12, rom_soc(s, SOC_HW_REV_ID));
        stl_le_p(resp + 16, rom_soc(s, SOC_FW_REV_ID0));
        stl_le_p(resp + 20, rom_soc(s, SOC_FW_REV_ID1));
        memcpy(resp + 24, "Caliptra RTM", 12);
        rom_respond(s, resp, 36);
        break;
    case CALIPTRA_CMD_SELF_TEST_START:
        if (s->self_test_pending) {
            caliptra_mbox_uc_respond(s->mbox, CALIPTRA_MBOX_CMD_FAILURE,
                                     NULL, 0);
            break;
        }
        /* The KATs run synchronously and pass */
        s->self_test_pending = true;
        rom_respond(s, resp, RESP_HDR_SIZE);
        break;
    case CALIPTRA_CMD_SELF_TEST_GET_RESULTS:
        if (!s->self_test_pending) {
            caliptra_mbox_uc_respond(s->mbox, CALIPTRA_MBOX_CMD_FAILURE,
                                     NULL, 0);
            break;
        }
        s->self_test_pending = false;
        rom_respond(s, resp, RESP_HDR_SIZE);
        break;
    case CALIPTRA_CMD_SHUTDOWN:
        rom_respond(s, resp, RESP_HDR_SIZE);
        caliptra_fw_fatal(s, CPTRA_ERR_RUNTIME_SHUTDOWN);
        break;
    case CALIPTRA_CMD_GET_IDEV_CSR:
        rom_get_idev_csr(s);
        break;
    case CALIPTRA_CMD_STASH_MEASUREMENT:
        if (s->stash_count >= CALIPTRA_ROM_STASH_MAX) {
            caliptra_fw_fatal(s, CPTRA_ERR_FW_PROC_STASH_MAX_LIMIT);
            break;
        }
        caliptra_pcr_extend(s->pcrs[CALIPTRA_PCR_STASH],
                            req + MEASUREMENT_OFFSET, CALIPTRA_PCR_SIZE);
        /* Logged for runtime, which gives each its own DPE context */
        memcpy(s->stash_meta[s->stash_count], req + METADATA_OFFSET, 4);
        memcpy(s->stash_meas[s->stash_count], req + MEASUREMENT_OFFSET,
               CALIPTRA_PCR_SIZE);
        s->stash_count++;
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
    memset(f, 0, sizeof(*f));
    for (int i = 0; i < 12; i++) {
        f->key_manifest_pk_hash[i] =
            rom_soc(s, SOC_FUSE_KEY_MANIFEST_PK_HASH + 4 * i);
        f->owner_pk_hash[i] = rom_soc(s, SOC_FUSE_OWNER_PK_HASH + 4 * i);
    }
    for (int i = 0; i < 4; i++) {
        f->runtime_svn[i] = rom_soc(s, SOC_FUSE_RUNTIME_SVN + 4 * i);
    }
    f->key_manifest_pk_hash_mask =
        rom_soc(s, SOC_FUSE_KEY_MANIFEST_PK_HASH_MASK);
    f->fmc_key_manifest_svn = rom_soc(s, SOC_FUSE_FMC_KEY_MANIFEST_SVN);
    f->anti_rollback_disable = rom_soc(s, SOC_FUSE_ANTI_ROLLBACK_DISABLE) & 1;
    f->lms_verify = rom_soc(s, SOC_FUSE_LMS_VERIFY) & 1;
    f->lms_revocation = rom_soc(s, SOC_FUSE_LMS_REVOCATION);
    f->unprovisioned =
        !(rom_soc(s, SOC_SECURITY_STATE) & SECURITY_LIFECYCLE_MASK);
}

/* FMC, then runtime, start; runtime announces itself ready */
/*
 * What the FMC does on every boot before it hands over to runtime:
 * measure the runtime and the manifest, derive the alias layers
 */
static void rom_fmc(CaliptraRom *s, CaliptraRtStart how)
{
    uint8_t rt_digest[48];
    CaliptraEccKey k;

    for (int i = 0; i < 48; i += 4) {
        stl_be_p(rt_digest + i, ldl_le_p(s->rt_digest_words + i));
    }
    /* A warm reset leaves the PCRs as they were (fmc/src/flow/rt_alias.rs) */
    if (how != CALIPTRA_RT_WARM) {
        caliptra_pcr_fmc_measure(s->pcrs, rt_digest, s->manifest_digest);
    }
    caliptra_dice_fmc_alias(s->ldevid_cdi, s->pcrs[CALIPTRA_PCR_ROM_CURRENT],
                            s->fmc_alias_cdi, &k);
    memcpy(s->fmc_alias_priv, k.d, 48);
    memcpy(s->fmc_alias_pub, k.x, 48);
    memcpy(s->fmc_alias_pub + 48, k.y, 48);
    caliptra_dice_rt_alias(s->fmc_alias_cdi, rt_digest, s->manifest_digest,
                           s->rt_alias_cdi, &k);
    memcpy(s->rt_alias_priv, k.d, 48);
    memcpy(s->rt_alias_pub, k.x, 48);
    memcpy(s->rt_alias_pub + 48, k.y, 48);
    memcpy(s->rt_dice_pub, s->rt_alias_pub, sizeof(s->rt_dice_pub));
    memset(&k, 0, sizeof(k));
    /* The runtime's reset flow disables attestation again */
    if (s->attestation_disabled) {
        caliptra_rom_disable_attestation(s);
    }
}

void caliptra_rom_disable_attestation(CaliptraRom *s)
{
    CaliptraEccKey k;

    /* The certified runtime alias key stays in its certificate */
    caliptra_dice_zero_rt(s->rt_alias_cdi, &k);
    memcpy(s->rt_alias_priv, k.d, 48);
    /* ...but DPE's issuer is the key runtime now holds */
    memcpy(s->rt_dice_pub, k.x, 48);
    memcpy(s->rt_dice_pub + 48, k.y, 48);
    memset(&k, 0, sizeof(k));
    s->attestation_disabled = true;
}

static void rom_start_runtime(CaliptraRom *s, CaliptraRtStart how)
{
    uint32_t rev0 = rom_soc(s, SOC_FW_REV_ID0);

    rom_fmc(s, how);
    caliptra_rom_wdt_stop(s);       /* the runtime's idle loop */
    s->phase = ROM_RUNTIME;
    caliptra_soc_ifc_set_fw_rev(s->soc_ifc, 0,
                                (rev0 & 0xffff) | (s->fmc_version << 16));
    caliptra_soc_ifc_set_fw_rev(s->soc_ifc, 1, s->rt_version);
    if (!caliptra_runtime_start(s, how)) {
        return;
    }
    rom_boot_status(s, BOOT_RT_READY_FOR_COMMANDS);
    caliptra_soc_ifc_set_flow_status(s->soc_ifc,
                                     CALIPTRA_FLOW_READY_FOR_RUNTIME, ~0u);
    trace_caliptra_rom_runtime();
}

/* Read and verify the bundle of the pending FIRMWARE_LOAD */
static uint32_t rom_verify_pending(CaliptraRom *s, bool update,
                                   CaliptraImageInfo *info)
{
    /* A DLEN past the SRAM (possible at runtime) is read as the SRAM */
    uint32_t dlen = MIN(caliptra_mbox_uc_dlen(s->mbox),
                        CALIPTRA_MBOX_SRAM_SIZE);
    /* Reads past DLEN give zeros: the manifest is always whole */
    g_autofree uint8_t *bundle = g_malloc0(MAX(dlen, IMG_MANIFEST_SIZE));
    CaliptraVerifyFuses fuses;
    CaliptraImageInfo cold = { 0 };
    uint32_t err;

    caliptra_mbox_uc_read(s->mbox, bundle, dlen);
    rom_read_fuses(s, &fuses);
    if (update) {
        cold.vendor_ecc_key_idx = s->dv_vendor_ecc_key_idx;
        memcpy(cold.owner_pk_digest, s->dv_owner_pk_digest, 48);
        memcpy(cold.fmc.digest, s->dv_fmc_digest, 48);
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

    caliptra_mbox_uc_rewind(s->mbox);
    caliptra_mbox_uc_read(s->mbox, m, IMG_MANIFEST_SIZE);
    /* The verifier checked the ECC key index against the key count */
    memcpy(s->fw_vendor_ecc_key, m + IMG_VENDOR_ECC_KEYS +
           info->vendor_ecc_key_idx * IMG_ECC_KEY_SIZE, 96);
    /*
     * The LMS key index is covered by no signature and checked only with
     * LMS verification on; runtime's SET_AUTH_MANIFEST then fails an
     * out-of-range index as an invalid vendor LMS signature, as the zero
     * key kept here does.
     */
    lms_idx = (uint32_t)ldl_le_p(m + IMG_VENDOR_LMS_KEY_IDX);
    if (lms_idx < IMG_LMS_KEY_COUNT) {
        memcpy(s->fw_vendor_lms_key, m + IMG_VENDOR_LMS_KEYS +
               lms_idx * CALIPTRA_LMS_PUBKEY_SIZE, CALIPTRA_LMS_PUBKEY_SIZE);
    } else {
        memset(s->fw_vendor_lms_key, 0, sizeof(s->fw_vendor_lms_key));
    }
    memcpy(s->fw_owner_ecc_key, m + IMG_OWNER_ECC_KEY, 96);
    memcpy(s->fw_owner_lms_key, m + IMG_OWNER_LMS_KEY, 48);

    s->pl0_pauser = ldl_le_p(m + IMG_HDR_PL0_PAUSER);
    s->manifest_flags = ldl_le_p(m + IMG_HDR_FLAGS);
    s->fmc_svn = ldl_le_p(m + IMG_TOC_FMC + TOC_SVN);
    s->rt_svn = ldl_le_p(m + IMG_TOC_RT + TOC_SVN);
    /* The data vault's minimum only goes down across updates */
    s->rt_min_svn = update ? MIN(s->rt_min_svn, s->rt_svn) : s->rt_svn;
    memcpy(s->fmc_revision, m + IMG_TOC_FMC + TOC_REVISION, 20);
    memcpy(s->rt_revision, m + IMG_TOC_RT + TOC_REVISION, 20);
    memcpy(s->fmc_digest_words, m + IMG_TOC_FMC + TOC_DIGEST, 48);
    memcpy(s->rt_digest_words, m + IMG_TOC_RT + TOC_DIGEST, 48);
    caliptra_sha384(m, IMG_MANIFEST_SIZE, s->manifest_digest);

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
        memset(s->dpe_not_before, 0, sizeof(s->dpe_not_before));
        memset(s->dpe_not_after, 0, sizeof(s->dpe_not_after));
        if (src) {
            memcpy(s->dpe_not_before, src, 15);
            memcpy(s->dpe_not_after, src + 15, 15);
        }
        if (!update) {
            memcpy(s->cert_not_before, s->dpe_not_before, 15);
            memcpy(s->cert_not_after, s->dpe_not_after, 15);
        }
    }
}

/* The ROM's measurement of the device and the FMC (rom/dev/src/pcr.rs) */
static void rom_measure(CaliptraRom *s, const CaliptraImageInfo *info)
{
    uint32_t security = rom_soc(s, SOC_SECURITY_STATE);
    CaliptraVerifyFuses f;
    CaliptraPcrDevice dev = {
        .lifecycle = security & SECURITY_LIFECYCLE_MASK,
        .debug_locked = security & SECURITY_DEBUG_LOCKED,
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
    caliptra_pcr_rom_measure(s->pcrs, &dev);

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
        caliptra_sha384(buf, sizeof(buf), s->dv_device_info_hash);
        s->dv_fmc_fuse_svn = dev.fmc_fuse_svn;
    }
}

/* FIRMWARE_LOAD in the cold boot flow: any failure is fatal */
static void rom_load_firmware(CaliptraRom *s)
{
    CaliptraImageInfo info;
    uint32_t err;

    rom_boot_status(s, BOOT_FW_DOWNLOAD_IMAGE);
    err = rom_verify_pending(s, false, &info);
    if (err) {
        caliptra_fw_fatal(s, err);
        return;
    }
    rom_boot_status(s, BOOT_FW_COMPLETE);
    rom_keep_manifest(s, false, &info);
    rom_measure(s, &info);
    caliptra_mbox_uc_respond(s->mbox, CALIPTRA_MBOX_CMD_COMPLETE, NULL, 0);
    /* The FMC alias layer (keys derived when the FMC runs, rom_fmc) */
    rom_boot_status_range(s, BOOT_FMC_ALIAS_FIRST, BOOT_FMC_ALIAS_COMPLETE);
    rom_boot_status(s, BOOT_COLD_RESET_COMPLETE);
    s->cold_boot_complete = true;
    s->fmc_version = info.fmc.version & 0xffff;
    s->rt_version = info.rt.version;
    s->dv_vendor_ecc_key_idx = info.vendor_ecc_key_idx;
    memcpy(s->dv_owner_pk_digest, info.owner_pk_digest, 48);
    memcpy(s->dv_fmc_digest, info.fmc.digest, 48);
    rom_start_runtime(s, CALIPTRA_RT_COLD);
}

/*
 * The update reset flow: the FIRMWARE_LOAD that runtime left pending is
 * verified against the cold boot. Failures are not fatal: the command
 * fails and the old runtime carries on.
 */
static void rom_update_reset(CaliptraRom *s)
{
    CaliptraImageInfo info;
    uint32_t err;

    rom_boot_status(s, BOOT_UPDATE_RESET_STARTED);
    if (!caliptra_mbox_uc_has_cmd(s->mbox)) {
        caliptra_fw_fatal(s, CPTRA_ERR_ROM_UPDATE_MBOX_ACCESS);
        return;
    }
    if (caliptra_mbox_uc_cmd(s->mbox) != CALIPTRA_CMD_FIRMWARE_LOAD) {
        caliptra_fw_fatal(s, CPTRA_ERR_ROM_UPDATE_INVALID_FW_CMD);
        return;
    }
    err = rom_verify_pending(s, true, &info);
    if (err) {
        qemu_log_mask(LOG_GUEST_ERROR, "caliptra-rom: update rejected, "
                      "error 0x%08x\n", err);
        caliptra_soc_ifc_fw_error(s->soc_ifc, false, err);
        caliptra_mbox_uc_respond(s->mbox, CALIPTRA_MBOX_CMD_FAILURE, NULL, 0);
    } else {
        s->rt_version = info.rt.version;
        rom_keep_manifest(s, true, &info);
        rom_measure(s, &info);
        caliptra_mbox_uc_respond(s->mbox, CALIPTRA_MBOX_CMD_COMPLETE, NULL, 0);
        rom_boot_status(s, BOOT_UPDATE_RESET_COMPLETE);
    }
    rom_start_runtime(s, CALIPTRA_RT_UPDATE);
}

static void rom_send_csr(CaliptraRom *s);

static void rom_mbox_cmd(void *opaque)
{
    CaliptraRom *s = opaque;
    CaliptraMbox *mbox = s->mbox;
    uint32_t cmd, dlen;
    uint8_t req[STASH_MEASUREMENT_SIZE];
    size_t size;

    if (s->phase == ROM_CSR_SEND) {
        rom_send_csr(s);
        return;
    }
    if (!caliptra_mbox_uc_has_cmd(mbox)) {
        return;
    }
    if (s->phase == ROM_FATAL) {
        caliptra_mbox_uc_respond(mbox, CALIPTRA_MBOX_CMD_FAILURE, NULL, 0);
        return;
    }
    if (s->phase == ROM_RUNTIME) {
        if (caliptra_mbox_uc_cmd(mbox) == CALIPTRA_CMD_FIRMWARE_LOAD) {
            /* Runtime leaves the command pending and resets the uC */
            s->phase = ROM_OFF;
            caliptra_soc_ifc_fw_update_reset(s->soc_ifc);
            return;
        }
        caliptra_runtime_cmd(s);
        return;
    }
    if (s->phase != ROM_FW_PROCESSOR) {
        return;     /* nobody listens: the command stays with the uC */
    }

    cmd = caliptra_mbox_uc_cmd(mbox);
    dlen = caliptra_mbox_uc_dlen(mbox);
    trace_caliptra_rom_cmd(cmd, dlen);
    caliptra_soc_ifc_fw_error(s->soc_ifc, false, 0);

    if (caliptra_mbox_uc_user(mbox) == 0xffffffff) {
        caliptra_fw_fatal(s, CPTRA_ERR_FW_PROC_MAILBOX_RESERVED_PAUSER);
        return;
    }
    if (cmd == CALIPTRA_CMD_FIRMWARE_LOAD) {
        if (dlen == 0 || dlen > CALIPTRA_MBOX_SRAM_SIZE) {
            caliptra_fw_fatal(s, CPTRA_ERR_FW_PROC_INVALID_IMAGE_SIZE);
            return;
        }
        rom_load_firmware(s);
        return;
    }
    size = rom_cmd_size(cmd);
    if (!size) {
        caliptra_fw_fatal(s, CPTRA_ERR_FW_PROC_MAILBOX_INVALID_COMMAND);
        return;
    }
    if (dlen != size) {
        caliptra_fw_fatal(s, CPTRA_ERR_FW_PROC_MAILBOX_INVALID_REQUEST_LENGTH);
        return;
    }
    caliptra_mbox_uc_read(mbox, req, size);
    if (!caliptra_msg_checksum_ok(cmd, req, size)) {
        caliptra_fw_fatal(s, CPTRA_ERR_FW_PROC_MAILBOX_INVALID_CHECKSUM);
        return;
    }
    rom_cmd_fixed(s, cmd, req);
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

    if (!caliptra_sha_acc_uc_acquire(s->sha_acc)) {
        return false;
    }
    ok = caliptra_sha_acc_uc_hash_mbox(s->sha_acc, false, 0, 0, false,
                                       digest) &&
         !memcmp(digest, sha384_empty, sizeof(sha384_empty));
    caliptra_sha_acc_uc_release(s->sha_acc);
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

    caliptra_soc_ifc_secret_fuses(s->soc_ifc, uds_w, fe_w);
    caliptra_soc_ifc_obf_key(s->soc_ifc, key_w);
    rom_words_be(key_w, 8, key);
    rom_words_be(uds_w, 12, uds_fuse);
    rom_words_be(fe_w, 8, fe_fuse);
    if (!(rom_soc(s, SOC_SECURITY_STATE) & SECURITY_DEBUG_LOCKED)) {
        memset(key, 0xff, sizeof(key));
        memset(uds_fuse, 0xff, sizeof(uds_fuse));
        memset(fe_fuse, 0xff, sizeof(fe_fuse));
    }
    caliptra_doe_decrypt(key, uds_fuse, sizeof(uds_fuse), uds);
    caliptra_doe_decrypt(key, fe_fuse, sizeof(fe_fuse), fe);

    caliptra_dice_idevid(uds, s->idevid_cdi, &k);
    memcpy(s->idevid_priv, k.d, 48);
    memcpy(s->idevid_pub, k.x, 48);
    memcpy(s->idevid_pub + 48, k.y, 48);
    caliptra_dice_ldevid(s->idevid_cdi, fe, s->ldevid_cdi, &k);
    memcpy(s->ldevid_priv, k.d, 48);
    memcpy(s->ldevid_pub, k.x, 48);
    memcpy(s->ldevid_pub + 48, k.y, 48);

    /* Nothing secret stays on the stack */
    memset(uds, 0, sizeof(uds));
    memset(fe, 0, sizeof(fe));
    memset(key, 0, sizeof(key));
    memset(&k, 0, sizeof(k));
}

static void rom_ready_for_fw(CaliptraRom *s)
{
    caliptra_soc_ifc_set_flow_status(s->soc_ifc, CALIPTRA_FLOW_READY_FOR_FW,
                                     ~0u);
    s->phase = ROM_FW_PROCESSOR;
    trace_caliptra_rom_ready_for_fw();
    rom_mbox_cmd(s);
}

/* The rest of the IDevID layer, the LDevID layer, then the firmware */
static void rom_ldevid_done(CaliptraRom *s)
{
    rom_boot_status(s, BOOT_IDEVID_COMPLETE);
    rom_boot_status_range(s, BOOT_LDEVID_FIRST, BOOT_LDEVID_COMPLETE);
    rom_ready_for_fw(s);
}

static void rom_csr_taken(CaliptraRom *s)
{
    if (s->phase != ROM_CSR_WAIT ||
        (rom_soc(s, SOC_DBG_MANUF_SERVICE_REG) & MANUF_GEN_IDEV_CSR)) {
        return;
    }
    caliptra_mbox_uc_send_done(s->mbox);
    rom_boot_status(s, BOOT_IDEVID_SEND_CSR);
    rom_ldevid_done(s);
}

/*
 * The manufacturing flow: the CSR goes to the SoC through the mailbox,
 * Caliptra as the requester, and stays there until the SoC clears
 * MFG_FLAG_GEN_IDEV_CSR (the ROM spins on the flag).
 */
static void rom_send_csr(CaliptraRom *s)
{
    uint8_t csr[CALIPTRA_IDEV_CSR_MAX];
    size_t len = caliptra_identity_idevid_csr(s, csr, sizeof(csr));

    if (!len) {
        caliptra_fw_fatal(s, CPTRA_ERR_ROM_IDEVID_INVALID_CSR);
        return;
    }
    if (!caliptra_mbox_uc_send(s->mbox, 0, csr, len)) {
        return;     /* the SoC holds the mailbox: again when it is free */
    }
    trace_caliptra_rom_idevid_csr(len);
    caliptra_soc_ifc_set_flow_status(s->soc_ifc,
                                     CALIPTRA_FLOW_IDEVID_CSR_READY, ~0u);
    s->phase = ROM_CSR_WAIT;
    rom_csr_taken(s);
}

static void rom_after_cfi_init(CaliptraRom *s)
{
    uint32_t reason = rom_soc(s, SOC_RESET_REASON);
    uint32_t rev0 = rom_soc(s, SOC_FW_REV_ID0);
    bool csr;

    rom_boot_status(s, BOOT_CFI_INITIALIZED);
    caliptra_soc_ifc_set_fw_rev(s->soc_ifc, 0,
                                (rev0 & 0xffff0000) | ROM_VERSION);

    rom_boot_status(s, BOOT_KAT_STARTED);
    if (!rom_sha_acc_kat(s)) {
        caliptra_fw_fatal(s, CPTRA_ERR_KAT_SHA2_512_384_ACC_DIGEST_MISMATCH);
        return;
    }
    rom_boot_status(s, BOOT_KAT_COMPLETE);

    if ((reason & RESET_REASON_FW_UPD) && (reason & RESET_REASON_WARM)) {
        caliptra_fw_fatal(s, CPTRA_ERR_ROM_UNKNOWN_RESET_FLOW);
        return;
    }
    if (reason & RESET_REASON_FW_UPD) {
        rom_update_reset(s);
        return;
    }
    if (reason & RESET_REASON_WARM) {
        /* The data vault must record a completed cold boot */
        if (!s->cold_boot_complete) {
            caliptra_fw_fatal(s, CPTRA_ERR_ROM_WARM_RESET_NO_COLD_BOOT);
            return;
        }
        rom_start_runtime(s, CALIPTRA_RT_WARM);
        return;
    }

    rom_boot_status(s, BOOT_COLD_RESET_STARTED);
    csr = rom_soc(s, SOC_DBG_MANUF_SERVICE_REG) & MANUF_GEN_IDEV_CSR;
    /* Without the CSR flag, READY_FOR_FW comes before any crypto */
    if (!csr) {
        caliptra_soc_ifc_set_flow_status(s->soc_ifc,
                                         CALIPTRA_FLOW_READY_FOR_FW, ~0u);
    }
    rom_derive_identities(s);
    rom_boot_status_range(s, BOOT_IDEVID_FIRST, BOOT_IDEVID_SUBJ_KEY_ID);
    s->idevid_csr_provisioned = csr;
    if (csr) {
        rom_boot_status(s, BOOT_IDEVID_MAKE_CSR);
        s->phase = ROM_CSR_SEND;
        rom_send_csr(s);
        return;
    }
    rom_ldevid_done(s);
}

/*
 * The watchdog as caliptra-sw 1.2 programs it, on a debug-locked part
 * only: the ROM gives timer 1 the SoC's CPTRA_WDT_CFG (at least one
 * cycle), timer 2 fires one cycle after it; the runtime stops it while
 * idle and runs each command under a 20M-cycle timer 1.
 */
#define WDT2_CYCLES             1
#define WDT_RUNTIME_CMD_CYCLES  20000000ull

static bool rom_wdt_armed(CaliptraRom *s)
{
    return rom_soc(s, SOC_SECURITY_STATE) & SECURITY_DEBUG_LOCKED;
}

static void rom_wdt_start(CaliptraRom *s, uint64_t timer1_cycles)
{
    if (rom_wdt_armed(s)) {
        caliptra_soc_ifc_uc_wdt_start(s->soc_ifc, MAX(timer1_cycles, 1),
                                      WDT2_CYCLES);
    }
}

void caliptra_rom_wdt_stop(CaliptraRom *s)
{
    if (rom_wdt_armed(s)) {
        caliptra_soc_ifc_uc_wdt_stop(s->soc_ifc);
    }
}

void caliptra_rom_wdt_command(CaliptraRom *s)
{
    rom_wdt_start(s, WDT_RUNTIME_CMD_CYCLES);
}

static void rom_start(CaliptraRom *s)
{
    uint32_t seed[12];

    s->phase = ROM_OFF;
    s->fatal_error = 0;
    s->self_test_pending = false;
    s->rt_self_test_pending = false;
    s->stash_count = 0;
    trace_caliptra_rom_start(rom_soc(s, SOC_RESET_REASON));
    rom_wdt_start(s, caliptra_soc_ifc_wdt_cfg(s->soc_ifc));

    /* The CFI counter's seed: internal TRNG, or the SoC's through soc_ifc */
    if (rom_soc(s, SOC_HW_CONFIG) & HW_CONFIG_ITRNG_EN) {
        qemu_guest_getrandom_nofail(seed, sizeof(seed));
        rom_after_cfi_init(s);
    } else {
        s->phase = ROM_WAIT_TRNG;
        caliptra_soc_ifc_trng_request(s->soc_ifc);
    }
}

static void rom_notify(void *opaque, uint32_t events)
{
    CaliptraRom *s = opaque;
    uint32_t seed[12];

    if (events & CALIPTRA_EVENT_BOOT) {
        rom_start(s);
    } else if ((events & CALIPTRA_EVENT_TRNG_DONE) &&
               s->phase == ROM_WAIT_TRNG &&
               caliptra_soc_ifc_trng_collect(s->soc_ifc, seed)) {
        rom_after_cfi_init(s);
    } else if (events & CALIPTRA_EVENT_MANUF) {
        rom_csr_taken(s);
    }
}

void caliptra_rom_warm_reset(CaliptraRom *s)
{
    /* The uC is held in reset until the boot FSM lets it go again */
    s->phase = ROM_OFF;
}

static void caliptra_rom_reset_hold(Object *obj, ResetType type)
{
    CaliptraRom *s = CALIPTRA_ROM(obj);

    s->phase = ROM_OFF;
    s->fatal_error = 0;
    s->self_test_pending = false;
    s->stash_count = 0;
    memset(s->pcrs, 0, sizeof(s->pcrs));
    memset(s->pcr_reset_ctr, 0, sizeof(s->pcr_reset_ctr));
    s->cold_boot_complete = false;
    s->idevid_csr_provisioned = false;
    s->fmc_version = 0;
    s->rt_version = 0;
    s->dv_vendor_ecc_key_idx = 0;
    memset(s->dv_owner_pk_digest, 0, sizeof(s->dv_owner_pk_digest));
    memset(s->dv_fmc_digest, 0, sizeof(s->dv_fmc_digest));
    memset(s->fw_vendor_ecc_key, 0, sizeof(s->fw_vendor_ecc_key));
    memset(s->fw_vendor_lms_key, 0, sizeof(s->fw_vendor_lms_key));
    memset(s->fw_owner_ecc_key, 0, sizeof(s->fw_owner_ecc_key));
    memset(s->fw_owner_lms_key, 0, sizeof(s->fw_owner_lms_key));
    memset(s->fmc_alias_cdi, 0, sizeof(s->fmc_alias_cdi));
    memset(s->fmc_alias_priv, 0, sizeof(s->fmc_alias_priv));
    memset(s->fmc_alias_pub, 0, sizeof(s->fmc_alias_pub));
    memset(s->rt_alias_cdi, 0, sizeof(s->rt_alias_cdi));
    memset(s->rt_alias_priv, 0, sizeof(s->rt_alias_priv));
    memset(s->rt_alias_pub, 0, sizeof(s->rt_alias_pub));
    s->attestation_disabled = false;
    memset(s->manifest_digest, 0, sizeof(s->manifest_digest));
    memset(s->dv_device_info_hash, 0, sizeof(s->dv_device_info_hash));
    s->dv_fmc_fuse_svn = 0;
    memset(s->cert_not_before, 0, sizeof(s->cert_not_before));
    memset(s->cert_not_after, 0, sizeof(s->cert_not_after));
    memset(s->auth_metadata, 0, sizeof(s->auth_metadata));
    s->pl0_pauser = 0;
    s->fmc_svn = 0;
    s->rt_svn = 0;
    s->rt_min_svn = 0;
    memset(s->fmc_revision, 0, sizeof(s->fmc_revision));
    memset(s->rt_revision, 0, sizeof(s->rt_revision));
    memset(s->fmc_digest_words, 0, sizeof(s->fmc_digest_words));
    memset(s->rt_digest_words, 0, sizeof(s->rt_digest_words));
    memset(s->idevid_cdi, 0, sizeof(s->idevid_cdi));
    memset(s->idevid_priv, 0, sizeof(s->idevid_priv));
    memset(s->idevid_pub, 0, sizeof(s->idevid_pub));
    memset(s->ldevid_cdi, 0, sizeof(s->ldevid_cdi));
    memset(s->ldevid_priv, 0, sizeof(s->ldevid_priv));
    memset(s->ldevid_pub, 0, sizeof(s->ldevid_pub));
    memset(s->stash_meta, 0, sizeof(s->stash_meta));
    memset(s->stash_meas, 0, sizeof(s->stash_meas));
    memset(s->rt_dice_pub, 0, sizeof(s->rt_dice_pub));
    s->manifest_flags = 0;
    memset(s->dpe_not_before, 0, sizeof(s->dpe_not_before));
    memset(s->dpe_not_after, 0, sizeof(s->dpe_not_after));
    memset(&s->dpe, 0, sizeof(s->dpe));
    memset(s->dpe_has_tag, 0, sizeof(s->dpe_has_tag));
    memset(s->dpe_tag, 0, sizeof(s->dpe_tag));
    memset(&s->dpe_export, 0, sizeof(s->dpe_export));
    s->cert_chain_valid = false;
    memset(s->cert_chain, 0, sizeof(s->cert_chain));
    s->cert_chain_len = 0;
    memset(s->dmtf_device_info, 0, sizeof(s->dmtf_device_info));
    s->dmtf_device_info_len = 0;
    s->dmtf_device_info_set = false;
}

static void caliptra_rom_realize(DeviceState *dev, Error **errp)
{
    CaliptraRom *s = CALIPTRA_ROM(dev);

    if (!s->soc_ifc || !s->mbox || !s->sha_acc) {
        error_setg(errp, "caliptra-rom: 'soc-ifc', 'mbox' and 'sha-acc' "
                   "links must be set");
        return;
    }
    caliptra_soc_ifc_set_notify(s->soc_ifc, rom_notify, s);
    caliptra_mbox_set_cmd_handler(s->mbox, rom_mbox_cmd, s);
}

static int caliptra_rom_post_load(void *opaque, int version_id)
{
    CaliptraRom *s = opaque;

    return s->phase > ROM_CSR_WAIT ||
           s->stash_count > CALIPTRA_ROM_STASH_MAX ||
           s->cert_chain_len > CALIPTRA_CERT_CHAIN_MAX ||
           s->dmtf_device_info_len > CALIPTRA_DMTF_INFO_MAX ? -EINVAL : 0;
}

static const VMStateDescription vmstate_caliptra_rom = {
    .name = TYPE_CALIPTRA_ROM,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = caliptra_rom_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(phase, CaliptraRom),
        VMSTATE_UINT32(fatal_error, CaliptraRom),
        VMSTATE_BOOL(self_test_pending, CaliptraRom),
        VMSTATE_UINT8(stash_count, CaliptraRom),
        VMSTATE_UINT8_2DARRAY(pcrs, CaliptraRom, CALIPTRA_PCRS,
                              CALIPTRA_PCR_SIZE),
        VMSTATE_UINT32_ARRAY(pcr_reset_ctr, CaliptraRom, CALIPTRA_PCRS),
        VMSTATE_BOOL(cold_boot_complete, CaliptraRom),
        VMSTATE_BOOL(idevid_csr_provisioned, CaliptraRom),
        VMSTATE_UINT32(fmc_version, CaliptraRom),
        VMSTATE_UINT32(rt_version, CaliptraRom),
        VMSTATE_UINT32(dv_vendor_ecc_key_idx, CaliptraRom),
        VMSTATE_UINT8_ARRAY(dv_owner_pk_digest, CaliptraRom, 48),
        VMSTATE_UINT8_ARRAY(dv_fmc_digest, CaliptraRom, 48),
        VMSTATE_BOOL(rt_self_test_pending, CaliptraRom),
        VMSTATE_UINT8_ARRAY(idevid_cdi, CaliptraRom, 48),
        VMSTATE_UINT8_ARRAY(idevid_priv, CaliptraRom, 48),
        VMSTATE_UINT8_ARRAY(idevid_pub, CaliptraRom, 96),
        VMSTATE_UINT8_ARRAY(ldevid_cdi, CaliptraRom, 48),
        VMSTATE_UINT8_ARRAY(ldevid_priv, CaliptraRom, 48),
        VMSTATE_UINT8_ARRAY(ldevid_pub, CaliptraRom, 96),
        VMSTATE_UINT8_ARRAY(fmc_alias_cdi, CaliptraRom, 48),
        VMSTATE_UINT8_ARRAY(fmc_alias_priv, CaliptraRom, 48),
        VMSTATE_UINT8_ARRAY(fmc_alias_pub, CaliptraRom, 96),
        VMSTATE_UINT8_ARRAY(rt_alias_cdi, CaliptraRom, 48),
        VMSTATE_UINT8_ARRAY(rt_alias_priv, CaliptraRom, 48),
        VMSTATE_UINT8_ARRAY(rt_alias_pub, CaliptraRom, 96),
        VMSTATE_BOOL(attestation_disabled, CaliptraRom),
        VMSTATE_UINT8_ARRAY(fw_vendor_ecc_key, CaliptraRom, 96),
        VMSTATE_UINT8_ARRAY(fw_vendor_lms_key, CaliptraRom, 48),
        VMSTATE_UINT8_ARRAY(fw_owner_ecc_key, CaliptraRom, 96),
        VMSTATE_UINT8_ARRAY(fw_owner_lms_key, CaliptraRom, 48),
        VMSTATE_UINT8_ARRAY(auth_metadata, CaliptraRom,
                            CALIPTRA_AUTH_METADATA_SIZE),
        VMSTATE_UINT32(pl0_pauser, CaliptraRom),
        VMSTATE_UINT32(fmc_svn, CaliptraRom),
        VMSTATE_UINT32(rt_svn, CaliptraRom),
        VMSTATE_UINT32(rt_min_svn, CaliptraRom),
        VMSTATE_UINT8_ARRAY(fmc_revision, CaliptraRom, 20),
        VMSTATE_UINT8_ARRAY(rt_revision, CaliptraRom, 20),
        VMSTATE_UINT8_ARRAY(fmc_digest_words, CaliptraRom, 48),
        VMSTATE_UINT8_ARRAY(rt_digest_words, CaliptraRom, 48),
        VMSTATE_UINT8_ARRAY(manifest_digest, CaliptraRom, 48),
        VMSTATE_UINT8_ARRAY(dv_device_info_hash, CaliptraRom, 48),
        VMSTATE_UINT8(dv_fmc_fuse_svn, CaliptraRom),
        VMSTATE_BUFFER(cert_not_before, CaliptraRom),
        VMSTATE_BUFFER(cert_not_after, CaliptraRom),
        VMSTATE_UINT8_2DARRAY(stash_meta, CaliptraRom, CALIPTRA_ROM_STASH_MAX,
                              4),
        VMSTATE_UINT8_2DARRAY(stash_meas, CaliptraRom, CALIPTRA_ROM_STASH_MAX,
                              CALIPTRA_PCR_SIZE),
        VMSTATE_UINT8_ARRAY(rt_dice_pub, CaliptraRom, 96),
        VMSTATE_UINT32(manifest_flags, CaliptraRom),
        VMSTATE_BUFFER(dpe_not_before, CaliptraRom),
        VMSTATE_BUFFER(dpe_not_after, CaliptraRom),
        VMSTATE_STRUCT(dpe, CaliptraRom, 1, vmstate_caliptra_dpe, CaliptraDpe),
        VMSTATE_BOOL_ARRAY(dpe_has_tag, CaliptraRom,
                           CALIPTRA_DPE_MAX_HANDLES),
        VMSTATE_UINT32_ARRAY(dpe_tag, CaliptraRom, CALIPTRA_DPE_MAX_HANDLES),
        VMSTATE_STRUCT(dpe_export, CaliptraRom, 1, vmstate_caliptra_dpe_export,
                       CaliptraDpeExport),
        VMSTATE_BOOL(cert_chain_valid, CaliptraRom),
        VMSTATE_UINT8_ARRAY(cert_chain, CaliptraRom, CALIPTRA_CERT_CHAIN_MAX),
        VMSTATE_UINT32(cert_chain_len, CaliptraRom),
        VMSTATE_UINT8_ARRAY(dmtf_device_info, CaliptraRom,
                            CALIPTRA_DMTF_INFO_MAX),
        VMSTATE_UINT32(dmtf_device_info_len, CaliptraRom),
        VMSTATE_BOOL(dmtf_device_info_set, CaliptraRom),
        VMSTATE_END_OF_LIST(),
    },
};

static const Property caliptra_rom_properties[] = {
    DEFINE_PROP_LINK("soc-ifc", CaliptraRom, soc_ifc, TYPE_CALIPTRA_SOC_IFC,
                     CaliptraSocIfc *),
    DEFINE_PROP_LINK("mbox", CaliptraRom, mbox, TYPE_CALIPTRA_MBOX,
                     CaliptraMbox *),
    DEFINE_PROP_LINK("sha-acc", CaliptraRom, sha_acc, TYPE_CALIPTRA_SHA_ACC,
                     CaliptraShaAcc *),
};

static void caliptra_rom_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = caliptra_rom_realize;
    dc->vmsd = &vmstate_caliptra_rom;
    dc->user_creatable = false;
    device_class_set_props(dc, caliptra_rom_properties);
    rc->phases.hold = caliptra_rom_reset_hold;
}

static const TypeInfo caliptra_rom_info = {
    .name = TYPE_CALIPTRA_ROM,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(CaliptraRom),
    .class_init = caliptra_rom_class_init,
};

static void caliptra_rom_register_types(void)
{
    type_register_static(&caliptra_rom_info);
}

type_init(caliptra_rom_register_types)
