/*
 * QTest of the Caliptra 1.2 runtime's DPE and the mailbox commands
 * around it, on the ast2700fc machine
 *
 * Every key and TCI is recomputed here from caliptra-sw's default fuses
 * and its published recipes: the runtime CDI from its known LDevID CDI
 * (derive.rs) and the bundle, DPE's measurement of a context chain, its
 * CDI and key derivation, with libgcrypt; PCR values come from
 * QUOTE_PCRS, which caliptra-runtime-test's /caliptra/runtime/quote-pcrs
 * checks against its own recomputation.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "libqtest.h"
#include <gcrypt.h>
#include "caliptra-crypto-utils.h"
#include "caliptra-utils.h"
#include "caliptra-vectors.h"
#include "../../contrib/caliptra-bundle/caliptra-bundle.h"

/* DPE commands and statuses (DPE iRoT profile, caliptra-dpe) */
#define DPE_GET_PROFILE         0x01
#define DPE_INITIALIZE_CONTEXT  0x07
#define DPE_DERIVE_CONTEXT      0x08
#define DPE_CERTIFY_KEY         0x09
#define DPE_SIGN                0x0a
#define DPE_DESTROY_CONTEXT     0x0f
#define DPE_GET_CERT_CHAIN      0x10
#define DPE_INVALID_HANDLE      0x1000
#define DPE_INVALID_LOCALITY    0x1001
#define DERIVE_EXPORT_CREATE    ((1u << 23) | (1u << 22))
#define DERIVE_MAKE_DEFAULT     (1u << 28)
#define DERIVE_ALLOW_CA_X509    ((1u << 26) | (1u << 25))

/* Runtime errors (caliptra-sw error/src/lib.rs) */
#define ERR_INSUFFICIENT_MEMORY     0x000e0003
#define ERR_INVALID_CHECKSUM        0x000e0005
#define ERR_INVALID_PARAMS          0x000e0009
#define ERR_PAUSER_PRIVILEGE        0x000e0016
#define ERR_TAGGING_FAILURE         0x000e001e
#define ERR_DUPLICATE_TAG           0x000e001f
#define ERR_ALREADY_TAGGED          0x000e0020
#define ERR_DPE_DESERIALIZATION     0x000e0027
#define ERR_PL0_THRESHOLD_REACHED   0x000e0037
#define ERR_PL1_THRESHOLD_REACHED   0x000e0038
#define ERR_DMTF_INFO_INVALID       0x000e003e
#define ERR_SIGN_EXPORTED_KEY       0x000e0054

/* ast2700fc's SoC PAUSER is 1: the manifest makes it PL0 */
#define PL0                     1
#define PL1                     2
#define LOCALITY_CALIPTRA       0xffffffff
#define RESP_MAX                (8 + 4 + 6556)
#define MAX_NODES               20

/* What the test expects of a DPE context (TciNodeData and flags) */
typedef struct Node {
    uint32_t type;
    uint8_t cumulative[48];
    uint8_t current[48];
    uint32_t locality;
} Node;

typedef struct Rt {
    CaliptraDev *d;
    uint8_t rt_cdi[48];
    uint8_t alias_pub[96];
    uint8_t pcr3[48];
    Node nodes[MAX_NODES];      /* the default PL0 context's chain, root 0 */
    int n_nodes;
    uint8_t resp[RESP_MAX];
    size_t len;
} Rt;

static uint8_t fmc_image[1024];
static uint8_t rt_image[2048];

static void spec_init(CbSpec *spec, uint32_t flags, uint8_t rt_seed)
{
    memset(spec, 0, sizeof(*spec));
    for (int i = 0; i < sizeof(fmc_image); i++) {
        fmc_image[i] = i * 13 + 1;
    }
    for (int i = 0; i < sizeof(rt_image); i++) {
        rt_image[i] = i * 7 + rt_seed;
    }
    cb_fake_keys(spec);
    cb_default_images(spec, fmc_image, sizeof(fmc_image), rt_image,
                      sizeof(rt_image));
    spec->flags = flags;
    spec->pl0_pauser = PL0;
}

static void set_pauser(Rt *rt, uint32_t pauser)
{
    qtest_qmp_assert_success(rt->d->qts, "{ 'execute': 'qom-set', "
                             "'arguments': { 'path': %s, 'property': "
                             "'soc-pauser', 'value': %u } }",
                             rt->d->qom_path, pauser);
}

static uint32_t rt_cmd(Rt *rt, uint32_t cmd, const void *body, size_t len)
{
    return cptra_rt_exec(rt->d, cmd, body, len, rt->resp, sizeof(rt->resp),
                         &rt->len);
}

static void node_extend(Node *n, const uint8_t m[48])
{
    cptra_sha384(n->cumulative, 48, m, 48, n->cumulative);
    memcpy(n->current, m, 48);
}

static Node *node_add(Rt *rt, uint32_t type, uint32_t locality,
                      const uint8_t m[48])
{
    Node *n = &rt->nodes[rt->n_nodes++];

    memset(n, 0, sizeof(*n));
    n->type = type;
    n->locality = locality;
    node_extend(n, m);
    return n;
}

