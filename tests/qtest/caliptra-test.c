/*
 * QTest of the Caliptra 1.2 firmware on the ast2700fc machine
 *
 * With bundles built and signed here (contrib/caliptra-bundle on
 * libgcrypt): FIRMWARE_LOAD and the bundle verifier's refusals, the
 * update and warm resets, the runtime's commands and request checks,
 * the DICE identities and certificates, and what needs a running
 * firmware of the mailbox and soc_ifc (watchdog, error recovery). The
 * register blocks on their own are caliptra-regs-test. Expected values
 * come from caliptra-rtl's RDL and integration specification,
 * caliptra-sw's 1.2 firmware sources and NIST test vectors, never from
 * the model.
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

static uint8_t fmc_image[1024];

static uint8_t rt_image[2048];

static void test_spec(CbSpec *spec)
{
    memset(spec, 0, sizeof(*spec));
    for (int i = 0; i < sizeof(fmc_image); i++) {
        fmc_image[i] = i * 13 + 1;
    }
    for (int i = 0; i < sizeof(rt_image); i++) {
        rt_image[i] = i * 7 + 5;
    }
    cb_fake_keys(spec);
    cb_default_images(spec, fmc_image, sizeof(fmc_image), rt_image,
                      sizeof(rt_image));
}

static uint8_t *test_bundle(const CbSpec *spec, size_t *len)
{
    uint8_t *b = cb_build(spec, len);

    g_assert_nonnull(b);
    return b;
}

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
    test_spec(&spec);
    b = test_bundle(&spec, &blen);
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

    test_spec(&spec);
    b = test_bundle(&spec, &len);
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

    test_spec(&spec);
    b = test_bundle(&spec, &len);
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

    test_spec(&spec);
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
    b = test_bundle(&spec, &len);
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
        stl_le_p(b + 0x162c + 48, 5884 + sizeof(rt_image));
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

    test_spec(spec);
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
    b = test_bundle(&spec, &len);
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
    b = test_bundle(&spec, &len);
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

    test_spec(&spec);
    b = test_bundle(&spec, &len);
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

    test_spec(&spec);
    b = test_bundle(&spec, &len);
    cptra_fuse_keys(d, b);
    soc_wr(d, FUSE_FMC_SVN, 0xff);
    soc_wr(d, FUSE_ANTI_ROLLBACK, 1);
    g_assert_cmpuint(cptra_fw_load(d, b, len), ==, CMD_COMPLETE);
    cptra_stop(d);
}

static CaliptraDev *cptra_start_runtime_spec(const CbSpec *spec)
{
    CaliptraDev *d = cptra_start(NULL);
    size_t len;
    g_autofree uint8_t *b = test_bundle(spec, &len);

    cptra_fuse_keys(d, b);
    g_assert_cmpuint(cptra_fw_load(d, b, len), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    return d;
}

static CaliptraDev *cptra_start_runtime(void)
{
    CbSpec spec;

    test_spec(&spec);
    return cptra_start_runtime_spec(&spec);
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
    test_spec(&spec);
    b = test_bundle(&spec, &len);
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

static const uint32_t huge_dlen[] = {
    3586 * 4 + 1, 0x20001, 0xfffffffc, 0xfffffffd, 0xffffffff,
};

static void test_runtime_checks(void)
{
    CaliptraDev *d = cptra_start_runtime();
    uint8_t req[4];

    /* Runtime errors are not fatal */
    stl_le_p(req, cptra_checksum(CMD_CAPABILITIES, NULL, 0) ^ 1);
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_CAPABILITIES, req, 4, NULL, 0,
                                     NULL), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0005);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_CAPABILITIES, req, 2, NULL, 0,
                                     NULL), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0009);
    g_assert_true(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_RT);

    /*
     * A DLEN past the runtime's request buffer, up to the largest ones
     * (whose rounding up to words once wrapped to 0): INSUFFICIENT_MEMORY,
     * with only the checksum word written
     */
    for (int i = 0; i < ARRAY_SIZE(huge_dlen); i++) {
        g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
        mbox_wr(d, MBOX_CMD, CMD_CAPABILITIES);
        mbox_wr(d, MBOX_DLEN, huge_dlen[i]);
        mbox_wr(d, MBOX_DATAIN, cptra_checksum(CMD_CAPABILITIES, NULL, 0));
        mbox_wr(d, MBOX_EXECUTE, 1);
        qtest_clock_step(d->qts, 1000 * 1000);
        g_assert_cmpuint(MBOX_STATUS_STATUS(mbox_rd(d, MBOX_STATUS)), ==,
                         CMD_FAILURE);
        mbox_wr(d, MBOX_EXECUTE, 0);
        g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0003);
    }
    g_assert_true(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_RT);
    cptra_stop(d);
}

static void test_runtime_update(void)
{
    CaliptraDev *d = cptra_start_runtime();
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *b = NULL;

    /* Same keys and FMC, a new runtime */
    test_spec(&spec);
    spec.rt.version = 0x01020001;
    rt_image[0] ^= 0xff;
    b = test_bundle(&spec, &len);
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_FIRMWARE_LOAD, b, len, NULL, 0,
                                     NULL), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_cmphex(soc_rd(d, RESET_REASON), ==, 0x1);     /* FW_UPD_RESET */
    g_assert_cmphex(soc_rd(d, FW_REV_ID(1)), ==, 0x01020001);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    cptra_stop(d);
}

static void test_runtime_update_reject(void)
{
    CaliptraDev *d = cptra_start_runtime();
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *b = NULL;

    /* A new FMC may not come with an update */
    test_spec(&spec);
    fmc_image[7] ^= 1;
    spec.rt.version = 0x01020001;
    b = test_bundle(&spec, &len);
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_FIRMWARE_LOAD, b, len, NULL, 0,
                                     NULL), ==, CMD_FAILURE);
    /* UPDATE_RESET_FMC_DIGEST_MISMATCH, not fatal: the old runtime runs */
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000b001f);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_cmphex(soc_rd(d, FW_REV_ID(1)), ==, 0x01020000);
    cptra_stop(d);
}

static void test_runtime_update_oversized(void)
{
    CaliptraDev *d = cptra_start_runtime();
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *b = NULL;

    /* DLEN far past the SRAM, the image ranges pointing out there too */
    test_spec(&spec);
    b = test_bundle(&spec, &len);
    stl_le_p(b + 0x1694 + 48, 0x00fffff0);  /* runtime offset */
    g_assert_cmpint(cb_reseal(b, &spec), ==, 0);
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
    mbox_wr(d, MBOX_CMD, CMD_FIRMWARE_LOAD);
    mbox_wr(d, MBOX_DLEN, 0x01000000);
    for (size_t i = 0; i < len; i += 4) {
        mbox_wr(d, MBOX_DATAIN, ldl_le_p(b + i));
    }
    mbox_wr(d, MBOX_EXECUTE, 1);
    for (int i = 0; i < 200 && !MBOX_STATUS_STATUS(mbox_rd(d, MBOX_STATUS));
         i++) {
        cptra_serve_trng(d);
        qtest_clock_step(d->qts, 1000);
    }
    g_assert_cmpuint(MBOX_STATUS_STATUS(mbox_rd(d, MBOX_STATUS)), ==,
                     CMD_FAILURE);
    mbox_wr(d, MBOX_EXECUTE, 0);
    /* IMAGE_VERIFIER_ERR_DIGEST_OUT_OF_BOUNDS, not fatal on update */
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000b0041);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    cptra_stop(d);
}

