/*
 * libFuzzer harness: the ROM's mailbox dispatcher and its reset flows
 *
 * Start: the ROM of a cold boot waiting in its firmware processor, its
 * identities derived once from fixed fuses (with or without the
 * manufacturing flow's IDevID CSR), or, if the input asks, a ROM booted
 * from scratch with the input's reset reason, straps, secret fuses and
 * TRNG handshake. Then up to MAX_COMMANDS mailbox commands: mostly one of
 * Caliptra 1.2's ids with a correct checksum, sometimes any id, any
 * checksum, any requester and any length up to the mailbox's 128 KiB.
 * Once the ROM has handed over to the FMC (a FIRMWARE_LOAD it verified),
 * each further command comes with a reset of the input's choice (update,
 * warm, or both), as runtime or the SoC would make it. The mailbox, the
 * SoC interface and the SHA accelerator are fuzz-uc-stub.c's plain data;
 * caliptra-uc.c is the real one.
 *
 * The oracle is caliptra-sw 1.2's ROM (fw_processor.rs, the update and
 * warm reset flows), not the model: a reserved requester, a FIRMWARE_LOAD
 * of no or too many bytes, an id the ROM does not serve, a request of the
 * wrong length, a bad checksum are each their own fatal error, in that
 * order; so are a tenth stash, a CSR never made, an update reset without
 * FIRMWARE_LOAD and a warm reset without a cold boot. Invariants for
 * every command: answered exactly once or failed by a fatal error, never
 * both (only SHUTDOWN answers, then stops); a refused bundle is fatal at
 * cold boot with the verifier's code and a failed command at an update
 * reset; every answer with data has a correct checksum and FIPS status
 * 0; the key vault never changes after the cold boot, the data vault
 * only by a stash (one PCR extended, one log entry) or a verified bundle.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "hw/misc/caliptra_api.h"
#include "hw/misc/caliptra_regs.h"
#include "hw/misc/caliptra_soc_ifc.h"
#include "caliptra-crypto.h"
#include "caliptra-error.h"
#include "caliptra-image.h"
#include "caliptra-msg.h"
#include "caliptra-rom.h"
#include "fuzz-common.h"
#include "fuzz-crypto-stub.h"
#include "fuzz-uc-stub.h"

#define MAX_COMMANDS        8
#define RESERVED_PAUSER     0xffffffff

/* The first byte */
#define F_LMS               0x01
#define F_ECDSA_SHIFT       1           /* 2 bits: fuzz_ecdsa_result */
#define F_CSR               0x08        /* the manufacturing flow's ROM */
#define F_UNPROVISIONED     0x10        /* else production, debug locked */
#define F_FIX_KEYS          0x20        /* fuses hold each bundle's keys */
#define F_SCRATCH           0x40        /* boot the ROM from the input */

/* Each command's first byte */
#define OP_ID_MASK          0x0f        /* commands[]; past it, any id */
#define OP_RAW_CHECKSUM     0x10        /* keep the input's checksum */
#define OP_RESET_SHIFT      5           /* 2 bits: the reset after hand-over */
#define OP_PAUSER           0x80        /* the reserved requester */

#define LIFECYCLE_PRODUCTION 3

/* The ids the ROM serves, then the first ids it does not */
static const uint32_t commands[] = {
    CALIPTRA_CMD_FIRMWARE_LOAD, CALIPTRA_CMD_CAPABILITIES,
    CALIPTRA_CMD_VERSION, CALIPTRA_CMD_SELF_TEST_START,
    CALIPTRA_CMD_SELF_TEST_GET_RESULTS, CALIPTRA_CMD_SHUTDOWN,
    CALIPTRA_CMD_STASH_MEASUREMENT, CALIPTRA_CMD_GET_IDEV_CSR,
    CALIPTRA_CMD_INVOKE_DPE, CALIPTRA_CMD_FW_INFO,
};

/*
 * What caliptra-sw 1.2's ROM takes for each id it serves (the header's
 * checksum included): MailboxReqHeader, or StashMeasurementReq (metadata,
 * measurement, context, svn); 0 for any other id
 */
