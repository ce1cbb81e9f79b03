/*
 * QTest of ast2700fc's Caliptra IPC: the A35 asks the bootmcu firmware
 * for Caliptra services through IPC1 and the shared DRAM windows
 *
 * Each request goes as ASPEED's U-Boot sends it (include/u-boot/
 * cptra_ipc.h, drivers/crypto/aspeed/cptra_ipc_*.c): the request in the
 * A35's view of the in window, {cmd, in, out} in IPC1 channel 1 id 1,
 * TRIG; the result word from the reply half. The answers are checked
 * against values computed here with libgcrypt, independently of the
 * model; the result codes are those of ASPEED's Zephyr drivers.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/units.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include <gcrypt.h>
#include "hw/arm/aspeed_cptra_ipc.h"
#include "hw/misc/aspeed_ast27x0_ipc.h"
#include "hw/misc/caliptra_api.h"
#include "caliptra-utils.h"
#include "caliptra-boot-utils.h"
#include "caliptra-crypto-utils.h"
#include "caliptra-vectors.h"
#include "../../contrib/caliptra-bundle/caliptra-bundle.h"
#include "../../hw/misc/caliptra/caliptra-error.h"

#define IPC1                    0x14C39000
#define IPC_REG(peer, half, reg) (IPC1 + ASPEED_IPC_REG(peer, half, reg))
#define NS_CA35                 ASPEED_IPC_PEER_NS_CA35
#define TO_BMCU                 ASPEED_IPC_TO_BOOTMCU
#define FROM_BMCU               ASPEED_IPC_FROM_BOOTMCU
#define ID_BIT                  (1u << CPTRA_IPC_ID)

/* Where the A35 writes and reads the windows the bootmcu is given */
#define A35_IN                  CPTRA_IPC_NS_CA35_IN
#define A35_OUT                 CPTRA_IPC_NS_CA35_OUT
#define BMCU_IN                 CPTRA_IPC_BOOTMCU_IN
#define BMCU_OUT                CPTRA_IPC_BOOTMCU_OUT

/* Enough virtual time for any request: the server polls every 1 ms */
#define IPC_STEPS               20000
/* Where no answer may come: 100 polls of the server */
#define IPC_NO_ANSWER_STEPS     1000

typedef struct Ipc {
    BootFiles f;
    QTestState *qts;
} Ipc;

/* Boot with @damage; a request may be posted before the sequence ends */
static void ipc_boot_to(Ipc *t, Damage damage, const char *want,
                        void (*before)(QTestState *qts))
{
    g_autofree char *state = NULL;

    boot_make_files(&t->f, damage);
    t->qts = boot_start(&t->f, true, BMC_FW_ID, NULL);
    if (before) {
        before(t->qts);
    }
    state = step_until_not(t->qts, boot_running);
    g_assert_cmpstr(state, ==, want);
}

static void ipc_boot(Ipc *t)
{
    ipc_boot_to(t, DAMAGE_NONE, "released", NULL);
}

static void ipc_end(Ipc *t)
{
    qtest_quit(t->qts);
    boot_free_files(&t->f);
}

/* Post a message as a client does: enabled, not pending, data, TRIG */
static void ipc_post(QTestState *qts, unsigned peer, uint32_t cmd,
                     uint32_t in, uint32_t out)
{
    g_assert_cmphex(qtest_readl(qts, IPC_REG(peer, TO_BMCU,
                                             ASPEED_IPC_ENABLE)) & ID_BIT,
                    ==, ID_BIT);
    g_assert_cmphex(qtest_readl(qts, IPC_REG(peer, TO_BMCU,
                                             ASPEED_IPC_STATUS)) & ID_BIT,
                    ==, 0);
    qtest_writel(qts, IPC_REG(peer, TO_BMCU, ASPEED_IPC_DATA(CPTRA_IPC_ID)),
                 cmd);
    qtest_writel(qts, IPC_REG(peer, TO_BMCU,
                              ASPEED_IPC_DATA(CPTRA_IPC_ID) + 4), in);
    qtest_writel(qts, IPC_REG(peer, TO_BMCU,
                              ASPEED_IPC_DATA(CPTRA_IPC_ID) + 8), out);
    qtest_writel(qts, IPC_REG(peer, TO_BMCU, ASPEED_IPC_TRIG), ID_BIT);
}

/* Wait for the reply; true with its result word, the reply taken */
static bool ipc_wait_for(QTestState *qts, unsigned peer, int32_t *result,
                         int steps)
{
    hwaddr status = IPC_REG(peer, FROM_BMCU, ASPEED_IPC_STATUS);

    for (int i = 0; i < steps; i++) {
        if (qtest_readl(qts, status) & ID_BIT) {
            *result = qtest_readl(qts, IPC_REG(peer, FROM_BMCU,
                                  ASPEED_IPC_DATA(CPTRA_IPC_ID)));
            qtest_writel(qts, status, ID_BIT);
            /* The bootmcu took the request too */
            g_assert_cmphex(qtest_readl(qts, IPC_REG(peer, TO_BMCU,
                                        ASPEED_IPC_STATUS)), ==, 0);
            return true;
        }
        qtest_clock_step(qts, 100 * 1000);
    }
    return false;
}

static bool ipc_wait(QTestState *qts, unsigned peer, int32_t *result)
{
    return ipc_wait_for(qts, peer, result, IPC_STEPS);
}

static int32_t ipc_call(QTestState *qts, uint32_t cmd, const void *req,
                        size_t len)
{
    int32_t result;

    if (len) {
        qtest_memwrite(qts, A35_IN, req, len);
    }
    ipc_post(qts, NS_CA35, cmd, BMCU_IN, BMCU_OUT);
    g_assert_true(ipc_wait(qts, NS_CA35, &result));
    return result;
}

/* What Caliptra's runtime reported last, as the bootmcu's driver logs it */
static uint32_t ipc_caliptra_error(QTestState *qts)
{
    CaliptraDev d = caliptra_of(qts);

    return soc_rd(&d, FW_ERROR_NON_FATAL);
}

/* A Caliptra response in the out window: a good checksum, FIPS approved */
static void ipc_resp(QTestState *qts, void *buf, size_t len)
{
    uint8_t *p = buf;

    qtest_memread(qts, A35_OUT, buf, len);
    g_assert_cmphex(ldl_le_p(p + 4), ==, 0);
}

/*
 * SHA-384 through the accelerator for a peer, its context and data at
 * offset off of the bootmcu's in window, the digest at off of the out one
 */
static int32_t ipc_sha_from(QTestState *qts, unsigned peer, uint32_t off,
                            uint32_t cmd, uint32_t algo, const void *data,
                            uint32_t len)
{
    g_autofree uint8_t *req = g_malloc0(CPTRA_IPC_SHA_CTX_SIZE + len);
    int32_t result;

    stl_le_p(req + CPTRA_IPC_SHA_ALGO, algo);
    stl_le_p(req + CPTRA_IPC_SHA_IN_LEN, len);
    stl_le_p(req + CPTRA_IPC_SHA_IN_BUF,
             BMCU_IN + off + CPTRA_IPC_SHA_CTX_SIZE);
    stl_le_p(req + CPTRA_IPC_SHA_OUT_LEN,
             algo == CPTRA_IPC_SHA_ALGO_SHA512 ? 64 : 48);
    stl_le_p(req + CPTRA_IPC_SHA_OUT_BUF, BMCU_OUT + off);
    if (len) {
        memcpy(req + CPTRA_IPC_SHA_CTX_SIZE, data, len);
    }
    qtest_memwrite(qts, A35_IN + off, req, CPTRA_IPC_SHA_CTX_SIZE + len);
    ipc_post(qts, peer, cmd, BMCU_IN + off, BMCU_OUT + off);
    g_assert_true(ipc_wait(qts, peer, &result));
    return result;
}

