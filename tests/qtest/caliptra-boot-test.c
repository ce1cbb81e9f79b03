/*
 * QTest of ast2700fc's secure boot through Caliptra: the bootmcu
 * sequencer, from the machine properties to the release of the cores
 *
 * The firmware bundle, fuse file, SoC auth manifest and images are made
 * here with the bundle tool's builder (libgcrypt, caliptra-sw's fake
 * keys); the error codes expected are caliptra-sw's (error/src/lib.rs)
 * and the authorization results its runtime's (runtime/README.md).
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/units.h"
#include "qemu/bitops.h"
#include "qemu/cutils.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"
#include <gcrypt.h>
#include "caliptra-utils.h"
#include "caliptra-boot-utils.h"
#include "caliptra-vectors.h"
#include "../../contrib/caliptra-bundle/caliptra-bundle.h"

#define ERR_VENDOR_PUB_KEY_DIGEST_MISMATCH  0x000b0005
#define ERR_VENDOR_ECC_SIGNATURE_INVALID    0x000b000c
#define ERR_INCORRECT_PAUSER_PRIVILEGE_LEVEL 0x000e0016
#define ERR_AUTH_MANIFEST_VENDOR_ECC_SIGNATURE_INVALID 0x000e0047

/* The manifest's vendor ECC signature (s half), for damaging it */
#define MANIFEST_VENDOR_ECC_SIG_S           (0x790 + 48)

/*
 * SCU0, through which ASPEED's bootmcu firmware releases the cores, and
 * where that firmware loads each image (as the A35 sees DRAM)
 */
#define SCU0(off)               (0x12C02000 + (off))
#define SCU0_CA35_REL           0x10C
#define SCU0_CA35_RVBAR(n)      (0x110 + 4 * (n))
#define SCU0_SSP_CTRL0          0x120
#define SCU0_SSP_CTRL2          0x128
#define SCU0_TSP_CTRL0          0x160
#define SCU0_TSP_CTRL1          0x168
#define SCU0_SYS_RST_CTRL1      0x200
#define SCU0_SYS_RST_CLR1       0x204
#define  SYS_RST1_SSP           BIT(30)
#define SCU0_SMP_EP(n)          (0x780 + 8 * (n))
#define  CM4_RST_RB             BIT(8)
#define LOAD_ATF                0x430000000ULL
#define LOAD_UBOOT              0x400000000ULL
#define LOAD_SSP                0x42C000000ULL
#define LOAD_TSP                0x42E000000ULL
#define ATF_FW_ID               10
#define SSP_FW_ID               13
#define TSP_FW_ID               14

/* SCU1, the bootmcu's controls of Caliptra */
#define SCU1(off)               (0x14C02000 + (off))
#define SCU1_CPTRA_OBF_KEY(i)   (0x140 + 4 * (i))

/* The BMC image is in DRAM at @addr, byte for byte */
static void assert_image_at(QTestState *qts, uint64_t addr)
{
    uint8_t got[BOOT_BMC_SIZE];

    qtest_memread(qts, addr, got, sizeof(got));
    for (size_t i = 0; i < sizeof(got); i++) {
        g_assert_cmphex(got[i], ==, boot_bmc_byte(i));
    }
}

static void test_released(void)
{
    BootFiles f;
    QTestState *qts;
    CaliptraDev d;
    g_autofree char *state = NULL;

    boot_make_files(&f, DAMAGE_NONE);
    qts = boot_start(&f, true, BMC_FW_ID, NULL);
    d = caliptra_of(qts);
    state = step_until_not(qts, boot_running);
    g_assert_cmpstr(state, ==, "released");
    g_assert_cmphex(seq_uint(qts, "error-code"), ==, 0);
    /* The A35 only: the SSP and TSP images (13, 14) were not authorized */
    g_assert_cmphex(seq_uint(qts, "released"), ==, 1);
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_CA35_REL)), ==, 1);
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_SSP_CTRL0)) & CM4_RST_RB, !=,
                    0);
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_TSP_CTRL0)) & CM4_RST_RB, !=,
                    0);
    /* U-Boot (fw_id 12) loaded, its entry for TF-A; no TF-A: RVBAR 0 */
    assert_image_at(qts, LOAD_UBOOT);
    g_assert_cmphex(qtest_readq(qts, SCU0(SCU0_SMP_EP(0))), ==, LOAD_UBOOT);
    for (int i = 1; i < 4; i++) {
        g_assert_cmphex(qtest_readq(qts, SCU0(SCU0_SMP_EP(i))), ==, 0);
    }
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_CA35_RVBAR(0))), ==, 0);
    g_assert_cmphex(soc_rd(&d, FLOW_STATUS) & FLOW_READY_FOR_RT, !=, 0);
    g_assert_cmphex(soc_rd(&d, FW_ERROR_FATAL), ==, 0);
    g_assert_cmphex(soc_rd(&d, FW_ERROR_NON_FATAL), ==, 0);
    /* The bootmcu handed the mailbox back: the A35 can take it */
    g_assert_cmpuint(cptra_mbox_fsm(&d), ==, FSM_IDLE);
    g_assert_cmphex(mbox_rd(&d, MBOX_LOCK), ==, 0);
    qtest_quit(qts);
    boot_free_files(&f);
}

/*
 * Each image at the address of its role once authorized: TF-A's named by
 * every core's RVBAR (address >> 4), the SSP's and TSP's behind their
 * address 0 (CTRL2, CTRL1) and that core, and only that one, out of reset
 */
static const struct {
    const char *name;
    uint32_t fw_id;
    uint64_t load;
    uint32_t window;            /* the core's DRAM window register, or 0 */
    uint32_t released;          /* the sequencer's "released" bitmap */
} loaded_images[] = {
    { "load-atf", ATF_FW_ID, LOAD_ATF, 0, 1 },
    { "load-ssp", SSP_FW_ID, LOAD_SSP, SCU0_SSP_CTRL2, 3 },
    { "load-tsp", TSP_FW_ID, LOAD_TSP, SCU0_TSP_CTRL1, 5 },
};

static void test_images_loaded(const void *opaque)
{
    unsigned n = GPOINTER_TO_UINT(opaque);
    uint32_t fw_id = loaded_images[n].fw_id;
    uint32_t released = loaded_images[n].released;
    uint32_t rvbar = fw_id == ATF_FW_ID ? LOAD_ATF >> 4 : 0;
    BootFiles f;
    QTestState *qts;
    g_autofree char *state = NULL;
    uint32_t ssp, tsp;

    boot_make_files_as(&f, DAMAGE_NONE, fw_id);
    qts = boot_start(&f, true, fw_id, NULL);
    state = step_until_not(qts, boot_running);
    g_assert_cmpstr(state, ==, "released");
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_CA35_REL)), ==, 1);
    assert_image_at(qts, loaded_images[n].load);
    g_assert_cmphex(seq_uint(qts, "released"), ==, released);
    if (loaded_images[n].window) {
        g_assert_cmphex(qtest_readl(qts, SCU0(loaded_images[n].window)), ==,
                        loaded_images[n].load >> 4);
    }
    ssp = qtest_readl(qts, SCU0(SCU0_SSP_CTRL0));
    tsp = qtest_readl(qts, SCU0(SCU0_TSP_CTRL0));
    g_assert_cmpint(!(ssp & CM4_RST_RB), ==, !!(released & 2));
    g_assert_cmpint(!(tsp & CM4_RST_RB), ==, !!(released & 4));
    for (int i = 0; i < 4; i++) {
        g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_CA35_RVBAR(i))), ==,
                        rvbar);
    }
    /* No U-Boot image: DRAM's start untouched */
    g_assert_cmphex(qtest_readq(qts, LOAD_UBOOT), ==, 0);
    qtest_quit(qts);
    boot_free_files(&f);
}

