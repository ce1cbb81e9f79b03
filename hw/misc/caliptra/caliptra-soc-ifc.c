/*
 * Caliptra 1.x SoC interface registers (soc_ifc_reg)
 *
 * Status and error reporting, mailbox/TRNG/fuse PAUSER filters, the TRNG
 * data interface, watchdog configuration and the fuse bank, plus the boot
 * FSM that releases Caliptra's microcontroller once the SoC has written
 * its fuses. Register layout, access rules and reset classes follow
 * caliptra-rtl's soc_ifc_reg.rdl; the table below is that RDL as data.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "qemu/main-loop.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "hw/misc/caliptra_soc_ifc.h"
#include "migration/vmstate.h"
#include "hw/misc/caliptra_regs.h"
#include "caliptra-regfile.h"
#include "trace.h"

#define FUSE_FIRST      A_FUSE_UDS_SEED
#define FUSE_END        0x600   /* the PAUSER-filtered fuse range */

/*
 * The microcontroller's interrupt block (intr_block_rf): the uC owns it,
 * the SoC reads it. Status bits and counters follow the events below;
 * the enables stay as the firmware leaves them (the model's firmware
 * runs without interrupts, as Caliptra's ROM and runtime poll).
 */
REG32(GLOBAL_INTR_EN_R, 0x800)
REG32(ERROR_INTR_EN_R, 0x804)
REG32(NOTIF_INTR_EN_R, 0x808)
REG32(ERROR_GLOBAL_INTR_R, 0x80c)
REG32(NOTIF_GLOBAL_INTR_R, 0x810)
REG32(ERROR_INTERNAL_INTR_R, 0x814)
REG32(NOTIF_INTERNAL_INTR_R, 0x818)
REG32(ERROR_INTR_TRIG_R, 0x81c)
REG32(NOTIF_INTR_TRIG_R, 0x820)
REG32(ERROR_INTR_COUNT_R, 0x900)        /* 8 counters, one per error */
REG32(NOTIF_INTR_COUNT_R, 0x980)        /* 6, one per notification */
REG32(INTR_COUNT_INCR_R, 0xa00)         /* 14 pulse registers, read 0 */
#define INTR_ERRORS     8
#define INTR_NOTIFS     6

#define HW_ERR_FATAL_V10_MASK   0x7     /* iccm/dccm ecc, nmi pin */
#define HW_ERR_FATAL_V11_MASK   0xf     /* + crypto_err */
#define HW_ERR_NON_FATAL_MASK   0x7

/* agg_sts: any enabled status bit (the uC's interrupt line is gated too) */
static uint64_t soc_ifc_intr_global_post_read(RegisterInfo *reg, uint64_t val)
{
    CaliptraSocIfc *s = CALIPTRA_SOC_IFC(reg->opaque);
    bool error = reg->access->addr == A_ERROR_GLOBAL_INTR_R;
    uint32_t sts = s->regs[error ? R_ERROR_INTERNAL_INTR_R :
                                   R_NOTIF_INTERNAL_INTR_R];
    uint32_t en = s->regs[error ? R_ERROR_INTR_EN_R : R_NOTIF_INTR_EN_R];

    return !!(sts & en);
}

/*
 * One row per register or register array: the SoC's access rule and the
 * reset class. RDL "pwrgood" fields survive a warm reset (cptra_rst_b).
 */
typedef struct SocIfcRegDesc {
    const char *name;
    hwaddr addr;
    unsigned count;
    uint32_t reset;
    uint32_t ro;
    uint32_t w1c;
    bool pwrgood;
    uint64_t (*pre_write)(RegisterInfo *reg, uint64_t val);
    void (*post_write)(RegisterInfo *reg, uint64_t val);
    uint64_t (*post_read)(RegisterInfo *reg, uint64_t val);
} SocIfcRegDesc;

static uint32_t *soc_ifc_reg(CaliptraSocIfc *s, hwaddr addr)
{
    return &s->regs[addr / 4];
}

static bool soc_ifc_fuses_locked(CaliptraSocIfc *s)
{
    return FIELD_EX32(s->regs[R_CPTRA_FUSE_WR_DONE], CPTRA_FUSE_WR_DONE, DONE);
}

/* Output lines */

static void soc_ifc_update_pins(CaliptraSocIfc *s)
{
    uint32_t flow = s->regs[R_CPTRA_FLOW_STATUS];
    bool non_fatal =
        (s->regs[R_CPTRA_HW_ERROR_NON_FATAL] &
         ~s->regs[R_INTERNAL_HW_ERROR_NON_FATAL_MASK]) ||
        (s->regs[R_CPTRA_FW_ERROR_NON_FATAL] &
         ~s->regs[R_INTERNAL_FW_ERROR_NON_FATAL_MASK]);

    qemu_set_irq(s->out[CALIPTRA_OUT_ERROR_FATAL], s->fatal_latched);
    qemu_set_irq(s->out[CALIPTRA_OUT_ERROR_NON_FATAL], non_fatal);
    qemu_set_irq(s->out[CALIPTRA_OUT_READY_FOR_FUSES],
                 s->boot_fsm == CALIPTRA_BOOT_FUSE && !s->fuse_wr_done_seen);
    qemu_set_irq(s->out[CALIPTRA_OUT_READY_FOR_FW],
                 flow & CALIPTRA_FLOW_READY_FOR_FW);
    qemu_set_irq(s->out[CALIPTRA_OUT_READY_FOR_RUNTIME],
                 flow & CALIPTRA_FLOW_READY_FOR_RUNTIME);
    qemu_set_irq(s->out[CALIPTRA_OUT_MAILBOX_FLOW_DONE],
                 flow & CALIPTRA_FLOW_MAILBOX_FLOW_DONE);
    qemu_set_irq(s->out[CALIPTRA_OUT_TRNG_REQ],
                 FIELD_EX32(s->regs[R_CPTRA_TRNG_STATUS], CPTRA_TRNG_STATUS,
                            DATA_REQ));
    /* Caliptra 1.2 production firmware never writes them: they stay 0 */
    for (int i = 0; i < CALIPTRA_GENERIC_WIRES; i++) {
        qemu_set_irq(s->generic_out[i],
                     extract32(s->regs[R_CPTRA_GENERIC_OUTPUT_WIRES + i / 32],
                               i % 32, 1));
    }
}

/* cptra_error_fatal latches on a newly set, unmasked bit (soc_ifc_top.sv) */
static void soc_ifc_fatal_event(CaliptraSocIfc *s, uint32_t new_bits,
                                uint32_t mask)
{
    if (new_bits & ~mask) {
        s->fatal_latched = true;
    }
}

