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
#include "hw/misc/caliptra_regs.h"

/*
 * The registers the bootmcu's drivers touch, by their names in
 * hw/misc/caliptra_regs.h: soc_ifc_reg offsets within the block (see
 * bootmcu_soc_rd()), mbox_csr and sha512_acc_csr ones within the window
 */
#define SOC_HW_ERROR_FATAL      A_CPTRA_HW_ERROR_FATAL
#define SOC_FW_ERROR_FATAL      A_CPTRA_FW_ERROR_FATAL
#define SOC_FW_ERROR_NON_FATAL  A_CPTRA_FW_ERROR_NON_FATAL
#define SOC_BOOT_STATUS         A_CPTRA_BOOT_STATUS
#define SOC_FLOW_STATUS         A_CPTRA_FLOW_STATUS
#define  FLOW_IDEVID_CSR_READY  R_CPTRA_FLOW_STATUS_IDEVID_CSR_READY_MASK
#define  FLOW_BOOT_FSM_SHIFT    R_CPTRA_FLOW_STATUS_BOOT_FSM_PS_SHIFT
#define  FLOW_BOOT_FSM_MASK     (R_CPTRA_FLOW_STATUS_BOOT_FSM_PS_MASK >> \
                                 R_CPTRA_FLOW_STATUS_BOOT_FSM_PS_SHIFT)
#define  BOOT_FSM_DONE          CALIPTRA_BOOT_DONE
#define  FLOW_READY_FOR_FW      R_CPTRA_FLOW_STATUS_READY_FOR_FW_MASK
#define  FLOW_READY_FOR_RT      R_CPTRA_FLOW_STATUS_READY_FOR_RUNTIME_MASK
#define  FLOW_READY_FOR_FUSES   R_CPTRA_FLOW_STATUS_READY_FOR_FUSES_MASK
#define SOC_RESET_REASON        A_CPTRA_RESET_REASON
#define  RESET_REASON_FW_UPD    R_CPTRA_RESET_REASON_FW_UPD_RESET_MASK
#define SOC_SECURITY_STATE      A_CPTRA_SECURITY_STATE
#define  SECURITY_LIFECYCLE     R_CPTRA_SECURITY_STATE_DEVICE_LIFECYCLE_MASK
#define  LIFECYCLE_MANUFACTURING 1
#define SOC_MBOX_VALID_PAUSER0  A_CPTRA_MBOX_VALID_PAUSER
#define SOC_MBOX_PAUSER_LOCK0   A_CPTRA_MBOX_PAUSER_LOCK
#define SOC_TRNG_VALID_PAUSER   A_CPTRA_TRNG_VALID_PAUSER
#define SOC_TRNG_PAUSER_LOCK    A_CPTRA_TRNG_PAUSER_LOCK
#define SOC_TRNG_DATA           A_CPTRA_TRNG_DATA
#define SOC_TRNG_WORDS          12
#define SOC_TRNG_STATUS         A_CPTRA_TRNG_STATUS
#define  TRNG_DATA_REQ          R_CPTRA_TRNG_STATUS_DATA_REQ_MASK
#define  TRNG_DATA_WR_DONE      R_CPTRA_TRNG_STATUS_DATA_WR_DONE_MASK
#define SOC_FUSE_WR_DONE        A_CPTRA_FUSE_WR_DONE
#define SOC_DBG_MANUF_SERVICE   A_CPTRA_DBG_MANUF_SERVICE_REG
#define  MANUF_GEN_IDEV_CSR     (1u << 0)
#define SOC_FUSE_VALID_PAUSER   A_CPTRA_FUSE_VALID_PAUSER
#define SOC_FUSE_PAUSER_LOCK    A_CPTRA_FUSE_PAUSER_LOCK
#define SOC_WDT_CFG0            A_CPTRA_WDT_CFG
#define SOC_WDT_CFG1            (A_CPTRA_WDT_CFG + 4)

#define SHA_ACC                 CALIPTRA_SHA_ACC_OFFSET
#define SHA_LOCK                (SHA_ACC + A_SHA_LOCK)
#define SHA_MODE                (SHA_ACC + A_SHA_MODE)
#define  SHA_MODE_SHA384_STREAM 0
#define  SHA_MODE_SHA512_STREAM 1
#define  SHA_MODE_MASK          R_SHA_MODE_MODE_MASK
#define SHA_DLEN                (SHA_ACC + A_SHA_DLEN)
#define SHA_DATAIN              (SHA_ACC + A_SHA_DATAIN)
#define SHA_EXECUTE             (SHA_ACC + A_SHA_EXECUTE)
#define SHA_STATUS              (SHA_ACC + A_SHA_STATUS)
#define  SHA_STATUS_VALID       R_SHA_STATUS_VALID_MASK
#define SHA_DIGEST              (SHA_ACC + A_SHA_DIGEST)
#define SHA_CONTROL             (SHA_ACC + A_SHA_CONTROL)
#define  SHA_CONTROL_ZEROIZE    R_SHA_CONTROL_ZEROIZE_MASK

