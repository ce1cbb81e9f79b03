/*
 * caliptra-bundle: make, inspect and fuse Caliptra 1.2 firmware bundles
 *
 *   caliptra-bundle --fmc FMC.bin --rt RT.bin -o BUNDLE [options]
 *   caliptra-bundle --info BUNDLE
 *   caliptra-bundle --fuses BUNDLE
 *   caliptra-bundle --flash OUT --caliptra-fw BUNDLE --soc-manifest M
 *                   --image ID=FILE...
 *   caliptra-bundle --otp OUT --caliptra-fw BUNDLE [otp options]
 *   caliptra-bundle --asth OUT --fmc-image FILE [--asth-svn N] [--soc-lms]
 *
 * Without key options, caliptra-sw's published fake keys sign the
 * bundle: fine for tests and demos, never for anything else.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <errno.h>
#include <gcrypt.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "caliptra-bundle.h"
#include "../../include/hw/nvram/aspeed_ast27x0_otp_map.h"
#include "../../include/hw/arm/aspeed_bootmcu_fmc.h"

static void usage(FILE *out)
{
    fprintf(out,
"Usage: caliptra-bundle --fmc FILE --rt FILE -o BUNDLE [options]\n"
"       caliptra-bundle --info BUNDLE\n"
"       caliptra-bundle --fuses BUNDLE\n"
"       caliptra-bundle --auth-manifest OUT --image ID=FILE [--image ...]\n"
"       caliptra-bundle --flash OUT --caliptra-fw BUNDLE --soc-manifest M\n"
"                       --image ID=FILE [--image ...]\n"
"       caliptra-bundle --otp OUT --caliptra-fw BUNDLE [OTP options]\n"
"       caliptra-bundle --asth OUT --fmc-image FILE [--asth-svn N]\n"
"                       [--soc-lms]\n"
"\n"
"Build options:\n"
"  --vendor-key N=FILE     vendor ECC key N (0-3); default: fake keys\n"
"  --vendor-idx N          vendor key that signs (default 0)\n"
"  --owner-key FILE        owner ECC key; default: fake owner key\n"
"  --fmc-version V, --rt-version V, --fmc-svn N, --rt-svn N\n"
"  --fmc-load ADDR, --rt-load ADDR (entry point = load address)\n"
"  --pl0-pauser PAUSER     set header flag bit 0 and pl0_pauser\n"
"  --lms-test-keys         also sign with LMS, using made-up test keys\n"
"                          (for FUSE_LMS_VERIFY; never for real use)\n"
"Auth manifest (SET_AUTH_MANIFEST) options: --image ID=FILE lists an\n"
"image by firmware id and SHA-384; signed with the fake keys.\n"
"Flash image (--flash): the AST2700 boot flash's FLSH image, with the\n"
"Caliptra bundle, the SoC manifest and the images it lists, in its order\n"
"(fw_id 1 as the bootmcu runtime, the others from 0x1000 on; an image the\n"
"manifest lists but --image does not give is left empty). Images are\n"
"padded to 4 bytes: make the manifest's digests of padded files.\n"
"OTP image (--otp): an AST2700 OTP image holding BUNDLE's key hashes\n"
"(vendor in CAL, owner in a SEC key header) and:\n"
"  --uds HEX, --field-entropy HEX  plain secrets (96 and 64 hex digits),\n"
"                          stored obfuscated under the key Caliptra gets\n"
"  --obf-key-word HEX      OTP obfuscation key word 0 (default a0a1a2a3);\n"
"                          the BootMCU ROM hands Caliptra only that word\n"
"  --lifecycle NAME        unprovisioned, manufacturing or production\n"
"  --debug-unlocked        STRAPEXT enables Caliptra debug\n"
"  --secure-boot           the secure boot strap\n"
"  --otp-fmc-svn N, --otp-rt-svn N  anti-rollback floors (thermometers)\n"
"  --otp-soc-fmc-svn N     the bootmcu FMC's floor\n"
"  --soc-lms               LMS verification on (CONF2), with a SoC LMS key\n"
"The OTP also holds the SoC ECDSA key (id 1, the fake vendor key 0) that\n"
"--asth signs a bootmcu FMC with: its ASTH header, then the image; with\n"
"--soc-lms, --asth signs with the made-up SoC LMS test key (id 1) too.\n"
"Key files hold lines d=, x=, y= with 96 hex digits each (d may be\n"
"omitted for keys that do not sign).\n");
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long n;

    if (!f) {
        fprintf(stderr, "caliptra-bundle: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (n >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc(n ? n : 1);
        if (buf && fread(buf, 1, n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
        *len = n;
    }
    fclose(f);
    if (!buf) {
        fprintf(stderr, "caliptra-bundle: cannot read %s\n", path);
    }
    return buf;
}

static unsigned long num(const char *s)
{
    unsigned long v = 0;
    int end = -1;

    if (sscanf(s, "%li%n", (long *)&v, &end) != 1 || end != (int)strlen(s)) {
        fprintf(stderr, "caliptra-bundle: bad number '%s'\n", s);
        exit(2);
    }
    return v;
}

/*
 * The FLSH image: Caliptra's bundle (id 1), the SoC manifest (2), then
 * the images in the manifest's order, fw_id 1 as id 3, the others from
 * 0x1000 on, as ASPEED's tools lay them out
 */
