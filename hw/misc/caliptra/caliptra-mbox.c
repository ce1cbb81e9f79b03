/*
 * Caliptra 1.x mailbox: mbox_csr and the 128 KiB mailbox SRAM
 *
 * The mailbox is a lock-protected command/response buffer between SoC
 * agents and Caliptra's microcontroller (uC). The SoC side is the
 * register file below; the uC side is played by the model's ROM and
 * runtime through the caliptra_mbox_uc_*() API. Behaviour follows
 * caliptra-rtl's mbox.sv (which wins over the sw-emulator): FSM,
 * requester/receiver rules, protocol errors, and the readable length
 * latched at each hand-over.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "qemu/main-loop.h"
#include "qemu/units.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "hw/misc/caliptra_mbox.h"
#include "hw/misc/caliptra_soc_ifc.h"
#include "migration/vmstate.h"
#include "hw/misc/caliptra_regs.h"
#include "caliptra-regfile.h"
#include "trace.h"

/* The uC acquires with an all-ones user (soc_ifc_arb.sv) */
#define MBOX_UC_USER    0xffffffffu

static const char *mbox_fsm_name(uint8_t fsm)
{
    static const char *const names[] = {
        [CALIPTRA_MBOX_IDLE] = "IDLE",
        [CALIPTRA_MBOX_RDY_FOR_CMD] = "RDY_FOR_CMD",
        [CALIPTRA_MBOX_RDY_FOR_DATA] = "RDY_FOR_DATA",
        [CALIPTRA_MBOX_RDY_FOR_DLEN] = "RDY_FOR_DLEN",
        [CALIPTRA_MBOX_EXECUTE_SOC] = "EXECUTE_SOC",
        [5] = "EXECUTE_TAP",
        [CALIPTRA_MBOX_EXECUTE_UC] = "EXECUTE_UC",
        [CALIPTRA_MBOX_ERROR] = "ERROR",
    };

    return fsm < ARRAY_SIZE(names) && names[fsm] ? names[fsm] : "?";
}

static bool mbox_locked(CaliptraMbox *s)
{
    return FIELD_EX32(s->regs[R_MBOX_LOCK], MBOX_LOCK, LOCK);
}

static void mbox_set_fsm(CaliptraMbox *s, CaliptraMboxFsm fsm)
{
    if (s->fsm != fsm) {
        trace_caliptra_mbox_fsm(mbox_fsm_name(s->fsm), mbox_fsm_name(fsm));
    }
    s->fsm = fsm;
    qemu_set_irq(s->data_avail, fsm == CALIPTRA_MBOX_EXECUTE_SOC);
}

/*
 * Latch what the receiver may read: ceil(DLEN / 4) words, but no more than
 * were written through DATAIN unless the SRAM was filled completely.
 */
static void mbox_hand_over(CaliptraMbox *s, CaliptraMboxFsm to)
{
    uint64_t dlen_dws = DIV_ROUND_UP((uint64_t)s->regs[R_MBOX_DLEN], 4);

    dlen_dws = MIN(dlen_dws, CALIPTRA_MBOX_SRAM_WORDS);
    if (!s->wr_full && s->wrptr < dlen_dws) {
        dlen_dws = s->wrptr;
    }
    s->dlen_in_dws = dlen_dws;
    s->wrptr = 0;
    s->wr_full = false;
    s->rdptr = 0;
    mbox_set_fsm(s, to);
    if (to == CALIPTRA_MBOX_EXECUTE_UC) {
        caliptra_soc_ifc_intr_event(s->soc_ifc,
                                    CALIPTRA_INTR_NOTIF_CMD_AVAIL);
        qemu_bh_schedule(s->cmd_avail_bh);
    }
}

static void mbox_release(CaliptraMbox *s)
{
    s->regs[R_MBOX_LOCK] = 0;
    s->regs[R_MBOX_EXECUTE] = 0;
    s->regs[R_MBOX_STATUS] = 0;
    s->soc_has_lock = false;
    s->wrptr = 0;
    s->wr_full = false;
    s->rdptr = 0;
    s->dlen_in_dws = 0;
    mbox_set_fsm(s, CALIPTRA_MBOX_IDLE);
    /* A uC waiting to send may take the mailbox now */
    qemu_bh_schedule(s->cmd_avail_bh);
}

