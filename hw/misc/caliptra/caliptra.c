/*
 * Caliptra 1.x Root of Trust: the SoC-facing APB window
 *
 * The container decodes the SoC's 32-bit APB accesses the way
 * caliptra-rtl's soc_ifc_arb.sv does (window, alignment, mailbox PAUSER
 * filter) and hands them to the register blocks:
 *
 *   0x0_0000  mbox_csr        (Caliptra APB 0x3002_0000)
 *   0x0_1000  sha512_acc_csr  (0x3002_1000)
 *   0x1_0000  soc_ifc_reg     (0x3003_0000)
 *
 * Accesses that real Caliptra answers with PSLVERR complete here with
 * MEMTX_ERROR (read data 0, write dropped).
 *
 * The APB user (PAUSER) of an access is the PAUSER of the port it arrives
 * on: "soc-pauser" for MMIO region 0, "boot-pauser" for region 1 (an SoC
 * gives its boot controller, which owns Caliptra's fuses and TRNG, a port
 * of its own, e.g. the AST2700's bootmcu). They may change while the
 * machine runs (qom-set), for a fabric that switches requesters on one
 * port, or a test playing more than one requester.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "crypto/ecdsa.h"
#include "hw/misc/caliptra.h"
#include "migration/vmstate.h"
#include "trace.h"

static MemTxResult caliptra_decode(CaliptraState *s, uint32_t user,
                                   hwaddr addr, bool is_write, uint64_t *data)
{
    if (addr >= CALIPTRA_SOC_IFC_OFFSET) {
        addr -= CALIPTRA_SOC_IFC_OFFSET;
        return is_write ?
               caliptra_soc_ifc_soc_write(&s->soc_ifc, addr, user, *data) :
               caliptra_soc_ifc_soc_read(&s->soc_ifc, addr, user, data);
    }
    if (addr >= CALIPTRA_SHA_ACC_OFFSET &&
        addr < CALIPTRA_SHA_ACC_OFFSET + CALIPTRA_BLOCK_SIZE) {
        addr -= CALIPTRA_SHA_ACC_OFFSET;
        if (addr >= CALIPTRA_SHA_ACC_R_MAX * 4) {
            /* e.g. the uC interrupt block at +0x800: reads 0 */
            *data = is_write ? *data : 0;
            return MEMTX_OK;
        }
        return is_write ?
               caliptra_sha_acc_soc_write(&s->sha_acc, addr, user, *data) :
               caliptra_sha_acc_soc_read(&s->sha_acc, addr, user, data);
    }
    if (addr < CALIPTRA_MBOX_CSR_OFFSET + CALIPTRA_BLOCK_SIZE) {
        if (!caliptra_soc_ifc_mbox_user_valid(&s->soc_ifc, user)) {
            qemu_log_mask(LOG_GUEST_ERROR, "caliptra: mailbox access at "
                          "0x%02" HWADDR_PRIx " by user 0x%08x, not a valid "
                          "mailbox user\n", addr, user);
            caliptra_soc_ifc_intr_event(&s->soc_ifc,
                                        CALIPTRA_INTR_ERROR_INV_DEV);
            return MEMTX_ERROR;
        }
        if (addr >= CALIPTRA_MBOX_R_MAX * 4) {
            *data = is_write ? *data : 0;
            return MEMTX_OK;
        }
        return is_write ?
               caliptra_mbox_soc_write(&s->mbox, addr, user, *data) :
               caliptra_mbox_soc_read(&s->mbox, addr, user, data);
    }
    qemu_log_mask(LOG_GUEST_ERROR, "caliptra: access to undecoded offset "
                  "0x%05" HWADDR_PRIx "\n", addr);
    return MEMTX_ERROR;
}

/*
 * Caliptra's APB has no byte strobes: only aligned 32-bit accesses exist.
 * Others are no errors, they just do nothing (soc_ifc_arb.sv): reads
 * return 0, writes are dropped.
 */
