/*
 * Caliptra 1.2 firmware error codes (CaliptraError), as the 1.2 ROM and
 * runtime report them in CPTRA_FW_ERROR_FATAL/NON_FATAL. Values from
 * caliptra-sw (branch caliptra-1.2) error/src/lib.rs.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_ERROR_H
#define HW_MISC_CALIPTRA_ERROR_H

/* ROM firmware processor: the mailbox before FIRMWARE_LOAD */
#define CPTRA_ERR_FW_PROC_INVALID_IMAGE_SIZE            0x01020002
#define CPTRA_ERR_FW_PROC_MAILBOX_INVALID_COMMAND       0x01020004
#define CPTRA_ERR_FW_PROC_MAILBOX_INVALID_CHECKSUM      0x01020005
#define CPTRA_ERR_FW_PROC_MAILBOX_INVALID_REQUEST_LENGTH 0x01020006
#define CPTRA_ERR_FW_PROC_MAILBOX_STASH_MEASUREMENT_MAX_LIMIT 0x01020008
#define CPTRA_ERR_FW_PROC_MAILBOX_RESERVED_PAUSER       0x01020009
#define CPTRA_ERR_FW_PROC_MAILBOX_GET_IDEV_CSR_UNPROVISIONED_CSR 0x0102000a

/* ROM global */
#define CPTRA_ERR_ROM_WARM_RESET_UNSUCCESSFUL_PREVIOUS_COLD_RESET 0x01040010
#define CPTRA_ERR_ROM_UNKNOWN_RESET_FLOW                0x01040020

/* Known-answer tests */
#define CPTRA_ERR_KAT_SHA2_512_384_ACC_DIGEST_MISMATCH  0x90050003

/* Runtime */
#define CPTRA_ERR_RUNTIME_SHUTDOWN                      0x000e0008

#endif /* HW_MISC_CALIPTRA_ERROR_H */
