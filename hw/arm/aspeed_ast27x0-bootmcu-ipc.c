/*
 * ASPEED AST2700 bootmcu firmware: its Caliptra IPC service
 *
 * On the AST2700 the A35 and the SSP reach Caliptra through the bootmcu:
 * its Zephyr firmware (drivers/misc/aspeed/cptra_ipc.c) polls IPC1 id 1
 * in the non-secure A35 and SSP windows every millisecond, reads
 * {cmd, in, out} from the message, runs the command with its Caliptra
 * drivers (mailbox, SHA accelerator) on buffers the clients left in
 * shared DRAM, and answers with one result word. This device does what
 * that firmware does, with the same bus accesses, while QEMU has no
 * RISC-V bootmcu to run it; see docs/system/arm/caliptra.rst.
 *
 * As ASPEED's firmware, it checks no address (the clients give bootmcu
 * addresses, the server dereferences them) and no length beyond its
 * drivers' own checks, serves one request at a time, and waits without
 * a timeout where its drivers spin for ever. Everything is driven by one
 * timer on virtual time: the machine runs on while a request is served.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "hw/arm/aspeed_bootmcu.h"
#include "hw/arm/aspeed_cptra_ipc.h"
#include "hw/misc/aspeed_ast27x0_ipc.h"
#include "hw/misc/caliptra_api.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "aspeed_bootmcu_cptra.h"
#include "trace.h"

/* Zephyr's polling thread sleeps 1 ms; its drivers poll every 10 us */
#define IPC_IDLE_NS             (1 * SCALE_MS)
#define IPC_BUSY_NS             (10 * SCALE_US)
/* The SHA and ECDSA drivers give up on a lock after 1000 us */
#define IPC_LOCK_TIMEOUT_NS     (1000 * SCALE_US)
/* Data streamed to the SHA accelerator per poll, to keep QEMU responsive */
#define IPC_SHA_CHUNK           (64 * KiB)
/* FW_LOAD reads RESET_REASON this many times, then goes on regardless */
#define IPC_FW_UPD_POLLS        1000

/* The windows whose id 1 the firmware registers (newest cptra_ipc.c) */
static const unsigned ipc_peers[] = {
    ASPEED_IPC_PEER_NS_CA35,
    ASPEED_IPC_PEER_SSP,
};

typedef enum {
    IPC_KIND_NONE,              /* not in the dispatch table: -EINVAL */
    IPC_KIND_MBOX,              /* a runtime command, checksummed */
    IPC_KIND_SHA_DIGEST,
    IPC_KIND_SHA_INIT,
    IPC_KIND_SHA_UPDATE,
    IPC_KIND_SHA_FINAL,
    IPC_KIND_ECDSA,
    IPC_KIND_LMS,
    IPC_KIND_FW_LOAD,
} IpcKind;

