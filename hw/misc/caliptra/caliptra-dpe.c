/*
 * Caliptra 1.2 runtime: its DICE Protection Environment
 *
 * The runtime embeds caliptra-dpe (DPE profile 0.12, P384_SHA384; the
 * revision caliptra-sw 1.2 pins, 7679315) with every optional feature
 * and 32 contexts. This is that DPE, from its specification and the
 * behaviour of that revision: the context table and its rules
 * (localities, default and one-time handles, retired parents) and the
 * commands' wire format. A context's measurement is SHA-384 over the
 * contexts from it up to its root (TciNodeData, allow_ca, allow_x509),
 * then the profile and the certificate chain if a context asked for
 * them; keys come from it as caliptra-dpe-crypto.c derives them, and
 * certificates as caliptra-dpe-cert.c writes them. New handles come from
 * the TRNG: qemu_guest_getrandom, so -seed reproduces them.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qemu/guest-random.h"
#include "qemu/host-utils.h"
#include "caliptra-crypto.h"
#include "caliptra-dpe.h"

#define CMD_MAGIC           0x44504543      /* "DPEC" */
#define RESP_MAGIC          0x44504552      /* "DPER" */
#define RESP_HDR            12
#define PROFILE_MAJOR       0
#define PROFILE_MINOR       12
#define VENDOR_CTRA         0x43545241      /* "CTRA": id and SKU */
#define MAX_HANDLES         CALIPTRA_DPE_MAX_HANDLES
#define HASH                CALIPTRA_DPE_HASH
#define NEW_HANDLE_TRIES    8

/* Support: every feature of the profile (runtime DPE_SUPPORT) */
#define SUPPORT_ALL         0xee6c0000u
#define SUPPORT_RECURSIVE   true

/*
 * Command bodies, after the header. CertifyKey's and Sign's flags (at 16
 * and 64) define no bit in this revision.
 */
#define BODY_HANDLE         0
#define DERIVE_DATA         16
#define DERIVE_TCI_TYPE     68
#define DERIVE_SIZE         76
#define CERTIFY_LABEL       24
#define SIGN_LABEL          16
#define SIGN_DIGEST         68
#define SIGN_SIZE           116
#define ROTATE_FLAGS        16
#define ROTATE_SIZE         20
#define ROTATE_TARGET_IS_DEFAULT (1u << 31)
#define DESTROY_SIZE        16
#define CHAIN_OFFSET        0
#define CHAIN_SIZE          4
#define CHAIN_CMD_SIZE      8

/* TciNodeData, as the measurement hash reads it (little-endian fields) */
#define TCI_NODE_SIZE       (4 + 2 * HASH + 4)
/* GetProfileResp, then the profile: what INTERNAL_INPUT_INFO measures */
#define PROFILE_RESP_SIZE   32
#define INTERNAL_INFO_SIZE  (PROFILE_RESP_SIZE + 4)

static const uint8_t default_handle[CALIPTRA_DPE_HANDLE];

/* A command's body (after its header), checked long enough, and caller */
typedef struct DpeCmd {
    const uint8_t *body;
    uint32_t locality;
} DpeCmd;

static bool handle_is_default(const uint8_t *h)
{
    return !memcmp(h, default_handle, CALIPTRA_DPE_HANDLE);
}

static void resp_hdr(uint8_t *resp, uint32_t status)
{
    stl_le_p(resp, RESP_MAGIC);
    stl_le_p(resp + 4, status);
    stl_le_p(resp + 8, CALIPTRA_DPE_PROFILE);
}

static int dpe_find_internal(const CaliptraDpe *dpe, const uint8_t *handle,
                             uint32_t locality)
{
    bool locality_seen = false;

    for (int i = 0; i < MAX_HANDLES; i++) {
        const CaliptraDpeContext *c = &dpe->ctx[i];

        if (c->state != CALIPTRA_DPE_ACTIVE || c->locality != locality) {
            continue;
        }
        locality_seen = true;
        if (!memcmp(c->handle, handle, CALIPTRA_DPE_HANDLE)) {
            return i;
        }
    }
    return locality_seen ? -CALIPTRA_DPE_INVALID_HANDLE :
                           -CALIPTRA_DPE_INVALID_LOCALITY;
}

int caliptra_dpe_find(const CaliptraDpe *dpe,
                      const uint8_t handle[CALIPTRA_DPE_HANDLE],
                      uint32_t locality)
{
    return dpe_find_internal(dpe, handle, locality);
}

int caliptra_dpe_root(const CaliptraDpe *dpe)
{
    for (int i = 0; i < MAX_HANDLES; i++) {
        const CaliptraDpeContext *c = &dpe->ctx[i];

        if (c->state != CALIPTRA_DPE_INACTIVE &&
            c->parent_idx == CALIPTRA_DPE_ROOT_INDEX &&
            c->type == CALIPTRA_DPE_NORMAL) {
            return i;
        }
    }
    return -1;
}

