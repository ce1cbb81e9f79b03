/*
 * ASPEED AST2700 OTP memory
 *
 * The one-time programmable memory of the AST2700: 0x2000 16-bit words,
 * read and programmed by the boot ROMs through the OTP controller. This
 * models the memory, not the controller: boards and the bootmcu stand-in
 * read it with the ROM's word order, and programming only sets bits, as
 * the fuses do. A drive (-global aspeed-ast2700-otp.drive=ID) holds the
 * image, in the layout aspeed_app's "otp dump" writes; programmed bits
 * are written back to it.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "system/block-backend.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "hw/nvram/aspeed_ast27x0_otp.h"
#include "migration/vmstate.h"

bool aspeed_ast27x0_otp_present(AspeedAst27x0OtpState *s)
{
    return s->blk;
}

uint16_t aspeed_ast27x0_otp_readw(AspeedAst27x0OtpState *s, uint32_t addr)
{
    if (addr >= AST27X0_OTP_WORDS) {
        qemu_log_mask(LOG_GUEST_ERROR, "ast2700-otp: read of word 0x%x past "
                      "the end\n", addr);
        return 0;
    }
    return s->words[addr];
}

uint32_t aspeed_ast27x0_otp_readl(AspeedAst27x0OtpState *s, uint32_t addr)
{
    return aspeed_ast27x0_otp_readw(s, addr) |
           (uint32_t)aspeed_ast27x0_otp_readw(s, addr + 1) << 16;
}

bool aspeed_ast27x0_otp_program(AspeedAst27x0OtpState *s, uint32_t addr,
                                uint16_t bits)
{
    uint16_t le;

    if (addr >= AST27X0_OTP_WORDS) {
        return false;
    }
    s->words[addr] |= bits;
    if (!s->blk) {
        return true;
    }
    le = cpu_to_le16(s->words[addr]);
    return blk_pwrite(s->blk, addr * 2, sizeof(le), &le, 0) >= 0;
}

static void aspeed_ast27x0_otp_realize(DeviceState *dev, Error **errp)
{
    AspeedAst27x0OtpState *s = ASPEED_AST27X0_OTP(dev);
    uint64_t perm;
    int64_t len;

    if (!s->blk) {
        return;     /* blank: every word 0 */
    }
    perm = BLK_PERM_CONSISTENT_READ |
           (blk_supports_write_perm(s->blk) ? BLK_PERM_WRITE : 0);
    if (blk_set_perm(s->blk, perm, BLK_PERM_ALL, errp) < 0) {
        return;
    }
    len = blk_getlength(s->blk);
    if (len < 0 || len > AST27X0_OTP_SIZE) {
        error_setg(errp, "ast2700-otp: the image must be at most %u bytes",
                   AST27X0_OTP_SIZE);
        return;
    }
    /* A dump may stop short (aspeed_app leaves the HW-PUF out): zeros */
    if (len && blk_pread(s->blk, 0, len, s->words, 0) < 0) {
        error_setg(errp, "ast2700-otp: cannot read the image");
        return;
    }
    for (int i = 0; i < AST27X0_OTP_WORDS; i++) {
        s->words[i] = le16_to_cpu(s->words[i]);
    }
}

static const VMStateDescription vmstate_aspeed_ast27x0_otp = {
    .name = TYPE_ASPEED_AST27X0_OTP,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT16_ARRAY(words, AspeedAst27x0OtpState, AST27X0_OTP_WORDS),
        VMSTATE_END_OF_LIST(),
    },
};

static const Property aspeed_ast27x0_otp_properties[] = {
    DEFINE_PROP_DRIVE("drive", AspeedAst27x0OtpState, blk),
};

static void aspeed_ast27x0_otp_class_init(ObjectClass *klass,
                                          const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "ASPEED AST2700 OTP memory";
    dc->realize = aspeed_ast27x0_otp_realize;
    dc->vmsd = &vmstate_aspeed_ast27x0_otp;
    dc->user_creatable = false;
    device_class_set_props(dc, aspeed_ast27x0_otp_properties);
}

static const TypeInfo aspeed_ast27x0_otp_types[] = {
    {
        .name = TYPE_ASPEED_AST27X0_OTP,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(AspeedAst27x0OtpState),
        .class_init = aspeed_ast27x0_otp_class_init,
    },
};

DEFINE_TYPES(aspeed_ast27x0_otp_types)
