/*
 * Caliptra 1.2 runtime: its DICE Protection Environment (DPE profile
 * 0.12, P384_SHA384, as caliptra-dpe 7679315 implements it)
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_DPE_INTERNAL_H
#define HW_MISC_CALIPTRA_DPE_INTERNAL_H

#include "hw/misc/caliptra_dpe.h"
#include "caliptra-dice.h"
#include "caliptra-x509.h"

#define CALIPTRA_DPE_PROFILE        4       /* DpeProfile::P384Sha384 */
#define CALIPTRA_DPE_MAX_CERT       6144
#define CALIPTRA_DPE_MAX_CHUNK      2048
#define CALIPTRA_DPE_TCI_TYPE_RTJM  0x52544a4d  /* "RTJM" */
#define CALIPTRA_DPE_TCI_TYPE_MBVP  0x4d425650  /* "MBVP" */

/* Command ids, and each command's size after the 12-byte header */
#define CALIPTRA_DPE_CMD_HDR                12
#define CALIPTRA_DPE_GET_PROFILE            0x01
#define CALIPTRA_DPE_INITIALIZE_CONTEXT     0x07
#define CALIPTRA_DPE_DERIVE_CONTEXT         0x08
#define CALIPTRA_DPE_CERTIFY_KEY            0x09
#define CALIPTRA_DPE_SIGN                   0x0a
#define CALIPTRA_DPE_ROTATE_CONTEXT_HANDLE  0x0e
#define CALIPTRA_DPE_DESTROY_CONTEXT        0x0f
#define CALIPTRA_DPE_GET_CERTIFICATE_CHAIN  0x10

/* Fields the runtime looks at before DPE runs a command (after header) */
#define CALIPTRA_DPE_INIT_FLAGS             0
#define CALIPTRA_DPE_DERIVE_FLAGS           64
#define CALIPTRA_DPE_DERIVE_TARGET_LOCALITY 72
#define CALIPTRA_DPE_CERTIFY_FORMAT         20
#define CALIPTRA_DPE_CERTIFY_KEY_SIZE       72

#define CALIPTRA_DPE_INIT_SIMULATION        (1u << 31)
#define CALIPTRA_DPE_INIT_DEFAULT           (1u << 30)

#define CALIPTRA_DPE_DERIVE_INTERNAL_INFO   (1u << 31)
#define CALIPTRA_DPE_DERIVE_INTERNAL_DICE   (1u << 30)
#define CALIPTRA_DPE_DERIVE_RETAIN_PARENT   (1u << 29)
#define CALIPTRA_DPE_DERIVE_MAKE_DEFAULT    (1u << 28)
#define CALIPTRA_DPE_DERIVE_CHANGE_LOCALITY (1u << 27)
#define CALIPTRA_DPE_DERIVE_ALLOW_CA        (1u << 26)
#define CALIPTRA_DPE_DERIVE_ALLOW_X509      (1u << 25)
#define CALIPTRA_DPE_DERIVE_RECURSIVE       (1u << 24)
#define CALIPTRA_DPE_DERIVE_EXPORT_CDI      (1u << 23)
#define CALIPTRA_DPE_DERIVE_CREATE_CERT     (1u << 22)

#define CALIPTRA_DPE_FORMAT_X509            0
#define CALIPTRA_DPE_FORMAT_CSR             1

/* Response status: DpeErrorCode */
#define CALIPTRA_DPE_OK                     0
#define CALIPTRA_DPE_INTERNAL_ERROR         1
#define CALIPTRA_DPE_INVALID_COMMAND        2
#define CALIPTRA_DPE_INVALID_ARGUMENT       3
#define CALIPTRA_DPE_ARGUMENT_NOT_SUPPORTED 4
#define CALIPTRA_DPE_INVALID_HANDLE         0x1000
#define CALIPTRA_DPE_INVALID_LOCALITY       0x1001
#define CALIPTRA_DPE_MAX_TCIS               0x1003
#define CALIPTRA_DPE_PLATFORM_CERT_CHAIN    0x01000001
#define CALIPTRA_DPE_PLATFORM_MISSING_UEID  0x0100000a
#define CALIPTRA_DPE_CRYPTO_BAD_EXPORTED    0x02000006
#define CALIPTRA_DPE_CRYPTO_DUPLICATE_CDI   0x02000007

/* The largest response: CertifyKeyResp */
#define CALIPTRA_DPE_RESP_MAX   (12 + 16 + 2 * 48 + 4 + CALIPTRA_DPE_MAX_CERT)

/*
 * What DPE sees of the firmware below it: the runtime's CDI and alias
 * key (crypto), and the platform's answers (certificate chain, validity,
 * identities). The pointers stay valid for one command.
 */
typedef struct CaliptraDpeEnv {
    const uint8_t *cdi;             /* runtime CDI, 48 bytes */
    const uint8_t *alias_priv;      /* runtime alias key: signs DPE certs */
    const uint8_t *alias_pub;       /* its public point, x ‖ y */
    uint32_t auto_init_locality;
    const uint8_t *cert_chain;
    size_t cert_chain_len;
    CaliptraX509Validity validity;
    const uint8_t *ueid;            /* CALIPTRA_X509_UEID bytes, or NULL */
    const uint8_t *other_name;      /* DMTF device info for a SAN, or NULL */
    size_t other_name_len;
    CaliptraDpeExport *export;
} CaliptraDpeEnv;

