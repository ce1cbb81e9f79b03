/*
 * libFuzzer harnesses: the uC's register blocks, as plain data
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/misc/caliptra_regs.h"
#include "hw/misc/caliptra_sha_acc.h"
#include "hw/misc/caliptra_soc_ifc.h"
#include "migration/vmstate.h"
#include "caliptra-crypto.h"
#include "fuzz-uc-stub.h"

FuzzUcBus fuzz_uc_bus;

/*
 * The layers' VMState tables name these; a harness never migrates, and
 * QEMU's definitions would bring the whole migration core with them
 */
const VMStateInfo vmstate_info_bool = { .name = "bool" };
const VMStateInfo vmstate_info_buffer = { .name = "buffer" };
const VMStateInfo vmstate_info_uint8 = { .name = "uint8" };
const VMStateInfo vmstate_info_uint32 = { .name = "uint32" };

void fuzz_uc_init(CaliptraUc *uc)
{
    memset(&fuzz_uc_bus, 0, sizeof(fuzz_uc_bus));
    /* Opaque to the layers: every call below ignores them */
    uc->soc_ifc = (CaliptraSocIfc *)&fuzz_uc_bus;
    uc->mbox = (CaliptraMbox *)&fuzz_uc_bus;
    uc->sha_acc = (CaliptraShaAcc *)&fuzz_uc_bus;
    uc->fatal = false;
    uc->fatal_error = 0;
}

bool caliptra_mbox_uc_has_cmd(CaliptraMbox *s)
{
    return fuzz_uc_bus.has_cmd;
}

uint32_t caliptra_mbox_uc_cmd(CaliptraMbox *s)
{
    return fuzz_uc_bus.cmd;
}

uint32_t caliptra_mbox_uc_dlen(CaliptraMbox *s)
{
    return fuzz_uc_bus.dlen;
}

uint32_t caliptra_mbox_uc_user(CaliptraMbox *s)
{
    return fuzz_uc_bus.user;
}

void caliptra_mbox_uc_rewind(CaliptraMbox *s)
{
    fuzz_uc_bus.rdptr = 0;
}

/*
 * As the SRAM, from the read pointer on: reads past DLEN give what the
 * SoC left there, zeros here
 */
void caliptra_mbox_uc_read(CaliptraMbox *s, void *buf, size_t len)
{
    uint32_t at = fuzz_uc_bus.rdptr;
    size_t k = at < fuzz_uc_bus.dlen ? MIN(len, fuzz_uc_bus.dlen - at) : 0;

    if (k) {
        memcpy(buf, fuzz_uc_bus.req + at, k);
    }
    memset((uint8_t *)buf + k, 0, len - k);
    fuzz_uc_bus.rdptr = MIN((uint64_t)at + len, CALIPTRA_MBOX_SRAM_SIZE);
}

void caliptra_mbox_uc_respond(CaliptraMbox *s, CaliptraMboxStatus status,
                              const void *data, size_t len)
{
    /* A layer answers once; a fatal error after that answers nothing */
    assert(!fuzz_uc_bus.answered);
    if (!fuzz_uc_bus.has_cmd) {
        return;
    }
    /* The real mailbox holds no more than its SRAM */
    assert(len <= sizeof(fuzz_uc_bus.resp));
    if (len) {
        assert(data);
        memcpy(fuzz_uc_bus.resp, data, len);
    }
    fuzz_uc_bus.resp_len = len;
    fuzz_uc_bus.status = status;
    fuzz_uc_bus.answered = true;
    /* EXECUTE_SOC: the command is the SoC's again */
    fuzz_uc_bus.has_cmd = false;
}

bool caliptra_mbox_uc_send(CaliptraMbox *s, uint32_t cmd, const void *data,
                           size_t len)
{
    assert(len <= sizeof(fuzz_uc_bus.sent));
    if (fuzz_uc_bus.soc_holds_lock || fuzz_uc_bus.sent_pending) {
        return false;
    }
    memcpy(fuzz_uc_bus.sent, data, len);
    fuzz_uc_bus.sent_len = len;
    fuzz_uc_bus.sent_pending = true;
    return true;
}

void caliptra_mbox_uc_send_done(CaliptraMbox *s)
{
    fuzz_uc_bus.sent_pending = false;
}

bool caliptra_sha_acc_uc_acquire(CaliptraShaAcc *s)
{
    return !fuzz_uc_bus.sha_acc_soc_locked;
}

void caliptra_sha_acc_uc_release(CaliptraShaAcc *s)
{
}

