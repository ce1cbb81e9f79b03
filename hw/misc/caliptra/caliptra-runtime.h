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

/* How runtime comes up: its reset flow differs for each */
typedef enum CaliptraRtStart {
    CALIPTRA_RT_COLD,
    CALIPTRA_RT_UPDATE,
    CALIPTRA_RT_WARM,
} CaliptraRtStart;

/*
 * Runtime's reset flow (caliptra-runtime-dpe.c): the certificate chain,
 * then DPE made (cold), its root re-measured (update) or checked (warm).
 * False if runtime stopped with a fatal error.
 */
bool caliptra_runtime_start(CaliptraRom *s, CaliptraRtStart how);

/* A request: all of it, header included */
typedef struct CaliptraRtReq {
    const uint8_t *data;
    size_t len;
} CaliptraRtReq;

/*
 * A command: fill @resp after its 8-byte header and set the response's
 * length (header included); return 0 or the runtime error to report
 */
typedef uint32_t CaliptraRtHandler(CaliptraRom *s, const CaliptraRtReq *r,
                                   uint8_t *resp, size_t *len);

/* The commands that go through DPE (caliptra-runtime-dpe.c) */
CaliptraRtHandler caliptra_rt_invoke_dpe;
CaliptraRtHandler caliptra_rt_stash_measurement;
CaliptraRtHandler caliptra_rt_tag_tci;
CaliptraRtHandler caliptra_rt_get_tagged_tci;
CaliptraRtHandler caliptra_rt_certify_key_extended;
CaliptraRtHandler caliptra_rt_add_subject_alt_name;
CaliptraRtHandler caliptra_rt_populate_idev_cert;
CaliptraRtHandler caliptra_rt_sign_with_exported_ecdsa;

/* Request sizes of the fixed-size ones, checksum header included */
#define CALIPTRA_RT_STASH_MEASUREMENT_SIZE  108
#define CALIPTRA_RT_TAG_TCI_SIZE            24
#define CALIPTRA_RT_GET_TAGGED_TCI_SIZE     8
#define CALIPTRA_RT_CERTIFY_KEY_EXT_SIZE    80
#define CALIPTRA_RT_SIGN_EXPORTED_SIZE      84
/* The largest response: CertifyKeyExtendedResp */
#define CALIPTRA_RT_DPE_RESP_MAX            (8 + 4 + 6556)

/*
 * What AUTHORIZE_AND_STASH and STASH_MEASUREMENT share: a DPE context
 * for the measurement, then PCR31. 0, or a runtime error; *dpe_result is
 * DPE's status.
 */
uint32_t caliptra_rt_stash(CaliptraRom *s, const uint8_t metadata[4],
                           const uint8_t measurement[48],
                           uint32_t *dpe_result);

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
