/*
 * QTest of the Caliptra 1.2 runtime on the ast2700fc machine
 *
 * With bundles signed here (libgcrypt): the runtime's commands and request
 * checks, its update and warm resets, image authorization, PCRs and
 * attestation, and the DICE identities and certificates. Expected values
 * come from caliptra-sw 1.2 and NIST test vectors, never from the model.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qemu/bitops.h"
#include "qemu/cutils.h"
#include "qemu/host-utils.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "hw/misc/caliptra_api.h"
#include <gcrypt.h>
#include "caliptra-crypto-utils.h"
#include "caliptra-utils.h"
#include "caliptra-vectors.h"
#include "../../contrib/caliptra-bundle/caliptra-bundle.h"

static const uint32_t huge_dlen[] = {
    3586 * 4 + 1, 0x20001, 0xfffffffc, 0xfffffffd, 0xffffffff,
};

static void test_runtime_checks(void)
{
    CaliptraDev *d = cptra_start_runtime();
    uint8_t req[4];

    /* Runtime errors are not fatal */
    stl_le_p(req, cptra_checksum(CMD_CAPABILITIES, NULL, 0) ^ 1);
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_CAPABILITIES, req, 4, NULL, 0,
                                     NULL), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0005);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_CAPABILITIES, req, 2, NULL, 0,
                                     NULL), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0009);
    g_assert_true(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_RT);

    /*
     * A DLEN past the runtime's request buffer, up to the largest ones
     * (whose rounding up to words once wrapped to 0): INSUFFICIENT_MEMORY,
     * with only the checksum word written
     */
    for (int i = 0; i < ARRAY_SIZE(huge_dlen); i++) {
        g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
        mbox_wr(d, MBOX_CMD, CMD_CAPABILITIES);
        mbox_wr(d, MBOX_DLEN, huge_dlen[i]);
        mbox_wr(d, MBOX_DATAIN, cptra_checksum(CMD_CAPABILITIES, NULL, 0));
        mbox_wr(d, MBOX_EXECUTE, 1);
        qtest_clock_step(d->qts, 1000 * 1000);
        g_assert_cmpuint(MBOX_STATUS_STATUS(mbox_rd(d, MBOX_STATUS)), ==,
                         CMD_FAILURE);
        mbox_wr(d, MBOX_EXECUTE, 0);
        g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0003);
    }
    g_assert_true(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_RT);
    cptra_stop(d);
}

static void test_runtime_update(void)
{
    CaliptraDev *d = cptra_start_runtime();
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *b = NULL;

    /* Same keys and FMC, a new runtime */
    cptra_test_spec(&spec);
    spec.rt.version = 0x01020001;
    cptra_rt_image[0] ^= 0xff;
    b = cptra_test_bundle(&spec, &len);
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_FIRMWARE_LOAD, b, len, NULL, 0,
                                     NULL), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_cmphex(soc_rd(d, RESET_REASON), ==, 0x1);     /* FW_UPD_RESET */
    g_assert_cmphex(soc_rd(d, FW_REV_ID(1)), ==, 0x01020001);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    cptra_stop(d);
}

static void test_runtime_update_reject(void)
{
    CaliptraDev *d = cptra_start_runtime();
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *b = NULL;

    /* A new FMC may not come with an update */
    cptra_test_spec(&spec);
    cptra_fmc_image[7] ^= 1;
    spec.rt.version = 0x01020001;
    b = cptra_test_bundle(&spec, &len);
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_FIRMWARE_LOAD, b, len, NULL, 0,
                                     NULL), ==, CMD_FAILURE);
    /* UPDATE_RESET_FMC_DIGEST_MISMATCH, not fatal: the old runtime runs */
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000b001f);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_cmphex(soc_rd(d, FW_REV_ID(1)), ==, 0x01020000);
    cptra_stop(d);
}

static void test_runtime_update_oversized(void)
{
    CaliptraDev *d = cptra_start_runtime();
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *b = NULL;

    /* DLEN far past the SRAM, the image ranges pointing out there too */
    cptra_test_spec(&spec);
    b = cptra_test_bundle(&spec, &len);
    stl_le_p(b + 0x1694 + 48, 0x00fffff0);  /* runtime offset */
    g_assert_cmpint(cb_reseal(b, &spec), ==, 0);
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
    mbox_wr(d, MBOX_CMD, CMD_FIRMWARE_LOAD);
    mbox_wr(d, MBOX_DLEN, 0x01000000);
    for (size_t i = 0; i < len; i += 4) {
        mbox_wr(d, MBOX_DATAIN, ldl_le_p(b + i));
    }
    mbox_wr(d, MBOX_EXECUTE, 1);
    for (int i = 0; i < 200 && !MBOX_STATUS_STATUS(mbox_rd(d, MBOX_STATUS));
         i++) {
        cptra_serve_trng(d);
        qtest_clock_step(d->qts, 1000);
    }
    g_assert_cmpuint(MBOX_STATUS_STATUS(mbox_rd(d, MBOX_STATUS)), ==,
                     CMD_FAILURE);
    mbox_wr(d, MBOX_EXECUTE, 0);
    /* IMAGE_VERIFIER_ERR_DIGEST_OUT_OF_BOUNDS, not fatal on update */
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000b0041);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    cptra_stop(d);
}

static void test_runtime_warm_reset(void)
{
    CaliptraDev *d = cptra_start_runtime();

    /* After a completed cold boot, a warm reset returns to runtime */
    cptra_warm_reset(d);
    g_assert_false(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_RT);
    soc_wr(d, FUSE_WR_DONE, 1);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    g_assert_cmphex(soc_rd(d, FW_REV_ID(1)), ==, 0x01020000);
    cptra_stop(d);
}

static void test_runtime_info(void)
{
    CaliptraDev *d = cptra_start_runtime();
    uint8_t resp[64];
    size_t len;

    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_CAPABILITIES, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    g_assert_cmpuint(len, ==, 24);
    cptra_assert_resp_ok(resp, len);
    /* u128 big-endian: runtime reports RT_BASE, bit 64 */
    for (int i = 0; i < 16; i++) {
        g_assert_cmphex(resp[8 + i], ==, i == 7 ? 1 : 0);
    }
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_VERSION, resp, sizeof(resp),
                                         &len), ==, DATA_READY);
    g_assert_cmpuint(len, ==, 36);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmphex(cptra_le32(resp + 16), ==, 0x08800880);
    g_assert_cmphex(cptra_le32(resp + 20), ==, 0x01020000);
    /* Unknown */
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, 0x12345678, NULL, 0, NULL), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0002);
    {
        /* Longer: 1.2 hands VERSION no request bytes (runtime/src/lib.rs) */
        uint8_t req[8] = { 0 };

        stl_le_p(req, cptra_checksum(CMD_VERSION, req + 4, 4));
        g_assert_cmpuint(cptra_mbox_exec(d, CMD_VERSION, req, 8, resp,
                                         sizeof(resp), &len), ==, DATA_READY);
        g_assert_cmpuint(len, ==, 36);
    }
    cptra_stop(d);
}

/* A SHA-384 digest in the manifest's word format, computed here */
static void sha384_words(const uint8_t *data, size_t len, uint8_t out[48])
{
    uint8_t digest[48];

    gcry_md_hash_buffer(GCRY_MD_SHA384, digest, data, len);
    for (int i = 0; i < 48; i += 4) {
        stl_le_p(out + i, ldl_be_p(digest + i));
    }
}

