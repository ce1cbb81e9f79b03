/*
 * ASPEED AST2700 bootmcu stand-in: its inputs, as silicon reads them
 *
 * The BootMCU ROM takes Caliptra's fuses, security state and obfuscation
 * key from the OTP (its cptra_otp_fuse, cptra_otp_sec_stat and key-header
 * scan) and Caliptra's bundle, the SoC auth manifest and the SoC images
 * from the boot flash's FLSH container; machine properties name files
 * that override them.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <zlib.h>
#include "qemu/bswap.h"
#include "qemu/cutils.h"
#include "qemu/log.h"
#include "qemu/units.h"
#include "qapi/error.h"
#include "crypto/hash.h"
#include "hw/arm/aspeed_bootmcu.h"
#include "hw/arm/aspeed_flash_image.h"
#include "hw/misc/caliptra_api.h"
#include "hw/misc/caliptra_soc_ifc.h"
#include "hw/nvram/aspeed_ast27x0_otp.h"
#include "hw/nvram/aspeed_ast27x0_otp_map.h"
#include "aspeed_bootmcu_inputs.h"
#include "trace.h"

/*
 * From the OTP, as the ROM's cptra_otp_fuse maps it: 32-bit values are
 * two words, low first; the key hashes are stored in natural byte order,
 * so each 32-bit value is byte-swapped into its register; the owner key
 * hash is the first OTP key header of its type whose id RBP has not
 * retired (none: zeros); FUSE_LIFE_CYCLE is written as 0; the stepping
 * id is SCU1's chip revision
 */
/* Append one fuse register write, at @offset in soc_ifc_reg */
static void seq_fuse_add(AspeedBootmcuSeqState *s, hwaddr offset,
                         uint32_t value)
{
    s->fuses = g_renew(AspeedBootmcuFuse, s->fuses, s->num_fuses + 1);
    s->fuses[s->num_fuses].offset = offset;
    s->fuses[s->num_fuses].value = value;
    s->num_fuses++;
}

/* A fuse register by its name: its offset and word count */
static hwaddr seq_fuse_reg(const char *name, unsigned *count)
{
    hwaddr reg;

    if (!caliptra_soc_ifc_reg_lookup(name, &reg, count)) {
        g_assert_not_reached();
    }
    return reg;
}

/* The one-word register @name */
static void seq_fuse_push(AspeedBootmcuSeqState *s, const char *name,
                          uint32_t value)
{
    unsigned count;

    seq_fuse_add(s, seq_fuse_reg(name, &count), value);
}

/* The whole register @name from OTP 32-bit values at @addr */
static void seq_otp_fuse(AspeedBootmcuSeqState *s, const char *name,
                         uint32_t addr, bool swap)
{
    unsigned count;
    hwaddr reg = seq_fuse_reg(name, &count);

    for (unsigned i = 0; i < count; i++) {
        uint32_t v = aspeed_ast27x0_otp_readl(s->otp, addr + 2 * i);

        seq_fuse_add(s, reg + 4 * i, swap ? bswap32(v) : v);
    }
}

/*
 * The OTP key headers: the first of @type whose id @retired (an RBP
 * bitmap) does not retire, and, with @id >= 0, of that id; the key's word
 * address, or -1. Only a last-flagged header of the type ends the scan
 * early, as in the ROM.
 */
int bootmcu_otp_key(AspeedBootmcuSeqState *s, unsigned type, int id,
                    uint16_t retired)
{
    for (int i = 0; i < AST27X0_OTP_KEY_HEADER_NUM; i++) {
        uint32_t h = aspeed_ast27x0_otp_readl(s->otp,
                                              AST27X0_OTP_KEY_HEADERS + 2 * i);

        if (AST27X0_OTP_KH_TYPE(h) != type) {
            continue;
        }
        if ((id < 0 || AST27X0_OTP_KH_ID(h) == id) &&
            !(retired & BIT(AST27X0_OTP_KH_ID(h)))) {
            return AST27X0_OTP_SEC + AST27X0_OTP_KH_OFFSET(h);
        }
        if (h & AST27X0_OTP_KH_LAST) {
            break;
        }
    }
    return -1;
}