static bool caliptra_access_ok(hwaddr addr, unsigned size, bool is_write)
{
    if (size == 4 && !(addr & 3)) {
        return true;
    }
    qemu_log_mask(LOG_GUEST_ERROR, "caliptra: %u-byte %s at 0x%05" HWADDR_PRIx
                  " ignored: only aligned 32-bit accesses exist\n", size,
                  is_write ? "write" : "read", addr);
    return false;
}

static MemTxResult caliptra_read(void *opaque, hwaddr addr, uint64_t *data,
                                 unsigned size, MemTxAttrs attrs)
{
    CaliptraPort *port = opaque;

    *data = 0;
    if (!caliptra_access_ok(addr, size, false)) {
        return MEMTX_OK;
    }
    return caliptra_decode(port->caliptra, port->pauser, addr, false, data);
}

static MemTxResult caliptra_write(void *opaque, hwaddr addr, uint64_t data,
                                  unsigned size, MemTxAttrs attrs)
{
    CaliptraPort *port = opaque;

    if (!caliptra_access_ok(addr, size, true)) {
        return MEMTX_OK;
    }
    return caliptra_decode(port->caliptra, port->pauser, addr, true, &data);
}

static const MemoryRegionOps caliptra_ops = {
    .read_with_attrs = caliptra_read,
    .write_with_attrs = caliptra_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 8,
        .unaligned = true,
    },
    .impl = {
        .min_access_size = 1,
        .max_access_size = 4,
        .unaligned = true,
    },
};

/* cptra_rst_b pulse with power good held: the warm reset */
static void caliptra_warm_reset_in(void *opaque, int n, int level)
{
    CaliptraState *s = opaque;

    if (!level) {
        return;
    }
    trace_caliptra_warm_reset();
    caliptra_mbox_warm_reset(&s->mbox);
    caliptra_sha_acc_warm_reset(&s->sha_acc);
    caliptra_fw_warm_reset(s->fw);
    caliptra_soc_ifc_warm_reset(&s->soc_ifc);
}

/*
 * cptra_pwrgood and cptra_rst_b as levels, for an SoC that drives them
 * (the AST2700's SCU1): power good rising makes the next release of the
 * reset a cold boot (straps latched, every register at its power-on
 * value); a reset released with power held is the warm reset. While
 * power is off or the reset is held the model keeps answering the APB:
 * nothing in an SoC's boot flow reads Caliptra then.
 */
static void caliptra_release(CaliptraState *s)
{
    if (s->cold_pending) {
        trace_caliptra_power_on();
        device_cold_reset(DEVICE(s));
    } else {
        caliptra_warm_reset_in(s, 0, 1);
    }
}

static void caliptra_pwrgood_in(void *opaque, int n, int level)
{
    CaliptraState *s = opaque;

    if (level == s->pwrgood) {
        return;
    }
    s->pwrgood = level;
    if (level) {
        s->cold_pending = true;
        if (!s->reset_held) {
            caliptra_release(s);
        }
    }
}

static void caliptra_reset_in(void *opaque, int n, int level)
{
    CaliptraState *s = opaque;

    if (level == s->reset_held) {
        return;
    }
    s->reset_held = level;
    if (!level && s->pwrgood) {
        caliptra_release(s);
    }
}

static void caliptra_reset_hold(Object *obj, ResetType type)
{
    CaliptraState *s = CALIPTRA(obj);

    s->pwrgood = true;
    s->reset_held = false;
    s->cold_pending = false;
}

static const VMStateDescription vmstate_caliptra = {
    .name = TYPE_CALIPTRA,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(pwrgood, CaliptraState),
        VMSTATE_BOOL(reset_held, CaliptraState),
        VMSTATE_BOOL(cold_pending, CaliptraState),
        VMSTATE_END_OF_LIST(),
    },
};

/*
 * The CPTRA_OBF_KEY strap: 64 hex digits, word 0 first. Write-only: no
 * getter, so neither QMP nor -device help can read it back. The default
 * is caliptra-sw's DEFAULT_CPTRA_OBF_KEY, so that default fuses give the
 * identities caliptra-sw's tests expect; a real part's key is secret.
 */
static const uint32_t caliptra_default_obf_key[8] = {
    0xa0a1a2a3, 0xb0b1b2b3, 0xc0c1c2c3, 0xd0d1d2d3,
    0xe0e1e2e3, 0xf0f1f2f3, 0xa4a5a6a7, 0xb4b5b6b7,
};

