/*
 * Caliptra 1.2: the ROM's identity certificates
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_IDENTITY_H
#define HW_MISC_CALIPTRA_IDENTITY_H

#include "hw/misc/caliptra_rom.h"
#include "caliptra-x509.h"

/* GetIdevCsrResp: header, data_size, then up to 512 bytes, sent whole */
#define CALIPTRA_IDEV_CSR_MAX       512
#define CALIPTRA_IDEV_CSR_RESP_SIZE (8 + 4 + CALIPTRA_IDEV_CSR_MAX)

/*
 * The DER LDevID certificate and IDevID CSR of the identities the ROM
 * derived, both signed by the IDevID key. Return the length written to
 * @out, or 0 if it does not fit in @size bytes.
 */
size_t caliptra_identity_ldevid_cert(CaliptraRom *s, uint8_t *out,
                                     size_t size);
size_t caliptra_identity_idevid_csr(CaliptraRom *s, uint8_t *out,
                                    size_t size);
/* The FMC alias certificate (by the LDevID), runtime alias (by the FMC) */
size_t caliptra_identity_fmc_alias_cert(CaliptraRom *s, uint8_t *out,
                                        size_t size);
size_t caliptra_identity_rt_alias_cert(CaliptraRom *s, uint8_t *out,
                                       size_t size);
/*
 * The CSR of the FMC alias key, self-signed: 1.2's FMC makes it on each
 * cold boot for runtime's GET_FMC_ALIAS_CSR
 */
size_t caliptra_identity_fmc_alias_csr(CaliptraRom *s, uint8_t *out,
                                       size_t size);

/* The UEID the certificates carry: FUSE_IDEVID_CERT_ATTR's type and id */
void caliptra_identity_ueid(CaliptraRom *s, uint8_t ueid[CALIPTRA_X509_UEID]);

#endif /* HW_MISC_CALIPTRA_IDENTITY_H */
