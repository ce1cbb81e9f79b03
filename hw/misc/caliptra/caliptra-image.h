/*
 * Caliptra 1.2 firmware bundle: ImageManifest ‖ FMC ‖ Runtime
 *
 * Byte offsets of caliptra-sw's (branch caliptra-1.2) image/types
 * ImageManifest, a packed little-endian layout of 5884 bytes. ECC
 * coordinates, signatures and SHA-384 digests are 12 u32 words, most
 * significant first, each stored little-endian: every 4-byte group is
 * reversed relative to the big-endian encoding.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_IMAGE_H
#define HW_MISC_CALIPTRA_IMAGE_H

#define IMG_MANIFEST_MARKER         0x4e414d43      /* "CMAN" */
#define IMG_MANIFEST_SIZE           5884

#define IMG_MARKER                  0x0000
#define IMG_SIZE                    0x0004
/* Preamble */
#define IMG_VENDOR_ECC_KEYS         0x0008  /* 4 x (x[48], y[48]) */
#define IMG_VENDOR_LMS_KEYS         0x0188  /* 32 x 48 */
#define IMG_VENDOR_ECC_KEY_IDX      0x0788
#define IMG_VENDOR_LMS_KEY_IDX      0x078c
#define IMG_VENDOR_ECC_SIG          0x0790  /* r[48], s[48] */
#define IMG_VENDOR_LMS_SIG          0x07f0
#define IMG_OWNER_ECC_KEY           0x0e44
#define IMG_OWNER_LMS_KEY           0x0ea4
#define IMG_OWNER_ECC_SIG           0x0ed4
#define IMG_OWNER_LMS_SIG           0x0f34
/* Header */
#define IMG_HEADER                  0x1590
#define IMG_HDR_VENDOR_ECC_KEY_IDX  0x1598
#define IMG_HDR_VENDOR_LMS_KEY_IDX  0x159c
#define IMG_HDR_FLAGS               0x15a0
#define IMG_HDR_TOC_LEN             0x15a4
#define IMG_HDR_PL0_PAUSER          0x15a8
#define IMG_HDR_TOC_DIGEST          0x15ac
#define IMG_HDR_VENDOR_DATA         0x15dc  /* not_before[15], not_after[15] */
#define IMG_HDR_OWNER_DATA          0x1604
#define IMG_HEADER_END              0x162c
/* Table of contents: FMC, then Runtime */
#define IMG_TOC_FMC                 0x162c
#define IMG_TOC_RT                  0x1694
#define IMG_TOC_END                 0x16fc

#define IMG_ECC_KEY_COUNT           4
#define IMG_LMS_KEY_COUNT           32
#define IMG_ECC_SCALAR              48
#define IMG_ECC_KEY_SIZE            96
#define IMG_DIGEST_SIZE             48
#define IMG_TOC_LEN                 2

/* One TOC entry (104 bytes) */
#define TOC_ID                      0
#define TOC_TYPE                    4
#define TOC_REVISION                8       /* 20 bytes */
#define TOC_VERSION                 28
#define TOC_SVN                     32
#define TOC_LOAD_ADDR               40
#define TOC_ENTRY_POINT             44
#define TOC_OFFSET                  48
#define TOC_SIZE                    52
#define TOC_DIGEST                  56
#define TOC_ENTRY_SIZE              104

/* FMC and Runtime run from the uC's ICCM */
#define IMG_ICCM_BASE               0x40000000
#define IMG_ICCM_SIZE               0x20000

#define IMG_FMC_SVN_MAX             32
#define IMG_RT_SVN_MAX              128

#endif /* HW_MISC_CALIPTRA_IMAGE_H */