static void mbox_acquire(CaliptraMbox *s, bool soc, uint32_t user)
{
    s->regs[R_MBOX_LOCK] = R_MBOX_LOCK_LOCK_MASK;
    s->regs[R_MBOX_USER] = soc ? user : MBOX_UC_USER;
    s->soc_has_lock = soc;
    mbox_set_fsm(s, CALIPTRA_MBOX_RDY_FOR_CMD);
}

/* The SoC agent that holds the lock */
static bool mbox_soc_is_owner(CaliptraMbox *s)
{
    return mbox_locked(s) && s->soc_has_lock &&
           s->req_user == s->regs[R_MBOX_USER];
}

static void mbox_protocol_error(CaliptraMbox *s, bool no_lock,
                                const char *what, hwaddr addr)
{
    qemu_log_mask(LOG_GUEST_ERROR,
                  "caliptra-mbox: %s at 0x%02" HWADDR_PRIx " by user 0x%08x "
                  "in state %s (%s)\n", what, addr, s->req_user,
                  mbox_fsm_name(s->fsm),
                  no_lock ? "no lock" : "out of order");
    caliptra_soc_ifc_hw_error_non_fatal(s->soc_ifc,
                                        no_lock ?
                                        CALIPTRA_HW_ERR_MBOX_PROT_NO_LOCK :
                                        CALIPTRA_HW_ERR_MBOX_PROT_OOO);
    caliptra_soc_ifc_intr_event(s->soc_ifc, CALIPTRA_INTR_ERROR_CMD_FAIL);
    if (!no_lock) {
        mbox_set_fsm(s, CALIPTRA_MBOX_ERROR);
    }
}

/*
 * Which SoC writes reach the registers (mbox.sv). Returns false when the
 * write is dropped; protocol errors are raised here.
 */
static bool mbox_soc_write_ok(CaliptraMbox *s, hwaddr addr)
{
    bool ok, lands;

    if (s->fsm == CALIPTRA_MBOX_IDLE) {
        mbox_protocol_error(s, true, "write", addr);
        return false;
    }
    if (!mbox_soc_is_owner(s)) {
        /* Caliptra-to-SoC data: any valid user may answer with STATUS */
        if (!s->soc_has_lock && s->fsm == CALIPTRA_MBOX_EXECUTE_SOC) {
            if (addr == A_MBOX_STATUS) {
                return true;
            }
            mbox_protocol_error(s, false, "write", addr);
            return false;
        }
        qemu_log_mask(LOG_GUEST_ERROR,
                      "caliptra-mbox: write at 0x%02" HWADDR_PRIx
                      " ignored: user 0x%08x does not hold the lock\n",
                      addr, s->req_user);
        return false;
    }

    /*
     * The owner's CMD, DLEN and EXECUTE writes land in any state (their
     * write enable is valid_requester alone), also the one that is out of
     * order, and STATUS while it is the receiver of a response; only the
     * expected one moves the FSM. DATAIN reaches the SRAM only while it
     * is being filled.
     */
    lands = addr == A_MBOX_CMD || addr == A_MBOX_DLEN ||
            addr == A_MBOX_EXECUTE ||
            (addr == A_MBOX_STATUS && s->fsm == CALIPTRA_MBOX_EXECUTE_SOC);
    switch (s->fsm) {
    case CALIPTRA_MBOX_RDY_FOR_CMD:
        ok = addr == A_MBOX_CMD;
        break;
    case CALIPTRA_MBOX_RDY_FOR_DLEN:
        ok = addr == A_MBOX_DLEN;
        break;
    case CALIPTRA_MBOX_RDY_FOR_DATA:
        ok = addr == A_MBOX_DATAIN || addr == A_MBOX_EXECUTE;
        break;
    case CALIPTRA_MBOX_EXECUTE_SOC:
        ok = addr == A_MBOX_EXECUTE;
        break;
    case CALIPTRA_MBOX_ERROR:
        /* No arc leaves ERROR on an SoC access: only force unlock, reset */
        qemu_log_mask(LOG_GUEST_ERROR,
                      "caliptra-mbox: write at 0x%02" HWADDR_PRIx
                      " in state ERROR moves nothing\n", addr);
        return lands;
    default:    /* EXECUTE_UC: the SoC must wait */
        ok = false;
        break;
    }
    if (!ok) {
        mbox_protocol_error(s, false, "write", addr);
        return lands;
    }
    return true;
}

