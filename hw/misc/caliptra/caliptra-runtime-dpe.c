/*
 * Caliptra 1.2 runtime firmware: DPE and the commands around it
 *
 * The runtime hosts one DPE (caliptra-dpe.c) over its own CDI and alias
 * key, and gates it by PAUSER privilege: the manifest names one PL0
 * PAUSER (when its flag bit 0 is set; otherwise every caller is PL1),
 * and each level may hold 16 contexts. As caliptra-sw 1.2's runtime
 * (runtime/src/{drivers,invoke_dpe,stash_measurement,tagging,
 * certify_key_extended,subject_alt_name,populate_idev,
 * sign_with_exported_ecdsa}.rs) does:
 *
 * - cold reset: DPE starts with a root context measuring the runtime
 *   journey PCR (PCR3), then a default context for the hash of the
 *   locked valid mailbox PAUSERs, moved to the PL0 locality, then one
 *   per measurement the ROM stashed;
 * - update reset: the root context's TCI becomes the new PCR3;
 * - warm reset: it must still equal PCR3, else attestation is disabled.
 *
 * The certificate chain DPE hands out is made anew each time runtime
 * starts: LDevID, FMC alias and runtime alias certificates, in front of
 * which POPULATE_IDEV_CERT may put the IDevID certificate.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qemu/cutils.h"
#include "qemu/log.h"
#include "hw/misc/caliptra_mbox.h"
#include "hw/misc/caliptra_soc_ifc.h"
#include "migration/vmstate.h"
#include "hw/misc/caliptra_regs.h"
#include "caliptra-crypto.h"
#include "caliptra-dpe.h"
#include "caliptra-error.h"
#include "caliptra-identity.h"
#include "caliptra-pcr.h"
#include "caliptra-runtime.h"
#include "trace.h"

#define HDR                         8       /* response: chksum, FIPS */
#define PL0_PAUSER_FLAG             1
#define PL_CONTEXT_THRESHOLD        16
#define CALIPTRA_LOCALITY           0xffffffff
#define MBOX_PAUSERS                5

/* InvokeDpeReq: header, data_size, data[512] */
#define INVOKE_DPE_DATA_MAX         512
#define INVOKE_DPE_REQ_SIZE         (4 + 4 + INVOKE_DPE_DATA_MAX)
/* AddSubjectAltNameReq, PopulateIdevCertReq: header, size, data */
#define ALT_NAME_REQ_SIZE           (4 + 4 + CALIPTRA_DMTF_INFO_MAX)
#define IDEV_CERT_MAX               1024
#define POPULATE_REQ_SIZE           (4 + 4 + IDEV_CERT_MAX)
#define CERTIFY_KEY_EXT_DMTF        (1u << 31)

#define STASH_FLAGS (CALIPTRA_DPE_DERIVE_MAKE_DEFAULT | \
                     CALIPTRA_DPE_DERIVE_CHANGE_LOCALITY | \
                     CALIPTRA_DPE_DERIVE_ALLOW_CA | \
                     CALIPTRA_DPE_DERIVE_ALLOW_X509)

static uint32_t rt_locality(CaliptraRuntime *s)
{
    return caliptra_mbox_uc_user(s->uc->mbox);
}

/* PL0: the manifest's PL0 PAUSER, if the manifest says it has one */
static bool rt_is_pl0(CaliptraRuntime *s)
{
    return (s->fw->manifest_flags & PL0_PAUSER_FLAG) &&
           rt_locality(s) == s->fw->pl0_pauser;
}

/*
 * LDevID, FMC alias and runtime alias certificates, in that order. 1.2
 * copies them from what ROM and FMC stored; here they are signed again
 * (deterministically, the same bytes), so only when first needed.
 */
