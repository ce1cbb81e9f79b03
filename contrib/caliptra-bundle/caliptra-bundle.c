/*
 * Build and inspect Caliptra 1.2 firmware bundles (libgcrypt)
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <gcrypt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "caliptra-bundle.h"
#include "../../include/hw/arm/aspeed_flash_image.h"
#include "../../include/hw/misc/caliptra_api.h"

/* Manifest byte offsets (image/types ImageManifest, caliptra-1.2) */
enum {
    M_MARKER = 0x0000,
    M_SIZE = 0x0004,
    M_VENDOR_ECC_KEYS = 0x0008,
    M_VENDOR_LMS_KEYS = 0x0188,
    M_VENDOR_ECC_IDX = 0x0788,
    M_VENDOR_LMS_IDX = 0x078c,
    M_VENDOR_ECC_SIG = 0x0790,
    M_VENDOR_LMS_SIG = 0x07f0,
    M_OWNER_ECC_KEY = 0x0e44,
    M_OWNER_LMS_KEY = 0x0ea4,
    M_OWNER_ECC_SIG = 0x0ed4,
    M_OWNER_LMS_SIG = 0x0f34,
    M_HEADER = 0x1590,
    M_HDR_VENDOR_ECC_IDX = 0x1598,
    M_HDR_VENDOR_LMS_IDX = 0x159c,
    M_HDR_FLAGS = 0x15a0,
    M_HDR_TOC_LEN = 0x15a4,
    M_HDR_PL0_PAUSER = 0x15a8,
    M_HDR_TOC_DIGEST = 0x15ac,
    M_HDR_OWNER_DATA = 0x1604,
    M_TOC = 0x162c,
    M_TOC_RT = 0x1694,
    M_TOC_END = 0x16fc,
};

enum {
    T_ID = 0, T_TYPE = 4, T_VERSION = 28, T_SVN = 32, T_LOAD = 40,
    T_ENTRY = 44, T_OFFSET = 48, T_SIZE = 52, T_DIGEST = 56,
};

#define MARKER          0x4e414d43u     /* "CMAN" */
#define ICCM_BASE       0x40000000u

static const char *const fake_vendor[4][3] = {
    {
        "29f939ea41746499d550c6fa6368b0d761e09b4c75b2192286f9624000ea1d99"
        "ace94ba67ae89b0e3f210cf19a45b6b5",
        "c69fe67f97ea3e4221a7a6036c2e070d1657327bc3f1e7c18dccb9e4ffda5c3f"
        "4db0a1c0567e097317bf448439696a07",
        "c126b9135fc825728f1cd40319109430994fe3e874a8b026be14794d27789964"
        "7735fde8328afd84cd4d4aa872d40b42",
    }, {
        NULL,
        "a6309750f0a05ddb956a7f862812ec4fec454e953b53dbfb9eb5414015ea7507"
        "084af93cb7fa33fe51811ad5e754232e",
        "ef5a59877a0ce0be2621d2a98bf3c5dfaf7b3d6d97f24183a4a4203858c39b86"
        "272ef548e572b9371ecf19941b8d4ea7",
    }, {
        NULL,
        "a0d25693c4251e48185615b0a6c27f6de62c39f5a9a32f759553226a4d1926c1"
        "7928910fb7adc1b68999673310134881",
        "bbdf72d707c08100d54fcdadb1567bb00522762b76b8dc4a846c175a3fbd0501"
        "9bdc81184be5f33cbb21b41d93a8c523",
    }, {
        NULL,
        "002a82b68e03e9a0fd3b4c14ca2cb3e814350a710e43956d21694fb4f34485e8"
        "f0e33583f7ea142d50e16f8b0225bb95",
        "5802641c7c45a4a2408e03a6a4100a9250fcc468d238cd0d449cc3e51abc25e7"
        "0b05c426843dcd6f944ef6fffa53ec5b",
    },
};

static const char *const fake_owner[3] = {
    "59fdf849e39f425619342ed281d28d3d45ab32195174582cecb4e9df9cc2e991"
    "b75f88fdfa4bc6a46b88340f05dd8890",
    "c6f82e2bdcf3e157a162e7f33eca35c455ea08a913811779b6f2646d92c817cd"
    "4094bd1adb215f62cf36f017012d5aeb",
    "a46745936cb5a37999b08264862b2c1c517f12c6573e1f947142291af9624bd7"
    "2733dcddce24ec5e961c00e34372ba17",
};