static void test_runtime_warm_reset(void)
{
    CaliptraDev *d = cptra_start_runtime();

    /* After a completed cold boot, a warm reset returns to runtime */
    cptra_warm_reset(d);
    g_assert_false(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_RT);
    soc_wr(d, FUSE_WR_DONE, 1);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    g_assert_cmphex(soc_rd(d, FW_REV_ID(1)), ==, 0x01020000);
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

#define CMD_ECDSA384_VERIFY     0x53494756

#define CMD_LMS_VERIFY          0x4c4d5356

static uint8_t sha384_abc_bytes[48];

/* The SoC hashes its message with the accelerator, then asks runtime */
static void sha_acc_hash_abc(CaliptraDev *d)
{
    cptra_sha_stream(d, SHA_MODE_SHA384_STREAM, (const uint8_t *)"abc", 3,
               sha384_abc_bytes, 48);
    cptra_assert_hex(sha384_abc_bytes, cptra_sha384_abc);
}

static void test_runtime_info(void)
{
    CaliptraDev *d = cptra_start_runtime();
    uint8_t resp[64];
    size_t len;

    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_CAPABILITIES, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    g_assert_cmpuint(len, ==, 24);
    cptra_assert_resp_ok(resp, len);
    /* u128 big-endian: runtime reports RT_BASE, bit 64 */
    for (int i = 0; i < 16; i++) {
        g_assert_cmphex(resp[8 + i], ==, i == 7 ? 1 : 0);
    }
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_VERSION, resp, sizeof(resp),
                                         &len), ==, DATA_READY);
    g_assert_cmpuint(len, ==, 36);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmphex(cptra_le32(resp + 16), ==, 0x08800880);
    g_assert_cmphex(cptra_le32(resp + 20), ==, 0x01020000);
    /* Unknown */
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, 0x12345678, NULL, 0, NULL), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0002);
    {
        /* Longer: 1.2 hands VERSION no request bytes (runtime/src/lib.rs) */
        uint8_t req[8] = { 0 };

        stl_le_p(req, cptra_checksum(CMD_VERSION, req + 4, 4));
        g_assert_cmpuint(cptra_mbox_exec(d, CMD_VERSION, req, 8, resp,
                                         sizeof(resp), &len), ==, DATA_READY);
        g_assert_cmpuint(len, ==, 36);
    }
    cptra_stop(d);
}

#define CMD_FW_INFO             0x494e464f

#define CMD_GET_IDEV_CERT       0x49444543

/* A SHA-384 digest in the manifest's word format, computed here */
static void sha384_words(const uint8_t *data, size_t len, uint8_t out[48])
{
    uint8_t digest[48];

    gcry_md_hash_buffer(GCRY_MD_SHA384, digest, data, len);
    for (int i = 0; i < 48; i += 4) {
        stl_le_p(out + i, ldl_be_p(digest + i));
    }
}

static void test_runtime_fw_info(void)
{
    CbSpec spec;
    CaliptraDev *d;
    uint8_t resp[300], want[48];
    uint32_t owner[12];
    size_t len;
    g_autofree uint8_t *b = NULL;

    test_spec(&spec);
    spec.flags = 1;
    spec.pl0_pauser = 0x2;
    spec.fmc.svn = 3;
    spec.rt.svn = 5;
    b = test_bundle(&spec, &len);
    d = cptra_start_runtime_spec(&spec);

    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_FW_INFO, resp, sizeof(resp),
                                         &len), ==, DATA_READY);
    g_assert_cmpuint(len, ==, 264);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmphex(cptra_le32(resp + 8), ==, 0x2);           /* pl0_pauser */
    g_assert_cmpuint(cptra_le32(resp + 12), ==, 5);           /* runtime_svn */
    g_assert_cmpuint(cptra_le32(resp + 16), ==, 5);    /* min_runtime_svn */
    g_assert_cmpuint(cptra_le32(resp + 20), ==, 3);    /* fmc_manifest_svn */
    g_assert_cmpuint(cptra_le32(resp + 24), ==, 0);    /* attestation on */
    sha384_words(fmc_image, sizeof(fmc_image), want);
    g_assert_cmpmem(resp + 8 + 112, 48, want, 48);
    sha384_words(rt_image, sizeof(rt_image), want);
    g_assert_cmpmem(resp + 8 + 160, 48, want, 48);
    cb_owner_pk_hash(b, owner);
    for (int i = 0; i < 12; i++) {
        g_assert_cmphex(cptra_le32(resp + 8 + 208 + 4 * i), ==, owner[i]);
    }
    cptra_stop(d);
}

static uint32_t rt_get_idev_cert(CaliptraDev *d, uint32_t tbs_size,
                                 const uint8_t *tbs, size_t req_len,
                                 uint8_t *resp, size_t *len)
{
    g_autofree uint8_t *req = g_malloc0(req_len);

    stl_le_p(req + 4, tbs_size);
    memcpy(req + 8, idev_cert_sig_r, 48);
    memcpy(req + 56, idev_cert_sig_s, 48);
    memcpy(req + 104, tbs, MIN(tbs_size, req_len - 104));
    stl_le_p(req, cptra_checksum(CMD_GET_IDEV_CERT, req + 4, req_len - 4));
    return cptra_mbox_exec(d, CMD_GET_IDEV_CERT, req, req_len, resp, 1100,
                           len);
}

static void test_runtime_idev_cert(void)
{
    CaliptraDev *d = cptra_start_runtime();
    g_autofree uint8_t *resp = g_malloc0(1100);
    uint8_t big[916] = { 0 };
    size_t len;

    /* libcaliptra sends the request trimmed to the TBS */
    g_assert_cmpuint(rt_get_idev_cert(d, sizeof(idev_cert_tbs),
                                      idev_cert_tbs,
                                      104 + sizeof(idev_cert_tbs), resp,
                                      &len), ==, DATA_READY);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmpuint(cptra_le32(resp + 8), ==, sizeof(idev_cert_der));
    g_assert_cmpuint(len, ==, 12 + sizeof(idev_cert_der));
    g_assert_cmpmem(resp + 12, sizeof(idev_cert_der), idev_cert_der,
                    sizeof(idev_cert_der));
    /* The whole struct works as well */
    g_assert_cmpuint(rt_get_idev_cert(d, sizeof(idev_cert_tbs),
                                      idev_cert_tbs, 1020, resp, &len), ==,
                     DATA_READY);
    g_assert_cmpmem(resp + 12, sizeof(idev_cert_der), idev_cert_der,
                    sizeof(idev_cert_der));

    /* tbs_size past tbs[916] */
    g_assert_cmpuint(rt_get_idev_cert(d, 917, big, 1020, resp, &len), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0009);
    /* A request longer than GetIdevCertReq */
    g_assert_cmpuint(rt_get_idev_cert(d, 16, big, 1024, resp, &len), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0003);
    /* A TBS that leaves no room for the signature in the 1 KiB cert */
    g_assert_cmpuint(rt_get_idev_cert(d, 916, big, 1020, resp, &len), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e000f);
    cptra_stop(d);
}

static uint32_t rt_ecdsa_verify(CaliptraDev *d, const CbKey *key,
                                const uint8_t rs[96])
{
    uint8_t req[4 + 192];
    uint8_t resp[8];
    size_t len;
    uint32_t status;

    memcpy(req + 4, key->x, 48);
    memcpy(req + 52, key->y, 48);
    memcpy(req + 100, rs, 96);
    stl_le_p(req, cptra_checksum(CMD_ECDSA384_VERIFY, req + 4, 192));
    status = cptra_mbox_exec(d, CMD_ECDSA384_VERIFY, req, sizeof(req), resp,
                             sizeof(resp), &len);
    if (status == DATA_READY) {
        cptra_assert_resp_ok(resp, len);
    }
    return status;
}

/* The order n of P-384's base point (FIPS 186-5 / SEC 2), big-endian */
static const uint8_t p384_order[48] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf,
    0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0, 0xa7, 0x7a,
    0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73,
};

static const uint8_t zero48[48];

static const uint8_t ones48[48] = {
    [0 ... 47] = 0xff,
};

static const struct {
    size_t at;                  /* 0: r, 48: s */
    const uint8_t *value;
} bad_scalars[] = {
    { 0, zero48 }, { 48, zero48 }, { 0, p384_order }, { 48, p384_order },
    { 0, ones48 }, { 48, ones48 },
};

