/*
 * libFuzzer: Caliptra's LMS (SHA-256/192) signature verification
 *
 * Input: the 48-byte public key, the 1620-byte signature, the message;
 * the seed is the unit test's valid vector, so mutations start from a
 * signature that verifies. Invariants: no crash or out-of-bounds access,
 * a result among the verifier's.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "caliptra-lms.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzIn in = { data, size };
    uint8_t key[CALIPTRA_LMS_PUBKEY_SIZE], sig[CALIPTRA_LMS_SIG_SIZE];
    CaliptraLmsResult r;

    fuzz_take(&in, key, sizeof(key));
    fuzz_take(&in, sig, sizeof(sig));
    r = caliptra_lms_verify(in.p, in.left, key, sig);
    FUZZ_CHECK(r <= CALIPTRA_LMS_BAD_Q);
    return 0;
}
