/*
 * Caliptra model: helpers shared by the register front ends
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_REGFILE_H
#define HW_MISC_CALIPTRA_REGFILE_H

#include "hw/register.h"

/*
 * Set up a block's register file. Its memory region is never mapped: the
 * Caliptra window decodes SoC accesses and calls the block, which knows
 * the requester (PAUSER) of each.
 */
RegisterInfoArray *caliptra_regs_init(DeviceState *owner,
                                      const RegisterAccessInfo *rae, int num,
                                      RegisterInfo *ri, uint32_t *data,
                                      uint64_t size);

/*
 * Load reset values without register_reset(): that one runs post_write
 * hooks, which here start protocol transitions. Registers for which
 * @keep returns true are left alone (a warm reset keeps pwrgood state).
 */
void caliptra_regs_reset(RegisterInfo *ri, int num,
                         bool (*keep)(hwaddr addr));

#endif /* HW_MISC_CALIPTRA_REGFILE_H */
