/*
 * Caliptra qtests: ast2700fc booted through Caliptra, for the tests of
 * its secure boot and of what runs after it
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TESTS_CALIPTRA_BOOT_UTILS_H
#define TESTS_CALIPTRA_BOOT_UTILS_H

#include "libqtest.h"
#include "caliptra-utils.h"

#define BOOTMCU                 "/machine/bootmcu"
#define BOOTMCU_FW_ID           1
#define BMC_FW_ID               12

typedef struct BootFiles {
    char *dir;
    char *bundle;
    char *fuses;
    char *manifest;
    char *bootmcu_img;
    char *bmc_img;
} BootFiles;

typedef enum {
    DAMAGE_NONE,
    DAMAGE_VENDOR_SIG,          /* one bit of the vendor ECC signature */
    DAMAGE_FUSE_HASH,           /* one bit of the fused vendor key hash */
    DAMAGE_BMC_IMAGE,           /* BMC image differs from the manifest */
    DAMAGE_OVERSIZED_BUNDLE,    /* larger than the mailbox SRAM */
    DAMAGE_NO_PL0,              /* a bundle without a PL0 PAUSER */
    DAMAGE_MANIFEST_SIG,        /* one bit of the SoC manifest's signature */
} Damage;

extern uint8_t boot_fmc_image[1024], boot_rt_image[2048];
/* The BMC image: BOOT_BMC_SIZE bytes of this pattern */
#define BOOT_BMC_SIZE           768
static inline uint8_t boot_bmc_byte(size_t i)
{
    return i * 3;
}
/* The states of a sequence still on its way */
extern const char *const boot_running[];

char *boot_write_file(BootFiles *f, const char *name, const void *data,
                      size_t len);
/* The fuse file in the format `caliptra-bundle --fuses` prints */
char *boot_fuse_line(const char *name, const uint32_t w[12]);
/* Bundle, fuses, manifest and images made with the bundle tool */
void boot_make_files(BootFiles *f, Damage damage);
/* ... with the BMC image listed (and to be given) as @bmc_fw_id */
void boot_make_files_as(BootFiles *f, Damage damage, uint32_t bmc_fw_id);
void boot_free_files(BootFiles *f);
QTestState *boot_start(BootFiles *f, bool with_bundle, uint32_t bmc_fw_id,
                       const char *extra);
char *seq_state(QTestState *qts);
uint64_t seq_uint(QTestState *qts, const char *prop);
uint64_t boot_qom_uint(QTestState *qts, const char *path, const char *prop);
/* Run timer by timer until the sequence leaves the states @from */
char *step_until_not(QTestState *qts, const char *const *from);
CaliptraDev caliptra_of(QTestState *qts);

#endif /* TESTS_CALIPTRA_BOOT_UTILS_H */
