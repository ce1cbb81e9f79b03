/*
 * ASPEED AST2700 OTP controller
 *
 * The register interface through which software reads and programs the
 * AST2700's OTP memory (aspeed_ast27x0_otp.c), as ASPEED's U-Boot, Linux
 * and Zephyr drivers drive it: a key register that unlocks the
 * controller, and per bus master a command bank (command, four write data
 * words, status, a 16-bit word address, read data). A command completes
 * at once: the status never shows busy, and its result field says pass,
 * fail or master protection.
 *
 * What is not public is not modelled: the region and master protection
 * registers the ROM programs, ECC, BIST and multi-word programming. In
 * their place this model keeps the secure, Caliptra and PUF regions
 * (words 0x1000 up) from every master that reaches it over the bus: they
 * hold the OTP keys, the field entropy and the UDS, which on silicon only
 * the boot ROMs read.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "hw/registerfields.h"
#include "hw/qdev-properties.h"
#include "hw/nvram/aspeed_ast27x0_otpc.h"
#include "migration/vmstate.h"
#include "trace.h"

REG32(KEY, 0x000)
#define KEY_UNLOCK              0x349FE38A
/* Bank 0's registers; bank m's are 0x20 * m further */
REG32(CMD, 0x004)
REG32(WDATA0, 0x008)
REG32(WDATA3, 0x014)
REG32(STATUS, 0x018)
    FIELD(STATUS, BUSY, 0, 1)
    FIELD(STATUS, RESULT, 4, 4)
REG32(ADDR, 0x01C)
REG32(RDATA, 0x020)
#define BANK_STRIDE             0x20
REG32(DBG01, 0x0C8)             /* ECC status: no error to report */
REG32(ECC_EN, 0x0D4)
REG32(PMC_CQ, 0x0E4)
REG32(DAP_CFG_RQ, 0x538)

enum {
    CMD_READ = 0x23B1E361,
    CMD_COMPARE = 0x23B1E363,
    CMD_PROGRAM = 0x23B1E364,
    CMD_PROGRAM_MULTI = 0x23B1E365,
    CMD_BIST = 0x23B1E368,
};

enum {
    RESULT_PASS = 0,
    RESULT_FAIL = 1,
    RESULT_MASTER_PROTECTED = 4,
};

/* From here on the OTP holds secrets: no bus master reads them */
#define OTPC_FIRST_PROTECTED    AST27X0_OTP_SEC

/* The bank whose register @offset is, or -1; its offset in @reg */
static int otpc_bank(hwaddr offset, hwaddr *reg)
{
    int m;

    if (offset < A_CMD) {
        return -1;
    }
    m = (offset - A_CMD) / BANK_STRIDE;
    *reg = offset - m * BANK_STRIDE;
    return m < AST27X0_OTPC_BANKS ? m : -1;
}

static uint32_t otpc_command(AspeedAst27x0OtpcState *s,
                             AspeedAst27x0OtpcBank *b)
{
    uint32_t addr = b->addr;

    if (b->cmd != CMD_READ && b->cmd != CMD_PROGRAM) {
        qemu_log_mask(LOG_UNIMP, "ast2700-otpc: command 0x%08x not "
                      "modelled\n", b->cmd);
        return RESULT_FAIL;
    }
    if (addr >= AST27X0_OTP_WORDS) {
        qemu_log_mask(LOG_GUEST_ERROR, "ast2700-otpc: word 0x%x is past "
                      "the OTP\n", addr);
        return RESULT_FAIL;
    }
    if (addr >= OTPC_FIRST_PROTECTED) {
        qemu_log_mask(LOG_GUEST_ERROR, "ast2700-otpc: word 0x%x is in a "
                      "region no bus master may use\n", addr);
        return RESULT_MASTER_PROTECTED;
    }
    if (b->cmd == CMD_READ) {
        b->rdata = aspeed_ast27x0_otp_readw(s->otp, addr);
        return RESULT_PASS;
    }
    /* The low half of WDATA0: the bits to program (they only go to 1) */
    if (!aspeed_ast27x0_otp_program(s->otp, addr, b->wdata[0])) {
        return RESULT_FAIL;
    }
    return RESULT_PASS;
}

static uint64_t otpc_read(void *opaque, hwaddr offset, unsigned size)
{
    AspeedAst27x0OtpcState *s = opaque;
    uint64_t val = 0;
    hwaddr reg;
    int m;

    switch (offset) {
    case A_DBG01:
        break;
    case A_ECC_EN:
        val = s->ecc_en;
        break;
    case A_PMC_CQ:
        val = s->pmc_cq;
        break;
    case A_DAP_CFG_RQ:
        val = s->dap_cfg_rq;
        break;
    default:
        m = otpc_bank(offset, &reg);
        if (m < 0) {
            /* The key too: what it reads back is not public */
            qemu_log_mask(LOG_UNIMP, "ast2700-otpc: read of 0x%03"
                          HWADDR_PRIx " not modelled\n", offset);
            break;
        }
        switch (reg) {
        case A_CMD:
            val = s->bank[m].cmd;
            break;
        case A_WDATA0 ... A_WDATA3:
            val = s->bank[m].wdata[(reg - A_WDATA0) / 4];
            break;
        case A_STATUS:
            val = s->bank[m].status;
            break;
        case A_ADDR:
            val = s->bank[m].addr;
            break;
        case A_RDATA:
            val = s->bank[m].rdata;
            break;
        }
    }
    trace_aspeed_ast27x0_otpc_read(offset, val);
    return val;
}

