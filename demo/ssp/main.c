/*
 * A bare-metal Cortex-M4 program for the SSP of the ast2700fc demo.
 *
 * The bootmcu copies it to the SSP's DRAM window and releases the SSP
 * only once Caliptra authorized it (fw_id 13). It then reaches Caliptra
 * as ASPEED's SSP firmware does, through IPC1 (its window 2) and the
 * shared DRAM: FW_INFO, and SHA384_DIGEST of "abc" (FIPS 180-2's
 * example), on buffers of its own in the second half of the shared
 * windows. It prints what it gets on its UART (UART4) and leaves a
 * result block in DRAM for the A35 program, which waits for it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdint.h>
#include <stddef.h>

#define UART4           0x72C1A000UL    /* 16550, registers 4 bytes apart */
#define UART_LSR        (5 * 4)
#define  UART_LSR_THRE  0x20

/*
 * IPC1 window 2, the SSP's, at the IO die's address + 0x60000000: requests
 * at +0x000, the bootmcu's replies at +0x100; the Caliptra service is id 1
 */
#define IPC_TX          (0x74C39000UL + 2 * 0x200)
#define IPC_RX          (IPC_TX + 0x100)
#define IPC_TRIG        0x00
#define IPC_ENABLE      0x04
#define IPC_STATUS      0x08
#define IPC_DATA        (0x10 + 0x20 * IPC_ID)
#define IPC_ID          1

/*
 * The shared windows' second halves (the A35 program uses the first),
 * as the bootmcu addresses them and as the SSP sees them through the
 * window the bootmcu opened at 0x4_2C00_0000
 */
#define SSP_WINDOW      0x42C000000ULL
#define A35_IN          0x431880000ULL
#define A35_OUT         0x431980000ULL
#define BMCU_IN         0xB1880000u
#define BMCU_OUT        0xB1980000u
#define HALF            0x80000u
#define SSP_IN          ((uint32_t)(A35_IN - SSP_WINDOW) + HALF)
#define SSP_OUT         ((uint32_t)(A35_OUT - SSP_WINDOW) + HALF)

/* What the A35 program reads at 0x4_2C10_0000: magic, then the result */
#define SSP_RESULT      0x00100000u
#define SSP_RESULT_MAGIC 0x21505353u    /* "SSP!" */

/* ASPEED's command numbers (aspeed_app cptra/cptra.h) */
#define IPC_SHA384_DIGEST   1
#define IPC_FW_INFO         17

void ssp_reset(void);
extern uint32_t ssp_stack_top[];

static void ssp_hang(void)
{
    for (;;) {
        __asm__ volatile("wfi");
    }
}

/* The initial stack pointer, reset, NMI and the faults */
__attribute__((section(".vectors"), used))
static void (*const vectors[16])(void) = {
    (void (*)(void))ssp_stack_top, ssp_reset,
    ssp_hang, ssp_hang, ssp_hang, ssp_hang, ssp_hang,
};

static inline uint32_t rd(uintptr_t a)
{
    return *(volatile uint32_t *)a;
}

static inline void wr(uintptr_t a, uint32_t v)
{
    *(volatile uint32_t *)a = v;
}

static void putc_(char c)
{
    while (!(rd(UART4 + UART_LSR) & UART_LSR_THRE)) {
    }
    wr(UART4, c);
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

static uint32_t get32(uintptr_t a)
{
    const volatile uint8_t *p = (const volatile uint8_t *)a;

    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Caliptra's checksum over a response: 0 minus the byte sum of its data */
static uint32_t checksum(uintptr_t data, size_t len)
{
    uint32_t sum = 0;

    while (len--) {
        sum += *(const volatile uint8_t *)data++;
    }
    return -sum;
}

/* One request as ASPEED's clients send it; returns the result word */
static int32_t ipc_call(uint32_t cmd)
{
    int32_t result;

    wr(IPC_RX + IPC_ENABLE, rd(IPC_RX + IPC_ENABLE) | 1u << IPC_ID);
    while (!(rd(IPC_TX + IPC_ENABLE) & 1u << IPC_ID) ||
           (rd(IPC_TX + IPC_STATUS) & 1u << IPC_ID)) {
    }
    wr(IPC_TX + IPC_DATA, cmd);
    wr(IPC_TX + IPC_DATA + 4, BMCU_IN + HALF);
    wr(IPC_TX + IPC_DATA + 8, BMCU_OUT + HALF);
    for (int i = 3; i < 8; i++) {
        wr(IPC_TX + IPC_DATA + 4 * i, 0);
    }
    wr(IPC_TX + IPC_TRIG, 1u << IPC_ID);
    while (!(rd(IPC_RX + IPC_STATUS) & 1u << IPC_ID)) {
    }
    result = rd(IPC_RX + IPC_DATA);
    wr(IPC_RX + IPC_STATUS, 1u << IPC_ID);
    return result;
}

static int fw_info(void)
{
    int32_t result = ipc_call(IPC_FW_INFO);

    if (result) {
        puts_("SSP: FW_INFO failed, IPC result ");
        hex(result, 8);
        puts_("\n");
        return -1;
    }
    if (checksum(SSP_OUT + 4, 8 + 256 - 4) != get32(SSP_OUT)) {
        puts_("SSP: FW_INFO: bad response checksum\n");
        return -1;
    }
    puts_("SSP: FW_INFO: runtime svn ");
    dec(get32(SSP_OUT + 12));
    puts_(", runtime SHA-384 ");
    for (int i = 0; i < 12; i++) {
        hex(get32(SSP_OUT + 8 + 160 + 4 * i), 8);
    }
    puts_("\n");
    return 0;
}

/* The SHA accelerator through the bootmcu: {mode, len, in, out len, out} */
static int sha384_abc(void)
{
    int32_t result;

    wr(SSP_IN, 3);                      /* SHA-384 */
    wr(SSP_IN + 4, 3);
    wr(SSP_IN + 8, BMCU_IN + HALF + 20);
    wr(SSP_IN + 12, 48);
    wr(SSP_IN + 16, BMCU_OUT + HALF);
    wr(SSP_IN + 20, 'a' | 'b' << 8 | 'c' << 16);
    result = ipc_call(IPC_SHA384_DIGEST);
    if (result) {
        puts_("SSP: SHA384_DIGEST failed, IPC result ");
        hex(result, 8);
        puts_("\n");
        return -1;
    }
    puts_("SSP: SHA384_DIGEST(\"abc\") ");
    for (int i = 0; i < 48; i++) {
        hex(*(const volatile uint8_t *)(SSP_OUT + i), 2);
    }
    puts_("\n");
    return 0;
}

void ssp_reset(void)
{
    int result;

    puts_("SSP: released by the bootmcu, asking it for Caliptra over IPC\n");
    result = fw_info() || sha384_abc();
    puts_(result ? "SSP: FAILED\n" : "SSP: done\n");
    wr(SSP_RESULT + 4, result);
    /* The A35 reads the result once it sees the magic */
    asm volatile("dmb" ::: "memory");
    wr(SSP_RESULT, SSP_RESULT_MAGIC);
    ssp_hang();
}
