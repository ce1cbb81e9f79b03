/*
 * Caliptra 1.x firmware model: the microcontroller's services
 *
 * What every firmware layer (ROM, FMC, runtime) uses of the hardware, and
 * the conventions they share: the uC side of soc_ifc, mailbox and SHA
 * accelerator, fatal errors, boot status and the watchdog. This is the
 * bottom of the firmware: nothing here calls a firmware layer.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_UC_H
#define HW_MISC_CALIPTRA_UC_H

#include "exec/hwaddr.h"

typedef struct CaliptraSocIfc CaliptraSocIfc;
typedef struct CaliptraMbox CaliptraMbox;
typedef struct CaliptraShaAcc CaliptraShaAcc;
typedef struct VMStateDescription VMStateDescription;

typedef struct CaliptraUc {
    /* The register blocks, as the uC reaches them */
    CaliptraSocIfc *soc_ifc;
    CaliptraMbox *mbox;
    CaliptraShaAcc *sha_acc;
    /* A fatal error stops every layer until the uC is reset */
    bool fatal;
    uint32_t fatal_error;
} CaliptraUc;

extern const VMStateDescription vmstate_caliptra_uc;

/* The uC comes out of reset: no fatal error yet */
void caliptra_uc_reset(CaliptraUc *uc);

/* A soc_ifc_reg register, read through the uC port */
uint32_t caliptra_uc_soc(CaliptraUc *uc, hwaddr addr);
bool caliptra_uc_debug_locked(CaliptraUc *uc);

/* Like report_boot_status(): only a debug-unlocked part shows progress */
void caliptra_uc_boot_status(CaliptraUc *uc, uint32_t code);
/* A layer's milestones, in order (each visible only for an instant) */
void caliptra_uc_boot_status_range(CaliptraUc *uc, uint32_t first,
                                   uint32_t last);

/*
 * A firmware error that stops Caliptra (ROM or runtime): the fatal
 * error register and pin, the watchdog stopped, and whatever the SoC has
 * pending in the mailbox failed, as the fatal loop does
 */
void caliptra_uc_fatal(CaliptraUc *uc, uint32_t code);

/*
 * The watchdog as caliptra-sw 1.2 programs it, on a debug-locked part
 * only: the ROM gives timer 1 the SoC's CPTRA_WDT_CFG, the runtime stops
 * it while idle and runs each command under a 20M-cycle timer 1.
 */
void caliptra_uc_wdt_boot(CaliptraUc *uc);
void caliptra_uc_wdt_command(CaliptraUc *uc);
void caliptra_uc_wdt_stop(CaliptraUc *uc);

#endif /* HW_MISC_CALIPTRA_UC_H */