/* A random handle no context holds, never the default one */
static uint32_t dpe_new_handle(const CaliptraDpe *dpe, uint8_t *handle)
{
    for (int t = 0; t < NEW_HANDLE_TRIES; t++) {
        bool taken = false;

        qemu_guest_getrandom_nofail(handle, CALIPTRA_DPE_HANDLE);
        for (int i = 0; i < MAX_HANDLES && !taken; i++) {
            taken = !memcmp(dpe->ctx[i].handle, handle, CALIPTRA_DPE_HANDLE);
        }
        if (!handle_is_default(handle) && !taken) {
            return CALIPTRA_DPE_OK;
        }
    }
    return CALIPTRA_DPE_INTERNAL_ERROR;
}

/* A used handle is replaced, unless it is the default one */
static uint32_t dpe_roll_handle(CaliptraDpe *dpe, int idx)
{
    uint8_t handle[CALIPTRA_DPE_HANDLE];
    uint32_t err;

    if (handle_is_default(dpe->ctx[idx].handle)) {
        return CALIPTRA_DPE_OK;
    }
    err = dpe_new_handle(dpe, handle);
    if (!err) {
        memcpy(dpe->ctx[idx].handle, handle, sizeof(handle));
    }
    return err;
}

static int dpe_first_inactive(const CaliptraDpe *dpe)
{
    for (int i = 0; i < MAX_HANDLES; i++) {
        if (dpe->ctx[i].state == CALIPTRA_DPE_INACTIVE) {
            return i;
        }
    }
    return -1;
}

typedef struct DpeActivate {
    uint8_t type;
    uint32_t locality;
    const uint8_t *handle;
    uint32_t tci_type;
    uint8_t parent_idx;
    bool allow_ca, allow_x509, internal_info, internal_dice;
} DpeActivate;

static void dpe_activate(CaliptraDpeContext *c, const DpeActivate *a)
{
    memcpy(c->handle, a->handle, CALIPTRA_DPE_HANDLE);
    c->tci_type = a->tci_type;
    memset(c->tci_cumulative, 0, HASH);
    memset(c->tci_current, 0, HASH);
    c->tci_locality = a->locality;
    c->children = 0;
    c->parent_idx = a->parent_idx;
    c->type = a->type;
    c->state = CALIPTRA_DPE_ACTIVE;
    c->locality = a->locality;
    c->allow_ca = a->allow_ca;
    c->allow_x509 = a->allow_x509;
    c->internal_info = a->internal_info;
    c->internal_dice = a->internal_dice;
}

/* Context::destroy keeps the handle, locality and type */
static void dpe_destroy(CaliptraDpeContext *c)
{
    c->tci_type = 0;
    memset(c->tci_cumulative, 0, HASH);
    memset(c->tci_current, 0, HASH);
    c->tci_locality = 0;
    c->state = CALIPTRA_DPE_INACTIVE;
    c->internal_info = false;
    c->internal_dice = false;
    c->allow_ca = false;
    c->allow_x509 = false;
    c->parent_idx = CALIPTRA_DPE_ROOT_INDEX;
}

/* cumulative = SHA-384(cumulative ‖ measurement); current = measurement */
static uint32_t dpe_measure(CaliptraDpeContext *c, const uint8_t *data,
                            uint32_t locality)
{
    uint8_t buf[2 * HASH];

    if (c->state != CALIPTRA_DPE_ACTIVE) {
        return CALIPTRA_DPE_INVALID_HANDLE;
    }
    if (c->locality != locality) {
        return CALIPTRA_DPE_INVALID_LOCALITY;
    }
    memcpy(buf, c->tci_cumulative, HASH);
    memcpy(buf + HASH, data, HASH);
    caliptra_sha384(buf, sizeof(buf), c->tci_cumulative);
    memcpy(c->tci_current, data, HASH);
    return CALIPTRA_DPE_OK;
}

/*
 * The path from @idx up to its root (ChildToRootIter): leaf first. A
 * broken link or a cycle ends it with an error.
 */
static int dpe_path(const CaliptraDpe *dpe, int idx,
                    const CaliptraDpeContext **path, uint32_t *err)
{
    int n = 0;

    for (;;) {
        const CaliptraDpeContext *c;

        if (n >= MAX_HANDLES) {
            *err = CALIPTRA_DPE_MAX_TCIS;
            return -1;
        }
        if (idx >= MAX_HANDLES) {
            *err = CALIPTRA_DPE_INTERNAL_ERROR;
            return -1;
        }
        c = &dpe->ctx[idx];
        if ((c->parent_idx >= MAX_HANDLES &&
             c->parent_idx != CALIPTRA_DPE_ROOT_INDEX) ||
            c->state == CALIPTRA_DPE_INACTIVE) {
            *err = CALIPTRA_DPE_INVALID_HANDLE;
            return -1;
        }
        path[n++] = c;
        if (c->parent_idx == CALIPTRA_DPE_ROOT_INDEX) {
            return n;
        }
        idx = c->parent_idx;
    }
}

