/*
 * Caliptra 1.2: the ROM's identity certificates
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_IDENTITY_H
#define HW_MISC_CALIPTRA_IDENTITY_H

#include "caliptra-dv.h"
#include "caliptra-kv.h"
#include "caliptra-uc.h"
#include "caliptra-x509.h"

/* What the certificates are made of: keys, measurements, fuses */
typedef struct CaliptraIdentityEnv {
    CaliptraUc *uc;                 /* FUSE_IDEVID_CERT_ATTR, security state */
    const CaliptraDataVault *dv;
    const CaliptraFwInfo *fw;
    const CaliptraKeyVault *kv;
} CaliptraIdentityEnv;

/* The environment of a layer that holds the four (the ROM, the runtime) */
#define CALIPTRA_IDENTITY_ENV(layer) \
    ((CaliptraIdentityEnv) { (layer)->uc, (layer)->dv, (layer)->fw, \
                             (layer)->kv })

/* GetIdevCsrResp: header, data_size, then up to 512 bytes, sent whole */
#define CALIPTRA_IDEV_CSR_MAX       512
#define CALIPTRA_IDEV_CSR_RESP_SIZE (8 + 4 + CALIPTRA_IDEV_CSR_MAX)

/*
 * The DER LDevID certificate and IDevID CSR of the identities the ROM
 * derived, both signed by the IDevID key. Return the length written to
 * @out, or 0 if it does not fit in @size bytes.
 */
typedef size_t CaliptraIdentityDoc(const CaliptraIdentityEnv *s,
                                   uint8_t *out, size_t size);

CaliptraIdentityDoc caliptra_identity_ldevid_cert;
CaliptraIdentityDoc caliptra_identity_idevid_csr;
/* The FMC alias certificate (by the LDevID), runtime alias (by the FMC) */
CaliptraIdentityDoc caliptra_identity_fmc_alias_cert;
CaliptraIdentityDoc caliptra_identity_rt_alias_cert;
/*
 * The CSR of the FMC alias key, self-signed: 1.2's FMC makes it on each
 * cold boot for runtime's GET_FMC_ALIAS_CSR
 */
CaliptraIdentityDoc caliptra_identity_fmc_alias_csr;

/* The UEID the certificates carry: FUSE_IDEVID_CERT_ATTR's type and id */
void caliptra_identity_ueid(const CaliptraIdentityEnv *s,
                            uint8_t ueid[CALIPTRA_X509_UEID]);

#endif /* HW_MISC_CALIPTRA_IDENTITY_H */
