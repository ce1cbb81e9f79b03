/*
 * libFuzzer harness: the runtime's mailbox dispatcher
 *
 * Runtime after a cold boot (key vault from fixed UDS and field entropy,
 * the FMC's alias layer, DPE made), then up to MAX_COMMANDS mailbox
 * commands: mostly one of Caliptra 1.2's ids with a correct checksum,
 * sometimes any id, any checksum, any requester, any length up to the
 * mailbox's 128 KiB. The mailbox, the SoC interface and the SHA
 * accelerator are fuzz-uc-stub.c's plain data. The first byte sets
 * FUSE_LMS_VERIFY (bit 0) and what every ECDSA verification answers
 * (bits 1-2), so that signed requests (auth manifests) reach their
 * parsers.
 *
 * Invariants, each command: exactly one answer (or a fatal stop, only
 * after SHUTDOWN); a failure sets a non-fatal error code and leaves the
 * runtime's persistent state, the data vault and the key vault
 * byte-identical (only the lazily made certificate chain may appear); a
 * success carries a response whose checksum holds and whose FIPS status
 * is 0; the watchdog is stopped again.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "hw/misc/caliptra_api.h"
#include "hw/misc/caliptra_regs.h"
#include "caliptra-dice.h"
#include "caliptra-error.h"
#include "caliptra-fmc.h"
#include "caliptra-msg.h"
#include "caliptra-runtime.h"
#include "fuzz-common.h"
#include "fuzz-crypto-stub.h"
#include "fuzz-uc-stub.h"

#define MAX_COMMANDS    8
#define OP_RAW_CHECKSUM 0x20    /* keep the input's checksum */
#define OP_PAUSER_SHIFT 6
/* Production lifecycle, debug locked: the watchdog runs each command */
#define SECURITY_PRODUCTION \
    ((3 << R_CPTRA_SECURITY_STATE_DEVICE_LIFECYCLE_SHIFT) | \
     R_CPTRA_SECURITY_STATE_DEBUG_LOCKED_MASK)

static const uint32_t commands[] = {
    CALIPTRA_CMD_FIRMWARE_LOAD, CALIPTRA_CMD_CAPABILITIES,
    CALIPTRA_CMD_VERSION, CALIPTRA_CMD_SELF_TEST_START,
    CALIPTRA_CMD_SELF_TEST_GET_RESULTS, CALIPTRA_CMD_SHUTDOWN,
    CALIPTRA_CMD_STASH_MEASUREMENT, CALIPTRA_CMD_GET_IDEV_CSR,
    CALIPTRA_CMD_ECDSA384_VERIFY, CALIPTRA_CMD_LMS_VERIFY,
    CALIPTRA_CMD_SET_AUTH_MANIFEST, CALIPTRA_CMD_GET_IDEV_INFO,
    CALIPTRA_CMD_AUTHORIZE_AND_STASH, CALIPTRA_CMD_FW_INFO,
    CALIPTRA_CMD_GET_IDEV_CERT, CALIPTRA_CMD_GET_LDEV_CERT,
    CALIPTRA_CMD_GET_FMC_ALIAS_CERT, CALIPTRA_CMD_GET_FMC_ALIAS_CSR,
    CALIPTRA_CMD_DISABLE_ATTESTATION, CALIPTRA_CMD_GET_RT_ALIAS_CERT,
    CALIPTRA_CMD_QUOTE_PCRS, CALIPTRA_CMD_EXTEND_PCR,
    CALIPTRA_CMD_INCREMENT_PCR_RESET_COUNTER, CALIPTRA_CMD_INVOKE_DPE,
    CALIPTRA_CMD_DPE_TAG_TCI, CALIPTRA_CMD_DPE_GET_TAGGED_TCI,
    CALIPTRA_CMD_CERTIFY_KEY_EXTENDED, CALIPTRA_CMD_ADD_SUBJECT_ALT_NAME,
    CALIPTRA_CMD_POPULATE_IDEV_CERT, CALIPTRA_CMD_SIGN_WITH_EXPORTED_ECDSA,
    CALIPTRA_CMD_REVOKE_EXPORTED_CDI_HANDLE,
};
/* The PL0 one of the bundle, another, the reserved one, and 1 */
static const uint32_t users[] = { 0x21212121, 0x7, 0xffffffff, 0x1 };