static void test_runtime_fw_info(void)
{
    CbSpec spec;
    CaliptraDev *d;
    uint8_t resp[300], want[48];
    uint32_t owner[12];
    size_t len;
    g_autofree uint8_t *b = NULL;

    cptra_test_spec(&spec);
    spec.flags = 1;
    spec.pl0_pauser = 0x2;
    spec.fmc.svn = 3;
    spec.rt.svn = 5;
    b = cptra_test_bundle(&spec, &len);
    d = cptra_start_runtime_spec(&spec);

    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_FW_INFO, resp, sizeof(resp),
                                         &len), ==, DATA_READY);
    g_assert_cmpuint(len, ==, 264);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmphex(cptra_le32(resp + 8), ==, 0x2);           /* pl0_pauser */
    g_assert_cmpuint(cptra_le32(resp + 12), ==, 5);           /* runtime_svn */
    g_assert_cmpuint(cptra_le32(resp + 16), ==, 5);    /* min_runtime_svn */
    g_assert_cmpuint(cptra_le32(resp + 20), ==, 3);    /* fmc_manifest_svn */
    g_assert_cmpuint(cptra_le32(resp + 24), ==, 0);    /* attestation on */
    sha384_words(cptra_fmc_image, sizeof(cptra_fmc_image), want);
    g_assert_cmpmem(resp + 8 + 112, 48, want, 48);
    sha384_words(cptra_rt_image, sizeof(cptra_rt_image), want);
    g_assert_cmpmem(resp + 8 + 160, 48, want, 48);
    cb_owner_pk_hash(b, owner);
    for (int i = 0; i < 12; i++) {
        g_assert_cmphex(cptra_le32(resp + 8 + 208 + 4 * i), ==, owner[i]);
    }
    cptra_stop(d);
}

static uint32_t rt_get_idev_cert(CaliptraDev *d, uint32_t tbs_size,
                                 const uint8_t *tbs, size_t req_len,
                                 uint8_t *resp, size_t *len)
{
    g_autofree uint8_t *req = g_malloc0(req_len);

    stl_le_p(req + 4, tbs_size);
    memcpy(req + 8, idev_cert_sig_r, 48);
    memcpy(req + 56, idev_cert_sig_s, 48);
    memcpy(req + 104, tbs, MIN(tbs_size, req_len - 104));
    stl_le_p(req, cptra_checksum(CMD_GET_IDEV_CERT, req + 4, req_len - 4));
    return cptra_mbox_exec(d, CMD_GET_IDEV_CERT, req, req_len, resp, 1100,
                           len);
}

static void test_runtime_idev_cert(void)
{
    CaliptraDev *d = cptra_start_runtime();
    g_autofree uint8_t *resp = g_malloc0(1100);
    uint8_t big[916] = { 0 };
    size_t len;

    /* libcaliptra sends the request trimmed to the TBS */
    g_assert_cmpuint(rt_get_idev_cert(d, sizeof(idev_cert_tbs),
                                      idev_cert_tbs,
                                      104 + sizeof(idev_cert_tbs), resp,
                                      &len), ==, DATA_READY);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmpuint(cptra_le32(resp + 8), ==, sizeof(idev_cert_der));
    g_assert_cmpuint(len, ==, 12 + sizeof(idev_cert_der));
    g_assert_cmpmem(resp + 12, sizeof(idev_cert_der), idev_cert_der,
                    sizeof(idev_cert_der));
    /* The whole struct works as well */
    g_assert_cmpuint(rt_get_idev_cert(d, sizeof(idev_cert_tbs),
                                      idev_cert_tbs, 1020, resp, &len), ==,
                     DATA_READY);
    g_assert_cmpmem(resp + 12, sizeof(idev_cert_der), idev_cert_der,
                    sizeof(idev_cert_der));

    /* tbs_size past tbs[916] */
    g_assert_cmpuint(rt_get_idev_cert(d, 917, big, 1020, resp, &len), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0009);
    /* A request longer than GetIdevCertReq */
    g_assert_cmpuint(rt_get_idev_cert(d, 16, big, 1024, resp, &len), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0003);
    /* A TBS that leaves no room for the signature in the 1 KiB cert */
    g_assert_cmpuint(rt_get_idev_cert(d, 916, big, 1020, resp, &len), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e000f);
    cptra_stop(d);
}

static uint32_t rt_ecdsa_verify(CaliptraDev *d, const CbKey *key,
                                const uint8_t rs[96])
{
    uint8_t req[4 + 192];
    uint8_t resp[8];
    size_t len;
    uint32_t status;

    memcpy(req + 4, key->x, 48);
    memcpy(req + 52, key->y, 48);
    memcpy(req + 100, rs, 96);
    stl_le_p(req, cptra_checksum(CMD_ECDSA384_VERIFY, req + 4, 192));
    status = cptra_mbox_exec(d, CMD_ECDSA384_VERIFY, req, sizeof(req), resp,
                             sizeof(resp), &len);
    if (status == DATA_READY) {
        cptra_assert_resp_ok(resp, len);
    }
    return status;
}

static const uint8_t zero48[48];

static const uint8_t ones48[48] = {
    [0 ... 47] = 0xff,
};

static const struct {
    size_t at;                  /* 0: r, 48: s */
    const uint8_t *value;
} bad_scalars[] = {
    { 0, zero48 }, { 48, zero48 },
    { 0, cptra_p384_order }, { 48, cptra_p384_order },
    { 0, ones48 }, { 48, ones48 },
};

static void test_runtime_ecdsa_verify(void)
{
    CaliptraDev *d = cptra_start_runtime();
    CbSpec spec;
    uint8_t rs[96];

    cptra_test_spec(&spec);
    cptra_sha_acc_hash_abc(d);
    g_assert_cmpint(cb_ecdsa_sign(&spec.vendor[0], cptra_sha384_abc_bytes,
                                  rs), ==, 0);
    g_assert_cmpuint(rt_ecdsa_verify(d, &spec.vendor[0], rs), ==,
                     DATA_READY);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0);
    /* Another key, or another message: RUNTIME_ECDSA_VERIFY_FAILED */
    g_assert_cmpuint(rt_ecdsa_verify(d, &spec.owner, rs), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0004);
    rs[95] ^= 1;
    g_assert_cmpuint(rt_ecdsa_verify(d, &spec.vendor[0], rs), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0004);

    /*
     * r or s outside [1, n - 1]: the ECC driver's range check refuses it
     * and runtime passes its error on, DRIVER_ECC384_SCALAR_RANGE_CHECK_
     * FAILED (caliptra-sw drivers/src/ecc384.rs verify_r)
     */
    for (int i = 0; i < ARRAY_SIZE(bad_scalars); i++) {
        uint8_t bad[96];

        memcpy(bad, rs, sizeof(bad));
        memcpy(bad + bad_scalars[i].at, bad_scalars[i].value, 48);
        g_assert_cmpuint(rt_ecdsa_verify(d, &spec.vendor[0], bad), ==,
                         CMD_FAILURE);
        g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x0005000f);
    }
    cptra_stop(d);
}