/* The runtime CDI and alias key: FMC alias from PCR0, then runtime */
static void rt_identity(Rt *rt, const uint8_t *bundle)
{
    uint8_t cdi_l[48], cdi_f[48], tci[96], seed[48], priv[48];
    uint8_t nonce[32] = { 0 };

    g_assert_cmpuint(rt_cmd(rt, CMD_QUOTE_PCRS, nonce, 32), ==, DATA_READY);
    memcpy(rt->pcr3, rt->resp + 8 + 3 * 48, 48);
    for (int i = 0; i < 48; i++) {
        sscanf(caliptra_default_ldevid_cdi + 2 * i, "%2hhx", &cdi_l[i]);
    }
    cptra_kdf(cdi_l, "fmc_alias_cdi", rt->resp + 8, 48, cdi_f);
    gcry_md_hash_buffer(GCRY_MD_SHA384, tci, rt_image, sizeof(rt_image));
    gcry_md_hash_buffer(GCRY_MD_SHA384, tci + 48, bundle, 5884);
    cptra_kdf(cdi_f, "rt_alias_cdi", tci, sizeof(tci), rt->rt_cdi);
    cptra_kdf(rt->rt_cdi, "rt_alias_keygen", NULL, 0, seed);
    cptra_drbg_key(seed, priv);
    cptra_p384_public(priv, rt->alias_pub);
}

/*
 * Boot to runtime with caliptra-sw's default secrets, the SoC PAUSER
 * (1) and a second one (2) valid and locked
 */
static Rt *rt_boot_stashed(uint32_t flags, int rom_stashes)
{
    Rt *rt = g_new0(Rt, 1);
    uint8_t pausers[8], hash[48];
    g_autofree uint8_t *b = NULL;
    size_t blen;
    CbSpec spec;

    rt->d = cptra_start(NULL);
    spec_init(&spec, flags, 5);
    b = cb_build(&spec, &blen);
    for (int i = 0; i < 12; i++) {
        soc_wr(rt->d, FUSE_UDS_SEED(i), caliptra_default_uds[i]);
    }
    for (int i = 0; i < 8; i++) {
        soc_wr(rt->d, FUSE_FIELD_ENTROPY(i), caliptra_default_fe[i]);
    }
    soc_wr(rt->d, MBOX_VALID_PAUSER(0), PL0);
    soc_wr(rt->d, MBOX_PAUSER_LOCK(0), 1);
    soc_wr(rt->d, MBOX_VALID_PAUSER(1), PL1);
    soc_wr(rt->d, MBOX_PAUSER_LOCK(1), 1);
    cptra_fuse_keys(rt->d, b);
    cptra_boot_to(rt->d, FLOW_READY_FOR_FW);
    /* Measurements the ROM stashes: each gets a DPE context at runtime */
    for (int i = 0; i < rom_stashes; i++) {
        uint8_t m[4 + 48 + 48 + 4] = { 0 };

        stl_le_p(m, 0x524f4d30 + i);            /* "ROM0", "ROM1", ... */
        memset(m + 4, 0xc0 + i, 48);
        g_assert_cmpuint(rt_cmd(rt, CMD_STASH_MEASUREMENT, m, sizeof(m)),
                         ==, DATA_READY);
        g_assert_cmphex(ldl_le_p(rt->resp + 8), ==, 0);
    }
    g_assert_cmpuint(cptra_mbox_exec(rt->d, CMD_FIRMWARE_LOAD, b, blen, NULL,
                                     0, NULL), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(rt->d, FLOW_READY_FOR_RT));
    rt_identity(rt, b);

    /* Runtime's DPE: the journey PCR, then the locked PAUSERs' hash */
    node_add(rt, 0x52544a4d, LOCALITY_CALIPTRA, rt->pcr3);
    stl_le_p(pausers, PL0);
    stl_le_p(pausers + 4, PL1);
    cptra_sha384(pausers, sizeof(pausers), NULL, 0, hash);
    node_add(rt, 0x4d425650, PL0, hash);
    for (int i = 0; i < rom_stashes; i++) {
        uint8_t m[48];

        memset(m, 0xc0 + i, sizeof(m));
        node_add(rt, 0x524f4d30 + i, PL0, m);
    }
    return rt;
}

static Rt *rt_boot(uint32_t flags)
{
    return rt_boot_stashed(flags, 0);
}

static void rt_stop(Rt *rt)
{
    cptra_stop(rt->d);
    g_free(rt);
}

/*
 * The key DPE derives for the default context with @label: measurement
 * over the chain leaf first, then CDI and key by the runtime's KDF
 */
