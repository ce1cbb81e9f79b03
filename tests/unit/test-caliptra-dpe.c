/*
 * Unit test of the Caliptra 1.2 runtime's DPE: the context rules of DPE
 * profile 0.12 (iRoT profile spec, caliptra-dpe's behaviour) and its
 * crypto, recomputed here with libgcrypt from the recipe caliptra-sw's
 * runtime documents (measurement hash, KDF labels), not through the
 * model's own helpers; only the ECC key generation from a seed is the
 * model's, and that has its known answers in test-caliptra-dice.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "crypto/init.h"
#include <gcrypt.h>
#include "../../hw/misc/caliptra/caliptra-crypto.h"
#include "../../hw/misc/caliptra/caliptra-dice.h"
#include "../../hw/misc/caliptra/caliptra-dpe.h"

#define L0          0x1234      /* the auto-init (PL0) locality */
#define HASH        48
#define RESP_MAX    CALIPTRA_DPE_RESP_MAX

/* Response header, then each command's fields */
#define R_STATUS    4
#define R_HANDLE    12
#define R_PARENT    28
#define R_SIG_R     28
#define R_SIG_S     76
#define R_PUB       28
#define R_CERT_SIZE 124
#define R_CERT      128

typedef struct Fixture {
    CaliptraDpe dpe;
    CaliptraDpeEnv env;
    CaliptraDpeExport export;
    uint8_t cdi[HASH];
    CaliptraEccKey alias;
    uint8_t alias_pub[96];
    uint8_t chain[3000];
    uint8_t ueid[CALIPTRA_X509_UEID];
    uint8_t resp[RESP_MAX];
} Fixture;

static const uint8_t first_measurement[HASH] = { 0xa5, 0x5a, 0x01 };
static const uint8_t ff_handle[16] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};
static const uint8_t zero_handle[16];

static void sha384(const void *a, size_t alen, const void *b, size_t blen,
                   uint8_t out[HASH])
{
    gcry_md_hd_t h;

    g_assert_cmpint(gcry_md_open(&h, GCRY_MD_SHA384, 0), ==, 0);
    gcry_md_write(h, a, alen);
    if (b) {
        gcry_md_write(h, b, blen);
    }
    memcpy(out, gcry_md_read(h, GCRY_MD_SHA384), HASH);
    gcry_md_close(h);
}

/* caliptra-sw's hmac384_kdf: HMAC(key, be32(1) ‖ label ‖ 00 ‖ context) */
static void kdf(const uint8_t key[HASH], const void *label, size_t llen,
                const void *ctx, size_t clen, uint8_t out[HASH])
{
    static const uint8_t one[4] = { 0, 0, 0, 1 }, zero;
    gcry_md_hd_t h;

    g_assert_cmpint(gcry_md_open(&h, GCRY_MD_SHA384, GCRY_MD_FLAG_HMAC), ==,
                    0);
    g_assert_cmpint(gcry_md_setkey(h, key, HASH), ==, 0);
    gcry_md_write(h, one, 4);
    gcry_md_write(h, label, llen);
    gcry_md_write(h, &zero, 1);
    gcry_md_write(h, ctx, clen);
    memcpy(out, gcry_md_read(h, GCRY_MD_SHA384), HASH);
    gcry_md_close(h);
}

static void setup(Fixture *f)
{
    uint8_t seed[HASH];

    memset(f, 0, sizeof(*f));
    memset(f->cdi, 0x3c, HASH);
    memset(seed, 0x77, HASH);
    g_assert_true(caliptra_ecc_keygen(seed, &f->alias));
    memcpy(f->alias_pub, f->alias.x, HASH);
    memcpy(f->alias_pub + HASH, f->alias.y, HASH);
    for (int i = 0; i < sizeof(f->chain); i++) {
        f->chain[i] = i * 7;
    }
    memset(f->ueid, 0x42, sizeof(f->ueid));
    f->env = (CaliptraDpeEnv) {
        .cdi = f->cdi,
        .alias_priv = f->alias.d,
        .alias_pub = f->alias_pub,
        .auto_init_locality = L0,
        .cert_chain = f->chain,
        .cert_chain_len = sizeof(f->chain),
        .ueid = f->ueid,
        .export = &f->export,
    };
    memcpy(f->env.validity.not_before, "20230101000000Z", 15);
    memcpy(f->env.validity.not_after, "99991231235959Z", 15);
    g_assert_cmpuint(caliptra_dpe_init(&f->dpe, &f->env, 0x52544a4d,
                                       first_measurement), ==, 0);
}

/* Run command @id with @body from @locality; the DPE status */
static uint32_t run(Fixture *f, uint32_t locality, uint32_t id,
                    const void *body, size_t blen)
{
    uint8_t cmd[CALIPTRA_DPE_CMD_HDR + 128] = { 0 };
    uint32_t status;
    size_t n;

    stl_le_p(cmd, 0x44504543);
    stl_le_p(cmd + 4, id);
    stl_le_p(cmd + 8, CALIPTRA_DPE_PROFILE);
    if (blen) {                 /* body may be NULL then */
        memcpy(cmd + CALIPTRA_DPE_CMD_HDR, body, blen);
    }
    n = caliptra_dpe_execute(&f->dpe, &f->env, locality, cmd,
                             CALIPTRA_DPE_CMD_HDR + blen, f->resp, &status);
    g_assert_cmpuint(ldl_le_p(f->resp), ==, 0x44504552);   /* "DPER" */
    g_assert_cmpuint(ldl_le_p(f->resp + R_STATUS), ==, status);
    g_assert_cmpuint(ldl_le_p(f->resp + 8), ==, CALIPTRA_DPE_PROFILE);
    g_assert_cmpuint(n, >=, 12);
    return status;
}

