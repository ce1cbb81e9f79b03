/*
 * ASPEED AST2700 Caliptra IPC: the protocol between the bootmcu firmware
 * and the A35 and SSP software that asks it for Caliptra services
 *
 * Facts from ASPEED's sources: the command numbers and the message of
 * aspeed_app's cptra/cptra.h and U-Boot's include/u-boot/cptra_ipc.h; the
 * shared windows of the same; the result words and request layouts of
 * the bootmcu's Zephyr drivers (drivers/misc/aspeed/cptra_ipc.c and the
 * Caliptra drivers beside it). Byte offsets, little-endian words.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_ARM_ASPEED_CPTRA_IPC_H
#define HW_ARM_ASPEED_CPTRA_IPC_H

/* The IPC1 id the service listens on, in the NS-A35 and SSP windows */
#define CPTRA_IPC_ID                1

/*
 * The message, in the id's DATA slot: command, then the request and
 * response buffers as bootmcu addresses (CALIPTRA_FW_LOAD: the size)
 */
#define CPTRA_IPC_MSG_CMD           0
#define CPTRA_IPC_MSG_IN            4
#define CPTRA_IPC_MSG_OUT           8
/* The reply: one word in the same slot of the other half */
#define CPTRA_IPC_REPLY_RESULT      0

/* The shared DRAM windows, 1 MiB each */
#define CPTRA_IPC_BOOTMCU_IN        0xB1880000u
#define CPTRA_IPC_BOOTMCU_OUT       0xB1980000u
#define CPTRA_IPC_NS_CA35_IN        0x431880000ull
#define CPTRA_IPC_NS_CA35_OUT       0x431980000ull
#define CPTRA_IPC_WINDOW_SIZE       0x100000
/* The bootmcu sees DRAM at 0x80000000, the A35 at 0x400000000 */
#define CPTRA_IPC_BOOTMCU_DRAM      0x80000000u

enum {
    CPTRA_IPC_ECDSA384_VERIFY,
    CPTRA_IPC_SHA384_DIGEST,
    CPTRA_IPC_SHA384_INIT,
    CPTRA_IPC_SHA384_UPDATE,
    CPTRA_IPC_SHA384_FINAL,
    CPTRA_IPC_LMS_VERIFY,
    CPTRA_IPC_FW_LOAD,
    CPTRA_IPC_STASH_MEASUREMENT,
    CPTRA_IPC_QUOTE_PCRS,
    CPTRA_IPC_GET_IDEV_CERT,
    CPTRA_IPC_GET_IDEV_INFO,
    CPTRA_IPC_POPULATE_IDEV_CERT,
    CPTRA_IPC_GET_LDEV_CERT,
    CPTRA_IPC_GET_FMC_ALIAS_CERT,
    CPTRA_IPC_GET_RT_ALIAS_CERT,
    CPTRA_IPC_INVOKE_DPE_COMMAND,
    CPTRA_IPC_DISABLE_ATTESTATION,
    CPTRA_IPC_FW_INFO,
    CPTRA_IPC_DPE_TAG_TCI,
    CPTRA_IPC_DPE_GET_TAGGED_TCI,
    CPTRA_IPC_INCREMENT_PCR_RESET_COUNTER,
    CPTRA_IPC_EXTEND_PCR,
    CPTRA_IPC_ADD_SUBJECT_ALT_NAME,
    CPTRA_IPC_CERTIFY_KEY_EXTENDED,
    CPTRA_IPC_FIPS_VERSION,
    CPTRA_IPC_SHUTDOWN,
    CPTRA_IPC_CAPABILITIES,
    CPTRA_IPC_SET_AUTH_MANIFEST,
    CPTRA_IPC_AUTHORIZE_AND_STASH,
    CPTRA_IPC_GET_FMC_ALIAS_CSR,
    CPTRA_IPC_SIGN_WITH_EXPORTED_ECDSA,
    CPTRA_IPC_REVOKE_EXPORTED_CDI_HANDLE,
    CPTRA_IPC_NUM_CMDS,
};

/* Result words: 0, or a negative errno of the driver */
#define CPTRA_IPC_OK                0
#define CPTRA_IPC_ERR_FAILED        (-1)    /* Caliptra refused, or no data */
#define CPTRA_IPC_ERR_EIO           (-5)    /* FW_LOAD not CMD_COMPLETE */
#define CPTRA_IPC_ERR_EACCES        (-13)   /* mailbox not ready for a cmd */
#define CPTRA_IPC_ERR_EBUSY         (-16)   /* a driver in use (see docs) */
#define CPTRA_IPC_ERR_EINVAL        (-22)   /* unknown command, bad request */

/*
 * The Caliptra runtime commands: the request without its checksum, at
 * the fixed size of the driver's struct (the server adds the checksum);
 * the response as Caliptra gives it, cut to the driver's struct
 */

/* SHA384_*: the hash context, then (by the clients' habit) the data */
#define CPTRA_IPC_SHA_ALGO          0       /* 3: SHA-384, 4: SHA-512 */
#define CPTRA_IPC_SHA_IN_LEN        4
#define CPTRA_IPC_SHA_IN_BUF        8
#define CPTRA_IPC_SHA_OUT_LEN       12
#define CPTRA_IPC_SHA_OUT_BUF       16
#define CPTRA_IPC_SHA_CTX_SIZE      20
#define CPTRA_IPC_SHA_ALGO_SHA384   3
#define CPTRA_IPC_SHA_ALGO_SHA512   4

/* ECDSA384_VERIFY: {length, pointer} of qx, qy, r, s, the digest */
#define CPTRA_IPC_ECDSA_QX          0
#define CPTRA_IPC_ECDSA_QY          8
#define CPTRA_IPC_ECDSA_R           16
#define CPTRA_IPC_ECDSA_S           24
#define CPTRA_IPC_ECDSA_M           32
#define CPTRA_IPC_ECDSA_CTX_SIZE    40

/*
 * LMS_VERIFY: the key and signature fields, by value or pointer (what the
 * pointers point to, and the one parameter set the driver takes, are
 * Caliptra's: caliptra_api.h)
 */
#define CPTRA_IPC_LMS_TREE_TYPE     0
#define CPTRA_IPC_LMS_OTS_TYPE      4
#define CPTRA_IPC_LMS_ID_PTR        12
#define CPTRA_IPC_LMS_DIGEST_PTR    20
#define CPTRA_IPC_LMS_Q             24
#define CPTRA_IPC_LMS_OTS_PTR       32
#define CPTRA_IPC_LMS_SIG_TREE_TYPE 36
#define CPTRA_IPC_LMS_PATH_PTR      44
#define CPTRA_IPC_LMS_CTX_SIZE      48

/* CALIPTRA_FW_LOAD: the one size the driver takes in one message */
#define CPTRA_IPC_FW_LOAD_SIZE      0x20000

#endif /* HW_ARM_ASPEED_CPTRA_IPC_H */