static uint32_t rom_request_size(uint32_t cmd)
{
    switch (cmd) {
    case CALIPTRA_CMD_CAPABILITIES:
    case CALIPTRA_CMD_VERSION:
    case CALIPTRA_CMD_SELF_TEST_START:
    case CALIPTRA_CMD_SELF_TEST_GET_RESULTS:
    case CALIPTRA_CMD_SHUTDOWN:
    case CALIPTRA_CMD_GET_IDEV_CSR:
        return 4;
    case CALIPTRA_CMD_STASH_MEASUREMENT:
        return 4 + 4 + 48 + 48 + 4;
    default:
        return 0;
    }
}

/* The fatal error the ROM's dispatcher stops with before serving, or 0 */
static uint32_t rom_refusal(uint32_t cmd, uint32_t user, const uint8_t *req,
                            uint32_t dlen)
{
    uint32_t size = rom_request_size(cmd);

    if (user == RESERVED_PAUSER) {
        return CPTRA_ERR_FW_PROC_MAILBOX_RESERVED_PAUSER;
    }
    if (cmd == CALIPTRA_CMD_FIRMWARE_LOAD) {
        return dlen == 0 || dlen > CALIPTRA_MBOX_SRAM_SIZE ?
               CPTRA_ERR_FW_PROC_INVALID_IMAGE_SIZE : 0;
    }
    if (!size) {
        return CPTRA_ERR_FW_PROC_MAILBOX_INVALID_COMMAND;
    }
    if (dlen != size) {
        return CPTRA_ERR_FW_PROC_MAILBOX_INVALID_REQUEST_LENGTH;
    }
    if (caliptra_msg_checksum(cmd, req + 4, size - 4) != ldl_le_p(req)) {
        return CPTRA_ERR_FW_PROC_MAILBOX_INVALID_CHECKSUM;
    }
    return 0;
}

static CaliptraUc uc;
static CaliptraDataVault dv;
static CaliptraFwInfo fw;
static CaliptraKeyVault kv;
static CaliptraRom rom;

/* The cold boots' results, restored before each input */
typedef struct Snapshot {
    CaliptraDataVault dv;
    CaliptraFwInfo fw;
    CaliptraKeyVault kv;
    CaliptraRom rom;
    FuzzUcBus bus;
} Snapshot;

static Snapshot plain, manuf;

static void straps(uint32_t security)
{
    fuzz_uc_bus.soc[A_CPTRA_SECURITY_STATE / 4] = security;
    fuzz_uc_bus.soc[A_CPTRA_HW_CONFIG / 4] = R_CPTRA_HW_CONFIG_ITRNG_EN_MASK;
    fuzz_uc_bus.valid_pauser[0] = 0x21212121;
}

static void wire(void)
{
    rom.uc = &uc;
    rom.dv = &dv;
    rom.fw = &fw;
    rom.kv = &kv;
}

/* The ROM as it serves the mailbox after a cold boot */
static void take(Snapshot *snap, bool csr)
{
    CaliptraResetFlow flow;

    fuzz_uc_init(&uc);
    memset(&dv, 0, sizeof(dv));
    memset(&fw, 0, sizeof(fw));
    memset(&kv, 0, sizeof(kv));
    caliptra_rom_reset(&rom);
    wire();
    straps((LIFECYCLE_PRODUCTION <<
            R_CPTRA_SECURITY_STATE_DEVICE_LIFECYCLE_SHIFT) |
           R_CPTRA_SECURITY_STATE_DEBUG_LOCKED_MASK);
    memset(fuzz_uc_bus.uds, 0xa5, sizeof(fuzz_uc_bus.uds));
    memset(fuzz_uc_bus.field_entropy, 0x5a, sizeof(fuzz_uc_bus.field_entropy));
    fuzz_uc_bus.soc[A_CPTRA_DBG_MANUF_SERVICE_REG / 4] = csr;
    FUZZ_CHECK(!caliptra_rom_boot(&rom, &flow));
    if (csr) {
        /* The CSR went out whole, as DER; the SoC read it, cleared the flag */
        FUZZ_CHECK(fuzz_uc_bus.sent_pending);
        FUZZ_CHECK(der_walk(fuzz_uc_bus.sent, fuzz_uc_bus.sent_len, 0));
        FUZZ_CHECK(fuzz_uc_bus.flow_status & CALIPTRA_FLOW_IDEVID_CSR_READY);
        fuzz_uc_bus.soc[A_CPTRA_DBG_MANUF_SERVICE_REG / 4] = 0;
        FUZZ_CHECK(!caliptra_rom_manuf(&rom, &flow));
        FUZZ_CHECK(!fuzz_uc_bus.sent_pending);
    }
    FUZZ_CHECK(!uc.fatal && rom.phase == CALIPTRA_ROM_FW_PROCESSOR);
    FUZZ_CHECK(fuzz_uc_bus.flow_status & CALIPTRA_FLOW_READY_FOR_FW);
    FUZZ_CHECK(dv.idevid_csr_provisioned == csr);
    *snap = (Snapshot) { dv, fw, kv, rom, fuzz_uc_bus };
}

