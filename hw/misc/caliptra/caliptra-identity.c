/*
 * Caliptra 1.2: the ROM's identity certificates
 *
 * The ROM derives the IDevID and LDevID keys (caliptra-dice.c); here they
 * become the IDevID CSR and the LDevID certificate the runtime hands out,
 * signed as the ROM signs them (the IDevID key, RFC 6979), with the
 * identifiers the FUSE_IDEVID_CERT_ATTR fuses select. Signing is
 * deterministic, so computing them when asked gives the bytes the ROM
 * would have kept since boot: the fuses are locked by then.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "hw/misc/caliptra_rom.h"
#include "hw/misc/caliptra_soc_ifc.h"
#include "caliptra-cert.h"
#include "caliptra-crypto.h"
#include "caliptra-identity.h"
#include "caliptra-x509.h"

/* FUSE_IDEVID_CERT_ATTR (24 words), as the ROM reads it */
#define SOC_FUSE_IDEVID_CERT_ATTR   0x2cc
#define ATTR_KEY_ID_ALG             0   /* word 0, bits 1:0 */
#define ATTR_KEY_ID                 1   /* words 1..5: a fused key id */
#define ATTR_UEID_TYPE              6   /* word 6, low byte */
#define ATTR_UEID                   7   /* words 7..10 */

static uint32_t cert_attr(CaliptraRom *s, int word)
{
    return caliptra_soc_ifc_uc_read(s->soc_ifc,
                                    SOC_FUSE_IDEVID_CERT_ATTR + 4 * word);
}

/* The UEID extension: its type byte, then 16 fused bytes */
static void identity_ueid(CaliptraRom *s, uint8_t ueid[CALIPTRA_X509_UEID])
{
    ueid[0] = cert_attr(s, ATTR_UEID_TYPE);
    for (int i = 0; i < 4; i++) {
        stl_le_p(ueid + 1 + 4 * i, cert_attr(s, ATTR_UEID + i));
    }
}

static void identity_idevid(CaliptraRom *s, CaliptraX509Key *k)
{
    uint8_t fused_id[CALIPTRA_X509_KEY_ID];

    for (int i = 0; i < CALIPTRA_X509_KEY_ID / 4; i++) {
        stl_le_p(fused_id + 4 * i, cert_attr(s, ATTR_KEY_ID + i));
    }
    caliptra_x509_key(k, s->idevid_pub, cert_attr(s, ATTR_KEY_ID_ALG) & 3,
                      fused_id);
}

/* Sign @tbs with the IDevID key and wrap it; 0 if it cannot be done */
static size_t identity_sign(CaliptraRom *s, const uint8_t *tbs, size_t len,
                            uint8_t *out, size_t size)
{
    uint8_t digest[48], r[48], sig_s[48];

    caliptra_sha384(tbs, len, digest);
    if (!caliptra_ecdsa_p384_sign(s->idevid_priv, digest, r, sig_s)) {
        return 0;
    }
    return caliptra_cert_assemble(tbs, len, r, sig_s, out, size);
}

size_t caliptra_identity_ldevid_cert(CaliptraRom *s, uint8_t *out,
                                     size_t size)
{
    uint8_t tbs[CALIPTRA_X509_TBS_MAX], ueid[CALIPTRA_X509_UEID];
    CaliptraX509Key idev, ldev;
    size_t len;

    identity_idevid(s, &idev);
    caliptra_x509_key(&ldev, s->ldevid_pub, CALIPTRA_KEY_ID_SHA256, NULL);
    identity_ueid(s, ueid);
    len = caliptra_x509_ldevid_tbs(&idev, &ldev, ueid, tbs);
    return identity_sign(s, tbs, len, out, size);
}

size_t caliptra_identity_idevid_csr(CaliptraRom *s, uint8_t *out,
                                    size_t size)
{
    uint8_t tbs[CALIPTRA_X509_TBS_MAX], ueid[CALIPTRA_X509_UEID];
    CaliptraX509Key idev;
    size_t len;

    identity_idevid(s, &idev);
    identity_ueid(s, ueid);
    len = caliptra_x509_idevid_csr_tbs(&idev, ueid, tbs);
    return identity_sign(s, tbs, len, out, size);
}
