/*
 * libFuzzer harnesses: the uC's register blocks, as plain data
 *
 * The firmware layers reach the mailbox, the SoC interface and the SHA
 * accelerator only through the uC-side calls of caliptra_mbox.h,
 * caliptra_soc_ifc.h and caliptra_sha_acc.h (caliptra-uc.c, linked as it
 * is, among them). A harness links this file in place of the three
 * register blocks, so a command is one function call with no QOM, no
 * memory API and no timers.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef CALIPTRA_FUZZ_UC_STUB_H
#define CALIPTRA_FUZZ_UC_STUB_H

#include "hw/misc/caliptra_mbox.h"
#include "caliptra-uc.h"

typedef struct FuzzUcBus {
    /* The SoC's side of the mailbox: the command waiting */
    bool has_cmd;                   /* EXECUTE set, the SoC holds the lock */
    uint32_t cmd;
    uint32_t user;
    const uint8_t *req;
    uint32_t dlen;
    uint32_t rdptr;                 /* the uC's read pointer, in bytes */
    bool soc_holds_lock;            /* the uC cannot send (the IDevID CSR) */
    /* What the uC sent as the requester */
    uint8_t sent[CALIPTRA_MBOX_SRAM_SIZE];
    size_t sent_len;
    bool sent_pending;              /* locked by the uC until send_done */
    /* The uC's answer */
    bool answered;
    CaliptraMboxStatus status;
    uint8_t resp[CALIPTRA_MBOX_SRAM_SIZE];
    size_t resp_len;
    /* SoC interface registers the firmware writes or reads */
    uint32_t fw_error_fatal;
    uint32_t fw_error_non_fatal;
    uint32_t fw_extended_error;
    uint32_t fw_rev[2];
    uint32_t flow_status;
    uint32_t boot_status;
    uint32_t lms_verify;            /* FUSE_LMS_VERIFY */
    uint32_t valid_pauser[5];       /* CPTRA_MBOX_VALID_PAUSER, all locked */
    /* Every other soc_ifc register the uC reads, by byte offset / 4 */
    uint32_t soc[0x800 / 4];
    /* Secret fuses and the obfuscation key, as the DOE would see them */
    uint32_t uds[12];
    uint32_t field_entropy[8];
    uint32_t obf_key[8];
    /* The TRNG handshake: requested by the uC, words the SoC wrote */
    bool trng_requested;
    bool trng_ready;
    /* What the SHA accelerator holds, and whether the SoC has its lock */
    uint8_t sha_acc_digest[64];
    bool sha_acc_soc_locked;
    /* The watchdog (armed on a debug-locked part only) */
    bool wdt_armed;
} FuzzUcBus;

extern FuzzUcBus fuzz_uc_bus;

/* A uC wired to fuzz_uc_bus, everything cleared */
void fuzz_uc_init(CaliptraUc *uc);

#endif /* CALIPTRA_FUZZ_UC_STUB_H */
