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

#include "../common/demo.h"

#define UART4           0x72C1A000UL
const uintptr_t demo_uart = UART4;

/* IPC1 window 2, the SSP's, at the IO die's address + 0x60000000 */
#define IPC_WINDOW      (0x74C39000UL + 2 * 0x200)

/*
 * The shared windows' second halves (the A35 program uses the first),
 * as the bootmcu addresses them and as the SSP sees them through the
 * window the bootmcu opened at 0x4_2C00_0000
 */
#define SSP_WINDOW      0x42C000000ULL
#define HALF            0x80000u
#define SSP_IN  ((uint32_t)(CPTRA_IPC_NS_CA35_IN - SSP_WINDOW) + HALF)
#define SSP_OUT ((uint32_t)(CPTRA_IPC_NS_CA35_OUT - SSP_WINDOW) + HALF)
#define SSP_RESULT      0x00100000u

static uint8_t *const in = (uint8_t *)SSP_IN;
static const uint8_t *const out = (const uint8_t *)SSP_OUT;

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

/* One request through the SSP's window, on the windows' second halves */
static int32_t ssp_call(uint32_t cmd)
{
    return ipc_call(IPC_WINDOW, cmd, CPTRA_IPC_BOOTMCU_IN + HALF,
                    CPTRA_IPC_BOOTMCU_OUT + HALF);
}

static int fw_info(void)
{
    int32_t result = ssp_call(CPTRA_IPC_FW_INFO);

    if (result) {
        puts_("SSP: FW_INFO failed, IPC result ");
        hex(result, 8);
        puts_("\n");
        return -1;
    }
    if (checksum(0, out + 4, 8 + 256 - 4) != get32(out)) {
        puts_("SSP: FW_INFO: bad response checksum\n");
        return -1;
    }
    puts_("SSP: FW_INFO: runtime svn ");
    dec(get32(out + 12));
    puts_(", runtime SHA-384 ");
    for (int i = 0; i < 12; i++) {
        hex(get32(out + 8 + 160 + 4 * i), 8);
    }
    puts_("\n");
    return 0;
}

/* The SHA accelerator through the bootmcu: {mode, len, in, out len, out} */
static int sha384_abc(void)
{
    int32_t result;

    put32(in, 3);                       /* SHA-384 */
    put32(in + 4, 3);
    put32(in + 8, CPTRA_IPC_BOOTMCU_IN + HALF + 20);
    put32(in + 12, 48);
    put32(in + 16, CPTRA_IPC_BOOTMCU_OUT + HALF);
    memcpy(in + 20, "abc", 3);
    result = ssp_call(CPTRA_IPC_SHA384_DIGEST);
    if (result) {
        puts_("SSP: SHA384_DIGEST failed, IPC result ");
        hex(result, 8);
        puts_("\n");
        return -1;
    }
    puts_("SSP: SHA384_DIGEST(\"abc\") ");
    for (int i = 0; i < 48; i++) {
        hex(out[i], 2);
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
