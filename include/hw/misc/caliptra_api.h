/*
 * Caliptra 1.2 mailbox API: command ids and the request and response
 * layouts that more than one side of the mailbox reads
 *
 * From caliptra-sw (branch caliptra-1.2) api/src/mailbox.rs and
 * runtime/README.md, auth-manifest/types. Byte offsets; every field is
 * little-endian. The model's firmware, the boards that drive Caliptra and
 * the tests take them from here.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_API_H
#define HW_MISC_CALIPTRA_API_H

/* Commands: the ASCII of their names, first character most significant */
#define CALIPTRA_CMD_FIRMWARE_LOAD          0x46574c44  /* "FWLD" */
#define CALIPTRA_CMD_CAPABILITIES           0x43415053  /* "CAPS" */
#define CALIPTRA_CMD_VERSION                0x46505652  /* "FPVR" */
#define CALIPTRA_CMD_SELF_TEST_START        0x46504c54  /* "FPLT" */
#define CALIPTRA_CMD_SELF_TEST_GET_RESULTS  0x46504c67  /* "FPLg" */
#define CALIPTRA_CMD_SHUTDOWN               0x46505344  /* "FPSD" */
#define CALIPTRA_CMD_STASH_MEASUREMENT      0x4d454153  /* "MEAS" */
#define CALIPTRA_CMD_GET_IDEV_CSR           0x49444352  /* "IDCR" */
#define CALIPTRA_CMD_ECDSA384_VERIFY        0x53494756  /* "SIGV" */
#define CALIPTRA_CMD_LMS_VERIFY             0x4c4d5356  /* "LMSV" */
#define CALIPTRA_CMD_SET_AUTH_MANIFEST      0x41544d4e  /* "ATMN" */
#define CALIPTRA_CMD_GET_IDEV_INFO          0x49444549  /* "IDEI" */
#define CALIPTRA_CMD_AUTHORIZE_AND_STASH    0x41545348  /* "ATSH" */
#define CALIPTRA_CMD_FW_INFO                0x494e464f  /* "INFO" */
#define CALIPTRA_CMD_GET_IDEV_CERT          0x49444543  /* "IDEC" */
#define CALIPTRA_CMD_GET_LDEV_CERT          0x4c444556  /* "LDEV" */
#define CALIPTRA_CMD_GET_FMC_ALIAS_CERT     0x43455246  /* "CERF" */
#define CALIPTRA_CMD_GET_FMC_ALIAS_CSR      0x464d4352  /* "FMCR" */
#define CALIPTRA_CMD_DISABLE_ATTESTATION    0x4453424c  /* "DSBL" */
#define CALIPTRA_CMD_GET_RT_ALIAS_CERT      0x43455252  /* "CERR" */
#define CALIPTRA_CMD_QUOTE_PCRS             0x50435251  /* "PCRQ" */
#define CALIPTRA_CMD_EXTEND_PCR             0x50435245  /* "PCRE" */
#define CALIPTRA_CMD_INCREMENT_PCR_RESET_COUNTER 0x50435252  /* "PCRR" */
#define CALIPTRA_CMD_INVOKE_DPE             0x44504543  /* "DPEC" */
#define CALIPTRA_CMD_DPE_TAG_TCI            0x54514754  /* "TQGT", sic */
#define CALIPTRA_CMD_DPE_GET_TAGGED_TCI     0x47544744  /* "GTGD" */
#define CALIPTRA_CMD_CERTIFY_KEY_EXTENDED   0x434b4558  /* "CKEX" */
#define CALIPTRA_CMD_ADD_SUBJECT_ALT_NAME   0x414c544e  /* "ALTN" */
#define CALIPTRA_CMD_POPULATE_IDEV_CERT     0x49444550  /* "IDEP" */
#define CALIPTRA_CMD_SIGN_WITH_EXPORTED_ECDSA 0x53574545  /* "SWEE" */
/* Caliptra 2.x only: 1.2 answers it as any unknown command */
#define CALIPTRA_CMD_REVOKE_EXPORTED_CDI_HANDLE 0x52564348  /* "RVCH" */

/* FwInfoResp: checksum, fips_status, then */
#define CALIPTRA_FW_INFO_PL0_PAUSER         0x08
#define CALIPTRA_FW_INFO_RT_SVN             0x0c
#define CALIPTRA_FW_INFO_MIN_RT_SVN         0x10
#define CALIPTRA_FW_INFO_FMC_SVN            0x14

