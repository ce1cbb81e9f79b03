/*
 * QTest helpers for the Caliptra 1.x SoC interface
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "hw/misc/caliptra.h"
#include "hw/misc/caliptra_api.h"
#include "hw/misc/caliptra_regs.h"
#include "caliptra-utils.h"

/*
 * The offsets above are transcribed from caliptra-rtl's SystemRDL on
 * their own; the build fails if they and the model's one register map
 * (hw/misc/caliptra_regs.h) ever part
 */
#define SAME(a, b) QEMU_BUILD_BUG_ON((a) != (b))
SAME(CPTRA_MBOX, CALIPTRA_MBOX_CSR_OFFSET);
SAME(CPTRA_SHA, CALIPTRA_SHA_ACC_OFFSET);
SAME(CPTRA_SOC, CALIPTRA_SOC_IFC_OFFSET);
SAME(AST2700_CALIPTRA_SIZE, CALIPTRA_WINDOW_SIZE);
SAME(MBOX_LOCK, A_MBOX_LOCK);
SAME(MBOX_USER, A_MBOX_USER);
SAME(MBOX_CMD, A_MBOX_CMD);
SAME(MBOX_DLEN, A_MBOX_DLEN);
SAME(MBOX_DATAIN, A_MBOX_DATAIN);
SAME(MBOX_DATAOUT, A_MBOX_DATAOUT);
SAME(MBOX_EXECUTE, A_MBOX_EXECUTE);
SAME(MBOX_STATUS, A_MBOX_STATUS);
SAME(MBOX_UNLOCK, A_MBOX_UNLOCK);
SAME(MBOX_STATUS_SOC_LOCK, R_MBOX_STATUS_SOC_HAS_LOCK_MASK);
SAME(SHA_LOCK, A_SHA_LOCK);
SAME(SHA_USER, A_SHA_USER);
SAME(SHA_MODE, A_SHA_MODE);
SAME(SHA_START_ADDRESS, A_SHA_START_ADDRESS);
SAME(SHA_DLEN, A_SHA_DLEN);
SAME(SHA_DATAIN, A_SHA_DATAIN);
SAME(SHA_EXECUTE, A_SHA_EXECUTE);
SAME(SHA_STATUS, A_SHA_STATUS);
SAME(SHA_DIGEST(0), A_SHA_DIGEST);
SAME(SHA_CONTROL, A_SHA_CONTROL);
SAME(HW_ERROR_FATAL, A_CPTRA_HW_ERROR_FATAL);
SAME(HW_ERROR_NON_FATAL, A_CPTRA_HW_ERROR_NON_FATAL);
SAME(FW_ERROR_FATAL, A_CPTRA_FW_ERROR_FATAL);
SAME(FW_ERROR_NON_FATAL, A_CPTRA_FW_ERROR_NON_FATAL);
SAME(FW_ERROR_ENC, A_CPTRA_FW_ERROR_ENC);
SAME(BOOT_STATUS, A_CPTRA_BOOT_STATUS);
SAME(FLOW_STATUS, A_CPTRA_FLOW_STATUS);
SAME(FLOW_READY_FOR_FW, R_CPTRA_FLOW_STATUS_READY_FOR_FW_MASK);
SAME(FLOW_READY_FOR_RT, R_CPTRA_FLOW_STATUS_READY_FOR_RUNTIME_MASK);
SAME(FLOW_READY_FOR_FUSES, R_CPTRA_FLOW_STATUS_READY_FOR_FUSES_MASK);
SAME(RESET_REASON, A_CPTRA_RESET_REASON);
SAME(SECURITY_STATE, A_CPTRA_SECURITY_STATE);
SAME(MBOX_VALID_PAUSER(0), A_CPTRA_MBOX_VALID_PAUSER);
SAME(MBOX_PAUSER_LOCK(0), A_CPTRA_MBOX_PAUSER_LOCK);
SAME(TRNG_VALID_PAUSER, A_CPTRA_TRNG_VALID_PAUSER);
SAME(TRNG_PAUSER_LOCK, A_CPTRA_TRNG_PAUSER_LOCK);
SAME(TRNG_DATA(0), A_CPTRA_TRNG_DATA);
SAME(TRNG_STATUS, A_CPTRA_TRNG_STATUS);
SAME(FUSE_WR_DONE, A_CPTRA_FUSE_WR_DONE);
SAME(BOOTFSM_GO, A_CPTRA_BOOTFSM_GO);
SAME(DBG_MANUF_SERVICE_REG, A_CPTRA_DBG_MANUF_SERVICE_REG);
SAME(HW_REV_ID, A_CPTRA_HW_REV_ID);
SAME(FW_REV_ID(0), A_CPTRA_FW_REV_ID);
SAME(HW_CONFIG, A_CPTRA_HW_CONFIG);
SAME(FUSE_VALID_PAUSER, A_CPTRA_FUSE_VALID_PAUSER);
SAME(FUSE_PAUSER_LOCK, A_CPTRA_FUSE_PAUSER_LOCK);
SAME(FUSE_UDS_SEED(0), A_FUSE_UDS_SEED);
SAME(FUSE_FIELD_ENTROPY(0), A_FUSE_FIELD_ENTROPY);
SAME(FUSE_KEY_MANIFEST_PK_HASH(0), A_FUSE_KEY_MANIFEST_PK_HASH);
SAME(FUSE_KEY_MANIFEST_PK_HASH_MASK, A_FUSE_KEY_MANIFEST_PK_HASH_MASK);
SAME(FUSE_OWNER_PK_HASH(0), A_FUSE_OWNER_PK_HASH);
SAME(FUSE_SOC_STEPPING_ID, A_FUSE_SOC_STEPPING_ID);
SAME(BOOT_FSM_DONE, CALIPTRA_BOOT_DONE);