/* Mailbox mode over the request; the layers fuzzed ask only SHA-384 */
bool caliptra_sha_acc_uc_hash_mbox(CaliptraShaAcc *s, bool sha512,
                                   uint32_t start, uint32_t len,
                                   bool endian_toggle, uint8_t *digest)
{
    g_autofree uint8_t *buf = g_malloc0(MAX(len, 1));
    uint32_t rdptr = fuzz_uc_bus.rdptr;

    if (sha512 || endian_toggle || start > CALIPTRA_MBOX_SRAM_SIZE ||
        len > CALIPTRA_MBOX_SRAM_SIZE - start) {
        return false;
    }
    fuzz_uc_bus.rdptr = start;
    caliptra_mbox_uc_read(NULL, buf, len);
    fuzz_uc_bus.rdptr = rdptr;
    caliptra_sha384(buf, len, digest);
    return true;
}

bool caliptra_sha_acc_digest(CaliptraShaAcc *s, uint8_t digest[64])
{
    memcpy(digest, fuzz_uc_bus.sha_acc_digest, 64);
    return true;
}

void caliptra_soc_ifc_fw_error(CaliptraSocIfc *s, bool fatal, uint32_t code)
{
    if (fatal) {
        fuzz_uc_bus.fw_error_fatal = code;
    } else {
        fuzz_uc_bus.fw_error_non_fatal = code;
    }
}

void caliptra_soc_ifc_fw_extended_error(CaliptraSocIfc *s, uint32_t info)
{
    fuzz_uc_bus.fw_extended_error = info;
}

void caliptra_soc_ifc_intr_ack(CaliptraSocIfc *s, CaliptraIntrEvent ev)
{
}

void caliptra_soc_ifc_set_flow_status(CaliptraSocIfc *s, uint32_t set,
                                      uint32_t clear)
{
    fuzz_uc_bus.flow_status = (fuzz_uc_bus.flow_status & ~clear) | set;
}

void caliptra_soc_ifc_secret_fuses(CaliptraSocIfc *s, uint32_t uds[12],
                                   uint32_t fe[8])
{
    memcpy(uds, fuzz_uc_bus.uds, sizeof(fuzz_uc_bus.uds));
    memcpy(fe, fuzz_uc_bus.field_entropy, sizeof(fuzz_uc_bus.field_entropy));
}

void caliptra_soc_ifc_obf_key(CaliptraSocIfc *s, uint32_t key[8])
{
    memcpy(key, fuzz_uc_bus.obf_key, sizeof(fuzz_uc_bus.obf_key));
}

void caliptra_soc_ifc_trng_request(CaliptraSocIfc *s)
{
    fuzz_uc_bus.trng_requested = true;
}

bool caliptra_soc_ifc_trng_collect(CaliptraSocIfc *s, uint32_t data[12])
{
    if (!fuzz_uc_bus.trng_requested || !fuzz_uc_bus.trng_ready) {
        return false;
    }
    memset(data, 0x5a, 12 * sizeof(uint32_t));
    fuzz_uc_bus.trng_requested = false;
    return true;
}

void caliptra_soc_ifc_set_fw_rev(CaliptraSocIfc *s, int index, uint32_t rev)
{
    assert(index >= 0 && index < ARRAY_SIZE(fuzz_uc_bus.fw_rev));
    fuzz_uc_bus.fw_rev[index] = rev;
}

uint32_t caliptra_soc_ifc_uc_read(CaliptraSocIfc *s, hwaddr addr)
{
    if (addr == A_FUSE_LMS_VERIFY) {
        return fuzz_uc_bus.lms_verify;
    }
    if (addr >= A_CPTRA_MBOX_VALID_PAUSER &&
        addr < A_CPTRA_MBOX_VALID_PAUSER + 4 * 5) {
        return fuzz_uc_bus.valid_pauser[(addr - A_CPTRA_MBOX_VALID_PAUSER) /
                                        4];
    }
    if (addr >= A_CPTRA_MBOX_PAUSER_LOCK &&
        addr < A_CPTRA_MBOX_PAUSER_LOCK + 4 * 5) {
        return 1;
    }
    if (addr == A_CPTRA_FW_REV_ID || addr == A_CPTRA_FW_REV_ID + 4) {
        return fuzz_uc_bus.fw_rev[(addr - A_CPTRA_FW_REV_ID) / 4];
    }
    assert(addr < sizeof(fuzz_uc_bus.soc) && !(addr & 3));
    return fuzz_uc_bus.soc[addr / 4];
}

void caliptra_soc_ifc_set_boot_status(CaliptraSocIfc *s, uint32_t status)
{
    fuzz_uc_bus.boot_status = status;
}

uint64_t caliptra_soc_ifc_wdt_cfg(CaliptraSocIfc *s)
{
    return fuzz_uc_bus.soc[A_CPTRA_WDT_CFG / 4] |
           (uint64_t)fuzz_uc_bus.soc[A_CPTRA_WDT_CFG / 4 + 1] << 32;
}

void caliptra_soc_ifc_uc_wdt_start(CaliptraSocIfc *s, uint64_t timer1_cycles,
                                   uint64_t timer2_cycles)
{
    fuzz_uc_bus.wdt_armed = true;
}

void caliptra_soc_ifc_uc_wdt_stop(CaliptraSocIfc *s)
{
    fuzz_uc_bus.wdt_armed = false;
}
