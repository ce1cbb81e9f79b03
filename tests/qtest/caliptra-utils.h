/*
 * QTest helpers for the Caliptra 1.x SoC interface, parameterised by the
 * base address of Caliptra's APB window (mbox_csr) in the machine's map.
 *
 * Register offsets are written out from caliptra-rtl's SystemRDL
 * (mbox_csr.rdl, sha512_acc_csr.rdl, soc_ifc_reg.rdl), independently of
 * the model's own register map; caliptra-utils.c checks at build time
 * that the two agree.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TESTS_CALIPTRA_UTILS_H
#define TESTS_CALIPTRA_UTILS_H

#include "qemu/bswap.h"
#include "libqtest.h"

/* Blocks, relative to the window base (Caliptra APB 0x3002_0000) */
#define CPTRA_MBOX              0x00000
#define CPTRA_SHA               0x01000
#define CPTRA_SOC               0x10000

/* mbox_csr */
#define MBOX_LOCK               0x00
#define MBOX_USER               0x04
#define MBOX_CMD                0x08
#define MBOX_DLEN               0x0c
#define MBOX_DATAIN             0x10
#define MBOX_DATAOUT            0x14
#define MBOX_EXECUTE            0x18
#define MBOX_STATUS             0x1c
#define MBOX_UNLOCK             0x20
#define  MBOX_STATUS_STATUS(v)  ((v) & 0xf)
#define  MBOX_STATUS_FSM(v)     (((v) >> 6) & 7)
#define  MBOX_STATUS_SOC_LOCK   (1u << 9)
#define  MBOX_STATUS_RDPTR(v)   (((v) >> 10) & 0x7fff)
#define CMD_BUSY                0
#define DATA_READY              1
#define CMD_COMPLETE            2
#define CMD_FAILURE             3
#define FSM_IDLE                0
#define FSM_RDY_FOR_CMD         1
#define FSM_RDY_FOR_DATA        2
#define FSM_RDY_FOR_DLEN        3
#define FSM_EXECUTE_SOC         4
#define FSM_EXECUTE_UC          6
#define FSM_ERROR               7

/* sha512_acc_csr */
#define SHA_LOCK                0x00
#define SHA_USER                0x04
#define SHA_MODE                0x08
#define  SHA_MODE_SHA384_STREAM 0
#define  SHA_MODE_SHA512_STREAM 1
#define  SHA_MODE_ENDIAN_TOGGLE (1u << 2)
#define SHA_START_ADDRESS       0x0c
#define SHA_DLEN                0x10
#define SHA_DATAIN              0x14
#define SHA_EXECUTE             0x18
#define SHA_STATUS              0x1c
#define  SHA_STATUS_VALID       (1u << 0)
#define  SHA_STATUS_SOC_LOCK    (1u << 1)
#define SHA_DIGEST(i)           (0x20 + 4 * (i))
#define SHA_CONTROL             0x60

/* soc_ifc_reg */
#define HW_ERROR_FATAL          0x000
#define HW_ERROR_NON_FATAL      0x004
#define FW_ERROR_FATAL          0x008
#define FW_ERROR_NON_FATAL      0x00c
#define FW_ERROR_ENC            0x014
#define BOOT_STATUS             0x038
#define FLOW_STATUS             0x03c
#define  FLOW_IDEVID_CSR_READY  (1u << 24)
#define  FLOW_BOOT_FSM(v)       (((v) >> 25) & 7)
#define  FLOW_READY_FOR_FW      (1u << 28)
#define  FLOW_READY_FOR_RT      (1u << 29)
#define  FLOW_READY_FOR_FUSES   (1u << 30)
#define RESET_REASON            0x040
#define SECURITY_STATE          0x044
#define MBOX_VALID_PAUSER(i)    (0x048 + 4 * (i))
#define MBOX_PAUSER_LOCK(i)     (0x05c + 4 * (i))
#define TRNG_VALID_PAUSER       0x070
#define TRNG_PAUSER_LOCK        0x074
#define TRNG_DATA(i)            (0x078 + 4 * (i))
#define TRNG_STATUS             0x0ac
#define  TRNG_DATA_REQ          (1u << 0)
#define  TRNG_DATA_WR_DONE      (1u << 1)
#define FUSE_WR_DONE            0x0b0
#define BOOTFSM_GO              0x0b8
#define DBG_MANUF_SERVICE_REG   0x0bc
#define HW_REV_ID               0x0d4
#define FW_REV_ID(i)            (0x0d8 + 4 * (i))
#define HW_CONFIG               0x0e0
#define FUSE_VALID_PAUSER       0x108
#define FUSE_PAUSER_LOCK        0x10c
#define FUSE_UDS_SEED(i)        (0x200 + 4 * (i))
#define FUSE_FIELD_ENTROPY(i)   (0x230 + 4 * (i))
#define FUSE_KEY_MANIFEST_PK_HASH(i) (0x250 + 4 * (i))
#define FUSE_KEY_MANIFEST_PK_HASH_MASK 0x280
#define FUSE_OWNER_PK_HASH(i)   (0x284 + 4 * (i))
#define FUSE_SOC_STEPPING_ID    0x348