static void dpe_tci_bytes(const CaliptraDpeContext *c, uint8_t *b)
{
    stl_le_p(b, c->tci_type);
    memcpy(b + 4, c->tci_cumulative, HASH);
    memcpy(b + 4 + HASH, c->tci_current, HASH);
    stl_le_p(b + 4 + 2 * HASH, c->tci_locality);
}

static size_t dpe_profile(uint8_t *resp)
{
    resp_hdr(resp, CALIPTRA_DPE_OK);
    stw_le_p(resp + 12, PROFILE_MAJOR);
    stw_le_p(resp + 14, PROFILE_MINOR);
    stl_le_p(resp + 16, VENDOR_CTRA);
    stl_le_p(resp + 20, VENDOR_CTRA);
    stl_le_p(resp + 24, MAX_HANDLES);
    stl_le_p(resp + 28, SUPPORT_ALL);
    return PROFILE_RESP_SIZE;
}

/* compute_measurement_hash */
static uint32_t dpe_measurement(const CaliptraDpe *dpe,
                                const CaliptraDpeEnv *env, int idx,
                                uint8_t digest[HASH])
{
    const CaliptraDpeContext *path[MAX_HANDLES];
    g_autoptr(GByteArray) m = g_byte_array_new();
    bool info = false, dice = false;
    uint32_t err;
    int n = dpe_path(dpe, idx, path, &err);

    if (n < 0) {
        return err;
    }
    for (int i = 0; i < n; i++) {
        uint8_t tci[TCI_NODE_SIZE + 2];

        dpe_tci_bytes(path[i], tci);
        tci[TCI_NODE_SIZE] = path[i]->allow_ca;
        tci[TCI_NODE_SIZE + 1] = path[i]->allow_x509;
        g_byte_array_append(m, tci, sizeof(tci));
        info |= path[i]->internal_info;
        dice |= path[i]->internal_dice;
    }
    if (info) {
        uint8_t buf[INTERNAL_INFO_SIZE];

        dpe_profile(buf);
        stl_le_p(buf + PROFILE_RESP_SIZE, CALIPTRA_DPE_PROFILE);
        g_byte_array_append(m, buf, sizeof(buf));
    }
    if (dice) {
        g_byte_array_append(m, env->cert_chain, env->cert_chain_len);
    }
    caliptra_sha384(m->data, m->len, digest);
    return CALIPTRA_DPE_OK;
}

/* The key, certificate or CSR a CertifyKey or exporting derive makes */
typedef struct DpeCertReq {
    int idx;                    /* the context certified */
    bool exported;
    bool csr;
    const uint8_t *label;       /* key label */
    size_t label_len;
    const uint8_t *ueid;
    size_t ueid_len;
    uint8_t *out;               /* CALIPTRA_DPE_MAX_CERT bytes */
    uint8_t pub[96];            /* out: the certified key */
    uint32_t size;              /* out: bytes in @out */
    uint8_t export_handle[CALIPTRA_DPE_EXPORTED_CDI];
} DpeCertReq;

static uint32_t dpe_certify(const CaliptraDpe *dpe, const CaliptraDpeEnv *env,
                            DpeCertReq *req)
{
    const CaliptraDpeContext *path[MAX_HANDLES];
    CaliptraDpeCertInfo ci = {
        .nodes = path,
        .is_ca = req->exported,
        .supports_recursive = SUPPORT_RECURSIVE && !req->exported,
        .ueid = req->ueid,
        .ueid_len = req->ueid_len,
        .other_name = env->other_name,
        .other_name_len = env->other_name_len,
    };
    uint8_t digest[HASH], cdi[HASH];
    CaliptraEccKey k;
    uint32_t err;
    int count;

    err = dpe_measurement(dpe, env, req->idx, digest);
    if (err) {
        return err;
    }
    count = dpe_path(dpe, req->idx, path, &err);
    if (count < 0) {
        return err;
    }
    if (req->exported) {
        caliptra_dpe_cdi(env, digest, "Exported CDI", cdi);
        err = caliptra_dpe_export_cdi(env, cdi, req->export_handle);
        if (err) {
            return err;
        }
    } else {
        caliptra_dpe_cdi(env, digest, "DPE", cdi);
    }
    if (!caliptra_dpe_key(cdi, req->label, req->label_len,
                          req->exported ? "Exported ECC" : "ECC", &k)) {
        return CALIPTRA_DPE_INTERNAL_ERROR;
    }
    caliptra_wipe(cdi, sizeof(cdi));
    memcpy(req->pub, k.x, HASH);
    memcpy(req->pub + HASH, k.y, HASH);

    /* MultiTcbInfo lists the contexts from the root down */
    for (int i = 0; i < count / 2; i++) {
        const CaliptraDpeContext *t = path[i];

        path[i] = path[count - 1 - i];
        path[count - 1 - i] = t;
    }
    ci.n_nodes = count;
    req->size = caliptra_dpe_issue(env, &ci, &k, req->csr, req->out);
    caliptra_wipe(&k, sizeof(k));
    return req->size ? CALIPTRA_DPE_OK : CALIPTRA_DPE_INTERNAL_ERROR;
}

