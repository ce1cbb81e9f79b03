/*
 * Caliptra 1.2 firmware, modelled natively
 *
 * The firmware object: it owns the layers' state (the uC services, the
 * data vault, the running manifest, the key vault, the ROM's and the
 * runtime's own) and does the hand-over between phases. The ROM serves
 * the boot events and the mailbox until it hands over; then the FMC runs
 * once and the runtime serves the mailbox, until FIRMWARE_LOAD restarts
 * the uC into the ROM's update reset. Each layer sees only the layers
 * below it; none calls another phase.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/misc/caliptra_api.h"
#include "hw/misc/caliptra_fw.h"
#include "hw/misc/caliptra_mbox.h"
#include "hw/misc/caliptra_soc_ifc.h"
#include "migration/vmstate.h"
#include "caliptra-fmc.h"
#include "caliptra-rom.h"
#include "caliptra-runtime.h"

#define TYPE_CALIPTRA_FW12 TYPE_CALIPTRA_FW_1_2
OBJECT_DECLARE_SIMPLE_TYPE(CaliptraFw12, CALIPTRA_FW12)

/* Who answers the uC's events: the ROM, or (after the FMC) the runtime */
enum {
    FW12_ROM,
    FW12_RUNTIME,
};

struct CaliptraFw12 {
    CaliptraFw parent_obj;

    uint8_t stage;
    CaliptraUc uc;
    CaliptraDataVault dv;
    CaliptraFwInfo info;
    CaliptraKeyVault kv;
    CaliptraRom rom;
    CaliptraRuntime rt;
};

/* The ROM is done: the FMC runs once, then runtime comes up */
static void fw12_handover(CaliptraFw12 *s, CaliptraResetFlow flow)
{
    caliptra_fmc_boot(&s->uc, &s->dv, &s->info, &s->kv, flow);
    caliptra_uc_wdt_stop(&s->uc);       /* the runtime's idle loop */
    s->stage = FW12_RUNTIME;
    caliptra_runtime_start(&s->rt, flow);
}

static void fw12_notify(void *opaque, uint32_t events)
{
    CaliptraFw12 *s = opaque;
    CaliptraResetFlow flow;
    bool done = false;

    if (events & CALIPTRA_EVENT_BOOT) {
        s->stage = FW12_ROM;
        done = caliptra_rom_boot(&s->rom, &flow);
    } else if (s->uc.fatal || s->stage != FW12_ROM) {
        return;
    } else if ((events & CALIPTRA_EVENT_TRNG_DONE) &&
               caliptra_rom_trng_done(&s->rom, &flow)) {
        done = true;
    } else if (events & CALIPTRA_EVENT_MANUF) {
        done = caliptra_rom_manuf(&s->rom, &flow);
    }
    if (done) {
        fw12_handover(s, flow);
    }
}

static void fw12_mbox_cmd(void *opaque)
{
    CaliptraFw12 *s = opaque;
    CaliptraMbox *mbox = s->uc.mbox;
    CaliptraResetFlow flow;

    if (s->uc.fatal) {
        /* The fatal loop fails whatever the SoC asks */
        if (caliptra_mbox_uc_has_cmd(mbox)) {
            caliptra_mbox_uc_respond(mbox, CALIPTRA_MBOX_CMD_FAILURE, NULL, 0);
        }
        return;
    }
    if (s->stage == FW12_RUNTIME) {
        if (!caliptra_mbox_uc_has_cmd(mbox)) {
            return;
        }
        if (caliptra_mbox_uc_cmd(mbox) == CALIPTRA_CMD_FIRMWARE_LOAD) {
            /* Runtime leaves the command pending and resets the uC */
            s->stage = FW12_ROM;
            caliptra_rom_stop(&s->rom);
            caliptra_soc_ifc_fw_update_reset(s->uc.soc_ifc);
            return;
        }
        caliptra_runtime_cmd(&s->rt);
        return;
    }
    if (caliptra_rom_mbox(&s->rom, &flow)) {
        fw12_handover(s, flow);
    }
}

static void fw12_warm_reset(CaliptraFw *fw)
{
    CaliptraFw12 *s = CALIPTRA_FW12(fw);

    s->stage = FW12_ROM;
    caliptra_rom_stop(&s->rom);
}

