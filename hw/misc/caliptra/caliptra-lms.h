/*
 * LMS signature verification (RFC 8554, NIST SP 800-208) for the
 * parameter set Caliptra 1.2 uses: LMS_SHA256_M24_H15 with
 * LMOTS_SHA256_N24_W4
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_LMS_H
#define HW_MISC_CALIPTRA_LMS_H

#include "hw/misc/caliptra_api.h"

typedef enum CaliptraLmsResult {
    CALIPTRA_LMS_OK,
    CALIPTRA_LMS_INVALID,   /* well formed, but the root does not match */
    CALIPTRA_LMS_FAILURE,   /* an LMS type that is not Caliptra's */
    /* caliptra-sw's finer refusals, in the order its checks run */
    CALIPTRA_LMS_BAD_KEY_OTS_TYPE,  /* the key's LM-OTS type */
    CALIPTRA_LMS_OTS_MISMATCH,      /* the signature's is not the key's */
    CALIPTRA_LMS_BAD_Q,             /* the leaf is outside the tree */
} CaliptraLmsResult;

/* Public key and signature as RFC 8554 byte strings */
CaliptraLmsResult caliptra_lms_verify(const uint8_t *msg, size_t msg_len,
                                      const uint8_t *pubkey,
                                      const uint8_t *sig);

#endif /* HW_MISC_CALIPTRA_LMS_H */
