/*
 * Caliptra 1.2: the to-be-signed parts of the ROM's certificates
 *
 * caliptra-sw builds its certificates from fixed templates (x509/build)
 * with fields pasted at fixed offsets. The same bytes come out of a small
 * DER writer here: each template is an ordinary X.509 structure with
 * fixed-size fields, so encoding it with minimal definite lengths gives
 * the template's exact layout. This file holds the 1.2 profile (names,
 * validity, extensions); a 2.x model brings its own.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "crypto/hash.h"
#include "caliptra-der.h"
#include "caliptra-x509.h"

static const uint8_t oid_ecdsa_sha384[] = {
    0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03 };
static const uint8_t oid_ec_public_key[] = {
    0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
static const uint8_t oid_secp384r1[] = { 0x2b, 0x81, 0x04, 0x00, 0x22 };
static const uint8_t oid_common_name[] = { 0x55, 0x04, 0x03 };
static const uint8_t oid_serial_number[] = { 0x55, 0x04, 0x05 };
static const uint8_t oid_basic_constraints[] = { 0x55, 0x1d, 0x13 };
static const uint8_t oid_key_usage[] = { 0x55, 0x1d, 0x0f };
static const uint8_t oid_subject_key_id[] = { 0x55, 0x1d, 0x0e };
static const uint8_t oid_authority_key_id[] = { 0x55, 0x1d, 0x23 };
/* tcg-dice-Ueid (TCG DICE certificate profile) */
static const uint8_t oid_tcg_ueid[] = { 0x67, 0x81, 0x05, 0x05, 0x04, 0x04 };
/* tcg-dice-TcbInfo and tcg-dice-MultiTcbInfo */
static const uint8_t oid_tcg_tcb_info[] = {
    0x67, 0x81, 0x05, 0x05, 0x04, 0x01 };
static const uint8_t oid_tcg_multi_tcb_info[] = {
    0x67, 0x81, 0x05, 0x05, 0x04, 0x05 };
static const uint8_t oid_sha384[] = {
    0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02 };
/* PKCS#9 extensionRequest */
static const uint8_t oid_extension_request[] = {
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0e };

/* caliptra-sw's x509 defaults: the LDevID certificate never expires */
static const char default_not_before[] = "20230101000000Z";
static const char default_not_after[] = "99991231235959Z";

#define KEY_USAGE_KEY_CERT_SIGN 0x04    /* bit 5, as the last byte */
#define KEY_USAGE_DIGITAL_SIG   0x80    /* bit 0 */
#define IDEVID_PATH_LEN         5
#define LDEVID_PATH_LEN         4
#define FMC_ALIAS_PATH_LEN      3
#define RT_ALIAS_PATH_LEN       2

/* SET { SEQUENCE { attribute type, string value } } */
static void x509_rdn(GByteArray *name, const uint8_t *oid, size_t oid_len,
                     uint8_t str_tag, const char *str)
{
    GByteArray *atv = caliptra_der_new(), *set = caliptra_der_new();

    caliptra_der_put(atv, DER_OID, oid, oid_len);
    caliptra_der_put(atv, str_tag, str, strlen(str));
    caliptra_der_wrap(set, DER_SEQUENCE, atv);
    caliptra_der_wrap(name, DER_SET, set);
}

void caliptra_x509_name(GByteArray *b, uint8_t cn_tag, const char *cn,
                        const char *serial)
{
    GByteArray *name = caliptra_der_new();

    x509_rdn(name, oid_common_name, sizeof(oid_common_name), cn_tag, cn);
    x509_rdn(name, oid_serial_number, sizeof(oid_serial_number),
             DER_PRINTABLE, serial);
    caliptra_der_wrap(b, DER_SEQUENCE, name);
}

/* Name: CN=<cn>, serialNumber=<hex of the key's SHA-256> */
static void x509_name(GByteArray *b, const char *cn, const CaliptraX509Key *k)
{
    caliptra_x509_name(b, DER_UTF8_STRING, cn, k->sn);
}