/* The dispatch table: Caliptra command, request and response sizes */
static const struct {
    IpcKind kind;
    uint32_t mbox_cmd;
    uint16_t req_len;           /* without the checksum */
    uint16_t resp_len;
} ipc_cmds[CPTRA_IPC_NUM_CMDS] = {
    [CPTRA_IPC_ECDSA384_VERIFY] = { IPC_KIND_ECDSA,
                                    CALIPTRA_CMD_ECDSA384_VERIFY },
    [CPTRA_IPC_SHA384_DIGEST] = { IPC_KIND_SHA_DIGEST },
    [CPTRA_IPC_SHA384_INIT] = { IPC_KIND_SHA_INIT },
    [CPTRA_IPC_SHA384_UPDATE] = { IPC_KIND_SHA_UPDATE },
    [CPTRA_IPC_SHA384_FINAL] = { IPC_KIND_SHA_FINAL },
    [CPTRA_IPC_LMS_VERIFY] = { IPC_KIND_LMS, CALIPTRA_CMD_LMS_VERIFY },
    [CPTRA_IPC_FW_LOAD] = { IPC_KIND_FW_LOAD, CALIPTRA_CMD_FIRMWARE_LOAD },
    [CPTRA_IPC_STASH_MEASUREMENT] = { IPC_KIND_MBOX,
        CALIPTRA_CMD_STASH_MEASUREMENT, 104, 12 },
    [CPTRA_IPC_QUOTE_PCRS] = { IPC_KIND_MBOX, CALIPTRA_CMD_QUOTE_PCRS,
        32, 1848 },
    [CPTRA_IPC_GET_IDEV_CERT] = { IPC_KIND_MBOX, CALIPTRA_CMD_GET_IDEV_CERT,
        1016, 1036 },
    [CPTRA_IPC_GET_IDEV_INFO] = { IPC_KIND_MBOX, CALIPTRA_CMD_GET_IDEV_INFO,
        0, 104 },
    [CPTRA_IPC_POPULATE_IDEV_CERT] = { IPC_KIND_MBOX,
        CALIPTRA_CMD_POPULATE_IDEV_CERT, 1028, 8 },
    [CPTRA_IPC_GET_LDEV_CERT] = { IPC_KIND_MBOX, CALIPTRA_CMD_GET_LDEV_CERT,
        0, 1036 },
    [CPTRA_IPC_GET_FMC_ALIAS_CERT] = { IPC_KIND_MBOX,
        CALIPTRA_CMD_GET_FMC_ALIAS_CERT, 0, 1036 },
    [CPTRA_IPC_GET_RT_ALIAS_CERT] = { IPC_KIND_MBOX,
        CALIPTRA_CMD_GET_RT_ALIAS_CERT, 0, 1036 },
    [CPTRA_IPC_INVOKE_DPE_COMMAND] = { IPC_KIND_MBOX, CALIPTRA_CMD_INVOKE_DPE,
        260, 8204 },
    [CPTRA_IPC_DISABLE_ATTESTATION] = { IPC_KIND_MBOX,
        CALIPTRA_CMD_DISABLE_ATTESTATION, 0, 8 },
    [CPTRA_IPC_FW_INFO] = { IPC_KIND_MBOX, CALIPTRA_CMD_FW_INFO, 0, 264 },
    [CPTRA_IPC_DPE_TAG_TCI] = { IPC_KIND_MBOX, CALIPTRA_CMD_DPE_TAG_TCI,
        20, 8 },
    [CPTRA_IPC_DPE_GET_TAGGED_TCI] = { IPC_KIND_MBOX,
        CALIPTRA_CMD_DPE_GET_TAGGED_TCI, 4, 104 },
    [CPTRA_IPC_INCREMENT_PCR_RESET_COUNTER] = { IPC_KIND_MBOX,
        CALIPTRA_CMD_INCREMENT_PCR_RESET_COUNTER, 4, 8 },
    [CPTRA_IPC_EXTEND_PCR] = { IPC_KIND_MBOX, CALIPTRA_CMD_EXTEND_PCR,
        52, 8 },
    [CPTRA_IPC_ADD_SUBJECT_ALT_NAME] = { IPC_KIND_MBOX,
        CALIPTRA_CMD_ADD_SUBJECT_ALT_NAME, 132, 8 },
    [CPTRA_IPC_CERTIFY_KEY_EXTENDED] = { IPC_KIND_MBOX,
        CALIPTRA_CMD_CERTIFY_KEY_EXTENDED, 76, 2184 },
    [CPTRA_IPC_FIPS_VERSION] = { IPC_KIND_MBOX, CALIPTRA_CMD_VERSION, 0, 36 },
    [CPTRA_IPC_SHUTDOWN] = { IPC_KIND_MBOX, CALIPTRA_CMD_SHUTDOWN, 0, 8 },
    [CPTRA_IPC_CAPABILITIES] = { IPC_KIND_MBOX, CALIPTRA_CMD_CAPABILITIES,
        0, 24 },
    [CPTRA_IPC_SET_AUTH_MANIFEST] = { IPC_KIND_MBOX,
        CALIPTRA_CMD_SET_AUTH_MANIFEST, 14288, 8 },
    [CPTRA_IPC_AUTHORIZE_AND_STASH] = { IPC_KIND_MBOX,
        CALIPTRA_CMD_AUTHORIZE_AND_STASH, 112, 12 },
    [CPTRA_IPC_GET_FMC_ALIAS_CSR] = { IPC_KIND_MBOX,
        CALIPTRA_CMD_GET_FMC_ALIAS_CSR, 0, 524 },
    /* The driver keeps 192 bytes, header included: the last 8 are lost */
    [CPTRA_IPC_SIGN_WITH_EXPORTED_ECDSA] = { IPC_KIND_MBOX,
        CALIPTRA_CMD_SIGN_WITH_EXPORTED_ECDSA, 80, 192 },
    [CPTRA_IPC_REVOKE_EXPORTED_CDI_HANDLE] = { IPC_KIND_MBOX,
        CALIPTRA_CMD_REVOKE_EXPORTED_CDI_HANDLE, 32, 8 },
};

/* Where a request is */
enum {
    IPC_PH_IDLE,
    IPC_PH_MBOX_LOCK,           /* waiting for the mailbox lock */
    IPC_PH_MBOX_WAIT,           /* Caliptra works on the command */
    IPC_PH_SHA_LOCK,            /* waiting for the SHA accelerator */
    IPC_PH_SHA_DATA,            /* streaming an update */
    IPC_PH_SHA_VALID,           /* waiting for the digest */
    IPC_PH_NUM,
};


