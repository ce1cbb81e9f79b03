/*
 * ASPEED AST2700 bootmcu stand-in: its inputs from OTP, flash and files
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_ARM_ASPEED_BOOTMCU_INPUTS_H
#define HW_ARM_ASPEED_BOOTMCU_INPUTS_H

#include "qemu/units.h"
#include "system/address-spaces.h"
#include "hw/arm/aspeed_bootmcu.h"
#include "aspeed_bootmcu_cptra.h"

/* SCU1's chip revision, which becomes Caliptra's SOC_STEPPING_ID */
#define SCU1_CHIP_REV_ID        0x000

/* The mailbox SRAM bounds what the bootmcu can send: refuse larger files */
#define BOOTMCU_FILE_MAX        (16 * MiB)

/* An SCU1 register, as the bootmcu loads it */
static inline uint32_t bootmcu_scu_rd(AspeedBootmcuSeqState *s, hwaddr reg)
{
    return bootmcu_rd(&s->scu1, reg);
}

/* Whether an OTP image backs the OTP */
bool bootmcu_has_otp(AspeedBootmcuSeqState *s);
/* CPTRA_SECURITY_STATE as the ROM derives it from CONF and the straps */
uint32_t bootmcu_otp_security_state(AspeedBootmcuSeqState *s);
/* Program the SVN @svn as a thermometer code into @nwords OTP words */
void bootmcu_otp_ratchet(AspeedBootmcuSeqState *s, uint32_t addr,
                         unsigned nwords, uint32_t svn);
/*
 * The first OTP key header of @type (and, with @id >= 0, of that id)
 * whose id @retired does not retire: the key's OTP word address, or -1
 */
int bootmcu_otp_key(AspeedBootmcuSeqState *s, unsigned type, int id,
                    uint16_t retired);

/* Read the flash container and the OTP fuses, once per power-on */
void bootmcu_load_inputs(AspeedBootmcuSeqState *s);
/* Forget what came from the flash and the OTP (a new power-on) */
void bootmcu_drop_flash_inputs(AspeedBootmcuSeqState *s);

/* The file properties that override them */
uint8_t *bootmcu_load_file(const char *what, const char *path,
                           size_t *len, Error **errp);
bool bootmcu_load_fuses(AspeedBootmcuSeqState *s, Error **errp);
bool bootmcu_load_images(AspeedBootmcuSeqState *s, Error **errp);
void bootmcu_free_images(AspeedBootmcuSeqState *s);

#endif /* HW_ARM_ASPEED_BOOTMCU_INPUTS_H */