static uint32_t derive(Fixture *f, uint32_t locality, const uint8_t *handle,
                       uint8_t data_byte, uint32_t flags, uint32_t target)
{
    uint8_t b[76] = { 0 };

    memcpy(b, handle, 16);
    memset(b + 16, data_byte, HASH);
    stl_le_p(b + 64, flags);
    stl_le_p(b + 68, 0x54455354);   /* tci type "TEST" */
    stl_le_p(b + 72, target);
    return run(f, locality, CALIPTRA_DPE_DERIVE_CONTEXT, b, sizeof(b));
}

/* The measurement DPE derives a context's CDI from, recomputed */
static void measurement_of(Fixture *f, int idx, uint8_t digest[HASH])
{
    g_autoptr(GByteArray) m = g_byte_array_new();
    bool info = false, dice = false;

    for (;;) {
        const CaliptraDpeContext *c = &f->dpe.ctx[idx];
        uint8_t node[4 + 2 * HASH + 4 + 2];

        stl_le_p(node, c->tci_type);
        memcpy(node + 4, c->tci_cumulative, HASH);
        memcpy(node + 4 + HASH, c->tci_current, HASH);
        stl_le_p(node + 4 + 2 * HASH, c->tci_locality);
        node[4 + 2 * HASH + 4] = c->allow_ca;
        node[4 + 2 * HASH + 5] = c->allow_x509;
        g_byte_array_append(m, node, sizeof(node));
        info |= c->internal_info;
        dice |= c->internal_dice;
        if (c->parent_idx == CALIPTRA_DPE_ROOT_INDEX) {
            break;
        }
        idx = c->parent_idx;
    }
    /* INTERNAL_INPUT_INFO: the GetProfile response, then the profile */
    if (info) {
        uint8_t profile[36];

        stl_le_p(profile, 0x44504552);          /* "DPER", status 0, P384 */
        stl_le_p(profile + 4, 0);
        stl_le_p(profile + 8, 4);
        stl_le_p(profile + 12, 12 << 16);       /* version 0.12 */
        stl_le_p(profile + 16, 0x43545241);     /* vendor id and SKU */
        stl_le_p(profile + 20, 0x43545241);
        stl_le_p(profile + 24, 32);
        stl_le_p(profile + 28, 0xee6c0000);     /* support, as in profile */
        stl_le_p(profile + 32, 4);
        g_byte_array_append(m, profile, sizeof(profile));
    }
    /* INTERNAL_INPUT_DICE: the whole certificate chain */
    if (dice) {
        g_byte_array_append(m, f->chain, sizeof(f->chain));
    }
    sha384(m->data, m->len, NULL, 0, digest);
}

/* CertifyKey's and Sign's key: ECC keygen(KDF(CDI, label, "ECC")) */
static void key_of(Fixture *f, int idx, const uint8_t label[HASH],
                   CaliptraEccKey *k)
{
    uint8_t digest[HASH], ctx[HASH + 3], context[HASH], cdi[HASH];
    uint8_t seed[HASH];

    measurement_of(f, idx, digest);
    memcpy(ctx, digest, HASH);
    memcpy(ctx + HASH, "DPE", 3);
    sha384(ctx, sizeof(ctx), NULL, 0, context);
    kdf(f->cdi, "derive_cdi", 10, context, HASH, cdi);
    kdf(cdi, label, HASH, "ECC", 3, seed);
    g_assert_true(caliptra_ecc_keygen(seed, k));
}

static void test_profile(void)
{
    Fixture *f = g_new(Fixture, 1);
    uint8_t cmd[12];
    uint32_t status, flags;

    setup(f);
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_GET_PROFILE, NULL, 0), ==, 0);
    g_assert_cmpuint(lduw_le_p(f->resp + 12), ==, 0);      /* major */
    g_assert_cmpuint(lduw_le_p(f->resp + 14), ==, 12);     /* minor */
    g_assert_cmpuint(ldl_le_p(f->resp + 16), ==, 0x43545241);
    g_assert_cmpuint(ldl_le_p(f->resp + 20), ==, 0x43545241);
    g_assert_cmpuint(ldl_le_p(f->resp + 24), ==, 32);
    /*
     * Support: simulation 31, recursive 30, auto-init 29, rotate 27,
     * X.509 26, CSR 25, internal info 22 and DICE 21, retain parent 19,
     * CDI export 18
     */
    flags = ldl_le_p(f->resp + 28);
    g_assert_cmphex(flags, ==, (1u << 31) | (1u << 30) | (1u << 29) |
                    (1u << 27) | (1u << 26) | (1u << 25) | (1u << 22) |
                    (1u << 21) | (1u << 19) | (1u << 18));

    /* GetProfile takes any profile; the others only P384 (4) */
    stl_le_p(cmd, 0x44504543);
    stl_le_p(cmd + 4, CALIPTRA_DPE_GET_PROFILE);
    stl_le_p(cmd + 8, 3);
    g_assert_cmpint(caliptra_dpe_command_id(cmd, 12), ==, 1);
    stl_le_p(cmd + 4, CALIPTRA_DPE_DESTROY_CONTEXT);
    g_assert_cmpint(caliptra_dpe_command_id(cmd, 12 + 16), ==, -1);
    stl_le_p(cmd + 8, 4);
    g_assert_cmpint(caliptra_dpe_command_id(cmd, 12 + 15), ==, -1);
    stl_le_p(cmd, 0x44504544);
    g_assert_cmpint(caliptra_dpe_command_id(cmd, 12 + 16), ==, -1);
    stl_le_p(cmd, 0x44504543);
    stl_le_p(cmd + 4, 0x11);
    g_assert_cmpint(caliptra_dpe_command_id(cmd, 12 + 16), ==, -1);
    caliptra_dpe_execute(&f->dpe, &f->env, L0, cmd, 12, f->resp, &status);
    g_assert_cmpuint(status, ==, CALIPTRA_DPE_INVALID_COMMAND);
    g_free(f);
}

