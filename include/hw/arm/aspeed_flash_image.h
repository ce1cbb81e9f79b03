/*
 * ASPEED AST2700 boot flash image ("FLSH"), as the bootmcu ROM and
 * vbootrom read it and caliptra-mcu-sw's flash-image builder (used by
 * ASPEED's cptra_imgtool) writes it
 *
 * A 16-byte header at a 64 KiB boundary of the first 4 MiB of the boot
 * SPI flash, then a table of 12-byte entries {id, offset, size}, offsets
 * from the header, then the images, each zero-padded to 4 bytes (size is
 * the padded one). All little-endian. The header CRC-32 (IEEE, as zlib)
 * covers bytes 0..7, the payload CRC-32 everything from byte 16 on.
 * Plain C: the bundle tool shares it.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_ARM_ASPEED_FLASH_IMAGE_H
#define HW_ARM_ASPEED_FLASH_IMAGE_H

#define ASPEED_FLSH_MAGIC           0x48534c46  /* "FLSH" */
#define ASPEED_FLSH_VERSION         1
#define ASPEED_FLSH_MAGIC_OFF       0
#define ASPEED_FLSH_VERSION_OFF     4           /* u16 */
#define ASPEED_FLSH_COUNT_OFF       6           /* u16 */
#define ASPEED_FLSH_HDR_CRC_OFF     8
#define ASPEED_FLSH_PAYLOAD_CRC_OFF 12
#define ASPEED_FLSH_HDR_SIZE        16
#define ASPEED_FLSH_HDR_CRC_LEN     8
#define ASPEED_FLSH_ENTRY_SIZE      12
#define ASPEED_FLSH_ENTRY_ID        0
#define ASPEED_FLSH_ENTRY_OFFSET    4
#define ASPEED_FLSH_ENTRY_SIZE_OFF  8
#define ASPEED_FLSH_MAX_IMAGES      127

/* Where readers look for it */
#define ASPEED_FLSH_SEARCH_END      0x400000
#define ASPEED_FLSH_SEARCH_STEP     0x10000

/* Image ids */
#define ASPEED_FLSH_ID_CALIPTRA_FW  0x1         /* Caliptra FMC + runtime */
#define ASPEED_FLSH_ID_SOC_MANIFEST 0x2         /* SET_AUTH_MANIFEST */
#define ASPEED_FLSH_ID_MCU_RUNTIME  0x3         /* fw_id 1, the bootmcu's */
/* The other SoC images, in the manifest's order */
#define ASPEED_FLSH_ID_SOC_FIRST    0x1000
#define ASPEED_FLSH_MCU_FW_ID       1

#endif /* HW_ARM_ASPEED_FLASH_IMAGE_H */
