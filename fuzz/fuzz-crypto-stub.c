/*
 * ECDSA verification under the harness's control
 *
 * Signatures cannot be fuzzed into validity, so the harnesses that need
 * the code behind them (bundle verification, the auth manifest) link
 * with -Wl,--wrap=caliptra_ecdsa_p384_verify, as caliptra-sw's image
 * fuzzer bypasses its verifier's signature checks: the model's crypto
 * helpers stay real, only their ECDSA verification answers what the
 * harness chose.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "fuzz-crypto-stub.h"

CaliptraEcdsaResult fuzz_ecdsa_result;

CaliptraEcdsaResult __wrap_caliptra_ecdsa_p384_verify(const uint8_t *x,
                                                      const uint8_t *y,
                                                      const uint8_t *r,
                                                      const uint8_t *s,
                                                      const uint8_t *digest);
CaliptraEcdsaResult __wrap_caliptra_ecdsa_p384_verify(const uint8_t *x,
                                                      const uint8_t *y,
                                                      const uint8_t *r,
                                                      const uint8_t *s,
                                                      const uint8_t *digest)
{
    return fuzz_ecdsa_result;
}