static void restore(const Snapshot *snap)
{
    dv = snap->dv;
    fw = snap->fw;
    kv = snap->kv;
    rom = snap->rom;
    fuzz_uc_init(&uc);
    fuzz_uc_bus = snap->bus;
    wire();
}

/*
 * A ROM booted from the input: reset reason, ITRNG strap, the CSR flag,
 * whether the SoC holds the SHA accelerator (the KAT fails) or the
 * mailbox (the CSR waits), whether the data vault saw a cold boot, and
 * the secret fuses. Returns how far it got, checked against 1.2's flows.
 */
typedef enum Stage {
    STAGE_FATAL,
    STAGE_FW_PROCESSOR,
    STAGE_HANDED_OVER,
} Stage;

static Stage scratch_boot(FuzzIn *in, uint32_t security)
{
    uint8_t b = fuzz_u8(in);
    uint32_t reason = b & 3;
    bool itrng = b & 4, csr = b & 8, sha_locked = b & 0x10;
    bool mbox_busy = b & 0x20, trng_late = b & 0x40;
    CaliptraResetFlow flow;
    bool handed;

    dv.cold_boot_complete = b & 0x80;
    straps(security);
    fuzz_uc_bus.soc[A_CPTRA_RESET_REASON / 4] = reason;
    fuzz_uc_bus.soc[A_CPTRA_HW_CONFIG / 4] =
        itrng ? R_CPTRA_HW_CONFIG_ITRNG_EN_MASK : 0;
    fuzz_uc_bus.soc[A_CPTRA_DBG_MANUF_SERVICE_REG / 4] = csr;
    fuzz_uc_bus.sha_acc_soc_locked = sha_locked;
    fuzz_uc_bus.soc_holds_lock = mbox_busy;
    fuzz_uc_bus.trng_ready = !trng_late;
    fuzz_take(in, fuzz_uc_bus.uds, sizeof(fuzz_uc_bus.uds));
    fuzz_take(in, fuzz_uc_bus.field_entropy,
              sizeof(fuzz_uc_bus.field_entropy));
    fuzz_take(in, fuzz_uc_bus.obf_key, sizeof(fuzz_uc_bus.obf_key));
    /* An update reset's FIRMWARE_LOAD, if any, is the next command */

    handed = caliptra_rom_boot(&rom, &flow);
    if (!itrng) {
        FUZZ_CHECK(!handed && !uc.fatal && fuzz_uc_bus.trng_requested);
        FUZZ_CHECK(rom.phase == CALIPTRA_ROM_WAIT_TRNG);
        if (trng_late) {
            /* A DATA_WR_DONE without the words changes nothing */
            FUZZ_CHECK(!caliptra_rom_trng_done(&rom, &flow));
            FUZZ_CHECK(rom.phase == CALIPTRA_ROM_WAIT_TRNG);
            fuzz_uc_bus.trng_ready = true;
        }
        handed = caliptra_rom_trng_done(&rom, &flow);
    }
    if (sha_locked) {
        FUZZ_CHECK(!handed && uc.fatal &&
                   uc.fatal_error ==
                   CPTRA_ERR_KAT_SHA2_512_384_ACC_DIGEST_MISMATCH);
        return STAGE_FATAL;
    }
    if (reason == (R_CPTRA_RESET_REASON_FW_UPD_RESET_MASK |
                   R_CPTRA_RESET_REASON_WARM_RESET_MASK)) {
        FUZZ_CHECK(!handed && uc.fatal &&
                   uc.fatal_error == CPTRA_ERR_ROM_UNKNOWN_RESET_FLOW);
        return STAGE_FATAL;
    }
    if (reason & R_CPTRA_RESET_REASON_FW_UPD_RESET_MASK) {
        /* Nothing waits in the mailbox yet */
        FUZZ_CHECK(!handed && uc.fatal &&
                   uc.fatal_error == CPTRA_ERR_ROM_UPDATE_MBOX_ACCESS);
        return STAGE_FATAL;
    }
    if (reason & R_CPTRA_RESET_REASON_WARM_RESET_MASK) {
        if (!dv.cold_boot_complete) {
            FUZZ_CHECK(!handed && uc.fatal && uc.fatal_error ==
                       CPTRA_ERR_ROM_WARM_RESET_NO_COLD_BOOT);
            return STAGE_FATAL;
        }
        FUZZ_CHECK(handed && !uc.fatal && flow == CALIPTRA_FLOW_WARM);
        return STAGE_HANDED_OVER;
    }
    /* Cold: READY_FOR_FW, after the CSR went out if it was asked for */
    FUZZ_CHECK(!handed && !uc.fatal);
    if (csr) {
        if (mbox_busy) {
            FUZZ_CHECK(rom.phase == CALIPTRA_ROM_CSR_SEND);
            FUZZ_CHECK(!caliptra_rom_manuf(&rom, &flow));
            fuzz_uc_bus.soc_holds_lock = false;
            FUZZ_CHECK(!caliptra_rom_mbox(&rom, &flow));
        }
        FUZZ_CHECK(rom.phase == CALIPTRA_ROM_CSR_WAIT);
        FUZZ_CHECK(der_walk(fuzz_uc_bus.sent, fuzz_uc_bus.sent_len, 0));
        fuzz_uc_bus.soc[A_CPTRA_DBG_MANUF_SERVICE_REG / 4] = 0;
        FUZZ_CHECK(!caliptra_rom_manuf(&rom, &flow));
    }
    FUZZ_CHECK(rom.phase == CALIPTRA_ROM_FW_PROCESSOR && !uc.fatal);
    FUZZ_CHECK(dv.idevid_csr_provisioned == csr);
    FUZZ_CHECK(fuzz_uc_bus.flow_status & CALIPTRA_FLOW_READY_FOR_FW);
    return STAGE_FW_PROCESSOR;
}

