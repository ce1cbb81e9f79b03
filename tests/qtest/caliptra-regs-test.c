/*
 * QTest of the Caliptra 1.x register blocks on the ast2700fc machine
 *
 * soc_ifc_reg, its fuses, PAUSER filters, pins and interrupt block, the SHA
 * accelerator, the TRNG and migration, without a crypto library (the
 * mailbox is caliptra-mbox-test). Expected values come from caliptra-rtl,
 * caliptra-sw's 1.2 ROM and NIST test vectors, never from the model.
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
#include "qobject/qlist.h"
#include "caliptra-utils.h"

#define AST2700_SCU_SILICON_ID  0x12c02000

static void test_machine_window(void)
{
    CaliptraDev *d = cptra_start(NULL);

    /* The machine is the A1 part, and Caliptra answers in its window */
    g_assert_cmphex(qtest_readl(d->qts, AST2700_SCU_SILICON_ID), ==,
                    0x06010103);
    g_assert_cmphex(soc_rd(d, HW_REV_ID), ==, 0x00000011);
    /* The undecoded gap between sha512_acc_csr and soc_ifc_reg reads 0 */
    g_assert_cmphex(cptra_rd(d, 0x8000), ==, 0);
    /* Only aligned 32-bit accesses exist: others read 0, write nothing */
    g_assert_cmphex(qtest_readw(d->qts, d->base + CPTRA_SOC + HW_REV_ID), ==,
                    0);
    g_assert_cmphex(qtest_readl(d->qts, d->base + CPTRA_SOC + HW_REV_ID + 2),
                    ==, 0);
    qtest_writeb(d->qts, d->base + CPTRA_SOC + FW_ERROR_ENC, 0x5a);
    g_assert_cmphex(soc_rd(d, FW_ERROR_ENC), ==, 0);
    g_assert_cmphex(qtest_readq(d->qts, d->base + CPTRA_SOC + HW_REV_ID), ==,
                    0x0000000000000011ULL);
    cptra_stop(d);
}

static const struct {
    uint32_t off;
    uint32_t val;
} soc_ifc_resets[] = {
    { HW_ERROR_FATAL, 0 }, { HW_ERROR_NON_FATAL, 0 },
    { FW_ERROR_FATAL, 0 }, { FW_ERROR_NON_FATAL, 0 },
    { 0x010, 0 }, { FW_ERROR_ENC, 0 }, { 0x018, 0 }, { 0x034, 0 },
    { BOOT_STATUS, 0 },
    /* ready_for_fuses with the boot FSM in BOOT_FUSE */
    { FLOW_STATUS, 0x42000000 },
    { RESET_REASON, 0 },
    /* production lifecycle, debug locked: the straps' defaults */
    { SECURITY_STATE, 0x7 },
    { MBOX_VALID_PAUSER(0), 0xffffffff }, { MBOX_VALID_PAUSER(4), 0xffffffff },
    { MBOX_PAUSER_LOCK(0), 0 }, { MBOX_PAUSER_LOCK(4), 0 },
    { TRNG_VALID_PAUSER, 0xffffffff }, { TRNG_PAUSER_LOCK, 0 },
    { TRNG_DATA(0), 0 }, { TRNG_DATA(11), 0 }, { TRNG_STATUS, 0 },
    { FUSE_WR_DONE, 0 }, { 0x0b4, 0 }, { BOOTFSM_GO, 0 },
    { DBG_MANUF_SERVICE_REG, 0 }, { 0x0c0, 0 },
    { 0x0c4, 0 }, { 0x0c8, 0 }, { 0x0cc, 0 }, { 0x0d0, 0 },
    { HW_REV_ID, 0x11 }, { FW_REV_ID(0), 0 }, { FW_REV_ID(1), 0 },
    { 0x0e4, 0 }, { 0x0e8, 0 },
    { 0x0ec, 0xffffffff }, { 0x0f0, 0xffffffff },   /* WDT timer1 period */
    { 0x0f4, 0 }, { 0x0f8, 0 },
    { 0x0fc, 0xffffffff }, { 0x100, 0xffffffff },   /* WDT timer2 period */
    { 0x104, 0 },
    { FUSE_VALID_PAUSER, 0xffffffff }, { FUSE_PAUSER_LOCK, 0 },
    { 0x110, 0 }, { 0x114, 0 }, { 0x118, 0 }, { 0x11c, 0 },
    { 0x120, 0 }, { 0x124, 0 },
    { FUSE_UDS_SEED(0), 0 }, { FUSE_KEY_MANIFEST_PK_HASH(0), 0 },
    { FUSE_KEY_MANIFEST_PK_HASH_MASK, 0 }, { FUSE_OWNER_PK_HASH(11), 0 },
    { FUSE_SOC_STEPPING_ID, 0 },
    { 0x628, 5 },   /* INTERNAL_FW_UPDATE_RESET_WAIT_CYCLES */
};

static void test_soc_ifc_reset_values(void)
{
    CaliptraDev *d = cptra_start(NULL);

    for (int i = 0; i < ARRAY_SIZE(soc_ifc_resets); i++) {
        g_test_message("soc_ifc +0x%03x", soc_ifc_resets[i].off);
        g_assert_cmphex(soc_rd(d, soc_ifc_resets[i].off), ==,
                        soc_ifc_resets[i].val);
    }
    /* Register arrays, and every fuse word up to FUSE_SOC_STEPPING_ID */
    for (int i = 0; i < 5; i++) {
        g_assert_cmphex(soc_rd(d, MBOX_VALID_PAUSER(i)), ==, 0xffffffff);
        g_assert_cmphex(soc_rd(d, MBOX_PAUSER_LOCK(i)), ==, 0);
    }
    for (int i = 0; i < 12; i++) {
        g_assert_cmphex(soc_rd(d, TRNG_DATA(i)), ==, 0);
    }
    for (uint32_t off = 0x018; off <= 0x034; off += 4) {
        g_assert_cmphex(soc_rd(d, off), ==, 0);     /* FW_EXTENDED_ERROR */
    }
    for (uint32_t off = FUSE_UDS_SEED(0); off <= FUSE_SOC_STEPPING_ID;
         off += 4) {
        g_assert_cmphex(soc_rd(d, off), ==, 0);
    }
    /* uC-only registers read their reset values (or 0) from the SoC */
    for (uint32_t off = 0x620; off <= 0x64c; off += 4) {
        g_assert_cmphex(soc_rd(d, off), ==, off == 0x628 ? 5 : 0);
    }
    cptra_stop(d);
}