static void dpe_key(Rt *rt, const uint8_t label[48], uint8_t priv[48],
                    uint8_t pub[96])
{
    g_autoptr(GByteArray) m = g_byte_array_new();
    uint8_t digest[48], ctx[48 + 3], context[48], cdi[48], seed[48];

    for (int i = rt->n_nodes - 1; i >= 0; i--) {
        uint8_t b[4 + 96 + 4 + 2];

        stl_le_p(b, rt->nodes[i].type);
        memcpy(b + 4, rt->nodes[i].cumulative, 48);
        memcpy(b + 52, rt->nodes[i].current, 48);
        stl_le_p(b + 100, rt->nodes[i].locality);
        b[104] = b[105] = 1;        /* allow_ca, allow_x509 */
        g_byte_array_append(m, b, sizeof(b));
    }
    cptra_sha384(m->data, m->len, NULL, 0, digest);
    memcpy(ctx, digest, 48);
    memcpy(ctx + 48, "DPE", 3);
    cptra_sha384(ctx, sizeof(ctx), NULL, 0, context);
    cptra_kdf(rt->rt_cdi, "derive_cdi", context, 48, cdi);
    cptra_kdf_bytes(cdi, label, 48, "ECC", 3, seed);
    cptra_drbg_key(seed, priv);
    cptra_p384_public(priv, pub);
}

/* INVOKE_DPE_COMMAND; the DPE response starts at resp + 12 */
static uint32_t invoke(Rt *rt, uint32_t id, const void *body, size_t blen)
{
    uint8_t req[4 + 512] = { 0 };

    stl_le_p(req, 12 + blen);
    stl_le_p(req + 4, 0x44504543);      /* "DPEC" */
    stl_le_p(req + 8, id);
    stl_le_p(req + 12, 4);              /* P384_SHA384 */
    if (blen) {                 /* body may be NULL then */
        memcpy(req + 16, body, blen);
    }
    return rt_cmd(rt, CMD_INVOKE_DPE, req, 4 + 12 + blen);
}

/* A DPE command that the runtime passed to DPE; DPE's status */
static uint32_t dpe(Rt *rt, uint32_t id, const void *body, size_t blen)
{
    g_assert_cmpuint(invoke(rt, id, body, blen), ==, DATA_READY);
    g_assert_cmphex(ldl_le_p(rt->resp + 12), ==, 0x44504552);   /* DPER */
    g_assert_cmpuint(ldl_le_p(rt->resp + 8), ==, rt->len - 12);
    return ldl_le_p(rt->resp + 16);
}

static void assert_rt_error(Rt *rt, uint32_t status, uint32_t code)
{
    g_assert_cmpuint(status, ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(rt->d, FW_ERROR_NON_FATAL), ==, code);
}

static bool has(const uint8_t *p, size_t len, const void *s, size_t slen)
{
    return memmem(p, len, s, slen) != NULL;
}

/* CertifyKey (X.509) of the default context: key and chain checked */
static void certify_default(Rt *rt, const uint8_t label[48],
                            const uint8_t **tbs, size_t *tbs_len)
{
    uint8_t b[72] = { 0 }, priv[48], pub[96];
    const uint8_t *r = rt->resp + 12;

    memcpy(b + 24, label, 48);
    g_assert_cmpuint(dpe(rt, DPE_CERTIFY_KEY, b, sizeof(b)), ==, 0);
    dpe_key(rt, label, priv, pub);
    g_assert_cmpmem(r + 28, 96, pub, 96);
    *tbs = cptra_cert_check(r + 128, ldl_le_p(r + 124), rt->alias_pub,
                            tbs_len);
    g_assert_true(has(*tbs, *tbs_len, pub, 96));
    for (int i = 0; i < rt->n_nodes; i++) {
        g_assert_true(has(*tbs, *tbs_len, rt->nodes[i].current, 48));
        g_assert_true(has(*tbs, *tbs_len, rt->nodes[i].cumulative, 48));
    }
}

static size_t get_cert(Rt *rt, uint32_t cmd, uint8_t *out)
{
    size_t n;

    g_assert_cmpuint(rt_cmd(rt, cmd, NULL, 0), ==, DATA_READY);
    n = ldl_le_p(rt->resp + 8);
    memcpy(out, rt->resp + 12, n);
    return n;
}

/* GetCertificateChain from @offset, all of it; returns its length */
static size_t cert_chain(Rt *rt, uint8_t *out, size_t max)
{
    size_t total = 0;

    for (;;) {
        uint32_t b[2] = { cpu_to_le32(total), cpu_to_le32(1000) };
        uint32_t st = dpe(rt, DPE_GET_CERT_CHAIN, b, sizeof(b));
        size_t n;

        if (st) {
            g_assert_cmphex(st, ==, 0x01000001);    /* past the end */
            return total;
        }
        n = ldl_le_p(rt->resp + 24);
        g_assert_cmpuint(n, >, 0);
        g_assert_cmpuint(total + n, <=, max);
        memcpy(out + total, rt->resp + 28, n);
        total += n;
    }
}

