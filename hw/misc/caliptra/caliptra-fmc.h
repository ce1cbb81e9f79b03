/*
 * Caliptra 1.2 firmware model: the FMC layer
 *
 * What the FMC does on every boot before it hands over to runtime:
 * measure the runtime and the manifest into the PCRs, derive the FMC and
 * runtime alias layers, report its version.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_FMC_H
#define HW_MISC_CALIPTRA_FMC_H

#include "caliptra-dv.h"
#include "caliptra-kv.h"
#include "caliptra-uc.h"

void caliptra_fmc_boot(CaliptraUc *uc, CaliptraDataVault *dv,
                       const CaliptraFwInfo *fw, CaliptraKeyVault *kv,
                       CaliptraResetFlow flow);

#endif /* HW_MISC_CALIPTRA_FMC_H */