static void test_runtime_ecdsa_verify(void)
{
    CaliptraDev *d = cptra_start_runtime();
    CbSpec spec;
    uint8_t rs[96];

    test_spec(&spec);
    sha_acc_hash_abc(d);
    g_assert_cmpint(cb_ecdsa_sign(&spec.vendor[0], sha384_abc_bytes, rs), ==,
                    0);
    g_assert_cmpuint(rt_ecdsa_verify(d, &spec.vendor[0], rs), ==,
                     DATA_READY);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0);
    /* Another key, or another message: RUNTIME_ECDSA_VERIFY_FAILED */
    g_assert_cmpuint(rt_ecdsa_verify(d, &spec.owner, rs), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0004);
    rs[95] ^= 1;
    g_assert_cmpuint(rt_ecdsa_verify(d, &spec.vendor[0], rs), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0004);

    /*
     * r or s outside [1, n - 1]: the ECC driver's range check refuses it
     * and runtime passes its error on, DRIVER_ECC384_SCALAR_RANGE_CHECK_
     * FAILED (caliptra-sw drivers/src/ecc384.rs verify_r)
     */
    for (int i = 0; i < ARRAY_SIZE(bad_scalars); i++) {
        uint8_t bad[96];

        memcpy(bad, rs, sizeof(bad));
        memcpy(bad + bad_scalars[i].at, bad_scalars[i].value, 48);
        g_assert_cmpuint(rt_ecdsa_verify(d, &spec.vendor[0], bad), ==,
                         CMD_FAILURE);
        g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x0005000f);
    }
    cptra_stop(d);
}

/*
 * What caliptra-sw 1.2's runtime (rt-1.2.0, runtime/src/lib.rs) does with
 * request lengths: the commands that take no bytes answer whatever follows
 * the checksum; QUOTE_PCRS (pcr.rs) and GET_IDEV_CSR (get_idev_csr.rs)
 * take their request whole or report MAILBOX_INVALID_PARAMS, while the
 * other fixed-size ones report INSUFFICIENT_MEMORY. And an ECDSA384_VERIFY
 * key off the curve: the ECC engine's error interrupt, DRIVER_ECC384_HW_
 * ERROR (ecc384.rs), passed on unchanged.
 */
#define CMD_GET_LDEV_CERT       0x4c444556

#define CMD_QUOTE_PCRS          0x50435251

#define CMD_GET_IDEV_CSR        0x49444352

#define CMD_EXTEND_PCR          0x50435245

static void test_runtime_lengths(void)
{
    static const uint32_t any_length[] = {
        CMD_CAPABILITIES, CMD_FW_INFO, CMD_GET_LDEV_CERT,
    };
    CaliptraDev *d = cptra_start_runtime();
    uint8_t body[40] = { 0 }, resp[1100];
    CbSpec spec;
    uint8_t rs[96];
    size_t len;

    for (int i = 0; i < ARRAY_SIZE(any_length); i++) {
        g_assert_cmpuint(cptra_rt_exec(d, any_length[i], body, 12, resp,
                                       sizeof(resp), &len), ==, DATA_READY);
        cptra_assert_resp_ok(resp, len);
    }
    g_assert_cmpuint(cptra_rt_exec(d, CMD_QUOTE_PCRS, body, 36, resp,
                                   sizeof(resp), &len), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0009);
    g_assert_cmpuint(cptra_rt_exec(d, CMD_GET_IDEV_CSR, body, 4, resp,
                                   sizeof(resp), &len), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0009);
    g_assert_cmpuint(cptra_rt_exec(d, CMD_EXTEND_PCR, body, 40, resp,
                                   sizeof(resp), &len), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0003);

    /* In-range r and s, a public key whose y is off by one */
    test_spec(&spec);
    sha_acc_hash_abc(d);
    g_assert_cmpint(cb_ecdsa_sign(&spec.vendor[0], sha384_abc_bytes, rs), ==,
                    0);
    spec.vendor[0].y[47] ^= 1;
    g_assert_cmpuint(rt_ecdsa_verify(d, &spec.vendor[0], rs), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x00050011);

    /* The reserved all-ones PAUSER: RUNTIME_CMD_RESERVED_PAUSER, not fatal */
    qtest_qmp_assert_success(d->qts, "{ 'execute': 'qom-set', 'arguments': "
                             "{ 'path': %s, 'property': 'soc-pauser', "
                             "'value': 4294967295 } }", d->qom_path);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_CAPABILITIES, NULL, 0, NULL),
                     ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e004f);
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

    test_spec(&spec);
    b = test_bundle(&spec, &len);
    cptra_fuse_keys(d, b);
    for (int i = 0; i < 48; i += 4) {       /* the manifest's word format */
        stl_le_p(b + IMG_VENDOR_ECC_SIG + i, ldl_be_p(p384_order + i));
    }
    g_assert_cmpuint(cptra_fw_load(d, b, len), ==, CMD_FAILURE);
    cptra_assert_fatal(d, 0x000b000b);
    cptra_stop(d);
}

static uint32_t rt_lms_verify(CaliptraDev *d, const uint8_t *key,
                              const uint8_t *sig)
{
    g_autofree uint8_t *req = g_malloc(4 + 48 + 1620);
    uint8_t resp[8];
    size_t len;
    uint32_t status;

    memcpy(req + 4, key, 48);
    memcpy(req + 52, sig, 1620);
    stl_le_p(req, cptra_checksum(CMD_LMS_VERIFY, req + 4, 48 + 1620));
    status = cptra_mbox_exec(d, CMD_LMS_VERIFY, req, 4 + 48 + 1620, resp,
                             sizeof(resp), &len);
    if (status == DATA_READY) {
        cptra_assert_resp_ok(resp, len);
    }
    return status;
}

static const struct {
    bool in_sig;
    size_t at;
    uint32_t value, code;
} lms_malformed[] = {
    { false, 0, 5, 0x000e0043 },        /* key: LMS_SHA256_M32_H5 */
    { false, 4, 8, 0x000e0044 },        /* key: another LM-OTS type */
    { true, 1256, 5, 0x000e0043 },      /* signature's LMS type */
    { true, 4, 8, 0x000c000d },         /* its LM-OTS type, not the key's */
    { true, 0, 0x8000, 0x000c0007 },    /* q: past the 2^15 leaves */
};

static void test_runtime_lms_verify(void)
{
    CaliptraDev *d = cptra_start_runtime();
    CbLmsKey key;
    uint8_t seed[24], sig[1620];

    memset(seed, 0x33, sizeof(seed));
    cb_lms_test_key(&key, seed);
    sha_acc_hash_abc(d);
    cb_lms_sign(&key, sha384_abc_bytes, 48, sig);
    g_assert_cmpuint(rt_lms_verify(d, key.pub, sig), ==, DATA_READY);
    sig[600] ^= 1;
    g_assert_cmpuint(rt_lms_verify(d, key.pub, sig), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0042);
    sig[600] ^= 1;
    /*
     * Malformed, in the order 1.2 checks them (runtime verify.rs, then
     * the LMS driver's errors passed on unchanged, drivers lms.rs)
     */
    for (int i = 0; i < ARRAY_SIZE(lms_malformed); i++) {
        uint8_t k[48], bad[1620];

        memcpy(k, key.pub, sizeof(k));
        memcpy(bad, sig, sizeof(bad));
        stl_be_p((lms_malformed[i].in_sig ? bad : k) + lms_malformed[i].at,
                 lms_malformed[i].value);
        g_assert_cmpuint(rt_lms_verify(d, k, bad), ==, CMD_FAILURE);
        g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==,
                        lms_malformed[i].code);
    }
    g_assert_cmpuint(rt_lms_verify(d, key.pub, sig), ==, DATA_READY);
    cptra_stop(d);
}

static void test_runtime_self_test_shutdown(void)
{
    CaliptraDev *d = cptra_start_runtime();
    uint8_t resp[16];
    size_t len;

    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_SELF_TEST_RESULTS, resp,
                                         sizeof(resp), NULL), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0012);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_SELF_TEST_START, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_SELF_TEST_START, resp,
                                         sizeof(resp), NULL), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0011);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_SELF_TEST_RESULTS, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    g_assert_cmpuint(len, ==, 8);

    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_SHUTDOWN, resp, sizeof(resp),
                                         &len), ==, DATA_READY);
    cptra_assert_resp_ok(resp, len);
    cptra_assert_fatal(d, 0x000e0008);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_VERSION, NULL, 0, NULL), ==,
                     CMD_FAILURE);
    cptra_stop(d);
}

#define CMD_SET_AUTH_MANIFEST   0x41544d4e

#define CMD_AUTHORIZE_AND_STASH 0x41545348