static void test_auto_init(void)
{
    Fixture *f = g_new(Fixture, 1);
    const CaliptraDpeContext *c;
    uint8_t zero[HASH] = { 0 }, want[HASH];
    uint32_t body = CALIPTRA_DPE_INIT_DEFAULT;

    setup(f);
    c = &f->dpe.ctx[0];
    g_assert_cmpuint(c->state, ==, CALIPTRA_DPE_ACTIVE);
    g_assert_cmpmem(c->handle, 16, zero_handle, 16);
    g_assert_cmpuint(c->locality, ==, L0);
    g_assert_cmpuint(c->tci_type, ==, 0x52544a4d);
    g_assert_cmpuint(c->parent_idx, ==, CALIPTRA_DPE_ROOT_INDEX);
    g_assert_true(c->allow_ca && c->allow_x509);
    sha384(zero, HASH, first_measurement, HASH, want);
    g_assert_cmpmem(c->tci_cumulative, HASH, want, HASH);
    g_assert_cmpmem(c->tci_current, HASH, first_measurement, HASH);
    for (int i = 1; i < CALIPTRA_DPE_MAX_HANDLES; i++) {
        g_assert_cmpuint(f->dpe.ctx[i].state, ==, CALIPTRA_DPE_INACTIVE);
    }
    /* The default context exists already; flags must pick one kind */
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_INITIALIZE_CONTEXT, &body, 4),
                     ==, CALIPTRA_DPE_ARGUMENT_NOT_SUPPORTED);
    body = 0;
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_INITIALIZE_CONTEXT, &body, 4),
                     ==, CALIPTRA_DPE_INVALID_ARGUMENT);
    g_free(f);
}

static void test_derive(void)
{
    Fixture *f = g_new(Fixture, 1);
    const uint32_t mk = CALIPTRA_DPE_DERIVE_MAKE_DEFAULT |
                        CALIPTRA_DPE_DERIVE_ALLOW_CA |
                        CALIPTRA_DPE_DERIVE_ALLOW_X509;
    uint8_t child[16], data[HASH], zero[HASH] = { 0 }, want[HASH];

    setup(f);
    /* Unknown locality, unknown handle */
    g_assert_cmpuint(derive(f, 7, zero_handle, 1, mk, 0), ==,
                     CALIPTRA_DPE_INVALID_LOCALITY);
    g_assert_cmpuint(derive(f, L0, ff_handle, 1, mk, 0), ==,
                     CALIPTRA_DPE_INVALID_HANDLE);
    /* Exporting needs a certificate and excludes retain/recursion */
    g_assert_cmpuint(derive(f, L0, zero_handle, 1,
                            CALIPTRA_DPE_DERIVE_EXPORT_CDI, 0), ==,
                     CALIPTRA_DPE_INVALID_ARGUMENT);
    g_assert_cmpuint(derive(f, L0, zero_handle, 1,
                            CALIPTRA_DPE_DERIVE_RECURSIVE |
                            CALIPTRA_DPE_DERIVE_RETAIN_PARENT, 0), ==,
                     CALIPTRA_DPE_INVALID_ARGUMENT);
    /* A retained default parent cannot get a second default beside it */
    g_assert_cmpuint(derive(f, L0, zero_handle, 1,
                            mk | CALIPTRA_DPE_DERIVE_RETAIN_PARENT, 0), ==,
                     CALIPTRA_DPE_INVALID_ARGUMENT);

    /* Default to default: the parent retires, its handle is spent */
    g_assert_cmpuint(derive(f, L0, zero_handle, 2, mk, 0), ==, 0);
    g_assert_cmpmem(f->resp + R_HANDLE, 16, zero_handle, 16);
    g_assert_cmpmem(f->resp + R_PARENT, 16, ff_handle, 16);
    g_assert_cmpuint(f->dpe.ctx[0].state, ==, CALIPTRA_DPE_RETIRED);
    g_assert_cmphex(f->dpe.ctx[0].children, ==, 1u << 1);
    g_assert_cmpuint(f->dpe.ctx[1].parent_idx, ==, 0);
    memset(data, 2, HASH);
    sha384(zero, HASH, data, HASH, want);
    g_assert_cmpmem(f->dpe.ctx[1].tci_cumulative, HASH, want, HASH);
    g_assert_cmpuint(f->dpe.ctx[1].tci_type, ==, 0x54455354);

    /* Recursive: same context, cumulative TCI extended again */
    g_assert_cmpuint(derive(f, L0, zero_handle, 3,
                            CALIPTRA_DPE_DERIVE_RECURSIVE, 0), ==, 0);
    {
        uint8_t three[HASH];

        memset(three, 3, HASH);
        sha384(want, HASH, three, HASH, want);
        g_assert_cmpmem(f->dpe.ctx[1].tci_cumulative, HASH, want, HASH);
        g_assert_cmpmem(f->dpe.ctx[1].tci_current, HASH, three, HASH);
    }
    /* A recursive derive must keep the TCI type */
    {
        uint8_t b[76] = { 0 };

        stl_le_p(b + 64, CALIPTRA_DPE_DERIVE_RECURSIVE);
        stl_le_p(b + 68, 0x4f544852);
        g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_DERIVE_CONTEXT, b,
                             sizeof(b)), ==, CALIPTRA_DPE_INVALID_ARGUMENT);
    }

    /* Default to a non-default child: a fresh random handle */
    g_assert_cmpuint(derive(f, L0, zero_handle, 4, 0, 0), ==, 0);
    memcpy(child, f->resp + R_HANDLE, 16);
    g_assert_false(!memcmp(child, zero_handle, 16));
    g_assert_cmpint(caliptra_dpe_find(&f->dpe, child, L0), ==, 2);
    g_assert_false(f->dpe.ctx[2].allow_x509);
    /* No ALLOW_X509 in it: its children may not ask for it */
    g_assert_cmpuint(derive(f, L0, child, 5, CALIPTRA_DPE_DERIVE_ALLOW_X509,
                            0), ==, CALIPTRA_DPE_INVALID_ARGUMENT);
    g_free(f);
}

