/*
 * Caliptra 1.2 runtime: the certificates and CSRs its DPE issues
 *
 * CertifyKey (and an exporting DeriveContext) certify a key derived for
 * a context (caliptra_dpe_issue): an X.509 certificate signed by the
 * runtime alias key, or a PKCS#10 CSR self-signed by the new key inside
 * a CMS SignedData signed by the runtime alias key. The layout is
 * caliptra-dpe's certificate writer's (the revision caliptra-sw 1.2
 * pins), which differs from the ROM's templates: a MultiTcbInfo with one
 * TcbInfo per context from the root down, critical DICE extensions,
 * explicit BOOLEANs even where DER would leave a FALSE out. Those
 * choices are kept for byte identity.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "caliptra-cert.h"
#include "caliptra-crypto.h"
#include "caliptra-der.h"
#include "caliptra-dpe.h"

static const uint8_t oid_sha384[] = {
    0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02 };
static const uint8_t oid_ecdsa_sha384[] = {
    0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03 };
/* TCG DICE: tcg-dice-MultiTcbInfo, tcg-dice-Ueid, and the two EKUs */
static const uint8_t oid_multi_tcb_info[] = {
    0x67, 0x81, 0x05, 0x05, 0x04, 0x05 };
static const uint8_t oid_ueid[] = { 0x67, 0x81, 0x05, 0x05, 0x04, 0x04 };
static const uint8_t oid_kp_eca[] = {
    0x67, 0x81, 0x05, 0x05, 0x04, 0x64, 0x0c };
static const uint8_t oid_kp_attest_loc[] = {
    0x67, 0x81, 0x05, 0x05, 0x04, 0x64, 0x09 };
static const uint8_t oid_basic_constraints[] = { 0x55, 0x1d, 0x13 };
static const uint8_t oid_key_usage[] = { 0x55, 0x1d, 0x0f };
static const uint8_t oid_ext_key_usage[] = { 0x55, 0x1d, 0x25 };
static const uint8_t oid_subject_key_id[] = { 0x55, 0x1d, 0x0e };
static const uint8_t oid_authority_key_id[] = { 0x55, 0x1d, 0x23 };
static const uint8_t oid_subject_alt_name[] = { 0x55, 0x1d, 0x11 };
/* DMTF's OID for the SPDM device information other name */
static const uint8_t oid_dmtf_device_info[] = {
    0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0x1c, 0x82, 0x12, 0x01 };
static const uint8_t oid_extension_request[] = {
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0e };
static const uint8_t oid_signed_data[] = {
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02 };
static const uint8_t oid_data[] = {
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01 };

#define CRITICAL        0xff
#define NOT_CRITICAL    0x00
#define KU_DIGITAL_SIG  0x80
#define KU_CERT_SIGN    0x04

/* Extension { extnID, critical (always written), extnValue { @value } } */
static void dpe_ext(GByteArray *exts, const uint8_t *oid, size_t oid_len,
                    uint8_t critical, GByteArray *value)
{
    GByteArray *ext = caliptra_der_new();

    caliptra_der_put(ext, DER_OID, oid, oid_len);
    caliptra_der_put(ext, DER_BOOLEAN, &critical, 1);
    caliptra_der_wrap(ext, DER_OCTET_STRING, value);
    caliptra_der_wrap(exts, DER_SEQUENCE, ext);
}

/* FWID { hashAlg sha384, digest } */
static void dpe_fwid(GByteArray *b, const uint8_t digest[CALIPTRA_DPE_HASH])
{
    GByteArray *fwid = caliptra_der_new();

    caliptra_der_put(fwid, DER_OID, oid_sha384, sizeof(oid_sha384));
    caliptra_der_put(fwid, DER_OCTET_STRING, digest, CALIPTRA_DPE_HASH);
    caliptra_der_wrap(b, DER_SEQUENCE, fwid);
}

/*
 * TcbInfo { fwids [6] (current, then cumulative when DPE supports
 * recursion), vendorInfo [8] (locality, big-endian), type [9] (the TCI
 * type as the context stores it: little-endian) }
 */
static void dpe_tcb_info(GByteArray *list, const CaliptraDpeContext *c,
                         bool recursive)
{
    GByteArray *tcb = caliptra_der_new(), *fwids = caliptra_der_new();
    uint8_t vendor_info[4], type[4];

    dpe_fwid(fwids, c->tci_current);
    if (recursive) {
        dpe_fwid(fwids, c->tci_cumulative);
    }
    caliptra_der_wrap(tcb, DER_CTX(6), fwids);
    stl_be_p(vendor_info, c->tci_locality);
    caliptra_der_put(tcb, DER_CTX_PRIM(8), vendor_info, 4);
    stl_le_p(type, c->tci_type);
    caliptra_der_put(tcb, DER_CTX_PRIM(9), type, 4);
    caliptra_der_wrap(list, DER_SEQUENCE, tcb);
}

