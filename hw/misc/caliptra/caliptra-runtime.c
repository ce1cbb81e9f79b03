/*
 * Caliptra 1.2 runtime firmware, modelled natively: its mailbox loop
 *
 * Every request first goes through the checks of caliptra-sw's (branch
 * caliptra-1.2) runtime/src/lib.rs: the reserved PAUSER, the request
 * length and the checksum. Runtime errors are not fatal: the code goes
 * to CPTRA_FW_ERROR_NON_FATAL and the command fails; a successful
 * command always answers with at least the response header.
 *
 * Commands modelled here: CAPABILITIES, VERSION, ECDSA384_VERIFY and
 * LMS_VERIFY (over the digest the SoC left in the SHA accelerator),
 * SELF_TEST_START/GET_RESULTS, SHUTDOWN, FW_INFO, GET_IDEV_INFO,
 * GET_IDEV_CERT, GET_LDEV_CERT, GET_IDEVID_CSR, GET_FMC_ALIAS_CERT,
 * GET_RT_ALIAS_CERT, GET_FMC_ALIAS_CSR, QUOTE_PCRS, EXTEND_PCR,
 * INCREMENT_PCR_RESET_COUNTER, DISABLE_ATTESTATION; SET_AUTH_MANIFEST
 * and AUTHORIZE_AND_STASH (caliptra-auth-manifest.c); the DPE commands
 * (caliptra-runtime-dpe.c). FIRMWARE_LOAD goes to the ROM's update
 * reset: the firmware object (caliptra-fw12.c) restarts the uC.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qemu/log.h"
#include "hw/misc/caliptra_mbox.h"
#include "hw/misc/caliptra_sha_acc.h"
#include "hw/misc/caliptra_soc_ifc.h"
#include "hw/misc/caliptra_regs.h"
#include "caliptra-auth-manifest.h"
#include "caliptra-cert.h"
#include "caliptra-crypto.h"
#include "caliptra-error.h"
#include "caliptra-identity.h"
#include "caliptra-lms.h"
#include "hw/misc/caliptra_api.h"
#include "caliptra-msg.h"
#include "caliptra-pcr.h"
#include "caliptra-runtime.h"
#include "migration/vmstate.h"
#include "trace.h"

/* The largest request the runtime's mailbox buffer takes, in words */
#define RT_MAX_REQUEST_WORDS    3586
/* The largest response: CERTIFY_KEY_EXTENDED's or INVOKE_DPE's */
#define RT_MAX_RESPONSE         CALIPTRA_RT_DPE_RESP_MAX

/* GetIdevCertReq: header, tbs_size, signature r and s, tbs[916] */
#define IDEV_CERT_REQ_TBS_SIZE  4
#define IDEV_CERT_REQ_SIG_R     8
#define IDEV_CERT_REQ_SIG_S     56
#define IDEV_CERT_REQ_TBS       104
#define IDEV_CERT_TBS_MAX       916
#define IDEV_CERT_REQ_SIZE      (IDEV_CERT_REQ_TBS + IDEV_CERT_TBS_MAX)
#define IDEV_CERT_MAX           1024

#define HDR                     CALIPTRA_MSG_RESP_HDR
#define RT_CAPABILITY_RT_BASE   64          /* bit of the u128 */
#define FIPS_MODE               0x46495053  /* "FIPS" */

/* CPTRA_BOOT_STATUS once runtime serves commands (boot_status.rs) */
#define BOOT_RT_READY_FOR_COMMANDS  0x600

typedef struct RtCmd {
    uint32_t id;
    uint32_t size;          /* exact request size with header; 0: any */
    CaliptraRtHandler *handler;
} RtCmd;

static uint32_t rt_capabilities(CaliptraRuntime *s, const CaliptraRtReq *r,
                                uint8_t *resp, size_t *len)
{
    /* u128 big-endian */
    resp[HDR + 15 - RT_CAPABILITY_RT_BASE / 8] = 1;
    *len = HDR + 16;
    return 0;
}

