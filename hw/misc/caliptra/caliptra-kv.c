/*
 * Caliptra 1.2 firmware model: the key vault
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "migration/vmstate.h"
#include "caliptra-crypto.h"
#include "caliptra-kv.h"

void caliptra_kv_wipe(CaliptraKeyVault *kv)
{
    caliptra_wipe(kv, sizeof(*kv));
}

void caliptra_kv_store(CaliptraEccKey *k, uint8_t priv[48], uint8_t pub[96])
{
    memcpy(priv, k->d, 48);
    memcpy(pub, k->x, 48);
    memcpy(pub + 48, k->y, 48);
    caliptra_wipe(k, sizeof(*k));
}

void caliptra_kv_zero_rt(CaliptraKeyVault *kv)
{
    CaliptraEccKey k;

    caliptra_dice_zero_rt(kv->rt_alias_cdi, &k);
    /* The certified rt_alias_pub stays: DPE's issuer is rt_dice_pub */
    caliptra_kv_store(&k, kv->rt_alias_priv, kv->rt_dice_pub);
}

/*
 * The key vault migrates with the device: a migration stream carries
 * Caliptra's secrets (see docs/system/arm/caliptra.rst)
 */
const VMStateDescription vmstate_caliptra_kv = {
    .name = "caliptra-key-vault",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8_ARRAY(idevid_cdi, CaliptraKeyVault, 48),
        VMSTATE_UINT8_ARRAY(idevid_priv, CaliptraKeyVault, 48),
        VMSTATE_UINT8_ARRAY(idevid_pub, CaliptraKeyVault, 96),
        VMSTATE_UINT8_ARRAY(ldevid_cdi, CaliptraKeyVault, 48),
        VMSTATE_UINT8_ARRAY(ldevid_priv, CaliptraKeyVault, 48),
        VMSTATE_UINT8_ARRAY(ldevid_pub, CaliptraKeyVault, 96),
        VMSTATE_UINT8_ARRAY(fmc_alias_cdi, CaliptraKeyVault, 48),
        VMSTATE_UINT8_ARRAY(fmc_alias_priv, CaliptraKeyVault, 48),
        VMSTATE_UINT8_ARRAY(fmc_alias_pub, CaliptraKeyVault, 96),
        VMSTATE_UINT8_ARRAY(rt_alias_cdi, CaliptraKeyVault, 48),
        VMSTATE_UINT8_ARRAY(rt_alias_priv, CaliptraKeyVault, 48),
        VMSTATE_UINT8_ARRAY(rt_alias_pub, CaliptraKeyVault, 96),
        VMSTATE_UINT8_ARRAY(rt_dice_pub, CaliptraKeyVault, 96),
        VMSTATE_END_OF_LIST(),
    },
};