/* Boot FSM (soc_ifc_boot_fsm.sv) */

static void soc_ifc_raise_event(CaliptraSocIfc *s, CaliptraSocIfcEvent ev)
{
    s->events |= ev;
    qemu_bh_schedule(s->event_bh);
}

static void soc_ifc_set_boot_fsm(CaliptraSocIfc *s, CaliptraBootFsm state)
{
    trace_caliptra_soc_ifc_boot_fsm(s->boot_fsm, state);
    s->boot_fsm = state;
    if (state == CALIPTRA_BOOT_DONE) {
        soc_ifc_raise_event(s, CALIPTRA_EVENT_BOOT);
    }
    soc_ifc_update_pins(s);
}

static bool soc_ifc_breakpoint_honoured(CaliptraSocIfc *s)
{
    /* The strap only holds the uC when debug is unlocked or in manufacturing */
    return s->bootfsm_breakpoint &&
           (!s->debug_locked || s->lifecycle == 1);
}

static void soc_ifc_event_bh(void *opaque)
{
    CaliptraSocIfc *s = opaque;
    uint32_t events = s->events;

    s->events = 0;
    /* The uC runs only once the boot FSM let it out of reset */
    if (s->boot_fsm == CALIPTRA_BOOT_DONE && s->notify) {
        s->notify(s->notify_opaque, events);
    }
}

/* Hooks */

static uint64_t soc_ifc_fw_error_fatal_pre_write(RegisterInfo *reg,
                                                 uint64_t val)
{
    CaliptraSocIfc *s = CALIPTRA_SOC_IFC(reg->opaque);

    soc_ifc_fatal_event(s, val & ~s->regs[R_CPTRA_FW_ERROR_FATAL],
                        s->regs[R_INTERNAL_FW_ERROR_FATAL_MASK]);
    return val;
}

static void soc_ifc_update_pins_post_write(RegisterInfo *reg, uint64_t val)
{
    soc_ifc_update_pins(CALIPTRA_SOC_IFC(reg->opaque));
}

static uint64_t soc_ifc_flow_status_post_read(RegisterInfo *reg, uint64_t val)
{
    CaliptraSocIfc *s = CALIPTRA_SOC_IFC(reg->opaque);

    val = FIELD_DP32(val, CPTRA_FLOW_STATUS, BOOT_FSM_PS, s->boot_fsm);
    return FIELD_DP32(val, CPTRA_FLOW_STATUS, READY_FOR_FUSES,
                      s->boot_fsm == CALIPTRA_BOOT_FUSE &&
                      !s->fuse_wr_done_seen);
}

static uint64_t soc_ifc_security_state_post_read(RegisterInfo *reg,
                                                 uint64_t val)
{
    CaliptraSocIfc *s = CALIPTRA_SOC_IFC(reg->opaque);

    val = FIELD_DP32(0, CPTRA_SECURITY_STATE, DEVICE_LIFECYCLE, s->lifecycle);
    val = FIELD_DP32(val, CPTRA_SECURITY_STATE, DEBUG_LOCKED, s->debug_locked);
    return FIELD_DP32(val, CPTRA_SECURITY_STATE, SCAN_MODE, s->scan_mode);
}

/*
 * A PAUSER slot and its lock: once the lock is 1, both keep their values
 * until cptra_rst_b. The lock of a VALID_PAUSER register sits at a fixed
 * distance after it.
 */
static uint64_t soc_ifc_pauser_pre_write(RegisterInfo *reg, uint64_t val)
{
    CaliptraSocIfc *s = CALIPTRA_SOC_IFC(reg->opaque);
    hwaddr addr = reg->access->addr;
    hwaddr lock;

    if (addr == A_CPTRA_FUSE_VALID_PAUSER) {
        lock = A_CPTRA_FUSE_PAUSER_LOCK;
    } else if (addr == A_CPTRA_TRNG_VALID_PAUSER) {
        lock = A_CPTRA_TRNG_PAUSER_LOCK;
    } else {
        lock = A_CPTRA_MBOX_PAUSER_LOCK + (addr - A_CPTRA_MBOX_VALID_PAUSER);
    }
    if (*soc_ifc_reg(s, lock) & 1) {
        qemu_log_mask(LOG_GUEST_ERROR, "caliptra-soc-ifc: %s is locked\n",
                      reg->access->name);
        return *(uint32_t *)reg->data;
    }
    return val;
}

static uint64_t soc_ifc_sticky_pre_write(RegisterInfo *reg, uint64_t val)
{
    return val | *(uint32_t *)reg->data;
}

static bool soc_ifc_trng_user_ok(CaliptraSocIfc *s)
{
    return !s->req_soc ||
           !FIELD_EX32(s->regs[R_CPTRA_TRNG_PAUSER_LOCK],
                       CPTRA_TRNG_PAUSER_LOCK, LOCK) ||
           s->req_user == s->regs[R_CPTRA_TRNG_VALID_PAUSER];
}

static uint64_t soc_ifc_trng_pre_write(RegisterInfo *reg, uint64_t val)
{
    CaliptraSocIfc *s = CALIPTRA_SOC_IFC(reg->opaque);

    if (!soc_ifc_trng_user_ok(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "caliptra-soc-ifc: %s write by "
                      "user 0x%08x, not the TRNG user\n",
                      reg->access->name, s->req_user);
        return *(uint32_t *)reg->data;
    }
    return val;
}

static uint64_t soc_ifc_trng_post_read(RegisterInfo *reg, uint64_t val)
{
    return soc_ifc_trng_user_ok(CALIPTRA_SOC_IFC(reg->opaque)) ? val : 0;
}

static uint64_t soc_ifc_trng_status_pre_write(RegisterInfo *reg, uint64_t val)
{
    val = soc_ifc_trng_pre_write(reg, val);
    /* DATA_WR_DONE is held clear while nobody asks for data */
    if (!FIELD_EX32(val, CPTRA_TRNG_STATUS, DATA_REQ)) {
        val = FIELD_DP32(val, CPTRA_TRNG_STATUS, DATA_WR_DONE, 0);
    }
    trace_caliptra_soc_ifc_trng_status(val);
    return val;
}

static void soc_ifc_trng_status_post_write(RegisterInfo *reg, uint64_t val)
{
    if (FIELD_EX32(val, CPTRA_TRNG_STATUS, DATA_WR_DONE)) {
        soc_ifc_raise_event(CALIPTRA_SOC_IFC(reg->opaque),
                            CALIPTRA_EVENT_TRNG_DONE);
    }
}

static void soc_ifc_manuf_post_write(RegisterInfo *reg, uint64_t val)
{
    soc_ifc_raise_event(CALIPTRA_SOC_IFC(reg->opaque), CALIPTRA_EVENT_MANUF);
}