#define IMAGE_AUTHORIZED        0xdeadc0de

#define IMAGE_NOT_AUTHORIZED    0x21523f21

#define IMAGE_HASH_MISMATCH     0x8bfb95cb

/* fw_id 1 bootmcu runtime, 10 ATF, 12 U-Boot (ASPEED's numbering) */
static CbAuthEntry auth_entries[3];

static uint8_t *test_auth_manifest(CbSpec *bundle_spec, uint32_t flags,
                                   size_t *len)
{
    CbAuthSpec a = { 0 };
    static const uint32_t ids[] = { 12, 1, 10 };
    uint8_t *m;

    for (int i = 0; i < 3; i++) {
        auth_entries[i].fw_id = ids[i];
        auth_entries[i].flags = ids[i] == 10 ? 1u << 2 : 0;
        memset(auth_entries[i].digest, 0xa0 + i, 48);
    }
    a.fw_vendor = &bundle_spec->vendor[0];
    a.fw_owner = &bundle_spec->owner;
    /* The manifest's keys: here the fake owner key and vendor key 0 */
    a.vendor = bundle_spec->vendor[0];
    a.owner = bundle_spec->owner;
    a.flags = flags;
    a.count = 3;
    a.entries = auth_entries;
    m = cb_auth_manifest(&a, len);
    g_assert_nonnull(m);
    return m;
}

static uint32_t rt_set_auth_manifest(CaliptraDev *d, const uint8_t *m,
                                     size_t len)
{
    g_autofree uint8_t *req = g_malloc0(8 + len);
    uint8_t resp[8];
    size_t rlen;
    uint32_t status;

    stl_le_p(req + 4, len);
    memcpy(req + 8, m, len);
    stl_le_p(req, cptra_checksum(CMD_SET_AUTH_MANIFEST, req + 4, 4 + len));
    status = cptra_mbox_exec(d, CMD_SET_AUTH_MANIFEST, req, 8 + len, resp,
                             sizeof(resp), &rlen);
    if (status == DATA_READY) {
        cptra_assert_resp_ok(resp, rlen);
    }
    return status;
}

/* Returns auth_req_result, or 0 if the command failed */
#define AUTH_SKIP_STASH         1

static uint32_t rt_authorize_flags(CaliptraDev *d, uint32_t fw_id,
                                   const uint8_t digest[48], uint32_t source,
                                   uint32_t flags)
{
    uint8_t req[116] = { 0 }, resp[12];
    size_t len;

    stl_le_p(req + 4, fw_id);
    memcpy(req + 8, digest, 48);
    stl_le_p(req + 108, flags);
    stl_le_p(req + 112, source);
    stl_le_p(req, cptra_checksum(CMD_AUTHORIZE_AND_STASH, req + 4, 112));
    if (cptra_mbox_exec(d, CMD_AUTHORIZE_AND_STASH, req, sizeof(req), resp,
                        sizeof(resp), &len) != DATA_READY) {
        return 0;
    }
    g_assert_cmpuint(len, ==, 12);
    cptra_assert_resp_ok(resp, len);
    return cptra_le32(resp + 8);
}

static uint32_t rt_authorize(CaliptraDev *d, uint32_t fw_id,
                             const uint8_t digest[48], uint32_t source)
{
    return rt_authorize_flags(d, fw_id, digest, source, AUTH_SKIP_STASH);
}

static void test_runtime_authorize(void)
{
    CaliptraDev *d = cptra_start_runtime();
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *m = NULL;
    uint8_t other[48];

    test_spec(&spec);
    m = test_auth_manifest(&spec, 1, &len);
    /* Nothing is authorized before a manifest is set */
    g_assert_cmphex(rt_authorize(d, 1, auth_entries[1].digest, 1), ==,
                    IMAGE_NOT_AUTHORIZED);
    g_assert_cmpuint(rt_set_auth_manifest(d, m, len), ==, DATA_READY);

    g_assert_cmphex(rt_authorize(d, 1, auth_entries[1].digest, 1), ==,
                    IMAGE_AUTHORIZED);
    g_assert_cmphex(rt_authorize(d, 12, auth_entries[0].digest, 1), ==,
                    IMAGE_AUTHORIZED);
    memset(other, 0x55, sizeof(other));
    g_assert_cmphex(rt_authorize(d, 12, other, 1), ==, IMAGE_HASH_MISMATCH);
    /* fw_id 10 is listed with ignore_auth_check */
    g_assert_cmphex(rt_authorize(d, 10, other, 1), ==, IMAGE_AUTHORIZED);
    g_assert_cmphex(rt_authorize(d, 13, auth_entries[0].digest, 1), ==,
                    IMAGE_NOT_AUTHORIZED);
    /* Only digests in the request are supported */
    g_assert_cmphex(rt_authorize(d, 1, auth_entries[1].digest, 2), ==, 0);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e004e);
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

    test_spec(&spec);
    sha_acc_hash_abc(d);
    memcpy(req + 4, spec.vendor[0].x, 48);
    memcpy(req + 4 + 48, spec.vendor[0].y, 48);
    g_assert_cmpint(cb_ecdsa_sign(&spec.vendor[0], sha384_abc_bytes,
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

    test_spec(&spec);
    m = test_auth_manifest(&spec, 1, &len);
    stl_le_p(req + 4, len);
    memcpy(req + 8, m, len);
    stl_le_p(req, cptra_checksum(CMD_SET_AUTH_MANIFEST, req + 4, full - 4));
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_SET_AUTH_MANIFEST, req, full,
                                     resp, sizeof(resp), &rlen), ==,
                     DATA_READY);
    g_assert_cmphex(rt_authorize(d, 1, auth_entries[1].digest, 1), ==,
                    IMAGE_AUTHORIZED);
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

    test_spec(&spec);
    spec.rt.version = 0x01020001;
    b = test_bundle(&spec, &len);
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

static const struct {
    const char *name;
    size_t flip;            /* manifest byte to damage */
    uint32_t code;
} auth_rejects[] = {
    { "marker", 0, 0x000e0045 },
    { "preamble-size", 4, 0x000e0046 },
    { "vendor-keys", 16 + 5, 0x000e0047 },      /* signed by the bundle's */
    { "owner-keys", 1876 + 5, 0x000e0049 },
    { "list-vendor-sig", 3736 + 60, 0x000e0047 },
    { "list-owner-sig", 5452 + 60, 0x000e0049 },
    { "list-entry", 7168 + 4 + 8, 0x000e0047 },  /* vendor checks first */
    { "entry-count", 7168, 0x000e004d },
    { "duplicate-id", 7168 + 4 + 56, 0x000e0053 },
    { "short", 1, 0x000e004b },
};

static void test_runtime_auth_manifest_reject(const void *opaque)
{
    int t = GPOINTER_TO_INT(opaque);
    CaliptraDev *d = cptra_start_runtime();
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *m = NULL;

    test_spec(&spec);
    m = test_auth_manifest(&spec, 1, &len);
    if (!strcmp(auth_rejects[t].name, "entry-count")) {
        stl_le_p(m + 7168, 0);
    } else if (!strcmp(auth_rejects[t].name, "duplicate-id")) {
        /* Second entry takes the first's id, list re-signed */
        CbAuthSpec a = { 0 };

        g_free(m);
        auth_entries[1].fw_id = auth_entries[0].fw_id;
        a.fw_vendor = &spec.vendor[0];
        a.fw_owner = &spec.owner;
        a.vendor = spec.vendor[0];
        a.owner = spec.owner;
        a.flags = 1;
        a.count = 3;
        a.entries = auth_entries;
        m = cb_auth_manifest(&a, &len);
    } else if (!strcmp(auth_rejects[t].name, "short")) {
        len = 7000;
    } else {
        m[auth_rejects[t].flip] ^= 0x01;
    }
    g_assert_cmpuint(rt_set_auth_manifest(d, m, len), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, auth_rejects[t].code);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    cptra_stop(d);
}

#define CMD_GET_IDEV_INFO       0x49444549

