/*
 * Caliptra 1.2 runtime firmware, modelled natively: its mailbox loop
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_RUNTIME_H
#define HW_MISC_CALIPTRA_RUNTIME_H

#include "hw/misc/caliptra_mbox.h"
#include "hw/misc/caliptra_soc_ifc.h"

/* Serve the command waiting in the mailbox */
void caliptra_runtime_cmd(CaliptraSocIfc *soc_ifc, CaliptraMbox *mbox);

#endif /* HW_MISC_CALIPTRA_RUNTIME_H */
