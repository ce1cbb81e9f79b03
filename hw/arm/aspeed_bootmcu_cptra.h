/*
 * ASPEED AST2700 bootmcu: its accesses to Caliptra's SoC-side registers
 *
 * What the bootmcu's ROM and firmware do on Caliptra's APB window, shared
 * by the boot sequencer and the IPC server: register offsets as the SoC
 * sees them, and the mailbox, SHA accelerator and TRNG drivers' steps.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_ARM_ASPEED_BOOTMCU_CPTRA_H
#define HW_ARM_ASPEED_BOOTMCU_CPTRA_H

#include "hw/arm/aspeed_bootmcu.h"
#include "hw/misc/caliptra.h"

/* soc_ifc_reg, from the SoC side */
#define SOC_HW_ERROR_FATAL      0x000
#define SOC_FW_ERROR_FATAL      0x008
#define SOC_FW_ERROR_NON_FATAL  0x00c
#define SOC_BOOT_STATUS         0x038
#define SOC_FLOW_STATUS         0x03c
#define  FLOW_IDEVID_CSR_READY  (1u << 24)
#define  FLOW_BOOT_FSM_SHIFT    25
#define  FLOW_BOOT_FSM_MASK     7
#define  BOOT_FSM_DONE          4
#define  FLOW_READY_FOR_FW      (1u << 28)
#define  FLOW_READY_FOR_RT      (1u << 29)
#define  FLOW_READY_FOR_FUSES   (1u << 30)
#define SOC_RESET_REASON        0x040
#define  RESET_REASON_FW_UPD    (1u << 0)
#define SOC_SECURITY_STATE      0x044
#define  SECURITY_LIFECYCLE     3
#define  LIFECYCLE_MANUFACTURING 1
#define SOC_MBOX_VALID_PAUSER0  0x048
#define SOC_MBOX_PAUSER_LOCK0   0x05c
#define SOC_TRNG_VALID_PAUSER   0x070
#define SOC_TRNG_PAUSER_LOCK    0x074
#define SOC_TRNG_DATA           0x078
#define SOC_TRNG_WORDS          12
#define SOC_TRNG_STATUS         0x0ac
#define  TRNG_DATA_REQ          (1u << 0)
#define  TRNG_DATA_WR_DONE      (1u << 1)
#define SOC_FUSE_WR_DONE        0x0b0
#define SOC_DBG_MANUF_SERVICE   0x0bc
#define  MANUF_GEN_IDEV_CSR     (1u << 0)
#define SOC_FUSE_VALID_PAUSER   0x108
#define SOC_FUSE_PAUSER_LOCK    0x10c
#define SOC_WDT_CFG0            0x110
#define SOC_WDT_CFG1            0x114

/* sha512_acc_csr */
#define SHA_ACC                 CALIPTRA_SHA_ACC_OFFSET
#define SHA_LOCK                (SHA_ACC + 0x00)
#define SHA_MODE                (SHA_ACC + 0x08)
#define  SHA_MODE_SHA384_STREAM 0
#define  SHA_MODE_SHA512_STREAM 1
#define  SHA_MODE_MASK          3
#define SHA_DLEN                (SHA_ACC + 0x10)
#define SHA_DATAIN              (SHA_ACC + 0x14)
#define SHA_EXECUTE             (SHA_ACC + 0x18)
#define SHA_STATUS              (SHA_ACC + 0x1c)
#define  SHA_STATUS_VALID       (1u << 0)
#define SHA_DIGEST              (SHA_ACC + 0x20)
#define SHA_CONTROL             (SHA_ACC + 0x60)
#define  SHA_CONTROL_ZEROIZE    (1u << 0)