#define BOOT_FSM_FUSE           1
#define BOOT_FSM_WAIT           3
#define BOOT_FSM_DONE           4

typedef struct CaliptraDev {
    QTestState *qts;
    uint64_t base;
    const char *qom_path;
} CaliptraDev;

uint32_t cptra_rd(CaliptraDev *d, uint32_t off);
void cptra_wr(CaliptraDev *d, uint32_t off, uint32_t val);
#define mbox_rd(d, r)       cptra_rd(d, CPTRA_MBOX + (r))
#define mbox_wr(d, r, v)    cptra_wr(d, CPTRA_MBOX + (r), v)
#define sha_rd(d, r)        cptra_rd(d, CPTRA_SHA + (r))
#define sha_wr(d, r, v)     cptra_wr(d, CPTRA_SHA + (r), v)
#define soc_rd(d, r)        cptra_rd(d, CPTRA_SOC + (r))
#define soc_wr(d, r, v)     cptra_wr(d, CPTRA_SOC + (r), v)

uint32_t cptra_mbox_fsm(CaliptraDev *d);
/* Pulse cptra_rst_b */
void cptra_warm_reset(CaliptraDev *d);
/*
 * Release Caliptra's ROM as a bootmcu would: write the fuses, FUSE_WR_DONE,
 * BOOTFSM_GO, serve TRNG requests, until FLOW_STATUS has @flow_bits.
 */
void cptra_boot_to(CaliptraDev *d, uint32_t flow_bits);
/* Answer TRNG requests until @flow_bits are set (or give up) */
bool cptra_wait_flow(CaliptraDev *d, uint32_t flow_bits);
/* Feed the TRNG if Caliptra asks; returns whether it did */
bool cptra_serve_trng(CaliptraDev *d);

/* Mailbox checksum: 0 - (bytes of cmd (LE) + bytes of data) */
uint32_t cptra_checksum(uint32_t cmd, const void *data, size_t len);
/*
 * One mailbox transaction. @req is sent as is (callers put the checksum
 * word first where the command has one). Returns the final STATUS; the
 * response (if DATA_READY) goes to @resp, its length to @resp_len.
 */
uint32_t cptra_mbox_exec(CaliptraDev *d, uint32_t cmd, const void *req,
                         size_t req_len, void *resp, size_t resp_max,
                         size_t *resp_len);
/* Send header-only request {checksum} for @cmd */
uint32_t cptra_mbox_exec_hdr(CaliptraDev *d, uint32_t cmd, void *resp,
                             size_t resp_max, size_t *resp_len);

/*
 * A runtime command: @body (the request after its checksum word) goes
 * out with the checksum; returns the final STATUS, the response to @resp
 */
uint32_t cptra_rt_exec(CaliptraDev *d, uint32_t cmd, const void *body,
                       size_t body_len, void *resp, size_t resp_max,
                       size_t *resp_len);

/* ast2700fc: Caliptra's APB window in the Cortex-A35 map */
#define AST2700_CALIPTRA_BASE   0x14c60000
#define AST2700_CALIPTRA_SIZE   0x20000
#define AST2700_CALIPTRA_QOM    "/machine/caliptra"

/* Start -M ast2700fc (with @extra options) and reach its Caliptra */
CaliptraDev *cptra_start(const char *extra);
void cptra_stop(CaliptraDev *d);
/* Boot to READY_FOR_FW, then FIRMWARE_LOAD bundle @b; the final status */
uint32_t cptra_fw_load(CaliptraDev *d, const uint8_t *b, size_t len);
/* Started, with the ROM at READY_FOR_FW */
CaliptraDev *cptra_start_ready(const char *extra);

/* The ROM's and the runtime's mailbox commands (api/src/mailbox.rs) */
#define CMD_FIRMWARE_LOAD       0x46574c44
#define CMD_CAPABILITIES        0x43415053
#define CMD_VERSION             0x46505652
#define CMD_SELF_TEST_START     0x46504c54
#define CMD_SELF_TEST_RESULTS   0x46504c67
#define CMD_SHUTDOWN            0x46505344
#define CMD_STASH_MEASUREMENT   0x4d454153
/* ... and the runtime's; caliptra-utils.c checks them against the model */
#define CMD_ECDSA384_VERIFY     0x53494756
#define CMD_GET_IDEV_INFO       0x49444549
#define CMD_GET_IDEVID_CSR      0x49444352
#define CMD_GET_LDEV_CERT       0x4c444556
#define CMD_GET_FMC_ALIAS_CERT  0x43455246
#define CMD_GET_FMC_ALIAS_CSR   0x464d4352
#define CMD_GET_RT_ALIAS_CERT   0x43455252
#define CMD_QUOTE_PCRS          0x50435251
#define CMD_EXTEND_PCR          0x50435245
#define CMD_INCREMENT_PCR_RESET_COUNTER 0x50435252
#define CMD_SET_AUTH_MANIFEST   0x41544d4e
#define CMD_AUTHORIZE_AND_STASH 0x41545348
#define CMD_LMS_VERIFY          0x4c4d5356
#define CMD_FW_INFO             0x494e464f
#define CMD_GET_IDEV_CERT       0x49444543
#define CMD_DISABLE_ATTESTATION 0x4453424c
#define CMD_INVOKE_DPE          0x44504543
#define CMD_DPE_TAG_TCI         0x54514754
#define CMD_DPE_GET_TAGGED_TCI  0x47544744
#define CMD_CERTIFY_KEY_EXT     0x434b4558
#define CMD_ADD_SUBJECT_ALT     0x414c544e
#define CMD_POPULATE_IDEV_CERT  0x49444550
#define CMD_SIGN_EXPORTED       0x53574545