static void test_max_contexts(void)
{
    Fixture *f = g_new(Fixture, 1);
    const uint32_t fl = CALIPTRA_DPE_DERIVE_MAKE_DEFAULT |
                        CALIPTRA_DPE_DERIVE_RETAIN_PARENT |
                        CALIPTRA_DPE_DERIVE_CHANGE_LOCALITY;

    setup(f);
    /* 31 children, each the default context of its own locality */
    for (int i = 1; i < CALIPTRA_DPE_MAX_HANDLES; i++) {
        g_assert_cmpuint(derive(f, L0, zero_handle, i, fl, 100 + i), ==, 0);
    }
    g_assert_cmpuint(derive(f, L0, zero_handle, 99, fl, 99), ==,
                     CALIPTRA_DPE_MAX_TCIS);
    g_assert_cmphex(f->dpe.ctx[0].children, ==, 0xfffffffe);
    g_free(f);
}

static void test_sign(void)
{
    Fixture *f = g_new(Fixture, 1);
    uint8_t b[116] = { 0 }, label[HASH];
    CaliptraEccKey k;

    setup(f);
    memset(label, 0x6c, HASH);
    memcpy(b + 16, label, HASH);
    memset(b + 68, 0xd1, HASH);            /* the digest to sign */
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_SIGN, b, sizeof(b)), ==, 0);
    /* The default handle is not one-time */
    g_assert_cmpmem(f->resp + R_HANDLE, 16, zero_handle, 16);
    key_of(f, 0, label, &k);
    g_assert_cmpint(caliptra_ecdsa_p384_verify(k.x, k.y, f->resp + R_SIG_R,
                                               f->resp + R_SIG_S, b + 68),
                    ==, CALIPTRA_ECDSA_OK);

    /* A simulation context cannot sign */
    stl_le_p(b, CALIPTRA_DPE_INIT_SIMULATION);
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_INITIALIZE_CONTEXT, b, 4), ==,
                     0);
    memcpy(b, f->resp + R_HANDLE, 16);
    g_assert_false(!memcmp(b, zero_handle, 16));
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_SIGN, b, sizeof(b)), ==,
                     CALIPTRA_DPE_INVALID_ARGUMENT);
    g_free(f);
}

/* DER: the TLV at @p; its content and the whole TLV's length */
static const uint8_t *tlv(const uint8_t *p, uint8_t tag, size_t *len,
                          size_t *total)
{
    size_t hdr = 2, n = p[1];

    g_assert_cmphex(p[0], ==, tag);
    if (n == 0x81) {
        n = p[2];
        hdr = 3;
    } else if (n == 0x82) {
        n = lduw_be_p(p + 2);
        hdr = 4;
    }
    *len = n;
    if (total) {
        *total = hdr + n;
    }
    return p + hdr;
}

/* Check a SEQUENCE { body, alg, BIT STRING { SEQUENCE { r, s } } } */
static void verify_signed(const uint8_t *der, const uint8_t pub[96],
                          const uint8_t **body, size_t *body_len)
{
    const uint8_t *p, *q;
    uint8_t digest[HASH], r[HASH] = { 0 }, s[HASH] = { 0 };
    size_t len, total, n;

    p = tlv(der, 0x30, &len, NULL);
    tlv(p, 0x30, &n, &total);
    *body = p;
    *body_len = total;
    sha384(p, total, NULL, 0, digest);
    p += total;
    tlv(p, 0x30, &n, &total);
    p += total;
    p = tlv(p, 0x03, &n, NULL);
    q = tlv(p + 1, 0x30, &n, NULL);
    p = tlv(q, 0x02, &n, &total);
    memcpy(r + HASH - MIN(n, HASH), p + n - MIN(n, HASH), MIN(n, HASH));
    p = tlv(q + total, 0x02, &n, NULL);
    memcpy(s + HASH - MIN(n, HASH), p + n - MIN(n, HASH), MIN(n, HASH));
    g_assert_cmpint(caliptra_ecdsa_p384_verify(pub, pub + HASH, r, s, digest),
                    ==, CALIPTRA_ECDSA_OK);
}

static void certify(Fixture *f, int idx, uint32_t format, uint8_t label[HASH],
                    CaliptraEccKey *k)
{
    uint8_t b[72] = { 0 };

    memset(label, 0x4b, HASH);
    stl_le_p(b + 20, format);
    memcpy(b + 24, label, HASH);
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_CERTIFY_KEY, b, sizeof(b)), ==,
                     0);
    key_of(f, idx, label, k);
    g_assert_cmpmem(f->resp + R_PUB, HASH, k->x, HASH);
    g_assert_cmpmem(f->resp + R_PUB + HASH, HASH, k->y, HASH);
    g_assert_cmpuint(ldl_le_p(f->resp + R_CERT_SIZE), >, 300);
    g_assert_cmpuint(ldl_le_p(f->resp + R_CERT_SIZE), <=,
                     CALIPTRA_DPE_MAX_CERT);
}

static bool has(const uint8_t *p, size_t len, const void *s, size_t slen)
{
    return memmem(p, len, s, slen) != NULL;
}

