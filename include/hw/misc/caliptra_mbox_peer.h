/*
 * Caliptra mailbox peers: whole mailbox transactions handed elsewhere
 *
 * A mailbox front end that implements TYPE_CPTRA_MBOX_IF hands each
 * transaction (command, DLEN, data) to a peer, a TYPE_CPTRA_MBOX_PEER
 * device, which answers once through the interface's complete() with the
 * status, DLEN and data of the response. The names and the wire format of
 * the external peer are those of QEMU's AST1040 Caliptra mailbox work,
 * so one external server (e.g. around caliptra-sw's emulator) serves
 * both machines.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_MBOX_PEER_H
#define HW_MISC_CALIPTRA_MBOX_PEER_H

#include "hw/qdev-core.h"
#include "qom/object.h"

#define TYPE_CPTRA_MBOX_IF "cptra-mbox-if"
typedef struct CptraMboxIfClass CptraMboxIfClass;
DECLARE_CLASS_CHECKERS(CptraMboxIfClass, CPTRA_MBOX_IF, TYPE_CPTRA_MBOX_IF)
#define CPTRA_MBOX_IF(obj) \
    INTERFACE_CHECK(CptraMboxIf, (obj), TYPE_CPTRA_MBOX_IF)
typedef struct CptraMboxIf CptraMboxIf;

struct CptraMboxIfClass {
    InterfaceClass parent_class;

    /*
     * The peer's answer: @status is a CALIPTRA_MBOX_CMD_* value, @dlen the
     * response's length in bytes, @data its @len bytes (whole words)
     */
    void (*complete)(CptraMboxIf *intf, uint32_t status, uint32_t dlen,
                     const uint8_t *data, uint32_t len);
};

#define TYPE_CPTRA_MBOX_PEER "cptra-mbox-peer"
OBJECT_DECLARE_TYPE(CptraMboxPeer, CptraMboxPeerClass, CPTRA_MBOX_PEER)

struct CptraMboxPeer {
    DeviceState parent_obj;

    /* The front end the peer answers; set while it is linked */
    CptraMboxIf *intf;
};

struct CptraMboxPeerClass {
    DeviceClass parent_class;

    /*
     * A transaction: @cmd and @dlen as the SoC wrote them, @data the
     * mailbox's first @len bytes (DLEN rounded up to words; the peer
     * copies what it keeps). The peer calls cptra_mbox_peer_complete()
     * exactly once, now or later.
     */
    void (*handle_execute)(CptraMboxPeer *peer, uint32_t cmd, uint32_t dlen,
                           const uint8_t *data, uint32_t len);
    /* Optional: the front end was reset; a pending answer is dropped */
    void (*handle_reset)(CptraMboxPeer *peer);
};

void cptra_mbox_peer_execute(CptraMboxPeer *peer, uint32_t cmd,
                             uint32_t dlen, const uint8_t *data,
                             uint32_t len);
void cptra_mbox_peer_reset(CptraMboxPeer *peer);
void cptra_mbox_peer_complete(CptraMboxPeer *peer, uint32_t status,
                              uint32_t dlen, const uint8_t *data,
                              uint32_t len);

/*
 * The external peer: a process on a chardev. Each message is a 12-byte
 * header (little-endian: magic, u16 version, u16 type, u32 payload
 * length), then the payload: EXECUTE {cmd, dlen, data}, RESPONSE
 * {status, dlen, data}, data in whole little-endian words.
 */
#define TYPE_CPTRA_MBOX_PEER_EXTERN "cptra-mbox-peer-extern"

#define CPTRA_MBOX_PEER_MAGIC       0x4D424F58  /* "MBOX" */
#define CPTRA_MBOX_PEER_VERSION     1
#define CPTRA_MBOX_PEER_EXECUTE     1
#define CPTRA_MBOX_PEER_RESPONSE    2
#define CPTRA_MBOX_PEER_HDR_SIZE    12
#define CPTRA_MBOX_PEER_BODY_HDR    8           /* cmd/status, dlen */

#endif /* HW_MISC_CALIPTRA_MBOX_PEER_H */