static uint32_t rt_version(CaliptraRuntime *s, const CaliptraRtReq *r,
                           uint8_t *resp, size_t *len)
{
    stl_le_p(resp + HDR, FIPS_MODE);
    stl_le_p(resp + HDR + 4, caliptra_uc_soc(s->uc, A_CPTRA_HW_REV_ID));
    stl_le_p(resp + HDR + 8, caliptra_uc_soc(s->uc, A_CPTRA_FW_REV_ID));
    stl_le_p(resp + HDR + 12, caliptra_uc_soc(s->uc, A_CPTRA_FW_REV_ID + 4));
    memcpy(resp + HDR + 16, "Caliptra RTM", 12);
    *len = HDR + 28;
    return 0;
}

/* The SoC streamed its message through the SHA accelerator (SHA-384) */
static void rt_sha_acc_digest(CaliptraRuntime *s, uint8_t digest[48])
{
    uint8_t regs[64];

    caliptra_sha_acc_digest(s->uc->sha_acc, regs);
    memcpy(digest, regs, 48);
}

static uint32_t rt_ecdsa384_verify(CaliptraRuntime *s, const CaliptraRtReq *r,
                                   uint8_t *resp, size_t *len)
{
    const uint8_t *p = r->data + CALIPTRA_ECDSA_REQ_KEY;  /* x, y, r, s */
    uint8_t digest[48];

    rt_sha_acc_digest(s, digest);
    *len = HDR;
    /* The driver's range check error comes through unchanged */
    switch (caliptra_ecdsa_p384_verify(p, p + 48, p + 96, p + 144, digest)) {
    case CALIPTRA_ECDSA_OK:
        return 0;
    case CALIPTRA_ECDSA_SCALAR_RANGE:
        return CPTRA_ERR_DRIVER_ECC384_SCALAR_RANGE_CHECK_FAILED;
    case CALIPTRA_ECDSA_FAILURE:
        /* A key off the curve: the ECC engine raises its error interrupt */
        return CPTRA_ERR_DRIVER_ECC384_HW_ERROR;
    default:
        return CPTRA_ERR_RUNTIME_ECDSA_VERIFY_FAILED;
    }
}

/* The requests' layouts (caliptra_api.h) add up */
QEMU_BUILD_BUG_ON(CALIPTRA_ECDSA_REQ_SIG != CALIPTRA_ECDSA_REQ_KEY + 96 ||
                  CALIPTRA_ECDSA_REQ_SIZE != CALIPTRA_ECDSA_REQ_SIG + 96);
QEMU_BUILD_BUG_ON(CALIPTRA_LMS_REQ_SIG !=
                  CALIPTRA_LMS_REQ_KEY + CALIPTRA_LMS_PUBKEY_SIZE ||
                  CALIPTRA_LMS_REQ_SIZE !=
                  CALIPTRA_LMS_REQ_SIG + CALIPTRA_LMS_SIG_SIZE);

static uint32_t rt_lms_verify(CaliptraRuntime *s, const CaliptraRtReq *r,
                              uint8_t *resp, size_t *len)
{
    const uint8_t *req_key = r->data + CALIPTRA_LMS_REQ_KEY;
    const uint8_t *req_sig = r->data + CALIPTRA_LMS_REQ_SIG;
    uint8_t key[CALIPTRA_LMS_PUBKEY_SIZE], sig[CALIPTRA_LMS_SIG_SIZE];
    uint8_t digest[48];

    /*
     * The request carries the type words and q as little-endian u32s
     * (caliptra-sw api LmsVerifyReq), the rest as LMS encodes it; LMS
     * itself (RFC 8554) has those words big-endian
     */
    memcpy(key, req_key, sizeof(key));
    memcpy(sig, req_sig, sizeof(sig));
    stl_be_p(key + CALIPTRA_LMS_KEY_TYPE,
             ldl_le_p(req_key + CALIPTRA_LMS_KEY_TYPE));
    stl_be_p(key + CALIPTRA_LMS_KEY_OTS_TYPE,
             ldl_le_p(req_key + CALIPTRA_LMS_KEY_OTS_TYPE));
    stl_be_p(sig + CALIPTRA_LMS_SIG_Q, ldl_le_p(req_sig + CALIPTRA_LMS_SIG_Q));
    stl_be_p(sig + CALIPTRA_LMS_SIG_TYPE,
             ldl_le_p(req_sig + CALIPTRA_LMS_SIG_TYPE));
    rt_sha_acc_digest(s, digest);
    *len = HDR;
    switch (caliptra_lms_verify(digest, sizeof(digest), key, sig)) {
    case CALIPTRA_LMS_OK:
        return 0;
    case CALIPTRA_LMS_INVALID:
        return CPTRA_ERR_RUNTIME_LMS_VERIFY_FAILED;
    case CALIPTRA_LMS_BAD_KEY_OTS_TYPE:
        return CPTRA_ERR_RUNTIME_LMS_VERIFY_INVALID_LMOTS_ALGORITHM;
    /* The LMS driver's own errors come through unchanged */
    case CALIPTRA_LMS_OTS_MISMATCH:
        return CPTRA_ERR_DRIVER_LMS_LMOTS_MISMATCH;
    case CALIPTRA_LMS_BAD_Q:
        return CPTRA_ERR_DRIVER_LMS_INVALID_Q_VALUE;
    default:
        return CPTRA_ERR_RUNTIME_LMS_VERIFY_INVALID_LMS_ALGORITHM;
    }
}