static int write_flash(const char *out, const char *fw_path,
                       const char *manifest_path, const CbAuthEntry *given,
                       const char *const *paths, uint32_t n_given)
{
    CbFlashEntry e[127];
    uint8_t *files[127] = { NULL };
    uint8_t *fw, *man, *img;
    size_t fw_len, man_len, len;
    uint32_t count, n = 0, soc = 0;
    FILE *f;
    int ret = 1;

    fw = read_file(fw_path, &fw_len);
    man = read_file(manifest_path, &man_len);
    if (!fw || !man) {
        return 1;
    }
    if (man_len < CB_AUTH_PREAMBLE_SIZE + 4) {
        fprintf(stderr, "caliptra-bundle: %s: too short for a manifest\n",
                manifest_path);
        return 1;
    }
    count = man[CB_AUTH_PREAMBLE_SIZE] | man[CB_AUTH_PREAMBLE_SIZE + 1] << 8 |
            man[CB_AUTH_PREAMBLE_SIZE + 2] << 16 |
            (uint32_t)man[CB_AUTH_PREAMBLE_SIZE + 3] << 24;
    if (count > 124 || man_len < CB_AUTH_PREAMBLE_SIZE + 4 + count * 56) {
        fprintf(stderr, "caliptra-bundle: %s: bad image count %u\n",
                manifest_path, count);
        return 1;
    }
    e[n++] = (CbFlashEntry) { 0x1, fw, fw_len };
    e[n++] = (CbFlashEntry) { 0x2, man, man_len };
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *m = man + CB_AUTH_PREAMBLE_SIZE + 4 + i * 56;
        uint32_t fw_id = m[0] | m[1] << 8 | m[2] << 16 | (uint32_t)m[3] << 24;
        CbFlashEntry *x = &e[n];

        x->id = fw_id == 1 ? 0x3 : 0x1000 + soc++;
        x->data = NULL;
        x->size = 0;
        for (uint32_t j = 0; j < n_given; j++) {
            if (given[j].fw_id == fw_id) {
                files[n] = read_file(paths[j], &x->size);
                if (!files[n]) {
                    goto out;
                }
                x->data = files[n];
            }
        }
        n++;
    }
    img = cb_flash_image(e, n, &len);
    f = img ? fopen(out, "wb") : NULL;
    if (!f || fwrite(img, 1, len, f) != len || fclose(f)) {
        fprintf(stderr, "caliptra-bundle: cannot write %s\n", out);
    } else {
        printf("caliptra-bundle: wrote %s (%zu bytes, %u images)\n", out,
               len, n);
        ret = 0;
    }
    free(img);
out:
    for (uint32_t i = 0; i < n; i++) {
        free(files[i]);
    }
    free(fw);
    free(man);
    return ret;
}

/* What goes into the OTP image besides the bundle's key hashes */
typedef struct OtpSpec {
    uint8_t uds[48], fe[32];
    uint32_t obf_word;
    unsigned lifecycle;
    bool debug_unlocked, secure_boot;
    unsigned fmc_svn, rt_svn, soc_fmc_svn;
    const CbKey *soc_key;       /* the SoC ECDSA key */
    const CbLmsKey *soc_lms;    /* the SoC LMS key, with --otp-lms */
} OtpSpec;