/*
 * Whether @text holds a word of a secret the boot had (caliptra-sw's
 * default UDS seed, field entropy and obfuscation key): in hex, in any
 * case, and with @decimal also as a decimal of 9 digits or more (a
 * shorter one could be any number; a trace's timestamps are such numbers)
 */
static bool holds_secret(const char *text, bool decimal)
{
    static const struct {
        const uint32_t *words;
        int n;
    } secrets[] = {
        { caliptra_default_uds, 12 },
        { caliptra_default_fe, 8 },
        { caliptra_default_obf_key, 8 },
    };

    for (int i = 0; i < ARRAY_SIZE(secrets); i++) {
        for (int w = 0; w < secrets[i].n; w++) {
            g_autofree char *hex = g_strdup_printf("%08x",
                                                   secrets[i].words[w]);
            g_autofree char *dec = g_strdup_printf("%u", secrets[i].words[w]);

            if (strcasestr(text, hex) ||
                (decimal && strlen(dec) >= 9 && strstr(text, dec))) {
                return true;
            }
        }
    }
    return false;
}

/*
 * No secret in the traces: a boot with every bootmcu, SCU1 and Caliptra
 * trace event on shows the bootmcu writing the UDS seed and field entropy
 * fuses, but no word of their values (caliptra-sw's default secrets,
 * which the fuse file holds), nor of the obfuscation key written into
 * SCU1 (the default one, so that the boot is the same)
 */
static void test_secrets_not_traced(void)
{
    BootFiles f;
    QTestState *qts;
    g_autofree char *log = NULL, *extra = NULL, *text = NULL;
    g_autofree char *state = NULL, *uds0 = NULL;

    boot_make_files(&f, DAMAGE_NONE);
    log = g_build_filename(f.dir, "trace.log", NULL);
    extra = g_strdup_printf("-trace enable=aspeed_*bootmcu* "
                            "-trace enable=aspeed_ast2700_scuio_* "
                            "-trace enable=caliptra_* -D %s", log);
    qts = boot_start(&f, true, BMC_FW_ID, extra);
    for (int i = 0; i < 8; i++) {
        qtest_writel(qts, SCU1(SCU1_CPTRA_OBF_KEY(i)),
                     caliptra_default_obf_key[i]);
        g_assert_cmphex(qtest_readl(qts, SCU1(SCU1_CPTRA_OBF_KEY(i))), ==, 0);
    }
    state = step_until_not(qts, boot_running);
    g_assert_cmpstr(state, ==, "released");
    qtest_quit(qts);
    g_assert_true(g_file_get_contents(log, &text, NULL, NULL));
    unlink(log);
    /* The write is there, its value masked */
    uds0 = g_strdup_printf("wr 0x%08x 0x00000000",
                           AST2700_CALIPTRA_BASE + 0x10000 + 0x200);
    g_assert_nonnull(strstr(text, uds0));
    g_assert_false(holds_secret(text, false));
    /* SCU1's write trace is there too, for the key's first word */
    g_assert_nonnull(strstr(text, "To 0x140 of size 4: 0x0"));
    boot_free_files(&f);
}

/* Every readable property below @path, as JSON text into @out */
static void qom_dump(QTestState *qts, const char *path, GString *out,
                     unsigned *nprops)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'qom-list', 'arguments': "
                           "{ 'path': %s } }", path);
    QList *list = qdict_get_qlist(rsp, "return");
    QListEntry *e;

    QLIST_FOREACH_ENTRY(list, e) {
        QDict *prop = qobject_to(QDict, qlist_entry_obj(e));
        const char *name = qdict_get_str(prop, "name");
        const char *type = qdict_get_str(prop, "type");
        g_autofree char *sub = g_strdup_printf("%s/%s", path, name);
        QDict *val;

        if (g_str_has_prefix(type, "child<")) {
            qom_dump(qts, sub, out, nprops);
            continue;
        }
        if (g_str_has_prefix(type, "link<")) {
            continue;
        }
        val = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': "
                        "{ 'path': %s, 'property': %s } }", path, name);
        if (qdict_haskey(val, "return")) {
            GString *json = qobject_to_json(qdict_get(val, "return"));

            g_string_append_printf(out, "%s: %s\n", sub, json->str);
            g_string_free(json, true);
            (*nprops)++;
        }
        qobject_unref(val);
    }
    qobject_unref(rsp);
}

/*
 * No secret readable after the boot: not from any word of Caliptra's SoC
 * window as the A35 sees it, not from any property of the machine's QOM
 * tree, not from the guest-error log (caliptra-sw's default UDS seed,
 * field entropy and obfuscation key, which the boot used). Once the
 * bootmcu has locked the fuse PAUSER the fuse registers answer only it,
 * and the secret ones read 0 to whoever may read them
 * (/caliptra/fuses/secret).
 */
static void test_secrets_not_readable(void)
{
    BootFiles f;
    QTestState *qts;
    g_autofree char *log = NULL, *extra = NULL, *text = NULL;
    g_autofree char *state = NULL;
    g_autofree char *fe0 = g_strdup_printf("0x%08X", caliptra_default_fe[0]);
    GString *qom = g_string_new(NULL);
    unsigned nprops = 0;

    /* The detector itself finds a word, whichever case it is in */
    g_assert_true(holds_secret(fe0, true));
    boot_make_files(&f, DAMAGE_NONE);
    log = g_build_filename(f.dir, "guest.log", NULL);
    extra = g_strdup_printf("-d guest_errors,unimp -D %s", log);
    qts = boot_start(&f, true, BMC_FW_ID, extra);
    state = step_until_not(qts, boot_running);
    g_assert_cmpstr(state, ==, "released");
    for (uint32_t off = 0; off < AST2700_CALIPTRA_SIZE; off += 4) {
        uint32_t val = qtest_readl(qts, AST2700_CALIPTRA_BASE + off);
        g_autofree char *word = g_strdup_printf("%08x", val);

        if (val && holds_secret(word, true)) {
            g_error("Caliptra's window shows a secret word at +0x%x", off);
        }
    }
    qom_dump(qts, "/machine", qom, &nprops);
    /* The walk reached Caliptra's devices, the bootmcu and the SCUs */
    g_assert_cmpuint(nprops, >, 1000);
    g_assert_nonnull(strstr(qom->str, "/machine/caliptra/"));
    g_assert_nonnull(strstr(qom->str, "/machine/bootmcu/"));
    g_assert_false(holds_secret(qom->str, true));
    g_string_free(qom, true);
    qtest_quit(qts);
    g_assert_true(g_file_get_contents(log, &text, NULL, NULL));
    unlink(log);
    g_assert_false(holds_secret(text, true));
    boot_free_files(&f);
}

/*
 * The OTP controller as ASPEED's drivers drive it (U-Boot's and Linux's
 * ast2700 OTP drivers): the key, then ADDR, CMD and STATUS/RDATA of a
 * bank, on an OTP image the test wrote
 */
#define OTPC(off)               (0x14C07000 + (off))
#define OTPC_KEY                0x000
#define  OTPC_KEY_UNLOCK        0x349FE38A
#define OTPC_CMD(m)             (0x04 + 0x20 * (m))
#define OTPC_WDATA0(m)          (0x08 + 0x20 * (m))
#define OTPC_STATUS(m)          (0x18 + 0x20 * (m))
#define OTPC_ADDR(m)            (0x1C + 0x20 * (m))
#define OTPC_RDATA(m)           (0x20 + 0x20 * (m))
#define  OTPC_READ              0x23B1E361
#define  OTPC_COMPARE           0x23B1E363
#define  OTPC_PROGRAM           0x23B1E364
#define  OTPC_RESULT(st)        (((st) >> 4) & 0xf)
#define OTPC_DBG01              0x0C8
#define OTPC_ECC_EN             0x0D4
#define OTPC_PMC_CQ             0x0E4
#define OTPC_DAP_CFG_RQ         0x538

