/*
 * ASPEED AST2700 bootmcu sequencer: the bootmcu's Caliptra boot duties
 *
 * On the AST2700 a RISC-V boot microcontroller (the "bootmcu") owns
 * Caliptra. Its ROM (stages Cb, Cr and Cf of ASPEED's BootMCU ROM) locks
 * its own APB user 0x21212121 into Caliptra's mailbox, fuse and TRNG
 * PAUSER slots, programs the watchdog, asks for the IDevID CSR in the
 * manufacturing states, writes the fuses and requires Caliptra's boot FSM
 * to reach BOOT_DONE by itself (it never writes BOOTFSM_GO), feeds the
 * TRNG words Caliptra asks for, takes the CSR into the top of its SRAM,
 * loads the Caliptra firmware bundle with FIRMWARE_LOAD and asks the
 * runtime for FW_INFO. Its firmware then has Caliptra authorize the SoC
 * images against the signed SoC manifest (SET_AUTH_MANIFEST, then
 * AUTHORIZE_AND_STASH for each image) and only then lets the other cores
 * run. qemu-system-aarch64 cannot host a RISC-V core next to the A35, so
 * this device performs those duties in its place, with the ROM's checks
 * and the ROM's error codes.
 *
 * It is deliberately a bus master like the bootmcu and nothing more: it
 * reaches Caliptra only through the SoC APB window in the address space
 * it is given, so every step exercises the register paths any SoC agent
 * uses, and it knows nothing of the model's internals. It is paced by a
 * virtual-clock timer that polls the way the bootmcu's ROM does; there are
 * no threads and the machine never stops. Its outcome is what ASPEED's
 * firmware does last: the authorized images in DRAM and the cores let go
 * through SCU0 (aspeed_ast27x0-bootmcu-release.c).
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/arm/aspeed_bootmcu.h"
#include "hw/arm/aspeed_bootmcu_fmc.h"
#include "hw/nvram/aspeed_ast27x0_otp.h"
#include "hw/irq.h"
#include "hw/misc/aspeed_scu.h"
#include "hw/misc/caliptra.h"
#include "hw/misc/caliptra_api.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "aspeed_bootmcu_cptra.h"
#include "aspeed_bootmcu_inputs.h"
#include "aspeed_bootmcu_release.h"
#include "trace.h"

/* SCU1 (SCU IO), the bootmcu's controls of Caliptra */
#define SCU1_HWSTRAP1           0x010
#define  HWSTRAP1_DIS_CPTRA     (1u << 30)
#define  HWSTRAP1_LOW_SECURE    (1u << 8)
#define SCU1_CPTRA_CTRL         0x130
#define  CPTRA_CTRL_PWRGOOD     (1u << 0)
#define  CPTRA_CTRL_SEC_STAT_SHIFT 8
#define  CPTRA_CTRL_SEC_STAT    (7u << 8)
#define SCU1_CPTRA_OBF_KEY0     0x140
#define SCU1_RSTCTL2            0x220
#define SCU1_RSTCTL2_CLR        0x224
#define  RSTCTL2_CPTRA          (1u << 9)
#define SCU1_EFUSE              0x804
#define  EFUSE_DIS_CPTRA        (1u << 6)

/* What the BootMCU ROM reads of FW_INFO: its struct cptra_fw_info */
#define FW_INFO_RESP_MAX        216

/* What ASPEED's BootMCU ROM puts in Caliptra's PAUSER slots: its own user */
#define BOOTMCU_PAUSER          0x21212121
/* The ROM's limits: the bundle fills at most the mailbox, the CSR 2 KiB */
#define BOOTMCU_BUNDLE_MAX      0x20000
#define BOOTMCU_CSR_MAX         0x800

/*
 * The ROM's stage results, "errno" per stage (its caliptra.h), as its
 * console prints them after the stage's mark
 */
enum {
    CB_FSM_ERR_OTP_OBFKEY = 0x1,
    CB_FSM_ERR_OTP_SECSTAT = 0x2,
    CB_FSM_ERR_OTP_FUSE = 0x3,
    CB_FSM_ERR_SET_MBOX_PAUSER = 0x4,
    CB_FSM_ERR_SET_TRNG_PAUSER = 0x5,
    CB_FSM_ERR_SET_FUSE_PAUSER = 0x6,
    CB_FSM_ERR_FUSE_REQ = 0x7,
    CB_FSM_ERR_FUSE_SET = 0x8,
    CB_FSM_ERR_FUSE_DONE = 0x9,
    CB_FSM_ERR_NO_BOOT_DONE = 0xa,
};
enum {
    CB_ROM_ERR_INVL_STS = 0x1,
    CB_ROM_ERR_CSR_READ = 0x2,
    CB_ROM_ERR_NO_RDY_FOR_FW = 0x4,
    CB_ROM_ERR_FWLD_INVAL = 0x5,
    CB_ROM_ERR_FWLD_MBOX_LOCK = 0x6,
    CB_ROM_ERR_FWLD_MBOX_EXEC = 0x7,
    CB_ROM_ERR_FWLD_MBOX_UNLK = 0x8,
};
enum {
    CB_FW_ERR_INVL_STS = 0x1,
    CB_FW_ERR_NO_RDY_FOR_RT = 0x3,
    CB_FW_ERR_FWIF_MBOX_LOCK = 0x4,
    CB_FW_ERR_FWIF_MBOX_EXEC = 0x5,
    CB_FW_ERR_FWIF_MBOX_UNLK = 0x6,
};
/* Syndromes: the negative errno the ROM's helpers return, as a byte */
#define SYNDROME_EACCES         ((uint8_t)-13)
#define SYNDROME_ENOMEM         ((uint8_t)-12)

#define SEQ_POLL_MIN_NS         (10 * SCALE_US)
#define SEQ_POLL_MAX_NS         (1 * SCALE_MS)

enum {
    SEQ_POWER_ON,
    SEQ_SETUP,
    SEQ_WAIT_FUSES,
    SEQ_FUSES_DONE,
    SEQ_WAIT_FW,
    SEQ_FIRMWARE_LOAD,
    SEQ_WAIT_RUNTIME,
    SEQ_FW_INFO,
    SEQ_FMC_VERIFY,
    SEQ_SET_AUTH_MANIFEST,
    SEQ_AUTHORIZE,
    SEQ_RELEASED,
    SEQ_FAILED,
};

/*
 * Per state: its name, the BootMCU ROM stage it belongs to (its console
 * mark; "fw" for what the bootmcu firmware does after the ROM) and the
 * ROM's code when the state times out
 */
static const struct {
    const char *name;
    const char *stage;
    uint8_t timeout_errno;
} seq_states[] = {
    [SEQ_POWER_ON] = { "power-on", "Cb", 0 },
    [SEQ_SETUP] = { "setup", "Cb", 0 },
    [SEQ_WAIT_FUSES] = { "wait-fuses", "Cb", CB_FSM_ERR_FUSE_REQ },
    [SEQ_FUSES_DONE] = { "fuses-done", "Cb", CB_FSM_ERR_FUSE_DONE },
    [SEQ_WAIT_FW] = { "wait-fw", "Cr", CB_ROM_ERR_NO_RDY_FOR_FW },
    [SEQ_FIRMWARE_LOAD] = { "firmware-load", "Cr",
                            CB_ROM_ERR_FWLD_MBOX_EXEC },
    [SEQ_WAIT_RUNTIME] = { "wait-runtime", "Cf", CB_FW_ERR_NO_RDY_FOR_RT },
    [SEQ_FW_INFO] = { "fw-info", "Cf", CB_FW_ERR_FWIF_MBOX_EXEC },
    [SEQ_FMC_VERIFY] = { "fmc-verify", "Sb", ASTH_ERR_SIG },
    [SEQ_SET_AUTH_MANIFEST] = { "set-auth-manifest", "fw", 0 },
    [SEQ_AUTHORIZE] = { "authorize", "fw", 0 },
    [SEQ_RELEASED] = { "released", "", 0 },
    [SEQ_FAILED] = { "failed", "", 0 },
};