static void test_dpe_runtime_chain(void)
{
    Rt *rt = rt_boot(1);
    uint8_t label[48], b[116] = { 0 }, priv[48], pub[96], want[3072];
    uint8_t chain[4096];
    const uint8_t *tbs;
    size_t tbs_len, n = 0;

    /* GetProfile: profile 0.12, 32 contexts, vendor "CTRA" */
    g_assert_cmpuint(dpe(rt, DPE_GET_PROFILE, NULL, 0), ==, 0);
    g_assert_cmpuint(rt->len, ==, 12 + 32);
    g_assert_cmphex(ldl_le_p(rt->resp + 24), ==, 12 << 16);
    g_assert_cmphex(ldl_le_p(rt->resp + 28), ==, 0x43545241);
    g_assert_cmpuint(ldl_le_p(rt->resp + 36), ==, 32);

    /* The default PL0 context: runtime journey, then the PAUSER hash */
    memset(label, 0x4c, sizeof(label));
    certify_default(rt, label, &tbs, &tbs_len);
    g_assert_true(has(tbs, tbs_len, "DPE Leaf", 8));
    g_assert_true(has(tbs, tbs_len, "Caliptra 1.0 Rt Alias", 21));

    /* Sign: the same key signs any digest */
    memcpy(b + 16, label, 48);
    memset(b + 68, 0x99, 48);
    g_assert_cmpuint(dpe(rt, DPE_SIGN, b, sizeof(b)), ==, 0);
    dpe_key(rt, label, priv, pub);
    {
        uint8_t rs[96];

        memcpy(rs, rt->resp + 12 + 28, 96);
        g_assert_true(cptra_p384_verify(pub, b + 68, rs));
    }

    /* The chain: LDevID, FMC alias and runtime alias certificates */
    n += get_cert(rt, CMD_GET_LDEV_CERT, want + n);
    n += get_cert(rt, CMD_GET_FMC_ALIAS_CERT, want + n);
    n += get_cert(rt, CMD_GET_RT_ALIAS_CERT, want + n);
    g_assert_cmpuint(cert_chain(rt, chain, sizeof(chain)), ==, n);
    g_assert_cmpmem(chain, n, want, n);
    rt_stop(rt);
}

/* What the ROM stashed before runtime: a context each, in order */
static void test_dpe_rom_stash(void)
{
    Rt *rt = rt_boot_stashed(1, 3);
    uint8_t label[48];
    const uint8_t *tbs;
    size_t tbs_len;

    memset(label, 0x71, sizeof(label));
    certify_default(rt, label, &tbs, &tbs_len);
    g_assert_true(has(tbs, tbs_len, "2MOR", 4));  /* "ROM2", as stored */
    rt_stop(rt);
}

static void test_dpe_invoke_errors(void)
{
    Rt *rt = rt_boot(1);
    uint8_t req[600] = { 0 }, b[116] = { 0 };

    /* Checksum, sizes, and what DPE cannot parse */
    stl_le_p(req, 513);
    g_assert_cmpuint(cptra_mbox_exec(rt->d, CMD_INVOKE_DPE, req, 20, NULL, 0,
                                     NULL), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(rt->d, FW_ERROR_NON_FATAL), ==,
                    ERR_INVALID_CHECKSUM);
    assert_rt_error(rt, rt_cmd(rt, CMD_INVOKE_DPE, req, 16),
                    ERR_INVALID_PARAMS);
    assert_rt_error(rt, rt_cmd(rt, CMD_INVOKE_DPE, req, 517),
                    ERR_INSUFFICIENT_MEMORY);
    stl_le_p(req, 12);
    stl_le_p(req + 4, 0x44504543);
    stl_le_p(req + 8, DPE_SIGN);
    stl_le_p(req + 12, 4);
    assert_rt_error(rt, rt_cmd(rt, CMD_INVOKE_DPE, req, 16),
                    ERR_DPE_DESERIALIZATION);
    stl_le_p(req + 4, 0x44504544);
    stl_le_p(req + 8, DPE_GET_PROFILE);
    assert_rt_error(rt, rt_cmd(rt, CMD_INVOKE_DPE, req, 16),
                    ERR_DPE_DESERIALIZATION);

    /* DPE's own errors come back in a good mailbox answer */
    memset(b, 0xee, 16);
    g_assert_cmphex(dpe(rt, DPE_SIGN, b, sizeof(b)), ==, DPE_INVALID_HANDLE);
    g_assert_cmpuint(rt->len, ==, 12 + 12);

    /* PL1 has no context yet, and may not have X.509 certificates */
    set_pauser(rt, PL1);
    memset(b, 0, 16);
    g_assert_cmphex(dpe(rt, DPE_SIGN, b, sizeof(b)), ==,
                    DPE_INVALID_LOCALITY);
    assert_rt_error(rt, invoke(rt, DPE_CERTIFY_KEY, b, 72),
                    ERR_PAUSER_PRIVILEGE);
    g_assert_cmpuint(dpe(rt, DPE_GET_PROFILE, NULL, 0), ==, 0);

    /*
     * PL1 holds 16 contexts, counting every context outside PL0's
     * locality: runtime's root and 15 simulation contexts
     */
    {
        uint32_t sim = cpu_to_le32(1u << 31);
        int i;

        for (i = 0; i < 20; i++) {
            if (invoke(rt, DPE_INITIALIZE_CONTEXT, &sim, 4) != DATA_READY) {
                break;
            }
            g_assert_cmphex(ldl_le_p(rt->resp + 16), ==, 0);
        }
        g_assert_cmpint(i, ==, 15);
        g_assert_cmphex(soc_rd(rt->d, FW_ERROR_NON_FATAL), ==,
                        ERR_PL1_THRESHOLD_REACHED);
    }
    g_assert_true(soc_rd(rt->d, FLOW_STATUS) & FLOW_READY_FOR_RT);
    g_assert_cmphex(soc_rd(rt->d, FW_ERROR_FATAL), ==, 0);
    rt_stop(rt);
}

