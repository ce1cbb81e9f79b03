/*
 * A bare-metal Cortex-A35 program for the ast2700fc secure-boot demo.
 *
 * It runs only if the bootmcu released the A35, i.e. if Caliptra booted
 * and authorized this very image. It then asks for Caliptra services as
 * ASPEED's U-Boot and Linux do: through IPC1 and the shared DRAM windows,
 * the bootmcu's firmware running each request on Caliptra. FW_INFO,
 * GET_IDEV_CERT with a to-be-signed certificate and signature made with
 * openssl (the test vector of tests/qtest/caliptra-vectors.h),
 * GET_LDEV_CERT, a DPE Sign, and the FIT-style check: SHA384_DIGEST then
 * ECDSA384_VERIFY of that certificate's signature, and of a changed copy.
 * It prints what it gets on UART12 and returns 0 when the certificates
 * are the expected ones, DPE signed, only the good signature passed and
 * the SSP program (demo/ssp), released with it, reported success.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "../common/demo.h"

#define G_GNUC_UNUSED __attribute__((unused))
#include "caliptra-vectors.h"

#define UART12          0x14C33B00UL
const uintptr_t demo_uart = UART12;

/* IPC1 window 1, the non-secure A35's */
#define IPC_WINDOW      0x14C39200UL

#define DPE_CMD_MAGIC   0x44504543      /* "DPEC" */
#define DPE_SIGN        0x0a
#define DPE_PROFILE_P384 4

static uint8_t *const in = (uint8_t *)CPTRA_IPC_NS_CA35_IN;
static const uint8_t *const out =
    (const uint8_t *)CPTRA_IPC_NS_CA35_OUT;

/* One request through the A35's window, on the windows' first halves */
static int32_t a35_call(uint32_t cmd)
{
    return ipc_call(IPC_WINDOW, cmd, CPTRA_IPC_BOOTMCU_IN,
                    CPTRA_IPC_BOOTMCU_OUT);
}

/* A Caliptra command: the result word, then the response's checksum */
static int runtime_call(uint32_t cmd, const char *name)
{
    int32_t result = a35_call(cmd);

    if (result) {
        puts_("A35: ");
        puts_(name);
        puts_(" failed, IPC result ");
        hex(result, 8);
        puts_("\n");
        return -1;
    }
    return 0;
}

