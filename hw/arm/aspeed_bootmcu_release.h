/*
 * ASPEED AST2700 bootmcu sequencer: the authorized images loaded, the
 * cores released through SCU0
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_ARM_ASPEED_BOOTMCU_RELEASE_H
#define HW_ARM_ASPEED_BOOTMCU_RELEASE_H

#include "hw/arm/aspeed_bootmcu.h"

bool bootmcu_load_image(AspeedBootmcuSeqState *s, unsigned i);
void bootmcu_release_a35(AspeedBootmcuSeqState *s);
void bootmcu_release_cm4(AspeedBootmcuSeqState *s, unsigned core);

#endif /* HW_ARM_ASPEED_BOOTMCU_RELEASE_H */
