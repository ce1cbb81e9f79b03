/*
 * Caliptra 1.x SoC interface registers (soc_ifc_reg): status, errors,
 * PAUSER filters, TRNG interface, watchdog configuration and fuses
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_SOC_IFC_H
#define HW_MISC_CALIPTRA_SOC_IFC_H

#include "hw/qdev-core.h"
#include "hw/register.h"
#include "exec/memattrs.h"
#include "qom/object.h"

#define TYPE_CALIPTRA_SOC_IFC "caliptra-soc-ifc"
OBJECT_DECLARE_SIMPLE_TYPE(CaliptraSocIfc, CALIPTRA_SOC_IFC)

#define CALIPTRA_SOC_IFC_R_MAX      (0xa38 / 4)
#define CALIPTRA_MBOX_PAUSER_SLOTS  5

/* CPTRA_HW_ERROR_NON_FATAL bits raised by the mailbox */
#define CALIPTRA_HW_ERR_MBOX_PROT_NO_LOCK   (1u << 0)
#define CALIPTRA_HW_ERR_MBOX_PROT_OOO       (1u << 1)

/* CPTRA_FLOW_STATUS.BOOT_FSM_PS (soc_ifc_boot_fsm.sv) */
typedef enum CaliptraBootFsm {
    CALIPTRA_BOOT_IDLE = 0,
    CALIPTRA_BOOT_FUSE = 1,
    CALIPTRA_BOOT_FW_RST = 2,
    CALIPTRA_BOOT_WAIT = 3,
    CALIPTRA_BOOT_DONE = 4,
} CaliptraBootFsm;

/* CPTRA_FLOW_STATUS bits the firmware sets */
#define CALIPTRA_FLOW_IDEVID_CSR_READY      (1u << 24)
#define CALIPTRA_FLOW_READY_FOR_FW          (1u << 28)
#define CALIPTRA_FLOW_READY_FOR_RUNTIME     (1u << 29)
#define CALIPTRA_FLOW_MAILBOX_FLOW_DONE     (1u << 31)

/* Output lines, in GPIO order */
enum {
    CALIPTRA_OUT_ERROR_FATAL,
    CALIPTRA_OUT_ERROR_NON_FATAL,
    CALIPTRA_OUT_READY_FOR_FUSES,
    CALIPTRA_OUT_READY_FOR_FW,
    CALIPTRA_OUT_READY_FOR_RUNTIME,
    CALIPTRA_OUT_MAILBOX_FLOW_DONE,
    CALIPTRA_OUT_TRNG_REQ,
    CALIPTRA_OUT_NUM,
};

/* generic_input_wires / generic_output_wires: two 32-bit words each */
enum {
    CALIPTRA_GENERIC_WIRES = 64,
};

/* What the microcontroller (the model's ROM/runtime) is woken up for */
typedef enum CaliptraSocIfcEvent {
    /* The boot FSM released the uC (BOOT_DONE) */
    CALIPTRA_EVENT_BOOT = 1 << 0,
    /* The SoC wrote CPTRA_TRNG_STATUS.DATA_WR_DONE */
    CALIPTRA_EVENT_TRNG_DONE = 1 << 1,
    /* The SoC changed CPTRA_DBG_MANUF_SERVICE_REG */
    CALIPTRA_EVENT_MANUF = 1 << 2,
} CaliptraSocIfcEvent;

typedef void CaliptraSocIfcNotify(void *opaque, uint32_t events);

struct CaliptraSocIfc {
    DeviceState parent_obj;

    RegisterInfoArray *reg_array;
    uint32_t regs[CALIPTRA_SOC_IFC_R_MAX];
    RegisterInfo regs_info[CALIPTRA_SOC_IFC_R_MAX];

    uint8_t boot_fsm;
    bool fuse_wr_done_seen;
    /* Secret fuses are write-only: kept out of regs[] so no read sees them */
    uint32_t uds_seed[12];
    uint32_t field_entropy[8];
    /* CPTRA_OBF_KEY strap, as INTERNAL_OBF_KEY holds it: no SW access */
    uint32_t obf_key[8];
    bool fatal_latched;

    /* Requester of the access being decoded; not state */
    bool req_soc;
    uint32_t req_user;

    qemu_irq out[CALIPTRA_OUT_NUM];
    qemu_irq generic_out[CALIPTRA_GENERIC_WIRES];
    QEMUBH *event_bh;
    uint32_t events;        /* pending CaliptraSocIfcEvent bits */
    CaliptraSocIfcNotify *notify;
    void *notify_opaque;

    /* Properties: straps and build-time configuration */
    uint8_t lifecycle;
    bool debug_locked;
    bool scan_mode;
    bool bootfsm_breakpoint;
    uint16_t hw_rev;
    uint32_t hw_config;
    uint32_t mbox_pauser_integ;
};

MemTxResult caliptra_soc_ifc_soc_read(CaliptraSocIfc *s, hwaddr addr,
                                      uint32_t user, uint64_t *data);
MemTxResult caliptra_soc_ifc_soc_write(CaliptraSocIfc *s, hwaddr addr,
                                       uint32_t user, uint64_t data);

