/*
 * Caliptra model: helpers shared by the register front ends
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_REGS_H
#define HW_MISC_CALIPTRA_REGS_H

#include "hw/register.h"

/*
 * Load reset values without register_reset(): that one runs post_write
 * hooks, which here start protocol transitions.
 */
static inline void caliptra_regs_reset(RegisterInfo *ri, int num,
                                       bool (*keep)(hwaddr addr))
{
    for (int i = 0; i < num; i++) {
        const RegisterAccessInfo *ac = ri[i].access;

        if (ri[i].data && ac && !(keep && keep(ac->addr))) {
            *(uint32_t *)ri[i].data = ac->reset;
        }
    }
}

#endif /* HW_MISC_CALIPTRA_REGS_H */
