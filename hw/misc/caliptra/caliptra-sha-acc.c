/*
 * Caliptra 1.x SHA-512/384 accelerator (sha512_acc_csr)
 *
 * A lock-protected hashing engine shared by the SoC (streaming through
 * DATAIN) and Caliptra's microcontroller (streaming, or hashing a range of
 * the mailbox SRAM). One digest per lock acquisition, as in caliptra-rtl's
 * sha512_acc_top.sv. Mailbox mode hashes through QEMU's crypto layer; a
 * stream keeps its running hash as migratable device state
 * (caliptra-sha512.c), since the guest may pause it at any word.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "crypto/hash.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "hw/misc/caliptra_mbox.h"
#include "hw/misc/caliptra_sha_acc.h"
#include "migration/vmstate.h"
#include "hw/misc/caliptra_regs.h"
#include "caliptra-regfile.h"
#include "caliptra-sha512.h"
#include "trace.h"

/*
 * The uC's interrupt block (intr_block_rf): the SoC reads it. Only
 * notif_cmd_done has a source: a digest done for the uC. The error
 * counters and status survive a warm reset (error_reset_b is pwrgood).
 */
REG32(SHA_GLOBAL_INTR_EN, 0x800)
REG32(SHA_ERROR_INTR_EN, 0x804)
REG32(SHA_NOTIF_INTR_EN, 0x808)
REG32(SHA_ERROR_GLOBAL_INTR, 0x80c)
REG32(SHA_NOTIF_GLOBAL_INTR, 0x810)
REG32(SHA_ERROR_INTERNAL_INTR, 0x814)
REG32(SHA_NOTIF_INTERNAL_INTR, 0x818)
    FIELD(SHA_NOTIF_INTERNAL_INTR, CMD_DONE, 0, 1)
REG32(SHA_ERROR_INTR_TRIG, 0x81c)
REG32(SHA_NOTIF_INTR_TRIG, 0x820)
REG32(SHA_ERROR_INTR_COUNT, 0x900)      /* error0..3 */
REG32(SHA_NOTIF_CMD_DONE_COUNT, 0x980)
REG32(SHA_INTR_COUNT_INCR, 0xa00)       /* 5 pulse registers, read 0 */

#define SHA_DIGEST_WORDS    16
#define SHA_MODE_SHA512     1   /* MODE[0] */
#define SHA_MODE_MAILBOX    2   /* MODE[1] */
#define SHA_UC_USER         0xffffffffu

enum {
    SHA_FSM_IDLE,
    SHA_FSM_STREAM,
    SHA_FSM_DONE,
};

static bool sha_locked(CaliptraShaAcc *s)
{
    return s->regs[R_SHA_LOCK] & R_SHA_LOCK_LOCK_MASK;
}

/* valid_user: the lock holder, uC or the SoC agent that took it */
static bool sha_valid_user(CaliptraShaAcc *s)
{
    if (!sha_locked(s) || s->req_soc != s->soc_has_lock) {
        return false;
    }
    return !s->req_soc || s->req_user == s->regs[R_SHA_USER];
}

static void sha_drop_stream(CaliptraShaAcc *s)
{
    memset(&s->stream, 0, sizeof(s->stream));
    s->received = 0;
}

static bool sha_mode_sha512(CaliptraShaAcc *s)
{
    return FIELD_EX32(s->regs[R_SHA_MODE], SHA_MODE, MODE) & SHA_MODE_SHA512;
}

/*
 * DIGEST[i] holds digest bytes 4i..4i+3, first byte in bits 31:24. A
 * SHA-384 result fills DIGEST[0..11]; the RTL shows internal state words
 * in DIGEST[12..15], which no software reads: the model leaves them zero
 * in both modes.
 */
static void sha_set_digest(CaliptraShaAcc *s, const uint8_t *digest,
                           size_t len)
{
    memset(&s->regs[R_SHA_DIGEST], 0, SHA_DIGEST_WORDS * 4);
    for (size_t i = 0; i < len / 4; i++) {
        s->regs[R_SHA_DIGEST + i] = ldl_be_p(digest + 4 * i);
    }
    s->fsm = SHA_FSM_DONE;
    trace_caliptra_sha_acc_done(len);
    if (!s->soc_has_lock) {
        uint32_t *count = &s->regs[R_SHA_NOTIF_CMD_DONE_COUNT];

        s->regs[R_SHA_NOTIF_INTERNAL_INTR] |=
            R_SHA_NOTIF_INTERNAL_INTR_CMD_DONE_MASK;
        *count += *count != UINT32_MAX;
    }
}

