/*
 * ASPEED AST2700 bootmcu: its accesses to Caliptra's SoC-side registers
 *
 * The steps ASPEED's BootMCU ROM and its Zephyr drivers take on the
 * mailbox and the TRNG, as loads and stores on the bootmcu's bus, so that
 * Caliptra sees the requester (PAUSER) and order of accesses it would.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qemu/guest-random.h"
#include "system/address-spaces.h"
#include "aspeed_bootmcu_cptra.h"
#include "trace.h"

uint32_t bootmcu_rd(const AspeedBootmcuWindow *c, hwaddr off)
{
    uint32_t val = address_space_ldl_le(c->as, c->base + off,
                                        MEMTXATTRS_UNSPECIFIED, NULL);

    trace_aspeed_ast27x0_bootmcu_apb("rd", c->base + off, val);
    return val;
}

void bootmcu_wr(const AspeedBootmcuWindow *c, hwaddr off, uint32_t val)
{
    bool secret = off >= c->secret && off - c->secret < c->secret_len;

    trace_aspeed_ast27x0_bootmcu_apb("wr", c->base + off, secret ? 0 : val);
    address_space_stl_le(c->as, c->base + off, val, MEMTXATTRS_UNSPECIFIED,
                         NULL);
}

void bootmcu_cptra_write_fifo(const AspeedBootmcuWindow *c, hwaddr off,
                              const uint8_t *data, size_t len, bool be)
{
    for (size_t i = 0; i < len; i += 4) {
        uint8_t word[4] = { 0 };

        memcpy(word, data + i, MIN(4, len - i));
        bootmcu_wr(c, off, be ? ldl_be_p(word) : ldl_le_p(word));
    }
}

bool bootmcu_mbox_lock(const AspeedBootmcuWindow *c)
{
    return !(bootmcu_rd(c, MBOX_LOCK) & 1);
}

bool bootmcu_mbox_acquire(const AspeedBootmcuWindow *c)
{
    if (bootmcu_rd(c, MBOX_STATUS) & MBOX_SOC_HAS_LOCK) {
        return true;
    }
    return bootmcu_mbox_lock(c);
}

void bootmcu_mbox_write(const AspeedBootmcuWindow *c, uint32_t cmd,
                        const uint8_t *data, size_t len)
{
    trace_aspeed_bootmcu_mbox_send(cmd, len);
    bootmcu_wr(c, MBOX_CMD, cmd);
    bootmcu_wr(c, MBOX_DLEN, len);
    bootmcu_cptra_write_fifo(c, MBOX_DATAIN, data, len, false);
    bootmcu_wr(c, MBOX_EXECUTE, 1);
}

int bootmcu_mbox_status(const AspeedBootmcuWindow *c)
{
    uint32_t status = bootmcu_rd(c, MBOX_STATUS) & MBOX_STATUS_MASK;

    if (status == MBOX_CMD_BUSY) {
        return -1;
    }
    trace_aspeed_bootmcu_mbox_done(status);
    return status;
}

size_t bootmcu_mbox_read(const AspeedBootmcuWindow *c, uint8_t *resp,
                         size_t size)
{
    size_t n = MIN(bootmcu_rd(c, MBOX_DLEN), size);

    for (size_t i = 0; i < n; i += 4) {
        uint8_t word[4];

        stl_le_p(word, bootmcu_rd(c, MBOX_DATAOUT));
        memcpy(resp + i, word, MIN(4, n - i));
    }
    return n;
}

bool bootmcu_mbox_unlock(const AspeedBootmcuWindow *c)
{
    uint32_t status = bootmcu_rd(c, MBOX_STATUS);

    if (!(status & MBOX_SOC_HAS_LOCK) ||
        (status & MBOX_STATUS_MASK) == MBOX_CMD_BUSY) {
        return false;
    }
    bootmcu_wr(c, MBOX_EXECUTE, 0);
    return true;
}

void bootmcu_mbox_checksum(uint32_t cmd, uint8_t *req, size_t len)
{
    uint32_t sum = 0;

    for (int i = 0; i < 4; i++) {
        sum += (cmd >> (8 * i)) & 0xff;
    }
    for (size_t i = 4; i < len; i++) {
        sum += req[i];
    }
    stl_le_p(req, -sum);
}

/* Caliptra without an internal TRNG asks the SoC for entropy */
bool bootmcu_serve_trng(const AspeedBootmcuWindow *c)
{
    uint32_t status = bootmcu_soc_rd(c, SOC_TRNG_STATUS);
    uint32_t word;

    if (!(status & TRNG_DATA_REQ) || (status & TRNG_DATA_WR_DONE)) {
        return false;
    }
    trace_aspeed_bootmcu_trng();
    for (int i = 0; i < SOC_TRNG_WORDS; i++) {
        qemu_guest_getrandom_nofail(&word, sizeof(word));
        bootmcu_soc_wr(c, SOC_TRNG_DATA + 4 * i, word);
    }
    bootmcu_soc_wr(c, SOC_TRNG_STATUS, TRNG_DATA_WR_DONE);
    return true;
}
