/*
 * Caliptra 1.x Root of Trust: the SoC-facing APB window
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_H
#define HW_MISC_CALIPTRA_H

#include "hw/sysbus.h"
#include "hw/misc/caliptra_fw.h"
#include "hw/misc/caliptra_mbox.h"
#include "hw/misc/caliptra_sha_acc.h"
#include "hw/misc/caliptra_soc_ifc.h"
#include "qom/object.h"

#define TYPE_CALIPTRA "caliptra"
OBJECT_DECLARE_SIMPLE_TYPE(CaliptraState, CALIPTRA)

/*
 * The SoC window starts at Caliptra's APB address 0x3002_0000 (mbox_csr):
 * the mailbox SRAM below it is reachable by the microcontroller only.
 */
#define CALIPTRA_APB_BASE           0x30020000
#define CALIPTRA_MBOX_CSR_OFFSET    0x00000
#define CALIPTRA_SHA_ACC_OFFSET     0x01000
#define CALIPTRA_SOC_IFC_OFFSET     0x10000
#define CALIPTRA_BLOCK_SIZE         0x1000
#define CALIPTRA_SOC_IFC_SIZE       0x10000
#define CALIPTRA_WINDOW_SIZE        0x20000

/* Named GPIO lines of the device (see docs/system/arm/caliptra.rst). */
#define CALIPTRA_GPIO_WARM_RESET    "cptra-rst-b"
/* Levels: cptra_pwrgood (1: power good), and the reset (1: held) */
#define CALIPTRA_GPIO_PWRGOOD       "cptra-pwrgood"
#define CALIPTRA_GPIO_RESET         "cptra-reset"

/*
 * The APB ports (MMIO regions), each with the PAUSER of its requester:
 * the SoC's, and the boot controller's
 */
enum {
    CALIPTRA_PORT_SOC,
    CALIPTRA_PORT_BOOT,
    CALIPTRA_NUM_PORTS,
};

typedef struct CaliptraPort {
    CaliptraState *caliptra;
    MemoryRegion iomem;
    uint32_t pauser;
} CaliptraPort;

struct CaliptraState {
    SysBusDevice parent_obj;

    CaliptraPort port[CALIPTRA_NUM_PORTS];

    /* The power-good and reset pins, when an SoC drives them as levels */
    bool pwrgood;
    bool reset_held;
    bool cold_pending;

    CaliptraSocIfc soc_ifc;
    CaliptraMbox mbox;
    CaliptraShaAcc sha_acc;
    /* The firmware, of the type the "firmware-type" property names */
    char *fw_type;
    CaliptraFw *fw;
};

#endif /* HW_MISC_CALIPTRA_H */