/* SHA-384 through the accelerator: a context, the data after it */
static int32_t ipc_sha(QTestState *qts, uint32_t cmd, const void *data,
                       uint32_t len)
{
    return ipc_sha_from(qts, NS_CA35, 0, cmd, CPTRA_IPC_SHA_ALGO_SHA384, data,
                        len);
}

static void check_digest(QTestState *qts, const void *data, size_t len)
{
    uint8_t want[48], got[48];

    gcry_md_hash_buffer(GCRY_MD_SHA384, want, data, len);
    qtest_memread(qts, A35_OUT, got, sizeof(got));
    g_assert_cmpmem(got, sizeof(got), want, sizeof(want));
}

/* While the bootmcu boots Caliptra, no service: a request is lost */
static void post_early(QTestState *qts)
{
    qtest_writel(qts, IPC_REG(NS_CA35, TO_BMCU,
                              ASPEED_IPC_DATA(CPTRA_IPC_ID)),
                 CPTRA_IPC_FW_INFO);
    qtest_writel(qts, IPC_REG(NS_CA35, TO_BMCU, ASPEED_IPC_TRIG), ID_BIT);
    g_assert_cmphex(qtest_readl(qts, IPC_REG(NS_CA35, TO_BMCU,
                                             ASPEED_IPC_ENABLE)), ==, 0);
}

/* The firmware serves the non-secure A35 and the SSP, id 1 only */
static void test_enable(void)
{
    Ipc t;
    int32_t result;

    ipc_boot_to(&t, DAMAGE_NONE, "released", post_early);
    g_assert_false(ipc_wait_for(t.qts, NS_CA35, &result,
                                IPC_NO_ANSWER_STEPS));
    for (unsigned peer = 0; peer < ASPEED_IPC_NUM_PEERS; peer++) {
        bool served = peer == ASPEED_IPC_PEER_NS_CA35 ||
                      peer == ASPEED_IPC_PEER_SSP;

        g_assert_cmphex(qtest_readl(t.qts, IPC_REG(peer, TO_BMCU,
                                                   ASPEED_IPC_ENABLE)),
                        ==, served ? ID_BIT : 0);
        if (served) {
            continue;
        }
        /*
         * A window nobody serves: only ids 0 to 3 exist, the pending ones
         * clear by writing 1s, and the word between STATUS and the data is
         * no register
         */
        qtest_writel(t.qts, IPC_REG(peer, TO_BMCU, ASPEED_IPC_TRIG),
                     0xf0 | ID_BIT);
        g_assert_cmphex(qtest_readl(t.qts, IPC_REG(peer, TO_BMCU,
                                                   ASPEED_IPC_STATUS)),
                        ==, ID_BIT);
        qtest_writel(t.qts, IPC_REG(peer, TO_BMCU, ASPEED_IPC_STATUS),
                     ID_BIT);
        g_assert_cmphex(qtest_readl(t.qts, IPC_REG(peer, TO_BMCU,
                                                   ASPEED_IPC_STATUS)),
                        ==, 0);
        qtest_writel(t.qts, IPC_REG(peer, TO_BMCU, ASPEED_IPC_STATUS + 4),
                     0x1234);
        g_assert_cmphex(qtest_readl(t.qts, IPC_REG(peer, TO_BMCU,
                                                   ASPEED_IPC_STATUS + 4)),
                        ==, 0);
    }
    ipc_end(&t);
}

/* FW_INFO: the digests of the images the bundle was built from */
static void test_fw_info(void)
{
    Ipc t;
    uint8_t resp[264], fmc[48], rt[48];

    ipc_boot(&t);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_FW_INFO, NULL, 0), ==,
                    CPTRA_IPC_OK);
    ipc_resp(t.qts, resp, sizeof(resp));
    g_assert_cmphex(cptra_checksum(0, resp + 4, sizeof(resp) - 4), ==,
                    (uint32_t)ldl_le_p(resp));
    gcry_md_hash_buffer(GCRY_MD_SHA384, fmc, boot_fmc_image,
                        sizeof(boot_fmc_image));
    gcry_md_hash_buffer(GCRY_MD_SHA384, rt, boot_rt_image,
                        sizeof(boot_rt_image));
    /* Caliptra gives them as big-endian words: compare word by word */
    for (int i = 0; i < 12; i++) {
        g_assert_cmphex(ldl_le_p(resp + 8 + 112 + 4 * i), ==,
                        ldl_be_p(fmc + 4 * i));
        g_assert_cmphex(ldl_le_p(resp + 8 + 160 + 4 * i), ==,
                        ldl_be_p(rt + 4 * i));
    }
    ipc_end(&t);
}

static void test_sha384(void)
{
    Ipc t;
    uint8_t msg[1000];

    for (int i = 0; i < sizeof(msg); i++) {
        msg[i] = i * 11 + 3;
    }
    ipc_boot(&t);
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_DIGEST, msg,
                            sizeof(msg)), ==, CPTRA_IPC_OK);
    check_digest(t.qts, msg, sizeof(msg));

    /* A session: parts of any length, then the digest */
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_INIT, NULL, 0), ==,
                    CPTRA_IPC_OK);
    /* One session for every peer: a second one is refused */
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_INIT, NULL, 0), ==,
                    CPTRA_IPC_ERR_EINVAL);
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_UPDATE, msg, 3), ==,
                    CPTRA_IPC_OK);
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_UPDATE, msg + 3,
                            sizeof(msg) - 3), ==, CPTRA_IPC_OK);
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_FINAL, NULL, 0), ==,
                    CPTRA_IPC_OK);
    check_digest(t.qts, msg, sizeof(msg));
    /* The session is over */
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_UPDATE, msg, 4), ==,
                    CPTRA_IPC_ERR_EINVAL);
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_FINAL, NULL, 0), ==,
                    CPTRA_IPC_ERR_EINVAL);

    /* 1 MiB, the whole in window after the context, in one digest */
    {
        g_autofree uint8_t *big = g_malloc(CPTRA_IPC_WINDOW_SIZE -
                                           CPTRA_IPC_SHA_CTX_SIZE);
        size_t n = CPTRA_IPC_WINDOW_SIZE - CPTRA_IPC_SHA_CTX_SIZE;

        for (size_t i = 0; i < n; i++) {
            big[i] = i ^ (i >> 9);
        }
        g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_DIGEST, big, n), ==,
                        CPTRA_IPC_OK);
        check_digest(t.qts, big, n);
    }

    /* Nothing to hash: the empty message's digest */
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_DIGEST, "", 0), ==,
                    CPTRA_IPC_OK);
    check_digest(t.qts, "", 0);

    /* SHA-512 (algorithm 4): 64 bytes of digest */
    {
        uint8_t want[64], got[64];

        g_assert_cmpint(ipc_sha_from(t.qts, NS_CA35, 0,
                                     CPTRA_IPC_SHA384_DIGEST,
                                     CPTRA_IPC_SHA_ALGO_SHA512, msg,
                                     sizeof(msg)), ==, CPTRA_IPC_OK);
        gcry_md_hash_buffer(GCRY_MD_SHA512, want, msg, sizeof(msg));
        qtest_memread(t.qts, A35_OUT, got, sizeof(got));
        g_assert_cmpmem(got, sizeof(got), want, sizeof(want));
    }

    /* Another algorithm: the wrapper's -EINVAL, no session opened */
    g_assert_cmpint(ipc_sha_from(t.qts, NS_CA35, 0, CPTRA_IPC_SHA384_DIGEST,
                                 2, msg, sizeof(msg)), ==,
                    CPTRA_IPC_ERR_EINVAL);
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_DIGEST, msg,
                            sizeof(msg)), ==, CPTRA_IPC_OK);
    check_digest(t.qts, msg, sizeof(msg));
    ipc_end(&t);
}

/*
 * ECDSA384_VERIFY as U-Boot's FIT check does it: the digest first through
 * SHA384_DIGEST (Caliptra verifies the accelerator's digest), then the
 * key and signature by pointer
 */
