/*
 * Caliptra model: helpers shared by the register front ends
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "caliptra-regfile.h"

static const MemoryRegionOps caliptra_reg_ops = {
    .read = register_read_memory,
    .write = register_write_memory,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

RegisterInfoArray *caliptra_regs_init(DeviceState *owner,
                                      const RegisterAccessInfo *rae, int num,
                                      RegisterInfo *ri, uint32_t *data,
                                      uint64_t size)
{
    return register_init_block32(owner, rae, num, ri, data,
                                 &caliptra_reg_ops, false, size);
}

void caliptra_regs_reset(RegisterInfo *ri, int num,
                         bool (*keep)(hwaddr addr))
{
    for (int i = 0; i < num; i++) {
        const RegisterAccessInfo *ac = ri[i].access;

        if (ri[i].data && ac && !(keep && keep(ac->addr))) {
            *(uint32_t *)ri[i].data = ac->reset;
        }
    }
}
