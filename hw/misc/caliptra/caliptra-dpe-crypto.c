/*
 * Caliptra 1.2 runtime: the crypto it plugs into its DPE
 *
 * caliptra-dpe asks its platform for a CDI per measurement and a key
 * pair per CDI and label; the 1.2 runtime answers with its key vault and
 * HMAC and ECC engines (runtime/src/dpe_crypto.rs):
 *
 *   CDI      = KDF(runtime CDI, "derive_cdi", SHA-384(measurement ‖ purpose))
 *   key pair = ECC keygen(KDF(CDI, label, info))
 *
 * with the runtime's HMAC-384 KDF (caliptra-dice.c). An exported CDI
 * stays in the runtime's one exported-CDI slot, named by a random handle.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/guest-random.h"
#include "caliptra-crypto.h"
#include "caliptra-dpe.h"

#define HASH    CALIPTRA_DPE_HASH

void caliptra_dpe_cdi(const CaliptraDpeEnv *env,
                      const uint8_t measurement[HASH], const char *purpose,
                      uint8_t cdi[HASH])
{
    size_t plen = strlen(purpose);
    g_autofree uint8_t *ctx = g_malloc(HASH + plen);
    uint8_t context[HASH];

    memcpy(ctx, measurement, HASH);
    memcpy(ctx + HASH, purpose, plen);
    caliptra_sha384(ctx, HASH + plen, context);
    caliptra_kdf(env->cdi, "derive_cdi", context, sizeof(context), cdi);
}

bool caliptra_dpe_key(const uint8_t cdi[HASH], const void *label,
                      size_t label_len, const char *info, CaliptraEccKey *k)
{
    uint8_t seed[HASH];
    bool ok;

    caliptra_kdf_bytes(cdi, label, label_len, (const uint8_t *)info,
                       strlen(info), seed);
    ok = caliptra_ecc_keygen(seed, k);
    caliptra_wipe(seed, sizeof(seed));
    return ok;
}

uint32_t caliptra_dpe_export_cdi(const CaliptraDpeEnv *env,
                                 const uint8_t cdi[HASH],
                                 uint8_t handle[CALIPTRA_DPE_EXPORTED_CDI])
{
    CaliptraDpeExport *ex = env->export;

    qemu_guest_getrandom_nofail(handle, CALIPTRA_DPE_EXPORTED_CDI);
    /*
     * The CDI goes to the slot's key-vault entry before the slot list is
     * checked: a second export overwrites what the first handle names,
     * then fails as a duplicate. 1.2 behaves so; kept.
     */
    memcpy(ex->cdi, cdi, HASH);
    if (ex->used) {
        return CALIPTRA_DPE_CRYPTO_DUPLICATE_CDI;
    }
    ex->used = true;
    memcpy(ex->handle, handle, CALIPTRA_DPE_EXPORTED_CDI);
    return CALIPTRA_DPE_OK;
}

bool caliptra_dpe_sign_exported(const CaliptraDpeEnv *env,
                                const uint8_t handle[32],
                                const uint8_t digest[48], uint8_t pub[96],
                                uint8_t r[48], uint8_t s[48])
{
    static const char label[] = "Exported ECC";
    const CaliptraDpeExport *ex = env->export;
    CaliptraEccKey k;
    bool ok;

    if (!ex->used || memcmp(ex->handle, handle, CALIPTRA_DPE_EXPORTED_CDI)) {
        return false;
    }
    ok = caliptra_dpe_key(ex->cdi, label, strlen(label), label, &k) &&
         caliptra_ecdsa_p384_sign(k.d, digest, r, s);
    memcpy(pub, k.x, HASH);
    memcpy(pub + HASH, k.y, HASH);
    caliptra_wipe(&k, sizeof(k));
    return ok;
}