static uint32_t rt_self_test_start(CaliptraRuntime *s, const CaliptraRtReq *r,
                                   uint8_t *resp, size_t *len)
{
    if (s->self_test_pending) {
        return CPTRA_ERR_RUNTIME_SELF_TEST_IN_PROGRESS;
    }
    /* The KATs run when the runtime is idle: at once, and they pass */
    s->self_test_pending = true;
    *len = HDR;
    return 0;
}

static uint32_t rt_self_test_get_results(CaliptraRuntime *s,
                                         const CaliptraRtReq *r,
                                         uint8_t *resp, size_t *len)
{
    if (!s->self_test_pending) {
        return CPTRA_ERR_RUNTIME_SELF_TEST_NOT_STARTED;
    }
    s->self_test_pending = false;
    *len = HDR;
    return 0;
}

static uint32_t rt_shutdown(CaliptraRuntime *s, const CaliptraRtReq *r,
                            uint8_t *resp, size_t *len)
{
    *len = HDR;
    return 0;
}

/* The IDevID public key, x and y big-endian */
static uint32_t rt_get_idev_info(CaliptraRuntime *s, const CaliptraRtReq *r,
                                 uint8_t *resp, size_t *len)
{
    memcpy(resp + HDR, s->kv->idevid_pub, sizeof(s->kv->idevid_pub));
    *len = HDR + sizeof(s->kv->idevid_pub);
    return 0;
}

/* data_size, then a certificate of the identity chain */
static uint32_t rt_cert(CaliptraRuntime *s, uint8_t *resp, size_t *len,
                        CaliptraIdentityDoc *make, uint32_t error)
{
    size_t n = make(&CALIPTRA_IDENTITY_ENV(s), resp + HDR + 4, IDEV_CERT_MAX);

    if (!n) {
        return error;
    }
    stl_le_p(resp + HDR, n);
    *len = HDR + 4 + n;
    return 0;
}

static uint32_t rt_get_ldev_cert(CaliptraRuntime *s, const CaliptraRtReq *r,
                                 uint8_t *resp, size_t *len)
{
    return rt_cert(s, resp, len, caliptra_identity_ldevid_cert,
                   CPTRA_ERR_RUNTIME_GET_LDEVID_CERT_FAILED);
}

static uint32_t rt_get_fmc_alias_cert(CaliptraRuntime *s,
                                      const CaliptraRtReq *r,
                                      uint8_t *resp, size_t *len)
{
    return rt_cert(s, resp, len, caliptra_identity_fmc_alias_cert,
                   CPTRA_ERR_RUNTIME_GET_FMC_ALIAS_CERT_FAILED);
}

static uint32_t rt_get_rt_alias_cert(CaliptraRuntime *s, const CaliptraRtReq *r,
                                     uint8_t *resp, size_t *len)
{
    return rt_cert(s, resp, len, caliptra_identity_rt_alias_cert,
                   CPTRA_ERR_RUNTIME_GET_RT_ALIAS_CERT_FAILED);
}

