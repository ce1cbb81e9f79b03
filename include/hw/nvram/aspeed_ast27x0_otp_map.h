/*
 * ASPEED AST2700 OTP memory map, as far as its BootMCU ROM reads it for
 * Caliptra
 *
 * 0x2000 16-bit words; addresses are word indexes; a 32-bit value is two
 * words, low word first (the ROM's otp_readl); an image file holds the
 * words in address order, little-endian, as aspeed_app's "otp dump"
 * writes them. Region bases and field offsets are aspeed_app's
 * (otp/otp_ast2700.h, otp/otp_info_ast2700.h) and socsec's tables; the
 * HW-PUF field addresses are not public (the ROM's otp_mem.h is not):
 * the ones below are this model's choice, see docs/system/arm/caliptra.rst.
 * Plain C: the bundle tool shares it.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NVRAM_ASPEED_AST27X0_OTP_MAP_H
#define HW_NVRAM_ASPEED_AST27X0_OTP_MAP_H

#define AST27X0_OTP_WORDS               0x2000
#define AST27X0_OTP_SIZE                (AST27X0_OTP_WORDS * 2)

/* Regions */
#define AST27X0_OTP_ROM                 0x0000
#define AST27X0_OTP_RBP                 0x03e0
#define AST27X0_OTP_CONF                0x0400
#define AST27X0_OTP_STRAP               0x0420
#define AST27X0_OTP_STRAPEXT            0x0430
#define AST27X0_OTP_USER                0x0440
#define AST27X0_OTP_SEC                 0x1000
#define AST27X0_OTP_CAL                 0x1c00
#define AST27X0_OTP_SW_PUF              0x1f80
#define AST27X0_OTP_HW_PUF              0x1fc0

/* RBP: retirement, revocation and anti-rollback bitmaps */
#define AST27X0_OTP_SOC_ECC_RETIRE      0x03e0  /* 16 bits, by key id */
#define AST27X0_OTP_SOC_LMS_RETIRE      0x03e1  /* 16 bits, by key id */
#define AST27X0_OTP_OWN_PK_RETIRE       0x03e3  /* 16 bits, by key id */
#define AST27X0_OTP_SOC_FMC_SVN         0x03e4  /* 64-bit thermometer */
#define AST27X0_OTP_CPTRA_FMC_SVN       0x03e8  /* 32-bit thermometer */
#define AST27X0_OTP_CPTRA_RT_SVN        0x03ea  /* 128-bit thermometer */
#define AST27X0_OTP_CPTRA_ECC_KEY_MASK  0x03f2  /* 16 bits read */
#define AST27X0_OTP_CPTRA_LMS_KEY_MASK  0x03f3  /* 32 bits */

/* CONF */
#define AST27X0_OTP_CONF0               0x0400
#define  AST27X0_OTP_CONF0_PUF_DONE     (1u << 14)  /* PUF programmed */
#define AST27X0_OTP_CONF2               0x0402
#define  AST27X0_OTP_CONF2_LCS_SHIFT    8           /* [9:8] lifecycle */
#define  AST27X0_OTP_CONF2_LCS_MASK     3
#define  AST27X0_OTP_CONF2_EN_LMS       (1u << 10)
#define  AST27X0_OTP_CONF2_DIS_LOW_SECURE_KEY (1u << 11)
#define AST27X0_OTP_CONF3               0x0403

/*
 * STRAP: six 32-bit options whose XOR is the strap; option 0's bits
 * 31:16 are word 0x423 (strap bit 16 + n is its bit n)
 */
#define AST27X0_OTP_STRAP_HI            0x0423
#define  AST27X0_OTP_STRAP_EN_SECBOOT   (1u << 0)   /* strap bit 16 */
#define  AST27X0_OTP_STRAP_EN_ROM_INT   (1u << 6)   /* strap bit 22 */
#define  AST27X0_OTP_STRAP_DIS_CPTRA    (1u << 15)  /* strap bit 31 */
/* STRAPEXT: 128 value bits, then 128 valid bits */
#define AST27X0_OTP_STRAPEXT_HWSTRAP2   0x0432      /* into SCU1 HWSTRAP2 */
#define AST27X0_OTP_STRAPEXT_HWSTRAP2_VALID 0x043a
#define  AST27X0_OTP_STRAPEXT_EN_CPTRA_DBG  (1u << 11)

/*
 * SEC starts with 80 key headers of 32 bits: [3:0] id, [6:4] type, [15]
 * last, [27:16] offset of the key from SEC, in words
 */
#define AST27X0_OTP_KEY_HEADERS         AST27X0_OTP_SEC
#define AST27X0_OTP_KEY_HEADER_NUM      80
#define  AST27X0_OTP_KH_ID(h)           ((h) & 0xf)
#define  AST27X0_OTP_KH_TYPE(h)         (((h) >> 4) & 7)
#define  AST27X0_OTP_KH_LAST            (1u << 15)
#define  AST27X0_OTP_KH_OFFSET(h)       (((h) >> 16) & 0xfff)
#define  AST27X0_OTP_KEY_SOC_ECDSA384   1
#define  AST27X0_OTP_KEY_SOC_LMS        2
#define  AST27X0_OTP_KEY_CPTRA_OWN_HASH 4

/* CAL: Caliptra's fuses (hashes in natural byte order) */
#define AST27X0_OTP_CAL_LMS_VERIFY      0x1c00
#define AST27X0_OTP_CAL_ANTI_ROLLBACK   0x1c01
#define AST27X0_OTP_CAL_FIELD_ENTROPY   0x1c02  /* 256 bits, obfuscated */
#define AST27X0_OTP_CAL_KEY_MANIFEST_HASH 0x1c12 /* 384 bits */
#define AST27X0_OTP_CAL_IDEVID_CERT_ATTR 0x1c2a /* 768 bits */
#define AST27X0_OTP_CAL_IDEVID_MANUF_HSM 0x1c5a /* 128 bits */

/* HW-PUF: the obfuscation key and the obfuscated UDS seed (our layout) */
#define AST27X0_OTP_PUF_UDS_SEED        0x1fc0  /* 384 bits */
#define AST27X0_OTP_PUF_OBF_KEY         0x1fd8  /* 256 bits */

#endif /* HW_NVRAM_ASPEED_AST27X0_OTP_MAP_H */