static bool rt_cert_chain(CaliptraRuntime *s)
{
    CaliptraIdentityDoc *const certs[] = {
        caliptra_identity_ldevid_cert,
        caliptra_identity_fmc_alias_cert,
        caliptra_identity_rt_alias_cert,
    };
    CaliptraIdentityEnv env = CALIPTRA_IDENTITY_ENV(s);

    if (s->cert_chain_valid) {
        return true;
    }
    s->cert_chain_len = 0;
    for (int i = 0; i < ARRAY_SIZE(certs); i++) {
        size_t n = certs[i](&env, s->cert_chain + s->cert_chain_len,
                            CALIPTRA_CERT_CHAIN_MAX - s->cert_chain_len);

        if (!n) {
            return false;
        }
        s->cert_chain_len += n;
    }
    s->cert_chain_valid = true;
    return true;
}

/* What DPE sees of runtime; @ueid holds the platform's UEID */
static void rt_dpe_env(CaliptraRuntime *s, CaliptraDpeEnv *env,
                       uint32_t auto_init_locality,
                       uint8_t ueid[CALIPTRA_X509_UEID])
{
    *env = (CaliptraDpeEnv) {
        .cdi = s->kv->rt_alias_cdi,
        .alias_priv = s->kv->rt_alias_priv,
        .alias_pub = s->kv->rt_dice_pub,
        .auto_init_locality = auto_init_locality,
        .cert_chain = s->cert_chain,
        .cert_chain_len = s->cert_chain_len,
        .ueid = ueid,
        .export = &s->dpe_export,
    };
    caliptra_identity_ueid(&CALIPTRA_IDENTITY_ENV(s), ueid);
    if (buffer_is_zero(s->fw->dpe_not_before, sizeof(s->fw->dpe_not_before))) {
        caliptra_x509_default_validity(&env->validity);
    } else {
        memcpy(env->validity.not_before, s->fw->dpe_not_before,
               CALIPTRA_X509_TIME);
        memcpy(env->validity.not_after, s->fw->dpe_not_after,
               CALIPTRA_X509_TIME);
    }
}

/*
 * Each privilege level may hold 16 contexts; PL1 counts every context
 * outside the PL0 locality, the runtime's own root included
 */
static uint32_t rt_dpe_threshold(CaliptraRuntime *s, bool pl0)
{
    int used = 0, used_pl0 = 0, mine;

    for (int i = 0; i < CALIPTRA_DPE_MAX_HANDLES; i++) {
        const CaliptraDpeContext *c = &s->dpe.ctx[i];

        if (c->state != CALIPTRA_DPE_INACTIVE) {
            used++;
            used_pl0 += c->locality == s->fw->pl0_pauser;
        }
    }
    mine = pl0 ? used_pl0 : used - used_pl0;
    if (mine == PL_CONTEXT_THRESHOLD) {
        return pl0 ? CPTRA_ERR_RUNTIME_PL0_CONTEXT_THRESHOLD_REACHED :
                     CPTRA_ERR_RUNTIME_PL1_CONTEXT_THRESHOLD_REACHED;
    }
    if (mine > PL_CONTEXT_THRESHOLD) {
        return pl0 ? CPTRA_ERR_RUNTIME_PL0_CONTEXT_THRESHOLD_EXCEEDED :
                     CPTRA_ERR_RUNTIME_PL1_CONTEXT_THRESHOLD_EXCEEDED;
    }
    return 0;
}

/* Contexts DestroyContext freed lose their tags */
static void rt_clear_stale_tags(CaliptraRuntime *s)
{
    for (int i = 0; i < CALIPTRA_DPE_MAX_HANDLES; i++) {
        if (s->dpe.ctx[i].state == CALIPTRA_DPE_INACTIVE) {
            s->dpe_has_tag[i] = false;
            s->dpe_tag[i] = 0;
        }
    }
}