static int32_t ipc_verify(QTestState *qts, const uint8_t xy[96],
                          const uint8_t rs[96], uint32_t r_len)
{
    uint8_t req[CPTRA_IPC_ECDSA_CTX_SIZE + 5 * 48] = { 0 };
    static const unsigned fields[] = {
        CPTRA_IPC_ECDSA_QX, CPTRA_IPC_ECDSA_QY, CPTRA_IPC_ECDSA_R,
        CPTRA_IPC_ECDSA_S, CPTRA_IPC_ECDSA_M,
    };

    for (int i = 0; i < ARRAY_SIZE(fields); i++) {
        stl_le_p(req + fields[i], i == 2 ? r_len : 48);
        stl_le_p(req + fields[i] + 4,
                 BMCU_IN + CPTRA_IPC_ECDSA_CTX_SIZE + 48 * i);
    }
    memcpy(req + CPTRA_IPC_ECDSA_CTX_SIZE, xy, 96);
    memcpy(req + CPTRA_IPC_ECDSA_CTX_SIZE + 96, rs, 96);
    return ipc_call(qts, CPTRA_IPC_ECDSA384_VERIFY, req, sizeof(req));
}

static void test_ecdsa_verify(void)
{
    static const char image[] = "a FIT image the A35's U-Boot verifies";
    uint8_t d[48], xy[96], digest[48], rs[96];
    Ipc t;

    for (int i = 0; i < sizeof(d); i++) {
        d[i] = 0x40 + i;
    }
    cptra_p384_public(d, xy);
    gcry_md_hash_buffer(GCRY_MD_SHA384, digest, image, sizeof(image));
    cptra_sign_rfc6979(d, digest, rs);

    ipc_boot(&t);
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_DIGEST, image,
                            sizeof(image)), ==, CPTRA_IPC_OK);
    g_assert_cmpint(ipc_verify(t.qts, xy, rs, 48), ==, CPTRA_IPC_OK);
    /* One bit of s: Caliptra refuses, the driver says -1 */
    rs[95] ^= 1;
    g_assert_cmpint(ipc_verify(t.qts, xy, rs, 48), ==,
                    CPTRA_IPC_ERR_FAILED);
    g_assert_cmphex(ipc_caliptra_error(t.qts), ==,
                    CPTRA_ERR_RUNTIME_ECDSA_VERIFY_FAILED);
    /* Lengths other than P-384's are the driver's own -EINVAL */
    rs[95] ^= 1;
    g_assert_cmpint(ipc_verify(t.qts, xy, rs, 47), ==,
                    CPTRA_IPC_ERR_EINVAL);
    ipc_end(&t);
}

/*
 * Caliptra 1.2's ECDSA384_VERIFY checks the SHA accelerator's last
 * digest, whoever asked for it. The bootmcu serves one request at a time,
 * not a peer's SHA384_DIGEST and ECDSA384_VERIFY as a pair: the SSP's
 * digest in between is what the A35's verify checks, as on silicon (the
 * demo's A35 waits for the SSP's requests for this reason)
 */
static void test_shared_digest(void)
{
    static const char image[] = "a FIT image the A35's U-Boot verifies";
    uint8_t d[48], xy[96], digest[48], rs[96], got[48];
    Ipc t;

    for (int i = 0; i < sizeof(d); i++) {
        d[i] = 0x40 + i;
    }
    cptra_p384_public(d, xy);
    gcry_md_hash_buffer(GCRY_MD_SHA384, digest, image, sizeof(image));
    cptra_sign_rfc6979(d, digest, rs);

    ipc_boot(&t);
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_DIGEST, image,
                            sizeof(image)), ==, CPTRA_IPC_OK);
    g_assert_cmpint(ipc_sha_from(t.qts, ASPEED_IPC_PEER_SSP, 0x2000,
                                 CPTRA_IPC_SHA384_DIGEST,
                                 CPTRA_IPC_SHA_ALGO_SHA384, "abc", 3), ==,
                    CPTRA_IPC_OK);
    gcry_md_hash_buffer(GCRY_MD_SHA384, digest, "abc", 3);
    qtest_memread(t.qts, A35_OUT + 0x2000, got, sizeof(got));
    g_assert_cmpmem(got, sizeof(got), digest, sizeof(digest));
    g_assert_cmpint(ipc_verify(t.qts, xy, rs, 48), ==,
                    CPTRA_IPC_ERR_FAILED);
    g_assert_cmphex(ipc_caliptra_error(t.qts), ==,
                    CPTRA_ERR_RUNTIME_ECDSA_VERIFY_FAILED);
    /* The A35's own digest again, and the same signature verifies */
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_DIGEST, image,
                            sizeof(image)), ==, CPTRA_IPC_OK);
    g_assert_cmpint(ipc_verify(t.qts, xy, rs, 48), ==, CPTRA_IPC_OK);
    ipc_end(&t);
}

/* The identities: LDevID certified by the IDevID key GET_IDEV_INFO gives */
static void test_certs(void)
{
    Ipc t;
    uint8_t info[104], cert[1036];
    size_t tbs_len;

    ipc_boot(&t);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_GET_IDEV_INFO, NULL, 0), ==,
                    CPTRA_IPC_OK);
    ipc_resp(t.qts, info, sizeof(info));
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_GET_LDEV_CERT, NULL, 0), ==,
                    CPTRA_IPC_OK);
    ipc_resp(t.qts, cert, sizeof(cert));
    g_assert_cmpuint(ldl_le_p(cert + 8), <=, 1024);
    g_assert_nonnull(cptra_cert_check(cert + 12, ldl_le_p(cert + 8),
                                      info + 8, &tbs_len));
    ipc_end(&t);
}

/*
 * GET_IDEV_CERT at the driver's full request size: a TBS and signature
 * split out of a certificate openssl made come back as that certificate,
 * byte for byte
 */
static void test_idev_cert(void)
{
    g_autofree uint8_t *req = g_malloc0(1016);
    uint8_t cert[1036];
    Ipc t;

    stl_le_p(req, sizeof(idev_cert_tbs));
    memcpy(req + 4, idev_cert_sig_r, 48);
    memcpy(req + 52, idev_cert_sig_s, 48);
    memcpy(req + 100, idev_cert_tbs, sizeof(idev_cert_tbs));
    ipc_boot(&t);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_GET_IDEV_CERT, req, 1016), ==,
                    CPTRA_IPC_OK);
    ipc_resp(t.qts, cert, sizeof(cert));
    g_assert_cmpuint(ldl_le_p(cert + 8), ==, sizeof(idev_cert_der));
    g_assert_cmpmem(cert + 12, sizeof(idev_cert_der), idev_cert_der,
                    sizeof(idev_cert_der));
    /* A TBS size past the driver's tbs[916]: Caliptra refuses it */
    stl_le_p(req, 917);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_GET_IDEV_CERT, req, 1016), ==,
                    CPTRA_IPC_ERR_FAILED);
    g_assert_cmphex(ipc_caliptra_error(t.qts), ==,
                    CPTRA_ERR_RUNTIME_MAILBOX_INVALID_PARAMS);
    ipc_end(&t);
}

/*
 * INVOKE_DPE_COMMAND { data_size, data[256] } with DPE's GetProfile: the
 * answer DPE's spec gives for Caliptra 1.2 (profile 0.12, vendor "CTRA",
 * 32 contexts)
 */
#define DPE_CMD_MAGIC           0x44504543      /* "DPEC" */
#define DPE_RESP_MAGIC          0x44504552      /* "DPER" */
#define DPE_GET_PROFILE         1
#define DPE_PROFILE_P384        4       /* P384_SHA384 */