static void dpe_extensions(GByteArray *exts, const CaliptraDpeCertInfo *ci,
                           bool x509)
{
    const uint8_t bc_ca = ci->is_ca ? 0xff : 0x00;
    const uint8_t ku_ca[] = { 2, KU_DIGITAL_SIG | KU_CERT_SIGN };
    const uint8_t ku_leaf[] = { 7, KU_DIGITAL_SIG };
    GByteArray *v, *seq;

    seq = caliptra_der_new();
    for (size_t i = 0; i < ci->n_nodes; i++) {
        dpe_tcb_info(seq, ci->nodes[i], ci->supports_recursive);
    }
    v = caliptra_der_new();
    caliptra_der_wrap(v, DER_SEQUENCE, seq);
    dpe_ext(exts, oid_multi_tcb_info, sizeof(oid_multi_tcb_info), CRITICAL, v);

    seq = caliptra_der_new();
    caliptra_der_put(seq, DER_OCTET_STRING, ci->ueid, ci->ueid_len);
    v = caliptra_der_new();
    caliptra_der_wrap(v, DER_SEQUENCE, seq);
    dpe_ext(exts, oid_ueid, sizeof(oid_ueid), CRITICAL, v);

    seq = caliptra_der_new();
    caliptra_der_put(seq, DER_BOOLEAN, &bc_ca, 1);
    v = caliptra_der_new();
    caliptra_der_wrap(v, DER_SEQUENCE, seq);
    dpe_ext(exts, oid_basic_constraints, sizeof(oid_basic_constraints),
            CRITICAL, v);

    v = caliptra_der_new();
    caliptra_der_put(v, DER_BIT_STRING, ci->is_ca ? ku_ca : ku_leaf, 2);
    dpe_ext(exts, oid_key_usage, sizeof(oid_key_usage), CRITICAL, v);

    seq = caliptra_der_new();
    if (ci->is_ca) {
        caliptra_der_put(seq, DER_OID, oid_kp_eca, sizeof(oid_kp_eca));
    } else {
        caliptra_der_put(seq, DER_OID, oid_kp_attest_loc,
                         sizeof(oid_kp_attest_loc));
    }
    v = caliptra_der_new();
    caliptra_der_wrap(v, DER_SEQUENCE, seq);
    dpe_ext(exts, oid_ext_key_usage, sizeof(oid_ext_key_usage), CRITICAL, v);

    if (x509 && ci->is_ca) {
        v = caliptra_der_new();
        caliptra_der_put(v, DER_OCTET_STRING, ci->ski, sizeof(ci->ski));
        dpe_ext(exts, oid_subject_key_id, sizeof(oid_subject_key_id),
                NOT_CRITICAL, v);
    }
    if (x509) {
        seq = caliptra_der_new();
        caliptra_der_put(seq, DER_CTX_PRIM(0), ci->aki, sizeof(ci->aki));
        v = caliptra_der_new();
        caliptra_der_wrap(v, DER_SEQUENCE, seq);
        dpe_ext(exts, oid_authority_key_id, sizeof(oid_authority_key_id),
                NOT_CRITICAL, v);
    }
    if (ci->other_name) {
        /* GeneralNames { otherName [0] { type-id, [0] { UTF8String } } } */
        GByteArray *value = caliptra_der_new(), *other = caliptra_der_new();

        caliptra_der_put(value, DER_UTF8_STRING, ci->other_name,
                         ci->other_name_len);
        caliptra_der_put(other, DER_OID, oid_dmtf_device_info,
                         sizeof(oid_dmtf_device_info));
        caliptra_der_wrap(other, DER_CTX(0), value);
        seq = caliptra_der_new();
        caliptra_der_wrap(seq, DER_CTX(0), other);
        v = caliptra_der_new();
        caliptra_der_wrap(v, DER_SEQUENCE, seq);
        dpe_ext(exts, oid_subject_alt_name, sizeof(oid_subject_alt_name),
                NOT_CRITICAL, v);
    }
}

/* Subject: CN "DPE Leaf" and the key's serial, both PrintableString */
static void dpe_subject(GByteArray *b, const CaliptraDpeCertInfo *ci)
{
    caliptra_x509_name(b, DER_PRINTABLE, "DPE Leaf", ci->serial);
}