/* Power-on: every layer empty, every secret wiped */
static void fw12_reset_hold(Object *obj, ResetType type)
{
    CaliptraFw12 *s = CALIPTRA_FW12(obj);

    s->stage = FW12_ROM;
    caliptra_uc_reset(&s->uc);
    memset(&s->dv, 0, sizeof(s->dv));
    memset(&s->info, 0, sizeof(s->info));
    caliptra_kv_wipe(&s->kv);
    caliptra_rom_reset(&s->rom);
    caliptra_runtime_reset(&s->rt);
}

static void fw12_init(Object *obj)
{
    CaliptraFw12 *s = CALIPTRA_FW12(obj);

    s->rom = (CaliptraRom) {
        .uc = &s->uc, .dv = &s->dv, .fw = &s->info, .kv = &s->kv,
    };
    s->rt.uc = &s->uc;
    s->rt.dv = &s->dv;
    s->rt.fw = &s->info;
    s->rt.kv = &s->kv;
}

static void fw12_finalize(Object *obj)
{
    CaliptraFw12 *s = CALIPTRA_FW12(obj);

    caliptra_kv_wipe(&s->kv);
    caliptra_runtime_reset(&s->rt);     /* wipes the exported CDI */
}

static void fw12_realize(DeviceState *dev, Error **errp)
{
    CaliptraFw12 *s = CALIPTRA_FW12(dev);
    CaliptraFw *fw = CALIPTRA_FW(dev);
    ERRP_GUARD();

    CALIPTRA_FW_GET_CLASS(dev)->parent_realize(dev, errp);
    if (*errp) {
        return;
    }
    s->uc.soc_ifc = fw->soc_ifc;
    s->uc.mbox = fw->mbox;
    s->uc.sha_acc = fw->sha_acc;
    caliptra_soc_ifc_set_notify(fw->soc_ifc, fw12_notify, s);
    caliptra_mbox_set_cmd_handler(fw->mbox, fw12_mbox_cmd, s);
}

static int fw12_post_load(void *opaque, int version_id)
{
    CaliptraFw12 *s = opaque;

    return s->stage > FW12_RUNTIME ? -EINVAL : 0;
}

/* It carries the key vault: a migration stream holds Caliptra's secrets */
static const VMStateDescription vmstate_caliptra_fw12 = {
    .name = TYPE_CALIPTRA_FW_1_2,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = fw12_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(stage, CaliptraFw12),
        VMSTATE_STRUCT(uc, CaliptraFw12, 1, vmstate_caliptra_uc, CaliptraUc),
        VMSTATE_STRUCT(dv, CaliptraFw12, 1, vmstate_caliptra_dv,
                       CaliptraDataVault),
        VMSTATE_STRUCT(info, CaliptraFw12, 1, vmstate_caliptra_fw_info,
                       CaliptraFwInfo),
        VMSTATE_STRUCT(kv, CaliptraFw12, 1, vmstate_caliptra_kv,
                       CaliptraKeyVault),
        VMSTATE_STRUCT(rom, CaliptraFw12, 1, vmstate_caliptra_rom,
                       CaliptraRom),
        VMSTATE_STRUCT(rt, CaliptraFw12, 1, vmstate_caliptra_runtime,
                       CaliptraRuntime),
        VMSTATE_END_OF_LIST(),
    },
};

static void fw12_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);
    CaliptraFwClass *fc = CALIPTRA_FW_CLASS(klass);

    dc->desc = "Caliptra 1.2 firmware (ROM, FMC, runtime)";
    dc->vmsd = &vmstate_caliptra_fw12;
    device_class_set_parent_realize(dc, fw12_realize, &fc->parent_realize);
    rc->phases.hold = fw12_reset_hold;
    fc->warm_reset = fw12_warm_reset;
}

static const TypeInfo caliptra_fw12_types[] = {
    {
        .name = TYPE_CALIPTRA_FW12,
        .parent = TYPE_CALIPTRA_FW,
        .instance_size = sizeof(CaliptraFw12),
        .instance_init = fw12_init,
        .instance_finalize = fw12_finalize,
        .class_init = fw12_class_init,
    },
};

DEFINE_TYPES(caliptra_fw12_types)
