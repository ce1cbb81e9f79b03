/*
 * Caliptra qtests: the crypto the tests recompute Caliptra's values with
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include <gcrypt.h>
#include "caliptra-crypto-utils.h"
#include "caliptra-vectors.h"
#include "../../contrib/caliptra-bundle/caliptra-bundle.h"

void cptra_sha384(const void *a, size_t alen, const void *b, size_t blen,
                  uint8_t out[48])
{
    gcry_md_hd_t h;

    g_assert_cmpint(gcry_md_open(&h, GCRY_MD_SHA384, 0), ==, 0);
    gcry_md_write(h, a, alen);
    if (b) {
        gcry_md_write(h, b, blen);
    }
    memcpy(out, gcry_md_read(h, GCRY_MD_SHA384), 48);
    gcry_md_close(h);
}

void cptra_hmac384(const uint8_t *key, const void *a, size_t alen,
                   const void *b, size_t blen, uint8_t out[48])
{
    gcry_md_hd_t h;

    g_assert_cmpint(gcry_md_open(&h, GCRY_MD_SHA384, GCRY_MD_FLAG_HMAC), ==,
                    0);
    g_assert_cmpint(gcry_md_setkey(h, key, 48), ==, 0);
    gcry_md_write(h, a, alen);
    if (b) {
        gcry_md_write(h, b, blen);
    }
    memcpy(out, gcry_md_read(h, GCRY_MD_SHA384), 48);
    gcry_md_close(h);
}

void cptra_kdf_bytes(const uint8_t *key, const void *label, size_t llen,
                     const void *ctx, size_t ctx_len, uint8_t out[48])
{
    g_autofree uint8_t *msg = g_malloc(4 + llen + 1 + ctx_len);
    size_t n = 0;

    stl_be_p(msg, 1);
    n = 4;
    memcpy(msg + n, label, llen);
    n += llen;
    if (ctx) {
        msg[n++] = 0;
        memcpy(msg + n, ctx, ctx_len);
        n += ctx_len;
    }
    cptra_hmac384(key, msg, n, NULL, 0, out);
}

void cptra_kdf(const uint8_t *key, const char *label, const uint8_t *ctx,
               size_t ctx_len, uint8_t out[48])
{
    cptra_kdf_bytes(key, label, strlen(label), ctx, ctx_len, out);
}

/* HMAC_DRBG-SHA-384 (entropy = seed, 48 zero bytes of nonce): 1 block */
void cptra_drbg_key(const uint8_t seed[48], uint8_t d[48])
{
    uint8_t k[48] = { 0 }, v[48], m[48 + 1 + 96] = { 0 };

    memset(v, 1, sizeof(v));
    memcpy(m + 49, seed, 48);
    for (int round = 0; round < 2; round++) {
        memcpy(m, v, 48);
        m[48] = round;
        cptra_hmac384(k, m, sizeof(m), NULL, 0, k);
        cptra_hmac384(k, v, 48, NULL, 0, v);
    }
    cptra_hmac384(k, v, 48, NULL, 0, d);
}

void cptra_p384_public(const uint8_t d[48], uint8_t xy[96])
{
    gcry_ctx_t ctx;
    gcry_mpi_t k, x = gcry_mpi_new(0), y = gcry_mpi_new(0);
    gcry_mpi_point_t g, q = gcry_mpi_point_new(0);
    size_t n;

    g_assert_cmpint(gcry_mpi_ec_new(&ctx, NULL, "NIST P-384"), ==, 0);
    g_assert_cmpint(gcry_mpi_scan(&k, GCRYMPI_FMT_USG, d, 48, NULL), ==, 0);
    g = gcry_mpi_ec_get_point("g", ctx, 1);
    gcry_mpi_ec_mul(q, k, g, ctx);
    g_assert_cmpint(gcry_mpi_ec_get_affine(x, y, q, ctx), ==, 0);
    memset(xy, 0, 96);
    gcry_mpi_print(GCRYMPI_FMT_USG, NULL, 0, &n, x);
    gcry_mpi_print(GCRYMPI_FMT_USG, xy + 48 - n, n, NULL, x);
    gcry_mpi_print(GCRYMPI_FMT_USG, NULL, 0, &n, y);
    gcry_mpi_print(GCRYMPI_FMT_USG, xy + 96 - n, n, NULL, y);
    gcry_mpi_release(k);
    gcry_mpi_release(x);
    gcry_mpi_release(y);
    gcry_mpi_point_release(g);
    gcry_mpi_point_release(q);
    gcry_ctx_release(ctx);
}

