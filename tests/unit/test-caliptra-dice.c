/*
 * Unit test of the Caliptra model's DICE primitives and device identities
 * against caliptra-sw's known answers: the ECC KAT (kat/src/ecc384_kat.rs)
 * and the IDevID/LDevID values its integration tests derive from the
 * default fuses (test/src/derive.rs, smoke_test.rs), its PCR0 and FMC
 * alias key known answers (derive.rs test_derive_pcr0,
 * test_derive_fmc_alias_key), and the IDevID CSR
 * and LDevID certificate of its rt-1.2.0 smoke test - test data only
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "crypto/init.h"
#include "../../hw/misc/caliptra/caliptra-cert.h"
#include "../../hw/misc/caliptra/caliptra-crypto.h"
#include "../../hw/misc/caliptra/caliptra-dice.h"
#include "../../hw/misc/caliptra/caliptra-pcr.h"
#include "../../hw/misc/caliptra/caliptra-x509.h"
#include "../qtest/caliptra-vectors.h"

static void assert_hex(const uint8_t *got, size_t len, const char *want)
{
    g_autofree char *hex = g_malloc0(2 * len + 1);

    for (size_t i = 0; i < len; i++) {
        sprintf(hex + 2 * i, "%02x", got[i]);
    }
    g_assert_cmpstr(hex, ==, want);
}

/* Fuse/register words to bytes, word 0 first, each big-endian */
static void words(const uint32_t *w, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        stl_be_p(out + 4 * i, w[i]);
    }
}

static void test_keygen_kat(void)
{
    uint8_t seed[48] = { 0 };
    CaliptraEccKey key;

    g_assert_true(caliptra_ecc_keygen(seed, &key));
    assert_hex(key.d, 48,
               "feeef5544a76564990128ad189e873f21f0dfd5ad7e2fa86"
               "1127ee6e394ca784871c1aec032c7a8b10b93e0eab8946d6");
    assert_hex(key.x, 48,
               "d7dd94e0bffc4cade9902b7fdb154260d5ec5dfd57950e83"
               "59015a302c8bf7bba7e5f6dffc1685162bdd35f9f5c1b0ff");
    assert_hex(key.y, 48,
               "bb9c3a2f061e8d7014278dd51e66a918a6b6f9f1c1937312"
               "d4e7a921b18ef0f41fdd401d9e7718509f8731e9eec9c31d");
}

static void test_identities(void)
{
    uint8_t key[32], uds_fuse[48], fe_fuse[32], uds[48], fe[32];
    uint8_t cdi_i[48], cdi_l[48];
    CaliptraEccKey idevid, ldevid;

    words(caliptra_default_obf_key, 8, key);
    words(caliptra_default_uds, 12, uds_fuse);
    words(caliptra_default_fe, 8, fe_fuse);
    caliptra_doe_decrypt(key, uds_fuse, 48, uds);
    caliptra_doe_decrypt(key, fe_fuse, 32, fe);

    caliptra_dice_idevid(uds, cdi_i, &idevid);
    assert_hex(cdi_i, 48,
               "4443b8198ca0984a2d566eed40f940740c7cc63b85f939ac"
               "a2df92bfb00f2f3e1e70ec476736c59658a8a450eeac2f20");
    {
        uint8_t xy[96];

        memcpy(xy, idevid.x, 48);
        memcpy(xy + 48, idevid.y, 48);
        assert_hex(xy, 96, caliptra_default_idevid_pub);
    }

    caliptra_dice_ldevid(cdi_i, fe, cdi_l, &ldevid);
    assert_hex(cdi_l, 48,
               "f226cb0f1b527a8d9abeb5ebf407069aeda6909bad434d1d"
               "5f3586ffa4729b8cd9e34ef9cb4317aa596674e57f3c0f5b");
    {
        uint8_t xy[96];

        memcpy(xy, ldevid.x, 48);
        memcpy(xy + 48, ldevid.y, 48);
        assert_hex(xy, 96,
                   "842c00af05accceb14514e2d37b0c3aaa218f15057f1dcb8"
                   "24a214980b744688a0888a0297fa7dc5e1ead8ca1291db22"
                   "9c28eb8678bce800822c07228f416ae49d218e5da2f2d1a8"
                   "a27dc19adf668a74628999d222b40159d8076fafbb8c5edb");
    }
}