static void caliptra_set_obf_key(Object *obj, const char *value,
                                 Error **errp)
{
    CaliptraState *s = CALIPTRA(obj);
    uint32_t key[8];

    if (strlen(value) != 64) {
        error_setg(errp, "caliptra: obf-key takes 64 hex digits");
        return;
    }
    for (int i = 0; i < 8; i++) {
        char word[9];
        const char *end;
        unsigned long v;

        memcpy(word, value + 8 * i, 8);
        word[8] = 0;
        if (qemu_strtoul(word, &end, 16, &v) || *end) {
            error_setg(errp, "caliptra: obf-key takes 64 hex digits");
            return;
        }
        key[i] = v;
    }
    memcpy(s->soc_ifc.obf_key, key, sizeof(key));
}

static void caliptra_init(Object *obj)
{
    CaliptraState *s = CALIPTRA(obj);

    object_initialize_child(obj, "soc-ifc", &s->soc_ifc,
                            TYPE_CALIPTRA_SOC_IFC);
    object_initialize_child(obj, "mbox", &s->mbox, TYPE_CALIPTRA_MBOX);
    object_initialize_child(obj, "sha-acc", &s->sha_acc,
                            TYPE_CALIPTRA_SHA_ACC);
    memcpy(s->soc_ifc.obf_key, caliptra_default_obf_key,
           sizeof(caliptra_default_obf_key));
    object_property_add_str(obj, "obf-key", NULL, caliptra_set_obf_key);
    /* Integration parameter a board sets along with its ports' PAUSERs */
    object_property_add_alias(obj, "mbox-pauser-integ", OBJECT(&s->soc_ifc),
                              "mbox-pauser-integ");

    for (int i = 0; i < CALIPTRA_NUM_PORTS; i++) {
        g_autofree char *name = g_strdup_printf(TYPE_CALIPTRA "-port%d", i);

        s->port[i].caliptra = s;
        memory_region_init_io(&s->port[i].iomem, obj, &caliptra_ops,
                              &s->port[i], name, CALIPTRA_WINDOW_SIZE);
        sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->port[i].iomem);
    }
    qdev_init_gpio_in_named(DEVICE(obj), caliptra_warm_reset_in,
                            CALIPTRA_GPIO_WARM_RESET, 1);
    qdev_init_gpio_in_named(DEVICE(obj), caliptra_pwrgood_in,
                            CALIPTRA_GPIO_PWRGOOD, 1);
    qdev_init_gpio_in_named(DEVICE(obj), caliptra_reset_in,
                            CALIPTRA_GPIO_RESET, 1);
}

/* The firmware behind the blocks: a child of the type a board chose */
static bool caliptra_realize_fw(CaliptraState *s, Error **errp)
{
    const char *type = s->fw_type ?: TYPE_CALIPTRA_FW_1_2;
    ObjectClass *oc = object_class_by_name(type);
    Object *fw;

    if (!oc || !object_class_dynamic_cast(oc, TYPE_CALIPTRA_FW) ||
        object_class_is_abstract(oc)) {
        error_setg(errp, "caliptra: firmware '%s' is not a Caliptra firmware "
                   "type", type);
        return false;
    }
    fw = object_new(type);
    object_property_add_child(OBJECT(s), "firmware", fw);
    object_unref(fw);
    object_property_set_link(fw, "soc-ifc", OBJECT(&s->soc_ifc),
                             &error_abort);
    object_property_set_link(fw, "mbox", OBJECT(&s->mbox), &error_abort);
    object_property_set_link(fw, "sha-acc", OBJECT(&s->sha_acc),
                             &error_abort);
    if (!qdev_realize(DEVICE(fw), NULL, errp)) {
        object_unparent(fw);
        return false;
    }
    s->fw = CALIPTRA_FW(fw);
    return true;
}

