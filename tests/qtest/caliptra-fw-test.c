/*
 * QTest of the Caliptra 1.2 firmware's boot on the ast2700fc machine
 *
 * FIRMWARE_LOAD of bundles signed here (libgcrypt) and the verifier's
 * refusals, and the watchdog, mailbox recovery, SCU1 and migration with
 * firmware (the runtime and the DICE identities: caliptra-runtime-test).
 * Expected values come from caliptra-sw 1.2 and NIST, never from the model.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qemu/bitops.h"
#include "qemu/cutils.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include <gcrypt.h>
#include "caliptra-crypto-utils.h"
#include "caliptra-utils.h"
#include "caliptra-vectors.h"
#include "../../contrib/caliptra-bundle/caliptra-bundle.h"
#include "../../hw/misc/caliptra/caliptra-image.h"

#define FUSE_FMC_SVN            0x2b4

#define FUSE_ANTI_ROLLBACK      0x2c8

#define FUSE_LMS_VERIFY         0x340

#define FUSE_LMS_REVOCATION     0x344

/*
 * The watchdog as Caliptra 1.2's firmware programs it (debug-locked
 * parts only): the ROM arms timer 1 with the SoC's CPTRA_WDT_CFG, timer 2
 * one cycle after it; the runtime stops it while idle and gives each
 * command 20M cycles.
 */
#define WDT_TIMER1_EN           0x0e4

#define WDT_TIMER1_PERIOD(i)    (0x0ec + 4 * (i))

#define WDT_TIMER2_PERIOD(i)    (0x0fc + 4 * (i))

#define WDT_CFG(i)              (0x110 + 4 * (i))

static void test_soc_ifc_wdt(void)
{
    CaliptraDev *d = cptra_start(NULL);
    g_autofree uint8_t *b = NULL;
    uint8_t resp[64];
    size_t len, blen;
    CbSpec spec;

    soc_wr(d, WDT_CFG(0), 0x9abcdef0);
    soc_wr(d, WDT_CFG(1), 0x12);
    cptra_test_spec(&spec);
    b = cptra_test_bundle(&spec, &blen);
    cptra_fuse_keys(d, b);
    cptra_boot_to(d, FLOW_READY_FOR_FW);
    g_assert_cmphex(soc_rd(d, WDT_TIMER1_EN), ==, 1);
    g_assert_cmphex(soc_rd(d, WDT_TIMER1_PERIOD(0)), ==, 0x9abcdef0);
    g_assert_cmphex(soc_rd(d, WDT_TIMER1_PERIOD(1)), ==, 0x12);
    g_assert_cmphex(soc_rd(d, WDT_TIMER2_PERIOD(0)), ==, 1);
    g_assert_cmphex(soc_rd(d, WDT_TIMER2_PERIOD(1)), ==, 0);

    g_assert_cmpuint(cptra_mbox_exec(d, CMD_FIRMWARE_LOAD, b, blen, NULL, 0,
                                     NULL), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_cmphex(soc_rd(d, WDT_TIMER1_EN), ==, 0);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_VERSION, resp, sizeof(resp),
                                         &len), ==, DATA_READY);
    g_assert_cmphex(soc_rd(d, WDT_TIMER1_EN), ==, 0);
    g_assert_cmpuint(soc_rd(d, WDT_TIMER1_PERIOD(0)), ==, 20000000);
    g_assert_cmpuint(soc_rd(d, WDT_TIMER1_PERIOD(1)), ==, 0);
    cptra_stop(d);

    /* Debug unlocked: the firmware leaves the watchdog alone */
    d = cptra_start("-global caliptra-soc-ifc.debug-locked=off");
    cptra_boot_to(d, FLOW_READY_FOR_FW);
    g_assert_cmphex(soc_rd(d, WDT_TIMER1_EN), ==, 0);
    g_assert_cmphex(soc_rd(d, WDT_TIMER1_PERIOD(0)), ==, 0xffffffff);
    cptra_stop(d);
}