static uint32_t dpe_init_ctx(CaliptraDpe *dpe, const DpeCmd *c,
                             uint8_t *resp, size_t *len)
{
    uint32_t flags = ldl_le_p(c->body + CALIPTRA_DPE_INIT_FLAGS);
    bool is_default = flags & CALIPTRA_DPE_INIT_DEFAULT;
    bool simulation = flags & CALIPTRA_DPE_INIT_SIMULATION;
    uint8_t handle[CALIPTRA_DPE_HANDLE] = { 0 };
    int idx;

    if (is_default && dpe->has_initialized) {
        return CALIPTRA_DPE_ARGUMENT_NOT_SUPPORTED;
    }
    if (is_default == simulation) {
        return CALIPTRA_DPE_INVALID_ARGUMENT;
    }
    idx = dpe_first_inactive(dpe);
    if (idx < 0) {
        return CALIPTRA_DPE_MAX_TCIS;
    }
    if (is_default) {
        dpe->has_initialized = true;
    } else if (dpe_new_handle(dpe, handle)) {
        return CALIPTRA_DPE_INTERNAL_ERROR;
    }
    dpe_activate(&dpe->ctx[idx], &(DpeActivate) {
        .type = simulation ? CALIPTRA_DPE_SIMULATION : CALIPTRA_DPE_NORMAL,
        .locality = c->locality,
        .handle = handle,
        .parent_idx = CALIPTRA_DPE_ROOT_INDEX,
        .allow_ca = true,
        .allow_x509 = true,
    });
    memcpy(resp + RESP_HDR, handle, sizeof(handle));
    *len = RESP_HDR + CALIPTRA_DPE_HANDLE;
    return CALIPTRA_DPE_OK;
}

/*
 * Whether a new child of @parent may be made at @target: a default
 * child only where it would be the locality's one context, a non-default
 * one only where no default context would stay beside it
 */
static bool dpe_safe_child(const CaliptraDpe *dpe, uint32_t flags,
                           int parent, uint32_t target)
{
    int def = dpe_find_internal(dpe, default_handle, target);
    bool retain = flags & CALIPTRA_DPE_DERIVE_RETAIN_PARENT;
    int count = 0;

    for (int i = 0; i < MAX_HANDLES; i++) {
        count += dpe->ctx[i].state == CALIPTRA_DPE_ACTIVE &&
                 dpe->ctx[i].locality == target;
    }
    if (flags & CALIPTRA_DPE_DERIVE_MAKE_DEFAULT) {
        return (count == 0 && def < 0) ||
               (count == 1 && def == parent && !retain);
    }
    return def < 0 || (def == parent && !retain);
}

static uint32_t dpe_derive_export(CaliptraDpe *dpe, const CaliptraDpeEnv *env,
                                  int parent, uint8_t *resp, size_t *len)
{
    uint8_t *p = resp + RESP_HDR;
    DpeCertReq req = {
        .idx = parent,
        .exported = true,
        .label = (const uint8_t *)"Exported ECC",
        .label_len = strlen("Exported ECC"),
        .ueid = env->ueid,
        .ueid_len = CALIPTRA_X509_UEID,
        .out = p + 2 * CALIPTRA_DPE_HANDLE + CALIPTRA_DPE_EXPORTED_CDI + 4,
    };
    uint32_t err;

    if (!env->ueid) {
        return CALIPTRA_DPE_PLATFORM_MISSING_UEID;
    }
    err = dpe_certify(dpe, env, &req);
    if (err) {
        return err;
    }
    /* Neither context changes: both handles read as invalid */
    memset(p, 0xff, 2 * CALIPTRA_DPE_HANDLE);
    memcpy(p + 2 * CALIPTRA_DPE_HANDLE, req.export_handle,
           CALIPTRA_DPE_EXPORTED_CDI);
    stl_le_p(p + 2 * CALIPTRA_DPE_HANDLE + CALIPTRA_DPE_EXPORTED_CDI,
             req.size);
    *len = RESP_HDR + 2 * CALIPTRA_DPE_HANDLE + CALIPTRA_DPE_EXPORTED_CDI +
           4 + CALIPTRA_DPE_MAX_CERT;
    return CALIPTRA_DPE_OK;
}