static void seq_load_otp_fuses(AspeedBootmcuSeqState *s)
{
    uint16_t retired = aspeed_ast27x0_otp_readw(s->otp,
                                                AST27X0_OTP_OWN_PK_RETIRE);
    int owner = bootmcu_otp_key(s, AST27X0_OTP_KEY_CPTRA_OWN_HASH, -1, retired);

    s->num_fuses = 0;
    seq_otp_fuse(s, "FUSE_UDS_SEED", AST27X0_OTP_PUF_UDS_SEED, false);
    seq_otp_fuse(s, "FUSE_FIELD_ENTROPY", AST27X0_OTP_CAL_FIELD_ENTROPY,
                 false);
    seq_otp_fuse(s, "FUSE_KEY_MANIFEST_PK_HASH",
                 AST27X0_OTP_CAL_KEY_MANIFEST_HASH, true);
    seq_fuse_push(s, "FUSE_KEY_MANIFEST_PK_HASH_MASK",
                  aspeed_ast27x0_otp_readw(s->otp,
                                           AST27X0_OTP_CPTRA_ECC_KEY_MASK));
    if (owner >= 0) {
        seq_otp_fuse(s, "FUSE_OWNER_PK_HASH", owner, true);
    }
    seq_otp_fuse(s, "FUSE_FMC_KEY_MANIFEST_SVN", AST27X0_OTP_CPTRA_FMC_SVN,
                 false);
    seq_otp_fuse(s, "FUSE_RUNTIME_SVN", AST27X0_OTP_CPTRA_RT_SVN, false);
    /* Read as 32 bits, the word after comes along, as in the ROM */
    seq_otp_fuse(s, "FUSE_ANTI_ROLLBACK_DISABLE",
                 AST27X0_OTP_CAL_ANTI_ROLLBACK, false);
    seq_otp_fuse(s, "FUSE_IDEVID_CERT_ATTR", AST27X0_OTP_CAL_IDEVID_CERT_ATTR,
                 false);
    seq_otp_fuse(s, "FUSE_IDEVID_MANUF_HSM_ID",
                 AST27X0_OTP_CAL_IDEVID_MANUF_HSM, false);
    seq_fuse_push(s, "FUSE_LIFE_CYCLE", 0);
    seq_otp_fuse(s, "FUSE_LMS_VERIFY", AST27X0_OTP_CAL_LMS_VERIFY, false);
    seq_otp_fuse(s, "FUSE_LMS_REVOCATION", AST27X0_OTP_CPTRA_LMS_KEY_MASK,
                 false);
    seq_fuse_push(s, "FUSE_SOC_STEPPING_ID",
                  bootmcu_scu_rd(s, SCU1_CHIP_REV_ID));
}

/*
 * cptra_otp_sec_stat: unprovisioned when the OTP lifecycle is 0, else
 * the lifecycle with debug locked unless STRAPEXT enables Caliptra's
 * debug (which the ROM loads into SCU1 HWSTRAP2 bit 11 at a cold reset)
 */
uint32_t bootmcu_otp_security_state(AspeedBootmcuSeqState *s)
{
    uint32_t lcs = (aspeed_ast27x0_otp_readw(s->otp, AST27X0_OTP_CONF2) >>
                    AST27X0_OTP_CONF2_LCS_SHIFT) & AST27X0_OTP_CONF2_LCS_MASK;
    bool dbg = aspeed_ast27x0_otp_readw(s->otp,
                                        AST27X0_OTP_STRAPEXT_HWSTRAP2) &
               aspeed_ast27x0_otp_readw(s->otp,
                                        AST27X0_OTP_STRAPEXT_HWSTRAP2_VALID) &
               AST27X0_OTP_STRAPEXT_EN_CPTRA_DBG;

    return lcs ? (!dbg) << 2 | lcs : 0;
}

/* A thermometer of @svn ones over @nwords OTP words, programmed in */
void bootmcu_otp_ratchet(AspeedBootmcuSeqState *s, uint32_t addr,
                         unsigned nwords, uint32_t svn)
{
    for (unsigned i = 0; i < nwords; i++) {
        unsigned ones = MIN(svn, 16 * (i + 1)) - MIN(svn, 16 * i);

        if (ones && !aspeed_ast27x0_otp_program(s->otp, addr + i,
                                                MAKE_64BIT_MASK(0, ones))) {
            qemu_log_mask(LOG_GUEST_ERROR, "bootmcu: OTP word 0x%x: "
                          "programming failed\n", addr + i);
        }
    }
}