enum {
    SEQ_OK,
    SEQ_ERR_CALIPTRA_FATAL,
    SEQ_ERR_NO_BUNDLE,
    SEQ_ERR_FIRMWARE_LOAD,
    SEQ_ERR_AUTH_MANIFEST,
    SEQ_ERR_AUTHORIZE,
    SEQ_ERR_NOT_AUTHORIZED,
    SEQ_ERR_TIMEOUT,
    SEQ_ERR_PAUSER,
    SEQ_ERR_NO_BOOT_DONE,
    SEQ_ERR_CSR,
    SEQ_ERR_MBOX_LOCK,
    SEQ_ERR_FW_INFO,
    SEQ_ERR_FMC_VERIFY,
    SEQ_ERR_IMAGE_LOAD,
};

static const char *const seq_error_names[] = {
    [SEQ_OK] = "",
    [SEQ_ERR_CALIPTRA_FATAL] = "Caliptra reported a fatal error",
    [SEQ_ERR_NO_BUNDLE] = "no usable Caliptra bundle (caliptra-bundle)",
    [SEQ_ERR_FIRMWARE_LOAD] = "FIRMWARE_LOAD failed",
    [SEQ_ERR_AUTH_MANIFEST] = "SET_AUTH_MANIFEST failed",
    [SEQ_ERR_AUTHORIZE] = "AUTHORIZE_AND_STASH failed",
    [SEQ_ERR_NOT_AUTHORIZED] = "an image was not authorized",
    [SEQ_ERR_TIMEOUT] = "Caliptra did not answer in time",
    [SEQ_ERR_PAUSER] = "a Caliptra PAUSER slot was already locked",
    [SEQ_ERR_NO_BOOT_DONE] = "Caliptra's boot FSM did not reach BOOT_DONE",
    [SEQ_ERR_CSR] = "the IDevID CSR could not be read",
    [SEQ_ERR_MBOX_LOCK] = "the mailbox could not be locked or released",
    [SEQ_ERR_FW_INFO] = "FW_INFO failed",
    [SEQ_ERR_FMC_VERIFY] = "the bootmcu FMC failed its verification",
    [SEQ_ERR_IMAGE_LOAD] = "an authorized image does not fit in DRAM",
};

/* Bus accesses: the bootmcu's loads and stores on the APB */

static uint32_t seq_rd(AspeedBootmcuSeqState *s, hwaddr off)
{
    return bootmcu_rd(&s->cptra, off);
}

static void seq_wr(AspeedBootmcuSeqState *s, hwaddr off, uint32_t val)
{
    bootmcu_wr(&s->cptra, off, val);
}

static uint32_t seq_soc_rd(AspeedBootmcuSeqState *s, hwaddr reg)
{
    return bootmcu_soc_rd(&s->cptra, reg);
}

static void seq_soc_wr(AspeedBootmcuSeqState *s, hwaddr reg, uint32_t val)
{
    bootmcu_soc_wr(&s->cptra, reg, val);
}

/* Sequence bookkeeping */

static void seq_set_state(AspeedBootmcuSeqState *s, uint32_t state)
{
    s->state = state;
    s->deadline_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                     (int64_t)s->timeout_ms * SCALE_MS;
    if (trace_event_get_state_backends(TRACE_ASPEED_BOOTMCU_STATE)) {
        trace_aspeed_bootmcu_state(seq_states[state].name,
                                   seq_soc_rd(s, SOC_FLOW_STATUS),
                                   seq_soc_rd(s, SOC_BOOT_STATUS));
    }
}

/*
 * Stop where the ROM (or the firmware after it) stops: @rom_errno and
 * @syndrome are what its console prints for the stage, @code Caliptra's
 * own error code where there is one
 */
static void seq_fail_rom(AspeedBootmcuSeqState *s, uint32_t failure,
                         uint8_t rom_errno, uint8_t syndrome, uint32_t code)
{
    const char *step = seq_states[s->state].name;
    const char *stage = seq_states[s->state].stage;

    s->failure = failure;
    s->error_code = code;
    s->rom_errno = rom_errno;
    s->rom_syndrome = syndrome;
    s->failed_state = s->state;
    s->mbox_sent = false;
    seq_set_state(s, SEQ_FAILED);
    trace_aspeed_bootmcu_failed(seq_error_names[failure], code);
    error_report("bootmcu: secure boot stopped at %s (ROM stage %s %02x%02x):"
                 " %s (code 0x%08x); the cores stay held", step, stage,
                 rom_errno, syndrome, seq_error_names[failure], code);
}

static void seq_fail(AspeedBootmcuSeqState *s, uint32_t failure,
                     uint32_t code)
{
    seq_fail_rom(s, failure, seq_states[s->state].timeout_errno, 0, code);
}

/*
 * The bootmcu firmware loads the authorized images, then releases the A35
 * and the coprocessors whose images passed, through SCU0
 */
static void seq_release(AspeedBootmcuSeqState *s)
{
    for (unsigned i = 0; i < s->num_images; i++) {
        if (!bootmcu_load_image(s, i)) {
            seq_fail(s, SEQ_ERR_IMAGE_LOAD, s->image[i].fw_id);
            return;
        }
    }
    seq_set_state(s, SEQ_RELEASED);
    bootmcu_release_a35(s);
    for (unsigned n = 0; n < ASPEED_SCU_CM4_NUM; n++) {
        bootmcu_release_cm4(s, n);
    }
    /* Its firmware goes on serving the cores (with Caliptra on) */
    if (!s->bypassed) {
        qemu_irq_raise(s->firmware);
    }
}

static void seq_mbox_write(AspeedBootmcuSeqState *s, uint32_t cmd,
                           const uint8_t *data, size_t len)
{
    bootmcu_mbox_write(&s->cptra, cmd, data, len);
    s->mbox_sent = true;
}

/* The bootmcu firmware's drivers take the lock by reading LOCK only */
static bool seq_mbox_send(AspeedBootmcuSeqState *s, uint32_t cmd,
                          const uint8_t *data, size_t len)
{
    if (!bootmcu_mbox_lock(&s->cptra)) {
        return false;
    }
    seq_mbox_write(s, cmd, data, len);
    return true;
}

/* STATUS of the command sent last, or -1 while Caliptra works on it */
static int seq_mbox_status(AspeedBootmcuSeqState *s)
{
    int status = bootmcu_mbox_status(&s->cptra);

    if (status >= 0) {
        s->mbox_sent = false;
    }
    return status;
}

/*
 * Poll a command of the bootmcu firmware: false while Caliptra is busy;
 * otherwise copies up to @resp_size bytes of the response, releases the
 * mailbox and sets *@ok.
 */
