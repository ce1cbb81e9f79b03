/*
 * libFuzzer harnesses: the uC's register blocks, as plain data
 *
 * The firmware layers reach the mailbox, the SoC interface and the SHA
 * accelerator only through the uC-side calls of caliptra_mbox.h,
 * caliptra_soc_ifc.h and caliptra_sha_acc.h (see caliptra-uc.h). A
 * harness links this file in their place, so a command is one function
 * call with no QOM, no memory API and no timers.
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
    uint32_t cmd;
    uint32_t user;
    const uint8_t *req;
    uint32_t dlen;
    /* The uC's answer */
    bool answered;
    CaliptraMboxStatus status;
    uint8_t resp[CALIPTRA_MBOX_SRAM_SIZE];
    size_t resp_len;
    /* SoC interface registers the firmware writes or reads */
    uint32_t fw_error_non_fatal;
    uint32_t fw_extended_error;
    uint32_t fw_rev[2];
    uint32_t flow_status;
    uint32_t lms_verify;            /* FUSE_LMS_VERIFY */
    uint32_t valid_pauser[5];       /* CPTRA_MBOX_VALID_PAUSER, all locked */
    /* What the SHA accelerator holds */
    uint8_t sha_acc_digest[64];
    /* Set by caliptra_uc_fatal(): the firmware stopped */
    bool fatal;
    uint32_t fatal_error;
    /* The watchdog: a command armed it, idle stopped it */
    bool wdt_armed;
} FuzzUcBus;

extern FuzzUcBus fuzz_uc_bus;

/* A uC wired to fuzz_uc_bus, everything cleared */
void fuzz_uc_init(CaliptraUc *uc);

#endif /* CALIPTRA_FUZZ_UC_STUB_H */