static uint32_t dpe_derive_cmd(CaliptraDpe *dpe, const CaliptraDpeEnv *env,
                               const DpeCmd *c, uint8_t *resp, size_t *len)
{
    const uint8_t *b = c->body;
    const uint8_t *data = b + DERIVE_DATA;
    uint32_t flags = ldl_le_p(b + CALIPTRA_DPE_DERIVE_FLAGS);
    uint32_t tci_type = ldl_le_p(b + DERIVE_TCI_TYPE);
    bool retain = flags & CALIPTRA_DPE_DERIVE_RETAIN_PARENT;
    bool recursive = flags & CALIPTRA_DPE_DERIVE_RECURSIVE;
    bool change = flags & CALIPTRA_DPE_DERIVE_CHANGE_LOCALITY;
    bool export = flags & CALIPTRA_DPE_DERIVE_EXPORT_CDI;
    bool create = flags & CALIPTRA_DPE_DERIVE_CREATE_CERT;
    uint32_t target = change ?
        ldl_le_p(b + CALIPTRA_DPE_DERIVE_TARGET_LOCALITY) : c->locality;
    CaliptraDpeContext parent_ctx, child = { 0 };
    uint8_t child_handle[CALIPTRA_DPE_HANDLE] = { 0 };
    int parent, child_idx;
    uint32_t err;

    parent = dpe_find_internal(dpe, b + BODY_HANDLE, c->locality);
    if (parent < 0) {
        return -parent;
    }
    parent_ctx = dpe->ctx[parent];
    if ((!parent_ctx.allow_ca && (flags & CALIPTRA_DPE_DERIVE_ALLOW_CA)) ||
        (!parent_ctx.allow_x509 && (flags & CALIPTRA_DPE_DERIVE_ALLOW_X509)) ||
        (export && (!create || recursive || change || retain ||
                    parent_ctx.type == CALIPTRA_DPE_SIMULATION)) ||
        (recursive && retain)) {
        return CALIPTRA_DPE_INVALID_ARGUMENT;
    }

    if (recursive) {
        /* Extend the context itself and roll its handle */
        CaliptraDpeContext tmp = dpe->ctx[parent];

        if (tmp.tci_type != tci_type) {
            return CALIPTRA_DPE_INVALID_ARGUMENT;
        }
        err = dpe_measure(&tmp, data, target);
        if (!err) {
            err = dpe_roll_handle(dpe, parent);
        }
        if (err) {
            return err;
        }
        memcpy(tmp.handle, dpe->ctx[parent].handle, CALIPTRA_DPE_HANDLE);
        dpe->ctx[parent] = tmp;
        memcpy(resp + RESP_HDR, tmp.handle, CALIPTRA_DPE_HANDLE);
        memset(resp + RESP_HDR + CALIPTRA_DPE_HANDLE, 0, CALIPTRA_DPE_HANDLE);
        *len = RESP_HDR + 2 * CALIPTRA_DPE_HANDLE;
        return CALIPTRA_DPE_OK;
    }
    if (export && create) {
        return dpe_derive_export(dpe, env, parent, resp, len);
    }

    if (!retain) {
        parent_ctx.state = CALIPTRA_DPE_RETIRED;
        memset(parent_ctx.handle, 0xff, CALIPTRA_DPE_HANDLE);
    }
    child_idx = dpe_first_inactive(dpe);
    if (child_idx < 0) {
        return CALIPTRA_DPE_MAX_TCIS;
    }
    if (!dpe_safe_child(dpe, flags, parent, target)) {
        return CALIPTRA_DPE_INVALID_ARGUMENT;
    }
    if (!(flags & CALIPTRA_DPE_DERIVE_MAKE_DEFAULT) &&
        dpe_new_handle(dpe, child_handle)) {
        return CALIPTRA_DPE_INTERNAL_ERROR;
    }
    dpe_activate(&child, &(DpeActivate) {
        .type = parent_ctx.type,
        .locality = target,
        .handle = child_handle,
        .tci_type = tci_type,
        .parent_idx = parent,
        .allow_ca = flags & CALIPTRA_DPE_DERIVE_ALLOW_CA,
        .allow_x509 = flags & CALIPTRA_DPE_DERIVE_ALLOW_X509,
        .internal_info = flags & CALIPTRA_DPE_DERIVE_INTERNAL_INFO,
        .internal_dice = flags & CALIPTRA_DPE_DERIVE_INTERNAL_DICE,
    });
    err = dpe_measure(&child, data, target);
    if (err) {
        return err;
    }
    if (retain && !handle_is_default(parent_ctx.handle) &&
        dpe_new_handle(dpe, parent_ctx.handle)) {
        return CALIPTRA_DPE_INTERNAL_ERROR;
    }
    parent_ctx.children |= 1u << child_idx;
    dpe->ctx[child_idx] = child;
    dpe->ctx[parent] = parent_ctx;
    memcpy(resp + RESP_HDR, child_handle, CALIPTRA_DPE_HANDLE);
    memcpy(resp + RESP_HDR + CALIPTRA_DPE_HANDLE, parent_ctx.handle,
           CALIPTRA_DPE_HANDLE);
    *len = RESP_HDR + 2 * CALIPTRA_DPE_HANDLE;
    return CALIPTRA_DPE_OK;
}