bool bootmcu_has_otp(AspeedBootmcuSeqState *s)
{
    return s->otp && aspeed_ast27x0_otp_present(s->otp);
}

/*
 * The inputs from the boot flash (stage Fc and the bootmcu firmware's
 * image loader): the FLSH image at a 64 KiB boundary of the first 4 MiB,
 * found by its magic, image count and header CRC as vbootrom finds it.
 * Its payload CRC is not checked (vbootrom does not either). File
 * properties, where given, win over what the flash holds.
 */
static bool seq_flash_read(AspeedBootmcuSeqState *s, uint64_t off,
                           void *buf, size_t len)
{
    return address_space_read(&s->as, s->flash_base + off,
                              MEMTXATTRS_UNSPECIFIED, buf, len) == MEMTX_OK;
}

static uint8_t *seq_flash_image(AspeedBootmcuSeqState *s, uint64_t base,
                                const uint8_t *table, unsigned count,
                                uint32_t id, size_t *len)
{
    for (unsigned i = 0; i < count; i++) {
        const uint8_t *e = table + i * ASPEED_FLSH_ENTRY_SIZE;
        uint32_t off = ldl_le_p(e + ASPEED_FLSH_ENTRY_OFFSET);
        uint32_t size = ldl_le_p(e + ASPEED_FLSH_ENTRY_SIZE_OFF);
        g_autofree uint8_t *data = NULL;

        if (ldl_le_p(e + ASPEED_FLSH_ENTRY_ID) != id) {
            continue;
        }
        if (size == 0 || size > BOOTMCU_FILE_MAX) {
            qemu_log_mask(LOG_GUEST_ERROR, "bootmcu: flash image 0x%x: "
                          "size %u\n", id, size);
            return NULL;
        }
        data = g_malloc(size);
        if (!seq_flash_read(s, base + off, data, size)) {
            return NULL;
        }
        *len = size;
        return g_steal_pointer(&data);
    }
    return NULL;
}

/*
 * The SoC images the manifest lists, in its order: fw_id 1 (the bootmcu's
 * runtime) is FLSH image 3, the others 0x1000 on, as ASPEED's tools lay
 * them out. Each is authorized by the SHA-384 of what the flash holds.
 */
static void seq_flash_images(AspeedBootmcuSeqState *s, uint64_t base,
                             const uint8_t *table, unsigned count)
{
    size_t list = CALIPTRA_AM_PREAMBLE_SIZE;
    uint32_t n, soc = 0;

    if (s->manifest_len < list + 4) {
        return;
    }
    n = MIN(ldl_le_p(s->manifest + list), CALIPTRA_AM_META_MAX_ENTRIES);
    n = MIN(n, (s->manifest_len - list - 4) / CALIPTRA_AM_META_ENTRY_SIZE);
    s->image = g_new0(AspeedBootmcuImage, n);
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *m = s->manifest + list + 4 +
                           i * CALIPTRA_AM_META_ENTRY_SIZE;
        uint32_t fw_id = ldl_le_p(m + CALIPTRA_AM_META_FW_ID);
        uint32_t id = fw_id == ASPEED_FLSH_MCU_FW_ID ?
                      ASPEED_FLSH_ID_MCU_RUNTIME :
                      ASPEED_FLSH_ID_SOC_FIRST + soc++;
        g_autofree uint8_t *data = NULL;
        g_autofree uint8_t *digest = NULL;
        size_t len, dlen;

        data = seq_flash_image(s, base, table, count, id, &len);
        if (!data || qcrypto_hash_bytes(QCRYPTO_HASH_ALGO_SHA384,
                                        (char *)data, len, &digest, &dlen,
                                        NULL) < 0) {
            continue;   /* not in the flash: nothing to authorize */
        }
        s->image[s->num_images].fw_id = fw_id;
        memcpy(s->image[s->num_images].digest, digest, 48);
        if (fw_id == ASPEED_FLSH_MCU_FW_ID && !s->fmc_image) {
            s->fmc_image_len = len;
            s->fmc_image = g_steal_pointer(&data);
            s->fmc_from_flash = true;
        } else {
            s->image[s->num_images].len = len;
            s->image[s->num_images].data = g_steal_pointer(&data);
        }
        s->num_images++;
    }
}