/* The command ids, from caliptra-sw's api/src/mailbox.rs, likewise */
SAME(CMD_FIRMWARE_LOAD, CALIPTRA_CMD_FIRMWARE_LOAD);
SAME(CMD_CAPABILITIES, CALIPTRA_CMD_CAPABILITIES);
SAME(CMD_VERSION, CALIPTRA_CMD_VERSION);
SAME(CMD_SELF_TEST_START, CALIPTRA_CMD_SELF_TEST_START);
SAME(CMD_SELF_TEST_RESULTS, CALIPTRA_CMD_SELF_TEST_GET_RESULTS);
SAME(CMD_SHUTDOWN, CALIPTRA_CMD_SHUTDOWN);
SAME(CMD_STASH_MEASUREMENT, CALIPTRA_CMD_STASH_MEASUREMENT);
SAME(CMD_ECDSA384_VERIFY, CALIPTRA_CMD_ECDSA384_VERIFY);
SAME(CMD_GET_IDEV_INFO, CALIPTRA_CMD_GET_IDEV_INFO);
SAME(CMD_GET_IDEVID_CSR, CALIPTRA_CMD_GET_IDEV_CSR);
SAME(CMD_GET_LDEV_CERT, CALIPTRA_CMD_GET_LDEV_CERT);
SAME(CMD_GET_FMC_ALIAS_CERT, CALIPTRA_CMD_GET_FMC_ALIAS_CERT);
SAME(CMD_GET_FMC_ALIAS_CSR, CALIPTRA_CMD_GET_FMC_ALIAS_CSR);
SAME(CMD_GET_RT_ALIAS_CERT, CALIPTRA_CMD_GET_RT_ALIAS_CERT);
SAME(CMD_QUOTE_PCRS, CALIPTRA_CMD_QUOTE_PCRS);
SAME(CMD_EXTEND_PCR, CALIPTRA_CMD_EXTEND_PCR);
SAME(CMD_INCREMENT_PCR_RESET_COUNTER, CALIPTRA_CMD_INCREMENT_PCR_RESET_COUNTER);
SAME(CMD_SET_AUTH_MANIFEST, CALIPTRA_CMD_SET_AUTH_MANIFEST);
SAME(CMD_AUTHORIZE_AND_STASH, CALIPTRA_CMD_AUTHORIZE_AND_STASH);
SAME(CMD_LMS_VERIFY, CALIPTRA_CMD_LMS_VERIFY);
SAME(CMD_FW_INFO, CALIPTRA_CMD_FW_INFO);
SAME(CMD_GET_IDEV_CERT, CALIPTRA_CMD_GET_IDEV_CERT);
SAME(CMD_DISABLE_ATTESTATION, CALIPTRA_CMD_DISABLE_ATTESTATION);
SAME(CMD_INVOKE_DPE, CALIPTRA_CMD_INVOKE_DPE);
SAME(CMD_DPE_TAG_TCI, CALIPTRA_CMD_DPE_TAG_TCI);
SAME(CMD_DPE_GET_TAGGED_TCI, CALIPTRA_CMD_DPE_GET_TAGGED_TCI);
SAME(CMD_CERTIFY_KEY_EXT, CALIPTRA_CMD_CERTIFY_KEY_EXTENDED);
SAME(CMD_ADD_SUBJECT_ALT, CALIPTRA_CMD_ADD_SUBJECT_ALT_NAME);
SAME(CMD_POPULATE_IDEV_CERT, CALIPTRA_CMD_POPULATE_IDEV_CERT);
SAME(CMD_SIGN_EXPORTED, CALIPTRA_CMD_SIGN_WITH_EXPORTED_ECDSA);

