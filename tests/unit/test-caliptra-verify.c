/*
 * Unit test of the Caliptra 1.2 bundle verifier on its own: bundles made
 * and signed with libgcrypt by contrib/caliptra-bundle, checked against
 * the error codes of caliptra-sw's error/src/lib.rs
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "crypto/init.h"
#include <gcrypt.h>
#include "../../hw/misc/caliptra/caliptra-verify.h"
#include "../../contrib/caliptra-bundle/caliptra-bundle.h"

static uint8_t fmc[512], rt[1024];

static uint8_t *make_bundle(CbSpec *spec, size_t *len)
{
    uint8_t *b;

    memset(spec, 0, sizeof(*spec));
    for (int i = 0; i < sizeof(fmc); i++) {
        fmc[i] = i;
    }
    for (int i = 0; i < sizeof(rt); i++) {
        rt[i] = ~i;
    }
    cb_fake_keys(spec);
    cb_default_images(spec, fmc, sizeof(fmc), rt, sizeof(rt));
    b = cb_build(spec, len);
    g_assert_nonnull(b);
    return b;
}

static void fuses_for(const uint8_t *b, CaliptraVerifyFuses *f)
{
    memset(f, 0, sizeof(*f));
    cb_vendor_pk_hash(b, f->key_manifest_pk_hash);
    cb_owner_pk_hash(b, f->owner_pk_hash);
}

/* A whole manifest must be readable, as in the mailbox */
static uint32_t verify(const uint8_t *b, size_t len,
                       const CaliptraVerifyFuses *f,
                       const CaliptraImageInfo *cold, CaliptraImageInfo *info)
{
    g_autofree uint8_t *buf = g_malloc0(MAX(len, 5884));

    memcpy(buf, b, len);
    return caliptra_verify_bundle(buf, len, f, cold, info);
}

static void test_accept(void)
{
    CbSpec spec;
    CaliptraVerifyFuses f;
    CaliptraImageInfo info;
    uint8_t want[48];
    size_t len;
    uint8_t *b = make_bundle(&spec, &len);

    fuses_for(b, &f);
    g_assert_cmphex(verify(b, len, &f, NULL, &info), ==, 0);
    /* What the ROM keeps: TOC values and digests in natural order */
    g_assert_cmphex(info.fmc.load_addr, ==, 0x40000000);
    g_assert_cmphex(info.rt.version, ==, 0x01020000);
    g_assert_cmpuint(info.rt.size, ==, sizeof(rt));
    gcry_md_hash_buffer(GCRY_MD_SHA384, want, fmc, sizeof(fmc));
    g_assert_cmpmem(info.fmc.digest, 48, want, 48);
    g_assert_true(info.owner_pk_digest_in_fuses);
    free(b);
}

static void test_reject(void)
{
    CbSpec spec;
    CaliptraVerifyFuses f;
    CaliptraImageInfo info, cold;
    size_t len;
    uint8_t *b = make_bundle(&spec, &len);

    fuses_for(b, &f);
    g_assert_cmphex(verify(b, len, &f, NULL, &cold), ==, 0);

    b[4] ^= 1;          /* manifest size */
    g_assert_cmphex(verify(b, len, &f, NULL, &info), ==, 0x000b0002);
    b[4] ^= 1;
    g_assert_cmphex(verify(b, len - 1, &f, NULL, &info), ==, 0x000b002f);
    f.key_manifest_pk_hash_mask = 0x8;  /* key 3 can never be revoked */
    g_assert_cmphex(verify(b, len, &f, NULL, &info), ==, 0);
    f.key_manifest_pk_hash_mask = 0x1;
    g_assert_cmphex(verify(b, len, &f, NULL, &info), ==, 0x000b0009);
    f.key_manifest_pk_hash_mask = 0;
    f.fmc_key_manifest_svn = 0x7;       /* fuse SVN 3 */
    g_assert_cmphex(verify(b, len, &f, NULL, &info), ==, 0x000b0027);
    f.unprovisioned = true;             /* no SVN, no vendor key checks */
    memset(f.key_manifest_pk_hash, 0, sizeof(f.key_manifest_pk_hash));
    g_assert_cmphex(verify(b, len, &f, NULL, &info), ==, 0);
    f.unprovisioned = false;
    fuses_for(b, &f);
    /* No LMS key or signature in this one: types 0, a verify failure */
    f.lms_verify = true;
    g_assert_cmphex(verify(b, len, &f, NULL, &info), ==, 0x000b0031);
    f.lms_verify = false;

    /* Update reset: the FMC may not change */
    cold.fmc.digest[0] ^= 1;
    g_assert_cmphex(verify(b, len, &f, &cold, &info), ==, 0x000b001f);
    cold.fmc.digest[0] ^= 1;
    cold.vendor_ecc_key_idx = 1;
    g_assert_cmphex(verify(b, len, &f, &cold, &info), ==, 0x000b001e);
    free(b);
}

/* Any single damaged byte of the signed parts is caught */
static void test_every_header_byte(void)
{
    CbSpec spec;
    CaliptraVerifyFuses f;
    CaliptraImageInfo info;
    size_t len;
    uint8_t *b = make_bundle(&spec, &len);

    fuses_for(b, &f);
    for (size_t off = 0x1590; off < 0x16fc; off += 7) {
        b[off] ^= 0x40;
        g_assert_cmphex(verify(b, len, &f, NULL, &info), !=, 0);
        b[off] ^= 0x40;
    }
    g_assert_cmphex(verify(b, len, &f, NULL, &info), ==, 0);
    free(b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert(qcrypto_init(NULL) == 0);

    g_test_add_func("/caliptra/verify/unit/accept", test_accept);
    g_test_add_func("/caliptra/verify/unit/reject", test_reject);
    g_test_add_func("/caliptra/verify/unit/every-header-byte",
                    test_every_header_byte);
    return g_test_run();
}