/* May this SoC read of DATAOUT pop a word? */
static bool mbox_soc_dataout_ok(CaliptraMbox *s)
{
    if (s->fsm == CALIPTRA_MBOX_IDLE) {
        mbox_protocol_error(s, true, "DATAOUT read", A_MBOX_DATAOUT);
        return false;
    }
    if (mbox_soc_is_owner(s)) {
        if (s->fsm == CALIPTRA_MBOX_EXECUTE_SOC) {
            return true;
        }
        if (s->fsm != CALIPTRA_MBOX_ERROR) {
            mbox_protocol_error(s, false, "DATAOUT read", A_MBOX_DATAOUT);
        }
        return false;
    }
    if (!s->soc_has_lock && s->fsm == CALIPTRA_MBOX_EXECUTE_SOC) {
        return true;
    }
    qemu_log_mask(LOG_GUEST_ERROR,
                  "caliptra-mbox: DATAOUT read by user 0x%08x, which is "
                  "not the receiver\n", s->req_user);
    return false;
}

static uint64_t mbox_lock_post_read(RegisterInfo *reg, uint64_t val)
{
    CaliptraMbox *s = CALIPTRA_MBOX(reg->opaque);

    /* Reading a free lock takes it; the read still returns 0. */
    if (!(val & R_MBOX_LOCK_LOCK_MASK)) {
        mbox_acquire(s, s->req_soc, s->req_user);
        trace_caliptra_mbox_lock(s->req_soc, s->regs[R_MBOX_USER]);
    } else if (s->req_soc && !s->soc_has_lock) {
        /* The SoC wants the mailbox Caliptra holds: tell the uC */
        caliptra_soc_ifc_intr_event(s->soc_ifc,
                                    CALIPTRA_INTR_NOTIF_SOC_REQ_LOCK);
    }
    return val;
}

static void mbox_cmd_post_write(RegisterInfo *reg, uint64_t val)
{
    CaliptraMbox *s = CALIPTRA_MBOX(reg->opaque);

    if (s->fsm == CALIPTRA_MBOX_RDY_FOR_CMD) {
        mbox_set_fsm(s, CALIPTRA_MBOX_RDY_FOR_DLEN);
    }
}

static void mbox_dlen_post_write(RegisterInfo *reg, uint64_t val)
{
    CaliptraMbox *s = CALIPTRA_MBOX(reg->opaque);

    if (s->fsm == CALIPTRA_MBOX_RDY_FOR_DLEN) {
        s->wrptr = 0;
        s->wr_full = false;
        mbox_set_fsm(s, CALIPTRA_MBOX_RDY_FOR_DATA);
    }
}

static void mbox_push(CaliptraMbox *s, uint32_t val)
{
    if (s->wr_full) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "caliptra-mbox: DATAIN write past the end of the "
                      "%u KiB SRAM dropped\n",
                      (unsigned)(CALIPTRA_MBOX_SRAM_SIZE / KiB));
        return;
    }
    s->sram[s->wrptr] = val;
    if (s->wrptr == CALIPTRA_MBOX_SRAM_WORDS - 1) {
        s->wr_full = true;
    } else {
        s->wrptr++;
    }
}

static uint64_t mbox_datain_pre_write(RegisterInfo *reg, uint64_t val)
{
    mbox_push(CALIPTRA_MBOX(reg->opaque), val);
    return val;
}

static uint32_t mbox_pop(CaliptraMbox *s)
{
    if (s->rdptr >= s->dlen_in_dws) {
        return 0;
    }
    return s->sram[s->rdptr++];
}

static uint64_t mbox_dataout_post_read(RegisterInfo *reg, uint64_t val)
{
    return mbox_pop(CALIPTRA_MBOX(reg->opaque));
}

static void mbox_execute_post_write(RegisterInfo *reg, uint64_t val)
{
    CaliptraMbox *s = CALIPTRA_MBOX(reg->opaque);
    bool execute = val & R_MBOX_EXECUTE_EXECUTE_MASK;

    switch (s->fsm) {
    case CALIPTRA_MBOX_RDY_FOR_DATA:
        if (execute) {
            mbox_hand_over(s, s->soc_has_lock ? CALIPTRA_MBOX_EXECUTE_UC :
                                                CALIPTRA_MBOX_EXECUTE_SOC);
        }
        break;
    case CALIPTRA_MBOX_EXECUTE_SOC:
    case CALIPTRA_MBOX_EXECUTE_UC:
        if (!execute) {
            trace_caliptra_mbox_unlock(s->regs[R_MBOX_USER]);
            mbox_release(s);
        }
        break;
    default:
        break;
    }
}

