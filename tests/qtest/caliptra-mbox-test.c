/*
 * QTest of the Caliptra 1.x mailbox on the ast2700fc machine
 *
 * The mailbox FSM, its lock, PAUSER checks and protocol errors, and the 1.2
 * ROM's mailbox commands and error codes, without a crypto library.
 * Expected values come from caliptra-rtl's RDL and integration
 * specification and caliptra-sw's 1.2 ROM sources, never from the model.
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
#include "caliptra-utils.h"

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
    /* ast2700fc's A35 port carries PAUSER 1 */
    g_assert_cmphex(mbox_rd(d, MBOX_USER), ==, 0x1);
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
    /* The out-of-order write itself lands (swwe = valid_requester) */
    g_assert_cmphex(mbox_rd(d, MBOX_DLEN), ==, 4);
    /* ERROR holds the lock; what the owner writes moves nothing */
    mbox_wr(d, MBOX_CMD, 1);
    mbox_wr(d, MBOX_EXECUTE, 0);
    mbox_wr(d, MBOX_DATAIN, 0x12345678);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_ERROR);
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 1);
    g_assert_cmphex(mbox_rd(d, MBOX_CMD), ==, 1);

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
    CaliptraDev *d = cptra_start("-global caliptra.soc-pauser=0x5 "
                                 "-global caliptra.mbox-pauser-integ="
                                 "0xffffffff");

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

static void test_rom_ready_for_fw(void)
{
    CaliptraDev *d = cptra_start(NULL);

    soc_wr(d, FUSE_WR_DONE, 1);
    soc_wr(d, BOOTFSM_GO, 1);
    /* No internal TRNG: the ROM asks the SoC for entropy first */
    for (int i = 0; i < 100 && !(soc_rd(d, TRNG_STATUS) & TRNG_DATA_REQ);
         i++) {
        qtest_clock_step(d->qts, 1000);
    }
    g_assert_cmphex(soc_rd(d, TRNG_STATUS), ==, TRNG_DATA_REQ);
    g_assert_false(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_FW);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_FW));
    /* The ROM took the words and dropped its request */
    g_assert_cmphex(soc_rd(d, TRNG_STATUS), ==, 0);
    g_assert_cmphex(soc_rd(d, TRNG_DATA(0)), ==, 0);
    /* ROM 1.2.0 identifies as 1 << 11 | 2 << 6 */
    g_assert_cmphex(soc_rd(d, FW_REV_ID(0)), ==, 0x0880);
    /* Debug locked: progress does not show in CPTRA_BOOT_STATUS */
    g_assert_cmphex(soc_rd(d, BOOT_STATUS), ==, 0);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    /* After its self test the ROM left the SHA accelerator free */
    g_assert_cmphex(sha_rd(d, SHA_LOCK), ==, 0);
    cptra_stop(d);
}

static void test_rom_boot_status_debug(void)
{
    CaliptraDev *d =
        cptra_start_ready("-global caliptra-soc-ifc.debug-locked=off");

    /* LDevIdDerivationComplete is the last milestone before the loop */
    g_assert_cmpuint(soc_rd(d, BOOT_STATUS), ==, 70);
    cptra_stop(d);

    /* In the manufacturing flow, IDevIdMakeCsrComplete until the SoC ... */
    d = cptra_start("-global caliptra-soc-ifc.debug-locked=off");
    soc_wr(d, DBG_MANUF_SERVICE_REG, 1);
    cptra_boot_to(d, FLOW_IDEVID_CSR_READY);
    g_assert_cmpuint(soc_rd(d, BOOT_STATUS), ==, 8);
    /* ... clears the flag */
    soc_wr(d, DBG_MANUF_SERVICE_REG, 0);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_FW));
    g_assert_cmpuint(soc_rd(d, BOOT_STATUS), ==, 70);
    cptra_stop(d);
}