static void get_idev_info(CaliptraDev *d, uint8_t pub[96])
{
    uint8_t resp[104];
    size_t len;

    for (int i = 0; i < 12; i++) {
        soc_wr(d, FUSE_UDS_SEED(i), caliptra_default_uds[i]);
    }
    for (int i = 0; i < 8; i++) {
        soc_wr(d, FUSE_FIELD_ENTROPY(i), caliptra_default_fe[i]);
    }
    {
        CbSpec spec;
        size_t blen;
        g_autofree uint8_t *b = NULL;

        test_spec(&spec);
        b = test_bundle(&spec, &blen);
        cptra_fuse_keys(d, b);
        g_assert_cmpuint(cptra_fw_load(d, b, blen), ==, CMD_COMPLETE);
    }
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_GET_IDEV_INFO, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    g_assert_cmpuint(len, ==, 104);
    cptra_assert_resp_ok(resp, len);
    memcpy(pub, resp + 8, 96);
}

static void test_dice_idevid(void)
{
    CaliptraDev *d = cptra_start(NULL);
    uint8_t pub[96];

    get_idev_info(d, pub);
    cptra_assert_hex(pub, caliptra_default_idevid_pub);
    cptra_stop(d);
}

/* The LDevID certificate is byte for byte caliptra-sw 1.2's */
static void test_dice_ldevid_cert(void)
{
    CaliptraDev *d = cptra_start(NULL);
    uint8_t pub[96], resp[1024];
    uint8_t req[8] = { 0 };
    size_t len;

    get_idev_info(d, pub);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_GET_LDEV_CERT, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmpuint(ldl_le_p(resp + 8), ==,
                     sizeof(caliptra_golden_ldevid_cert));
    g_assert_cmpuint(len, ==, 12 + sizeof(caliptra_golden_ldevid_cert));
    g_assert_cmpmem(resp + 12, len - 12, caliptra_golden_ldevid_cert,
                    sizeof(caliptra_golden_ldevid_cert));

    /*
     * The request is its checksum only, and 1.2 reads nothing past it
     * (runtime/src/lib.rs): a longer one gets the same certificate
     */
    stl_le_p(req, cptra_checksum(CMD_GET_LDEV_CERT, req + 4, 4));
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_GET_LDEV_CERT, req, sizeof(req),
                                     resp, sizeof(resp), &len), ==,
                     DATA_READY);
    g_assert_cmpmem(resp + 12, len - 12, caliptra_golden_ldevid_cert,
                    sizeof(caliptra_golden_ldevid_cert));
    cptra_stop(d);
}

#define CMD_GET_IDEVID_CSR      0x49444352

#define IDEV_CSR_RESP_SIZE      (8 + 4 + 512)

static void assert_csr_resp(const uint8_t *resp, size_t len)
{
    g_assert_cmpuint(len, ==, IDEV_CSR_RESP_SIZE);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmpuint(ldl_le_p(resp + 8), ==,
                     sizeof(caliptra_golden_idevid_csr));
    g_assert_cmpmem(resp + 12, sizeof(caliptra_golden_idevid_csr),
                    caliptra_golden_idevid_csr,
                    sizeof(caliptra_golden_idevid_csr));
}

/*
 * The manufacturing flow: with MFG_FLAG_GEN_IDEV_CSR the ROM puts the
 * IDevID CSR in the mailbox (Caliptra as the requester) and waits for the
 * SoC to clear the flag; the CSR is caliptra-sw 1.2's, byte for byte.
 * ROM and runtime then hand it out again with GET_IDEVID_CSR.
 */
static void test_dice_idevid_csr_flow(void)
{
    CaliptraDev *d = cptra_start(NULL);
    uint8_t csr[448], resp[IDEV_CSR_RESP_SIZE];
    g_autofree uint8_t *b = NULL;
    uint32_t status;
    size_t len, blen;
    CbSpec spec;
    int i;

    test_spec(&spec);
    b = test_bundle(&spec, &blen);
    cptra_fuse_keys(d, b);
    for (i = 0; i < 12; i++) {
        soc_wr(d, FUSE_UDS_SEED(i), caliptra_default_uds[i]);
    }
    for (i = 0; i < 8; i++) {
        soc_wr(d, FUSE_FIELD_ENTROPY(i), caliptra_default_fe[i]);
    }
    soc_wr(d, DBG_MANUF_SERVICE_REG, 1);
    cptra_boot_to(d, FLOW_IDEVID_CSR_READY);
    g_assert_false(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_FW);

    status = mbox_rd(d, MBOX_STATUS);
    g_assert_cmpuint(MBOX_STATUS_FSM(status), ==, FSM_EXECUTE_SOC);
    g_assert_false(status & MBOX_STATUS_SOC_LOCK);
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 1);     /* Caliptra's */
    /* ... and the uC is told the SoC asked (NOTIF_SOC_REQ_LOCK) */
    g_assert_cmphex(soc_rd(d, 0x818) & BIT(4), !=, 0);
    g_assert_cmpuint(mbox_rd(d, MBOX_DLEN), ==,
                     sizeof(caliptra_golden_idevid_csr));
    for (i = 0; i < sizeof(csr); i += 4) {
        stl_le_p(csr + i, mbox_rd(d, MBOX_DATAOUT));
    }
    g_assert_cmpmem(csr, sizeof(caliptra_golden_idevid_csr),
                    caliptra_golden_idevid_csr,
                    sizeof(caliptra_golden_idevid_csr));

    /* The ROM waits until the SoC clears the flag */
    qtest_clock_step(d->qts, 1000);
    g_assert_false(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_FW);
    soc_wr(d, DBG_MANUF_SERVICE_REG, 0);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_FW));
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_IDLE);

    /* The ROM hands it out again ... */
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_GET_IDEVID_CSR, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    assert_csr_resp(resp, len);

    /* ... and so does the runtime */
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_FIRMWARE_LOAD, b, blen, NULL, 0,
                                     NULL), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_GET_IDEVID_CSR, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    assert_csr_resp(resp, len);
    cptra_stop(d);
}

/* Without the flag there is no CSR: ROM and runtime say so */
static void test_dice_idevid_csr_unprovisioned(void)
{
    CaliptraDev *d = cptra_start(NULL);
    uint8_t pub[96], resp[IDEV_CSR_RESP_SIZE];
    size_t len;

    get_idev_info(d, pub);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_GET_IDEVID_CSR, resp,
                                         sizeof(resp), &len), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0051);
    cptra_stop(d);

    d = cptra_start_ready(NULL);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_GET_IDEVID_CSR, resp,
                                         sizeof(resp), &len), ==,
                     CMD_FAILURE);
    cptra_assert_fatal(d, 0x0102000a);
    cptra_stop(d);
}

#define CMD_INCREMENT_PCR_RESET_COUNTER 0x50435252

#define QUOTE_RESP_SIZE         (8 + 32 * 48 + 32 + 48 + 32 * 4 + 96)

#define QUOTE_NONCE             (8 + 32 * 48)

#define QUOTE_DIGEST            (QUOTE_NONCE + 32)

#define QUOTE_RESET_CTRS        (QUOTE_DIGEST + 48)

#define QUOTE_SIG               (QUOTE_RESET_CTRS + 32 * 4)

static void quote(CaliptraDev *d, const uint8_t nonce[32], uint8_t *resp)
{
    uint8_t req[36];
    size_t len;

    memcpy(req + 4, nonce, 32);
    stl_le_p(req, cptra_checksum(CMD_QUOTE_PCRS, req + 4, 32));
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_QUOTE_PCRS, req, sizeof(req),
                                     resp, QUOTE_RESP_SIZE, &len), ==,
                     DATA_READY);
    g_assert_cmpuint(len, ==, QUOTE_RESP_SIZE);
    cptra_assert_resp_ok(resp, len);
}

static uint32_t rt_cmd_u32(CaliptraDev *d, uint32_t cmd, uint32_t arg,
                           const uint8_t *data, size_t data_len)
{
    uint8_t req[8 + 48] = { 0 }, resp[8];
    size_t len;

    stl_le_p(req + 4, arg);
    if (data) {
        memcpy(req + 8, data, data_len);
    }
    stl_le_p(req, cptra_checksum(cmd, req + 4, 4 + data_len));
    return cptra_mbox_exec(d, cmd, req, 8 + data_len, resp, sizeof(resp),
                           &len);
}