static void test_soc_ifc_read_only(void)
{
    CaliptraDev *d = cptra_start(NULL);
    static const uint32_t ro[] = {
        BOOT_STATUS, FLOW_STATUS, RESET_REASON, SECURITY_STATE, HW_REV_ID,
        FW_REV_ID(0), FW_REV_ID(1), HW_CONFIG, 0x0cc, 0x0e4, 0x0ec, 0x628,
    };

    for (int i = 0; i < ARRAY_SIZE(ro); i++) {
        uint32_t before = soc_rd(d, ro[i]);

        soc_wr(d, ro[i], 0x5a5a5a5a);
        g_assert_cmphex(soc_rd(d, ro[i]), ==, before);
    }
    /* SoC-writable ones do take the value */
    soc_wr(d, FW_ERROR_ENC, 0x12345678);
    g_assert_cmphex(soc_rd(d, FW_ERROR_ENC), ==, 0x12345678);
    soc_wr(d, DBG_MANUF_SERVICE_REG, 0x1);
    g_assert_cmphex(soc_rd(d, DBG_MANUF_SERVICE_REG), ==, 0x1);
    cptra_stop(d);
}

static void test_soc_ifc_pauser_lock(void)
{
    CaliptraDev *d = cptra_start(NULL);

    soc_wr(d, MBOX_VALID_PAUSER(1), 0x11);
    g_assert_cmphex(soc_rd(d, MBOX_VALID_PAUSER(1)), ==, 0x11);
    soc_wr(d, MBOX_PAUSER_LOCK(1), 1);
    soc_wr(d, MBOX_VALID_PAUSER(1), 0x22);
    soc_wr(d, MBOX_PAUSER_LOCK(1), 0);
    g_assert_cmphex(soc_rd(d, MBOX_VALID_PAUSER(1)), ==, 0x11);
    g_assert_cmphex(soc_rd(d, MBOX_PAUSER_LOCK(1)), ==, 1);

    soc_wr(d, FUSE_VALID_PAUSER, 0xffffffff);
    soc_wr(d, FUSE_PAUSER_LOCK, 1);
    soc_wr(d, TRNG_VALID_PAUSER, 0x33);
    soc_wr(d, TRNG_PAUSER_LOCK, 1);

    /* Warm reset re-opens the mailbox/TRNG slots; fuse PAUSER is pwrgood */
    cptra_warm_reset(d);
    g_assert_cmphex(soc_rd(d, MBOX_VALID_PAUSER(1)), ==, 0xffffffff);
    g_assert_cmphex(soc_rd(d, MBOX_PAUSER_LOCK(1)), ==, 0);
    g_assert_cmphex(soc_rd(d, TRNG_VALID_PAUSER), ==, 0xffffffff);
    g_assert_cmphex(soc_rd(d, TRNG_PAUSER_LOCK), ==, 0);
    g_assert_cmphex(soc_rd(d, FUSE_PAUSER_LOCK), ==, 1);
    cptra_stop(d);
}

/*
 * The pins the SoC wires: caliptra-out (error fatal, error non-fatal,
 * ready for fuses, ready for firmware, ready for runtime, mailbox flow
 * done, TRNG request), mailbox-data-avail, and the generic wires.
 */
enum {
    OUT_ERROR_FATAL, OUT_ERROR_NON_FATAL, OUT_READY_FOR_FUSES,
    OUT_READY_FOR_FW, OUT_READY_FOR_RT, OUT_MAILBOX_FLOW_DONE, OUT_TRNG_REQ,
};

static void test_soc_ifc_pins(void)
{
    CaliptraDev *d = cptra_start(NULL);
    QTestState *qts = d->qts;
    uint8_t resp[64];
    size_t len;

    qtest_irq_intercept_out_named(qts, d->qom_path, "caliptra-out");
    /* Interception sees changes only: reset again, then watch */
    qtest_qmp_assert_success(qts, "{ 'execute': 'system_reset' }");
    qtest_qmp_eventwait(qts, "RESET");
    /* Out of reset the boot FSM waits for fuses */
    g_assert_true(qtest_get_irq(qts, OUT_READY_FOR_FUSES));
    g_assert_false(qtest_get_irq(qts, OUT_READY_FOR_FW));
    g_assert_false(qtest_get_irq(qts, OUT_ERROR_FATAL));

    /* FUSE_WR_DONE: the ROM asks for TRNG words, then is ready for FW */
    soc_wr(d, FUSE_WR_DONE, 1);
    for (int i = 0; i < 100 && !qtest_get_irq(qts, OUT_TRNG_REQ); i++) {
        qtest_clock_step(qts, 1000);
    }
    g_assert_false(qtest_get_irq(qts, OUT_READY_FOR_FUSES));
    g_assert_true(qtest_get_irq(qts, OUT_TRNG_REQ));
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_FW));
    g_assert_false(qtest_get_irq(qts, OUT_TRNG_REQ));
    g_assert_true(qtest_get_irq(qts, OUT_READY_FOR_FW));

    /* A mailbox protocol error (a write without the lock) is non-fatal */
    g_assert_false(qtest_get_irq(qts, OUT_ERROR_NON_FATAL));
    mbox_wr(d, MBOX_CMD, 0x1234);
    g_assert_cmphex(soc_rd(d, HW_ERROR_NON_FATAL), !=, 0);
    g_assert_true(qtest_get_irq(qts, OUT_ERROR_NON_FATAL));
    soc_wr(d, HW_ERROR_NON_FATAL, soc_rd(d, HW_ERROR_NON_FATAL));
    g_assert_false(qtest_get_irq(qts, OUT_ERROR_NON_FATAL));

    /* SHUTDOWN in the ROM ends in a fatal error */
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, 0x46505344 /* SHUTDOWN */, resp,
                                         sizeof(resp), &len), ==, DATA_READY);
    g_assert_true(qtest_get_irq(qts, OUT_ERROR_FATAL));
    cptra_stop(d);

    /* The generic input wires read back through CPTRA_GENERIC_INPUT_WIRES */
    d = cptra_start(NULL);
    qtest_set_irq_in(d->qts, d->qom_path, "generic-input-wires", 3, 1);
    qtest_set_irq_in(d->qts, d->qom_path, "generic-input-wires", 63, 1);
    g_assert_cmphex(soc_rd(d, 0x0c4), ==, 1u << 3);
    g_assert_cmphex(soc_rd(d, 0x0c8), ==, 1u << 31);
    qtest_set_irq_in(d->qts, d->qom_path, "generic-input-wires", 3, 0);
    g_assert_cmphex(soc_rd(d, 0x0c4), ==, 0);
    cptra_stop(d);
}

