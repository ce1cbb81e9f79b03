/*
 * Caliptra 1.2 firmware model: the key vault
 *
 * The one place the firmware's secrets live: the CDI and the key pair of
 * each DICE layer (IDevID, LDevID, FMC alias, runtime alias). Nothing
 * here is readable from outside the model; it is wiped when dropped.
 * Below every layer: the ROM fills the first two, the FMC the others,
 * the runtime signs with them.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_KV_H
#define HW_MISC_CALIPTRA_KV_H

#include "caliptra-dice.h"

typedef struct VMStateDescription VMStateDescription;

typedef struct CaliptraKeyVault {
    uint8_t idevid_cdi[48];
    uint8_t idevid_priv[48];
    uint8_t idevid_pub[96];         /* x ‖ y, big-endian */
    uint8_t ldevid_cdi[48];
    uint8_t ldevid_priv[48];
    uint8_t ldevid_pub[96];
    uint8_t fmc_alias_cdi[48];
    uint8_t fmc_alias_priv[48];
    uint8_t fmc_alias_pub[96];
    uint8_t rt_alias_cdi[48];
    uint8_t rt_alias_priv[48];
    uint8_t rt_alias_pub[96];       /* the one its certificate holds */
    uint8_t rt_dice_pub[96];        /* the one runtime holds now */
} CaliptraKeyVault;

extern const VMStateDescription vmstate_caliptra_kv;

/* Every secret gone, as a cold reset leaves the key vault */
void caliptra_kv_wipe(CaliptraKeyVault *kv);

/* Keep the key pair @k in @priv and @pub (x ‖ y), then wipe @k */
void caliptra_kv_store(CaliptraEccKey *k, uint8_t priv[48], uint8_t pub[96]);

/*
 * DISABLE_ATTESTATION: runtime's CDI and key become the zero CDI's; the
 * certified runtime alias key stays in its certificate, but DPE's
 * issuer is the key runtime now holds
 */
void caliptra_kv_zero_rt(CaliptraKeyVault *kv);

#endif /* HW_MISC_CALIPTRA_KV_H */