static bool seq_mbox_poll(AspeedBootmcuSeqState *s, uint8_t *resp,
                          size_t resp_size, bool *ok)
{
    int status = seq_mbox_status(s);

    if (status < 0) {
        return false;
    }
    if (status == MBOX_DATA_READY) {
        bootmcu_mbox_read(&s->cptra, resp, resp_size);
    }
    seq_wr(s, MBOX_EXECUTE, 0);
    *ok = status == MBOX_DATA_READY || status == MBOX_CMD_COMPLETE;
    return true;
}

/* The ROM writes the fuses and FUSE_WR_DONE, never BOOTFSM_GO */
static void seq_write_fuses(AspeedBootmcuSeqState *s)
{
    for (unsigned i = 0; i < s->num_fuses; i++) {
        seq_soc_wr(s, s->fuses[i].offset, s->fuses[i].value);
    }
    seq_soc_wr(s, SOC_FUSE_WR_DONE, 1);
}

/*
 * One of the ROM's PAUSER slots: refused when already locked (it reads
 * the lock first), else its user and the lock; nothing is read back
 */
static bool seq_set_pauser(AspeedBootmcuSeqState *s, hwaddr pauser,
                           hwaddr lock)
{
    if (seq_soc_rd(s, lock)) {
        return false;
    }
    seq_soc_wr(s, pauser, BOOTMCU_PAUSER);
    seq_soc_wr(s, lock, 1);
    return true;
}

/*
 * Stage Cb begins with Caliptra's power and reset through SCU1: power
 * good off, reset on, the obfuscation key and the security state, power
 * good on, reset off. Caliptra cold boots with those straps. Without an
 * OTP image the stand-in keeps the straps Caliptra has (its properties):
 * it writes back the security state it reads and no key.
 */
static void seq_power_on(AspeedBootmcuSeqState *s)
{
    uint32_t ss = bootmcu_has_otp(s) ? bootmcu_otp_security_state(s) :
                  seq_soc_rd(s, SOC_SECURITY_STATE) & 7;
    uint32_t ctrl = bootmcu_scu_rd(s, SCU1_CPTRA_CTRL);

    if ((bootmcu_scu_rd(s, SCU1_HWSTRAP1) & HWSTRAP1_DIS_CPTRA) ||
        (bootmcu_scu_rd(s, SCU1_EFUSE) & EFUSE_DIS_CPTRA)) {
        /* Caliptra disabled: every Caliptra stage passes untouched */
        s->rom_syndrome = 1;
        s->bypassed = true;
        seq_release(s);
        return;
    }
    ctrl &= ~CPTRA_CTRL_PWRGOOD;
    bootmcu_wr(&s->scu1, SCU1_CPTRA_CTRL, ctrl);
    bootmcu_wr(&s->scu1, SCU1_RSTCTL2, RSTCTL2_CPTRA);
    if (bootmcu_has_otp(s)) {
        /*
         * The ROM means to copy the 8 key words, but its loop runs over a
         * one-element array: word 0 only (ASPEED's caliptra.c)
         */
        bootmcu_wr(&s->scu1, SCU1_CPTRA_OBF_KEY0,
                   aspeed_ast27x0_otp_readl(s->otp, AST27X0_OTP_PUF_OBF_KEY));
    }
    ctrl = (ctrl & ~CPTRA_CTRL_SEC_STAT) | ss << CPTRA_CTRL_SEC_STAT_SHIFT;
    bootmcu_wr(&s->scu1, SCU1_CPTRA_CTRL, ctrl);
    bootmcu_wr(&s->scu1, SCU1_CPTRA_CTRL, ctrl | CPTRA_CTRL_PWRGOOD);
    bootmcu_wr(&s->scu1, SCU1_RSTCTL2_CLR, RSTCTL2_CPTRA);
    seq_set_state(s, SEQ_SETUP);
}

/* Stage Cb, after Caliptra's power-on: PAUSERs, watchdog, CSR request */
static void seq_setup(AspeedBootmcuSeqState *s)
{
    static const struct {
        hwaddr pauser, lock;
        uint8_t rom_errno;
    } slots[] = {
        { SOC_MBOX_VALID_PAUSER0, SOC_MBOX_PAUSER_LOCK0,
          CB_FSM_ERR_SET_MBOX_PAUSER },
        { SOC_FUSE_VALID_PAUSER, SOC_FUSE_PAUSER_LOCK,
          CB_FSM_ERR_SET_FUSE_PAUSER },
        { SOC_TRNG_VALID_PAUSER, SOC_TRNG_PAUSER_LOCK,
          CB_FSM_ERR_SET_TRNG_PAUSER },
    };
    uint32_t security = seq_soc_rd(s, SOC_SECURITY_STATE);

    for (int i = 0; i < ARRAY_SIZE(slots); i++) {
        if (!seq_set_pauser(s, slots[i].pauser, slots[i].lock)) {
            seq_fail_rom(s, SEQ_ERR_PAUSER, slots[i].rom_errno,
                         SYNDROME_EACCES, 0);
            return;
        }
    }
    seq_soc_wr(s, SOC_WDT_CFG0, UINT32_MAX);
    seq_soc_wr(s, SOC_WDT_CFG1, UINT32_MAX);
    /* The manufacturing states (debug locked or not) ask for the CSR */
    if ((security & SECURITY_LIFECYCLE) == LIFECYCLE_MANUFACTURING) {
        seq_soc_wr(s, SOC_DBG_MANUF_SERVICE,
                   seq_soc_rd(s, SOC_DBG_MANUF_SERVICE) |
                   MANUF_GEN_IDEV_CSR);
    }
    seq_set_state(s, SEQ_WAIT_FUSES);
}

/*
 * Stage Cr takes the IDevID CSR as the ROM's cptra_mbox_recv does: the
 * mailbox must be Caliptra's (EXECUTE_SOC), at most 2 KiB, copied into
 * the top of the bootmcu SRAM; then it drops the request. It never
 * writes STATUS or EXECUTE: Caliptra ends its transaction itself.
 */
static bool seq_take_csr(AspeedBootmcuSeqState *s)
{
    uint32_t status = seq_rd(s, MBOX_STATUS);
    uint32_t dlen;

    if (((status >> MBOX_FSM_SHIFT) & MBOX_FSM_MASK) !=
        MBOX_FSM_EXECUTE_SOC) {
        seq_fail_rom(s, SEQ_ERR_CSR, CB_ROM_ERR_CSR_READ, SYNDROME_EACCES,
                     0);
        return false;
    }
    status &= MBOX_STATUS_MASK;
    if (status == MBOX_CMD_BUSY || status == MBOX_DATA_READY) {
        dlen = seq_rd(s, MBOX_DLEN);
        if (dlen > BOOTMCU_CSR_MAX) {
            seq_fail_rom(s, SEQ_ERR_CSR, CB_ROM_ERR_CSR_READ,
                         SYNDROME_ENOMEM, 0);
            return false;
        }
        for (uint32_t i = 0; i < dlen; i += 4) {
            uint32_t word = seq_rd(s, MBOX_DATAOUT);

            if (s->csr_addr) {
                address_space_stl_le(&s->as, s->csr_addr + i, word,
                                     MEMTXATTRS_UNSPECIFIED, NULL);
            }
        }
        trace_aspeed_bootmcu_csr(dlen);
    }
    seq_soc_wr(s, SOC_DBG_MANUF_SERVICE,
               seq_soc_rd(s, SOC_DBG_MANUF_SERVICE) & ~MANUF_GEN_IDEV_CSR);
    s->csr_taken = true;
    return true;
}