/*
 * A SoC write of a new, unmasked CPTRA_FW_ERROR_FATAL bit raises
 * cptra_error_fatal, which holds until cptra_rst_b even when the register
 * is cleared; the register itself survives the warm reset (pwrgood).
 */
static void test_soc_ifc_fw_error_fatal(void)
{
    CaliptraDev *d = cptra_start(NULL);
    QTestState *qts = d->qts;

    qtest_irq_intercept_out_named(qts, d->qom_path, "caliptra-out");
    qtest_qmp_assert_success(qts, "{ 'execute': 'system_reset' }");
    qtest_qmp_eventwait(qts, "RESET");
    g_assert_false(qtest_get_irq(qts, OUT_ERROR_FATAL));
    soc_wr(d, FW_ERROR_FATAL, 0x10);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0x10);
    g_assert_true(qtest_get_irq(qts, OUT_ERROR_FATAL));
    soc_wr(d, FW_ERROR_FATAL, 0);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    g_assert_true(qtest_get_irq(qts, OUT_ERROR_FATAL));
    soc_wr(d, FW_ERROR_FATAL, 0x20);
    cptra_warm_reset(d);
    g_assert_false(qtest_get_irq(qts, OUT_ERROR_FATAL));
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0x20);
    /* Rewriting a bit already set is no new error */
    soc_wr(d, FW_ERROR_FATAL, 0x20);
    g_assert_false(qtest_get_irq(qts, OUT_ERROR_FATAL));
    cptra_stop(d);
}

/*
 * QOM introspection creates and finalizes each of the model's types
 * without realizing it (as device-list-properties and QEMU's
 * device-introspect-test do); each lists the properties its source
 * defines. (The bootmcu's types come in later patches of the series.)
 */
static void test_introspect(void)
{
    static const struct {
        const char *type;
        const char *props[3];
    } types[] = {
        { "caliptra", { "firmware-type", "soc-pauser", "boot-pauser" } },
        { "caliptra-soc-ifc", { "lifecycle", "debug-locked", "hw-rev" } },
        { "caliptra-mbox", { "soc-ifc" } },
        { "caliptra-sha-acc", { "mbox" } },
        { "caliptra-fw-1.2", { "soc-ifc", "mbox", "sha-acc" } },
        { "caliptra-fw-peer", { "soc-ifc", "mbox", "sha-acc" } },
    };
    CaliptraDev *d = cptra_start(NULL);

    for (int i = 0; i < ARRAY_SIZE(types); i++) {
        QDict *resp = qtest_qmp(d->qts, "{ 'execute': 'device-list-properties',"
                                " 'arguments': { 'typename': %s } }",
                                types[i].type);
        QList *list = qdict_get_qlist(resp, "return");

        g_assert_nonnull(list);
        for (int j = 0; j < ARRAY_SIZE(types[i].props); j++) {
            const QListEntry *e;
            bool found = false;

            if (!types[i].props[j]) {
                continue;
            }
            QLIST_FOREACH_ENTRY(list, e) {
                QDict *prop = qobject_to(QDict, qlist_entry_obj(e));

                found |= !strcmp(qdict_get_str(prop, "name"),
                                 types[i].props[j]);
            }
            g_assert_true(found);
        }
        qobject_unref(resp);
    }
    /* The machine still runs */
    g_assert_cmphex(soc_rd(d, HW_REV_ID), ==, 0x00000011);
    cptra_stop(d);
}

static void test_soc_ifc_w1c(void)
{
    CaliptraDev *d = cptra_start(NULL);

    /* A mailbox write without the lock raises mbox_prot_no_lock */
    mbox_wr(d, MBOX_CMD, 0x1234);
    g_assert_cmphex(soc_rd(d, HW_ERROR_NON_FATAL), ==, 0x1);
    soc_wr(d, HW_ERROR_NON_FATAL, 0x0);
    g_assert_cmphex(soc_rd(d, HW_ERROR_NON_FATAL), ==, 0x1);
    soc_wr(d, HW_ERROR_NON_FATAL, 0x1);
    g_assert_cmphex(soc_rd(d, HW_ERROR_NON_FATAL), ==, 0x0);
    cptra_stop(d);
}

static void test_soc_ifc_security_state(void)
{
    CaliptraDev *d = cptra_start("-global caliptra-soc-ifc.lifecycle=1 "
                                 "-global caliptra-soc-ifc.debug-locked=off "
                                 "-global caliptra-soc-ifc.hw-rev=0x01");

    g_assert_cmphex(soc_rd(d, SECURITY_STATE), ==, 0x1);
    g_assert_cmphex(soc_rd(d, HW_REV_ID), ==, 0x01);
    cptra_stop(d);
}