/* The bundle's key hashes into the fuses: a production part takes it */
static void fix_keys(const uint8_t *b, uint32_t dlen)
{
    uint8_t m[IMG_MANIFEST_SIZE] = { 0 }, d[48];

    memcpy(m, b, MIN(dlen, sizeof(m)));
    caliptra_sha384(m + IMG_VENDOR_ECC_KEYS,
                    IMG_VENDOR_ECC_KEY_IDX - IMG_VENDOR_ECC_KEYS, d);
    for (int i = 0; i < 12; i++) {
        fuzz_uc_bus.soc[A_FUSE_KEY_MANIFEST_PK_HASH / 4 + i] =
            ldl_be_p(d + 4 * i);
    }
    caliptra_sha384(m + IMG_OWNER_ECC_KEY,
                    IMG_OWNER_ECC_SIG - IMG_OWNER_ECC_KEY, d);
    for (int i = 0; i < 12; i++) {
        fuzz_uc_bus.soc[A_FUSE_OWNER_PK_HASH / 4 + i] = ldl_be_p(d + 4 * i);
    }
}

static bool answer_ok(void)
{
    const uint8_t *r = fuzz_uc_bus.resp;
    size_t n = fuzz_uc_bus.resp_len;

    return fuzz_uc_bus.answered && n >= 8 &&
           caliptra_msg_checksum(0, r + 4, n - 4) == ldl_le_p(r) &&
           ldl_le_p(r + 4) == 0;
}

static bool is_verifier_error(uint32_t err)
{
    return (err >> 16) == 0x000b;
}

