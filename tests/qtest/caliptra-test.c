/*
 * QTest for the Caliptra 1.x model on the ast2700fc machine
 *
 * Expected values come from caliptra-rtl's RDL and integration
 * specification, caliptra-sw's 1.2 firmware sources and NIST test
 * vectors, never from the model.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "caliptra-utils.h"

/* ast2700fc: Caliptra's APB window in the Cortex-A35 map */
#define AST2700_CALIPTRA_BASE   0x14c60000
#define AST2700_SCU_SILICON_ID  0x12c02000
#define AST2700_CALIPTRA_QOM    "/machine/caliptra"

static CaliptraDev *cptra_start(const char *extra)
{
    CaliptraDev *d = g_new0(CaliptraDev, 1);

    d->qts = qtest_initf("-machine ast2700fc %s", extra ? extra : "");
    d->base = AST2700_CALIPTRA_BASE;
    d->qom_path = AST2700_CALIPTRA_QOM;
    return d;
}

static void cptra_stop(CaliptraDev *d)
{
    qtest_quit(d->qts);
    g_free(d);
}

/* ast2700fc */

static void test_machine_window(void)
{
    CaliptraDev *d = cptra_start(NULL);

    /* The machine is the A1 part, and Caliptra answers in its window */
    g_assert_cmphex(qtest_readl(d->qts, AST2700_SCU_SILICON_ID), ==,
                    0x06010103);
    g_assert_cmphex(soc_rd(d, HW_REV_ID), ==, 0x00000011);
    /* The undecoded gap between sha512_acc_csr and soc_ifc_reg reads 0 */
    g_assert_cmphex(cptra_rd(d, 0x8000), ==, 0);
    cptra_stop(d);
}

/* soc-ifc */

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

/* fuses */

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

/* mbox */

static void test_mbox_reset_values(void)
{
    CaliptraDev *d = cptra_start(NULL);

    g_assert_cmphex(mbox_rd(d, MBOX_STATUS), ==, 0);
    g_assert_cmphex(mbox_rd(d, MBOX_USER), ==, 0);
    g_assert_cmphex(mbox_rd(d, MBOX_CMD), ==, 0);
    g_assert_cmphex(mbox_rd(d, MBOX_DLEN), ==, 0);
    g_assert_cmphex(mbox_rd(d, MBOX_EXECUTE), ==, 0);
    g_assert_cmphex(mbox_rd(d, MBOX_UNLOCK), ==, 0);
    cptra_stop(d);
}

static void test_mbox_lock(void)
{
    CaliptraDev *d = cptra_start(NULL);

    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 1);
    g_assert_cmphex(mbox_rd(d, MBOX_USER), ==, 0xffffffff);
    g_assert_cmphex(mbox_rd(d, MBOX_STATUS), ==,
                    MBOX_STATUS_SOC_LOCK | (FSM_RDY_FOR_CMD << 6));
    /* Writes to LOCK do nothing but count as out of order here */
    mbox_wr(d, MBOX_LOCK, 0);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_ERROR);
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 1);
    cptra_stop(d);
}

static void test_mbox_no_lock(void)
{
    CaliptraDev *d = cptra_start(NULL);

    mbox_wr(d, MBOX_DLEN, 4);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_IDLE);
    g_assert_cmphex(mbox_rd(d, MBOX_DLEN), ==, 0);
    g_assert_cmphex(soc_rd(d, HW_ERROR_NON_FATAL), ==, 0x1);
    soc_wr(d, HW_ERROR_NON_FATAL, 0x1);
    g_assert_cmphex(mbox_rd(d, MBOX_DATAOUT), ==, 0);
    g_assert_cmphex(soc_rd(d, HW_ERROR_NON_FATAL), ==, 0x1);
    cptra_stop(d);
}