static bool seq_send_manifest(AspeedBootmcuSeqState *s)
{
    g_autofree uint8_t *req = g_malloc(8 + s->manifest_len);

    stl_le_p(req + 4, s->manifest_len);
    memcpy(req + 8, s->manifest, s->manifest_len);
    bootmcu_mbox_checksum(CALIPTRA_CMD_SET_AUTH_MANIFEST, req,
                          8 + s->manifest_len);
    return seq_mbox_send(s, CALIPTRA_CMD_SET_AUTH_MANIFEST, req,
                         8 + s->manifest_len);
}

static bool seq_send_authorize(AspeedBootmcuSeqState *s,
                               const AspeedBootmcuImage *img)
{
    uint8_t req[CALIPTRA_AAS_REQ_SIZE] = { 0 };

    stl_le_p(req + CALIPTRA_AAS_FW_ID, img->fw_id);
    memcpy(req + CALIPTRA_AAS_MEASUREMENT, img->digest, sizeof(img->digest));
    /* ASPEED's firmware measures every image into DPE but UEFI's */
    if (img->fw_id == ASPEED_FW_ID_UEFI) {
        stl_le_p(req + CALIPTRA_AAS_FLAGS, CALIPTRA_AAS_FLAG_SKIP_STASH);
    }
    stl_le_p(req + CALIPTRA_AAS_SOURCE, CALIPTRA_AAS_SOURCE_IN_REQUEST);
    bootmcu_mbox_checksum(CALIPTRA_CMD_AUTHORIZE_AND_STASH, req, sizeof(req));
    return seq_mbox_send(s, CALIPTRA_CMD_AUTHORIZE_AND_STASH, req, sizeof(req));
}

/* The authorization of each image, in the order given; then release */
static bool seq_step_authorize(AspeedBootmcuSeqState *s)
{
    const AspeedBootmcuImage *img;
    uint8_t resp[12] = { 0 };
    uint32_t result;
    bool ok;

    if (s->step >= s->num_images) {
        seq_release(s);
        return true;
    }
    img = &s->image[s->step];
    if (!s->mbox_sent) {
        return seq_send_authorize(s, img);
    }
    if (!seq_mbox_poll(s, resp, sizeof(resp), &ok)) {
        return false;
    }
    if (!ok) {
        seq_fail(s, SEQ_ERR_AUTHORIZE,
                 seq_soc_rd(s, SOC_FW_ERROR_NON_FATAL));
        return true;
    }
    result = ldl_le_p(resp + CALIPTRA_AAS_RESP_RESULT);
    trace_aspeed_bootmcu_authorize(img->fw_id, result);
    if (result != CALIPTRA_IMAGE_AUTHORIZED) {
        seq_fail(s, SEQ_ERR_NOT_AUTHORIZED, result);
        return true;
    }
    s->step++;
    return true;
}

/* A runtime request of just its checksum word */
static void seq_send_header_only(AspeedBootmcuSeqState *s, uint32_t cmd)
{
    uint8_t req[4];

    bootmcu_mbox_checksum(cmd, req, sizeof(req));
    seq_mbox_write(s, cmd, req, sizeof(req));
}

/* Stage Cr: FIRMWARE_LOAD of the bundle, CMD_COMPLETE required */
static bool seq_step_firmware_load(AspeedBootmcuSeqState *s)
{
    int status = seq_mbox_status(s);

    if (status < 0) {
        return false;
    }
    if (status != MBOX_CMD_COMPLETE) {
        /* The ROM leaves EXECUTE set: the mailbox stays its own */
        seq_fail_rom(s, SEQ_ERR_FIRMWARE_LOAD, CB_ROM_ERR_FWLD_MBOX_EXEC,
                     status, seq_soc_rd(s, SOC_FW_ERROR_FATAL) ?:
                             seq_soc_rd(s, SOC_FW_ERROR_NON_FATAL));
        return true;
    }
    if (!bootmcu_mbox_unlock(&s->cptra)) {
        seq_fail_rom(s, SEQ_ERR_MBOX_LOCK, CB_ROM_ERR_FWLD_MBOX_UNLK, 0, 0);
        return true;
    }
    seq_set_state(s, SEQ_WAIT_RUNTIME);
    return true;
}

/* Stage Cf: FW_INFO, DATA_READY required; its SVNs are kept */
static bool seq_step_fw_info(AspeedBootmcuSeqState *s)
{
    uint8_t resp[FW_INFO_RESP_MAX] = { 0 };
    int status = seq_mbox_status(s);

    if (status < 0) {
        return false;
    }
    if (status != MBOX_DATA_READY) {
        seq_fail_rom(s, SEQ_ERR_FW_INFO, CB_FW_ERR_FWIF_MBOX_EXEC, status,
                     seq_soc_rd(s, SOC_FW_ERROR_NON_FATAL));
        return true;
    }
    bootmcu_mbox_read(&s->cptra, resp, sizeof(resp));
    s->fw_info_rt_svn = ldl_le_p(resp + CALIPTRA_FW_INFO_RT_SVN);
    s->fw_info_fmc_svn = ldl_le_p(resp + CALIPTRA_FW_INFO_FMC_SVN);
    if (!bootmcu_mbox_unlock(&s->cptra)) {
        seq_fail_rom(s, SEQ_ERR_MBOX_LOCK, CB_FW_ERR_FWIF_MBOX_UNLK, 0, 0);
        return true;
    }
    /*
     * The anti-rollback ratchet: what runs now becomes the minimum, a
     * thermometer (the ROM gives nothing for a runtime SVN over 128)
     */
    if (bootmcu_has_otp(s)) {
        bootmcu_otp_ratchet(s, AST27X0_OTP_CPTRA_FMC_SVN, 2,
                        MIN(s->fw_info_fmc_svn, 32));
        if (s->fw_info_rt_svn <= 128) {
            bootmcu_otp_ratchet(s, AST27X0_OTP_CPTRA_RT_SVN, 8,
                            s->fw_info_rt_svn);
        }
    }
    seq_set_state(s, SEQ_FMC_VERIFY);
    return true;
}

/* The ROM's part is done; the bootmcu firmware carries on */
static void seq_firmware(AspeedBootmcuSeqState *s)
{
    if (!s->manifest) {
        seq_release(s);
        return;
    }
    seq_set_state(s, SEQ_SET_AUTH_MANIFEST);
    seq_send_manifest(s);
}

/*
 * Stage Sb's hashes go through Caliptra's SHA accelerator, as the SoC's
 * (SHA-384 stream mode, the message's first byte in DATAIN[31:24]); the
 * accelerator is released by writing 1 to LOCK. False while it is busy.
 */
static bool seq_sha384(AspeedBootmcuSeqState *s, const uint8_t *data,
                       size_t len, uint8_t digest[48])
{
    bool valid;

    if (seq_rd(s, SHA_LOCK) & 1) {
        return false;
    }
    seq_wr(s, SHA_MODE, SHA_MODE_SHA384_STREAM);
    seq_wr(s, SHA_DLEN, len);
    bootmcu_cptra_write_fifo(&s->cptra, SHA_DATAIN, data, len, true);
    seq_wr(s, SHA_EXECUTE, 1);
    valid = seq_rd(s, SHA_STATUS) & SHA_STATUS_VALID;
    for (int i = 0; i < 12; i++) {
        stl_be_p(digest + 4 * i, valid ? seq_rd(s, SHA_DIGEST + 4 * i) : 0);
    }
    seq_wr(s, SHA_LOCK, 1);
    return true;
}