/* mbox_csr */
#define MBOX_LOCK               (CALIPTRA_MBOX_CSR_OFFSET + 0x00)
#define MBOX_CMD                (CALIPTRA_MBOX_CSR_OFFSET + 0x08)
#define MBOX_DLEN               (CALIPTRA_MBOX_CSR_OFFSET + 0x0c)
#define MBOX_DATAIN             (CALIPTRA_MBOX_CSR_OFFSET + 0x10)
#define MBOX_DATAOUT            (CALIPTRA_MBOX_CSR_OFFSET + 0x14)
#define MBOX_EXECUTE            (CALIPTRA_MBOX_CSR_OFFSET + 0x18)
#define MBOX_STATUS             (CALIPTRA_MBOX_CSR_OFFSET + 0x1c)
#define  MBOX_STATUS_MASK       0xf
#define  MBOX_CMD_BUSY          0
#define  MBOX_DATA_READY        1
#define  MBOX_CMD_COMPLETE      2
#define  MBOX_CMD_FAILURE       3
#define  MBOX_FSM_SHIFT         6
#define  MBOX_FSM_MASK          7
#define  MBOX_FSM_RDY_FOR_CMD   1
#define  MBOX_FSM_EXECUTE_SOC   4
#define  MBOX_SOC_HAS_LOCK      (1u << 9)

#define SHA384_DIGEST_SIZE      48

uint32_t bootmcu_cptra_rd(const AspeedBootmcuCptra *c, hwaddr off);
void bootmcu_cptra_wr(const AspeedBootmcuCptra *c, hwaddr off, uint32_t val);

static inline uint32_t bootmcu_soc_rd(const AspeedBootmcuCptra *c, hwaddr reg)
{
    return bootmcu_cptra_rd(c, CALIPTRA_SOC_IFC_OFFSET + reg);
}

static inline void bootmcu_soc_wr(const AspeedBootmcuCptra *c, hwaddr reg,
                                  uint32_t val)
{
    bootmcu_cptra_wr(c, CALIPTRA_SOC_IFC_OFFSET + reg, val);
}

static inline uint32_t bootmcu_mbox_fsm(const AspeedBootmcuCptra *c)
{
    return (bootmcu_cptra_rd(c, MBOX_STATUS) >> MBOX_FSM_SHIFT) &
           MBOX_FSM_MASK;
}

/*
 * @len bytes as words into the FIFO register @off (DATAIN), a last
 * partial word zero-padded: little-endian words for the mailbox, big-endian
 * (the first byte in bits 31:24) for the SHA accelerator's stream mode
 */
void bootmcu_cptra_write_fifo(const AspeedBootmcuCptra *c, hwaddr off,
                              const uint8_t *data, size_t len, bool be);

/* Take the lock by reading LOCK, as the drivers do: true if taken */
bool bootmcu_mbox_lock(const AspeedBootmcuCptra *c);
/*
 * The lock as the ROM's and the mailbox driver's cptra_mbox_lock take it:
 * an SoC lock already held counts as their own, else a read of LOCK
 */
bool bootmcu_mbox_acquire(const AspeedBootmcuCptra *c);
/* With the lock held: CMD, DLEN, the data in words, then EXECUTE */
void bootmcu_mbox_write(const AspeedBootmcuCptra *c, uint32_t cmd,
                        const uint8_t *data, size_t len);
/* STATUS of the command sent, or -1 while Caliptra works on it */
int bootmcu_mbox_status(const AspeedBootmcuCptra *c);
/* DLEN, then up to @size bytes of the response; returns the bytes read */
size_t bootmcu_mbox_read(const AspeedBootmcuCptra *c, uint8_t *resp,
                         size_t size);
/* Release: only with the lock held and Caliptra done, by clearing EXECUTE */
bool bootmcu_mbox_unlock(const AspeedBootmcuCptra *c);
/* Runtime requests start with 0 minus the byte sum of command and data */
void bootmcu_mbox_checksum(uint32_t cmd, uint8_t *req, size_t len);

/* Twelve words of entropy when Caliptra asks for them; true if it did */
bool bootmcu_serve_trng(const AspeedBootmcuCptra *c);

#endif /* HW_ARM_ASPEED_BOOTMCU_CPTRA_H */
