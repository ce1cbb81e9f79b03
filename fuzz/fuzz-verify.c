/*
 * libFuzzer: Caliptra 1.2 bundle verification (cold and update reset)
 *
 * Input: a flags byte, fuse words, then the bundle. The flags pick the
 * ECDSA answer (valid, invalid, engine failure, scalar range), LMS
 * verification, anti-rollback, an update reset against a cold boot's
 * record taken from the input, and fix-ups that let the fuzzer past the
 * digests it cannot invert: the vendor and owner key hashes written to
 * the fuses, the image digests into the TOC, the TOC digest into the
 * header. Invariants: no crash or out-of-bounds read (ASan), a known
 * error code or 0, and on success a TOC that lies inside the bundle.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "caliptra-error.h"
#include "caliptra-image.h"
#include "caliptra-verify.h"
#include "fuzz-common.h"
#include "fuzz-crypto-stub.h"

#define F_ECDSA_MASK        0x03    /* OK, INVALID, FAILURE, SCALAR_RANGE */
#define F_LMS               0x04
#define F_ANTI_ROLLBACK_OFF 0x08
#define F_UPDATE            0x10
#define F_FIX_KEYS          0x20
#define F_FIX_IMAGES        0x40
#define F_FIX_TOC           0x80

#define BUNDLE_MAX          (128 * 1024)

static void digest_to_fuse(const uint8_t d[48], uint32_t fuse[12])
{
    for (int i = 0; i < 12; i++) {
        fuse[i] = ldl_be_p(d + 4 * i);
    }
}

/* A digest into its manifest slot (words, each little-endian) */
static void digest_to_words(const uint8_t d[48], uint8_t *slot)
{
    for (int i = 0; i < 12; i++) {
        stl_le_p(slot + 4 * i, ldl_be_p(d + 4 * i));
    }
}

static void fix_image(uint8_t *b, size_t len, size_t toc)
{
    uint32_t off = ldl_le_p(b + toc + TOC_OFFSET);
    uint32_t size = ldl_le_p(b + toc + TOC_SIZE);
    uint8_t d[48];

    if ((uint64_t)off + size <= len) {
        caliptra_sha384(b + off, size, d);
        digest_to_words(d, b + toc + TOC_DIGEST);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzIn in = { data, size };
    uint8_t flags = fuzz_u8(&in);
    CaliptraVerifyFuses f = { 0 };
    CaliptraImageInfo cold = { 0 }, info;
    size_t len;
    g_autofree uint8_t *b = NULL;
    uint8_t d[48];
    uint32_t err;

    f.key_manifest_pk_hash_mask = fuzz_u32(&in);
    f.fmc_key_manifest_svn = fuzz_u32(&in);
    for (int i = 0; i < 4; i++) {
        f.runtime_svn[i] = fuzz_u32(&in);
    }
    f.lms_revocation = fuzz_u32(&in);
    f.lms_verify = flags & F_LMS;
    f.anti_rollback_disable = flags & F_ANTI_ROLLBACK_OFF;
    if (flags & F_UPDATE) {
        cold.vendor_ecc_key_idx = fuzz_u8(&in) & 3;
        fuzz_take(&in, cold.owner_pk_digest, 48);
        fuzz_take(&in, cold.fmc.digest, 48);
    }
    len = MIN(in.left, BUNDLE_MAX);
    /* The ROM reads a whole manifest: past DLEN it sees zeros */
    b = g_malloc0(MAX(len, IMG_MANIFEST_SIZE));
    fuzz_take(&in, b, len);
    fuzz_ecdsa_result = flags & F_ECDSA_MASK;

    if (flags & F_FIX_KEYS) {
        caliptra_sha384(b + IMG_VENDOR_ECC_KEYS,
                        IMG_VENDOR_ECC_KEY_IDX - IMG_VENDOR_ECC_KEYS, d);
        digest_to_fuse(d, f.key_manifest_pk_hash);
        caliptra_sha384(b + IMG_OWNER_ECC_KEY,
                        IMG_OWNER_ECC_SIG - IMG_OWNER_ECC_KEY, d);
        digest_to_fuse(d, f.owner_pk_hash);
    }
    if (flags & F_FIX_IMAGES) {
        fix_image(b, MAX(len, IMG_MANIFEST_SIZE), IMG_TOC_FMC);
        fix_image(b, MAX(len, IMG_MANIFEST_SIZE), IMG_TOC_RT);
    }
    if (flags & F_FIX_TOC) {
        caliptra_sha384(b + IMG_TOC_FMC, IMG_TOC_END - IMG_TOC_FMC, d);
        digest_to_words(d, b + IMG_HDR_TOC_DIGEST);
    }

    err = caliptra_verify_bundle(b, len, &f, flags & F_UPDATE ? &cold : NULL,
                                 &info);
    if (getenv("FUZZ_DEBUG")) {
        fprintf(stderr, "flags 0x%02x: 0x%08x\n", flags, err);
    }
    /* Every refusal is one of the image verifier's or the ROM's codes */
    FUZZ_CHECK(err == 0 || (err >> 16) == 0x000b);
    if (!err) {
        FUZZ_CHECK(fuzz_ecdsa_result == CALIPTRA_ECDSA_OK);
        FUZZ_CHECK((uint64_t)info.fmc.offset + info.fmc.size <= len);
        FUZZ_CHECK((uint64_t)info.rt.offset + info.rt.size <= len);
        FUZZ_CHECK(info.vendor_ecc_key_idx < IMG_ECC_KEY_COUNT);
    }
    return 0;
}