/* QuotePcrsResp: pcrs[32], nonce, digest, reset_ctrs[32], r, s */
#define QUOTE_PCRS              0
#define QUOTE_NONCE             (QUOTE_PCRS + \
                                 CALIPTRA_PCR_COUNT * CALIPTRA_PCR_LEN)
#define QUOTE_DIGEST            (QUOTE_NONCE + CALIPTRA_PCR_NONCE)
#define QUOTE_RESET_CTRS        (QUOTE_DIGEST + 48)
#define QUOTE_SIG_R             (QUOTE_RESET_CTRS + 4 * CALIPTRA_PCR_COUNT)
#define QUOTE_SIG_S             (QUOTE_SIG_R + 48)
#define QUOTE_SIZE              (QUOTE_SIG_S + 48)

/* Signed by the PCR quoting key: the FMC alias key, as on hardware */
static uint32_t rt_quote_pcrs(CaliptraRuntime *s, const CaliptraRtReq *r,
                              uint8_t *resp, size_t *len)
{
    uint8_t *q = resp + HDR;

    /* QuotePcrsReq taken whole, or INVALID_PARAMS (runtime/src/pcr.rs) */
    if (r->len != CALIPTRA_MSG_REQ_HDR + CALIPTRA_PCR_NONCE) {
        return CPTRA_ERR_RUNTIME_MAILBOX_INVALID_PARAMS;
    }
    memcpy(q + QUOTE_PCRS, s->dv->pcrs, sizeof(s->dv->pcrs));
    memcpy(q + QUOTE_NONCE, r->data + 4, CALIPTRA_PCR_NONCE);
    caliptra_pcr_quote_digest(s->dv->pcrs, r->data + 4, q + QUOTE_DIGEST);
    for (int i = 0; i < CALIPTRA_PCR_COUNT; i++) {
        stl_le_p(q + QUOTE_RESET_CTRS + 4 * i, s->dv->pcr_reset_ctr[i]);
    }
    if (!caliptra_ecdsa_p384_sign(s->kv->fmc_alias_priv, q + QUOTE_DIGEST,
                                  q + QUOTE_SIG_R, q + QUOTE_SIG_S)) {
        return CPTRA_ERR_RUNTIME_INTERNAL;
    }
    *len = HDR + QUOTE_SIZE;
    return 0;
}

/* ExtendPcrReq: pcr_idx, data[48]; PCR0..3 are the ROM's and FMC's */
static uint32_t rt_extend_pcr(CaliptraRuntime *s, const CaliptraRtReq *r,
                              uint8_t *resp, size_t *len)
{
    uint32_t idx = ldl_le_p(r->data + 4);

    if (idx > UINT8_MAX) {
        return CPTRA_ERR_RUNTIME_MAILBOX_INVALID_PARAMS;
    }
    if (idx >= CALIPTRA_PCR_COUNT) {
        return CPTRA_ERR_RUNTIME_PCR_INVALID_INDEX;
    }
    if (idx < CALIPTRA_PCR_FIRST_FREE) {
        return CPTRA_ERR_RUNTIME_PCR_RESERVED;
    }
    caliptra_pcr_extend(s->dv->pcrs[idx], r->data + 8, CALIPTRA_PCR_LEN);
    *len = HDR;
    return 0;
}

static uint32_t rt_increment_pcr_reset_counter(CaliptraRuntime *s,
                                               const CaliptraRtReq *r,
                                               uint8_t *resp, size_t *len)
{
    uint32_t idx = ldl_le_p(r->data + 4);

    if (idx >= CALIPTRA_PCR_COUNT) {
        return CPTRA_ERR_RUNTIME_MAILBOX_INVALID_PARAMS;
    }
    if (s->dv->pcr_reset_ctr[idx] == UINT32_MAX) {
        return CPTRA_ERR_RUNTIME_PCR_RESET_MAX_REACHED;
    }
    s->dv->pcr_reset_ctr[idx]++;
    *len = HDR;
    return 0;
}

static uint32_t rt_disable_attestation(CaliptraRuntime *s,
                                       const CaliptraRtReq *r,
                                       uint8_t *resp, size_t *len)
{
    caliptra_rt_disable_attestation(s);
    *len = HDR;
    return 0;
}

