/*
 * libFuzzer: the model's DER writers (ROM/FMC certificates, DPE's)
 *
 * Input: the public keys, identifiers, UEID, validity, TcbInfo fields,
 * signature values and DPE context fields the writers take. Invariant:
 * every output is well-formed DER (fuzz-common.h's walker: definite
 * minimal lengths, nested TLVs exact, minimal INTEGERs), one element
 * that fills its buffer, and the assembled certificate wraps the TBS.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "caliptra-cert.h"
#include "caliptra-dpe.h"
#include "caliptra-x509.h"
#include "fuzz-common.h"

/* One DER element, exactly @len bytes, well-formed throughout */
static void check_der(const uint8_t *p, size_t len)
{
    FUZZ_CHECK(len >= 2);
    FUZZ_CHECK(der_walk(p, len, 0));
    FUZZ_CHECK(p[0] == 0x30);           /* a SEQUENCE at the top */
}

static void take_key(FuzzIn *in, CaliptraX509Key *k)
{
    uint8_t xy[96], fused[CALIPTRA_X509_KEY_ID];

    fuzz_take(in, xy, sizeof(xy));
    fuzz_take(in, fused, sizeof(fused));
    caliptra_x509_key(k, xy, fuzz_u8(in) & 3, fused);
}

static void take_validity(FuzzIn *in, CaliptraX509Validity *v)
{
    /* GeneralizedTime digits as the manifest carries them: any bytes */
    fuzz_take(in, v->not_before, sizeof(v->not_before));
    fuzz_take(in, v->not_after, sizeof(v->not_after));
}

static void check_cert(const uint8_t *tbs, size_t len, FuzzIn *in)
{
    uint8_t r[48], s[48], cert[CALIPTRA_X509_TBS_MAX + 256];
    size_t n;

    check_der(tbs, len);
    fuzz_take(in, r, sizeof(r));
    fuzz_take(in, s, sizeof(s));
    n = caliptra_cert_assemble(tbs, len, r, s, cert, sizeof(cert));
    FUZZ_CHECK(n > len);
    check_der(cert, n);
}

static void fuzz_dpe_cert(FuzzIn *in)
{
    CaliptraDpeContext ctx[4];
    const CaliptraDpeContext *nodes[4];
    CaliptraDpeCertInfo ci = { 0 };
    CaliptraX509Validity v;
    uint8_t ueid[CALIPTRA_X509_UEID], other[64];
    GByteArray *g;

    fuzz_take(in, ctx, sizeof(ctx));
    for (int i = 0; i < 4; i++) {
        nodes[i] = &ctx[i];
    }
    ci.nodes = nodes;
    ci.n_nodes = 1 + fuzz_u8(in) % 4;
    ci.is_ca = fuzz_u8(in) & 1;
    ci.supports_recursive = fuzz_u8(in) & 1;
    fuzz_take(in, ueid, sizeof(ueid));
    ci.ueid = ueid;
    ci.ueid_len = fuzz_u8(in) % (sizeof(ueid) + 1);
    fuzz_take(in, ci.pub + 1, 96);
    ci.pub[0] = 4;
    memset(ci.serial, 'A', 64);
    fuzz_take(in, ci.ski, sizeof(ci.ski));
    fuzz_take(in, ci.aki, sizeof(ci.aki));
    fuzz_take(in, other, sizeof(other));
    if (fuzz_u8(in) & 1) {
        ci.other_name = other;
        ci.other_name_len = fuzz_u8(in) % (sizeof(other) + 1);
    }
    take_validity(in, &v);

    g = caliptra_dpe_cert_tbs(&ci, "0123456789ABCDEF0123456789ABCDEF"
                              "0123456789ABCDEF0123456789ABCDEF", &v);
    check_der(g->data, g->len);
    g_byte_array_unref(g);
    g = caliptra_dpe_csr_info(&ci);
    check_der(g->data, g->len);
    g_byte_array_unref(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzIn in = { data, size };
    CaliptraX509Key a, b;
    CaliptraX509Validity v;
    CaliptraX509FmcTcb tcb;
    uint8_t ueid[CALIPTRA_X509_UEID], tci[48], out[CALIPTRA_X509_TBS_MAX];
    size_t n;

    take_key(&in, &a);
    take_key(&in, &b);
    fuzz_take(&in, ueid, sizeof(ueid));
    take_validity(&in, &v);
    fuzz_take(&in, &tcb, sizeof(tcb));
    fuzz_take(&in, tci, sizeof(tci));

    n = caliptra_x509_idevid_csr_tbs(&a, ueid, out);
    check_cert(out, n, &in);
    n = caliptra_x509_fmc_alias_csr_tbs(&a, ueid, out);
    check_cert(out, n, &in);
    n = caliptra_x509_ldevid_tbs(&a, &b, ueid, out);
    check_cert(out, n, &in);
    n = caliptra_x509_fmc_alias_tbs(&a, &b, ueid, fuzz_u8(&in) & 1 ? &v : NULL,
                                    &tcb, out);
    check_cert(out, n, &in);
    n = caliptra_x509_rt_alias_tbs(&a, &b, ueid, fuzz_u8(&in) & 1 ? &v : NULL,
                                   fuzz_u8(&in), tci, out);
    check_cert(out, n, &in);
    fuzz_dpe_cert(&in);
    return 0;
}