/*
 * fmc_verify's "low secure" rule: a key with id 0 is only taken when the
 * HWSTRAP1 LOW_SECURE strap is set and OTP configuration words 2 and 3
 * are both 0. The ROM means to test CONF2's "disable low security key"
 * bit, but it writes "readl(SCU1_OTPCFG_03_02) && OTPCFG2_DIS_LOW_SECURE_KEY",
 * which is true for any non-zero pair of words; silicon runs that ROM, so
 * the model does as it does. SCU1's copy of the words is the OTP's own
 * (their copy into SCU1 is not modelled).
 */
static bool seq_low_secure(AspeedBootmcuSeqState *s)
{
    if (aspeed_ast27x0_otp_readl(s->otp, AST27X0_OTP_CONF2)) {
        return false;
    }
    return bootmcu_scu_rd(s, SCU1_HWSTRAP1) & HWSTRAP1_LOW_SECURE;
}

/*
 * The OTP's SoC key of @type with @id, not retired in the RBP bitmap
 * @retire_word: @len bytes in OTP order (ECDSA: x then y, big-endian;
 * LMS: the RFC 8554 public key)
 */
static bool seq_otp_soc_key(AspeedBootmcuSeqState *s, unsigned type,
                            uint32_t id, uint32_t retire_word,
                            uint8_t *key, size_t len)
{
    int at;

    if (id > 15 || (id == 0 && !seq_low_secure(s))) {
        return false;
    }
    at = bootmcu_otp_key(s, type, id,
                         aspeed_ast27x0_otp_readw(s->otp, retire_word));
    if (at < 0) {
        return false;
    }
    for (size_t j = 0; j < len / 2; j++) {
        stw_le_p(key + 2 * j, aspeed_ast27x0_otp_readw(s->otp, at + j));
    }
    return true;
}

/* Stage Sb's signature checks, in the ROM's order */
enum {
    FMC_SIG_ECC,
    FMC_SIG_LMS,                /* only when OTP CONF2 enables it */
};

/* fmc_verify fails: GPIOQ1 goes high and the ROM panics (cores held) */
static void seq_fmc_fail(AspeedBootmcuSeqState *s, uint8_t rom_errno,
                         uint8_t syndrome)
{
    qemu_set_irq(s->secure_boot_fail, 1);
    seq_fail_rom(s, SEQ_ERR_FMC_VERIFY, rom_errno,
                 ASTH_SYN_SEC_BOOT | syndrome, 0);
}

/* The syndrome bits of the signature checks run so far */
static uint8_t seq_fmc_syndrome(AspeedBootmcuSeqState *s)
{
    return ASTH_SYN_ECC | (s->fmc_sig == FMC_SIG_LMS ? ASTH_SYN_LMS : 0);
}

static bool seq_fmc_lms_enabled(AspeedBootmcuSeqState *s)
{
    return aspeed_ast27x0_otp_readw(s->otp, AST27X0_OTP_CONF2) &
           AST27X0_OTP_CONF2_EN_LMS;
}

/*
 * ECDSA384_SIGNATURE_VERIFY's request: the OTP key the header names, then
 * the header's r and s. False: no such key.
 */
static bool seq_fmc_ecc_req(AspeedBootmcuSeqState *s, uint8_t *req,
                            size_t *len)
{
    const uint8_t *h = s->fmc_image;

    *len = CALIPTRA_ECDSA_REQ_SIZE;
    if (!seq_otp_soc_key(s, AST27X0_OTP_KEY_SOC_ECDSA384,
                         ldl_le_p(h + ASTH_ECC_KEY_ID_OFF),
                         AST27X0_OTP_SOC_ECC_RETIRE,
                         req + CALIPTRA_ECDSA_REQ_KEY, 96)) {
        return false;
    }
    memcpy(req + CALIPTRA_ECDSA_REQ_SIG, h + ASTH_ECC_SIG_OFF, 96);
    return true;
}

/*
 * LMS_SIGNATURE_VERIFY's request: the type words of the OTP's LMS @key as
 * little-endian numbers, its I and T[1], then the header's signature as
 * it is. False: not the one parameter set the ROM takes.
 */
static bool seq_fmc_lms_req(AspeedBootmcuSeqState *s, const uint8_t *key,
                            uint8_t *req, size_t *len)
{
    const uint8_t *sig = s->fmc_image + ASTH_LMS_SIG_OFF;

    *len = CALIPTRA_LMS_REQ_SIZE;
    if (ldl_be_p(key + CALIPTRA_LMS_KEY_TYPE) != CALIPTRA_LMS_SHA256_M24_H15 ||
        ldl_be_p(key + CALIPTRA_LMS_KEY_OTS_TYPE) !=
            CALIPTRA_LMOTS_SHA256_N24_W4 ||
        ldl_le_p(sig + CALIPTRA_LMS_SIG_TYPE) != CALIPTRA_LMS_SHA256_M24_H15) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: the bootmcu FMC's LMS key or "
                      "signature is not LMS_SHA256_M24_H15/"
                      "LMOTS_SHA256_N24_W4\n", __func__);
        return false;
    }
    memcpy(req + CALIPTRA_LMS_REQ_KEY, key, CALIPTRA_LMS_PUBKEY_SIZE);
    stl_le_p(req + CALIPTRA_LMS_REQ_KEY + CALIPTRA_LMS_KEY_TYPE,
             CALIPTRA_LMS_SHA256_M24_H15);
    stl_le_p(req + CALIPTRA_LMS_REQ_KEY + CALIPTRA_LMS_KEY_OTS_TYPE,
             CALIPTRA_LMOTS_SHA256_N24_W4);
    memcpy(req + CALIPTRA_LMS_REQ_SIG, sig, CALIPTRA_LMS_SIG_SIZE);
    return true;
}

/*
 * Send the signature check of s->fmc_sig. As in the ROM: the OTP key
 * first (none, no check), then the body's SHA-384 left in the accelerator
 * (where the runtime takes the digest from), then, for LMS, the key's and
 * signature's types. False: try again later.
 */
static bool seq_fmc_send_sig(AspeedBootmcuSeqState *s)
{
    bool lms = s->fmc_sig == FMC_SIG_LMS;
    uint32_t cmd = lms ? CALIPTRA_CMD_LMS_VERIFY : CALIPTRA_CMD_ECDSA384_VERIFY;
    uint8_t req[CALIPTRA_LMS_REQ_SIZE] = { 0 };
    uint8_t key[CALIPTRA_LMS_PUBKEY_SIZE], digest[48];
    size_t len;
    bool found;

    found = lms ? seq_otp_soc_key(s, AST27X0_OTP_KEY_SOC_LMS,
                                  ldl_le_p(s->fmc_image + ASTH_LMS_KEY_ID_OFF),
                                  AST27X0_OTP_SOC_LMS_RETIRE, key, sizeof(key))
                : seq_fmc_ecc_req(s, req, &len);
    if (!found) {
        seq_fmc_fail(s, ASTH_ERR_SIG, seq_fmc_syndrome(s));
        return true;
    }
    if (!seq_sha384(s, s->fmc_image + ASTH_BODY_OFF, ASTH_BODY_SIZE,
                    digest)) {
        return false;
    }
    if (lms && !seq_fmc_lms_req(s, key, req, &len)) {
        seq_fmc_fail(s, ASTH_ERR_SIG, seq_fmc_syndrome(s));
        return true;
    }
    bootmcu_mbox_checksum(cmd, req, len);
    /* The ROM spins on the lock with no timeout */
    if (!bootmcu_mbox_lock(&s->cptra)) {
        return false;
    }
    seq_mbox_write(s, cmd, req, len);
    return true;
}