static void otpc_write(void *opaque, hwaddr offset, uint64_t val,
                       unsigned size)
{
    AspeedAst27x0OtpcState *s = opaque;
    AspeedAst27x0OtpcBank *b;
    hwaddr reg;
    int m;

    trace_aspeed_ast27x0_otpc_write(offset, val);
    switch (offset) {
    case A_KEY:
        /* Any other value locks it again, as Linux's driver does with 1 */
        s->unlocked = val == KEY_UNLOCK;
        return;
    case A_ECC_EN:
        s->ecc_en = val;
        return;
    case A_PMC_CQ:
        s->pmc_cq = val;
        return;
    case A_DAP_CFG_RQ:
        s->dap_cfg_rq = val;
        return;
    }
    m = otpc_bank(offset, &reg);
    if (m < 0 || reg == A_STATUS || reg == A_RDATA) {
        qemu_log_mask(m < 0 ? LOG_UNIMP : LOG_GUEST_ERROR,
                      "ast2700-otpc: write of 0x%03" HWADDR_PRIx " ignored\n",
                      offset);
        return;
    }
    b = &s->bank[m];
    switch (reg) {
    case A_WDATA0 ... A_WDATA3:
        b->wdata[(reg - A_WDATA0) / 4] = val;
        return;
    case A_ADDR:
        b->addr = val;
        return;
    }
    /* CMD */
    b->cmd = val;
    if (!s->unlocked) {
        qemu_log_mask(LOG_GUEST_ERROR, "ast2700-otpc: command 0x%08x while "
                      "locked, ignored\n", b->cmd);
        return;
    }
    b->status = FIELD_DP32(0, STATUS, RESULT, otpc_command(s, b));
    trace_aspeed_ast27x0_otpc_command(m, b->cmd, b->addr, b->status);
}

static const MemoryRegionOps otpc_ops = {
    .read = otpc_read,
    .write = otpc_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
};

static void otpc_reset_hold(Object *obj, ResetType type)
{
    AspeedAst27x0OtpcState *s = ASPEED_AST27X0_OTPC(obj);

    s->unlocked = false;
    memset(s->bank, 0, sizeof(s->bank));
    s->ecc_en = 0;
    s->pmc_cq = 0;
    s->dap_cfg_rq = 0;
}

static void otpc_init(Object *obj)
{
    AspeedAst27x0OtpcState *s = ASPEED_AST27X0_OTPC(obj);

    memory_region_init_io(&s->iomem, obj, &otpc_ops, s,
                          TYPE_ASPEED_AST27X0_OTPC, AST27X0_OTPC_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->iomem);
}

static void otpc_realize(DeviceState *dev, Error **errp)
{
    if (!ASPEED_AST27X0_OTPC(dev)->otp) {
        error_setg(errp, "ast2700-otpc: the 'otp' link is not set");
    }
}

static const VMStateDescription vmstate_otpc_bank = {
    .name = TYPE_ASPEED_AST27X0_OTPC "/bank",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(cmd, AspeedAst27x0OtpcBank),
        VMSTATE_UINT32_ARRAY(wdata, AspeedAst27x0OtpcBank, 4),
        VMSTATE_UINT32(status, AspeedAst27x0OtpcBank),
        VMSTATE_UINT32(addr, AspeedAst27x0OtpcBank),
        VMSTATE_UINT32(rdata, AspeedAst27x0OtpcBank),
        VMSTATE_END_OF_LIST(),
    },
};

static const VMStateDescription vmstate_otpc = {
    .name = TYPE_ASPEED_AST27X0_OTPC,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(unlocked, AspeedAst27x0OtpcState),
        VMSTATE_STRUCT_ARRAY(bank, AspeedAst27x0OtpcState,
                             AST27X0_OTPC_BANKS, 1, vmstate_otpc_bank,
                             AspeedAst27x0OtpcBank),
        VMSTATE_UINT32(ecc_en, AspeedAst27x0OtpcState),
        VMSTATE_UINT32(pmc_cq, AspeedAst27x0OtpcState),
        VMSTATE_UINT32(dap_cfg_rq, AspeedAst27x0OtpcState),
        VMSTATE_END_OF_LIST(),
    },
};

static const Property otpc_properties[] = {
    DEFINE_PROP_LINK("otp", AspeedAst27x0OtpcState, otp,
                     TYPE_ASPEED_AST27X0_OTP, AspeedAst27x0OtpState *),
};

static void otpc_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "ASPEED AST2700 OTP controller";
    dc->realize = otpc_realize;
    dc->vmsd = &vmstate_otpc;
    dc->user_creatable = false;
    rc->phases.hold = otpc_reset_hold;
    device_class_set_props(dc, otpc_properties);
}

static const TypeInfo otpc_types[] = {
    {
        .name = TYPE_ASPEED_AST27X0_OTPC,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(AspeedAst27x0OtpcState),
        .instance_init = otpc_init,
        .class_init = otpc_class_init,
    },
};

DEFINE_TYPES(otpc_types)
