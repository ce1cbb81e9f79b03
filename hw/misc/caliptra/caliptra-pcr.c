/*
 * Caliptra 1.2: the PCR bank and what the ROM and FMC measure into it
 *
 * The hardware PCR bank extends with SHA-384(PCR ‖ data). The ROM
 * measures the device state, the key hashes and the FMC into PCR0 (this
 * boot) and PCR1 (since power-on); the FMC measures the runtime and the
 * manifest into PCR2 and PCR3. PCR0 is what the FMC alias key is derived
 * from, so these layouts decide the device's identity.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "crypto/hash.h"
#include "caliptra-pcr.h"

void caliptra_pcr_extend(uint8_t pcr[CALIPTRA_PCR_LEN], const void *data,
                         size_t len)
{
    g_autofree uint8_t *digest = NULL;
    size_t dlen = 0;
    struct iovec iov[2] = {
        { .iov_base = pcr, .iov_len = CALIPTRA_PCR_LEN },
        { .iov_base = (void *)data, .iov_len = len },
    };

    qcrypto_hash_bytesv(QCRYPTO_HASH_ALGO_SHA384, iov, 2, &digest, &dlen,
                        &error_abort);
    memcpy(pcr, digest, CALIPTRA_PCR_LEN);
}

static void pcr_extend_pair(uint8_t pcrs[][CALIPTRA_PCR_LEN], int current,
                            const void *data, size_t len)
{
    caliptra_pcr_extend(pcrs[current], data, len);
    caliptra_pcr_extend(pcrs[current + 1], data, len);
}

void caliptra_pcr_rom_measure(uint8_t pcrs[][CALIPTRA_PCR_LEN],
                              const CaliptraPcrDevice *dev)
{
    const uint8_t status[] = {
        dev->lifecycle, dev->debug_locked, dev->anti_rollback_disable,
        dev->ecc_vendor_pk_idx, dev->fmc_svn, dev->fmc_fuse_svn,
        dev->lms_vendor_pk_idx, dev->lms_verify, dev->owner_pk_hash_in_fuses,
    };
    const int pcr = CALIPTRA_PCR_ROM_CURRENT;

    memset(pcrs[pcr], 0, CALIPTRA_PCR_LEN);
    pcr_extend_pair(pcrs, pcr, status, sizeof(status));
    pcr_extend_pair(pcrs, pcr, dev->vendor_pk_hash, 48);
    pcr_extend_pair(pcrs, pcr, dev->owner_pk_hash, 48);
    pcr_extend_pair(pcrs, pcr, dev->fmc_digest, 48);
}

void caliptra_pcr_fmc_measure(uint8_t pcrs[][CALIPTRA_PCR_LEN],
                              const uint8_t rt_digest[48],
                              const uint8_t manifest_digest[48])
{
    const int pcr = CALIPTRA_PCR_FMC_CURRENT;

    memset(pcrs[pcr], 0, CALIPTRA_PCR_LEN);
    pcr_extend_pair(pcrs, pcr, rt_digest, 48);
    pcr_extend_pair(pcrs, pcr, manifest_digest, 48);
}

void caliptra_pcr_quote_digest(const uint8_t pcrs[][CALIPTRA_PCR_LEN],
                               const uint8_t nonce[CALIPTRA_PCR_NONCE],
                               uint8_t out[48])
{
    g_autofree uint8_t *digest = NULL;
    size_t dlen = 0;
    struct iovec iov[2] = {
        { .iov_base = (void *)pcrs,
          .iov_len = CALIPTRA_PCR_COUNT * CALIPTRA_PCR_LEN },
        { .iov_base = (void *)nonce, .iov_len = CALIPTRA_PCR_NONCE },
    };

    qcrypto_hash_bytesv(QCRYPTO_HASH_ALGO_SHA384, iov, 2, &digest, &dlen,
                        &error_abort);
    memcpy(out, digest, 48);
}
