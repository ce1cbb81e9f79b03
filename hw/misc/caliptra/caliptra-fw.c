/*
 * Caliptra Root of Trust: the firmware behind the register blocks
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/qdev-properties.h"
#include "hw/misc/caliptra_fw.h"
#include "hw/misc/caliptra_mbox.h"
#include "hw/misc/caliptra_sha_acc.h"
#include "hw/misc/caliptra_soc_ifc.h"

void caliptra_fw_warm_reset(CaliptraFw *fw)
{
    CaliptraFwClass *fc = CALIPTRA_FW_GET_CLASS(fw);

    if (fc->warm_reset) {
        fc->warm_reset(fw);
    }
}

static void caliptra_fw_realize(DeviceState *dev, Error **errp)
{
    CaliptraFw *fw = CALIPTRA_FW(dev);

    if (!fw->soc_ifc || !fw->mbox || !fw->sha_acc) {
        error_setg(errp, "%s: 'soc-ifc', 'mbox' and 'sha-acc' links must "
                   "be set", object_get_typename(OBJECT(dev)));
    }
}

static const Property caliptra_fw_properties[] = {
    DEFINE_PROP_LINK("soc-ifc", CaliptraFw, soc_ifc, TYPE_CALIPTRA_SOC_IFC,
                     CaliptraSocIfc *),
    DEFINE_PROP_LINK("mbox", CaliptraFw, mbox, TYPE_CALIPTRA_MBOX,
                     CaliptraMbox *),
    DEFINE_PROP_LINK("sha-acc", CaliptraFw, sha_acc, TYPE_CALIPTRA_SHA_ACC,
                     CaliptraShaAcc *),
};

static void caliptra_fw_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = caliptra_fw_realize;
    dc->user_creatable = false;
    device_class_set_props(dc, caliptra_fw_properties);
}

static const TypeInfo caliptra_fw_types[] = {
    {
        .name = TYPE_CALIPTRA_FW,
        .parent = TYPE_DEVICE,
        .abstract = true,
        .instance_size = sizeof(CaliptraFw),
        .class_size = sizeof(CaliptraFwClass),
        .class_init = caliptra_fw_class_init,
    },
};

DEFINE_TYPES(caliptra_fw_types)
