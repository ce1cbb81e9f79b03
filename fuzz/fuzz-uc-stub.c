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

/* As the SRAM: reads past DLEN give what the SoC left there, zeros here */
void caliptra_mbox_uc_read(CaliptraMbox *s, void *buf, size_t len)
{
    size_t k = MIN(len, fuzz_uc_bus.dlen);

    memcpy(buf, fuzz_uc_bus.req, k);
    memset((uint8_t *)buf + k, 0, len - k);
}

void caliptra_mbox_uc_respond(CaliptraMbox *s, CaliptraMboxStatus status,
                              const void *data, size_t len)
{
    /* The real mailbox holds no more than its SRAM */
    assert(len <= sizeof(fuzz_uc_bus.resp));
    assert(!fuzz_uc_bus.answered);
    if (len) {
        assert(data);
        memcpy(fuzz_uc_bus.resp, data, len);
    }
    fuzz_uc_bus.resp_len = len;
    fuzz_uc_bus.status = status;
    fuzz_uc_bus.answered = true;
}

bool caliptra_sha_acc_digest(CaliptraShaAcc *s, uint8_t digest[64])
{
    memcpy(digest, fuzz_uc_bus.sha_acc_digest, 64);
    return true;
}

void caliptra_soc_ifc_fw_error(CaliptraSocIfc *s, bool fatal, uint32_t code)
{
    if (!fatal) {
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

void caliptra_soc_ifc_set_fw_rev(CaliptraSocIfc *s, int index, uint32_t rev)
{
    assert(index >= 0 && index < ARRAY_SIZE(fuzz_uc_bus.fw_rev));
    fuzz_uc_bus.fw_rev[index] = rev;
}

uint32_t caliptra_uc_soc(CaliptraUc *uc, hwaddr addr)
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
    return 0;
}

void caliptra_uc_boot_status(CaliptraUc *uc, uint32_t code)
{
}

void caliptra_uc_fatal(CaliptraUc *uc, uint32_t code)
{
    uc->fatal = true;
    uc->fatal_error = code;
    fuzz_uc_bus.fatal = true;
    fuzz_uc_bus.fatal_error = code;
}

void caliptra_uc_wdt_command(CaliptraUc *uc)
{
    fuzz_uc_bus.wdt_armed = true;
}

void caliptra_uc_wdt_stop(CaliptraUc *uc)
{
    fuzz_uc_bus.wdt_armed = false;
}