static void test_verify_boot(void)
{
    CaliptraDev *d = cptra_start("-global caliptra-soc-ifc.debug-locked=off");
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *b = NULL;

    cptra_test_spec(&spec);
    b = cptra_test_bundle(&spec, &len);
    cptra_fuse_keys(d, b);
    g_assert_cmpuint(cptra_fw_load(d, b, len), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_false(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_FW);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    /* ROM 1.2.0 below, the FMC's version above; the runtime's in [1] */
    g_assert_cmphex(soc_rd(d, FW_REV_ID(0)), ==, 0x08800880);
    g_assert_cmphex(soc_rd(d, FW_REV_ID(1)), ==, 0x01020000);
    g_assert_cmphex(soc_rd(d, BOOT_STATUS), ==, 0x600);
    cptra_stop(d);
}

static void test_verify_unprovisioned(void)
{
    /* No key fuses and lifecycle unprovisioned: any vendor key boots */
    CaliptraDev *d = cptra_start("-global caliptra-soc-ifc.lifecycle=0");
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *b = NULL;

    cptra_test_spec(&spec);
    b = cptra_test_bundle(&spec, &len);
    g_assert_cmpuint(cptra_fw_load(d, b, len), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    cptra_stop(d);
}

typedef enum Tamper {
    TAMPER_NONE,
    TAMPER_NO_VENDOR_FUSE,
    TAMPER_VENDOR_FUSE,
    TAMPER_OWNER_FUSE,
    TAMPER_MARKER,
    TAMPER_REVOKED,
    TAMPER_HEADER,
    TAMPER_FMC_BYTE,
    TAMPER_RT_BYTE,
    TAMPER_TOC_SVN,
    TAMPER_FMC_SVN_FUSE,
    TAMPER_FMC_LOAD,
    TAMPER_IDX_MISMATCH,
    TAMPER_SHORT,
    TAMPER_DLEN_SHORT,
    TAMPER_OWNER_SIG,
    TAMPER_OWNER_SIG_ZERO,
    TAMPER_VENDOR_SIG_ZERO,
    TAMPER_OWNER_KEY_ZERO,
    TAMPER_VENDOR_IDX_RANGE,
    TAMPER_TOC_LEN,
    TAMPER_FMC_SIZE_ZERO,
    TAMPER_ORDER,
    TAMPER_OVERLAP,
    TAMPER_LOAD_OVERLAP,
    TAMPER_RT_LOAD,
    TAMPER_FMC_ENTRY_UNALIGNED,
    TAMPER_RT_SVN_FUSE,
    TAMPER_FMC_SVN_MAX,
} Tamper;

static const struct {
    Tamper how;
    const char *name;
    uint32_t code;
} tampers[] = {
    { TAMPER_NO_VENDOR_FUSE, "no-vendor-fuse", 0x000b0003 },
    { TAMPER_VENDOR_FUSE, "vendor-fuse", 0x000b0005 },
    { TAMPER_OWNER_FUSE, "owner-fuse", 0x000b0007 },
    { TAMPER_MARKER, "marker", 0x000b0001 },
    { TAMPER_REVOKED, "revoked-key", 0x000b0009 },
    { TAMPER_HEADER, "header", 0x000b000c },
    { TAMPER_IDX_MISMATCH, "index-mismatch", 0x000b000d },
    { TAMPER_TOC_SVN, "toc-digest", 0x000b0012 },
    { TAMPER_FMC_BYTE, "fmc-digest", 0x000b0014 },
    { TAMPER_RT_BYTE, "rt-digest", 0x000b0016 },
    { TAMPER_FMC_LOAD, "fmc-load-addr", 0x000b0021 },
    { TAMPER_FMC_SVN_FUSE, "fmc-svn", 0x000b0027 },
    { TAMPER_SHORT, "short", 0x000b002f },
    { TAMPER_DLEN_SHORT, "dlen-short", 0x000b002f },
    { TAMPER_OWNER_SIG, "owner-signature", 0x000b000f },
    { TAMPER_OWNER_SIG_ZERO, "owner-signature-zero", 0x000b001a },
    { TAMPER_VENDOR_SIG_ZERO, "vendor-signature-zero", 0x000b001c },
    { TAMPER_OWNER_KEY_ZERO, "owner-key-zero", 0x000b0019 },
    { TAMPER_VENDOR_IDX_RANGE, "vendor-index-range", 0x000b0008 },
    { TAMPER_TOC_LEN, "toc-count", 0x000b0010 },
    { TAMPER_FMC_SIZE_ZERO, "fmc-size-zero", 0x000b003b },
    { TAMPER_ORDER, "image-order", 0x000b0018 },
    { TAMPER_OVERLAP, "image-overlap", 0x000b0017 },
    { TAMPER_LOAD_OVERLAP, "load-overlap", 0x000b0034 },
    { TAMPER_RT_LOAD, "rt-load-addr", 0x000b0028 },
    { TAMPER_FMC_ENTRY_UNALIGNED, "fmc-entry-unaligned", 0x000b0024 },
    { TAMPER_RT_SVN_FUSE, "rt-svn", 0x000b002e },
    { TAMPER_FMC_SVN_MAX, "fmc-svn-max", 0x000b0025 },
};

static void test_verify_reject(const void *opaque)
{
    Tamper how = tampers[GPOINTER_TO_INT(opaque)].how;
    uint32_t code = tampers[GPOINTER_TO_INT(opaque)].code;
    CaliptraDev *d = cptra_start(NULL);
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *b = NULL;

    cptra_test_spec(&spec);
    switch (how) {
    case TAMPER_FMC_LOAD:
        spec.fmc.load_addr = spec.fmc.entry_point = 0x50000000;
        break;
    case TAMPER_RT_LOAD:
        spec.rt.load_addr = spec.rt.entry_point = 0x4001ff00;  /* runs out */
        break;
    case TAMPER_LOAD_OVERLAP:
        spec.rt.load_addr = spec.rt.entry_point = spec.fmc.load_addr + 512;
        break;
    case TAMPER_FMC_ENTRY_UNALIGNED:
        spec.fmc.entry_point += 2;
        break;
    case TAMPER_FMC_SVN_MAX:
        spec.fmc.svn = 33;
        break;
    default:
        break;
    }
    b = cptra_test_bundle(&spec, &len);
    if (how != TAMPER_NO_VENDOR_FUSE) {
        cptra_fuse_keys(d, b);
    } else {
        uint32_t owner[12];

        cb_owner_pk_hash(b, owner);
        for (int i = 0; i < 12; i++) {
            soc_wr(d, FUSE_OWNER_PK_HASH(i), owner[i]);
        }
    }

    switch (how) {
    case TAMPER_VENDOR_FUSE:
        soc_wr(d, FUSE_KEY_MANIFEST_PK_HASH(5), 0x12345678);
        break;
    case TAMPER_OWNER_FUSE:
        soc_wr(d, FUSE_OWNER_PK_HASH(11), 0x1);
        break;
    case TAMPER_MARKER:
        b[0] ^= 1;
        break;
    case TAMPER_REVOKED:
        soc_wr(d, FUSE_KEY_MANIFEST_PK_HASH_MASK, 0x1);
        break;
    case TAMPER_HEADER:
        b[0x15a0] ^= 0x2;           /* flags, after signing */
        break;
    case TAMPER_IDX_MISMATCH:
        stl_le_p(b + 0x1598, 1);    /* header says key 1, then re-signed */
        g_assert_cmpint(cb_sign(b, &spec), ==, 0);
        break;
    case TAMPER_TOC_SVN:
        b[0x162c + 32] = 1;         /* FMC SVN, TOC digest not redone */
        break;
    case TAMPER_FMC_BYTE:
        b[5884 + 100] ^= 0x80;
        break;
    case TAMPER_RT_BYTE:
        b[len - 1] ^= 0x01;
        break;
    case TAMPER_FMC_SVN_FUSE:
        soc_wr(d, FUSE_FMC_SVN, 0x1);   /* fuse SVN 1 > image SVN 0 */
        break;
    case TAMPER_SHORT:
        len -= 4;
        break;
    case TAMPER_OWNER_SIG:
        b[0x0ed4 + 10] ^= 0x01;
        break;
    case TAMPER_OWNER_SIG_ZERO:
        memset(b + 0x0ed4, 0, 48);  /* r = 0 */
        break;
    case TAMPER_VENDOR_SIG_ZERO:
        memset(b + 0x0790 + 48, 0, 48);     /* s = 0 */
        break;
    case TAMPER_OWNER_KEY_ZERO:
        /* The owner key is zero, and so is its fuse hash then */
        memset(b + 0x0e44, 0, 48);
        for (int i = 0; i < 12; i++) {
            soc_wr(d, FUSE_OWNER_PK_HASH(i), 0);
        }
        break;
    case TAMPER_VENDOR_IDX_RANGE:
        stl_le_p(b + 0x0788, 4);
        break;
    case TAMPER_TOC_LEN:
        stl_le_p(b + 0x15a4, 3);
        g_assert_cmpint(cb_sign(b, &spec), ==, 0);
        break;
    case TAMPER_FMC_SIZE_ZERO:
        stl_le_p(b + 0x162c + 52, 0);
        g_assert_cmpint(cb_reseal(b, &spec), ==, 0);
        break;
    case TAMPER_ORDER:
        /* Runtime first in the bundle, FMC after it */
        stl_le_p(b + 0x162c + 48, 5884 + sizeof(cptra_rt_image));
        stl_le_p(b + 0x1694 + 48, 5884);
        g_assert_cmpint(cb_reseal(b, &spec), ==, 0);
        break;
    case TAMPER_OVERLAP:
        stl_le_p(b + 0x1694 + 48, 5884 + 512);
        g_assert_cmpint(cb_reseal(b, &spec), ==, 0);
        break;
    case TAMPER_RT_SVN_FUSE:
        soc_wr(d, 0x2b8, 0x3);      /* FUSE_RUNTIME_SVN[0]: SVN 2 */
        break;
    default:
        break;
    }

    if (how == TAMPER_DLEN_SHORT) {
        /* All bytes go in, but DLEN says less */
        cptra_boot_to(d, FLOW_READY_FOR_FW);
        g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
        mbox_wr(d, MBOX_CMD, CMD_FIRMWARE_LOAD);
        mbox_wr(d, MBOX_DLEN, len - 8);
        for (size_t i = 0; i < len; i += 4) {
            mbox_wr(d, MBOX_DATAIN, ldl_le_p(b + i));
        }
        mbox_wr(d, MBOX_EXECUTE, 1);
        for (int i = 0; i < 100 && cptra_mbox_fsm(d) == FSM_EXECUTE_UC;
             i++) {
            qtest_clock_step(d->qts, 1000);
        }
        g_assert_cmpuint(MBOX_STATUS_STATUS(mbox_rd(d, MBOX_STATUS)), ==,
                         CMD_FAILURE);
        mbox_wr(d, MBOX_EXECUTE, 0);
    } else {
        g_assert_cmpuint(cptra_fw_load(d, b, len), ==, CMD_FAILURE);
    }
    cptra_assert_fatal(d, code);
    /* The ROM stops where it was: no runtime, the mailbox free again */
    g_assert_false(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_RT);
    g_assert_true(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_FW);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_IDLE);
    cptra_stop(d);
}

/* LMS on: vendor and owner sign with LMS too (test keys, one leaf each) */
static void lms_spec(CbSpec *spec, uint32_t idx)
{
    uint8_t seed[24];

    cptra_test_spec(spec);
    spec->lms = true;
    spec->vendor_lms_idx = idx;
    memset(seed, 0x11, sizeof(seed));
    cb_lms_test_key(&spec->vendor_lms, seed);
    memset(seed, 0x22, sizeof(seed));
    cb_lms_test_key(&spec->owner_lms, seed);
}

static void test_verify_lms(void)
{
    CaliptraDev *d = cptra_start(NULL);
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *b = NULL;

    lms_spec(&spec, 5);
    b = cptra_test_bundle(&spec, &len);
    cptra_fuse_keys(d, b);
    soc_wr(d, FUSE_LMS_VERIFY, 1);
    soc_wr(d, FUSE_LMS_REVOCATION, 0xffffffdf);    /* all but key 5 */
    g_assert_cmpuint(cptra_fw_load(d, b, len), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    cptra_stop(d);
}

static const struct {
    const char *name;
    uint32_t idx;
    size_t flip;                /* bundle byte to damage, 0: none */
    uint32_t revocation;
    uint32_t code;
} lms_rejects[] = {
    { "vendor-signature", 3, 0x07f0 + 100, 0, 0x000b0033 },
    { "owner-signature", 3, 0x0f34 + 500, 0, 0x000b0038 },
    { "revoked", 3, 0, 0x8, 0x000b003a },
    { "index", 3, IMG_VENDOR_LMS_KEY_IDX, 0, 0x000b0032 },
    { "type", 3, 0x07f0 + 7, 0, 0x000b0031 },
};

static void test_verify_lms_reject(const void *opaque)
{
    int t = GPOINTER_TO_INT(opaque);
    CaliptraDev *d = cptra_start(NULL);
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *b = NULL;

    lms_spec(&spec, lms_rejects[t].idx);
    b = cptra_test_bundle(&spec, &len);
    cptra_fuse_keys(d, b);
    soc_wr(d, FUSE_LMS_VERIFY, 1);
    soc_wr(d, FUSE_LMS_REVOCATION, lms_rejects[t].revocation);
    if (lms_rejects[t].flip == IMG_VENDOR_LMS_KEY_IDX) {
        stl_le_p(b + IMG_VENDOR_LMS_KEY_IDX, 32);
    } else if (lms_rejects[t].flip) {
        b[lms_rejects[t].flip] ^= 0x04;
    }
    g_assert_cmpuint(cptra_fw_load(d, b, len), ==, CMD_FAILURE);
    cptra_assert_fatal(d, lms_rejects[t].code);
    cptra_stop(d);
}

/*
 * The preamble's LMS key index (0x78c) is covered by no signature and only
 * checked with LMS verification on. All ones once made the model index
 * the manifest ~4 GiB out of bounds; the bundle must boot, and update the
 * runtime, as on Caliptra, and be refused with LMS on.
 */
static void test_verify_lms_index_unsigned(void)
{
    CaliptraDev *d = cptra_start(NULL);
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *b = NULL;

    cptra_test_spec(&spec);
    b = cptra_test_bundle(&spec, &len);
    stl_le_p(b + IMG_VENDOR_LMS_KEY_IDX, UINT32_MAX);
    cptra_fuse_keys(d, b);
    g_assert_cmpuint(cptra_fw_load(d, b, len), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    /* The same bundle again: an update reset */
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_FIRMWARE_LOAD, b, len, NULL, 0,
                                     NULL), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_cmphex(soc_rd(d, RESET_REASON), ==, 0x1);     /* FW_UPD_RESET */
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    cptra_stop(d);

    /* LMS on: VENDOR_LMS_PUB_KEY_INDEX_OUT_OF_BOUNDS */
    d = cptra_start(NULL);
    cptra_fuse_keys(d, b);
    soc_wr(d, FUSE_LMS_VERIFY, 1);
    g_assert_cmpuint(cptra_fw_load(d, b, len), ==, CMD_FAILURE);
    cptra_assert_fatal(d, 0x000b0032);
    cptra_stop(d);
}

static void test_verify_anti_rollback_disabled(void)
{
    CaliptraDev *d = cptra_start(NULL);
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *b = NULL;

    cptra_test_spec(&spec);
    b = cptra_test_bundle(&spec, &len);
    cptra_fuse_keys(d, b);
    soc_wr(d, FUSE_FMC_SVN, 0xff);
    soc_wr(d, FUSE_ANTI_ROLLBACK, 1);
    g_assert_cmpuint(cptra_fw_load(d, b, len), ==, CMD_COMPLETE);
    cptra_stop(d);
}

/* In ROM: a warm reset before a cold boot completed is fatal, pwrgood not */
static void test_mbox_error_recovery_rom(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *b = NULL;

    cptra_mbox_break_protocol(d);
    cptra_mbox_assert_stuck(d);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);

    cptra_warm_reset(d);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_IDLE);
    soc_wr(d, FUSE_WR_DONE, 1);
    for (int i = 0; i < 100 && !soc_rd(d, FW_ERROR_FATAL); i++) {
        cptra_serve_trng(d);
        qtest_clock_step(d->qts, 1000 * 1000);
    }
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0x01040010);

    /* A cold reset (system reset: pwrgood) brings all of it back */
    qtest_qmp_assert_success(d->qts, "{ 'execute': 'system_reset' }");
    qtest_qmp_eventwait(d->qts, "RESET");
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_IDLE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    cptra_test_spec(&spec);
    b = cptra_test_bundle(&spec, &len);
    cptra_fuse_keys(d, b);
    g_assert_cmpuint(cptra_fw_load(d, b, len), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    cptra_stop(d);
}