/* The default identities, as the ROM derives them */
static void default_identities(CaliptraEccKey *idevid, CaliptraEccKey *ldevid)
{
    uint8_t key[32], uds_fuse[48], fe_fuse[32], uds[48], fe[32];
    uint8_t cdi_i[48], cdi_l[48];

    words(caliptra_default_obf_key, 8, key);
    words(caliptra_default_uds, 12, uds_fuse);
    words(caliptra_default_fe, 8, fe_fuse);
    caliptra_doe_decrypt(key, uds_fuse, 48, uds);
    caliptra_doe_decrypt(key, fe_fuse, 32, fe);
    caliptra_dice_idevid(uds, cdi_i, idevid);
    caliptra_dice_ldevid(cdi_i, fe, cdi_l, ldevid);
}

static void x509_key(CaliptraX509Key *k, const CaliptraEccKey *key, int alg)
{
    uint8_t xy[96];

    memcpy(xy, key->x, 48);
    memcpy(xy + 48, key->y, 48);
    caliptra_x509_key(k, xy, alg, NULL);
}

static size_t sign_and_wrap(const CaliptraEccKey *by, const uint8_t *tbs,
                            size_t len, uint8_t *out, size_t size)
{
    uint8_t digest[48], r[48], s[48];

    caliptra_sha384(tbs, len, digest);
    g_assert_true(caliptra_ecdsa_p384_sign(by->d, digest, r, s));
    return caliptra_cert_assemble(tbs, len, r, s, out, size);
}

/* Zero FUSE_IDEVID_CERT_ATTR: SHA-1 key ids, an all-zero UEID */
static void test_idevid_csr(void)
{
    uint8_t ueid[CALIPTRA_X509_UEID] = { 0 };
    uint8_t tbs[CALIPTRA_X509_TBS_MAX], der[1024];
    CaliptraEccKey idevid, ldevid;
    CaliptraX509Key idev;
    size_t len;

    default_identities(&idevid, &ldevid);
    x509_key(&idev, &idevid, CALIPTRA_KEY_ID_SHA1);
    len = caliptra_x509_idevid_csr_tbs(&idev, ueid, tbs);
    len = sign_and_wrap(&idevid, tbs, len, der, sizeof(der));
    g_assert_cmpuint(len, ==, sizeof(caliptra_golden_idevid_csr));
    g_assert_cmpmem(der, len, caliptra_golden_idevid_csr, len);
}

static void test_ldevid_cert(void)
{
    uint8_t ueid[CALIPTRA_X509_UEID] = { 0 };
    uint8_t tbs[CALIPTRA_X509_TBS_MAX], der[1024];
    CaliptraEccKey idevid, ldevid;
    CaliptraX509Key idev, ldev;
    size_t len;

    default_identities(&idevid, &ldevid);
    x509_key(&idev, &idevid, CALIPTRA_KEY_ID_SHA1);
    x509_key(&ldev, &ldevid, CALIPTRA_KEY_ID_SHA256);
    len = caliptra_x509_ldevid_tbs(&idev, &ldev, ueid, tbs);
    len = sign_and_wrap(&idevid, tbs, len, der, sizeof(der));
    g_assert_cmpuint(len, ==, sizeof(caliptra_golden_ldevid_cert));
    g_assert_cmpmem(der, len, caliptra_golden_ldevid_cert, len);
}