/* What a cold boot left, restored before each input */
static CaliptraUc uc;
static CaliptraDataVault dv, dv0;
static CaliptraFwInfo fw;
static CaliptraKeyVault kv, kv0;
static CaliptraRuntime rt, rt0;

static void boot(void)
{
    uint8_t uds[48], fe[32];
    CaliptraEccKey k;

    fuzz_uc_init(&uc);
    fuzz_uc_bus.soc[A_CPTRA_SECURITY_STATE / 4] = SECURITY_PRODUCTION;
    memset(uds, 0xa5, sizeof(uds));
    memset(fe, 0x5a, sizeof(fe));
    caliptra_dice_idevid(uds, kv.idevid_cdi, &k);
    caliptra_kv_store(&k, kv.idevid_priv, kv.idevid_pub);
    caliptra_dice_ldevid(kv.idevid_cdi, fe, kv.ldevid_cdi, &k);
    caliptra_kv_store(&k, kv.ldevid_priv, kv.ldevid_pub);
    memset(dv.pcrs[CALIPTRA_PCR_ROM_CURRENT], 0x11, CALIPTRA_PCR_LEN);
    dv.cold_boot_complete = true;
    dv.fmc_version = 1;
    dv.rt_version = 0x01020000;
    fw.pl0_pauser = users[0];
    fw.manifest_flags = 1;
    memset(fw.rt_digest_words, 0x22, sizeof(fw.rt_digest_words));
    memset(fw.manifest_digest, 0x33, sizeof(fw.manifest_digest));
    caliptra_fmc_boot(&uc, &dv, &fw, &kv, CALIPTRA_FLOW_COLD);
    caliptra_runtime_reset(&rt);
    rt.uc = &uc;
    rt.dv = &dv;
    rt.fw = &fw;
    rt.kv = &kv;
    FUZZ_CHECK(caliptra_runtime_start(&rt, CALIPTRA_FLOW_COLD));
    FUZZ_CHECK(!uc.fatal);
    rt0 = rt;
    dv0 = dv;
    kv0 = kv;
}