static uint32_t ipc_rd(AspeedBootmcuIpcState *s, unsigned peer,
                       unsigned half, hwaddr reg)
{
    return address_space_ldl_le(&s->as, s->ipc_base +
                                ASPEED_IPC_REG(peer, half, reg),
                                MEMTXATTRS_UNSPECIFIED, NULL);
}

static void ipc_wr(AspeedBootmcuIpcState *s, unsigned peer, unsigned half,
                   hwaddr reg, uint32_t val)
{
    address_space_stl_le(&s->as, s->ipc_base +
                         ASPEED_IPC_REG(peer, half, reg), val,
                         MEMTXATTRS_UNSPECIFIED, NULL);
}

/* The firmware's loads and stores through the clients' pointers */
static void ipc_mem_read(AspeedBootmcuIpcState *s, uint32_t addr, void *buf,
                         size_t len)
{
    memset(buf, 0, len);
    if (address_space_read(&s->as, addr, MEMTXATTRS_UNSPECIFIED, buf,
                           len) != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: 0x%08x..+0x%zx is not memory "
                      "of the bootmcu (its firmware does not check)\n",
                      __func__, addr, len);
    }
}

static void ipc_mem_write(AspeedBootmcuIpcState *s, uint32_t addr,
                          const void *buf, size_t len)
{
    if (address_space_write(&s->as, addr, MEMTXATTRS_UNSPECIFIED, buf,
                            len) != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: 0x%08x..+0x%zx is not memory "
                      "of the bootmcu (its firmware does not check)\n",
                      __func__, addr, len);
    }
}

static void ipc_schedule(AspeedBootmcuIpcState *s, int64_t ns)
{
    timer_mod(&s->timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + ns);
}

/*
 * The reply, then the acknowledgement of every id of the window, as
 * Zephyr's polling thread does; a reply the peer has not taken yet is
 * dropped (ipm_send() fails and the server ignores it)
 */
static void ipc_reply(AspeedBootmcuIpcState *s, int32_t result)
{
    unsigned peer = s->peer;

    trace_aspeed_bootmcu_ipc_reply(peer, s->cmd, result);
    if (ipc_rd(s, peer, ASPEED_IPC_FROM_BOOTMCU, ASPEED_IPC_STATUS) &
        BIT(CPTRA_IPC_ID)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: peer %u has not taken its last "
                      "reply: result %d dropped\n", __func__, peer, result);
    } else {
        ipc_wr(s, peer, ASPEED_IPC_FROM_BOOTMCU,
               ASPEED_IPC_DATA(CPTRA_IPC_ID) + CPTRA_IPC_REPLY_RESULT,
               result);
        ipc_wr(s, peer, ASPEED_IPC_FROM_BOOTMCU, ASPEED_IPC_TRIG,
               BIT(CPTRA_IPC_ID));
    }
    ipc_wr(s, peer, ASPEED_IPC_TO_BOOTMCU, ASPEED_IPC_STATUS,
           ASPEED_IPC_ID_MASK);
    s->served++;
    s->peer = -1;
    s->phase = IPC_PH_IDLE;
}