static uint32_t dpe_certify_key(CaliptraDpe *dpe, const CaliptraDpeEnv *env,
                                const DpeCmd *c, uint8_t *resp, size_t *len)
{
    uint32_t format = ldl_le_p(c->body + CALIPTRA_DPE_CERTIFY_FORMAT);
    uint8_t *p = resp + RESP_HDR;
    DpeCertReq req = {
        .csr = format == CALIPTRA_DPE_FORMAT_CSR,
        .label = c->body + CERTIFY_LABEL,
        .label_len = HASH,
        /* A CertifyKey certificate's UEID is the label */
        .ueid = c->body + CERTIFY_LABEL,
        .ueid_len = HASH,
        .out = p + CALIPTRA_DPE_HANDLE + 2 * HASH + 4,
    };
    uint32_t err;

    req.idx = dpe_find_internal(dpe, c->body + BODY_HANDLE, c->locality);
    if (req.idx < 0) {
        return -req.idx;
    }
    if (format == CALIPTRA_DPE_FORMAT_X509 &&
        !dpe->ctx[req.idx].allow_x509) {
        return CALIPTRA_DPE_INVALID_ARGUMENT;
    }
    if (format != CALIPTRA_DPE_FORMAT_X509 &&
        format != CALIPTRA_DPE_FORMAT_CSR) {
        return CALIPTRA_DPE_INVALID_ARGUMENT;
    }
    err = dpe_certify(dpe, env, &req);
    if (!err) {
        err = dpe_roll_handle(dpe, req.idx);
    }
    if (err) {
        return err;
    }
    memcpy(p, dpe->ctx[req.idx].handle, CALIPTRA_DPE_HANDLE);
    memcpy(p + CALIPTRA_DPE_HANDLE, req.pub, 2 * HASH);
    stl_le_p(p + CALIPTRA_DPE_HANDLE + 2 * HASH, req.size);
    *len = CALIPTRA_DPE_RESP_MAX;
    return CALIPTRA_DPE_OK;
}

static uint32_t dpe_sign(CaliptraDpe *dpe, const CaliptraDpeEnv *env,
                         const DpeCmd *c, uint8_t *resp, size_t *len)
{
    uint8_t digest[HASH], cdi[HASH];
    uint8_t *p = resp + RESP_HDR;
    CaliptraEccKey k;
    uint32_t err;
    bool ok;
    int idx;

    idx = dpe_find_internal(dpe, c->body + BODY_HANDLE, c->locality);
    if (idx < 0) {
        return -idx;
    }
    if (dpe->ctx[idx].type == CALIPTRA_DPE_SIMULATION) {
        return CALIPTRA_DPE_INVALID_ARGUMENT;
    }
    err = dpe_measurement(dpe, env, idx, digest);
    if (err) {
        return err;
    }
    caliptra_dpe_cdi(env, digest, "DPE", cdi);
    ok = caliptra_dpe_key(cdi, c->body + SIGN_LABEL, HASH, "ECC", &k) &&
         caliptra_ecdsa_p384_sign(k.d, c->body + SIGN_DIGEST,
                                  p + CALIPTRA_DPE_HANDLE,
                                  p + CALIPTRA_DPE_HANDLE + HASH);
    caliptra_wipe(&k, sizeof(k));
    caliptra_wipe(cdi, sizeof(cdi));
    if (!ok) {
        return CALIPTRA_DPE_INTERNAL_ERROR;
    }
    err = dpe_roll_handle(dpe, idx);
    if (err) {
        return err;
    }
    memcpy(p, dpe->ctx[idx].handle, CALIPTRA_DPE_HANDLE);
    *len = RESP_HDR + CALIPTRA_DPE_HANDLE + 2 * HASH;
    return CALIPTRA_DPE_OK;
}

static uint32_t dpe_rotate(CaliptraDpe *dpe, const DpeCmd *c, uint8_t *resp,
                           size_t *len)
{
    bool to_default = ldl_le_p(c->body + ROTATE_FLAGS) &
                      ROTATE_TARGET_IS_DEFAULT;
    uint8_t handle[CALIPTRA_DPE_HANDLE] = { 0 };
    int idx = dpe_find_internal(dpe, c->body + BODY_HANDLE, c->locality);

    if (idx < 0) {
        return -idx;
    }
    if (to_default) {
        /* Only the locality's one context may become its default */
        if (dpe_find_internal(dpe, default_handle, c->locality) >= 0) {
            return CALIPTRA_DPE_INVALID_ARGUMENT;
        }
        for (int i = 0; i < MAX_HANDLES; i++) {
            const CaliptraDpeContext *o = &dpe->ctx[i];

            if (i != idx && o->state == CALIPTRA_DPE_ACTIVE &&
                o->locality == c->locality && !handle_is_default(o->handle)) {
                return CALIPTRA_DPE_INVALID_ARGUMENT;
            }
        }
    } else if (dpe_new_handle(dpe, handle)) {
        return CALIPTRA_DPE_INTERNAL_ERROR;
    }
    memcpy(dpe->ctx[idx].handle, handle, sizeof(handle));
    memcpy(resp + RESP_HDR, handle, sizeof(handle));
    *len = RESP_HDR + CALIPTRA_DPE_HANDLE;
    return CALIPTRA_DPE_OK;
}