static void mbox_status_post_write(RegisterInfo *reg, uint64_t val)
{
    CaliptraMbox *s = CALIPTRA_MBOX(reg->opaque);

    /* Only the SoC answering a Caliptra-to-SoC command gets here. */
    if (FIELD_EX32(val, MBOX_STATUS, STATUS) != CALIPTRA_MBOX_CMD_BUSY &&
        s->fsm == CALIPTRA_MBOX_EXECUTE_SOC && !s->soc_has_lock) {
        mbox_hand_over(s, CALIPTRA_MBOX_EXECUTE_UC);
    }
}

static uint64_t mbox_status_post_read(RegisterInfo *reg, uint64_t val)
{
    CaliptraMbox *s = CALIPTRA_MBOX(reg->opaque);

    val = FIELD_DP32(val, MBOX_STATUS, MBOX_FSM_PS, s->fsm);
    val = FIELD_DP32(val, MBOX_STATUS, SOC_HAS_LOCK, s->soc_has_lock);
    return FIELD_DP32(val, MBOX_STATUS, MBOX_RDPTR, s->rdptr);
}

static const RegisterAccessInfo caliptra_mbox_regs_info[] = {
    {   .name = "MBOX_LOCK", .addr = A_MBOX_LOCK,
        .ro = 0xffffffff,
        .post_read = mbox_lock_post_read,
    }, {
        .name = "MBOX_USER", .addr = A_MBOX_USER,
        .ro = 0xffffffff,
    }, {
        .name = "MBOX_CMD", .addr = A_MBOX_CMD,
        .post_write = mbox_cmd_post_write,
    }, {
        .name = "MBOX_DLEN", .addr = A_MBOX_DLEN,
        .post_write = mbox_dlen_post_write,
    }, {
        .name = "MBOX_DATAIN", .addr = A_MBOX_DATAIN,
        .pre_write = mbox_datain_pre_write,
    }, {
        .name = "MBOX_DATAOUT", .addr = A_MBOX_DATAOUT,
        .ro = 0xffffffff,
        .post_read = mbox_dataout_post_read,
    }, {
        .name = "MBOX_EXECUTE", .addr = A_MBOX_EXECUTE,
        .rsvd = ~R_MBOX_EXECUTE_EXECUTE_MASK,
        .post_write = mbox_execute_post_write,
    }, {
        .name = "MBOX_STATUS", .addr = A_MBOX_STATUS,
        .ro = ~R_MBOX_STATUS_STATUS_MASK,
        .post_write = mbox_status_post_write,
        .post_read = mbox_status_post_read,
    }, {
        /* A uC-only pulse: the SoC cannot force the mailbox open */
        .name = "MBOX_UNLOCK", .addr = A_MBOX_UNLOCK,
        .ro = 0xffffffff,
    },
};

MemTxResult caliptra_mbox_soc_read(CaliptraMbox *s, hwaddr addr,
                                   uint32_t user, uint64_t *data)
{
    s->req_soc = true;
    s->req_user = user;
    if (addr == A_MBOX_DATAOUT && !mbox_soc_dataout_ok(s)) {
        *data = 0;
    } else {
        *data = register_read_memory(s->reg_array, addr, 4);
    }
    trace_caliptra_mbox_read(addr, user, *data);
    return MEMTX_OK;
}

MemTxResult caliptra_mbox_soc_write(CaliptraMbox *s, hwaddr addr,
                                    uint32_t user, uint64_t data)
{
    s->req_soc = true;
    s->req_user = user;
    trace_caliptra_mbox_write(addr, user, data);
    if (addr < CALIPTRA_MBOX_R_MAX * 4 && !mbox_soc_write_ok(s, addr)) {
        return MEMTX_OK;
    }
    register_write_memory(s->reg_array, addr, data, 4);
    return MEMTX_OK;
}

/* Microcontroller side */

