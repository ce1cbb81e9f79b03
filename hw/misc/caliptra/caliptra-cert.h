/*
 * Caliptra: DER assembly of certificates from their signed parts
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_CERT_H
#define HW_MISC_CALIPTRA_CERT_H

/*
 * Wrap a to-be-signed blob and its ECDSA P-384 signature (r, s: 48-byte
 * big-endian integers) into a DER Certificate (or CSR: same shape) with
 * the ecdsa-with-SHA384 algorithm. Returns the length written to @out, or
 * 0 when the result would not fit in @out_size bytes or in a 16-bit DER
 * length. The ROM's certificates and DPE's use it alike.
 */
size_t caliptra_cert_assemble(const uint8_t *tbs, size_t tbs_len,
                              const uint8_t *r, const uint8_t *s,
                              uint8_t *out, size_t out_size);

#endif /* HW_MISC_CALIPTRA_CERT_H */