void caliptra_x509_default_validity(CaliptraX509Validity *v)
{
    memcpy(v->not_before, default_not_before, CALIPTRA_X509_TIME);
    memcpy(v->not_after, default_not_after, CALIPTRA_X509_TIME);
}

void caliptra_x509_alg_id(GByteArray *b)
{
    GByteArray *alg = caliptra_der_new();

    caliptra_der_put(alg, DER_OID, oid_ecdsa_sha384, sizeof(oid_ecdsa_sha384));
    caliptra_der_wrap(b, DER_SEQUENCE, alg);
}

void caliptra_x509_spki(GByteArray *b, const uint8_t pub[97])
{
    GByteArray *spki = caliptra_der_new(), *alg = caliptra_der_new();
    uint8_t bits[1 + 97] = { 0 };  /* no unused bits */

    caliptra_der_put(alg, DER_OID, oid_ec_public_key,
                     sizeof(oid_ec_public_key));
    caliptra_der_put(alg, DER_OID, oid_secp384r1, sizeof(oid_secp384r1));
    caliptra_der_wrap(spki, DER_SEQUENCE, alg);
    memcpy(bits + 1, pub, 97);
    caliptra_der_put(spki, DER_BIT_STRING, bits, sizeof(bits));
    caliptra_der_wrap(b, DER_SEQUENCE, spki);
}

/* Extension { extnID, critical (only when true), extnValue { @value } } */
static void x509_ext(GByteArray *exts, const uint8_t *oid, size_t oid_len,
                     bool critical, GByteArray *value)
{
    static const uint8_t true_val = 0xff;
    GByteArray *ext = caliptra_der_new();

    caliptra_der_put(ext, DER_OID, oid, oid_len);
    if (critical) {
        caliptra_der_put(ext, DER_BOOLEAN, &true_val, 1);
    }
    caliptra_der_wrap(ext, DER_OCTET_STRING, value);
    caliptra_der_wrap(exts, DER_SEQUENCE, ext);
}

/* The extensions every 1.2 DICE certificate and the CSR start with */
static void x509_ca_exts(GByteArray *exts, uint8_t path_len, uint8_t usage_bits,
                         const uint8_t ueid[CALIPTRA_X509_UEID])
{
    static const uint8_t true_val = 0xff;
    const uint8_t usage[] = { 2, usage_bits };      /* 2 unused bits */
    GByteArray *bc = caliptra_der_new(), *v = caliptra_der_new();
    GByteArray *ku = caliptra_der_new();
    GByteArray *u = caliptra_der_new(), *useq = caliptra_der_new();

    caliptra_der_put(bc, DER_BOOLEAN, &true_val, 1);
    caliptra_der_put(bc, DER_INTEGER, &path_len, 1);
    caliptra_der_wrap(v, DER_SEQUENCE, bc);
    x509_ext(exts, oid_basic_constraints, sizeof(oid_basic_constraints),
             true, v);

    caliptra_der_put(ku, DER_BIT_STRING, usage, sizeof(usage));
    x509_ext(exts, oid_key_usage, sizeof(oid_key_usage), true, ku);

    caliptra_der_put(useq, DER_OCTET_STRING, ueid, CALIPTRA_X509_UEID);
    caliptra_der_wrap(u, DER_SEQUENCE, useq);
    x509_ext(exts, oid_tcg_ueid, sizeof(oid_tcg_ueid), false, u);
}

static size_t x509_finish(GByteArray *tbs, uint8_t *out)
{
    size_t len = tbs->len;

    g_assert(len <= CALIPTRA_X509_TBS_MAX);
    memcpy(out, tbs->data, len);
    g_byte_array_free(tbs, true);
    return len;
}