/*
 * What caliptra-sw 1.2's runtime (rt-1.2.0, runtime/src/lib.rs) does with
 * request lengths: the commands that take no bytes answer whatever follows
 * the checksum; QUOTE_PCRS (pcr.rs) and GET_IDEV_CSR (get_idev_csr.rs)
 * take their request whole or report MAILBOX_INVALID_PARAMS, while the
 * other fixed-size ones report INSUFFICIENT_MEMORY. And an ECDSA384_VERIFY
 * key off the curve: the ECC engine's error interrupt, DRIVER_ECC384_HW_
 * ERROR (ecc384.rs), passed on unchanged.
 */

static void test_runtime_lengths(void)
{
    static const uint32_t any_length[] = {
        CMD_CAPABILITIES, CMD_FW_INFO, CMD_GET_LDEV_CERT,
    };
    CaliptraDev *d = cptra_start_runtime();
    uint8_t body[40] = { 0 }, resp[1100];
    CbSpec spec;
    uint8_t rs[96];
    size_t len;

    for (int i = 0; i < ARRAY_SIZE(any_length); i++) {
        g_assert_cmpuint(cptra_rt_exec(d, any_length[i], body, 12, resp,
                                       sizeof(resp), &len), ==, DATA_READY);
        cptra_assert_resp_ok(resp, len);
    }
    g_assert_cmpuint(cptra_rt_exec(d, CMD_QUOTE_PCRS, body, 36, resp,
                                   sizeof(resp), &len), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0009);
    g_assert_cmpuint(cptra_rt_exec(d, CMD_GET_IDEVID_CSR, body, 4, resp,
                                   sizeof(resp), &len), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0009);
    g_assert_cmpuint(cptra_rt_exec(d, CMD_EXTEND_PCR, body, 40, resp,
                                   sizeof(resp), &len), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0003);

    /* In-range r and s, a public key whose y is off by one */
    cptra_test_spec(&spec);
    cptra_sha_acc_hash_abc(d);
    g_assert_cmpint(cb_ecdsa_sign(&spec.vendor[0], cptra_sha384_abc_bytes,
                                  rs), ==, 0);
    spec.vendor[0].y[47] ^= 1;
    g_assert_cmpuint(rt_ecdsa_verify(d, &spec.vendor[0], rs), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x00050011);

    /* The reserved all-ones PAUSER: RUNTIME_CMD_RESERVED_PAUSER, not fatal */
    qtest_qmp_assert_success(d->qts, "{ 'execute': 'qom-set', 'arguments': "
                             "{ 'path': %s, 'property': 'soc-pauser', "
                             "'value': 4294967295 } }", d->qom_path);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_CAPABILITIES, NULL, 0, NULL),
                     ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e004f);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    cptra_stop(d);
}

static uint32_t rt_lms_verify(CaliptraDev *d, const uint8_t *key,
                              const uint8_t *sig)
{
    g_autofree uint8_t *req = g_malloc(CALIPTRA_LMS_REQ_SIZE);
    uint8_t *rkey = req + CALIPTRA_LMS_REQ_KEY, *rsig = req +
                    CALIPTRA_LMS_REQ_SIG;
    uint8_t resp[8];
    size_t len;
    uint32_t status;

    /*
     * LmsVerifyReq (caliptra-sw api mailbox.rs) has the key's and the
     * signature's type words and q as little-endian u32s, where LMS
     * (RFC 8554, as @key and @sig are) has them big-endian
     */
    memcpy(rkey, key, CALIPTRA_LMS_PUBKEY_SIZE);
    memcpy(rsig, sig, CALIPTRA_LMS_SIG_SIZE);
    stl_le_p(rkey + CALIPTRA_LMS_KEY_TYPE,
             ldl_be_p(key + CALIPTRA_LMS_KEY_TYPE));
    stl_le_p(rkey + CALIPTRA_LMS_KEY_OTS_TYPE,
             ldl_be_p(key + CALIPTRA_LMS_KEY_OTS_TYPE));
    stl_le_p(rsig + CALIPTRA_LMS_SIG_Q, ldl_be_p(sig + CALIPTRA_LMS_SIG_Q));
    stl_le_p(rsig + CALIPTRA_LMS_SIG_TYPE,
             ldl_be_p(sig + CALIPTRA_LMS_SIG_TYPE));
    stl_le_p(req, cptra_checksum(CMD_LMS_VERIFY, rkey,
                                 CALIPTRA_LMS_REQ_SIZE - CALIPTRA_LMS_REQ_KEY));
    status = cptra_mbox_exec(d, CMD_LMS_VERIFY, req, CALIPTRA_LMS_REQ_SIZE,
                             resp, sizeof(resp), &len);
    if (status == DATA_READY) {
        cptra_assert_resp_ok(resp, len);
    }
    return status;
}

static const struct {
    bool in_sig;
    size_t at;
    uint32_t value, code;
} lms_malformed[] = {
    { false, 0, 5, 0x000e0043 },        /* key: LMS_SHA256_M32_H5 */
    { false, 4, 8, 0x000e0044 },        /* key: another LM-OTS type */
    { true, 1256, 5, 0x000e0043 },      /* signature's LMS type */
    { true, 4, 8, 0x000c000d },         /* its LM-OTS type, not the key's */
    { true, 0, 0x8000, 0x000c0007 },    /* q: past the 2^15 leaves */
};

static void test_runtime_lms_verify(void)
{
    CaliptraDev *d = cptra_start_runtime();
    CbLmsKey key;
    uint8_t seed[24], sig[1620];

    memset(seed, 0x33, sizeof(seed));
    cb_lms_test_key(&key, seed);
    cptra_sha_acc_hash_abc(d);
    cb_lms_sign(&key, cptra_sha384_abc_bytes, 48, sig);
    g_assert_cmpuint(rt_lms_verify(d, key.pub, sig), ==, DATA_READY);
    sig[600] ^= 1;
    g_assert_cmpuint(rt_lms_verify(d, key.pub, sig), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0042);
    sig[600] ^= 1;
    /*
     * Malformed, in the order 1.2 checks them (runtime verify.rs, then
     * the LMS driver's errors passed on unchanged, drivers lms.rs)
     */
    for (int i = 0; i < ARRAY_SIZE(lms_malformed); i++) {
        uint8_t k[48], bad[1620];

        memcpy(k, key.pub, sizeof(k));
        memcpy(bad, sig, sizeof(bad));
        stl_be_p((lms_malformed[i].in_sig ? bad : k) + lms_malformed[i].at,
                 lms_malformed[i].value);
        g_assert_cmpuint(rt_lms_verify(d, k, bad), ==, CMD_FAILURE);
        g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==,
                        lms_malformed[i].code);
    }
    g_assert_cmpuint(rt_lms_verify(d, key.pub, sig), ==, DATA_READY);
    cptra_stop(d);
}

static void test_runtime_self_test_shutdown(void)
{
    CaliptraDev *d = cptra_start_runtime();
    uint8_t resp[16];
    size_t len;

    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_SELF_TEST_RESULTS, resp,
                                         sizeof(resp), NULL), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0012);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_SELF_TEST_START, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_SELF_TEST_START, resp,
                                         sizeof(resp), NULL), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0011);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_SELF_TEST_RESULTS, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    g_assert_cmpuint(len, ==, 8);

    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_SHUTDOWN, resp, sizeof(resp),
                                         &len), ==, DATA_READY);
    cptra_assert_resp_ok(resp, len);
    cptra_assert_fatal(d, 0x000e0008);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_VERSION, NULL, 0, NULL), ==,
                     CMD_FAILURE);
    cptra_stop(d);
}

