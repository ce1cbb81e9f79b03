/*
 * Caliptra firmware elsewhere: the mailbox forwarded to a peer
 *
 * A Caliptra firmware model that runs nothing itself: each command the
 * SoC hands the mailbox goes whole to a TYPE_CPTRA_MBOX_PEER (an external
 * process, for one), whose answer becomes the mailbox's response. This is
 * the second implementation of the front ends' firmware interface,
 * beside caliptra-fw-1.2.
 *
 * The wire carries mailbox transactions only, so what Caliptra's ROM
 * shows outside the mailbox follows them: at boot the uC lets the SHA
 * accelerator go and raises READY_FOR_FW, and a FIRMWARE_LOAD the peer
 * completes raises READY_FOR_RUNTIME. The peer's TRNG, fuses and errors
 * are its own.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "hw/misc/caliptra_api.h"
#include "hw/misc/caliptra_fw.h"
#include "hw/misc/caliptra_mbox.h"
#include "hw/misc/caliptra_mbox_peer.h"
#include "hw/misc/caliptra_sha_acc.h"
#include "hw/misc/caliptra_soc_ifc.h"
#include "migration/vmstate.h"

OBJECT_DECLARE_SIMPLE_TYPE(CaliptraFwPeer, CALIPTRA_FW_PEER)

struct CaliptraFwPeer {
    CaliptraFw parent_obj;

    CptraMboxPeer *peer;
    bool pending;           /* the peer has the SoC's command */
    uint32_t cmd;
};

static void fw_peer_notify(void *opaque, uint32_t events)
{
    CaliptraFwPeer *s = opaque;
    CaliptraFw *fw = CALIPTRA_FW(s);

    if (!(events & CALIPTRA_EVENT_BOOT)) {
        return;
    }
    /* The uC holds the SHA accelerator from reset until its ROM's KAT */
    if (caliptra_sha_acc_uc_acquire(fw->sha_acc)) {
        caliptra_sha_acc_uc_release(fw->sha_acc);
    }
    caliptra_soc_ifc_set_flow_status(fw->soc_ifc, CALIPTRA_FLOW_READY_FOR_FW,
                                     ~0u);
}

static void fw_peer_mbox_cmd(void *opaque)
{
    CaliptraFwPeer *s = opaque;
    CaliptraMbox *mbox = CALIPTRA_FW(s)->mbox;
    uint32_t dlen, len;
    g_autofree uint8_t *data = NULL;

    if (s->pending || !caliptra_mbox_uc_has_cmd(mbox)) {
        return;
    }
    if (!s->peer) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: no peer linked: the command "
                      "fails\n", TYPE_CALIPTRA_FW_PEER);
        caliptra_mbox_uc_respond(mbox, CALIPTRA_MBOX_CMD_FAILURE, NULL, 0);
        return;
    }
    s->cmd = caliptra_mbox_uc_cmd(mbox);
    /* DLEN may say more than the SRAM holds: what is sent is the SRAM */
    dlen = MIN(caliptra_mbox_uc_dlen(mbox), CALIPTRA_MBOX_SRAM_SIZE);
    len = ROUND_UP(dlen, 4);
    data = g_malloc(len);
    caliptra_mbox_uc_read(mbox, data, len);
    s->pending = true;
    cptra_mbox_peer_execute(s->peer, s->cmd, dlen, data, len);
}

static void fw_peer_complete(CptraMboxIf *intf, uint32_t status,
                             uint32_t dlen, const uint8_t *data, uint32_t len)
{
    CaliptraFwPeer *s = CALIPTRA_FW_PEER(intf);
    CaliptraFw *fw = CALIPTRA_FW(s);

    if (!s->pending) {
        return;     /* reset while the peer worked: nobody asks any more */
    }
    s->pending = false;
    if (!caliptra_mbox_uc_has_cmd(fw->mbox)) {
        return;
    }
    if (status != CALIPTRA_MBOX_DATA_READY &&
        status != CALIPTRA_MBOX_CMD_COMPLETE &&
        status != CALIPTRA_MBOX_CMD_FAILURE) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: the peer answered status %u: "
                      "the command fails\n", TYPE_CALIPTRA_FW_PEER, status);
        status = CALIPTRA_MBOX_CMD_FAILURE;
        dlen = 0;
    }
    caliptra_mbox_uc_respond(fw->mbox, status, data, MIN(dlen, len));
    if (s->cmd == CALIPTRA_CMD_FIRMWARE_LOAD &&
        status == CALIPTRA_MBOX_CMD_COMPLETE) {
        caliptra_soc_ifc_set_flow_status(fw->soc_ifc,
                                         CALIPTRA_FLOW_READY_FOR_RUNTIME, ~0u);
    }
}