static void hash(QCryptoHashAlgo alg, const void *data, size_t len,
                 uint8_t *out, size_t out_len)
{
    g_autofree uint8_t *digest = NULL;
    size_t dlen = 0;

    qcrypto_hash_bytes(alg, data, len, &digest, &dlen, &error_abort);
    memcpy(out, digest, MIN(dlen, out_len));
}

void caliptra_x509_key(CaliptraX509Key *k, const uint8_t xy[96],
                       int key_id_alg, const uint8_t *fuse_id)
{
    static const QCryptoHashAlgo key_id_hash[] = {
        [CALIPTRA_KEY_ID_SHA1] = QCRYPTO_HASH_ALGO_SHA1,
        [CALIPTRA_KEY_ID_SHA256] = QCRYPTO_HASH_ALGO_SHA256,
        [CALIPTRA_KEY_ID_SHA384] = QCRYPTO_HASH_ALGO_SHA384,
    };
    uint8_t sha256[32];

    k->pub[0] = 0x04;           /* uncompressed point */
    memcpy(k->pub + 1, xy, 96);
    hash(QCRYPTO_HASH_ALGO_SHA256, k->pub, sizeof(k->pub), sha256,
         sizeof(sha256));
    for (int i = 0; i < sizeof(sha256); i++) {
        snprintf(k->sn + 2 * i, 3, "%02X", sha256[i]);
    }
    if (key_id_alg == CALIPTRA_KEY_ID_FUSE) {
        memcpy(k->key_id, fuse_id, CALIPTRA_X509_KEY_ID);
    } else {
        hash(key_id_hash[key_id_alg], k->pub, sizeof(k->pub), k->key_id,
             CALIPTRA_X509_KEY_ID);
    }
    /* A positive 20-byte serial with a non-zero top byte */
    memcpy(k->serial, sha256, CALIPTRA_X509_KEY_ID);
    k->serial[0] = (k->serial[0] & 0x7f) | 0x04;
}

/*
 * CertificationRequestInfo of the ROM's and FMC's CSRs: caliptra-sw 1.2
 * builds both from the same template, path length 5 included
 */
static size_t x509_csr_tbs(const char *cn, const CaliptraX509Key *key,
                           const uint8_t ueid[CALIPTRA_X509_UEID],
                           uint8_t *out)
{
    const uint8_t version = 0;     /* PKCS#10 v1 */
    GByteArray *info = caliptra_der_new(), *tbs = caliptra_der_new();
    GByteArray *attr = caliptra_der_new(), *vals = caliptra_der_new();
    GByteArray *exts = caliptra_der_new();
    GByteArray *attrs = caliptra_der_new();

    caliptra_der_put(info, DER_INTEGER, &version, 1);
    x509_name(info, cn, key);
    caliptra_x509_spki(info, key->pub);

    x509_ca_exts(exts, IDEVID_PATH_LEN, KEY_USAGE_KEY_CERT_SIGN, ueid);
    caliptra_der_wrap(vals, DER_SEQUENCE, exts);
    caliptra_der_put(attr, DER_OID, oid_extension_request,
                     sizeof(oid_extension_request));
    caliptra_der_wrap(attr, DER_SET, vals);
    caliptra_der_wrap(attrs, DER_SEQUENCE, attr);
    caliptra_der_wrap(info, DER_CTX(0), attrs);

    caliptra_der_wrap(tbs, DER_SEQUENCE, info);
    return x509_finish(tbs, out);
}

size_t caliptra_x509_idevid_csr_tbs(const CaliptraX509Key *idev,
                                    const uint8_t ueid[CALIPTRA_X509_UEID],
                                    uint8_t *out)
{
    return x509_csr_tbs("Caliptra 1.0 IDevID", idev, ueid, out);
}

size_t caliptra_x509_fmc_alias_csr_tbs(const CaliptraX509Key *fmc,
                                       const uint8_t ueid[CALIPTRA_X509_UEID],
                                       uint8_t *out)
{
    return x509_csr_tbs("Caliptra 1.0 FMC Alias", fmc, ueid, out);
}