static uint32_t dpe_descendants(const CaliptraDpe *dpe, int idx, int depth,
                                uint32_t *out)
{
    const CaliptraDpeContext *c = &dpe->ctx[idx];
    uint32_t d = c->children;

    if (c->state == CALIPTRA_DPE_INACTIVE) {
        return CALIPTRA_DPE_INVALID_HANDLE;
    }
    if (depth >= MAX_HANDLES) {
        return CALIPTRA_DPE_MAX_TCIS;
    }
    for (int i = 0; i < MAX_HANDLES; i++) {
        if (c->children & (1u << i)) {
            uint32_t sub = 0, err = dpe_descendants(dpe, i, depth + 1, &sub);

            if (err) {
                return err;
            }
            d |= sub;
        }
    }
    *out = d;
    return CALIPTRA_DPE_OK;
}

/*
 * The context, its descendants, and the retired ancestors that only
 * lived on for it go
 */
static uint32_t dpe_destroy_cmd(CaliptraDpe *dpe, const DpeCmd *c,
                                size_t *len)
{
    uint32_t to_destroy, below = 0, err;
    int idx = dpe_find_internal(dpe, c->body + BODY_HANDLE, c->locality);
    int p;

    if (idx < 0) {
        return -idx;
    }
    to_destroy = 1u << idx;
    for (p = dpe->ctx[idx].parent_idx; p != CALIPTRA_DPE_ROOT_INDEX;
         p = dpe->ctx[p].parent_idx) {
        const CaliptraDpeContext *parent;

        if (p >= MAX_HANDLES) {
            return CALIPTRA_DPE_INTERNAL_ERROR;
        }
        parent = &dpe->ctx[p];
        if (parent->state != CALIPTRA_DPE_RETIRED ||
            ctpop32(parent->children) != 1 || (to_destroy & (1u << p))) {
            break;
        }
        to_destroy |= 1u << p;
    }
    err = dpe_descendants(dpe, idx, 0, &below);
    if (err) {
        return err;
    }
    to_destroy |= below;
    for (int i = 0; i < MAX_HANDLES; i++) {
        dpe->ctx[i].children &= ~to_destroy;
        if (to_destroy & (1u << i)) {
            dpe_destroy(&dpe->ctx[i]);
        }
    }
    *len = RESP_HDR;
    return CALIPTRA_DPE_OK;
}

static uint32_t dpe_cert_chain(const CaliptraDpeEnv *env, const DpeCmd *c,
                               uint8_t *resp, size_t *len)
{
    uint32_t offset = ldl_le_p(c->body + CHAIN_OFFSET);
    uint32_t size = ldl_le_p(c->body + CHAIN_SIZE);
    uint32_t n;

    if (size > CALIPTRA_DPE_MAX_CHUNK) {
        return CALIPTRA_DPE_INVALID_ARGUMENT;
    }
    if (offset >= env->cert_chain_len) {
        return CALIPTRA_DPE_PLATFORM_CERT_CHAIN;
    }
    n = MIN(size, env->cert_chain_len - offset);
    stl_le_p(resp + RESP_HDR, n);
    memcpy(resp + RESP_HDR + 4, env->cert_chain + offset, n);
    *len = RESP_HDR + 4 + CALIPTRA_DPE_MAX_CHUNK;
    return CALIPTRA_DPE_OK;
}

/* The body each command needs after the header (zerocopy's prefix) */
static int dpe_body_size(uint32_t id)
{
    switch (id) {
    case CALIPTRA_DPE_GET_PROFILE:
        return 0;
    case CALIPTRA_DPE_INITIALIZE_CONTEXT:
        return 4;
    case CALIPTRA_DPE_DERIVE_CONTEXT:
        return DERIVE_SIZE;
    case CALIPTRA_DPE_CERTIFY_KEY:
        return CALIPTRA_DPE_CERTIFY_KEY_SIZE;
    case CALIPTRA_DPE_SIGN:
        return SIGN_SIZE;
    case CALIPTRA_DPE_ROTATE_CONTEXT_HANDLE:
        return ROTATE_SIZE;
    case CALIPTRA_DPE_DESTROY_CONTEXT:
        return DESTROY_SIZE;
    case CALIPTRA_DPE_GET_CERTIFICATE_CHAIN:
        return CHAIN_CMD_SIZE;
    default:
        return -1;
    }
}