static uint32_t otpc_cmd(QTestState *qts, int m, uint32_t cmd, uint32_t addr)
{
    qtest_writel(qts, OTPC(OTPC_ADDR(m)), addr);
    qtest_writel(qts, OTPC(OTPC_CMD(m)), cmd);
    return qtest_readl(qts, OTPC(OTPC_STATUS(m)));
}

static void test_otpc(void)
{
    g_autofree char *dir = g_dir_make_tmp("caliptra-otpc-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "otp.bin", NULL);
    g_autofree uint8_t *otp = g_malloc0(0x4000);
    g_autofree char *back = NULL;
    QTestState *qts;
    size_t len;

    stw_le_p(otp + 2 * 0x400, 0x1234);          /* CONF0 */
    stw_le_p(otp + 2 * 0x440, 0x0001);          /* USER */
    stw_le_p(otp + 2 * 0x1fc0, 0xbeef);         /* HW-PUF */
    g_assert_true(g_file_set_contents(path, (char *)otp, 0x4000, NULL));
    qts = qtest_initf("-machine ast2700fc,secure-boot=off "
                      "-blockdev driver=file,filename=%s,node-name=otp "
                      "-global aspeed-ast2700-otp.drive=otp", path);
    /* Locked: the command does nothing */
    g_assert_cmphex(otpc_cmd(qts, 1, OTPC_READ, 0x400), ==, 0);
    g_assert_cmphex(qtest_readl(qts, OTPC(OTPC_RDATA(1))), ==, 0);
    qtest_writel(qts, OTPC(OTPC_KEY), OTPC_KEY_UNLOCK);
    /* Either bank reads a word: status 0, done and passed */
    for (int m = 0; m < 2; m++) {
        g_assert_cmphex(otpc_cmd(qts, m, OTPC_READ, 0x400), ==, 0);
        g_assert_cmphex(qtest_readl(qts, OTPC(OTPC_RDATA(m))), ==, 0x1234);
    }
    /* The PUF is no bus master's: master protection, no data */
    g_assert_cmphex(OTPC_RESULT(otpc_cmd(qts, 1, OTPC_READ, 0x1fc0)), ==, 4);
    g_assert_cmphex(qtest_readl(qts, OTPC(OTPC_RDATA(1))), ==, 0x1234);
    /* Past the OTP, and a command not modelled: failed */
    g_assert_cmphex(OTPC_RESULT(otpc_cmd(qts, 1, OTPC_READ, 0x2000)), ==, 1);
    g_assert_cmphex(OTPC_RESULT(otpc_cmd(qts, 1, OTPC_COMPARE, 0x400)), ==,
                    1);
    /* Programming sets bits, into the image */
    qtest_writel(qts, OTPC(OTPC_WDATA0(1)), 0x0100);
    g_assert_cmphex(otpc_cmd(qts, 1, OTPC_PROGRAM, 0x440), ==, 0);
    g_assert_cmphex(otpc_cmd(qts, 1, OTPC_READ, 0x440), ==, 0);
    g_assert_cmphex(qtest_readl(qts, OTPC(OTPC_RDATA(1))), ==, 0x0101);
    /* A bank's registers read back; STATUS and RDATA are not writable */
    g_assert_cmphex(qtest_readl(qts, OTPC(OTPC_CMD(1))), ==, OTPC_READ);
    g_assert_cmphex(qtest_readl(qts, OTPC(OTPC_ADDR(1))), ==, 0x440);
    g_assert_cmphex(qtest_readl(qts, OTPC(OTPC_WDATA0(1))), ==, 0x0100);
    qtest_writel(qts, OTPC(OTPC_STATUS(1)), 0xf0);
    qtest_writel(qts, OTPC(OTPC_RDATA(1)), 0);
    g_assert_cmphex(qtest_readl(qts, OTPC(OTPC_STATUS(1))), ==, 0);
    g_assert_cmphex(qtest_readl(qts, OTPC(OTPC_RDATA(1))), ==, 0x0101);
    /*
     * The controls ASPEED's drivers set keep what they wrote; the ECC
     * status reports no error; the key reads 0
     */
    qtest_writel(qts, OTPC(OTPC_ECC_EN), 1);
    qtest_writel(qts, OTPC(OTPC_PMC_CQ), 0x5);
    qtest_writel(qts, OTPC(OTPC_DAP_CFG_RQ), 0xa);
    g_assert_cmphex(qtest_readl(qts, OTPC(OTPC_ECC_EN)), ==, 1);
    g_assert_cmphex(qtest_readl(qts, OTPC(OTPC_PMC_CQ)), ==, 0x5);
    g_assert_cmphex(qtest_readl(qts, OTPC(OTPC_DAP_CFG_RQ)), ==, 0xa);
    g_assert_cmphex(qtest_readl(qts, OTPC(OTPC_DBG01)), ==, 0);
    g_assert_cmphex(qtest_readl(qts, OTPC(OTPC_KEY)), ==, 0);
    /* Locked again (Linux writes 1): ignored */
    qtest_writel(qts, OTPC(OTPC_KEY), 1);
    qtest_writel(qts, OTPC(OTPC_WDATA0(1)), 0x8000);
    otpc_cmd(qts, 1, OTPC_PROGRAM, 0x440);
    qtest_quit(qts);
    g_assert_true(g_file_get_contents(path, &back, &len, NULL));
    g_assert_cmpuint(len, ==, 0x4000);
    g_assert_cmphex(lduw_le_p(back + 2 * 0x440), ==, 0x0101);
    unlink(path);
    rmdir(dir);
}

/*
 * SCU0's coprocessor reset, as ASPEED describes its hardware: held in
 * reset from power-on (CTRL0 0x7FE: RST, RST_RB, RST_HOLD_RB,
 * RST_SRC_RB), the source cleared through SYS_RST_CLR, the hold (CTRL0.RST
 * set when the reset came) ended by the one-shot ENABLE; vbootrom's
 * sequence, register by register
 */
static void test_scu0_cm4_reset(void)
{
    QTestState *qts = qtest_init("-machine ast2700fc");

    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_SSP_CTRL0)), ==, 0x7FE);
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_TSP_CTRL0)), ==, 0x7FE);
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_CA35_REL)), ==, 0);
    qtest_writel(qts, SCU0(SCU0_SYS_RST_CTRL1), SYS_RST1_SSP);
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_SSP_CTRL0)), ==, 0x7FE);
    qtest_writel(qts, SCU0(SCU0_SYS_RST_CLR1), SYS_RST1_SSP);
    /* The source gone, the hold stays */
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_SSP_CTRL0)), ==, 0x3FE);
    qtest_writel(qts, SCU0(SCU0_SSP_CTRL0), 0x1E);
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_SSP_CTRL0)), ==, 0x31E);
    /* ENABLE lets it go and reads back 0 */
    qtest_writel(qts, SCU0(SCU0_SSP_CTRL0), 0x1F);
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_SSP_CTRL0)), ==, 0x1E);
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_SYS_RST_CTRL1)) & SYS_RST1_SSP,
                    ==, 0);
    /* A reset with CTRL0.RST set: held again, and after it */
    qtest_writel(qts, SCU0(SCU0_SYS_RST_CTRL1), SYS_RST1_SSP);
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_SSP_CTRL0)), ==, 0x71E);
    qtest_writel(qts, SCU0(SCU0_SYS_RST_CLR1), SYS_RST1_SSP);
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_SSP_CTRL0)), ==, 0x31E);
    /* Clearing RST ends the hold too */
    qtest_writel(qts, SCU0(SCU0_SSP_CTRL0), 0x1C);
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_SSP_CTRL0)), ==, 0x1C);
    /* The TSP untouched throughout; the release is one-way */
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_TSP_CTRL0)), ==, 0x7FE);
    qtest_writel(qts, SCU0(SCU0_CA35_REL), 1);
    qtest_writel(qts, SCU0(SCU0_CA35_REL), 0);
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_CA35_REL)), ==, 1);
    qtest_quit(qts);
}

