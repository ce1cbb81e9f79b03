/*
 * Caliptra model: a resumable SHA-384/512 (FIPS 180-4) whose state is
 * plain data, so that a stream the guest feeds word by word can migrate.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_SHA512_H
#define HW_MISC_CALIPTRA_SHA512_H

#include "hw/misc/caliptra_sha_acc.h"

void caliptra_sha512_init(CaliptraSha512 *c, bool sha384);
void caliptra_sha512_update(CaliptraSha512 *c, const uint8_t *data,
                            size_t len);
/*
 * Pad and run the last blocks; c->h[] then holds H0..H7, of which a
 * SHA-384 digest is the first six.
 */
void caliptra_sha512_final(CaliptraSha512 *c);

#endif /* HW_MISC_CALIPTRA_SHA512_H */