/*
 * TBSCertificate up to the subject's public key: v3, the subject's
 * serial, ecdsa-with-SHA384, issuer and subject names, validity
 */
static GByteArray *x509_cert_head(const char *issuer_cn,
                                  const CaliptraX509Key *issuer,
                                  const char *subject_cn,
                                  const CaliptraX509Key *subject,
                                  const CaliptraX509Validity *v)
{
    static const uint8_t v3 = 2;
    GByteArray *cert = caliptra_der_new(), *ver = caliptra_der_new();
    GByteArray *validity = caliptra_der_new();

    caliptra_der_put(ver, DER_INTEGER, &v3, 1);
    caliptra_der_wrap(cert, DER_CTX(0), ver);
    caliptra_der_put(cert, DER_INTEGER, subject->serial,
                     sizeof(subject->serial));
    caliptra_x509_alg_id(cert);
    x509_name(cert, issuer_cn, issuer);
    caliptra_der_put(validity, DER_GENERALIZED,
                     v ? v->not_before : default_not_before,
                     CALIPTRA_X509_TIME);
    caliptra_der_put(validity, DER_GENERALIZED,
                     v ? v->not_after : default_not_after,
                     CALIPTRA_X509_TIME);
    caliptra_der_wrap(cert, DER_SEQUENCE, validity);
    x509_name(cert, subject_cn, subject);
    caliptra_x509_spki(cert, subject->pub);
    return cert;
}

/* The key identifiers close the extensions, which close the TBS */
static size_t x509_cert_finish(GByteArray *cert, GByteArray *exts,
                               const CaliptraX509Key *issuer,
                               const CaliptraX509Key *subject, uint8_t *out)
{
    GByteArray *skid = caliptra_der_new(), *akid = caliptra_der_new();
    GByteArray *akid_seq = caliptra_der_new();
    GByteArray *ext_seq = caliptra_der_new(), *tbs = caliptra_der_new();

    caliptra_der_put(skid, DER_OCTET_STRING, subject->key_id,
                     sizeof(subject->key_id));
    x509_ext(exts, oid_subject_key_id, sizeof(oid_subject_key_id), false,
             skid);
    caliptra_der_put(akid_seq, DER_CTX_PRIM(0), issuer->key_id,
                     sizeof(issuer->key_id));
    caliptra_der_wrap(akid, DER_SEQUENCE, akid_seq);
    x509_ext(exts, oid_authority_key_id, sizeof(oid_authority_key_id), false,
             akid);
    caliptra_der_wrap(ext_seq, DER_SEQUENCE, exts);
    caliptra_der_wrap(cert, DER_CTX(3), ext_seq);
    caliptra_der_wrap(tbs, DER_SEQUENCE, cert);
    return x509_finish(tbs, out);
}

size_t caliptra_x509_ldevid_tbs(const CaliptraX509Key *idev,
                                const CaliptraX509Key *ldev,
                                const uint8_t ueid[CALIPTRA_X509_UEID],
                                uint8_t *out)
{
    GByteArray *cert = x509_cert_head("Caliptra 1.0 IDevID", idev,
                                      "Caliptra 1.0 LDevID", ldev, NULL);
    GByteArray *exts = caliptra_der_new();

    x509_ca_exts(exts, LDEVID_PATH_LEN, KEY_USAGE_KEY_CERT_SIGN, ueid);
    return x509_cert_finish(cert, exts, idev, ldev, out);
}

/*
 * TcbInfo (TCG DICE): svn, fwids { sha384, digest }, flags, type and
 * flagsMask, the optional ones when given. caliptra-sw's templates
 * encode the SVN as two bytes, 01 and the value: kept for byte identity.
 */