static void mbox_cmd_avail_bh(void *opaque)
{
    CaliptraMbox *s = opaque;

    if ((s->fsm == CALIPTRA_MBOX_EXECUTE_UC || s->fsm == CALIPTRA_MBOX_IDLE) &&
        s->cmd_avail) {
        s->cmd_avail(s->cmd_avail_opaque);
    }
}

void caliptra_mbox_set_cmd_handler(CaliptraMbox *s, CaliptraMboxCmdAvail *cb,
                                   void *opaque)
{
    s->cmd_avail = cb;
    s->cmd_avail_opaque = opaque;
    if (s->fsm == CALIPTRA_MBOX_EXECUTE_UC) {
        qemu_bh_schedule(s->cmd_avail_bh);
    }
}

bool caliptra_mbox_uc_has_cmd(CaliptraMbox *s)
{
    return s->fsm == CALIPTRA_MBOX_EXECUTE_UC && s->soc_has_lock;
}

uint32_t caliptra_mbox_uc_cmd(CaliptraMbox *s)
{
    return s->regs[R_MBOX_CMD];
}

uint32_t caliptra_mbox_uc_dlen(CaliptraMbox *s)
{
    return s->regs[R_MBOX_DLEN];
}

uint32_t caliptra_mbox_uc_user(CaliptraMbox *s)
{
    return s->regs[R_MBOX_USER];
}

void caliptra_mbox_uc_rewind(CaliptraMbox *s)
{
    s->rdptr = 0;
}

void caliptra_mbox_uc_read(CaliptraMbox *s, void *buf, size_t len)
{
    uint8_t *p = buf;

    while (len) {
        uint32_t word = cpu_to_le32(mbox_pop(s));
        size_t n = MIN(len, 4);

        memcpy(p, &word, n);
        p += n;
        len -= n;
    }
}

void caliptra_mbox_uc_respond(CaliptraMbox *s, CaliptraMboxStatus status,
                              const void *data, size_t len)
{
    const uint8_t *p = data;

    if (!caliptra_mbox_uc_has_cmd(s)) {
        return;
    }
    if (data) {
        s->regs[R_MBOX_DLEN] = len;
        s->wrptr = 0;
        s->wr_full = false;
        while (len) {
            uint32_t word = 0;
            size_t n = MIN(len, 4);

            memcpy(&word, p, n);
            mbox_push(s, le32_to_cpu(word));
            p += n;
            len -= n;
        }
    }
    s->regs[R_MBOX_STATUS] = FIELD_DP32(s->regs[R_MBOX_STATUS], MBOX_STATUS,
                                        STATUS, status);
    trace_caliptra_mbox_respond(status, s->regs[R_MBOX_DLEN]);
    mbox_hand_over(s, CALIPTRA_MBOX_EXECUTE_SOC);
}

bool caliptra_mbox_uc_send(CaliptraMbox *s, uint32_t cmd, const void *data,
                           size_t len)
{
    const uint8_t *p = data;

    if (mbox_locked(s)) {
        return false;
    }
    mbox_acquire(s, false, 0);
    s->regs[R_MBOX_CMD] = cmd;
    s->regs[R_MBOX_DLEN] = len;
    mbox_set_fsm(s, CALIPTRA_MBOX_RDY_FOR_DATA);
    while (len) {
        uint32_t word = 0;
        size_t n = MIN(len, 4);

        memcpy(&word, p, n);
        mbox_push(s, le32_to_cpu(word));
        p += n;
        len -= n;
    }
    s->regs[R_MBOX_EXECUTE] = R_MBOX_EXECUTE_EXECUTE_MASK;
    mbox_hand_over(s, CALIPTRA_MBOX_EXECUTE_SOC);
    return true;
}

void caliptra_mbox_uc_send_done(CaliptraMbox *s)
{
    if (mbox_locked(s) && !s->soc_has_lock) {
        trace_caliptra_mbox_unlock(s->regs[R_MBOX_USER]);
        mbox_release(s);
    }
}

uint32_t caliptra_mbox_sram_word(CaliptraMbox *s, uint32_t index)
{
    return index < CALIPTRA_MBOX_SRAM_WORDS ? s->sram[index] : 0;
}

/* Device */

static void mbox_reset_state(CaliptraMbox *s)
{
    caliptra_regs_reset(s->regs_info, ARRAY_SIZE(s->regs_info), NULL);
    mbox_release(s);
    s->regs[R_MBOX_USER] = 0;
}

