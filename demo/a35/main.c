/*
 * A bare-metal Cortex-A35 program for the ast2700fc secure-boot demo.
 *
 * It runs only if the bootmcu released the A35, i.e. if Caliptra booted
 * and authorized this very image. It then talks to Caliptra runtime as
 * BMC firmware would, over the mailbox at 0x14C60000: FW_INFO, and
 * GET_IDEV_CERT with a to-be-signed certificate and signature made with
 * openssl (the test vector of tests/qtest/caliptra-vectors.h),
 * GET_LDEV_CERT, and a DPE Sign (the demo's bundle makes the A35's PAUSER
 * the PL0 one). It prints what it gets on UART12 and returns 0 when the
 * certificates are the expected ones and DPE signed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdint.h>
#include <stddef.h>

#define G_GNUC_UNUSED __attribute__((unused))
#include "caliptra-vectors.h"

#define UART12          0x14C33B00UL    /* 16550, registers 4 bytes apart */
#define UART_LSR        (5 * 4)
#define  UART_LSR_THRE  0x20

#define MBOX            0x14C60000UL
#define MBOX_LOCK       0x00
#define MBOX_CMD        0x08
#define MBOX_DLEN       0x0c
#define MBOX_DATAIN     0x10
#define MBOX_DATAOUT    0x14
#define MBOX_EXECUTE    0x18
#define MBOX_STATUS     0x1c
#define SOC_IFC         (MBOX + 0x10000)
#define FW_ERROR_NON_FATAL 0x00c

#define CMD_FW_INFO     0x494e464f      /* "INFO" */
#define CMD_GET_IDEV_CERT 0x49444543    /* "IDEC" */
#define CMD_GET_LDEV_CERT 0x4c444556    /* "LDEV" */
#define CMD_INVOKE_DPE  0x44504543      /* "DPEC" */
#define DPE_CMD_MAGIC   0x44504543      /* "DPEC" too */
#define DPE_SIGN        0x0a
#define DPE_PROFILE_P384 4

#define IDEV_CERT_REQ_SIZE 1020         /* chk, tbs_size, r, s, tbs[916] */

static inline uint32_t rd(uintptr_t a)
{
    return *(volatile uint32_t *)a;
}

static inline void wr(uintptr_t a, uint32_t v)
{
    *(volatile uint32_t *)a = v;
}

/* No libc: the few helpers the compiler may also call on its own */
void *memset(void *d, int c, size_t n)
{
    unsigned char *p = d;

    while (n--) {
        *p++ = c;
    }
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;

    while (n--) {
        *p++ = *q++;
    }
    return d;
}

static void putc_(char c)
{
    while (!(rd(UART12 + UART_LSR) & UART_LSR_THRE)) {
    }
    wr(UART12, c);
}

static void puts_(const char *s)
{
    while (*s) {
        if (*s == '\n') {
            putc_('\r');
        }
        putc_(*s++);
    }
}

static void hex(uint32_t v, int digits)
{
    for (int i = digits - 1; i >= 0; i--) {
        putc_("0123456789abcdef"[(v >> (4 * i)) & 0xf]);
    }
}

static void dec(uint32_t v)
{
    char buf[11];
    int n = 0;

    do {
        buf[n++] = '0' + v % 10;
        v /= 10;
    } while (v);
    while (n) {
        putc_(buf[--n]);
    }
}

static uint32_t get32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

/* Caliptra's checksum: 0 minus the byte sum of command id and data */
static uint32_t checksum(uint32_t cmd, const uint8_t *data, size_t len)
{
    uint32_t sum = 0;

    for (int i = 0; i < 4; i++) {
        sum += (cmd >> (8 * i)) & 0xff;
    }
    while (len--) {
        sum += *data++;
    }
    return -sum;
}

static uint8_t req[IDEV_CERT_REQ_SIZE];
static uint8_t resp[1024];

/* One mailbox transaction as libcaliptra does it; returns resp length */
static long mbox_exec(uint32_t cmd, size_t len)
{
    uint32_t status, dlen;

    put32(req, checksum(cmd, req + 4, len - 4));
    while (rd(MBOX + MBOX_LOCK) & 1) {
    }
    wr(MBOX + MBOX_CMD, cmd);
    wr(MBOX + MBOX_DLEN, len);
    for (size_t i = 0; i < len; i += 4) {
        wr(MBOX + MBOX_DATAIN, get32(req + i));
    }
    wr(MBOX + MBOX_EXECUTE, 1);
    do {
        status = rd(MBOX + MBOX_STATUS) & 0xf;
    } while (status == 0);
    if (status != 1) {
        wr(MBOX + MBOX_EXECUTE, 0);
        puts_("A35: command failed, Caliptra error 0x");
        hex(rd(SOC_IFC + FW_ERROR_NON_FATAL), 8);
        puts_("\n");
        return -1;
    }
    dlen = rd(MBOX + MBOX_DLEN);
    if (dlen > sizeof(resp) || dlen < 8) {
        wr(MBOX + MBOX_EXECUTE, 0);
        return -1;
    }
    for (uint32_t i = 0; i < dlen; i += 4) {
        put32(resp + i, rd(MBOX + MBOX_DATAOUT));
    }
    wr(MBOX + MBOX_EXECUTE, 0);
    if (checksum(0, resp + 4, dlen - 4) != get32(resp)) {
        puts_("A35: bad response checksum\n");
        return -1;
    }
    return dlen;
}

