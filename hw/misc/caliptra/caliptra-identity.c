/*
 * Caliptra 1.2: the ROM's identity certificates
 *
 * The ROM derives the IDevID and LDevID keys, and the FMC the alias keys
 * (caliptra-dice.c); here they become the IDevID CSR and the LDevID, FMC
 * alias and runtime alias certificates the runtime hands out, each
 * signed by its issuer's key as Caliptra signs them (RFC 6979), with the
 * identifiers the FUSE_IDEVID_CERT_ATTR fuses select. Signing is
 * deterministic, so computing them when asked gives the bytes the ROM
 * would have kept since boot: the fuses are locked by then.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qemu/cutils.h"
#include "qemu/host-utils.h"
#include "hw/misc/caliptra_soc_ifc.h"
#include "hw/misc/caliptra_regs.h"
#include "caliptra-cert.h"
#include "caliptra-crypto.h"
#include "caliptra-identity.h"
#include "caliptra-x509.h"

/* FUSE_IDEVID_CERT_ATTR (24 words), as the ROM reads it */
#define ATTR_KEY_ID_ALG             0   /* word 0, bits 1:0 */
#define ATTR_KEY_ID                 1   /* words 1..5: a fused key id */
#define ATTR_UEID_TYPE              6   /* word 6, low byte */
#define ATTR_UEID                   7   /* words 7..10 */

static uint32_t cert_attr(const CaliptraIdentityEnv *s, int word)
{
    return caliptra_uc_soc(s->uc, A_FUSE_IDEVID_CERT_ATTR + 4 * word);
}

/* The UEID extension: its type byte, then 16 fused bytes */
void caliptra_identity_ueid(const CaliptraIdentityEnv *s,
                            uint8_t ueid[CALIPTRA_X509_UEID])
{
    ueid[0] = cert_attr(s, ATTR_UEID_TYPE);
    for (int i = 0; i < 4; i++) {
        stl_le_p(ueid + 1 + 4 * i, cert_attr(s, ATTR_UEID + i));
    }
}

static void identity_idevid(const CaliptraIdentityEnv *s, CaliptraX509Key *k)
{
    uint8_t fused_id[CALIPTRA_X509_KEY_ID];

    for (int i = 0; i < CALIPTRA_X509_KEY_ID / 4; i++) {
        stl_le_p(fused_id + 4 * i, cert_attr(s, ATTR_KEY_ID + i));
    }
    caliptra_x509_key(k, s->kv->idevid_pub, cert_attr(s, ATTR_KEY_ID_ALG) & 3,
                      fused_id);
}

/* Sign @tbs with the issuer's key @d and wrap it; 0 if it cannot be done */
static size_t identity_sign(const uint8_t d[48], const uint8_t *tbs, size_t len,
                            uint8_t *out, size_t size)
{
    uint8_t digest[48], r[48], sig_s[48];

    caliptra_sha384(tbs, len, digest);
    if (!caliptra_ecdsa_p384_sign(d, digest, r, sig_s)) {
        return 0;
    }
    return caliptra_cert_assemble(tbs, len, r, sig_s, out, size);
}

/* The manifest's validity for the alias certificates, or the default */
static const CaliptraX509Validity *
identity_validity(const CaliptraIdentityEnv *s, CaliptraX509Validity *v)
{
    if (buffer_is_zero(s->dv->cert_not_before, CALIPTRA_DATE_SIZE)) {
        return NULL;
    }
    memcpy(v->not_before, s->dv->cert_not_before, sizeof(v->not_before));
    memcpy(v->not_after, s->dv->cert_not_after, sizeof(v->not_after));
    return v;
}

/* TcbInfo flags: fixed width, not configured, not secure, debug */
#define DICE_FLAG_NOT_CONFIGURED    (1u << 0)
#define DICE_FLAG_NOT_SECURE        (1u << 1)
#define DICE_FLAG_DEBUG             (1u << 3)
#define DICE_FLAG_FIXED_WIDTH       (1u << 31)

static void identity_tcb_flags(const CaliptraIdentityEnv *s, uint8_t out[4])
{
    uint32_t security = caliptra_uc_soc(s->uc, A_CPTRA_SECURITY_STATE);
    uint32_t flags = DICE_FLAG_FIXED_WIDTH;

    switch (security & 3) {
    case 0:
        flags |= DICE_FLAG_NOT_CONFIGURED;
        break;
    case 1:
        flags |= DICE_FLAG_NOT_SECURE;
        break;
    }
    if (!(security & 4)) {
        flags |= DICE_FLAG_DEBUG;
    }
    /* Encoded as a BIT STRING: flag 0 is the first bit */
    stl_be_p(out, revbit32(flags));
}