/*
 * QUOTE_PCRS after a cold boot: PCR0/1 as the ROM measures the device
 * and the FMC, PCR2/3 as the FMC measures the runtime, all recomputed
 * here; the quote signed by the FMC alias key, derived here from
 * caliptra-sw's LDevID CDI and this PCR0.
 */
/*
 * Without SKIP_STASH an authorized image is measured as STASH_MEASUREMENT
 * measures (a DPE context, PCR31), which only the PL0 PAUSER may do
 */
static void test_runtime_authorize_stash(void)
{
    static const uint8_t nonce[32];
    uint8_t want[48] = { 0 }, resp[QUOTE_RESP_SIZE];
    g_autofree uint8_t *m = NULL;
    CaliptraDev *d;
    size_t len;
    CbSpec spec;

    test_spec(&spec);
    spec.flags = 1;                 /* PL0: ast2700fc's PAUSER 1 */
    spec.pl0_pauser = 1;
    d = cptra_start_runtime_spec(&spec);
    m = test_auth_manifest(&spec, 1, &len);
    g_assert_cmpuint(rt_set_auth_manifest(d, m, len), ==, DATA_READY);
    g_assert_cmphex(rt_authorize_flags(d, 1, auth_entries[1].digest, 1, 0),
                    ==, IMAGE_AUTHORIZED);
    g_assert_cmphex(rt_authorize_flags(d, 12, auth_entries[0].digest, 1, 0),
                    ==, IMAGE_AUTHORIZED);
    cptra_sha384(want, 48, auth_entries[1].digest, 48, want);
    cptra_sha384(want, 48, auth_entries[0].digest, 48, want);
    quote(d, nonce, resp);
    g_assert_cmpmem(resp + 8 + 31 * 48, 48, want, 48);
    /* Not authorized: nothing is stashed */
    g_assert_cmphex(rt_authorize_flags(d, 13, auth_entries[0].digest, 1, 0),
                    ==, IMAGE_NOT_AUTHORIZED);
    quote(d, nonce, resp);
    g_assert_cmpmem(resp + 8 + 31 * 48, 48, want, 48);
    cptra_stop(d);

    /* A manifest without a PL0 PAUSER: the stash is refused */
    test_spec(&spec);
    d = cptra_start_runtime_spec(&spec);
    g_assert_cmpuint(rt_set_auth_manifest(d, m, len), ==, DATA_READY);
    g_assert_cmphex(rt_authorize_flags(d, 1, auth_entries[1].digest, 1, 0),
                    ==, 0);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0016);
    cptra_stop(d);
}

static void test_pcr_quote(void)
{
    CaliptraDev *d = cptra_start(NULL);
    static const uint8_t nonce[32] = "caliptra-qemu pcr quote nonce..";
    uint8_t resp[QUOTE_RESP_SIZE], pcr[4][48] = { { 0 } };
    uint8_t status[9] = { 3, 1, 0, 0, 3, 0, 0xff, 0, 1 };
    uint8_t vendor[48], owner[48], fmc[48], rt[48], manifest[48];
    uint8_t digest[48], cdi_l[48], cdi_f[48], seed[48], priv[48], rs[96];
    uint32_t w[12];
    g_autofree uint8_t *b = NULL;
    size_t blen;
    CbSpec spec;

    test_spec(&spec);
    spec.fmc.svn = 3;
    b = test_bundle(&spec, &blen);
    cb_vendor_pk_hash(b, w);
    for (int i = 0; i < 12; i++) {
        stl_be_p(vendor + 4 * i, w[i]);
    }
    cb_owner_pk_hash(b, w);
    for (int i = 0; i < 12; i++) {
        stl_be_p(owner + 4 * i, w[i]);
    }
    gcry_md_hash_buffer(GCRY_MD_SHA384, fmc, fmc_image, sizeof(fmc_image));
    gcry_md_hash_buffer(GCRY_MD_SHA384, rt, rt_image, sizeof(rt_image));
    gcry_md_hash_buffer(GCRY_MD_SHA384, manifest, b, 5884);
    for (int p = 0; p < 2; p++) {
        cptra_sha384(pcr[p], 48, status, sizeof(status), pcr[p]);
        cptra_sha384(pcr[p], 48, vendor, 48, pcr[p]);
        cptra_sha384(pcr[p], 48, owner, 48, pcr[p]);
        cptra_sha384(pcr[p], 48, fmc, 48, pcr[p]);
        cptra_sha384(pcr[p + 2], 48, rt, 48, pcr[p + 2]);
        cptra_sha384(pcr[p + 2], 48, manifest, 48, pcr[p + 2]);
    }

    for (int i = 0; i < 12; i++) {
        soc_wr(d, FUSE_UDS_SEED(i), caliptra_default_uds[i]);
    }
    for (int i = 0; i < 8; i++) {
        soc_wr(d, FUSE_FIELD_ENTROPY(i), caliptra_default_fe[i]);
    }
    cptra_fuse_keys(d, b);
    g_assert_cmpuint(cptra_fw_load(d, b, blen), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));

    quote(d, nonce, resp);
    for (int p = 0; p < 4; p++) {
        g_assert_cmpmem(resp + 8 + 48 * p, 48, pcr[p], 48);
    }
    for (int p = 4; p < 32; p++) {
        g_assert_true(buffer_is_zero(resp + 8 + 48 * p, 48));
    }
    g_assert_cmpmem(resp + QUOTE_NONCE, 32, nonce, 32);
    cptra_sha384(resp + 8, 32 * 48, nonce, 32, digest);
    g_assert_cmpmem(resp + QUOTE_DIGEST, 48, digest, 48);
    g_assert_true(buffer_is_zero(resp + QUOTE_RESET_CTRS, 32 * 4));

    /* The FMC alias key: KDF(CDI_LDevID, "fmc_alias_cdi", PCR0) ... */
    for (int i = 0; i < 48; i++) {
        sscanf(caliptra_default_ldevid_cdi + 2 * i, "%2hhx", &cdi_l[i]);
    }
    cptra_kdf(cdi_l, "fmc_alias_cdi", pcr[0], 48, cdi_f);
    cptra_kdf(cdi_f, "fmc_alias_keygen", NULL, 0, seed);
    cptra_drbg_key(seed, priv);
    cptra_sign_rfc6979(priv, digest, rs);
    g_assert_cmpmem(resp + QUOTE_SIG, 96, rs, 96);
    cptra_stop(d);
}

/* EXTEND_PCR and INCREMENT_PCR_RESET_COUNTER, with their refusals */
static void test_pcr_extend(void)
{
    CaliptraDev *d = cptra_start(NULL);
    uint8_t pub[96], resp[QUOTE_RESP_SIZE], data[48], want[48] = { 0 };
    static const uint8_t nonce[32];

    get_idev_info(d, pub);
    memset(data, 0x5c, sizeof(data));
    for (int i = 0; i < 2; i++) {
        g_assert_cmpuint(rt_cmd_u32(d, CMD_EXTEND_PCR, 4, data, 48), ==,
                         DATA_READY);
        cptra_sha384(want, 48, data, 48, want);
    }
    g_assert_cmpuint(rt_cmd_u32(d, CMD_INCREMENT_PCR_RESET_COUNTER, 7,
                                NULL, 0), ==, DATA_READY);
    g_assert_cmpuint(rt_cmd_u32(d, CMD_INCREMENT_PCR_RESET_COUNTER, 7,
                                NULL, 0), ==, DATA_READY);
    quote(d, nonce, resp);
    g_assert_cmpmem(resp + 8 + 48 * 4, 48, want, 48);
    g_assert_cmpuint(ldl_le_p(resp + QUOTE_RESET_CTRS + 4 * 7), ==, 2);

    /* PCR0..3 are the ROM's and FMC's; 32 and up do not exist */
    g_assert_cmpuint(rt_cmd_u32(d, CMD_EXTEND_PCR, 3, data, 48), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e003c);
    g_assert_cmpuint(rt_cmd_u32(d, CMD_EXTEND_PCR, 32, data, 48), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e003d);
    g_assert_cmpuint(rt_cmd_u32(d, CMD_EXTEND_PCR, 256, data, 48), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0009);
    g_assert_cmpuint(rt_cmd_u32(d, CMD_INCREMENT_PCR_RESET_COUNTER, 32,
                                NULL, 0), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0009);
    /* A short extension is a malformed request */
    g_assert_cmpuint(rt_cmd_u32(d, CMD_EXTEND_PCR, 5, data, 47), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0003);
    cptra_stop(d);
}