static void test_invoke_dpe(void)
{
    uint8_t req[260] = { 0 }, resp[8 + 4 + 32];
    Ipc t;

    stl_le_p(req, 12);
    stl_le_p(req + 4, DPE_CMD_MAGIC);
    stl_le_p(req + 8, DPE_GET_PROFILE);
    stl_le_p(req + 12, DPE_PROFILE_P384);
    ipc_boot(&t);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_INVOKE_DPE_COMMAND, req,
                             sizeof(req)), ==, CPTRA_IPC_OK);
    ipc_resp(t.qts, resp, sizeof(resp));
    g_assert_cmpuint(ldl_le_p(resp + 8), ==, 32);
    g_assert_cmphex(ldl_le_p(resp + 12), ==, DPE_RESP_MAGIC);
    g_assert_cmphex(ldl_le_p(resp + 16), ==, 0);
    g_assert_cmphex(ldl_le_p(resp + 20), ==, DPE_PROFILE_P384);
    g_assert_cmphex(ldl_le_p(resp + 24), ==, 12 << 16);
    g_assert_cmphex(ldl_le_p(resp + 28), ==, 0x43545241);
    g_assert_cmpuint(ldl_le_p(resp + 36), ==, 32);
    ipc_end(&t);
}

/* The P-384 key of a certificate: the SPKI BIT STRING, an uncompressed point */
static const uint8_t *cert_key(const uint8_t *der, size_t len)
{
    for (size_t i = 0; i + 4 + 96 <= len; i++) {
        if (der[i] == 0x03 && der[i + 1] == 0x62 && der[i + 2] == 0 &&
            der[i + 3] == 0x04) {
            return der + i + 4;
        }
    }
    g_assert_not_reached();
}

/* A certificate over IPC, checked with its issuer's key; returns its key */
static void ipc_cert(QTestState *qts, uint32_t cmd, const uint8_t *issuer,
                     uint8_t key[96])
{
    uint8_t cert[1036];
    uint32_t size;
    size_t tbs_len;

    g_assert_cmpint(ipc_call(qts, cmd, NULL, 0), ==, CPTRA_IPC_OK);
    ipc_resp(qts, cert, sizeof(cert));
    size = ldl_le_p(cert + 8);
    g_assert_cmpuint(size, <=, 1024);
    g_assert_nonnull(cptra_cert_check(cert + 12, size, issuer, &tbs_len));
    memcpy(key, cert_key(cert + 12, size), 96);
}

/*
 * The DICE chain through IPC, each certificate checked with its issuer's
 * key: the keys of the LDevID, FMC alias and runtime alias layers
 */
static void ipc_chain(QTestState *qts, uint8_t ldev[96], uint8_t fmc[96],
                      uint8_t rt[96])
{
    uint8_t info[104];

    g_assert_cmpint(ipc_call(qts, CPTRA_IPC_GET_IDEV_INFO, NULL, 0), ==,
                    CPTRA_IPC_OK);
    ipc_resp(qts, info, sizeof(info));
    ipc_cert(qts, CPTRA_IPC_GET_LDEV_CERT, info + 8, ldev);
    ipc_cert(qts, CPTRA_IPC_GET_FMC_ALIAS_CERT, ldev, fmc);
    ipc_cert(qts, CPTRA_IPC_GET_RT_ALIAS_CERT, fmc, rt);
}

/*
 * The DICE chain through IPC (IDevID -> LDevID -> FMC alias -> runtime
 * alias, each signature checked with libgcrypt), then EXTEND_PCR and
 * QUOTE_PCRS: the PCR extended as SHA-384(old || value), the quote's
 * digest SHA-384(PCRs || nonce), signed with the FMC alias key (1.2's
 * PCR signing key, which the FMC leaves to the runtime)
 */
#define QUOTE_PCRS_OFF          8
#define QUOTE_NONCE_OFF         (QUOTE_PCRS_OFF + 32 * 48)
#define QUOTE_DIGEST_OFF        (QUOTE_NONCE_OFF + 32)
#define QUOTE_SIG_OFF           (QUOTE_DIGEST_OFF + 48 + 32 * 4)
#define QUOTE_SIZE              (QUOTE_SIG_OFF + 96)
#define TEST_PCR                4

static void test_chain_and_quote(void)
{
    uint8_t ldev[96], fmc[96], rt[96];
    uint8_t nonce[32], extend[52], want[48], digest[48];
    g_autofree uint8_t *before = g_malloc(QUOTE_SIZE);
    g_autofree uint8_t *after = g_malloc(QUOTE_SIZE);
    Ipc t;

    ipc_boot(&t);
    ipc_chain(t.qts, ldev, fmc, rt);

    for (int i = 0; i < sizeof(nonce); i++) {
        nonce[i] = 0xa0 + i;
    }
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_QUOTE_PCRS, nonce,
                             sizeof(nonce)), ==, CPTRA_IPC_OK);
    ipc_resp(t.qts, before, QUOTE_SIZE);
    stl_le_p(extend, TEST_PCR);
    memset(extend + 4, 0x5c, 48);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_EXTEND_PCR, extend,
                             sizeof(extend)), ==, CPTRA_IPC_OK);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_QUOTE_PCRS, nonce,
                             sizeof(nonce)), ==, CPTRA_IPC_OK);
    ipc_resp(t.qts, after, QUOTE_SIZE);

    cptra_sha384(before + QUOTE_PCRS_OFF + TEST_PCR * 48, 48, extend + 4,
                 48, want);
    g_assert_cmpmem(after + QUOTE_PCRS_OFF + TEST_PCR * 48, 48, want, 48);
    g_assert_cmpmem(after + QUOTE_NONCE_OFF, 32, nonce, 32);
    cptra_sha384(after + QUOTE_PCRS_OFF, 32 * 48, nonce, sizeof(nonce),
                 digest);
    g_assert_cmpmem(after + QUOTE_DIGEST_OFF, 48, digest, 48);
    g_assert_true(cptra_p384_verify(fmc, digest, after + QUOTE_SIG_OFF));
    g_assert_false(cptra_p384_verify(rt, digest, after + QUOTE_SIG_OFF));
    /* The reserved PCRs are Caliptra's: -1, and its code */
    stl_le_p(extend, 0);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_EXTEND_PCR, extend,
                             sizeof(extend)), ==, CPTRA_IPC_ERR_FAILED);
    g_assert_cmphex(ipc_caliptra_error(t.qts), ==,
                    CPTRA_ERR_RUNTIME_PCR_RESERVED);
    ipc_end(&t);
}

#define QUOTE_RESET_OFF         (QUOTE_DIGEST_OFF + 48)
#define STASH_PCR               31

/*
 * The runtime commands ASPEED's aspeed_app sends one by one, each checked
 * against what it must change: FIPS_VERSION against the registers;
 * STASH_MEASUREMENT against PCR31 recomputed with libgcrypt;
 * INCREMENT_PCR_RESET_COUNTER against QUOTE_PCRS' counters; DPE_TAG_TCI
 * and DPE_GET_TAGGED_TCI on the bootmcu's default context (PL0, as
 * ASPEED's bundles make it), with the runtime's codes for a duplicate tag
 * and an unknown one; GET_FMC_ALIAS_CSR holding the FMC alias key of its
 * certificate; DISABLE_ATTESTATION; SHUTDOWN, after which Caliptra is
 * stopped with RUNTIME_SHUTDOWN and the mailbox fails.
 */
static void ipc_quote(QTestState *qts, uint8_t *quote)
{
    uint8_t nonce[32] = { 1, 2, 3 };

    g_assert_cmpint(ipc_call(qts, CPTRA_IPC_QUOTE_PCRS, nonce,
                             sizeof(nonce)), ==, CPTRA_IPC_OK);
    ipc_resp(qts, quote, QUOTE_SIZE);
}