static void test_soc_ifc_bootfsm_breakpoint(void)
{
    CaliptraDev *d = cptra_start("-global caliptra-soc-ifc.debug-locked=off "
                                 "-global "
                                 "caliptra-soc-ifc.bootfsm-breakpoint=on");

    soc_wr(d, FUSE_WR_DONE, 1);
    g_assert_cmpuint(FLOW_BOOT_FSM(soc_rd(d, FLOW_STATUS)), ==,
                     BOOT_FSM_WAIT);
    g_assert_false(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_FUSES);
    soc_wr(d, BOOTFSM_GO, 1);
    g_assert_cmpuint(FLOW_BOOT_FSM(soc_rd(d, FLOW_STATUS)), ==,
                     BOOT_FSM_DONE);
    cptra_stop(d);
}

static void test_fuses_lock(void)
{
    CaliptraDev *d = cptra_start(NULL);

    for (int i = 0; i < 12; i++) {
        soc_wr(d, FUSE_KEY_MANIFEST_PK_HASH(i), 0xa0000000 + i);
    }
    soc_wr(d, FUSE_KEY_MANIFEST_PK_HASH_MASK, 0xff);
    soc_wr(d, FUSE_SOC_STEPPING_ID, 0x12345678);
    for (int i = 0; i < 12; i++) {
        g_assert_cmphex(soc_rd(d, FUSE_KEY_MANIFEST_PK_HASH(i)), ==,
                        0xa0000000 + i);
    }
    /* mask is 4 bits wide, stepping id 16, and shows in HW_REV_ID[31:16] */
    g_assert_cmphex(soc_rd(d, FUSE_KEY_MANIFEST_PK_HASH_MASK), ==, 0xf);
    g_assert_cmphex(soc_rd(d, FUSE_SOC_STEPPING_ID), ==, 0x5678);
    g_assert_cmphex(soc_rd(d, HW_REV_ID), ==, 0x56780011);

    g_assert_true(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_FUSES);
    soc_wr(d, FUSE_WR_DONE, 1);
    g_assert_cmphex(soc_rd(d, FUSE_WR_DONE), ==, 1);
    g_assert_false(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_FUSES);
    g_assert_cmpuint(FLOW_BOOT_FSM(soc_rd(d, FLOW_STATUS)), ==,
                     BOOT_FSM_DONE);

    /* Locked now: writes are dropped, FUSE_WR_DONE cannot be undone */
    soc_wr(d, FUSE_KEY_MANIFEST_PK_HASH(0), 0);
    soc_wr(d, FUSE_OWNER_PK_HASH(0), 0x1);
    soc_wr(d, FUSE_WR_DONE, 0);
    g_assert_cmphex(soc_rd(d, FUSE_KEY_MANIFEST_PK_HASH(0)), ==, 0xa0000000);
    g_assert_cmphex(soc_rd(d, FUSE_OWNER_PK_HASH(0)), ==, 0);
    g_assert_cmphex(soc_rd(d, FUSE_WR_DONE), ==, 1);
    cptra_stop(d);
}

static void test_fuses_secret(void)
{
    CaliptraDev *d = cptra_start(NULL);

    for (int i = 0; i < 12; i++) {
        soc_wr(d, FUSE_UDS_SEED(i), 0xdead0000 + i);
        g_assert_cmphex(soc_rd(d, FUSE_UDS_SEED(i)), ==, 0);
    }
    for (int i = 0; i < 8; i++) {
        soc_wr(d, FUSE_FIELD_ENTROPY(i), 0xbeef0000 + i);
        g_assert_cmphex(soc_rd(d, FUSE_FIELD_ENTROPY(i)), ==, 0);
    }
    cptra_stop(d);
}

static void test_fuses_warm_reset(void)
{
    CaliptraDev *d = cptra_start(NULL);

    soc_wr(d, FUSE_OWNER_PK_HASH(3), 0xcafe);
    soc_wr(d, FUSE_WR_DONE, 1);
    soc_wr(d, FW_ERROR_ENC, 0x77);

    cptra_warm_reset(d);
    /* pwrgood state survives; the boot FSM waits for a new WR_DONE write */
    g_assert_cmphex(soc_rd(d, FUSE_OWNER_PK_HASH(3)), ==, 0xcafe);
    g_assert_cmphex(soc_rd(d, FUSE_WR_DONE), ==, 1);
    g_assert_cmphex(soc_rd(d, FW_ERROR_ENC), ==, 0x77);
    g_assert_cmphex(soc_rd(d, RESET_REASON), ==, 0x2);
    g_assert_cmphex(soc_rd(d, FLOW_STATUS), ==, 0x42000000);
    soc_wr(d, FUSE_OWNER_PK_HASH(3), 0);
    g_assert_cmphex(soc_rd(d, FUSE_OWNER_PK_HASH(3)), ==, 0xcafe);
    soc_wr(d, FUSE_WR_DONE, 1);
    g_assert_cmpuint(FLOW_BOOT_FSM(soc_rd(d, FLOW_STATUS)), ==,
                     BOOT_FSM_DONE);
    cptra_stop(d);
}

static void test_fuses_pauser(void)
{
    CaliptraDev *d = cptra_start(NULL);

    soc_wr(d, FUSE_OWNER_PK_HASH(0), 0x1234);
    /* Hand the fuses to another requester: this port loses access */
    soc_wr(d, FUSE_VALID_PAUSER, 0x77);
    soc_wr(d, FUSE_PAUSER_LOCK, 1);
    g_assert_cmphex(soc_rd(d, FUSE_OWNER_PK_HASH(0)), ==, 0);
    soc_wr(d, FUSE_OWNER_PK_HASH(1), 0x5678);
    /* Registers outside the fuse range stay reachable */
    g_assert_cmphex(soc_rd(d, FUSE_VALID_PAUSER), ==, 0x77);
    g_assert_cmphex(soc_rd(d, HW_REV_ID), ==, 0x11);
    cptra_stop(d);
}

