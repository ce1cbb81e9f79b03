/*
 * Caliptra 1.2: the PCR bank and what the ROM and FMC measure into it
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_PCR_H
#define HW_MISC_CALIPTRA_PCR_H

#define CALIPTRA_PCR_COUNT      32
#define CALIPTRA_PCR_LEN        48
#define CALIPTRA_PCR_NONCE      32

/* The ROM's and FMC's PCRs: current (this boot) and journey (since power) */
enum {
    CALIPTRA_PCR_ROM_CURRENT,       /* PCR0 */
    CALIPTRA_PCR_ROM_JOURNEY,       /* PCR1 */
    CALIPTRA_PCR_FMC_CURRENT,       /* PCR2: the runtime */
    CALIPTRA_PCR_FMC_JOURNEY,       /* PCR3 */
    CALIPTRA_PCR_FIRST_FREE,        /* 4..31 may be extended by the SoC */
    CALIPTRA_PCR_STASH = 31,        /* STASH_MEASUREMENT */
};

/* What the ROM measures of the device and the FMC */
typedef struct CaliptraPcrDevice {
    uint8_t lifecycle;
    bool debug_locked;
    bool anti_rollback_disable;
    uint8_t ecc_vendor_pk_idx;
    uint8_t fmc_svn;                /* the manifest's */
    uint8_t fmc_fuse_svn;           /* effective: 0 if anti-rollback is off */
    uint8_t lms_vendor_pk_idx;      /* 0xff when LMS is not verified */
    bool lms_verify;
    bool owner_pk_hash_in_fuses;
    uint8_t vendor_pk_hash[48];     /* FUSE_KEY_MANIFEST_PK_HASH, bytes */
    uint8_t owner_pk_hash[48];
    uint8_t fmc_digest[48];
} CaliptraPcrDevice;

/* PCR = SHA-384(PCR ‖ data) */
void caliptra_pcr_extend(uint8_t pcr[CALIPTRA_PCR_LEN], const void *data,
                         size_t len);

/* The ROM: clear the current PCR, extend both with the device's state */
void caliptra_pcr_rom_measure(uint8_t pcrs[][CALIPTRA_PCR_LEN],
                              const CaliptraPcrDevice *dev);

/* The FMC: the same for the runtime's digest and the manifest's */
void caliptra_pcr_fmc_measure(uint8_t pcrs[][CALIPTRA_PCR_LEN],
                              const uint8_t rt_digest[48],
                              const uint8_t manifest_digest[48]);

/* What QUOTE_PCRS signs: SHA-384 of all PCRs, then the nonce */
void caliptra_pcr_quote_digest(const uint8_t pcrs[][CALIPTRA_PCR_LEN],
                               const uint8_t nonce[CALIPTRA_PCR_NONCE],
                               uint8_t out[48]);

#endif /* HW_MISC_CALIPTRA_PCR_H */
