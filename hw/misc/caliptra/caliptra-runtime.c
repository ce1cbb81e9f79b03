/*
 * Caliptra 1.2 runtime firmware, modelled natively: its mailbox loop
 *
 * The checks every request goes through in caliptra-sw's (branch
 * caliptra-1.2) runtime/src/lib.rs before its handler runs: the reserved
 * PAUSER, the request length and the checksum. Runtime errors are not
 * fatal: the code goes to CPTRA_FW_ERROR_NON_FATAL and the command fails.
 *
 * Not yet: the command handlers themselves (certificates, signatures,
 * measurements, DPE, the auth manifest); every command is refused as
 * unimplemented for now.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "caliptra-error.h"
#include "caliptra-msg.h"
#include "caliptra-runtime.h"
#include "trace.h"

/* The largest request the runtime's mailbox buffer takes, in words */
#define RT_MAX_REQUEST_WORDS    3586

static void rt_fail(CaliptraSocIfc *soc_ifc, CaliptraMbox *mbox,
                    uint32_t code)
{
    trace_caliptra_runtime_error(code);
    caliptra_soc_ifc_fw_error(soc_ifc, false, code);
    caliptra_mbox_uc_respond(mbox, CALIPTRA_MBOX_CMD_FAILURE, NULL, 0);
}

void caliptra_runtime_cmd(CaliptraSocIfc *soc_ifc, CaliptraMbox *mbox)
{
    uint32_t cmd = caliptra_mbox_uc_cmd(mbox);
    uint32_t dlen = caliptra_mbox_uc_dlen(mbox);
    g_autofree uint8_t *req = NULL;

    trace_caliptra_runtime_cmd(cmd, dlen);
    caliptra_soc_ifc_fw_error(soc_ifc, false, 0);

    if (caliptra_mbox_uc_user(mbox) == 0xffffffff) {
        rt_fail(soc_ifc, mbox, CPTRA_ERR_RUNTIME_CMD_RESERVED_PAUSER);
        return;
    }
    if (dlen < CALIPTRA_MSG_REQ_HDR) {
        rt_fail(soc_ifc, mbox, CPTRA_ERR_RUNTIME_MAILBOX_INVALID_PARAMS);
        return;
    }
    if (DIV_ROUND_UP(dlen, 4) > RT_MAX_REQUEST_WORDS) {
        rt_fail(soc_ifc, mbox, CPTRA_ERR_RUNTIME_INSUFFICIENT_MEMORY);
        return;
    }
    req = g_malloc(dlen);
    caliptra_mbox_uc_read(mbox, req, dlen);
    if (!caliptra_msg_checksum_ok(cmd, req, dlen)) {
        rt_fail(soc_ifc, mbox, CPTRA_ERR_RUNTIME_INVALID_CHECKSUM);
        return;
    }
    qemu_log_mask(LOG_UNIMP, "caliptra-runtime: command 0x%08x is not "
                  "modelled yet\n", cmd);
    rt_fail(soc_ifc, mbox, CPTRA_ERR_RUNTIME_UNIMPLEMENTED_COMMAND);
}