static uint64_t soc_ifc_fuse_pre_write(RegisterInfo *reg, uint64_t val)
{
    CaliptraSocIfc *s = CALIPTRA_SOC_IFC(reg->opaque);
    hwaddr addr = reg->access->addr;

    if (soc_ifc_fuses_locked(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "caliptra-soc-ifc: %s written after "
                      "CPTRA_FUSE_WR_DONE, ignored\n", reg->access->name);
        return *(uint32_t *)reg->data;
    }
    /* Secret fuses are held apart: the register itself always reads 0 */
    if (addr >= A_FUSE_UDS_SEED && addr < A_FUSE_FIELD_ENTROPY) {
        s->uds_seed[(addr - A_FUSE_UDS_SEED) / 4] = val;
        return 0;
    }
    if (addr >= A_FUSE_FIELD_ENTROPY && addr < A_FUSE_KEY_MANIFEST_PK_HASH) {
        s->field_entropy[(addr - A_FUSE_FIELD_ENTROPY) / 4] = val;
        return 0;
    }
    return val;
}

static void soc_ifc_fuse_wr_done_post_write(RegisterInfo *reg, uint64_t val)
{
    CaliptraSocIfc *s = CALIPTRA_SOC_IFC(reg->opaque);

    /* Only the write itself matters: after warm reset done is already 1 */
    if (!FIELD_EX32(val, CPTRA_FUSE_WR_DONE, DONE)) {
        return;
    }
    s->fuse_wr_done_seen = true;
    trace_caliptra_soc_ifc_fuse_wr_done();
    if (s->boot_fsm == CALIPTRA_BOOT_FUSE) {
        soc_ifc_set_boot_fsm(s, soc_ifc_breakpoint_honoured(s) ?
                                CALIPTRA_BOOT_WAIT : CALIPTRA_BOOT_DONE);
    } else {
        soc_ifc_update_pins(s);
    }
}

static uint64_t soc_ifc_fuse_wr_done_pre_write(RegisterInfo *reg, uint64_t val)
{
    return val | *(uint32_t *)reg->data;
}

static void soc_ifc_bootfsm_go_post_write(RegisterInfo *reg, uint64_t val)
{
    CaliptraSocIfc *s = CALIPTRA_SOC_IFC(reg->opaque);

    if (FIELD_EX32(val, CPTRA_BOOTFSM_GO, GO) &&
        s->boot_fsm == CALIPTRA_BOOT_WAIT) {
        soc_ifc_set_boot_fsm(s, CALIPTRA_BOOT_DONE);
    }
}

static uint64_t soc_ifc_hw_rev_post_read(RegisterInfo *reg, uint64_t val)
{
    CaliptraSocIfc *s = CALIPTRA_SOC_IFC(reg->opaque);

    val = FIELD_DP32(0, CPTRA_HW_REV_ID, CPTRA_GENERATION, s->hw_rev);
    return FIELD_DP32(val, CPTRA_HW_REV_ID, SOC_STEPPING_ID,
                      s->regs[R_FUSE_SOC_STEPPING_ID]);
}

static uint64_t soc_ifc_hw_config_post_read(RegisterInfo *reg, uint64_t val)
{
    return CALIPTRA_SOC_IFC(reg->opaque)->hw_config;
}