static void test_certify_x509(void)
{
    Fixture *f = g_new(Fixture, 1);
    static const uint8_t multi_tcb_crit[] = {
        0x06, 0x06, 0x67, 0x81, 0x05, 0x05, 0x04, 0x05, 0x01, 0x01, 0xff };
    uint8_t label[HASH], pub[97], digest[HASH], serial[20];
    const uint8_t *tbs;
    size_t tbs_len;
    CaliptraEccKey k;

    setup(f);
    g_assert_cmpuint(derive(f, L0, zero_handle, 9,
                            CALIPTRA_DPE_DERIVE_MAKE_DEFAULT |
                            CALIPTRA_DPE_DERIVE_ALLOW_X509, 0), ==, 0);
    certify(f, 1, CALIPTRA_DPE_FORMAT_X509, label, &k);
    verify_signed(f->resp + R_CERT, f->alias_pub, &tbs, &tbs_len);

    /* Serial: the first 20 hex digits of SHA-384(the key), as ASCII */
    pub[0] = 4;
    memcpy(pub + 1, k.x, HASH);
    memcpy(pub + 1 + HASH, k.y, HASH);
    sha384(pub, sizeof(pub), NULL, 0, digest);
    for (int i = 0; i < 10; i++) {
        char hex[3];

        snprintf(hex, sizeof(hex), "%02X", digest[i]);
        memcpy(serial + 2 * i, hex, 2);
    }
    /* TBS header (4), version [0] (5), INTEGER of 20 bytes */
    g_assert_cmphex(tbs[9], ==, 0x02);
    g_assert_cmphex(tbs[10], ==, 20);
    g_assert_cmpmem(tbs + 11, 20, serial, 20);
    g_assert_true(has(tbs, tbs_len, pub, sizeof(pub)));
    g_assert_true(has(tbs, tbs_len, "DPE Leaf", 8));
    g_assert_true(has(tbs, tbs_len, "Caliptra 1.0 Rt Alias", 21));
    g_assert_true(has(tbs, tbs_len, "99991231235959Z", 15));
    /* The label is the UEID; both contexts' TCIs are in the MultiTcbInfo */
    g_assert_true(has(tbs, tbs_len, label, HASH));
    g_assert_true(has(tbs, tbs_len, multi_tcb_crit, sizeof(multi_tcb_crit)));
    g_assert_true(has(tbs, tbs_len, f->dpe.ctx[0].tci_cumulative, HASH));
    g_assert_true(has(tbs, tbs_len, f->dpe.ctx[1].tci_cumulative, HASH));

    /* A context without ALLOW_X509 gets no certificate */
    {
        uint8_t b[72] = { 0 };

        g_assert_cmpuint(derive(f, L0, zero_handle, 10,
                                CALIPTRA_DPE_DERIVE_MAKE_DEFAULT, 0), ==, 0);
        g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_CERTIFY_KEY, b, sizeof(b)),
                         ==, CALIPTRA_DPE_INVALID_ARGUMENT);
        stl_le_p(b + 20, 7);
        g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_CERTIFY_KEY, b, sizeof(b)),
                         ==, CALIPTRA_DPE_INVALID_ARGUMENT);
    }
    g_free(f);
}

static void test_certify_csr(void)
{
    Fixture *f = g_new(Fixture, 1);
    static const uint8_t signed_data[] = {
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02 };
    uint8_t label[HASH], pub[96], sha[32], ski_tlv[24], digest[HASH];
    const uint8_t *p, *csr, *info, *sig;
    size_t len, csr_len, info_len, total;
    uint8_t r[HASH] = { 0 }, s[HASH] = { 0 };
    CaliptraEccKey k;

    setup(f);
    certify(f, 0, CALIPTRA_DPE_FORMAT_CSR, label, &k);
    p = tlv(f->resp + R_CERT, 0x30, &len, NULL);
    g_assert_cmpmem(p, sizeof(signed_data), signed_data, sizeof(signed_data));
    p = tlv(p + sizeof(signed_data), 0xa0, &len, NULL);
    p = tlv(p, 0x30, &len, NULL);
    /* version 3, digestAlgorithms, encapContentInfo { data, [0] csr } */
    tlv(p, 0x02, &len, &total);
    p += total;
    tlv(p, 0x31, &len, &total);
    p += total;
    csr = tlv(p, 0x30, &len, &total);
    sig = p + total;
    tlv(csr, 0x06, &len, &total);
    csr = tlv(tlv(csr + total, 0xa0, &len, NULL), 0x04, &csr_len, NULL);
    /* The CSR is signed by the new key */
    memcpy(pub, k.x, HASH);
    memcpy(pub + HASH, k.y, HASH);
    verify_signed(csr, pub, &info, &info_len);
    g_assert_true(has(info, info_len, label, HASH));

    /* The SignerInfo: sid = the alias key's SHA-256 id, signs the CSR */
    p = tlv(tlv(sig, 0x31, &len, NULL), 0x30, &len, NULL);
    tlv(p, 0x02, &len, &total);
    p += total;
    {
        uint8_t apub[97] = { 4 };

        memcpy(apub + 1, f->alias_pub, 96);
        gcry_md_hash_buffer(GCRY_MD_SHA256, sha, apub, sizeof(apub));
    }
    ski_tlv[0] = 0x80;
    ski_tlv[1] = 22;
    ski_tlv[2] = 0x04;
    ski_tlv[3] = 20;
    memcpy(ski_tlv + 4, sha, 20);
    g_assert_cmpmem(p, sizeof(ski_tlv), ski_tlv, sizeof(ski_tlv));
    p += sizeof(ski_tlv);
    tlv(p, 0x30, &len, &total);             /* sha384 */
    p += total;
    tlv(p, 0x30, &len, &total);             /* ecdsa-with-SHA384 */
    p += total;
    p = tlv(tlv(p, 0x04, &len, NULL), 0x30, &len, NULL);
    {
        const uint8_t *i = tlv(p, 0x02, &len, &total);

        memcpy(r + HASH - MIN(len, HASH), i + len - MIN(len, HASH),
               MIN(len, HASH));
        i = tlv(p + total, 0x02, &len, NULL);
        memcpy(s + HASH - MIN(len, HASH), i + len - MIN(len, HASH),
               MIN(len, HASH));
    }
    tlv(csr, 0x30, &len, &total);
    sha384(csr, total, NULL, 0, digest);
    g_assert_cmpint(caliptra_ecdsa_p384_verify(f->alias_pub,
                                               f->alias_pub + HASH, r, s,
                                               digest),
                    ==, CALIPTRA_ECDSA_OK);
    g_free(f);
}

