/*
 * Caliptra 1.x firmware model: the microcontroller's services
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/misc/caliptra_mbox.h"
#include "hw/misc/caliptra_soc_ifc.h"
#include "migration/vmstate.h"
#include "hw/misc/caliptra_regs.h"
#include "caliptra-uc.h"
#include "trace.h"

/* Timer 2 fires one cycle after timer 1 */
#define WDT2_CYCLES             1
#define WDT_RUNTIME_CMD_CYCLES  20000000ull

void caliptra_uc_reset(CaliptraUc *uc)
{
    uc->fatal = false;
    uc->fatal_error = 0;
}

uint32_t caliptra_uc_soc(CaliptraUc *uc, hwaddr addr)
{
    return caliptra_soc_ifc_uc_read(uc->soc_ifc, addr);
}

bool caliptra_uc_debug_locked(CaliptraUc *uc)
{
    return FIELD_EX32(caliptra_uc_soc(uc, A_CPTRA_SECURITY_STATE),
                      CPTRA_SECURITY_STATE, DEBUG_LOCKED);
}

void caliptra_uc_boot_status(CaliptraUc *uc, uint32_t code)
{
    if (!caliptra_uc_debug_locked(uc)) {
        caliptra_soc_ifc_set_boot_status(uc->soc_ifc, code);
    }
}

void caliptra_uc_boot_status_range(CaliptraUc *uc, uint32_t first,
                                   uint32_t last)
{
    for (uint32_t code = first; code <= last; code++) {
        caliptra_uc_boot_status(uc, code);
    }
}

static void uc_wdt_start(CaliptraUc *uc, uint64_t timer1_cycles)
{
    if (caliptra_uc_debug_locked(uc)) {
        caliptra_soc_ifc_uc_wdt_start(uc->soc_ifc, MAX(timer1_cycles, 1),
                                      WDT2_CYCLES);
    }
}

void caliptra_uc_wdt_boot(CaliptraUc *uc)
{
    uc_wdt_start(uc, caliptra_soc_ifc_wdt_cfg(uc->soc_ifc));
}

void caliptra_uc_wdt_command(CaliptraUc *uc)
{
    uc_wdt_start(uc, WDT_RUNTIME_CMD_CYCLES);
}

void caliptra_uc_wdt_stop(CaliptraUc *uc)
{
    if (caliptra_uc_debug_locked(uc)) {
        caliptra_soc_ifc_uc_wdt_stop(uc->soc_ifc);
    }
}

void caliptra_uc_fatal(CaliptraUc *uc, uint32_t code)
{
    qemu_log_mask(LOG_GUEST_ERROR, "caliptra-fw: fatal error 0x%08x\n",
                  code);
    trace_caliptra_fw_fatal(code);
    uc->fatal = true;
    uc->fatal_error = code;
    caliptra_uc_wdt_stop(uc);
    caliptra_soc_ifc_fw_error(uc->soc_ifc, true, code);
    caliptra_soc_ifc_fw_error(uc->soc_ifc, false, code);
    if (caliptra_mbox_uc_has_cmd(uc->mbox)) {
        caliptra_mbox_uc_respond(uc->mbox, CALIPTRA_MBOX_CMD_FAILURE, NULL, 0);
    }
}

const VMStateDescription vmstate_caliptra_uc = {
    .name = "caliptra-uc",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(fatal, CaliptraUc),
        VMSTATE_UINT32(fatal_error, CaliptraUc),
        VMSTATE_END_OF_LIST(),
    },
};