#define CMD_GET_FMC_ALIAS_CERT  0x43455246

#define CMD_GET_RT_ALIAS_CERT   0x43455252

#define CMD_GET_FMC_ALIAS_CSR   0x464d4352

/* caliptra-sw rt-1.2.0's LDevID public key (its golden certificate) */
static const char ldevid_pub_hex[] =
    "842c00af05accceb14514e2d37b0c3aaa218f15057f1dcb8"
    "24a214980b744688a0888a0297fa7dc5e1ead8ca1291db22"
    "9c28eb8678bce800822c07228f416ae49d218e5da2f2d1a8"
    "a27dc19adf668a74628999d222b40159d8076fafbb8c5edb";

static void unhex(const char *hex, uint8_t *out, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        sscanf(hex + 2 * i, "%2hhx", &out[i]);
    }
}

static size_t get_cert(CaliptraDev *d, uint32_t cmd, uint8_t *cert)
{
    uint8_t resp[12 + 1024];
    size_t len;

    g_assert_cmpuint(cptra_mbox_exec_hdr(d, cmd, resp, sizeof(resp), &len),
                     ==, DATA_READY);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmpuint(ldl_le_p(resp + 8), ==, len - 12);
    memcpy(cert, resp + 12, len - 12);
    return len - 12;
}

/*
 * The chain LDevID -> FMC alias -> runtime alias: each signature checks
 * with its issuer's key (the LDevID's from caliptra-sw's golden
 * certificate), the names, key ids and TcbInfo fields are where
 * caliptra-sw 1.2's templates put them (x509/build) with the values
 * recomputed here from the bundle and the fuses.
 */
static void test_dice_alias_certs(void)
{
    CaliptraDev *d = cptra_start(NULL);
    uint8_t ldev_xy[96], fmc_xy[96], cert[1024], want[48], w8[4];
    uint8_t fmc_sn[64], fmc_skid[20];
    uint8_t info[7 + 96] = { 3, 1, 0, 0, 0xff, 0, 1 };
    const uint8_t *tbs;
    g_autofree uint8_t *b = NULL;
    size_t len, tbs_len, blen;
    uint32_t w[12];
    CbSpec spec;

    test_spec(&spec);
    spec.fmc.svn = 3;
    spec.rt.svn = 5;
    b = test_bundle(&spec, &blen);
    for (int i = 0; i < 12; i++) {
        soc_wr(d, FUSE_UDS_SEED(i), caliptra_default_uds[i]);
    }
    for (int i = 0; i < 8; i++) {
        soc_wr(d, FUSE_FIELD_ENTROPY(i), caliptra_default_fe[i]);
    }
    cptra_fuse_keys(d, b);
    g_assert_cmpuint(cptra_fw_load(d, b, blen), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));

    /* FMC alias: 753-byte TBS, signed by the LDevID */
    unhex(ldevid_pub_hex, ldev_xy, 96);
    len = get_cert(d, CMD_GET_FMC_ALIAS_CERT, cert);
    tbs = cptra_cert_check(cert, len, ldev_xy, &tbs_len);
    g_assert_cmpuint(tbs_len, ==, 753);
    /* Issuer: the LDevID's name, as in its golden certificate's subject */
    g_assert_cmpmem(tbs + 86, 64, caliptra_golden_ldevid_cert + 4 + 229, 64);
    g_assert_cmpmem(tbs + 154, 15, "20230101000000Z", 15);
    g_assert_cmpmem(tbs + 171, 15, "99991231235959Z", 15);
    g_assert_cmphex(tbs[319], ==, 0x04);        /* uncompressed point */
    g_assert_cmphex(tbs[515], ==, 0);           /* fuse SVN (none fused) */
    cb_vendor_pk_hash(b, w);
    for (int i = 0; i < 12; i++) {
        stl_be_p(info + 7 + 4 * i, w[i]);
    }
    cb_owner_pk_hash(b, w);
    for (int i = 0; i < 12; i++) {
        stl_be_p(info + 7 + 48 + 4 * i, w[i]);
    }
    gcry_md_hash_buffer(GCRY_MD_SHA384, want, info, sizeof(info));
    g_assert_cmpmem(tbs + 533, 48, want, 48);   /* DEVICE_INFO hash */
    stl_be_p(w8, 1);                            /* production, locked */
    g_assert_cmpmem(tbs + 584, 4, w8, 4);
    g_assert_cmphex(tbs[613], ==, 3);           /* FMC SVN */
    gcry_md_hash_buffer(GCRY_MD_SHA384, want, fmc_image, sizeof(fmc_image));
    g_assert_cmpmem(tbs + 631, 48, want, 48);   /* FMC TCI */
    g_assert_cmpmem(tbs + 733, 20, caliptra_golden_ldevid_cert + 4 + 499,
                    20);                        /* AKID: the LDevID's SKID */
    memcpy(fmc_xy, tbs + 320, 96);
    memcpy(fmc_sn, tbs + 232, 64);
    memcpy(fmc_skid, tbs + 700, 20);

    /*
     * GET_FMC_ALIAS_CSR: the FMC's self-signed CSR of the same key, in
     * caliptra-sw's 325-byte template (subject serial at 53, key at 140,
     * UEID at 308), sent whole: size word, then 512 bytes
     */
    {
        uint8_t resp[8 + 4 + 512];

        g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_GET_FMC_ALIAS_CSR, resp,
                                             sizeof(resp), &len), ==,
                         DATA_READY);
        g_assert_cmpuint(len, ==, sizeof(resp));
        cptra_assert_resp_ok(resp, len);
        len = ldl_le_p(resp + 8);
        tbs = cptra_cert_check(resp + 12, len, fmc_xy, &tbs_len);
        g_assert_cmpuint(tbs_len, ==, 325);
        g_assert_true(memmem(tbs, tbs_len, "Caliptra 1.0 FMC Alias", 22));
        g_assert_cmpmem(tbs + 53, 64, fmc_sn, 64);
        g_assert_cmpmem(tbs + 141, 96, fmc_xy, 96);
        g_assert_true(buffer_is_zero(resp + 12 + len, 512 - len));
    }

    /* Runtime alias: 649-byte TBS, signed by the FMC alias */
    len = get_cert(d, CMD_GET_RT_ALIAS_CERT, cert);
    tbs = cptra_cert_check(cert, len, fmc_xy, &tbs_len);
    g_assert_cmpuint(tbs_len, ==, 649);
    g_assert_cmpmem(tbs + 89, 64, fmc_sn, 64);
    g_assert_cmpmem(tbs + 629, 20, fmc_skid, 20);
    g_assert_cmphex(tbs[510], ==, 5);           /* runtime SVN */
    gcry_md_hash_buffer(GCRY_MD_SHA384, want, rt_image, sizeof(rt_image));
    g_assert_cmpmem(tbs + 528, 48, want, 48);   /* runtime TCI */
    cptra_stop(d);
}

/*
 * Hostile requests: every runtime command, with lengths around its own
 * and junk content under a valid checksum. Each one gets an answer (data,
 * completion or failure with a non-fatal code); none stops Caliptra.
 */