static void test_rotate_destroy(void)
{
    Fixture *f = g_new(Fixture, 1);
    uint8_t b[20] = { 0 }, child[16], rotated[16];

    setup(f);
    /* A non-default child of the default context */
    g_assert_cmpuint(derive(f, L0, zero_handle, 1, 0, 0), ==, 0);
    memcpy(child, f->resp + R_HANDLE, 16);
    memcpy(b, child, 16);
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_ROTATE_CONTEXT_HANDLE, b, 20),
                     ==, 0);
    memcpy(rotated, f->resp + R_HANDLE, 16);
    g_assert_false(!memcmp(rotated, child, 16));
    g_assert_cmpint(caliptra_dpe_find(&f->dpe, child, L0), ==,
                    -CALIPTRA_DPE_INVALID_HANDLE);
    /* The locality's only context may become its default */
    memcpy(b, rotated, 16);
    stl_le_p(b + 16, 1u << 31);
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_ROTATE_CONTEXT_HANDLE, b, 20),
                     ==, 0);
    g_assert_cmpmem(f->resp + R_HANDLE, 16, zero_handle, 16);
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_ROTATE_CONTEXT_HANDLE, b, 20),
                     ==, CALIPTRA_DPE_INVALID_HANDLE);

    /* Destroying it takes the retired parent that only lived for it */
    g_assert_cmpuint(f->dpe.ctx[0].state, ==, CALIPTRA_DPE_RETIRED);
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_DESTROY_CONTEXT, zero_handle,
                         16), ==, 0);
    for (int i = 0; i < CALIPTRA_DPE_MAX_HANDLES; i++) {
        g_assert_cmpuint(f->dpe.ctx[i].state, ==, CALIPTRA_DPE_INACTIVE);
        g_assert_cmphex(f->dpe.ctx[i].children, ==, 0);
    }
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_DESTROY_CONTEXT, zero_handle,
                         16), ==, CALIPTRA_DPE_INVALID_LOCALITY);
    g_free(f);
}

static void test_cert_chain(void)
{
    Fixture *f = g_new(Fixture, 1);
    uint32_t b[2];

    setup(f);
    b[0] = cpu_to_le32(1000);
    b[1] = cpu_to_le32(2048);
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_GET_CERTIFICATE_CHAIN, b, 8),
                     ==, 0);
    g_assert_cmpuint(ldl_le_p(f->resp + 12), ==, 2000);
    g_assert_cmpmem(f->resp + 16, 2000, f->chain + 1000, 2000);
    b[1] = cpu_to_le32(2049);
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_GET_CERTIFICATE_CHAIN, b, 8),
                     ==, CALIPTRA_DPE_INVALID_ARGUMENT);
    b[0] = cpu_to_le32(3000);
    b[1] = cpu_to_le32(16);
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_GET_CERTIFICATE_CHAIN, b, 8),
                     ==, CALIPTRA_DPE_PLATFORM_CERT_CHAIN);
    g_free(f);
}

static void test_export(void)
{
    Fixture *f = g_new(Fixture, 1);
    static const uint8_t bc_ca[] = {
        0x06, 0x03, 0x55, 0x1d, 0x13, 0x01, 0x01, 0xff,
        0x04, 0x05, 0x30, 0x03, 0x01, 0x01, 0xff };
    const uint32_t fl = CALIPTRA_DPE_DERIVE_EXPORT_CDI |
                        CALIPTRA_DPE_DERIVE_CREATE_CERT;
    uint8_t handle[32], pub[96], r[HASH], s[HASH], digest[HASH];
    const uint8_t *tbs;
    size_t tbs_len;

    setup(f);
    g_assert_cmpuint(derive(f, L0, zero_handle, 1, fl, 0), ==, 0);
    /* Both context handles read as invalid, the tree is unchanged */
    g_assert_cmpmem(f->resp + 12, 16, ff_handle, 16);
    g_assert_cmpmem(f->resp + 28, 16, ff_handle, 16);
    g_assert_cmpuint(f->dpe.ctx[0].state, ==, CALIPTRA_DPE_ACTIVE);
    memcpy(handle, f->resp + 44, 32);
    verify_signed(f->resp + 80, f->alias_pub, &tbs, &tbs_len);
    g_assert_true(has(tbs, tbs_len, bc_ca, sizeof(bc_ca)));
    g_assert_true(has(tbs, tbs_len, f->ueid, sizeof(f->ueid)));

    memset(digest, 0x5e, HASH);
    g_assert_true(caliptra_dpe_sign_exported(&f->env, handle, digest, pub, r,
                                             s));
    g_assert_true(has(tbs, tbs_len, pub, 96));
    g_assert_cmpint(caliptra_ecdsa_p384_verify(pub, pub + HASH, r, s, digest),
                    ==, CALIPTRA_ECDSA_OK);
    handle[0] ^= 1;
    g_assert_false(caliptra_dpe_sign_exported(&f->env, handle, digest, pub,
                                              r, s));
    /* One slot: a second export is refused */
    g_assert_cmpuint(derive(f, L0, zero_handle, 2, fl, 0), ==,
                     CALIPTRA_DPE_CRYPTO_DUPLICATE_CDI);
    g_free(f);
}