/* The runtime's own checks before DPE sees a command */
static uint32_t rt_dpe_gate(CaliptraRuntime *s, int id, const uint8_t *body)
{
    bool pl0 = rt_is_pl0(s);
    uint32_t flags, err;

    switch (id) {
    case CALIPTRA_DPE_INITIALIZE_CONTEXT:
        flags = ldl_le_p(body + CALIPTRA_DPE_INIT_FLAGS);
        return flags & CALIPTRA_DPE_INIT_SIMULATION ?
               rt_dpe_threshold(s, pl0) : 0;
    case CALIPTRA_DPE_DERIVE_CONTEXT:
        flags = ldl_le_p(body + CALIPTRA_DPE_DERIVE_FLAGS);
        err = flags & CALIPTRA_DPE_DERIVE_RECURSIVE ? 0 :
              rt_dpe_threshold(s, pl0);
        if (err) {
            return err;
        }
        if ((flags & CALIPTRA_DPE_DERIVE_CHANGE_LOCALITY) && !pl0 &&
            ldl_le_p(body + CALIPTRA_DPE_DERIVE_TARGET_LOCALITY) ==
            s->fw->pl0_pauser) {
            return CPTRA_ERR_RUNTIME_INCORRECT_PAUSER_PRIVILEGE;
        }
        if ((flags & CALIPTRA_DPE_DERIVE_EXPORT_CDI) && !pl0) {
            return CPTRA_ERR_RUNTIME_INCORRECT_PAUSER_PRIVILEGE;
        }
        return 0;
    case CALIPTRA_DPE_CERTIFY_KEY:
        return ldl_le_p(body + CALIPTRA_DPE_CERTIFY_FORMAT) ==
               CALIPTRA_DPE_FORMAT_X509 && !pl0 ?
               CPTRA_ERR_RUNTIME_INCORRECT_PAUSER_PRIVILEGE : 0;
    default:
        return 0;
    }
}

/*
 * INVOKE_DPE_COMMAND: a short request reads as zero-padded. DPE's own
 * errors are a successful mailbox answer carrying DPE's error status.
 */
uint32_t caliptra_rt_invoke_dpe(CaliptraRuntime *s, const CaliptraRtReq *r,
                                uint8_t *resp, size_t *len)
{
    uint8_t req[INVOKE_DPE_REQ_SIZE] = { 0 };
    uint8_t ueid[CALIPTRA_X509_UEID];
    g_autofree uint8_t *dpe_resp = NULL;
    const uint8_t *cmd = req + 8;
    CaliptraDpeEnv env;
    uint32_t size, err, status;
    size_t n;
    int id;

    if (r->len > sizeof(req)) {
        return CPTRA_ERR_RUNTIME_INSUFFICIENT_MEMORY;
    }
    memcpy(req, r->data, r->len);
    size = ldl_le_p(req + 4);
    if (size > INVOKE_DPE_DATA_MAX) {
        return CPTRA_ERR_RUNTIME_MAILBOX_INVALID_PARAMS;
    }
    id = caliptra_dpe_command_id(cmd, size);
    if (id < 0) {
        return CPTRA_ERR_RUNTIME_DPE_DESERIALIZATION_FAILED;
    }
    err = rt_dpe_gate(s, id, cmd + CALIPTRA_DPE_CMD_HDR);
    if (err) {
        return err;
    }
    if (!rt_cert_chain(s)) {
        return CPTRA_ERR_RUNTIME_CERT_CHAIN_CREATION_FAILED;
    }
    rt_dpe_env(s, &env, s->fw->pl0_pauser, ueid);
    dpe_resp = g_malloc(CALIPTRA_DPE_RESP_MAX);
    n = caliptra_dpe_execute(&s->dpe, &env, rt_locality(s), cmd, size,
                             dpe_resp, &status);
    trace_caliptra_runtime_dpe(id, rt_locality(s), status);
    if (id == CALIPTRA_DPE_DESTROY_CONTEXT) {
        rt_clear_stale_tags(s);
    }
    stl_le_p(resp + HDR, n);
    memcpy(resp + HDR + 4, dpe_resp, n);
    *len = HDR + 4 + n;
    return 0;
}

