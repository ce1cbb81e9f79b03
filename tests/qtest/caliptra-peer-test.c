/*
 * QTest of Caliptra's mailbox forwarded to an external peer
 *
 * The test plays the peer: it listens on a UNIX socket that QEMU's
 * cptra-mbox-peer-extern connects to, checks every EXECUTE message byte
 * by byte against what the SoC wrote, and answers with RESPONSE messages
 * built here, well-formed or not. The frame layout is the one of QEMU's
 * AST1040 Caliptra mailbox peer: a 12-byte header (magic "MBOX", version
 * 1, type, payload length), then {cmd or status, dlen, data in words}.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "libqtest.h"
#include "caliptra-utils.h"

#define PEER_MAGIC      0x4D424F58
#define PEER_EXECUTE    1
#define PEER_RESPONSE   2
#define PEER_HDR        12

typedef struct Peer {
    QTestState *qts;
    char *dir;
    char *path;
    int listen_fd;
    int fd;
} Peer;

static uint32_t mbox_rd32(Peer *p, uint32_t reg)
{
    return qtest_readl(p->qts, AST2700_CALIPTRA_BASE + CPTRA_MBOX + reg);
}

static void mbox_wr32(Peer *p, uint32_t reg, uint32_t val)
{
    qtest_writel(p->qts, AST2700_CALIPTRA_BASE + CPTRA_MBOX + reg, val);
}

static uint32_t soc_rd32(Peer *p, uint32_t reg)
{
    return qtest_readl(p->qts, AST2700_CALIPTRA_BASE + CPTRA_SOC + reg);
}

static void soc_wr32(Peer *p, uint32_t reg, uint32_t val)
{
    qtest_writel(p->qts, AST2700_CALIPTRA_BASE + CPTRA_SOC + reg, val);
}

/* ast2700fc with its Caliptra mailbox handed to the test (or not: @args) */
static Peer *peer_start(const char *args)
{
    Peer *p = g_new0(Peer, 1);
    struct timeval tv = { .tv_sec = 60 };

    p->dir = g_dir_make_tmp("caliptra-peer-XXXXXX", NULL);
    g_assert_nonnull(p->dir);
    p->path = g_strdup_printf("%s/peer.sock", p->dir);
    p->listen_fd = qtest_socket_server(p->path);
    p->fd = -1;
    if (args) {
        p->qts = qtest_initf("-machine ast2700fc %s", args);
        return p;
    }
    p->qts = qtest_initf("-machine ast2700fc,cptra-peer=peer0 "
                         "-chardev socket,id=cptra0,path=%s "
                         "-device cptra-mbox-peer-extern,id=peer0,"
                         "chardev=cptra0", p->path);
    p->fd = accept(p->listen_fd, NULL, NULL);
    g_assert_cmpint(p->fd, >=, 0);
    g_assert_cmpint(setsockopt(p->fd, SOL_SOCKET, SO_RCVTIMEO, &tv,
                               sizeof(tv)), ==, 0);
    return p;
}

static void peer_stop(Peer *p)
{
    qtest_quit(p->qts);
    if (p->fd >= 0) {
        close(p->fd);
    }
    close(p->listen_fd);
    unlink(p->path);
    rmdir(p->dir);
    g_free(p->path);
    g_free(p->dir);
    g_free(p);
}

static void peer_read(Peer *p, void *buf, size_t len)
{
    uint8_t *b = buf;

    while (len) {
        ssize_t n = read(p->fd, b, len);

        g_assert_cmpint(n, >, 0);
        b += n;
        len -= n;
    }
}

static void peer_write(Peer *p, const void *buf, size_t len)
{
    g_assert_cmpint(write(p->fd, buf, len), ==, len);
}

/* The SoC's side: lock, command, length, data, EXECUTE */
static void soc_send(Peer *p, uint32_t cmd, const uint8_t *data,
                     uint32_t dlen)
{
    g_assert_cmpuint(mbox_rd32(p, MBOX_LOCK), ==, 0);
    mbox_wr32(p, MBOX_CMD, cmd);
    mbox_wr32(p, MBOX_DLEN, dlen);
    for (uint32_t i = 0; i < dlen; i += 4) {
        uint8_t w[4] = { 0 };

        memcpy(w, data + i, MIN(4, dlen - i));
        mbox_wr32(p, MBOX_DATAIN, ldl_le_p(w));
    }
    mbox_wr32(p, MBOX_EXECUTE, 1);
}