/* Contexts that ask for the profile and the certificate chain as input */
static void test_internal_inputs(void)
{
    Fixture *f = g_new(Fixture, 1);
    uint8_t b[116] = { 0 }, label[HASH];
    CaliptraEccKey k;

    setup(f);
    g_assert_cmpuint(derive(f, L0, zero_handle, 7,
                            CALIPTRA_DPE_DERIVE_MAKE_DEFAULT |
                            CALIPTRA_DPE_DERIVE_INTERNAL_INFO |
                            CALIPTRA_DPE_DERIVE_INTERNAL_DICE, 0), ==, 0);
    g_assert_true(f->dpe.ctx[1].internal_info && f->dpe.ctx[1].internal_dice);
    memset(label, 0x11, HASH);
    memcpy(b + 16, label, HASH);
    memset(b + 68, 0x22, HASH);
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_SIGN, b, sizeof(b)), ==, 0);
    key_of(f, 1, label, &k);
    g_assert_cmpint(caliptra_ecdsa_p384_verify(k.x, k.y, f->resp + R_SIG_R,
                                               f->resp + R_SIG_S, b + 68),
                    ==, CALIPTRA_ECDSA_OK);
    /* The chain is an input: another chain, another key */
    f->chain[0] ^= 1;
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_SIGN, b, sizeof(b)), ==, 0);
    g_assert_cmpint(caliptra_ecdsa_p384_verify(k.x, k.y, f->resp + R_SIG_R,
                                               f->resp + R_SIG_S, b + 68),
                    !=, CALIPTRA_ECDSA_OK);
    g_free(f);
}

/* RETAIN_PARENT: both stay active, a non-default parent gets a new handle */
static void test_retain_parent(void)
{
    Fixture *f = g_new(Fixture, 1);
    uint8_t parent[16], sibling[16];

    setup(f);
    g_assert_cmpuint(derive(f, L0, zero_handle, 1, 0, 0), ==, 0);
    memcpy(parent, f->resp + R_HANDLE, 16);
    g_assert_cmpuint(derive(f, L0, parent, 2,
                            CALIPTRA_DPE_DERIVE_RETAIN_PARENT, 0), ==, 0);
    g_assert_false(!memcmp(f->resp + R_PARENT, parent, 16));
    g_assert_false(!memcmp(f->resp + R_PARENT, ff_handle, 16));
    g_assert_cmpint(caliptra_dpe_find(&f->dpe, f->resp + R_PARENT, L0), ==,
                    1);
    g_assert_cmpint(caliptra_dpe_find(&f->dpe, parent, L0), ==,
                    -CALIPTRA_DPE_INVALID_HANDLE);
    g_assert_cmpuint(f->dpe.ctx[1].state, ==, CALIPTRA_DPE_ACTIVE);
    g_assert_cmphex(f->dpe.ctx[1].children, ==, 1u << 2);
    memcpy(sibling, f->resp + R_PARENT, 16);
    /* Two children now: destroying one leaves the parent */
    g_assert_cmpuint(derive(f, L0, sibling, 3,
                            CALIPTRA_DPE_DERIVE_RETAIN_PARENT, 0), ==, 0);
    memcpy(sibling, f->resp + R_HANDLE, 16);
    g_assert_cmpuint(run(f, L0, CALIPTRA_DPE_DESTROY_CONTEXT, sibling, 16),
                     ==, 0);
    g_assert_cmpuint(f->dpe.ctx[1].state, ==, CALIPTRA_DPE_ACTIVE);
    g_assert_cmphex(f->dpe.ctx[1].children, ==, 1u << 2);
    g_free(f);
}

/*
 * The extension encodings caliptra-dpe's writer produces for a leaf,
 * BOOLEANs included where DER would drop a FALSE: key usage
 * digitalSignature (7 unused bits), cA FALSE, the tcg-dice-kp-attestLoc
 * EKU, the AKI as a [0] key identifier; and a TcbInfo as
 * { fwids [6] { current, cumulative }, vendorInfo [8] locality (BE),
 * type [9] (LE) }
 */
static void test_certify_layout(void)
{
    Fixture *f = g_new(Fixture, 1);
    static const uint8_t key_usage[] = {
        0x30, 0x0e, 0x06, 0x03, 0x55, 0x1d, 0x0f, 0x01, 0x01, 0xff,
        0x04, 0x04, 0x03, 0x02, 0x07, 0x80 };
    static const uint8_t basic_constraints[] = {
        0x30, 0x0f, 0x06, 0x03, 0x55, 0x1d, 0x13, 0x01, 0x01, 0xff,
        0x04, 0x05, 0x30, 0x03, 0x01, 0x01, 0x00 };
    static const uint8_t eku[] = {
        0x30, 0x15, 0x06, 0x03, 0x55, 0x1d, 0x25, 0x01, 0x01, 0xff,
        0x04, 0x0b, 0x30, 0x09, 0x06, 0x07, 0x67, 0x81, 0x05, 0x05,
        0x04, 0x64, 0x09 };
    static const uint8_t aki_head[] = {
        0x30, 0x22, 0x06, 0x03, 0x55, 0x1d, 0x23, 0x01, 0x01, 0x00,
        0x04, 0x18, 0x30, 0x16, 0x80, 0x14 };
    uint8_t label[HASH], tcb_tail[12], apub[97] = { 4 }, sha[32];
    const uint8_t *tbs, *p;
    size_t tbs_len;
    CaliptraEccKey k;

    setup(f);
    certify(f, 0, CALIPTRA_DPE_FORMAT_X509, label, &k);
    verify_signed(f->resp + R_CERT, f->alias_pub, &tbs, &tbs_len);
    g_assert_true(has(tbs, tbs_len, key_usage, sizeof(key_usage)));
    g_assert_true(has(tbs, tbs_len, basic_constraints,
                      sizeof(basic_constraints)));
    g_assert_true(has(tbs, tbs_len, eku, sizeof(eku)));
    p = memmem(tbs, tbs_len, aki_head, sizeof(aki_head));
    g_assert_nonnull(p);
    memcpy(apub + 1, f->alias_pub, 96);
    gcry_md_hash_buffer(GCRY_MD_SHA256, sha, apub, sizeof(apub));
    g_assert_cmpmem(p + sizeof(aki_head), 20, sha, 20);
    /* The AKI closes the extensions: no SKI and no SAN on a leaf */
    g_assert_true(p + sizeof(aki_head) + 20 == tbs + tbs_len);

    /* The root's TcbInfo: current and cumulative FWIDs, then its tail */
    g_assert_true(has(tbs, tbs_len, first_measurement, HASH));
    tcb_tail[0] = 0x88;
    tcb_tail[1] = 4;
    stl_be_p(tcb_tail + 2, L0);
    tcb_tail[6] = 0x89;
    tcb_tail[7] = 4;
    stl_le_p(tcb_tail + 8, 0x52544a4d);
    p = memmem(tbs, tbs_len, tcb_tail, sizeof(tcb_tail));
    g_assert_nonnull(p);
    g_assert_cmpmem(p - HASH, HASH, f->dpe.ctx[0].tci_cumulative, HASH);
    g_free(f);
}