/* The CSR of the manufacturing flow, if the ROM made one */
static uint32_t rt_get_idevid_csr(CaliptraRuntime *s, const CaliptraRtReq *r,
                                  uint8_t *resp, size_t *len)
{
    size_t n;

    /* GetIdevCsrReq taken whole (runtime/src/get_idev_csr.rs) */
    if (r->len != CALIPTRA_MSG_REQ_HDR) {
        return CPTRA_ERR_RUNTIME_MAILBOX_INVALID_PARAMS;
    }
    if (!s->dv->idevid_csr_provisioned) {
        return CPTRA_ERR_RUNTIME_GET_IDEV_ID_UNPROVISIONED;
    }
    n = caliptra_identity_idevid_csr(&CALIPTRA_IDENTITY_ENV(s), resp + HDR + 4,
                                     CALIPTRA_IDEV_CSR_MAX);
    memset(resp + HDR + 4 + n, 0, CALIPTRA_IDEV_CSR_MAX - n);
    stl_le_p(resp + HDR, n);
    *len = CALIPTRA_IDEV_CSR_RESP_SIZE;
    return 0;
}

/*
 * GetFmcAliasCsrResp, sent whole like GET_IDEVID_CSR's. The FMC makes the
 * CSR on every cold boot before runtime can run, so it is always there.
 */
static uint32_t rt_get_fmc_alias_csr(CaliptraRuntime *s, const CaliptraRtReq *r,
                                     uint8_t *resp, size_t *len)
{
    size_t n = caliptra_identity_fmc_alias_csr(&CALIPTRA_IDENTITY_ENV(s),
                                               resp + HDR + 4,
                                               CALIPTRA_IDEV_CSR_MAX);

    if (!n) {
        return CPTRA_ERR_RUNTIME_INTERNAL;
    }
    stl_le_p(resp + HDR, n);
    *len = CALIPTRA_IDEV_CSR_RESP_SIZE;
    return 0;
}

/*
 * FwInfoResp. The model has no ROM image: rom_revision and
 * rom_sha256_digest read as zeros. Digests and the owner key hash are in
 * the manifest's word format (each 32-bit word of the digest stored
 * little-endian).
 */
static uint32_t rt_fw_info(CaliptraRuntime *s, const CaliptraRtReq *r,
                           uint8_t *resp, size_t *len)
{
    uint8_t *p = resp + HDR;

    stl_le_p(p, s->fw->pl0_pauser);
    stl_le_p(p + 4, s->fw->rt_svn);
    stl_le_p(p + 8, s->dv->rt_min_svn);
    stl_le_p(p + 12, s->fw->fmc_svn);
    stl_le_p(p + 16, s->dv->attestation_disabled);
    memcpy(p + 40, s->fw->fmc_revision, 20);
    memcpy(p + 60, s->fw->rt_revision, 20);
    memcpy(p + 112, s->fw->fmc_digest_words, 48);
    memcpy(p + 160, s->fw->rt_digest_words, 48);
    for (int i = 0; i < 48; i += 4) {
        stl_le_p(p + 208 + i, ldl_be_p(s->dv->dv_owner_pk_digest + i));
    }
    *len = HDR + 256;
    return 0;
}

/*
 * The manufacturer's IDevID certificate is not kept in Caliptra 1.2: the
 * SoC stores its TBS and signature, and runtime assembles the DER. A
 * short request reads as zero-padded, as in caliptra-sw.
 */
static uint32_t rt_get_idev_cert(CaliptraRuntime *s, const CaliptraRtReq *r,
                                 uint8_t *resp, size_t *len)
{
    uint8_t req[IDEV_CERT_REQ_SIZE] = { 0 };
    uint32_t tbs_size;
    size_t n;

    if (r->len > sizeof(req)) {
        return CPTRA_ERR_RUNTIME_INSUFFICIENT_MEMORY;
    }
    memcpy(req, r->data, r->len);
    tbs_size = ldl_le_p(req + IDEV_CERT_REQ_TBS_SIZE);
    if (tbs_size > IDEV_CERT_TBS_MAX) {
        return CPTRA_ERR_RUNTIME_MAILBOX_INVALID_PARAMS;
    }
    n = caliptra_cert_assemble(req + IDEV_CERT_REQ_TBS, tbs_size,
                               req + IDEV_CERT_REQ_SIG_R,
                               req + IDEV_CERT_REQ_SIG_S,
                               resp + HDR + 4, IDEV_CERT_MAX);
    if (!n) {
        return CPTRA_ERR_RUNTIME_GET_IDEVID_CERT_FAILED;
    }
    stl_le_p(resp + HDR, n);
    *len = HDR + 4 + n;
    return 0;
}