static void test_runtime_commands(void)
{
    g_autofree uint8_t *before = g_malloc(QUOTE_SIZE);
    g_autofree uint8_t *after = g_malloc(QUOTE_SIZE);
    uint8_t version[36], stash[104] = { 0 }, resp[524], want[48];
    uint8_t tag[20] = { 0 }, tci[104], ldev[96], fmc[96], rt[96];
    uint8_t idx[4];
    CaliptraDev d;
    Ipc t;

    ipc_boot(&t);
    d = caliptra_of(t.qts);

    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_FIPS_VERSION, NULL, 0), ==,
                    CPTRA_IPC_OK);
    ipc_resp(t.qts, version, sizeof(version));
    g_assert_cmphex(ldl_le_p(version + 8), ==, 0x46495053);    /* "FIPS" */
    g_assert_cmphex(ldl_le_p(version + 12), ==, soc_rd(&d, HW_REV_ID));
    g_assert_cmphex(ldl_le_p(version + 16), ==, soc_rd(&d, FW_REV_ID(0)));
    g_assert_cmphex(ldl_le_p(version + 20), ==, soc_rd(&d, FW_REV_ID(1)));
    g_assert_cmpmem(version + 24, 12, "Caliptra RTM", 12);

    ipc_quote(t.qts, before);
    memcpy(stash, "TEST", 4);
    memset(stash + 4, 0x6d, 48);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_STASH_MEASUREMENT, stash,
                             sizeof(stash)), ==, CPTRA_IPC_OK);
    ipc_resp(t.qts, resp, 12);
    g_assert_cmphex(ldl_le_p(resp + 8), ==, 0);                /* DPE ok */
    stl_le_p(idx, TEST_PCR);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_INCREMENT_PCR_RESET_COUNTER,
                             idx, sizeof(idx)), ==, CPTRA_IPC_OK);
    ipc_quote(t.qts, after);
    cptra_sha384(before + QUOTE_PCRS_OFF + STASH_PCR * 48, 48, stash + 4, 48,
                 want);
    g_assert_cmpmem(after + QUOTE_PCRS_OFF + STASH_PCR * 48, 48, want, 48);
    g_assert_cmpuint(ldl_le_p(after + QUOTE_RESET_OFF + 4 * TEST_PCR), ==,
                     ldl_le_p(before + QUOTE_RESET_OFF + 4 * TEST_PCR) + 1);
    stl_le_p(idx, 32);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_INCREMENT_PCR_RESET_COUNTER,
                             idx, sizeof(idx)), ==, CPTRA_IPC_ERR_FAILED);
    g_assert_cmphex(ipc_caliptra_error(t.qts), ==,
                    CPTRA_ERR_RUNTIME_MAILBOX_INVALID_PARAMS);

    /* The default context (handle 0) of the bootmcu's locality */
    stl_le_p(tag + 16, 0x7a67);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_DPE_TAG_TCI, tag, sizeof(tag)),
                    ==, CPTRA_IPC_OK);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_DPE_TAG_TCI, tag, sizeof(tag)),
                    ==, CPTRA_IPC_ERR_FAILED);
    g_assert_cmphex(ipc_caliptra_error(t.qts), ==,
                    CPTRA_ERR_RUNTIME_DUPLICATE_TAG);
    stl_le_p(tag + 16, 0x7a68);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_DPE_TAG_TCI, tag, sizeof(tag)),
                    ==, CPTRA_IPC_ERR_FAILED);
    g_assert_cmphex(ipc_caliptra_error(t.qts), ==,
                    CPTRA_ERR_RUNTIME_CONTEXT_ALREADY_TAGGED);
    stl_le_p(idx, 0x7a67);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_DPE_GET_TAGGED_TCI, idx,
                             sizeof(idx)), ==, CPTRA_IPC_OK);
    ipc_resp(t.qts, tci, sizeof(tci));
    /* The stash above made the default context: its TCI is the stash's */
    g_assert_cmpmem(tci + 8 + 48, 48, stash + 4, 48);
    stl_le_p(idx, 0x7a68);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_DPE_GET_TAGGED_TCI, idx,
                             sizeof(idx)), ==, CPTRA_IPC_ERR_FAILED);
    g_assert_cmphex(ipc_caliptra_error(t.qts), ==,
                    CPTRA_ERR_RUNTIME_TAGGING_FAILURE);

    /* The FMC alias CSR carries the key of the FMC alias certificate */
    ipc_chain(t.qts, ldev, fmc, rt);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_GET_FMC_ALIAS_CSR, NULL, 0), ==,
                    CPTRA_IPC_OK);
    ipc_resp(t.qts, resp, sizeof(resp));
    g_assert_cmpuint(ldl_le_p(resp + 8), >, 0);
    g_assert_cmpuint(ldl_le_p(resp + 8), <=, 512);
    g_assert_nonnull(memmem(resp + 12, ldl_le_p(resp + 8), fmc, 96));

    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_DISABLE_ATTESTATION, NULL, 0),
                    ==, CPTRA_IPC_OK);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_SHUTDOWN, NULL, 0), ==,
                    CPTRA_IPC_OK);
    g_assert_cmphex(soc_rd(&d, FW_ERROR_FATAL), ==,
                    CPTRA_ERR_RUNTIME_SHUTDOWN);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_CAPABILITIES, NULL, 0), ==,
                    CPTRA_IPC_ERR_FAILED);
    ipc_end(&t);
}

/*
 * The DPE-backed commands aspeed_app sends: ADD_SUBJECT_ALT_NAME (a DMTF
 * device info that is not ASCII with two colons: DMTF_DEVICE_INFO_
 * INVALID), CERTIFY_KEY_EXTENDED with that name (a DPE certificate
 * signed by the runtime alias key, checked with libgcrypt, holding the
 * derived key and the name), SIGN_WITH_EXPORTED_ECDSA with an unknown
 * handle (its key derivation code), POPULATE_IDEV_CERT (a size past
 * the certificate buffer: MAILBOX_INVALID_PARAMS)
 */
#define CKX_CERT_SIZE_OFF       (8 + 12 + 16 + 96)
#define CKX_CERT_OFF            (CKX_CERT_SIZE_OFF + 4)
#define CKX_RESP_SIZE           2184

static void test_dpe_commands(void)
{
    static const char dmtf[] = "ASPEED:AST2700:0001";
    uint8_t alt[132] = { 0 }, ckx[76] = { 0 }, sign[80] = { 0 };
    uint8_t ldev[96], fmc[96], rt[96];
    g_autofree uint8_t *pop = g_malloc0(1028);
    g_autofree uint8_t *resp = g_malloc(CKX_RESP_SIZE);
    uint32_t size;
    size_t tbs_len;
    Ipc t;

    ipc_boot(&t);
    ipc_chain(t.qts, ldev, fmc, rt);

    stl_le_p(alt, 9);
    memcpy(alt + 4, "no colons", 9);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_ADD_SUBJECT_ALT_NAME, alt,
                             sizeof(alt)), ==, CPTRA_IPC_ERR_FAILED);
    g_assert_cmphex(ipc_caliptra_error(t.qts), ==,
                    CPTRA_ERR_RUNTIME_DMTF_DEVICE_INFO_INVALID);
    memset(alt, 0, sizeof(alt));
    stl_le_p(alt, strlen(dmtf));
    memcpy(alt + 4, dmtf, strlen(dmtf));
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_ADD_SUBJECT_ALT_NAME, alt,
                             sizeof(alt)), ==, CPTRA_IPC_OK);

    /* flags: the DMTF name; CertifyKey: handle 0, flags, X.509, label */
    stl_le_p(ckx, 1u << 31);
    memset(ckx + 4 + 24, 0x11, 48);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_CERTIFY_KEY_EXTENDED, ckx,
                             sizeof(ckx)), ==, CPTRA_IPC_OK);
    ipc_resp(t.qts, resp, CKX_RESP_SIZE);
    g_assert_cmphex(ldl_le_p(resp + 8), ==, 0x44504552);      /* "DPER" */
    g_assert_cmphex(ldl_le_p(resp + 12), ==, 0);              /* DPE ok */
    size = ldl_le_p(resp + CKX_CERT_SIZE_OFF);
    g_assert_cmpuint(size, >, 0);
    g_assert_cmpuint(size, <=, CKX_RESP_SIZE - CKX_CERT_OFF);
    g_assert_nonnull(cptra_cert_check(resp + CKX_CERT_OFF, size, rt,
                                      &tbs_len));
    g_assert_nonnull(memmem(resp + CKX_CERT_OFF, size, resp + 8 + 12 + 16,
                            48));
    g_assert_nonnull(memmem(resp + CKX_CERT_OFF, size, dmtf, strlen(dmtf)));

    memset(sign, 0x5a, 32);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_SIGN_WITH_EXPORTED_ECDSA, sign,
                             sizeof(sign)), ==, CPTRA_IPC_ERR_FAILED);
    g_assert_cmphex(ipc_caliptra_error(t.qts), ==,
                    CPTRA_ERR_RUNTIME_SIGN_EXPORTED_KEY_DERIVATION);

    stl_le_p(pop, 1025);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_POPULATE_IDEV_CERT, pop, 1028),
                    ==, CPTRA_IPC_ERR_FAILED);
    g_assert_cmphex(ipc_caliptra_error(t.qts), ==,
                    CPTRA_ERR_RUNTIME_MAILBOX_INVALID_PARAMS);
    ipc_end(&t);
}