/* The mailbox's status once the answer is in (each access runs QEMU) */
static uint32_t soc_wait(Peer *p)
{
    for (int i = 0; i < 100000; i++) {
        uint32_t st = MBOX_STATUS_STATUS(mbox_rd32(p, MBOX_STATUS));

        if (st != CMD_BUSY) {
            return st;
        }
        g_usleep(100);
    }
    g_assert_not_reached();
}

/* The peer's side: one EXECUTE, checked field by field */
static void peer_expect(Peer *p, uint32_t cmd, const uint8_t *data,
                        uint32_t dlen)
{
    uint32_t words = ROUND_UP(dlen, 4);
    uint8_t hdr[PEER_HDR + 8];
    g_autofree uint8_t *got = g_malloc(words);
    g_autofree uint8_t *want = g_malloc0(words);

    peer_read(p, hdr, sizeof(hdr));
    g_assert_cmphex((uint32_t)ldl_le_p(hdr), ==, PEER_MAGIC);
    g_assert_cmpuint(lduw_le_p(hdr + 4), ==, 1);
    g_assert_cmpuint(lduw_le_p(hdr + 6), ==, PEER_EXECUTE);
    g_assert_cmpuint(ldl_le_p(hdr + 8), ==, 8 + words);
    g_assert_cmphex((uint32_t)ldl_le_p(hdr + 12), ==, cmd);
    g_assert_cmpuint(ldl_le_p(hdr + 16), ==, dlen);
    peer_read(p, got, words);
    memcpy(want, data, dlen);       /* past DLEN: zeros */
    g_assert_cmpmem(got, words, want, words);
}

/* One RESPONSE: @payload_len is what the header claims */
static void peer_answer_raw(Peer *p, uint32_t magic, uint16_t type,
                            uint32_t payload_len, uint32_t status,
                            uint32_t dlen, const uint8_t *data,
                            uint32_t data_len)
{
    g_autofree uint8_t *msg = g_malloc0(PEER_HDR + 8 + data_len);

    stl_le_p(msg, magic);
    stw_le_p(msg + 4, 1);
    stw_le_p(msg + 6, type);
    stl_le_p(msg + 8, payload_len);
    stl_le_p(msg + 12, status);
    stl_le_p(msg + 16, dlen);
    if (data_len) {
        memcpy(msg + 20, data, data_len);
    }
    peer_write(p, msg, PEER_HDR + 8 + data_len);
}

static void peer_answer(Peer *p, uint32_t status, const uint8_t *data,
                        uint32_t dlen)
{
    uint32_t words = ROUND_UP(dlen, 4);
    g_autofree uint8_t *padded = g_malloc0(words);

    if (dlen) {
        memcpy(padded, data, dlen);
    }
    peer_answer_raw(p, PEER_MAGIC, PEER_RESPONSE, 8 + words, status, dlen,
                    padded, words);
}

/* The SoC reads the response and lets the mailbox go */
static void soc_check_response(Peer *p, const uint8_t *data, uint32_t dlen)
{
    g_assert_cmpuint(mbox_rd32(p, MBOX_DLEN), ==, dlen);
    for (uint32_t i = 0; i < dlen; i += 4) {
        uint8_t w[4] = { 0 };

        memcpy(w, data + i, MIN(4, dlen - i));
        g_assert_cmphex(mbox_rd32(p, MBOX_DATAOUT), ==,
                        (uint32_t)ldl_le_p(w));
    }
}

static void soc_release(Peer *p)
{
    mbox_wr32(p, MBOX_EXECUTE, 0);
    g_assert_cmpuint(MBOX_STATUS_FSM(mbox_rd32(p, MBOX_STATUS)), ==, FSM_IDLE);
}

static void fill(uint8_t *b, size_t len, uint8_t seed)
{
    for (size_t i = 0; i < len; i++) {
        b[i] = seed + i * 7;
    }
}