size_t caliptra_identity_fmc_alias_cert(const CaliptraIdentityEnv *s,
                                        uint8_t *out, size_t size)
{
    uint8_t tbs[CALIPTRA_X509_TBS_MAX], ueid[CALIPTRA_X509_UEID];
    CaliptraX509Key ldev, fmc;
    CaliptraX509Validity v;
    CaliptraX509FmcTcb tcb = {
        .fuse_svn = s->dv->dv_fmc_fuse_svn,
        .fmc_svn = s->fw->fmc_svn,
    };
    size_t len;

    caliptra_x509_key(&ldev, s->kv->ldevid_pub, CALIPTRA_KEY_ID_SHA256, NULL);
    caliptra_x509_key(&fmc, s->kv->fmc_alias_pub, CALIPTRA_KEY_ID_SHA256, NULL);
    caliptra_identity_ueid(s, ueid);
    memcpy(tcb.device_info_hash, s->dv->dv_device_info_hash, 48);
    memcpy(tcb.fmc_tci, s->dv->dv_fmc_digest, 48);
    identity_tcb_flags(s, tcb.flags);
    len = caliptra_x509_fmc_alias_tbs(&ldev, &fmc, ueid,
                                      identity_validity(s, &v), &tcb, tbs);
    return identity_sign(s->kv->ldevid_priv, tbs, len, out, size);
}

size_t caliptra_identity_rt_alias_cert(const CaliptraIdentityEnv *s,
                                       uint8_t *out, size_t size)
{
    uint8_t tbs[CALIPTRA_X509_TBS_MAX], ueid[CALIPTRA_X509_UEID];
    uint8_t rt_tci[48];
    CaliptraX509Key fmc, rt;
    CaliptraX509Validity v;
    size_t len;

    caliptra_x509_key(&fmc, s->kv->fmc_alias_pub, CALIPTRA_KEY_ID_SHA256, NULL);
    caliptra_x509_key(&rt, s->kv->rt_alias_pub, CALIPTRA_KEY_ID_SHA256, NULL);
    caliptra_identity_ueid(s, ueid);
    for (int i = 0; i < 48; i += 4) {
        stl_be_p(rt_tci + i, ldl_le_p(s->fw->rt_digest_words + i));
    }
    len = caliptra_x509_rt_alias_tbs(&fmc, &rt, ueid, identity_validity(s, &v),
                                     s->fw->rt_svn, rt_tci, tbs);
    return identity_sign(s->kv->fmc_alias_priv, tbs, len, out, size);
}

size_t caliptra_identity_ldevid_cert(const CaliptraIdentityEnv *s, uint8_t *out,
                                     size_t size)
{
    uint8_t tbs[CALIPTRA_X509_TBS_MAX], ueid[CALIPTRA_X509_UEID];
    CaliptraX509Key idev, ldev;
    size_t len;

    identity_idevid(s, &idev);
    caliptra_x509_key(&ldev, s->kv->ldevid_pub, CALIPTRA_KEY_ID_SHA256, NULL);
    caliptra_identity_ueid(s, ueid);
    len = caliptra_x509_ldevid_tbs(&idev, &ldev, ueid, tbs);
    return identity_sign(s->kv->idevid_priv, tbs, len, out, size);
}

size_t caliptra_identity_idevid_csr(const CaliptraIdentityEnv *s, uint8_t *out,
                                    size_t size)
{
    uint8_t tbs[CALIPTRA_X509_TBS_MAX], ueid[CALIPTRA_X509_UEID];
    CaliptraX509Key idev;
    size_t len;

    identity_idevid(s, &idev);
    caliptra_identity_ueid(s, ueid);
    len = caliptra_x509_idevid_csr_tbs(&idev, ueid, tbs);
    return identity_sign(s->kv->idevid_priv, tbs, len, out, size);
}

size_t caliptra_identity_fmc_alias_csr(const CaliptraIdentityEnv *s,
                                       uint8_t *out, size_t size)
{
    uint8_t tbs[CALIPTRA_X509_TBS_MAX], ueid[CALIPTRA_X509_UEID];
    CaliptraX509Key fmc;
    size_t len;

    caliptra_x509_key(&fmc, s->kv->fmc_alias_pub, CALIPTRA_KEY_ID_SHA256, NULL);
    caliptra_identity_ueid(s, ueid);
    len = caliptra_x509_fmc_alias_csr_tbs(&fmc, ueid, tbs);
    return identity_sign(s->kv->fmc_alias_priv, tbs, len, out, size);
}