/* The request of a command as the driver sends it */
static uint8_t *ipc_mbox_request(AspeedBootmcuIpcState *s, size_t *len)
{
    uint8_t *req;

    switch (ipc_cmds[s->cmd].kind) {
    case IPC_KIND_FW_LOAD:
        /* DLEN is the whole mailbox; no checksum */
        *len = CPTRA_IPC_FW_LOAD_SIZE;
        req = g_malloc(*len);
        ipc_mem_read(s, s->in_addr, req, *len);
        return req;
    case IPC_KIND_ECDSA: {
        /* qx, qy, r, s from the context's pointers; the digest is SHA's */
        uint8_t ctx[CPTRA_IPC_ECDSA_CTX_SIZE];

        ipc_mem_read(s, s->in_addr, ctx, sizeof(ctx));
        *len = CALIPTRA_ECDSA_REQ_SIZE;
        req = g_malloc0(*len);
        for (int i = 0; i < 4; i++) {
            ipc_mem_read(s, ldl_le_p(ctx + 8 * i + 4),
                         req + CALIPTRA_ECDSA_REQ_KEY + 48 * i, 48);
        }
        break;
    }
    case IPC_KIND_LMS: {
        /* The driver's context: the numbers by value, the rest by pointer */
        static const struct {
            unsigned ptr, at, size;
        } parts[] = {
            { CPTRA_IPC_LMS_ID_PTR, CALIPTRA_LMS_REQ_KEY + CALIPTRA_LMS_KEY_ID,
              CALIPTRA_LMS_ID_SIZE },
            { CPTRA_IPC_LMS_DIGEST_PTR,
              CALIPTRA_LMS_REQ_KEY + CALIPTRA_LMS_KEY_T1,
              CALIPTRA_LMS_T1_SIZE },
            { CPTRA_IPC_LMS_OTS_PTR,
              CALIPTRA_LMS_REQ_SIG + CALIPTRA_LMS_SIG_OTS,
              CALIPTRA_LMS_SIG_OTS_SIZE },
            { CPTRA_IPC_LMS_PATH_PTR,
              CALIPTRA_LMS_REQ_SIG + CALIPTRA_LMS_SIG_PATH,
              CALIPTRA_LMS_SIG_PATH_SIZE },
        };
        static const struct {
            unsigned ctx, at;
        } words[] = {
            { CPTRA_IPC_LMS_TREE_TYPE,
              CALIPTRA_LMS_REQ_KEY + CALIPTRA_LMS_KEY_TYPE },
            { CPTRA_IPC_LMS_OTS_TYPE,
              CALIPTRA_LMS_REQ_KEY + CALIPTRA_LMS_KEY_OTS_TYPE },
            { CPTRA_IPC_LMS_Q, CALIPTRA_LMS_REQ_SIG + CALIPTRA_LMS_SIG_Q },
            { CPTRA_IPC_LMS_SIG_TREE_TYPE,
              CALIPTRA_LMS_REQ_SIG + CALIPTRA_LMS_SIG_TYPE },
        };
        uint8_t ctx[CPTRA_IPC_LMS_CTX_SIZE];

        ipc_mem_read(s, s->in_addr, ctx, sizeof(ctx));
        *len = CALIPTRA_LMS_REQ_SIZE;
        req = g_malloc0(*len);
        for (int i = 0; i < ARRAY_SIZE(words); i++) {
            stl_le_p(req + words[i].at, ldl_le_p(ctx + words[i].ctx));
        }
        for (int i = 0; i < ARRAY_SIZE(parts); i++) {
            ipc_mem_read(s, ldl_le_p(ctx + parts[i].ptr), req + parts[i].at,
                         parts[i].size);
        }
        break;
    }
    default:
        *len = 4 + ipc_cmds[s->cmd].req_len;
        req = g_malloc0(*len);
        ipc_mem_read(s, s->in_addr, req + 4, ipc_cmds[s->cmd].req_len);
        break;
    }
    bootmcu_mbox_checksum(ipc_cmds[s->cmd].mbox_cmd, req, *len);
    return req;
}

/* The lock is taken: check the FSM, send, then wait */
static void ipc_mbox_send(AspeedBootmcuIpcState *s)
{
    g_autofree uint8_t *req = NULL;
    size_t len;

    if (bootmcu_mbox_fsm(&s->cptra) != MBOX_FSM_RDY_FOR_CMD) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: the mailbox is not ready for a "
                      "command (another SoC requester holds it)\n", __func__);
        ipc_reply(s, CPTRA_IPC_ERR_EACCES);
        return;
    }
    req = ipc_mbox_request(s, &len);
    bootmcu_mbox_write(&s->cptra, ipc_cmds[s->cmd].mbox_cmd, req, len);
    if (ipc_cmds[s->cmd].kind == IPC_KIND_FW_LOAD) {
        /* A bounded look for the update reset, then the status */
        for (int i = 0; i < IPC_FW_UPD_POLLS; i++) {
            if (bootmcu_soc_rd(&s->cptra, SOC_RESET_REASON) &
                RESET_REASON_FW_UPD) {
                break;
            }
        }
    }
    s->phase = IPC_PH_MBOX_WAIT;
}

/* Caliptra is done: the response (whole words) to the out buffer */
static void ipc_mbox_done(AspeedBootmcuIpcState *s, int status)
{
    IpcKind kind = ipc_cmds[s->cmd].kind;
    int32_t result;

    if (kind == IPC_KIND_ECDSA || kind == IPC_KIND_LMS) {
        /* The verify drivers: only a CMD_FAILURE is a failure */
        result = status == MBOX_CMD_FAILURE ? CPTRA_IPC_ERR_FAILED :
                 CPTRA_IPC_OK;
    } else if (kind == IPC_KIND_FW_LOAD) {
        result = status == MBOX_CMD_COMPLETE ? CPTRA_IPC_OK :
                 CPTRA_IPC_ERR_EIO;
    } else if (status == MBOX_DATA_READY) {
        size_t n = ROUND_UP(MIN(bootmcu_rd(&s->cptra, MBOX_DLEN),
                                ipc_cmds[s->cmd].resp_len), 4);
        g_autofree uint8_t *resp = g_malloc0(n);

        bootmcu_mbox_read(&s->cptra, resp, n);
        ipc_mem_write(s, s->out_addr, resp, n);
        result = CPTRA_IPC_OK;
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: command 0x%08x: mailbox status "
                      "%d, Caliptra error 0x%08x\n", __func__,
                      ipc_cmds[s->cmd].mbox_cmd, status,
                      bootmcu_soc_rd(&s->cptra, SOC_FW_ERROR_NON_FATAL));
        result = CPTRA_IPC_ERR_FAILED;
    }
    bootmcu_mbox_unlock(&s->cptra);
    ipc_reply(s, result);
}