static const SocIfcRegDesc soc_ifc_reg_descs[] = {
    { "CPTRA_HW_ERROR_FATAL", A_CPTRA_HW_ERROR_FATAL, 1,
      .ro = ~HW_ERR_FATAL_V11_MASK, .w1c = HW_ERR_FATAL_V11_MASK,
      .pwrgood = true },
    { "CPTRA_HW_ERROR_NON_FATAL", A_CPTRA_HW_ERROR_NON_FATAL, 1,
      .ro = ~HW_ERR_NON_FATAL_MASK, .w1c = HW_ERR_NON_FATAL_MASK,
      .pwrgood = true, .post_write = soc_ifc_update_pins_post_write },
    { "CPTRA_FW_ERROR_FATAL", A_CPTRA_FW_ERROR_FATAL, 1, .pwrgood = true,
      .pre_write = soc_ifc_fw_error_fatal_pre_write,
      .post_write = soc_ifc_update_pins_post_write },
    { "CPTRA_FW_ERROR_NON_FATAL", A_CPTRA_FW_ERROR_NON_FATAL, 1,
      .pwrgood = true, .post_write = soc_ifc_update_pins_post_write },
    { "CPTRA_HW_ERROR_ENC", A_CPTRA_HW_ERROR_ENC, 1, .pwrgood = true },
    { "CPTRA_FW_ERROR_ENC", A_CPTRA_FW_ERROR_ENC, 1, .pwrgood = true },
    { "CPTRA_FW_EXTENDED_ERROR_INFO", A_CPTRA_FW_EXTENDED_ERROR_INFO, 8,
      .pwrgood = true },
    { "CPTRA_BOOT_STATUS", A_CPTRA_BOOT_STATUS, 1, .ro = ~0u },
    { "CPTRA_FLOW_STATUS", A_CPTRA_FLOW_STATUS, 1, .ro = ~0u,
      .post_read = soc_ifc_flow_status_post_read },
    { "CPTRA_RESET_REASON", A_CPTRA_RESET_REASON, 1, .ro = ~0u },
    { "CPTRA_SECURITY_STATE", A_CPTRA_SECURITY_STATE, 1, .ro = ~0u,
      .post_read = soc_ifc_security_state_post_read },
    { "CPTRA_MBOX_VALID_PAUSER", A_CPTRA_MBOX_VALID_PAUSER,
      CALIPTRA_MBOX_PAUSER_SLOTS, .reset = ~0u,
      .pre_write = soc_ifc_pauser_pre_write },
    { "CPTRA_MBOX_PAUSER_LOCK", A_CPTRA_MBOX_PAUSER_LOCK,
      CALIPTRA_MBOX_PAUSER_SLOTS, .ro = ~1u,
      .pre_write = soc_ifc_sticky_pre_write },
    { "CPTRA_TRNG_VALID_PAUSER", A_CPTRA_TRNG_VALID_PAUSER, 1, .reset = ~0u,
      .pre_write = soc_ifc_pauser_pre_write },
    { "CPTRA_TRNG_PAUSER_LOCK", A_CPTRA_TRNG_PAUSER_LOCK, 1, .ro = ~1u,
      .pre_write = soc_ifc_sticky_pre_write },
    { "CPTRA_TRNG_DATA", A_CPTRA_TRNG_DATA, 12,
      .pre_write = soc_ifc_trng_pre_write,
      .post_read = soc_ifc_trng_post_read },
    { "CPTRA_TRNG_CTRL", A_CPTRA_TRNG_CTRL, 1, .ro = ~0u },
    { "CPTRA_TRNG_STATUS", A_CPTRA_TRNG_STATUS, 1,
      .ro = ~R_CPTRA_TRNG_STATUS_DATA_WR_DONE_MASK,
      .pre_write = soc_ifc_trng_status_pre_write,
      .post_write = soc_ifc_trng_status_post_write },
    { "CPTRA_FUSE_WR_DONE", A_CPTRA_FUSE_WR_DONE, 1, .ro = ~1u,
      .pwrgood = true, .pre_write = soc_ifc_fuse_wr_done_pre_write,
      .post_write = soc_ifc_fuse_wr_done_post_write },
    { "CPTRA_TIMER_CONFIG", A_CPTRA_TIMER_CONFIG, 1, .pwrgood = true },
    { "CPTRA_BOOTFSM_GO", A_CPTRA_BOOTFSM_GO, 1, .ro = ~1u,
      .post_write = soc_ifc_bootfsm_go_post_write },
    { "CPTRA_DBG_MANUF_SERVICE_REG", A_CPTRA_DBG_MANUF_SERVICE_REG, 1,
      .post_write = soc_ifc_manuf_post_write },
    { "CPTRA_CLK_GATING_EN", A_CPTRA_CLK_GATING_EN, 1, .ro = ~1u },
    { "CPTRA_GENERIC_INPUT_WIRES", A_CPTRA_GENERIC_INPUT_WIRES, 2,
      .ro = ~0u },
    { "CPTRA_GENERIC_OUTPUT_WIRES", A_CPTRA_GENERIC_OUTPUT_WIRES, 2,
      .ro = ~0u },
    { "CPTRA_HW_REV_ID", A_CPTRA_HW_REV_ID, 1, .ro = ~0u,
      .post_read = soc_ifc_hw_rev_post_read },
    { "CPTRA_FW_REV_ID", A_CPTRA_FW_REV_ID, 2, .ro = ~0u },
    { "CPTRA_HW_CONFIG", A_CPTRA_HW_CONFIG, 1, .ro = ~0u,
      .post_read = soc_ifc_hw_config_post_read },
    { "CPTRA_WDT_TIMER1_EN", A_CPTRA_WDT_TIMER1_EN, 1, .ro = ~0u },
    { "CPTRA_WDT_TIMER1_CTRL", A_CPTRA_WDT_TIMER1_CTRL, 1, .ro = ~0u },
    { "CPTRA_WDT_TIMER1_TIMEOUT_PERIOD", A_CPTRA_WDT_TIMER1_TIMEOUT_PERIOD, 2,
      .reset = ~0u, .ro = ~0u },
    { "CPTRA_WDT_TIMER2_EN", A_CPTRA_WDT_TIMER2_EN, 1, .ro = ~0u },
    { "CPTRA_WDT_TIMER2_CTRL", A_CPTRA_WDT_TIMER2_CTRL, 1, .ro = ~0u },
    { "CPTRA_WDT_TIMER2_TIMEOUT_PERIOD", A_CPTRA_WDT_TIMER2_TIMEOUT_PERIOD, 2,
      .reset = ~0u, .ro = ~0u },
    { "CPTRA_WDT_STATUS", A_CPTRA_WDT_STATUS, 1, .ro = ~0u },
    { "CPTRA_FUSE_VALID_PAUSER", A_CPTRA_FUSE_VALID_PAUSER, 1, .reset = ~0u,
      .pwrgood = true, .pre_write = soc_ifc_pauser_pre_write },
    { "CPTRA_FUSE_PAUSER_LOCK", A_CPTRA_FUSE_PAUSER_LOCK, 1, .ro = ~1u,
      .pwrgood = true, .pre_write = soc_ifc_sticky_pre_write },
    { "CPTRA_WDT_CFG", A_CPTRA_WDT_CFG, 2, .pwrgood = true },
    { "CPTRA_iTRNG_ENTROPY_CONFIG_0", A_CPTRA_ITRNG_ENTROPY_CONFIG_0, 1 },
    { "CPTRA_iTRNG_ENTROPY_CONFIG_1", A_CPTRA_ITRNG_ENTROPY_CONFIG_1, 1,
      .ro = 0xffff0000 },
    { "CPTRA_RSVD_REG", A_CPTRA_RSVD_REG, 2 },
    /* Fuses: written by the SoC before CPTRA_FUSE_WR_DONE, kept on warm */
    { "FUSE_UDS_SEED", A_FUSE_UDS_SEED, 12, .pwrgood = true,
      .pre_write = soc_ifc_fuse_pre_write },
    { "FUSE_FIELD_ENTROPY", A_FUSE_FIELD_ENTROPY, 8, .pwrgood = true,
      .pre_write = soc_ifc_fuse_pre_write },
    { "FUSE_KEY_MANIFEST_PK_HASH", A_FUSE_KEY_MANIFEST_PK_HASH, 12,
      .pwrgood = true, .pre_write = soc_ifc_fuse_pre_write },
    { "FUSE_KEY_MANIFEST_PK_HASH_MASK", A_FUSE_KEY_MANIFEST_PK_HASH_MASK, 1,
      .ro = ~0xfu, .pwrgood = true, .pre_write = soc_ifc_fuse_pre_write },
    { "FUSE_OWNER_PK_HASH", A_FUSE_OWNER_PK_HASH, 12, .pwrgood = true,
      .pre_write = soc_ifc_fuse_pre_write },
    { "FUSE_FMC_KEY_MANIFEST_SVN", A_FUSE_FMC_KEY_MANIFEST_SVN, 1,
      .pwrgood = true, .pre_write = soc_ifc_fuse_pre_write },
    { "FUSE_RUNTIME_SVN", A_FUSE_RUNTIME_SVN, 4, .pwrgood = true,
      .pre_write = soc_ifc_fuse_pre_write },
    { "FUSE_ANTI_ROLLBACK_DISABLE", A_FUSE_ANTI_ROLLBACK_DISABLE, 1,
      .ro = ~1u, .pwrgood = true, .pre_write = soc_ifc_fuse_pre_write },
    { "FUSE_IDEVID_CERT_ATTR", A_FUSE_IDEVID_CERT_ATTR, 24, .pwrgood = true,
      .pre_write = soc_ifc_fuse_pre_write },
    { "FUSE_IDEVID_MANUF_HSM_ID", A_FUSE_IDEVID_MANUF_HSM_ID, 4,
      .pwrgood = true, .pre_write = soc_ifc_fuse_pre_write },
    { "FUSE_LIFE_CYCLE", A_FUSE_LIFE_CYCLE, 1, .ro = ~3u, .pwrgood = true,
      .pre_write = soc_ifc_fuse_pre_write },
    { "FUSE_LMS_VERIFY", A_FUSE_LMS_VERIFY, 1, .ro = ~1u, .pwrgood = true,
      .pre_write = soc_ifc_fuse_pre_write },
    { "FUSE_LMS_REVOCATION", A_FUSE_LMS_REVOCATION, 1, .pwrgood = true,
      .pre_write = soc_ifc_fuse_pre_write },
    { "FUSE_SOC_STEPPING_ID", A_FUSE_SOC_STEPPING_ID, 1, .ro = ~0xffffu,
      .pwrgood = true, .pre_write = soc_ifc_fuse_pre_write },
    /* uC-internal registers: readable by the SoC, never writable */
    { "INTERNAL_ICCM_LOCK", A_INTERNAL_ICCM_LOCK, 1, .ro = ~0u },
    { "INTERNAL_FW_UPDATE_RESET", A_INTERNAL_FW_UPDATE_RESET, 1, .ro = ~0u },
    { "INTERNAL_FW_UPDATE_RESET_WAIT_CYCLES",
      A_INTERNAL_FW_UPDATE_RESET_WAIT_CYCLES, 1, .reset = 5, .ro = ~0u },
    { "INTERNAL_NMI_VECTOR", A_INTERNAL_NMI_VECTOR, 1, .ro = ~0u },
    { "INTERNAL_HW_ERROR_FATAL_MASK", A_INTERNAL_HW_ERROR_FATAL_MASK, 1,
      .ro = ~0u },
    { "INTERNAL_HW_ERROR_NON_FATAL_MASK", A_INTERNAL_HW_ERROR_NON_FATAL_MASK,
      1, .ro = ~0u },
    { "INTERNAL_FW_ERROR_FATAL_MASK", A_INTERNAL_FW_ERROR_FATAL_MASK, 1,
      .ro = ~0u },
    { "INTERNAL_FW_ERROR_NON_FATAL_MASK", A_INTERNAL_FW_ERROR_NON_FATAL_MASK,
      1, .ro = ~0u },
    { "INTERNAL_RV_MTIME_L", A_INTERNAL_RV_MTIME_L, 1, .ro = ~0u,
      .pwrgood = true },
    { "INTERNAL_RV_MTIME_H", A_INTERNAL_RV_MTIME_H, 1, .ro = ~0u,
      .pwrgood = true },
    { "INTERNAL_RV_MTIMECMP_L", A_INTERNAL_RV_MTIMECMP_L, 1, .ro = ~0u,
      .pwrgood = true },
    { "INTERNAL_RV_MTIMECMP_H", A_INTERNAL_RV_MTIMECMP_H, 1, .ro = ~0u,
      .pwrgood = true },
    /* Interrupt block: errors survive a warm reset, notifications not */
    { "GLOBAL_INTR_EN_R", A_GLOBAL_INTR_EN_R, 1, .ro = ~0u },
    { "ERROR_INTR_EN_R", A_ERROR_INTR_EN_R, 1, .ro = ~0u },
    { "NOTIF_INTR_EN_R", A_NOTIF_INTR_EN_R, 1, .ro = ~0u },
    { "ERROR_GLOBAL_INTR_R", A_ERROR_GLOBAL_INTR_R, 1, .ro = ~0u,
      .post_read = soc_ifc_intr_global_post_read },
    { "NOTIF_GLOBAL_INTR_R", A_NOTIF_GLOBAL_INTR_R, 1, .ro = ~0u,
      .post_read = soc_ifc_intr_global_post_read },
    { "ERROR_INTERNAL_INTR_R", A_ERROR_INTERNAL_INTR_R, 1, .ro = ~0u,
      .pwrgood = true },
    { "NOTIF_INTERNAL_INTR_R", A_NOTIF_INTERNAL_INTR_R, 1, .ro = ~0u },
    { "ERROR_INTR_TRIG_R", A_ERROR_INTR_TRIG_R, 1, .ro = ~0u },
    { "NOTIF_INTR_TRIG_R", A_NOTIF_INTR_TRIG_R, 1, .ro = ~0u },
    { "ERROR_INTR_COUNT_R", A_ERROR_INTR_COUNT_R, INTR_ERRORS, .ro = ~0u,
      .pwrgood = true },
    { "NOTIF_INTR_COUNT_R", A_NOTIF_INTR_COUNT_R, INTR_NOTIFS, .ro = ~0u },
    { "INTR_COUNT_INCR_R", A_INTR_COUNT_INCR_R, INTR_ERRORS + INTR_NOTIFS,
      .ro = ~0u },
};

