/*
 * Caliptra mailbox peers, and the external one on a chardev
 *
 * The external peer sends each transaction as one EXECUTE message and
 * reads one RESPONSE (include/hw/misc/caliptra_mbox_peer.h). It runs in
 * the main loop: the request is written whole, the response read as it
 * arrives. A peer that is not connected, disconnects, or answers with a
 * malformed or unexpected message fails the transaction
 * (CALIPTRA_MBOX_CMD_FAILURE); after a malformed message the connection
 * is dropped, since the stream can no longer be framed. The peer's own
 * state lives in another process: migration is blocked.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qemu/error-report.h"
#include "qapi/error.h"
#include "chardev/char-fe.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "hw/misc/caliptra_mbox.h"
#include "hw/misc/caliptra_mbox_peer.h"
#include "migration/blocker.h"
#include "trace.h"

void cptra_mbox_peer_execute(CptraMboxPeer *peer, uint32_t cmd,
                             uint32_t dlen, const uint8_t *data,
                             uint32_t len)
{
    CPTRA_MBOX_PEER_GET_CLASS(peer)->handle_execute(peer, cmd, dlen, data,
                                                    len);
}

void cptra_mbox_peer_reset(CptraMboxPeer *peer)
{
    CptraMboxPeerClass *pc = CPTRA_MBOX_PEER_GET_CLASS(peer);

    if (pc->handle_reset) {
        pc->handle_reset(peer);
    }
}

void cptra_mbox_peer_complete(CptraMboxPeer *peer, uint32_t status,
                              uint32_t dlen, const uint8_t *data,
                              uint32_t len)
{
    if (peer->intf) {
        CPTRA_MBOX_IF_GET_CLASS(peer->intf)->complete(peer->intf, status,
                                                      dlen, data, len);
    }
}

OBJECT_DECLARE_SIMPLE_TYPE(CptraMboxPeerExtern, CPTRA_MBOX_PEER_EXTERN)

/* The largest RESPONSE: status, dlen, a full mailbox */
#define EXTERN_BODY_MAX (CPTRA_MBOX_PEER_BODY_HDR + CALIPTRA_MBOX_SRAM_SIZE)

struct CptraMboxPeerExtern {
    CptraMboxPeer parent_obj;

    CharFrontend chr;
    Error *migration_blocker;
    bool pending;               /* an EXECUTE waits for its RESPONSE */
    /* The message being read: header, then body */
    uint8_t hdr[CPTRA_MBOX_PEER_HDR_SIZE];
    uint32_t hdr_got;
    uint8_t *body;
    uint32_t body_len;
    uint32_t body_got;
};

static void extern_fail(CptraMboxPeerExtern *s, const char *why)
{
    CptraMboxPeer *peer = CPTRA_MBOX_PEER(s);

    if (why) {
        error_report("%s: %s", TYPE_CPTRA_MBOX_PEER_EXTERN, why);
    }
    g_clear_pointer(&s->body, g_free);
    s->hdr_got = 0;
    s->body_got = 0;
    if (s->pending) {
        s->pending = false;
        cptra_mbox_peer_complete(peer, CALIPTRA_MBOX_CMD_FAILURE, 0, NULL, 0);
    }
}

/* The stream cannot be framed any more: drop the connection too */
static void extern_protocol_error(CptraMboxPeerExtern *s, const char *why)
{
    extern_fail(s, why);
    qemu_chr_fe_disconnect(&s->chr);
}

static void extern_execute(CptraMboxPeer *peer, uint32_t cmd, uint32_t dlen,
                           const uint8_t *data, uint32_t len)
{
    CptraMboxPeerExtern *s = CPTRA_MBOX_PEER_EXTERN(peer);
    uint32_t words = ROUND_UP(dlen, 4);
    uint32_t payload = CPTRA_MBOX_PEER_BODY_HDR + words;
    g_autofree uint8_t *msg = g_malloc0(CPTRA_MBOX_PEER_HDR_SIZE + payload);

    assert(!s->pending && len >= words);
    trace_cptra_mbox_peer_execute(cmd, dlen);
    if (!qemu_chr_fe_backend_open(&s->chr)) {
        s->pending = true;
        extern_fail(s, "no peer connected: the command fails");
        return;
    }
    stl_le_p(msg, CPTRA_MBOX_PEER_MAGIC);
    stw_le_p(msg + 4, CPTRA_MBOX_PEER_VERSION);
    stw_le_p(msg + 6, CPTRA_MBOX_PEER_EXECUTE);
    stl_le_p(msg + 8, payload);
    stl_le_p(msg + 12, cmd);
    stl_le_p(msg + 16, dlen);
    memcpy(msg + 20, data, words);
    s->pending = true;
    s->hdr_got = 0;
    if (qemu_chr_fe_write_all(&s->chr, msg, CPTRA_MBOX_PEER_HDR_SIZE +
                              payload) != CPTRA_MBOX_PEER_HDR_SIZE + payload) {
        extern_protocol_error(s, "writing to the peer failed");
    }
}

static void extern_reset(CptraMboxPeer *peer)
{
    CptraMboxPeerExtern *s = CPTRA_MBOX_PEER_EXTERN(peer);

    /*
     * The front end forgets its transaction; a RESPONSE still on its way
     * would be taken for the next one's, so the connection goes
     */
    if (s->pending) {
        s->pending = false;
        extern_protocol_error(s, "reset with a command in flight");
    }
}