static uint32_t rt_set_auth_manifest(CaliptraDev *d, const uint8_t *m,
                                     size_t len)
{
    g_autofree uint8_t *req = g_malloc0(8 + len);
    uint8_t resp[8];
    size_t rlen;
    uint32_t status;

    stl_le_p(req + 4, len);
    memcpy(req + 8, m, len);
    stl_le_p(req, cptra_checksum(CMD_SET_AUTH_MANIFEST, req + 4, 4 + len));
    status = cptra_mbox_exec(d, CMD_SET_AUTH_MANIFEST, req, 8 + len, resp,
                             sizeof(resp), &rlen);
    if (status == DATA_READY) {
        cptra_assert_resp_ok(resp, rlen);
    }
    return status;
}

static void test_runtime_authorize(void)
{
    CaliptraDev *d = cptra_start_runtime();
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *m = NULL;
    uint8_t other[48];

    cptra_test_spec(&spec);
    m = cptra_test_auth_manifest(&spec, 1, &len);
    /* Nothing is authorized before a manifest is set */
    g_assert_cmphex(cptra_rt_authorize(d, 1, cptra_auth_entries[1].digest, 1),
                    ==, IMAGE_NOT_AUTHORIZED);
    g_assert_cmpuint(rt_set_auth_manifest(d, m, len), ==, DATA_READY);

    g_assert_cmphex(cptra_rt_authorize(d, 1, cptra_auth_entries[1].digest, 1),
                    ==, IMAGE_AUTHORIZED);
    g_assert_cmphex(cptra_rt_authorize(d, 12, cptra_auth_entries[0].digest, 1),
                    ==, IMAGE_AUTHORIZED);
    memset(other, 0x55, sizeof(other));
    g_assert_cmphex(cptra_rt_authorize(d, 12, other, 1), ==,
                    IMAGE_HASH_MISMATCH);
    /* fw_id 10 is listed with ignore_auth_check */
    g_assert_cmphex(cptra_rt_authorize(d, 10, other, 1), ==, IMAGE_AUTHORIZED);
    g_assert_cmphex(cptra_rt_authorize(d, 13, cptra_auth_entries[0].digest, 1),
                    ==, IMAGE_NOT_AUTHORIZED);
    /* Only digests in the request are supported */
    g_assert_cmphex(cptra_rt_authorize(d, 1, cptra_auth_entries[1].digest, 2),
                    ==, 0);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e004e);
    cptra_stop(d);
}

static const struct {
    const char *name;
    size_t flip;            /* manifest byte to damage */
    uint32_t code;
} auth_rejects[] = {
    { "marker", 0, 0x000e0045 },
    { "preamble-size", 4, 0x000e0046 },
    { "vendor-keys", 16 + 5, 0x000e0047 },      /* signed by the bundle's */
    { "owner-keys", 1876 + 5, 0x000e0049 },
    { "list-vendor-sig", 3736 + 60, 0x000e0047 },
    { "list-owner-sig", 5452 + 60, 0x000e0049 },
    { "list-entry", 7168 + 4 + 8, 0x000e0047 },  /* vendor checks first */
    { "entry-count", 7168, 0x000e004d },
    { "duplicate-id", 7168 + 4 + 56, 0x000e0053 },
    { "short", 1, 0x000e004b },
};

static void test_runtime_auth_manifest_reject(const void *opaque)
{
    int t = GPOINTER_TO_INT(opaque);
    CaliptraDev *d = cptra_start_runtime();
    CbSpec spec;
    size_t len;
    g_autofree uint8_t *m = NULL;

    cptra_test_spec(&spec);
    m = cptra_test_auth_manifest(&spec, 1, &len);
    if (!strcmp(auth_rejects[t].name, "entry-count")) {
        stl_le_p(m + 7168, 0);
    } else if (!strcmp(auth_rejects[t].name, "duplicate-id")) {
        /* Second entry takes the first's id, list re-signed */
        CbAuthSpec a = { 0 };

        g_free(m);
        cptra_auth_entries[1].fw_id = cptra_auth_entries[0].fw_id;
        a.fw_vendor = &spec.vendor[0];
        a.fw_owner = &spec.owner;
        a.vendor = spec.vendor[0];
        a.owner = spec.owner;
        a.flags = 1;
        a.count = 3;
        a.entries = cptra_auth_entries;
        m = cb_auth_manifest(&a, &len);
    } else if (!strcmp(auth_rejects[t].name, "short")) {
        len = 7000;
    } else {
        m[auth_rejects[t].flip] ^= 0x01;
    }
    g_assert_cmpuint(rt_set_auth_manifest(d, m, len), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, auth_rejects[t].code);
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
    cptra_stop(d);
}

/*
 * Without SKIP_STASH an authorized image is measured as STASH_MEASUREMENT
 * measures (a DPE context, PCR31), which only the PL0 PAUSER may do
 */
static void test_runtime_authorize_stash(void)
{
    static const uint8_t nonce[32];
    uint8_t want[48] = { 0 }, resp[QUOTE_RESP_SIZE];
    g_autofree uint8_t *m = NULL;
    CaliptraDev *d;
    size_t len;
    CbSpec spec;

    cptra_test_spec(&spec);
    spec.flags = 1;                 /* PL0: ast2700fc's PAUSER 1 */
    spec.pl0_pauser = 1;
    d = cptra_start_runtime_spec(&spec);
    m = cptra_test_auth_manifest(&spec, 1, &len);
    g_assert_cmpuint(rt_set_auth_manifest(d, m, len), ==, DATA_READY);
    g_assert_cmphex(cptra_rt_authorize_flags(d, 1,
                                             cptra_auth_entries[1].digest,
                                             1, 0), ==, IMAGE_AUTHORIZED);
    g_assert_cmphex(cptra_rt_authorize_flags(d, 12,
                                             cptra_auth_entries[0].digest,
                                             1, 0), ==, IMAGE_AUTHORIZED);
    cptra_sha384(want, 48, cptra_auth_entries[1].digest, 48, want);
    cptra_sha384(want, 48, cptra_auth_entries[0].digest, 48, want);
    cptra_quote(d, nonce, resp);
    g_assert_cmpmem(resp + 8 + 31 * 48, 48, want, 48);
    /* Not authorized: nothing is stashed */
    g_assert_cmphex(cptra_rt_authorize_flags(d, 13,
                                             cptra_auth_entries[0].digest,
                                             1, 0), ==, IMAGE_NOT_AUTHORIZED);
    cptra_quote(d, nonce, resp);
    g_assert_cmpmem(resp + 8 + 31 * 48, 48, want, 48);
    cptra_stop(d);

    /* A manifest without a PL0 PAUSER: the stash is refused */
    cptra_test_spec(&spec);
    d = cptra_start_runtime_spec(&spec);
    g_assert_cmpuint(rt_set_auth_manifest(d, m, len), ==, DATA_READY);
    g_assert_cmphex(cptra_rt_authorize_flags(d, 1,
                                             cptra_auth_entries[1].digest,
                                             1, 0), ==, 0);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0016);
    cptra_stop(d);
}