static void sha_finish_stream(CaliptraShaAcc *s)
{
    CaliptraSha512 *c = &s->stream;
    uint8_t digest[64];

    if (s->received < s->regs[R_SHA_DLEN]) {
        qemu_log_mask(LOG_GUEST_ERROR, "caliptra-sha-acc: EXECUTE after %u "
                      "of DLEN %u bytes: hashing what was written\n",
                      s->received, s->regs[R_SHA_DLEN]);
    }
    caliptra_sha512_final(c);
    for (int i = 0; i < 8; i++) {
        stq_be_p(digest + 8 * i, c->h[i]);
    }
    sha_drop_stream(s);
    sha_set_digest(s, digest, sha_mode_sha512(s) ? 64 : 48);
}

static void sha_stream_word(CaliptraShaAcc *s, uint32_t val)
{
    uint32_t dlen = s->regs[R_SHA_DLEN];
    uint8_t bytes[4];
    uint32_t n;

    if (s->fsm == SHA_FSM_DONE) {
        qemu_log_mask(LOG_GUEST_ERROR, "caliptra-sha-acc: DATAIN after the "
                      "digest; release the lock first\n");
        return;
    }
    if (s->fsm == SHA_FSM_IDLE) {
        caliptra_sha512_init(&s->stream, !sha_mode_sha512(s));
        s->received = 0;
        s->fsm = SHA_FSM_STREAM;
    }
    if (s->received >= dlen) {
        qemu_log_mask(LOG_GUEST_ERROR, "caliptra-sha-acc: DATAIN beyond "
                      "DLEN %u ignored\n", dlen);
        return;
    }
    /* Message bytes arrive most significant first; DLEN masks the tail */
    stl_be_p(bytes, val);
    n = MIN(4, dlen - s->received);
    caliptra_sha512_update(&s->stream, bytes, n);
    s->received += n;
}

/* Mailbox mode: hash SRAM bytes [start, start + len), clipped to the SRAM */
static void sha_hash_mbox(CaliptraShaAcc *s)
{
    uint32_t start = s->regs[R_SHA_START_ADDRESS];
    uint64_t len = s->regs[R_SHA_DLEN];
    bool toggle = FIELD_EX32(s->regs[R_SHA_MODE], SHA_MODE, ENDIAN_TOGGLE);
    g_autofree uint8_t *buf = NULL;
    g_autofree uint8_t *digest = NULL;
    size_t dlen = 0;

    if (start % 4) {
        qemu_log_mask(LOG_GUEST_ERROR, "caliptra-sha-acc: START_ADDRESS "
                      "0x%x not dword aligned\n", start);
        start &= ~3u;
    }
    if (start >= CALIPTRA_MBOX_SRAM_SIZE) {
        len = 0;
    } else {
        len = MIN(len, CALIPTRA_MBOX_SRAM_SIZE - start);
    }
    buf = g_malloc(ROUND_UP(len, 4) + 4);
    for (uint64_t i = 0; i < len; i += 4) {
        uint32_t w = caliptra_mbox_sram_word(s->mbox, (start + i) / 4);

        /* SRAM words are little-endian data unless ENDIAN_TOGGLE */
        if (toggle) {
            stl_be_p(buf + i, w);
        } else {
            stl_le_p(buf + i, w);
        }
    }
    if (qcrypto_hash_bytes(sha_mode_sha512(s) ? QCRYPTO_HASH_ALGO_SHA512 :
                                                QCRYPTO_HASH_ALGO_SHA384,
                           (const char *)buf, len, &digest, &dlen,
                           &error_abort) == 0) {
        sha_set_digest(s, digest, dlen);
    }
}