/* caliptra-sw's test_derive_pcr0: production, locked, LMS and ECC */
static void test_pcr0_kat(void)
{
    static const uint32_t vendor[12] = {
        0xed6dd78c, 0x131d69e2, 0x313b5d89, 0x0acd8e4e, 0xe2a1db67,
        0x790721de, 0x01346b64, 0x1c5cf3c9, 0xcf284e7d, 0x0e114d50,
        0xe894b381, 0xd874ba94,
    };
    static const uint32_t owner[12] = {
        0xdc1a27ef, 0x0c08201a, 0x8b066094, 0x118c29fe, 0x0bc2270e,
        0xbd965c43, 0xf7b9a68d, 0x8eaf37fa, 0x968ca8d8, 0x13b2920b,
        0x3b88b026, 0xf2f0ebb0,
    };
    static const uint32_t fmc[12] = {
        0xe44ea855, 0x9fcf4063, 0xd3110a9a, 0xd60579db, 0xe03e6dd7,
        0x4556cd98, 0xb2b941f5, 0x1bb5034b, 0x587eea1f, 0xfcdd0e0f,
        0x8e88d406, 0x3327a3fe,
    };
    static const uint32_t want[12] = {
        132444429, 987394663, 2275449643, 2729083116, 322701188, 1268620383,
        68534608, 1944581982, 1207702945, 1427901733, 3489811836, 435454516,
    };
    CaliptraPcrDevice dev = {
        .lifecycle = 3, .debug_locked = true, .anti_rollback_disable = false,
        .ecc_vendor_pk_idx = 0, .fmc_svn = 5, .fmc_fuse_svn = 2,
        .lms_vendor_pk_idx = 0xff, .lms_verify = true,
        .owner_pk_hash_in_fuses = true,
    };
    uint8_t pcrs[4][CALIPTRA_PCR_LEN], expect[48];

    words(vendor, 12, dev.vendor_pk_hash);
    words(owner, 12, dev.owner_pk_hash);
    words(fmc, 12, dev.fmc_digest);
    words(want, 12, expect);
    memset(pcrs, 0xa5, sizeof(pcrs));      /* PCR0 is cleared first */
    memset(pcrs[1], 0, CALIPTRA_PCR_LEN);
    caliptra_pcr_rom_measure(pcrs, &dev);
    g_assert_cmpmem(pcrs[0], 48, expect, 48);
    g_assert_cmpmem(pcrs[1], 48, expect, 48);   /* journey, from zero */
}

/* caliptra-sw's test_derive_fmc_alias_key */
static void test_fmc_alias_kat(void)
{
    static const uint32_t pcr0_w[12] = {
        0x0d8f3fd4, 0x4698aaae, 0x7bacaf67, 0x714a8035, 0x9a8d3a51,
        0x3fcde890, 0x8039f4c1, 0x77f9d5a9, 0x77b8ecd5, 0xf29b3fa9,
        0x30e25097, 0xe1d82b14,
    };
    static const uint32_t ldevid_cdi_w[12] = {
        0x0e7b8a15, 0x0cc1476b, 0x28d395d9, 0x233f9f05, 0x670bd435,
        0x96758224, 0xd3dd5081, 0x3da916e5, 0x94f2b09e, 0x257f151d,
        0x261ade90, 0x73a9b3fb,
    };
    static const uint32_t cdi_w[12] = {
        0xf4fb8b09, 0xc9233adb, 0x3dfade39, 0xb656f0ef, 0x151404dc,
        0xf4fe787a, 0x0664baea, 0xe9d2de59, 0x22401c7c, 0x59087111,
        0xd3aeb5b1, 0x368742da,
    };
    static const uint32_t priv_w[12] = {
        0x81a4f53c, 0xeb0749ca, 0x77b0fe32, 0x33fd9798, 0x7412f652,
        0xded8f8a5, 0x39a9ebbd, 0x75ce2870, 0xb5f62bb3, 0x25376504,
        0xa34f286c, 0x849ea86c,
    };
    uint8_t pcr0[48], ldevid_cdi[48], cdi[48], want_cdi[48], want_d[48];
    CaliptraEccKey key;

    words(pcr0_w, 12, pcr0);
    words(ldevid_cdi_w, 12, ldevid_cdi);
    words(cdi_w, 12, want_cdi);
    words(priv_w, 12, want_d);
    caliptra_dice_fmc_alias(ldevid_cdi, pcr0, cdi, &key);
    g_assert_cmpmem(cdi, 48, want_cdi, 48);
    g_assert_cmpmem(key.d, 48, want_d, 48);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert(qcrypto_init(NULL) == 0);

    g_test_add_func("/caliptra/dice/keygen-kat", test_keygen_kat);
    g_test_add_func("/caliptra/dice/identities", test_identities);
    g_test_add_func("/caliptra/dice/idevid-csr", test_idevid_csr);
    g_test_add_func("/caliptra/dice/pcr0-kat", test_pcr0_kat);
    g_test_add_func("/caliptra/dice/fmc-alias-kat", test_fmc_alias_kat);
    g_test_add_func("/caliptra/dice/ldevid-cert", test_ldevid_cert);
    return g_test_run();
}