/* Built once from soc_ifc_reg_descs[] */
static RegisterAccessInfo *soc_ifc_regs_info;
static unsigned soc_ifc_regs_num;
static DECLARE_BITMAP(soc_ifc_pwrgood, CALIPTRA_SOC_IFC_R_MAX);

bool caliptra_soc_ifc_reg_lookup(const char *name, hwaddr *addr,
                                 unsigned *count)
{
    for (int i = 0; i < ARRAY_SIZE(soc_ifc_reg_descs); i++) {
        if (!strcmp(soc_ifc_reg_descs[i].name, name)) {
            *addr = soc_ifc_reg_descs[i].addr;
            *count = soc_ifc_reg_descs[i].count;
            return true;
        }
    }
    return false;
}

void caliptra_soc_ifc_intr_event(CaliptraSocIfc *s, CaliptraIntrEvent ev)
{
    bool error = ev < CALIPTRA_INTR_NOTIF_CMD_AVAIL;
    unsigned bit = error ? ev : ev - CALIPTRA_INTR_NOTIF_CMD_AVAIL;
    uint32_t *count = &s->regs[(error ? R_ERROR_INTR_COUNT_R :
                                        R_NOTIF_INTR_COUNT_R) + bit];

    s->regs[error ? R_ERROR_INTERNAL_INTR_R : R_NOTIF_INTERNAL_INTR_R] |=
        BIT(bit);
    if (*count != UINT32_MAX) {
        (*count)++;
    }
}

void caliptra_soc_ifc_intr_ack(CaliptraSocIfc *s, CaliptraIntrEvent ev)
{
    bool error = ev < CALIPTRA_INTR_NOTIF_CMD_AVAIL;
    unsigned bit = error ? ev : ev - CALIPTRA_INTR_NOTIF_CMD_AVAIL;

    s->regs[error ? R_ERROR_INTERNAL_INTR_R : R_NOTIF_INTERNAL_INTR_R] &=
        ~BIT(bit);
}

