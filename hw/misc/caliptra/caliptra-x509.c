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
#include "caliptra-x509.h"

#define DER_BOOLEAN         0x01
#define DER_INTEGER         0x02
#define DER_BIT_STRING      0x03
#define DER_OCTET_STRING    0x04
#define DER_OID             0x06
#define DER_UTF8_STRING     0x0c
#define DER_PRINTABLE       0x13
#define DER_GENERALIZED     0x18
#define DER_SEQUENCE        0x30
#define DER_SET             0x31
#define DER_CTX(n)          (0xa0 | (n))    /* constructed, context n */
#define DER_CTX_PRIM(n)     (0x80 | (n))    /* primitive, context n */

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

/* DER writer: a node is a GByteArray of its content */

static void der_put(GByteArray *b, uint8_t tag, const void *data, size_t len)
{
    uint8_t hdr[4] = { tag };
    size_t n;

    if (len < 0x80) {
        hdr[1] = len;
        n = 2;
    } else if (len < 0x100) {
        hdr[1] = 0x81;
        hdr[2] = len;
        n = 3;
    } else {
        hdr[1] = 0x82;
        hdr[2] = len >> 8;
        hdr[3] = len;
        n = 4;
    }
    g_byte_array_append(b, hdr, n);
    g_byte_array_append(b, data, len);
}

/* Append @inner to @b as one TLV, and free it */
static void der_wrap(GByteArray *b, uint8_t tag, GByteArray *inner)
{
    der_put(b, tag, inner->data, inner->len);
    g_byte_array_free(inner, true);
}

static GByteArray *der_new(void)
{
    return g_byte_array_new();
}

/* SET { SEQUENCE { attribute type, string value } } */
static void x509_rdn(GByteArray *name, const uint8_t *oid, size_t oid_len,
                     uint8_t str_tag, const char *str)
{
    GByteArray *atv = der_new(), *set = der_new();

    der_put(atv, DER_OID, oid, oid_len);
    der_put(atv, str_tag, str, strlen(str));
    der_wrap(set, DER_SEQUENCE, atv);
    der_wrap(name, DER_SET, set);
}

/* Name: CN=<cn>, serialNumber=<hex of the key's SHA-256> */
static void x509_name(GByteArray *b, const char *cn, const CaliptraX509Key *k)
{
    GByteArray *name = der_new();

    x509_rdn(name, oid_common_name, sizeof(oid_common_name),
             DER_UTF8_STRING, cn);
    x509_rdn(name, oid_serial_number, sizeof(oid_serial_number),
             DER_PRINTABLE, k->sn);
    der_wrap(b, DER_SEQUENCE, name);
}

static void x509_alg_id(GByteArray *b)
{
    GByteArray *alg = der_new();

    der_put(alg, DER_OID, oid_ecdsa_sha384, sizeof(oid_ecdsa_sha384));
    der_wrap(b, DER_SEQUENCE, alg);
}

static void x509_spki(GByteArray *b, const CaliptraX509Key *k)
{
    GByteArray *spki = der_new(), *alg = der_new();
    uint8_t bits[1 + sizeof(k->pub)] = { 0 };  /* no unused bits */

    der_put(alg, DER_OID, oid_ec_public_key, sizeof(oid_ec_public_key));
    der_put(alg, DER_OID, oid_secp384r1, sizeof(oid_secp384r1));
    der_wrap(spki, DER_SEQUENCE, alg);
    memcpy(bits + 1, k->pub, sizeof(k->pub));
    der_put(spki, DER_BIT_STRING, bits, sizeof(bits));
    der_wrap(b, DER_SEQUENCE, spki);
}

/* Extension { extnID, critical (only when true), extnValue { @value } } */
static void x509_ext(GByteArray *exts, const uint8_t *oid, size_t oid_len,
                     bool critical, GByteArray *value)
{
    static const uint8_t true_val = 0xff;
    GByteArray *ext = der_new();

    der_put(ext, DER_OID, oid, oid_len);
    if (critical) {
        der_put(ext, DER_BOOLEAN, &true_val, 1);
    }
    der_wrap(ext, DER_OCTET_STRING, value);
    der_wrap(exts, DER_SEQUENCE, ext);
}