int caliptra_dpe_command_id(const uint8_t *cmd, size_t len)
{
    uint32_t id;
    int body;

    if (len < CALIPTRA_DPE_CMD_HDR || ldl_le_p(cmd) != CMD_MAGIC) {
        return -1;
    }
    id = ldl_le_p(cmd + 4);
    /* GetProfile is how a client learns the profile: any is accepted */
    if (id != CALIPTRA_DPE_GET_PROFILE &&
        ldl_le_p(cmd + 8) != CALIPTRA_DPE_PROFILE) {
        return -1;
    }
    body = dpe_body_size(id);
    if (body < 0 || len - CALIPTRA_DPE_CMD_HDR < body) {
        return -1;
    }
    return id;
}

size_t caliptra_dpe_execute(CaliptraDpe *dpe, const CaliptraDpeEnv *env,
                            uint32_t locality, const uint8_t *cmd,
                            size_t len, uint8_t *resp, uint32_t *status)
{
    int id = caliptra_dpe_command_id(cmd, len);
    DpeCmd c = {
        .body = cmd + CALIPTRA_DPE_CMD_HDR,
        .locality = locality,
    };
    size_t n = RESP_HDR;
    uint32_t err;

    memset(resp, 0, CALIPTRA_DPE_RESP_MAX);
    switch (id) {
    case CALIPTRA_DPE_GET_PROFILE:
        n = dpe_profile(resp);
        err = CALIPTRA_DPE_OK;
        break;
    case CALIPTRA_DPE_INITIALIZE_CONTEXT:
        err = dpe_init_ctx(dpe, &c, resp, &n);
        break;
    case CALIPTRA_DPE_DERIVE_CONTEXT:
        err = dpe_derive_cmd(dpe, env, &c, resp, &n);
        break;
    case CALIPTRA_DPE_CERTIFY_KEY:
        err = dpe_certify_key(dpe, env, &c, resp, &n);
        break;
    case CALIPTRA_DPE_SIGN:
        err = dpe_sign(dpe, env, &c, resp, &n);
        break;
    case CALIPTRA_DPE_ROTATE_CONTEXT_HANDLE:
        err = dpe_rotate(dpe, &c, resp, &n);
        break;
    case CALIPTRA_DPE_DESTROY_CONTEXT:
        err = dpe_destroy_cmd(dpe, &c, &n);
        break;
    case CALIPTRA_DPE_GET_CERTIFICATE_CHAIN:
        err = dpe_cert_chain(env, &c, resp, &n);
        break;
    default:
        err = CALIPTRA_DPE_INVALID_COMMAND;
        break;
    }
    if (err) {
        /* An error is the bare header: nothing of a half-done answer */
        memset(resp, 0, n);
        n = RESP_HDR;
    }
    resp_hdr(resp, err);
    *status = err;
    return n;
}

uint32_t caliptra_dpe_derive(CaliptraDpe *dpe, const CaliptraDpeEnv *env,
                             uint32_t locality, const uint8_t data[48],
                             uint32_t flags, uint32_t tci_type,
                             uint32_t target_locality)
{
    uint8_t body[DERIVE_SIZE] = { 0 };
    g_autofree uint8_t *resp = g_malloc(CALIPTRA_DPE_RESP_MAX);
    DpeCmd c = { .body = body, .locality = locality };
    size_t n;

    memcpy(body + DERIVE_DATA, data, HASH);
    stl_le_p(body + CALIPTRA_DPE_DERIVE_FLAGS, flags);
    stl_le_p(body + DERIVE_TCI_TYPE, tci_type);
    stl_le_p(body + CALIPTRA_DPE_DERIVE_TARGET_LOCALITY, target_locality);
    return dpe_derive_cmd(dpe, env, &c, resp, &n);
}

uint32_t caliptra_dpe_init(CaliptraDpe *dpe, const CaliptraDpeEnv *env,
                           uint32_t tci_type, const uint8_t measurement[48])
{
    uint8_t body[4], resp[RESP_HDR + CALIPTRA_DPE_HANDLE];
    DpeCmd c = {
        .body = body,
        .locality = env->auto_init_locality,
    };
    size_t n;
    uint32_t err;
    int idx;

    memset(dpe, 0, sizeof(*dpe));
    for (int i = 0; i < MAX_HANDLES; i++) {
        dpe->ctx[i].parent_idx = CALIPTRA_DPE_ROOT_INDEX;
    }
    stl_le_p(body, CALIPTRA_DPE_INIT_DEFAULT);
    err = dpe_init_ctx(dpe, &c, resp, &n);
    if (err) {
        return err;
    }
    idx = dpe_find_internal(dpe, default_handle, c.locality);
    g_assert(idx >= 0);
    err = dpe_measure(&dpe->ctx[idx], measurement, c.locality);
    dpe->ctx[idx].tci_type = tci_type;
    return err;
}
