/*
 * Caliptra qtests: ast2700fc booted through Caliptra
 *
 * The firmware bundle, fuse file, SoC auth manifest and images are made
 * here with the bundle tool's builder (libgcrypt, caliptra-sw's fake keys).
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
#include "caliptra-boot-utils.h"
#include "caliptra-vectors.h"
#include "../../contrib/caliptra-bundle/caliptra-bundle.h"

/* The manifest's vendor ECC signature (s half), for damaging it */
#define MANIFEST_VENDOR_ECC_SIG_S           (0x790 + 48)
/*
 * The SoC auth manifest's vendor ECC signature of its preamble's keys
 * (s half): caliptra-sw's AuthManifestPreamble, after the marker, size,
 * version, flags and the vendor's ECC and LMS keys
 */
#define AUTH_MANIFEST_VENDOR_KEYS_ECC_SIG_S (16 + 96 + 48 + 48)

uint8_t boot_fmc_image[1024], boot_rt_image[2048];

char *boot_write_file(BootFiles *f, const char *name, const void *data,
                        size_t len)
{
    char *path = g_build_filename(f->dir, name, NULL);

    g_assert_true(g_file_set_contents(path, data, len, NULL));
    return path;
}

/* The fuse file in the format `caliptra-bundle --fuses` prints */
char *boot_fuse_line(const char *name, const uint32_t w[12])
{
    GString *s = g_string_new(name);

    for (int i = 0; i < 12; i++) {
        g_string_append_printf(s, " 0x%08x", w[i]);
    }
    g_string_append_c(s, '\n');
    return g_string_free(s, false);
}

void boot_make_files(BootFiles *f, Damage damage)
{
    boot_make_files_as(f, damage, BMC_FW_ID);
}

void boot_make_files_as(BootFiles *f, Damage damage, uint32_t bmc_fw_id)
{
    CbSpec spec = { 0 };
    CbAuthSpec auth = { 0 };
    CbAuthEntry entries[2];
    uint8_t bootmcu[512], bmc[BOOT_BMC_SIZE];
    uint32_t vendor[12], owner[12];
    g_autofree uint8_t *bundle = NULL;
    g_autofree uint8_t *manifest = NULL;
    g_autofree char *vline = NULL, *oline = NULL, *fuses = NULL;
    g_autofree char *uline = NULL, *eline = NULL;
    size_t len, mlen;

    f->dir = g_dir_make_tmp("caliptra-boot-XXXXXX", NULL);
    g_assert_nonnull(f->dir);

    for (int i = 0; i < sizeof(boot_fmc_image); i++) {
        boot_fmc_image[i] = i * 13 + 1;
    }
    for (int i = 0; i < sizeof(boot_rt_image); i++) {
        boot_rt_image[i] = i * 7 + 5;
    }
    cb_fake_keys(&spec);
    /* As ASPEED's bundles: the bootmcu's APB user is DPE's PL0 */
    spec.flags = damage == DAMAGE_NO_PL0 ? 0 : 1;
    spec.pl0_pauser = 0x21212121;
    cb_default_images(&spec, boot_fmc_image, sizeof(boot_fmc_image),
                      boot_rt_image, sizeof(boot_rt_image));
    bundle = cb_build(&spec, &len);
    g_assert_nonnull(bundle);

    cb_vendor_pk_hash(bundle, vendor);
    cb_owner_pk_hash(bundle, owner);
    if (damage == DAMAGE_FUSE_HASH) {
        vendor[5] ^= 0x100;
    }
    if (damage == DAMAGE_VENDOR_SIG) {
        bundle[MANIFEST_VENDOR_ECC_SIG_S + 10] ^= 0x01;
    }
    vline = boot_fuse_line("FUSE_KEY_MANIFEST_PK_HASH", vendor);
    oline = boot_fuse_line("FUSE_OWNER_PK_HASH", owner);
    uline = boot_fuse_line("FUSE_UDS_SEED", caliptra_default_uds);
    eline = g_strdup_printf("FUSE_FIELD_ENTROPY 0x%08x 0x%08x 0x%08x 0x%08x "
                            "0x%08x 0x%08x 0x%08x 0x%08x\n",
                            caliptra_default_fe[0], caliptra_default_fe[1],
                            caliptra_default_fe[2], caliptra_default_fe[3],
                            caliptra_default_fe[4], caliptra_default_fe[5],
                            caliptra_default_fe[6], caliptra_default_fe[7]);
    fuses = g_strconcat("# made by caliptra-boot-test\n", vline, oline,
                        uline, eline, NULL);

    /* The SoC images and the manifest listing their SHA-384 */
    memset(bootmcu, 0x5a, sizeof(bootmcu));
    for (int i = 0; i < sizeof(bmc); i++) {
        bmc[i] = boot_bmc_byte(i);
    }
    entries[0].fw_id = BOOTMCU_FW_ID;
    entries[0].flags = 0;
    gcry_md_hash_buffer(GCRY_MD_SHA384, entries[0].digest, bootmcu,
                        sizeof(bootmcu));
    entries[1].fw_id = bmc_fw_id;
    entries[1].flags = 0;
    gcry_md_hash_buffer(GCRY_MD_SHA384, entries[1].digest, bmc, sizeof(bmc));
    auth.fw_vendor = &spec.vendor[0];
    auth.fw_owner = &spec.owner;
    auth.vendor = spec.vendor[0];
    auth.owner = spec.owner;
    auth.count = 2;
    auth.entries = entries;
    manifest = cb_auth_manifest(&auth, &mlen);
    g_assert_nonnull(manifest);
    if (damage == DAMAGE_BMC_IMAGE) {
        bmc[100] ^= 0x80;
    }
    if (damage == DAMAGE_MANIFEST_SIG) {
        manifest[AUTH_MANIFEST_VENDOR_KEYS_ECC_SIG_S + 10] ^= 0x01;
    }

    if (damage == DAMAGE_OVERSIZED_BUNDLE) {
        /* A good bundle padded past the 128 KiB the mailbox holds */
        bundle = g_realloc(bundle, 128 * KiB + 64);
        memset(bundle + len, 0, 128 * KiB + 64 - len);
        len = 128 * KiB + 64;
    }
    f->bundle = boot_write_file(f, "bundle.bin", bundle, len);
    f->fuses = boot_write_file(f, "fuses.txt", fuses, strlen(fuses));
    f->manifest = boot_write_file(f, "auth-manifest.bin", manifest, mlen);
    f->bootmcu_img = boot_write_file(f, "bootmcu.bin", bootmcu,
                                     sizeof(bootmcu));
    f->bmc_img = boot_write_file(f, "bmc.bin", bmc, sizeof(bmc));
}