/* The extensions every 1.2 DICE certificate and the CSR start with */
static void x509_ca_exts(GByteArray *exts, uint8_t path_len, uint8_t usage_bits,
                         const uint8_t ueid[CALIPTRA_X509_UEID])
{
    static const uint8_t true_val = 0xff;
    const uint8_t usage[] = { 2, usage_bits };      /* 2 unused bits */
    GByteArray *bc = der_new(), *v = der_new(), *ku = der_new();
    GByteArray *u = der_new(), *useq = der_new();

    der_put(bc, DER_BOOLEAN, &true_val, 1);
    der_put(bc, DER_INTEGER, &path_len, 1);
    der_wrap(v, DER_SEQUENCE, bc);
    x509_ext(exts, oid_basic_constraints, sizeof(oid_basic_constraints),
             true, v);

    der_put(ku, DER_BIT_STRING, usage, sizeof(usage));
    x509_ext(exts, oid_key_usage, sizeof(oid_key_usage), true, ku);

    der_put(useq, DER_OCTET_STRING, ueid, CALIPTRA_X509_UEID);
    der_wrap(u, DER_SEQUENCE, useq);
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

size_t caliptra_x509_idevid_csr_tbs(const CaliptraX509Key *idev,
                                    const uint8_t ueid[CALIPTRA_X509_UEID],
                                    uint8_t *out)
{
    const uint8_t version = 0;     /* PKCS#10 v1 */
    GByteArray *info = der_new(), *tbs = der_new();
    GByteArray *attr = der_new(), *vals = der_new(), *exts = der_new();
    GByteArray *attrs = der_new();

    der_put(info, DER_INTEGER, &version, 1);
    x509_name(info, "Caliptra 1.0 IDevID", idev);
    x509_spki(info, idev);

    x509_ca_exts(exts, IDEVID_PATH_LEN, KEY_USAGE_KEY_CERT_SIGN, ueid);
    der_wrap(vals, DER_SEQUENCE, exts);
    der_put(attr, DER_OID, oid_extension_request,
            sizeof(oid_extension_request));
    der_wrap(attr, DER_SET, vals);
    der_wrap(attrs, DER_SEQUENCE, attr);
    der_wrap(info, DER_CTX(0), attrs);

    der_wrap(tbs, DER_SEQUENCE, info);
    return x509_finish(tbs, out);
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
    GByteArray *cert = der_new(), *ver = der_new(), *validity = der_new();

    der_put(ver, DER_INTEGER, &v3, 1);
    der_wrap(cert, DER_CTX(0), ver);
    der_put(cert, DER_INTEGER, subject->serial, sizeof(subject->serial));
    x509_alg_id(cert);
    x509_name(cert, issuer_cn, issuer);
    der_put(validity, DER_GENERALIZED, v ? v->not_before : default_not_before,
            CALIPTRA_X509_TIME);
    der_put(validity, DER_GENERALIZED, v ? v->not_after : default_not_after,
            CALIPTRA_X509_TIME);
    der_wrap(cert, DER_SEQUENCE, validity);
    x509_name(cert, subject_cn, subject);
    x509_spki(cert, subject);
    return cert;
}

/* The key identifiers close the extensions, which close the TBS */
static size_t x509_cert_finish(GByteArray *cert, GByteArray *exts,
                               const CaliptraX509Key *issuer,
                               const CaliptraX509Key *subject, uint8_t *out)
{
    GByteArray *skid = der_new(), *akid = der_new(), *akid_seq = der_new();
    GByteArray *ext_seq = der_new(), *tbs = der_new();

    der_put(skid, DER_OCTET_STRING, subject->key_id,
            sizeof(subject->key_id));
    x509_ext(exts, oid_subject_key_id, sizeof(oid_subject_key_id), false,
             skid);
    der_put(akid_seq, DER_CTX_PRIM(0), issuer->key_id,
            sizeof(issuer->key_id));
    der_wrap(akid, DER_SEQUENCE, akid_seq);
    x509_ext(exts, oid_authority_key_id, sizeof(oid_authority_key_id), false,
             akid);
    der_wrap(ext_seq, DER_SEQUENCE, exts);
    der_wrap(cert, DER_CTX(3), ext_seq);
    der_wrap(tbs, DER_SEQUENCE, cert);
    return x509_finish(tbs, out);
}

size_t caliptra_x509_ldevid_tbs(const CaliptraX509Key *idev,
                                const CaliptraX509Key *ldev,
                                const uint8_t ueid[CALIPTRA_X509_UEID],
                                uint8_t *out)
{
    GByteArray *cert = x509_cert_head("Caliptra 1.0 IDevID", idev,
                                      "Caliptra 1.0 LDevID", ldev, NULL);
    GByteArray *exts = der_new();

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
    GByteArray *tcb = der_new(), *fwid = der_new(), *fwids = der_new();
    const uint8_t svn_int[] = { 0x01, svn };

    der_put(tcb, DER_CTX_PRIM(3), svn_int, sizeof(svn_int));
    der_put(fwid, DER_OID, oid_sha384, sizeof(oid_sha384));
    der_put(fwid, DER_OCTET_STRING, digest, 48);
    der_wrap(fwids, DER_SEQUENCE, fwid);
    der_wrap(tcb, DER_CTX(6), fwids);
    if (flags) {
        uint8_t bits[5] = { 0 };    /* no unused bits */

        memcpy(bits + 1, flags, 4);
        der_put(tcb, DER_CTX_PRIM(7), bits, sizeof(bits));
    }
    der_put(tcb, DER_CTX_PRIM(9), type, strlen(type));
    if (flags) {
        der_put(tcb, DER_CTX_PRIM(10), flags_mask, sizeof(flags_mask));
    }
    der_wrap(list, DER_SEQUENCE, tcb);
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
    GByteArray *exts = der_new(), *tcbs = der_new(), *multi = der_new();

    x509_ca_exts(exts, FMC_ALIAS_PATH_LEN, KEY_USAGE_KEY_CERT_SIGN, ueid);
    x509_tcb_info(tcbs, tcb->fuse_svn, tcb->device_info_hash, tcb->flags,
                  "DEVICE_INFO");
    x509_tcb_info(tcbs, tcb->fmc_svn, tcb->fmc_tci, NULL, "FMC_INFO");
    der_wrap(multi, DER_SEQUENCE, tcbs);
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
    GByteArray *exts = der_new(), *tcb = der_new();

    x509_ca_exts(exts, RT_ALIAS_PATH_LEN,
                 KEY_USAGE_DIGITAL_SIG | KEY_USAGE_KEY_CERT_SIGN, ueid);
    x509_tcb_info(tcb, rt_svn, rt_tci, NULL, "RT_INFO");
    x509_ext(exts, oid_tcg_tcb_info, sizeof(oid_tcg_tcb_info), false, tcb);
    return x509_cert_finish(cert, exts, fmc, rt, out);
}