/*
 * Stage Sb, fmc_verify: the bootmcu FMC's ASTH header. SHA-384 of its body
 * through the SHA accelerator, ECDSA384_SIGNATURE_VERIFY with the OTP key
 * the header names, then, when OTP CONF2 enables it, LMS_SIGNATURE_VERIFY
 * with the OTP's LMS key; the ROM releases the mailbox before it reads
 * each answer, so it passes on DATA_READY, DLEN 8 and two DATAOUT words
 * that add up to 0 (they read 0 without the lock). Then the SVN against
 * RBP's SoC FMC SVN, and the payload's digest. Without an OTP (no SoC
 * keys) or an FMC image the stage is not run.
 */
static bool seq_step_fmc_verify(AspeedBootmcuSeqState *s)
{
    const uint8_t *h = s->fmc_image;
    uint8_t digest[48];
    uint32_t status, dlen, sum, size, svn;
    uint64_t svn_map;

    if (!bootmcu_has_otp(s) || !h) {
        seq_firmware(s);
        return true;
    }
    if (!s->mbox_sent) {
        if (s->fmc_image_len < ASTH_HEADER_SIZE ||
            ldl_le_p(h + ASTH_MAGIC_OFF) != ASTH_MAGIC) {
            seq_fmc_fail(s, ASTH_ERR_HDR, ASTH_SYN_HDR_MAGIC);
            return true;
        }
        return seq_fmc_send_sig(s);
    }
    status = seq_rd(s, MBOX_STATUS) & MBOX_STATUS_MASK;
    if (status == MBOX_CMD_BUSY) {
        return false;
    }
    s->mbox_sent = false;
    seq_wr(s, MBOX_EXECUTE, 0);
    dlen = seq_rd(s, MBOX_DLEN);
    sum = seq_rd(s, MBOX_DATAOUT) + seq_rd(s, MBOX_DATAOUT);
    if (status != MBOX_DATA_READY || dlen != 8 || sum) {
        seq_fmc_fail(s, ASTH_ERR_SIG, seq_fmc_syndrome(s));
        return true;
    }
    if (s->fmc_sig == FMC_SIG_ECC && seq_fmc_lms_enabled(s)) {
        s->fmc_sig = FMC_SIG_LMS;
        return true;
    }
    /* The SVN: at least the highest one RBP has seen */
    svn_map = aspeed_ast27x0_otp_readl(s->otp, AST27X0_OTP_SOC_FMC_SVN) |
              (uint64_t)aspeed_ast27x0_otp_readl(s->otp,
                                                 AST27X0_OTP_SOC_FMC_SVN + 2)
              << 32;
    svn = ldl_le_p(h + ASTH_SVN_OFF);
    if (svn < 64 - clz64(svn_map)) {
        seq_fmc_fail(s, ASTH_ERR_SVN,
                     seq_fmc_syndrome(s) | ASTH_SYN_ANTI_RBK);
        return true;
    }
    size = ldl_le_p(h + ASTH_SIZE_OFF);
    if (size > s->fmc_image_len - ASTH_HEADER_SIZE) {
        seq_fmc_fail(s, ASTH_ERR_DGST, seq_fmc_syndrome(s) | ASTH_SYN_DGST);
        return true;
    }
    if (!seq_sha384(s, h + ASTH_HEADER_SIZE, size, digest)) {
        /* The mailbox part is done: again from the top next tick */
        return false;
    }
    if (memcmp(digest, h + ASTH_DIGEST_OFF, 48)) {
        seq_fmc_fail(s, ASTH_ERR_DGST, seq_fmc_syndrome(s) | ASTH_SYN_DGST);
        return true;
    }
    trace_aspeed_bootmcu_fmc_verified(svn, size, s->fmc_sig == FMC_SIG_LMS);
    seq_firmware(s);
    return true;
}

/* Stage Cr's wait for READY_FOR_FW, taking the CSR when it comes */
static bool seq_step_wait_fw(AspeedBootmcuSeqState *s, uint32_t flow)
{
    if ((flow & FLOW_IDEVID_CSR_READY) && !s->csr_taken) {
        seq_take_csr(s);
        return true;
    }
    if (!(flow & FLOW_READY_FOR_FW)) {
        return false;
    }
    if (!s->bundle || s->bundle_len > BOOTMCU_BUNDLE_MAX) {
        seq_fail_rom(s, SEQ_ERR_NO_BUNDLE, CB_ROM_ERR_FWLD_INVAL, 0, 0);
        return true;
    }
    /* FIRMWARE_LOAD is served by the ROM: the bundle as is */
    if (!bootmcu_mbox_acquire(&s->cptra)) {
        return false;
    }
    seq_mbox_write(s, CALIPTRA_CMD_FIRMWARE_LOAD, s->bundle, s->bundle_len);
    seq_set_state(s, SEQ_FIRMWARE_LOAD);
    return true;
}

/* Caliptra stopped while the ROM waits for it: the ROM would time out */
static bool seq_waiting(uint32_t state)
{
    return state == SEQ_WAIT_FUSES || state == SEQ_FUSES_DONE ||
           state == SEQ_WAIT_FW || state == SEQ_WAIT_RUNTIME;
}

/* One look at Caliptra; returns whether anything moved */
static bool seq_step(AspeedBootmcuSeqState *s)
{
    uint32_t flow, fatal, fsm;
    bool ok;

    if (s->state == SEQ_POWER_ON) {
        seq_power_on(s);
        return true;
    }
    if (s->state == SEQ_SETUP) {
        seq_setup(s);
        return true;
    }
    fatal = seq_soc_rd(s, SOC_FW_ERROR_FATAL) ?:
            seq_soc_rd(s, SOC_HW_ERROR_FATAL);
    if (fatal && seq_waiting(s->state)) {
        seq_fail(s, SEQ_ERR_CALIPTRA_FATAL, fatal);
        return true;
    }
    if (bootmcu_serve_trng(&s->cptra)) {
        return true;
    }

    flow = seq_soc_rd(s, SOC_FLOW_STATUS);
    switch (s->state) {
    case SEQ_WAIT_FUSES:
        if (!(flow & FLOW_READY_FOR_FUSES)) {
            return false;
        }
        seq_write_fuses(s);
        seq_set_state(s, SEQ_FUSES_DONE);
        return true;

    case SEQ_FUSES_DONE:
        if (flow & FLOW_READY_FOR_FUSES) {
            return false;
        }
        /* Checked once: the boot FSM must have gone on by itself */
        fsm = (flow >> FLOW_BOOT_FSM_SHIFT) & FLOW_BOOT_FSM_MASK;
        if (fsm != BOOT_FSM_DONE) {
            seq_fail_rom(s, SEQ_ERR_NO_BOOT_DONE, CB_FSM_ERR_NO_BOOT_DONE,
                         fsm, 0);
            return true;
        }
        seq_set_state(s, SEQ_WAIT_FW);
        return true;

    case SEQ_WAIT_FW:
        return seq_step_wait_fw(s, flow);

    case SEQ_FIRMWARE_LOAD:
        return seq_step_firmware_load(s);

    case SEQ_WAIT_RUNTIME:
        if (!(flow & FLOW_READY_FOR_RT) || !bootmcu_mbox_acquire(&s->cptra)) {
            return false;
        }
        seq_send_header_only(s, CALIPTRA_CMD_FW_INFO);
        seq_set_state(s, SEQ_FW_INFO);
        return true;

    case SEQ_FW_INFO:
        return seq_step_fw_info(s);

    case SEQ_FMC_VERIFY:
        return seq_step_fmc_verify(s);

    case SEQ_SET_AUTH_MANIFEST:
        if (!s->mbox_sent) {
            return seq_send_manifest(s);
        }
        if (!seq_mbox_poll(s, NULL, 0, &ok)) {
            return false;
        }
        if (!ok) {
            seq_fail(s, SEQ_ERR_AUTH_MANIFEST,
                     seq_soc_rd(s, SOC_FW_ERROR_NON_FATAL));
            return true;
        }
        s->step = 0;
        seq_set_state(s, SEQ_AUTHORIZE);
        return true;

    case SEQ_AUTHORIZE:
        return seq_step_authorize(s);

    default:
        return false;
    }
}