static void test_peer_execute(void)
{
    Peer *p = peer_start(NULL);
    uint8_t req[8], resp[36];

    fill(req, sizeof(req), 1);
    fill(resp, sizeof(resp), 0x80);
    soc_send(p, CMD_VERSION, req, sizeof(req));
    peer_expect(p, CMD_VERSION, req, sizeof(req));
    peer_answer(p, DATA_READY, resp, sizeof(resp));
    g_assert_cmpuint(soc_wait(p), ==, DATA_READY);
    soc_check_response(p, resp, sizeof(resp));
    soc_release(p);
    /* The lock is free again, and a second transaction works the same */
    soc_send(p, CMD_VERSION, req, 4);
    peer_expect(p, CMD_VERSION, req, 4);
    peer_answer(p, CMD_COMPLETE, NULL, 0);
    g_assert_cmpuint(soc_wait(p), ==, CMD_COMPLETE);
    soc_check_response(p, NULL, 0);
    soc_release(p);
    peer_stop(p);
}

/* Lengths that are not whole words travel as whole words, zero-padded */
static void test_peer_odd_length(void)
{
    Peer *p = peer_start(NULL);
    uint8_t req[5], resp[3];

    fill(req, sizeof(req), 0x31);
    fill(resp, sizeof(resp), 0x41);
    soc_send(p, 0x12345678, req, sizeof(req));
    peer_expect(p, 0x12345678, req, sizeof(req));
    peer_answer(p, DATA_READY, resp, sizeof(resp));
    g_assert_cmpuint(soc_wait(p), ==, DATA_READY);
    soc_check_response(p, resp, sizeof(resp));
    soc_release(p);
    peer_stop(p);
}

static void test_peer_large(void)
{
    Peer *p = peer_start(NULL);
    uint32_t len = 16 * 1024;
    g_autofree uint8_t *req = g_malloc(len);
    g_autofree uint8_t *resp = g_malloc(len);

    fill(req, len, 3);
    fill(resp, len, 5);
    soc_send(p, 0xabcdef01, req, len);
    peer_expect(p, 0xabcdef01, req, len);
    peer_answer(p, DATA_READY, resp, len);
    g_assert_cmpuint(soc_wait(p), ==, DATA_READY);
    soc_check_response(p, resp, len);
    soc_release(p);
    peer_stop(p);
}

/*
 * What the wire does not carry follows the mailbox: at boot the SHA
 * accelerator is free and READY_FOR_FW up; a completed FIRMWARE_LOAD
 * raises READY_FOR_RUNTIME, a failed one does not
 */
static void test_peer_firmware_load(void)
{
    Peer *p = peer_start(NULL);
    uint8_t bundle[64];
    uint32_t flow;

    g_assert_true(soc_rd32(p, FLOW_STATUS) & FLOW_READY_FOR_FUSES);
    soc_wr32(p, FUSE_WR_DONE, 1);
    soc_wr32(p, BOOTFSM_GO, 1);
    for (int i = 0; i < 10000; i++) {
        flow = soc_rd32(p, FLOW_STATUS);
        if (flow & FLOW_READY_FOR_FW) {
            break;
        }
        g_usleep(100);
    }
    g_assert_true(flow & FLOW_READY_FOR_FW);
    g_assert_false(flow & FLOW_READY_FOR_RT);
    g_assert_cmpuint(qtest_readl(p->qts, AST2700_CALIPTRA_BASE + CPTRA_SHA +
                                 SHA_LOCK), ==, 0);

    fill(bundle, sizeof(bundle), 9);
    soc_send(p, CMD_FIRMWARE_LOAD, bundle, sizeof(bundle));
    peer_expect(p, CMD_FIRMWARE_LOAD, bundle, sizeof(bundle));
    peer_answer(p, CMD_FAILURE, NULL, 0);
    g_assert_cmpuint(soc_wait(p), ==, CMD_FAILURE);
    soc_release(p);
    g_assert_false(soc_rd32(p, FLOW_STATUS) & FLOW_READY_FOR_RT);

    soc_send(p, CMD_FIRMWARE_LOAD, bundle, sizeof(bundle));
    peer_expect(p, CMD_FIRMWARE_LOAD, bundle, sizeof(bundle));
    peer_answer(p, CMD_COMPLETE, NULL, 0);
    g_assert_cmpuint(soc_wait(p), ==, CMD_COMPLETE);
    soc_release(p);
    g_assert_true(soc_rd32(p, FLOW_STATUS) & FLOW_READY_FOR_RT);
    peer_stop(p);
}