static void caliptra_realize(DeviceState *dev, Error **errp)
{
    CaliptraState *s = CALIPTRA(dev);

    /* Bundle signatures, DICE keys, DPE: nothing works without ECDSA */
    if (!qcrypto_ecdsa_p384_supported()) {
        error_setg(errp, "Caliptra needs ECDSA P-384 in QEMU's crypto layer: "
                   "build QEMU with gnutls (and nettle), nettle or libgcrypt");
        return;
    }

    if (!qdev_realize(DEVICE(&s->soc_ifc), NULL, errp)) {
        return;
    }
    object_property_set_link(OBJECT(&s->mbox), "soc-ifc",
                             OBJECT(&s->soc_ifc), &error_abort);
    if (!qdev_realize(DEVICE(&s->mbox), NULL, errp)) {
        return;
    }
    object_property_set_link(OBJECT(&s->sha_acc), "mbox", OBJECT(&s->mbox),
                             &error_abort);
    if (!qdev_realize(DEVICE(&s->sha_acc), NULL, errp)) {
        return;
    }
    if (!caliptra_realize_fw(s, errp)) {
        return;
    }
    /* The SoC-visible wires are the container's */
    qdev_pass_gpios(DEVICE(&s->soc_ifc), dev, "caliptra-out");
    qdev_pass_gpios(DEVICE(&s->soc_ifc), dev, "generic-input-wires");
    qdev_pass_gpios(DEVICE(&s->soc_ifc), dev, "generic-output-wires");
    qdev_pass_gpios(DEVICE(&s->mbox), dev, "mailbox-data-avail");
}

/* Reset reaches the blocks through the container, in three phases. */
static void caliptra_child_foreach(Object *obj, ResettableChildCallback cb,
                                   void *opaque, ResetType type)
{
    CaliptraState *s = CALIPTRA(obj);

    cb(OBJECT(&s->soc_ifc), opaque, type);
    cb(OBJECT(&s->mbox), opaque, type);
    cb(OBJECT(&s->sha_acc), opaque, type);
    if (s->fw) {
        cb(OBJECT(s->fw), opaque, type);
    }
}

static void caliptra_prop_pauser_access(Object *obj, Visitor *v,
                                        const char *name, void *opaque,
                                        Error **errp)
{
    visit_type_uint32(v, name, object_field_prop_ptr(obj, opaque), errp);
}

static void caliptra_prop_pauser_default(ObjectProperty *op,
                                         const Property *prop)
{
    object_property_set_default_uint(op, prop->defval.u);
}

/* A uint32 that may be set on the realized device too */
static const PropertyInfo caliptra_prop_pauser = {
    .type = "uint32",
    .description = "APB user (PAUSER) of accesses through the SoC port",
    .get = caliptra_prop_pauser_access,
    .set = caliptra_prop_pauser_access,
    .set_default_value = caliptra_prop_pauser_default,
    .realized_set_allowed = true,
};

static const Property caliptra_properties[] = {
    DEFINE_PROP("soc-pauser", CaliptraState,
                port[CALIPTRA_PORT_SOC].pauser, caliptra_prop_pauser,
                uint32_t, .set_default = true, .defval.u = 0xffffffff),
    DEFINE_PROP("boot-pauser", CaliptraState,
                port[CALIPTRA_PORT_BOOT].pauser, caliptra_prop_pauser,
                uint32_t, .set_default = true, .defval.u = 0xffffffff),
    /* A subtype of TYPE_CALIPTRA_FW; unset: Caliptra 1.2's */
    DEFINE_PROP_STRING("firmware-type", CaliptraState, fw_type),
};

static void caliptra_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "Caliptra 1.x Root of Trust (SoC interface)";
    dc->realize = caliptra_realize;
    dc->user_creatable = false;
    device_class_set_props(dc, caliptra_properties);
    rc->child_foreach = caliptra_child_foreach;
    rc->phases.hold = caliptra_reset_hold;
    dc->vmsd = &vmstate_caliptra;
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
}

static const TypeInfo caliptra_info = {
    .name = TYPE_CALIPTRA,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(CaliptraState),
    .instance_init = caliptra_init,
    .class_init = caliptra_class_init,
};

static void caliptra_register_types(void)
{
    type_register_static(&caliptra_info);
}

type_init(caliptra_register_types)