static void test_sha_acc_reset_uc_owned(void)
{
    CaliptraDev *d = cptra_start(NULL);

    /* Out of reset the uC holds the accelerator */
    g_assert_cmphex(sha_rd(d, SHA_LOCK), ==, 1);
    g_assert_cmphex(sha_rd(d, SHA_STATUS), ==, 0);
    g_assert_cmphex(sha_rd(d, SHA_USER), ==, 0);
    sha_wr(d, SHA_MODE, SHA_MODE_SHA512_STREAM);
    sha_wr(d, SHA_LOCK, 1);
    g_assert_cmphex(sha_rd(d, SHA_MODE), ==, 0);
    g_assert_cmphex(sha_rd(d, SHA_LOCK), ==, 1);
    for (int i = 0; i < 16; i++) {
        g_assert_cmphex(sha_rd(d, SHA_DIGEST(i)), ==, 0);
    }
    cptra_stop(d);
}

static void test_trng_pauser(void)
{
    CaliptraDev *d = cptra_start(NULL);

    /* The TRNG belongs to another requester: this port cannot feed it */
    soc_wr(d, TRNG_VALID_PAUSER, 0x42);
    soc_wr(d, TRNG_PAUSER_LOCK, 1);
    soc_wr(d, FUSE_WR_DONE, 1);
    for (int i = 0; i < 100; i++) {
        cptra_serve_trng(d);
        qtest_clock_step(d->qts, 1000);
    }
    /* The request stays up; DATA_WR_DONE never got through */
    g_assert_cmphex(soc_rd(d, TRNG_STATUS), ==, TRNG_DATA_REQ);
    g_assert_false(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_FW);
    cptra_stop(d);
}

static const char sha512_abc[] =
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

static void test_sha_acc_nist_short(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);
    uint8_t digest[64];

    /* DLEN 3: the unused low byte of the only word is masked off */
    cptra_sha_stream(d, SHA_MODE_SHA384_STREAM, (const uint8_t *)"abc", 3,
               digest, 48);
    cptra_assert_hex(digest, cptra_sha384_abc);
    cptra_sha_stream(d, SHA_MODE_SHA512_STREAM, (const uint8_t *)"abc", 3,
               digest, 64);
    cptra_assert_hex(digest, sha512_abc);
    cptra_stop(d);
}

static void test_sha_acc_nist_long(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);
    static const char msg[] =
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
        "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    uint8_t big[1001];
    uint8_t digest[64];

    /* FIPS 180-2 two-block message (896 bits) */
    cptra_sha_stream(d, SHA_MODE_SHA384_STREAM, (const uint8_t *)msg, 112,
               digest, 48);
    cptra_assert_hex(digest,
               "09330c33f71147e83d192fc782cd1b4753111b173b3b05d2"
               "2fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039");

    /* 1001 bytes, several blocks and a ragged tail (hashlib-computed) */
    for (int i = 0; i < sizeof(big); i++) {
        big[i] = i * 7 + 3;
    }
    cptra_sha_stream(d, SHA_MODE_SHA384_STREAM, big, sizeof(big), digest, 48);
    cptra_assert_hex(digest,
               "1b5ca6bcc19e821f6bb9653ce3955bb9d9f1bdfbbb17003d"
               "1e37c605f803eeba7105088ae0596280dacefd42b76d1258");
    cptra_sha_stream(d, SHA_MODE_SHA512_STREAM, big, sizeof(big), digest, 64);
    cptra_assert_hex(digest,
               "6ab2bfd65fc3cdc8b43f64d907fcdeef97abe870db9ce351"
               "728cce68fce9f87ae2840be57cab730b687f51e935e00a57"
               "95acf901afdb5ea338d6eda35917fdc3");
    cptra_stop(d);
}

static void test_sha_acc_empty(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);

    /* The engine starts on the first DATAIN: EXECUTE alone never finishes */
    g_assert_cmphex(sha_rd(d, SHA_LOCK), ==, 0);
    sha_wr(d, SHA_MODE, SHA_MODE_SHA384_STREAM);
    sha_wr(d, SHA_DLEN, 0);
    sha_wr(d, SHA_EXECUTE, 1);
    qtest_clock_step(d->qts, 1000);
    g_assert_cmphex(sha_rd(d, SHA_STATUS), ==, SHA_STATUS_SOC_LOCK);
    cptra_stop(d);
}

/*
 * EXECUTE before DLEN bytes arrived: the engine hashes what was written
 * (a guest error); a DATAIN after the digest is ignored until the lock is
 * released. Digests from Python's hashlib.
 */
static void test_sha_acc_short_data(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);
    static const char sha384_abcd[] =
        "1165b3406ff0b52a3d24721f785462ca2276c9f454a116c2"
        "b2ba20171a7905ea5a026682eb659c4d5f115c363aa3c79b";
    uint8_t digest[48];

    g_assert_cmphex(sha_rd(d, SHA_LOCK), ==, 0);
    sha_wr(d, SHA_MODE, SHA_MODE_SHA384_STREAM);
    sha_wr(d, SHA_DLEN, 8);
    sha_wr(d, SHA_DATAIN, 0x61626364);          /* "abcd", half of DLEN */
    sha_wr(d, SHA_EXECUTE, 1);
    g_assert_cmphex(sha_rd(d, SHA_STATUS) & SHA_STATUS_VALID, !=, 0);
    sha_wr(d, SHA_DATAIN, 0x65666768);          /* "efgh", too late */
    cptra_sha_read_digest(d, digest, sizeof(digest));
    cptra_assert_hex(digest, sha384_abcd);
    sha_wr(d, SHA_LOCK, 1);
    cptra_stop(d);
}