/* A peer must not leave the mailbox busy: that answer fails the command */
static void test_peer_busy_status(void)
{
    Peer *p = peer_start(NULL);
    uint8_t req[4] = { 1, 2, 3, 4 }, resp[8] = { 0 };

    soc_send(p, CMD_VERSION, req, sizeof(req));
    peer_expect(p, CMD_VERSION, req, sizeof(req));
    peer_answer(p, CMD_BUSY, resp, sizeof(resp));
    g_assert_cmpuint(soc_wait(p), ==, CMD_FAILURE);
    soc_check_response(p, NULL, 0);
    soc_release(p);
    peer_stop(p);
}

/*
 * After a frame that cannot be trusted, QEMU drops the connection (with
 * the frame's rest unread, the kernel resets it rather than closing)
 */
static void peer_expect_eof(Peer *p)
{
    uint8_t b;
    ssize_t n = read(p->fd, &b, 1);

    g_assert_true(n == 0 || (n < 0 && errno == ECONNRESET));
}

/* Then commands fail at once, nothing is sent */
static void check_unconnected(Peer *p)
{
    uint8_t req[4] = { 0 };

    soc_send(p, CMD_VERSION, req, sizeof(req));
    g_assert_cmpuint(soc_wait(p), ==, CMD_FAILURE);
    soc_release(p);
}

static void test_peer_bad_magic(void)
{
    Peer *p = peer_start(NULL);
    uint8_t req[4] = { 0 };

    soc_send(p, CMD_VERSION, req, sizeof(req));
    peer_expect(p, CMD_VERSION, req, sizeof(req));
    peer_answer_raw(p, 0x58424F4D, PEER_RESPONSE, 8, CMD_COMPLETE, 0,
                    NULL, 0);
    g_assert_cmpuint(soc_wait(p), ==, CMD_FAILURE);
    soc_release(p);
    peer_expect_eof(p);
    check_unconnected(p);
    peer_stop(p);
}

static void test_peer_bad_type(void)
{
    Peer *p = peer_start(NULL);
    uint8_t req[4] = { 0 };

    soc_send(p, CMD_VERSION, req, sizeof(req));
    peer_expect(p, CMD_VERSION, req, sizeof(req));
    peer_answer_raw(p, PEER_MAGIC, PEER_EXECUTE, 8, CMD_COMPLETE, 0,
                    NULL, 0);
    g_assert_cmpuint(soc_wait(p), ==, CMD_FAILURE);
    soc_release(p);
    peer_expect_eof(p);
    peer_stop(p);
}

/* A DLEN past its own message (or past the mailbox) is refused */
static void test_peer_too_long(void)
{
    Peer *p = peer_start(NULL);
    uint8_t req[4] = { 0 }, resp[8] = { 0 };

    soc_send(p, CMD_VERSION, req, sizeof(req));
    peer_expect(p, CMD_VERSION, req, sizeof(req));
    peer_answer_raw(p, PEER_MAGIC, PEER_RESPONSE, 16, DATA_READY, 12,
                    resp, sizeof(resp));
    g_assert_cmpuint(soc_wait(p), ==, CMD_FAILURE);
    soc_release(p);
    peer_expect_eof(p);
    peer_stop(p);
}

/* A payload length beyond any response: refused before it is read */
static void test_peer_huge_payload(void)
{
    Peer *p = peer_start(NULL);
    uint8_t req[4] = { 0 };

    soc_send(p, CMD_VERSION, req, sizeof(req));
    peer_expect(p, CMD_VERSION, req, sizeof(req));
    peer_answer_raw(p, PEER_MAGIC, PEER_RESPONSE, 0xfffffff0, DATA_READY, 4,
                    NULL, 0);
    g_assert_cmpuint(soc_wait(p), ==, CMD_FAILURE);
    soc_release(p);
    peer_expect_eof(p);
    peer_stop(p);
}