static void test_mbox_fsm_sequence(void)
{
    CaliptraDev *d = cptra_start(NULL);

    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_RDY_FOR_CMD);
    mbox_wr(d, MBOX_CMD, 0x43415053);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_RDY_FOR_DLEN);
    mbox_wr(d, MBOX_DLEN, 8);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_RDY_FOR_DATA);
    mbox_wr(d, MBOX_DATAIN, 0x11111111);
    mbox_wr(d, MBOX_DATAIN, 0x22222222);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_RDY_FOR_DATA);
    g_assert_cmphex(mbox_rd(d, MBOX_CMD), ==, 0x43415053);
    g_assert_cmphex(mbox_rd(d, MBOX_DLEN), ==, 8);
    mbox_wr(d, MBOX_EXECUTE, 1);
    /* No ROM runs before FUSE_WR_DONE: the uC keeps the command */
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_EXECUTE_UC);
    g_assert_cmphex(MBOX_STATUS_STATUS(mbox_rd(d, MBOX_STATUS)), ==,
                    CMD_BUSY);
    /* The SoC may not touch it while the uC works on it */
    g_assert_cmphex(mbox_rd(d, MBOX_DATAOUT), ==, 0);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_ERROR);
    g_assert_cmphex(soc_rd(d, HW_ERROR_NON_FATAL), ==, 0x2);
    cptra_stop(d);
}

static void test_mbox_out_of_order(void)
{
    CaliptraDev *d = cptra_start(NULL);

    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
    mbox_wr(d, MBOX_DLEN, 4);      /* CMD expected */
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_ERROR);
    g_assert_cmphex(soc_rd(d, HW_ERROR_NON_FATAL), ==, 0x2);
    /* ERROR holds the lock; nothing the SoC writes gets through */
    mbox_wr(d, MBOX_CMD, 1);
    mbox_wr(d, MBOX_EXECUTE, 0);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_ERROR);
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 1);
    g_assert_cmphex(mbox_rd(d, MBOX_CMD), ==, 0);

    /* Only reset (or the uC's force unlock) leaves ERROR */
    cptra_warm_reset(d);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_IDLE);
    /* HW_ERROR_NON_FATAL is pwrgood state: it survives */
    g_assert_cmphex(soc_rd(d, HW_ERROR_NON_FATAL), ==, 0x2);
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
    cptra_stop(d);
}

static void test_mbox_pauser(void)
{
    CaliptraDev *d = cptra_start("-global caliptra.soc-pauser=0x5");

    /* PAUSER 5 is not a valid mailbox user yet: PSLVERR, no lock taken */
    mbox_rd(d, MBOX_LOCK);
    soc_wr(d, MBOX_VALID_PAUSER(2), 0x5);
    g_assert_cmphex(mbox_rd(d, MBOX_STATUS), ==, 0);
    /* Valid only once the slot is locked */
    soc_wr(d, MBOX_PAUSER_LOCK(2), 1);
    g_assert_cmphex(mbox_rd(d, MBOX_STATUS), ==, 0);
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
    g_assert_cmphex(mbox_rd(d, MBOX_USER), ==, 0x5);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_RDY_FOR_CMD);
    cptra_stop(d);
}

/* sha-acc */

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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    qtest_add_func("/caliptra/ast2700fc/window", test_machine_window);
    qtest_add_func("/caliptra/soc-ifc/reset-values",
                   test_soc_ifc_reset_values);
    qtest_add_func("/caliptra/soc-ifc/read-only", test_soc_ifc_read_only);
    qtest_add_func("/caliptra/soc-ifc/pauser-lock", test_soc_ifc_pauser_lock);
    qtest_add_func("/caliptra/soc-ifc/w1c", test_soc_ifc_w1c);
    qtest_add_func("/caliptra/soc-ifc/security-state",
                   test_soc_ifc_security_state);
    qtest_add_func("/caliptra/soc-ifc/bootfsm-breakpoint",
                   test_soc_ifc_bootfsm_breakpoint);
    qtest_add_func("/caliptra/fuses/lock", test_fuses_lock);
    qtest_add_func("/caliptra/fuses/secret", test_fuses_secret);
    qtest_add_func("/caliptra/fuses/warm-reset", test_fuses_warm_reset);
    qtest_add_func("/caliptra/fuses/pauser", test_fuses_pauser);
    qtest_add_func("/caliptra/mbox/reset-values", test_mbox_reset_values);
    qtest_add_func("/caliptra/mbox/lock", test_mbox_lock);
    qtest_add_func("/caliptra/mbox/no-lock", test_mbox_no_lock);
    qtest_add_func("/caliptra/mbox/fsm-sequence", test_mbox_fsm_sequence);
    qtest_add_func("/caliptra/mbox/out-of-order", test_mbox_out_of_order);
    qtest_add_func("/caliptra/mbox/pauser", test_mbox_pauser);
    qtest_add_func("/caliptra/sha-acc/reset-uc-owned",
                   test_sha_acc_reset_uc_owned);

    return g_test_run();
}