/*
 * QUOTE_PCRS after a cold boot: PCR0/1 as the ROM measures the device
 * and the FMC, PCR2/3 as the FMC measures the runtime, all recomputed
 * here; the quote signed by the FMC alias key, derived here from
 * caliptra-sw's LDevID CDI and this PCR0.
 */
static void test_pcr_quote(void)
{
    CaliptraDev *d = cptra_start(NULL);
    static const uint8_t nonce[32] = "caliptra-qemu pcr quote nonce..";
    uint8_t resp[QUOTE_RESP_SIZE], pcr[4][48] = { { 0 } };
    uint8_t status[9] = { 3, 1, 0, 0, 3, 0, 0xff, 0, 1 };
    uint8_t vendor[48], owner[48], fmc[48], rt[48], manifest[48];
    uint8_t digest[48], cdi_l[48], cdi_f[48], seed[48], priv[48], rs[96];
    uint32_t w[12];
    g_autofree uint8_t *b = NULL;
    size_t blen;
    CbSpec spec;

    cptra_test_spec(&spec);
    spec.fmc.svn = 3;
    b = cptra_test_bundle(&spec, &blen);
    cb_vendor_pk_hash(b, w);
    for (int i = 0; i < 12; i++) {
        stl_be_p(vendor + 4 * i, w[i]);
    }
    cb_owner_pk_hash(b, w);
    for (int i = 0; i < 12; i++) {
        stl_be_p(owner + 4 * i, w[i]);
    }
    gcry_md_hash_buffer(GCRY_MD_SHA384, fmc, cptra_fmc_image,
                        sizeof(cptra_fmc_image));
    gcry_md_hash_buffer(GCRY_MD_SHA384, rt, cptra_rt_image,
                        sizeof(cptra_rt_image));
    gcry_md_hash_buffer(GCRY_MD_SHA384, manifest, b, 5884);
    for (int p = 0; p < 2; p++) {
        cptra_sha384(pcr[p], 48, status, sizeof(status), pcr[p]);
        cptra_sha384(pcr[p], 48, vendor, 48, pcr[p]);
        cptra_sha384(pcr[p], 48, owner, 48, pcr[p]);
        cptra_sha384(pcr[p], 48, fmc, 48, pcr[p]);
        cptra_sha384(pcr[p + 2], 48, rt, 48, pcr[p + 2]);
        cptra_sha384(pcr[p + 2], 48, manifest, 48, pcr[p + 2]);
    }

    for (int i = 0; i < 12; i++) {
        soc_wr(d, FUSE_UDS_SEED(i), caliptra_default_uds[i]);
    }
    for (int i = 0; i < 8; i++) {
        soc_wr(d, FUSE_FIELD_ENTROPY(i), caliptra_default_fe[i]);
    }
    cptra_fuse_keys(d, b);
    g_assert_cmpuint(cptra_fw_load(d, b, blen), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));

    cptra_quote(d, nonce, resp);
    for (int p = 0; p < 4; p++) {
        g_assert_cmpmem(resp + 8 + 48 * p, 48, pcr[p], 48);
    }
    for (int p = 4; p < 32; p++) {
        g_assert_true(buffer_is_zero(resp + 8 + 48 * p, 48));
    }
    g_assert_cmpmem(resp + QUOTE_NONCE, 32, nonce, 32);
    cptra_sha384(resp + 8, 32 * 48, nonce, 32, digest);
    g_assert_cmpmem(resp + QUOTE_DIGEST, 48, digest, 48);
    g_assert_true(buffer_is_zero(resp + QUOTE_RESET_CTRS, 32 * 4));

    /* The FMC alias key: KDF(CDI_LDevID, "fmc_alias_cdi", PCR0) ... */
    for (int i = 0; i < 48; i++) {
        sscanf(caliptra_default_ldevid_cdi + 2 * i, "%2hhx", &cdi_l[i]);
    }
    cptra_kdf(cdi_l, "fmc_alias_cdi", pcr[0], 48, cdi_f);
    cptra_kdf(cdi_f, "fmc_alias_keygen", NULL, 0, seed);
    cptra_drbg_key(seed, priv);
    cptra_sign_rfc6979(priv, digest, rs);
    g_assert_cmpmem(resp + QUOTE_SIG, 96, rs, 96);
    cptra_stop(d);
}

/* EXTEND_PCR and INCREMENT_PCR_RESET_COUNTER, with their refusals */
static void test_pcr_extend(void)
{
    CaliptraDev *d = cptra_start(NULL);
    uint8_t pub[96], resp[QUOTE_RESP_SIZE], data[48], want[48] = { 0 };
    static const uint8_t nonce[32];

    cptra_get_idev_info(d, pub);
    memset(data, 0x5c, sizeof(data));
    for (int i = 0; i < 2; i++) {
        g_assert_cmpuint(cptra_rt_cmd_u32(d, CMD_EXTEND_PCR, 4, data, 48), ==,
                         DATA_READY);
        cptra_sha384(want, 48, data, 48, want);
    }
    g_assert_cmpuint(cptra_rt_cmd_u32(d, CMD_INCREMENT_PCR_RESET_COUNTER, 7,
                                      NULL, 0), ==, DATA_READY);
    g_assert_cmpuint(cptra_rt_cmd_u32(d, CMD_INCREMENT_PCR_RESET_COUNTER, 7,
                                      NULL, 0), ==, DATA_READY);
    cptra_quote(d, nonce, resp);
    g_assert_cmpmem(resp + 8 + 48 * 4, 48, want, 48);
    g_assert_cmpuint(ldl_le_p(resp + QUOTE_RESET_CTRS + 4 * 7), ==, 2);

    /* PCR0..3 are the ROM's and FMC's; 32 and up do not exist */
    g_assert_cmpuint(cptra_rt_cmd_u32(d, CMD_EXTEND_PCR, 3, data, 48), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e003c);
    g_assert_cmpuint(cptra_rt_cmd_u32(d, CMD_EXTEND_PCR, 32, data, 48), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e003d);
    g_assert_cmpuint(cptra_rt_cmd_u32(d, CMD_EXTEND_PCR, 256, data, 48), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0009);
    g_assert_cmpuint(cptra_rt_cmd_u32(d, CMD_INCREMENT_PCR_RESET_COUNTER, 32,
                                      NULL, 0), ==, CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0009);
    /* A short extension is a malformed request */
    g_assert_cmpuint(cptra_rt_cmd_u32(d, CMD_EXTEND_PCR, 5, data, 47), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0003);
    cptra_stop(d);
}

/*
 * Hostile requests: every runtime command, with lengths around its own
 * and junk content under a valid checksum. Each one gets an answer (data,
 * completion or failure with a non-fatal code); none stops Caliptra.
 */