/* At runtime: a warm reset returns to runtime with the mailbox free */
static void test_mbox_error_recovery_runtime(void)
{
    CaliptraDev *d = cptra_start_runtime();
    uint8_t resp[64];
    size_t len;

    cptra_mbox_break_protocol(d);
    cptra_mbox_assert_stuck(d);
    cptra_warm_reset(d);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_IDLE);
    soc_wr(d, FUSE_WR_DONE, 1);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_CAPABILITIES, resp,
                                         sizeof(resp), &len), ==, DATA_READY);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0);
    cptra_stop(d);
}

/*
 * The AST2700's SCU1 drives Caliptra's power good and reset
 * (CPTRA_CTRL 0x130 bit 0, RSTCTL2 0x220/0x224 bit 9) and its straps
 * (CPTRA_CTRL[10:8], CPTRA_OBF_KEY 0x140..), and mirrors
 * ready_for_runtime in CPTRA_CTRL bit 18
 */
#define SCU1_CPTRA_CTRL         0x14c02130

#define SCU1_CPTRA_OBF_KEY(i)   (0x14c02140 + 4 * (i))

#define SCU1_RSTCTL2            0x14c02220

#define SCU1_RSTCTL2_CLR        0x14c02224

#define SCU1_CPTRA_RDY_FOR_RT   BIT(18)

