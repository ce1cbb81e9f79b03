/*
 * Caliptra firmware mailbox messages: checksums and response headers
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_MSG_H
#define HW_MISC_CALIPTRA_MSG_H

#include "hw/misc/caliptra_mbox.h"

#define CALIPTRA_MSG_REQ_HDR    4       /* chksum */
#define CALIPTRA_MSG_RESP_HDR   8       /* chksum, fips_status */

/* 0 - (bytes of @cmd, little-endian, + bytes of @data) */
uint32_t caliptra_msg_checksum(uint32_t cmd, const uint8_t *data, size_t len);
/* Does the request's first word check out against the rest? */
bool caliptra_msg_checksum_ok(uint32_t cmd, const uint8_t *req, size_t len);
/*
 * Fill in the response header (checksum with command 0, FIPS status
 * approved) and hand @len bytes to the SoC with DATA_READY.
 */
void caliptra_msg_respond(CaliptraMbox *mbox, uint8_t *resp, size_t len);

#endif /* HW_MISC_CALIPTRA_MSG_H */