/* AuthorizeAndStashReq: checksum, then */
#define CALIPTRA_AAS_REQ_SIZE               116
#define CALIPTRA_AAS_FW_ID                  4
#define CALIPTRA_AAS_MEASUREMENT            8       /* SHA-384 */
#define CALIPTRA_AAS_CONTEXT                56
#define CALIPTRA_AAS_SVN                    104
#define CALIPTRA_AAS_FLAGS                  108
#define  CALIPTRA_AAS_FLAG_SKIP_STASH       1
#define CALIPTRA_AAS_SOURCE                 112
#define  CALIPTRA_AAS_SOURCE_IN_REQUEST     1
/* AuthorizeAndStashResp: checksum, fips_status, auth_req_result */
#define CALIPTRA_AAS_RESP_RESULT            8
#define  CALIPTRA_IMAGE_AUTHORIZED          0xdeadc0de
#define  CALIPTRA_IMAGE_NOT_AUTHORIZED      0x21523f21
#define  CALIPTRA_IMAGE_HASH_MISMATCH       0x8bfb95cb

/*
 * SetAuthManifestReq: checksum, manifest_size, the manifest. The
 * manifest: a 7168-byte preamble, then the image metadata collection:
 * a u32 entry count and up to 127 entries {fw_id, flags, digest[48]}
 */
#define CALIPTRA_AM_REQ_SIZE                4
#define CALIPTRA_AM_REQ_MANIFEST            8
#define CALIPTRA_AM_MARKER                  0x41544d4e  /* "ATMN" */
#define CALIPTRA_AM_PREAMBLE_SIZE           7168
#define CALIPTRA_AM_META_ENTRY_SIZE         56
#define CALIPTRA_AM_META_FW_ID              0
#define CALIPTRA_AM_META_FLAGS              4
#define  CALIPTRA_AM_META_FLAG_IGNORE_AUTH  (1u << 2)
#define CALIPTRA_AM_META_DIGEST             8
#define CALIPTRA_AM_META_MAX_ENTRIES        127

/* Ecdsa384VerifyReq: checksum, then the key's x and y, then r and s */
#define CALIPTRA_ECDSA_REQ_KEY              4
#define CALIPTRA_ECDSA_REQ_SIG              100
#define CALIPTRA_ECDSA_REQ_SIZE             196

/*
 * LMS: the one parameter set 1.2 takes, LMS_SHA256_M24_H15 with
 * LMOTS_SHA256_N24_W4, and its public key and signature as RFC 8554 lays
 * them out (numbers big-endian there)
 */
#define CALIPTRA_LMS_SHA256_M24_H15         12
#define CALIPTRA_LMOTS_SHA256_N24_W4        7
#define CALIPTRA_LMS_PUBKEY_SIZE            48
#define  CALIPTRA_LMS_KEY_TYPE              0
#define  CALIPTRA_LMS_KEY_OTS_TYPE          4
#define  CALIPTRA_LMS_KEY_ID                8       /* I, 16 bytes */
#define  CALIPTRA_LMS_KEY_T1                24      /* the root, 24 bytes */
#define  CALIPTRA_LMS_ID_SIZE               16
#define  CALIPTRA_LMS_T1_SIZE               24
#define CALIPTRA_LMS_SIG_SIZE               1620
#define  CALIPTRA_LMS_SIG_Q                 0x000   /* the leaf */
#define  CALIPTRA_LMS_SIG_OTS               0x004   /* type, C, y[51] */
#define  CALIPTRA_LMS_SIG_OTS_SIZE          1252
#define  CALIPTRA_LMS_SIG_TYPE              0x4e8
#define  CALIPTRA_LMS_SIG_PATH              0x4ec   /* 15 nodes of 24 */
#define  CALIPTRA_LMS_SIG_PATH_SIZE         360

/*
 * LmsVerifyReq: checksum, the public key, the signature, laid out as
 * above but with the key's two type words, q and the signature's LMS type
 * as little-endian numbers (caliptra-sw api LmsVerifyReq)
 */
#define CALIPTRA_LMS_REQ_KEY                4
#define CALIPTRA_LMS_REQ_SIG                52
#define CALIPTRA_LMS_REQ_SIZE               1672

#endif /* HW_MISC_CALIPTRA_API_H */