static void seq_load_flash(AspeedBootmcuSeqState *s)
{
    uint8_t hdr[ASPEED_FLSH_HDR_SIZE];
    g_autofree uint8_t *table = NULL;
    unsigned count = 0;
    uint64_t base;

    for (base = 0; base < ASPEED_FLSH_SEARCH_END;
         base += ASPEED_FLSH_SEARCH_STEP) {
        if (!seq_flash_read(s, base, hdr, sizeof(hdr))) {
            return;
        }
        count = lduw_le_p(hdr + ASPEED_FLSH_COUNT_OFF);
        if (ldl_le_p(hdr + ASPEED_FLSH_MAGIC_OFF) == ASPEED_FLSH_MAGIC &&
            count < ASPEED_FLSH_MAX_IMAGES &&
            crc32(0, hdr, ASPEED_FLSH_HDR_CRC_LEN) ==
            ldl_le_p(hdr + ASPEED_FLSH_HDR_CRC_OFF)) {
            break;
        }
    }
    if (base >= ASPEED_FLSH_SEARCH_END) {
        return;
    }
    trace_aspeed_bootmcu_flash(base, count);
    table = g_malloc0(count * ASPEED_FLSH_ENTRY_SIZE + 1);
    if (!seq_flash_read(s, base + ASPEED_FLSH_HDR_SIZE, table,
                        count * ASPEED_FLSH_ENTRY_SIZE)) {
        return;
    }
    if (!s->bundle_path) {
        s->bundle = seq_flash_image(s, base, table, count,
                                    ASPEED_FLSH_ID_CALIPTRA_FW,
                                    &s->bundle_len);
    }
    if (!s->manifest_path) {
        s->manifest = seq_flash_image(s, base, table, count,
                                      ASPEED_FLSH_ID_SOC_MANIFEST,
                                      &s->manifest_len);
        if (s->manifest && !s->images) {
            seq_flash_images(s, base, table, count);
        }
    }
}

/* What came from the flash is read again at every power-on */
void bootmcu_drop_flash_inputs(AspeedBootmcuSeqState *s)
{
    if (!s->bundle_path) {
        g_clear_pointer(&s->bundle, g_free);
        s->bundle_len = 0;
    }
    if (!s->manifest_path) {
        g_clear_pointer(&s->manifest, g_free);
        s->manifest_len = 0;
        if (!s->images) {
            bootmcu_free_images(s);
        }
    }
    if (s->fmc_from_flash) {
        g_clear_pointer(&s->fmc_image, g_free);
        s->fmc_image_len = 0;
        s->fmc_from_flash = false;
    }
    if (!s->fuses_path) {
        g_clear_pointer(&s->fuses, g_free);
        s->num_fuses = 0;
    }
    s->inputs_loaded = false;
}

void bootmcu_load_inputs(AspeedBootmcuSeqState *s)
{
    if (s->inputs_loaded) {
        return;
    }
    s->inputs_loaded = true;
    if (s->flash_base) {
        seq_load_flash(s);
    }
    if (!s->fuses_path && bootmcu_has_otp(s)) {
        seq_load_otp_fuses(s);
    }
}

uint8_t *bootmcu_load_file(const char *what, const char *path,
                           size_t *len, Error **errp)
{
    g_autoptr(GError) err = NULL;
    gchar *data;
    gsize n;

    if (!g_file_get_contents(path, &data, &n, &err)) {
        error_setg(errp, "%s: %s", what, err->message);
        return NULL;
    }
    if (n == 0 || n > BOOTMCU_FILE_MAX) {
        error_setg(errp, "%s: %s: %zu bytes, expected 1 to %u", what, path,
                   (size_t)n, (unsigned)BOOTMCU_FILE_MAX);
        g_free(data);
        return NULL;
    }
    *len = n;
    return (uint8_t *)data;
}

