/*
 * The floor of `make bench`: the crypto the Caliptra model has to do,
 * done here with the cheapest calls of the library the model's build uses
 * (QEMU's crypto layer picks gcrypt if it is there, else nettle's
 * hogweed; SHA-384 comes from gnutls when QEMU has it). Built and run by
 * scripts/bench.py; it is not part of QEMU or of the series.
 *
 *   bench-floor FILE...    for each FILE, the ns of one SHA-384 over it;
 *                          then the ns of one P-384 d*G (a key pair from a
 *                          private scalar), of one ECDSA P-384 verify and
 *                          of one ECDSA P-384 sign
 *
 * Each figure is the fastest of several rounds of many calls, so that a
 * loaded machine raises none of them: a floor must not be beaten.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SCALAR 48
#define ROUNDS 5
#define CALLS 20

#if defined(FLOOR_GCRYPT)
#include <gcrypt.h>
#else
#include <gmp.h>
#include <nettle/ecc.h>
#include <nettle/ecc-curve.h>
#include <nettle/ecdsa.h>
#include <nettle/bignum.h>
#include <nettle/sha2.h>
#if defined(FLOOR_GNUTLS)
#include <gnutls/crypto.h>
#endif
#endif

typedef void (*floor_fn)(void);

static const uint8_t *hash_data;
static size_t hash_len;
static uint8_t digest[SCALAR];          /* what is signed and verified */
static uint8_t hash_out[SCALAR];
static uint8_t priv[SCALAR];
static volatile uint8_t sink;

static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double fastest(floor_fn fn, int calls)
{
    double best = 0;

    for (int r = 0; r < ROUNDS; r++) {
        double t0 = now_ns(), t;

        for (int i = 0; i < calls; i++) {
            fn();
        }
        t = (now_ns() - t0) / calls;
        if (!r || t < best) {
            best = t;
        }
    }
    return best;
}

static void die(const char *what)
{
    fprintf(stderr, "bench-floor: %s\n", what);
    exit(1);
}

#if defined(FLOOR_GCRYPT)

static gcry_ctx_t ec;
static gcry_mpi_point_t gen;
static gcry_sexp_t key_pub, key_priv, sig;

static void floor_sha384(void)
{
    gcry_md_hash_buffer(GCRY_MD_SHA384, hash_out, hash_data, hash_len);
}

static void floor_mul_g(void)
{
    gcry_mpi_t d, x = gcry_mpi_new(0), y = gcry_mpi_new(0);
    gcry_mpi_point_t q = gcry_mpi_point_new(0);

    gcry_mpi_scan(&d, GCRYMPI_FMT_USG, priv, SCALAR, NULL);
    gcry_mpi_ec_mul(q, d, gen, ec);
    gcry_mpi_ec_get_affine(x, y, q, ec);
    gcry_mpi_release(d);
    gcry_mpi_release(x);
    gcry_mpi_release(y);
    gcry_mpi_point_release(q);
}

static gcry_sexp_t floor_data(void)
{
    gcry_sexp_t data;

    if (gcry_sexp_build(&data, NULL, "(data (flags raw) (value %b))",
                        SCALAR, digest)) {
        die("gcry_sexp_build");
    }
    return data;
}

static void floor_verify(void)
{
    gcry_sexp_t data = floor_data();

    if (gcry_pk_verify(sig, data, key_pub)) {
        die("verify");
    }
    gcry_sexp_release(data);
}

static void floor_sign(void)
{
    gcry_sexp_t data = floor_data(), s;

    if (gcry_pk_sign(&s, data, key_priv)) {
        die("sign");
    }
    gcry_sexp_release(s);
    gcry_sexp_release(data);
}