/* The word at @addr as coprocessor @cpu sees it (4 the SSP, 5 the TSP) */
static uint32_t cm4_word(QTestState *qts, int cpu, uint32_t addr)
{
    g_autofree char *cmd = g_strdup_printf("x /1xw 0x%x", addr);
    QDict *resp = qtest_qmp(qts, "{ 'execute': 'human-monitor-command',"
                            "  'arguments': { 'command-line': %s,"
                            "                 'cpu-index': %d } }",
                            cmd, cpu);
    const char *word = strstr(qdict_get_str(resp, "return"), ": 0x");
    const char *end;
    unsigned int v;

    g_assert_nonnull(word);
    g_assert_cmpint(qemu_strtoui(word + 2, &end, 16, &v), ==, 0);
    qobject_unref(resp);
    return v;
}

/*
 * SCU0's SSP_CTRL_2 and TSP_CTRL_1 name the DRAM behind each coprocessor's
 * address 0 (an A35 address >> 4). Pointed into DRAM, the coprocessor
 * sees it there, and the images the bootmcu copies are what it runs;
 * at the reset value 0, or past DRAM, it sees its own memory again.
 */
static void test_scu0_cm4_window(void)
{
    QTestState *qts = qtest_init("-machine ast2700fc");
    uint32_t past_dram = (0x400000000ULL + 0x40000000) >> 4;

    qtest_writel(qts, LOAD_SSP + 0x40, 0x5350ee13);
    qtest_writel(qts, LOAD_TSP + 0x40, 0x5453ab1e);
    g_assert_cmphex(cm4_word(qts, 4, 0x40), ==, 0);
    g_assert_cmphex(cm4_word(qts, 5, 0x40), ==, 0);

    qtest_writel(qts, SCU0(SCU0_SSP_CTRL2), LOAD_SSP >> 4);
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_SSP_CTRL2)), ==, LOAD_SSP >> 4);
    g_assert_cmphex(cm4_word(qts, 4, 0x40), ==, 0x5350ee13);
    g_assert_cmphex(cm4_word(qts, 5, 0x40), ==, 0);
    qtest_writel(qts, SCU0(SCU0_TSP_CTRL1), LOAD_TSP >> 4);
    g_assert_cmphex(cm4_word(qts, 5, 0x40), ==, 0x5453ab1e);
    /* Moved: the SSP now sees the TSP's image */
    qtest_writel(qts, SCU0(SCU0_SSP_CTRL2), LOAD_TSP >> 4);
    g_assert_cmphex(cm4_word(qts, 4, 0x40), ==, 0x5453ab1e);

    /* Past the end of DRAM, and back at 0: its own memory again */
    qtest_writel(qts, SCU0(SCU0_SSP_CTRL2), past_dram);
    g_assert_cmphex(cm4_word(qts, 4, 0x40), ==, 0);
    qtest_writel(qts, SCU0(SCU0_TSP_CTRL1), 0);
    g_assert_cmphex(cm4_word(qts, 5, 0x40), ==, 0);

    /* A system reset closes the windows */
    qtest_writel(qts, SCU0(SCU0_SSP_CTRL2), LOAD_SSP >> 4);
    qtest_system_reset(qts);
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_SSP_CTRL2)), ==, 0);
    g_assert_cmphex(cm4_word(qts, 4, 0x40), ==, 0);
    qtest_quit(qts);
}

static char *seq_str(QTestState *qts, const char *prop)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': "
                           "{ 'path': %s, 'property': %s } }", BOOTMCU, prop);
    char *val = g_strdup(qdict_get_str(rsp, "return"));

    qobject_unref(rsp);
    return val;
}

/*
 * A failed sequence: cores held, the reason and Caliptra's code where
 * users look, and the BootMCU ROM's stage and result (errno << 8 |
 * syndrome, as its console prints them)
 */
static void assert_held(QTestState *qts, const char *error, uint32_t code,
                        const char *stage, uint32_t rom_result)
{
    g_autofree char *state = step_until_not(qts, boot_running);
    g_autofree char *why = seq_str(qts, "error");
    g_autofree char *rom_stage = seq_str(qts, "rom-stage");

    g_assert_cmpstr(state, ==, "failed");
    g_assert_cmphex(seq_uint(qts, "released"), ==, 0);
    /* Nothing loaded, nothing let go */
    g_assert_cmphex(qtest_readl(qts, SCU0(SCU0_CA35_REL)), ==, 0);
    g_assert_cmphex(qtest_readq(qts, LOAD_UBOOT), ==, 0);
    g_assert_cmphex(seq_uint(qts, "error-code"), ==, code);
    g_assert_nonnull(strstr(why, error));
    g_assert_cmpstr(rom_stage, ==, stage);
    g_assert_cmphex(seq_uint(qts, "rom-result"), ==, rom_result);
}

/* CB_ROM_ERR_FWLD_MBOX_EXEC with CMD_FAILURE, CB_ROM_ERR_FWLD_INVAL */
#define ROM_FWLD_FAILED         0x0703
#define ROM_FWLD_INVAL          0x0500

/*
 * The BootMCU ROM's stages as the bootmcu's APB accesses show them (its
 * trace event, in order): the PAUSER slots, each checked then set and
 * locked, the watchdog, FUSE_WR_DONE, never BOOTFSM_GO; then the mailbox
 * commands, FW_INFO with just its checksum word
 */
#define SOC(off)                (AST2700_CALIPTRA_BASE + 0x10000 + (off))
#define MBOX(off)               (AST2700_CALIPTRA_BASE + (off))

static const struct {
    uint64_t addr;
    uint32_t val;
} rom_soc_writes[] = {
    { SOC(MBOX_VALID_PAUSER(0)), 0x21212121 }, { SOC(MBOX_PAUSER_LOCK(0)), 1 },
    { SOC(FUSE_VALID_PAUSER), 0x21212121 }, { SOC(FUSE_PAUSER_LOCK), 1 },
    { SOC(TRNG_VALID_PAUSER), 0x21212121 }, { SOC(TRNG_PAUSER_LOCK), 1 },
    { SOC(0x110), 0xffffffff }, { SOC(0x114), 0xffffffff },  /* WDT_CFG */
    { SOC(FUSE_WR_DONE), 1 },
};

/* SCU1 first: power good off, reset on, security state, power, release */

static const struct {
    uint64_t addr;
    uint32_t val;
} rom_scu_writes[] = {
    { SCU1(0x130), 0x000 }, { SCU1(0x220), 0x200 },
    { SCU1(0x130), 0x700 }, { SCU1(0x130), 0x701 },     /* production */
    { SCU1(0x224), 0x200 },
};

static const uint32_t rom_commands[] = {
    0x46574c44,     /* FIRMWARE_LOAD */
    0x494e464f,     /* FW_INFO */
    0x41544d4e,     /* SET_AUTH_MANIFEST */
    0x41545348,     /* AUTHORIZE_AND_STASH, bootmcu image */
    0x41545348,     /* AUTHORIZE_AND_STASH, BMC image */
};