/*
 * The OTP key id of the SoC keys. fmc_verify takes id 0 only in its "low
 * secure" mode, which any non-zero OTP configuration word 2 or 3 turns
 * off (the lifecycle is in word 2): so id 1.
 */
#define SOC_KEY_ID      1

/* The SoC LMS test key's seed: made up, tests only */
static void soc_lms_test_key(CbLmsKey *key)
{
    uint8_t seed[24];

    memset(seed, 0x5c, sizeof(seed));
    cb_lms_test_key(key, seed);
}

static int hex_bytes(const char *hex, uint8_t *out, size_t n)
{
    if (strlen(hex) != 2 * n) {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (sscanf(hex + 2 * i, "%2hhx", &out[i]) != 1) {
            return -1;
        }
    }
    return 0;
}

static void otp_put16(uint8_t *otp, uint32_t word, uint16_t v)
{
    otp[2 * word] |= v & 0xff;
    otp[2 * word + 1] |= v >> 8;
}

/* @n bytes as the ROM reads them back: 32-bit values, two words each */
static void otp_put_le32s(uint8_t *otp, uint32_t word, const uint8_t *b,
                          size_t n)
{
    memcpy(otp + 2 * word, b, n);
}

static void otp_thermometer(uint8_t *otp, uint32_t word, unsigned nwords,
                            unsigned svn)
{
    for (unsigned i = 0; i < nwords && svn; i++) {
        unsigned ones = svn > 16 ? 16 : svn;

        otp_put16(otp, word + i, (1u << ones) - 1);
        svn -= ones;
    }
}

/*
 * Caliptra's DOE decrypts the UDS and field entropy fuses (their words
 * big-endian) with AES-256-CBC under its obfuscation key and the 1.2
 * ROM's IV. Here the reverse, under the key the BootMCU ROM gives it:
 * OTP key word 0, the other words zero. The ROM writes each OTP 32-bit
 * value into a fuse register as is, so the OTP holds each 4-byte group
 * of the ciphertext reversed.
 */
static int otp_obfuscate(const OtpSpec *o, const uint8_t *plain, size_t n,
                         uint8_t *otp_bytes)
{
    static const uint8_t doe_iv[16] = {
        0xfb, 0x10, 0x36, 0x5b, 0xa1, 0x17, 0x97, 0x41,
        0xfb, 0xa1, 0x93, 0xa1, 0x0f, 0x40, 0x6d, 0x7e,
    };
    uint8_t key[32] = { 0 }, ct[48];
    gcry_cipher_hd_t h;

    key[0] = o->obf_word >> 24;
    key[1] = o->obf_word >> 16;
    key[2] = o->obf_word >> 8;
    key[3] = o->obf_word;
    if (gcry_cipher_open(&h, GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_CBC, 0) ||
        gcry_cipher_setkey(h, key, sizeof(key)) ||
        gcry_cipher_setiv(h, doe_iv, sizeof(doe_iv)) ||
        gcry_cipher_encrypt(h, ct, n, plain, n)) {
        return -1;
    }
    gcry_cipher_close(h);
    for (size_t i = 0; i < n; i += 4) {
        for (int j = 0; j < 4; j++) {
            otp_bytes[i + j] = ct[i + 3 - j];
        }
    }
    return 0;
}