static uint64_t sha_lock_post_read(RegisterInfo *reg, uint64_t val)
{
    CaliptraShaAcc *s = CALIPTRA_SHA_ACC(reg->opaque);

    if (!(val & R_SHA_LOCK_LOCK_MASK)) {
        s->regs[R_SHA_LOCK] = R_SHA_LOCK_LOCK_MASK;
        s->regs[R_SHA_USER] = s->req_soc ? s->req_user : SHA_UC_USER;
        s->soc_has_lock = s->req_soc;
        trace_caliptra_sha_acc_lock(s->req_soc, s->regs[R_SHA_USER]);
    }
    return val;
}

static void sha_release(CaliptraShaAcc *s)
{
    trace_caliptra_sha_acc_release(s->regs[R_SHA_USER]);
    sha_drop_stream(s);
    s->regs[R_SHA_LOCK] = 0;
    s->regs[R_SHA_EXECUTE] = 0;
    s->soc_has_lock = false;
    s->fsm = SHA_FSM_IDLE;
}

static uint64_t sha_lock_pre_write(RegisterInfo *reg, uint64_t val)
{
    CaliptraShaAcc *s = CALIPTRA_SHA_ACC(reg->opaque);

    /* Writing 1 releases; the register API cleared the bit for us */
    if (!(val & R_SHA_LOCK_LOCK_MASK)) {
        sha_release(s);
    }
    return s->regs[R_SHA_LOCK];
}

static uint64_t sha_datain_pre_write(RegisterInfo *reg, uint64_t val)
{
    sha_stream_word(CALIPTRA_SHA_ACC(reg->opaque), val);
    return val;
}

static void sha_execute_post_write(RegisterInfo *reg, uint64_t val)
{
    CaliptraShaAcc *s = CALIPTRA_SHA_ACC(reg->opaque);
    bool mailbox = (FIELD_EX32(s->regs[R_SHA_MODE], SHA_MODE, MODE) &
                    SHA_MODE_MAILBOX) && !s->soc_has_lock;

    if (!(val & R_SHA_EXECUTE_EXECUTE_MASK)) {
        return;
    }
    if (s->fsm == SHA_FSM_STREAM) {
        sha_finish_stream(s);
    } else if (s->fsm == SHA_FSM_IDLE && mailbox) {
        sha_hash_mbox(s);
    } else if (s->fsm == SHA_FSM_IDLE) {
        /* The engine starts on the first DATAIN: no data, no digest */
        qemu_log_mask(LOG_GUEST_ERROR, "caliptra-sha-acc: EXECUTE without "
                      "any DATAIN: the stream never starts\n");
    }
}

static uint64_t sha_status_post_read(RegisterInfo *reg, uint64_t val)
{
    CaliptraShaAcc *s = CALIPTRA_SHA_ACC(reg->opaque);

    val = FIELD_DP32(0, SHA_STATUS, VALID, s->fsm == SHA_FSM_DONE);
    return FIELD_DP32(val, SHA_STATUS, SOC_HAS_LOCK, s->soc_has_lock);
}

static void sha_control_post_write(RegisterInfo *reg, uint64_t val)
{
    CaliptraShaAcc *s = CALIPTRA_SHA_ACC(reg->opaque);

    if (val & R_SHA_CONTROL_ZEROIZE_MASK) {
        sha_drop_stream(s);
        memset(&s->regs[R_SHA_DIGEST], 0, SHA_DIGEST_WORDS * 4);
        s->fsm = SHA_FSM_IDLE;
        s->regs[R_SHA_CONTROL] = 0;
    }
}

/* agg_sts: any enabled status bit */
static uint64_t sha_intr_global_post_read(RegisterInfo *reg, uint64_t val)
{
    CaliptraShaAcc *s = CALIPTRA_SHA_ACC(reg->opaque);
    bool error = reg->access->addr == A_SHA_ERROR_GLOBAL_INTR;

    return !!(s->regs[error ? R_SHA_ERROR_INTERNAL_INTR :
                              R_SHA_NOTIF_INTERNAL_INTR] &
              s->regs[error ? R_SHA_ERROR_INTR_EN : R_SHA_NOTIF_INTR_EN]);
}

/* The SoC's view of a uC-owned interrupt register */
#define SHA_INTR_REG(n, a, ...) \
    { .name = n, .addr = (a), .ro = ~0u, __VA_ARGS__ }