GByteArray *caliptra_dpe_cert_tbs(const CaliptraDpeCertInfo *ci,
                                  const char *issuer_sn,
                                  const CaliptraX509Validity *v)
{
    static const uint8_t v3 = 2;
    GByteArray *cert = caliptra_der_new(), *ver = caliptra_der_new();
    GByteArray *validity = caliptra_der_new(), *exts = caliptra_der_new();
    GByteArray *ext_seq = caliptra_der_new(), *tbs = caliptra_der_new();

    caliptra_der_put(ver, DER_INTEGER, &v3, 1);
    caliptra_der_wrap(cert, DER_CTX(0), ver);
    /* The serial number: the first 20 hex digits of the subject serial */
    caliptra_der_put(cert, DER_INTEGER, ci->serial, CALIPTRA_X509_KEY_ID);
    caliptra_x509_alg_id(cert);
    caliptra_x509_name(cert, DER_UTF8_STRING, "Caliptra 1.0 Rt Alias",
                       issuer_sn);
    caliptra_der_put(validity, DER_GENERALIZED, v->not_before,
                     CALIPTRA_X509_TIME);
    caliptra_der_put(validity, DER_GENERALIZED, v->not_after,
                     CALIPTRA_X509_TIME);
    caliptra_der_wrap(cert, DER_SEQUENCE, validity);
    dpe_subject(cert, ci);
    caliptra_x509_spki(cert, ci->pub);
    dpe_extensions(exts, ci, true);
    caliptra_der_wrap(ext_seq, DER_SEQUENCE, exts);
    caliptra_der_wrap(cert, DER_CTX(3), ext_seq);
    caliptra_der_wrap(tbs, DER_SEQUENCE, cert);
    return tbs;
}

GByteArray *caliptra_dpe_csr_info(const CaliptraDpeCertInfo *ci)
{
    const uint8_t v1 = 0;       /* PKCS#10 v1 */
    GByteArray *info = caliptra_der_new(), *exts = caliptra_der_new();
    GByteArray *ext_seq = caliptra_der_new(), *set = caliptra_der_new();
    GByteArray *attr = caliptra_der_new(), *attrs = caliptra_der_new();
    GByteArray *out = caliptra_der_new();

    caliptra_der_put(info, DER_INTEGER, &v1, 1);
    dpe_subject(info, ci);
    caliptra_x509_spki(info, ci->pub);
    dpe_extensions(exts, ci, false);
    caliptra_der_wrap(ext_seq, DER_SEQUENCE, exts);
    caliptra_der_wrap(set, DER_SET, ext_seq);
    caliptra_der_put(attr, DER_OID, oid_extension_request,
                     sizeof(oid_extension_request));
    caliptra_der_wrap(attr, DER_SET, set);
    caliptra_der_wrap(attrs, DER_SEQUENCE, attr);
    caliptra_der_wrap(info, DER_CTX(0), attrs);
    caliptra_der_wrap(out, DER_SEQUENCE, info);
    return out;
}

static void dpe_alg(GByteArray *b, const uint8_t *oid, size_t len)
{
    GByteArray *alg = caliptra_der_new();

    caliptra_der_put(alg, DER_OID, oid, len);
    caliptra_der_wrap(b, DER_SEQUENCE, alg);
}

/*
 * ContentInfo { signedData, [0] SignedData { version 3, digestAlgorithms
 * { sha384 }, encapContentInfo { data, [0] { OCTET STRING csr } },
 * signerInfos { { version 3, sid, sha384, ecdsa-with-SHA384, signature }
 * } } }. The sid is written as caliptra-dpe writes it: a [0] primitive
 * tag around a whole OCTET STRING holding the key identifier.
 */