static void test_rom_sequence(void)
{
    BootFiles f;
    QTestState *qts;
    CaliptraDev d;
    g_autofree char *log = NULL, *extra = NULL, *text = NULL;
    g_autofree char *state = NULL;
    g_auto(GStrv) lines = NULL;
    unsigned nscu = 0, nsoc = 0, ncmd = 0, checked_pausers = 0;
    bool after_info = false;

    boot_make_files(&f, DAMAGE_NONE);
    log = g_build_filename(f.dir, "apb.log", NULL);
    extra = g_strdup_printf("-trace aspeed_ast27x0_bootmcu_apb -D %s", log);
    qts = boot_start(&f, true, BMC_FW_ID, extra);
    d = caliptra_of(qts);
    state = step_until_not(qts, boot_running);
    g_assert_cmpstr(state, ==, "released");
    /* Caliptra saw the bootmcu's user, and it was not the A35's */
    g_assert_cmphex(soc_rd(&d, MBOX_VALID_PAUSER(0)), ==, 0x21212121);
    g_assert_cmphex(soc_rd(&d, MBOX_PAUSER_LOCK(0)), ==, 1);
    g_assert_cmphex(soc_rd(&d, FUSE_VALID_PAUSER), ==, 0x21212121);
    g_assert_cmphex(soc_rd(&d, TRNG_VALID_PAUSER), ==, 0x21212121);
    g_assert_cmphex(mbox_rd(&d, MBOX_USER), ==, 0x21212121);
    g_assert_cmphex(soc_rd(&d, 0x110), ==, 0xffffffff);
    g_assert_cmphex(soc_rd(&d, 0x114), ==, 0xffffffff);
    qtest_quit(qts);

    g_assert_true(g_file_get_contents(log, &text, NULL, NULL));
    lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        const char *ev = strstr(lines[i], "aspeed_ast27x0_bootmcu_apb ");
        char dir[3];
        uint64_t addr;
        uint32_t val;

        if (!ev || sscanf(ev, "aspeed_ast27x0_bootmcu_apb %2s 0x%" SCNx64
                          " 0x%" SCNx32, dir, &addr, &val) != 3) {
            continue;
        }
        g_assert_cmphex(addr, !=, SOC(BOOTFSM_GO));
        if (addr >= SCU1(0) && addr < SCU1(0x1000)) {
            if (!strcmp(dir, "rd")) {
                continue;       /* the straps, the efuse, CPTRA_CTRL */
            }
            g_assert_cmpuint(nscu, <, ARRAY_SIZE(rom_scu_writes));
            g_assert_cmphex(addr, ==, rom_scu_writes[nscu].addr);
            g_assert_cmphex(val, ==, rom_scu_writes[nscu].val);
            /* all of it before Caliptra is touched */
            g_assert_cmpuint(nsoc, ==, 0);
            nscu++;
            continue;
        }
        if (!strcmp(dir, "rd")) {
            /* Each lock is read (and found free) before it is set */
            if (nsoc < 6 && nsoc % 2 == 0 &&
                addr == rom_soc_writes[nsoc + 1].addr) {
                g_assert_cmphex(val, ==, 0);
                checked_pausers++;
            }
            continue;
        }
        if (addr == MBOX(MBOX_CMD)) {
            g_assert_cmpuint(ncmd, <, ARRAY_SIZE(rom_commands));
            g_assert_cmphex(val, ==, rom_commands[ncmd]);
            after_info = val == 0x494e464f;
            ncmd++;
        } else if (after_info && addr == MBOX(MBOX_DLEN)) {
            g_assert_cmphex(val, ==, 4);
        } else if (after_info && addr == MBOX(MBOX_DATAIN)) {
            g_assert_cmphex(val, ==, 0xfffffed4);   /* 0 - sum("INFO") */
            after_info = false;
        }
        /* soc_ifc writes other than the fuse bank and the TRNG service */
        if (addr >= SOC(0) && addr < SOC(0x10000) &&
            !(addr >= SOC(0x078) && addr <= SOC(0x0ac)) &&
            !(addr >= SOC(0x200) && addr < SOC(0x350))) {
            g_assert_cmpuint(nsoc, <, ARRAY_SIZE(rom_soc_writes));
            g_assert_cmphex(addr, ==, rom_soc_writes[nsoc].addr);
            g_assert_cmphex(val, ==, rom_soc_writes[nsoc].val);
            nsoc++;
        }
    }
    g_assert_cmpuint(nscu, ==, ARRAY_SIZE(rom_scu_writes));
    g_assert_cmpuint(nsoc, ==, ARRAY_SIZE(rom_soc_writes));
    g_assert_cmpuint(ncmd, ==, ARRAY_SIZE(rom_commands));
    g_assert_cmpuint(checked_pausers, ==, 3);
    unlink(log);
    boot_free_files(&f);
}

/*
 * In the manufacturing states the ROM asks for the IDevID CSR and leaves
 * it in the top 2 KiB of its SRAM, where the A35 reads it: caliptra-sw's
 * golden CSR for the default UDS, field entropy and obfuscation key
 * (debug locked: MANUFACTURING, security state 0b101)
 */
static void test_manufacturing_csr(void)
{
    BootFiles f;
    QTestState *qts;
    CaliptraDev d;
    g_autofree char *state = NULL;
    uint8_t csr[sizeof(caliptra_golden_idevid_csr)];

    boot_make_files(&f, DAMAGE_NONE);
    qts = boot_start(&f, true, BMC_FW_ID,
                     "-machine caliptra-lifecycle=manufacturing");
    d = caliptra_of(qts);
    state = step_until_not(qts, boot_running);
    g_assert_cmpstr(state, ==, "released");
    qtest_memread(qts, 0x14bbf800, csr, sizeof(csr));
    g_assert_cmpmem(csr, sizeof(csr), caliptra_golden_idevid_csr,
                    sizeof(caliptra_golden_idevid_csr));
    g_assert_cmphex(soc_rd(&d, DBG_MANUF_SERVICE_REG) & 1, ==, 0);
    g_assert_cmphex(soc_rd(&d, FW_ERROR_NON_FATAL), ==, 0);
    qtest_quit(qts);
    boot_free_files(&f);
}

/* A PAUSER slot that someone locked first: Cb fails with -EACCES */
static const struct {
    const char *name;
    uint32_t lock;
    uint32_t rom_result;
} locked_slots[] = {
    { "mbox", MBOX_PAUSER_LOCK(0), 0x04f3 },
    { "fuse", FUSE_PAUSER_LOCK, 0x06f3 },
    { "trng", TRNG_PAUSER_LOCK, 0x05f3 },
};

static void test_pauser_locked(const void *opaque)
{
    int t = GPOINTER_TO_INT(opaque);
    BootFiles f;
    QTestState *qts;
    CaliptraDev d;

    static const char *const power_on[] = { "power-on", NULL };
    g_autofree char *state = NULL;

    boot_make_files(&f, DAMAGE_NONE);
    qts = boot_start(&f, true, BMC_FW_ID, NULL);
    d = caliptra_of(qts);
    /* Between Caliptra's power-on and the ROM's PAUSER writes */
    state = step_until_not(qts, power_on);
    g_assert_cmpstr(state, ==, "setup");
    soc_wr(&d, locked_slots[t].lock, 1);
    assert_held(qts, "PAUSER", 0, "Cb", locked_slots[t].rom_result);
    qtest_quit(qts);
    boot_free_files(&f);
}

/*
 * The inputs as on silicon: the Caliptra bundle, the SoC manifest and the
 * images in the boot flash's FLSH image (here at 64 KiB, where readers
 * search), the bootmcu image as FLSH id 3 (fw_id 1), the BMC's as 0x1000
 */
#define FLASH_SIZE              (128 * MiB)     /* ast2700fc's w25q01jvq */
#define FLASH_FLSH_OFFSET       0x10000

enum { FLASH_GOOD, FLASH_BAD_CRC, FLASH_BAD_BMC_IMAGE };