static uint32_t rt_set_auth_manifest(CaliptraRuntime *s, const CaliptraRtReq *r,
                                     uint8_t *resp, size_t *len)
{
    bool lms = caliptra_uc_soc(s->uc, A_FUSE_LMS_VERIFY) & 1;

    *len = HDR;
    return caliptra_set_auth_manifest(s, lms, r->data, r->len);
}

static uint32_t rt_authorize_and_stash(CaliptraRuntime *s,
                                       const CaliptraRtReq *r,
                                       uint8_t *resp, size_t *len)
{
    uint32_t result, err;

    err = caliptra_authorize_and_stash(s, r->data, &result);
    stl_le_p(resp + HDR, result);
    *len = HDR + 4;
    return err;
}

static const RtCmd rt_cmds[] = {
    /*
     * 1.2 looks at none of these requests (runtime/src/lib.rs hands them
     * no bytes): any length with a good checksum goes
     */
    { CALIPTRA_CMD_CAPABILITIES, 0, rt_capabilities },
    { CALIPTRA_CMD_VERSION, 0, rt_version },
    { CALIPTRA_CMD_ECDSA384_VERIFY, CALIPTRA_ECDSA_REQ_SIZE,
      rt_ecdsa384_verify },
    { CALIPTRA_CMD_LMS_VERIFY, CALIPTRA_LMS_REQ_SIZE, rt_lms_verify },
    { CALIPTRA_CMD_SELF_TEST_START, 0, rt_self_test_start },
    { CALIPTRA_CMD_SELF_TEST_GET_RESULTS, 0, rt_self_test_get_results },
    { CALIPTRA_CMD_SHUTDOWN, 0, rt_shutdown },
    { CALIPTRA_CMD_GET_IDEV_INFO, 0, rt_get_idev_info },
    { CALIPTRA_CMD_FW_INFO, 0, rt_fw_info },
    { CALIPTRA_CMD_GET_IDEV_CERT, 0, rt_get_idev_cert },
    { CALIPTRA_CMD_GET_LDEV_CERT, 0, rt_get_ldev_cert },
    { CALIPTRA_CMD_GET_FMC_ALIAS_CERT, 0, rt_get_fmc_alias_cert },
    { CALIPTRA_CMD_GET_RT_ALIAS_CERT, 0, rt_get_rt_alias_cert },
    { CALIPTRA_CMD_DISABLE_ATTESTATION, 0, rt_disable_attestation },
    { CALIPTRA_CMD_GET_FMC_ALIAS_CSR, 0, rt_get_fmc_alias_csr },
    /* Their sizes are checked inside: 1.2 reports them differently */
    { CALIPTRA_CMD_GET_IDEV_CSR, 0, rt_get_idevid_csr },
    { CALIPTRA_CMD_QUOTE_PCRS, 0, rt_quote_pcrs },
    { CALIPTRA_CMD_EXTEND_PCR, 4 + 4 + CALIPTRA_PCR_LEN, rt_extend_pcr },
    { CALIPTRA_CMD_INCREMENT_PCR_RESET_COUNTER, 4 + 4,
      rt_increment_pcr_reset_counter },
    { CALIPTRA_CMD_SET_AUTH_MANIFEST, 0, rt_set_auth_manifest },
    { CALIPTRA_CMD_AUTHORIZE_AND_STASH, CALIPTRA_AAS_REQ_SIZE,
      rt_authorize_and_stash },
    { CALIPTRA_CMD_INVOKE_DPE, 0, caliptra_rt_invoke_dpe },
    { CALIPTRA_CMD_STASH_MEASUREMENT, CALIPTRA_RT_STASH_MEASUREMENT_SIZE,
      caliptra_rt_stash_measurement },
    { CALIPTRA_CMD_DPE_TAG_TCI, CALIPTRA_RT_TAG_TCI_SIZE, caliptra_rt_tag_tci },
    { CALIPTRA_CMD_DPE_GET_TAGGED_TCI, CALIPTRA_RT_GET_TAGGED_TCI_SIZE,
      caliptra_rt_get_tagged_tci },
    { CALIPTRA_CMD_CERTIFY_KEY_EXTENDED, CALIPTRA_RT_CERTIFY_KEY_EXT_SIZE,
      caliptra_rt_certify_key_extended },
    { CALIPTRA_CMD_ADD_SUBJECT_ALT_NAME, 0, caliptra_rt_add_subject_alt_name },
    { CALIPTRA_CMD_POPULATE_IDEV_CERT, 0, caliptra_rt_populate_idev_cert },
    /* Its size is checked inside: 1.2 reports it differently */
    { CALIPTRA_CMD_SIGN_WITH_EXPORTED_ECDSA, 0,
      caliptra_rt_sign_with_exported_ecdsa },
};