/*
 * After DISABLE_ATTESTATION DPE works on: its CDI is the zeroed runtime
 * CDI, KDF(0, "zero_rt_cdi"), and its issuer the key generated from it
 */
static void test_dpe_disable_attestation(void)
{
    Rt *rt = rt_boot(1);
    static const uint8_t zero[48];
    uint8_t label[48], priv[48];
    const uint8_t *tbs;
    size_t tbs_len;

    g_assert_cmpuint(rt_cmd(rt, CMD_DISABLE_ATTESTATION, NULL, 0), ==,
                     DATA_READY);
    cptra_kdf(zero, "zero_rt_cdi", NULL, 0, rt->rt_cdi);
    cptra_drbg_key(rt->rt_cdi, priv);
    cptra_p384_public(priv, rt->alias_pub);
    memset(label, 0x5a, sizeof(label));
    certify_default(rt, label, &tbs, &tbs_len);
    rt_stop(rt);
}

static uint32_t stash(Rt *rt, const char meta[4], uint8_t byte)
{
    uint8_t b[4 + 48 + 48 + 4] = { 0 };

    memcpy(b, meta, 4);
    memset(b + 4, byte, 48);
    return rt_cmd(rt, CMD_STASH_MEASUREMENT, b, sizeof(b));
}

static void test_runtime_stash_measurement(void)
{
    Rt *rt = rt_boot(1);
    uint8_t m[48], pcr31[48] = { 0 }, nonce[32] = { 0 }, label[48] = { 0 };
    const uint8_t *tbs;
    size_t tbs_len;
    int i;

    /* A new default context for the measurement, and PCR31 */
    g_assert_cmpuint(stash(rt, "ABCD", 0x61), ==, DATA_READY);
    g_assert_cmpuint(rt->len, ==, 12);
    g_assert_cmphex(ldl_le_p(rt->resp + 8), ==, 0);      /* dpe_result */
    memset(m, 0x61, sizeof(m));
    node_add(rt, ldl_le_p("ABCD"), PL0, m);
    cptra_sha384(pcr31, 48, m, 48, pcr31);
    g_assert_cmpuint(rt_cmd(rt, CMD_QUOTE_PCRS, nonce, 32), ==, DATA_READY);
    g_assert_cmpmem(rt->resp + 8 + 31 * 48, 48, pcr31, 48);
    certify_default(rt, label, &tbs, &tbs_len);
    g_assert_true(has(tbs, tbs_len, "ABCD", 4));

    /* Sizes, checksum, and PL1 */
    assert_rt_error(rt, rt_cmd(rt, CMD_STASH_MEASUREMENT, m, 48),
                    ERR_INSUFFICIENT_MEMORY);
    g_assert_cmpuint(cptra_mbox_exec(rt->d, CMD_STASH_MEASUREMENT, m, 48,
                                     NULL, 0, NULL), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(rt->d, FW_ERROR_NON_FATAL), ==,
                    ERR_INVALID_CHECKSUM);
    set_pauser(rt, PL1);
    assert_rt_error(rt, stash(rt, "EFGH", 1), ERR_PAUSER_PRIVILEGE);
    set_pauser(rt, PL0);

    /* PL0 may hold 16 contexts: the PAUSER one, and 15 measurements */
    for (i = 0; i < 20 && stash(rt, "LOOP", i) == DATA_READY; i++) {
        continue;
    }
    g_assert_cmpint(i, ==, 14);
    g_assert_cmphex(soc_rd(rt->d, FW_ERROR_NON_FATAL), ==,
                    ERR_PL0_THRESHOLD_REACHED);
    rt_stop(rt);
}

static uint32_t tag(Rt *rt, const uint8_t handle[16], uint32_t t)
{
    uint8_t b[20];

    memcpy(b, handle, 16);
    stl_le_p(b + 16, t);
    return rt_cmd(rt, CMD_DPE_TAG_TCI, b, sizeof(b));
}

static uint32_t get_tagged(Rt *rt, uint32_t t)
{
    uint8_t b[4];

    stl_le_p(b, t);
    return rt_cmd(rt, CMD_DPE_GET_TAGGED_TCI, b, sizeof(b));
}