static char *make_flash(BootFiles *f, int damage)
{
    const char *paths[] = { f->bundle, f->manifest, f->bootmcu_img,
                            f->bmc_img };
    const uint32_t ids[] = { 1, 2, 3, 0x1000 };
    gchar *data[4];
    gsize len[4];
    CbFlashEntry e[4];
    g_autofree uint8_t *img = NULL;
    char *path = g_build_filename(f->dir, "flash.bin", NULL);
    size_t img_len;
    int fd;

    for (int i = 0; i < 4; i++) {
        g_assert_true(g_file_get_contents(paths[i], &data[i], &len[i], NULL));
        e[i] = (CbFlashEntry) { ids[i], (uint8_t *)data[i], len[i] };
    }
    if (damage == FLASH_BAD_BMC_IMAGE) {
        data[3][17] ^= 0x40;
    }
    img = cb_flash_image(e, 4, &img_len);
    g_assert_nonnull(img);
    if (damage == FLASH_BAD_CRC) {
        img[8] ^= 1;
    }
    fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(ftruncate(fd, FLASH_SIZE), ==, 0);
    g_assert_cmpint(pwrite(fd, img, img_len, FLASH_FLSH_OFFSET), ==, img_len);
    close(fd);
    for (int i = 0; i < 4; i++) {
        g_free(data[i]);
    }
    return path;
}

static void test_flash_inputs(const void *opaque)
{
    int damage = GPOINTER_TO_INT(opaque);
    BootFiles f;
    QTestState *qts;
    g_autofree char *flash = NULL, *state = NULL;

    boot_make_files(&f, DAMAGE_NONE);
    flash = make_flash(&f, damage);
    qts = qtest_initf("-machine ast2700fc,secure-boot=on,caliptra-fuses=%s "
                      "-drive file=%s,format=raw,if=mtd", f.fuses, flash);
    if (damage == FLASH_BAD_CRC) {
        /* No FLSH image found: no bundle to load */
        assert_held(qts, "no usable Caliptra bundle", 0, "Cr",
                    ROM_FWLD_INVAL);
    } else if (damage == FLASH_BAD_BMC_IMAGE) {
        /* The BMC image is the flash's: its digest is not the manifest's */
        assert_held(qts, "not authorized", IMAGE_HASH_MISMATCH, "fw", 0);
    } else {
        state = step_until_not(qts, boot_running);
        g_assert_cmpstr(state, ==, "released");
        g_assert_cmphex(seq_uint(qts, "error-code"), ==, 0);
        g_assert_cmphex(seq_uint(qts, "released"), ==, 1);
        /* A system reset reads the flash again, and boots the same way */
        qtest_qmp_assert_success(qts, "{ 'execute': 'system_reset' }");
        qtest_qmp_eventwait(qts, "RESET");
        g_assert_cmphex(seq_uint(qts, "released"), ==, 0);
        g_free(state);
        state = step_until_not(qts, boot_running);
        g_assert_cmpstr(state, ==, "released");
        g_assert_cmphex(seq_uint(qts, "error-code"), ==, 0);
        g_assert_cmphex(seq_uint(qts, "released"), ==, 1);
    }
    qtest_quit(qts);
    unlink(flash);
    boot_free_files(&f);
}

/*
 * DIS_CPTRA, from the hardware strap (SCU1 HWSTRAP1 bit 30) or the efuse
 * (SCU1 0x804 bit 6): every Caliptra stage passes ("0001") and touches
 * nothing; the cores go
 */
static const struct {
    const char *name;
    uint32_t reg, bit;
} dis_cptra[] = {
    { "strap", 0x14c02010, BIT(30) },
    { "efuse", 0x14c02804, BIT(6) },
};

static void test_caliptra_disabled(const void *opaque)
{
    int t = GPOINTER_TO_INT(opaque);
    BootFiles f;
    QTestState *qts;
    CaliptraDev d;
    g_autofree char *state = NULL;

    boot_make_files(&f, DAMAGE_NONE);
    qts = boot_start(&f, true, BMC_FW_ID, NULL);
    d = caliptra_of(qts);
    qtest_writel(qts, dis_cptra[t].reg,
                 qtest_readl(qts, dis_cptra[t].reg) | dis_cptra[t].bit);
    state = step_until_not(qts, boot_running);
    g_assert_cmpstr(state, ==, "released");
    g_assert_true(qtest_qom_get_bool(qts, BOOTMCU, "caliptra-bypassed"));
    g_assert_cmphex(seq_uint(qts, "rom-result"), ==, 0x0001);
    g_assert_cmphex(seq_uint(qts, "released"), ==, 1);
    g_assert_cmphex(soc_rd(&d, MBOX_PAUSER_LOCK(0)), ==, 0);
    g_assert_true(soc_rd(&d, FLOW_STATUS) & FLOW_READY_FOR_FUSES);
    qtest_quit(qts);
    boot_free_files(&f);
}

/*
 * Caliptra's boot FSM stops in BOOT_WAIT (breakpoint strap, debug
 * unlocked) and waits for BOOTFSM_GO, which the ROM never writes: Cb
 * fails with CB_FSM_ERR_NO_BOOT_DONE, the FSM state as its syndrome
 */
static void test_no_boot_done(void)
{
    BootFiles f;
    QTestState *qts;

    boot_make_files(&f, DAMAGE_NONE);
    qts = boot_start(&f, true, BMC_FW_ID,
                     "-machine caliptra-debug-locked=off "
                     "-global caliptra-soc-ifc.bootfsm-breakpoint=on");
    assert_held(qts, "BOOT_DONE", 0, "Cb", 0x0a03);
    qtest_quit(qts);
    boot_free_files(&f);
}

/*
 * Another SoC agent takes the mailbox lock first. The BootMCU ROM's lock
 * helper takes MBOX_STATUS.soc_has_lock as its own lock (any SoC agent's),
 * so it writes its command into a mailbox it does not hold; Caliptra never
 * sees it, and the ROM's wait for the result runs out with its mailbox
 * execute code (CB_ROM_ERR_FWLD_MBOX_EXEC for FIRMWARE_LOAD,
 * CB_FW_ERR_FWIF_MBOX_EXEC for FW_INFO) and the CPTRA_FLOW_STATUS it saw
 * last.
 */
static void test_mbox_held_timeout(void)
{
    static const struct {
        int wait;                       /* index in boot_running */
        const char *stage;
        uint32_t rom_result;
        uint32_t ready;
    } cases[] = {
        /* Out of reset: the boot passes wait-fw within one step */
        { 2 /* wait-fuses */, "Cr", 0x0700, FLOW_READY_FOR_FW },
        { 6 /* wait-runtime */, "Cf", 0x0500, FLOW_READY_FOR_RT },
    };
    BootFiles f;

    boot_make_files(&f, DAMAGE_NONE);
    for (int i = 0; i < ARRAY_SIZE(cases); i++) {
        QTestState *qts = boot_start(&f, true, BMC_FW_ID,
                                     "-global driver=aspeed.bootmcu-seq,"
                                     "property=timeout-ms,value=50");
        CaliptraDev d = caliptra_of(qts);
        const char *before[16] = { NULL };
        g_autofree char *state = NULL;

        /* Step through the states before @wait, then take the lock */
        memcpy(before, boot_running, cases[i].wait * sizeof(before[0]));
        state = step_until_not(qts, before);
        g_assert_cmpstr(state, ==, boot_running[cases[i].wait]);
        g_assert_cmphex(mbox_rd(&d, MBOX_LOCK), ==, 0);
        g_free(step_until_not(qts, boot_running));
        assert_held(qts, "did not answer in time", soc_rd(&d, FLOW_STATUS),
                    cases[i].stage, cases[i].rom_result);
        g_assert_cmphex(soc_rd(&d, FLOW_STATUS) & cases[i].ready, !=, 0);
        g_assert_cmphex(mbox_rd(&d, MBOX_LOCK), ==, 1);
        qtest_quit(qts);
    }
    boot_free_files(&f);
}

