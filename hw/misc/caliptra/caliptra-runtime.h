/*
 * Caliptra 1.2 runtime firmware, modelled natively: its mailbox loop
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_RUNTIME_H
#define HW_MISC_CALIPTRA_RUNTIME_H

#include "hw/misc/caliptra_rom.h"

/* Serve the command waiting in the mailbox */
void caliptra_runtime_cmd(CaliptraRom *s);

/* Firmware error that stops Caliptra (ROM or runtime): see caliptra-rom.c */
void caliptra_fw_fatal(CaliptraRom *s, uint32_t code);

/* DISABLE_ATTESTATION: zero the runtime CDI and key (caliptra-rom.c) */
void caliptra_rom_disable_attestation(CaliptraRom *s);

/* The watchdog around a runtime command, as the 1.2 runtime runs it */
void caliptra_rom_wdt_command(CaliptraRom *s);
void caliptra_rom_wdt_stop(CaliptraRom *s);

#endif /* HW_MISC_CALIPTRA_RUNTIME_H */
