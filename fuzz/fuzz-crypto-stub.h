/*
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef CALIPTRA_FUZZ_CRYPTO_STUB_H
#define CALIPTRA_FUZZ_CRYPTO_STUB_H

#include "caliptra-crypto.h"

/* What every ECDSA verification answers */
extern CaliptraEcdsaResult fuzz_ecdsa_result;

#endif