static int write_otp(const char *out, const char *fw_path, const OtpSpec *o)
{
    static uint8_t otp[AST27X0_OTP_SIZE];
    uint8_t hash[48], secret[48];
    uint32_t w[12];
    uint8_t *fw;
    size_t fw_len;
    uint32_t owner_off = AST27X0_OTP_KEY_HEADER_NUM * 2;
    FILE *f;

    fw = read_file(fw_path, &fw_len);
    if (!fw) {
        return 1;
    }
    if (fw_len < CB_MANIFEST_SIZE) {
        fprintf(stderr, "caliptra-bundle: %s: too short for a manifest\n",
                fw_path);
        return 1;
    }
    /* Key hashes in natural byte order (the fuse words big-endian) */
    cb_vendor_pk_hash(fw, w);
    for (int i = 0; i < 12; i++) {
        hash[4 * i] = w[i] >> 24;
        hash[4 * i + 1] = w[i] >> 16;
        hash[4 * i + 2] = w[i] >> 8;
        hash[4 * i + 3] = w[i];
    }
    otp_put_le32s(otp, AST27X0_OTP_CAL_KEY_MANIFEST_HASH, hash, 48);
    cb_owner_pk_hash(fw, w);
    for (int i = 0; i < 12; i++) {
        hash[4 * i] = w[i] >> 24;
        hash[4 * i + 1] = w[i] >> 16;
        hash[4 * i + 2] = w[i] >> 8;
        hash[4 * i + 3] = w[i];
    }
    /* Key header 0: Caliptra owner key hash, id 0, after the headers */
    otp_put16(otp, AST27X0_OTP_KEY_HEADERS,
              AST27X0_OTP_KEY_CPTRA_OWN_HASH << 4);
    otp_put16(otp, AST27X0_OTP_KEY_HEADERS + 1, owner_off);
    otp_put_le32s(otp, AST27X0_OTP_SEC + owner_off, hash, 48);
    free(fw);

    if (otp_obfuscate(o, o->uds, 48, secret)) {
        return 1;
    }
    otp_put_le32s(otp, AST27X0_OTP_PUF_UDS_SEED, secret, 48);
    if (otp_obfuscate(o, o->fe, 32, secret)) {
        return 1;
    }
    otp_put_le32s(otp, AST27X0_OTP_CAL_FIELD_ENTROPY, secret, 32);
    otp_put16(otp, AST27X0_OTP_PUF_OBF_KEY, o->obf_word & 0xffff);
    otp_put16(otp, AST27X0_OTP_PUF_OBF_KEY + 1, o->obf_word >> 16);
    otp_put16(otp, AST27X0_OTP_CONF0, AST27X0_OTP_CONF0_PUF_DONE);
    otp_put16(otp, AST27X0_OTP_CONF2,
              o->lifecycle << AST27X0_OTP_CONF2_LCS_SHIFT);
    if (o->secure_boot) {
        otp_put16(otp, AST27X0_OTP_STRAP_HI, AST27X0_OTP_STRAP_EN_SECBOOT);
    }
    if (o->debug_unlocked) {
        otp_put16(otp, AST27X0_OTP_STRAPEXT_HWSTRAP2,
                  AST27X0_OTP_STRAPEXT_EN_CPTRA_DBG);
        otp_put16(otp, AST27X0_OTP_STRAPEXT_HWSTRAP2_VALID,
                  AST27X0_OTP_STRAPEXT_EN_CPTRA_DBG);
    }
    /* Key header 1: the SoC ECDSA P-384 key, x then y */
    otp_put16(otp, AST27X0_OTP_KEY_HEADERS + 2,
              AST27X0_OTP_KEY_SOC_ECDSA384 << 4 | SOC_KEY_ID);
    otp_put16(otp, AST27X0_OTP_KEY_HEADERS + 3, owner_off + 24);
    memcpy(otp + 2 * (AST27X0_OTP_SEC + owner_off + 24), o->soc_key->x, 48);
    memcpy(otp + 2 * (AST27X0_OTP_SEC + owner_off + 48), o->soc_key->y, 48);
    /* Key header 2: the SoC LMS key (RFC 8554 encoding), LMS turned on */
    if (o->soc_lms) {
        otp_put16(otp, AST27X0_OTP_KEY_HEADERS + 4,
                  AST27X0_OTP_KEY_SOC_LMS << 4 | SOC_KEY_ID);
        otp_put16(otp, AST27X0_OTP_KEY_HEADERS + 5, owner_off + 72);
        memcpy(otp + 2 * (AST27X0_OTP_SEC + owner_off + 72), o->soc_lms->pub,
               sizeof(o->soc_lms->pub));
        otp_put16(otp, AST27X0_OTP_CONF2,
                  o->lifecycle << AST27X0_OTP_CONF2_LCS_SHIFT |
                  AST27X0_OTP_CONF2_EN_LMS);
    }
    otp_thermometer(otp, AST27X0_OTP_SOC_FMC_SVN, 4, o->soc_fmc_svn);
    otp_thermometer(otp, AST27X0_OTP_CPTRA_FMC_SVN, 2, o->fmc_svn);
    otp_thermometer(otp, AST27X0_OTP_CPTRA_RT_SVN, 8, o->rt_svn);

    f = fopen(out, "wb");
    if (!f || fwrite(otp, 1, sizeof(otp), f) != sizeof(otp) || fclose(f)) {
        fprintf(stderr, "caliptra-bundle: cannot write %s\n", out);
        return 1;
    }
    printf("caliptra-bundle: wrote %s (%zu bytes)\n", out, sizeof(otp));
    return 0;
}