static void test_scu1_controls(void)
{
    CaliptraDev *d = cptra_start_runtime();
    QTestState *qts = d->qts;

    g_assert_cmphex(qtest_readl(qts, SCU1_CPTRA_CTRL), ==,
                    SCU1_CPTRA_RDY_FOR_RT | 1);
    /* The key is a secret: written, never read back */
    qtest_writel(qts, SCU1_CPTRA_OBF_KEY(0), 0x12345678);
    g_assert_cmphex(qtest_readl(qts, SCU1_CPTRA_OBF_KEY(0)), ==, 0);

    /* Reset alone, power held: the warm reset, runtime comes back */
    qtest_writel(qts, SCU1_RSTCTL2, BIT(9));
    g_assert_cmphex(qtest_readl(qts, SCU1_RSTCTL2) & BIT(9), ==, BIT(9));
    qtest_writel(qts, SCU1_RSTCTL2_CLR, BIT(9));
    g_assert_cmphex(qtest_readl(qts, SCU1_RSTCTL2) & BIT(9), ==, 0);
    g_assert_false(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_RT);
    g_assert_cmphex(qtest_readl(qts, SCU1_CPTRA_CTRL) &
                    SCU1_CPTRA_RDY_FOR_RT, ==, 0);
    soc_wr(d, FUSE_WR_DONE, 1);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_cmphex(soc_rd(d, RESET_REASON), ==, 0x2);     /* WARM_RESET */
    g_assert_cmphex(qtest_readl(qts, SCU1_CPTRA_CTRL) &
                    SCU1_CPTRA_RDY_FOR_RT, ==, SCU1_CPTRA_RDY_FOR_RT);

    /*
     * Power good off, reset, the manufacturing state (debug locked),
     * power good, release: a cold boot with the new straps
     */
    qtest_writel(qts, SCU1_CPTRA_CTRL, 0);
    qtest_writel(qts, SCU1_RSTCTL2, BIT(9));
    qtest_writel(qts, SCU1_CPTRA_CTRL, 0x5 << 8);
    qtest_writel(qts, SCU1_CPTRA_CTRL, 0x5 << 8 | 1);
    g_assert_true(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_RT);
    qtest_writel(qts, SCU1_RSTCTL2_CLR, BIT(9));
    g_assert_cmphex(soc_rd(d, SECURITY_STATE), ==, 0x5);
    g_assert_cmphex(soc_rd(d, RESET_REASON), ==, 0);
    g_assert_cmphex(soc_rd(d, FUSE_WR_DONE), ==, 0);
    g_assert_true(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_FUSES);
    g_assert_false(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_RT);
    g_assert_cmphex(qtest_readl(qts, SCU1_CPTRA_CTRL), ==, 0x5 << 8 | 1);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    cptra_stop(d);
}