uint32_t caliptra_rt_stash(CaliptraRuntime *s, const uint8_t metadata[4],
                           const uint8_t measurement[48],
                           uint32_t *dpe_result)
{
    uint8_t ueid[CALIPTRA_X509_UEID];
    uint32_t locality = rt_locality(s);
    CaliptraDpeEnv env;
    uint32_t err;

    if (!rt_is_pl0(s)) {
        return CPTRA_ERR_RUNTIME_INCORRECT_PAUSER_PRIVILEGE;
    }
    err = rt_dpe_threshold(s, true);
    if (err) {
        return err;
    }
    rt_dpe_env(s, &env, s->fw->pl0_pauser, ueid);
    *dpe_result = caliptra_dpe_derive(&s->dpe, &env, locality, measurement,
                                      STASH_FLAGS, ldl_le_p(metadata),
                                      locality);
    if (*dpe_result == CALIPTRA_DPE_OK) {
        caliptra_pcr_extend(s->dv->pcrs[CALIPTRA_PCR_STASH], measurement,
                            CALIPTRA_PCR_LEN);
    }
    return 0;
}

/* StashMeasurementReq: header, metadata[4], measurement, context, svn */
uint32_t caliptra_rt_stash_measurement(CaliptraRuntime *s,
                                       const CaliptraRtReq *r,
                                       uint8_t *resp, size_t *len)
{
    uint32_t dpe_result, err;

    err = caliptra_rt_stash(s, r->data + 4, r->data + 8, &dpe_result);
    if (err) {
        return err;
    }
    stl_le_p(resp + HDR, dpe_result);
    *len = HDR + 4;
    return 0;
}

/* TagTciReq: header, handle[16], tag */
uint32_t caliptra_rt_tag_tci(CaliptraRuntime *s, const CaliptraRtReq *r,
                             uint8_t *resp, size_t *len)
{
    uint32_t tag = ldl_le_p(r->data + 20);
    int idx;

    for (int i = 0; i < CALIPTRA_DPE_MAX_HANDLES; i++) {
        if (s->dpe_has_tag[i] && s->dpe_tag[i] == tag) {
            return CPTRA_ERR_RUNTIME_DUPLICATE_TAG;
        }
    }
    idx = caliptra_dpe_find(&s->dpe, r->data + 4, rt_locality(s));
    if (idx < 0) {
        return CPTRA_ERR_RUNTIME_TAGGING_FAILURE;
    }
    if (s->dpe_has_tag[idx]) {
        return CPTRA_ERR_RUNTIME_CONTEXT_ALREADY_TAGGED;
    }
    s->dpe_has_tag[idx] = true;
    s->dpe_tag[idx] = tag;
    *len = HDR;
    return 0;
}

/* GetTaggedTciReq: header, tag; answer: cumulative and current TCI */
uint32_t caliptra_rt_get_tagged_tci(CaliptraRuntime *s, const CaliptraRtReq *r,
                                    uint8_t *resp, size_t *len)
{
    uint32_t tag = ldl_le_p(r->data + 4);

    for (int i = 0; i < CALIPTRA_DPE_MAX_HANDLES; i++) {
        if (s->dpe_has_tag[i] && s->dpe_tag[i] == tag) {
            const CaliptraDpeContext *c = &s->dpe.ctx[i];

            memcpy(resp + HDR, c->tci_cumulative, CALIPTRA_DPE_HASH);
            memcpy(resp + HDR + CALIPTRA_DPE_HASH, c->tci_current,
                   CALIPTRA_DPE_HASH);
            *len = HDR + 2 * CALIPTRA_DPE_HASH;
            return 0;
        }
    }
    return CPTRA_ERR_RUNTIME_TAGGING_FAILURE;
}