static void floor_init(void)
{
    gcry_sexp_t parms, key;

    gcry_check_version(NULL);
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
    gcry_mpi_ec_new(&ec, NULL, "NIST P-384");
    gen = gcry_mpi_ec_get_point("g", ec, 1);
    if (gcry_sexp_build(&parms, NULL, "(genkey (ecc (curve \"NIST P-384\")))")
        || gcry_pk_genkey(&key, parms)) {
        die("genkey");
    }
    key_pub = gcry_sexp_find_token(key, "public-key", 0);
    key_priv = gcry_sexp_find_token(key, "private-key", 0);
    {
        gcry_sexp_t data = floor_data();

        if (gcry_pk_sign(&sig, data, key_priv)) {
            die("sign");
        }
        gcry_sexp_release(data);
    }
}

#else   /* nettle's hogweed, as QEMU's crypto layer without gcrypt */

static const struct ecc_curve *curve;
static struct ecc_scalar key;
static struct ecc_point pub;
static struct dsa_signature sig;
static uint32_t nonce_state = 1;

static void floor_nonce(void *ctx __attribute__((unused)), size_t len,
                        uint8_t *dst)
{
    for (size_t i = 0; i < len; i++) {
        nonce_state = nonce_state * 1103515245 + 12345;
        dst[i] = nonce_state >> 16;
    }
}

static void floor_sha384(void)
{
#if defined(FLOOR_GNUTLS)
    gnutls_hash_fast(GNUTLS_DIG_SHA384, hash_data, hash_len, hash_out);
#else
    struct sha384_ctx ctx;

    sha384_init(&ctx);
    sha384_update(&ctx, hash_len, hash_data);
    sha384_digest(&ctx, SCALAR, hash_out);
#endif
}

static void floor_mul_g(void)
{
    struct ecc_scalar d;
    struct ecc_point q;
    mpz_t z, x, y;

    ecc_scalar_init(&d, curve);
    ecc_point_init(&q, curve);
    nettle_mpz_init_set_str_256_u(z, SCALAR, priv);
    mpz_init(x);
    mpz_init(y);
    ecc_scalar_set(&d, z);
    ecc_point_mul_g(&q, &d);
    ecc_point_get(&q, x, y);
    sink = mpz_get_ui(x) ^ mpz_get_ui(y);
    mpz_clear(z);
    mpz_clear(x);
    mpz_clear(y);
    ecc_point_clear(&q);
    ecc_scalar_clear(&d);
}

static void floor_verify(void)
{
    if (!ecdsa_verify(&pub, SCALAR, digest, &sig)) {
        die("verify");
    }
}

static void floor_sign(void)
{
    struct dsa_signature s;

    dsa_signature_init(&s);
    ecdsa_sign(&key, NULL, floor_nonce, SCALAR, digest, &s);
    dsa_signature_clear(&s);
}

static void floor_init(void)
{
    mpz_t z;

    curve = nettle_get_secp_384r1();
    ecc_scalar_init(&key, curve);
    ecc_point_init(&pub, curve);
    nettle_mpz_init_set_str_256_u(z, SCALAR, priv);
    ecc_scalar_set(&key, z);
    mpz_clear(z);
    ecc_point_mul_g(&pub, &key);
    dsa_signature_init(&sig);
    ecdsa_sign(&key, NULL, floor_nonce, SCALAR, digest, &sig);
}

#endif

int main(int argc, char **argv)
{
    for (int i = 0; i < SCALAR; i++) {
        priv[i] = 0x5a ^ (i * 29);      /* below the order: top byte 0x5a */
        digest[i] = i;
    }
    floor_init();
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        static uint8_t *buf;

        if (!f) {
            die(argv[i]);
        }
        fseek(f, 0, SEEK_END);
        hash_len = ftell(f);
        rewind(f);
        buf = realloc(buf, hash_len ? hash_len : 1);
        if (!buf || fread(buf, 1, hash_len, f) != hash_len) {
            die(argv[i]);
        }
        fclose(f);
        hash_data = buf;
        printf("sha384 %s %.0f\n", argv[i], fastest(floor_sha384, CALLS));
    }
    printf("mul_g %.0f\n", fastest(floor_mul_g, CALLS));
    printf("verify %.0f\n", fastest(floor_verify, CALLS));
    printf("sign %.0f\n", fastest(floor_sign, CALLS));
    return 0;
}