static void test_runtime_hostile_requests(void)
{
    static const uint32_t cmds[] = {
        CMD_CAPABILITIES, CMD_VERSION, CMD_SELF_TEST_START,
        CMD_SELF_TEST_RESULTS, CMD_ECDSA384_VERIFY, CMD_LMS_VERIFY,
        CMD_FW_INFO, CMD_GET_IDEV_CERT, CMD_GET_IDEV_INFO,
        CMD_GET_LDEV_CERT, CMD_GET_IDEVID_CSR, CMD_GET_FMC_ALIAS_CERT,
        CMD_GET_RT_ALIAS_CERT, CMD_GET_FMC_ALIAS_CSR, CMD_QUOTE_PCRS,
        CMD_EXTEND_PCR,
        CMD_INCREMENT_PCR_RESET_COUNTER, CMD_SET_AUTH_MANIFEST,
        CMD_AUTHORIZE_AND_STASH, CMD_STASH_MEASUREMENT,
        0x44504543 /* INVOKE_DPE_COMMAND */, 0x54514754 /* DPE_TAG_TCI */,
        0x47544744 /* DPE_GET_TAGGED_TCI */,
        0x434b4558 /* CERTIFY_KEY_EXTENDED */,
        0x414c544e /* ADD_SUBJECT_ALT_NAME */,
        0x49444550 /* POPULATE_IDEV_CERT */,
        0x53574545 /* SIGN_WITH_EXPORTED_ECDSA */, 0x12345678,
    };
    static const size_t lens[] = {
        4, 5, 8, 24, 36, 55, 56, 57, 80, 84, 108, 116, 200, 520, 1020,
        1021, 1700, 9000,
    };
    CaliptraDev *d = cptra_start(NULL);
    g_autofree uint8_t *req = g_malloc(9000);
    g_autofree uint8_t *resp = g_malloc(4096);
    GRand *rand = g_rand_new_with_seed(0xca11b7a);
    uint8_t pub[96];
    size_t len;

    cptra_get_idev_info(d, pub);
    for (int c = 0; c < ARRAY_SIZE(cmds); c++) {
        for (int l = 0; l < ARRAY_SIZE(lens); l++) {
            uint32_t status;

            for (size_t i = 4; i < lens[l]; i++) {
                req[i] = g_rand_int(rand);
            }
            stl_le_p(req, cptra_checksum(cmds[c], req + 4, lens[l] - 4));
            status = cptra_mbox_exec(d, cmds[c], req, lens[l], resp, 4096,
                                     &len);
            g_assert_cmpuint(status, !=, CMD_BUSY);
            g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, 0);
            g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_IDLE);
        }
    }
    /* ... and it still answers properly */
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_VERSION, resp, 4096, &len),
                     ==, DATA_READY);
    cptra_assert_resp_ok(resp, len);
    g_rand_free(rand);
    cptra_stop(d);
}

/*
 * DISABLE_ATTESTATION: FW_INFO says so from then on, across a warm reset
 * too; the runtime alias certificate (made at boot) does not change.
 */

#define FW_INFO_ATTESTATION_DISABLED    (8 + 16)

static uint32_t fw_info_disabled(CaliptraDev *d)
{
    uint8_t resp[8 + 256];
    size_t len;

    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_FW_INFO, resp, sizeof(resp),
                                         &len), ==, DATA_READY);
    cptra_assert_resp_ok(resp, len);
    return ldl_le_p(resp + FW_INFO_ATTESTATION_DISABLED);
}

static void test_runtime_disable_attestation(void)
{
    CaliptraDev *d = cptra_start(NULL);
    uint8_t pub[96], before[1024], after[1024], resp[8];
    size_t len_before, len_after, len;

    cptra_get_idev_info(d, pub);
    g_assert_cmpuint(fw_info_disabled(d), ==, 0);
    len_before = cptra_get_cert(d, CMD_GET_RT_ALIAS_CERT, before);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_DISABLE_ATTESTATION, resp,
                                         sizeof(resp), &len), ==, DATA_READY);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmpuint(fw_info_disabled(d), ==, 1);
    len_after = cptra_get_cert(d, CMD_GET_RT_ALIAS_CERT, after);
    g_assert_cmpmem(after, len_after, before, len_before);

    /* The fuses stay; the boot FSM waits for a new FUSE_WR_DONE write */
    cptra_warm_reset(d);
    soc_wr(d, FUSE_WR_DONE, 1);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_cmpuint(fw_info_disabled(d), ==, 1);
    cptra_stop(d);
}

static void test_dice_idevid(void)
{
    CaliptraDev *d = cptra_start(NULL);
    uint8_t pub[96];

    cptra_get_idev_info(d, pub);
    cptra_assert_hex(pub, caliptra_default_idevid_pub);
    cptra_stop(d);
}

/* The LDevID certificate is byte for byte caliptra-sw 1.2's */
static void test_dice_ldevid_cert(void)
{
    CaliptraDev *d = cptra_start(NULL);
    uint8_t pub[96], resp[1024];
    uint8_t req[8] = { 0 };
    size_t len;

    cptra_get_idev_info(d, pub);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_GET_LDEV_CERT, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmpuint(ldl_le_p(resp + 8), ==,
                     sizeof(caliptra_golden_ldevid_cert));
    g_assert_cmpuint(len, ==, 12 + sizeof(caliptra_golden_ldevid_cert));
    g_assert_cmpmem(resp + 12, len - 12, caliptra_golden_ldevid_cert,
                    sizeof(caliptra_golden_ldevid_cert));

    /*
     * The request is its checksum only, and 1.2 reads nothing past it
     * (runtime/src/lib.rs): a longer one gets the same certificate
     */
    stl_le_p(req, cptra_checksum(CMD_GET_LDEV_CERT, req + 4, 4));
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_GET_LDEV_CERT, req, sizeof(req),
                                     resp, sizeof(resp), &len), ==,
                     DATA_READY);
    g_assert_cmpmem(resp + 12, len - 12, caliptra_golden_ldevid_cert,
                    sizeof(caliptra_golden_ldevid_cert));
    cptra_stop(d);
}

#define IDEV_CSR_RESP_SIZE      (8 + 4 + 512)

static void assert_csr_resp(const uint8_t *resp, size_t len)
{
    g_assert_cmpuint(len, ==, IDEV_CSR_RESP_SIZE);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmpuint(ldl_le_p(resp + 8), ==,
                     sizeof(caliptra_golden_idevid_csr));
    g_assert_cmpmem(resp + 12, sizeof(caliptra_golden_idevid_csr),
                    caliptra_golden_idevid_csr,
                    sizeof(caliptra_golden_idevid_csr));
}

/*
 * The manufacturing flow: with MFG_FLAG_GEN_IDEV_CSR the ROM puts the
 * IDevID CSR in the mailbox (Caliptra as the requester) and waits for the
 * SoC to clear the flag; the CSR is caliptra-sw 1.2's, byte for byte.
 * ROM and runtime then hand it out again with GET_IDEVID_CSR.
 */