#define MBOX_LOCK               (CALIPTRA_MBOX_CSR_OFFSET + A_MBOX_LOCK)
#define MBOX_CMD                (CALIPTRA_MBOX_CSR_OFFSET + A_MBOX_CMD)
#define MBOX_DLEN               (CALIPTRA_MBOX_CSR_OFFSET + A_MBOX_DLEN)
#define MBOX_DATAIN             (CALIPTRA_MBOX_CSR_OFFSET + A_MBOX_DATAIN)
#define MBOX_DATAOUT            (CALIPTRA_MBOX_CSR_OFFSET + A_MBOX_DATAOUT)
#define MBOX_EXECUTE            (CALIPTRA_MBOX_CSR_OFFSET + A_MBOX_EXECUTE)
#define MBOX_STATUS             (CALIPTRA_MBOX_CSR_OFFSET + A_MBOX_STATUS)
#define  MBOX_STATUS_MASK       R_MBOX_STATUS_STATUS_MASK
#define  MBOX_CMD_BUSY          CALIPTRA_MBOX_CMD_BUSY
#define  MBOX_DATA_READY        CALIPTRA_MBOX_DATA_READY
#define  MBOX_CMD_COMPLETE      CALIPTRA_MBOX_CMD_COMPLETE
#define  MBOX_CMD_FAILURE       CALIPTRA_MBOX_CMD_FAILURE
#define  MBOX_FSM_SHIFT         R_MBOX_STATUS_MBOX_FSM_PS_SHIFT
#define  MBOX_FSM_MASK          (R_MBOX_STATUS_MBOX_FSM_PS_MASK >> \
                                 R_MBOX_STATUS_MBOX_FSM_PS_SHIFT)
#define  MBOX_FSM_RDY_FOR_CMD   CALIPTRA_MBOX_RDY_FOR_CMD
#define  MBOX_FSM_EXECUTE_SOC   CALIPTRA_MBOX_EXECUTE_SOC
#define  MBOX_SOC_HAS_LOCK      R_MBOX_STATUS_SOC_HAS_LOCK_MASK

#define SHA384_DIGEST_SIZE      48

/*
 * Caliptra's APB window at @base on @as; its UDS seed and field entropy
 * fuses are the secrets
 */
static inline AspeedBootmcuWindow bootmcu_cptra_window(AddressSpace *as,
                                                       hwaddr base)
{
    return (AspeedBootmcuWindow) {
        .as = as,
        .base = base,
        .secret = CALIPTRA_SOC_IFC_OFFSET + CALIPTRA_SECRET_FUSES,
        .secret_len = CALIPTRA_SECRET_FUSES_SIZE,
    };
}

/* A word of the window, traced (aspeed_ast27x0_bootmcu_apb) */
uint32_t bootmcu_rd(const AspeedBootmcuWindow *c, hwaddr off);
void bootmcu_wr(const AspeedBootmcuWindow *c, hwaddr off, uint32_t val);

static inline uint32_t bootmcu_soc_rd(const AspeedBootmcuWindow *c, hwaddr reg)
{
    return bootmcu_rd(c, CALIPTRA_SOC_IFC_OFFSET + reg);
}

static inline void bootmcu_soc_wr(const AspeedBootmcuWindow *c, hwaddr reg,
                                  uint32_t val)
{
    bootmcu_wr(c, CALIPTRA_SOC_IFC_OFFSET + reg, val);
}

static inline uint32_t bootmcu_mbox_fsm(const AspeedBootmcuWindow *c)
{
    return (bootmcu_rd(c, MBOX_STATUS) >> MBOX_FSM_SHIFT) &
           MBOX_FSM_MASK;
}

/*
 * @len bytes as words into the FIFO register @off (DATAIN), a last
 * partial word zero-padded: little-endian words for the mailbox, big-endian
 * (the first byte in bits 31:24) for the SHA accelerator's stream mode
 */
void bootmcu_cptra_write_fifo(const AspeedBootmcuWindow *c, hwaddr off,
                              const uint8_t *data, size_t len, bool be);

/* Take the lock by reading LOCK, as the drivers do: true if taken */
bool bootmcu_mbox_lock(const AspeedBootmcuWindow *c);
/*
 * The lock as the ROM's and the mailbox driver's cptra_mbox_lock take it:
 * an SoC lock already held counts as their own, else a read of LOCK
 */
bool bootmcu_mbox_acquire(const AspeedBootmcuWindow *c);
/* With the lock held: CMD, DLEN, the data in words, then EXECUTE */
void bootmcu_mbox_write(const AspeedBootmcuWindow *c, uint32_t cmd,
                        const uint8_t *data, size_t len);
/* STATUS of the command sent, or -1 while Caliptra works on it */
int bootmcu_mbox_status(const AspeedBootmcuWindow *c);
/* DLEN, then up to @size bytes of the response; returns the bytes read */
size_t bootmcu_mbox_read(const AspeedBootmcuWindow *c, uint8_t *resp,
                         size_t size);
/* Release: only with the lock held and Caliptra done, by clearing EXECUTE */
bool bootmcu_mbox_unlock(const AspeedBootmcuWindow *c);
/* Runtime requests start with 0 minus the byte sum of command and data */
void bootmcu_mbox_checksum(uint32_t cmd, uint8_t *req, size_t len);

/* Twelve words of entropy when Caliptra asks for them; true if it did */
bool bootmcu_serve_trng(const AspeedBootmcuWindow *c);

#endif /* HW_ARM_ASPEED_BOOTMCU_CPTRA_H */