/*
 * Random commands, with handles taken from the table half of the time:
 * every answer is well-formed and the tree stays a tree
 */
static void test_random_commands(void)
{
    static const uint32_t ids[] = {
        CALIPTRA_DPE_INITIALIZE_CONTEXT, CALIPTRA_DPE_DERIVE_CONTEXT,
        CALIPTRA_DPE_CERTIFY_KEY, CALIPTRA_DPE_SIGN,
        CALIPTRA_DPE_ROTATE_CONTEXT_HANDLE, CALIPTRA_DPE_DESTROY_CONTEXT,
        CALIPTRA_DPE_GET_CERTIFICATE_CHAIN,
    };
    Fixture *f = g_new(Fixture, 1);
    GRand *rand = g_rand_new_with_seed(0xd9e);
    uint8_t body[116];
    int ok = 0;

    setup(f);
    for (int n = 0; n < 600; n++) {
        uint32_t id = ids[g_rand_int_range(rand, 0, ARRAY_SIZE(ids))];
        uint32_t locality = g_rand_boolean(rand) ? L0 : 100 + n % 3;
        const CaliptraDpeContext *c = NULL;
        uint32_t status;

        for (int i = g_rand_int_range(rand, 0, CALIPTRA_DPE_MAX_HANDLES), k = 0;
             k < CALIPTRA_DPE_MAX_HANDLES && !c; k++) {
            const CaliptraDpeContext *x =
                &f->dpe.ctx[(i + k) % CALIPTRA_DPE_MAX_HANDLES];

            c = x->state == CALIPTRA_DPE_ACTIVE ? x : NULL;
        }

        for (int i = 0; i < sizeof(body); i++) {
            body[i] = g_rand_int(rand);
        }
        /* Plausible fields: defined flag bits, formats, chain ranges */
        stl_le_p(body + 64, g_rand_int(rand) & 0xffc00000);
        stl_le_p(body + 20, g_rand_int_range(rand, 0, 3));
        if (c && g_rand_int_range(rand, 0, 4)) {
            memcpy(body, c->handle, 16);
            locality = c->locality;
        }
        if (id == CALIPTRA_DPE_GET_CERTIFICATE_CHAIN) {
            stl_le_p(body, g_rand_int_range(rand, 0, 3500));
            stl_le_p(body + 4, g_rand_int_range(rand, 0, 2100));
        }
        status = run(f, locality, id, body, sizeof(body));
        ok += !status;
        if (!f->dpe.has_initialized || !c) {
            /* Everything destroyed: start again */
            setup(f);
        }

        for (int i = 0; i < CALIPTRA_DPE_MAX_HANDLES; i++) {
            const CaliptraDpeContext *x = &f->dpe.ctx[i];

            if (x->state == CALIPTRA_DPE_INACTIVE) {
                g_assert_cmphex(x->children, ==, 0);
                continue;
            }
            if (x->parent_idx != CALIPTRA_DPE_ROOT_INDEX) {
                g_assert_cmpuint(x->parent_idx, <, CALIPTRA_DPE_MAX_HANDLES);
                g_assert_true(f->dpe.ctx[x->parent_idx].children &
                              (1u << i));
            }
            for (int j = 0; j < CALIPTRA_DPE_MAX_HANDLES; j++) {
                if (x->children & (1u << j)) {
                    g_assert_cmpuint(f->dpe.ctx[j].parent_idx, ==, i);
                }
            }
        }
    }
    /* Not all refused: the table was really exercised */
    g_assert_cmpint(ok, >, 100);
    g_rand_free(rand);
    g_free(f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qcrypto_init(&error_abort);

    g_test_add_func("/caliptra/dpe/profile", test_profile);
    g_test_add_func("/caliptra/dpe/auto-init", test_auto_init);
    g_test_add_func("/caliptra/dpe/derive", test_derive);
    g_test_add_func("/caliptra/dpe/max-contexts", test_max_contexts);
    g_test_add_func("/caliptra/dpe/sign", test_sign);
    g_test_add_func("/caliptra/dpe/certify-x509", test_certify_x509);
    g_test_add_func("/caliptra/dpe/certify-csr", test_certify_csr);
    g_test_add_func("/caliptra/dpe/rotate-destroy", test_rotate_destroy);
    g_test_add_func("/caliptra/dpe/cert-chain", test_cert_chain);
    g_test_add_func("/caliptra/dpe/export", test_export);
    g_test_add_func("/caliptra/dpe/internal-inputs", test_internal_inputs);
    g_test_add_func("/caliptra/dpe/retain-parent", test_retain_parent);
    g_test_add_func("/caliptra/dpe/certify-layout", test_certify_layout);
    g_test_add_func("/caliptra/dpe/random-commands", test_random_commands);
    return g_test_run();
}