/*
 * A bundle's vendor signature with r = n: the image verifier maps the
 * driver's error to IMAGE_VERIFIER_ERR_VENDOR_ECC_VERIFY_FAILURE
 */
static void test_verify_ecc_scalar_range(void)
{
    CaliptraDev *d = cptra_start(NULL);
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *b = NULL;

    cptra_test_spec(&spec);
    b = cptra_test_bundle(&spec, &len);
    cptra_fuse_keys(d, b);
    for (int i = 0; i < 48; i += 4) {       /* the manifest's word format */
        stl_le_p(b + IMG_VENDOR_ECC_SIG + i, ldl_be_p(cptra_p384_order + i));
    }
    g_assert_cmpuint(cptra_fw_load(d, b, len), ==, CMD_FAILURE);
    cptra_assert_fatal(d, 0x000b000b);
    cptra_stop(d);
}

/*
 * fmc_verify releases the mailbox before it reads the answer of
 * ECDSA384_SIGNATURE_VERIFY: DLEN is kept after the return to IDLE, and
 * DATAOUT without the lock reads 0 (setting mbox_prot_no_lock), so the
 * two words it adds up are 0
 */
static void test_mbox_aspeed_unlock_then_read(void)
{
    CaliptraDev *d = cptra_start_runtime();
    uint8_t req[4 + 4 * 48];
    CbSpec spec;

    cptra_test_spec(&spec);
    cptra_sha_acc_hash_abc(d);
    memcpy(req + 4, spec.vendor[0].x, 48);
    memcpy(req + 4 + 48, spec.vendor[0].y, 48);
    g_assert_cmpint(cb_ecdsa_sign(&spec.vendor[0], cptra_sha384_abc_bytes,
                                  req + 4 + 96), ==, 0);
    stl_le_p(req, cptra_checksum(CMD_ECDSA384_VERIFY, req + 4,
                                 sizeof(req) - 4));
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
    mbox_wr(d, MBOX_CMD, CMD_ECDSA384_VERIFY);
    mbox_wr(d, MBOX_DLEN, sizeof(req));
    for (size_t i = 0; i < sizeof(req); i += 4) {
        mbox_wr(d, MBOX_DATAIN, ldl_le_p(req + i));
    }
    mbox_wr(d, MBOX_EXECUTE, 1);
    qtest_clock_step(d->qts, 1000 * 1000);
    g_assert_cmpuint(MBOX_STATUS_STATUS(mbox_rd(d, MBOX_STATUS)), ==,
                     DATA_READY);
    mbox_wr(d, MBOX_EXECUTE, 0);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_IDLE);
    g_assert_cmphex(mbox_rd(d, MBOX_DLEN), ==, 8);
    soc_wr(d, HW_ERROR_NON_FATAL, 0x3);
    g_assert_cmphex(mbox_rd(d, MBOX_DATAOUT) + mbox_rd(d, MBOX_DATAOUT), ==,
                    0);
    g_assert_cmphex(soc_rd(d, HW_ERROR_NON_FATAL), ==, 0x1);
    cptra_stop(d);
}