#define POLL_LIMIT  10000

uint32_t cptra_rd(CaliptraDev *d, uint32_t off)
{
    return qtest_readl(d->qts, d->base + off);
}

void cptra_wr(CaliptraDev *d, uint32_t off, uint32_t val)
{
    qtest_writel(d->qts, d->base + off, val);
}

uint32_t cptra_mbox_fsm(CaliptraDev *d)
{
    return MBOX_STATUS_FSM(mbox_rd(d, MBOX_STATUS));
}

void cptra_warm_reset(CaliptraDev *d)
{
    qtest_set_irq_in(d->qts, d->qom_path, "cptra-rst-b", 0, 1);
    qtest_set_irq_in(d->qts, d->qom_path, "cptra-rst-b", 0, 0);
}

bool cptra_serve_trng(CaliptraDev *d)
{
    static uint32_t counter;

    if (!(soc_rd(d, TRNG_STATUS) & TRNG_DATA_REQ) ||
        (soc_rd(d, TRNG_STATUS) & TRNG_DATA_WR_DONE)) {
        return false;
    }
    for (int i = 0; i < 12; i++) {
        soc_wr(d, TRNG_DATA(i), 0x5eed0000 + counter++);
    }
    soc_wr(d, TRNG_STATUS, TRNG_DATA_WR_DONE);
    return true;
}

bool cptra_wait_flow(CaliptraDev *d, uint32_t flow_bits)
{
    for (int i = 0; i < POLL_LIMIT; i++) {
        if ((soc_rd(d, FLOW_STATUS) & flow_bits) == flow_bits) {
            return true;
        }
        cptra_serve_trng(d);
        qtest_clock_step(d->qts, 1000);
    }
    return false;
}

void cptra_boot_to(CaliptraDev *d, uint32_t flow_bits)
{
    g_assert_true(soc_rd(d, FLOW_STATUS) & FLOW_READY_FOR_FUSES);
    soc_wr(d, FUSE_WR_DONE, 1);
    soc_wr(d, BOOTFSM_GO, 1);
    g_assert_true(cptra_wait_flow(d, flow_bits));
}

uint32_t cptra_checksum(uint32_t cmd, const void *data, size_t len)
{
    const uint8_t *p = data;
    uint32_t sum = 0;

    for (int i = 0; i < 4; i++) {
        sum += (cmd >> (8 * i)) & 0xff;
    }
    for (size_t i = 0; i < len; i++) {
        sum += p[i];
    }
    return 0 - sum;
}

static void mbox_write_bytes(CaliptraDev *d, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i += 4) {
        uint8_t word[4] = { 0 };

        memcpy(word, p + i, MIN(4, len - i));
        mbox_wr(d, MBOX_DATAIN, ldl_le_p(word));
    }
}

