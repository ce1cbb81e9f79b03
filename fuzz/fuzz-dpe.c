/*
 * libFuzzer: DPE command decoding and execution (caliptra-dpe 0.12)
 *
 * Input: a series of commands, each a locality byte, a command id byte
 * (most often one of DPE's, to get past decoding), a 16-bit length and
 * the body; the command header is made here. Invariants, after every
 * command: a response header with the same status and a length within
 * the response buffer; and a failed command leaves the context table
 * and the exported-CDI slot byte-identical (caliptra-dpe's one exception:
 * an export into a taken slot overwrites its CDI, then fails).
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "caliptra-dice.h"
#include "caliptra-dpe.h"
#include "fuzz-common.h"

#define MAX_COMMANDS    16
#define BODY_MAX        512

static const uint32_t localities[] = { 0x1, 0x21212121, 0xffffffff, 0x7 };
/* GetProfile, InitializeContext, DeriveContext, CertifyKey, Sign,
 * RotateContextHandle, DestroyContext, GetCertificateChain */
static const uint8_t commands[] = { 0x01, 0x07, 0x08, 0x09, 0x0a, 0x0e,
                                    0x0f, 0x10 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t alias_pub[96], chain[600], ueid[CALIPTRA_X509_UEID];
    static CaliptraEccKey alias;
    static uint8_t cdi[48];
    static bool ready;
    static uint8_t resp[CALIPTRA_DPE_RESP_MAX];
    FuzzIn in = { data, size };
    CaliptraDpe dpe = { 0 }, before;
    CaliptraDpeExport export = { 0 }, export_before;
    uint8_t measurement[48] = { 0 };
    CaliptraDpeEnv env;

    if (!ready) {
        uint8_t seed[48];

        memset(cdi, 0x3c, sizeof(cdi));
        memset(seed, 0x77, sizeof(seed));
        FUZZ_CHECK(caliptra_ecc_keygen(seed, &alias));
        memcpy(alias_pub, alias.x, 48);
        memcpy(alias_pub + 48, alias.y, 48);
        for (int i = 0; i < sizeof(chain); i++) {
            chain[i] = i * 7;
        }
        memset(ueid, 0x42, sizeof(ueid));
        ready = true;
    }
    env = (CaliptraDpeEnv) {
        .cdi = cdi,
        .alias_priv = alias.d,
        .alias_pub = alias_pub,
        .auto_init_locality = localities[0],
        .cert_chain = chain,
        .cert_chain_len = sizeof(chain),
        .ueid = (fuzz_u8(&in) & 1) ? ueid : NULL,
        .export = &export,
    };
    memcpy(env.validity.not_before, "20230101000000Z", 15);
    memcpy(env.validity.not_after, "99991231235959Z", 15);
    if (caliptra_dpe_init(&dpe, &env, 0x52544a4d, measurement)) {
        return 0;
    }

    for (int n = 0; n < MAX_COMMANDS && in.left; n++) {
        uint8_t cmd[CALIPTRA_DPE_CMD_HDR + BODY_MAX] = { 0 };
        uint32_t locality = localities[fuzz_u8(&in) % 4];
        uint8_t id = fuzz_u8(&in);
        size_t blen = fuzz_u8(&in);
        uint32_t status;
        size_t rlen;

        blen = MIN(blen | (size_t)fuzz_u8(&in) << 8, BODY_MAX);
        stl_le_p(cmd, 0x44504543);                      /* "DPEC" */
        /* Mostly one of DPE's commands, sometimes anything */
        stl_le_p(cmd + 4, id < 0xf0 ? commands[id % sizeof(commands)] : id);
        stl_le_p(cmd + 8, CALIPTRA_DPE_PROFILE);
        fuzz_take(&in, cmd + CALIPTRA_DPE_CMD_HDR, blen);

        before = dpe;
        export_before = export;
        rlen = caliptra_dpe_execute(&dpe, &env, locality, cmd,
                                    CALIPTRA_DPE_CMD_HDR + blen, resp,
                                    &status);
        FUZZ_CHECK(rlen >= 12 && rlen <= sizeof(resp));
        FUZZ_CHECK(ldl_le_p(resp) == 0x44504552);      /* "DPER" */
        FUZZ_CHECK(ldl_le_p(resp + 4) == status);
        if (status) {
            FUZZ_CHECK(!memcmp(&dpe, &before, sizeof(dpe)));
            FUZZ_CHECK(status == CALIPTRA_DPE_CRYPTO_DUPLICATE_CDI ||
                       !memcmp(&export, &export_before, sizeof(export)));
        }
    }
    return 0;
}