static int hex_to_bytes(const char *hex, uint8_t *out, size_t len)
{
    if (strlen(hex) != 2 * len) {
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned int v;

        if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
            return -1;
        }
        out[i] = v;
    }
    return 0;
}

static void key_from_hex(CbKey *key, const char *const hex[3])
{
    memset(key, 0, sizeof(*key));
    key->has_private = hex[0] != NULL;
    if (hex[0]) {
        hex_to_bytes(hex[0], key->d, CB_SCALAR);
    }
    hex_to_bytes(hex[1], key->x, CB_SCALAR);
    hex_to_bytes(hex[2], key->y, CB_SCALAR);
}

void cb_fake_keys(CbSpec *spec)
{
    for (int i = 0; i < 4; i++) {
        key_from_hex(&spec->vendor[i], fake_vendor[i]);
    }
    key_from_hex(&spec->owner, fake_owner);
    spec->vendor_idx = 0;
}

void cb_default_images(CbSpec *spec, const uint8_t *fmc, uint32_t fmc_size,
                       const uint8_t *rt, uint32_t rt_size)
{
    /* FMC at the bottom of the ICCM, runtime above it */
    spec->fmc = (CbImage) {
        .data = fmc, .size = fmc_size, .version = 0x0880,
        .load_addr = ICCM_BASE, .entry_point = ICCM_BASE,
    };
    spec->rt = (CbImage) {
        .data = rt, .size = rt_size, .version = 0x01020000,
        .load_addr = ICCM_BASE + 0x4000, .entry_point = ICCM_BASE + 0x4000,
    };
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

static uint32_t get32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Big-endian bytes to the manifest's word format: each 4 bytes reversed */
static void put_words(uint8_t *dst, const uint8_t *be, size_t len)
{
    for (size_t i = 0; i < len; i += 4) {
        dst[i] = be[i + 3];
        dst[i + 1] = be[i + 2];
        dst[i + 2] = be[i + 1];
        dst[i + 3] = be[i];
    }
}

static void sha384(const uint8_t *data, size_t len, uint8_t out[48])
{
    gcry_md_hash_buffer(GCRY_MD_SHA384, out, data, len);
}

/* Left-pad an MPI token of @sexp into 48 bytes */
static int sexp_scalar(gcry_sexp_t sexp, const char *token, uint8_t out[48])
{
    gcry_sexp_t t = gcry_sexp_find_token(sexp, token, 0);
    size_t n = 0;
    const char *data;
    int ret = -1;

    if (!t) {
        return -1;
    }
    data = gcry_sexp_nth_data(t, 1, &n);
    if (data && n <= CB_SCALAR) {
        memset(out, 0, CB_SCALAR);
        memcpy(out + CB_SCALAR - n, data, n);
        ret = 0;
    } else if (data && n == CB_SCALAR + 1 && data[0] == 0) {
        memcpy(out, data + 1, CB_SCALAR);
        ret = 0;
    }
    gcry_sexp_release(t);
    return ret;
}

int cb_ecdsa_sign(const CbKey *key, const uint8_t digest[48], uint8_t rs[96])
{
    gcry_sexp_t s_key = NULL, s_data = NULL, s_sig = NULL;
    uint8_t q[97];
    int ret = -1;

    if (!key->has_private) {
        return -1;
    }
    q[0] = 4;
    memcpy(q + 1, key->x, 48);
    memcpy(q + 49, key->y, 48);
    if (gcry_sexp_build(&s_key, NULL, "(private-key (ecc (curve \"NIST P-384\")"
                        " (q %b) (d %b)))", 97, q, CB_SCALAR, key->d) ||
        gcry_sexp_build(&s_data, NULL,
                        "(data (flags rfc6979) (hash sha384 %b))", 48,
                        digest) ||
        gcry_pk_sign(&s_sig, s_data, s_key)) {
        goto out;
    }
    if (!sexp_scalar(s_sig, "r", rs) && !sexp_scalar(s_sig, "s", rs + 48)) {
        ret = 0;
    }
out:
    gcry_sexp_release(s_key);
    gcry_sexp_release(s_data);
    gcry_sexp_release(s_sig);
    return ret;
}

/* LMS (RFC 8554), parameter set LMS_SHA256_M24_H15 / LMOTS_SHA256_N24_W4 */
enum {
    LMS_N = 24, LMS_H = 15, LMS_P = 51, LMS_LS = 4,
};

static void be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

/* SHA-256/192 of the concatenation of @n pieces */
static void lms_hash(uint8_t out[LMS_N], int n, ...)
{
    gcry_md_hd_t md;
    va_list ap;

    gcry_md_open(&md, GCRY_MD_SHA256, 0);
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        const void *p = va_arg(ap, const void *);
        size_t len = va_arg(ap, size_t);

        gcry_md_write(md, p, len);
    }
    va_end(ap);
    memcpy(out, gcry_md_read(md, GCRY_MD_SHA256), LMS_N);
    gcry_md_close(md);
}

