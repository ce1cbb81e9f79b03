/*
 * Caliptra Root of Trust: the firmware behind the register blocks
 *
 * An abstract device: what Caliptra's microcontroller runs, as the SoC
 * observes it through soc_ifc, the mailbox and the SHA accelerator. The
 * container links it to the three blocks; each Caliptra firmware
 * generation is a subclass (TYPE_CALIPTRA_FW_1_2 for 1.2).
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_FW_H
#define HW_MISC_CALIPTRA_FW_H

#include "hw/qdev-core.h"
#include "qom/object.h"

#define TYPE_CALIPTRA_FW "caliptra-fw"
OBJECT_DECLARE_TYPE(CaliptraFw, CaliptraFwClass, CALIPTRA_FW)

/* Caliptra 1.2's ROM, FMC and runtime */
#define TYPE_CALIPTRA_FW_1_2 "caliptra-fw-1.2"
/*
 * Or: every mailbox transaction forwarded to a peer (caliptra_mbox_peer.h),
 * e.g. an external process around caliptra-sw's emulator
 */
#define TYPE_CALIPTRA_FW_PEER "caliptra-fw-peer"

typedef struct CaliptraSocIfc CaliptraSocIfc;
typedef struct CaliptraMbox CaliptraMbox;
typedef struct CaliptraShaAcc CaliptraShaAcc;

struct CaliptraFw {
    DeviceState parent_obj;

    /* Links: the register blocks, as the microcontroller reaches them */
    CaliptraSocIfc *soc_ifc;
    CaliptraMbox *mbox;
    CaliptraShaAcc *sha_acc;
};

struct CaliptraFwClass {
    DeviceClass parent_class;

    DeviceRealize parent_realize;
    /*
     * cptra_rst_b: the microcontroller is held in reset until the boot
     * FSM lets it go again; what survives is the firmware's business
     */
    void (*warm_reset)(CaliptraFw *fw);
};

void caliptra_fw_warm_reset(CaliptraFw *fw);

typedef struct CptraMboxPeer CptraMboxPeer;
/* Link a TYPE_CALIPTRA_FW_PEER firmware to its peer, which must be free */
bool caliptra_fw_set_peer(CaliptraFw *fw, CptraMboxPeer *peer, Error **errp);

#endif /* HW_MISC_CALIPTRA_FW_H */