/*
 * ASPEED's drivers send SET_AUTH_MANIFEST at the full size of their
 * request struct: 1.2's runtime takes manifest_size bytes and ignores
 * the rest (the manifest at most 14 KiB)
 */
static void test_mbox_aspeed_manifest_full_size(void)
{
    CaliptraDev *d = cptra_start_runtime();
    CbSpec spec;
    size_t len, full = 8 + 14 * 1024;
    g_autofree uint8_t *m = NULL;
    g_autofree uint8_t *req = g_malloc0(full);
    uint8_t resp[8];
    size_t rlen;

    cptra_test_spec(&spec);
    m = cptra_test_auth_manifest(&spec, 1, &len);
    stl_le_p(req + 4, len);
    memcpy(req + 8, m, len);
    stl_le_p(req, cptra_checksum(CMD_SET_AUTH_MANIFEST, req + 4, full - 4));
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_SET_AUTH_MANIFEST, req, full,
                                     resp, sizeof(resp), &rlen), ==,
                     DATA_READY);
    g_assert_cmphex(cptra_rt_authorize(d, 1, cptra_auth_entries[1].digest, 1),
                    ==, IMAGE_AUTHORIZED);
    cptra_stop(d);
}

/*
 * Zephyr's cptra_update streams an update with DLEN 0x20000 whatever the
 * bundle's size, then polls RESET_REASON.FW_UPD_RESET
 */