static void swap32(uint8_t *p)
{
    uint8_t t0 = p[0], t1 = p[1];

    p[0] = p[3];
    p[1] = p[2];
    p[2] = t1;
    p[3] = t0;
}

/*
 * A bootmcu FMC for the BootMCU ROM's fmc_verify: the ASTH header (SVN,
 * size and SHA-384 of the image in its body, the body signed with @key
 * and, given @lms, with that LMS key too: the OTP's SoC keys), then the
 * image
 */
static int write_asth(const char *out, const char *image_path,
                      uint32_t svn, const CbKey *key, const CbLmsKey *lms)
{
    uint8_t *img, *b, digest[48];
    size_t len;
    FILE *f;
    int ret = 1;

    img = read_file(image_path, &len);
    if (!img) {
        return 1;
    }
    b = calloc(1, ASTH_HEADER_SIZE + len);
    if (!b) {
        free(img);
        return 1;
    }
    memcpy(b + ASTH_HEADER_SIZE, img, len);
    b[ASTH_MAGIC_OFF] = 'A';
    b[ASTH_MAGIC_OFF + 1] = 'S';
    b[ASTH_MAGIC_OFF + 2] = 'T';
    b[ASTH_MAGIC_OFF + 3] = 'H';
    b[ASTH_VERSION_OFF] = 1;
    b[ASTH_ECC_KEY_ID_OFF] = SOC_KEY_ID;
    b[ASTH_LMS_KEY_ID_OFF] = SOC_KEY_ID;
    for (int i = 0; i < 4; i++) {
        b[ASTH_SVN_OFF + i] = svn >> (8 * i);
        b[ASTH_SIZE_OFF + i] = (uint32_t)len >> (8 * i);
    }
    gcry_md_hash_buffer(GCRY_MD_SHA384, b + ASTH_DIGEST_OFF, img, len);
    gcry_md_hash_buffer(GCRY_MD_SHA384, digest, b + ASTH_BODY_OFF,
                        ASTH_BODY_SIZE);
    if (cb_ecdsa_sign(key, digest, b + ASTH_ECC_SIG_OFF)) {
        fprintf(stderr, "caliptra-bundle: signing failed\n");
        goto out;
    }
    if (lms) {
        uint8_t *sig = b + ASTH_LMS_SIG_OFF;

        /* RFC 8554's signature, but q and the LMS type little-endian */
        cb_lms_sign(lms, digest, sizeof(digest), sig);
        swap32(sig + CALIPTRA_LMS_SIG_Q);
        swap32(sig + CALIPTRA_LMS_SIG_TYPE);
    }
    f = fopen(out, "wb");
    if (!f || fwrite(b, 1, ASTH_HEADER_SIZE + len, f) !=
        ASTH_HEADER_SIZE + len || fclose(f)) {
        fprintf(stderr, "caliptra-bundle: cannot write %s\n", out);
        goto out;
    }
    printf("caliptra-bundle: wrote %s (%zu bytes)\n", out,
           ASTH_HEADER_SIZE + len);
    ret = 0;
out:
    free(img);
    free(b);
    return ret;
}

enum {
    OPT_FMC = 256, OPT_RT, OPT_INFO, OPT_FUSES, OPT_VENDOR_KEY,
    OPT_VENDOR_IDX, OPT_OWNER_KEY, OPT_FMC_VERSION, OPT_RT_VERSION,
    OPT_FMC_SVN, OPT_RT_SVN, OPT_FMC_LOAD, OPT_RT_LOAD, OPT_PL0, OPT_LMS,
    OPT_AUTH, OPT_IMAGE, OPT_FLASH, OPT_CALIPTRA_FW, OPT_SOC_MANIFEST,
    OPT_OTP, OPT_UDS, OPT_FE, OPT_OBF_WORD, OPT_LIFECYCLE, OPT_DEBUG_UNLOCKED,
    OPT_SECURE_BOOT, OPT_OTP_FMC_SVN, OPT_OTP_RT_SVN, OPT_OTP_SOC_SVN,
    OPT_ASTH, OPT_FMC_IMAGE, OPT_ASTH_SVN, OPT_SOC_LMS,
};