bool caliptra_fw_set_peer(CaliptraFw *fw, CptraMboxPeer *peer, Error **errp)
{
    CaliptraFwPeer *s = (CaliptraFwPeer *)
        object_dynamic_cast(OBJECT(fw), TYPE_CALIPTRA_FW_PEER);

    if (!s) {
        error_setg(errp, "caliptra: firmware %s takes no peer",
                   object_get_typename(OBJECT(fw)));
        return false;
    }
    if (peer->intf) {
        error_setg(errp, "caliptra: the mailbox peer is already in use");
        return false;
    }
    if (s->peer) {
        s->peer->intf = NULL;
        object_unref(OBJECT(s->peer));
    }
    s->peer = peer;
    object_ref(OBJECT(peer));
    peer->intf = CPTRA_MBOX_IF(s);
    return true;
}

static void fw_peer_reset(CaliptraFwPeer *s)
{
    s->pending = false;
    s->cmd = 0;
    if (s->peer) {
        cptra_mbox_peer_reset(s->peer);
    }
}

static void fw_peer_warm_reset(CaliptraFw *fw)
{
    fw_peer_reset(CALIPTRA_FW_PEER(fw));
}

static void fw_peer_reset_hold(Object *obj, ResetType type)
{
    fw_peer_reset(CALIPTRA_FW_PEER(obj));
}

static void fw_peer_realize(DeviceState *dev, Error **errp)
{
    CaliptraFw *fw = CALIPTRA_FW(dev);
    ERRP_GUARD();

    CALIPTRA_FW_GET_CLASS(dev)->parent_realize(dev, errp);
    if (*errp) {
        return;
    }
    caliptra_soc_ifc_set_notify(fw->soc_ifc, fw_peer_notify, dev);
    caliptra_mbox_set_cmd_handler(fw->mbox, fw_peer_mbox_cmd, dev);
}

static void fw_peer_finalize(Object *obj)
{
    CaliptraFwPeer *s = CALIPTRA_FW_PEER(obj);

    if (s->peer) {
        s->peer->intf = NULL;
        object_unref(OBJECT(s->peer));
    }
}

static const VMStateDescription vmstate_caliptra_fw_peer = {
    .name = TYPE_CALIPTRA_FW_PEER,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(pending, CaliptraFwPeer),
        VMSTATE_UINT32(cmd, CaliptraFwPeer),
        VMSTATE_END_OF_LIST(),
    },
};

static void fw_peer_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);
    CaliptraFwClass *fc = CALIPTRA_FW_CLASS(klass);
    CptraMboxIfClass *ic = CPTRA_MBOX_IF_CLASS(klass);

    dc->desc = "Caliptra firmware: the mailbox forwarded to a peer";
    dc->vmsd = &vmstate_caliptra_fw_peer;
    device_class_set_parent_realize(dc, fw_peer_realize, &fc->parent_realize);
    rc->phases.hold = fw_peer_reset_hold;
    fc->warm_reset = fw_peer_warm_reset;
    ic->complete = fw_peer_complete;
}

static const TypeInfo caliptra_fw_peer_types[] = {
    {
        .name = TYPE_CALIPTRA_FW_PEER,
        .parent = TYPE_CALIPTRA_FW,
        .instance_size = sizeof(CaliptraFwPeer),
        .instance_finalize = fw_peer_finalize,
        .class_init = fw_peer_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_CPTRA_MBOX_IF },
            { }
        },
    },
};

DEFINE_TYPES(caliptra_fw_peer_types)