static int resp_checked(size_t len)
{
    if (checksum(0, out + 4, len - 4) != get32(out)) {
        puts_("A35: bad response checksum\n");
        return -1;
    }
    return 0;
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
    const uint8_t *p = out + 8;

    if (runtime_call(CPTRA_IPC_FW_INFO, "FW_INFO") ||
        resp_checked(8 + 256)) {
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

/* GET_IDEV_CERT: the request without its checksum, the driver's size */
static int idev_cert(void)
{
    uint32_t size;

    memset(in, 0, 1016);
    put32(in, sizeof(idev_cert_tbs));
    memcpy(in + 4, idev_cert_sig_r, 48);
    memcpy(in + 52, idev_cert_sig_s, 48);
    memcpy(in + 100, idev_cert_tbs, sizeof(idev_cert_tbs));
    if (runtime_call(CPTRA_IPC_GET_IDEV_CERT, "GET_IDEV_CERT")) {
        return -1;
    }
    size = get32(out + 8);
    if (size > 1024 || resp_checked(12 + size)) {
        return -1;
    }
    puts_("A35: GET_IDEV_CERT: ");
    dec(size);
    puts_(" bytes of DER\n");
    for (uint32_t i = 0; i < size; i++) {
        if (i % 32 == 0) {
            puts_("A35:   ");
        }
        hex(out[12 + i], 2);
        if (i % 32 == 31 || i + 1 == size) {
            puts_("\n");
        }
    }
    if (size != sizeof(idev_cert_der)) {
        return -1;
    }
    for (uint32_t i = 0; i < size; i++) {
        if (out[12 + i] != idev_cert_der[i]) {
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
    uint32_t size;

    if (runtime_call(CPTRA_IPC_GET_LDEV_CERT, "GET_LDEV_CERT")) {
        return -1;
    }
    size = get32(out + 8);
    if (size > 1024 || resp_checked(12 + size)) {
        return -1;
    }
    puts_("A35: GET_LDEV_CERT: ");
    dec(size);
    puts_(" bytes of DER, subject serialNumber ");
    for (int i = 0; i < 16; i++) {
        putc_(out[12 + 4 + 229 + i]);
    }
    puts_("...\n");
    if (size != sizeof(caliptra_golden_ldevid_cert)) {
        return -1;
    }
    for (uint32_t i = 0; i < size; i++) {
        if (out[12 + i] != caliptra_golden_ldevid_cert[i]) {
            return -1;
        }
    }
    puts_("A35: the LDevID certificate is byte for byte caliptra-sw 1.2's\n");
    return 0;
}

/*
 * DPE Sign with the default context, as BMC firmware attesting itself
 * would: INVOKE_DPE_COMMAND { data_size, DPE header, handle, label,
 * flags, digest } (the bundle makes the bootmcu's PAUSER the PL0 one)
 */
static int dpe_sign(void)
{
    static const char digest[48] = "caliptra-qemu demo: a digest to sign";
    uint8_t *cmd = in + 4;

    memset(in, 0, 260);
    put32(in, 12 + 116);
    put32(cmd, DPE_CMD_MAGIC);
    put32(cmd + 4, DPE_SIGN);
    put32(cmd + 8, DPE_PROFILE_P384);
    memcpy(cmd + 12 + 68, digest, sizeof(digest));
    if (runtime_call(CPTRA_IPC_INVOKE_DPE_COMMAND, "INVOKE_DPE_COMMAND") ||
        get32(out + 8) < 124 || resp_checked(12 + get32(out + 8)) ||
        get32(out + 12 + 4) != 0) {
        return -1;
    }
    print_words("A35: DPE Sign r ", out + 12 + 28, 12);
    print_words("A35:          s ", out + 12 + 76, 12);
    return 0;
}

/*
 * What U-Boot's FIT check does through Caliptra: SHA384_DIGEST of the
 * signed bytes (Caliptra verifies the accelerator's digest), then
 * ECDSA384_VERIFY with the key and signature by pointer. The signed
 * bytes, key and signature: openssl's self-signed certificate of the
 * test vectors, its TBS, its key (the SPKI's uncompressed point), r, s.
 */
static int32_t fit_verify(const uint8_t *tbs, uint32_t len,
                          const uint8_t *xy)
{
    int32_t result;

    put32(in, 3);                       /* SHA-384 */
    put32(in + 4, len);
    put32(in + 8, CPTRA_IPC_BOOTMCU_IN + 20);
    put32(in + 12, 48);
    put32(in + 16, CPTRA_IPC_BOOTMCU_OUT);
    memcpy(in + 20, tbs, len);
    result = a35_call(CPTRA_IPC_SHA384_DIGEST);
    if (result) {
        return result;
    }
    for (int i = 0; i < 5; i++) {
        put32(in + 8 * i, 48);
        put32(in + 8 * i + 4, CPTRA_IPC_BOOTMCU_IN + 40 + 48 * i);
    }
    memcpy(in + 40, xy, 96);
    memcpy(in + 136, idev_cert_sig_r, 48);
    memcpy(in + 184, idev_cert_sig_s, 48);
    return a35_call(CPTRA_IPC_ECDSA384_VERIFY);
}

static int fit_check(void)
{
    static uint8_t tbs[sizeof(idev_cert_tbs)];
    const uint8_t *xy = NULL;
    int32_t good, bad;

    /* BIT STRING of 98 bytes, no unused bits, an uncompressed point */
    for (size_t i = 0; i + 4 + 96 <= sizeof(idev_cert_tbs); i++) {
        if (idev_cert_tbs[i] == 0x03 && idev_cert_tbs[i + 1] == 0x62 &&
            idev_cert_tbs[i + 2] == 0 && idev_cert_tbs[i + 3] == 0x04) {
            xy = idev_cert_tbs + i + 4;
            break;
        }
    }
    if (!xy) {
        return -1;
    }
    good = fit_verify(idev_cert_tbs, sizeof(idev_cert_tbs), xy);
    memcpy(tbs, idev_cert_tbs, sizeof(tbs));
    tbs[sizeof(tbs) - 1] ^= 1;
    bad = fit_verify(tbs, sizeof(tbs), xy);
    puts_("A35: ECDSA384_VERIFY of a signed image: result ");
    hex(good, 8);
    puts_(", one byte changed: result ");
    hex(bad, 8);
    puts_("\n");
    return good == 0 && bad == -1 ? 0 : -1;
}

/* The generic timer, in microseconds */
static uint64_t now_us(void)
{
    uint64_t cnt, frq;

    asm volatile("isb; mrs %0, cntvct_el0" : "=r"(cnt));
    asm volatile("mrs %0, cntfrq_el0" : "=r"(frq));
    return cnt / (frq / 1000000);
}

/*
 * The SSP program's result block, in its DRAM window (SSP address
 * 0x00100000): a magic word once it is done, then 0 for success
 */
#define SSP_RESULT      0x42C100000UL

/*
 * The SSP, released with the A35, asks over IPC too: wait for it. The
 * wait is on the SSP's state only, with no time limit of its own: under
 * TCG on a loaded host the SSP's requests can take any host time, and an
 * SSP that never answers is caught by the harness's watchdog
 * (scripts/demo.py), which then reports the missing result
 */
static int ssp_result(void)
{
    while (rd(SSP_RESULT) != SSP_RESULT_MAGIC) {
        asm volatile("yield");
    }
    /* The SSP writes its result before the magic (demo/ssp) */
    asm volatile("dmb ishld" ::: "memory");
    puts_("A35: the SSP's IPC requests ");
    puts_(rd(SSP_RESULT + 4) ? "failed\n" : "succeeded\n");
    return rd(SSP_RESULT + 4) ? -1 : 0;
}

/*
 * For make bench: the cost of a round trip of a command with no crypto,
 * and of SHA-384 over the whole in window, as the A35 sees them
 */
#define BENCH_TRIPS     10
#define BENCH_SHA_LEN   (0x100000 - 20)

static int ipc_bench(void)
{
    uint64_t t0, t1;
    int32_t result = 0;

    t0 = now_us();
    for (int i = 0; i < BENCH_TRIPS && !result; i++) {
        result = a35_call(CPTRA_IPC_CAPABILITIES);
    }
    t1 = now_us();
    if (result) {
        return -1;
    }
    puts_("A35: bench: CAPABILITIES round trip ");
    dec((t1 - t0) / BENCH_TRIPS);
    puts_(" us\n");

    put32(in, 3);
    put32(in + 4, BENCH_SHA_LEN);
    put32(in + 8, CPTRA_IPC_BOOTMCU_IN + 20);
    put32(in + 12, 48);
    put32(in + 16, CPTRA_IPC_BOOTMCU_OUT);
    for (uint32_t i = 0; i < BENCH_SHA_LEN; i++) {
        in[20 + i] = i * 7 + (i >> 11);
    }
    t0 = now_us();
    result = a35_call(CPTRA_IPC_SHA384_DIGEST);
    t1 = now_us();
    if (result) {
        return -1;
    }
    puts_("A35: bench: SHA384_DIGEST of ");
    dec(BENCH_SHA_LEN);
    puts_(" bytes ");
    dec(t1 - t0);
    puts_(" us, digest ");
    for (int i = 0; i < 48; i++) {
        hex(out[i], 2);
    }
    puts_("\n");
    return 0;
}

int main(void)
{
    puts_("A35: released by the bootmcu, asking it for Caliptra over IPC\n");
    /*
     * The FIT-style check after the SSP is done: Caliptra's
     * ECDSA384_VERIFY checks the SHA accelerator's last digest, and the
     * SSP's SHA384_DIGEST between the A35's two requests would be it
     */
    if (fw_info() || idev_cert() || ldev_cert() || dpe_sign() ||
        ssp_result() || fit_check() || ipc_bench()) {
        puts_("A35: FAILED\n");
        return 1;
    }
    puts_("A35: done\n");
    return 0;
}