/*
 * The SSP's PLDM update flow: SET_AUTH_MANIFEST at the driver's full
 * struct size (1.2 reads what the manifest says), then AUTHORIZE_AND_STASH
 * of the BMC image boot_make_files() listed: its SHA-384 (libgcrypt),
 * another digest, an unlisted id
 */
#define AUTH_MANIFEST_REQ       14288

static uint32_t ipc_authorize(QTestState *qts, uint32_t fw_id,
                              const uint8_t digest[48])
{
    uint8_t req[CALIPTRA_AAS_REQ_SIZE - 4] = { 0 };
    uint8_t resp[12];

    stl_le_p(req + CALIPTRA_AAS_FW_ID - 4, fw_id);
    memcpy(req + CALIPTRA_AAS_MEASUREMENT - 4, digest, 48);
    stl_le_p(req + CALIPTRA_AAS_FLAGS - 4, CALIPTRA_AAS_FLAG_SKIP_STASH);
    stl_le_p(req + CALIPTRA_AAS_SOURCE - 4, CALIPTRA_AAS_SOURCE_IN_REQUEST);
    g_assert_cmpint(ipc_call(qts, CPTRA_IPC_AUTHORIZE_AND_STASH, req,
                             sizeof(req)), ==, CPTRA_IPC_OK);
    ipc_resp(qts, resp, sizeof(resp));
    return ldl_le_p(resp + CALIPTRA_AAS_RESP_RESULT);
}

static void test_authorize(void)
{
    g_autofree uint8_t *req = g_malloc0(AUTH_MANIFEST_REQ);
    g_autofree gchar *manifest = NULL;
    uint8_t bmc[768], digest[48];
    gsize len;
    Ipc t;

    ipc_boot(&t);
    g_assert_true(g_file_get_contents(t.f.manifest, &manifest, &len, NULL));
    g_assert_cmpuint(len, <=, AUTH_MANIFEST_REQ - 4);
    stl_le_p(req, len);
    memcpy(req + 4, manifest, len);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_SET_AUTH_MANIFEST, req,
                             AUTH_MANIFEST_REQ), ==, CPTRA_IPC_OK);
    for (int i = 0; i < sizeof(bmc); i++) {
        bmc[i] = i * 3;
    }
    gcry_md_hash_buffer(GCRY_MD_SHA384, digest, bmc, sizeof(bmc));
    g_assert_cmphex(ipc_authorize(t.qts, BMC_FW_ID, digest), ==,
                    CALIPTRA_IMAGE_AUTHORIZED);
    digest[0] ^= 1;
    g_assert_cmphex(ipc_authorize(t.qts, BMC_FW_ID, digest), ==,
                    CALIPTRA_IMAGE_HASH_MISMATCH);
    g_assert_cmphex(ipc_authorize(t.qts, 77, digest), ==,
                    CALIPTRA_IMAGE_NOT_AUTHORIZED);
    ipc_end(&t);
}

/*
 * LMS_VERIFY as ASPEED's driver takes it: a context with the types and q
 * by value, the key's id and digest, the OTS signature and the path by
 * pointer, here into the window after it; the message is the digest in
 * Caliptra's SHA accelerator. Key and signature (LMS_SHA256_M24_H15,
 * LMOTS_SHA256_N24_W4) are made by the bundle tool's signer.
 */
#define LMS_KEY_AT              CPTRA_IPC_LMS_CTX_SIZE
#define LMS_SIG_AT              (LMS_KEY_AT + CALIPTRA_LMS_PUBKEY_SIZE)
#define LMS_REQ_SIZE            (LMS_SIG_AT + CALIPTRA_LMS_SIG_SIZE)

static int32_t ipc_lms_verify(QTestState *qts,
                              const uint8_t pub[CALIPTRA_LMS_PUBKEY_SIZE],
                              const uint8_t sig[CALIPTRA_LMS_SIG_SIZE])
{
    uint8_t req[LMS_REQ_SIZE] = { 0 };

    memcpy(req + LMS_KEY_AT, pub, CALIPTRA_LMS_PUBKEY_SIZE);
    memcpy(req + LMS_SIG_AT, sig, CALIPTRA_LMS_SIG_SIZE);
    /* RFC 8554 layouts, with big-endian numbers */
    stl_le_p(req + CPTRA_IPC_LMS_TREE_TYPE,
             ldl_be_p(pub + CALIPTRA_LMS_KEY_TYPE));
    stl_le_p(req + CPTRA_IPC_LMS_OTS_TYPE,
             ldl_be_p(pub + CALIPTRA_LMS_KEY_OTS_TYPE));
    stl_le_p(req + CPTRA_IPC_LMS_ID_PTR,
             BMCU_IN + LMS_KEY_AT + CALIPTRA_LMS_KEY_ID);
    stl_le_p(req + CPTRA_IPC_LMS_DIGEST_PTR,
             BMCU_IN + LMS_KEY_AT + CALIPTRA_LMS_KEY_T1);
    stl_le_p(req + CPTRA_IPC_LMS_Q, ldl_be_p(sig + CALIPTRA_LMS_SIG_Q));
    stl_le_p(req + CPTRA_IPC_LMS_OTS_PTR,
             BMCU_IN + LMS_SIG_AT + CALIPTRA_LMS_SIG_OTS);
    stl_le_p(req + CPTRA_IPC_LMS_SIG_TREE_TYPE,
             ldl_be_p(sig + CALIPTRA_LMS_SIG_TYPE));
    stl_le_p(req + CPTRA_IPC_LMS_PATH_PTR,
             BMCU_IN + LMS_SIG_AT + CALIPTRA_LMS_SIG_PATH);
    return ipc_call(qts, CPTRA_IPC_LMS_VERIFY, req, sizeof(req));
}