static void test_sha_acc_lock_zeroize(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);
    uint8_t digest[64];

    cptra_sha_stream(d, SHA_MODE_SHA384_STREAM, (const uint8_t *)"abc", 3,
               digest, 48);
    /* Released: digest and mode stay until zeroized */
    g_assert_cmphex(sha_rd(d, SHA_DIGEST(0)), ==, 0xcb00753f);
    g_assert_cmphex(sha_rd(d, SHA_LOCK), ==, 0);
    g_assert_cmphex(sha_rd(d, SHA_LOCK), ==, 1);
    g_assert_cmphex(sha_rd(d, SHA_USER), ==, 0x1);
    sha_wr(d, SHA_CONTROL, 1);
    for (int i = 0; i < 16; i++) {
        g_assert_cmphex(sha_rd(d, SHA_DIGEST(i)), ==, 0);
    }
    /* One digest per lock: a second stream needs a release first */
    sha_wr(d, SHA_LOCK, 1);
    cptra_sha_stream(d, SHA_MODE_SHA512_STREAM, (const uint8_t *)"abc", 3,
               digest, 64);
    cptra_assert_hex(digest, sha512_abc);
    cptra_stop(d);
}

/*
 * The uC's interrupt block, as the SoC reads it: hardware events set
 * status bits and count (soc_ifc_top.sv); the SoC cannot write it.
 */
#define INTR_GLOBAL_EN          0x800

#define INTR_ERROR_GLOBAL       0x80c

#define INTR_ERROR_STATUS       0x814

#define INTR_NOTIF_STATUS       0x818

#define INTR_ERROR_COUNT(i)     (0x900 + 4 * (i))

#define INTR_NOTIF_COUNT(i)     (0x980 + 4 * (i))

#define  INTR_ERR_INV_DEV       1

#define  INTR_ERR_CMD_FAIL      2

#define  INTR_NOTIF_CMD_AVAIL   0

#define  INTR_NOTIF_GEN_IN      5

static void test_soc_ifc_intr_block(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);
    uint8_t resp[64];
    size_t len;

    g_assert_cmphex(soc_rd(d, INTR_ERROR_STATUS), ==, 0);
    g_assert_cmphex(soc_rd(d, INTR_NOTIF_STATUS), ==, 0);

    /* Two protocol errors: one status bit, two counts */
    mbox_wr(d, MBOX_CMD, 1);
    mbox_wr(d, MBOX_DLEN, 1);
    g_assert_cmphex(soc_rd(d, INTR_ERROR_STATUS), ==, BIT(INTR_ERR_CMD_FAIL));
    g_assert_cmpuint(soc_rd(d, INTR_ERROR_COUNT(INTR_ERR_CMD_FAIL)), ==, 2);

    /* A mailbox access by a user that is not a valid one */
    cptra_set_pauser(d, 0x55);
    mbox_rd(d, MBOX_LOCK);
    cptra_set_pauser(d, 1);
    g_assert_cmphex(soc_rd(d, INTR_ERROR_STATUS), ==,
                    BIT(INTR_ERR_CMD_FAIL) | BIT(INTR_ERR_INV_DEV));
    g_assert_cmpuint(soc_rd(d, INTR_ERROR_COUNT(INTR_ERR_INV_DEV)), ==, 1);

    /* A command for the uC, and a generic input toggle */
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_VERSION, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    qtest_set_irq_in(d->qts, d->qom_path, "generic-input-wires", 7, 1);
    g_assert_cmphex(soc_rd(d, INTR_NOTIF_STATUS), ==,
                    BIT(INTR_NOTIF_CMD_AVAIL) | BIT(INTR_NOTIF_GEN_IN));
    g_assert_cmpuint(soc_rd(d, INTR_NOTIF_COUNT(INTR_NOTIF_CMD_AVAIL)), ==,
                     1);
    g_assert_cmpuint(soc_rd(d, INTR_NOTIF_COUNT(INTR_NOTIF_GEN_IN)), ==, 1);

    /* Enables are the firmware's (none): no aggregate; SoC writes drop */
    g_assert_cmphex(soc_rd(d, INTR_ERROR_GLOBAL), ==, 0);
    soc_wr(d, INTR_ERROR_STATUS, ~0u);
    soc_wr(d, INTR_GLOBAL_EN, 3);
    g_assert_cmphex(soc_rd(d, INTR_ERROR_STATUS), ==,
                    BIT(INTR_ERR_CMD_FAIL) | BIT(INTR_ERR_INV_DEV));
    g_assert_cmphex(soc_rd(d, INTR_GLOBAL_EN), ==, 0);

    /*
     * The SHA accelerator's block: the ROM's self test hashed for the uC
     * (notif_cmd_done, counted once); the SoC's own hashes do not count.
     */
    g_assert_cmphex(sha_rd(d, 0x818), ==, 1);
    g_assert_cmpuint(sha_rd(d, 0x980), ==, 1);
    g_assert_cmphex(sha_rd(d, SHA_LOCK), ==, 0);
    sha_wr(d, SHA_MODE, SHA_MODE_SHA384_STREAM);
    sha_wr(d, SHA_DLEN, 4);
    sha_wr(d, SHA_DATAIN, 0x61626364);
    sha_wr(d, SHA_EXECUTE, 1);
    g_assert_cmphex(sha_rd(d, SHA_STATUS) & SHA_STATUS_VALID, !=, 0);
    sha_wr(d, SHA_LOCK, 1);
    g_assert_cmpuint(sha_rd(d, 0x980), ==, 1);
    sha_wr(d, 0x818, 1);                        /* the SoC cannot clear it */
    g_assert_cmphex(sha_rd(d, 0x818), ==, 1);

    /* A warm reset keeps the errors, not the notifications */
    cptra_warm_reset(d);
    g_assert_cmphex(soc_rd(d, INTR_ERROR_STATUS), ==,
                    BIT(INTR_ERR_CMD_FAIL) | BIT(INTR_ERR_INV_DEV));
    g_assert_cmphex(soc_rd(d, INTR_NOTIF_STATUS), ==, 0);
    g_assert_cmpuint(soc_rd(d, INTR_ERROR_COUNT(INTR_ERR_CMD_FAIL)), ==, 2);
    g_assert_cmpuint(soc_rd(d, INTR_NOTIF_COUNT(INTR_NOTIF_CMD_AVAIL)), ==,
                     0);
    cptra_stop(d);
}

