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