static void test_lms_verify(void)
{
    static const char image[] = "an image signed with LMS";
    uint8_t seed[24], digest[48], sig[1620];
    CbLmsKey key;
    Ipc t;

    memset(seed, 0x5c, sizeof(seed));
    cb_lms_test_key(&key, seed);
    gcry_md_hash_buffer(GCRY_MD_SHA384, digest, image, sizeof(image));
    cb_lms_sign(&key, digest, sizeof(digest), sig);

    ipc_boot(&t);
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_DIGEST, image,
                            sizeof(image)), ==, CPTRA_IPC_OK);
    g_assert_cmpint(ipc_lms_verify(t.qts, key.pub, sig), ==, CPTRA_IPC_OK);
    /* One bit of the OTS signature: Caliptra refuses, the driver says -1 */
    sig[600] ^= 1;
    g_assert_cmpint(ipc_lms_verify(t.qts, key.pub, sig), ==,
                    CPTRA_IPC_ERR_FAILED);
    g_assert_cmphex(ipc_caliptra_error(t.qts), ==,
                    CPTRA_ERR_RUNTIME_LMS_VERIFY_FAILED);
    sig[600] ^= 1;
    /* Another message in the accelerator: the same signature fails */
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_DIGEST, "x", 1), ==,
                    CPTRA_IPC_OK);
    g_assert_cmpint(ipc_lms_verify(t.qts, key.pub, sig), ==,
                    CPTRA_IPC_ERR_FAILED);
    ipc_end(&t);
}

/* What the bootmcu firmware answers to what it cannot do */
static void test_errors(void)
{
    Ipc t;
    uint8_t lms[CPTRA_IPC_LMS_CTX_SIZE] = { 0 };
    int32_t result;

    ipc_boot(&t);
    /* Not in the dispatch table */
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_NUM_CMDS, NULL, 0), ==,
                    CPTRA_IPC_ERR_EINVAL);
    g_assert_cmpint(ipc_call(t.qts, 0xffffffff, NULL, 0), ==,
                    CPTRA_IPC_ERR_EINVAL);
    /* In the table but not in Caliptra 1.2: the mailbox fails */
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_REVOKE_EXPORTED_CDI_HANDLE,
                             NULL, 0), ==, CPTRA_IPC_ERR_FAILED);
    g_assert_cmphex(ipc_caliptra_error(t.qts), ==,
                    CPTRA_ERR_RUNTIME_UNIMPLEMENTED_COMMAND);
    /* A firmware load of any size but the mailbox's */
    ipc_post(t.qts, NS_CA35, CPTRA_IPC_FW_LOAD, BMCU_IN, 0x1000);
    g_assert_true(ipc_wait(t.qts, NS_CA35, &result));
    g_assert_cmpint(result, ==, CPTRA_IPC_ERR_EINVAL);
    /*
     * LMS parameters ASPEED's driver does not take: its wrapper never
     * sets the result, so the client is told success (as on silicon)
     */
    stl_le_p(lms + CPTRA_IPC_LMS_TREE_TYPE, 5);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_LMS_VERIFY, lms, sizeof(lms)),
                    ==, CPTRA_IPC_OK);
    /* The server is still there */
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_CAPABILITIES, NULL, 0), ==,
                    CPTRA_IPC_OK);
    ipc_end(&t);
}

/*
 * No address is checked: an out buffer past the window is written where
 * it points (here, further into DRAM); a reply the client has not taken
 * stays, the next one is dropped
 */
static void test_addresses(void)
{
    Ipc t;
    uint8_t resp[24];
    int32_t result;

    ipc_boot(&t);
    ipc_post(t.qts, NS_CA35, CPTRA_IPC_CAPABILITIES, BMCU_IN,
             BMCU_OUT + 2 * CPTRA_IPC_WINDOW_SIZE);
    g_assert_true(ipc_wait(t.qts, NS_CA35, &result));
    g_assert_cmpint(result, ==, CPTRA_IPC_OK);
    qtest_memread(t.qts, A35_OUT + 2 * CPTRA_IPC_WINDOW_SIZE, resp,
                  sizeof(resp));
    g_assert_cmphex(cptra_checksum(0, resp + 4, sizeof(resp) - 4), ==,
                    (uint32_t)ldl_le_p(resp));

    /* Two requests, the first reply never taken */
    ipc_post(t.qts, NS_CA35, CPTRA_IPC_NUM_CMDS, BMCU_IN, BMCU_OUT);
    for (int i = 0; i < 100 && !(qtest_readl(t.qts, IPC_REG(NS_CA35,
                                 FROM_BMCU, ASPEED_IPC_STATUS)) & ID_BIT);
         i++) {
        qtest_clock_step(t.qts, 1000 * 1000);
    }
    ipc_post(t.qts, NS_CA35, CPTRA_IPC_CAPABILITIES, BMCU_IN, BMCU_OUT);
    for (int i = 0; i < 100 && qtest_readl(t.qts, IPC_REG(NS_CA35, TO_BMCU,
                                           ASPEED_IPC_STATUS)); i++) {
        qtest_clock_step(t.qts, 1000 * 1000);
    }
    g_assert_cmphex(qtest_readl(t.qts, IPC_REG(NS_CA35, TO_BMCU,
                                               ASPEED_IPC_STATUS)), ==, 0);
    g_assert_true(ipc_wait(t.qts, NS_CA35, &result));
    g_assert_cmpint(result, ==, CPTRA_IPC_ERR_EINVAL);
    ipc_end(&t);
}

/* The A35 and the SSP at once: each answered, one after the other */
static void test_two_peers(void)
{
    Ipc t;
    uint8_t a[24], b[24];
    int32_t ra, rb;

    ipc_boot(&t);
    ipc_post(t.qts, ASPEED_IPC_PEER_SSP, CPTRA_IPC_CAPABILITIES, BMCU_IN,
             BMCU_OUT + 0x1000);
    ipc_post(t.qts, NS_CA35, CPTRA_IPC_CAPABILITIES, BMCU_IN, BMCU_OUT);
    g_assert_true(ipc_wait(t.qts, NS_CA35, &ra));
    g_assert_true(ipc_wait(t.qts, ASPEED_IPC_PEER_SSP, &rb));
    g_assert_cmpint(ra, ==, CPTRA_IPC_OK);
    g_assert_cmpint(rb, ==, CPTRA_IPC_OK);
    qtest_memread(t.qts, A35_OUT, a, sizeof(a));
    qtest_memread(t.qts, A35_OUT + 0x1000, b, sizeof(b));
    g_assert_cmpmem(a, sizeof(a), b, sizeof(b));
    g_assert_cmphex(cptra_checksum(0, a + 4, sizeof(a) - 4), ==,
                    (uint32_t)ldl_le_p(a));
    g_assert_cmpuint(boot_qom_uint(t.qts, "/machine/bootmcu-ipc", "served"),
                     ==, 2);
    ipc_end(&t);
}

/*
 * Another SoC requester (here the A35's own port) holding one of
 * Caliptra's locks. ASPEED's SHA driver gives up on the accelerator's
 * lock after 1000 us with -EBUSY, which its wrappers report as -EINVAL,
 * and leaves its in_use flag set: no SHA session opens afterwards, even
 * with the lock free. Its ECDSA driver gives up on the mailbox likewise,
 * reported as -1; the other drivers wait for the mailbox for ever.
 */
static void test_locks_held(void)
{
    uint8_t xy[96] = { 0 }, rs[96] = { 0 };
    CaliptraDev d;
    int32_t result;
    Ipc t;

    ipc_boot(&t);
    d = caliptra_of(t.qts);
    g_assert_cmphex(sha_rd(&d, SHA_LOCK) & 1, ==, 0);
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_DIGEST, "abc", 3), ==,
                    CPTRA_IPC_ERR_EINVAL);
    sha_wr(&d, SHA_LOCK, 1);
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_DIGEST, "abc", 3), ==,
                    CPTRA_IPC_ERR_EINVAL);
    g_assert_cmpint(ipc_sha(t.qts, CPTRA_IPC_SHA384_INIT, NULL, 0), ==,
                    CPTRA_IPC_ERR_EINVAL);
    /* The accelerator itself is free: the A35's port can use it */
    cptra_sha_acc_hash_abc(&d);

    g_assert_cmphex(mbox_rd(&d, MBOX_LOCK) & 1, ==, 0);
    g_assert_cmpint(ipc_verify(t.qts, xy, rs, 48), ==, CPTRA_IPC_ERR_FAILED);
    ipc_post(t.qts, NS_CA35, CPTRA_IPC_CAPABILITIES, BMCU_IN, BMCU_OUT);
    g_assert_false(ipc_wait_for(t.qts, NS_CA35, &result,
                                IPC_NO_ANSWER_STEPS));
    ipc_end(&t);
}