void cptra_sign_rfc6979(const uint8_t d[48], const uint8_t digest[48],
                        uint8_t rs[96])
{
    gcry_sexp_t key, data, sig, tok;
    size_t len;
    const char *p;

    g_assert_cmpint(gcry_sexp_build(&key, NULL, "(private-key (ecc (curve "
                                    "\"NIST P-384\") (d %b)))", 48, d), ==, 0);
    g_assert_cmpint(gcry_sexp_build(&data, NULL, "(data (flags rfc6979) "
                                    "(hash sha384 %b))", 48, digest), ==, 0);
    g_assert_cmpint(gcry_pk_sign(&sig, data, key), ==, 0);
    for (int i = 0; i < 2; i++) {
        tok = gcry_sexp_find_token(sig, i ? "s" : "r", 0);
        p = gcry_sexp_nth_data(tok, 1, &len);
        if (len == 49) {
            p++;
            len--;
        }
        memset(rs + 48 * i, 0, 48 - len);
        memcpy(rs + 48 * i + 48 - len, p, len);
        gcry_sexp_release(tok);
    }
    gcry_sexp_release(key);
    gcry_sexp_release(data);
    gcry_sexp_release(sig);
}

/* Verify DER-or-raw integers r, s (big-endian) over @digest */
static bool p384_verify_ints(const uint8_t xy[96], const uint8_t digest[48],
                             const uint8_t *r, size_t r_len,
                             const uint8_t *s, size_t s_len)
{
    gcry_sexp_t key, sig, data;
    uint8_t q[97];
    bool ok;

    q[0] = 4;
    memcpy(q + 1, xy, 96);
    g_assert_cmpint(gcry_sexp_build(&key, NULL, "(public-key (ecc (curve "
                                    "\"NIST P-384\") (q %b)))", 97, q), ==, 0);
    g_assert_cmpint(gcry_sexp_build(&sig, NULL, "(sig-val (ecdsa (r %b) "
                                    "(s %b)))", (int)r_len, r, (int)s_len,
                                    s), ==, 0);
    g_assert_cmpint(gcry_sexp_build(&data, NULL, "(data (flags raw) "
                                    "(value %b))", 48, digest), ==, 0);
    ok = !gcry_pk_verify(sig, data, key);
    gcry_sexp_release(key);
    gcry_sexp_release(sig);
    gcry_sexp_release(data);
    return ok;
}

bool cptra_p384_verify(const uint8_t xy[96], const uint8_t digest[48],
                       const uint8_t rs[96])
{
    return p384_verify_ints(xy, digest, rs, 48, rs + 48, 48);
}

size_t cptra_der_len(const uint8_t *p, size_t *hdr)
{
    if (p[1] < 0x80) {
        *hdr = 2;
        return p[1];
    }
    if (p[1] == 0x81) {
        *hdr = 3;
        return p[2];
    }
    g_assert_cmpuint(p[1], ==, 0x82);
    *hdr = 4;
    return p[2] << 8 | p[3];
}

const uint8_t *cptra_cert_check(const uint8_t *cert, size_t len,
                                const uint8_t xy[96], size_t *tbs_len)
{
    size_t hdr, n, ihdr, r_len, s_len;
    const uint8_t *tbs, *p, *r, *sig_s;
    uint8_t digest[48];

    g_assert_cmpuint(cptra_der_len(cert, &hdr) + hdr, ==, len);
    tbs = cert + hdr;
    *tbs_len = cptra_der_len(tbs, &n) + n;
    p = tbs + *tbs_len;
    p += cptra_der_len(p, &n) + n;          /* AlgorithmIdentifier */
    g_assert_cmphex(p[0], ==, 0x03);        /* BIT STRING */
    cptra_der_len(p, &n);
    p += n + 1;                             /* no unused bits */
    cptra_der_len(p, &n);
    p += n;                                 /* SEQUENCE { r, s } */
    r_len = cptra_der_len(p, &ihdr);
    r = p + ihdr;
    p = r + r_len;
    s_len = cptra_der_len(p, &ihdr);
    sig_s = p + ihdr;

    gcry_md_hash_buffer(GCRY_MD_SHA384, digest, tbs, *tbs_len);
    g_assert_true(p384_verify_ints(xy, digest, r, r_len, sig_s, s_len));
    return tbs;
}