static void test_dice_idevid_csr_flow(void)
{
    CaliptraDev *d = cptra_start(NULL);
    uint8_t csr[448], resp[IDEV_CSR_RESP_SIZE];
    g_autofree uint8_t *b = NULL;
    uint32_t status;
    size_t len, blen;
    CbSpec spec;
    int i;

    cptra_test_spec(&spec);
    b = cptra_test_bundle(&spec, &blen);
    cptra_fuse_keys(d, b);
    for (i = 0; i < 12; i++) {
        soc_wr(d, FUSE_UDS_SEED(i), caliptra_default_uds[i]);
    }
    for (i = 0; i < 8; i++) {
        soc_wr(d, FUSE_FIELD_ENTROPY(i), caliptra_default_fe[i]);
    }
    soc_wr(d, DBG_MANUF_SERVICE_REG, 1);
    cptra_boot_to(d, FLOW_IDEVID_CSR_READY);
    g_assert_false(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_FW);

    status = mbox_rd(d, MBOX_STATUS);
    g_assert_cmpuint(MBOX_STATUS_FSM(status), ==, FSM_EXECUTE_SOC);
    g_assert_false(status & MBOX_STATUS_SOC_LOCK);
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 1);     /* Caliptra's */
    /* ... and the uC is told the SoC asked (NOTIF_SOC_REQ_LOCK) */
    g_assert_cmphex(soc_rd(d, 0x818) & BIT(4), !=, 0);
    g_assert_cmpuint(mbox_rd(d, MBOX_DLEN), ==,
                     sizeof(caliptra_golden_idevid_csr));
    for (i = 0; i < sizeof(csr); i += 4) {
        stl_le_p(csr + i, mbox_rd(d, MBOX_DATAOUT));
    }
    g_assert_cmpmem(csr, sizeof(caliptra_golden_idevid_csr),
                    caliptra_golden_idevid_csr,
                    sizeof(caliptra_golden_idevid_csr));

    /* The ROM waits until the SoC clears the flag */
    qtest_clock_step(d->qts, 1000);
    g_assert_false(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_FW);
    soc_wr(d, DBG_MANUF_SERVICE_REG, 0);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_FW));
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_IDLE);

    /* The ROM hands it out again ... */
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_GET_IDEVID_CSR, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    assert_csr_resp(resp, len);

    /* ... and so does the runtime */
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_FIRMWARE_LOAD, b, blen, NULL, 0,
                                     NULL), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_GET_IDEVID_CSR, resp,
                                         sizeof(resp), &len), ==,
                     DATA_READY);
    assert_csr_resp(resp, len);
    cptra_stop(d);
}

/* Without the flag there is no CSR: ROM and runtime say so */
static void test_dice_idevid_csr_unprovisioned(void)
{
    CaliptraDev *d = cptra_start(NULL);
    uint8_t pub[96], resp[IDEV_CSR_RESP_SIZE];
    size_t len;

    cptra_get_idev_info(d, pub);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_GET_IDEVID_CSR, resp,
                                         sizeof(resp), &len), ==,
                     CMD_FAILURE);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, 0x000e0051);
    cptra_stop(d);

    d = cptra_start_ready(NULL);
    g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_GET_IDEVID_CSR, resp,
                                         sizeof(resp), &len), ==,
                     CMD_FAILURE);
    cptra_assert_fatal(d, 0x0102000a);
    cptra_stop(d);
}

/* caliptra-sw rt-1.2.0's LDevID public key (its golden certificate) */
static const char ldevid_pub_hex[] =
    "842c00af05accceb14514e2d37b0c3aaa218f15057f1dcb8"
    "24a214980b744688a0888a0297fa7dc5e1ead8ca1291db22"
    "9c28eb8678bce800822c07228f416ae49d218e5da2f2d1a8"
    "a27dc19adf668a74628999d222b40159d8076fafbb8c5edb";

static void unhex(const char *hex, uint8_t *out, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        sscanf(hex + 2 * i, "%2hhx", &out[i]);
    }
}

/*
 * The chain LDevID -> FMC alias -> runtime alias: each signature checks
 * with its issuer's key (the LDevID's from caliptra-sw's golden
 * certificate), the names, key ids and TcbInfo fields are where
 * caliptra-sw 1.2's templates put them (x509/build) with the values
 * recomputed here from the bundle and the fuses.
 */
static void test_dice_alias_certs(void)
{
    CaliptraDev *d = cptra_start(NULL);
    uint8_t ldev_xy[96], fmc_xy[96], cert[1024], want[48], w8[4];
    uint8_t fmc_sn[64], fmc_skid[20];
    uint8_t info[7 + 96] = { 3, 1, 0, 0, 0xff, 0, 1 };
    const uint8_t *tbs;
    g_autofree uint8_t *b = NULL;
    size_t len, tbs_len, blen;
    uint32_t w[12];
    CbSpec spec;

    cptra_test_spec(&spec);
    spec.fmc.svn = 3;
    spec.rt.svn = 5;
    b = cptra_test_bundle(&spec, &blen);
    for (int i = 0; i < 12; i++) {
        soc_wr(d, FUSE_UDS_SEED(i), caliptra_default_uds[i]);
    }
    for (int i = 0; i < 8; i++) {
        soc_wr(d, FUSE_FIELD_ENTROPY(i), caliptra_default_fe[i]);
    }
    cptra_fuse_keys(d, b);
    g_assert_cmpuint(cptra_fw_load(d, b, blen), ==, CMD_COMPLETE);
    g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));

    /* FMC alias: 753-byte TBS, signed by the LDevID */
    unhex(ldevid_pub_hex, ldev_xy, 96);
    len = cptra_get_cert(d, CMD_GET_FMC_ALIAS_CERT, cert);
    tbs = cptra_cert_check(cert, len, ldev_xy, &tbs_len);
    g_assert_cmpuint(tbs_len, ==, 753);
    /* Issuer: the LDevID's name, as in its golden certificate's subject */
    g_assert_cmpmem(tbs + 86, 64, caliptra_golden_ldevid_cert + 4 + 229, 64);
    g_assert_cmpmem(tbs + 154, 15, "20230101000000Z", 15);
    g_assert_cmpmem(tbs + 171, 15, "99991231235959Z", 15);
    g_assert_cmphex(tbs[319], ==, 0x04);        /* uncompressed point */
    g_assert_cmphex(tbs[515], ==, 0);           /* fuse SVN (none fused) */
    cb_vendor_pk_hash(b, w);
    for (int i = 0; i < 12; i++) {
        stl_be_p(info + 7 + 4 * i, w[i]);
    }
    cb_owner_pk_hash(b, w);
    for (int i = 0; i < 12; i++) {
        stl_be_p(info + 7 + 48 + 4 * i, w[i]);
    }
    gcry_md_hash_buffer(GCRY_MD_SHA384, want, info, sizeof(info));
    g_assert_cmpmem(tbs + 533, 48, want, 48);   /* DEVICE_INFO hash */
    stl_be_p(w8, 1);                            /* production, locked */
    g_assert_cmpmem(tbs + 584, 4, w8, 4);
    g_assert_cmphex(tbs[613], ==, 3);           /* FMC SVN */
    gcry_md_hash_buffer(GCRY_MD_SHA384, want, cptra_fmc_image,
                        sizeof(cptra_fmc_image));
    g_assert_cmpmem(tbs + 631, 48, want, 48);   /* FMC TCI */
    g_assert_cmpmem(tbs + 733, 20, caliptra_golden_ldevid_cert + 4 + 499,
                    20);                        /* AKID: the LDevID's SKID */
    memcpy(fmc_xy, tbs + 320, 96);
    memcpy(fmc_sn, tbs + 232, 64);
    memcpy(fmc_skid, tbs + 700, 20);

    /*
     * GET_FMC_ALIAS_CSR: the FMC's self-signed CSR of the same key, in
     * caliptra-sw's 325-byte template (subject serial at 53, key at 140,
     * UEID at 308), sent whole: size word, then 512 bytes
     */
    {
        uint8_t resp[8 + 4 + 512];

        g_assert_cmpuint(cptra_mbox_exec_hdr(d, CMD_GET_FMC_ALIAS_CSR, resp,
                                             sizeof(resp), &len), ==,
                         DATA_READY);
        g_assert_cmpuint(len, ==, sizeof(resp));
        cptra_assert_resp_ok(resp, len);
        len = ldl_le_p(resp + 8);
        tbs = cptra_cert_check(resp + 12, len, fmc_xy, &tbs_len);
        g_assert_cmpuint(tbs_len, ==, 325);
        g_assert_true(memmem(tbs, tbs_len, "Caliptra 1.0 FMC Alias", 22));
        g_assert_cmpmem(tbs + 53, 64, fmc_sn, 64);
        g_assert_cmpmem(tbs + 141, 96, fmc_xy, 96);
        g_assert_true(buffer_is_zero(resp + 12 + len, 512 - len));
    }

    /* Runtime alias: 649-byte TBS, signed by the FMC alias */
    len = cptra_get_cert(d, CMD_GET_RT_ALIAS_CERT, cert);
    tbs = cptra_cert_check(cert, len, fmc_xy, &tbs_len);
    g_assert_cmpuint(tbs_len, ==, 649);
    g_assert_cmpmem(tbs + 89, 64, fmc_sn, 64);
    g_assert_cmpmem(tbs + 629, 20, fmc_skid, 20);
    g_assert_cmphex(tbs[510], ==, 5);           /* runtime SVN */
    gcry_md_hash_buffer(GCRY_MD_SHA384, want, cptra_rt_image,
                        sizeof(cptra_rt_image));
    g_assert_cmpmem(tbs + 528, 48, want, 48);   /* runtime TCI */
    cptra_stop(d);
}