static const struct option options[] = {
    { "fmc", required_argument, NULL, OPT_FMC },
    { "rt", required_argument, NULL, OPT_RT },
    { "info", required_argument, NULL, OPT_INFO },
    { "fuses", required_argument, NULL, OPT_FUSES },
    { "vendor-key", required_argument, NULL, OPT_VENDOR_KEY },
    { "vendor-idx", required_argument, NULL, OPT_VENDOR_IDX },
    { "owner-key", required_argument, NULL, OPT_OWNER_KEY },
    { "fmc-version", required_argument, NULL, OPT_FMC_VERSION },
    { "rt-version", required_argument, NULL, OPT_RT_VERSION },
    { "fmc-svn", required_argument, NULL, OPT_FMC_SVN },
    { "rt-svn", required_argument, NULL, OPT_RT_SVN },
    { "fmc-load", required_argument, NULL, OPT_FMC_LOAD },
    { "rt-load", required_argument, NULL, OPT_RT_LOAD },
    { "pl0-pauser", required_argument, NULL, OPT_PL0 },
    { "lms-test-keys", no_argument, NULL, OPT_LMS },
    { "auth-manifest", required_argument, NULL, OPT_AUTH },
    { "image", required_argument, NULL, OPT_IMAGE },
    { "flash", required_argument, NULL, OPT_FLASH },
    { "caliptra-fw", required_argument, NULL, OPT_CALIPTRA_FW },
    { "soc-manifest", required_argument, NULL, OPT_SOC_MANIFEST },
    { "otp", required_argument, NULL, OPT_OTP },
    { "uds", required_argument, NULL, OPT_UDS },
    { "field-entropy", required_argument, NULL, OPT_FE },
    { "obf-key-word", required_argument, NULL, OPT_OBF_WORD },
    { "lifecycle", required_argument, NULL, OPT_LIFECYCLE },
    { "debug-unlocked", no_argument, NULL, OPT_DEBUG_UNLOCKED },
    { "secure-boot", no_argument, NULL, OPT_SECURE_BOOT },
    { "otp-fmc-svn", required_argument, NULL, OPT_OTP_FMC_SVN },
    { "otp-rt-svn", required_argument, NULL, OPT_OTP_RT_SVN },
    { "otp-soc-fmc-svn", required_argument, NULL, OPT_OTP_SOC_SVN },
    { "asth", required_argument, NULL, OPT_ASTH },
    { "fmc-image", required_argument, NULL, OPT_FMC_IMAGE },
    { "asth-svn", required_argument, NULL, OPT_ASTH_SVN },
    { "soc-lms", no_argument, NULL, OPT_SOC_LMS },
    { "output", required_argument, NULL, 'o' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
    const char *fmc_path = NULL, *rt_path = NULL, *out_path = NULL;
    const char *info_path = NULL, *fuses_path = NULL, *auth_path = NULL;
    CbAuthEntry entries[127];
    const char *image_paths[127];
    const char *flash_path = NULL, *fw_path = NULL, *soc_manifest_path = NULL;
    const char *otp_path = NULL, *asth_path = NULL, *fmc_image_path = NULL;
    OtpSpec otp = { .obf_word = 0xa0a1a2a3, .lifecycle = 3 };
    uint32_t asth_svn = 0;
    bool soc_lms_wanted = false;
    CbLmsKey soc_lms;
    uint32_t n_entries = 0;
    uint8_t *fmc = NULL, *rt = NULL, *bundle;
    size_t fmc_len = 0, rt_len = 0, len = 0;
    CbSpec spec = { 0 };
    CbImage over = { 0 }, rt_over = { 0 };
    bool set_fmc_load = false, set_rt_load = false;
    int c;

    if (!gcry_check_version(GCRYPT_VERSION)) {
        fprintf(stderr, "caliptra-bundle: libgcrypt version mismatch\n");
        return 1;
    }
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
    cb_fake_keys(&spec);

    while ((c = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
        switch (c) {
        case OPT_FMC:
            fmc_path = optarg;
            break;
        case OPT_RT:
            rt_path = optarg;
            break;
        case OPT_INFO:
            info_path = optarg;
            break;
        case OPT_FUSES:
            fuses_path = optarg;
            break;
        case 'o':
            out_path = optarg;
            break;
        case OPT_VENDOR_KEY: {
            char *eq = strchr(optarg, '=');
            unsigned long n;

            if (!eq) {
                usage(stderr);
                return 2;
            }
            *eq = 0;
            n = num(optarg);
            if (n > 3 || cb_read_key(eq + 1, &spec.vendor[n])) {
                fprintf(stderr, "caliptra-bundle: bad vendor key %s\n",
                        eq + 1);
                return 2;
            }
            break;
        }
        case OPT_VENDOR_IDX:
            spec.vendor_idx = num(optarg);
            break;
        case OPT_OWNER_KEY:
            if (cb_read_key(optarg, &spec.owner)) {
                fprintf(stderr, "caliptra-bundle: bad owner key %s\n",
                        optarg);
                return 2;
            }
            break;
        case OPT_FMC_VERSION:
            over.version = num(optarg);
            break;
        case OPT_RT_VERSION:
            rt_over.version = num(optarg);
            break;
        case OPT_FMC_SVN:
            over.svn = num(optarg);
            break;
        case OPT_RT_SVN:
            rt_over.svn = num(optarg);
            break;
        case OPT_FMC_LOAD:
            over.load_addr = num(optarg);
            set_fmc_load = true;
            break;
        case OPT_RT_LOAD:
            rt_over.load_addr = num(optarg);
            set_rt_load = true;
            break;
        case OPT_PL0:
            spec.flags |= 1;
            spec.pl0_pauser = num(optarg);
            break;
        case OPT_LMS: {
            uint8_t seed[24];

            spec.lms = true;
            memset(seed, 0x11, sizeof(seed));
            cb_lms_test_key(&spec.vendor_lms, seed);
            memset(seed, 0x22, sizeof(seed));
            cb_lms_test_key(&spec.owner_lms, seed);
            break;
        }
        case OPT_AUTH:
            auth_path = optarg;
            break;
        case OPT_IMAGE: {
            char *eq = strchr(optarg, '=');
            uint8_t *img;
            size_t img_len;

            if (!eq || n_entries == 127) {
                usage(stderr);
                return 2;
            }
            *eq = 0;
            img = read_file(eq + 1, &img_len);
            if (!img) {
                return 1;
            }
            entries[n_entries].fw_id = num(optarg);
            entries[n_entries].flags = 0;
            image_paths[n_entries] = eq + 1;
            gcry_md_hash_buffer(GCRY_MD_SHA384, entries[n_entries].digest,
                                img, img_len);
            free(img);
            n_entries++;
            break;
        }
        case OPT_FLASH:
            flash_path = optarg;
            break;
        case OPT_CALIPTRA_FW:
            fw_path = optarg;
            break;
        case OPT_SOC_MANIFEST:
            soc_manifest_path = optarg;
            break;
        case OPT_OTP:
            otp_path = optarg;
            break;
        case OPT_UDS:
        case OPT_FE:
            if (hex_bytes(optarg, c == OPT_UDS ? otp.uds : otp.fe,
                          c == OPT_UDS ? 48 : 32)) {
                fprintf(stderr, "caliptra-bundle: bad secret '%s'\n",
                        optarg);
                return 2;
            }
            break;
        case OPT_OBF_WORD:
            if (sscanf(optarg, "%x", &otp.obf_word) != 1) {
                usage(stderr);
                return 2;
            }
            break;
        case OPT_LIFECYCLE:
            if (!strcmp(optarg, "unprovisioned")) {
                otp.lifecycle = 0;
            } else if (!strcmp(optarg, "manufacturing")) {
                otp.lifecycle = 1;
            } else if (!strcmp(optarg, "production")) {
                otp.lifecycle = 3;
            } else {
                usage(stderr);
                return 2;
            }
            break;
        case OPT_DEBUG_UNLOCKED:
            otp.debug_unlocked = true;
            break;
        case OPT_SECURE_BOOT:
            otp.secure_boot = true;
            break;
        case OPT_OTP_FMC_SVN:
            otp.fmc_svn = num(optarg);
            break;
        case OPT_OTP_RT_SVN:
            otp.rt_svn = num(optarg);
            break;
        case OPT_OTP_SOC_SVN:
            otp.soc_fmc_svn = num(optarg);
            break;
        case OPT_ASTH:
            asth_path = optarg;
            break;
        case OPT_FMC_IMAGE:
            fmc_image_path = optarg;
            break;
        case OPT_ASTH_SVN:
            asth_svn = num(optarg);
            break;
        case OPT_SOC_LMS:
            soc_lms_wanted = true;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }

    /* SoC (not Caliptra) key of the bootmcu FMC: a fake key, tests only */
    otp.soc_key = &spec.vendor[0];
    if (soc_lms_wanted) {
        soc_lms_test_key(&soc_lms);
        otp.soc_lms = &soc_lms;
    }
    if (asth_path) {
        if (!fmc_image_path) {
            usage(stderr);
            return 2;
        }
        return write_asth(asth_path, fmc_image_path, asth_svn, otp.soc_key,
                          otp.soc_lms);
    }
    if (otp_path) {
        if (!fw_path) {
            usage(stderr);
            return 2;
        }
        return write_otp(otp_path, fw_path, &otp);
    }

    if (flash_path) {
        if (!fw_path || !soc_manifest_path) {
            usage(stderr);
            return 2;
        }
        return write_flash(flash_path, fw_path, soc_manifest_path, entries,
                           image_paths, n_entries);
    }

    if (auth_path) {
        CbAuthSpec a = {
            .fw_vendor = &spec.vendor[spec.vendor_idx], .fw_owner = &spec.owner,
            .vendor = spec.vendor[0], .owner = spec.owner, .flags = 1,
            .count = n_entries, .entries = entries,
        };
        FILE *f;

        if (!n_entries) {
            usage(stderr);
            return 2;
        }
        bundle = cb_auth_manifest(&a, &len);
        f = fopen(auth_path, "wb");
        if (!bundle || !f || fwrite(bundle, 1, len, f) != len || fclose(f)) {
            fprintf(stderr, "caliptra-bundle: cannot write %s\n", auth_path);
            return 1;
        }
        printf("caliptra-bundle: wrote %s (%zu bytes, %u images)\n",
               auth_path, len, n_entries);
        return 0;
    }

    if (info_path || fuses_path) {
        bundle = read_file(info_path ? info_path : fuses_path, &len);
        if (!bundle) {
            return 1;
        }
        if (info_path) {
            return cb_info(bundle, len, stdout) ? 1 : 0;
        }
        if (len < CB_MANIFEST_SIZE) {
            fprintf(stderr, "caliptra-bundle: too short for a manifest\n");
            return 1;
        } else {
            uint32_t w[12];

            cb_vendor_pk_hash(bundle, w);
            printf("FUSE_KEY_MANIFEST_PK_HASH");
            for (int i = 0; i < 12; i++) {
                printf(" 0x%08x", w[i]);
            }
            cb_owner_pk_hash(bundle, w);
            printf("\nFUSE_OWNER_PK_HASH");
            for (int i = 0; i < 12; i++) {
                printf(" 0x%08x", w[i]);
            }
            printf("\n");
        }
        return 0;
    }

    if (!fmc_path || !rt_path || !out_path || spec.vendor_idx > 3) {
        usage(stderr);
        return 2;
    }
    fmc = read_file(fmc_path, &fmc_len);
    rt = read_file(rt_path, &rt_len);
    if (!fmc || !rt) {
        return 1;
    }
    cb_default_images(&spec, fmc, fmc_len, rt, rt_len);
    if (over.version) {
        spec.fmc.version = over.version;
    }
    if (rt_over.version) {
        spec.rt.version = rt_over.version;
    }
    spec.fmc.svn = over.svn;
    spec.rt.svn = rt_over.svn;
    if (set_fmc_load) {
        spec.fmc.load_addr = spec.fmc.entry_point = over.load_addr;
    }
    if (set_rt_load) {
        spec.rt.load_addr = spec.rt.entry_point = rt_over.load_addr;
    }
    bundle = cb_build(&spec, &len);
    if (!bundle) {
        fprintf(stderr, "caliptra-bundle: signing failed (is the signing "
                "key's private part given?)\n");
        return 1;
    } else {
        FILE *f = fopen(out_path, "wb");

        if (!f || fwrite(bundle, 1, len, f) != len || fclose(f)) {
            fprintf(stderr, "caliptra-bundle: cannot write %s\n", out_path);
            return 1;
        }
    }
    printf("caliptra-bundle: wrote %s (%zu bytes)\n", out_path, len);
    return 0;
}