uint32_t cptra_mbox_exec(CaliptraDev *d, uint32_t cmd, const void *req,
                         size_t req_len, void *resp, size_t resp_max,
                         size_t *resp_len)
{
    uint32_t status = CMD_BUSY;
    int i;

    g_assert_cmpuint(mbox_rd(d, MBOX_LOCK), ==, 0);
    mbox_wr(d, MBOX_CMD, cmd);
    mbox_wr(d, MBOX_DLEN, req_len);
    mbox_write_bytes(d, req, req_len);
    mbox_wr(d, MBOX_EXECUTE, 1);

    /* As a bootmcu does, keep the TRNG fed while waiting */
    for (i = 0; i < POLL_LIMIT; i++) {
        status = MBOX_STATUS_STATUS(mbox_rd(d, MBOX_STATUS));
        if (status != CMD_BUSY) {
            break;
        }
        cptra_serve_trng(d);
        qtest_clock_step(d->qts, 1000);
    }
    g_assert_cmpint(i, <, POLL_LIMIT);

    if (resp_len) {
        *resp_len = 0;
    }
    if (status == DATA_READY) {
        uint32_t dlen = mbox_rd(d, MBOX_DLEN);
        uint8_t *p = resp;

        g_assert_cmpuint(dlen, <=, resp_max);
        for (uint32_t off = 0; off < dlen; off += 4) {
            uint8_t word[4];

            stl_le_p(word, mbox_rd(d, MBOX_DATAOUT));
            memcpy(p + off, word, MIN(4, dlen - off));
        }
        if (resp_len) {
            *resp_len = dlen;
        }
    }
    mbox_wr(d, MBOX_EXECUTE, 0);
    return status;
}

uint32_t cptra_mbox_exec_hdr(CaliptraDev *d, uint32_t cmd, void *resp,
                             size_t resp_max, size_t *resp_len)
{
    uint8_t req[4];

    stl_le_p(req, cptra_checksum(cmd, NULL, 0));
    return cptra_mbox_exec(d, cmd, req, sizeof(req), resp, resp_max,
                           resp_len);
}

uint32_t cptra_rt_exec(CaliptraDev *d, uint32_t cmd, const void *body,
                       size_t body_len, void *resp, size_t resp_max,
                       size_t *resp_len)
{
    g_autofree uint8_t *req = g_malloc(4 + body_len);

    if (body_len) {             /* body may be NULL then */
        memcpy(req + 4, body, body_len);
    }
    stl_le_p(req, cptra_checksum(cmd, req + 4, body_len));
    return cptra_mbox_exec(d, cmd, req, 4 + body_len, resp, resp_max,
                           resp_len);
}

CaliptraDev *cptra_start(const char *extra)
{
    CaliptraDev *d = g_new0(CaliptraDev, 1);

    d->qts = qtest_initf("-machine ast2700fc %s", extra ? extra : "");
    d->base = AST2700_CALIPTRA_BASE;
    d->qom_path = AST2700_CALIPTRA_QOM;
    return d;
}

void cptra_stop(CaliptraDev *d)
{
    qtest_quit(d->qts);
    g_free(d);
}

uint32_t cptra_fw_load(CaliptraDev *d, const uint8_t *b, size_t len)
{
    cptra_boot_to(d, FLOW_READY_FOR_FW);
    return cptra_mbox_exec(d, CMD_FIRMWARE_LOAD, b, len, NULL, 0, NULL);
}

const char *cptra_qmp_status(QTestState *qts, const char *cmd)
{
    static char buf[32];
    QDict *rsp = qtest_qmp(qts, "{ 'execute': %s }", cmd);
    QDict *ret = qdict_get_qdict(rsp, "return");

    g_assert_nonnull(ret);
    g_strlcpy(buf, qdict_get_try_str(ret, "status") ?: "", sizeof(buf));
    qobject_unref(rsp);
    return buf;
}

/*
 * Migration waits on states, never on a time budget: a loaded machine only
 * makes them slower, and meson's test timeout catches a real hang.
 */
void cptra_migrate_to_file(QTestState *qts, const char *uri)
{
    const char *st;

    qtest_qmp_assert_success(qts, "{ 'execute': 'migrate', "
                             "'arguments': { 'uri': %s } }", uri);
    for (;;) {
        st = cptra_qmp_status(qts, "query-migrate");
        if (!strcmp(st, "completed") || !strcmp(st, "failed")) {
            break;
        }
        g_usleep(1000);
    }
    g_assert_cmpstr(st, ==, "completed");
}

void cptra_wait_running(QTestState *qts)
{
    while (strcmp(cptra_qmp_status(qts, "query-status"), "running")) {
        g_usleep(1000);
    }
}