static void test_mbox_round_trip(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);
    uint8_t req[4];
    uint32_t resp[6];

    stl_le_p(req, cptra_checksum(CMD_CAPABILITIES, NULL, 0));
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
    mbox_wr(d, MBOX_CMD, CMD_CAPABILITIES);
    mbox_wr(d, MBOX_DLEN, 4);
    mbox_wr(d, MBOX_DATAIN, ldl_le_p(req));
    mbox_wr(d, MBOX_EXECUTE, 1);
    for (int i = 0; i < 100 && cptra_mbox_fsm(d) == FSM_EXECUTE_UC; i++) {
        qtest_clock_step(d->qts, 1000);
    }
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_EXECUTE_SOC);
    g_assert_cmpuint(MBOX_STATUS_STATUS(mbox_rd(d, MBOX_STATUS)), ==,
                     DATA_READY);
    g_assert_cmphex(mbox_rd(d, MBOX_DLEN), ==, 24);
    for (int i = 0; i < 6; i++) {
        resp[i] = mbox_rd(d, MBOX_DATAOUT);
        g_assert_cmpuint(MBOX_STATUS_RDPTR(mbox_rd(d, MBOX_STATUS)), ==,
                         i + 1);
    }
    /* Past DLEN: zeros, and the read pointer stays */
    g_assert_cmphex(mbox_rd(d, MBOX_DATAOUT), ==, 0);
    g_assert_cmpuint(MBOX_STATUS_RDPTR(mbox_rd(d, MBOX_STATUS)), ==, 6);
    /* capabilities: u128 big-endian with ROM_BASE (bit 0) */
    cptra_assert_resp_ok((uint8_t *)resp, 24);
    g_assert_cmphex(resp[2], ==, 0);
    g_assert_cmphex(resp[4], ==, 0);
    g_assert_cmphex(resp[5], ==, 0x01000000);
    /* Only EXECUTE may be written now; clearing it frees the mailbox */
    mbox_wr(d, MBOX_EXECUTE, 0);
    g_assert_cmphex(mbox_rd(d, MBOX_STATUS), ==, 0);
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
    cptra_stop(d);
}

static void test_rom_version(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);
    uint8_t resp[64];
    size_t len;

    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_VERSION, resp, sizeof(resp),
                                         &len), ==, DATA_READY);
    g_assert_cmpuint(len, ==, 36);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmphex(cptra_le32(resp + 8), ==, 0x46495053);  /* "FIPS" */
    g_assert_cmphex(cptra_le32(resp + 12), ==, 0x11);       /* HW_REV_ID */
    g_assert_cmphex(cptra_le32(resp + 16), ==, 0x0880);     /* ROM 1.2.0 */
    g_assert_cmphex(cptra_le32(resp + 20), ==, 0);
    g_assert_cmpmem(resp + 24, 12, "Caliptra RTM", 12);
    cptra_stop(d);
}

static void test_rom_bad_checksum(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);
    uint8_t req[4];
    uint8_t resp[64];

    stl_le_p(req, cptra_checksum(CMD_CAPABILITIES, NULL, 0) + 1);
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_CAPABILITIES, req, 4, resp,
                                     sizeof(resp), NULL), ==, CMD_FAILURE);
    cptra_assert_fatal(d, 0x01020005);    /* FW_PROC_MAILBOX_INVALID_CHECKSUM */
    /* In ROM every mailbox error is fatal: nothing is served any more */
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_CAPABILITIES, resp,
                                         sizeof(resp), NULL), ==,
                     CMD_FAILURE);
    cptra_stop(d);
}

static void test_rom_bad_length(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);
    uint8_t req[8] = { 0 };

    stl_le_p(req, cptra_checksum(CMD_CAPABILITIES, req + 4, 4));
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_CAPABILITIES, req, 8, NULL, 0,
                                     NULL), ==, CMD_FAILURE);
    cptra_assert_fatal(d, 0x01020006);    /* ..._INVALID_REQUEST_LENGTH */
    cptra_stop(d);
}

static void test_rom_unknown_command(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);

    g_assert_cmpuint(cptra_mbox_exec_hdr(d, 0x12345678, NULL, 0, NULL), ==,
                     CMD_FAILURE);
    cptra_assert_fatal(d, 0x01020004);    /* ..._INVALID_COMMAND */
    cptra_stop(d);
}

