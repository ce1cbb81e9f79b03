/*
 * ASPEED AST2700 bootmcu FMC image: the "ASTH" header that the BootMCU
 * ROM's fmc_verify checks, then the FMC
 *
 * A 0xa00-byte header: a preamble with the magic, the OTP ids of the SoC
 * keys that signed it and the signatures, then a 0x300-byte body (SVN,
 * payload size, payload SHA-384) that the signatures cover. ECC: P-384
 * over the SHA-384 of the body, r then s, big-endian. LMS (when the OTP
 * enables it): LMS_SHA256_M24_H15 / LMOTS_SHA256_N24_W4 over the same
 * digest, laid out as LMS_SIGNATURE_VERIFY takes it (caliptra_api.h:
 * RFC 8554's but for q and the LMS type, which are little-endian). The
 * OTP's SoC LMS key is an RFC 8554 public key. Integers are little-endian.
 * Plain C: the bundle tool shares it.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_ARM_ASPEED_BOOTMCU_FMC_H
#define HW_ARM_ASPEED_BOOTMCU_FMC_H

#include "hw/misc/caliptra_api.h"

#define ASTH_MAGIC                  0x48545341  /* "ASTH" */
#define ASTH_MAGIC_OFF              0x000
#define ASTH_VERSION_OFF            0x004
#define ASTH_ECC_KEY_ID_OFF         0x008
#define ASTH_LMS_KEY_ID_OFF         0x00c
#define ASTH_ECC_SIG_OFF            0x010       /* r[48], s[48] */
#define ASTH_LMS_SIG_OFF            0x070       /* CALIPTRA_LMS_SIG_SIZE */
#define ASTH_BODY_OFF               0x700
#define ASTH_BODY_SIZE              0x300
#define ASTH_SVN_OFF                0x700
#define ASTH_SIZE_OFF               0x704
#define ASTH_DIGEST_OFF             0x708       /* SHA-384 of the payload */
#define ASTH_HEADER_SIZE            0xa00

/* fmc_verify's results ("Sb" stage errno), and its syndrome bits */
#define ASTH_ERR_HDR                1
#define ASTH_ERR_CPTRA              2
#define ASTH_ERR_SIG                3
#define ASTH_ERR_SVN                4
#define ASTH_ERR_DGST               5
#define ASTH_SYN_SEC_BOOT           (1u << 7)
#define ASTH_SYN_ECC                (1u << 6)
#define ASTH_SYN_LMS                (1u << 5)
/*
 * The low five bits: a negative errno of the failing check, masked (the
 * header's is stored whole, so all eight bits are set)
 */
#define ASTH_SYN_MASK               0x1f
#define ASTH_SYN_HDR_MAGIC          0xff        /* -ERR_HDR_MAGIC (-1) */
#define ASTH_SYN_ANTI_RBK           (-2 & ASTH_SYN_MASK) /* -ERR_HDR_ANTI_RBK */
#define ASTH_SYN_DGST               (-13 & ASTH_SYN_MASK) /* -EACCES */

#endif /* HW_ARM_ASPEED_BOOTMCU_FMC_H */