/*
 * Caliptra reports a fatal error while the ROM waits for it (here the
 * SoC sets CPTRA_FW_ERROR_FATAL as the ROM waits for READY_FOR_FUSES): the
 * ROM stops with the wait's code (CB_FSM_ERR_FUSE_REQ) and the error word
 */
static void test_fatal_while_waiting(void)
{
    static const char *const before[] = { "power-on", "setup", NULL };
    BootFiles f;
    QTestState *qts;
    CaliptraDev d;
    g_autofree char *state = NULL;

    boot_make_files(&f, DAMAGE_NONE);
    qts = boot_start(&f, true, BMC_FW_ID, NULL);
    d = caliptra_of(qts);
    state = step_until_not(qts, before);
    g_assert_cmpstr(state, ==, "wait-fuses");
    soc_wr(&d, FW_ERROR_FATAL, 0x00c0ffee);
    assert_held(qts, "Caliptra reported a fatal error", 0x00c0ffee, "Cb",
                0x0700);
    qtest_quit(qts);
    boot_free_files(&f);
}

static void test_bad_vendor_signature(void)
{
    BootFiles f;
    QTestState *qts;
    CaliptraDev d;

    boot_make_files(&f, DAMAGE_VENDOR_SIG);
    qts = boot_start(&f, true, BMC_FW_ID, NULL);
    d = caliptra_of(qts);
    assert_held(qts, "FIRMWARE_LOAD", ERR_VENDOR_ECC_SIGNATURE_INVALID, "Cr",
                ROM_FWLD_FAILED);
    g_assert_cmphex(soc_rd(&d, FW_ERROR_FATAL), ==,
                    ERR_VENDOR_ECC_SIGNATURE_INVALID);
    g_assert_cmphex(soc_rd(&d, FLOW_STATUS) & FLOW_READY_FOR_RT, ==, 0);
    qtest_quit(qts);
    boot_free_files(&f);
}

static void test_wrong_fuse_hash(void)
{
    BootFiles f;
    QTestState *qts;
    CaliptraDev d;

    boot_make_files(&f, DAMAGE_FUSE_HASH);
    qts = boot_start(&f, true, BMC_FW_ID, NULL);
    d = caliptra_of(qts);
    assert_held(qts, "FIRMWARE_LOAD", ERR_VENDOR_PUB_KEY_DIGEST_MISMATCH,
                "Cr", ROM_FWLD_FAILED);
    g_assert_cmphex(soc_rd(&d, FW_ERROR_FATAL), ==,
                    ERR_VENDOR_PUB_KEY_DIGEST_MISMATCH);
    qtest_quit(qts);
    boot_free_files(&f);
}

static void test_missing_bundle(void)
{
    BootFiles f;
    QTestState *qts;
    CaliptraDev d;

    boot_make_files(&f, DAMAGE_NONE);
    qts = boot_start(&f, false, BMC_FW_ID, NULL);
    d = caliptra_of(qts);
    assert_held(qts, "no usable Caliptra bundle", 0, "Cr", ROM_FWLD_INVAL);
    /* Caliptra itself waits for firmware, without an error */
    g_assert_cmphex(soc_rd(&d, FLOW_STATUS) & FLOW_READY_FOR_FW, !=, 0);
    g_assert_cmphex(soc_rd(&d, FW_ERROR_FATAL), ==, 0);
    qtest_quit(qts);
    boot_free_files(&f);
}

/*
 * What the bootmcu firmware does after the ROM, failing: the cores stay
 * held at stage "fw" with the runtime's code
 */
static const struct {
    const char *name;
    Damage damage;
    uint32_t bmc_fw_id;
    const char *error;
    uint32_t code;
} fw_failures[] = {
    /* The BMC image is not what the manifest lists */
    { "bmc-image-mismatch", DAMAGE_BMC_IMAGE, BMC_FW_ID, "not authorized",
      IMAGE_HASH_MISMATCH },
    /* The BMC image's fw_id is not in the manifest */
    { "bmc-image-unlisted", DAMAGE_NONE, 10, "not authorized",
      IMAGE_NOT_AUTHORIZED },
    /*
     * A manifest whose vendor signature of its keys does not verify:
     * caliptra-sw's RUNTIME_AUTH_MANIFEST_VENDOR_ECC_SIGNATURE_INVALID
     */
    { "bad-manifest-signature", DAMAGE_MANIFEST_SIG, BMC_FW_ID,
      "SET_AUTH_MANIFEST failed",
      ERR_AUTH_MANIFEST_VENDOR_ECC_SIGNATURE_INVALID },
    /*
     * ASPEED's firmware stashes each image's measurement, which Caliptra's
     * runtime allows its PL0 PAUSER only: a bundle that names none (header
     * flag bit 0 clear) stops the boot with
     * RUNTIME_INCORRECT_PAUSER_PRIVILEGE_LEVEL (caliptra-sw runtime's
     * stash_measurement.rs)
     */
    { "no-pl0-pauser", DAMAGE_NO_PL0, BMC_FW_ID, "AUTHORIZE_AND_STASH failed",
      ERR_INCORRECT_PAUSER_PRIVILEGE_LEVEL },
};

static void test_fw_failure(const void *opaque)
{
    unsigned n = GPOINTER_TO_UINT(opaque);
    BootFiles f;
    QTestState *qts;

    boot_make_files(&f, fw_failures[n].damage);
    qts = boot_start(&f, true, fw_failures[n].bmc_fw_id, NULL);
    assert_held(qts, fw_failures[n].error, fw_failures[n].code, "fw", 0);
    qtest_quit(qts);
    boot_free_files(&f);
}

static void test_oversized_bundle(void)
{
    BootFiles f;
    QTestState *qts;

    /*
     * The BootMCU ROM refuses a bundle larger than the mailbox before it
     * sends anything (Caliptra itself would say FW_PROC_INVALID_IMAGE_SIZE)
     */
    boot_make_files(&f, DAMAGE_OVERSIZED_BUNDLE);
    qts = boot_start(&f, true, BMC_FW_ID, NULL);
    assert_held(qts, "no usable Caliptra bundle", 0, "Cr", ROM_FWLD_INVAL);
    qtest_quit(qts);
    boot_free_files(&f);
}

/* A system reset holds the cores again and the bootmcu starts over */
static void test_system_reset(void)
{
    BootFiles f;
    QTestState *qts;
    g_autofree char *state = NULL;
    char *again;

    boot_make_files(&f, DAMAGE_NONE);
    qts = boot_start(&f, true, BMC_FW_ID, NULL);
    state = step_until_not(qts, boot_running);
    g_assert_cmpstr(state, ==, "released");
    qtest_qmp_assert_success(qts, "{ 'execute': 'system_reset' }");
    qtest_qmp_eventwait(qts, "RESET");
    g_assert_cmphex(seq_uint(qts, "released"), ==, 0);
    again = seq_state(qts);
    g_assert_true(g_strv_contains(boot_running, again));
    g_free(again);
    again = step_until_not(qts, boot_running);
    g_assert_cmpstr(again, ==, "released");
    g_assert_cmphex(seq_uint(qts, "released"), ==, 1);
    g_free(again);
    qtest_quit(qts);
    boot_free_files(&f);
}