char *cptra_migration_uri(void)
{
    return g_strdup_printf("file:%s/caliptra-mig-%d.bin", g_get_tmp_dir(),
                           getpid());
}

/* Migrate @src to a file and start the destination from it */
CaliptraDev *cptra_migrate(CaliptraDev *src)
{
    g_autofree char *uri = cptra_migration_uri();
    g_autofree char *incoming = g_strdup_printf("-incoming %s", uri);
    CaliptraDev *dst;

    cptra_migrate_to_file(src->qts, uri);
    cptra_stop(src);
    dst = cptra_start(incoming);
    cptra_wait_running(dst->qts);
    unlink(uri + strlen("file:"));
    return dst;
}

CaliptraDev *cptra_start_ready(const char *extra)
{
    CaliptraDev *d = cptra_start(extra);

    cptra_boot_to(d, FLOW_READY_FOR_FW);
    return d;
}

void cptra_assert_resp_ok(const uint8_t *resp, size_t len)
{
    g_assert_cmpuint(len, >=, 8);
    g_assert_cmphex((uint32_t)ldl_le_p(resp), ==,
                    cptra_checksum(0, resp + 4, len - 4));
    g_assert_cmphex((uint32_t)ldl_le_p(resp + 4), ==, 0);  /* FIPS approved */
}

void cptra_assert_fatal(CaliptraDev *d, uint32_t code)
{
    g_assert_cmphex(soc_rd(d, FW_ERROR_FATAL), ==, code);
    g_assert_cmphex(soc_rd(d, FW_ERROR_NON_FATAL), ==, code);
}

void cptra_sha_read_digest(CaliptraDev *d, uint8_t *digest, size_t dlen)
{
    for (size_t i = 0; i < dlen / 4; i++) {
        stl_be_p(digest + 4 * i, sha_rd(d, SHA_DIGEST(i)));
    }
}

void cptra_sha_stream(CaliptraDev *d, uint32_t mode, const uint8_t *msg,
                      size_t len, uint8_t *digest, size_t dlen)
{
    g_assert_cmphex(sha_rd(d, SHA_LOCK), ==, 0);
    g_assert_cmphex(sha_rd(d, SHA_STATUS), ==, SHA_STATUS_SOC_LOCK);
    sha_wr(d, SHA_MODE, mode);
    sha_wr(d, SHA_DLEN, len);
    for (size_t i = 0; i < len; i += 4) {
        uint8_t w[4] = { 0 };

        memcpy(w, msg + i, MIN(4, len - i));
        sha_wr(d, SHA_DATAIN, ldl_be_p(w));   /* first byte in [31:24] */
    }
    sha_wr(d, SHA_EXECUTE, 1);
    g_assert_cmphex(sha_rd(d, SHA_STATUS), ==,
                    SHA_STATUS_VALID | SHA_STATUS_SOC_LOCK);
    cptra_sha_read_digest(d, digest, dlen);
    sha_wr(d, SHA_LOCK, 1);
    g_assert_cmphex(sha_rd(d, SHA_STATUS), ==, 0);
}

void cptra_assert_hex(const uint8_t *got, const char *want)
{
    g_autofree char *hex = g_malloc0(strlen(want) + 1);

    for (size_t i = 0; i < strlen(want) / 2; i++) {
        sprintf(hex + 2 * i, "%02x", got[i]);
    }
    g_assert_cmpstr(hex, ==, want);
}

/* FIPS 180-2's "abc" */
const char cptra_sha384_abc[] =
    "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
    "1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7";

/* A protocol slip while holding the lock: the mailbox goes to ERROR */
void cptra_mbox_break_protocol(CaliptraDev *d)
{
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 0);
    mbox_wr(d, MBOX_EXECUTE, 0);            /* CMD expected */
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_ERROR);
    g_assert_cmphex(soc_rd(d, HW_ERROR_NON_FATAL) & 0x2, ==, 0x2);
    soc_wr(d, HW_ERROR_NON_FATAL, 0x2);
}

