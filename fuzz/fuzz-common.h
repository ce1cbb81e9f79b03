/*
 * libFuzzer harnesses over the Caliptra model's pure parts: helpers
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef CALIPTRA_FUZZ_COMMON_H
#define CALIPTRA_FUZZ_COMMON_H

#include "crypto/init.h"
#include "qapi/error.h"

/*
 * QEMU's crypto layer set up as QEMU's main does, its random source among
 * the rest: without it a build whose only crypto library is nettle has
 * no /dev/urandom open and the first random bytes end the process. Each
 * harness includes this header once, in its own file.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    qcrypto_init(&error_fatal);
    return 0;
}

/* The input, consumed from the front; reads past its end give zeros */
typedef struct FuzzIn {
    const uint8_t *p;
    size_t left;
} FuzzIn;

static inline void fuzz_take(FuzzIn *in, void *out, size_t n)
{
    size_t k = MIN(n, in->left);

    memcpy(out, in->p, k);
    memset((uint8_t *)out + k, 0, n - k);
    in->p += k;
    in->left -= k;
}

static inline uint32_t fuzz_u32(FuzzIn *in)
{
    uint8_t b[4];

    fuzz_take(in, b, 4);
    return ldl_le_p(b);
}

static inline uint8_t fuzz_u8(FuzzIn *in)
{
    uint8_t b;

    fuzz_take(in, &b, 1);
    return b;
}

/* A finding: print why and abort, so that libFuzzer keeps the input */
#define FUZZ_CHECK(cond) do {                                           \
        if (!(cond)) {                                                  \
            fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond,    \
                    __FILE__, __LINE__);                                \
            abort();                                                    \
        }                                                               \
    } while (0)

/*
 * A small DER walker: true if @p[0..@len) is exactly a sequence of
 * well-formed TLVs, definite minimal lengths, constructed ones (and
 * the BIT and OCTET STRINGs that hold DER, which are not followed)
 * recursively well-formed, INTEGERs minimal and non-empty
 */
static inline bool der_walk(const uint8_t *p, size_t len, int depth)
{
    if (depth > 32) {
        return false;
    }
    while (len) {
        uint8_t tag;
        size_t n, hdr = 2;

        if (len < 2) {
            return false;
        }
        tag = p[0];
        if ((tag & 0x1f) == 0x1f) {
            return false;               /* no high tag numbers here */
        }
        n = p[1];
        if (n & 0x80) {
            int k = n & 0x7f;

            if (k == 0 || k > 2 || len < 2 + k) {
                return false;           /* indefinite, or absurdly long */
            }
            n = 0;
            for (int i = 0; i < k; i++) {
                n = n << 8 | p[2 + i];
            }
            if (n < 0x80 || (k == 2 && n < 0x100)) {
                return false;           /* not the minimal encoding */
            }
            hdr += k;
        }
        if (n > len - hdr) {
            return false;
        }
        if (tag == 0x02 && (n == 0 || (n > 1 && ((p[hdr] == 0 &&
            !(p[hdr + 1] & 0x80)) || (p[hdr] == 0xff &&
            (p[hdr + 1] & 0x80)))))) {
            return false;               /* INTEGER: empty or not minimal */
        }
        if ((tag & 0x20) && !der_walk(p + hdr, n, depth + 1)) {
            return false;
        }
        p += hdr + n;
        len -= hdr + n;
    }
    return true;
}

#endif /* CALIPTRA_FUZZ_COMMON_H */