/* The ROM's code when a wait of @state runs out */
static uint8_t seq_timeout_errno(AspeedBootmcuSeqState *s, uint32_t flow)
{
    /* Ready, but the mailbox lock never came */
    if (s->state == SEQ_WAIT_FW && (flow & FLOW_READY_FOR_FW)) {
        return CB_ROM_ERR_FWLD_MBOX_LOCK;
    }
    if (s->state == SEQ_WAIT_RUNTIME && (flow & FLOW_READY_FOR_RT)) {
        return CB_FW_ERR_FWIF_MBOX_LOCK;
    }
    return seq_states[s->state].timeout_errno;
}

static void seq_tick(void *opaque)
{
    AspeedBootmcuSeqState *s = opaque;
    int64_t now;

    bootmcu_load_inputs(s);

    if (seq_step(s)) {
        s->interval_ns = SEQ_POLL_MIN_NS;
    } else {
        s->interval_ns = MIN(s->interval_ns * 2, SEQ_POLL_MAX_NS);
    }
    if (s->state == SEQ_RELEASED || s->state == SEQ_FAILED) {
        return;
    }
    now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    if (now >= s->deadline_ns) {
        uint32_t flow = seq_soc_rd(s, SOC_FLOW_STATUS);

        seq_fail_rom(s, SEQ_ERR_TIMEOUT, seq_timeout_errno(s, flow), 0, flow);
        return;
    }
    timer_mod(&s->timer, now + s->interval_ns);
}

/*
 * One of Caliptra's output pins changed (ready for fuses, firmware or
 * runtime, the mailbox's answer, a TRNG request, an error): what the
 * sequence waits for may be there, so it looks at once instead of at its
 * next poll. The ROM polls registers; which of these pins reach the
 * bootmcu on silicon is not public, and nothing guest-visible depends on
 * how soon it looks. Only a running sequence that has powered Caliptra
 * on is woken: what Caliptra's pins do while the SoC resets is not news.
 */