/* The firmware leaves it so, whatever the SoC tries and however long */
void cptra_mbox_assert_stuck(CaliptraDev *d)
{
    mbox_wr(d, MBOX_EXECUTE, 0);
    mbox_wr(d, MBOX_CMD, CMD_CAPABILITIES);
    qtest_clock_step(d->qts, 100 * 1000 * 1000);    /* 100 ms */
    g_assert_cmpuint(cptra_mbox_fsm(d), ==, FSM_ERROR);
    g_assert_cmphex(mbox_rd(d, MBOX_LOCK), ==, 1);
    g_assert_cmphex(mbox_rd(d, MBOX_CMD), ==, CMD_CAPABILITIES);
    g_assert_cmphex(MBOX_STATUS_STATUS(mbox_rd(d, MBOX_STATUS)), ==,
                    CMD_BUSY);
}

void cptra_set_pauser(CaliptraDev *d, uint32_t pauser)
{
    qtest_qmp_assert_success(d->qts, "{ 'execute': 'qom-set', 'arguments': "
                             "{ 'path': %s, 'property': 'soc-pauser', "
                             "'value': %u } }", d->qom_path, pauser);
}

uint8_t cptra_sha384_abc_bytes[48];

void cptra_sha_acc_hash_abc(CaliptraDev *d)
{
    cptra_sha_stream(d, SHA_MODE_SHA384_STREAM, (const uint8_t *)"abc", 3,
               cptra_sha384_abc_bytes, 48);
    cptra_assert_hex(cptra_sha384_abc_bytes, cptra_sha384_abc);
}

uint32_t cptra_rt_authorize_flags(CaliptraDev *d, uint32_t fw_id,
                                  const uint8_t digest[48], uint32_t source,
                                  uint32_t flags)
{
    uint8_t req[116] = { 0 }, resp[12];
    size_t len;

    stl_le_p(req + 4, fw_id);
    memcpy(req + 8, digest, 48);
    stl_le_p(req + 108, flags);
    stl_le_p(req + 112, source);
    stl_le_p(req, cptra_checksum(CMD_AUTHORIZE_AND_STASH, req + 4, 112));
    if (cptra_mbox_exec(d, CMD_AUTHORIZE_AND_STASH, req, sizeof(req), resp,
                        sizeof(resp), &len) != DATA_READY) {
        return 0;
    }
    g_assert_cmpuint(len, ==, 12);
    cptra_assert_resp_ok(resp, len);
    return cptra_le32(resp + 8);
}

uint32_t cptra_rt_authorize(CaliptraDev *d, uint32_t fw_id,
                            const uint8_t digest[48], uint32_t source)
{
    return cptra_rt_authorize_flags(d, fw_id, digest, source,
                                    AUTH_SKIP_STASH);
}

void cptra_quote(CaliptraDev *d, const uint8_t nonce[32], uint8_t *resp)
{
    uint8_t req[36];
    size_t len;

    memcpy(req + 4, nonce, 32);
    stl_le_p(req, cptra_checksum(CMD_QUOTE_PCRS, req + 4, 32));
    g_assert_cmpuint(cptra_mbox_exec(d, CMD_QUOTE_PCRS, req, sizeof(req),
                                     resp, QUOTE_RESP_SIZE, &len), ==,
                     DATA_READY);
    g_assert_cmpuint(len, ==, QUOTE_RESP_SIZE);
    cptra_assert_resp_ok(resp, len);
}

uint32_t cptra_rt_cmd_u32(CaliptraDev *d, uint32_t cmd, uint32_t arg,
                          const uint8_t *data, size_t data_len)
{
    uint8_t req[8 + 48] = { 0 }, resp[8];
    size_t len;

    stl_le_p(req + 4, arg);
    if (data) {
        memcpy(req + 8, data, data_len);
    }
    stl_le_p(req, cptra_checksum(cmd, req + 4, 4 + data_len));
    return cptra_mbox_exec(d, cmd, req, 8 + data_len, resp, sizeof(resp),
                           &len);
}

size_t cptra_get_cert(CaliptraDev *d, uint32_t cmd, uint8_t *cert)
{
    uint8_t resp[12 + 1024];
    size_t len;

    g_assert_cmpuint(cptra_mbox_exec_hdr(d, cmd, resp, sizeof(resp), &len),
                     ==, DATA_READY);
    cptra_assert_resp_ok(resp, len);
    g_assert_cmpuint(ldl_le_p(resp + 8), ==, len - 12);
    memcpy(cert, resp + 12, len - 12);
    return len - 12;
}