/* SHA: the driver's session setup, with the accelerator's lock held */
static void ipc_sha_setup(AspeedBootmcuIpcState *s)
{
    const AspeedBootmcuWindow *c = &s->cptra;
    uint32_t mode = bootmcu_rd(c, SHA_MODE) & ~SHA_MODE_MASK;

    bootmcu_wr(c, SHA_CONTROL, SHA_CONTROL_ZEROIZE);
    bootmcu_wr(c, SHA_DLEN, 0);
    if (s->sha_algo == CPTRA_IPC_SHA_ALGO_SHA512) {
        mode |= SHA_MODE_SHA512_STREAM;
    }
    bootmcu_wr(c, SHA_MODE, mode);
    s->sha_open = true;
    s->sha_dlen = 0;
}

/* Read the hash context of the request */
static bool ipc_sha_context(AspeedBootmcuIpcState *s, bool setup)
{
    uint8_t ctx[CPTRA_IPC_SHA_CTX_SIZE];

    ipc_mem_read(s, s->in_addr, ctx, sizeof(ctx));
    if (setup) {
        s->sha_algo = ldl_le_p(ctx + CPTRA_IPC_SHA_ALGO);
        if (s->sha_algo != CPTRA_IPC_SHA_ALGO_SHA384 &&
            s->sha_algo != CPTRA_IPC_SHA_ALGO_SHA512) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: hash algorithm %u\n",
                          __func__, s->sha_algo);
            return false;
        }
    }
    s->sha_len = ldl_le_p(ctx + CPTRA_IPC_SHA_IN_LEN);
    s->sha_in = ldl_le_p(ctx + CPTRA_IPC_SHA_IN_BUF);
    s->sha_out = ldl_le_p(ctx + CPTRA_IPC_SHA_OUT_BUF);
    s->sha_done = 0;
    return true;
}

/*
 * An update: DLEN grows first, then the bytes go in big-endian words, a
 * last partial word left-aligned, at least one word (as the driver does:
 * an empty update still writes one)
 */
static bool ipc_sha_stream(AspeedBootmcuIpcState *s)
{
    const AspeedBootmcuWindow *c = &s->cptra;
    g_autofree uint8_t *buf = NULL;
    uint32_t n;

    if (s->sha_done == 0) {
        s->sha_dlen += s->sha_len;
        bootmcu_wr(c, SHA_DLEN, s->sha_dlen);
        if (s->sha_len == 0) {
            bootmcu_wr(c, SHA_DATAIN, 0);
            return true;
        }
    }
    n = MIN(s->sha_len - s->sha_done, IPC_SHA_CHUNK);
    buf = g_malloc(n);
    ipc_mem_read(s, s->sha_in + s->sha_done, buf, n);
    bootmcu_cptra_write_fifo(c, SHA_DATAIN, buf, n, true);
    s->sha_done += n;
    return s->sha_done == s->sha_len;
}

/* The digest, canonical bytes, to the out buffer; the lock released */
static void ipc_sha_digest(AspeedBootmcuIpcState *s)
{
    unsigned words = s->sha_algo == CPTRA_IPC_SHA_ALGO_SHA512 ? 16 : 12;
    uint8_t digest[64];

    for (unsigned i = 0; i < words; i++) {
        stl_be_p(digest + 4 * i,
                 bootmcu_rd(&s->cptra, SHA_DIGEST + 4 * i));
    }
    ipc_mem_write(s, s->sha_out, digest, 4 * words);
    bootmcu_wr(&s->cptra, SHA_LOCK, 1);
    s->sha_open = false;
    ipc_reply(s, CPTRA_IPC_OK);
}