static void test_runtime_hostile_requests(void)
{
    static const uint32_t cmds[] = {
        CMD_CAPABILITIES, CMD_VERSION, CMD_SELF_TEST_START,
        CMD_SELF_TEST_RESULTS, CMD_ECDSA384_VERIFY, CMD_LMS_VERIFY,
        CMD_FW_INFO, CMD_GET_IDEV_CERT, CMD_GET_IDEV_INFO,
        CMD_GET_LDEV_CERT, CMD_GET_IDEVID_CSR, CMD_GET_FMC_ALIAS_CERT,
        CMD_GET_RT_ALIAS_CERT, CMD_GET_FMC_ALIAS_CSR, CMD_QUOTE_PCRS,
        CMD_EXTEND_PCR,
        CMD_INCREMENT_PCR_RESET_COUNTER, CMD_SET_AUTH_MANIFEST,
        CMD_AUTHORIZE_AND_STASH, CMD_STASH_MEASUREMENT,
        0x44504543 /* INVOKE_DPE_COMMAND */, 0x54514754 /* DPE_TAG_TCI */,
        0x47544744 /* DPE_GET_TAGGED_TCI */,
        0x434b4558 /* CERTIFY_KEY_EXTENDED */,
        0x414c544e /* ADD_SUBJECT_ALT_NAME */,
        0x49444550 /* POPULATE_IDEV_CERT */,
        0x53574545 /* SIGN_WITH_EXPORTED_ECDSA */, 0x12345678,
    };
    static const size_t lens[] = {
        4, 5, 8, 24, 36, 55, 56, 57, 80, 84, 108, 116, 200, 520, 1020,
        1021, 1700, 9000,
    };
    CaliptraDev *d = cptra_start(NULL);
    g_autofree uint8_t *req = g_malloc(9000);
    g_autofree uint8_t *resp = g_malloc(4096);
    GRand *rand = g_rand_new_with_seed(0xca11b7a);
    uint8_t pub[96];
    size_t len;

    get_idev_info(d, pub);
    for (int c = 0; c < ARRAY_SIZE(cmds); c++) {
        for (int l = 0; l < ARRAY_SIZE(lens); l++) {
            uint32_t status;

            for (size_t i = 4; i < lens[l]; i++) {
                req[i] = g_rand_int(rand);
            }
            stl_le_p(req, cptra_checksum(cmds[c], req + 4, lens[l] - 4));
            status = cptra_mbox_exec(d, cmds[c], req, lens[l], resp, 4096,
                                     &len);
            g_assert_cmpuint(status, !=, CMD_BUSY);
            g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
            g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_IDLE);
        }
    }
    /* ... and it still answers properly */
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_VERSION, resp, 4096, &len),
                     ==, DATA_READY);
    cptra_assert_resp_ok(resp, len);
    g_rand_free(rand);
    cptra_stop(d);
}

/*
 * DISABLE_ATTESTATION: FW_INFO says so from then on, across a warm reset
 * too; the runtime alias certificate (made at boot) does not change.
 */
#define CMD_DISABLE_ATTESTATION 0x4453424c

#define FW_INFO_ATTESTATION_DISABLED    (8 + 16)

static uint32_t fw_info_disabled(CaliptraDev *d)
{
    uint8_t resp[8 + 256];
    size_t len;

    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_FW_INFO, resp, sizeof(resp),
                                         &len), ==, DATA_READY);
    cptra_assert_resp_ok(resp, len);
    return ldl_le_p(resp + FW_INFO_ATTESTATION_DISABLED);
}

static void test_runtime_disable_attestation(void)
{
    CaliptraDev *d = cptra_start(NULL);
    uint8_t pub[96], before[1024], after[1024], resp[8];
    size_t len_before, len_after, len;

    get_idev_info(d, pub);
    g_assert_cmpuint(fw_info_disabled(d), ==, 0);
    len_before = get_cert(d, CMD_GET_RT_ALIAS_CERT, before);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_DISABLE_ATTESTATION, resp,
                                         sizeof(resp), &len), ==, DATA_READY);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmpuint(fw_info_disabled(d), ==, 1);
    len_after = get_cert(d, CMD_GET_RT_ALIAS_CERT, after);
    g_assert_cmpmem(after, len_after, before, len_before);

    /* The fuses stay; the boot FSM waits for a new FUSE_WR_DONE write */
    cptra_warm_reset(d);
    soc_wr(d, FUSE_WR_DONE, 1);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_cmpuint(fw_info_disabled(d), ==, 1);
    cptra_stop(d);
}

static void test_dice_obf_key(void)
{
    CaliptraDev *d = cptra_start("-global caliptra.obf-key="
                                 "000102030405060708090a0b0c0d0e0f"
                                 "101112131415161718191a1b1c1d1e1f");
    QDict *rsp;
    uint8_t pub[96];
    char hex[193];

    /* The strap is write-only */
    rsp = qtest_qmp(d->qts, "{ 'execute': 'qom-get', 'arguments': "
                    "{ 'path': %s, 'property': 'obf-key' } }", d->qom_path);
    g_assert_true(qdict_haskey(rsp, "error"));
    qobject_unref(rsp);
    /* Another key, another identity from the same fuses */
    get_idev_info(d, pub);
    for (int i = 0; i < 96; i++) {
        sprintf(hex + 2 * i, "%02x", pub[i]);
    }
    g_assert_cmpstr(hex, !=, caliptra_default_idevid_pub);
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

    get_idev_info(d, pub);
    memset(data, 0x33, sizeof(data));
    g_assert_cmpuint(rt_cmd_u32(d, CMD_EXTEND_PCR, 9, data, 48), ==,
                     DATA_READY);
    g_assert_cmpuint(rt_cmd_u32(d, CMD_INCREMENT_PCR_RESET_COUNTER, 9,
                                NULL, 0), ==, DATA_READY);
    quote(d, nonce, before);
    len_before = get_cert(d, CMD_GET_FMC_ALIAS_CERT, cert_before);

    d = cptra_migrate(d);
    g_assert_true(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_RT);
    quote(d, nonce, after);
    g_assert_cmpmem(after, sizeof(after), before, sizeof(before));
    len_after = get_cert(d, CMD_GET_FMC_ALIAS_CERT, cert_after);
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
    qtest_add_func("/caliptra/runtime/checks", test_runtime_checks);
    qtest_add_func("/caliptra/runtime/warm-reset", test_runtime_warm_reset);
    qtest_add_func("/caliptra/ast2700fc/scu1-controls", test_scu1_controls);
    qtest_add_func("/caliptra/runtime/update", test_runtime_update);
    qtest_add_func("/caliptra/runtime/info", test_runtime_info);
    qtest_add_func("/caliptra/runtime/fw-info", test_runtime_fw_info);
    qtest_add_func("/caliptra/runtime/idev-cert", test_runtime_idev_cert);
    qtest_add_func("/caliptra/runtime/ecdsa384-verify",
                   test_runtime_ecdsa_verify);
    qtest_add_func("/caliptra/runtime/lms-verify", test_runtime_lms_verify);
    qtest_add_func("/caliptra/runtime/lengths", test_runtime_lengths);
    qtest_add_func("/caliptra/runtime/self-test-shutdown",
                   test_runtime_self_test_shutdown);
    qtest_add_func("/caliptra/runtime/authorize", test_runtime_authorize);
    qtest_add_func("/caliptra/runtime/authorize-stash",
                   test_runtime_authorize_stash);
    qtest_add_func("/caliptra/dice/idevid", test_dice_idevid);
    qtest_add_func("/caliptra/dice/ldevid-cert", test_dice_ldevid_cert);
    qtest_add_func("/caliptra/dice/alias-certs", test_dice_alias_certs);
    qtest_add_func("/caliptra/runtime/quote-pcrs", test_pcr_quote);
    qtest_add_func("/caliptra/runtime/disable-attestation",
                   test_runtime_disable_attestation);
    qtest_add_func("/caliptra/runtime/hostile-requests",
                   test_runtime_hostile_requests);
    qtest_add_func("/caliptra/runtime/extend-pcr", test_pcr_extend);
    qtest_add_func("/caliptra/dice/idevid-csr-flow",
                   test_dice_idevid_csr_flow);
    qtest_add_func("/caliptra/dice/idevid-csr-unprovisioned",
                   test_dice_idevid_csr_unprovisioned);
    qtest_add_func("/caliptra/dice/obf-key", test_dice_obf_key);
    for (int i = 0; i < ARRAY_SIZE(auth_rejects); i++) {
        g_autofree char *path =
            g_strdup_printf("/caliptra/runtime/auth-manifest-reject/%s",
                            auth_rejects[i].name);

        qtest_add_data_func(path, GINT_TO_POINTER(i),
                            test_runtime_auth_manifest_reject);
    }
    qtest_add_func("/caliptra/runtime/update-reject",
                   test_runtime_update_reject);
    qtest_add_func("/caliptra/runtime/update-oversized",
                   test_runtime_update_oversized);

    return g_test_run();
}
