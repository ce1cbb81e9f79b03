/*
 * Caliptra 1.2 firmware model: the FMC layer
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "hw/misc/caliptra_soc_ifc.h"
#include "hw/misc/caliptra_regs.h"
#include "caliptra-fmc.h"

void caliptra_fmc_boot(CaliptraUc *uc, CaliptraDataVault *dv,
                       const CaliptraFwInfo *fw, CaliptraKeyVault *kv,
                       CaliptraResetFlow flow)
{
    uint32_t rev0 = caliptra_uc_soc(uc, A_CPTRA_FW_REV_ID);
    uint8_t rt_digest[48];
    CaliptraEccKey k;

    for (int i = 0; i < 48; i += 4) {
        stl_be_p(rt_digest + i, ldl_le_p(fw->rt_digest_words + i));
    }
    /* A warm reset leaves the PCRs as they were (fmc/src/flow/rt_alias.rs) */
    if (flow != CALIPTRA_FLOW_WARM) {
        caliptra_pcr_fmc_measure(dv->pcrs, rt_digest, fw->manifest_digest);
    }
    caliptra_dice_fmc_alias(kv->ldevid_cdi,
                            dv->pcrs[CALIPTRA_PCR_ROM_CURRENT],
                            kv->fmc_alias_cdi, &k);
    caliptra_kv_store(&k, kv->fmc_alias_priv, kv->fmc_alias_pub);
    caliptra_dice_rt_alias(kv->fmc_alias_cdi, rt_digest, fw->manifest_digest,
                           kv->rt_alias_cdi, &k);
    caliptra_kv_store(&k, kv->rt_alias_priv, kv->rt_alias_pub);
    memcpy(kv->rt_dice_pub, kv->rt_alias_pub, sizeof(kv->rt_dice_pub));
    /* The runtime's reset flow disables attestation again */
    if (dv->attestation_disabled) {
        caliptra_kv_zero_rt(kv);
    }
    /* CPTRA_FW_REV_ID[0]: the ROM's version below, the FMC's above */
    caliptra_soc_ifc_set_fw_rev(uc->soc_ifc, 0,
                                (rev0 & 0xffff) | (dv->fmc_version << 16));
}