static void rt_fail(CaliptraRuntime *s, uint32_t code)
{
    trace_caliptra_runtime_error(code);
    caliptra_soc_ifc_fw_error(s->uc->soc_ifc, false, code);
    caliptra_mbox_uc_respond(s->uc->mbox, CALIPTRA_MBOX_CMD_FAILURE, NULL, 0);
}

static void rt_dispatch(CaliptraRuntime *s)
{
    CaliptraMbox *mbox = s->uc->mbox;
    uint32_t cmd = caliptra_mbox_uc_cmd(mbox);
    uint32_t dlen = caliptra_mbox_uc_dlen(mbox);
    g_autofree uint8_t *req = NULL;
    const RtCmd *rc = NULL;
    g_autofree uint8_t *resp = g_malloc0(RT_MAX_RESPONSE);
    size_t len = 0;
    uint32_t err;

    trace_caliptra_runtime_cmd(cmd, dlen);
    caliptra_soc_ifc_fw_error(s->uc->soc_ifc, false, 0);

    if (caliptra_mbox_uc_user(mbox) == 0xffffffff) {
        rt_fail(s, CPTRA_ERR_RUNTIME_CMD_RESERVED_PAUSER);
        return;
    }
    if (dlen < CALIPTRA_MSG_REQ_HDR) {
        rt_fail(s, CPTRA_ERR_RUNTIME_MAILBOX_INVALID_PARAMS);
        return;
    }
    /* Compared in bytes: rounding DLEN up to words would wrap near 4 GiB */
    if (dlen > RT_MAX_REQUEST_WORDS * 4) {
        rt_fail(s, CPTRA_ERR_RUNTIME_INSUFFICIENT_MEMORY);
        return;
    }
    req = g_malloc(dlen);
    caliptra_mbox_uc_read(mbox, req, dlen);
    if (!caliptra_msg_checksum_ok(cmd, req, dlen)) {
        rt_fail(s, CPTRA_ERR_RUNTIME_INVALID_CHECKSUM);
        return;
    }
    for (int i = 0; i < ARRAY_SIZE(rt_cmds); i++) {
        if (rt_cmds[i].id == cmd) {
            rc = &rt_cmds[i];
        }
    }
    if (!rc) {
        qemu_log_mask(LOG_GUEST_ERROR, "caliptra-runtime: command 0x%08x "
                      "is not one of Caliptra 1.2's\n", cmd);
        rt_fail(s, CPTRA_ERR_RUNTIME_UNIMPLEMENTED_COMMAND);
        return;
    }
    /* Fixed-size requests are taken whole or not at all */
    if (rc->size && dlen != rc->size) {
        rt_fail(s, CPTRA_ERR_RUNTIME_INSUFFICIENT_MEMORY);
        return;
    }
    err = rc->handler(s, &(CaliptraRtReq) { .data = req, .len = dlen },
                      resp, &len);
    if (err) {
        rt_fail(s, err);
        return;
    }
    caliptra_msg_respond(mbox, resp, len);
    if (cmd == CALIPTRA_CMD_SHUTDOWN) {
        /* Engines zeroized; Caliptra stops with RUNTIME_SHUTDOWN */
        caliptra_uc_fatal(s->uc, CPTRA_ERR_RUNTIME_SHUTDOWN);
    }
}