/* After a failed secure boot the bootmcu never serves: nothing enabled */
static void test_failed_boot(void)
{
    Ipc t;
    int32_t result;

    ipc_boot_to(&t, DAMAGE_VENDOR_SIG, "failed", NULL);
    g_assert_cmphex(qtest_readl(t.qts, IPC_REG(NS_CA35, TO_BMCU,
                                               ASPEED_IPC_ENABLE)), ==, 0);
    qtest_writel(t.qts, IPC_REG(NS_CA35, TO_BMCU, ASPEED_IPC_TRIG), ID_BIT);
    g_assert_false(ipc_wait_for(t.qts, NS_CA35, &result,
                                IPC_NO_ANSWER_STEPS));
    ipc_end(&t);
}

/*
 * CALIPTRA_FW_LOAD as aspeed_app sends it: the bundle in the in window,
 * the size word 0x20000 (the whole mailbox, whatever the bundle's size)
 */
static int32_t ipc_fw_load(Ipc *t, bool damage)
{
    g_autofree uint8_t *img = g_malloc0(CPTRA_IPC_FW_LOAD_SIZE);
    g_autofree gchar *bundle = NULL;
    gsize len;
    int32_t result;

    g_assert_true(g_file_get_contents(t->f.bundle, &bundle, &len, NULL));
    g_assert_cmpuint(len, <=, CPTRA_IPC_FW_LOAD_SIZE);
    memcpy(img, bundle, len);
    if (damage) {
        /* The last byte of the runtime image, the bundle's last part */
        img[len - 1] ^= 1;
    }
    qtest_memwrite(t->qts, A35_IN, img, CPTRA_IPC_FW_LOAD_SIZE);
    ipc_post(t->qts, NS_CA35, CPTRA_IPC_FW_LOAD, BMCU_IN,
             CPTRA_IPC_FW_LOAD_SIZE);
    g_assert_true(ipc_wait(t->qts, NS_CA35, &result));
    return result;
}

/* An update reset through the service: the same bundle, then a damaged one */
static void test_fw_load(void)
{
    CaliptraDev d;
    Ipc t;

    ipc_boot(&t);
    d = caliptra_of(t.qts);
    g_assert_cmpint(ipc_fw_load(&t, false), ==, CPTRA_IPC_OK);
    g_assert_cmphex(soc_rd(&d, RESET_REASON) & 1, ==, 1);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_CAPABILITIES, NULL, 0), ==,
                    CPTRA_IPC_OK);
    /*
     * Caliptra's ROM refuses the update (CMD_FAILURE: -EIO here) with a
     * non-fatal error, and the old runtime carries on
     */
    g_assert_cmpint(ipc_fw_load(&t, true), ==, CPTRA_IPC_ERR_EIO);
    g_assert_cmphex(soc_rd(&d, FW_ERROR_NON_FATAL), ==,
                    CPTRA_ERR_IMG_RUNTIME_DIGEST_MISMATCH);
    g_assert_cmphex(soc_rd(&d, FW_ERROR_FATAL), ==, 0);
    g_assert_cmpint(ipc_call(t.qts, CPTRA_IPC_CAPABILITIES, NULL, 0), ==,
                    CPTRA_IPC_OK);
    ipc_end(&t);
}

static bool ipc_busy(QTestState *qts)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': "
                           "{ 'path': '/machine/bootmcu-ipc', "
                           "'property': 'busy' } }");
    bool busy = qdict_get_bool(rsp, "return");

    qobject_unref(rsp);
    return busy;
}

/*
 * A migration while the service streams 1 MiB into the SHA accelerator:
 * the destination finishes the request with the right digest
 */
static void test_migration(void)
{
    g_autofree char *uri = cptra_migration_uri();
    g_autofree char *incoming = g_strdup_printf("-incoming %s", uri);
    size_t n = CPTRA_IPC_WINDOW_SIZE - CPTRA_IPC_SHA_CTX_SIZE;
    g_autofree uint8_t *req = g_malloc0(CPTRA_IPC_WINDOW_SIZE);
    uint8_t *data = req + CPTRA_IPC_SHA_CTX_SIZE;
    QTestState *dst;
    int32_t result;
    Ipc t;
    int i;

    for (size_t j = 0; j < n; j++) {
        data[j] = j * 5 + (j >> 13);
    }
    stl_le_p(req + CPTRA_IPC_SHA_ALGO, CPTRA_IPC_SHA_ALGO_SHA384);
    stl_le_p(req + CPTRA_IPC_SHA_IN_LEN, n);
    stl_le_p(req + CPTRA_IPC_SHA_IN_BUF, BMCU_IN + CPTRA_IPC_SHA_CTX_SIZE);
    stl_le_p(req + CPTRA_IPC_SHA_OUT_BUF, BMCU_OUT);

    ipc_boot(&t);
    qtest_memwrite(t.qts, A35_IN, req, CPTRA_IPC_WINDOW_SIZE);
    ipc_post(t.qts, NS_CA35, CPTRA_IPC_SHA384_DIGEST, BMCU_IN, BMCU_OUT);
    for (i = 0; i < 100 && !ipc_busy(t.qts); i++) {
        qtest_clock_step(t.qts, 100 * 1000);
    }
    /* A few chunks of 64 KiB in, most of the stream still to come */
    qtest_clock_step(t.qts, 30 * 1000);
    g_assert_true(ipc_busy(t.qts));
    cptra_migrate_to_file(t.qts, uri);
    qtest_quit(t.qts);

    dst = boot_start(&t.f, true, BMC_FW_ID, incoming);
    cptra_wait_running(dst);
    unlink(uri + strlen("file:"));
    g_assert_true(ipc_busy(dst));
    g_assert_true(ipc_wait(dst, NS_CA35, &result));
    g_assert_cmpint(result, ==, CPTRA_IPC_OK);
    check_digest(dst, data, n);
    qtest_quit(dst);
    boot_free_files(&t.f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    gcry_check_version(NULL);

    qtest_add_func("/caliptra/ipc/enable", test_enable);
    qtest_add_func("/caliptra/ipc/fw-info", test_fw_info);
    qtest_add_func("/caliptra/ipc/sha384", test_sha384);
    qtest_add_func("/caliptra/ipc/ecdsa-verify", test_ecdsa_verify);
    qtest_add_func("/caliptra/ipc/shared-digest", test_shared_digest);
    qtest_add_func("/caliptra/ipc/lms-verify", test_lms_verify);
    qtest_add_func("/caliptra/ipc/certs", test_certs);
    qtest_add_func("/caliptra/ipc/idev-cert", test_idev_cert);
    qtest_add_func("/caliptra/ipc/invoke-dpe", test_invoke_dpe);
    qtest_add_func("/caliptra/ipc/chain-and-quote", test_chain_and_quote);
    qtest_add_func("/caliptra/ipc/authorize", test_authorize);
    qtest_add_func("/caliptra/ipc/errors", test_errors);
    qtest_add_func("/caliptra/ipc/addresses", test_addresses);
    qtest_add_func("/caliptra/ipc/two-peers", test_two_peers);
    qtest_add_func("/caliptra/ipc/locks-held", test_locks_held);
    qtest_add_func("/caliptra/ipc/failed-boot", test_failed_boot);
    qtest_add_func("/caliptra/ipc/fw-load", test_fw_load);
    qtest_add_func("/caliptra/ipc/runtime-commands", test_runtime_commands);
    qtest_add_func("/caliptra/ipc/dpe-commands", test_dpe_commands);
    qtest_add_func("/caliptra/migration/ipc-mid-request", test_migration);
    return g_test_run();
}