/* A whole RESPONSE: check it against what may be answered, hand it on */
static void extern_response(CptraMboxPeerExtern *s)
{
    uint32_t status = ldl_le_p(s->body);
    uint32_t dlen = ldl_le_p(s->body + 4);
    uint32_t avail = s->body_len - CPTRA_MBOX_PEER_BODY_HDR;
    g_autofree uint8_t *body = g_steal_pointer(&s->body);

    s->hdr_got = 0;
    s->body_got = 0;
    trace_cptra_mbox_peer_response(status, dlen);
    if (dlen > CALIPTRA_MBOX_SRAM_SIZE || ROUND_UP(dlen, 4) > avail) {
        extern_protocol_error(s, "a response longer than its message or "
                              "than the mailbox");
        return;
    }
    s->pending = false;
    cptra_mbox_peer_complete(CPTRA_MBOX_PEER(s), status, dlen,
                             body + CPTRA_MBOX_PEER_BODY_HDR,
                             ROUND_UP(dlen, 4));
}

static bool extern_header(CptraMboxPeerExtern *s)
{
    uint32_t len = ldl_le_p(s->hdr + 8);

    if (ldl_le_p(s->hdr) != CPTRA_MBOX_PEER_MAGIC) {
        extern_protocol_error(s, "bad magic");
        return false;
    }
    if (lduw_le_p(s->hdr + 4) != CPTRA_MBOX_PEER_VERSION ||
        lduw_le_p(s->hdr + 6) != CPTRA_MBOX_PEER_RESPONSE) {
        extern_protocol_error(s, "not a version 1 RESPONSE");
        return false;
    }
    if (!s->pending) {
        extern_protocol_error(s, "a RESPONSE to no command");
        return false;
    }
    if (len < CPTRA_MBOX_PEER_BODY_HDR || len > EXTERN_BODY_MAX) {
        extern_protocol_error(s, "bad payload length");
        return false;
    }
    s->body_len = len;
    s->body_got = 0;
    s->body = g_malloc(len);
    return true;
}

static int extern_can_read(void *opaque)
{
    CptraMboxPeerExtern *s = opaque;

    if (s->hdr_got < CPTRA_MBOX_PEER_HDR_SIZE) {
        return CPTRA_MBOX_PEER_HDR_SIZE - s->hdr_got;
    }
    return s->body_len - s->body_got;
}

static void extern_read(void *opaque, const uint8_t *buf, int size)
{
    CptraMboxPeerExtern *s = opaque;

    while (size > 0) {
        uint32_t n;

        if (s->hdr_got < CPTRA_MBOX_PEER_HDR_SIZE) {
            n = MIN(size, CPTRA_MBOX_PEER_HDR_SIZE - s->hdr_got);
            memcpy(s->hdr + s->hdr_got, buf, n);
            s->hdr_got += n;
            if (s->hdr_got == CPTRA_MBOX_PEER_HDR_SIZE &&
                !extern_header(s)) {
                return;
            }
        } else {
            n = MIN(size, s->body_len - s->body_got);
            memcpy(s->body + s->body_got, buf, n);
            s->body_got += n;
        }
        buf += n;
        size -= n;
        if (s->body && s->body_got == s->body_len) {
            extern_response(s);
        }
    }
}

static void extern_event(void *opaque, QEMUChrEvent event)
{
    CptraMboxPeerExtern *s = opaque;

    if (event == CHR_EVENT_CLOSED) {
        extern_fail(s, s->pending ? "the peer went away" : NULL);
    }
}

static void extern_realize(DeviceState *dev, Error **errp)
{
    CptraMboxPeerExtern *s = CPTRA_MBOX_PEER_EXTERN(dev);

    if (!qemu_chr_fe_backend_connected(&s->chr)) {
        error_setg(errp, "%s: 'chardev' is required",
                   TYPE_CPTRA_MBOX_PEER_EXTERN);
        return;
    }
    error_setg(&s->migration_blocker, "%s: the peer's state is outside QEMU",
               TYPE_CPTRA_MBOX_PEER_EXTERN);
    if (migrate_add_blocker(&s->migration_blocker, errp) < 0) {
        return;
    }
    qemu_chr_fe_set_handlers(&s->chr, extern_can_read, extern_read,
                             extern_event, NULL, s, NULL, true);
}

static void extern_unrealize(DeviceState *dev)
{
    CptraMboxPeerExtern *s = CPTRA_MBOX_PEER_EXTERN(dev);

    qemu_chr_fe_deinit(&s->chr, false);
    migrate_del_blocker(&s->migration_blocker);
    g_clear_pointer(&s->body, g_free);
}

static const Property extern_properties[] = {
    DEFINE_PROP_CHR("chardev", CptraMboxPeerExtern, chr),
};

static void extern_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    CptraMboxPeerClass *pc = CPTRA_MBOX_PEER_CLASS(klass);

    dc->desc = "Caliptra mailbox peer: an external process on a chardev";
    dc->realize = extern_realize;
    dc->unrealize = extern_unrealize;
    dc->hotpluggable = false;
    device_class_set_props(dc, extern_properties);
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
    pc->handle_execute = extern_execute;
    pc->handle_reset = extern_reset;
}

static const TypeInfo cptra_mbox_peer_types[] = {
    {
        .name = TYPE_CPTRA_MBOX_IF,
        .parent = TYPE_INTERFACE,
        .class_size = sizeof(CptraMboxIfClass),
    },
    {
        .name = TYPE_CPTRA_MBOX_PEER,
        .parent = TYPE_DEVICE,
        .abstract = true,
        .instance_size = sizeof(CptraMboxPeer),
        .class_size = sizeof(CptraMboxPeerClass),
    },
    {
        .name = TYPE_CPTRA_MBOX_PEER_EXTERN,
        .parent = TYPE_CPTRA_MBOX_PEER,
        .instance_size = sizeof(CptraMboxPeerExtern),
        .class_init = extern_class_init,
    },
};

DEFINE_TYPES(cptra_mbox_peer_types)
