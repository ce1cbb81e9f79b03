/*
 * Caliptra 1.2 firmware model: the ROM layer
 *
 * The ROM's boot flows (cold, warm, update reset) and the mailbox
 * commands it serves until FIRMWARE_LOAD. It hands over to the FMC by
 * returning true with the flow to run; the firmware object above does
 * the hand-over, so the ROM never calls a later layer.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_ROM_LAYER_H
#define HW_MISC_CALIPTRA_ROM_LAYER_H

#include "caliptra-dv.h"
#include "caliptra-kv.h"
#include "caliptra-uc.h"

typedef enum CaliptraRomPhase {
    CALIPTRA_ROM_OFF,           /* uC held in reset, or past the ROM */
    CALIPTRA_ROM_WAIT_TRNG,     /* CFI init waits for the SoC's TRNG words */
    CALIPTRA_ROM_FW_PROCESSOR,  /* serving the mailbox until FIRMWARE_LOAD */
    CALIPTRA_ROM_CSR_SEND,      /* the IDevID CSR waits for the mailbox */
    CALIPTRA_ROM_CSR_WAIT,      /* ... and for the SoC to clear the flag */
} CaliptraRomPhase;

typedef struct CaliptraRom {
    /* The layers below, set once by the firmware object */
    CaliptraUc *uc;
    CaliptraDataVault *dv;
    CaliptraFwInfo *fw;
    CaliptraKeyVault *kv;
    /* The ROM's own state */
    uint8_t phase;
    bool self_test_pending;
} CaliptraRom;

extern const VMStateDescription vmstate_caliptra_rom;

/*
 * The ROM's entry points. Each returns true when the ROM hands over to
 * the FMC, with *@flow the reset flow it runs.
 */
/* The boot FSM released the uC */
bool caliptra_rom_boot(CaliptraRom *rom, CaliptraResetFlow *flow);
/* The SoC answered the TRNG request */
bool caliptra_rom_trng_done(CaliptraRom *rom, CaliptraResetFlow *flow);
/* The SoC changed CPTRA_DBG_MANUF_SERVICE_REG */
bool caliptra_rom_manuf(CaliptraRom *rom, CaliptraResetFlow *flow);
/* The mailbox has a command for the uC, or was released by the SoC */
bool caliptra_rom_mbox(CaliptraRom *rom, CaliptraResetFlow *flow);

/* FIRMWARE_LOAD at runtime: the update reset's bundle waits in the mailbox */
void caliptra_rom_stop(CaliptraRom *rom);
/* Power-on: the ROM's own state */
void caliptra_rom_reset(CaliptraRom *rom);

#endif /* HW_MISC_CALIPTRA_ROM_LAYER_H */
