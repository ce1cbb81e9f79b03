/*
 * ASPEED AST2700 IPC1: the doorbells between the bootmcu and the other cores
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_ASPEED_AST27X0_IPC_H
#define HW_MISC_ASPEED_AST27X0_IPC_H

#include "hw/sysbus.h"
#include "qom/object.h"

#define TYPE_ASPEED_AST27X0_IPC "aspeed.ast2700-ipc"
OBJECT_DECLARE_SIMPLE_TYPE(AspeedAst27x0IpcState, ASPEED_AST27X0_IPC)

/*
 * One window of 0x200 per peer of the bootmcu. Its first half carries
 * messages to the bootmcu, its second half messages from it; both halves
 * have the same registers, seen at the same addresses by both sides.
 */
enum {
    ASPEED_IPC_PEER_S_CA35,     /* the secure Cortex-A35 */
    ASPEED_IPC_PEER_NS_CA35,    /* the non-secure Cortex-A35 */
    ASPEED_IPC_PEER_SSP,
    ASPEED_IPC_PEER_TSP,
    ASPEED_IPC_NUM_PEERS,
};

#define ASPEED_IPC_WINDOW_SIZE  0x200
#define ASPEED_IPC_HALF_SIZE    0x100
#define ASPEED_IPC_TO_BOOTMCU   0       /* the half at window + 0 */
#define ASPEED_IPC_FROM_BOOTMCU 1       /* the half at window + 0x100 */
#define ASPEED_IPC_NUM_HALVES   (2 * ASPEED_IPC_NUM_PEERS)

/* Registers of a half */
#define ASPEED_IPC_TRIG         0x00    /* W: post messages, one bit per id */
#define ASPEED_IPC_ENABLE       0x04    /* the receiver's ids */
#define ASPEED_IPC_STATUS       0x08    /* pending ids; the receiver W1Cs */
#define ASPEED_IPC_DATA(id)     (0x10 + 0x20 * (id))
#define ASPEED_IPC_NUM_IDS      4
#define ASPEED_IPC_ID_MASK      MAKE_64BIT_MASK(0, ASPEED_IPC_NUM_IDS)
#define ASPEED_IPC_MSG_WORDS    8       /* 32 bytes per id */

/* Offset of a half's register in the block */
#define ASPEED_IPC_REG(peer, half, reg) \
    ((peer) * ASPEED_IPC_WINDOW_SIZE + (half) * ASPEED_IPC_HALF_SIZE + (reg))

struct AspeedAst27x0IpcState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    /* One line per half, high while STATUS & ENABLE; index peer * 2 + half */
    qemu_irq irq[ASPEED_IPC_NUM_HALVES];

    uint32_t enable[ASPEED_IPC_NUM_HALVES];
    uint32_t status[ASPEED_IPC_NUM_HALVES];
    uint32_t data[ASPEED_IPC_NUM_HALVES][ASPEED_IPC_NUM_IDS *
                                        ASPEED_IPC_MSG_WORDS];
};

#endif /* HW_MISC_ASPEED_AST27X0_IPC_H */