static void test_sha_acc_second_requester(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);
    uint8_t digest[64];

    g_assert_cmphex(sha_rd(d, SHA_LOCK), ==, 0);
    sha_wr(d, SHA_MODE, SHA_MODE_SHA512_STREAM);
    /* No PAUSER filter on the accelerator: anyone may try, and wait */
    cptra_set_pauser(d, 7);
    g_assert_cmphex(sha_rd(d, SHA_LOCK), ==, 1);
    sha_wr(d, SHA_MODE, SHA_MODE_SHA384_STREAM);
    sha_wr(d, SHA_LOCK, 1);
    g_assert_cmphex(sha_rd(d, SHA_MODE), ==, SHA_MODE_SHA512_STREAM);
    g_assert_cmphex(sha_rd(d, SHA_STATUS), ==, SHA_STATUS_SOC_LOCK);
    cptra_set_pauser(d, 1);
    sha_wr(d, SHA_LOCK, 1);
    cptra_set_pauser(d, 7);
    cptra_sha_stream(d, SHA_MODE_SHA384_STREAM, (const uint8_t *)"abc", 3,
               digest, 48);
    cptra_assert_hex(digest, cptra_sha384_abc);
    cptra_stop(d);
}

static void test_migration_in_flight(void)
{
    static const char msg[] =
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
        "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    CaliptraDev *src = cptra_start_ready(NULL);
    CaliptraDev *dst;
    uint8_t req[4];
    uint32_t resp[6];
    int i;

    /* A CAPABILITIES request written but not executed ... */
    stl_le_p(req, cptra_checksum(CMD_CAPABILITIES, NULL, 0));
    g_assert_cmphex(mbox_rd(src, MBOX_LOCK), ==, 0);
    mbox_wr(src, MBOX_CMD, CMD_CAPABILITIES);
    mbox_wr(src, MBOX_DLEN, 4);
    mbox_wr(src, MBOX_DATAIN, ldl_le_p(req));
    /* ... and half of the FIPS 180-2 two-block message streamed */
    g_assert_cmphex(sha_rd(src, SHA_LOCK), ==, 0);
    sha_wr(src, SHA_MODE, SHA_MODE_SHA384_STREAM);
    sha_wr(src, SHA_DLEN, 112);
    for (i = 0; i < 60; i += 4) {
        sha_wr(src, SHA_DATAIN, ldl_be_p(msg + i));
    }

    dst = cptra_migrate(src);

    /* Both carry on where they stopped */
    g_assert_cmphex(soc_rd(dst, FLOW_STATUS) & FLOW_READY_FOR_FW, !=, 0);
    g_assert_cmpuint(cptra_mbox_fsm(dst), ==, FSM_RDY_FOR_DATA);
    mbox_wr(dst, MBOX_EXECUTE, 1);
    for (i = 0; i < 100 && cptra_mbox_fsm(dst) == FSM_EXECUTE_UC; i++) {
        qtest_clock_step(dst->qts, 1000);
    }
    g_assert_cmpuint(MBOX_STATUS_STATUS(mbox_rd(dst, MBOX_STATUS)), ==,
                     DATA_READY);
    g_assert_cmphex(mbox_rd(dst, MBOX_DLEN), ==, 24);
    for (i = 0; i < 6; i++) {
        resp[i] = mbox_rd(dst, MBOX_DATAOUT);
    }
    cptra_assert_resp_ok((uint8_t *)resp, 24);
    g_assert_cmphex(resp[5], ==, 0x01000000);
    mbox_wr(dst, MBOX_EXECUTE, 0);

    for (i = 60; i < 112; i += 4) {
        sha_wr(dst, SHA_DATAIN, ldl_be_p(msg + i));
    }
    sha_wr(dst, SHA_EXECUTE, 1);
    g_assert_cmphex(sha_rd(dst, SHA_STATUS), ==,
                    SHA_STATUS_VALID | SHA_STATUS_SOC_LOCK);
    g_assert_cmphex(sha_rd(dst, SHA_DIGEST(0)), ==, 0x09330c33);
    g_assert_cmphex(sha_rd(dst, SHA_DIGEST(11)), ==, 0x91746039);
    cptra_stop(dst);
}

/*
 * A migration in every state of the mailbox FSM: the destination shows
 * the same state, lock and status, and the transaction goes on from
 * there to the ROM's CAPABILITIES answer (ERROR: stays stuck until a warm
 * reset, as on the source).
 */
typedef enum MboxWalk {
    WALK_IDLE,
    WALK_RDY_FOR_CMD,
    WALK_RDY_FOR_DLEN,
    WALK_RDY_FOR_DATA,
    WALK_EXECUTE_UC,        /* the uC still in reset: nobody answers */
    WALK_EXECUTE_SOC,
    WALK_ERROR,
} MboxWalk;

static const struct {
    const char *name;
    uint32_t fsm;
} mbox_walk[] = {
    [WALK_IDLE] = { "idle", FSM_IDLE },
    [WALK_RDY_FOR_CMD] = { "rdy-for-cmd", FSM_RDY_FOR_CMD },
    [WALK_RDY_FOR_DLEN] = { "rdy-for-dlen", FSM_RDY_FOR_DLEN },
    [WALK_RDY_FOR_DATA] = { "rdy-for-data", FSM_RDY_FOR_DATA },
    [WALK_EXECUTE_UC] = { "execute-uc", FSM_EXECUTE_UC },
    [WALK_EXECUTE_SOC] = { "execute-soc", FSM_EXECUTE_SOC },
    [WALK_ERROR] = { "error", FSM_ERROR },
};

