/*
 * Caliptra 1.2: the to-be-signed parts of the ROM's certificates
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_X509_H
#define HW_MISC_CALIPTRA_X509_H

#define CALIPTRA_X509_KEY_ID    20
#define CALIPTRA_X509_UEID      17
#define CALIPTRA_X509_TBS_MAX   1024

#define CALIPTRA_X509_TIME      15      /* GeneralizedTime YYYYMMDDHHMMSSZ */

/* A validity period; NULL for caliptra-sw's defaults (2023 to 9999) */
typedef struct CaliptraX509Validity {
    char not_before[CALIPTRA_X509_TIME];
    char not_after[CALIPTRA_X509_TIME];
} CaliptraX509Validity;

/* The FMC alias certificate's TcbInfo fields (MultiTcbInfo) */
typedef struct CaliptraX509FmcTcb {
    uint8_t fuse_svn;               /* effective FMC fuse SVN */
    uint8_t device_info_hash[48];
    uint8_t flags[4];               /* operational flags, as encoded */
    uint8_t fmc_svn;                /* the manifest's */
    uint8_t fmc_tci[48];            /* FMC digest */
} CaliptraX509FmcTcb;

/* What a certificate says of a key: its public point and identifiers */
typedef struct CaliptraX509Key {
    uint8_t pub[97];                        /* 04 ‖ x ‖ y */
    char sn[65];                            /* hex SHA-256(pub), uppercase */
    uint8_t key_id[CALIPTRA_X509_KEY_ID];   /* subject key identifier */
    uint8_t serial[CALIPTRA_X509_KEY_ID];   /* certificate serial number */
} CaliptraX509Key;

/*
 * The IDevID's key identifier algorithm, FUSE_IDEVID_CERT_ATTR[0][1:0]:
 * SHA-1, SHA-256 or SHA-384 of the key (truncated to 20 bytes), or the
 * fused value of words 1..5.
 */
enum {
    CALIPTRA_KEY_ID_SHA1,
    CALIPTRA_KEY_ID_SHA256,
    CALIPTRA_KEY_ID_SHA384,
    CALIPTRA_KEY_ID_FUSE,
};

/*
 * Fill @k for the public key @xy (x ‖ y, big-endian); the key id as
 * @key_id_alg says (@fuse_id: the 20 fused bytes for CALIPTRA_KEY_ID_FUSE)
 */
void caliptra_x509_key(CaliptraX509Key *k, const uint8_t xy[96],
                       int key_id_alg, const uint8_t *fuse_id);

/*
 * The IDevID CSR's CertificationRequestInfo and the LDevID certificate's
 * TBSCertificate, as caliptra-sw 1.2's x509 templates lay them out.
 * @ueid: the UEID extension's 17 bytes. Return the length written to
 * @out (at most CALIPTRA_X509_TBS_MAX bytes).
 */
size_t caliptra_x509_idevid_csr_tbs(const CaliptraX509Key *idev,
                                    const uint8_t ueid[CALIPTRA_X509_UEID],
                                    uint8_t *out);
/* The CSR the FMC makes of its alias key on each cold boot */
size_t caliptra_x509_fmc_alias_csr_tbs(const CaliptraX509Key *fmc,
                                       const uint8_t ueid[CALIPTRA_X509_UEID],
                                       uint8_t *out);
size_t caliptra_x509_ldevid_tbs(const CaliptraX509Key *idev,
                                const CaliptraX509Key *ldev,
                                const uint8_t ueid[CALIPTRA_X509_UEID],
                                uint8_t *out);

/*
 * The ROM's FMC alias certificate (issued by the LDevID) and the FMC's
 * runtime alias certificate (issued by the FMC alias)
 */
size_t caliptra_x509_fmc_alias_tbs(const CaliptraX509Key *ldev,
                                   const CaliptraX509Key *fmc,
                                   const uint8_t ueid[CALIPTRA_X509_UEID],
                                   const CaliptraX509Validity *v,
                                   const CaliptraX509FmcTcb *tcb,
                                   uint8_t *out);
size_t caliptra_x509_rt_alias_tbs(const CaliptraX509Key *fmc,
                                  const CaliptraX509Key *rt,
                                  const uint8_t ueid[CALIPTRA_X509_UEID],
                                  const CaliptraX509Validity *v,
                                  uint8_t rt_svn, const uint8_t rt_tci[48],
                                  uint8_t *out);

/*
 * Pieces other certificate writers share (caliptra-dpe-cert.c):
 * Name { CN=@cn (a string of DER type @cn_tag), serialNumber=@serial },
 * AlgorithmIdentifier ecdsa-with-SHA384, and the P-384 public key
 * @pub (04 ‖ x ‖ y) as a SubjectPublicKeyInfo
 */
void caliptra_x509_name(GByteArray *b, uint8_t cn_tag, const char *cn,
                        const char *serial);
void caliptra_x509_alg_id(GByteArray *b);
/* caliptra-sw's default validity, 2023 to 9999 */
void caliptra_x509_default_validity(CaliptraX509Validity *v);
void caliptra_x509_spki(GByteArray *b, const uint8_t pub[97]);

#endif /* HW_MISC_CALIPTRA_X509_H */