/* A little-endian word of a response */
static inline uint32_t cptra_le32(const void *p)
{
    return ldl_le_p(p);
}

/* A response's checksum covers everything after it, with command 0 */
void cptra_assert_resp_ok(const uint8_t *resp, size_t len);
/* Caliptra stopped with @code, in both error registers */
void cptra_assert_fatal(CaliptraDev *d, uint32_t code);
/* A message through the SHA accelerator's stream mode, by the SoC */
/* SHA_DIGEST's first @dlen bytes, big-endian words as the digest reads */
void cptra_sha_read_digest(CaliptraDev *d, uint8_t *digest, size_t dlen);
void cptra_sha_stream(CaliptraDev *d, uint32_t mode, const uint8_t *msg,
                      size_t len, uint8_t *digest, size_t dlen);
/* @got as lower-case hex equals @want */
void cptra_assert_hex(const uint8_t *got, const char *want);
extern const char cptra_sha384_abc[];
/* EXECUTE=0 right after taking the lock: ERROR, and its HW error bit */
void cptra_mbox_break_protocol(CaliptraDev *d);
/* ERROR stays, the lock held, whatever the SoC tries and however long */
void cptra_mbox_assert_stuck(CaliptraDev *d);

/* The "status" member of what QMP command @cmd returns */
const char *cptra_qmp_status(QTestState *qts, const char *cmd);
/*
 * Migrate @src's machine to a new one through a file and stop @src;
 * returns the destination, running
 */
/* "file:" URI of this test process's migration stream */
char *cptra_migration_uri(void);
void cptra_migrate_to_file(QTestState *qts, const char *uri);
void cptra_wait_running(QTestState *qts);
CaliptraDev *cptra_migrate(CaliptraDev *src);

/* Set the PAUSER of the test's accesses (the machine's soc-pauser) */
void cptra_set_pauser(CaliptraDev *d, uint32_t pauser);

/*
 * The SoC hashes "abc" with the accelerator (checked against the known
 * digest), then asks runtime about it: the digest is left here
 */
extern uint8_t cptra_sha384_abc_bytes[48];
void cptra_sha_acc_hash_abc(CaliptraDev *d);

/* AUTHORIZE_AND_STASH's auth_req_result values, and its flag */
#define IMAGE_AUTHORIZED        0xdeadc0de
#define IMAGE_NOT_AUTHORIZED    0x21523f21
#define IMAGE_HASH_MISMATCH     0x8bfb95cb
#define AUTH_SKIP_STASH         1
/*
 * AUTHORIZE_AND_STASH of @digest as image @fw_id: returns auth_req_result,
 * or 0 if the command failed; cptra_rt_authorize with AUTH_SKIP_STASH
 */
uint32_t cptra_rt_authorize_flags(CaliptraDev *d, uint32_t fw_id,
                                  const uint8_t digest[48], uint32_t source,
                                  uint32_t flags);
uint32_t cptra_rt_authorize(CaliptraDev *d, uint32_t fw_id,
                            const uint8_t digest[48], uint32_t source);

/* QUOTE_PCRS's response: its size and where the fields after the PCRs are */
#define QUOTE_RESP_SIZE         (8 + 32 * 48 + 32 + 48 + 32 * 4 + 96)
#define QUOTE_NONCE             (8 + 32 * 48)
#define QUOTE_DIGEST            (QUOTE_NONCE + 32)
#define QUOTE_RESET_CTRS        (QUOTE_DIGEST + 48)
#define QUOTE_SIG               (QUOTE_RESET_CTRS + 32 * 4)
/* QUOTE_PCRS with @nonce, checked; the QUOTE_RESP_SIZE bytes to @resp */
void cptra_quote(CaliptraDev *d, const uint8_t nonce[32], uint8_t *resp);
/*
 * Runtime command @cmd with a u32 argument, then @data_len (up to 48)
 * bytes of @data; returns the final STATUS
 */
uint32_t cptra_rt_cmd_u32(CaliptraDev *d, uint32_t cmd, uint32_t arg,
                          const uint8_t *data, size_t data_len);
/* The certificate that GET_*_CERT command @cmd answers, to @cert; its size */
size_t cptra_get_cert(CaliptraDev *d, uint32_t cmd, uint8_t *cert);

#endif /* TESTS_CALIPTRA_UTILS_H */
