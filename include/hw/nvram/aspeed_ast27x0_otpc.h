/*
 * ASPEED AST2700 OTP controller (the OTP memory's register interface)
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NVRAM_ASPEED_AST27X0_OTPC_H
#define HW_NVRAM_ASPEED_AST27X0_OTPC_H

#include "hw/sysbus.h"
#include "hw/nvram/aspeed_ast27x0_otp.h"

#define TYPE_ASPEED_AST27X0_OTPC "aspeed-ast2700-otpc"
OBJECT_DECLARE_SIMPLE_TYPE(AspeedAst27x0OtpcState, ASPEED_AST27X0_OTPC)

/* The MMIO window (ASPEED's drivers reach up to 0x538) */
#define AST27X0_OTPC_SIZE       0x1000
/* Command banks, one per bus master: ASPEED's drivers use 0 and 1 */
#define AST27X0_OTPC_BANKS      2

typedef struct AspeedAst27x0OtpcBank {
    uint32_t cmd;
    uint32_t wdata[4];
    uint32_t status;
    uint32_t addr;
    uint32_t rdata;
} AspeedAst27x0OtpcBank;

struct AspeedAst27x0OtpcState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    AspeedAst27x0OtpState *otp;

    bool unlocked;              /* the key was written */
    AspeedAst27x0OtpcBank bank[AST27X0_OTPC_BANKS];
    uint32_t ecc_en;
    uint32_t pmc_cq;
    uint32_t dap_cfg_rq;
};

#endif /* HW_NVRAM_ASPEED_AST27X0_OTPC_H */