/*
 * CertifyKeyExtendedReq: header, flags, a CertifyKey command body (no DPE
 * header); with DMTF_OTHER_NAME the certificate carries the device
 * information ADD_SUBJECT_ALT_NAME stored, as a subjectAltName
 */
uint32_t caliptra_rt_certify_key_extended(CaliptraRuntime *s,
                                          const CaliptraRtReq *r,
                                          uint8_t *resp, size_t *len)
{
    uint8_t cmd[CALIPTRA_DPE_CMD_HDR + CALIPTRA_DPE_CERTIFY_KEY_SIZE];
    uint8_t ueid[CALIPTRA_X509_UEID];
    g_autofree uint8_t *dpe_resp = NULL;
    CaliptraDpeEnv env;
    uint32_t status;

    if (!rt_is_pl0(s)) {
        return CPTRA_ERR_RUNTIME_INCORRECT_PAUSER_PRIVILEGE;
    }
    if (!rt_cert_chain(s)) {
        return CPTRA_ERR_RUNTIME_CERT_CHAIN_CREATION_FAILED;
    }
    rt_dpe_env(s, &env, s->fw->pl0_pauser, ueid);
    if ((ldl_le_p(r->data + 4) & CERTIFY_KEY_EXT_DMTF) &&
        s->dmtf_device_info_set) {
        env.other_name = s->dmtf_device_info;
        env.other_name_len = s->dmtf_device_info_len;
    }
    /* DPE runs CertifyKey directly: frame it as the command it is */
    stl_le_p(cmd, 0x44504543);      /* "DPEC" */
    stl_le_p(cmd + 4, CALIPTRA_DPE_CERTIFY_KEY);
    stl_le_p(cmd + 8, CALIPTRA_DPE_PROFILE);
    memcpy(cmd + CALIPTRA_DPE_CMD_HDR, r->data + 8,
           CALIPTRA_DPE_CERTIFY_KEY_SIZE);
    dpe_resp = g_malloc(CALIPTRA_DPE_RESP_MAX);
    caliptra_dpe_execute(&s->dpe, &env, rt_locality(s), cmd, sizeof(cmd),
                         dpe_resp, &status);
    if (status != CALIPTRA_DPE_OK) {
        return CPTRA_ERR_RUNTIME_CERTIFY_KEY_EXTENDED_FAILED;
    }
    memcpy(resp + HDR, dpe_resp, CALIPTRA_DPE_RESP_MAX);
    *len = HDR + CALIPTRA_DPE_RESP_MAX;
    return 0;
}

/* The device information must be ASCII with exactly two colons */
static bool rt_dmtf_info_valid(const uint8_t *info, size_t len)
{
    int colons = 0;

    for (size_t i = 0; i < len; i++) {
        if (info[i] & 0x80) {
            return false;
        }
        colons += info[i] == ':';
    }
    return colons == 2;
}

uint32_t caliptra_rt_add_subject_alt_name(CaliptraRuntime *s,
                                          const CaliptraRtReq *r,
                                          uint8_t *resp, size_t *len)
{
    uint8_t req[ALT_NAME_REQ_SIZE] = { 0 };
    uint32_t size;

    if (r->len > sizeof(req)) {
        return CPTRA_ERR_RUNTIME_INSUFFICIENT_MEMORY;
    }
    memcpy(req, r->data, r->len);
    size = ldl_le_p(req + 4);
    if (size > CALIPTRA_DMTF_INFO_MAX) {
        return CPTRA_ERR_RUNTIME_MAILBOX_INVALID_PARAMS;
    }
    if (!rt_dmtf_info_valid(req + 8, size)) {
        qemu_log_mask(LOG_GUEST_ERROR, "caliptra-runtime: ADD_SUBJECT_ALT_NAME:"
                      " device information is not ASCII with two colons\n");
        return CPTRA_ERR_RUNTIME_DMTF_DEVICE_INFO_INVALID;
    }
    memcpy(s->dmtf_device_info, req + 8, size);
    s->dmtf_device_info_len = size;
    s->dmtf_device_info_set = true;
    *len = HDR;
    return 0;
}

