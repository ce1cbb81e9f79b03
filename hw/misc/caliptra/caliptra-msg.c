/*
 * Caliptra firmware mailbox messages: checksums and response headers
 *
 * Request = chksum ‖ payload; response = chksum ‖ fips_status ‖ payload,
 * as in caliptra-sw's api/src/checksum.rs and api/src/mailbox.rs. The
 * same framing serves the ROM and the runtime.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "caliptra-msg.h"

uint32_t caliptra_msg_checksum(uint32_t cmd, const uint8_t *data, size_t len)
{
    uint32_t sum = 0;

    for (int i = 0; i < 4; i++) {
        sum += (cmd >> (8 * i)) & 0xff;
    }
    for (size_t i = 0; i < len; i++) {
        sum += data[i];
    }
    return -sum;
}

bool caliptra_msg_checksum_ok(uint32_t cmd, const uint8_t *req, size_t len)
{
    return len >= CALIPTRA_MSG_REQ_HDR &&
           caliptra_msg_checksum(cmd, req + CALIPTRA_MSG_REQ_HDR,
                                 len - CALIPTRA_MSG_REQ_HDR) ==
           (uint32_t)ldl_le_p(req);
}

void caliptra_msg_respond(CaliptraMbox *mbox, uint8_t *resp, size_t len)
{
    stl_le_p(resp + 4, 0);
    stl_le_p(resp, caliptra_msg_checksum(0, resp + 4, len - 4));
    caliptra_mbox_uc_respond(mbox, CALIPTRA_MBOX_DATA_READY, resp, len);
}