/* The peer goes away with a command in flight: it fails */
static void test_peer_disconnect(void)
{
    Peer *p = peer_start(NULL);
    uint8_t req[4] = { 0 };

    soc_send(p, CMD_VERSION, req, sizeof(req));
    peer_expect(p, CMD_VERSION, req, sizeof(req));
    close(p->fd);
    p->fd = -1;
    g_assert_cmpuint(soc_wait(p), ==, CMD_FAILURE);
    soc_release(p);
    check_unconnected(p);
    peer_stop(p);
}

/* A RESPONSE nobody asked for cannot be framed: the connection goes */
static void test_peer_unsolicited(void)
{
    Peer *p = peer_start(NULL);

    peer_answer(p, CMD_COMPLETE, NULL, 0);
    peer_expect_eof(p);
    check_unconnected(p);
    peer_stop(p);
}

/*
 * A reset while the peer works: the mailbox comes back idle, and since a
 * late answer would be taken for the next command's, the connection goes
 */
static void test_peer_reset(void)
{
    Peer *p = peer_start(NULL);
    uint8_t req[4] = { 0 };

    soc_send(p, CMD_VERSION, req, sizeof(req));
    peer_expect(p, CMD_VERSION, req, sizeof(req));
    qtest_qmp_assert_success(p->qts, "{ 'execute': 'system_reset' }");
    peer_expect_eof(p);
    g_assert_cmpuint(MBOX_STATUS_FSM(mbox_rd32(p, MBOX_STATUS)), ==,
                     FSM_IDLE);
    check_unconnected(p);
    peer_stop(p);
}

/* The same for a warm reset (cptra_rst_b) while the peer works */
static void test_peer_warm_reset(void)
{
    Peer *p = peer_start(NULL);
    uint8_t req[4] = { 0 };

    soc_send(p, CMD_VERSION, req, sizeof(req));
    peer_expect(p, CMD_VERSION, req, sizeof(req));
    qtest_set_irq_in(p->qts, "/machine/caliptra", "cptra-rst-b", 0, 1);
    qtest_set_irq_in(p->qts, "/machine/caliptra", "cptra-rst-b", 0, 0);
    peer_expect_eof(p);
    g_assert_cmpuint(MBOX_STATUS_FSM(mbox_rd32(p, MBOX_STATUS)), ==,
                     FSM_IDLE);
    g_assert_cmphex(soc_rd32(p, RESET_REASON), ==, 0x2);   /* WARM_RESET */
    check_unconnected(p);
    peer_stop(p);
}

/* The peer firmware without a peer: every command fails */
static void test_peer_none(void)
{
    Peer *p = peer_start("-global caliptra.firmware-type=caliptra-fw-peer");

    check_unconnected(p);
    peer_stop(p);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    qtest_add_func("/caliptra/peer/execute", test_peer_execute);
    qtest_add_func("/caliptra/peer/odd-length", test_peer_odd_length);
    qtest_add_func("/caliptra/peer/large", test_peer_large);
    qtest_add_func("/caliptra/peer/firmware-load", test_peer_firmware_load);
    qtest_add_func("/caliptra/peer/busy-status", test_peer_busy_status);
    qtest_add_func("/caliptra/peer/bad-magic", test_peer_bad_magic);
    qtest_add_func("/caliptra/peer/bad-type", test_peer_bad_type);
    qtest_add_func("/caliptra/peer/too-long", test_peer_too_long);
    qtest_add_func("/caliptra/peer/huge-payload", test_peer_huge_payload);
    qtest_add_func("/caliptra/peer/disconnect", test_peer_disconnect);
    qtest_add_func("/caliptra/peer/unsolicited", test_peer_unsolicited);
    qtest_add_func("/caliptra/peer/reset", test_peer_reset);
    qtest_add_func("/caliptra/peer/warm-reset", test_peer_warm_reset);
    qtest_add_func("/caliptra/peer/none", test_peer_none);
    return g_test_run();
}