/*
 * POPULATE_IDEV_CERT puts the SoC's IDevID certificate in front of the
 * chain, until runtime restarts. 1.2 only asks that the manifest names a
 * PL0 PAUSER, not that the caller is it.
 */
uint32_t caliptra_rt_populate_idev_cert(CaliptraRuntime *s,
                                        const CaliptraRtReq *r,
                                        uint8_t *resp, size_t *len)
{
    uint8_t req[POPULATE_REQ_SIZE] = { 0 };
    uint32_t size;

    if (r->len > sizeof(req)) {
        return CPTRA_ERR_RUNTIME_INSUFFICIENT_MEMORY;
    }
    memcpy(req, r->data, r->len);
    size = ldl_le_p(req + 4);
    if (size > IDEV_CERT_MAX) {
        return CPTRA_ERR_RUNTIME_MAILBOX_INVALID_PARAMS;
    }
    if (!(s->fw->manifest_flags & PL0_PAUSER_FLAG)) {
        return CPTRA_ERR_RUNTIME_INCORRECT_PAUSER_PRIVILEGE;
    }
    if (!rt_cert_chain(s)) {
        return CPTRA_ERR_RUNTIME_CERT_CHAIN_CREATION_FAILED;
    }
    if (size + s->cert_chain_len > CALIPTRA_CERT_CHAIN_MAX) {
        return CPTRA_ERR_RUNTIME_IDEV_CERT_POPULATION_FAILED;
    }
    memmove(s->cert_chain + size, s->cert_chain, s->cert_chain_len);
    memcpy(s->cert_chain, req + 8, size);
    s->cert_chain_len += size;
    *len = HDR;
    return 0;
}

/* SignWithExportedEcdsaReq: header, exported CDI handle[32], digest */
uint32_t caliptra_rt_sign_with_exported_ecdsa(CaliptraRuntime *s,
                                              const CaliptraRtReq *r,
                                              uint8_t *resp, size_t *len)
{
    uint8_t ueid[CALIPTRA_X509_UEID];
    CaliptraDpeEnv env;
    uint8_t *p = resp + HDR;

    if (r->len != CALIPTRA_RT_SIGN_EXPORTED_SIZE) {
        return CPTRA_ERR_RUNTIME_MAILBOX_INVALID_PARAMS;
    }
    if (!rt_is_pl0(s)) {
        return CPTRA_ERR_RUNTIME_INCORRECT_PAUSER_PRIVILEGE;
    }
    rt_dpe_env(s, &env, s->fw->pl0_pauser, ueid);
    /* Answer: public x, y, then r, s */
    if (!caliptra_dpe_sign_exported(&env, r->data + 4, r->data + 36, p,
                                    p + 96, p + 144)) {
        return CPTRA_ERR_RUNTIME_SIGN_EXPORTED_KEY_DERIVATION;
    }
    *len = HDR + 4 * 48;
    return 0;
}

/* SHA-384 of the mailbox PAUSERs the SoC locked */
static void rt_valid_pauser_hash(CaliptraRuntime *s, uint8_t digest[48])
{
    uint8_t buf[4 * MBOX_PAUSERS];
    size_t n = 0;

    for (int i = 0; i < MBOX_PAUSERS; i++) {
        if (caliptra_uc_soc(s->uc, A_CPTRA_MBOX_PAUSER_LOCK + 4 * i) &
            R_CPTRA_MBOX_PAUSER_LOCK_LOCK_MASK) {
            stl_le_p(buf + n, caliptra_uc_soc(s->uc,
                                  A_CPTRA_MBOX_VALID_PAUSER + 4 * i));
            n += 4;
        }
    }
    caliptra_sha384(buf, n, digest);
}