/* A new request: what can be decided at once is answered at once */
static void ipc_start(AspeedBootmcuIpcState *s, unsigned peer)
{
    IpcKind kind;

    s->peer = peer;
    s->cmd = ipc_rd(s, peer, ASPEED_IPC_TO_BOOTMCU,
                    ASPEED_IPC_DATA(CPTRA_IPC_ID) + CPTRA_IPC_MSG_CMD);
    s->in_addr = ipc_rd(s, peer, ASPEED_IPC_TO_BOOTMCU,
                        ASPEED_IPC_DATA(CPTRA_IPC_ID) + CPTRA_IPC_MSG_IN);
    s->out_addr = ipc_rd(s, peer, ASPEED_IPC_TO_BOOTMCU,
                         ASPEED_IPC_DATA(CPTRA_IPC_ID) + CPTRA_IPC_MSG_OUT);
    trace_aspeed_bootmcu_ipc_request(peer, s->cmd, s->in_addr, s->out_addr);
    kind = s->cmd < CPTRA_IPC_NUM_CMDS ? ipc_cmds[s->cmd].kind :
           IPC_KIND_NONE;
    s->deadline_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                     IPC_LOCK_TIMEOUT_NS;

    switch (kind) {
    case IPC_KIND_NONE:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: unknown command %u from peer "
                      "%u\n", __func__, s->cmd, peer);
        ipc_reply(s, CPTRA_IPC_ERR_EINVAL);
        return;
    case IPC_KIND_SHA_DIGEST:
    case IPC_KIND_SHA_INIT:
        if (s->sha_open || s->sha_stuck || !ipc_sha_context(s, true)) {
            ipc_reply(s, CPTRA_IPC_ERR_EINVAL);
            return;
        }
        s->phase = IPC_PH_SHA_LOCK;
        return;
    case IPC_KIND_SHA_UPDATE:
    case IPC_KIND_SHA_FINAL:
        if (!s->sha_open) {
            ipc_reply(s, CPTRA_IPC_ERR_EINVAL);
            return;
        }
        ipc_sha_context(s, false);
        if (kind == IPC_KIND_SHA_FINAL) {
            bootmcu_wr(&s->cptra, SHA_EXECUTE, 1);
            s->phase = IPC_PH_SHA_VALID;
        } else {
            s->phase = IPC_PH_SHA_DATA;
        }
        return;
    case IPC_KIND_ECDSA: {
        uint8_t ctx[CPTRA_IPC_ECDSA_CTX_SIZE];

        ipc_mem_read(s, s->in_addr, ctx, sizeof(ctx));
        if (ldl_le_p(ctx + CPTRA_IPC_ECDSA_R) != 48 ||
            ldl_le_p(ctx + CPTRA_IPC_ECDSA_S) != 48 ||
            ldl_le_p(ctx + CPTRA_IPC_ECDSA_M) != 48) {
            ipc_reply(s, CPTRA_IPC_ERR_EINVAL);
            return;
        }
        break;
    }
    case IPC_KIND_LMS: {
        uint8_t ctx[CPTRA_IPC_LMS_CTX_SIZE];

        ipc_mem_read(s, s->in_addr, ctx, sizeof(ctx));
        if (ldl_le_p(ctx + CPTRA_IPC_LMS_TREE_TYPE) !=
                CALIPTRA_LMS_SHA256_M24_H15 ||
            ldl_le_p(ctx + CPTRA_IPC_LMS_OTS_TYPE) !=
                CALIPTRA_LMOTS_SHA256_N24_W4 ||
            ldl_le_p(ctx + CPTRA_IPC_LMS_SIG_TREE_TYPE) !=
                CALIPTRA_LMS_SHA256_M24_H15) {
            /*
             * ASPEED's wrapper never sets its result when the driver
             * refuses the parameters: it reports success
             */
            qemu_log_mask(LOG_GUEST_ERROR, "%s: LMS parameters refused by "
                          "the driver, reported as success\n", __func__);
            ipc_reply(s, CPTRA_IPC_OK);
            return;
        }
        break;
    }
    case IPC_KIND_FW_LOAD:
        /* Chunked loads need a size no public source gives */
        if (s->out_addr != CPTRA_IPC_FW_LOAD_SIZE) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: FW_LOAD of 0x%x bytes, only "
                          "0x%x is taken at once\n", __func__, s->out_addr,
                          CPTRA_IPC_FW_LOAD_SIZE);
            ipc_reply(s, CPTRA_IPC_ERR_EINVAL);
            return;
        }
        break;
    default:
        break;
    }
    s->phase = IPC_PH_MBOX_LOCK;
}

