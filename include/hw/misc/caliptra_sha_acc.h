/*
 * Caliptra 1.x SHA-512/384 accelerator (sha512_acc_csr)
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_SHA_ACC_H
#define HW_MISC_CALIPTRA_SHA_ACC_H

#include "hw/qdev-core.h"
#include "hw/register.h"
#include "exec/memattrs.h"
#include "qom/object.h"

#define TYPE_CALIPTRA_SHA_ACC "caliptra-sha-acc"
OBJECT_DECLARE_SIMPLE_TYPE(CaliptraShaAcc, CALIPTRA_SHA_ACC)

typedef struct CaliptraMbox CaliptraMbox;

#define CALIPTRA_SHA512_BLOCK   128

/* A running SHA-384/512, as plain data (hw/misc/caliptra/caliptra-sha512.c) */
typedef struct CaliptraSha512 {
    uint64_t h[8];
    uint8_t block[CALIPTRA_SHA512_BLOCK];
    uint32_t fill;          /* bytes in block[] */
    uint64_t length;        /* message bytes so far */
} CaliptraSha512;

/* Up to the interrupt block's last register (0xa10) */
#define CALIPTRA_SHA_ACC_R_MAX      (0xa14 / 4)

struct CaliptraShaAcc {
    DeviceState parent_obj;

    RegisterInfoArray *reg_array;
    uint32_t regs[CALIPTRA_SHA_ACC_R_MAX];
    RegisterInfo regs_info[CALIPTRA_SHA_ACC_R_MAX];

    bool soc_has_lock;
    uint8_t fsm;
    uint32_t received;      /* stream bytes taken so far */

    /* Requester of the access being decoded; not state */
    bool req_soc;
    uint32_t req_user;

    CaliptraSha512 stream;

    CaliptraMbox *mbox;
};

MemTxResult caliptra_sha_acc_soc_read(CaliptraShaAcc *s, hwaddr addr,
                                      uint32_t user, uint64_t *data);
MemTxResult caliptra_sha_acc_soc_write(CaliptraShaAcc *s, hwaddr addr,
                                       uint32_t user, uint64_t data);

/*
 * Microcontroller side. The ROM/runtime use the accelerator on the
 * mailbox SRAM (mailbox mode) and read the digest an SoC computed
 * (ECDSA384_VERIFY).
 */
bool caliptra_sha_acc_uc_acquire(CaliptraShaAcc *s);
void caliptra_sha_acc_uc_release(CaliptraShaAcc *s);
/* Hash @len mailbox bytes from @start; @sha512 picks SHA-512 over SHA-384 */
bool caliptra_sha_acc_uc_hash_mbox(CaliptraShaAcc *s, bool sha512,
                                   uint32_t start, uint32_t len,
                                   bool endian_toggle, uint8_t *digest);
/* The 64-byte DIGEST registers, first byte first; false if not VALID */
bool caliptra_sha_acc_digest(CaliptraShaAcc *s, uint8_t digest[64]);

void caliptra_sha_acc_warm_reset(CaliptraShaAcc *s);

#endif /* HW_MISC_CALIPTRA_SHA_ACC_H */
