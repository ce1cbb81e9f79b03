/*
 * ASPEED AST2700 IPC1: the doorbells between the bootmcu and the other cores
 *
 * The block at 0x14C39000 (0x74C39000 for the SSP and TSP) has a window
 * per peer of the bootmcu: secure A35, non-secure A35, SSP, TSP. Each
 * window has a half per direction; in each, a sender writes a 32-byte
 * message in the DATA slot of an id and writes the id's bit to TRIG,
 * which sets it in STATUS; the receiver reads the slot and clears the
 * bit (W1C), which is also how the sender learns that the message was
 * taken. The register layout is the one ASPEED's drivers use (Zephyr's
 * ipm_bootmcu, Linux's and U-Boot's ast2700-mailbox); the interrupt of a
 * half is high while STATUS & ENABLE.
 *
 * Not modelled: which master may write which half (the block does not
 * check it here), and the hardware's reset values, which no public source
 * gives (zero here; every driver initialises ENABLE and clears STATUS).
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/irq.h"
#include "hw/misc/aspeed_ast27x0_ipc.h"
#include "migration/vmstate.h"
#include "trace.h"

#define IPC_DATA_END            ASPEED_IPC_DATA(ASPEED_IPC_NUM_IDS)

static void ipc_update_irq(AspeedAst27x0IpcState *s, unsigned half)
{
    qemu_set_irq(s->irq[half], !!(s->status[half] & s->enable[half]));
}

static uint64_t ipc_read(void *opaque, hwaddr addr, unsigned size)
{
    AspeedAst27x0IpcState *s = opaque;
    unsigned half = addr / ASPEED_IPC_HALF_SIZE;
    hwaddr reg = addr % ASPEED_IPC_HALF_SIZE;
    uint64_t val = 0;

    switch (reg) {
    case ASPEED_IPC_TRIG:
        /*
         * Write-only in the drivers but one older one, which reads a set
         * bit as "still pending": STATUS answers both uses
         */
    case ASPEED_IPC_STATUS:
        val = s->status[half];
        break;
    case ASPEED_IPC_ENABLE:
        val = s->enable[half];
        break;
    case ASPEED_IPC_DATA(0) ... IPC_DATA_END - 1:
        val = s->data[half][(reg - ASPEED_IPC_DATA(0)) / 4];
        break;
    default:
        qemu_log_mask(LOG_UNIMP, "%s: unimplemented register 0x%03" HWADDR_PRIx
                      "\n", __func__, addr);
        break;
    }
    trace_aspeed_ast27x0_ipc_read(addr, val);
    return val;
}

static void ipc_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    AspeedAst27x0IpcState *s = opaque;
    unsigned half = addr / ASPEED_IPC_HALF_SIZE;
    hwaddr reg = addr % ASPEED_IPC_HALF_SIZE;

    trace_aspeed_ast27x0_ipc_write(addr, val);
    switch (reg) {
    case ASPEED_IPC_TRIG:
        s->status[half] |= val & ASPEED_IPC_ID_MASK;
        break;
    case ASPEED_IPC_ENABLE:
        s->enable[half] = val & ASPEED_IPC_ID_MASK;
        break;
    case ASPEED_IPC_STATUS:
        s->status[half] &= ~val;
        break;
    case ASPEED_IPC_DATA(0) ... IPC_DATA_END - 1:
        s->data[half][(reg - ASPEED_IPC_DATA(0)) / 4] = val;
        return;
    default:
        qemu_log_mask(LOG_UNIMP, "%s: unimplemented register 0x%03" HWADDR_PRIx
                      "\n", __func__, addr);
        return;
    }
    if (val & ~ASPEED_IPC_ID_MASK) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: 0x%" PRIx64 " to 0x%03"
                      HWADDR_PRIx ": only ids 0 to %d exist\n", __func__,
                      val, addr, ASPEED_IPC_NUM_IDS - 1);
    }
    ipc_update_irq(s, half);
}

static const MemoryRegionOps ipc_ops = {
    .read = ipc_read,
    .write = ipc_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

static void ipc_reset_hold(Object *obj, ResetType type)
{
    AspeedAst27x0IpcState *s = ASPEED_AST27X0_IPC(obj);

    memset(s->enable, 0, sizeof(s->enable));
    memset(s->status, 0, sizeof(s->status));
    memset(s->data, 0, sizeof(s->data));
    for (unsigned half = 0; half < ASPEED_IPC_NUM_HALVES; half++) {
        ipc_update_irq(s, half);
    }
}

static void ipc_init(Object *obj)
{
    AspeedAst27x0IpcState *s = ASPEED_AST27X0_IPC(obj);
    SysBusDevice *sbd = SYS_BUS_DEVICE(obj);

    /*
     * The windows fill 0x800 of the block's 4 KiB; the rest is left to
     * what the SoC maps below (its unimplemented-device ranges)
     */
    memory_region_init_io(&s->iomem, obj, &ipc_ops, s,
                          TYPE_ASPEED_AST27X0_IPC,
                          ASPEED_IPC_NUM_HALVES * ASPEED_IPC_HALF_SIZE);
    sysbus_init_mmio(sbd, &s->iomem);
    for (unsigned half = 0; half < ASPEED_IPC_NUM_HALVES; half++) {
        sysbus_init_irq(sbd, &s->irq[half]);
    }
}

static int ipc_post_load(void *opaque, int version_id)
{
    AspeedAst27x0IpcState *s = opaque;

    for (unsigned half = 0; half < ASPEED_IPC_NUM_HALVES; half++) {
        if ((s->enable[half] | s->status[half]) & ~ASPEED_IPC_ID_MASK) {
            return -EINVAL;
        }
    }
    return 0;
}

static const VMStateDescription vmstate_ipc = {
    .name = TYPE_ASPEED_AST27X0_IPC,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = ipc_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_ARRAY(enable, AspeedAst27x0IpcState,
                             ASPEED_IPC_NUM_HALVES),
        VMSTATE_UINT32_ARRAY(status, AspeedAst27x0IpcState,
                             ASPEED_IPC_NUM_HALVES),
        VMSTATE_UINT32_2DARRAY(data, AspeedAst27x0IpcState,
                               ASPEED_IPC_NUM_HALVES,
                               ASPEED_IPC_NUM_IDS * ASPEED_IPC_MSG_WORDS),
        VMSTATE_END_OF_LIST()
    }
};

static void ipc_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "ASPEED AST2700 IPC1 (bootmcu doorbells)";
    dc->vmsd = &vmstate_ipc;
    rc->phases.hold = ipc_reset_hold;
}

static const TypeInfo ipc_types[] = {
    {
        .name = TYPE_ASPEED_AST27X0_IPC,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(AspeedAst27x0IpcState),
        .instance_init = ipc_init,
        .class_init = ipc_class_init,
    },
};

DEFINE_TYPES(ipc_types)