/*
 * A soc_ifc register by its RDL name (e.g. "FUSE_OWNER_PK_HASH"): offset
 * in the block and number of words. For SoC-side tools that name fuses.
 */
bool caliptra_soc_ifc_reg_lookup(const char *name, hwaddr *addr,
                                 unsigned *count);

/*
 * The uC interrupt block's hardware events (soc_ifc_top.sv): each sets its
 * status bit and counts. Errors first, in ERROR_INTERNAL_INTR_R order.
 */
typedef enum CaliptraIntrEvent {
    CALIPTRA_INTR_ERROR_INTERNAL,
    CALIPTRA_INTR_ERROR_INV_DEV,        /* mailbox access, invalid user */
    CALIPTRA_INTR_ERROR_CMD_FAIL,       /* mailbox protocol error */
    CALIPTRA_INTR_NOTIF_CMD_AVAIL = 8,  /* a command for the uC */
    CALIPTRA_INTR_NOTIF_MBOX_ECC_COR,
    CALIPTRA_INTR_NOTIF_DEBUG_LOCKED,
    CALIPTRA_INTR_NOTIF_SCAN_MODE,
    CALIPTRA_INTR_NOTIF_SOC_REQ_LOCK,   /* SoC asked while the uC holds it */
    CALIPTRA_INTR_NOTIF_GEN_IN_TOGGLE,
} CaliptraIntrEvent;

void caliptra_soc_ifc_intr_event(CaliptraSocIfc *s, CaliptraIntrEvent ev);
/* The uC acknowledges an event (write 1 to clear its status bit) */
void caliptra_soc_ifc_intr_ack(CaliptraSocIfc *s, CaliptraIntrEvent ev);

/*
 * The firmware's watchdog programming: timer 1 on (cascade mode) with
 * its period and timer 2's, in Caliptra clock cycles, or off. The model's
 * firmware never stalls, so the timers are not counted down.
 */
void caliptra_soc_ifc_uc_wdt_start(CaliptraSocIfc *s, uint64_t timer1_cycles,
                                   uint64_t timer2_cycles);
void caliptra_soc_ifc_uc_wdt_stop(CaliptraSocIfc *s);
uint64_t caliptra_soc_ifc_wdt_cfg(CaliptraSocIfc *s);

/* APB arbiter: may @user reach the mailbox? (CPTRA_MBOX_VALID_PAUSER) */
bool caliptra_soc_ifc_mbox_user_valid(CaliptraSocIfc *s, uint32_t user);

/* Hardware events */
void caliptra_soc_ifc_hw_error_non_fatal(CaliptraSocIfc *s, uint32_t bits);

/* Microcontroller side, for the model's ROM and runtime */
void caliptra_soc_ifc_set_notify(CaliptraSocIfc *s, CaliptraSocIfcNotify *cb,
                                 void *opaque);
/* Read a register as the uC sees it (secret fuses still read 0) */
uint32_t caliptra_soc_ifc_uc_read(CaliptraSocIfc *s, hwaddr addr);
void caliptra_soc_ifc_set_fw_rev(CaliptraSocIfc *s, int index, uint32_t rev);
void caliptra_soc_ifc_set_boot_status(CaliptraSocIfc *s, uint32_t status);
void caliptra_soc_ifc_set_flow_status(CaliptraSocIfc *s, uint32_t set,
                                      uint32_t clear);
void caliptra_soc_ifc_fw_error(CaliptraSocIfc *s, bool fatal, uint32_t code);
/* CPTRA_FW_EXTENDED_ERROR_INFO[0]: the detail of the last error */
void caliptra_soc_ifc_fw_extended_error(CaliptraSocIfc *s, uint32_t info);
void caliptra_soc_ifc_secret_fuses(CaliptraSocIfc *s, uint32_t uds[12],
                                   uint32_t fe[8]);
/* What the DOE sees as its key */
/*
 * The security-state and obfuscation-key straps, as an SoC drives them
 * while Caliptra is powered off (@obf_key NULL: unchanged); they take
 * effect with the next cold reset
 */
void caliptra_soc_ifc_set_straps(CaliptraSocIfc *s, uint32_t security_state,
                                 const uint32_t *obf_key);
void caliptra_soc_ifc_obf_key(CaliptraSocIfc *s, uint32_t key[8]);
/*
 * TRNG handshake for SoCs without an internal TRNG: raise DATA_REQ and,
 * once the SoC wrote DATA_WR_DONE, collect the 12 words.
 */
void caliptra_soc_ifc_trng_request(CaliptraSocIfc *s);
bool caliptra_soc_ifc_trng_collect(CaliptraSocIfc *s, uint32_t data[12]);

void caliptra_soc_ifc_warm_reset(CaliptraSocIfc *s);
/*
 * INTERNAL_FW_UPDATE_RESET: only the uC restarts (BOOT_FW_RST, then
 * BOOT_WAIT, then BOOT_DONE with CPTRA_RESET_REASON.FW_UPD_RESET); every
 * register keeps its value.
 */
void caliptra_soc_ifc_fw_update_reset(CaliptraSocIfc *s);

#endif /* HW_MISC_CALIPTRA_SOC_IFC_H */