static void print_words(const char *label, const uint8_t *p, int n)
{
    puts_(label);
    for (int i = 0; i < n; i++) {
        hex(get32(p + 4 * i), 8);
    }
    puts_("\n");
}

static int fw_info(void)
{
    const uint8_t *p = resp + 8;

    memset(req, 0, sizeof(req));
    if (mbox_exec(CMD_FW_INFO, 4) < 8 + 256) {
        return -1;
    }
    puts_("A35: FW_INFO: runtime svn ");
    dec(get32(p + 4));
    puts_(", min svn ");
    dec(get32(p + 8));
    puts_(", fmc svn ");
    dec(get32(p + 12));
    puts_("\n");
    print_words("A35:   FMC SHA-384     ", p + 112, 12);
    print_words("A35:   runtime SHA-384 ", p + 160, 12);
    print_words("A35:   owner key hash  ", p + 208, 12);
    return 0;
}

static int idev_cert(void)
{
    long len;
    uint32_t size;

    memset(req, 0, sizeof(req));
    put32(req + 4, sizeof(idev_cert_tbs));
    memcpy(req + 8, idev_cert_sig_r, 48);
    memcpy(req + 56, idev_cert_sig_s, 48);
    memcpy(req + 104, idev_cert_tbs, sizeof(idev_cert_tbs));
    len = mbox_exec(CMD_GET_IDEV_CERT, sizeof(req));
    if (len < 12) {
        return -1;
    }
    size = get32(resp + 8);
    puts_("A35: GET_IDEV_CERT: ");
    dec(size);
    puts_(" bytes of DER\n");
    for (uint32_t i = 0; i < size && 12 + i < (uint32_t)len; i++) {
        if (i % 32 == 0) {
            puts_("A35:   ");
        }
        hex(resp[12 + i], 2);
        if (i % 32 == 31 || i + 1 == size) {
            puts_("\n");
        }
    }
    if (size != sizeof(idev_cert_der)) {
        return -1;
    }
    for (uint32_t i = 0; i < size; i++) {
        if (resp[12 + i] != idev_cert_der[i]) {
            return -1;
        }
    }
    puts_("A35: the certificate is byte for byte openssl's\n");
    return 0;
}

/*
 * The LDevID certificate Caliptra made from the fused secrets: with
 * caliptra-sw's default UDS and field entropy (the demo fuses them), it
 * is the one caliptra-sw's own tests expect
 */
static int ldev_cert(void)
{
    long len = mbox_exec(CMD_GET_LDEV_CERT, 4);
    uint32_t size;

    if (len < 12) {
        return -1;
    }
    size = get32(resp + 8);
    puts_("A35: GET_LDEV_CERT: ");
    dec(size);
    puts_(" bytes of DER, subject serialNumber ");
    for (int i = 0; i < 16; i++) {
        putc_(resp[12 + 4 + 229 + i]);
    }
    puts_("...\n");
    if (size != sizeof(caliptra_golden_ldevid_cert)) {
        return -1;
    }
    for (uint32_t i = 0; i < size; i++) {
        if (resp[12 + i] != caliptra_golden_ldevid_cert[i]) {
            return -1;
        }
    }
    puts_("A35: the LDevID certificate is byte for byte caliptra-sw 1.2's\n");
    return 0;
}

/*
 * DPE Sign with the default context, as BMC firmware attesting itself
 * would: INVOKE_DPE_COMMAND { data_size, DPE header, handle, label,
 * flags, digest }
 */
static int dpe_sign(void)
{
    static const char digest[48] = "caliptra-qemu demo: a digest to sign";
    uint8_t *cmd = req + 8;
    long len;

    memset(req, 0, sizeof(req));
    put32(req + 4, 12 + 116);
    put32(cmd, DPE_CMD_MAGIC);
    put32(cmd + 4, DPE_SIGN);
    put32(cmd + 8, DPE_PROFILE_P384);
    memcpy(cmd + 12 + 68, digest, sizeof(digest));
    len = mbox_exec(CMD_INVOKE_DPE, 8 + 12 + 116);
    if (len < 8 + 4 + 124 || get32(resp + 12 + 4) != 0) {
        return -1;
    }
    print_words("A35: DPE Sign r ", resp + 12 + 28, 12);
    print_words("A35:          s ", resp + 12 + 76, 12);
    return 0;
}

int main(void)
{
    puts_("A35: released by the bootmcu, running the authorized image\n");
    if (fw_info() || idev_cert() || ldev_cert() || dpe_sign()) {
        puts_("A35: FAILED\n");
        return 1;
    }
    puts_("A35: done\n");
    return 0;
}