/* The lifecycle and debug straps as machine properties */
static void test_straps(void)
{
    QTestState *qts = qtest_init("-machine ast2700fc");
    CaliptraDev d = caliptra_of(qts);

    /* CPTRA_SECURITY_STATE: lifecycle [1:0], debug_locked [2] */
    g_assert_cmphex(soc_rd(&d, SECURITY_STATE), ==, 0x7);
    qtest_quit(qts);

    qts = qtest_init("-machine ast2700fc,caliptra-lifecycle=manufacturing,"
                     "caliptra-debug-locked=off");
    d = caliptra_of(qts);
    g_assert_cmphex(soc_rd(&d, SECURITY_STATE), ==, 0x1);
    qtest_quit(qts);

    qts = qtest_init("-machine ast2700fc,caliptra-lifecycle=unprovisioned");
    d = caliptra_of(qts);
    g_assert_cmphex(soc_rd(&d, SECURITY_STATE), ==, 0x4);
    qtest_quit(qts);
}

/* Migrate in the middle of the sequence; the destination completes it */
static void test_migration_mid_sequence(void)
{
    static const char *const before_auth[] = {
        "power-on", "setup", "wait-fuses", "fuses-done", "wait-fw",
        "firmware-load", "wait-runtime", "fw-info", "fmc-verify", NULL
    };
    g_autofree char *uri = cptra_migration_uri();
    g_autofree char *incoming = g_strdup_printf("-incoming %s", uri);
    g_autofree char *mid = NULL, *state = NULL;
    BootFiles f;
    QTestState *src, *dst;

    boot_make_files(&f, DAMAGE_NONE);
    src = boot_start(&f, true, BMC_FW_ID, NULL);
    mid = step_until_not(src, before_auth);
    /* Past the ROM's stages, in the firmware's: the manifest or an image */
    g_assert_true(g_str_equal(mid, "set-auth-manifest") ||
                  g_str_equal(mid, "authorize"));

    cptra_migrate_to_file(src, uri);
    qtest_quit(src);

    dst = boot_start(&f, true, BMC_FW_ID, incoming);
    cptra_wait_running(dst);
    unlink(uri + strlen("file:"));
    state = seq_state(dst);
    g_assert_cmpstr(state, ==, mid);
    g_free(state);
    state = step_until_not(dst, boot_running);
    g_assert_cmpstr(state, ==, "released");
    g_assert_cmphex(seq_uint(dst, "released"), ==, 1);
    /* The images the destination's bootmcu authorized, it loaded */
    assert_image_at(dst, LOAD_UBOOT);
    qtest_quit(dst);
    boot_free_files(&f);
}

/* A migrated SCU0 opens the same windows on the destination */
static void test_migration_cm4_window(void)
{
    g_autofree char *uri = cptra_migration_uri();
    g_autofree char *args = g_strdup_printf("-machine ast2700fc -incoming %s",
                                            uri);
    QTestState *src = qtest_init("-machine ast2700fc");
    QTestState *dst;

    qtest_writel(src, LOAD_SSP + 0x40, 0x5350ee13);
    qtest_writel(src, SCU0(SCU0_SSP_CTRL2), LOAD_SSP >> 4);
    g_assert_cmphex(cm4_word(src, 4, 0x40), ==, 0x5350ee13);
    cptra_migrate_to_file(src, uri);
    qtest_quit(src);

    dst = qtest_init(args);
    cptra_wait_running(dst);
    unlink(uri + strlen("file:"));
    g_assert_cmphex(qtest_readl(dst, SCU0(SCU0_SSP_CTRL2)), ==, LOAD_SSP >> 4);
    g_assert_cmphex(cm4_word(dst, 4, 0x40), ==, 0x5350ee13);
    g_assert_cmphex(cm4_word(dst, 5, 0x40), ==, 0);
    qtest_quit(dst);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    gcry_check_version(NULL);

    qtest_add_func("/caliptra/ast2700fc/secure-boot/released", test_released);
    for (int i = 0; i < ARRAY_SIZE(loaded_images); i++) {
        g_autofree char *path =
            g_strdup_printf("/caliptra/ast2700fc/secure-boot/%s",
                            loaded_images[i].name);

        qtest_add_data_func(path, GUINT_TO_POINTER(i), test_images_loaded);
    }
    qtest_add_func("/caliptra/ast2700fc/scu0-cm4-reset", test_scu0_cm4_reset);
    qtest_add_func("/caliptra/ast2700fc/scu0-cm4-window",
                   test_scu0_cm4_window);
    qtest_add_func("/caliptra/migration/cm4-window",
                   test_migration_cm4_window);
    qtest_add_func("/caliptra/ast2700fc/otpc", test_otpc);
    qtest_add_func("/caliptra/ast2700fc/secure-boot/secrets-not-traced",
                   test_secrets_not_traced);
    qtest_add_func("/caliptra/ast2700fc/secure-boot/secrets-not-readable",
                   test_secrets_not_readable);
    qtest_add_func("/caliptra/ast2700fc/secure-boot/bad-vendor-signature",
                   test_bad_vendor_signature);
    qtest_add_func("/caliptra/ast2700fc/secure-boot/wrong-fuse-hash",
                   test_wrong_fuse_hash);
    qtest_add_func("/caliptra/ast2700fc/secure-boot/missing-bundle",
                   test_missing_bundle);
    for (int i = 0; i < ARRAY_SIZE(fw_failures); i++) {
        g_autofree char *path =
            g_strdup_printf("/caliptra/ast2700fc/secure-boot/%s",
                            fw_failures[i].name);

        qtest_add_data_func(path, GUINT_TO_POINTER(i), test_fw_failure);
    }
    qtest_add_func("/caliptra/ast2700fc/secure-boot/oversized-bundle",
                   test_oversized_bundle);
    qtest_add_func("/caliptra/ast2700fc/secure-boot/rom-sequence",
                   test_rom_sequence);
    qtest_add_func("/caliptra/ast2700fc/secure-boot/manufacturing-csr",
                   test_manufacturing_csr);
    qtest_add_func("/caliptra/ast2700fc/secure-boot/no-boot-done",
                   test_no_boot_done);
    qtest_add_func("/caliptra/ast2700fc/secure-boot/mbox-held-timeout",
                   test_mbox_held_timeout);
    qtest_add_func("/caliptra/ast2700fc/secure-boot/fatal-while-waiting",
                   test_fatal_while_waiting);
    qtest_add_data_func("/caliptra/ast2700fc/secure-boot/flash-inputs",
                        GINT_TO_POINTER(FLASH_GOOD), test_flash_inputs);
    qtest_add_data_func("/caliptra/ast2700fc/secure-boot/flash-bad-crc",
                        GINT_TO_POINTER(FLASH_BAD_CRC), test_flash_inputs);
    qtest_add_data_func("/caliptra/ast2700fc/secure-boot/flash-bad-image",
                        GINT_TO_POINTER(FLASH_BAD_BMC_IMAGE),
                        test_flash_inputs);
    for (int i = 0; i < ARRAY_SIZE(dis_cptra); i++) {
        g_autofree char *path =
            g_strdup_printf("/caliptra/ast2700fc/secure-boot/dis-cptra/%s",
                            dis_cptra[i].name);

        qtest_add_data_func(path, GINT_TO_POINTER(i), test_caliptra_disabled);
    }
    for (int i = 0; i < ARRAY_SIZE(locked_slots); i++) {
        g_autofree char *path =
            g_strdup_printf("/caliptra/ast2700fc/secure-boot/pauser-locked/%s",
                            locked_slots[i].name);

        qtest_add_data_func(path, GINT_TO_POINTER(i), test_pauser_locked);
    }
    qtest_add_func("/caliptra/ast2700fc/secure-boot/system-reset",
                   test_system_reset);
    qtest_add_func("/caliptra/ast2700fc/straps", test_straps);
    qtest_add_func("/caliptra/migration/mid-secure-boot",
                   test_migration_mid_sequence);
    return g_test_run();
}