static void test_mbox_aspeed_update_full_dlen(void)
{
    CaliptraDev *d = cptra_start_runtime();
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *b = NULL;
    int i;

    cptra_test_spec(&spec);
    spec.rt.version = 0x01020001;
    b = cptra_test_bundle(&spec, &len);
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
    mbox_wr(d, MBOX_CMD, CMD_FIRMWARE_LOAD);
    mbox_wr(d, MBOX_DLEN, 0x20000);
    for (size_t off = 0; off < len; off += 4) {
        uint8_t w[4] = { 0 };

        memcpy(w, b + off, MIN(4, len - off));
        mbox_wr(d, MBOX_DATAIN, ldl_le_p(w));
    }
    mbox_wr(d, MBOX_EXECUTE, 1);
    for (i = 0; i < 1000 && !(soc_rd(d, RESET_REASON) & 0x1); i++) {
        cptra_serve_trng(d);
        qtest_clock_step(d->qts, 1000);
    }
    g_assert_cmphex(soc_rd(d, RESET_REASON), ==, 0x1);     /* FW_UPD_RESET */
    /* The ROM then verifies the new bundle and completes the command */
    for (i = 0; i < 1000 &&
         MBOX_STATUS_STATUS(mbox_rd(d, MBOX_STATUS)) == CMD_BUSY; i++) {
        cptra_serve_trng(d);
        qtest_clock_step(d->qts, 1000);
    }
    g_assert_cmpuint(MBOX_STATUS_STATUS(mbox_rd(d, MBOX_STATUS)), ==,
                     CMD_COMPLETE);
    mbox_wr(d, MBOX_EXECUTE, 0);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_cmphex(soc_rd(d, FW_REV_ID(1)), ==, 0x01020001);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0);
    cptra_stop(d);
}

/*
 * The SSP sends REALLOCATE_DPE_CONTEXT_LIMITS ("RCTX"), a Caliptra 2.x
 * command: 1.2 answers RUNTIME_UNIMPLEMENTED_COMMAND, and goes on
 */