static uint32_t rt_dpe_init(CaliptraRuntime *s)
{
    uint8_t ueid[CALIPTRA_X509_UEID], pausers[48];
    CaliptraDpeEnv env;

    rt_dpe_env(s, &env, CALIPTRA_LOCALITY, ueid);
    env.ueid = NULL;
    memset(s->dpe_has_tag, 0, sizeof(s->dpe_has_tag));
    memset(s->dpe_tag, 0, sizeof(s->dpe_tag));
    if (caliptra_dpe_init(&s->dpe, &env, CALIPTRA_DPE_TCI_TYPE_RTJM,
                          s->dv->pcrs[CALIPTRA_PCR_FMC_JOURNEY])) {
        return CPTRA_ERR_RUNTIME_INITIALIZE_DPE_FAILED;
    }
    rt_valid_pauser_hash(s, pausers);
    if (caliptra_dpe_derive(&s->dpe, &env, CALIPTRA_LOCALITY, pausers,
                            STASH_FLAGS, CALIPTRA_DPE_TCI_TYPE_MBVP,
                            s->fw->pl0_pauser)) {
        return CPTRA_ERR_RUNTIME_ADD_VALID_PAUSER_FAILED;
    }
    for (int i = 0; i < s->dv->stash_count; i++) {
        if (caliptra_dpe_derive(&s->dpe, &env, s->fw->pl0_pauser,
                                s->dv->stash_meas[i], STASH_FLAGS,
                                ldl_le_p(s->dv->stash_meta[i]),
                                s->fw->pl0_pauser)) {
            return CPTRA_ERR_RUNTIME_ADD_ROM_MEASUREMENTS_FAILED;
        }
    }
    return 0;
}

void caliptra_rt_disable_attestation(CaliptraRuntime *s)
{
    caliptra_kv_zero_rt(s->kv);
    s->dv->attestation_disabled = true;
}

/*
 * DPE lives in runtime's persistent data, out of the SoC's reach: the
 * structure checks 1.2 runs after a warm or update reset cannot fail
 * here, and are not repeated.
 */
bool caliptra_rt_dpe_start(CaliptraRuntime *s, CaliptraResetFlow how)
{
    const uint8_t *journey = s->dv->pcrs[CALIPTRA_PCR_FMC_JOURNEY];
    uint32_t err = 0;
    int root;

    memset(&s->dpe_export, 0, sizeof(s->dpe_export));
    s->dmtf_device_info_set = false;
    s->dmtf_device_info_len = 0;
    s->cert_chain_valid = false;
    s->cert_chain_len = 0;
    if (how == CALIPTRA_FLOW_COLD) {
        err = rt_dpe_init(s);
    } else {
        root = caliptra_dpe_root(&s->dpe);
        if (root < 0) {
            err = CPTRA_ERR_RUNTIME_UNABLE_TO_FIND_DPE_ROOT;
        } else if (how == CALIPTRA_FLOW_UPDATE) {
            memcpy(s->dpe.ctx[root].tci_current, journey, CALIPTRA_PCR_LEN);
            memcpy(s->dpe.ctx[root].tci_cumulative, journey,
                   CALIPTRA_PCR_LEN);
        } else if (memcmp(s->dpe.ctx[root].tci_current, journey,
                          CALIPTRA_PCR_LEN)) {
            caliptra_rt_disable_attestation(s);
            caliptra_soc_ifc_fw_error(s->uc->soc_ifc, false,
                                      CPTRA_ERR_RUNTIME_JOURNEY_PCR_VALIDATION);
        }
    }
    if (err) {
        caliptra_uc_fatal(s->uc, err);
        return false;
    }
    return true;
}