static void test_runtime_tag_tci(void)
{
    Rt *rt = rt_boot(1);
    static const uint8_t def[16], bad[16] = { 1 };
    const Node *mbvp;
    uint8_t child[16], b[76] = { 0 };

    /* Tag the default context: its TCIs come back */
    g_assert_cmpuint(tag(rt, def, 0x1234), ==, DATA_READY);
    g_assert_cmpuint(get_tagged(rt, 0x1234), ==, DATA_READY);
    g_assert_cmpuint(rt->len, ==, 8 + 96);
    mbvp = &rt->nodes[1];
    g_assert_cmpmem(rt->resp + 8, 48, mbvp->cumulative, 48);
    g_assert_cmpmem(rt->resp + 56, 48, mbvp->current, 48);

    assert_rt_error(rt, tag(rt, def, 0x1234), ERR_DUPLICATE_TAG);
    assert_rt_error(rt, tag(rt, def, 0x5678), ERR_ALREADY_TAGGED);
    assert_rt_error(rt, tag(rt, bad, 0x5678), ERR_TAGGING_FAILURE);
    assert_rt_error(rt, rt_cmd(rt, CMD_DPE_TAG_TCI, b, 21),
                    ERR_INSUFFICIENT_MEMORY);
    assert_rt_error(rt, get_tagged(rt, 0x5678), ERR_TAGGING_FAILURE);
    assert_rt_error(rt, rt_cmd(rt, CMD_DPE_GET_TAGGED_TCI, b, 8),
                    ERR_INSUFFICIENT_MEMORY);

    /* A retained child, tagged, then destroyed: its tag goes with it */
    stl_le_p(b + 64, (1u << 29) | DERIVE_ALLOW_CA_X509);
    g_assert_cmpuint(dpe(rt, DPE_DERIVE_CONTEXT, b, sizeof(b)),
                     ==, 0x3);      /* a default parent cannot be kept */
    stl_le_p(b + 64, DERIVE_ALLOW_CA_X509);
    g_assert_cmpuint(dpe(rt, DPE_DERIVE_CONTEXT, b, sizeof(b)), ==, 0);
    memcpy(child, rt->resp + 12 + 12, 16);
    g_assert_cmpuint(tag(rt, child, 0x9999), ==, DATA_READY);
    g_assert_cmpuint(dpe(rt, DPE_DESTROY_CONTEXT, child, 16), ==, 0);
    assert_rt_error(rt, get_tagged(rt, 0x9999), ERR_TAGGING_FAILURE);
    rt_stop(rt);
}

static void test_runtime_certify_key_extended(void)
{
    Rt *rt = rt_boot(1);
    static const char info[] = "ChipsAlliance:Caliptra:0123";
    static const uint8_t dmtf_oid[] = {
        0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0x1c, 0x82, 0x12,
        0x01 };
    uint8_t alt[4 + 128 + 1] = { 0 }, b[4 + 72] = { 0 }, priv[48], pub[96];
    const uint8_t *r, *tbs;
    size_t tbs_len;

    /* The device information must be ASCII with two colons */
    stl_le_p(alt, 5);
    memcpy(alt + 4, "a:b:c", 5);
    g_assert_cmpuint(rt_cmd(rt, CMD_ADD_SUBJECT_ALT, alt, 9), ==,
                     DATA_READY);
    memcpy(alt + 4, "a:b-c", 5);
    assert_rt_error(rt, rt_cmd(rt, CMD_ADD_SUBJECT_ALT, alt, 9),
                    ERR_DMTF_INFO_INVALID);
    stl_le_p(alt, 129);
    assert_rt_error(rt, rt_cmd(rt, CMD_ADD_SUBJECT_ALT, alt, 8),
                    ERR_INVALID_PARAMS);
    assert_rt_error(rt, rt_cmd(rt, CMD_ADD_SUBJECT_ALT, alt, sizeof(alt)),
                    ERR_INSUFFICIENT_MEMORY);
    stl_le_p(alt, strlen(info));
    memcpy(alt + 4, info, strlen(info));
    g_assert_cmpuint(rt_cmd(rt, CMD_ADD_SUBJECT_ALT, alt,
                            4 + strlen(info)), ==, DATA_READY);

    /* With DMTF_OTHER_NAME, the certificate names the device */
    stl_le_p(b, 1u << 31);
    memset(b + 4 + 24, 0x21, 48);
    g_assert_cmpuint(rt_cmd(rt, CMD_CERTIFY_KEY_EXT, b, sizeof(b)), ==,
                     DATA_READY);
    g_assert_cmpuint(rt->len, ==, 8 + 6272);
    r = rt->resp + 8;
    g_assert_cmphex(ldl_le_p(r + 4), ==, 0);
    dpe_key(rt, b + 4 + 24, priv, pub);
    g_assert_cmpmem(r + 28, 96, pub, 96);
    tbs = cptra_cert_check(r + 128, ldl_le_p(r + 124), rt->alias_pub,
                           &tbs_len);
    g_assert_true(has(tbs, tbs_len, dmtf_oid, sizeof(dmtf_oid)));
    g_assert_true(has(tbs, tbs_len, info, strlen(info)));
    /* Without it, no subjectAltName */
    stl_le_p(b, 0);
    g_assert_cmpuint(rt_cmd(rt, CMD_CERTIFY_KEY_EXT, b, sizeof(b)), ==,
                     DATA_READY);
    tbs = cptra_cert_check(r + 128, ldl_le_p(r + 124), rt->alias_pub,
                           &tbs_len);
    g_assert_false(has(tbs, tbs_len, info, strlen(info)));

    assert_rt_error(rt, rt_cmd(rt, CMD_CERTIFY_KEY_EXT, b, sizeof(b) - 1),
                    ERR_INSUFFICIENT_MEMORY);
    set_pauser(rt, PL1);
    assert_rt_error(rt, rt_cmd(rt, CMD_CERTIFY_KEY_EXT, b, sizeof(b)),
                    ERR_PAUSER_PRIVILEGE);
    rt_stop(rt);
}

