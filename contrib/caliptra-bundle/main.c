/*
 * caliptra-bundle: make, inspect and fuse Caliptra 1.2 firmware bundles
 *
 *   caliptra-bundle --fmc FMC.bin --rt RT.bin -o BUNDLE [options]
 *   caliptra-bundle --info BUNDLE
 *   caliptra-bundle --fuses BUNDLE
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

static void usage(FILE *out)
{
    fprintf(out,
"Usage: caliptra-bundle --fmc FILE --rt FILE -o BUNDLE [options]\n"
"       caliptra-bundle --info BUNDLE\n"
"       caliptra-bundle --fuses BUNDLE\n"
"       caliptra-bundle --auth-manifest OUT --image ID=FILE [--image ...]\n"
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

enum {
    OPT_FMC = 256, OPT_RT, OPT_INFO, OPT_FUSES, OPT_VENDOR_KEY,
    OPT_VENDOR_IDX, OPT_OWNER_KEY, OPT_FMC_VERSION, OPT_RT_VERSION,
    OPT_FMC_SVN, OPT_RT_SVN, OPT_FMC_LOAD, OPT_RT_LOAD, OPT_PL0, OPT_LMS,
    OPT_AUTH, OPT_IMAGE,
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
    { "output", required_argument, NULL, 'o' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
    const char *fmc_path = NULL, *rt_path = NULL, *out_path = NULL;
    const char *info_path = NULL, *fuses_path = NULL, *auth_path = NULL;
    CbAuthEntry entries[127];
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
            gcry_md_hash_buffer(GCRY_MD_SHA384, entries[n_entries].digest,
                                img, img_len);
            free(img);
            n_entries++;
            break;
        }
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
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