/*
 * DpeInstance::new_auto_init: the default context at the environment's
 * auto-init locality, measured with @measurement of type @tci_type
 */
uint32_t caliptra_dpe_init(CaliptraDpe *dpe, const CaliptraDpeEnv *env,
                           uint32_t tci_type, const uint8_t measurement[48]);

/* The command id if caliptra-dpe would deserialize @cmd, else -1 */
int caliptra_dpe_command_id(const uint8_t *cmd, size_t len);

/*
 * Run one serialized command from @locality; the response (a DPE
 * response header with its status, then the command's fields) goes to
 * @resp, at most CALIPTRA_DPE_RESP_MAX bytes. Returns its length; the
 * status is in *status.
 */
size_t caliptra_dpe_execute(CaliptraDpe *dpe, const CaliptraDpeEnv *env,
                            uint32_t locality, const uint8_t *cmd,
                            size_t len, uint8_t *resp, uint32_t *status);

/* DeriveContext as the runtime issues it for its own measurements */
uint32_t caliptra_dpe_derive(CaliptraDpe *dpe, const CaliptraDpeEnv *env,
                             uint32_t locality, const uint8_t data[48],
                             uint32_t flags, uint32_t tci_type,
                             uint32_t target_locality);

/* The active context of @handle at @locality, or a negative status */
int caliptra_dpe_find(const CaliptraDpe *dpe,
                      const uint8_t handle[CALIPTRA_DPE_HANDLE],
                      uint32_t locality);

/* The first non-inactive normal root context, or -1 */
int caliptra_dpe_root(const CaliptraDpe *dpe);

/* caliptra-dpe-crypto.c: the CDI of a measurement, for @purpose */
void caliptra_dpe_cdi(const CaliptraDpeEnv *env,
                      const uint8_t measurement[48], const char *purpose,
                      uint8_t cdi[48]);
/* The key pair a CDI gives for @label (raw bytes) and @info */
bool caliptra_dpe_key(const uint8_t cdi[48], const void *label,
                      size_t label_len, const char *info, CaliptraEccKey *k);
/*
 * Keep @cdi in the exported-CDI slot under a new random @handle; fails
 * (after overwriting the slot's CDI, as 1.2 does) if the slot is taken
 */
uint32_t caliptra_dpe_export_cdi(const CaliptraDpeEnv *env,
                                 const uint8_t cdi[48],
                                 uint8_t handle[CALIPTRA_DPE_EXPORTED_CDI]);
/*
 * SIGN_WITH_EXPORTED_ECDSA: sign @digest with the key of the exported
 * CDI named @handle; false if no exported CDI has that handle
 */
bool caliptra_dpe_sign_exported(const CaliptraDpeEnv *env,
                                const uint8_t handle[32],
                                const uint8_t digest[48], uint8_t pub[96],
                                uint8_t r[48], uint8_t s[48]);

/* caliptra-dpe-cert.c: what a DPE certificate or CSR says */
typedef struct CaliptraDpeCertInfo {
    const CaliptraDpeContext *const *nodes;     /* root first */
    size_t n_nodes;
    bool is_ca;                 /* exported CDI: a CA certificate */
    bool supports_recursive;    /* both TCIs per node */
    const uint8_t *ueid;        /* the UEID extension's value */
    size_t ueid_len;
    uint8_t pub[97];            /* the certified key: 04 ‖ x ‖ y */
    char serial[65];            /* hex SHA-384 of it, first 64 digits */
    uint8_t ski[CALIPTRA_X509_KEY_ID];
    uint8_t aki[CALIPTRA_X509_KEY_ID];
    const uint8_t *other_name;  /* DMTF device info, or NULL */
    size_t other_name_len;
} CaliptraDpeCertInfo;

/* The TBSCertificate, issued by the runtime alias key @issuer_sn */
GByteArray *caliptra_dpe_cert_tbs(const CaliptraDpeCertInfo *ci,
                                  const char *issuer_sn,
                                  const CaliptraX509Validity *v);
/* The PKCS#10 CertificationRequestInfo */
GByteArray *caliptra_dpe_csr_info(const CaliptraDpeCertInfo *ci);
/*
 * The CMS SignedData around @csr, signed (r, s) by the key whose
 * subject key identifier is @sid
 */
GByteArray *caliptra_dpe_cms(const GByteArray *csr, const uint8_t r[48],
                             const uint8_t s[48],
                             const uint8_t sid[CALIPTRA_X509_KEY_ID]);
/*
 * Certify @k for @ci's contexts: an X.509 certificate signed by the
 * runtime alias key, or (@csr) a CSR self-signed by @k inside a CMS
 * signed by the alias key. Fills @ci's key fields; returns the length
 * written to @out (CALIPTRA_DPE_MAX_CERT bytes), 0 on failure.
 */
size_t caliptra_dpe_issue(const CaliptraDpeEnv *env, CaliptraDpeCertInfo *ci,
                          const CaliptraEccKey *k, bool csr, uint8_t *out);

#endif /* HW_MISC_CALIPTRA_DPE_INTERNAL_H */
