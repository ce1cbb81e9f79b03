/*
 * Caliptra 1.2 runtime: SoC image authorization (auth manifest)
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_AUTH_MANIFEST_H
#define HW_MISC_CALIPTRA_AUTH_MANIFEST_H

#include "caliptra-runtime.h"

/*
 * SET_AUTH_MANIFEST: @req is the whole request (@len bytes, header
 * included). Returns 0 or a CaliptraError.
 */
uint32_t caliptra_set_auth_manifest(CaliptraRuntime *s, bool lms,
                                    const uint8_t *req, size_t len);
/* AUTHORIZE_AND_STASH: sets *@result (0xDEADC0DE: authorized, ...) */
uint32_t caliptra_authorize_and_stash(CaliptraRuntime *s, const uint8_t *req,
                                      uint32_t *result);

#endif /* HW_MISC_CALIPTRA_AUTH_MANIFEST_H */
