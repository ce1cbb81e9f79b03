/*
 * Caliptra 1.x mailbox (mbox_csr and its 128 KiB SRAM)
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_MBOX_H
#define HW_MISC_CALIPTRA_MBOX_H

#include "qemu/units.h"
#include "hw/qdev-core.h"
#include "hw/register.h"
#include "exec/memattrs.h"
#include "qom/object.h"

#define TYPE_CALIPTRA_MBOX "caliptra-mbox"
OBJECT_DECLARE_SIMPLE_TYPE(CaliptraMbox, CALIPTRA_MBOX)

typedef struct CaliptraSocIfc CaliptraSocIfc;

#define CALIPTRA_MBOX_SRAM_SIZE     (128 * KiB)
#define CALIPTRA_MBOX_SRAM_WORDS    (CALIPTRA_MBOX_SRAM_SIZE / 4)
#define CALIPTRA_MBOX_R_MAX         (0x24 / 4)

/* MBOX_STATUS.STATUS */
typedef enum CaliptraMboxStatus {
    CALIPTRA_MBOX_CMD_BUSY = 0,
    CALIPTRA_MBOX_DATA_READY = 1,
    CALIPTRA_MBOX_CMD_COMPLETE = 2,
    CALIPTRA_MBOX_CMD_FAILURE = 3,
} CaliptraMboxStatus;

/* MBOX_STATUS.MBOX_FSM_PS, encoded as caliptra-rtl's mbox_pkg */
typedef enum CaliptraMboxFsm {
    CALIPTRA_MBOX_IDLE = 0,
    CALIPTRA_MBOX_RDY_FOR_CMD = 1,
    CALIPTRA_MBOX_RDY_FOR_DATA = 2,
    CALIPTRA_MBOX_RDY_FOR_DLEN = 3,
    CALIPTRA_MBOX_EXECUTE_SOC = 4,
    CALIPTRA_MBOX_EXECUTE_UC = 6,
    CALIPTRA_MBOX_ERROR = 7,
} CaliptraMboxFsm;

/* Called (from a bottom half) when a command reaches the microcontroller. */
typedef void CaliptraMboxCmdAvail(void *opaque);

struct CaliptraMbox {
    DeviceState parent_obj;

    RegisterInfoArray *reg_array;
    uint32_t regs[CALIPTRA_MBOX_R_MAX];
    RegisterInfo regs_info[CALIPTRA_MBOX_R_MAX];

    uint8_t fsm;
    bool soc_has_lock;
    uint32_t wrptr;
    bool wr_full;
    uint32_t rdptr;
    uint32_t dlen_in_dws;
    uint32_t *sram;

    /* Requester of the access being decoded; not state */
    bool req_soc;
    uint32_t req_user;

    CaliptraSocIfc *soc_ifc;
    qemu_irq data_avail;
    QEMUBH *cmd_avail_bh;
    CaliptraMboxCmdAvail *cmd_avail;
    void *cmd_avail_opaque;
};

/* SoC side: one 32-bit APB access, as decoded by the Caliptra window. */
MemTxResult caliptra_mbox_soc_read(CaliptraMbox *s, hwaddr addr,
                                   uint32_t user, uint64_t *data);
MemTxResult caliptra_mbox_soc_write(CaliptraMbox *s, hwaddr addr,
                                    uint32_t user, uint64_t data);

/*
 * Microcontroller side, used by the model's ROM and runtime. They follow the
 * uC's view of the same registers: a command handed over with EXECUTE is
 * read once, front to back, and answered once.
 */
void caliptra_mbox_set_cmd_handler(CaliptraMbox *s, CaliptraMboxCmdAvail *cb,
                                   void *opaque);
bool caliptra_mbox_uc_has_cmd(CaliptraMbox *s);
uint32_t caliptra_mbox_uc_cmd(CaliptraMbox *s);
uint32_t caliptra_mbox_uc_dlen(CaliptraMbox *s);
/* MBOX_USER: the PAUSER of the SoC agent that sent the command */
uint32_t caliptra_mbox_uc_user(CaliptraMbox *s);
/* Back to the start of the request, to read it again */
void caliptra_mbox_uc_rewind(CaliptraMbox *s);
/* Copy @len request bytes from the read pointer on; past DLEN reads zero. */
void caliptra_mbox_uc_read(CaliptraMbox *s, void *buf, size_t len);
/*
 * Answer the command: @data (may be NULL) becomes the response with DLEN =
 * @len, then STATUS = @status hands the mailbox back to the SoC.
 */
void caliptra_mbox_uc_respond(CaliptraMbox *s, CaliptraMboxStatus status,
                              const void *data, size_t len);
/*
 * Caliptra as the requester (the ROM's IDevID CSR): take the lock, write
 * @cmd, DLEN and @data, set EXECUTE; the SoC reads it in EXECUTE_SOC.
 * False if the lock is taken: the command handler is called again when
 * the mailbox goes idle. Then clear EXECUTE, freeing the mailbox.
 */
bool caliptra_mbox_uc_send(CaliptraMbox *s, uint32_t cmd, const void *data,
                           size_t len);
void caliptra_mbox_uc_send_done(CaliptraMbox *s);
/* Direct view of the SRAM, as the SHA accelerator's mailbox mode has it. */
uint32_t caliptra_mbox_sram_word(CaliptraMbox *s, uint32_t index);

/* cptra_rst_b: warm reset. The SRAM keeps its content. */
void caliptra_mbox_warm_reset(CaliptraMbox *s);

#endif /* HW_MISC_CALIPTRA_MBOX_H */