#define SHA_DIGEST_REG(i) \
    { .name = "DIGEST[" #i "]", .addr = A_SHA_DIGEST + 4 * (i), .ro = ~0u }

static const RegisterAccessInfo caliptra_sha_acc_regs_info[] = {
    {   .name = "LOCK", .addr = A_SHA_LOCK,
        .reset = R_SHA_LOCK_LOCK_MASK,     /* the uC owns it out of reset */
        .w1c = R_SHA_LOCK_LOCK_MASK, .ro = ~R_SHA_LOCK_LOCK_MASK,
        .pre_write = sha_lock_pre_write,
        .post_read = sha_lock_post_read,
    }, {
        .name = "USER", .addr = A_SHA_USER, .ro = ~0u,
    }, {
        .name = "MODE", .addr = A_SHA_MODE,
        .ro = ~(R_SHA_MODE_MODE_MASK | R_SHA_MODE_ENDIAN_TOGGLE_MASK),
    }, {
        .name = "START_ADDRESS", .addr = A_SHA_START_ADDRESS,
    }, {
        .name = "DLEN", .addr = A_SHA_DLEN,
    }, {
        .name = "DATAIN", .addr = A_SHA_DATAIN,
        .pre_write = sha_datain_pre_write,
    }, {
        .name = "EXECUTE", .addr = A_SHA_EXECUTE,
        .ro = ~R_SHA_EXECUTE_EXECUTE_MASK,
        .post_write = sha_execute_post_write,
    }, {
        .name = "STATUS", .addr = A_SHA_STATUS, .ro = ~0u,
        .post_read = sha_status_post_read,
    },
    SHA_DIGEST_REG(0), SHA_DIGEST_REG(1), SHA_DIGEST_REG(2),
    SHA_DIGEST_REG(3), SHA_DIGEST_REG(4), SHA_DIGEST_REG(5),
    SHA_DIGEST_REG(6), SHA_DIGEST_REG(7), SHA_DIGEST_REG(8),
    SHA_DIGEST_REG(9), SHA_DIGEST_REG(10), SHA_DIGEST_REG(11),
    SHA_DIGEST_REG(12), SHA_DIGEST_REG(13), SHA_DIGEST_REG(14),
    SHA_DIGEST_REG(15),
    SHA_INTR_REG("GLOBAL_INTR_EN", A_SHA_GLOBAL_INTR_EN),
    SHA_INTR_REG("ERROR_INTR_EN", A_SHA_ERROR_INTR_EN),
    SHA_INTR_REG("NOTIF_INTR_EN", A_SHA_NOTIF_INTR_EN),
    SHA_INTR_REG("ERROR_GLOBAL_INTR", A_SHA_ERROR_GLOBAL_INTR,
                 .post_read = sha_intr_global_post_read),
    SHA_INTR_REG("NOTIF_GLOBAL_INTR", A_SHA_NOTIF_GLOBAL_INTR,
                 .post_read = sha_intr_global_post_read),
    SHA_INTR_REG("ERROR_INTERNAL_INTR", A_SHA_ERROR_INTERNAL_INTR),
    SHA_INTR_REG("NOTIF_INTERNAL_INTR", A_SHA_NOTIF_INTERNAL_INTR),
    SHA_INTR_REG("ERROR_INTR_TRIG", A_SHA_ERROR_INTR_TRIG),
    SHA_INTR_REG("NOTIF_INTR_TRIG", A_SHA_NOTIF_INTR_TRIG),
    SHA_INTR_REG("ERROR0_INTR_COUNT", A_SHA_ERROR_INTR_COUNT),
    SHA_INTR_REG("ERROR1_INTR_COUNT", A_SHA_ERROR_INTR_COUNT + 4),
    SHA_INTR_REG("ERROR2_INTR_COUNT", A_SHA_ERROR_INTR_COUNT + 8),
    SHA_INTR_REG("ERROR3_INTR_COUNT", A_SHA_ERROR_INTR_COUNT + 12),
    SHA_INTR_REG("NOTIF_CMD_DONE_COUNT", A_SHA_NOTIF_CMD_DONE_COUNT),
    SHA_INTR_REG("ERROR0_INTR_COUNT_INCR", A_SHA_INTR_COUNT_INCR),
    SHA_INTR_REG("ERROR1_INTR_COUNT_INCR", A_SHA_INTR_COUNT_INCR + 4),
    SHA_INTR_REG("ERROR2_INTR_COUNT_INCR", A_SHA_INTR_COUNT_INCR + 8),
    SHA_INTR_REG("ERROR3_INTR_COUNT_INCR", A_SHA_INTR_COUNT_INCR + 12),
    SHA_INTR_REG("NOTIF_CMD_DONE_COUNT_INCR", A_SHA_INTR_COUNT_INCR + 16),
    {   .name = "CONTROL", .addr = A_SHA_CONTROL,
        .ro = ~R_SHA_CONTROL_ZEROIZE_MASK,
        .post_write = sha_control_post_write,
    },
};

/* Registers only the lock holder may write; CONTROL is open to all */
static bool sha_owner_only(hwaddr addr)
{
    return addr <= A_SHA_EXECUTE;
}

MemTxResult caliptra_sha_acc_soc_read(CaliptraShaAcc *s, hwaddr addr,
                                      uint32_t user, uint64_t *data)
{
    s->req_soc = true;
    s->req_user = user;
    *data = register_read_memory(s->reg_array, addr, 4);
    trace_caliptra_sha_acc_read(addr, user, *data);
    return MEMTX_OK;
}

MemTxResult caliptra_sha_acc_soc_write(CaliptraShaAcc *s, hwaddr addr,
                                       uint32_t user, uint64_t data)
{
    s->req_soc = true;
    s->req_user = user;
    trace_caliptra_sha_acc_write(addr, user, data);
    if (sha_owner_only(addr) && !sha_valid_user(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "caliptra-sha-acc: write at 0x%02"
                      HWADDR_PRIx " by user 0x%08x, which does not hold "
                      "the lock\n", addr, user);
        return MEMTX_OK;
    }
    register_write_memory(s->reg_array, addr, data, 4);
    return MEMTX_OK;
}

/* Microcontroller side */

bool caliptra_sha_acc_uc_acquire(CaliptraShaAcc *s)
{
    if (sha_locked(s)) {
        return !s->soc_has_lock;
    }
    s->req_soc = false;
    sha_lock_post_read(&s->regs_info[R_SHA_LOCK], 0);
    return true;
}

void caliptra_sha_acc_uc_release(CaliptraShaAcc *s)
{
    if (sha_locked(s) && !s->soc_has_lock) {
        sha_release(s);
    }
}

bool caliptra_sha_acc_uc_hash_mbox(CaliptraShaAcc *s, bool sha512,
                                   uint32_t start, uint32_t len,
                                   bool endian_toggle, uint8_t *digest)
{
    if (!sha_locked(s) || s->soc_has_lock) {
        return false;
    }
    sha_drop_stream(s);
    s->regs[R_SHA_MODE] = FIELD_DP32(0, SHA_MODE, MODE,
                                     SHA_MODE_MAILBOX | sha512);
    s->regs[R_SHA_MODE] = FIELD_DP32(s->regs[R_SHA_MODE], SHA_MODE,
                                     ENDIAN_TOGGLE, endian_toggle);
    s->regs[R_SHA_START_ADDRESS] = start;
    s->regs[R_SHA_DLEN] = len;
    sha_hash_mbox(s);
    return caliptra_sha_acc_digest(s, digest);
}

bool caliptra_sha_acc_digest(CaliptraShaAcc *s, uint8_t digest[64])
{
    for (int i = 0; i < SHA_DIGEST_WORDS; i++) {
        stl_be_p(digest + 4 * i, s->regs[R_SHA_DIGEST + i]);
    }
    return s->fsm == SHA_FSM_DONE;
}

/* Device */

/* Errors live in the pwrgood domain */
static bool sha_warm_keep(hwaddr addr)
{
    return addr == A_SHA_ERROR_INTERNAL_INTR ||
           (addr >= A_SHA_ERROR_INTR_COUNT &&
            addr < A_SHA_ERROR_INTR_COUNT + 16);
}

static void sha_reset_state(CaliptraShaAcc *s, bool warm)
{
    sha_drop_stream(s);
    caliptra_regs_reset(s->regs_info, ARRAY_SIZE(s->regs_info),
                        warm ? sha_warm_keep : NULL);
    s->soc_has_lock = false;
    s->fsm = SHA_FSM_IDLE;
}

void caliptra_sha_acc_warm_reset(CaliptraShaAcc *s)
{
    sha_reset_state(s, true);
}

static void caliptra_sha_acc_reset_hold(Object *obj, ResetType type)
{
    sha_reset_state(CALIPTRA_SHA_ACC(obj), false);
}

static void caliptra_sha_acc_init(Object *obj)
{
    CaliptraShaAcc *s = CALIPTRA_SHA_ACC(obj);

    s->reg_array = caliptra_regs_init(DEVICE(obj), caliptra_sha_acc_regs_info,
                                      ARRAY_SIZE(caliptra_sha_acc_regs_info),
                                      s->regs_info, s->regs,
                                      CALIPTRA_SHA_ACC_R_MAX * 4);
}

static void caliptra_sha_acc_realize(DeviceState *dev, Error **errp)
{
    CaliptraShaAcc *s = CALIPTRA_SHA_ACC(dev);

    if (!s->mbox) {
        error_setg(errp, "caliptra-sha-acc: 'mbox' link not set");
        return;
    }
    if (!qcrypto_hash_supports(QCRYPTO_HASH_ALGO_SHA384) ||
        !qcrypto_hash_supports(QCRYPTO_HASH_ALGO_SHA512)) {
        error_setg(errp, "caliptra-sha-acc: the crypto backend lacks "
                   "SHA-384/SHA-512");
    }
}

static void caliptra_sha_acc_finalize(Object *obj)
{
    CaliptraShaAcc *s = CALIPTRA_SHA_ACC(obj);

    sha_drop_stream(s);
}

static int caliptra_sha_acc_post_load(void *opaque, int version_id)
{
    CaliptraShaAcc *s = opaque;

    if (s->fsm > SHA_FSM_DONE || s->stream.fill >= CALIPTRA_SHA512_BLOCK) {
        return -EINVAL;
    }
    return 0;
}

static const VMStateDescription vmstate_caliptra_sha_acc = {
    .name = TYPE_CALIPTRA_SHA_ACC,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = caliptra_sha_acc_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_ARRAY(regs, CaliptraShaAcc, CALIPTRA_SHA_ACC_R_MAX),
        VMSTATE_BOOL(soc_has_lock, CaliptraShaAcc),
        VMSTATE_UINT8(fsm, CaliptraShaAcc),
        VMSTATE_UINT32(received, CaliptraShaAcc),
        VMSTATE_UINT64_ARRAY(stream.h, CaliptraShaAcc, 8),
        VMSTATE_UINT8_ARRAY(stream.block, CaliptraShaAcc, 128),
        VMSTATE_UINT32(stream.fill, CaliptraShaAcc),
        VMSTATE_UINT64(stream.length, CaliptraShaAcc),
        VMSTATE_END_OF_LIST(),
    },
};

static const Property caliptra_sha_acc_properties[] = {
    DEFINE_PROP_LINK("mbox", CaliptraShaAcc, mbox, TYPE_CALIPTRA_MBOX,
                     CaliptraMbox *),
};

static void caliptra_sha_acc_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = caliptra_sha_acc_realize;
    dc->vmsd = &vmstate_caliptra_sha_acc;
    dc->user_creatable = false;
    device_class_set_props(dc, caliptra_sha_acc_properties);
    rc->phases.hold = caliptra_sha_acc_reset_hold;
}

static const TypeInfo caliptra_sha_acc_info = {
    .name = TYPE_CALIPTRA_SHA_ACC,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(CaliptraShaAcc),
    .instance_init = caliptra_sha_acc_init,
    .instance_finalize = caliptra_sha_acc_finalize,
    .class_init = caliptra_sha_acc_class_init,
};

static void caliptra_sha_acc_register_types(void)
{
    type_register_static(&caliptra_sha_acc_info);
}

type_init(caliptra_sha_acc_register_types)