void caliptra_runtime_cmd(CaliptraRuntime *s)
{
    /* Acknowledge the command interrupt, then work under the watchdog */
    caliptra_soc_ifc_intr_ack(s->uc->soc_ifc, CALIPTRA_INTR_NOTIF_CMD_AVAIL);
    caliptra_uc_wdt_command(s->uc);
    rt_dispatch(s);
    caliptra_uc_wdt_stop(s->uc);
}

bool caliptra_runtime_start(CaliptraRuntime *s, CaliptraResetFlow flow)
{
    s->self_test_pending = false;
    caliptra_soc_ifc_set_fw_rev(s->uc->soc_ifc, 1, s->dv->rt_version);
    if (!caliptra_rt_dpe_start(s, flow)) {
        return false;
    }
    caliptra_uc_boot_status(s->uc, BOOT_RT_READY_FOR_COMMANDS);
    caliptra_soc_ifc_set_flow_status(s->uc->soc_ifc,
                                     CALIPTRA_FLOW_READY_FOR_RUNTIME, ~0u);
    trace_caliptra_runtime_ready();
    return true;
}

void caliptra_runtime_reset(CaliptraRuntime *s)
{
    memset(s->auth_metadata, 0, sizeof(s->auth_metadata));
    memset(&s->dpe, 0, sizeof(s->dpe));
    memset(s->dpe_has_tag, 0, sizeof(s->dpe_has_tag));
    memset(s->dpe_tag, 0, sizeof(s->dpe_tag));
    s->self_test_pending = false;
    /* The exported CDI is a secret */
    caliptra_wipe(&s->dpe_export, sizeof(s->dpe_export));
    s->cert_chain_valid = false;
    memset(s->cert_chain, 0, sizeof(s->cert_chain));
    s->cert_chain_len = 0;
    memset(s->dmtf_device_info, 0, sizeof(s->dmtf_device_info));
    s->dmtf_device_info_len = 0;
    s->dmtf_device_info_set = false;
}

static int caliptra_runtime_post_load(void *opaque, int version_id)
{
    CaliptraRuntime *s = opaque;

    return s->cert_chain_len > CALIPTRA_CERT_CHAIN_MAX ||
           s->dmtf_device_info_len > CALIPTRA_DMTF_INFO_MAX ? -EINVAL : 0;
}

const VMStateDescription vmstate_caliptra_runtime = {
    .name = "caliptra-runtime",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = caliptra_runtime_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8_ARRAY(auth_metadata, CaliptraRuntime,
                            CALIPTRA_AUTH_METADATA_SIZE),
        VMSTATE_STRUCT(dpe, CaliptraRuntime, 1, vmstate_caliptra_dpe,
                       CaliptraDpe),
        VMSTATE_BOOL_ARRAY(dpe_has_tag, CaliptraRuntime,
                           CALIPTRA_DPE_MAX_HANDLES),
        VMSTATE_UINT32_ARRAY(dpe_tag, CaliptraRuntime,
                             CALIPTRA_DPE_MAX_HANDLES),
        VMSTATE_BOOL(self_test_pending, CaliptraRuntime),
        VMSTATE_STRUCT(dpe_export, CaliptraRuntime, 1,
                       vmstate_caliptra_dpe_export, CaliptraDpeExport),
        VMSTATE_BOOL(cert_chain_valid, CaliptraRuntime),
        VMSTATE_UINT8_ARRAY(cert_chain, CaliptraRuntime,
                            CALIPTRA_CERT_CHAIN_MAX),
        VMSTATE_UINT32(cert_chain_len, CaliptraRuntime),
        VMSTATE_UINT8_ARRAY(dmtf_device_info, CaliptraRuntime,
                            CALIPTRA_DMTF_INFO_MAX),
        VMSTATE_UINT32(dmtf_device_info_len, CaliptraRuntime),
        VMSTATE_BOOL(dmtf_device_info_set, CaliptraRuntime),
        VMSTATE_END_OF_LIST(),
    },
};