static void seq_wake(void *opaque, int n, int level)
{
    AspeedBootmcuSeqState *s = opaque;

    if (timer_pending(&s->timer) && s->state != SEQ_POWER_ON) {
        s->interval_ns = SEQ_POLL_MIN_NS;
        timer_mod_anticipate(&s->timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    }
}

static void seq_realize(DeviceState *dev, Error **errp)
{
    AspeedBootmcuSeqState *s = ASPEED_BOOTMCU_SEQ(dev);

    if (!s->memory) {
        error_setg(errp, "the 'memory' link is not set");
        return;
    }
    address_space_init(&s->as, s->memory, "bootmcu");
    s->cptra = bootmcu_cptra_window(&s->as, s->caliptra_base);
    s->scu1 = (AspeedBootmcuWindow) {
        .as = &s->as,
        .base = s->scu_base,
        .secret = SCU1_CPTRA_OBF_KEY0,      /* the obfuscation key */
        .secret_len = 32,
    };
    s->scu0 = (AspeedBootmcuWindow) { .as = &s->as, .base = s->cpu_scu_base };
    timer_init_ns(&s->timer, QEMU_CLOCK_VIRTUAL, seq_tick, s);

    if (s->bundle_path) {
        s->bundle = bootmcu_load_file("caliptra-bundle", s->bundle_path,
                                  &s->bundle_len, errp);
        if (!s->bundle) {
            return;
        }
    }
    if (s->fuses_path && !bootmcu_load_fuses(s, errp)) {
        return;
    }
    if (s->images && !s->manifest_path) {
        error_setg(errp, "caliptra-images needs caliptra-auth-manifest");
        return;
    }
    if (s->manifest_path) {
        s->manifest = bootmcu_load_file("caliptra-auth-manifest",
                                    s->manifest_path, &s->manifest_len, errp);
        if (!s->manifest) {
            return;
        }
    }
    if (s->images && !bootmcu_load_images(s, errp)) {
        return;
    }
}

static void seq_unrealize(DeviceState *dev)
{
    AspeedBootmcuSeqState *s = ASPEED_BOOTMCU_SEQ(dev);

    timer_del(&s->timer);
    address_space_destroy(&s->as);
    g_free(s->bundle);
    g_free(s->manifest);
    g_free(s->fuses);
    bootmcu_free_images(s);
    g_free(s->fmc_image);
}

static void seq_reset_hold(Object *obj, ResetType type)
{
    AspeedBootmcuSeqState *s = ASPEED_BOOTMCU_SEQ(obj);

    qemu_irq_lower(s->secure_boot_fail);
    qemu_irq_lower(s->firmware);
    bootmcu_drop_flash_inputs(s);
    s->state = SEQ_POWER_ON;
    s->step = 0;
    s->bypassed = false;
    s->csr_taken = false;
    s->rom_errno = 0;
    s->rom_syndrome = 0;
    s->failed_state = SEQ_POWER_ON;
    s->fw_info_rt_svn = 0;
    s->fw_info_fmc_svn = 0;
    s->mbox_sent = false;
    s->fmc_sig = FMC_SIG_ECC;
    s->failure = SEQ_OK;
    s->error_code = 0;
    s->released = 0;
    s->interval_ns = SEQ_POLL_MIN_NS;
}

static void seq_reset_exit(Object *obj, ResetType type)
{
    AspeedBootmcuSeqState *s = ASPEED_BOOTMCU_SEQ(obj);

    /* The bootmcu starts over with the SoC */
    seq_set_state(s, SEQ_POWER_ON);
    timer_mod(&s->timer,
              qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + s->interval_ns);
}

/* Status for the user, e.g. qom-get /machine/bootmcu state */

static char *seq_get_state(Object *obj, Error **errp)
{
    return g_strdup(seq_states[ASPEED_BOOTMCU_SEQ(obj)->state].name);
}

static bool seq_get_bypassed(Object *obj, Error **errp)
{
    return ASPEED_BOOTMCU_SEQ(obj)->bypassed;
}

/* The BootMCU ROM stage the sequence stopped in, e.g. "Cb" */
static char *seq_get_rom_stage(Object *obj, Error **errp)
{
    AspeedBootmcuSeqState *s = ASPEED_BOOTMCU_SEQ(obj);

    return g_strdup(s->state == SEQ_FAILED ?
                    seq_states[s->failed_state].stage : "");
}

/* What the ROM's console prints for it: errno << 8 | syndrome */
static void seq_get_rom_result(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    AspeedBootmcuSeqState *s = ASPEED_BOOTMCU_SEQ(obj);
    uint32_t val = s->rom_errno << 8 | s->rom_syndrome;

    visit_type_uint32(v, name, &val, errp);
}

static char *seq_get_error(Object *obj, Error **errp)
{
    return g_strdup(seq_error_names[ASPEED_BOOTMCU_SEQ(obj)->failure]);
}

static void seq_get_caliptra_reg(Object *obj, Visitor *v, const char *name,
                                 void *opaque, Error **errp)
{
    AspeedBootmcuSeqState *s = ASPEED_BOOTMCU_SEQ(obj);
    uint32_t val = seq_soc_rd(s, (uintptr_t)opaque);

    visit_type_uint32(v, name, &val, errp);
}

static void seq_init(Object *obj)
{
    AspeedBootmcuSeqState *s = ASPEED_BOOTMCU_SEQ(obj);

    qdev_init_gpio_out_named(DEVICE(obj), &s->secure_boot_fail,
                             ASPEED_BOOTMCU_SEQ_SECURE_BOOT_FAIL, 1);
    qdev_init_gpio_out_named(DEVICE(obj), &s->firmware,
                             ASPEED_BOOTMCU_SEQ_FIRMWARE, 1);
    qdev_init_gpio_in_named(DEVICE(obj), seq_wake, ASPEED_BOOTMCU_SEQ_WAKE,
                            ASPEED_BOOTMCU_SEQ_WAKE_NUM);
    object_property_add_str(obj, "state", seq_get_state, NULL);
    object_property_add_str(obj, "error", seq_get_error, NULL);
    object_property_add_uint32_ptr(obj, "error-code", &s->error_code,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_str(obj, "rom-stage", seq_get_rom_stage, NULL);
    object_property_add(obj, "rom-result", "uint32", seq_get_rom_result,
                        NULL, NULL, NULL);
    /* The cores released, a bitmap: bit 0 A35, 1 SSP, 2 TSP */
    object_property_add_uint32_ptr(obj, "released", &s->released,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_bool(obj, "caliptra-bypassed", seq_get_bypassed,
                             NULL);
    object_property_add(obj, "caliptra-flow-status", "uint32",
                        seq_get_caliptra_reg, NULL, NULL,
                        (void *)SOC_FLOW_STATUS);
    object_property_add(obj, "caliptra-boot-status", "uint32",
                        seq_get_caliptra_reg, NULL, NULL,
                        (void *)SOC_BOOT_STATUS);
}

static int seq_post_load(void *opaque, int version_id)
{
    AspeedBootmcuSeqState *s = opaque;

    /*
     * s->step is checked where it indexes the images, which the flash
     * may only give again after the load
     */
    if (s->state > SEQ_FAILED || s->failed_state > SEQ_FAILED ||
        s->failure >= ARRAY_SIZE(seq_error_names)) {
        return -EINVAL;
    }
    /* A zero poll period from a stream would make the sequencer spin */
    if (s->interval_ns < SEQ_POLL_MIN_NS || s->interval_ns > SEQ_POLL_MAX_NS) {
        return -EINVAL;
    }
    return 0;
}

static const VMStateDescription vmstate_seq = {
    .name = TYPE_ASPEED_BOOTMCU_SEQ,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = seq_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(state, AspeedBootmcuSeqState),
        VMSTATE_UINT32(step, AspeedBootmcuSeqState),
        VMSTATE_BOOL(mbox_sent, AspeedBootmcuSeqState),
        VMSTATE_UINT32(fmc_sig, AspeedBootmcuSeqState),
        VMSTATE_UINT32(failure, AspeedBootmcuSeqState),
        VMSTATE_UINT32(error_code, AspeedBootmcuSeqState),
        VMSTATE_UINT32(failed_state, AspeedBootmcuSeqState),
        VMSTATE_UINT8(rom_errno, AspeedBootmcuSeqState),
        VMSTATE_UINT8(rom_syndrome, AspeedBootmcuSeqState),
        VMSTATE_BOOL(csr_taken, AspeedBootmcuSeqState),
        VMSTATE_BOOL(bypassed, AspeedBootmcuSeqState),
        VMSTATE_UINT32(fw_info_rt_svn, AspeedBootmcuSeqState),
        VMSTATE_UINT32(fw_info_fmc_svn, AspeedBootmcuSeqState),
        VMSTATE_UINT32(interval_ns, AspeedBootmcuSeqState),
        VMSTATE_INT64(deadline_ns, AspeedBootmcuSeqState),
        VMSTATE_UINT32(released, AspeedBootmcuSeqState),
        VMSTATE_TIMER(timer, AspeedBootmcuSeqState),
        VMSTATE_END_OF_LIST()
    }
};

static const Property seq_properties[] = {
    DEFINE_PROP_LINK("memory", AspeedBootmcuSeqState, memory,
                     TYPE_MEMORY_REGION, MemoryRegion *),
    DEFINE_PROP_LINK("otp", AspeedBootmcuSeqState, otp,
                     TYPE_ASPEED_AST27X0_OTP, AspeedAst27x0OtpState *),
    DEFINE_PROP_UINT64("caliptra-base", AspeedBootmcuSeqState, caliptra_base,
                       0),
    DEFINE_PROP_STRING("bundle", AspeedBootmcuSeqState, bundle_path),
    DEFINE_PROP_STRING("fuses", AspeedBootmcuSeqState, fuses_path),
    DEFINE_PROP_STRING("auth-manifest", AspeedBootmcuSeqState,
                       manifest_path),
    DEFINE_PROP_STRING("images", AspeedBootmcuSeqState, images),
    /* ASPEED's SoC manifests number the SSP and TSP images 13 and 14 */
    DEFINE_PROP_UINT32("ssp-fw-id", AspeedBootmcuSeqState, ssp_fw_id, 13),
    DEFINE_PROP_UINT32("tsp-fw-id", AspeedBootmcuSeqState, tsp_fw_id, 14),
    DEFINE_PROP_UINT32("timeout-ms", AspeedBootmcuSeqState, timeout_ms,
                       10000),
    DEFINE_PROP_UINT64("csr-address", AspeedBootmcuSeqState, csr_addr, 0),
    DEFINE_PROP_UINT64("scu-base", AspeedBootmcuSeqState, scu_base, 0),
    DEFINE_PROP_UINT64("cpu-scu-base", AspeedBootmcuSeqState, cpu_scu_base,
                       0),
    /* The boot SPI flash, memory-mapped; 0: none */
    DEFINE_PROP_UINT64("flash-base", AspeedBootmcuSeqState, flash_base, 0),
};

static void seq_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "ASPEED AST2700 bootmcu sequencer (Caliptra boot)";
    dc->realize = seq_realize;
    dc->unrealize = seq_unrealize;
    dc->vmsd = &vmstate_seq;
    dc->user_creatable = false;
    device_class_set_props(dc, seq_properties);
    rc->phases.hold = seq_reset_hold;
    rc->phases.exit = seq_reset_exit;
}

static const TypeInfo seq_types[] = {
    {
        .name = TYPE_ASPEED_BOOTMCU_SEQ,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(AspeedBootmcuSeqState),
        .instance_init = seq_init,
        .class_init = seq_class_init,
    },
};

DEFINE_TYPES(seq_types)