/*
 * The fuse file is what `caliptra-bundle --fuses` prints: one fuse
 * register per line, its soc_ifc_reg name (FUSE_*) and one hexadecimal
 * value per 32-bit word, as the SoC writes them. '#' starts a comment.
 */
static bool seq_parse_fuse_line(AspeedBootmcuSeqState *s, const char *path,
                                int lineno, char *line, Error **errp)
{
    g_auto(GStrv) tok = NULL;
    unsigned count, n;
    hwaddr addr;

    *strchrnul(line, '#') = '\0';
    tok = g_strsplit_set(g_strstrip(line), " \t", -1);
    n = 0;
    for (char **t = tok; *t; t++) {
        if (**t) {
            tok[n++] = *t;
        } else {
            g_free(*t);
        }
    }
    tok[n] = NULL;
    if (n == 0) {
        return true;
    }
    if (!g_str_has_prefix(tok[0], "FUSE_") ||
        !caliptra_soc_ifc_reg_lookup(tok[0], &addr, &count)) {
        error_setg(errp, "caliptra-fuses: %s:%d: '%s' is not a fuse register",
                   path, lineno, tok[0]);
        return false;
    }
    if (n - 1 != count) {
        error_setg(errp, "caliptra-fuses: %s:%d: %s takes %u words, not %u",
                   path, lineno, tok[0], count, n - 1);
        return false;
    }
    for (unsigned i = 0; i < count; i++) {
        uint64_t v;

        if (qemu_strtou64(tok[i + 1], NULL, 16, &v) || v > UINT32_MAX) {
            error_setg(errp, "caliptra-fuses: %s:%d: bad value '%s'",
                       path, lineno, tok[i + 1]);
            return false;
        }
        seq_fuse_add(s, addr + 4 * i, v);
    }
    return true;
}

bool bootmcu_load_fuses(AspeedBootmcuSeqState *s, Error **errp)
{
    g_autofree uint8_t *text = NULL;
    g_auto(GStrv) lines = NULL;
    size_t len;

    text = bootmcu_load_file("caliptra-fuses", s->fuses_path, &len, errp);
    if (!text) {
        return false;
    }
    text = g_realloc(text, len + 1);
    text[len] = '\0';
    lines = g_strsplit((char *)text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        if (!seq_parse_fuse_line(s, s->fuses_path, i + 1, lines[i], errp)) {
            return false;
        }
    }
    return true;
}

void bootmcu_free_images(AspeedBootmcuSeqState *s)
{
    for (unsigned i = 0; i < s->num_images; i++) {
        g_free(s->image[i].data);
    }
    g_clear_pointer(&s->image, g_free);
    s->num_images = 0;
}

/* "ID=FILE[:ID=FILE...]": the SoC images to authorize, in this order */
bool bootmcu_load_images(AspeedBootmcuSeqState *s, Error **errp)
{
    g_auto(GStrv) items = g_strsplit(s->images, ":", -1);
    unsigned n = g_strv_length(items);

    s->image = g_new0(AspeedBootmcuImage, n);
    for (unsigned i = 0; i < n; i++) {
        AspeedBootmcuImage *img = &s->image[s->num_images];
        g_autofree uint8_t *data = NULL;
        g_autofree uint8_t *digest = NULL;
        char *eq = strchr(items[i], '=');
        size_t len, dlen;
        uint64_t id;

        if (eq) {
            *eq = '\0';
        }
        if (!eq || qemu_strtou64(items[i], NULL, 0, &id) || id > UINT32_MAX) {
            error_setg(errp, "caliptra-images: '%s' is not ID=FILE",
                       items[i]);
            return false;
        }
        data = bootmcu_load_file("caliptra-images", eq + 1, &len, errp);
        if (!data ||
            qcrypto_hash_bytes(QCRYPTO_HASH_ALGO_SHA384, (char *)data, len,
                               &digest, &dlen, errp) < 0) {
            return false;
        }
        img->fw_id = id;
        memcpy(img->digest, digest, sizeof(img->digest));
        s->num_images++;
        if (id == ASPEED_FLSH_MCU_FW_ID && !s->fmc_image) {
            s->fmc_image_len = len;
            s->fmc_image = g_steal_pointer(&data);
        } else {
            img->len = len;
            img->data = g_steal_pointer(&data);
        }
    }
    return true;
}