/* One step of the request in progress; false while it waits */
static bool ipc_step(AspeedBootmcuIpcState *s)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    IpcKind kind = ipc_cmds[s->cmd].kind;
    int status;

    switch (s->phase) {
    case IPC_PH_MBOX_LOCK:
        /* The ECDSA driver polls LOCK with a bound; the others for ever */
        if (kind == IPC_KIND_ECDSA ? bootmcu_mbox_lock(&s->cptra) :
                                     bootmcu_mbox_acquire(&s->cptra)) {
            ipc_mbox_send(s);
            return true;
        }
        if (kind == IPC_KIND_ECDSA && now >= s->deadline_ns) {
            /* The driver's -EBUSY, which the ECDSA wrapper reports as -1 */
            qemu_log_mask(LOG_GUEST_ERROR, "%s: ECDSA384_VERIFY: Caliptra's "
                          "mailbox stayed locked\n", __func__);
            ipc_reply(s, CPTRA_IPC_ERR_FAILED);
            return true;
        }
        return false;

    case IPC_PH_MBOX_WAIT:
        status = bootmcu_mbox_status(&s->cptra);
        if (status < 0) {
            return false;
        }
        ipc_mbox_done(s, status);
        return true;

    case IPC_PH_SHA_LOCK:
        if (!(bootmcu_rd(&s->cptra, SHA_LOCK) & 1)) {
            ipc_sha_setup(s);
            s->phase = IPC_PH_SHA_DATA;
            if (kind == IPC_KIND_SHA_INIT) {
                ipc_reply(s, CPTRA_IPC_OK);
            }
            return true;
        }
        if (now >= s->deadline_ns) {
            /*
             * The driver's session setup gives up with -EBUSY, which the
             * SHA wrappers report as -EINVAL, and leaves its in_use flag
             * set: no SHA session can be opened any more
             */
            qemu_log_mask(LOG_GUEST_ERROR, "%s: the SHA accelerator stayed "
                          "locked; ASPEED's driver refuses SHA sessions from "
                          "now on\n", __func__);
            s->sha_stuck = true;
            ipc_reply(s, CPTRA_IPC_ERR_EINVAL);
            return true;
        }
        return false;

    case IPC_PH_SHA_DATA:
        if (!ipc_sha_stream(s)) {
            return true;
        }
        if (kind == IPC_KIND_SHA_DIGEST) {
            bootmcu_wr(&s->cptra, SHA_EXECUTE, 1);
            s->phase = IPC_PH_SHA_VALID;
        } else {
            ipc_reply(s, CPTRA_IPC_OK);
        }
        return true;

    case IPC_PH_SHA_VALID:
        if (!(bootmcu_rd(&s->cptra, SHA_STATUS) & SHA_STATUS_VALID)) {
            return false;
        }
        ipc_sha_digest(s);
        return true;
    }
    return false;
}

static void ipc_tick(void *opaque)
{
    AspeedBootmcuIpcState *s = opaque;

    if (!s->running) {
        return;
    }
    /* Zephyr's cptra_ifc thread: entropy whenever Caliptra asks */
    bootmcu_serve_trng(&s->cptra);

    if (s->peer < 0) {
        for (int i = 0; i < ARRAY_SIZE(ipc_peers) && s->peer < 0; i++) {
            unsigned peer = ipc_peers[i];
            uint32_t pending = ipc_rd(s, peer, ASPEED_IPC_TO_BOOTMCU,
                                      ASPEED_IPC_STATUS);

            if (pending & BIT(CPTRA_IPC_ID)) {
                ipc_start(s, peer);
            } else if (pending) {
                /* Ids without a service are acknowledged and dropped */
                ipc_wr(s, peer, ASPEED_IPC_TO_BOOTMCU, ASPEED_IPC_STATUS,
                       pending);
            }
        }
    }
    while (s->peer >= 0 && s->phase != IPC_PH_IDLE && ipc_step(s)) {
        /* Steps that do not wait for Caliptra run on */
        if (s->phase == IPC_PH_SHA_DATA) {
            break;
        }
    }
    ipc_schedule(s, s->peer >= 0 ? IPC_BUSY_NS : IPC_IDLE_NS);
}

/* The bootmcu firmware starts (raised) or is reset with the SoC */
static void ipc_run(void *opaque, int n, int level)
{
    AspeedBootmcuIpcState *s = opaque;

    if (!level || s->running) {
        return;
    }
    s->running = true;
    /*
     * The IPC driver's init drops what came before (ENABLE off, STATUS
     * cleared), then cptra_ipc_enable() turns on id 1 of each window
     */
    for (int i = 0; i < ARRAY_SIZE(ipc_peers); i++) {
        ipc_wr(s, ipc_peers[i], ASPEED_IPC_TO_BOOTMCU, ASPEED_IPC_ENABLE, 0);
        ipc_wr(s, ipc_peers[i], ASPEED_IPC_TO_BOOTMCU, ASPEED_IPC_STATUS,
               ASPEED_IPC_ID_MASK);
        ipc_wr(s, ipc_peers[i], ASPEED_IPC_TO_BOOTMCU, ASPEED_IPC_ENABLE,
               BIT(CPTRA_IPC_ID));
    }
    ipc_schedule(s, IPC_IDLE_NS);
}

static void ipc_realize(DeviceState *dev, Error **errp)
{
    AspeedBootmcuIpcState *s = ASPEED_BOOTMCU_IPC(dev);

    if (!s->memory) {
        error_setg(errp, "the 'memory' link is not set");
        return;
    }
    address_space_init(&s->as, s->memory, "bootmcu-ipc");
    s->cptra = bootmcu_cptra_window(&s->as, s->caliptra_base);
    timer_init_ns(&s->timer, QEMU_CLOCK_VIRTUAL, ipc_tick, s);
}