/* One command to the firmware processor; returns the stage after it */
static Stage fw_processor(uint32_t cmd, uint32_t user, const uint8_t *req,
                          uint32_t dlen, bool *self_test)
{
    CaliptraDataVault before = dv;
    CaliptraKeyVault kv_before = kv;
    CaliptraResetFlow flow;
    uint32_t refusal = rom_refusal(cmd, user, req, dlen);
    bool handed = caliptra_rom_mbox(&rom, &flow);

    FUZZ_CHECK(!memcmp(&kv, &kv_before, sizeof(kv)));
    if (refusal) {
        FUZZ_CHECK(!handed && uc.fatal && uc.fatal_error == refusal);
        FUZZ_CHECK(fuzz_uc_bus.fw_error_fatal == refusal);
    }
    if (uc.fatal) {
        /* The fatal loop failed the command; SHUTDOWN answered first */
        FUZZ_CHECK(fuzz_uc_bus.answered);
        FUZZ_CHECK(fuzz_uc_bus.status == CALIPTRA_MBOX_CMD_FAILURE ||
                   cmd == CALIPTRA_CMD_SHUTDOWN);
        FUZZ_CHECK(uc.fatal_error != 0);
    }
    if (refusal) {
        FUZZ_CHECK(!memcmp(&dv, &before, sizeof(dv)));
        return STAGE_FATAL;
    }
    switch (cmd) {
    case CALIPTRA_CMD_FIRMWARE_LOAD:
        if (uc.fatal) {
            FUZZ_CHECK(!handed && is_verifier_error(uc.fatal_error));
            FUZZ_CHECK(!memcmp(&dv, &before, sizeof(dv)));
            return STAGE_FATAL;
        }
        FUZZ_CHECK(handed && flow == CALIPTRA_FLOW_COLD);
        FUZZ_CHECK(fuzz_ecdsa_result == CALIPTRA_ECDSA_OK);
        FUZZ_CHECK(fuzz_uc_bus.status == CALIPTRA_MBOX_CMD_COMPLETE);
        FUZZ_CHECK(rom.phase == CALIPTRA_ROM_OFF && dv.cold_boot_complete);
        FUZZ_CHECK(fw.pl0_pauser == ldl_le_p(req + IMG_HDR_PL0_PAUSER));
        return STAGE_HANDED_OVER;
    case CALIPTRA_CMD_SHUTDOWN:
        FUZZ_CHECK(answer_ok() && uc.fatal &&
                   uc.fatal_error == CPTRA_ERR_RUNTIME_SHUTDOWN);
        return STAGE_FATAL;
    case CALIPTRA_CMD_GET_IDEV_CSR:
        if (!before.idevid_csr_provisioned) {
            FUZZ_CHECK(uc.fatal && uc.fatal_error ==
                       CPTRA_ERR_FW_PROC_IDEV_CSR_UNPROVISIONED);
            return STAGE_FATAL;
        }
        /* data_size, then the DER, within the 512 bytes */
        FUZZ_CHECK(answer_ok() && ldl_le_p(fuzz_uc_bus.resp + 8) <= 512);
        FUZZ_CHECK(der_walk(fuzz_uc_bus.resp + 12,
                            ldl_le_p(fuzz_uc_bus.resp + 8), 0));
        break;
    case CALIPTRA_CMD_STASH_MEASUREMENT: {
        uint8_t ext[96], pcr[48];
        int n = before.stash_count;

        if (n >= CALIPTRA_STASH_MAX) {
            FUZZ_CHECK(uc.fatal && uc.fatal_error ==
                       CPTRA_ERR_FW_PROC_STASH_MAX_LIMIT);
            FUZZ_CHECK(!memcmp(&dv, &before, sizeof(dv)));
            return STAGE_FATAL;
        }
        FUZZ_CHECK(answer_ok() && fuzz_uc_bus.resp_len == 12);
        /* PCR31 = SHA-384(PCR31 || measurement), one log entry more */
        memcpy(ext, before.pcrs[CALIPTRA_PCR_STASH], 48);
        memcpy(ext + 48, req + 8, 48);
        caliptra_sha384(ext, sizeof(ext), pcr);
        FUZZ_CHECK(!memcmp(dv.pcrs[CALIPTRA_PCR_STASH], pcr, 48));
        FUZZ_CHECK(dv.stash_count == n + 1);
        FUZZ_CHECK(!memcmp(dv.stash_meas[n], req + 8, 48));
        FUZZ_CHECK(!memcmp(dv.stash_meta[n], req + 4, 4));
        before.stash_count = dv.stash_count;
        memcpy(before.pcrs[CALIPTRA_PCR_STASH], pcr, 48);
        memcpy(before.stash_meas[n], req + 8, 48);
        memcpy(before.stash_meta[n], req + 4, 4);
        break;
    }
    case CALIPTRA_CMD_SELF_TEST_START:
    case CALIPTRA_CMD_SELF_TEST_GET_RESULTS:
        /* One start, then one result; any other order fails, not fatal */
        if (*self_test == (cmd == CALIPTRA_CMD_SELF_TEST_START)) {
            FUZZ_CHECK(!uc.fatal && fuzz_uc_bus.answered &&
                       fuzz_uc_bus.status == CALIPTRA_MBOX_CMD_FAILURE);
        } else {
            FUZZ_CHECK(answer_ok());
            *self_test = !*self_test;
        }
        break;
    default:
        FUZZ_CHECK(answer_ok());
        break;
    }
    FUZZ_CHECK(!handed && !uc.fatal && rom.phase == CALIPTRA_ROM_FW_PROCESSOR);
    FUZZ_CHECK(fuzz_uc_bus.fw_error_non_fatal == 0);
    FUZZ_CHECK(!memcmp(&dv, &before, sizeof(dv)));
    return STAGE_FW_PROCESSOR;
}