/*
 * The FMC alias certificate's TcbInfo flags follow the lifecycle and the
 * debug lock (caliptra-sw rom fmc_alias.rs make_flags: fixed width, not
 * configured when unprovisioned, not secure in manufacturing, debug when
 * unlocked; the u32 bit-reversed, big-endian)
 */
static void test_dice_tcb_flags(void)
{
    static const struct {
        const char *opts;
        uint32_t flags;
    } cases[] = {
        { "-global caliptra-soc-ifc.debug-locked=off", 0x80000008 },
        { "-global caliptra-soc-ifc.lifecycle=0", 0x80000001 },
        { "-global caliptra-soc-ifc.lifecycle=1", 0x80000002 },
    };

    for (int i = 0; i < ARRAY_SIZE(cases); i++) {
        CaliptraDev *d = cptra_start(cases[i].opts);
        uint8_t cert[1024], want[4];
        g_autofree uint8_t *b = NULL;
        const uint8_t *tbs;
        size_t len, blen, hdr, n;
        CbSpec spec;

        cptra_test_spec(&spec);
        b = cptra_test_bundle(&spec, &blen);
        cptra_fuse_keys(d, b);
        g_assert_cmpuint(cptra_fw_load(d, b, blen), ==, CMD_COMPLETE);
        g_assert_true(cptra_wait_flow(d, FLOW_READY_FOR_RT));
        len = cptra_get_cert(d, CMD_GET_FMC_ALIAS_CERT, cert);
        g_assert_cmpuint(cptra_der_len(cert, &hdr) + hdr, ==, len);
        tbs = cert + hdr;
        g_assert_cmpuint(cptra_der_len(tbs, &n) + n, ==, 753);
        stl_be_p(want, revbit32(cases[i].flags));
        g_assert_cmpmem(tbs + 584, 4, want, 4);
        cptra_stop(d);
    }
}

static void test_dice_obf_key(void)
{
    CaliptraDev *d = cptra_start("-global caliptra.obf-key="
                                 "000102030405060708090a0b0c0d0e0f"
                                 "101112131415161718191a1b1c1d1e1f");
    QDict *rsp;
    uint8_t pub[96];
    char hex[193];

    /* The strap is write-only */
    rsp = qtest_qmp(d->qts, "{ 'execute': 'qom-get', 'arguments': "
                    "{ 'path': %s, 'property': 'obf-key' } }", d->qom_path);
    g_assert_true(qdict_haskey(rsp, "error"));
    qobject_unref(rsp);
    /* Another key, another identity from the same fuses */
    cptra_get_idev_info(d, pub);
    for (int i = 0; i < 96; i++) {
        sprintf(hex + 2 * i, "%02x", pub[i]);
    }
    g_assert_cmpstr(hex, !=, caliptra_default_idevid_pub);
    cptra_stop(d);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_nonnull(gcry_check_version(NULL));

    qtest_add_func("/caliptra/runtime/checks", test_runtime_checks);
    qtest_add_func("/caliptra/runtime/warm-reset", test_runtime_warm_reset);
    qtest_add_func("/caliptra/runtime/update", test_runtime_update);
    qtest_add_func("/caliptra/runtime/info", test_runtime_info);
    qtest_add_func("/caliptra/runtime/fw-info", test_runtime_fw_info);
    qtest_add_func("/caliptra/runtime/idev-cert", test_runtime_idev_cert);
    qtest_add_func("/caliptra/runtime/ecdsa384-verify",
                   test_runtime_ecdsa_verify);
    qtest_add_func("/caliptra/runtime/lms-verify", test_runtime_lms_verify);
    qtest_add_func("/caliptra/runtime/lengths", test_runtime_lengths);
    qtest_add_func("/caliptra/runtime/self-test-shutdown",
                   test_runtime_self_test_shutdown);
    qtest_add_func("/caliptra/runtime/authorize", test_runtime_authorize);
    qtest_add_func("/caliptra/runtime/authorize-stash",
                   test_runtime_authorize_stash);
    qtest_add_func("/caliptra/runtime/quote-pcrs", test_pcr_quote);
    qtest_add_func("/caliptra/runtime/disable-attestation",
                   test_runtime_disable_attestation);
    qtest_add_func("/caliptra/runtime/hostile-requests",
                   test_runtime_hostile_requests);
    qtest_add_func("/caliptra/runtime/extend-pcr", test_pcr_extend);
    for (int i = 0; i < ARRAY_SIZE(auth_rejects); i++) {
        g_autofree char *path =
            g_strdup_printf("/caliptra/runtime/auth-manifest-reject/%s",
                            auth_rejects[i].name);

        qtest_add_data_func(path, GINT_TO_POINTER(i),
                            test_runtime_auth_manifest_reject);
    }
    qtest_add_func("/caliptra/runtime/update-reject",
                   test_runtime_update_reject);
    qtest_add_func("/caliptra/runtime/update-oversized",
                   test_runtime_update_oversized);
    qtest_add_func("/caliptra/dice/idevid", test_dice_idevid);
    qtest_add_func("/caliptra/dice/ldevid-cert", test_dice_ldevid_cert);
    qtest_add_func("/caliptra/dice/alias-certs", test_dice_alias_certs);
    qtest_add_func("/caliptra/dice/idevid-csr-flow",
                   test_dice_idevid_csr_flow);
    qtest_add_func("/caliptra/dice/idevid-csr-unprovisioned",
                   test_dice_idevid_csr_unprovisioned);
    qtest_add_func("/caliptra/dice/tcb-flags", test_dice_tcb_flags);
    qtest_add_func("/caliptra/dice/obf-key", test_dice_obf_key);

    return g_test_run();
}