static void ipc_unrealize(DeviceState *dev)
{
    AspeedBootmcuIpcState *s = ASPEED_BOOTMCU_IPC(dev);

    timer_del(&s->timer);
    address_space_destroy(&s->as);
}

static void ipc_reset_hold(Object *obj, ResetType type)
{
    AspeedBootmcuIpcState *s = ASPEED_BOOTMCU_IPC(obj);

    timer_del(&s->timer);
    s->running = false;
    s->peer = -1;
    s->cmd = 0;
    s->in_addr = 0;
    s->out_addr = 0;
    s->phase = IPC_PH_IDLE;
    s->deadline_ns = 0;
    s->served = 0;
    s->sha_open = false;
    s->sha_stuck = false;
    s->sha_algo = 0;
    s->sha_dlen = 0;
    s->sha_len = 0;
    s->sha_done = 0;
    s->sha_in = 0;
    s->sha_out = 0;
}

static bool ipc_get_running(Object *obj, Error **errp)
{
    return ASPEED_BOOTMCU_IPC(obj)->running;
}

/* A request is being served */
static bool ipc_get_busy(Object *obj, Error **errp)
{
    return ASPEED_BOOTMCU_IPC(obj)->peer >= 0;
}

static void ipc_init(Object *obj)
{
    AspeedBootmcuIpcState *s = ASPEED_BOOTMCU_IPC(obj);

    qdev_init_gpio_in_named(DEVICE(obj), ipc_run, ASPEED_BOOTMCU_IPC_RUN, 1);
    object_property_add_bool(obj, "running", ipc_get_running, NULL);
    object_property_add_bool(obj, "busy", ipc_get_busy, NULL);
    object_property_add_uint32_ptr(obj, "served", &s->served,
                                   OBJ_PROP_FLAG_READ);
}

static int ipc_post_load(void *opaque, int version_id)
{
    AspeedBootmcuIpcState *s = opaque;

    if (s->phase >= IPC_PH_NUM || s->peer >= ASPEED_IPC_NUM_PEERS ||
        s->peer < -1 || (s->peer >= 0 && s->cmd >= CPTRA_IPC_NUM_CMDS) ||
        s->sha_done > s->sha_len) {
        return -EINVAL;
    }
    return 0;
}

static const VMStateDescription vmstate_ipc = {
    .name = TYPE_ASPEED_BOOTMCU_IPC,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = ipc_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(running, AspeedBootmcuIpcState),
        VMSTATE_INT32(peer, AspeedBootmcuIpcState),
        VMSTATE_UINT32(cmd, AspeedBootmcuIpcState),
        VMSTATE_UINT32(in_addr, AspeedBootmcuIpcState),
        VMSTATE_UINT32(out_addr, AspeedBootmcuIpcState),
        VMSTATE_UINT32(phase, AspeedBootmcuIpcState),
        VMSTATE_INT64(deadline_ns, AspeedBootmcuIpcState),
        VMSTATE_UINT32(served, AspeedBootmcuIpcState),
        VMSTATE_BOOL(sha_open, AspeedBootmcuIpcState),
        VMSTATE_BOOL(sha_stuck, AspeedBootmcuIpcState),
        VMSTATE_UINT32(sha_algo, AspeedBootmcuIpcState),
        VMSTATE_UINT32(sha_dlen, AspeedBootmcuIpcState),
        VMSTATE_UINT32(sha_len, AspeedBootmcuIpcState),
        VMSTATE_UINT32(sha_done, AspeedBootmcuIpcState),
        VMSTATE_UINT32(sha_in, AspeedBootmcuIpcState),
        VMSTATE_UINT32(sha_out, AspeedBootmcuIpcState),
        VMSTATE_TIMER(timer, AspeedBootmcuIpcState),
        VMSTATE_END_OF_LIST()
    }
};

static const Property ipc_properties[] = {
    DEFINE_PROP_LINK("memory", AspeedBootmcuIpcState, memory,
                     TYPE_MEMORY_REGION, MemoryRegion *),
    DEFINE_PROP_UINT64("caliptra-base", AspeedBootmcuIpcState, caliptra_base,
                       0),
    DEFINE_PROP_UINT64("ipc-base", AspeedBootmcuIpcState, ipc_base, 0),
};

static void ipc_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "ASPEED AST2700 bootmcu Caliptra IPC service";
    dc->realize = ipc_realize;
    dc->unrealize = ipc_unrealize;
    dc->vmsd = &vmstate_ipc;
    dc->user_creatable = false;
    device_class_set_props(dc, ipc_properties);
    rc->phases.hold = ipc_reset_hold;
}

static const TypeInfo ipc_types[] = {
    {
        .name = TYPE_ASPEED_BOOTMCU_IPC,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(AspeedBootmcuIpcState),
        .instance_init = ipc_init,
        .class_init = ipc_class_init,
    },
};

DEFINE_TYPES(ipc_types)
