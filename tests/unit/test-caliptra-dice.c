/*
 * Unit test of the Caliptra model's DICE primitives and device identities
 * against caliptra-sw's known answers: the ECC KAT (kat/src/ecc384_kat.rs)
 * and the IDevID/LDevID values its integration tests derive from the
 * default fuses (test/src/derive.rs, smoke_test.rs), and the IDevID CSR
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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert(qcrypto_init(NULL) == 0);

    g_test_add_func("/caliptra/dice/keygen-kat", test_keygen_kat);
    g_test_add_func("/caliptra/dice/identities", test_identities);
    g_test_add_func("/caliptra/dice/idevid-csr", test_idevid_csr);
    g_test_add_func("/caliptra/dice/ldevid-cert", test_ldevid_cert);
    return g_test_run();
}
