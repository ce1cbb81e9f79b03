/*
 * What the bare-metal demo programs (demo/a35, demo/ssp) share: the
 * console, little-endian words, Caliptra's checksum, and a request to
 * the bootmcu's Caliptra service as ASPEED's clients send it through
 * their IPC1 window. Each program links demo.c and defines demo_uart.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef DEMO_H
#define DEMO_H

#include <stdint.h>
#include <stddef.h>

#include "hw/arm/aspeed_cptra_ipc.h"

/* A 16550 with registers 4 bytes apart; each program names its own */
#define UART_LSR        (5 * 4)
#define  UART_LSR_THRE  0x20
extern const uintptr_t demo_uart;

/*
 * IPC1's window of a peer: requests in the half at +0x000, the
 * bootmcu's replies in the half at +0x100 (include/hw/misc/
 * aspeed_ast27x0_ipc.h); the Caliptra service listens on id
 * CPTRA_IPC_ID. The service's protocol (command numbers, message, shared
 * windows) is the one include/hw/arm/aspeed_cptra_ipc.h defines for the
 * model, a header of plain constants that guest programs can share
 */
#define IPC_REPLY       0x100
#define IPC_TRIG        0x00
#define IPC_ENABLE      0x04
#define IPC_STATUS      0x08
#define IPC_DATA        (0x10 + 0x20 * CPTRA_IPC_ID)

/*
 * The SSP program's result block, at its address 0x00100000 (the A35's
 * 0x4_2C10_0000): this magic word once it is done, then 0 for success
 */
#define SSP_RESULT_MAGIC 0x21505353u    /* "SSP!" */

static inline uint32_t rd(uintptr_t a)
{
    return *(volatile uint32_t *)a;
}

static inline void wr(uintptr_t a, uint32_t v)
{
    *(volatile uint32_t *)a = v;
}

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void putc_(char c);
void puts_(const char *s);
void hex(uint32_t v, int digits);
void dec(uint32_t v);
uint32_t get32(const uint8_t *p);
void put32(uint8_t *p, uint32_t v);
uint32_t checksum(uint32_t cmd, const uint8_t *data, size_t len);
int32_t ipc_call(uintptr_t window, uint32_t cmd, uint32_t in, uint32_t out);

#endif /* DEMO_H */