void caliptra_mbox_warm_reset(CaliptraMbox *s)
{
    mbox_reset_state(s);
}

static void caliptra_mbox_reset_hold(Object *obj, ResetType type)
{
    CaliptraMbox *s = CALIPTRA_MBOX(obj);

    mbox_reset_state(s);
    /* Hardware leaves the SRAM alone; a power cycle starts it from zero. */
    memset(s->sram, 0, CALIPTRA_MBOX_SRAM_SIZE);
}

static void caliptra_mbox_init(Object *obj)
{
    CaliptraMbox *s = CALIPTRA_MBOX(obj);

    s->reg_array = caliptra_regs_init(DEVICE(obj), caliptra_mbox_regs_info,
                                      ARRAY_SIZE(caliptra_mbox_regs_info),
                                      s->regs_info, s->regs,
                                      CALIPTRA_MBOX_R_MAX * 4);
    s->sram = g_malloc0(CALIPTRA_MBOX_SRAM_SIZE);
    s->cmd_avail_bh = qemu_bh_new_guarded(mbox_cmd_avail_bh, s,
                                          &DEVICE(obj)->mem_reentrancy_guard);
    qdev_init_gpio_out_named(DEVICE(obj), &s->data_avail,
                             "mailbox-data-avail", 1);
}

static void caliptra_mbox_realize(DeviceState *dev, Error **errp)
{
    CaliptraMbox *s = CALIPTRA_MBOX(dev);

    if (!s->soc_ifc) {
        error_setg(errp, "caliptra-mbox: 'soc-ifc' link not set");
    }
}

static void caliptra_mbox_finalize(Object *obj)
{
    CaliptraMbox *s = CALIPTRA_MBOX(obj);

    qemu_bh_delete(s->cmd_avail_bh);
    g_free(s->sram);
}

static int caliptra_mbox_post_load(void *opaque, int version_id)
{
    CaliptraMbox *s = opaque;

    if (s->fsm > CALIPTRA_MBOX_ERROR ||
        s->wrptr >= CALIPTRA_MBOX_SRAM_WORDS ||
        s->dlen_in_dws > CALIPTRA_MBOX_SRAM_WORDS ||
        s->rdptr > s->dlen_in_dws) {
        return -EINVAL;
    }
    if (s->fsm == CALIPTRA_MBOX_EXECUTE_UC) {
        qemu_bh_schedule(s->cmd_avail_bh);
    }
    return 0;
}

static const VMStateDescription vmstate_caliptra_mbox = {
    .name = TYPE_CALIPTRA_MBOX,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = caliptra_mbox_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_ARRAY(regs, CaliptraMbox, CALIPTRA_MBOX_R_MAX),
        VMSTATE_UINT8(fsm, CaliptraMbox),
        VMSTATE_BOOL(soc_has_lock, CaliptraMbox),
        VMSTATE_UINT32(wrptr, CaliptraMbox),
        VMSTATE_BOOL(wr_full, CaliptraMbox),
        VMSTATE_UINT32(rdptr, CaliptraMbox),
        VMSTATE_UINT32(dlen_in_dws, CaliptraMbox),
        VMSTATE_BUFFER_POINTER_UNSAFE(sram, CaliptraMbox, 0,
                                      CALIPTRA_MBOX_SRAM_SIZE),
        VMSTATE_END_OF_LIST(),
    },
};

static const Property caliptra_mbox_properties[] = {
    DEFINE_PROP_LINK("soc-ifc", CaliptraMbox, soc_ifc,
                     TYPE_CALIPTRA_SOC_IFC, CaliptraSocIfc *),
};

static void caliptra_mbox_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = caliptra_mbox_realize;
    dc->vmsd = &vmstate_caliptra_mbox;
    dc->user_creatable = false;
    device_class_set_props(dc, caliptra_mbox_properties);
    rc->phases.hold = caliptra_mbox_reset_hold;
}

static const TypeInfo caliptra_mbox_info = {
    .name = TYPE_CALIPTRA_MBOX,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(CaliptraMbox),
    .instance_init = caliptra_mbox_init,
    .instance_finalize = caliptra_mbox_finalize,
    .class_init = caliptra_mbox_class_init,
};

static void caliptra_mbox_register_types(void)
{
    type_register_static(&caliptra_mbox_info);
}

type_init(caliptra_mbox_register_types)
