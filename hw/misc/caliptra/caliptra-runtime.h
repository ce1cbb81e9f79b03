/*
 * Caliptra 1.2 runtime firmware, modelled natively: its mailbox loop
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_RUNTIME_H
#define HW_MISC_CALIPTRA_RUNTIME_H

#include "hw/misc/caliptra_api.h"
#include "hw/misc/caliptra_dpe.h"
#include "caliptra-dv.h"
#include "caliptra-kv.h"
#include "caliptra-uc.h"

#define CALIPTRA_CERT_CHAIN_MAX 4096    /* runtime's MAX_CERT_CHAIN_SIZE */
#define CALIPTRA_DMTF_INFO_MAX  128
/* AuthManifestImageMetadataCollection: count, then {fw_id, flags, digest} */
#define CALIPTRA_AUTH_METADATA_SIZE \
    (4 + CALIPTRA_AM_META_MAX_ENTRIES * CALIPTRA_AM_META_ENTRY_SIZE)

typedef struct CaliptraRuntime {
    /* The layers below, set once by the firmware object */
    CaliptraUc *uc;
    CaliptraDataVault *dv;
    const CaliptraFwInfo *fw;
    CaliptraKeyVault *kv;

    /* Runtime's persistent data: survives update and warm resets */
    uint8_t auth_metadata[CALIPTRA_AUTH_METADATA_SIZE];
    CaliptraDpe dpe;
    bool dpe_has_tag[CALIPTRA_DPE_MAX_HANDLES];
    uint32_t dpe_tag[CALIPTRA_DPE_MAX_HANDLES];
    /* Runtime RAM, set up again each time runtime starts */
    bool self_test_pending;
    CaliptraDpeExport dpe_export;
    bool cert_chain_valid;          /* made when first needed */
    uint8_t cert_chain[CALIPTRA_CERT_CHAIN_MAX];
    uint32_t cert_chain_len;
    uint8_t dmtf_device_info[CALIPTRA_DMTF_INFO_MAX];
    uint32_t dmtf_device_info_len;
    bool dmtf_device_info_set;
} CaliptraRuntime;

extern const VMStateDescription vmstate_caliptra_runtime;

/* Power-on: nothing kept */
void caliptra_runtime_reset(CaliptraRuntime *s);

/*
 * Runtime's reset flow, up to READY_FOR_RUNTIME. False if runtime
 * stopped with a fatal error.
 */
bool caliptra_runtime_start(CaliptraRuntime *s, CaliptraResetFlow flow);

/*
 * Its DPE part (caliptra-runtime-dpe.c): the certificate chain, then DPE
 * made (cold), its root re-measured (update) or checked (warm)
 */
bool caliptra_rt_dpe_start(CaliptraRuntime *s, CaliptraResetFlow flow);

/* DISABLE_ATTESTATION: runtime's CDI and key zeroed until power-off */
void caliptra_rt_disable_attestation(CaliptraRuntime *s);

/* A request: all of it, header included */
typedef struct CaliptraRtReq {
    const uint8_t *data;
    size_t len;
} CaliptraRtReq;

/*
 * A command: fill @resp after its 8-byte header and set the response's
 * length (header included); return 0 or the runtime error to report
 */
typedef uint32_t CaliptraRtHandler(CaliptraRuntime *s, const CaliptraRtReq *r,
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
uint32_t caliptra_rt_stash(CaliptraRuntime *s, const uint8_t metadata[4],
                           const uint8_t measurement[48],
                           uint32_t *dpe_result);

/* Serve the command waiting in the mailbox */
void caliptra_runtime_cmd(CaliptraRuntime *s);

#endif /* HW_MISC_CALIPTRA_RUNTIME_H */
