/*
 * ASPEED AST2700 OTP memory (16 KiB of 16-bit words, drive backed)
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NVRAM_ASPEED_AST27X0_OTP_H
#define HW_NVRAM_ASPEED_AST27X0_OTP_H

#include "hw/qdev-core.h"
#include "hw/nvram/aspeed_ast27x0_otp_map.h"

#define TYPE_ASPEED_AST27X0_OTP "aspeed-ast2700-otp"
OBJECT_DECLARE_SIMPLE_TYPE(AspeedAst27x0OtpState, ASPEED_AST27X0_OTP)

struct AspeedAst27x0OtpState {
    DeviceState parent_obj;

    BlockBackend *blk;
    uint16_t words[AST27X0_OTP_WORDS];
};

/* Whether an image backs it (else it reads as blank, all zeros) */
bool aspeed_ast27x0_otp_present(AspeedAst27x0OtpState *s);
uint16_t aspeed_ast27x0_otp_readw(AspeedAst27x0OtpState *s, uint32_t addr);
/* Two words, low first, as the BootMCU ROM's otp_readl */
uint32_t aspeed_ast27x0_otp_readl(AspeedAst27x0OtpState *s, uint32_t addr);
/*
 * Program @bits into a word: OTP bits only go from 0 to 1. Written
 * through to the image, so it persists across runs. False on failure.
 */
bool aspeed_ast27x0_otp_program(AspeedAst27x0OtpState *s, uint32_t addr,
                                uint16_t bits);

#endif /* HW_NVRAM_ASPEED_AST27X0_OTP_H */