void caliptra_soc_ifc_uc_wdt_start(CaliptraSocIfc *s, uint64_t timer1_cycles,
                                   uint64_t timer2_cycles)
{
    s->regs[R_CPTRA_WDT_TIMER1_TIMEOUT_PERIOD] = timer1_cycles;
    s->regs[R_CPTRA_WDT_TIMER1_TIMEOUT_PERIOD + 1] = timer1_cycles >> 32;
    s->regs[R_CPTRA_WDT_TIMER2_TIMEOUT_PERIOD] = timer2_cycles;
    s->regs[R_CPTRA_WDT_TIMER2_TIMEOUT_PERIOD + 1] = timer2_cycles >> 32;
    s->regs[R_CPTRA_WDT_TIMER1_EN] = 1;
}

void caliptra_soc_ifc_uc_wdt_stop(CaliptraSocIfc *s)
{
    s->regs[R_CPTRA_WDT_TIMER1_EN] = 0;
}

uint64_t caliptra_soc_ifc_wdt_cfg(CaliptraSocIfc *s)
{
    return deposit64(s->regs[R_CPTRA_WDT_CFG], 32, 32,
                     s->regs[R_CPTRA_WDT_CFG + 1]);
}

static void soc_ifc_build_regs_info(void)
{
    unsigned n = 0;

    for (int i = 0; i < ARRAY_SIZE(soc_ifc_reg_descs); i++) {
        n += soc_ifc_reg_descs[i].count;
    }
    soc_ifc_regs_info = g_new0(RegisterAccessInfo, n);
    soc_ifc_regs_num = n;

    n = 0;
    for (int i = 0; i < ARRAY_SIZE(soc_ifc_reg_descs); i++) {
        const SocIfcRegDesc *d = &soc_ifc_reg_descs[i];

        for (unsigned j = 0; j < d->count; j++) {
            RegisterAccessInfo *ac = &soc_ifc_regs_info[n++];

            ac->name = d->count == 1 ? d->name :
                       g_strdup_printf("%s[%u]", d->name, j);
            ac->addr = d->addr + 4 * j;
            ac->reset = d->reset;
            ac->ro = d->ro;
            ac->w1c = d->w1c;
            ac->pre_write = d->pre_write;
            ac->post_write = d->post_write;
            ac->post_read = d->post_read;
            if (d->pwrgood) {
                set_bit(ac->addr / 4, soc_ifc_pwrgood);
            }
        }
    }
}

static bool soc_ifc_is_pwrgood(hwaddr addr)
{
    return test_bit(addr / 4, soc_ifc_pwrgood);
}

/* SoC side */

/* Fuse-range PAUSER check (soc_ifc_arb.sv); a failure is PSLVERR */
static bool soc_ifc_fuse_user_ok(CaliptraSocIfc *s, hwaddr addr,
                                 uint32_t user)
{
    if (addr < FUSE_FIRST || addr >= FUSE_END ||
        !FIELD_EX32(s->regs[R_CPTRA_FUSE_PAUSER_LOCK],
                    CPTRA_FUSE_PAUSER_LOCK, LOCK) ||
        user == s->regs[R_CPTRA_FUSE_VALID_PAUSER]) {
        return true;
    }
    qemu_log_mask(LOG_GUEST_ERROR, "caliptra-soc-ifc: fuse access at 0x%03"
                  HWADDR_PRIx " by user 0x%08x, not the fuse user 0x%08x\n",
                  addr, user, s->regs[R_CPTRA_FUSE_VALID_PAUSER]);
    return false;
}

static bool soc_ifc_decoded(CaliptraSocIfc *s, hwaddr addr)
{
    if (addr < CALIPTRA_SOC_IFC_R_MAX * 4 && s->regs_info[addr / 4].access) {
        return true;
    }
    /* Holes in the register file read 0 and drop writes without PSLVERR */
    qemu_log_mask(LOG_GUEST_ERROR, "caliptra-soc-ifc: access to unmapped "
                  "offset 0x%04" HWADDR_PRIx "\n", addr);
    return false;
}

MemTxResult caliptra_soc_ifc_soc_read(CaliptraSocIfc *s, hwaddr addr,
                                      uint32_t user, uint64_t *data)
{
    *data = 0;
    if (!soc_ifc_fuse_user_ok(s, addr, user)) {
        return MEMTX_ERROR;
    }
    if (soc_ifc_decoded(s, addr)) {
        s->req_soc = true;
        s->req_user = user;
        *data = register_read_memory(s->reg_array, addr, 4);
    }
    trace_caliptra_soc_ifc_read(addr, user, *data);
    return MEMTX_OK;
}

MemTxResult caliptra_soc_ifc_soc_write(CaliptraSocIfc *s, hwaddr addr,
                                       uint32_t user, uint64_t data)
{
    /* Secret fuse values stay out of the trace */
    bool secret = addr >= CALIPTRA_SECRET_FUSES &&
                  addr - CALIPTRA_SECRET_FUSES < CALIPTRA_SECRET_FUSES_SIZE;

    trace_caliptra_soc_ifc_write(addr, user, secret ? 0 : data);
    if (!soc_ifc_fuse_user_ok(s, addr, user)) {
        return MEMTX_ERROR;
    }
    if (soc_ifc_decoded(s, addr)) {
        s->req_soc = true;
        s->req_user = user;
        register_write_memory(s->reg_array, addr, data, 4);
    }
    return MEMTX_OK;
}

bool caliptra_soc_ifc_mbox_user_valid(CaliptraSocIfc *s, uint32_t user)
{
    /* CPTRA_DEF_MBOX_VALID_PAUSER, and CPTRA_SET_MBOX_PAUSER_INTEG's */
    if (user == 0xffffffff || user == s->mbox_pauser_integ) {
        return true;
    }
    for (int i = 0; i < CALIPTRA_MBOX_PAUSER_SLOTS; i++) {
        if ((s->regs[R_CPTRA_MBOX_PAUSER_LOCK + i] &
             R_CPTRA_MBOX_PAUSER_LOCK_LOCK_MASK) &&
            s->regs[R_CPTRA_MBOX_VALID_PAUSER + i] == user) {
            return true;
        }
    }
    return false;
}

void caliptra_soc_ifc_hw_error_non_fatal(CaliptraSocIfc *s, uint32_t bits)
{
    s->regs[R_CPTRA_HW_ERROR_NON_FATAL] |= bits & HW_ERR_NON_FATAL_MASK;
    soc_ifc_update_pins(s);
}

/* Microcontroller side */

void caliptra_soc_ifc_set_notify(CaliptraSocIfc *s, CaliptraSocIfcNotify *cb,
                                 void *opaque)
{
    s->notify = cb;
    s->notify_opaque = opaque;
}