/*
 * After the hand-over: the next command comes with a reset. An update
 * reset is runtime's FIRMWARE_LOAD (the bundle still in the mailbox);
 * the ROM runs the update flow on it, or stops on anything else.
 */
static Stage after_hand_over(uint8_t op, uint32_t cmd, const uint8_t *req,
                             uint32_t dlen)
{
    static const uint32_t reasons[] = {
        R_CPTRA_RESET_REASON_FW_UPD_RESET_MASK,
        R_CPTRA_RESET_REASON_FW_UPD_RESET_MASK,
        R_CPTRA_RESET_REASON_WARM_RESET_MASK,
        R_CPTRA_RESET_REASON_FW_UPD_RESET_MASK |
        R_CPTRA_RESET_REASON_WARM_RESET_MASK,
    };
    uint32_t reason = reasons[(op >> OP_RESET_SHIFT) & 3];
    CaliptraKeyVault kv_before = kv;
    CaliptraFwInfo fw_before = fw;
    CaliptraResetFlow flow;
    bool handed;

    fuzz_uc_bus.soc[A_CPTRA_RESET_REASON / 4] = reason;
    if (reason == R_CPTRA_RESET_REASON_WARM_RESET_MASK) {
        /* A warm reset clears the mailbox */
        fuzz_uc_bus.has_cmd = false;
    }
    /* The SoC's TRNG words, if the straps ask for them, and the KAT passes */
    fuzz_uc_bus.sha_acc_soc_locked = false;
    fuzz_uc_bus.trng_ready = true;
    handed = caliptra_rom_boot(&rom, &flow);
    if (rom.phase == CALIPTRA_ROM_WAIT_TRNG) {
        handed = caliptra_rom_trng_done(&rom, &flow);
    }
    FUZZ_CHECK(!memcmp(&kv, &kv_before, sizeof(kv)));
    switch (reason) {
    case R_CPTRA_RESET_REASON_WARM_RESET_MASK:
        FUZZ_CHECK(handed && !uc.fatal && flow == CALIPTRA_FLOW_WARM);
        FUZZ_CHECK(!fuzz_uc_bus.answered);
        return STAGE_HANDED_OVER;
    case R_CPTRA_RESET_REASON_FW_UPD_RESET_MASK:
        break;
    default:
        FUZZ_CHECK(!handed && uc.fatal &&
                   uc.fatal_error == CPTRA_ERR_ROM_UNKNOWN_RESET_FLOW);
        return STAGE_FATAL;
    }
    if (cmd != CALIPTRA_CMD_FIRMWARE_LOAD) {
        FUZZ_CHECK(!handed && uc.fatal &&
                   uc.fatal_error == CPTRA_ERR_ROM_UPDATE_INVALID_FW_CMD);
        FUZZ_CHECK(fuzz_uc_bus.answered &&
                   fuzz_uc_bus.status == CALIPTRA_MBOX_CMD_FAILURE);
        return STAGE_FATAL;
    }
    /* A refused bundle fails the command; the old runtime carries on */
    FUZZ_CHECK(handed && !uc.fatal && flow == CALIPTRA_FLOW_UPDATE);
    FUZZ_CHECK(fuzz_uc_bus.answered);
    if (fuzz_uc_bus.status == CALIPTRA_MBOX_CMD_FAILURE) {
        FUZZ_CHECK(is_verifier_error(fuzz_uc_bus.fw_error_non_fatal));
        FUZZ_CHECK(!memcmp(&fw, &fw_before, sizeof(fw)));
    } else {
        FUZZ_CHECK(fuzz_uc_bus.status == CALIPTRA_MBOX_CMD_COMPLETE);
        FUZZ_CHECK(fuzz_ecdsa_result == CALIPTRA_ECDSA_OK && dlen > 0);
        FUZZ_CHECK(fuzz_uc_bus.fw_error_non_fatal == 0);
        /* The FMC cannot change at an update reset */
        FUZZ_CHECK(!memcmp(fw.fmc_digest_words, fw_before.fmc_digest_words,
                           sizeof(fw.fmc_digest_words)));
    }
    return STAGE_HANDED_OVER;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    static uint8_t req[CALIPTRA_MBOX_SRAM_SIZE];
    FuzzIn in = { data, size };
    uint8_t op0;
    uint32_t security;
    bool self_test = false;
    Stage stage;

    if (!ready) {
        take(&manuf, true);
        take(&plain, false);
        ready = true;
    }
    op0 = fuzz_u8(&in);
    restore(op0 & F_CSR ? &manuf : &plain);
    fuzz_ecdsa_result = (op0 >> F_ECDSA_SHIFT) & 3;
    fuzz_uc_bus.lms_verify = op0 & F_LMS;
    security = op0 & F_UNPROVISIONED ? 0 :
               (LIFECYCLE_PRODUCTION <<
                R_CPTRA_SECURITY_STATE_DEVICE_LIFECYCLE_SHIFT) |
               R_CPTRA_SECURITY_STATE_DEBUG_LOCKED_MASK;
    fuzz_uc_bus.soc[A_CPTRA_SECURITY_STATE / 4] = security;
    /* The fuses the verifier reads, the key hashes aside */
    fuzz_uc_bus.soc[A_FUSE_KEY_MANIFEST_PK_HASH_MASK / 4] = fuzz_u8(&in) & 0xf;
    fuzz_uc_bus.soc[A_FUSE_FMC_KEY_MANIFEST_SVN / 4] = fuzz_u32(&in);
    fuzz_uc_bus.soc[A_FUSE_RUNTIME_SVN / 4] = fuzz_u32(&in);
    fuzz_uc_bus.soc[A_FUSE_ANTI_ROLLBACK_DISABLE / 4] = fuzz_u8(&in) & 1;
    fuzz_uc_bus.soc[A_FUSE_LMS_REVOCATION / 4] = fuzz_u32(&in);

    if (op0 & F_SCRATCH) {
        rom.phase = CALIPTRA_ROM_OFF;
        stage = scratch_boot(&in, security);
    } else {
        stage = STAGE_FW_PROCESSOR;
    }

    for (int n = 0; n < MAX_COMMANDS && in.left && stage != STAGE_FATAL; n++) {
        uint8_t op = fuzz_u8(&in);
        uint32_t cmd, dlen, user;

        cmd = (op & OP_ID_MASK) < ARRAY_SIZE(commands) ?
              commands[op & OP_ID_MASK] : fuzz_u32(&in);
        user = op & OP_PAUSER ? RESERVED_PAUSER : 0x21212121;
        dlen = fuzz_u8(&in);
        dlen |= fuzz_u8(&in) << 8;
        if (dlen == 0xffff) {
            /* The large ones: up to the mailbox SRAM, and a little past */
            dlen = fuzz_u32(&in) % (sizeof(req) + 16);
        }
        memset(req, 0, sizeof(req));
        fuzz_take(&in, req, MIN(dlen, sizeof(req)));
        if (!(op & OP_RAW_CHECKSUM) && dlen >= 4 && dlen <= sizeof(req)) {
            stl_le_p(req, caliptra_msg_checksum(cmd, req + 4, dlen - 4));
        }
        if (op0 & F_FIX_KEYS && cmd == CALIPTRA_CMD_FIRMWARE_LOAD) {
            fix_keys(req, MIN(dlen, sizeof(req)));
        }

        fuzz_uc_bus.has_cmd = true;
        fuzz_uc_bus.rdptr = 0;
        fuzz_uc_bus.cmd = cmd;
        fuzz_uc_bus.user = user;
        fuzz_uc_bus.req = req;
        fuzz_uc_bus.dlen = dlen;
        fuzz_uc_bus.answered = false;
        fuzz_uc_bus.fw_error_non_fatal = 0xdeadbeef;
        fuzz_uc_bus.fw_error_fatal = 0;

        if (stage == STAGE_FW_PROCESSOR) {
            stage = fw_processor(cmd, user, req, dlen, &self_test);
        } else {
            stage = after_hand_over(op, cmd, req, dlen);
        }
    }
    return 0;
}