static void test_runtime_populate_idev_cert(void)
{
    Rt *rt = rt_boot(1);
    uint8_t req[4 + 1025] = { 0 }, before[4096], after[4096];
    size_t n_before, n_after;

    n_before = cert_chain(rt, before, sizeof(before));
    stl_le_p(req, 300);
    for (int i = 0; i < 300; i++) {
        req[4 + i] = i;
    }
    g_assert_cmpuint(rt_cmd(rt, CMD_POPULATE_IDEV_CERT, req, 4 + 300), ==,
                     DATA_READY);
    n_after = cert_chain(rt, after, sizeof(after));
    g_assert_cmpuint(n_after, ==, n_before + 300);
    g_assert_cmpmem(after, 300, req + 4, 300);
    g_assert_cmpmem(after + 300, n_before, before, n_before);

    stl_le_p(req, 1025);
    assert_rt_error(rt, rt_cmd(rt, CMD_POPULATE_IDEV_CERT, req, 8),
                    ERR_INVALID_PARAMS);
    assert_rt_error(rt, rt_cmd(rt, CMD_POPULATE_IDEV_CERT, req, 1029),
                    ERR_INSUFFICIENT_MEMORY);
    rt_stop(rt);

    /* Without a PL0 PAUSER in the manifest, nobody may */
    rt = rt_boot(0);
    stl_le_p(req, 300);
    assert_rt_error(rt, rt_cmd(rt, CMD_POPULATE_IDEV_CERT, req, 4 + 300),
                    ERR_PAUSER_PRIVILEGE);
    assert_rt_error(rt, stash(rt, "ABCD", 1), ERR_PAUSER_PRIVILEGE);
    rt_stop(rt);
}

static void test_runtime_sign_with_exported_ecdsa(void)
{
    Rt *rt = rt_boot(1);
    uint8_t b[76] = { 0 }, req[80], handle[32], pub[96], rs[96];
    const uint8_t *tbs, *r;
    size_t tbs_len;

    /* DeriveContext exports a CDI and certifies its key (a CA) */
    stl_le_p(b + 64, DERIVE_EXPORT_CREATE);
    g_assert_cmpuint(dpe(rt, DPE_DERIVE_CONTEXT, b, sizeof(b)), ==, 0);
    r = rt->resp + 12;
    g_assert_cmpuint(rt->len, ==, 12 + 6224);
    memcpy(handle, r + 44, 32);
    tbs = cptra_cert_check(r + 80, ldl_le_p(r + 76), rt->alias_pub,
                           &tbs_len);

    /* SIGN_WITH_EXPORTED_ECDSA: that key signs, and it is the certified */
    memcpy(req, handle, 32);
    memset(req + 32, 0xab, 48);
    g_assert_cmpuint(rt_cmd(rt, CMD_SIGN_EXPORTED, req, sizeof(req)), ==,
                     DATA_READY);
    g_assert_cmpuint(rt->len, ==, 8 + 192);
    memcpy(pub, rt->resp + 8, 96);
    memcpy(rs, rt->resp + 8 + 96, 96);
    g_assert_true(has(tbs, tbs_len, pub, 96));
    g_assert_true(cptra_p384_verify(pub, req + 32, rs));

    req[0] ^= 1;
    assert_rt_error(rt, rt_cmd(rt, CMD_SIGN_EXPORTED, req, sizeof(req)),
                    ERR_SIGN_EXPORTED_KEY);
    assert_rt_error(rt, rt_cmd(rt, CMD_SIGN_EXPORTED, req, sizeof(req) - 4),
                    ERR_INVALID_PARAMS);
    /* Exporting, like signing with it, is PL0's */
    set_pauser(rt, PL1);
    req[0] ^= 1;
    assert_rt_error(rt, rt_cmd(rt, CMD_SIGN_EXPORTED, req, sizeof(req)),
                    ERR_PAUSER_PRIVILEGE);
    assert_rt_error(rt, invoke(rt, DPE_DERIVE_CONTEXT, b, sizeof(b)),
                    ERR_PAUSER_PRIVILEGE);
    rt_stop(rt);
}