static void test_rom_reserved_pauser(void)
{
    CaliptraDev *d = cptra_start_ready("-global caliptra.soc-pauser="
                                       "0xffffffff");

    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_CAPABILITIES, NULL, 0, NULL),
                     ==, CMD_FAILURE);
    cptra_assert_fatal(d, 0x01020009);    /* ..._RESERVED_PAUSER */
    cptra_stop(d);
}

static void test_rom_fw_load_too_big(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);

    /* DLEN beyond the 128 KiB SRAM: the hardware takes it, the ROM not */
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
    mbox_wr(d, MBOX_CMD, CMD_FIRMWARE_LOAD);
    mbox_wr(d, MBOX_DLEN, 128 * 1024 + 4);
    g_assert_cmphex(mbox_rd(d, MBOX_DLEN), ==, 128 * 1024 + 4);
    mbox_wr(d, MBOX_DATAIN, 0x12345678);
    mbox_wr(d, MBOX_EXECUTE, 1);
    for (int i = 0; i < 100 && cptra_mbox_fsm(d) == FSM_EXECUTE_UC; i++) {
        qtest_clock_step(d->qts, 1000);
    }
    g_assert_cmpuint(MBOX_STATUS_STATUS(mbox_rd(d, MBOX_STATUS)), ==,
                     CMD_FAILURE);
    cptra_assert_fatal(d, 0x01020002);    /* FW_PROC_INVALID_IMAGE_SIZE */
    mbox_wr(d, MBOX_EXECUTE, 0);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_IDLE);
    cptra_stop(d);
}

static void test_rom_self_test(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);
    uint8_t resp[16];
    size_t len;

    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_SELF_TEST_RESULTS, resp,
                                         sizeof(resp), NULL), ==,
                     CMD_FAILURE);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_SELF_TEST_START, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_SELF_TEST_START, resp,
                                         sizeof(resp), NULL), ==,
                     CMD_FAILURE);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_SELF_TEST_RESULTS, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    g_assert_cmpuint(len, ==, 8);
    cptra_assert_resp_ok(resp, len);
    /* These refusals carry no error code */
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    cptra_stop(d);
}

static void test_rom_stash_limit(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);
    uint8_t req[108];
    uint8_t resp[16];
    size_t len;

    for (int i = 0; i < 9; i++) {
        memset(req, i + 1, sizeof(req));
        stl_le_p(req, cptra_checksum(CMD_STASH_MEASUREMENT, req + 4,
                                     sizeof(req) - 4));
        if (i < 8) {
            g_assert_cmpuint(cptra_mbox_exec(d, CMD_STASH_MEASUREMENT, req,
                                             sizeof(req), resp, sizeof(resp),
                                             &len), ==, DATA_READY);
            g_assert_cmpuint(len, ==, 12);
            cptra_assert_resp_ok(resp, len);
            g_assert_cmphex(cptra_le32(resp + 8), ==, 0);   /* dpe_result */
        } else {
            g_assert_cmpuint(cptra_mbox_exec(d, CMD_STASH_MEASUREMENT, req,
                                             sizeof(req), NULL, 0, NULL), ==,
                             CMD_FAILURE);
        }
    }
    cptra_assert_fatal(d, 0x01020008);    /* ..._STASH_MEASUREMENT_MAX_LIMIT */
    cptra_stop(d);
}

static void test_rom_shutdown(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);
    uint8_t resp[16];
    size_t len;

    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_SHUTDOWN, resp, sizeof(resp),
                                         &len), ==, DATA_READY);
    cptra_assert_resp_ok(resp, len);
    cptra_assert_fatal(d, 0x000e0008);    /* RUNTIME_SHUTDOWN */
    cptra_stop(d);
}

static void test_rom_warm_reset(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);

    cptra_warm_reset(d);
    g_assert_cmphex(soc_rd(d, FLOW_STATUS), ==, 0x42000000);
    soc_wr(d, FUSE_WR_DONE, 1);
    for (int i = 0; i < 100 && !soc_rd(d, FW_ERROR_FATAL); i++) {
        cptra_serve_trng(d);
        qtest_clock_step(d->qts, 1000);
    }
    /* A warm boot needs a completed cold boot, which needs firmware */
    cptra_assert_fatal(d, 0x01040010);
    cptra_stop(d);
}

