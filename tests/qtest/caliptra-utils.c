/*
 * QTest helpers for the Caliptra 1.x SoC interface
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "libqtest.h"
#include "caliptra-utils.h"

#define POLL_LIMIT  10000

uint32_t cptra_rd(CaliptraDev *d, uint32_t off)
{
    return qtest_readl(d->qts, d->base + off);
}

void cptra_wr(CaliptraDev *d, uint32_t off, uint32_t val)
{
    qtest_writel(d->qts, d->base + off, val);
}

uint32_t cptra_mbox_fsm(CaliptraDev *d)
{
    return MBOX_STATUS_FSM(mbox_rd(d, MBOX_STATUS));
}

void cptra_warm_reset(CaliptraDev *d)
{
    qtest_set_irq_in(d->qts, d->qom_path, "cptra-rst-b", 0, 1);
    qtest_set_irq_in(d->qts, d->qom_path, "cptra-rst-b", 0, 0);
}

bool cptra_serve_trng(CaliptraDev *d)
{
    static uint32_t counter;

    if (!(soc_rd(d, TRNG_STATUS) & TRNG_DATA_REQ) ||
        (soc_rd(d, TRNG_STATUS) & TRNG_DATA_WR_DONE)) {
        return false;
    }
    for (int i = 0; i < 12; i++) {
        soc_wr(d, TRNG_DATA(i), 0x5eed0000 + counter++);
    }
    soc_wr(d, TRNG_STATUS, TRNG_DATA_WR_DONE);
    return true;
}

bool cptra_wait_flow(CaliptraDev *d, uint32_t flow_bits)
{
    for (int i = 0; i < POLL_LIMIT; i++) {
        if ((soc_rd(d, FLOW_STATUS) & flow_bits) == flow_bits) {
            return true;
        }
        cptra_serve_trng(d);
        qtest_clock_step(d->qts, 1000);
    }
    return false;
}

void cptra_boot_to(CaliptraDev *d, uint32_t flow_bits)
{
    g_assert_true(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_FUSES);
    soc_wr(d, FUSE_WR_DONE, 1);
    soc_wr(d, BOOTFSM_GO, 1);
    g_assert_true(cptra_wait_flow(d, flow_bits));
}

uint32_t cptra_checksum(uint32_t cmd, const void *data, size_t len)
{
    const uint8_t *p = data;
    uint32_t sum = 0;

    for (int i = 0; i < 4; i++) {
        sum += (cmd >> (8 * i)) & 0xff;
    }
    for (size_t i = 0; i < len; i++) {
        sum += p[i];
    }
    return 0 - sum;
}

static void mbox_write_bytes(CaliptraDev *d, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i += 4) {
        uint8_t word[4] = { 0 };

        memcpy(word, p + i, MIN(4, len - i));
        mbox_wr(d, MBOX_DATAIN, ldl_le_p(word));
    }
}

uint32_t cptra_mbox_exec(CaliptraDev *d, uint32_t cmd, const void *req,
                         size_t req_len, void *resp, size_t resp_max,
                         size_t *resp_len)
{
    uint32_t status = CMD_BUSY;
    int i;

    g_assert_cmpuint(mbox_rd(d, MBOX_LOCK), ==, 0);
    mbox_wr(d, MBOX_CMD, cmd);
    mbox_wr(d, MBOX_DLEN, req_len);
    mbox_write_bytes(d, req, req_len);
    mbox_wr(d, MBOX_EXECUTE, 1);

    /* As a bootmcu does, keep the TRNG fed while waiting */
    for (i = 0; i < POLL_LIMIT; i++) {
        status = MBOX_STATUS_STATUS(mbox_rd(d, MBOX_STATUS));
        if (status != CMD_BUSY) {
            break;
        }
        cptra_serve_trng(d);
        qtest_clock_step(d->qts, 1000);
    }
    g_assert_cmpint(i, <, POLL_LIMIT);

    if (resp_len) {
        *resp_len = 0;
    }
    if (status == DATA_READY) {
        uint32_t dlen = mbox_rd(d, MBOX_DLEN);
        uint8_t *p = resp;

        g_assert_cmpuint(dlen, <=, resp_max);
        for (uint32_t off = 0; off < dlen; off += 4) {
            uint8_t word[4];

            stl_le_p(word, mbox_rd(d, MBOX_DATAOUT));
            memcpy(p + off, word, MIN(4, dlen - off));
        }
        if (resp_len) {
            *resp_len = dlen;
        }
    }
    mbox_wr(d, MBOX_EXECUTE, 0);
    return status;
}

uint32_t cptra_mbox_exec_hdr(CaliptraDev *d, uint32_t cmd, void *resp,
                             size_t resp_max, size_t *resp_len)
{
    uint8_t req[4];

    stl_le_p(req, cptra_checksum(cmd, NULL, 0));
    return cptra_mbox_exec(d, cmd, req, sizeof(req), resp, resp_max,
                           resp_len);
}