static unsigned lms_coef(const uint8_t *s, unsigned i)
{
    return (s[i / 2] >> (i % 2 ? 0 : 4)) & 0xf;
}

/* Chain step j of chain i: H(I || q || i || j || tmp) */
static void lms_chain(const CbLmsKey *k, unsigned i, unsigned from,
                      unsigned to, uint8_t tmp[LMS_N])
{
    uint8_t q[4], ib[2] = { i >> 8, i };

    be32(q, k->q);
    for (unsigned j = from; j < to; j++) {
        uint8_t jb = j;

        lms_hash(tmp, 5, k->I, (size_t)16, q, (size_t)4, ib, (size_t)2,
                 &jb, (size_t)1, tmp, (size_t)LMS_N);
    }
}

/* The leaf's one-time private value x[i], derived from the seed */
static void lms_x(const CbLmsKey *k, unsigned i, uint8_t x[LMS_N])
{
    uint8_t ib[2] = { i >> 8, i };

    lms_hash(x, 3, k->seed, (size_t)LMS_N, k->I, (size_t)16, ib, (size_t)2);
}

/* The root from the leaf's one-time public key and the path */
static void lms_root(const CbLmsKey *k, const uint8_t ots_pub[LMS_N],
                     uint8_t root[LMS_N])
{
    uint32_t node = (1u << LMS_H) + k->q;
    uint8_t nb[4], d[2] = { 0x82, 0x82 };

    be32(nb, node);
    lms_hash(root, 4, k->I, (size_t)16, nb, (size_t)4, d, (size_t)2,
             ots_pub, (size_t)LMS_N);
    d[0] = d[1] = 0x83;
    for (unsigned i = 0; node > 1; i++, node /= 2) {
        uint8_t cur[LMS_N];

        memcpy(cur, root, LMS_N);
        be32(nb, node / 2);
        if (node & 1) {
            lms_hash(root, 5, k->I, (size_t)16, nb, (size_t)4, d, (size_t)2,
                     k->path[i], (size_t)LMS_N, cur, (size_t)LMS_N);
        } else {
            lms_hash(root, 5, k->I, (size_t)16, nb, (size_t)4, d, (size_t)2,
                     cur, (size_t)LMS_N, k->path[i], (size_t)LMS_N);
        }
    }
}