static void test_mbox_second_requester(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);
    uint8_t resp[32];
    size_t len;

    /* Requester 2 becomes a valid mailbox user too */
    soc_wr(d, MBOX_VALID_PAUSER(0), 2);
    soc_wr(d, MBOX_PAUSER_LOCK(0), 1);

    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);      /* user 1 has it */
    mbox_wr(d, MBOX_CMD, CMD_CAPABILITIES);

    cptra_set_pauser(d, 2);
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 1);      /* refused */
    g_assert_cmphex(mbox_rd(d, MBOX_USER), ==, 1);
    /* Its writes are ignored, without disturbing the owner */
    mbox_wr(d, MBOX_CMD, 0xbad);
    mbox_wr(d, MBOX_EXECUTE, 1);
    g_assert_cmphex(mbox_rd(d, MBOX_CMD), ==, CMD_CAPABILITIES);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_RDY_FOR_DLEN);
    g_assert_cmphex(soc_rd(d, HW_ERROR_NON_FATAL), ==, 0);

    /* The owner finishes; then requester 2 gets its turn */
    cptra_set_pauser(d, 1);
    mbox_wr(d, MBOX_DLEN, 4);
    mbox_wr(d, MBOX_DATAIN, cptra_checksum(CMD_CAPABILITIES, NULL, 0));
    mbox_wr(d, MBOX_EXECUTE, 1);
    for (int i = 0; i < 100 && cptra_mbox_fsm(d) == FSM_EXECUTE_UC; i++) {
        qtest_clock_step(d->qts, 1000);
    }
    cptra_set_pauser(d, 2);
    g_assert_cmphex(mbox_rd(d, MBOX_DATAOUT), ==, 0);   /* not its data */
    g_assert_cmpuint(MBOX_STATUS_RDPTR(mbox_rd(d, MBOX_STATUS)), ==, 0);
    cptra_set_pauser(d, 1);
    mbox_wr(d, MBOX_EXECUTE, 0);

    cptra_set_pauser(d, 2);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_CAPABILITIES, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    g_assert_cmpuint(len, ==, 24);
    cptra_stop(d);
}

/*
 * Caliptra's own force unlock: the SoC breaks the ROM's IDevID CSR
 * transaction (only STATUS is the receiver's to write); when the SoC
 * clears the CSR request, the ROM's transaction ends with a force unlock
 * of the mailbox that is not IDLE (caliptra-sw drivers mailbox.rs,
 * MailboxSendTxn's drop) and the boot goes on.
 */
static void test_mbox_error_recovery_csr(void)
{
    CaliptraDev *d = cptra_start("-global caliptra-soc-ifc.debug-locked=off");
    uint8_t resp[64];
    size_t len;

    soc_wr(d, DBG_MANUF_SERVICE_REG, 1);
    cptra_boot_to(d, FLOW_IDEVID_CSR_READY);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_EXECUTE_SOC);
    mbox_wr(d, MBOX_DLEN, 0);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_ERROR);
    g_assert_cmphex(soc_rd(d, HW_ERROR_NON_FATAL) & 0x2, ==, 0x2);
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 1);
    soc_wr(d, DBG_MANUF_SERVICE_REG, 0);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_FW));
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_IDLE);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_CAPABILITIES, resp,
                                         sizeof(resp), &len), ==, DATA_READY);
    cptra_stop(d);
}

/*
 * The SoC takes the ROM's IDevID CSR and answers it as the receiver does:
 * its STATUS write hands the mailbox back to Caliptra, EXECUTE_SOC to
 * EXECUTE_UC on any status but CMD_BUSY while the uC holds the lock
 * (caliptra-rtl mbox.sv); when the SoC then clears the CSR request, the ROM's
 * transaction ends, the mailbox goes idle and the boot goes on
 */