#define CMD_REALLOCATE_DPE_CONTEXT_LIMITS   0x52435458

static void test_mbox_aspeed_2x_command(void)
{
    CaliptraDev *d = cptra_start_runtime();
    uint8_t body[8] = { 0 }, resp[64];
    size_t len;

    g_assert_cmpuint(cptra_rt_exec(d, CMD_REALLOCATE_DPE_CONTEXT_LIMITS,
                                   body, sizeof(body), NULL, 0, NULL), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0002);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_CAPABILITIES, resp,
                                         sizeof(resp), &len), ==, DATA_READY);
    cptra_stop(d);
}

/*
 * The runtime's secrets and measurements migrate: after a PCR extension
 * and the alias keys' derivation, the destination quotes the same PCRs
 * with the same key and hands out the same FMC alias certificate.
 */
static void test_migration_runtime_identity(void)
{
    static const uint8_t nonce[32] = "migration";
    CaliptraDev *d = cptra_start(NULL);
    uint8_t pub[96], data[48], before[QUOTE_RESP_SIZE], after[QUOTE_RESP_SIZE];
    uint8_t cert_before[1024], cert_after[1024];
    size_t len_before, len_after;

    cptra_get_idev_info(d, pub);
    memset(data, 0x33, sizeof(data));
    g_assert_cmpuint(cptra_rt_cmd_u32(d, CMD_EXTEND_PCR, 9, data, 48), ==,
                     DATA_READY);
    g_assert_cmpuint(cptra_rt_cmd_u32(d, CMD_INCREMENT_PCR_RESET_COUNTER, 9,
                                      NULL, 0), ==, DATA_READY);
    cptra_quote(d, nonce, before);
    len_before = cptra_get_cert(d, CMD_GET_FMC_ALIAS_CERT, cert_before);

    d = cptra_migrate(d);
    g_assert_true(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_RT);
    cptra_quote(d, nonce, after);
    g_assert_cmpmem(after, sizeof(after), before, sizeof(before));
    len_after = cptra_get_cert(d, CMD_GET_FMC_ALIAS_CERT, cert_after);
    g_assert_cmpmem(cert_after, len_after, cert_before, len_before);
    cptra_stop(d);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_nonnull(gcry_check_version(NULL));

    qtest_add_func("/caliptra/soc-ifc/wdt", test_soc_ifc_wdt);
    qtest_add_func("/caliptra/mbox/aspeed/unlock-then-read",
                   test_mbox_aspeed_unlock_then_read);
    qtest_add_func("/caliptra/mbox/aspeed/manifest-full-size",
                   test_mbox_aspeed_manifest_full_size);
    qtest_add_func("/caliptra/mbox/aspeed/update-full-dlen",
                   test_mbox_aspeed_update_full_dlen);
    qtest_add_func("/caliptra/mbox/aspeed/2x-command",
                   test_mbox_aspeed_2x_command);
    qtest_add_func("/caliptra/mbox/error-recovery/rom",
                   test_mbox_error_recovery_rom);
    qtest_add_func("/caliptra/mbox/error-recovery/runtime",
                   test_mbox_error_recovery_runtime);
    qtest_add_func("/caliptra/migration/runtime-identity",
                   test_migration_runtime_identity);
    qtest_add_func("/caliptra/verify/boot", test_verify_boot);
    qtest_add_func("/caliptra/verify/unprovisioned",
                   test_verify_unprovisioned);
    qtest_add_func("/caliptra/verify/anti-rollback-disabled",
                   test_verify_anti_rollback_disabled);
    for (int i = 0; i < ARRAY_SIZE(tampers); i++) {
        g_autofree char *path = g_strdup_printf("/caliptra/verify/reject/%s",
                                                tampers[i].name);

        qtest_add_data_func(path, GINT_TO_POINTER(i), test_verify_reject);
    }
    qtest_add_func("/caliptra/verify/lms", test_verify_lms);
    qtest_add_func("/caliptra/verify/reject/ecc-scalar-range",
                   test_verify_ecc_scalar_range);
    qtest_add_func("/caliptra/verify/lms-index-unsigned",
                   test_verify_lms_index_unsigned);
    for (int i = 0; i < ARRAY_SIZE(lms_rejects); i++) {
        g_autofree char *path =
            g_strdup_printf("/caliptra/verify/reject/lms-%s",
                            lms_rejects[i].name);

        qtest_add_data_func(path, GINT_TO_POINTER(i), test_verify_lms_reject);
    }
    qtest_add_func("/caliptra/ast2700fc/scu1-controls", test_scu1_controls);

    return g_test_run();
}