uint32_t caliptra_soc_ifc_uc_read(CaliptraSocIfc *s, hwaddr addr)
{
    assert(addr < CALIPTRA_SOC_IFC_R_MAX * 4 && s->regs_info[addr / 4].access);
    s->req_soc = false;
    return register_read_memory(s->reg_array, addr, 4);
}

void caliptra_soc_ifc_set_fw_rev(CaliptraSocIfc *s, int index, uint32_t rev)
{
    assert(index == 0 || index == 1);
    s->regs[R_CPTRA_FW_REV_ID + index] = rev;
}

void caliptra_soc_ifc_set_boot_status(CaliptraSocIfc *s, uint32_t status)
{
    trace_caliptra_soc_ifc_boot_status(status);
    s->regs[R_CPTRA_BOOT_STATUS] = status;
}

void caliptra_soc_ifc_set_flow_status(CaliptraSocIfc *s, uint32_t set,
                                      uint32_t clear)
{
    const uint32_t hw_fields = R_CPTRA_FLOW_STATUS_BOOT_FSM_PS_MASK |
                               R_CPTRA_FLOW_STATUS_READY_FOR_FUSES_MASK;
    uint32_t *flow = &s->regs[R_CPTRA_FLOW_STATUS];

    *flow = ((*flow & ~clear) | set) & ~hw_fields;
    soc_ifc_update_pins(s);
}

void caliptra_soc_ifc_fw_error(CaliptraSocIfc *s, bool fatal, uint32_t code)
{
    if (fatal) {
        soc_ifc_fatal_event(s, code & ~s->regs[R_CPTRA_FW_ERROR_FATAL],
                            s->regs[R_INTERNAL_FW_ERROR_FATAL_MASK]);
        s->regs[R_CPTRA_FW_ERROR_FATAL] = code;
    } else {
        s->regs[R_CPTRA_FW_ERROR_NON_FATAL] = code;
    }
    soc_ifc_update_pins(s);
}

void caliptra_soc_ifc_fw_extended_error(CaliptraSocIfc *s, uint32_t info)
{
    s->regs[R_CPTRA_FW_EXTENDED_ERROR_INFO] = info;
}

void caliptra_soc_ifc_secret_fuses(CaliptraSocIfc *s, uint32_t uds[12],
                                   uint32_t fe[8])
{
    memcpy(uds, s->uds_seed, sizeof(s->uds_seed));
    memcpy(fe, s->field_entropy, sizeof(s->field_entropy));
}

void caliptra_soc_ifc_set_straps(CaliptraSocIfc *s, uint32_t security_state,
                                 const uint32_t *obf_key)
{
    s->lifecycle = FIELD_EX32(security_state, CPTRA_SECURITY_STATE,
                              DEVICE_LIFECYCLE);
    s->debug_locked = FIELD_EX32(security_state, CPTRA_SECURITY_STATE,
                                 DEBUG_LOCKED);
    if (obf_key) {
        memcpy(s->obf_key, obf_key, sizeof(s->obf_key));
    }
}

void caliptra_soc_ifc_obf_key(CaliptraSocIfc *s, uint32_t key[8])
{
    memcpy(key, s->obf_key, sizeof(s->obf_key));
}

void caliptra_soc_ifc_trng_request(CaliptraSocIfc *s)
{
    s->regs[R_CPTRA_TRNG_STATUS] =
        FIELD_DP32(0, CPTRA_TRNG_STATUS, DATA_REQ, 1);
    trace_caliptra_soc_ifc_trng_status(s->regs[R_CPTRA_TRNG_STATUS]);
    soc_ifc_update_pins(s);
}

bool caliptra_soc_ifc_trng_collect(CaliptraSocIfc *s, uint32_t data[12])
{
    if (!FIELD_EX32(s->regs[R_CPTRA_TRNG_STATUS], CPTRA_TRNG_STATUS,
                    DATA_WR_DONE)) {
        return false;
    }
    memcpy(data, &s->regs[R_CPTRA_TRNG_DATA], 12 * sizeof(uint32_t));
    /* TRNG_CTRL.clear, then drop the request */
    memset(&s->regs[R_CPTRA_TRNG_DATA], 0, 12 * sizeof(uint32_t));
    s->regs[R_CPTRA_TRNG_STATUS] = 0;
    soc_ifc_update_pins(s);
    return true;
}

/* Resets */

static void soc_ifc_reset_release(CaliptraSocIfc *s, bool warm)
{
    s->regs[R_CPTRA_RESET_REASON] =
        FIELD_DP32(0, CPTRA_RESET_REASON, WARM_RESET, warm);
    s->fuse_wr_done_seen = false;
    soc_ifc_set_boot_fsm(s, CALIPTRA_BOOT_FUSE);
}

void caliptra_soc_ifc_fw_update_reset(CaliptraSocIfc *s)
{
    trace_caliptra_soc_ifc_reset("firmware update");
    s->regs[R_CPTRA_RESET_REASON] =
        FIELD_DP32(0, CPTRA_RESET_REASON, FW_UPD_RESET, 1);
    /*
     * The FSM passes BOOT_FW_RST and waits WAIT_CYCLES clocks in
     * BOOT_WAIT: nothing the SoC can time, so straight to BOOT_DONE.
     */
    soc_ifc_set_boot_fsm(s, CALIPTRA_BOOT_FW_RST);
    soc_ifc_set_boot_fsm(s, CALIPTRA_BOOT_WAIT);
    soc_ifc_set_boot_fsm(s, CALIPTRA_BOOT_DONE);
}

void caliptra_soc_ifc_warm_reset(CaliptraSocIfc *s)
{
    trace_caliptra_soc_ifc_reset("warm");
    caliptra_regs_reset(s->regs_info, ARRAY_SIZE(s->regs_info),
                        soc_ifc_is_pwrgood);
    /* cptra_error_fatal is held only until cptra_rst_b */
    s->fatal_latched = false;
    s->events = 0;
    s->boot_fsm = CALIPTRA_BOOT_IDLE;
    soc_ifc_reset_release(s, true);
}

static void caliptra_soc_ifc_reset_hold(Object *obj, ResetType type)
{
    CaliptraSocIfc *s = CALIPTRA_SOC_IFC(obj);

    trace_caliptra_soc_ifc_reset("cold");
    caliptra_regs_reset(s->regs_info, ARRAY_SIZE(s->regs_info), NULL);
    memset(s->uds_seed, 0, sizeof(s->uds_seed));
    memset(s->field_entropy, 0, sizeof(s->field_entropy));
    s->fatal_latched = false;
    s->fuse_wr_done_seen = false;
    s->events = 0;
    s->boot_fsm = CALIPTRA_BOOT_IDLE;
}