GByteArray *caliptra_dpe_cms(const GByteArray *csr, const uint8_t r[48],
                             const uint8_t s[48],
                             const uint8_t sid[CALIPTRA_X509_KEY_ID])
{
    static const uint8_t v3 = 3;
    GByteArray *sd = caliptra_der_new(), *set = caliptra_der_new();
    GByteArray *eci = caliptra_der_new(), *econtent = caliptra_der_new();
    GByteArray *si = caliptra_der_new(), *sid_tlv = caliptra_der_new();
    GByteArray *sig = caliptra_der_new(), *rs = caliptra_der_new();
    GByteArray *sis = caliptra_der_new(), *seq = caliptra_der_new();
    GByteArray *ci = caliptra_der_new(), *out = caliptra_der_new();

    caliptra_der_put(sd, DER_INTEGER, &v3, 1);
    dpe_alg(set, oid_sha384, sizeof(oid_sha384));
    caliptra_der_wrap(sd, DER_SET, set);

    caliptra_der_put(eci, DER_OID, oid_data, sizeof(oid_data));
    caliptra_der_put(econtent, DER_OCTET_STRING, csr->data, csr->len);
    caliptra_der_wrap(eci, DER_CTX(0), econtent);
    caliptra_der_wrap(sd, DER_SEQUENCE, eci);

    caliptra_der_put(si, DER_INTEGER, &v3, 1);
    caliptra_der_put(sid_tlv, DER_OCTET_STRING, sid, CALIPTRA_X509_KEY_ID);
    caliptra_der_wrap(si, DER_CTX_PRIM(0), sid_tlv);
    dpe_alg(si, oid_sha384, sizeof(oid_sha384));
    dpe_alg(si, oid_ecdsa_sha384, sizeof(oid_ecdsa_sha384));
    caliptra_der_uint(rs, r, 48);
    caliptra_der_uint(rs, s, 48);
    caliptra_der_wrap(sig, DER_SEQUENCE, rs);
    caliptra_der_wrap(si, DER_OCTET_STRING, sig);
    caliptra_der_wrap(sis, DER_SEQUENCE, si);
    caliptra_der_wrap(sd, DER_SET, sis);

    caliptra_der_wrap(seq, DER_SEQUENCE, sd);
    caliptra_der_put(ci, DER_OID, oid_signed_data, sizeof(oid_signed_data));
    caliptra_der_wrap(ci, DER_CTX(0), seq);
    caliptra_der_wrap(out, DER_SEQUENCE, ci);
    return out;
}

/* Hex digits of SHA-384(04 ‖ x ‖ y), first 64; SKI = its first 20 bytes */
static void dpe_key_names(const uint8_t pub[97], char serial[65],
                          uint8_t ski[CALIPTRA_X509_KEY_ID])
{
    uint8_t digest[CALIPTRA_DPE_HASH];

    caliptra_sha384(pub, 97, digest);
    for (int i = 0; i < 32; i++) {
        snprintf(serial + 2 * i, 3, "%02X", digest[i]);
    }
    memcpy(ski, digest, CALIPTRA_X509_KEY_ID);
}

static bool dpe_sign(const uint8_t d[48], const GByteArray *body,
                     uint8_t r[48], uint8_t s[48])
{
    uint8_t digest[CALIPTRA_DPE_HASH];

    caliptra_sha384(body->data, body->len, digest);
    return caliptra_ecdsa_p384_sign(d, digest, r, s);
}

size_t caliptra_dpe_issue(const CaliptraDpeEnv *env, CaliptraDpeCertInfo *ci,
                          const CaliptraEccKey *k, bool csr, uint8_t *out)
{
    g_autoptr(GByteArray) body = NULL;
    CaliptraX509Key issuer;
    uint8_t alias_pub[96], r[48], s[48];

    ci->pub[0] = 0x04;
    memcpy(ci->pub + 1, k->x, 48);
    memcpy(ci->pub + 1 + 48, k->y, 48);
    dpe_key_names(ci->pub, ci->serial, ci->ski);
    /* The issuer is the runtime alias key, named by its SHA-256 */
    memcpy(alias_pub, env->alias_pub, sizeof(alias_pub));
    caliptra_x509_key(&issuer, alias_pub, CALIPTRA_KEY_ID_SHA256, NULL);
    memcpy(ci->aki, issuer.key_id, sizeof(ci->aki));

    if (!csr) {
        body = caliptra_dpe_cert_tbs(ci, issuer.sn, &env->validity);
        if (!dpe_sign(env->alias_priv, body, r, s)) {
            return 0;
        }
        return caliptra_cert_assemble(body->data, body->len, r, s, out,
                                      CALIPTRA_DPE_MAX_CERT);
    } else {
        g_autoptr(GByteArray) req = g_byte_array_new();
        g_autoptr(GByteArray) cms = NULL;
        size_t n;

        /* The CSR is self-signed, the CMS around it by the alias key */
        body = caliptra_dpe_csr_info(ci);
        if (!dpe_sign(k->d, body, r, s)) {
            return 0;
        }
        g_byte_array_set_size(req, CALIPTRA_DPE_MAX_CERT);
        n = caliptra_cert_assemble(body->data, body->len, r, s, req->data,
                                   CALIPTRA_DPE_MAX_CERT);
        g_byte_array_set_size(req, n);
        if (!n || !dpe_sign(env->alias_priv, req, r, s)) {
            return 0;
        }
        cms = caliptra_dpe_cms(req, r, s, issuer.key_id);
        if (cms->len > CALIPTRA_DPE_MAX_CERT) {
            return 0;
        }
        memcpy(out, cms->data, cms->len);
        return cms->len;
    }
}
