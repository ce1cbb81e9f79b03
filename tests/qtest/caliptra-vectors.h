/*
 * Caliptra test data shared by the qtests and unit tests: caliptra-sw's
 * default fuse values (api/types, hw-model) and the identities its
 * integration tests derive from them
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TESTS_CALIPTRA_VECTORS_H
#define TESTS_CALIPTRA_VECTORS_H

/* Register words, word 0 first */
static const uint32_t caliptra_default_uds[12] G_GNUC_UNUSED = {
    0x00010203, 0x04050607, 0x08090a0b, 0x0c0d0e0f, 0x10111213, 0x14151617,
    0x18191a1b, 0x1c1d1e1f, 0x20212223, 0x24252627, 0x28292a2b, 0x2c2d2e2f,
};
static const uint32_t caliptra_default_fe[8] G_GNUC_UNUSED = {
    0x80818283, 0x84858687, 0x88898a8b, 0x8c8d8e8f, 0x90919293, 0x94959697,
    0x98999a9b, 0x9c9d9e9f,
};
static const uint32_t caliptra_default_obf_key[8] G_GNUC_UNUSED = {
    0xa0a1a2a3, 0xb0b1b2b3, 0xc0c1c2c3, 0xd0d1d2d3, 0xe0e1e2e3, 0xf0f1f2f3,
    0xa4a5a6a7, 0xb4b5b6b7,
};

/* IDevID public key x ‖ y for those, debug locked (smoke_test.rs) */
static const char caliptra_default_idevid_pub[] G_GNUC_UNUSED =
    "d7b485f29f115c1cb3046b840b4589b57862f5ebf99d846f"
    "be3fd2d14396f5f69a379a59acc5a2aec8369ecb65904437"
    "b4bc7cd9a5a8403c5bb1915223aa86bef2c1bc92145ffc27"
    "c125c6dbfad49c91e848c544ac7f0e95d6cd8cacfb923fa6";

#endif /* TESTS_CALIPTRA_VECTORS_H */