static void caliptra_soc_ifc_reset_exit(Object *obj, ResetType type)
{
    soc_ifc_reset_release(CALIPTRA_SOC_IFC(obj), false);
}

/* Generic input wires: 64 level inputs */
static void soc_ifc_generic_input(void *opaque, int n, int level)
{
    CaliptraSocIfc *s = opaque;
    uint32_t *w = &s->regs[R_CPTRA_GENERIC_INPUT_WIRES + n / 32];

    if (extract32(*w, n % 32, 1) != !!level) {
        caliptra_soc_ifc_intr_event(s, CALIPTRA_INTR_NOTIF_GEN_IN_TOGGLE);
    }
    *w = deposit32(*w, n % 32, 1, !!level);
}

static void caliptra_soc_ifc_init(Object *obj)
{
    CaliptraSocIfc *s = CALIPTRA_SOC_IFC(obj);
    DeviceState *dev = DEVICE(obj);

    s->reg_array = caliptra_regs_init(dev, soc_ifc_regs_info, soc_ifc_regs_num,
                                      s->regs_info, s->regs,
                                      CALIPTRA_SOC_IFC_R_MAX * 4);
    s->event_bh = qemu_bh_new_guarded(soc_ifc_event_bh, s,
                                      &dev->mem_reentrancy_guard);
    qdev_init_gpio_out_named(dev, s->out, "caliptra-out", CALIPTRA_OUT_NUM);
    qdev_init_gpio_in_named(dev, soc_ifc_generic_input,
                            "generic-input-wires", CALIPTRA_GENERIC_WIRES);
    qdev_init_gpio_out_named(dev, s->generic_out, "generic-output-wires",
                             CALIPTRA_GENERIC_WIRES);
}

static void caliptra_soc_ifc_realize(DeviceState *dev, Error **errp)
{
    CaliptraSocIfc *s = CALIPTRA_SOC_IFC(dev);

    if (s->lifecycle > 3 || s->lifecycle == 2) {
        error_setg(errp, "caliptra-soc-ifc: lifecycle must be 0 "
                   "(unprovisioned), 1 (manufacturing) or 3 (production)");
        return;
    }
    if (s->hw_rev != 0x01 && s->hw_rev != 0x11) {
        error_setg(errp, "caliptra-soc-ifc: hw-rev must be 0x01 (1.0) or "
                   "0x11 (1.1)");
    }
}

static void caliptra_soc_ifc_finalize(Object *obj)
{
    CaliptraSocIfc *s = CALIPTRA_SOC_IFC(obj);

    qemu_bh_delete(s->event_bh);
}

static int caliptra_soc_ifc_post_load(void *opaque, int version_id)
{
    CaliptraSocIfc *s = opaque;

    if (s->boot_fsm > CALIPTRA_BOOT_DONE) {
        return -EINVAL;
    }
    soc_ifc_update_pins(s);
    if (s->events) {
        qemu_bh_schedule(s->event_bh);
    }
    return 0;
}

static const VMStateDescription vmstate_caliptra_soc_ifc = {
    .name = TYPE_CALIPTRA_SOC_IFC,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = caliptra_soc_ifc_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_ARRAY(regs, CaliptraSocIfc, CALIPTRA_SOC_IFC_R_MAX),
        VMSTATE_UINT8(boot_fsm, CaliptraSocIfc),
        VMSTATE_BOOL(fuse_wr_done_seen, CaliptraSocIfc),
        VMSTATE_UINT32_ARRAY(uds_seed, CaliptraSocIfc, 12),
        VMSTATE_UINT32_ARRAY(field_entropy, CaliptraSocIfc, 8),
        VMSTATE_BOOL(fatal_latched, CaliptraSocIfc),
        VMSTATE_UINT32(events, CaliptraSocIfc),
        /* Straps an SoC may drive at run time (e.g. the AST2700's SCU1) */
        VMSTATE_UINT8(lifecycle, CaliptraSocIfc),
        VMSTATE_BOOL(debug_locked, CaliptraSocIfc),
        VMSTATE_UINT32_ARRAY(obf_key, CaliptraSocIfc, 8),
        VMSTATE_END_OF_LIST(),
    },
};

static const Property caliptra_soc_ifc_properties[] = {
    /* CPTRA_SECURITY_STATE straps: production, debug locked by default */
    DEFINE_PROP_UINT8("lifecycle", CaliptraSocIfc, lifecycle, 3),
    DEFINE_PROP_BOOL("debug-locked", CaliptraSocIfc, debug_locked, true),
    DEFINE_PROP_BOOL("scan-mode", CaliptraSocIfc, scan_mode, false),
    DEFINE_PROP_BOOL("bootfsm-breakpoint", CaliptraSocIfc,
                     bootfsm_breakpoint, false),
    /* CPTRA_HW_REV_ID.CPTRA_GENERATION: 0x11 for RTL 1.1, 0x01 for 1.0 */
    DEFINE_PROP_UINT16("hw-rev", CaliptraSocIfc, hw_rev, 0x11),
    /* CPTRA_HW_CONFIG: no iTRNG, QSPI, UART; LMS accelerator (1.1) */
    DEFINE_PROP_UINT32("hw-config", CaliptraSocIfc, hw_config, 0x10),
    /*
     * CPTRA_SET_MBOX_PAUSER_INTEG/CPTRA_MBOX_VALID_PAUSER parameters: one
     * PAUSER wired as a valid mailbox user (all-ones: none beyond default)
     */
    DEFINE_PROP_UINT32("mbox-pauser-integ", CaliptraSocIfc, mbox_pauser_integ,
                       0xffffffff),
};

static void caliptra_soc_ifc_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    soc_ifc_build_regs_info();
    dc->realize = caliptra_soc_ifc_realize;
    dc->vmsd = &vmstate_caliptra_soc_ifc;
    dc->user_creatable = false;
    device_class_set_props(dc, caliptra_soc_ifc_properties);
    rc->phases.hold = caliptra_soc_ifc_reset_hold;
    rc->phases.exit = caliptra_soc_ifc_reset_exit;
}

static const TypeInfo caliptra_soc_ifc_info = {
    .name = TYPE_CALIPTRA_SOC_IFC,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(CaliptraSocIfc),
    .instance_init = caliptra_soc_ifc_init,
    .instance_finalize = caliptra_soc_ifc_finalize,
    .class_init = caliptra_soc_ifc_class_init,
};

static void caliptra_soc_ifc_register_types(void)
{
    type_register_static(&caliptra_soc_ifc_info);
}

type_init(caliptra_soc_ifc_register_types)