static void walk_step(CaliptraDev *d, MboxWalk to)
{
    uint8_t req[4];

    stl_le_p(req, cptra_checksum(CMD_CAPABILITIES, NULL, 0));
    switch (to) {
    case WALK_IDLE:
        break;
    case WALK_RDY_FOR_CMD:
        g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
        break;
    case WALK_RDY_FOR_DLEN:
        mbox_wr(d, MBOX_CMD, CMD_CAPABILITIES);
        break;
    case WALK_RDY_FOR_DATA:
        mbox_wr(d, MBOX_DLEN, 4);
        break;
    case WALK_EXECUTE_UC:
        mbox_wr(d, MBOX_DATAIN, ldl_le_p(req));
        mbox_wr(d, MBOX_EXECUTE, 1);
        break;
    case WALK_EXECUTE_SOC:
        cptra_boot_to(d, FLOW_READY_FOR_FW);    /* the ROM answers */
        break;
    case WALK_ERROR:
        cptra_mbox_break_protocol(d);
        break;
    }
}

static void test_migration_mbox_fsm(const void *opaque)
{
    MboxWalk state = (MboxWalk)(uintptr_t)opaque;
    CaliptraDev *src = cptra_start(NULL), *dst;
    uint32_t status;
    uint32_t resp[6];

    if (state == WALK_ERROR) {
        walk_step(src, WALK_ERROR);
    } else {
        for (MboxWalk w = WALK_IDLE; w <= state; w++) {
            walk_step(src, w);
        }
    }
    g_assert_cmpuint(cptra_mbox_fsm(src), ==, mbox_walk[state].fsm);
    status = mbox_rd(src, MBOX_STATUS);

    dst = cptra_migrate(src);
    g_assert_cmphex(mbox_rd(dst, MBOX_STATUS), ==, status);

    if (state == WALK_ERROR) {
        cptra_mbox_assert_stuck(dst);
        cptra_warm_reset(dst);
        g_assert_cmpuint(cptra_mbox_fsm(dst), ==, FSM_IDLE);
        cptra_stop(dst);
        return;
    }
    for (MboxWalk w = state + 1; w <= WALK_EXECUTE_SOC; w++) {
        walk_step(dst, w);
    }
    g_assert_cmpuint(cptra_mbox_fsm(dst), ==, FSM_EXECUTE_SOC);
    g_assert_cmpuint(MBOX_STATUS_STATUS(mbox_rd(dst, MBOX_STATUS)), ==,
                     DATA_READY);
    g_assert_cmphex(mbox_rd(dst, MBOX_DLEN), ==, 24);
    for (int i = 0; i < 6; i++) {
        resp[i] = mbox_rd(dst, MBOX_DATAOUT);
    }
    cptra_assert_resp_ok((uint8_t *)resp, 24);
    g_assert_cmphex(resp[5], ==, 0x01000000);   /* ROM_BASE */
    mbox_wr(dst, MBOX_EXECUTE, 0);
    g_assert_cmpuint(cptra_mbox_fsm(dst), ==, FSM_IDLE);
    cptra_stop(dst);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    qtest_add_func("/caliptra/ast2700fc/window", test_machine_window);
    qtest_add_func("/caliptra/soc-ifc/reset-values",
                   test_soc_ifc_reset_values);
    qtest_add_func("/caliptra/soc-ifc/read-only", test_soc_ifc_read_only);
    qtest_add_func("/caliptra/soc-ifc/pauser-lock", test_soc_ifc_pauser_lock);
    qtest_add_func("/caliptra/soc-ifc/w1c", test_soc_ifc_w1c);
    qtest_add_func("/caliptra/soc-ifc/pins", test_soc_ifc_pins);
    qtest_add_func("/caliptra/soc-ifc/introspect", test_introspect);
    qtest_add_func("/caliptra/soc-ifc/fw-error-fatal",
                   test_soc_ifc_fw_error_fatal);
    qtest_add_func("/caliptra/soc-ifc/intr-block", test_soc_ifc_intr_block);
    qtest_add_func("/caliptra/soc-ifc/security-state",
                   test_soc_ifc_security_state);
    qtest_add_func("/caliptra/soc-ifc/bootfsm-breakpoint",
                   test_soc_ifc_bootfsm_breakpoint);
    qtest_add_func("/caliptra/fuses/lock", test_fuses_lock);
    qtest_add_func("/caliptra/fuses/secret", test_fuses_secret);
    qtest_add_func("/caliptra/fuses/warm-reset", test_fuses_warm_reset);
    qtest_add_func("/caliptra/fuses/pauser", test_fuses_pauser);
    qtest_add_func("/caliptra/sha-acc/reset-uc-owned",
                   test_sha_acc_reset_uc_owned);
    qtest_add_func("/caliptra/trng/pauser", test_trng_pauser);
    qtest_add_func("/caliptra/sha-acc/nist-short", test_sha_acc_nist_short);
    qtest_add_func("/caliptra/sha-acc/nist-long", test_sha_acc_nist_long);
    qtest_add_func("/caliptra/sha-acc/empty", test_sha_acc_empty);
    qtest_add_func("/caliptra/sha-acc/short-data", test_sha_acc_short_data);
    qtest_add_func("/caliptra/sha-acc/lock-zeroize",
                   test_sha_acc_lock_zeroize);
    qtest_add_func("/caliptra/migration/in-flight", test_migration_in_flight);
    for (int i = 0; i < ARRAY_SIZE(mbox_walk); i++) {
        g_autofree char *path =
            g_strdup_printf("/caliptra/migration/mbox-fsm/%s",
                            mbox_walk[i].name);

        qtest_add_data_func(path, (void *)(uintptr_t)i,
                            test_migration_mbox_fsm);
    }
    qtest_add_func("/caliptra/sha-acc/second-requester",
                   test_sha_acc_second_requester);

    return g_test_run();
}