static void test_mbox_csr_answered(void)
{
    CaliptraDev *d = cptra_start("-global caliptra-soc-ifc.debug-locked=off");
    uint8_t resp[64];
    size_t len;

    soc_wr(d, DBG_MANUF_SERVICE_REG, 1);
    cptra_boot_to(d, FLOW_IDEVID_CSR_READY);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_EXECUTE_SOC);
    /* BUSY is no answer */
    mbox_wr(d, MBOX_STATUS, CMD_BUSY);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_EXECUTE_SOC);
    mbox_wr(d, MBOX_STATUS, CMD_COMPLETE);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_EXECUTE_UC);
    g_assert_cmphex(soc_rd(d, HW_ERROR_NON_FATAL) & 0x2, ==, 0);
    soc_wr(d, DBG_MANUF_SERVICE_REG, 0);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_FW));
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_IDLE);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_CAPABILITIES, resp,
                                         sizeof(resp), &len), ==, DATA_READY);
    cptra_stop(d);
}

/*
 * The ROM's cptra_mbox_lock takes an SoC lock already shown in
 * MBOX_STATUS.SOC_HAS_LOCK as its own: the lock holder may go on
 */
static void test_mbox_aspeed_lock_held(void)
{
    CaliptraDev *d = cptra_start(NULL);

    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 1);
    g_assert_true(mbox_rd(d, MBOX_STATUS) & MBOX_STATUS_SOC_LOCK);
    mbox_wr(d, MBOX_CMD, CMD_CAPABILITIES);
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_RDY_FOR_DLEN);
    cptra_stop(d);
}

/* Zephyr's cptra_sha releases the SHA accelerator by writing 1 to LOCK */
static void test_mbox_aspeed_sha_release(void)
{
    CaliptraDev *d = cptra_start_ready(NULL);

    g_assert_cmphex(sha_rd(d, SHA_LOCK), ==, 0);
    g_assert_true(sha_rd(d, SHA_STATUS) & SHA_STATUS_SOC_LOCK);
    sha_wr(d, SHA_LOCK, 1);
    g_assert_false(sha_rd(d, SHA_STATUS) & SHA_STATUS_SOC_LOCK);
    g_assert_cmphex(sha_rd(d, SHA_LOCK), ==, 0);     /* free again: taken */
    cptra_stop(d);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    qtest_add_func("/caliptra/mbox/reset-values", test_mbox_reset_values);
    qtest_add_func("/caliptra/mbox/lock", test_mbox_lock);
    qtest_add_func("/caliptra/mbox/no-lock", test_mbox_no_lock);
    qtest_add_func("/caliptra/mbox/fsm-sequence", test_mbox_fsm_sequence);
    qtest_add_func("/caliptra/mbox/out-of-order", test_mbox_out_of_order);
    qtest_add_func("/caliptra/mbox/aspeed/lock-held",
                   test_mbox_aspeed_lock_held);
    qtest_add_func("/caliptra/mbox/aspeed/sha-release",
                   test_mbox_aspeed_sha_release);
    qtest_add_func("/caliptra/mbox/csr-answered", test_mbox_csr_answered);
    qtest_add_func("/caliptra/mbox/error-recovery/csr",
                   test_mbox_error_recovery_csr);
    qtest_add_func("/caliptra/mbox/pauser", test_mbox_pauser);
    qtest_add_func("/caliptra/mbox/round-trip", test_mbox_round_trip);
    qtest_add_func("/caliptra/rom/ready-for-fw", test_rom_ready_for_fw);
    qtest_add_func("/caliptra/rom/boot-status-debug",
                   test_rom_boot_status_debug);
    qtest_add_func("/caliptra/rom/version", test_rom_version);
    qtest_add_func("/caliptra/rom/bad-checksum", test_rom_bad_checksum);
    qtest_add_func("/caliptra/rom/bad-length", test_rom_bad_length);
    qtest_add_func("/caliptra/rom/unknown-command", test_rom_unknown_command);
    qtest_add_func("/caliptra/rom/reserved-pauser", test_rom_reserved_pauser);
    qtest_add_func("/caliptra/rom/fw-load-too-big", test_rom_fw_load_too_big);
    qtest_add_func("/caliptra/rom/self-test", test_rom_self_test);
    qtest_add_func("/caliptra/rom/stash-limit", test_rom_stash_limit);
    qtest_add_func("/caliptra/rom/shutdown", test_rom_shutdown);
    qtest_add_func("/caliptra/rom/warm-reset", test_rom_warm_reset);
    qtest_add_func("/caliptra/mbox/second-requester",
                   test_mbox_second_requester);

    return g_test_run();
}