void cb_lms_test_key(CbLmsKey *k, const uint8_t seed[24])
{
    uint8_t z[LMS_P][LMS_N], ots_pub[LMS_N], q[4], d[2] = { 0x80, 0x80 };
    uint8_t id[LMS_N];

    memset(k, 0, sizeof(*k));
    memcpy(k->seed, seed, LMS_N);
    lms_hash(id, 2, seed, (size_t)LMS_N, "I", (size_t)1);
    memcpy(k->I, id, sizeof(k->I));
    k->q = (seed[0] << 8 | seed[1]) & 0x7fff;
    for (unsigned i = 0; i < LMS_H; i++) {
        uint8_t ib = i;

        lms_hash(k->path[i], 3, seed, (size_t)LMS_N, "P", (size_t)1, &ib,
                 (size_t)1);
    }
    /* One-time public key: every chain run to its end */
    for (unsigned i = 0; i < LMS_P; i++) {
        lms_x(k, i, z[i]);
        lms_chain(k, i, 0, 15, z[i]);
    }
    be32(q, k->q);
    lms_hash(ots_pub, 4, k->I, (size_t)16, q, (size_t)4, d, (size_t)2, z,
             sizeof(z));
    be32(k->pub + CALIPTRA_LMS_KEY_TYPE, CALIPTRA_LMS_SHA256_M24_H15);
    be32(k->pub + CALIPTRA_LMS_KEY_OTS_TYPE, CALIPTRA_LMOTS_SHA256_N24_W4);
    memcpy(k->pub + CALIPTRA_LMS_KEY_ID, k->I, 16);
    lms_root(k, ots_pub, k->pub + CALIPTRA_LMS_KEY_T1);
}

void cb_lms_sign(const CbLmsKey *k, const uint8_t *msg, size_t msg_len,
                 uint8_t sig[CALIPTRA_LMS_SIG_SIZE])
{
    uint8_t digits[LMS_N + 2], q[4], d[2] = { 0x81, 0x81 };
    uint8_t *c = sig + CALIPTRA_LMS_SIG_OTS + 4, *y = c + LMS_N;
    unsigned cksm = 0;

    be32(sig + CALIPTRA_LMS_SIG_Q, k->q);
    be32(sig + CALIPTRA_LMS_SIG_OTS, CALIPTRA_LMOTS_SHA256_N24_W4);
    lms_hash(c, 3, k->seed, (size_t)LMS_N, "C", (size_t)1, msg, msg_len);
    be32(q, k->q);
    lms_hash(digits, 5, k->I, (size_t)16, q, (size_t)4, d, (size_t)2, c,
             (size_t)LMS_N, msg, msg_len);
    for (unsigned i = 0; i < LMS_N * 2; i++) {
        cksm += 15 - lms_coef(digits, i);
    }
    cksm <<= LMS_LS;
    digits[LMS_N] = cksm >> 8;
    digits[LMS_N + 1] = cksm;
    for (unsigned i = 0; i < LMS_P; i++) {
        lms_x(k, i, y + i * LMS_N);
        lms_chain(k, i, 0, lms_coef(digits, i), y + i * LMS_N);
    }
    be32(sig + CALIPTRA_LMS_SIG_TYPE, CALIPTRA_LMS_SHA256_M24_H15);
    memcpy(sig + CALIPTRA_LMS_SIG_PATH, k->path, sizeof(k->path));
}

static void put_toc(uint8_t *toc, uint32_t id, const CbImage *img,
                    uint32_t offset)
{
    uint8_t digest[48];

    put32(toc + T_ID, id);
    put32(toc + T_TYPE, 1);             /* executable */
    put32(toc + T_VERSION, img->version);
    put32(toc + T_SVN, img->svn);
    put32(toc + T_LOAD, img->load_addr);
    put32(toc + T_ENTRY, img->entry_point);
    put32(toc + T_OFFSET, offset);
    put32(toc + T_SIZE, img->size);
    sha384(img->data, img->size, digest);
    put_words(toc + T_DIGEST, digest, 48);
}

int cb_sign(uint8_t *b, const CbSpec *spec)
{
    uint8_t digest[48], rs[96];

    /* Vendor: header up to owner_data; owner: the whole header */
    sha384(b + M_HEADER, M_HDR_OWNER_DATA - M_HEADER, digest);
    if (cb_ecdsa_sign(&spec->vendor[spec->vendor_idx], digest, rs)) {
        return -1;
    }
    put_words(b + M_VENDOR_ECC_SIG, rs, 96);
    if (spec->lms) {
        /* LMS signs the same digest, in its natural byte order */
        cb_lms_sign(&spec->vendor_lms, digest, 48, b + M_VENDOR_LMS_SIG);
    }
    sha384(b + M_HEADER, M_TOC - M_HEADER, digest);
    if (cb_ecdsa_sign(&spec->owner, digest, rs)) {
        return -1;
    }
    put_words(b + M_OWNER_ECC_SIG, rs, 96);
    if (spec->lms) {
        cb_lms_sign(&spec->owner_lms, digest, 48, b + M_OWNER_LMS_SIG);
    }
    return 0;
}