/* Migration: DPE is runtime's persistent data, the export slot its RAM */
static const VMStateDescription vmstate_caliptra_dpe_context = {
    .name = "caliptra-dpe-context",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8_ARRAY(handle, CaliptraDpeContext, CALIPTRA_DPE_HANDLE),
        VMSTATE_UINT32(tci_type, CaliptraDpeContext),
        VMSTATE_UINT8_ARRAY(tci_cumulative, CaliptraDpeContext,
                            CALIPTRA_DPE_HASH),
        VMSTATE_UINT8_ARRAY(tci_current, CaliptraDpeContext,
                            CALIPTRA_DPE_HASH),
        VMSTATE_UINT32(tci_locality, CaliptraDpeContext),
        VMSTATE_UINT32(children, CaliptraDpeContext),
        VMSTATE_UINT32(locality, CaliptraDpeContext),
        VMSTATE_UINT8(parent_idx, CaliptraDpeContext),
        VMSTATE_UINT8(type, CaliptraDpeContext),
        VMSTATE_UINT8(state, CaliptraDpeContext),
        VMSTATE_BOOL(internal_info, CaliptraDpeContext),
        VMSTATE_BOOL(internal_dice, CaliptraDpeContext),
        VMSTATE_BOOL(allow_ca, CaliptraDpeContext),
        VMSTATE_BOOL(allow_x509, CaliptraDpeContext),
        VMSTATE_END_OF_LIST(),
    },
};

/*
 * The table must be a forest as DPE builds it: a stream with a child bit
 * that its child does not return (or a cycle) would make the descendant
 * walk of DestroyContext run away.
 */
static bool dpe_valid(void *opaque, int version_id)
{
    CaliptraDpe *dpe = opaque;

    for (int i = 0; i < CALIPTRA_DPE_MAX_HANDLES; i++) {
        const CaliptraDpeContext *c = &dpe->ctx[i];

        if (c->state > CALIPTRA_DPE_RETIRED ||
            c->type > CALIPTRA_DPE_SIMULATION ||
            (c->parent_idx >= CALIPTRA_DPE_MAX_HANDLES &&
             c->parent_idx != CALIPTRA_DPE_ROOT_INDEX)) {
            return false;
        }
        if (c->state == CALIPTRA_DPE_INACTIVE) {
            continue;
        }
        for (int j = 0; j < CALIPTRA_DPE_MAX_HANDLES; j++) {
            if ((c->children & (1u << j)) &&
                (dpe->ctx[j].state == CALIPTRA_DPE_INACTIVE ||
                 dpe->ctx[j].parent_idx != i)) {
                return false;
            }
        }
    }
    /* Every context reaches a root within the table's depth */
    for (int i = 0; i < CALIPTRA_DPE_MAX_HANDLES; i++) {
        int p = i, depth = 0;

        if (dpe->ctx[i].state == CALIPTRA_DPE_INACTIVE) {
            continue;
        }
        while (dpe->ctx[p].parent_idx != CALIPTRA_DPE_ROOT_INDEX) {
            p = dpe->ctx[p].parent_idx;
            if (++depth > CALIPTRA_DPE_MAX_HANDLES) {
                return false;
            }
        }
    }
    return true;
}

const VMStateDescription vmstate_caliptra_dpe = {
    .name = "caliptra-dpe",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT_ARRAY(ctx, CaliptraDpe, CALIPTRA_DPE_MAX_HANDLES, 1,
                             vmstate_caliptra_dpe_context,
                             CaliptraDpeContext),
        VMSTATE_BOOL(has_initialized, CaliptraDpe),
        VMSTATE_VALIDATE("DPE contexts are well-formed", dpe_valid),
        VMSTATE_END_OF_LIST(),
    },
};

const VMStateDescription vmstate_caliptra_dpe_export = {
    .name = "caliptra-dpe-export",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(used, CaliptraDpeExport),
        VMSTATE_UINT8_ARRAY(handle, CaliptraDpeExport,
                            CALIPTRA_DPE_EXPORTED_CDI),
        VMSTATE_UINT8_ARRAY(cdi, CaliptraDpeExport, CALIPTRA_DPE_HASH),
        VMSTATE_END_OF_LIST(),
    },
};