void cptra_fuse_keys(CaliptraDev *d, const uint8_t *b)
{
    uint32_t vendor[12], owner[12];

    cb_vendor_pk_hash(b, vendor);
    cb_owner_pk_hash(b, owner);
    for (int i = 0; i < 12; i++) {
        soc_wr(d, FUSE_KEY_MANIFEST_PK_HASH(i), vendor[i]);
        soc_wr(d, FUSE_OWNER_PK_HASH(i), owner[i]);
    }
}

uint8_t cptra_fmc_image[1024];

uint8_t cptra_rt_image[2048];

void cptra_test_spec(CbSpec *spec)
{
    memset(spec, 0, sizeof(*spec));
    for (int i = 0; i < sizeof(cptra_fmc_image); i++) {
        cptra_fmc_image[i] = i * 13 + 1;
    }
    for (int i = 0; i < sizeof(cptra_rt_image); i++) {
        cptra_rt_image[i] = i * 7 + 5;
    }
    cb_fake_keys(spec);
    cb_default_images(spec, cptra_fmc_image, sizeof(cptra_fmc_image),
                      cptra_rt_image, sizeof(cptra_rt_image));
}

uint8_t *cptra_test_bundle(const CbSpec *spec, size_t *len)
{
    uint8_t *b = cb_build(spec, len);

    g_assert_nonnull(b);
    return b;
}

CaliptraDev *cptra_start_runtime_spec(const CbSpec *spec)
{
    CaliptraDev *d = cptra_start(NULL);
    size_t len;
    g_autofree uint8_t *b = cptra_test_bundle(spec, &len);

    cptra_fuse_keys(d, b);
    g_assert_cmpuint(cptra_fw_load(d, b, len), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    return d;
}

CaliptraDev *cptra_start_runtime(void)
{
    CbSpec spec;

    cptra_test_spec(&spec);
    return cptra_start_runtime_spec(&spec);
}

void cptra_get_idev_info(CaliptraDev *d, uint8_t pub[96])
{
    uint8_t resp[104];
    size_t len;

    for (int i = 0; i < 12; i++) {
        soc_wr(d, FUSE_UDS_SEED(i), caliptra_default_uds[i]);
    }
    for (int i = 0; i < 8; i++) {
        soc_wr(d, FUSE_FIELD_ENTROPY(i), caliptra_default_fe[i]);
    }
    {
        CbSpec spec;
        size_t blen;
        g_autofree uint8_t *b = NULL;

        cptra_test_spec(&spec);
        b = cptra_test_bundle(&spec, &blen);
        cptra_fuse_keys(d, b);
        g_assert_cmpuint(cptra_fw_load(d, b, blen), ==, CMD_COMPLETE);
    }
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_GET_IDEV_INFO, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    g_assert_cmpuint(len, ==, 104);
    cptra_assert_resp_ok(resp, len);
    memcpy(pub, resp + 8, 96);
}

const uint8_t cptra_p384_order[48] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf,
    0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0, 0xa7, 0x7a,
    0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73,
};

CbAuthEntry cptra_auth_entries[3];

uint8_t *cptra_test_auth_manifest(CbSpec *bundle_spec, uint32_t flags,
                                  size_t *len)
{
    CbAuthSpec a = { 0 };
    static const uint32_t ids[] = { 12, 1, 10 };
    uint8_t *m;

    for (int i = 0; i < 3; i++) {
        cptra_auth_entries[i].fw_id = ids[i];
        cptra_auth_entries[i].flags = ids[i] == 10 ? 1u << 2 : 0;
        memset(cptra_auth_entries[i].digest, 0xa0 + i, 48);
    }
    a.fw_vendor = &bundle_spec->vendor[0];
    a.fw_owner = &bundle_spec->owner;
    /* The manifest's keys: here the fake owner key and vendor key 0 */
    a.vendor = bundle_spec->vendor[0];
    a.owner = bundle_spec->owner;
    a.flags = flags;
    a.count = 3;
    a.entries = cptra_auth_entries;
    m = cb_auth_manifest(&a, len);
    g_assert_nonnull(m);
    return m;
}