int cb_reseal(uint8_t *b, const CbSpec *spec)
{
    uint8_t digest[48];

    sha384(b + M_TOC, M_TOC_END - M_TOC, digest);
    put_words(b + M_HDR_TOC_DIGEST, digest, 48);
    return cb_sign(b, spec);
}

uint8_t *cb_build(const CbSpec *spec, size_t *len)
{
    size_t total = CB_MANIFEST_SIZE + spec->fmc.size + spec->rt.size;
    uint8_t *b = calloc(1, total);
    uint8_t digest[48];

    if (!b) {
        return NULL;
    }
    put32(b + M_MARKER, MARKER);
    put32(b + M_SIZE, CB_MANIFEST_SIZE);
    for (int i = 0; i < 4; i++) {
        put_words(b + M_VENDOR_ECC_KEYS + 96 * i, spec->vendor[i].x, 48);
        put_words(b + M_VENDOR_ECC_KEYS + 96 * i + 48, spec->vendor[i].y, 48);
    }
    put32(b + M_VENDOR_ECC_IDX, spec->vendor_idx);
    put_words(b + M_OWNER_ECC_KEY, spec->owner.x, 48);
    put_words(b + M_OWNER_ECC_KEY + 48, spec->owner.y, 48);
    if (spec->lms) {
        if (spec->vendor_lms_idx < 32) {
            memcpy(b + M_VENDOR_LMS_KEYS + 48 * spec->vendor_lms_idx,
                   spec->vendor_lms.pub, 48);
        }
        memcpy(b + M_OWNER_LMS_KEY, spec->owner_lms.pub, 48);
        put32(b + M_VENDOR_LMS_IDX, spec->vendor_lms_idx);
        put32(b + M_HDR_VENDOR_LMS_IDX, spec->vendor_lms_idx);
    }

    put32(b + M_HDR_VENDOR_ECC_IDX, spec->vendor_idx);
    put32(b + M_HDR_FLAGS, spec->flags);
    put32(b + M_HDR_TOC_LEN, 2);
    put32(b + M_HDR_PL0_PAUSER, spec->pl0_pauser);

    put_toc(b + M_TOC, 1, &spec->fmc, CB_MANIFEST_SIZE);
    put_toc(b + M_TOC_RT, 2, &spec->rt, CB_MANIFEST_SIZE + spec->fmc.size);
    sha384(b + M_TOC, M_TOC_END - M_TOC, digest);
    put_words(b + M_HDR_TOC_DIGEST, digest, 48);

    memcpy(b + CB_MANIFEST_SIZE, spec->fmc.data, spec->fmc.size);
    memcpy(b + CB_MANIFEST_SIZE + spec->fmc.size, spec->rt.data,
           spec->rt.size);
    if (cb_sign(b, spec)) {
        free(b);
        return NULL;
    }
    *len = total;
    return b;
}

uint8_t *cb_auth_manifest(const CbAuthSpec *spec, size_t *len)
{
    size_t list_len = 4 + 56 * spec->count;
    size_t total = CB_AUTH_PREAMBLE_SIZE + list_len;
    uint8_t *m = calloc(1, total), *list = m + CB_AUTH_PREAMBLE_SIZE;
    uint8_t digest[48], rs[96];

    if (!m) {
        return NULL;
    }
    put32(m, 0x41544d4e);                       /* "ATMN" */
    put32(m + 4, CB_AUTH_PREAMBLE_SIZE);
    put32(m + 8, 1);                            /* version */
    put32(m + 12, spec->flags);
    put_words(m + 16, spec->vendor.x, 48);
    put_words(m + 64, spec->vendor.y, 48);
    put_words(m + 1876, spec->owner.x, 48);
    put_words(m + 1924, spec->owner.y, 48);

    put32(list, spec->count);
    for (uint32_t i = 0; i < spec->count; i++) {
        uint8_t *e = list + 4 + 56 * i;

        put32(e, spec->entries[i].fw_id);
        put32(e + 4, spec->entries[i].flags);
        memcpy(e + 8, spec->entries[i].digest, 48);
    }

    /* version, flags and vendor keys, by the bundle's vendor key */
    sha384(m + 8, 160 - 8, digest);
    if (cb_ecdsa_sign(spec->fw_vendor, digest, rs)) {
        goto fail;
    }
    put_words(m + 160, rs, 96);
    /* owner keys, by the bundle's owner key */
    sha384(m + 1876, 144, digest);
    if (cb_ecdsa_sign(spec->fw_owner, digest, rs)) {
        goto fail;
    }
    put_words(m + 2020, rs, 96);
    /* the image list, by the manifest's keys */
    sha384(list, list_len, digest);
    if (spec->flags & 1) {
        if (cb_ecdsa_sign(&spec->vendor, digest, rs)) {
            goto fail;
        }
        put_words(m + 3736, rs, 96);
    }
    if (cb_ecdsa_sign(&spec->owner, digest, rs)) {
        goto fail;
    }
    put_words(m + 5452, rs, 96);
    *len = total;
    return m;
fail:
    free(m);
    return NULL;
}