void boot_free_files(BootFiles *f)
{
    const char *files[] = { f->bundle, f->fuses, f->manifest,
                            f->bootmcu_img, f->bmc_img };

    for (int i = 0; i < ARRAY_SIZE(files); i++) {
        unlink(files[i]);
        g_free((char *)files[i]);
    }
    rmdir(f->dir);
    g_free(f->dir);
}

QTestState *boot_start(BootFiles *f, bool with_bundle,
                              uint32_t bmc_fw_id, const char *extra)
{
    return qtest_initf("-machine ast2700fc,secure-boot=on%s%s"
                       ",caliptra-fuses=%s,caliptra-auth-manifest=%s"
                       ",caliptra-images=%u=%s:%u=%s %s",
                       with_bundle ? ",caliptra-bundle=" : "",
                       with_bundle ? f->bundle : "", f->fuses, f->manifest,
                       BOOTMCU_FW_ID, f->bootmcu_img, bmc_fw_id, f->bmc_img,
                       extra ? extra : "");
}

char *seq_state(QTestState *qts)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': "
                           "{ 'path': %s, 'property': 'state' } }", BOOTMCU);
    char *state = g_strdup(qdict_get_str(rsp, "return"));

    qobject_unref(rsp);
    return state;
}

uint64_t boot_qom_uint(QTestState *qts, const char *path, const char *prop)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': "
                           "{ 'path': %s, 'property': %s } }", path, prop);
    uint64_t v = qdict_get_int(rsp, "return");

    qobject_unref(rsp);
    return v;
}

uint64_t seq_uint(QTestState *qts, const char *prop)
{
    return boot_qom_uint(qts, BOOTMCU, prop);
}

/*
 * Run timer by timer until the sequence leaves the states @from. It
 * cannot loop for ever: the sequencer gives up after 10 s of virtual time.
 */
char *step_until_not(QTestState *qts, const char *const *from)
{
    char *state = seq_state(qts);

    for (int i = 0; i < 100000 && g_strv_contains(from, state); i++) {
        qtest_clock_step_next(qts);
        g_free(state);
        state = seq_state(qts);
    }
    return state;
}

const char *const boot_running[] = {
    "power-on", "setup", "wait-fuses", "fuses-done", "wait-fw",
    "firmware-load", "wait-runtime", "fw-info", "fmc-verify",
    "set-auth-manifest", "authorize", NULL
};

CaliptraDev caliptra_of(QTestState *qts)
{
    return (CaliptraDev) { .qts = qts, .base = AST2700_CALIPTRA_BASE,
                           .qom_path = "/machine/caliptra" };
}
