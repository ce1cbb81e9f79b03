/*
 * libFuzzer: SET_AUTH_MANIFEST's parser and AUTHORIZE_AND_STASH
 *
 * Input: a flags byte (the ECDSA answer, LMS on or off), a request
 * length, the SET_AUTH_MANIFEST request, then AUTHORIZE_AND_STASH
 * requests. The runtime's DPE stash is replaced by a stub that records
 * the call. Invariants: a refused manifest leaves the image list as it
 * was; a kept one is sorted by firmware id, without duplicates, within
 * 127 entries; AUTHORIZE_AND_STASH answers one of its three results and
 * stashes exactly the authorized images it should.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "hw/misc/caliptra_api.h"
#include "caliptra-auth-manifest.h"
#include "caliptra-error.h"
#include "fuzz-common.h"
#include "fuzz-crypto-stub.h"

static int stashed;

/* The runtime's stash (caliptra-runtime-dpe.c), here a counter */
uint32_t caliptra_rt_stash(CaliptraRuntime *s, const uint8_t metadata[4],
                           const uint8_t measurement[48],
                           uint32_t *dpe_result)
{
    stashed++;
    *dpe_result = 0;
    return 0;
}

void caliptra_soc_ifc_fw_extended_error(CaliptraSocIfc *s, uint32_t info);
void caliptra_soc_ifc_fw_extended_error(CaliptraSocIfc *s, uint32_t info)
{
}

#define REQ_MAX (CALIPTRA_AM_REQ_MANIFEST + 14 * 1024 + 64)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static CaliptraRuntime rt;
    static CaliptraFwInfo fw;
    static CaliptraUc uc;
    FuzzIn in = { data, size };
    uint8_t flags = fuzz_u8(&in);
    size_t len = fuzz_u32(&in) % REQ_MAX;
    g_autofree uint8_t *req = g_malloc0(REQ_MAX);
    g_autofree uint8_t *before = NULL;
    uint32_t err, count;

    memset(&rt, 0, sizeof(rt));
    rt.uc = &uc;
    rt.fw = &fw;
    fuzz_ecdsa_result = flags & 3;
    fuzz_take(&in, req, len);
    /* The image list of an earlier, good manifest: one entry */
    stl_le_p(rt.auth_metadata, 1);
    stl_le_p(rt.auth_metadata + 4, 0x1234);
    before = g_memdup2(rt.auth_metadata, sizeof(rt.auth_metadata));

    err = caliptra_set_auth_manifest(&rt, flags & 4, req, len);
    count = ldl_le_p(rt.auth_metadata);
    if (getenv("FUZZ_DEBUG")) {
        fprintf(stderr, "SET_AUTH_MANIFEST: 0x%08x, %u images\n", err, count);
    }
    if (err) {
        FUZZ_CHECK((err >> 16) == 0x000e);
        FUZZ_CHECK(!memcmp(before, rt.auth_metadata,
                           sizeof(rt.auth_metadata)));
    } else {
        FUZZ_CHECK(fuzz_ecdsa_result == CALIPTRA_ECDSA_OK);
        FUZZ_CHECK(count >= 1 && count <= CALIPTRA_AM_META_MAX_ENTRIES);
        for (uint32_t i = 1; i < count; i++) {
            FUZZ_CHECK((uint32_t)ldl_le_p(rt.auth_metadata + 4 +
                                (i - 1) * CALIPTRA_AM_META_ENTRY_SIZE) <
                       (uint32_t)ldl_le_p(rt.auth_metadata + 4 +
                                i * CALIPTRA_AM_META_ENTRY_SIZE));
        }
    }

    while (in.left) {
        uint8_t aas[CALIPTRA_AAS_REQ_SIZE];
        uint32_t result = 0;
        int was = stashed;

        fuzz_take(&in, aas, sizeof(aas));
        err = caliptra_authorize_and_stash(&rt, aas, &result);
        if (err) {
            FUZZ_CHECK(err ==
                       CPTRA_ERR_RUNTIME_AUTH_AND_STASH_UNSUPPORTED_SOURCE);
            FUZZ_CHECK(stashed == was);
            continue;
        }
        FUZZ_CHECK(result == CALIPTRA_IMAGE_AUTHORIZED ||
                   result == CALIPTRA_IMAGE_NOT_AUTHORIZED ||
                   result == CALIPTRA_IMAGE_HASH_MISMATCH);
        FUZZ_CHECK(stashed == was + (result == CALIPTRA_IMAGE_AUTHORIZED &&
                   !(ldl_le_p(aas + CALIPTRA_AAS_FLAGS) &
                     CALIPTRA_AAS_FLAG_SKIP_STASH)));
    }
    return 0;
}