static void hash_to_fuse(const uint8_t *data, size_t len, uint32_t words[12])
{
    uint8_t digest[48];

    sha384(data, len, digest);
    for (int i = 0; i < 12; i++) {
        const uint8_t *p = digest + 4 * i;

        words[i] = (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
    }
}

void cb_vendor_pk_hash(const uint8_t *bundle, uint32_t words[12])
{
    /* All four ECC keys and all 32 LMS keys */
    hash_to_fuse(bundle + M_VENDOR_ECC_KEYS,
                 M_VENDOR_ECC_IDX - M_VENDOR_ECC_KEYS, words);
}

void cb_owner_pk_hash(const uint8_t *bundle, uint32_t words[12])
{
    /* Owner ECC and LMS keys */
    hash_to_fuse(bundle + M_OWNER_ECC_KEY, M_OWNER_ECC_SIG - M_OWNER_ECC_KEY,
                 words);
}

static int ecdsa_check(const uint8_t *key_words, const uint8_t *sig_words,
                       const uint8_t digest[48])
{
    gcry_sexp_t s_key = NULL, s_sig = NULL, s_data = NULL;
    uint8_t q[97], rs[96];
    int ret = -1;

    q[0] = 4;
    put_words(q + 1, key_words, 96);
    put_words(rs, sig_words, 96);
    if (!gcry_sexp_build(&s_key, NULL,
                         "(public-key (ecc (curve \"NIST P-384\") (q %b)))",
                         97, q) &&
        !gcry_sexp_build(&s_sig, NULL, "(sig-val (ecdsa (r %b) (s %b)))",
                         48, rs, 48, rs + 48) &&
        !gcry_sexp_build(&s_data, NULL, "(data (flags raw) (value %b))", 48,
                         digest)) {
        ret = gcry_pk_verify(s_sig, s_data, s_key) ? -1 : 0;
    }
    gcry_sexp_release(s_key);
    gcry_sexp_release(s_sig);
    gcry_sexp_release(s_data);
    return ret;
}

static void print_words(FILE *out, const char *name, const uint32_t w[12])
{
    fprintf(out, "%-28s", name);
    for (int i = 0; i < 12; i++) {
        fprintf(out, "%08x", w[i]);
    }
    fprintf(out, "\n");
}

static uint32_t get32_be(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static bool all_zero(const uint8_t *p, size_t n)
{
    while (n--) {
        if (*p++) {
            return false;
        }
    }
    return true;
}

static void info_lms_sig(FILE *out, const char *who, const uint8_t *sig)
{
    if (all_zero(sig, CALIPTRA_LMS_SIG_SIZE)) {
        fprintf(out, "%s LMS signature        none\n", who);
        return;
    }
    fprintf(out, "%s LMS signature        q %u, LMS type %u, "
            "OTS type %u\n", who, get32_be(sig + CALIPTRA_LMS_SIG_Q),
            get32_be(sig + CALIPTRA_LMS_SIG_TYPE),
            get32_be(sig + CALIPTRA_LMS_SIG_OTS));
}

/*
 * What FUSE_LMS_VERIFY needs: the vendor LMS key at the index the
 * preamble names (outside every signature) and both LMS signatures.
 * Their verification is the ROM's (the model's), not done here.
 */
static void info_lms(const uint8_t *b, FILE *out)
{
    uint32_t idx = get32(b + M_VENDOR_LMS_IDX);
    int present = 0;

    fprintf(out, "vendor LMS keys present     ");
    for (int i = 0; i < 32; i++) {
        if (!all_zero(b + M_VENDOR_LMS_KEYS + 48 * i, 48)) {
            fprintf(out, "%s%d", present++ ? "," : "", i);
        }
    }
    fprintf(out, "%s\n", present ? "" : "none");
    fprintf(out, "vendor LMS key index        %u (header %u)%s\n", idx,
            get32(b + M_HDR_VENDOR_LMS_IDX),
            idx >= 32 ? ", out of range" :
            all_zero(b + M_VENDOR_LMS_KEYS + 48 * idx, 48) ?
            ", no key there" : "");
    fprintf(out, "owner LMS key               %s\n",
            all_zero(b + M_OWNER_LMS_KEY, 48) ? "none" : "present");
    info_lms_sig(out, "vendor", b + M_VENDOR_LMS_SIG);
    info_lms_sig(out, "owner ", b + M_OWNER_LMS_SIG);
    fprintf(out, "boots with FUSE_LMS_VERIFY   %s\n",
            idx < 32 && !all_zero(b + M_VENDOR_LMS_KEYS + 48 * idx, 48) &&
            !all_zero(b + M_OWNER_LMS_KEY, 48) &&
            !all_zero(b + M_VENDOR_LMS_SIG, CALIPTRA_LMS_SIG_SIZE) &&
            !all_zero(b + M_OWNER_LMS_SIG, CALIPTRA_LMS_SIG_SIZE) ?
            "if its LMS signatures verify" : "no");
}

int cb_info(const uint8_t *b, size_t len, FILE *out)
{
    uint8_t digest[48], want[48];
    uint32_t words[12];
    uint32_t idx;
    int bad = 0;

    if (len < CB_MANIFEST_SIZE || get32(b + M_MARKER) != MARKER ||
        get32(b + M_SIZE) != CB_MANIFEST_SIZE) {
        fprintf(out, "not a Caliptra 1.2 bundle (marker/size)\n");
        return -1;
    }
    idx = get32(b + M_VENDOR_ECC_IDX);
    fprintf(out, "bundle size                 %zu\n", len);
    fprintf(out, "vendor ECC key index        %u (header %u)\n", idx,
            get32(b + M_HDR_VENDOR_ECC_IDX));
    fprintf(out, "flags, pl0_pauser           0x%x, 0x%x\n",
            get32(b + M_HDR_FLAGS), get32(b + M_HDR_PL0_PAUSER));
    cb_vendor_pk_hash(b, words);
    print_words(out, "FUSE_KEY_MANIFEST_PK_HASH", words);
    cb_owner_pk_hash(b, words);
    print_words(out, "FUSE_OWNER_PK_HASH", words);

    sha384(b + M_HEADER, M_HDR_OWNER_DATA - M_HEADER, digest);
    if (idx > 3 || ecdsa_check(b + M_VENDOR_ECC_KEYS + 96 * idx,
                               b + M_VENDOR_ECC_SIG, digest)) {
        fprintf(out, "vendor ECC signature        BAD\n");
        bad++;
    } else {
        fprintf(out, "vendor ECC signature        ok\n");
    }
    sha384(b + M_HEADER, M_TOC - M_HEADER, digest);
    if (ecdsa_check(b + M_OWNER_ECC_KEY, b + M_OWNER_ECC_SIG, digest)) {
        fprintf(out, "owner ECC signature         BAD\n");
        bad++;
    } else {
        fprintf(out, "owner ECC signature         ok\n");
    }
    info_lms(b, out);
    sha384(b + M_TOC, M_TOC_END - M_TOC, digest);
    put_words(want, b + M_HDR_TOC_DIGEST, 48);
    fprintf(out, "TOC digest                  %s\n",
            memcmp(digest, want, 48) ? (bad++, "BAD") : "ok");

    for (int i = 0; i < 2; i++) {
        const uint8_t *t = b + M_TOC + 104 * i;
        uint32_t off = get32(t + T_OFFSET), size = get32(t + T_SIZE);

        fprintf(out, "%s: version 0x%x svn %u load 0x%08x entry 0x%08x "
                "offset %u size %u\n", i ? "runtime" : "FMC    ",
                get32(t + T_VERSION), get32(t + T_SVN), get32(t + T_LOAD),
                get32(t + T_ENTRY), off, size);
        if ((uint64_t)off + size > len) {
            fprintf(out, "  image outside the bundle\n");
            bad++;
            continue;
        }
        sha384(b + off, size, digest);
        put_words(want, t + T_DIGEST, 48);
        fprintf(out, "  digest                    %s\n",
                memcmp(digest, want, 48) ? (bad++, "BAD") : "ok");
    }
    return bad ? -1 : 0;
}

int cb_read_key(const char *path, CbKey *key)
{
    FILE *f = fopen(path, "r");
    char line[256];
    int seen = 0;

    if (!f) {
        return -1;
    }
    memset(key, 0, sizeof(*key));
    while (fgets(line, sizeof(line), f)) {
        uint8_t *dst = NULL;

        line[strcspn(line, "\r\n")] = 0;
        if (!strncmp(line, "d=", 2)) {
            dst = key->d;
            key->has_private = true;
            seen |= 1;
        } else if (!strncmp(line, "x=", 2)) {
            dst = key->x;
            seen |= 2;
        } else if (!strncmp(line, "y=", 2)) {
            dst = key->y;
            seen |= 4;
        }
        if (dst && hex_to_bytes(line + 2, dst, CB_SCALAR)) {
            fclose(f);
            return -1;
        }
    }
    fclose(f);
    return (seen & 6) == 6 ? 0 : -1;
}

uint32_t cb_crc32(const uint8_t *p, size_t len)
{
    uint32_t crc = 0xffffffff;

    while (len--) {
        crc ^= *p++;
        for (int i = 0; i < 8; i++) {
            crc = crc >> 1 ^ (0xedb88320 & -(crc & 1));
        }
    }
    return ~crc;
}

uint8_t *cb_flash_image(const CbFlashEntry *e, unsigned count, size_t *len)
{
    size_t off = ASPEED_FLSH_HDR_SIZE + count * ASPEED_FLSH_ENTRY_SIZE;
    size_t total = off;
    uint8_t *b;

    if (count >= ASPEED_FLSH_MAX_IMAGES) {
        return NULL;
    }
    for (unsigned i = 0; i < count; i++) {
        total += (e[i].size + 3) & ~(size_t)3;
    }
    b = calloc(1, total);
    if (!b) {
        return NULL;
    }
    put32(b + ASPEED_FLSH_MAGIC_OFF, ASPEED_FLSH_MAGIC);
    b[ASPEED_FLSH_VERSION_OFF] = ASPEED_FLSH_VERSION;
    b[ASPEED_FLSH_COUNT_OFF] = count & 0xff;
    b[ASPEED_FLSH_COUNT_OFF + 1] = count >> 8;
    for (unsigned i = 0; i < count; i++) {
        uint8_t *t = b + ASPEED_FLSH_HDR_SIZE + i * ASPEED_FLSH_ENTRY_SIZE;
        size_t padded = (e[i].size + 3) & ~(size_t)3;

        put32(t + ASPEED_FLSH_ENTRY_ID, e[i].id);
        put32(t + ASPEED_FLSH_ENTRY_OFFSET, off);
        put32(t + ASPEED_FLSH_ENTRY_SIZE_OFF, padded);
        memcpy(b + off, e[i].data, e[i].size);
        off += padded;
    }
    put32(b + ASPEED_FLSH_HDR_CRC_OFF, cb_crc32(b, ASPEED_FLSH_HDR_CRC_LEN));
    put32(b + ASPEED_FLSH_PAYLOAD_CRC_OFF,
          cb_crc32(b + ASPEED_FLSH_HDR_SIZE, total - ASPEED_FLSH_HDR_SIZE));
    *len = total;
    return b;
}