/*
 * DPE lives across resets: an update re-measures its root with the new
 * journey PCR, a warm reset keeps everything
 */
static void test_dpe_update_reset(void)
{
    Rt *rt = rt_boot(1);
    static const uint8_t def[16];
    uint8_t label[48], nonce[32] = { 0 };
    g_autofree uint8_t *b = NULL;
    const uint8_t *tbs;
    size_t blen, tbs_len;
    CbSpec spec;

    memset(label, 0x3d, sizeof(label));
    g_assert_cmpuint(tag(rt, def, 7), ==, DATA_READY);

    spec_init(&spec, 1, 9);
    b = cb_build(&spec, &blen);
    g_assert_cmpuint(cptra_mbox_exec(rt->d, CMD_FIRMWARE_LOAD, b, blen, NULL,
                                     0, NULL), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(rt->d, FLOW_READY_FOR_RT));
    rt_identity(rt, b);
    memcpy(rt->nodes[0].current, rt->pcr3, 48);
    memcpy(rt->nodes[0].cumulative, rt->pcr3, 48);
    certify_default(rt, label, &tbs, &tbs_len);
    g_assert_cmpuint(get_tagged(rt, 7), ==, DATA_READY);

    cptra_warm_reset(rt->d);
    soc_wr(rt->d, FUSE_WR_DONE, 1);
    g_assert_true(cptra_wait_flow(rt->d, FLOW_READY_FOR_RT));
    g_assert_cmphex(soc_rd(rt->d, FW_ERROR_NON_FATAL), ==, 0);
    g_assert_cmpuint(rt_cmd(rt, CMD_QUOTE_PCRS, nonce, 32), ==, DATA_READY);
    g_assert_cmpmem(rt->resp + 8 + 3 * 48, 48, rt->pcr3, 48);
    certify_default(rt, label, &tbs, &tbs_len);
    g_assert_cmpuint(get_tagged(rt, 7), ==, DATA_READY);
    rt_stop(rt);
}

static void test_migration_dpe(void)
{
    Rt *rt = rt_boot(1);
    static const uint8_t def[16];
    uint8_t b[116] = { 0 }, sig[96], exported[32], req[80];
    uint8_t d2[76] = { 0 };

    g_assert_cmpuint(stash(rt, "MIGR", 0x42), ==, DATA_READY);
    g_assert_cmpuint(tag(rt, def, 0x77), ==, DATA_READY);
    stl_le_p(d2 + 64, DERIVE_EXPORT_CREATE);
    g_assert_cmpuint(dpe(rt, DPE_DERIVE_CONTEXT, d2, sizeof(d2)), ==, 0);
    memcpy(exported, rt->resp + 12 + 44, 32);
    memset(b + 68, 0x12, 48);
    g_assert_cmpuint(dpe(rt, DPE_SIGN, b, sizeof(b)), ==, 0);
    memcpy(sig, rt->resp + 12 + 28, 96);

    rt->d = cptra_migrate(rt->d);
    g_assert_cmpuint(dpe(rt, DPE_SIGN, b, sizeof(b)), ==, 0);
    g_assert_cmpmem(rt->resp + 12 + 28, 96, sig, 96);
    g_assert_cmpuint(get_tagged(rt, 0x77), ==, DATA_READY);
    memcpy(req, exported, 32);
    memset(req + 32, 1, 48);
    g_assert_cmpuint(rt_cmd(rt, CMD_SIGN_EXPORTED, req, sizeof(req)), ==,
                     DATA_READY);
    rt_stop(rt);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_nonnull(gcry_check_version(NULL));

    qtest_add_func("/caliptra/dpe/runtime-chain", test_dpe_runtime_chain);
    qtest_add_func("/caliptra/dpe/rom-stash", test_dpe_rom_stash);
    qtest_add_func("/caliptra/dpe/invoke-errors", test_dpe_invoke_errors);
    qtest_add_func("/caliptra/dpe/update-warm-reset", test_dpe_update_reset);
    qtest_add_func("/caliptra/dpe/disable-attestation",
                   test_dpe_disable_attestation);
    qtest_add_func("/caliptra/runtime/stash-measurement",
                   test_runtime_stash_measurement);
    qtest_add_func("/caliptra/runtime/tag-tci", test_runtime_tag_tci);
    qtest_add_func("/caliptra/runtime/certify-key-extended",
                   test_runtime_certify_key_extended);
    qtest_add_func("/caliptra/runtime/populate-idev-cert",
                   test_runtime_populate_idev_cert);
    qtest_add_func("/caliptra/runtime/sign-with-exported-ecdsa",
                   test_runtime_sign_with_exported_ecdsa);
    qtest_add_func("/caliptra/migration/dpe", test_migration_dpe);
    return g_test_run();
}