static void x509_tcb_info(GByteArray *list, uint8_t svn,
                          const uint8_t digest[48], const uint8_t *flags,
                          const char *type)
{
    static const uint8_t flags_mask[] = { 0, 0xd0, 0x00, 0x00, 0x01 };
    GByteArray *tcb = caliptra_der_new(), *fwid = caliptra_der_new();
    GByteArray *fwids = caliptra_der_new();
    const uint8_t svn_int[] = { 0x01, svn };

    caliptra_der_put(tcb, DER_CTX_PRIM(3), svn_int, sizeof(svn_int));
    caliptra_der_put(fwid, DER_OID, oid_sha384, sizeof(oid_sha384));
    caliptra_der_put(fwid, DER_OCTET_STRING, digest, 48);
    caliptra_der_wrap(fwids, DER_SEQUENCE, fwid);
    caliptra_der_wrap(tcb, DER_CTX(6), fwids);
    if (flags) {
        uint8_t bits[5] = { 0 };    /* no unused bits */

        memcpy(bits + 1, flags, 4);
        caliptra_der_put(tcb, DER_CTX_PRIM(7), bits, sizeof(bits));
    }
    caliptra_der_put(tcb, DER_CTX_PRIM(9), type, strlen(type));
    if (flags) {
        caliptra_der_put(tcb, DER_CTX_PRIM(10), flags_mask, sizeof(flags_mask));
    }
    caliptra_der_wrap(list, DER_SEQUENCE, tcb);
}

size_t caliptra_x509_fmc_alias_tbs(const CaliptraX509Key *ldev,
                                   const CaliptraX509Key *fmc,
                                   const uint8_t ueid[CALIPTRA_X509_UEID],
                                   const CaliptraX509Validity *v,
                                   const CaliptraX509FmcTcb *tcb,
                                   uint8_t *out)
{
    GByteArray *cert = x509_cert_head("Caliptra 1.0 LDevID", ldev,
                                      "Caliptra 1.0 FMC Alias", fmc, v);
    GByteArray *exts = caliptra_der_new(), *tcbs = caliptra_der_new();
    GByteArray *multi = caliptra_der_new();

    x509_ca_exts(exts, FMC_ALIAS_PATH_LEN, KEY_USAGE_KEY_CERT_SIGN, ueid);
    x509_tcb_info(tcbs, tcb->fuse_svn, tcb->device_info_hash, tcb->flags,
                  "DEVICE_INFO");
    x509_tcb_info(tcbs, tcb->fmc_svn, tcb->fmc_tci, NULL, "FMC_INFO");
    caliptra_der_wrap(multi, DER_SEQUENCE, tcbs);
    x509_ext(exts, oid_tcg_multi_tcb_info, sizeof(oid_tcg_multi_tcb_info),
             false, multi);
    return x509_cert_finish(cert, exts, ldev, fmc, out);
}

size_t caliptra_x509_rt_alias_tbs(const CaliptraX509Key *fmc,
                                  const CaliptraX509Key *rt,
                                  const uint8_t ueid[CALIPTRA_X509_UEID],
                                  const CaliptraX509Validity *v,
                                  uint8_t rt_svn, const uint8_t rt_tci[48],
                                  uint8_t *out)
{
    GByteArray *cert = x509_cert_head("Caliptra 1.0 FMC Alias", fmc,
                                      "Caliptra 1.0 Rt Alias", rt, v);
    GByteArray *exts = caliptra_der_new(), *tcb = caliptra_der_new();

    x509_ca_exts(exts, RT_ALIAS_PATH_LEN,
                 KEY_USAGE_DIGITAL_SIG | KEY_USAGE_KEY_CERT_SIGN, ueid);
    x509_tcb_info(tcb, rt_svn, rt_tci, NULL, "RT_INFO");
    x509_ext(exts, oid_tcg_tcb_info, sizeof(oid_tcg_tcb_info), false, tcb);
    return x509_cert_finish(cert, exts, fmc, rt, out);
}