/* The state a failed command must not touch */
static bool unchanged(const CaliptraRuntime *a, const CaliptraRuntime *b)
{
    return !memcmp(a->auth_metadata, b->auth_metadata,
                   sizeof(a->auth_metadata)) &&
           !memcmp(&a->dpe, &b->dpe, sizeof(a->dpe)) &&
           !memcmp(a->dpe_has_tag, b->dpe_has_tag, sizeof(a->dpe_has_tag)) &&
           !memcmp(a->dpe_tag, b->dpe_tag, sizeof(a->dpe_tag)) &&
           !memcmp(&a->dpe_export, &b->dpe_export, sizeof(a->dpe_export)) &&
           a->dmtf_device_info_set == b->dmtf_device_info_set &&
           a->dmtf_device_info_len == b->dmtf_device_info_len &&
           !memcmp(a->dmtf_device_info, b->dmtf_device_info,
                   sizeof(a->dmtf_device_info));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    static uint8_t req[CALIPTRA_MBOX_SRAM_SIZE];
    static CaliptraRuntime before;
    static CaliptraDataVault dv_before;
    static CaliptraKeyVault kv_before;
    FuzzIn in = { data, size };
    uint8_t op0;

    if (!ready) {
        boot();
        ready = true;
    }
    fuzz_uc_init(&uc);
    fuzz_uc_bus.soc[A_CPTRA_SECURITY_STATE / 4] = SECURITY_PRODUCTION;
    rt = rt0;
    dv = dv0;
    kv = kv0;
    op0 = fuzz_u8(&in);
    fuzz_uc_bus.lms_verify = op0 & 1;
    fuzz_ecdsa_result = (op0 >> 1) & 3;
    fuzz_uc_bus.valid_pauser[0] = users[0];

    for (int n = 0; n < MAX_COMMANDS && in.left && !uc.fatal; n++) {
        uint8_t op = fuzz_u8(&in);
        uint32_t cmd, dlen;

        cmd = op % 32 < ARRAY_SIZE(commands) ? commands[op % 32]
                                             : fuzz_u32(&in);
        dlen = fuzz_u8(&in);
        dlen |= fuzz_u8(&in) << 8;
        if (dlen == 0xffff) {
            /* The large ones: up to the mailbox SRAM, and a little past */
            dlen = fuzz_u32(&in) % (sizeof(req) + 16);
        }
        dlen = MIN(dlen, sizeof(req));
        memset(req, 0, sizeof(req));
        fuzz_take(&in, req, dlen);
        if (!(op & OP_RAW_CHECKSUM) && dlen >= CALIPTRA_MSG_REQ_HDR) {
            stl_le_p(req, caliptra_msg_checksum(cmd,
                                                req + CALIPTRA_MSG_REQ_HDR,
                                                dlen - CALIPTRA_MSG_REQ_HDR));
        }
        /* What the SoC streamed through the SHA accelerator before */
        fuzz_take(&in, fuzz_uc_bus.sha_acc_digest, 48);

        fuzz_uc_bus.has_cmd = true;
        fuzz_uc_bus.rdptr = 0;
        fuzz_uc_bus.cmd = cmd;
        fuzz_uc_bus.user = users[op >> OP_PAUSER_SHIFT];
        fuzz_uc_bus.req = req;
        fuzz_uc_bus.dlen = dlen;
        fuzz_uc_bus.answered = false;
        fuzz_uc_bus.fw_error_non_fatal = 0xdeadbeef;
        before = rt;
        dv_before = dv;
        kv_before = kv;

        caliptra_runtime_cmd(&rt);

        FUZZ_CHECK(!fuzz_uc_bus.wdt_armed);
        FUZZ_CHECK(fuzz_uc_bus.answered);
        FUZZ_CHECK(!uc.fatal || (cmd == CALIPTRA_CMD_SHUTDOWN &&
                                 uc.fatal_error ==
                                 CPTRA_ERR_RUNTIME_SHUTDOWN));
        if (fuzz_uc_bus.status == CALIPTRA_MBOX_CMD_FAILURE) {
            FUZZ_CHECK(fuzz_uc_bus.fw_error_non_fatal != 0 &&
                       fuzz_uc_bus.fw_error_non_fatal != 0xdeadbeef);
            FUZZ_CHECK(unchanged(&rt, &before));
            FUZZ_CHECK(!memcmp(&dv, &dv_before, sizeof(dv)));
            FUZZ_CHECK(!memcmp(&kv, &kv_before, sizeof(kv)));
        } else {
            const uint8_t *r = fuzz_uc_bus.resp;

            /* SHUTDOWN answers, then stops with its fatal error */
            FUZZ_CHECK(fuzz_uc_bus.fw_error_non_fatal ==
                       (uc.fatal ? CPTRA_ERR_RUNTIME_SHUTDOWN : 0));
            FUZZ_CHECK(fuzz_uc_bus.status == CALIPTRA_MBOX_DATA_READY);
            FUZZ_CHECK(fuzz_uc_bus.resp_len >= 8);
            FUZZ_CHECK(caliptra_msg_checksum(0, r + 4,
                                             fuzz_uc_bus.resp_len - 4) ==
                       ldl_le_p(r));
            FUZZ_CHECK(ldl_le_p(r + 4) == 0);       /* FIPS status */
        }
    }
    return 0;
}
